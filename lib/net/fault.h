/*
 * The fault-injection filter (ARCHITECTURE.md, lib/net/): a transport that
 * wraps any other transport (TCP, the in-memory pair, SMB Direct, another
 * filter) and passes frames through, dropped, held, delayed or cut on
 * request, so that tests need no server-side hooks.  PROTOCOL-NOTES.md:
 * smbsim blocks a channel with this filter on the client side, so the same
 * tests run against any server.
 *
 * Directions: SMB_FAULT_OUT is what the user of the filter sends (towards
 * the lower transport), SMB_FAULT_IN what the lower transport receives
 * (towards the user's on_frame).
 *
 * What happens to a frame, in this order:
 *   1. It is counted as seen.
 *   2. Cut: if passing it would take the bytes passed in its direction past
 *      the cut_after() bound, it is dropped and the connection is cut: the
 *      lower transport is disconnected and the user gets
 *      on_close(-ECONNRESET) from the loop.  Bytes count frame payloads.
 *   3. Drop: the next N frames (drop_next()), then any frame the match
 *      callback (drop_matching()) says yes to, are discarded silently (an
 *      outgoing one as if the network lost it: send() returns 0).
 *   4. Hold and delay: while the direction is held, frames queue up in
 *      order until smb_fault_release(); with a delay set, each frame waits
 *      that long on a libevent timer (order is kept: a frame never
 *      overtakes an earlier one).  Otherwise it passes at once.
 * Held and delayed bytes are bounded by SMB_NET_SENDQ_MAX in each
 * direction: past it an outgoing send() returns -ENOBUFS, and incoming
 * reading is paused on the lower transport until the queue drains.
 *
 * The transport.h contract holds.  The filter owns the lower transport
 * (it takes over its callbacks, and frees it in free()).  max_frame is
 * the filter's own (both directions, like TCP: -EMSGSIZE out, -EPROTO in)
 * and is copied to the lower transport whenever a frame passes and on
 * every send() and set_receiving().  The lower transport's close reaches
 * the user after the incoming frames queued before it.
 * Every control may be called at any time, also inside callbacks.
 */
#ifndef SMBSIM_NET_FAULT_H
#define SMBSIM_NET_FAULT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <sys/uio.h>

#include "net/transport.h"

enum smb_fault_dir {
	SMB_FAULT_OUT = 0,
	SMB_FAULT_IN = 1,
};
#define SMB_FAULT_NDIRS 2

/* Wrap `lower`.  0, or -ENOMEM (then `lower` is untouched and still the
 * caller's).  Callbacks are empty until smb_transport_set_cbs(). */
int smb_fault_new(struct smb_transport *lower, struct smb_transport **out);

/* The wrapped transport (for a test that wants to poke it directly). */
struct smb_transport *smb_fault_lower(struct smb_transport *t);

/* Drop the next `n` frames in `dir` (added to any still pending). */
void smb_fault_drop_next(struct smb_transport *t, enum smb_fault_dir dir, unsigned n);

/* Drop every frame in `dir` for which match(arg, frame, len) is true
 * (NULL stops).  The callback must not call back into the filter. */
typedef bool (*smb_fault_match_fn)(void *arg, const uint8_t *frame, size_t len);
void smb_fault_drop_matching(struct smb_transport *t, enum smb_fault_dir dir,
                             smb_fault_match_fn match, void *arg);

/* Hold frames in `dir` until released ("block a channel").  Release
 * passes what was held, in order (incoming frames from the loop, outgoing
 * ones at once), and stops holding. */
void smb_fault_hold(struct smb_transport *t, enum smb_fault_dir dir);
void smb_fault_release(struct smb_transport *t, enum smb_fault_dir dir);

/* Delay every later frame in `dir` by `usec` microseconds (0: none). */
void smb_fault_set_delay(struct smb_transport *t, enum smb_fault_dir dir, uint64_t usec);

/* Cut the connection when more than `bytes` would have passed in `dir`
 * (counted from the filter's creation).  UINT64_MAX: never (default). */
void smb_fault_cut_after(struct smb_transport *t, enum smb_fault_dir dir, uint64_t bytes);

/* See every frame that passes, in either direction, as it passes (an
 * outgoing one when it goes to the lower transport, an incoming one when it
 * goes to the user): for captures.  NULL stops.  The callback must not call
 * back into the filter. */
typedef void (*smb_fault_tap_fn)(void *arg, enum smb_fault_dir dir, const struct iovec *iov,
                                  int iovcnt);
void smb_fault_tap(struct smb_transport *t, smb_fault_tap_fn fn, void *arg);

struct smb_fault_stats {
	uint64_t seen_frames[SMB_FAULT_NDIRS];
	uint64_t seen_bytes[SMB_FAULT_NDIRS];
	uint64_t passed_frames[SMB_FAULT_NDIRS];
	uint64_t passed_bytes[SMB_FAULT_NDIRS];
	uint64_t dropped_frames[SMB_FAULT_NDIRS];
	uint64_t queued_frames[SMB_FAULT_NDIRS];   /* held or delayed now */
	bool cut;
};

void smb_fault_get_stats(const struct smb_transport *t, struct smb_fault_stats *st);

#endif
