/*
 * How a pending CHANGE_NOTIFY ends other than by a change (MS-SMB2
 * 3.3.5.19, 3.3.5.16, 3.3.4.17; MS-FSA 2.1.5.5, 2.1.5.11): CANCEL, the
 * directory's close, LOGOFF and TREE_DISCONNECT (both close the open),
 * an OutputBufferLength too small for the changes (STATUS_NOTIFY_ENUM_DIR);
 * and changes kept for the next request, and two requests on one handle.
 */
#include "torture/suites/notify_util.h"

/* CANCEL answers a pending notify STATUS_CANCELLED; the directory can be
 * watched again afterwards. */
static void cancel_pending(struct torture_ctx *t)
{
	struct cli_tree *t2 = nt_other(t);
	struct cli_open d;
	struct cli_req *r;

	nt_dir(t, "w", &d);
	r = nt_send_waiting(t, t->tree, d.id, 0, FILE_NOTIFY_CHANGE_FILE_NAME, NT_BUF);
	CHECK_STATUS(t, cli_cancel(r), STATUS_SUCCESS);
	CHECK_STATUS(t, cli_wait(r, 0), STATUS_CANCELLED);
	CHECK_TRUE(t, !r->local_error, "STATUS_CANCELLED was made up by the client");
	r = nt_send_waiting(t, t->tree, d.id, 0, FILE_NOTIFY_CHANGE_FILE_NAME, NT_BUF);
	CHECK_STATUS(t, torture_put_file(t, t2, torture_path(t, "w\\later.txt"), NULL, 0),
	             STATUS_SUCCESS);
	nt_expect_only(t, r, FILE_ACTION_ADDED, "later.txt");
}

/* Closing the watched directory completes its pending notify with
 * STATUS_NOTIFY_CLEANUP; the CLOSE itself succeeds. */
static void close_cleanup(struct torture_ctx *t)
{
	struct cli_open d;
	struct cli_req *r;

	nt_dir(t, "w", &d);
	r = nt_send_waiting(t, t->tree, d.id, 0, FILE_NOTIFY_CHANGE_FILE_NAME, NT_BUF);
	CHECK_STATUS(t, cli_close(t->tree, d.id), STATUS_SUCCESS);
	CHECK_STATUS(t, cli_wait(r, 0), STATUS_NOTIFY_CLEANUP);
}

/* Changes that do not fit OutputBufferLength: STATUS_NOTIFY_ENUM_DIR and
 * no entries (3.3.5.19; MS-FSA 2.1.5.11.1). */
static void buffer_too_small(struct torture_ctx *t)
{
	struct cli_tree *t2 = nt_other(t);
	struct cli_open d;
	struct cli_req *r;

	nt_dir(t, "w", &d);
	/* One entry is 12 bytes and the name: 40 characters need 92. */
	r = nt_send_waiting(t, t->tree, d.id, 0, FILE_NOTIFY_CHANGE_FILE_NAME, 32);
	CHECK_STATUS(t, torture_put_file(t, t2, torture_path(t, "w\\%s", "a-name-of-forty-"
	                                                        "characters-long-0123.txt"), NULL, 0),
	             STATUS_SUCCESS);
	CHECK_STATUS(t, cli_wait(r, 0), STATUS_NOTIFY_ENUM_DIR);
	CHECK_VAL(t, r->msg.kind, SMB2_MSG_RSP(SMB2_CHANGE_NOTIFY));
	CHECK_VAL(t, r->msg.u.change_notify_rsp.buffer.len, 0);
}

/* A client of its own with the watched directory open. */
static struct cli_req *watch_on_other_client(struct torture_ctx *t, struct cli_session **s,
                                             struct cli_tree **tree)
{
	struct cli_open d;

	CHECK_STATUS(t, torture_open_client(t, NULL, NULL, s, tree), STATUS_SUCCESS);
	CHECK_STATUS(t, torture_create_dir(t, *tree, torture_path(t, "w"), &d), STATUS_SUCCESS);
	return nt_send_waiting(t, *tree, d.id, 0, FILE_NOTIFY_CHANGE_FILE_NAME, NT_BUF);
}

/* LOGOFF closes the session's opens (3.3.5.6): the pending notify on one
 * of them completes with STATUS_NOTIFY_CLEANUP. */
static void logoff_cleanup(struct torture_ctx *t)
{
	struct cli_session *s;
	struct cli_tree *tree;
	struct cli_req *r = watch_on_other_client(t, &s, &tree);

	CHECK_STATUS(t, cli_logoff(s), STATUS_SUCCESS);
	cl_wait_chain(t, &r, 1);
	CHECK_STATUS(t, r->status, STATUS_NOTIFY_CLEANUP);
}

/* TREE_DISCONNECT closes the tree's opens (3.3.5.8): the pending notify
 * completes with STATUS_NOTIFY_CLEANUP. */
static void tdis_cleanup(struct torture_ctx *t)
{
	struct cli_session *s;
	struct cli_tree *tree;
	struct cli_req *r = watch_on_other_client(t, &s, &tree);

	CHECK_STATUS(t, torture_tree_disconnect(t, tree), STATUS_SUCCESS);
	cl_wait_chain(t, &r, 1);
	CHECK_STATUS(t, r->status, STATUS_NOTIFY_CLEANUP);
}

/* Changes made while no notify is pending are kept for the watch
 * (MS-FSA 2.1.1.8 NotifyEventList) and answer the next request. */
static void changes_kept(struct torture_ctx *t)
{
	struct cli_tree *t2 = nt_other(t);
	struct cli_open d;
	struct cli_req *r;
	struct nt_answer seen = { 0 };

	nt_dir(t, "w", &d);
	r = nt_send_waiting(t, t->tree, d.id, 0, FILE_NOTIFY_CHANGE_FILE_NAME, NT_BUF);
	CHECK_STATUS(t, torture_put_file(t, t2, torture_path(t, "w\\one.txt"), NULL, 0),
	             STATUS_SUCCESS);
	nt_expect_only(t, r, FILE_ACTION_ADDED, "one.txt");
	CHECK_STATUS(t, torture_put_file(t, t2, torture_path(t, "w\\two.txt"), NULL, 0),
	             STATUS_SUCCESS);
	r = nt_send(t, t->tree, d.id, 0, FILE_NOTIFY_CHANGE_FILE_NAME, NT_BUF);
	nt_wait_for(t, t->tree, d.id, 0, FILE_NOTIFY_CHANGE_FILE_NAME, r, FILE_ACTION_ADDED,
	            "two.txt", &seen);
	CHECK_TRUE(t, !nt_has(&seen, FILE_ACTION_ADDED, "one.txt"), "one.txt reported twice");
}

/* Two notifies pending on one handle: each change completes one of them,
 * the older first. */
static void two_pending(struct torture_ctx *t)
{
	struct cli_tree *t2 = nt_other(t);
	struct cli_open d;
	struct cli_req *r1, *r2;

	nt_dir(t, "w", &d);
	r1 = nt_send_waiting(t, t->tree, d.id, 0, FILE_NOTIFY_CHANGE_DIR_NAME, NT_BUF);
	r2 = nt_send_waiting(t, t->tree, d.id, 0, FILE_NOTIFY_CHANGE_DIR_NAME, NT_BUF);
	CHECK_STATUS(t, cli_mkdir(t2, torture_path(t, "w\\first")), STATUS_SUCCESS);
	nt_expect_only(t, r1, FILE_ACTION_ADDED, "first");
	CHECK_STATUS(t, cli_mkdir(t2, torture_path(t, "w\\second")), STATUS_SUCCESS);
	nt_expect_only(t, r2, FILE_ACTION_ADDED, "second");
}

static const struct torture_test tests[] = {
	TORTURE_TEST(cancel_pending, "MS-SMB2 3.3.5.16; MS-SMB2 3.3.5.19",
	             "CANCEL answers a pending notify STATUS_CANCELLED; the watch goes on"),
	TORTURE_TEST(close_cleanup, "MS-SMB2 3.3.5.10; MS-SMB2 3.3.4.17; MS-FSA 2.1.5.5",
	             "closing the directory completes its notify with NOTIFY_CLEANUP"),
	TORTURE_TEST(buffer_too_small, "MS-SMB2 3.3.5.19; MS-FSA 2.1.5.11",
	             "changes larger than OutputBufferLength: NOTIFY_ENUM_DIR, no entries"),
	TORTURE_TEST(logoff_cleanup, "MS-SMB2 3.3.5.6; MS-SMB2 3.3.4.17; MS-FSA 2.1.5.5",
	             "LOGOFF completes a pending notify of the session with NOTIFY_CLEANUP"),
	TORTURE_TEST(tdis_cleanup, "MS-SMB2 3.3.5.8; MS-SMB2 3.3.4.17; MS-FSA 2.1.5.5",
	             "TREE_DISCONNECT completes a pending notify with NOTIFY_CLEANUP"),
	TORTURE_TEST(changes_kept, "MS-FSA 2.1.1.8; MS-FSA 2.1.5.11; MS-SMB2 3.3.5.19",
	             "a change made between two notifies answers the second"),
	TORTURE_TEST(two_pending, "MS-SMB2 3.3.5.19; MS-FSA 2.1.5.11",
	             "two notifies on one handle are completed one change each, in order"),
};

TORTURE_SUITE(notify_end_suite, "notify_end",
              "CHANGE_NOTIFY: cancel, cleanup, overflow, queued changes", tests)
