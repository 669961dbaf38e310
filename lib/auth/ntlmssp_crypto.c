/* NTLMv2 crypto over a private OpenSSL library context (see the header). */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/provider.h>
#include <openssl/rand.h>

#include "auth/ntlmssp.h"
#include "auth/ntlmssp_crypto.h"
#include "util/utf16.h"

static struct {
	pthread_once_t once;
	OSSL_LIB_CTX *ctx;
	EVP_MD *md4, *md5;
	EVP_CIPHER *rc4;
	bool ok;
	char error[160];
} g = { .once = PTHREAD_ONCE_INIT };

static void crypto_load(void)
{
	OSSL_LIB_CTX *ctx = OSSL_LIB_CTX_new();

	if (!ctx) {
		snprintf(g.error, sizeof(g.error), "OSSL_LIB_CTX_new failed");
		return;
	}
	/* Default first (MD5, HMAC, RAND), then legacy (MD4, RC4). */
	if (!OSSL_PROVIDER_load(ctx, "default")) {
		snprintf(g.error, sizeof(g.error),
		         "cannot load the OpenSSL default provider");
		goto fail;
	}
	if (!OSSL_PROVIDER_load(ctx, "legacy")) {
		snprintf(g.error, sizeof(g.error),
		         "cannot load the OpenSSL legacy provider (MD4 and RC4 for NTLM): "
		         "is legacy.so in OPENSSL_MODULES?");
		goto fail;
	}
	g.md4 = EVP_MD_fetch(ctx, "MD4", NULL);
	g.md5 = EVP_MD_fetch(ctx, "MD5", NULL);
	g.rc4 = EVP_CIPHER_fetch(ctx, "RC4", NULL);
	if (!g.md4 || !g.md5 || !g.rc4) {
		snprintf(g.error, sizeof(g.error), "OpenSSL lacks %s",
		         !g.md4 ? "MD4" : !g.md5 ? "MD5" : "RC4");
		EVP_MD_free(g.md4);
		EVP_MD_free(g.md5);
		EVP_CIPHER_free(g.rc4);
		g.md4 = g.md5 = NULL;
		g.rc4 = NULL;
		goto fail;
	}
	g.ctx = ctx;
	g.ok = true;
	return;
fail:
	ERR_clear_error();
	OSSL_LIB_CTX_free(ctx);
}

NTSTATUS ntlm_crypto_init(void)
{
	pthread_once(&g.once, crypto_load);
	return g.ok ? STATUS_SUCCESS : STATUS_NOT_SUPPORTED;
}

const char *ntlm_crypto_error(void)
{
	pthread_once(&g.once, crypto_load);
	return g.ok ? "" : g.error;
}

void ntlm_wipe(void *p, size_t n)
{
	OPENSSL_cleanse(p, n);
}

bool ntlm_ct_equal(const uint8_t *a, const uint8_t *b, size_t n)
{
	return CRYPTO_memcmp(a, b, n) == 0;
}

NTSTATUS ntlm_random(uint8_t *p, size_t n)
{
	if (ntlm_crypto_init())
		return STATUS_NOT_SUPPORTED;
	if (n > INT32_MAX || RAND_bytes_ex(g.ctx, p, n, 0) != 1)
		return STATUS_INTERNAL_ERROR;
	return STATUS_SUCCESS;
}

/* One digest over up to four buffers. */
static NTSTATUS digest(const EVP_MD *md, const uint8_t *const *d, const size_t *l, int n,
                       uint8_t out[16])
{
	EVP_MD_CTX *c = EVP_MD_CTX_new();
	unsigned olen = 0;
	int ok = c && EVP_DigestInit_ex2(c, md, NULL);

	for (int i = 0; ok && i < n; i++)
		if (l[i])
			ok = EVP_DigestUpdate(c, d[i], l[i]);
	ok = ok && EVP_DigestFinal_ex(c, out, &olen) && olen == 16;
	EVP_MD_CTX_free(c);
	return ok ? STATUS_SUCCESS : STATUS_INTERNAL_ERROR;
}

NTSTATUS ntlm_md5(const uint8_t *d1, size_t l1, const uint8_t *d2, size_t l2, uint8_t out[16])
{
	const uint8_t *d[2] = { d1, d2 };
	size_t l[2] = { l1, l2 };

	if (ntlm_crypto_init())
		return STATUS_NOT_SUPPORTED;
	return digest(g.md5, d, l, 2, out);
}

NTSTATUS ntlm_nt_hash(const char *password, uint8_t out[16])
{
	uint8_t *u16 = NULL;
	size_t n = 0;
	NTSTATUS st;

	if (ntlm_crypto_init())
		return STATUS_NOT_SUPPORTED;
	st = utf8_to_utf16le_alloc(password, strlen(password), &u16, &n);
	if (st)
		return st;
	const uint8_t *d[1] = { u16 };
	st = digest(g.md4, d, &n, 1, out);
	ntlm_wipe(u16, n);
	free(u16);
	return st;
}

NTSTATUS ntlm_hmac_md5(const uint8_t *key, size_t key_len, const uint8_t *d1, size_t l1,
                       const uint8_t *d2, size_t l2, const uint8_t *d3, size_t l3,
                       uint8_t out[16])
{
	/* RFC 2104 with B = 64 for MD5. */
	uint8_t k[64], pad[64], inner[16];
	NTSTATUS st;

	if (ntlm_crypto_init())
		return STATUS_NOT_SUPPORTED;
	memset(k, 0, sizeof(k));
	if (key_len > 64) {
		st = ntlm_md5(key, key_len, NULL, 0, k);
		if (st)
			return st;
	} else if (key_len) {
		memcpy(k, key, key_len);
	}
	for (int i = 0; i < 64; i++)
		pad[i] = k[i] ^ 0x36;
	{
		const uint8_t *d[4] = { pad, d1, d2, d3 };
		size_t l[4] = { 64, l1, l2, l3 };
		st = digest(g.md5, d, l, 4, inner);
	}
	if (!st) {
		for (int i = 0; i < 64; i++)
			pad[i] = k[i] ^ 0x5c;
		const uint8_t *d[2] = { pad, inner };
		size_t l[2] = { 64, 16 };
		st = digest(g.md5, d, l, 2, out);
	}
	ntlm_wipe(k, sizeof(k));
	ntlm_wipe(pad, sizeof(pad));
	ntlm_wipe(inner, sizeof(inner));
	return st;
}

NTSTATUS ntlm_ntowfv2(const uint8_t nt_hash[16], const uint8_t *user16, size_t user_len,
                      const uint8_t *domain16, size_t domain_len, uint8_t out[16])
{
	uint8_t up[NTLMSSP_MAX_NAME_BYTES];

	if (user_len > sizeof(up) || domain_len > NTLMSSP_MAX_NAME_BYTES)
		return STATUS_INVALID_PARAMETER;
	if (user_len)
		memcpy(up, user16, user_len);
	utf16le_upper(up, user_len);
	NTSTATUS st = ntlm_hmac_md5(nt_hash, 16, up, user_len, domain16, domain_len, NULL, 0, out);
	ntlm_wipe(up, sizeof(up));
	return st;
}

NTSTATUS ntlm_v2_proof(const uint8_t response_key[16], const uint8_t server_challenge[8],
                       const uint8_t *temp, size_t temp_len, uint8_t nt_proof[16],
                       uint8_t session_base_key[16])
{
	uint8_t proof[16];
	NTSTATUS st = ntlm_hmac_md5(response_key, 16, server_challenge, 8, temp, temp_len,
	                            NULL, 0, proof);
	if (st)
		return st;
	st = ntlm_hmac_md5(response_key, 16, proof, 16, NULL, 0, NULL, 0, session_base_key);
	if (st)
		return st;
	memcpy(nt_proof, proof, 16);
	return STATUS_SUCCESS;
}

NTSTATUS ntlm_lmv2_response(const uint8_t response_key[16], const uint8_t server_challenge[8],
                            const uint8_t client_challenge[8], uint8_t out[24])
{
	NTSTATUS st = ntlm_hmac_md5(response_key, 16, server_challenge, 8, client_challenge, 8,
	                            NULL, 0, out);
	if (st)
		return st;
	memcpy(out + 16, client_challenge, 8);
	return STATUS_SUCCESS;
}

static void *rc4_new(const uint8_t key[16])
{
	EVP_CIPHER_CTX *c = EVP_CIPHER_CTX_new();

	if (c && EVP_EncryptInit_ex2(c, g.rc4, key, NULL, NULL))
		return c;
	EVP_CIPHER_CTX_free(c);
	return NULL;
}

static NTSTATUS rc4_run(void *h, const uint8_t *in, uint8_t *out, size_t len)
{
	int olen = 0;

	if (len > INT32_MAX)
		return STATUS_INVALID_PARAMETER;
	if (len && !EVP_EncryptUpdate(h, out, &olen, in, (int)len))
		return STATUS_INTERNAL_ERROR;
	return STATUS_SUCCESS;
}

NTSTATUS ntlm_rc4(const uint8_t key[16], const uint8_t *in, uint8_t *out, size_t len)
{
	if (ntlm_crypto_init())
		return STATUS_NOT_SUPPORTED;
	void *h = rc4_new(key);
	if (!h)
		return STATUS_INTERNAL_ERROR;
	NTSTATUS st = rc4_run(h, in, out, len);
	EVP_CIPHER_CTX_free(h);
	return st;
}

/* ---- session security ------------------------------------------------ */

/* MS-NLMP 3.4.5.2 and 3.4.5.3: the magic constants include their NUL. */
static const char c2s_sign[] = "session key to client-to-server signing key magic constant";
static const char s2c_sign[] = "session key to server-to-client signing key magic constant";
static const char c2s_seal[] = "session key to client-to-server sealing key magic constant";
static const char s2c_seal[] = "session key to server-to-client sealing key magic constant";

static NTSTATUS seal_key(const uint8_t key[16], uint32_t flags, const char *magic,
                         uint8_t out[16])
{
	/* 3.4.5.3 with extended session security: 128-bit, 56-bit or 40-bit
	 * of the exported key, then MD5 with the magic constant. */
	size_t n = (flags & NTLMSSP_NEGOTIATE_128) ? 16 : (flags & NTLMSSP_NEGOTIATE_56) ? 7 : 5;

	return ntlm_md5(key, n, (const uint8_t *)magic, strlen(magic) + 1, out);
}

NTSTATUS ntlm_sec_init(struct ntlm_sec *s, const uint8_t key[16], uint32_t flags,
                       bool initiator)
{
	struct ntlm_sec r;
	NTSTATUS st;

	if (ntlm_crypto_init())
		return STATUS_NOT_SUPPORTED;
	/* Only the extended-session-security variant is implemented: NTLMv2
	 * clients always negotiate it (MS-NLMP 3.1.5.1.1 as Windows does). */
	if (!(flags & NTLMSSP_NEGOTIATE_EXTENDED_SESSIONSECURITY))
		return STATUS_NOT_SUPPORTED;
	memset(&r, 0, sizeof(r));
	r.flags = flags;
	const char *out_sign = initiator ? c2s_sign : s2c_sign;
	const char *in_sign = initiator ? s2c_sign : c2s_sign;
	const char *out_seal = initiator ? c2s_seal : s2c_seal;
	const char *in_seal = initiator ? s2c_seal : c2s_seal;
	if ((st = ntlm_md5(key, 16, (const uint8_t *)out_sign, strlen(out_sign) + 1, r.sign_key)) ||
	    (st = ntlm_md5(key, 16, (const uint8_t *)in_sign, strlen(in_sign) + 1, r.verify_key)) ||
	    (st = seal_key(key, flags, out_seal, r.seal_key)) ||
	    (st = seal_key(key, flags, in_seal, r.unseal_key)))
		return st;
	r.seal_rc4 = rc4_new(r.seal_key);
	r.unseal_rc4 = rc4_new(r.unseal_key);
	if (!r.seal_rc4 || !r.unseal_rc4) {
		ntlm_sec_free(&r);
		return STATUS_INTERNAL_ERROR;
	}
	*s = r;
	return STATUS_SUCCESS;
}

void ntlm_sec_free(struct ntlm_sec *s)
{
	EVP_CIPHER_CTX_free(s->seal_rc4);
	EVP_CIPHER_CTX_free(s->unseal_rc4);
	ntlm_wipe(s, sizeof(*s));
}

/* 3.4.4.2 MAC with extended session security. */
static NTSTATUS mac(void *rc4, const uint8_t key[16], uint32_t flags, uint32_t seq,
                    const uint8_t *msg, size_t len, uint8_t sig[16])
{
	uint8_t seqb[4], h[16];
	NTSTATUS st;

	put_le32(seqb, seq);
	st = ntlm_hmac_md5(key, 16, seqb, 4, msg, len, NULL, 0, h);
	if (st)
		return st;
	if (flags & NTLMSSP_NEGOTIATE_KEY_EXCH) {
		st = rc4_run(rc4, h, h, 8);
		if (st)
			return st;
	}
	put_le32(sig, 1); /* Version */
	memcpy(sig + 4, h, 8);
	put_le32(sig + 12, seq);
	return STATUS_SUCCESS;
}

NTSTATUS ntlm_sec_sign(struct ntlm_sec *s, const uint8_t *msg, size_t len, uint8_t sig[16])
{
	NTSTATUS st = mac(s->seal_rc4, s->sign_key, s->flags, s->seq_out, msg, len, sig);

	if (!st)
		s->seq_out++;
	return st;
}

NTSTATUS ntlm_sec_verify(struct ntlm_sec *s, const uint8_t *msg, size_t len,
                         const uint8_t sig[16])
{
	uint8_t want[16];
	NTSTATUS st = mac(s->unseal_rc4, s->verify_key, s->flags, s->seq_in, msg, len, want);

	if (st)
		return st;
	s->seq_in++;
	return ntlm_ct_equal(want, sig, 16) ? STATUS_SUCCESS : STATUS_ACCESS_DENIED;
}

NTSTATUS ntlm_sec_seal(struct ntlm_sec *s, uint8_t *msg, size_t len, uint8_t sig[16])
{
	uint8_t *plain = malloc(len ? len : 1);
	NTSTATUS st;

	if (!plain)
		return STATUS_NO_MEMORY;
	memcpy(plain, msg, len);
	/* 3.4.3: encrypt first, then MAC the plaintext with the same handle. */
	st = rc4_run(s->seal_rc4, plain, msg, len);
	if (!st)
		st = ntlm_sec_sign(s, plain, len, sig);
	ntlm_wipe(plain, len);
	free(plain);
	return st;
}

NTSTATUS ntlm_sec_unseal(struct ntlm_sec *s, uint8_t *msg, size_t len, const uint8_t sig[16])
{
	NTSTATUS st = rc4_run(s->unseal_rc4, msg, msg, len);

	if (st)
		return st;
	return ntlm_sec_verify(s, msg, len, sig);
}
