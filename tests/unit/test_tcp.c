/*
 * The Direct TCP transport over loopback, event-driven on one event_base:
 * frames of 1 byte to 8 MiB both ways, framing split and coalesced in
 * every way a raw socket can arrange, keep-alives, limits, closes,
 * back-pressure, the send queue bound, free inside callbacks, garbage.
 *
 * The listen address is $SMBSIM_TEST_ADDR (default 127.0.0.1:0) and the
 * IPv6 one $SMBSIM_TEST_ADDR6 (default [::1]:0), so that
 * tests/scripts/check_tcp_socket_wrapper.sh can run this under
 * socket_wrapper.
 */
#include <errno.h>
#include <event2/event.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "net/addr.h"
#include "net/tcp.h"
#include "testutil.h"
#include "tu_loop.h"
#include "wire/limits.h"
#include "wire/nbss.h"

#define MAX_FRAMES 256

enum mode {
	MODE_RECORD,        /* count and check frames */
	MODE_ECHO,          /* send each frame back */
	MODE_FREE,          /* free the transport inside on_frame */
	MODE_DISCONNECT,    /* disconnect inside on_frame */
	MODE_PAUSE_FIRST,   /* set_receiving(false) after the first frame */
};

struct end {
	struct smb_transport *t;
	enum mode mode;
	size_t frames;
	size_t bytes;
	size_t lens[MAX_FRAMES];
	bool pattern_ok;
	int closes;
	int close_err;
	int connected;
};

struct ctx {
	struct event_base *base;
	struct smb_tcp_listener *l;
	struct end srv, cli;
	size_t srv_max_frame;
	int accepted;
};

static uint8_t pat(size_t i, size_t seed)
{
	return (uint8_t)(i * 31u + seed * 7u + (i >> 8));
}

static void fill(uint8_t *p, size_t len, size_t seed)
{
	for (size_t i = 0; i < len; i++)
		p[i] = pat(i, seed);
}

static void on_frame(void *arg, const uint8_t *frame, size_t len)
{
	struct end *e = arg;
	size_t k = e->frames;

	assert_int_equal(e->closes, 0);
	if (k < MAX_FRAMES)
		e->lens[k] = len;
	/* Frames carry the pattern seeded with their index. */
	for (size_t i = 0; i < len; i++) {
		if (frame[i] != pat(i, k)) {
			e->pattern_ok = false;
			break;
		}
	}
	e->frames++;
	e->bytes += len;
	switch (e->mode) {
	case MODE_ECHO: {
		struct iovec iov = { (void *)frame, len };
		assert_int_equal(smb_transport_send(e->t, &iov, 1), 0);
		break;
	}
	case MODE_FREE:
		smb_transport_free(e->t);
		e->t = NULL;
		break;
	case MODE_DISCONNECT:
		smb_transport_disconnect(e->t);
		break;
	case MODE_PAUSE_FIRST:
		if (e->frames == 1)
			e->t->ops->set_receiving(e->t, false);
		break;
	case MODE_RECORD:
		break;
	}
}

static void on_close(void *arg, int err)
{
	struct end *e = arg;

	e->closes++;
	e->close_err = err;
}

static void on_connected(void *arg)
{
	struct end *e = arg;

	e->connected++;
}

static void accept_cb(void *arg, struct smb_transport *t)
{
	struct ctx *c = arg;
	struct smb_transport_cbs cbs = { on_frame, on_close, &c->srv };

	assert_null(c->srv.t);
	c->accepted++;
	c->srv.t = t;
	t->max_frame = c->srv_max_frame;
	smb_transport_set_cbs(t, &cbs);
}

static const char *test_addr(void)
{
	const char *a = getenv("SMBSIM_TEST_ADDR");

	return a && *a ? a : "127.0.0.1:0";
}

static void ctx_init(struct ctx *c, size_t srv_max_frame)
{
	memset(c, 0, sizeof(*c));
	c->srv.pattern_ok = c->cli.pattern_ok = true;
	c->srv_max_frame = srv_max_frame;
	c->base = event_base_new();
	assert_non_null(c->base);
	assert_int_equal(smb_tcp_listen(c->base, test_addr(), accept_cb, c, &c->l), 0);
	assert_int_not_equal(smb_tcp_listener_port(c->l), 0);
}

static void ctx_free(struct ctx *c)
{
	smb_transport_free(c->srv.t);
	smb_transport_free(c->cli.t);
	smb_tcp_listener_free(c->l);
	event_base_free(c->base);
}

static bool cond_accepted(void *arg)
{
	return ((struct ctx *)arg)->accepted > 0;
}

static bool cond_connected(void *arg)
{
	struct ctx *c = arg;

	return c->accepted > 0 && c->cli.connected > 0;
}

/* A client transport connected to the listener. */
static void ctx_connect(struct ctx *c, size_t cli_max_frame)
{
	struct smb_transport_cbs cbs = { on_frame, on_close, &c->cli };

	assert_int_equal(smb_tcp_connect(c->base, smb_tcp_listener_addr(c->l), &cbs, on_connected,
	                                 &c->cli.t), 0);
	c->cli.t->max_frame = cli_max_frame;
	assert_true(tu_loop_until(c->base, cond_connected, c));
	assert_int_equal(c->cli.connected, 1);
}

/* A raw blocking socket connected to the listener, to control exactly
 * what bytes arrive and how they are cut. */
static int ctx_raw(struct ctx *c)
{
	struct sockaddr_storage ss;
	socklen_t len;
	int fd;

	assert_int_equal(smb_addr_parse(smb_tcp_listener_addr(c->l), false, &ss, &len), 0);
	fd = socket(ss.ss_family, SOCK_STREAM, 0);
	assert_true(fd >= 0);
	assert_int_equal(connect(fd, (struct sockaddr *)&ss, len), 0);
	assert_true(tu_loop_until(c->base, cond_accepted, c));
	return fd;
}

static void raw_write(int fd, const void *p, size_t len)
{
	const uint8_t *b = p;

	while (len) {
		ssize_t n = send(fd, b, len, MSG_NOSIGNAL);

		assert_true(n > 0);
		b += n;
		len -= (size_t)n;
	}
}

/* raw_write for more than the socket buffers hold (socket_wrapper's are
 * small): the loop runs while the kernel is full, so the transport reads
 * as the bytes go. */
static void raw_write_pump(struct ctx *c, int fd, const void *p, size_t len)
{
	const uint8_t *b = p;

	while (len) {
		ssize_t n = send(fd, b, len, MSG_NOSIGNAL | MSG_DONTWAIT);

		if (n < 0) {
			assert_true(errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR);
			event_base_loop(c->base, EVLOOP_NONBLOCK);
			continue;
		}
		b += n;
		len -= (size_t)n;
	}
}

/* A frame with its NBSS header: 4 + len bytes at out. */
static void make_frame(uint8_t *out, size_t len, size_t seed)
{
	assert_int_equal(smb2_nbss_hdr_encode(out, SMB2_NBSS_SESSION_MESSAGE, (uint32_t)len),
	                 STATUS_SUCCESS);
	fill(out + 4, len, seed);
}

static int send_pattern(struct smb_transport *t, size_t len, size_t seed)
{
	uint8_t *buf = malloc(len);
	int rc;

	assert_non_null(buf);
	fill(buf, len, seed);
	/* Three pieces: the transport sends them as one frame. */
	struct iovec iov[3] = { { buf, len / 3 }, { buf + len / 3, len / 3 },
	                        { buf + 2 * (len / 3), len - 2 * (len / 3) } };
	rc = smb_transport_send(t, iov, 3);
	free(buf);
	return rc;
}

struct want {
	struct end *e;
	size_t frames;
	int closes;
	size_t buffered;
};

static bool cond_frames(void *arg)
{
	struct want *w = arg;

	return w->e->frames >= w->frames;
}

static bool cond_closes(void *arg)
{
	struct want *w = arg;

	return w->e->closes >= w->closes;
}

static bool cond_buffered(void *arg)
{
	struct want *w = arg;

	return w->e->t && smb_tcp_buffered(w->e->t) == w->buffered;
}

static void wait_frames(struct ctx *c, struct end *e, size_t n)
{
	struct want w = { .e = e, .frames = n };

	assert_true(tu_loop_until(c->base, cond_frames, &w));
}

static void wait_close(struct ctx *c, struct end *e)
{
	struct want w = { .e = e, .closes = 1 };

	assert_true(tu_loop_until(c->base, cond_closes, &w));
	assert_int_equal(e->closes, 1);
}

static void wait_buffered(struct ctx *c, struct end *e, size_t n)
{
	struct want w = { .e = e, .buffered = n };

	assert_true(tu_loop_until(c->base, cond_buffered, &w));
}

/* ------------------------------------------------------------------ */

static const size_t sizes[] = {
	1, 2, 3, 4, 5, 63, 64, 65, 1000, 4095, 4096, 65535, 65536, 65537,
	1024 * 1024, 3 * 1024 * 1024 + 17, SMB2_MAX_IO_SIZE,
};
#define NSIZES (sizeof(sizes) / sizeof(sizes[0]))

static void test_frames_both_ways(void **state)
{
	(void)state;
	struct ctx c;

	ctx_init(&c, SMB2_MAX_PDU);
	ctx_connect(&c, SMB2_MAX_PDU);
	c.srv.mode = MODE_ECHO;
	assert_string_not_equal(c.cli.t->local_addr, "");
	assert_string_equal(c.cli.t->peer_addr, smb_tcp_listener_addr(c.l));
	assert_string_equal(c.srv.t->local_addr, smb_tcp_listener_addr(c.l));
	assert_string_equal(c.srv.t->peer_addr, c.cli.t->local_addr);
	assert_string_equal(c.cli.t->ops->name, "tcp");
	for (size_t i = 0; i < NSIZES; i++)
		assert_int_equal(send_pattern(c.cli.t, sizes[i], i), 0);
	wait_frames(&c, &c.cli, NSIZES);
	assert_int_equal(c.srv.frames, NSIZES);
	assert_true(c.srv.pattern_ok);
	assert_true(c.cli.pattern_ok);
	for (size_t i = 0; i < NSIZES; i++) {
		assert_int_equal(c.srv.lens[i], sizes[i]);
		assert_int_equal(c.cli.lens[i], sizes[i]);
	}
	assert_int_equal(smb_tcp_queued(c.cli.t), 0);
	assert_int_equal(c.srv.closes + c.cli.closes, 0);
	ctx_free(&c);
}

static void test_many_frames_one_write(void **state)
{
	(void)state;
	struct ctx c;
	uint8_t buf[100 * (4 + 40) + 50 * 4];
	size_t off = 0;

	ctx_init(&c, SMB2_MAX_PDU_PRE_NEGOTIATE);
	int fd = ctx_raw(&c);
	for (size_t k = 0; k < 100; k++) {
		/* NetBIOS keep-alives between frames are ignored. */
		if (k % 2 == 0) {
			assert_int_equal(smb2_nbss_hdr_encode(buf + off, SMB2_NBSS_KEEP_ALIVE, 0),
			                 STATUS_SUCCESS);
			off += 4;
		}
		make_frame(buf + off, 1 + k % 40, k);
		off += 4 + 1 + k % 40;
	}
	raw_write(fd, buf, off);
	wait_frames(&c, &c.srv, 100);
	assert_true(c.srv.pattern_ok);
	for (size_t k = 0; k < 100; k++)
		assert_int_equal(c.srv.lens[k], 1 + k % 40);
	assert_int_equal(c.srv.closes, 0);
	/* A clean close between frames is on_close(0). */
	close(fd);
	wait_close(&c, &c.srv);
	assert_int_equal(c.srv.close_err, 0);
	assert_int_equal(c.srv.frames, 100);
	ctx_free(&c);
}

static void test_split_frames(void **state)
{
	(void)state;
	struct ctx c;
	uint8_t buf[2 * (4 + 300)];

	ctx_init(&c, SMB2_MAX_PDU_PRE_NEGOTIATE);
	int fd = ctx_raw(&c);
	make_frame(buf, 300, 0);
	make_frame(buf + 304, 300, 1);
	/* Cut inside the header, at its end, inside the payload, and across
	 * the boundary between the two frames; wait for each piece to be
	 * read before writing the next. */
	static const size_t cuts[] = { 1, 3, 4, 5, 200, 303, 305, 306, 500, 608 };
	size_t prev = 0;
	for (size_t i = 0; i < sizeof(cuts) / sizeof(cuts[0]); i++) {
		raw_write(fd, buf + prev, cuts[i] - prev);
		prev = cuts[i];
		if (prev < 304) {
			wait_buffered(&c, &c.srv, prev);
			assert_int_equal(c.srv.frames, 0);
		} else if (prev < 608) {
			wait_frames(&c, &c.srv, 1);
			wait_buffered(&c, &c.srv, prev - 304);
			assert_int_equal(c.srv.frames, 1);
		}
	}
	wait_frames(&c, &c.srv, 2);
	assert_int_equal(smb_tcp_buffered(c.srv.t), 0);
	assert_true(c.srv.pattern_ok);
	/* The peer stopping inside a frame breaks the framing. */
	raw_write(fd, buf, 10);
	wait_buffered(&c, &c.srv, 10);
	close(fd);
	wait_close(&c, &c.srv);
	assert_int_equal(c.srv.close_err, -EPROTO);
	assert_int_equal(c.srv.frames, 2);
	ctx_free(&c);
}

/* Frames longer than a read chunk: delivered whole when they arrive
 * back to back in one write, when cut anywhere, and with a small frame
 * behind them; the input buffer keeps the size they needed while they
 * keep coming and gives it back after SMB_TCP_SHRINK_AFTER small frames in
 * a row, or at once when max_frame goes down. */
static void test_large_frames_keep_buffer(void **state)
{
	(void)state;
	struct ctx c;
	const size_t big = 300 * 1024, small = 100;
	size_t nbig = 3, off = 0, k = 0;
	uint8_t *buf = malloc(nbig * (4 + big) + 4 + small);
	uint8_t sm[4 + 100];

	assert_non_null(buf);
	ctx_init(&c, SMB2_MAX_PDU);
	int fd = ctx_raw(&c);
	assert_int_equal(smb_tcp_in_capacity(c.srv.t), 0);
	for (; k < nbig; k++) {
		make_frame(buf + off, big, k);
		off += 4 + big;
	}
	make_frame(buf + off, small, k++);
	off += 4 + small;
	raw_write_pump(&c, fd, buf, off);
	wait_frames(&c, &c.srv, k);
	assert_true(c.srv.pattern_ok);
	for (size_t i = 0; i < nbig; i++)
		assert_int_equal(c.srv.lens[i], big);
	assert_int_equal(c.srv.lens[nbig], small);
	assert_int_equal(smb_tcp_buffered(c.srv.t), 0);
	assert_true(smb_tcp_in_capacity(c.srv.t) >= big + 4);
	assert_true(smb_tcp_in_capacity(c.srv.t) <= SMB2_MAX_PDU + 4);

	/* One large frame cut inside its header, inside its payload and one
	 * byte before its end, then its last byte together with the start of
	 * the next frame. */
	make_frame(buf, big, k);
	make_frame(buf + 4 + big, small, k + 1);
	static const size_t cuts[] = { 2, 70000, 4 + big - 1 };
	size_t prev = 0;
	for (size_t i = 0; i < sizeof(cuts) / sizeof(cuts[0]); i++) {
		raw_write_pump(&c, fd, buf + prev, cuts[i] - prev);
		prev = cuts[i];
		wait_buffered(&c, &c.srv, prev);
		assert_int_equal(c.srv.frames, k);
	}
	raw_write_pump(&c, fd, buf + prev, 4 + big + 10 - prev);
	wait_frames(&c, &c.srv, k + 1);
	wait_buffered(&c, &c.srv, 10);
	raw_write_pump(&c, fd, buf + 4 + big + 10, small - 6);
	k += 2;
	wait_frames(&c, &c.srv, k);
	assert_true(c.srv.pattern_ok);
	assert_int_equal(c.srv.lens[k - 2], big);
	assert_true(smb_tcp_in_capacity(c.srv.t) >= big + 4);

	/* Small frames: the buffer stays until SMB_TCP_SHRINK_AFTER in a row
	 * (the one above counts). */
	for (unsigned i = 1; i < SMB_TCP_SHRINK_AFTER; i++) {
		make_frame(sm, small, k);
		raw_write_pump(&c, fd, sm, sizeof(sm));
		wait_frames(&c, &c.srv, ++k);
		if (i + 1 < SMB_TCP_SHRINK_AFTER)
			assert_true(smb_tcp_in_capacity(c.srv.t) >= big + 4);
	}
	assert_true(c.srv.pattern_ok);
	assert_int_equal(smb_tcp_in_capacity(c.srv.t), SMB_TCP_READ_CHUNK);

	/* Grown again, then max_frame lowered: given back after the next
	 * frame. */
	make_frame(buf, big, k++);
	raw_write_pump(&c, fd, buf, 4 + big);
	wait_frames(&c, &c.srv, k);
	assert_true(smb_tcp_in_capacity(c.srv.t) >= big + 4);
	c.srv.t->max_frame = 1000;
	make_frame(sm, small, k++);
	raw_write_pump(&c, fd, sm, sizeof(sm));
	wait_frames(&c, &c.srv, k);
	assert_int_equal(smb_tcp_in_capacity(c.srv.t), SMB_TCP_READ_CHUNK);
	assert_true(c.srv.pattern_ok);
	assert_int_equal(c.srv.closes, 0);
	close(fd);
	wait_close(&c, &c.srv);
	assert_int_equal(c.srv.close_err, 0);
	free(buf);
	ctx_free(&c);
}

static void test_oversize_frame(void **state)
{
	(void)state;
	struct ctx c;
	uint8_t hdr[4];

	ctx_init(&c, 1000);
	int fd = ctx_raw(&c);
	uint8_t ok[4 + 1000];
	make_frame(ok, 1000, 0);
	raw_write(fd, ok, sizeof(ok));
	wait_frames(&c, &c.srv, 1);
	/* Only the header of a 1001-byte frame: it closes at once. */
	assert_int_equal(smb2_nbss_hdr_encode(hdr, SMB2_NBSS_SESSION_MESSAGE, 1001),
	                 STATUS_SUCCESS);
	raw_write(fd, hdr, sizeof(hdr));
	wait_close(&c, &c.srv);
	assert_int_equal(c.srv.close_err, -EPROTO);
	assert_int_equal(c.srv.frames, 1);
	/* And sends past the limit, or after the close, are refused. */
	assert_int_equal(send_pattern(c.srv.t, 10, 0), -ENOTCONN);
	close(fd);
	ctx_free(&c);
}

static void test_max_frame_changes(void **state)
{
	(void)state;
	struct ctx c;

	ctx_init(&c, SMB2_MAX_PDU_PRE_NEGOTIATE);
	ctx_connect(&c, SMB2_MAX_PDU_PRE_NEGOTIATE);
	assert_int_equal(send_pattern(c.cli.t, SMB2_MAX_PDU_PRE_NEGOTIATE + 1, 0), -EMSGSIZE);
	assert_int_equal(send_pattern(c.cli.t, 0, 0), -EINVAL);
	assert_int_equal(send_pattern(c.cli.t, SMB2_MAX_PDU_PRE_NEGOTIATE, 0), 0);
	wait_frames(&c, &c.srv, 1);
	/* After NEGOTIATE both ends raise the limit. */
	c.cli.t->max_frame = SMB2_MAX_PDU;
	c.srv.t->max_frame = SMB2_MAX_PDU;
	assert_int_equal(send_pattern(c.cli.t, 1024 * 1024, 1), 0);
	wait_frames(&c, &c.srv, 2);
	/* Lowered again: the next bigger frame closes the receiver. */
	c.srv.t->max_frame = 100;
	assert_int_equal(send_pattern(c.cli.t, 101, 2), 0);
	wait_close(&c, &c.srv);
	assert_int_equal(c.srv.close_err, -EPROTO);
	assert_true(c.srv.pattern_ok);
	ctx_free(&c);
}

static void test_bad_nbss_type(void **state)
{
	(void)state;
	/* A session request, a positive response, an unknown type, a
	 * keep-alive with a length, an empty session message. */
	static const uint8_t bad[][4] = {
		{ 0x81, 0, 0, 4 }, { 0x82, 0, 0, 0 }, { 0x42, 0, 0, 0 },
		{ 0x85, 0, 0, 1 }, { 0x00, 0, 0, 0 },
	};

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct ctx c;

		ctx_init(&c, SMB2_MAX_PDU_PRE_NEGOTIATE);
		int fd = ctx_raw(&c);
		raw_write(fd, bad[i], sizeof(bad[i]));
		raw_write(fd, "abcd", 4);
		wait_close(&c, &c.srv);
		assert_int_equal(c.srv.close_err, -EPROTO);
		assert_int_equal(c.srv.frames, 0);
		close(fd);
		ctx_free(&c);
	}
}

static void test_disconnect_and_peer_close(void **state)
{
	(void)state;
	struct ctx c;

	ctx_init(&c, SMB2_MAX_PDU_PRE_NEGOTIATE);
	ctx_connect(&c, SMB2_MAX_PDU_PRE_NEGOTIATE);
	assert_int_equal(send_pattern(c.cli.t, 100, 0), 0);
	wait_frames(&c, &c.srv, 1);
	smb_transport_disconnect(c.cli.t);
	/* on_close comes from the loop; sends are refused at once. */
	assert_int_equal(c.cli.closes, 0);
	assert_int_equal(send_pattern(c.cli.t, 10, 0), -ENOTCONN);
	smb_transport_disconnect(c.cli.t);
	wait_close(&c, &c.cli);
	assert_int_equal(c.cli.close_err, 0);
	wait_close(&c, &c.srv);
	assert_int_equal(c.srv.close_err, 0);
	tu_loop_drain(c.base);
	assert_int_equal(c.cli.closes, 1);
	assert_int_equal(c.srv.closes, 1);
	ctx_free(&c);
}

static void test_free_inside_on_frame(void **state)
{
	(void)state;
	struct ctx c;

	ctx_init(&c, SMB2_MAX_PDU_PRE_NEGOTIATE);
	ctx_connect(&c, SMB2_MAX_PDU_PRE_NEGOTIATE);
	c.srv.mode = MODE_FREE;
	for (size_t k = 0; k < 3; k++)
		assert_int_equal(send_pattern(c.cli.t, 50, k), 0);
	wait_frames(&c, &c.srv, 1);
	assert_null(c.srv.t);
	/* The client sees the connection go. */
	wait_close(&c, &c.cli);
	tu_loop_drain(c.base);
	assert_int_equal(c.srv.frames, 1);
	assert_int_equal(c.srv.closes, 0);
	ctx_free(&c);
}

static void test_disconnect_inside_on_frame(void **state)
{
	(void)state;
	struct ctx c;

	ctx_init(&c, SMB2_MAX_PDU_PRE_NEGOTIATE);
	ctx_connect(&c, SMB2_MAX_PDU_PRE_NEGOTIATE);
	c.srv.mode = MODE_DISCONNECT;
	for (size_t k = 0; k < 3; k++)
		assert_int_equal(send_pattern(c.cli.t, 50, k), 0);
	wait_close(&c, &c.srv);
	assert_int_equal(c.srv.close_err, 0);
	assert_int_equal(c.srv.frames, 1);
	wait_close(&c, &c.cli);
	ctx_free(&c);
}

/* Free from inside on_close, and from inside on_connected. */
static void free_on_close(void *arg, int err)
{
	struct end *e = arg;

	(void)err;
	e->closes++;
	smb_transport_free(e->t);
	e->t = NULL;
}

static void free_on_connected(void *arg)
{
	struct end *e = arg;

	e->connected++;
	smb_transport_free(e->t);
	e->t = NULL;
}

static void test_free_inside_other_callbacks(void **state)
{
	(void)state;
	struct ctx c;

	ctx_init(&c, SMB2_MAX_PDU_PRE_NEGOTIATE);
	struct smb_transport_cbs cbs = { on_frame, free_on_close, &c.cli };
	assert_int_equal(smb_tcp_connect(c.base, smb_tcp_listener_addr(c.l), &cbs, on_connected,
	                                 &c.cli.t), 0);
	assert_true(tu_loop_until(c.base, cond_connected, &c));
	smb_transport_disconnect(c.cli.t);
	wait_close(&c, &c.cli);
	assert_null(c.cli.t);
	wait_close(&c, &c.srv);
	smb_transport_free(c.srv.t);
	memset(&c.srv, 0, sizeof(c.srv));
	c.srv.pattern_ok = true;
	c.accepted = 0;

	struct smb_transport_cbs cbs2 = { on_frame, on_close, &c.cli };
	c.cli.connected = 0;
	c.cli.closes = 0;
	assert_int_equal(smb_tcp_connect(c.base, smb_tcp_listener_addr(c.l), &cbs2,
	                                 free_on_connected, &c.cli.t), 0);
	assert_true(tu_loop_until(c.base, cond_connected, &c));
	assert_null(c.cli.t);
	wait_close(&c, &c.srv);
	tu_loop_drain(c.base);
	assert_int_equal(c.cli.closes, 0);
	ctx_free(&c);
}

static void test_set_receiving(void **state)
{
	(void)state;
	struct ctx c;
	uint8_t buf[3 * (4 + 20)];

	ctx_init(&c, SMB2_MAX_PDU_PRE_NEGOTIATE);
	int fd = ctx_raw(&c);
	c.srv.mode = MODE_PAUSE_FIRST;
	for (size_t k = 0; k < 3; k++)
		make_frame(buf + k * 24, 20, k);
	raw_write(fd, buf, sizeof(buf));
	/* One read brings all three; delivery stops after the first. */
	wait_frames(&c, &c.srv, 1);
	wait_buffered(&c, &c.srv, 48);
	/* More arrives at the socket while paused: not read, not given. */
	uint8_t more[4 + 20];
	make_frame(more, 20, 3);
	raw_write(fd, more, sizeof(more));
	tu_loop_drain(c.base);
	assert_int_equal(c.srv.frames, 1);
	assert_int_equal(smb_tcp_buffered(c.srv.t), 48);
	/* Resumed: everything, in order, from the loop. */
	c.srv.mode = MODE_RECORD;
	c.srv.t->ops->set_receiving(c.srv.t, true);
	assert_int_equal(c.srv.frames, 1);
	wait_frames(&c, &c.srv, 4);
	assert_true(c.srv.pattern_ok);
	/* The peer's close is not seen while paused either. */
	c.srv.t->ops->set_receiving(c.srv.t, false);
	close(fd);
	tu_loop_drain(c.base);
	assert_int_equal(c.srv.closes, 0);
	c.srv.t->ops->set_receiving(c.srv.t, true);
	wait_close(&c, &c.srv);
	assert_int_equal(c.srv.close_err, 0);
	ctx_free(&c);
}

static void test_queue_bound(void **state)
{
	(void)state;
	struct ctx c;
	const size_t frame = 60000, bound = 256 * 1024;
	size_t sent = 0;
	int rc = 0;

	ctx_init(&c, SMB2_MAX_PDU_PRE_NEGOTIATE);
	ctx_connect(&c, SMB2_MAX_PDU_PRE_NEGOTIATE);
	c.srv.t->ops->set_receiving(c.srv.t, false);
	smb_tcp_set_sendq_max(c.cli.t, bound);
	/* The kernel's buffers fill first, then the queue, then -ENOBUFS. */
	for (size_t i = 0; i < 4000; i++) {
		rc = send_pattern(c.cli.t, frame, sent);
		if (rc)
			break;
		sent++;
		tu_loop_drain(c.base);
		assert_true(smb_tcp_queued(c.cli.t) <= bound);
	}
	assert_int_equal(rc, -ENOBUFS);
	assert_true(smb_tcp_queued(c.cli.t) > bound - frame - 4);
	/* Nothing was lost: once the server reads, every frame arrives. */
	c.srv.t->ops->set_receiving(c.srv.t, true);
	wait_frames(&c, &c.srv, sent);
	assert_true(c.srv.pattern_ok);
	assert_int_equal(smb_tcp_queued(c.cli.t), 0);
	ctx_free(&c);
}

static void test_connect_refused(void **state)
{
	(void)state;
	struct ctx c;
	char addr[SMB_ADDR_STRLEN];
	int rc;

	ctx_init(&c, SMB2_MAX_PDU_PRE_NEGOTIATE);
	strcpy(addr, smb_tcp_listener_addr(c.l));
	smb_tcp_listener_free(c.l);
	c.l = NULL;
	struct smb_transport_cbs cbs = { on_frame, on_close, &c.cli };
	assert_int_equal(smb_tcp_connect(c.base, addr, &cbs, on_connected, &c.cli.t), 0);
	/* Queued before the failure and dropped with it; or refused, when
	 * connect() failed at once (socket_wrapper does that). */
	rc = send_pattern(c.cli.t, 10, 0);
	assert_true(rc == 0 || rc == -ENOTCONN);
	assert_int_equal(c.cli.closes, 0);
	wait_close(&c, &c.cli);
	assert_true(c.cli.close_err < 0);
	assert_int_equal(c.cli.connected, 0);
	assert_int_equal(send_pattern(c.cli.t, 10, 0), -ENOTCONN);
	ctx_free(&c);

	/* Addresses that do not parse fail at once. */
	struct event_base *base = event_base_new();
	struct smb_transport *t = NULL;
	struct smb_tcp_listener *l = NULL;
	assert_int_equal(smb_tcp_connect(base, "127.0.0.1:0", &cbs, NULL, &t), -EINVAL);
	assert_int_equal(smb_tcp_connect(base, "::1:445", &cbs, NULL, &t), -EINVAL);
	assert_int_equal(smb_tcp_listen(base, "127.0.0.1:99999", accept_cb, NULL, &l), -EINVAL);
	assert_null(t);
	assert_null(l);
	event_base_free(base);
}

static void test_ipv6(void **state)
{
	(void)state;
	const char *a6 = getenv("SMBSIM_TEST_ADDR6");
	struct ctx c;
	int rc;

	memset(&c, 0, sizeof(c));
	c.srv.pattern_ok = c.cli.pattern_ok = true;
	c.srv_max_frame = SMB2_MAX_PDU_PRE_NEGOTIATE;
	c.base = event_base_new();
	rc = smb_tcp_listen(c.base, a6 && *a6 ? a6 : "[::1]:0", accept_cb, &c, &c.l);
	if (rc == -EADDRNOTAVAIL || rc == -EAFNOSUPPORT) {
		/* No IPv6 loopback on this machine. */
		event_base_free(c.base);
		skip();
	}
	assert_int_equal(rc, 0);
	assert_true(smb_tcp_listener_addr(c.l)[0] == '[');
	ctx_connect(&c, SMB2_MAX_PDU_PRE_NEGOTIATE);
	c.srv.mode = MODE_ECHO;
	assert_int_equal(send_pattern(c.cli.t, 1000, 0), 0);
	wait_frames(&c, &c.cli, 1);
	assert_true(c.cli.pattern_ok);
	assert_string_equal(c.srv.t->peer_addr, c.cli.t->local_addr);
	ctx_free(&c);
}

/* Random bytes from a raw socket: the transport closes cleanly (or
 * delivers what happened to frame correctly), never crashes or hangs. */
static void test_garbage(void **state)
{
	(void)state;
	uint32_t x = 0x12345678u;

	for (int round = 0; round < 40; round++) {
		struct ctx c;
		uint8_t junk[4096];

		ctx_init(&c, round % 2 ? SMB2_MAX_PDU : 512);
		int fd = ctx_raw(&c);
		for (size_t i = 0; i < sizeof(junk); i++) {
			x ^= x << 13;
			x ^= x >> 17;
			x ^= x << 5;
			junk[i] = (uint8_t)x;
		}
		/* Some rounds start like a real frame header. */
		if (round % 4 == 0) {
			junk[0] = 0;
			junk[1] = 0;
		}
		raw_write(fd, junk, sizeof(junk) / (1 + (size_t)round % 3));
		close(fd);
		wait_close(&c, &c.srv);
		assert_true(c.srv.close_err == 0 || c.srv.close_err == -EPROTO ||
		            c.srv.close_err == -ECONNRESET);
		ctx_free(&c);
	}
}

static void test_addr_parse(void **state)
{
	(void)state;
	struct sockaddr_storage ss;
	socklen_t len;
	char out[SMB_ADDR_STRLEN];

	assert_int_equal(smb_addr_parse("127.0.0.10:445", false, &ss, &len), 0);
	smb_addr_format((struct sockaddr *)&ss, len, out, sizeof(out));
	assert_string_equal(out, "127.0.0.10:445");
	assert_int_equal(smb_addr_parse("10.1.2.3", false, &ss, &len), 0);
	smb_addr_format((struct sockaddr *)&ss, len, out, sizeof(out));
	assert_string_equal(out, "10.1.2.3:445");
	assert_int_equal(smb_addr_parse("[::1]:8445", false, &ss, &len), 0);
	smb_addr_format((struct sockaddr *)&ss, len, out, sizeof(out));
	assert_string_equal(out, "[::1]:8445");
	assert_int_equal(smb_addr_parse("[fd00::5357:5f0a]", false, &ss, &len), 0);
	smb_addr_format((struct sockaddr *)&ss, len, out, sizeof(out));
	assert_string_equal(out, "[fd00::5357:5f0a]:445");
	assert_int_equal(smb_addr_parse("0.0.0.0:0", true, &ss, &len), 0);

	static const char *const bad[] = {
		"", ":445", "1.2.3.4:", "1.2.3.4:x", "1.2.3.4:65536", "1.2.3.4:-1",
		"1.2.3.4:0", "::1", "[::1", "[::1]x", "[::1]:", "[1.2.3.4]:445",
		"[not-an-address]:1", "1.2.3.4:445:1", "1.2.3.4: 445",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		memset(&ss, 0xAA, sizeof(ss));
		assert_int_equal(smb_addr_parse(bad[i], false, &ss, &len), -EINVAL);
		assert_int_equal(((uint8_t *)&ss)[0], 0xAA);
	}
	assert_int_equal(smb_addr_parse(NULL, false, &ss, &len), -EINVAL);
	struct sockaddr un = { .sa_family = AF_UNIX };
	smb_addr_format(&un, sizeof(un), out, sizeof(out));
	assert_string_equal(out, "?");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_addr_parse),
		cmocka_unit_test(test_frames_both_ways),
		cmocka_unit_test(test_many_frames_one_write),
		cmocka_unit_test(test_split_frames),
		cmocka_unit_test(test_large_frames_keep_buffer),
		cmocka_unit_test(test_oversize_frame),
		cmocka_unit_test(test_max_frame_changes),
		cmocka_unit_test(test_bad_nbss_type),
		cmocka_unit_test(test_disconnect_and_peer_close),
		cmocka_unit_test(test_free_inside_on_frame),
		cmocka_unit_test(test_disconnect_inside_on_frame),
		cmocka_unit_test(test_free_inside_other_callbacks),
		cmocka_unit_test(test_set_receiving),
		cmocka_unit_test(test_queue_bound),
		cmocka_unit_test(test_connect_refused),
		cmocka_unit_test(test_ipv6),
		cmocka_unit_test(test_garbage),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
