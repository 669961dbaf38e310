/*
 * Tests of the "write" suite (table in write.c): FLUSH (MS-SMB2 2.2.17,
 * 2.2.18, 3.3.5.11) with the access it needs on files and directories,
 * data written on one connection read on another, many WRITEs in flight
 * at once from two opens of one file, and multi-credit I/O on a share
 * that encrypts.
 */
#include <unistd.h>

#include "torture/suites/read_util.h"
#include "torture/suites/write_util.h"
#include "wire/flush.h"

#define WF_LEN 1000u
/* Interleaved writes: stripes of WF_STRIPE bytes, WF_STRIPES of them. */
#define WF_STRIPE 4096u
#define WF_STRIPES 64u

static NTSTATUS wf_flush(struct torture_ctx *t, struct cli_tree *tree, struct smb2_fileid fid)
{
	struct cli_req *r;
	NTSTATUS st = cli_flush_send(tree, fid, NULL, &r);

	if (st != STATUS_SUCCESS)
		return st;
	torture_req(t, r);
	return cli_wait(r, 0);
}

void write_flush_basic(struct torture_ctx *t)
{
	struct cli_open o;
	const uint8_t *data = rw_pattern(t, WF_LEN, 0, 0x31);
	uint32_t n;

	CHECK_STATUS(t, torture_create_file(t, t->tree, torture_path(t, "f"), &o), STATUS_SUCCESS);
	CHECK_STATUS(t, wf_flush(t, t->tree, o.id), STATUS_SUCCESS);
	CHECK_STATUS(t, rw_write(t, t->tree, o.id, 0, data, WF_LEN, &n), STATUS_SUCCESS);
	CHECK_STATUS(t, wf_flush(t, t->tree, o.id), STATUS_SUCCESS);
	rw_check_read(t, t->tree, o.id, 0, data, WF_LEN);
}

void write_flush_read_only(struct torture_ctx *t)
{
	const char *path = torture_path(t, "f");
	struct cli_open o;

	rw_make_file(t, t->tree, path, WF_LEN, 0x31);
	CHECK_STATUS(t, rw_open(t->tree, path,
	                        SMB2_FILE_READ_DATA | SMB2_FILE_READ_ATTRIBUTES |
	                                SMB2_FILE_WRITE_ATTRIBUTES | SMB2_FILE_WRITE_EA,
	                        SMB2_FILE_OPEN, 0, &o),
	             STATUS_SUCCESS);
	/* 3.3.5.11: a file open with neither FILE_WRITE_DATA nor
	 * FILE_APPEND_DATA (other write rights do not count). */
	CHECK_STATUS(t, wf_flush(t, t->tree, o.id), STATUS_ACCESS_DENIED);
}

void write_flush_append_only(struct torture_ctx *t)
{
	const char *path = torture_path(t, "f");
	struct cli_open o;

	rw_make_file(t, t->tree, path, WF_LEN, 0x31);
	CHECK_STATUS(t, rw_open(t->tree, path, SMB2_FILE_APPEND_DATA, SMB2_FILE_OPEN, 0, &o),
	             STATUS_SUCCESS);
	CHECK_STATUS(t, wf_flush(t, t->tree, o.id), STATUS_SUCCESS);
}

void write_flush_directory(struct torture_ctx *t)
{
	const char *path = torture_path(t, "d");
	struct cli_open o;

	CHECK_STATUS(t, torture_create_dir(t, t->tree, path, &o), STATUS_SUCCESS);
	/* 3.3.5.11: a directory needs FILE_ADD_FILE or FILE_ADD_SUBDIRECTORY. */
	CHECK_STATUS(t, rw_open(t->tree, path, SMB2_FILE_LIST_DIRECTORY | SMB2_FILE_READ_ATTRIBUTES,
	                        SMB2_FILE_OPEN, SMB2_FILE_DIRECTORY_FILE, &o),
	             STATUS_SUCCESS);
	CHECK_STATUS(t, wf_flush(t, t->tree, o.id), STATUS_ACCESS_DENIED);
	CHECK_STATUS(t, rw_open(t->tree, path, SMB2_FILE_ADD_FILE | SMB2_FILE_READ_ATTRIBUTES,
	                        SMB2_FILE_OPEN, SMB2_FILE_DIRECTORY_FILE, &o),
	             STATUS_SUCCESS);
	CHECK_STATUS(t, wf_flush(t, t->tree, o.id), STATUS_SUCCESS);
	CHECK_STATUS(t, rw_open(t->tree, path,
	                        SMB2_FILE_ADD_SUBDIRECTORY | SMB2_FILE_READ_ATTRIBUTES,
	                        SMB2_FILE_OPEN, SMB2_FILE_DIRECTORY_FILE, &o),
	             STATUS_SUCCESS);
	CHECK_STATUS(t, wf_flush(t, t->tree, o.id), STATUS_SUCCESS);
}

void write_flush_unknown_fileid(struct torture_ctx *t)
{
	struct smb2_fileid bogus = { RW_BOGUS_FID_PERSISTENT, RW_BOGUS_FID_VOLATILE };
	struct cli_open o;

	CHECK_STATUS(t, wf_flush(t, t->tree, bogus), STATUS_FILE_CLOSED);
	CHECK_STATUS(t, torture_create_file(t, t->tree, torture_path(t, "f"), &o), STATUS_SUCCESS);
	CHECK_STATUS(t, cli_close(t->tree, o.id), STATUS_SUCCESS);
	CHECK_STATUS(t, wf_flush(t, t->tree, o.id), STATUS_FILE_CLOSED);
}

void write_other_connection(struct torture_ctx *t)
{
	const char *path = torture_path(t, "f");
	uint8_t *want = rw_pattern(t, 2 * WF_LEN, 0, 0x31);
	const uint8_t *more = rw_pattern(t, WF_LEN, WF_LEN, 0x77);
	struct cli_tree *tree2;
	struct cli_open a, b;
	uint32_t n;

	CHECK_STATUS(t, torture_open_client(t, NULL, NULL, NULL, &tree2), STATUS_SUCCESS);
	CHECK_STATUS(t, torture_create_file(t, t->tree, path, &a), STATUS_SUCCESS);
	CHECK_STATUS(t, rw_write(t, t->tree, a.id, 0, want, WF_LEN, &n), STATUS_SUCCESS);
	/* The second connection opens the file while the first holds it
	 * open, and sees the data and the size at once. */
	CHECK_STATUS(t, rw_open(tree2, path,
	                        SMB2_FILE_READ_DATA | SMB2_FILE_WRITE_DATA |
	                                SMB2_FILE_READ_ATTRIBUTES,
	                        SMB2_FILE_OPEN, 0, &b),
	             STATUS_SUCCESS);
	CHECK_VAL(t, b.end_of_file, WF_LEN);
	rw_check_read(t, tree2, b.id, 0, want, WF_LEN);
	/* And the other way round. */
	CHECK_STATUS(t, rw_write(t, tree2, b.id, WF_LEN, more, WF_LEN, &n), STATUS_SUCCESS);
	memcpy(want + WF_LEN, more, WF_LEN);
	CHECK_VAL(t, rw_eof(t, t->tree, a.id), 2 * WF_LEN);
	rw_check_read(t, t->tree, a.id, 0, want, 2 * WF_LEN);
}

void write_interleaved(struct torture_ctx *t)
{
	const char *path = torture_path(t, "f");
	const size_t total = (size_t)WF_STRIPE * WF_STRIPES;
	const uint8_t *want = rw_pattern(t, total, 0, 0x31);
	uint8_t *got = torture_alloc(t, total);
	struct cli_req *reqs[WF_STRIPES];
	struct cli_open o[2];
	size_t n = 0;

	CHECK_STATUS(t, torture_create_file(t, t->tree, path, &o[0]), STATUS_SUCCESS);
	CHECK_STATUS(t, rw_open(t->tree, path, SMB2_FILE_WRITE_DATA | SMB2_FILE_APPEND_DATA,
	                        SMB2_FILE_OPEN, 0, &o[1]),
	             STATUS_SUCCESS);
	/* Stripes in a scattered order (37 is prime to 64), alternating
	 * between the two opens, all sent before any answer is awaited. */
	for (unsigned i = 0; i < WF_STRIPES; i++) {
		unsigned s = (i * 37u) % WF_STRIPES;
		struct rw_write_args a;

		memset(&a, 0, sizeof(a));
		a.off = (uint64_t)s * WF_STRIPE;
		a.data = want + a.off;
		a.len = WF_STRIPE;
		CHECK_STATUS(t, rw_write_send(t, t->tree, o[i % 2].id, &a, NULL, &reqs[i]),
		             STATUS_SUCCESS);
	}
	CHECK_STATUS(t, cli_wait_all(reqs, WF_STRIPES, 0), STATUS_SUCCESS);
	for (unsigned i = 0; i < WF_STRIPES; i++) {
		CHECK_VAL(t, reqs[i]->msg.kind, SMB2_MSG_RSP(SMB2_WRITE));
		CHECK_VAL(t, reqs[i]->msg.u.write_rsp.count, WF_STRIPE);
	}
	CHECK_VAL(t, rw_eof(t, t->tree, o[0].id), total);
	CHECK_STATUS(t, cli_read(t->tree, o[0].id, 0, got, total, &n), STATUS_SUCCESS);
	CHECK_VAL(t, n, total);
	CHECK_MEM(t, got, want, total);
}

void write_encrypted_share(struct torture_ctx *t)
{
	const char *share = torture_require_option(t, "share_encrypted");
	const size_t total = 1u << 20;
	const uint8_t *want = rw_pattern(t, total, 0, 0x55);
	uint8_t *got = torture_alloc(t, total);
	struct cli_tree *tree;
	struct rw_read_args a;
	struct cli_req *r = NULL;
	struct cli_open o;
	size_t n = 0;

	torture_require_dialect(t, SMB2_DIALECT_300);
	CHECK_STATUS(t, torture_tree(t, t->sess, share, &tree), STATUS_SUCCESS);
	CHECK_TRUE(t, tree->encrypt, "share %s does not set SMB2_SHAREFLAG_ENCRYPT_DATA", share);
	/* The test directory is on the other share: a file at the root that
	 * goes away with its last handle (delete on close needs DELETE asked
	 * for by name, MS-FSA 2.1.5.1). */
	CHECK_STATUS(t, rw_open(tree, torture_printf(t, "smbsim-torture-%ld-rw.tmp", (long)getpid()),
	                        SMB2_FILE_READ_DATA | SMB2_FILE_WRITE_DATA |
	                                SMB2_FILE_READ_ATTRIBUTES | SMB2_DELETE,
	                        SMB2_FILE_OVERWRITE_IF,
	                        SMB2_FILE_NON_DIRECTORY_FILE | SMB2_FILE_DELETE_ON_CLOSE, &o),
	             STATUS_SUCCESS);
	/* 3.3.5.13/3.3.5.12 through the transform (3.1.4.3): 1 MiB in and
	 * out in chunks as large as the credits allow, then one READ of
	 * 256 KiB (multi-credit with LARGE_MTU), its answer encrypted. */
	CHECK_STATUS(t, cli_write(tree, o.id, 0, want, total), STATUS_SUCCESS);
	CHECK_STATUS(t, cli_read(tree, o.id, 0, got, total, &n), STATUS_SUCCESS);
	CHECK_VAL(t, n, total);
	CHECK_MEM(t, got, want, total);
	memset(&a, 0, sizeof(a));
	a.off = 4096;
	a.len = 4 * RW_CREDIT_UNIT;
	if (!tree->sess->conn->multi_credit || t->srv->max_read < a.len)
		a.len = RW_CREDIT_UNIT;
	rw_want_credits(t, tree->sess->conn, tree->sess, rw_charge(a.len));
	CHECK_STATUS(t, rw_read_req(t, tree, o.id, &a, NULL, &r), STATUS_SUCCESS);
	CHECK_TRUE(t, r->rsp_encrypted, "the READ response on %s was not encrypted", share);
	CHECK_VAL(t, r->msg.u.read_rsp.data.len, a.len);
	CHECK_MEM(t, r->msg.u.read_rsp.data.p, want + a.off, a.len);
}
