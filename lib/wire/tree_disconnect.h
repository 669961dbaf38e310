/* SMB2 TREE_DISCONNECT request and response (MS-SMB2 2.2.11, 2.2.12). */
#ifndef SMBSIM_WIRE_TREE_DISCONNECT_H
#define SMBSIM_WIRE_TREE_DISCONNECT_H

#include "wire/cursor.h"
#include "wire/smb2.h"

/* Both bodies are StructureSize (4) and Reserved (2); Reserved is kept so
 * that a tool can show a non-zero value (the receiver ignores it). */
struct smb2_tree_disconnect_req {
	uint16_t reserved;
};

struct smb2_tree_disconnect_rsp {
	uint16_t reserved;
};

WUR NTSTATUS smb2_tree_disconnect_req_decode(struct rd *c, struct smb2_tree_disconnect_req *out);
NTSTATUS smb2_tree_disconnect_req_encode(struct wr *w, const struct smb2_tree_disconnect_req *in);
WUR NTSTATUS smb2_tree_disconnect_rsp_decode(struct rd *c, struct smb2_tree_disconnect_rsp *out);
NTSTATUS smb2_tree_disconnect_rsp_encode(struct wr *w, const struct smb2_tree_disconnect_rsp *in);

#endif
