/* Helpers for smbsim's own cmocka tests. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

void tu_assert_status(NTSTATUS actual, NTSTATUS expected, const char *expr,
                      const char *file, int line)
{
	if (actual != expected) {
		print_error("%s:%d: %s is %s (0x%08x), expected %s (0x%08x)\n", file,
		            line, expr, nt_status_name(actual), (unsigned)actual,
		            nt_status_name(expected), (unsigned)expected);
		fail();
	}
}

void tu_encode_msg(struct wr *w, uint16_t command, int response,
                   tu_encode_fn enc, const void *in)
{
	struct smb2_hdr h = {
		.command = command,
		.credit = 1,
		.flags = response ? SMB2_FLAGS_SERVER_TO_REDIR : 0,
		.message_id = 7,
		.process_id = 0xFEFF,
		.tree_id = 3,
		.session_id = UINT64_C(0x0000100000000009),
	};
	assert_status(smb2_hdr_encode(w, &h), STATUS_SUCCESS);
	assert_status(enc(w, in), STATUS_SUCCESS);
}

NTSTATUS tu_decode_body(tu_decode_fn dec, const uint8_t *msg, size_t len, void *out)
{
	struct rd c;

	rd_init(&c, msg, len);
	if (len < SMB2_HDR_SIZE)
		return STATUS_INVALID_PARAMETER;
	c.pos = SMB2_HDR_SIZE;
	return dec(&c, out);
}

void tu_decode_reencode(const uint8_t *m, size_t len, tu_decode_fn dec,
                        tu_encode_fn enc, void *out)
{
	struct rd c;
	struct smb2_hdr h;
	struct wr w;

	rd_init(&c, m, len);
	assert_status(smb2_hdr_decode(&c, &h), STATUS_SUCCESS);
	assert_status(dec(&c, out), STATUS_SUCCESS);
	wr_init(&w, 0);
	assert_status(smb2_hdr_encode(&w, &h), STATUS_SUCCESS);
	assert_status(enc(&w, out), STATUS_SUCCESS);
	assert_int_equal(w.len, len);
	assert_memory_equal(w.buf, m, len);
	wr_free(&w);
}

static void expect_fail_untouched(tu_decode_fn dec, const uint8_t *msg, size_t n,
                                  size_t out_size, NTSTATUS want, const char *what)
{
	uint8_t *out = malloc(out_size);
	uint8_t *pattern = malloc(out_size);
	/* The decoder sees exactly n bytes: a copy, so ASan catches reads past. */
	uint8_t *copy = malloc(n ? n : 1);

	assert_non_null(out);
	assert_non_null(pattern);
	assert_non_null(copy);
	memcpy(copy, msg, n);
	memset(out, 0xA5, out_size);
	memset(pattern, 0xA5, out_size);
	NTSTATUS st = tu_decode_body(dec, copy, n, out);
	if (want ? st != want : !nt_status_is_error(st)) {
		print_error("%s (length %zu): decoder returned %s, expected %s\n", what, n,
		            nt_status_name(st), want ? nt_status_name(want) : "an error");
		fail();
	}
	if (memcmp(out, pattern, out_size) != 0) {
		print_error("%s (length %zu): failed decode wrote to its output\n", what, n);
		fail();
	}
	free(copy);
	free(pattern);
	free(out);
}

void tu_truncations(tu_decode_fn dec, const uint8_t *msg, size_t len,
                    size_t min_ok, size_t out_size)
{
	for (size_t n = SMB2_HDR_SIZE; n < min_ok && n < len; n++)
		expect_fail_untouched(dec, msg, n, out_size, 0, "truncation");
}

static void expect_fail_patched(tu_decode_fn dec, const uint8_t *msg, size_t len,
                                size_t at, uint32_t value, int width, NTSTATUS want,
                                size_t out_size)
{
	uint8_t *m = malloc(len);

	assert_non_null(m);
	assert_true(at + (size_t)width <= len);
	memcpy(m, msg, len);
	if (width == 2)
		put_le16(m + at, (uint16_t)value);
	else
		put_le32(m + at, value);
	expect_fail_untouched(dec, m, len, out_size, want, "patched field");
	free(m);
}

void tu_expect_fail_patched16(tu_decode_fn dec, const uint8_t *msg, size_t len,
                              size_t at, uint16_t value, NTSTATUS want, size_t out_size)
{
	expect_fail_patched(dec, msg, len, at, value, 2, want, out_size);
}

void tu_expect_fail_patched32(tu_decode_fn dec, const uint8_t *msg, size_t len,
                              size_t at, uint32_t value, NTSTATUS want, size_t out_size)
{
	expect_fail_patched(dec, msg, len, at, value, 4, want, out_size);
}

uint8_t *tu_load_fixture(const char *rel, size_t *len)
{
	const char *src = getenv("SMBSIM_SRCDIR");
	char path[4096];
	FILE *f;
	uint8_t *buf;
	long n;

	snprintf(path, sizeof(path), "%s/tests/fixtures/%s", src ? src : ".", rel);
	f = fopen(path, "rb");
	if (!f) {
		print_error("cannot open fixture %s\n", path);
		fail();
	}
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = malloc(n > 0 ? (size_t)n : 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	*len = (size_t)n;
	return buf;
}

uint8_t *tu_hex(const char *hex, size_t *len)
{
	size_t n = strlen(hex);
	uint8_t *out = malloc(n / 2 + 1);
	size_t o = 0;
	int hi = -1;

	assert_non_null(out);
	for (size_t i = 0; i < n; i++) {
		int v = 0;
		char ch = hex[i];
		if (isspace((unsigned char)ch))
			continue;
		if (ch >= '0' && ch <= '9')
			v = ch - '0';
		else if (ch >= 'a' && ch <= 'f')
			v = ch - 'a' + 10;
		else if (ch >= 'A' && ch <= 'F')
			v = ch - 'A' + 10;
		else
			fail_msg("bad hex character '%c'", ch);
		if (hi < 0) {
			hi = v;
		} else {
			out[o++] = (uint8_t)(hi << 4 | v);
			hi = -1;
		}
	}
	assert_true(hi < 0);
	*len = o;
	return out;
}

struct tu_bytes tu_hexb(const char *hex)
{
	struct tu_bytes b;

	b.p = tu_hex(hex, &b.n);
	return b;
}

void tu_assert_hex(const uint8_t *got, const char *want_hex, size_t n)
{
	struct tu_bytes w = tu_hexb(want_hex);

	assert_int_equal(w.n, n);
	assert_memory_equal(got, w.p, n);
	free(w.p);
}
