/*
 * Oplock breaks in `smbsim-replay run`.  smbsim's server grants no
 * oplocks yet, so a relay between each client connection and the server
 * plays the oplock part of a server: it grants the batch oplock a CREATE
 * asks for (patching the response), and when another connection opens the
 * same name it sends the holder a break notification to level II and holds
 * that CREATE back until the holder acknowledges (which the relay
 * answers).  A conversation of two clients through it is recorded; the
 * replay through a fresh relay must send the captured acknowledgement when
 * the target's break comes, pair the notifications, and match everything.
 * Malformed twin: the same capture against the bare server, which sends no
 * break: the acknowledgement is skipped after the timeout and the missing
 * break, the missing notification and the oplock level are divergences.
 */
#include "test_replay_run_util.h"

#define RELAY_MAX 8
#define NAME_MAX_BYTES 128
/* CREATE response: OplockLevel and FileId offsets in the message
 * (MS-SMB2 2.2.14). */
#define CREATE_RSP_OPLOCK (SMB2_HDR_SIZE + 2)
#define CREATE_RSP_FILEID (SMB2_HDR_SIZE + 64)

struct world;

struct relay {
	struct world *w;
	struct smb_transport *ra;       /* toward the client */
	struct smb_transport *rb;       /* toward the server */
	bool want_batch;
	uint64_t batch_mid;
	char want_name[NAME_MAX_BYTES];
	bool holds;                     /* a batch oplock on name/fid */
	char name[NAME_MAX_BYTES];
	struct smb2_fileid fid;
	uint8_t *held;                  /* a CREATE waiting for another's ack */
	size_t held_len;
	struct relay *held_for;
};

struct world {
	struct rt_target *t;
	struct relay r[RELAY_MAX];
	unsigned n;
	unsigned breaks_sent;
};

static void send_to(struct smb_transport *t, const uint8_t *p, size_t len)
{
	struct iovec v = { (void *)p, len };

	assert_int_equal(smb_transport_send(t, &v, 1), 0);
}

static void send_msg(struct smb_transport *t, const struct smb2_msg *m)
{
	struct wr w;

	wr_init(&w, SMB2_MAX_PDU);
	assert_int_equal(smb2_msg_encode(&w, m), STATUS_SUCCESS);
	send_to(t, w.buf, w.len);
	wr_free(&w);
}

static bool single(const uint8_t *p, size_t len)
{
	return len >= SMB2_HDR_SIZE && le32(p) == SMB2_MAGIC && le32(p + 20) == 0;
}

static void create_name(const struct smb2_msg *m, char *out)
{
	size_t n;

	assert_int_equal(utf16le_to_utf8(m->u.create_req.name.p, m->u.create_req.name.len, out,
	                                 NAME_MAX_BYTES, &n),
	                 STATUS_SUCCESS);
}

static void from_client(void *arg, const uint8_t *p, size_t len)
{
	struct relay *r = arg;
	struct smb2_msg m;
	struct rd c;

	rd_init(&c, p, len);
	if (!single(p, len) || smb2_msg_decode(&c, &m) != STATUS_SUCCESS) {
		send_to(r->rb, p, len);
		return;
	}
	if (m.hdr.command == SMB2_OPLOCK_BREAK &&
	    m.u.oplock_break_req.kind == SMB2_BREAK_OPLOCK_ACK) {
		struct smb2_msg a;

		/* The server's part: answer the acknowledgement, then let the
		 * CREATE that waited for it go on. */
		memset(&a, 0, sizeof(a));
		a.hdr.command = SMB2_OPLOCK_BREAK;
		a.hdr.flags = SMB2_FLAGS_SERVER_TO_REDIR;
		a.hdr.message_id = m.hdr.message_id;
		a.hdr.credit = 1;
		a.hdr.session_id = m.hdr.session_id;
		a.hdr.tree_id = m.hdr.tree_id;
		a.kind = SMB2_MSG_RSP(SMB2_OPLOCK_BREAK);
		a.u.oplock_break_rsp.kind = SMB2_BREAK_OPLOCK;
		a.u.oplock_break_rsp.oplock_level = m.u.oplock_break_req.oplock_level;
		a.u.oplock_break_rsp.file_id = m.u.oplock_break_req.file_id;
		send_msg(r->ra, &a);
		r->holds = false;
		for (unsigned i = 0; i < r->w->n; i++) {
			struct relay *o = &r->w->r[i];
			if (o->held && o->held_for == r) {
				send_to(o->rb, o->held, o->held_len);
				free(o->held);
				o->held = NULL;
				o->held_for = NULL;
			}
		}
		return;
	}
	if (m.hdr.command == SMB2_CREATE) {
		char name[NAME_MAX_BYTES];

		create_name(&m, name);
		for (unsigned i = 0; i < r->w->n; i++) {
			struct relay *o = &r->w->r[i];
			struct smb2_msg b;
			if (o == r || !o->holds || strcmp(o->name, name) != 0)
				continue;
			memset(&b, 0, sizeof(b));
			b.hdr.command = SMB2_OPLOCK_BREAK;
			b.hdr.flags = SMB2_FLAGS_SERVER_TO_REDIR;
			b.hdr.message_id = UINT64_MAX;
			b.kind = SMB2_MSG_RSP(SMB2_OPLOCK_BREAK);
			b.u.oplock_break_rsp.kind = SMB2_BREAK_OPLOCK;
			b.u.oplock_break_rsp.oplock_level = SMB2_OPLOCK_LEVEL_II;
			b.u.oplock_break_rsp.file_id = o->fid;
			send_msg(o->ra, &b);
			r->w->breaks_sent++;
			r->held = malloc(len);
			assert_non_null(r->held);
			memcpy(r->held, p, len);
			r->held_len = len;
			r->held_for = o;
			return;
		}
		if (m.u.create_req.requested_oplock_level == SMB2_OPLOCK_LEVEL_BATCH) {
			r->want_batch = true;
			r->batch_mid = m.hdr.message_id;
			strcpy(r->want_name, name);
		}
	}
	if (m.hdr.command == SMB2_CLOSE && r->holds &&
	    m.u.close_req.file_id.persistent == r->fid.persistent &&
	    m.u.close_req.file_id.volatile_ == r->fid.volatile_)
		r->holds = false;
	send_to(r->rb, p, len);
}

static void from_server(void *arg, const uint8_t *p, size_t len)
{
	struct relay *r = arg;

	if (r->want_batch && single(p, len) && le16(p + 12) == SMB2_CREATE &&
	    le64(p + 24) == r->batch_mid && le32(p + 8) == STATUS_SUCCESS &&
	    len >= CREATE_RSP_FILEID + 16) {
		uint8_t *q = malloc(len);

		assert_non_null(q);
		memcpy(q, p, len);
		q[CREATE_RSP_OPLOCK] = SMB2_OPLOCK_LEVEL_BATCH;
		r->want_batch = false;
		r->holds = true;
		strcpy(r->name, r->want_name);
		r->fid.persistent = le64(q + CREATE_RSP_FILEID);
		r->fid.volatile_ = le64(q + CREATE_RSP_FILEID + 8);
		send_to(r->ra, q, len);
		free(q);
		return;
	}
	send_to(r->ra, p, len);
}

static void closed_a(void *arg, int err)
{
	struct relay *r = arg;

	(void)err;
	smb_transport_disconnect(r->rb);
}

static void closed_b(void *arg, int err)
{
	struct relay *r = arg;

	(void)err;
	smb_transport_disconnect(r->ra);
}

/* A client transport reaching w's target through a relay. */
static struct smb_transport *relay_transport(struct world *w)
{
	struct relay *r;
	struct smb_transport *ca, *sb;
	struct smb_transport_cbs cb_a, cb_b;

	assert_true(w->n < RELAY_MAX);
	r = &w->r[w->n++];
	memset(r, 0, sizeof(*r));
	r->w = w;
	assert_int_equal(smb_mem_pair_new(w->t->base, &ca, &r->ra), 0);
	assert_int_equal(smb_mem_pair_new(w->t->base, &r->rb, &sb), 0);
	r->ra->max_frame = SMB2_MAX_PDU;
	r->rb->max_frame = SMB2_MAX_PDU;
	cb_a = (struct smb_transport_cbs){ from_client, closed_a, r };
	cb_b = (struct smb_transport_cbs){ from_server, closed_b, r };
	smb_transport_set_cbs(r->ra, &cb_a);
	smb_transport_set_cbs(r->rb, &cb_b);
	assert_int_equal(srv_server_add_transport(w->t->srv, sb), STATUS_SUCCESS);
	return ca;
}

static void world_free(struct world *w)
{
	for (unsigned i = 0; i < w->n; i++) {
		smb_transport_free(w->r[i].ra);
		smb_transport_free(w->r[i].rb);
		free(w->r[i].held);
	}
	w->n = 0;
}

/* The engine's connector through a relay. */
static NTSTATUS relay_connect(void *arg, struct event_base *base, const struct cli_conn_opts *o,
                              struct cli_conn **out)
{
	struct world *w = arg;

	w->t->connects++;
	return cli_conn_new(base, relay_transport(w), o, out);
}

/* A recorded connection through the relay. */
static struct cli_conn *rec_connect(struct world *w, struct rt_capture *c)
{
	struct smb_transport *f;
	struct cli_conn *conn;

	assert_int_equal(smb_fault_new(relay_transport(w), &f), 0);
	c->taps[c->streams].cap = c;
	c->taps[c->streams].stream = c->streams;
	smb_fault_tap(f, rt_tap_fn, &c->taps[c->streams]);
	c->streams++;
	assert_status(cli_conn_new(w->t->base, f, NULL, &conn), STATUS_SUCCESS);
	return conn;
}

static struct cli_req *create_send(struct cli_tree *t, const char *name, uint8_t oplock)
{
	struct cli_create_args a;
	struct cli_req *r;

	memset(&a, 0, sizeof(a));
	a.desired_access = SMB2_GENERIC_READ | SMB2_GENERIC_WRITE;
	a.share_access = SMB2_FILE_SHARE_READ | SMB2_FILE_SHARE_WRITE;
	a.disposition = SMB2_FILE_OPEN_IF;
	a.options = SMB2_FILE_NON_DIRECTORY_FILE;
	a.oplock = oplock;
	assert_status(cli_create_send(t, name, &a, NULL, &r), STATUS_SUCCESS);
	return r;
}

/* Client A holds a batch oplock on o.txt; client B opens it; A gets the
 * break and acknowledges; B's open completes; both close. */
static void record_break(struct rt_target *t, struct rt_capture *cap)
{
	struct world w = { t, { { 0 } }, 0, 0 };
	struct cli_conn *a = rec_connect(&w, cap), *b = rec_connect(&w, cap);
	struct cli_tree *ta = rt_logon(a, SMB2_DIALECT_210);
	struct cli_tree *tb = rt_logon(b, SMB2_DIALECT_210);
	struct cli_req *ra, *rb, *ack;
	struct cli_open oa, ob;
	struct cli_break brk;
	struct smb2_msg m;
	struct cli_send_item it = { 0 };

	ra = create_send(ta, "o.txt", SMB2_OPLOCK_LEVEL_BATCH);
	assert_status(cli_wait(ra, 0), STATUS_SUCCESS);
	assert_status(cli_create_recv(ra, &oa), STATUS_SUCCESS);
	assert_int_equal(oa.oplock_level, SMB2_OPLOCK_LEVEL_BATCH);
	cli_req_free(ra);
	rb = create_send(tb, "o.txt", SMB2_OPLOCK_LEVEL_NONE);
	assert_status(cli_wait_break(a, &brk, 0), STATUS_SUCCESS);
	assert_int_equal(brk.brk.oplock_level, SMB2_OPLOCK_LEVEL_II);
	assert_int_equal(brk.brk.file_id.volatile_, oa.id.volatile_);
	assert_false(rb->done);
	memset(&m, 0, sizeof(m));
	m.hdr.command = SMB2_OPLOCK_BREAK;
	m.u.oplock_break_req.kind = SMB2_BREAK_OPLOCK_ACK;
	m.u.oplock_break_req.oplock_level = SMB2_OPLOCK_LEVEL_II;
	m.u.oplock_break_req.file_id = oa.id;
	it.m = &m;
	it.sess = ta->sess;
	it.tree = ta;
	assert_status(cli_send(a, &it, &ack), STATUS_SUCCESS);
	assert_status(cli_wait(ack, 0), STATUS_SUCCESS);
	cli_req_free(ack);
	assert_status(cli_wait(rb, 0), STATUS_SUCCESS);
	assert_status(cli_create_recv(rb, &ob), STATUS_SUCCESS);
	cli_req_free(rb);
	assert_status(cli_close(tb, ob.id), STATUS_SUCCESS);
	assert_status(cli_close(ta, oa.id), STATUS_SUCCESS);
	assert_int_equal(w.breaks_sent, 1);
	cli_tree_free(ta);
	cli_tree_free(tb);
	cli_conn_free(a);
	cli_conn_free(b);
	world_free(&w);
}

struct fx {
	struct event_base *base;
	struct rt_capture cap;
	struct rr_report rep;
	struct rr_plan plan;
	struct rr_options o;
	struct rt_target tgt;
};

static int setup(void **state)
{
	struct fx *x = calloc(1, sizeof(*x));
	struct rt_target rec;

	assert_non_null(x);
	x->base = event_base_new();
	assert_non_null(x->base);
	rt_target_start(&rec, x->base);
	record_break(&rec, &x->cap);
	rt_target_stop(&rec);
	rr_report_init(&x->rep);
	rr_plan_init(&x->plan, NULL, 0, &x->rep);
	rt_feed(&x->plan, &x->cap);
	rt_options(&x->o);
	rt_target_start(&x->tgt, x->base);
	*state = x;
	return 0;
}

static int teardown(void **state)
{
	struct fx *x = *state;

	rt_target_stop(&x->tgt);
	rr_plan_free(&x->plan);
	rr_report_free(&x->rep);
	rt_capture_free(&x->cap);
	event_base_free(x->base);
	free(x);
	return 0;
}

static const struct rr_div *find_div(const struct rr_report *r, uint16_t cmd, const char *field)
{
	for (size_t i = 0; i < r->n_divs; i++)
		if (r->divs[i].at.command == cmd && strcmp(r->divs[i].field, field) == 0)
			return &r->divs[i];
	return NULL;
}

static void test_plan_of_break(void **state)
{
	struct fx *x = *state;
	const struct rr_op *ack = NULL;

	assert_int_equal(x->plan.n_streams, 2);
	assert_int_equal(x->plan.n_notifs, 1);
	assert_int_equal(x->plan.notifs[0].stream, 0);
	assert_int_equal(x->plan.notifs[0].brk.oplock_level, SMB2_OPLOCK_LEVEL_II);
	for (size_t i = 0; i < x->plan.n_ops; i++)
		if (x->plan.ops[i].command == SMB2_OPLOCK_BREAK)
			ack = &x->plan.ops[i];
	assert_non_null(ack);
	assert_false(ack->lease_ack);
	assert_true(ack->has_fid);
	assert_true(ack->has_rsp);
	/* The acknowledgement went before B's CREATE was answered. */
	for (size_t i = 0; i < x->plan.n_ops; i++) {
		const struct rr_op *op = &x->plan.ops[i];
		if (op->stream == 1 && op->command == SMB2_CREATE) {
			assert_true(op->seq < ack->seq);
			assert_true(op->rsp_seq > ack->seq);
			assert_int_equal(rr_cap_state_at(op, ack->seq), RR_CAP_NONE);
		}
	}
}

/* Through a relay: the target breaks; the replay acknowledges. */
static void replay_through_relay(struct fx *x, bool parallel)
{
	struct world w = { &x->tgt, { { 0 } }, 0, 0 };
	struct rr_engine e;

	x->o.parallel = parallel;
	assert_int_equal(rr_engine_init(&e, &x->plan, &x->o, &x->rep, x->base, relay_connect, &w),
	                 0);
	rr_engine_run(&e);
	rr_engine_free(&e);
	world_free(&w);
	if (x->rep.divergences)
		rr_report_text(&x->rep, "recorded", "relay", stderr);
	assert_int_equal(x->rep.divergences, 0);
	assert_int_equal(w.breaks_sent, 1);
	assert_int_equal(x->rep.skipped[RR_SKIP_BREAK_NOT_SENT], 0);
	assert_int_equal(x->rep.matched, x->rep.replayed);
	assert_int_equal(x->rep.replayed, x->rep.total - 6);   /* 2 x (NEGOTIATE + 2 rounds) */
}

static void test_break_replayed(void **state)
{
	replay_through_relay(*state, false);
}

static void test_break_replayed_parallel(void **state)
{
	replay_through_relay(*state, true);
}

/* Twin: a target that sends no break. */
static void test_break_not_sent(void **state)
{
	struct fx *x = *state;
	const struct rr_div *d;
	uint64_t t0 = rr_now_us();

	x->o.timeout_ms = 300;
	rt_replay(&x->plan, &x->o, &x->tgt, &x->rep);
	d = find_div(&x->rep, SMB2_OPLOCK_BREAK, "Break");
	assert_non_null(d);
	assert_string_equal(d->replayed, "no break from the target");
	d = find_div(&x->rep, SMB2_OPLOCK_BREAK, "Notification");
	assert_non_null(d);
	assert_string_equal(d->at.what, "break notification");
	assert_int_equal(d->at.frame, x->plan.notifs[0].frame);
	assert_string_equal(d->replayed, "none");
	d = find_div(&x->rep, SMB2_CREATE, "OplockLevel");
	assert_non_null(d);
	assert_string_equal(d->captured, "BATCH (0x09)");
	assert_string_equal(d->replayed, "NONE (0x00)");
	assert_int_equal(x->rep.skipped[RR_SKIP_BREAK_NOT_SENT], 1);
	assert_int_equal(x->rep.divergences, 3);
	/* The timeout is what ended the wait, and it was not much more. */
	assert_true(rr_now_us() - t0 >= 300000);
	assert_true(rr_now_us() - t0 < 5000000);
}

/* Lease breaks, without a server that grants leases: the captured lease
 * notification and acknowledgement against breaks the "target" sent
 * (put in the engine's list as rr_collect_breaks() would): the
 * acknowledgement finds the break for its mapped lease key, the pair is
 * compared (new lease state), and the unpaired ones are divergences. */
static void test_lease_pairing(void **state)
{
	struct rr_report rep;
	struct rr_plan p;
	struct rr_options o;
	struct rr_engine e;
	struct rt_conv c;
	uint64_t frame = 0;
	uint8_t key[16], other[16], fresh[16];
	struct smb2_msg m;
	const struct rr_op *ack;
	struct rr_notif *b;

	(void)state;
	memset(key, 0x4B, 16);
	memset(other, 0x4C, 16);
	rr_report_init(&rep);
	rr_plan_init(&p, NULL, 0, &rep);
	rt_conv_init(&c, &p, 0, &frame);
	/* Captured: a notification for `key` to lease state R, the
	 * acknowledgement, a second notification for `other` never acked. */
	rt_rsp_of(&m, SMB2_OPLOCK_BREAK, UINT64_MAX, STATUS_SUCCESS);
	m.u.oplock_break_rsp.kind = SMB2_BREAK_LEASE_NOTIFY;
	memcpy(m.u.oplock_break_rsp.lease_key, key, 16);
	m.u.oplock_break_rsp.current_lease_state = 7;
	m.u.oplock_break_rsp.new_lease_state = SMB2_LEASE_READ_CACHING;
	rt_send(&c, &m);
	rt_msg(&m, SMB2_OPLOCK_BREAK, 5);
	m.u.oplock_break_req.kind = SMB2_BREAK_LEASE_ACK;
	memcpy(m.u.oplock_break_req.lease_key, key, 16);
	m.u.oplock_break_req.lease_state = SMB2_LEASE_READ_CACHING;
	rt_send(&c, &m);
	rt_rsp_of(&m, SMB2_OPLOCK_BREAK, UINT64_MAX, STATUS_SUCCESS);
	m.u.oplock_break_rsp.kind = SMB2_BREAK_LEASE_NOTIFY;
	memcpy(m.u.oplock_break_rsp.lease_key, other, 16);
	rt_send(&c, &m);
	assert_int_equal(rr_plan_finish(&p), 0);
	assert_int_equal(p.n_notifs, 2);
	ack = &p.ops[0];
	assert_true(ack->lease_ack);

	rt_options(&o);
	memset(&e, 0, sizeof(e));
	e.plan = &p;
	e.o = &o;
	e.rep = &rep;
	rr_map_init(&e.leases);
	/* No lease key mapped yet: no break can match. */
	assert_null(rr_find_break(&e, ack));
	assert_int_equal(rr_id16_map(&e.leases, key, true, fresh), 0);
	/* The target's breaks: one for the fresh key, to R|H (differs), one
	 * for a key nobody mapped. */
	e.rbreaks = calloc(2, sizeof(*e.rbreaks));
	assert_non_null(e.rbreaks);
	e.n_rbreaks = e.cap_rbreaks = 2;
	e.rbreaks[0].brk.kind = SMB2_BREAK_LEASE_NOTIFY;
	memcpy(e.rbreaks[0].brk.lease_key, fresh, 16);
	e.rbreaks[0].brk.new_lease_state = SMB2_LEASE_READ_CACHING | SMB2_LEASE_HANDLE_CACHING;
	e.rbreaks[1].brk.kind = SMB2_BREAK_LEASE_NOTIFY;
	memset(e.rbreaks[1].brk.lease_key, 0x77, 16);
	b = rr_find_break(&e, ack);
	assert_ptr_equal(b, &e.rbreaks[0]);
	rr_ack_paired(&e, ack, b);
	assert_true(p.notifs[0].matched);
	assert_true(e.rbreaks[0].matched);
	/* Paired now: not found again. */
	assert_null(rr_find_break(&e, ack));
	assert_int_equal(rep.n_divs, 1);
	assert_string_equal(rep.divs[0].field, "NewLeaseState");
	assert_string_equal(rep.divs[0].captured, "0x00000001");
	assert_string_equal(rep.divs[0].replayed, "0x00000003");
	assert_int_equal(rep.divs[0].at.frame, p.notifs[0].frame);
	/* The end: the second captured notification and the stray replayed
	 * break have no partner. */
	rr_match_breaks(&e);
	assert_int_equal(rep.n_divs, 3);
	assert_string_equal(rep.divs[1].field, "Notification");
	assert_string_equal(rep.divs[1].replayed, "none");
	assert_string_equal(rep.divs[2].field, "Notification");
	assert_string_equal(rep.divs[2].captured, "none");
	assert_string_equal(rep.divs[2].at.what, "break notification (replayed)");
	free(e.rbreaks);
	rr_map_free(&e.leases);
	rr_plan_free(&p);
	rr_report_free(&rep);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_plan_of_break, setup, teardown),
		cmocka_unit_test_setup_teardown(test_break_replayed, setup, teardown),
		cmocka_unit_test_setup_teardown(test_break_replayed_parallel, setup, teardown),
		cmocka_unit_test_setup_teardown(test_break_not_sent, setup, teardown),
		cmocka_unit_test(test_lease_pairing),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
