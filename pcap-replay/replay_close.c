/*
 * Closing a captured stream's connection where the capture shows it
 * closed (unless --keep-open): at its FIN (replay_ends.c).  Once every
 * unit captured before that FIN has gone out and the stream's own answers
 * are in, the replay closes the connection; units captured after the FIN
 * wait for that (rr_closed_before), as they came after it in the capture.
 * A stream whose FIN the capture does not show stays open to the end.
 *
 * The close has to take effect on the server before those units: a server
 * tidies up a dropped connection on its own time (Samba in another
 * process), so the replay first sends LOGOFF on each of the stream's
 * sessions, answered once the server has closed the session's opens
 * (MS-SMB2 3.3.5.6), then disconnects.  Those LOGOFFs are the replay's
 * own, like its logons: not compared, not counted.  Requests the capture
 * saw no answer to (a CHANGE_NOTIFY or lock still pending when the client
 * left) go with the connection, counted as not compared.
 */
#include <string.h>

#include "pcap-replay/replay_int.h"

static void logoff_done(struct cli_req *r, void *arg)
{
	struct rr_stream *s = arg;

	if (s->logoffs)
		s->logoffs--;
	cli_req_free(r);
}

static bool busy(const struct rr_engine *e, size_t sidx)
{
	for (size_t k = e->low; k < e->plan->n_ops; k++) {
		const struct rr_op *op = &e->plan->ops[k];
		if (op->stream == sidx && op->st == RR_ST_SENT && op->has_rsp)
			return true;
	}
	return false;
}

static void disconnect(struct rr_stream *s)
{
	s->closed = true;
	if (s->conn && !s->conn->dead)
		cli_conn_disconnect(s->conn);
}

/* LOGOFF every established session of s; the number sent. */
static unsigned logoff_all(struct rr_stream *s)
{
	unsigned n = 0;

	if (!s->conn || s->conn->dead)
		return 0;
	for (struct cli_session *ss = s->conn->sessions; ss; ss = ss->next) {
		struct smb2_msg m;
		struct cli_send_item it;
		struct cli_req *r;

		if (!ss->established)
			continue;
		memset(&m, 0, sizeof(m));
		m.hdr.command = SMB2_LOGOFF;
		memset(&it, 0, sizeof(it));
		it.m = &m;
		it.sess = ss;
		it.cb = logoff_done;
		it.cb_arg = s;
		if (cli_send(s->conn, &it, &r) == STATUS_SUCCESS)
			n++;
	}
	return n;
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

void rr_close_finished(struct rr_engine *e)
{
	struct rr_plan *p = e->plan;
	uint64_t front;

	if (e->o->keep_open)
		return;
	front = frontier(e);
	for (size_t i = 0; i < p->n_streams; i++) {
		struct rr_stream *s = &p->streams[i];

		if (s->closed)
			continue;
		if (s->closing) {
			if (!s->logoffs)
				disconnect(s);
			continue;
		}
		/* Not before the units the capture has before its FIN. */
		if (s->end_frame >= front || s->next < s->n_units || busy(e, i))
			continue;
		rr_collect_breaks(e);
		for (size_t k = e->low; k < p->n_ops; k++)
			if (p->ops[k].stream == i && p->ops[k].st == RR_ST_SENT)
				rr_op_abort(e, &p->ops[k]);
		s->closing = true;
		s->logoffs = logoff_all(s);
		e->last_progress_us = rr_now_us();
		if (!s->logoffs)
			disconnect(s);
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

void rr_force_close(struct rr_engine *e)
{
	for (size_t i = 0; i < e->plan->n_streams; i++) {
		struct rr_stream *s = &e->plan->streams[i];
		if (s->closing && !s->closed) {
			s->logoffs = 0;
			disconnect(s);
		}
	}
}
