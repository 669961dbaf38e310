/* SMB 3.x AES-CCM / AES-GCM encryption (MS-SMB2 3.1.4.3, 3.3.5.2.1.1). */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/params.h>

#include "crypto/crypto_ctx.h"
#include "crypto/encrypt.h"
#include "wire/limits.h"
#include "wire/smb2.h"

/* MS-SMB2 2.2.41: byte positions in the TRANSFORM_HEADER. */
#define TF_OFF_SIGNATURE SMB2_TRANSFORM_SIG_OFF /* 4 */
#define TF_OFF_NONCE SMB2_TRANSFORM_AAD_OFF     /* 20 */
#define TF_OFF_ORIGINAL_SIZE 36
#define TF_OFF_RESERVED 40
#define TF_OFF_FLAGS 42
#define TF_OFF_SESSION_ID 44

#define MAX_PLAINTEXT (SMB2_MAX_PDU - SMB2_TRANSFORM_HDR_SIZE)

/* Two keyed contexts: OpenSSL's CCM picks its block routine by direction
 * when the key is set, so a context keyed to encrypt cannot decrypt. */
struct smb2_cipher {
	uint16_t id;
	bool ccm;
	EVP_CIPHER_CTX *enc;
	EVP_CIPHER_CTX *dec;
};

size_t smb2_cipher_key_len(uint16_t cipher)
{
	switch (cipher) {
	case SMB2_CIPHER_AES128_CCM:
	case SMB2_CIPHER_AES128_GCM:
		return 16;
	case SMB2_CIPHER_AES256_CCM:
	case SMB2_CIPHER_AES256_GCM:
		return 32;
	default:
		return 0;
	}
}

size_t smb2_cipher_nonce_len(uint16_t cipher)
{
	switch (cipher) {
	case SMB2_CIPHER_AES128_CCM:
	case SMB2_CIPHER_AES256_CCM:
		return SMB2_CCM_NONCE_SIZE;
	case SMB2_CIPHER_AES128_GCM:
	case SMB2_CIPHER_AES256_GCM:
		return SMB2_GCM_NONCE_SIZE;
	default:
		return 0;
	}
}

static const EVP_CIPHER *evp_for(const struct smb2_crypto_algs *a, uint16_t id)
{
	switch (id) {
	case SMB2_CIPHER_AES128_CCM:
		return a->aes128_ccm;
	case SMB2_CIPHER_AES128_GCM:
		return a->aes128_gcm;
	case SMB2_CIPHER_AES256_CCM:
		return a->aes256_ccm;
	default:
		return a->aes256_gcm;
	}
}

/* Key one context for one direction. */
static int ctx_key(EVP_CIPHER_CTX *x, const EVP_CIPHER *evp, bool ccm,
                   const uint8_t *key, int enc)
{
	if (!EVP_CipherInit_ex2(x, evp, NULL, NULL, enc, NULL))
		return 0;
	if (ccm) {
		/* CCM fixes nonce (L = 15 - 11 = 4) and tag length before the
		 * key is set (RFC 3610 section 2). */
		size_t ivlen = SMB2_CCM_NONCE_SIZE;
		OSSL_PARAM p[3];

		p[0] = OSSL_PARAM_construct_size_t(OSSL_CIPHER_PARAM_IVLEN, &ivlen);
		p[1] = OSSL_PARAM_construct_octet_string(OSSL_CIPHER_PARAM_AEAD_TAG, NULL,
		                                         SMB2_AEAD_TAG_SIZE);
		p[2] = OSSL_PARAM_construct_end();
		if (!EVP_CIPHER_CTX_set_params(x, p))
			return 0;
	}
	/* GCM keeps its default 12-byte IV. */
	return EVP_CipherInit_ex2(x, NULL, key, NULL, enc, NULL);
}

NTSTATUS smb2_cipher_new(uint16_t cipher, const uint8_t *key, size_t key_len,
                         struct smb2_cipher **out)
{
	const struct smb2_crypto_algs *a;
	struct smb2_cipher *c;
	size_t want = smb2_cipher_key_len(cipher);

	if (!want || !key || key_len != want)
		return STATUS_INVALID_PARAMETER;
	a = smb2_crypto_algs();
	if (!a)
		return STATUS_INTERNAL_ERROR;
	c = calloc(1, sizeof(*c));
	if (!c)
		return STATUS_NO_MEMORY;
	c->id = cipher;
	c->ccm = smb2_cipher_nonce_len(cipher) == SMB2_CCM_NONCE_SIZE;
	c->enc = EVP_CIPHER_CTX_new();
	c->dec = EVP_CIPHER_CTX_new();
	if (!c->enc || !c->dec) {
		smb2_cipher_free(c);
		return STATUS_NO_MEMORY;
	}
	if (!ctx_key(c->enc, evp_for(a, cipher), c->ccm, key, 1) ||
	    !ctx_key(c->dec, evp_for(a, cipher), c->ccm, key, 0)) {
		smb2_cipher_free(c);
		return STATUS_INTERNAL_ERROR;
	}
	*out = c;
	return STATUS_SUCCESS;
}

void smb2_cipher_free(struct smb2_cipher *c)
{
	if (!c)
		return;
	EVP_CIPHER_CTX_free(c->enc); /* cleanses the key schedule */
	EVP_CIPHER_CTX_free(c->dec);
	free(c);
}

uint16_t smb2_cipher_id(const struct smb2_cipher *c)
{
	return c->id;
}

/* Sum of the iovec lengths, bounded by `max` without overflow. */
static NTSTATUS iov_total(const struct iovec *iov, size_t iovcnt, size_t max,
                          size_t *total)
{
	size_t n = 0;

	if (!iov && iovcnt)
		return STATUS_INVALID_PARAMETER;
	for (size_t i = 0; i < iovcnt; i++) {
		if (iov[i].iov_len > max - n || (!iov[i].iov_base && iov[i].iov_len))
			return STATUS_INVALID_PARAMETER;
		n += iov[i].iov_len;
	}
	*total = n;
	return STATUS_SUCCESS;
}

static void write_header(uint8_t *h, uint64_t session_id, const uint8_t *nonce,
                         uint32_t size)
{
	/* MS-SMB2 3.1.4.3: ProtocolId, Signature (filled in last), Nonce,
	 * OriginalMessageSize, Reserved 0, Flags 0x0001, SessionId.  The
	 * Nonce field goes out as given: all 16 bytes are authenticated. */
	put_le32(h, SMB2_TRANSFORM_MAGIC);
	memset(h + TF_OFF_SIGNATURE, 0, 16);
	memcpy(h + TF_OFF_NONCE, nonce, SMB2_TRANSFORM_NONCE_FIELD);
	put_le32(h + TF_OFF_ORIGINAL_SIZE, size);
	put_le16(h + TF_OFF_RESERVED, 0);
	put_le16(h + TF_OFF_FLAGS, SMB2_TRANSFORM_FLAG_ENCRYPTED);
	put_le64(h + TF_OFF_SESSION_ID, session_id);
}

/* The AEAD with the object's key.  Lengths are bounded by MAX_PLAINTEXT,
 * far below INT_MAX, so the (int) casts for OpenSSL are exact. */
static NTSTATUS seal_raw(struct smb2_cipher *c, const uint8_t *nonce,
                         const uint8_t *aad, size_t aad_len, const struct iovec *iov,
                         size_t iovcnt, size_t total, uint8_t *out,
                         uint8_t tag[SMB2_AEAD_TAG_SIZE])
{
	EVP_CIPHER_CTX *x = c->enc;
	OSSL_PARAM p[2];
	int outl = 0;
	size_t done = 0;

	if (!EVP_CipherInit_ex2(x, NULL, NULL, nonce, 1, NULL))
		return STATUS_INTERNAL_ERROR;
	if (c->ccm) {
		/* CCM needs the whole length first and the text in one call:
		 * a scattered message is gathered into place and sealed there. */
		const uint8_t *src = iov[0].iov_base;

		if (iovcnt != 1) {
			for (size_t i = 0; i < iovcnt; i++) {
				if (iov[i].iov_len)
					memcpy(out + done, iov[i].iov_base, iov[i].iov_len);
				done += iov[i].iov_len;
			}
			src = out;
		}
		if (!EVP_CipherUpdate(x, NULL, &outl, NULL, (int)total) ||
		    (aad_len && !EVP_CipherUpdate(x, NULL, &outl, aad, (int)aad_len)) ||
		    !EVP_CipherUpdate(x, out, &outl, src, (int)total) ||
		    (size_t)outl != total)
			return STATUS_INTERNAL_ERROR;
	} else {
		if (aad_len && !EVP_CipherUpdate(x, NULL, &outl, aad, (int)aad_len))
			return STATUS_INTERNAL_ERROR;
		for (size_t i = 0; i < iovcnt; i++) {
			if (!iov[i].iov_len)
				continue;
			if (!EVP_CipherUpdate(x, out + done, &outl, iov[i].iov_base,
			                      (int)iov[i].iov_len))
				return STATUS_INTERNAL_ERROR;
			done += (size_t)outl;
		}
		if (!EVP_CipherFinal_ex(x, out + done, &outl))
			return STATUS_INTERNAL_ERROR;
		done += (size_t)outl;
		if (done != total)
			return STATUS_INTERNAL_ERROR;
	}
	p[0] = OSSL_PARAM_construct_octet_string(OSSL_CIPHER_PARAM_AEAD_TAG, tag,
	                                         SMB2_AEAD_TAG_SIZE);
	p[1] = OSSL_PARAM_construct_end();
	if (!EVP_CIPHER_CTX_get_params(x, p))
		return STATUS_INTERNAL_ERROR;
	return STATUS_SUCCESS;
}

static NTSTATUS open_raw(struct smb2_cipher *c, const uint8_t *nonce,
                         const uint8_t *aad, size_t aad_len, const uint8_t *in,
                         size_t len, const uint8_t tag_in[SMB2_AEAD_TAG_SIZE],
                         uint8_t *out)
{
	EVP_CIPHER_CTX *x = c->dec;
	uint8_t tag[SMB2_AEAD_TAG_SIZE];
	OSSL_PARAM p[2];
	int outl = 0;

	memcpy(tag, tag_in, sizeof(tag));
	p[0] = OSSL_PARAM_construct_octet_string(OSSL_CIPHER_PARAM_AEAD_TAG, tag,
	                                         sizeof(tag));
	p[1] = OSSL_PARAM_construct_end();
	if (!EVP_CipherInit_ex2(x, NULL, NULL, nonce, 0, NULL))
		return STATUS_INTERNAL_ERROR;
	if (c->ccm) {
		/* CCM: expected tag and length first; the one update verifies. */
		if (!EVP_CIPHER_CTX_set_params(x, p) ||
		    !EVP_CipherUpdate(x, NULL, &outl, NULL, (int)len) ||
		    (aad_len && !EVP_CipherUpdate(x, NULL, &outl, aad, (int)aad_len)))
			return STATUS_INTERNAL_ERROR;
		if (EVP_CipherUpdate(x, out, &outl, in, (int)len) <= 0 ||
		    (size_t)outl != len)
			return STATUS_ACCESS_DENIED;
		return STATUS_SUCCESS;
	}
	if ((aad_len && !EVP_CipherUpdate(x, NULL, &outl, aad, (int)aad_len)) ||
	    (len && (!EVP_CipherUpdate(x, out, &outl, in, (int)len) ||
	             (size_t)outl != len)) ||
	    !EVP_CIPHER_CTX_set_params(x, p))
		return STATUS_INTERNAL_ERROR;
	if (EVP_CipherFinal_ex(x, out + len, &outl) <= 0)
		return STATUS_ACCESS_DENIED;
	return STATUS_SUCCESS;
}

/* Common argument checks of the raw AEAD calls. */
static NTSTATUS raw_args(const struct smb2_cipher *c, const uint8_t *nonce,
                         const uint8_t *aad, size_t aad_len, size_t len)
{
	if (!nonce || (!aad && aad_len) || aad_len > MAX_PLAINTEXT ||
	    len > MAX_PLAINTEXT)
		return STATUS_INVALID_PARAMETER;
	/* CCM's one-shot text update needs at least one byte. */
	if (c->ccm && len == 0)
		return STATUS_INVALID_PARAMETER;
	return STATUS_SUCCESS;
}

NTSTATUS smb2_cipher_seal(struct smb2_cipher *c, const uint8_t *nonce,
                          const uint8_t *aad, size_t aad_len,
                          const struct iovec *iov, size_t iovcnt, uint8_t *out,
                          uint8_t tag[SMB2_AEAD_TAG_SIZE])
{
	uint8_t t[SMB2_AEAD_TAG_SIZE];
	size_t total;
	NTSTATUS st = iov_total(iov, iovcnt, MAX_PLAINTEXT, &total);

	if (!st)
		st = raw_args(c, nonce, aad, aad_len, total);
	if (st)
		return st;
	if ((!out && total) || !tag)
		return STATUS_INVALID_PARAMETER;
	st = seal_raw(c, nonce, aad, aad_len, iov, iovcnt, total, out, t);
	if (st) {
		if (total)
			OPENSSL_cleanse(out, total);
		return st;
	}
	memcpy(tag, t, sizeof(t));
	return STATUS_SUCCESS;
}

NTSTATUS smb2_cipher_open(struct smb2_cipher *c, const uint8_t *nonce,
                          const uint8_t *aad, size_t aad_len, const uint8_t *in,
                          size_t len, const uint8_t tag[SMB2_AEAD_TAG_SIZE],
                          uint8_t *out)
{
	NTSTATUS st = raw_args(c, nonce, aad, aad_len, len);

	if (st)
		return st;
	if ((len && (!in || !out)) || !tag)
		return STATUS_INVALID_PARAMETER;
	st = open_raw(c, nonce, aad, aad_len, in, len, tag, out);
	if (st && len)
		OPENSSL_cleanse(out, len);
	return st;
}

NTSTATUS smb2_encrypt_iov(struct smb2_cipher *c, uint64_t session_id,
                          const uint8_t nonce[SMB2_TRANSFORM_NONCE_FIELD],
                          const struct iovec *iov, size_t iovcnt,
                          uint8_t *out, size_t out_cap, size_t *out_len)
{
	size_t total;
	NTSTATUS st = iov_total(iov, iovcnt, MAX_PLAINTEXT, &total);

	if (st)
		return st;
	/* MS-SMB2 3.1.4.3: the plaintext is an SMB2 message, header first. */
	if (total < SMB2_HDR_SIZE || !nonce || !out)
		return STATUS_INVALID_PARAMETER;
	if (out_cap < SMB2_TRANSFORM_HDR_SIZE + total)
		return STATUS_BUFFER_TOO_SMALL;
	write_header(out, session_id, nonce, (uint32_t)total);
	st = seal_raw(c, out + TF_OFF_NONCE, out + SMB2_TRANSFORM_AAD_OFF,
	              SMB2_TRANSFORM_AAD_LEN, iov, iovcnt, total,
	              out + SMB2_TRANSFORM_HDR_SIZE, out + TF_OFF_SIGNATURE);
	if (st) {
		OPENSSL_cleanse(out, SMB2_TRANSFORM_HDR_SIZE + total);
		return st;
	}
	*out_len = SMB2_TRANSFORM_HDR_SIZE + total;
	return STATUS_SUCCESS;
}

NTSTATUS smb2_encrypt_wr(struct smb2_cipher *c, uint64_t session_id,
                         const uint8_t nonce[SMB2_TRANSFORM_NONCE_FIELD],
                         const struct iovec *iov, size_t iovcnt, struct wr *w)
{
	size_t total, start = w->len, n = 0;
	uint8_t *p;
	NTSTATUS st = iov_total(iov, iovcnt, MAX_PLAINTEXT, &total);

	if (st)
		return st;
	if (total < SMB2_HDR_SIZE)
		return STATUS_INVALID_PARAMETER;
	p = wr_grow(w, SMB2_TRANSFORM_HDR_SIZE + total);
	if (!p)
		return STATUS_INSUFFICIENT_RESOURCES;
	st = smb2_encrypt_iov(c, session_id, nonce, iov, iovcnt, p,
	                      SMB2_TRANSFORM_HDR_SIZE + total, &n);
	if (st)
		w->len = start;
	return st;
}

NTSTATUS smb2_decrypt(struct smb2_cipher *c, const uint8_t *frame, size_t len,
                      uint8_t *out, size_t out_cap, size_t *out_len,
                      struct smb2_transform_hdr *hdr)
{
	struct smb2_transform_hdr h;
	struct smb2_blob payload;
	struct rd r;
	NTSTATUS st;

	if (!frame || !out || len > SMB2_MAX_PDU)
		return STATUS_INVALID_PARAMETER;
	rd_init(&r, frame, len);
	/* MS-SMB2 3.3.5.2.1.1: size, ProtocolId, Flags and
	 * OriginalMessageSize are checked by the wire decoder. */
	st = smb2_transform_decode(&r, &h, &payload);
	if (st)
		return st;
	if (out_cap < payload.len)
		return STATUS_BUFFER_TOO_SMALL;
	/* The nonce is the first 11 or 12 bytes of the field (MS-SMB2 2.2.41);
	 * the AAD the header from Nonce on; the tag the Signature. */
	st = open_raw(c, h.nonce, frame + SMB2_TRANSFORM_AAD_OFF,
	              SMB2_TRANSFORM_AAD_LEN, payload.p, payload.len, h.signature, out);
	if (st) {
		/* GCM decrypts before it checks: leave no unauthenticated
		 * plaintext behind. */
		OPENSSL_cleanse(out, payload.len);
		return st;
	}
	*out_len = payload.len;
	if (hdr)
		*hdr = h;
	return STATUS_SUCCESS;
}

NTSTATUS smb2_decrypt_wr(struct smb2_cipher *c, const uint8_t *frame, size_t len,
                         struct wr *w, struct smb2_transform_hdr *hdr)
{
	size_t start = w->len, n = 0;
	uint8_t *p;
	NTSTATUS st;

	if (!frame || len <= SMB2_TRANSFORM_HDR_SIZE || len > SMB2_MAX_PDU)
		return STATUS_INVALID_PARAMETER;
	p = wr_grow(w, len - SMB2_TRANSFORM_HDR_SIZE);
	if (!p)
		return STATUS_INSUFFICIENT_RESOURCES;
	st = smb2_decrypt(c, frame, len, p, len - SMB2_TRANSFORM_HDR_SIZE, &n, hdr);
	if (st)
		w->len = start;
	return st;
}

void smb2_nonce_gen_init(struct smb2_nonce_gen *g, uint64_t first,
                         const uint8_t fixed[4])
{
	g->next = first;
	if (fixed)
		memcpy(g->fixed, fixed, sizeof(g->fixed));
	else
		memset(g->fixed, 0, sizeof(g->fixed));
}

NTSTATUS smb2_nonce_next(struct smb2_nonce_gen *g, uint16_t cipher,
                         uint8_t nonce[SMB2_TRANSFORM_NONCE_FIELD])
{
	size_t nl = smb2_cipher_nonce_len(cipher);

	if (!nl)
		return STATUS_INVALID_PARAMETER;
	/* The last counter value is never issued, so none repeats. */
	if (g->next == UINT64_MAX)
		return STATUS_INTERNAL_ERROR;
	memset(nonce, 0, SMB2_TRANSFORM_NONCE_FIELD);
	put_le64(nonce, g->next);
	memcpy(nonce + 8, g->fixed, nl - 8);
	g->next++;
	return STATUS_SUCCESS;
}
