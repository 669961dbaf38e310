/* UTF-8 <-> UTF-16LE (RFC 3629, RFC 2781); see utf16.h for the contracts. */
#include <stdlib.h>
#include <string.h>

#include "util/utf16.h"

/* Decode one code point from s[*i..n); advances *i.  RFC 3629 section 4:
 * shortest form only, no surrogates, nothing past U+10FFFF. */
static int utf8_next(const unsigned char *s, size_t n, size_t *i, uint32_t *cp)
{
	unsigned char b = s[*i];
	uint32_t v, min;
	size_t k;

	if (b < 0x80) {
		*cp = b;
		*i += 1;
		return 1;
	}
	if ((b & 0xE0) == 0xC0) {
		k = 1, v = b & 0x1F, min = 0x80;
	} else if ((b & 0xF0) == 0xE0) {
		k = 2, v = b & 0x0F, min = 0x800;
	} else if ((b & 0xF8) == 0xF0) {
		k = 3, v = b & 0x07, min = 0x10000;
	} else {
		return 0; /* continuation byte or 0xF8..0xFF as a lead */
	}
	if (n - *i <= k)
		return 0;
	for (size_t j = 1; j <= k; j++) {
		unsigned char c = s[*i + j];
		if ((c & 0xC0) != 0x80)
			return 0;
		v = v << 6 | (c & 0x3F);
	}
	if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
		return 0;
	*cp = v;
	*i += k + 1;
	return 1;
}

/* Count (and, when out is set, write) the UTF-16LE form of s. */
static NTSTATUS u8_to_u16(const char *s, size_t slen, uint8_t *out, size_t cap,
                          size_t *need)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, o = 0;
	uint32_t cp;

	while (i < slen) {
		if (!utf8_next(u, slen, &i, &cp))
			return STATUS_INVALID_PARAMETER;
		size_t units = cp >= 0x10000 ? 2 : 1;
		if (out) {
			if (cap - o < units * 2)
				return STATUS_BUFFER_TOO_SMALL;
			if (units == 2) {
				uint32_t v = cp - 0x10000;
				uint16_t hi = (uint16_t)(0xD800 | v >> 10);
				uint16_t lo = (uint16_t)(0xDC00 | (v & 0x3FF));
				out[o] = (uint8_t)hi, out[o + 1] = (uint8_t)(hi >> 8);
				out[o + 2] = (uint8_t)lo, out[o + 3] = (uint8_t)(lo >> 8);
			} else {
				out[o] = (uint8_t)cp, out[o + 1] = (uint8_t)(cp >> 8);
			}
		}
		o += units * 2;
	}
	*need = o;
	return STATUS_SUCCESS;
}

/* Count (and, when out is set, write) the UTF-8 form of p, without NUL. */
static NTSTATUS u16_to_u8(const uint8_t *p, size_t len, char *out, size_t cap,
                          size_t *need)
{
	size_t i = 0, o = 0;

	if (len % 2)
		return STATUS_INVALID_PARAMETER;
	while (i < len) {
		uint32_t cp = (uint32_t)(p[i] | p[i + 1] << 8);
		unsigned char enc[4];
		size_t k;

		i += 2;
		if (cp >= 0xDC00 && cp <= 0xDFFF)
			return STATUS_INVALID_PARAMETER; /* RFC 2781 2.2: lone low */
		if (cp >= 0xD800 && cp <= 0xDBFF) {
			if (len - i < 2)
				return STATUS_INVALID_PARAMETER;
			uint32_t lo = (uint32_t)(p[i] | p[i + 1] << 8);
			if (lo < 0xDC00 || lo > 0xDFFF)
				return STATUS_INVALID_PARAMETER;
			i += 2;
			cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
		}
		if (cp < 0x80) {
			enc[0] = (unsigned char)cp, k = 1;
		} else if (cp < 0x800) {
			enc[0] = (unsigned char)(0xC0 | cp >> 6);
			enc[1] = (unsigned char)(0x80 | (cp & 0x3F)), k = 2;
		} else if (cp < 0x10000) {
			enc[0] = (unsigned char)(0xE0 | cp >> 12);
			enc[1] = (unsigned char)(0x80 | (cp >> 6 & 0x3F));
			enc[2] = (unsigned char)(0x80 | (cp & 0x3F)), k = 3;
		} else {
			enc[0] = (unsigned char)(0xF0 | cp >> 18);
			enc[1] = (unsigned char)(0x80 | (cp >> 12 & 0x3F));
			enc[2] = (unsigned char)(0x80 | (cp >> 6 & 0x3F));
			enc[3] = (unsigned char)(0x80 | (cp & 0x3F)), k = 4;
		}
		if (out) {
			if (cap - o < k)
				return STATUS_BUFFER_TOO_SMALL;
			memcpy(out + o, enc, k);
		}
		o += k;
	}
	*need = o;
	return STATUS_SUCCESS;
}

NTSTATUS utf8_to_utf16le(const char *s, size_t slen, uint8_t *out, size_t cap,
                         size_t *out_len)
{
	size_t need;
	NTSTATUS st = u8_to_u16(s, slen, NULL, 0, &need);

	if (st)
		return st;
	if (need > cap)
		return STATUS_BUFFER_TOO_SMALL;
	st = u8_to_u16(s, slen, out, cap, &need);
	if (st)
		return st;
	*out_len = need;
	return STATUS_SUCCESS;
}

NTSTATUS utf16le_to_utf8(const uint8_t *p, size_t len, char *out, size_t cap,
                         size_t *out_len)
{
	size_t need;
	NTSTATUS st = u16_to_u8(p, len, NULL, 0, &need);

	if (st)
		return st;
	if (cap == 0 || need > cap - 1)
		return STATUS_BUFFER_TOO_SMALL;
	st = u16_to_u8(p, len, out, cap - 1, &need);
	if (st)
		return st;
	out[need] = '\0';
	*out_len = need;
	return STATUS_SUCCESS;
}

NTSTATUS utf8_to_utf16le_alloc(const char *s, size_t slen, uint8_t **out,
                               size_t *out_len)
{
	size_t need;
	NTSTATUS st;
	uint8_t *buf;

	if (slen > UTF16_MAX_INPUT)
		return STATUS_INVALID_PARAMETER;
	st = u8_to_u16(s, slen, NULL, 0, &need);
	if (st)
		return st;
	buf = malloc(need ? need : 1);
	if (!buf)
		return STATUS_NO_MEMORY;
	st = u8_to_u16(s, slen, buf, need, &need);
	if (st) {
		free(buf);
		return st;
	}
	*out = buf;
	*out_len = need;
	return STATUS_SUCCESS;
}

NTSTATUS utf16le_to_utf8_alloc(const uint8_t *p, size_t len, char **out,
                               size_t *out_len)
{
	size_t need;
	NTSTATUS st;
	char *buf;

	if (len > UTF16_MAX_INPUT)
		return STATUS_INVALID_PARAMETER;
	st = u16_to_u8(p, len, NULL, 0, &need);
	if (st)
		return st;
	buf = malloc(need + 1);
	if (!buf)
		return STATUS_NO_MEMORY;
	st = u16_to_u8(p, len, buf, need, &need);
	if (st) {
		free(buf);
		return st;
	}
	buf[need] = '\0';
	*out = buf;
	if (out_len)
		*out_len = need;
	return STATUS_SUCCESS;
}

uint16_t utf16_upper_unit(uint16_t u)
{
	if (u >= 'a' && u <= 'z')
		return (uint16_t)(u - 0x20);
	if (u < 0xB5)
		return u;
	/* Latin-1 Supplement: U+00E0..U+00FE except U+00F7 (division sign). */
	if (u == 0xB5)
		return 0x039C; /* MICRO SIGN -> GREEK CAPITAL MU */
	if (u >= 0xE0 && u <= 0xFE && u != 0xF7)
		return (uint16_t)(u - 0x20);
	if (u == 0xFF)
		return 0x0178;
	/* Latin Extended-A: pairs (upper even, lower odd) and the reverse. */
	if ((u >= 0x0100 && u <= 0x012F) || (u >= 0x0132 && u <= 0x0137) ||
	    (u >= 0x014A && u <= 0x0177))
		return (u & 1) ? (uint16_t)(u - 1) : u;
	if ((u >= 0x0139 && u <= 0x0148) || (u >= 0x0179 && u <= 0x017E))
		return (u & 1) ? u : (uint16_t)(u - 1);
	/* Greek: U+03B1..U+03C9 except final sigma U+03C2 (maps to U+03A3). */
	if (u >= 0x03B1 && u <= 0x03C9)
		return u == 0x03C2 ? 0x03A3 : (uint16_t)(u - 0x20);
	/* Cyrillic: U+0430..U+044F and U+0450..U+045F. */
	if (u >= 0x0430 && u <= 0x044F)
		return (uint16_t)(u - 0x20);
	if (u >= 0x0450 && u <= 0x045F)
		return (uint16_t)(u - 0x50);
	return u;
}

void utf16le_upper(uint8_t *p, size_t len)
{
	for (size_t i = 0; i + 1 < len; i += 2) {
		uint16_t u = utf16_upper_unit((uint16_t)(p[i] | p[i + 1] << 8));
		p[i] = (uint8_t)u;
		p[i + 1] = (uint8_t)(u >> 8);
	}
}

int utf16le_equal_nocase(const uint8_t *a, size_t alen, const uint8_t *b, size_t blen)
{
	if (alen != blen || alen % 2)
		return 0;
	for (size_t i = 0; i < alen; i += 2) {
		uint16_t x = utf16_upper_unit((uint16_t)(a[i] | a[i + 1] << 8));
		uint16_t y = utf16_upper_unit((uint16_t)(b[i] | b[i + 1] << 8));
		if (x != y)
			return 0;
	}
	return 1;
}
