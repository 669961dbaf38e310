/*
 * Bad input against the server core: truncated, oversized and non-SMB
 * frames, requests before NEGOTIATE and before SESSION_SETUP, wrong credit
 * charges, reused and out-of-window message ids, compound chains that
 * point outside the frame, related and unrelated compounds, unknown
 * session and tree ids, a session used from another connection, a body
 * that does not decode.  Each gets its status or a clean disconnect, and
 * a second client keeps being served.
 */
#include "srv_harness.h"
#include "wire/read.h"

static struct h_env env;
static struct h_conn other; /* a well-behaved client beside each case */

static int setup(void **state)
{
	(void)state;
	memset(&env, 0, sizeof(env));
	h_settings(&env.set);
	h_env_start(&env);
	h_connect(&env, &other);
	h_neg(&env, &other, SMB2_DIALECT_311);
	assert_status(h_logon(&env, &other, "user", "pass", NULL), STATUS_SUCCESS);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	/* The other client is still served. */
	assert_status(h_simple(&env, &other, SMB2_ECHO), STATUS_SUCCESS);
	assert_status(h_tree(&env, &other, "\\\\srv\\share", NULL), STATUS_SUCCESS);
	h_conn_free(&other);
	h_env_stop(&env);
	return 0;
}

static void expect_drop(struct h_conn *c)
{
	assert_false(h_wait(&env, c));
	assert_true(c->closed);
	h_conn_free(c);
}

static void test_bad_frames(void **state)
{
	static const uint8_t truncated[] = {0xFE, 'S', 'M', 'B', 64, 0, 0, 0, 0, 0};
	uint8_t wrong[SMB2_HDR_SIZE + 4];
	struct h_conn c;
	uint8_t *big;

	(void)state;
	h_connect(&env, &c);
	h_send_raw(&c, truncated, sizeof(truncated));
	expect_drop(&c);

	memset(wrong, 0, sizeof(wrong));
	memcpy(wrong, "\xFEXMB", 4);
	h_connect(&env, &c);
	h_send_raw(&c, wrong, sizeof(wrong));
	expect_drop(&c);

	/* Compressed frames: compression is never negotiated. */
	memcpy(wrong, "\xFCSMB", 4);
	h_connect(&env, &c);
	h_send_raw(&c, wrong, sizeof(wrong));
	expect_drop(&c);

	/* Larger than SMB2_MAX_PDU_PRE_NEGOTIATE before NEGOTIATE. */
	big = calloc(1, SMB2_MAX_PDU_PRE_NEGOTIATE + 1);
	assert_non_null(big);
	memcpy(big, "\xFESMB", 4);
	h_connect(&env, &c);
	h_send_raw(&c, big, SMB2_MAX_PDU_PRE_NEGOTIATE + 1);
	expect_drop(&c);
	free(big);

	/* A transform before NEGOTIATE. */
	memcpy(wrong, "\xFDSMB", 4);
	h_connect(&env, &c);
	h_send_raw(&c, wrong, sizeof(wrong));
	expect_drop(&c);
}

static void test_before_negotiate_and_session(void **state)
{
	struct h_conn c;

	(void)state;
	h_connect(&env, &c);
	{
		struct wr w;
		wr_init(&w, 256);
		h_hdr(&c, &w, SMB2_ECHO, 0);
		wr_u16(&w, 4);
		wr_u16(&w, 0);
		h_send_raw(&c, w.buf, w.len);
		wr_free(&w);
	}
	expect_drop(&c);

	h_connect(&env, &c);
	h_neg(&env, &c, SMB2_DIALECT_210);
	assert_status(h_tree(&env, &c, "\\\\srv\\share", NULL), STATUS_USER_SESSION_DELETED);
	c.session_id = 0x4242;
	assert_status(h_tree(&env, &c, "\\\\srv\\share", NULL), STATUS_USER_SESSION_DELETED);
	/* Someone else's session, from this connection. */
	c.session_id = other.session_id;
	assert_status(h_tree(&env, &c, "\\\\srv\\share", NULL), STATUS_USER_SESSION_DELETED);
	assert_status(h_simple(&env, &c, SMB2_LOGOFF), STATUS_USER_SESSION_DELETED);
	/* An unknown tree id on a valid session. */
	assert_status(h_logon(&env, &c, "user", "pass", NULL), STATUS_SUCCESS);
	c.tree_id = 77;
	assert_status(h_simple(&env, &c, SMB2_FLUSH), STATUS_NETWORK_NAME_DELETED);
	h_conn_free(&c);
}

static void test_bad_body(void **state)
{
	struct smb2_msg rsp;
	struct h_frame f = {0};
	struct h_conn c;
	struct wr w;

	(void)state;
	h_connect(&env, &c);
	h_neg(&env, &c, SMB2_DIALECT_311);
	wr_init(&w, 256);
	h_hdr(&c, &w, SMB2_ECHO, 1);
	wr_u16(&w, 5); /* StructureSize must be 4 */
	wr_u16(&w, 0);
	h_send_raw(&c, w.buf, w.len);
	wr_free(&w);
	h_recv(&env, &c, &f, &rsp);
	assert_int_equal(rsp.hdr.status, STATUS_INVALID_PARAMETER);
	free(f.p);
	assert_status(h_simple(&env, &c, SMB2_ECHO), STATUS_SUCCESS);
	h_conn_free(&c);
}

static void test_credits(void **state)
{
	struct smb2_msg q, rsp;
	struct h_frame f = {0};
	struct h_conn c;
	struct wr w;

	(void)state;
	h_connect(&env, &c);
	h_neg(&env, &c, SMB2_DIALECT_311);
	assert_status(h_logon(&env, &c, "user", "pass", NULL), STATUS_SUCCESS);
	assert_status(h_tree(&env, &c, "\\\\srv\\share", NULL), STATUS_SUCCESS);
	/* The grant is what was asked for. */
	memset(&q, 0, sizeof(q));
	q.hdr.command = SMB2_ECHO;
	q.hdr.credit = 7;
	q.kind = SMB2_MSG_REQ(SMB2_ECHO);
	assert_status(h_call(&env, &c, &q, &rsp, &f), STATUS_SUCCESS);
	assert_int_equal(rsp.hdr.credit, 7);
	free(f.p);
	/* A 200 KiB READ charged one credit: 3.3.5.2.5 wants four. */
	memset(&q, 0, sizeof(q));
	q.hdr.command = SMB2_READ;
	q.hdr.credit_charge = 1;
	q.kind = SMB2_MSG_REQ(SMB2_READ);
	q.u.read_req.length = 200 * 1024;
	assert_status(h_call(&env, &c, &q, &rsp, &f), STATUS_INVALID_PARAMETER);
	free(f.p);
	/* Charged four it passes the check (READ itself is not there yet). */
	q.hdr.credit_charge = 4;
	assert_status(h_call(&env, &c, &q, &rsp, &f), STATUS_NOT_IMPLEMENTED);
	free(f.p);
	c.mid += 3;
	/* A message id used before drops the connection. */
	c.mid -= 2;
	wr_init(&w, 256);
	h_hdr(&c, &w, SMB2_ECHO, 1);
	wr_u16(&w, 4);
	wr_u16(&w, 0);
	h_send_raw(&c, w.buf, w.len);
	wr_free(&w);
	expect_drop(&c);

	/* So does one past the window. */
	h_connect(&env, &c);
	h_neg(&env, &c, SMB2_DIALECT_210);
	c.mid += 1000;
	wr_init(&w, 256);
	h_hdr(&c, &w, SMB2_ECHO, 1);
	wr_u16(&w, 4);
	wr_u16(&w, 0);
	h_send_raw(&c, w.buf, w.len);
	wr_free(&w);
	expect_drop(&c);
}

static void test_compound(void **state)
{
	struct smb2_compound_builder b;
	struct smb2_compound_iter it;
	struct h_frame f = {0};
	struct h_conn c;
	struct rd m;
	struct wr w;
	uint8_t path[64];
	size_t n;
	unsigned count = 0;

	(void)state;
	h_connect(&env, &c);
	h_neg(&env, &c, SMB2_DIALECT_302);
	assert_status(h_logon(&env, &c, "user", "pass", NULL), STATUS_SUCCESS);
	assert_int_equal(utf8_to_utf16le("\\\\srv\\share", 11, path, sizeof(path), &n),
	                 STATUS_SUCCESS);
	/* TREE_CONNECT, then a related TREE_DISCONNECT (its TreeId is the new
	 * tree's), then an unrelated ECHO. */
	wr_init(&w, 4096);
	smb2_compound_begin(&b, &w);
	assert_int_equal(smb2_compound_add(&b), STATUS_SUCCESS);
	h_hdr(&c, &w, SMB2_TREE_CONNECT, 1);
	{
		struct smb2_tree_connect_req tq;
		memset(&tq, 0, sizeof(tq));
		tq.path.p = path;
		tq.path.len = (uint32_t)n;
		assert_int_equal(smb2_tree_connect_req_encode(&w, &tq), STATUS_SUCCESS);
	}
	assert_int_equal(smb2_compound_add(&b), STATUS_SUCCESS);
	h_hdr(&c, &w, SMB2_TREE_DISCONNECT, 1);
	put_le32(w.buf + w.msg + SMB2_HDR_OFF_FLAGS, SMB2_FLAGS_RELATED_OPERATIONS);
	put_le32(w.buf + w.msg + 36, 0xFFFFFFFFu);
	{
		struct smb2_tree_disconnect_req dq = {0};
		assert_int_equal(smb2_tree_disconnect_req_encode(&w, &dq), STATUS_SUCCESS);
	}
	assert_int_equal(smb2_compound_add(&b), STATUS_SUCCESS);
	h_hdr(&c, &w, SMB2_ECHO, 1);
	{
		struct smb2_echo_req eq = {0};
		assert_int_equal(smb2_echo_req_encode(&w, &eq), STATUS_SUCCESS);
	}
	assert_int_equal(smb2_compound_end(&b), STATUS_SUCCESS);
	h_send_raw(&c, w.buf, w.len);
	assert_true(h_take(&env, &c, &f));
	smb2_compound_init(&it, f.p, f.len);
	while (smb2_compound_next(&it, &m)) {
		struct smb2_msg r;
		assert_int_equal(smb2_msg_decode(&m, &r), STATUS_SUCCESS);
		assert_int_equal(r.hdr.status, STATUS_SUCCESS);
		assert_int_equal(r.hdr.command, count == 0   ? SMB2_TREE_CONNECT
		                                : count == 1 ? SMB2_TREE_DISCONNECT
		                                             : SMB2_ECHO);
		if (count == 1)
			assert_true(r.hdr.flags & SMB2_FLAGS_RELATED_OPERATIONS);
		count++;
	}
	assert_int_equal(count, 3);
	free(f.p);

	/* A chain whose first message is related: INVALID_PARAMETER. */
	wr_reset(&w);
	smb2_compound_begin(&b, &w);
	assert_int_equal(smb2_compound_add(&b), STATUS_SUCCESS);
	h_hdr(&c, &w, SMB2_ECHO, 1);
	{
		struct smb2_echo_req eq = {0};
		assert_int_equal(smb2_echo_req_encode(&w, &eq), STATUS_SUCCESS);
	}
	assert_int_equal(smb2_compound_add(&b), STATUS_SUCCESS);
	h_hdr(&c, &w, SMB2_ECHO, 1);
	{
		struct smb2_echo_req eq = {0};
		assert_int_equal(smb2_echo_req_encode(&w, &eq), STATUS_SUCCESS);
	}
	assert_int_equal(smb2_compound_end(&b), STATUS_SUCCESS);
	put_le32(w.buf + SMB2_HDR_OFF_FLAGS, SMB2_FLAGS_RELATED_OPERATIONS);
	h_send_raw(&c, w.buf, w.len);
	assert_true(h_take(&env, &c, &f));
	{
		struct smb2_msg r;
		rd_init(&m, f.p, le32(f.p + SMB2_HDR_OFF_NEXT_COMMAND));
		assert_int_equal(smb2_msg_decode(&m, &r), STATUS_SUCCESS);
		assert_int_equal(r.hdr.status, STATUS_INVALID_PARAMETER);
	}
	free(f.p);

	/* NextCommand pointing past the frame: the connection is dropped. */
	wr_reset(&w);
	h_hdr(&c, &w, SMB2_ECHO, 1);
	{
		struct smb2_echo_req eq = {0};
		assert_int_equal(smb2_echo_req_encode(&w, &eq), STATUS_SUCCESS);
	}
	wr_zero(&w, 4);
	put_le32(w.buf + SMB2_HDR_OFF_NEXT_COMMAND, 4096);
	h_send_raw(&c, w.buf, w.len);
	wr_free(&w);
	expect_drop(&c);
}

/* MS-SMB2 3.3.5.17: an unencrypted ECHO naming a session the connection
 * does not have fails the session check (3.3.5.2.9); SessionId 0 needs
 * none. */
static void test_echo_session(void **state)
{
	uint64_t sid = other.session_id;

	(void)state;
	other.session_id = sid ^ UINT64_C(0x0123456700000000);
	assert_status(h_simple(&env, &other, SMB2_ECHO), STATUS_USER_SESSION_DELETED);
	other.session_id = 0;
	assert_status(h_simple(&env, &other, SMB2_ECHO), STATUS_SUCCESS);
	other.session_id = sid;
	assert_status(h_simple(&env, &other, SMB2_ECHO), STATUS_SUCCESS);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_bad_frames, setup, teardown),
		cmocka_unit_test_setup_teardown(test_before_negotiate_and_session, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_body, setup, teardown),
		cmocka_unit_test_setup_teardown(test_credits, setup, teardown),
		cmocka_unit_test_setup_teardown(test_compound, setup, teardown),
		cmocka_unit_test_setup_teardown(test_echo_session, setup, teardown),
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);
	smb2_crypto_cleanup();
	return rc;
}
