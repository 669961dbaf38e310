/*
 * `smbsim-replay dump` (cmd_dump.c, dump_text.c, dump_json*.c): the text
 * line of each message (command, status, ids, key fields), the JSON
 * document of each event (read back with jansson: header, every body
 * field, blobs cut at RP_JSON_HEX_MAX), damage in both forms, the
 * summary; and the command itself: exit status 0 for a clean capture, 1
 * with damage (named by frame and offset, the rest still printed), 2 for
 * bad arguments, a missing, empty or non-capture file, a bad keys file.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "pcap-replay/cmds.h"
#include "pcap-replay/dump.h"
#include "test_replay_util.h"

/* ECHO request and response, WRITE, CREATE; damaged: the CREATE's
 * NameLength runs past the end. */
static void build(struct tr_cap *b, bool damaged)
{
	struct tr_conv c;
	struct wr w;

	wr_init(&w, 0);
	tr_cap_init(b, TL_ETHERNET, false);
	tr_conv_init(&c, b, 4, 49152, 445);
	tr_handshake(&c);
	tr_echo(&w, false, 1);
	tr_frame(&c, TR_C2S, w.buf, w.len);
	tr_echo(&w, true, 1);
	tr_frame(&c, TR_S2C, w.buf, w.len);
	tr_write(&w, 2, 5000);
	tr_frame(&c, TR_C2S, w.buf, w.len);
	tr_create(&w, 3, "dir\\file name.txt");
	if (damaged)
		put_le16(w.buf + SMB2_HDR_SIZE + 46, 0x4000);
	tr_frame(&c, TR_C2S, w.buf, w.len);
	tr_fin(&c);
	wr_free(&w);
}

/* Every event printed by one printer into a string (caller frees). */
static char *print_all(const struct tr_cap *b, bool json)
{
	struct rp_capture *cap;
	struct rp_event ev;
	struct rp_stats st;
	char err[256], *out = NULL;
	size_t len = 0;
	FILE *f = fmemopen(b->p, b->len, "rb"), *o = open_memstream(&out, &len);

	assert_non_null(f);
	assert_non_null(o);
	assert_int_equal(rp_capture_open_stream(f, "cap.pcap", NULL, &cap, err, sizeof(err)), 0);
	while (rp_capture_next(cap, &ev) == RP_NEXT_EVENT) {
		if (json)
			assert_int_equal(ev.kind == RP_EV_MESSAGE ? rp_json_message(o, ev.msg)
			                                          : rp_json_damage(o, ev.damage),
			                 0);
		else if (ev.kind == RP_EV_MESSAGE)
			rp_text_message(o, ev.msg);
		else
			rp_text_damage(o, ev.damage);
	}
	rp_capture_stats(cap, &st);
	if (json)
		assert_int_equal(rp_json_summary(o, "cap.pcap", &st), 0);
	else
		rp_text_summary(o, "cap.pcap", &st);
	rp_capture_close(cap);
	assert_int_equal(fclose(o), 0);
	return out;
}

static void test_text(void **state)
{
	struct tr_cap b;
	char *t;

	(void)state;
	build(&b, false);
	t = print_all(&b, false);
	assert_non_null(strstr(t, "4 1700000000.003000 s0 C>S ECHO req - mid=1 "
	                          "sid=0x1122334455667788 tid=0x7\n"));
	assert_non_null(strstr(t, " s0 S>C ECHO rsp STATUS_SUCCESS mid=1 "));
	assert_non_null(strstr(t, "WRITE req - mid=2 sid=0x1122334455667788 tid=0x7 fid=1:2 "
	                          "off=4096 len=5000\n"));
	assert_non_null(strstr(t, "CREATE req - mid=3 sid=0x1122334455667788 tid=0x7 "
	                          "name=\"dir\\file name.txt\" disp=1 "));
	assert_non_null(strstr(t, "# cap.pcap: 13 frames, 1 streams, 4 messages"));
	assert_non_null(strstr(t, " 0 damage reports\n"));
	assert_null(strstr(t, "DAMAGE"));
	free(t);
	tr_cap_free(&b);
	/* Twin: the damaged CREATE says what, where, in its line and in a
	 * DAMAGE line naming frame and offset. */
	build(&b, true);
	t = print_all(&b, false);
	assert_non_null(strstr(t, "CREATE req - mid=3 sid=0x1122334455667788 tid=0x7 !! "
	                          "CREATE.Name"));
	assert_non_null(strstr(t, "DAMAGE frame 10 s0 C>S offset "));
	assert_non_null(strstr(t, " decode: CREATE request at offset "));
	assert_non_null(strstr(t, "STATUS_INVALID_PARAMETER"));
	assert_non_null(strstr(t, " 1 damage reports\n"));
	free(t);
	tr_cap_free(&b);
}

static json_t *line_json(const char *t, int n)
{
	json_error_t e;
	json_t *j;
	const char *p = t;
	int i;

	for (i = 0; i < n; i++) {
		p = strchr(p, '\n');
		assert_non_null(p);
		p++;
	}
	j = json_loadb(p, (size_t)(strchr(p, '\n') - p), 0, &e);
	if (!j)
		fail_msg("line %d is not JSON: %s", n, e.text);
	return j;
}

static void test_json(void **state)
{
	struct tr_cap b;
	char *t;
	json_t *j, *body, *hdr;

	(void)state;
	build(&b, false);
	t = print_all(&b, true);
	j = line_json(t, 0);
	assert_string_equal(json_string_value(json_object_get(j, "event")), "message");
	assert_int_equal(json_integer_value(json_object_get(j, "frame")), 4);
	assert_string_equal(json_string_value(json_object_get(j, "dir")), "C>S");
	assert_string_equal(json_string_value(json_object_get(j, "client")), "10.0.0.1:49152");
	assert_string_equal(json_string_value(json_object_get(j, "time")), "1700000000.003000");
	hdr = json_object_get(j, "header");
	assert_string_equal(json_string_value(json_object_get(hdr, "command")), "ECHO");
	assert_int_equal(json_integer_value(json_object_get(hdr, "session_id")),
	                 0x1122334455667788ll);
	assert_int_equal(json_integer_value(json_object_get(hdr, "tree_id")), 7);
	assert_string_equal(json_string_value(json_object_get(j, "kind")), "ECHO request");
	json_decref(j);
	j = line_json(t, 2);
	body = json_object_get(j, "body");
	assert_int_equal(json_integer_value(json_object_get(body, "offset")), 4096);
	assert_int_equal(json_integer_value(json_object_get(json_object_get(body, "file_id"),
	                                                    "volatile")), 2);
	assert_int_equal(json_integer_value(json_object_get(json_object_get(body, "data"), "len")),
	                 5000);
	assert_true(json_is_true(json_object_get(json_object_get(body, "data"), "truncated")));
	assert_int_equal(strlen(json_string_value(json_object_get(json_object_get(body, "data"),
	                                                          "hex"))),
	                 2 * RP_JSON_HEX_MAX);
	json_decref(j);
	j = line_json(t, 3);
	body = json_object_get(j, "body");
	assert_string_equal(json_string_value(json_object_get(body, "name")), "dir\\file name.txt");
	assert_int_equal(json_integer_value(json_object_get(body, "desired_access")), 0x12019f);
	assert_true(json_is_array(json_object_get(body, "create_contexts")));
	json_decref(j);
	j = line_json(t, 4);
	assert_string_equal(json_string_value(json_object_get(j, "event")), "summary");
	assert_int_equal(json_integer_value(json_object_get(j, "messages")), 4);
	assert_int_equal(json_integer_value(json_object_get(j, "damage")), 0);
	json_decref(j);
	free(t);
	tr_cap_free(&b);
	/* Twin: the damaged CREATE has no body, a decode_error and damage. */
	build(&b, true);
	t = print_all(&b, true);
	j = line_json(t, 3);
	assert_null(json_object_get(j, "body"));
	assert_string_equal(json_string_value(json_object_get(json_object_get(j, "decode_error"),
	                                                      "field")),
	                    "CREATE.NameOffset");
	assert_string_equal(json_string_value(json_object_get(json_object_get(j, "damage"),
	                                                      "kind")),
	                    "decode");
	assert_int_equal(json_integer_value(json_object_get(json_object_get(j, "damage"),
	                                                    "frame")),
	                 10);
	json_decref(j);
	free(t);
	tr_cap_free(&b);
}

/* rp_cmd_dump with its stdout in a file; returns the exit status. */
static int run_dump(const char *out_path, int argc, const char **argv)
{
	int saved = dup(1), fd, rc;

	fflush(stdout);
	fd = open(out_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	assert_true(fd >= 0 && saved >= 0);
	assert_true(dup2(fd, 1) >= 0);
	close(fd);
	rc = rp_cmd_dump(argc, (char **)argv);
	fflush(stdout);
	assert_true(dup2(saved, 1) >= 0);
	close(saved);
	return rc;
}

static void write_file(const char *path, const void *p, size_t n)
{
	FILE *f = fopen(path, "wb");

	assert_non_null(f);
	assert_int_equal(fwrite(p, 1, n, f), n);
	assert_int_equal(fclose(f), 0);
}

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *s = calloc(1, 1 << 16);

	assert_non_null(f);
	assert_non_null(s);
	assert_true(fread(s, 1, (1 << 16) - 1, f) > 0);
	fclose(f);
	return s;
}

static void test_command(void **state)
{
	char dir[] = "/tmp/test_replay_dump_XXXXXX";
	char good[64], bad[64], empty[64], text[64], keys[64], badkeys[64], out[64];
	struct tr_cap b;
	char *s;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(good, sizeof(good), "%s/good.pcap", dir);
	snprintf(bad, sizeof(bad), "%s/bad.pcap", dir);
	snprintf(empty, sizeof(empty), "%s/empty.pcap", dir);
	snprintf(text, sizeof(text), "%s/text.pcap", dir);
	snprintf(keys, sizeof(keys), "%s/keys", dir);
	snprintf(badkeys, sizeof(badkeys), "%s/badkeys", dir);
	snprintf(out, sizeof(out), "%s/out", dir);
	build(&b, false);
	write_file(good, b.p, b.len);
	tr_cap_free(&b);
	build(&b, true);
	write_file(bad, b.p, b.len);
	tr_cap_free(&b);
	write_file(empty, "", 0);
	write_file(text, "GET / HTTP/1.0\r\n\r\n", 18);
	write_file(keys, "0x1 00112233445566778899aabbccddeeff\n", 37);
	write_file(badkeys, "0x1 0011zz\n", 11);
	{
		const char *a[] = { "dump", good, "--keys", keys, "--port", "4455" };

		assert_int_equal(run_dump(out, 6, a), RP_EXIT_OK);
		s = slurp(out);
		assert_non_null(strstr(s, "CREATE req"));
		free(s);
	}
	{
		const char *a[] = { "dump", "--json", good };

		assert_int_equal(run_dump(out, 3, a), RP_EXIT_OK);
		s = slurp(out);
		assert_non_null(strstr(s, "{\"event\":\"summary\""));
		free(s);
	}
	{
		const char *a[] = { "dump", bad };

		assert_int_equal(run_dump(out, 2, a), RP_EXIT_DAMAGE);
		s = slurp(out);
		assert_non_null(strstr(s, "DAMAGE frame 10"));
		assert_non_null(strstr(s, "ECHO rsp")); /* the rest still printed */
		free(s);
	}
	{
		const char *a1[] = { "dump", empty };
		const char *a2[] = { "dump", text };
		const char *a3[] = { "dump", "/nonexistent/x.pcap" };
		const char *a4[] = { "dump" };
		const char *a5[] = { "dump", good, "--port", "70000" };
		const char *a6[] = { "dump", good, "--frobnicate" };
		const char *a7[] = { "dump", good, "--keys", badkeys };
		const char *a8[] = { "dump", good, bad };
		const char *a9[] = { "dump", good, "--ooo-max", "0" };

		assert_int_equal(run_dump(out, 2, a1), RP_EXIT_USAGE);
		assert_int_equal(run_dump(out, 2, a2), RP_EXIT_USAGE);
		assert_int_equal(run_dump(out, 2, a3), RP_EXIT_USAGE);
		assert_int_equal(run_dump(out, 1, a4), RP_EXIT_USAGE);
		assert_int_equal(run_dump(out, 4, a5), RP_EXIT_USAGE);
		assert_int_equal(run_dump(out, 3, a6), RP_EXIT_USAGE);
		assert_int_equal(run_dump(out, 4, a7), RP_EXIT_USAGE);
		assert_int_equal(run_dump(out, 3, a8), RP_EXIT_USAGE);
		assert_int_equal(run_dump(out, 4, a9), RP_EXIT_USAGE);
	}
	{
		const char *a[] = { "dump", "--help" };

		assert_int_equal(run_dump(out, 2, a), RP_EXIT_OK);
		s = slurp(out);
		assert_non_null(strstr(s, "usage: smbsim-replay dump FILE"));
		assert_non_null(strstr(s, "JSON lines"));
		free(s);
	}
	unlink(good);
	unlink(bad);
	unlink(empty);
	unlink(text);
	unlink(keys);
	unlink(badkeys);
	unlink(out);
	assert_int_equal(rmdir(dir), 0);
}

static int teardown(void **state)
{
	(void)state;
	smb2_crypto_cleanup();
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_text),
		cmocka_unit_test(test_json),
		cmocka_unit_test(test_command),
	};

	return cmocka_run_group_tests(tests, NULL, teardown);
}
