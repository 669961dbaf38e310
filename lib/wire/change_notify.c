/* SMB2 CHANGE_NOTIFY (MS-SMB2 2.2.35 request, 2.2.36 response). */
#include "wire/change_notify.h"
#include "wire/body.h"

#define NOTIFY_REQ_SIZE 32

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
	/* MS-SMB2 2.2.36: OutputBufferOffset counts from the header. */
	return smb2_outbuf_rsp_decode(c, "CHANGE_NOTIFY.StructureSize", "CHANGE_NOTIFY.OutputBuffer",
	                              &out->buffer);
}

NTSTATUS smb2_change_notify_rsp_encode(struct wr *w, const struct smb2_change_notify_rsp *in)
{
	return smb2_outbuf_rsp_encode(w, in->buffer);
}
