/* The bounded reader and the capped writer. */
#include <stdlib.h>

#include "testutil.h"

static void test_rd_reads_and_bounds(void **state)
{
	(void)state;
	const uint8_t buf[] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15 };
	struct rd c;
	uint8_t b;
	uint16_t h;
	uint32_t w;
	uint64_t q;

	rd_init(&c, buf, sizeof(buf));
	assert_true(rd_u8(&c, &b));
	assert_int_equal(b, 1);
	assert_true(rd_u16(&c, &h));
	assert_int_equal(h, 0x0302);
	assert_true(rd_u32(&c, &w));
	assert_int_equal(w, 0x07060504);
	assert_true(rd_u64(&c, &q));
	assert_int_equal(q, 0x0f0e0d0c0b0a0908ull);
	assert_int_equal(rd_left(&c), 0);
	/* Nothing left: every reader fails, and leaves its output alone. */
	b = 0x55;
	assert_false(rd_u8(&c, &b));
	assert_int_equal(b, 0x55);
	assert_false(rd_u16(&c, &h));
	assert_false(rd_u32(&c, &w));
	assert_false(rd_u64(&c, &q));
	assert_false(rd_skip(&c, 1));
	assert_true(rd_skip(&c, 0));
	/* A u64 with 7 bytes left fails without moving. */
	rd_init(&c, buf, 7);
	assert_false(rd_u64(&c, &q));
	assert_int_equal(c.pos, 0);
}

static void test_rd_seek_sub_align(void **state)
{
	(void)state;
	uint8_t buf[32] = { 0 };
	struct rd c, s;

	rd_init(&c, buf, sizeof(buf));
	assert_true(rd_seek(&c, 32));
	assert_false(rd_seek(&c, 33));
	assert_false(rd_seek(&c, UINT64_MAX));
	assert_true(rd_seek(&c, 3));
	assert_true(rd_align(&c, 8));
	assert_int_equal(c.pos, 8);
	assert_true(rd_align(&c, 8));
	assert_int_equal(c.pos, 8);
	assert_true(rd_sub(&c, 8, 24, &s));
	assert_int_equal(s.len, 24);
	assert_ptr_equal(s.base, buf + 8);
	assert_false(rd_sub(&c, 8, 25, &s));
	assert_false(rd_sub(&c, 33, 0, &s));
	/* off + n overflowing 64 bits must not wrap into range */
	assert_false(rd_sub(&c, 8, UINT64_MAX - 4, &s));
	assert_true(rd_seek(&c, 30));
	assert_true(rd_align(&c, 8)); /* exactly to the end */
	assert_int_equal(c.pos, 32);
	rd_init(&c, buf, 30);
	assert_true(rd_seek(&c, 27));
	assert_false(rd_align(&c, 8)); /* would need 5 bytes, 3 are left */
	assert_int_equal(c.pos, 27);
}

static void test_rd_buffer(void **state)
{
	(void)state;
	uint8_t buf[128] = { 0 };
	struct rd c;
	struct smb2_blob b = { 0 };

	rd_init(&c, buf, sizeof(buf));
	assert_status(rd_buffer(&c, 72, 8, 72, 8, "X", &b), STATUS_SUCCESS);
	assert_ptr_equal(b.p, buf + 72);
	assert_int_equal(b.len, 8);
	/* exactly to the end */
	assert_status(rd_buffer(&c, 120, 8, 72, 1, "X", &b), STATUS_SUCCESS);
	/* one past the end */
	assert_status(rd_buffer(&c, 121, 8, 72, 1, "X.Len", &b), STATUS_INVALID_PARAMETER);
	assert_string_equal(c.err_field, "X.Len");
	/* overlapping the fixed part */
	assert_status(rd_buffer(&c, 64, 8, 72, 1, "X", &b), STATUS_INVALID_PARAMETER);
	/* misaligned */
	assert_status(rd_buffer(&c, 76, 8, 72, 8, "X", &b), STATUS_INVALID_PARAMETER);
	/* huge values that would wrap 32-bit arithmetic */
	assert_status(rd_buffer(&c, 0xFFFFFFF8u, 0x10, 72, 1, "X", &b), STATUS_INVALID_PARAMETER);
	assert_status(rd_buffer(&c, 72, 0xFFFFFFFFu, 72, 1, "X", &b), STATUS_INVALID_PARAMETER);
	assert_status(rd_buffer(&c, UINT64_MAX, 1, 72, 1, "X", &b), STATUS_INVALID_PARAMETER);
	/* zero length: fine whatever the offset */
	assert_status(rd_buffer(&c, 9999, 0, 72, 8, "X", &b), STATUS_SUCCESS);
	assert_int_equal(b.len, 0);
}

static void test_wr_basic_and_cap(void **state)
{
	(void)state;
	struct wr w;

	wr_init(&w, 16);
	wr_u16(&w, 0x0201);
	wr_u32(&w, 0x06050403);
	wr_align(&w, 8);
	assert_int_equal(w.len, 8);
	assert_memory_equal(w.buf, "\x01\x02\x03\x04\x05\x06\x00\x00", 8);
	wr_u64(&w, 1);
	assert_true(wr_ok(&w));
	assert_int_equal(w.len, 16);
	/* past the cap: sticky error, nothing written */
	wr_u8(&w, 9);
	assert_false(wr_ok(&w));
	assert_int_equal(w.len, 16);
	assert_status(wr_status(&w), STATUS_INSUFFICIENT_RESOURCES);
	wr_u8(&w, 9);
	assert_int_equal(w.len, 16);
	wr_reset(&w);
	assert_true(wr_ok(&w));
	assert_int_equal(w.len, 0);
	wr_u16(&w, 7);
	wr_put_u16_at(&w, 0, 0x1234);
	assert_int_equal(le16(w.buf), 0x1234);
	wr_put_u32_at(&w, 0, 1); /* only 2 bytes there: error */
	assert_false(wr_ok(&w));
	wr_free(&w);
}

static void test_wr_grows(void **state)
{
	(void)state;
	struct wr w;

	wr_init(&w, 0);
	for (int i = 0; i < 100000; i++)
		wr_u32(&w, (uint32_t)i);
	assert_true(wr_ok(&w));
	assert_int_equal(w.len, 400000);
	assert_int_equal(le32(w.buf + 4 * 99999), 99999);
	/* Larger than the library's ceiling: refused, not allocated. */
	assert_null(wr_grow(&w, WR_MAX_DEFAULT));
	assert_false(wr_ok(&w));
	wr_free(&w);
}

/* wr_reserve: room without counting it; the caller fills and adds to
 * len.  Past max: NULL, sticky error, len unchanged. */
static void test_wr_reserve(void **state)
{
	(void)state;
	struct wr w;
	uint8_t *p;

	wr_init(&w, 4096);
	wr_u32(&w, 0xAABBCCDD);
	p = wr_reserve(&w, 1000);
	assert_non_null(p);
	assert_ptr_equal(p, w.buf + 4);
	assert_int_equal(w.len, 4);
	assert_true(w.cap >= 1004);
	memset(p, 0x5A, 10);
	w.len += 10;
	wr_u8(&w, 1);
	assert_int_equal(w.len, 15);
	assert_int_equal(le32(w.buf), 0xAABBCCDD);
	assert_int_equal(w.buf[13], 0x5A);
	assert_int_equal(w.buf[14], 1);
	/* Exactly up to max is fine; one more is not. */
	assert_non_null(wr_reserve(&w, 4096 - 15));
	assert_true(wr_ok(&w));
	assert_null(wr_reserve(&w, 4096 - 14));
	assert_false(wr_ok(&w));
	assert_int_equal(w.len, 15);
	assert_null(wr_reserve(&w, 1));
	wr_free(&w);
}

/* Regression: aligning a fresh writer (no buffer yet) adds nothing and
 * is no null-pointer arithmetic for UBSan. */
static void test_wr_align_empty(void **state)
{
	(void)state;
	struct wr w;

	wr_init(&w, 0);
	wr_align(&w, 4);
	wr_zero(&w, 0);
	assert_true(wr_ok(&w));
	assert_int_equal(w.len, 0);
	wr_u8(&w, 1);
	wr_align(&w, 4);
	assert_int_equal(w.len, 4);
	wr_free(&w);
}

static void test_status_names(void **state)
{
	(void)state;
	assert_string_equal(nt_status_name(STATUS_ACCESS_DENIED), "STATUS_ACCESS_DENIED");
	assert_string_equal(nt_status_name(0xC0FFEE00u), "0xc0ffee00");
	assert_true(nt_status_is_error(STATUS_INVALID_PARAMETER));
	assert_false(nt_status_is_error(STATUS_BUFFER_OVERFLOW));
	assert_false(nt_status_is_error(STATUS_PENDING));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rd_reads_and_bounds),
		cmocka_unit_test(test_rd_seek_sub_align),
		cmocka_unit_test(test_rd_buffer),
		cmocka_unit_test(test_wr_basic_and_cap),
		cmocka_unit_test(test_wr_grows),
		cmocka_unit_test(test_wr_reserve),
		cmocka_unit_test(test_wr_align_empty),
		cmocka_unit_test(test_status_names),
	};
	return cmocka_run_group_tests_name("cursor", tests, NULL, NULL);
}
