/* FILE_STREAM_INFORMATION chains (MS-FSCC 2.4 FileStreamInformation:
 * entries 8-byte aligned): see fileinfo.h. */
#include "wire/fileinfo.h"

void smb2_stream_iter_init(struct smb2_stream_iter *it, struct smb2_blob buf)
{
	smb2_chain_iter_init(&it->chain, buf);
}

NTSTATUS smb2_stream_next(struct smb2_stream_iter *it, struct smb2_stream_entry *out)
{
	struct smb2_stream_entry s = { 0 };
	uint32_t name_len = 0;
	struct rd e;
	NTSTATUS st = smb2_chain_next(&it->chain, SMB2_STREAM_ALIGN, SMB2_STREAM_FIXED, &e);

	if (st)
		return st;
	/* The walker checked the fixed part is there. */
	(void)!rd_u32(&e, &name_len);
	(void)!rd_u64(&e, &s.size);
	(void)!rd_u64(&e, &s.allocation_size);
	if (!smb2_utf16_len_ok(name_len) || name_len > rd_left(&e)) {
		it->chain.done = true;
		return rd_fail(&e, "STREAM.StreamNameLength");
	}
	s.name.p = e.base + e.pos;
	s.name.len = name_len;
	*out = s;
	return STATUS_SUCCESS;
}

void smb2_stream_builder_init(struct smb2_stream_builder *b, struct wr *w, uint32_t max)
{
	smb2_chain_builder_init(&b->chain, w, SMB2_STREAM_ALIGN, max);
}

NTSTATUS smb2_stream_add(struct smb2_stream_builder *b, const struct smb2_stream_entry *e)
{
	struct wr *w = b->chain.w;
	NTSTATUS st;

	if (!smb2_utf16_len_ok(e->name.len))
		return STATUS_INVALID_PARAMETER;
	st = smb2_chain_begin(&b->chain, (size_t)SMB2_STREAM_FIXED + e->name.len);
	if (st)
		return st;
	wr_u32(w, 0);
	wr_u32(w, e->name.len);
	wr_u64(w, e->size);
	wr_u64(w, e->allocation_size);
	wr_bytes(w, e->name.p, e->name.len);
	return wr_status(w);
}
