/*
 * The in-memory transport pair (mem.h).
 *
 * Each endpoint owns an inbox: the frames its peer sent that it has not
 * delivered yet, and a libevent event with no fd that is made active
 * whenever there is something to deliver.  Delivery runs only from that
 * event, so send() never calls back.  A depth counter around every
 * callback makes free() from inside a callback safe: the endpoint is
 * marked and destroyed when the outermost callback returns.
 */
#include <errno.h>
#include <event2/event.h>
#include <stdio.h>
#include <stdlib.h>

#include "net/mem.h"
#include "net/netutil.h"
#include "wire/limits.h"

struct mem_frame {
	struct mem_frame *next;
	size_t len;
	uint8_t data[];
};

struct mem_ep {
	struct smb_transport t;         /* first: the vtable user's view */
	struct mem_ep *peer;            /* NULL once either end has gone */
	struct event *ev;
	struct mem_frame *head, *tail;  /* frames from the peer, undelivered */
	size_t inbox_bytes;
	size_t sendq_max;
	bool receiving;
	bool closed;          /* no more sends; on_close pending or fired */
	bool close_pending;   /* our own close: delivered whatever receiving says */
	int close_err;
	bool peer_gone;       /* peer closed: on_close(peer_err) after the inbox */
	int peer_err;
	bool close_fired;
	bool freed;
	int depth;            /* callbacks running on this endpoint */
};

static struct mem_ep *ep_of(struct smb_transport *t)
{
	return (struct mem_ep *)t;
}

static void inbox_clear(struct mem_ep *ep)
{
	struct mem_frame *f = ep->head;

	while (f) {
		struct mem_frame *next = f->next;
		free(f);
		f = next;
	}
	ep->head = ep->tail = NULL;
	ep->inbox_bytes = 0;
}

static bool has_work(const struct mem_ep *ep)
{
	if (ep->freed || ep->close_fired)
		return false;
	if (ep->close_pending)
		return true;
	return ep->receiving && (ep->head || ep->peer_gone);
}

static void schedule(struct mem_ep *ep)
{
	/* Inside a callback the endpoint reschedules itself on the way out. */
	if (ep->depth == 0 && has_work(ep))
		event_active(ep->ev, EV_READ, 0);
}

/* Close this end: its inbox is discarded, its on_close(err) is queued, and
 * the peer learns (after its inbox) with on_close(peer_err). */
static void close_self(struct mem_ep *ep, int err, int peer_err)
{
	struct mem_ep *peer = ep->peer;

	if (ep->closed)
		return;
	ep->closed = true;
	ep->close_pending = true;
	ep->close_err = err;
	inbox_clear(ep);
	ep->peer = NULL;
	if (peer) {
		peer->peer = NULL;
		peer->peer_gone = true;
		peer->peer_err = peer_err;
		schedule(peer);
	}
	schedule(ep);
}

static void fire_close(struct mem_ep *ep, int err)
{
	ep->close_pending = false;
	if (ep->close_fired)
		return;
	ep->close_fired = true;
	if (ep->t.cbs.on_close)
		ep->t.cbs.on_close(ep->t.cbs.arg, err);
}

static void destroy(struct mem_ep *ep)
{
	inbox_clear(ep);
	event_free(ep->ev);
	free(ep);
}

static void deliver_cb(evutil_socket_t fd, short what, void *arg)
{
	struct mem_ep *ep = arg;
	size_t budget = 0;

	(void)fd;
	(void)what;
	ep->depth++;
	/* Deliver at most what is here now, so that a callback which keeps
	 * answering cannot hold the loop forever. */
	for (struct mem_frame *f = ep->head; f; f = f->next)
		budget++;
	while (budget-- > 0 && !ep->freed && !ep->closed && ep->receiving && ep->head) {
		struct mem_frame *f = ep->head;

		ep->head = f->next;
		if (!ep->head)
			ep->tail = NULL;
		ep->inbox_bytes -= f->len;
		if (f->len > ep->t.max_frame) {
			free(f);
			close_self(ep, -EPROTO, -ECONNRESET);
			break;
		}
		if (ep->t.cbs.on_frame)
			ep->t.cbs.on_frame(ep->t.cbs.arg, f->data, f->len);
		free(f);
	}
	if (!ep->freed && !ep->closed && ep->receiving && !ep->head && ep->peer_gone) {
		ep->closed = true;
		fire_close(ep, ep->peer_err);
	}
	if (!ep->freed && ep->close_pending)
		fire_close(ep, ep->close_err);
	ep->depth--;
	if (ep->depth == 0) {
		if (ep->freed)
			destroy(ep);
		else
			schedule(ep);
	}
}

static int mem_send(struct smb_transport *t, const struct iovec *iov, int iovcnt)
{
	struct mem_ep *ep = ep_of(t);
	struct mem_ep *peer = ep->peer;
	struct mem_frame *f;
	size_t len;
	int rc;

	if (ep->closed || ep->freed)
		return -ENOTCONN;
	rc = smb_iov_total(iov, iovcnt, &len);
	if (rc)
		return rc;
	if (len == 0)
		return -EINVAL;
	if (len > t->max_frame || len > SMB2_NBSS_MAX_LEN)
		return -EMSGSIZE;
	if (!peer)
		return 0;
	if (len > ep->sendq_max || peer->inbox_bytes > ep->sendq_max - len)
		return -ENOBUFS;
	f = malloc(sizeof(*f) + len);
	if (!f)
		return -ENOMEM;
	f->next = NULL;
	f->len = len;
	smb_iov_gather(f->data, iov, iovcnt);
	if (peer->tail)
		peer->tail->next = f;
	else
		peer->head = f;
	peer->tail = f;
	peer->inbox_bytes += len;
	schedule(peer);
	return 0;
}

static void mem_disconnect(struct smb_transport *t)
{
	close_self(ep_of(t), 0, 0);
}

static void mem_free(struct smb_transport *t)
{
	struct mem_ep *ep = ep_of(t);

	if (ep->freed)
		return;
	close_self(ep, 0, 0);
	ep->freed = true;
	if (ep->depth == 0)
		destroy(ep);
}

static void mem_set_receiving(struct smb_transport *t, bool on)
{
	struct mem_ep *ep = ep_of(t);

	ep->receiving = on;
	if (on)
		schedule(ep);
}

static const struct smb_transport_ops mem_ops = {
	.name = "mem",
	.send = mem_send,
	.disconnect = mem_disconnect,
	.free = mem_free,
	.set_receiving = mem_set_receiving,
};

static struct mem_ep *ep_new(struct event_base *base, const char *local, const char *peer)
{
	struct mem_ep *ep = calloc(1, sizeof(*ep));

	if (!ep)
		return NULL;
	ep->ev = event_new(base, -1, 0, deliver_cb, ep);
	if (!ep->ev) {
		free(ep);
		return NULL;
	}
	ep->t.ops = &mem_ops;
	ep->t.base = base;
	ep->t.max_frame = SMB2_MAX_PDU_PRE_NEGOTIATE;
	snprintf(ep->t.local_addr, sizeof(ep->t.local_addr), "%s", local);
	snprintf(ep->t.peer_addr, sizeof(ep->t.peer_addr), "%s", peer);
	ep->sendq_max = SMB_NET_SENDQ_MAX;
	ep->receiving = true;
	return ep;
}

int smb_mem_pair_new(struct event_base *base, struct smb_transport **a,
                     struct smb_transport **b)
{
	struct mem_ep *x = ep_new(base, "mem:a", "mem:b");
	struct mem_ep *y = x ? ep_new(base, "mem:b", "mem:a") : NULL;

	if (!y) {
		if (x)
			destroy(x);
		return -ENOMEM;
	}
	x->peer = y;
	y->peer = x;
	*a = &x->t;
	*b = &y->t;
	return 0;
}

void smb_mem_set_sendq_max(struct smb_transport *t, size_t max)
{
	ep_of(t)->sendq_max = max;
}

size_t smb_mem_queued(const struct smb_transport *t)
{
	const struct mem_ep *ep = (const struct mem_ep *)t;

	return ep->peer ? ep->peer->inbox_bytes : 0;
}
