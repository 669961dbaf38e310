/*
 * `smbsim-replay run` with several client streams, through the real
 * capture reader, and paced: two recorded clients where the second reads
 * and removes the file the first wrote replay with no divergence in
 * capture order and with --parallel (the dependency rule keeps the
 * second's requests after the first's on the same path); --stream picks
 * one of them (malformed twin: that stream alone, against a share that
 * lacks what the other made, diverges); the same conversation written as
 * a pcap and read by rp_capture_open() gives the same plan and replays
 * clean; --pace xN keeps the captured gaps divided by N.
 */
#include "test_replay_run_util.h"

static const char x_text[] = "written by the first client\n";

struct fx {
	struct event_base *base;
	struct rt_capture cap;
	struct rr_report rep;
	struct rr_plan plan;
	struct rr_options o;
	struct rt_target tgt;
	bool tgt_up;
	char pcap[256];
};

/* A writes x.txt and makes dir a; B reads x.txt and lists a, then
 * removes x.txt; A lists the root and removes a. */
static void record_two(struct rt_target *t, struct rt_capture *cap)
{
	struct cli_conn *a = rt_rec_connect(t, cap, NULL), *b = rt_rec_connect(t, cap, NULL);
	struct cli_tree *ta = rt_logon(a, SMB2_DIALECT_311);
	struct cli_tree *tb = rt_logon(b, SMB2_DIALECT_302);
	struct smb2_fileid f;
	uint8_t buf[64];
	size_t got;
	int n = 0;

	f = rt_open_file(ta, "x.txt", SMB2_GENERIC_WRITE, SMB2_FILE_OVERWRITE_IF,
	              SMB2_FILE_NON_DIRECTORY_FILE);
	assert_status(cli_write(ta, f, 0, (const uint8_t *)x_text, strlen(x_text)),
	              STATUS_SUCCESS);
	assert_status(cli_close(ta, f), STATUS_SUCCESS);
	assert_status(cli_mkdir(ta, "a"), STATUS_SUCCESS);

	f = rt_open_file(tb, "x.txt", SMB2_GENERIC_READ, SMB2_FILE_OPEN, 0);
	assert_status(cli_read(tb, f, 0, buf, sizeof(buf), &got), STATUS_SUCCESS);
	assert_int_equal(got, strlen(x_text));
	assert_status(cli_close(tb, f), STATUS_SUCCESS);
	f = rt_open_file(tb, "a", SMB2_FILE_LIST_DIRECTORY, SMB2_FILE_OPEN, SMB2_FILE_DIRECTORY_FILE);
	assert_status(cli_query_directory(tb, f, "*", rt_count_cb, &n), STATUS_SUCCESS);
	assert_status(cli_close(tb, f), STATUS_SUCCESS);
	assert_status(cli_unlink(tb, "x.txt"), STATUS_SUCCESS);

	f = rt_open_file(ta, "", SMB2_FILE_LIST_DIRECTORY, SMB2_FILE_OPEN, SMB2_FILE_DIRECTORY_FILE);
	assert_status(cli_query_directory(ta, f, "*", rt_count_cb, &n), STATUS_SUCCESS);
	assert_status(cli_close(ta, f), STATUS_SUCCESS);
	assert_status(cli_rmdir(ta, "a"), STATUS_SUCCESS);
	cli_tree_free(ta);
	cli_tree_free(tb);
	cli_conn_free(a);
	cli_conn_free(b);
}

static int setup(void **state)
{
	struct fx *x = calloc(1, sizeof(*x));
	struct rt_target rec;

	assert_non_null(x);
	x->base = event_base_new();
	assert_non_null(x->base);
	rt_target_start(&rec, x->base);
	record_two(&rec, &x->cap);
	rt_target_stop(&rec);
	rr_report_init(&x->rep);
	rt_options(&x->o);
	*state = x;
	return 0;
}

static int teardown(void **state)
{
	struct fx *x = *state;

	if (x->tgt_up)
		rt_target_stop(&x->tgt);
	if (x->pcap[0])
		unlink(x->pcap);
	rr_plan_free(&x->plan);
	rr_report_free(&x->rep);
	rt_capture_free(&x->cap);
	event_base_free(x->base);
	free(x);
	return 0;
}

static void target(struct fx *x)
{
	rt_target_start(&x->tgt, x->base);
	x->tgt_up = true;
}

static void expect_clean(struct fx *x, unsigned streams)
{
	if (x->rep.divergences)
		rr_report_text(&x->rep, "recorded", "in-process", stderr);
	assert_int_equal(x->rep.divergences, 0);
	assert_false(x->rep.fatal);
	assert_int_equal(x->rep.matched, x->rep.replayed);
	assert_int_equal(x->rep.replayed + 3 * streams, x->rep.total);
	assert_int_equal(x->tgt.connects, streams);
	assert_false(rt_exists(&x->tgt, "x.txt"));
	assert_false(rt_exists(&x->tgt, "a"));
}

static void test_two_streams_in_order(void **state)
{
	struct fx *x = *state;

	rr_plan_init(&x->plan, NULL, 0, &x->rep);
	rt_feed(&x->plan, &x->cap);
	assert_int_equal(x->plan.n_streams, 2);
	assert_int_equal(x->plan.streams[0].dialect, SMB2_DIALECT_311);
	assert_int_equal(x->plan.streams[1].dialect, SMB2_DIALECT_302);
	target(x);
	rt_replay(&x->plan, &x->o, &x->tgt, &x->rep);
	expect_clean(x, 2);
	assert_int_equal(x->rep.streams[1].rep_dialect, SMB2_DIALECT_302);
}

static void test_two_streams_parallel(void **state)
{
	struct fx *x = *state;

	rr_plan_init(&x->plan, NULL, 0, &x->rep);
	rt_feed(&x->plan, &x->cap);
	target(x);
	x->o.parallel = true;
	rt_replay(&x->plan, &x->o, &x->tgt, &x->rep);
	expect_clean(x, 2);
}

/* --stream 1 against a share that holds what stream 0 made: clean. */
static void test_select_stream(void **state)
{
	struct fx *x = *state;
	static const uint32_t one = 1;
	char dir[512];

	rr_plan_init(&x->plan, &one, 1, &x->rep);
	rt_feed(&x->plan, &x->cap);
	assert_int_equal(x->plan.n_streams, 1);
	assert_int_equal(x->plan.streams[0].info.index, 1);
	target(x);
	rt_put(&x->tgt, "x.txt", x_text);
	snprintf(dir, sizeof(dir), "%s/a", x->tgt.share);
	assert_int_equal(mkdir(dir, 0755), 0);
	rt_replay(&x->plan, &x->o, &x->tgt, &x->rep);
	if (x->rep.divergences)
		rr_report_text(&x->rep, "recorded", "in-process", stderr);
	assert_int_equal(x->rep.divergences, 0);
	assert_int_equal(x->rep.streams[0].index, 1);
	assert_false(rt_exists(&x->tgt, "x.txt"));
	assert_true(rt_exists(&x->tgt, "a"));
}

/* Twin: stream 1 alone against an empty share: what it reads is missing. */
static void test_select_stream_alone(void **state)
{
	struct fx *x = *state;
	static const uint32_t one = 1;
	bool create_status = false;

	rr_plan_init(&x->plan, &one, 1, &x->rep);
	rt_feed(&x->plan, &x->cap);
	target(x);
	rt_replay(&x->plan, &x->o, &x->tgt, &x->rep);
	assert_true(x->rep.divergences > 0);
	for (size_t i = 0; i < x->rep.n_divs; i++) {
		const struct rr_div *d = &x->rep.divs[i];
		assert_int_equal(d->at.stream, 1);
		if (d->at.command == SMB2_CREATE && strcmp(d->field, "Status") == 0 &&
		    strcmp(d->replayed, "STATUS_OBJECT_NAME_NOT_FOUND") == 0)
			create_status = true;
	}
	assert_true(create_status);
}

/* The conversation as a pcap, through the capture reader. */
static void test_through_pcap(void **state)
{
	struct fx *x = *state;
	struct rr_plan fed;
	struct rp_options ro;
	char err[256];
	int fd;

	snprintf(x->pcap, sizeof(x->pcap), "%s/smbsim-rr-XXXXXX",
	         getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	fd = mkstemp(x->pcap);
	assert_true(fd >= 0);
	close(fd);
	rt_write_pcap(&x->cap, x->pcap);
	memset(&ro, 0, sizeof(ro));
	rr_plan_init(&x->plan, NULL, 0, &x->rep);
	assert_int_equal(rr_plan_load(&x->plan, x->pcap, &ro, err, sizeof(err)), 0);
	/* The same plan as from the recorded frames directly. */
	rr_plan_init(&fed, NULL, 0, NULL);
	rt_feed(&fed, &x->cap);
	assert_int_equal(x->plan.n_ops, fed.n_ops);
	assert_int_equal(x->plan.n_units, fed.n_units);
	assert_int_equal(x->plan.n_streams, 2);
	for (size_t i = 0; i < fed.n_ops; i++) {
		assert_int_equal(x->plan.ops[i].command, fed.ops[i].command);
		assert_int_equal(x->plan.ops[i].mid, fed.ops[i].mid);
		assert_int_equal(x->plan.ops[i].stream, fed.ops[i].stream);
		assert_int_equal(x->plan.ops[i].has_rsp, fed.ops[i].has_rsp);
		assert_int_equal(x->plan.ops[i].raw_len, fed.ops[i].raw_len);
	}
	rr_plan_free(&fed);
	assert_int_equal(x->plan.damage, 0);
	target(x);
	x->o.parallel = true;
	rt_replay(&x->plan, &x->o, &x->tgt, &x->rep);
	expect_clean(x, 2);
}

/* Twin: a file that is not a capture: unreadable, said so. */
static void test_not_a_capture(void **state)
{
	struct fx *x = *state;
	struct rp_options ro;
	char err[256];
	FILE *f;
	int fd;

	snprintf(x->pcap, sizeof(x->pcap), "%s/smbsim-rr-XXXXXX",
	         getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	fd = mkstemp(x->pcap);
	assert_true(fd >= 0);
	f = fdopen(fd, "w");
	assert_non_null(f);
	fputs("this is not a capture\n", f);
	fclose(f);
	memset(&ro, 0, sizeof(ro));
	rr_plan_init(&x->plan, NULL, 0, &x->rep);
	assert_int_equal(rr_plan_load(&x->plan, x->pcap, &ro, err, sizeof(err)), -1);
	assert_non_null(strstr(err, x->pcap));
	assert_int_equal(x->plan.n_ops, 0);
}

/* --pace xN: the captured gaps (1 s per recorded frame here) divided by
 * N; no request goes before its time. */
static void test_pace(void **state)
{
	struct fx *x = *state;
	const uint32_t speed = 400;
	uint64_t span, t0;

	rr_plan_init(&x->plan, NULL, 0, &x->rep);
	rt_feed(&x->plan, &x->cap);
	span = x->plan.units[x->plan.n_units - 1].ts_usec - x->plan.units[0].ts_usec;
	assert_true(span > 10000000);
	target(x);
	x->o.pace = RR_PACE_ORIGINAL;
	x->o.speed = speed;
	x->o.parallel = true;
	t0 = rr_now_us();
	rt_replay(&x->plan, &x->o, &x->tgt, &x->rep);
	assert_true(rr_now_us() - t0 >= span / speed);
	expect_clean(x, 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_two_streams_in_order, setup, teardown),
		cmocka_unit_test_setup_teardown(test_two_streams_parallel, setup, teardown),
		cmocka_unit_test_setup_teardown(test_select_stream, setup, teardown),
		cmocka_unit_test_setup_teardown(test_select_stream_alone, setup, teardown),
		cmocka_unit_test_setup_teardown(test_through_pcap, setup, teardown),
		cmocka_unit_test_setup_teardown(test_not_a_capture, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pace, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
