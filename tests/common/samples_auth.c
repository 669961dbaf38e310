/* Samples: SESSION_SETUP carrying a real SPNEGO/NTLMSSP exchange made by
 * lib/auth (MS-SMB2 2.2.5, 2.2.6, 3.2.5.3; MS-SPNG; MS-NLMP), and a
 * channel binding request (MS-SMB2 3.2.4.2.3.1). */
#include <string.h>

#include "samples_int.h"
#include "auth/gensec.h"
#include "auth/ntlmssp_crypto.h"
#include "wire/session_setup.h"

/* The session the exchange establishes. */
#define AUTH_SESSION_ID UINT64_C(0x0000100000000045)
#define TOKEN_MAX 4096

enum { TOK_NEG, TOK_CHAL, TOK_AUTH, TOK_DONE, TOK_COUNT };

struct exchange {
	bool done;
	NTSTATUS status;
	uint8_t tok[TOK_COUNT][TOKEN_MAX];
	size_t len[TOK_COUNT];
};

static NTSTATUS lookup(void *arg, const char *user, const char *domain, uint8_t hash[16])
{
	(void)arg;
	(void)domain;
	if (strcmp(user, "alice") != 0)
		return STATUS_NO_SUCH_USER;
	return ntlm_nt_hash("Sample-Passw0rd", hash);
}

static NTSTATUS keep(struct exchange *x, int which, const struct wr *w)
{
	if (!wr_ok(w) || w->len > TOKEN_MAX)
		return STATUS_BUFFER_OVERFLOW;
	memcpy(x->tok[which], w->buf, w->len);
	x->len[which] = w->len;
	return STATUS_SUCCESS;
}

static NTSTATUS expect_status(NTSTATUS got, NTSTATUS want)
{
	return got == want ? STATUS_SUCCESS : (got ? got : STATUS_INTERNAL_ERROR);
}

/* Client against server in process: the four SPNEGO tokens of MS-SPNG
 * 3.1.5 around NTLMSSP NEGOTIATE, CHALLENGE and AUTHENTICATE. */
static NTSTATUS run_exchange(struct exchange *x)
{
	static const uint8_t cc[8] = { 0xc1, 0x1e, 0x47, 0xc4, 0xa1, 0x1e, 0x46, 0x65 };
	static const uint8_t rsk[16] = { 0x5e, 0x55, 0x10, 0x4b, 0x3e, 0x7a, 1, 2,
	                                 3, 4, 5, 6, 7, 8, 9, 10 };
	const struct ntlmssp_server_cfg cfg = {
		.netbios_name = "SMBSIM", .netbios_domain = "WORKGROUP",
		.dns_name = "smbsim.example", .dns_domain = "example",
		.lookup = lookup,
	};
	struct ntlmssp_client *nc = NULL;
	struct gensec_client *c = NULL;
	struct gensec_server *s = NULL;
	struct wr init, t[TOK_COUNT], fin;
	NTSTATUS st;
	int k;

	wr_init(&init, 0);
	wr_init(&fin, 0);
	for (k = 0; k < TOK_COUNT; k++)
		wr_init(&t[k], 0);
	st = ntlmssp_client_new("alice", "WORKGROUP", "Sample-Passw0rd", NULL, "CLIENT1", 0, &nc);
	if (st)
		goto out;
	ntlmssp_client_set_fixed(nc, cc, rsk, UINT64_C(133000000000000000));
	st = gensec_client_new(nc, false, &c);
	if (st)
		goto out;
	if ((st = gensec_server_new(&cfg, &s)) || (st = gensec_server_initial_token(&init)))
		goto out;
	st = expect_status(gensec_client_step(c, init.buf, init.len, &t[TOK_NEG]),
	                   STATUS_MORE_PROCESSING_REQUIRED);
	if (st || (st = keep(x, TOK_NEG, &t[TOK_NEG])))
		goto out;
	st = expect_status(gensec_server_step(s, t[TOK_NEG].buf, t[TOK_NEG].len, &t[TOK_CHAL]),
	                   STATUS_MORE_PROCESSING_REQUIRED);
	if (st || (st = keep(x, TOK_CHAL, &t[TOK_CHAL])))
		goto out;
	st = expect_status(gensec_client_step(c, t[TOK_CHAL].buf, t[TOK_CHAL].len, &t[TOK_AUTH]),
	                   STATUS_MORE_PROCESSING_REQUIRED);
	if (st || (st = keep(x, TOK_AUTH, &t[TOK_AUTH])))
		goto out;
	st = expect_status(gensec_server_step(s, t[TOK_AUTH].buf, t[TOK_AUTH].len, &t[TOK_DONE]),
	                   STATUS_SUCCESS);
	if (st || (st = keep(x, TOK_DONE, &t[TOK_DONE])))
		goto out;
	st = expect_status(gensec_client_step(c, t[TOK_DONE].buf, t[TOK_DONE].len, &fin),
	                   STATUS_SUCCESS);
out:
	gensec_client_free(c);
	gensec_server_free(s);
	wr_free(&init);
	wr_free(&fin);
	for (k = 0; k < TOK_COUNT; k++)
		wr_free(&t[k]);
	return st;
}

/* The exchange runs once; every sample shows one of its tokens. */
static const struct exchange *exchange(NTSTATUS *st)
{
	static struct exchange x;

	if (!x.done) {
		x.status = run_exchange(&x);
		x.done = true;
	}
	*st = x.status;
	return x.status ? NULL : &x;
}

static NTSTATUS sess_req(struct wr *w, struct smb2_hdr *h, struct sample_info *info,
                         int which, uint8_t flags)
{
	struct smb2_session_setup_req r = {
		.flags = flags,
		.security_mode = SMB2_NEGOTIATE_SIGNING_ENABLED,
		.capabilities = SMB2_GLOBAL_CAP_DFS,
	};
	const struct exchange *x;
	NTSTATUS st;

	if (!(x = exchange(&st)))
		return st;
	r.security_buffer.p = x->tok[which];
	r.security_buffer.len = (uint32_t)x->len[which];
	h->tree_id = 0;
	h->session_id = which == TOK_NEG && !flags ? 0 : AUTH_SESSION_ID;
	st = sample_begin(w, h, info);
	if (st)
		return st;
	sample_expect(info, "ntlmssp.messagetype", "%d", which == TOK_NEG ? 1 : 3);
	sample_expect(info, "smb2.ses_req_flags.session_binding", "%d", flags ? 1 : 0);
	if (which == TOK_AUTH)
		sample_expect(info, "ntlmssp.auth.username", "alice");
	return smb2_session_setup_req_encode(w, &r);
}

static NTSTATUS sess_rsp(struct wr *w, struct smb2_hdr *h, struct sample_info *info,
                         int which, NTSTATUS status)
{
	struct smb2_session_setup_rsp r = { 0 };
	const struct exchange *x;
	NTSTATUS st;

	if (!(x = exchange(&st)))
		return st;
	r.security_buffer.p = x->tok[which];
	r.security_buffer.len = (uint32_t)x->len[which];
	h->status = status;
	h->tree_id = 0;
	h->session_id = AUTH_SESSION_ID;
	st = sample_begin(w, h, info);
	if (st)
		return st;
	if (which == TOK_CHAL) {
		sample_expect(info, "ntlmssp.messagetype", "2");
		sample_expect(info, "ntlmssp.challenge.target_name", "WORKGROUP");
	}
	/* MS-SPNG 2.2.1: negResult accept-completed (0). */
	if (which == TOK_DONE)
		sample_expect(info, "spnego.negResult", "0");
	return smb2_session_setup_rsp_encode(w, &r);
}

static NTSTATUS neg_req(struct wr *w, struct smb2_hdr *h, struct sample_info *i)
{
	return sess_req(w, h, i, TOK_NEG, 0);
}

static NTSTATUS chal_rsp(struct wr *w, struct smb2_hdr *h, struct sample_info *i)
{
	return sess_rsp(w, h, i, TOK_CHAL, STATUS_MORE_PROCESSING_REQUIRED);
}

static NTSTATUS auth_req(struct wr *w, struct smb2_hdr *h, struct sample_info *i)
{
	return sess_req(w, h, i, TOK_AUTH, 0);
}

static NTSTATUS done_rsp(struct wr *w, struct smb2_hdr *h, struct sample_info *i)
{
	return sess_rsp(w, h, i, TOK_DONE, STATUS_SUCCESS);
}

/* MS-SMB2 2.2.5: binding a new channel to the established session. */
static NTSTATUS bind_req(struct wr *w, struct smb2_hdr *h, struct sample_info *i)
{
	return sess_req(w, h, i, TOK_NEG, SMB2_SESSION_FLAG_BINDING);
}

static NTSTATUS bind_rsp(struct wr *w, struct smb2_hdr *h, struct sample_info *i)
{
	return sess_rsp(w, h, i, TOK_CHAL, STATUS_MORE_PROCESSING_REQUIRED);
}

const struct sample_entry samples_auth[] = {
	{ "SESSION_SETUP request SPNEGO NegTokenInit NTLMSSP_NEGOTIATE", SMB2_SESSION_SETUP,
	  false, neg_req },
	{ "SESSION_SETUP response NTLMSSP_CHALLENGE", SMB2_SESSION_SETUP, true, chal_rsp },
	{ "SESSION_SETUP request NTLMSSP_AUTH", SMB2_SESSION_SETUP, false, auth_req },
	{ "SESSION_SETUP response SUCCESS accept-completed", SMB2_SESSION_SETUP, true, done_rsp },
	{ "SESSION_SETUP request binding", SMB2_SESSION_SETUP, false, bind_req },
	{ "SESSION_SETUP response binding challenge", SMB2_SESSION_SETUP, true, bind_rsp },
};
const size_t samples_auth_count = sizeof(samples_auth) / sizeof(samples_auth[0]);
