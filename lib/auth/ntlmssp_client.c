/* NTLMSSP client, NTLMv2 (MS-NLMP 3.1.5.1, 3.3.2, 3.4.5.1). */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "auth/ntlmssp_client.h"
#include "auth/ntlmssp_crypto.h"
#include "util/utf16.h"

/* Flags that both sides must agree on: the client keeps one only if the
 * CHALLENGE has it too (MS-NLMP 3.1.5.1.2). */
#define NEGOTIABLE                                                                   \
	(NTLMSSP_NEGOTIATE_UNICODE | NTLMSSP_NEGOTIATE_OEM | NTLMSSP_NEGOTIATE_SIGN |    \
	 NTLMSSP_NEGOTIATE_SEAL | NTLMSSP_NEGOTIATE_DATAGRAM | NTLMSSP_NEGOTIATE_LM_KEY | \
	 NTLMSSP_NEGOTIATE_NTLM | NTLMSSP_NEGOTIATE_ALWAYS_SIGN |                        \
	 NTLMSSP_NEGOTIATE_EXTENDED_SESSIONSECURITY | NTLMSSP_NEGOTIATE_IDENTIFY |       \
	 NTLMSSP_NEGOTIATE_TARGET_INFO | NTLMSSP_NEGOTIATE_VERSION |                     \
	 NTLMSSP_NEGOTIATE_128 | NTLMSSP_NEGOTIATE_KEY_EXCH | NTLMSSP_NEGOTIATE_56)

enum { C_START, C_SENT_NEGOTIATE, C_DONE, C_FAILED };

struct ntlmssp_client {
	uint8_t user[NTLMSSP_MAX_NAME_BYTES], domain[NTLMSSP_MAX_NAME_BYTES];
	uint8_t workstation[NTLMSSP_MAX_NAME_BYTES];
	size_t user_len, domain_len, ws_len;
	uint8_t nt_hash[16];
	bool anonymous;
	uint32_t flags, auth_flags;
	struct ntlmssp_version version;
	int state;
	struct wr negotiate; /* our NEGOTIATE, for the MIC */
	bool fixed;
	uint8_t fixed_cc[8], fixed_rsk[16];
	uint64_t fixed_now;
	bool has_key;
	uint8_t exported_key[16];
};

static NTSTATUS to_u16(const char *s, uint8_t *out, size_t *len)
{
	if (!s) {
		*len = 0;
		return STATUS_SUCCESS;
	}
	return utf8_to_utf16le(s, strlen(s), out, NTLMSSP_MAX_NAME_BYTES, len) ?
	               STATUS_INVALID_PARAMETER :
	               STATUS_SUCCESS;
}

NTSTATUS ntlmssp_client_new(const char *user, const char *domain, const char *password,
                            const uint8_t *nt_hash, const char *workstation, uint32_t flags,
                            struct ntlmssp_client **out)
{
	struct ntlmssp_client *c;
	NTSTATUS st = ntlm_crypto_init();

	if (st)
		return st;
	c = calloc(1, sizeof(*c));
	if (!c)
		return STATUS_NO_MEMORY;
	if ((st = to_u16(user, c->user, &c->user_len)) ||
	    (st = to_u16(domain, c->domain, &c->domain_len)) ||
	    (st = to_u16(workstation, c->workstation, &c->ws_len)))
		goto fail;
	c->anonymous = c->user_len == 0 && !nt_hash && (!password || !*password);
	if (nt_hash)
		memcpy(c->nt_hash, nt_hash, 16);
	else if (!c->anonymous && (st = ntlm_nt_hash(password ? password : "", c->nt_hash)))
		goto fail;
	c->flags = flags ? flags : NTLMSSP_CLIENT_DEFAULT_FLAGS;
	c->version = (struct ntlmssp_version){ 10, 0, 19041, 15 };
	wr_init(&c->negotiate, SMB2_MAX_SECURITY_BLOB);
	*out = c;
	return STATUS_SUCCESS;
fail:
	ntlm_wipe(c, sizeof(*c));
	free(c);
	return st;
}

void ntlmssp_client_free(struct ntlmssp_client *c)
{
	if (!c)
		return;
	wr_free(&c->negotiate);
	ntlm_wipe(c, sizeof(*c));
	free(c);
}

void ntlmssp_client_set_version(struct ntlmssp_client *c, const struct ntlmssp_version *v)
{
	c->version = *v;
}

void ntlmssp_client_set_fixed(struct ntlmssp_client *c, const uint8_t client_challenge[8],
                              const uint8_t random_session_key[16], uint64_t now)
{
	c->fixed = true;
	memcpy(c->fixed_cc, client_challenge, 8);
	memcpy(c->fixed_rsk, random_session_key, 16);
	c->fixed_now = now;
}

bool ntlmssp_client_session_key(const struct ntlmssp_client *c, uint8_t key[16])
{
	if (c->state != C_DONE || !c->has_key)
		return false;
	memcpy(key, c->exported_key, 16);
	return true;
}

uint32_t ntlmssp_client_flags(const struct ntlmssp_client *c)
{
	return c->auth_flags;
}

/* FILETIME now: 100 ns ticks since 1601-01-01. */
static uint64_t filetime_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return ((uint64_t)ts.tv_sec + 11644473600u) * 10000000u + (uint64_t)ts.tv_nsec / 100;
}

static NTSTATUS send_negotiate(struct ntlmssp_client *c, struct wr *out)
{
	struct ntlmssp_negotiate n = { .flags = c->flags, .version = c->version };
	NTSTATUS st;

	wr_reset(&c->negotiate);
	st = ntlmssp_negotiate_encode(&c->negotiate, &n);
	if (st)
		return st;
	wr_bytes(out, c->negotiate.buf, c->negotiate.len);
	if (!wr_ok(out))
		return STATUS_INSUFFICIENT_RESOURCES;
	c->state = C_SENT_NEGOTIATE;
	return STATUS_MORE_PROCESSING_REQUIRED;
}

/* The AV pairs the client returns inside its NTLMv2_CLIENT_CHALLENGE:
 * the server's, plus MsvAvFlags with MIC_PRESENT when we send a MIC
 * (MS-NLMP 3.1.5.1.2). */
static void build_client_av(struct wr *w, const struct ntlmssp_challenge *ch,
                            const struct ntlmssp_av_info *av, bool send_mic)
{
	size_t pos = 0;
	uint16_t id;
	struct smb2_blob v;

	if (!send_mic) {
		wr_bytes(w, ch->target_info.p, av->list_len ? av->list_len : 0);
		if (!av->list_len)
			ntlmssp_av_put_eol(w);
		return;
	}
	while (ntlmssp_av_next(ch->target_info.p, ch->target_info.len, &pos, &id, &v))
		if (id != MSV_AV_FLAGS)
			ntlmssp_av_put(w, id, v.p, v.len);
	uint8_t f[4];
	put_le32(f, (av->has_flags ? av->flags : 0) | MSV_AV_FLAG_MIC_PRESENT);
	ntlmssp_av_put(w, MSV_AV_FLAGS, f, 4);
	ntlmssp_av_put_eol(w);
}

static NTSTATUS send_authenticate(struct ntlmssp_client *c, const uint8_t *in, size_t in_len,
                                  struct wr *out)
{
	struct ntlmssp_challenge ch;
	struct ntlmssp_av_info av;
	struct ntlmssp_authenticate a;
	uint8_t cc[8], rkey[16], proof[16], base_key[16], exported[16], enc_key[16];
	uint8_t lm[24], zero1[1] = { 0 };
	struct wr temp, resp, msg;
	NTSTATUS st;

	st = ntlmssp_challenge_decode(in, in_len, &ch);
	if (st)
		return st;
	memset(&av, 0, sizeof(av));
	if (ch.target_info.len && ntlmssp_av_parse(ch.target_info.p, ch.target_info.len, &av))
		return STATUS_INVALID_PARAMETER;
	/* We speak Unicode only (MS-NLMP 2.2.2.5 A). */
	if (!(ch.flags & NTLMSSP_NEGOTIATE_UNICODE))
		return STATUS_NOT_SUPPORTED;

	uint32_t flags = c->flags & ~(NEGOTIABLE & ~ch.flags);
	flags &= ~NTLMSSP_NEGOTIATE_OEM;
	if (flags & NTLMSSP_NEGOTIATE_EXTENDED_SESSIONSECURITY)
		flags &= ~NTLMSSP_NEGOTIATE_LM_KEY; /* 2.2.2.5: ESS wins */
	if (c->anonymous)
		flags = (flags | NTLMSSP_NEGOTIATE_ANONYMOUS) & ~NTLMSSP_NEGOTIATE_KEY_EXCH;

	memset(&a, 0, sizeof(a));
	a.flags = flags;
	a.version = c->version;
	a.domain = (struct smb2_blob){ c->domain, (uint32_t)c->domain_len };
	a.user = (struct smb2_blob){ c->user, (uint32_t)c->user_len };
	a.workstation = (struct smb2_blob){ c->workstation, (uint32_t)c->ws_len };

	wr_init(&temp, SMB2_MAX_SECURITY_BLOB);
	wr_init(&resp, SMB2_MAX_SECURITY_BLOB);
	wr_init(&msg, SMB2_MAX_SECURITY_BLOB);
	bool send_mic = false;
	if (c->anonymous) {
		/* MS-NLMP 3.3.2: anonymous: NtChallengeResponse empty,
		 * LmChallengeResponse Z(1), no session key. */
		a.lm_response = (struct smb2_blob){ zero1, 1 };
		c->has_key = false;
		memset(exported, 0, 16);
	} else {
		uint64_t now = c->fixed ? c->fixed_now : filetime_now();
		if (c->fixed)
			memcpy(cc, c->fixed_cc, 8);
		else if ((st = ntlm_random(cc, 8)))
			goto out;
		/* 3.1.5.1.2: a server timestamp is used as is, and means the
		 * MIC is sent and the LM response is zeros. */
		if (av.has_timestamp) {
			now = av.timestamp;
			send_mic = (flags & NTLMSSP_NEGOTIATE_VERSION) != 0;
		}
		st = ntlm_ntowfv2(c->nt_hash, c->user, c->user_len, c->domain, c->domain_len, rkey);
		if (st)
			goto out;
		/* 2.2.2.7 NTLMv2_CLIENT_CHALLENGE, then Z(4) (3.3.2 temp). */
		wr_u8(&temp, 1);
		wr_u8(&temp, 1);
		wr_zero(&temp, 6);
		wr_u64(&temp, now);
		wr_bytes(&temp, cc, 8);
		wr_zero(&temp, 4);
		build_client_av(&temp, &ch, &av, send_mic);
		wr_zero(&temp, 4);
		if ((st = wr_status(&temp)))
			goto out;
		st = ntlm_v2_proof(rkey, ch.server_challenge, temp.buf, temp.len, proof, base_key);
		if (st)
			goto out;
		wr_bytes(&resp, proof, 16);
		wr_bytes(&resp, temp.buf, temp.len);
		if ((st = wr_status(&resp)))
			goto out;
		a.nt_response = (struct smb2_blob){ resp.buf, (uint32_t)resp.len };
		if (av.has_timestamp) {
			memset(lm, 0, sizeof(lm));
		} else if ((st = ntlm_lmv2_response(rkey, ch.server_challenge, cc, lm))) {
			goto out;
		}
		a.lm_response = (struct smb2_blob){ lm, 24 };
		/* 3.4.5.1 KXKEY for NTLMv2 is the SessionBaseKey; 3.1.5.1.2 key
		 * exchange when KEY_EXCH with SIGN or SEAL. */
		if ((flags & NTLMSSP_NEGOTIATE_KEY_EXCH) &&
		    (flags & (NTLMSSP_NEGOTIATE_SIGN | NTLMSSP_NEGOTIATE_SEAL))) {
			if (c->fixed)
				memcpy(exported, c->fixed_rsk, 16);
			else if ((st = ntlm_random(exported, 16)))
				goto out;
			if ((st = ntlm_rc4(base_key, exported, enc_key, 16)))
				goto out;
			a.enc_session_key = (struct smb2_blob){ enc_key, 16 };
		} else {
			memcpy(exported, base_key, 16);
		}
		c->has_key = true;
	}
	a.has_mic = send_mic;
	st = ntlmssp_authenticate_encode(&msg, &a);
	if (st)
		goto out;
	if (send_mic) {
		/* 3.1.5.1.2: MIC = HMAC_MD5(ExportedSessionKey, NEGOTIATE ||
		 * CHALLENGE || AUTHENTICATE with a zero MIC). */
		uint8_t mic[16];
		st = ntlm_hmac_md5(exported, 16, c->negotiate.buf, c->negotiate.len, in, in_len,
		                   msg.buf, msg.len, mic);
		if (st)
			goto out;
		memcpy(msg.buf + NTLMSSP_AUTH_MIC_OFFSET, mic, 16);
	}
	wr_bytes(out, msg.buf, msg.len);
	if ((st = wr_status(out)))
		goto out;
	memcpy(c->exported_key, exported, 16);
	c->auth_flags = flags;
	c->state = C_DONE;
	st = STATUS_SUCCESS;
out:
	ntlm_wipe(rkey, sizeof(rkey));
	ntlm_wipe(base_key, sizeof(base_key));
	ntlm_wipe(exported, sizeof(exported));
	wr_free(&temp);
	wr_free(&resp);
	wr_free(&msg);
	return st;
}

NTSTATUS ntlmssp_client_step(struct ntlmssp_client *c, const uint8_t *in, size_t in_len,
                             struct wr *out)
{
	NTSTATUS st;

	switch (c->state) {
	case C_START:
		if (in_len)
			return STATUS_INVALID_PARAMETER;
		return send_negotiate(c, out);
	case C_SENT_NEGOTIATE:
		st = send_authenticate(c, in, in_len, out);
		if (st != STATUS_SUCCESS)
			c->state = C_FAILED;
		return st;
	default:
		return STATUS_INVALID_PARAMETER;
	}
}
