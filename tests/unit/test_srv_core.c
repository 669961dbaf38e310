/*
 * The server core over an in-memory transport: NEGOTIATE for every
 * dialect with the 3.1.1 contexts chosen in the server's order, the SMB1
 * wildcard, SESSION_SETUP (success with a signed final response, wrong
 * password, anonymous and guest as configured), encryption required,
 * TREE_CONNECT (share, unknown share, IPC$, malformed paths, Reserved
 * flags before 3.1.1), per-share encryption, ECHO, LOGOFF, expiry, the
 * not-yet-implemented commands, cancel of an async request, credits.
 */
#include "srv_harness.h"

static struct h_env env;

static int setup(void **state)
{
	(void)state;
	memset(&env, 0, sizeof(env));
	h_settings(&env.set);
	h_env_start(&env);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	h_env_stop(&env);
	return 0;
}

static void test_negotiate_each_dialect(void **state)
{
	static const uint16_t d[] = {SMB2_DIALECT_202, SMB2_DIALECT_210, SMB2_DIALECT_300,
	                             SMB2_DIALECT_302, SMB2_DIALECT_311};
	(void)state;
	for (unsigned i = 0; i < 5; i++) {
		struct h_conn c;
		h_connect(&env, &c);
		assert_int_equal(h_neg(&env, &c, d[i]), d[i]);
		if (d[i] == SMB2_DIALECT_311) {
			/* Client lists CCM before GCM and CMAC before GMAC: the
			 * server's order picks GCM and GMAC. */
			assert_int_equal(c.cipher, SMB2_ENCRYPTION_AES128_GCM);
			assert_int_equal(c.signing_alg, SMB2_SIGNING_AES_GMAC);
		}
		if (d[i] == SMB2_DIALECT_300)
			assert_int_equal(c.cipher, SMB2_ENCRYPTION_AES128_CCM);
		h_conn_free(&c);
	}
}

static void test_negotiate_highest_and_errors(void **state)
{
	static const uint16_t all[] = {SMB2_DIALECT_202, SMB2_DIALECT_311, SMB2_DIALECT_210};
	static const uint16_t bogus[] = {0x0222};
	struct smb2_msg rsp;
	struct h_conn c;

	(void)state;
	h_connect(&env, &c);
	assert_status(h_negotiate(&env, &c, all, 3, NULL, 0, NULL, 0, &rsp), STATUS_SUCCESS);
	assert_int_equal(rsp.u.negotiate_rsp.dialect_revision, SMB2_DIALECT_311);
	assert_int_equal(rsp.u.negotiate_rsp.max_read_size, SMB2_MAX_IO_SIZE);
	/* A second NEGOTIATE drops the connection (3.3.5.4). */
	c.mid = 1;
	{
		struct wr w;
		wr_init(&w, 4096);
		h_hdr(&c, &w, SMB2_NEGOTIATE, 0);
		wr_u16(&w, 36);
		wr_u16(&w, 1);
		wr_zero(&w, 32);
		wr_u16(&w, SMB2_DIALECT_210);
		h_send_raw(&c, w.buf, w.len);
		wr_free(&w);
	}
	assert_false(h_wait(&env, &c));
	assert_true(c.closed);
	h_conn_free(&c);

	h_connect(&env, &c);
	assert_status(h_negotiate(&env, &c, bogus, 1, NULL, 0, NULL, 0, &rsp),
	              STATUS_NOT_SUPPORTED);
	h_conn_free(&c);
}

static void test_smb1_wildcard(void **state)
{
	struct smb1_negotiate_req q;
	static const char *names[] = {"NT LM 0.12", "SMB 2.002", "SMB 2.???"};
	struct smb2_msg rsp;
	struct h_frame f = {0};
	struct h_conn c;
	struct wr w;
	struct rd r;

	(void)state;
	h_connect(&env, &c);
	memset(&q, 0, sizeof(q));
	q.dialect_count = 3;
	for (unsigned i = 0; i < 3; i++) {
		q.dialects[i].p = (const uint8_t *)names[i];
		q.dialects[i].len = (uint32_t)strlen(names[i]);
	}
	wr_init(&w, 4096);
	assert_int_equal(smb1_negotiate_req_encode(&w, &q), STATUS_SUCCESS);
	h_send_raw(&c, w.buf, w.len);
	wr_free(&w);
	assert_true(h_take(&env, &c, &f));
	rd_init(&r, f.p, f.len);
	assert_int_equal(smb2_msg_decode(&r, &rsp), STATUS_SUCCESS);
	assert_int_equal(rsp.u.negotiate_rsp.dialect_revision, SMB2_DIALECT_WILDCARD);
	assert_int_equal(rsp.hdr.message_id, 0);
	assert_int_equal(rsp.hdr.credit, 1);
	free(f.p);
	/* Then SMB2 NEGOTIATE with MessageId 1. */
	c.mid = 1;
	assert_int_equal(h_neg(&env, &c, SMB2_DIALECT_302), SMB2_DIALECT_302);
	h_conn_free(&c);
}

static void logon_case(uint16_t dialect)
{
	struct h_conn c;
	uint16_t flags = 0xFFFF;

	h_connect(&env, &c);
	h_neg(&env, &c, dialect);
	assert_status(h_logon(&env, &c, "USER", "pass", &flags), STATUS_SUCCESS);
	assert_int_equal(flags, 0);
	assert_non_null(c.signer);
	/* A signed request gets a signed response that verifies. */
	c.sign = true;
	{
		struct smb2_msg q, r;
		struct h_frame f = {0};
		memset(&q, 0, sizeof(q));
		q.hdr.command = SMB2_ECHO;
		q.kind = SMB2_MSG_REQ(SMB2_ECHO);
		assert_status(h_call(&env, &c, &q, &r, &f), STATUS_SUCCESS);
		assert_true(r.hdr.flags & SMB2_FLAGS_SIGNED);
		assert_int_equal(smb2_verify_buf(c.signer, f.p, f.len), STATUS_SUCCESS);
		free(f.p);
	}
	assert_status(h_tree(&env, &c, "\\\\srv\\share", NULL), STATUS_SUCCESS);
	h_conn_free(&c);
}

static void test_session_setup_success(void **state)
{
	(void)state;
	logon_case(SMB2_DIALECT_202);
	logon_case(SMB2_DIALECT_210);
	logon_case(SMB2_DIALECT_300);
	logon_case(SMB2_DIALECT_302);
	logon_case(SMB2_DIALECT_311);
	h_settle(&env);
	{
		struct srv_stats st;
		srv_server_stats(env.srv, &st);
		assert_int_equal(st.sessions, 0);
		assert_int_equal(st.connections, 0);
	}
}

static void test_session_setup_failures(void **state)
{
	struct h_conn c;
	uint16_t flags;

	(void)state;
	h_connect(&env, &c);
	h_neg(&env, &c, SMB2_DIALECT_311);
	assert_status(h_logon(&env, &c, "user", "wrong", NULL), STATUS_LOGON_FAILURE);
	assert_status(h_logon(&env, &c, "nobody", "x", NULL), STATUS_LOGON_FAILURE);
	assert_status(h_logon(&env, &c, "", "", NULL), STATUS_LOGON_FAILURE);
	/* The failed sessions are gone. */
	c.session_id = 0x1234;
	assert_status(h_tree(&env, &c, "\\\\srv\\share", NULL), STATUS_USER_SESSION_DELETED);
	/* The connection still works. */
	assert_status(h_logon(&env, &c, "user", "pass", &flags), STATUS_SUCCESS);
	h_conn_free(&c);
}

static void test_guest_and_anonymous(void **state)
{
	struct h_conn c;
	uint16_t flags = 0;

	(void)state;
	h_env_stop(&env);
	env.set.allow_guest = true;
	env.set.allow_anonymous = true;
	h_env_start(&env);
	h_connect(&env, &c);
	h_neg(&env, &c, SMB2_DIALECT_311);
	assert_status(h_logon(&env, &c, "nobody", "x", &flags), STATUS_SUCCESS);
	assert_int_equal(flags, SMB2_SESSION_FLAG_IS_GUEST);
	assert_status(h_tree(&env, &c, "\\\\srv\\share", NULL), STATUS_SUCCESS);
	assert_status(h_logon(&env, &c, "", "", &flags), STATUS_SUCCESS);
	assert_int_equal(flags, SMB2_SESSION_FLAG_IS_NULL);
	assert_status(h_tree(&env, &c, "\\\\srv\\IPC$", NULL), STATUS_SUCCESS);
	assert_status(h_tree(&env, &c, "\\\\srv\\share", NULL), STATUS_ACCESS_DENIED);
	h_conn_free(&c);
}

static void test_tree_connect(void **state)
{
	struct smb2_tree_connect_rsp t = {0};
	struct h_conn c;

	(void)state;
	h_connect(&env, &c);
	h_neg(&env, &c, SMB2_DIALECT_311);
	assert_status(h_logon(&env, &c, "user", "pass", NULL), STATUS_SUCCESS);
	assert_status(h_tree(&env, &c, "\\\\srv\\SHARE", &t), STATUS_SUCCESS);
	assert_int_equal(t.share_type, SMB2_SHARE_TYPE_DISK);
	assert_status(h_tree(&env, &c, "\\\\srv\\nosuch", NULL), STATUS_BAD_NETWORK_NAME);
	assert_status(h_tree(&env, &c, "\\\\srv\\IPC$", &t), STATUS_SUCCESS);
	assert_int_equal(t.share_type, SMB2_SHARE_TYPE_PIPE);
	/* The file commands are the next step: NOT_IMPLEMENTED, cleanly. */
	assert_status(h_simple(&env, &c, SMB2_FLUSH), STATUS_NOT_IMPLEMENTED);
	assert_status(h_simple(&env, &c, SMB2_TREE_DISCONNECT), STATUS_SUCCESS);
	assert_status(h_simple(&env, &c, SMB2_TREE_DISCONNECT), STATUS_NETWORK_NAME_DELETED);
	assert_status(h_simple(&env, &c, SMB2_ECHO), STATUS_SUCCESS);
	assert_status(h_simple(&env, &c, SMB2_LOGOFF), STATUS_SUCCESS);
	assert_status(h_simple(&env, &c, SMB2_LOGOFF), STATUS_USER_SESSION_DELETED);
	h_conn_free(&c);
}

/* MS-SMB2 3.3.5.7: a Buffer not of the "\\server\share" form of 2.2.9
 * (no server or share part, a share part over 80 characters, more
 * components, an odd length) is STATUS_INVALID_PARAMETER; before 3.1.1
 * the Flags field is Reserved and ignored (2.2.9), even with the bit that
 * means EXTENSION_PRESENT in 3.1.1. */
static void test_tree_connect_paths(void **state)
{
	static const char *const bad[] = {"", "share", "\\share", "\\\\srv", "\\\\srv\\",
	                                  "\\\\\\share", "\\\\srv\\share\\dir"};
	char longname[8 + 81 + 1];
	uint8_t path[64];
	struct smb2_msg r;
	struct h_frame f = {0};
	struct h_conn c;
	struct wr w;
	size_t n;

	(void)state;
	h_connect(&env, &c);
	h_neg(&env, &c, SMB2_DIALECT_311);
	assert_status(h_logon(&env, &c, "user", "pass", NULL), STATUS_SUCCESS);
	for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_status(h_tree(&env, &c, bad[i], NULL), STATUS_INVALID_PARAMETER);
	strcpy(longname, "\\\\srv\\");
	memset(longname + 6, 's', 81);
	longname[6 + 81] = '\0';
	assert_status(h_tree(&env, &c, longname, NULL), STATUS_INVALID_PARAMETER);
	longname[6 + 80] = '\0';
	assert_status(h_tree(&env, &c, longname, NULL), STATUS_BAD_NETWORK_NAME);
	assert_status(h_tree(&env, &c, "\\\\srv\\share", NULL), STATUS_SUCCESS);
	h_conn_free(&c);

	h_connect(&env, &c);
	h_neg(&env, &c, SMB2_DIALECT_302);
	assert_status(h_logon(&env, &c, "user", "pass", NULL), STATUS_SUCCESS);
	assert_int_equal(utf8_to_utf16le("\\\\srv\\share", 11, path, sizeof(path), &n),
	                 STATUS_SUCCESS);
	for (unsigned odd = 0; odd < 2; odd++) {
		wr_init(&w, SMB2_MAX_PDU);
		h_hdr(&c, &w, SMB2_TREE_CONNECT, 1);
		wr_u16(&w, 9);
		wr_u16(&w, 0xFFFF);
		wr_u16(&w, SMB2_HDR_SIZE + 8);
		wr_u16(&w, (uint16_t)(n - odd));
		wr_bytes(&w, path, n);
		h_send(&c, &w);
		wr_free(&w);
		h_recv(&env, &c, &f, &r);
		assert_status(r.hdr.status, odd ? STATUS_INVALID_PARAMETER : STATUS_SUCCESS);
		free(f.p);
	}
	h_conn_free(&c);
}

static void test_encryption(void **state)
{
	struct smb2_tree_connect_rsp t = {0};
	struct h_conn c;
	uint16_t flags;

	(void)state;
	/* Per share: "secret" encrypts; plain requests to it are refused. */
	h_connect(&env, &c);
	h_neg(&env, &c, SMB2_DIALECT_311);
	assert_status(h_logon(&env, &c, "user", "pass", &flags), STATUS_SUCCESS);
	assert_int_equal(flags, 0);
	assert_status(h_tree(&env, &c, "\\\\srv\\secret", &t), STATUS_SUCCESS);
	assert_true(t.share_flags & SMB2_SHAREFLAG_ENCRYPT_DATA);
	assert_status(h_simple(&env, &c, SMB2_FLUSH), STATUS_ACCESS_DENIED);
	c.encrypt = true;
	assert_status(h_simple(&env, &c, SMB2_FLUSH), STATUS_NOT_IMPLEMENTED);
	h_conn_free(&c);

	/* Global: the session encrypts. */
	h_env_stop(&env);
	env.set.encrypt = true;
	h_env_start(&env);
	h_connect(&env, &c);
	h_neg(&env, &c, SMB2_DIALECT_300);
	assert_status(h_logon(&env, &c, "user", "pass", &flags), STATUS_SUCCESS);
	assert_int_equal(flags, SMB2_SESSION_FLAG_ENCRYPT_DATA);
	assert_status(h_tree(&env, &c, "\\\\srv\\share", NULL), STATUS_ACCESS_DENIED);
	c.encrypt = true;
	assert_status(h_tree(&env, &c, "\\\\srv\\share", NULL), STATUS_SUCCESS);
	h_conn_free(&c);
	/* 2.1 cannot encrypt: refused at SESSION_SETUP. */
	h_connect(&env, &c);
	h_neg(&env, &c, SMB2_DIALECT_210);
	assert_status(h_logon(&env, &c, "user", "pass", NULL), STATUS_ACCESS_DENIED);
	h_conn_free(&c);
}

/* 3.3.5.2.11: RejectUnencryptedAccess only decides for clients that
 * cannot encrypt (at tree connect: a 2.1 client reaches the share in
 * plain text); a plain request on a tree that encrypts is refused all
 * the same. */
static void test_encrypted_share_without_reject(void **state)
{
	struct smb2_tree_connect_rsp t = {0};
	struct h_conn c;

	(void)state;
	h_env_stop(&env);
	env.set.reject_unencrypted = false;
	h_env_start(&env);
	h_connect(&env, &c);
	h_neg(&env, &c, SMB2_DIALECT_311);
	assert_status(h_logon(&env, &c, "user", "pass", NULL), STATUS_SUCCESS);
	assert_status(h_tree(&env, &c, "\\\\srv\\secret", &t), STATUS_SUCCESS);
	assert_true(t.share_flags & SMB2_SHAREFLAG_ENCRYPT_DATA);
	assert_status(h_simple(&env, &c, SMB2_FLUSH), STATUS_ACCESS_DENIED);
	c.encrypt = true;
	assert_status(h_simple(&env, &c, SMB2_FLUSH), STATUS_NOT_IMPLEMENTED);
	h_conn_free(&c);
	h_connect(&env, &c);
	h_neg(&env, &c, SMB2_DIALECT_210);
	assert_status(h_logon(&env, &c, "user", "pass", NULL), STATUS_SUCCESS);
	assert_status(h_tree(&env, &c, "\\\\srv\\secret", &t), STATUS_SUCCESS);
	assert_false(t.share_flags & SMB2_SHAREFLAG_ENCRYPT_DATA);
	assert_status(h_simple(&env, &c, SMB2_FLUSH), STATUS_NOT_IMPLEMENTED);
	h_conn_free(&c);
}

static void test_signing_required(void **state)
{
	struct h_conn c;

	(void)state;
	h_env_stop(&env);
	env.set.signing_required = true;
	h_env_start(&env);
	h_connect(&env, &c);
	h_neg(&env, &c, SMB2_DIALECT_210);
	assert_status(h_logon(&env, &c, "user", "pass", NULL), STATUS_SUCCESS);
	assert_status(h_tree(&env, &c, "\\\\srv\\share", NULL), STATUS_ACCESS_DENIED);
	c.sign = true;
	assert_status(h_tree(&env, &c, "\\\\srv\\share", NULL), STATUS_SUCCESS);
	/* A wrong signature is refused. */
	smb2_signer_free(c.signer);
	{
		uint8_t k[16] = {9};
		assert_int_equal(smb2_signer_new(SMB2_SIGNING_HMAC_SHA256, k, 16, &c.signer),
		                 STATUS_SUCCESS);
	}
	assert_status(h_simple(&env, &c, SMB2_FLUSH), STATUS_ACCESS_DENIED);
	h_conn_free(&c);
}

static void test_expiry_and_reauth(void **state)
{
	struct h_conn c;
	uint64_t sid;

	(void)state;
	h_env_stop(&env);
	env.set.session_expiry_s = 60;
	h_env_start(&env);
	h_connect(&env, &c);
	h_neg(&env, &c, SMB2_DIALECT_302);
	assert_status(h_logon(&env, &c, "user", "pass", NULL), STATUS_SUCCESS);
	sid = c.session_id;
	assert_status(h_tree(&env, &c, "\\\\srv\\share", NULL), STATUS_SUCCESS);
	env.now += 61;
	assert_status(h_tree(&env, &c, "\\\\srv\\share", NULL), STATUS_NETWORK_SESSION_EXPIRED);
	/* Reauthentication on the same session makes it valid again. */
	{
		struct srv_session *s = srv_session_lookup(env.srv, sid);
		assert_non_null(s);
		assert_int_equal(s->state, SRV_SESSION_EXPIRED);
	}
	h_conn_free(&c);
}

/* A test handler for CREATE: goes async and completes only on CANCEL. */
static NTSTATUS held_create(struct srv_req *r)
{
	NTSTATUS st = srv_req_go_async(r, NULL, NULL);
	return st == STATUS_SUCCESS ? STATUS_PENDING : st;
}

static void test_cancel_async(void **state)
{
	struct smb2_msg rsp;
	struct h_frame f = {0};
	struct h_conn c;
	struct wr w;
	uint64_t mid, aid;

	(void)state;
	srv_set_handler(env.srv, SMB2_CREATE, held_create);
	h_connect(&env, &c);
	h_neg(&env, &c, SMB2_DIALECT_311);
	assert_status(h_logon(&env, &c, "user", "pass", NULL), STATUS_SUCCESS);
	assert_status(h_tree(&env, &c, "\\\\srv\\share", NULL), STATUS_SUCCESS);
	mid = c.mid;
	wr_init(&w, 4096);
	h_hdr(&c, &w, SMB2_CREATE, 1);
	{
		struct smb2_create_req cr;
		memset(&cr, 0, sizeof(cr));
		assert_int_equal(smb2_create_req_encode(&w, &cr), STATUS_SUCCESS);
	}
	h_send(&c, &w);
	wr_free(&w);
	h_recv(&env, &c, &f, &rsp);
	assert_int_equal(rsp.hdr.status, STATUS_PENDING);
	assert_true(rsp.hdr.flags & SMB2_FLAGS_ASYNC_COMMAND);
	assert_int_equal(rsp.hdr.message_id, mid);
	assert_true(rsp.hdr.credit >= 1);
	aid = rsp.hdr.async_id;
	free(f.p);
	/* An unrelated CANCEL for another id changes nothing; ECHO still works. */
	assert_status(h_simple(&env, &c, SMB2_ECHO), STATUS_SUCCESS);
	/* Async CANCEL by AsyncId. */
	wr_init(&w, 4096);
	{
		struct smb2_hdr h;
		struct smb2_cancel_req cq = {0};
		memset(&h, 0, sizeof(h));
		h.command = SMB2_CANCEL;
		h.flags = SMB2_FLAGS_ASYNC_COMMAND;
		h.async_id = aid;
		h.session_id = c.session_id;
		assert_int_equal(smb2_hdr_encode(&w, &h), STATUS_SUCCESS);
		assert_int_equal(smb2_cancel_req_encode(&w, &cq), STATUS_SUCCESS);
	}
	h_send(&c, &w);
	wr_free(&w);
	h_recv(&env, &c, &f, &rsp);
	assert_int_equal(rsp.hdr.status, STATUS_CANCELLED);
	assert_int_equal(rsp.hdr.message_id, mid);
	assert_int_equal(rsp.hdr.async_id, aid);
	assert_int_equal(rsp.hdr.credit, 0);
	free(f.p);
	/* Sync CANCEL by MessageId of a second held request. */
	mid = c.mid;
	wr_init(&w, 4096);
	h_hdr(&c, &w, SMB2_CREATE, 1);
	{
		struct smb2_create_req cr;
		memset(&cr, 0, sizeof(cr));
		assert_int_equal(smb2_create_req_encode(&w, &cr), STATUS_SUCCESS);
	}
	h_send(&c, &w);
	wr_free(&w);
	h_recv(&env, &c, &f, &rsp);
	assert_int_equal(rsp.hdr.status, STATUS_PENDING);
	free(f.p);
	wr_init(&w, 4096);
	{
		struct smb2_hdr h;
		struct smb2_cancel_req cq = {0};
		memset(&h, 0, sizeof(h));
		h.command = SMB2_CANCEL;
		h.message_id = mid;
		h.session_id = c.session_id;
		assert_int_equal(smb2_hdr_encode(&w, &h), STATUS_SUCCESS);
		assert_int_equal(smb2_cancel_req_encode(&w, &cq), STATUS_SUCCESS);
	}
	h_send(&c, &w);
	wr_free(&w);
	h_recv(&env, &c, &f, &rsp);
	assert_int_equal(rsp.hdr.status, STATUS_CANCELLED);
	free(f.p);
	/* A third held request is cancelled by the connection's end. */
	wr_init(&w, 4096);
	h_hdr(&c, &w, SMB2_CREATE, 1);
	{
		struct smb2_create_req cr;
		memset(&cr, 0, sizeof(cr));
		assert_int_equal(smb2_create_req_encode(&w, &cr), STATUS_SUCCESS);
	}
	h_send(&c, &w);
	wr_free(&w);
	h_recv(&env, &c, &f, &rsp);
	free(f.p);
	h_conn_free(&c);
	h_settle(&env);
	{
		struct srv_stats st;
		srv_server_stats(env.srv, &st);
		assert_int_equal(st.async, 0);
		assert_int_equal(st.connections, 0);
	}
}

/* An unsolicited message (a break) reaches the session's channel. */
static void test_send_to_session(void **state)
{
	struct smb2_msg m, r;
	struct h_frame f = {0};
	struct h_conn c;
	struct wr w;
	struct rd rr;

	(void)state;
	h_connect(&env, &c);
	h_neg(&env, &c, SMB2_DIALECT_210);
	assert_status(h_logon(&env, &c, "user", "pass", NULL), STATUS_SUCCESS);
	memset(&m, 0, sizeof(m));
	m.hdr.command = SMB2_OPLOCK_BREAK;
	m.hdr.flags = SMB2_FLAGS_SERVER_TO_REDIR;
	m.hdr.message_id = UINT64_MAX;
	m.kind = SMB2_MSG_RSP(SMB2_OPLOCK_BREAK);
	m.u.oplock_break_rsp.kind = SMB2_BREAK_OPLOCK;
	m.u.oplock_break_rsp.file_id.persistent = 1;
	m.u.oplock_break_rsp.file_id.volatile_ = 2;
	wr_init(&w, 4096);
	assert_int_equal(smb2_msg_encode(&w, &m), STATUS_SUCCESS);
	assert_status(srv_send_to_session(env.srv, c.session_id, w.buf, w.len), STATUS_SUCCESS);
	assert_status(srv_send_to_session(env.srv, c.session_id + 99, w.buf, w.len),
	              STATUS_USER_SESSION_DELETED);
	wr_free(&w);
	assert_true(h_take(&env, &c, &f));
	rd_init(&rr, f.p, f.len);
	assert_int_equal(smb2_msg_decode(&rr, &r), STATUS_SUCCESS);
	assert_int_equal(r.hdr.command, SMB2_OPLOCK_BREAK);
	assert_true(r.hdr.message_id == UINT64_MAX);
	assert_true(r.u.oplock_break_rsp.file_id.volatile_ == 2);
	free(f.p);
	h_conn_free(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_negotiate_each_dialect, setup, teardown),
		cmocka_unit_test_setup_teardown(test_negotiate_highest_and_errors, setup, teardown),
		cmocka_unit_test_setup_teardown(test_smb1_wildcard, setup, teardown),
		cmocka_unit_test_setup_teardown(test_session_setup_success, setup, teardown),
		cmocka_unit_test_setup_teardown(test_session_setup_failures, setup, teardown),
		cmocka_unit_test_setup_teardown(test_guest_and_anonymous, setup, teardown),
		cmocka_unit_test_setup_teardown(test_tree_connect, setup, teardown),
		cmocka_unit_test_setup_teardown(test_tree_connect_paths, setup, teardown),
		cmocka_unit_test_setup_teardown(test_encryption, setup, teardown),
		cmocka_unit_test_setup_teardown(test_encrypted_share_without_reject, setup,
		                                teardown),
		cmocka_unit_test_setup_teardown(test_signing_required, setup, teardown),
		cmocka_unit_test_setup_teardown(test_expiry_and_reauth, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cancel_async, setup, teardown),
		cmocka_unit_test_setup_teardown(test_send_to_session, setup, teardown),
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);
	smb2_crypto_cleanup();
	return rc;
}
