/*
 * SP800-108 counter-mode KDF with HMAC-SHA256 and the SMB key schedule
 * (MS-SMB2 3.1.4.2; 3.2.5.3.1 client, 3.3.5.5.3 server).
 *
 *   2.0.2, 2.1   signing key = Session.SessionKey; no other keys.
 *   3.0, 3.0.2   signing     KDF(SessionKey, "SMB2AESCMAC\0", "SmbSign\0")
 *                C->S cipher KDF(SessionKey, "SMB2AESCCM\0",  "ServerIn \0")
 *                S->C cipher KDF(SessionKey, "SMB2AESCCM\0",  "ServerOut\0")
 *                application KDF(SessionKey, "SMB2APP\0",     "SmbRpc\0")
 *   3.1.1        signing     KDF(SessionKey, "SMBSigningKey\0",   H)
 *                C->S cipher KDF(Ki,         "SMBC2SCipherKey\0", H)
 *                S->C cipher KDF(Ki,         "SMBS2CCipherKey\0", H)
 *                application KDF(SessionKey, "SMBAppKey\0",       H)
 *                with H the session's 64-byte preauth integrity hash.
 *
 * Session.SessionKey is the first 16 bytes of the authentication key,
 * right-padded with zeros when shorter (MS-SMB2 3.2.1.3, 3.3.1.8).  With
 * AES-256-CCM/GCM (3.1.1 only), the cipher keys are 32 bytes (L = 256,
 * MS-SMB2 3.1.4.2) and Ki is Session.FullSessionKey, the whole
 * authentication key; otherwise cipher keys are 16 bytes, L = 128 and
 * Ki = SessionKey.  Signing and application keys are always 128 bits.
 */
#ifndef SMBSIM_CRYPTO_KDF_H
#define SMBSIM_CRYPTO_KDF_H

#include <stddef.h>
#include <stdint.h>
#include <sys/uio.h>

#include "wire/cursor.h"

#define SMB2_KDF_MAX_OUT 1024      /* bytes from one smb2_kdf() call */
#define SMB2_KDF_MAX_INPUT 4096    /* key, label or context bytes */
#define SMB2_SESSION_KEY_SIZE 16
#define SMB2_MAX_CIPHER_KEY_SIZE 32
#define SMB2_PREAUTH_HASH_SIZE 64

/*
 * SP800-108 section 5.1 (KDF in counter mode), PRF HMAC-SHA256, r = 32:
 * K(i) = PRF(key, [i]_32be || label || 0x00 || context || [L]_32be) for
 * i = 1..ceil(L/256), output the leftmost out_len bytes (L = 8 * out_len).
 * out_len is 1..SMB2_KDF_MAX_OUT; inputs up to SMB2_KDF_MAX_INPUT bytes
 * each.  out is written only on success.
 */
WUR NTSTATUS smb2_kdf(const uint8_t *key, size_t key_len, const uint8_t *label,
                      size_t label_len, const uint8_t *context, size_t context_len,
                      uint8_t *out, size_t out_len);

/* The same with the fixed input given whole (NIST CAVP KBKDF "counter
 * before fixed data, r = 32" vectors): K(i) = PRF(key, [i]_32be || fixed). */
WUR NTSTATUS smb2_kdf_counter(const uint8_t *key, size_t key_len,
                              const uint8_t *fixed, size_t fixed_len, uint8_t *out,
                              size_t out_len);

/* HMAC-SHA256 (RFC 2104, FIPS 180-4) of the concatenated iovecs, the
 * KDF's PRF: key 1..SMB2_KDF_MAX_INPUT bytes, each piece at most
 * SMB2_KDF_MAX_INPUT bytes. */
#define SMB2_HMAC_SHA256_SIZE 32
WUR NTSTATUS smb2_hmac_sha256(const uint8_t *key, size_t key_len,
                              const struct iovec *iov, size_t iovcnt,
                              uint8_t out[SMB2_HMAC_SHA256_SIZE]);

/* The keys of one session (client or server view by name of direction). */
struct smb2_keys {
	uint8_t signing[SMB2_SESSION_KEY_SIZE];
	uint8_t c2s[SMB2_MAX_CIPHER_KEY_SIZE];   /* client EncryptionKey = server DecryptionKey */
	uint8_t s2c[SMB2_MAX_CIPHER_KEY_SIZE];   /* server EncryptionKey = client DecryptionKey */
	uint8_t application[SMB2_SESSION_KEY_SIZE];
	uint8_t cipher_key_len;                  /* 0 (2.x), 16 or 32 */
};

/*
 * Fill *out for `dialect` (SMB2_DIALECT_*), `cipher` (MS-SMB2 2.2.3.1.2 id;
 * ignored before 3.1.1, where AES-128-CCM applies; 0 in 3.1.1 means no
 * encryption and gives 16-byte cipher keys), the authentication key
 * (1..SMB2_KDF_MAX_INPUT bytes) and, for 3.1.1, the preauth hash (else
 * NULL).  STATUS_INVALID_PARAMETER for an unknown dialect or cipher or a
 * missing input.  *out is written only on success; wipe it with
 * smb2_keys_clear().
 */
WUR NTSTATUS smb2_derive_keys(uint16_t dialect, uint16_t cipher,
                              const uint8_t *auth_key, size_t auth_key_len,
                              const uint8_t *preauth_hash, struct smb2_keys *out);

/* OPENSSL_cleanse the whole struct. */
void smb2_keys_clear(struct smb2_keys *k);

#endif
