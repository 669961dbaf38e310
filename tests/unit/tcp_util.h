/*
 * Helpers for the Direct TCP transport tests (test_tcp_frames.c,
 * test_tcp_conn.c): a listener and its accepted transport on one
 * event_base, a client transport or a raw blocking socket connected to
 * it, patterned frames, and waits on frames, closes and buffered bytes.
 *
 * The listen address is $SMBSIM_TEST_ADDR (default 127.0.0.1:0), so that
 * tests/scripts/check_tcp_socket_wrapper.sh can run the tests under
 * socket_wrapper.
 */
#ifndef SMBSIM_TEST_TCP_UTIL_H
#define SMBSIM_TEST_TCP_UTIL_H

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

static inline uint8_t pat(size_t i, size_t seed)
{
	return (uint8_t)(i * 31u + seed * 7u + (i >> 8));
}

static inline void fill(uint8_t *p, size_t len, size_t seed)
{
	for (size_t i = 0; i < len; i++)
		p[i] = pat(i, seed);
}

static inline void on_frame(void *arg, const uint8_t *frame, size_t len)
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

static inline void on_close(void *arg, int err)
{
	struct end *e = arg;

	e->closes++;
	e->close_err = err;
}

static inline void on_connected(void *arg)
{
	struct end *e = arg;

	e->connected++;
}

static inline void accept_cb(void *arg, struct smb_transport *t)
{
	struct ctx *c = arg;
	struct smb_transport_cbs cbs = { on_frame, on_close, &c->srv };

	assert_null(c->srv.t);
	c->accepted++;
	c->srv.t = t;
	t->max_frame = c->srv_max_frame;
	smb_transport_set_cbs(t, &cbs);
}

static inline const char *test_addr(void)
{
	const char *a = getenv("SMBSIM_TEST_ADDR");

	return a && *a ? a : "127.0.0.1:0";
}

static inline void ctx_init(struct ctx *c, size_t srv_max_frame)
{
	memset(c, 0, sizeof(*c));
	c->srv.pattern_ok = c->cli.pattern_ok = true;
	c->srv_max_frame = srv_max_frame;
	c->base = event_base_new();
	assert_non_null(c->base);
	assert_int_equal(smb_tcp_listen(c->base, test_addr(), accept_cb, c, &c->l), 0);
	assert_int_not_equal(smb_tcp_listener_port(c->l), 0);
}

static inline void ctx_free(struct ctx *c)
{
	smb_transport_free(c->srv.t);
	smb_transport_free(c->cli.t);
	smb_tcp_listener_free(c->l);
	event_base_free(c->base);
}

static inline bool cond_accepted(void *arg)
{
	return ((struct ctx *)arg)->accepted > 0;
}

static inline bool cond_connected(void *arg)
{
	struct ctx *c = arg;

	return c->accepted > 0 && c->cli.connected > 0;
}

/* A client transport connected to the listener. */
static inline void ctx_connect(struct ctx *c, size_t cli_max_frame)
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
static inline int ctx_raw(struct ctx *c)
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

static inline void raw_write(int fd, const void *p, size_t len)
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
static inline void raw_write_pump(struct ctx *c, int fd, const void *p, size_t len)
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
static inline void make_frame(uint8_t *out, size_t len, size_t seed)
{
	assert_int_equal(smb2_nbss_hdr_encode(out, SMB2_NBSS_SESSION_MESSAGE, (uint32_t)len),
	                 STATUS_SUCCESS);
	fill(out + 4, len, seed);
}

static inline int send_pattern(struct smb_transport *t, size_t len, size_t seed)
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

static inline bool cond_frames(void *arg)
{
	struct want *w = arg;

	return w->e->frames >= w->frames;
}

static inline bool cond_closes(void *arg)
{
	struct want *w = arg;

	return w->e->closes >= w->closes;
}

static inline bool cond_buffered(void *arg)
{
	struct want *w = arg;

	return w->e->t && smb_tcp_buffered(w->e->t) == w->buffered;
}

static inline void wait_frames(struct ctx *c, struct end *e, size_t n)
{
	struct want w = { .e = e, .frames = n };

	assert_true(tu_loop_until(c->base, cond_frames, &w));
}

static inline void wait_close(struct ctx *c, struct end *e)
{
	struct want w = { .e = e, .closes = 1 };

	assert_true(tu_loop_until(c->base, cond_closes, &w));
	assert_int_equal(e->closes, 1);
}

static inline void wait_buffered(struct ctx *c, struct end *e, size_t n)
{
	struct want w = { .e = e, .buffered = n };

	assert_true(tu_loop_until(c->base, cond_buffered, &w));
}

#endif
