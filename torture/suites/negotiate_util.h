/*
 * Helpers of the negotiate suites (negotiate.c, negotiate_ctx.c,
 * negotiate_validate.c; the session suites use some): a NEGOTIATE
 * request the test builds field by field (struct smb2_negotiate_req: any
 * dialects, any contexts, duplicates and unknown types included), sent on
 * a fresh connection through the library's send path, with an override or
 * a pre-send hook for what the encoder cannot say (a wrong StructureSize,
 * offsets and lengths pointing past the frame); the checks every
 * successful response gets (MS-SMB2 2.2.4, 3.3.5.4); a frame observer for
 * answers the library cannot match to a request or rewrites (SMB1,
 * statuses of unsigned answers on signing sessions); a bounded wait for
 * such events; and the SMB1 multi-protocol NEGOTIATE.
 *
 * Static inline: suites are linked as separate objects, each includes
 * what it uses.
 */
#ifndef SMBSIM_TORTURE_NEGOTIATE_UTIL_H
#define SMBSIM_TORTURE_NEGOTIATE_UTIL_H

#include <string.h>
#include <time.h>
#include <unistd.h>

#include <event2/event.h>

#include "torture/torture.h"
#include "wire/cursor.h"
#include "wire/negotiate.h"
#include "wire/smb1_negotiate.h"

/* Byte offsets in a NEGOTIATE request counted from the SMB2 header
 * (MS-SMB2 2.2.3). */
#define NEG_OFF_STRUCTURE_SIZE (SMB2_HDR_SIZE + 0)
#define NEG_OFF_DIALECT_COUNT (SMB2_HDR_SIZE + 2)
#define NEG_OFF_CTX_OFFSET (SMB2_HDR_SIZE + 28)
#define NEG_OFF_CTX_COUNT (SMB2_HDR_SIZE + 32)
/* MS-SMB2 2.2.3.1: ContextType (2), DataLength (2), Reserved (4). */
#define NEG_CTX_HDR 8
/* Salt bytes a client sends (MS-SMB2 3.2.4.2.2.2: 32). */
#define NEG_SALT_LEN 32
/* MS-SMB2 3.2.5.2: a client SHOULD disconnect below this. */
#define NEG_MIN_IO 65536u
/* FILETIME of 1970-01-01 and FILETIME units per second. */
#define NEG_FILETIME_UNIX_EPOCH 116444736000000000ull
#define NEG_FILETIME_PER_SEC 10000000ull
/* How far SystemTime may be from this machine's clock: a day. */
#define NEG_TIME_SLACK_S (24ull * 3600)

static const uint16_t neg_all_dialects[] = {
	SMB2_DIALECT_202, SMB2_DIALECT_210, SMB2_DIALECT_300, SMB2_DIALECT_302, SMB2_DIALECT_311,
};
#define NEG_NDIALECTS ((uint16_t)(sizeof(neg_all_dialects) / sizeof(neg_all_dialects[0])))

/* Capability bits a NEGOTIATE response may carry for a dialect (MS-SMB2
 * 2.2.4: LEASING and LARGE_MTU from 2.1, the 3.x bits from 3.0,
 * ENCRYPTION for 3.0 and 3.0.2 only, NOTIFICATIONS for 3.1.1 only). */
static inline uint32_t neg_caps_allowed(uint16_t d)
{
	uint32_t c = SMB2_GLOBAL_CAP_DFS;

	if (d >= SMB2_DIALECT_210)
		c |= SMB2_GLOBAL_CAP_LEASING | SMB2_GLOBAL_CAP_LARGE_MTU;
	if (d >= SMB2_DIALECT_300)
		c |= SMB2_GLOBAL_CAP_MULTI_CHANNEL | SMB2_GLOBAL_CAP_PERSISTENT_HANDLES |
		     SMB2_GLOBAL_CAP_DIRECTORY_LEASING;
	if (d == SMB2_DIALECT_300 || d == SMB2_DIALECT_302)
		c |= SMB2_GLOBAL_CAP_ENCRYPTION;
	if (d == SMB2_DIALECT_311)
		c |= SMB2_GLOBAL_CAP_NOTIFICATIONS;
	return c;
}

/* A ClientGuid no other test of this run uses. */
static inline void neg_client_guid(uint8_t guid[16])
{
	static uint32_t seq;
	uint32_t pid = (uint32_t)getpid(), now = (uint32_t)time(NULL);

	seq++;
	memcpy(guid, "smbsim-t", 8);
	memcpy(guid + 8, &pid, 4);
	put_le32(guid + 12, now ^ (seq << 20) ^ seq);
}

/* Append a context of `type` (parsed form zeroed) and return it. */
static inline struct smb2_neg_ctx *neg_ctx_add(struct torture_ctx *t, struct smb2_negotiate_req *q,
                                               uint16_t type)
{
	struct smb2_neg_ctx *x;

	if (q->ctx.count >= SMB2_MAX_NEG_CONTEXTS)
		torture_fail(t, "more than %d negotiate contexts", SMB2_MAX_NEG_CONTEXTS);
	x = &q->ctx.ctx[q->ctx.count++];
	memset(x, 0, sizeof(*x));
	x->type = type;
	return x;
}

static inline void neg_ids(struct smb2_id_list *l, const uint16_t *ids, uint16_t n)
{
	l->count = n;
	memcpy(l->ids, ids, n * sizeof(ids[0]));
}

/* SMB2_PREAUTH_INTEGRITY_CAPABILITIES with SHA-512 and a 32-byte salt. */
static inline void neg_add_preauth(struct torture_ctx *t, struct smb2_negotiate_req *q)
{
	struct smb2_neg_ctx *x = neg_ctx_add(t, q, SMB2_PREAUTH_INTEGRITY_CAPABILITIES);
	uint8_t *salt = torture_alloc(t, NEG_SALT_LEN);

	for (unsigned i = 0; i < NEG_SALT_LEN; i++)
		salt[i] = (uint8_t)(0xA5 ^ (i * 7));
	x->u.preauth.hashes.count = 1;
	x->u.preauth.hashes.ids[0] = SMB2_PREAUTH_INTEGRITY_SHA512;
	x->u.preauth.salt.p = salt;
	x->u.preauth.salt.len = NEG_SALT_LEN;
}

static inline void neg_add_ciphers(struct torture_ctx *t, struct smb2_negotiate_req *q,
                                   const uint16_t *ids, uint16_t n)
{
	neg_ids(&neg_ctx_add(t, q, SMB2_ENCRYPTION_CAPABILITIES)->u.ciphers, ids, n);
}

static inline void neg_add_sign_algs(struct torture_ctx *t, struct smb2_negotiate_req *q,
                                     const uint16_t *ids, uint16_t n)
{
	neg_ids(&neg_ctx_add(t, q, SMB2_SIGNING_CAPABILITIES)->u.signing_algs, ids, n);
}

/* A request offering dialects[0..n) in that order as a client of that
 * era would: SIGNING_ENABLED, capabilities for the highest offered, a
 * fresh ClientGuid and, when 3.1.1 is offered, the preauth context
 * (SHA-512) and nothing else (tests add the contexts they need). */
static inline void neg_req_init(struct torture_ctx *t, struct smb2_negotiate_req *q,
                                const uint16_t *dialects, uint16_t n)
{
	uint16_t max = 0;

	memset(q, 0, sizeof(*q));
	if (n > SMB2_MAX_DIALECTS)
		torture_fail(t, "more than %d dialects", SMB2_MAX_DIALECTS);
	q->dialect_count = n;
	memcpy(q->dialects, dialects, n * sizeof(dialects[0]));
	for (uint16_t i = 0; i < n; i++)
		if (dialects[i] > max && dialects[i] <= SMB2_DIALECT_311)
			max = dialects[i];
	q->security_mode = SMB2_NEGOTIATE_SIGNING_ENABLED;
	if (max >= SMB2_DIALECT_210)
		q->capabilities |= SMB2_GLOBAL_CAP_LARGE_MTU | SMB2_GLOBAL_CAP_LEASING;
	if (max >= SMB2_DIALECT_300)
		q->capabilities |= SMB2_GLOBAL_CAP_ENCRYPTION;
	if (max >= SMB2_DIALECT_210)
		neg_client_guid(q->client_guid);
	if (smb2_negotiate_req_has_311(q))
		neg_add_preauth(t, q);
}

/* Send q on c (with ov, may be NULL) without waiting; the request is the
 * fixture's to free. */
static inline struct cli_req *neg_start(struct torture_ctx *t, struct cli_conn *c,
                                        const struct smb2_negotiate_req *q,
                                        const struct cli_override *ov)
{
	struct smb2_msg *m = torture_alloc(t, sizeof(*m));
	struct cli_send_item it = { 0 };
	struct cli_req *r;

	m->hdr.command = SMB2_NEGOTIATE;
	m->u.negotiate_req = *q;
	it.m = m;
	it.ov = ov;
	CHECK_STATUS(t, cli_send(c, &it, &r), STATUS_SUCCESS);
	return torture_req(t, r);
}

/* The same, and wait for the answer (or the target's timeout). */
static inline struct cli_req *neg_send(struct torture_ctx *t, struct cli_conn *c,
                                       const struct smb2_negotiate_req *q,
                                       const struct cli_override *ov)
{
	struct cli_req *r = neg_start(t, c, q, ov);

	cli_wait(r, 0);
	return r;
}

/* A fresh connection and q on it. */
static inline struct cli_req *neg_fresh(struct torture_ctx *t, const struct smb2_negotiate_req *q,
                                        const struct cli_override *ov)
{
	struct cli_conn *c;

	CHECK_STATUS(t, torture_connect(t, NULL, &c), STATUS_SUCCESS);
	return neg_send(t, c, q, ov);
}

static inline const struct smb2_negotiate_rsp *neg_rsp(struct torture_ctx *t,
                                                        const struct cli_req *r)
{
	CHECK_TRUE(t, r->has_msg && r->msg.kind == SMB2_MSG_RSP(SMB2_NEGOTIATE),
	           "no decoded NEGOTIATE response (status %s)", nt_status_name(r->status));
	return &r->msg.u.negotiate_rsp;
}

/* SystemTime within a day of this machine's clock (MS-SMB2 2.2.4: the
 * server's time when it processed the request). */
static inline void neg_check_time(struct torture_ctx *t, uint64_t ft)
{
	uint64_t now = (uint64_t)time(NULL) * NEG_FILETIME_PER_SEC + NEG_FILETIME_UNIX_EPOCH;
	uint64_t slack = NEG_TIME_SLACK_S * NEG_FILETIME_PER_SEC;

	CHECK_TRUE(t, ft + slack >= now && ft <= now + slack,
	           "SystemTime %llu is more than a day from the client's clock (%llu)",
	           (unsigned long long)ft, (unsigned long long)now);
}

/* What every successful response must say for dialect d (MS-SMB2 2.2.4,
 * 3.3.5.4); returns the response. */
static inline const struct smb2_negotiate_rsp *neg_check_ok(struct torture_ctx *t,
                                                             const struct cli_req *r, uint16_t d)
{
	const struct smb2_negotiate_rsp *n;
	uint32_t allowed;

	CHECK_STATUS(t, r->status, STATUS_SUCCESS);
	n = neg_rsp(t, r);
	CHECK_VAL(t, n->dialect_revision, d);
	/* 3.3.5.4: SecurityMode MUST have SIGNING_ENABLED; other bits are
	 * not defined (2.2.4). */
	CHECK_VAL(t, n->security_mode & SMB2_NEGOTIATE_SIGNING_ENABLED,
	          SMB2_NEGOTIATE_SIGNING_ENABLED);
	CHECK_VAL(t, n->security_mode &
	                     ~(uint16_t)(SMB2_NEGOTIATE_SIGNING_ENABLED |
	                                 SMB2_NEGOTIATE_SIGNING_REQUIRED), 0);
	/* ENCRYPTION on 3.1.1 is left to negotiate.capabilities_311, so that
	 * one server habit fails one test, not every 3.1.1 one. */
	allowed = neg_caps_allowed(d) | (d == SMB2_DIALECT_311 ? SMB2_GLOBAL_CAP_ENCRYPTION : 0);
	CHECK_TRUE(t, (n->capabilities & ~allowed) == 0,
	           "Capabilities 0x%08x: bits 0x%08x are not valid for dialect %s (2.2.4)",
	           n->capabilities, n->capabilities & ~allowed, torture_dialect_name(d));
	CHECK_TRUE(t, n->max_read_size >= NEG_MIN_IO, "MaxReadSize %u", n->max_read_size);
	CHECK_TRUE(t, n->max_write_size >= NEG_MIN_IO, "MaxWriteSize %u", n->max_write_size);
	CHECK_TRUE(t, n->max_transact_size >= NEG_MIN_IO, "MaxTransactSize %u",
	           n->max_transact_size);
	neg_check_time(t, n->system_time);
	/* 3.3.5.4: ServerGuid is the global ServerGuid: the group
	 * connection saw the same. */
	CHECK_MEM(t, n->server_guid, t->srv->guid, 16);
	if (d == SMB2_DIALECT_311) {
		const struct smb2_neg_ctx *x =
		        smb2_neg_ctx_find(&n->ctx, SMB2_PREAUTH_INTEGRITY_CAPABILITIES);

		CHECK_TRUE(t, x != NULL, "3.1.1 response without a preauth integrity context");
		CHECK_VAL(t, x->u.preauth.hashes.count, 1);
		CHECK_VAL(t, x->u.preauth.hashes.ids[0], SMB2_PREAUTH_INTEGRITY_SHA512);
	} else {
		/* 2.2.4: contexts only with 3.1.1 */
		CHECK_VAL(t, n->ctx.count, 0);
	}
	return n;
}

/* The greatest dialect in list[0..n) the server has, by what the group
 * connection learned (the server picked t->srv->dialect from all of
 * them); 0 when none is at most that. */
static inline uint16_t neg_best(struct torture_ctx *t, const uint16_t *list, uint16_t n)
{
	uint16_t best = 0;

	for (uint16_t i = 0; i < n; i++)
		for (uint16_t k = 0; k < NEG_NDIALECTS; k++)
			if (list[i] == neg_all_dialects[k] && list[i] <= t->srv->dialect &&
			    list[i] > best)
				best = list[i];
	return best;
}

/* ---- frames the library cannot match ------------------------------------ */

/* What arrived on a connection: counted per protocol id, seen through the
 * fault filter's match callback (which never drops anything here). */
struct neg_watch {
	unsigned smb1, smb2, other;
	uint16_t last_dialect;       /* DialectRevision of the last SMB2 NEGOTIATE response */
	uint32_t last_status;
};

static inline bool neg_watch_fn(void *arg, const uint8_t *f, size_t len)
{
	struct neg_watch *w = arg;

	if (len >= 4 && f[0] == 0xFF && f[1] == 'S' && f[2] == 'M' && f[3] == 'B') {
		w->smb1++;
	} else if (len >= SMB2_HDR_SIZE && f[0] == 0xFE && f[1] == 'S' && f[2] == 'M' &&
	           f[3] == 'B') {
		w->smb2++;
		w->last_status = le32(f + 8);
		if (le16(f + 12) == SMB2_NEGOTIATE && len >= SMB2_HDR_SIZE + 6)
			w->last_dialect = le16(f + SMB2_HDR_SIZE + 4);
	} else {
		w->other++;
	}
	return false;
}

/* Start watching c's incoming frames; the state is the fixture's. */
static inline struct neg_watch *neg_watch(struct torture_ctx *t, struct cli_conn *c)
{
	struct neg_watch *w = torture_alloc(t, sizeof(*w));

	smb_fault_drop_matching(torture_fault(t, c), SMB_FAULT_IN, neg_watch_fn, w);
	return w;
}

/* ---- waiting for something that is not a request ----------------------- */

static inline void neg_timer_cb(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	*(bool *)arg = true;
}

/* Run the event loop until done(arg) or ms pass: true when done.  No
 * check inside, so nothing is left behind by a failing test. */
static inline bool neg_run_until(struct torture_ctx *t, int ms, bool (*done)(void *), void *arg)
{
	bool fired = false;
	struct timeval tv = { ms / 1000, (ms % 1000) * 1000 };
	struct event *ev = evtimer_new(t->base, neg_timer_cb, &fired);

	if (!ev)
		torture_fail(t, "out of memory");
	evtimer_add(ev, &tv);
	while (!done(arg) && !fired)
		if (event_base_loop(t->base, EVLOOP_ONCE) < 0)
			break;
	event_free(ev);
	return done(arg);
}

/* ---- SMB1 multi-protocol negotiate (MS-SMB2 3.2.4.2.2.1, 3.3.5.3) -------- */

/*
 * Put an SMB1 NEGOTIATE offering names[0..n) on the fresh connection c as
 * its first frame.  The library speaks no SMB1, so a NEGOTIATE request
 * with MessageId 0 is queued first and dropped by the fault filter: the
 * SMB2 NEGOTIATE response the server sends back (MessageId 0, 3.3.5.3.1)
 * completes it, and the library's next request uses MessageId 1, as
 * 3.2.5.2 wants after 0x02FF.  Returns that stand-in request (not
 * waited for).
 */
static inline struct cli_req *neg_smb1(struct torture_ctx *t, struct cli_conn *c,
                                       const char *const *names, uint16_t n)
{
	struct smb1_negotiate_req q;
	struct smb2_negotiate_req p;
	struct cli_req *r;
	struct iovec iov;
	struct wr w;
	uint8_t *frame;
	size_t len;
	NTSTATUS st;
	int rc;

	memset(&q, 0, sizeof(q));
	/* MS-CIFS 2.2.3.1: CASE_INSENSITIVE | CANONICALIZED_PATHS; Flags2:
	 * UNICODE, NT_STATUS, EXTENDED_SECURITY, LONG_NAMES, ... */
	q.flags = 0x18;
	q.flags2 = 0xC853;
	q.pid = 0xFEFF;
	q.tid = 0xFFFF;
	if (n > SMB1_MAX_DIALECTS)
		torture_fail(t, "more than %d SMB1 dialects", SMB1_MAX_DIALECTS);
	q.dialect_count = n;
	for (uint16_t i = 0; i < n; i++) {
		q.dialects[i].p = (const uint8_t *)names[i];
		q.dialects[i].len = (uint32_t)strlen(names[i]);
	}
	wr_init(&w, 4096);
	st = smb1_negotiate_req_encode(&w, &q);
	len = w.len;
	frame = st == STATUS_SUCCESS ? torture_alloc(t, len) : NULL;
	if (frame)
		memcpy(frame, w.buf, len);
	wr_free(&w);
	CHECK_STATUS(t, st, STATUS_SUCCESS);

	neg_req_init(t, &p, neg_all_dialects, NEG_NDIALECTS);
	smb_fault_drop_next(torture_fault(t, c), SMB_FAULT_OUT, 1);
	r = neg_start(t, c, &p, NULL);
	iov.iov_base = frame;
	iov.iov_len = len;
	rc = smb_transport_send(c->t, &iov, 1);
	CHECK_TRUE(t, rc == 0, "sending the SMB1 NEGOTIATE failed (%d)", rc);
	return r;
}

#endif
