/*
 * Helpers of the session suites (session.c, session_reauth.c,
 * session_sign.c, session_enc.c): a probe request that needs a valid
 * session and tree, SESSION_SETUP requests the test builds itself (any
 * SessionId, Flags, PreviousSessionId and security blob), and a whole
 * NTLMSSP logon driven through them, for what cli_session_setup() does not
 * let a caller set (MS-SMB2 2.2.5, 3.3.5.5).
 *
 * The logon keeps no keys: tests use it where only the server's answer
 * matters.  Its gensec state is freed before any check, so a failing test
 * leaves nothing behind.
 */
#ifndef SMBSIM_TORTURE_SESSION_UTIL_H
#define SMBSIM_TORTURE_SESSION_UTIL_H

#include "auth/gensec.h"
#include "torture/suites/negotiate_util.h"

/* SESSION_SETUP rounds before a logon is given up (NTLMSSP needs two). */
#define SES_MAX_ROUNDS 8

/* A fresh connection, negotiated (opts NULL: defaults). */
static inline struct cli_conn *ses_conn(struct torture_ctx *t, const struct cli_conn_opts *o)
{
	struct cli_conn *c;

	CHECK_STATUS(t, torture_connect(t, o, &c), STATUS_SUCCESS);
	CHECK_STATUS(t, cli_negotiate(c, 0, 0), STATUS_SUCCESS);
	return c;
}

/* Open (and close again) the root of tree's share, with ov (may be
 * NULL): a request that needs a valid session and tree connect (MS-SMB2
 * 3.3.5.2.9, 3.3.5.2.11).  Returns the CREATE request, done. */
static inline struct cli_req *ses_probe(struct torture_ctx *t, struct cli_tree *tree,
                                        const struct cli_override *ov)
{
	struct cli_create_args a = {
		.desired_access = SMB2_FILE_READ_ATTRIBUTES,
		.share_access = SMB2_FILE_SHARE_READ | SMB2_FILE_SHARE_WRITE | SMB2_FILE_SHARE_DELETE,
		.disposition = SMB2_FILE_OPEN,
	};
	struct cli_open o;
	struct cli_req *r;

	CHECK_STATUS(t, cli_create_send(tree, "", &a, ov, &r), STATUS_SUCCESS);
	torture_req(t, r);
	cli_wait(r, 0);
	if (r->status == STATUS_SUCCESS && cli_create_recv(r, &o) == STATUS_SUCCESS)
		cli_close(tree, o.id);
	return r;
}

/* The probe's status. */
static inline NTSTATUS ses_probe_status(struct torture_ctx *t, struct cli_tree *tree)
{
	return ses_probe(t, tree, NULL)->status;
}

/* A SESSION_SETUP the test builds: SessionId sid, Flags, PreviousSessionId
 * prev and the blob; signed with sign_with's key when not NULL (it must
 * then be a 2.x/3.0.x session: its 3.1.1 preauth value would take the
 * request in).  Never encrypted.  STATUS_SUCCESS with *out (the fixture's
 * to free), not waited for; no check inside. */
static inline NTSTATUS ses_setup_start(struct torture_ctx *t, struct cli_conn *c, uint64_t sid,
                                       uint8_t flags, uint64_t prev, const uint8_t *blob,
                                       size_t len, struct cli_session *sign_with,
                                       struct cli_req **out)
{
	struct smb2_msg m;
	struct cli_override ov = { 0 };
	struct cli_send_item it = { 0 };
	NTSTATUS st;

	memset(&m, 0, sizeof(m));
	m.hdr.command = SMB2_SESSION_SETUP;
	m.u.session_setup_req.flags = flags;
	m.u.session_setup_req.security_mode = (uint8_t)c->security_mode;
	m.u.session_setup_req.previous_session_id = prev;
	m.u.session_setup_req.security_buffer.p = blob;
	m.u.session_setup_req.security_buffer.len = (uint32_t)len;
	ov.set = CLI_OV_SESSION_ID;
	ov.session_id = sid;
	ov.sign = sign_with ? CLI_SIGN_ALWAYS : CLI_SIGN_NEVER;
	ov.encrypt = CLI_ENC_NEVER;
	it.m = &m;
	it.sess = sign_with;
	it.ov = &ov;
	st = cli_send(c, &it, out);
	if (st == STATUS_SUCCESS)
		torture_req(t, *out);
	return st;
}

/* The same, waited for; the request. */
static inline struct cli_req *ses_setup(struct torture_ctx *t, struct cli_conn *c, uint64_t sid,
                                        uint8_t flags, uint64_t prev, const uint8_t *blob,
                                        size_t len, struct cli_session *sign_with)
{
	struct cli_req *r;

	CHECK_STATUS(t, ses_setup_start(t, c, sid, flags, prev, blob, len, sign_with, &r),
	             STATUS_SUCCESS);
	cli_wait(r, 0);
	return r;
}

/* The first SPNEGO/NTLMSSP token a client sends on c (a copy the
 * fixture frees). */
static inline void ses_first_token(struct torture_ctx *t, struct cli_conn *c, const uint8_t **out,
                                   size_t *len)
{
	struct ntlmssp_client *ntlm;
	struct gensec_client *g = NULL;
	uint8_t *copy = NULL;
	struct wr tok;
	NTSTATUS st;

	wr_init(&tok, SMB2_MAX_SECURITY_BLOB);
	st = ntlmssp_client_new(t->tgt->user, t->tgt->domain, t->tgt->password, NULL, "SMBSIM", 0,
	                        &ntlm);
	if (st == STATUS_SUCCESS)
		st = gensec_client_new(ntlm, false, &g);
	if (st == STATUS_SUCCESS)
		st = gensec_client_step(g, c->gss_blob, c->gss_len, &tok);
	if (st == STATUS_MORE_PROCESSING_REQUIRED && tok.len > 0) {
		copy = torture_alloc(t, tok.len);
		memcpy(copy, tok.buf, tok.len);
		*len = tok.len;
	}
	gensec_client_free(g);
	wr_free(&tok);
	CHECK_TRUE(t, copy != NULL, "no first NTLMSSP token: %s", nt_status_name(st));
	*out = copy;
}

/*
 * A whole logon as user on c through ses_setup_start(), PreviousSessionId
 * prev in every round: the final status (or the first failure) and the
 * SessionId the server gave (0 if none).  No keys are derived.
 */
static inline NTSTATUS ses_raw_logon(struct torture_ctx *t, struct cli_conn *c, const char *user,
                                     const char *domain, const char *password, uint64_t prev,
                                     uint64_t *sid_out)
{
	struct ntlmssp_client *ntlm;
	struct gensec_client *g = NULL;
	struct cli_req *r = NULL;
	const uint8_t *in = c->gss_blob;
	size_t in_len = c->gss_len;
	uint64_t sid = 0;
	bool done = false;
	struct wr tok;
	NTSTATUS st, gst;

	wr_init(&tok, SMB2_MAX_SECURITY_BLOB);
	st = ntlmssp_client_new(user, domain, password, NULL, "SMBSIM", 0, &ntlm);
	if (st == STATUS_SUCCESS)
		st = gensec_client_new(ntlm, false, &g);
	for (unsigned round = 0; st == STATUS_SUCCESS && round < SES_MAX_ROUNDS; round++) {
		wr_reset(&tok);
		gst = gensec_client_step(g, in, in_len, &tok);
		if (gst != STATUS_SUCCESS && gst != STATUS_MORE_PROCESSING_REQUIRED) {
			st = gst;
			break;
		}
		if (r && r->status == STATUS_SUCCESS) {
			done = true;   /* the server's final token checked */
			break;
		}
		if (tok.len == 0) {
			st = STATUS_INVALID_NETWORK_RESPONSE;
			break;
		}
		st = ses_setup_start(t, c, sid, 0, prev, tok.buf, tok.len, NULL, &r);
		if (st != STATUS_SUCCESS)
			break;
		cli_wait(r, 0);
		st = r->status;
		if (st != STATUS_SUCCESS && st != STATUS_MORE_PROCESSING_REQUIRED)
			break;
		if (!r->has_msg || r->msg.kind != SMB2_MSG_RSP(SMB2_SESSION_SETUP)) {
			st = STATUS_INVALID_NETWORK_RESPONSE;
			break;
		}
		sid = r->msg.hdr.session_id;
		in = r->msg.u.session_setup_rsp.security_buffer.p;
		in_len = r->msg.u.session_setup_rsp.security_buffer.len;
		st = STATUS_SUCCESS;
	}
	gensec_client_free(g);
	wr_free(&tok);
	*sid_out = sid;
	if (st == STATUS_SUCCESS && !done)
		st = STATUS_INVALID_NETWORK_RESPONSE;  /* rounds ran out */
	return st;
}

/* LOGOFF with SessionId sid on c, unsigned, waited for. */
static inline struct cli_req *ses_logoff_id(struct torture_ctx *t, struct cli_conn *c, uint64_t sid)
{
	struct smb2_msg m;
	struct cli_override ov = { 0 };
	struct cli_send_item it = { 0 };
	struct cli_req *r;

	memset(&m, 0, sizeof(m));
	m.hdr.command = SMB2_LOGOFF;
	ov.set = CLI_OV_SESSION_ID;
	ov.session_id = sid;
	ov.sign = CLI_SIGN_NEVER;
	ov.encrypt = CLI_ENC_NEVER;
	it.m = &m;
	it.ov = &ov;
	CHECK_STATUS(t, cli_send(c, &it, &r), STATUS_SUCCESS);
	torture_req(t, r);
	cli_wait(r, 0);
	return r;
}

/* Bytes a round trip writes and reads back: one request each, and not a
 * multiple of anything. */
#define SES_IO_LEN 5003

/* Create a file, write, read back and close it through tree, every
 * answer signed (want_signed) and/or encrypted (want_enc) as asked. */
static inline void ses_io(struct torture_ctx *t, struct cli_tree *tree, bool want_signed,
                          bool want_enc)
{
	struct cli_create_args a = {
		.desired_access = SMB2_FILE_READ_DATA | SMB2_FILE_WRITE_DATA | SMB2_DELETE,
		.share_access = SMB2_FILE_SHARE_READ | SMB2_FILE_SHARE_WRITE | SMB2_FILE_SHARE_DELETE,
		.disposition = SMB2_FILE_OVERWRITE_IF,
		.options = SMB2_FILE_NON_DIRECTORY_FILE | SMB2_FILE_DELETE_ON_CLOSE,
	};
	uint8_t *data = torture_alloc(t, SES_IO_LEN);
	struct cli_req *r[4];
	struct cli_open o;

	for (unsigned i = 0; i < SES_IO_LEN; i++)
		data[i] = (uint8_t)(i * 31 + 7);
	CHECK_STATUS(t, cli_create_send(tree, torture_path(t, "io-%u", tree->id), &a, NULL, &r[0]),
	             STATUS_SUCCESS);
	torture_req(t, r[0]);
	CHECK_STATUS(t, cli_wait(r[0], 0), STATUS_SUCCESS);
	CHECK_STATUS(t, cli_create_recv(r[0], &o), STATUS_SUCCESS);
	CHECK_STATUS(t, cli_write_send(tree, o.id, 0, data, SES_IO_LEN, NULL, &r[1]),
	             STATUS_SUCCESS);
	torture_req(t, r[1]);
	CHECK_STATUS(t, cli_wait(r[1], 0), STATUS_SUCCESS);
	CHECK_VAL(t, r[1]->msg.u.write_rsp.count, SES_IO_LEN);
	CHECK_STATUS(t, cli_read_send(tree, o.id, 0, SES_IO_LEN, NULL, &r[2]), STATUS_SUCCESS);
	torture_req(t, r[2]);
	CHECK_STATUS(t, cli_wait(r[2], 0), STATUS_SUCCESS);
	CHECK_VAL(t, r[2]->msg.u.read_rsp.data.len, SES_IO_LEN);
	CHECK_MEM(t, r[2]->msg.u.read_rsp.data.p, data, SES_IO_LEN);
	CHECK_STATUS(t, cli_close_send(tree, o.id, 0, NULL, &r[3]), STATUS_SUCCESS);
	torture_req(t, r[3]);
	CHECK_STATUS(t, cli_wait(r[3], 0), STATUS_SUCCESS);
	for (unsigned i = 0; i < 4; i++) {
		if (want_signed)
			CHECK_TRUE(t, r[i]->rsp_signed, "answer %u (%s) is not signed", i,
			           smb2_command_name(r[i]->command));
		if (want_enc)
			CHECK_TRUE(t, r[i]->rsp_encrypted, "answer %u (%s) is not encrypted", i,
			           smb2_command_name(r[i]->command));
	}
}

#endif
