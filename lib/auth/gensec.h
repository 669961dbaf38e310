/*
 * SPNEGO + NTLMSSP glue for SMB2 SESSION_SETUP (MS-SMB2 3.2.5.3, 3.3.5.5;
 * MS-SPNG 3.1.5; RFC 4178).  Only NTLMSSP is spoken inside SPNEGO;
 * Kerberos OIDs are recognised (and skipped) in the lists.
 *
 * Client:
 *   gensec_client_step(g, negprot_blob)  -> NegTokenInit(NEGOTIATE), MORE_PROCESSING
 *   gensec_client_step(g, challenge_rsp) -> NegTokenResp(AUTHENTICATE, mechListMIC),
 *                                           MORE_PROCESSING
 *   gensec_client_step(g, final_rsp)     -> no token, SUCCESS (mechListMIC checked)
 * negprot_blob is the NEGOTIATE response's buffer (may be empty).  With
 * raw set the client sends bare NTLMSSP and is done (SUCCESS) after
 * AUTHENTICATE.
 *
 * Server:
 *   gensec_server_initial_token()        NegTokenInit2 for the NEGOTIATE response
 *   gensec_server_step(g, token)         -> NegTokenResp(CHALLENGE), MORE_PROCESSING
 *   gensec_server_step(g, token)         -> NegTokenResp(accept-completed, mechListMIC),
 *                                           SUCCESS; or LOGON_FAILURE (no token)
 * A first token that is bare NTLMSSP switches the server to raw mode.
 *
 * mechListMIC (MS-SPNG 3.1.5.1, RFC 4178 5): when NTLM produced a session
 * key the client sends GSS_GetMIC over the DER MechTypeList it offered;
 * the server checks it (required when NTLMSSP was not the client's first
 * choice), and answers with its own, which the client checks.
 */
#ifndef SMBSIM_AUTH_GENSEC_H
#define SMBSIM_AUTH_GENSEC_H

#include "auth/ntlmssp_client.h"
#include "auth/ntlmssp_server.h"

struct gensec_client;

/* Takes ownership of ntlm (also on failure). */
NTSTATUS gensec_client_new(struct ntlmssp_client *ntlm, bool raw, struct gensec_client **out);
void gensec_client_free(struct gensec_client *g);
NTSTATUS gensec_client_step(struct gensec_client *g, const uint8_t *in, size_t in_len,
                            struct wr *out);
/* After SUCCESS: the session key (ExportedSessionKey); false if none. */
bool gensec_client_session_key(const struct gensec_client *g, uint8_t key[16]);

struct gensec_server;

NTSTATUS gensec_server_new(const struct ntlmssp_server_cfg *cfg, struct gensec_server **out);
void gensec_server_free(struct gensec_server *g);
/* MS-SPNG 2.2.1 NegTokenInit2 listing NTLMSSP, with the hint name. */
NTSTATUS gensec_server_initial_token(struct wr *out);
NTSTATUS gensec_server_step(struct gensec_server *g, const uint8_t *in, size_t in_len,
                            struct wr *out);
/* After SUCCESS: who logged on and the key; NULL before. */
const struct ntlmssp_server_result *gensec_server_result(const struct gensec_server *g);

#endif
