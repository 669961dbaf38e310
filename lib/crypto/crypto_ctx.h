/*
 * The algorithm table shared by lib/crypto (internal to lib/crypto).
 *
 * Every OpenSSL algorithm smbsim uses is fetched once, in one OSSL_LIB_CTX,
 * the first time any crypto object is made (pthread_once), and reused by
 * every key object afterwards: no message pays for a fetch.  Per-key
 * objects (struct smb2_signer, struct smb2_cipher) hold their own keyed
 * OpenSSL contexts and re-initialise them per message without re-keying.
 *
 * Threads: the table is read-only once built, so any thread may use it.
 * Key objects are thread-compatible: one thread at a time per object.
 *
 * Lifetime: smb2_crypto_cleanup() frees the table and the library
 * context.  Call it once, at the end of the program, after every key
 * object is freed; afterwards every constructor fails with
 * STATUS_INTERNAL_ERROR.  Programs that never call it leak nothing
 * reachable (the table stays referenced), but LeakSanitizer-clean tests
 * call it.
 */
#ifndef SMBSIM_CRYPTO_CTX_H
#define SMBSIM_CRYPTO_CTX_H

#include <openssl/evp.h>

#include "wire/ntstatus.h"

struct smb2_crypto_algs {
	OSSL_LIB_CTX *libctx;
	EVP_MAC *hmac;
	EVP_MAC *cmac;
	EVP_MD *sha256;
	EVP_MD *sha512;
	EVP_CIPHER *aes128_ccm;
	EVP_CIPHER *aes128_gcm;
	EVP_CIPHER *aes256_ccm;
	EVP_CIPHER *aes256_gcm;
};

/* The table, built on first use; NULL if OpenSSL could not provide an
 * algorithm or after smb2_crypto_cleanup(). */
const struct smb2_crypto_algs *smb2_crypto_algs(void);

/* Free the table (see the lifetime note above). */
void smb2_crypto_cleanup(void);

#endif
