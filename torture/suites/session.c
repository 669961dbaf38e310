/*
 * SESSION_SETUP and LOGOFF (MS-SMB2 2.2.5, 2.2.6, 3.3.5.5, 3.3.5.6) and
 * the session checks of every request (3.3.5.2.9): NTLMv2, bad password,
 * unknown user, guest and anonymous logons, LOGOFF, unknown and foreign
 * SessionIds, two sessions on a connection, binding without
 * multi-channel, PreviousSessionId, garbage and malformed security
 * blobs.  Reauthentication and expiry are in session_reauth.c.
 */
#include "torture/suites/session_util.h"

/* Bytes of the garbage security blob. */
#define SES_GARBAGE_LEN 64
/* SESSION_SETUP request fields, from the SMB2 header (2.2.5). */
#define SES_OFF_BUFFER_LENGTH (SMB2_HDR_SIZE + 14)
/* How far past the frame the malformed SecurityBufferLength reaches. */
#define SES_PAST_END 100

static void logon_ntlmv2(struct torture_ctx *t)
{
	struct cli_conn *c = ses_conn(t, NULL);
	struct cli_session *s;
	struct cli_tree *tree;

	CHECK_STATUS(t, torture_login(t, c, &s), STATUS_SUCCESS);
	/* 3.3.5.5.1: 0 and -1 are never session ids. */
	CHECK_TRUE(t, s->id != 0 && s->id != UINT64_MAX, "SessionId 0x%llx",
	           (unsigned long long)s->id);
	CHECK_VAL(t, s->session_flags & (SMB2_SESSION_FLAG_IS_GUEST | SMB2_SESSION_FLAG_IS_NULL), 0);
	CHECK_TRUE(t, s->have_keys, "no session key from an NTLMv2 logon");
	CHECK_STATUS(t, torture_tree(t, s, NULL, &tree), STATUS_SUCCESS);
	CHECK_STATUS(t, ses_probe_status(t, tree), STATUS_SUCCESS);
}

/* A wrong password fails the logon; the connection stays usable. */
static void bad_password(struct torture_ctx *t)
{
	struct cli_conn *c = ses_conn(t, NULL);
	struct cli_session *s;
	char *bad = torture_printf(t, "%s-wrong", t->tgt->password);

	CHECK_STATUS(t, torture_login_as(t, c, t->tgt->user, t->tgt->domain, bad, &s),
	             STATUS_LOGON_FAILURE);
	CHECK_STATUS(t, torture_login(t, c, &s), STATUS_SUCCESS);
}

/* An unknown user: a guest session where the server maps unknown users to
 * guest, else a failed logon (option "guest"). */
static void unknown_user(struct torture_ctx *t)
{
	const char *user = torture_option(t, "bad_user", "smbsim-no-such-user");
	struct cli_conn *c;
	struct cli_session *s;
	bool guest;
	NTSTATUS st;

	torture_require_option(t, "guest");
	guest = torture_option_bool(t, "guest", false);
	c = ses_conn(t, NULL);
	st = torture_login_as(t, c, user, t->tgt->domain, "no-such-password", &s);
	if (!guest) {
		CHECK_STATUS(t, st, STATUS_LOGON_FAILURE);
		return;
	}
	CHECK_STATUS(t, st, STATUS_SUCCESS);
	CHECK_VAL(t, s->session_flags & SMB2_SESSION_FLAG_IS_GUEST, SMB2_SESSION_FLAG_IS_GUEST);
}

/* A guest session has no key: nothing is signed, and unsigned requests on
 * it are fine (3.3.5.5.3: SigningRequired stays FALSE for a guest). */
static void guest_unsigned(struct torture_ctx *t)
{
	const char *user = torture_option(t, "bad_user", "smbsim-no-such-user");
	struct cli_override ov = { 0 };
	struct cli_conn *c;
	struct cli_session *s;
	struct cli_tree *tree;
	struct cli_req *r;

	if (!torture_option_bool(t, "guest", false))
		torture_skip(t, "needs option guest=yes");
	c = ses_conn(t, NULL);
	CHECK_STATUS(t, torture_login_as(t, c, user, t->tgt->domain, "x", &s), STATUS_SUCCESS);
	CHECK_VAL(t, s->session_flags & SMB2_SESSION_FLAG_IS_GUEST, SMB2_SESSION_FLAG_IS_GUEST);
	CHECK_TRUE(t, !s->have_keys, "the library derived keys for a guest session");
	CHECK_STATUS(t, torture_tree(t, s, NULL, &tree), STATUS_SUCCESS);
	ov.sign = CLI_SIGN_NEVER;
	r = ses_probe(t, tree, &ov);
	CHECK_STATUS(t, r->status, STATUS_SUCCESS);
	CHECK_TRUE(t, !r->rsp_signed, "an answer on a guest session is signed");
}

/* Option "anonymous": a null session (empty user, no password) gets
 * IS_NULL and no signing, or the server refuses it. */
static void anonymous(struct torture_ctx *t)
{
	bool allowed;
	struct cli_conn *c;
	struct cli_session *s;
	NTSTATUS st;

	torture_require_option(t, "anonymous");
	allowed = torture_option_bool(t, "anonymous", false);
	c = ses_conn(t, NULL);
	/* The library refuses a signed final answer for a session without
	 * a key (STATUS_ACCESS_DENIED): that checks "no signing". */
	st = cli_login(c, "", "", NULL, &s);
	if (!allowed) {
		CHECK_TRUE(t, st != STATUS_SUCCESS, "an anonymous logon succeeded");
		return;
	}
	CHECK_STATUS(t, st, STATUS_SUCCESS);
	CHECK_VAL(t, s->session_flags & SMB2_SESSION_FLAG_IS_NULL, SMB2_SESSION_FLAG_IS_NULL);
	CHECK_VAL(t, s->session_flags & SMB2_SESSION_FLAG_IS_GUEST, 0);
	CHECK_TRUE(t, !s->have_keys, "keys for an anonymous session");
}

/* LOGOFF, then the session is gone (3.3.5.6): USER_SESSION_DELETED for its
 * trees and for a new tree connect; the connection carries on.  The tree
 * connect's status is read off the wire: a 3.1.1 TREE_CONNECT is signed,
 * and whether the answer for a deleted session is signed (with what key?)
 * is not what this test is about. */
static void logoff(struct torture_ctx *t)
{
	struct neg_watch *w = neg_watch(t, t->conn);
	struct cli_tree *tree;
	struct cli_session *s;

	CHECK_STATUS(t, cli_logoff(t->sess), STATUS_SUCCESS);
	CHECK_STATUS(t, ses_probe_status(t, t->tree), STATUS_USER_SESSION_DELETED);
	torture_tree(t, t->sess, NULL, &tree);
	CHECK_STATUS(t, w->last_status, STATUS_USER_SESSION_DELETED);
	CHECK_STATUS(t, torture_login(t, t->conn, &s), STATUS_SUCCESS);
	CHECK_STATUS(t, torture_tree(t, s, NULL, &tree), STATUS_SUCCESS);
}

static void logoff_twice(struct torture_ctx *t)
{
	CHECK_STATUS(t, cli_logoff(t->sess), STATUS_SUCCESS);
	CHECK_STATUS(t, cli_logoff(t->sess), STATUS_USER_SESSION_DELETED);
}

/* A SessionId the server never gave, on a connection that has a session:
 * USER_SESSION_DELETED (3.3.5.2.9), also for LOGOFF and for -1. */
static void unknown_session_id(struct torture_ctx *t)
{
	struct cli_override ov = { 0 };

	ov.set = CLI_OV_SESSION_ID;
	ov.session_id = t->sess->id ^ 0x00FF00FF00000000ull;
	ov.sign = CLI_SIGN_NEVER;
	CHECK_STATUS(t, ses_probe(t, t->tree, &ov)->status, STATUS_USER_SESSION_DELETED);
	ov.session_id = UINT64_MAX;
	CHECK_STATUS(t, ses_probe(t, t->tree, &ov)->status, STATUS_USER_SESSION_DELETED);
	CHECK_STATUS(t, ses_logoff_id(t, t->conn, t->sess->id ^ 0x00FF00FF00000000ull)->status,
	             STATUS_USER_SESSION_DELETED);
	/* The real session is untouched. */
	CHECK_STATUS(t, ses_probe_status(t, t->tree), STATUS_SUCCESS);
}

/* A session of another connection is not in this one's SessionTable. */
static void session_of_other_connection(struct torture_ctx *t)
{
	struct cli_session *s2;
	struct cli_override ov = { 0 };

	CHECK_STATUS(t, torture_open_client(t, NULL, NULL, &s2, NULL), STATUS_SUCCESS);
	ov.set = CLI_OV_SESSION_ID;
	ov.session_id = s2->id;
	ov.sign = CLI_SIGN_NEVER;
	CHECK_STATUS(t, ses_probe(t, t->tree, &ov)->status, STATUS_USER_SESSION_DELETED);
}

/* Two sessions on one connection: distinct ids, each with its own trees;
 * logging one off leaves the other working. */
static void two_sessions(struct torture_ctx *t)
{
	struct cli_session *s2;
	struct cli_tree *tree2;

	CHECK_STATUS(t, torture_login(t, t->conn, &s2), STATUS_SUCCESS);
	CHECK_TRUE(t, s2->id != t->sess->id, "both sessions got id 0x%llx",
	           (unsigned long long)s2->id);
	CHECK_STATUS(t, torture_tree(t, s2, NULL, &tree2), STATUS_SUCCESS);
	CHECK_STATUS(t, cli_logoff(t->sess), STATUS_SUCCESS);
	CHECK_STATUS(t, ses_probe_status(t, tree2), STATUS_SUCCESS);
	CHECK_STATUS(t, ses_probe_status(t, t->tree), STATUS_USER_SESSION_DELETED);
	CHECK_STATUS(t, cli_logoff(s2), STATUS_SUCCESS);
	CHECK_STATUS(t, ses_probe_status(t, tree2), STATUS_USER_SESSION_DELETED);
}

/* A tree connect belongs to its session (3.3.5.2.11: looked up in
 * Session.TreeConnectTable): another session's TreeId is
 * STATUS_NETWORK_NAME_DELETED. */
static void tree_of_other_session(struct torture_ctx *t)
{
	struct cli_session *s2;
	struct cli_override ov = { 0 };

	CHECK_STATUS(t, torture_login(t, t->conn, &s2), STATUS_SUCCESS);
	ov.set = CLI_OV_SESSION_ID;
	ov.session_id = s2->id;
	ov.sign = CLI_SIGN_NEVER;
	CHECK_STATUS(t, ses_probe(t, t->tree, &ov)->status, STATUS_NETWORK_NAME_DELETED);
	CHECK_STATUS(t, ses_probe_status(t, t->tree), STATUS_SUCCESS);
}

/* 3.3.5.2.9 lets LOGOFF through on an InProgress session; the rest of the
 * exchange then finds no session. */
static void logoff_in_progress(struct torture_ctx *t)
{
	struct cli_conn *c = ses_conn(t, NULL);
	const uint8_t *tok;
	size_t len;
	struct cli_req *r;
	uint64_t sid;

	ses_first_token(t, c, &tok, &len);
	r = ses_setup(t, c, 0, 0, 0, tok, len, NULL);
	CHECK_STATUS(t, r->status, STATUS_MORE_PROCESSING_REQUIRED);
	sid = r->msg.hdr.session_id;
	CHECK_STATUS(t, ses_logoff_id(t, c, sid)->status, STATUS_SUCCESS);
	CHECK_STATUS(t, ses_setup(t, c, sid, 0, 0, tok, len, NULL)->status,
	             STATUS_USER_SESSION_DELETED);
}

/* Binding (SMB2_SESSION_FLAG_BINDING) where the server cannot bind: it
 * SHOULD answer STATUS_REQUEST_NOT_ACCEPTED (3.3.5.5); without that, the
 * session is looked up in the connection's own table and is not there:
 * USER_SESSION_DELETED.  Either is accepted. */
static void try_binding(struct torture_ctx *t, const struct cli_conn_opts *o)
{
	struct cli_conn *c2;
	struct cli_session *s1;
	struct cli_tree *tree1;
	const uint8_t *tok;
	size_t len;
	NTSTATUS st;

	CHECK_STATUS(t, torture_open_client(t, o, NULL, &s1, &tree1), STATUS_SUCCESS);
	c2 = ses_conn(t, o);
	ses_first_token(t, c2, &tok, &len);
	st = ses_setup(t, c2, s1->id, SMB2_SESSION_FLAG_BINDING, 0, tok, len, s1)->status;
	CHECK_TRUE(t, st == STATUS_REQUEST_NOT_ACCEPTED || st == STATUS_USER_SESSION_DELETED,
	           "binding answered %s", nt_status_name(st));
	/* The session on its own connection is untouched. */
	CHECK_STATUS(t, ses_probe_status(t, tree1), STATUS_SUCCESS);
}

static void binding_smb21(struct torture_ctx *t)
{
	struct cli_conn_opts o;

	torture_require_dialect(t, SMB2_DIALECT_210);
	torture_conn_opts(t, &o);
	o.dialect_min = SMB2_DIALECT_210;
	o.dialect_max = SMB2_DIALECT_210;
	try_binding(t, &o);
}

static void binding_no_multichannel(struct torture_ctx *t)
{
	struct cli_conn_opts o;

	torture_require_dialect(t, SMB2_DIALECT_300);
	if (t->srv->capabilities & SMB2_GLOBAL_CAP_MULTI_CHANNEL)
		torture_skip(t, "the server offers multi-channel");
	/* 3.0.2 or 3.0: the test signs with Session.SigningKey, which 3.1.1
	 * binding would replace. */
	torture_conn_opts(t, &o);
	o.dialect_max = SMB2_DIALECT_302;
	try_binding(t, &o);
}

/* A security blob that is neither SPNEGO nor NTLMSSP: an error, no crash;
 * the connection still serves a logon. */
static void garbage_blob(struct torture_ctx *t)
{
	struct cli_conn *c = ses_conn(t, NULL);
	uint8_t *junk = torture_alloc(t, SES_GARBAGE_LEN);
	struct cli_session *s;
	NTSTATUS st;

	for (unsigned i = 0; i < SES_GARBAGE_LEN; i++)
		junk[i] = (uint8_t)(0xC3 ^ (i * 13));
	st = ses_setup(t, c, 0, 0, 0, junk, SES_GARBAGE_LEN, NULL)->status;
	CHECK_TRUE(t, st != STATUS_SUCCESS && st != STATUS_MORE_PROCESSING_REQUIRED &&
	                      st != STATUS_CONNECTION_DISCONNECTED,
	           "a garbage security blob got %s", nt_status_name(st));
	CHECK_STATUS(t, torture_login(t, c, &s), STATUS_SUCCESS);
}

/* Garbage in the second round: the failed exchange removes the session
 * (3.3.5.5.3), so its id is unknown afterwards. */
static void garbage_blob_second_round(struct torture_ctx *t)
{
	struct cli_conn *c = ses_conn(t, NULL);
	uint8_t *junk = torture_alloc(t, SES_GARBAGE_LEN);
	const uint8_t *tok;
	size_t len;
	struct cli_req *r;
	uint64_t sid;
	NTSTATUS st;

	ses_first_token(t, c, &tok, &len);
	r = ses_setup(t, c, 0, 0, 0, tok, len, NULL);
	CHECK_STATUS(t, r->status, STATUS_MORE_PROCESSING_REQUIRED);
	sid = r->msg.hdr.session_id;
	memset(junk, 0x5A, SES_GARBAGE_LEN);
	st = ses_setup(t, c, sid, 0, 0, junk, SES_GARBAGE_LEN, NULL)->status;
	CHECK_TRUE(t, st != STATUS_SUCCESS && st != STATUS_MORE_PROCESSING_REQUIRED &&
	                      st != STATUS_CONNECTION_DISCONNECTED,
	           "a garbage second token got %s", nt_status_name(st));
	CHECK_STATUS(t, ses_setup(t, c, sid, 0, 0, tok, len, NULL)->status,
	             STATUS_USER_SESSION_DELETED);
}

static void hook_blob_past_end(void *arg, uint8_t *f, size_t len)
{
	(void)arg;
	if (len > SES_OFF_BUFFER_LENGTH + 2)
		put_le16(f + SES_OFF_BUFFER_LENGTH,
		         (uint16_t)(le16(f + SES_OFF_BUFFER_LENGTH) + SES_PAST_END));
}

/* SecurityBufferLength past the frame: STATUS_INVALID_PARAMETER
 * (3.3.5.2.6; a disconnect is allowed as well). */
static void malformed_blob_length(struct torture_ctx *t)
{
	struct cli_conn *c = ses_conn(t, NULL);
	struct smb2_msg m;
	struct cli_override ov = { 0 };
	struct cli_send_item it = { 0 };
	const uint8_t *tok;
	size_t len;
	struct cli_req *r;

	ses_first_token(t, c, &tok, &len);
	memset(&m, 0, sizeof(m));
	m.hdr.command = SMB2_SESSION_SETUP;
	m.u.session_setup_req.security_mode = (uint8_t)c->security_mode;
	m.u.session_setup_req.security_buffer.p = tok;
	m.u.session_setup_req.security_buffer.len = (uint32_t)len;
	ov.hook = hook_blob_past_end;
	it.m = &m;
	it.ov = &ov;
	CHECK_STATUS(t, cli_send(c, &it, &r), STATUS_SUCCESS);
	torture_req(t, r);
	cli_wait(r, 0);
	if (r->local_error && r->status == STATUS_CONNECTION_DISCONNECTED) {
		torture_comment(t, "the server disconnected (3.3.5.2.6 allows it)");
		return;
	}
	CHECK_STATUS(t, r->status, STATUS_INVALID_PARAMETER);
}

/* PreviousSessionId of the same user's session: the server removes the
 * old session once the new one is authenticated (3.3.5.5.3). */
static void previous_session_id(struct torture_ctx *t)
{
	struct cli_conn *c2 = ses_conn(t, NULL);
	uint64_t sid;

	CHECK_STATUS(t, ses_raw_logon(t, c2, t->tgt->user, t->tgt->domain, t->tgt->password,
	                              t->sess->id, &sid),
	             STATUS_SUCCESS);
	CHECK_TRUE(t, sid != t->sess->id, "the new session took the old id");
	CHECK_STATUS(t, ses_probe_status(t, t->tree), STATUS_USER_SESSION_DELETED);
}

/* Another user's session named as PreviousSessionId is left alone. */
static void previous_session_other_user(struct torture_ctx *t)
{
	const char *u2 = torture_require_option(t, "user2");
	const char *pct = strchr(u2, '%');
	char *name = torture_strdup(t, u2);
	struct cli_conn *c2;
	uint64_t sid;

	if (pct)
		name[pct - u2] = '\0';
	c2 = ses_conn(t, NULL);
	CHECK_STATUS(t, ses_raw_logon(t, c2, name, t->tgt->domain, pct ? pct + 1 : "",
	                              t->sess->id, &sid),
	             STATUS_SUCCESS);
	CHECK_STATUS(t, ses_probe_status(t, t->tree), STATUS_SUCCESS);
}

/* A PreviousSessionId nobody has: no other processing (3.3.5.5.3). */
static void previous_session_unknown(struct torture_ctx *t)
{
	struct cli_conn *c2 = ses_conn(t, NULL);
	uint64_t sid;

	CHECK_STATUS(t, ses_raw_logon(t, c2, t->tgt->user, t->tgt->domain, t->tgt->password,
	                              t->sess->id ^ 0x0000FFFF00000000ull, &sid),
	             STATUS_SUCCESS);
	CHECK_STATUS(t, ses_probe_status(t, t->tree), STATUS_SUCCESS);
}

static const struct torture_test tests[] = {
	TORTURE_TEST_RAW(logon_ntlmv2, "MS-SMB2 3.3.5.5.1; MS-SMB2 3.3.5.5.3; MS-SMB2 2.2.6",
	                 "NTLMv2 logon: a real SessionId, no guest or null flag, keys"),
	TORTURE_TEST_RAW(bad_password, "MS-SMB2 3.3.5.5.3",
	                 "a wrong password: STATUS_LOGON_FAILURE, the connection stays usable"),
	TORTURE_TEST_RAW(unknown_user, "MS-SMB2 3.3.5.5.3; MS-SMB2 2.2.6",
	                 "an unknown user: IS_GUEST with guest=yes, else STATUS_LOGON_FAILURE"),
	TORTURE_TEST_RAW(guest_unsigned, "MS-SMB2 3.3.5.5.3; MS-SMB2 3.3.5.2.4",
	                 "a guest session signs nothing and takes unsigned requests"),
	TORTURE_TEST_RAW(anonymous, "MS-SMB2 3.3.5.5.3; MS-SMB2 2.2.6",
	                 "a null session: IS_NULL and unsigned, or refused (option anonymous)"),
	TORTURE_TEST(logoff, "MS-SMB2 3.3.5.6; MS-SMB2 3.3.5.2.9",
	             "after LOGOFF: STATUS_USER_SESSION_DELETED; a new logon works"),
	TORTURE_TEST(logoff_twice, "MS-SMB2 3.3.5.6; MS-SMB2 3.3.5.2.9",
	             "a second LOGOFF: STATUS_USER_SESSION_DELETED"),
	TORTURE_TEST(unknown_session_id, "MS-SMB2 3.3.5.2.9; MS-SMB2 3.3.5.5.1",
	             "an unknown SessionId (and -1): STATUS_USER_SESSION_DELETED"),
	TORTURE_TEST(session_of_other_connection, "MS-SMB2 3.3.5.2.9",
	             "another connection's SessionId: STATUS_USER_SESSION_DELETED"),
	TORTURE_TEST(two_sessions, "MS-SMB2 3.3.5.5.1; MS-SMB2 3.3.5.6",
	             "two sessions on one connection are independent"),
	TORTURE_TEST(tree_of_other_session, "MS-SMB2 3.3.5.2.11",
	             "a tree used through another session: STATUS_NETWORK_NAME_DELETED"),
	TORTURE_TEST_RAW(logoff_in_progress, "MS-SMB2 3.3.5.2.9; MS-SMB2 3.3.5.6",
	                 "LOGOFF of a session still authenticating ends it"),
	TORTURE_TEST_RAW(binding_smb21, "MS-SMB2 3.3.5.5",
	             "binding on a 2.1 connection: STATUS_REQUEST_NOT_ACCEPTED"),
	TORTURE_TEST_RAW(binding_no_multichannel, "MS-SMB2 3.3.5.5",
	             "binding to a server without multi-channel: STATUS_REQUEST_NOT_ACCEPTED"),
	TORTURE_TEST_RAW(garbage_blob, "MS-SMB2 3.3.5.5.3",
	                 "a garbage security blob: an error, and the connection serves on"),
	TORTURE_TEST_RAW(garbage_blob_second_round, "MS-SMB2 3.3.5.5.3",
	                 "garbage in the second round: error, the session is removed"),
	TORTURE_TEST_RAW(malformed_blob_length, "MS-SMB2 2.2.5; MS-SMB2 3.3.5.2.6",
	                 "SecurityBufferLength past the frame: STATUS_INVALID_PARAMETER"),
	TORTURE_TEST(previous_session_id, "MS-SMB2 3.3.5.5.3; MS-SMB2 2.2.5",
	             "PreviousSessionId of the same user's session logs that session off"),
	TORTURE_TEST(previous_session_other_user, "MS-SMB2 3.3.5.5.3",
	             "PreviousSessionId of another user's session is ignored"),
	TORTURE_TEST(previous_session_unknown, "MS-SMB2 3.3.5.5.3",
	             "an unknown PreviousSessionId is ignored"),
};

TORTURE_SUITE(session_suite, "session", "SESSION_SETUP, LOGOFF and session lookup", tests)
