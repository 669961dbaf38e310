/* SPNEGO tokens: Windows bytes, round trips, malformed twins. */
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "auth/gensec.h"
#include "auth/asn1.h"
#include "auth/spnego.h"

/* Every truncation and every single-byte length bump of a good token
 * fails, leaving the output untouched. */
static void malformed_twins(const uint8_t *p, size_t n)
{
	struct spnego_token out, pat;
	uint8_t *m = malloc(n ? n : 1);

	memset(&pat, 0xA5, sizeof(pat));
	for (size_t k = 0; k < n; k++) {
		memcpy(m, p, k);
		memset(&out, 0xA5, sizeof(out));
		assert_true(nt_status_is_error(spnego_decode(m, k, &out)));
		assert_memory_equal(&out, &pat, sizeof(out));
	}
	/* Bump each byte that could be a short-form length: the token must
	 * either fail or still be well-formed (a different OID byte etc.). */
	for (size_t k = 1; k < n; k++) {
		memcpy(m, p, n);
		if (m[k] >= 0x7f)
			continue;
		m[k]++;
		memset(&out, 0xA5, sizeof(out));
		if (nt_status_is_error(spnego_decode(m, n, &out)))
			assert_memory_equal(&out, &pat, sizeof(out));
	}
	free(m);
}

static void test_windows_tokens(void **state)
{
	(void)state;
	size_t n;
	uint8_t *p;
	struct spnego_token t;

	/* NEGOTIATE response: NegTokenInit listing NEGOEX and NTLMSSP. */
	p = tu_load_fixture("windows/fasod1_negprot_init2.bin", &n);
	assert_status(spnego_decode(p, n, &t), STATUS_SUCCESS);
	assert_true(t.is_init);
	assert_int_equal(t.init.n_mechs, 2);
	assert_int_equal(t.init.mech[0], SPNEGO_MECH_NEGOEX);
	assert_int_equal(t.init.mech[1], SPNEGO_MECH_NTLMSSP);
	assert_false(t.init.has_mech_token);
	malformed_twins(p, n);
	free(p);

	/* Client NegTokenInit with the NTLMSSP NEGOTIATE. */
	p = tu_load_fixture("windows/fasod1_sesssetup1_negotiate.bin", &n);
	assert_status(spnego_decode(p, n, &t), STATUS_SUCCESS);
	assert_true(t.is_init && t.init.has_mech_token);
	assert_int_equal(t.init.n_mechs, 1);
	assert_int_equal(t.init.mech_types_der.len, 14);
	assert_memory_equal(t.init.mech_token.p, "NTLMSSP", 8);
	/* Re-encoding gives the captured bytes. */
	struct wr w;
	wr_init(&w, 0);
	assert_status(spnego_init_encode(&w, &t.init), STATUS_SUCCESS);
	assert_int_equal(w.len, n);
	assert_memory_equal(w.buf, p, n);
	malformed_twins(p, n);
	free(p);

	/* Server NegTokenResp with the CHALLENGE, client's with AUTHENTICATE
	 * and mechListMIC, server's accept-completed with mechListMIC. */
	static const char *const resp[] = {
		"windows/fasod1_sesssetup1_challenge.bin",
		"windows/fasod1_sesssetup2_authenticate.bin",
		"windows/fasod1_sesssetup2_accept.bin",
	};
	for (int i = 0; i < 3; i++) {
		p = tu_load_fixture(resp[i], &n);
		assert_status(spnego_decode(p, n, &t), STATUS_SUCCESS);
		assert_false(t.is_init);
		wr_reset(&w);
		assert_status(spnego_resp_encode(&w, &t.resp), STATUS_SUCCESS);
		assert_int_equal(w.len, n);
		assert_memory_equal(w.buf, p, n);
		if (i == 0) {
			assert_int_equal(t.resp.neg_state, SPNEGO_ACCEPT_INCOMPLETE);
			assert_int_equal(t.resp.mech, SPNEGO_MECH_NTLMSSP);
		}
		if (i == 2) {
			assert_int_equal(t.resp.neg_state, SPNEGO_ACCEPT_COMPLETED);
			assert_int_equal(t.resp.mech_list_mic.len, 16);
		}
		malformed_twins(p, n);
		free(p);
	}
	wr_free(&w);
}

static void test_init2_roundtrip(void **state)
{
	(void)state;
	struct wr w;
	struct spnego_token t;

	wr_init(&w, 0);
	assert_status(gensec_server_initial_token(&w), STATUS_SUCCESS);
	assert_status(spnego_decode(w.buf, w.len, &t), STATUS_SUCCESS);
	assert_true(t.is_init && t.init.has_neg_hints && t.init.has_hint_name);
	assert_int_equal(t.init.hint_name.len, strlen(SPNEGO_HINT_NAME));
	assert_memory_equal(t.init.hint_name.p, SPNEGO_HINT_NAME, t.init.hint_name.len);
	malformed_twins(w.buf, w.len);

	/* Every field: flags, token, hints with address, MIC at [4]. */
	static const uint8_t tok[] = "tok", mic[] = "0123456789abcdef", addr[] = "a";
	struct spnego_init in = {
		.n_mechs = 3,
		.mech = { SPNEGO_MECH_MS_KRB5, SPNEGO_MECH_KRB5, SPNEGO_MECH_NTLMSSP },
		.has_req_flags = true, .req_flags = 0x60,
		.has_mech_token = true, .mech_token = { tok, 3 },
		.has_neg_hints = true, .has_hint_address = true, .hint_address = { addr, 1 },
		.has_mech_list_mic = true, .mech_list_mic = { mic, 16 },
	};
	wr_reset(&w);
	assert_status(spnego_init_encode(&w, &in), STATUS_SUCCESS);
	assert_status(spnego_decode(w.buf, w.len, &t), STATUS_SUCCESS);
	assert_int_equal(t.init.n_mechs, 3);
	assert_int_equal(t.init.mech[0], SPNEGO_MECH_MS_KRB5);
	assert_int_equal(t.init.mech[1], SPNEGO_MECH_KRB5);
	assert_true(t.init.has_req_flags);
	assert_int_equal(t.init.req_flags, 0x60);
	assert_true(t.init.has_hint_address && !t.init.has_hint_name);
	assert_true(t.init.has_mech_list_mic);
	assert_memory_equal(t.init.mech_list_mic.p, mic, 16);
	malformed_twins(w.buf, w.len);

	/* Plain NegTokenInit with mechListMIC at [3]. */
	in.has_neg_hints = false;
	wr_reset(&w);
	assert_status(spnego_init_encode(&w, &in), STATUS_SUCCESS);
	assert_status(spnego_decode(w.buf, w.len, &t), STATUS_SUCCESS);
	assert_false(t.init.has_neg_hints);
	assert_true(t.init.has_mech_list_mic);
	wr_free(&w);
}

static void test_bad_tokens(void **state)
{
	(void)state;
	static const char *const bad[] = {
		"",
		"6000",                                    /* no OID */
		"600806062b0601050503a000",                /* wrong OID (…5.3) */
		"600a06062b0601050502a000",                /* [0] length past parent */
		"600806062b0601050502a100",                /* [1] inside the wrapper */
		"600a06062b0601050502a0023000",            /* empty MechTypeList wrapper */
		"600c06062b0601050502a0043002a000",        /* mechTypes not a SEQUENCE */
		"a1053003a00100",                          /* negState not ENUMERATED */
		"a1083006a0030a0104",                      /* negState 4 */
		"a1093007a0030a010000",                    /* trailing byte in SEQUENCE */
		"a1053003a40100",                          /* unknown field [4] */
		"a18005300302010000",                      /* indefinite length */
		"a2023000",                                /* [2] at the top */
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		size_t n;
		uint8_t *p = tu_hex(bad[i], &n);
		struct spnego_token t;
		if (spnego_decode(p, n, &t) == STATUS_SUCCESS)
			fail_msg("bad token %zu (%s) decoded", i, bad[i]);
		free(p);
	}
	/* Too many mechanisms. */
	struct wr w;
	struct spnego_token t;
	struct spnego_init in = { .n_mechs = SPNEGO_MAX_MECH_TYPES };
	for (unsigned i = 0; i < in.n_mechs; i++)
		in.mech[i] = SPNEGO_MECH_NTLMSSP;
	wr_init(&w, 0);
	assert_status(spnego_init_encode(&w, &in), STATUS_SUCCESS);
	assert_status(spnego_decode(w.buf, w.len, &t), STATUS_SUCCESS);
	/* Append one more OID into the MechTypeList by hand: rebuild. */
	wr_reset(&w);
	size_t app = der_begin(&w, 0x60);
	static const uint8_t spnego_oid[] = { 0x2b, 0x06, 0x01, 0x05, 0x05, 0x02 };
	der_put(&w, ASN1_OID, spnego_oid, sizeof(spnego_oid));
	size_t c0 = der_begin(&w, ASN1_CONTEXT(0));
	size_t sq = der_begin(&w, ASN1_SEQUENCE);
	size_t mt = der_begin(&w, ASN1_CONTEXT(0));
	size_t l = der_begin(&w, ASN1_SEQUENCE);
	size_t olen;
	const uint8_t *oid = spnego_mech_oid(SPNEGO_MECH_NTLMSSP, &olen);
	for (unsigned i = 0; i <= SPNEGO_MAX_MECH_TYPES; i++)
		der_put(&w, ASN1_OID, oid, olen);
	der_end(&w, l);
	der_end(&w, mt);
	der_end(&w, sq);
	der_end(&w, c0);
	der_end(&w, app);
	assert_status(spnego_decode(w.buf, w.len, &t), STATUS_INVALID_PARAMETER);
	wr_free(&w);
}

static void test_resp_roundtrip(void **state)
{
	(void)state;
	static const uint8_t tok[] = "abc";
	struct spnego_resp r = {
		.has_neg_state = true, .neg_state = SPNEGO_REJECT,
		.has_supported_mech = true, .mech = SPNEGO_MECH_KRB5,
		.has_response_token = true, .response_token = { tok, 3 },
	};
	struct spnego_token t;
	struct wr w;

	wr_init(&w, 0);
	assert_status(spnego_resp_encode(&w, &r), STATUS_SUCCESS);
	assert_status(spnego_decode(w.buf, w.len, &t), STATUS_SUCCESS);
	assert_false(t.is_init);
	assert_int_equal(t.resp.neg_state, SPNEGO_REJECT);
	assert_int_equal(t.resp.mech, SPNEGO_MECH_KRB5);
	assert_int_equal(t.resp.response_token.len, 3);
	assert_false(t.resp.has_mech_list_mic);
	malformed_twins(w.buf, w.len);
	/* Empty NegTokenResp is valid. */
	struct spnego_resp e = { 0 };
	wr_reset(&w);
	assert_status(spnego_resp_encode(&w, &e), STATUS_SUCCESS);
	assert_status(spnego_decode(w.buf, w.len, &t), STATUS_SUCCESS);
	assert_false(t.resp.has_neg_state);
	wr_free(&w);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_windows_tokens),
		cmocka_unit_test(test_init2_roundtrip),
		cmocka_unit_test(test_bad_tokens),
		cmocka_unit_test(test_resp_roundtrip),
	};
	return cmocka_run_group_tests_name("spnego", tests, NULL, NULL);
}
