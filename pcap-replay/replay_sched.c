/*
 * When a unit (a request or a compound chain) may be sent: its
 * dependencies and its pace (pcap-replay/README-run.md, "Order").
 *
 * The rule.  A unit u depends on every earlier captured request a
 *   - of the same stream, or
 *   - of another stream that touched the same path: the same file or
 *     directory, or one is a directory above the other (a CREATE names
 *     its path; a request on a FileId, the path of the CREATE that
 *     returned it; a rename, also its target);
 * (and, unless --keep-open, every request of a stream whose connection
 * ended before u), and waits until the replay has brought a to the state the capture
 * shows it in when u was sent: answered (u went after a's final response),
 * interim (after a's STATUS_PENDING), or at least sent.  So a client that
 * waited for an answer waits for it again, requests the client had in
 * flight together are in flight together again, a request that a blocked
 * one (a pending lock, a break in progress) did not hold up is not held
 * up now, and streams that touch different paths overlap.
 */
#include <string.h>

#include "pcap-replay/replay_int.h"

enum rr_capstate rr_cap_state_at(const struct rr_op *op, uint64_t seq)
{
	if (op->has_rsp && op->rsp_seq < seq)
		return RR_CAP_FINAL;
	if (op->has_interim && op->interim_seq < seq)
		return RR_CAP_INTERIM;
	return RR_CAP_NONE;
}

bool rr_rep_reached(const struct rr_op *op, enum rr_capstate need)
{
	if (op->st == RR_ST_DONE)
		return true;
	if (op->st != RR_ST_SENT)
		return false;
	switch (need) {
	case RR_CAP_NONE:
		return true;
	case RR_CAP_INTERIM:
		return op->req && op->req->interim;
	default:
		return false;
	}
}

/* Is p a directory above c ("share:" above "share:x", "share:a" above
 * "share:a\b" and "share:a\b\c")?  Not only the parent: a CHANGE_NOTIFY
 * watching a tree sees changes anywhere below it. */
static bool is_above(const char *p, const char *c)
{
	size_t n = strlen(p);

	if (strncmp(p, c, n) != 0)
		return false;
	if (n && p[n - 1] == ':')
		return c[n] != 0;
	return c[n] == '\\' && c[n + 1] != 0;
}

bool rr_paths_conflict(const struct rr_op *a, const struct rr_op *b)
{
	for (int i = 0; i < RR_OP_PATHS; i++) {
		const char *pa = a->paths[i];
		if (!pa)
			continue;
		for (int j = 0; j < RR_OP_PATHS; j++) {
			const char *pb = b->paths[j];
			if (pb && (strcmp(pa, pb) == 0 || is_above(pa, pb) || is_above(pb, pa)))
				return true;
		}
	}
	return false;
}

static bool depends(const struct rr_engine *e, const struct rr_unit *u, const struct rr_op *a)
{
	const struct rr_plan *p = e->plan;

	if (a->stream == u->stream)
		return true;
	/* A stream that ended (FIN) before u: its connection is closed first
	 * (replay_close.c), once what it waited for is in. */
	if (!e->o->keep_open && p->streams[a->stream].end_frame < rr_unit_frame(p, u))
		return true;
	for (uint32_t k = 0; k < u->n; k++)
		if (rr_paths_conflict(a, &p->ops[u->first + k]))
			return true;
	return false;
}

size_t rr_unit_blockers(const struct rr_engine *e, const struct rr_unit *u, uint32_t *out,
                        size_t max)
{
	const struct rr_plan *p = e->plan;
	size_t n = 0;

	for (size_t i = e->low; i < u->first && i < p->n_ops; i++) {
		const struct rr_op *a = &p->ops[i];
		if (a->st == RR_ST_DONE || !depends(e, u, a))
			continue;
		if (rr_rep_reached(a, rr_cap_state_at(a, u->seq)))
			continue;
		if (n == max)
			return n + 1;
		if (out)
			out[n] = (uint32_t)i;
		n++;
	}
	return n;
}

bool rr_unit_deps_met(const struct rr_engine *e, const struct rr_unit *u)
{
	return rr_unit_blockers(e, u, NULL, 0) == 0;
}

void rr_advance_low(struct rr_engine *e)
{
	while (e->low < e->plan->n_ops && e->plan->ops[e->low].st == RR_ST_DONE)
		e->low++;
}

uint64_t rr_unit_frame(const struct rr_plan *p, const struct rr_unit *u)
{
	return p->ops[u->first].frame;
}

uint64_t rr_unit_due(const struct rr_engine *e, const struct rr_unit *u)
{
	uint64_t gap;

	if (e->o->pace == RR_PACE_ASAP)
		return 0;
	gap = u->ts_usec > e->ts0 ? u->ts_usec - e->ts0 : 0;
	return e->start_us + gap / (e->o->speed ? e->o->speed : 1);
}
