/*
 * The transport vtable (ARCHITECTURE.md, lib/net/): what the reference
 * server and client send SMB2 frames over.  A transport carries whole SMB2
 * frames (what follows the NetBIOS header on TCP, or one reassembled
 * message on SMB Direct): TCP adds and strips the 4-byte Direct TCP header
 * (MS-SMB2 2.1) itself, so callers never see framing.
 *
 * Transports run on a libevent event_base and never block.  Received
 * frames and the close are delivered through callbacks from the loop.
 * Filters (fault injection, capture) are transports too: they wrap a lower
 * transport, see every frame both ways and pass it on, changed, delayed or
 * not at all, the way curl's connection filters stack.
 *
 * Contracts:
 *   - send() copies the frame (the caller may reuse its buffers at once)
 *     and queues it; 0, or a negative errno (-ENOTCONN once closed,
 *     -EMSGSIZE past max_frame).  It never calls back synchronously.
 *   - on_frame() hands a frame that is valid until on_frame returns.
 *     A frame longer than max_frame, or bad framing, closes the transport
 *     with -EPROTO.
 *   - on_close() fires exactly once, from the loop, after which no other
 *     callback fires; err is 0 for an orderly close by the peer or by
 *     disconnect(), else a negative errno.
 *   - free() may be called at any time (also from inside a callback); no
 *     callback fires afterwards.
 */
#ifndef SMBSIM_NET_TRANSPORT_H
#define SMBSIM_NET_TRANSPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/uio.h>

struct event_base;
struct smb_transport;

struct smb_transport_cbs {
	void (*on_frame)(void *arg, const uint8_t *frame, size_t len);
	void (*on_close)(void *arg, int err);
	void *arg;
};

struct smb_transport_ops {
	const char *name;                       /* "tcp", "fault", "smbd" */
	int (*send)(struct smb_transport *t, const struct iovec *iov, int iovcnt);
	void (*disconnect)(struct smb_transport *t);
	void (*free)(struct smb_transport *t);
	/* Stop or resume delivering frames (back-pressure). */
	void (*set_receiving)(struct smb_transport *t, bool on);
	/* SMB Direct only (NULL elsewhere): one-sided transfers for
	 * READ/WRITE with RDMA channel info (MS-SMBD 3.1.4.x). */
	int (*rdma_read)(struct smb_transport *t, uint64_t remote_off, uint32_t token,
	                 void *buf, uint32_t len);
	int (*rdma_write)(struct smb_transport *t, uint64_t remote_off, uint32_t token,
	                  const void *buf, uint32_t len);
};

struct smb_transport {
	const struct smb_transport_ops *ops;
	struct smb_transport_cbs cbs;
	struct event_base *base;
	size_t max_frame;          /* largest frame accepted (see wire/limits.h) */
	char local_addr[64];       /* "127.0.0.10:445" */
	char peer_addr[64];
};

static inline int smb_transport_send(struct smb_transport *t, const struct iovec *iov,
                                     int iovcnt)
{
	return t->ops->send(t, iov, iovcnt);
}

static inline void smb_transport_disconnect(struct smb_transport *t)
{
	t->ops->disconnect(t);
}

static inline void smb_transport_free(struct smb_transport *t)
{
	if (t)
		t->ops->free(t);
}

static inline void smb_transport_set_cbs(struct smb_transport *t,
                                         const struct smb_transport_cbs *cbs)
{
	t->cbs = *cbs;
}

#endif
