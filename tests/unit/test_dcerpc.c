/*
 * DCE/RPC connection-oriented PDUs (lib/rpc/dcerpc.h): the bind, bind_ack,
 * request and response smbclient -L and smbd exchanged (cut from the
 * committed Samba fixtures into tests/fixtures/rpc/), decoded field by
 * field; round trips of every PDU type; fragment splitting and
 * reassembly; malformed twins (every truncation, bad lengths, counts past
 * the limits, fragments out of order).
 */
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "rpc/dcerpc.h"
#include "wire/msg.h"

static const uint8_t srvsvc_uuid[16] = { 0xc8, 0x4f, 0x32, 0x4b, 0x70, 0x16, 0xd3, 0x01,
                                         0x12, 0x78, 0x5a, 0x47, 0xbf, 0x6e, 0xe1, 0x88 };

static uint8_t *load(const char *name, size_t *len)
{
	uint8_t *p = tu_load_fixture(name, len);

	assert_non_null(p);
	return p;
}

/* Decode p[0..n) from an exact-size copy and expect failure, output
 * untouched. */
static enum dcerpc_decode_err expect_fail(const uint8_t *p, size_t n)
{
	uint8_t *copy = malloc(n ? n : 1);
	struct dcerpc_pdu out, pattern;
	enum dcerpc_decode_err e;

	assert_non_null(copy);
	if (n)
		memcpy(copy, p, n);
	memset(&out, 0x5A, sizeof out);
	memset(&pattern, 0x5A, sizeof pattern);
	e = dcerpc_pdu_decode(copy, n, &out, NULL);
	assert_int_not_equal(e, DCERPC_DECODE_OK);
	assert_memory_equal(&out, &pattern, sizeof out);
	free(copy);
	return e;
}

static void test_samba_bind(void **state)
{
	const char *dirs[] = { "rpc/samba-SMB3_11-bind.bin", "rpc/samba-SMB2_02-bind.bin" };

	(void)state;
	for (size_t k = 0; k < 2; k++) {
		size_t len;
		uint8_t *p = load(dirs[k], &len);
		struct dcerpc_pdu pdu;
		struct wr w;

		assert_int_equal(dcerpc_pdu_decode(p, len, &pdu, NULL), DCERPC_DECODE_OK);
		assert_int_equal(pdu.hdr.rpc_vers, 5);
		assert_int_equal(pdu.hdr.rpc_vers_minor, 0);
		assert_int_equal(pdu.hdr.ptype, DCERPC_PT_BIND);
		assert_int_equal(pdu.hdr.pfc_flags, DCERPC_PFC_FIRST_FRAG | DCERPC_PFC_LAST_FRAG);
		assert_int_equal(pdu.hdr.drep[0], 0x10);
		assert_int_equal(pdu.hdr.frag_length, 72);
		assert_int_equal(pdu.hdr.auth_length, 0);
		assert_int_equal(pdu.hdr.call_id, 1);
		assert_false(pdu.has_auth);
		assert_int_equal(pdu.u.bind.max_xmit_frag, 4280);
		assert_int_equal(pdu.u.bind.max_recv_frag, 4280);
		assert_int_equal(pdu.u.bind.assoc_group_id, 0);
		assert_int_equal(pdu.u.bind.n_ctx, 1);
		assert_int_equal(pdu.u.bind.ctx[0].ctx_id, 0);
		assert_int_equal(pdu.u.bind.ctx[0].n_transfer, 1);
		assert_memory_equal(pdu.u.bind.ctx[0].abstract.uuid.b, srvsvc_uuid, 16);
		assert_int_equal(pdu.u.bind.ctx[0].abstract.vers_major, 3);
		assert_int_equal(pdu.u.bind.ctx[0].abstract.vers_minor, 0);
		assert_true(dcerpc_syntax_equal(&pdu.u.bind.ctx[0].transfer[0], &dcerpc_syntax_ndr32));

		/* re-encoded byte for byte */
		wr_init(&w, 4096);
		assert_status(dcerpc_bind_encode(&w, DCERPC_PT_BIND, 1, &pdu.u.bind), STATUS_SUCCESS);
		assert_int_equal(w.len, len);
		assert_memory_equal(w.buf, p, len);
		wr_free(&w);

		for (size_t n = 0; n < len; n++)
			expect_fail(p, n);
		free(p);
	}
}

static void test_samba_bind_ack(void **state)
{
	size_t len;
	uint8_t *p = load("rpc/samba-SMB3_11-bind_ack.bin", &len);
	struct dcerpc_pdu pdu;
	struct wr w;

	(void)state;
	assert_int_equal(dcerpc_pdu_decode(p, len, &pdu, NULL), DCERPC_DECODE_OK);
	assert_int_equal(pdu.hdr.ptype, DCERPC_PT_BIND_ACK);
	assert_int_equal(pdu.hdr.frag_length, 68);
	assert_int_equal(pdu.hdr.call_id, 1);
	assert_int_equal(pdu.u.bind_ack.max_xmit_frag, 4280);
	assert_int_equal(pdu.u.bind_ack.max_recv_frag, 4280);
	assert_int_equal(pdu.u.bind_ack.assoc_group_id, 0x3095);
	assert_int_equal(pdu.u.bind_ack.sec_addr.len, 13);
	assert_memory_equal(pdu.u.bind_ack.sec_addr.p, "\\pipe\\srvsvc", 13);
	assert_int_equal(pdu.u.bind_ack.n_results, 1);
	assert_int_equal(pdu.u.bind_ack.results[0].result, DCERPC_RESULT_ACCEPTANCE);
	assert_int_equal(pdu.u.bind_ack.results[0].reason, 0);
	assert_true(dcerpc_syntax_equal(&pdu.u.bind_ack.results[0].transfer, &dcerpc_syntax_ndr32));

	wr_init(&w, 4096);
	assert_status(dcerpc_bind_ack_encode(&w, DCERPC_PT_BIND_ACK, 1, &pdu.u.bind_ack),
	              STATUS_SUCCESS);
	assert_int_equal(w.len, len);
	assert_memory_equal(w.buf, p, len);
	wr_free(&w);

	for (size_t n = 0; n < len; n++)
		expect_fail(p, n);
	free(p);
}

static void test_samba_request_response(void **state)
{
	size_t qlen, rlen;
	uint8_t *q = load("rpc/samba-SMB3_11-share_enum_req.bin", &qlen);
	uint8_t *r = load("rpc/samba-SMB3_11-share_enum_rsp.bin", &rlen);
	struct dcerpc_pdu pdu;
	struct wr w;

	(void)state;
	assert_int_equal(dcerpc_pdu_decode(q, qlen, &pdu, NULL), DCERPC_DECODE_OK);
	assert_int_equal(pdu.hdr.ptype, DCERPC_PT_REQUEST);
	assert_int_equal(pdu.hdr.frag_length, 96);
	assert_int_equal(pdu.hdr.call_id, 2);
	assert_int_equal(pdu.u.request.alloc_hint, 72);
	assert_int_equal(pdu.u.request.ctx_id, 0);
	assert_int_equal(pdu.u.request.opnum, 15);
	assert_false(pdu.u.request.has_object);
	assert_int_equal(pdu.u.request.stub.len, 72);
	assert_ptr_equal(pdu.u.request.stub.p, q + 24);
	wr_init(&w, 4096);
	assert_status(dcerpc_request_encode(&w, pdu.hdr.pfc_flags, 2, &pdu.u.request),
	              STATUS_SUCCESS);
	assert_int_equal(w.len, qlen);
	assert_memory_equal(w.buf, q, qlen);
	wr_free(&w);
	for (size_t n = 0; n < qlen; n++)
		expect_fail(q, n);

	assert_int_equal(dcerpc_pdu_decode(r, rlen, &pdu, NULL), DCERPC_DECODE_OK);
	assert_int_equal(pdu.hdr.ptype, DCERPC_PT_RESPONSE);
	assert_int_equal(pdu.hdr.frag_length, 236);
	assert_int_equal(pdu.hdr.call_id, 2);
	assert_int_equal(pdu.u.response.alloc_hint, 212);
	assert_int_equal(pdu.u.response.ctx_id, 0);
	assert_int_equal(pdu.u.response.cancel_count, 0);
	assert_int_equal(pdu.u.response.stub.len, 212);
	for (size_t n = 0; n < rlen; n++)
		expect_fail(r, n);
	free(q);
	free(r);
}

/* The saved PDUs are exactly what the SMB2 IOCTL fixtures carry. */
static void test_fixture_matches_ioctl(void **state)
{
	size_t mlen, blen;
	uint8_t *m = load("samba/SMB3_11/121-c2s-IOCTL.bin", &mlen);
	uint8_t *b = load("rpc/samba-SMB3_11-bind.bin", &blen);
	struct smb2_msg msg;
	struct rd c;

	(void)state;
	rd_init(&c, m, mlen);
	assert_status(smb2_msg_decode(&c, &msg), STATUS_SUCCESS);
	assert_int_equal(msg.kind, SMB2_MSG_REQ(SMB2_IOCTL));
	assert_int_equal(msg.u.ioctl_req.ctl_code, 0x0011C017);
	assert_int_equal(msg.u.ioctl_req.input.len, blen);
	assert_memory_equal(msg.u.ioctl_req.input.p, b, blen);
	free(m);
	free(b);
}

static void test_roundtrip_all(void **state)
{
	struct dcerpc_bind b;
	struct dcerpc_bind_ack a;
	struct dcerpc_bind_nak nak = { .reason = DCERPC_NAK_PROTOCOL_VERSION_NOT_SUPPORTED,
	                               .n_versions = 2, .versions = { { 5, 0 }, { 5, 1 } } };
	struct dcerpc_request rq = { .alloc_hint = 4, .ctx_id = 3, .opnum = 16, .has_object = true };
	struct dcerpc_response rs = { .alloc_hint = 8, .ctx_id = 3, .cancel_count = 1 };
	struct dcerpc_fault f = { .ctx_id = 3, .status = DCERPC_NCA_S_OP_RNG_ERROR };
	static const uint8_t stub[8] = { 1, 2, 3, 4, 5, 6, 7, 8 };
	const uint8_t simple[] = { DCERPC_PT_AUTH3, DCERPC_PT_SHUTDOWN, DCERPC_PT_CO_CANCEL,
	                           DCERPC_PT_ORPHANED };
	struct dcerpc_pdu pdu;
	struct wr w;

	(void)state;
	memset(&b, 0, sizeof b);
	b.max_xmit_frag = 5840;
	b.max_recv_frag = 4280;
	b.assoc_group_id = 0x1234;
	b.n_ctx = 3;
	for (unsigned i = 0; i < 3; i++) {
		b.ctx[i].ctx_id = (uint16_t)i;
		memcpy(b.ctx[i].abstract.uuid.b, srvsvc_uuid, 16);
		b.ctx[i].abstract.vers_major = 3;
		b.ctx[i].n_transfer = 2;
		b.ctx[i].transfer[0] = dcerpc_syntax_ndr64;
		b.ctx[i].transfer[1] = dcerpc_syntax_ndr32;
	}
	wr_init(&w, 65536);
	assert_status(dcerpc_bind_encode(&w, DCERPC_PT_ALTER_CONTEXT, 7, &b), STATUS_SUCCESS);
	assert_int_equal(dcerpc_pdu_decode(w.buf, w.len, &pdu, NULL), DCERPC_DECODE_OK);
	assert_int_equal(pdu.hdr.ptype, DCERPC_PT_ALTER_CONTEXT);
	assert_int_equal(pdu.hdr.frag_length, w.len);
	assert_int_equal(pdu.hdr.call_id, 7);
	assert_memory_equal(&pdu.u.bind, &b, sizeof b);

	memset(&a, 0, sizeof a);
	a.max_xmit_frag = 4280;
	a.max_recv_frag = 4280;
	a.assoc_group_id = 9;
	a.sec_addr.p = (const uint8_t *)"";
	a.sec_addr.len = 0;
	a.n_results = 2;
	a.results[0].result = DCERPC_RESULT_PROVIDER_REJECTION;
	a.results[0].reason = DCERPC_REASON_TRANSFER_SYNTAXES_NOT_SUPPORTED;
	a.results[1].result = DCERPC_RESULT_ACCEPTANCE;
	a.results[1].transfer = dcerpc_syntax_ndr32;
	wr_reset(&w);
	assert_status(dcerpc_bind_ack_encode(&w, DCERPC_PT_ALTER_CONTEXT_RESP, 7, &a),
	              STATUS_SUCCESS);
	assert_int_equal(dcerpc_pdu_decode(w.buf, w.len, &pdu, NULL), DCERPC_DECODE_OK);
	assert_int_equal(pdu.u.bind_ack.sec_addr.len, 0);
	assert_int_equal(pdu.u.bind_ack.n_results, 2);
	assert_memory_equal(pdu.u.bind_ack.results, a.results, sizeof a.results[0] * 2);
	assert_int_equal(w.len, 16 + 8 + 2 + 2 + 4 + 2 * 24);

	wr_reset(&w);
	assert_status(dcerpc_bind_nak_encode(&w, 1, &nak), STATUS_SUCCESS);
	assert_int_equal(dcerpc_pdu_decode(w.buf, w.len, &pdu, NULL), DCERPC_DECODE_OK);
	assert_memory_equal(&pdu.u.bind_nak, &nak, sizeof nak);

	assert_true(dcerpc_uuid_parse("01234567-89ab-cdef-0123-456789abcdef", &rq.object));
	rq.stub.p = stub;
	rq.stub.len = 4;
	wr_reset(&w);
	assert_status(dcerpc_request_encode(&w, DCERPC_PFC_FIRST_FRAG | DCERPC_PFC_LAST_FRAG, 5, &rq),
	              STATUS_SUCCESS);
	assert_int_equal(dcerpc_pdu_decode(w.buf, w.len, &pdu, NULL), DCERPC_DECODE_OK);
	assert_int_equal(pdu.hdr.pfc_flags, 0x83);
	assert_true(pdu.u.request.has_object);
	assert_int_equal(pdu.u.request.object.b[0], 0x67);
	assert_int_equal(pdu.u.request.object.b[15], 0xef);
	assert_int_equal(pdu.u.request.opnum, 16);
	assert_int_equal(pdu.u.request.stub.len, 4);
	assert_memory_equal(pdu.u.request.stub.p, stub, 4);

	rs.stub.p = stub;
	rs.stub.len = 8;
	wr_reset(&w);
	assert_status(dcerpc_response_encode(&w, DCERPC_PFC_LAST_FRAG, 5, &rs), STATUS_SUCCESS);
	assert_int_equal(dcerpc_pdu_decode(w.buf, w.len, &pdu, NULL), DCERPC_DECODE_OK);
	assert_int_equal(pdu.u.response.cancel_count, 1);
	assert_int_equal(pdu.u.response.stub.len, 8);

	wr_reset(&w);
	assert_status(dcerpc_fault_encode(&w, 0x23, 5, &f), STATUS_SUCCESS);
	assert_int_equal(w.len, 32);
	assert_int_equal(dcerpc_pdu_decode(w.buf, w.len, &pdu, NULL), DCERPC_DECODE_OK);
	assert_int_equal(pdu.u.fault.status, DCERPC_NCA_S_OP_RNG_ERROR);
	assert_int_equal(pdu.u.fault.ctx_id, 3);
	assert_int_equal(pdu.u.fault.stub.len, 0);

	for (size_t i = 0; i < sizeof simple; i++) {
		wr_reset(&w);
		assert_status(dcerpc_simple_encode(&w, simple[i], 3, 11), STATUS_SUCCESS);
		assert_int_equal(dcerpc_pdu_decode(w.buf, w.len, &pdu, NULL), DCERPC_DECODE_OK);
		assert_int_equal(pdu.hdr.ptype, simple[i]);
		assert_int_equal(pdu.hdr.call_id, 11);
	}
	wr_reset(&w);
	assert_status(dcerpc_simple_encode(&w, DCERPC_PT_BIND, 3, 1), STATUS_INVALID_PARAMETER);
	b.n_ctx = DCERPC_MAX_CTX_ITEMS + 1;
	assert_status(dcerpc_bind_encode(&w, DCERPC_PT_BIND, 1, &b), STATUS_INVALID_PARAMETER);
	assert_int_equal(w.len, 0);
	wr_free(&w);

	assert_false(dcerpc_uuid_parse("01234567-89ab-cdef-0123-456789abcde", &rq.object));
	assert_false(dcerpc_uuid_parse("01234567x89ab-cdef-0123-456789abcdef", &rq.object));
	assert_false(dcerpc_uuid_parse("0123456g-89ab-cdef-0123-456789abcdef", &rq.object));
	assert_false(dcerpc_uuid_parse("01234567-89ab-cdef-0123-456789abcdef0", &rq.object));
}

static uint8_t *patched(const uint8_t *p, size_t len, size_t at, uint8_t v)
{
	uint8_t *m = malloc(len);

	assert_non_null(m);
	memcpy(m, p, len);
	m[at] = v;
	return m;
}

/* p with byte `at` set to v must fail to decode with `want`. */
static void expect_patched_fail(const uint8_t *p, size_t len, size_t at, uint8_t v,
                                enum dcerpc_decode_err want)
{
	uint8_t *m = patched(p, len, at, v);

	assert_int_equal(expect_fail(m, len), want);
	free(m);
}

static void test_malformed_header(void **state)
{
	size_t len;
	uint8_t *p = load("rpc/samba-SMB3_11-bind.bin", &len);
	uint8_t *m;

	(void)state;
	/* version 4, minor 2 */
	expect_patched_fail(p, len, 0, 4, DCERPC_DECODE_VERSION);
	expect_patched_fail(p, len, 1, 2, DCERPC_DECODE_VERSION);
	/* big-endian, EBCDIC, VAX floats */
	expect_patched_fail(p, len, 4, 0x00, DCERPC_DECODE_DREP);
	expect_patched_fail(p, len, 4, 0x11, DCERPC_DECODE_DREP);
	expect_patched_fail(p, len, 5, 0x01, DCERPC_DECODE_DREP);
	/* frag_length below the header, past the data */
	expect_patched_fail(p, len, 8, 15, DCERPC_DECODE_FRAG_LEN);
	m = patched(p, len, 8, (uint8_t)(len + 1));
	assert_int_equal(expect_fail(m, len), DCERPC_DECODE_SHORT);
	free(m);
	/* auth_length past the fragment, and not leaving room for the trailer */
	m = patched(p, len, 10, (uint8_t)(len - 16 - 8 + 1));
	assert_int_equal(expect_fail(m, len), DCERPC_DECODE_AUTH);
	free(m);
	expect_patched_fail(p, len, 11, 0xff, DCERPC_DECODE_AUTH);
	/* auth trailer misaligned (auth_length 1 puts it at 63) */
	expect_patched_fail(p, len, 10, 1, DCERPC_DECODE_AUTH);
	/* unknown packet types */
	expect_patched_fail(p, len, 2, 1, DCERPC_DECODE_PTYPE);
	expect_patched_fail(p, len, 2, 20, DCERPC_DECODE_PTYPE);
	/* context count past the limit; transfer counts 0 and past the limit */
	expect_patched_fail(p, len, 24, DCERPC_MAX_CTX_ITEMS + 1, DCERPC_DECODE_LIMIT);
	expect_patched_fail(p, len, 24, 2, DCERPC_DECODE_BODY);
	expect_patched_fail(p, len, 30, 0, DCERPC_DECODE_BODY);
	expect_patched_fail(p, len, 30, DCERPC_MAX_TRANSFER_SYNTAXES + 1, DCERPC_DECODE_LIMIT);
	expect_patched_fail(p, len, 30, 2, DCERPC_DECODE_BODY);
	free(p);

	/* bind_ack: sec_addr length past the data, past the limit, unterminated */
	p = load("rpc/samba-SMB3_11-bind_ack.bin", &len);
	expect_patched_fail(p, len, 24, 60, DCERPC_DECODE_BODY);
	expect_patched_fail(p, len, 25, 0x10, DCERPC_DECODE_LIMIT);
	expect_patched_fail(p, len, 26 + 12, 'x', DCERPC_DECODE_BODY);
	expect_patched_fail(p, len, 26 + 3, 0, DCERPC_DECODE_BODY);
	expect_patched_fail(p, len, 40, DCERPC_MAX_CTX_ITEMS + 1, DCERPC_DECODE_LIMIT);
	expect_patched_fail(p, len, 40, 2, DCERPC_DECODE_BODY);
	free(p);
}

/* A request with a security trailer: the pad comes off the stub. */
static void test_auth_trailer(void **state)
{
	struct dcerpc_request rq = { .alloc_hint = 8, .opnum = 1 };
	static const uint8_t stub[12] = { 1, 2, 3, 4, 5, 6, 7, 8, 0, 0, 0, 0 };
	struct dcerpc_pdu pdu;
	struct wr w;

	(void)state;
	rq.stub.p = stub;
	rq.stub.len = sizeof stub; /* 8 bytes of stub, 4 of auth pad */
	wr_init(&w, 4096);
	assert_status(dcerpc_request_encode(&w, 3, 1, &rq), STATUS_SUCCESS);
	wr_u8(&w, 10);  /* RPC_C_AUTHN_WINNT */
	wr_u8(&w, 6);   /* privacy */
	wr_u8(&w, 4);   /* pad */
	wr_u8(&w, 0);
	wr_u32(&w, 77);
	wr_zero(&w, 16);
	put_le16(w.buf + 8, (uint16_t)w.len);
	put_le16(w.buf + 10, 16);
	assert_int_equal(dcerpc_pdu_decode(w.buf, w.len, &pdu, NULL), DCERPC_DECODE_OK);
	assert_true(pdu.has_auth);
	assert_int_equal(pdu.auth.auth_type, 10);
	assert_int_equal(pdu.auth.auth_level, 6);
	assert_int_equal(pdu.auth.auth_pad_length, 4);
	assert_int_equal(pdu.auth.auth_context_id, 77);
	assert_int_equal(pdu.auth.value.len, 16);
	assert_int_equal(pdu.u.request.stub.len, 8);
	/* a pad longer than the stub */
	w.buf[24 + 12 + 2] = 13;
	assert_int_equal(expect_fail(w.buf, w.len), DCERPC_DECODE_AUTH);
	wr_free(&w);
}

static void test_fragments(void **state)
{
	size_t n = 10000;
	uint8_t *stub = malloc(n);
	struct dcerpc_reasm r;
	struct wr w;
	size_t off = 0, frags = 0;
	bool done = false;

	(void)state;
	assert_non_null(stub);
	for (size_t i = 0; i < n; i++)
		stub[i] = (uint8_t)(i * 7);
	wr_init(&w, WR_MAX_DEFAULT);
	assert_status(dcerpc_call_encode(&w, true, 9, 1, 15, stub, n, 100), STATUS_INVALID_PARAMETER);
	assert_status(dcerpc_call_encode(&w, true, 9, 1, 15, stub, n, DCERPC_MIN_FRAG),
	              STATUS_SUCCESS);
	dcerpc_reasm_init(&r);
	while (off < w.len) {
		struct dcerpc_pdu pdu;

		assert_false(done);
		assert_int_equal(dcerpc_pdu_decode(w.buf + off, w.len - off, &pdu, NULL),
		                 DCERPC_DECODE_OK);
		assert_true(pdu.hdr.frag_length <= DCERPC_MIN_FRAG);
		assert_int_equal(!!(pdu.hdr.pfc_flags & DCERPC_PFC_FIRST_FRAG), frags == 0);
		if (!(pdu.hdr.pfc_flags & DCERPC_PFC_LAST_FRAG))
			assert_int_equal(pdu.u.request.stub.len % 8, 0);
		assert_status(dcerpc_reasm_add(&r, &pdu, &done), STATUS_SUCCESS);
		off += pdu.hdr.frag_length;
		frags++;
	}
	assert_true(done);
	assert_int_equal(frags, (n + 1400 - 1) / 1400);
	assert_int_equal(r.len, n);
	assert_memory_equal(r.stub, stub, n);
	assert_int_equal(r.opnum, 15);
	assert_int_equal(r.ctx_id, 1);
	dcerpc_reasm_free(&r);
	wr_free(&w);
	free(stub);
}

static struct dcerpc_pdu frag(uint8_t flags, uint32_t call_id, uint16_t opnum, size_t len)
{
	static uint8_t buf[4096];
	struct dcerpc_pdu p;

	memset(&p, 0, sizeof p);
	p.hdr.ptype = DCERPC_PT_REQUEST;
	p.hdr.pfc_flags = flags;
	p.hdr.call_id = call_id;
	p.u.request.opnum = opnum;
	p.u.request.stub.p = buf;
	p.u.request.stub.len = (uint32_t)len;
	return p;
}

static void test_reasm_out_of_order(void **state)
{
	struct dcerpc_reasm r;
	struct dcerpc_pdu p;
	bool done;

	(void)state;
	dcerpc_reasm_init(&r);
	/* a middle fragment with no FIRST */
	p = frag(0, 1, 0, 8);
	assert_status(dcerpc_reasm_add(&r, &p, &done), STATUS_INVALID_PARAMETER);
	p = frag(DCERPC_PFC_LAST_FRAG, 1, 0, 8);
	assert_status(dcerpc_reasm_add(&r, &p, &done), STATUS_INVALID_PARAMETER);
	/* FIRST twice */
	p = frag(DCERPC_PFC_FIRST_FRAG, 1, 0, 8);
	assert_status(dcerpc_reasm_add(&r, &p, &done), STATUS_SUCCESS);
	assert_false(done);
	assert_status(dcerpc_reasm_add(&r, &p, &done), STATUS_INVALID_PARAMETER);
	assert_false(r.active);
	/* call id, opnum changing mid-call */
	p = frag(DCERPC_PFC_FIRST_FRAG, 1, 0, 8);
	assert_status(dcerpc_reasm_add(&r, &p, &done), STATUS_SUCCESS);
	p = frag(DCERPC_PFC_LAST_FRAG, 2, 0, 8);
	assert_status(dcerpc_reasm_add(&r, &p, &done), STATUS_INVALID_PARAMETER);
	p = frag(DCERPC_PFC_FIRST_FRAG, 1, 0, 8);
	assert_status(dcerpc_reasm_add(&r, &p, &done), STATUS_SUCCESS);
	p = frag(DCERPC_PFC_LAST_FRAG, 1, 5, 8);
	assert_status(dcerpc_reasm_add(&r, &p, &done), STATUS_INVALID_PARAMETER);
	/* a response is not a request's fragment */
	p = frag(DCERPC_PFC_FIRST_FRAG, 1, 0, 8);
	assert_status(dcerpc_reasm_add(&r, &p, &done), STATUS_SUCCESS);
	p = frag(DCERPC_PFC_LAST_FRAG, 1, 0, 8);
	p.hdr.ptype = DCERPC_PT_RESPONSE;
	assert_status(dcerpc_reasm_add(&r, &p, &done), STATUS_INVALID_PARAMETER);
	/* total over the limit */
	p = frag(DCERPC_PFC_FIRST_FRAG, 3, 0, 4096);
	assert_status(dcerpc_reasm_add(&r, &p, &done), STATUS_SUCCESS);
	p = frag(0, 3, 0, 4096);
	for (size_t i = 1; i < DCERPC_MAX_CALL_STUB / 4096; i++)
		assert_status(dcerpc_reasm_add(&r, &p, &done), STATUS_SUCCESS);
	assert_int_equal(r.len, DCERPC_MAX_CALL_STUB);
	p = frag(DCERPC_PFC_LAST_FRAG, 3, 0, 1);
	assert_status(dcerpc_reasm_add(&r, &p, &done), STATUS_BUFFER_OVERFLOW);
	assert_false(r.active);
	/* and a fresh call goes through afterwards */
	p = frag(DCERPC_PFC_FIRST_FRAG | DCERPC_PFC_LAST_FRAG, 4, 2, 16);
	assert_status(dcerpc_reasm_add(&r, &p, &done), STATUS_SUCCESS);
	assert_true(done);
	assert_int_equal(r.len, 16);
	dcerpc_reasm_free(&r);
}

static void test_btfn_and_names(void **state)
{
	struct dcerpc_syntax s;
	uint64_t features = 0;

	(void)state;
	assert_true(dcerpc_uuid_parse("6cb71c2c-9812-4540-0300-000000000000", &s.uuid));
	s.vers_major = 1;
	s.vers_minor = 0;
	assert_true(dcerpc_syntax_is_btfn(&s, &features));
	assert_int_equal(features, 3);
	assert_false(dcerpc_syntax_is_btfn(&dcerpc_syntax_ndr32, NULL));
	assert_true(dcerpc_uuid_parse("8a885d04-1ceb-11c9-9fe8-08002b104860", &s.uuid));
	s.vers_major = 2;
	assert_true(dcerpc_syntax_equal(&s, &dcerpc_syntax_ndr32));
	assert_true(dcerpc_uuid_parse("71710533-beba-4937-8319-b5dbef9ccc36", &s.uuid));
	s.vers_major = 1;
	assert_true(dcerpc_syntax_equal(&s, &dcerpc_syntax_ndr64));
	assert_string_equal(dcerpc_ptype_name(DCERPC_PT_BIND_ACK), "bind_ack");
	assert_string_equal(dcerpc_ptype_name(99), "unknown");
	assert_string_equal(dcerpc_decode_err_name(DCERPC_DECODE_DREP),
	                    "data representation is not little-endian ASCII IEEE");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_samba_bind),
		cmocka_unit_test(test_samba_bind_ack),
		cmocka_unit_test(test_samba_request_response),
		cmocka_unit_test(test_fixture_matches_ioctl),
		cmocka_unit_test(test_roundtrip_all),
		cmocka_unit_test(test_malformed_header),
		cmocka_unit_test(test_auth_trailer),
		cmocka_unit_test(test_fragments),
		cmocka_unit_test(test_reasm_out_of_order),
		cmocka_unit_test(test_btfn_and_names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
