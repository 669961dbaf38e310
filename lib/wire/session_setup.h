/* SMB2 SESSION_SETUP request and response (MS-SMB2 2.2.5, 2.2.6). */
#ifndef SMBSIM_WIRE_SESSION_SETUP_H
#define SMBSIM_WIRE_SESSION_SETUP_H

#include "wire/cursor.h"
#include "wire/smb2.h"

/* MS-SMB2 2.2.5: Flags */
#define SMB2_SESSION_FLAG_BINDING 0x01

/* MS-SMB2 2.2.5: Capabilities (only DFS is defined here; the rest MUST be
 * ignored by the server) */
#define SMB2_SESSION_CAP_DFS 0x00000001u

/* MS-SMB2 2.2.6: SessionFlags */
#define SMB2_SESSION_FLAG_IS_GUEST 0x0001
#define SMB2_SESSION_FLAG_IS_NULL 0x0002
#define SMB2_SESSION_FLAG_ENCRYPT_DATA 0x0004

struct smb2_session_setup_req {
	uint8_t flags;                 /* SMB2_SESSION_FLAG_BINDING */
	uint8_t security_mode;         /* SMB2_NEGOTIATE_SIGNING_* */
	uint32_t capabilities;
	uint32_t channel;              /* MUST be 0 */
	uint64_t previous_session_id;
	struct smb2_blob security_buffer;
};

struct smb2_session_setup_rsp {
	uint16_t session_flags;        /* SMB2_SESSION_FLAG_IS_* */
	struct smb2_blob security_buffer;
};

WUR NTSTATUS smb2_session_setup_req_decode(struct rd *c, struct smb2_session_setup_req *out);
NTSTATUS smb2_session_setup_req_encode(struct wr *w, const struct smb2_session_setup_req *in);
WUR NTSTATUS smb2_session_setup_rsp_decode(struct rd *c, struct smb2_session_setup_rsp *out);
NTSTATUS smb2_session_setup_rsp_encode(struct wr *w, const struct smb2_session_setup_rsp *in);

#endif
