/*
 * The server's SESSION_SETUP beyond a plain logon, over an in-memory
 * transport: a binding request signed with the session's key on a server
 * without multi-channel gets STATUS_REQUEST_NOT_ACCEPTED (MS-SMB2
 * 3.3.5.2.4 verifies it with the session's own key, 3.3.5.5 refuses it),
 * a badly signed one STATUS_ACCESS_DENIED; PreviousSessionId removes the
 * same user's old session and leaves another user's, or an unknown id,
 * alone (3.3.5.5.3).
 */
#include "srv_harness.h"

static struct h_env env;

static int setup(void **state)
{
	(void)state;
	memset(&env, 0, sizeof(env));
	h_settings(&env.set);
	env.set.user_count = 2;
	strcpy(env.set.users[1].name, "other");
	assert_int_equal(ntlm_nt_hash("pass2", env.set.users[1].nt_hash), STATUS_SUCCESS);
	h_env_start(&env);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	h_env_stop(&env);
	return 0;
}

/* A SESSION_SETUP with Flags, PreviousSessionId and a token on c. */
static NTSTATUS setup_req(struct h_conn *c, uint8_t flags, uint64_t prev, const uint8_t *tok,
                          size_t len, struct smb2_msg *rsp, struct h_frame *f)
{
	struct smb2_msg q;

	memset(&q, 0, sizeof(q));
	q.hdr.command = SMB2_SESSION_SETUP;
	q.kind = SMB2_MSG_REQ(SMB2_SESSION_SETUP);
	q.u.session_setup_req.flags = flags;
	q.u.session_setup_req.security_mode = SMB2_NEGOTIATE_SIGNING_ENABLED;
	q.u.session_setup_req.previous_session_id = prev;
	q.u.session_setup_req.security_buffer.p = tok;
	q.u.session_setup_req.security_buffer.len = (uint32_t)len;
	return h_call(&env, c, &q, rsp, f);
}

/* A whole logon with PreviousSessionId prev in every round (no keys). */
static NTSTATUS logon_prev(struct h_conn *c, const char *user, const char *pass, uint64_t prev)
{
	struct ntlmssp_client *nc;
	struct gensec_client *g;
	const uint8_t *in = c->negprot_blob;
	size_t in_len = c->negprot_len;
	uint8_t *held = NULL;
	NTSTATUS st = STATUS_MORE_PROCESSING_REQUIRED;

	assert_int_equal(ntlmssp_client_new(user, "", pass, NULL, "WS", 0, &nc), STATUS_SUCCESS);
	assert_int_equal(gensec_client_new(nc, false, &g), STATUS_SUCCESS);
	c->session_id = 0;
	while (st == STATUS_MORE_PROCESSING_REQUIRED) {
		struct smb2_msg r;
		struct h_frame f = {0};
		struct wr tok;
		NTSTATUS cst;

		wr_init(&tok, 65536);
		cst = gensec_client_step(g, in, in_len, &tok);
		assert_true(cst == STATUS_MORE_PROCESSING_REQUIRED || cst == STATUS_SUCCESS);
		st = setup_req(c, 0, prev, tok.buf, tok.len, &r, &f);
		wr_free(&tok);
		c->session_id = r.hdr.session_id;
		free(held);
		held = f.p;
		in = r.u.session_setup_rsp.security_buffer.p;
		in_len = r.u.session_setup_rsp.security_buffer.len;
	}
	free(held);
	gensec_client_free(g);
	return st;
}

static NTSTATUS tree(struct h_conn *c)
{
	return h_tree(&env, c, "\\\\srv\\share", NULL);
}

static void binding_case(uint16_t dialect)
{
	static const uint8_t tok[] = { 0x60, 0x03, 0x06, 0x01, 0x00 };
	struct h_conn c1, c2;
	struct smb2_signer *bad;
	struct smb2_msg r;
	struct h_frame f = {0};
	uint8_t zero[16] = {0};

	h_connect(&env, &c1);
	h_neg(&env, &c1, dialect);
	assert_status(h_logon(&env, &c1, "user", "pass", NULL), STATUS_SUCCESS);
	h_connect(&env, &c2);
	h_neg(&env, &c2, dialect);
	/* Signed with the session's key, as a binding client does. */
	c2.session_id = c1.session_id;
	c2.signer = c1.signer;
	c2.sign = true;
	assert_status(setup_req(&c2, SMB2_SESSION_FLAG_BINDING, 0, tok, sizeof(tok), &r, &f),
	              STATUS_REQUEST_NOT_ACCEPTED);
	free(f.p);
	/* Signed with another key: the signature check fails first. */
	assert_int_equal(smb2_signer_new(c1.signing_alg, zero, 16, &bad), STATUS_SUCCESS);
	c2.signer = bad;
	assert_status(setup_req(&c2, SMB2_SESSION_FLAG_BINDING, 0, tok, sizeof(tok), &r, &f),
	              STATUS_ACCESS_DENIED);
	free(f.p);
	smb2_signer_free(bad);
	c2.signer = NULL;
	/* The session is untouched on its own connection. */
	assert_status(tree(&c1), STATUS_SUCCESS);
	h_conn_free(&c2);
	h_conn_free(&c1);
}

static void test_binding_refused(void **state)
{
	(void)state;
	binding_case(SMB2_DIALECT_210);
	binding_case(SMB2_DIALECT_302);
}

static void test_previous_session_id(void **state)
{
	struct h_conn c1, c2, c3;

	(void)state;
	h_connect(&env, &c1);
	h_neg(&env, &c1, SMB2_DIALECT_210);
	assert_status(h_logon(&env, &c1, "user", "pass", NULL), STATUS_SUCCESS);
	assert_status(tree(&c1), STATUS_SUCCESS);
	/* An unknown id is ignored. */
	h_connect(&env, &c2);
	h_neg(&env, &c2, SMB2_DIALECT_210);
	assert_status(logon_prev(&c2, "user", "pass", c1.session_id + 0x10000), STATUS_SUCCESS);
	assert_status(tree(&c1), STATUS_SUCCESS);
	/* Another user's session is left alone. */
	h_connect(&env, &c3);
	h_neg(&env, &c3, SMB2_DIALECT_210);
	assert_status(logon_prev(&c3, "other", "pass2", c1.session_id), STATUS_SUCCESS);
	assert_status(tree(&c1), STATUS_SUCCESS);
	/* The same user's session is removed; the new one works. */
	assert_status(logon_prev(&c2, "USER", "pass", c1.session_id), STATUS_SUCCESS);
	assert_status(tree(&c1), STATUS_USER_SESSION_DELETED);
	assert_status(tree(&c2), STATUS_SUCCESS);
	h_conn_free(&c3);
	h_conn_free(&c2);
	h_conn_free(&c1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_binding_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_previous_session_id, setup, teardown),
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);
	smb2_crypto_cleanup();
	return rc;
}
