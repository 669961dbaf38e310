/*
 * UTF-8 <-> UTF-16LE conversion with validation, and the upper-casing that
 * NTOWFv2 (MS-NLMP 3.3.2) and case-insensitive name matching need.
 *
 * Both directions reject malformed input with STATUS_INVALID_PARAMETER:
 * UTF-8 that is overlong, truncated, encodes a surrogate (U+D800..U+DFFF)
 * or a value past U+10FFFF; UTF-16 with an unpaired surrogate or an odd
 * byte count.  A NUL code point is accepted in both directions (it is a
 * valid character; callers that forbid it in names check for it).
 *
 * Output is bounded: the fixed-buffer forms fail with
 * STATUS_BUFFER_TOO_SMALL, writing nothing the caller may rely on, when
 * the result does not fit; the _alloc forms refuse inputs longer than
 * UTF16_MAX_INPUT.  Outputs are assigned only on success.
 */
#ifndef SMBSIM_UTIL_UTF16_H
#define SMBSIM_UTIL_UTF16_H

#include <stddef.h>
#include <stdint.h>

#include "wire/ntstatus.h"

/* Longest input (bytes) the _alloc forms convert. */
#define UTF16_MAX_INPUT (1u << 20)

/* UTF-8 s[0..slen) to UTF-16LE in out[0..cap); *out_len gets the byte
 * count.  No terminator is written. */
NTSTATUS utf8_to_utf16le(const char *s, size_t slen, uint8_t *out, size_t cap,
                         size_t *out_len);

/* UTF-16LE p[0..len) to UTF-8 in out[0..cap) followed by a NUL (cap counts
 * it); *out_len gets the length without the NUL. */
NTSTATUS utf16le_to_utf8(const uint8_t *p, size_t len, char *out, size_t cap,
                         size_t *out_len);

/* Heap forms; the caller frees *out.  utf16le_to_utf8_alloc's result is
 * NUL-terminated; *out_len (may be NULL) excludes the NUL. */
NTSTATUS utf8_to_utf16le_alloc(const char *s, size_t slen, uint8_t **out,
                               size_t *out_len);
NTSTATUS utf16le_to_utf8_alloc(const uint8_t *p, size_t len, char **out,
                               size_t *out_len);

/*
 * Upper-case one UTF-16 code unit.  Covers ASCII, Latin-1 Supplement,
 * Latin Extended-A, basic Greek and basic Cyrillic (the letters that have
 * a one-to-one upper-case form in the BMP); every other unit, and every
 * surrogate, is returned unchanged.  Windows upper-cases with its own
 * table (RtlUpcaseUnicodeChar); outside these blocks a name may hash
 * differently from Windows.
 */
uint16_t utf16_upper_unit(uint16_t u);

/* Upper-case UTF-16LE bytes in place (len rounded down to even). */
void utf16le_upper(uint8_t *p, size_t len);

/* Case-insensitive equality of two UTF-16LE strings (by utf16_upper_unit). */
int utf16le_equal_nocase(const uint8_t *a, size_t alen, const uint8_t *b, size_t blen);

#endif
