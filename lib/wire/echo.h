/* SMB2 ECHO request and response (MS-SMB2 2.2.28, 2.2.29): StructureSize 4
 * and a Reserved field, in both directions. */
#ifndef SMBSIM_WIRE_ECHO_H
#define SMBSIM_WIRE_ECHO_H

#include "wire/cursor.h"
#include "wire/smb2.h"

struct smb2_echo_req {
	uint16_t reserved;
};

struct smb2_echo_rsp {
	uint16_t reserved;
};

WUR NTSTATUS smb2_echo_req_decode(struct rd *c, struct smb2_echo_req *out);
NTSTATUS smb2_echo_req_encode(struct wr *w, const struct smb2_echo_req *in);
WUR NTSTATUS smb2_echo_rsp_decode(struct rd *c, struct smb2_echo_rsp *out);
NTSTATUS smb2_echo_rsp_encode(struct wr *w, const struct smb2_echo_rsp *in);

#endif
