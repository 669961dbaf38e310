/*
 * When `smbsim-replay run` may send a unit (replay_sched.c): the state a
 * request had in the capture when a later one went (none, interim,
 * answered) and whether the replay has brought it there; path conflicts
 * (same path, a directory and anything below it; not siblings, not
 * other shares; rename targets); the dependency rule within a stream (a client that waited
 * waits again, requests in flight together go together) and across
 * streams (only on conflicting paths, and an unsent earlier request on
 * the same path holds a later one back); the blockers named for giving
 * up; and the pace (asap, original, xN).
 */
#include "test_replay_run_util.h"

struct fx {
	struct rr_report rep;
	struct rr_plan p;
	uint64_t frame;
	struct rt_conv c0, c1;
	struct rr_options o;
	struct rr_engine e;
	struct cli_req fake[8];
	unsigned n_fake;
};

static int setup(void **state)
{
	struct fx *x = calloc(1, sizeof(*x));

	assert_non_null(x);
	rr_report_init(&x->rep);
	rr_plan_init(&x->p, NULL, 0, &x->rep);
	rt_conv_init(&x->c0, &x->p, 0, &x->frame);
	rt_conv_init(&x->c1, &x->p, 1, &x->frame);
	rt_options(&x->o);
	memset(&x->e, 0, sizeof(x->e));
	x->e.plan = &x->p;
	x->e.o = &x->o;
	*state = x;
	return 0;
}

static int teardown(void **state)
{
	struct fx *x = *state;

	rr_plan_free(&x->p);
	rr_report_free(&x->rep);
	free(x);
	return 0;
}

static void tree(struct rt_conv *c, uint32_t tid, const char *unc)
{
	uint8_t u[64];
	struct smb2_msg m;

	rt_msg(&m, SMB2_TREE_CONNECT, 100 + tid);
	m.u.tree_connect_req.path = rt_u16(unc, u, sizeof(u));
	rt_send(c, &m);
	rt_rsp_of(&m, SMB2_TREE_CONNECT, 100 + tid, STATUS_SUCCESS);
	m.hdr.tree_id = tid;
	rt_send(c, &m);
}

static void create_req(struct rt_conv *c, uint64_t mid, uint32_t tid, const char *name)
{
	uint8_t u[64];
	struct smb2_msg m;

	rt_msg(&m, SMB2_CREATE, mid);
	m.hdr.tree_id = tid;
	m.u.create_req.name = rt_u16(name, u, sizeof(u));
	rt_send(c, &m);
}

static void answer(struct rt_conv *c, uint16_t cmd, uint64_t mid, uint64_t fid)
{
	struct smb2_msg m;

	rt_rsp_of(&m, cmd, mid, STATUS_SUCCESS);
	if (cmd == SMB2_CREATE)
		m.u.create_rsp.file_id = (struct smb2_fileid){ fid, fid };
	rt_send(c, &m);
}

static void fid_req(struct rt_conv *c, uint16_t cmd, uint64_t mid, uint32_t tid, uint64_t fid)
{
	struct smb2_msg m;

	rt_msg(&m, cmd, mid);
	m.hdr.tree_id = tid;
	switch (cmd) {
	case SMB2_WRITE: m.u.write_req.file_id = (struct smb2_fileid){ fid, fid }; break;
	case SMB2_READ: m.u.read_req.file_id = (struct smb2_fileid){ fid, fid }; break;
	case SMB2_CLOSE: m.u.close_req.file_id = (struct smb2_fileid){ fid, fid }; break;
	case SMB2_CHANGE_NOTIFY:
		m.u.change_notify_req.file_id = (struct smb2_fileid){ fid, fid };
		break;
	default: fail();
	}
	rt_send(c, &m);
}

/* The op with this stream and MessageId. */
static struct rr_op *op(struct fx *x, uint32_t stream, uint64_t mid)
{
	for (size_t i = 0; i < x->p.n_ops; i++)
		if (x->p.ops[i].stream == stream && x->p.ops[i].mid == mid)
			return &x->p.ops[i];
	fail_msg("no op %u/%llu", stream, (unsigned long long)mid);
	return NULL;
}

static const struct rr_unit *unit_of(struct fx *x, const struct rr_op *o)
{
	return &x->p.units[o->unit];
}

static void sent(struct fx *x, struct rr_op *o)
{
	assert_true(x->n_fake < 8);
	o->st = RR_ST_SENT;
	o->req = &x->fake[x->n_fake++];
	memset(o->req, 0, sizeof(*o->req));
}

static void done(struct rr_op *o)
{
	o->st = RR_ST_DONE;
	o->req = NULL;
}

static bool ready(struct fx *x, const struct rr_op *o)
{
	return rr_unit_deps_met(&x->e, unit_of(x, o));
}

/* One client: CREATE (answered), two WRITEs in flight together, a READ
 * after both answers. */
static void test_same_stream(void **state)
{
	struct fx *x = *state;
	struct rr_op *cr, *w1, *w2, *rd, *tc;
	uint32_t blk[4];

	tree(&x->c0, 1, "\\\\h\\s");
	create_req(&x->c0, 1, 1, "f");
	answer(&x->c0, SMB2_CREATE, 1, 9);
	fid_req(&x->c0, SMB2_WRITE, 2, 1, 9);
	fid_req(&x->c0, SMB2_WRITE, 3, 1, 9);
	answer(&x->c0, SMB2_WRITE, 2, 0);
	answer(&x->c0, SMB2_WRITE, 3, 0);
	fid_req(&x->c0, SMB2_READ, 4, 1, 9);
	tc = op(x, 0, 101);
	cr = op(x, 0, 1);
	w1 = op(x, 0, 2);
	w2 = op(x, 0, 3);
	rd = op(x, 0, 4);
	assert_int_equal(rr_cap_state_at(cr, w1->seq), RR_CAP_FINAL);
	assert_int_equal(rr_cap_state_at(w1, w2->seq), RR_CAP_NONE);
	assert_int_equal(rr_cap_state_at(w1, rd->seq), RR_CAP_FINAL);

	done(tc);
	assert_true(ready(x, cr));
	assert_false(ready(x, w1));       /* the CREATE was answered first */
	sent(x, cr);
	assert_false(ready(x, w1));
	assert_int_equal(rr_unit_blockers(&x->e, unit_of(x, w1), blk, 4), 1);
	assert_int_equal(blk[0], cr - x->p.ops);
	done(cr);
	assert_true(ready(x, w1));
	assert_false(ready(x, w2));       /* w1 not even sent */
	sent(x, w1);
	assert_true(ready(x, w2));        /* in flight together, as captured */
	sent(x, w2);
	assert_false(ready(x, rd));
	done(w1);
	assert_false(ready(x, rd));
	done(w2);
	assert_true(ready(x, rd));
	rr_advance_low(&x->e);
	assert_int_equal(x->e.low, rd - x->p.ops);
}

/* A request sent after another's interim STATUS_PENDING waits for that
 * interim (or the answer), not the final answer. */
static void test_interim(void **state)
{
	struct fx *x = *state;
	struct smb2_msg m;
	struct rr_op *nt, *cr;

	tree(&x->c0, 1, "\\\\h\\s");
	fid_req(&x->c0, SMB2_CHANGE_NOTIFY, 1, 1, 5);
	rt_rsp_of(&m, SMB2_CHANGE_NOTIFY, 1, STATUS_PENDING);
	m.hdr.flags |= SMB2_FLAGS_ASYNC_COMMAND;
	rt_send(&x->c0, &m);
	create_req(&x->c0, 2, 1, "new");
	answer(&x->c0, SMB2_CHANGE_NOTIFY, 1, 0);
	nt = op(x, 0, 1);
	cr = op(x, 0, 2);
	assert_int_equal(rr_cap_state_at(nt, cr->seq), RR_CAP_INTERIM);
	done(op(x, 0, 101));
	sent(x, nt);
	assert_false(ready(x, cr));
	nt->req->interim = true;
	assert_true(ready(x, cr));
	nt->req->interim = false;
	done(nt);
	assert_true(ready(x, cr));
}

static void test_conflicts(void **state)
{
	struct rr_op a, b;
	char p1[] = "s:d", p2[] = "s:d\\f", p3[] = "s:d\\g", p4[] = "t:d", p5[] = "s:",
	     p6[] = "s:d\\f\\x", p7[] = "s:dd";

	(void)state;
	memset(&a, 0, sizeof(a));
	memset(&b, 0, sizeof(b));
	a.paths[0] = p1;
	b.paths[0] = p2;
	assert_true(rr_paths_conflict(&a, &b));     /* parent and child */
	assert_true(rr_paths_conflict(&b, &a));
	a.paths[0] = p3;
	assert_false(rr_paths_conflict(&a, &b));    /* siblings */
	a.paths[0] = p2;
	assert_true(rr_paths_conflict(&a, &b));     /* the same */
	a.paths[0] = p4;
	b.paths[0] = p1;
	assert_false(rr_paths_conflict(&a, &b));    /* other share */
	a.paths[0] = p5;
	assert_true(rr_paths_conflict(&a, &b));     /* the root and a top entry */
	b.paths[0] = p2;
	assert_true(rr_paths_conflict(&a, &b));     /* the root and a grandchild */
	a.paths[0] = p6;
	b.paths[0] = p3;
	assert_false(rr_paths_conflict(&a, &b));    /* cousins (d\f\x, d\g) */
	b.paths[0] = p2;
	a.paths[0] = p6;
	assert_true(rr_paths_conflict(&a, &b));
	a.paths[0] = p7;
	b.paths[0] = p1;
	assert_false(rr_paths_conflict(&a, &b));    /* a prefix is not a parent */
	a.paths[0] = NULL;
	assert_false(rr_paths_conflict(&a, &b));    /* no path, no conflict */
	a.paths[1] = p2;                             /* a rename into d */
	assert_true(rr_paths_conflict(&a, &b));
}

/* Two clients: B reads the file A wrote (after A's CLOSE was answered);
 * B's unrelated CREATE does not wait for A. */
static void test_across_streams(void **state)
{
	struct fx *x = *state;
	struct rr_op *a_cr, *a_wr, *a_cl, *b_cr, *b_other, *a_late;

	tree(&x->c0, 1, "\\\\h\\s");
	tree(&x->c1, 2, "\\\\h\\S");
	create_req(&x->c0, 1, 1, "x");
	answer(&x->c0, SMB2_CREATE, 1, 7);
	fid_req(&x->c0, SMB2_WRITE, 2, 1, 7);
	create_req(&x->c1, 1, 2, "other");       /* while A's WRITE is out */
	answer(&x->c0, SMB2_WRITE, 2, 0);
	fid_req(&x->c0, SMB2_CLOSE, 3, 1, 7);
	answer(&x->c0, SMB2_CLOSE, 3, 0);
	answer(&x->c1, SMB2_CREATE, 1, 8);
	create_req(&x->c1, 2, 2, "X");           /* case folded: A's file */
	create_req(&x->c0, 4, 1, "x");           /* A again, while B's is out */
	a_cr = op(x, 0, 1);
	a_wr = op(x, 0, 2);
	a_cl = op(x, 0, 3);
	b_other = op(x, 1, 1);
	b_cr = op(x, 1, 2);
	a_late = op(x, 0, 4);
	assert_string_equal(b_cr->paths[0], "s:x");
	assert_string_equal(a_wr->paths[0], "s:x");

	done(op(x, 0, 101));
	done(op(x, 1, 102));
	/* B's unrelated CREATE waits for nothing of A's... */
	assert_true(ready(x, b_other));
	/* ...but B's CREATE of x waits for A's answered CLOSE, and before
	 * that for A's earlier requests on x. */
	assert_false(ready(x, b_cr));
	sent(x, a_cr);
	done(a_cr);
	sent(x, a_wr);
	assert_false(ready(x, b_cr));
	done(a_wr);
	sent(x, a_cl);
	sent(x, b_other);
	assert_false(ready(x, b_cr));
	done(a_cl);
	/* B's own earlier CREATE went before it and was answered. */
	assert_false(ready(x, b_cr));
	done(b_other);
	assert_true(ready(x, b_cr));
	/* A's late CREATE of x: B's CREATE of x was in flight then: sent is
	 * enough, unsent is not. */
	assert_false(ready(x, a_late));
	sent(x, b_cr);
	assert_true(ready(x, a_late));
}

static void test_pace(void **state)
{
	struct fx *x = *state;
	struct rr_unit u;

	memset(&u, 0, sizeof(u));
	x->e.start_us = 1000;
	x->e.ts0 = 5000000;
	u.ts_usec = 7000000;
	x->o.pace = RR_PACE_ASAP;
	assert_int_equal(rr_unit_due(&x->e, &u), 0);
	x->o.pace = RR_PACE_ORIGINAL;
	x->o.speed = 1;
	assert_int_equal(rr_unit_due(&x->e, &u), 1000 + 2000000);
	x->o.speed = 4;
	assert_int_equal(rr_unit_due(&x->e, &u), 1000 + 500000);
	/* A unit stamped before the first (clock steps in a capture). */
	u.ts_usec = 1;
	assert_int_equal(rr_unit_due(&x->e, &u), 1000);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_same_stream, setup, teardown),
		cmocka_unit_test_setup_teardown(test_interim, setup, teardown),
		cmocka_unit_test(test_conflicts),
		cmocka_unit_test_setup_teardown(test_across_streams, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pace, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
