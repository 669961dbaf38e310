/*
 * CHANGE_NOTIFY (MS-SMB2 2.2.35, 2.2.36, 3.3.5.19; MS-FSA 2.1.5.11;
 * MS-FSCC 2.7.1): a request on a directory goes async (interim response)
 * and completes when a second client changes the directory: additions,
 * removals, renames, attribute changes, as the CompletionFilter and
 * SMB2_WATCH_TREE select; and the requests that are refused.  How pending
 * notifies end otherwise (cancel, close, logoff, overflow): notify_end.c.
 */
#include "torture/suites/notify_util.h"

/* A file created in the watched directory: FILE_ACTION_ADDED, its name. */
static void create_added(struct torture_ctx *t)
{
	struct cli_tree *t2 = nt_other(t);
	struct cli_open d;
	struct cli_req *r;

	nt_dir(t, "w", &d);
	r = nt_send_waiting(t, t->tree, d.id, 0, FILE_NOTIFY_CHANGE_FILE_NAME, NT_BUF);
	CHECK_TRUE(t, r->async_id != 0, "interim response without an AsyncId");
	CHECK_STATUS(t, torture_put_file(t, t2, torture_path(t, "w\\new.txt"), NULL, 0),
	             STATUS_SUCCESS);
	nt_expect_only(t, r, FILE_ACTION_ADDED, "new.txt");
}

/* A rename inside the directory: RENAMED_OLD_NAME and RENAMED_NEW_NAME. */
static void rename_old_new(struct torture_ctx *t)
{
	struct cli_tree *t2 = nt_other(t);
	struct cli_open d, f;
	struct cli_req *r;
	struct nt_answer seen = { 0 };

	nt_dir(t, "w", &d);
	CHECK_STATUS(t, torture_put_file(t, t2, torture_path(t, "w\\old.txt"), NULL, 0),
	             STATUS_SUCCESS);
	r = nt_send_waiting(t, t->tree, d.id, 0, FILE_NOTIFY_CHANGE_FILE_NAME, NT_BUF);
	CHECK_STATUS(t, cl_open(t2, torture_path(t, "w\\old.txt"), SMB2_DELETE |
	                        SMB2_FILE_READ_ATTRIBUTES, 0, &f), STATUS_SUCCESS);
	CHECK_STATUS(t, cli_rename(t2, f.id, torture_path(t, "w\\new.txt"), false), STATUS_SUCCESS);
	CHECK_STATUS(t, cli_close(t2, f.id), STATUS_SUCCESS);
	nt_wait_for(t, t->tree, d.id, 0, FILE_NOTIFY_CHANGE_FILE_NAME, r,
	            FILE_ACTION_RENAMED_NEW_NAME, "new.txt", &seen);
	CHECK_TRUE(t, nt_has(&seen, FILE_ACTION_RENAMED_OLD_NAME, "old.txt"),
	           "no RENAMED_OLD_NAME \"old.txt\" before the new name");
}

/* A file deleted from the directory: FILE_ACTION_REMOVED. */
static void remove_removed(struct torture_ctx *t)
{
	struct cli_tree *t2 = nt_other(t);
	struct cli_open d;
	struct cli_req *r;

	nt_dir(t, "w", &d);
	CHECK_STATUS(t, torture_put_file(t, t2, torture_path(t, "w\\gone.txt"), NULL, 0),
	             STATUS_SUCCESS);
	r = nt_send_waiting(t, t->tree, d.id, 0, FILE_NOTIFY_CHANGE_FILE_NAME, NT_BUF);
	CHECK_STATUS(t, cli_unlink(t2, torture_path(t, "w\\gone.txt")), STATUS_SUCCESS);
	nt_expect_only(t, r, FILE_ACTION_REMOVED, "gone.txt");
}

/* Set FILE_ATTRIBUTE_HIDDEN on path through tree. */
static void set_hidden(struct torture_ctx *t, struct cli_tree *tree, const char *path)
{
	struct smb2_fileinfo fi = { 0 };
	struct cli_open f;

	CHECK_STATUS(t, cl_open(tree, path, SMB2_FILE_WRITE_ATTRIBUTES | SMB2_FILE_READ_ATTRIBUTES,
	                        0, &f), STATUS_SUCCESS);
	fi.cls = FILE_BASIC_INFORMATION;
	fi.u.basic.file_attributes = SMB2_FILE_ATTRIBUTE_HIDDEN;
	CHECK_STATUS(t, cli_set_fileinfo(tree, f.id, &fi), STATUS_SUCCESS);
	CHECK_STATUS(t, cli_close(tree, f.id), STATUS_SUCCESS);
}

/* An attribute change with FILE_NOTIFY_CHANGE_ATTRIBUTES: MODIFIED. */
static void attributes_modified(struct torture_ctx *t)
{
	struct cli_tree *t2 = nt_other(t);
	const char *path = torture_path(t, "w\\attr.txt");
	struct cli_open d;
	struct cli_req *r;

	nt_dir(t, "w", &d);
	CHECK_STATUS(t, torture_put_file(t, t2, path, NULL, 0), STATUS_SUCCESS);
	r = nt_send_waiting(t, t->tree, d.id, 0, FILE_NOTIFY_CHANGE_ATTRIBUTES, NT_BUF);
	set_hidden(t, t2, path);
	nt_expect_only(t, r, FILE_ACTION_MODIFIED, "attr.txt");
}

/* Twin of attributes_modified: with FILE_NOTIFY_CHANGE_FILE_NAME only,
 * the attribute change is not reported; the creation after it is. */
static void filter_excludes(struct torture_ctx *t)
{
	struct cli_tree *t2 = nt_other(t);
	const char *path = torture_path(t, "w\\attr.txt");
	struct cli_open d;
	struct cli_req *r;

	nt_dir(t, "w", &d);
	CHECK_STATUS(t, torture_put_file(t, t2, path, NULL, 0), STATUS_SUCCESS);
	r = nt_send_waiting(t, t->tree, d.id, 0, FILE_NOTIFY_CHANGE_FILE_NAME, NT_BUF);
	set_hidden(t, t2, path);
	CHECK_STATUS(t, torture_put_file(t, t2, torture_path(t, "w\\after.txt"), NULL, 0),
	             STATUS_SUCCESS);
	nt_expect_only(t, r, FILE_ACTION_ADDED, "after.txt");
}

/* A directory created: reported under FILE_NOTIFY_CHANGE_DIR_NAME, while
 * a file created first is not (it is a FILE_NAME change). */
static void dir_name_filter(struct torture_ctx *t)
{
	struct cli_tree *t2 = nt_other(t);
	struct cli_open d;
	struct cli_req *r;

	nt_dir(t, "w", &d);
	r = nt_send_waiting(t, t->tree, d.id, 0, FILE_NOTIFY_CHANGE_DIR_NAME, NT_BUF);
	CHECK_STATUS(t, torture_put_file(t, t2, torture_path(t, "w\\file.txt"), NULL, 0),
	             STATUS_SUCCESS);
	CHECK_STATUS(t, cli_mkdir(t2, torture_path(t, "w\\subdir")), STATUS_SUCCESS);
	nt_expect_only(t, r, FILE_ACTION_ADDED, "subdir");
}

/* SMB2_WATCH_TREE: a change in a subdirectory is reported with its path
 * relative to the watched directory (MS-FSCC 2.7.1). */
static void watch_tree(struct torture_ctx *t)
{
	struct cli_tree *t2 = nt_other(t);
	struct cli_open d;
	struct cli_req *r;

	nt_dir(t, "w", &d);
	CHECK_STATUS(t, cli_mkdir(t2, torture_path(t, "w\\sub")), STATUS_SUCCESS);
	r = nt_send_waiting(t, t->tree, d.id, SMB2_WATCH_TREE, FILE_NOTIFY_CHANGE_FILE_NAME,
	                    NT_BUF);
	CHECK_STATUS(t, torture_put_file(t, t2, torture_path(t, "w\\sub\\deep.txt"), NULL, 0),
	             STATUS_SUCCESS);
	nt_expect_only(t, r, FILE_ACTION_ADDED, "sub\\deep.txt");
}

/* Twin of watch_tree: without SMB2_WATCH_TREE the subdirectory's change is
 * not reported; a change in the directory itself is. */
static void no_watch_tree(struct torture_ctx *t)
{
	struct cli_tree *t2 = nt_other(t);
	struct cli_open d;
	struct cli_req *r;

	nt_dir(t, "w", &d);
	CHECK_STATUS(t, cli_mkdir(t2, torture_path(t, "w\\sub")), STATUS_SUCCESS);
	r = nt_send_waiting(t, t->tree, d.id, 0, FILE_NOTIFY_CHANGE_FILE_NAME, NT_BUF);
	CHECK_STATUS(t, torture_put_file(t, t2, torture_path(t, "w\\sub\\deep.txt"), NULL, 0),
	             STATUS_SUCCESS);
	CHECK_STATUS(t, torture_put_file(t, t2, torture_path(t, "w\\top.txt"), NULL, 0),
	             STATUS_SUCCESS);
	nt_expect_only(t, r, FILE_ACTION_ADDED, "top.txt");
}

/* CHANGE_NOTIFY on a file open is STATUS_INVALID_PARAMETER (3.3.5.19). */
static void on_file(struct torture_ctx *t)
{
	struct cli_open f;
	struct cli_req *r;

	CHECK_STATUS(t, torture_create_file(t, t->tree, torture_path(t, "plain.txt"), &f),
	             STATUS_SUCCESS);
	r = nt_send(t, t->tree, f.id, 0, FILE_NOTIFY_CHANGE_FILE_NAME, NT_BUF);
	CHECK_STATUS(t, cli_wait(r, 0), STATUS_INVALID_PARAMETER);
	CHECK_TRUE(t, !r->interim, "the refused CHANGE_NOTIFY went async first");
}

/* A FileId that names no open is STATUS_FILE_CLOSED (3.3.5.19). */
static void unknown_fileid(struct torture_ctx *t)
{
	struct smb2_fileid bogus = { 0x7777, 0x5555 };
	struct cli_open d;
	struct cli_req *r;

	nt_dir(t, "w", &d);
	CHECK_STATUS(t, cli_close(t->tree, d.id), STATUS_SUCCESS);
	r = nt_send(t, t->tree, d.id, 0, FILE_NOTIFY_CHANGE_FILE_NAME, NT_BUF);
	CHECK_STATUS(t, cli_wait(r, 0), STATUS_FILE_CLOSED);
	r = nt_send(t, t->tree, bogus, 0, FILE_NOTIFY_CHANGE_FILE_NAME, NT_BUF);
	CHECK_STATUS(t, cli_wait(r, 0), STATUS_FILE_CLOSED);
}

/* Send ECHOs until the connection holds credits for a charge of n (the
 * client asks for more with each request); false if the server grants
 * too few. */
static bool gather_credits(struct cli_conn *c, uint32_t n)
{
	for (unsigned i = 0; i < 32 && c->credits < n; i++)
		if (cli_echo(c) != STATUS_SUCCESS)
			return false;
	return c->credits >= n;
}

/* OutputBufferLength above MaxTransactSize: SHOULD<408> be refused with
 * STATUS_INVALID_PARAMETER (3.3.5.19); a server that takes it waits like
 * any notify, and is cancelled here. */
static void output_too_large(struct torture_ctx *t)
{
	uint32_t len = t->conn->max_transact + 1;
	struct cli_open d;
	struct cli_req *r;

	if (!gather_credits(t->conn, cli_credit_charge(t->conn, len)))
		torture_skip(t, "the server grants too few credits for a %u-byte request", len);
	nt_dir(t, "w", &d);
	r = nt_send(t, t->tree, d.id, 0, FILE_NOTIFY_CHANGE_FILE_NAME, len);
	if (cl_wait_interim(t, r)) {
		torture_comment(t, "the server accepted OutputBufferLength %u", len);
		CHECK_STATUS(t, cli_cancel(r), STATUS_SUCCESS);
		CHECK_STATUS(t, cli_wait(r, 0), STATUS_CANCELLED);
		return;
	}
	CHECK_STATUS(t, r->status, STATUS_INVALID_PARAMETER);
}

static const struct torture_test tests[] = {
	TORTURE_TEST(create_added, "MS-SMB2 3.3.5.19; MS-SMB2 3.3.4.2; MS-FSCC 2.7.1",
	             "a file created in the directory completes the notify: ADDED, its name"),
	TORTURE_TEST(rename_old_new, "MS-SMB2 3.3.5.19; MS-FSCC 2.7.1; MS-FSA 2.1.5.11",
	             "a rename is reported as RENAMED_OLD_NAME then RENAMED_NEW_NAME"),
	TORTURE_TEST(remove_removed, "MS-SMB2 3.3.5.19; MS-FSCC 2.7.1",
	             "a deleted file is reported as REMOVED"),
	TORTURE_TEST(attributes_modified, "MS-SMB2 2.2.35; MS-SMB2 3.3.5.19; MS-FSCC 2.7.1",
	             "an attribute change under FILE_NOTIFY_CHANGE_ATTRIBUTES is MODIFIED"),
	TORTURE_TEST(filter_excludes, "MS-SMB2 2.2.35; MS-FSA 2.1.5.11",
	             "an attribute change is not reported under a FILE_NAME filter"),
	TORTURE_TEST(dir_name_filter, "MS-SMB2 2.2.35; MS-FSA 2.1.5.11",
	             "DIR_NAME reports a new directory, not a new file"),
	TORTURE_TEST(watch_tree, "MS-SMB2 2.2.35; MS-FSCC 2.7.1",
	             "SMB2_WATCH_TREE reports changes in subdirectories with a relative path"),
	TORTURE_TEST(no_watch_tree, "MS-SMB2 2.2.35; MS-FSA 2.1.5.11",
	             "without SMB2_WATCH_TREE subdirectory changes are not reported"),
	TORTURE_TEST(on_file, "MS-SMB2 3.3.5.19",
	             "CHANGE_NOTIFY on a file open is INVALID_PARAMETER"),
	TORTURE_TEST(unknown_fileid, "MS-SMB2 3.3.5.19",
	             "CHANGE_NOTIFY on a closed or unknown FileId is FILE_CLOSED"),
	TORTURE_TEST(output_too_large, "MS-SMB2 3.3.5.19; MS-SMB2 3.3.5.2.5",
	             "OutputBufferLength above MaxTransactSize is INVALID_PARAMETER (SHOULD)"),
};

TORTURE_SUITE(notify_suite, "notify", "CHANGE_NOTIFY: what is reported, and what is refused",
              tests)
