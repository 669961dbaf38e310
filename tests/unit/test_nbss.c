/* NBSS / direct TCP framing: frames, partial input, keep-alives, limits. */
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "wire/limits.h"
#include "wire/nbss.h"

static void test_session_message(void **state)
{
	(void)state;
	/* MS-SMB2 2.1: 0x00, then the length 0x000044 big-endian. */
	uint8_t frame[4 + 0x44];
	struct smb2_nbss_result r;

	memset(frame, 0xAB, sizeof(frame));
	frame[0] = 0;
	frame[1] = 0;
	frame[2] = 0;
	frame[3] = 0x44;
	assert_int_equal(smb2_nbss_decode(frame, sizeof(frame), SMB2_MAX_PDU, &r), SMB2_NBSS_FRAME);
	assert_int_equal(r.verdict, SMB2_NBSS_FRAME);
	assert_int_equal(r.type, SMB2_NBSS_SESSION_MESSAGE);
	assert_int_equal(r.payload.len, 0x44);
	assert_ptr_equal(r.payload.p, frame + 4);
	assert_int_equal(r.frame_len, sizeof(frame));

	/* Every shorter prefix needs exactly the missing bytes. */
	for (size_t n = 0; n < sizeof(frame); n++) {
		assert_int_equal(smb2_nbss_decode(frame, n, SMB2_MAX_PDU, &r), SMB2_NBSS_NEED_MORE);
		if (n < 4)
			assert_int_equal(r.need, 4 - n);
		else
			assert_int_equal(r.need, sizeof(frame) - n);
	}
	/* Bytes after the frame belong to the next one. */
	uint8_t two[sizeof(frame) + 2];
	memcpy(two, frame, sizeof(frame));
	two[sizeof(frame)] = 0;
	two[sizeof(frame) + 1] = 0;
	assert_int_equal(smb2_nbss_decode(two, sizeof(two), SMB2_MAX_PDU, &r), SMB2_NBSS_FRAME);
	assert_int_equal(r.frame_len, sizeof(frame));
}

static void test_24bit_length(void **state)
{
	(void)state;
	/* The whole 24 bits count for a session message (MS-SMB2 2.1), unlike
	 * RFC 1002's 17. */
	const uint8_t hdr[4] = { 0x00, 0x12, 0x34, 0x56 };
	struct smb2_nbss_result r;

	assert_int_equal(smb2_nbss_decode(hdr, 4, SMB2_NBSS_MAX_LEN, &r), SMB2_NBSS_NEED_MORE);
	assert_int_equal(r.need, 0x123456);
	/* Over the caller's maximum: refused at once, before the payload. */
	assert_int_equal(smb2_nbss_decode(hdr, 4, SMB2_MAX_PDU_PRE_NEGOTIATE, &r), SMB2_NBSS_ERROR);
	assert_status(r.status, STATUS_INVALID_BUFFER_SIZE);
	/* Exactly the maximum is fine. */
	const uint8_t at_max[4] = { 0x00, 0x01, 0x00, 0x00 };
	assert_int_equal(smb2_nbss_decode(at_max, 4, SMB2_MAX_PDU_PRE_NEGOTIATE, &r),
	                 SMB2_NBSS_NEED_MORE);
	const uint8_t over[4] = { 0x00, 0x01, 0x00, 0x01 };
	assert_int_equal(smb2_nbss_decode(over, 4, SMB2_MAX_PDU_PRE_NEGOTIATE, &r), SMB2_NBSS_ERROR);
	/* A maximum above 24 bits is capped, not an overflow. */
	const uint8_t full[4] = { 0x00, 0xFF, 0xFF, 0xFF };
	assert_int_equal(smb2_nbss_decode(full, 4, UINT32_MAX, &r), SMB2_NBSS_NEED_MORE);
	assert_int_equal(r.need, 0xFFFFFF);
}

static void test_keepalive_and_other_types(void **state)
{
	(void)state;
	struct smb2_nbss_result r;
	const uint8_t ka[4] = { 0x85, 0, 0, 0 };

	/* RFC 1002 4.3.7: keep-alive, length 0. */
	assert_int_equal(smb2_nbss_decode(ka, 4, SMB2_MAX_PDU, &r), SMB2_NBSS_FRAME);
	assert_int_equal(r.type, SMB2_NBSS_KEEP_ALIVE);
	assert_int_equal(r.payload.len, 0);
	assert_int_equal(r.frame_len, 4);
	/* A keep-alive with a length is malformed. */
	const uint8_t ka_len[5] = { 0x85, 0, 0, 1, 0 };
	assert_int_equal(smb2_nbss_decode(ka_len, 5, SMB2_MAX_PDU, &r), SMB2_NBSS_ERROR);
	assert_status(r.status, STATUS_INVALID_PARAMETER);
	/* Reserved flag bits (RFC 1002 4.3.1). */
	const uint8_t ka_flags[4] = { 0x85, 0x02, 0, 0 };
	assert_int_equal(smb2_nbss_decode(ka_flags, 4, SMB2_MAX_PDU, &r), SMB2_NBSS_ERROR);
	assert_int_equal(smb2_nbss_decode(ka_flags, 2, SMB2_MAX_PDU, &r), SMB2_NBSS_ERROR);

	/* Positive (length 0), negative (1: error code), retarget (6). */
	const uint8_t pos[4] = { 0x82, 0, 0, 0 };
	assert_int_equal(smb2_nbss_decode(pos, 4, SMB2_MAX_PDU, &r), SMB2_NBSS_FRAME);
	const uint8_t neg[5] = { 0x83, 0, 0, 1, 0x80 };
	assert_int_equal(smb2_nbss_decode(neg, 5, SMB2_MAX_PDU, &r), SMB2_NBSS_FRAME);
	assert_int_equal(r.payload.p[0], 0x80);
	const uint8_t neg_bad[4] = { 0x83, 0, 0, 0 };
	assert_int_equal(smb2_nbss_decode(neg_bad, 4, SMB2_MAX_PDU, &r), SMB2_NBSS_ERROR);
	const uint8_t ret[10] = { 0x84, 0, 0, 6, 10, 0, 0, 1, 0x01, 0xBD };
	assert_int_equal(smb2_nbss_decode(ret, 10, SMB2_MAX_PDU, &r), SMB2_NBSS_FRAME);
	assert_int_equal(r.payload.len, 6);
	/* Session request: two encoded names (68 bytes), E bit allowed. */
	uint8_t req[4 + 68] = { 0x81, 0, 0, 68 };
	assert_int_equal(smb2_nbss_decode(req, sizeof(req), SMB2_MAX_PDU, &r), SMB2_NBSS_FRAME);
	assert_int_equal(r.type, SMB2_NBSS_SESSION_REQUEST);
	const uint8_t req_e[4] = { 0x81, 0x01, 0, 0 };
	assert_int_equal(smb2_nbss_decode(req_e, 4, SMB2_MAX_PDU, &r), SMB2_NBSS_NEED_MORE);
	assert_int_equal(r.need, 0x10000);
}

static void test_bad_frames(void **state)
{
	(void)state;
	struct smb2_nbss_result r;

	/* Unknown type: refused from the first byte. */
	const uint8_t bad_type[1] = { 0x42 };
	assert_int_equal(smb2_nbss_decode(bad_type, 1, SMB2_MAX_PDU, &r), SMB2_NBSS_ERROR);
	assert_status(r.status, STATUS_INVALID_PARAMETER);
	/* An SMB1/SMB2 message without the NBSS header. */
	const uint8_t raw[4] = { 0xFE, 'S', 'M', 'B' };
	assert_int_equal(smb2_nbss_decode(raw, 4, SMB2_MAX_PDU, &r), SMB2_NBSS_ERROR);
	/* Empty session message. */
	const uint8_t empty[4] = { 0, 0, 0, 0 };
	assert_int_equal(smb2_nbss_decode(empty, 4, SMB2_MAX_PDU, &r), SMB2_NBSS_ERROR);
	assert_status(r.status, STATUS_INVALID_PARAMETER);
	/* Nothing yet: need a header. */
	assert_int_equal(smb2_nbss_decode(NULL, 0, SMB2_MAX_PDU, &r), SMB2_NBSS_NEED_MORE);
	assert_int_equal(r.need, 4);
}

static void test_encode(void **state)
{
	(void)state;
	struct wr w;
	struct smb2_nbss_result r;
	uint8_t hdr[4];
	size_t pos;

	wr_init(&w, 0);
	pos = smb2_nbss_begin(&w);
	wr_zero(&w, 300);
	assert_status(smb2_nbss_finish(&w, pos), STATUS_SUCCESS);
	assert_status(smb2_nbss_keepalive_encode(&w), STATUS_SUCCESS);
	assert_int_equal(w.len, 308);
	assert_int_equal(w.buf[0], 0);
	assert_int_equal(w.buf[2], 0x01);
	assert_int_equal(w.buf[3], 0x2C);
	assert_int_equal(smb2_nbss_decode(w.buf, w.len, SMB2_MAX_PDU, &r), SMB2_NBSS_FRAME);
	assert_int_equal(r.payload.len, 300);
	assert_int_equal(smb2_nbss_decode(w.buf + r.frame_len, w.len - r.frame_len, SMB2_MAX_PDU,
	                                  &r), SMB2_NBSS_FRAME);
	assert_int_equal(r.type, SMB2_NBSS_KEEP_ALIVE);

	/* An empty payload cannot be framed. */
	wr_reset(&w);
	pos = smb2_nbss_begin(&w);
	assert_status(smb2_nbss_finish(&w, pos), STATUS_INSUFFICIENT_RESOURCES);
	/* Neither can a position past the end. */
	wr_reset(&w);
	assert_status(smb2_nbss_finish(&w, 10), STATUS_INSUFFICIENT_RESOURCES);
	wr_free(&w);

	assert_status(smb2_nbss_hdr_encode(hdr, SMB2_NBSS_SESSION_MESSAGE, 0xFFFFFF), STATUS_SUCCESS);
	assert_memory_equal(hdr, "\x00\xff\xff\xff", 4);
	assert_status(smb2_nbss_hdr_encode(hdr, SMB2_NBSS_SESSION_MESSAGE, 0x1000000),
	              STATUS_INVALID_PARAMETER);
	assert_status(smb2_nbss_hdr_encode(hdr, SMB2_NBSS_SESSION_REQUEST, 0x20000),
	              STATUS_INVALID_PARAMETER);
}

/* A stream of frames fed in chunks of every size from 1 up: the frames come
 * out the same whatever the chunking. */
static void test_stream_chunking(void **state)
{
	(void)state;
	struct wr w;
	uint8_t buf[256];
	const uint32_t sizes[] = { 64, 1, 100, 0 /* keep-alive */, 7 };

	wr_init(&w, 0);
	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		if (sizes[i] == 0) {
			assert_status(smb2_nbss_keepalive_encode(&w), STATUS_SUCCESS);
			continue;
		}
		size_t pos = smb2_nbss_begin(&w);
		uint8_t *p = wr_grow(&w, sizes[i]);
		assert_non_null(p);
		memset(p, (int)i + 1, sizes[i]);
		assert_status(smb2_nbss_finish(&w, pos), STATUS_SUCCESS);
	}
	for (size_t chunk = 1; chunk <= w.len; chunk++) {
		size_t have = 0, fed = 0, got = 0;
		while (fed < w.len || have > 0) {
			struct smb2_nbss_result r;
			enum smb2_nbss_verdict v = smb2_nbss_decode(buf, have, SMB2_MAX_PDU, &r);
			if (v == SMB2_NBSS_FRAME) {
				assert_int_equal(r.payload.len, sizes[got]);
				for (uint32_t k = 0; k < r.payload.len; k++)
					assert_int_equal(r.payload.p[k], got + 1);
				memmove(buf, buf + r.frame_len, have - r.frame_len);
				have -= r.frame_len;
				got++;
				continue;
			}
			assert_int_equal(v, SMB2_NBSS_NEED_MORE);
			assert_true(r.need > 0);
			assert_true(fed < w.len);
			size_t n = w.len - fed < chunk ? w.len - fed : chunk;
			assert_true(have + n <= sizeof(buf));
			memcpy(buf + have, w.buf + fed, n);
			have += n;
			fed += n;
		}
		assert_int_equal(got, sizeof(sizes) / sizeof(sizes[0]));
	}
	wr_free(&w);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_session_message),
		cmocka_unit_test(test_24bit_length),
		cmocka_unit_test(test_keepalive_and_other_types),
		cmocka_unit_test(test_bad_frames),
		cmocka_unit_test(test_encode),
		cmocka_unit_test(test_stream_chunking),
	};
	return cmocka_run_group_tests_name("nbss", tests, NULL, NULL);
}
