/* SMB2 FLUSH request and response (MS-SMB2 2.2.17, 2.2.18). */
#ifndef SMBSIM_WIRE_FLUSH_H
#define SMBSIM_WIRE_FLUSH_H

#include "wire/cursor.h"
#include "wire/smb2.h"

struct smb2_flush_req {
	struct smb2_fileid file_id;
};

/* The response carries only StructureSize and Reserved. */
struct smb2_flush_rsp {
	uint16_t reserved;
};

WUR NTSTATUS smb2_flush_req_decode(struct rd *c, struct smb2_flush_req *out);
NTSTATUS smb2_flush_req_encode(struct wr *w, const struct smb2_flush_req *in);
WUR NTSTATUS smb2_flush_rsp_decode(struct rd *c, struct smb2_flush_rsp *out);
NTSTATUS smb2_flush_rsp_encode(struct wr *w, const struct smb2_flush_rsp *in);

#endif
