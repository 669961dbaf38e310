/*
 * SMB 3.1.1 preauthentication integrity hash (MS-SMB2 3.2.5.2, 3.3.5.4,
 * 3.2.5.3.1, 3.3.5.5; hash algorithm SHA-512, id 0x0001, 2.2.3.1.1).
 *
 * H starts as 64 zero bytes and absorbs each message as
 * H = SHA-512(H || message), the whole SMB2 message from its header on.
 *
 *   Connection.PreauthIntegrityHashValue absorbs the NEGOTIATE request and
 *   the NEGOTIATE response.
 *   Each session starts from a copy of the connection's value (a new
 *   session, or a binding on this connection) and absorbs every
 *   SESSION_SETUP request and every SESSION_SETUP response except the
 *   final STATUS_SUCCESS one; its value then is the KDF context.
 *
 * A value type: copy the struct to fork a session from its connection.
 */
#ifndef SMBSIM_CRYPTO_PREAUTH_H
#define SMBSIM_CRYPTO_PREAUTH_H

#include <stddef.h>
#include <stdint.h>
#include <sys/uio.h>

#include "wire/cursor.h"

#define SMB2_PREAUTH_HASH_SHA512 0x0001
#define SMB2_PREAUTH_VALUE_SIZE 64

struct smb2_preauth {
	uint8_t value[SMB2_PREAUTH_VALUE_SIZE];
};

/* H = 0 (MS-SMB2 3.2.4.2.2.2, 3.3.5.4). */
void smb2_preauth_init(struct smb2_preauth *p);

/* H = SHA-512(H || message), the message as one buffer or an iovec array
 * (at most SMB2_MAX_PDU bytes in all).  On failure H is unchanged. */
WUR NTSTATUS smb2_preauth_update(struct smb2_preauth *p, const uint8_t *msg,
                                 size_t len);
WUR NTSTATUS smb2_preauth_update_iov(struct smb2_preauth *p,
                                     const struct iovec *iov, size_t iovcnt);

/* A session's starting value: a copy of the connection's. */
static inline void smb2_preauth_fork(const struct smb2_preauth *conn,
                                     struct smb2_preauth *session)
{
	*session = *conn;
}

#endif
