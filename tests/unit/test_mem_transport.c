/* The in-memory transport pair: delivery from the loop, order, limits,
 * closes, back-pressure and free inside callbacks. */
#include <errno.h>
#include <event2/event.h>
#include <stdlib.h>
#include <string.h>

#include "net/mem.h"
#include "testutil.h"
#include "wire/limits.h"

#define MAX_SEEN 64

/* What one endpoint saw. */
struct side {
	struct smb_transport *t;
	size_t frames;
	size_t lens[MAX_SEEN];
	uint8_t first[MAX_SEEN];
	int closes;
	int close_err;
	size_t frames_at_close;
	bool free_on_frame;      /* free the transport inside on_frame */
	bool disconnect_on_frame;
	bool pause_on_frame;     /* set_receiving(false) inside on_frame */
	struct event_base *base;
};

static void on_frame(void *arg, const uint8_t *frame, size_t len)
{
	struct side *s = arg;

	assert_int_equal(s->closes, 0);
	if (s->frames < MAX_SEEN) {
		s->lens[s->frames] = len;
		s->first[s->frames] = frame[0];
	}
	s->frames++;
	if (s->free_on_frame) {
		smb_transport_free(s->t);
		s->t = NULL;
	} else if (s->disconnect_on_frame) {
		smb_transport_disconnect(s->t);
	} else if (s->pause_on_frame) {
		s->t->ops->set_receiving(s->t, false);
		event_base_loopbreak(s->base);
	}
}

static void on_close(void *arg, int err)
{
	struct side *s = arg;

	s->closes++;
	s->close_err = err;
	s->frames_at_close = s->frames;
}

struct pair {
	struct event_base *base;
	struct side a, b;
};

static void pair_setup(struct pair *p)
{
	memset(p, 0, sizeof(*p));
	p->base = event_base_new();
	assert_non_null(p->base);
	assert_int_equal(smb_mem_pair_new(p->base, &p->a.t, &p->b.t), 0);
	p->a.base = p->b.base = p->base;
	struct smb_transport_cbs ca = { on_frame, on_close, &p->a };
	struct smb_transport_cbs cb = { on_frame, on_close, &p->b };
	smb_transport_set_cbs(p->a.t, &ca);
	smb_transport_set_cbs(p->b.t, &cb);
}

static void pair_teardown(struct pair *p)
{
	smb_transport_free(p->a.t);
	smb_transport_free(p->b.t);
	event_base_free(p->base);
}

static int send_fill(struct smb_transport *t, uint8_t v, size_t len)
{
	uint8_t *buf = malloc(len ? len : 1);
	int rc;

	assert_non_null(buf);
	memset(buf, v, len);
	/* Two pieces: the transport gathers them into one frame. */
	struct iovec iov[2] = { { buf, len / 2 }, { buf + len / 2, len - len / 2 } };
	rc = smb_transport_send(t, iov, 2);
	free(buf);
	return rc;
}

/* Run the loop until nothing is left to deliver (or a callback breaks). */
static void run(struct pair *p)
{
	assert_int_not_equal(event_base_dispatch(p->base), -1);
}

static void test_order_and_async(void **state)
{
	(void)state;
	struct pair p;

	pair_setup(&p);
	for (int i = 0; i < 10; i++)
		assert_int_equal(send_fill(p.a.t, (uint8_t)i, 100 + (size_t)i), 0);
	assert_int_equal(send_fill(p.b.t, 0xEE, 7), 0);
	/* Nothing is delivered from inside send(). */
	assert_int_equal(p.b.frames, 0);
	assert_int_equal(p.a.frames, 0);
	assert_int_equal(smb_mem_queued(p.a.t), 10 * 100 + 45);
	run(&p);
	assert_int_equal(p.b.frames, 10);
	for (int i = 0; i < 10; i++) {
		assert_int_equal(p.b.lens[i], 100 + (size_t)i);
		assert_int_equal(p.b.first[i], i);
	}
	assert_int_equal(p.a.frames, 1);
	assert_int_equal(p.a.lens[0], 7);
	assert_int_equal(smb_mem_queued(p.a.t), 0);
	assert_int_equal(p.a.closes + p.b.closes, 0);
	assert_string_equal(p.a.t->local_addr, "mem:a");
	assert_string_equal(p.a.t->peer_addr, "mem:b");
	assert_string_equal(p.b.t->local_addr, "mem:b");
	pair_teardown(&p);
}

static void test_send_limits(void **state)
{
	(void)state;
	struct pair p;

	pair_setup(&p);
	assert_int_equal(send_fill(p.a.t, 1, 0), -EINVAL);
	assert_int_equal(smb_transport_send(p.a.t, NULL, -1), -EINVAL);
	assert_int_equal(send_fill(p.a.t, 1, SMB2_MAX_PDU_PRE_NEGOTIATE), 0);
	assert_int_equal(send_fill(p.a.t, 1, SMB2_MAX_PDU_PRE_NEGOTIATE + 1), -EMSGSIZE);
	/* The limit is settable at any time (after NEGOTIATE). */
	p.a.t->max_frame = SMB2_MAX_PDU;
	p.b.t->max_frame = SMB2_MAX_PDU;
	assert_int_equal(send_fill(p.a.t, 2, SMB2_MAX_IO_SIZE), 0);
	assert_int_equal(send_fill(p.a.t, 2, SMB2_MAX_PDU + 1), -EMSGSIZE);
	run(&p);
	assert_int_equal(p.b.frames, 2);
	assert_int_equal(p.b.lens[1], SMB2_MAX_IO_SIZE);
	assert_int_equal(p.b.closes, 0);
	pair_teardown(&p);
}

static void test_receiver_limit_closes(void **state)
{
	(void)state;
	struct pair p;

	pair_setup(&p);
	p.a.t->max_frame = SMB2_MAX_PDU;
	assert_int_equal(send_fill(p.a.t, 1, 100), 0);
	assert_int_equal(send_fill(p.a.t, 2, SMB2_MAX_PDU_PRE_NEGOTIATE + 1), 0);
	assert_int_equal(send_fill(p.a.t, 3, 100), 0);
	run(&p);
	assert_int_equal(p.b.frames, 1);
	assert_int_equal(p.b.closes, 1);
	assert_int_equal(p.b.close_err, -EPROTO);
	assert_int_equal(p.a.closes, 1);
	assert_int_equal(p.a.close_err, -ECONNRESET);
	assert_int_equal(send_fill(p.b.t, 1, 10), -ENOTCONN);
	assert_int_equal(send_fill(p.a.t, 1, 10), -ENOTCONN);
	pair_teardown(&p);
}

static void test_disconnect(void **state)
{
	(void)state;
	struct pair p;

	pair_setup(&p);
	assert_int_equal(send_fill(p.a.t, 1, 10), 0);
	assert_int_equal(send_fill(p.a.t, 2, 10), 0);
	assert_int_equal(send_fill(p.b.t, 3, 10), 0);
	smb_transport_disconnect(p.a.t);
	/* on_close comes from the loop, not from disconnect(). */
	assert_int_equal(p.a.closes, 0);
	assert_int_equal(send_fill(p.a.t, 1, 10), -ENOTCONN);
	/* The peer has gone: sends are discarded until the close arrives. */
	assert_int_equal(send_fill(p.b.t, 1, 10), 0);
	smb_transport_disconnect(p.a.t);
	run(&p);
	assert_int_equal(p.a.closes, 1);
	assert_int_equal(p.a.close_err, 0);
	/* a discarded what it had not delivered. */
	assert_int_equal(p.a.frames, 0);
	/* b got what was sent before, then the close. */
	assert_int_equal(p.b.frames, 2);
	assert_int_equal(p.b.closes, 1);
	assert_int_equal(p.b.close_err, 0);
	assert_int_equal(p.b.frames_at_close, 2);
	run(&p);
	assert_int_equal(p.a.closes, 1);
	assert_int_equal(p.b.closes, 1);
	pair_teardown(&p);
}

static void test_free_peer_closes(void **state)
{
	(void)state;
	struct pair p;

	pair_setup(&p);
	assert_int_equal(send_fill(p.a.t, 1, 10), 0);
	smb_transport_free(p.a.t);
	p.a.t = NULL;
	run(&p);
	assert_int_equal(p.b.frames, 1);
	assert_int_equal(p.b.closes, 1);
	assert_int_equal(p.b.close_err, 0);
	assert_int_equal(p.a.closes, 0);
	pair_teardown(&p);
}

static void test_free_inside_on_frame(void **state)
{
	(void)state;
	struct pair p;

	pair_setup(&p);
	p.b.free_on_frame = true;
	for (int i = 0; i < 5; i++)
		assert_int_equal(send_fill(p.a.t, 1, 10), 0);
	run(&p);
	assert_null(p.b.t);
	assert_int_equal(p.b.frames, 1);
	assert_int_equal(p.b.closes, 0);
	assert_int_equal(p.a.closes, 1);
	assert_int_equal(p.a.close_err, 0);
	pair_teardown(&p);
}

static void test_disconnect_inside_on_frame(void **state)
{
	(void)state;
	struct pair p;

	pair_setup(&p);
	p.b.disconnect_on_frame = true;
	for (int i = 0; i < 5; i++)
		assert_int_equal(send_fill(p.a.t, 1, 10), 0);
	run(&p);
	assert_int_equal(p.b.frames, 1);
	assert_int_equal(p.b.closes, 1);
	assert_int_equal(p.b.close_err, 0);
	assert_int_equal(p.a.closes, 1);
	pair_teardown(&p);
}

static void test_set_receiving(void **state)
{
	(void)state;
	struct pair p;

	pair_setup(&p);
	p.b.t->ops->set_receiving(p.b.t, false);
	for (int i = 0; i < 3; i++)
		assert_int_equal(send_fill(p.a.t, (uint8_t)i, 10), 0);
	smb_transport_disconnect(p.a.t);
	run(&p);
	/* Neither the frames nor the peer's close arrive while paused. */
	assert_int_equal(p.b.frames, 0);
	assert_int_equal(p.b.closes, 0);
	assert_int_equal(p.a.closes, 1);
	/* Paused again from inside on_frame: one frame at a time. */
	p.b.pause_on_frame = true;
	p.b.t->ops->set_receiving(p.b.t, true);
	run(&p);
	assert_int_equal(p.b.frames, 1);
	p.b.t->ops->set_receiving(p.b.t, true);
	run(&p);
	assert_int_equal(p.b.frames, 2);
	p.b.pause_on_frame = false;
	p.b.t->ops->set_receiving(p.b.t, true);
	run(&p);
	assert_int_equal(p.b.frames, 3);
	assert_int_equal(p.b.first[2], 2);
	assert_int_equal(p.b.closes, 1);
	pair_teardown(&p);
}

static void test_queue_bound(void **state)
{
	(void)state;
	struct pair p;

	pair_setup(&p);
	smb_mem_set_sendq_max(p.a.t, 1000);
	p.b.t->ops->set_receiving(p.b.t, false);
	for (int i = 0; i < 10; i++)
		assert_int_equal(send_fill(p.a.t, 1, 100), 0);
	assert_int_equal(send_fill(p.a.t, 1, 1), -ENOBUFS);
	assert_int_equal(smb_mem_queued(p.a.t), 1000);
	p.b.t->ops->set_receiving(p.b.t, true);
	run(&p);
	assert_int_equal(p.b.frames, 10);
	assert_int_equal(send_fill(p.a.t, 1, 1000), 0);
	assert_int_equal(send_fill(p.a.t, 1, 1), -ENOBUFS);
	run(&p);
	assert_int_equal(p.b.frames, 11);
	pair_teardown(&p);
}

/* Ping-pong: each side answers from inside on_frame; the loop stays fair
 * (each endpoint delivers only what it had) and everything is freed. */
struct pingpong {
	struct smb_transport *t;
	int left;
	int got;
};

static void pp_frame(void *arg, const uint8_t *frame, size_t len)
{
	struct pingpong *pp = arg;
	uint8_t b = frame[0];
	struct iovec iov = { &b, 1 };

	(void)len;
	pp->got++;
	if (pp->left > 0) {
		pp->left--;
		assert_int_equal(smb_transport_send(pp->t, &iov, 1), 0);
	}
}

static void pp_close(void *arg, int err)
{
	(void)arg;
	(void)err;
	fail_msg("no close expected");
}

static void test_pingpong(void **state)
{
	(void)state;
	struct event_base *base = event_base_new();
	struct smb_transport *a, *b;
	struct pingpong pa = { 0 }, pb = { 0 };

	assert_int_equal(smb_mem_pair_new(base, &a, &b), 0);
	pa.t = a;
	pa.left = 100;
	pb.t = b;
	pb.left = 100;
	struct smb_transport_cbs ca = { pp_frame, pp_close, &pa };
	struct smb_transport_cbs cb = { pp_frame, pp_close, &pb };
	smb_transport_set_cbs(a, &ca);
	smb_transport_set_cbs(b, &cb);
	uint8_t x = 7;
	struct iovec iov = { &x, 1 };
	assert_int_equal(smb_transport_send(a, &iov, 1), 0);
	assert_int_equal(event_base_dispatch(base), 1);
	assert_int_equal(pb.got, 101);
	assert_int_equal(pa.got, 100);
	smb_transport_free(a);
	smb_transport_free(b);
	event_base_free(base);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_order_and_async),
		cmocka_unit_test(test_send_limits),
		cmocka_unit_test(test_receiver_limit_closes),
		cmocka_unit_test(test_disconnect),
		cmocka_unit_test(test_free_peer_closes),
		cmocka_unit_test(test_free_inside_on_frame),
		cmocka_unit_test(test_disconnect_inside_on_frame),
		cmocka_unit_test(test_set_receiving),
		cmocka_unit_test(test_queue_bound),
		cmocka_unit_test(test_pingpong),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
