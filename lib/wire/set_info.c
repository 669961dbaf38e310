/* SMB2 SET_INFO (MS-SMB2 2.2.39 request, 2.2.40 response). */
#include "wire/set_info.h"
#include "wire/body.h"

#define SINFO_REQ_SIZE 33
#define SINFO_RSP_SIZE 2

NTSTATUS smb2_set_info_req_decode(struct rd *c, struct smb2_set_info_req *out)
{
	struct smb2_set_info_req r;
	uint32_t len = 0;
	uint16_t off = 0;
	NTSTATUS st = smb2_body_size(c, SINFO_REQ_SIZE, "SET_INFO.StructureSize");

	if (st)
		return st;
	if (rd_left(c) < SINFO_REQ_SIZE - 1 - 2)
		return rd_fail(c, "SET_INFO request body");
	/* Bounded above: every read below succeeds. */
	(void)!rd_u8(c, &r.info_type);
	(void)!rd_u8(c, &r.file_info_class);
	(void)!rd_u32(c, &len);
	(void)!rd_u16(c, &off);
	(void)!rd_skip(c, 2); /* Reserved */
	(void)!rd_u32(c, &r.additional_information);
	(void)!rd_fileid(c, &r.file_id);
	/* MS-SMB2 2.2.39: BufferOffset counts from the header; the buffer
	 * follows the fixed part. */
	st = rd_buffer(c, off, len, smb2_fixed_end(SINFO_REQ_SIZE), 1,
	               "SET_INFO.Buffer", &r.buffer);
	if (st)
		return st;
	*out = r;
	return STATUS_SUCCESS;
}

NTSTATUS smb2_set_info_req_encode(struct wr *w, const struct smb2_set_info_req *in)
{
	size_t fixed = w->len;

	wr_u16(w, SINFO_REQ_SIZE);
	wr_u8(w, in->info_type);
	wr_u8(w, in->file_info_class);
	wr_u32(w, 0);   /* BufferLength */
	wr_u16(w, 0);   /* BufferOffset */
	wr_u16(w, 0);   /* Reserved */
	wr_u32(w, in->additional_information);
	wr_fileid(w, &in->file_id);
	wr_buf16_u32(w, fixed + 8, fixed + 4, in->buffer.p, in->buffer.len);
	if (in->buffer.len == 0)
		wr_u8(w, 0);
	return wr_status(w);
}

NTSTATUS smb2_set_info_rsp_decode(struct rd *c, struct smb2_set_info_rsp *out)
{
	NTSTATUS st = smb2_body_size(c, SINFO_RSP_SIZE, "SET_INFO.StructureSize");

	if (st)
		return st;
	out->unused = 0;
	return STATUS_SUCCESS;
}

NTSTATUS smb2_set_info_rsp_encode(struct wr *w, const struct smb2_set_info_rsp *in)
{
	(void)in;
	wr_u16(w, SINFO_RSP_SIZE);
	return wr_status(w);
}
