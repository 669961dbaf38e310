/*
 * Target profiles of smbsim-torture (torture/profile.c): a good profile and
 * every way a profile can be wrong, each refused with FILE:LINE and what.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "torture/runner.h"

static char path[64];

/* Write text to a fresh temporary file; path names it. */
static void write_profile(const char *text)
{
	int fd;

	strcpy(path, "/tmp/torture-profile-XXXXXX");
	fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
}

static int load(const char *text, struct torture_profile *p, struct torture_opts *o, char *err,
                size_t errlen)
{
	int rc;

	write_profile(text);
	rc = torture_profile_load(p, path, o, err, errlen);
	unlink(path);
	return rc;
}

static void good_profile(void **state)
{
	static struct torture_profile p;
	struct torture_opts o = { 0 };
	char err[512] = "";
	struct torture_profile_entry *e;

	(void)state;
	assert_int_equal(load("# comment\n[profile]\nname = samba\ndescription = Samba 4.17\n\n"
	                      "[options]\nuser2 = other%pass2\n guest = no \n"
	                      "[session.expiry]\nresult = fail\nreason = no expiry\n"
	                      "ref = MS-SMB2 3.3.5.2.9\n"
	                      "[lock.*]\nvariant = windows\nreason = open choice\n"
	                      "[lock.cancel]\nresult = skip\nreason = hangs\n",
	                      &p, &o, err, sizeof(err)),
	                 0);
	assert_string_equal(p.name, "samba");
	assert_string_equal(p.description, "Samba 4.17");
	assert_string_equal(torture_opts_get(&o, "user2"), "other%pass2");
	assert_string_equal(torture_opts_get(&o, "guest"), "no");
	assert_null(torture_opts_get(&o, "nope"));
	e = torture_profile_find(&p, "session.expiry");
	assert_non_null(e);
	assert_int_equal(e->expect, TORTURE_EXPECT_FAIL);
	assert_string_equal(e->ref, "MS-SMB2 3.3.5.2.9");
	/* An exact name wins over an earlier glob. */
	e = torture_profile_find(&p, "lock.cancel");
	assert_int_equal(e->expect, TORTURE_EXPECT_SKIP);
	e = torture_profile_find(&p, "lock.range");
	assert_string_equal(e->variant, "windows");
	assert_int_equal(e->expect, TORTURE_EXPECT_NONE);
	assert_null(torture_profile_find(&p, "create.basic"));
	torture_profile_free(&p);
	torture_opts_free(&o);
}

/* Each bad profile, and the words its error must contain. */
static const struct {
	const char *text, *want;
} bad[] = {
	{ "[profile]\nname = x\n[a.b]\nreason = r\n", ":3: [a.b] says neither result nor variant" },
	{ "[profile]\nname = x\n[a.b]\nresult = fail\n", ":3: [a.b] gives no reason" },
	{ "[profile]\nname = x\n[a.b]\nresult = maybe\nreason = r\n", ":4: result \"maybe\"" },
	{ "[profile]\nname = x\n[a.b]\ncolour = red\n", ":4: unknown key \"colour\"" },
	{ "[profile]\nname = x\n[A.B]\nresult = fail\nreason = r\n", ":3: [A.B]" },
	{ "[profile]\nname = x\n[nodot]\n", ":3: [nodot]" },
	{ "[profile]\nname = x\n[a.b.c]\n", ":3: [a.b.c]" },
	{ "[profile\nname = x\n", ":1: bad section header" },
	{ "[profile] junk\n", ":1: bad section header" },
	{ "name = x\n", ":1: \"name\" outside a section" },
	{ "[profile]\nname\n", ":2: want KEY = VALUE" },
	{ "[profile]\nowner = me\n", ":2: unknown key \"owner\" in [profile]" },
	{ "[options]\nBad Key = 1\n", ":2: " },
	{ "[options]\nk = v\n", "no [profile] name" },
	{ "", "no [profile] name" },
	{ "[profile]\nname = x\n[a.b]\nresult = fail\nreason = r\n[a.b]\nresult = fail\nreason = r\n",
	  ":6: [a.b] already given at line 3" },
	{ "[profile]\nname = x\n[a.b]\nresult = fail\nreason = r\n[c.d]\n[e.f]\n",
	  ":6: [c.d] says neither" },
};

static void bad_profiles(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		static struct torture_profile p;
		struct torture_opts o = { 0 };
		char err[512] = "";

		if (load(bad[i].text, &p, &o, err, sizeof(err)) == 0)
			fail_msg("case %zu accepted", i);
		if (!strstr(err, bad[i].want) || !strstr(err, "/tmp/torture-profile-"))
			fail_msg("case %zu: \"%s\" lacks \"%s\"", i, err, bad[i].want);
		torture_profile_free(&p);
		torture_opts_free(&o);
	}
}

static void unreadable_and_long_lines(void **state)
{
	static struct torture_profile p;
	struct torture_opts o = { 0 };
	char err[512] = "", *big;

	(void)state;
	assert_int_equal(torture_profile_load(&p, "/nonexistent/x.conf", &o, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "/nonexistent/x.conf: No such file"));
	torture_profile_free(&p);
	big = malloc(TORTURE_MAX_LINE + 100);
	assert_non_null(big);
	memset(big, 'a', TORTURE_MAX_LINE + 50);
	memcpy(big, "[profile]\nname = ", 17);
	big[TORTURE_MAX_LINE + 50] = '\0';
	assert_int_equal(load(big, &p, &o, err, sizeof(err)), -1);
	assert_non_null(strstr(err, ":2: line longer than"));
	free(big);
	torture_profile_free(&p);
}

static void options(void **state)
{
	struct torture_opts o = { 0 };
	char err[256];

	(void)state;
	assert_int_equal(torture_opts_set(&o, "a=1", "t", err, sizeof(err)), 0);
	assert_int_equal(torture_opts_set(&o, "a=2", "t", err, sizeof(err)), 0);
	assert_int_equal(torture_opts_set(&o, "b=", "t", err, sizeof(err)), 0);
	assert_string_equal(torture_opts_get(&o, "a"), "2");
	assert_string_equal(torture_opts_get(&o, "b"), "");
	assert_int_equal(o.n, 2);
	/* Malformed twins. */
	assert_int_equal(torture_opts_set(&o, "novalue", "t", err, sizeof(err)), -1);
	assert_non_null(strstr(err, "want KEY=VALUE"));
	assert_int_equal(torture_opts_set(&o, "=v", "t", err, sizeof(err)), -1);
	assert_int_equal(torture_opts_set(&o, "K=v", "t", err, sizeof(err)), -1);
	assert_int_equal(torture_opts_set(&o, "a b=v", "t", err, sizeof(err)), -1);
	torture_opts_free(&o);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(good_profile),
		cmocka_unit_test(bad_profiles),
		cmocka_unit_test(unreadable_and_long_lines),
		cmocka_unit_test(options),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
