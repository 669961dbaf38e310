/*
 * An in-memory transport pair: two connected endpoints in one process,
 * for tests and for running the reference client against the reference
 * server without sockets.
 *
 * Each endpoint follows the contract of transport.h exactly as TCP does:
 *   - A frame sent on one end is copied and delivered to the other end's
 *     on_frame from the event loop, never from inside send().  Frames
 *     arrive in the order they were sent.
 *   - max_frame (default SMB2_MAX_PDU_PRE_NEGOTIATE, settable at any time)
 *     bounds both directions: send() refuses a longer frame with
 *     -EMSGSIZE, and a frame longer than the receiver's max_frame at the
 *     moment of delivery closes the receiver with -EPROTO (the sender then
 *     sees on_close(-ECONNRESET)).  An empty frame is -EINVAL.
 *   - Undelivered bytes toward the peer are bounded by the endpoint's send
 *     queue limit (SMB_NET_SENDQ_MAX by default): past it send() returns
 *     -ENOBUFS and queues nothing.
 *   - set_receiving(false) holds frames (and the peer's close) back until
 *     set_receiving(true).
 *   - disconnect() discards what this end has not yet delivered, and
 *     delivers on_close(0) from the loop; the peer receives what was sent
 *     before, then on_close(0).  free() without disconnect() does the same
 *     for the peer.  After the peer has gone, send() discards the frame and
 *     returns 0 (like TCP writing into a connection the peer has closed:
 *     the close is what reports it); after this end has closed, send()
 *     returns -ENOTCONN.
 *   - on_close fires once, after which nothing fires; free() is safe at
 *     any time, also inside this endpoint's own callbacks.
 * local_addr and peer_addr read "mem:a" and "mem:b" (swapped on b).
 */
#ifndef SMBSIM_NET_MEM_H
#define SMBSIM_NET_MEM_H

#include <stddef.h>

#include "net/transport.h"

/* Create a connected pair on `base`.  Callbacks are empty until
 * smb_transport_set_cbs(); set them before the loop runs, since frames
 * arriving with no on_frame are discarded.  0 or -ENOMEM (nothing is
 * allocated then).  Free each end with smb_transport_free(). */
int smb_mem_pair_new(struct event_base *base, struct smb_transport **a,
                     struct smb_transport **b);

/* Change how many undelivered bytes `t` (an endpoint of a mem pair) may
 * have queued toward its peer; tests use a small bound to reach it. */
void smb_mem_set_sendq_max(struct smb_transport *t, size_t max);

/* Bytes sent on `t` that its peer has not yet received. */
size_t smb_mem_queued(const struct smb_transport *t);

#endif
