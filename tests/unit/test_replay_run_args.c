/*
 * The command line and the report of `smbsim-replay run`: every option
 * parsed (targets with ports, IPv6 and backslashes, domain users, streams,
 * paces, ports, timeouts, ignore rules) and each malformed twin refused
 * with a message naming the option; the report as text and as JSON read
 * back with jansson (divergences with frame, stream, command, MessageId,
 * field and both values; notes; counts by reason); and rp_cmd_run()'s exit
 * statuses: 0 for --help, 2 for bad arguments, an unreadable capture or
 * keys file, and a target nobody listens on (the report still printed).
 */
#include "test_replay_run_util.h"

#include <fcntl.h>

#include <jansson.h>

#define ARGV(...) ((char *[]){ "run", __VA_ARGS__, NULL })
#define ARGC(...) ((int)(sizeof((char *[]){ "run", __VA_ARGS__ }) / sizeof(char *)))
#define PARSE(o, err, ...) \
	rr_args_parse(ARGC(__VA_ARGS__), ARGV(__VA_ARGS__), (o), sink, (err), sizeof(err))

/* Where --help's usage goes in these tests. */
static FILE *sink;

static void test_good(void **state)
{
	struct rr_options o;
	char err[256];

	(void)state;
	assert_int_equal(PARSE(&o, err, "c.pcap", "--target", "//srv:4455/data", "-U",
	                       "DOM\\alice%se%cret", "--stream", "1", "--stream", "3", "--pace",
	                       "x10", "--parallel", "--keep-open", "--report", "r.json", "--keys", "k.txt",
	                       "--port", "4455", "--timeout", "100", "--ignore", "CREATE.Status"),
	                 0);
	assert_string_equal(o.capture, "c.pcap");
	assert_string_equal(o.host, "srv");
	assert_int_equal(o.port, 4455);
	assert_string_equal(o.share, "data");
	assert_string_equal(o.domain, "DOM");
	assert_string_equal(o.user, "alice");
	assert_string_equal(o.password, "se%cret");
	assert_int_equal(o.n_select, 2);
	assert_int_equal(o.select[1], 3);
	assert_int_equal(o.pace, RR_PACE_ORIGINAL);
	assert_int_equal(o.speed, 10);
	assert_true(o.parallel);
	assert_true(o.keep_open);
	assert_string_equal(o.report, "r.json");
	assert_string_equal(o.keys, "k.txt");
	assert_int_equal(o.n_ports, 1);
	assert_int_equal(o.ports[0], 4455);
	assert_int_equal(o.timeout_ms, 100);
	assert_int_equal(o.n_ignore, 1);
	assert_string_equal(o.ignore[0].field, "Status");

	/* Defaults; other target forms. */
	assert_int_equal(PARSE(&o, err, "--target", "\\\\h\\s", "-U", "u%", "-"), 0);
	assert_string_equal(o.capture, "-");
	assert_string_equal(o.host, "h");
	assert_int_equal(o.port, 0);
	assert_string_equal(o.password, "");
	assert_string_equal(o.domain, "");
	assert_int_equal(o.pace, RR_PACE_ASAP);
	assert_false(o.parallel);
	assert_false(o.keep_open);
	assert_int_equal(o.timeout_ms, RR_DEFAULT_TIMEOUT_MS);
	assert_int_equal(o.n_select, 0);
	assert_int_equal(PARSE(&o, err, "f", "--target", "//[fe80::1]:445/s", "-U", "d/u%p", "--pace",
	                       "original"),
	                 0);
	assert_string_equal(o.host, "fe80::1");
	assert_int_equal(o.port, 445);
	assert_string_equal(o.domain, "d");
	assert_int_equal(o.speed, 1);
	assert_int_equal(o.pace, RR_PACE_ORIGINAL);
	assert_int_equal(PARSE(&o, err, "f", "--target", "//[::1]/s", "-U", "u%p"), 0);
	assert_string_equal(o.host, "::1");
	assert_int_equal(o.port, 0);
	/* --help prints the usage and says so. */
	assert_int_equal(PARSE(&o, err, "--help"), 1);
}

static void expect_bad(int rc, const char *err, const char *needle)
{
	assert_int_equal(rc, -1);
	if (!strstr(err, needle))
		fail_msg("'%s' does not say '%s'", err, needle);
}

static void test_bad(void **state)
{
	struct rr_options o;
	char err[256];

	(void)state;
	expect_bad(PARSE(&o, err, "--target", "//h/s", "-U", "u%p"), err, "no capture file");
	expect_bad(PARSE(&o, err, "f", "-U", "u%p"), err, "--target");
	expect_bad(PARSE(&o, err, "f", "--target", "//h/s"), err, "-U");
	expect_bad(PARSE(&o, err, "f", "g", "--target", "//h/s", "-U", "u%p"), err, "one capture");
	static char *const targets[] = { "//h", "//h/", "h/s", "//:1/s", "//h:0/s",
	                                       "//h:65536/s", "//h:x/s", "//[::1/s", "//[::1]x/s",
	                                       "//h/s/more", "///s", "//h:/s" };
	for (size_t i = 0; i < sizeof(targets) / sizeof(targets[0]); i++)
		expect_bad(PARSE(&o, err, "f", "--target", targets[i], "-U", "u%p"), err, targets[i]);
	expect_bad(PARSE(&o, err, "f", "--target", "//h/s", "-U", "user"), err, "-U");
	expect_bad(PARSE(&o, err, "f", "--target", "//h/s", "-U", "%p"), err, "-U");
	static char *const paces[] = { "x0", "x", "slow", "x-1", "x1000001", "xx2" };
	for (size_t i = 0; i < sizeof(paces) / sizeof(paces[0]); i++)
		expect_bad(PARSE(&o, err, "f", "--target", "//h/s", "-U", "u%p", "--pace", paces[i]),
		           err, "--pace");
	expect_bad(PARSE(&o, err, "f", "--target", "//h/s", "-U", "u%p", "--stream", "-1"), err,
	           "--stream");
	expect_bad(PARSE(&o, err, "f", "--target", "//h/s", "-U", "u%p", "--stream", "one"), err,
	           "--stream");
	expect_bad(PARSE(&o, err, "f", "--target", "//h/s", "-U", "u%p", "--port", "0"), err,
	           "--port");
	expect_bad(PARSE(&o, err, "f", "--target", "//h/s", "-U", "u%p", "--port", "70000"), err,
	           "--port");
	expect_bad(PARSE(&o, err, "f", "--target", "//h/s", "-U", "u%p", "--timeout", "0"), err,
	           "--timeout");
	expect_bad(PARSE(&o, err, "f", "--target", "//h/s", "-U", "u%p", "--ignore", "NOPE"), err,
	           "unknown command");
	expect_bad(PARSE(&o, err, "f", "--target", "//h/s", "-U", "u%p", "--bogus", "1"), err,
	           "unknown option --bogus");
	expect_bad(PARSE(&o, err, "f", "--target", "//h/s", "-U", "u%p", "--report"), err,
	           "--report needs a value");
	/* Too many of a repeatable option. */
	char *many[2 * (RP_MAX_EXTRA_PORTS + 1) + 6] = { "run", "f", "--target", "//h/s", "-U",
	                                                 "u%p" };
	int n = 6;
	for (int i = 0; i <= RP_MAX_EXTRA_PORTS; i++) {
		many[n++] = "--port";
		many[n++] = "1000";
	}
	expect_bad(rr_args_parse(n, many, &o, sink, err, sizeof(err)), err, "at most");
	/* Names longer than the limit. */
	char big[RR_NAME_MAX + 10];
	memset(big, 'h', sizeof(big) - 1);
	big[sizeof(big) - 1] = 0;
	char tgt[sizeof(big) + 8];
	snprintf(tgt, sizeof(tgt), "//%s/s", big);
	expect_bad(PARSE(&o, err, "f", "--target", tgt, "-U", "u%p"), err, "--target");
}

static void sample_report(struct rr_report *r)
{
	struct rr_msgref a = { 47, 2, SMB2_CREATE, 531, NULL };
	struct rr_msgref b = { 12, 2, SMB2_READ, 9, NULL };
	struct rr_msgref c = { 60, 1, SMB2_OPLOCK_BREAK, UINT64_MAX, "break notification" };

	rr_report_init(r);
	rr_report_div(r, &a, "", "Status", "STATUS_SUCCESS", "STATUS_OBJECT_NAME_NOT_FOUND", NULL);
	rr_report_div(r, &b, "", "Data", "sha256:aa", "sha256:bb", "");
	rr_report_div(r, &c, "notification", "Notification", "oplock break to level 0x01", "none",
	              NULL);
	rr_report_div(r, &b, "", "FileName", "caf\xc3", "café", NULL);
	rr_report_note(r, &b, "fileid_failed", "on a FileId whose CREATE failed: FileId %d", 3);
	r->total = 10;
	r->replayed = 7;
	r->matched = 5;
	r->diverged = 2;
	r->skipped[RR_SKIP_NEGOTIATE] = 1;
	r->skipped[RR_SKIP_FID_FAILED] = 2;
	r->uncompared[RR_UNCMP_NO_RSP] = 0;
	r->ignored = 4;
	r->streams = calloc(1, sizeof(*r->streams));
	assert_non_null(r->streams);
	r->n_streams = 1;
	r->streams[0].index = 2;
	strcpy(r->streams[0].client, "10.0.0.1:1");
	strcpy(r->streams[0].server, "10.0.0.2:445");
	r->streams[0].cap_dialect = SMB2_DIALECT_311;
	r->streams[0].rep_dialect = SMB2_DIALECT_302;
}

static void test_report_text(void **state)
{
	struct rr_report r;
	char *buf = NULL;
	size_t len = 0;
	FILE *f;

	(void)state;
	sample_report(&r);
	f = open_memstream(&buf, &len);
	assert_non_null(f);
	rr_report_text(&r, "c.pcap", "//t/s", f);
	fclose(f);
	assert_non_null(strstr(buf, "replay of c.pcap against //t/s\n"));
	assert_non_null(strstr(buf, "stream 2 10.0.0.1:1 -> 10.0.0.2:445: dialect captured 3.1.1 "
	                            "replayed 3.0.2\n"));
	assert_non_null(strstr(buf, "DIVERGENCE frame 47 stream 2 CREATE mid 531: Status captured "
	                            "STATUS_SUCCESS, replayed STATUS_OBJECT_NAME_NOT_FOUND\n"));
	assert_non_null(strstr(buf, "DIVERGENCE frame 60 stream 1 OPLOCK_BREAK break notification: "
	                            "notification Notification captured"));
	assert_non_null(strstr(buf, "NOTE frame 12 stream 2 READ mid 9: on a FileId"));
	assert_non_null(strstr(buf, "summary: 10 messages: 7 replayed (5 matched, 2 diverged, 0 not "
	                            "compared), 3 skipped; 4 divergences (4 more ignored by --ignore)"));
	assert_non_null(strstr(buf, "  skipped 2: on a FileId whose CREATE failed"));
	free(buf);
	rr_report_free(&r);
}

static void test_report_json(void **state)
{
	char path[256], err[256];
	struct rr_report r;
	json_error_t je;
	json_t *root, *d, *s;
	int fd;

	(void)state;
	sample_report(&r);
	snprintf(path, sizeof(path), "%s/smbsim-rr-XXXXXX",
	         getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	fd = mkstemp(path);
	assert_true(fd >= 0);
	close(fd);
	assert_int_equal(rr_report_json(&r, "c.pcap", "//t/s", path, err, sizeof(err)), 0);
	root = json_load_file(path, 0, &je);
	assert_non_null(root);
	assert_string_equal(json_string_value(json_object_get(root, "capture")), "c.pcap");
	d = json_array_get(json_object_get(root, "divergences"), 0);
	assert_int_equal(json_integer_value(json_object_get(d, "frame")), 47);
	assert_int_equal(json_integer_value(json_object_get(d, "stream")), 2);
	assert_string_equal(json_string_value(json_object_get(d, "command")), "CREATE");
	assert_int_equal(json_integer_value(json_object_get(d, "message_id")), 531);
	assert_string_equal(json_string_value(json_object_get(d, "field")), "Status");
	assert_string_equal(json_string_value(json_object_get(d, "captured")), "STATUS_SUCCESS");
	assert_string_equal(json_string_value(json_object_get(d, "replayed")),
	                    "STATUS_OBJECT_NAME_NOT_FOUND");
	assert_null(json_object_get(d, "detail"));
	d = json_array_get(json_object_get(root, "divergences"), 2);
	assert_string_equal(json_string_value(json_object_get(d, "message")), "break notification");
	assert_null(json_object_get(d, "message_id"));
	s = json_object_get(root, "summary");
	assert_int_equal(json_integer_value(json_object_get(s, "replayed")), 7);
	assert_int_equal(json_integer_value(json_object_get(s, "skipped")), 3);
	assert_int_equal(json_integer_value(
	                         json_object_get(json_object_get(s, "skipped_by_reason"), "fileid_failed")),
	                 2);
	assert_int_equal(json_integer_value(json_object_get(s, "divergences")), 4);
	assert_int_equal(json_integer_value(json_object_get(s, "ignored_divergences")), 4);
	/* A value cut inside a UTF-8 sequence is escaped, not dropped. */
	d = json_array_get(json_object_get(root, "divergences"), 3);
	assert_string_equal(json_string_value(json_object_get(d, "captured")), "caf\\xc3");
	d = json_array_get(json_object_get(root, "notes"), 0);
	assert_string_equal(json_string_value(json_object_get(d, "reason")), "fileid_failed");
	d = json_array_get(json_object_get(root, "streams"), 0);
	assert_string_equal(json_string_value(json_object_get(d, "replayed_dialect")), "3.0.2");
	json_decref(root);
	unlink(path);
	/* Twin: a report path that cannot be written. */
	assert_int_equal(rr_report_json(&r, "c.pcap", "//t/s", "/nonexistent/dir/r.json", err,
	                                sizeof(err)),
	                 -1);
	assert_non_null(strstr(err, "/nonexistent/dir/r.json"));
	rr_report_free(&r);
}

/* The divergences past RR_MAX_REPORTED are counted. */
static void test_report_bounded(void **state)
{
	struct rr_msgref a = { 1, 0, SMB2_ECHO, 1, NULL };
	struct rr_report r;

	(void)state;
	rr_report_init(&r);
	for (unsigned i = 0; i < RR_MAX_REPORTED + 5; i++)
		rr_report_div(&r, &a, "", "Status", "a", "b", NULL);
	assert_int_equal(r.n_divs, RR_MAX_REPORTED);
	assert_int_equal(r.divergences, RR_MAX_REPORTED + 5);
	rr_report_free(&r);
}

static int run(int argc, char **argv)
{
	int rc;

	/* The report goes to stdout: keep the test's output readable. */
	fflush(stdout);
	int saved = dup(1), null = open("/dev/null", O_WRONLY);
	assert_true(saved >= 0 && null >= 0);
	dup2(null, 1);
	rc = rp_cmd_run(argc, argv);
	fflush(stdout);
	dup2(saved, 1);
	close(saved);
	close(null);
	return rc;
}

static void test_command(void **state)
{
	struct event_base *base = event_base_new();
	struct rt_capture cap = { 0 };
	struct rt_target t;
	char pcap[256], keys[256];
	int fd;

	(void)state;
	assert_int_equal(run(ARGC("--help"), ARGV("--help")), 0);
	assert_int_equal(run(ARGC("--bogus"), ARGV("--bogus")), 2);
	assert_int_equal(run(ARGC("/nonexistent.pcap", "--target", "//127.0.0.1:1/s", "-U", "u%p"),
	                     ARGV("/nonexistent.pcap", "--target", "//127.0.0.1:1/s", "-U", "u%p")),
	                 2);

	/* A real capture, and nobody listening at the target. */
	rt_target_start(&t, base);
	struct cli_conn *c = rt_rec_connect(&t, &cap, NULL);
	struct cli_tree *tr = rt_logon(c, SMB2_DIALECT_311);
	assert_status(cli_echo(c), STATUS_SUCCESS);
	cli_tree_free(tr);
	cli_conn_free(c);
	rt_target_stop(&t);
	snprintf(pcap, sizeof(pcap), "%s/smbsim-rr-XXXXXX",
	         getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	fd = mkstemp(pcap);
	assert_true(fd >= 0);
	close(fd);
	rt_write_pcap(&cap, pcap);
	assert_int_equal(run(ARGC(pcap, "--target", "//127.0.0.1:1/s", "-U", "u%p", "--timeout",
	                          "2000"),
	                     ARGV(pcap, "--target", "//127.0.0.1:1/s", "-U", "u%p", "--timeout",
	                          "2000")),
	                 2);
	/* A keys file that does not parse. */
	snprintf(keys, sizeof(keys), "%s/smbsim-rr-XXXXXX",
	         getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	fd = mkstemp(keys);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, "not a key line\n", 15), 15);
	close(fd);
	assert_int_equal(run(ARGC(pcap, "--target", "//127.0.0.1:1/s", "-U", "u%p", "--keys", keys),
	                     ARGV(pcap, "--target", "//127.0.0.1:1/s", "-U", "u%p", "--keys", keys)),
	                 2);
	unlink(keys);
	unlink(pcap);
	rt_capture_free(&cap);
	event_base_free(base);
}

int main(void)
{
	int rc;
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_good),
		cmocka_unit_test(test_bad),
		cmocka_unit_test(test_report_text),
		cmocka_unit_test(test_report_json),
		cmocka_unit_test(test_report_bounded),
		cmocka_unit_test(test_command),
	};

	sink = fopen("/dev/null", "w");
	if (!sink)
		return 1;
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	fclose(sink);
	return rc;
}
