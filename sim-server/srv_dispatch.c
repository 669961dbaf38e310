/*
 * The declarative dispatch table (ARCHITECTURE.md sim-server/, the way
 * Samba's smbd_smb2_table declares need_session, need_tcon and the FileId
 * offset) and the generic checks made once for every request (MS-SMB2
 * 3.3.5.2.4 signature, 3.3.5.2.5 credit charge, 3.3.5.2.9 session,
 * 3.3.5.2.11 tree), so that handlers never repeat them.
 */
#include <string.h>

#include "sim-server/srv_int.h"

/* FileId offsets are counted from the SMB2 header (body offset + 64). */
#define FID(body_off) (SMB2_HDR_SIZE + (body_off))

static NTSTATUS not_implemented(struct srv_req *r)
{
	(void)r;
	return STATUS_NOT_IMPLEMENTED;
}

static const struct srv_cmd_def table[SMB2_COMMAND_COUNT] = {
	[SMB2_NEGOTIATE] = {srv_negotiate, false, false, true, false, -1},
	[SMB2_SESSION_SETUP] = {srv_session_setup, false, false, false, false, -1},
	[SMB2_LOGOFF] = {srv_logoff, true, false, false, true, -1},
	[SMB2_TREE_CONNECT] = {srv_tree_connect, true, false, false, false, -1},
	[SMB2_TREE_DISCONNECT] = {srv_tree_disconnect, true, true, false, false, -1},
	[SMB2_CREATE] = {not_implemented, true, true, false, false, -1},
	[SMB2_CLOSE] = {not_implemented, true, true, false, true, FID(8)},
	[SMB2_FLUSH] = {not_implemented, true, true, false, false, FID(8)},
	[SMB2_READ] = {not_implemented, true, true, false, false, FID(16)},
	[SMB2_WRITE] = {not_implemented, true, true, false, false, FID(16)},
	[SMB2_LOCK] = {not_implemented, true, true, false, true, FID(8)},
	[SMB2_IOCTL] = {srv_ioctl, true, true, false, false, FID(8)},
	[SMB2_CANCEL] = {NULL, false, false, false, false, -1},
	[SMB2_ECHO] = {srv_echo, false, false, false, false, -1},
	[SMB2_QUERY_DIRECTORY] = {not_implemented, true, true, false, false, FID(8)},
	[SMB2_CHANGE_NOTIFY] = {not_implemented, true, true, false, false, FID(8)},
	[SMB2_QUERY_INFO] = {not_implemented, true, true, false, false, FID(24)},
	[SMB2_SET_INFO] = {not_implemented, true, true, false, false, FID(16)},
	[SMB2_OPLOCK_BREAK] = {not_implemented, true, true, false, false, FID(8)},
};

const struct srv_cmd_def *srv_cmd_builtin(uint16_t command)
{
	if (command >= SMB2_COMMAND_COUNT || !table[command].fn)
		return NULL;
	return &table[command];
}

void srv_set_handler(struct srv_server *srv, uint16_t command, srv_handler_fn fn)
{
	if (command < SMB2_COMMAND_COUNT && command != SMB2_CANCEL)
		srv->handlers[command] = fn;
}

srv_handler_fn srv_handler_for(struct srv_server *srv, uint16_t command)
{
	if (command >= SMB2_COMMAND_COUNT)
		return NULL;
	return srv->handlers[command] ? srv->handlers[command] : table[command].fn;
}

/* The larger of what a request sends and what it may receive, for the
 * CreditCharge rule of 3.3.5.2.5. */
static uint64_t payload_size(const struct smb2_msg *m)
{
	uint64_t in = 0, out = 0;

	switch (m->hdr.command) {
	case SMB2_READ:
		out = m->u.read_req.length;
		break;
	case SMB2_WRITE:
		in = m->u.write_req.data.len;
		break;
	case SMB2_IOCTL:
		in = (uint64_t)m->u.ioctl_req.input.len + m->u.ioctl_req.output.len;
		out = (uint64_t)m->u.ioctl_req.max_input_response +
		      m->u.ioctl_req.max_output_response;
		break;
	case SMB2_QUERY_DIRECTORY:
		out = m->u.query_directory_req.output_buffer_length;
		break;
	case SMB2_QUERY_INFO:
		in = m->u.query_info_req.input.len;
		out = m->u.query_info_req.output_buffer_length;
		break;
	case SMB2_SET_INFO:
		in = m->u.set_info_req.buffer.len;
		break;
	case SMB2_CHANGE_NOTIFY:
		out = m->u.change_notify_req.output_buffer_length;
		break;
	default:
		break;
	}
	return in > out ? in : out;
}

static NTSTATUS check_charge(struct srv_conn *c, const struct srv_req *r)
{
	uint64_t payload = payload_size(&r->in);
	uint64_t needed = payload ? (payload - 1) / SRV_CREDIT_UNIT + 1 : 1;
	uint16_t charge = r->in.hdr.credit_charge ? r->in.hdr.credit_charge : 1;

	if (c->info.dialect == SMB2_DIALECT_202 ||
	    !(c->info.server_caps & SMB2_GLOBAL_CAP_LARGE_MTU))
		return payload > SRV_CREDIT_UNIT ? STATUS_INVALID_PARAMETER : STATUS_SUCCESS;
	return charge < needed ? STATUS_INVALID_PARAMETER : STATUS_SUCCESS;
}

/* 3.3.5.2.4: NEGOTIATE, SESSION_SETUP (authenticating) and ECHO without a
 * session need no signature. */
static NTSTATUS check_signature(struct srv_req *r, struct srv_session *s)
{
	struct srv_channel *ch;
	struct iovec v;

	if (r->was_encrypted)
		return STATUS_SUCCESS;
	if (!r->was_signed) {
		if (s && s->state == SRV_SESSION_VALID && s->signing_required &&
		    r->command != SMB2_SESSION_SETUP)
			return STATUS_ACCESS_DENIED;
		return STATUS_SUCCESS;
	}
	if (!s)
		return STATUS_USER_SESSION_DELETED;
	ch = srv_session_channel(s, r->conn);
	v.iov_base = (void *)r->raw;
	v.iov_len = r->raw_len;
	/* A binding request comes on a connection the session has no
	 * channel on yet: it is verified with the session's own key
	 * (Session.SigningKey, the session key before 3.0), and 3.3.5.5
	 * answers it. */
	if (!ch && r->command == SMB2_SESSION_SETUP &&
	    (r->in.u.session_setup_req.flags & SMB2_SESSION_FLAG_BINDING) && s->signer)
		return smb2_verify_iov(s->signer, &v, 1) == STATUS_SUCCESS ? STATUS_SUCCESS
		                                                           : STATUS_ACCESS_DENIED;
	if (!ch || !ch->signer)
		return s->state == SRV_SESSION_VALID && !s->guest && !s->anonymous
		               ? STATUS_ACCESS_DENIED
		               : STATUS_SUCCESS;
	return smb2_verify_iov(ch->signer, &v, 1) == STATUS_SUCCESS ? STATUS_SUCCESS
	                                                            : STATUS_ACCESS_DENIED;
}

static NTSTATUS check_session(struct srv_req *r, const struct srv_cmd_def *d,
                              struct srv_session *s)
{
	struct srv_conn *c = r->conn;
	struct srv_server *srv = c->srv;

	if (!s || !srv_session_channel(s, c))
		return STATUS_USER_SESSION_DELETED;
	if (s->state == SRV_SESSION_VALID && s->expires_at && srv_now(srv) >= s->expires_at)
		s->state = SRV_SESSION_EXPIRED;
	if (s->state == SRV_SESSION_EXPIRED && !d->allowed_expired)
		return STATUS_NETWORK_SESSION_EXPIRED;
	if (s->state == SRV_SESSION_IN_PROGRESS && !d->allowed_expired)
		return STATUS_ACCESS_DENIED;
	/* 3.3.5.2.9: an encrypting session refuses plain requests. */
	if (c->info.dialect >= SMB2_DIALECT_300 && s->encrypt_data && !r->was_encrypted &&
	    srv->set.reject_unencrypted)
		return STATUS_ACCESS_DENIED;
	return STATUS_SUCCESS;
}

NTSTATUS srv_dispatch(struct srv_req *r)
{
	struct srv_conn *c = r->conn;
	struct srv_server *srv = c->srv;
	const struct srv_cmd_def *d;
	struct srv_session *s = NULL;
	srv_handler_fn fn;
	NTSTATUS st;

	if (r->command >= SMB2_COMMAND_COUNT || r->command == SMB2_CANCEL)
		return STATUS_INVALID_PARAMETER;
	d = &table[r->command];
	fn = srv_handler_for(srv, r->command);
	if (!c->negotiated && !d->before_negotiate)
		return STATUS_INVALID_PARAMETER;
	if (r->command == SMB2_NEGOTIATE && r->was_signed)
		return STATUS_INVALID_PARAMETER;
	st = check_charge(c, r);
	if (st != STATUS_SUCCESS)
		return st;
	if (r->session_id)
		s = srv_session_lookup(srv, r->session_id);
	if (r->session_id || d->needs_session) {
		st = check_signature(r, s);
		if (st != STATUS_SUCCESS)
			return st;
	}
	if (d->needs_session) {
		st = check_session(r, d, s);
		if (st != STATUS_SUCCESS)
			return st;
		r->session = s;
	}
	if (d->needs_tree) {
		struct srv_tree *t = srv_tree_lookup(s, r->tree_id);
		if (!t)
			return STATUS_NETWORK_NAME_DELETED;
		/* 3.3.5.2.11: a plain request to a share that encrypts is
		 * refused.  The tree encrypts only when its session can
		 * (srv_tree.c); RejectUnencryptedAccess decides, at tree
		 * connect, only for clients that cannot. */
		if (t->encrypt_data && !r->was_encrypted && c->info.dialect >= SMB2_DIALECT_300)
			return STATUS_ACCESS_DENIED;
		r->tree = t;
	}
	if (d->fileid_off >= 0 && r->raw_len >= (size_t)d->fileid_off + 16) {
		r->file_id.persistent = le64(r->raw + d->fileid_off);
		r->file_id.volatile_ = le64(r->raw + d->fileid_off + 8);
		if (r->related && r->file_id.persistent == SMB2_FILEID_ANY &&
		    r->file_id.volatile_ == SMB2_FILEID_ANY)
			r->file_id = c->chain.file_id;
	}
	return fn(r);
}
