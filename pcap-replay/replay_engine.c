/*
 * The replay engine's loop (replay_int.h): one client connection per
 * captured stream, made when the stream's first unit is due, with its own
 * NEGOTIATE (the captured dialect when the target offers it) and a logon
 * with the -U credentials wherever the capture set up a session; then
 * every unit in turn, as soon as replay_sched.c allows, rebuilt
 * (replay_rebuild.c) and sent with the client library (one frame per
 * captured frame: compounds stay compounds), until every unit is sent and
 * every response that has a captured counterpart is in.
 *
 * Nothing here waits on a clock but the pace the user asked for and the
 * no-progress timeout (--timeout), after which whatever blocks the replay
 * is given up on and reported.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <event2/event.h>

#include "pcap-replay/replay_int.h"
#include "sim-client/lib/cli_sync.h"

/* Units sent per pump before the loop looks at the network again. */
#define RR_PUMP_BATCH 256

uint64_t rr_now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
}

static void timer_cb(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	(void)arg;
}

int rr_engine_init(struct rr_engine *e, struct rr_plan *p, const struct rr_options *o,
                   struct rr_report *rep, struct event_base *base, rr_connect_fn connect,
                   void *connect_arg)
{
	memset(e, 0, sizeof(*e));
	e->plan = p;
	e->o = o;
	e->rep = rep;
	e->base = base;
	e->connect = connect;
	e->connect_arg = connect_arg;
	rr_map_init(&e->leases);
	rr_map_init(&e->guids);
	rr_map_init(&e->appids);
	p->eng = e;
	e->timer = evtimer_new(base, timer_cb, e);
	if (!e->timer)
		return -1;
	e->tty = isatty(STDERR_FILENO);
	if (p->n_units)
		e->ts0 = p->units[0].ts_usec;
	rep->streams = calloc(p->n_streams ? p->n_streams : 1, sizeof(*rep->streams));
	if (!rep->streams)
		return -1;
	rep->n_streams = p->n_streams;
	for (size_t i = 0; i < p->n_streams; i++) {
		struct rr_rep_stream *rs = &rep->streams[i];
		rs->index = p->streams[i].info.index;
		memcpy(rs->client, p->streams[i].info.client, sizeof(rs->client));
		memcpy(rs->server, p->streams[i].info.server, sizeof(rs->server));
		rs->cap_dialect = p->streams[i].dialect;
	}
	rep->total = p->n_ops;
	rep->damage = p->damage;
	rep->stray = p->stray;
	return 0;
}

void rr_engine_free(struct rr_engine *e)
{
	for (size_t i = 0; i < e->n_trees; i++)
		cli_tree_free(e->trees[i]);
	free(e->trees);
	for (size_t i = 0; i < e->plan->n_streams; i++) {
		struct rr_stream *s = &e->plan->streams[i];
		/* Frees its sessions; pending requests complete now. */
		cli_conn_free(s->conn);
		s->conn = NULL;
	}
	rr_map_free(&e->leases);
	rr_map_free(&e->guids);
	rr_map_free(&e->appids);
	free(e->resume);
	free(e->rbreaks);
	if (e->timer)
		event_free(e->timer);
	e->plan->eng = NULL;
}

/* ---- progress ---------------------------------------------------------------- */

static void progress(struct rr_engine *e, bool last)
{
	uint64_t now;

	if (!e->tty)
		return;
	now = rr_now_us();
	if (!last && now - e->last_draw_us < RR_PROGRESS_MS * 1000u)
		return;
	e->last_draw_us = now;
	fprintf(stderr, "\rreplay: %zu/%zu messages, %llu divergences%s", e->ops_done,
	        e->plan->n_ops, (unsigned long long)e->rep->divergences, last ? "\033[K\n" : "\033[K");
	fflush(stderr);
}

static void conn_log(void *arg, const char *msg)
{
	struct rr_stream *s = arg;

	fprintf(stderr, "%ssmbsim-replay: stream %u: %s\n", isatty(STDERR_FILENO) ? "\r\033[K" : "",
	        s->info.index, msg);
}

/* ---- connections and logons -------------------------------------------- */

static NTSTATUS connect_negotiate(struct rr_engine *e, struct rr_stream *s, uint16_t max)
{
	struct cli_conn_opts co;
	NTSTATUS st;

	memset(&co, 0, sizeof(co));
	co.timeout_ms = e->o->timeout_ms;
	co.log = conn_log;
	co.log_arg = s;
	st = e->connect(e->connect_arg, e->base, &co, &s->conn);
	if (st != STATUS_SUCCESS) {
		s->conn = NULL;
		return st;
	}
	st = cli_negotiate(s->conn, SMB2_DIALECT_202, max);
	if (st != STATUS_SUCCESS) {
		cli_conn_free(s->conn);
		s->conn = NULL;
	}
	return st;
}

static bool stream_connect(struct rr_engine *e, struct rr_stream *s)
{
	struct rr_rep_stream *rs = &e->rep->streams[s - e->plan->streams];
	uint16_t max = SMB2_DIALECT_311;
	NTSTATUS st;

	if (s->conn_tried)
		return s->conn != NULL;
	s->conn_tried = true;
	/* Offer up to the captured dialect, so the target picks it when it
	 * has it; a target without it (or below) gets every dialect. */
	if (s->dialect >= SMB2_DIALECT_202 && s->dialect <= SMB2_DIALECT_311)
		max = s->dialect;
	st = connect_negotiate(e, s, max);
	if (st != STATUS_SUCCESS && max != SMB2_DIALECT_311 && st != STATUS_IO_TIMEOUT)
		st = connect_negotiate(e, s, SMB2_DIALECT_311);
	s->conn_status = st;
	rs->setup = st;
	if (st != STATUS_SUCCESS) {
		struct rr_msgref at = { 0, s->info.index, SMB2_NEGOTIATE, 0, "connection" };
		rr_report_note(e->rep, &at, "no_connection", "connecting to %s:%u and negotiating: %s",
		               e->o->host, e->o->port ? e->o->port : 445, nt_status_name(st));
		e->rep->fatal = true;
		return false;
	}
	s->rep_dialect = s->conn->dialect;
	rs->rep_dialect = s->rep_dialect;
	if (s->dialect && s->dialect != s->rep_dialect && s->neg_op >= 0) {
		struct rr_msgref at;
		char a[16], b[16];
		rr_op_ref(e, &e->plan->ops[s->neg_op], &at);
		snprintf(a, sizeof(a), "0x%04x", s->dialect);
		snprintf(b, sizeof(b), "0x%04x", s->rep_dialect);
		if (rr_ignore_match(e->o->ignore, e->o->n_ignore, SMB2_NEGOTIATE, "",
		                    "DialectRevision"))
			e->rep->ignored++;
		else
			rr_report_div(e->rep, &at, "", "DialectRevision", a, b,
			              "the target does not offer the captured dialect");
	}
	return true;
}

static void do_login(struct rr_engine *e, struct rr_stream *s, struct rr_op *op)
{
	struct cli_session *sess = NULL;
	NTSTATUS st;

	st = cli_login(s->conn, e->o->user, e->o->domain, e->o->password, &sess);
	if (st != STATUS_SUCCESS) {
		struct rr_msgref at;
		rr_op_ref(e, op, &at);
		rr_report_note(e->rep, &at, "logon_failed", "logon as %s%s%s: %s", e->o->domain,
		               e->o->domain[0] ? "\\" : "", e->o->user, nt_status_name(st));
		e->rep->streams[op->stream].setup = st;
		e->rep->fatal = true;
		sess = NULL;
	}
	if (rr_sess_put(s, op->setup_sid, sess) != 0)
		e->oom = true;
}

/* ---- sending -------------------------------------------------------------- */

static void skip_rest(struct rr_engine *e, const struct rr_unit *u, uint32_t from,
                      enum rr_skip why, const char *detail)
{
	for (uint32_t k = from; k < u->n; k++) {
		struct rr_op *op = &e->plan->ops[u->first + k];
		if (op->st == RR_ST_WAIT)
			rr_op_skip(e, op, why, detail);
	}
}

static struct rr_op *cancel_target(struct rr_engine *e, const struct rr_stream *s,
                                   const struct rr_op *op)
{
	if (op->flags & SMB2_FLAGS_ASYNC_COMMAND) {
		for (size_t i = e->plan->n_ops; i-- > 0;) {
			struct rr_op *t = &e->plan->ops[i];
			if (t->stream == op->stream && t->has_interim && t->cap_async_id == op->async_id)
				return t;
		}
		return NULL;
	}
	const struct rr_map_val *v = rr_map_get(&s->mids, op->mid, 0);
	return v ? &e->plan->ops[v->a] : NULL;
}

static void do_cancel(struct rr_engine *e, struct rr_stream *s, struct rr_op *op)
{
	struct rr_op *t = cancel_target(e, s, op);
	NTSTATUS st;

	if (!t || t->st == RR_ST_WAIT || (t->st == RR_ST_DONE && !t->req && t->aborted)) {
		rr_op_skip(e, op, RR_SKIP_CANCEL_UNKNOWN, NULL);
		return;
	}
	if (t->st == RR_ST_DONE || !t->req) {
		rr_op_skip(e, op, RR_SKIP_CANCEL_DONE, NULL);
		return;
	}
	st = cli_cancel(t->req);
	if (st != STATUS_SUCCESS) {
		rr_op_skip(e, op, RR_SKIP_SEND_FAILED, nt_status_name(st));
		return;
	}
	rr_op_uncompared(e, op, RR_UNCMP_CANCEL);
}

/* Send one unit: its readable requests rebuilt as one frame. */
static void issue(struct rr_engine *e, struct rr_unit *u)
{
	struct rr_stream *s = &e->plan->streams[u->stream];
	struct cli_send_item items[SMB2_MAX_COMPOUND];
	struct rr_built built[SMB2_MAX_COMPOUND];
	struct cli_override ov[SMB2_MAX_COMPOUND];
	struct rr_op *ops[SMB2_MAX_COMPOUND];
	struct cli_req *reqs[SMB2_MAX_COMPOUND];
	char detail[RR_VALUE_TEXT];
	unsigned n = 0;
	NTSTATUS st;

	u->issued = true;
	e->last_progress_us = rr_now_us();
	if (!stream_connect(e, s)) {
		skip_rest(e, u, 0, RR_SKIP_NO_CONNECTION, nt_status_name(s->conn_status));
		return;
	}
	if (s->conn->dead) {
		skip_rest(e, u, 0, RR_SKIP_NO_CONNECTION, "the target closed the connection");
		return;
	}
	if (u->n > SMB2_MAX_COMPOUND) {
		skip_rest(e, u, 0, RR_SKIP_CHAIN, "more members than the client library sends");
		return;
	}
	for (uint32_t k = 0; k < u->n; k++) {
		struct rr_op *op = &e->plan->ops[u->first + k];
		enum rr_skip why;

		if (op->st != RR_ST_WAIT) {
			/* Given up on already (give_up()). */
			if (u->n > 1)
				goto chain_broken;
			continue;
		}
		if (op->plan_skip != RR_SKIP_NONE) {
			if (op->setup == RR_SETUP_LOGIN)
				do_login(e, s, op);
			rr_op_skip(e, op, op->plan_skip, op->detail);
			if (u->n > 1 && op->command != SMB2_SESSION_SETUP &&
			    op->command != SMB2_NEGOTIATE)
				goto chain_broken;
			continue;
		}
		if (op->command == SMB2_CANCEL) {
			do_cancel(e, s, op);
			continue;
		}
		if (op->command == SMB2_OPLOCK_BREAK) {
			struct rr_notif *b = rr_find_break(e, op);
			if (b)
				rr_ack_paired(e, op, b);
		}
		why = rr_rebuild(e, s, op, n ? &built[n - 1] : NULL, &built[n], detail,
		                 sizeof(detail));
		if (why != RR_SKIP_NONE) {
			rr_op_skip(e, op, why, detail);
			if (u->n > 1)
				goto chain_broken;
			continue;
		}
		memset(&ov[n], 0, sizeof(ov[n]));
		ov[n].sign = built[n].sign ? CLI_SIGN_ALWAYS : CLI_SIGN_AUTO;
		/* The captured bytes with the replay's ids (replay_wire.c). */
		op->eng = e;
		op->wire = rr_rebuild_wire(op, &built[n]);
		if (op->wire) {
			op->wire_len = op->raw_len;
			op->wire_sess = built[n].sess;
			ov[n].hook = rr_wire_hook;
			ov[n].hook_arg = op;
		}
		memset(&items[n], 0, sizeof(items[n]));
		items[n].m = built[n].m;
		items[n].sess = built[n].sess;
		items[n].tree = built[n].tree;
		/* As captured, also a first member marked related (which a
		 * server refuses, MS-SMB2 3.3.5.2.7.2). */
		items[n].related = built[n].related;
		items[n].ov = &ov[n];
		items[n].payload = built[n].payload;
		items[n].cb = rr_op_done_cb;
		items[n].cb_arg = op;
		ops[n++] = op;
	}
	if (!n)
		return;
	st = cli_send_chain(s->conn, items, n, reqs);
	for (unsigned k = 0; k < n; k++) {
		rr_built_free(&built[k]);
		if (st == STATUS_SUCCESS) {
			ops[k]->req = reqs[k];
			ops[k]->eng = e;
			ops[k]->st = RR_ST_SENT;
		} else {
			rr_op_skip(e, ops[k], RR_SKIP_SEND_FAILED, nt_status_name(st));
		}
	}
	return;

chain_broken:
	for (unsigned k = 0; k < n; k++) {
		rr_built_free(&built[k]);
		rr_op_skip(e, ops[k], RR_SKIP_CHAIN, NULL);
	}
	skip_rest(e, u, 0, RR_SKIP_CHAIN, NULL);
}

/* A break acknowledgement waits for the target's break. */
static bool is_ack(const struct rr_plan *p, const struct rr_unit *u)
{
	const struct rr_op *op = &p->ops[u->first];

	return u->n == 1 && op->command == SMB2_OPLOCK_BREAK && op->plan_skip == RR_SKIP_NONE;
}

enum readiness { READY, BLOCKED, PACED };

static enum readiness ready(struct rr_engine *e, const struct rr_unit *u, uint64_t now,
                            uint64_t *wake)
{
	uint64_t due;

	if (!rr_unit_deps_met(e, u))
		return BLOCKED;
	due = rr_unit_due(e, u);
	if (due > now) {
		if (!*wake || due < *wake)
			*wake = due;
		return PACED;
	}
	if (is_ack(e->plan, u) && !rr_find_break(e, &e->plan->ops[u->first]))
		return BLOCKED;
	if (!rr_closed_before(e, u))
		return BLOCKED;
	return READY;
}

/* Send what may go; true when anything was sent.  *paced: a unit waits
 * only for its time. */
static bool pump(struct rr_engine *e, uint64_t *wake, bool *paced)
{
	struct rr_plan *p = e->plan;
	unsigned sent = 0;
	enum readiness r;

	*paced = false;
	rr_close_finished(e);
	if (!e->o->parallel) {
		while (e->next_global < p->n_units && sent < RR_PUMP_BATCH) {
			struct rr_unit *u = &p->units[e->next_global];
			r = ready(e, u, rr_now_us(), wake);
			if (r != READY) {
				*paced = r == PACED;
				break;
			}
			p->streams[u->stream].next++;
			e->next_global++;
			issue(e, u);
			rr_advance_low(e);
			rr_close_finished(e);
			sent++;
		}
		return sent > 0;
	}
	for (size_t i = 0; i < p->n_streams; i++) {
		struct rr_stream *s = &p->streams[i];
		while (s->next < s->n_units && sent < RR_PUMP_BATCH) {
			struct rr_unit *u = &p->units[s->units[s->next]];
			r = ready(e, u, rr_now_us(), wake);
			if (r != READY) {
				*paced = *paced || r == PACED;
				break;
			}
			s->next++;
			issue(e, u);
			rr_advance_low(e);
			rr_close_finished(e);
			sent++;
		}
	}
	return sent > 0;
}

static bool all_issued(const struct rr_engine *e)
{
	for (size_t i = 0; i < e->plan->n_streams; i++)
		if (e->plan->streams[i].next < e->plan->streams[i].n_units)
			return false;
	return true;
}

/* Sent requests the replay still waits for: those with a captured final
 * response to compare. */
static bool awaiting(const struct rr_engine *e)
{
	for (size_t i = e->low; i < e->plan->n_ops; i++) {
		const struct rr_op *op = &e->plan->ops[i];
		if (op->st == RR_ST_SENT && op->has_rsp)
			return true;
	}
	return false;
}

/* Nothing moved for the timeout: give up on what blocks the next units
 * (or, when all are sent, on every answer still missing). */
static void give_up_head(struct rr_engine *e, struct rr_unit *u)
{
	uint32_t blk[64];
	size_t n = rr_unit_blockers(e, u, blk, sizeof(blk) / sizeof(blk[0]));

	if (n > sizeof(blk) / sizeof(blk[0]))
		n = sizeof(blk) / sizeof(blk[0]);
	/* The earliest blocked unit waits only for sent requests (a blocker
	 * is always earlier than what it blocks): give up on those. */
	for (size_t i = 0; i < n; i++)
		if (e->plan->ops[blk[i]].st == RR_ST_SENT)
			rr_op_abort(e, &e->plan->ops[blk[i]]);
	if (!n && is_ack(e->plan, u)) {
		/* Its dependencies are met: the target never sent the break. */
		struct rr_op *op = &e->plan->ops[u->first];
		struct rr_msgref at;
		char cap[64];
		rr_op_ref(e, op, &at);
		snprintf(cap, sizeof(cap), "%s break acknowledged", op->lease_ack ? "lease" : "oplock");
		if (rr_ignore_match(e->o->ignore, e->o->n_ignore, SMB2_OPLOCK_BREAK, "", "Break"))
			e->rep->ignored++;
		else
			rr_report_div(e->rep, &at, "", "Break", cap, "no break from the target", NULL);
		u->issued = true;
		rr_op_skip(e, op, RR_SKIP_BREAK_NOT_SENT, NULL);
		e->plan->streams[u->stream].next++;
		if (!e->o->parallel)
			e->next_global++;
	}
}

static void give_up(struct rr_engine *e)
{
	struct rr_plan *p = e->plan;

	if (all_issued(e)) {
		for (size_t i = e->low; i < p->n_ops; i++)
			if (p->ops[i].st == RR_ST_SENT)
				rr_op_abort(e, &p->ops[i]);
	} else if (!e->o->parallel) {
		rr_close_force(e);
		give_up_head(e, &p->units[e->next_global]);
	} else {
		rr_close_force(e);
		for (size_t i = 0; i < p->n_streams; i++) {
			struct rr_stream *s = &p->streams[i];
			if (s->next < s->n_units)
				give_up_head(e, &p->units[s->units[s->next]]);
		}
	}
	rr_advance_low(e);
	e->last_progress_us = rr_now_us();
}

void rr_engine_run(struct rr_engine *e)
{
	uint64_t timeout = (uint64_t)(e->o->timeout_ms > 0 ? e->o->timeout_ms
	                                                   : RR_DEFAULT_TIMEOUT_MS) * 1000u;

	e->start_us = rr_now_us();
	e->last_progress_us = e->start_us;
	for (;;) {
		uint64_t wake = 0, now;
		bool paced;
		struct timeval tv;

		rr_collect_breaks(e);
		while (pump(e, &wake, &paced))
			rr_collect_breaks(e);
		rr_advance_low(e);
		progress(e, false);
		if (all_issued(e) && !awaiting(e))
			break;
		now = rr_now_us();
		if (paced)
			e->last_progress_us = now;   /* waiting for the pace is not a stall */
		if (now - e->last_progress_us >= timeout) {
			give_up(e);
			continue;
		}
		if (!wake || wake > e->last_progress_us + timeout)
			wake = e->last_progress_us + timeout;
		uint64_t d = wake > now ? wake - now : 0;
		tv.tv_sec = (time_t)(d / 1000000u);
		tv.tv_usec = (suseconds_t)(d % 1000000u);
		evtimer_add(e->timer, &tv);
		event_base_loop(e->base, EVLOOP_ONCE);
		evtimer_del(e->timer);
	}
	/* What is still out has no captured answer to compare with. */
	for (size_t i = e->low; i < e->plan->n_ops; i++)
		if (e->plan->ops[i].st == RR_ST_SENT)
			rr_op_abort(e, &e->plan->ops[i]);
	rr_collect_breaks(e);
	rr_match_breaks(e);
	progress(e, true);
	e->rep->elapsed_us = rr_now_us() - e->start_us;
}
