/*
 * The connection: transport callbacks, dispatch of responses to their
 * futures (interim and final responses, MS-SMB2 3.2.5.1), credits granted
 * (3.2.5.1.4), the queue of unsolicited break notifications (3.2.5.19),
 * failure of everything pending when the connection goes, and the waits
 * that run the event loop.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <event2/event.h>

#include "crypto/encrypt.h"
#include "crypto/sign.h"
#include "sim-client/lib/cli_int.h"
#include "wire/compound.h"
#include "wire/transform.h"

void cli_log(struct cli_conn *c, const char *fmt, ...)
{
	char buf[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (c->opts.log)
		c->opts.log(c->opts.log_arg, buf);
	else
		fprintf(stderr, "smbsim-client: %s\n", buf);
}

void cli_pending_add(struct cli_conn *c, struct cli_req *r)
{
	r->prev = NULL;
	r->next = c->pending;
	if (c->pending)
		c->pending->prev = r;
	c->pending = r;
}

void cli_pending_remove(struct cli_conn *c, struct cli_req *r)
{
	if (r->prev)
		r->prev->next = r->next;
	else if (c->pending == r)
		c->pending = r->next;
	if (r->next)
		r->next->prev = r->prev;
	r->next = r->prev = NULL;
}

static void req_destroy(struct cli_req *r)
{
	free(r->rsp);
	free(r);
}

void cli_req_complete(struct cli_req *r, NTSTATUS status, bool local_error)
{
	if (r->done)
		return;
	cli_pending_remove(r->conn, r);
	r->done = true;
	r->status = status;
	r->local_error = local_error;
	r->chain = NULL;
	if (r->orphan)
		req_destroy(r);
	else if (r->cb)
		r->cb(r, r->cb_arg);
}

void cli_req_free(struct cli_req *r)
{
	if (!r)
		return;
	if (r->done) {
		req_destroy(r);
		return;
	}
	r->orphan = true;
	r->cb = NULL;
}

bool cli_conn_in_flight(const struct cli_conn *c)
{
	for (const struct cli_req *r = c->pending; r; r = r->next)
		if (r->sent)
			return true;
	return false;
}

int cli_conn_timeout(const struct cli_conn *c, int timeout_ms)
{
	if (timeout_ms > 0)
		return timeout_ms;
	return c->opts.timeout_ms > 0 ? c->opts.timeout_ms : CLI_DEFAULT_TIMEOUT_MS;
}

void cli_conn_fail(struct cli_conn *c, NTSTATUS status)
{
	if (c->dead)
		return;
	c->dead = true;
	c->dead_status = status;
	if (c->t && !c->t_closed)
		smb_transport_disconnect(c->t);
	while (c->sendq) {
		struct cli_chain *ch = c->sendq;
		c->sendq = ch->next;
		cli_chain_free(ch);
	}
	c->sendq_tail = NULL;
	while (c->pending)
		cli_req_complete(c->pending, status, true);
}

void cli_conn_disconnect(struct cli_conn *c)
{
	cli_conn_fail(c, STATUS_CONNECTION_DISCONNECTED);
}

/* ---- unsolicited messages -------------------------------------------- */

static void queue_break(struct cli_conn *c, const uint8_t *msg, size_t len)
{
	struct rd r;
	struct smb2_msg m;
	NTSTATUS st;

	rd_init(&r, msg, len);
	st = smb2_msg_decode(&r, &m);
	if (st != STATUS_SUCCESS || m.kind != SMB2_MSG_RSP(SMB2_OPLOCK_BREAK)) {
		cli_log(c, "malformed break notification dropped (%s at %s, offset %zu)",
		        nt_status_name(st), r.err_field ? r.err_field : "-", r.err_off);
		c->dropped++;
		return;
	}
	if (c->break_count == CLI_MAX_BREAKS) {
		cli_log(c, "break queue full (%d): oldest notification dropped", CLI_MAX_BREAKS);
		c->break_head = (c->break_head + 1) % CLI_MAX_BREAKS;
		c->break_count--;
		c->dropped++;
	}
	struct cli_break *b = &c->breaks[(c->break_head + c->break_count) % CLI_MAX_BREAKS];
	b->session_id = m.hdr.session_id;
	b->brk = m.u.oplock_break_rsp;
	c->break_count++;
}

bool cli_take_break(struct cli_conn *c, struct cli_break *out)
{
	if (!c->break_count)
		return false;
	*out = c->breaks[c->break_head];
	c->break_head = (c->break_head + 1) % CLI_MAX_BREAKS;
	c->break_count--;
	return true;
}

/* ---- responses -------------------------------------------------------- */

static struct cli_req *find_sent(struct cli_conn *c, uint64_t mid)
{
	for (struct cli_req *r = c->pending; r; r = r->next)
		if (r->sent && mid >= r->mid && mid - r->mid < (r->charge ? r->charge : 1))
			return r;
	return NULL;
}

static void grant(struct cli_conn *c, uint16_t credits)
{
	uint64_t n = (uint64_t)c->credits + credits;
	c->credits = n > CLI_MAX_CREDITS ? CLI_MAX_CREDITS : (uint32_t)n;
}

/* Statuses a server may send unsigned on a signing session: the session
 * is gone, so there is no key to sign with (MS-SMB2 3.3.4.1.1). */
static bool unsigned_ok(NTSTATUS st)
{
	return st == STATUS_PENDING || st == STATUS_USER_SESSION_DELETED ||
	       st == STATUS_NETWORK_SESSION_EXPIRED;
}

static void handle_msg(struct cli_conn *c, const uint8_t *msg, size_t len, bool encrypted,
                       struct cli_session *enc_sess)
{
	struct rd r;
	struct smb2_hdr h;
	struct cli_req *req;
	struct cli_session *s;
	NTSTATUS st;

	rd_init(&r, msg, len);
	if (smb2_hdr_decode(&r, &h) != STATUS_SUCCESS) {
		cli_log(c, "response with a malformed header (%zu bytes) dropped", len);
		c->dropped++;
		return;
	}
	if (!smb2_hdr_is_response(&h)) {
		cli_log(c, "request-direction message from the server dropped (mid %llu)",
		        (unsigned long long)h.message_id);
		c->dropped++;
		return;
	}
	if (h.command == SMB2_OPLOCK_BREAK && h.message_id == UINT64_MAX) {
		queue_break(c, msg, len);
		return;
	}
	req = find_sent(c, h.message_id);
	if (!req) {
		cli_log(c, "%s response with unknown message id %llu dropped",
		        smb2_command_name(h.command), (unsigned long long)h.message_id);
		c->dropped++;
		return;
	}
	grant(c, h.credit);
	uint16_t want_cmd = req->has_ov && (req->ov.set & CLI_OV_COMMAND) ? req->ov.command
	                                                                  : req->command;
	if (h.command != want_cmd) {
		cli_log(c, "response to mid %llu is %s, the request was %s",
		        (unsigned long long)h.message_id, smb2_command_name(h.command),
		        smb2_command_name(want_cmd));
		cli_req_complete(req, STATUS_INVALID_NETWORK_RESPONSE, true);
		return;
	}
	if (h.status == STATUS_PENDING && smb2_hdr_is_async(&h)) {
		/* MS-SMB2 3.2.5.1.5: interim response; the final one follows. */
		req->interim = true;
		req->async_id = h.async_id;
		return;
	}

	s = encrypted ? enc_sess : cli_session_find(c, h.session_id);
	if (!s)
		s = req->sess;
	bool is_setup = h.command == SMB2_SESSION_SETUP;
	if (!encrypted && (h.flags & SMB2_FLAGS_SIGNED) && !is_setup && s && s->signer) {
		st = cli_verify_msg(s, msg, len);
		if (st != STATUS_SUCCESS) {
			cli_log(c, "%s response mid %llu: bad signature (%s); request failed",
			        smb2_command_name(h.command), (unsigned long long)h.message_id,
			        nt_status_name(st));
			cli_req_complete(req, STATUS_ACCESS_DENIED, true);
			return;
		}
		req->rsp_signed = true;
	} else if (!encrypted && !is_setup && s && s->signer && s->signing_required &&
	           !unsigned_ok(h.status)) {
		cli_log(c, "%s response mid %llu is not signed on a signing session; request failed",
		        smb2_command_name(h.command), (unsigned long long)h.message_id);
		cli_req_complete(req, STATUS_ACCESS_DENIED, true);
		return;
	}
	if (req->sent_encrypted && !encrypted && !unsigned_ok(h.status)) {
		/* MS-SMB2 3.2.5.1.1: an encrypted request gets an encrypted answer. */
		cli_log(c, "%s response mid %llu is not encrypted on an encrypted session; request failed",
		        smb2_command_name(h.command), (unsigned long long)h.message_id);
		cli_req_complete(req, STATUS_ACCESS_DENIED, true);
		return;
	}
	req->rsp_encrypted = encrypted;

	req->rsp = malloc(len);
	if (!req->rsp) {
		cli_req_complete(req, STATUS_NO_MEMORY, true);
		return;
	}
	memcpy(req->rsp, msg, len);
	req->rsp_len = len;
	rd_init(&r, req->rsp, len);
	st = smb2_msg_decode(&r, &req->msg);
	if (st != STATUS_SUCCESS) {
		cli_log(c, "malformed %s response mid %llu: %s at %s (offset %zu)",
		        smb2_command_name(h.command), (unsigned long long)h.message_id,
		        nt_status_name(st), r.err_field ? r.err_field : "-", r.err_off);
		cli_req_complete(req, STATUS_INVALID_NETWORK_RESPONSE, true);
		return;
	}
	req->has_msg = true;
	cli_req_complete(req, h.status, false);
}

static void on_frame(void *arg, const uint8_t *frame, size_t len)
{
	struct cli_conn *c = arg;
	struct smb2_compound_iter it;
	struct rd m;
	struct wr plain;
	struct cli_session *enc_sess = NULL;
	bool encrypted = false;
	uint32_t proto = smb2_frame_protocol(frame, len);

	if (c->dead)
		return;
	wr_init(&plain, SMB2_MAX_PDU);
	if (proto == SMB2_TRANSFORM_MAGIC) {
		NTSTATUS st = cli_decrypt_frame(c, frame, len, &plain, &enc_sess);
		if (st != STATUS_SUCCESS) {
			/* MS-SMB2 3.2.5.1.1.1: the client disconnects. */
			cli_log(c, "encrypted frame (%zu bytes) does not decrypt: %s; disconnecting",
			        len, nt_status_name(st));
			wr_free(&plain);
			cli_conn_fail(c, STATUS_CONNECTION_DISCONNECTED);
			return;
		}
		frame = plain.buf;
		len = plain.len;
		encrypted = true;
	} else if (proto != SMB2_MAGIC) {
		cli_log(c, "frame of %zu bytes with protocol id 0x%08x dropped", len, proto);
		c->dropped++;
		wr_free(&plain);
		return;
	}
	smb2_compound_init(&it, frame, len);
	while (!c->dead && smb2_compound_next(&it, &m))
		handle_msg(c, m.base, m.len, encrypted, enc_sess);
	if (it.status != STATUS_SUCCESS) {
		cli_log(c, "malformed compound response: %s at frame offset %zu; rest dropped",
		        nt_status_name(it.status), it.err_off);
		c->dropped++;
	}
	wr_free(&plain);
	if (!c->dead)
		cli_pump(c);
}

static void on_close(void *arg, int err)
{
	struct cli_conn *c = arg;

	c->t_closed = true;
	if (!c->dead && err)
		cli_log(c, "connection lost: %s", strerror(-err));
	cli_conn_fail(c, STATUS_CONNECTION_DISCONNECTED);
}

NTSTATUS cli_conn_new(struct event_base *base, struct smb_transport *t,
                      const struct cli_conn_opts *opts, struct cli_conn **out)
{
	struct cli_conn *c = calloc(1, sizeof(*c));
	struct smb_transport_cbs cbs;

	if (!c) {
		smb_transport_free(t);
		return STATUS_NO_MEMORY;
	}
	c->base = base;
	c->t = t;
	if (opts)
		c->opts = *opts;
	if (!c->opts.dialect_min)
		c->opts.dialect_min = SMB2_DIALECT_202;
	if (!c->opts.dialect_max)
		c->opts.dialect_max = SMB2_DIALECT_311;
	if (c->opts.cipher_count > CLI_MAX_ALGS || c->opts.sign_alg_count > CLI_MAX_ALGS) {
		smb_transport_free(t);
		free(c);
		return STATUS_INVALID_PARAMETER;
	}
	c->credits = 1;     /* MS-SMB2 3.2.4.1.5: one credit before NEGOTIATE */
	cbs.on_frame = on_frame;
	cbs.on_close = on_close;
	cbs.arg = c;
	smb_transport_set_cbs(t, &cbs);
	*out = c;
	return STATUS_SUCCESS;
}

void cli_conn_free(struct cli_conn *c)
{
	if (!c)
		return;
	cli_conn_fail(c, STATUS_CONNECTION_DISCONNECTED);
	while (c->sessions)
		cli_session_free(c->sessions);
	smb_transport_free(c->t);
	if (c->kick)
		event_free(c->kick);
	free(c->gss_blob);
	free(c);
}

/* ---- waits ------------------------------------------------------------ */

struct wait_state {
	bool timed_out;
};

static void wait_timeout(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	((struct wait_state *)arg)->timed_out = true;
}

NTSTATUS cli_run_until(struct event_base *base, int ms, bool (*done)(void *), void *arg)
{
	struct wait_state ws = { false };
	struct timeval tv = { ms / 1000, (ms % 1000) * 1000 };
	struct event *ev = evtimer_new(base, wait_timeout, &ws);

	if (!ev)
		return STATUS_NO_MEMORY;
	evtimer_add(ev, &tv);
	while (!done(arg) && !ws.timed_out) {
		if (event_base_loop(base, EVLOOP_ONCE) < 0)
			break;
	}
	event_free(ev);
	if (done(arg))
		return STATUS_SUCCESS;
	return STATUS_IO_TIMEOUT;
}

struct wait_reqs {
	struct cli_req **reqs;
	unsigned n;
};

static bool reqs_done(void *arg)
{
	struct wait_reqs *w = arg;

	for (unsigned i = 0; i < w->n; i++)
		if (!w->reqs[i]->done)
			return false;
	return true;
}

NTSTATUS cli_wait_all(struct cli_req **reqs, unsigned n, int timeout_ms)
{
	struct wait_reqs w = { reqs, n };
	NTSTATUS st;

	if (!n)
		return STATUS_SUCCESS;
	st = cli_run_until(reqs[0]->conn->base, cli_conn_timeout(reqs[0]->conn, timeout_ms),
	                   reqs_done, &w);
	if (st != STATUS_SUCCESS) {
		cli_log(reqs[0]->conn, "%s request mid %llu: no response within the wait",
		        smb2_command_name(reqs[0]->command), (unsigned long long)reqs[0]->mid);
		return st;
	}
	for (unsigned i = 0; i < n; i++)
		if (reqs[i]->status != STATUS_SUCCESS)
			return reqs[i]->status;
	return STATUS_SUCCESS;
}

NTSTATUS cli_wait(struct cli_req *r, int timeout_ms)
{
	NTSTATUS st = cli_wait_all(&r, 1, timeout_ms);

	return st == STATUS_IO_TIMEOUT && !r->done ? st : r->status;
}

static bool break_or_dead(void *arg)
{
	struct cli_conn *c = arg;

	return c->break_count > 0 || c->dead;
}

NTSTATUS cli_wait_break(struct cli_conn *c, struct cli_break *out, int timeout_ms)
{
	NTSTATUS st = cli_run_until(c->base, cli_conn_timeout(c, timeout_ms), break_or_dead, c);

	if (st != STATUS_SUCCESS)
		return st;
	if (cli_take_break(c, out))
		return STATUS_SUCCESS;
	return c->dead_status;
}
