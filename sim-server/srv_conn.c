/*
 * Per-connection state and the request pipeline (MS-SMB2 3.3.5.2): frames
 * from the transport, SMB1 multi-protocol negotiate, transform/decrypt,
 * compound splitting with related-operation state (3.3.5.2.7), the credit
 * window (3.3.1.2, 3.3.5.2.3, 3.3.5.2.5); srv_send.c sends the responses.
 *
 * Bad framing, a message id outside the window, a header that does not
 * decode, a request before NEGOTIATE, or a transform that does not
 * decrypt drops the connection (after what was already answered); a body
 * that does not decode is answered STATUS_INVALID_PARAMETER.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "net/transport.h"
#include "sim-server/srv_int.h"
#include "wire/compound.h"
#include "wire/error.h"
#include "wire/transform.h"

#define HDR_OFF_CREDIT 14

static void conn_free(struct srv_conn *c);

struct srv_conn_info *srv_conn_info(struct srv_conn *c)
{
	return &c->info;
}

struct srv_server *srv_conn_server(struct srv_conn *c)
{
	return c->srv;
}

unsigned srv_conn_session_count(const struct srv_conn *c)
{
	return c->session_count;
}

void srv_conn_negotiated(struct srv_conn *c)
{
	c->negotiated = true;
	c->t->max_frame = SMB2_MAX_PDU;
}

void srv_conn_disconnect(struct srv_conn *c)
{
	if (c->dead)
		return;
	c->dead = true;
	smb_transport_disconnect(c->t);
}

void srv_conn_fail(struct srv_conn *c, const char *why)
{
	(void)why;
	if (!c->dead)
		c->srv->disconnects_protocol++;
	srv_conn_disconnect(c);
}

/* ---- credits (3.3.1.2) -------------------------------------------------- */

static bool win_bit(const struct srv_conn *c, uint64_t mid)
{
	unsigned i = (unsigned)(mid % SRV_MAX_CREDITS);
	return (c->win_used[i / 8] >> (i % 8)) & 1u;
}

static void win_set(struct srv_conn *c, uint64_t mid, bool on)
{
	unsigned i = (unsigned)(mid % SRV_MAX_CREDITS);
	if (on)
		c->win_used[i / 8] |= (uint8_t)(1u << (i % 8));
	else
		c->win_used[i / 8] &= (uint8_t)~(1u << (i % 8));
}

bool srv_credit_consume(struct srv_conn *c, uint64_t mid, uint16_t charge)
{
	if (charge == 0 || mid < c->win_low)
		return false;
	if (mid - c->win_low > c->win_size || charge > c->win_size - (mid - c->win_low))
		return false;
	for (uint64_t i = 0; i < charge; i++)
		if (win_bit(c, mid + i))
			return false;
	for (uint64_t i = 0; i < charge; i++)
		win_set(c, mid + i, true);
	c->win_used_count += charge;
	while (c->win_size && win_bit(c, c->win_low)) {
		win_set(c, c->win_low, false);
		c->win_low++;
		c->win_size--;
		c->win_used_count--;
	}
	return true;
}

uint16_t srv_credit_grant(struct srv_conn *c, uint16_t requested)
{
	const struct srv_settings *set = srv_server_settings(c->srv);
	uint32_t most = set->max_credits && set->max_credits < SRV_MAX_CREDITS ? set->max_credits
	                                                                        : SRV_MAX_CREDITS;
	uint32_t available = c->win_size - c->win_used_count;
	uint32_t room = most > c->win_size ? most - c->win_size : 0;
	uint32_t g = requested;

	/* The client must never be left without a credit (3.3.1.2). */
	if (g == 0 && available == 0)
		g = 1;
	if (g > room)
		g = room;
	c->win_size += g;
	return (uint16_t)g;
}

/* ---- requests ----------------------------------------------------------- */

static uint16_t effective_charge(const struct srv_conn *c, uint16_t field)
{
	/* 3.3.5.2.5: without LARGE_MTU (and on 2.0.2) every request costs one
	 * credit whatever CreditCharge says; with it, 0 counts as 1. */
	if (!c->negotiated || c->info.dialect == SMB2_DIALECT_202 ||
	    !(c->info.server_caps & SMB2_GLOBAL_CAP_LARGE_MTU))
		return 1;
	return field ? field : 1;
}

/* Related operations (3.3.5.2.7.2): inherit the ids of the previous one. */
static NTSTATUS apply_related(struct srv_conn *c, struct srv_req *r, bool first, unsigned count)
{
	if (!r->related)
		return STATUS_SUCCESS;
	if (first)
		return count > 1 ? STATUS_INVALID_PARAMETER : STATUS_SUCCESS;
	if (!c->chain.have_prev)
		return STATUS_INVALID_PARAMETER;
	r->session_id = c->chain.session_id;
	r->tree_id = c->chain.tree_id;
	if (c->chain.prev_status != STATUS_SUCCESS)
		return c->chain.prev_status;
	return STATUS_SUCCESS;
}

/* MS-SMB2 2.2.9: where Flags (3.1.1) or Reserved (earlier) sits. */
#define TCON_OFF_FLAGS (SMB2_HDR_SIZE + 2)

/*
 * Decode a message.  Before 3.1.1 the TREE_CONNECT Flags field is
 * Reserved and the server MUST ignore it (MS-SMB2 2.2.9), so it must not
 * make the codec read a 3.1.1 extension: such a request is decoded from a
 * copy with the field cleared, and the path is pointed back into the
 * message (same offset).
 */
static NTSTATUS decode_msg(const struct srv_conn *c, const struct rd *m, uint16_t command,
                           struct smb2_msg *out)
{
	struct rd mc = *m, cc;
	uint8_t *copy;
	NTSTATUS st;

	if (command != SMB2_TREE_CONNECT || c->info.dialect == SMB2_DIALECT_311 ||
	    m->len < TCON_OFF_FLAGS + 2 || le16(m->base + TCON_OFF_FLAGS) == 0)
		return smb2_msg_decode(&mc, out);
	copy = malloc(m->len);
	if (!copy)
		return STATUS_NO_MEMORY;
	memcpy(copy, m->base, m->len);
	copy[TCON_OFF_FLAGS] = 0;
	copy[TCON_OFF_FLAGS + 1] = 0;
	rd_init(&cc, copy, m->len);
	cc.pos = m->pos;
	st = smb2_msg_decode(&cc, out);
	if (st == STATUS_SUCCESS && out->u.tree_connect_req.path.len)
		out->u.tree_connect_req.path.p = m->base + (out->u.tree_connect_req.path.p - copy);
	free(copy);
	return st;
}

static void process_one(struct srv_conn *c, struct rd *m, bool enc, uint64_t enc_sid,
                        bool first, unsigned count, struct srv_req **rs, unsigned *nr)
{
	struct smb2_hdr h;
	struct rd hc = *m;
	struct srv_req *r;
	NTSTATUS st;
	uint16_t charge;

	if (smb2_hdr_decode(&hc, &h) != STATUS_SUCCESS || smb2_hdr_is_response(&h)) {
		srv_conn_fail(c, "bad SMB2 header");
		return;
	}
	if (!c->negotiated && h.command != SMB2_NEGOTIATE) {
		srv_conn_fail(c, "request before NEGOTIATE");
		return;
	}
	if (h.command == SMB2_CANCEL) {
		srv_cancel(c, &h);
		return;
	}
	charge = effective_charge(c, h.credit_charge);
	if (!srv_credit_consume(c, h.message_id, charge)) {
		srv_conn_fail(c, "MessageId outside the command sequence window");
		return;
	}
	r = srv_req_new(c);
	if (!r) {
		srv_conn_fail(c, "out of memory");
		return;
	}
	r->raw = m->base;
	r->raw_len = m->len;
	r->command = h.command;
	r->message_id = h.message_id;
	r->session_id = h.session_id;
	r->tree_id = h.tree_id;
	r->in.hdr = h;
	r->credit_charge = c->info.dialect == SMB2_DIALECT_202 ? 0 : h.credit_charge;
	r->related = (h.flags & SMB2_FLAGS_RELATED_OPERATIONS) != 0;
	r->was_encrypted = enc;
	r->was_signed = (h.flags & SMB2_FLAGS_SIGNED) != 0;
	st = apply_related(c, r, first, count);
	if (st == STATUS_SUCCESS && enc && r->session_id != enc_sid)
		st = STATUS_ACCESS_DENIED;
	if (st == STATUS_SUCCESS) {
		st = decode_msg(c, m, h.command, &r->in);
		if (st != STATUS_SUCCESS)
			st = STATUS_INVALID_PARAMETER;
		r->in.hdr.session_id = r->session_id;
		r->in.hdr.tree_id = r->tree_id;
	}
	if (st == STATUS_SUCCESS)
		st = srv_dispatch(r);
	r->credits_granted = srv_credit_grant(c, h.credit);
	if (c->dead) {
		srv_req_free(r);
		return;
	}
	c->chain.have_prev = true;
	c->chain.session_id = r->rsp_session_id ? r->rsp_session_id : r->session_id;
	c->chain.tree_id = r->tree_id;
	c->chain.file_id = r->file_id;
	c->chain.prev_status = (st == STATUS_PENDING && r->is_async) ? STATUS_SUCCESS : st;
	if (st == STATUS_PENDING && r->is_async) {
		/* The interim response goes in the chain; r lives on. */
		struct srv_req *im = srv_req_new(c);
		if (!im) {
			srv_conn_fail(c, "out of memory");
			return;
		}
		im->command = r->command;
		im->message_id = r->message_id;
		im->session_id = r->session_id;
		im->tree_id = r->tree_id;
		im->related = r->related;
		im->credit_charge = r->credit_charge;
		im->credits_granted = r->credits_granted;
		im->was_encrypted = r->was_encrypted;
		im->is_async = true;
		im->async_id = r->async_id;
		srv_rsp_finish_hdr(im, STATUS_PENDING);
		r->credits_granted = 0;
		r->raw = NULL;
		r->raw_len = 0;
		r->session = NULL;
		r->tree = NULL;
		rs[(*nr)++] = im;
		return;
	}
	if (st == STATUS_PENDING) {
		st = STATUS_INTERNAL_ERROR;
		c->chain.prev_status = st;
	}
	srv_rsp_finish_hdr(r, st);
	rs[(*nr)++] = r;
}

static void process_chain(struct srv_conn *c, const uint8_t *buf, size_t len, bool enc,
                          uint64_t enc_sid)
{
	struct srv_req *rs[SMB2_MAX_COMPOUND];
	struct smb2_compound_iter it;
	unsigned nr = 0, count;
	NTSTATUS st;
	struct rd m;

	count = smb2_compound_count(buf, len, &st);
	if (count == 0) {
		srv_conn_fail(c, "malformed compound chain");
		return;
	}
	memset(&c->chain, 0, sizeof(c->chain));
	smb2_compound_init(&it, buf, len);
	while (!c->dead && smb2_compound_next(&it, &m))
		process_one(c, &m, enc, enc_sid, it.index == 0, count, rs, &nr);
	srv_send_responses(c, rs, nr);
	for (unsigned i = 0; i < nr; i++) {
		if (rs[i]->logoff)
			srv_session_logoff_done(c->srv, rs[i]->session_id);
		srv_req_free(rs[i]);
	}
}

static void process_transform(struct srv_conn *c, const uint8_t *frame, size_t len)
{
	struct smb2_transform_hdr th;
	struct smb2_blob payload;
	struct srv_session *s;
	struct rd tc;
	uint8_t *plain;
	size_t plen = 0;

	rd_init(&tc, frame, len);
	if (!c->negotiated || c->info.dialect < SMB2_DIALECT_300 ||
	    smb2_transform_decode(&tc, &th, &payload) != STATUS_SUCCESS) {
		srv_conn_fail(c, "unexpected or malformed transform header");
		return;
	}
	s = srv_session_lookup(c->srv, th.session_id);
	if (!s || !s->decryptor || !srv_session_channel(s, c)) {
		srv_conn_fail(c, "transform for an unknown session");
		return;
	}
	plain = malloc(payload.len);
	if (!plain) {
		srv_conn_fail(c, "out of memory");
		return;
	}
	if (smb2_decrypt(s->decryptor, frame, len, plain, payload.len, &plen, NULL) !=
	    STATUS_SUCCESS) {
		free(plain);
		srv_conn_fail(c, "decryption failed");
		return;
	}
	if (smb2_frame_protocol(plain, plen) != SMB2_MAGIC)
		srv_conn_fail(c, "encrypted payload is not SMB2");
	else
		process_chain(c, plain, plen, true, th.session_id);
	free(plain);
}

static void process_smb1(struct srv_conn *c, const uint8_t *frame, size_t len)
{
	struct wr out;

	if (c->negotiated || c->smb1_seen) {
		srv_conn_fail(c, "SMB1 after negotiation");
		return;
	}
	c->smb1_seen = true;
	wr_init(&out, SMB2_MAX_PDU_PRE_NEGOTIATE);
	/* 3.3.5.3.1: the SMB1 request uses MessageId 0. */
	if (!srv_credit_consume(c, 0, 1) || !srv_negotiate_smb1(c, frame, len, &out) ||
	    out.len < SMB2_HDR_SIZE) {
		wr_free(&out);
		srv_conn_fail(c, "SMB1 negotiate refused");
		return;
	}
	put_le16(out.buf + HDR_OFF_CREDIT, srv_credit_grant(c, 1));
	if (srv_conn_send_raw(c, out.buf, out.len) != STATUS_SUCCESS)
		srv_conn_fail(c, "send failed");
	wr_free(&out);
}

static void on_frame(void *arg, const uint8_t *frame, size_t len)
{
	struct srv_conn *c = arg;

	if (c->dead)
		return;
	switch (smb2_frame_protocol(frame, len)) {
	case SMB2_MAGIC:
		process_chain(c, frame, len, false, 0);
		break;
	case SMB2_TRANSFORM_MAGIC:
		process_transform(c, frame, len);
		break;
	case SMB1_MAGIC:
		process_smb1(c, frame, len);
		break;
	default:
		/* Compression is not negotiated (transform.h); anything else is
		 * not SMB. */
		srv_conn_fail(c, "unknown ProtocolId");
		break;
	}
}

static void on_close(void *arg, int err)
{
	(void)err;
	conn_free(arg);
}

NTSTATUS srv_server_add_transport(struct srv_server *srv, struct smb_transport *t)
{
	struct smb_transport_cbs cbs;
	struct srv_conn *c;

	if (srv->conn_count >= SRV_MAX_CONNECTIONS) {
		smb_transport_free(t);
		return STATUS_TOO_MANY_SESSIONS;
	}
	c = calloc(1, sizeof(*c));
	if (!c) {
		smb_transport_free(t);
		return STATUS_NO_MEMORY;
	}
	c->srv = srv;
	c->t = t;
	c->win_size = SRV_INITIAL_CREDITS;
	srv_list_init(&c->channels);
	srv_list_init(&c->async);
	smb2_preauth_init(&c->info.preauth);
	snprintf(c->info.peer, sizeof(c->info.peer), "%s", t->peer_addr);
	t->max_frame = SMB2_MAX_PDU_PRE_NEGOTIATE;
	srv_list_add(&srv->conns, &c->link);
	srv->conn_count++;
	srv->accepted++;
	cbs.on_frame = on_frame;
	cbs.on_close = on_close;
	cbs.arg = c;
	smb_transport_set_cbs(t, &cbs);
	return STATUS_SUCCESS;
}

static void conn_free(struct srv_conn *c)
{
	struct srv_server *srv = c->srv;

	srv_async_conn_gone(c);
	while (!srv_list_empty(&c->channels)) {
		struct srv_channel *ch = srv_container(c->channels.next, struct srv_channel, in_conn);
		struct srv_session *s = ch->session;
		srv_channel_free(ch);
		if (srv_list_empty(&s->channels))
			srv_session_free(s);
		else if (s->owner == c)
			s->owner = srv_container(s->channels.next, struct srv_channel,
			                         in_session)->conn;
	}
	srv_list_del(&c->link);
	srv->conn_count--;
	smb_transport_free(c->t);
	free(c);
}

void srv_server_free(struct srv_server *srv)
{
	if (!srv)
		return;
	while (!srv_list_empty(&srv->conns))
		conn_free(srv_container(srv->conns.next, struct srv_conn, link));
	for (unsigned i = 0; i < SRV_SESSION_HASH; i++)
		while (!srv_list_empty(&srv->sessions[i]))
			srv_session_free(srv_container(srv->sessions[i].next, struct srv_session,
			                               in_hash));
	if (srv->files_free)
		srv->files_free(srv->files);
	free(srv);
}
