/* Direct TCP transport: the listener (tcp.h). */
/* accept4() */
#define _GNU_SOURCE
#include <errno.h>
#include <event2/event.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "net/addr.h"
#include "net/tcp.h"

/* Connections accepted per readable event, so one busy listener cannot
 * starve the connections it already has. */
#define TCP_ACCEPT_BATCH 16

struct smb_tcp_listener {
	int fd;
	struct event *ev;
	struct event *backoff;
	smb_tcp_accept_fn cb;
	void *arg;
	struct event_base *base;
	char addr[SMB_ADDR_STRLEN];
	uint16_t port;
	int depth;
	bool freed;
};

static void destroy(struct smb_tcp_listener *l)
{
	event_free(l->ev);
	event_free(l->backoff);
	close(l->fd);
	free(l);
}

static void backoff_cb(evutil_socket_t fd, short what, void *arg)
{
	struct smb_tcp_listener *l = arg;

	(void)fd;
	(void)what;
	event_add(l->ev, NULL);
}

static void accept_cb(evutil_socket_t fd, short what, void *arg)
{
	struct smb_tcp_listener *l = arg;

	(void)what;
	l->depth++;
	for (int i = 0; i < TCP_ACCEPT_BATCH && !l->freed; i++) {
		struct smb_transport *t;
		int nfd = accept4(fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);

		if (nfd < 0) {
			if (errno == EINTR || errno == ECONNABORTED || errno == EPROTO)
				continue;
			if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS ||
			    errno == ENOMEM) {
				struct timeval tv = { 0, SMB_TCP_ACCEPT_BACKOFF_MS * 1000 };

				event_del(l->ev);
				evtimer_add(l->backoff, &tv);
			}
			break;
		}
		if (smb_tcp_from_fd(l->base, nfd, &t) != 0) {
			close(nfd);
			continue;
		}
		l->cb(l->arg, t);
	}
	if (--l->depth == 0 && l->freed)
		destroy(l);
}

int smb_tcp_listen(struct event_base *base, const char *addr, smb_tcp_accept_fn accept_cb_fn,
                   void *arg, struct smb_tcp_listener **out)
{
	struct sockaddr_storage ss;
	struct smb_tcp_listener *l;
	socklen_t sslen;
	int one = 1, rc, fd;

	rc = smb_addr_parse(addr, true, &ss, &sslen);
	if (rc)
		return rc;
	fd = socket(ss.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	/* SO_REUSEADDR lets a restarted server bind at once; SO_REUSEPORT is
	 * never set (REAL-PEERS.md: socket_wrapper refuses it). */
	if (setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) != 0 ||
	    (ss.ss_family == AF_INET6 &&
	     setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof(one)) != 0 &&
	     errno != ENOPROTOOPT) ||
	    bind(fd, (const struct sockaddr *)&ss, sslen) != 0 ||
	    listen(fd, SMB_TCP_BACKLOG) != 0) {
		rc = -errno;
		close(fd);
		return rc;
	}
	l = calloc(1, sizeof(*l));
	if (!l) {
		close(fd);
		return -ENOMEM;
	}
	l->fd = fd;
	l->cb = accept_cb_fn;
	l->arg = arg;
	l->base = base;
	l->ev = event_new(base, fd, EV_READ | EV_PERSIST, accept_cb, l);
	l->backoff = evtimer_new(base, backoff_cb, l);
	if (!l->ev || !l->backoff || event_add(l->ev, NULL) != 0) {
		if (l->ev)
			event_free(l->ev);
		if (l->backoff)
			event_free(l->backoff);
		free(l);
		close(fd);
		return -ENOMEM;
	}
	{
		struct sockaddr_storage bound;
		socklen_t blen = sizeof(bound);

		memset(&bound, 0, sizeof(bound));
		if (getsockname(fd, (struct sockaddr *)&bound, &blen) == 0) {
			smb_addr_format((const struct sockaddr *)&bound, blen, l->addr,
			                sizeof(l->addr));
			if (bound.ss_family == AF_INET)
				l->port = ntohs(((struct sockaddr_in *)&bound)->sin_port);
			else if (bound.ss_family == AF_INET6)
				l->port = ntohs(((struct sockaddr_in6 *)&bound)->sin6_port);
		} else {
			snprintf(l->addr, sizeof(l->addr), "%s", addr);
		}
	}
	*out = l;
	return 0;
}

const char *smb_tcp_listener_addr(const struct smb_tcp_listener *l)
{
	return l->addr;
}

uint16_t smb_tcp_listener_port(const struct smb_tcp_listener *l)
{
	return l->port;
}

void smb_tcp_listener_free(struct smb_tcp_listener *l)
{
	if (!l || l->freed)
		return;
	l->freed = true;
	event_del(l->ev);
	event_del(l->backoff);
	if (l->depth == 0)
		destroy(l);
}
