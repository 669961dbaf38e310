/*
 * NTLMSSP server (acceptor) side, NTLMv2 only (MS-NLMP 3.2.5).
 *
 *   ntlmssp_server_step(s, NEGOTIATE)    -> CHALLENGE, MORE_PROCESSING_REQUIRED
 *   ntlmssp_server_step(s, AUTHENTICATE) -> no token; SUCCESS or LOGON_FAILURE
 *   ntlmssp_server_result(s)             user, domain, guest/anonymous, key
 *
 * LM and NTLMv1 responses are refused (STATUS_LOGON_FAILURE).  NTProofStr
 * is compared in constant time; the MIC is checked when the client's
 * MsvAvFlags says it sent one; the client's timestamp must lie within
 * max_skew of the server's clock.  A wrong password is LOGON_FAILURE; an
 * unknown user becomes a guest logon only when allow_guest is set; an
 * anonymous logon succeeds only when allow_anonymous is set.  Guest and
 * anonymous logons have no session key.  Malformed messages are
 * STATUS_INVALID_PARAMETER.
 */
#ifndef SMBSIM_AUTH_NTLMSSP_SERVER_H
#define SMBSIM_AUTH_NTLMSSP_SERVER_H

#include "auth/ntlmssp.h"

/* Look a user up: fill nt_hash and return STATUS_SUCCESS, or
 * STATUS_NO_SUCH_USER.  user and domain are UTF-8 as the client sent
 * them (matching case-insensitively is the callback's choice). */
typedef NTSTATUS (*ntlmssp_lookup_fn)(void *arg, const char *user, const char *domain,
                                      uint8_t nt_hash[16]);

/* MS-NLMP 3.1.1.1: how far a client's timestamp may stray (36 hours). */
#define NTLMSSP_DEFAULT_MAX_SKEW (36ull * 3600 * 10000000)

/* The strings and lookup_arg must outlive the server. */
struct ntlmssp_server_cfg {
	const char *netbios_name;   /* required, e.g. "SMBSIM" */
	const char *netbios_domain; /* NULL: the netbios name (workgroup) */
	const char *dns_name, *dns_domain, *dns_tree; /* optional */
	ntlmssp_lookup_fn lookup;
	void *lookup_arg;
	bool allow_guest;
	bool allow_anonymous;
	uint64_t max_skew;                /* 100 ns units; 0: the default */
	uint64_t (*now)(void *arg);       /* FILETIME clock; NULL: the real one */
	void *now_arg;
	struct ntlmssp_version version;   /* all zero: 10.0.19041 rev 15 */
};

#define NTLMSSP_NAME_UTF8_MAX (NTLMSSP_MAX_NAME_BYTES / 2 * 3 + 1)

struct ntlmssp_server_result {
	char user[NTLMSSP_NAME_UTF8_MAX];
	char domain[NTLMSSP_NAME_UTF8_MAX];
	char workstation[NTLMSSP_NAME_UTF8_MAX];
	bool guest;
	bool anonymous;
	bool has_session_key;
	uint8_t session_key[16]; /* ExportedSessionKey */
	uint32_t flags;          /* the AUTHENTICATE's NegotiateFlags */
};

struct ntlmssp_server;

NTSTATUS ntlmssp_server_new(const struct ntlmssp_server_cfg *cfg, struct ntlmssp_server **out);
void ntlmssp_server_free(struct ntlmssp_server *s);

NTSTATUS ntlmssp_server_step(struct ntlmssp_server *s, const uint8_t *in, size_t in_len,
                             struct wr *out);

/* After SUCCESS; NULL before. */
const struct ntlmssp_server_result *ntlmssp_server_result(const struct ntlmssp_server *s);

/*
 * The AUTHENTICATE check on its own, for recorded exchanges: the three
 * messages as sent (negotiate may be NULL when no MIC is expected), the
 * time to judge the timestamp by (FILETIME; 0 skips the check).
 */
NTSTATUS ntlmssp_server_check(const struct ntlmssp_server_cfg *cfg, const uint8_t *neg,
                              size_t neg_len, const uint8_t *chal, size_t chal_len,
                              const uint8_t *auth, size_t auth_len, uint64_t now,
                              struct ntlmssp_server_result *out);

#endif
