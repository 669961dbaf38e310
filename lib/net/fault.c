/*
 * The fault-injection filter (fault.h).
 *
 * Per direction: counters, the drop rules, a FIFO of frames that are held
 * or delayed (each stamped with the monotonic time it may pass), and one
 * libevent timer that fires when the head may pass (a zero timeout when
 * it may pass now: release of incoming frames, and the close that waits
 * behind them, go through it so that they come from the loop).  `depth`
 * counts callbacks running on the filter, so free() inside one is safe.
 */
#include <errno.h>
#include <event2/event.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "net/fault.h"
#include "net/netutil.h"
#include "wire/limits.h"

struct fq {
	struct fq *next;
	uint64_t due_us;
	size_t len;
	uint8_t data[];
};

struct fault;

struct fdir {
	struct fault *f;
	enum smb_fault_dir dir;
	struct fq *head, *tail;
	size_t bytes;                 /* queued */
	bool holding;
	uint64_t delay_us;
	unsigned drop_next;
	smb_fault_match_fn match;
	void *match_arg;
	uint64_t cut_after;
	uint64_t admitted;            /* bytes passed or queued to pass */
	struct event *timer;
};

struct fault {
	struct smb_transport t;       /* first: the vtable user's view */
	struct smb_transport *lower;  /* NULL once freed */
	struct fdir d[SMB_FAULT_NDIRS];
	struct smb_fault_stats st;
	bool user_receiving;
	bool paused_by_queue;         /* incoming queue full: lower paused */
	bool closed;                  /* no more sends */
	bool shut;                    /* we closed (disconnect, cut, -EPROTO) */
	bool lower_closed;            /* the lower transport's on_close came */
	int final_err;
	bool close_fired;
	bool freed;
	int depth;
	smb_fault_tap_fn tap;
	void *tap_arg;
};

static struct fault *fault_of(struct smb_transport *t)
{
	return (struct fault *)t;
}

static uint64_t now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
}

static void q_clear(struct fdir *q)
{
	struct fq *e = q->head;

	while (e) {
		struct fq *next = e->next;
		free(e);
		e = next;
	}
	q->head = q->tail = NULL;
	q->bytes = 0;
	q->f->st.queued_frames[q->dir] = 0;
}

static struct fq *q_pop(struct fdir *q)
{
	struct fq *e = q->head;

	q->head = e->next;
	if (!q->head)
		q->tail = NULL;
	q->bytes -= e->len;
	q->f->st.queued_frames[q->dir]--;
	return e;
}

static void sync_lower(struct fault *f)
{
	if (!f->lower)
		return;
	f->lower->max_frame = f->t.max_frame;
	memcpy(f->t.local_addr, f->lower->local_addr, sizeof(f->t.local_addr));
	memcpy(f->t.peer_addr, f->lower->peer_addr, sizeof(f->t.peer_addr));
}

static void lower_receiving(struct fault *f)
{
	if (f->lower && !f->lower_closed)
		f->lower->ops->set_receiving(f->lower, f->user_receiving && !f->paused_by_queue);
}

static void schedule(struct fdir *q)
{
	struct fault *f = q->f;
	bool want;
	uint64_t wait = 0;

	if (f->freed)
		return;
	if (q->dir == SMB_FAULT_IN)
		want = (q->head && !q->holding && f->user_receiving) ||
		       (!q->head && f->lower_closed && !f->close_fired);
	else
		want = q->head && !q->holding && !f->closed;
	if (!want) {
		evtimer_del(q->timer);
		return;
	}
	if (q->head) {
		uint64_t now = now_us();

		if (q->head->due_us > now)
			wait = q->head->due_us - now;
	}
	struct timeval tv = { (time_t)(wait / 1000000u), (suseconds_t)(wait % 1000000u) };
	evtimer_add(q->timer, &tv);
}

static void fire_close(struct fault *f)
{
	if (f->close_fired)
		return;
	f->close_fired = true;
	evtimer_del(f->d[SMB_FAULT_IN].timer);
	evtimer_del(f->d[SMB_FAULT_OUT].timer);
	if (f->t.cbs.on_close)
		f->t.cbs.on_close(f->t.cbs.arg, f->final_err);
}

/* Close on our side: queues go, the lower transport is disconnected, and
 * the user's on_close(err) follows from the loop. */
static void shut(struct fault *f, int err)
{
	if (f->shut || f->close_fired)
		return;
	f->shut = true;
	f->closed = true;
	f->final_err = err;
	q_clear(&f->d[SMB_FAULT_IN]);
	q_clear(&f->d[SMB_FAULT_OUT]);
	if (f->lower && !f->lower_closed)
		smb_transport_disconnect(f->lower);   /* its on_close brings ours */
	else
		schedule(&f->d[SMB_FAULT_IN]);
	evtimer_del(f->d[SMB_FAULT_OUT].timer);
}

static void destroy(struct fault *f)
{
	for (int i = 0; i < SMB_FAULT_NDIRS; i++) {
		q_clear(&f->d[i]);
		event_free(f->d[i].timer);
	}
	free(f);
}

static void leave(struct fault *f)
{
	if (--f->depth == 0 && f->freed)
		destroy(f);
}

/* Steps 1-3 of fault.h for a frame: false when it goes no further (cut or
 * dropped).  `frame` may be NULL when no match callback is set. */
static bool admit(struct fdir *q, const uint8_t *frame, size_t len)
{
	struct fault *f = q->f;

	f->st.seen_frames[q->dir]++;
	f->st.seen_bytes[q->dir] += len;
	if (f->closed)
		return false;
	if (len > q->cut_after || q->admitted > q->cut_after - len) {
		f->st.cut = true;
		shut(f, -ECONNRESET);
		return false;
	}
	if (q->drop_next > 0) {
		q->drop_next--;
		f->st.dropped_frames[q->dir]++;
		return false;
	}
	if (q->match && q->match(q->match_arg, frame, len)) {
		f->st.dropped_frames[q->dir]++;
		return false;
	}
	q->admitted += len;
	return true;
}

static bool passes_now(const struct fdir *q)
{
	return !q->holding && q->delay_us == 0 && !q->head;
}

static void enqueue(struct fdir *q, struct fq *e)
{
	e->next = NULL;
	e->due_us = now_us() + q->delay_us;
	if (q->tail)
		q->tail->next = e;
	else
		q->head = e;
	q->tail = e;
	q->bytes += e->len;
	q->f->st.queued_frames[q->dir]++;
}

/* A frame passed in `dir`: count it and show it to the tap. */
static void passed(struct fault *f, enum smb_fault_dir dir, const struct iovec *iov, int iovcnt,
                   size_t len)
{
	f->st.passed_frames[dir]++;
	f->st.passed_bytes[dir] += len;
	if (f->tap)
		f->tap(f->tap_arg, dir, iov, iovcnt);
}

static void deliver_in(struct fault *f, const uint8_t *frame, size_t len)
{
	struct iovec iov = { (void *)frame, len };

	if (len > f->t.max_frame) {
		shut(f, -EPROTO);
		return;
	}
	passed(f, SMB_FAULT_IN, &iov, 1, len);
	if (f->t.cbs.on_frame)
		f->t.cbs.on_frame(f->t.cbs.arg, frame, len);
}

static void pump_in(struct fault *f)
{
	struct fdir *q = &f->d[SMB_FAULT_IN];
	uint64_t now = now_us();

	while (!f->freed && !f->shut && q->head && !q->holding && f->user_receiving &&
	       q->head->due_us <= now) {
		struct fq *e = q_pop(q);

		deliver_in(f, e->data, e->len);
		free(e);
	}
	if (f->freed)
		return;
	if (f->paused_by_queue && q->bytes < SMB_NET_SENDQ_MAX) {
		f->paused_by_queue = false;
		lower_receiving(f);
	}
	if (!q->head && f->lower_closed)
		fire_close(f);
	schedule(q);
}

static void pump_out(struct fault *f)
{
	struct fdir *q = &f->d[SMB_FAULT_OUT];
	uint64_t now = now_us();

	while (!f->freed && !f->closed && q->head && !q->holding && q->head->due_us <= now) {
		struct fq *e = q_pop(q);
		struct iovec iov = { e->data, e->len };

		sync_lower(f);
		if (smb_transport_send(f->lower, &iov, 1) == 0) {
			passed(f, SMB_FAULT_OUT, &iov, 1, e->len);
		} else {
			f->st.dropped_frames[SMB_FAULT_OUT]++;
		}
		free(e);
	}
	schedule(q);
}

static void timer_cb(evutil_socket_t fd, short what, void *arg)
{
	struct fdir *q = arg;
	struct fault *f = q->f;

	(void)fd;
	(void)what;
	f->depth++;
	if (q->dir == SMB_FAULT_IN)
		pump_in(f);
	else
		pump_out(f);
	leave(f);
}

static void lower_on_frame(void *arg, const uint8_t *frame, size_t len)
{
	struct fault *f = arg;
	struct fdir *q = &f->d[SMB_FAULT_IN];
	struct fq *e;

	f->depth++;
	sync_lower(f);
	if (!admit(q, frame, len))
		goto out;
	if (passes_now(q) && f->user_receiving) {
		deliver_in(f, frame, len);
		goto out;
	}
	e = malloc(sizeof(*e) + len);
	if (!e) {
		shut(f, -ENOMEM);
		goto out;
	}
	e->len = len;
	memcpy(e->data, frame, len);
	enqueue(q, e);
	if (q->bytes >= SMB_NET_SENDQ_MAX && !f->paused_by_queue) {
		f->paused_by_queue = true;
		lower_receiving(f);
	}
	schedule(q);
out:
	leave(f);
}

static void lower_on_close(void *arg, int err)
{
	struct fault *f = arg;

	f->depth++;
	f->lower_closed = true;
	f->closed = true;
	if (!f->shut)
		f->final_err = err;
	evtimer_del(f->d[SMB_FAULT_OUT].timer);
	q_clear(&f->d[SMB_FAULT_OUT]);
	if (!f->d[SMB_FAULT_IN].head)
		fire_close(f);
	else
		schedule(&f->d[SMB_FAULT_IN]);
	leave(f);
}

static int fault_send(struct smb_transport *t, const struct iovec *iov, int iovcnt)
{
	struct fault *f = fault_of(t);
	struct fdir *q = &f->d[SMB_FAULT_OUT];
	uint8_t *flat = NULL;
	struct fq *e = NULL;
	size_t len;
	int rc;

	if (f->closed || f->freed)
		return -ENOTCONN;
	rc = smb_iov_total(iov, iovcnt, &len);
	if (rc)
		return rc;
	if (len == 0)
		return -EINVAL;
	if (len > t->max_frame || len > SMB2_NBSS_MAX_LEN)
		return -EMSGSIZE;
	sync_lower(f);
	/* A contiguous copy when the match callback needs one or the frame
	 * will wait in the queue. */
	if (q->match || !passes_now(q)) {
		if (!passes_now(q) && (len > SMB_NET_SENDQ_MAX || q->bytes > SMB_NET_SENDQ_MAX - len))
			return -ENOBUFS;
		e = malloc(sizeof(*e) + len);
		if (!e)
			return -ENOMEM;
		e->len = len;
		smb_iov_gather(e->data, iov, iovcnt);
		flat = e->data;
	}
	if (!admit(q, flat, len)) {
		free(e);
		return 0;
	}
	if (passes_now(q)) {
		rc = smb_transport_send(f->lower, iov, iovcnt);
		if (rc == 0)
			passed(f, SMB_FAULT_OUT, iov, iovcnt, len);
		free(e);
		return rc;
	}
	enqueue(q, e);
	schedule(q);
	return 0;
}

static void fault_disconnect(struct smb_transport *t)
{
	shut(fault_of(t), 0);
}

static void fault_free(struct smb_transport *t)
{
	struct fault *f = fault_of(t);

	if (f->freed)
		return;
	f->freed = true;
	evtimer_del(f->d[SMB_FAULT_IN].timer);
	evtimer_del(f->d[SMB_FAULT_OUT].timer);
	smb_transport_free(f->lower);
	f->lower = NULL;
	if (f->depth == 0)
		destroy(f);
}

static void fault_set_receiving(struct smb_transport *t, bool on)
{
	struct fault *f = fault_of(t);

	f->user_receiving = on;
	if (f->freed)
		return;
	sync_lower(f);
	lower_receiving(f);
	schedule(&f->d[SMB_FAULT_IN]);
}

static const struct smb_transport_ops fault_ops = {
	.name = "fault",
	.send = fault_send,
	.disconnect = fault_disconnect,
	.free = fault_free,
	.set_receiving = fault_set_receiving,
};

int smb_fault_new(struct smb_transport *lower, struct smb_transport **out)
{
	struct fault *f = calloc(1, sizeof(*f));

	if (!f)
		return -ENOMEM;
	for (int i = 0; i < SMB_FAULT_NDIRS; i++) {
		struct fdir *q = &f->d[i];

		q->f = f;
		q->dir = (enum smb_fault_dir)i;
		q->cut_after = UINT64_MAX;
		q->timer = evtimer_new(lower->base, timer_cb, q);
		if (!q->timer) {
			for (int j = 0; j < i; j++)
				event_free(f->d[j].timer);
			free(f);
			return -ENOMEM;
		}
	}
	f->t.ops = &fault_ops;
	f->t.base = lower->base;
	f->t.max_frame = lower->max_frame;
	f->lower = lower;
	f->user_receiving = true;
	memcpy(f->t.local_addr, lower->local_addr, sizeof(f->t.local_addr));
	memcpy(f->t.peer_addr, lower->peer_addr, sizeof(f->t.peer_addr));
	struct smb_transport_cbs cbs = { lower_on_frame, lower_on_close, f };
	smb_transport_set_cbs(lower, &cbs);
	*out = &f->t;
	return 0;
}

struct smb_transport *smb_fault_lower(struct smb_transport *t)
{
	return fault_of(t)->lower;
}

void smb_fault_drop_next(struct smb_transport *t, enum smb_fault_dir dir, unsigned n)
{
	struct fdir *q = &fault_of(t)->d[dir];

	q->drop_next = n > UINT32_MAX - q->drop_next ? UINT32_MAX : q->drop_next + n;
}

void smb_fault_drop_matching(struct smb_transport *t, enum smb_fault_dir dir,
                             smb_fault_match_fn match, void *arg)
{
	struct fdir *q = &fault_of(t)->d[dir];

	q->match = match;
	q->match_arg = arg;
}

void smb_fault_hold(struct smb_transport *t, enum smb_fault_dir dir)
{
	struct fdir *q = &fault_of(t)->d[dir];

	q->holding = true;
	if (!fault_of(t)->freed)
		schedule(q);
}

void smb_fault_release(struct smb_transport *t, enum smb_fault_dir dir)
{
	struct fault *f = fault_of(t);
	struct fdir *q = &f->d[dir];

	q->holding = false;
	if (f->freed)
		return;
	if (dir == SMB_FAULT_OUT)
		pump_out(f);
	else
		schedule(q);
}

void smb_fault_set_delay(struct smb_transport *t, enum smb_fault_dir dir, uint64_t usec)
{
	fault_of(t)->d[dir].delay_us = usec;
}

void smb_fault_cut_after(struct smb_transport *t, enum smb_fault_dir dir, uint64_t bytes)
{
	fault_of(t)->d[dir].cut_after = bytes;
}

void smb_fault_tap(struct smb_transport *t, smb_fault_tap_fn fn, void *arg)
{
	struct fault *f = fault_of(t);

	f->tap = fn;
	f->tap_arg = arg;
}

void smb_fault_get_stats(const struct smb_transport *t, struct smb_fault_stats *st)
{
	*st = ((const struct fault *)t)->st;
}
