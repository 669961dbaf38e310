/* Samples: messages encrypted by lib/crypto/encrypt.h in an SMB2
 * TRANSFORM_HEADER (MS-SMB2 2.2.41, 3.1.4.3) under each cipher, and
 * messages signed by lib/crypto/sign.h (MS-SMB2 3.1.4.1) with HMAC-SHA256
 * (2.1) and AES-CMAC (3.0).  Each comes after a NEGOTIATE pair choosing
 * the dialect and cipher, because that is what tells a dissector which
 * algorithm to use, and each uses its own session, whose keys go to the
 * judge (struct sample_key). */
#include <string.h>

#include "samples_int.h"
#include "crypto/encrypt.h"
#include "crypto/kdf.h"
#include "crypto/sign.h"
#include "wire/echo.h"
#include "wire/negotiate.h"

#define CRYPTO_SESSION_BASE UINT64_C(0x0000200000000060)

/* Keys made up for the samples: each byte distinct per role. */
static void make_key(struct sample_key *k, uint16_t variant)
{
	size_t i;

	memset(k, 0, sizeof(*k));
	k->session_id = CRYPTO_SESSION_BASE + variant;
	for (i = 0; i < 16; i++)
		k->session_key[i] = (uint8_t)(0x10 + i + 16 * variant);
	for (i = 0; i < 32; i++) {
		k->s2c[i] = (uint8_t)(0x80 + i + variant);
		k->c2s[i] = (uint8_t)(0x40 + i + variant);
	}
}

/* ECHO in the session of `variant` (plain: encryption and signing wrap
 * the whole message). */
static NTSTATUS echo_msg(struct wr *w, struct smb2_hdr *h, struct sample_info *info,
                         uint64_t session_id)
{
	struct smb2_echo_req q = { 0 };
	struct smb2_echo_rsp r = { 0 };
	NTSTATUS st;

	h->session_id = session_id;
	h->tree_id = 0;
	st = sample_begin(w, h, info);
	if (st)
		return st;
	return smb2_hdr_is_response(h) ? smb2_echo_rsp_encode(w, &r) : smb2_echo_req_encode(w, &q);
}

static NTSTATUS encrypted_echo(struct wr *w, struct smb2_hdr *h, struct sample_info *info,
                               uint16_t cipher)
{
	uint8_t nonce[SMB2_TRANSFORM_NONCE_FIELD];
	struct smb2_cipher *c = NULL;
	struct sample_key k;
	struct iovec iov;
	struct wr plain;
	size_t klen = smb2_cipher_key_len(cipher), nlen = smb2_cipher_nonce_len(cipher), i;
	bool response = (h->flags & SMB2_FLAGS_SERVER_TO_REDIR) != 0;
	NTSTATUS st;

	make_key(&k, cipher);
	k.cipher_key_len = (uint8_t)klen;
	memset(nonce, 0, sizeof(nonce));
	for (i = 0; i < nlen; i++)
		nonce[i] = (uint8_t)(0xa0 + i + (response ? 0x10 : 0));
	wr_init(&plain, 0);
	st = echo_msg(&plain, h, info, k.session_id);
	if (!st)
		st = smb2_cipher_new(cipher, response ? k.s2c : k.c2s, klen, &c);
	if (!st) {
		iov.iov_base = plain.buf;
		iov.iov_len = plain.len;
		st = smb2_encrypt_wr(c, k.session_id, nonce, &iov, 1, w);
	}
	if (!st) {
		info->proto = SAMPLE_ENCRYPTED;
		info->has_key = true;
		info->key = k;
		sample_expect(info, "smb2.header.transform.msg_size", "%zu", plain.len);
		sample_expect(info, "smb2.header.transform.flags.encrypted", "1");
	}
	smb2_cipher_free(c);
	wr_free(&plain);
	return st;
}

/* Sign with the dialect's algorithm (MS-SMB2 3.1.4.1): HMAC-SHA256 with
 * the session key for 2.x, AES-CMAC with the SP800-108 signing key for
 * 3.0 (MS-SMB2 3.1.4.2). */
static NTSTATUS signed_echo(struct wr *w, struct smb2_hdr *h, struct sample_info *info,
                            uint16_t dialect)
{
	uint16_t variant = dialect == SMB2_DIALECT_210 ? 0x21 : 0x30;
	uint8_t sig[SMB2_SIGNATURE_SIZE];
	struct smb2_signer *s = NULL;
	struct smb2_keys keys;
	struct sample_key k;
	size_t start = w->len;
	NTSTATUS st;

	make_key(&k, variant);
	h->flags |= SMB2_FLAGS_SIGNED;
	st = echo_msg(w, h, info, k.session_id);
	if (!st)
		st = smb2_derive_keys(dialect, 0, k.session_key, 16, NULL, &keys);
	if (!st)
		st = smb2_signer_new(dialect == SMB2_DIALECT_210 ? SMB2_SIGN_HMAC_SHA256
		                                                 : SMB2_SIGN_AES_CMAC,
		                     keys.signing, SMB2_SIGNING_KEY_SIZE, &s);
	if (!st)
		st = smb2_sign_buf(s, w->buf + start, w->len - start, sig);
	if (!st) {
		memcpy(w->buf + start + 48, sig, sizeof(sig));
		info->has_key = true;
		info->key = k;
		sample_expect(info, "smb2.flags.signature", "1");
	}
	smb2_signer_free(s);
	smb2_keys_clear(&keys);
	return st;
}

#define NEG_PAIR(tag, dialect, cipher, sign)                                                \
	static NTSTATUS neg_req_##tag(struct wr *w, struct smb2_hdr *h, struct sample_info *i) \
	{                                                                                   \
		return sample_negotiate_req(w, h, i, dialect == SMB2_DIALECT_311 ? 5 : 3);      \
	}                                                                                   \
	static NTSTATUS neg_rsp_##tag(struct wr *w, struct smb2_hdr *h, struct sample_info *i) \
	{                                                                                   \
		return sample_negotiate_rsp(w, h, i, dialect, cipher, sign);                    \
	}

#define ENC_PAIR(tag, cipher)                                                               \
	static NTSTATUS enc_##tag(struct wr *w, struct smb2_hdr *h, struct sample_info *i)     \
	{                                                                                   \
		return encrypted_echo(w, h, i, cipher);                                         \
	}

NEG_PAIR(ccm128, SMB2_DIALECT_311, SMB2_ENCRYPTION_AES128_CCM, SMB2_SIGNING_AES_CMAC)
NEG_PAIR(gcm128, SMB2_DIALECT_311, SMB2_ENCRYPTION_AES128_GCM, SMB2_SIGNING_AES_GMAC)
NEG_PAIR(ccm256, SMB2_DIALECT_311, SMB2_ENCRYPTION_AES256_CCM, SMB2_SIGNING_HMAC_SHA256)
NEG_PAIR(gcm256, SMB2_DIALECT_311, SMB2_ENCRYPTION_AES256_GCM, SMB2_SIGNING_AES_GMAC)
NEG_PAIR(d210, SMB2_DIALECT_210, 0, 0)
NEG_PAIR(d300, SMB2_DIALECT_300, 0, 0)
ENC_PAIR(ccm128, SMB2_ENCRYPTION_AES128_CCM)
ENC_PAIR(gcm128, SMB2_ENCRYPTION_AES128_GCM)
ENC_PAIR(ccm256, SMB2_ENCRYPTION_AES256_CCM)
ENC_PAIR(gcm256, SMB2_ENCRYPTION_AES256_GCM)

static NTSTATUS sig_210(struct wr *w, struct smb2_hdr *h, struct sample_info *i)
{
	return signed_echo(w, h, i, SMB2_DIALECT_210);
}

static NTSTATUS sig_300(struct wr *w, struct smb2_hdr *h, struct sample_info *i)
{
	return signed_echo(w, h, i, SMB2_DIALECT_300);
}

#define ENTRIES(tag, label)                                                                 \
	{ "NEGOTIATE request before " label, SMB2_NEGOTIATE, false, neg_req_##tag },            \
	{ "NEGOTIATE response choosing " label, SMB2_NEGOTIATE, true, neg_rsp_##tag },          \
	{ "ECHO request encrypted " label, SMB2_ECHO, false, enc_##tag },                       \
	{ "ECHO response encrypted " label, SMB2_ECHO, true, enc_##tag }

const struct sample_entry samples_crypto[] = {
	ENTRIES(ccm128, "AES-128-CCM"),
	ENTRIES(gcm128, "AES-128-GCM"),
	ENTRIES(ccm256, "AES-256-CCM"),
	ENTRIES(gcm256, "AES-256-GCM"),
	{ "NEGOTIATE request before HMAC-SHA256 signing", SMB2_NEGOTIATE, false, neg_req_d210 },
	{ "NEGOTIATE response 2.1 for HMAC-SHA256 signing", SMB2_NEGOTIATE, true, neg_rsp_d210 },
	{ "ECHO request signed HMAC-SHA256 (2.1)", SMB2_ECHO, false, sig_210 },
	{ "ECHO response signed HMAC-SHA256 (2.1)", SMB2_ECHO, true, sig_210 },
	{ "NEGOTIATE request before AES-CMAC signing", SMB2_NEGOTIATE, false, neg_req_d300 },
	{ "NEGOTIATE response 3.0 for AES-CMAC signing", SMB2_NEGOTIATE, true, neg_rsp_d300 },
	{ "ECHO request signed AES-CMAC (3.0)", SMB2_ECHO, false, sig_300 },
	{ "ECHO response signed AES-CMAC (3.0)", SMB2_ECHO, true, sig_300 },
};
const size_t samples_crypto_count = sizeof(samples_crypto) / sizeof(samples_crypto[0]);
