/*
 * Closing a captured stream's connection where the capture shows it
 * closed (unless --keep-open): at its FIN (replay_ends.c).  Once every
 * unit captured before that FIN has gone out, the stream's own answers
 * are in, and every request captured before it has reached the state it
 * had then (answered, or interim: a lock request of another client that
 * was pending when this one left is pending now too), the replay drops
 * the connection, as the client did; units
 * captured after the FIN wait for that (rr_closed_before), as they came
 * after it in the capture.  A stream whose FIN the capture does not show
 * stays open to the end.
 *
 * The connection is dropped, not logged off: a server treats the two
 * differently (durable handles survive a drop; Samba wakes the blocked
 * lock requests waiting on the dropped client's locks, and does not on
 * LOGOFF), and the capture shows a drop.  When the server gets round to
 * tidying up after it is the server's business, as it was in the capture.
 * Requests the capture saw no answer to (a CHANGE_NOTIFY or lock still
 * pending when the client left) go with the connection, counted as not
 * compared.
 */
#include "pcap-replay/replay_int.h"

static bool busy(const struct rr_engine *e, size_t sidx)
{
	for (size_t k = e->low; k < e->plan->n_ops; k++) {
		const struct rr_op *op = &e->plan->ops[k];
		if (op->stream == sidx && op->st == RR_ST_SENT && op->has_rsp)
			return true;
	}
	return false;
}

/* The capture frame of the earliest unit not sent yet (UINT64_MAX: all
 * are). */
static uint64_t frontier(const struct rr_engine *e)
{
	const struct rr_plan *p = e->plan;
	uint64_t f = UINT64_MAX;

	if (!e->o->parallel)
		return e->next_global < p->n_units ? rr_unit_frame(p, &p->units[e->next_global])
		                                   : UINT64_MAX;
	for (size_t i = 0; i < p->n_streams; i++) {
		const struct rr_stream *s = &p->streams[i];
		if (s->next < s->n_units) {
			uint64_t g = rr_unit_frame(p, &p->units[s->units[s->next]]);
			if (g < f)
				f = g;
		}
	}
	return f;
}

/* The state op had in the capture at frame f (the FIN of a stream). */
static enum rr_capstate state_at_frame(const struct rr_op *op, uint64_t f)
{
	if (op->has_rsp && op->rsp_frame < f)
		return RR_CAP_FINAL;
	if (op->has_interim && op->interim_frame < f)
		return RR_CAP_INTERIM;
	return RR_CAP_NONE;
}

/* Has every request captured before s's FIN reached, in the replay, the
 * state it had then?  (A client dropped after another's lock request was
 * pending: that request is pending now too before the drop.) */
static bool close_deps_met(const struct rr_engine *e, const struct rr_stream *s)
{
	const struct rr_plan *p = e->plan;

	for (size_t k = e->low; k < p->n_ops && p->ops[k].frame < s->end_frame; k++) {
		const struct rr_op *op = &p->ops[k];
		if (op->st != RR_ST_DONE && !rr_rep_reached(op, state_at_frame(op, s->end_frame)))
			return false;
	}
	return true;
}

static void drop(struct rr_engine *e, size_t i)
{
	struct rr_plan *p = e->plan;
	struct rr_stream *s = &p->streams[i];

	rr_collect_breaks(e);
	for (size_t k = e->low; k < p->n_ops; k++)
		if (p->ops[k].stream == i && p->ops[k].st == RR_ST_SENT)
			rr_op_abort(e, &p->ops[k]);
	s->closed = true;
	if (s->conn && !s->conn->dead)
		cli_conn_disconnect(s->conn);
	e->last_progress_us = rr_now_us();
}

void rr_close_force(struct rr_engine *e)
{
	uint64_t front;

	if (e->o->keep_open)
		return;
	front = frontier(e);
	for (size_t i = 0; i < e->plan->n_streams; i++) {
		const struct rr_stream *s = &e->plan->streams[i];
		if (!s->closed && s->end_frame < front && s->next == s->n_units)
			drop(e, i);
	}
}

void rr_close_finished(struct rr_engine *e)
{
	struct rr_plan *p = e->plan;
	uint64_t front;

	if (e->o->keep_open)
		return;
	front = frontier(e);
	for (size_t i = 0; i < p->n_streams; i++) {
		struct rr_stream *s = &p->streams[i];

		/* Not before the units the capture has before its FIN, nor
		 * before what had happened by then. */
		if (s->closed || s->end_frame >= front || s->next < s->n_units || busy(e, i) ||
		    !close_deps_met(e, s))
			continue;
		drop(e, i);
	}
}

bool rr_closed_before(const struct rr_engine *e, const struct rr_unit *u)
{
	uint64_t f;

	if (e->o->keep_open)
		return true;
	f = rr_unit_frame(e->plan, u);
	for (size_t i = 0; i < e->plan->n_streams; i++) {
		const struct rr_stream *s = &e->plan->streams[i];
		if (i != u->stream && s->end_frame < f && !s->closed)
			return false;
	}
	return true;
}
