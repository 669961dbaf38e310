/* SMB2 CLOSE (MS-SMB2 2.2.15 request, 2.2.16 response). */
#include "wire/close.h"
#include "wire/body.h"

#define CLOSE_REQ_SIZE 24
#define CLOSE_RSP_SIZE 60

NTSTATUS smb2_close_req_decode(struct rd *c, struct smb2_close_req *out)
{
	struct smb2_close_req r;
	NTSTATUS st = smb2_body_size(c, CLOSE_REQ_SIZE, "CLOSE.StructureSize");

	if (st)
		return st;
	if (!rd_u16(c, &r.flags) || !rd_skip(c, 4))
		return rd_fail(c, "CLOSE.Flags");
	if (!rd_fileid(c, &r.file_id))
		return rd_fail(c, "CLOSE.FileId");
	*out = r;
	return STATUS_SUCCESS;
}

NTSTATUS smb2_close_req_encode(struct wr *w, const struct smb2_close_req *in)
{
	wr_u16(w, CLOSE_REQ_SIZE);
	wr_u16(w, in->flags);
	wr_u32(w, 0);
	wr_fileid(w, &in->file_id);
	return wr_status(w);
}

NTSTATUS smb2_close_rsp_decode(struct rd *c, struct smb2_close_rsp *out)
{
	struct smb2_close_rsp r;
	NTSTATUS st = smb2_body_size(c, CLOSE_RSP_SIZE, "CLOSE.StructureSize");

	if (st)
		return st;
	if (rd_left(c) < CLOSE_RSP_SIZE - 2)
		return rd_fail(c, "CLOSE response body");
	/* Bounded above: every read below succeeds. */
	(void)!rd_u16(c, &r.flags);
	(void)!rd_skip(c, 4);
	(void)!rd_u64(c, &r.creation_time);
	(void)!rd_u64(c, &r.last_access_time);
	(void)!rd_u64(c, &r.last_write_time);
	(void)!rd_u64(c, &r.change_time);
	(void)!rd_u64(c, &r.allocation_size);
	(void)!rd_u64(c, &r.end_of_file);
	(void)!rd_u32(c, &r.file_attributes);
	*out = r;
	return STATUS_SUCCESS;
}

NTSTATUS smb2_close_rsp_encode(struct wr *w, const struct smb2_close_rsp *in)
{
	wr_u16(w, CLOSE_RSP_SIZE);
	wr_u16(w, in->flags);
	wr_u32(w, 0);
	wr_u64(w, in->creation_time);
	wr_u64(w, in->last_access_time);
	wr_u64(w, in->last_write_time);
	wr_u64(w, in->change_time);
	wr_u64(w, in->allocation_size);
	wr_u64(w, in->end_of_file);
	wr_u32(w, in->file_attributes);
	return wr_status(w);
}
