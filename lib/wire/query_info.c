/* SMB2 QUERY_INFO (MS-SMB2 2.2.37 request, 2.2.38 response). */
#include "wire/query_info.h"
#include "wire/body.h"

#define QINFO_REQ_SIZE 41

NTSTATUS smb2_query_info_req_decode(struct rd *c, struct smb2_query_info_req *out)
{
	struct smb2_query_info_req r;
	uint16_t in_off = 0;
	uint32_t in_len = 0;
	NTSTATUS st = smb2_body_size(c, QINFO_REQ_SIZE, "QUERY_INFO.StructureSize");

	if (st)
		return st;
	if (rd_left(c) < QINFO_REQ_SIZE - 1 - 2)
		return rd_fail(c, "QUERY_INFO request body");
	/* Bounded above: every read below succeeds. */
	(void)!rd_u8(c, &r.info_type);
	(void)!rd_u8(c, &r.file_info_class);
	(void)!rd_u32(c, &r.output_buffer_length);
	(void)!rd_u16(c, &in_off);
	(void)!rd_skip(c, 2); /* Reserved */
	(void)!rd_u32(c, &in_len);
	(void)!rd_u32(c, &r.additional_information);
	(void)!rd_u32(c, &r.flags);
	(void)!rd_fileid(c, &r.file_id);
	/* MS-SMB2 2.2.37: InputBufferOffset counts from the header; the input
	 * buffer follows the fixed part. */
	st = rd_buffer(c, in_off, in_len, smb2_fixed_end(QINFO_REQ_SIZE), 1,
	               "QUERY_INFO.InputBuffer", &r.input);
	if (st)
		return st;
	*out = r;
	return STATUS_SUCCESS;
}

NTSTATUS smb2_query_info_req_encode(struct wr *w, const struct smb2_query_info_req *in)
{
	size_t fixed = w->len;

	wr_u16(w, QINFO_REQ_SIZE);
	wr_u8(w, in->info_type);
	wr_u8(w, in->file_info_class);
	wr_u32(w, in->output_buffer_length);
	wr_u16(w, 0);   /* InputBufferOffset */
	wr_u16(w, 0);   /* Reserved */
	wr_u32(w, 0);   /* InputBufferLength */
	wr_u32(w, in->additional_information);
	wr_u32(w, in->flags);
	wr_fileid(w, &in->file_id);
	wr_buf16_u32(w, fixed + 8, fixed + 12, in->input.p, in->input.len);
	if (in->input.len == 0)
		wr_u8(w, 0);
	return wr_status(w);
}

NTSTATUS smb2_query_info_rsp_decode(struct rd *c, struct smb2_query_info_rsp *out)
{
	/* MS-SMB2 2.2.38: OutputBufferOffset counts from the header. */
	return smb2_outbuf_rsp_decode(c, "QUERY_INFO.StructureSize", "QUERY_INFO.OutputBuffer",
	                              &out->buffer);
}

NTSTATUS smb2_query_info_rsp_encode(struct wr *w, const struct smb2_query_info_rsp *in)
{
	return smb2_outbuf_rsp_encode(w, in->buffer);
}
