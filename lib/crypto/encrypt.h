/*
 * SMB 3.x encryption: AES-128-CCM, AES-128-GCM, AES-256-CCM, AES-256-GCM
 * (MS-SMB2 2.2.3.1.2 cipher ids 1..4; 3.1.4.3 encrypt; 3.2.5.1.1.1 and
 * 3.3.5.2.1.1 decrypt).
 *
 * An encrypted message is the 52-byte SMB2 TRANSFORM_HEADER
 * (wire/transform.h) followed by the ciphertext, which is as long as the
 * plaintext.  The AEAD's inputs:
 *   key        Session.EncryptionKey (sender) / DecryptionKey (receiver)
 *   nonce      the first 11 (CCM) or 12 (GCM) bytes of the Nonce field;
 *              the rest of the 16-byte field should be zero (2.2.41) and
 *              is authenticated with the rest of the AAD
 *   AAD        the header from Nonce to its end (offset 20, 32 bytes)
 *   plaintext  the SMB2 message (a whole compound chain, header first)
 *   tag        16 bytes, the Signature field
 *
 * Nonces are the caller's: a nonce MUST NOT repeat under one key
 * (MS-SMB2 2.2.41), which for GCM is also what keeps the key safe.
 * struct smb2_nonce_gen makes them from a 64-bit counter.
 *
 * Decryption failures: a malformed transform header gives
 * STATUS_INVALID_PARAMETER; a tag that does not authenticate gives
 * STATUS_ACCESS_DENIED (nothing of the plaintext survives: the output is
 * wiped).  MS-SMB2 3.3.5.2.1.1 says the server then disconnects; the
 * status lets the caller log why before it does.
 *
 * A struct smb2_cipher holds one key and its keyed EVP_CIPHER_CTX, reused
 * for every message (a new nonce per message, no re-keying); it is
 * thread-compatible (one thread at a time).
 */
#ifndef SMBSIM_CRYPTO_ENCRYPT_H
#define SMBSIM_CRYPTO_ENCRYPT_H

#include <stddef.h>
#include <stdint.h>
#include <sys/uio.h>

#include "wire/cursor.h"
#include "wire/transform.h"

/* MS-SMB2 2.2.3.1.2: Ciphers */
enum smb2_cipher_id {
	SMB2_CIPHER_AES128_CCM = 0x0001,
	SMB2_CIPHER_AES128_GCM = 0x0002,
	SMB2_CIPHER_AES256_CCM = 0x0003,
	SMB2_CIPHER_AES256_GCM = 0x0004,
};

#define SMB2_TRANSFORM_NONCE_FIELD 16
#define SMB2_CCM_NONCE_SIZE 11
#define SMB2_GCM_NONCE_SIZE 12
#define SMB2_AEAD_TAG_SIZE 16

/* Key length of a cipher id (16 or 32), or 0 for an unknown id. */
size_t smb2_cipher_key_len(uint16_t cipher);
/* Nonce bytes a cipher uses (11 or 12), or 0 for an unknown id. */
size_t smb2_cipher_nonce_len(uint16_t cipher);

struct smb2_cipher;

/* A cipher object for `cipher` with a key of exactly
 * smb2_cipher_key_len(cipher) bytes; STATUS_INVALID_PARAMETER otherwise.
 * *out is written only on success. */
WUR NTSTATUS smb2_cipher_new(uint16_t cipher, const uint8_t *key, size_t key_len,
                             struct smb2_cipher **out);
/* Frees and wipes the key schedule; NULL is fine. */
void smb2_cipher_free(struct smb2_cipher *c);
uint16_t smb2_cipher_id(const struct smb2_cipher *c);

/*
 * Encrypt the message iov[0..iovcnt) (SMB2_HDR_SIZE up to
 * SMB2_MAX_PDU - SMB2_TRANSFORM_HDR_SIZE bytes) into out[0..out_cap):
 * transform header (SessionId session_id, Flags 0x0001, Nonce the 16
 * bytes of `nonce` as given: the cipher uses the first 11 or 12, and
 * MS-SMB2 2.2.41 wants zeros after them, as smb2_nonce_next() makes; a
 * Windows 8 sender filled all 16, which the tests reproduce) then
 * ciphertext;
 * *out_len = 52 + message length.  out must not overlap the message.
 * STATUS_BUFFER_TOO_SMALL when out_cap is short; nothing is promised about
 * out on failure except that it holds no plaintext.
 */
WUR NTSTATUS smb2_encrypt_iov(struct smb2_cipher *c, uint64_t session_id,
                              const uint8_t nonce[SMB2_TRANSFORM_NONCE_FIELD],
                              const struct iovec *iov, size_t iovcnt,
                              uint8_t *out, size_t out_cap, size_t *out_len);
/* The same, appended to a writer. */
WUR NTSTATUS smb2_encrypt_wr(struct smb2_cipher *c, uint64_t session_id,
                             const uint8_t nonce[SMB2_TRANSFORM_NONCE_FIELD],
                             const struct iovec *iov, size_t iovcnt, struct wr *w);

/*
 * Decrypt and authenticate the encrypted frame[0..len) (transform header
 * and ciphertext, no NBSS header) into out[0..out_cap); *out_len is the
 * plaintext length and *hdr (if not NULL) the decoded transform header.
 * out may be exactly frame + SMB2_TRANSFORM_HDR_SIZE (in place) or must
 * not overlap the frame.  Outputs are written only on success; on failure
 * out holds no plaintext.  The header checks are smb2_transform_decode()'s.
 */
WUR NTSTATUS smb2_decrypt(struct smb2_cipher *c, const uint8_t *frame, size_t len,
                          uint8_t *out, size_t out_cap, size_t *out_len,
                          struct smb2_transform_hdr *hdr);
/* The same, appending the plaintext to a writer (which keeps its length
 * on failure). */
WUR NTSTATUS smb2_decrypt_wr(struct smb2_cipher *c, const uint8_t *frame,
                             size_t len, struct wr *w,
                             struct smb2_transform_hdr *hdr);

/*
 * The bare AEAD with the object's key, for test vectors and framings other
 * than the transform header: nonce of smb2_cipher_nonce_len() bytes, any
 * AAD (up to SMB2_MAX_PDU bytes), a 16-byte tag.  seal encrypts iov into
 * out (as long as the text; no overlap) and writes the tag; open checks
 * the tag and decrypts in into out (in == out allowed), STATUS_ACCESS_DENIED
 * when it does not authenticate.  CCM needs at least one byte of text.
 * On failure out holds no plaintext and tag is not written.
 */
WUR NTSTATUS smb2_cipher_seal(struct smb2_cipher *c, const uint8_t *nonce,
                              const uint8_t *aad, size_t aad_len,
                              const struct iovec *iov, size_t iovcnt, uint8_t *out,
                              uint8_t tag[SMB2_AEAD_TAG_SIZE]);
WUR NTSTATUS smb2_cipher_open(struct smb2_cipher *c, const uint8_t *nonce,
                              const uint8_t *aad, size_t aad_len, const uint8_t *in,
                              size_t len, const uint8_t tag[SMB2_AEAD_TAG_SIZE],
                              uint8_t *out);

/*
 * Nonces from a counter: bytes 0..7 the counter (little-endian), then
 * `fixed` bytes up to the cipher's nonce length (3 for CCM, 4 for GCM),
 * zeros after.  One generator per key (per session and direction); the
 * fixed part may tell apart senders that share a key.  Fails with
 * STATUS_INTERNAL_ERROR once 2^64 - 1 nonces were issued: the session
 * must be re-established before it sends more.
 */
struct smb2_nonce_gen {
	uint64_t next;
	uint8_t fixed[4];
};

void smb2_nonce_gen_init(struct smb2_nonce_gen *g, uint64_t first,
                         const uint8_t fixed[4]);
WUR NTSTATUS smb2_nonce_next(struct smb2_nonce_gen *g, uint16_t cipher,
                             uint8_t nonce[SMB2_TRANSFORM_NONCE_FIELD]);

#endif
