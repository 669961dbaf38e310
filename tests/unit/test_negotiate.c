/* NEGOTIATE codec: Windows captures, round trips, malformed twins. */
#include <stdlib.h>

#include "testutil.h"
#include "wire/negotiate.h"

TU_DECODER(smb2_negotiate_req_decode, struct smb2_negotiate_req)
TU_ENCODER(smb2_negotiate_req_encode, struct smb2_negotiate_req)
TU_DECODER(smb2_negotiate_rsp_decode, struct smb2_negotiate_rsp)
TU_ENCODER(smb2_negotiate_rsp_encode, struct smb2_negotiate_rsp)

#define BODY SMB2_HDR_SIZE
#define REQ_SZ sizeof(struct smb2_negotiate_req)
#define RSP_SZ sizeof(struct smb2_negotiate_rsp)

static void fail16(tu_decode_fn dec, const uint8_t *m, size_t len, size_t at, uint16_t v,
                   size_t sz)
{
	tu_expect_fail_patched16(dec, m, len, at, v, STATUS_INVALID_PARAMETER, sz);
}

static void fail32(tu_decode_fn dec, const uint8_t *m, size_t len, size_t at, uint32_t v,
                   size_t sz)
{
	tu_expect_fail_patched32(dec, m, len, at, v, STATUS_INVALID_PARAMETER, sz);
}

/* Windows 10 client, offering 2.0.2 to 3.1.1 with two contexts. */
static void test_req_311_win10(void **state)
{
	(void)state;
	static const uint8_t guid[16] = { 0xb2, 0x4b, 0xdf, 0xa8, 0x77, 0x93, 0xe6, 0x11,
	                                  0xa0, 0x1d, 0x00, 0x0c, 0x29, 0x61, 0xf5, 0x5f };
	static const uint16_t dialects[5] = { 0x0202, 0x0210, 0x0300, 0x0302, 0x0311 };
	size_t len;
	uint8_t *m = tu_load_fixture("windows/negotiate_req_311_win10.bin", &len);
	struct smb2_negotiate_req *r = malloc(REQ_SZ);
	const struct smb2_neg_ctx *x;
	uint8_t *p;

	assert_non_null(r);
	assert_int_equal(len, 174);
	tu_decode_reencode(m, len, smb2_negotiate_req_decode_tu, smb2_negotiate_req_encode_tu, r);
	assert_int_equal(r->dialect_count, 5);
	assert_memory_equal(r->dialects, dialects, sizeof(dialects));
	assert_int_equal(r->security_mode, SMB2_NEGOTIATE_SIGNING_ENABLED);
	assert_int_equal(r->capabilities, 0x7f);
	assert_memory_equal(r->client_guid, guid, 16);
	assert_int_equal(r->client_start_time, 0);
	assert_true(smb2_negotiate_req_has_311(r));
	assert_int_equal(r->ctx.count, 2);
	x = &r->ctx.ctx[0];
	assert_int_equal(x->type, SMB2_PREAUTH_INTEGRITY_CAPABILITIES);
	assert_int_equal(x->data.len, 38);
	assert_int_equal(x->u.preauth.hashes.count, 1);
	assert_int_equal(x->u.preauth.hashes.ids[0], SMB2_PREAUTH_INTEGRITY_SHA512);
	assert_int_equal(x->u.preauth.salt.len, 32);
	assert_int_equal(x->u.preauth.salt.p[0], 0xd3);
	assert_int_equal(x->u.preauth.salt.p[31], 0xb4);
	assert_ptr_equal(x->data.p, m + 0x70 + 8);
	x = &r->ctx.ctx[1];
	assert_int_equal(x->type, SMB2_ENCRYPTION_CAPABILITIES);
	assert_int_equal(x->u.ciphers.count, 2);
	assert_int_equal(x->u.ciphers.ids[0], SMB2_ENCRYPTION_AES128_GCM);
	assert_int_equal(x->u.ciphers.ids[1], SMB2_ENCRYPTION_AES128_CCM);

	/* Malformed twins. */
	tu_truncations(smb2_negotiate_req_decode_tu, m, len, len, REQ_SZ);
	fail16(smb2_negotiate_req_decode_tu, m, len, BODY, 37, REQ_SZ);       /* StructureSize */
	fail16(smb2_negotiate_req_decode_tu, m, len, BODY + 2, 0, REQ_SZ);   /* DialectCount 0 */
	fail16(smb2_negotiate_req_decode_tu, m, len, BODY + 2, SMB2_MAX_DIALECTS + 1, REQ_SZ);
	/* Dialects running into the contexts (7 dialects end at 114 > 112). */
	fail16(smb2_negotiate_req_decode_tu, m, len, BODY + 2, 7, REQ_SZ);
	fail16(smb2_negotiate_req_decode_tu, m, len, BODY + 2, 0xFFFF, REQ_SZ);
	/* NegotiateContextCount: one more than present, over the limit. */
	fail16(smb2_negotiate_req_decode_tu, m, len, BODY + 32, 3, REQ_SZ);
	fail16(smb2_negotiate_req_decode_tu, m, len, BODY + 32, SMB2_MAX_NEG_CONTEXTS + 1,
	       REQ_SZ);
	/* NegotiateContextOffset: misaligned, inside the dialects, inside the
	 * fixed part, inside the header, past the end, far past. */
	fail32(smb2_negotiate_req_decode_tu, m, len, BODY + 28, 0x72, REQ_SZ);
	fail32(smb2_negotiate_req_decode_tu, m, len, BODY + 28, 0x68, REQ_SZ);
	fail32(smb2_negotiate_req_decode_tu, m, len, BODY + 28, 0x60, REQ_SZ);
	fail32(smb2_negotiate_req_decode_tu, m, len, BODY + 28, 0x08, REQ_SZ);
	fail32(smb2_negotiate_req_decode_tu, m, len, BODY + 28, 0xb0, REQ_SZ);
	fail32(smb2_negotiate_req_decode_tu, m, len, BODY + 28, 0xFFFFFFF8u, REQ_SZ);
	/* Preauth context: DataLength past the end; HashAlgorithmCount and
	 * SaltLength beyond its DataLength of 38. */
	fail16(smb2_negotiate_req_decode_tu, m, len, 0x70 + 2, 0xFFFF, REQ_SZ);
	fail16(smb2_negotiate_req_decode_tu, m, len, 0x70 + 8, 0x10, REQ_SZ);
	fail16(smb2_negotiate_req_decode_tu, m, len, 0x70 + 10, 33, REQ_SZ);
	/* Encryption context (at 0xa0): CipherCount 0 and past DataLength. */
	fail16(smb2_negotiate_req_decode_tu, m, len, 0xa0 + 8, 0, REQ_SZ);
	fail16(smb2_negotiate_req_decode_tu, m, len, 0xa0 + 8, 3, REQ_SZ);

	/* Without 0x0311 in Dialects the same eight bytes are only
	 * ClientStartTime and no context is looked for. */
	p = malloc(len);
	assert_non_null(p);
	memcpy(p, m, len);
	put_le16(p + BODY + 36 + 8, 0x0300);
	assert_status(tu_decode_body(smb2_negotiate_req_decode_tu, p, len, r), STATUS_SUCCESS);
	assert_false(smb2_negotiate_req_has_311(r));
	assert_int_equal(r->client_start_time, UINT64_C(0x0000000200000070));
	assert_int_equal(r->ctx.count, 0);
	/* ... even when they would point past the end. */
	put_le32(p + BODY + 28, 0xFFFFFFF8u);
	assert_status(tu_decode_body(smb2_negotiate_req_decode_tu, p, len, r), STATUS_SUCCESS);
	free(p);
	free(r);
	free(m);
}

/* Windows 10 (2004) client with five contexts, compression and netname. */
static void test_req_311_5ctx(void **state)
{
	(void)state;
	size_t len;
	uint8_t *m = tu_load_fixture("windows/negotiate_req_311_5ctx_win10v2004.bin", &len);
	struct smb2_negotiate_req *r = malloc(REQ_SZ);
	const struct smb2_neg_ctx *x;
	static const uint8_t name[] = { '1', 0, '9', 0, '2', 0, '.', 0, '1', 0, '6', 0,
	                                '8', 0, '.', 0, '1', 0, '.', 0, '1', 0 };

	assert_non_null(r);
	tu_decode_reencode(m, len, smb2_negotiate_req_decode_tu, smb2_negotiate_req_encode_tu, r);
	assert_int_equal(r->dialect_count, 5);
	assert_int_equal(r->ctx.count, 5);
	x = smb2_neg_ctx_find(&r->ctx, SMB2_COMPRESSION_CAPABILITIES);
	assert_non_null(x);
	assert_int_equal(x->u.compression.flags, SMB2_COMPRESSION_CAPABILITIES_FLAG_CHAINED);
	assert_int_equal(x->u.compression.algs.count, 4);
	assert_int_equal(x->u.compression.algs.ids[0], SMB2_COMPRESSION_PATTERN_V1);
	assert_int_equal(x->u.compression.algs.ids[1], SMB2_COMPRESSION_LZ77);
	assert_int_equal(x->u.compression.algs.ids[2], SMB2_COMPRESSION_LZ77_HUFFMAN);
	assert_int_equal(x->u.compression.algs.ids[3], SMB2_COMPRESSION_LZNT1);
	x = smb2_neg_ctx_find(&r->ctx, SMB2_NETNAME_NEGOTIATE_CONTEXT_ID);
	assert_non_null(x);
	assert_int_equal(x->u.netname.len, sizeof(name));
	assert_memory_equal(x->u.netname.p, name, sizeof(name));
	x = smb2_neg_ctx_find(&r->ctx, SMB2_TRANSPORT_CAPABILITIES);
	assert_non_null(x);
	assert_int_equal(x->data.len, 4);
	assert_int_equal(x->u.transport_flags, 0);
	assert_int_equal(r->ctx.ctx[4].type, SMB2_TRANSPORT_CAPABILITIES);
	tu_truncations(smb2_negotiate_req_decode_tu, m, len, len, REQ_SZ);
	free(r);
	free(m);
}

/* A 3.0.2 client (no 0x0311): ClientStartTime, no contexts. */
static void test_req_302(void **state)
{
	(void)state;
	static const uint16_t dialects[4] = { 0x0202, 0x0210, 0x0300, 0x0302 };
	size_t len;
	uint8_t *m = tu_load_fixture("windows/negotiate_req_302_no311.bin", &len);
	struct smb2_negotiate_req *r = malloc(REQ_SZ);

	assert_non_null(r);
	assert_int_equal(len, 108);
	tu_decode_reencode(m, len, smb2_negotiate_req_decode_tu, smb2_negotiate_req_encode_tu, r);
	assert_int_equal(r->dialect_count, 4);
	assert_memory_equal(r->dialects, dialects, sizeof(dialects));
	assert_int_equal(r->security_mode, SMB2_NEGOTIATE_SIGNING_ENABLED);
	assert_int_equal(r->capabilities, 0x77);
	assert_int_equal(r->client_guid[0], 0xf4);
	assert_int_equal(r->client_start_time, 0);
	assert_int_equal(r->ctx.count, 0);
	tu_truncations(smb2_negotiate_req_decode_tu, m, len, len, REQ_SZ);
	fail16(smb2_negotiate_req_decode_tu, m, len, BODY + 2, 5, REQ_SZ);
	free(r);
	free(m);
}

static void test_req_roundtrip(void **state)
{
	(void)state;
	static const uint8_t salt[4] = { 9, 8, 7, 6 };
	struct smb2_negotiate_req *in = calloc(1, REQ_SZ), *out = malloc(REQ_SZ);
	struct wr w;
	uint32_t off;

	assert_non_null(in);
	assert_non_null(out);
	in->dialect_count = 3;
	in->dialects[0] = SMB2_DIALECT_300;
	in->dialects[1] = SMB2_DIALECT_302;
	in->dialects[2] = SMB2_DIALECT_311;
	in->security_mode = SMB2_NEGOTIATE_SIGNING_REQUIRED;
	in->capabilities = SMB2_GLOBAL_CAP_ENCRYPTION;
	in->client_guid[15] = 0x77;
	in->ctx.count = 3;
	in->ctx.ctx[0].type = SMB2_PREAUTH_INTEGRITY_CAPABILITIES;
	in->ctx.ctx[0].u.preauth.hashes.count = 1;
	in->ctx.ctx[0].u.preauth.hashes.ids[0] = SMB2_PREAUTH_INTEGRITY_SHA512;
	in->ctx.ctx[0].u.preauth.salt.p = salt;
	in->ctx.ctx[0].u.preauth.salt.len = sizeof(salt);
	in->ctx.ctx[1].type = SMB2_ENCRYPTION_CAPABILITIES;
	in->ctx.ctx[1].u.ciphers.count = 1;
	in->ctx.ctx[1].u.ciphers.ids[0] = SMB2_ENCRYPTION_AES256_GCM;
	in->ctx.ctx[2].type = SMB2_SIGNING_CAPABILITIES;
	in->ctx.ctx[2].u.signing_algs.count = 1;
	in->ctx.ctx[2].u.signing_algs.ids[0] = SMB2_SIGNING_AES_GMAC;

	wr_init(&w, 0);
	tu_encode_msg(&w, SMB2_NEGOTIATE, 0, smb2_negotiate_req_encode_tu, in);
	/* Dialects end at 106; padding to 112. */
	off = le32(w.buf + BODY + 28);
	assert_int_equal(off, 112);
	assert_int_equal(le16(w.buf + BODY + 32), 3);
	assert_int_equal(le16(w.buf + 106), 0);
	assert_status(tu_decode_body(smb2_negotiate_req_decode_tu, w.buf, w.len, out),
	              STATUS_SUCCESS);
	assert_int_equal(out->dialect_count, 3);
	assert_int_equal(out->dialects[2], SMB2_DIALECT_311);
	assert_int_equal(out->security_mode, SMB2_NEGOTIATE_SIGNING_REQUIRED);
	assert_int_equal(out->capabilities, SMB2_GLOBAL_CAP_ENCRYPTION);
	assert_int_equal(out->client_guid[15], 0x77);
	assert_int_equal(out->ctx.count, 3);
	assert_int_equal(out->ctx.ctx[0].u.preauth.salt.len, 4);
	assert_memory_equal(out->ctx.ctx[0].u.preauth.salt.p, salt, 4);
	assert_int_equal(out->ctx.ctx[1].u.ciphers.ids[0], SMB2_ENCRYPTION_AES256_GCM);
	assert_int_equal(out->ctx.ctx[2].u.signing_algs.ids[0], SMB2_SIGNING_AES_GMAC);
	tu_truncations(smb2_negotiate_req_decode_tu, w.buf, w.len, w.len, REQ_SZ);
	fail32(smb2_negotiate_req_decode_tu, w.buf, w.len, BODY + 28, 104, REQ_SZ);
	wr_free(&w);

	/* 3.1.1 with no contexts: offset and count 0. */
	in->ctx.count = 0;
	wr_init(&w, 0);
	tu_encode_msg(&w, SMB2_NEGOTIATE, 0, smb2_negotiate_req_encode_tu, in);
	assert_int_equal(w.len, BODY + 36 + 6);
	assert_int_equal(le32(w.buf + BODY + 28), 0);
	assert_status(tu_decode_body(smb2_negotiate_req_decode_tu, w.buf, w.len, out),
	              STATUS_SUCCESS);
	assert_int_equal(out->ctx.count, 0);
	wr_free(&w);

	/* Without 3.1.1: ClientStartTime written and read back as is. */
	in->dialects[2] = SMB2_DIALECT_210;
	in->client_start_time = UINT64_C(0x01d2276a5f1c3b00);
	wr_init(&w, 0);
	tu_encode_msg(&w, SMB2_NEGOTIATE, 0, smb2_negotiate_req_encode_tu, in);
	assert_int_equal(le64(w.buf + BODY + 28), in->client_start_time);
	assert_status(tu_decode_body(smb2_negotiate_req_decode_tu, w.buf, w.len, out),
	              STATUS_SUCCESS);
	assert_int_equal(out->client_start_time, in->client_start_time);
	assert_int_equal(out->ctx.count, 0);
	tu_truncations(smb2_negotiate_req_decode_tu, w.buf, w.len, w.len, REQ_SZ);
	wr_free(&w);

	/* The encoder refuses what the decoder would. */
	wr_init(&w, 0);
	in->dialect_count = 0;
	assert_status(smb2_negotiate_req_encode(&w, in), STATUS_INVALID_PARAMETER);
	in->dialect_count = SMB2_MAX_DIALECTS + 1;
	assert_status(smb2_negotiate_req_encode(&w, in), STATUS_INVALID_PARAMETER);
	assert_int_equal(w.len, 0);
	wr_free(&w);
	free(out);
	free(in);
}

/* Windows server choosing 3.0.2: no contexts, a 320-byte SPNEGO blob. */
static void test_rsp_302_win10(void **state)
{
	(void)state;
	static const uint8_t guid[16] = { 0x2c, 0xd0, 0x3d, 0x3f, 0xb2, 0x00, 0xe1, 0x4f,
	                                  0xbd, 0xd4, 0xc8, 0xb7, 0x0c, 0x27, 0x56, 0x66 };
	size_t len;
	uint8_t *m = tu_load_fixture("windows/negotiate_rsp_302_win10.bin", &len);
	struct smb2_negotiate_rsp *r = malloc(RSP_SZ);

	assert_non_null(r);
	assert_int_equal(len, 448);
	tu_decode_reencode(m, len, smb2_negotiate_rsp_decode_tu, smb2_negotiate_rsp_encode_tu, r);
	assert_int_equal(r->security_mode, SMB2_NEGOTIATE_SIGNING_ENABLED);
	assert_int_equal(r->dialect_revision, SMB2_DIALECT_302);
	assert_memory_equal(r->server_guid, guid, 16);
	assert_int_equal(r->capabilities, 0x6b);
	assert_int_equal(r->max_transact_size, 65536);
	assert_int_equal(r->max_read_size, 65536);
	assert_int_equal(r->max_write_size, 65536);
	assert_int_equal(r->security_buffer.len, 320);
	assert_ptr_equal(r->security_buffer.p, m + 0x80);
	assert_int_equal(r->security_buffer.p[0], 0x60);
	assert_int_equal(r->ctx.count, 0);
	tu_truncations(smb2_negotiate_rsp_decode_tu, m, len, len, RSP_SZ);
	fail16(smb2_negotiate_rsp_decode_tu, m, len, BODY, 64, RSP_SZ);
	/* SecurityBufferOffset inside the header and the fixed part; length
	 * past the end. */
	fail16(smb2_negotiate_rsp_decode_tu, m, len, BODY + 56, 0x40, RSP_SZ);
	fail16(smb2_negotiate_rsp_decode_tu, m, len, BODY + 56, 0x7e, RSP_SZ);
	fail16(smb2_negotiate_rsp_decode_tu, m, len, BODY + 56, 0x82, RSP_SZ);
	fail16(smb2_negotiate_rsp_decode_tu, m, len, BODY + 58, 0xFFFF, RSP_SZ);
	/* Not 3.1.1: NegotiateContextCount/Offset are reserved and ignored. */
	{
		uint8_t *p = malloc(len);

		assert_non_null(p);
		memcpy(p, m, len);
		put_le16(p + BODY + 6, 5);
		put_le32(p + BODY + 60, 0xFFFFFFF8u);
		assert_status(tu_decode_body(smb2_negotiate_rsp_decode_tu, p, len, r),
		              STATUS_SUCCESS);
		assert_int_equal(r->ctx.count, 0);
		free(p);
	}
	free(r);
	free(m);
}

static void test_rsp_311_win10(void **state)
{
	(void)state;
	size_t len;
	uint8_t *m = tu_load_fixture("windows/negotiate_rsp_311_win10.bin", &len);
	struct smb2_negotiate_rsp *r = malloc(RSP_SZ);

	assert_non_null(r);
	assert_int_equal(len, 508);
	tu_decode_reencode(m, len, smb2_negotiate_rsp_decode_tu, smb2_negotiate_rsp_encode_tu, r);
	assert_int_equal(r->dialect_revision, SMB2_DIALECT_311);
	assert_int_equal(r->capabilities, 0x2f);
	assert_int_equal(r->max_transact_size, 8388608);
	assert_int_equal(r->max_read_size, 8388608);
	assert_int_equal(r->max_write_size, 8388608);
	assert_int_equal(r->security_buffer.len, 320);
	assert_int_equal(r->ctx.count, 2);
	assert_int_equal(r->ctx.ctx[0].type, SMB2_PREAUTH_INTEGRITY_CAPABILITIES);
	assert_int_equal(r->ctx.ctx[0].u.preauth.salt.len, 32);
	assert_int_equal(r->ctx.ctx[0].u.preauth.salt.p[0], 0xa4);
	assert_ptr_equal(r->ctx.ctx[0].data.p, m + 0x1c0 + 8);
	assert_int_equal(r->ctx.ctx[1].type, SMB2_ENCRYPTION_CAPABILITIES);
	assert_int_equal(r->ctx.ctx[1].u.ciphers.count, 1);
	assert_int_equal(r->ctx.ctx[1].u.ciphers.ids[0], SMB2_ENCRYPTION_AES128_GCM);
	tu_truncations(smb2_negotiate_rsp_decode_tu, m, len, len, RSP_SZ);
	/* NegotiateContextOffset: over the security buffer, misaligned, past
	 * the end; NegotiateContextCount over the limit and one too many. */
	fail32(smb2_negotiate_rsp_decode_tu, m, len, BODY + 60, 0x80, RSP_SZ);
	fail32(smb2_negotiate_rsp_decode_tu, m, len, BODY + 60, 0x1b8, RSP_SZ);
	fail32(smb2_negotiate_rsp_decode_tu, m, len, BODY + 60, 0x1c4, RSP_SZ);
	fail32(smb2_negotiate_rsp_decode_tu, m, len, BODY + 60, 0x200, RSP_SZ);
	fail16(smb2_negotiate_rsp_decode_tu, m, len, BODY + 6, SMB2_MAX_NEG_CONTEXTS + 1,
	       RSP_SZ);
	fail16(smb2_negotiate_rsp_decode_tu, m, len, BODY + 6, 3, RSP_SZ);
	/* Preauth HashAlgorithmCount past its DataLength. */
	fail16(smb2_negotiate_rsp_decode_tu, m, len, 0x1c0 + 8, 0x20, RSP_SZ);
	free(r);
	free(m);
}

static void test_rsp_311_compression(void **state)
{
	(void)state;
	size_t len;
	uint8_t *m = tu_load_fixture("windows/negotiate_rsp_311_compression_ws2019.bin", &len);
	struct smb2_negotiate_rsp *r = malloc(RSP_SZ);
	const struct smb2_neg_ctx *x;

	assert_non_null(r);
	/* This server sends 0x8000 in the compression context's Padding,
	 * which the receiver MUST ignore (MS-SMB2 2.2.3.1.3) and our encoder
	 * writes as 0; the raw Data keeps it.  Apart from it, the same bytes. */
	assert_int_equal(le16(m + 0xfa), 0x8000);
	{
		uint8_t *p = malloc(len);

		assert_non_null(p);
		memcpy(p, m, len);
		put_le16(p + 0xfa, 0);
		tu_decode_reencode(p, len, smb2_negotiate_rsp_decode_tu,
		                smb2_negotiate_rsp_encode_tu, r);
		free(p);
	}
	assert_status(tu_decode_body(smb2_negotiate_rsp_decode_tu, m, len, r), STATUS_SUCCESS);
	assert_int_equal(le16(smb2_neg_ctx_find(&r->ctx, SMB2_COMPRESSION_CAPABILITIES)->data.p + 2),
	                 0x8000);
	assert_int_equal(r->dialect_revision, SMB2_DIALECT_311);
	assert_int_equal(r->security_buffer.len, 42);
	assert_int_equal(r->ctx.count, 3);
	x = smb2_neg_ctx_find(&r->ctx, SMB2_COMPRESSION_CAPABILITIES);
	assert_non_null(x);
	assert_int_equal(x->u.compression.flags, SMB2_COMPRESSION_CAPABILITIES_FLAG_CHAINED);
	assert_int_equal(x->u.compression.algs.count, 2);
	assert_int_equal(x->u.compression.algs.ids[0], SMB2_COMPRESSION_LZ77);
	assert_int_equal(x->u.compression.algs.ids[1], SMB2_COMPRESSION_PATTERN_V1);
	tu_truncations(smb2_negotiate_rsp_decode_tu, m, len, len, RSP_SZ);
	free(r);
	free(m);
}

static void test_rsp_roundtrip(void **state)
{
	(void)state;
	static const uint8_t blob[3] = { 0x60, 0x01, 0x00 };
	struct smb2_negotiate_rsp *in = calloc(1, RSP_SZ), *out = malloc(RSP_SZ);
	struct wr w;

	assert_non_null(in);
	assert_non_null(out);
	/* 2.1, empty buffer: the odd byte of StructureSize 65 is written. */
	in->dialect_revision = SMB2_DIALECT_210;
	in->max_read_size = 1u << 20;
	in->system_time = 1;
	in->server_start_time = 2;
	wr_init(&w, 0);
	tu_encode_msg(&w, SMB2_NEGOTIATE, 1, smb2_negotiate_rsp_encode_tu, in);
	assert_int_equal(w.len, BODY + 65);
	assert_status(tu_decode_body(smb2_negotiate_rsp_decode_tu, w.buf, w.len, out),
	              STATUS_SUCCESS);
	assert_int_equal(out->dialect_revision, SMB2_DIALECT_210);
	assert_int_equal(out->max_read_size, 1u << 20);
	assert_int_equal(out->system_time, 1);
	assert_int_equal(out->server_start_time, 2);
	assert_int_equal(out->security_buffer.len, 0);
	tu_truncations(smb2_negotiate_rsp_decode_tu, w.buf, w.len, BODY + 64, RSP_SZ);
	wr_free(&w);

	/* 3.1.1 with a 3-byte blob: contexts at the next 8-byte boundary. */
	in->dialect_revision = SMB2_DIALECT_311;
	in->security_buffer.p = blob;
	in->security_buffer.len = sizeof(blob);
	in->ctx.count = 1;
	in->ctx.ctx[0].type = SMB2_SIGNING_CAPABILITIES;
	in->ctx.ctx[0].u.signing_algs.count = 1;
	in->ctx.ctx[0].u.signing_algs.ids[0] = SMB2_SIGNING_AES_CMAC;
	wr_init(&w, 0);
	tu_encode_msg(&w, SMB2_NEGOTIATE, 1, smb2_negotiate_rsp_encode_tu, in);
	assert_int_equal(le16(w.buf + BODY + 56), 128);
	assert_int_equal(le32(w.buf + BODY + 60), 136);
	assert_status(tu_decode_body(smb2_negotiate_rsp_decode_tu, w.buf, w.len, out),
	              STATUS_SUCCESS);
	assert_int_equal(out->security_buffer.len, 3);
	assert_memory_equal(out->security_buffer.p, blob, 3);
	assert_int_equal(out->ctx.count, 1);
	assert_int_equal(out->ctx.ctx[0].u.signing_algs.ids[0], SMB2_SIGNING_AES_CMAC);
	tu_truncations(smb2_negotiate_rsp_decode_tu, w.buf, w.len, w.len, RSP_SZ);
	/* Contexts overlapping the blob's last byte. */
	fail32(smb2_negotiate_rsp_decode_tu, w.buf, w.len, BODY + 60, 128, RSP_SZ);
	wr_free(&w);

	/* 3.1.1, empty blob: contexts right after the fixed part. */
	in->security_buffer.len = 0;
	wr_init(&w, 0);
	tu_encode_msg(&w, SMB2_NEGOTIATE, 1, smb2_negotiate_rsp_encode_tu, in);
	assert_int_equal(le32(w.buf + BODY + 60), 128);
	assert_status(tu_decode_body(smb2_negotiate_rsp_decode_tu, w.buf, w.len, out),
	              STATUS_SUCCESS);
	assert_int_equal(out->ctx.count, 1);
	/* ... and not inside it. */
	fail32(smb2_negotiate_rsp_decode_tu, w.buf, w.len, BODY + 60, 120, RSP_SZ);
	wr_free(&w);
	free(out);
	free(in);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_req_311_win10),
		cmocka_unit_test(test_req_311_5ctx),
		cmocka_unit_test(test_req_302),
		cmocka_unit_test(test_req_roundtrip),
		cmocka_unit_test(test_rsp_302_win10),
		cmocka_unit_test(test_rsp_311_win10),
		cmocka_unit_test(test_rsp_311_compression),
		cmocka_unit_test(test_rsp_roundtrip),
	};
	return cmocka_run_group_tests_name("negotiate", tests, NULL, NULL);
}
