/* NTLMSSP server, NTLMv2 (MS-NLMP 3.2.5.1, 3.3.2, 3.4.5.1). */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "auth/ntlmssp_crypto.h"
#include "auth/ntlmssp_server.h"
#include "util/utf16.h"

/* Flags the server grants when the client asks (MS-NLMP 3.2.5.1.1). */
#define GRANTABLE                                                                     \
	(NTLMSSP_NEGOTIATE_SIGN | NTLMSSP_NEGOTIATE_SEAL | NTLMSSP_NEGOTIATE_ALWAYS_SIGN | \
	 NTLMSSP_NEGOTIATE_EXTENDED_SESSIONSECURITY | NTLMSSP_NEGOTIATE_128 |             \
	 NTLMSSP_NEGOTIATE_56 | NTLMSSP_NEGOTIATE_KEY_EXCH | NTLMSSP_REQUEST_TARGET)

enum { S_START, S_SENT_CHALLENGE, S_DONE };

struct ntlmssp_server {
	struct ntlmssp_server_cfg cfg;
	int state;
	struct wr negotiate, challenge;
	struct ntlmssp_server_result result;
	bool have_result;
};

static uint64_t filetime_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return ((uint64_t)ts.tv_sec + 11644473600u) * 10000000u + (uint64_t)ts.tv_nsec / 100;
}

static uint64_t server_now(const struct ntlmssp_server_cfg *cfg)
{
	return cfg->now ? cfg->now(cfg->now_arg) : filetime_now();
}

NTSTATUS ntlmssp_server_new(const struct ntlmssp_server_cfg *cfg, struct ntlmssp_server **out)
{
	struct ntlmssp_server *s;
	NTSTATUS st = ntlm_crypto_init();

	if (st)
		return st;
	if (!cfg->netbios_name || !*cfg->netbios_name)
		return STATUS_INVALID_PARAMETER;
	s = calloc(1, sizeof(*s));
	if (!s)
		return STATUS_NO_MEMORY;
	s->cfg = *cfg;
	if (!s->cfg.max_skew)
		s->cfg.max_skew = NTLMSSP_DEFAULT_MAX_SKEW;
	if (!s->cfg.version.major)
		s->cfg.version = (struct ntlmssp_version){ 10, 0, 19041, 15 };
	wr_init(&s->negotiate, SMB2_MAX_SECURITY_BLOB);
	wr_init(&s->challenge, SMB2_MAX_SECURITY_BLOB);
	*out = s;
	return STATUS_SUCCESS;
}

void ntlmssp_server_free(struct ntlmssp_server *s)
{
	if (!s)
		return;
	wr_free(&s->negotiate);
	wr_free(&s->challenge);
	ntlm_wipe(s, sizeof(*s));
	free(s);
}

const struct ntlmssp_server_result *ntlmssp_server_result(const struct ntlmssp_server *s)
{
	return s->have_result ? &s->result : NULL;
}

/* Append an AV pair holding a UTF-8 name as UTF-16LE. */
static NTSTATUS put_name_av(struct wr *w, uint16_t id, const char *name)
{
	uint8_t u[NTLMSSP_MAX_NAME_BYTES];
	size_t n;

	if (!name || !*name)
		return STATUS_SUCCESS;
	if (utf8_to_utf16le(name, strlen(name), u, sizeof(u), &n))
		return STATUS_INVALID_PARAMETER;
	ntlmssp_av_put(w, id, u, n);
	return STATUS_SUCCESS;
}

static NTSTATUS send_challenge(struct ntlmssp_server *s, const uint8_t *in, size_t in_len,
                               struct wr *out)
{
	const struct ntlmssp_server_cfg *cfg = &s->cfg;
	struct ntlmssp_negotiate n;
	struct ntlmssp_challenge ch;
	struct wr ti;
	uint8_t name[NTLMSSP_MAX_NAME_BYTES], ts[8];
	size_t name_len;
	const char *domain = cfg->netbios_domain ? cfg->netbios_domain : cfg->netbios_name;
	NTSTATUS st = ntlmssp_negotiate_decode(in, in_len, &n);

	if (st)
		return st;
	memset(&ch, 0, sizeof(ch));
	/* 3.2.5.1.1: Unicode, NTLM, TargetInfo, the Version, and what we
	 * grant of the client's requests. */
	ch.flags = NTLMSSP_NEGOTIATE_UNICODE | NTLMSSP_NEGOTIATE_NTLM |
	           NTLMSSP_NEGOTIATE_TARGET_INFO | NTLMSSP_NEGOTIATE_VERSION |
	           (n.flags & GRANTABLE) |
	           (cfg->netbios_domain ? NTLMSSP_TARGET_TYPE_DOMAIN : NTLMSSP_TARGET_TYPE_SERVER);
	ch.version = cfg->version;
	if ((st = ntlm_random(ch.server_challenge, 8)))
		return st;
	if (utf8_to_utf16le(domain, strlen(domain), name, sizeof(name), &name_len))
		return STATUS_INVALID_PARAMETER;
	ch.target_name = (struct smb2_blob){ name, (uint32_t)name_len };

	/* 2.2.2.1 TargetInfo, in the order Windows sends it. */
	wr_init(&ti, SMB2_MAX_SECURITY_BLOB);
	put_le64(ts, server_now(cfg));
	if ((st = put_name_av(&ti, MSV_AV_NB_DOMAIN_NAME, domain)) ||
	    (st = put_name_av(&ti, MSV_AV_NB_COMPUTER_NAME, cfg->netbios_name)) ||
	    (st = put_name_av(&ti, MSV_AV_DNS_DOMAIN_NAME, cfg->dns_domain)) ||
	    (st = put_name_av(&ti, MSV_AV_DNS_COMPUTER_NAME, cfg->dns_name)) ||
	    (st = put_name_av(&ti, MSV_AV_DNS_TREE_NAME, cfg->dns_tree)))
		goto out;
	ntlmssp_av_put(&ti, MSV_AV_TIMESTAMP, ts, 8);
	ntlmssp_av_put_eol(&ti);
	if ((st = wr_status(&ti)))
		goto out;
	ch.target_info = (struct smb2_blob){ ti.buf, (uint32_t)ti.len };

	wr_reset(&s->negotiate);
	wr_bytes(&s->negotiate, in, in_len);
	wr_reset(&s->challenge);
	if ((st = ntlmssp_challenge_encode(&s->challenge, &ch)) || (st = wr_status(&s->negotiate)))
		goto out;
	wr_bytes(out, s->challenge.buf, s->challenge.len);
	if ((st = wr_status(out)))
		goto out;
	s->state = S_SENT_CHALLENGE;
	st = STATUS_MORE_PROCESSING_REQUIRED;
out:
	wr_free(&ti);
	return st;
}

static bool all_zero(const uint8_t *p, size_t n)
{
	uint8_t acc = 0;

	for (size_t i = 0; i < n; i++)
		acc |= p[i];
	return acc == 0;
}

static NTSTATUS names_out(const struct ntlmssp_authenticate *a, struct ntlmssp_server_result *r)
{
	size_t n;

	if (a->user.len > NTLMSSP_MAX_NAME_BYTES || a->domain.len > NTLMSSP_MAX_NAME_BYTES ||
	    a->workstation.len > NTLMSSP_MAX_NAME_BYTES)
		return STATUS_LOGON_FAILURE;
	if (utf16le_to_utf8(a->user.p, a->user.len, r->user, sizeof(r->user), &n) ||
	    utf16le_to_utf8(a->domain.p, a->domain.len, r->domain, sizeof(r->domain), &n) ||
	    utf16le_to_utf8(a->workstation.p, a->workstation.len, r->workstation,
	                    sizeof(r->workstation), &n))
		return STATUS_LOGON_FAILURE;
	return STATUS_SUCCESS;
}

/* HMAC_MD5(ExportedSessionKey, NEGOTIATE || CHALLENGE || AUTHENTICATE with
 * the MIC zeroed) against the MIC sent (MS-NLMP 3.2.5.1.2). */
static NTSTATUS check_mic(const uint8_t key[16], const uint8_t *neg, size_t neg_len,
                          const uint8_t *chal, size_t chal_len, const uint8_t *auth,
                          size_t auth_len, const uint8_t mic[16])
{
	uint8_t *copy, want[16];
	NTSTATUS st;

	if (!neg || auth_len < NTLMSSP_AUTH_MIC_OFFSET + 16)
		return STATUS_LOGON_FAILURE;
	copy = malloc(auth_len);
	if (!copy)
		return STATUS_NO_MEMORY;
	memcpy(copy, auth, auth_len);
	memset(copy + NTLMSSP_AUTH_MIC_OFFSET, 0, 16);
	st = ntlm_hmac_md5(key, 16, neg, neg_len, chal, chal_len, copy, auth_len, want);
	free(copy);
	if (st)
		return st;
	return ntlm_ct_equal(want, mic, 16) ? STATUS_SUCCESS : STATUS_LOGON_FAILURE;
}

NTSTATUS ntlmssp_server_check(const struct ntlmssp_server_cfg *cfg, const uint8_t *neg,
                              size_t neg_len, const uint8_t *chal, size_t chal_len,
                              const uint8_t *auth, size_t auth_len, uint64_t now,
                              struct ntlmssp_server_result *out)
{
	struct ntlmssp_challenge ch;
	struct ntlmssp_authenticate a;
	struct ntlmssp_v2_client_challenge cc;
	struct ntlmssp_server_result r;
	uint8_t hash[16], rkey[16], proof[16], base_key[16], exported[16];
	uint64_t skew = cfg->max_skew ? cfg->max_skew : NTLMSSP_DEFAULT_MAX_SKEW;
	NTSTATUS st;

	if (ntlm_crypto_init())
		return STATUS_NOT_SUPPORTED;
	if (ntlmssp_challenge_decode(chal, chal_len, &ch) ||
	    ntlmssp_authenticate_decode(auth, auth_len, &a))
		return STATUS_INVALID_PARAMETER;
	memset(&r, 0, sizeof(r));
	r.flags = a.flags;
	/* We only speak Unicode (names would be OEM otherwise). */
	if (!(a.flags & NTLMSSP_NEGOTIATE_UNICODE))
		return STATUS_LOGON_FAILURE;
	if ((st = names_out(&a, &r)))
		return st;

	/* MS-NLMP 3.2.5.1.2 anonymous: empty user, empty NT response, LM
	 * response empty or Z(1). */
	if (a.user.len == 0 && a.nt_response.len == 0 &&
	    (a.lm_response.len == 0 || (a.lm_response.len == 1 && a.lm_response.p[0] == 0))) {
		if (!cfg->allow_anonymous)
			return STATUS_LOGON_FAILURE;
		r.anonymous = true;
		*out = r;
		return STATUS_SUCCESS;
	}
	/* NTLMv2 only: an NTLMv1 (24 bytes) or LM-only response is refused. */
	if (a.nt_response.len < 16 + 28 + 4 || a.user.len == 0)
		return STATUS_LOGON_FAILURE;
	if (ntlmssp_v2_response_decode(a.nt_response.p, a.nt_response.len, &cc))
		return STATUS_LOGON_FAILURE;

	st = cfg->lookup ? cfg->lookup(cfg->lookup_arg, r.user, r.domain, hash) : STATUS_NO_SUCH_USER;
	if (st) {
		if (st != STATUS_NO_SUCH_USER || !cfg->allow_guest)
			return STATUS_LOGON_FAILURE;
		r.guest = true;
		*out = r;
		return STATUS_SUCCESS;
	}

	/* 3.3.2: ResponseKeyNT over the names as sent; NTProofStr over the
	 * server challenge and temp (everything after the proof). */
	st = ntlm_ntowfv2(hash, a.user.p, a.user.len, a.domain.p, a.domain.len, rkey);
	if (!st)
		st = ntlm_v2_proof(rkey, ch.server_challenge, a.nt_response.p + 16,
		                   a.nt_response.len - 16, proof, base_key);
	ntlm_wipe(hash, sizeof(hash));
	ntlm_wipe(rkey, sizeof(rkey));
	if (st)
		return st;
	if (!ntlm_ct_equal(proof, a.nt_response.p, 16)) {
		st = STATUS_LOGON_FAILURE;
		goto out;
	}
	/* 3.2.5.1.2: a response whose time is too far from ours is refused. */
	if (now) {
		uint64_t t = cc.timestamp;
		if ((t > now ? t - now : now - t) > skew) {
			st = STATUS_LOGON_FAILURE;
			goto out;
		}
	}
	/* 3.4.5.1 KXKEY (NTLMv2) = SessionBaseKey; 3.2.5.1.2 key exchange. */
	if ((a.flags & NTLMSSP_NEGOTIATE_KEY_EXCH) &&
	    (a.flags & (NTLMSSP_NEGOTIATE_SIGN | NTLMSSP_NEGOTIATE_SEAL))) {
		if (a.enc_session_key.len != 16) {
			st = STATUS_LOGON_FAILURE;
			goto out;
		}
		if ((st = ntlm_rc4(base_key, a.enc_session_key.p, exported, 16)))
			goto out;
	} else {
		memcpy(exported, base_key, 16);
	}
	if (cc.av.has_flags && (cc.av.flags & MSV_AV_FLAG_MIC_PRESENT)) {
		if (!a.has_mic) {
			st = STATUS_LOGON_FAILURE;
			goto out;
		}
		st = check_mic(exported, neg, neg_len, chal, chal_len, auth, auth_len, a.mic);
		if (st)
			goto out;
	}
	r.has_session_key = !all_zero(exported, 16);
	memcpy(r.session_key, exported, 16);
	*out = r;
	st = STATUS_SUCCESS;
out:
	ntlm_wipe(base_key, sizeof(base_key));
	ntlm_wipe(exported, sizeof(exported));
	ntlm_wipe(&r, sizeof(r));
	return st;
}

NTSTATUS ntlmssp_server_step(struct ntlmssp_server *s, const uint8_t *in, size_t in_len,
                             struct wr *out)
{
	NTSTATUS st;

	switch (s->state) {
	case S_START:
		st = send_challenge(s, in, in_len, out);
		if (st != STATUS_MORE_PROCESSING_REQUIRED)
			s->state = S_DONE;
		return st;
	case S_SENT_CHALLENGE:
		s->state = S_DONE;
		st = ntlmssp_server_check(&s->cfg, s->negotiate.buf, s->negotiate.len,
		                          s->challenge.buf, s->challenge.len, in, in_len,
		                          server_now(&s->cfg), &s->result);
		s->have_result = st == STATUS_SUCCESS;
		return st;
	default:
		return STATUS_INVALID_PARAMETER;
	}
}
