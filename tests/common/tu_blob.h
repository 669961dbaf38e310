/*
 * Test helpers for decoders that work on a blob (FSCTL payloads, RDMA
 * channel info) rather than on a message: the blob twins of
 * tu_truncations() and tu_expect_fail_patched*().  Include after
 * testutil.h.
 */
#ifndef SMBSIM_TU_BLOB_H
#define SMBSIM_TU_BLOB_H

#include <stdlib.h>
#include <string.h>

#include "testutil.h"

typedef NTSTATUS (*tu_blob_decode_fn)(const struct smb2_blob *b, void *out);

/* TU_BLOB_DECODER(smb2_copychunk_req_decode, struct smb2_copychunk_req)
 * defines smb2_copychunk_req_decode_tb(). */
#define TU_BLOB_DECODER(fn, type) \
	static NTSTATUS fn##_tb(const struct smb2_blob *b, void *out) \
	{ return fn(b, (type *)out); }

/* Decode p[0..n) from an exact-size copy (so ASan sees any read past it)
 * and expect an error status with the output untouched. */
static inline void tu_blob_expect_fail(tu_blob_decode_fn dec, const uint8_t *p, size_t n,
                                       size_t out_size, const char *what)
{
	uint8_t *copy = malloc(n ? n : 1);
	uint8_t *out = malloc(out_size);
	uint8_t *pattern = malloc(out_size);
	struct smb2_blob b;
	NTSTATUS st;

	assert_non_null(copy);
	assert_non_null(out);
	assert_non_null(pattern);
	if (n)
		memcpy(copy, p, n);
	memset(out, 0x5A, out_size);
	memset(pattern, 0x5A, out_size);
	b.p = copy;
	b.len = (uint32_t)n;
	st = dec(&b, out);
	if (!nt_status_is_error(st)) {
		print_error("%s (length %zu): decoder returned %s, expected an error\n",
		            what, n, nt_status_name(st));
		fail();
	}
	if (memcmp(out, pattern, out_size) != 0) {
		print_error("%s (length %zu): failed decode wrote to its output\n", what, n);
		fail();
	}
	free(pattern);
	free(out);
	free(copy);
}

/* Every truncation p[0..n) for n < min_ok must fail. */
static inline void tu_blob_truncations(tu_blob_decode_fn dec, const uint8_t *p,
                                       size_t min_ok, size_t out_size)
{
	for (size_t n = 0; n < min_ok; n++)
		tu_blob_expect_fail(dec, p, n, out_size, "truncation");
}

/* p with the u16/u32 at `at` replaced must fail. */
static inline void tu_blob_patched(tu_blob_decode_fn dec, const uint8_t *p, size_t n,
                                   size_t at, uint32_t value, int width, size_t out_size)
{
	uint8_t *m = malloc(n);

	assert_non_null(m);
	assert_true(at + (size_t)width <= n);
	memcpy(m, p, n);
	if (width == 2)
		put_le16(m + at, (uint16_t)value);
	else
		put_le32(m + at, value);
	tu_blob_expect_fail(dec, m, n, out_size, "patched field");
	free(m);
}

#endif
