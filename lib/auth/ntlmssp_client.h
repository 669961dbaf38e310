/*
 * NTLMSSP client (initiator) side, NTLMv2 only (MS-NLMP 3.1.5.1).
 *
 *   ntlmssp_client_new()              credentials
 *   ntlmssp_client_step(c, NULL, 0)   -> NEGOTIATE, STATUS_MORE_PROCESSING_REQUIRED
 *   ntlmssp_client_step(c, CHALLENGE) -> AUTHENTICATE, STATUS_SUCCESS
 *   ntlmssp_client_session_key()      the ExportedSessionKey
 *
 * An empty user name and no password is an anonymous logon (MS-NLMP
 * 3.1.5.1.2: LmChallengeResponse Z(1), empty NtChallengeResponse, the
 * ANONYMOUS flag, no session key).  When the server's TargetInfo carries a
 * timestamp the client sends MsvAvFlags with MIC_PRESENT and the MIC over
 * the three messages (MS-NLMP 3.1.5.1.2, 3.2.5.1.2), and an all-zero
 * LmChallengeResponse.
 */
#ifndef SMBSIM_AUTH_NTLMSSP_CLIENT_H
#define SMBSIM_AUTH_NTLMSSP_CLIENT_H

#include "auth/ntlmssp.h"

/* What the client asks for when the caller passes flags 0: Unicode,
 * NTLMv2 with extended session security, 128-bit keys, key exchange,
 * signing and sealing, and the Version field. */
#define NTLMSSP_CLIENT_DEFAULT_FLAGS                                                 \
	(NTLMSSP_NEGOTIATE_UNICODE | NTLMSSP_REQUEST_TARGET | NTLMSSP_NEGOTIATE_SIGN |   \
	 NTLMSSP_NEGOTIATE_SEAL | NTLMSSP_NEGOTIATE_NTLM | NTLMSSP_NEGOTIATE_ALWAYS_SIGN | \
	 NTLMSSP_NEGOTIATE_EXTENDED_SESSIONSECURITY | NTLMSSP_NEGOTIATE_VERSION |        \
	 NTLMSSP_NEGOTIATE_128 | NTLMSSP_NEGOTIATE_KEY_EXCH | NTLMSSP_NEGOTIATE_56)

struct ntlmssp_client;

/*
 * user, domain, workstation: UTF-8 (NULL is empty).  password: UTF-8, or
 * NULL when nt_hash (16 bytes) is given instead.  flags: NEGOTIATE flags,
 * 0 for NTLMSSP_CLIENT_DEFAULT_FLAGS.  Fails with STATUS_INVALID_PARAMETER
 * on invalid UTF-8 or an over-long name, STATUS_NOT_SUPPORTED when the
 * crypto is unavailable (see ntlm_crypto_error()).
 */
NTSTATUS ntlmssp_client_new(const char *user, const char *domain, const char *password,
                            const uint8_t *nt_hash, const char *workstation, uint32_t flags,
                            struct ntlmssp_client **out);
void ntlmssp_client_free(struct ntlmssp_client *c);

/* The Version field sent (default 10.0.19041, NTLMSSP revision 15). */
void ntlmssp_client_set_version(struct ntlmssp_client *c, const struct ntlmssp_version *v);

/* Reproducible runs (published vectors, tests): use this client challenge,
 * this random session key and this time (FILETIME) instead of fresh ones. */
void ntlmssp_client_set_fixed(struct ntlmssp_client *c, const uint8_t client_challenge[8],
                              const uint8_t random_session_key[16], uint64_t now);

/* One step; the next token is appended to out. */
NTSTATUS ntlmssp_client_step(struct ntlmssp_client *c, const uint8_t *in, size_t in_len,
                             struct wr *out);

/* After success: the ExportedSessionKey; false when there is none
 * (anonymous). */
bool ntlmssp_client_session_key(const struct ntlmssp_client *c, uint8_t key[16]);
/* The flags sent in AUTHENTICATE (the negotiated set). */
uint32_t ntlmssp_client_flags(const struct ntlmssp_client *c);

#endif
