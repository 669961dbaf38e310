/* SMB2 TREE_DISCONNECT (MS-SMB2 2.2.11 request, 2.2.12 response). */
#include "wire/tree_disconnect.h"
#include "wire/body.h"

#define TREE_DISCONNECT_SIZE 4

static NTSTATUS decode(struct rd *c, uint16_t *reserved)
{
	uint16_t v;
	NTSTATUS st = smb2_body_size(c, TREE_DISCONNECT_SIZE, "TREE_DISCONNECT.StructureSize");

	if (st)
		return st;
	if (!rd_u16(c, &v))
		return rd_fail(c, "TREE_DISCONNECT.Reserved");
	*reserved = v;
	return STATUS_SUCCESS;
}

static NTSTATUS encode(struct wr *w, uint16_t reserved)
{
	wr_u16(w, TREE_DISCONNECT_SIZE);
	wr_u16(w, reserved);
	return wr_status(w);
}

NTSTATUS smb2_tree_disconnect_req_decode(struct rd *c, struct smb2_tree_disconnect_req *out)
{
	return decode(c, &out->reserved);
}

NTSTATUS smb2_tree_disconnect_req_encode(struct wr *w, const struct smb2_tree_disconnect_req *in)
{
	return encode(w, in->reserved);
}

NTSTATUS smb2_tree_disconnect_rsp_decode(struct rd *c, struct smb2_tree_disconnect_rsp *out)
{
	return decode(c, &out->reserved);
}

NTSTATUS smb2_tree_disconnect_rsp_encode(struct wr *w, const struct smb2_tree_disconnect_rsp *in)
{
	return encode(w, in->reserved);
}
