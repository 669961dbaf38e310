/*
 * Helpers of the echo and cancel suites (echo.c, cancel.c): a spy on the
 * frames a connection receives (through the fault filter's match hook,
 * which never drops anything), a bounded wait for a request's interim
 * response, and CANCEL requests put on the wire by hand with any
 * MessageId, AsyncId and flags (cli_cancel() only cancels real requests).
 */
#ifndef SMBSIM_TORTURE_CANCEL_UTIL_H
#define SMBSIM_TORTURE_CANCEL_UTIL_H

#include <string.h>

#include <event2/event.h>

#include "torture/torture.h"
#include "wire/cancel.h"
#include "wire/hdr.h"

/* What came in on a connection since spy_start(). */
struct spy {
	unsigned msgs;                 /* SMB2 messages (compounds counted whole) */
	unsigned per_cmd[SMB2_COMMAND_COUNT];
	unsigned unreadable;           /* encrypted or not SMB2 */
	uint64_t watch_mid;            /* record the status of this MessageId */
	bool watch_seen;
	uint32_t watch_status;
};

/* Field offsets in the SMB2 header (MS-SMB2 2.2.1). */
#define SPY_OFF_STATUS 8
#define SPY_OFF_COMMAND 12
#define SPY_OFF_NEXT 20
#define SPY_OFF_MID 24

static inline bool spy_frame(void *arg, const uint8_t *frame, size_t len)
{
	struct spy *s = arg;
	size_t off = 0;

	for (;;) {
		const uint8_t *m = frame + off;
		uint32_t next;
		uint16_t cmd;

		if (len - off < SMB2_HDR_SIZE || le32(m) != SMB2_MAGIC) {
			s->unreadable++;
			break;
		}
		cmd = le16(m + SPY_OFF_COMMAND);
		s->msgs++;
		if (cmd < SMB2_COMMAND_COUNT)
			s->per_cmd[cmd]++;
		if (le64(m + SPY_OFF_MID) == s->watch_mid) {
			s->watch_seen = true;
			s->watch_status = le32(m + SPY_OFF_STATUS);
		}
		next = le32(m + SPY_OFF_NEXT);
		if (next == 0 || next > len - off)
			break;
		off += next;
	}
	return false;                  /* never drop: only look */
}

/* Watch what c receives from now on (one spy per connection). */
static inline void spy_start(struct torture_ctx *t, struct cli_conn *c, struct spy *s)
{
	memset(s, 0, sizeof(*s));
	s->watch_mid = UINT64_MAX - 1;
	smb_fault_drop_matching(torture_fault(t, c), SMB_FAULT_IN, spy_frame, s);
}

static inline void spy_stop(struct torture_ctx *t, struct cli_conn *c)
{
	smb_fault_drop_matching(torture_fault(t, c), SMB_FAULT_IN, NULL, NULL);
}

static inline bool interim_or_done(const struct cli_req *r)
{
	return r->interim || r->done;
}

static inline void wait_timer(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	*(bool *)arg = true;
}

/* Run the loop until r has its interim response (or is done), at most the
 * target's timeout.  True when the interim arrived. */
static inline bool wait_interim(struct torture_ctx *t, struct cli_req *r)
{
	struct timeval tv = { t->tgt->timeout_ms / 1000, (t->tgt->timeout_ms % 1000) * 1000 };
	bool expired = false;
	struct event *tm;

	if (interim_or_done(r))
		return r->interim;
	tm = evtimer_new(t->base, wait_timer, &expired);
	if (!tm)
		torture_fail(t, "out of memory");
	evtimer_add(tm, &tv);
	while (!interim_or_done(r) && !expired)
		event_base_loop(t->base, EVLOOP_ONCE);
	event_free(tm);
	return r->interim;
}

/* An unsigned CANCEL with these header fields, written straight to the
 * connection's transport (MS-SMB2 2.2.30; no credits, no response). */
static inline void raw_cancel(struct torture_ctx *t, struct cli_conn *c, uint64_t session_id,
                              uint32_t tree_id, bool async, uint64_t id)
{
	struct smb2_cancel_req body = { 0 };
	struct smb2_hdr h;
	struct iovec iov;
	struct wr w;
	int rc = -1;

	memset(&h, 0, sizeof(h));
	h.command = SMB2_CANCEL;
	h.session_id = session_id;
	if (async) {
		h.flags = SMB2_FLAGS_ASYNC_COMMAND;
		h.async_id = id;
	} else {
		h.message_id = id;
		h.process_id = 0xFEFF;
		h.tree_id = tree_id;
	}
	wr_init(&w, SMB2_MAX_PDU_PRE_NEGOTIATE);
	if (smb2_hdr_encode(&w, &h) == STATUS_SUCCESS &&
	    smb2_cancel_req_encode(&w, &body) == STATUS_SUCCESS && wr_ok(&w)) {
		iov.iov_base = w.buf;
		iov.iov_len = w.len;
		rc = smb_transport_send(c->t, &iov, 1);
	}
	wr_free(&w);
	CHECK_TRUE(t, rc >= 0, "CANCEL not sent (%d)", rc);
}

/* An ECHO on c answered with success: everything the server sent before
 * it has arrived (the server answers in order). */
static inline void echo_barrier(struct torture_ctx *t, struct cli_conn *c)
{
	CHECK_STATUS(t, cli_echo(c), STATUS_SUCCESS);
}

#endif
