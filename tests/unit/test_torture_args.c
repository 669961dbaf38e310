/*
 * smbsim-torture's command-line pieces (torture/target.c, registry.c): the
 * target, the user, further addresses, selectors, and their malformed twins.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include "torture/runner.h"
#include "torture/target.h"

static void targets(void **state)
{
	struct torture_target t;
	char err[256];

	(void)state;
	memset(&t, 0, sizeof(t));
	assert_int_equal(torture_parse_target(&t, "//127.0.0.10/share", err, sizeof(err)), 0);
	assert_string_equal(t.host, "127.0.0.10");
	assert_string_equal(t.host_port, "127.0.0.10:445");
	assert_string_equal(t.share, "share");
	assert_string_equal(t.unc, "\\\\127.0.0.10\\share");
	assert_string_equal(t.server_unc, "\\\\127.0.0.10");
	assert_int_equal(torture_parse_target(&t, "\\\\srv:4455\\data", err, sizeof(err)), 0);
	assert_string_equal(t.host_port, "srv:4455");
	assert_string_equal(t.unc, "\\\\srv\\data");
	assert_int_equal(torture_parse_target(&t, "//[::1]:4455/s", err, sizeof(err)), 0);
	assert_string_equal(t.host, "::1");
	assert_string_equal(t.host_port, "[::1]:4455");
	assert_int_equal(torture_parse_target(&t, "//[fe80::1]/s", err, sizeof(err)), 0);
	assert_string_equal(t.host_port, "[fe80::1]:445");
}

static void bad_targets(void **state)
{
	static const char *const bad[] = {
		"", "share", "/host/share", "//host", "//host/", "//host/a/b", "///share",
		"//host:/s", "//host:abc/s", "//host:123456/s", "//[::1/s", "//[::1]x/s",
	};
	struct torture_target t;
	char err[256];

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		memset(&t, 0, sizeof(t));
		if (torture_parse_target(&t, bad[i], err, sizeof(err)) == 0)
			fail_msg("accepted \"%s\"", bad[i]);
		assert_non_null(strstr(err, "want //HOST[:PORT]/SHARE"));
	}
	{
		char big[2000];

		memset(big, 'a', sizeof(big) - 1);
		big[sizeof(big) - 1] = '\0';
		big[0] = big[1] = '/';
		assert_int_equal(torture_parse_target(&t, big, err, sizeof(err)), -1);
	}
}

static void users(void **state)
{
	struct torture_target t;
	char err[256];

	(void)state;
	memset(&t, 0, sizeof(t));
	assert_int_equal(torture_parse_user(&t, "user%pa%ss", err, sizeof(err)), 0);
	assert_string_equal(t.user, "user");
	assert_string_equal(t.password, "pa%ss");
	assert_string_equal(t.domain, "");
	assert_int_equal(torture_parse_user(&t, "DOM\\bob%x", err, sizeof(err)), 0);
	assert_string_equal(t.domain, "DOM");
	assert_string_equal(t.user, "bob");
	assert_int_equal(torture_parse_user(&t, "bob@realm", err, sizeof(err)), 0);
	assert_string_equal(t.domain, "realm");
	assert_string_equal(t.user, "bob");
	assert_string_equal(t.password, "");
	/* Malformed twin: a field too long. */
	{
		char big[700];

		memset(big, 'u', sizeof(big) - 1);
		big[sizeof(big) - 1] = '\0';
		assert_int_equal(torture_parse_user(&t, big, err, sizeof(err)), -1);
		assert_non_null(strstr(err, "-U: want"));
	}
}

static void test_fn(struct torture_ctx *t)
{
	(void)t;
}

static void selectors(void **state)
{
	static const struct torture_test tt[] = {
		TORTURE_TEST(test_fn, "MS-SMB2 1", "x"),
	};
	struct torture_suite s = { "create", "d", tt, 1, NULL };

	(void)state;
	assert_true(torture_selects("all", &s, &tt[0]));
	assert_true(torture_selects("create", &s, &tt[0]));
	assert_true(torture_selects("cr*", &s, &tt[0]));
	assert_true(torture_selects("create.test_fn", &s, &tt[0]));
	assert_true(torture_selects("*.test_*", &s, &tt[0]));
	assert_false(torture_selects("create.other", &s, &tt[0]));
	assert_false(torture_selects("lock", &s, &tt[0]));
	assert_false(torture_selects("creat", &s, &tt[0]));
	assert_string_equal(torture_result_name(TORTURE_XFAIL), "expected-fail");
	assert_string_equal(torture_result_name(TORTURE_XPASS), "unexpected-pass");
	assert_string_equal(torture_dialect_name(SMB2_DIALECT_311), "3.1.1");
	assert_string_equal(torture_dialect_name(0x0399), "unknown");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(targets),
		cmocka_unit_test(bad_targets),
		cmocka_unit_test(users),
		cmocka_unit_test(selectors),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
