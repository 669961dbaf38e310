/*
 * TREE_CONNECT to shares with properties (MS-SMB2 3.3.5.7, 3.3.5.2.11):
 * a share that requires encryption (option share_encrypted) and a
 * read-only share (option share_readonly); the Flags field, Reserved
 * before 3.1.1 and flags a 3.1.1 server may ignore; malformed requests
 * (PathOffset, PathLength) put on the wire with the pre-send hook.
 */
#include "torture/suites/create_util.h"
#include "torture/suites/tree_util.h"

/*
 * 3.3.5.7: a share with EncryptData answers SMB2_SHAREFLAG_ENCRYPT_DATA
 * on 3.x; 3.3.5.2.11: an unencrypted request to it is
 * STATUS_ACCESS_DENIED (for 3.0 and 3.0.2 when RejectUnencryptedAccess
 * is TRUE, its default; unconditionally for 3.1.1).  Encrypted requests
 * work.
 */
static void tree_encrypted_share(struct torture_ctx *t)
{
	const char *share = torture_require_option(t, "share_encrypted");
	struct cli_override ov = { .encrypt = CLI_ENC_NEVER };
	struct cli_create_args a = { .desired_access = SMB2_GENERIC_ALL,
		                     .share_access = CT_SHARE_ALL,
		                     .disposition = SMB2_FILE_OPEN_IF };
	struct cli_tree *x;
	struct cli_open o;
	struct cli_req *r;

	torture_require_dialect(t, SMB2_DIALECT_300);
	/* 3.0 and 3.0.2 announce encryption in Capabilities, 3.1.1 by the
	 * cipher it picks (2.2.4, 2.2.3.1.2). */
	if (t->conn->dialect == SMB2_DIALECT_311 ? t->conn->cipher == 0
	                                         : !(t->conn->server_caps & SMB2_GLOBAL_CAP_ENCRYPTION))
		torture_skip(t, "the server offers no encryption on %s",
		             torture_dialect_name(t->conn->dialect));
	CHECK_STATUS(t, torture_tree(t, t->sess, share, &x), STATUS_SUCCESS);
	tr_check_answer(t, t->conn->dialect, x, SMB2_SHARE_TYPE_DISK);
	CHECK_TRUE(t, x->share_flags & SMB2_SHAREFLAG_ENCRYPT_DATA,
	           "share %s answers ShareFlags 0x%x without ENCRYPT_DATA", share, x->share_flags);
	CHECK_TRUE(t, x->encrypt, "the client did not take up the share's encryption");
	CHECK_STATUS(t, ct_open(x, "smbsim-torture-enc",
	                        SMB2_DELETE | SMB2_FILE_READ_DATA | SMB2_FILE_WRITE_DATA,
	                        CT_SHARE_ALL, SMB2_FILE_OPEN_IF, SMB2_FILE_DELETE_ON_CLOSE, &o),
	             STATUS_SUCCESS);
	CHECK_STATUS(t, cli_close(x, o.id), STATUS_SUCCESS);
	/* The refusal itself comes encrypted (3.3.4.1.4: responses for a
	 * share with EncryptData are encrypted); the client takes either. */
	r = ct_create_req(t, x, "smbsim-torture-enc", &a, &ov);
	CHECK_STATUS(t, r->status, STATUS_ACCESS_DENIED);
	/* The plain share on the same session is not affected. */
	CHECK_STATUS(t, ct_probe(t->tree, t->dir), STATUS_SUCCESS);
}

/* A read-only share gives no write rights: MaximalAccess lacks them and
 * anything that would write is refused, with STATUS_ACCESS_DENIED or
 * (the object store's MS-FSA answer for a write-protected volume)
 * STATUS_MEDIA_WRITE_PROTECTED.  Reading works. */
static bool write_refused(NTSTATUS st)
{
	return st == STATUS_ACCESS_DENIED || st == STATUS_MEDIA_WRITE_PROTECTED;
}

static void tree_readonly_share(struct torture_ctx *t)
{
	const char *share = torture_require_option(t, "share_readonly");
	struct cli_tree *x;
	struct cli_open o;
	NTSTATUS st;

	CHECK_STATUS(t, torture_tree(t, t->sess, share, &x), STATUS_SUCCESS);
	tr_check_answer(t, t->conn->dialect, x, SMB2_SHARE_TYPE_DISK);
	CHECK_VAL(t, x->maximal_access & (SMB2_FILE_WRITE_DATA | SMB2_FILE_APPEND_DATA), 0);
	CHECK_STATUS(t, ct_open(x, "", SMB2_FILE_LIST_DIRECTORY | SMB2_FILE_READ_ATTRIBUTES,
	                        CT_SHARE_ALL, SMB2_FILE_OPEN, SMB2_FILE_DIRECTORY_FILE, &o),
	             STATUS_SUCCESS);
	CHECK_STATUS(t, cli_close(x, o.id), STATUS_SUCCESS);

	st = ct_open(x, "smbsim-torture-ro", SMB2_GENERIC_ALL, CT_SHARE_ALL, SMB2_FILE_CREATE,
	             SMB2_FILE_NON_DIRECTORY_FILE, &o);
	CHECK_TRUE(t, write_refused(st), "CREATE on a read-only share: %s", nt_status_name(st));
	st = ct_open(x, "smbsim-torture-ro", SMB2_FILE_READ_DATA, CT_SHARE_ALL, SMB2_FILE_OPEN_IF,
	             SMB2_FILE_DIRECTORY_FILE, &o);
	CHECK_TRUE(t, write_refused(st), "OPEN_IF of a new directory on a read-only share: %s",
	           nt_status_name(st));
	st = ct_open(x, "", SMB2_FILE_ADD_FILE | SMB2_FILE_ADD_SUBDIRECTORY, CT_SHARE_ALL,
	             SMB2_FILE_OPEN, SMB2_FILE_DIRECTORY_FILE, &o);
	CHECK_TRUE(t, write_refused(st), "opening the root of a read-only share to add to it: %s",
	           nt_status_name(st));
	CHECK_STATUS(t, ct_probe(x, "smbsim-torture-ro"), STATUS_OBJECT_NAME_NOT_FOUND);
}

/* 2.2.9: before 3.1.1 the field is Reserved and the server MUST ignore
 * it, even with the bit that means EXTENSION_PRESENT in 3.1.1. */
static void tree_reserved_pre311(struct torture_ctx *t)
{
	struct ct_patch pt = { 0 };
	struct cli_override ov = { .hook = ct_patch_hook, .hook_arg = &pt };
	struct cli_conn *c;
	struct cli_session *s;
	struct cli_tree *x;
	NTSTATUS st = tr_client(t, SMB2_DIALECT_202, SMB2_DIALECT_302, &c, &s);

	if (st != STATUS_SUCCESS)
		torture_skip(t, "the server speaks no dialect before 3.1.1 (%s)", nt_status_name(st));
	tr_require_unsigned(t, s);
	ct_patch_add(&pt, TR_OFF_FLAGS, 2, 0xFFFF);
	x = tr_tree_of(t, s, tr_connect_raw(t, s, t->tgt->unc, 0, &ov));
	tr_check_answer(t, c->dialect, x, SMB2_SHARE_TYPE_DISK);
	CHECK_STATUS(t, ct_probe(x, t->dir), STATUS_SUCCESS);
}

/* 3.1.1: CLUSTER_RECONNECT and REDIRECT_TO_OWNER on a share that is not
 * clustered or scaled out change nothing (the Windows protocol test suite
 * expects success for CLUSTER_RECONNECT). */
static void tree_flags_311(struct torture_ctx *t)
{
	struct cli_conn *c;
	struct cli_session *s;
	struct cli_tree *x;

	torture_require_dialect(t, SMB2_DIALECT_311);
	CHECK_STATUS(t, tr_client(t, SMB2_DIALECT_311, SMB2_DIALECT_311, &c, &s), STATUS_SUCCESS);
	x = tr_tree_of(t, s, tr_connect_raw(t, s, t->tgt->unc,
	                                    SMB2_TREE_CONNECT_FLAG_CLUSTER_RECONNECT |
	                                            SMB2_TREE_CONNECT_FLAG_REDIRECT_TO_OWNER,
	                                    NULL));
	if (x->capabilities & (SMB2_SHARE_CAP_CLUSTER | SMB2_SHARE_CAP_SCALEOUT))
		torture_skip(t, "the share is clustered or scaled out: the flags may act");
	tr_check_answer(t, c->dialect, x, SMB2_SHARE_TYPE_DISK);
	CHECK_STATUS(t, ct_probe(x, t->dir), STATUS_SUCCESS);
	CHECK_STATUS(t, tr_disconnect_raw(t, x), STATUS_SUCCESS);
}

/* A TREE_CONNECT patched on its way out, on a connection before 3.1.1
 * (a 3.1.1 TREE_CONNECT is signed, which the patch would break): it must
 * be refused with `want` and the connection go on. */
static void tree_malformed(struct torture_ctx *t, struct ct_patch *pt, NTSTATUS want)
{
	struct cli_override ov = { .hook = ct_patch_hook, .hook_arg = pt };
	struct cli_conn *c;
	struct cli_session *s;
	struct cli_req *r;
	NTSTATUS st = tr_client(t, SMB2_DIALECT_202, SMB2_DIALECT_302, &c, &s);

	if (st != STATUS_SUCCESS)
		torture_skip(t, "the server speaks no dialect before 3.1.1 (%s)", nt_status_name(st));
	tr_require_unsigned(t, s);
	r = tr_connect_raw(t, s, t->tgt->unc, 0, &ov);
	if (r->status == STATUS_SUCCESS)
		(void)tr_disconnect_raw(t, tr_fake(t, s, r->msg.hdr.tree_id));
	CHECK_STATUS(t, r->status, want);
	CHECK_STATUS(t, cli_echo(c), STATUS_SUCCESS);
}

/* PathOffset/PathLength reaching past the request. */
static void tree_malformed_path_outside(struct torture_ctx *t)
{
	struct ct_patch pt = { 0 };

	ct_patch_add(&pt, TR_OFF_PATH_LENGTH, 2, (uint32_t)strlen(t->tgt->unc) * 2 + 64);
	tree_malformed(t, &pt, STATUS_INVALID_PARAMETER);
}

static void tree_malformed_offset_outside(struct torture_ctx *t)
{
	struct ct_patch pt = { 0 };

	ct_patch_add(&pt, TR_OFF_PATH_OFFSET, 2, 0xFF00);
	tree_malformed(t, &pt, STATUS_INVALID_PARAMETER);
}

/* PathOffset inside the fixed part of the request (before Buffer). */
static void tree_malformed_offset_low(struct torture_ctx *t)
{
	struct ct_patch pt = { 0 };

	ct_patch_add(&pt, TR_OFF_PATH_OFFSET, 2, 64);
	tree_malformed(t, &pt, STATUS_INVALID_PARAMETER);
}

/* An odd PathLength cannot hold UTF-16: not the 2.2.9 format. */
static void tree_malformed_odd_length(struct torture_ctx *t)
{
	struct ct_patch pt = { 0 };

	ct_patch_add(&pt, TR_OFF_PATH_LENGTH, 2, (uint32_t)strlen(t->tgt->unc) * 2 - 1);
	tree_malformed(t, &pt, STATUS_INVALID_PARAMETER);
}

static const struct torture_test tests[] = {
	TORTURE_TEST(tree_encrypted_share, "MS-SMB2 3.3.5.7; MS-SMB2 3.3.5.2.11; MS-SMB2 2.2.10; MS-SMB2 3.3.4.1.4",
	             "an encrypting share answers ENCRYPT_DATA; an unencrypted request to it "
	             "is STATUS_ACCESS_DENIED"),
	TORTURE_TEST(tree_readonly_share, "MS-SMB2 3.3.5.7; MS-SMB2 3.3.5.9; MS-FSA 2.1.5.1",
	             "a read-only share grants no write right and refuses creating and "
	             "writing"),
	TORTURE_TEST_RAW(tree_reserved_pre311, "MS-SMB2 2.2.9; MS-SMB2 3.3.5.7",
	                 "before 3.1.1 a non-zero Flags/Reserved field is ignored"),
	TORTURE_TEST_RAW(tree_flags_311, "MS-SMB2 2.2.9; MS-SMB2 3.3.5.7",
	                 "3.1.1 CLUSTER_RECONNECT and REDIRECT_TO_OWNER on a plain share connect"),
	TORTURE_TEST_RAW(tree_malformed_path_outside, "MS-SMB2 3.3.5.7; MS-SMB2 2.2.9",
	                 "PathLength past the request is STATUS_INVALID_PARAMETER"),
	TORTURE_TEST_RAW(tree_malformed_offset_outside, "MS-SMB2 3.3.5.7; MS-SMB2 2.2.9",
	                 "PathOffset past the request is STATUS_INVALID_PARAMETER"),
	TORTURE_TEST_RAW(tree_malformed_offset_low, "MS-SMB2 3.3.5.7; MS-SMB2 2.2.9",
	                 "PathOffset inside the header is STATUS_INVALID_PARAMETER"),
	TORTURE_TEST_RAW(tree_malformed_odd_length, "MS-SMB2 3.3.5.7; MS-SMB2 2.2.9",
	                 "an odd PathLength is STATUS_INVALID_PARAMETER"),
};

TORTURE_SUITE(tree_share_suite, "tree_share",
              "TREE_CONNECT to encrypted and read-only shares, Flags, malformed requests",
              tests)
