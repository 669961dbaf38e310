/*
 * Compounded requests (MS-SMB2 2.2.1, 3.2.4.1.4, 3.3.5.2.7): related
 * chains that carry the FileId, SessionId and TreeId of the previous
 * request (3.3.5.2.7.2), unrelated chains of independent requests
 * (3.3.5.2.7.1), how errors travel along a chain, and members that go
 * async.  Signing, encryption and broken framing: compound_wire.c.
 */
#include "torture/suites/compound_util.h"

#define RELATED true
#define UNRELATED false

/* A file of n bytes ('a' + i % 26) in the test directory. */
static const char *put_file(struct torture_ctx *t, const char *name, size_t n)
{
	uint8_t *data = torture_alloc(t, n ? n : 1);
	const char *path = torture_path(t, "%s", name);

	for (size_t i = 0; i < n; i++)
		data[i] = (uint8_t)('a' + i % 26);
	CHECK_STATUS(t, torture_put_file(t, t->tree, path, data, n), STATUS_SUCCESS);
	return path;
}

/* CREATE + WRITE + READ + CLOSE, the last three with FileId 0xFFFF...: the
 * FileId CREATE made is the one they use. */
static void related_write_read(struct torture_ctx *t)
{
	static const uint8_t data[] = "written and read back in one compound";
	const char *path = torture_path(t, "rw.dat");
	struct smb2_fileid rel = cl_fid_related();
	struct cli_send_item it[4];
	struct cli_req *r[4];
	struct cli_open o;

	it[0] = cl_item(t->tree, cl_create_msg(t, path, SMB2_GENERIC_READ | SMB2_GENERIC_WRITE,
	                                       SMB2_FILE_CREATE, SMB2_FILE_NON_DIRECTORY_FILE),
	                UNRELATED, NULL);
	it[1] = cl_item(t->tree, cl_write_msg(t, rel, 0, data, sizeof(data)), RELATED, NULL);
	it[2] = cl_item(t->tree, cl_read_msg(t, rel, 0, sizeof(data)), RELATED, NULL);
	it[3] = cl_item(t->tree, cl_close_msg(t, rel), RELATED, NULL);
	cl_send_chain(t, t->tree, it, 4, r);
	cl_wait_chain(t, r, 4);
	for (unsigned i = 0; i < 4; i++)
		CHECK_STATUS(t, r[i]->status, STATUS_SUCCESS);
	CHECK_VAL(t, r[1]->msg.u.write_rsp.count, sizeof(data));
	CHECK_VAL(t, r[2]->msg.u.read_rsp.data.len, sizeof(data));
	CHECK_MEM(t, r[2]->msg.u.read_rsp.data.p, data, sizeof(data));
	/* The CLOSE closed what CREATE opened: that FileId is gone. */
	CHECK_STATUS(t, cl_call(t, t->tree, cl_close_msg(t, r[0]->msg.u.create_rsp.file_id), NULL),
	             STATUS_FILE_CLOSED);
	CHECK_STATUS(t, cl_open(t->tree, path, SMB2_FILE_READ_ATTRIBUTES, 0, &o), STATUS_SUCCESS);
	CHECK_VAL(t, o.end_of_file, sizeof(data));
	CHECK_STATUS(t, cli_close(t->tree, o.id), STATUS_SUCCESS);
}

/* CREATE + QUERY_INFO (standard, basic) + CLOSE, related. */
static void related_create_query_close(struct torture_ctx *t)
{
	const char *path = put_file(t, "q.dat", 100);
	struct smb2_fileid rel = cl_fid_related();
	struct cli_send_item it[4];
	struct cli_req *r[4];
	struct smb2_fileinfo std, basic;

	it[0] = cl_item(t->tree, cl_create_msg(t, path, SMB2_FILE_READ_ATTRIBUTES, SMB2_FILE_OPEN,
	                                       SMB2_FILE_NON_DIRECTORY_FILE),
	                UNRELATED, NULL);
	it[1] = cl_item(t->tree, cl_qinfo_msg(t, rel, FILE_STANDARD_INFORMATION, 24), RELATED, NULL);
	it[2] = cl_item(t->tree, cl_qinfo_msg(t, rel, FILE_BASIC_INFORMATION, 40), RELATED, NULL);
	it[3] = cl_item(t->tree, cl_close_msg(t, rel), RELATED, NULL);
	cl_send_chain(t, t->tree, it, 4, r);
	cl_wait_chain(t, r, 4);
	for (unsigned i = 0; i < 4; i++)
		CHECK_STATUS(t, r[i]->status, STATUS_SUCCESS);
	std = cl_fileinfo(t, r[1], FILE_STANDARD_INFORMATION);
	basic = cl_fileinfo(t, r[2], FILE_BASIC_INFORMATION);
	CHECK_VAL(t, std.u.standard.end_of_file, 100);
	CHECK_VAL(t, std.u.standard.directory, 0);
	CHECK_VAL(t, basic.u.basic.file_attributes, r[0]->msg.u.create_rsp.file_attributes);
	CHECK_VAL(t, basic.u.basic.creation_time, r[0]->msg.u.create_rsp.creation_time);
}

/* Unrelated requests each use their own FileId: two handles of files of
 * different sizes, queried and read in one frame. */
static void unrelated_independent(struct torture_ctx *t)
{
	const char *pa = put_file(t, "a.dat", 10), *pb = put_file(t, "b.dat", 20);
	struct cli_open a, b;
	struct cli_send_item it[4];
	struct cli_req *r[4];
	struct smb2_msg *echo = cl_msg(t, SMB2_ECHO);

	CHECK_STATUS(t, cl_open(t->tree, pa, SMB2_GENERIC_READ, 0, &a), STATUS_SUCCESS);
	CHECK_STATUS(t, cl_open(t->tree, pb, SMB2_GENERIC_READ, 0, &b), STATUS_SUCCESS);
	it[0] = cl_item(t->tree, cl_qinfo_msg(t, a.id, FILE_STANDARD_INFORMATION, 24), UNRELATED,
	                NULL);
	it[1] = cl_item(t->tree, cl_qinfo_msg(t, b.id, FILE_STANDARD_INFORMATION, 24), UNRELATED,
	                NULL);
	it[2] = cl_item(t->tree, echo, UNRELATED, NULL);
	it[3] = cl_item(t->tree, cl_read_msg(t, b.id, 10, 10), UNRELATED, NULL);
	cl_send_chain(t, t->tree, it, 4, r);
	cl_wait_chain(t, r, 4);
	for (unsigned i = 0; i < 4; i++)
		CHECK_STATUS(t, r[i]->status, STATUS_SUCCESS);
	CHECK_VAL(t, cl_fileinfo(t, r[0], FILE_STANDARD_INFORMATION).u.standard.end_of_file, 10);
	CHECK_VAL(t, cl_fileinfo(t, r[1], FILE_STANDARD_INFORMATION).u.standard.end_of_file, 20);
	CHECK_VAL(t, r[3]->msg.u.read_rsp.data.len, 10);
	CHECK_MEM(t, r[3]->msg.u.read_rsp.data.p, "klmnopqrst", 10);
}

/* A related chain whose CREATE fails: the requests after it fail too. */
static void related_create_fails(struct torture_ctx *t)
{
	const char *path = torture_path(t, "missing.dat");
	struct smb2_fileid rel = cl_fid_related();
	struct cli_send_item it[3];
	struct cli_req *r[3];

	it[0] = cl_item(t->tree, cl_create_msg(t, path, SMB2_GENERIC_READ, SMB2_FILE_OPEN, 0),
	                UNRELATED, NULL);
	it[1] = cl_item(t->tree, cl_qinfo_msg(t, rel, FILE_STANDARD_INFORMATION, 24), RELATED, NULL);
	it[2] = cl_item(t->tree, cl_close_msg(t, rel), RELATED, NULL);
	cl_send_chain(t, t->tree, it, 3, r);
	cl_wait_chain(t, r, 3);
	CHECK_STATUS(t, r[0]->status, STATUS_OBJECT_NAME_NOT_FOUND);
	/* 3.3.5.2.7.2: the SHOULD<260> is the CREATE's own status; a server
	 * that does not follow it has no FileId to use: STATUS_INVALID_HANDLE
	 * ("neither contains nor generates"), STATUS_FILE_CLOSED (no open for
	 * 0xFFFF...), or STATUS_INVALID_PARAMETER as older Windows answers. */
	for (unsigned i = 1; i < 3; i++) {
		NTSTATUS st = r[i]->status;
		CHECK_TRUE(t, st == STATUS_OBJECT_NAME_NOT_FOUND || st == STATUS_INVALID_HANDLE ||
		                  st == STATUS_FILE_CLOSED || st == STATUS_INVALID_PARAMETER,
		           "request %u after the failed CREATE: %s (want the CREATE's status, "
		           "INVALID_HANDLE, FILE_CLOSED or INVALID_PARAMETER)", i + 1,
		           nt_status_name(st));
	}
}

/* A related chain on a read-only open: the WRITE in the middle fails with
 * STATUS_ACCESS_DENIED and nothing is written; what follows either carries
 * that error on (SHOULD<260>) or is processed. */
static void related_error_mid_chain(struct torture_ctx *t)
{
	const char *path = put_file(t, "ro.dat", 64);
	struct smb2_fileid rel = cl_fid_related();
	static const uint8_t junk[64];
	struct cli_send_item it[5];
	struct cli_req *r[5];
	uint8_t back[64];
	size_t got = 0;
	struct cli_open o;

	it[0] = cl_item(t->tree, cl_create_msg(t, path, SMB2_FILE_READ_DATA | SMB2_FILE_READ_ATTRIBUTES,
	                                       SMB2_FILE_OPEN, SMB2_FILE_NON_DIRECTORY_FILE),
	                UNRELATED, NULL);
	it[1] = cl_item(t->tree, cl_read_msg(t, rel, 0, 1), RELATED, NULL);
	it[2] = cl_item(t->tree, cl_write_msg(t, rel, 0, junk, sizeof(junk)), RELATED, NULL);
	it[3] = cl_item(t->tree, cl_read_msg(t, rel, 1, 1), RELATED, NULL);
	it[4] = cl_item(t->tree, cl_close_msg(t, rel), RELATED, NULL);
	cl_send_chain(t, t->tree, it, 5, r);
	cl_wait_chain(t, r, 5);
	CHECK_STATUS(t, r[0]->status, STATUS_SUCCESS);
	CHECK_STATUS(t, r[1]->status, STATUS_SUCCESS);
	CHECK_VAL(t, r[1]->msg.u.read_rsp.data.len, 1);
	CHECK_MEM(t, r[1]->msg.u.read_rsp.data.p, "a", 1);
	CHECK_STATUS(t, r[2]->status, STATUS_ACCESS_DENIED);
	CHECK_TRUE(t, r[3]->status == STATUS_SUCCESS || r[3]->status == STATUS_ACCESS_DENIED,
	           "READ after the failed WRITE: %s", nt_status_name(r[3]->status));
	if (r[3]->status == STATUS_SUCCESS) {
		CHECK_VAL(t, r[3]->msg.u.read_rsp.data.len, 1);
		CHECK_MEM(t, r[3]->msg.u.read_rsp.data.p, "b", 1);
		CHECK_STATUS(t, r[4]->status, STATUS_SUCCESS);
	} else {
		CHECK_TRUE(t, r[4]->status == STATUS_SUCCESS || r[4]->status == STATUS_ACCESS_DENIED,
		           "CLOSE after the failed READ: %s", nt_status_name(r[4]->status));
		if (r[4]->status != STATUS_SUCCESS)
			CHECK_STATUS(t, cli_close(t->tree, r[0]->msg.u.create_rsp.file_id),
			             STATUS_SUCCESS);
	}
	CHECK_STATUS(t, cl_open(t->tree, path, SMB2_GENERIC_READ, 0, &o), STATUS_SUCCESS);
	CHECK_STATUS(t, cli_read(t->tree, o.id, 0, back, sizeof(back), &got), STATUS_SUCCESS);
	CHECK_VAL(t, got, sizeof(back));
	CHECK_MEM(t, back, "abcdefghij", 10);
}

/* Unrelated requests after a failed one are processed on their own. */
static void unrelated_after_error(struct torture_ctx *t)
{
	const char *have = put_file(t, "have.dat", 5), *fresh = torture_path(t, "fresh.dat");
	struct cli_send_item it[4];
	struct cli_req *r[4];
	struct cli_open h;

	CHECK_STATUS(t, cl_open(t->tree, have, SMB2_GENERIC_READ, 0, &h), STATUS_SUCCESS);
	it[0] = cl_item(t->tree, cl_create_msg(t, torture_path(t, "none.dat"), SMB2_GENERIC_READ,
	                                       SMB2_FILE_OPEN, 0),
	                UNRELATED, NULL);
	it[1] = cl_item(t->tree, cl_qinfo_msg(t, h.id, FILE_STANDARD_INFORMATION, 24), UNRELATED,
	                NULL);
	it[2] = cl_item(t->tree, cl_create_msg(t, fresh, SMB2_GENERIC_ALL, SMB2_FILE_CREATE,
	                                       SMB2_FILE_NON_DIRECTORY_FILE),
	                UNRELATED, NULL);
	it[3] = cl_item(t->tree, cl_close_msg(t, h.id), UNRELATED, NULL);
	cl_send_chain(t, t->tree, it, 4, r);
	cl_wait_chain(t, r, 4);
	CHECK_STATUS(t, r[0]->status, STATUS_OBJECT_NAME_NOT_FOUND);
	CHECK_STATUS(t, r[1]->status, STATUS_SUCCESS);
	CHECK_VAL(t, cl_fileinfo(t, r[1], FILE_STANDARD_INFORMATION).u.standard.end_of_file, 5);
	CHECK_STATUS(t, r[2]->status, STATUS_SUCCESS);
	CHECK_VAL(t, r[2]->msg.u.create_rsp.create_action, SMB2_FILE_CREATED);
	CHECK_STATUS(t, r[3]->status, STATUS_SUCCESS);
	CHECK_STATUS(t, cli_close(t->tree, r[2]->msg.u.create_rsp.file_id), STATUS_SUCCESS);
}

/* Sets SMB2_FLAGS_RELATED_OPERATIONS on the first message of the frame
 * (the client library refuses to build such a chain). */
static void hook_first_related(void *arg, uint8_t *frame, size_t len)
{
	(void)arg;
	if (len >= SMB2_HDR_SIZE)
		frame[SMB2_HDR_OFF_FLAGS] |= (uint8_t)SMB2_FLAGS_RELATED_OPERATIONS;
}

/* The first request of a chain marked related: the chain is failed. */
static void first_related(struct torture_ctx *t)
{
	const char *path = put_file(t, "first.dat", 8);
	struct cli_override ov = { 0 };
	struct cli_send_item it[2];
	struct cli_req *r[2];
	struct cli_open h;

	cl_require_unsigned(t, t->sess);
	CHECK_STATUS(t, cl_open(t->tree, path, SMB2_GENERIC_READ, 0, &h), STATUS_SUCCESS);
	ov.hook = hook_first_related;
	it[0] = cl_item(t->tree, cl_qinfo_msg(t, h.id, FILE_STANDARD_INFORMATION, 24), UNRELATED,
	                &ov);
	it[1] = cl_item(t->tree, cl_qinfo_msg(t, cl_fid_related(), FILE_STANDARD_INFORMATION, 24),
	                RELATED, NULL);
	cl_send_chain(t, t->tree, it, 2, r);
	cl_wait_chain(t, r, 2);
	/* 3.3.5.2.7.2: the server SHOULD<259> fail the chain; a server that
	 * does not would process both as an ordinary related chain. */
	if (r[0]->status == STATUS_SUCCESS) {
		CHECK_STATUS(t, r[1]->status, STATUS_SUCCESS);
		torture_comment(t, "the server processed a chain whose first request is related");
		return;
	}
	CHECK_STATUS(t, r[0]->status, STATUS_INVALID_PARAMETER);
	CHECK_TRUE(t, r[1]->status != STATUS_SUCCESS,
	           "the related request of a failed chain succeeded");
}

/* Related requests whose own SessionId and TreeId are 0xFFFF...: the ones
 * of the previous request are used (3.3.5.2.7.2). */
static void related_inherits_ids(struct torture_ctx *t)
{
	const char *path = put_file(t, "ids.dat", 12);
	struct cli_override ov = { 0 };
	struct smb2_fileid rel = cl_fid_related();
	struct cli_send_item it[3];
	struct cli_req *r[3];

	ov.set = CLI_OV_SESSION_ID | CLI_OV_TREE_ID;
	ov.session_id = UINT64_MAX;
	ov.tree_id = UINT32_MAX;
	it[0] = cl_item(t->tree, cl_create_msg(t, path, SMB2_GENERIC_READ, SMB2_FILE_OPEN, 0),
	                UNRELATED, NULL);
	it[1] = cl_item(t->tree, cl_qinfo_msg(t, rel, FILE_STANDARD_INFORMATION, 24), RELATED, &ov);
	it[2] = cl_item(t->tree, cl_close_msg(t, rel), RELATED, &ov);
	cl_send_chain(t, t->tree, it, 3, r);
	cl_wait_chain(t, r, 3);
	for (unsigned i = 0; i < 3; i++)
		CHECK_STATUS(t, r[i]->status, STATUS_SUCCESS);
	CHECK_VAL(t, cl_fileinfo(t, r[1], FILE_STANDARD_INFORMATION).u.standard.end_of_file, 12);
}

/* Twin of related_inherits_ids: the first request names a TreeId that does
 * not exist; it fails, and the related requests cannot succeed. */
static void related_bad_tree(struct torture_ctx *t)
{
	const char *path = put_file(t, "badtree.dat", 12);
	struct cli_override bad = { 0 };
	struct smb2_fileid rel = cl_fid_related();
	struct cli_send_item it[3];
	struct cli_req *r[3];

	bad.set = CLI_OV_TREE_ID;
	bad.tree_id = t->tree->id ^ 0x5A5A0000u;
	it[0] = cl_item(t->tree, cl_create_msg(t, path, SMB2_GENERIC_READ, SMB2_FILE_OPEN, 0),
	                UNRELATED, &bad);
	it[1] = cl_item(t->tree, cl_qinfo_msg(t, rel, FILE_STANDARD_INFORMATION, 24), RELATED, NULL);
	it[2] = cl_item(t->tree, cl_close_msg(t, rel), RELATED, NULL);
	cl_send_chain(t, t->tree, it, 3, r);
	cl_wait_chain(t, r, 3);
	CHECK_STATUS(t, r[0]->status, STATUS_NETWORK_NAME_DELETED);
	/* The TreeId they inherit is the bad one (STATUS_NETWORK_NAME_DELETED,
	 * also the previous request's error, SHOULD<260>); a server that
	 * counts it as "failed to create a TreeId" answers
	 * STATUS_INVALID_PARAMETER. */
	for (unsigned i = 1; i < 3; i++)
		CHECK_TRUE(t, r[i]->status == STATUS_NETWORK_NAME_DELETED ||
		                  r[i]->status == STATUS_INVALID_PARAMETER,
		           "related request %u after a bad TreeId: %s", i + 1,
		           nt_status_name(r[i]->status));
}

/* CREATE + CLOSE + QUERY_INFO + CLOSE, related: the handle the CLOSE closed
 * is gone for the rest of the chain. */
static void related_use_after_close(struct torture_ctx *t)
{
	const char *path = put_file(t, "closed.dat", 3);
	struct smb2_fileid rel = cl_fid_related();
	struct cli_send_item it[4];
	struct cli_req *r[4];

	it[0] = cl_item(t->tree, cl_create_msg(t, path, SMB2_GENERIC_READ, SMB2_FILE_OPEN, 0),
	                UNRELATED, NULL);
	it[1] = cl_item(t->tree, cl_close_msg(t, rel), RELATED, NULL);
	it[2] = cl_item(t->tree, cl_qinfo_msg(t, rel, FILE_STANDARD_INFORMATION, 24), RELATED, NULL);
	it[3] = cl_item(t->tree, cl_close_msg(t, rel), RELATED, NULL);
	cl_send_chain(t, t->tree, it, 4, r);
	cl_wait_chain(t, r, 4);
	CHECK_STATUS(t, r[0]->status, STATUS_SUCCESS);
	CHECK_STATUS(t, r[1]->status, STATUS_SUCCESS);
	CHECK_STATUS(t, r[2]->status, STATUS_FILE_CLOSED);
	CHECK_STATUS(t, r[3]->status, STATUS_FILE_CLOSED);
}

/* Two opens of path, a holding the range `hold` locks. */
static void open_two_one_holding(struct torture_ctx *t, const char *path,
                                 const struct smb2_lock_element *hold, struct cli_open *a,
                                 struct cli_open *b)
{
	CHECK_STATUS(t, cl_open(t->tree, path, SMB2_GENERIC_READ | SMB2_GENERIC_WRITE, 0, a),
	             STATUS_SUCCESS);
	CHECK_STATUS(t, cl_open(t->tree, path, SMB2_GENERIC_READ | SMB2_GENERIC_WRITE, 0, b),
	             STATUS_SUCCESS);
	CHECK_STATUS(t, cl_call(t, t->tree, cl_lock_msg(t, a->id, hold, 1), NULL), STATUS_SUCCESS);
}

/* An unrelated chain whose last member is a LOCK that has to wait: the
 * first member is answered, the LOCK goes async (interim response) and is
 * granted when the conflicting lock goes, or the server fails it (MAY). */
static void async_lock_member(struct torture_ctx *t)
{
	const char *path = put_file(t, "lock.dat", 64);
	struct smb2_lock_element hold = { 0, 10, SMB2_LOCKFLAG_EXCLUSIVE_LOCK |
	                                            SMB2_LOCKFLAG_FAIL_IMMEDIATELY };
	struct smb2_lock_element wait = { 0, 10, SMB2_LOCKFLAG_EXCLUSIVE_LOCK };
	struct smb2_lock_element unlock = { 0, 10, SMB2_LOCKFLAG_UNLOCK };
	struct cli_send_item it[2];
	struct cli_req *r[2];
	struct cli_open a, b;

	open_two_one_holding(t, path, &hold, &a, &b);
	it[0] = cl_item(t->tree, cl_read_msg(t, b.id, 20, 4), UNRELATED, NULL);
	it[1] = cl_item(t->tree, cl_lock_msg(t, b.id, &wait, 1), UNRELATED, NULL);
	cl_send_chain(t, t->tree, it, 2, r);
	cl_wait_chain(t, r, 1);
	CHECK_STATUS(t, r[0]->status, STATUS_SUCCESS);
	CHECK_VAL(t, r[0]->msg.u.read_rsp.data.len, 4);
	CHECK_MEM(t, r[0]->msg.u.read_rsp.data.p, "uvwx", 4);
	if (!cl_wait_interim(t, r[1])) {
		/* 3.3.5.2.7: the server MAY fail a member that needs async
		 * processing. */
		CHECK_TRUE(t, r[1]->status != STATUS_SUCCESS,
		           "the LOCK was granted while another open held the range");
		torture_comment(t, "the async member was failed: %s", nt_status_name(r[1]->status));
		return;
	}
	CHECK_TRUE(t, r[1]->async_id != 0, "interim response without an AsyncId");
	CHECK_STATUS(t, cl_call(t, t->tree, cl_lock_msg(t, a.id, &unlock, 1), NULL),
	             STATUS_SUCCESS);
	CHECK_STATUS(t, cli_wait(r[1], 0), STATUS_SUCCESS);
	/* b holds the range now. */
	CHECK_STATUS(t, cl_call(t, t->tree, cl_lock_msg(t, a.id, &hold, 1), NULL),
	             STATUS_LOCK_NOT_GRANTED);
}

/* The waiting LOCK in the middle of an unrelated chain: the requests after
 * it are answered without waiting for it; it goes async or is failed. */
static void async_lock_middle(struct torture_ctx *t)
{
	const char *path = put_file(t, "mid.dat", 64);
	struct smb2_lock_element hold = { 0, 10, SMB2_LOCKFLAG_EXCLUSIVE_LOCK |
	                                            SMB2_LOCKFLAG_FAIL_IMMEDIATELY };
	struct smb2_lock_element wait = { 0, 10, SMB2_LOCKFLAG_EXCLUSIVE_LOCK };
	struct smb2_lock_element unlock = { 0, 10, SMB2_LOCKFLAG_UNLOCK };
	struct cli_send_item it[3];
	struct cli_req *r[3];
	struct cli_open a, b;

	open_two_one_holding(t, path, &hold, &a, &b);
	it[0] = cl_item(t->tree, cl_read_msg(t, b.id, 20, 2), UNRELATED, NULL);
	it[1] = cl_item(t->tree, cl_lock_msg(t, b.id, &wait, 1), UNRELATED, NULL);
	it[2] = cl_item(t->tree, cl_read_msg(t, b.id, 30, 2), UNRELATED, NULL);
	cl_send_chain(t, t->tree, it, 3, r);
	cl_wait_chain(t, &r[2], 1);
	cl_wait_chain(t, r, 1);
	CHECK_STATUS(t, r[0]->status, STATUS_SUCCESS);
	CHECK_STATUS(t, r[2]->status, STATUS_SUCCESS);
	CHECK_VAL(t, r[2]->msg.u.read_rsp.data.len, 2);
	CHECK_MEM(t, r[2]->msg.u.read_rsp.data.p, "ef", 2);
	if (!cl_wait_interim(t, r[1])) {
		CHECK_TRUE(t, r[1]->status != STATUS_SUCCESS,
		           "the LOCK was granted while another open held the range");
		torture_comment(t, "the async member was failed: %s", nt_status_name(r[1]->status));
		return;
	}
	CHECK_STATUS(t, cl_call(t, t->tree, cl_lock_msg(t, a.id, &unlock, 1), NULL),
	             STATUS_SUCCESS);
	CHECK_STATUS(t, cli_wait(r[1], 0), STATUS_SUCCESS);
}

/* CREATE (a directory) + CHANGE_NOTIFY, related: the notify goes async on
 * the new handle and completes when a second client adds a file. */
static void async_notify_related(struct torture_ctx *t)
{
	const char *dir = torture_path(t, "watched");
	struct cli_send_item it[2];
	struct cli_req *r[2];
	struct cli_tree *t2;
	struct smb2_notify_iter ni;
	struct smb2_notify_entry e;
	char name[64];
	size_t nlen;

	CHECK_STATUS(t, torture_open_client(t, NULL, NULL, NULL, &t2), STATUS_SUCCESS);
	it[0] = cl_item(t->tree, cl_create_msg(t, dir, SMB2_GENERIC_READ, SMB2_FILE_CREATE,
	                                       SMB2_FILE_DIRECTORY_FILE),
	                UNRELATED, NULL);
	it[1] = cl_item(t->tree, cl_notify_msg(t, cl_fid_related(), 0,
	                                       FILE_NOTIFY_CHANGE_FILE_NAME, 4096),
	                RELATED, NULL);
	cl_send_chain(t, t->tree, it, 2, r);
	cl_wait_chain(t, r, 1);
	CHECK_STATUS(t, r[0]->status, STATUS_SUCCESS);
	if (!cl_wait_interim(t, r[1])) {
		CHECK_TRUE(t, r[1]->status != STATUS_SUCCESS,
		           "CHANGE_NOTIFY completed with no change made");
		torture_comment(t, "the async member was failed: %s", nt_status_name(r[1]->status));
		return;
	}
	CHECK_STATUS(t, torture_put_file(t, t2, torture_path(t, "watched\\new.txt"), NULL, 0),
	             STATUS_SUCCESS);
	CHECK_STATUS(t, cli_wait(r[1], 0), STATUS_SUCCESS);
	smb2_notify_iter_init(&ni, r[1]->msg.u.change_notify_rsp.buffer);
	CHECK_STATUS(t, smb2_notify_next(&ni, &e), STATUS_SUCCESS);
	CHECK_VAL(t, e.action, FILE_ACTION_ADDED);
	CHECK_STATUS(t, utf16le_to_utf8(e.name.p, e.name.len, name, sizeof(name), &nlen),
	             STATUS_SUCCESS);
	CHECK_TRUE(t, strcmp(name, "new.txt") == 0, "notified name \"%s\", want new.txt", name);
	CHECK_STATUS(t, cli_close(t->tree, r[0]->msg.u.create_rsp.file_id), STATUS_SUCCESS);
}

static const struct torture_test tests[] = {
	TORTURE_TEST(related_write_read, "MS-SMB2 3.3.5.2.7.2; MS-SMB2 3.2.4.1.4; MS-SMB2 2.2.1.2",
	             "CREATE+WRITE+READ+CLOSE related: FileId 0xFFFF... is the one CREATE made"),
	TORTURE_TEST(related_create_query_close, "MS-SMB2 3.3.5.2.7.2; MS-SMB2 3.3.5.20",
	             "CREATE+QUERY_INFO+QUERY_INFO+CLOSE related answer for the new open"),
	TORTURE_TEST(unrelated_independent, "MS-SMB2 3.3.5.2.7.1; MS-SMB2 3.3.5.2.7",
	             "unrelated requests in one frame each use their own FileId"),
	TORTURE_TEST(related_create_fails, "MS-SMB2 3.3.5.2.7.2",
	             "a failed CREATE fails the related requests after it"),
	TORTURE_TEST(related_error_mid_chain, "MS-SMB2 3.3.5.2.7.2; MS-SMB2 3.3.5.13",
	             "a denied WRITE inside a related chain writes nothing; the rest follows 3.3.5.2.7.2"),
	TORTURE_TEST(unrelated_after_error, "MS-SMB2 3.3.5.2.7.1",
	             "unrelated requests after a failed one are processed"),
	TORTURE_TEST(first_related, "MS-SMB2 3.3.5.2.7.2; MS-SMB2 3.2.4.1.4",
	             "a chain whose first request is related is failed (INVALID_PARAMETER)"),
	TORTURE_TEST(related_inherits_ids, "MS-SMB2 3.3.5.2.7.2; MS-SMB2 3.2.4.1.4",
	             "related requests with SessionId/TreeId 0xFFFF... use the previous ones"),
	TORTURE_TEST(related_bad_tree, "MS-SMB2 3.3.5.2.7.2; MS-SMB2 3.3.5.2.11",
	             "a bad TreeId on the first request fails the whole related chain"),
	TORTURE_TEST(related_use_after_close, "MS-SMB2 3.3.5.2.7.2; MS-SMB2 3.3.5.10",
	             "after a related CLOSE the chain's FileId is closed (FILE_CLOSED)"),
	TORTURE_TEST(async_lock_member, "MS-SMB2 3.3.5.2.7; MS-SMB2 3.3.4.2; MS-SMB2 3.3.5.14.2",
	             "a blocking LOCK in a chain goes async (interim) and is granted later"),
	TORTURE_TEST(async_lock_middle, "MS-SMB2 3.3.5.2.7; MS-SMB2 3.3.4.2; MS-SMB2 3.3.5.2.7.1",
	             "a blocking LOCK mid-chain does not hold up the requests after it"),
	TORTURE_TEST(async_notify_related, "MS-SMB2 3.3.5.2.7; MS-SMB2 3.3.4.2; MS-SMB2 3.3.5.19",
	             "CREATE+CHANGE_NOTIFY related: the notify waits on the new directory"),
};

TORTURE_SUITE(compound_suite, "compound", "Compounded requests: related and unrelated chains",
              tests)
