/* The control socket (srv_listen.h has the protocol). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/event.h>
#include <event2/listener.h>

#include "sim-server/srv_listen.h"

struct srv_control {
	struct srv_server *srv;
	struct evconnlistener *listener;
	char path[sizeof(((struct sockaddr_un *)0)->sun_path)];
	struct bufferevent *clients[SRV_CONTROL_MAX_CLIENTS];
	void (*on_shutdown)(void *arg);
	void *arg;
	struct event *shutdown_ev;
	struct bufferevent *bye;            /* shut down once "bye" is out */
};

static void client_close(struct srv_control *ctl, struct bufferevent *bev)
{
	for (unsigned i = 0; i < SRV_CONTROL_MAX_CLIENTS; i++)
		if (ctl->clients[i] == bev)
			ctl->clients[i] = NULL;
	if (ctl->bye == bev) {
		ctl->bye = NULL;
		event_active(ctl->shutdown_ev, EV_TIMEOUT, 0);
	}
	bufferevent_free(bev);
}

static void do_shutdown(evutil_socket_t fd, short what, void *arg)
{
	struct srv_control *ctl = arg;

	(void)fd;
	(void)what;
	ctl->on_shutdown(ctl->arg);
}

static void answer(struct srv_control *ctl, struct bufferevent *bev, const char *line)
{
	struct evbuffer *out = bufferevent_get_output(bev);
	struct srv_stats st;

	if (strcmp(line, "ready") == 0) {
		evbuffer_add_printf(out, "ready\n");
	} else if (strcmp(line, "status") == 0) {
		srv_server_stats(ctl->srv, &st);
		evbuffer_add_printf(out,
		                    "{\"connections\":%u,\"sessions\":%u,\"opens\":%u,"
		                    "\"async\":%u,\"accepted\":%llu}\n",
		                    st.connections, st.sessions, st.opens, st.async,
		                    (unsigned long long)st.accepted);
	} else if (strcmp(line, "shutdown") == 0) {
		evbuffer_add_printf(out, "bye\n");
		ctl->bye = bev;
	} else {
		evbuffer_add_printf(out, "error: unknown command\n");
	}
}

static void on_read(struct bufferevent *bev, void *arg)
{
	struct srv_control *ctl = arg;
	struct evbuffer *in = bufferevent_get_input(bev);
	char *line;
	size_t n;

	while ((line = evbuffer_readln(in, &n, EVBUFFER_EOL_CRLF))) {
		if (n > SRV_CONTROL_MAX_LINE) {
			free(line);
			client_close(ctl, bev);
			return;
		}
		answer(ctl, bev, line);
		free(line);
	}
	if (evbuffer_get_length(in) > SRV_CONTROL_MAX_LINE)
		client_close(ctl, bev);
}

/* The output has drained: after "bye", stop the server. */
static void on_write(struct bufferevent *bev, void *arg)
{
	struct srv_control *ctl = arg;

	if (ctl->bye == bev)
		event_active(ctl->shutdown_ev, EV_TIMEOUT, 0);
}

static void on_event(struct bufferevent *bev, short what, void *arg)
{
	if (what & (BEV_EVENT_EOF | BEV_EVENT_ERROR))
		client_close(arg, bev);
}

static void on_accept(struct evconnlistener *l, evutil_socket_t fd, struct sockaddr *sa,
                      int salen, void *arg)
{
	struct srv_control *ctl = arg;
	struct bufferevent *bev;
	unsigned slot = SRV_CONTROL_MAX_CLIENTS;

	(void)sa;
	(void)salen;
	for (unsigned i = 0; i < SRV_CONTROL_MAX_CLIENTS; i++)
		if (!ctl->clients[i]) {
			slot = i;
			break;
		}
	if (slot == SRV_CONTROL_MAX_CLIENTS) {
		close(fd);
		return;
	}
	bev = bufferevent_socket_new(evconnlistener_get_base(l), fd, BEV_OPT_CLOSE_ON_FREE);
	if (!bev) {
		close(fd);
		return;
	}
	ctl->clients[slot] = bev;
	bufferevent_setcb(bev, on_read, on_write, on_event, ctl);
	bufferevent_enable(bev, EV_READ | EV_WRITE);
}

int srv_control_start(struct srv_server *srv, const char *path,
                      void (*on_shutdown)(void *arg), void *arg, struct srv_control **out,
                      char *err, size_t errlen)
{
	struct srv_control *ctl;
	struct sockaddr_un sun;

	if (strlen(path) >= sizeof(sun.sun_path)) {
		snprintf(err, errlen, "control socket path too long: %s", path);
		return -1;
	}
	ctl = calloc(1, sizeof(*ctl));
	if (!ctl) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	ctl->srv = srv;
	ctl->on_shutdown = on_shutdown;
	ctl->arg = arg;
	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	strcpy(sun.sun_path, path);
	strcpy(ctl->path, path);
	unlink(path);
	ctl->shutdown_ev = event_new(srv_server_base(srv), -1, 0, do_shutdown, ctl);
	ctl->listener = evconnlistener_new_bind(srv_server_base(srv), on_accept, ctl,
	                                        LEV_OPT_CLOSE_ON_FREE | LEV_OPT_CLOSE_ON_EXEC, 8,
	                                        (struct sockaddr *)&sun, sizeof(sun));
	if (!ctl->listener || !ctl->shutdown_ev) {
		snprintf(err, errlen, "cannot listen on control socket %s: %s", path,
		         strerror(errno));
		srv_control_stop(ctl);
		return -1;
	}
	*out = ctl;
	return 0;
}

void srv_control_stop(struct srv_control *ctl)
{
	if (!ctl)
		return;
	for (unsigned i = 0; i < SRV_CONTROL_MAX_CLIENTS; i++)
		if (ctl->clients[i])
			bufferevent_free(ctl->clients[i]);
	if (ctl->listener) {
		evconnlistener_free(ctl->listener);
		unlink(ctl->path);
	}
	if (ctl->shutdown_ev)
		event_free(ctl->shutdown_ev);
	free(ctl);
}
