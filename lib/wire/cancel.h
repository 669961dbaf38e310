/* SMB2 CANCEL request (MS-SMB2 2.2.30).  There is no CANCEL response: the
 * cancelled request completes (normally with STATUS_CANCELLED) instead. */
#ifndef SMBSIM_WIRE_CANCEL_H
#define SMBSIM_WIRE_CANCEL_H

#include "wire/cursor.h"
#include "wire/smb2.h"

struct smb2_cancel_req {
	uint16_t reserved;
};

WUR NTSTATUS smb2_cancel_req_decode(struct rd *c, struct smb2_cancel_req *out);
NTSTATUS smb2_cancel_req_encode(struct wr *w, const struct smb2_cancel_req *in);

#endif
