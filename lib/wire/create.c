/* SMB2 CREATE (MS-SMB2 2.2.13 request, 2.2.14 response). */
#include "wire/body.h"
#include "wire/create.h"

#define CREATE_REQ_SIZE 57
#define CREATE_RSP_SIZE 89
#define CREATE_REQ_FIXED (CREATE_REQ_SIZE - 1)  /* 56 */
#define CREATE_RSP_FIXED (CREATE_RSP_SIZE - 1)  /* 88 */

/* Two buffers of one body may not overlap (empty ones never do). */
static bool overlap(uint64_t a_off, uint64_t a_len, uint64_t b_off, uint64_t b_len)
{
	return a_len && b_len && a_off < b_off + b_len && b_off < a_off + a_len;
}

NTSTATUS smb2_create_req_decode(struct rd *c, struct smb2_create_req *out)
{
	struct smb2_create_req r;
	uint16_t name_off = 0, name_len = 0;
	uint32_t ctx_off = 0, ctx_len = 0;
	NTSTATUS st = smb2_body_size(c, CREATE_REQ_SIZE, "CREATE.StructureSize");

	if (st)
		return st;
	/* MS-SMB2 2.2.13: the Buffer is at least one byte long. */
	if (rd_left(c) < CREATE_REQ_FIXED - 2 + 1)
		return rd_fail(c, "CREATE request body");
	/* Bounded above: every read below succeeds. */
	(void)!rd_u8(c, &r.security_flags);
	(void)!rd_u8(c, &r.requested_oplock_level);
	(void)!rd_u32(c, &r.impersonation_level);
	(void)!rd_u64(c, &r.smb_create_flags);
	(void)!rd_u64(c, &r.reserved);
	(void)!rd_u32(c, &r.desired_access);
	(void)!rd_u32(c, &r.file_attributes);
	(void)!rd_u32(c, &r.share_access);
	(void)!rd_u32(c, &r.create_disposition);
	(void)!rd_u32(c, &r.create_options);
	(void)!rd_u16(c, &name_off);
	(void)!rd_u16(c, &name_len);
	(void)!rd_u32(c, &ctx_off);
	(void)!rd_u32(c, &ctx_len);
	/* MS-SMB2 2.2.13: the name is UTF-16 (an even length) at an 8-byte
	 * aligned offset after the fixed part. */
	if (name_len % 2 != 0) {
		c->pos -= 10;
		return rd_fail(c, "CREATE.NameLength");
	}
	st = rd_buffer(c, name_off, name_len, smb2_fixed_end(CREATE_REQ_SIZE), 8,
	               "CREATE.NameOffset", &r.name);
	if (st)
		return st;
	/* MS-SMB2 2.2.13: CreateContextsOffset points at the first 8-byte
	 * aligned context, after the fixed part and not over the name. */
	st = rd_buffer(c, ctx_off, ctx_len, smb2_fixed_end(CREATE_REQ_SIZE), 8,
	               "CREATE.CreateContextsOffset", &r.contexts_raw);
	if (st)
		return st;
	if (overlap(name_off, name_len, ctx_off, ctx_len))
		return rd_fail(c, "CREATE.CreateContextsOffset");
	st = smb2_create_ctx_list_decode(c, r.contexts_raw, false, &r.contexts);
	if (st)
		return st;
	*out = r;
	return STATUS_SUCCESS;
}

/* Contexts at the next 8-byte boundary; patches offset and length. */
static void put_contexts(struct wr *w, size_t off_pos, const struct smb2_create_ctx_list *l,
                         bool response)
{
	size_t start;

	if (l->count == 0)
		return;
	if (l->count > SMB2_MAX_CREATE_CONTEXTS) {
		w->err = true;
		return;
	}
	wr_align(w, 8);
	start = wr_off(w);
	if (smb2_create_ctx_list_encode(w, l->ctx, l->count, response) != STATUS_SUCCESS ||
	    start > UINT32_MAX || wr_off(w) - start > UINT32_MAX) {
		w->err = true;
		return;
	}
	wr_put_u32_at(w, off_pos, (uint32_t)start);
	wr_put_u32_at(w, off_pos + 4, (uint32_t)(wr_off(w) - start));
}

NTSTATUS smb2_create_req_encode(struct wr *w, const struct smb2_create_req *in)
{
	size_t name_pos, ctx_pos;

	if (in->name.len % 2 != 0 || in->name.len > UINT16_MAX)
		return STATUS_INVALID_PARAMETER;
	wr_u16(w, CREATE_REQ_SIZE);
	wr_u8(w, in->security_flags);
	wr_u8(w, in->requested_oplock_level);
	wr_u32(w, in->impersonation_level);
	wr_u64(w, in->smb_create_flags);
	wr_u64(w, in->reserved);
	wr_u32(w, in->desired_access);
	wr_u32(w, in->file_attributes);
	wr_u32(w, in->share_access);
	wr_u32(w, in->create_disposition);
	wr_u32(w, in->create_options);
	name_pos = w->len;
	wr_u16(w, 0);
	wr_u16(w, 0);
	ctx_pos = w->len;
	wr_u32(w, 0);
	wr_u32(w, 0);
	/* NameOffset points at the Buffer even for an empty name, as Windows
	 * clients send it. */
	wr_put_u16_at(w, name_pos, (uint16_t)wr_off(w));
	wr_put_u16_at(w, name_pos + 2, (uint16_t)in->name.len);
	wr_bytes(w, in->name.p, in->name.len);
	put_contexts(w, ctx_pos, &in->contexts, false);
	/* MS-SMB2 2.2.13: the Buffer is at least one byte long. */
	if (in->name.len == 0 && in->contexts.count == 0)
		wr_u8(w, 0);
	return wr_status(w);
}

NTSTATUS smb2_create_rsp_decode(struct rd *c, struct smb2_create_rsp *out)
{
	struct smb2_create_rsp r;
	uint32_t ctx_off = 0, ctx_len = 0;
	NTSTATUS st = smb2_body_size(c, CREATE_RSP_SIZE, "CREATE.StructureSize");

	if (st)
		return st;
	/* Windows sends no Buffer byte when there are no contexts. */
	if (rd_left(c) < CREATE_RSP_FIXED - 2)
		return rd_fail(c, "CREATE response body");
	/* Bounded above: every read below succeeds. */
	(void)!rd_u8(c, &r.oplock_level);
	(void)!rd_u8(c, &r.flags);
	(void)!rd_u32(c, &r.create_action);
	(void)!rd_u64(c, &r.creation_time);
	(void)!rd_u64(c, &r.last_access_time);
	(void)!rd_u64(c, &r.last_write_time);
	(void)!rd_u64(c, &r.change_time);
	(void)!rd_u64(c, &r.allocation_size);
	(void)!rd_u64(c, &r.end_of_file);
	(void)!rd_u32(c, &r.file_attributes);
	(void)!rd_skip(c, 4); /* Reserved2 */
	(void)!rd_fileid(c, &r.file_id);
	(void)!rd_u32(c, &ctx_off);
	(void)!rd_u32(c, &ctx_len);
	/* MS-SMB2 2.2.14: the first context is 8-byte aligned, after the
	 * fixed part. */
	st = rd_buffer(c, ctx_off, ctx_len, smb2_fixed_end(CREATE_RSP_SIZE), 8,
	               "CREATE.CreateContextsOffset", &r.contexts_raw);
	if (st)
		return st;
	st = smb2_create_ctx_list_decode(c, r.contexts_raw, true, &r.contexts);
	if (st)
		return st;
	*out = r;
	return STATUS_SUCCESS;
}

NTSTATUS smb2_create_rsp_encode(struct wr *w, const struct smb2_create_rsp *in)
{
	size_t ctx_pos;

	wr_u16(w, CREATE_RSP_SIZE);
	wr_u8(w, in->oplock_level);
	wr_u8(w, in->flags);
	wr_u32(w, in->create_action);
	wr_u64(w, in->creation_time);
	wr_u64(w, in->last_access_time);
	wr_u64(w, in->last_write_time);
	wr_u64(w, in->change_time);
	wr_u64(w, in->allocation_size);
	wr_u64(w, in->end_of_file);
	wr_u32(w, in->file_attributes);
	wr_u32(w, 0);
	wr_fileid(w, &in->file_id);
	ctx_pos = w->len;
	wr_u32(w, 0);
	wr_u32(w, 0);
	put_contexts(w, ctx_pos, &in->contexts, true);
	return wr_status(w);
}
