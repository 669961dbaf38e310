/*
 * TREE_CONNECT and TREE_DISCONNECT (MS-SMB2 2.2.9, 2.2.10, 3.3.5.7,
 * 3.3.5.8) and the TreeId check every tree command goes through
 * (3.3.5.2.11): what a share answers per dialect, IPC$, several trees on
 * a session, trees that are gone or never were, share names and paths the
 * server must refuse.  Per-share options (encryption, read-only), Flags
 * and malformed requests are in tree_share.c.
 */
#include "torture/suites/create_util.h"
#include "torture/suites/tree_util.h"

/* A CREATE of a file on tree x (OPEN_IF); the status. */
static NTSTATUS touch(struct torture_ctx *t, struct cli_tree *x, const char *name)
{
	struct cli_open o;
	NTSTATUS st = ct_open(x, torture_path(t, "%s", name), SMB2_GENERIC_ALL, CT_SHARE_ALL,
	                      SMB2_FILE_OPEN_IF, SMB2_FILE_NON_DIRECTORY_FILE, &o);

	if (st == STATUS_SUCCESS)
		st = cli_close(x, o.id);
	return st;
}

static void tree_connect_share(struct torture_ctx *t)
{
	tr_check_answer(t, t->conn->dialect, t->tree, SMB2_SHARE_TYPE_DISK);
	/* The test share is writable: the user's maximal access holds data
	 * rights. */
	CHECK_VAL(t, t->tree->maximal_access & (SMB2_FILE_READ_DATA | SMB2_FILE_WRITE_DATA),
	          SMB2_FILE_READ_DATA | SMB2_FILE_WRITE_DATA);
	CHECK_STATUS(t, touch(t, t->tree, "f"), STATUS_SUCCESS);
}

/* The answer fits each dialect the server speaks (2.2.10 ties CA,
 * SCALEOUT, CLUSTER and ENCRYPT_DATA to 3.x, ASYMMETRIC to 3.0.2 and
 * REDIRECT_TO_OWNER to 3.1.1). */
static void tree_connect_each_dialect(struct torture_ctx *t)
{
	static const uint16_t dialects[] = { SMB2_DIALECT_202, SMB2_DIALECT_210, SMB2_DIALECT_300,
	                                     SMB2_DIALECT_302, SMB2_DIALECT_311 };
	unsigned tested = 0;

	for (unsigned i = 0; i < sizeof(dialects) / sizeof(dialects[0]); i++) {
		struct cli_conn *c;
		struct cli_session *s;
		struct cli_tree *x;
		NTSTATUS st = tr_client(t, dialects[i], dialects[i], &c, &s);

		if (st != STATUS_SUCCESS) {
			torture_comment(t, "dialect %s not offered: %s",
			                torture_dialect_name(dialects[i]), nt_status_name(st));
			torture_close_conn(t, c);
			continue;
		}
		CHECK_VAL(t, c->dialect, dialects[i]);
		CHECK_STATUS(t, torture_tree(t, s, NULL, &x), STATUS_SUCCESS);
		tr_check_answer(t, dialects[i], x, SMB2_SHARE_TYPE_DISK);
		CHECK_STATUS(t, touch(t, x, "f"), STATUS_SUCCESS);
		torture_close_conn(t, c);
		tested++;
	}
	CHECK_TRUE(t, tested > 0, "no dialect could be negotiated on its own");
}

static void tree_ipc(struct torture_ctx *t)
{
	struct cli_tree *ipc;
	struct cli_open o;

	CHECK_STATUS(t, torture_tree(t, t->sess, "IPC$", &ipc), STATUS_SUCCESS);
	CHECK_VAL(t, ipc->share_type, SMB2_SHARE_TYPE_PIPE);
	CHECK_TRUE(t, ipc->id != t->tree->id, "IPC$ got the disk tree's TreeId 0x%x", ipc->id);
	/* The server service pipe every SMB server offers (MS-SRVS). */
	CHECK_STATUS(t, ct_open(ipc, "srvsvc", SMB2_FILE_READ_DATA | SMB2_FILE_WRITE_DATA,
	                        CT_SHARE_ALL, SMB2_FILE_OPEN, 0, &o),
	             STATUS_SUCCESS);
	CHECK_STATUS(t, cli_close(ipc, o.id), STATUS_SUCCESS);
}

/* 3.3.5.8: TREE_DISCONNECT succeeds; the session goes on and may
 * connect again. */
static void tree_disconnect_basic(struct torture_ctx *t)
{
	struct cli_tree *x;

	CHECK_STATUS(t, torture_tree_disconnect(t, t->tree), STATUS_SUCCESS);
	CHECK_STATUS(t, torture_tree(t, t->sess, NULL, &x), STATUS_SUCCESS);
	CHECK_STATUS(t, touch(t, x, "f"), STATUS_SUCCESS);
}

/* 3.3.5.2.11: a TreeId that was disconnected names nothing. */
static void tree_use_after_disconnect(struct torture_ctx *t)
{
	struct cli_tree *old = tr_fake(t, t->sess, t->tree->id);

	CHECK_STATUS(t, torture_tree_disconnect(t, t->tree), STATUS_SUCCESS);
	CHECK_STATUS(t, touch(t, old, "f"), STATUS_NETWORK_NAME_DELETED);
	CHECK_STATUS(t, cli_echo(t->conn), STATUS_SUCCESS);
}

static void tree_disconnect_twice(struct torture_ctx *t)
{
	struct cli_tree *old = tr_fake(t, t->sess, t->tree->id);

	CHECK_STATUS(t, torture_tree_disconnect(t, t->tree), STATUS_SUCCESS);
	CHECK_STATUS(t, tr_disconnect_raw(t, old), STATUS_NETWORK_NAME_DELETED);
}

/* 3.3.5.8: disconnecting a tree closes its opens: a file held with no
 * sharing is free again. */
static void tree_disconnect_closes_opens(struct torture_ctx *t)
{
	const char *path = torture_path(t, "f");
	struct cli_tree *x, *y;
	struct cli_open held, o;

	CHECK_STATUS(t, torture_tree(t, t->sess, NULL, &x), STATUS_SUCCESS);
	CHECK_STATUS(t, ct_open(x, path, SMB2_GENERIC_ALL, 0, SMB2_FILE_CREATE,
	                        SMB2_FILE_NON_DIRECTORY_FILE, &held),
	             STATUS_SUCCESS);
	CHECK_STATUS(t, ct_open(t->tree, path, SMB2_FILE_READ_DATA, CT_SHARE_ALL, SMB2_FILE_OPEN,
	                        0, &o),
	             STATUS_SHARING_VIOLATION);
	y = tr_fake(t, t->sess, x->id);
	CHECK_STATUS(t, torture_tree_disconnect(t, x), STATUS_SUCCESS);
	CHECK_STATUS(t, ct_open(t->tree, path, SMB2_GENERIC_ALL, 0, SMB2_FILE_OPEN, 0, &o),
	             STATUS_SUCCESS);
	/* The old open's FileId is gone with its tree: neither the old
	 * TreeId nor the live tree reaches it. */
	CHECK_STATUS(t, cli_close(y, held.id), STATUS_NETWORK_NAME_DELETED);
	CHECK_STATUS(t, cli_close(t->tree, o.id), STATUS_SUCCESS);
	CHECK_STATUS(t, cli_close(t->tree, held.id), STATUS_FILE_CLOSED);
}

/* Several trees on one session, to different shares and twice to the
 * same: each has its own TreeId and works on its own. */
static void tree_several(struct torture_ctx *t)
{
	struct cli_tree *a, *b, *ipc;

	CHECK_STATUS(t, torture_tree(t, t->sess, NULL, &a), STATUS_SUCCESS);
	CHECK_STATUS(t, torture_tree(t, t->sess, "IPC$", &ipc), STATUS_SUCCESS);
	CHECK_STATUS(t, torture_tree(t, t->sess, NULL, &b), STATUS_SUCCESS);
	CHECK_TRUE(t, a->id != t->tree->id && b->id != t->tree->id && a->id != b->id &&
	                      ipc->id != a->id && ipc->id != b->id && ipc->id != t->tree->id,
	           "TreeIds repeat: 0x%x 0x%x 0x%x 0x%x", t->tree->id, a->id, b->id, ipc->id);
	CHECK_STATUS(t, touch(t, a, "fa"), STATUS_SUCCESS);
	CHECK_STATUS(t, touch(t, b, "fb"), STATUS_SUCCESS);
	/* Both trees see one share. */
	CHECK_STATUS(t, ct_probe(b, torture_path(t, "fa")), STATUS_SUCCESS);
	CHECK_STATUS(t, ct_probe(a, torture_path(t, "fb")), STATUS_SUCCESS);
	CHECK_STATUS(t, torture_tree_disconnect(t, a), STATUS_SUCCESS);
	CHECK_STATUS(t, touch(t, b, "fb"), STATUS_SUCCESS);
	CHECK_STATUS(t, touch(t, t->tree, "f"), STATUS_SUCCESS);
}

/* 3.3.5.2.11: trees are looked up in the session's own table; another
 * session's TreeId is STATUS_NETWORK_NAME_DELETED, on the same
 * connection and on another one. */
static void tree_other_session(struct torture_ctx *t)
{
	struct cli_session *s2;
	struct cli_conn *c3;
	struct cli_session *s3;

	CHECK_STATUS(t, torture_login(t, t->conn, &s2), STATUS_SUCCESS);
	CHECK_TRUE(t, s2->id != t->sess->id, "two sessions share SessionId");
	CHECK_STATUS(t, touch(t, tr_fake(t, s2, t->tree->id), "f"), STATUS_NETWORK_NAME_DELETED);
	CHECK_STATUS(t, torture_connect(t, NULL, &c3), STATUS_SUCCESS);
	CHECK_STATUS(t, cli_negotiate(c3, 0, 0), STATUS_SUCCESS);
	CHECK_STATUS(t, torture_login(t, c3, &s3), STATUS_SUCCESS);
	CHECK_STATUS(t, touch(t, tr_fake(t, s3, t->tree->id), "f"), STATUS_NETWORK_NAME_DELETED);
	/* The owner still uses it. */
	CHECK_STATUS(t, touch(t, t->tree, "f"), STATUS_SUCCESS);
}

/* A tree command with TreeId 0, or the reserved 0xFFFFFFFF (3.3.1.9),
 * names no tree. */
static void tree_id_zero(struct torture_ctx *t)
{
	CHECK_STATUS(t, touch(t, tr_fake(t, t->sess, 0), "f"), STATUS_NETWORK_NAME_DELETED);
	CHECK_STATUS(t, touch(t, tr_fake(t, t->sess, 0xFFFFFFFFu), "f"),
	             STATUS_NETWORK_NAME_DELETED);
	CHECK_STATUS(t, ct_probe(t->tree, torture_path(t, "f")), STATUS_OBJECT_NAME_NOT_FOUND);
}

/* TREE_CONNECT of a raw path must fail with want; a tree it made by
 * mistake is disconnected before the check fails. */
static void connect_refused(struct torture_ctx *t, const char *unc, NTSTATUS want)
{
	struct cli_req *r = tr_connect_raw(t, t->sess, unc, 0, NULL);

	torture_comment(t, "\"%s\": %s", unc, nt_status_name(r->status));
	if (r->status == STATUS_SUCCESS)
		(void)tr_disconnect_raw(t, tr_fake(t, t->sess, r->msg.hdr.tree_id));
	CHECK_STATUS(t, r->status, want);
}

/* 3.3.5.7: a well-formed path to a share that does not exist. */
static void tree_bad_share(struct torture_ctx *t)
{
	connect_refused(t, torture_printf(t, "%s\\smbsim-no-such-share", t->tgt->server_unc),
	                STATUS_BAD_NETWORK_NAME);
	connect_refused(t, torture_printf(t, "%s\\%s-x", t->tgt->server_unc, t->tgt->share),
	                STATUS_BAD_NETWORK_NAME);
	/* The session is not harmed. */
	CHECK_STATUS(t, touch(t, t->tree, "f"), STATUS_SUCCESS);
}

/* 3.3.5.7: a Buffer not in the "\\server\share" form of 2.2.9 is
 * STATUS_INVALID_PARAMETER; here without the server part. */
static void tree_path_no_server(struct torture_ctx *t)
{
	connect_refused(t, t->tgt->share, STATUS_INVALID_PARAMETER);
	connect_refused(t, torture_printf(t, "\\%s", t->tgt->share), STATUS_INVALID_PARAMETER);
}

/* The same without a share part. */
static void tree_path_no_share(struct torture_ctx *t)
{
	connect_refused(t, t->tgt->server_unc, STATUS_INVALID_PARAMETER);
	connect_refused(t, torture_printf(t, "%s\\", t->tgt->server_unc), STATUS_INVALID_PARAMETER);
}

/* 2.2.9: the share component is at most 80 characters; 81 is not the
 * format (3.3.5.7: STATUS_INVALID_PARAMETER). */
static void tree_path_share_too_long(struct torture_ctx *t)
{
	char name[TR_MAX_SHARE_CHARS + 2];

	memset(name, 's', sizeof(name) - 1);
	name[sizeof(name) - 1] = '\0';
	connect_refused(t, torture_printf(t, "%s\\%s", t->tgt->server_unc, name),
	                STATUS_INVALID_PARAMETER);
}

static void tree_path_empty(struct torture_ctx *t)
{
	connect_refused(t, "", STATUS_INVALID_PARAMETER);
}

#define TC "MS-SMB2 3.3.5.7; MS-SMB2 2.2.9"

static const struct torture_test tests[] = {
	TORTURE_TEST(tree_connect_share, "MS-SMB2 3.3.5.7; MS-SMB2 2.2.10",
	             "the share answers DISK, known flags and capabilities, data rights in "
	             "MaximalAccess"),
	TORTURE_TEST_RAW(tree_connect_each_dialect, "MS-SMB2 3.3.5.7; MS-SMB2 2.2.10",
	                 "each dialect gets flags and capabilities valid for it"),
	TORTURE_TEST(tree_ipc, "MS-SMB2 3.3.5.7; MS-SMB2 2.2.10",
	             "IPC$ is SMB2_SHARE_TYPE_PIPE and opens the srvsvc pipe"),
	TORTURE_TEST(tree_disconnect_basic, "MS-SMB2 3.3.5.8; MS-SMB2 2.2.11",
	             "TREE_DISCONNECT succeeds and the session connects again"),
	TORTURE_TEST(tree_use_after_disconnect, "MS-SMB2 3.3.5.2.11; MS-SMB2 3.3.5.8",
	             "a disconnected TreeId is STATUS_NETWORK_NAME_DELETED"),
	TORTURE_TEST(tree_disconnect_twice, "MS-SMB2 3.3.5.8; MS-SMB2 3.3.5.2.11",
	             "a second TREE_DISCONNECT is STATUS_NETWORK_NAME_DELETED"),
	TORTURE_TEST(tree_disconnect_closes_opens, "MS-SMB2 3.3.5.8",
	             "TREE_DISCONNECT closes the tree's opens"),
	TORTURE_TEST(tree_several, "MS-SMB2 3.3.5.7; MS-SMB2 3.3.1.9",
	             "trees to two shares and twice to one get distinct TreeIds and work apart"),
	TORTURE_TEST(tree_other_session, "MS-SMB2 3.3.5.2.11; MS-SMB2 3.3.1.9",
	             "another session's TreeId is STATUS_NETWORK_NAME_DELETED"),
	TORTURE_TEST(tree_id_zero, "MS-SMB2 3.3.5.2.11; MS-SMB2 3.3.1.9",
	             "TreeId 0 and 0xFFFFFFFF are STATUS_NETWORK_NAME_DELETED"),
	TORTURE_TEST(tree_bad_share, TC, "an unknown share is STATUS_BAD_NETWORK_NAME"),
	TORTURE_TEST(tree_path_no_server, TC,
	             "a path without \\\\server is STATUS_INVALID_PARAMETER"),
	TORTURE_TEST(tree_path_no_share, TC,
	             "a path without a share part is STATUS_INVALID_PARAMETER"),
	TORTURE_TEST(tree_path_share_too_long, TC,
	             "a share name over 80 characters is STATUS_INVALID_PARAMETER"),
	TORTURE_TEST(tree_path_empty, TC, "an empty path is STATUS_INVALID_PARAMETER"),
};

TORTURE_SUITE(tree_suite, "tree", "TREE_CONNECT, TREE_DISCONNECT and TreeIds", tests)
