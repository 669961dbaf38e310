/*
 * SMB2 message signing and verification (MS-SMB2 3.1.4.1, 3.1.5.1).
 *
 *   HMAC-SHA256  2.0.2 and 2.1: the first 16 bytes of the MAC.
 *   AES-128-CMAC 3.0, 3.0.2, and 3.1.1 without a signing capability.
 *   AES-128-GMAC 3.1.1 with SMB2_SIGNING_CAPABILITIES choosing it: AES-GCM
 *                with the message as AAD and no plaintext; the nonce comes
 *                from the header (smb2_gmac_nonce()).
 *
 * The message is given as an iovec array (a compound member with its
 * padding, scattered over buffers as a sender builds it).  The signature
 * is computed as if the 16-byte Signature field (header offset 48) were
 * zero; the caller's bytes are never written.  smb2_sign_iov() returns the
 * signature for the caller to place; smb2_verify_iov() compares the one in
 * the header with CRYPTO_memcmp().
 *
 * A struct smb2_signer holds one key and its keyed OpenSSL context, reused
 * for every message; it is thread-compatible (one thread at a time).
 */
#ifndef SMBSIM_CRYPTO_SIGN_H
#define SMBSIM_CRYPTO_SIGN_H

#include <stddef.h>
#include <stdint.h>
#include <sys/uio.h>

#include "wire/cursor.h"

/* MS-SMB2 2.2.3.1.7: SigningAlgorithms ids. */
enum smb2_sign_alg {
	SMB2_SIGN_HMAC_SHA256 = 0,
	SMB2_SIGN_AES_CMAC = 1,
	SMB2_SIGN_AES_GMAC = 2,
};

#define SMB2_SIGNATURE_SIZE 16
/* Session.SessionKey (2.x) and every derived signing key: 16 bytes
 * (MS-SMB2 3.2.1.3, 3.3.1.8). */
#define SMB2_SIGNING_KEY_SIZE 16
/* MS-SMB2 3.1.4.1: the GMAC nonce is 12 bytes. */
#define SMB2_GMAC_NONCE_SIZE 12

struct smb2_signer;

/* A signer for `alg` with a 16-byte key.  STATUS_INVALID_PARAMETER for an
 * unknown algorithm or another key length; *out written only on success. */
WUR NTSTATUS smb2_signer_new(uint16_t alg, const uint8_t *key, size_t key_len,
                             struct smb2_signer **out);
/* Frees and wipes the key; NULL is fine. */
void smb2_signer_free(struct smb2_signer *s);
uint16_t smb2_signer_alg(const struct smb2_signer *s);

/*
 * Sign the message held by iov[0..iovcnt) (at least a 64-byte header, at
 * most SMB2_MAX_PDU bytes): the signature goes to sig, nothing else is
 * written.  STATUS_INVALID_PARAMETER for a bad length.
 */
WUR NTSTATUS smb2_sign_iov(struct smb2_signer *s, const struct iovec *iov,
                           size_t iovcnt, uint8_t sig[SMB2_SIGNATURE_SIZE]);
/* Verify the Signature field: STATUS_SUCCESS, STATUS_ACCESS_DENIED when it
 * does not match (MS-SMB2 3.3.5.2.4), or STATUS_INVALID_PARAMETER. */
WUR NTSTATUS smb2_verify_iov(struct smb2_signer *s, const struct iovec *iov,
                             size_t iovcnt);

/* The same for a message in one buffer. */
WUR NTSTATUS smb2_sign_buf(struct smb2_signer *s, const uint8_t *msg, size_t len,
                           uint8_t sig[SMB2_SIGNATURE_SIZE]);
WUR NTSTATUS smb2_verify_buf(struct smb2_signer *s, const uint8_t *msg, size_t len);

/*
 * The bare MAC of iov[0..iovcnt) with the signer's key and none of the
 * SMB2 header rules, for test vectors: the first mac_len bytes of
 * HMAC-SHA256 (up to 32), AES-CMAC (up to 16) or AES-GMAC (up to 16; the
 * 12-byte gmac_nonce is required, the other algorithms ignore it).
 */
WUR NTSTATUS smb2_signer_mac(struct smb2_signer *s, const uint8_t *gmac_nonce,
                             const struct iovec *iov, size_t iovcnt, uint8_t *mac,
                             size_t mac_len);

/*
 * MS-SMB2 3.1.4.1: the AES-GMAC nonce from an SMB2 header: MessageId
 * (8 bytes, little-endian), then a 32-bit little-endian word whose bit 0
 * is 1 when the sender is the server (SMB2_FLAGS_SERVER_TO_REDIR) and
 * whose bit 1 is 1 for an SMB2 CANCEL request; the other bits are zero.
 */
void smb2_gmac_nonce(const uint8_t hdr[64], uint8_t nonce[SMB2_GMAC_NONCE_SIZE]);

#endif
