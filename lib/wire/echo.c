/* SMB2 ECHO (MS-SMB2 2.2.28 request, 2.2.29 response). */
#include "wire/body.h"
#include "wire/echo.h"

#define ECHO_SIZE 4

/* Both directions: StructureSize (4), Reserved (2). */
static NTSTATUS echo_decode(struct rd *c, uint16_t *reserved)
{
	uint16_t v;
	NTSTATUS st = smb2_body_size(c, ECHO_SIZE, "ECHO.StructureSize");

	if (st)
		return st;
	if (!rd_u16(c, &v))
		return rd_fail(c, "ECHO.Reserved");
	*reserved = v;
	return STATUS_SUCCESS;
}

static NTSTATUS echo_encode(struct wr *w, uint16_t reserved)
{
	wr_u16(w, ECHO_SIZE);
	wr_u16(w, reserved);
	return wr_status(w);
}

NTSTATUS smb2_echo_req_decode(struct rd *c, struct smb2_echo_req *out)
{
	return echo_decode(c, &out->reserved);
}

NTSTATUS smb2_echo_req_encode(struct wr *w, const struct smb2_echo_req *in)
{
	return echo_encode(w, in->reserved);
}

NTSTATUS smb2_echo_rsp_decode(struct rd *c, struct smb2_echo_rsp *out)
{
	return echo_decode(c, &out->reserved);
}

NTSTATUS smb2_echo_rsp_encode(struct wr *w, const struct smb2_echo_rsp *in)
{
	return echo_encode(w, in->reserved);
}
