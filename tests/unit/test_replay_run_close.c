/*
 * Where captured connections end, and closing them there in the replay
 * (replay_ends.c, replay_close.c).  rr_plan_ends() finds each stream's
 * FIN (either side), a final reset, a reset the connection goes on after
 * (socket_wrapper writes those: not an end), a second connection on the
 * same addresses, a stream that never ends.  End to end: client B keeps a
 * delete-on-close file open in d and goes away; client A then lists d and
 * removes it.  Written as a capture with B's FIN where it happened and
 * replayed against a fresh server: B's connection is dropped there,
 * before A's listing, and nothing diverges.  Malformed twin: with --keep-open B stays, the file
 * with it, and A's listing and rmdir diverge.
 */
#include "test_replay_run_util.h"
#include "test_replay_util.h"

#define PORT0 49152

struct fx {
	struct event_base *base;
	struct rr_report rep;
	struct rr_plan plan;
	struct rr_options o;
	struct rt_target tgt;
	bool tgt_up;
	char path[256];
};

static int setup(void **state)
{
	struct fx *x = calloc(1, sizeof(*x));
	int fd;

	assert_non_null(x);
	x->base = event_base_new();
	assert_non_null(x->base);
	rr_report_init(&x->rep);
	rr_plan_init(&x->plan, NULL, 0, &x->rep);
	rt_options(&x->o);
	snprintf(x->path, sizeof(x->path), "%s/smbsim-rr-XXXXXX",
	         getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	fd = mkstemp(x->path);
	assert_true(fd >= 0);
	close(fd);
	*state = x;
	return 0;
}

static int teardown(void **state)
{
	struct fx *x = *state;

	if (x->tgt_up)
		rt_target_stop(&x->tgt);
	unlink(x->path);
	rr_plan_free(&x->plan);
	rr_report_free(&x->rep);
	event_base_free(x->base);
	free(x);
	return 0;
}

static void save(const struct tr_cap *b, const char *path)
{
	FILE *f = fopen(path, "wb");

	assert_non_null(f);
	assert_int_equal(fwrite(b->p, 1, b->len, f), b->len);
	assert_int_equal(fclose(f), 0);
}

static void echo_pair(struct tr_conv *c, uint64_t mid)
{
	struct wr w;

	wr_init(&w, 1024);
	tr_echo(&w, false, mid);
	tr_frame(c, TR_C2S, w.buf, w.len);
	tr_echo(&w, true, mid);
	tr_frame(c, TR_S2C, w.buf, w.len);
	wr_free(&w);
}

static void load(struct fx *x)
{
	struct rp_options ro;
	char err[256];

	memset(&ro, 0, sizeof(ro));
	assert_int_equal(rr_plan_load(&x->plan, x->path, &ro, err, sizeof(err)), 0);
}

/* Frame numbers: each tr_segment is one record, counted from 1. */
static void test_ends(void **state)
{
	struct fx *x = *state;
	struct tr_cap b;
	struct tr_conv c[5];
	uint32_t fin_b, rst_c, reuse_fin;

	tr_cap_init(&b, TL_ETHERNET, false);
	for (int i = 0; i < 5; i++)
		tr_conv_init(&c[i], &b, 4, (uint16_t)(PORT0 + i), 445);
	c[4].port[0] = PORT0 + 1;       /* a later connection on B's addresses */
	for (int i = 0; i < 4; i++) {
		tr_handshake(&c[i]);
		echo_pair(&c[i], 1);
	}
	/* B: FIN from the client. */
	fin_b = b.records + 1;
	tr_fin(&c[1]);
	/* C: a reset with data after it (socket_wrapper), then a final one. */
	tr_segment(&c[2], TR_S2C, TR_RST | TR_ACK, c[2].seq[1], NULL, 0, 0);
	echo_pair(&c[2], 2);
	rst_c = b.records + 1;
	tr_segment(&c[2], TR_S2C, TR_RST | TR_ACK, c[2].seq[1], NULL, 0, 0);
	/* D: the server's FIN comes first. */
	tr_segment(&c[3], TR_S2C, TR_FIN | TR_ACK, c[3].seq[1]++, NULL, 0, 0);
	uint32_t fin_d = b.records;
	/* E: B's addresses again, a new connection that ends too. */
	tr_handshake(&c[4]);
	echo_pair(&c[4], 1);
	reuse_fin = b.records + 1;
	tr_fin(&c[4]);
	/* A: no end in the capture. */
	echo_pair(&c[0], 2);
	save(&b, x->path);
	tr_cap_free(&b);
	load(x);
	assert_int_equal(x->plan.n_streams, 5);
	assert_int_equal(x->plan.streams[0].end_frame, UINT64_MAX);
	assert_int_equal(x->plan.streams[1].end_frame, fin_b);
	assert_int_equal(x->plan.streams[2].end_frame, rst_c);
	assert_int_equal(x->plan.streams[3].end_frame, fin_d);
	assert_int_equal(x->plan.streams[4].end_frame, reuse_fin);
}

/* Twin: a file that disappeared between the two passes. */
static void test_ends_unreadable(void **state)
{
	struct fx *x = *state;
	struct rp_options ro;
	char err[256];

	memset(&ro, 0, sizeof(ro));
	unlink(x->path);
	assert_int_equal(rr_plan_ends(&x->plan, x->path, &ro, err, sizeof(err)), -1);
	assert_non_null(strstr(err, x->path));
	/* stdin cannot be read twice: every end unknown, no error. */
	assert_int_equal(rr_plan_ends(&x->plan, "-", &ro, err, sizeof(err)), 0);
}

/* The conversation, recorded; the frame index (in cap) after which B's
 * connection went in *b_end. */
static void record(struct fx *x, struct rt_capture *cap, size_t *b_end)
{
	struct rt_target t;
	struct cli_conn *a, *b;
	struct cli_tree *ta, *tb;
	struct smb2_fileid f;
	int n = 0;

	rt_target_start(&t, x->base);
	a = rt_rec_connect(&t, cap, NULL);
	b = rt_rec_connect(&t, cap, NULL);
	ta = rt_logon(a, SMB2_DIALECT_311);
	tb = rt_logon(b, SMB2_DIALECT_311);
	assert_status(cli_mkdir(ta, "d"), STATUS_SUCCESS);
	f = rt_open_file(tb, "d\\tmp.txt", SMB2_GENERIC_WRITE | SMB2_DELETE, SMB2_FILE_CREATE,
	              SMB2_FILE_NON_DIRECTORY_FILE | SMB2_FILE_DELETE_ON_CLOSE);
	assert_status(cli_write(tb, f, 0, (const uint8_t *)"x", 1), STATUS_SUCCESS);
	/* B goes away with the file open; the server closes it (and deletes
	 * it) once it sees the connection go. */
	cli_tree_free(tb);
	cli_conn_free(b);
	*b_end = cap->n;
	tu_loop_drain(x->base);
	assert_false(rt_exists(&t, "d/tmp.txt"));
	f = rt_open_file(ta, "d", SMB2_FILE_LIST_DIRECTORY, SMB2_FILE_OPEN, SMB2_FILE_DIRECTORY_FILE);
	assert_status(cli_query_directory(ta, f, "*", rt_count_cb, &n), STATUS_SUCCESS);
	assert_int_equal(n, 2);
	assert_status(cli_close(ta, f), STATUS_SUCCESS);
	assert_status(cli_rmdir(ta, "d"), STATUS_SUCCESS);
	cli_tree_free(ta);
	cli_conn_free(a);
	rt_target_stop(&t);
}

/* The recording as a capture, B's FIN after its last frame. */
static void write_capture(struct fx *x)
{
	struct rt_capture cap = { 0 };
	struct tr_cap b;
	struct tr_conv c[2];
	size_t b_end;

	record(x, &cap, &b_end);
	tr_cap_init(&b, TL_ETHERNET, false);
	for (int i = 0; i < 2; i++) {
		tr_conv_init(&c[i], &b, 4, (uint16_t)(PORT0 + i), 445);
		tr_handshake(&c[i]);
	}
	for (size_t i = 0; i < cap.n; i++) {
		if (i == b_end)
			tr_fin(&c[1]);
		tr_frame(&c[cap.f[i].stream], cap.f[i].c2s ? TR_C2S : TR_S2C, cap.f[i].p,
		         cap.f[i].len);
	}
	tr_fin(&c[0]);
	save(&b, x->path);
	tr_cap_free(&b);
	rt_capture_free(&cap);
	load(x);
	assert_int_equal(x->plan.n_streams, 2);
	assert_true(x->plan.streams[1].end_frame < UINT64_MAX);
	rt_target_start(&x->tgt, x->base);
	x->tgt_up = true;
}

static void test_closed_at_fin(void **state)
{
	struct fx *x = *state;

	write_capture(x);
	rt_replay(&x->plan, &x->o, &x->tgt, &x->rep);
	if (x->rep.divergences)
		rr_report_text(&x->rep, "recorded", "in-process", stderr);
	assert_int_equal(x->rep.divergences, 0);
	assert_int_equal(x->rep.matched, x->rep.replayed);
	assert_true(x->plan.streams[1].closed);
	assert_false(rt_exists(&x->tgt, "d"));
	/* Parallel: the same. */
	rr_report_free(&x->rep);
	rr_report_init(&x->rep);
	for (size_t i = 0; i < x->plan.n_ops; i++)
		x->plan.ops[i].st = RR_ST_WAIT;
	for (size_t i = 0; i < x->plan.n_units; i++)
		x->plan.units[i].issued = false;
	for (size_t i = 0; i < x->plan.n_streams; i++) {
		struct rr_stream *s = &x->plan.streams[i];
		s->next = 0;
		s->conn_tried = s->closed = false;
		s->conn = NULL;
		rr_map_free(&s->sess);
		rr_map_free(&s->trees);
		rr_map_free(&s->fids);
	}
	x->o.parallel = true;
	rt_replay(&x->plan, &x->o, &x->tgt, &x->rep);
	if (x->rep.divergences)
		rr_report_text(&x->rep, "recorded", "in-process", stderr);
	assert_int_equal(x->rep.divergences, 0);
}

/* Twin: --keep-open keeps B, and its file. */
static void test_keep_open(void **state)
{
	struct fx *x = *state;
	bool names = false, rmdir = false;

	write_capture(x);
	x->o.keep_open = true;
	rt_replay(&x->plan, &x->o, &x->tgt, &x->rep);
	for (size_t i = 0; i < x->rep.n_divs; i++) {
		const struct rr_div *d = &x->rep.divs[i];
		if (d->at.command == SMB2_QUERY_DIRECTORY && strcmp(d->field, "FileNames") == 0 &&
		    d->detail && strstr(d->detail, "extra: tmp.txt"))
			names = true;
		if (d->at.command == SMB2_SET_INFO && strcmp(d->replayed, "STATUS_DIRECTORY_NOT_EMPTY") == 0)
			rmdir = true;
	}
	assert_true(names);
	assert_true(rmdir);
	assert_false(x->plan.streams[1].closed);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_ends, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ends_unreadable, setup, teardown),
		cmocka_unit_test_setup_teardown(test_closed_at_fin, setup, teardown),
		cmocka_unit_test_setup_teardown(test_keep_open, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
