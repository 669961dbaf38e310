/*
 * CLOSE (MS-SMB2 2.2.15, 2.2.16, 3.3.5.10): the attributes returned with
 * SMB2_CLOSE_FLAG_POSTQUERY_ATTRIB and the zeros without it, and the
 * FileId that no longer (or never did) name an open: STATUS_FILE_CLOSED
 * for CLOSE and for the commands that use it afterwards.
 */
#include "torture/suites/create_util.h"

/* CLOSE with flags; the done request (the fixture frees it). */
static struct cli_req *close_req(struct torture_ctx *t, struct cli_tree *tree,
                                 struct smb2_fileid fid, uint16_t flags)
{
	struct cli_req *r;

	CHECK_STATUS(t, cli_close_send(tree, fid, flags, NULL, &r), STATUS_SUCCESS);
	torture_req(t, r);
	cli_wait(r, 0);
	CHECK_TRUE(t, r->done, "CLOSE: no answer");
	return r;
}

static struct smb2_fileid new_file(struct torture_ctx *t, const char *name, size_t len)
{
	struct cli_open o;
	uint8_t data[64];

	for (size_t i = 0; i < sizeof(data); i++)
		data[i] = (uint8_t)i;
	CHECK_STATUS(t, ct_open(t->tree, torture_path(t, "%s", name), SMB2_GENERIC_ALL,
	                        CT_SHARE_ALL, SMB2_FILE_CREATE, SMB2_FILE_NON_DIRECTORY_FILE, &o),
	             STATUS_SUCCESS);
	if (len)
		CHECK_STATUS(t, cli_write(t->tree, o.id, 0, data, len < sizeof(data) ? len : sizeof(data)),
		             STATUS_SUCCESS);
	return o.id;
}

static void close_postquery(struct torture_ctx *t)
{
	struct smb2_fileid fid = new_file(t, "f", 10);
	struct smb2_fileinfo fi;
	const struct smb2_close_rsp *c;
	struct cli_req *r;

	CHECK_STATUS(t, ct_query(t, t->tree, fid, FILE_NETWORK_OPEN_INFORMATION, &fi),
	             STATUS_SUCCESS);
	r = close_req(t, t->tree, fid, SMB2_CLOSE_FLAG_POSTQUERY_ATTRIB);
	CHECK_STATUS(t, r->status, STATUS_SUCCESS);
	c = &r->msg.u.close_rsp;
	/* 2.2.16: Flags echoes POSTQUERY_ATTRIB when the attributes are
	 * returned. */
	CHECK_VAL(t, c->flags, SMB2_CLOSE_FLAG_POSTQUERY_ATTRIB);
	CHECK_VAL(t, c->end_of_file, 10);
	CHECK_VAL(t, c->creation_time, fi.u.network_open.creation_time);
	CHECK_VAL(t, c->file_attributes, fi.u.network_open.file_attributes);
	CHECK_TRUE(t, c->last_write_time && c->change_time && c->last_access_time,
	           "POSTQUERY_ATTRIB close answered a zero time");
	CHECK_TRUE(t, c->allocation_size >= 10 || c->allocation_size == 0,
	           "AllocationSize %llu below EndOfFile 10", (unsigned long long)c->allocation_size);
}

static void close_postquery_dir(struct torture_ctx *t)
{
	const char *path = torture_path(t, "d");
	struct cli_open o;
	struct cli_req *r;

	CHECK_STATUS(t, ct_open(t->tree, path, SMB2_FILE_LIST_DIRECTORY, CT_SHARE_ALL,
	                        SMB2_FILE_CREATE, SMB2_FILE_DIRECTORY_FILE, &o),
	             STATUS_SUCCESS);
	r = close_req(t, t->tree, o.id, SMB2_CLOSE_FLAG_POSTQUERY_ATTRIB);
	CHECK_STATUS(t, r->status, STATUS_SUCCESS);
	CHECK_VAL(t, r->msg.u.close_rsp.flags, SMB2_CLOSE_FLAG_POSTQUERY_ATTRIB);
	CHECK_TRUE(t, r->msg.u.close_rsp.file_attributes & SMB2_FILE_ATTRIBUTE_DIRECTORY,
	           "directory closed with POSTQUERY_ATTRIB answers attributes 0x%x",
	           r->msg.u.close_rsp.file_attributes);
	CHECK_VAL(t, r->msg.u.close_rsp.creation_time, o.creation_time);
}

/* 2.2.16: without POSTQUERY_ATTRIB every field after Flags is zero. */
static void close_no_postquery(struct torture_ctx *t)
{
	struct smb2_fileid fid = new_file(t, "f", 10);
	const struct smb2_close_rsp *c;
	struct cli_req *r = close_req(t, t->tree, fid, 0);

	CHECK_STATUS(t, r->status, STATUS_SUCCESS);
	c = &r->msg.u.close_rsp;
	CHECK_VAL(t, c->flags, 0);
	CHECK_VAL(t, c->creation_time, 0);
	CHECK_VAL(t, c->last_access_time, 0);
	CHECK_VAL(t, c->last_write_time, 0);
	CHECK_VAL(t, c->change_time, 0);
	CHECK_VAL(t, c->allocation_size, 0);
	CHECK_VAL(t, c->end_of_file, 0);
	CHECK_VAL(t, c->file_attributes, 0);
}

static void close_unknown_fileid(struct torture_ctx *t)
{
	struct smb2_fileid bogus = { UINT64_C(0x1234567812345678), UINT64_C(0x8765432187654321) };

	CHECK_STATUS(t, close_req(t, t->tree, bogus, 0)->status, STATUS_FILE_CLOSED);
	CHECK_STATUS(t, close_req(t, t->tree, bogus, SMB2_CLOSE_FLAG_POSTQUERY_ATTRIB)->status,
	             STATUS_FILE_CLOSED);
}

static void close_twice(struct torture_ctx *t)
{
	struct smb2_fileid fid = new_file(t, "f", 0);

	CHECK_STATUS(t, close_req(t, t->tree, fid, 0)->status, STATUS_SUCCESS);
	CHECK_STATUS(t, close_req(t, t->tree, fid, 0)->status, STATUS_FILE_CLOSED);
}

/* 3.3.5.10: the open is found by FileId.Volatile and must also match
 * FileId.Persistent; either half wrong is STATUS_FILE_CLOSED, and the
 * open stays usable. */
static void close_wrong_half(struct torture_ctx *t)
{
	struct smb2_fileid fid = new_file(t, "f", 0);
	struct smb2_fileid bad = fid;

	bad.persistent ^= UINT64_C(0x5A5A);
	CHECK_STATUS(t, close_req(t, t->tree, bad, 0)->status, STATUS_FILE_CLOSED);
	bad = fid;
	bad.volatile_ ^= UINT64_C(0x5A5A);
	CHECK_STATUS(t, close_req(t, t->tree, bad, 0)->status, STATUS_FILE_CLOSED);
	CHECK_STATUS(t, close_req(t, t->tree, fid, 0)->status, STATUS_SUCCESS);
}

/* After CLOSE the FileId names nothing: READ, WRITE, QUERY_INFO and
 * FLUSH fail with STATUS_FILE_CLOSED (3.3.5.12, 3.3.5.13, 3.3.5.20.1,
 * 3.3.5.11). */
static void close_use_after(struct torture_ctx *t)
{
	struct smb2_fileid fid = new_file(t, "f", 10);
	struct smb2_fileinfo fi;
	uint8_t buf[4];
	size_t got = 0;

	CHECK_STATUS(t, cli_close(t->tree, fid), STATUS_SUCCESS);
	CHECK_STATUS(t, cli_read(t->tree, fid, 0, buf, sizeof(buf), &got), STATUS_FILE_CLOSED);
	CHECK_STATUS(t, cli_write(t->tree, fid, 0, buf, sizeof(buf)), STATUS_FILE_CLOSED);
	CHECK_STATUS(t, ct_query(t, t->tree, fid, FILE_STANDARD_INFORMATION, &fi),
	             STATUS_FILE_CLOSED);
	CHECK_STATUS(t, cli_flush(t->tree, fid), STATUS_FILE_CLOSED);
}

/* An open belongs to its session and tree: another tree of the same
 * session sees the FileId, another session does not (3.3.5.10 looks
 * in Session.OpenTable). */
static void close_other_session(struct torture_ctx *t)
{
	struct smb2_fileid fid = new_file(t, "f", 0);
	struct cli_tree *tree2;

	CHECK_STATUS(t, torture_open_client(t, NULL, NULL, NULL, &tree2), STATUS_SUCCESS);
	CHECK_STATUS(t, close_req(t, tree2, fid, 0)->status, STATUS_FILE_CLOSED);
	CHECK_STATUS(t, close_req(t, t->tree, fid, 0)->status, STATUS_SUCCESS);
}

static const struct torture_test tests[] = {
	TORTURE_TEST(close_postquery, "MS-SMB2 2.2.15; MS-SMB2 2.2.16; MS-SMB2 3.3.5.10",
	             "POSTQUERY_ATTRIB returns the file's times, sizes and attributes"),
	TORTURE_TEST(close_postquery_dir, "MS-SMB2 2.2.16; MS-SMB2 3.3.5.10",
	             "POSTQUERY_ATTRIB on a directory returns DIRECTORY and its creation time"),
	TORTURE_TEST(close_no_postquery, "MS-SMB2 2.2.16; MS-SMB2 3.3.5.10",
	             "without POSTQUERY_ATTRIB every returned field is zero"),
	TORTURE_TEST(close_unknown_fileid, "MS-SMB2 3.3.5.10",
	             "CLOSE of a FileId that was never opened is STATUS_FILE_CLOSED"),
	TORTURE_TEST(close_twice, "MS-SMB2 3.3.5.10",
	             "a second CLOSE of the same FileId is STATUS_FILE_CLOSED"),
	TORTURE_TEST(close_wrong_half, "MS-SMB2 3.3.5.10; MS-SMB2 2.2.14.1",
	             "a wrong Persistent or Volatile half is STATUS_FILE_CLOSED; the open survives"),
	TORTURE_TEST(close_use_after,
	             "MS-SMB2 3.3.5.11; MS-SMB2 3.3.5.12; MS-SMB2 3.3.5.13; MS-SMB2 3.3.5.20.1",
	             "READ, WRITE, QUERY_INFO and FLUSH on a closed FileId are STATUS_FILE_CLOSED"),
	TORTURE_TEST(close_other_session, "MS-SMB2 3.3.5.10; MS-SMB2 3.3.1.10",
	             "another session cannot close an open: STATUS_FILE_CLOSED"),
};

TORTURE_SUITE(create_close_suite, "create_close", "CLOSE: post-query attributes and FileIds",
              tests)
