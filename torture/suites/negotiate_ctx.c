/*
 * SMB 3.1.1 negotiate contexts (MS-SMB2 2.2.3.1, 2.2.4.1, 3.3.5.4): the
 * preauth integrity context (SHA-512, salt; missing, duplicated, no common
 * hash), cipher and signing-algorithm selection, unknown and netname
 * contexts, contexts in any order, and malformed context lists.
 */
#include "torture/suites/negotiate_util.h"

/* A ContextType MS-SMB2 2.2.3.1 does not define. */
#define CTX_UNKNOWN_TYPE 0x00F0
/* A hash, cipher or signing id that no revision defines. */
#define CTX_BOGUS_ID 0x7F7F
/* NegotiateContextCount this much larger than the contexts sent. */
#define CTX_EXTRA_COUNT 3
/* A NegotiateContextOffset far past any NEGOTIATE frame we send. */
#define CTX_FAR_OFFSET 0x00100000u

static const uint16_t all_ciphers[] = {
	SMB2_ENCRYPTION_AES128_CCM, SMB2_ENCRYPTION_AES128_GCM,
	SMB2_ENCRYPTION_AES256_CCM, SMB2_ENCRYPTION_AES256_GCM,
};
static const uint16_t all_sign_algs[] = {
	SMB2_SIGNING_HMAC_SHA256, SMB2_SIGNING_AES_CMAC, SMB2_SIGNING_AES_GMAC,
};

/* A 3.1.1-only request with the preauth context. */
static void req311(struct torture_ctx *t, struct smb2_negotiate_req *q)
{
	static const uint16_t d = SMB2_DIALECT_311;

	torture_require_dialect(t, SMB2_DIALECT_311);
	neg_req_init(t, q, &d, 1);
}

static const struct smb2_negotiate_rsp *ok311(struct torture_ctx *t,
                                              const struct smb2_negotiate_req *q)
{
	return neg_check_ok(t, neg_fresh(t, q, NULL), SMB2_DIALECT_311);
}

static bool in_ids(const uint16_t *ids, unsigned n, uint16_t v)
{
	for (unsigned i = 0; i < n; i++)
		if (ids[i] == v)
			return true;
	return false;
}

/* ---- preauth integrity ---------------------------------------------------- */

static void preauth_sha512(struct torture_ctx *t)
{
	struct smb2_negotiate_req q;
	const struct smb2_negotiate_rsp *a, *b;
	const struct smb2_neg_ctx *xa, *xb;

	req311(t, &q);
	a = ok311(t, &q);
	req311(t, &q);
	b = ok311(t, &q);
	xa = smb2_neg_ctx_find(&a->ctx, SMB2_PREAUTH_INTEGRITY_CAPABILITIES);
	xb = smb2_neg_ctx_find(&b->ctx, SMB2_PREAUTH_INTEGRITY_CAPABILITIES);
	/* 3.3.5.4: a salt of random bytes in each response. */
	CHECK_TRUE(t, xa->u.preauth.salt.len > 0, "the response has no preauth salt");
	CHECK_TRUE(t, xa->u.preauth.salt.len != xb->u.preauth.salt.len ||
	                      memcmp(xa->u.preauth.salt.p, xb->u.preauth.salt.p,
	                             xa->u.preauth.salt.len) != 0,
	           "two connections got the same preauth salt");
	/* Contexts appear once each in a response (2.2.4). */
	for (uint16_t i = 0; i < a->ctx.count; i++)
		for (uint16_t k = i + 1; k < a->ctx.count; k++)
			CHECK_TRUE(t, a->ctx.ctx[i].type != a->ctx.ctx[k].type,
			           "context type 0x%04x twice in the response", a->ctx.ctx[i].type);
}

/* Only SaltLength 0: the salt is optional (2.2.3.1.1). */
static void preauth_no_salt(struct torture_ctx *t)
{
	struct smb2_negotiate_req q;

	req311(t, &q);
	q.ctx.ctx[0].u.preauth.salt.len = 0;
	ok311(t, &q);
}

static void expect_status(struct torture_ctx *t, const struct smb2_negotiate_req *q,
                          const struct cli_override *ov, NTSTATUS want)
{
	CHECK_STATUS(t, neg_fresh(t, q, ov)->status, want);
}

static void preauth_missing(struct torture_ctx *t)
{
	struct smb2_negotiate_req q;

	req311(t, &q);
	q.ctx.count = 0;
	neg_add_ciphers(t, &q, all_ciphers, 4);
	neg_add_sign_algs(t, &q, all_sign_algs, 3);
	expect_status(t, &q, NULL, STATUS_INVALID_PARAMETER);
}

static void no_contexts(struct torture_ctx *t)
{
	struct smb2_negotiate_req q;

	req311(t, &q);
	q.ctx.count = 0;
	expect_status(t, &q, NULL, STATUS_INVALID_PARAMETER);
}

static void preauth_duplicate(struct torture_ctx *t)
{
	struct smb2_negotiate_req q;

	req311(t, &q);
	neg_add_preauth(t, &q);
	expect_status(t, &q, NULL, STATUS_INVALID_PARAMETER);
}

static void preauth_no_common_hash(struct torture_ctx *t)
{
	struct smb2_negotiate_req q;

	req311(t, &q);
	q.ctx.ctx[0].u.preauth.hashes.ids[0] = CTX_BOGUS_ID;
	expect_status(t, &q, NULL, STATUS_SMB_NO_PREAUTH_INTEGRITY_HASH_OVERLAP);
}

/* ---- encryption ------------------------------------------------------------ */

/* Offer ids[0..n) as ciphers: the chosen cipher (0: none in common).  The
 * answer has exactly one, one of ours or 0 (3.3.5.4), and no context at
 * all only when the server does not do encryption. */
static uint16_t chosen_cipher(struct torture_ctx *t, const uint16_t *ids, uint16_t n)
{
	struct smb2_negotiate_req q;
	const struct smb2_negotiate_rsp *r;
	const struct smb2_neg_ctx *x;

	req311(t, &q);
	neg_add_ciphers(t, &q, ids, n);
	r = ok311(t, &q);
	x = smb2_neg_ctx_find(&r->ctx, SMB2_ENCRYPTION_CAPABILITIES);
	if (!x) {
		torture_comment(t, "no encryption context in the answer: no encryption");
		return 0;
	}
	CHECK_VAL(t, x->u.ciphers.count, 1);
	CHECK_TRUE(t, x->u.ciphers.ids[0] == 0 || in_ids(ids, n, x->u.ciphers.ids[0]),
	           "the server chose cipher 0x%04x, which was not offered", x->u.ciphers.ids[0]);
	return x->u.ciphers.ids[0];
}

/* The choice among all four follows the server's own preference, so the
 * client's order may change it only within the spec's
 * "implementation-specific manner"; either way the cipher it picks from
 * all four, offered alone, is picked again. */
static void cipher_selection(struct torture_ctx *t)
{
	static const uint16_t rev[] = {
		SMB2_ENCRYPTION_AES256_GCM, SMB2_ENCRYPTION_AES256_CCM,
		SMB2_ENCRYPTION_AES128_GCM, SMB2_ENCRYPTION_AES128_CCM,
	};
	uint16_t a = chosen_cipher(t, all_ciphers, 4);
	uint16_t b = chosen_cipher(t, rev, 4);

	torture_comment(t, "chosen: 0x%04x (CCM first), 0x%04x (GCM-256 first)", a, b);
	if (!a)
		torture_skip(t, "the server offers no cipher");
	CHECK_VAL(t, chosen_cipher(t, &a, 1), a);
	CHECK_VAL(t, chosen_cipher(t, &b, 1), b);
}

static void cipher_aes256gcm_only(struct torture_ctx *t)
{
	static const uint16_t only = SMB2_ENCRYPTION_AES256_GCM;
	uint16_t c = chosen_cipher(t, &only, 1);

	/* Either it, or 0 from a server without AES-256-GCM. */
	CHECK_TRUE(t, c == 0 || c == only, "cipher 0x%04x", c);
}

static void cipher_unknown_only(struct torture_ctx *t)
{
	static const uint16_t only = CTX_BOGUS_ID;

	/* 3.3.5.4: no common cipher, CipherId 0. */
	CHECK_VAL(t, chosen_cipher(t, &only, 1), 0);
}

/* No encryption context offered: none in the answer (3.3.5.4 builds one
 * only in reply to the client's). */
static void cipher_not_offered(struct torture_ctx *t)
{
	struct smb2_negotiate_req q;

	req311(t, &q);
	CHECK_TRUE(t, !smb2_neg_ctx_find(&ok311(t, &q)->ctx, SMB2_ENCRYPTION_CAPABILITIES),
	           "an encryption context answered a request without one");
}

static void encryption_duplicate(struct torture_ctx *t)
{
	struct smb2_negotiate_req q;

	req311(t, &q);
	neg_add_ciphers(t, &q, all_ciphers, 4);
	neg_add_ciphers(t, &q, all_ciphers, 2);
	expect_status(t, &q, NULL, STATUS_INVALID_PARAMETER);
}

/* ---- signing algorithms ------------------------------------------------ */

/* Offer ids[0..n): the chosen algorithm, or -1 without an answering
 * context (a server that does not do SIGNING_CAPABILITIES ignores it). */
static int chosen_sign_alg(struct torture_ctx *t, const uint16_t *ids, uint16_t n)
{
	struct smb2_negotiate_req q;
	const struct smb2_neg_ctx *x;

	req311(t, &q);
	neg_add_sign_algs(t, &q, ids, n);
	x = smb2_neg_ctx_find(&ok311(t, &q)->ctx, SMB2_SIGNING_CAPABILITIES);
	if (!x)
		return -1;
	CHECK_VAL(t, x->u.signing_algs.count, 1);
	CHECK_TRUE(t, in_ids(ids, n, x->u.signing_algs.ids[0]),
	           "the server chose signing algorithm %u, which was not offered",
	           x->u.signing_algs.ids[0]);
	return x->u.signing_algs.ids[0];
}

static void sign_alg_alone(struct torture_ctx *t, uint16_t alg)
{
	int got = chosen_sign_alg(t, &alg, 1);

	if (got < 0)
		torture_skip(t, "the server does not answer SIGNING_CAPABILITIES");
	CHECK_VAL(t, got, alg);
}

static void sign_alg_gmac(struct torture_ctx *t)
{
	sign_alg_alone(t, SMB2_SIGNING_AES_GMAC);
}

static void sign_alg_cmac(struct torture_ctx *t)
{
	sign_alg_alone(t, SMB2_SIGNING_AES_CMAC);
}

static void sign_alg_hmac(struct torture_ctx *t)
{
	sign_alg_alone(t, SMB2_SIGNING_HMAC_SHA256);
}

static void sign_alg_any(struct torture_ctx *t)
{
	if (chosen_sign_alg(t, all_sign_algs, 3) < 0)
		torture_skip(t, "the server does not answer SIGNING_CAPABILITIES");
}

/* ---- other contexts ------------------------------------------------------- */

static void unknown_context(struct torture_ctx *t)
{
	static const uint8_t data[] = { 1, 2, 3, 4, 5, 6, 7 };
	struct smb2_negotiate_req q;
	struct smb2_neg_ctx *x;

	req311(t, &q);
	x = neg_ctx_add(t, &q, CTX_UNKNOWN_TYPE);
	x->data.p = data;
	x->data.len = sizeof(data);
	CHECK_TRUE(t, !smb2_neg_ctx_find(&ok311(t, &q)->ctx, CTX_UNKNOWN_TYPE),
	           "the answer echoes an unknown context");
}

static struct smb2_neg_ctx *add_netname(struct torture_ctx *t, struct smb2_negotiate_req *q)
{
	struct smb2_neg_ctx *x = neg_ctx_add(t, q, SMB2_NETNAME_NEGOTIATE_CONTEXT_ID);
	size_t n = strlen(t->tgt->host);
	uint8_t *u = torture_alloc(t, 2 * n + 2);

	for (size_t i = 0; i < n; i++)
		u[2 * i] = (uint8_t)t->tgt->host[i];
	x->u.netname.p = u;
	x->u.netname.len = (uint32_t)(2 * n);
	return x;
}

static void netname_context(struct torture_ctx *t)
{
	struct smb2_negotiate_req q;

	req311(t, &q);
	add_netname(t, &q);
	/* 2.2.4.1: NETNAME is a request-only context. */
	CHECK_TRUE(t, !smb2_neg_ctx_find(&ok311(t, &q)->ctx, SMB2_NETNAME_NEGOTIATE_CONTEXT_ID),
	           "the answer has a netname context");
}

/* 2.2.3.1: the server MUST accept contexts in any order. */
static void contexts_any_order(struct torture_ctx *t)
{
	struct smb2_negotiate_req q;
	const struct smb2_negotiate_rsp *r;

	req311(t, &q);
	q.ctx.count = 0;
	neg_add_sign_algs(t, &q, all_sign_algs, 3);
	add_netname(t, &q);
	neg_add_ciphers(t, &q, all_ciphers, 4);
	neg_add_preauth(t, &q);
	r = ok311(t, &q);
	CHECK_TRUE(t, smb2_neg_ctx_find(&r->ctx, SMB2_ENCRYPTION_CAPABILITIES) ||
	                      !(t->srv->cipher),
	           "no encryption context, though the server encrypts");
}

/* ---- malformed context lists ---------------------------------------------- */

/* Where the context `index` starts in a frame (0 when outside). */
static size_t ctx_at(const uint8_t *f, size_t len, unsigned index)
{
	uint64_t off = le32(f + NEG_OFF_CTX_OFFSET);

	for (unsigned i = 0; i < index; i++) {
		if (off + NEG_CTX_HDR > len)
			return 0;
		off = (off + NEG_CTX_HDR + le16(f + off + 2) + 7) & ~(uint64_t)7;
	}
	return off + NEG_CTX_HDR <= len ? (size_t)off : 0;
}

static void hook_offset_outside(void *arg, uint8_t *f, size_t len)
{
	(void)arg;
	if (len > NEG_OFF_CTX_OFFSET + 4)
		put_le32(f + NEG_OFF_CTX_OFFSET, CTX_FAR_OFFSET);
}

static void hook_count_too_big(void *arg, uint8_t *f, size_t len)
{
	(void)arg;
	if (len > NEG_OFF_CTX_COUNT + 2)
		put_le16(f + NEG_OFF_CTX_COUNT,
		         (uint16_t)(le16(f + NEG_OFF_CTX_COUNT) + CTX_EXTRA_COUNT));
}

/* The last context's DataLength runs 64 bytes past the frame. */
static void hook_datalength_past_end(void *arg, uint8_t *f, size_t len)
{
	unsigned n = len > NEG_OFF_CTX_COUNT + 2 ? le16(f + NEG_OFF_CTX_COUNT) : 0;
	size_t at = n ? ctx_at(f, len, n - 1) : 0;

	(void)arg;
	if (at)
		put_le16(f + at + 2, (uint16_t)(len - at - NEG_CTX_HDR + 64));
}

/* The first counted field of context `index` (CipherCount,
 * HashAlgorithmCount) becomes 0. */
static void hook_first_count_zero(void *arg, uint8_t *f, size_t len)
{
	size_t at = ctx_at(f, len, *(const unsigned *)arg);

	if (at && at + NEG_CTX_HDR + 2 <= len)
		put_le16(f + at + NEG_CTX_HDR, 0);
}

/* 3.3.5.2.6: a request not conforming to 2.2.3: INVALID_PARAMETER (a
 * disconnect is allowed as well). */
static void expect_malformed(struct torture_ctx *t, const struct smb2_negotiate_req *q,
                             cli_hook_fn hook, void *arg)
{
	struct cli_override ov = { 0 };
	struct cli_req *r;

	ov.hook = hook;
	ov.hook_arg = arg;
	r = neg_fresh(t, q, &ov);
	if (r->local_error && r->status == STATUS_CONNECTION_DISCONNECTED) {
		torture_comment(t, "the server disconnected (3.3.5.2.6 allows it)");
		return;
	}
	CHECK_STATUS(t, r->status, STATUS_INVALID_PARAMETER);
}

static void malformed_ctx_offset(struct torture_ctx *t)
{
	struct smb2_negotiate_req q;

	req311(t, &q);
	neg_add_ciphers(t, &q, all_ciphers, 4);
	expect_malformed(t, &q, hook_offset_outside, NULL);
}

static void malformed_ctx_count(struct torture_ctx *t)
{
	struct smb2_negotiate_req q;

	req311(t, &q);
	neg_add_ciphers(t, &q, all_ciphers, 4);
	expect_malformed(t, &q, hook_count_too_big, NULL);
}

static void malformed_ctx_datalength(struct torture_ctx *t)
{
	struct smb2_negotiate_req q;

	req311(t, &q);
	neg_add_ciphers(t, &q, all_ciphers, 4);
	expect_malformed(t, &q, hook_datalength_past_end, NULL);
}

static void malformed_cipher_count_zero(struct torture_ctx *t)
{
	/* 2.2.3.1.2: CipherCount MUST be greater than zero. */
	static unsigned second = 1;
	struct smb2_negotiate_req q;

	req311(t, &q);
	neg_add_ciphers(t, &q, all_ciphers, 1);
	expect_malformed(t, &q, hook_first_count_zero, &second);
}

static void malformed_hash_count_zero(struct torture_ctx *t)
{
	/* 2.2.3.1.1: HashAlgorithmCount MUST be greater than zero. */
	static unsigned first = 0;
	struct smb2_negotiate_req q;

	req311(t, &q);
	expect_malformed(t, &q, hook_first_count_zero, &first);
}

static const struct torture_test tests[] = {
	TORTURE_TEST_RAW(preauth_sha512, "MS-SMB2 3.3.5.4; MS-SMB2 2.2.4.1.1",
	                 "3.1.1 answer: one SHA-512 preauth context with a fresh salt"),
	TORTURE_TEST_RAW(preauth_no_salt, "MS-SMB2 2.2.3.1.1; MS-SMB2 3.3.5.4",
	                 "a preauth context with SaltLength 0 is accepted"),
	TORTURE_TEST_RAW(preauth_missing, "MS-SMB2 3.3.5.4",
	                 "3.1.1 without a preauth context: STATUS_INVALID_PARAMETER"),
	TORTURE_TEST_RAW(no_contexts, "MS-SMB2 3.3.5.4",
	                 "3.1.1 with NegotiateContextCount 0: STATUS_INVALID_PARAMETER"),
	TORTURE_TEST_RAW(preauth_duplicate, "MS-SMB2 3.3.5.4",
	                 "two preauth contexts: STATUS_INVALID_PARAMETER"),
	TORTURE_TEST_RAW(preauth_no_common_hash, "MS-SMB2 3.3.5.4",
	                 "only an unknown hash: STATUS_SMB_NO_PREAUTH_INTEGRITY_HASH_OVERLAP"),
	TORTURE_TEST_RAW(cipher_selection, "MS-SMB2 3.3.5.4; MS-SMB2 2.2.4.1.2",
	                 "one cipher of the client's list, the same when offered alone"),
	TORTURE_TEST_RAW(cipher_aes256gcm_only, "MS-SMB2 3.3.5.4; MS-SMB2 2.2.4.1.2",
	                 "only AES-256-GCM offered: it or 0"),
	TORTURE_TEST_RAW(cipher_unknown_only, "MS-SMB2 3.3.5.4; MS-SMB2 2.2.4.1.2",
	                 "only an unknown cipher: cipher 0, no encryption"),
	TORTURE_TEST_RAW(cipher_not_offered, "MS-SMB2 3.3.5.4",
	                 "no encryption context asked: none answered"),
	TORTURE_TEST_RAW(encryption_duplicate, "MS-SMB2 3.3.5.4",
	                 "two encryption contexts: STATUS_INVALID_PARAMETER"),
	TORTURE_TEST_RAW(sign_alg_gmac, "MS-SMB2 3.3.5.4; MS-SMB2 2.2.3.1.7",
	                 "only AES-GMAC offered: AES-GMAC chosen"),
	TORTURE_TEST_RAW(sign_alg_cmac, "MS-SMB2 3.3.5.4; MS-SMB2 2.2.3.1.7",
	                 "only AES-CMAC offered: AES-CMAC chosen"),
	TORTURE_TEST_RAW(sign_alg_hmac, "MS-SMB2 3.3.5.4; MS-SMB2 2.2.3.1.7",
	                 "only HMAC-SHA256 offered: HMAC-SHA256 chosen"),
	TORTURE_TEST_RAW(sign_alg_any, "MS-SMB2 3.3.5.4; MS-SMB2 2.2.3.1.7",
	                 "all three offered: exactly one of them chosen"),
	TORTURE_TEST_RAW(unknown_context, "MS-SMB2 2.2.3.1; MS-SMB2 3.3.5.4",
	                 "an unknown context type is ignored, not echoed"),
	TORTURE_TEST_RAW(netname_context, "MS-SMB2 2.2.3.1.4; MS-SMB2 3.3.5.4",
	                 "a netname context is accepted and not answered"),
	TORTURE_TEST_RAW(contexts_any_order, "MS-SMB2 2.2.3.1",
	                 "preauth last, after signing, netname and encryption: accepted"),
	TORTURE_TEST_RAW(malformed_ctx_offset, "MS-SMB2 2.2.3; MS-SMB2 3.3.5.2.6",
	                 "NegotiateContextOffset past the frame: STATUS_INVALID_PARAMETER"),
	TORTURE_TEST_RAW(malformed_ctx_count, "MS-SMB2 2.2.3; MS-SMB2 3.3.5.2.6",
	                 "NegotiateContextCount past the contexts sent: STATUS_INVALID_PARAMETER"),
	TORTURE_TEST_RAW(malformed_ctx_datalength, "MS-SMB2 2.2.3.1; MS-SMB2 3.3.5.2.6",
	                 "a context DataLength past the frame: STATUS_INVALID_PARAMETER"),
	TORTURE_TEST_RAW(malformed_cipher_count_zero, "MS-SMB2 2.2.3.1.2; MS-SMB2 3.3.5.2.6",
	                 "CipherCount 0: STATUS_INVALID_PARAMETER"),
	TORTURE_TEST_RAW(malformed_hash_count_zero, "MS-SMB2 2.2.3.1.1; MS-SMB2 3.3.5.2.6",
	                 "HashAlgorithmCount 0: STATUS_INVALID_PARAMETER"),
};

TORTURE_SUITE(negotiate_ctx_suite, "negotiate_ctx", "SMB 3.1.1 negotiate contexts", tests)
