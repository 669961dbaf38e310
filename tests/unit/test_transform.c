/* Transform (encryption) and compression transform headers. */
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "wire/smb2.h"
#include "wire/transform.h"

/* Decoders over a whole frame, in the shape tu_decode_fn expects is not
 * possible (they start at 0, not 64), so these helpers copy the input to
 * its exact size (ASan sees reads past it) and check the outputs stay
 * untouched on failure. */
static NTSTATUS transform_try(const uint8_t *p, size_t n, struct smb2_transform_hdr *h,
                              struct smb2_blob *payload)
{
	uint8_t *copy = malloc(n ? n : 1);
	struct rd c;
	NTSTATUS st;

	assert_non_null(copy);
	memcpy(copy, p, n);
	rd_init(&c, copy, n);
	st = smb2_transform_decode(&c, h, payload);
	if (st == STATUS_SUCCESS)
		payload->p = p + (payload->p - copy);
	free(copy);
	return st;
}

static void expect_transform_fail(const uint8_t *p, size_t n, const char *field)
{
	struct smb2_transform_hdr h, hp;
	struct smb2_blob b, bp;
	uint8_t *copy = malloc(n ? n : 1);
	struct rd c;

	assert_non_null(copy);
	memcpy(copy, p, n);
	memset(&h, 0xA5, sizeof(h));
	memset(&hp, 0xA5, sizeof(hp));
	memset(&b, 0xA5, sizeof(b));
	memset(&bp, 0xA5, sizeof(bp));
	rd_init(&c, copy, n);
	assert_status(smb2_transform_decode(&c, &h, &b), STATUS_INVALID_PARAMETER);
	assert_memory_equal(&h, &hp, sizeof(h));
	assert_memory_equal(&b, &bp, sizeof(b));
	if (field)
		assert_string_equal(c.err_field, field);
	free(copy);
}

static void test_transform_roundtrip(void **state)
{
	(void)state;
	struct smb2_transform_hdr in = {
		.original_size = 100, .flags = SMB2_TRANSFORM_FLAG_ENCRYPTED,
		.session_id = 0x1122334455667788ull,
	}, out;
	struct smb2_blob payload;
	struct wr w;

	for (int i = 0; i < 16; i++) {
		in.signature[i] = (uint8_t)(0xC0 + i);
		in.nonce[i] = i < 12 ? (uint8_t)(i + 1) : 0;
	}
	wr_init(&w, 0);
	assert_status(smb2_transform_encode(&w, &in), STATUS_SUCCESS);
	assert_int_equal(w.len, SMB2_TRANSFORM_HDR_SIZE);
	wr_zero(&w, 100);
	assert_int_equal(smb2_frame_protocol(w.buf, w.len), SMB2_TRANSFORM_MAGIC);
	assert_memory_equal(w.buf, "\xfdSMB", 4);
	assert_status(transform_try(w.buf, w.len, &out, &payload), STATUS_SUCCESS);
	assert_memory_equal(out.signature, in.signature, 16);
	assert_memory_equal(out.nonce, in.nonce, 16);
	assert_int_equal(out.original_size, 100);
	assert_int_equal(out.flags, 1);
	assert_int_equal(out.session_id, in.session_id);
	assert_ptr_equal(payload.p, w.buf + 52);
	assert_int_equal(payload.len, 100);
	/* The AAD is Nonce..SessionId. */
	assert_memory_equal(w.buf + SMB2_TRANSFORM_AAD_OFF, in.nonce, 16);
	assert_int_equal(le64(w.buf + SMB2_TRANSFORM_AAD_OFF + SMB2_TRANSFORM_AAD_LEN - 8),
	                 in.session_id);

	/* Every truncation (OriginalMessageSize no longer matches, or the
	 * header is cut). */
	for (size_t n = 0; n < w.len; n++)
		expect_transform_fail(w.buf, n, NULL);
	/* OriginalMessageSize larger and smaller than what follows. */
	uint8_t *m = malloc(w.len + 1);
	assert_non_null(m);
	memcpy(m, w.buf, w.len);
	put_le32(m + 36, 101);
	expect_transform_fail(m, w.len, "TRANSFORM.OriginalMessageSize");
	put_le32(m + 36, 99);
	expect_transform_fail(m, w.len, "TRANSFORM.OriginalMessageSize");
	put_le32(m + 36, 0xFFFFFFFFu);
	expect_transform_fail(m, w.len, "TRANSFORM.OriginalMessageSize");
	/* Below a header, even if it matches what follows. */
	put_le32(m + 36, 63);
	expect_transform_fail(m, 52 + 63, "TRANSFORM.OriginalMessageSize");
	/* Wrong protocol ids. */
	memcpy(m, w.buf, w.len);
	m[0] = 0xFE;
	expect_transform_fail(m, w.len, "TRANSFORM.ProtocolId");
	m[0] = 0xFC;
	expect_transform_fail(m, w.len, "TRANSFORM.ProtocolId");
	/* Flags other than 0x0001 (MS-SMB2 3.3.5.2.1.1). */
	memcpy(m, w.buf, w.len);
	put_le16(m + 42, 0);
	expect_transform_fail(m, w.len, "TRANSFORM.Flags");
	put_le16(m + 42, 2);
	expect_transform_fail(m, w.len, "TRANSFORM.Flags");
	free(m);
	wr_free(&w);
}

/* Frames captured from Samba with encryption on (3.0 and 3.1.1): real
 * transform headers. */
static void test_transform_samba(void **state)
{
	(void)state;
	const char *files[] = {
		"samba/SMB3_11-enc/007-c2s-TRANSFORM.bin",
		"samba/SMB3_11-enc/008-s2c-TRANSFORM.bin",
		"samba/SMB3_00-enc/007-c2s-TRANSFORM.bin",
		"samba/SMB3_02-enc/008-s2c-TRANSFORM.bin",
	};

	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		size_t len;
		uint8_t *f = tu_load_fixture(files[i], &len);
		struct smb2_transform_hdr h;
		struct smb2_blob payload;

		assert_int_equal(smb2_frame_protocol(f, len), SMB2_TRANSFORM_MAGIC);
		assert_status(transform_try(f, len, &h, &payload), STATUS_SUCCESS);
		assert_int_equal(h.original_size, len - 52);
		assert_int_equal(h.flags, SMB2_TRANSFORM_FLAG_ENCRYPTED);
		assert_true(h.session_id != 0);
		assert_int_equal(payload.len, len - 52);
		/* Re-encoding the header gives the same bytes. */
		struct wr w;
		wr_init(&w, 0);
		assert_status(smb2_transform_encode(&w, &h), STATUS_SUCCESS);
		assert_memory_equal(w.buf, f, 52);
		wr_free(&w);
		expect_transform_fail(f, len - 1, NULL);
		free(f);
	}
}

/* ---- compression --------------------------------------------------------- */

static NTSTATUS compress_try(const uint8_t *p, size_t n, struct smb2_compress_hdr *h)
{
	uint8_t *copy = malloc(n ? n : 1);
	struct smb2_compress_hdr tmp, pattern;
	struct rd c;
	NTSTATUS st;

	assert_non_null(copy);
	memcpy(copy, p, n);
	memset(&tmp, 0xA5, sizeof(tmp));
	memset(&pattern, 0xA5, sizeof(pattern));
	rd_init(&c, copy, n);
	st = smb2_compress_decode(&c, &tmp);
	if (st == STATUS_SUCCESS) {
		/* Re-point blobs at the caller's bytes. */
		*h = tmp;
		if (h->uncompressed.p)
			h->uncompressed.p = p + (tmp.uncompressed.p - copy);
		if (h->compressed.p)
			h->compressed.p = p + (tmp.compressed.p - copy);
		if (h->chain.p)
			h->chain.p = p + (tmp.chain.p - copy);
	} else {
		assert_true(nt_status_is_error(st));
		assert_memory_equal(&tmp, &pattern, sizeof(tmp));
	}
	free(copy);
	return st;
}

static void test_compress_unchained(void **state)
{
	(void)state;
	struct wr w;
	struct smb2_compress_hdr h;

	/* 64 uncompressed bytes (a header), then 20 "compressed" bytes. */
	wr_init(&w, 0);
	assert_status(smb2_compress_unchained_encode(&w, 4096, SMB2_COMPRESSION_LZ77, 64),
	              STATUS_SUCCESS);
	assert_int_equal(w.len, SMB2_COMPRESSION_HDR_SIZE);
	wr_zero(&w, 64 + 20);
	assert_int_equal(smb2_frame_protocol(w.buf, w.len), SMB2_COMPRESSION_MAGIC);
	assert_status(compress_try(w.buf, w.len, &h), STATUS_SUCCESS);
	assert_int_equal(h.flags, SMB2_COMPRESSION_FLAG_NONE);
	assert_int_equal(h.original_size, 4096);
	assert_int_equal(h.algorithm, SMB2_COMPRESSION_LZ77);
	assert_int_equal(h.offset, 64);
	assert_ptr_equal(h.uncompressed.p, w.buf + 16);
	assert_int_equal(h.uncompressed.len, 64);
	assert_ptr_equal(h.compressed.p, w.buf + 80);
	assert_int_equal(h.compressed.len, 20);
	/* Decompression is refused: compression is not negotiated. */
	struct wr out;
	wr_init(&out, 0);
	assert_status(smb2_compress_decompress(&h, &out), STATUS_NOT_SUPPORTED);
	assert_int_equal(out.len, 0);
	wr_free(&out);

	/* Every truncation up to the first compressed byte. */
	for (size_t n = 0; n <= 80; n++)
		assert_status(compress_try(w.buf, n, &h), STATUS_INVALID_PARAMETER);
	uint8_t *m = malloc(w.len);
	assert_non_null(m);
	/* Offset past the end, at the end, huge. */
	memcpy(m, w.buf, w.len);
	put_le32(m + 12, 84);
	assert_status(compress_try(m, w.len, &h), STATUS_INVALID_PARAMETER);
	put_le32(m + 12, 200);
	assert_status(compress_try(m, w.len, &h), STATUS_INVALID_PARAMETER);
	put_le32(m + 12, 0xFFFFFFFFu);
	assert_status(compress_try(m, w.len, &h), STATUS_INVALID_PARAMETER);
	/* Algorithms NONE, Pattern_V1 and unknown are not for this form. */
	memcpy(m, w.buf, w.len);
	put_le16(m + 8, SMB2_COMPRESSION_NONE);
	assert_status(compress_try(m, w.len, &h), STATUS_INVALID_PARAMETER);
	put_le16(m + 8, SMB2_COMPRESSION_PATTERN_V1);
	assert_status(compress_try(m, w.len, &h), STATUS_INVALID_PARAMETER);
	put_le16(m + 8, 6);
	assert_status(compress_try(m, w.len, &h), STATUS_INVALID_PARAMETER);
	/* Unknown flags. */
	memcpy(m, w.buf, w.len);
	put_le16(m + 10, 2);
	assert_status(compress_try(m, w.len, &h), STATUS_INVALID_PARAMETER);
	/* Segment size 0 or over the largest PDU. */
	memcpy(m, w.buf, w.len);
	put_le32(m + 4, 0);
	assert_status(compress_try(m, w.len, &h), STATUS_INVALID_PARAMETER);
	put_le32(m + 4, 0x7FFFFFFFu);
	assert_status(compress_try(m, w.len, &h), STATUS_INVALID_PARAMETER);
	/* Wrong protocol id. */
	memcpy(m, w.buf, w.len);
	m[0] = 0xFD;
	assert_status(compress_try(m, w.len, &h), STATUS_INVALID_PARAMETER);
	free(m);
	wr_free(&w);
}

/* A chained frame: an uncompressed header (NONE, 64 bytes), an LZ4 payload
 * expanding to 1000 bytes, and a Pattern_V1 of 2000 zeros. */
static void build_chain(struct wr *w)
{
	uint8_t hdr[64] = { 0xFE, 'S', 'M', 'B', 64 };
	uint8_t lz[10] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 };
	struct smb2_compress_payload p1 = {
		.algorithm = SMB2_COMPRESSION_NONE, .flags = SMB2_COMPRESSION_FLAG_CHAINED,
		.data = { hdr, sizeof(hdr) },
	};
	struct smb2_compress_payload p2 = {
		.algorithm = SMB2_COMPRESSION_LZ4, .original_size = 1000,
		.data = { lz, sizeof(lz) },
	};
	struct smb2_compress_payload p3 = {
		.algorithm = SMB2_COMPRESSION_PATTERN_V1, .pattern = 0, .repetitions = 2000,
	};

	wr_init(w, 0);
	assert_status(smb2_compress_chained_start(w, 64 + 1000 + 2000), STATUS_SUCCESS);
	assert_status(smb2_compress_payload_encode(w, &p1), STATUS_SUCCESS);
	assert_status(smb2_compress_payload_encode(w, &p2), STATUS_SUCCESS);
	assert_status(smb2_compress_payload_encode(w, &p3), STATUS_SUCCESS);
}

static void test_compress_chained(void **state)
{
	(void)state;
	struct wr w;
	struct smb2_compress_hdr h;
	struct smb2_compress_payload p;
	size_t pos = 0;

	build_chain(&w);
	/* 8 + (8+64) + (8+4+10) + (8+8) */
	assert_int_equal(w.len, 118);
	assert_status(compress_try(w.buf, w.len, &h), STATUS_SUCCESS);
	assert_int_equal(h.flags, SMB2_COMPRESSION_FLAG_CHAINED);
	assert_int_equal(h.original_size, 3064);
	assert_int_equal(h.payloads, 3);
	assert_int_equal(h.chain.len, 110);

	assert_true(smb2_compress_chain_next(&h, &pos, &p));
	assert_int_equal(p.algorithm, SMB2_COMPRESSION_NONE);
	assert_int_equal(p.flags, SMB2_COMPRESSION_FLAG_CHAINED);
	assert_int_equal(p.length, 64);
	assert_false(p.has_original_size);
	assert_int_equal(p.data.len, 64);
	assert_memory_equal(p.data.p, "\xfeSMB", 4);
	assert_true(smb2_compress_chain_next(&h, &pos, &p));
	assert_int_equal(p.algorithm, SMB2_COMPRESSION_LZ4);
	assert_true(p.has_original_size);
	assert_int_equal(p.length, 14);
	assert_int_equal(p.original_size, 1000);
	assert_int_equal(p.data.len, 10);
	assert_true(smb2_compress_chain_next(&h, &pos, &p));
	assert_int_equal(p.algorithm, SMB2_COMPRESSION_PATTERN_V1);
	assert_int_equal(p.repetitions, 2000);
	assert_int_equal(p.pattern, 0);
	assert_false(smb2_compress_chain_next(&h, &pos, &p));
	assert_status(smb2_compress_decompress(&h, NULL), STATUS_NOT_SUPPORTED);

	/* Every truncation breaks the sizes or a payload. */
	for (size_t n = 0; n < w.len; n++)
		assert_status(compress_try(w.buf, n, &h), STATUS_INVALID_PARAMETER);

	uint8_t *m = malloc(w.len);
	assert_non_null(m);
	const size_t p2 = 8 + 72, p3 = p2 + 22;
	/* Sizes that do not add up: one less, one more. */
	memcpy(m, w.buf, w.len);
	put_le32(m + 4, 3063);
	assert_status(compress_try(m, w.len, &h), STATUS_INVALID_PARAMETER);
	put_le32(m + 4, 3065);
	assert_status(compress_try(m, w.len, &h), STATUS_INVALID_PARAMETER);
	/* A payload length past the end, and one that wraps 32 bits. */
	memcpy(m, w.buf, w.len);
	put_le32(m + p2 + 4, 15);
	assert_status(compress_try(m, w.len, &h), STATUS_INVALID_PARAMETER);
	put_le32(m + p2 + 4, 0xFFFFFFFFu);
	assert_status(compress_try(m, w.len, &h), STATUS_INVALID_PARAMETER);
	/* OriginalPayloadSize not inside Length. */
	memcpy(m, w.buf, w.len);
	put_le32(m + p2 + 4, 2);
	assert_status(compress_try(m, w.len, &h), STATUS_INVALID_PARAMETER);
	/* CHAINED on a later payload, missing on the first. */
	memcpy(m, w.buf, w.len);
	put_le16(m + p2 + 2, SMB2_COMPRESSION_FLAG_CHAINED);
	assert_status(compress_try(m, w.len, &h), STATUS_INVALID_PARAMETER);
	memcpy(m, w.buf, w.len);
	put_le16(m + 8 + 2, SMB2_COMPRESSION_FLAG_NONE);
	assert_status(compress_try(m, w.len, &h), STATUS_INVALID_PARAMETER);
	memcpy(m, w.buf, w.len);
	put_le16(m + p3 + 2, 3);
	assert_status(compress_try(m, w.len, &h), STATUS_INVALID_PARAMETER);
	/* Pattern payload of the wrong length (7 then the data runs on). */
	memcpy(m, w.buf, w.len);
	put_le32(m + p3 + 4, 7);
	assert_status(compress_try(m, w.len, &h), STATUS_INVALID_PARAMETER);
	/* Unknown algorithm in the chain. */
	memcpy(m, w.buf, w.len);
	put_le16(m + p3, 9);
	assert_status(compress_try(m, w.len, &h), STATUS_INVALID_PARAMETER);
	/* Repetitions whose sum overflows 32 bits: caught by the 64-bit sum. */
	memcpy(m, w.buf, w.len);
	put_le32(m + p3 + 8 + 4, 0xFFFFFFFFu);
	assert_status(compress_try(m, w.len, &h), STATUS_INVALID_PARAMETER);
	free(m);
	wr_free(&w);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_transform_roundtrip),
		cmocka_unit_test(test_transform_samba),
		cmocka_unit_test(test_compress_unchained),
		cmocka_unit_test(test_compress_chained),
	};
	return cmocka_run_group_tests_name("transform", tests, NULL, NULL);
}
