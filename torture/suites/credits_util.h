/*
 * Helpers of the credits suite (credits.c holds the table and the tests
 * of grants and CreditCharge, credits_seq.c those of the MessageId window,
 * async requests, CANCEL and compounds): requests with header overrides
 * (MS-SMB2 2.2.1.2 CreditCharge, CreditRequest, MessageId), waits for an
 * interim response, and the answers the specification allows for a
 * request outside the command sequence window (3.3.5.2.3).
 */
#ifndef SMBSIM_TORTURE_SUITES_CREDITS_UTIL_H
#define SMBSIM_TORTURE_SUITES_CREDITS_UTIL_H

#include <string.h>

#include <event2/event.h>

#include "torture/suites/read_util.h"
#include "wire/change_notify.h"

/* The credit tests in credits_seq.c (credits.c registers them). */
void credits_mid_skipped(struct torture_ctx *t);
void credits_mid_reused(struct torture_ctx *t);
void credits_mid_outside_window(struct torture_ctx *t);
void credits_mid_max(struct torture_ctx *t);
void credits_async_interim(struct torture_ctx *t);
void credits_cancel_no_credit(struct torture_ctx *t);
void credits_cancel_mid_unchecked(struct torture_ctx *t);
void credits_compound(struct torture_ctx *t);
void credits_compound_mid_reused(struct torture_ctx *t);

/* An override of header fields (CLI_OV_* in set). */
static inline struct cli_override cr_ov(uint32_t set, uint64_t mid, uint16_t charge,
                                        uint16_t request)
{
	struct cli_override ov;

	memset(&ov, 0, sizeof(ov));
	ov.set = set;
	ov.message_id = mid;
	ov.credit_charge = charge;
	ov.credit_request = request;
	return ov;
}

/* ECHO on c in session s with the override (NULL: none), waited for;
 * *out (may be NULL) is the finished request. */
static inline NTSTATUS cr_echo(struct torture_ctx *t, struct cli_conn *c, struct cli_session *s,
                               const struct cli_override *ov, struct cli_req **out)
{
	struct cli_req *r;
	NTSTATUS st = cli_echo_send(c, s, ov, &r);

	if (st != STATUS_SUCCESS)
		return st;
	torture_req(t, r);
	if (out)
		*out = r;
	return cli_wait(r, 0);
}

/* A READ of len bytes at 0 with the override, waited for. */
static inline NTSTATUS cr_read(struct torture_ctx *t, struct cli_tree *tree,
                               struct smb2_fileid fid, uint32_t len,
                               const struct cli_override *ov, struct cli_req **out)
{
	struct rw_read_args a;
	struct cli_req *r = NULL;
	NTSTATUS st;

	memset(&a, 0, sizeof(a));
	a.len = len;
	st = rw_read_req(t, tree, fid, &a, ov, &r);
	if (out)
		*out = r;
	return st;
}

/* A file of len pattern bytes opened for reading and writing. */
static inline struct smb2_fileid cr_file(struct torture_ctx *t, struct cli_tree *tree,
                                         uint32_t len)
{
	const char *path = torture_path(t, "f");
	struct cli_open o;

	rw_make_file(t, tree, path, len, 0x42);
	CHECK_STATUS(t, rw_open(tree, path, SMB2_FILE_READ_DATA | SMB2_FILE_WRITE_DATA,
	                        SMB2_FILE_OPEN, 0, &o),
	             STATUS_SUCCESS);
	return o.id;
}

/*
 * MS-SMB2 3.3.5.2.3: a MessageId (or range) outside the command sequence
 * window SHOULD<258> make the server terminate the connection; a server
 * that keeps it must still not process the request, and fails it as
 * malformed (3.3.5.2.6: STATUS_INVALID_PARAMETER).  Success, or no answer
 * at all, is wrong.
 */
static inline void cr_check_rejected(struct torture_ctx *t, NTSTATUS st, const char *what)
{
	torture_comment(t, "%s: %s", what, nt_status_name(st));
	CHECK_TRUE(t, st == STATUS_CONNECTION_DISCONNECTED || st == STATUS_INVALID_PARAMETER,
	           "%s answered %s; want the connection dropped (or INVALID_PARAMETER)", what,
	           nt_status_name(st));
}

static inline void cr_wait_expired(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	*(bool *)arg = true;
}

/* Run the loop until r has its interim response (or is done), bounded by
 * the target's timeout: no sleeping, the loop wakes on frames. */
static inline void cr_wait_interim(struct torture_ctx *t, struct cli_req *r)
{
	int ms = t->tgt->timeout_ms > 0 ? t->tgt->timeout_ms : CLI_DEFAULT_TIMEOUT_MS;
	struct timeval tv = { ms / 1000, (ms % 1000) * 1000 };
	bool expired = false;
	struct event *ev = evtimer_new(t->base, cr_wait_expired, &expired);

	if (!ev)
		torture_fail(t, "out of memory");
	evtimer_add(ev, &tv);
	while (!r->interim && !r->done && !expired)
		if (event_base_loop(t->base, EVLOOP_ONCE) < 0)
			break;
	event_free(ev);
	CHECK_TRUE(t, r->interim, "%s: no interim response (done %d, %s) within %d ms",
	           smb2_command_name(r->command), r->done, nt_status_name(r->status), ms);
}

/* The test directory opened for CHANGE_NOTIFY. */
static inline struct smb2_fileid cr_watch_dir(struct torture_ctx *t, struct cli_tree *tree)
{
	struct cli_open o;

	CHECK_STATUS(t, rw_open(tree, t->dir, SMB2_FILE_LIST_DIRECTORY | SMB2_FILE_READ_ATTRIBUTES,
	                        SMB2_FILE_OPEN, SMB2_FILE_DIRECTORY_FILE, &o),
	             STATUS_SUCCESS);
	return o.id;
}

/* A CHANGE_NOTIFY (new names) on an open of the test directory: nothing
 * changes there, so the server goes async and answers STATUS_PENDING
 * (3.3.5.19, 3.3.4.2).  Sent, not waited for. */
static inline struct cli_req *cr_notify_send(struct torture_ctx *t, struct cli_tree *tree,
                                             struct smb2_fileid dir,
                                             const struct cli_override *ov)
{
	struct cli_req *r;

	CHECK_STATUS(t, cli_notify_send(tree, dir, 0, FILE_NOTIFY_CHANGE_FILE_NAME, 4096, ov, &r),
	             STATUS_SUCCESS);
	return torture_req(t, r);
}

#endif
