/*
 * ECHO (MS-SMB2 2.2.28, 2.2.29, 3.3.5.17): on a plain, a signing and an
 * encrypting session, before any session, with a SessionId the connection
 * does not know, with a wrong signature and with a wrong StructureSize.
 * CANCEL is the cancel suite (cancel.c).
 */
#include "torture/suites/cancel_util.h"

/* StructureSize of the ECHO request body (MS-SMB2 2.2.28). */
#define ECHO_OFF_STRUCTURE_SIZE SMB2_HDR_SIZE

/* One ECHO in session s (NULL: SessionId 0), kept by the fixture. */
static struct cli_req *echo_req(struct torture_ctx *t, struct cli_conn *c, struct cli_session *s,
                                const struct cli_override *ov)
{
	struct cli_req *r;
	NTSTATUS st = cli_echo_send(c, s, ov, &r);

	if (st != STATUS_SUCCESS)
		torture_fail(t, "ECHO not sent: %s", nt_status_name(st));
	torture_req(t, r);
	cli_wait(r, 0);
	return r;
}

static void echo_basic(struct torture_ctx *t)
{
	struct cli_req *r;

	CHECK_STATUS(t, cli_echo(t->conn), STATUS_SUCCESS);
	/* In the session, too; the response is the 4-byte ECHO body. */
	r = echo_req(t, t->conn, t->sess, NULL);
	CHECK_STATUS(t, r->status, STATUS_SUCCESS);
	CHECK_VAL(t, r->msg.kind, SMB2_MSG_RSP(SMB2_ECHO));
	CHECK_VAL(t, r->rsp_len, SMB2_HDR_SIZE + 4);
}

static void echo_no_session(struct torture_ctx *t)
{
	struct cli_conn *c;
	NTSTATUS st;

	CHECK_STATUS(t, torture_connect(t, NULL, &c), STATUS_SUCCESS);
	CHECK_STATUS(t, cli_negotiate(c, 0, 0), STATUS_SUCCESS);
	/* 3.3.5.17: with Connection.SessionTable empty the server SHOULD
	 * disconnect; answering is the other allowed behaviour. */
	st = cli_echo(c);
	CHECK_TRUE(t, st == STATUS_SUCCESS || st == STATUS_CONNECTION_DISCONNECTED,
	           "ECHO before SESSION_SETUP: %s", nt_status_name(st));
	torture_comment(t, "ECHO without a session: %s", nt_status_name(st));
}

static void set_structure_size(void *arg, uint8_t *frame, size_t len)
{
	(void)arg;
	if (len >= ECHO_OFF_STRUCTURE_SIZE + 2)
		put_le16(frame + ECHO_OFF_STRUCTURE_SIZE, 5);
}

static void echo_bad_structure_size(struct torture_ctx *t)
{
	struct cli_override ov = { 0 };
	struct cli_req *r;

	ov.hook = set_structure_size;
	r = echo_req(t, t->conn, t->sess, &ov);
	/* 2.2.28: StructureSize MUST be 4; 3.3.5.2.6: INVALID_PARAMETER, and
	 * the server MAY disconnect as well. */
	if (r->status == STATUS_CONNECTION_DISCONNECTED) {
		torture_comment(t, "the server disconnected (allowed by 3.3.5.2.6)");
		return;
	}
	CHECK_STATUS(t, r->status, STATUS_INVALID_PARAMETER);
	CHECK_VAL(t, r->local_error, false);
	CHECK_STATUS(t, cli_echo(t->conn), STATUS_SUCCESS);
}

static void echo_signed(struct torture_ctx *t)
{
	struct cli_conn_opts opts;
	struct cli_session *s;
	struct cli_conn *c;
	struct cli_req *r;

	torture_conn_opts(t, &opts);
	opts.require_signing = true;
	CHECK_STATUS(t, torture_open_client(t, &opts, &c, &s, NULL), STATUS_SUCCESS);
	CHECK_TRUE(t, s->signing_required, "the session does not sign");
	r = echo_req(t, c, s, NULL);
	/* 3.3.5.17 verifies the signed request's session; 3.3.4.1.1: the
	 * answer to a signed request on a signing session is signed. */
	CHECK_STATUS(t, r->status, STATUS_SUCCESS);
	CHECK_TRUE(t, r->rsp_signed, "ECHO answered without a signature");
}

static void echo_bad_signature(struct torture_ctx *t)
{
	struct cli_conn_opts opts;
	struct cli_override ov = { 0 };
	struct cli_session *s;
	struct cli_conn *c;
	struct cli_req *r;
	struct spy sp;

	torture_conn_opts(t, &opts);
	opts.require_signing = true;
	CHECK_STATUS(t, torture_open_client(t, &opts, &c, &s, NULL), STATUS_SUCCESS);
	ov.set = CLI_OV_SIGNATURE;
	memset(ov.signature, 0x5A, sizeof(ov.signature));
	spy_start(t, c, &sp);
	sp.watch_mid = c->next_mid;
	r = echo_req(t, c, s, &ov);
	spy_stop(t, c);
	/* 3.3.5.2.4: a signature that does not verify fails the request with
	 * STATUS_ACCESS_DENIED (the server cannot sign that answer, so the
	 * client library reports it locally: the wire status is checked). */
	if (r->status == STATUS_CONNECTION_DISCONNECTED && !sp.watch_seen) {
		torture_comment(t, "the server disconnected");
		return;
	}
	CHECK_TRUE(t, sp.watch_seen, "no answer to the ECHO (%s)", nt_status_name(r->status));
	CHECK_STATUS(t, sp.watch_status, STATUS_ACCESS_DENIED);
	/* The session is intact: a correctly signed ECHO succeeds. */
	r = echo_req(t, c, s, NULL);
	CHECK_STATUS(t, r->status, STATUS_SUCCESS);
}

static void echo_encrypted(struct torture_ctx *t)
{
	struct cli_conn_opts opts;
	struct cli_session *s;
	struct cli_conn *c;
	struct cli_req *r;

	torture_require_dialect(t, SMB2_DIALECT_300);
	if (!(t->srv->capabilities & SMB2_GLOBAL_CAP_ENCRYPTION) && !t->srv->cipher)
		torture_skip(t, "the server offers no encryption");
	torture_conn_opts(t, &opts);
	opts.require_encryption = true;
	CHECK_STATUS(t, torture_open_client(t, &opts, &c, &s, NULL), STATUS_SUCCESS);
	r = echo_req(t, c, s, NULL);
	/* 3.3.5.17: an encrypted ECHO is answered; MS-SMB2 3.3.4.1.4: the
	 * answer to an encrypted request is encrypted. */
	CHECK_STATUS(t, r->status, STATUS_SUCCESS);
	CHECK_TRUE(t, r->rsp_encrypted, "ECHO answered in plain text");
}

static void echo_unknown_session(struct torture_ctx *t)
{
	struct cli_override ov = { 0 };
	struct cli_req *r;

	ov.set = CLI_OV_SESSION_ID;
	ov.session_id = t->sess->id ^ UINT64_C(0x0123456700000000);
	ov.sign = CLI_SIGN_NEVER;
	r = echo_req(t, t->conn, NULL, &ov);
	/* 3.3.5.17: an unencrypted ECHO with a SessionId has the session
	 * verified (3.3.5.2.9): not in Connection.SessionTable. */
	CHECK_STATUS(t, r->status, STATUS_USER_SESSION_DELETED);
	CHECK_VAL(t, r->local_error, false);
	CHECK_STATUS(t, cli_echo(t->conn), STATUS_SUCCESS);
}

#define E "MS-SMB2 2.2.28; MS-SMB2 2.2.29; MS-SMB2 3.3.5.17"

static const struct torture_test tests[] = {
	TORTURE_TEST(echo_basic, E, "ECHO with SessionId 0 and in the session succeeds"),
	TORTURE_TEST_RAW(echo_no_session, E,
	                 "ECHO before any session: answered, or the connection dropped (SHOULD)"),
	TORTURE_TEST(echo_bad_structure_size, E "; MS-SMB2 3.3.5.2.6",
	             "StructureSize 5: STATUS_INVALID_PARAMETER (or a disconnect)"),
	TORTURE_TEST(echo_signed, E "; MS-SMB2 3.3.4.1.1",
	             "ECHO on a signing session: the answer is signed"),
	TORTURE_TEST(echo_bad_signature, E "; MS-SMB2 3.3.5.2.4",
	             "ECHO with a wrong signature: STATUS_ACCESS_DENIED, the session lives on"),
	TORTURE_TEST(echo_encrypted, E "; MS-SMB2 3.3.4.1.4",
	             "ECHO on an encrypting session: the answer is encrypted"),
	TORTURE_TEST(echo_unknown_session, E "; MS-SMB2 3.3.5.2.9",
	             "ECHO with a SessionId the connection lacks: STATUS_USER_SESSION_DELETED"),
};

TORTURE_SUITE(echo_suite, "echo", "ECHO", tests)
