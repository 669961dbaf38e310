/*
 * LOCK (MS-SMB2 3.3.5.14) over byte-range locks kept on the node, so that
 * every open of a file sees them (MS-FSA Open.Stream.ByteRangeLockList):
 *
 *   - the first element decides: UNLOCK there means a series of unlocks
 *     (3.3.5.14.1), anything else a series of locks (3.3.5.14.2);
 *   - conflicts follow MS-FSA 2.1.4.10: an exclusive lock conflicts with
 *     every overlapping lock and with I/O through other opens; a shared
 *     lock conflicts with overlapping exclusive locks and with writes
 *     through any open (its owner's included); the {0, 0} range never
 *     conflicts.  SMB2 carries no LockKey: every lock uses key 0;
 *   - FAIL_IMMEDIATELY: a conflict is STATUS_LOCK_NOT_GRANTED and the
 *     ranges this request already locked are unlocked again;
 *   - without it (one element only: more elements must all carry
 *     FAIL_IMMEDIATELY, 3.3.5.14.2 SHOULD) the request goes async and
 *     waits on the node; it is granted, first come first served, when an
 *     unlock or a close removes what was in the way.  CANCEL answers
 *     STATUS_CANCELLED; closing the waiting open answers
 *     STATUS_RANGE_NOT_LOCKED, as Windows does;
 *   - locks die with their open (srv_brl_close, a close hook).
 *
 * Not done: LockSequenceNumber/Index replay detection (3.3.5.14 for
 * resilient, durable and persistent opens and multi-channel), because
 * those handles do not exist yet; the values are decoded and ignored.
 */
#include <stdlib.h>

#include "sim-server/srv_io.h"
#include "wire/lock.h"

/* Byte-range locks (granted and waiting) on one file; past it a LOCK is
 * STATUS_INSUFFICIENT_RESOURCES. */
#define SRV_MAX_BRL_PER_NODE 16384

struct srv_brl {
	struct srv_link in_node;        /* node->locks */
	struct srv_file *owner;
	uint64_t off, len;
	bool exclusive;
	bool granted;
	struct srv_req *req;            /* the waiting LOCK (not granted) */
};

#define LOCK_FLAGS_KNOWN                                                         \
	(SMB2_LOCKFLAG_SHARED_LOCK | SMB2_LOCKFLAG_EXCLUSIVE_LOCK | SMB2_LOCKFLAG_UNLOCK | \
	 SMB2_LOCKFLAG_FAIL_IMMEDIATELY)

static struct srv_brl *brl_of(struct srv_link *l)
{
	return srv_container(l, struct srv_brl, in_node);
}

/* MS-FSA 2.1.5.8: a range whose last byte passes 2^64 - 1. */
static bool range_invalid(uint64_t off, uint64_t len)
{
	return len != 0 && off + len - 1 < off;
}

static bool overlap(uint64_t off1, uint64_t len1, uint64_t off2, uint64_t len2)
{
	/* MS-FSA 2.1.4.10: unsigned arithmetic as written there (a zero
	 * length makes the last byte off - 1). */
	uint64_t last1 = off1 + len1 - 1, last2 = off2 + len2 - 1;

	if (off2 == 0 && len2 == 0)
		return false;
	return off1 <= last2 && last1 >= off2;
}

/* MS-FSA 2.1.4.10 over the granted locks of f's node. */
static bool conflict(const struct srv_file *f, uint64_t off, uint64_t len, bool exclusive,
                     bool lock_intent)
{
	const struct srv_link *head = &f->node->locks;

	if (off == 0 && len == 0)
		return false;
	for (const struct srv_link *l = head->next; l != head; l = l->next) {
		const struct srv_brl *b = srv_container(l, struct srv_brl, in_node);
		if (!b->granted || !overlap(off, len, b->off, b->len))
			continue;
		if (b->exclusive) {
			if (b->owner != f || lock_intent)
				return true;
		} else if (exclusive) {
			return true;
		}
	}
	return false;
}

bool srv_brl_io_conflict(const struct srv_file *f, uint64_t off, uint64_t len, bool write)
{
	if (!f->node || srv_list_empty(&f->node->locks))
		return false;
	/* An I/O range past 2^64 cannot be locked; clip it there. */
	if (range_invalid(off, len))
		len = UINT64_MAX - off + 1;
	return conflict(f, off, len, write, false);
}

static unsigned brl_count(const struct srv_node *n)
{
	unsigned c = 0;

	for (const struct srv_link *l = n->locks.next; l != &n->locks; l = l->next)
		c++;
	return c;
}

static struct srv_brl *brl_new(struct srv_file *f, const struct smb2_lock_element *e)
{
	struct srv_brl *b;

	if (brl_count(f->node) >= SRV_MAX_BRL_PER_NODE)
		return NULL;
	b = calloc(1, sizeof(*b));
	if (!b)
		return NULL;
	b->owner = f;
	b->off = e->offset;
	b->len = e->length;
	b->exclusive = (e->flags & SMB2_LOCKFLAG_EXCLUSIVE_LOCK) != 0;
	srv_list_add(&f->node->locks, &b->in_node);
	return b;
}

static void brl_free(struct srv_brl *b)
{
	srv_list_del(&b->in_node);
	free(b);
}

static NTSTATUS lock_rsp(struct srv_req *r)
{
	struct smb2_lock_rsp rsp = {0};

	return smb2_lock_rsp_encode(&r->out, &rsp);
}

/* Grant the waiting locks that no longer conflict, oldest first. */
static void brl_wake(struct srv_node *n)
{
	struct srv_link *l = n->locks.next;

	while (l != &n->locks) {
		struct srv_brl *b = brl_of(l);
		l = l->next;
		if (b->granted || conflict(b->owner, b->off, b->len, b->exclusive, true))
			continue;
		struct srv_req *r = b->req;
		b->granted = true;
		b->req = NULL;
		srv_req_complete(r, lock_rsp(r));
		/* Granting may block later waiters: they see b now. */
	}
}

static void lock_cancel(struct srv_req *r)
{
	struct srv_brl *b = r->cancel_arg;

	brl_free(b);
	srv_req_complete(r, STATUS_CANCELLED);
}

static NTSTATUS do_unlocks(struct srv_file *f, const struct smb2_lock_req *q)
{
	NTSTATUS st = STATUS_SUCCESS;
	bool removed = false;

	for (unsigned i = 0; i < q->lock_count; i++) {
		const struct smb2_lock_element *e = &q->locks[i];
		struct srv_brl *found = NULL;

		/* 3.3.5.14.1: SHARED or EXCLUSIVE in an unlock series is
		 * invalid, and so is an unlock without the UNLOCK flag;
		 * FAIL_IMMEDIATELY is ignored. */
		if ((e->flags & ~LOCK_FLAGS_KNOWN) || !(e->flags & SMB2_LOCKFLAG_UNLOCK) ||
		    (e->flags & (SMB2_LOCKFLAG_SHARED_LOCK | SMB2_LOCKFLAG_EXCLUSIVE_LOCK))) {
			st = STATUS_INVALID_PARAMETER;
			break;
		}
		if (range_invalid(e->offset, e->length)) {
			st = STATUS_INVALID_LOCK_RANGE;
			break;
		}
		/* MS-FSA 2.1.5.9: the same range, owner and key; an exclusive
		 * one first. */
		for (struct srv_link *l = f->node->locks.next; l != &f->node->locks; l = l->next) {
			struct srv_brl *b = brl_of(l);
			if (b->granted && b->owner == f && b->off == e->offset &&
			    b->len == e->length) {
				found = b;
				if (b->exclusive)
					break;
			}
		}
		if (!found) {
			st = STATUS_RANGE_NOT_LOCKED;
			break;
		}
		brl_free(found);
		removed = true;
	}
	if (removed)
		brl_wake(f->node);
	return st;
}

static bool lock_flags_valid(uint32_t flags)
{
	/* MS-SMB2 2.2.26.1: the four combinations a lock may use. */
	switch (flags) {
	case SMB2_LOCKFLAG_SHARED_LOCK:
	case SMB2_LOCKFLAG_EXCLUSIVE_LOCK:
	case SMB2_LOCKFLAG_SHARED_LOCK | SMB2_LOCKFLAG_FAIL_IMMEDIATELY:
	case SMB2_LOCKFLAG_EXCLUSIVE_LOCK | SMB2_LOCKFLAG_FAIL_IMMEDIATELY:
		return true;
	default:
		return false;
	}
}

static void rollback(struct srv_brl **got, unsigned n, struct srv_node *node)
{
	for (unsigned i = 0; i < n; i++)
		brl_free(got[i]);
	if (n)
		brl_wake(node);
}

static NTSTATUS do_locks(struct srv_req *r, struct srv_file *f, const struct smb2_lock_req *q)
{
	struct srv_brl *got[SMB2_MAX_LOCK_ELEMENTS];
	unsigned n = 0;

	if (q->lock_count > 1) {
		for (unsigned i = 0; i < q->lock_count; i++)
			if (!(q->locks[i].flags & SMB2_LOCKFLAG_FAIL_IMMEDIATELY))
				return STATUS_INVALID_PARAMETER;
	}
	for (unsigned i = 0; i < q->lock_count; i++) {
		const struct smb2_lock_element *e = &q->locks[i];
		bool excl = (e->flags & SMB2_LOCKFLAG_EXCLUSIVE_LOCK) != 0;
		struct srv_brl *b;

		/* 3.3.5.14.2: locks already granted by this request stay. */
		if (!lock_flags_valid(e->flags))
			return STATUS_INVALID_PARAMETER;
		if (range_invalid(e->offset, e->length)) {
			rollback(got, n, f->node);
			return STATUS_INVALID_LOCK_RANGE;
		}
		if (conflict(f, e->offset, e->length, excl, true)) {
			NTSTATUS st;
			if (e->flags & SMB2_LOCKFLAG_FAIL_IMMEDIATELY) {
				rollback(got, n, f->node);
				return STATUS_LOCK_NOT_GRANTED;
			}
			/* One element (checked above): wait for it. */
			b = brl_new(f, e);
			if (!b)
				return STATUS_INSUFFICIENT_RESOURCES;
			st = srv_req_go_async(r, lock_cancel, b);
			if (st != STATUS_SUCCESS) {
				brl_free(b);
				return st;
			}
			b->req = r;
			return STATUS_PENDING;
		}
		b = brl_new(f, e);
		if (!b) {
			rollback(got, n, f->node);
			return STATUS_INSUFFICIENT_RESOURCES;
		}
		b->granted = true;
		got[n++] = b;
	}
	return lock_rsp(r);
}

NTSTATUS srv_lock(struct srv_req *r)
{
	const struct smb2_lock_req *q = &r->in.u.lock_req;
	struct srv_file *f = srv_file_lookup(r);

	if (!f)
		return STATUS_FILE_CLOSED;
	/* MS-FSA 2.1.5.8: byte-range locks apply to data streams only. */
	if (f->kind == SRV_FILE_PIPE)
		return STATUS_INVALID_DEVICE_REQUEST;
	if (f->kind == SRV_FILE_DIR || !f->node)
		return STATUS_INVALID_PARAMETER;
	if (q->lock_count == 0)
		return STATUS_INVALID_PARAMETER;
	if (q->locks[0].flags & SMB2_LOCKFLAG_UNLOCK) {
		NTSTATUS st = do_unlocks(f, q);
		return st == STATUS_SUCCESS ? lock_rsp(r) : st;
	}
	return do_locks(r, f, q);
}

void srv_brl_close(struct srv_file *f)
{
	struct srv_link *l;
	bool removed = false;

	if (!f->node)
		return;
	l = f->node->locks.next;
	while (l != &f->node->locks) {
		struct srv_brl *b = brl_of(l);
		l = l->next;
		if (b->owner != f)
			continue;
		if (b->granted) {
			brl_free(b);
			removed = true;
		} else {
			struct srv_req *r = b->req;
			brl_free(b);
			srv_req_complete(r, STATUS_RANGE_NOT_LOCKED);
		}
	}
	if (removed)
		brl_wake(f->node);
}
