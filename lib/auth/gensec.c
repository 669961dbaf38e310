/* SPNEGO + NTLMSSP for SESSION_SETUP (see gensec.h). */
#include <stdlib.h>
#include <string.h>

#include "auth/gensec.h"
#include "auth/ntlmssp_crypto.h"
#include "auth/spnego.h"

/* ---- client ---------------------------------------------------------- */

enum { G_START, G_SENT_INIT, G_SENT_AUTH, G_DONE, G_FAILED };

struct gensec_client {
	struct ntlmssp_client *ntlm;
	bool raw;
	int state;
	struct wr mech_types; /* the MechTypeList DER we offered */
	bool have_key;
	uint8_t key[16];
	bool sent_mic;
	struct ntlm_sec sec;
	bool sec_ok;
};

NTSTATUS gensec_client_new(struct ntlmssp_client *ntlm, bool raw, struct gensec_client **out)
{
	struct gensec_client *g = calloc(1, sizeof(*g));

	if (!g) {
		ntlmssp_client_free(ntlm);
		return STATUS_NO_MEMORY;
	}
	g->ntlm = ntlm;
	g->raw = raw;
	wr_init(&g->mech_types, 256);
	*out = g;
	return STATUS_SUCCESS;
}

void gensec_client_free(struct gensec_client *g)
{
	if (!g)
		return;
	ntlmssp_client_free(g->ntlm);
	wr_free(&g->mech_types);
	if (g->sec_ok)
		ntlm_sec_free(&g->sec);
	ntlm_wipe(g, sizeof(*g));
	free(g);
}

bool gensec_client_session_key(const struct gensec_client *g, uint8_t key[16])
{
	if (g->state != G_DONE || !g->have_key)
		return false;
	memcpy(key, g->key, 16);
	return true;
}

static NTSTATUS client_init(struct gensec_client *g, const uint8_t *in, size_t in_len,
                            struct wr *out)
{
	struct wr tok;
	NTSTATUS st;

	if (in_len) {
		/* The server's NegTokenInit2 must offer NTLMSSP. */
		struct spnego_token t;
		bool ntlm = false;
		if (spnego_decode(in, in_len, &t) || !t.is_init)
			return STATUS_INVALID_PARAMETER;
		for (unsigned i = 0; i < t.init.n_mechs; i++)
			ntlm |= t.init.mech[i] == SPNEGO_MECH_NTLMSSP;
		if (!ntlm)
			return STATUS_NOT_SUPPORTED;
	}
	wr_init(&tok, SMB2_MAX_SECURITY_BLOB);
	st = ntlmssp_client_step(g->ntlm, NULL, 0, &tok);
	if (st != STATUS_MORE_PROCESSING_REQUIRED)
		goto out;
	if (g->raw) {
		wr_bytes(out, tok.buf, tok.len);
	} else {
		struct spnego_init init = {
			.n_mechs = 1,
			.mech = { SPNEGO_MECH_NTLMSSP },
			.has_mech_token = true,
			.mech_token = { tok.buf, (uint32_t)tok.len },
		};
		wr_reset(&g->mech_types);
		NTSTATUS e = spnego_mech_types_encode(&g->mech_types, &init);
		if (!e)
			e = spnego_init_encode(out, &init);
		if (e) {
			st = e;
			goto out;
		}
	}
	if (!wr_ok(out)) {
		st = STATUS_INSUFFICIENT_RESOURCES;
		goto out;
	}
	g->state = G_SENT_INIT;
out:
	wr_free(&tok);
	return st;
}

static NTSTATUS client_auth(struct gensec_client *g, const uint8_t *in, size_t in_len,
                            struct wr *out)
{
	struct spnego_token t;
	struct smb2_blob chal = { in, (uint32_t)in_len };
	struct wr tok;
	NTSTATUS st;

	if (!g->raw) {
		if (spnego_decode(in, in_len, &t) || t.is_init)
			return STATUS_INVALID_PARAMETER;
		if (t.resp.has_neg_state && t.resp.neg_state == SPNEGO_REJECT)
			return STATUS_LOGON_FAILURE;
		if ((t.resp.has_supported_mech && t.resp.mech != SPNEGO_MECH_NTLMSSP) ||
		    !t.resp.has_response_token)
			return STATUS_INVALID_PARAMETER;
		chal = t.resp.response_token;
	}
	wr_init(&tok, SMB2_MAX_SECURITY_BLOB);
	st = ntlmssp_client_step(g->ntlm, chal.p, chal.len, &tok);
	if (st != STATUS_SUCCESS)
		goto out;
	g->have_key = ntlmssp_client_session_key(g->ntlm, g->key);
	if (g->raw) {
		wr_bytes(out, tok.buf, tok.len);
		st = wr_status(out);
		if (!st)
			g->state = G_DONE;
		goto out;
	}
	struct spnego_resp r = {
		.has_response_token = true,
		.response_token = { tok.buf, (uint32_t)tok.len },
	};
	uint8_t mic[16];
	if (g->have_key) {
		/* MS-SPNG 3.1.5.1: mechListMIC with the NTLM key. */
		st = ntlm_sec_init(&g->sec, g->key, ntlmssp_client_flags(g->ntlm), true);
		if (st)
			goto out;
		g->sec_ok = true;
		st = ntlm_sec_sign(&g->sec, g->mech_types.buf, g->mech_types.len, mic);
		if (st)
			goto out;
		r.has_mech_list_mic = true;
		r.mech_list_mic = (struct smb2_blob){ mic, 16 };
		g->sent_mic = true;
	}
	st = spnego_resp_encode(out, &r);
	if (st)
		goto out;
	g->state = G_SENT_AUTH;
	st = STATUS_MORE_PROCESSING_REQUIRED;
out:
	wr_free(&tok);
	return st;
}

static NTSTATUS client_final(struct gensec_client *g, const uint8_t *in, size_t in_len)
{
	struct spnego_token t;

	if (in_len == 0) {
		/* Some servers end without a token; SMB's status decides. */
		g->state = G_DONE;
		return STATUS_SUCCESS;
	}
	if (spnego_decode(in, in_len, &t) || t.is_init)
		return STATUS_INVALID_PARAMETER;
	if (!t.resp.has_neg_state || t.resp.neg_state != SPNEGO_ACCEPT_COMPLETED)
		return STATUS_LOGON_FAILURE;
	if (t.resp.has_mech_list_mic) {
		if (!g->sec_ok || t.resp.mech_list_mic.len != 16 ||
		    ntlm_sec_verify(&g->sec, g->mech_types.buf, g->mech_types.len,
		                    t.resp.mech_list_mic.p))
			return STATUS_LOGON_FAILURE;
	}
	g->state = G_DONE;
	return STATUS_SUCCESS;
}

NTSTATUS gensec_client_step(struct gensec_client *g, const uint8_t *in, size_t in_len,
                            struct wr *out)
{
	NTSTATUS st;

	switch (g->state) {
	case G_START:
		st = client_init(g, in, in_len, out);
		break;
	case G_SENT_INIT:
		st = client_auth(g, in, in_len, out);
		break;
	case G_SENT_AUTH:
		st = client_final(g, in, in_len);
		break;
	default:
		return STATUS_INVALID_PARAMETER;
	}
	if (st != STATUS_SUCCESS && st != STATUS_MORE_PROCESSING_REQUIRED)
		g->state = G_FAILED;
	return st;
}

/* ---- server ---------------------------------------------------------- */

enum { SV_START, SV_WANT_NEGOTIATE, SV_WANT_AUTH, SV_DONE };

struct gensec_server {
	struct ntlmssp_server *ntlm;
	bool raw;
	int state;
	bool ntlm_first; /* NTLMSSP was the client's first choice */
	struct wr mech_types;
	const struct ntlmssp_server_result *result;
};

NTSTATUS gensec_server_new(const struct ntlmssp_server_cfg *cfg, struct gensec_server **out)
{
	struct gensec_server *g = calloc(1, sizeof(*g));
	NTSTATUS st;

	if (!g)
		return STATUS_NO_MEMORY;
	st = ntlmssp_server_new(cfg, &g->ntlm);
	if (st) {
		free(g);
		return st;
	}
	wr_init(&g->mech_types, SMB2_MAX_SECURITY_BLOB);
	*out = g;
	return STATUS_SUCCESS;
}

void gensec_server_free(struct gensec_server *g)
{
	if (!g)
		return;
	ntlmssp_server_free(g->ntlm);
	wr_free(&g->mech_types);
	free(g);
}

const struct ntlmssp_server_result *gensec_server_result(const struct gensec_server *g)
{
	return g->state == SV_DONE ? g->result : NULL;
}

NTSTATUS gensec_server_initial_token(struct wr *out)
{
	static const char hint[] = SPNEGO_HINT_NAME;
	struct spnego_init init = {
		.n_mechs = 1,
		.mech = { SPNEGO_MECH_NTLMSSP },
		.has_neg_hints = true,
		.has_hint_name = true,
		.hint_name = { (const uint8_t *)hint, sizeof(hint) - 1 },
	};

	return spnego_init_encode(out, &init);
}

/* NegTokenResp carrying an NTLM token (accept-incomplete). */
static NTSTATUS server_resp(struct wr *out, enum spnego_neg_state state, bool mech,
                            const struct wr *tok, const uint8_t *mic)
{
	struct spnego_resp r = {
		.has_neg_state = true,
		.neg_state = state,
		.has_supported_mech = mech,
		.mech = SPNEGO_MECH_NTLMSSP,
	};

	if (tok && tok->len) {
		r.has_response_token = true;
		r.response_token = (struct smb2_blob){ tok->buf, (uint32_t)tok->len };
	}
	if (mic) {
		r.has_mech_list_mic = true;
		r.mech_list_mic = (struct smb2_blob){ mic, 16 };
	}
	return spnego_resp_encode(out, &r);
}

static NTSTATUS server_negotiate(struct gensec_server *g, struct smb2_blob ntlm_tok,
                                 struct wr *out)
{
	struct wr tok;
	NTSTATUS st;

	wr_init(&tok, SMB2_MAX_SECURITY_BLOB);
	st = ntlmssp_server_step(g->ntlm, ntlm_tok.p, ntlm_tok.len, &tok);
	if (st == STATUS_MORE_PROCESSING_REQUIRED) {
		NTSTATUS e = g->raw ? (wr_bytes(out, tok.buf, tok.len), wr_status(out)) :
		                      server_resp(out, SPNEGO_ACCEPT_INCOMPLETE, true, &tok, NULL);
		if (e)
			st = e;
		else
			g->state = SV_WANT_AUTH;
	}
	wr_free(&tok);
	return st;
}

static NTSTATUS server_first(struct gensec_server *g, const uint8_t *in, size_t in_len,
                             struct wr *out)
{
	struct spnego_token t;
	uint32_t type;
	bool offered = false;

	if (ntlmssp_msg_type(in, in_len, &type) == STATUS_SUCCESS) {
		g->raw = true;
		return server_negotiate(g, (struct smb2_blob){ in, (uint32_t)in_len }, out);
	}
	if (spnego_decode(in, in_len, &t) || !t.is_init)
		return STATUS_INVALID_PARAMETER;
	for (unsigned i = 0; i < t.init.n_mechs; i++)
		offered |= t.init.mech[i] == SPNEGO_MECH_NTLMSSP;
	if (!offered)
		return STATUS_NOT_SUPPORTED;
	wr_bytes(&g->mech_types, t.init.mech_types_der.p, t.init.mech_types_der.len);
	if (!wr_ok(&g->mech_types))
		return STATUS_INSUFFICIENT_RESOURCES;
	g->ntlm_first = t.init.mech[0] == SPNEGO_MECH_NTLMSSP;
	if (g->ntlm_first && t.init.has_mech_token)
		return server_negotiate(g, t.init.mech_token, out);
	/* RFC 4178 5: NTLMSSP is not the optimistic mechanism: select it, ask
	 * for the MIC, and wait for the client's NEGOTIATE. */
	NTSTATUS st = server_resp(out, SPNEGO_REQUEST_MIC, true, NULL, NULL);
	if (st)
		return st;
	g->state = SV_WANT_NEGOTIATE;
	return STATUS_MORE_PROCESSING_REQUIRED;
}

static NTSTATUS server_auth(struct gensec_server *g, const uint8_t *in, size_t in_len,
                            struct wr *out)
{
	struct spnego_token t;
	struct smb2_blob auth = { in, (uint32_t)in_len };
	struct wr none;
	NTSTATUS st;

	memset(&t, 0, sizeof(t));
	if (!g->raw) {
		if (spnego_decode(in, in_len, &t) || t.is_init || !t.resp.has_response_token)
			return STATUS_INVALID_PARAMETER;
		auth = t.resp.response_token;
	}
	wr_init(&none, SMB2_MAX_SECURITY_BLOB);
	st = ntlmssp_server_step(g->ntlm, auth.p, auth.len, &none);
	wr_free(&none);
	if (st)
		return st;
	g->result = ntlmssp_server_result(g->ntlm);
	if (g->raw) {
		g->state = SV_DONE;
		return STATUS_SUCCESS;
	}
	uint8_t mic[16];
	bool send_mic = false;
	if (g->result->has_session_key) {
		struct ntlm_sec sec;
		bool has = t.resp.has_mech_list_mic;
		if (!has && !g->ntlm_first)
			return STATUS_LOGON_FAILURE;
		if (has) {
			if (t.resp.mech_list_mic.len != 16)
				return STATUS_LOGON_FAILURE;
			st = ntlm_sec_init(&sec, g->result->session_key, g->result->flags, false);
			if (st)
				return STATUS_LOGON_FAILURE;
			st = ntlm_sec_verify(&sec, g->mech_types.buf, g->mech_types.len,
			                     t.resp.mech_list_mic.p);
			if (!st)
				st = ntlm_sec_sign(&sec, g->mech_types.buf, g->mech_types.len, mic);
			ntlm_sec_free(&sec);
			if (st)
				return STATUS_LOGON_FAILURE;
			send_mic = true;
		}
	}
	st = server_resp(out, SPNEGO_ACCEPT_COMPLETED, false, NULL, send_mic ? mic : NULL);
	if (st)
		return st;
	g->state = SV_DONE;
	return STATUS_SUCCESS;
}

NTSTATUS gensec_server_step(struct gensec_server *g, const uint8_t *in, size_t in_len,
                            struct wr *out)
{
	struct spnego_token t;

	switch (g->state) {
	case SV_START:
		return server_first(g, in, in_len, out);
	case SV_WANT_NEGOTIATE:
		if (spnego_decode(in, in_len, &t) || t.is_init || !t.resp.has_response_token)
			return STATUS_INVALID_PARAMETER;
		return server_negotiate(g, t.resp.response_token, out);
	case SV_WANT_AUTH:
		return server_auth(g, in, in_len, out);
	default:
		return STATUS_INVALID_PARAMETER;
	}
}
