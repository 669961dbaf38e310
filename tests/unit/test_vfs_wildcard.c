/*
 * MS-FSA 2.1.4.4 IsNameInExpression as vfs_name_matches implements it:
 * * and ?, and the DOS wildcards that clients send for the DOS forms of
 * patterns: < (DOS_STAR, "*" before a final dot), > (DOS_QM, "?" that may
 * match nothing at a dot or the end), " (DOS_DOT, a dot or nothing at the
 * end).
 */
#include <string.h>

#include "testutil.h"
#include "sim-server/vfs.h"

static size_t to_units(const char *s, uint16_t *out)
{
	size_t n = strlen(s);
	for (size_t i = 0; i < n; i++)
		out[i] = (uint16_t)(unsigned char)s[i];
	return n;
}

static bool match(const char *expr, const char *name, bool ignore_case)
{
	uint16_t e[512], n[512];
	size_t el = to_units(expr, e), nl = to_units(name, n);
	return vfs_name_matches(e, el, n, nl, ignore_case);
}

#define YES(e, n) assert_true(match((e), (n), true))
#define NO(e, n) assert_false(match((e), (n), true))

static void test_star_and_qm(void **state)
{
	(void)state;
	YES("*", "anything.at.all");
	YES("*", ".");
	YES("*.txt", "a.txt");
	YES("*.txt", ".txt");
	NO("*.txt", "a.txt.bak");
	YES("*.*", "a.b");
	NO("*.*", "ab");
	YES("a*b*c", "aXXbYYc");
	YES("a*b*c", "abc");
	NO("a*b*c", "acb");
	YES("a?c", "abc");
	NO("a?c", "ac");
	NO("a?c", "abbc");
	NO("?", "");
	YES("??", "ab");
	YES("exact", "exact");
	NO("exact", "exact1");
	NO("exact", "exac");
	YES("***", "x");
}

static void test_case(void **state)
{
	(void)state;
	assert_true(match("A*.TXT", "abc.txt", true));
	assert_false(match("A*.TXT", "abc.txt", false));
	assert_true(match("abc.txt", "ABC.TXT", true));
	assert_false(match("abc.txt", "ABC.TXT", false));
	/* Latin-1 and Greek letters through utf16_upper_unit */
	uint16_t e[] = { 0x00E9, 0x03B1 }, n[] = { 0x00C9, 0x0391 };
	assert_true(vfs_name_matches(e, 2, n, 2, true));
	assert_false(vfs_name_matches(e, 2, n, 2, false));
}

static void test_dos_star(void **state)
{
	(void)state;
	/* "*." as clients send it: < then ": names without an extension */
	YES("<\"", "noext");
	YES("<\"", "trailing.");
	NO("<\"", "a.b");
	NO("<\"", "a.b.c");
	/* < stops before the final dot */
	YES("<.txt", "a.b.txt");
	NO("<", "a.b");
	YES("<", "ab");
	YES("a<", "abc");
	NO("a<", "ab.c");
	YES("<.<", "a.b");
	YES("<.*", "a.b.c");
}

static void test_dos_qm_and_dot(void **state)
{
	(void)state;
	/* "????????.???" as clients send it */
	const char *e83 = ">>>>>>>>\">>>";
	YES(e83, "foo.c");
	YES(e83, "abcdefgh.xyz");
	YES(e83, "foo");
	NO(e83, "abcdefghi.c");
	NO(e83, "foo.cpp1");
	/* > matches one character, or nothing at a dot or the end */
	YES(">>>", "ab");
	YES(">>>", "abc");
	NO(">>>", "abcd");
	YES("a>.c", "a.c");
	YES("a>.c", "ab.c");
	NO("a>.c", "abb.c");
	/* " matches a dot, or nothing at the end */
	YES("a\"b", "a.b");
	NO("a\"b", "ab");
	YES("a\"", "a");
	YES("a\"", "a.");
	NO("a\"", "ab");
}

static void test_bounds(void **state)
{
	(void)state;
	uint16_t e[1] = { '*' };
	uint16_t name[VFS_MAX_COMPONENT_UNITS + 1];
	for (size_t i = 0; i < VFS_MAX_COMPONENT_UNITS + 1; i++)
		name[i] = 'a';
	/* empty expression matches nothing; over-long names never match */
	assert_false(vfs_name_matches(e, 0, name, 1, true));
	assert_true(vfs_name_matches(e, 1, name, VFS_MAX_COMPONENT_UNITS, true));
	assert_false(vfs_name_matches(e, 1, name, VFS_MAX_COMPONENT_UNITS + 1, true));
	uint16_t q[2] = { '?', '*' };
	assert_false(vfs_name_matches(q, 2, name, VFS_MAX_COMPONENT_UNITS + 1, true));
	/* a pathological pattern stays polynomial and is still right */
	uint16_t p[VFS_MAX_PATTERN_UNITS];
	for (size_t i = 0; i < VFS_MAX_PATTERN_UNITS - 1; i++)
		p[i] = (i % 2) ? 'a' : '*';
	p[VFS_MAX_PATTERN_UNITS - 1] = 'b';
	assert_false(vfs_name_matches(p, VFS_MAX_PATTERN_UNITS, name,
	                              VFS_MAX_COMPONENT_UNITS, true));
	name[VFS_MAX_COMPONENT_UNITS - 1] = 'b';
	assert_false(vfs_name_matches(p, VFS_MAX_PATTERN_UNITS, name,
	                              VFS_MAX_COMPONENT_UNITS, true)); /* 511 a's needed */
	assert_true(vfs_name_matches(p + VFS_MAX_PATTERN_UNITS - 21, 21, name,
	                             VFS_MAX_COMPONENT_UNITS, true));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_star_and_qm),
		cmocka_unit_test(test_case),
		cmocka_unit_test(test_dos_star),
		cmocka_unit_test(test_dos_qm_and_dot),
		cmocka_unit_test(test_bounds),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
