/*
 * Socket addresses as text, for the transports' "host:port" arguments and
 * their local_addr/peer_addr fields.
 *
 * Accepted forms: "1.2.3.4:445", "[::1]:445", "1.2.3.4" and "[::1]" (port
 * SMB_ADDR_DEFAULT_PORT), and a host name in place of a literal (resolved
 * with getaddrinfo(), which blocks: pass literals where that matters).  An
 * IPv6 literal needs its brackets whenever a port follows.
 */
#ifndef SMBSIM_NET_ADDR_H
#define SMBSIM_NET_ADDR_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/socket.h>

/* MS-SMB2 2.1: Direct TCP listens on port 445. */
#define SMB_ADDR_DEFAULT_PORT 445
/* Room for "[ffff:...:ffff%scope]:65535" and a NUL. */
#define SMB_ADDR_STRLEN 64

/*
 * Parse `text` into *ss and *len.  `passive` allows port 0 (a listener
 * picking a free port).  0, or -EINVAL for a malformed string or port, or
 * -EHOSTUNREACH when a name does not resolve.  *ss is written only on
 * success.
 */
int smb_addr_parse(const char *text, bool passive, struct sockaddr_storage *ss,
                   socklen_t *len);

/* Format an AF_INET or AF_INET6 address as "a.b.c.d:port" or "[v6]:port";
 * anything else as "?".  Always NUL-terminates `out` (size n > 0). */
void smb_addr_format(const struct sockaddr *sa, socklen_t len, char *out, size_t n);

/* The local and peer addresses of a connected socket, formatted. */
void smb_addr_of_fd(int fd, bool peer, char *out, size_t n);

#endif
