/*
 * Signing (MS-SMB2 3.2.4.1.1), verification of signed responses
 * (3.2.5.1.3), encryption and decryption (3.2.4.1.8, 3.2.5.1.1), the 3.1.1
 * preauth integrity hash (3.2.4.2.2.2, 3.2.5.2, 3.2.5.3.1) and the key
 * schedule of a session (3.2.5.3.1), on lib/crypto.
 */
#include <string.h>

#include <openssl/rand.h>

#include "crypto/encrypt.h"
#include "crypto/sign.h"
#include "sim-client/lib/cli_int.h"
#include "wire/transform.h"

NTSTATUS cli_random(uint8_t *p, size_t len)
{
	if (len > (size_t)INT32_MAX || RAND_bytes(p, (int)len) != 1)
		return STATUS_INTERNAL_ERROR;
	return STATUS_SUCCESS;
}

NTSTATUS cli_sign_msg(struct cli_session *s, uint8_t *msg, size_t len)
{
	uint8_t sig[SMB2_SIGNATURE_SIZE];
	NTSTATUS st;

	if (len < SMB2_HDR_SIZE || !s->signer)
		return STATUS_INVALID_PARAMETER;
	/* The flag is part of what is signed. */
	put_le32(msg + SMB2_HDR_OFF_FLAGS, le32(msg + SMB2_HDR_OFF_FLAGS) | SMB2_FLAGS_SIGNED);
	st = smb2_sign_buf(s->signer, msg, len, sig);
	if (st != STATUS_SUCCESS)
		return st;
	memcpy(msg + SMB2_HDR_OFF_SIGNATURE, sig, sizeof(sig));
	return STATUS_SUCCESS;
}

NTSTATUS cli_verify_msg(struct cli_session *s, const uint8_t *msg, size_t len)
{
	if (!s->signer)
		return STATUS_ACCESS_DENIED;
	return smb2_verify_buf(s->signer, msg, len);
}

NTSTATUS cli_encrypt_frame(struct cli_session *s, const uint8_t *frame, size_t len,
                           struct wr *out)
{
	uint8_t nonce[SMB2_TRANSFORM_NONCE_FIELD];
	struct iovec iov = { (void *)frame, len };
	NTSTATUS st;

	if (!s || !s->enc)
		return STATUS_INVALID_PARAMETER;
	st = smb2_nonce_next(&s->nonces, smb2_cipher_id(s->enc), nonce);
	if (st != STATUS_SUCCESS)
		return st;
	return smb2_encrypt_wr(s->enc, s->id, nonce, &iov, 1, out);
}

NTSTATUS cli_decrypt_frame(struct cli_conn *c, const uint8_t *frame, size_t len,
                           struct wr *out, struct cli_session **sess)
{
	struct rd r;
	struct smb2_transform_hdr th;
	struct smb2_blob payload;
	struct cli_session *s;
	NTSTATUS st;

	rd_init(&r, frame, len);
	st = smb2_transform_decode(&r, &th, &payload);
	if (st != STATUS_SUCCESS)
		return st;
	s = cli_session_find(c, th.session_id);
	if (!s || !s->dec)
		return STATUS_USER_SESSION_DELETED;
	st = smb2_decrypt_wr(s->dec, frame, len, out, NULL);
	if (st != STATUS_SUCCESS)
		return st;
	*sess = s;
	return STATUS_SUCCESS;
}

NTSTATUS cli_session_set_keys(struct cli_session *s, const uint8_t *key, size_t key_len)
{
	struct cli_conn *c = s->conn;
	uint8_t fixed[4];
	NTSTATUS st;

	memset(s->session_key, 0, sizeof(s->session_key));
	memcpy(s->session_key, key, key_len < 16 ? key_len : 16);
	st = smb2_derive_keys(c->dialect, c->dialect == SMB2_DIALECT_311 ? c->cipher : 0, key,
	                      key_len, c->dialect == SMB2_DIALECT_311 ? s->preauth.value : NULL,
	                      &s->keys);
	if (st != STATUS_SUCCESS)
		return st;
	s->sign_alg = c->sign_alg;
	st = smb2_signer_new(s->sign_alg, s->keys.signing, SMB2_SIGNING_KEY_SIZE, &s->signer);
	if (st != STATUS_SUCCESS)
		return st;
	if (c->dialect >= SMB2_DIALECT_300 && c->cipher) {
		st = smb2_cipher_new(c->cipher, s->keys.c2s, s->keys.cipher_key_len, &s->enc);
		if (st == STATUS_SUCCESS)
			st = smb2_cipher_new(c->cipher, s->keys.s2c, s->keys.cipher_key_len, &s->dec);
		if (st != STATUS_SUCCESS)
			return st;
		st = cli_random(fixed, sizeof(fixed));
		if (st != STATUS_SUCCESS)
			return st;
		smb2_nonce_gen_init(&s->nonces, 0, fixed);
	}
	s->have_keys = true;
	return STATUS_SUCCESS;
}

void cli_preauth_sent(struct cli_conn *c, struct cli_req *r, const uint8_t *msg, size_t len)
{
	NTSTATUS st = STATUS_SUCCESS;

	if (r->command == SMB2_NEGOTIATE)
		st = smb2_preauth_update(&c->preauth, msg, len);
	else if (r->command == SMB2_SESSION_SETUP && r->sess && c->dialect == SMB2_DIALECT_311)
		st = smb2_preauth_update(&r->sess->preauth, msg, len);
	if (st != STATUS_SUCCESS)
		cli_log(c, "preauth hash update failed: %s", nt_status_name(st));
}
