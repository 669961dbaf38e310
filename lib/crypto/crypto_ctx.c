/* One fetch of every algorithm, in one library context. */
#include <pthread.h>
#include <stdbool.h>

#include <openssl/crypto.h>

#include "crypto/crypto_ctx.h"

/* The only global state in lib/crypto: written once under pthread_once,
 * read-only afterwards, freed by smb2_crypto_cleanup(). */
static pthread_once_t algs_once = PTHREAD_ONCE_INIT;
static struct smb2_crypto_algs algs;
static bool algs_ready;

static void algs_free(struct smb2_crypto_algs *a)
{
	EVP_MAC_free(a->hmac);
	EVP_MAC_free(a->cmac);
	EVP_MD_free(a->sha256);
	EVP_MD_free(a->sha512);
	EVP_CIPHER_free(a->aes128_ccm);
	EVP_CIPHER_free(a->aes128_gcm);
	EVP_CIPHER_free(a->aes256_ccm);
	EVP_CIPHER_free(a->aes256_gcm);
	OSSL_LIB_CTX_free(a->libctx);
	*a = (struct smb2_crypto_algs){ 0 };
}

static void algs_init(void)
{
	struct smb2_crypto_algs a = { 0 };

	/* A private library context: the default provider is loaded into it
	 * on the first fetch, and freeing it releases everything fetched. */
	a.libctx = OSSL_LIB_CTX_new();
	if (!a.libctx)
		return;
	a.hmac = EVP_MAC_fetch(a.libctx, "HMAC", NULL);
	a.cmac = EVP_MAC_fetch(a.libctx, "CMAC", NULL);
	a.sha256 = EVP_MD_fetch(a.libctx, "SHA256", NULL);
	a.sha512 = EVP_MD_fetch(a.libctx, "SHA512", NULL);
	a.aes128_ccm = EVP_CIPHER_fetch(a.libctx, "AES-128-CCM", NULL);
	a.aes128_gcm = EVP_CIPHER_fetch(a.libctx, "AES-128-GCM", NULL);
	a.aes256_ccm = EVP_CIPHER_fetch(a.libctx, "AES-256-CCM", NULL);
	a.aes256_gcm = EVP_CIPHER_fetch(a.libctx, "AES-256-GCM", NULL);
	if (!a.hmac || !a.cmac || !a.sha256 || !a.sha512 || !a.aes128_ccm ||
	    !a.aes128_gcm || !a.aes256_ccm || !a.aes256_gcm) {
		algs_free(&a);
		return;
	}
	algs = a;
	algs_ready = true;
}

const struct smb2_crypto_algs *smb2_crypto_algs(void)
{
	if (pthread_once(&algs_once, algs_init) != 0)
		return NULL;
	return algs_ready ? &algs : NULL;
}

void smb2_crypto_cleanup(void)
{
	/* Make sure a concurrent first use has finished before tearing down;
	 * after this the once-control stays spent, so the table stays gone. */
	(void)pthread_once(&algs_once, algs_init);
	if (!algs_ready)
		return;
	algs_ready = false;
	algs_free(&algs);
}
