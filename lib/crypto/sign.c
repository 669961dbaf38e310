/* SMB2 signing: HMAC-SHA256, AES-128-CMAC, AES-128-GMAC (MS-SMB2 3.1.4.1). */
#include <stdlib.h>
#include <string.h>

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/params.h>

#include "crypto/crypto_ctx.h"
#include "crypto/sign.h"
#include "wire/hdr.h"
#include "wire/limits.h"
#include "wire/smb2.h"

#define SIG_OFF SMB2_HDR_OFF_SIGNATURE
#define HDR_OFF_COMMAND 12

struct smb2_signer {
	uint16_t alg;
	EVP_MAC_CTX *mac;     /* HMAC-SHA256 or CMAC, keyed once */
	EVP_CIPHER_CTX *gcm;  /* GMAC: AES-128-GCM, keyed once */
};

static NTSTATUS mac_new(const struct smb2_crypto_algs *a, uint16_t alg,
                        const uint8_t *key, size_t key_len, EVP_MAC_CTX **out)
{
	OSSL_PARAM params[2];
	EVP_MAC_CTX *m;

	if (alg == SMB2_SIGN_HMAC_SHA256) {
		m = EVP_MAC_CTX_new(a->hmac);
		params[0] = OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST,
		                                             (char *)"SHA256", 0);
	} else {
		/* RFC 4493 AES-CMAC: CMAC over AES-128 (named by its CBC mode). */
		m = EVP_MAC_CTX_new(a->cmac);
		params[0] = OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_CIPHER,
		                                             (char *)"AES-128-CBC", 0);
	}
	params[1] = OSSL_PARAM_construct_end();
	if (!m)
		return STATUS_NO_MEMORY;
	if (!EVP_MAC_init(m, key, key_len, params)) {
		EVP_MAC_CTX_free(m);
		return STATUS_INTERNAL_ERROR;
	}
	*out = m;
	return STATUS_SUCCESS;
}

static NTSTATUS gcm_new(const struct smb2_crypto_algs *a, const uint8_t *key,
                        EVP_CIPHER_CTX **out)
{
	EVP_CIPHER_CTX *g = EVP_CIPHER_CTX_new();

	if (!g)
		return STATUS_NO_MEMORY;
	/* The default GCM IV length is 12, as MS-SMB2 3.1.4.1 asks. */
	if (!EVP_EncryptInit_ex2(g, a->aes128_gcm, key, NULL, NULL)) {
		EVP_CIPHER_CTX_free(g);
		return STATUS_INTERNAL_ERROR;
	}
	*out = g;
	return STATUS_SUCCESS;
}

NTSTATUS smb2_signer_new(uint16_t alg, const uint8_t *key, size_t key_len,
                         struct smb2_signer **out)
{
	const struct smb2_crypto_algs *a;
	struct smb2_signer *s;
	NTSTATUS st;

	if (alg > SMB2_SIGN_AES_GMAC || !key || key_len != SMB2_SIGNING_KEY_SIZE)
		return STATUS_INVALID_PARAMETER;
	a = smb2_crypto_algs();
	if (!a)
		return STATUS_INTERNAL_ERROR;
	s = calloc(1, sizeof(*s));
	if (!s)
		return STATUS_NO_MEMORY;
	s->alg = alg;
	if (alg == SMB2_SIGN_AES_GMAC)
		st = gcm_new(a, key, &s->gcm);
	else
		st = mac_new(a, alg, key, key_len, &s->mac);
	if (st) {
		free(s);
		return st;
	}
	*out = s;
	return STATUS_SUCCESS;
}

void smb2_signer_free(struct smb2_signer *s)
{
	if (!s)
		return;
	/* Both free functions cleanse the key schedules they hold. */
	EVP_MAC_CTX_free(s->mac);
	EVP_CIPHER_CTX_free(s->gcm);
	free(s);
}

uint16_t smb2_signer_alg(const struct smb2_signer *s)
{
	return s->alg;
}

void smb2_gmac_nonce(const uint8_t hdr[64], uint8_t nonce[SMB2_GMAC_NONCE_SIZE])
{
	uint32_t flags = le32(hdr + SMB2_HDR_OFF_FLAGS);
	uint32_t bits = 0;

	/* MS-SMB2 3.1.4.1: MessageId, then role (bit 0) and cancel (bit 1). */
	memcpy(nonce, hdr + SMB2_HDR_OFF_MESSAGE_ID, 8);
	if (flags & SMB2_FLAGS_SERVER_TO_REDIR)
		bits |= 1;
	else if (le16(hdr + HDR_OFF_COMMAND) == SMB2_CANCEL)
		bits |= 2;
	put_le32(nonce + 8, bits);
}

/*
 * Total length of the iovec array, bounded by SMB2_MAX_PDU without
 * overflow, and a copy of its first 64 bytes (the header).
 */
static NTSTATUS gather(const struct iovec *iov, size_t iovcnt, size_t *total,
                       uint8_t hdr[SMB2_HDR_SIZE])
{
	size_t n = 0, got = 0;

	if (!iov && iovcnt)
		return STATUS_INVALID_PARAMETER;
	for (size_t i = 0; i < iovcnt; i++) {
		size_t l = iov[i].iov_len;

		if (l > SMB2_MAX_PDU - n)
			return STATUS_INVALID_PARAMETER;
		if (got < SMB2_HDR_SIZE && l) {
			size_t take = SMB2_HDR_SIZE - got < l ? SMB2_HDR_SIZE - got : l;

			memcpy(hdr + got, iov[i].iov_base, take);
			got += take;
		}
		n += l;
	}
	/* MS-SMB2 3.1.4.1: a signed message has at least the 64-byte header. */
	if (n < SMB2_HDR_SIZE)
		return STATUS_INVALID_PARAMETER;
	*total = n;
	return STATUS_SUCCESS;
}

/* Feed everything after the header to fn (a MAC or GCM AAD update). */
typedef int (*feed_fn)(void *ctx, const uint8_t *p, size_t n);

static int feed_rest(const struct iovec *iov, size_t iovcnt, size_t skip,
                     feed_fn fn, void *ctx)
{
	for (size_t i = 0; i < iovcnt; i++) {
		const uint8_t *p = iov[i].iov_base;
		size_t l = iov[i].iov_len;

		if (skip >= l) {
			skip -= l;
			continue;
		}
		if (!fn(ctx, p + skip, l - skip))
			return 0;
		skip = 0;
	}
	return 1;
}

static int mac_feed(void *ctx, const uint8_t *p, size_t n)
{
	return EVP_MAC_update(ctx, p, n);
}

static int aad_feed(void *ctx, const uint8_t *p, size_t n)
{
	int outl;

	/* GCM takes any number of AAD updates before the (empty) text. */
	while (n) {
		size_t chunk = n > (1u << 30) ? (1u << 30) : n;

		if (!EVP_EncryptUpdate(ctx, NULL, &outl, p, (int)chunk))
			return 0;
		p += chunk;
		n -= chunk;
	}
	return 1;
}

/*
 * The MAC of first[0..first_len) followed by iov from byte `skip` on, into
 * mac[0..mac_len) (mac_len <= 16, or <= 32 for HMAC-SHA256).  GMAC takes
 * its 12-byte nonce; the others ignore it.
 */
static NTSTATUS compute(struct smb2_signer *s, const uint8_t *nonce,
                        const uint8_t *first, size_t first_len,
                        const struct iovec *iov, size_t iovcnt, size_t skip,
                        uint8_t *mac, size_t mac_len)
{
	if (s->alg == SMB2_SIGN_AES_GMAC) {
		uint8_t tag[SMB2_SIGNATURE_SIZE], tail[16];
		int outl;
		OSSL_PARAM params[2];

		/* Same key, new nonce: no re-keying per message. */
		if (!EVP_EncryptInit_ex2(s->gcm, NULL, NULL, nonce, NULL) ||
		    (first_len && !aad_feed(s->gcm, first, first_len)) ||
		    !feed_rest(iov, iovcnt, skip, aad_feed, s->gcm) ||
		    !EVP_EncryptFinal_ex(s->gcm, tail, &outl))
			return STATUS_INTERNAL_ERROR;
		params[0] = OSSL_PARAM_construct_octet_string(OSSL_CIPHER_PARAM_AEAD_TAG,
		                                              tag, sizeof(tag));
		params[1] = OSSL_PARAM_construct_end();
		if (!EVP_CIPHER_CTX_get_params(s->gcm, params))
			return STATUS_INTERNAL_ERROR;
		memcpy(mac, tag, mac_len);
		return STATUS_SUCCESS;
	}

	uint8_t full[EVP_MAX_MD_SIZE];
	size_t full_len = 0;

	/* A NULL key re-initialises with the key already set (HMAC, CMAC). */
	if (!EVP_MAC_init(s->mac, NULL, 0, NULL) ||
	    (first_len && !EVP_MAC_update(s->mac, first, first_len)) ||
	    !feed_rest(iov, iovcnt, skip, mac_feed, s->mac) ||
	    !EVP_MAC_final(s->mac, full, &full_len, sizeof(full)) || full_len < mac_len)
		return STATUS_INTERNAL_ERROR;
	/* MS-SMB2 3.1.4.1: HMAC-SHA256 keeps the first 16 of 32 bytes; CMAC
	 * produces exactly 16. */
	memcpy(mac, full, mac_len);
	OPENSSL_cleanse(full, sizeof(full));
	return STATUS_SUCCESS;
}

/* The signature of a message whose header copy has Signature zeroed. */
static NTSTATUS sign_hdr(struct smb2_signer *s, const uint8_t hdr[SMB2_HDR_SIZE],
                         const struct iovec *iov, size_t iovcnt,
                         uint8_t sig[SMB2_SIGNATURE_SIZE])
{
	uint8_t nonce[SMB2_GMAC_NONCE_SIZE];

	smb2_gmac_nonce(hdr, nonce);
	return compute(s, nonce, hdr, SMB2_HDR_SIZE, iov, iovcnt, SMB2_HDR_SIZE, sig,
	               SMB2_SIGNATURE_SIZE);
}

NTSTATUS smb2_signer_mac(struct smb2_signer *s, const uint8_t *gmac_nonce,
                         const struct iovec *iov, size_t iovcnt, uint8_t *mac,
                         size_t mac_len)
{
	uint8_t out[32];
	size_t max = s->alg == SMB2_SIGN_HMAC_SHA256 ? 32 : SMB2_SIGNATURE_SIZE;
	size_t total = 0;
	NTSTATUS st;

	if (!mac || mac_len == 0 || mac_len > max || (!iov && iovcnt) ||
	    (s->alg == SMB2_SIGN_AES_GMAC && !gmac_nonce))
		return STATUS_INVALID_PARAMETER;
	for (size_t i = 0; i < iovcnt; i++) {
		if (iov[i].iov_len > SMB2_MAX_PDU - total ||
		    (!iov[i].iov_base && iov[i].iov_len))
			return STATUS_INVALID_PARAMETER;
		total += iov[i].iov_len;
	}
	st = compute(s, gmac_nonce, NULL, 0, iov, iovcnt, 0, out, mac_len);
	if (st)
		return st;
	memcpy(mac, out, mac_len);
	return STATUS_SUCCESS;
}

NTSTATUS smb2_sign_iov(struct smb2_signer *s, const struct iovec *iov,
                       size_t iovcnt, uint8_t sig[SMB2_SIGNATURE_SIZE])
{
	uint8_t hdr[SMB2_HDR_SIZE], out[SMB2_SIGNATURE_SIZE];
	size_t total;
	NTSTATUS st = gather(iov, iovcnt, &total, hdr);

	if (st)
		return st;
	/* MS-SMB2 3.1.4.1: computed with the Signature field zeroed. */
	memset(hdr + SIG_OFF, 0, SMB2_SIGNATURE_SIZE);
	st = sign_hdr(s, hdr, iov, iovcnt, out);
	if (st)
		return st;
	memcpy(sig, out, SMB2_SIGNATURE_SIZE);
	return STATUS_SUCCESS;
}

NTSTATUS smb2_verify_iov(struct smb2_signer *s, const struct iovec *iov,
                         size_t iovcnt)
{
	uint8_t hdr[SMB2_HDR_SIZE], got[SMB2_SIGNATURE_SIZE], want[SMB2_SIGNATURE_SIZE];
	size_t total;
	NTSTATUS st = gather(iov, iovcnt, &total, hdr);

	if (st)
		return st;
	/* MS-SMB2 3.1.5.1: save the signature, zero the field, recompute. */
	memcpy(got, hdr + SIG_OFF, SMB2_SIGNATURE_SIZE);
	memset(hdr + SIG_OFF, 0, SMB2_SIGNATURE_SIZE);
	st = sign_hdr(s, hdr, iov, iovcnt, want);
	if (st)
		return st;
	if (CRYPTO_memcmp(got, want, SMB2_SIGNATURE_SIZE) != 0)
		return STATUS_ACCESS_DENIED;
	return STATUS_SUCCESS;
}

NTSTATUS smb2_sign_buf(struct smb2_signer *s, const uint8_t *msg, size_t len,
                       uint8_t sig[SMB2_SIGNATURE_SIZE])
{
	struct iovec v = { .iov_base = (void *)msg, .iov_len = len };

	return smb2_sign_iov(s, &v, 1, sig);
}

NTSTATUS smb2_verify_buf(struct smb2_signer *s, const uint8_t *msg, size_t len)
{
	struct iovec v = { .iov_base = (void *)msg, .iov_len = len };

	return smb2_verify_iov(s, &v, 1);
}
