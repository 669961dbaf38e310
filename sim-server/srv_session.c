/*
 * SESSION_SETUP (MS-SMB2 3.3.5.5) and LOGOFF (3.3.5.6).
 *
 * SPNEGO/NTLMv2 through lib/auth/gensec.h against the configured users;
 * guest and anonymous logons as configured; one MORE_PROCESSING round;
 * the 3.1.1 preauth hash per session (request here, response in the
 * pipeline); keys from lib/crypto/kdf.h; the final response signed with
 * the new session's key and never encrypted.  Reauthentication runs a new
 * exchange on a valid or expired session and keeps its keys (3.3.5.5.3);
 * another user (or a guest turning into a user) is refused with
 * STATUS_ACCESS_DENIED and the session removed, as any failed exchange.
 * A guest session's user is the configured guest account.  A
 * PreviousSessionId of the same user's session removes that session.
 * Binding (multi-channel) is not offered: STATUS_REQUEST_NOT_ACCEPTED.
 */
#include <string.h>
#include <strings.h>

#include <openssl/crypto.h>
#include <openssl/rand.h>

#include "auth/gensec.h"
#include "sim-server/srv_int.h"

NTSTATUS srv_auth_lookup(void *arg, const char *user, const char *domain, uint8_t nt_hash[16])
{
	const struct srv_server *srv = arg;
	const struct srv_settings *set = &srv->set;

	(void)domain;
	for (unsigned i = 0; i < set->user_count; i++)
		if (strcasecmp(set->users[i].name, user) == 0)
		{
			memcpy(nt_hash, set->users[i].nt_hash, 16);
			return STATUS_SUCCESS;
		}
	return STATUS_NO_SUCH_USER;
}

/* 3.3.5.5 steps 1-2: an encrypting server refuses clients that cannot. */
static NTSTATUS check_encryption_possible(const struct srv_conn_info *ci,
                                          const struct srv_settings *set)
{
	if (!set->encrypt || !set->reject_unencrypted)
		return STATUS_SUCCESS;
	if (ci->dialect < SMB2_DIALECT_300 || ci->cipher == SMB2_ENCRYPTION_NONE)
		return STATUS_ACCESS_DENIED;
	return STATUS_SUCCESS;
}

static NTSTATUS make_keys(struct srv_session *s, struct srv_conn *c)
{
	struct srv_conn_info *ci = srv_conn_info(c);
	struct srv_channel *ch = srv_session_channel(s, c);
	uint8_t fixed[4];
	NTSTATUS st;

	st = smb2_derive_keys(ci->dialect, ci->cipher, s->session_key, sizeof(s->session_key),
	                      ci->dialect == SMB2_DIALECT_311 ? s->preauth.value : NULL,
	                      &s->keys);
	if (st != STATUS_SUCCESS)
		return st;
	st = smb2_signer_new(ci->signing_alg, s->keys.signing, SMB2_SIGNING_KEY_SIZE, &s->signer);
	if (st == STATUS_SUCCESS && ch)
		st = smb2_signer_new(ci->signing_alg, s->keys.signing, SMB2_SIGNING_KEY_SIZE,
		                     &ch->signer);
	if (st != STATUS_SUCCESS || ci->dialect < SMB2_DIALECT_300 ||
	    ci->cipher == SMB2_ENCRYPTION_NONE)
		return st;
	st = smb2_cipher_new(ci->cipher, s->keys.s2c, s->keys.cipher_key_len, &s->encryptor);
	if (st == STATUS_SUCCESS)
		st = smb2_cipher_new(ci->cipher, s->keys.c2s, s->keys.cipher_key_len, &s->decryptor);
	if (st == STATUS_SUCCESS && RAND_bytes(fixed, sizeof(fixed)) != 1)
		st = STATUS_INTERNAL_ERROR;
	if (st == STATUS_SUCCESS)
		smb2_nonce_gen_init(&s->nonces, 1, fixed);
	return st;
}

static NTSTATUS finish_logon(struct srv_req *r, struct srv_session *s, bool reauth,
                             uint16_t *flags)
{
	struct srv_conn *c = r->conn;
	struct srv_conn_info *ci = srv_conn_info(c);
	const struct srv_settings *set = srv_server_settings(r->srv);
	const struct ntlmssp_server_result *res = gensec_server_result(s->gensec);
	NTSTATUS st;

	if (!res)
		return STATUS_INTERNAL_ERROR;
	if (reauth) {
		/* 3.3.5.5.3: a reauthentication keeps the keys; the same user
		 * (a guest stays the guest account whatever name it gave). */
		if (res->guest != s->guest || res->anonymous != s->anonymous ||
		    (!res->guest && strcasecmp(res->user, s->user) != 0))
			return STATUS_ACCESS_DENIED;
	} else {
		/* A guest logon (map to guest = bad user) runs as the
		 * configured guest account. */
		snprintf(s->user, sizeof(s->user), "%s", res->guest ? set->guest_account : res->user);
		snprintf(s->domain, sizeof(s->domain), "%s", res->domain);
		s->guest = res->guest;
		s->anonymous = res->anonymous;
		s->has_key = res->has_session_key && !s->guest && !s->anonymous;
		if (s->has_key) {
			memcpy(s->session_key, res->session_key, sizeof(s->session_key));
			st = make_keys(s, c);
			if (st != STATUS_SUCCESS)
				return st;
		}
		s->signing_required =
		        s->has_key && (set->signing_required ||
		                       (ci->client_security_mode & SMB2_NEGOTIATE_SIGNING_REQUIRED));
		s->encrypt_data = s->has_key && set->encrypt && s->encryptor;
	}
	*flags = (s->guest ? SMB2_SESSION_FLAG_IS_GUEST : 0) |
	         (s->anonymous ? SMB2_SESSION_FLAG_IS_NULL : 0) |
	         (s->encrypt_data ? SMB2_SESSION_FLAG_ENCRYPT_DATA : 0);
	s->state = SRV_SESSION_VALID;
	s->expires_at = set->session_expiry_s ? srv_now(r->srv) + set->session_expiry_s : 0;
	if (s->has_key) {
		r->sign_with_session_key = true;
		r->force_sign = true;
	}
	r->no_encrypt = true;
	return STATUS_SUCCESS;
}

/* 3.3.5.5.3: a PreviousSessionId naming another session of the same user
 * removes that session, as a lost connection would (3.3.7.1); another
 * user's session, an unknown id or the session's own are ignored.  The
 * responses of the frame look sessions up by id when sent, so the old
 * one may go now. */
static void drop_previous(struct srv_req *r, const struct srv_session *s, uint64_t prev)
{
	struct srv_session *old;

	if (!prev || prev == s->id || s->guest || s->anonymous)
		return;
	old = srv_session_lookup(r->srv, prev);
	if (!old || old->state == SRV_SESSION_IN_PROGRESS || old->guest || old->anonymous ||
	    strcasecmp(old->user, s->user) != 0)
		return;
	srv_session_free(old);
}

NTSTATUS srv_session_setup(struct srv_req *r)
{
	struct srv_conn *c = r->conn;
	struct srv_conn_info *ci = srv_conn_info(c);
	const struct smb2_session_setup_req *req = &r->in.u.session_setup_req;
	struct smb2_session_setup_rsp rsp;
	struct srv_session *s;
	bool reauth = false;
	struct wr tok;
	NTSTATUS st;

	st = check_encryption_possible(ci, srv_server_settings(r->srv));
	if (st != STATUS_SUCCESS)
		return st;
	if (req->flags & SMB2_SESSION_FLAG_BINDING)
		return STATUS_REQUEST_NOT_ACCEPTED;
	if (r->session_id == 0) {
		st = srv_session_create(c, &s);
		if (st != STATUS_SUCCESS)
			return st;
	} else {
		s = srv_session_lookup(r->srv, r->session_id);
		if (!s || !srv_session_channel(s, c))
			return STATUS_USER_SESSION_DELETED;
		reauth = s->state != SRV_SESSION_IN_PROGRESS;
		if (reauth && !s->gensec)
			smb2_preauth_fork(&ci->preauth, &s->preauth);
	}
	r->rsp_session_id = s->id;
	if (!s->gensec) {
		st = gensec_server_new(&r->srv->auth, &s->gensec);
		if (st != STATUS_SUCCESS) {
			if (!reauth)
				srv_session_free(s);
			return st;
		}
	}
	if (ci->dialect == SMB2_DIALECT_311 &&
	    smb2_preauth_update(&s->preauth, r->raw, r->raw_len) != STATUS_SUCCESS)
		return STATUS_INTERNAL_ERROR;
	wr_init(&tok, SMB2_MAX_SECURITY_BLOB);
	st = gensec_server_step(s->gensec, req->security_buffer.p, req->security_buffer.len, &tok);
	memset(&rsp, 0, sizeof(rsp));
	if (st == STATUS_MORE_PROCESSING_REQUIRED) {
		r->preauth_rsp = true;
	} else if (st == STATUS_SUCCESS) {
		st = finish_logon(r, s, reauth, &rsp.session_flags);
		gensec_server_free(s->gensec);
		s->gensec = NULL;
		if (st == STATUS_SUCCESS)
			drop_previous(r, s, req->previous_session_id);
	}
	if (st != STATUS_SUCCESS && st != STATUS_MORE_PROCESSING_REQUIRED) {
		/* 3.3.5.5.3: a failed authentication removes the session. */
		wr_free(&tok);
		srv_session_free(s);
		return st;
	}
	rsp.security_buffer.p = tok.buf;
	rsp.security_buffer.len = (uint32_t)tok.len;
	{
		NTSTATUS est = smb2_session_setup_rsp_encode(&r->out, &rsp);
		if (est != STATUS_SUCCESS)
			st = est;
	}
	wr_free(&tok);
	return st;
}

NTSTATUS srv_logoff(struct srv_req *r)
{
	struct smb2_logoff_rsp rsp = {0};

	/* Freed once the response is sent (signed with its key). */
	r->session->state = SRV_SESSION_EXPIRED;
	r->session->expires_at = 1;
	r->logoff = true;
	return smb2_logoff_rsp_encode(&r->out, &rsp);
}
