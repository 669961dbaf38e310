/* FILE_NOTIFY_INFORMATION (MS-FSCC 2.7.1): see notify_info.h. */
#include "wire/notify_info.h"

void smb2_notify_iter_init(struct smb2_notify_iter *it, struct smb2_blob buf)
{
	smb2_chain_iter_init(&it->chain, buf);
}

NTSTATUS smb2_notify_next(struct smb2_notify_iter *it, struct smb2_notify_entry *out)
{
	struct smb2_notify_entry n = { 0 };
	uint32_t name_len = 0;
	struct rd e;
	NTSTATUS st = smb2_chain_next(&it->chain, SMB2_NOTIFY_ALIGN, SMB2_NOTIFY_FIXED, &e);

	if (st)
		return st;
	/* The walker checked the fixed part is there. */
	(void)!rd_u32(&e, &n.action);
	(void)!rd_u32(&e, &name_len);
	if (!smb2_notify_action_valid(n.action)) {
		it->chain.done = true;
		return rd_fail(&e, "NOTIFY.Action");
	}
	if (!smb2_utf16_len_ok(name_len) || name_len > rd_left(&e)) {
		it->chain.done = true;
		return rd_fail(&e, "NOTIFY.FileNameLength");
	}
	n.name.p = e.base + e.pos;
	n.name.len = name_len;
	*out = n;
	return STATUS_SUCCESS;
}

void smb2_notify_builder_init(struct smb2_notify_builder *b, struct wr *w, uint32_t max)
{
	smb2_chain_builder_init(&b->chain, w, SMB2_NOTIFY_ALIGN, max);
}

NTSTATUS smb2_notify_add(struct smb2_notify_builder *b, const struct smb2_notify_entry *e)
{
	struct wr *w = b->chain.w;
	NTSTATUS st;

	if (!smb2_utf16_len_ok(e->name.len) || !smb2_notify_action_valid(e->action))
		return STATUS_INVALID_PARAMETER;
	st = smb2_chain_begin(&b->chain, (size_t)SMB2_NOTIFY_FIXED + e->name.len);
	if (st)
		return st;
	wr_u32(w, 0);
	wr_u32(w, e->action);
	wr_u32(w, e->name.len);
	wr_bytes(w, e->name.p, e->name.len);
	return wr_status(w);
}
