/*
 * What happens when a replayed request is done (replay_int.h): the new
 * ids it brings (a tree, a FileId, a resume key) are mapped to the
 * captured ones, its response is compared with the captured one
 * (replay_compare.h) and the outcome counted.  Also the ops that end
 * without a response (skipped, uncompared, given up), and break
 * notifications: the ones the target sends are collected, acknowledgements
 * are paired with them, and at the end every captured notification
 * without a replayed partner (and the reverse) is a divergence.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pcap-replay/replay_int.h"

void rr_op_ref(const struct rr_engine *e, const struct rr_op *op, struct rr_msgref *out)
{
	out->frame = op->frame;
	out->stream = e->plan->streams[op->stream].info.index;
	out->command = op->command;
	out->mid = op->mid;
	out->what = NULL;
}

static void finish(struct rr_engine *e, struct rr_op *op)
{
	/* Not sent after all (a request still queued for credits when given
	 * up on): its hook finds no bytes to put back. */
	free(op->wire);
	op->wire = NULL;
	op->st = RR_ST_DONE;
	e->ops_done++;
	e->last_progress_us = rr_now_us();
}

/* Skips every capture has (NEGOTIATE, SESSION_SETUP rounds) are counted
 * but not listed one by one. */
static bool routine(enum rr_skip why)
{
	return why == RR_SKIP_NEGOTIATE || why == RR_SKIP_SETUP_ROUND;
}

void rr_op_skip(struct rr_engine *e, struct rr_op *op, enum rr_skip why, const char *detail)
{
	struct rr_msgref at;

	if (op->st == RR_ST_DONE)
		return;
	e->rep->skipped[why]++;
	if (!routine(why)) {
		rr_op_ref(e, op, &at);
		rr_report_note(e->rep, &at, rr_skip_key(why), "%s%s%s", rr_skip_text(why),
		               detail && *detail ? ": " : "", detail ? detail : "");
	}
	finish(e, op);
}

void rr_op_uncompared(struct rr_engine *e, struct rr_op *op, enum rr_uncmp why)
{
	struct rr_msgref at;

	if (op->st == RR_ST_DONE)
		return;
	e->rep->replayed++;
	e->rep->uncompared[why]++;
	if (why != RR_UNCMP_CANCEL) {
		rr_op_ref(e, op, &at);
		rr_report_note(e->rep, &at, rr_uncmp_key(why), "%s%s%s", rr_uncmp_text(why),
		               op->cap_note ? ": " : "", op->cap_note ? op->cap_note : "");
	}
	finish(e, op);
}

/* ---- comparing --------------------------------------------------------- */

struct cmp_ctx {
	struct rr_engine *e;
	struct rr_msgref at;
	const char *subject;
	const char *note;            /* replaces the replayed value's text */
	unsigned kept;
};

static void on_diff(void *arg, const struct rr_diff *d)
{
	struct cmp_ctx *c = arg;

	if (rr_ignore_match(c->e->o->ignore, c->e->o->n_ignore, c->at.command, c->subject,
	                    d->field)) {
		c->e->rep->ignored++;
		return;
	}
	c->kept++;
	rr_report_div(c->e->rep, &c->at, c->subject, d->field, d->captured,
	              c->note ? c->note : d->replayed, d->detail);
}

static void count_outcome(struct rr_engine *e, unsigned kept)
{
	e->rep->replayed++;
	if (kept)
		e->rep->diverged++;
	else
		e->rep->matched++;
}

/* The replay got no valid response (connection lost, a bad signature, a
 * malformed answer, given up): the captured Status against what the
 * client library said. */
static void no_response(struct rr_engine *e, struct rr_op *op, const char *why)
{
	struct cmp_ctx c = { e, { 0 }, op->cap.subject, NULL, 0 };
	struct rr_diff d;

	rr_op_ref(e, op, &c.at);
	memset(&d, 0, sizeof(d));
	d.field = "Status";
	snprintf(d.captured, sizeof(d.captured), "%s", nt_status_name(op->rsp_status));
	snprintf(d.replayed, sizeof(d.replayed), "no response (%s)", why);
	on_diff(&c, &d);
	count_outcome(e, c.kept);
}

static void compare(struct rr_engine *e, struct rr_op *op, const struct rr_summary *rep)
{
	struct cmp_ctx c = { e, { 0 }, op->cap.subject, NULL, 0 };

	rr_op_ref(e, op, &c.at);
	rr_compare(&op->cap, rep, on_diff, &c);
	count_outcome(e, c.kept);
}

/* ---- new ids ------------------------------------------------------------- */

static void note_oom(struct rr_engine *e)
{
	e->oom = true;
}

static void map_tree(struct rr_engine *e, struct rr_stream *s, const struct rr_op *op,
                     const struct cli_req *r)
{
	const struct smb2_tree_connect_rsp *tr = &r->msg.u.tree_connect_rsp;
	struct cli_tree *t, **v;

	if (op->rsp_status != STATUS_SUCCESS)
		return;   /* the client never used that TreeId */
	if (r->status != STATUS_SUCCESS || !r->has_msg ||
	    r->msg.kind != SMB2_MSG_RSP(SMB2_TREE_CONNECT) || !r->sess) {
		if (rr_tree_put(s, op->rsp_tid, NULL) != 0)
			note_oom(e);
		return;
	}
	if (e->n_trees == e->cap_trees) {
		size_t ncap = e->cap_trees ? e->cap_trees * 2 : 16;
		v = realloc(e->trees, ncap * sizeof(*v));
		if (!v) {
			note_oom(e);
			return;
		}
		e->trees = v;
		e->cap_trees = ncap;
	}
	t = calloc(1, sizeof(*t));
	if (!t) {
		note_oom(e);
		return;
	}
	/* As cli_tree_connect() fills it (sim-client/lib/tree.c). */
	t->sess = r->sess;
	t->id = r->msg.hdr.tree_id;
	t->share_type = tr->share_type;
	t->share_flags = tr->share_flags;
	t->capabilities = tr->capabilities;
	t->maximal_access = tr->maximal_access;
	t->encrypt = r->conn->dialect >= SMB2_DIALECT_300 &&
	             (tr->share_flags & SMB2_SHAREFLAG_ENCRYPT_DATA);
	e->trees[e->n_trees++] = t;
	if (rr_tree_put(s, op->rsp_tid, t) != 0)
		note_oom(e);
}

static void map_ids(struct rr_engine *e, struct rr_stream *s, const struct rr_op *op,
                    const struct cli_req *r)
{
	bool ok = r->status == STATUS_SUCCESS && r->has_msg && r->msg.kind == SMB2_MSG_RSP(op->command);

	switch (op->command) {
	case SMB2_TREE_CONNECT:
		map_tree(e, s, op, r);
		break;
	case SMB2_CREATE:
		if (op->rsp_status != STATUS_SUCCESS)
			break;
		if (rr_fid_put(s, op->rsp_fid, ok ? &r->msg.u.create_rsp.file_id : NULL) != 0)
			note_oom(e);
		break;
	case SMB2_IOCTL:
		if (op->has_resume_key && ok &&
		    r->msg.u.ioctl_rsp.output.len >= sizeof(op->resume_key) &&
		    rr_resume_put(e, op->resume_key, r->msg.u.ioctl_rsp.output.p) != 0)
			note_oom(e);
		break;
	default:
		break;
	}
}

void rr_op_done_cb(struct cli_req *r, void *arg)
{
	struct rr_op *op = arg;
	struct rr_engine *e = op->eng;
	struct rr_stream *s = &e->plan->streams[op->stream];
	struct rr_summary rep;
	NTSTATUS st = STATUS_INVALID_PARAMETER;

	op->req = NULL;
	map_ids(e, s, op, r);
	if (r->has_msg && !r->local_error) {
		st = rr_summarize(&r->msg, &op->rctx, &rep);
		if (st == STATUS_NO_MEMORY)
			note_oom(e);
	}
	if (!op->has_rsp) {
		rr_op_uncompared(e, op, RR_UNCMP_NO_RSP);
	} else if (!op->cap_ok) {
		rr_op_uncompared(e, op, RR_UNCMP_RSP_UNDECODABLE);
	} else if (st != STATUS_SUCCESS) {
		char why[128];
		snprintf(why, sizeof(why), "%s%s", nt_status_name(r->status),
		         r->local_error ? ", from the client library" : ", undecodable");
		no_response(e, op, why);
		finish(e, op);
	} else {
		compare(e, op, &rep);
		finish(e, op);
	}
	if (st == STATUS_SUCCESS)
		rr_summary_free(&rep);
	cli_req_free(r);
}

void rr_op_abort(struct rr_engine *e, struct rr_op *op)
{
	char why[64];

	if (op->st == RR_ST_DONE)
		return;
	if (op->req) {
		cli_req_free(op->req);   /* its callback no longer fires */
		op->req = NULL;
	}
	op->aborted = true;
	if (op->has_rsp && op->cap_ok && op->st == RR_ST_SENT) {
		snprintf(why, sizeof(why), "none within %d ms", e->o->timeout_ms);
		no_response(e, op, why);
		finish(e, op);
	} else if (op->st == RR_ST_SENT) {
		rr_op_uncompared(e, op, RR_UNCMP_NO_RSP);
	} else {
		rr_op_skip(e, op, RR_SKIP_NO_CONNECTION, "given up on after the timeout");
	}
}

/* ---- breaks ---------------------------------------------------------------- */

void rr_collect_breaks(struct rr_engine *e)
{
	struct cli_break b;

	for (size_t i = 0; i < e->plan->n_streams; i++) {
		struct rr_stream *s = &e->plan->streams[i];
		while (s->conn && cli_take_break(s->conn, &b)) {
			struct rr_notif *n;
			if (e->n_rbreaks == e->cap_rbreaks) {
				size_t ncap = e->cap_rbreaks ? e->cap_rbreaks * 2 : 16;
				n = realloc(e->rbreaks, ncap * sizeof(*n));
				if (!n) {
					note_oom(e);
					return;
				}
				e->rbreaks = n;
				e->cap_rbreaks = ncap;
			}
			n = &e->rbreaks[e->n_rbreaks++];
			memset(n, 0, sizeof(*n));
			n->stream = (uint32_t)i;
			n->seq = e->n_rbreaks;
			n->brk = b.brk;
			e->last_progress_us = rr_now_us();
		}
	}
}

static bool is_lease(const struct smb2_oplock_break_rsp *b)
{
	return b->kind == SMB2_BREAK_LEASE_NOTIFY;
}

/* A replayed break for the captured key (lease key or FileId of stream
 * sidx), not yet paired. */
static struct rr_notif *find_replayed(struct rr_engine *e, uint32_t sidx, bool lease,
                                      const uint8_t key[16], struct smb2_fileid fid)
{
	struct smb2_fileid rfid;
	uint8_t rkey[16];

	if (lease ? rr_id16_map(&e->leases, key, false, rkey) != 0
	          : rr_fid_get(&e->plan->streams[sidx], fid, &rfid) != RR_SKIP_NONE)
		return NULL;
	for (size_t i = 0; i < e->n_rbreaks; i++) {
		struct rr_notif *n = &e->rbreaks[i];
		if (n->matched || is_lease(&n->brk) != lease)
			continue;
		if (lease ? memcmp(n->brk.lease_key, rkey, 16) == 0
		          : n->stream == sidx && n->brk.file_id.persistent == rfid.persistent &&
		                    n->brk.file_id.volatile_ == rfid.volatile_)
			return n;
	}
	return NULL;
}

struct rr_notif *rr_find_break(struct rr_engine *e, const struct rr_op *op)
{
	return find_replayed(e, op->stream, op->lease_ack, op->lease_key, op->fid);
}

static void notif_ref(const struct rr_engine *e, const struct rr_notif *n, bool captured,
                      struct rr_msgref *at)
{
	at->frame = captured ? n->frame : 0;
	at->stream = e->plan->streams[n->stream].info.index;
	at->command = SMB2_OPLOCK_BREAK;
	at->mid = UINT64_MAX;
	at->what = captured ? "break notification" : "break notification (replayed)";
}

static void notif_text(const struct smb2_oplock_break_rsp *b, char *buf, size_t len)
{
	if (is_lease(b))
		snprintf(buf, len, "lease break to 0x%02x", b->new_lease_state);
	else
		snprintf(buf, len, "oplock break to level 0x%02x", b->oplock_level);
}

/* Pair a captured notification with a replayed one and compare the level
 * or lease state they break to. */
static void pair(struct rr_engine *e, struct rr_notif *cap, struct rr_notif *rep)
{
	struct cmp_ctx c = { e, { 0 }, "notification", NULL, 0 };
	struct rr_diff d;

	cap->matched = rep->matched = true;
	notif_ref(e, cap, true, &c.at);
	memset(&d, 0, sizeof(d));
	if (is_lease(&cap->brk) && cap->brk.new_lease_state != rep->brk.new_lease_state) {
		d.field = "NewLeaseState";
		snprintf(d.captured, sizeof(d.captured), "0x%08x", cap->brk.new_lease_state);
		snprintf(d.replayed, sizeof(d.replayed), "0x%08x", rep->brk.new_lease_state);
		on_diff(&c, &d);
	} else if (!is_lease(&cap->brk) && cap->brk.oplock_level != rep->brk.oplock_level) {
		d.field = "OplockLevel";
		snprintf(d.captured, sizeof(d.captured), "0x%02x", cap->brk.oplock_level);
		snprintf(d.replayed, sizeof(d.replayed), "0x%02x", rep->brk.oplock_level);
		on_diff(&c, &d);
	}
}

/* The captured notification an acknowledgement answers: the latest one
 * before it in its stream for the same key. */
static struct rr_notif *captured_for(struct rr_engine *e, const struct rr_op *op)
{
	for (size_t i = e->plan->n_notifs; i-- > 0;) {
		struct rr_notif *n = &e->plan->notifs[i];
		if (n->matched || n->stream != op->stream || n->seq > op->seq ||
		    is_lease(&n->brk) != op->lease_ack)
			continue;
		if (op->lease_ack ? memcmp(n->brk.lease_key, op->lease_key, 16) == 0
		                  : n->brk.file_id.persistent == op->fid.persistent &&
		                            n->brk.file_id.volatile_ == op->fid.volatile_)
			return n;
	}
	return NULL;
}

void rr_ack_paired(struct rr_engine *e, const struct rr_op *op, struct rr_notif *rep)
{
	struct rr_notif *cap = captured_for(e, op);

	if (cap)
		pair(e, cap, rep);
	else
		rep->matched = true;
}

void rr_match_breaks(struct rr_engine *e)
{
	struct cmp_ctx c = { e, { 0 }, "notification", NULL, 0 };
	struct rr_diff d;

	for (size_t i = 0; i < e->plan->n_notifs; i++) {
		struct rr_notif *n = &e->plan->notifs[i], *r;
		if (n->matched)
			continue;
		r = find_replayed(e, n->stream, is_lease(&n->brk), n->brk.lease_key, n->brk.file_id);
		if (r) {
			pair(e, n, r);
			continue;
		}
		notif_ref(e, n, true, &c.at);
		memset(&d, 0, sizeof(d));
		d.field = "Notification";
		notif_text(&n->brk, d.captured, sizeof(d.captured));
		snprintf(d.replayed, sizeof(d.replayed), "none");
		on_diff(&c, &d);
	}
	for (size_t i = 0; i < e->n_rbreaks; i++) {
		struct rr_notif *r = &e->rbreaks[i];
		if (r->matched)
			continue;
		r->matched = true;
		notif_ref(e, r, false, &c.at);
		memset(&d, 0, sizeof(d));
		d.field = "Notification";
		snprintf(d.captured, sizeof(d.captured), "none");
		notif_text(&r->brk, d.replayed, sizeof(d.replayed));
		on_diff(&c, &d);
	}
}
