/*
 * The configuration as the server applies it, over lib/net/mem.h:
 * `valid users` per share (STATUS_ACCESS_DENIED, MS-SMB2 3.3.5.7), `max
 * connections` per share (Share.MaxUses: STATUS_REQUEST_NOT_ACCEPTED,
 * counted over every session and given back by TREE_DISCONNECT, LOGOFF
 * and a dropped connection), `map to guest` and `guest account`, and an
 * ini string loaded with srv_config_load_string that a server is started
 * from (read only, session expiry, the durable and lease timeouts carried
 * into the settings).  Also reauthentication (a second SESSION_SETUP on a
 * valid or expired session: the same user keeps the keys and the trees,
 * another user is refused and the session removed, 3.3.5.5.3) and LOGOFF
 * (3.3.5.6: every later request on the session gets
 * STATUS_USER_SESSION_DELETED, its trees and opens are gone, other
 * sessions keep theirs).
 */
#include "srv_io_util.h"

#include "sim-server/config.h"
#include "wire/create.h"

#define RW (SMB2_FILE_READ_DATA | SMB2_FILE_WRITE_DATA)
#define ACCESS_READ 0x001200A9u   /* MaximalAccess of a read-only share */
#define ACCESS_ALL 0x001F01FFu

static struct io_env env;

/* Server with the file handlers over env.dir, from env.e.set (whose share
 * paths are set to env.dir here). */
static void start_with(struct srv_settings *set)
{
	env.e.set = *set;
	for (unsigned i = 0; i < env.e.set.share_count; i++)
		strcpy(env.e.set.shares[i].path, env.dir);
	h_env_start(&env.e);
	assert_int_equal(srv_file_handlers_register(env.e.srv), STATUS_SUCCESS);
}

static int setup(void **state)
{
	(void)state;
	memset(&env, 0, sizeof(env));
	strcpy(env.dir, "/tmp/smbsim-cfg-XXXXXX");
	assert_non_null(mkdtemp(env.dir));
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	if (env.e.srv)
		h_env_stop(&env.e);
	assert_int_equal(nftw(env.dir, io_rm_one, 16, FTW_DEPTH | FTW_PHYS), 0);
	return 0;
}

/* h_settings plus a second user "bob" (users[1]). */
static void two_users(struct srv_settings *s)
{
	h_settings(s);
	strcpy(s->users[1].name, "bob");
	assert_int_equal(ntlm_nt_hash("bobpass", s->users[1].nt_hash), STATUS_SUCCESS);
	s->user_count = 2;
}

static void session(struct h_conn *c, uint16_t dialect, const char *user, const char *pass)
{
	h_connect(&env.e, c);
	assert_int_equal(h_neg(&env.e, c, dialect), dialect);
	assert_status(h_logon(&env.e, c, user, pass, NULL), STATUS_SUCCESS);
}

static unsigned open_count(void)
{
	struct srv_stats st;

	srv_server_stats(env.e.srv, &st);
	return st.opens;
}

/* Forget c's keys before another logon on the same connection. */
static void drop_keys(struct h_conn *c)
{
	smb2_signer_free(c->signer);
	smb2_cipher_free(c->enc);
	smb2_cipher_free(c->dec);
	c->signer = NULL;
	c->enc = c->dec = NULL;
	c->sign = c->encrypt = false;
}

/* ---- valid users -------------------------------------------------------- */

static void test_valid_users(void **state)
{
	static struct srv_settings s;
	struct smb2_tree_connect_rsp t;
	struct h_conn a, b;

	(void)state;
	two_users(&s);
	/* "share": bob only; "secret" (no list): everyone; a third share
	 * for bob and the guest account. */
	s.shares[0].restrict_users = true;
	s.shares[0].valid_users = 1u << 1;
	s.shares[1].encrypt = false;
	s.share_count = 3;
	strcpy(s.shares[2].name, "guests");
	s.shares[2].restrict_users = true;
	s.shares[2].valid_users = 1u << 1;
	s.shares[2].valid_guest = true;
	s.allow_guest = true;
	start_with(&s);

	session(&a, SMB2_DIALECT_311, "user", "pass");
	assert_status(h_tree(&env.e, &a, "\\\\srv\\share", NULL), STATUS_ACCESS_DENIED);
	assert_status(h_tree(&env.e, &a, "\\\\srv\\guests", NULL), STATUS_ACCESS_DENIED);
	assert_status(h_tree(&env.e, &a, "\\\\srv\\secret", NULL), STATUS_SUCCESS);
	/* IPC$ is not a configured share: no list applies. */
	assert_status(h_tree(&env.e, &a, "\\\\srv\\IPC$", NULL), STATUS_SUCCESS);
	/* An unknown share is still BAD_NETWORK_NAME, not ACCESS_DENIED. */
	assert_status(h_tree(&env.e, &a, "\\\\srv\\nosuch", NULL), STATUS_BAD_NETWORK_NAME);
	h_conn_free(&a);

	/* Names compare case-insensitively, as at logon. */
	session(&b, SMB2_DIALECT_210, "BOB", "bobpass");
	memset(&t, 0, sizeof(t));
	assert_status(h_tree(&env.e, &b, "\\\\srv\\SHARE", &t), STATUS_SUCCESS);
	assert_int_equal(t.maximal_access, ACCESS_ALL);
	assert_status(h_tree(&env.e, &b, "\\\\srv\\guests", NULL), STATUS_SUCCESS);
	assert_status(h_tree(&env.e, &b, "\\\\srv\\secret", NULL), STATUS_SUCCESS);
	h_conn_free(&b);

	/* A guest: only where the guest account is listed (or no list). */
	{
		uint16_t flags = 0;
		h_connect(&env.e, &a);
		h_neg(&env.e, &a, SMB2_DIALECT_311);
		assert_status(h_logon(&env.e, &a, "stranger", "x", &flags), STATUS_SUCCESS);
		assert_int_equal(flags, SMB2_SESSION_FLAG_IS_GUEST);
		assert_status(h_tree(&env.e, &a, "\\\\srv\\share", NULL), STATUS_ACCESS_DENIED);
		assert_status(h_tree(&env.e, &a, "\\\\srv\\guests", NULL), STATUS_SUCCESS);
		assert_status(h_tree(&env.e, &a, "\\\\srv\\secret", NULL), STATUS_SUCCESS);
		h_conn_free(&a);
	}
	/* A guest whose claimed name is a listed user is still a guest:
	 * "bob" with a wrong password fails (bad user maps only unknown
	 * names). */
	h_connect(&env.e, &a);
	h_neg(&env.e, &a, SMB2_DIALECT_311);
	assert_status(h_logon(&env.e, &a, "bob", "wrong", NULL), STATUS_LOGON_FAILURE);
	h_conn_free(&a);
}

/* ---- max connections ---------------------------------------------------- */

static void test_max_connections(void **state)
{
	static struct srv_settings s;
	struct h_conn a, b;
	uint32_t t1, t2;

	(void)state;
	two_users(&s);
	s.shares[0].max_connections = 2;
	s.shares[1].encrypt = false;
	start_with(&s);

	session(&a, SMB2_DIALECT_311, "user", "pass");
	session(&b, SMB2_DIALECT_302, "bob", "bobpass");
	/* Two tree connects of one session both count (CurrentUses). */
	assert_status(h_tree(&env.e, &a, "\\\\srv\\share", NULL), STATUS_SUCCESS);
	t1 = a.tree_id;
	assert_status(h_tree(&env.e, &a, "\\\\srv\\share", NULL), STATUS_SUCCESS);
	t2 = a.tree_id;
	assert_int_not_equal(t1, t2);
	assert_status(h_tree(&env.e, &b, "\\\\srv\\share", NULL), STATUS_REQUEST_NOT_ACCEPTED);
	assert_status(h_tree(&env.e, &a, "\\\\srv\\SHARE", NULL), STATUS_REQUEST_NOT_ACCEPTED);
	/* Other shares and IPC$ have no limit. */
	assert_status(h_tree(&env.e, &b, "\\\\srv\\secret", NULL), STATUS_SUCCESS);
	assert_status(h_tree(&env.e, &b, "\\\\srv\\IPC$", NULL), STATUS_SUCCESS);
	/* TREE_DISCONNECT gives one back. */
	a.tree_id = t1;
	assert_status(h_simple(&env.e, &a, SMB2_TREE_DISCONNECT), STATUS_SUCCESS);
	assert_status(h_tree(&env.e, &b, "\\\\srv\\share", NULL), STATUS_SUCCESS);
	assert_status(h_tree(&env.e, &b, "\\\\srv\\share", NULL), STATUS_REQUEST_NOT_ACCEPTED);
	/* LOGOFF gives back the session's trees. */
	a.tree_id = t2;
	assert_status(h_simple(&env.e, &a, SMB2_LOGOFF), STATUS_SUCCESS);
	assert_status(h_tree(&env.e, &b, "\\\\srv\\share", NULL), STATUS_SUCCESS);
	assert_status(h_tree(&env.e, &b, "\\\\srv\\share", NULL), STATUS_REQUEST_NOT_ACCEPTED);
	h_conn_free(&a);
	/* A dropped connection gives back both of b's. */
	h_conn_free(&b);
	h_settle(&env.e);
	session(&a, SMB2_DIALECT_210, "user", "pass");
	assert_status(h_tree(&env.e, &a, "\\\\srv\\share", NULL), STATUS_SUCCESS);
	assert_status(h_tree(&env.e, &a, "\\\\srv\\share", NULL), STATUS_SUCCESS);
	assert_status(h_tree(&env.e, &a, "\\\\srv\\share", NULL), STATUS_REQUEST_NOT_ACCEPTED);
	h_conn_free(&a);
}

/* ---- configuration text ------------------------------------------------- */

/* Load `tmpl` with each "@DIR@" replaced by the share directory, check
 * it and turn it into settings; false with err filled on failure. */
static bool settings_from_ini(const char *tmpl, struct srv_settings *out, char *err,
                              size_t errlen)
{
	struct srv_config *cfg = srv_config_new();
	char text[4096];
	size_t n = 0, dl = strlen(env.dir);
	bool ok;

	assert_non_null(cfg);
	for (const char *p = tmpl; *p;) {
		if (strncmp(p, "@DIR@", 5) == 0) {
			assert_true(n + dl < sizeof(text));
			memcpy(text + n, env.dir, dl);
			n += dl;
			p += 5;
		} else {
			assert_true(n + 1 < sizeof(text));
			text[n++] = *p++;
		}
	}
	text[n] = 0;
	ok = srv_config_load_string(cfg, "test.conf", text, strlen(text), err, errlen) &&
	     srv_config_check(cfg, err, errlen) && srv_settings_from_config(cfg, out, err, errlen);
	srv_config_free(cfg);
	return ok;
}

static void test_guest_mapping(void **state)
{
	static struct srv_settings s;
	static const char never[] = "[global]\n"
	                            "map to guest = never\n"
	                            "[user:alice]\npassword = secret\n"
	                            "[data]\npath = @DIR@\n";
	static const char bad_user[] = "[global]\n"
	                               "map to guest = bad user\n"
	                               "guest account = nobody\n"
	                               "[user:alice]\npassword = secret\n"
	                               "[data]\npath = @DIR@\n"
	                               "[guestonly]\npath = @DIR@\nvalid users = nobody\n";
	char err[256];
	struct h_conn c;
	uint16_t flags = 0;

	(void)state;
	/* never: an unknown name is a failed logon. */
	assert_true(settings_from_ini(never, &s, err, sizeof(err)));
	assert_false(s.allow_guest);
	assert_string_equal(s.guest_account, "guest");
	start_with(&s);
	h_connect(&env.e, &c);
	h_neg(&env.e, &c, SMB2_DIALECT_311);
	assert_status(h_logon(&env.e, &c, "stranger", "x", NULL), STATUS_LOGON_FAILURE);
	assert_status(h_logon(&env.e, &c, "alice", "secret", &flags), STATUS_SUCCESS);
	assert_int_equal(flags, 0);
	h_conn_free(&c);
	h_env_stop(&env.e);
	env.e.srv = NULL;

	/* bad user: an unknown name logs on as the guest account; a known
	 * name with a wrong password still fails. */
	assert_true(settings_from_ini(bad_user, &s, err, sizeof(err)));
	assert_true(s.allow_guest);
	assert_string_equal(s.guest_account, "nobody");
	assert_true(s.shares[1].restrict_users && s.shares[1].valid_guest);
	assert_true(s.shares[1].valid_users == 0);
	start_with(&s);
	h_connect(&env.e, &c);
	h_neg(&env.e, &c, SMB2_DIALECT_311);
	assert_status(h_logon(&env.e, &c, "alice", "wrong", NULL), STATUS_LOGON_FAILURE);
	assert_status(h_logon(&env.e, &c, "stranger", "x", &flags), STATUS_SUCCESS);
	assert_int_equal(flags, SMB2_SESSION_FLAG_IS_GUEST);
	{
		struct srv_session *ss = srv_session_lookup(env.e.srv, c.session_id);
		assert_non_null(ss);
		assert_true(ss->guest);
		assert_string_equal(ss->user, "nobody");
	}
	assert_status(h_tree(&env.e, &c, "\\\\srv\\guestonly", NULL), STATUS_SUCCESS);
	assert_status(h_tree(&env.e, &c, "\\\\srv\\data", NULL), STATUS_SUCCESS);
	/* alice is not in guestonly's list. */
	drop_keys(&c);
	assert_status(h_logon(&env.e, &c, "alice", "secret", &flags), STATUS_SUCCESS);
	assert_status(h_tree(&env.e, &c, "\\\\srv\\guestonly", NULL), STATUS_ACCESS_DENIED);
	assert_status(h_tree(&env.e, &c, "\\\\srv\\data", NULL), STATUS_SUCCESS);
	h_conn_free(&c);
}

/* An ini string all the way to a running server. */
static void test_end_to_end(void **state)
{
	static struct srv_settings s;
	static const char ini[] = "[global]\n"
	                          "netbios name = cfgtest\n"
	                          "server max protocol = SMB3_02\n"
	                          "session expiry = 90s\n"
	                          "durable handle timeout = 2m\n"
	                          "lease break timeout = 250ms\n"
	                          "[user:alice]\npassword = secret\n"
	                          "[user:Bob]\npassword = hunter2\n"
	                          "[docs]\npath = @DIR@\nread only = yes\n"
	                          "[team]\npath = @DIR@\nvalid users = bob\nmax connections = 1\n";
	struct smb2_tree_connect_rsp t;
	struct smb2_fileid fid;
	char err[256];
	struct h_conn a, b;
	struct smb2_msg rsp;
	static const uint16_t d311 = SMB2_DIALECT_311;

	(void)state;
	assert_true(settings_from_ini(ini, &s, err, sizeof(err)));
	assert_string_equal(s.netbios_name, "CFGTEST");
	assert_int_equal(s.max_dialect, SMB2_DIALECT_302);
	assert_int_equal(s.session_expiry_s, 90);
	assert_int_equal(s.durable_timeout_ms, 120000);
	assert_int_equal(s.lease_break_timeout_ms, 250);
	assert_int_equal(s.user_count, 2);
	assert_int_equal(s.share_count, 2);
	assert_true(s.shares[0].read_only);
	assert_false(s.shares[0].restrict_users);
	assert_int_equal(s.shares[1].max_connections, 1);
	assert_true(s.shares[1].restrict_users);
	assert_true(s.shares[1].valid_users == 1u << 1);
	assert_false(s.shares[1].valid_guest);
	start_with(&s);

	/* The dialect limit applies. */
	h_connect(&env.e, &a);
	assert_status(h_negotiate(&env.e, &a, &d311, 1, NULL, 0, NULL, 0, &rsp),
	              STATUS_NOT_SUPPORTED);
	h_conn_free(&a);

	/* read only: MaximalAccess without write rights, writes refused,
	 * reads allowed. */
	session(&a, SMB2_DIALECT_302, "alice", "secret");
	memset(&t, 0, sizeof(t));
	assert_status(h_tree(&env.e, &a, "\\\\cfgtest\\docs", &t), STATUS_SUCCESS);
	assert_int_equal(t.maximal_access, ACCESS_READ);
	assert_status(io_create(&env, &a, "new.txt", RW, SMB2_FILE_CREATE, 0, NULL),
	              STATUS_ACCESS_DENIED);
	{
		char p[128];
		FILE *f;
		snprintf(p, sizeof(p), "%s/old.txt", env.dir);
		f = fopen(p, "w");
		assert_non_null(f);
		fputs("x", f);
		fclose(f);
	}
	assert_status(io_create(&env, &a, "old.txt", SMB2_FILE_READ_DATA, SMB2_FILE_OPEN, 0, &fid),
	              STATUS_SUCCESS);
	assert_status(io_close(&env, &a, fid), STATUS_SUCCESS);
	/* valid users: alice is not bob. */
	assert_status(h_tree(&env.e, &a, "\\\\cfgtest\\team", NULL), STATUS_ACCESS_DENIED);

	/* max connections = 1 on team, for bob (configured as "Bob"). */
	session(&b, SMB2_DIALECT_300, "bob", "hunter2");
	assert_status(h_tree(&env.e, &b, "\\\\cfgtest\\team", &t), STATUS_SUCCESS);
	assert_int_equal(t.maximal_access, ACCESS_ALL);
	assert_status(h_tree(&env.e, &b, "\\\\cfgtest\\team", NULL), STATUS_REQUEST_NOT_ACCEPTED);

	/* session expiry = 90 s comes through. */
	env.e.now += 89;
	assert_status(h_tree(&env.e, &a, "\\\\cfgtest\\docs", NULL), STATUS_SUCCESS);
	env.e.now += 2;
	assert_status(h_tree(&env.e, &a, "\\\\cfgtest\\docs", NULL),
	              STATUS_NETWORK_SESSION_EXPIRED);
	h_conn_free(&a);
	h_conn_free(&b);
}

/* max read/write/transact size and max credits come through to the
 * NEGOTIATE response and to the credit grants (MS-SMB2 3.3.5.4, 3.3.1.2). */
static void test_io_sizes_and_credits(void **state)
{
	static struct srv_settings s;
	static const char ini[] = "[global]\n"
	                          "max read size = 1M\n"
	                          "max write size = 2M\n"
	                          "max transact size = 512K\n"
	                          "max credits = 200\n"
	                          "[user:alice]\npassword = secret\n"
	                          "[docs]\npath = @DIR@\n";
	static const uint16_t d311 = SMB2_DIALECT_311, d202 = SMB2_DIALECT_202;
	struct smb2_msg rsp, q;
	struct h_frame f = {0};
	struct h_conn a;
	char err[256];
	uint32_t total;

	(void)state;
	assert_true(settings_from_ini(ini, &s, err, sizeof(err)));
	assert_int_equal(s.max_read, 1u << 20);
	assert_int_equal(s.max_write, 2u << 20);
	assert_int_equal(s.max_transact, 512u << 10);
	assert_int_equal(s.max_credits, 200);
	start_with(&s);

	h_connect(&env.e, &a);
	assert_status(h_negotiate(&env.e, &a, &d311, 1, NULL, 0, NULL, 0, &rsp), STATUS_SUCCESS);
	assert_int_equal(rsp.u.negotiate_rsp.max_read_size, 1u << 20);
	assert_int_equal(rsp.u.negotiate_rsp.max_write_size, 2u << 20);
	assert_int_equal(rsp.u.negotiate_rsp.max_transact_size, 512u << 10);
	/* Ask for far more credits than allowed: the grants stop at 200 in
	 * all (the NEGOTIATE's own credit is spent, each ECHO spends one). */
	total = rsp.hdr.credit;
	for (int i = 0; i < 20; i++) {
		memset(&q, 0, sizeof(q));
		q.hdr.command = SMB2_ECHO;
		q.hdr.credit = 1000;
		q.kind = SMB2_MSG_REQ(SMB2_ECHO);
		assert_status(h_call(&env.e, &a, &q, &rsp, &f), STATUS_SUCCESS);
		free(f.p);
		f.p = NULL;
		total += rsp.hdr.credit;
	}
	assert_true(total <= 200 + 20);
	assert_true(total >= 200);
	h_conn_free(&a);

	/* 2.0.2 stays at its 64 KiB whatever is configured. */
	h_connect(&env.e, &a);
	assert_status(h_negotiate(&env.e, &a, &d202, 1, NULL, 0, NULL, 0, &rsp), STATUS_SUCCESS);
	assert_int_equal(rsp.u.negotiate_rsp.max_read_size, 65536);
	h_conn_free(&a);
}

/* What srv_settings_from_config refuses, and the defaults it shares with
 * the configuration. */
static void test_settings_limits(void **state)
{
	static struct srv_settings s, d;
	struct srv_config *cfg;
	char err[256];
	char name[16];

	(void)state;
	cfg = srv_config_new();
	assert_non_null(cfg);
	assert_true(srv_settings_from_config(cfg, &s, err, sizeof(err)));
	srv_settings_default(&d);
	assert_int_equal(s.durable_timeout_ms, SRV_CFG_DEFAULT_DURABLE_MS);
	assert_int_equal(s.lease_break_timeout_ms, SRV_CFG_DEFAULT_LEASE_BREAK_MS);
	assert_int_equal(d.durable_timeout_ms, SRV_CFG_DEFAULT_DURABLE_MS);
	assert_int_equal(d.lease_break_timeout_ms, SRV_CFG_DEFAULT_LEASE_BREAK_MS);
	assert_string_equal(d.guest_account, SRV_CFG_DEFAULT_GUEST);
	assert_string_equal(s.guest_account, SRV_CFG_DEFAULT_GUEST);
	assert_int_equal(s.session_expiry_s, 0);
	/* 1 ms of expiry is 1 s, never "never". */
	assert_true(srv_config_set(cfg, "global", "session expiry", "1ms", "t", err, sizeof(err)));
	assert_true(srv_settings_from_config(cfg, &s, err, sizeof(err)));
	assert_int_equal(s.session_expiry_s, 1);
	/* More users than the server serves. */
	for (unsigned i = 0; i <= SRV_MAX_USERS; i++) {
		snprintf(name, sizeof(name), "user:u%u", i);
		assert_true(srv_config_set(cfg, name, "password", "p", "t", err, sizeof(err)));
	}
	assert_false(srv_settings_from_config(cfg, &s, err, sizeof(err)));
	assert_non_null(strstr(err, "users"));
	srv_config_free(cfg);
}

/* ---- reauthentication --------------------------------------------------- */

/* A second SESSION_SETUP exchange on c's session (signed with its key
 * when it has one); the session id and the client's keys are kept.  The
 * final response must verify with the existing signing key. */
static NTSTATUS reauth(struct h_conn *c, const char *user, const char *pass)
{
	struct ntlmssp_client *nc;
	struct gensec_client *g;
	const uint8_t *in = c->negprot_blob;
	size_t in_len = c->negprot_len;
	uint8_t *held = NULL;
	uint64_t sid = c->session_id;
	NTSTATUS st = STATUS_MORE_PROCESSING_REQUIRED, cst;

	assert_int_equal(ntlmssp_client_new(user, "", pass, NULL, "WS", 0, &nc), STATUS_SUCCESS);
	assert_int_equal(gensec_client_new(nc, false, &g), STATUS_SUCCESS);
	c->sign = c->signer != NULL;
	while (st == STATUS_MORE_PROCESSING_REQUIRED) {
		struct smb2_msg q, r;
		struct h_frame f = {0};
		struct wr tok;

		wr_init(&tok, 65536);
		cst = gensec_client_step(g, in, in_len, &tok);
		assert_true(cst == STATUS_MORE_PROCESSING_REQUIRED || cst == STATUS_SUCCESS);
		memset(&q, 0, sizeof(q));
		q.hdr.command = SMB2_SESSION_SETUP;
		q.kind = SMB2_MSG_REQ(SMB2_SESSION_SETUP);
		q.u.session_setup_req.security_mode = SMB2_NEGOTIATE_SIGNING_ENABLED;
		q.u.session_setup_req.security_buffer.p = tok.buf;
		q.u.session_setup_req.security_buffer.len = (uint32_t)tok.len;
		st = h_call(&env.e, c, &q, &r, &f);
		wr_free(&tok);
		free(held);
		held = f.p;
		if (st == STATUS_MORE_PROCESSING_REQUIRED) {
			assert_true(r.hdr.session_id == sid);
			in = r.u.session_setup_rsp.security_buffer.p;
			in_len = r.u.session_setup_rsp.security_buffer.len;
		} else if (st == STATUS_SUCCESS) {
			assert_true(r.hdr.session_id == sid);
			assert_int_equal(r.u.session_setup_rsp.session_flags, 0);
			if (c->signer) {
				assert_true(r.hdr.flags & SMB2_FLAGS_SIGNED);
				assert_int_equal(smb2_verify_buf(c->signer, f.p, f.len),
				                 STATUS_SUCCESS);
			}
		}
	}
	free(held);
	gensec_client_free(g);
	return st;
}

static void reauth_case(uint16_t dialect)
{
	struct smb2_fileid fid;
	struct h_conn c;
	uint64_t sid;
	uint32_t tid;
	struct srv_session *s;
	uint8_t key[SMB2_SESSION_KEY_SIZE];

	session(&c, dialect, "user", "pass");
	assert_status(h_tree(&env.e, &c, "\\\\srv\\share", NULL), STATUS_SUCCESS);
	c.sign = true;
	assert_status(io_create(&env, &c, "r.txt", RW, SMB2_FILE_OPEN_IF, 0, &fid),
	              STATUS_SUCCESS);
	sid = c.session_id;
	tid = c.tree_id;
	s = srv_session_lookup(env.e.srv, sid);
	assert_non_null(s);
	memcpy(key, s->keys.signing, sizeof(key));

	/* Same user, other case: success, same id, same keys; the tree and
	 * the open survive. */
	assert_status(reauth(&c, "USER", "pass"), STATUS_SUCCESS);
	s = srv_session_lookup(env.e.srv, sid);
	assert_non_null(s);
	assert_int_equal(s->state, SRV_SESSION_VALID);
	assert_memory_equal(s->keys.signing, key, sizeof(key));
	assert_status(h_simple(&env.e, &c, SMB2_ECHO), STATUS_SUCCESS);
	c.tree_id = tid;
	assert_status(io_close(&env, &c, fid), STATUS_SUCCESS);

	/* Expired, then reauthenticated: valid again, with a new expiry. */
	env.e.now += 61;
	assert_status(h_tree(&env.e, &c, "\\\\srv\\share", NULL), STATUS_NETWORK_SESSION_EXPIRED);
	assert_status(reauth(&c, "user", "pass"), STATUS_SUCCESS);
	assert_status(h_tree(&env.e, &c, "\\\\srv\\share", NULL), STATUS_SUCCESS);
	s = srv_session_lookup(env.e.srv, sid);
	assert_true(s->expires_at == env.e.now + 60);
	assert_memory_equal(s->keys.signing, key, sizeof(key));

	/* A wrong password on reauthentication: the failed exchange removes
	 * the session (3.3.5.5.3). */
	assert_status(reauth(&c, "user", "wrong"), STATUS_LOGON_FAILURE);
	assert_null(srv_session_lookup(env.e.srv, sid));
	h_conn_free(&c);

	/* Another user on an existing session is refused, and the session
	 * goes with its trees and opens (the failure path of 3.3.5.5.3).
	 * MS-SMB2 does not say what a changed user gets; smbsim refuses it,
	 * since the session's keys, trees and opens were the first user's. */
	session(&c, dialect, "user", "pass");
	assert_status(h_tree(&env.e, &c, "\\\\srv\\share", NULL), STATUS_SUCCESS);
	c.sign = true;
	assert_status(io_create(&env, &c, "r.txt", RW, SMB2_FILE_OPEN_IF, 0, &fid),
	              STATUS_SUCCESS);
	assert_int_equal(open_count(), 1);
	sid = c.session_id;
	assert_status(reauth(&c, "bob", "bobpass"), STATUS_ACCESS_DENIED);
	assert_null(srv_session_lookup(env.e.srv, sid));
	assert_int_equal(open_count(), 0);
	c.sign = false;
	assert_status(h_tree(&env.e, &c, "\\\\srv\\share", NULL), STATUS_USER_SESSION_DELETED);
	h_conn_free(&c);
	h_settle(&env.e);
}

static void test_reauthentication(void **state)
{
	static struct srv_settings s;

	(void)state;
	two_users(&s);
	s.session_expiry_s = 60;
	start_with(&s);
	reauth_case(SMB2_DIALECT_210);
	reauth_case(SMB2_DIALECT_300);
	reauth_case(SMB2_DIALECT_311);
}

/* A guest session reauthenticates as a guest whatever name it gives. */
static void test_reauth_guest(void **state)
{
	static struct srv_settings s;
	struct h_conn c;
	uint16_t flags = 0;

	(void)state;
	two_users(&s);
	s.allow_guest = true;
	start_with(&s);
	h_connect(&env.e, &c);
	h_neg(&env.e, &c, SMB2_DIALECT_311);
	assert_status(h_logon(&env.e, &c, "stranger", "x", &flags), STATUS_SUCCESS);
	assert_int_equal(flags, SMB2_SESSION_FLAG_IS_GUEST);
	assert_null(c.signer);
	/* A guest becoming a real user is a change of user: refused. */
	assert_status(reauth(&c, "user", "pass"), STATUS_ACCESS_DENIED);
	h_conn_free(&c);
}

/* ---- LOGOFF ------------------------------------------------------------- */

static void test_logoff(void **state)
{
	static struct srv_settings s;
	struct smb2_fileid fa, fb;
	struct h_conn a, b;
	uint64_t sid;
	uint32_t tid;
	struct srv_stats st;

	(void)state;
	two_users(&s);
	start_with(&s);
	session(&a, SMB2_DIALECT_311, "user", "pass");
	session(&b, SMB2_DIALECT_311, "bob", "bobpass");
	a.sign = b.sign = true;
	assert_status(h_tree(&env.e, &a, "\\\\srv\\share", NULL), STATUS_SUCCESS);
	assert_status(h_tree(&env.e, &b, "\\\\srv\\share", NULL), STATUS_SUCCESS);
	assert_status(io_create(&env, &a, "a.txt", RW, SMB2_FILE_OPEN_IF, 0, &fa), STATUS_SUCCESS);
	assert_status(io_create(&env, &a, "a2.txt", RW, SMB2_FILE_OPEN_IF, 0, NULL),
	              STATUS_SUCCESS);
	assert_status(io_create(&env, &b, "b.txt", RW, SMB2_FILE_OPEN_IF, 0, &fb), STATUS_SUCCESS);
	assert_int_equal(open_count(), 3);
	sid = a.session_id;
	tid = a.tree_id;

	/* LOGOFF answers signed with the session's key, then the session is
	 * gone with its trees and opens. */
	{
		struct smb2_msg q, r;
		struct h_frame f = {0};
		memset(&q, 0, sizeof(q));
		q.hdr.command = SMB2_LOGOFF;
		q.kind = SMB2_MSG_REQ(SMB2_LOGOFF);
		assert_status(h_call(&env.e, &a, &q, &r, &f), STATUS_SUCCESS);
		assert_true(r.hdr.flags & SMB2_FLAGS_SIGNED);
		assert_int_equal(smb2_verify_buf(a.signer, f.p, f.len), STATUS_SUCCESS);
		free(f.p);
	}
	h_settle(&env.e);
	assert_null(srv_session_lookup(env.e.srv, sid));
	assert_int_equal(open_count(), 1);
	srv_server_stats(env.e.srv, &st);
	assert_int_equal(st.sessions, 1);
	assert_int_equal(st.connections, 2);

	/* Every later request on it: USER_SESSION_DELETED, signed or not. */
	assert_status(h_simple(&env.e, &a, SMB2_TREE_DISCONNECT), STATUS_USER_SESSION_DELETED);
	assert_status(io_close(&env, &a, fa), STATUS_USER_SESSION_DELETED);
	assert_status(h_tree(&env.e, &a, "\\\\srv\\share", NULL), STATUS_USER_SESSION_DELETED);
	assert_status(h_simple(&env.e, &a, SMB2_LOGOFF), STATUS_USER_SESSION_DELETED);
	a.sign = false;
	a.tree_id = tid;
	assert_status(io_create(&env, &a, "a.txt", RW, SMB2_FILE_OPEN, 0, NULL),
	              STATUS_USER_SESSION_DELETED);
	assert_status(h_simple(&env.e, &a, SMB2_FLUSH), STATUS_USER_SESSION_DELETED);
	/* The connection stays: a new logon on it works, and the old
	 * FileId is not found from there either. */
	drop_keys(&a);
	assert_status(h_logon(&env.e, &a, "user", "pass", NULL), STATUS_SUCCESS);
	assert_true(a.session_id != sid);
	a.sign = true;
	assert_status(h_tree(&env.e, &a, "\\\\srv\\share", NULL), STATUS_SUCCESS);
	assert_status(io_close(&env, &a, fa), STATUS_FILE_CLOSED);

	/* The other session keeps its tree and open. */
	assert_status(io_close(&env, &b, fb), STATUS_SUCCESS);
	assert_int_equal(open_count(), 0);
	h_conn_free(&a);
	h_conn_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_valid_users, setup, teardown),
		cmocka_unit_test_setup_teardown(test_max_connections, setup, teardown),
		cmocka_unit_test_setup_teardown(test_guest_mapping, setup, teardown),
		cmocka_unit_test_setup_teardown(test_end_to_end, setup, teardown),
		cmocka_unit_test_setup_teardown(test_io_sizes_and_credits, setup, teardown),
		cmocka_unit_test_setup_teardown(test_settings_limits, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reauthentication, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reauth_guest, setup, teardown),
		cmocka_unit_test_setup_teardown(test_logoff, setup, teardown),
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);
	smb2_crypto_cleanup();
	return rc;
}
