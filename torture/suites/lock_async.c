/*
 * Blocking byte-range locks (MS-SMB2 3.3.5.14.2, 3.3.4.2, 3.3.5.16;
 * MS-FSA 2.1.5.8): a LOCK without FAIL_IMMEDIATELY on a range another open
 * holds gets an interim response and waits; it is granted when the range
 * is unlocked or its holder goes, answered STATUS_CANCELLED on CANCEL, and
 * never leaves a lock behind when its own open closes.  Every wait is for
 * an event (interim or final response), bounded by the target timeout.
 */
#include "torture/suites/lock_util.h"

/* The waiting LOCK is granted once the holder unlocks. */
static void blocking_unlock(struct torture_ctx *t)
{
	struct cli_open a, b;
	struct cli_req *r;

	lk_file(t, t->tree, "bu.dat", &a, &b);
	CHECK_STATUS(t, lk(t, t->tree, a.id, 0, 10, LK_EXCL), STATUS_SUCCESS);
	r = lk_send_waiting(t, t->tree, b.id, 5, 10, LK_EXCL_WAIT);
	CHECK_STATUS(t, lk(t, t->tree, a.id, 0, 10, LK_UNLOCK), STATUS_SUCCESS);
	CHECK_STATUS(t, cli_wait(r, 0), STATUS_SUCCESS);
	CHECK_VAL(t, r->msg.kind, SMB2_MSG_RSP(SMB2_LOCK));
	/* b holds [5, 15) now. */
	CHECK_STATUS(t, lk(t, t->tree, a.id, 14, 1, LK_SHARED), STATUS_LOCK_NOT_GRANTED);
	CHECK_STATUS(t, lk(t, t->tree, a.id, 0, 5, LK_EXCL), STATUS_SUCCESS);
}

/* CANCEL of the waiting LOCK answers it STATUS_CANCELLED (3.3.5.16); it
 * holds nothing afterwards. */
static void blocking_cancel(struct torture_ctx *t)
{
	struct cli_open a, b;
	struct cli_req *r;

	lk_file(t, t->tree, "bc.dat", &a, &b);
	CHECK_STATUS(t, lk(t, t->tree, a.id, 0, 10, LK_EXCL), STATUS_SUCCESS);
	r = lk_send_waiting(t, t->tree, b.id, 0, 10, LK_EXCL_WAIT);
	CHECK_STATUS(t, cli_cancel(r), STATUS_SUCCESS);
	CHECK_STATUS(t, cli_wait(r, 0), STATUS_CANCELLED);
	CHECK_TRUE(t, !r->local_error, "STATUS_CANCELLED was made up by the client");
	CHECK_STATUS(t, lk(t, t->tree, a.id, 0, 10, LK_UNLOCK), STATUS_SUCCESS);
	CHECK_STATUS(t, lk(t, t->tree, a.id, 0, 10, LK_EXCL), STATUS_SUCCESS);
	CHECK_STATUS(t, lk(t, t->tree, b.id, 0, 10, LK_UNLOCK), STATUS_RANGE_NOT_LOCKED);
}

/* The holder is another connection that goes away: its open is closed,
 * its locks released, and the waiting LOCK granted. */
static void blocking_holder_disconnects(struct torture_ctx *t)
{
	struct cli_open b, c;
	struct cli_conn *c2;
	struct cli_tree *t2;
	struct cli_req *r;
	const char *path = lk_file(t, t->tree, "bh.dat", &b, NULL);

	CHECK_STATUS(t, torture_open_client(t, NULL, &c2, NULL, &t2), STATUS_SUCCESS);
	CHECK_STATUS(t, cl_open(t2, path, SMB2_GENERIC_READ | SMB2_GENERIC_WRITE, 0, &c),
	             STATUS_SUCCESS);
	CHECK_STATUS(t, lk(t, t2, c.id, 100, 10, LK_EXCL), STATUS_SUCCESS);
	r = lk_send_waiting(t, t->tree, b.id, 100, 10, LK_EXCL_WAIT);
	torture_close_conn(t, c2);
	CHECK_STATUS(t, cli_wait(r, 0), STATUS_SUCCESS);
	CHECK_STATUS(t, lk(t, t->tree, b.id, 100, 10, LK_UNLOCK), STATUS_SUCCESS);
}

/* The waiting LOCK's own open is closed: the LOCK is answered (the
 * specification names no status; it cannot be a grant that outlives the
 * open) and no lock of it remains once the holder unlocks. */
static void blocking_waiter_closed(struct torture_ctx *t)
{
	struct cli_open a, b, c;
	struct cli_req *r;
	const char *path = lk_file(t, t->tree, "bw.dat", &a, &b);

	CHECK_STATUS(t, lk(t, t->tree, a.id, 0, 10, LK_EXCL), STATUS_SUCCESS);
	r = lk_send_waiting(t, t->tree, b.id, 0, 10, LK_EXCL_WAIT);
	CHECK_STATUS(t, cli_close(t->tree, b.id), STATUS_SUCCESS);
	cl_wait_chain(t, &r, 1);
	torture_comment(t, "the waiting LOCK of a closed open: %s", nt_status_name(r->status));
	CHECK_TRUE(t, r->status != STATUS_PENDING, "answered STATUS_PENDING twice");
	CHECK_STATUS(t, lk(t, t->tree, a.id, 0, 10, LK_UNLOCK), STATUS_SUCCESS);
	CHECK_STATUS(t, cl_open(t->tree, path, SMB2_GENERIC_READ | SMB2_GENERIC_WRITE, 0, &c),
	             STATUS_SUCCESS);
	CHECK_STATUS(t, lk(t, t->tree, c.id, 0, 10, LK_EXCL), STATUS_SUCCESS);
	CHECK_STATUS(t, lk(t, t->tree, b.id, 0, 10, LK_UNLOCK), STATUS_FILE_CLOSED);
}

/* Two shared LOCKs wait on one exclusive range; the unlock grants both,
 * and together they keep exclusive locks out. */
static void blocking_shared_waiters(struct torture_ctx *t)
{
	struct cli_open a, b, c;
	struct cli_req *rb, *rc;
	const char *path = lk_file(t, t->tree, "bs.dat", &a, &b);

	CHECK_STATUS(t, cl_open(t->tree, path, SMB2_GENERIC_READ | SMB2_GENERIC_WRITE, 0, &c),
	             STATUS_SUCCESS);
	CHECK_STATUS(t, lk(t, t->tree, a.id, 0, 10, LK_EXCL), STATUS_SUCCESS);
	rb = lk_send_waiting(t, t->tree, b.id, 0, 10, LK_SHARED_WAIT);
	rc = lk_send_waiting(t, t->tree, c.id, 5, 10, LK_SHARED_WAIT);
	CHECK_STATUS(t, lk(t, t->tree, a.id, 0, 10, LK_UNLOCK), STATUS_SUCCESS);
	CHECK_STATUS(t, cli_wait(rb, 0), STATUS_SUCCESS);
	CHECK_STATUS(t, cli_wait(rc, 0), STATUS_SUCCESS);
	CHECK_STATUS(t, lk(t, t->tree, a.id, 7, 1, LK_SHARED), STATUS_SUCCESS);
	CHECK_STATUS(t, lk(t, t->tree, a.id, 0, 1, LK_EXCL), STATUS_LOCK_NOT_GRANTED);
	CHECK_STATUS(t, lk(t, t->tree, a.id, 14, 1, LK_EXCL), STATUS_LOCK_NOT_GRANTED);
}

/* Twin of blocking_unlock: with FAIL_IMMEDIATELY the same conflict is
 * answered at once, no interim response (3.3.5.14.2). */
static void fail_immediately_no_wait(struct torture_ctx *t)
{
	struct cli_open a, b;
	struct cli_req *r;

	lk_file(t, t->tree, "fi.dat", &a, &b);
	CHECK_STATUS(t, lk(t, t->tree, a.id, 0, 10, LK_EXCL), STATUS_SUCCESS);
	r = lk_send(t, t->tree, b.id, 0, 10, LK_EXCL);
	CHECK_STATUS(t, cli_wait(r, 0), STATUS_LOCK_NOT_GRANTED);
	CHECK_TRUE(t, !r->interim, "FAIL_IMMEDIATELY got an interim response");
}

static const struct torture_test tests[] = {
	TORTURE_TEST(blocking_unlock, "MS-SMB2 3.3.5.14.2; MS-SMB2 3.3.4.2; MS-FSA 2.1.5.8",
	             "a blocking LOCK gets an interim response and is granted after the unlock"),
	TORTURE_TEST(blocking_cancel, "MS-SMB2 3.3.5.16; MS-SMB2 2.2.30; MS-SMB2 3.3.5.14.2",
	             "CANCEL answers a waiting LOCK with STATUS_CANCELLED; nothing is locked"),
	TORTURE_TEST(blocking_holder_disconnects, "MS-SMB2 3.3.7.1; MS-SMB2 3.3.5.14.2",
	             "the holder's connection drops: its locks go and the waiter is granted"),
	TORTURE_TEST(blocking_waiter_closed, "MS-SMB2 3.3.5.10; MS-SMB2 3.3.5.14.2",
	             "closing the waiting open answers its LOCK and leaves no lock behind"),
	TORTURE_TEST(blocking_shared_waiters, "MS-SMB2 3.3.5.14.2; MS-FSA 2.1.4.10",
	             "two waiting shared LOCKs are both granted by one unlock"),
	TORTURE_TEST(fail_immediately_no_wait, "MS-SMB2 3.3.5.14.2",
	             "with FAIL_IMMEDIATELY a conflict is LOCK_NOT_GRANTED at once, no interim"),
};

TORTURE_SUITE(lock_async_suite, "lock_async", "Blocking byte-range locks", tests)
