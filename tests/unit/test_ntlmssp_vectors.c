/* NTLMv2 against the MS-NLMP 4.2.1/4.2.4 published example and a real
 * Windows exchange (MS-FASOD capture), plus malformed twins of the three
 * NTLMSSP decoders. */
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "auth/gensec.h"
#include "auth/ntlmssp_client.h"
#include "auth/ntlmssp_crypto.h"
#include "auth/ntlmssp_server.h"
#include "auth/spnego.h"

/* MS-NLMP 4.2.4.3: the CHALLENGE_MESSAGE and AUTHENTICATE_MESSAGE. */
static const char spec_challenge[] =
	"4e544c4d53535000020000000c000c003800000033828ae20123456789abcdef"
	"00000000000000002400240044000000060070170000000f5300650072007600"
	"6500720002000c0044006f006d00610069006e0001000c005300650072007600"
	"6500720000000000";
static const char spec_authenticate[] =
	"4e544c4d535350000300000018001800"
	"6c00000054005400840000000c000c00"
	"48000000080008005400000010001000"
	"5c00000010001000d8000000358288e2"
	"0501280a0000000f44006f006d006100"
	"69006e00550073006500720043004f00"
	"4d005000550054004500520086c35097"
	"ac9cec102554764a57cccc19aaaaaaaa"
	"aaaaaaaa68cd0ab851e51c96aabc927b"
	"ebef6a1c010100000000000000000000"
	"00000000aaaaaaaaaaaaaaaa00000000"
	"02000c0044006f006d00610069006e00"
	"01000c00530065007200760065007200"
	"0000000000000000c5dad2544fc97990"
	"94ce1ce90bc9d03e";

static void assert_hex(const uint8_t *p, size_t n, const char *hex)
{
	size_t len;
	uint8_t *want = tu_hex(hex, &len);

	assert_int_equal(n, len);
	assert_memory_equal(p, want, n);
	free(want);
}

static void test_crypto_loads(void **state)
{
	(void)state;
	if (ntlm_crypto_init() != STATUS_SUCCESS)
		fail_msg("NTLM crypto unavailable: %s", ntlm_crypto_error());
	assert_string_equal(ntlm_crypto_error(), "");
}

/* MS-NLMP 4.2.4.1.1 NTOWFv2 and 4.2.4.1.3 session base key, 4.2.4.2.2. */
static void test_ntowfv2_and_proof(void **state)
{
	(void)state;
	uint8_t nt[16], key[16], proof[16], base[16], lm[24], enc[16];
	static const uint8_t user[] = { 'U', 0, 's', 0, 'e', 0, 'r', 0 };
	static const uint8_t dom[] = { 'D', 0, 'o', 0, 'm', 0, 'a', 0, 'i', 0, 'n', 0 };
	uint8_t sc[8], cc[8], rsk[16];
	size_t n;
	uint8_t *temp = tu_hex("01010000000000000000000000000000aaaaaaaaaaaaaaaa00000000"
	                       "02000c0044006f006d00610069006e0001000c0053006500720076006500720000000000"
	                       "00000000", &n);

	memcpy(sc, "\x01\x23\x45\x67\x89\xab\xcd\xef", 8);
	memset(cc, 0xaa, 8);
	memset(rsk, 0x55, 16);
	assert_status(ntlm_nt_hash("Password", nt), STATUS_SUCCESS);
	assert_hex(nt, 16, "a4f49c406510bdcab6824ee7c30fd852");
	assert_status(ntlm_ntowfv2(nt, user, sizeof(user), dom, sizeof(dom), key), STATUS_SUCCESS);
	assert_hex(key, 16, "0c868a403bfd7a93a3001ef22ef02e3f");
	assert_status(ntlm_v2_proof(key, sc, temp, n, proof, base), STATUS_SUCCESS);
	assert_hex(proof, 16, "68cd0ab851e51c96aabc927bebef6a1c");
	assert_hex(base, 16, "8de40ccadbc14a82f15cb0ad0de95ca3");
	assert_status(ntlm_lmv2_response(key, sc, cc, lm), STATUS_SUCCESS);
	assert_hex(lm, 24, "86c35097ac9cec102554764a57cccc19aaaaaaaaaaaaaaaa");
	assert_status(ntlm_rc4(base, rsk, enc, 16), STATUS_SUCCESS);
	assert_hex(enc, 16, "c5dad2544fc9799094ce1ce90bc9d03e");
	/* Upper-casing the user gives the same key; the domain is not folded. */
	static const uint8_t user_lc[] = { 'u', 0, 's', 0, 'E', 0, 'R', 0 };
	uint8_t key2[16];
	assert_status(ntlm_ntowfv2(nt, user_lc, sizeof(user_lc), dom, sizeof(dom), key2),
	              STATUS_SUCCESS);
	assert_memory_equal(key, key2, 16);
	free(temp);
}

/* MS-NLMP 4.2.4.4: keys and GSS_WrapEx of "Plaintext" with key 0x55.. */
static void test_seal_vector(void **state)
{
	(void)state;
	uint8_t key[16], sig[16];
	uint8_t msg[18] = { 'P', 0, 'l', 0, 'a', 0, 'i', 0, 'n', 0, 't', 0, 'e', 0, 'x', 0, 't', 0 };
	uint32_t flags = 0xe2888235; /* the 4.2.4.3 AUTHENTICATE flags */
	struct ntlm_sec cli, srv;

	memset(key, 0x55, 16);
	assert_status(ntlm_sec_init(&cli, key, flags, true), STATUS_SUCCESS);
	assert_hex(cli.seal_key, 16, "59f600973cc4960a25480a7c196e4c58");
	assert_hex(cli.sign_key, 16, "4788dc861b4782f35d43fd98fe1a2d39");
	assert_status(ntlm_sec_seal(&cli, msg, sizeof(msg), sig), STATUS_SUCCESS);
	assert_hex(msg, sizeof(msg), "54e50165bf1936dc996020c1811b0f06fb5f");
	assert_hex(sig, 16, "010000007fb38ec5c55d497600000000");
	/* The other side unseals it; a second message too (state carries). */
	assert_status(ntlm_sec_init(&srv, key, flags, false), STATUS_SUCCESS);
	assert_status(ntlm_sec_unseal(&srv, msg, sizeof(msg), sig), STATUS_SUCCESS);
	assert_memory_equal(msg, "P\0l\0a\0i\0n\0t\0e\0x\0t\0", 18);
	assert_status(ntlm_sec_sign(&cli, msg, 4, sig), STATUS_SUCCESS);
	assert_int_equal(le32(sig + 12), 1);
	assert_status(ntlm_sec_verify(&srv, msg, 4, sig), STATUS_SUCCESS);
	/* Tampered: one bit of the checksum. */
	assert_status(ntlm_sec_sign(&cli, msg, 4, sig), STATUS_SUCCESS);
	sig[5] ^= 1;
	assert_status(ntlm_sec_verify(&srv, msg, 4, sig), STATUS_ACCESS_DENIED);
	ntlm_sec_free(&cli);
	ntlm_sec_free(&srv);
}

/* The client, fed the published CHALLENGE with the published client
 * challenge, time and random key, emits the published AUTHENTICATE. */
static void test_client_reproduces_spec(void **state)
{
	(void)state;
	struct ntlmssp_client *c;
	struct wr w;
	size_t clen;
	uint8_t *chal = tu_hex(spec_challenge, &clen);
	uint8_t cc[8], rsk[16], key[16];
	struct ntlmssp_version v = { 5, 1, 2600, 15 };

	memset(cc, 0xaa, 8);
	memset(rsk, 0x55, 16);
	assert_status(ntlmssp_client_new("User", "Domain", "Password", NULL, "COMPUTER",
	                                 0xe2888235, &c),
	              STATUS_SUCCESS);
	ntlmssp_client_set_version(c, &v);
	ntlmssp_client_set_fixed(c, cc, rsk, 0);
	wr_init(&w, 0);
	assert_status(ntlmssp_client_step(c, NULL, 0, &w), STATUS_MORE_PROCESSING_REQUIRED);
	wr_reset(&w);
	assert_status(ntlmssp_client_step(c, chal, clen, &w), STATUS_SUCCESS);
	assert_hex(w.buf, w.len, spec_authenticate);
	assert_true(ntlmssp_client_session_key(c, key));
	assert_hex(key, 16, "55555555555555555555555555555555");
	/* A third step is refused. */
	assert_status(ntlmssp_client_step(c, chal, clen, &w), STATUS_INVALID_PARAMETER);
	ntlmssp_client_free(c);
	wr_free(&w);
	free(chal);
}

static NTSTATUS lookup_user_password(void *arg, const char *user, const char *domain,
                                     uint8_t hash[16])
{
	(void)arg;
	(void)domain;
	if (strcmp(user, "User") != 0)
		return STATUS_NO_SUCH_USER;
	return ntlm_nt_hash("Password", hash);
}

/* The server check accepts the published AUTHENTICATE (no MIC, no
 * timestamp) and derives the published exported key. */
static void test_server_accepts_spec(void **state)
{
	(void)state;
	size_t clen, alen;
	uint8_t *chal = tu_hex(spec_challenge, &clen);
	uint8_t *auth = tu_hex(spec_authenticate, &alen);
	struct ntlmssp_server_cfg cfg = { .netbios_name = "Server", .lookup = lookup_user_password };
	struct ntlmssp_server_result r;

	assert_status(ntlmssp_server_check(&cfg, NULL, 0, chal, clen, auth, alen, 0, &r),
	              STATUS_SUCCESS);
	assert_string_equal(r.user, "User");
	assert_string_equal(r.domain, "Domain");
	assert_string_equal(r.workstation, "COMPUTER");
	assert_false(r.guest);
	assert_true(r.has_session_key);
	assert_hex(r.session_key, 16, "55555555555555555555555555555555");
	/* NTProofStr tampered (byte 0x98 of the message is inside it). */
	auth[0x84 + 3] ^= 0x40;
	assert_status(ntlmssp_server_check(&cfg, NULL, 0, chal, clen, auth, alen, 0, &r),
	              STATUS_LOGON_FAILURE);
	auth[0x84 + 3] ^= 0x40;
	/* Another server challenge. */
	chal[24] ^= 1;
	assert_status(ntlmssp_server_check(&cfg, NULL, 0, chal, clen, auth, alen, 0, &r),
	              STATUS_LOGON_FAILURE);
	chal[24] ^= 1;
	/* Timestamp 0 (1601) is far from "now". */
	assert_status(ntlmssp_server_check(&cfg, NULL, 0, chal, clen, auth, alen,
	                                   UINT64_C(132000000000000000), &r),
	              STATUS_LOGON_FAILURE);
	free(chal);
	free(auth);
}

/* Decode the published messages field by field. */
static void test_decode_spec_messages(void **state)
{
	(void)state;
	size_t clen, alen;
	uint8_t *chal = tu_hex(spec_challenge, &clen);
	uint8_t *auth = tu_hex(spec_authenticate, &alen);
	struct ntlmssp_challenge ch;
	struct ntlmssp_authenticate a;
	struct ntlmssp_av_info av;

	assert_status(ntlmssp_challenge_decode(chal, clen, &ch), STATUS_SUCCESS);
	assert_int_equal(ch.flags, 0xe28a8233);
	assert_memory_equal(ch.server_challenge, "\x01\x23\x45\x67\x89\xab\xcd\xef", 8);
	assert_int_equal(ch.target_name.len, 12);
	assert_int_equal(ch.version.major, 6);
	assert_int_equal(ch.version.build, 6000);
	assert_status(ntlmssp_av_parse(ch.target_info.p, ch.target_info.len, &av), STATUS_SUCCESS);
	assert_int_equal(av.n_pairs, 3);
	assert_int_equal(av.nb_domain.len, 12);
	assert_int_equal(av.nb_computer.len, 12);
	assert_false(av.has_timestamp);
	assert_status(ntlmssp_authenticate_decode(auth, alen, &a), STATUS_SUCCESS);
	assert_false(a.has_mic);
	assert_int_equal(a.flags, 0xe2888235);
	assert_int_equal(a.lm_response.len, 24);
	assert_int_equal(a.nt_response.len, 84);
	assert_int_equal(a.user.len, 8);
	assert_int_equal(a.enc_session_key.len, 16);
	/* Round trip: re-encoding gives the same bytes. */
	struct wr w;
	wr_init(&w, 0);
	assert_status(ntlmssp_authenticate_encode(&w, &a), STATUS_SUCCESS);
	assert_int_equal(w.len, alen);
	assert_memory_equal(w.buf, auth, alen);
	wr_reset(&w);
	assert_status(ntlmssp_challenge_encode(&w, &ch), STATUS_SUCCESS);
	assert_int_equal(w.len, clen);
	assert_memory_equal(w.buf, chal, clen);
	wr_free(&w);
	free(chal);
	free(auth);
}

/* ---- malformed twins ------------------------------------------------- */

typedef NTSTATUS (*raw_dec)(const uint8_t *, size_t, void *);
static NTSTATUS dec_neg(const uint8_t *p, size_t n, void *o) { return ntlmssp_negotiate_decode(p, n, o); }
static NTSTATUS dec_chal(const uint8_t *p, size_t n, void *o) { return ntlmssp_challenge_decode(p, n, o); }
static NTSTATUS dec_auth(const uint8_t *p, size_t n, void *o) { return ntlmssp_authenticate_decode(p, n, o); }

static void expect_fail(raw_dec dec, const uint8_t *msg, size_t n, size_t out_size)
{
	uint8_t *copy = malloc(n ? n : 1), *out = malloc(out_size), *pat = malloc(out_size);

	memcpy(copy, msg, n);
	memset(out, 0xA5, out_size);
	memset(pat, 0xA5, out_size);
	NTSTATUS st = dec(copy, n, out);
	if (!nt_status_is_error(st))
		fail_msg("decode of %zu bytes succeeded", n);
	assert_memory_equal(out, pat, out_size);
	free(copy);
	free(out);
	free(pat);
}

/* Every truncation below `min_ok` fails. */
static void truncations(raw_dec dec, const uint8_t *msg, size_t len, size_t min_ok,
                        size_t out_size)
{
	for (size_t n = 0; n < min_ok && n < len; n++)
		expect_fail(dec, msg, n, out_size);
}

static void patched32(raw_dec dec, const uint8_t *msg, size_t len, size_t at, uint32_t v,
                      size_t out_size)
{
	uint8_t *m = malloc(len);

	memcpy(m, msg, len);
	put_le32(m + at, v);
	expect_fail(dec, m, len, out_size);
	free(m);
}

static void patched16(raw_dec dec, const uint8_t *msg, size_t len, size_t at, uint16_t v,
                      size_t out_size)
{
	uint8_t *m = malloc(len);

	memcpy(m, msg, len);
	put_le16(m + at, v);
	expect_fail(dec, m, len, out_size);
	free(m);
}

static void test_malformed_challenge(void **state)
{
	(void)state;
	size_t n;
	uint8_t *m = tu_hex(spec_challenge, &n);
	size_t o = sizeof(struct ntlmssp_challenge);

	truncations(dec_chal, m, n, n, o);
	patched32(dec_chal, m, n, 8, 3, o);                 /* MessageType */
	patched32(dec_chal, m, n, 16, 0xFFFFFFF0u, o);      /* TargetName offset past end */
	patched32(dec_chal, m, n, 16, 8, o);                /* overlaps the fixed part */
	patched16(dec_chal, m, n, 12, 0xFFFF, o);           /* TargetName length */
	patched32(dec_chal, m, n, 44, UINT32_MAX, o);       /* TargetInfo offset overflow */
	patched16(dec_chal, m, n, 40, (uint16_t)(n - 0x44 + 1), o); /* TargetInfo past end */
	patched16(dec_chal, m, n, 0x44 + 2, 200, o);        /* AV pair past the list */
	patched16(dec_chal, m, n, 0x44 + 16, 2, o);         /* duplicate NbDomainName */
	patched32(dec_chal, m, n, n - 4, 0x00040000, o);    /* EOL with a length */
	/* A list without EOL: shorten TargetInfo by 4. */
	patched16(dec_chal, m, n, 40, 0x20, o);
	m[0] = 'X';
	expect_fail(dec_chal, m, n, o);
	free(m);
}

static void test_malformed_authenticate(void **state)
{
	(void)state;
	size_t n;
	uint8_t *m = tu_hex(spec_authenticate, &n);
	size_t o = sizeof(struct ntlmssp_authenticate);

	truncations(dec_auth, m, n, n, o);
	for (size_t f = 12; f < 60; f += 8) {
		patched32(dec_auth, m, n, f + 4, 0xFFFFFFFFu, o); /* offset overflow */
		patched32(dec_auth, m, n, f + 4, 40, o);          /* inside the fixed part */
		patched16(dec_auth, m, n, f, 0xFFF0, o);          /* length past the end */
	}
	patched16(dec_auth, m, n, 36, 7, o); /* odd UTF-16 domain length */
	free(m);
}

static void test_malformed_negotiate(void **state)
{
	(void)state;
	struct ntlmssp_negotiate n = { .flags = NTLMSSP_CLIENT_DEFAULT_FLAGS |
	                                        NTLMSSP_NEGOTIATE_OEM_DOMAIN_SUPPLIED,
	                               .version = { 10, 0, 1, 15 },
	                               .domain = { (const uint8_t *)"DOM", 3 } }, d;
	struct wr w;
	size_t o = sizeof(d);

	wr_init(&w, 0);
	assert_status(ntlmssp_negotiate_encode(&w, &n), STATUS_SUCCESS);
	assert_status(ntlmssp_negotiate_decode(w.buf, w.len, &d), STATUS_SUCCESS);
	assert_int_equal(d.flags, n.flags);
	assert_int_equal(d.domain.len, 3);
	assert_memory_equal(d.domain.p, "DOM", 3);
	assert_true(d.has_version);
	assert_int_equal(d.version.build, 1);
	truncations(dec_neg, w.buf, w.len, w.len, o);
	patched32(dec_neg, w.buf, w.len, 20, 0xFFFFFFFFu, o);
	patched32(dec_neg, w.buf, w.len, 20, 16, o);
	patched16(dec_neg, w.buf, w.len, 16, 300, o);
	wr_free(&w);
}

/* ---- a real Windows exchange (MS-FASOD example 1, TCP stream 1) ------- */

static NTSTATUS lookup_admin(void *arg, const char *user, const char *domain, uint8_t hash[16])
{
	(void)arg;
	(void)domain;
	if (strcmp(user, "Administrator") != 0)
		return STATUS_NO_SUCH_USER;
	return ntlm_nt_hash("Password01!", hash);
}

static struct smb2_blob inner_token(const uint8_t *p, size_t n, bool init)
{
	struct spnego_token t;

	assert_status(spnego_decode(p, n, &t), STATUS_SUCCESS);
	assert_int_equal(t.is_init, init);
	if (init) {
		assert_true(t.init.has_mech_token);
		return t.init.mech_token;
	}
	assert_true(t.resp.has_response_token);
	return t.resp.response_token;
}

static void test_windows_exchange(void **state)
{
	(void)state;
	size_t nl, cl, al, fl;
	uint8_t *neg = tu_load_fixture("windows/fasod1_sesssetup1_negotiate.bin", &nl);
	uint8_t *chal = tu_load_fixture("windows/fasod1_sesssetup1_challenge.bin", &cl);
	uint8_t *auth = tu_load_fixture("windows/fasod1_sesssetup2_authenticate.bin", &al);
	uint8_t *fin = tu_load_fixture("windows/fasod1_sesssetup2_accept.bin", &fl);
	struct smb2_blob n = inner_token(neg, nl, true);
	struct smb2_blob c = inner_token(chal, cl, false);
	struct smb2_blob a = inner_token(auth, al, false);
	struct ntlmssp_server_cfg cfg = { .netbios_name = "SUT01", .lookup = lookup_admin };
	struct ntlmssp_server_result r;
	struct ntlmssp_authenticate am;
	struct ntlmssp_v2_client_challenge cc;

	assert_status(ntlmssp_authenticate_decode(a.p, a.len, &am), STATUS_SUCCESS);
	assert_true(am.has_mic);
	assert_status(ntlmssp_v2_response_decode(am.nt_response.p, am.nt_response.len, &cc),
	              STATUS_SUCCESS);
	assert_true(cc.av.has_flags);
	assert_true(cc.av.flags & MSV_AV_FLAG_MIC_PRESENT);
	/* Judge the timestamp by the capture's own time. */
	assert_status(ntlmssp_server_check(&cfg, n.p, n.len, c.p, c.len, a.p, a.len,
	                                   cc.timestamp + 10000000, &r),
	              STATUS_SUCCESS);
	assert_string_equal(r.user, "Administrator");
	assert_string_equal(r.domain, "DESKTOP-OJ9BIN2");
	/* keys/smb2-session-keys.tsv, session 0x00000c0000000005. */
	assert_hex(r.session_key, 16, "6d707f8cf3507d05b1f75b9d24001b66");

	/* Both mechListMICs of the capture verify with that key. */
	struct spnego_token ti, ta, tf;
	struct ntlm_sec srv, cli;
	assert_status(spnego_decode(neg, nl, &ti), STATUS_SUCCESS);
	assert_status(spnego_decode(auth, al, &ta), STATUS_SUCCESS);
	assert_status(spnego_decode(fin, fl, &tf), STATUS_SUCCESS);
	assert_true(ta.resp.has_mech_list_mic && tf.resp.has_mech_list_mic);
	assert_int_equal(tf.resp.neg_state, SPNEGO_ACCEPT_COMPLETED);
	assert_status(ntlm_sec_init(&srv, r.session_key, r.flags, false), STATUS_SUCCESS);
	assert_status(ntlm_sec_init(&cli, r.session_key, r.flags, true), STATUS_SUCCESS);
	assert_status(ntlm_sec_verify(&srv, ti.init.mech_types_der.p, ti.init.mech_types_der.len,
	                              ta.resp.mech_list_mic.p),
	              STATUS_SUCCESS);
	assert_status(ntlm_sec_verify(&cli, ti.init.mech_types_der.p, ti.init.mech_types_der.len,
	                              tf.resp.mech_list_mic.p),
	              STATUS_SUCCESS);
	ntlm_sec_free(&srv);
	ntlm_sec_free(&cli);

	/* Wrong password; MIC tampered; too far in time. */
	uint8_t *a2 = malloc(a.len);
	memcpy(a2, a.p, a.len);
	a2[NTLMSSP_AUTH_MIC_OFFSET] ^= 1;
	assert_status(ntlmssp_server_check(&cfg, n.p, n.len, c.p, c.len, a2, a.len,
	                                   cc.timestamp, &r),
	              STATUS_LOGON_FAILURE);
	free(a2);
	assert_status(ntlmssp_server_check(&cfg, n.p, n.len, c.p, c.len, a.p, a.len,
	                                   cc.timestamp + NTLMSSP_DEFAULT_MAX_SKEW + 1, &r),
	              STATUS_LOGON_FAILURE);
	/* Without the NEGOTIATE the MIC cannot be checked: refused. */
	assert_status(ntlmssp_server_check(&cfg, NULL, 0, c.p, c.len, a.p, a.len, 0, &r),
	              STATUS_LOGON_FAILURE);
	free(neg);
	free(chal);
	free(auth);
	free(fin);
}

/* The decoders read the Windows messages; a round trip of the CHALLENGE. */
static void test_windows_messages_decode(void **state)
{
	(void)state;
	size_t nl, cl;
	uint8_t *neg = tu_load_fixture("windows/fasod1_sesssetup1_negotiate.bin", &nl);
	uint8_t *chal = tu_load_fixture("windows/fasod1_sesssetup1_challenge.bin", &cl);
	struct smb2_blob n = inner_token(neg, nl, true);
	struct smb2_blob c = inner_token(chal, cl, false);
	struct ntlmssp_negotiate nm;
	struct ntlmssp_challenge cm;
	struct ntlmssp_av_info av;

	assert_status(ntlmssp_negotiate_decode(n.p, n.len, &nm), STATUS_SUCCESS);
	assert_int_equal(nm.flags, 0xe2088297);
	assert_int_equal(nm.version.build, 19041);
	assert_status(ntlmssp_challenge_decode(c.p, c.len, &cm), STATUS_SUCCESS);
	assert_int_equal(cm.flags, 0xe28a8215);
	assert_status(ntlmssp_av_parse(cm.target_info.p, cm.target_info.len, &av), STATUS_SUCCESS);
	assert_true(av.has_timestamp);
	assert_int_equal(av.nb_computer.len, 10);
	assert_int_equal(av.dns_computer.len, 10);
	struct wr w;
	wr_init(&w, 0);
	assert_status(ntlmssp_challenge_encode(&w, &cm), STATUS_SUCCESS);
	assert_int_equal(w.len, c.len);
	assert_memory_equal(w.buf, c.p, c.len);
	wr_free(&w);
	free(neg);
	free(chal);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_crypto_loads),
		cmocka_unit_test(test_ntowfv2_and_proof),
		cmocka_unit_test(test_seal_vector),
		cmocka_unit_test(test_client_reproduces_spec),
		cmocka_unit_test(test_server_accepts_spec),
		cmocka_unit_test(test_decode_spec_messages),
		cmocka_unit_test(test_malformed_challenge),
		cmocka_unit_test(test_malformed_authenticate),
		cmocka_unit_test(test_malformed_negotiate),
		cmocka_unit_test(test_windows_exchange),
		cmocka_unit_test(test_windows_messages_decode),
	};
	return cmocka_run_group_tests_name("ntlmssp_vectors", tests, NULL, NULL);
}
