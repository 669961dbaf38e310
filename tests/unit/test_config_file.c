/* The reference server's configuration (sim-server/config.h), the file
 * side: the ini reader, every refusal with its line and message, the value
 * forms, the lookups. The command line is in test_config_args.c. */
#include "config_util.h"

/* Load text (expanded) into a fresh config and run the checks. */
static bool load(const char *text, struct srv_config **out, char *err, size_t errlen)
{
	char *t = expand(text);
	struct srv_config *cfg = srv_config_new();
	bool ok;

	assert_non_null(cfg);
	err[0] = 0;
	ok = srv_config_load_string(cfg, "test.conf", t, strlen(t), err, errlen) &&
	     srv_config_check(cfg, err, errlen);
	free(t);
	if (ok && out)
		*out = cfg;
	else
		srv_config_free(cfg);
	return ok;
}

static void expect_error(const char *text, const char *want)
{
	char err[512];
	char *w = expand(want);

	if (load(text, NULL, err, sizeof(err)))
		fail_msg("accepted: %s", text);
	if (strcmp(err, w))
		fail_msg("for\n%s\nwant: %s\ngot:  %s", text, w, err);
	free(w);
}

static const char good_conf[] =
	"; smbsim test configuration\n"
	"# both comment styles\n"
	"[global]\n"
	"  listen = 127.0.0.10:445\n"
	"listen = 127.0.0.11\n"
	"listen = [::1]:4455\r\n"
	"netbios name = simsrv\n"
	"workgroup = Testing\n"
	"server min protocol = SMB2_10\n"
	"server max protocol = 0x0302\n"
	"server signing = required\n"
	"server encryption = desired\n"
	"encryption ciphers = AES-256-GCM, aes-128-ccm\n"
	"signing algorithms = AES-CMAC HMAC-SHA256\n"
	"max read size = 1M\n"
	"max_write_size = 64K\n"
	"Max Transact Size = 4194304\n"
	"max credits = 512\n"
	"max connections = 10\n"
	"guest account = nobody\n"
	"map to guest = bad user\n"
	"allow anonymous = yes\n"
	"session expiry = 2h\n"
	"durable handle timeout = 250ms\n"
	"lease break timeout = 1s\n"
	"state directory = @A\n"
	"control socket = \"/tmp/smbsim ctl\"\n"
	"\n"
	"[user:alice]\n"
	"password = Password\n"
	"[user:Bob]\n"
	"nt hash = A4F49C406510BDCAB6824EE7C30FD852\n"
	"[Docs]\n"
	"path = @A\n"
	"read only = TRUE\n"
	"encrypt = 1\n"
	"continuous availability = yes\n"
	"cluster = true\n"
	"scale out = no\n"
	"asymmetric = yes\n"
	"comment = \" the docs \"\n"
	"max connections = 3\n"
	"valid users = alice, bob nobody\n"
	"[data$]\n"
	"path = @B/\n";
static void test_good_config(void **state)
{
	struct srv_config *cfg;
	const struct srv_share *sh;
	const struct srv_user *u;
	char err[512];

	(void)state;
	if (!load(good_conf, &cfg, err, sizeof(err)))
		fail_msg("%s", err);
	assert_int_equal(cfg->n_listen, 3);
	assert_string_equal(cfg->listen[0].text, "127.0.0.10:445");
	assert_string_equal(cfg->listen[1].text, "127.0.0.11:445");
	assert_string_equal(cfg->listen[2].text, "[::1]:4455");
	assert_int_equal(cfg->listen[2].addr.ss_family, AF_INET6);
	assert_int_equal(ntohs(((struct sockaddr_in *)&cfg->listen[0].addr)->sin_port), 445);
	assert_string_equal(cfg->netbios_name, "SIMSRV");
	assert_string_equal(cfg->workgroup, "TESTING");
	assert_int_equal(cfg->min_dialect, SMB2_DIALECT_210);
	assert_int_equal(cfg->max_dialect, SMB2_DIALECT_302);
	assert_int_equal(cfg->signing, SRV_SIGNING_REQUIRED);
	assert_int_equal(cfg->encryption, SRV_ENCRYPT_DESIRED);
	assert_int_equal(cfg->n_ciphers, 2);
	assert_int_equal(cfg->ciphers[0], SMB2_CIPHER_AES256_GCM);
	assert_int_equal(cfg->ciphers[1], SMB2_CIPHER_AES128_CCM);
	assert_int_equal(cfg->n_sign_algs, 2);
	assert_int_equal(cfg->sign_algs[0], SMB2_SIGNING_AES_CMAC);
	assert_int_equal(cfg->sign_algs[1], SMB2_SIGNING_HMAC_SHA256);
	assert_int_equal(cfg->max_read, 1024 * 1024);
	assert_int_equal(cfg->max_write, 64 * 1024);
	assert_int_equal(cfg->max_transact, 4194304);
	assert_int_equal(cfg->max_credits, 512);
	assert_int_equal(cfg->max_connections, 10);
	assert_string_equal(cfg->guest_account, "nobody");
	assert_int_equal(cfg->map_to_guest, SRV_GUEST_BAD_USER);
	assert_true(cfg->allow_anonymous);
	assert_int_equal(cfg->session_expiry_ms, 2ull * 3600 * 1000);
	assert_int_equal(cfg->durable_timeout_ms, 250);
	assert_int_equal(cfg->lease_break_timeout_ms, 1000);
	assert_string_equal(cfg->state_dir, dir_a);
	assert_string_equal(cfg->control_socket, "/tmp/smbsim ctl");

	assert_int_equal(cfg->n_shares, 2);
	sh = srv_config_find_share(cfg, "DOCS");
	assert_non_null(sh);
	assert_ptr_equal(sh, srv_config_find_share(cfg, "docs"));
	assert_string_equal(sh->name, "Docs");
	assert_string_equal(sh->path, dir_a);
	assert_true(sh->read_only && sh->encrypt && sh->continuous_availability && sh->cluster);
	assert_false(sh->scale_out);
	assert_true(sh->asymmetric);
	assert_string_equal(sh->comment, " the docs ");
	assert_int_equal(sh->max_connections, 3);
	assert_int_equal(sh->origin.line, 33);
	assert_int_equal(sh->n_valid_users, 3);
	assert_true(srv_share_user_allowed(sh, "ALICE"));
	assert_false(srv_share_user_allowed(sh, "carol"));
	/* What TREE_CONNECT announces, by dialect. */
	assert_int_equal(srv_share_capabilities(sh, SMB2_DIALECT_210), 0);
	assert_int_equal(srv_share_capabilities(sh, SMB2_DIALECT_300),
	                 SMB2_SHARE_CAP_CONTINUOUS_AVAILABILITY | SMB2_SHARE_CAP_CLUSTER);
	assert_int_equal(srv_share_capabilities(sh, SMB2_DIALECT_311),
	                 SMB2_SHARE_CAP_CONTINUOUS_AVAILABILITY | SMB2_SHARE_CAP_CLUSTER |
	                 SMB2_SHARE_CAP_ASYMMETRIC);
	assert_int_equal(srv_share_flags(sh, SMB2_DIALECT_210), SMB2_SHAREFLAG_MANUAL_CACHING);
	assert_int_equal(srv_share_flags(sh, SMB2_DIALECT_302), SMB2_SHAREFLAG_ENCRYPT_DATA);
	sh = srv_config_find_share(cfg, "DATA$");
	assert_int_equal(srv_share_capabilities(sh, SMB2_DIALECT_311), 0);
	assert_int_equal(srv_share_flags(sh, SMB2_DIALECT_311), 0);
	assert_non_null(sh);
	/* The trailing slash is gone: the path is resolved. */
	assert_string_equal(sh->path, dir_b);
	assert_false(sh->read_only || sh->encrypt);
	assert_string_equal(sh->comment, "");
	assert_true(srv_share_user_allowed(sh, "anyone"));
	assert_null(srv_config_find_share(cfg, "IPC$"));
	assert_null(srv_config_find_share(cfg, "doc"));

	/* Both users have the NT hash of "Password", one from the password. */
	u = srv_config_find_user(cfg, "ALICE", "ANYDOMAIN");
	assert_non_null(u);
	assert_memory_equal(u->nt_hash, password_hash, 16);
	u = srv_config_find_user(cfg, "bob", NULL);
	assert_non_null(u);
	assert_string_equal(u->name, "Bob");
	assert_memory_equal(u->nt_hash, password_hash, 16);
	assert_null(srv_config_find_user(cfg, "nobody", NULL));
	srv_config_free(cfg);
}

static void test_defaults(void **state)
{
	struct srv_config *cfg = srv_config_new();
	char err[256];

	(void)state;
	assert_non_null(cfg);
	assert_int_equal(cfg->n_listen, 0);
	assert_string_equal(cfg->netbios_name, "SMBSIM");
	assert_int_equal(cfg->min_dialect, SMB2_DIALECT_202);
	assert_int_equal(cfg->max_dialect, SMB2_DIALECT_311);
	assert_int_equal(cfg->signing, SRV_SIGNING_ENABLED);
	assert_int_equal(cfg->encryption, SRV_ENCRYPT_OFF);
	assert_int_equal(cfg->n_ciphers, 4);
	assert_int_equal(cfg->ciphers[0], SMB2_CIPHER_AES128_GCM);
	assert_int_equal(cfg->n_sign_algs, 3);
	assert_int_equal(cfg->sign_algs[0], SMB2_SIGNING_AES_GMAC);
	assert_int_equal(cfg->max_read, 8 * 1024 * 1024);
	assert_int_equal(cfg->max_write, 8 * 1024 * 1024);
	assert_int_equal(cfg->max_transact, 8 * 1024 * 1024);
	assert_int_equal(cfg->max_credits, 8192);
	assert_int_equal(cfg->durable_timeout_ms, 60000);
	assert_int_equal(cfg->lease_break_timeout_ms, 35000);
	assert_int_equal(cfg->session_expiry_ms, 0);
	assert_int_equal(cfg->map_to_guest, SRV_GUEST_NEVER);
	assert_false(cfg->allow_anonymous);
	assert_null(cfg->state_dir);
	assert_null(cfg->control_socket);
	assert_true(srv_config_check(cfg, err, sizeof(err)));
	/* An empty file and a file of comments change nothing. */
	assert_true(srv_config_load_string(cfg, "empty", "", 0, err, sizeof(err)));
	assert_true(srv_config_load_string(cfg, "c", "; x\n\n  # y\n", 11, err, sizeof(err)));
	assert_int_equal(cfg->n_shares, 0);
	srv_config_free(cfg);
}

/* Every refusal names the file, the line, the key and the problem. */
static void test_errors(void **state)
{
	(void)state;
	expect_error("[global]\nfoo = 1\n", "test.conf:2: unknown key 'foo' in [global]");
	expect_error("[d]\npath = @A\nread only = maybe\n",
	             "test.conf:3: key 'read only': 'maybe' is not a boolean (yes, no, true, "
	             "false, 1 or 0)");
	expect_error("[global]\n\n[docs]\ncomment = x\n", "test.conf:3: share 'docs' has no path");
	expect_error("[a]\npath = @A\n[A]\npath = @B\n",
	             "test.conf:3: duplicate share [A] (first on line 1)");
	expect_error("[global]\n[global]\n", "test.conf:2: duplicate section [global] (first on "
	             "line 1)");
	expect_error("[user:x]\npassword=a\n[user:X]\n",
	             "test.conf:3: duplicate section [user:X] (first on line 1)");
	expect_error("[d]\npath = @A\nPath = @B\n",
	             "test.conf:3: duplicate key 'path' (first set on line 2)");
	expect_error("[global]\nmax credits = 70000\n",
	             "test.conf:2: key 'max credits': 70000 is out of range (128 to 65535)");
	expect_error("[global]\nmax credits = 100\n",
	             "test.conf:2: key 'max credits': 100 is out of range (128 to 65535)");
	expect_error("[global]\nmax credits = -1\n",
	             "test.conf:2: key 'max credits': '-1' is not a decimal number");
	expect_error("[global]\nmax credits = 99999999999999999999999\n",
	             "test.conf:2: key 'max credits': '99999999999999999999999' is not a "
	             "decimal number");
	expect_error("[global]\nmax read size = 16M\n",
	             "test.conf:2: key 'max read size': 16M is out of range (65536 to 8388608)");
	expect_error("[global]\nmax write size = 8X\n",
	             "test.conf:2: key 'max write size': '8X' is not a size (bytes, or a number "
	             "with K, M or G)");
	expect_error("[global]\nmax write size = 99999999999999999G\n",
	             "test.conf:2: key 'max write size': 99999999999999999G is out of range "
	             "(65536 to 8388608)");
	expect_error("[global]\nlease break timeout = 5 days\n",
	             "test.conf:2: key 'lease break timeout': '5 days' is not a duration "
	             "(seconds, or a number with ms, s, m or h)");
	expect_error("[global]\ndurable handle timeout = 25h\n",
	             "test.conf:2: key 'durable handle timeout': 25h is out of range (0 to "
	             "86400000 ms)");
	expect_error("[d]\npath = /nonexistent-smbsim/x\n",
	             "test.conf:2: key 'path': '/nonexistent-smbsim/x' of share 'd' does not "
	             "exist (No such file or directory)");
	expect_error("[d]\npath = @F\n", "test.conf:2: key 'path': '@F' of share 'd' is not a "
	             "directory");
	expect_error("[d]\npath = @A\nrequire signing = yes\n",
	             "test.conf:3: key 'require signing': SMB2 has no per-share signing "
	             "(MS-SMB2 3.3.5.2.4 signs per session); set 'server signing = required' "
	             "in [global]");
	expect_error("[global]\nserver min protocol = SMB3_11\nserver max protocol = SMB2_10\n",
	             "test.conf:3: server min protocol SMB3_11 is above server max protocol "
	             "SMB2_10");
	expect_error("[global]\nserver max protocol = SMB4\n",
	             "test.conf:2: key 'server max protocol': 'SMB4' is not a dialect (SMB2_02, "
	             "SMB2_10, SMB3_00, SMB3_02, SMB3_11, their 0x0202 forms or 2.0.2 .. 3.1.1)");
	expect_error("[global]\n[user:bob]\n",
	             "test.conf:2: user 'bob' has neither password nor nt hash");
	expect_error("[user:bob]\npassword = x\nnt hash = a4f49c406510bdcab6824ee7c30fd852\n",
	             "test.conf:3: key 'nt hash': the user already has password (line 2); give "
	             "one of password and nt hash");
	expect_error("[user:bob]\nnt hash = a4f49c406510bdcab6824ee7c30fd85\n",
	             "test.conf:2: key 'nt hash': an NT hash is 32 hexadecimal digits");
	expect_error("[user:bob]\nnt hash = g4f49c406510bdcab6824ee7c30fd852\n",
	             "test.conf:2: key 'nt hash': an NT hash is 32 hexadecimal digits");
	expect_error("[user:bob]\nhome = /x\n",
	             "test.conf:2: unknown key 'home' in a [user:NAME] section");
	expect_error("[user:b/d]\n", "test.conf:1: user name 'b/d' holds '/', which names may not");
	expect_error("path = @A\n", "test.conf:1: key 'path' outside any section (start with "
	             "[global] or a share)");
	expect_error("[global\n", "test.conf:1: section header '[global' does not end with ']'");
	expect_error("[  ]\n", "test.conf:1: empty section name");
	expect_error("[global]\nallow anonymous\n",
	             "test.conf:2: expected 'key = value' or '[section]', found 'allow anonymous'");
	expect_error("[global]\n = yes\n", "test.conf:2: missing key name before '='");
	expect_error("[d]\npath = @A\ncomment = \"half\n",
	             "test.conf:3: key 'comment': unbalanced or inner quotes in the value");
	expect_error("[d]\npath = @A\ncomment = \"a\"b\"\n",
	             "test.conf:3: key 'comment': unbalanced or inner quotes in the value");
	expect_error("[ipc$]\n", "test.conf:1: share IPC$ is built in and cannot be configured");
	expect_error("[a*b]\n", "test.conf:1: share name 'a*b' holds '*', which share names may "
	             "not");
	expect_error("[global]\nnetbios name = WAYTOOLONGNAME123\n",
	             "test.conf:2: key 'netbios name': 'WAYTOOLONGNAME123' must be 1 to 15 "
	             "characters");
	expect_error("[global]\nnetbios name = a.b\n",
	             "test.conf:2: key 'netbios name': 'a.b' may hold only letters, digits, '-' "
	             "and '_'");
	expect_error("[global]\nserver signing = auto\n",
	             "test.conf:2: key 'server signing': 'auto' is not one of disabled, enabled, "
	             "required");
	expect_error("[global]\nmap to guest = always\n",
	             "test.conf:2: key 'map to guest': 'always' is not one of never, bad user");
	expect_error("[global]\nencryption ciphers = AES-128-GCM, ROT13\n",
	             "test.conf:2: key 'encryption ciphers': 'ROT13' is not one of AES-128-GCM, "
	             "AES-128-CCM, AES-256-GCM, AES-256-CCM");
	expect_error("[global]\nsigning algorithms = AES-CMAC,aes-cmac\n",
	             "test.conf:2: key 'signing algorithms': 'aes-cmac' is listed twice");
	expect_error("[global]\nencryption ciphers = , ,\n",
	             "test.conf:2: key 'encryption ciphers': the list is empty");
	expect_error("[global]\nlisten = 127.0.0.1:0\n",
	             "test.conf:2: key 'listen': 0 is out of range (1 to 65535)");
	expect_error("[global]\nlisten = localhost:445\n",
	             "test.conf:2: key 'listen': 'localhost' is not an IPv4 address (or [IPv6])");
	expect_error("[global]\nlisten = ::1\n",
	             "test.conf:2: key 'listen': '::1': put an IPv6 address in brackets, "
	             "[ADDR]:PORT");
	expect_error("[global]\nlisten = [::1\n",
	             "test.conf:2: key 'listen': '[::1' is not [IPv6]:PORT");
	expect_error("[global]\nlisten = 10.0.0.1:445\nlisten = 10.0.0.1\n",
	             "test.conf:3: key 'listen': 10.0.0.1:445 is given twice");
	expect_error("[global]\nstate directory = @F\n",
	             "test.conf:2: key 'state directory': '@F' is not an existing directory");
	expect_error("[global]\ncontrol socket = /tmp/"
	             "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
	             "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n",
	             "test.conf:2: key 'control socket': a socket path must be 1 to 107 bytes");
	expect_error("[global]\nguest account = a:b\n",
	             "test.conf:2: guest account 'a:b' holds ':', which names may not");
	expect_error("[d]\npath = @A\nvalid users = alice\n",
	             "test.conf:3: valid users of share 'd' names 'alice', who is not a "
	             "configured user");
	expect_error("[d]\npath = @A\nvalid users = a,a\n",
	             "test.conf:3: key 'valid users': 'a' is listed twice");
	expect_error("[global]\nserver max protocol = SMB2_10\n[d]\npath = @A\nencrypt = yes\n",
	             "test.conf:3: share 'd': 'encrypt' needs SMB3_00 or later, but server max "
	             "protocol is SMB2_10");
	expect_error("[global]\nserver max protocol = 3.0\n[d]\npath = @A\nasymmetric = yes\n",
	             "test.conf:3: share 'd': 'asymmetric' needs SMB3_02 or later, but server max "
	             "protocol is SMB3_00");
	expect_error("[global]\nserver encryption = required\nserver max protocol = 2.1\n",
	             "test.conf:2: server encryption = required needs SMB3_00 or later, but "
	             "server max protocol is SMB2_10");
	expect_error("[global]\nmax connections = 0\n",
	             "test.conf:2: key 'max connections': 0 is out of range (1 to 65536)");
	expect_error("[global]\nnetbios name = \xc3\x28\n", "test.conf:2: line is not valid UTF-8");
}

/* Limits of the reader itself: line length, NUL bytes, file size. */
static void test_reader_limits(void **state)
{
	char err[256];
	struct srv_config *cfg = srv_config_new();
	char *big = malloc(SRV_CFG_MAX_FILE + 2);
	size_t n;

	(void)state;
	assert_non_null(cfg);
	assert_non_null(big);
	/* A line of exactly SRV_CFG_MAX_LINE bytes is fine, one more is not. */
	n = (size_t)snprintf(big, 64, "[d]\n; ");
	memset(big + n, 'c', SRV_CFG_MAX_LINE - 2);
	n += SRV_CFG_MAX_LINE - 2;
	big[n++] = '\n';
	assert_true(srv_config_load_string(cfg, "t", big, n, err, sizeof(err)));
	srv_config_free(cfg);
	cfg = srv_config_new();
	big[n - 1] = 'c';
	big[n++] = '\n';
	assert_false(srv_config_load_string(cfg, "t", big, n, err, sizeof(err)));
	assert_string_equal(err, "t:2: line is longer than 1024 bytes");
	srv_config_free(cfg);

	cfg = srv_config_new();
	assert_false(srv_config_load_string(cfg, "t", "[global]\nx\0y = 1\n", 16, err,
	                                    sizeof(err)));
	assert_string_equal(err, "t:2: line holds a NUL byte");
	srv_config_free(cfg);

	/* A file past the limit is refused before any line is read. */
	memset(big, '\n', SRV_CFG_MAX_FILE + 1);
	cfg = srv_config_new();
	assert_false(srv_config_load_string(cfg, "t", big, SRV_CFG_MAX_FILE + 1, err,
	                                    sizeof(err)));
	assert_string_equal(err, "t: the file is larger than 1048576 bytes");
	assert_true(srv_config_load_string(cfg, "t", big, SRV_CFG_MAX_FILE, err, sizeof(err)));
	srv_config_free(cfg);

	/* A message longer than the caller's buffer is cut, never overrun. */
	cfg = srv_config_new();
	memset(err, 'Z', sizeof(err));
	assert_false(srv_config_load_string(cfg, "t", "[global]\nbad = 1\n", 17, err, 8));
	assert_string_equal(err, "t:2: un");
	assert_int_equal(err[8], 'Z');
	srv_config_free(cfg);
	free(big);
}

/* Forms of values that are accepted. */
static void test_value_forms(void **state)
{
	static const struct { const char *v; uint16_t d; } forms[] = {
		{ "SMB2_02", SMB2_DIALECT_202 }, { "smb2_10", SMB2_DIALECT_210 },
		{ "0x0300", SMB2_DIALECT_300 }, { "3.0.2", SMB2_DIALECT_302 },
		{ "0X0311", SMB2_DIALECT_311 }, { "2.0.2", SMB2_DIALECT_202 },
	};
	char text[128], err[256];
	struct srv_config *cfg;

	(void)state;
	for (size_t i = 0; i < sizeof(forms) / sizeof(forms[0]); i++) {
		snprintf(text, sizeof(text), "[global]\nserver min protocol = %s\n", forms[i].v);
		assert_true(load(text, &cfg, err, sizeof(err)));
		assert_int_equal(cfg->min_dialect, forms[i].d);
		srv_config_free(cfg);
	}
	assert_true(load("[global]\nsession expiry = 0\nlease break timeout = 2m\n"
	                 "durable handle timeout = 7\nmax read size = 65536\n"
	                 "max write size = 8m\nallow_anonymous = False\nSERVER_SIGNING = Disabled\n"
	                 "server encryption = off\n\t\t\n",
	                 &cfg, err, sizeof(err)));
	assert_int_equal(cfg->session_expiry_ms, 0);
	assert_int_equal(cfg->lease_break_timeout_ms, 120000);
	assert_int_equal(cfg->durable_timeout_ms, 7000);
	assert_int_equal(cfg->max_read, 65536);
	assert_int_equal(cfg->max_write, 8 * 1024 * 1024);
	assert_false(cfg->allow_anonymous);
	assert_int_equal(cfg->signing, SRV_SIGNING_DISABLED);
	srv_config_free(cfg);
	assert_string_equal(srv_cipher_name(SMB2_CIPHER_AES256_CCM), "AES-256-CCM");
	assert_string_equal(srv_sign_alg_name(SMB2_SIGNING_AES_GMAC), "AES-GMAC");
	assert_string_equal(srv_dialect_name(SMB2_DIALECT_210), "SMB2_10");
	assert_string_equal(srv_dialect_name(0x0400), "unknown dialect");
}

/* The lookups that SESSION_SETUP uses, through the NTLMSSP server config. */
static void test_ntlm_lookup(void **state)
{
	struct srv_config *cfg;
	struct ntlmssp_server_cfg ncfg;
	uint8_t h[16];
	char err[256];

	(void)state;
	assert_true(load("[global]\nnetbios name = box\nmap to guest = bad user\n"
	                 "[user:Alice]\npassword = Password\n", &cfg, err, sizeof(err)));
	srv_config_ntlmssp(cfg, &ncfg);
	assert_string_equal(ncfg.netbios_name, "BOX");
	assert_string_equal(ncfg.netbios_domain, "WORKGROUP");
	assert_true(ncfg.allow_guest);
	assert_false(ncfg.allow_anonymous);
	assert_ptr_equal(ncfg.lookup, srv_config_ntlm_lookup);
	memset(h, 0, sizeof(h));
	assert_status(ncfg.lookup(ncfg.lookup_arg, "alice", "WORKGROUP", h), STATUS_SUCCESS);
	assert_memory_equal(h, password_hash, 16);
	assert_status(ncfg.lookup(ncfg.lookup_arg, "ALICE", "", h), STATUS_SUCCESS);
	assert_status(ncfg.lookup(ncfg.lookup_arg, "mallory", "", h), STATUS_NO_SUCH_USER);
	assert_status(ncfg.lookup(ncfg.lookup_arg, "", NULL, h), STATUS_NO_SUCH_USER);
	srv_config_free(cfg);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_good_config),
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_reader_limits),
		cmocka_unit_test(test_value_forms),
		cmocka_unit_test(test_ntlm_lookup),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
