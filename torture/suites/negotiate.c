/*
 * NEGOTIATE (MS-SMB2 2.2.3, 2.2.4, 3.3.5.3, 3.3.5.4): each dialect alone,
 * the greatest common dialect from a list, the response fields, the SMB1
 * multi-protocol negotiate, a second NEGOTIATE on a connection, and
 * malformed requests.  The 3.1.1 negotiate contexts are in
 * negotiate_ctx.c, FSCTL_VALIDATE_NEGOTIATE_INFO in negotiate_validate.c.
 */
#include "torture/suites/negotiate_util.h"

/* Dialect values no SMB2 revision uses: below 2.0.2, between, above 3.1.1. */
#define NEG_BOGUS_LOW 0x0201
#define NEG_BOGUS_MID 0x0222
#define NEG_BOGUS_HIGH 0x03FF
/* A StructureSize that is not 36 (MS-SMB2 2.2.3). */
#define NEG_BAD_STRUCTURE_SIZE 37
/* DialectCount this much larger than the Dialects sent. */
#define NEG_EXTRA_DIALECTS 40

/* Offer d alone: the server picks it, or fails with STATUS_NOT_SUPPORTED
 * when it does not implement it (3.3.5.4). */
static void dialect_alone(struct torture_ctx *t, uint16_t d)
{
	struct smb2_negotiate_req q;
	struct cli_req *r;

	neg_req_init(t, &q, &d, 1);
	r = neg_fresh(t, &q, NULL);
	if (d > t->srv->dialect) {
		CHECK_STATUS(t, r->status, STATUS_NOT_SUPPORTED);
		return;
	}
	if (r->status == STATUS_NOT_SUPPORTED) {
		/* Below the server's minimum: the answer 3.3.5.4 asks for. */
		torture_comment(t, "the server does not implement %s", torture_dialect_name(d));
		return;
	}
	neg_check_ok(t, r, d);
}

static void dialect_202(struct torture_ctx *t)
{
	dialect_alone(t, SMB2_DIALECT_202);
}

static void dialect_210(struct torture_ctx *t)
{
	dialect_alone(t, SMB2_DIALECT_210);
}

static void dialect_300(struct torture_ctx *t)
{
	dialect_alone(t, SMB2_DIALECT_300);
}

static void dialect_302(struct torture_ctx *t)
{
	dialect_alone(t, SMB2_DIALECT_302);
}

static void dialect_311(struct torture_ctx *t)
{
	dialect_alone(t, SMB2_DIALECT_311);
}

/* Offer list[0..n): the greatest common dialect, or NOT_SUPPORTED and then
 * that dialect alone is refused too. */
static void pick_from(struct torture_ctx *t, const uint16_t *list, uint16_t n)
{
	struct smb2_negotiate_req q;
	struct cli_req *r;
	uint16_t best = neg_best(t, list, n);

	neg_req_init(t, &q, list, n);
	r = neg_fresh(t, &q, NULL);
	if (best && r->status == STATUS_NOT_SUPPORTED) {
		struct cli_req *r2;

		neg_req_init(t, &q, &best, 1);
		r2 = neg_fresh(t, &q, NULL);
		CHECK_STATUS(t, r2->status, STATUS_NOT_SUPPORTED);
		return;
	}
	if (!best) {
		CHECK_STATUS(t, r->status, STATUS_NOT_SUPPORTED);
		return;
	}
	neg_check_ok(t, r, best);
}

static void highest_common(struct torture_ctx *t)
{
	pick_from(t, neg_all_dialects, NEG_NDIALECTS);
}

static void highest_common_subset(struct torture_ctx *t)
{
	static const uint16_t l[] = { SMB2_DIALECT_202, SMB2_DIALECT_210, SMB2_DIALECT_300 };

	pick_from(t, l, 3);
}

static void dialect_odd_order(struct torture_ctx *t)
{
	/* Unknown values are not dialects the server implements: ignored. */
	static const uint16_t l[] = {
		SMB2_DIALECT_302, NEG_BOGUS_HIGH, SMB2_DIALECT_202, SMB2_DIALECT_311,
		NEG_BOGUS_MID, SMB2_DIALECT_210, SMB2_DIALECT_300, NEG_BOGUS_LOW,
	};

	pick_from(t, l, sizeof(l) / sizeof(l[0]));
}

static void no_common_dialect(struct torture_ctx *t)
{
	static const uint16_t l[] = { NEG_BOGUS_LOW, NEG_BOGUS_MID, NEG_BOGUS_HIGH };
	struct smb2_negotiate_req q;

	neg_req_init(t, &q, l, 3);
	CHECK_STATUS(t, neg_fresh(t, &q, NULL)->status, STATUS_NOT_SUPPORTED);
}

/* After a failed NEGOTIATE no dialect is set, so a second one is a first
 * NEGOTIATE as far as 3.3.5.4 is concerned. */
static void retry_after_not_supported(struct torture_ctx *t)
{
	static const uint16_t bogus = NEG_BOGUS_HIGH;
	struct smb2_negotiate_req q;
	struct cli_conn *c;

	CHECK_STATUS(t, torture_connect(t, NULL, &c), STATUS_SUCCESS);
	neg_req_init(t, &q, &bogus, 1);
	CHECK_STATUS(t, neg_send(t, c, &q, NULL)->status, STATUS_NOT_SUPPORTED);
	neg_req_init(t, &q, neg_all_dialects, NEG_NDIALECTS);
	neg_check_ok(t, neg_send(t, c, &q, NULL), t->srv->dialect);
}

static void server_guid_stable(struct torture_ctx *t)
{
	struct smb2_negotiate_req q;
	const struct smb2_negotiate_rsp *a, *b;
	uint16_t d202 = SMB2_DIALECT_202;

	/* neg_check_ok compares each with the group connection's. */
	neg_req_init(t, &q, neg_all_dialects, NEG_NDIALECTS);
	a = neg_check_ok(t, neg_fresh(t, &q, NULL), t->srv->dialect);
	neg_req_init(t, &q, neg_all_dialects, NEG_NDIALECTS);
	b = neg_check_ok(t, neg_fresh(t, &q, NULL), t->srv->dialect);
	CHECK_MEM(t, a->server_guid, b->server_guid, 16);
	/* The same whatever the dialect (a global of the server). */
	neg_req_init(t, &q, &d202, 1);
	{
		struct cli_req *r = neg_fresh(t, &q, NULL);

		if (r->status != STATUS_NOT_SUPPORTED)
			neg_check_ok(t, r, SMB2_DIALECT_202);
	}
}

/* 3.3.5.4 does not refuse a client that does not even enable signing;
 * the server still says SIGNING_ENABLED. */
static void security_mode_zero(struct torture_ctx *t)
{
	struct smb2_negotiate_req q;

	neg_req_init(t, &q, neg_all_dialects, NEG_NDIALECTS);
	q.security_mode = 0;
	neg_check_ok(t, neg_fresh(t, &q, NULL), t->srv->dialect);
}

/* SecurityMode SIGNING_REQUIRED from the client sets Connection.ShouldSign
 * (3.3.5.4), so the session requires signing (3.3.5.5.3) and an unsigned
 * request on it is refused (3.3.5.2.4). */
static void signing_required_mode(struct torture_ctx *t)
{
	struct cli_create_args a = {
		.desired_access = SMB2_FILE_READ_ATTRIBUTES,
		.share_access = SMB2_FILE_SHARE_READ | SMB2_FILE_SHARE_WRITE | SMB2_FILE_SHARE_DELETE,
		.disposition = SMB2_FILE_OPEN,
	};
	struct cli_conn_opts o;
	struct cli_conn *c;
	struct cli_tree *tree;
	struct cli_override ov = { 0 };
	struct neg_watch *w;
	struct cli_req *r;

	torture_conn_opts(t, &o);
	o.require_signing = true;
	CHECK_STATUS(t, torture_open_client(t, &o, &c, NULL, &tree), STATUS_SUCCESS);
	/* Signed: fine. */
	CHECK_STATUS(t, cli_create_send(tree, t->dir, &a, NULL, &r), STATUS_SUCCESS);
	torture_req(t, r);
	CHECK_STATUS(t, cli_wait(r, 0), STATUS_SUCCESS);
	CHECK_TRUE(t, r->rsp_signed, "the answer on a signing session is not signed");
	/* Unsigned: refused.  The status is read off the wire, since the
	 * library turns any unsigned answer on a signing session into
	 * ACCESS_DENIED itself. */
	w = neg_watch(t, c);
	ov.sign = CLI_SIGN_NEVER;
	CHECK_STATUS(t, cli_create_send(tree, t->dir, &a, &ov, &r), STATUS_SUCCESS);
	torture_req(t, r);
	cli_wait(r, 0);
	CHECK_TRUE(t, r->done, "no answer to the unsigned request");
	CHECK_STATUS(t, w->last_status, STATUS_ACCESS_DENIED);
}

/* 2.2.3: ClientGuid is the client's to choose; nothing in 3.3.5.4
 * refuses zero. */
static void client_guid_zero(struct torture_ctx *t)
{
	struct smb2_negotiate_req q;

	neg_req_init(t, &q, neg_all_dialects, NEG_NDIALECTS);
	memset(q.client_guid, 0, 16);
	neg_check_ok(t, neg_fresh(t, &q, NULL), t->srv->dialect);
}

/* Capability bits the server does not know are the client's business:
 * the answer still only has bits valid for the dialect (2.2.4). */
static void capabilities_all_bits(struct torture_ctx *t)
{
	struct smb2_negotiate_req q;

	neg_req_init(t, &q, neg_all_dialects, NEG_NDIALECTS);
	q.capabilities = 0xFFFFFFFFu;
	neg_check_ok(t, neg_fresh(t, &q, NULL), t->srv->dialect);
}

/* 2.2.4: SMB2_GLOBAL_CAP_ENCRYPTION "is valid for the SMB 3.0 and 3.0.2
 * dialects"; 3.1.1 negotiates encryption with a context (3.3.5.4), with
 * or without one in the request. */
static void capabilities_311(struct torture_ctx *t)
{
	static const uint16_t d = SMB2_DIALECT_311;
	static const uint16_t ciphers[] = { SMB2_ENCRYPTION_AES128_GCM, SMB2_ENCRYPTION_AES128_CCM };
	struct smb2_negotiate_req q;
	const struct smb2_negotiate_rsp *n;

	torture_require_dialect(t, SMB2_DIALECT_311);
	neg_req_init(t, &q, &d, 1);
	neg_add_ciphers(t, &q, ciphers, 2);
	n = neg_check_ok(t, neg_fresh(t, &q, NULL), d);
	CHECK_VAL(t, n->capabilities & SMB2_GLOBAL_CAP_ENCRYPTION, 0);
	neg_req_init(t, &q, &d, 1);
	n = neg_check_ok(t, neg_fresh(t, &q, NULL), d);
	CHECK_VAL(t, n->capabilities & SMB2_GLOBAL_CAP_ENCRYPTION, 0);
}

/* 3.3.5.4: with a dialect negotiated, a NEGOTIATE disconnects, no reply. */
static void second_negotiate(struct torture_ctx *t)
{
	struct smb2_negotiate_req q;
	struct cli_conn *c;
	struct cli_req *r;

	CHECK_STATUS(t, torture_connect(t, NULL, &c), STATUS_SUCCESS);
	CHECK_STATUS(t, cli_negotiate(c, 0, 0), STATUS_SUCCESS);
	neg_req_init(t, &q, neg_all_dialects, NEG_NDIALECTS);
	r = neg_send(t, c, &q, NULL);
	CHECK_TRUE(t, r->local_error, "the server answered the second NEGOTIATE with %s",
	           nt_status_name(r->status));
	CHECK_STATUS(t, r->status, STATUS_CONNECTION_DISCONNECTED);
}

/* The same after a session is set up. */
static void second_negotiate_logged_on(struct torture_ctx *t)
{
	struct smb2_negotiate_req q;
	struct cli_req *r;

	neg_req_init(t, &q, neg_all_dialects, NEG_NDIALECTS);
	r = neg_send(t, t->conn, &q, NULL);
	CHECK_TRUE(t, r->local_error, "the server answered the second NEGOTIATE with %s",
	           nt_status_name(r->status));
	CHECK_STATUS(t, r->status, STATUS_CONNECTION_DISCONNECTED);
}

/* ---- malformed requests: 3.3.5.2.6 wants STATUS_INVALID_PARAMETER ------- */

static void hook_dialect_count_zero(void *arg, uint8_t *f, size_t len)
{
	(void)arg;
	if (len > NEG_OFF_DIALECT_COUNT + 2)
		put_le16(f + NEG_OFF_DIALECT_COUNT, 0);
}

static void hook_structure_size(void *arg, uint8_t *f, size_t len)
{
	(void)arg;
	if (len > NEG_OFF_STRUCTURE_SIZE + 2)
		put_le16(f + NEG_OFF_STRUCTURE_SIZE, NEG_BAD_STRUCTURE_SIZE);
}

static void hook_dialects_past_end(void *arg, uint8_t *f, size_t len)
{
	(void)arg;
	if (len > NEG_OFF_DIALECT_COUNT + 2)
		put_le16(f + NEG_OFF_DIALECT_COUNT,
		         (uint16_t)(le16(f + NEG_OFF_DIALECT_COUNT) + NEG_EXTRA_DIALECTS));
}

/* A malformed request: STATUS_INVALID_PARAMETER; 3.3.5.2.6 lets the
 * server disconnect as well, so a connection closed without an answer is
 * accepted too (the status never arrives then). */
static void expect_invalid(struct torture_ctx *t, const uint16_t *dialects, uint16_t n,
                           cli_hook_fn hook, uint32_t flags_add)
{
	struct smb2_negotiate_req q;
	struct cli_override ov = { 0 };
	struct cli_req *r;

	neg_req_init(t, &q, dialects, n);
	ov.hook = hook;
	ov.flags_add = flags_add;
	r = neg_fresh(t, &q, &ov);
	if (r->local_error && r->status == STATUS_CONNECTION_DISCONNECTED) {
		torture_comment(t, "the server disconnected (3.3.5.2.6 allows it)");
		return;
	}
	CHECK_STATUS(t, r->status, STATUS_INVALID_PARAMETER);
}

static void malformed_dialect_count_zero(struct torture_ctx *t)
{
	/* 3.3.5.4 names this one: DialectCount 0. */
	struct smb2_negotiate_req q;
	struct cli_override ov = { 0 };

	neg_req_init(t, &q, neg_all_dialects, NEG_NDIALECTS);
	ov.hook = hook_dialect_count_zero;
	CHECK_STATUS(t, neg_fresh(t, &q, &ov)->status, STATUS_INVALID_PARAMETER);
}

static void malformed_structure_size(struct torture_ctx *t)
{
	expect_invalid(t, neg_all_dialects, NEG_NDIALECTS, hook_structure_size, 0);
}

static void malformed_dialects_past_end(struct torture_ctx *t)
{
	/* No 3.1.1: the Dialects array ends the frame. */
	expect_invalid(t, neg_all_dialects, NEG_NDIALECTS - 1, hook_dialects_past_end, 0);
}

static void malformed_signed_flag(struct torture_ctx *t)
{
	/* 3.3.5.2.4: a NEGOTIATE with SMB2_FLAGS_SIGNED is
	 * STATUS_INVALID_PARAMETER. */
	struct smb2_negotiate_req q;
	struct cli_override ov = { 0 };

	neg_req_init(t, &q, neg_all_dialects, NEG_NDIALECTS);
	ov.flags_add = SMB2_FLAGS_SIGNED;
	CHECK_STATUS(t, neg_fresh(t, &q, &ov)->status, STATUS_INVALID_PARAMETER);
}

/* ---- SMB1 multi-protocol negotiate --------------------------------------- */

/* "SMB 2.???": 0x02FF when the server has 2.1 or later (3.3.5.3.1), then
 * an SMB2 NEGOTIATE with MessageId 1 negotiates for real (3.2.5.2). */
static void smb1_wildcard(struct torture_ctx *t)
{
	static const char *const names[] = { "NT LM 0.12", "SMB 2.002", "SMB 2.???" };
	struct cli_conn *c;
	struct cli_session *s;
	struct cli_tree *tree;
	struct cli_req *r;
	const struct smb2_negotiate_rsp *n;

	CHECK_STATUS(t, torture_connect(t, NULL, &c), STATUS_SUCCESS);
	r = neg_smb1(t, c, names, 3);
	CHECK_STATUS(t, cli_wait(r, 0), STATUS_SUCCESS);
	n = neg_rsp(t, r);
	if (t->srv->dialect == SMB2_DIALECT_202) {
		CHECK_VAL(t, n->dialect_revision, SMB2_DIALECT_202);
		return;
	}
	CHECK_VAL(t, n->dialect_revision, SMB2_DIALECT_WILDCARD);
	CHECK_VAL(t, r->msg.hdr.message_id, 0);
	CHECK_VAL(t, n->security_mode & SMB2_NEGOTIATE_SIGNING_ENABLED,
	          SMB2_NEGOTIATE_SIGNING_ENABLED);
	CHECK_MEM(t, n->server_guid, t->srv->guid, 16);
	CHECK_STATUS(t, cli_negotiate(c, 0, 0), STATUS_SUCCESS);
	CHECK_VAL(t, c->dialect, t->srv->dialect);
	CHECK_STATUS(t, torture_login(t, c, &s), STATUS_SUCCESS);
	CHECK_STATUS(t, torture_tree(t, s, NULL, &tree), STATUS_SUCCESS);
}

/* Only "SMB 2.002": the answer is 2.0.2 itself (3.3.5.3.2), or, from a
 * server without 2.0.2, a disconnect (and 2.0.2 alone is refused). */
static void smb1_202(struct torture_ctx *t)
{
	static const char *const names[] = { "NT LM 0.12", "SMB 2.002" };
	struct cli_conn *c;
	struct cli_req *r;
	const struct smb2_negotiate_rsp *n;

	CHECK_STATUS(t, torture_connect(t, NULL, &c), STATUS_SUCCESS);
	r = neg_smb1(t, c, names, 2);
	cli_wait(r, 0);
	if (r->local_error && r->status == STATUS_CONNECTION_DISCONNECTED) {
		struct smb2_negotiate_req q;
		uint16_t d = SMB2_DIALECT_202;

		neg_req_init(t, &q, &d, 1);
		CHECK_STATUS(t, neg_fresh(t, &q, NULL)->status, STATUS_NOT_SUPPORTED);
		return;
	}
	CHECK_STATUS(t, r->status, STATUS_SUCCESS);
	n = neg_rsp(t, r);
	CHECK_VAL(t, n->dialect_revision, SMB2_DIALECT_202);
	CHECK_VAL(t, n->capabilities & ~neg_caps_allowed(SMB2_DIALECT_202), 0);
	CHECK_MEM(t, n->server_guid, t->srv->guid, 16);
}

struct smb1_wait {
	const struct cli_req *r;
	const struct neg_watch *w;
};

static bool smb1_answered(void *arg)
{
	const struct smb1_wait *sw = arg;

	return sw->r->done || sw->w->smb1 > 0;
}

/* No SMB2 dialect string: never an SMB2 answer.  A server without SMB1
 * disconnects (3.3.5.3.2); one that implements it answers in SMB1. */
static void smb1_no_smb2(struct torture_ctx *t)
{
	static const char *const names[] = { "PC NETWORK PROGRAM 1.0", "NT LM 0.12" };
	struct cli_conn *c;
	struct smb1_wait sw;

	CHECK_STATUS(t, torture_connect(t, NULL, &c), STATUS_SUCCESS);
	sw.w = neg_watch(t, c);
	sw.r = neg_smb1(t, c, names, 2);
	CHECK_TRUE(t, neg_run_until(t, t->tgt->timeout_ms, smb1_answered, &sw),
	           "neither an answer nor a disconnect within %d ms", t->tgt->timeout_ms);
	CHECK_VAL(t, sw.w->smb2, 0);
	if (sw.r->done)
		CHECK_STATUS(t, sw.r->status, STATUS_CONNECTION_DISCONNECTED);
}

static const struct torture_test tests[] = {
	TORTURE_TEST_RAW(dialect_202, "MS-SMB2 3.3.5.4; MS-SMB2 2.2.4",
	                 "2.0.2 alone: picked with valid fields, or NOT_SUPPORTED"),
	TORTURE_TEST_RAW(dialect_210, "MS-SMB2 3.3.5.4; MS-SMB2 2.2.4",
	                 "2.1 alone: picked with valid fields, or NOT_SUPPORTED"),
	TORTURE_TEST_RAW(dialect_300, "MS-SMB2 3.3.5.4; MS-SMB2 2.2.4",
	                 "3.0 alone: picked with valid fields, or NOT_SUPPORTED"),
	TORTURE_TEST_RAW(dialect_302, "MS-SMB2 3.3.5.4; MS-SMB2 2.2.4",
	                 "3.0.2 alone: picked with valid fields, or NOT_SUPPORTED"),
	TORTURE_TEST_RAW(dialect_311, "MS-SMB2 3.3.5.4; MS-SMB2 2.2.4; MS-SMB2 2.2.4.1.1",
	                 "3.1.1 alone: picked with valid fields and a SHA-512 preauth context"),
	TORTURE_TEST_RAW(highest_common, "MS-SMB2 3.3.5.4",
	                 "every dialect offered: the greatest the server has"),
	TORTURE_TEST_RAW(highest_common_subset, "MS-SMB2 3.3.5.4",
	                 "2.0.2, 2.1, 3.0 offered: the greatest of those the server has"),
	TORTURE_TEST_RAW(dialect_odd_order, "MS-SMB2 3.3.5.4; MS-SMB2 2.2.3",
	                 "dialects shuffled among unknown values: still the greatest common"),
	TORTURE_TEST_RAW(no_common_dialect, "MS-SMB2 3.3.5.4",
	                 "only unknown dialect values: STATUS_NOT_SUPPORTED"),
	TORTURE_TEST_RAW(retry_after_not_supported, "MS-SMB2 3.3.5.4",
	                 "a NEGOTIATE after a refused one on the same connection succeeds"),
	TORTURE_TEST_RAW(server_guid_stable, "MS-SMB2 3.3.5.4; MS-SMB2 2.2.4",
	                 "ServerGuid is the same on every connection and dialect"),
	TORTURE_TEST_RAW(security_mode_zero, "MS-SMB2 3.3.5.4; MS-SMB2 2.2.4",
	                 "client SecurityMode 0 is accepted; the server says SIGNING_ENABLED"),
	TORTURE_TEST_RAW(signing_required_mode, "MS-SMB2 3.3.5.4; MS-SMB2 3.3.5.5.3; MS-SMB2 3.3.5.2.4",
	                 "client SIGNING_REQUIRED makes the session signed: unsigned request denied"),
	TORTURE_TEST_RAW(client_guid_zero, "MS-SMB2 2.2.3; MS-SMB2 3.3.5.4",
	                 "a zero ClientGuid with 2.1 and later is accepted"),
	TORTURE_TEST_RAW(capabilities_all_bits, "MS-SMB2 2.2.3; MS-SMB2 2.2.4",
	                 "every client capability bit set: answer has only valid bits"),
	TORTURE_TEST_RAW(capabilities_311, "MS-SMB2 2.2.4; MS-SMB2 3.3.5.4",
	                 "3.1.1 answer without SMB2_GLOBAL_CAP_ENCRYPTION (3.0/3.0.2 only)"),
	TORTURE_TEST_RAW(second_negotiate, "MS-SMB2 3.3.5.4",
	                 "a second NEGOTIATE on a negotiated connection: disconnect, no reply"),
	TORTURE_TEST(second_negotiate_logged_on, "MS-SMB2 3.3.5.4",
	             "a NEGOTIATE on a connection with a session: disconnect, no reply"),
	TORTURE_TEST_RAW(malformed_dialect_count_zero, "MS-SMB2 3.3.5.4",
	                 "DialectCount 0: STATUS_INVALID_PARAMETER"),
	TORTURE_TEST_RAW(malformed_structure_size, "MS-SMB2 2.2.3; MS-SMB2 3.3.5.2.6",
	                 "StructureSize 37: STATUS_INVALID_PARAMETER"),
	TORTURE_TEST_RAW(malformed_dialects_past_end, "MS-SMB2 2.2.3; MS-SMB2 3.3.5.2.6",
	                 "DialectCount past the end of the frame: STATUS_INVALID_PARAMETER"),
	TORTURE_TEST_RAW(malformed_signed_flag, "MS-SMB2 3.3.5.2.4",
	                 "NEGOTIATE with SMB2_FLAGS_SIGNED: STATUS_INVALID_PARAMETER"),
	TORTURE_TEST_RAW(smb1_wildcard, "MS-SMB2 3.3.5.3.1; MS-SMB2 3.2.5.2",
	                 "SMB1 negotiate with SMB 2.???: 0x02FF, then SMB2 NEGOTIATE with mid 1"),
	TORTURE_TEST_RAW(smb1_202, "MS-SMB2 3.3.5.3.2",
	                 "SMB1 negotiate with only SMB 2.002: DialectRevision 0x0202"),
	TORTURE_TEST_RAW(smb1_no_smb2, "MS-SMB2 3.3.5.3.2",
	                 "SMB1 negotiate without SMB2 dialects: never an SMB2 answer"),
};

TORTURE_SUITE(negotiate_suite, "negotiate", "NEGOTIATE: dialects, response fields, SMB1, errors",
              tests)
