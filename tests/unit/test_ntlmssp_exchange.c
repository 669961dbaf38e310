/* Client against server in process, through SPNEGO (gensec) and raw. */
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "auth/gensec.h"
#include "auth/ntlmssp_crypto.h"
#include "auth/spnego.h"

static NTSTATUS lookup(void *arg, const char *user, const char *domain, uint8_t hash[16])
{
	(void)arg;
	(void)domain;
	if (strcmp(user, "alice") != 0)
		return STATUS_NO_SUCH_USER;
	return ntlm_nt_hash("S3cret\xc3\xa9!", hash); /* "S3creté!" */
}

static struct ntlmssp_server_cfg cfg(bool guest, bool anon)
{
	return (struct ntlmssp_server_cfg){
		.netbios_name = "SMBSIM", .netbios_domain = "WORKGROUP",
		.dns_name = "smbsim.example", .dns_domain = "example",
		.lookup = lookup, .allow_guest = guest, .allow_anonymous = anon,
	};
}

/* Which token of the exchange a hook may alter. */
enum { T_NEG, T_CHAL, T_AUTH, T_FINAL };
typedef void (*tamper_fn)(int which, struct wr *tok);

struct outcome {
	NTSTATUS server, client;
	bool client_key, server_key_ok;
	struct ntlmssp_server_result r;
	uint8_t ck[16];
};

static struct outcome run(const char *user, const char *pass, bool raw, bool guest, bool anon,
                          tamper_fn tamper)
{
	struct outcome o = { 0 };
	struct ntlmssp_client *nc;
	struct gensec_client *c;
	struct gensec_server *s;
	struct ntlmssp_server_cfg sc = cfg(guest, anon);
	struct wr init, t1, t2, t3, t4;

	wr_init(&init, 0), wr_init(&t1, 0), wr_init(&t2, 0), wr_init(&t3, 0), wr_init(&t4, 0);
	assert_status(ntlmssp_client_new(user, "WORKGROUP", pass, NULL, "CLIENT1", 0, &nc),
	              STATUS_SUCCESS);
	assert_status(gensec_client_new(nc, raw, &c), STATUS_SUCCESS);
	assert_status(gensec_server_new(&sc, &s), STATUS_SUCCESS);
	assert_status(gensec_server_initial_token(&init), STATUS_SUCCESS);

	assert_status(gensec_client_step(c, raw ? NULL : init.buf, raw ? 0 : init.len, &t1),
	              STATUS_MORE_PROCESSING_REQUIRED);
	if (tamper)
		tamper(T_NEG, &t1);
	o.server = gensec_server_step(s, t1.buf, t1.len, &t2);
	if (o.server != STATUS_MORE_PROCESSING_REQUIRED)
		goto done;
	if (tamper)
		tamper(T_CHAL, &t2);
	o.client = gensec_client_step(c, t2.buf, t2.len, &t3);
	if (o.client != STATUS_SUCCESS && o.client != STATUS_MORE_PROCESSING_REQUIRED)
		goto done;
	if (tamper)
		tamper(T_AUTH, &t3);
	o.server = gensec_server_step(s, t3.buf, t3.len, &t4);
	if (o.server != STATUS_SUCCESS)
		goto done;
	if (!raw) {
		if (tamper)
			tamper(T_FINAL, &t4);
		o.client = gensec_client_step(c, t4.buf, t4.len, &init);
	}
	o.client_key = gensec_client_session_key(c, o.ck);
	o.r = *gensec_server_result(s);
	o.server_key_ok = o.client_key && o.r.has_session_key && !memcmp(o.ck, o.r.session_key, 16);
done:
	gensec_client_free(c);
	gensec_server_free(s);
	wr_free(&init), wr_free(&t1), wr_free(&t2), wr_free(&t3), wr_free(&t4);
	return o;
}

static void test_success_spnego(void **state)
{
	(void)state;
	struct outcome o = run("alice", "S3cret\xc3\xa9!", false, false, false, NULL);

	assert_status(o.server, STATUS_SUCCESS);
	assert_status(o.client, STATUS_SUCCESS);
	assert_true(o.server_key_ok);
	assert_string_equal(o.r.user, "alice");
	assert_string_equal(o.r.domain, "WORKGROUP");
	assert_string_equal(o.r.workstation, "CLIENT1");
	assert_false(o.r.guest);
	assert_false(o.r.anonymous);
}

static void test_success_raw(void **state)
{
	(void)state;
	struct outcome o = run("alice", "S3cret\xc3\xa9!", true, false, false, NULL);

	assert_status(o.server, STATUS_SUCCESS);
	assert_true(o.server_key_ok);
}

static void test_wrong_password(void **state)
{
	(void)state;
	struct outcome o = run("alice", "wrong", false, true, true, NULL);

	/* A known user with a wrong password is never a guest. */
	assert_status(o.server, STATUS_LOGON_FAILURE);
}

static void test_unknown_user(void **state)
{
	(void)state;
	struct outcome o = run("mallory", "x", false, false, false, NULL);
	assert_status(o.server, STATUS_LOGON_FAILURE);

	o = run("mallory", "x", false, true, false, NULL);
	assert_status(o.server, STATUS_SUCCESS);
	assert_true(o.r.guest);
	assert_false(o.r.has_session_key);
	assert_status(o.client, STATUS_SUCCESS);
}

static void test_anonymous(void **state)
{
	(void)state;
	struct outcome o = run("", "", false, false, false, NULL);
	assert_status(o.server, STATUS_LOGON_FAILURE);

	o = run("", "", false, false, true, NULL);
	assert_status(o.server, STATUS_SUCCESS);
	assert_status(o.client, STATUS_SUCCESS);
	assert_true(o.r.anonymous);
	assert_false(o.r.has_session_key);
	assert_false(o.client_key);
}

/* Find the NTLMSSP message inside a token and flip one byte at `off`. */
static void flip_in_ntlm(struct wr *tok, size_t off)
{
	for (size_t i = 0; i + 8 <= tok->len; i++)
		if (!memcmp(tok->buf + i, "NTLMSSP", 8)) {
			assert_true(i + off < tok->len);
			tok->buf[i + off] ^= 0x01;
			return;
		}
	fail_msg("no NTLMSSP message in the token");
}

static void tamper_mic(int which, struct wr *tok)
{
	if (which == T_AUTH)
		flip_in_ntlm(tok, NTLMSSP_AUTH_MIC_OFFSET + 3);
}

static void test_mic_tampered(void **state)
{
	(void)state;
	assert_status(run("alice", "S3cret\xc3\xa9!", false, false, false, tamper_mic).server,
	              STATUS_LOGON_FAILURE);
	assert_status(run("alice", "S3cret\xc3\xa9!", true, false, false, tamper_mic).server,
	              STATUS_LOGON_FAILURE);
}

static void tamper_proof(int which, struct wr *tok)
{
	if (which != T_AUTH)
		return;
	for (size_t i = 0; i + 8 <= tok->len; i++)
		if (!memcmp(tok->buf + i, "NTLMSSP", 8)) {
			uint32_t nt_off = le32(tok->buf + i + 24);
			tok->buf[i + nt_off + 5] ^= 0x80;
			return;
		}
}

static void test_proof_tampered(void **state)
{
	(void)state;
	assert_status(run("alice", "S3cret\xc3\xa9!", false, false, false, tamper_proof).server,
	              STATUS_LOGON_FAILURE);
}

/* The NEGOTIATE is part of the MIC: altering a flag the server ignores
 * still fails the exchange. */
static void tamper_neg(int which, struct wr *tok)
{
	if (which == T_NEG)
		flip_in_ntlm(tok, 12 + 3); /* a flag byte (0x01000000: reserved) */
}

static void test_negotiate_tampered(void **state)
{
	(void)state;
	assert_status(run("alice", "S3cret\xc3\xa9!", false, false, false, tamper_neg).server,
	              STATUS_LOGON_FAILURE);
}

/* The server's mechListMIC is checked by the client. */
static void tamper_final(int which, struct wr *tok)
{
	if (which == T_FINAL)
		tok->buf[tok->len - 3] ^= 1;
}

static void test_final_mic_tampered(void **state)
{
	(void)state;
	struct outcome o = run("alice", "S3cret\xc3\xa9!", false, false, false, tamper_final);
	assert_status(o.server, STATUS_SUCCESS);
	assert_status(o.client, STATUS_LOGON_FAILURE);
}

/* The client's mechListMIC is checked by the server. */
static void tamper_client_mic(int which, struct wr *tok)
{
	if (which == T_AUTH)
		tok->buf[tok->len - 2] ^= 1; /* last field: mechListMIC */
}

static void test_client_mechlistmic_tampered(void **state)
{
	(void)state;
	assert_status(run("alice", "S3cret\xc3\xa9!", false, false, false, tamper_client_mic).server,
	              STATUS_LOGON_FAILURE);
}

/* An AUTHENTICATE made for one server's challenge, replayed to another. */
static void test_replay_other_challenge(void **state)
{
	(void)state;
	struct ntlmssp_server_cfg sc = cfg(false, false);
	struct ntlmssp_client *c;
	struct ntlmssp_server *s1, *s2;
	struct wr neg, ch1, ch2, auth, none;

	wr_init(&neg, 0), wr_init(&ch1, 0), wr_init(&ch2, 0), wr_init(&auth, 0), wr_init(&none, 0);
	assert_status(ntlmssp_client_new("alice", "WORKGROUP", "S3cret\xc3\xa9!", NULL, "C", 0, &c),
	              STATUS_SUCCESS);
	assert_status(ntlmssp_server_new(&sc, &s1), STATUS_SUCCESS);
	assert_status(ntlmssp_server_new(&sc, &s2), STATUS_SUCCESS);
	assert_status(ntlmssp_client_step(c, NULL, 0, &neg), STATUS_MORE_PROCESSING_REQUIRED);
	assert_status(ntlmssp_server_step(s1, neg.buf, neg.len, &ch1),
	              STATUS_MORE_PROCESSING_REQUIRED);
	assert_status(ntlmssp_server_step(s2, neg.buf, neg.len, &ch2),
	              STATUS_MORE_PROCESSING_REQUIRED);
	assert_status(ntlmssp_client_step(c, ch1.buf, ch1.len, &auth), STATUS_SUCCESS);
	assert_status(ntlmssp_server_step(s2, auth.buf, auth.len, &none), STATUS_LOGON_FAILURE);
	assert_null(ntlmssp_server_result(s2));
	assert_status(ntlmssp_server_step(s1, auth.buf, auth.len, &none), STATUS_SUCCESS);
	/* Replaying to the same server after success is refused too. */
	assert_status(ntlmssp_server_step(s1, auth.buf, auth.len, &none), STATUS_INVALID_PARAMETER);
	assert_non_null(ntlmssp_server_result(s1));
	ntlmssp_client_free(c);
	ntlmssp_server_free(s1);
	ntlmssp_server_free(s2);
	wr_free(&neg), wr_free(&ch1), wr_free(&ch2), wr_free(&auth), wr_free(&none);
}

/* NTLMv1-style response (24 bytes) is refused: build one by hand. */
static void test_ntlmv1_refused(void **state)
{
	(void)state;
	struct ntlmssp_server_cfg sc = cfg(true, true);
	struct ntlmssp_client *c;
	struct ntlmssp_server *s;
	struct wr neg, ch, auth;
	uint8_t resp24[24] = { 1 };
	static const uint8_t user[] = { 'a', 0, 'l', 0, 'i', 0, 'c', 0, 'e', 0 };

	wr_init(&neg, 0), wr_init(&ch, 0), wr_init(&auth, 0);
	assert_status(ntlmssp_client_new("alice", "W", "p", NULL, "C", 0, &c), STATUS_SUCCESS);
	assert_status(ntlmssp_server_new(&sc, &s), STATUS_SUCCESS);
	assert_status(ntlmssp_client_step(c, NULL, 0, &neg), STATUS_MORE_PROCESSING_REQUIRED);
	assert_status(ntlmssp_server_step(s, neg.buf, neg.len, &ch), STATUS_MORE_PROCESSING_REQUIRED);
	struct ntlmssp_authenticate a = {
		.lm_response = { resp24, 24 }, .nt_response = { resp24, 24 },
		.user = { user, sizeof(user) },
		.flags = NTLMSSP_NEGOTIATE_UNICODE | NTLMSSP_NEGOTIATE_NTLM,
	};
	assert_status(ntlmssp_authenticate_encode(&auth, &a), STATUS_SUCCESS);
	assert_status(ntlmssp_server_step(s, auth.buf, auth.len, &neg), STATUS_LOGON_FAILURE);
	ntlmssp_client_free(c);
	ntlmssp_server_free(s);
	wr_free(&neg), wr_free(&ch), wr_free(&auth);
}

/* The client refuses a server that offers no NTLMSSP. */
static void test_client_needs_ntlm(void **state)
{
	(void)state;
	struct spnego_init init = { .n_mechs = 1, .mech = { SPNEGO_MECH_KRB5 } };
	struct ntlmssp_client *nc;
	struct gensec_client *c;
	struct wr w, out;

	wr_init(&w, 0), wr_init(&out, 0);
	assert_status(spnego_init_encode(&w, &init), STATUS_SUCCESS);
	assert_status(ntlmssp_client_new("a", "b", "c", NULL, NULL, 0, &nc), STATUS_SUCCESS);
	assert_status(gensec_client_new(nc, false, &c), STATUS_SUCCESS);
	assert_status(gensec_client_step(c, w.buf, w.len, &out), STATUS_NOT_SUPPORTED);
	gensec_client_free(c);
	wr_free(&w), wr_free(&out);
}

/* A client that lists Kerberos first: the server picks NTLMSSP with
 * request-mic, then the exchange completes. */
static void test_server_second_choice(void **state)
{
	(void)state;
	struct ntlmssp_server_cfg sc = cfg(false, false);
	struct gensec_server *s;
	struct ntlmssp_client *c;
	struct wr init, rsp, neg, tok, auth;
	struct spnego_token t;

	wr_init(&init, 0), wr_init(&rsp, 0), wr_init(&neg, 0), wr_init(&tok, 0), wr_init(&auth, 0);
	struct spnego_init in = { .n_mechs = 2, .mech = { SPNEGO_MECH_MS_KRB5, SPNEGO_MECH_NTLMSSP } };
	assert_status(spnego_init_encode(&init, &in), STATUS_SUCCESS);
	assert_status(gensec_server_new(&sc, &s), STATUS_SUCCESS);
	assert_status(gensec_server_step(s, init.buf, init.len, &rsp),
	              STATUS_MORE_PROCESSING_REQUIRED);
	assert_status(spnego_decode(rsp.buf, rsp.len, &t), STATUS_SUCCESS);
	assert_int_equal(t.resp.neg_state, SPNEGO_REQUEST_MIC);
	assert_int_equal(t.resp.mech, SPNEGO_MECH_NTLMSSP);
	assert_false(t.resp.has_response_token);
	/* The NEGOTIATE follows in a NegTokenResp; no mechListMIC later is a failure. */
	assert_status(ntlmssp_client_new("alice", "WORKGROUP", "S3cret\xc3\xa9!", NULL, "C", 0, &c),
	              STATUS_SUCCESS);
	assert_status(ntlmssp_client_step(c, NULL, 0, &neg), STATUS_MORE_PROCESSING_REQUIRED);
	struct spnego_resp r = { .has_response_token = true,
	                         .response_token = { neg.buf, (uint32_t)neg.len } };
	assert_status(spnego_resp_encode(&tok, &r), STATUS_SUCCESS);
	wr_reset(&rsp);
	assert_status(gensec_server_step(s, tok.buf, tok.len, &rsp), STATUS_MORE_PROCESSING_REQUIRED);
	assert_status(spnego_decode(rsp.buf, rsp.len, &t), STATUS_SUCCESS);
	assert_status(ntlmssp_client_step(c, t.resp.response_token.p, t.resp.response_token.len, &auth),
	              STATUS_SUCCESS);
	r.response_token = (struct smb2_blob){ auth.buf, (uint32_t)auth.len };
	wr_reset(&tok);
	assert_status(spnego_resp_encode(&tok, &r), STATUS_SUCCESS);
	wr_reset(&rsp);
	assert_status(gensec_server_step(s, tok.buf, tok.len, &rsp), STATUS_LOGON_FAILURE);
	gensec_server_free(s);
	ntlmssp_client_free(c);
	wr_free(&init), wr_free(&rsp), wr_free(&neg), wr_free(&tok), wr_free(&auth);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_success_spnego),
		cmocka_unit_test(test_success_raw),
		cmocka_unit_test(test_wrong_password),
		cmocka_unit_test(test_unknown_user),
		cmocka_unit_test(test_anonymous),
		cmocka_unit_test(test_mic_tampered),
		cmocka_unit_test(test_proof_tampered),
		cmocka_unit_test(test_negotiate_tampered),
		cmocka_unit_test(test_final_mic_tampered),
		cmocka_unit_test(test_client_mechlistmic_tampered),
		cmocka_unit_test(test_replay_other_challenge),
		cmocka_unit_test(test_ntlmv1_refused),
		cmocka_unit_test(test_client_needs_ntlm),
		cmocka_unit_test(test_server_second_choice),
	};
	return cmocka_run_group_tests_name("ntlmssp_exchange", tests, NULL, NULL);
}
