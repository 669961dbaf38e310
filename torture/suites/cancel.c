/*
 * CANCEL (MS-SMB2 2.2.30, 3.3.5.16, 3.2.4.24): a pending blocking lock and
 * a pending change notify cancelled in the sync form (MessageId, sent
 * before the interim response arrived: the fault filter holds what the
 * server sends) and in the async form (AsyncId from the interim), both
 * ending with STATUS_CANCELLED; no response to the CANCEL itself; CANCELs
 * naming nothing pending (unknown ids, requests already answered, a second
 * CANCEL) change nothing; an unsigned CANCEL on a signing session still
 * cancels (3.3.5.16 verifies the session only for a signed one).
 */
#include "torture/suites/cancel_util.h"
#include "torture/suites/info_util.h"
#include "wire/change_notify.h"
#include "wire/lock.h"

#define NOTIFY_OUT_LEN 4096u

/* Two opens of one file, the range [0, 10) locked through the first;
 * *r is an exclusive lock of it through the second, which must wait. */
static void pending_lock(struct torture_ctx *t, struct cli_open *o1, struct cli_open *o2,
                         bool hold, struct cli_req **r)
{
	struct smb2_lock_element el = { 0, 10, SMB2_LOCKFLAG_EXCLUSIVE_LOCK };
	struct cli_req *lr;

	CHECK_STATUS(t, torture_create_file(t, t->tree, torture_path(t, "f"), o1), STATUS_SUCCESS);
	CHECK_STATUS(t, info_open(t, t->tree, torture_path(t, "f"),
	                          SMB2_FILE_READ_DATA | SMB2_FILE_WRITE_DATA, INFO_SHARE_ALL,
	                          SMB2_FILE_OPEN, 0, o2),
	             STATUS_SUCCESS);
	el.flags = SMB2_LOCKFLAG_EXCLUSIVE_LOCK | SMB2_LOCKFLAG_FAIL_IMMEDIATELY;
	CHECK_STATUS(t, cli_lock_send(t->tree, o1->id, &el, 1, NULL, &lr), STATUS_SUCCESS);
	torture_req(t, lr);
	CHECK_STATUS(t, cli_wait(lr, 0), STATUS_SUCCESS);
	/* MS-SMB2 3.3.5.14: without FAIL_IMMEDIATELY the conflict waits.
	 * With hold, what the server sends from now on is held back. */
	if (hold)
		smb_fault_hold(torture_fault(t, t->conn), SMB_FAULT_IN);
	el.flags = SMB2_LOCKFLAG_EXCLUSIVE_LOCK;
	CHECK_STATUS(t, cli_lock_send(t->tree, o2->id, &el, 1, NULL, r), STATUS_SUCCESS);
	torture_req(t, *r);
	CHECK_TRUE(t, (*r)->sent, "the LOCK did not leave");
}

/* After the cancel: the range is still the first open's. */
static void lock_still_held(struct torture_ctx *t, struct cli_open *o2)
{
	struct smb2_lock_element el = {
		0, 10, SMB2_LOCKFLAG_EXCLUSIVE_LOCK | SMB2_LOCKFLAG_FAIL_IMMEDIATELY
	};
	struct cli_req *r;

	CHECK_STATUS(t, cli_lock_send(t->tree, o2->id, &el, 1, NULL, &r), STATUS_SUCCESS);
	torture_req(t, r);
	CHECK_STATUS(t, cli_wait(r, 0), STATUS_LOCK_NOT_GRANTED);
}

/* A CHANGE_NOTIFY on the test directory through tree, which waits. */
static void pending_notify(struct torture_ctx *t, struct cli_tree *tree, struct cli_open *d,
                           struct cli_req **r)
{
	CHECK_STATUS(t, info_open(t, tree, t->dir, SMB2_FILE_LIST_DIRECTORY, INFO_SHARE_ALL,
	                          SMB2_FILE_OPEN, SMB2_FILE_DIRECTORY_FILE, d),
	             STATUS_SUCCESS);
	CHECK_STATUS(t, cli_notify_send(tree, d->id, 0, FILE_NOTIFY_CHANGE_FILE_NAME, NOTIFY_OUT_LEN,
	                                NULL, r),
	             STATUS_SUCCESS);
	torture_req(t, *r);
	CHECK_TRUE(t, (*r)->sent, "the CHANGE_NOTIFY did not leave");
}

/* Sync form: hold what the server sends, so the interim cannot have
 * arrived, cancel by MessageId, then let everything in. */
static void cancel_before_interim(struct torture_ctx *t, struct cli_req *r)
{
	struct smb_transport *f = torture_fault(t, t->conn);

	CHECK_TRUE(t, !r->interim, "interim already seen");
	CHECK_STATUS(t, cli_cancel(r), STATUS_SUCCESS);
	smb_fault_release(f, SMB_FAULT_IN);
	CHECK_STATUS(t, cli_wait(r, 0), STATUS_CANCELLED);
}

static void lock_sync(struct torture_ctx *t)
{
	struct cli_open o1, o2;
	struct cli_req *r;

	pending_lock(t, &o1, &o2, true, &r);
	cancel_before_interim(t, r);
	lock_still_held(t, &o2);
}

static void lock_async(struct torture_ctx *t)
{
	struct cli_open o1, o2;
	struct cli_req *r;

	pending_lock(t, &o1, &o2, false, &r);
	/* 3.3.5.14: a blocking lock that cannot be granted goes async. */
	CHECK_TRUE(t, wait_interim(t, r), "no interim response for the blocking LOCK (%s)",
	           r->done ? nt_status_name(r->status) : "still waiting");
	CHECK_STATUS(t, cli_cancel(r), STATUS_SUCCESS);
	CHECK_STATUS(t, cli_wait(r, 0), STATUS_CANCELLED);
	lock_still_held(t, &o2);
}

static void notify_sync(struct torture_ctx *t)
{
	struct cli_open d;
	struct cli_req *r;

	CHECK_STATUS(t, info_open(t, t->tree, t->dir, SMB2_FILE_LIST_DIRECTORY, INFO_SHARE_ALL,
	                          SMB2_FILE_OPEN, SMB2_FILE_DIRECTORY_FILE, &d),
	             STATUS_SUCCESS);
	smb_fault_hold(torture_fault(t, t->conn), SMB_FAULT_IN);
	CHECK_STATUS(t, cli_notify_send(t->tree, d.id, 0, FILE_NOTIFY_CHANGE_FILE_NAME,
	                                NOTIFY_OUT_LEN, NULL, &r),
	             STATUS_SUCCESS);
	torture_req(t, r);
	CHECK_TRUE(t, r->sent, "the CHANGE_NOTIFY did not leave");
	cancel_before_interim(t, r);
}

static void notify_async(struct torture_ctx *t)
{
	struct cli_open d;
	struct cli_req *r;

	pending_notify(t, t->tree, &d, &r);
	CHECK_TRUE(t, wait_interim(t, r), "no interim response for the CHANGE_NOTIFY (%s)",
	           r->done ? nt_status_name(r->status) : "still waiting");
	CHECK_STATUS(t, cli_cancel(r), STATUS_SUCCESS);
	CHECK_STATUS(t, cli_wait(r, 0), STATUS_CANCELLED);
	/* The open is still usable: a new notify waits again. */
	pending_notify(t, t->tree, &d, &r);
	CHECK_TRUE(t, wait_interim(t, r), "no interim response for the second CHANGE_NOTIFY");
}

static void no_response(struct torture_ctx *t)
{
	unsigned long dropped = t->conn->dropped;
	struct cli_open d;
	struct cli_req *r;
	struct spy s;

	pending_notify(t, t->tree, &d, &r);
	CHECK_TRUE(t, wait_interim(t, r), "no interim response for the CHANGE_NOTIFY");
	spy_start(t, t->conn, &s);
	CHECK_STATUS(t, cli_cancel(r), STATUS_SUCCESS);
	CHECK_STATUS(t, cli_wait(r, 0), STATUS_CANCELLED);
	echo_barrier(t, t->conn);
	spy_stop(t, t->conn);
	/* 3.3.5.16: the cancelled request answers; the CANCEL does not. */
	CHECK_VAL(t, s.per_cmd[SMB2_CANCEL], 0);
	CHECK_VAL(t, s.per_cmd[SMB2_CHANGE_NOTIFY], 1);
	CHECK_VAL(t, s.per_cmd[SMB2_ECHO], 1);
	CHECK_VAL(t, t->conn->dropped, dropped);
}

/* Send a CANCEL naming nothing pending and show it was ignored. */
static void ignored_cancel(struct torture_ctx *t, bool async, uint64_t id)
{
	unsigned long dropped = t->conn->dropped;
	struct spy s;

	spy_start(t, t->conn, &s);
	raw_cancel(t, t->conn, t->sess->id, t->tree->id, async, id);
	echo_barrier(t, t->conn);
	spy_stop(t, t->conn);
	/* 3.3.5.16: no request found: processing stops, nothing is sent. */
	CHECK_VAL(t, s.msgs, 1);
	CHECK_VAL(t, s.per_cmd[SMB2_ECHO], 1);
	CHECK_VAL(t, t->conn->dropped, dropped);
}

static void unknown_message_id(struct torture_ctx *t)
{
	struct cli_open o;

	ignored_cancel(t, false, t->conn->next_mid + 1000);
	/* The session goes on. */
	CHECK_STATUS(t, torture_create_file(t, t->tree, torture_path(t, "f"), &o), STATUS_SUCCESS);
}

static void unknown_async_id(struct torture_ctx *t)
{
	struct cli_open o;

	ignored_cancel(t, true, UINT64_C(0x7777123412340001));
	CHECK_STATUS(t, torture_create_file(t, t->tree, torture_path(t, "f"), &o), STATUS_SUCCESS);
}

static void completed_request(struct torture_ctx *t)
{
	struct cli_open d, f;
	struct cli_req *r, *e;
	uint64_t async_id;

	/* An ECHO answered: its MessageId names nothing any more. */
	CHECK_STATUS(t, cli_echo_send(t->conn, t->sess, NULL, &e), STATUS_SUCCESS);
	torture_req(t, e);
	CHECK_STATUS(t, cli_wait(e, 0), STATUS_SUCCESS);
	ignored_cancel(t, false, e->mid);
	/* A CHANGE_NOTIFY completed by a change: its AsyncId neither. */
	pending_notify(t, t->tree, &d, &r);
	CHECK_TRUE(t, wait_interim(t, r), "no interim response for the CHANGE_NOTIFY");
	async_id = r->async_id;
	CHECK_STATUS(t, torture_create_file(t, t->tree, torture_path(t, "new"), &f),
	             STATUS_SUCCESS);
	CHECK_STATUS(t, cli_wait(r, 0), STATUS_SUCCESS);
	ignored_cancel(t, true, async_id);
	ignored_cancel(t, false, r->mid);
}

static void twice(struct torture_ctx *t)
{
	unsigned long dropped = t->conn->dropped;
	struct cli_open d;
	struct cli_req *r;
	struct spy s;

	pending_notify(t, t->tree, &d, &r);
	CHECK_TRUE(t, wait_interim(t, r), "no interim response for the CHANGE_NOTIFY");
	spy_start(t, t->conn, &s);
	CHECK_STATUS(t, cli_cancel(r), STATUS_SUCCESS);
	CHECK_STATUS(t, cli_wait(r, 0), STATUS_CANCELLED);
	/* The same AsyncId again: the request is gone, nothing happens. */
	raw_cancel(t, t->conn, t->sess->id, 0, true, r->async_id);
	echo_barrier(t, t->conn);
	spy_stop(t, t->conn);
	CHECK_VAL(t, s.per_cmd[SMB2_CHANGE_NOTIFY], 1);
	CHECK_VAL(t, s.per_cmd[SMB2_CANCEL], 0);
	CHECK_VAL(t, t->conn->dropped, dropped);
}

static void unsigned_on_signing_session(struct torture_ctx *t)
{
	struct cli_conn_opts opts;
	struct cli_session *s;
	struct cli_tree *tree;
	struct cli_conn *c;
	struct cli_open d;
	struct cli_req *r;
	struct spy sp;

	torture_conn_opts(t, &opts);
	opts.require_signing = true;
	CHECK_STATUS(t, torture_open_client(t, &opts, &c, &s, &tree), STATUS_SUCCESS);
	CHECK_TRUE(t, s->signing_required, "the session does not sign");
	pending_notify(t, tree, &d, &r);
	CHECK_TRUE(t, wait_interim(t, r), "no interim response for the CHANGE_NOTIFY");
	/* 3.3.5.16: only a CANCEL with SMB2_FLAGS_SIGNED has its session
	 * verified; an unsigned one is processed, and answered by nothing. */
	spy_start(t, c, &sp);
	sp.watch_mid = 0;
	raw_cancel(t, c, s->id, 0, true, r->async_id);
	echo_barrier(t, c);
	CHECK_TRUE(t, sp.per_cmd[SMB2_CANCEL] == 0, "the CANCEL was answered (%s)",
	           nt_status_name(sp.watch_status));
	CHECK_STATUS(t, cli_wait(r, 0), STATUS_CANCELLED);
	spy_stop(t, c);
	CHECK_TRUE(t, r->rsp_signed, "the STATUS_CANCELLED answer is not signed");
}

#define C "MS-SMB2 3.3.5.16; MS-SMB2 2.2.30"

static const struct torture_test tests[] = {
	TORTURE_TEST(lock_sync, C "; MS-SMB2 3.3.5.14; MS-SMB2 3.2.4.24",
	             "a blocking LOCK cancelled by MessageId before its interim: STATUS_CANCELLED"),
	TORTURE_TEST(lock_async, C "; MS-SMB2 3.3.5.14; MS-SMB2 3.3.4.2",
	             "a blocking LOCK cancelled by AsyncId after its interim: STATUS_CANCELLED"),
	TORTURE_TEST(notify_sync, C "; MS-SMB2 3.3.5.19; MS-SMB2 3.2.4.24",
	             "a CHANGE_NOTIFY cancelled by MessageId before its interim: STATUS_CANCELLED"),
	TORTURE_TEST(notify_async, C "; MS-SMB2 3.3.5.19; MS-SMB2 3.3.4.2",
	             "a CHANGE_NOTIFY cancelled by AsyncId after its interim: STATUS_CANCELLED"),
	TORTURE_TEST(no_response, C,
	             "the cancelled request answers, the CANCEL itself gets no response"),
	TORTURE_TEST(unknown_message_id, C,
	             "a CANCEL naming an unknown MessageId: nothing sent, the connection works"),
	TORTURE_TEST(unknown_async_id, C,
	             "a CANCEL naming an unknown AsyncId: nothing sent, the connection works"),
	TORTURE_TEST(completed_request, C,
	             "CANCELs of an answered ECHO and a completed CHANGE_NOTIFY: nothing happens"),
	TORTURE_TEST(twice, C, "a second CANCEL of a cancelled request: no further response"),
	TORTURE_TEST(unsigned_on_signing_session, C "; MS-SMB2 3.3.5.2.9; MS-SMB2 3.3.4.1.1",
	             "an unsigned CANCEL on a signing session cancels; the answer is signed"),
};

TORTURE_SUITE(cancel_suite, "cancel", "CANCEL of pending requests", tests)
