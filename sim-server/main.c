/*
 * smbsim-server: the reference SMB 2/3 server (issue 3).  Parses the
 * configuration (config.h), listens on the configured addresses, serves
 * the control socket, and runs one libevent loop until SIGTERM, SIGINT or
 * the control socket's `shutdown`; then frees everything and exits 0.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <event2/event.h>

#include "crypto/crypto_ctx.h"
#include "sim-server/config.h"
#include "sim-server/server.h"
#include "sim-server/srv_file.h"
#include "sim-server/srv_listen.h"

#define DEFAULT_LISTEN "0.0.0.0:445"

struct app {
	struct event_base *base;
};

static void on_shutdown(void *arg)
{
	struct app *a = arg;

	event_base_loopbreak(a->base);
}

static void on_signal(evutil_socket_t sig, short what, void *arg)
{
	(void)sig;
	(void)what;
	on_shutdown(arg);
}

int main(int argc, char **argv)
{
	struct srv_config *cfg = NULL;
	struct srv_settings *set = NULL;
	struct srv_server *srv = NULL;
	struct srv_listeners *ls = NULL;
	struct srv_control *ctl = NULL;
	struct event *sigterm = NULL, *sigint = NULL;
	const char *addrs[SRV_MAX_LISTEN];
	unsigned naddrs = 0;
	struct app a = {0};
	char err[512];
	int rc = 1;

	switch (srv_config_from_args(argc, argv, &cfg, err, sizeof(err))) {
	case SRV_CONFIG_HELP:
		srv_config_usage(stdout, argv[0]);
		return 0;
	case SRV_CONFIG_ERROR:
		fprintf(stderr, "smbsim-server: %s\n", err);
		return 2;
	case SRV_CONFIG_OK:
		break;
	}
	signal(SIGPIPE, SIG_IGN);
	set = calloc(1, sizeof(*set));
	a.base = event_base_new();
	if (!set || !a.base) {
		fprintf(stderr, "smbsim-server: out of memory\n");
		goto out;
	}
	if (!srv_settings_from_config(cfg, set, err, sizeof(err))) {
		fprintf(stderr, "smbsim-server: %s\n", err);
		goto out;
	}
	if (srv_server_new(a.base, set, &srv) != STATUS_SUCCESS ||
	    srv_file_handlers_register(srv) != STATUS_SUCCESS) {
		fprintf(stderr, "smbsim-server: cannot create the server\n");
		goto out;
	}
	if (cfg->n_listen > SRV_MAX_LISTEN) {
		fprintf(stderr, "smbsim-server: at most %d listen addresses\n", SRV_MAX_LISTEN);
		goto out;
	}
	for (size_t i = 0; i < cfg->n_listen; i++)
		addrs[naddrs++] = cfg->listen[i].text;
	if (naddrs == 0)
		addrs[naddrs++] = DEFAULT_LISTEN;
	if (srv_listen_start(srv, addrs, naddrs, &ls, err, sizeof(err)) != 0 ||
	    (cfg->control_socket &&
	     srv_control_start(srv, cfg->control_socket, on_shutdown, &a, &ctl, err,
	                       sizeof(err)) != 0)) {
		fprintf(stderr, "smbsim-server: %s\n", err);
		goto out;
	}
	sigterm = evsignal_new(a.base, SIGTERM, on_signal, &a);
	sigint = evsignal_new(a.base, SIGINT, on_signal, &a);
	if (!sigterm || !sigint || evsignal_add(sigterm, NULL) || evsignal_add(sigint, NULL)) {
		fprintf(stderr, "smbsim-server: cannot install signal handlers\n");
		goto out;
	}
	event_base_dispatch(a.base);
	rc = 0;
out:
	if (sigterm)
		event_free(sigterm);
	if (sigint)
		event_free(sigint);
	srv_control_stop(ctl);
	srv_listen_stop(ls);
	srv_server_free(srv);
	if (a.base)
		event_base_free(a.base);
	free(set);
	srv_config_free(cfg);
	smb2_crypto_cleanup();
	return rc;
}
