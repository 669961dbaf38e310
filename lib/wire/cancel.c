/* SMB2 CANCEL (MS-SMB2 2.2.30 request; no response exists). */
#include "wire/body.h"
#include "wire/cancel.h"

#define CANCEL_SIZE 4

NTSTATUS smb2_cancel_req_decode(struct rd *c, struct smb2_cancel_req *out)
{
	uint16_t reserved;
	NTSTATUS st = smb2_body_size(c, CANCEL_SIZE, "CANCEL.StructureSize");

	if (st)
		return st;
	/* MS-SMB2 2.2.30: Reserved (2) */
	if (!rd_u16(c, &reserved))
		return rd_fail(c, "CANCEL.Reserved");
	out->reserved = reserved;
	return STATUS_SUCCESS;
}

NTSTATUS smb2_cancel_req_encode(struct wr *w, const struct smb2_cancel_req *in)
{
	wr_u16(w, CANCEL_SIZE);
	wr_u16(w, in->reserved);
	return wr_status(w);
}
