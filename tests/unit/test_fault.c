/*
 * The fault-injection filter over the in-memory pair and over TCP: drop N,
 * drop by predicate, hold and release in order, delay on a timer (checked
 * by ordering against another timer, not by the clock), cut after N bytes,
 * counters, stacking, closes and free inside callbacks.
 */
#include <errno.h>
#include <event2/event.h>
#include <stdlib.h>
#include <string.h>

#include "net/fault.h"
#include "net/mem.h"
#include "net/tcp.h"
#include "testutil.h"
#include "tu_loop.h"
#include "wire/limits.h"

#define MAX_SEEN 64

struct side {
	struct smb_transport *t;
	size_t frames;
	uint8_t tag[MAX_SEEN];   /* first byte of each frame */
	int seq[MAX_SEEN];       /* global order of arrival */
	int closes;
	int close_err;
	bool free_on_frame;
	int *clock;              /* shared sequence counter */
};

static void on_frame(void *arg, const uint8_t *frame, size_t len)
{
	struct side *s = arg;

	assert_true(len > 0);
	assert_int_equal(s->closes, 0);
	if (s->frames < MAX_SEEN) {
		s->tag[s->frames] = frame[0];
		s->seq[s->frames] = (*s->clock)++;
	}
	s->frames++;
	if (s->free_on_frame) {
		smb_transport_free(s->t);
		s->t = NULL;
	}
}

static void on_close(void *arg, int err)
{
	struct side *s = arg;

	s->closes++;
	s->close_err = err;
}

/* a (plain mem endpoint, or a filter over it) <-> b (a filter over the
 * other mem endpoint). */
struct rig {
	struct event_base *base;
	struct side a, b;
	int clock;
};

static void rig_init(struct rig *r, bool filter_a)
{
	struct smb_transport *ma, *mb;

	memset(r, 0, sizeof(*r));
	r->base = event_base_new();
	assert_non_null(r->base);
	assert_int_equal(smb_mem_pair_new(r->base, &ma, &mb), 0);
	ma->max_frame = mb->max_frame = SMB2_MAX_PDU;
	assert_int_equal(smb_fault_new(mb, &r->b.t), 0);
	if (filter_a)
		assert_int_equal(smb_fault_new(ma, &r->a.t), 0);
	else
		r->a.t = ma;
	r->a.clock = r->b.clock = &r->clock;
	struct smb_transport_cbs ca = { on_frame, on_close, &r->a };
	struct smb_transport_cbs cb = { on_frame, on_close, &r->b };
	smb_transport_set_cbs(r->a.t, &ca);
	smb_transport_set_cbs(r->b.t, &cb);
	assert_string_equal(r->b.t->ops->name, "fault");
	assert_ptr_equal(smb_fault_lower(r->b.t), mb);
}

static void rig_free(struct rig *r)
{
	smb_transport_free(r->a.t);
	smb_transport_free(r->b.t);
	event_base_free(r->base);
}

static int send_tag(struct smb_transport *t, uint8_t tag, size_t len)
{
	uint8_t buf[512];

	assert_true(len <= sizeof(buf) && len > 0);
	memset(buf, tag, len);
	struct iovec iov[2] = { { buf, 1 }, { buf + 1, len - 1 } };
	return smb_transport_send(t, iov, 2);
}

struct want {
	struct side *s;
	size_t frames;
};

static bool cond_frames(void *arg)
{
	struct want *w = arg;

	return w->s->frames >= w->frames;
}

static bool cond_closed(void *arg)
{
	return ((struct side *)arg)->closes > 0;
}

static void wait_frames(struct rig *r, struct side *s, size_t n)
{
	struct want w = { s, n };

	assert_true(tu_loop_until(r->base, cond_frames, &w));
	assert_int_equal(s->frames, n);
}

static void wait_close(struct rig *r, struct side *s)
{
	assert_true(tu_loop_until(r->base, cond_closed, s));
	assert_int_equal(s->closes, 1);
}

static void test_pass_through(void **state)
{
	(void)state;
	struct rig r;
	struct smb_fault_stats st;

	rig_init(&r, false);
	for (int i = 0; i < 3; i++)
		assert_int_equal(send_tag(r.a.t, (uint8_t)i, 10), 0);
	for (int i = 0; i < 2; i++)
		assert_int_equal(send_tag(r.b.t, (uint8_t)(10 + i), 20), 0);
	wait_frames(&r, &r.b, 3);
	wait_frames(&r, &r.a, 2);
	assert_int_equal(r.b.tag[2], 2);
	assert_int_equal(r.a.tag[1], 11);
	smb_fault_get_stats(r.b.t, &st);
	assert_int_equal(st.seen_frames[SMB_FAULT_IN], 3);
	assert_int_equal(st.passed_bytes[SMB_FAULT_IN], 30);
	assert_int_equal(st.seen_frames[SMB_FAULT_OUT], 2);
	assert_int_equal(st.passed_bytes[SMB_FAULT_OUT], 40);
	assert_int_equal(st.dropped_frames[SMB_FAULT_IN] + st.dropped_frames[SMB_FAULT_OUT], 0);
	assert_false(st.cut);
	assert_string_equal(r.b.t->local_addr, "mem:b");
	rig_free(&r);
}

static void test_drop_next(void **state)
{
	(void)state;
	struct rig r;
	struct smb_fault_stats st;

	rig_init(&r, false);
	smb_fault_drop_next(r.b.t, SMB_FAULT_IN, 2);
	smb_fault_drop_next(r.b.t, SMB_FAULT_OUT, 1);
	for (int i = 0; i < 5; i++)
		assert_int_equal(send_tag(r.a.t, (uint8_t)i, 10), 0);
	for (int i = 0; i < 3; i++)
		assert_int_equal(send_tag(r.b.t, (uint8_t)(10 + i), 10), 0);
	wait_frames(&r, &r.b, 3);
	wait_frames(&r, &r.a, 2);
	tu_loop_drain(r.base);
	assert_int_equal(r.b.frames, 3);
	assert_int_equal(r.b.tag[0], 2);
	assert_int_equal(r.a.tag[0], 11);
	smb_fault_get_stats(r.b.t, &st);
	assert_int_equal(st.dropped_frames[SMB_FAULT_IN], 2);
	assert_int_equal(st.dropped_frames[SMB_FAULT_OUT], 1);
	assert_int_equal(st.seen_frames[SMB_FAULT_IN], 5);
	assert_int_equal(st.passed_frames[SMB_FAULT_IN], 3);
	rig_free(&r);
}

/* SMB2 header fields the predicate looks at (MS-SMB2 2.2.1). */
#define HDR_LEN 64
#define HDR_COMMAND_OFF 12
#define HDR_FLAGS_OFF 16
#define SMB2_CMD_WRITE 0x0009
#define SMB2_FLAG_RESPONSE 0x00000001u

static void make_hdr(uint8_t *p, uint16_t cmd, bool response)
{
	memset(p, 0, HDR_LEN);
	p[0] = 0xFE;
	p[1] = 'S';
	p[2] = 'M';
	p[3] = 'B';
	p[4] = HDR_LEN;
	p[HDR_COMMAND_OFF] = (uint8_t)cmd;
	p[HDR_COMMAND_OFF + 1] = (uint8_t)(cmd >> 8);
	p[HDR_FLAGS_OFF] = response ? SMB2_FLAG_RESPONSE : 0;
}

static bool is_write_response(void *arg, const uint8_t *f, size_t len)
{
	int *calls = arg;

	(*calls)++;
	return len >= HDR_LEN && f[0] == 0xFE && f[1] == 'S' && f[2] == 'M' && f[3] == 'B' &&
	       (f[HDR_COMMAND_OFF] | f[HDR_COMMAND_OFF + 1] << 8) == SMB2_CMD_WRITE &&
	       (f[HDR_FLAGS_OFF] & SMB2_FLAG_RESPONSE);
}

static void test_drop_matching(void **state)
{
	(void)state;
	struct rig r;
	uint8_t h[HDR_LEN];
	int calls = 0;
	struct iovec iov = { h, sizeof(h) };

	rig_init(&r, false);
	/* The server side (b) loses every WRITE response it sends. */
	smb_fault_drop_matching(r.b.t, SMB_FAULT_OUT, is_write_response, &calls);
	static const struct { uint16_t cmd; bool rsp; } seq[] = {
		{ 0x0008, true }, { SMB2_CMD_WRITE, true }, { SMB2_CMD_WRITE, false },
		{ SMB2_CMD_WRITE, true }, { 0x000D, true },
	};
	for (size_t i = 0; i < 5; i++) {
		make_hdr(h, seq[i].cmd, seq[i].rsp);
		assert_int_equal(smb_transport_send(r.b.t, &iov, 1), 0);
	}
	wait_frames(&r, &r.a, 3);
	tu_loop_drain(r.base);
	assert_int_equal(r.a.frames, 3);
	assert_int_equal(calls, 5);
	/* Cleared: everything passes again. */
	smb_fault_drop_matching(r.b.t, SMB_FAULT_OUT, NULL, NULL);
	make_hdr(h, SMB2_CMD_WRITE, true);
	assert_int_equal(smb_transport_send(r.b.t, &iov, 1), 0);
	wait_frames(&r, &r.a, 4);
	assert_int_equal(calls, 5);
	rig_free(&r);
}

static void test_hold_release_in(void **state)
{
	(void)state;
	struct rig r;
	struct smb_fault_stats st;

	rig_init(&r, false);
	smb_fault_hold(r.b.t, SMB_FAULT_IN);
	for (int i = 0; i < 5; i++)
		assert_int_equal(send_tag(r.a.t, (uint8_t)i, 10), 0);
	tu_loop_drain(r.base);
	assert_int_equal(r.b.frames, 0);
	smb_fault_get_stats(r.b.t, &st);
	assert_int_equal(st.queued_frames[SMB_FAULT_IN], 5);
	/* Released from the loop, not from inside release(). */
	smb_fault_release(r.b.t, SMB_FAULT_IN);
	assert_int_equal(r.b.frames, 0);
	assert_int_equal(send_tag(r.a.t, 5, 10), 0);
	wait_frames(&r, &r.b, 6);
	for (int i = 0; i < 6; i++)
		assert_int_equal(r.b.tag[i], i);
	smb_fault_get_stats(r.b.t, &st);
	assert_int_equal(st.queued_frames[SMB_FAULT_IN], 0);
	rig_free(&r);
}

static void test_hold_release_out(void **state)
{
	(void)state;
	struct rig r;

	rig_init(&r, false);
	smb_fault_hold(r.b.t, SMB_FAULT_OUT);
	for (int i = 0; i < 4; i++)
		assert_int_equal(send_tag(r.b.t, (uint8_t)i, 10), 0);
	tu_loop_drain(r.base);
	assert_int_equal(r.a.frames, 0);
	smb_fault_release(r.b.t, SMB_FAULT_OUT);
	assert_int_equal(smb_mem_queued(smb_fault_lower(r.b.t)), 40);
	assert_int_equal(send_tag(r.b.t, 4, 10), 0);
	wait_frames(&r, &r.a, 5);
	for (int i = 0; i < 5; i++)
		assert_int_equal(r.a.tag[i], i);
	/* The close of the peer waits behind held incoming frames. */
	smb_fault_hold(r.b.t, SMB_FAULT_IN);
	assert_int_equal(send_tag(r.a.t, 9, 10), 0);
	smb_transport_disconnect(r.a.t);
	wait_close(&r, &r.a);
	tu_loop_drain(r.base);
	assert_int_equal(r.b.closes, 0);
	smb_fault_release(r.b.t, SMB_FAULT_IN);
	wait_close(&r, &r.b);
	assert_int_equal(r.b.frames, 1);
	assert_int_equal(r.b.close_err, 0);
	rig_free(&r);
}

/* The tap sees what passes, as it passes: not what is dropped, and held
 * frames only once released; with the direction and the bytes. */
struct tap_seen {
	unsigned n;
	enum smb_fault_dir dir[16];
	uint8_t tag[16];
	size_t len[16];
};

static void tap_cb(void *arg, enum smb_fault_dir dir, const struct iovec *iov, int iovcnt)
{
	struct tap_seen *ts = arg;
	size_t len = 0;

	for (int i = 0; i < iovcnt; i++)
		len += iov[i].iov_len;
	assert_true(iovcnt >= 1 && iov[0].iov_len >= 1);
	if (ts->n < 16) {
		ts->dir[ts->n] = dir;
		ts->tag[ts->n] = ((const uint8_t *)iov[0].iov_base)[0];
		ts->len[ts->n] = len;
	}
	ts->n++;
}

static void test_tap(void **state)
{
	(void)state;
	struct rig r;
	struct tap_seen ts = { 0 };

	rig_init(&r, false);
	smb_fault_tap(r.b.t, tap_cb, &ts);
	smb_fault_drop_next(r.b.t, SMB_FAULT_IN, 1);
	assert_int_equal(send_tag(r.a.t, 1, 10), 0);  /* dropped: not seen */
	assert_int_equal(send_tag(r.a.t, 2, 11), 0);
	wait_frames(&r, &r.b, 1);
	smb_fault_hold(r.b.t, SMB_FAULT_OUT);
	assert_int_equal(send_tag(r.b.t, 3, 12), 0);
	tu_loop_drain(r.base);
	assert_int_equal(ts.n, 1);                     /* held: not yet */
	smb_fault_release(r.b.t, SMB_FAULT_OUT);
	wait_frames(&r, &r.a, 1);
	assert_int_equal(ts.n, 2);
	assert_int_equal(ts.dir[0], SMB_FAULT_IN);
	assert_int_equal(ts.tag[0], 2);
	assert_int_equal(ts.len[0], 11);
	assert_int_equal(ts.dir[1], SMB_FAULT_OUT);
	assert_int_equal(ts.tag[1], 3);
	assert_int_equal(ts.len[1], 12);
	smb_fault_tap(r.b.t, NULL, NULL);
	assert_int_equal(send_tag(r.a.t, 4, 10), 0);
	wait_frames(&r, &r.b, 2);
	assert_int_equal(ts.n, 2);
	rig_free(&r);
}

struct marker {
	int *clock;
	int seq;
};

static void marker_cb(evutil_socket_t fd, short what, void *arg)
{
	struct marker *m = arg;

	(void)fd;
	(void)what;
	m->seq = (*m->clock)++;
}

static bool cond_queued3(void *arg)
{
	struct smb_fault_stats st;

	smb_fault_get_stats(arg, &st);
	return st.queued_frames[SMB_FAULT_IN] == 3;
}

static void test_delay(void **state)
{
	(void)state;
	struct rig r;
	struct marker m = { NULL, -1 };
	struct timeval tv = { 0, 10 * 1000 };

	rig_init(&r, false);
	m.clock = &r.clock;
	/* Incoming frames at b wait 60 ms; a marker timer fires at 10 ms.
	 * The undelayed direction arrives before the marker, the delayed
	 * one after it: ordering shows the delay, no clock is read. */
	smb_fault_set_delay(r.b.t, SMB_FAULT_IN, 60 * 1000);
	struct event *ev = evtimer_new(r.base, marker_cb, &m);
	evtimer_add(ev, &tv);
	for (int i = 0; i < 3; i++)
		assert_int_equal(send_tag(r.a.t, (uint8_t)i, 10), 0);
	assert_int_equal(send_tag(r.b.t, 7, 10), 0);
	wait_frames(&r, &r.a, 1);
	assert_true(tu_loop_until(r.base, cond_queued3, r.b.t));
	assert_int_equal(r.b.frames, 0);
	/* Delay off for later frames: they still queue behind earlier ones. */
	smb_fault_set_delay(r.b.t, SMB_FAULT_IN, 0);
	assert_int_equal(send_tag(r.a.t, 3, 10), 0);
	wait_frames(&r, &r.b, 4);
	assert_true(m.seq >= 0);
	assert_true(r.a.seq[0] < m.seq);
	for (int i = 0; i < 4; i++) {
		assert_int_equal(r.b.tag[i], i);
		if (i < 3)
			assert_true(r.b.seq[i] > m.seq);
	}
	event_free(ev);
	rig_free(&r);
}

static void test_delay_keeps_order(void **state)
{
	(void)state;
	struct rig r;

	rig_init(&r, false);
	smb_fault_set_delay(r.b.t, SMB_FAULT_OUT, 30 * 1000);
	assert_int_equal(send_tag(r.b.t, 0, 10), 0);
	assert_int_equal(send_tag(r.b.t, 1, 10), 0);
	smb_fault_set_delay(r.b.t, SMB_FAULT_OUT, 0);
	/* No delay, but the queue is not empty: it waits its turn. */
	assert_int_equal(send_tag(r.b.t, 2, 10), 0);
	assert_int_equal(smb_mem_queued(smb_fault_lower(r.b.t)), 0);
	wait_frames(&r, &r.a, 3);
	for (int i = 0; i < 3; i++)
		assert_int_equal(r.a.tag[i], i);
	rig_free(&r);
}

static void test_cut_out(void **state)
{
	(void)state;
	struct rig r;
	struct smb_fault_stats st;

	rig_init(&r, false);
	smb_fault_cut_after(r.b.t, SMB_FAULT_OUT, 250);
	assert_int_equal(send_tag(r.b.t, 0, 100), 0);
	assert_int_equal(send_tag(r.b.t, 1, 100), 0);
	/* The frame that would pass byte 250 is lost and the line cut. */
	assert_int_equal(send_tag(r.b.t, 2, 100), 0);
	assert_int_equal(send_tag(r.b.t, 3, 10), -ENOTCONN);
	assert_int_equal(r.b.closes, 0);
	wait_close(&r, &r.b);
	assert_int_equal(r.b.close_err, -ECONNRESET);
	wait_close(&r, &r.a);
	assert_int_equal(r.a.close_err, 0);
	assert_int_equal(r.a.frames, 2);
	smb_fault_get_stats(r.b.t, &st);
	assert_true(st.cut);
	assert_int_equal(st.seen_bytes[SMB_FAULT_OUT], 300);
	assert_int_equal(st.passed_bytes[SMB_FAULT_OUT], 200);
	tu_loop_drain(r.base);
	assert_int_equal(r.b.closes, 1);
	rig_free(&r);
}

static void test_cut_in(void **state)
{
	(void)state;
	struct rig r;
	struct smb_fault_stats st;

	rig_init(&r, false);
	smb_fault_cut_after(r.b.t, SMB_FAULT_IN, 100);
	assert_int_equal(send_tag(r.a.t, 0, 60), 0);
	assert_int_equal(send_tag(r.a.t, 1, 40), 0);
	assert_int_equal(send_tag(r.a.t, 2, 1), 0);
	assert_int_equal(send_tag(r.a.t, 3, 1), 0);
	wait_close(&r, &r.b);
	assert_int_equal(r.b.close_err, -ECONNRESET);
	assert_int_equal(r.b.frames, 2);
	wait_close(&r, &r.a);
	smb_fault_get_stats(r.b.t, &st);
	assert_true(st.cut);
	assert_int_equal(st.passed_bytes[SMB_FAULT_IN], 100);
	assert_int_equal(st.seen_bytes[SMB_FAULT_IN], 101);
	rig_free(&r);
}

static void test_stacking(void **state)
{
	(void)state;
	struct rig r;
	struct smb_transport *outer;
	struct smb_fault_stats st;
	int calls = 0;

	rig_init(&r, false);
	/* outer(fault) -> inner(fault, r.b.t) -> mem */
	assert_int_equal(smb_fault_new(r.b.t, &outer), 0);
	struct smb_transport_cbs cb = { on_frame, on_close, &r.b };
	smb_transport_set_cbs(outer, &cb);
	struct smb_transport *inner = r.b.t;
	r.b.t = outer;
	smb_fault_drop_next(outer, SMB_FAULT_IN, 1);
	smb_fault_drop_matching(inner, SMB_FAULT_IN, is_write_response, &calls);
	smb_fault_hold(outer, SMB_FAULT_OUT);
	for (int i = 0; i < 4; i++)
		assert_int_equal(send_tag(r.a.t, (uint8_t)i, 70), 0);
	for (int i = 0; i < 2; i++)
		assert_int_equal(send_tag(r.b.t, (uint8_t)(10 + i), 10), 0);
	wait_frames(&r, &r.b, 3);
	assert_int_equal(r.b.tag[0], 1);
	assert_int_equal(calls, 4);
	tu_loop_drain(r.base);
	assert_int_equal(r.a.frames, 0);
	smb_fault_release(outer, SMB_FAULT_OUT);
	wait_frames(&r, &r.a, 2);
	smb_fault_get_stats(inner, &st);
	assert_int_equal(st.passed_frames[SMB_FAULT_IN], 4);
	assert_int_equal(st.passed_frames[SMB_FAULT_OUT], 2);
	smb_fault_get_stats(outer, &st);
	assert_int_equal(st.passed_frames[SMB_FAULT_IN], 3);
	/* Cut on the inner one: the outer user sees the reset. */
	smb_fault_cut_after(inner, SMB_FAULT_OUT, 0);
	assert_int_equal(send_tag(r.b.t, 1, 1), 0);
	wait_close(&r, &r.b);
	assert_int_equal(r.b.close_err, -ECONNRESET);
	rig_free(&r);   /* frees outer, which frees inner and the mem end */
}

static void test_close_and_free(void **state)
{
	(void)state;
	struct rig r;

	rig_init(&r, true);
	r.b.free_on_frame = true;
	for (int i = 0; i < 3; i++)
		assert_int_equal(send_tag(r.a.t, (uint8_t)i, 10), 0);
	wait_frames(&r, &r.b, 1);
	assert_null(r.b.t);
	wait_close(&r, &r.a);
	assert_int_equal(r.a.close_err, 0);
	tu_loop_drain(r.base);
	assert_int_equal(r.b.frames, 1);
	assert_int_equal(send_tag(r.a.t, 1, 1), -ENOTCONN);
	rig_free(&r);

	rig_init(&r, true);
	smb_transport_disconnect(r.b.t);
	smb_transport_disconnect(r.b.t);
	assert_int_equal(send_tag(r.b.t, 1, 1), -ENOTCONN);
	assert_int_equal(r.b.closes, 0);
	wait_close(&r, &r.b);
	assert_int_equal(r.b.close_err, 0);
	wait_close(&r, &r.a);
	tu_loop_drain(r.base);
	assert_int_equal(r.b.closes, 1);
	rig_free(&r);
}

static void test_limits_and_receiving(void **state)
{
	(void)state;
	struct rig r;

	rig_init(&r, false);
	r.b.t->max_frame = 100;
	assert_int_equal(send_tag(r.b.t, 1, 101), -EMSGSIZE);
	assert_int_equal(smb_transport_send(r.b.t, NULL, 0), -EINVAL);
	/* Paused: nothing delivered, also not what was held and released. */
	r.b.t->ops->set_receiving(r.b.t, false);
	assert_int_equal(send_tag(r.a.t, 0, 50), 0);
	tu_loop_drain(r.base);
	assert_int_equal(r.b.frames, 0);
	r.b.t->ops->set_receiving(r.b.t, true);
	wait_frames(&r, &r.b, 1);
	/* A frame over the filter's own limit closes it with -EPROTO, also
	 * when the lower transport's limit was not lowered. */
	smb_fault_lower(r.b.t)->max_frame = SMB2_MAX_PDU;
	r.b.t->max_frame = 40;
	assert_int_equal(send_tag(r.a.t, 1, 50), 0);
	wait_close(&r, &r.b);
	assert_int_equal(r.b.close_err, -EPROTO);
	assert_int_equal(r.b.frames, 1);
	rig_free(&r);
}

/* The filter on a real TCP connection: a client whose requests are held,
 * released, and echoed by the server. */
struct tcp_rig {
	struct side cli, srv;
	int clock;
};

static void echo_frame(void *arg, const uint8_t *frame, size_t len)
{
	struct side *s = arg;
	struct iovec iov = { (void *)frame, len };

	s->frames++;
	assert_int_equal(smb_transport_send(s->t, &iov, 1), 0);
}

static void tcp_accept(void *arg, struct smb_transport *t)
{
	struct tcp_rig *tr = arg;
	struct smb_transport_cbs cbs = { echo_frame, on_close, &tr->srv };

	tr->srv.t = t;
	smb_transport_set_cbs(t, &cbs);
}

static void test_over_tcp(void **state)
{
	(void)state;
	struct event_base *base = event_base_new();
	struct smb_tcp_listener *l;
	struct smb_transport *tcp;
	struct tcp_rig tr;
	const char *addr = getenv("SMBSIM_TEST_ADDR");

	memset(&tr, 0, sizeof(tr));
	tr.cli.clock = tr.srv.clock = &tr.clock;
	assert_int_equal(smb_tcp_listen(base, addr && *addr ? addr : "127.0.0.1:0", tcp_accept,
	                                 &tr, &l), 0);
	assert_int_equal(smb_tcp_connect(base, smb_tcp_listener_addr(l), NULL, NULL, &tcp), 0);
	assert_int_equal(smb_fault_new(tcp, &tr.cli.t), 0);
	struct smb_transport_cbs cbs = { on_frame, on_close, &tr.cli };
	smb_transport_set_cbs(tr.cli.t, &cbs);
	smb_fault_hold(tr.cli.t, SMB_FAULT_OUT);
	for (int i = 0; i < 3; i++)
		assert_int_equal(send_tag(tr.cli.t, (uint8_t)i, 200), 0);
	tu_loop_drain(base);
	assert_int_equal(tr.srv.frames, 0);
	smb_fault_release(tr.cli.t, SMB_FAULT_OUT);
	struct want w = { &tr.cli, 3 };
	assert_true(tu_loop_until(base, cond_frames, &w));
	for (int i = 0; i < 3; i++)
		assert_int_equal(tr.cli.tag[i], i);
	assert_int_equal(tr.srv.frames, 3);
	assert_string_equal(tr.cli.t->peer_addr, smb_tcp_listener_addr(l));
	smb_transport_free(tr.cli.t);
	assert_true(tu_loop_until(base, cond_closed, &tr.srv));
	smb_transport_free(tr.srv.t);
	smb_tcp_listener_free(l);
	event_base_free(base);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pass_through),
		cmocka_unit_test(test_drop_next),
		cmocka_unit_test(test_drop_matching),
		cmocka_unit_test(test_hold_release_in),
		cmocka_unit_test(test_hold_release_out),
		cmocka_unit_test(test_tap),
		cmocka_unit_test(test_delay),
		cmocka_unit_test(test_delay_keeps_order),
		cmocka_unit_test(test_cut_out),
		cmocka_unit_test(test_cut_in),
		cmocka_unit_test(test_stacking),
		cmocka_unit_test(test_close_and_free),
		cmocka_unit_test(test_limits_and_receiving),
		cmocka_unit_test(test_over_tcp),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
