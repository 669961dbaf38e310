/* UTF-8 <-> UTF-16LE conversion and upper-casing (util/utf16.h). */
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "util/utf16.h"

static void roundtrip(const char *s, const char *u16hex)
{
	size_t n, hn, back_len;
	uint8_t out[64];
	char back[64];
	uint8_t *want = tu_hex(u16hex, &hn);

	assert_status(utf8_to_utf16le(s, strlen(s), out, sizeof(out), &n), STATUS_SUCCESS);
	assert_int_equal(n, hn);
	assert_memory_equal(out, want, n);
	assert_status(utf16le_to_utf8(out, n, back, sizeof(back), &back_len), STATUS_SUCCESS);
	assert_int_equal(back_len, strlen(s));
	assert_string_equal(back, s);
	/* Too small by one: refused. */
	if (n)
		assert_status(utf8_to_utf16le(s, strlen(s), out, n - 1, &hn),
		              STATUS_BUFFER_TOO_SMALL);
	assert_status(utf16le_to_utf8(out, n, back, back_len, &hn), STATUS_BUFFER_TOO_SMALL);
	free(want);
}

static void test_roundtrips(void **state)
{
	(void)state;
	roundtrip("", "");
	roundtrip("User", "5500730065007200");
	roundtrip("\xc3\xa9", "e900");                     /* é U+00E9 */
	roundtrip("\xe2\x82\xac", "ac20");                 /* € U+20AC */
	roundtrip("\xef\xbf\xbf", "ffff");                 /* U+FFFF */
	roundtrip("\xf0\x9f\x98\x80", "3dd800de");         /* U+1F600, a surrogate pair */
	roundtrip("\xf4\x8f\xbf\xbf", "ffdbffdf");         /* U+10FFFF */
}

static void test_bad_utf8(void **state)
{
	(void)state;
	static const char *const bad[] = {
		"\x80",             /* lone continuation */
		"\xc0\xaf",         /* overlong '/' */
		"\xc1\xbf",         /* overlong */
		"\xe0\x80\xaf",     /* overlong 3-byte */
		"\xf0\x80\x80\xaf", /* overlong 4-byte */
		"\xed\xa0\x80",     /* U+D800 surrogate */
		"\xed\xbf\xbf",     /* U+DFFF surrogate */
		"\xf4\x90\x80\x80", /* U+110000 */
		"\xf8\x88\x80\x80\x80", /* 5-byte form */
		"\xc3",             /* truncated */
		"\xe2\x82",         /* truncated */
		"\xe2\x28\xa1",     /* bad continuation */
		"\xff",
	};
	uint8_t out[16];
	size_t n = 12345;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_status(utf8_to_utf16le(bad[i], strlen(bad[i]), out, sizeof(out), &n),
		              STATUS_INVALID_PARAMETER);
		assert_int_equal(n, 12345);
	}
}

static void test_bad_utf16(void **state)
{
	(void)state;
	static const char *const bad[] = {
		"00d8",         /* lone high surrogate at the end */
		"00d84100",     /* high then 'A' */
		"00dc",         /* lone low surrogate */
		"410000dc00d8", /* low before high */
		"41",           /* odd length */
	};
	char out[16];
	size_t n = 12345;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		size_t len;
		uint8_t *p = tu_hex(bad[i], &len);
		assert_status(utf16le_to_utf8(p, len, out, sizeof(out), &n), STATUS_INVALID_PARAMETER);
		char *a = NULL;
		assert_status(utf16le_to_utf8_alloc(p, len, &a, NULL), STATUS_INVALID_PARAMETER);
		assert_null(a);
		free(p);
	}
	assert_int_equal(n, 12345);
	/* Zero capacity cannot hold even the NUL. */
	assert_status(utf16le_to_utf8((const uint8_t *)"", 0, out, 0, &n), STATUS_BUFFER_TOO_SMALL);
}

static void test_alloc(void **state)
{
	(void)state;
	uint8_t *u;
	char *s;
	size_t n, m;

	assert_status(utf8_to_utf16le_alloc("Dom\xc3\xa4in", 8, &u, &n), STATUS_SUCCESS);
	assert_int_equal(n, 14);
	assert_status(utf16le_to_utf8_alloc(u, n, &s, &m), STATUS_SUCCESS);
	assert_int_equal(m, 8);
	assert_string_equal(s, "Dom\xc3\xa4in");
	free(u);
	free(s);
	assert_status(utf8_to_utf16le_alloc("", 0, &u, &n), STATUS_SUCCESS);
	assert_int_equal(n, 0);
	free(u);
}

static void test_upper(void **state)
{
	(void)state;
	assert_int_equal(utf16_upper_unit('a'), 'A');
	assert_int_equal(utf16_upper_unit('z'), 'Z');
	assert_int_equal(utf16_upper_unit('A'), 'A');
	assert_int_equal(utf16_upper_unit('{'), '{');
	assert_int_equal(utf16_upper_unit(0x00E9), 0x00C9); /* é */
	assert_int_equal(utf16_upper_unit(0x00F7), 0x00F7); /* ÷ */
	assert_int_equal(utf16_upper_unit(0x00FF), 0x0178); /* ÿ */
	assert_int_equal(utf16_upper_unit(0x00DF), 0x00DF); /* ß has no one-unit upper */
	assert_int_equal(utf16_upper_unit(0x0101), 0x0100); /* ā */
	assert_int_equal(utf16_upper_unit(0x0131), 0x0131); /* dotless i stays */
	assert_int_equal(utf16_upper_unit(0x017E), 0x017D); /* ž */
	assert_int_equal(utf16_upper_unit(0x03B1), 0x0391); /* α */
	assert_int_equal(utf16_upper_unit(0x03C2), 0x03A3); /* ς */
	assert_int_equal(utf16_upper_unit(0x0430), 0x0410); /* а */
	assert_int_equal(utf16_upper_unit(0x0451), 0x0401); /* ё */
	assert_int_equal(utf16_upper_unit(0xD83D), 0xD83D); /* surrogates untouched */
	uint8_t s[] = { 'u', 0, 's', 0, 0xe9, 0, 'R', 0 };
	utf16le_upper(s, sizeof(s));
	assert_memory_equal(s, "U\0S\0\xc9\0R\0", 8);
	assert_true(utf16le_equal_nocase((const uint8_t *)"a\0B\0", 4, (const uint8_t *)"A\0b\0", 4));
	assert_false(utf16le_equal_nocase((const uint8_t *)"a\0B\0", 4, (const uint8_t *)"A\0", 2));
	assert_false(utf16le_equal_nocase((const uint8_t *)"a\0B\0", 4, (const uint8_t *)"A\0c\0", 4));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_roundtrips),
		cmocka_unit_test(test_bad_utf8),
		cmocka_unit_test(test_bad_utf16),
		cmocka_unit_test(test_alloc),
		cmocka_unit_test(test_upper),
	};
	return cmocka_run_group_tests_name("utf16", tests, NULL, NULL);
}
