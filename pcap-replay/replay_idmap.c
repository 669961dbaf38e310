/*
 * Captured ids to replayed ids.  Per stream (a connection): SessionIds,
 * TreeIds and FileIds, each mapped when the replay made its own (a
 * logon, a TREE_CONNECT or CREATE answered), or marked failed when the
 * replay could not, so that a later request says which.  Client-wide:
 * lease keys, CreateGuids and AppInstanceIds get fresh random values, the
 * same for every use of the captured one (a lease key shared by several
 * opens stays shared); resume keys map to the target's.
 */
#include <stdlib.h>
#include <string.h>

#include <openssl/rand.h>

#include "pcap-replay/replay_int.h"

int rr_id16_map(struct rr_map *m, const uint8_t cap[16], bool create, uint8_t out[16])
{
	const struct rr_map_val *v = rr_map_get(m, rr_key_lo(cap), rr_key_hi(cap));
	struct rr_map_val nv = { 0, 0, 0 };
	uint8_t fresh[16];

	if (v) {
		for (int i = 0; i < 8; i++) {
			out[i] = (uint8_t)(v->a >> (8 * i));
			out[8 + i] = (uint8_t)(v->b >> (8 * i));
		}
		return 0;
	}
	if (!create || RAND_bytes(fresh, sizeof(fresh)) != 1)
		return -1;
	nv.a = rr_key_lo(fresh);
	nv.b = rr_key_hi(fresh);
	if (rr_map_put(m, rr_key_lo(cap), rr_key_hi(cap), &nv) != 0)
		return -1;
	memcpy(out, fresh, 16);
	return 0;
}

enum rr_skip rr_sess_get(const struct rr_stream *s, uint64_t sid, struct cli_session **out)
{
	const struct rr_map_val *v = rr_map_get(&s->sess, sid, 0);

	if (!v)
		return RR_SKIP_SESSION_UNKNOWN;
	if (v->flags & RR_ID_FAILED)
		return RR_SKIP_SESSION_FAILED;
	*out = (struct cli_session *)(uintptr_t)v->a;
	return RR_SKIP_NONE;
}

enum rr_skip rr_tree_get(const struct rr_stream *s, uint32_t tid, struct cli_tree **out)
{
	const struct rr_map_val *v = rr_map_get(&s->trees, tid, 0);

	if (!v)
		return rr_map_get(&s->tshare, tid, 0) ? RR_SKIP_TREE_FAILED : RR_SKIP_TREE_UNKNOWN;
	if (v->flags & RR_ID_FAILED)
		return RR_SKIP_TREE_FAILED;
	*out = (struct cli_tree *)(uintptr_t)v->a;
	return RR_SKIP_NONE;
}

enum rr_skip rr_fid_get(const struct rr_stream *s, struct smb2_fileid cap, struct smb2_fileid *out)
{
	const struct rr_map_val *v = rr_map_get(&s->fids, cap.persistent, cap.volatile_);

	if (!v)
		/* A FileId some captured CREATE returned, which the replay did
		 * not get (its CREATE was skipped or has not answered), or one
		 * the capture never showed. */
		return rr_map_get(&s->fcreate, cap.persistent, cap.volatile_) ? RR_SKIP_FID_FAILED
		                                                              : RR_SKIP_FID_UNKNOWN;
	if (v->flags & RR_ID_FAILED)
		return RR_SKIP_FID_FAILED;
	out->persistent = v->a;
	out->volatile_ = v->b;
	return RR_SKIP_NONE;
}

int rr_sess_put(struct rr_stream *s, uint64_t sid, struct cli_session *sess)
{
	struct rr_map_val v = { (uint64_t)(uintptr_t)sess, 0, sess ? 0 : RR_ID_FAILED };

	return rr_map_put(&s->sess, sid, 0, &v);
}

int rr_tree_put(struct rr_stream *s, uint32_t tid, struct cli_tree *t)
{
	struct rr_map_val v = { (uint64_t)(uintptr_t)t, 0, t ? 0 : RR_ID_FAILED };

	return rr_map_put(&s->trees, tid, 0, &v);
}

int rr_fid_put(struct rr_stream *s, struct smb2_fileid cap, const struct smb2_fileid *rep)
{
	struct rr_map_val v = { 0, 0, RR_ID_FAILED };

	if (rep) {
		v.a = rep->persistent;
		v.b = rep->volatile_;
		v.flags = 0;
	}
	return rr_map_put(&s->fids, cap.persistent, cap.volatile_, &v);
}

int rr_resume_put(struct rr_engine *e, const uint8_t cap[24], const uint8_t rep[24])
{
	struct rr_resume *n;

	if (e->n_resume == e->cap_resume) {
		size_t ncap = e->cap_resume ? e->cap_resume * 2 : 8;
		if (ncap > RR_MAP_MAX_ENTRIES)
			return -1;
		n = realloc(e->resume, ncap * sizeof(*n));
		if (!n)
			return -1;
		e->resume = n;
		e->cap_resume = ncap;
	}
	n = &e->resume[e->n_resume++];
	memcpy(n->cap, cap, 24);
	memcpy(n->rep, rep, 24);
	return 0;
}

const uint8_t *rr_resume_get(const struct rr_engine *e, const uint8_t cap[24])
{
	/* Latest first: a key asked for again maps to the newest answer. */
	for (size_t i = e->n_resume; i-- > 0;)
		if (memcmp(e->resume[i].cap, cap, 24) == 0)
			return e->resume[i].rep;
	return NULL;
}
