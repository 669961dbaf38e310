/*
 * Compounded requests on the wire (MS-SMB2 3.2.4.1.4, 3.3.5.2.7,
 * 3.3.4.1.3, 3.3.4.1.4): each message of a chain signed on its own, a whole
 * chain in one transform, plaintext chains on an encrypted share, chains
 * that mix the related and unrelated styles, and broken framing (a
 * NextCommand that is not 8-aligned or points past the frame).  The
 * semantics of chains: compound.c.
 */
#include "torture/suites/compound_util.h"

/* A file with "0123456789" at path, opened for reading. */
static struct smb2_fileid ten_bytes(struct torture_ctx *t, struct cli_tree *tree,
                                    const char *path)
{
	struct cli_open o;

	CHECK_STATUS(t, torture_put_file(t, tree, path, (const uint8_t *)"0123456789", 10),
	             STATUS_SUCCESS);
	CHECK_STATUS(t, cl_open(tree, path, SMB2_GENERIC_READ, 0, &o), STATUS_SUCCESS);
	return o.id;
}

/* CREATE + WRITE + READ + CLOSE on tree; checks every answer succeeded. */
static void rw_chain(struct torture_ctx *t, struct cli_tree *tree, const char *name,
                     struct cli_req **r)
{
	static const uint8_t data[] = "protected compound";
	struct smb2_fileid rel = cl_fid_related();
	struct cli_send_item it[4];

	it[0] = cl_item(tree, cl_create_msg(t, torture_path(t, "%s", name),
	                                    SMB2_GENERIC_READ | SMB2_GENERIC_WRITE,
	                                    SMB2_FILE_CREATE, SMB2_FILE_NON_DIRECTORY_FILE),
	                false, NULL);
	it[1] = cl_item(tree, cl_write_msg(t, rel, 0, data, sizeof(data)), true, NULL);
	it[2] = cl_item(tree, cl_read_msg(t, rel, 0, sizeof(data)), true, NULL);
	it[3] = cl_item(tree, cl_close_msg(t, rel), true, NULL);
	cl_send_chain(t, tree, it, 4, r);
	cl_wait_chain(t, r, 4);
	for (unsigned i = 0; i < 4; i++)
		CHECK_STATUS(t, r[i]->status, STATUS_SUCCESS);
	CHECK_VAL(t, r[2]->msg.u.read_rsp.data.len, sizeof(data));
	CHECK_MEM(t, r[2]->msg.u.read_rsp.data.p, data, sizeof(data));
}

static struct cli_tree *signing_client(struct torture_ctx *t)
{
	struct cli_conn_opts o;
	struct cli_session *s;
	struct cli_tree *tree;

	torture_conn_opts(t, &o);
	o.require_signing = true;
	CHECK_STATUS(t, torture_open_client(t, &o, NULL, &s, &tree), STATUS_SUCCESS);
	CHECK_TRUE(t, s->signing_required && s->signer, "the session does not sign");
	return tree;
}

/* A related chain on a signing session: every request and every response
 * of the chain carries its own signature (3.2.4.1.4, 3.3.4.1.3). */
static void signed_chain(struct torture_ctx *t)
{
	struct cli_tree *tree = signing_client(t);
	struct cli_req *r[4];

	rw_chain(t, tree, "signed.dat", r);
	for (unsigned i = 0; i < 4; i++)
		CHECK_TRUE(t, r[i]->rsp_signed, "response %u of the chain is not signed", i + 1);
}

/* Twin of signed_chain: the second of three unrelated requests carries a
 * wrong signature; it alone fails with STATUS_ACCESS_DENIED (3.3.5.2.4). */
static void signed_bad_signature(struct torture_ctx *t)
{
	struct cli_tree *tree = signing_client(t);
	struct smb2_fileid h = ten_bytes(t, tree, torture_path(t, "badsig.dat"));
	struct cli_override bad = { 0 };
	struct cli_send_item it[3];
	struct cli_req *r[3];

	bad.set = CLI_OV_SIGNATURE;
	memset(bad.signature, 0xA5, sizeof(bad.signature));
	it[0] = cl_item(tree, cl_read_msg(t, h, 0, 2), false, NULL);
	it[1] = cl_item(tree, cl_read_msg(t, h, 2, 2), false, &bad);
	it[2] = cl_item(tree, cl_read_msg(t, h, 4, 2), false, NULL);
	cl_send_chain(t, tree, it, 3, r);
	cl_wait_chain(t, r, 3);
	CHECK_STATUS(t, r[0]->status, STATUS_SUCCESS);
	CHECK_STATUS(t, r[1]->status, STATUS_ACCESS_DENIED);
	CHECK_STATUS(t, r[2]->status, STATUS_SUCCESS);
	CHECK_VAL(t, r[2]->msg.u.read_rsp.data.len, 2);
	CHECK_MEM(t, r[2]->msg.u.read_rsp.data.p, "45", 2);
	CHECK_STATUS(t, cli_close(tree, h), STATUS_SUCCESS);
}

static void require_encryption(struct torture_ctx *t)
{
	torture_require_dialect(t, SMB2_DIALECT_300);
	if (t->srv->dialect >= SMB2_DIALECT_311 ? t->srv->cipher == 0
	                                        : !(t->srv->capabilities & SMB2_GLOBAL_CAP_ENCRYPTION))
		torture_skip(t, "the server offers no encryption");
}

/* A related chain on an encrypting session goes out as one transform, and
 * every answer comes back encrypted (3.2.4.1.4, 3.3.4.1.4). */
static void encrypted_chain(struct torture_ctx *t)
{
	struct cli_conn_opts o;
	struct cli_conn *c;
	struct cli_tree *tree;
	struct smb_fault_stats before, after;
	struct cli_req *r[4];

	require_encryption(t);
	torture_conn_opts(t, &o);
	o.require_encryption = true;
	CHECK_STATUS(t, torture_open_client(t, &o, &c, NULL, &tree), STATUS_SUCCESS);
	smb_fault_get_stats(torture_fault(t, c), &before);
	rw_chain(t, tree, "sealed.dat", r);
	smb_fault_get_stats(torture_fault(t, c), &after);
	CHECK_VAL(t, after.passed_frames[SMB_FAULT_OUT] - before.passed_frames[SMB_FAULT_OUT], 1);
	for (unsigned i = 0; i < 4; i++)
		CHECK_TRUE(t, r[i]->rsp_encrypted, "response %u of the chain is not encrypted", i + 1);
}

/* Twin of encrypted_chain: a plaintext chain on a share that requires
 * encryption is refused request by request (3.3.5.2.11) when the server
 * rejects unencrypted access, and the session still works encrypted
 * afterwards. */
static void encrypted_share_plain_chain(struct torture_ctx *t)
{
	const char *share = torture_require_option(t, "share_encrypted");
	struct cli_override plain = { 0 };
	struct cli_tree *tree;
	struct smb2_fileid h;
	struct cli_send_item it[2];
	struct cli_req *r[2];
	/* The fixture's directory lives on the main share: a flat name at
	 * this share's root, removed at the end. */
	char *path = torture_strdup(t, t->dir);

	for (char *p = path; *p; p++)
		if (*p == '\\')
			*p = '_';
	require_encryption(t);
	CHECK_STATUS(t, torture_tree(t, t->sess, share, &tree), STATUS_SUCCESS);
	CHECK_TRUE(t, tree->encrypt, "share %s does not say ENCRYPT_DATA", share);
	h = ten_bytes(t, tree, path);
	plain.encrypt = CLI_ENC_NEVER;
	it[0] = cl_item(tree, cl_read_msg(t, h, 0, 2), false, &plain);
	it[1] = cl_item(tree, cl_read_msg(t, h, 2, 2), false, NULL);
	cl_send_chain(t, tree, it, 2, r);
	cl_wait_chain(t, r, 2);
	/* 3.3.5.2.11: refused when the server's RejectUnencryptedAccess is
	 * TRUE (3.0/3.0.2, or 3.1.1 without SMB2_GLOBAL_CAP_ENCRYPTION in
	 * Connection.ServerCapabilities); a server configured with it FALSE
	 * processes both. */
	if (r[0]->status == STATUS_SUCCESS) {
		torture_comment(t, "the server accepts plaintext on an encrypted share "
		                   "(RejectUnencryptedAccess FALSE)");
		CHECK_STATUS(t, r[1]->status, STATUS_SUCCESS);
	} else {
		CHECK_STATUS(t, r[0]->status, STATUS_ACCESS_DENIED);
		CHECK_STATUS(t, r[1]->status, STATUS_ACCESS_DENIED);
	}
	CHECK_STATUS(t, cl_read_status(t, tree, h, 0, 2), STATUS_SUCCESS);
	CHECK_STATUS(t, cli_close(tree, h), STATUS_SUCCESS);
	CHECK_STATUS(t, cli_unlink(tree, path), STATUS_SUCCESS);
}

/* Related and unrelated requests mixed in one chain: the server SHOULD<264>
 * fail each with STATUS_INVALID_PARAMETER (3.3.5.2.7); one that does not
 * processes each request by its own flag. */
static void mixed_styles(struct torture_ctx *t)
{
	struct smb2_fileid h = ten_bytes(t, t->tree, torture_path(t, "mixed.dat"));
	struct cli_send_item it[3];
	struct cli_req *r[3];

	it[0] = cl_item(t->tree, cl_read_msg(t, h, 0, 1), false, NULL);
	it[1] = cl_item(t->tree, cl_read_msg(t, cl_fid_related(), 1, 1), true, NULL);
	it[2] = cl_item(t->tree, cl_read_msg(t, h, 2, 1), false, NULL);
	cl_send_chain(t, t->tree, it, 3, r);
	cl_wait_chain(t, r, 3);
	if (r[0]->status == STATUS_INVALID_PARAMETER) {
		CHECK_STATUS(t, r[1]->status, STATUS_INVALID_PARAMETER);
		CHECK_STATUS(t, r[2]->status, STATUS_INVALID_PARAMETER);
		return;
	}
	for (unsigned i = 0; i < 3; i++) {
		CHECK_STATUS(t, r[i]->status, STATUS_SUCCESS);
		CHECK_VAL(t, r[i]->msg.u.read_rsp.data.len, 1);
		CHECK_VAL(t, r[i]->msg.u.read_rsp.data.p[0], '0' + i);
	}
}

/* ECHO request: header and a 4-byte body (2.2.28). */
#define ECHO_LEN (SMB2_HDR_SIZE + 4)

/* Moves the second message of a two-ECHO frame right behind the first
 * (offset 68, not 8-aligned) and points NextCommand there; the frame keeps
 * its length with 4 zero bytes at the end. */
static void hook_unaligned(void *arg, uint8_t *frame, size_t len)
{
	uint32_t next = le32(frame + SMB2_HDR_OFF_NEXT_COMMAND);

	(void)arg;
	if (next <= ECHO_LEN || next > len)
		return;
	memmove(frame + ECHO_LEN, frame + next, len - next);
	memset(frame + len - (next - ECHO_LEN), 0, next - ECHO_LEN);
	put_le32(frame + SMB2_HDR_OFF_NEXT_COMMAND, ECHO_LEN);
}

/* Points the first NextCommand (8-aligned) past the end of the frame. */
static void hook_outside(void *arg, uint8_t *frame, size_t len)
{
	(void)arg;
	put_le32(frame + SMB2_HDR_OFF_NEXT_COMMAND, (uint32_t)((len + SMB2_HDR_SIZE + 7) & ~7u));
}

static void send_two_echoes(struct torture_ctx *t, cli_hook_fn hook, struct cli_req **r)
{
	struct cli_override ov = { 0 };
	struct cli_send_item it[2];

	cl_require_unsigned(t, t->sess);
	ov.hook = hook;
	it[0] = cl_item(t->tree, cl_msg(t, SMB2_ECHO), false, &ov);
	it[1] = cl_item(t->tree, cl_msg(t, SMB2_ECHO), false, NULL);
	cl_send_chain(t, t->tree, it, 2, r);
}

static bool disconnected(const struct cli_req *r)
{
	return r->local_error && r->status == STATUS_CONNECTION_DISCONNECTED;
}

/* A second message that does not start on an 8-byte boundary: the server
 * SHOULD<263> disconnect (3.3.5.2.7); one that does not either fails the
 * malformed message (3.3.5.2.6: STATUS_INVALID_PARAMETER) or answers it;
 * either way the connection keeps working. */
static void next_command_unaligned(struct torture_ctx *t)
{
	struct cli_req *r[2];

	send_two_echoes(t, hook_unaligned, r);
	cl_wait_chain(t, r, 2);
	if (disconnected(r[1])) {
		CHECK_TRUE(t, t->conn->dead, "request failed locally on a live connection");
		return;
	}
	CHECK_TRUE(t, r[1]->status == STATUS_INVALID_PARAMETER || r[1]->status == STATUS_SUCCESS,
	           "the misaligned ECHO: %s", nt_status_name(r[1]->status));
	if (r[1]->status == STATUS_SUCCESS)
		torture_comment(t, "the server processed a misaligned chained message");
	CHECK_STATUS(t, cli_echo(t->conn), STATUS_SUCCESS);
}

/* NextCommand past the end of the frame: the request is malformed
 * (3.3.5.2.6: STATUS_INVALID_PARAMETER) or the connection is dropped. */
static void next_command_outside(struct torture_ctx *t)
{
	struct cli_req *r[2];

	send_two_echoes(t, hook_outside, r);
	/* The second message is not inside the chain: nothing answers it. */
	cl_wait_chain(t, r, 1);
	if (disconnected(r[0])) {
		CHECK_TRUE(t, t->conn->dead, "request failed locally on a live connection");
		return;
	}
	CHECK_STATUS(t, r[0]->status, STATUS_INVALID_PARAMETER);
	/* And the connection still serves requests. */
	CHECK_STATUS(t, cli_echo(t->conn), STATUS_SUCCESS);
}

static const struct torture_test tests[] = {
	TORTURE_TEST(signed_chain, "MS-SMB2 3.2.4.1.4; MS-SMB2 3.3.4.1.3; MS-SMB2 3.3.5.2.4",
	             "each message of a related chain on a signing session is signed both ways"),
	TORTURE_TEST(signed_bad_signature, "MS-SMB2 3.3.5.2.4; MS-SMB2 3.3.5.2.7.1",
	             "a wrong signature fails only its own request of an unrelated chain"),
	TORTURE_TEST(encrypted_chain, "MS-SMB2 3.2.4.1.4; MS-SMB2 3.3.4.1.4; MS-SMB2 3.3.5.2.1.1",
	             "a chain goes in one transform and comes back encrypted"),
	TORTURE_TEST(encrypted_share_plain_chain, "MS-SMB2 3.3.5.2.11; MS-SMB2 3.3.5.2.9",
	             "a plaintext chain on an encrypted share is refused request by request"),
	TORTURE_TEST(mixed_styles, "MS-SMB2 3.3.5.2.7",
	             "related and unrelated requests mixed: all INVALID_PARAMETER (SHOULD) or each "
	             "by its flag"),
	TORTURE_TEST(next_command_unaligned, "MS-SMB2 3.3.5.2.7; MS-SMB2 3.3.5.2.6; MS-SMB2 2.2.1.2",
	             "a chained message off the 8-byte grid: disconnect (SHOULD), INVALID_PARAMETER or answered"),
	TORTURE_TEST(next_command_outside, "MS-SMB2 3.3.5.2.6; MS-SMB2 2.2.1.2",
	             "NextCommand past the frame: INVALID_PARAMETER or disconnect"),
};

TORTURE_SUITE(compound_wire_suite, "compound_wire",
              "Compounded requests on the wire: signing, encryption, framing", tests)
