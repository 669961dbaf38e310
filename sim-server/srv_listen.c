/*
 * Listeners on the configured addresses (lib/net/tcp.h): every accepted
 * connection goes to srv_server_add_transport(), which closes it past
 * SRV_MAX_CONNECTIONS.
 */
#include <stdio.h>
#include <stdlib.h>

#include "net/tcp.h"
#include "sim-server/srv_listen.h"

struct srv_listeners {
	struct srv_server *srv;
	struct smb_tcp_listener *l[SRV_MAX_LISTEN];
	unsigned n;
};

static void on_accept(void *arg, struct smb_transport *t)
{
	struct srv_listeners *ls = arg;

	(void)srv_server_add_transport(ls->srv, t);
}

int srv_listen_start(struct srv_server *srv, const char *const *addrs, unsigned n,
                     struct srv_listeners **out, char *err, size_t errlen)
{
	struct srv_listeners *ls;

	if (n == 0 || n > SRV_MAX_LISTEN) {
		snprintf(err, errlen, "between 1 and %d listen addresses are needed", SRV_MAX_LISTEN);
		return -1;
	}
	ls = calloc(1, sizeof(*ls));
	if (!ls) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	ls->srv = srv;
	for (unsigned i = 0; i < n; i++) {
		int rc = smb_tcp_listen(srv_server_base(srv), addrs[i], on_accept, ls, &ls->l[i]);
		if (rc != 0) {
			snprintf(err, errlen, "cannot listen on %s: error %d", addrs[i], rc);
			srv_listen_stop(ls);
			return -1;
		}
		ls->n = i + 1;
	}
	*out = ls;
	return 0;
}

void srv_listen_stop(struct srv_listeners *ls)
{
	if (!ls)
		return;
	for (unsigned i = 0; i < ls->n; i++)
		smb_tcp_listener_free(ls->l[i]);
	free(ls);
}
