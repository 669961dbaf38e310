/* SP800-108 counter-mode KDF and the SMB 3.x key schedule (MS-SMB2 3.1.4.2). */
#include <stdbool.h>
#include <string.h>

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/params.h>

#include "crypto/crypto_ctx.h"
#include "crypto/encrypt.h"
#include "crypto/kdf.h"
#include "wire/smb2.h"

#define SHA256_LEN 32

static void put_be32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

static EVP_MAC_CTX *hmac_keyed(const uint8_t *key, size_t key_len, NTSTATUS *st)
{
	const struct smb2_crypto_algs *a = smb2_crypto_algs();
	OSSL_PARAM params[2];
	EVP_MAC_CTX *m;

	if (!a) {
		*st = STATUS_INTERNAL_ERROR;
		return NULL;
	}
	m = EVP_MAC_CTX_new(a->hmac);
	if (!m) {
		*st = STATUS_NO_MEMORY;
		return NULL;
	}
	params[0] = OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST,
	                                             (char *)"SHA256", 0);
	params[1] = OSSL_PARAM_construct_end();
	if (!EVP_MAC_init(m, key, key_len, params)) {
		EVP_MAC_CTX_free(m);
		*st = STATUS_INTERNAL_ERROR;
		return NULL;
	}
	return m;
}

/* Each piece at most SMB2_KDF_MAX_INPUT bytes, and present if not empty. */
static bool pieces_ok(const struct iovec *iov, size_t iovcnt)
{
	if (!iov && iovcnt)
		return false;
	for (size_t i = 0; i < iovcnt; i++)
		if (iov[i].iov_len > SMB2_KDF_MAX_INPUT ||
		    (!iov[i].iov_base && iov[i].iov_len))
			return false;
	return true;
}

NTSTATUS smb2_hmac_sha256(const uint8_t *key, size_t key_len,
                          const struct iovec *iov, size_t iovcnt,
                          uint8_t out[SMB2_HMAC_SHA256_SIZE])
{
	uint8_t mac[SHA256_LEN];
	size_t got = 0;
	NTSTATUS st = STATUS_SUCCESS;
	EVP_MAC_CTX *m;
	int ok = 1;

	if (!key || key_len == 0 || key_len > SMB2_KDF_MAX_INPUT || !out ||
	    !pieces_ok(iov, iovcnt))
		return STATUS_INVALID_PARAMETER;
	m = hmac_keyed(key, key_len, &st);
	if (!m)
		return st;
	for (size_t i = 0; ok && i < iovcnt; i++)
		ok = EVP_MAC_update(m, iov[i].iov_base, iov[i].iov_len);
	ok = ok && EVP_MAC_final(m, mac, &got, sizeof(mac)) && got == SHA256_LEN;
	EVP_MAC_CTX_free(m);
	if (!ok)
		return STATUS_INTERNAL_ERROR;
	memcpy(out, mac, SHA256_LEN);
	OPENSSL_cleanse(mac, sizeof(mac));
	return STATUS_SUCCESS;
}

/* SP800-108 5.1: K(i) = PRF(key, [i]_32be || fixed), i = 1, 2, ... */
static NTSTATUS kdf_counter(const uint8_t *key, size_t key_len,
                            const struct iovec *fixed, size_t nfixed,
                            uint8_t *out, size_t out_len)
{
	uint8_t buf[SMB2_KDF_MAX_OUT + SHA256_LEN];
	uint8_t be[4];
	NTSTATUS st = STATUS_SUCCESS;
	EVP_MAC_CTX *m;
	size_t done = 0;

	if (!key || key_len == 0 || key_len > SMB2_KDF_MAX_INPUT ||
	    !pieces_ok(fixed, nfixed) || !out || out_len == 0 ||
	    out_len > SMB2_KDF_MAX_OUT)
		return STATUS_INVALID_PARAMETER;
	m = hmac_keyed(key, key_len, &st);
	if (!m)
		return st;
	for (uint32_t i = 1; done < out_len; i++) {
		size_t got = 0;
		int ok;

		put_be32(be, i);
		/* A NULL key re-initialises HMAC with the key already set. */
		ok = EVP_MAC_init(m, NULL, 0, NULL) && EVP_MAC_update(m, be, 4);
		for (size_t j = 0; ok && j < nfixed; j++)
			ok = EVP_MAC_update(m, fixed[j].iov_base, fixed[j].iov_len);
		if (!ok || !EVP_MAC_final(m, buf + done, &got, SHA256_LEN) ||
		    got != SHA256_LEN) {
			st = STATUS_INTERNAL_ERROR;
			break;
		}
		done += SHA256_LEN;
	}
	EVP_MAC_CTX_free(m);
	if (!st)
		memcpy(out, buf, out_len);
	OPENSSL_cleanse(buf, sizeof(buf));
	return st;
}

NTSTATUS smb2_kdf_counter(const uint8_t *key, size_t key_len, const uint8_t *fixed,
                          size_t fixed_len, uint8_t *out, size_t out_len)
{
	struct iovec v = { .iov_base = (void *)fixed, .iov_len = fixed_len };

	return kdf_counter(key, key_len, &v, 1, out, out_len);
}

NTSTATUS smb2_kdf(const uint8_t *key, size_t key_len, const uint8_t *label,
                  size_t label_len, const uint8_t *context, size_t context_len,
                  uint8_t *out, size_t out_len)
{
	uint8_t zero = 0, lbe[4];
	struct iovec fixed[4] = {
		{ .iov_base = (void *)label, .iov_len = label_len },
		{ .iov_base = &zero, .iov_len = 1 },
		{ .iov_base = (void *)context, .iov_len = context_len },
		{ .iov_base = lbe, .iov_len = 4 },
	};

	if (out_len == 0 || out_len > SMB2_KDF_MAX_OUT)
		return STATUS_INVALID_PARAMETER;
	/* Fixed input: Label || 0x00 || Context || [L]_32be, L in bits. */
	put_be32(lbe, (uint32_t)(out_len * 8));
	return kdf_counter(key, key_len, fixed, 4, out, out_len);
}

/* Labels and contexts, with their terminating NUL (MS-SMB2 3.2.5.3.1). */
#define LIT(s) (const uint8_t *)(s), sizeof(s)

NTSTATUS smb2_derive_keys(uint16_t dialect, uint16_t cipher,
                          const uint8_t *auth_key, size_t auth_key_len,
                          const uint8_t *preauth_hash, struct smb2_keys *out)
{
	struct smb2_keys k = { 0 };
	uint8_t sk[SMB2_SESSION_KEY_SIZE] = { 0 };
	const uint8_t *ki;
	size_t ki_len;
	NTSTATUS st;

	if (!auth_key || auth_key_len == 0 || auth_key_len > SMB2_KDF_MAX_INPUT)
		return STATUS_INVALID_PARAMETER;
	/* MS-SMB2 3.2.1.3: first 16 bytes, right-padded with zeros. */
	memcpy(sk, auth_key, auth_key_len < sizeof(sk) ? auth_key_len : sizeof(sk));

	switch (dialect) {
	case SMB2_DIALECT_202:
	case SMB2_DIALECT_210:
		/* MS-SMB2 3.3.5.5.3: 2.x signs with Session.SessionKey. */
		memcpy(k.signing, sk, sizeof(sk));
		st = STATUS_SUCCESS;
		break;
	case SMB2_DIALECT_300:
	case SMB2_DIALECT_302:
		/* MS-SMB2 3.1.4.3: 3.0.x always encrypts with AES-128-CCM. */
		k.cipher_key_len = 16;
		st = smb2_kdf(sk, sizeof(sk), LIT("SMB2AESCMAC"), LIT("SmbSign"),
		              k.signing, sizeof(k.signing));
		if (!st)
			st = smb2_kdf(sk, sizeof(sk), LIT("SMB2AESCCM"), LIT("ServerIn "),
			              k.c2s, 16);
		if (!st)
			st = smb2_kdf(sk, sizeof(sk), LIT("SMB2AESCCM"), LIT("ServerOut"),
			              k.s2c, 16);
		if (!st)
			st = smb2_kdf(sk, sizeof(sk), LIT("SMB2APP"), LIT("SmbRpc"),
			              k.application, sizeof(k.application));
		break;
	case SMB2_DIALECT_311:
		if (!preauth_hash) {
			st = STATUS_INVALID_PARAMETER;
			break;
		}
		if (cipher == 0) {
			k.cipher_key_len = 16;
		} else {
			k.cipher_key_len = (uint8_t)smb2_cipher_key_len(cipher);
			if (!k.cipher_key_len) {
				st = STATUS_INVALID_PARAMETER;
				break;
			}
		}
		/* MS-SMB2 3.3.5.5.3: AES-256 cipher keys come from the full
		 * session key, every other key from Session.SessionKey. */
		ki = k.cipher_key_len == 32 ? auth_key : sk;
		ki_len = k.cipher_key_len == 32 ? auth_key_len : sizeof(sk);
		st = smb2_kdf(sk, sizeof(sk), LIT("SMBSigningKey"), preauth_hash,
		              SMB2_PREAUTH_HASH_SIZE, k.signing, sizeof(k.signing));
		if (!st)
			st = smb2_kdf(ki, ki_len, LIT("SMBC2SCipherKey"), preauth_hash,
			              SMB2_PREAUTH_HASH_SIZE, k.c2s, k.cipher_key_len);
		if (!st)
			st = smb2_kdf(ki, ki_len, LIT("SMBS2CCipherKey"), preauth_hash,
			              SMB2_PREAUTH_HASH_SIZE, k.s2c, k.cipher_key_len);
		if (!st)
			st = smb2_kdf(sk, sizeof(sk), LIT("SMBAppKey"), preauth_hash,
			              SMB2_PREAUTH_HASH_SIZE, k.application,
			              sizeof(k.application));
		break;
	default:
		st = STATUS_INVALID_PARAMETER;
		break;
	}
	if (!st)
		*out = k;
	OPENSSL_cleanse(&k, sizeof(k));
	OPENSSL_cleanse(sk, sizeof(sk));
	return st;
}

void smb2_keys_clear(struct smb2_keys *k)
{
	OPENSSL_cleanse(k, sizeof(*k));
}
