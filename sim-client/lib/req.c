/*
 * Building and sending requests: header fields and overrides, compound
 * chains (MS-SMB2 3.2.4.1.4), credit charges and the message-id window
 * (3.2.4.1.5), signing, preauth, the pre-send hook and encryption, in that
 * order, then the transport.  Also CANCEL (3.2.4.24).
 *
 * Message ids are handed out when a frame leaves, in send-queue order, so
 * they only grow and are never reused; a frame waits in the queue while
 * the credits held do not cover its charge (unless ignore_credits).
 */
#include <stdlib.h>
#include <string.h>

#include <event2/event.h>

#include "sim-client/lib/cli_int.h"
#include "wire/compound.h"

/* A reasonable default CreditRequest: what the request uses, plus more
 * while the client holds less than CLI_CREDIT_TARGET. */
#define CLI_CREDIT_TOPUP 64
/* Header byte positions wire/hdr.h does not name (MS-SMB2 2.2.1). */
#define CLI_HDR_OFF_CREDIT_CHARGE 6
#define CLI_HDR_OFF_COMMAND 12

uint16_t cli_credit_charge(const struct cli_conn *c, uint32_t payload)
{
	/* MS-SMB2 3.2.4.1.5: without multi-credit support the field is 0. */
	if (!c->multi_credit)
		return 0;
	if (payload == 0)
		return 1;
	return (uint16_t)((payload - 1) / CLI_CREDIT_UNIT + 1);
}

uint32_t cli_io_chunk(const struct cli_conn *c, uint32_t max)
{
	uint32_t lim = c->multi_credit ? CLI_MAX_IO : CLI_SMALL_MTU_IO;

	if (max && max < lim)
		lim = max;
	if (c->multi_credit && !c->opts.ignore_credits) {
		uint64_t by_credits = (uint64_t)(c->credits ? c->credits : 1) * CLI_CREDIT_UNIT;
		if (by_credits < lim)
			lim = (uint32_t)by_credits;
	}
	return lim;
}

/* Ids a request uses: its CreditCharge, at least one (3.2.4.1.5). */
static uint16_t ids_used(const struct cli_conn *c, uint16_t charge)
{
	if (!c->multi_credit)
		return 1;
	return charge ? charge : 1;
}

void cli_chain_free(struct cli_chain *ch)
{
	if (!ch)
		return;
	for (unsigned i = 0; i < ch->n; i++)
		if (ch->reqs[i] && ch->reqs[i]->chain == ch)
			ch->reqs[i]->chain = NULL;
	wr_free(&ch->w);
	free(ch);
}

static bool should_sign(const struct cli_req *r, bool encrypting)
{
	enum cli_sign_mode mode = r->has_ov ? r->ov.sign : CLI_SIGN_AUTO;

	if (mode == CLI_SIGN_NEVER)
		return false;
	if (mode == CLI_SIGN_ALWAYS)
		return true;
	/* MS-SMB2 3.2.4.1.1: sign when the session requires it; an encrypted
	 * message is not signed (3.2.4.1.8). */
	if (encrypting || !r->sess || !r->sess->signer)
		return false;
	/* 3.2.4.1.1: a 3.1.1 TREE_CONNECT on a session with keys (not
	 * anonymous or guest: those have none) is always signed. */
	if (r->command == SMB2_TREE_CONNECT && r->conn->dialect == SMB2_DIALECT_311)
		return true;
	return r->sess->signing_required;
}

/* Patch ids, sign, hash, hook, encrypt and send one chain.  On failure
 * nothing was sent. */
static NTSTATUS dispatch(struct cli_conn *c, struct cli_chain *ch)
{
	uint8_t *buf = ch->w.buf;
	struct wr enc;
	struct iovec iov;
	NTSTATUS st;
	int rc;

	for (unsigned i = 0; i < ch->n; i++) {
		struct cli_req *r = ch->reqs[i];
		uint8_t *m = buf + r->chain_off;
		uint16_t charge = le16(m + CLI_HDR_OFF_CREDIT_CHARGE);

		r->charge = ids_used(c, charge);
		if (r->has_ov && (r->ov.set & CLI_OV_MESSAGE_ID)) {
			r->mid = r->ov.message_id;
		} else {
			r->mid = c->next_mid;
			c->next_mid += r->charge;
			c->credits = c->credits > r->charge ? c->credits - r->charge : 0;
		}
		put_le64(m + SMB2_HDR_OFF_MESSAGE_ID, r->mid);
		if (should_sign(r, ch->encrypt)) {
			if (r->sess && r->sess->signer) {
				st = cli_sign_msg(r->sess, m, r->chain_len);
				if (st != STATUS_SUCCESS)
					return st;
			} else {
				put_le32(m + SMB2_HDR_OFF_FLAGS,
				         le32(m + SMB2_HDR_OFF_FLAGS) | SMB2_FLAGS_SIGNED);
			}
		}
		if (r->has_ov && (r->ov.set & CLI_OV_SIGNATURE))
			memcpy(m + SMB2_HDR_OFF_SIGNATURE, r->ov.signature, 16);
	}
	for (unsigned i = 0; i < ch->n; i++) {
		struct cli_req *r = ch->reqs[i];
		if (r->has_ov && r->ov.hook)
			r->ov.hook(r->ov.hook_arg, buf, ch->w.len);
	}
	for (unsigned i = 0; i < ch->n; i++)
		cli_preauth_sent(c, ch->reqs[i], buf + ch->reqs[i]->chain_off,
		                 ch->reqs[i]->chain_len);

	iov.iov_base = buf;
	iov.iov_len = ch->w.len;
	wr_init(&enc, SMB2_MAX_PDU + SMB2_TRANSFORM_HDR_SIZE);
	if (ch->encrypt) {
		st = cli_encrypt_frame(ch->enc_sess, buf, ch->w.len, &enc);
		if (st != STATUS_SUCCESS) {
			wr_free(&enc);
			return st;
		}
		iov.iov_base = enc.buf;
		iov.iov_len = enc.len;
	}
	rc = smb_transport_send(c->t, &iov, 1);
	wr_free(&enc);
	if (rc < 0) {
		cli_log(c, "transport refused a frame of %zu bytes (errno %d)", iov.iov_len, -rc);
		return STATUS_CONNECTION_DISCONNECTED;
	}
	for (unsigned i = 0; i < ch->n; i++) {
		ch->reqs[i]->sent = true;
		ch->reqs[i]->sent_encrypted = ch->encrypt;
		ch->reqs[i]->chain = NULL;
	}
	return STATUS_SUCCESS;
}

static bool window_allows(const struct cli_conn *c, const struct cli_chain *ch)
{
	return c->opts.ignore_credits || ch->charge_total <= c->credits;
}

void cli_pump(struct cli_conn *c)
{
	while (!c->dead && c->sendq) {
		struct cli_chain *ch = c->sendq;
		NTSTATUS st;

		if (!window_allows(c, ch)) {
			if (cli_conn_in_flight(c))
				return;   /* responses will bring credits */
			cli_log(c, "a frame needs %u credits and %u are held with nothing in flight",
			        ch->charge_total, c->credits);
			st = STATUS_INSUFFICIENT_RESOURCES;
		} else {
			st = dispatch(c, ch);
		}
		c->sendq = ch->next;
		if (!c->sendq)
			c->sendq_tail = NULL;
		if (st != STATUS_SUCCESS)
			for (unsigned i = 0; i < ch->n; i++)
				cli_req_complete(ch->reqs[i], st, true);
		cli_chain_free(ch);
	}
}

static void apply_override(struct smb2_hdr *h, const struct cli_override *ov)
{
	if (ov->set & CLI_OV_CREDIT_CHARGE)
		h->credit_charge = ov->credit_charge;
	if (ov->set & CLI_OV_CREDIT_REQUEST)
		h->credit = ov->credit_request;
	if (ov->set & CLI_OV_FLAGS)
		h->flags = ov->flags;
	h->flags |= ov->flags_add;
	if (ov->set & CLI_OV_STATUS)
		h->status = ov->status;
	if (ov->set & CLI_OV_CHANNEL_SEQUENCE)
		smb2_hdr_set_channel_sequence(h, ov->channel_sequence);
	if (ov->set & CLI_OV_SESSION_ID)
		h->session_id = ov->session_id;
	if (ov->set & CLI_OV_TREE_ID)
		h->tree_id = ov->tree_id;
	if (ov->set & CLI_OV_PROCESS_ID)
		h->process_id = ov->process_id;
	if (ov->set & CLI_OV_ASYNC_ID) {
		h->flags |= SMB2_FLAGS_ASYNC_COMMAND;
		h->async_id = ov->async_id;
	}
	if (ov->set & CLI_OV_COMMAND)
		h->command = ov->command;
}

static uint16_t credit_request(const struct cli_conn *c, uint16_t charge)
{
	uint32_t want = charge ? charge : 1;

	if (c->credits < CLI_CREDIT_TARGET)
		want += CLI_CREDIT_TOPUP;
	return (uint16_t)want;
}

static void free_new_reqs(struct cli_req **reqs, unsigned n)
{
	for (unsigned i = 0; i < n; i++) {
		free(reqs[i]);
		reqs[i] = NULL;
	}
}

NTSTATUS cli_send_chain(struct cli_conn *c, const struct cli_send_item *items, unsigned n,
                        struct cli_req **reqs)
{
	struct smb2_compound_builder b;
	struct cli_chain *ch;
	struct smb2_msg *m;
	NTSTATUS st = STATUS_SUCCESS;

	if (c->dead)
		return c->dead_status;
	if (n == 0 || n > SMB2_MAX_COMPOUND || !items || !reqs)
		return STATUS_INVALID_PARAMETER;
	ch = calloc(1, sizeof(*ch));
	m = malloc(sizeof(*m));
	if (!ch || !m) {
		free(ch);
		free(m);
		return STATUS_NO_MEMORY;
	}
	ch->conn = c;
	wr_init(&ch->w, SMB2_MAX_PDU);
	smb2_compound_begin(&b, &ch->w);
	for (unsigned i = 0; i < n && st == STATUS_SUCCESS; i++) {
		const struct cli_send_item *it = &items[i];
		struct cli_req *r = calloc(1, sizeof(*r));

		if (!r || !it->m) {
			free(r);
			st = r ? STATUS_INVALID_PARAMETER : STATUS_NO_MEMORY;
			break;
		}
		reqs[i] = r;
		ch->reqs[i] = r;
		ch->n = i + 1;
		r->conn = c;
		r->sess = it->sess;
		r->tree = it->tree;
		r->command = it->m->hdr.command;
		r->cb = it->cb;
		r->cb_arg = it->cb_arg;
		if (it->ov) {
			r->ov = *it->ov;
			r->has_ov = true;
		}
		*m = *it->m;
		memset(&m->hdr, 0, sizeof(m->hdr));
		m->hdr.command = r->command;
		m->hdr.credit_charge = cli_credit_charge(c, it->payload);
		m->hdr.credit = credit_request(c, m->hdr.credit_charge);
		m->hdr.flags = it->m->hdr.flags & ~(uint32_t)(SMB2_FLAGS_SERVER_TO_REDIR |
		                                              SMB2_FLAGS_SIGNED);
		if (it->related)
			m->hdr.flags |= SMB2_FLAGS_RELATED_OPERATIONS;
		m->hdr.process_id = 0xFEFF;
		m->hdr.tree_id = it->tree ? it->tree->id : 0;
		m->hdr.session_id = it->sess ? it->sess->id : 0;
		m->kind = SMB2_MSG_REQ(r->command);
		if (r->has_ov)
			apply_override(&m->hdr, &r->ov);
		ch->charge_total += ids_used(c, m->hdr.credit_charge);
		if (n > 1) {
			st = smb2_compound_add(&b);
			if (st != STATUS_SUCCESS)
				break;
		}
		r->chain_off = ch->w.len;
		/* The body encoder follows the request's own command even when
		 * the header's command is overridden. */
		uint16_t hcmd = m->hdr.command;
		m->hdr.command = r->command;
		st = smb2_msg_encode(&ch->w, m);
		if (st == STATUS_SUCCESS && hcmd != r->command)
			put_le16(ch->w.buf + r->chain_off + CLI_HDR_OFF_COMMAND, hcmd);
	}
	if (st == STATUS_SUCCESS && n > 1)
		st = smb2_compound_end(&b);
	if (st == STATUS_SUCCESS)
		st = wr_status(&ch->w);
	free(m);
	if (st != STATUS_SUCCESS) {
		free_new_reqs(ch->reqs, ch->n);
		wr_free(&ch->w);
		free(ch);
		return st;
	}
	for (unsigned i = 0; i < n; i++) {
		struct cli_req *r = ch->reqs[i];
		size_t end = i + 1 < n ? ch->reqs[i + 1]->chain_off : ch->w.len;
		r->chain_len = end - r->chain_off;
		r->chain = ch;
	}

	struct cli_session *s0 = items[0].sess;
	enum cli_enc_mode em = items[0].ov ? items[0].ov->encrypt : CLI_ENC_AUTO;
	bool can = s0 && s0->enc;
	if (em == CLI_ENC_ALWAYS)
		ch->encrypt = can;
	else if (em == CLI_ENC_AUTO)
		ch->encrypt = can && (s0->encrypt || (items[0].tree && items[0].tree->encrypt) ||
		                      c->opts.require_encryption);
	ch->enc_sess = s0;
	if (em == CLI_ENC_ALWAYS && !can) {
		cli_chain_free(ch);
		free_new_reqs(reqs, n);
		return STATUS_INVALID_PARAMETER;
	}

	/* Nothing queued and the window allows: send now, so that a failure
	 * is the caller's return value rather than a callback. */
	if (!c->sendq && (window_allows(c, ch) || !cli_conn_in_flight(c))) {
		if (!window_allows(c, ch)) {
			cli_log(c, "a frame needs %u credits and %u are held with nothing in flight",
			        ch->charge_total, c->credits);
			cli_chain_free(ch);
			free_new_reqs(reqs, n);
			return STATUS_INSUFFICIENT_RESOURCES;
		}
		st = dispatch(c, ch);
		if (st != STATUS_SUCCESS) {
			cli_chain_free(ch);
			free_new_reqs(reqs, n);
			return st;
		}
		for (unsigned i = 0; i < n; i++)
			cli_pending_add(c, reqs[i]);
		cli_chain_free(ch);
		return STATUS_SUCCESS;
	}
	for (unsigned i = 0; i < n; i++)
		cli_pending_add(c, reqs[i]);
	if (c->sendq_tail)
		c->sendq_tail->next = ch;
	else
		c->sendq = ch;
	c->sendq_tail = ch;
	return STATUS_SUCCESS;
}

NTSTATUS cli_send(struct cli_conn *c, const struct cli_send_item *item, struct cli_req **req)
{
	return cli_send_chain(c, item, 1, req);
}

/* ---- CANCEL ----------------------------------------------------------- */

static void kick_cb(evutil_socket_t fd, short what, void *arg)
{
	struct cli_conn *c = arg;
	struct cli_req *r, *next;

	(void)fd;
	(void)what;
	for (r = c->pending; r; r = next) {
		next = r->next;
		if (r->cancelled_unsent) {
			cli_req_complete(r, STATUS_CANCELLED, true);
			next = c->pending;   /* the list changed under us */
		}
	}
	cli_pump(c);
}

static NTSTATUS cancel_unsent(struct cli_conn *c, struct cli_req *r)
{
	struct cli_chain *ch = r->chain, **pp;

	for (pp = &c->sendq; *pp && *pp != ch; pp = &(*pp)->next)
		;
	if (*pp) {
		*pp = ch->next;
		if (c->sendq_tail == ch) {
			c->sendq_tail = c->sendq;
			while (c->sendq_tail && c->sendq_tail->next)
				c->sendq_tail = c->sendq_tail->next;
		}
	}
	for (unsigned i = 0; i < ch->n; i++)
		ch->reqs[i]->cancelled_unsent = true;
	cli_chain_free(ch);
	if (!c->kick) {
		c->kick = event_new(c->base, -1, 0, kick_cb, c);
		if (!c->kick)
			return STATUS_NO_MEMORY;
	}
	event_active(c->kick, EV_TIMEOUT, 0);
	return STATUS_SUCCESS;
}

NTSTATUS cli_cancel(struct cli_req *r)
{
	struct cli_conn *c = r->conn;
	struct smb2_hdr h;
	struct wr w;
	struct smb2_cancel_req body = { 0 };
	struct iovec iov;
	struct wr enc;
	NTSTATUS st;
	int rc;

	if (r->done)
		return STATUS_NOT_FOUND;
	if (c->dead)
		return c->dead_status;
	if (!r->sent)
		return cancel_unsent(c, r);

	/* MS-SMB2 3.2.4.24: same MessageId (sync) or AsyncId (async); no
	 * credits asked or charged. */
	memset(&h, 0, sizeof(h));
	h.command = SMB2_CANCEL;
	h.message_id = r->interim ? 0 : r->mid;
	h.session_id = r->sess ? r->sess->id : 0;
	if (r->interim) {
		h.flags = SMB2_FLAGS_ASYNC_COMMAND;
		h.async_id = r->async_id;
	} else {
		h.process_id = 0xFEFF;
		h.tree_id = r->tree ? r->tree->id : 0;
	}
	wr_init(&w, SMB2_MAX_PDU_PRE_NEGOTIATE);
	smb2_hdr_encode(&w, &h);
	smb2_cancel_req_encode(&w, &body);
	st = wr_status(&w);
	if (st == STATUS_SUCCESS && !r->sent_encrypted && r->sess && r->sess->signer &&
	    r->sess->signing_required)
		st = cli_sign_msg(r->sess, w.buf, w.len);
	iov.iov_base = w.buf;
	iov.iov_len = w.len;
	wr_init(&enc, SMB2_MAX_PDU_PRE_NEGOTIATE);
	if (st == STATUS_SUCCESS && r->sent_encrypted) {
		st = cli_encrypt_frame(r->sess, w.buf, w.len, &enc);
		iov.iov_base = enc.buf;
		iov.iov_len = enc.len;
	}
	if (st == STATUS_SUCCESS) {
		rc = smb_transport_send(c->t, &iov, 1);
		if (rc < 0)
			st = STATUS_CONNECTION_DISCONNECTED;
	}
	wr_free(&w);
	wr_free(&enc);
	return st;
}
