/*
 * smbsim-replay's keys at work (sessions.c): conversations built here the
 * way a client and server make them (NEGOTIATE, two SESSION_SETUP rounds,
 * signed and encrypted traffic) for 2.1 (HMAC-SHA256), 3.0 (AES-CMAC,
 * AES-128-CCM) and 3.1.1 (AES-GMAC with AES-128-GCM, AES-CMAC with
 * AES-256-GCM), read back with the session key only (keys derived,
 * 3.1.1's from the preauth hash of the captured NEGOTIATE and
 * SESSION_SETUP messages), with the cipher keys only, and with none.
 * Malformed twins: a wrong session key, a SESSION_SETUP byte changed
 * after the keys were made (the preauth hash no longer matches), a
 * flipped ciphertext byte, a changed signed message, a transform header
 * with bad flags; and a capture that begins after the session setup.
 */
#include <string.h>

#include "crypto/encrypt.h"
#include "crypto/kdf.h"
#include "crypto/preauth.h"
#include "crypto/sign.h"
#include "test_replay_util.h"
#include "wire/negotiate.h"
#include "wire/session_setup.h"

#define SID UINT64_C(0x0000100000000051)

static const uint8_t session_key[16] = { 0x40, 0x41, 0x42, 0x43, 0x44, 0x45, 0x46, 0x47,
                                         0x48, 0x49, 0x4a, 0x4b, 0x4c, 0x4d, 0x4e, 0x4f };

struct sess {
	uint16_t dialect, cipher, sign_alg;
	struct smb2_preauth conn, pre;
	struct smb2_keys keys;
	struct smb2_signer *signer;
	struct smb2_cipher *c2s, *s2c;
	uint64_t nonce;
	/* Where things went in the capture, for the twins. */
	size_t ssreq2_off;              /* capture offset of SS request 2's token */
	struct tr_cap b;
	struct tr_conv c;
	struct wr w;
	bool skip_setup;                /* begin the capture after the setup */
};

static void sign(struct sess *s, struct wr *w)
{
	uint8_t sig[16];

	put_le32(w->buf + SMB2_HDR_OFF_FLAGS, le32(w->buf + SMB2_HDR_OFF_FLAGS) | SMB2_FLAGS_SIGNED);
	assert_status(smb2_sign_buf(s->signer, w->buf, w->len, sig), STATUS_SUCCESS);
	memcpy(w->buf + SMB2_HDR_OFF_SIGNATURE, sig, 16);
}

static void hdr(struct wr *w, uint16_t cmd, bool rsp, uint64_t mid, uint64_t sid, NTSTATUS st)
{
	struct smb2_hdr h = {
		.command = cmd, .credit = 1, .message_id = mid, .process_id = 0xFEFF,
		.session_id = sid, .flags = rsp ? SMB2_FLAGS_SERVER_TO_REDIR : 0,
		.status = rsp ? st : 0,
	};

	wr_reset(w);
	assert_status(smb2_hdr_encode(w, &h), STATUS_SUCCESS);
}

static void add_ids(struct smb2_id_list *l, uint16_t id)
{
	l->ids[l->count++] = id;
}

static void negotiate(struct sess *s)
{
	static const uint8_t salt[32] = { 1, 2, 3 };
	struct smb2_negotiate_req q;
	struct smb2_negotiate_rsp p;
	struct smb2_neg_ctx *x;

	memset(&q, 0, sizeof(q));
	q.dialect_count = 1;
	q.dialects[0] = s->dialect;
	q.security_mode = SMB2_NEGOTIATE_SIGNING_ENABLED;
	q.capabilities = SMB2_GLOBAL_CAP_ENCRYPTION;
	if (s->dialect == SMB2_DIALECT_311) {
		x = &q.ctx.ctx[q.ctx.count++];
		x->type = SMB2_PREAUTH_INTEGRITY_CAPABILITIES;
		add_ids(&x->u.preauth.hashes, SMB2_PREAUTH_INTEGRITY_SHA512);
		x->u.preauth.salt.p = salt;
		x->u.preauth.salt.len = sizeof(salt);
		x = &q.ctx.ctx[q.ctx.count++];
		x->type = SMB2_ENCRYPTION_CAPABILITIES;
		add_ids(&x->u.ciphers, s->cipher);
		x = &q.ctx.ctx[q.ctx.count++];
		x->type = SMB2_SIGNING_CAPABILITIES;
		add_ids(&x->u.signing_algs, s->sign_alg);
	}
	hdr(&s->w, SMB2_NEGOTIATE, false, 0, 0, 0);
	assert_status(smb2_negotiate_req_encode(&s->w, &q), STATUS_SUCCESS);
	smb2_preauth_init(&s->conn);
	assert_status(smb2_preauth_update(&s->conn, s->w.buf, s->w.len), STATUS_SUCCESS);
	if (!s->skip_setup)
		tr_frame(&s->c, TR_C2S, s->w.buf, s->w.len);

	memset(&p, 0, sizeof(p));
	p.dialect_revision = s->dialect;
	p.capabilities = SMB2_GLOBAL_CAP_ENCRYPTION;
	p.max_read_size = p.max_write_size = p.max_transact_size = 65536;
	if (s->dialect == SMB2_DIALECT_311) {
		x = &p.ctx.ctx[p.ctx.count++];
		x->type = SMB2_PREAUTH_INTEGRITY_CAPABILITIES;
		add_ids(&x->u.preauth.hashes, SMB2_PREAUTH_INTEGRITY_SHA512);
		x->u.preauth.salt.p = salt;
		x->u.preauth.salt.len = sizeof(salt);
		x = &p.ctx.ctx[p.ctx.count++];
		x->type = SMB2_ENCRYPTION_CAPABILITIES;
		add_ids(&x->u.ciphers, s->cipher);
		x = &p.ctx.ctx[p.ctx.count++];
		x->type = SMB2_SIGNING_CAPABILITIES;
		add_ids(&x->u.signing_algs, s->sign_alg);
	}
	hdr(&s->w, SMB2_NEGOTIATE, true, 0, 0, STATUS_SUCCESS);
	assert_status(smb2_negotiate_rsp_encode(&s->w, &p), STATUS_SUCCESS);
	if (s->dialect == SMB2_DIALECT_311)
		assert_status(smb2_preauth_update(&s->conn, s->w.buf, s->w.len), STATUS_SUCCESS);
	if (!s->skip_setup)
		tr_frame(&s->c, TR_S2C, s->w.buf, s->w.len);
}

static void setup_msg(struct sess *s, bool rsp, uint64_t mid, uint64_t sid, NTSTATUS st,
                      const char *token)
{
	struct smb2_blob t = { (const uint8_t *)token, (uint32_t)strlen(token) };

	hdr(&s->w, SMB2_SESSION_SETUP, rsp, mid, sid, st);
	if (rsp) {
		struct smb2_session_setup_rsp p = { .security_buffer = t };

		assert_status(smb2_session_setup_rsp_encode(&s->w, &p), STATUS_SUCCESS);
	} else {
		struct smb2_session_setup_req q = { .security_mode = 1, .security_buffer = t };

		assert_status(smb2_session_setup_req_encode(&s->w, &q), STATUS_SUCCESS);
	}
}

/* The whole conversation. */
static void build(struct sess *s, uint16_t dialect, uint16_t cipher, uint16_t sign_alg)
{
	struct iovec iov;
	struct wr tf;
	uint8_t nonce[SMB2_TRANSFORM_NONCE_FIELD];
	bool v311 = dialect == SMB2_DIALECT_311;
	int i;

	s->dialect = dialect;
	s->cipher = cipher;
	s->sign_alg = sign_alg;
	wr_init(&s->w, 0);
	wr_init(&tf, 0);
	tr_cap_init(&s->b, TL_ETHERNET, false);
	tr_conv_init(&s->c, &s->b, 4, 49152, 445);
	if (!s->skip_setup)
		tr_handshake(&s->c);
	negotiate(s);
	smb2_preauth_fork(&s->conn, &s->pre);
	setup_msg(s, false, 1, 0, 0, "NEGOTIATE-TOKEN");
	if (v311)
		assert_status(smb2_preauth_update(&s->pre, s->w.buf, s->w.len), STATUS_SUCCESS);
	if (!s->skip_setup)
		tr_frame(&s->c, TR_C2S, s->w.buf, s->w.len);
	setup_msg(s, true, 1, SID, STATUS_MORE_PROCESSING_REQUIRED, "CHALLENGE-TOKEN");
	if (v311)
		assert_status(smb2_preauth_update(&s->pre, s->w.buf, s->w.len), STATUS_SUCCESS);
	if (!s->skip_setup)
		tr_frame(&s->c, TR_S2C, s->w.buf, s->w.len);
	setup_msg(s, false, 2, SID, 0, "AUTHENTICATE-TOKEN");
	if (v311)
		assert_status(smb2_preauth_update(&s->pre, s->w.buf, s->w.len), STATUS_SUCCESS);
	/* The token sits at the end of the message; the frame is small, so
	 * it is in one segment whose payload ends the capture so far. */
	s->ssreq2_off = s->b.len + 16 + 54 + 4 + s->w.len - 1;
	if (!s->skip_setup)
		tr_frame(&s->c, TR_C2S, s->w.buf, s->w.len);
	/* The keys (MS-SMB2 3.2.5.3.1), then the final response, signed. */
	assert_status(smb2_derive_keys(dialect, v311 ? cipher : 0, session_key, 16,
	                               v311 ? s->pre.value : NULL, &s->keys),
	              STATUS_SUCCESS);
	assert_status(smb2_signer_new(sign_alg, s->keys.signing, 16, &s->signer), STATUS_SUCCESS);
	setup_msg(s, true, 2, SID, STATUS_SUCCESS, "DONE");
	sign(s, &s->w);
	if (!s->skip_setup)
		tr_frame(&s->c, TR_S2C, s->w.buf, s->w.len);
	/* Signed traffic. */
	tr_echo(&s->w, false, 3);
	put_le64(s->w.buf + SMB2_HDR_OFF_SESSION_ID, SID);
	sign(s, &s->w);
	tr_frame(&s->c, TR_C2S, s->w.buf, s->w.len);
	tr_echo(&s->w, true, 3);
	put_le64(s->w.buf + SMB2_HDR_OFF_SESSION_ID, SID);
	sign(s, &s->w);
	tr_frame(&s->c, TR_S2C, s->w.buf, s->w.len);
	if (!cipher)
		goto out;
	/* Encrypted traffic: two frames each way. */
	assert_status(smb2_cipher_new(cipher, s->keys.c2s, s->keys.cipher_key_len, &s->c2s),
	              STATUS_SUCCESS);
	assert_status(smb2_cipher_new(cipher, s->keys.s2c, s->keys.cipher_key_len, &s->s2c),
	              STATUS_SUCCESS);
	for (i = 0; i < 4; i++) {
		bool rsp = i % 2;

		tr_echo(&s->w, rsp, (uint64_t)(4 + i / 2));
		put_le64(s->w.buf + SMB2_HDR_OFF_SESSION_ID, SID);
		memset(nonce, 0, sizeof(nonce));
		put_le64(nonce, ++s->nonce);
		iov.iov_base = s->w.buf;
		iov.iov_len = s->w.len;
		wr_reset(&tf);
		assert_status(smb2_encrypt_wr(rsp ? s->s2c : s->c2s, SID, nonce, &iov, 1, &tf),
		              STATUS_SUCCESS);
		tr_frame(&s->c, rsp ? TR_S2C : TR_C2S, tf.buf, tf.len);
	}
out:
	wr_free(&tf);
}

static void sess_free(struct sess *s)
{
	smb2_signer_free(s->signer);
	smb2_cipher_free(s->c2s);
	smb2_cipher_free(s->s2c);
	wr_free(&s->w);
	tr_cap_free(&s->b);
}

static void hex(char *out, const uint8_t *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		sprintf(out + 2 * i, "%02x", p[i]);
}

/* Read with a keys line; r gets the events. */
static void read_with(const struct sess *s, const char *keys, struct tr_run *r)
{
	struct rp_keyring *kr = NULL;
	struct rp_options o = { 0 };
	char err[256];

	if (keys) {
		assert_int_equal(rp_keyring_parse(keys, strlen(keys), "keys", &kr, err,
		                                  sizeof(err)), 0);
		o.keys = kr;
	}
	assert_int_equal(tr_read(&s->b, &o, r), 0);
	rp_keyring_free(kr);
}

static void session_key_line(char *out, size_t len, const uint8_t *key)
{
	char k[33];

	hex(k, key, 16);
	snprintf(out, len, "0x%llx %s\n", (unsigned long long)SID, k);
}

/* Everything decoded, every signature good, every transform decrypted. */
static void expect_all_good(const struct tr_run *r, unsigned sigs, unsigned transforms)
{
	if (r->st.damage)
		tr_print(r);
	assert_int_equal(r->st.damage, 0);
	assert_int_equal(r->st.sig_ok, sigs);
	assert_int_equal(r->st.sig_bad, 0);
	assert_int_equal(r->st.encrypted, transforms);
	assert_int_equal(r->st.decrypted, transforms);
}

struct variant {
	const char *name;
	uint16_t dialect, cipher, sign_alg;
};

static const struct variant variants[] = {
	{ "2.1 HMAC-SHA256", SMB2_DIALECT_210, 0, SMB2_SIGN_HMAC_SHA256 },
	{ "3.0 AES-CMAC AES-128-CCM", SMB2_DIALECT_300, SMB2_CIPHER_AES128_CCM, SMB2_SIGN_AES_CMAC },
	{ "3.0.2 AES-CMAC AES-128-CCM", SMB2_DIALECT_302, SMB2_CIPHER_AES128_CCM,
	  SMB2_SIGN_AES_CMAC },
	{ "3.1.1 AES-GMAC AES-128-GCM", SMB2_DIALECT_311, SMB2_CIPHER_AES128_GCM,
	  SMB2_SIGN_AES_GMAC },
	{ "3.1.1 AES-CMAC AES-256-GCM", SMB2_DIALECT_311, SMB2_CIPHER_AES256_GCM,
	  SMB2_SIGN_AES_CMAC },
	{ "3.1.1 AES-GMAC AES-256-CCM", SMB2_DIALECT_311, SMB2_CIPHER_AES256_CCM,
	  SMB2_SIGN_AES_GMAC },
};

#define NVARIANTS (sizeof(variants) / sizeof(variants[0]))

/* The session key alone: keys derived per dialect, preauth for 3.1.1. */
static void test_session_key(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < NVARIANTS; i++) {
		struct sess s = { 0 };
		struct tr_run r;
		char line[128];
		unsigned transforms = variants[i].cipher ? 4 : 0;

		print_message("%s\n", variants[i].name);
		build(&s, variants[i].dialect, variants[i].cipher, variants[i].sign_alg);
		session_key_line(line, sizeof(line), session_key);
		read_with(&s, line, &r);
		/* Final SESSION_SETUP response and the two ECHOs. */
		expect_all_good(&r, 3, transforms);
		assert_int_equal(tr_count(&r, RP_EV_MESSAGE), 8 + transforms);
		if (transforms) {
			const struct tr_ev *m = tr_msg(&r, 8);

			assert_true(m->decrypted);
			assert_int_equal(m->cmd, SMB2_ECHO);
			assert_int_equal(m->mid, 4);
			assert_int_equal(m->sig, RP_SIG_NONE);
		}
		tr_run_free(&r);

		/* Twin: a wrong session key: bad signatures, frames that do not
		 * decrypt; all reported, nothing else lost. */
		{
			uint8_t wrong[16];

			memcpy(wrong, session_key, 16);
			wrong[3] ^= 1;
			session_key_line(line, sizeof(line), wrong);
			read_with(&s, line, &r);
			assert_int_equal(r.st.sig_bad, 3);
			assert_int_equal(r.st.decrypted, 0);
			assert_int_equal(r.st.damage, 3 + transforms);
			assert_non_null(tr_damage(&r, RP_DMG_SIGNATURE));
			if (transforms) {
				assert_non_null(tr_damage(&r, RP_DMG_DECRYPT));
				assert_non_null(strstr(tr_damage(&r, RP_DMG_DECRYPT)->what,
				                       "does not decrypt with its key"));
			}
			assert_int_equal(tr_count(&r, RP_EV_MESSAGE), 8 + transforms);
			tr_run_free(&r);
		}
		sess_free(&s);
	}
}

/* Twin for 3.1.1: a byte of the second SESSION_SETUP request changed
 * after the keys were made: the preauth hash computed from the capture
 * differs, so the keys do. */
static void test_preauth_mismatch(void **state)
{
	struct sess s = { 0 };
	struct tr_run r;
	char line[128];

	(void)state;
	build(&s, SMB2_DIALECT_311, SMB2_CIPHER_AES128_GCM, SMB2_SIGN_AES_GMAC);
	assert_int_equal(s.b.p[s.ssreq2_off], 'N'); /* the token's last letter */
	s.b.p[s.ssreq2_off] = 'X';
	session_key_line(line, sizeof(line), session_key);
	read_with(&s, line, &r);
	assert_int_equal(r.st.sig_bad, 3);
	assert_int_equal(r.st.decrypted, 0);
	assert_int_equal(tr_count(&r, RP_EV_MESSAGE), 12);
	tr_run_free(&r);
	sess_free(&s);
}

/* The cipher keys alone: decrypted, signatures unverified; no keys:
 * nothing decrypted, and neither is damage. */
static void test_cipher_keys_and_none(void **state)
{
	struct sess s = { 0 };
	struct tr_run r;
	char line[256], s2c[65], c2s[65];

	(void)state;
	build(&s, SMB2_DIALECT_311, SMB2_CIPHER_AES256_GCM, SMB2_SIGN_AES_CMAC);
	hex(s2c, s.keys.s2c, s.keys.cipher_key_len);
	hex(c2s, s.keys.c2s, s.keys.cipher_key_len);
	snprintf(line, sizeof(line), "0x%llx - %s %s\n", (unsigned long long)SID, s2c, c2s);
	read_with(&s, line, &r);
	assert_int_equal(r.st.damage, 0);
	assert_int_equal(r.st.decrypted, 4);
	assert_int_equal(r.st.sig_ok, 0);
	assert_int_equal(r.st.sig_unknown, 3);
	tr_run_free(&r);
	/* Twin: the cipher keys swapped: each direction fails to decrypt. */
	snprintf(line, sizeof(line), "0x%llx - %s %s\n", (unsigned long long)SID, c2s, s2c);
	read_with(&s, line, &r);
	assert_int_equal(r.st.decrypted, 0);
	assert_int_equal(r.st.damage, 4);
	tr_run_free(&r);
	read_with(&s, NULL, &r);
	assert_int_equal(r.st.damage, 0);
	assert_int_equal(r.st.encrypted, 4);
	assert_int_equal(r.st.decrypted, 0);
	assert_int_equal(r.st.sig_unknown, 3);
	assert_int_equal(tr_msg(&r, 8)->type, RP_MSG_ENCRYPTED);
	assert_int_equal(tr_msg(&r, 8)->crypt, STATUS_NOT_FOUND);
	tr_run_free(&r);
	sess_free(&s);
}

/* Twins of single frames: a flipped ciphertext byte, a changed signed
 * message, a transform header with Flags 2.  Only that frame suffers. */
static void test_damaged_frames(void **state)
{
	struct sess s = { 0 };
	struct tr_run r;
	char line[128];
	size_t i, found = 0;

	(void)state;
	build(&s, SMB2_DIALECT_300, SMB2_CIPHER_AES128_CCM, SMB2_SIGN_AES_CMAC);
	/* Find the records by their bytes: transform frames start 0xFD 'SMB'
	 * after the NBSS header; signed ECHOs are 64 + 4 bytes. */
	for (i = 0; i + 8 < s.b.len; i++) {
		if (s.b.p[i] == 0xFD && !memcmp(s.b.p + i + 1, "SMB", 3)) {
			found++;
			if (found == 1)
				s.b.p[i + SMB2_TRANSFORM_HDR_SIZE + 10] ^= 0x40;
			if (found == 3)
				s.b.p[i + 42] = 2; /* Flags */
		}
	}
	assert_int_equal(found, 4);
	session_key_line(line, sizeof(line), session_key);
	read_with(&s, line, &r);
	assert_int_equal(r.st.decrypted, 2);
	assert_int_equal(r.st.damage, 2);
	assert_non_null(tr_damage(&r, RP_DMG_DECRYPT));
	assert_non_null(tr_damage(&r, RP_DMG_DECODE));
	assert_string_equal(tr_damage(&r, RP_DMG_DECODE)->field, "TRANSFORM.Flags");
	assert_false(tr_msg(&r, 8)->decrypted);
	assert_true(tr_msg(&r, 9)->decrypted);
	assert_false(tr_msg(&r, 10)->decrypted);
	assert_true(tr_msg(&r, 11)->decrypted);
	tr_run_free(&r);
	sess_free(&s);

	/* A signed ECHO request with a changed byte: its record (16 + 54 +
	 * 4 + 68 bytes) comes last but one, its last byte is the body's
	 * Reserved. */
	memset(&s, 0, sizeof(s));
	build(&s, SMB2_DIALECT_210, 0, SMB2_SIGN_HMAC_SHA256);
	s.b.p[s.b.len - 142 - 1] ^= 1;
	read_with(&s, line, &r);
	assert_int_equal(r.st.sig_bad, 1);
	assert_int_equal(r.st.sig_ok, 2);
	assert_int_equal(r.st.damage, 1);
	assert_non_null(strstr(tr_damage(&r, RP_DMG_SIGNATURE)->what, "ECHO request"));
	tr_run_free(&r);
	sess_free(&s);
}

/* The capture begins after the session setup: 3.0 keys need no preauth
 * (the dialect is not known either: its keys are tried), 3.1.1 keys
 * cannot be had from the session key, which is said but is not damage. */
static void test_setup_not_captured(void **state)
{
	struct sess s = { 0 };
	struct tr_run r;
	char line[128];

	(void)state;
	s.skip_setup = true;
	build(&s, SMB2_DIALECT_300, SMB2_CIPHER_AES128_CCM, SMB2_SIGN_AES_CMAC);
	session_key_line(line, sizeof(line), session_key);
	read_with(&s, line, &r);
	assert_int_equal(r.st.damage, 0);
	assert_int_equal(r.st.decrypted, 4);
	assert_int_equal(r.st.sig_unknown, 2); /* no NEGOTIATE: no signing algorithm */
	tr_run_free(&r);
	sess_free(&s);

	memset(&s, 0, sizeof(s));
	s.skip_setup = true;
	build(&s, SMB2_DIALECT_311, SMB2_CIPHER_AES128_GCM, SMB2_SIGN_AES_GMAC);
	read_with(&s, line, &r);
	assert_int_equal(r.st.damage, 0);
	assert_int_equal(r.st.decrypted, 0);
	assert_int_equal(tr_msg(&r, 2)->crypt, STATUS_HASH_NOT_PRESENT);
	tr_run_free(&r);
	sess_free(&s);
}

static int teardown(void **state)
{
	(void)state;
	smb2_crypto_cleanup();
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_session_key),
		cmocka_unit_test(test_preauth_mismatch),
		cmocka_unit_test(test_cipher_keys_and_none),
		cmocka_unit_test(test_damaged_frames),
		cmocka_unit_test(test_setup_not_captured),
	};

	return cmocka_run_group_tests(tests, NULL, teardown);
}
