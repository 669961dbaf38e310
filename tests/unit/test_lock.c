/* LOCK codec: round trips, known bytes, LockCount bounds, malformed twins. */
#include <stdlib.h>

#include "testutil.h"
#include "wire/lock.h"

TU_DECODER(smb2_lock_req_decode, struct smb2_lock_req)
TU_ENCODER(smb2_lock_req_encode, struct smb2_lock_req)
TU_DECODER(smb2_lock_rsp_decode, struct smb2_lock_rsp)
TU_ENCODER(smb2_lock_rsp_encode, struct smb2_lock_rsp)

/* MS-SMB2 2.2.26: LockCount at body offset 2, LockSequence at 4 */
#define LK_COUNT (SMB2_HDR_SIZE + 2)
#define LK_SEQ (SMB2_HDR_SIZE + 4)

static void fill(struct smb2_lock_req *r, uint16_t n)
{
	memset(r, 0, sizeof(*r));
	r->lock_sequence_number = 0xA;
	r->lock_sequence_index = 64;
	r->file_id = (struct smb2_fileid){ 0x0102030405060708ull, 0x1112131415161718ull };
	r->lock_count = n;
	for (uint16_t i = 0; i < n; i++) {
		r->locks[i].offset = UINT64_C(0x1000) * i;
		r->locks[i].length = UINT64_MAX - i;
		r->locks[i].flags = i % 2 ? SMB2_LOCKFLAG_UNLOCK
		                          : SMB2_LOCKFLAG_EXCLUSIVE_LOCK |
		                                SMB2_LOCKFLAG_FAIL_IMMEDIATELY;
	}
}

static void test_lock_req_roundtrip(void **state)
{
	(void)state;
	struct smb2_lock_req in, out;
	struct wr w;

	fill(&in, 3);
	wr_init(&w, 0);
	tu_encode_msg(&w, SMB2_LOCK, 0, smb2_lock_req_encode_tu, &in);
	/* 24 bytes before Locks[], 24 per element. */
	assert_int_equal(w.len, SMB2_HDR_SIZE + 24 + 3 * 24);
	/* LockSequenceNumber in the low 4 bits, Index in the 28 above. */
	assert_int_equal(le32(w.buf + LK_SEQ), (64u << 4) | 0xA);
	assert_status(tu_decode_body(smb2_lock_req_decode_tu, w.buf, w.len, &out),
	              STATUS_SUCCESS);
	assert_int_equal(out.lock_count, 3);
	assert_int_equal(out.lock_sequence_number, 0xA);
	assert_int_equal(out.lock_sequence_index, 64);
	assert_true(out.file_id.persistent == in.file_id.persistent);
	assert_true(out.file_id.volatile_ == in.file_id.volatile_);
	for (int i = 0; i < 3; i++) {
		assert_true(out.locks[i].offset == in.locks[i].offset);
		assert_true(out.locks[i].length == in.locks[i].length);
		assert_int_equal(out.locks[i].flags, in.locks[i].flags);
	}
	/* Every truncation, including one element short. */
	tu_truncations(smb2_lock_req_decode_tu, w.buf, w.len, w.len, sizeof(out));
	tu_expect_fail_patched16(smb2_lock_req_decode_tu, w.buf, w.len, SMB2_HDR_SIZE, 24,
	                         STATUS_INVALID_PARAMETER, sizeof(out));
	/* 2.2.26 LockCount "MUST be greater than or equal to 1". */
	tu_expect_fail_patched16(smb2_lock_req_decode_tu, w.buf, w.len, LK_COUNT, 0,
	                         STATUS_INVALID_PARAMETER, sizeof(out));
	/* More elements than the message holds. */
	tu_expect_fail_patched16(smb2_lock_req_decode_tu, w.buf, w.len, LK_COUNT, 4,
	                         STATUS_INVALID_PARAMETER, sizeof(out));
	/* Past SMB2_MAX_LOCK_ELEMENTS, and the u16 maximum (65535 * 24 is
	 * computed in 64 bits; a u16 count cannot overflow 32 bits, so the
	 * largest product is what this checks). */
	tu_expect_fail_patched16(smb2_lock_req_decode_tu, w.buf, w.len, LK_COUNT,
	                         SMB2_MAX_LOCK_ELEMENTS + 1, STATUS_INVALID_PARAMETER,
	                         sizeof(out));
	tu_expect_fail_patched16(smb2_lock_req_decode_tu, w.buf, w.len, LK_COUNT, 0xFFFF,
	                         STATUS_INVALID_PARAMETER, sizeof(out));
	/* A smaller count than the bytes present decodes (trailing bytes are
	 * the caller's business, e.g. compound padding). */
	put_le16(w.buf + LK_COUNT, 2);
	assert_status(tu_decode_body(smb2_lock_req_decode_tu, w.buf, w.len, &out),
	              STATUS_SUCCESS);
	assert_int_equal(out.lock_count, 2);
	wr_free(&w);
}

static void test_lock_req_limit(void **state)
{
	(void)state;
	struct smb2_lock_req *in = malloc(sizeof(*in)), *out = malloc(sizeof(*out));
	struct wr w;

	assert_non_null(in);
	assert_non_null(out);
	fill(in, SMB2_MAX_LOCK_ELEMENTS);
	wr_init(&w, 0);
	tu_encode_msg(&w, SMB2_LOCK, 0, smb2_lock_req_encode_tu, in);
	assert_int_equal(w.len, SMB2_HDR_SIZE + 24 + SMB2_MAX_LOCK_ELEMENTS * 24);
	assert_status(tu_decode_body(smb2_lock_req_decode_tu, w.buf, w.len, out),
	              STATUS_SUCCESS);
	assert_int_equal(out->lock_count, SMB2_MAX_LOCK_ELEMENTS);
	assert_true(out->locks[SMB2_MAX_LOCK_ELEMENTS - 1].offset ==
	            in->locks[SMB2_MAX_LOCK_ELEMENTS - 1].offset);
	/* The encoder refuses more than the limit. */
	wr_reset(&w);
	in->lock_count = SMB2_MAX_LOCK_ELEMENTS + 1;
	assert_status(smb2_lock_req_encode(&w, in), STATUS_INVALID_PARAMETER);
	wr_free(&w);
	free(in);
	free(out);
}

static void test_lock_req_known_bytes(void **state)
{
	(void)state;
	/* An exclusive, fail-immediately lock of bytes 0..9 with
	 * LockSequenceNumber 1, LockSequenceIndex 2 (laid out by hand from
	 * MS-SMB2 2.2.26 and 2.2.26.1). */
	size_t n;
	uint8_t *body = tu_hex("3000 0100 21000000"
	                       "0100000000000000 0200000000000000"
	                       "0000000000000000 0a00000000000000 12000000 00000000", &n);
	uint8_t *m = calloc(1, SMB2_HDR_SIZE + 48);
	struct smb2_lock_req out;

	assert_non_null(m);
	assert_int_equal(n, 48);
	memcpy(m + SMB2_HDR_SIZE, body, 48);
	assert_status(tu_decode_body(smb2_lock_req_decode_tu, m, SMB2_HDR_SIZE + 48, &out),
	              STATUS_SUCCESS);
	assert_int_equal(out.lock_count, 1);
	assert_int_equal(out.lock_sequence_number, 1);
	assert_int_equal(out.lock_sequence_index, 2);
	assert_true(out.file_id.persistent == 1);
	assert_true(out.file_id.volatile_ == 2);
	assert_true(out.locks[0].offset == 0);
	assert_true(out.locks[0].length == 10);
	assert_int_equal(out.locks[0].flags,
	                 SMB2_LOCKFLAG_EXCLUSIVE_LOCK | SMB2_LOCKFLAG_FAIL_IMMEDIATELY);
	tu_truncations(smb2_lock_req_decode_tu, m, SMB2_HDR_SIZE + 48, SMB2_HDR_SIZE + 48,
	               sizeof(out));
	free(body);
	free(m);
}

static void test_lock_rsp(void **state)
{
	(void)state;
	struct smb2_lock_rsp in = { 0 }, out;
	struct wr w;

	wr_init(&w, 0);
	tu_encode_msg(&w, SMB2_LOCK, 1, smb2_lock_rsp_encode_tu, &in);
	assert_int_equal(w.len, SMB2_HDR_SIZE + 4);
	assert_int_equal(le16(w.buf + SMB2_HDR_SIZE), 4);
	assert_status(tu_decode_body(smb2_lock_rsp_decode_tu, w.buf, w.len, &out),
	              STATUS_SUCCESS);
	assert_int_equal(out.reserved, 0);
	tu_truncations(smb2_lock_rsp_decode_tu, w.buf, w.len, w.len, sizeof(out));
	tu_expect_fail_patched16(smb2_lock_rsp_decode_tu, w.buf, w.len, SMB2_HDR_SIZE, 48,
	                         STATUS_INVALID_PARAMETER, sizeof(out));
	wr_free(&w);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lock_req_roundtrip),
		cmocka_unit_test(test_lock_req_limit),
		cmocka_unit_test(test_lock_req_known_bytes),
		cmocka_unit_test(test_lock_rsp),
	};
	return cmocka_run_group_tests_name("lock", tests, NULL, NULL);
}
