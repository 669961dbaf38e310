/*
 * Signing (MS-SMB2 3.1.4.1, 3.3.5.2.4, 3.3.5.5.3): HMAC-SHA256 on 2.x,
 * AES-CMAC on 3.0 and 3.0.2, each 3.1.1 SIGNING_CAPABILITIES choice; a
 * request with a corrupted signature or without one on a signing session
 * is not processed; signing required by the client and by the server.
 *
 * The client library verifies every signed answer with the keys it
 * derived, so a signed round trip shows the server derived the same keys
 * with the same algorithm.
 */
#include "torture/suites/session_util.h"

/* What a corrupted request carries instead of its signature. */
static const uint8_t bogus_sig[16] = {
	0xDE, 0xAD, 0xBE, 0xEF, 0x01, 0x23, 0x45, 0x67, 0x89, 0xAB, 0xCD, 0xEF, 0x10, 0x32, 0x54, 0x76,
};

/* A client requiring signing on dialect d alone, with only `alg` offered
 * in SIGNING_CAPABILITIES (alg < 0: no signing context). */
static struct cli_tree *signed_client(struct torture_ctx *t, uint16_t d, int alg)
{
	struct cli_conn_opts o;
	struct cli_tree *tree;
	NTSTATUS st;

	torture_require_dialect(t, d);
	torture_conn_opts(t, &o);
	o.require_signing = true;
	o.dialect_min = d;
	o.dialect_max = d;
	if (alg < 0) {
		o.no_signing_ctx = true;
	} else {
		o.sign_alg_count = 1;
		o.sign_algs[0] = (uint16_t)alg;
	}
	st = torture_open_client(t, &o, NULL, NULL, &tree);
	if (st == STATUS_NOT_SUPPORTED)
		torture_skip(t, "the server does not implement %s", torture_dialect_name(d));
	CHECK_STATUS(t, st, STATUS_SUCCESS);
	return tree;
}

/* Sign with the algorithm 3.1.4.1 names for d (and, on 3.1.1, the
 * context's choice); a signed round trip. */
static void sign_with(struct torture_ctx *t, uint16_t d, int alg, uint16_t want_alg)
{
	struct cli_tree *tree = signed_client(t, d, alg);
	const struct cli_conn *c = tree->sess->conn;

	if (c->sign_alg != want_alg && d == SMB2_DIALECT_311 && alg >= 0)
		torture_skip(t, "the server chose signing algorithm %u, not %u: it does not offer it",
		             c->sign_alg, want_alg);
	CHECK_VAL(t, tree->sess->sign_alg, want_alg);
	ses_io(t, tree, true, false);
}

static void hmac_202(struct torture_ctx *t)
{
	sign_with(t, SMB2_DIALECT_202, -1, SMB2_SIGNING_HMAC_SHA256);
}

static void hmac_210(struct torture_ctx *t)
{
	sign_with(t, SMB2_DIALECT_210, -1, SMB2_SIGNING_HMAC_SHA256);
}

static void cmac_300(struct torture_ctx *t)
{
	sign_with(t, SMB2_DIALECT_300, -1, SMB2_SIGNING_AES_CMAC);
}

static void cmac_302(struct torture_ctx *t)
{
	sign_with(t, SMB2_DIALECT_302, -1, SMB2_SIGNING_AES_CMAC);
}

/* 3.1.1 without a signing context: AES-CMAC (3.1.4.1). */
static void cmac_311_no_ctx(struct torture_ctx *t)
{
	sign_with(t, SMB2_DIALECT_311, -1, SMB2_SIGNING_AES_CMAC);
}

static void gmac_311(struct torture_ctx *t)
{
	sign_with(t, SMB2_DIALECT_311, SMB2_SIGNING_AES_GMAC, SMB2_SIGNING_AES_GMAC);
}

static void cmac_311(struct torture_ctx *t)
{
	sign_with(t, SMB2_DIALECT_311, SMB2_SIGNING_AES_CMAC, SMB2_SIGNING_AES_CMAC);
}

static void hmac_311(struct torture_ctx *t)
{
	sign_with(t, SMB2_DIALECT_311, SMB2_SIGNING_HMAC_SHA256, SMB2_SIGNING_HMAC_SHA256);
}

/* A CREATE (FILE_CREATE of a new name) with ov on a signing session: the
 * server must not process it (3.3.5.2.4).  The status is read off the
 * wire, because the library turns an unsigned answer on a signing
 * session into ACCESS_DENIED by itself; a disconnect is accepted too
 * (the request was not processed either way), and the name must not
 * exist afterwards. */
static void not_processed(struct torture_ctx *t, struct cli_tree *tree,
                          const struct cli_override *ov)
{
	struct cli_create_args a = {
		.desired_access = SMB2_GENERIC_ALL,
		.share_access = SMB2_FILE_SHARE_READ | SMB2_FILE_SHARE_WRITE | SMB2_FILE_SHARE_DELETE,
		.disposition = SMB2_FILE_CREATE,
		.options = SMB2_FILE_NON_DIRECTORY_FILE,
	};
	struct cli_create_args look = a;
	const char *name = torture_path(t, "must-not-exist");
	struct cli_conn *c = tree->sess->conn;
	struct neg_watch *w = neg_watch(t, c);
	struct cli_tree *t2;
	struct cli_req *r;

	CHECK_STATUS(t, cli_create_send(tree, name, &a, ov, &r), STATUS_SUCCESS);
	torture_req(t, r);
	cli_wait(r, 0);
	CHECK_TRUE(t, r->done, "no answer and no disconnect");
	if (!(r->local_error && r->status == STATUS_CONNECTION_DISCONNECTED))
		CHECK_STATUS(t, w->last_status, STATUS_ACCESS_DENIED);
	else
		torture_comment(t, "the server disconnected");
	CHECK_STATUS(t, torture_open_client(t, NULL, NULL, NULL, &t2), STATUS_SUCCESS);
	look.disposition = SMB2_FILE_OPEN;
	look.desired_access = SMB2_FILE_READ_ATTRIBUTES;
	CHECK_STATUS(t, cli_create_send(t2, name, &look, NULL, &r), STATUS_SUCCESS);
	torture_req(t, r);
	CHECK_STATUS(t, cli_wait(r, 0), STATUS_OBJECT_NAME_NOT_FOUND);
}

static void bad_signature_on(struct torture_ctx *t, uint16_t d)
{
	struct cli_override ov = { 0 };

	ov.set = CLI_OV_SIGNATURE;
	memcpy(ov.signature, bogus_sig, sizeof(bogus_sig));
	not_processed(t, signed_client(t, d, -1), &ov);
}

static void bad_signature(struct torture_ctx *t)
{
	bad_signature_on(t, t->srv->dialect);
}

static void bad_signature_210(struct torture_ctx *t)
{
	bad_signature_on(t, SMB2_DIALECT_210);
}

/* A signing session: a request without SMB2_FLAGS_SIGNED is refused. */
static void unsigned_request(struct torture_ctx *t)
{
	struct cli_override ov = { 0 };

	ov.sign = CLI_SIGN_NEVER;
	not_processed(t, signed_client(t, t->srv->dialect, -1), &ov);
}

/* The signature flag set, the signature of another message: refused. */
static void signature_of_other_message(struct torture_ctx *t)
{
	struct cli_tree *tree = signed_client(t, t->srv->dialect, -1);
	struct cli_req *r = ses_probe(t, tree, NULL);
	struct cli_override ov = { 0 };

	CHECK_STATUS(t, r->status, STATUS_SUCCESS);
	CHECK_TRUE(t, r->rsp_len >= SMB2_HDR_SIZE, "short answer");
	/* The server's signature of its own answer: valid bytes, wrong
	 * message. */
	ov.set = CLI_OV_SIGNATURE;
	memcpy(ov.signature, r->rsp + SMB2_HDR_OFF_SIGNATURE, 16);
	not_processed(t, tree, &ov);
}

/* The client requires signing (SecurityMode SIGNING_REQUIRED): every
 * answer is signed (3.3.5.5.3 Session.SigningRequired, 3.3.4.1.1). */
static void client_requires_signing(struct torture_ctx *t)
{
	ses_io(t, signed_client(t, t->srv->dialect, -1), true, false);
}

/* Option signing_required_server: its NEGOTIATE says SIGNING_REQUIRED
 * (3.3.5.4), its sessions sign everything and refuse unsigned requests. */
static void server_requires_signing(struct torture_ctx *t)
{
	const char *hp = torture_require_option(t, "signing_required_server");
	struct cli_override ov = { 0 };
	struct cli_conn *c;
	struct cli_session *s;
	struct cli_tree *tree;

	CHECK_STATUS(t, torture_connect_to(t, hp, NULL, &c), STATUS_SUCCESS);
	CHECK_STATUS(t, cli_negotiate(c, 0, 0), STATUS_SUCCESS);
	CHECK_VAL(t, c->server_security_mode & SMB2_NEGOTIATE_SIGNING_REQUIRED,
	          SMB2_NEGOTIATE_SIGNING_REQUIRED);
	CHECK_STATUS(t, torture_login(t, c, &s), STATUS_SUCCESS);
	CHECK_TRUE(t, s->signing_required, "the session does not sign");
	CHECK_STATUS(t, torture_tree(t, s, NULL, &tree), STATUS_SUCCESS);
	ses_io(t, tree, true, false);
	ov.sign = CLI_SIGN_NEVER;
	not_processed(t, tree, &ov);
}

static const struct torture_test tests[] = {
	TORTURE_TEST_RAW(hmac_202, "MS-SMB2 3.1.4.1; MS-SMB2 3.3.5.2.4",
	                 "2.0.2 signs with HMAC-SHA256: a signed round trip"),
	TORTURE_TEST_RAW(hmac_210, "MS-SMB2 3.1.4.1; MS-SMB2 3.3.5.2.4",
	                 "2.1 signs with HMAC-SHA256: a signed round trip"),
	TORTURE_TEST_RAW(cmac_300, "MS-SMB2 3.1.4.1; MS-SMB2 3.3.5.2.4",
	                 "3.0 signs with AES-CMAC: a signed round trip"),
	TORTURE_TEST_RAW(cmac_302, "MS-SMB2 3.1.4.1; MS-SMB2 3.3.5.2.4",
	                 "3.0.2 signs with AES-CMAC: a signed round trip"),
	TORTURE_TEST_RAW(cmac_311_no_ctx, "MS-SMB2 3.1.4.1; MS-SMB2 3.3.5.4",
	                 "3.1.1 without a signing context signs with AES-CMAC"),
	TORTURE_TEST_RAW(gmac_311, "MS-SMB2 3.1.4.1; MS-SMB2 3.3.5.4; MS-SMB2 2.2.3.1.7",
	                 "3.1.1 with only AES-GMAC offered: a GMAC-signed round trip"),
	TORTURE_TEST_RAW(cmac_311, "MS-SMB2 3.1.4.1; MS-SMB2 3.3.5.4; MS-SMB2 2.2.3.1.7",
	                 "3.1.1 with only AES-CMAC offered: a CMAC-signed round trip"),
	TORTURE_TEST_RAW(hmac_311, "MS-SMB2 3.1.4.1; MS-SMB2 3.3.5.4; MS-SMB2 2.2.3.1.7",
	                 "3.1.1 with only HMAC-SHA256 offered: an HMAC-signed round trip"),
	TORTURE_TEST_RAW(bad_signature, "MS-SMB2 3.3.5.2.4",
	                 "a corrupted signature: STATUS_ACCESS_DENIED, not processed"),
	TORTURE_TEST_RAW(bad_signature_210, "MS-SMB2 3.3.5.2.4",
	                 "a corrupted HMAC-SHA256 signature on 2.1: not processed"),
	TORTURE_TEST_RAW(unsigned_request, "MS-SMB2 3.3.5.2.4",
	                 "an unsigned request on a signing session: ACCESS_DENIED"),
	TORTURE_TEST_RAW(signature_of_other_message, "MS-SMB2 3.3.5.2.4; MS-SMB2 3.1.4.1",
	                 "a valid signature of another message: not processed"),
	TORTURE_TEST_RAW(client_requires_signing, "MS-SMB2 3.3.5.4; MS-SMB2 3.3.5.5.3",
	                 "a client requiring signing gets every answer signed"),
	TORTURE_TEST_RAW(server_requires_signing, "MS-SMB2 3.3.5.4; MS-SMB2 3.3.5.5.3; MS-SMB2 3.3.5.2.4",
	                 "a server requiring signing says so, signs, refuses unsigned requests"),
};

TORTURE_SUITE(session_sign_suite, "session_sign", "signing of requests and answers", tests)
