/* SMB2 FLUSH (MS-SMB2 2.2.17 request, 2.2.18 response). */
#include "wire/body.h"
#include "wire/flush.h"

#define FLUSH_REQ_SIZE 24
#define FLUSH_RSP_SIZE 4

NTSTATUS smb2_flush_req_decode(struct rd *c, struct smb2_flush_req *out)
{
	struct smb2_flush_req r;
	NTSTATUS st = smb2_body_size(c, FLUSH_REQ_SIZE, "FLUSH.StructureSize");

	if (st)
		return st;
	/* MS-SMB2 2.2.17: Reserved1 (2), Reserved2 (4), FileId */
	if (!rd_skip(c, 2 + 4))
		return rd_fail(c, "FLUSH.Reserved");
	if (!rd_fileid(c, &r.file_id))
		return rd_fail(c, "FLUSH.FileId");
	*out = r;
	return STATUS_SUCCESS;
}

NTSTATUS smb2_flush_req_encode(struct wr *w, const struct smb2_flush_req *in)
{
	wr_u16(w, FLUSH_REQ_SIZE);
	wr_u16(w, 0);
	wr_u32(w, 0);
	wr_fileid(w, &in->file_id);
	return wr_status(w);
}

NTSTATUS smb2_flush_rsp_decode(struct rd *c, struct smb2_flush_rsp *out)
{
	struct smb2_flush_rsp r;
	NTSTATUS st = smb2_body_size(c, FLUSH_RSP_SIZE, "FLUSH.StructureSize");

	if (st)
		return st;
	/* MS-SMB2 2.2.18: Reserved (2) */
	if (!rd_u16(c, &r.reserved))
		return rd_fail(c, "FLUSH.Reserved");
	*out = r;
	return STATUS_SUCCESS;
}

NTSTATUS smb2_flush_rsp_encode(struct wr *w, const struct smb2_flush_rsp *in)
{
	wr_u16(w, FLUSH_RSP_SIZE);
	wr_u16(w, in->reserved);
	return wr_status(w);
}
