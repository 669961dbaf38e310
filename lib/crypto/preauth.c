/* SHA-512 preauth integrity hash chain (MS-SMB2 3.3.5.4, 3.3.5.5). */
#include <string.h>

#include <openssl/crypto.h>

#include "crypto/crypto_ctx.h"
#include "crypto/preauth.h"
#include "wire/limits.h"

void smb2_preauth_init(struct smb2_preauth *p)
{
	memset(p->value, 0, sizeof(p->value));
}

NTSTATUS smb2_preauth_update_iov(struct smb2_preauth *p, const struct iovec *iov,
                                 size_t iovcnt)
{
	const struct smb2_crypto_algs *a;
	uint8_t h[SMB2_PREAUTH_VALUE_SIZE];
	unsigned int hl = 0;
	size_t total = 0;
	EVP_MD_CTX *md;
	int ok;

	if (!iov && iovcnt)
		return STATUS_INVALID_PARAMETER;
	for (size_t i = 0; i < iovcnt; i++) {
		if (iov[i].iov_len > SMB2_MAX_PDU - total ||
		    (!iov[i].iov_base && iov[i].iov_len))
			return STATUS_INVALID_PARAMETER;
		total += iov[i].iov_len;
	}
	a = smb2_crypto_algs();
	if (!a)
		return STATUS_INTERNAL_ERROR;
	/* Handshake messages are rare: a fresh digest context each time. */
	md = EVP_MD_CTX_new();
	if (!md)
		return STATUS_NO_MEMORY;
	ok = EVP_DigestInit_ex2(md, a->sha512, NULL) &&
	     EVP_DigestUpdate(md, p->value, sizeof(p->value));
	for (size_t i = 0; ok && i < iovcnt; i++)
		ok = EVP_DigestUpdate(md, iov[i].iov_base, iov[i].iov_len);
	ok = ok && EVP_DigestFinal_ex(md, h, &hl) && hl == sizeof(h);
	EVP_MD_CTX_free(md);
	if (!ok)
		return STATUS_INTERNAL_ERROR;
	memcpy(p->value, h, sizeof(h));
	OPENSSL_cleanse(h, sizeof(h));
	return STATUS_SUCCESS;
}

NTSTATUS smb2_preauth_update(struct smb2_preauth *p, const uint8_t *msg, size_t len)
{
	struct iovec v = { .iov_base = (void *)msg, .iov_len = len };

	return smb2_preauth_update_iov(p, &v, 1);
}
