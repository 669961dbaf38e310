/* Samples: NEGOTIATE, SESSION_SETUP, LOGOFF, TREE_CONNECT, TREE_DISCONNECT,
 * ECHO, CANCEL (MS-SMB2 2.2.3-2.2.11, 2.2.28-2.2.30). */
#include <stdio.h>
#include <string.h>

#include "samples_int.h"
#include "wire/cancel.h"
#include "wire/echo.h"
#include "wire/logoff.h"
#include "wire/negotiate.h"
#include "wire/session_setup.h"
#include "wire/tree_connect.h"
#include "wire/tree_disconnect.h"

static const uint16_t all_dialects[] = {
	SMB2_DIALECT_202, SMB2_DIALECT_210, SMB2_DIALECT_300, SMB2_DIALECT_302, SMB2_DIALECT_311,
};
static const uint8_t guid[16] = { 0x5a, 0x11, 0x0c, 0x1e, 0x47, 0x55, 0x49, 0x44,
                                  0x73, 0x6d, 0x62, 0x73, 0x69, 0x6d, 0x00, 0x01 };
static const uint8_t salt[32] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16,
                                  17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32 };
/* A minimal SPNEGO NegTokenInit offering NTLMSSP (RFC 4178 4.2.1): enough
 * for a dissector to recognise the GSS-API token. */
static const uint8_t spnego_hint[] = {
	0x60, 0x1c, 0x06, 0x06, 0x2b, 0x06, 0x01, 0x05, 0x05, 0x02, 0xa0, 0x12, 0x30, 0x10,
	0xa0, 0x0e, 0x30, 0x0c, 0x06, 0x0a, 0x2b, 0x06, 0x01, 0x04, 0x01, 0x82, 0x37, 0x02,
	0x02, 0x0a,
};
/* NTLMSSP NEGOTIATE (MS-NLMP 2.2.1.1) with no domain or workstation. */
static const uint8_t ntlmssp_negotiate[] = {
	'N', 'T', 'L', 'M', 'S', 'S', 'P', 0, 1, 0, 0, 0, 0x97, 0x82, 0x08, 0xe2,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
};
static const uint8_t share_path[] = { '\\', 0, '\\', 0, 's', 0, 'r', 0, 'v', 0, '\\', 0,
                                      's', 0, 'h', 0, 'a', 0, 'r', 0, 'e', 0 };

static void record_dialects(struct sample_info *info, const uint16_t *d, uint16_t n)
{
	memcpy(info->dialects, d, n * sizeof(*d));
	info->dialect_count = n;
}

/* MS-SMB2 2.2.3.1: every context type a client may send (netname is a
 * request-only context); 2.2.4.1: the server answers with one choice in
 * each, and no netname. */
static void fill_neg_ctx(struct smb2_neg_ctx_list *l, bool response, uint16_t cipher,
                         uint16_t sign_alg)
{
	struct smb2_neg_ctx *c = l->ctx;
	uint16_t n = 0;

	memset(l, 0, sizeof(*l));
	c[n].type = SMB2_PREAUTH_INTEGRITY_CAPABILITIES;
	c[n].u.preauth.hashes.count = 1;
	c[n].u.preauth.hashes.ids[0] = SMB2_PREAUTH_INTEGRITY_SHA512;
	c[n].u.preauth.salt.p = salt;
	c[n++].u.preauth.salt.len = sizeof(salt);
	c[n].type = SMB2_ENCRYPTION_CAPABILITIES;
	if (response) {
		c[n++].u.ciphers = (struct smb2_id_list){ 1, { cipher } };
	} else {
		c[n++].u.ciphers = (struct smb2_id_list){
			4, { SMB2_ENCRYPTION_AES128_GCM, SMB2_ENCRYPTION_AES128_CCM,
			     SMB2_ENCRYPTION_AES256_GCM, SMB2_ENCRYPTION_AES256_CCM }
		};
	}
	c[n].type = SMB2_SIGNING_CAPABILITIES;
	if (response) {
		c[n++].u.signing_algs = (struct smb2_id_list){ 1, { sign_alg } };
	} else {
		c[n++].u.signing_algs = (struct smb2_id_list){
			3, { SMB2_SIGNING_AES_GMAC, SMB2_SIGNING_AES_CMAC, SMB2_SIGNING_HMAC_SHA256 }
		};
	}
	if (!response) {
		c[n].type = SMB2_NETNAME_NEGOTIATE_CONTEXT_ID;
		c[n].u.netname.p = share_path + 4; /* "srv" */
		c[n++].u.netname.len = 6;
	}
	c[n].type = SMB2_COMPRESSION_CAPABILITIES;
	c[n].u.compression.algs.count = response ? 1 : 2;
	c[n].u.compression.algs.ids[0] = SMB2_COMPRESSION_LZ77;
	c[n++].u.compression.algs.ids[1] = SMB2_COMPRESSION_PATTERN_V1;
	c[n].type = SMB2_TRANSPORT_CAPABILITIES;
	c[n++].u.transport_flags = SMB2_ACCEPT_TRANSPORT_LEVEL_SECURITY;
	c[n].type = SMB2_RDMA_TRANSFORM_CAPABILITIES;
	c[n].u.rdma_transforms.count = response ? 1 : 2;
	c[n].u.rdma_transforms.ids[0] = SMB2_RDMA_TRANSFORM_ENCRYPTION;
	c[n++].u.rdma_transforms.ids[1] = SMB2_RDMA_TRANSFORM_SIGNING;
	l->count = n;
}

/* tshark's names for what the contexts carry. */
static void expect_neg_ctx(struct sample_info *info, const struct smb2_neg_ctx_list *l)
{
	char types[128] = "";
	size_t k, n = 0;

	for (k = 0; k < l->count; k++)
		n += (size_t)snprintf(types + n, sizeof(types) - n, "%s%u", k ? "|" : "",
		                      l->ctx[k].type);
	sample_expect(info, "smb2.negotiate_context.type", "%s", types);
}

NTSTATUS sample_negotiate_req(struct wr *w, struct smb2_hdr *h, struct sample_info *info,
                              uint16_t ndialects)
{
	struct smb2_negotiate_req r;
	NTSTATUS st;

	memset(&r, 0, sizeof(r));
	r.dialect_count = ndialects;
	memcpy(r.dialects, all_dialects, ndialects * sizeof(all_dialects[0]));
	r.security_mode = SMB2_NEGOTIATE_SIGNING_ENABLED;
	r.capabilities = SMB2_GLOBAL_CAP_DFS | SMB2_GLOBAL_CAP_LEASING |
	                 SMB2_GLOBAL_CAP_LARGE_MTU | SMB2_GLOBAL_CAP_ENCRYPTION;
	memcpy(r.client_guid, guid, 16);
	if (ndialects == 5)
		fill_neg_ctx(&r.ctx, false, 0, 0);
	h->session_id = 0;
	h->tree_id = 0;
	h->credit_charge = 0;
	st = sample_begin(w, h, info);
	if (st)
		return st;
	record_dialects(info, r.dialects, r.dialect_count);
	if (r.ctx.count) {
		expect_neg_ctx(info, &r.ctx);
		sample_expect(info, "smb2.negotiate_context.cipher_id", "2|1|4|3");
		sample_expect(info, "smb2.negotiate_context.signing_id", "2|1|0");
		sample_expect(info, "smb2.negotiate_context.netname", "srv");
		sample_expect(info, "smb2.negotiate_context.rdma_transform_id", "1|2");
	}
	return smb2_negotiate_req_encode(w, &r);
}

NTSTATUS sample_negotiate_rsp(struct wr *w, struct smb2_hdr *h, struct sample_info *info,
                              uint16_t dialect, uint16_t cipher, uint16_t sign_alg)
{
	struct smb2_negotiate_rsp r;
	NTSTATUS st;

	memset(&r, 0, sizeof(r));
	r.security_mode = SMB2_NEGOTIATE_SIGNING_ENABLED;
	r.dialect_revision = dialect;
	memcpy(r.server_guid, guid, 16);
	r.server_guid[15] = 2;
	r.capabilities = SMB2_GLOBAL_CAP_DFS | SMB2_GLOBAL_CAP_LARGE_MTU;
	if (dialect != SMB2_DIALECT_202)
		r.capabilities |= SMB2_GLOBAL_CAP_LEASING;
	if (dialect == SMB2_DIALECT_300 || dialect == SMB2_DIALECT_302)
		r.capabilities |= SMB2_GLOBAL_CAP_ENCRYPTION;
	r.max_transact_size = r.max_read_size = r.max_write_size = 8388608;
	r.system_time = UINT64_C(133000000000000000);
	r.security_buffer.p = spnego_hint;
	r.security_buffer.len = sizeof(spnego_hint);
	if (dialect == SMB2_DIALECT_311)
		fill_neg_ctx(&r.ctx, true, cipher, sign_alg);
	h->session_id = 0;
	h->tree_id = 0;
	h->credit_charge = 0;
	st = sample_begin(w, h, info);
	if (st)
		return st;
	record_dialects(info, &dialect, 1);
	if (r.ctx.count) {
		expect_neg_ctx(info, &r.ctx);
		sample_expect(info, "smb2.negotiate_context.cipher_id", "%u", cipher);
		sample_expect(info, "smb2.negotiate_context.signing_id", "%u", sign_alg);
	}
	return smb2_negotiate_rsp_encode(w, &r);
}

static NTSTATUS neg_req_311(struct wr *w, struct smb2_hdr *h, struct sample_info *i)
{
	return sample_negotiate_req(w, h, i, 5);
}

static NTSTATUS neg_rsp_311(struct wr *w, struct smb2_hdr *h, struct sample_info *i)
{
	return sample_negotiate_rsp(w, h, i, SMB2_DIALECT_311, SMB2_ENCRYPTION_AES128_GCM,
	                            SMB2_SIGNING_AES_GMAC);
}

static NTSTATUS sess_req(struct wr *w, struct smb2_hdr *h, struct sample_info *info)
{
	struct smb2_session_setup_req r = {
		.security_mode = SMB2_NEGOTIATE_SIGNING_ENABLED,
		.capabilities = SMB2_GLOBAL_CAP_DFS,
		.security_buffer = { ntlmssp_negotiate, sizeof(ntlmssp_negotiate) },
	};
	NTSTATUS st;

	h->session_id = 0;
	h->tree_id = 0;
	st = sample_begin(w, h, info);
	return st ? st : smb2_session_setup_req_encode(w, &r);
}

/* MS-SMB2 3.3.5.5.3: more legs to come, with the command's own body. */
static NTSTATUS sess_rsp_more(struct wr *w, struct smb2_hdr *h, struct sample_info *info)
{
	struct smb2_session_setup_rsp r = {
		.security_buffer = { spnego_hint, sizeof(spnego_hint) },
	};
	NTSTATUS st;

	h->status = STATUS_MORE_PROCESSING_REQUIRED;
	h->tree_id = 0;
	st = sample_begin(w, h, info);
	return st ? st : smb2_session_setup_rsp_encode(w, &r);
}

static NTSTATUS logoff_req(struct wr *w, struct smb2_hdr *h, struct sample_info *info)
{
	struct smb2_logoff_req r = { 0 };
	NTSTATUS st = sample_begin(w, h, info);

	return st ? st : smb2_logoff_req_encode(w, &r);
}

static NTSTATUS logoff_rsp(struct wr *w, struct smb2_hdr *h, struct sample_info *info)
{
	struct smb2_logoff_rsp r = { 0 };
	NTSTATUS st = sample_begin(w, h, info);

	return st ? st : smb2_logoff_rsp_encode(w, &r);
}

static NTSTATUS tcon_req(struct wr *w, struct smb2_hdr *h, struct sample_info *info)
{
	struct smb2_tree_connect_req r;
	NTSTATUS st;

	memset(&r, 0, sizeof(r));
	r.path.p = share_path;
	r.path.len = sizeof(share_path);
	h->tree_id = 0;
	st = sample_begin(w, h, info);
	return st ? st : smb2_tree_connect_req_encode(w, &r);
}

/* MS-SMB2 2.2.9.1: the 3.1.1 extension, with one remoted identity context
 * (2.2.9.2) whose data is opaque here. */
static NTSTATUS tcon_req_ext(struct wr *w, struct smb2_hdr *h, struct sample_info *info)
{
	static const uint8_t ident[8] = { 1, 0, 0, 0, 0, 0, 0, 0 };
	struct smb2_tree_connect_req r;
	NTSTATUS st;

	memset(&r, 0, sizeof(r));
	r.flags = SMB2_TREE_CONNECT_FLAG_EXTENSION_PRESENT;
	r.path.p = share_path;
	r.path.len = sizeof(share_path);
	r.ctx_count = 1;
	r.ctx[0].type = SMB2_REMOTED_IDENTITY_TREE_CONNECT_CONTEXT_ID;
	r.ctx[0].data.p = ident;
	r.ctx[0].data.len = sizeof(ident);
	h->tree_id = 0;
	st = sample_begin(w, h, info);
	if (st)
		return st;
	sample_expect(info, "smb2.tree", "\\\\srv\\share");
	return smb2_tree_connect_req_encode(w, &r);
}

static NTSTATUS tcon_rsp(struct wr *w, struct smb2_hdr *h, struct sample_info *info)
{
	struct smb2_tree_connect_rsp r = {
		.share_type = SMB2_SHARE_TYPE_DISK,
		.share_flags = SMB2_SHAREFLAG_MANUAL_CACHING,
		.capabilities = 0,
		.maximal_access = 0x001f01ff,
	};
	NTSTATUS st = sample_begin(w, h, info);

	return st ? st : smb2_tree_connect_rsp_encode(w, &r);
}

static NTSTATUS tdis_req(struct wr *w, struct smb2_hdr *h, struct sample_info *info)
{
	struct smb2_tree_disconnect_req r = { 0 };
	NTSTATUS st = sample_begin(w, h, info);

	return st ? st : smb2_tree_disconnect_req_encode(w, &r);
}

static NTSTATUS tdis_rsp(struct wr *w, struct smb2_hdr *h, struct sample_info *info)
{
	struct smb2_tree_disconnect_rsp r = { 0 };
	NTSTATUS st = sample_begin(w, h, info);

	return st ? st : smb2_tree_disconnect_rsp_encode(w, &r);
}

static NTSTATUS echo_req(struct wr *w, struct smb2_hdr *h, struct sample_info *info)
{
	struct smb2_echo_req r = { 0 };
	NTSTATUS st = sample_begin(w, h, info);

	return st ? st : smb2_echo_req_encode(w, &r);
}

static NTSTATUS echo_rsp(struct wr *w, struct smb2_hdr *h, struct sample_info *info)
{
	struct smb2_echo_rsp r = { 0 };
	NTSTATUS st = sample_begin(w, h, info);

	return st ? st : smb2_echo_rsp_encode(w, &r);
}

/* MS-SMB2 2.2.30: CANCEL of a request still in the sync stage names its
 * MessageId. */
static NTSTATUS cancel_req_sync(struct wr *w, struct smb2_hdr *h, struct sample_info *info)
{
	struct smb2_cancel_req r = { 0 };
	NTSTATUS st;

	h->credit = 0;
	h->credit_charge = 0;
	st = sample_begin(w, h, info);
	return st ? st : smb2_cancel_req_encode(w, &r);
}

/* MS-SMB2 2.2.30: CANCEL of an async request names its AsyncId. */
static NTSTATUS cancel_req(struct wr *w, struct smb2_hdr *h, struct sample_info *info)
{
	struct smb2_cancel_req r = { 0 };
	NTSTATUS st;

	h->flags |= SMB2_FLAGS_ASYNC_COMMAND;
	h->async_id = 0x77;
	h->credit = 0;
	h->credit_charge = 0;
	st = sample_begin(w, h, info);
	return st ? st : smb2_cancel_req_encode(w, &r);
}

const struct sample_entry samples_session[] = {
	{ "NEGOTIATE request 2.0.2-3.1.1 with contexts", SMB2_NEGOTIATE, false, neg_req_311 },
	{ "NEGOTIATE response 3.1.1 with contexts", SMB2_NEGOTIATE, true, neg_rsp_311 },
	{ "SESSION_SETUP request NTLMSSP", SMB2_SESSION_SETUP, false, sess_req },
	{ "SESSION_SETUP response MORE_PROCESSING_REQUIRED", SMB2_SESSION_SETUP, true,
	  sess_rsp_more },
	{ "TREE_CONNECT request", SMB2_TREE_CONNECT, false, tcon_req },
	{ "TREE_CONNECT response", SMB2_TREE_CONNECT, true, tcon_rsp },
	{ "TREE_CONNECT request 3.1.1 extension (remoted identity)", SMB2_TREE_CONNECT, false,
	  tcon_req_ext },
	{ "TREE_CONNECT response to the extension", SMB2_TREE_CONNECT, true, tcon_rsp },
	{ "ECHO request", SMB2_ECHO, false, echo_req },
	{ "ECHO response", SMB2_ECHO, true, echo_rsp },
	{ "CANCEL request (sync)", SMB2_CANCEL, false, cancel_req_sync },
	{ "CANCEL request (async)", SMB2_CANCEL, false, cancel_req },
};
const size_t samples_session_count = sizeof(samples_session) / sizeof(samples_session[0]);

/* Last in the conversation. */
const struct sample_entry samples_teardown[] = {
	{ "TREE_DISCONNECT request", SMB2_TREE_DISCONNECT, false, tdis_req },
	{ "TREE_DISCONNECT response", SMB2_TREE_DISCONNECT, true, tdis_rsp },
	{ "LOGOFF request", SMB2_LOGOFF, false, logoff_req },
	{ "LOGOFF response", SMB2_LOGOFF, true, logoff_rsp },
};
const size_t samples_teardown_count = sizeof(samples_teardown) / sizeof(samples_teardown[0]);
