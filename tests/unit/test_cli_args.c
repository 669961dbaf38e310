/*
 * smbsim-client's pure parsing (sim-client/cli/cli_args.h): the command
 * line, service names, dialect and cipher names, -c splitting, word
 * splitting with quotes, and share paths against a current directory.
 * Each good input has malformed twins that must fail with a message and
 * leave the output untouched.
 */
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

#include "crypto/encrypt.h"
#include "sim-client/cli/cli_args.h"
#include "wire/smb2.h"

#define ARGV(...) ((char *const[]){ "smbsim-client", __VA_ARGS__ })
#define PARSE(o, err, ...) \
	clia_parse(sizeof(ARGV(__VA_ARGS__)) / sizeof(char *), ARGV(__VA_ARGS__), (o), (err), \
	           CLIA_ERR)

static void test_parse_full(void **state)
{
	struct clia_opts o;
	char err[CLIA_ERR] = "";

	(void)state;
	assert_int_equal(PARSE(&o, err, "//srv/share", "-U", "DOM\\alice%pa%ss", "-m", "SMB3_02",
	                       "--min-protocol=smb2_10", "-p", "4450", "--sign", "--encrypt",
	                       "AES-128-CCM", "-c", "ls; get a"),
	                 0);
	assert_string_equal(o.host, "srv");
	assert_string_equal(o.share, "share");
	assert_string_equal(o.domain, "DOM");
	assert_string_equal(o.user, "alice");
	/* Only the first % separates: the rest is password. */
	assert_string_equal(o.password, "pa%ss");
	assert_true(o.have_user && o.have_password && !o.no_pass);
	assert_int_equal(o.dialect_max, SMB2_DIALECT_302);
	assert_int_equal(o.dialect_min, SMB2_DIALECT_210);
	assert_int_equal(o.port, 4450);
	assert_true(o.sign && o.encrypt);
	assert_int_equal(o.cipher, SMB2_CIPHER_AES128_CCM);
	assert_string_equal(o.commands, "ls; get a");
	assert_false(o.help);
}

static void test_parse_forms(void **state)
{
	struct clia_opts o;
	char err[CLIA_ERR] = "";

	(void)state;
	/* Backslash service, attached values, -W, -N, defaults. */
	assert_int_equal(PARSE(&o, err, "-mSMB3", "\\\\host.example\\data\\", "-Ubob", "-W", "WG",
	                       "-N", "-e"),
	                 0);
	assert_string_equal(o.host, "host.example");
	assert_string_equal(o.share, "data");
	assert_string_equal(o.user, "bob");
	assert_string_equal(o.domain, "WG");
	assert_false(o.have_password);
	assert_true(o.no_pass && o.encrypt);
	assert_int_equal(o.cipher, 0);
	assert_int_equal(o.dialect_max, SMB2_DIALECT_311);
	assert_int_equal(o.port, CLIA_DEFAULT_PORT);
	assert_null(o.commands);

	/* --encrypt followed by something that is not a cipher leaves it. */
	assert_int_equal(PARSE(&o, err, "--encrypt", "//h/s", "-U", "u/x%"), 0);
	assert_true(o.encrypt);
	assert_int_equal(o.cipher, 0);
	assert_string_equal(o.host, "h");
	assert_string_equal(o.domain, "u");
	assert_string_equal(o.user, "x");
	assert_true(o.have_password);
	assert_string_equal(o.password, "");

	assert_int_equal(PARSE(&o, err, "//h/s", "--encrypt=aes-256-gcm", "--max-protocol",
	                       "SMB3_11"),
	                 0);
	assert_int_equal(o.cipher, SMB2_CIPHER_AES256_GCM);

	/* --help needs no service. */
	assert_int_equal(PARSE(&o, err, "--help"), 0);
	assert_true(o.help);
	assert_int_equal(PARSE(&o, err, "-h", "//h/s"), 0);
	assert_true(o.help);
}

/* Each bad command line fails, names the problem and leaves o untouched. */
static void test_parse_bad(void **state)
{
	static const struct {
		const char *args[6];
		const char *want; /* in the message */
	} bad[] = {
		{ { NULL }, "no service" },
		{ { "-U", "a%b" }, "no service" },
		{ { "//h" }, "no share" },
		{ { "//h/" }, "no share" },
		{ { "///s" }, "no host" },
		{ { "h/s" }, "must be" },
		{ { "/h/s" }, "must be" },
		{ { "//h/s/x" }, "more than" },
		{ { "//h/s//" }, "more than" },
		{ { "//h\tx/s" }, "control" },
		{ { "//h/s", "//h/t" }, "unexpected" },
		{ { "//h/s", "-m" }, "needs a value" },
		{ { "//h/s", "-U" }, "needs a value" },
		{ { "//h/s", "-c" }, "needs a value" },
		{ { "//h/s", "-m", "SMB4" }, "unknown dialect" },
		{ { "//h/s", "--min-protocol", "NT1" }, "unknown dialect" },
		{ { "//h/s", "-p", "0" }, "bad port" },
		{ { "//h/s", "-p", "65536" }, "bad port" },
		{ { "//h/s", "-p", "44x" }, "bad port" },
		{ { "//h/s", "-p", "-1" }, "bad port" },
		{ { "//h/s", "--bogus" }, "unknown option" },
		{ { "//h/s", "-x" }, "unknown option" },
		{ { "//h/s", "--encrypt=DES" }, "unknown cipher" },
		{ { "//h/s", "--min-protocol", "SMB3_11", "-m", "SMB2_02" }, "above" },
		{ { "//h/s", "-m", "SMB2_10", "--encrypt" }, "SMB3_00" },
		{ { "//h/s", "-m", "SMB3_02", "--encrypt", "AES-256-GCM" }, "needs SMB3_11" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		char *argv[8] = { "smbsim-client" };
		int argc = 1;
		struct clia_opts o, before;
		char err[CLIA_ERR] = "";

		for (; argc < 7 && bad[i].args[argc - 1]; argc++)
			argv[argc] = (char *)bad[i].args[argc - 1];
		memset(&o, 0x5a, sizeof(o));
		before = o;
		if (clia_parse(argc, argv, &o, err, sizeof(err)) != -1)
			fail_msg("case %zu (%s) parsed", i, bad[i].want);
		if (!strstr(err, bad[i].want))
			fail_msg("case %zu: message '%s' lacks '%s'", i, err, bad[i].want);
		assert_memory_equal(&o, &before, sizeof(o));
	}
}

static void test_parse_lengths(void **state)
{
	char host[CLIA_MAX_HOST + 8], user[CLIA_MAX_USER + 8];
	char *longc = malloc(CLIA_MAX_LINE + 1);
	struct clia_opts o;
	char err[CLIA_ERR] = "";

	(void)state;
	assert_non_null(longc);
	/* Host of exactly the maximum length, then one byte more. */
	memset(host, 0, sizeof(host));
	memcpy(host, "//", 2);
	memset(host + 2, 'h', CLIA_MAX_HOST - 1);
	memcpy(host + 2 + CLIA_MAX_HOST - 1, "/s", 3);
	assert_int_equal(PARSE(&o, err, host), 0);
	assert_int_equal(strlen(o.host), CLIA_MAX_HOST - 1);
	memmove(host + 3, host + 2, strlen(host + 2) + 1);
	host[2] = 'h';
	assert_int_equal(PARSE(&o, err, host), -1);
	assert_non_null(strstr(err, "host name longer"));

	memset(host, 0, sizeof(host));
	memcpy(host, "//h/", 4);
	memset(host + 4, 's', CLIA_MAX_SHARE);
	assert_int_equal(PARSE(&o, err, host), -1);
	assert_non_null(strstr(err, "share name longer"));

	/* CLIA_MAX_USER + 1 bytes: one more than any of the fields holds. */
	memset(user, 'u', CLIA_MAX_USER + 1);
	user[CLIA_MAX_USER + 1] = '\0';
	assert_int_equal(PARSE(&o, err, "//h/s", "-U", user), -1);
	assert_non_null(strstr(err, "user name longer"));
	user[0] = '%';
	assert_int_equal(PARSE(&o, err, "//h/s", "-U", user), -1);
	assert_non_null(strstr(err, "password longer"));
	user[0] = 'u';
	user[CLIA_MAX_USER] = '\\';
	assert_int_equal(PARSE(&o, err, "//h/s", "-U", user), -1);
	assert_non_null(strstr(err, "domain longer"));

	memset(longc, 'x', CLIA_MAX_LINE);
	longc[CLIA_MAX_LINE] = '\0';
	assert_int_equal(PARSE(&o, err, "//h/s", "-c", longc), -1);
	assert_non_null(strstr(err, "-c string longer"));
	longc[CLIA_MAX_LINE - 1] = '\0';
	assert_int_equal(PARSE(&o, err, "//h/s", "-c", longc), 0);
	free(longc);
}

static void test_names(void **state)
{
	uint16_t v = 0x1234;

	(void)state;
	assert_int_equal(clia_parse_dialect("SMB2_02", &v), 0);
	assert_int_equal(v, SMB2_DIALECT_202);
	assert_int_equal(clia_parse_dialect("smb3_00", &v), 0);
	assert_int_equal(v, SMB2_DIALECT_300);
	assert_int_equal(clia_parse_dialect("SMB2", &v), 0);
	assert_int_equal(v, SMB2_DIALECT_210);
	v = 0x1234;
	assert_int_equal(clia_parse_dialect("", &v), -1);
	assert_int_equal(clia_parse_dialect("SMB3_11 ", &v), -1);
	assert_int_equal(clia_parse_dialect("SMB3_1", &v), -1);
	assert_int_equal(v, 0x1234);
	assert_int_equal(clia_parse_cipher("AES-128-GCM", &v), 0);
	assert_int_equal(v, SMB2_CIPHER_AES128_GCM);
	assert_int_equal(clia_parse_cipher("AES-256-CCM", &v), 0);
	assert_int_equal(v, SMB2_CIPHER_AES256_CCM);
	assert_int_equal(clia_parse_cipher("AES-128", &v), -1);
	assert_int_equal(v, SMB2_CIPHER_AES256_CCM);
	assert_string_equal(clia_dialect_name(SMB2_DIALECT_311), "SMB3_11");
	assert_string_equal(clia_dialect_name(SMB2_DIALECT_202), "SMB2_02");
	assert_string_equal(clia_dialect_name(SMB2_DIALECT_WILDCARD), "unknown");
}

static void test_unc_direct(void **state)
{
	char h[8] = "old", s[4] = "old", err[CLIA_ERR];

	(void)state;
	assert_int_equal(clia_parse_unc("/\\ab/c\\", h, sizeof(h), s, sizeof(s), err, sizeof(err)),
	                 0);
	assert_string_equal(h, "ab");
	assert_string_equal(s, "c");
	/* Buffers smaller than the names: refused, untouched. */
	strcpy(h, "old");
	strcpy(s, "old");
	assert_int_equal(clia_parse_unc("//abcdefgh/c", h, sizeof(h), s, sizeof(s), err,
	                                sizeof(err)),
	                 -1);
	assert_int_equal(clia_parse_unc("//a/cdef", h, sizeof(h), s, sizeof(s), err, sizeof(err)),
	                 -1);
	assert_int_equal(clia_parse_unc("", h, sizeof(h), s, sizeof(s), err, sizeof(err)), -1);
	assert_int_equal(clia_parse_unc("/", h, sizeof(h), s, sizeof(s), err, sizeof(err)), -1);
	assert_int_equal(clia_parse_unc("//", h, sizeof(h), s, sizeof(s), err, sizeof(err)), -1);
	assert_string_equal(h, "old");
	assert_string_equal(s, "old");
}

/* ---- -c splitting -------------------------------------------------------- */

static void test_commands(void **state)
{
	const char *s = "ls; get \"a;b\" c ;;  ; put x";
	const char *want[] = { "ls", " get \"a;b\" c ", "", "  ", " put x" };
	char buf[64], err[CLIA_ERR];
	size_t pos = 0;

	(void)state;
	for (size_t i = 0; i < 5; i++) {
		assert_int_equal(clia_next_command(s, &pos, buf, sizeof(buf), err, sizeof(err)), 1);
		assert_string_equal(buf, want[i]);
	}
	assert_int_equal(clia_next_command(s, &pos, buf, sizeof(buf), err, sizeof(err)), 0);
	assert_int_equal(clia_next_command(s, &pos, buf, sizeof(buf), err, sizeof(err)), 0);

	/* Empty string: no command at all. */
	pos = 0;
	assert_int_equal(clia_next_command("", &pos, buf, sizeof(buf), err, sizeof(err)), 0);
	/* A trailing ';' ends the list. */
	pos = 0;
	assert_int_equal(clia_next_command("ls;", &pos, buf, sizeof(buf), err, sizeof(err)), 1);
	assert_int_equal(clia_next_command("ls;", &pos, buf, sizeof(buf), err, sizeof(err)), 0);

	/* Unterminated quote: an error, pos and buf unchanged. */
	pos = 0;
	strcpy(buf, "keep");
	assert_int_equal(clia_next_command("ls; get \"a; b", &pos, buf, sizeof(buf), err,
	                                   sizeof(err)),
	                 1);
	assert_int_equal(clia_next_command("ls; get \"a; b", &pos, buf, sizeof(buf), err,
	                                   sizeof(err)),
	                 -1);
	assert_non_null(strstr(err, "unterminated quote"));
	assert_string_equal(buf, "ls");
	assert_int_equal(pos, 3);

	/* A command longer than the buffer. */
	pos = 0;
	assert_int_equal(clia_next_command("0123456789; x", &pos, buf, 10, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "longer"));
	assert_int_equal(pos, 0);
	assert_int_equal(clia_next_command("012345678; x", &pos, buf, 10, err, sizeof(err)), 1);
	assert_string_equal(buf, "012345678");
}

static void test_split(void **state)
{
	struct clia_words *w = malloc(sizeof(*w));
	char err[CLIA_ERR];

	(void)state;
	assert_non_null(w);
	assert_int_equal(clia_split("  put  \"my file.txt\" dir\\x\"y z\"  \t", w, err,
	                            sizeof(err)),
	                 0);
	assert_int_equal(w->argc, 3);
	assert_string_equal(w->argv[0], "put");
	assert_string_equal(w->argv[1], "my file.txt");
	assert_string_equal(w->argv[2], "dir\\xy z");
	assert_true(w->argv[0] >= w->buf && w->argv[2] < w->buf + sizeof(w->buf));

	assert_int_equal(clia_split("", w, err, sizeof(err)), 0);
	assert_int_equal(w->argc, 0);
	assert_int_equal(clia_split(" \t\r\n", w, err, sizeof(err)), 0);
	assert_int_equal(w->argc, 0);
	/* An empty quoted word is a word. */
	assert_int_equal(clia_split("rm \"\"", w, err, sizeof(err)), 0);
	assert_int_equal(w->argc, 2);
	assert_string_equal(w->argv[1], "");
	free(w);
}

static void test_split_bad(void **state)
{
	struct clia_words *w = malloc(sizeof(*w)), *before = malloc(sizeof(*w));
	char *line = malloc(CLIA_MAX_LINE + 1);
	char err[CLIA_ERR];
	static const char *bad[] = {
		"get \"unterminated", "\"", "a b \"c d", "ls \x01", "ls\x1b[2J", "x\x7f",
		"1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17",
	};

	(void)state;
	assert_non_null(w);
	assert_non_null(before);
	assert_non_null(line);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		memset(w, 0x33, sizeof(*w));
		memcpy(before, w, sizeof(*w));
		err[0] = '\0';
		if (clia_split(bad[i], w, err, sizeof(err)) != -1)
			fail_msg("'%s' split", bad[i]);
		assert_true(err[0] != '\0');
		assert_memory_equal(w, before, sizeof(*w));
	}
	/* Exactly CLIA_MAX_WORDS words are fine. */
	assert_int_equal(clia_split("1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16", w, err, sizeof(err)),
	                 0);
	assert_int_equal(w->argc, CLIA_MAX_WORDS);
	/* Overlong line: refused; one byte shorter: fine (all one word). */
	memset(line, 'a', CLIA_MAX_LINE);
	line[CLIA_MAX_LINE] = '\0';
	assert_int_equal(clia_split(line, w, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "longer"));
	line[CLIA_MAX_LINE - 1] = '\0';
	assert_int_equal(clia_split(line, w, err, sizeof(err)), 0);
	assert_int_equal(w->argc, 1);
	assert_int_equal(strlen(w->argv[0]), CLIA_MAX_LINE - 1);
	/* Many short words separated by single blanks in a maximal line. */
	for (size_t i = 0; i < CLIA_MAX_LINE - 1; i++)
		line[i] = i % 2 ? ' ' : 'b';
	assert_int_equal(clia_split(line, w, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "words"));
	free(line);
	free(before);
	free(w);
}

/* ---- share paths --------------------------------------------------------- */

static void test_paths(void **state)
{
	static const struct {
		const char *cwd, *arg, *want;
	} ok[] = {
		{ "", "a", "a" },
		{ "", "a/b\\c", "a\\b\\c" },
		{ "a\\b", "c", "a\\b\\c" },
		{ "a\\b", "..", "a" },
		{ "a\\b", "../..", "" },
		{ "a\\b", "..\\x", "a\\x" },
		{ "a\\b", "\\x", "x" },
		{ "a\\b", "/", "" },
		{ "a\\b", ".", "a\\b" },
		{ "a\\b", "./c/./d/", "a\\b\\c\\d" },
		{ "a", "b//c\\\\d", "a\\b\\c\\d" },
		{ "", "", "" },
		{ "a", "", "a" },
		{ "a", "x*.txt", "a\\x*.txt" },
		{ "a", "...", "a\\..." },
	};
	char out[CLIA_MAX_PATH], err[CLIA_ERR];

	(void)state;
	for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		if (clia_path_resolve(ok[i].cwd, ok[i].arg, out, sizeof(out), err, sizeof(err)))
			fail_msg("'%s' + '%s': %s", ok[i].cwd, ok[i].arg, err);
		assert_string_equal(out, ok[i].want);
	}
}

static void test_paths_bad(void **state)
{
	char out[16], err[CLIA_ERR];
	char *big = malloc(CLIA_MAX_PATH + 2);

	(void)state;
	assert_non_null(big);
	strcpy(out, "keep");
	assert_int_equal(clia_path_resolve("", "..", out, sizeof(out), err, sizeof(err)), -1);
	assert_non_null(strstr(err, "above the share root"));
	assert_int_equal(clia_path_resolve("a", "../..", out, sizeof(out), err, sizeof(err)), -1);
	assert_int_equal(clia_path_resolve("a\\b", "\\..", out, sizeof(out), err, sizeof(err)), -1);
	assert_int_equal(clia_path_resolve("a", "b/../../..", out, sizeof(out), err, sizeof(err)),
	                 -1);
	/* Longer than the output buffer. */
	assert_int_equal(clia_path_resolve("abcdefgh", "ijklmnop", out, sizeof(out), err,
	                                   sizeof(err)),
	                 -1);
	assert_non_null(strstr(err, "too long"));
	assert_string_equal(out, "keep");
	/* Longer than CLIA_MAX_PATH whatever the output buffer. */
	memset(big, 'p', CLIA_MAX_PATH + 1);
	big[CLIA_MAX_PATH + 1] = '\0';
	{
		char *o2 = malloc(2 * CLIA_MAX_PATH);
		assert_non_null(o2);
		assert_int_equal(clia_path_resolve("", big, o2, 2 * CLIA_MAX_PATH, err, sizeof(err)),
		                 -1);
		/* Exactly CLIA_MAX_PATH - 1 bytes fit. */
		big[CLIA_MAX_PATH - 1] = '\0';
		assert_int_equal(clia_path_resolve("", big, o2, 2 * CLIA_MAX_PATH, err, sizeof(err)),
		                 0);
		assert_int_equal(strlen(o2), CLIA_MAX_PATH - 1);
		free(o2);
	}
	free(big);
}

static void test_path_split_display(void **state)
{
	char dir[8] = "keep", disp[8] = "keep";
	const char *base = NULL;

	(void)state;
	assert_int_equal(clia_path_split("a\\b\\c*", dir, sizeof(dir), &base), 0);
	assert_string_equal(dir, "a\\b");
	assert_string_equal(base, "c*");
	assert_int_equal(clia_path_split("x", dir, sizeof(dir), &base), 0);
	assert_string_equal(dir, "");
	assert_string_equal(base, "x");
	assert_int_equal(clia_path_split("a\\", dir, sizeof(dir), &base), 0);
	assert_string_equal(dir, "a");
	assert_string_equal(base, "");
	strcpy(dir, "keep");
	assert_int_equal(clia_path_split("abcdefgh\\x", dir, sizeof(dir), &base), -1);
	assert_string_equal(dir, "keep");

	assert_int_equal(clia_path_display("", disp, sizeof(disp)), 0);
	assert_string_equal(disp, "\\");
	assert_int_equal(clia_path_display("a\\b", disp, sizeof(disp)), 0);
	assert_string_equal(disp, "\\a\\b\\");
	assert_int_equal(clia_path_display("abcde", disp, sizeof(disp)), 0);
	assert_string_equal(disp, "\\abcde\\");
	assert_int_equal(clia_path_display("abcdef", disp, sizeof(disp)), -1);
	assert_string_equal(disp, "\\abcde\\");
	assert_int_equal(clia_path_display("", disp, 1), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_full),
		cmocka_unit_test(test_parse_forms),
		cmocka_unit_test(test_parse_bad),
		cmocka_unit_test(test_parse_lengths),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_unc_direct),
		cmocka_unit_test(test_commands),
		cmocka_unit_test(test_split),
		cmocka_unit_test(test_split_bad),
		cmocka_unit_test(test_paths),
		cmocka_unit_test(test_paths_bad),
		cmocka_unit_test(test_path_split_display),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
