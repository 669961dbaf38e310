/* SMB2 LOGOFF (MS-SMB2 2.2.7 request, 2.2.8 response). */
#include "wire/logoff.h"
#include "wire/body.h"

#define LOGOFF_SIZE 4

static NTSTATUS decode(struct rd *c, uint16_t *reserved)
{
	uint16_t v;
	NTSTATUS st = smb2_body_size(c, LOGOFF_SIZE, "LOGOFF.StructureSize");

	if (st)
		return st;
	if (!rd_u16(c, &v))
		return rd_fail(c, "LOGOFF.Reserved");
	*reserved = v;
	return STATUS_SUCCESS;
}

static NTSTATUS encode(struct wr *w, uint16_t reserved)
{
	wr_u16(w, LOGOFF_SIZE);
	wr_u16(w, reserved);
	return wr_status(w);
}

NTSTATUS smb2_logoff_req_decode(struct rd *c, struct smb2_logoff_req *out)
{
	return decode(c, &out->reserved);
}

NTSTATUS smb2_logoff_req_encode(struct wr *w, const struct smb2_logoff_req *in)
{
	return encode(w, in->reserved);
}

NTSTATUS smb2_logoff_rsp_decode(struct rd *c, struct smb2_logoff_rsp *out)
{
	return decode(c, &out->reserved);
}

NTSTATUS smb2_logoff_rsp_encode(struct wr *w, const struct smb2_logoff_rsp *in)
{
	return encode(w, in->reserved);
}
