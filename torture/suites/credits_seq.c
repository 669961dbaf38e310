/*
 * Tests of the "credits" suite (table in credits.c) about the command
 * sequence window (MS-SMB2 3.3.1.1, 3.3.5.2.3): MessageIds out of order,
 * reused, past the window and 0xFFFFFFFFFFFFFFFF; async requests, whose
 * credits come in the interim response (3.3.4.1.2, 3.3.4.2); CANCEL,
 * which uses no MessageId (3.3.5.16); and compounds, charged message by
 * message (3.3.5.2.7).
 */
#include "torture/suites/credits_util.h"
#include "wire/cancel.h"

/* Credits a compound test needs: 2 + 1 + 1 for its messages. */
#define CR_COMPOUND_CREDITS 4u

void credits_mid_skipped(struct torture_ctx *t)
{
	struct cli_conn *c = t->conn;
	struct cli_override ov;
	struct cli_req *r = NULL;
	uint64_t mid, last;

	rw_want_credits(t, c, t->sess, 3);
	mid = c->next_mid;
	last = mid + c->credits - 1;
	/* 3.3.1.1: the last id of the window first, the skipped ones after:
	 * requests may arrive out of order. */
	ov = cr_ov(CLI_OV_MESSAGE_ID, last, 0, 0);
	CHECK_STATUS(t, cr_echo(t, c, t->sess, &ov, &r), STATUS_SUCCESS);
	CHECK_VAL(t, r->msg.hdr.message_id, last);
	CHECK_STATUS(t, cr_echo(t, c, t->sess, NULL, &r), STATUS_SUCCESS);
	CHECK_VAL(t, r->mid, mid);
	CHECK_STATUS(t, cr_echo(t, c, t->sess, NULL, &r), STATUS_SUCCESS);
	CHECK_VAL(t, r->mid, mid + 1);
}

void credits_mid_reused(struct torture_ctx *t)
{
	struct cli_override ov;
	uint64_t ahead;

	/* An id used out of order, above the low end of the window, so the
	 * server must remember it rather than compare with the lowest id
	 * (the plain case is in credits_multi_credit_range). */
	rw_want_credits(t, t->conn, t->sess, 3);
	ahead = t->conn->next_mid + 2;
	ov = cr_ov(CLI_OV_MESSAGE_ID, ahead, 0, 0);
	CHECK_STATUS(t, cr_echo(t, t->conn, t->sess, &ov, NULL), STATUS_SUCCESS);
	/* 3.3.1.1: once received, an id is never allowed again. */
	cr_check_rejected(t, cr_echo(t, t->conn, t->sess, &ov, NULL), "ECHO reusing a MessageId");
}

void credits_mid_outside_window(struct torture_ctx *t)
{
	struct cli_conn *c = t->conn;
	struct cli_override ov;

	/* With nothing in flight the window is next_mid .. next_mid +
	 * credits - 1; the id right after it is not in it. */
	ov = cr_ov(CLI_OV_MESSAGE_ID, c->next_mid + c->credits, 0, 0);
	cr_check_rejected(t, cr_echo(t, c, t->sess, &ov, NULL), "ECHO one past the window");
}

void credits_mid_max(struct torture_ctx *t)
{
	struct cli_override ov = cr_ov(CLI_OV_MESSAGE_ID, UINT64_MAX, 0, 0);

	/* 0xFFFFFFFFFFFFFFFF is the id of unsolicited break notifications
	 * (2.2.23); no window ever holds it. */
	cr_check_rejected(t, cr_echo(t, t->conn, t->sess, &ov, NULL),
	                  "ECHO with MessageId 0xFFFFFFFFFFFFFFFF");
}

void credits_async_interim(struct torture_ctx *t)
{
	struct cli_override ov = cr_ov(CLI_OV_CREDIT_REQUEST, 0, 0, 8);
	struct smb2_fileid dir = cr_watch_dir(t, t->tree);
	struct cli_req *n = cr_notify_send(t, t->tree, dir, &ov);
	uint32_t before = t->conn->credits;
	struct cli_open o;
	NTSTATUS st;

	/* 3.3.4.1.2: the credits of an async request MUST be granted in its
	 * interim response; 3.3.1.2: a non-zero request SHOULD get some. */
	cr_wait_interim(t, n);
	torture_comment(t, "interim response granted %u credits", t->conn->credits - before);
	CHECK_TRUE(t, t->conn->credits > before, "the interim response granted no credit");
	/* The connection is free for other requests meanwhile. */
	CHECK_STATUS(t, cr_echo(t, t->conn, t->sess, NULL, NULL), STATUS_SUCCESS);
	/* A new name in the directory completes the notification; its final
	 * response grants nothing more. */
	CHECK_STATUS(t, torture_create_file(t, t->tree, torture_path(t, "new"), &o),
	             STATUS_SUCCESS);
	st = cli_wait(n, 0);
	CHECK_TRUE(t, st == STATUS_SUCCESS || st == STATUS_NOTIFY_ENUM_DIR,
	           "CHANGE_NOTIFY completed with %s", nt_status_name(st));
	CHECK_VAL(t, n->msg.hdr.credit, 0);
}

void credits_cancel_no_credit(struct torture_ctx *t)
{
	struct cli_conn *c = t->conn;
	struct smb_transport *f = torture_fault(t, c);
	struct smb2_fileid dir = cr_watch_dir(t, t->tree);
	struct cli_req *async_form, *sync_form, *r = NULL;
	struct cli_override ov;
	uint64_t last;

	/* Async form: after the interim response, by AsyncId. */
	async_form = cr_notify_send(t, t->tree, dir, NULL);
	cr_wait_interim(t, async_form);
	CHECK_STATUS(t, cli_cancel(async_form), STATUS_SUCCESS);
	CHECK_STATUS(t, cli_wait(async_form, 0), STATUS_CANCELLED);
	/* Sync form: the interim response held back, so the client cancels
	 * by the request's MessageId (3.3.5.16 looks both up). */
	smb_fault_hold(f, SMB_FAULT_IN);
	sync_form = cr_notify_send(t, t->tree, dir, NULL);
	CHECK_STATUS(t, cli_cancel(sync_form), STATUS_SUCCESS);
	CHECK_TRUE(t, !sync_form->interim, "the interim response was not held back");
	smb_fault_release(f, SMB_FAULT_IN);
	CHECK_STATUS(t, cli_wait(sync_form, 0), STATUS_CANCELLED);

	/* 3.3.4.1.2: CANCEL consumes no credit (and 3.3.5.2.3 skips its
	 * MessageId), so the window still reaches as far as the credits the
	 * client holds: its last id is good. */
	last = c->next_mid + c->credits - 1;
	ov = cr_ov(CLI_OV_MESSAGE_ID, last, 0, 0);
	CHECK_STATUS(t, cr_echo(t, c, t->sess, &ov, &r), STATUS_SUCCESS);
	CHECK_VAL(t, r->msg.hdr.message_id, last);
}

void credits_cancel_mid_unchecked(struct torture_ctx *t)
{
	struct cli_conn *c = t->conn;
	struct smb2_msg *m = torture_alloc(t, sizeof(*m));
	const uint64_t mids[] = { c->next_mid + c->credits + 1000, 0 };
	struct cli_req *cancels[2];

	/* 3.3.5.2.3 is skipped for CANCEL: neither an id far past the window
	 * nor one long used (NEGOTIATE's 0) is an error, and 2.2.30 has no
	 * response.  Nothing is pending, so nothing is cancelled. */
	m->hdr.command = SMB2_CANCEL;
	for (int i = 0; i < 2; i++) {
		struct cli_override ov = cr_ov(CLI_OV_MESSAGE_ID | CLI_OV_CREDIT_CHARGE |
		                                       CLI_OV_CREDIT_REQUEST,
		                               mids[i], 0, 0);
		struct cli_send_item it;

		memset(&it, 0, sizeof(it));
		it.m = m;
		it.sess = t->sess;
		it.tree = t->tree;
		it.ov = &ov;
		CHECK_STATUS(t, cli_send(c, &it, &cancels[i]), STATUS_SUCCESS);
		torture_req(t, cancels[i]);
	}
	/* Answers come in order: by the ECHO's, any to the CANCELs came. */
	CHECK_STATUS(t, cr_echo(t, c, t->sess, NULL, NULL), STATUS_SUCCESS);
	CHECK_TRUE(t, !cancels[0]->done && !cancels[1]->done,
	           "the server answered a CANCEL (%s, %s)", nt_status_name(cancels[0]->status),
	           nt_status_name(cancels[1]->status));
}

/* Send READs of the given lengths at offset 0 of fid as one compound
 * (unrelated); ov[i] may be NULL.  Waits for all. */
static void cr_compound(struct torture_ctx *t, struct smb2_fileid fid, const uint32_t *lens,
                        const struct cli_override *const *ov, unsigned n,
                        struct cli_req **reqs)
{
	struct smb2_msg *m = torture_alloc(t, n * sizeof(*m));
	struct cli_send_item *items = torture_alloc(t, n * sizeof(*items));

	for (unsigned i = 0; i < n; i++) {
		m[i].hdr.command = SMB2_READ;
		m[i].u.read_req.length = lens[i];
		m[i].u.read_req.file_id = fid;
		items[i].m = &m[i];
		items[i].sess = t->sess;
		items[i].tree = t->tree;
		items[i].ov = ov[i];
		items[i].payload = lens[i];
	}
	CHECK_STATUS(t, cli_send_chain(t->conn, items, n, reqs), STATUS_SUCCESS);
	for (unsigned i = 0; i < n; i++)
		torture_req(t, reqs[i]);
	(void)cli_wait_all(reqs, n, 0);
}

static struct smb2_fileid cr_compound_setup(struct torture_ctx *t, const uint8_t **data)
{
	struct smb2_fileid fid;

	torture_require_cap(t, SMB2_GLOBAL_CAP_LARGE_MTU);
	if (t->srv->max_read < 2 * RW_CREDIT_UNIT)
		torture_skip(t, "MaxReadSize %u is below 128 KiB", t->srv->max_read);
	fid = cr_file(t, t->tree, 2 * RW_CREDIT_UNIT);
	*data = rw_pattern(t, 2 * RW_CREDIT_UNIT, 0, 0x42);
	rw_want_credits(t, t->conn, t->sess, CR_COMPOUND_CREDITS);
	return fid;
}

void credits_compound(struct torture_ctx *t)
{
	static const uint32_t lens[] = { 2 * RW_CREDIT_UNIT, 10, 20 };
	const struct cli_override *ov[] = { NULL, NULL, NULL };
	const uint8_t *data;
	struct smb2_fileid fid = cr_compound_setup(t, &data);
	uint64_t mid = t->conn->next_mid;
	struct cli_req *reqs[3], *r = NULL;

	/* 3.3.5.2.7 runs 3.3.5.2.3 for each message: ids mid..mid+1 for the
	 * 2-credit READ, then mid+2 and mid+3. */
	cr_compound(t, fid, lens, ov, 3, reqs);
	for (unsigned i = 0; i < 3; i++) {
		CHECK_STATUS(t, reqs[i]->status, STATUS_SUCCESS);
		CHECK_VAL(t, reqs[i]->msg.u.read_rsp.data.len, lens[i]);
		CHECK_MEM(t, reqs[i]->msg.u.read_rsp.data.p, data, lens[i]);
	}
	CHECK_VAL(t, reqs[0]->msg.hdr.message_id, mid);
	CHECK_VAL(t, reqs[1]->msg.hdr.message_id, mid + 2);
	CHECK_VAL(t, reqs[2]->msg.hdr.message_id, mid + 3);
	CHECK_STATUS(t, cr_echo(t, t->conn, t->sess, NULL, &r), STATUS_SUCCESS);
	CHECK_VAL(t, r->mid, mid + 4);
}

void credits_compound_mid_reused(struct torture_ctx *t)
{
	static const uint32_t lens[] = { 2 * RW_CREDIT_UNIT, 10 };
	const uint8_t *data;
	struct smb2_fileid fid = cr_compound_setup(t, &data);
	struct cli_override inside = cr_ov(CLI_OV_MESSAGE_ID, t->conn->next_mid + 1, 0, 0);
	const struct cli_override *ov[] = { NULL, &inside };
	struct cli_req *reqs[2];

	/* The second message claims mid+1, which the first (2 credits from
	 * mid) already took. */
	cr_compound(t, fid, lens, ov, 2, reqs);
	CHECK_TRUE(t, reqs[0]->status == STATUS_SUCCESS ||
	                      reqs[0]->status == STATUS_CONNECTION_DISCONNECTED,
	           "the first message answered %s", nt_status_name(reqs[0]->status));
	cr_check_rejected(t, reqs[1]->status, "compound message inside the previous one's range");
}
