/*
 * The "credits" suite: how a server grants credits (MS-SMB2 3.3.1.2,
 * 3.3.4.1.2) and checks CreditCharge against the payload and the window
 * (3.1.5.2, 3.3.5.2.3, 3.3.5.2.5), here; the MessageId window, async
 * requests, CANCEL and compounds are in credits_seq.c.  Header fields are
 * set with the client's overrides (CLI_OV_CREDIT_CHARGE, _REQUEST,
 * _MESSAGE_ID); a connection the server drops is an answer, seen as
 * STATUS_CONNECTION_DISCONNECTED on the request.
 */
#include "torture/suites/credits_util.h"
#include "wire/negotiate.h"

/* Dialects of a NEGOTIATE built by hand: without 3.1.1, which would need
 * negotiate contexts. */
static const uint16_t cr_dialects[] = { SMB2_DIALECT_202, SMB2_DIALECT_210, SMB2_DIALECT_300,
	                                SMB2_DIALECT_302 };
/* A window past which growth is no longer expected (Windows' default
 * limit, MS-SMB2 3.3.1.2 <204>). */
#define CR_BIG_WINDOW 8192u
/* Echo requests sent at once at most by one test. */
#define CR_MAX_BURST 4096u

static void credits_negotiate_grant(struct torture_ctx *t)
{
	struct smb2_msg *m = torture_alloc(t, sizeof(*m));
	struct smb2_negotiate_req *q = &m->u.negotiate_req;
	struct cli_override ov = cr_ov(CLI_OV_CREDIT_REQUEST, 0, 0, 0);
	struct cli_send_item it;
	struct cli_conn *c, *c2;
	struct cli_req *r;

	/* 3.3.1.2: at least one credit in every NEGOTIATE response, even
	 * for a CreditRequest of 0. */
	CHECK_STATUS(t, torture_connect(t, NULL, &c), STATUS_SUCCESS);
	m->hdr.command = SMB2_NEGOTIATE;
	q->dialect_count = sizeof(cr_dialects) / sizeof(cr_dialects[0]);
	memcpy(q->dialects, cr_dialects, sizeof(cr_dialects));
	q->security_mode = SMB2_NEGOTIATE_SIGNING_ENABLED;
	memcpy(q->client_guid, "smbsim-credits-0", 16);
	memset(&it, 0, sizeof(it));
	it.m = m;
	it.ov = &ov;
	CHECK_STATUS(t, cli_send(c, &it, &r), STATUS_SUCCESS);
	torture_req(t, r);
	(void)cli_wait(r, 0);
	CHECK_TRUE(t, r->has_msg, "no NEGOTIATE response: %s", nt_status_name(r->status));
	CHECK_TRUE(t, r->msg.hdr.credit >= 1, "NEGOTIATE (CreditRequest 0) granted %u credits",
	           r->msg.hdr.credit);
	/* The usual NEGOTIATE leaves the client at least one credit too. */
	CHECK_STATUS(t, torture_connect(t, NULL, &c2), STATUS_SUCCESS);
	CHECK_STATUS(t, cli_negotiate(c2, 0, 0), STATUS_SUCCESS);
	CHECK_TRUE(t, c2->credits >= 1, "NEGOTIATE left the client %u credits", c2->credits);
}

static void credits_session_setup_grant(struct torture_ctx *t)
{
	struct cli_conn *c;
	struct cli_session *s;
	uint32_t before;

	CHECK_STATUS(t, torture_connect(t, NULL, &c), STATUS_SUCCESS);
	CHECK_STATUS(t, cli_negotiate(c, 0, 0), STATUS_SUCCESS);
	before = c->credits;
	/* Each SESSION_SETUP asks for more credits than it uses; 3.3.1.2:
	 * the server SHOULD grant a non-zero number for a non-zero request,
	 * so the client ends up holding no fewer than before. */
	CHECK_STATUS(t, torture_login(t, c, &s), STATUS_SUCCESS);
	torture_comment(t, "credits after NEGOTIATE %u, after SESSION_SETUP %u", before,
	                c->credits);
	CHECK_TRUE(t, c->credits >= before && c->credits >= 1,
	           "SESSION_SETUP took the client from %u to %u credits", before, c->credits);
	CHECK_STATUS(t, cr_echo(t, c, s, NULL, NULL), STATUS_SUCCESS);
}

static void credits_grant_grows(struct torture_ctx *t)
{
	uint32_t before = t->conn->credits;
	struct cli_override ov = cr_ov(CLI_OV_CREDIT_REQUEST, 0, 0, 64);

	if (before >= CR_BIG_WINDOW)
		torture_skip(t, "the client already holds %u credits", before);
	/* 3.3.1.2: SHOULD grant non-zero credits for a non-zero request; a
	 * request for 64 while holding few makes the window grow. */
	for (int i = 0; i < 4; i++) {
		struct cli_req *r = NULL;

		CHECK_STATUS(t, cr_echo(t, t->conn, t->sess, &ov, &r), STATUS_SUCCESS);
		CHECK_TRUE(t, r->msg.hdr.credit >= 1, "CreditRequest 64 granted %u",
		           r->msg.hdr.credit);
	}
	torture_comment(t, "credits %u -> %u", before, t->conn->credits);
	CHECK_TRUE(t, t->conn->credits > before, "the window stayed at %u credits",
	           t->conn->credits);
}

static void credits_zero_request_keeps_one(struct torture_ctx *t)
{
	struct cli_conn *c = t->conn;
	struct cli_override ov = cr_ov(CLI_OV_CREDIT_REQUEST, 0, 0, 0);
	uint32_t n = c->credits;
	struct cli_req **reqs;

	if (n > CR_MAX_BURST)
		torture_skip(t, "the client holds %u credits, more than one burst spends", n);
	/* Spend every credit at once, each request asking for none back:
	 * 3.3.1.2 MUST never leave the client at zero credits. */
	reqs = torture_alloc(t, n * sizeof(*reqs));
	for (uint32_t i = 0; i < n; i++) {
		CHECK_STATUS(t, cli_echo_send(c, t->sess, &ov, &reqs[i]), STATUS_SUCCESS);
		torture_req(t, reqs[i]);
	}
	CHECK_VAL(t, c->credits, 0);
	CHECK_STATUS(t, cli_wait_all(reqs, n, 0), STATUS_SUCCESS);
	torture_comment(t, "%u ECHOs with CreditRequest 0 left %u credits", n, c->credits);
	CHECK_TRUE(t, c->credits >= 1, "the server left the client with %u credits", c->credits);
	CHECK_STATUS(t, cr_echo(t, c, t->sess, NULL, NULL), STATUS_SUCCESS);
}

static void credits_error_keeps_one(struct torture_ctx *t)
{
	struct cli_conn *c = t->conn;
	struct cli_override ov = cr_ov(CLI_OV_CREDIT_REQUEST, 0, 0, 0);
	struct smb2_fileid bogus = { RW_BOGUS_FID_PERSISTENT, RW_BOGUS_FID_VOLATILE };
	uint32_t n = c->credits;
	struct cli_req **reqs;

	if (n > CR_MAX_BURST)
		torture_skip(t, "the client holds %u credits, more than one burst spends", n);
	/* The twin of credits_zero_request_keeps_one with requests that all
	 * fail (STATUS_FILE_CLOSED): error responses carry CreditResponse
	 * too (3.3.4.1.2), and the last credit is never taken (3.3.1.2). */
	reqs = torture_alloc(t, n * sizeof(*reqs));
	for (uint32_t i = 0; i < n; i++) {
		struct rw_read_args a;

		memset(&a, 0, sizeof(a));
		a.len = 1;
		CHECK_STATUS(t, rw_read_send(t, t->tree, bogus, &a, &ov, &reqs[i]), STATUS_SUCCESS);
	}
	CHECK_VAL(t, c->credits, 0);
	CHECK_STATUS(t, cli_wait_all(reqs, n, 0), STATUS_FILE_CLOSED);
	for (uint32_t i = 0; i < n; i++)
		CHECK_STATUS(t, reqs[i]->status, STATUS_FILE_CLOSED);
	torture_comment(t, "%u failed READs with CreditRequest 0 left %u credits", n, c->credits);
	CHECK_TRUE(t, c->credits >= 1, "the server left the client with %u credits", c->credits);
	CHECK_STATUS(t, cr_echo(t, c, t->sess, NULL, NULL), STATUS_SUCCESS);
}

static void credits_charge_202(struct torture_ctx *t)
{
	struct cli_conn_opts opts;
	struct cli_override ov = cr_ov(CLI_OV_CREDIT_CHARGE, 0, 5, 0);
	struct cli_conn *c;
	struct cli_session *s;
	struct cli_tree *tree;
	struct smb2_fileid fid;
	struct cli_req *r = NULL;
	NTSTATUS st;

	torture_conn_opts(t, &opts);
	opts.dialect_min = opts.dialect_max = SMB2_DIALECT_202;
	CHECK_STATUS(t, torture_connect(t, &opts, &c), STATUS_SUCCESS);
	st = cli_negotiate(c, 0, 0);
	if (st != STATUS_SUCCESS)
		torture_skip(t, "the server does not negotiate 2.0.2: %s", nt_status_name(st));
	CHECK_STATUS(t, torture_login(t, c, &s), STATUS_SUCCESS);
	CHECK_STATUS(t, torture_tree(t, s, NULL, &tree), STATUS_SUCCESS);
	fid = cr_file(t, tree, 100);
	/* 2.2.1.2: on 2.0.2 CreditCharge is reserved; the receiver MUST
	 * ignore it, so one MessageId is used whatever it says ... */
	CHECK_STATUS(t, cr_read(t, tree, fid, 10, &ov, &r), STATUS_SUCCESS);
	/* ... and the next id is free (the client counts one id a request
	 * on 2.0.2). */
	CHECK_STATUS(t, cr_echo(t, c, s, NULL, &r), STATUS_SUCCESS);
	CHECK_STATUS(t, cr_read(t, tree, fid, 10, NULL, &r), STATUS_SUCCESS);
	/* The sender MUST set it to 0: the server's responses too. */
	CHECK_VAL(t, r->msg.hdr.credit_charge, 0);
}

static void credits_charge_zero_small(struct torture_ctx *t)
{
	struct cli_override ov = cr_ov(CLI_OV_CREDIT_CHARGE, 0, 0, 0);
	struct cli_req *r = NULL;
	struct smb2_fileid fid;

	torture_require_cap(t, SMB2_GLOBAL_CAP_LARGE_MTU);
	fid = cr_file(t, t->tree, 100);
	/* 3.3.5.2.5: CreditCharge 0 with at most 64 KiB is fine and uses
	 * one MessageId (3.3.5.2.3 checks a range only for a charge > 0). */
	CHECK_STATUS(t, cr_read(t, t->tree, fid, 100, &ov, &r), STATUS_SUCCESS);
	CHECK_VAL(t, r->msg.u.read_rsp.data.len, 100);
	CHECK_STATUS(t, cr_read(t, t->tree, fid, 100, NULL, &r), STATUS_SUCCESS);
	CHECK_STATUS(t, cr_echo(t, t->conn, t->sess, &ov, NULL), STATUS_SUCCESS);
}

static void credits_charge_zero_large(struct torture_ctx *t)
{
	struct smb2_fileid fid;
	struct cli_override ov = cr_ov(CLI_OV_CREDIT_CHARGE, 0, 0, 0);
	struct cli_req *r = NULL;

	torture_require_cap(t, SMB2_GLOBAL_CAP_LARGE_MTU);
	if (t->srv->max_read <= RW_CREDIT_UNIT)
		torture_skip(t, "MaxReadSize %u: no READ above 64 KiB", t->srv->max_read);
	fid = cr_file(t, t->tree, 2 * RW_CREDIT_UNIT);
	/* 3.3.5.2.5: CreditCharge 0 with more than 64 KiB MUST fail. */
	CHECK_STATUS(t, cr_read(t, t->tree, fid, RW_CREDIT_UNIT + 1, &ov, &r),
	             STATUS_INVALID_PARAMETER);
	/* The same READ charged 2 credits is fine. */
	rw_want_credits(t, t->conn, t->sess, 2);
	CHECK_STATUS(t, cr_read(t, t->tree, fid, RW_CREDIT_UNIT + 1, NULL, &r), STATUS_SUCCESS);
	CHECK_VAL(t, r->charge, 2);
	CHECK_VAL(t, r->msg.u.read_rsp.data.len, RW_CREDIT_UNIT + 1);
}

static void credits_charge_too_small(struct torture_ctx *t)
{
	const uint32_t len = 2 * RW_CREDIT_UNIT;
	struct cli_override ov = cr_ov(CLI_OV_CREDIT_CHARGE, 0, 1, 0);
	const uint8_t *orig = rw_pattern(t, len, 0, 0x42);
	struct smb2_fileid fid;
	struct rw_write_args a;
	struct cli_req *r = NULL;

	torture_require_cap(t, SMB2_GLOBAL_CAP_LARGE_MTU);
	if (t->srv->max_read < len || t->srv->max_write < len)
		torture_skip(t, "MaxReadSize/MaxWriteSize below %u", len);
	fid = cr_file(t, t->tree, len);
	rw_want_credits(t, t->conn, t->sess, 2);
	/* 3.3.5.2.5 with 3.1.5.2: 128 KiB needs 2 credits; 1 MUST fail. */
	CHECK_STATUS(t, cr_read(t, t->tree, fid, len, &ov, &r), STATUS_INVALID_PARAMETER);
	memset(&a, 0, sizeof(a));
	a.data = rw_pattern(t, len, 0, 0x99);
	a.len = len;
	CHECK_STATUS(t, rw_write_req(t, t->tree, fid, &a, &ov, &r), STATUS_INVALID_PARAMETER);
	/* Charged right, the READ works and shows the refused WRITE wrote
	 * nothing. */
	CHECK_STATUS(t, cr_read(t, t->tree, fid, len, NULL, &r), STATUS_SUCCESS);
	CHECK_VAL(t, r->charge, 2);
	CHECK_VAL(t, r->msg.u.read_rsp.data.len, len);
	CHECK_MEM(t, r->msg.u.read_rsp.data.p, orig, len);
}

static void credits_multi_credit_range(struct torture_ctx *t)
{
	struct cli_override ov = cr_ov(CLI_OV_CREDIT_CHARGE, 0, 3, 0);
	struct cli_req *r = NULL;
	struct smb2_fileid fid;
	uint64_t mid;

	torture_require_cap(t, SMB2_GLOBAL_CAP_LARGE_MTU);
	fid = cr_file(t, t->tree, 100);
	rw_want_credits(t, t->conn, t->sess, 4);
	/* A small READ charged 3 credits: more than 3.1.5.2 asks, which
	 * 3.3.5.2.5 allows; 3.3.5.2.3 takes MessageIds mid..mid+2. */
	mid = t->conn->next_mid;
	CHECK_STATUS(t, cr_read(t, t->tree, fid, 10, &ov, &r), STATUS_SUCCESS);
	CHECK_VAL(t, r->mid, mid);
	CHECK_VAL(t, r->charge, 3);
	/* The next free id is mid+3 ... */
	CHECK_STATUS(t, cr_echo(t, t->conn, t->sess, NULL, &r), STATUS_SUCCESS);
	CHECK_VAL(t, r->mid, mid + 3);
	/* ... and mid+1, inside the range, is used up. */
	ov = cr_ov(CLI_OV_MESSAGE_ID, mid + 1, 0, 0);
	cr_check_rejected(t, cr_echo(t, t->conn, t->sess, &ov, NULL), "ECHO reusing mid+1");
}

static void credits_charge_exceeds_window(struct torture_ctx *t)
{
	struct cli_conn_opts opts;
	struct cli_conn *c;
	struct cli_session *s;
	struct cli_tree *tree;
	struct smb2_fileid fid;
	struct cli_override ov;
	uint32_t charge;

	torture_require_cap(t, SMB2_GLOBAL_CAP_LARGE_MTU);
	/* A client that sends whatever the test says, credits or not. */
	torture_conn_opts(t, &opts);
	opts.ignore_credits = true;
	CHECK_STATUS(t, torture_open_client(t, &opts, &c, &s, &tree), STATUS_SUCCESS);
	fid = cr_file(t, tree, 100);
	charge = c->credits + 8;
	if (charge > UINT16_MAX)
		torture_skip(t, "the client holds %u credits", c->credits);
	/* 3.3.5.2.3: CreditCharge ids from MessageId must all be in the
	 * window; 8 of them are past it. */
	ov = cr_ov(CLI_OV_CREDIT_CHARGE, 0, (uint16_t)charge, 0);
	cr_check_rejected(t, cr_read(t, tree, fid, 10, &ov, NULL),
	                  "READ charged 8 credits more than granted");
}

static const struct torture_test tests[] = {
	TORTURE_TEST_RAW(credits_negotiate_grant, "MS-SMB2 3.3.1.2; MS-SMB2 3.3.5.4",
	                 "NEGOTIATE grants at least one credit, also for CreditRequest 0"),
	TORTURE_TEST_RAW(credits_session_setup_grant, "MS-SMB2 3.3.1.2; MS-SMB2 3.3.5.5",
	                 "SESSION_SETUP asking for credits does not shrink the window"),
	TORTURE_TEST(credits_grant_grows, "MS-SMB2 3.3.1.2; MS-SMB2 3.3.4.1.2",
	             "non-zero CreditRequests get non-zero grants and the window grows"),
	TORTURE_TEST(credits_zero_request_keeps_one, "MS-SMB2 3.3.1.2; MS-SMB2 3.3.4.1.2",
	             "spending every credit with CreditRequest 0 still leaves at least one"),
	TORTURE_TEST(credits_error_keeps_one, "MS-SMB2 3.3.1.2; MS-SMB2 3.3.4.1.2; "
	                                      "MS-SMB2 3.3.4.4",
	             "spending every credit on failing requests with CreditRequest 0 leaves one"),
	TORTURE_TEST_RAW(credits_charge_202, "MS-SMB2 2.2.1.2; MS-SMB2 3.3.5.2.3",
	                 "on 2.0.2 CreditCharge is ignored (one id a request) and sent as 0"),
	TORTURE_TEST(credits_charge_zero_small, "MS-SMB2 3.3.5.2.5; MS-SMB2 3.3.5.2.3",
	             "CreditCharge 0 with at most 64 KiB succeeds and uses one MessageId"),
	TORTURE_TEST(credits_charge_zero_large, "MS-SMB2 3.3.5.2.5; MS-SMB2 3.1.5.2",
	             "CreditCharge 0 with more than 64 KiB is STATUS_INVALID_PARAMETER"),
	TORTURE_TEST(credits_charge_too_small, "MS-SMB2 3.3.5.2.5; MS-SMB2 3.1.5.2; "
	                                       "MS-SMB2 3.3.5.12; MS-SMB2 3.3.5.13",
	             "READ and WRITE of 128 KiB charged 1 credit are STATUS_INVALID_PARAMETER"),
	TORTURE_TEST(credits_multi_credit_range, "MS-SMB2 3.3.5.2.3; MS-SMB2 3.3.5.2.5",
	             "a 3-credit request takes 3 MessageIds: the next is mid+3, mid+1 is used"),
	TORTURE_TEST(credits_charge_exceeds_window, "MS-SMB2 3.3.5.2.3; MS-SMB2 3.3.1.1",
	             "a CreditCharge beyond the credits granted drops the connection"),
	TORTURE_TEST(credits_mid_skipped, "MS-SMB2 3.3.1.1; MS-SMB2 3.3.5.2.3",
	             "MessageIds may skip ahead inside the window and arrive out of order"),
	TORTURE_TEST(credits_mid_reused, "MS-SMB2 3.3.1.1; MS-SMB2 3.3.5.2.3",
	             "a MessageId used before drops the connection"),
	TORTURE_TEST(credits_mid_outside_window, "MS-SMB2 3.3.1.1; MS-SMB2 3.3.5.2.3",
	             "the first MessageId past the window drops the connection"),
	TORTURE_TEST(credits_mid_max, "MS-SMB2 2.2.1.2; MS-SMB2 3.3.5.2.3",
	             "a request with MessageId 0xFFFFFFFFFFFFFFFF drops the connection"),
	TORTURE_TEST(credits_async_interim, "MS-SMB2 3.3.4.1.2; MS-SMB2 3.3.4.2",
	             "an async request's credits come in the interim response, none in the final"),
	TORTURE_TEST(credits_cancel_no_credit, "MS-SMB2 3.3.5.16; MS-SMB2 3.3.4.1.2; "
	                                       "MS-SMB2 3.3.5.2.3",
	             "CANCEL (async and sync form) uses no credit: the whole window still works"),
	TORTURE_TEST(credits_cancel_mid_unchecked, "MS-SMB2 3.3.5.2.3; MS-SMB2 3.3.5.16",
	             "a CANCEL's MessageId is not checked against the window"),
	TORTURE_TEST(credits_compound, "MS-SMB2 3.3.5.2.7; MS-SMB2 3.3.5.2.3; MS-SMB2 3.2.4.1.4",
	             "each message of a compound is charged its own CreditCharge range"),
	TORTURE_TEST(credits_compound_mid_reused, "MS-SMB2 3.3.5.2.7; MS-SMB2 3.3.5.2.3",
	             "a compound message inside the previous message's range is rejected"),
};

TORTURE_SUITE(credits_suite, "credits", "credits, CreditCharge and the MessageId window",
              tests)
