/*
 * NEGOTIATE (MS-SMB2 3.3.5.4), the SMB1 multi-protocol negotiate
 * (3.3.5.3.1) and FSCTL_VALIDATE_NEGOTIATE_INFO (3.3.5.15.12).
 *
 * Dialects 2.0.2 to 3.1.1 within the configured range; for 3.1.1 the
 * preauth integrity (SHA-512), cipher and signing-algorithm contexts are
 * answered, cipher and algorithm picked in the server's configured order;
 * the netname, transport and other contexts are accepted and ignored;
 * compression is never offered.
 */
#include <string.h>

#include <openssl/rand.h>

#include "auth/gensec.h"
#include "sim-server/srv_int.h"
#include "wire/fsctl.h"
#include "wire/ioctl.h"
#include "wire/smb1_negotiate.h"

#define PREAUTH_SALT_SIZE 32
#define VALIDATE_NEGOTIATE_RSP_SIZE 24

static const uint16_t dialects_known[] = {
	SMB2_DIALECT_311, SMB2_DIALECT_302, SMB2_DIALECT_300, SMB2_DIALECT_210, SMB2_DIALECT_202,
};
static const uint16_t default_ciphers[] = {
	SMB2_ENCRYPTION_AES128_GCM, SMB2_ENCRYPTION_AES128_CCM,
	SMB2_ENCRYPTION_AES256_GCM, SMB2_ENCRYPTION_AES256_CCM,
};
static const uint16_t default_signing[] = {
	SMB2_SIGNING_AES_GMAC, SMB2_SIGNING_AES_CMAC, SMB2_SIGNING_HMAC_SHA256,
};

static bool in_list(const uint16_t *l, unsigned n, uint16_t v)
{
	for (unsigned i = 0; i < n; i++)
		if (l[i] == v)
			return true;
	return false;
}

/* The greatest dialect both sides have, or 0. */
static uint16_t pick_dialect(const struct srv_settings *set, const uint16_t *offered,
                             unsigned n)
{
	for (unsigned i = 0; i < sizeof(dialects_known) / sizeof(dialects_known[0]); i++) {
		uint16_t d = dialects_known[i];
		if (d >= set->min_dialect && d <= set->max_dialect && in_list(offered, n, d))
			return d;
	}
	return 0;
}

/* The first of the server's order that the client offers, else `none`. */
static uint16_t pick_alg(const uint16_t *server, unsigned ns, const struct smb2_id_list *client,
                         uint16_t none)
{
	for (unsigned i = 0; i < ns; i++)
		if (in_list(client->ids, client->count, server[i]))
			return server[i];
	return none;
}

static uint32_t server_caps(const struct srv_conn_info *ci)
{
	uint32_t caps = 0;

	if (ci->dialect >= SMB2_DIALECT_210)
		caps |= SMB2_GLOBAL_CAP_LARGE_MTU;
	/* 3.3.5.4: 3.0 and 3.0.2 announce encryption when the client does;
	 * 3.1.1 negotiates a cipher through the context instead. */
	if ((ci->dialect == SMB2_DIALECT_300 || ci->dialect == SMB2_DIALECT_302) &&
	    (ci->client_caps & SMB2_GLOBAL_CAP_ENCRYPTION))
		caps |= SMB2_GLOBAL_CAP_ENCRYPTION;
	return caps;
}

/* One configured size, at most the dialect's maximum (0: that maximum). */
static uint32_t io_limit(uint32_t configured, uint32_t dialect_max)
{
	return configured && configured < dialect_max ? configured : dialect_max;
}

static void set_limits(const struct srv_settings *set, struct srv_conn_info *ci)
{
	uint32_t m = ci->dialect == SMB2_DIALECT_202 ? SRV_MAX_IO_202 : SMB2_MAX_IO_SIZE;

	ci->max_read = io_limit(set->max_read, m);
	ci->max_write = io_limit(set->max_write, m);
	ci->max_transact = io_limit(set->max_transact, m);
}

/* The NEGOTIATE response body (after the header) for ci. */
static NTSTATUS encode_rsp(struct srv_conn *c, struct wr *w, const struct smb2_neg_ctx_list *ctx)
{
	struct srv_server *srv = srv_conn_server(c);
	struct srv_conn_info *ci = srv_conn_info(c);
	struct smb2_negotiate_rsp rsp;
	struct wr tok;
	NTSTATUS st;

	wr_init(&tok, SMB2_MAX_SECURITY_BLOB);
	st = gensec_server_initial_token(&tok);
	if (st != STATUS_SUCCESS) {
		wr_free(&tok);
		return st;
	}
	memset(&rsp, 0, sizeof(rsp));
	rsp.security_mode = ci->server_security_mode;
	rsp.dialect_revision = ci->dialect;
	memcpy(rsp.server_guid, srv_server_guid(srv), 16);
	rsp.capabilities = ci->server_caps;
	rsp.max_transact_size = ci->max_transact;
	rsp.max_read_size = ci->max_read;
	rsp.max_write_size = ci->max_write;
	rsp.system_time = srv_filetime_now();
	rsp.server_start_time = 0;
	rsp.security_buffer.p = tok.buf;
	rsp.security_buffer.len = (uint32_t)tok.len;
	if (ctx)
		rsp.ctx = *ctx;
	st = smb2_negotiate_rsp_encode(w, &rsp);
	wr_free(&tok);
	return st;
}

/* 3.1.1 contexts: checks of 3.3.5.4 and the answer. */
static NTSTATUS negotiate_contexts(struct srv_conn *c, const struct smb2_negotiate_req *req,
                                   struct smb2_neg_ctx_list *out, uint8_t *salt)
{
	const struct srv_settings *set = srv_server_settings(srv_conn_server(c));
	struct srv_conn_info *ci = srv_conn_info(c);
	const struct smb2_neg_ctx *pre = NULL, *enc = NULL, *sig = NULL;
	struct smb2_neg_ctx *o;

	for (unsigned i = 0; i < req->ctx.count; i++) {
		const struct smb2_neg_ctx *x = &req->ctx.ctx[i];
		const struct smb2_neg_ctx **slot =
		        x->type == SMB2_PREAUTH_INTEGRITY_CAPABILITIES ? &pre
		        : x->type == SMB2_ENCRYPTION_CAPABILITIES      ? &enc
		        : x->type == SMB2_SIGNING_CAPABILITIES         ? &sig
		                                                       : NULL;
		if (!slot)
			continue;
		if (*slot)
			return STATUS_INVALID_PARAMETER; /* each at most once */
		*slot = x;
	}
	if (!pre)
		return STATUS_INVALID_PARAMETER;
	if (!in_list(pre->u.preauth.hashes.ids, pre->u.preauth.hashes.count,
	             SMB2_PREAUTH_INTEGRITY_SHA512))
		return STATUS_SMB_NO_PREAUTH_INTEGRITY_HASH_OVERLAP;
	memset(out, 0, sizeof(*out));
	if (RAND_bytes(salt, PREAUTH_SALT_SIZE) != 1)
		return STATUS_INTERNAL_ERROR;
	o = &out->ctx[out->count++];
	o->type = SMB2_PREAUTH_INTEGRITY_CAPABILITIES;
	o->u.preauth.hashes.count = 1;
	o->u.preauth.hashes.ids[0] = SMB2_PREAUTH_INTEGRITY_SHA512;
	o->u.preauth.salt.p = salt;
	o->u.preauth.salt.len = PREAUTH_SALT_SIZE;
	if (enc) {
		const uint16_t *order = set->cipher_count ? set->ciphers : default_ciphers;
		unsigned n = set->cipher_count ? set->cipher_count : 4;
		ci->cipher = pick_alg(order, n, &enc->u.ciphers, SMB2_ENCRYPTION_NONE);
		o = &out->ctx[out->count++];
		o->type = SMB2_ENCRYPTION_CAPABILITIES;
		o->u.ciphers.count = 1;
		o->u.ciphers.ids[0] = ci->cipher;
	}
	ci->signing_alg = SMB2_SIGNING_AES_CMAC;
	if (sig) {
		const uint16_t *order = set->signing_alg_count ? set->signing_algs : default_signing;
		unsigned n = set->signing_alg_count ? set->signing_alg_count : 3;
		ci->signing_alg = pick_alg(order, n, &sig->u.signing_algs, SMB2_SIGNING_AES_CMAC);
		o = &out->ctx[out->count++];
		o->type = SMB2_SIGNING_CAPABILITIES;
		o->u.signing_algs.count = 1;
		o->u.signing_algs.ids[0] = ci->signing_alg;
	}
	return STATUS_SUCCESS;
}

static void set_conn_dialect(struct srv_conn *c, uint16_t dialect)
{
	const struct srv_settings *set = srv_server_settings(srv_conn_server(c));
	struct srv_conn_info *ci = srv_conn_info(c);

	ci->dialect = dialect;
	ci->server_security_mode = SMB2_NEGOTIATE_SIGNING_ENABLED |
	                           (set->signing_required ? SMB2_NEGOTIATE_SIGNING_REQUIRED : 0);
	ci->server_caps = server_caps(ci);
	if (dialect < SMB2_DIALECT_300)
		ci->signing_alg = SMB2_SIGNING_HMAC_SHA256;
	else if (dialect < SMB2_DIALECT_311)
		ci->signing_alg = SMB2_SIGNING_AES_CMAC;
	if ((dialect == SMB2_DIALECT_300 || dialect == SMB2_DIALECT_302) &&
	    (ci->server_caps & SMB2_GLOBAL_CAP_ENCRYPTION))
		ci->cipher = SMB2_ENCRYPTION_AES128_CCM;
	set_limits(set, ci);
}

NTSTATUS srv_negotiate(struct srv_req *r)
{
	struct srv_conn *c = r->conn;
	const struct smb2_negotiate_req *req = &r->in.u.negotiate_req;
	struct srv_conn_info *ci = srv_conn_info(c);
	struct smb2_neg_ctx_list ctx;
	uint8_t salt[PREAUTH_SALT_SIZE];
	uint16_t dialect;
	NTSTATUS st;

	if (ci->dialect && ci->dialect != SMB2_DIALECT_WILDCARD) {
		srv_conn_fail(c, "second NEGOTIATE");
		return STATUS_INVALID_PARAMETER;
	}
	if (req->dialect_count == 0)
		return STATUS_INVALID_PARAMETER;
	dialect = pick_dialect(srv_server_settings(r->srv), req->dialects, req->dialect_count);
	if (!dialect)
		return STATUS_NOT_SUPPORTED;
	ci->client_caps = req->capabilities;
	ci->client_security_mode = req->security_mode;
	memcpy(ci->client_guid, req->client_guid, 16);
	ci->client_dialect_count = req->dialect_count;
	memcpy(ci->client_dialects, req->dialects, sizeof(uint16_t) * req->dialect_count);
	set_conn_dialect(c, dialect);
	if (dialect == SMB2_DIALECT_311) {
		st = negotiate_contexts(c, req, &ctx, salt);
		if (st != STATUS_SUCCESS) {
			ci->dialect = 0;
			return st;
		}
		if (smb2_preauth_update(&ci->preauth, r->raw, r->raw_len) != STATUS_SUCCESS)
			return STATUS_INTERNAL_ERROR;
		r->preauth_rsp = true;
	}
	st = encode_rsp(c, &r->out, dialect == SMB2_DIALECT_311 ? &ctx : NULL);
	if (st != STATUS_SUCCESS)
		return st;
	srv_conn_negotiated(c);
	return STATUS_SUCCESS;
}

bool srv_negotiate_smb1(struct srv_conn *c, const uint8_t *frame, size_t len, struct wr *out)
{
	const struct srv_settings *set = srv_server_settings(srv_conn_server(c));
	struct srv_conn_info *ci = srv_conn_info(c);
	struct smb1_negotiate_req req;
	struct smb2_hdr h;
	uint16_t dialect;
	struct rd rc;

	rd_init(&rc, frame, len);
	if (smb1_negotiate_req_decode(&rc, &req) != STATUS_SUCCESS)
		return false;
	/* 3.3.5.3.1: "SMB 2.???" gets the wildcard when the server has more
	 * than 2.0.2; "SMB 2.002" alone gets 2.0.2. */
	if (req.offers_smb2_wildcard && set->max_dialect >= SMB2_DIALECT_210)
		dialect = SMB2_DIALECT_WILDCARD;
	else if (req.offers_smb2_002 && set->min_dialect <= SMB2_DIALECT_202)
		dialect = SMB2_DIALECT_202;
	else
		return false;
	memset(&h, 0, sizeof(h));
	h.command = SMB2_NEGOTIATE;
	h.flags = SMB2_FLAGS_SERVER_TO_REDIR;
	if (smb2_hdr_encode(out, &h) != STATUS_SUCCESS)
		return false;
	if (dialect == SMB2_DIALECT_WILDCARD) {
		ci->dialect = SMB2_DIALECT_WILDCARD;
		ci->server_security_mode = SMB2_NEGOTIATE_SIGNING_ENABLED |
		                           (set->signing_required ? SMB2_NEGOTIATE_SIGNING_REQUIRED
		                                                  : 0);
		ci->server_caps = SMB2_GLOBAL_CAP_LARGE_MTU;
		set_limits(set, ci);
	} else {
		set_conn_dialect(c, dialect);
	}
	if (encode_rsp(c, out, NULL) != STATUS_SUCCESS)
		return false;
	if (dialect == SMB2_DIALECT_202)
		srv_conn_negotiated(c);
	return true;
}

/* 3.3.5.15.12: any mismatch terminates the connection without a reply. */
NTSTATUS srv_ioctl_validate_negotiate(struct srv_req *r)
{
	struct srv_conn *c = r->conn;
	struct srv_conn_info *ci = srv_conn_info(c);
	const struct smb2_ioctl_req *io = &r->in.u.ioctl_req;
	struct smb2_validate_negotiate_req vn;
	struct smb2_validate_negotiate_rsp vr;
	struct smb2_ioctl_rsp rsp;
	struct wr ow;
	NTSTATUS st;

	if (ci->dialect == SMB2_DIALECT_311 ||
	    io->max_output_response < VALIDATE_NEGOTIATE_RSP_SIZE ||
	    smb2_validate_negotiate_req_decode(&io->input, &vn) != STATUS_SUCCESS ||
	    pick_dialect(srv_server_settings(r->srv), vn.dialects, vn.dialect_count) !=
	            ci->dialect ||
	    memcmp(vn.guid, ci->client_guid, 16) != 0 ||
	    vn.security_mode != ci->client_security_mode || vn.capabilities != ci->client_caps) {
		srv_conn_fail(c, "VALIDATE_NEGOTIATE_INFO mismatch");
		return STATUS_ACCESS_DENIED;
	}
	memset(&vr, 0, sizeof(vr));
	vr.capabilities = ci->server_caps;
	memcpy(vr.guid, srv_server_guid(r->srv), 16);
	vr.security_mode = ci->server_security_mode;
	vr.dialect = ci->dialect;
	wr_init(&ow, 256);
	st = smb2_validate_negotiate_rsp_encode(&ow, &vr);
	if (st == STATUS_SUCCESS) {
		memset(&rsp, 0, sizeof(rsp));
		rsp.ctl_code = io->ctl_code;
		rsp.file_id = io->file_id;
		rsp.output.p = ow.buf;
		rsp.output.len = (uint32_t)ow.len;
		st = smb2_ioctl_rsp_encode(&r->out, &rsp);
	}
	wr_free(&ow);
	return st;
}
