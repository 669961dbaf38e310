/* SMB1 multi-protocol NEGOTIATE request: Windows capture, round trips,
 * malformed twins. */
#include <stdlib.h>

#include "testutil.h"
#include "wire/smb1_negotiate.h"

#define OUT_SZ sizeof(struct smb1_negotiate_req)
/* ByteCount sits after the header and WordCount. */
#define BC_OFF (SMB1_HDR_SIZE + 1)

static NTSTATUS decode_n(const uint8_t *m, size_t n, struct smb1_negotiate_req *out)
{
	struct rd c;

	rd_init(&c, m, n);
	return smb1_negotiate_req_decode(&c, out);
}

/* Decode a private copy of exactly n bytes; expect failure and an
 * untouched output. */
static void expect_fail(const uint8_t *m, size_t n)
{
	uint8_t *copy = malloc(n ? n : 1);
	struct smb1_negotiate_req *out = malloc(OUT_SZ), *pat = malloc(OUT_SZ);

	assert_non_null(copy);
	assert_non_null(out);
	assert_non_null(pat);
	if (n)
		memcpy(copy, m, n);
	memset(out, 0xA5, OUT_SZ);
	memset(pat, 0xA5, OUT_SZ);
	assert_status(decode_n(copy, n, out), STATUS_INVALID_PARAMETER);
	assert_memory_equal(out, pat, OUT_SZ);
	free(pat);
	free(out);
	free(copy);
}

static void expect_fail_patched8(const uint8_t *m, size_t n, size_t at, uint8_t v)
{
	uint8_t *p = malloc(n);

	assert_non_null(p);
	memcpy(p, m, n);
	p[at] = v;
	expect_fail(p, n);
	free(p);
}

static void expect_fail_patched16(const uint8_t *m, size_t n, size_t at, uint16_t v)
{
	uint8_t *p = malloc(n);

	assert_non_null(p);
	memcpy(p, m, n);
	put_le16(p + at, v);
	expect_fail(p, n);
	free(p);
}

static void assert_dialect(const struct smb1_negotiate_req *r, unsigned i, const char *s)
{
	assert_true(i < r->dialect_count);
	assert_int_equal(r->dialects[i].len, strlen(s));
	assert_memory_equal(r->dialects[i].p, s, strlen(s));
}

static void test_win10(void **state)
{
	(void)state;
	static const char *const names[8] = {
		"PC NETWORK PROGRAM 1.0", "LANMAN1.0", "Windows for Workgroups 3.1a",
		"LM1.2X002", "LANMAN2.1", "NT LM 0.12", "SMB 2.002", "SMB 2.???",
	};
	size_t len;
	uint8_t *m = tu_load_fixture("windows/smb1_negotiate_req_win10.bin", &len);
	struct smb1_negotiate_req *r = malloc(OUT_SZ), *r2 = malloc(OUT_SZ);
	struct rd c;
	struct wr w;

	assert_non_null(r);
	assert_non_null(r2);
	assert_int_equal(len, 155);
	rd_init(&c, m, len);
	assert_status(smb1_negotiate_req_decode(&c, r), STATUS_SUCCESS);
	assert_int_equal(c.pos, len);
	assert_int_equal(r->flags, 0x18);
	assert_int_equal(r->flags2, 0xc853);
	assert_int_equal(r->pid, 0xfeff);
	assert_int_equal(r->tid, 0xffff);
	assert_int_equal(r->uid, 0);
	assert_int_equal(r->mid, 0);
	assert_int_equal(r->dialect_count, 8);
	for (unsigned i = 0; i < 8; i++)
		assert_dialect(r, i, names[i]);
	assert_true(r->offers_smb2_002);
	assert_true(r->offers_smb2_wildcard);

	/* Re-encoding gives the same bytes. */
	wr_init(&w, 0);
	assert_status(smb1_negotiate_req_encode(&w, r), STATUS_SUCCESS);
	assert_int_equal(w.len, len);
	assert_memory_equal(w.buf, m, len);
	wr_free(&w);

	/* Every truncation fails. */
	for (size_t n = 0; n < len; n++)
		expect_fail(m, n);
	/* ProtocolId, Command, a reply, WordCount. */
	expect_fail_patched8(m, len, 0, 0xFE);
	expect_fail_patched8(m, len, 4, 0x73);
	expect_fail_patched8(m, len, 9, 0x98);
	expect_fail_patched8(m, len, SMB1_HDR_SIZE, 1);
	/* ByteCount past the end. */
	expect_fail_patched16(m, len, BC_OFF, 121);
	expect_fail_patched16(m, len, BC_OFF, 0xFFFF);
	/* ByteCount ending before the last terminator. */
	expect_fail_patched16(m, len, BC_OFF, 119);
	/* A BufferFormat other than 0x02 (the first, and the last string's). */
	expect_fail_patched8(m, len, BC_OFF + 2, 0x04);
	expect_fail_patched8(m, len, len - 11, 0x03);
	/* The final terminator replaced: the string runs off ByteCount. */
	expect_fail_patched8(m, len, len - 1, '?');

	/* ByteCount shorter than the frame: the rest is ignored. */
	{
		uint8_t *p = malloc(len);

		assert_non_null(p);
		memcpy(p, m, len);
		put_le16(p + BC_OFF, 120 - 11);
		assert_status(decode_n(p, len, r2), STATUS_SUCCESS);
		assert_int_equal(r2->dialect_count, 7);
		assert_true(r2->offers_smb2_002);
		assert_false(r2->offers_smb2_wildcard);
		free(p);
	}
	free(r2);
	free(r);
	free(m);
}

static void test_roundtrip_and_limits(void **state)
{
	(void)state;
	struct smb1_negotiate_req *in = calloc(1, OUT_SZ), *out = malloc(OUT_SZ);
	struct wr w;
	static const char a[] = "a";

	assert_non_null(in);
	assert_non_null(out);
	in->flags = 0x18;
	in->flags2 = 0x0001;
	in->pid = 0x00010002;
	in->mid = 9;
	in->dialect_count = 2;
	in->dialects[0].p = (const uint8_t *)"NT LM 0.12";
	in->dialects[0].len = 10;
	in->dialects[1].p = (const uint8_t *)"";
	in->dialects[1].len = 0;
	wr_init(&w, 0);
	assert_status(smb1_negotiate_req_encode(&w, in), STATUS_SUCCESS);
	assert_int_equal(w.len, SMB1_HDR_SIZE + 3 + 12 + 2);
	assert_status(decode_n(w.buf, w.len, out), STATUS_SUCCESS);
	assert_int_equal(out->pid, 0x00010002);
	assert_int_equal(out->mid, 9);
	assert_int_equal(out->dialect_count, 2);
	assert_dialect(out, 0, "NT LM 0.12");
	assert_int_equal(out->dialects[1].len, 0);
	assert_false(out->offers_smb2_002);
	assert_false(out->offers_smb2_wildcard);
	for (size_t n = 0; n < w.len; n++)
		expect_fail(w.buf, n);
	wr_free(&w);

	/* No dialects at all: ByteCount 0 decodes to an empty list. */
	in->dialect_count = 0;
	wr_init(&w, 0);
	assert_status(smb1_negotiate_req_encode(&w, in), STATUS_SUCCESS);
	assert_status(decode_n(w.buf, w.len, out), STATUS_SUCCESS);
	assert_int_equal(out->dialect_count, 0);
	wr_free(&w);

	/* SMB1_MAX_DIALECTS strings decode; one more fails. */
	in->dialect_count = SMB1_MAX_DIALECTS;
	for (unsigned i = 0; i < SMB1_MAX_DIALECTS; i++) {
		in->dialects[i].p = (const uint8_t *)a;
		in->dialects[i].len = 1;
	}
	wr_init(&w, 0);
	assert_status(smb1_negotiate_req_encode(&w, in), STATUS_SUCCESS);
	assert_status(decode_n(w.buf, w.len, out), STATUS_SUCCESS);
	assert_int_equal(out->dialect_count, SMB1_MAX_DIALECTS);
	{
		size_t n = w.len + 3;
		uint8_t *p = malloc(n);

		assert_non_null(p);
		memcpy(p, w.buf, w.len);
		p[w.len] = SMB1_DIALECT_BUFFER_FORMAT;
		p[w.len + 1] = 'b';
		p[w.len + 2] = 0;
		put_le16(p + BC_OFF, (uint16_t)(le16(p + BC_OFF) + 3));
		expect_fail(p, n);
		free(p);
	}
	wr_free(&w);

	/* The encoder refuses a NUL inside a string and too many strings. */
	wr_init(&w, 0);
	in->dialect_count = 1;
	in->dialects[0].p = (const uint8_t *)"a\0b";
	in->dialects[0].len = 3;
	assert_status(smb1_negotiate_req_encode(&w, in), STATUS_INVALID_PARAMETER);
	in->dialect_count = SMB1_MAX_DIALECTS + 1;
	assert_status(smb1_negotiate_req_encode(&w, in), STATUS_INVALID_PARAMETER);
	wr_free(&w);
	free(out);
	free(in);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_win10),
		cmocka_unit_test(test_roundtrip_and_limits),
	};
	return cmocka_run_group_tests_name("smb1_negotiate", tests, NULL, NULL);
}
