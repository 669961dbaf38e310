/*
 * Helpers for smbsim's own cmocka tests.
 *
 * Include after <setjmp.h>, <stdarg.h>, <stddef.h> and <cmocka.h> (or just
 * include this header: it includes them in the right order).
 */
#ifndef SMBSIM_TESTUTIL_H
#define SMBSIM_TESTUTIL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "wire/cursor.h"
#include "wire/hdr.h"

/* Compare NTSTATUS values and print both by name when they differ. */
#define assert_status(actual, expected) \
	tu_assert_status((actual), (expected), #actual, __FILE__, __LINE__)
void tu_assert_status(NTSTATUS actual, NTSTATUS expected, const char *expr,
                      const char *file, int line);

/* A body decoder: cursor based at the SMB2 header, positioned at the body. */
typedef NTSTATUS (*tu_decode_fn)(struct rd *c, void *out);
/* A body encoder: the writer holds the header already. */
typedef NTSTATUS (*tu_encode_fn)(struct wr *w, const void *in);

/* Adapters from a typed codec to the generic types above, e.g.
 * TU_DECODER(smb2_close_req_decode, struct smb2_close_req) defines
 * smb2_close_req_decode_tu(). */
#define TU_DECODER(fn, type) \
	static NTSTATUS fn##_tu(struct rd *c, void *out) { return fn(c, (type *)out); }
#define TU_ENCODER(fn, type) \
	static NTSTATUS fn##_tu(struct wr *w, const void *in) { return fn(w, (const type *)in); }

/* Encode a message (a default header for `command`, plus body) into w.
 * `response` sets SERVER_TO_REDIR. */
void tu_encode_msg(struct wr *w, uint16_t command, int response,
                   tu_encode_fn enc, const void *in);

/* Decode the body of the whole message msg[0..len) with the cursor at
 * SMB2_HDR_SIZE. */
NTSTATUS tu_decode_body(tu_decode_fn dec, const uint8_t *msg, size_t len, void *out);

/* Decode header and body of a captured message m[0..len) into out, encode
 * both again and insist on the same bytes. */
void tu_decode_reencode(const uint8_t *m, size_t len, tu_decode_fn dec,
                        tu_encode_fn enc, void *out);

/*
 * Malformed twins: decode every truncation msg[0..n) for SMB2_HDR_SIZE <=
 * n < min_ok (normally min_ok = len) and assert each fails with an error
 * status and leaves `out` (out_size bytes) untouched.
 */
void tu_truncations(tu_decode_fn dec, const uint8_t *msg, size_t len,
                    size_t min_ok, size_t out_size);

/*
 * Decode msg with one byte/u16/u32 field changed at body offset `at`
 * (counted from the header), expecting failure with `want` and `out`
 * untouched.
 */
void tu_expect_fail_patched16(tu_decode_fn dec, const uint8_t *msg, size_t len,
                              size_t at, uint16_t value, NTSTATUS want,
                              size_t out_size);
void tu_expect_fail_patched32(tu_decode_fn dec, const uint8_t *msg, size_t len,
                              size_t at, uint32_t value, NTSTATUS want,
                              size_t out_size);

/* Load a fixture file under tests/fixtures/ (path relative to it); the
 * caller frees.  The source tree is $SMBSIM_SRCDIR, or "." */
uint8_t *tu_load_fixture(const char *rel, size_t *len);

/* Parse a hex string (whitespace ignored) into a malloc'ed buffer. */
uint8_t *tu_hex(const char *hex, size_t *len);

/* A test vector's bytes from a hex string (as tu_hex() parses it); the caller frees p. */
struct tu_bytes {
	uint8_t *p;
	size_t n;
};
struct tu_bytes tu_hexb(const char *hex);

/* got[0..n) must be the bytes want_hex spells, and n their number. */
void tu_assert_hex(const uint8_t *got, const char *want_hex, size_t n);

#endif
