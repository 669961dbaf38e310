/*
 * NTLMv2 cryptography (MS-NLMP 3.3.2, 3.4.4, 3.4.5, 6).
 *
 * MD4 and RC4 live in OpenSSL's legacy provider.  The first call loads the
 * legacy and default providers into a private OSSL_LIB_CTX (once per
 * process, thread safe); the process-wide default context is not touched.
 * If the legacy provider cannot be loaded every function that needs it
 * returns STATUS_NOT_SUPPORTED and ntlm_crypto_error() says why.
 */
#ifndef SMBSIM_AUTH_NTLMSSP_CRYPTO_H
#define SMBSIM_AUTH_NTLMSSP_CRYPTO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "wire/ntstatus.h"

/* STATUS_SUCCESS once MD4, MD5 and RC4 are usable; else STATUS_NOT_SUPPORTED. */
NTSTATUS ntlm_crypto_init(void);
/* A sentence saying why ntlm_crypto_init failed ("" when it did not). */
const char *ntlm_crypto_error(void);

/* NT hash: MD4(UTF-16LE(password)) (MS-NLMP 3.3.1 NTOWFv1). */
NTSTATUS ntlm_nt_hash(const char *password_utf8, uint8_t out[16]);

/* HMAC-MD5 (RFC 2104) over the concatenation of up to four buffers. */
NTSTATUS ntlm_hmac_md5(const uint8_t *key, size_t key_len, const uint8_t *d1, size_t l1,
                       const uint8_t *d2, size_t l2, const uint8_t *d3, size_t l3,
                       uint8_t out[16]);

/* MS-NLMP 3.3.2 NTOWFv2 = HMAC_MD5(NT hash, UNICODE(Uppercase(User) ||
 * UserDom)), user and domain given as UTF-16LE. */
NTSTATUS ntlm_ntowfv2(const uint8_t nt_hash[16], const uint8_t *user16, size_t user_len,
                      const uint8_t *domain16, size_t domain_len, uint8_t out[16]);

/* MS-NLMP 3.3.2: NTProofStr = HMAC_MD5(ResponseKeyNT, ServerChallenge ||
 * temp), where temp is the NTLMv2_CLIENT_CHALLENGE; and SessionBaseKey =
 * HMAC_MD5(ResponseKeyNT, NTProofStr). */
NTSTATUS ntlm_v2_proof(const uint8_t response_key[16], const uint8_t server_challenge[8],
                       const uint8_t *temp, size_t temp_len, uint8_t nt_proof[16],
                       uint8_t session_base_key[16]);

/* LMv2: HMAC_MD5(ResponseKeyLM, ServerChallenge || ClientChallenge) ||
 * ClientChallenge (24 bytes). */
NTSTATUS ntlm_lmv2_response(const uint8_t response_key[16], const uint8_t server_challenge[8],
                            const uint8_t client_challenge[8], uint8_t out[24]);

/* RC4(key16, in) into out (same length; may alias). */
NTSTATUS ntlm_rc4(const uint8_t key[16], const uint8_t *in, uint8_t *out, size_t len);

/* MD5 over the concatenation of two buffers. */
NTSTATUS ntlm_md5(const uint8_t *d1, size_t l1, const uint8_t *d2, size_t l2, uint8_t out[16]);

/* Constant-time comparison; true when equal. */
bool ntlm_ct_equal(const uint8_t *a, const uint8_t *b, size_t n);

/* Fill with random bytes (RAND_bytes of the private context). */
NTSTATUS ntlm_random(uint8_t *p, size_t n);

/* Explicitly zero key material. */
void ntlm_wipe(void *p, size_t n);

/*
 * Session security with extended session security (MS-NLMP 3.4.4.2
 * GSS_GetMIC, 3.4.3 GSS_WrapEx, 3.4.5.2 SIGNKEY, 3.4.5.3 SEALKEY).  One
 * struct per side; the RC4 handles keep their state between messages.
 */
struct ntlm_sec {
	uint32_t flags;
	uint8_t sign_key[16], verify_key[16];
	uint8_t seal_key[16], unseal_key[16];
	void *seal_rc4, *unseal_rc4; /* EVP_CIPHER_CTX */
	uint32_t seq_out, seq_in;
};

/* initiator: true for the client.  flags: the negotiated flags (needs
 * EXTENDED_SESSIONSECURITY). */
NTSTATUS ntlm_sec_init(struct ntlm_sec *s, const uint8_t exported_key[16], uint32_t flags,
                       bool initiator);
void ntlm_sec_free(struct ntlm_sec *s);

/* GSS_GetMIC: the 16-byte NTLMSSP_MESSAGE_SIGNATURE of msg (2.2.2.9.2). */
NTSTATUS ntlm_sec_sign(struct ntlm_sec *s, const uint8_t *msg, size_t len, uint8_t sig[16]);
/* GSS_VerifyMIC: STATUS_SUCCESS or STATUS_ACCESS_DENIED (bad signature). */
NTSTATUS ntlm_sec_verify(struct ntlm_sec *s, const uint8_t *msg, size_t len,
                         const uint8_t sig[16]);
/* GSS_WrapEx with confidentiality: encrypt msg in place and sign it. */
NTSTATUS ntlm_sec_seal(struct ntlm_sec *s, uint8_t *msg, size_t len, uint8_t sig[16]);
/* GSS_UnwrapEx: decrypt in place and verify. */
NTSTATUS ntlm_sec_unseal(struct ntlm_sec *s, uint8_t *msg, size_t len, const uint8_t sig[16]);

#endif
