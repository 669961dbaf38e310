/*
 * srvsvc (lib/rpc/srvsvc.h) and the named-pipe endpoint
 * (lib/rpc/pipe_server.h): smbclient's NetrShareEnum request and smbd's
 * answer decoded field by field; our pipe fed Samba's bind and request
 * answers PDUs our client-side decoders accept, listing the shares we
 * configured; levels 0/1/2, GetInfo, resume handles, errors and faults,
 * message-mode reads, fragmentation, hostile PDUs.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "rpc/srvsvc.h"

static const struct srvsvc_share shares[] = {
	{ "data", STYPE_DISKTREE, "Our data", "/srv/data", 0xFFFFFFFF, 1 },
	{ "IPC$", STYPE_IPC | STYPE_SPECIAL, "IPC Service", NULL, 0xFFFFFFFF, 0 },
	{ "Gr\xc3\xbc\xc3\x9f", STYPE_DISKTREE, NULL, "/srv/g", 10, 2 },
};

static size_t n_shares = 3;
static struct srvsvc_share *big;

static size_t list_shares(void *arg, const struct srvsvc_share **out)
{
	(void)arg;
	*out = big ? big : shares;
	return n_shares;
}

static struct srvsvc_ctx ctx = { list_shares, NULL };

static uint8_t *load(const char *name, size_t *len)
{
	uint8_t *p = tu_load_fixture(name, len);

	assert_non_null(p);
	return p;
}

static void assert_utf16(const struct smb2_blob *b, const char *ascii)
{
	size_t n = strlen(ascii);

	assert_int_equal(b->len, 2 * n);
	for (size_t i = 0; i < n; i++)
		assert_int_equal(le16(b->p + 2 * i), (uint8_t)ascii[i]);
}

static void test_samba_request(void **state)
{
	size_t len;
	uint8_t *p = load("rpc/samba-SMB3_11-share_enum_req.bin", &len);
	struct srvsvc_share_enum_req r, pattern;

	(void)state;
	assert_status(srvsvc_share_enum_req_decode(p + 24, len - 24, &r), STATUS_SUCCESS);
	assert_true(r.has_server_name);
	assert_utf16(&r.server_name, "127.0.0.31");
	assert_int_equal(r.level, 1);
	assert_int_equal(r.prefmaxlen, 0xFFFFFFFF);
	assert_true(r.has_resume);
	assert_int_equal(r.resume_handle, 0);
	for (size_t n = 0; n < len - 24; n++) {
		uint8_t *copy = malloc(n + 1);

		memcpy(copy, p + 24, n);
		memset(&r, 0x5A, sizeof r);
		memset(&pattern, 0x5A, sizeof pattern);
		assert_true(nt_status_is_error(srvsvc_share_enum_req_decode(copy, n, &r)));
		assert_memory_equal(&r, &pattern, sizeof r);
		free(copy);
	}
	/* the union discriminant must equal Level; offset != 0 in the name */
	p[24 + 40] = 2;
	assert_status(srvsvc_share_enum_req_decode(p + 24, len - 24, &r), STATUS_INVALID_PARAMETER);
	p[24 + 40] = 1;
	p[24 + 8] = 1;
	assert_status(srvsvc_share_enum_req_decode(p + 24, len - 24, &r), STATUS_INVALID_PARAMETER);
	free(p);
}

static void test_samba_response(void **state)
{
	size_t len;
	uint8_t *p = load("rpc/samba-SMB3_11-share_enum_rsp.bin", &len);
	struct srvsvc_share_enum_rsp r;

	(void)state;
	assert_status(srvsvc_share_enum_rsp_decode(p + 24, len - 24, &r), STATUS_SUCCESS);
	assert_int_equal(r.level, 1);
	assert_int_equal(r.count, 2);
	assert_utf16(&r.shares[0].name, "share");
	assert_int_equal(r.shares[0].type, STYPE_DISKTREE);
	assert_utf16(&r.shares[0].remark, "");
	assert_utf16(&r.shares[1].name, "IPC$");
	assert_int_equal(r.shares[1].type, STYPE_IPC | STYPE_SPECIAL);
	assert_utf16(&r.shares[1].remark, "IPC Service (Samba 4.17.12-Debian)");
	assert_int_equal(r.total_entries, 2);
	assert_true(r.has_resume);
	assert_int_equal(r.resume_handle, 0);
	assert_int_equal(r.werror, WERR_OK);
	srvsvc_share_enum_rsp_free(&r);
	for (size_t n = 0; n < len - 24; n++) {
		uint8_t *copy = malloc(n + 1);

		memcpy(copy, p + 24, n);
		memset(&r, 0x5A, sizeof r);
		assert_true(nt_status_is_error(srvsvc_share_enum_rsp_decode(copy, n, &r)));
		assert_int_equal(r.count, 0x5A5A5A5A);
		free(copy);
	}
	/* array max_count != EntriesRead; huge count */
	put_le32(p + 24 + 20, 3);
	assert_status(srvsvc_share_enum_rsp_decode(p + 24, len - 24, &r), STATUS_INVALID_PARAMETER);
	put_le32(p + 24 + 12, 0xFFFFFFF0);
	put_le32(p + 24 + 20, 0xFFFFFFF0);
	assert_status(srvsvc_share_enum_rsp_decode(p + 24, len - 24, &r), STATUS_BUFFER_OVERFLOW);
	free(p);
}

/* Read every queued message and decode it. */
static size_t drain(struct dcerpc_pipe *pp, uint8_t *buf, size_t cap)
{
	size_t n = 0, got;
	bool more;
	NTSTATUS st;

	while ((st = dcerpc_pipe_read(pp, buf + n, cap - n, &got, &more)) == STATUS_SUCCESS ||
	       st == STATUS_BUFFER_OVERFLOW) {
		assert_status(st, STATUS_SUCCESS); /* cap holds every message whole */
		n += got;
	}
	assert_status(st, STATUS_PIPE_EMPTY);
	return n;
}

/* Write, read one answer PDU into pdu (decoded from buf). */
static void call(struct dcerpc_pipe *pp, const uint8_t *in, size_t len, uint8_t *buf,
                 size_t cap, struct dcerpc_pdu *pdu)
{
	size_t n;

	assert_status(dcerpc_pipe_transceive(pp, in, len, buf, cap, &n), STATUS_SUCCESS);
	assert_int_equal(dcerpc_pdu_decode(buf, n, pdu, NULL), DCERPC_DECODE_OK);
	assert_int_equal(pdu->hdr.frag_length, n);
}

static void expect_fault(struct dcerpc_pipe *pp, const uint8_t *in, size_t len, uint32_t status)
{
	uint8_t buf[4096];
	struct dcerpc_pdu pdu;

	call(pp, in, len, buf, sizeof buf, &pdu);
	assert_int_equal(pdu.hdr.ptype, DCERPC_PT_FAULT);
	assert_true(pdu.hdr.pfc_flags & DCERPC_PFC_DID_NOT_EXECUTE);
	assert_int_equal(pdu.u.fault.status, status);
	assert_false(dcerpc_pipe_has_output(pp));
}

static struct dcerpc_pipe *bound_pipe(void)
{
	size_t len;
	uint8_t *bind = load("rpc/samba-SMB3_11-bind.bin", &len);
	struct dcerpc_pipe *pp = srvsvc_pipe_new(&ctx, 0x4711);
	uint8_t buf[4096];
	struct dcerpc_pdu pdu;

	assert_non_null(pp);
	call(pp, bind, len, buf, sizeof buf, &pdu);
	assert_int_equal(pdu.hdr.ptype, DCERPC_PT_BIND_ACK);
	free(bind);
	return pp;
}

/* Samba's own bind and NetrShareEnum request against our pipe. */
static void test_pipe_samba_client(void **state)
{
	size_t blen, qlen;
	uint8_t *bind = load("rpc/samba-SMB3_11-bind.bin", &blen);
	uint8_t *req = load("rpc/samba-SMB3_11-share_enum_req.bin", &qlen);
	struct dcerpc_pipe *pp = srvsvc_pipe_new(&ctx, 0x4711);
	struct srvsvc_share_enum_rsp r;
	struct dcerpc_pdu pdu;
	uint8_t buf[4096];

	(void)state;
	assert_non_null(pp);
	assert_false(dcerpc_pipe_has_output(pp));
	call(pp, bind, blen, buf, sizeof buf, &pdu);
	assert_int_equal(pdu.hdr.ptype, DCERPC_PT_BIND_ACK);
	assert_int_equal(pdu.hdr.call_id, 1);
	assert_int_equal(pdu.u.bind_ack.max_xmit_frag, 4280);
	assert_int_equal(pdu.u.bind_ack.max_recv_frag, 4280);
	assert_int_equal(pdu.u.bind_ack.assoc_group_id, 0x4711);
	assert_int_equal(pdu.u.bind_ack.sec_addr.len, 13);
	assert_memory_equal(pdu.u.bind_ack.sec_addr.p, "\\PIPE\\srvsvc", 13);
	assert_int_equal(pdu.u.bind_ack.n_results, 1);
	assert_int_equal(pdu.u.bind_ack.results[0].result, DCERPC_RESULT_ACCEPTANCE);
	assert_true(dcerpc_syntax_equal(&pdu.u.bind_ack.results[0].transfer, &dcerpc_syntax_ndr32));

	call(pp, req, qlen, buf, sizeof buf, &pdu);
	assert_int_equal(pdu.hdr.ptype, DCERPC_PT_RESPONSE);
	assert_int_equal(pdu.hdr.pfc_flags, DCERPC_PFC_FIRST_FRAG | DCERPC_PFC_LAST_FRAG);
	assert_int_equal(pdu.hdr.call_id, 2);
	assert_int_equal(pdu.u.response.alloc_hint, pdu.u.response.stub.len);
	assert_status(srvsvc_share_enum_rsp_decode(pdu.u.response.stub.p, pdu.u.response.stub.len,
	                                           &r), STATUS_SUCCESS);
	assert_int_equal(r.level, 1);
	assert_int_equal(r.count, 3);
	assert_int_equal(r.total_entries, 3);
	assert_utf16(&r.shares[0].name, "data");
	assert_utf16(&r.shares[0].remark, "Our data");
	assert_int_equal(r.shares[0].type, STYPE_DISKTREE);
	assert_utf16(&r.shares[1].name, "IPC$");
	assert_int_equal(r.shares[1].type, 0x80000003u);
	assert_int_equal(r.shares[2].name.len, 8);
	assert_int_equal(le16(r.shares[2].name.p + 4), 0xfc);
	assert_utf16(&r.shares[2].remark, "");
	assert_true(r.has_resume);
	assert_int_equal(r.werror, WERR_OK);
	srvsvc_share_enum_rsp_free(&r);

	/* a second bind on the association is refused */
	call(pp, bind, blen, buf, sizeof buf, &pdu);
	assert_int_equal(pdu.hdr.ptype, DCERPC_PT_BIND_NAK);
	assert_int_equal(pdu.u.bind_nak.n_versions, 1);
	dcerpc_pipe_free(pp);
	free(bind);
	free(req);
}

/* Our own client encoders against our pipe, at every level. */
static void run_enum(struct dcerpc_pipe *pp, uint32_t level, uint32_t prefmax,
                     const uint32_t *resume, struct srvsvc_share_enum_rsp *r)
{
	static uint8_t buf[1 << 20];
	struct wr stub, frags;
	size_t n, off = 0;
	struct dcerpc_reasm ra;
	bool done = false;

	wr_init(&stub, 65536);
	assert_status(srvsvc_share_enum_req_encode(&stub, "srv", level, prefmax, resume),
	              STATUS_SUCCESS);
	wr_init(&frags, 65536);
	assert_status(dcerpc_call_encode(&frags, true, 9, 0, SRVSVC_OPNUM_NETR_SHARE_ENUM,
	                                 stub.buf, stub.len, DCERPC_DEFAULT_FRAG), STATUS_SUCCESS);
	assert_status(dcerpc_pipe_write(pp, frags.buf, frags.len), STATUS_SUCCESS);
	n = drain(pp, buf, sizeof buf);
	dcerpc_reasm_init(&ra);
	while (off < n) {
		struct dcerpc_pdu pdu;

		assert_int_equal(dcerpc_pdu_decode(buf + off, n - off, &pdu, NULL), DCERPC_DECODE_OK);
		assert_int_equal(pdu.hdr.ptype, DCERPC_PT_RESPONSE);
		assert_true(pdu.hdr.frag_length <= DCERPC_DEFAULT_FRAG);
		assert_status(dcerpc_reasm_add(&ra, &pdu, &done), STATUS_SUCCESS);
		off += pdu.hdr.frag_length;
	}
	assert_true(done);
	assert_status(srvsvc_share_enum_rsp_decode(ra.stub, ra.len, r), STATUS_SUCCESS);
	/* the blobs point into ra.stub: keep a copy alive for the caller */
	{
		static uint8_t keep[1 << 20];

		assert_true(ra.len <= sizeof keep);
		memcpy(keep, ra.stub, ra.len);
		srvsvc_share_enum_rsp_free(r);
		assert_status(srvsvc_share_enum_rsp_decode(keep, ra.len, r), STATUS_SUCCESS);
	}
	dcerpc_reasm_free(&ra);
	wr_free(&frags);
	wr_free(&stub);
}

static void test_levels(void **state)
{
	struct dcerpc_pipe *pp = bound_pipe();
	struct srvsvc_share_enum_rsp r;
	uint32_t resume = 0;

	(void)state;
	run_enum(pp, 0, 0xFFFFFFFF, NULL, &r);
	assert_int_equal(r.level, 0);
	assert_int_equal(r.count, 3);
	assert_utf16(&r.shares[1].name, "IPC$");
	assert_int_equal(r.shares[1].type, 0);
	assert_null(r.shares[1].remark.p);
	assert_false(r.has_resume);
	srvsvc_share_enum_rsp_free(&r);

	run_enum(pp, 2, 0xFFFFFFFF, NULL, &r);
	assert_int_equal(r.count, 3);
	assert_utf16(&r.shares[0].path, "/srv/data");
	assert_utf16(&r.shares[1].path, "");
	assert_int_equal(r.shares[2].max_uses, 10);
	assert_int_equal(r.shares[2].current_uses, 2);
	assert_null(r.shares[0].passwd.p);
	srvsvc_share_enum_rsp_free(&r);

	/* 502 is not served, 7 does not exist: ERROR_INVALID_LEVEL, no container */
	run_enum(pp, 502, 0xFFFFFFFF, NULL, &r);
	assert_int_equal(r.werror, WERR_INVALID_LEVEL);
	assert_int_equal(r.count, 0);
	srvsvc_share_enum_rsp_free(&r);
	run_enum(pp, 7, 0xFFFFFFFF, NULL, &r);
	assert_int_equal(r.werror, WERR_INVALID_LEVEL);
	srvsvc_share_enum_rsp_free(&r);

	/* a small PreferedMaximumLength: one entry per call, resumed */
	for (uint32_t i = 0; i < 3; i++) {
		run_enum(pp, 1, 1, &resume, &r);
		assert_int_equal(r.count, 1);
		assert_int_equal(r.total_entries, 3);
		assert_int_equal(r.werror, i < 2 ? WERR_MORE_DATA : WERR_OK);
		assert_int_equal(r.resume_handle, i < 2 ? i + 1 : 0);
		resume = r.resume_handle;
		srvsvc_share_enum_rsp_free(&r);
	}
	dcerpc_pipe_free(pp);
}

static void test_get_info(void **state)
{
	struct dcerpc_pipe *pp = bound_pipe();
	static const struct { const char *name; uint32_t level, werror; } cases[] = {
		{ "ipc$", 1, WERR_OK }, { "DATA", 2, WERR_OK }, { "data", 0, WERR_OK },
		{ "nosuch", 1, WERR_NERR_NET_NAME_NOT_FOUND }, { "data", 501, WERR_INVALID_LEVEL },
	};

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct srvsvc_share_get_info_rsp r;
		struct wr stub, frags;
		struct dcerpc_pdu pdu;
		uint8_t buf[4096];

		wr_init(&stub, 4096);
		assert_status(srvsvc_share_get_info_req_encode(&stub, NULL, cases[i].name,
		                                               cases[i].level), STATUS_SUCCESS);
		wr_init(&frags, 8192);
		assert_status(dcerpc_call_encode(&frags, true, 3, 0, SRVSVC_OPNUM_NETR_SHARE_GET_INFO,
		                                 stub.buf, stub.len, DCERPC_MIN_FRAG), STATUS_SUCCESS);
		call(pp, frags.buf, frags.len, buf, sizeof buf, &pdu);
		assert_int_equal(pdu.hdr.ptype, DCERPC_PT_RESPONSE);
		assert_status(srvsvc_share_get_info_rsp_decode(pdu.u.response.stub.p,
		                                               pdu.u.response.stub.len, &r),
		              STATUS_SUCCESS);
		assert_int_equal(r.werror, cases[i].werror);
		assert_int_equal(r.level, cases[i].level);
		assert_int_equal(r.present, cases[i].werror == WERR_OK);
		if (i == 0) {
			assert_utf16(&r.info.name, "IPC$");
			assert_int_equal(r.info.type, 0x80000003u);
			assert_utf16(&r.info.remark, "IPC Service");
		}
		if (i == 1)
			assert_utf16(&r.info.path, "/srv/data");
		wr_free(&frags);
		wr_free(&stub);
	}
	dcerpc_pipe_free(pp);
}

static void request_pdu(struct wr *w, uint16_t ctx_id, uint16_t opnum, const uint8_t *stub,
                        size_t len)
{
	wr_reset(w);
	assert_status(dcerpc_call_encode(w, true, 5, ctx_id, opnum, stub, len, DCERPC_MIN_FRAG),
	              STATUS_SUCCESS);
}

static void test_faults(void **state)
{
	struct dcerpc_pipe *pp = srvsvc_pipe_new(&ctx, 1);
	static const uint8_t junk[5] = { 1, 2, 3, 4, 5 };
	struct wr w;

	(void)state;
	wr_init(&w, 65536);
	/* a request before any bind */
	request_pdu(&w, 0, 15, junk, sizeof junk);
	expect_fault(pp, w.buf, w.len, DCERPC_NCA_S_PROTO_ERROR);
	dcerpc_pipe_free(pp);

	pp = bound_pipe();
	request_pdu(&w, 0, 15, junk, sizeof junk); /* stub not NDR */
	expect_fault(pp, w.buf, w.len, DCERPC_NCA_S_FAULT_NDR);
	request_pdu(&w, 0, 16, junk, 0);
	expect_fault(pp, w.buf, w.len, DCERPC_NCA_S_FAULT_NDR);
	request_pdu(&w, 0, 5, junk, 0); /* an operation we do not serve */
	expect_fault(pp, w.buf, w.len, DCERPC_NCA_S_OP_RNG_ERROR);
	request_pdu(&w, 0, 200, junk, 0); /* past the interface */
	expect_fault(pp, w.buf, w.len, DCERPC_NCA_S_OP_RNG_ERROR);
	request_pdu(&w, 4, 15, junk, 0); /* a context never bound */
	expect_fault(pp, w.buf, w.len, DCERPC_NCA_S_UNK_IF);
	/* a middle fragment without FIRST */
	request_pdu(&w, 0, 15, junk, 0);
	w.buf[3] = DCERPC_PFC_LAST_FRAG;
	expect_fault(pp, w.buf, w.len, DCERPC_NCA_S_PROTO_ERROR);
	/* a response sent to a server */
	wr_reset(&w);
	{
		struct dcerpc_response rs = { 0 };

		assert_status(dcerpc_response_encode(&w, 3, 5, &rs), STATUS_SUCCESS);
	}
	expect_fault(pp, w.buf, w.len, DCERPC_NCA_S_PROTO_ERROR);
	/* frag_length smaller than the header: fault, buffered bytes dropped */
	request_pdu(&w, 0, 15, junk, 0);
	put_le16(w.buf + 8, 10);
	expect_fault(pp, w.buf, w.len, DCERPC_NCA_S_PROTO_ERROR);
	/* frag_length past what the pipe takes */
	request_pdu(&w, 0, 15, junk, 0);
	put_le16(w.buf + 8, DCERPC_PIPE_MAX_FRAG + 1);
	expect_fault(pp, w.buf, w.len, DCERPC_NCA_S_PROTO_ERROR);
	/* big-endian data representation */
	request_pdu(&w, 0, 15, junk, 0);
	w.buf[4] = 0;
	expect_fault(pp, w.buf, w.len, DCERPC_NCA_S_PROTO_ERROR);
	/* auth_length past the fragment */
	request_pdu(&w, 0, 15, junk, 0);
	put_le16(w.buf + 10, 200);
	expect_fault(pp, w.buf, w.len, DCERPC_NCA_S_PROTO_ERROR);
	/* a request with an auth trailer on an unauthenticated association */
	request_pdu(&w, 0, 15, junk, 0);
	wr_zero(&w, 8 + 16);
	put_le16(w.buf + 8, (uint16_t)w.len);
	put_le16(w.buf + 10, 16);
	expect_fault(pp, w.buf, w.len, DCERPC_NCA_S_PROTO_ERROR);
	/* auth3, co_cancel, orphaned: no answer */
	wr_reset(&w);
	assert_status(dcerpc_simple_encode(&w, DCERPC_PT_AUTH3, 3, 1), STATUS_SUCCESS);
	assert_status(dcerpc_simple_encode(&w, DCERPC_PT_CO_CANCEL, 3, 1), STATUS_SUCCESS);
	assert_status(dcerpc_simple_encode(&w, DCERPC_PT_ORPHANED, 3, 1), STATUS_SUCCESS);
	assert_status(dcerpc_pipe_write(pp, w.buf, w.len), STATUS_SUCCESS);
	assert_false(dcerpc_pipe_has_output(pp));
	wr_free(&w);
	dcerpc_pipe_free(pp);
}

static void bind_with(struct dcerpc_pipe *pp, uint8_t ptype, const struct dcerpc_bind *b,
                      struct dcerpc_pdu *pdu, uint8_t *buf, size_t cap)
{
	struct wr w;

	wr_init(&w, 65536);
	assert_status(dcerpc_bind_encode(&w, ptype, 1, b), STATUS_SUCCESS);
	call(pp, w.buf, w.len, buf, cap, pdu);
	wr_free(&w);
}

static void test_bind_negotiation(void **state)
{
	struct dcerpc_pipe *pp = srvsvc_pipe_new(&ctx, 1);
	struct dcerpc_syntax btfn;
	struct dcerpc_bind b;
	struct dcerpc_pdu pdu;
	uint8_t buf[4096];

	(void)state;
	assert_true(dcerpc_uuid_parse("6cb71c2c-9812-4540-0300-000000000000", &btfn.uuid));
	btfn.vers_major = 1;
	btfn.vers_minor = 0;
	memset(&b, 0, sizeof b);
	b.max_xmit_frag = 2000;
	b.max_recv_frag = 2000;
	b.n_ctx = 4;
	/* 0: NDR64 only; 1: NDR64 and NDR32; 2: feature negotiation; 3: unknown interface */
	for (unsigned i = 0; i < 4; i++) {
		b.ctx[i].ctx_id = (uint16_t)i;
		b.ctx[i].abstract = srvsvc_iface.syntax;
		b.ctx[i].n_transfer = 1;
		b.ctx[i].transfer[0] = dcerpc_syntax_ndr64;
	}
	b.ctx[1].n_transfer = 2;
	b.ctx[1].transfer[1] = dcerpc_syntax_ndr32;
	b.ctx[2].transfer[0] = btfn;
	b.ctx[3].abstract.uuid.b[0] ^= 1;
	b.ctx[3].transfer[0] = dcerpc_syntax_ndr32;
	bind_with(pp, DCERPC_PT_BIND, &b, &pdu, buf, sizeof buf);
	assert_int_equal(pdu.hdr.ptype, DCERPC_PT_BIND_ACK);
	assert_int_equal(pdu.u.bind_ack.max_xmit_frag, 2000);
	assert_int_equal(pdu.u.bind_ack.assoc_group_id, 1);
	assert_int_equal(pdu.u.bind_ack.n_results, 4);
	assert_int_equal(pdu.u.bind_ack.results[0].result, DCERPC_RESULT_PROVIDER_REJECTION);
	assert_int_equal(pdu.u.bind_ack.results[0].reason,
	                 DCERPC_REASON_TRANSFER_SYNTAXES_NOT_SUPPORTED);
	assert_int_equal(pdu.u.bind_ack.results[1].result, DCERPC_RESULT_ACCEPTANCE);
	assert_true(dcerpc_syntax_equal(&pdu.u.bind_ack.results[1].transfer, &dcerpc_syntax_ndr32));
	assert_int_equal(pdu.u.bind_ack.results[2].result, DCERPC_RESULT_NEGOTIATE_ACK);
	assert_int_equal(pdu.u.bind_ack.results[2].reason, DCERPC_BTFN_KEEP_CONNECTION_ON_ORPHAN);
	assert_int_equal(pdu.u.bind_ack.results[3].result, DCERPC_RESULT_PROVIDER_REJECTION);
	assert_int_equal(pdu.u.bind_ack.results[3].reason,
	                 DCERPC_REASON_ABSTRACT_SYNTAX_NOT_SUPPORTED);

	/* alter_context adds context 7; the answer has an empty sec_addr */
	b.n_ctx = 1;
	b.ctx[0].ctx_id = 7;
	b.ctx[0].transfer[0] = dcerpc_syntax_ndr32;
	bind_with(pp, DCERPC_PT_ALTER_CONTEXT, &b, &pdu, buf, sizeof buf);
	assert_int_equal(pdu.hdr.ptype, DCERPC_PT_ALTER_CONTEXT_RESP);
	assert_int_equal(pdu.u.bind_ack.sec_addr.len, 0);
	assert_int_equal(pdu.u.bind_ack.results[0].result, DCERPC_RESULT_ACCEPTANCE);
	dcerpc_pipe_free(pp);

	/* fragments below the minimum; no contexts: bind_nak */
	pp = srvsvc_pipe_new(&ctx, 1);
	b.max_recv_frag = 1000;
	bind_with(pp, DCERPC_PT_BIND, &b, &pdu, buf, sizeof buf);
	assert_int_equal(pdu.hdr.ptype, DCERPC_PT_BIND_NAK);
	b.max_recv_frag = 2000;
	b.n_ctx = 0;
	bind_with(pp, DCERPC_PT_BIND, &b, &pdu, buf, sizeof buf);
	assert_int_equal(pdu.hdr.ptype, DCERPC_PT_BIND_NAK);
	/* alter_context before a bind: fault */
	b.n_ctx = 1;
	bind_with(pp, DCERPC_PT_ALTER_CONTEXT, &b, &pdu, buf, sizeof buf);
	assert_int_equal(pdu.hdr.ptype, DCERPC_PT_FAULT);
	dcerpc_pipe_free(pp);
}

static void test_hostile_binds(void **state)
{
	size_t len;
	uint8_t *bind = load("rpc/samba-SMB3_11-bind.bin", &len);
	struct dcerpc_pdu pdu;
	uint8_t buf[4096];
	struct {
		size_t at;
		uint8_t v;
		uint16_t reason;
	} cases[] = {
		{ 0, 4, DCERPC_NAK_PROTOCOL_VERSION_NOT_SUPPORTED },
		{ 4, 0x00, DCERPC_NAK_REASON_NOT_SPECIFIED },        /* big-endian */
		{ 24, 17, DCERPC_NAK_LOCAL_LIMIT_EXCEEDED },          /* contexts past the limit */
		{ 30, 9, DCERPC_NAK_LOCAL_LIMIT_EXCEEDED },           /* transfer syntaxes */
		{ 24, 2, DCERPC_NAK_REASON_NOT_SPECIFIED },           /* contexts past the data */
	};

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct dcerpc_pipe *pp = srvsvc_pipe_new(&ctx, 1);
		uint8_t *m = malloc(len);

		memcpy(m, bind, len);
		m[cases[i].at] = cases[i].v;
		call(pp, m, len, buf, sizeof buf, &pdu);
		assert_int_equal(pdu.hdr.ptype, DCERPC_PT_BIND_NAK);
		assert_int_equal(pdu.u.bind_nak.reason, cases[i].reason);
		assert_false(dcerpc_pipe_has_output(pp));
		/* the pipe still binds afterwards */
		call(pp, bind, len, buf, sizeof buf, &pdu);
		assert_int_equal(pdu.hdr.ptype, DCERPC_PT_BIND_ACK);
		free(m);
		dcerpc_pipe_free(pp);
	}
	/* a bind with a security trailer: no security provider here */
	{
		struct dcerpc_pipe *pp = srvsvc_pipe_new(&ctx, 1);
		uint8_t *m = calloc(1, len + 16);

		memcpy(m, bind, len);
		m[len] = 10; /* RPC_C_AUTHN_WINNT */
		m[len + 1] = 2;
		put_le16(m + 8, (uint16_t)(len + 16));
		put_le16(m + 10, 8);
		call(pp, m, len + 16, buf, sizeof buf, &pdu);
		assert_int_equal(pdu.hdr.ptype, DCERPC_PT_BIND_NAK);
		assert_int_equal(pdu.u.bind_nak.reason, DCERPC_NAK_AUTH_TYPE_NOT_RECOGNIZED);
		free(m);
		dcerpc_pipe_free(pp);
	}
	free(bind);
}

/* Writes split anywhere; reads shorter than the message. */
static void test_stream_and_reads(void **state)
{
	size_t blen, qlen, n;
	uint8_t *bind = load("rpc/samba-SMB3_11-bind.bin", &blen);
	uint8_t *req = load("rpc/samba-SMB3_11-share_enum_req.bin", &qlen);
	uint8_t *both = malloc(blen + qlen);
	struct dcerpc_pipe *pp = srvsvc_pipe_new(&ctx, 1);
	uint8_t buf[4096], whole[4096];
	size_t got, total = 0;
	bool more;

	(void)state;
	memcpy(both, bind, blen);
	memcpy(both + blen, req, qlen);
	for (size_t i = 0; i < blen + qlen; i++)
		assert_status(dcerpc_pipe_write(pp, both + i, 1), STATUS_SUCCESS);
	/* the bind_ack, in one read */
	assert_status(dcerpc_pipe_read(pp, buf, sizeof buf, &n, &more), STATUS_SUCCESS);
	assert_false(more);
	assert_int_equal(buf[2], DCERPC_PT_BIND_ACK);
	/* the response, ten bytes at a time */
	for (;;) {
		NTSTATUS st = dcerpc_pipe_read(pp, buf, 10, &got, &more);

		memcpy(whole + total, buf, got);
		total += got;
		if (st == STATUS_SUCCESS) {
			assert_false(more);
			break;
		}
		assert_status(st, STATUS_BUFFER_OVERFLOW);
		assert_true(more);
		assert_int_equal(got, 10);
	}
	assert_int_equal(total, le16(whole + 8));
	assert_int_equal(whole[2], DCERPC_PT_RESPONSE);
	assert_status(dcerpc_pipe_read(pp, buf, sizeof buf, &n, &more), STATUS_PIPE_EMPTY);
	assert_int_equal(n, 0);
	/* transceive with a short output buffer */
	assert_status(dcerpc_pipe_transceive(pp, req, qlen, buf, 16, &n), STATUS_BUFFER_OVERFLOW);
	assert_int_equal(n, 16);
	assert_true(dcerpc_pipe_has_output(pp));
	dcerpc_pipe_free(pp); /* frees what was not read */
	free(both);
	free(bind);
	free(req);
}

/* Many shares: the answer is cut into fragments of the negotiated size,
 * and unread output past the limit refuses writes. */
static void test_fragmented_answer_and_limits(void **state)
{
	struct dcerpc_pipe *pp = bound_pipe();
	struct srvsvc_share_enum_rsp r;
	size_t len;
	uint8_t *req = load("rpc/samba-SMB3_11-share_enum_req.bin", &len);
	char (*names)[32] = calloc(SRVSVC_MAX_SHARES, 32);
	size_t writes = 0;

	(void)state;
	big = calloc(SRVSVC_MAX_SHARES, sizeof *big);
	assert_non_null(big);
	assert_non_null(names);
	for (size_t i = 0; i < SRVSVC_MAX_SHARES; i++) {
		snprintf(names[i], sizeof names[i], "share%04zu", i);
		big[i].name = names[i];
		big[i].remark = "a remark that makes the entry longer";
	}
	n_shares = SRVSVC_MAX_SHARES;
	run_enum(pp, 1, 0xFFFFFFFF, NULL, &r);
	assert_int_equal(r.count, SRVSVC_MAX_SHARES);
	assert_utf16(&r.shares[SRVSVC_MAX_SHARES - 1].name, "share1023");
	srvsvc_share_enum_rsp_free(&r);

	/* nobody reads: the queue fills, then writes are refused */
	for (;;) {
		NTSTATUS st = dcerpc_pipe_write(pp, req, len);

		if (st == STATUS_INSUFFICIENT_RESOURCES)
			break;
		assert_status(st, STATUS_SUCCESS);
		assert_true(++writes < 1000);
	}
	assert_true(writes > 1);
	n_shares = 3;
	free(big);
	big = NULL;
	dcerpc_pipe_free(pp);
	free(names);
	free(req);
}

static void test_bad_args(void **state)
{
	struct dcerpc_endpoint ep = { &srvsvc_iface, &ctx };
	struct srvsvc_ctx none = { NULL, NULL };
	char addr[DCERPC_MAX_SEC_ADDR + 1];

	(void)state;
	memset(addr, 'a', sizeof addr - 1);
	addr[sizeof addr - 1] = 0;
	assert_null(dcerpc_pipe_new(&ep, 0, "x", 1));
	assert_null(dcerpc_pipe_new(&ep, DCERPC_PIPE_MAX_IFACES + 1, "x", 1));
	assert_null(dcerpc_pipe_new(&ep, 1, addr, 1));
	assert_null(dcerpc_pipe_new(&ep, 1, NULL, 1));
	assert_null(srvsvc_pipe_new(&none, 1));
	assert_null(srvsvc_pipe_new(NULL, 1));
	dcerpc_pipe_free(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_samba_request),
		cmocka_unit_test(test_samba_response),
		cmocka_unit_test(test_pipe_samba_client),
		cmocka_unit_test(test_levels),
		cmocka_unit_test(test_get_info),
		cmocka_unit_test(test_faults),
		cmocka_unit_test(test_bind_negotiation),
		cmocka_unit_test(test_hostile_binds),
		cmocka_unit_test(test_stream_and_reads),
		cmocka_unit_test(test_fragmented_answer_and_limits),
		cmocka_unit_test(test_bad_args),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
