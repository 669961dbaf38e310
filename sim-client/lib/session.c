/*
 * NEGOTIATE (MS-SMB2 3.2.4.2.2.2, 3.2.5.2), SESSION_SETUP through
 * lib/auth/gensec.h (3.2.4.2.3, 3.2.5.3), key derivation (3.2.5.3.1),
 * reauthentication and LOGOFF (3.2.4.3, 3.2.5.4).
 */
#include <stdlib.h>
#include <string.h>

#include "auth/gensec.h"
#include "crypto/encrypt.h"
#include "crypto/sign.h"
#include "sim-client/lib/cli_int.h"
#include "sim-client/lib/cli_sync.h"

/* SESSION_SETUP rounds before the client gives up (NTLMSSP needs two). */
#define CLI_MAX_SETUP_ROUNDS 8
/* Salt bytes in the preauth context (MS-SMB2 3.2.4.2.2.2: 32). */
#define CLI_PREAUTH_SALT 32

static const uint16_t all_dialects[] = {
	SMB2_DIALECT_202, SMB2_DIALECT_210, SMB2_DIALECT_300, SMB2_DIALECT_302, SMB2_DIALECT_311,
};

NTSTATUS cli_session_new(struct cli_conn *c, struct cli_session **out)
{
	struct cli_session *s = calloc(1, sizeof(*s));

	if (!s)
		return STATUS_NO_MEMORY;
	s->conn = c;
	s->next = c->sessions;
	c->sessions = s;
	*out = s;
	return STATUS_SUCCESS;
}

void cli_session_free(struct cli_session *s)
{
	struct cli_session **pp;

	if (!s)
		return;
	for (pp = &s->conn->sessions; *pp && *pp != s; pp = &(*pp)->next)
		;
	if (*pp)
		*pp = s->next;
	/* Requests of this session may outlive it: they forget it. */
	for (struct cli_req *r = s->conn->pending; r; r = r->next)
		if (r->sess == s) {
			r->sess = NULL;
			r->tree = NULL;
		}
	gensec_client_free(s->gensec);
	smb2_signer_free(s->signer);
	smb2_cipher_free(s->enc);
	smb2_cipher_free(s->dec);
	smb2_keys_clear(&s->keys);
	memset(s->session_key, 0, sizeof(s->session_key));
	free(s);
}

struct cli_session *cli_session_find(struct cli_conn *c, uint64_t id)
{
	for (struct cli_session *s = c->sessions; s; s = s->next)
		if (s->id == id && id != 0)
			return s;
	return NULL;
}

/* ---- NEGOTIATE -------------------------------------------------------- */

static bool offered(const struct cli_conn *c, uint16_t d)
{
	for (unsigned i = 0; i < c->dialect_count; i++)
		if (c->dialects[i] == d)
			return true;
	return false;
}

static void add_ids(struct smb2_id_list *l, const uint16_t *ids, uint16_t n)
{
	l->count = n;
	memcpy(l->ids, ids, n * sizeof(ids[0]));
}

static NTSTATUS negotiate_result(struct cli_conn *c, const struct cli_req *r)
{
	const struct smb2_negotiate_rsp *n = &r->msg.u.negotiate_rsp;
	NTSTATUS st;

	if (r->msg.kind != SMB2_MSG_RSP(SMB2_NEGOTIATE))
		return STATUS_INVALID_NETWORK_RESPONSE;
	if (!offered(c, n->dialect_revision)) {
		cli_log(c, "server chose dialect 0x%04x, which was not offered", n->dialect_revision);
		return STATUS_INVALID_NETWORK_RESPONSE;
	}
	if (!n->max_read_size || !n->max_write_size || !n->max_transact_size) {
		cli_log(c, "NEGOTIATE response with a zero maximum read, write or transact size");
		return STATUS_INVALID_NETWORK_RESPONSE;
	}
	c->dialect = n->dialect_revision;
	c->server_security_mode = n->security_mode;
	c->server_caps = n->capabilities;
	memcpy(c->server_guid, n->server_guid, 16);
	c->max_read = n->max_read_size < CLI_MAX_IO ? n->max_read_size : CLI_MAX_IO;
	c->max_write = n->max_write_size < CLI_MAX_IO ? n->max_write_size : CLI_MAX_IO;
	c->max_transact = n->max_transact_size < CLI_MAX_IO ? n->max_transact_size : CLI_MAX_IO;
	/* MS-SMB2 3.2.5.2: multi-credit with 2.1+ and LARGE_MTU. */
	c->multi_credit = c->dialect >= SMB2_DIALECT_210 &&
	                  (n->capabilities & SMB2_GLOBAL_CAP_LARGE_MTU);
	c->sign_alg = c->dialect >= SMB2_DIALECT_300 ? SMB2_SIGN_AES_CMAC : SMB2_SIGN_HMAC_SHA256;
	c->cipher = 0;
	if ((c->dialect == SMB2_DIALECT_300 || c->dialect == SMB2_DIALECT_302) &&
	    (n->capabilities & SMB2_GLOBAL_CAP_ENCRYPTION))
		c->cipher = SMB2_CIPHER_AES128_CCM;
	if (c->dialect == SMB2_DIALECT_311) {
		const struct smb2_neg_ctx *x;

		x = smb2_neg_ctx_find(&n->ctx, SMB2_PREAUTH_INTEGRITY_CAPABILITIES);
		if (!x || x->u.preauth.hashes.count != 1 ||
		    x->u.preauth.hashes.ids[0] != SMB2_PREAUTH_INTEGRITY_SHA512) {
			cli_log(c, "3.1.1 NEGOTIATE response without a SHA-512 preauth context");
			return STATUS_INVALID_NETWORK_RESPONSE;
		}
		x = smb2_neg_ctx_find(&n->ctx, SMB2_ENCRYPTION_CAPABILITIES);
		if (x) {
			if (x->u.ciphers.count != 1)
				return STATUS_INVALID_NETWORK_RESPONSE;
			c->cipher = x->u.ciphers.ids[0];
			if (c->cipher && !smb2_cipher_key_len(c->cipher))
				return STATUS_INVALID_NETWORK_RESPONSE;
		}
		x = smb2_neg_ctx_find(&n->ctx, SMB2_SIGNING_CAPABILITIES);
		if (x) {
			if (x->u.signing_algs.count != 1 || x->u.signing_algs.ids[0] > SMB2_SIGN_AES_GMAC)
				return STATUS_INVALID_NETWORK_RESPONSE;
			c->sign_alg = x->u.signing_algs.ids[0];
		}
		st = smb2_preauth_update(&c->preauth, r->rsp, r->rsp_len);
		if (st != STATUS_SUCCESS)
			return st;
	}
	free(c->gss_blob);
	c->gss_blob = NULL;
	c->gss_len = n->security_buffer.len;
	if (c->gss_len) {
		c->gss_blob = malloc(c->gss_len);
		if (!c->gss_blob)
			return STATUS_NO_MEMORY;
		memcpy(c->gss_blob, n->security_buffer.p, c->gss_len);
	}
	c->t->max_frame = SMB2_MAX_PDU + SMB2_TRANSFORM_HDR_SIZE;
	c->negotiated = true;
	return STATUS_SUCCESS;
}

NTSTATUS cli_negotiate(struct cli_conn *c, uint16_t min, uint16_t max)
{
	static const uint16_t def_ciphers[] = {
		SMB2_CIPHER_AES128_GCM, SMB2_CIPHER_AES128_CCM,
		SMB2_CIPHER_AES256_GCM, SMB2_CIPHER_AES256_CCM,
	};
	static const uint16_t def_signs[] = {
		SMB2_SIGN_AES_GMAC, SMB2_SIGN_AES_CMAC, SMB2_SIGN_HMAC_SHA256,
	};
	uint8_t salt[CLI_PREAUTH_SALT];
	struct smb2_msg *m;
	struct smb2_negotiate_req *q;
	struct cli_send_item it = { 0 };
	struct cli_req *r;
	NTSTATUS st;

	if (!min)
		min = c->opts.dialect_min;
	if (!max)
		max = c->opts.dialect_max;
	m = calloc(1, sizeof(*m));
	if (!m)
		return STATUS_NO_MEMORY;
	q = &m->u.negotiate_req;
	c->dialect_count = 0;
	for (unsigned i = 0; i < sizeof(all_dialects) / sizeof(all_dialects[0]); i++)
		if (all_dialects[i] >= min && all_dialects[i] <= max)
			c->dialects[c->dialect_count++] = all_dialects[i];
	if (!c->dialect_count) {
		free(m);
		return STATUS_INVALID_PARAMETER;
	}
	st = cli_random(c->client_guid, sizeof(c->client_guid));
	if (st == STATUS_SUCCESS)
		st = cli_random(salt, sizeof(salt));
	if (st != STATUS_SUCCESS) {
		free(m);
		return st;
	}
	c->security_mode = SMB2_NEGOTIATE_SIGNING_ENABLED |
	                   (c->opts.require_signing ? SMB2_NEGOTIATE_SIGNING_REQUIRED : 0);
	c->capabilities = 0;
	if (max >= SMB2_DIALECT_210)
		c->capabilities |= SMB2_GLOBAL_CAP_LARGE_MTU | SMB2_GLOBAL_CAP_LEASING;
	if (max >= SMB2_DIALECT_300)
		c->capabilities |= SMB2_GLOBAL_CAP_ENCRYPTION;
	m->hdr.command = SMB2_NEGOTIATE;
	q->dialect_count = c->dialect_count;
	memcpy(q->dialects, c->dialects, c->dialect_count * sizeof(uint16_t));
	q->security_mode = c->security_mode;
	q->capabilities = c->capabilities;
	memcpy(q->client_guid, c->client_guid, 16);
	if (offered(c, SMB2_DIALECT_311)) {
		struct smb2_neg_ctx *x = q->ctx.ctx;

		x->type = SMB2_PREAUTH_INTEGRITY_CAPABILITIES;
		x->u.preauth.hashes.count = 1;
		x->u.preauth.hashes.ids[0] = SMB2_PREAUTH_INTEGRITY_SHA512;
		x->u.preauth.salt.p = salt;
		x->u.preauth.salt.len = sizeof(salt);
		x++;
		x->type = SMB2_ENCRYPTION_CAPABILITIES;
		if (c->opts.cipher_count)
			add_ids(&x->u.ciphers, c->opts.ciphers, c->opts.cipher_count);
		else
			add_ids(&x->u.ciphers, def_ciphers, 4);
		x++;
		if (!c->opts.no_signing_ctx) {
			x->type = SMB2_SIGNING_CAPABILITIES;
			if (c->opts.sign_alg_count)
				add_ids(&x->u.signing_algs, c->opts.sign_algs, c->opts.sign_alg_count);
			else
				add_ids(&x->u.signing_algs, def_signs, 3);
			x++;
		}
		q->ctx.count = (uint16_t)(x - q->ctx.ctx);
	}
	smb2_preauth_init(&c->preauth);
	it.m = m;
	st = cli_send(c, &it, &r);
	free(m);
	if (st != STATUS_SUCCESS)
		return st;
	st = cli_wait(r, 0);
	if (st == STATUS_SUCCESS)
		st = negotiate_result(c, r);
	else if (!r->local_error)
		cli_log(c, "NEGOTIATE failed: %s", nt_status_name(st));
	cli_req_free(r);
	return st;
}

/* ---- SESSION_SETUP ---------------------------------------------------- */

static NTSTATUS setup_round(struct cli_session *s, const struct wr *token,
                            struct cli_req **out)
{
	struct cli_conn *c = s->conn;
	struct smb2_msg *m = calloc(1, sizeof(*m));
	struct cli_send_item it = { 0 };
	NTSTATUS st;

	if (!m)
		return STATUS_NO_MEMORY;
	m->hdr.command = SMB2_SESSION_SETUP;
	m->u.session_setup_req.security_mode = (uint8_t)c->security_mode;
	m->u.session_setup_req.security_buffer.p = token->buf;
	m->u.session_setup_req.security_buffer.len = (uint32_t)token->len;
	it.m = m;
	it.sess = s;
	st = cli_send(c, &it, out);
	free(m);
	if (st != STATUS_SUCCESS)
		return st;
	cli_wait(*out, 0);
	return STATUS_SUCCESS;
}

/* The final response: keys, signing and encryption state (MS-SMB2
 * 3.2.5.3.1), and the signature of the response itself. */
static NTSTATUS setup_done(struct cli_session *s, struct cli_req *r)
{
	struct cli_conn *c = s->conn;
	uint8_t key[16];
	NTSTATUS st;

	s->session_flags = r->msg.u.session_setup_rsp.session_flags;
	bool anon = s->session_flags & (SMB2_SESSION_FLAG_IS_GUEST | SMB2_SESSION_FLAG_IS_NULL);
	if (!s->have_keys && !anon && gensec_client_session_key(s->gensec, key)) {
		st = cli_session_set_keys(s, key, sizeof(key));
		memset(key, 0, sizeof(key));
		if (st != STATUS_SUCCESS)
			return st;
		s->signing_required = c->opts.require_signing ||
		                      (c->server_security_mode & SMB2_NEGOTIATE_SIGNING_REQUIRED);
		if (s->session_flags & SMB2_SESSION_FLAG_ENCRYPT_DATA)
			s->encrypt = true;
		if (c->opts.require_encryption) {
			if (!s->enc) {
				cli_log(c, "encryption required but dialect 0x%04x has no cipher",
				        c->dialect);
				return STATUS_NOT_SUPPORTED;
			}
			s->encrypt = true;
		}
	}
	if (r->msg.hdr.flags & SMB2_FLAGS_SIGNED) {
		if (!s->signer)
			return STATUS_ACCESS_DENIED;
		st = cli_verify_msg(s, r->rsp, r->rsp_len);
		if (st != STATUS_SUCCESS) {
			cli_log(c, "final SESSION_SETUP response: bad signature");
			return STATUS_ACCESS_DENIED;
		}
	} else if (c->dialect >= SMB2_DIALECT_300 && s->signer && !r->rsp_encrypted) {
		/* MS-SMB2 3.2.5.3.1: 3.x signs the final response. */
		cli_log(c, "final SESSION_SETUP response is not signed");
		return STATUS_ACCESS_DENIED;
	}
	s->established = true;
	return STATUS_SUCCESS;
}

NTSTATUS cli_session_setup(struct cli_session *s, const char *user, const char *domain,
                           const char *password)
{
	struct cli_conn *c = s->conn;
	struct ntlmssp_client *ntlm;
	struct cli_req *prev = NULL, *r = NULL;
	const uint8_t *in = c->gss_blob;
	size_t in_len = c->gss_len;
	struct wr tok;
	NTSTATUS st, gst;

	if (!c->negotiated)
		return STATUS_INVALID_DEVICE_STATE;
	st = ntlmssp_client_new(user, domain, password, NULL, "SMBSIM", 0, &ntlm);
	if (st != STATUS_SUCCESS)
		return st;
	gensec_client_free(s->gensec);
	s->gensec = NULL;
	st = gensec_client_new(ntlm, false, &s->gensec);
	if (st != STATUS_SUCCESS)
		return st;
	if (!s->established)
		smb2_preauth_fork(&c->preauth, &s->preauth);
	wr_init(&tok, SMB2_MAX_SECURITY_BLOB);
	for (unsigned round = 0; round < CLI_MAX_SETUP_ROUNDS; round++) {
		wr_reset(&tok);
		gst = gensec_client_step(s->gensec, in, in_len, &tok);
		if (gst != STATUS_SUCCESS && gst != STATUS_MORE_PROCESSING_REQUIRED) {
			cli_log(c, "authentication step failed: %s", nt_status_name(gst));
			st = gst;
			break;
		}
		if (r && r->status == STATUS_SUCCESS) {
			/* The server is done; so must gensec be. */
			st = gst == STATUS_SUCCESS && tok.len == 0 ? setup_done(s, r)
			                                          : STATUS_INVALID_NETWORK_RESPONSE;
			break;
		}
		if (gst == STATUS_SUCCESS && tok.len == 0) {
			st = STATUS_INVALID_NETWORK_RESPONSE;
			break;
		}
		cli_req_free(prev);
		prev = r;
		st = setup_round(s, &tok, &r);
		if (st != STATUS_SUCCESS) {
			r = NULL;
			break;
		}
		if (!r->done) {
			st = STATUS_IO_TIMEOUT;
			break;
		}
		st = r->status;
		if (r->local_error || (st != STATUS_SUCCESS && st != STATUS_MORE_PROCESSING_REQUIRED))
			break;
		if (r->msg.kind != SMB2_MSG_RSP(SMB2_SESSION_SETUP)) {
			st = STATUS_INVALID_NETWORK_RESPONSE;
			break;
		}
		if (!s->id)
			s->id = r->msg.hdr.session_id;
		else if (s->id != r->msg.hdr.session_id) {
			st = STATUS_INVALID_NETWORK_RESPONSE;
			break;
		}
		if (st == STATUS_MORE_PROCESSING_REQUIRED && c->dialect == SMB2_DIALECT_311 &&
		    !s->established) {
			st = smb2_preauth_update(&s->preauth, r->rsp, r->rsp_len);
			if (st != STATUS_SUCCESS)
				break;
		}
		in = r->msg.u.session_setup_rsp.security_buffer.p;
		in_len = r->msg.u.session_setup_rsp.security_buffer.len;
		st = STATUS_INVALID_NETWORK_RESPONSE; /* if the rounds run out */
	}
	wr_free(&tok);
	cli_req_free(prev);
	cli_req_free(r);
	gensec_client_free(s->gensec);
	s->gensec = NULL;
	return st;
}

NTSTATUS cli_login(struct cli_conn *c, const char *user, const char *domain,
                   const char *password, struct cli_session **out)
{
	struct cli_session *s;
	NTSTATUS st = cli_session_new(c, &s);

	if (st != STATUS_SUCCESS)
		return st;
	st = cli_session_setup(s, user, domain, password);
	if (st != STATUS_SUCCESS) {
		cli_session_free(s);
		return st;
	}
	*out = s;
	return STATUS_SUCCESS;
}

NTSTATUS cli_logoff(struct cli_session *s)
{
	struct smb2_msg m;
	struct cli_send_item it = { 0 };
	struct cli_req *r;
	NTSTATUS st;

	memset(&m, 0, sizeof(m));
	m.hdr.command = SMB2_LOGOFF;
	it.m = &m;
	it.sess = s;
	st = cli_send(s->conn, &it, &r);
	if (st != STATUS_SUCCESS)
		return st;
	st = cli_wait(r, 0);
	cli_req_free(r);
	if (st == STATUS_SUCCESS)
		s->established = false;
	return st;
}
