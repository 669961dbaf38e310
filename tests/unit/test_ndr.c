/*
 * NDR32 helpers (lib/rpc/ndr.h): alignment relative to the stub start,
 * unique pointers, conformant-varying strings, conformant array counts,
 * context handles; strict decoding of each (offset != 0, actual > max,
 * counts past the limits, missing or embedded terminators, truncation).
 */
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "rpc/ndr.h"

static void test_primitives_aligned(void **state)
{
	struct ndr_push n;
	struct wr w;
	struct rd c;
	uint8_t u8;
	uint16_t u16;
	uint32_t u32;
	bool present;

	(void)state;
	wr_init(&w, 4096);
	wr_zero(&w, 3);
	w.msg = 3; /* the stub starts at byte 3 of the buffer */
	ndr_push_init(&n, &w);
	ndr_push_u8(&n, 0xAA);
	ndr_push_u16(&n, 0x1234);   /* at stub offset 2 */
	ndr_push_u8(&n, 0xBB);      /* 4 */
	ndr_push_u32(&n, 0xdeadbeef); /* 8 */
	ndr_push_u3264(&n, 7);      /* 12 */
	ndr_push_ptr(&n, true);     /* 16 */
	ndr_push_ptr(&n, false);    /* 20 */
	ndr_push_ptr(&n, true);     /* 24 */
	assert_true(wr_ok(&w));
	assert_int_equal(w.len - 3, 28);
	assert_int_equal(le16(w.buf + 3 + 2), 0x1234);
	assert_int_equal(le32(w.buf + 3 + 8), 0xdeadbeef);
	assert_int_equal(le32(w.buf + 3 + 16), NDR_REFERENT_BASE);
	assert_int_equal(le32(w.buf + 3 + 20), 0);
	assert_int_equal(le32(w.buf + 3 + 24), NDR_REFERENT_BASE + NDR_REFERENT_STEP);

	rd_init(&c, w.buf + 3, w.len - 3);
	assert_status(ndr_pull_u8(&c, &u8, "a"), STATUS_SUCCESS);
	assert_int_equal(u8, 0xAA);
	assert_status(ndr_pull_u16(&c, &u16, "b"), STATUS_SUCCESS);
	assert_int_equal(u16, 0x1234);
	assert_status(ndr_pull_u8(&c, &u8, "c"), STATUS_SUCCESS);
	assert_status(ndr_pull_u32(&c, &u32, "d"), STATUS_SUCCESS);
	assert_int_equal(u32, 0xdeadbeef);
	assert_status(ndr_pull_u3264(&c, &u32, "e"), STATUS_SUCCESS);
	assert_int_equal(u32, 7);
	assert_status(ndr_pull_ptr(&c, &present, "f"), STATUS_SUCCESS);
	assert_true(present);
	assert_status(ndr_pull_ptr(&c, &present, "g"), STATUS_SUCCESS);
	assert_false(present);
	assert_status(ndr_pull_ptr(&c, &present, "h"), STATUS_SUCCESS);
	assert_status(ndr_pull_end(&c, "end"), STATUS_SUCCESS);
	/* past the end: error, cursor unchanged, field recorded */
	assert_status(ndr_pull_u32(&c, &u32, "past"), STATUS_INVALID_PARAMETER);
	assert_string_equal(c.err_field, "past");
	assert_int_equal(c.pos, 28);
	/* a u32 whose alignment padding fits but whose value does not */
	rd_init(&c, w.buf + 3, 7);
	c.pos = 1;
	assert_status(ndr_pull_u32(&c, &u32, "short"), STATUS_INVALID_PARAMETER);
	assert_int_equal(c.pos, 1);
	rd_init(&c, w.buf + 3, 8);
	assert_status(ndr_pull_end(&c, "trailing"), STATUS_INVALID_PARAMETER);
	wr_free(&w);
}

static uint8_t *cvstring(uint32_t max, uint32_t off, uint32_t actual, const char *units,
                         size_t nunits, size_t *len)
{
	uint8_t *p = calloc(1, 12 + 2 * nunits + 1);

	assert_non_null(p);
	put_le32(p, max);
	put_le32(p + 4, off);
	put_le32(p + 8, actual);
	for (size_t i = 0; i < nunits; i++)
		put_le16(p + 12 + 2 * i, (uint8_t)units[i]);
	*len = 12 + 2 * nunits;
	return p;
}

static void expect_string_fail(const uint8_t *p, size_t len, bool need_nul, NTSTATUS want)
{
	struct smb2_blob s = { (const uint8_t *)"x", 99 };
	uint8_t *copy = malloc(len ? len : 1);
	struct rd c;

	assert_non_null(copy);
	memcpy(copy, p, len);
	rd_init(&c, copy, len);
	assert_status(ndr_pull_cvstring(&c, need_nul, &s, "s"), want);
	assert_int_equal(c.pos, 0);
	assert_int_equal(s.len, 99);
	assert_non_null(c.err_field);
	free(copy);
}

static void test_cvstring(void **state)
{
	struct smb2_blob s;
	struct rd c;
	size_t len;
	uint8_t *p;

	(void)state;
	/* "IPC$" with its terminator; max above actual is allowed */
	p = cvstring(6, 0, 5, "IPC$\0", 5, &len);
	rd_init(&c, p, len);
	assert_status(ndr_pull_cvstring(&c, true, &s, "s"), STATUS_SUCCESS);
	assert_int_equal(s.len, 8);
	assert_memory_equal(s.p, "I\0P\0C\0$\0", 8);
	assert_int_equal(c.pos, len);
	/* without need_nul the terminator stays */
	rd_init(&c, p, len);
	assert_status(ndr_pull_cvstring(&c, false, &s, "s"), STATUS_SUCCESS);
	assert_int_equal(s.len, 10);
	for (size_t n = 0; n < len; n++)
		expect_string_fail(p, n, true, STATUS_INVALID_PARAMETER);
	free(p);

	/* offset != 0 */
	p = cvstring(5, 1, 4, "PC$\0", 4, &len);
	expect_string_fail(p, len, true, STATUS_INVALID_PARAMETER);
	free(p);
	/* actual > max */
	p = cvstring(4, 0, 5, "IPC$\0", 5, &len);
	expect_string_fail(p, len, true, STATUS_INVALID_PARAMETER);
	free(p);
	/* max past the limit */
	p = cvstring(NDR_MAX_STRING_UNITS + 1, 0, 5, "IPC$\0", 5, &len);
	expect_string_fail(p, len, true, STATUS_BUFFER_OVERFLOW);
	free(p);
	/* actual huge, data short */
	p = cvstring(0xFFFFFFFF, 0, 0xFFFFFFF0, "IPC$\0", 5, &len);
	expect_string_fail(p, len, false, STATUS_BUFFER_OVERFLOW);
	free(p);
	p = cvstring(NDR_MAX_STRING_UNITS, 0, NDR_MAX_STRING_UNITS, "IPC$\0", 5, &len);
	expect_string_fail(p, len, false, STATUS_INVALID_PARAMETER);
	free(p);
	/* missing terminator, empty with need_nul, embedded NUL */
	p = cvstring(4, 0, 4, "IPC$", 4, &len);
	expect_string_fail(p, len, true, STATUS_INVALID_PARAMETER);
	free(p);
	p = cvstring(0, 0, 0, "", 0, &len);
	expect_string_fail(p, len, true, STATUS_INVALID_PARAMETER);
	rd_init(&c, p, len);
	assert_status(ndr_pull_cvstring(&c, false, &s, "s"), STATUS_SUCCESS);
	assert_int_equal(s.len, 0);
	free(p);
	p = cvstring(5, 0, 5, "IP\0$\0", 5, &len);
	expect_string_fail(p, len, true, STATUS_INVALID_PARAMETER);
	free(p);
}

static void test_cvstring_push(void **state)
{
	struct ndr_push n;
	struct smb2_blob s;
	struct wr w;
	struct rd c;
	char *long_name = malloc(NDR_MAX_STRING_UNITS + 1);

	(void)state;
	assert_non_null(long_name);
	wr_init(&w, 65536);
	ndr_push_init(&n, &w);
	ndr_push_u8(&n, 1);
	ndr_push_cvstring_utf8(&n, "Gr\xc3\xbc\xc3\x9f"); /* "Grüß" */
	ndr_push_cvstring_utf8(&n, "");
	assert_true(wr_ok(&w));
	assert_int_equal(le32(w.buf + 4), 5);
	assert_int_equal(le32(w.buf + 8), 0);
	assert_int_equal(le32(w.buf + 12), 5);
	rd_init(&c, w.buf, w.len);
	c.pos = 1;
	assert_status(ndr_pull_cvstring(&c, true, &s, "s"), STATUS_SUCCESS);
	assert_int_equal(s.len, 8);
	assert_int_equal(le16(s.p + 4), 0xfc);
	assert_status(ndr_pull_cvstring(&c, true, &s, "s"), STATUS_SUCCESS);
	assert_int_equal(s.len, 0);
	assert_status(ndr_pull_end(&c, "end"), STATUS_SUCCESS);

	/* invalid UTF-8 and too long: the writer's error is set */
	wr_reset(&w);
	ndr_push_cvstring_utf8(&n, "\xc3");
	assert_false(wr_ok(&w));
	wr_free(&w);
	wr_init(&w, 65536);
	ndr_push_init(&n, &w);
	memset(long_name, 'a', NDR_MAX_STRING_UNITS);
	long_name[NDR_MAX_STRING_UNITS] = 0;
	ndr_push_cvstring_utf8(&n, long_name);
	assert_false(wr_ok(&w));
	long_name[NDR_MAX_STRING_UNITS - 1] = 0; /* with its terminator, exactly the limit */
	wr_free(&w);
	wr_init(&w, 65536);
	ndr_push_init(&n, &w);
	ndr_push_cvstring_utf8(&n, long_name);
	assert_true(wr_ok(&w));
	rd_init(&c, w.buf, w.len);
	assert_status(ndr_pull_cvstring(&c, true, &s, "s"), STATUS_SUCCESS);
	assert_int_equal(s.len, 2 * (NDR_MAX_STRING_UNITS - 1));
	wr_free(&w);
	free(long_name);
}

static void test_array_count(void **state)
{
	uint8_t buf[4 + 12 * 3];
	uint32_t n = 77;
	struct rd c;

	(void)state;
	memset(buf, 0, sizeof buf);
	put_le32(buf, 3);
	rd_init(&c, buf, sizeof buf);
	assert_status(ndr_pull_array_count(&c, 10, 12, &n, "a"), STATUS_SUCCESS);
	assert_int_equal(n, 3);
	/* over the caller's limit */
	n = 77;
	rd_init(&c, buf, sizeof buf);
	assert_status(ndr_pull_array_count(&c, 2, 12, &n, "a"), STATUS_BUFFER_OVERFLOW);
	assert_int_equal(n, 77);
	assert_int_equal(c.pos, 0);
	/* more elements than the bytes left hold */
	rd_init(&c, buf, sizeof buf - 1);
	assert_status(ndr_pull_array_count(&c, 10, 12, &n, "a"), STATUS_INVALID_PARAMETER);
	assert_int_equal(n, 77);
	/* huge counts: product would overflow 32 bits */
	put_le32(buf, 0xFFFFFFFF);
	rd_init(&c, buf, sizeof buf);
	assert_status(ndr_pull_array_count(&c, 0xFFFFFFFF, 0x10000, &n, "a"),
	              STATUS_BUFFER_OVERFLOW);
	put_le32(buf, NDR_MAX_ARRAY_COUNT);
	rd_init(&c, buf, sizeof buf);
	assert_status(ndr_pull_array_count(&c, 0xFFFFFFFF, 0x10000, &n, "a"),
	              STATUS_INVALID_PARAMETER);
	assert_int_equal(n, 77);
	/* truncated */
	rd_init(&c, buf, 3);
	assert_status(ndr_pull_array_count(&c, 10, 1, &n, "a"), STATUS_INVALID_PARAMETER);
}

static void test_ctx_handle(void **state)
{
	struct ndr_ctx_handle h = { 0, { 0 } }, back;
	struct ndr_push n;
	struct wr w;
	struct rd c;

	(void)state;
	assert_true(ndr_ctx_handle_is_null(&h));
	h.attributes = 0;
	for (int i = 0; i < 16; i++)
		h.uuid[i] = (uint8_t)(i + 1);
	assert_false(ndr_ctx_handle_is_null(&h));
	wr_init(&w, 4096);
	ndr_push_init(&n, &w);
	ndr_push_u8(&n, 9);
	ndr_push_ctx_handle(&n, &h);
	assert_int_equal(w.len, 4 + NDR_CTX_HANDLE_SIZE);
	rd_init(&c, w.buf, w.len);
	c.pos = 1;
	assert_status(ndr_pull_ctx_handle(&c, &back, "h"), STATUS_SUCCESS);
	assert_memory_equal(&back, &h, sizeof h);
	for (size_t len = 1; len < w.len; len++) {
		memset(&back, 0x5A, sizeof back);
		rd_init(&c, w.buf, len);
		c.pos = 1;
		assert_status(ndr_pull_ctx_handle(&c, &back, "h"), STATUS_INVALID_PARAMETER);
		assert_int_equal(c.pos, 1);
		assert_int_equal(back.attributes, 0x5A5A5A5A);
	}
	wr_free(&w);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_primitives_aligned),
		cmocka_unit_test(test_cvstring),
		cmocka_unit_test(test_cvstring_push),
		cmocka_unit_test(test_array_count),
		cmocka_unit_test(test_ctx_handle),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
