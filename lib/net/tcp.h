/*
 * Direct TCP transport (MS-SMB2 2.1) on libevent, over plain libc sockets
 * so that socket_wrapper can redirect it transparently.
 *
 * Each SMB2 frame travels behind a 4-byte header (a zero byte and a 24-bit
 * big-endian length, lib/wire/nbss.h); NetBIOS keep-alives (0x85) from the
 * peer are ignored, any other session-service type closes with -EPROTO.
 *
 * The transport.h contract, and what TCP adds to it:
 *   - max_frame (default SMB2_MAX_PDU_PRE_NEGOTIATE; raise it after
 *     NEGOTIATE: it may change at any time and applies to the next frame
 *     header read) bounds both directions.  send() refuses a longer frame
 *     with -EMSGSIZE; a longer incoming frame closes with -EPROTO as soon
 *     as its header is read.
 *   - Input is buffered until a whole frame is there; the buffer never
 *     exceeds max(max_frame + 4, SMB_TCP_READ_CHUNK) bytes.  The rest of a
 *     frame longer than a chunk is read straight into place with read()s
 *     of exactly what it lacks; the buffer keeps that size while large
 *     frames keep coming and goes back to one chunk after
 *     SMB_TCP_SHRINK_AFTER frames in a row that fitted one chunk (or when
 *     max_frame goes down).
 *   - send() writes at once when nothing is queued (one sendmsg() with the
 *     header and the caller's iovecs) and queues a copy of what the kernel
 *     did not take.  Bytes queued are bounded by the send queue limit
 *     (SMB_NET_SENDQ_MAX by default): past it send() returns -ENOBUFS and
 *     queues nothing.  A write error is reported through on_close, never
 *     from send().
 *   - set_receiving(false) stops reading the socket (TCP back-pressure);
 *     frames already buffered wait too.
 *   - disconnect() drops what is queued, closes the socket and delivers
 *     on_close(0) from the loop.  The peer closing cleanly between frames
 *     is on_close(0); in the middle of a frame it is on_close(-EPROTO).
 *   - free() is safe at any time, also from inside a callback.
 * Writes use MSG_NOSIGNAL: a closed peer is an error, not a SIGPIPE.
 */
#ifndef SMBSIM_NET_TCP_H
#define SMBSIM_NET_TCP_H

#include <stddef.h>
#include <stdint.h>

#include "net/transport.h"

/* Bytes asked of each read() when no bigger frame is pending. */
#define SMB_TCP_READ_CHUNK (64u * 1024)
/* Frames of at most a chunk in a row after which a grown input buffer is
 * given back. */
#define SMB_TCP_SHRINK_AFTER 64u
/* Listen backlog. */
#define SMB_TCP_BACKLOG 128
/* After accept() fails for lack of descriptors or memory, the listener
 * rests this long instead of spinning on a socket that stays readable. */
#define SMB_TCP_ACCEPT_BACKOFF_MS 100

/*
 * Start connecting to `addr` ("host:port", see net/addr.h).  0 with *out
 * set, or a negative errno now (bad address, no socket) with nothing
 * allocated.  A connection failure comes later as on_close(-errno).  When
 * the connection is up, on_connected(cbs->arg) is called from the loop
 * (may be NULL), with the arg given here even if the callbacks are replaced
 * later (a filter stacked on top takes them over).  Frames sent before
 * that are queued.
 */
int smb_tcp_connect(struct event_base *base, const char *addr,
                    const struct smb_transport_cbs *cbs,
                    void (*on_connected)(void *arg), struct smb_transport **out);

/*
 * Wrap a connected stream socket.  On success the transport owns `fd`
 * (made non-blocking, TCP_NODELAY where it applies); on failure (-ENOMEM)
 * the caller still does.  Callbacks are empty until
 * smb_transport_set_cbs().
 */
int smb_tcp_from_fd(struct event_base *base, int fd, struct smb_transport **out);

/* Change the send queue bound of a TCP transport (tests use a small one). */
void smb_tcp_set_sendq_max(struct smb_transport *t, size_t max);

/* Bytes queued for sending on a TCP transport. */
size_t smb_tcp_queued(const struct smb_transport *t);

/* Bytes received on a TCP transport and not yet delivered (a partial
 * frame, or whole frames held back by set_receiving(false)). */
size_t smb_tcp_buffered(const struct smb_transport *t);

/* Bytes allocated for input on a TCP transport (tests: the buffer that
 * large frames grew is kept, then given back; tcp.h above). */
size_t smb_tcp_in_capacity(const struct smb_transport *t);

struct smb_tcp_listener;

/*
 * Called from the loop for each accepted connection.  The callee owns `t`
 * and sets its callbacks before returning (frames are delivered from the
 * loop afterwards, never before).
 */
typedef void (*smb_tcp_accept_fn)(void *arg, struct smb_transport *t);

/*
 * Listen on `addr` ("127.0.0.1:445", "[::1]:0", ...; port 0 picks a free
 * one).  SO_REUSEADDR is set, SO_REUSEPORT never (socket_wrapper rejects
 * it).  0, or a negative errno with nothing allocated.
 */
int smb_tcp_listen(struct event_base *base, const char *addr, smb_tcp_accept_fn accept_cb,
                   void *arg, struct smb_tcp_listener **out);

/* The bound address, "127.0.0.1:41234" (the real port when 0 was asked). */
const char *smb_tcp_listener_addr(const struct smb_tcp_listener *l);
uint16_t smb_tcp_listener_port(const struct smb_tcp_listener *l);

/* Stop listening and free (NULL is fine; also from inside accept_cb).
 * Accepted connections are not affected. */
void smb_tcp_listener_free(struct smb_tcp_listener *l);

#endif
