/*
 * Direct TCP transport: one connection (tcp.h).
 *
 * Three libevent events per connection: `rev` (readable, added only while
 * receiving), `wev` (writable, added while connecting or while bytes are
 * queued) and `work` (no fd, made active by hand) that delivers what must
 * not be delivered from inside an API call: on_connected, frames left in
 * the buffer when receiving resumes, and on_close.  `depth` counts the
 * callbacks running on the connection; free() inside one only marks it,
 * and the outermost callback destroys it on the way out.  The input buffer
 * is freed only by destroy(), so a frame handed to on_frame stays valid
 * even if on_frame disconnects.
 */
#include <errno.h>
#include <event2/event.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "net/addr.h"
#include "net/netutil.h"
#include "net/tcp.h"
#include "wire/limits.h"
#include "wire/nbss.h"

/* iovecs handed to one sendmsg(): the header plus the caller's, or queued
 * chunks.  A send() with more goes through the queue. */
#define TCP_MAX_IOV 64
/* read() calls per readable event before the loop gives other
 * connections their turn (a large frame is usually whole within a few). */
#define TCP_READS_PER_EVENT 16

struct out_chunk {
	struct out_chunk *next;
	size_t len, off;
	uint8_t data[];
};

struct tcp_conn {
	struct smb_transport t;     /* first: the vtable user's view */
	int fd;
	struct event *rev, *wev, *work;
	bool rev_added, wev_added;
	uint8_t *in;
	size_t in_len, in_cap;
	struct out_chunk *oh, *ot;
	unsigned small_frames;      /* frames in a row that fitted one chunk */
	size_t out_bytes;
	size_t sendq_max;
	void (*on_connected)(void *arg);
	void *connected_arg;        /* cbs->arg as given to connect */
	bool connecting;
	bool connected_pending;     /* on_connected still to call */
	bool receiving;
	bool closed;                /* socket gone; on_close pending or fired */
	bool close_pending;
	int close_err;
	bool close_fired;
	bool freed;
	int depth;
};

static struct tcp_conn *conn_of(struct smb_transport *t)
{
	return (struct tcp_conn *)t;
}

static void out_clear(struct tcp_conn *c)
{
	struct out_chunk *o = c->oh;

	while (o) {
		struct out_chunk *next = o->next;
		free(o);
		o = next;
	}
	c->oh = c->ot = NULL;
	c->out_bytes = 0;
}

static void set_ev(struct event *ev, bool *added, bool want)
{
	if (want && !*added) {
		if (event_add(ev, NULL) == 0)
			*added = true;
	} else if (!want && *added) {
		event_del(ev);
		*added = false;
	}
}

static void update_events(struct tcp_conn *c)
{
	bool live = !c->closed && !c->freed;

	/* No frame before on_connected. */
	set_ev(c->rev, &c->rev_added,
	       live && !c->connecting && !c->connected_pending && c->receiving);
	set_ev(c->wev, &c->wev_added, live && (c->connecting || c->oh));
}

static void kick(struct tcp_conn *c)
{
	event_active(c->work, EV_READ, 0);
}

/* Close the socket now; on_close(err) follows from the loop. */
static void close_conn(struct tcp_conn *c, int err)
{
	if (c->closed)
		return;
	c->closed = true;
	update_events(c);
	if (c->fd >= 0)
		close(c->fd);
	c->fd = -1;
	out_clear(c);
	c->close_pending = true;
	c->close_err = err;
	kick(c);
}

static void destroy(struct tcp_conn *c)
{
	if (c->fd >= 0)
		close(c->fd);
	out_clear(c);
	event_free(c->rev);
	event_free(c->wev);
	event_free(c->work);
	free(c->in);
	free(c);
}

static void enter(struct tcp_conn *c)
{
	c->depth++;
}

static void leave(struct tcp_conn *c)
{
	if (--c->depth == 0 && c->freed)
		destroy(c);
}

static uint32_t frame_limit(const struct tcp_conn *c)
{
	return c->t.max_frame > SMB2_NBSS_MAX_LEN ? SMB2_NBSS_MAX_LEN : (uint32_t)c->t.max_frame;
}

/* Largest buffer the limits allow (tcp.h). */
static size_t in_bound(const struct tcp_conn *c)
{
	size_t b = (size_t)frame_limit(c) + SMB2_NBSS_HDR_SIZE;

	return b > SMB_TCP_READ_CHUNK ? b : SMB_TCP_READ_CHUNK;
}

/* Give back what large frames needed once SMB_TCP_SHRINK_AFTER frames in a
 * row fitted one chunk, or when max_frame went down: a connection moving
 * 1 MiB READs or WRITEs keeps its buffer instead of reallocating (and
 * faulting in) a megabyte per frame. */
static void maybe_shrink(struct tcp_conn *c)
{
	uint8_t *p;

	if (c->in_cap <= SMB_TCP_READ_CHUNK || c->in_len > SMB_TCP_READ_CHUNK)
		return;
	if (c->small_frames < SMB_TCP_SHRINK_AFTER && c->in_cap <= in_bound(c))
		return;
	p = realloc(c->in, SMB_TCP_READ_CHUNK);
	if (p) {
		c->in = p;
		c->in_cap = SMB_TCP_READ_CHUNK;
	}
}

/* Deliver every whole frame in the buffer while allowed, then move what
 * is left to the front. */
static void process_input(struct tcp_conn *c)
{
	size_t off = 0;

	if (c->in_len == 0)
		return;
	while (!c->freed && !c->closed && c->receiving) {
		struct smb2_nbss_result r;
		enum smb2_nbss_verdict v =
			smb2_nbss_decode(c->in + off, c->in_len - off, frame_limit(c), &r);

		if (v == SMB2_NBSS_NEED_MORE)
			break;
		if (v == SMB2_NBSS_ERROR) {
			close_conn(c, -EPROTO);
			break;
		}
		off += r.frame_len;
		if (r.frame_len > SMB_TCP_READ_CHUNK)
			c->small_frames = 0;
		else if (c->small_frames < SMB_TCP_SHRINK_AFTER)
			c->small_frames++;
		if (r.type == SMB2_NBSS_KEEP_ALIVE)
			continue;
		if (r.type != SMB2_NBSS_SESSION_MESSAGE) {
			/* MS-SMB2 2.1: Direct TCP carries session messages. */
			close_conn(c, -EPROTO);
			break;
		}
		if (c->t.cbs.on_frame)
			c->t.cbs.on_frame(c->t.cbs.arg, r.payload.p, r.payload.len);
	}
	if (c->freed || c->closed || off == 0)
		return;
	memmove(c->in, c->in + off, c->in_len - off);
	c->in_len -= off;
	maybe_shrink(c);
}

static void fire_close(struct tcp_conn *c)
{
	c->close_pending = false;
	if (c->close_fired)
		return;
	c->close_fired = true;
	if (c->t.cbs.on_close)
		c->t.cbs.on_close(c->t.cbs.arg, c->close_err);
}

static void work_cb(evutil_socket_t fd, short what, void *arg)
{
	struct tcp_conn *c = arg;

	(void)fd;
	(void)what;
	enter(c);
	if (!c->freed && !c->closed && c->connected_pending) {
		c->connected_pending = false;
		if (c->on_connected)
			c->on_connected(c->connected_arg);
		if (!c->freed && !c->closed)
			update_events(c);
	}
	if (!c->freed && !c->closed)
		process_input(c);
	if (!c->freed && c->close_pending)
		fire_close(c);
	leave(c);
}

/* Make room for `more` bytes after what is buffered: 0, or -ENOMEM. */
static int in_reserve(struct tcp_conn *c, size_t more)
{
	uint8_t *p;

	if (c->in_len + more <= c->in_cap)
		return 0;
	p = realloc(c->in, c->in_len + more);
	if (!p)
		return -ENOMEM;
	c->in = p;
	c->in_cap = c->in_len + more;
	return 0;
}

static void read_cb(evutil_socket_t fd, short what, void *arg)
{
	struct tcp_conn *c = arg;

	(void)fd;
	(void)what;
	enter(c);
	process_input(c);
	for (int i = 0; i < TCP_READS_PER_EVENT; i++) {
		struct smb2_nbss_result r;
		size_t want;
		ssize_t n;

		if (c->freed || c->closed || !c->receiving)
			break;
		/* What is buffered now is a partial frame (process_input
		 * delivered the whole ones).  The rest of a large frame is read
		 * straight to its place and no further, so nothing is left to
		 * move once it is delivered; small frames are read a chunk at a
		 * time, several per read(). */
		if (c->in_len >= SMB2_NBSS_HDR_SIZE &&
		    smb2_nbss_decode(c->in, c->in_len, frame_limit(c), &r) == SMB2_NBSS_NEED_MORE &&
		    c->in_len + r.need > SMB_TCP_READ_CHUNK)
			want = r.need;
		else
			want = c->in_len < SMB_TCP_READ_CHUNK ? SMB_TCP_READ_CHUNK - c->in_len : 1;
		if (in_reserve(c, want)) {
			close_conn(c, -ENOMEM);
			break;
		}
		n = read(c->fd, c->in + c->in_len, want);
		if (n > 0) {
			c->in_len += (size_t)n;
			process_input(c);
			if ((size_t)n < want)
				break;      /* the socket is drained */
		} else if (n == 0) {
			/* A peer that stops inside a frame broke the framing. */
			close_conn(c, c->in_len ? -EPROTO : 0);
			break;
		} else {
			if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)
				close_conn(c, -errno);
			break;
		}
	}
	leave(c);
}

/* Write queued chunks until the kernel stops taking them: 0, or -errno. */
static int flush_out(struct tcp_conn *c)
{
	while (c->oh) {
		struct iovec iov[TCP_MAX_IOV];
		struct msghdr msg;
		int cnt = 0;
		ssize_t n;

		for (struct out_chunk *o = c->oh; o && cnt < TCP_MAX_IOV; o = o->next) {
			iov[cnt].iov_base = o->data + o->off;
			iov[cnt].iov_len = o->len - o->off;
			cnt++;
		}
		memset(&msg, 0, sizeof(msg));
		msg.msg_iov = iov;
		msg.msg_iovlen = (size_t)cnt;
		n = sendmsg(c->fd, &msg, MSG_NOSIGNAL | MSG_DONTWAIT);
		if (n < 0) {
			if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)
				return 0;
			return -errno;
		}
		c->out_bytes -= (size_t)n;
		while (n > 0) {
			struct out_chunk *o = c->oh;
			size_t left = o->len - o->off;

			if ((size_t)n < left) {
				o->off += (size_t)n;
				break;
			}
			n -= (ssize_t)left;
			c->oh = o->next;
			if (!c->oh)
				c->ot = NULL;
			free(o);
		}
	}
	return 0;
}

static void connected(struct tcp_conn *c)
{
	c->connecting = false;
	smb_addr_of_fd(c->fd, false, c->t.local_addr, sizeof(c->t.local_addr));
	smb_addr_of_fd(c->fd, true, c->t.peer_addr, sizeof(c->t.peer_addr));
}

static void write_cb(evutil_socket_t fd, short what, void *arg)
{
	struct tcp_conn *c = arg;
	int rc;

	(void)fd;
	(void)what;
	enter(c);
	if (c->closed || c->freed)
		goto out;
	if (c->connecting) {
		int err = 0;
		socklen_t len = sizeof(err);

		if (getsockopt(c->fd, SOL_SOCKET, SO_ERROR, &err, &len) != 0)
			err = errno;
		if (err) {
			close_conn(c, -err);
			goto out;
		}
		connected(c);
		update_events(c);
		if (c->on_connected)
			c->on_connected(c->connected_arg);
		if (c->closed || c->freed)
			goto out;
	}
	rc = flush_out(c);
	if (rc)
		close_conn(c, rc);
	else
		update_events(c);
out:
	leave(c);
}

/* Copy hdr+iov into dst, skipping the first `skip` bytes. */
static void gather_from(uint8_t *dst, const uint8_t *hdr, const struct iovec *iov, int iovcnt,
                        size_t skip)
{
	if (skip < SMB2_NBSS_HDR_SIZE) {
		memcpy(dst, hdr + skip, SMB2_NBSS_HDR_SIZE - skip);
		dst += SMB2_NBSS_HDR_SIZE - skip;
		skip = 0;
	} else {
		skip -= SMB2_NBSS_HDR_SIZE;
	}
	for (int i = 0; i < iovcnt; i++) {
		size_t l = iov[i].iov_len;

		if (skip >= l) {
			skip -= l;
			continue;
		}
		memcpy(dst, (const uint8_t *)iov[i].iov_base + skip, l - skip);
		dst += l - skip;
		skip = 0;
	}
}

static int tcp_send(struct smb_transport *t, const struct iovec *iov, int iovcnt)
{
	struct tcp_conn *c = conn_of(t);
	uint8_t hdr[SMB2_NBSS_HDR_SIZE];
	struct out_chunk *o;
	size_t len, total, sent = 0;
	int rc;

	if (c->closed || c->freed)
		return -ENOTCONN;
	rc = smb_iov_total(iov, iovcnt, &len);
	if (rc)
		return rc;
	if (len == 0)
		return -EINVAL;
	if (len > t->max_frame || len > SMB2_NBSS_MAX_LEN)
		return -EMSGSIZE;
	total = len + SMB2_NBSS_HDR_SIZE;
	if (total > c->sendq_max || c->out_bytes > c->sendq_max - total)
		return -ENOBUFS;
	if (smb2_nbss_hdr_encode(hdr, SMB2_NBSS_SESSION_MESSAGE, (uint32_t)len) != STATUS_SUCCESS)
		return -EMSGSIZE;

	if (!c->connecting && !c->oh && iovcnt < TCP_MAX_IOV) {
		struct iovec v[TCP_MAX_IOV];
		struct msghdr msg;
		ssize_t n;

		v[0].iov_base = hdr;
		v[0].iov_len = sizeof(hdr);
		for (int i = 0; i < iovcnt; i++)
			v[i + 1] = iov[i];
		memset(&msg, 0, sizeof(msg));
		msg.msg_iov = v;
		msg.msg_iovlen = (size_t)iovcnt + 1;
		n = sendmsg(c->fd, &msg, MSG_NOSIGNAL | MSG_DONTWAIT);
		if (n < 0) {
			if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) {
				close_conn(c, -errno);
				return 0;
			}
			n = 0;
		}
		sent = (size_t)n;
		if (sent == total)
			return 0;
	}
	o = malloc(sizeof(*o) + (total - sent));
	if (!o) {
		/* Half a frame on the wire cannot be taken back. */
		if (sent)
			close_conn(c, -ENOMEM);
		return -ENOMEM;
	}
	o->next = NULL;
	o->len = total - sent;
	o->off = 0;
	gather_from(o->data, hdr, iov, iovcnt, sent);
	if (c->ot)
		c->ot->next = o;
	else
		c->oh = o;
	c->ot = o;
	c->out_bytes += o->len;
	update_events(c);
	return 0;
}

static void tcp_disconnect(struct smb_transport *t)
{
	close_conn(conn_of(t), 0);
}

static void tcp_free(struct smb_transport *t)
{
	struct tcp_conn *c = conn_of(t);

	if (c->freed)
		return;
	c->freed = true;
	update_events(c);
	event_del(c->work);
	if (c->depth == 0)
		destroy(c);
}

static void tcp_set_receiving(struct smb_transport *t, bool on)
{
	struct tcp_conn *c = conn_of(t);

	c->receiving = on;
	if (c->closed || c->freed)
		return;
	update_events(c);
	if (on && c->in_len)
		kick(c);
}

static const struct smb_transport_ops tcp_ops = {
	.name = "tcp",
	.send = tcp_send,
	.disconnect = tcp_disconnect,
	.free = tcp_free,
	.set_receiving = tcp_set_receiving,
};

static struct tcp_conn *conn_new(struct event_base *base, int fd)
{
	struct tcp_conn *c = calloc(1, sizeof(*c));

	if (!c)
		return NULL;
	c->fd = fd;
	c->rev = event_new(base, fd, EV_READ | EV_PERSIST, read_cb, c);
	c->wev = event_new(base, fd, EV_WRITE | EV_PERSIST, write_cb, c);
	c->work = event_new(base, -1, 0, work_cb, c);
	if (!c->rev || !c->wev || !c->work) {
		if (c->rev)
			event_free(c->rev);
		if (c->wev)
			event_free(c->wev);
		if (c->work)
			event_free(c->work);
		free(c);
		return NULL;
	}
	c->t.ops = &tcp_ops;
	c->t.base = base;
	c->t.max_frame = SMB2_MAX_PDU_PRE_NEGOTIATE;
	c->sendq_max = SMB_NET_SENDQ_MAX;
	c->receiving = true;
	return c;
}

static void tune_socket(int fd)
{
	int one = 1;

	/* Requests and responses are small and latency bound.  Failure (not
	 * a TCP socket) is harmless. */
	(void)setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
}

int smb_tcp_from_fd(struct event_base *base, int fd, struct smb_transport **out)
{
	struct tcp_conn *c;
	int fl = fcntl(fd, F_GETFL);

	if (fl < 0 || fcntl(fd, F_SETFL, fl | O_NONBLOCK) < 0)
		return -errno;
	c = conn_new(base, fd);
	if (!c)
		return -ENOMEM;
	tune_socket(fd);
	connected(c);
	update_events(c);
	*out = &c->t;
	return 0;
}

int smb_tcp_connect(struct event_base *base, const char *addr,
                    const struct smb_transport_cbs *cbs,
                    void (*on_connected)(void *arg), struct smb_transport **out)
{
	struct sockaddr_storage ss;
	socklen_t sslen;
	struct tcp_conn *c;
	int fd, rc;

	rc = smb_addr_parse(addr, false, &ss, &sslen);
	if (rc)
		return rc;
	fd = socket(ss.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	c = conn_new(base, fd);
	if (!c) {
		close(fd);
		return -ENOMEM;
	}
	if (cbs) {
		c->t.cbs = *cbs;
		c->connected_arg = cbs->arg;
	}
	c->on_connected = on_connected;
	tune_socket(fd);
	smb_addr_format((const struct sockaddr *)&ss, sslen, c->t.peer_addr,
	                sizeof(c->t.peer_addr));
	if (connect(fd, (const struct sockaddr *)&ss, sslen) == 0) {
		/* Possible on loopback and under socket_wrapper: still
		 * announced from the loop. */
		connected(c);
		c->connected_pending = true;
		kick(c);
	} else if (errno == EINPROGRESS || errno == EINTR) {
		c->connecting = true;
	} else {
		close_conn(c, -errno);
	}
	update_events(c);
	*out = &c->t;
	return 0;
}

void smb_tcp_set_sendq_max(struct smb_transport *t, size_t max)
{
	conn_of(t)->sendq_max = max;
}

size_t smb_tcp_queued(const struct smb_transport *t)
{
	return ((const struct tcp_conn *)t)->out_bytes;
}

size_t smb_tcp_buffered(const struct smb_transport *t)
{
	const struct tcp_conn *c = (const struct tcp_conn *)t;

	return c->closed ? 0 : c->in_len;
}

size_t smb_tcp_in_capacity(const struct smb_transport *t)
{
	return ((const struct tcp_conn *)t)->in_cap;
}
