/*
 * Reauthentication (MS-SMB2 3.3.5.5.2, 3.3.5.5.3) and session expiry
 * (3.3.5.2.9): a new exchange on an established session keeps its
 * SessionId, keys, tree connects and opens; a failed one removes the
 * session; an expired session answers STATUS_NETWORK_SESSION_EXPIRED
 * until it is reauthenticated.
 */
#include "torture/suites/session_util.h"

static const uint8_t payload[] = "reauthenticated";

/* A signing client (so that every later answer proves the server still
 * has the session's keys) on dialect d (0: every dialect), with an open
 * file; skips when the server lacks d. */
static void signing_client(struct torture_ctx *t, uint16_t d, struct cli_session **s,
                           struct cli_tree **tree, struct cli_open *o)
{
	struct cli_conn_opts opts;
	NTSTATUS st;

	if (d)
		torture_require_dialect(t, d);
	torture_conn_opts(t, &opts);
	opts.require_signing = true;
	opts.dialect_min = d;
	opts.dialect_max = d;
	st = torture_open_client(t, &opts, NULL, s, tree);
	if (d && st == STATUS_NOT_SUPPORTED)
		torture_skip(t, "the server does not implement %s", torture_dialect_name(d));
	CHECK_STATUS(t, st, STATUS_SUCCESS);
	CHECK_STATUS(t, torture_create_file(t, *tree, torture_path(t, "open"), o), STATUS_SUCCESS);
}

/* The session, its tree and its open still work, signed. */
static void still_works(struct torture_ctx *t, struct cli_session *s, struct cli_tree *tree,
                        const struct cli_open *o)
{
	struct cli_tree *tree2;
	struct cli_req *r = ses_probe(t, tree, NULL);

	CHECK_STATUS(t, r->status, STATUS_SUCCESS);
	CHECK_TRUE(t, r->rsp_signed, "the answer is not signed");
	CHECK_STATUS(t, cli_write(tree, o->id, 0, payload, sizeof(payload)), STATUS_SUCCESS);
	CHECK_STATUS(t, torture_tree(t, s, NULL, &tree2), STATUS_SUCCESS);
}

static void reauth_on(struct torture_ctx *t, uint16_t d)
{
	struct cli_session *s;
	struct cli_tree *tree;
	struct cli_open o;
	uint8_t key[SMB2_SESSION_KEY_SIZE];
	uint64_t id;

	signing_client(t, d, &s, &tree, &o);
	id = s->id;
	memcpy(key, s->session_key, sizeof(key));
	CHECK_STATUS(t, cli_session_setup(s, t->tgt->user, t->tgt->domain, t->tgt->password),
	             STATUS_SUCCESS);
	/* 3.3.5.5.2: the same session, "the existing Session.SessionKey will
	 * be retained" (the client keeps its keys: the server must too). */
	CHECK_VAL(t, s->id, id);
	CHECK_MEM(t, s->session_key, key, sizeof(key));
	CHECK_VAL(t, s->session_flags & (SMB2_SESSION_FLAG_IS_GUEST | SMB2_SESSION_FLAG_IS_NULL), 0);
	still_works(t, s, tree, &o);
}

static void reauth(struct torture_ctx *t)
{
	reauth_on(t, 0);
}

static void reauth_210(struct torture_ctx *t)
{
	reauth_on(t, SMB2_DIALECT_210);
}

static void reauth_300(struct torture_ctx *t)
{
	reauth_on(t, SMB2_DIALECT_300);
}

static void reauth_311(struct torture_ctx *t)
{
	reauth_on(t, SMB2_DIALECT_311);
}

/* Twice in a row: each keeps the session. */
static void reauth_twice(struct torture_ctx *t)
{
	struct cli_session *s;
	struct cli_tree *tree;
	struct cli_open o;

	signing_client(t, 0, &s, &tree, &o);
	for (int i = 0; i < 2; i++)
		CHECK_STATUS(t, cli_session_setup(s, t->tgt->user, t->tgt->domain,
		                                  t->tgt->password),
		             STATUS_SUCCESS);
	still_works(t, s, tree, &o);
}

/* A failed reauthentication removes the session (3.3.5.5.3: on an
 * authentication error "the server MUST remove the session object"). */
static void reauth_bad_password(struct torture_ctx *t)
{
	char *bad = torture_printf(t, "%s-wrong", t->tgt->password);

	CHECK_STATUS(t, cli_session_setup(t->sess, t->tgt->user, t->tgt->domain, bad),
	             STATUS_LOGON_FAILURE);
	CHECK_STATUS(t, ses_probe_status(t, t->tree), STATUS_USER_SESSION_DELETED);
}

static bool never(void *arg)
{
	(void)arg;
	return false;
}

/* Options expiry_server and session_expiry_ms: after the session's
 * lifetime every request but SESSION_SETUP gets
 * STATUS_NETWORK_SESSION_EXPIRED (3.3.5.2.9); a reauthentication revives
 * the session with its trees and opens (3.3.5.5.2). */
static void expiry(struct torture_ctx *t)
{
	const char *hp = torture_require_option(t, "expiry_server");
	long long ms;
	struct cli_conn *c;
	struct cli_session *s;
	struct cli_tree *tree, *tree2;
	struct cli_open o;

	torture_require_option(t, "session_expiry_ms");
	ms = torture_option_int(t, "session_expiry_ms", 0);
	CHECK_TRUE(t, ms > 0 && ms <= 10 * t->tgt->timeout_ms,
	           "session_expiry_ms=%lld: want a short positive lifetime", ms);
	CHECK_STATUS(t, torture_connect_to(t, hp, NULL, &c), STATUS_SUCCESS);
	CHECK_STATUS(t, cli_negotiate(c, 0, 0), STATUS_SUCCESS);
	CHECK_STATUS(t, torture_login(t, c, &s), STATUS_SUCCESS);
	CHECK_STATUS(t, torture_tree(t, s, NULL, &tree), STATUS_SUCCESS);
	CHECK_STATUS(t, torture_create_file(t, tree, torture_path(t, "open"), &o), STATUS_SUCCESS);
	/* The one timed wait of the suites: the lifetime is the protocol
	 * timeout under test. */
	neg_run_until(t, (int)ms, never, NULL);
	CHECK_STATUS(t, ses_probe_status(t, tree), STATUS_NETWORK_SESSION_EXPIRED);
	CHECK_STATUS(t, torture_tree(t, s, NULL, &tree2), STATUS_NETWORK_SESSION_EXPIRED);
	CHECK_STATUS(t, cli_session_setup(s, t->tgt->user, t->tgt->domain, t->tgt->password),
	             STATUS_SUCCESS);
	CHECK_STATUS(t, ses_probe_status(t, tree), STATUS_SUCCESS);
	CHECK_STATUS(t, cli_write(tree, o.id, 0, payload, sizeof(payload)), STATUS_SUCCESS);
	CHECK_STATUS(t, torture_tree(t, s, NULL, &tree2), STATUS_SUCCESS);
}

static const struct torture_test tests[] = {
	TORTURE_TEST_RAW(reauth, "MS-SMB2 3.3.5.5.2; MS-SMB2 3.3.5.5.3",
	                 "reauthentication keeps SessionId, keys, tree and open"),
	TORTURE_TEST_RAW(reauth_210, "MS-SMB2 3.3.5.5.2; MS-SMB2 3.3.5.5.3",
	                 "the same on 2.1 (HMAC-SHA256 signing)"),
	TORTURE_TEST_RAW(reauth_300, "MS-SMB2 3.3.5.5.2; MS-SMB2 3.3.5.5.3",
	                 "the same on 3.0 (AES-CMAC signing)"),
	TORTURE_TEST_RAW(reauth_311, "MS-SMB2 3.3.5.5.2; MS-SMB2 3.3.5.5.3",
	                 "the same on 3.1.1: the new preauth hash does not change the keys"),
	TORTURE_TEST_RAW(reauth_twice, "MS-SMB2 3.3.5.5.2",
	                 "two reauthentications in a row keep the session"),
	TORTURE_TEST(reauth_bad_password, "MS-SMB2 3.3.5.5.3",
	             "a reauthentication with a wrong password removes the session"),
	TORTURE_TEST_RAW(expiry, "MS-SMB2 3.3.5.2.9; MS-SMB2 3.3.5.5.2",
	                 "an expired session: NETWORK_SESSION_EXPIRED, then revived by reauth"),
};

TORTURE_SUITE(session_reauth_suite, "session_reauth", "reauthentication and session expiry",
              tests)
