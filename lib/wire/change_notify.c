/* SMB2 CHANGE_NOTIFY (MS-SMB2 2.2.35 request, 2.2.36 response). */
#include "wire/change_notify.h"
#include "wire/body.h"

#define NOTIFY_REQ_SIZE 32
#define NOTIFY_RSP_SIZE 9

NTSTATUS smb2_change_notify_req_decode(struct rd *c, struct smb2_change_notify_req *out)
{
	struct smb2_change_notify_req r;
	NTSTATUS st = smb2_body_size(c, NOTIFY_REQ_SIZE, "CHANGE_NOTIFY.StructureSize");

	if (st)
		return st;
	if (rd_left(c) < NOTIFY_REQ_SIZE - 2)
		return rd_fail(c, "CHANGE_NOTIFY request body");
	/* Bounded above: every read below succeeds. */
	(void)!rd_u16(c, &r.flags);
	(void)!rd_u32(c, &r.output_buffer_length);
	(void)!rd_fileid(c, &r.file_id);
	(void)!rd_u32(c, &r.completion_filter);
	(void)!rd_skip(c, 4); /* Reserved */
	*out = r;
	return STATUS_SUCCESS;
}

NTSTATUS smb2_change_notify_req_encode(struct wr *w, const struct smb2_change_notify_req *in)
{
	wr_u16(w, NOTIFY_REQ_SIZE);
	wr_u16(w, in->flags);
	wr_u32(w, in->output_buffer_length);
	wr_fileid(w, &in->file_id);
	wr_u32(w, in->completion_filter);
	wr_u32(w, 0);
	return wr_status(w);
}

NTSTATUS smb2_change_notify_rsp_decode(struct rd *c, struct smb2_change_notify_rsp *out)
{
	struct smb2_change_notify_rsp r;
	uint16_t off;
	uint32_t len;
	NTSTATUS st = smb2_body_size(c, NOTIFY_RSP_SIZE, "CHANGE_NOTIFY.StructureSize");

	if (st)
		return st;
	if (!rd_u16(c, &off) || !rd_u32(c, &len))
		return rd_fail(c, "CHANGE_NOTIFY response body");
	/* MS-SMB2 2.2.36: OutputBufferOffset counts from the header. */
	st = rd_buffer(c, off, len, smb2_fixed_end(NOTIFY_RSP_SIZE), 1,
	               "CHANGE_NOTIFY.OutputBuffer", &r.buffer);
	if (st)
		return st;
	*out = r;
	return STATUS_SUCCESS;
}

NTSTATUS smb2_change_notify_rsp_encode(struct wr *w, const struct smb2_change_notify_rsp *in)
{
	size_t fixed = w->len;

	wr_u16(w, NOTIFY_RSP_SIZE);
	wr_u16(w, 0);
	wr_u32(w, 0);
	wr_buf16_u32(w, fixed + 2, fixed + 4, in->buffer.p, in->buffer.len);
	if (in->buffer.len == 0)
		wr_u8(w, 0);
	return wr_status(w);
}
