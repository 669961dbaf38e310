/*
 * ECHO (MS-SMB2 3.3.5.17) and the IOCTL entry point (3.3.5.15): the FSCTLs
 * the core answers itself (VALIDATE_NEGOTIATE_INFO); the others belong to
 * the file and pipe handlers and are not implemented yet.  CANCEL
 * (3.3.5.16) is srv_cancel() in srv_async.c: it has no response.
 */
#include "sim-server/srv_int.h"
#include "wire/ioctl.h"

NTSTATUS srv_echo(struct srv_req *r)
{
	struct smb2_echo_rsp rsp = {0};

	/* 3.3.5.17: an unencrypted ECHO with a SessionId has its session
	 * verified (3.3.5.2.9) although ECHO needs none; a signed one already
	 * was, by the signature check. */
	if (r->session_id && !r->was_encrypted) {
		struct srv_session *s = srv_session_lookup(r->srv, r->session_id);

		if (!s || !srv_session_channel(s, r->conn))
			return STATUS_USER_SESSION_DELETED;
	}
	return smb2_echo_rsp_encode(&r->out, &rsp);
}

NTSTATUS srv_ioctl(struct srv_req *r)
{
	const struct smb2_ioctl_req *io = &r->in.u.ioctl_req;

	if (!(io->flags & SMB2_0_IOCTL_IS_FSCTL))
		return STATUS_NOT_SUPPORTED;
	if (io->ctl_code == FSCTL_VALIDATE_NEGOTIATE_INFO)
		return srv_ioctl_validate_negotiate(r);
	return STATUS_NOT_IMPLEMENTED;
}
