/* Listeners and the control socket of smbsim-server (srv_listen.c,
 * srv_control.c). */
#ifndef SMBSIM_SRV_LISTEN_H
#define SMBSIM_SRV_LISTEN_H

#include <stddef.h>

#include "sim-server/server.h"

struct srv_listeners;

/* Listen on every "ADDR:PORT"; 0, or -1 with err naming the address. */
int srv_listen_start(struct srv_server *srv, const char *const *addrs, unsigned n,
                     struct srv_listeners **out, char *err, size_t errlen);
void srv_listen_stop(struct srv_listeners *ls);

/*
 * The harness's control socket: a Unix stream socket at `path`; each
 * client sends lines and gets one line back per command:
 *   ready      "ready"
 *   status     {"connections":N,"sessions":N,"opens":N,"async":N,"accepted":N}
 *   shutdown   "bye", then on_shutdown(arg) runs from the loop
 *   other      "error: unknown command"
 * Lines are at most SRV_CONTROL_MAX_LINE bytes; a longer one closes that
 * client.  At most SRV_CONTROL_MAX_CLIENTS clients at once.
 */
#define SRV_CONTROL_MAX_LINE 256
#define SRV_CONTROL_MAX_CLIENTS 16

struct srv_control;
int srv_control_start(struct srv_server *srv, const char *path,
                      void (*on_shutdown)(void *arg), void *arg, struct srv_control **out,
                      char *err, size_t errlen);
/* Closes clients, removes the socket file. */
void srv_control_stop(struct srv_control *ctl);

#endif
