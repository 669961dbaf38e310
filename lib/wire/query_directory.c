/* SMB2 QUERY_DIRECTORY (MS-SMB2 2.2.33 request, 2.2.34 response). */
#include "wire/query_directory.h"
#include "wire/body.h"
#include "wire/infochain.h"

#define QDIR_REQ_SIZE 33

NTSTATUS smb2_query_directory_req_decode(struct rd *c,
                                         struct smb2_query_directory_req *out)
{
	struct smb2_query_directory_req r;
	uint16_t name_off = 0, name_len = 0;
	NTSTATUS st = smb2_body_size(c, QDIR_REQ_SIZE, "QUERY_DIRECTORY.StructureSize");

	if (st)
		return st;
	if (rd_left(c) < QDIR_REQ_SIZE - 1 - 2)
		return rd_fail(c, "QUERY_DIRECTORY request body");
	/* Bounded above: every read below succeeds. */
	(void)!rd_u8(c, &r.file_info_class);
	(void)!rd_u8(c, &r.flags);
	(void)!rd_u32(c, &r.file_index);
	(void)!rd_fileid(c, &r.file_id);
	(void)!rd_u16(c, &name_off);
	(void)!rd_u16(c, &name_len);
	(void)!rd_u32(c, &r.output_buffer_length);
	/* MS-SMB2 2.2.33: FileNameOffset/Length give the Unicode search
	 * pattern, after the fixed part. */
	st = rd_buffer(c, name_off, name_len, smb2_fixed_end(QDIR_REQ_SIZE), 1,
	               "QUERY_DIRECTORY.FileName", &r.pattern);
	if (st)
		return st;
	if (!smb2_utf16_len_ok(name_len))
		return rd_fail(c, "QUERY_DIRECTORY.FileNameLength");
	*out = r;
	return STATUS_SUCCESS;
}

NTSTATUS smb2_query_directory_req_encode(struct wr *w,
                                         const struct smb2_query_directory_req *in)
{
	size_t fixed = w->len;

	wr_u16(w, QDIR_REQ_SIZE);
	wr_u8(w, in->file_info_class);
	wr_u8(w, in->flags);
	wr_u32(w, in->file_index);
	wr_fileid(w, &in->file_id);
	wr_u16(w, 0);                  /* FileNameOffset */
	wr_u16(w, 0);                  /* FileNameLength */
	wr_u32(w, in->output_buffer_length);
	wr_buf16_u16(w, fixed + 24, fixed + 26, in->pattern.p, in->pattern.len);
	if (in->pattern.len == 0)
		wr_u8(w, 0); /* the odd StructureSize's one byte of Buffer */
	return wr_status(w);
}

NTSTATUS smb2_query_directory_rsp_decode(struct rd *c, struct smb2_query_directory_rsp *out)
{
	/* MS-SMB2 2.2.34: OutputBufferOffset counts from the header. */
	return smb2_outbuf_rsp_decode(c, "QUERY_DIRECTORY.StructureSize", "QUERY_DIRECTORY.OutputBuffer",
	                              &out->buffer);
}

NTSTATUS smb2_query_directory_rsp_encode(struct wr *w, const struct smb2_query_directory_rsp *in)
{
	return smb2_outbuf_rsp_encode(w, in->buffer);
}
