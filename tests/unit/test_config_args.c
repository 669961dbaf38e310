/* The reference server's configuration (sim-server/config.h), the command
 * line side: the flags and their refusals, --help, flags on top of a file,
 * and passwords wiped from argv. The file reader is in test_config_file.c. */
#include "config_util.h"


struct args {
	char *v[32];
	int n;
};

static void args_init(struct args *a, const char *const *list)
{
	a->n = 0;
	a->v[a->n++] = strdup("smbsim-server");
	for (; *list; list++) {
		char *e = expand(*list);

		assert_true(a->n < 31);
		a->v[a->n++] = e;
	}
	a->v[a->n] = NULL;
}

static void args_free(struct args *a)
{
	for (int i = 0; i < a->n; i++)
		free(a->v[i]);
}

static enum srv_config_result run(const char *const *list, struct srv_config **out, char *err,
                                  size_t errlen)
{
	struct args a;
	enum srv_config_result r;

	args_init(&a, list);
	err[0] = 0;
	r = srv_config_from_args(a.n, a.v, out, err, errlen);
	args_free(&a);
	return r;
}

static void expect_args_error(const char *const *list, const char *want)
{
	struct srv_config *cfg = NULL;
	char err[512];
	char *w = expand(want);

	assert_int_equal(run(list, &cfg, err, sizeof(err)), SRV_CONFIG_ERROR);
	assert_null(cfg);
	if (strcmp(err, w))
		fail_msg("want: %s\ngot:  %s", w, err);
	free(w);
}

static char conf_path[320];

static void write_conf(const char *text)
{
	char *t = expand(text);
	FILE *f;

	snprintf(conf_path, sizeof(conf_path), "%s/smbsim.conf", tmp);
	f = fopen(conf_path, "w");
	assert_non_null(f);
	assert_int_equal(fwrite(t, 1, strlen(t), f), strlen(t));
	fclose(f);
	free(t);
}

static void test_flags(void **state)
{
	struct srv_config *cfg = NULL;
	char err[512];

	(void)state;
	{
		const char *const list[] = { "--listen", "127.0.0.10:445", "--listen=127.0.0.11:4445",
		                             "--share", "docs=@A", "--share=Data=@B",
		                             "--user", "alice:Password", "--user=bob:",
		                             "--control", "/tmp/ctl", "--state-dir=@B",
		                             "--option", "global.max credits=256",
		                             "--option=docs.read only=yes",
		                             "--option", "new.share.path=@B",
		                             NULL };

		assert_int_equal(run(list, &cfg, err, sizeof(err)), SRV_CONFIG_OK);
	}
	assert_int_equal(cfg->n_listen, 2);
	assert_string_equal(cfg->listen[1].text, "127.0.0.11:4445");
	assert_int_equal(cfg->n_shares, 3);
	assert_string_equal(srv_config_find_share(cfg, "DOCS")->path, dir_a);
	assert_true(srv_config_find_share(cfg, "docs")->read_only);
	assert_string_equal(srv_config_find_share(cfg, "data")->path, dir_b);
	/* The section name may hold dots: the key is after the last one. */
	assert_string_equal(srv_config_find_share(cfg, "new.share")->path, dir_b);
	assert_memory_equal(srv_config_find_user(cfg, "alice", NULL)->nt_hash, password_hash, 16);
	/* An empty password is a password (MD4 of nothing). */
	assert_true(srv_config_find_user(cfg, "bob", NULL)->has_hash);
	assert_string_equal(cfg->control_socket, "/tmp/ctl");
	assert_string_equal(cfg->state_dir, dir_b);
	assert_int_equal(cfg->max_credits, 256);
	srv_config_free(cfg);

	{
		const char *const none[] = { NULL };

		cfg = NULL;
		assert_int_equal(run(none, &cfg, err, sizeof(err)), SRV_CONFIG_OK);
		assert_int_equal(cfg->n_shares, 0);
		srv_config_free(cfg);
	}
}

static void test_flag_errors(void **state)
{
	(void)state;
	{ const char *const l[] = { "--bogus", NULL };
	  expect_args_error(l, "unknown option '--bogus' (see --help)"); }
	{ const char *const l[] = { "--share=x=@A", "stray", NULL };
	  expect_args_error(l, "unexpected argument 'stray' (see --help)"); }
	{ const char *const l[] = { "--share", NULL };
	  expect_args_error(l, "--share: missing value (--share NAME=PATH)"); }
	{ const char *const l[] = { "--listen", NULL };
	  expect_args_error(l, "--listen: missing value (--listen ADDR[:PORT])"); }
	{ const char *const l[] = { "--help=yes", NULL };
	  expect_args_error(l, "--help: takes no value"); }
	{ const char *const l[] = { "--share", "docs", NULL };
	  expect_args_error(l, "--share 'docs': expected NAME=PATH"); }
	{ const char *const l[] = { "--share", "d=@A", "--share", "D=@B", NULL };
	  expect_args_error(l, "--share D: share 'D' is given twice"); }
	{ const char *const l[] = { "--share", "d=/nonexistent-smbsim", NULL };
	  expect_args_error(l, "--share d: key 'path': '/nonexistent-smbsim' of share 'd' does "
	                       "not exist (No such file or directory)"); }
	{ const char *const l[] = { "--user", "alice", NULL };
	  expect_args_error(l, "--user: expected NAME:PASSWORD"); }
	{ const char *const l[] = { "--user", "a:x", "--user", "A:y", NULL };
	  expect_args_error(l, "--user A: user 'A' is given twice"); }
	{ const char *const l[] = { "--listen", "nowhere", NULL };
	  expect_args_error(l, "--listen: key 'listen': 'nowhere' is not an IPv4 address (or "
	                       "[IPv6])"); }
	{ const char *const l[] = { "--option", "maxcredits=5", NULL };
	  expect_args_error(l, "--option 'maxcredits': expected SECTION.KEY=VALUE"); }
	{ const char *const l[] = { "--option", "global.max credits", NULL };
	  expect_args_error(l, "--option 'global.max credits': expected SECTION.KEY=VALUE"); }
	{ const char *const l[] = { "--option", "global.max credits=5", NULL };
	  expect_args_error(l, "--option global.max credits: key 'max credits': 5 is out of "
	                       "range (128 to 65535)"); }
	{ const char *const l[] = { "--option", "global.colour=red", NULL };
	  expect_args_error(l, "--option global.colour: unknown key 'colour' in [global]"); }
	{ const char *const l[] = { "--option", "d.comment=x", NULL };
	  expect_args_error(l, "--option d.comment: share 'd' has no path"); }
	{ const char *const l[] = { "--state-dir", "@F", NULL };
	  expect_args_error(l, "--state-dir: key 'state directory': '@F' is not an existing "
	                       "directory"); }
	{ const char *const l[] = { "--config", "/nonexistent-smbsim.conf", NULL };
	  expect_args_error(l, "/nonexistent-smbsim.conf: cannot open: No such file or "
	                       "directory"); }
	{ const char *const l[] = { "--config", "@A", NULL };
	  expect_args_error(l, "@A: not a regular file"); }
	{ const char *const l[] = { "--config", "a", "--config=b", NULL };
	  expect_args_error(l, "--config: given twice ('a' and 'b')"); }
}

static void test_help(void **state)
{
	struct srv_config *cfg = NULL;
	char err[64], *text = NULL;
	size_t len = 0;
	FILE *f;

	(void)state;
	{
		/* --help wins wherever it is, and nothing is loaded. */
		const char *const l[] = { "--share", "x=/nonexistent", "--help", NULL };

		assert_int_equal(run(l, &cfg, err, sizeof(err)), SRV_CONFIG_HELP);
		assert_null(cfg);
	}
	f = open_memstream(&text, &len);
	assert_non_null(f);
	srv_config_usage(f, "smbsim-server");
	fclose(f);
	assert_non_null(strstr(text, "usage: smbsim-server [--config FILE]"));
	assert_non_null(strstr(text, "--share NAME=PATH"));
	assert_non_null(strstr(text, "--user NAME:PASSWORD"));
	assert_non_null(strstr(text, "--option SECTION.KEY=VALUE"));
	assert_non_null(strstr(text, "--listen ADDR[:PORT]"));
	assert_non_null(strstr(text, "--control PATH"));
	assert_non_null(strstr(text, "--state-dir DIR"));
	assert_non_null(strstr(text, "IPC$ is built in"));
	free(text);
}

/* Flags apply on top of the file: replace listen addresses, paths,
 * passwords and any key; add shares and users. */
static void test_file_and_flags(void **state)
{
	struct srv_config *cfg = NULL;
	char err[512];
	static const uint8_t zero[16];

	(void)state;
	write_conf("[global]\nlisten = 10.0.0.1\nlisten = 10.0.0.2\nmax credits = 1024\n"
	           "control socket = /tmp/file-ctl\n"
	           "[user:alice]\nnt hash = 00000000000000000000000000000000\n"
	           "[docs]\npath = @A\ncomment = from the file\n");
	{
		const char *const l[] = { "--listen", "127.0.0.10", "--config", conf_path,
		                          "--share", "DOCS=@B", "--user", "Alice:Password",
		                          "--user", "carol:pw", "--share", "more=@A",
		                          "--option", "global.max credits=2048",
		                          "--control", "/tmp/flag-ctl", NULL };

		assert_int_equal(run(l, &cfg, err, sizeof(err)), SRV_CONFIG_OK);
	}
	assert_int_equal(cfg->n_listen, 1);
	assert_string_equal(cfg->listen[0].text, "127.0.0.10:445");
	assert_int_equal(cfg->max_credits, 2048);
	assert_string_equal(cfg->control_socket, "/tmp/flag-ctl");
	assert_int_equal(cfg->n_shares, 2);
	assert_string_equal(srv_config_find_share(cfg, "docs")->path, dir_b);
	assert_string_equal(srv_config_find_share(cfg, "docs")->comment, "from the file");
	assert_string_equal(srv_config_find_share(cfg, "docs")->name, "docs");
	assert_int_equal(srv_config_find_share(cfg, "docs")->origin.line, 8);
	assert_int_equal(cfg->n_users, 2);
	assert_memory_equal(srv_config_find_user(cfg, "alice", NULL)->nt_hash, password_hash, 16);
	assert_memory_not_equal(srv_config_find_user(cfg, "carol", NULL)->nt_hash, zero, 16);
	srv_config_free(cfg);

	/* Without --listen the file's list stays. */
	{
		const char *const l[] = { "--config", conf_path, NULL };

		cfg = NULL;
		assert_int_equal(run(l, &cfg, err, sizeof(err)), SRV_CONFIG_OK);
		assert_int_equal(cfg->n_listen, 2);
		assert_int_equal(cfg->max_credits, 1024);
		srv_config_free(cfg);
	}
	/* A bad file names itself and the line. */
	write_conf("[global]\n\n[docs]\npath = @A\nread only = perhaps\n");
	{
		const char *const l[] = { "--config", conf_path, NULL };
		char want[512];

		snprintf(want, sizeof(want), "%s:5: key 'read only': 'perhaps' is not a boolean "
		         "(yes, no, true, false, 1 or 0)", conf_path);
		expect_args_error(l, want);
	}
	/* A flag can finish what the file left out, and --option can too. */
	write_conf("[docs]\ncomment = no path here\n[user:dave]\n");
	{
		const char *const l[] = { "--config", conf_path, NULL };
		char want[512];

		snprintf(want, sizeof(want), "%s:3: user 'dave' has neither password nor nt hash",
		         conf_path);
		expect_args_error(l, want);
	}
	{
		const char *const l[] = { "--config", conf_path, "--share", "docs=@A",
		                          "--option", "user:dave.password=secret", NULL };

		cfg = NULL;
		assert_int_equal(run(l, &cfg, err, sizeof(err)), SRV_CONFIG_OK);
		assert_string_equal(srv_config_find_share(cfg, "docs")->comment, "no path here");
		assert_true(srv_config_find_user(cfg, "dave", NULL)->has_hash);
		srv_config_free(cfg);
	}
}

/* The API contract on passwords: argv loses them (--user and --option
 * ...password=) on every outcome, and the config keeps only NT hashes. */
static void test_password_wiped(void **state)
{
	struct srv_config *cfg = NULL;
	struct args a;
	char err[256];
	const char *const ok_list[] = { "--user", "alice:Password", "--user=bob:s3cret",
	                                "--option", "user:carol.password=hidden",
	                                "--option", "user:carol.Nt_Hash=x", NULL };
	const char *const good_list[] = { "--user", "alice:Password", "--user=bob:s3cret",
	                                  "--option", "user:carol.password=hidden", NULL };
	const char *const bad_list[] = { "--user", "alice:Password", "--bogus", NULL };
	static const char zeros[16];

	(void)state;
	args_init(&a, ok_list);
	/* carol gets both a password and an nt hash: the bad hash is refused,
	 * and the passwords are wiped all the same. */
	assert_int_equal(srv_config_from_args(a.n, a.v, &cfg, err, sizeof(err)), SRV_CONFIG_ERROR);
	assert_string_equal(err, "--option user:carol.Nt_Hash: key 'nt hash': an NT hash is 32 "
	                         "hexadecimal digits");
	assert_string_equal(a.v[2], "alice:");
	assert_memory_equal(a.v[2] + 6, zeros, strlen("Password"));
	assert_string_equal(a.v[3], "--user=bob:");
	assert_memory_equal(a.v[3] + 11, zeros, strlen("s3cret"));
	assert_string_equal(a.v[5], "user:carol.password=");
	assert_memory_equal(a.v[5] + 20, zeros, strlen("hidden"));
	/* Not a password: left alone. */
	assert_string_equal(a.v[7], "user:carol.Nt_Hash=x");
	args_free(&a);

	args_init(&a, bad_list);
	assert_int_equal(srv_config_from_args(a.n, a.v, &cfg, err, sizeof(err)), SRV_CONFIG_ERROR);
	assert_string_equal(a.v[2], "alice:");
	args_free(&a);

	args_init(&a, good_list);
	assert_int_equal(srv_config_from_args(a.n, a.v, &cfg, err, sizeof(err)), SRV_CONFIG_OK);
	assert_memory_equal(srv_config_find_user(cfg, "alice", NULL)->nt_hash, password_hash, 16);
	/* Messages about a user never show the password. */
	assert_null(strstr(cfg->users[2].origin.file, "hidden"));
	srv_config_free(cfg);
	args_free(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_flags),
		cmocka_unit_test(test_flag_errors),
		cmocka_unit_test(test_help),
		cmocka_unit_test(test_file_and_flags),
		cmocka_unit_test(test_password_wiped),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
