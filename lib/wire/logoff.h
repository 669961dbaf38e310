/* SMB2 LOGOFF request and response (MS-SMB2 2.2.7, 2.2.8). */
#ifndef SMBSIM_WIRE_LOGOFF_H
#define SMBSIM_WIRE_LOGOFF_H

#include "wire/cursor.h"
#include "wire/smb2.h"

/* Both bodies are StructureSize (4) and Reserved (2); Reserved is kept so
 * that a tool can show a non-zero value (the receiver ignores it). */
struct smb2_logoff_req {
	uint16_t reserved;
};

struct smb2_logoff_rsp {
	uint16_t reserved;
};

WUR NTSTATUS smb2_logoff_req_decode(struct rd *c, struct smb2_logoff_req *out);
NTSTATUS smb2_logoff_req_encode(struct wr *w, const struct smb2_logoff_req *in);
WUR NTSTATUS smb2_logoff_rsp_decode(struct rd *c, struct smb2_logoff_rsp *out);
NTSTATUS smb2_logoff_rsp_encode(struct wr *w, const struct smb2_logoff_rsp *in);

#endif
