/*
 * `smbsim-replay run` end to end, without sockets: a conversation of the
 * reference client with smbsim's server core is recorded (every frame,
 * both ways), read into a plan as the capture reader would give it, and
 * replayed against a fresh server whose share starts in the same state.
 * The conversation uses every command the client sends (compounds,
 * several requests in flight, locks, renames, info classes, VALIDATE_
 * NEGOTIATE_INFO on 3.0): the replay must match it with no divergence on
 * every dialect.  Malformed twins: a share that lacks a file, a file with
 * other content, a target with a lower dialect, a wrong password, a target
 * that is down, a capture missing a response, a CREATE response, or with
 * a request that does not decode.
 */
#include "test_replay_run_util.h"

#include "wire/fileinfo.h"
#include "wire/fsinfo.h"
#include "wire/lock.h"

static const char seed_text[] = "seed content, 29 bytes long\n";

struct fx {
	struct event_base *base;
	struct rt_capture cap;
	struct rr_report rep;
	struct rr_plan plan;
	struct rr_options o;
	struct rt_target tgt;
	bool tgt_up;
};

/* CREATE + QUERY_INFO + CLOSE, the last two related (FileId ANY). */
static void compound(struct cli_tree *t, const char *name)
{
	struct smb2_fileid any = { SMB2_FILEID_ANY, SMB2_FILEID_ANY };
	struct smb2_msg m[3];
	struct cli_send_item it[3];
	struct cli_req *r[3];
	uint8_t *n16;
	size_t nlen;

	assert_status(cli_path_utf16(name, &n16, &nlen), STATUS_SUCCESS);
	memset(m, 0, sizeof(m));
	memset(it, 0, sizeof(it));
	m[0].hdr.command = SMB2_CREATE;
	m[0].u.create_req.impersonation_level = SMB2_IMPERSONATION_IMPERSONATION;
	m[0].u.create_req.desired_access = SMB2_FILE_READ_ATTRIBUTES;
	m[0].u.create_req.share_access = SMB2_FILE_SHARE_READ | SMB2_FILE_SHARE_WRITE;
	m[0].u.create_req.create_disposition = SMB2_FILE_OPEN;
	m[0].u.create_req.name.p = n16;
	m[0].u.create_req.name.len = (uint32_t)nlen;
	m[1].hdr.command = SMB2_QUERY_INFO;
	m[1].u.query_info_req.info_type = SMB2_0_INFO_FILE;
	m[1].u.query_info_req.file_info_class = FILE_ALL_INFORMATION;
	m[1].u.query_info_req.output_buffer_length = 4096;
	m[1].u.query_info_req.file_id = any;
	m[2].hdr.command = SMB2_CLOSE;
	m[2].u.close_req.file_id = any;
	m[2].u.close_req.flags = SMB2_CLOSE_FLAG_POSTQUERY_ATTRIB;
	for (int i = 0; i < 3; i++) {
		it[i].m = &m[i];
		it[i].sess = t->sess;
		it[i].tree = t;
		it[i].related = i > 0;
	}
	assert_status(cli_send_chain(t->sess->conn, it, 3, r), STATUS_SUCCESS);
	assert_status(cli_wait_all(r, 3, 0), STATUS_SUCCESS);
	for (int i = 0; i < 3; i++)
		cli_req_free(r[i]);
	free(n16);
}

static void query(struct cli_tree *t, struct smb2_fileid fid, uint8_t type, uint8_t cls)
{
	uint8_t *buf = NULL;
	size_t len = 0;

	assert_status(cli_query_info(t, fid, type, cls, 0, &buf, &len), STATUS_SUCCESS);
	free(buf);
}

/* The recorded conversation: every command the client sends. */
static void record_files(struct rt_target *t, struct rt_capture *cap, uint16_t dialect)
{
	struct cli_conn *c = rt_rec_connect(t, cap, NULL);
	struct cli_tree *tr = rt_logon(c, dialect);
	struct cli_session *s = tr->sess;
	static uint8_t data[90000];
	struct smb2_lock_element el = { 0, 10, SMB2_LOCKFLAG_EXCLUSIVE_LOCK |
	                                           SMB2_LOCKFLAG_FAIL_IMMEDIATELY };
	struct smb2_fileid fid, dir;
	struct cli_req *w[3];
	uint8_t buf[128];
	size_t got;
	int n = 0;

	for (size_t i = 0; i < sizeof(data); i++)
		data[i] = (uint8_t)(i * 7 + 3);
	assert_status(cli_mkdir(tr, "d"), STATUS_SUCCESS);
	fid = rt_open_file(tr, "d\\f.txt", SMB2_GENERIC_READ | SMB2_GENERIC_WRITE | SMB2_DELETE,
	                SMB2_FILE_OVERWRITE_IF, SMB2_FILE_NON_DIRECTORY_FILE);
	/* Three writes in flight together. */
	for (int k = 0; k < 3; k++)
		assert_status(cli_write_send(tr, fid, (uint64_t)k * 30000, data + k * 30000, 30000,
		                             NULL, &w[k]),
		              STATUS_SUCCESS);
	assert_status(cli_wait_all(w, 3, 0), STATUS_SUCCESS);
	for (int k = 0; k < 3; k++)
		cli_req_free(w[k]);
	assert_status(cli_flush(tr, fid), STATUS_SUCCESS);
	assert_status(cli_lock_send(tr, fid, &el, 1, NULL, &w[0]), STATUS_SUCCESS);
	assert_status(cli_wait(w[0], 0), STATUS_SUCCESS);
	cli_req_free(w[0]);
	el.flags = SMB2_LOCKFLAG_UNLOCK;
	assert_status(cli_lock_send(tr, fid, &el, 1, NULL, &w[0]), STATUS_SUCCESS);
	assert_status(cli_wait(w[0], 0), STATUS_SUCCESS);
	cli_req_free(w[0]);
	assert_status(cli_read(tr, fid, 29990, buf, 20, &got), STATUS_SUCCESS);
	assert_status(cli_set_eof(tr, fid, 80000), STATUS_SUCCESS);
	assert_status(cli_rename(tr, fid, "d\\g.txt", false), STATUS_SUCCESS);
	assert_status(cli_close(tr, fid), STATUS_SUCCESS);

	dir = rt_open_file(tr, "d", SMB2_FILE_LIST_DIRECTORY | SMB2_FILE_READ_ATTRIBUTES,
	                SMB2_FILE_OPEN, SMB2_FILE_DIRECTORY_FILE);
	assert_status(cli_query_directory(tr, dir, "*", rt_count_cb, &n), STATUS_SUCCESS);
	assert_status(cli_close(tr, dir), STATUS_SUCCESS);

	fid = rt_open_file(tr, "seed.txt", SMB2_GENERIC_READ, SMB2_FILE_OPEN,
	                SMB2_FILE_NON_DIRECTORY_FILE);
	assert_status(cli_read(tr, fid, 0, buf, sizeof(buf), &got), STATUS_SUCCESS);
	assert_status(cli_close(tr, fid), STATUS_SUCCESS);

	fid = rt_open_file(tr, "d\\g.txt", SMB2_GENERIC_READ, SMB2_FILE_OPEN, 0);
	query(tr, fid, SMB2_0_INFO_FILE, FILE_ALL_INFORMATION);
	query(tr, fid, SMB2_0_INFO_FILE, FILE_STANDARD_INFORMATION);
	query(tr, fid, SMB2_0_INFO_FILE, FILE_STREAM_INFORMATION);
	query(tr, fid, SMB2_0_INFO_FILE, FILE_BASIC_INFORMATION);
	query(tr, fid, SMB2_0_INFO_FILESYSTEM, FILE_FS_SIZE_INFORMATION);
	query(tr, fid, SMB2_0_INFO_FILESYSTEM, FILE_FS_ATTRIBUTE_INFORMATION);
	assert_status(cli_close_send(tr, fid, SMB2_CLOSE_FLAG_POSTQUERY_ATTRIB, NULL, &w[0]),
	              STATUS_SUCCESS);
	assert_status(cli_wait(w[0], 0), STATUS_SUCCESS);
	cli_req_free(w[0]);

	compound(tr, "d\\g.txt");
	assert_status(cli_echo(c), STATUS_SUCCESS);
	assert_status(cli_unlink(tr, "d\\g.txt"), STATUS_SUCCESS);
	assert_status(cli_rmdir(tr, "d"), STATUS_SUCCESS);
	assert_status(cli_tree_disconnect(tr), STATUS_SUCCESS);
	assert_status(cli_logoff(s), STATUS_SUCCESS);
	cli_conn_free(c);
}

static int setup(void **state)
{
	struct fx *x = calloc(1, sizeof(*x));

	assert_non_null(x);
	x->base = event_base_new();
	assert_non_null(x->base);
	rr_report_init(&x->rep);
	rr_plan_init(&x->plan, NULL, 0, &x->rep);
	rt_options(&x->o);
	*state = x;
	return 0;
}

static int teardown(void **state)
{
	struct fx *x = *state;

	if (x->tgt_up)
		rt_target_stop(&x->tgt);
	rr_plan_free(&x->plan);
	rr_report_free(&x->rep);
	rt_capture_free(&x->cap);
	event_base_free(x->base);
	free(x);
	return 0;
}

/* Record the files conversation on `dialect` against a share holding
 * seed.txt. */
static void record(struct fx *x, uint16_t dialect)
{
	struct rt_target rec;

	rt_target_start(&rec, x->base);
	rt_put(&rec, "seed.txt", seed_text);
	record_files(&rec, &x->cap, dialect);
	rt_target_stop(&rec);
}

/* A fresh target; seed.txt with `seed` (NULL: no seed.txt). */
static void target(struct fx *x, const char *seed)
{
	rt_target_start(&x->tgt, x->base);
	x->tgt_up = true;
	if (seed)
		rt_put(&x->tgt, "seed.txt", seed);
}

static void replay(struct fx *x)
{
	rt_replay(&x->plan, &x->o, &x->tgt, &x->rep);
	if (getenv("RR_TEST_VERBOSE"))
		rr_report_text(&x->rep, "recorded", "in-process", stderr);
}

static void expect_clean(struct fx *x)
{
	if (x->rep.divergences)
		rr_report_text(&x->rep, "recorded", "in-process", stderr);
	assert_int_equal(x->rep.divergences, 0);
	assert_false(x->rep.fatal);
	assert_int_equal(x->rep.replayed + x->rep.skipped[RR_SKIP_NEGOTIATE] +
	                         x->rep.skipped[RR_SKIP_SETUP_ROUND],
	                 x->rep.total);
	assert_int_equal(x->rep.matched, x->rep.replayed);
	assert_int_equal(x->rep.skipped[RR_SKIP_NEGOTIATE], 1);
	assert_int_equal(x->rep.skipped[RR_SKIP_SETUP_ROUND], 2);
}

/* The divergence about this command and field, or NULL. */
static const struct rr_div *find_div(const struct rr_report *r, uint16_t cmd, const char *field)
{
	for (size_t i = 0; i < r->n_divs; i++)
		if (r->divs[i].at.command == cmd && strcmp(r->divs[i].field, field) == 0)
			return &r->divs[i];
	return NULL;
}

/* The plan op of the CREATE of `name` (UTF-8). */
static const struct rr_op *create_of(const struct rr_plan *p, const char *key)
{
	for (size_t i = 0; i < p->n_ops; i++)
		if (p->ops[i].command == SMB2_CREATE && p->ops[i].paths[0] &&
		    strcmp(p->ops[i].paths[0], key) == 0)
			return &p->ops[i];
	return NULL;
}

static void test_files_every_dialect(void **state)
{
	static const uint16_t dialects[] = { SMB2_DIALECT_202, SMB2_DIALECT_210, SMB2_DIALECT_300,
	                                     SMB2_DIALECT_302, SMB2_DIALECT_311 };
	struct fx *x = *state;

	for (size_t i = 0; i < sizeof(dialects) / sizeof(dialects[0]); i++) {
		if (i) {
			teardown(state);
			setup(state);
			x = *state;
		}
		record(x, dialects[i]);
		rt_feed(&x->plan, &x->cap);
		assert_int_equal(x->plan.n_streams, 1);
		assert_int_equal(x->plan.streams[0].dialect, dialects[i]);
		target(x, seed_text);
		replay(x);
		expect_clean(x);
		assert_int_equal(x->rep.streams[0].rep_dialect, dialects[i]);
		/* The replay did what the client did: d is gone again. */
		assert_false(rt_exists(&x->tgt, "d"));
		assert_true(rt_exists(&x->tgt, "seed.txt"));
		/* One connection, one logon. */
		assert_int_equal(x->tgt.connects, 1);
	}
}

/* The compound went out as one frame of three, related. */
static void test_compound_kept(void **state)
{
	struct fx *x = *state;
	bool seen = false;

	record(x, SMB2_DIALECT_311);
	rt_feed(&x->plan, &x->cap);
	for (size_t i = 0; i < x->plan.n_units; i++) {
		const struct rr_unit *u = &x->plan.units[i];
		if (u->n != 3)
			continue;
		seen = true;
		assert_int_equal(x->plan.ops[u->first].command, SMB2_CREATE);
		assert_false(x->plan.ops[u->first].related);
		assert_true(x->plan.ops[u->first + 1].related);
		assert_true(x->plan.ops[u->first + 2].related);
	}
	assert_true(seen);
	target(x, seed_text);
	replay(x);
	expect_clean(x);
}

/* Twin: the target's share lacks seed.txt. */
static void test_file_missing(void **state)
{
	struct fx *x = *state;
	const struct rr_op *cr;
	const struct rr_div *d;

	record(x, SMB2_DIALECT_311);
	rt_feed(&x->plan, &x->cap);
	target(x, NULL);
	replay(x);
	cr = create_of(&x->plan, "share:seed.txt");
	assert_non_null(cr);
	d = find_div(&x->rep, SMB2_CREATE, "Status");
	assert_non_null(d);
	assert_int_equal(d->at.frame, cr->frame);
	assert_int_equal(d->at.mid, cr->mid);
	assert_int_equal(d->at.stream, 0);
	assert_string_equal(d->captured, "STATUS_SUCCESS");
	assert_string_equal(d->replayed, "STATUS_OBJECT_NAME_NOT_FOUND");
	assert_int_equal(x->rep.divergences, 1);
	/* Its two READs (data, then end of file) and CLOSE cannot go: their
	 * FileId maps to nothing. */
	assert_int_equal(x->rep.skipped[RR_SKIP_FID_FAILED], 3);
	assert_int_equal(x->rep.diverged, 1);
	assert_false(x->rep.fatal);
}

/* Twin: seed.txt has other bytes of the same length. */
static void test_file_content(void **state)
{
	struct fx *x = *state;
	char other[sizeof(seed_text)];
	const struct rr_div *d;

	memcpy(other, seed_text, sizeof(other));
	other[0] = 'S';
	record(x, SMB2_DIALECT_311);
	rt_feed(&x->plan, &x->cap);
	target(x, other);
	replay(x);
	d = find_div(&x->rep, SMB2_READ, "Data");
	assert_non_null(d);
	assert_memory_equal(d->captured, "sha256:", 7);
	assert_string_not_equal(d->captured, d->replayed);
	assert_null(find_div(&x->rep, SMB2_READ, "DataLength"));
	assert_int_equal(x->rep.divergences, 1);
}

/* Twin: a target that offers 3.0.2 at most. */
static void test_dialect_lower(void **state)
{
	struct fx *x = *state;
	const struct rr_div *d;

	record(x, SMB2_DIALECT_311);
	rt_feed(&x->plan, &x->cap);
	rt_target_start(&x->tgt, x->base);
	x->tgt_up = true;
	rt_put(&x->tgt, "seed.txt", seed_text);
	srv_server_free(x->tgt.srv);
	x->tgt.set.max_dialect = SMB2_DIALECT_302;
	assert_int_equal(srv_server_new(x->base, &x->tgt.set, &x->tgt.srv), STATUS_SUCCESS);
	assert_int_equal(srv_file_handlers_register(x->tgt.srv), STATUS_SUCCESS);
	replay(x);
	d = find_div(&x->rep, SMB2_NEGOTIATE, "DialectRevision");
	assert_non_null(d);
	assert_string_equal(d->captured, "0x0311");
	assert_string_equal(d->replayed, "0x0302");
	assert_int_equal(x->rep.streams[0].rep_dialect, SMB2_DIALECT_302);
	/* Everything else answers the same. */
	assert_int_equal(x->rep.divergences, 1);
}

/* Twin: the credentials do not log on. */
static void test_logon_fails(void **state)
{
	struct fx *x = *state;

	record(x, SMB2_DIALECT_311);
	rt_feed(&x->plan, &x->cap);
	target(x, seed_text);
	strcpy(x->o.password, "wrong");
	replay(x);
	assert_true(x->rep.fatal);
	assert_int_equal(x->rep.streams[0].setup, STATUS_LOGON_FAILURE);
	/* Only the ECHO, sent outside any session, goes (and matches); every
	 * other request names the session, or shares a compound with one. */
	assert_int_equal(x->rep.replayed, 1);
	assert_int_equal(x->rep.matched, 1);
	assert_int_equal(x->rep.skipped[RR_SKIP_SESSION_FAILED] + x->rep.skipped[RR_SKIP_CHAIN] + 3 + 1,
	                 x->rep.total);
	assert_int_equal(x->rep.skipped[RR_SKIP_CHAIN], 2);
	assert_false(rt_exists(&x->tgt, "d"));
}

/* Twin: the target is down. */
static void test_target_down(void **state)
{
	struct fx *x = *state;

	record(x, SMB2_DIALECT_311);
	rt_feed(&x->plan, &x->cap);
	target(x, seed_text);
	x->tgt.refuse = true;
	replay(x);
	assert_true(x->rep.fatal);
	assert_int_equal(x->rep.replayed, 0);
	assert_int_equal(x->rep.skipped[RR_SKIP_NO_CONNECTION], x->rep.total);
	assert_int_equal(x->tgt.connects, 1);   /* tried once, not per message */
}

/* Frames of the recording, by index, that are responses to `cmd`. */
static size_t nth_frame(const struct rt_capture *c, bool c2s, uint16_t cmd, unsigned nth)
{
	for (size_t i = 0; i < c->n; i++)
		if (c->f[i].c2s == c2s && c->f[i].len >= SMB2_HDR_SIZE &&
		    le16(c->f[i].p + 12) == cmd && nth-- == 0)
			return i;
	fail_msg("no such frame");
	return 0;
}

static void drop_frame(struct rt_capture *c, size_t i)
{
	free(c->f[i].p);
	memmove(&c->f[i], &c->f[i + 1], (c->n - i - 1) * sizeof(c->f[0]));
	c->n--;
}

/* Twin: the capture lost the READ response of seed.txt (its second READ):
 * the READ is replayed, not compared, and said so. */
static void test_response_missing(void **state)
{
	struct fx *x = *state;

	record(x, SMB2_DIALECT_311);
	drop_frame(&x->cap, nth_frame(&x->cap, false, SMB2_READ, 1));
	rt_feed(&x->plan, &x->cap);
	target(x, seed_text);
	replay(x);
	assert_int_equal(x->rep.divergences, 0);
	assert_int_equal(x->rep.uncompared[RR_UNCMP_NO_RSP], 1);
	assert_int_equal(x->rep.replayed, x->rep.matched + 1);
	bool noted = false;
	for (size_t i = 0; i < x->rep.n_notes; i++)
		if (x->rep.notes[i].at.command == SMB2_READ &&
		    strcmp(x->rep.notes[i].reason, "no_captured_response") == 0)
			noted = true;
	assert_true(noted);
}

/* Twin: the capture lost the CREATE response of seed.txt: its FileId is
 * unknown, so READ and CLOSE on it are skipped with that reason. */
static void test_create_response_missing(void **state)
{
	struct fx *x = *state;
	const struct rr_op *cr;
	size_t i;

	record(x, SMB2_DIALECT_311);
	rt_feed(&x->plan, &x->cap);
	cr = create_of(&x->plan, "share:seed.txt");
	assert_non_null(cr);
	/* The recorded frame carrying that CREATE's response. */
	for (i = 0; i < x->cap.n; i++)
		if (!x->cap.f[i].c2s && le16(x->cap.f[i].p + 12) == SMB2_CREATE &&
		    le64(x->cap.f[i].p + 24) == cr->mid)
			break;
	assert_true(i < x->cap.n);
	drop_frame(&x->cap, i);
	rr_plan_free(&x->plan);
	rr_plan_init(&x->plan, NULL, 0, &x->rep);
	rt_feed(&x->plan, &x->cap);
	target(x, seed_text);
	replay(x);
	assert_int_equal(x->rep.divergences, 0);
	assert_int_equal(x->rep.skipped[RR_SKIP_FID_UNKNOWN], 3);
	assert_int_equal(x->rep.uncompared[RR_UNCMP_NO_RSP], 1);
}

/* Twin: a WRITE whose DataOffset points past the end does not decode: it
 * is skipped, naming the field, and the replay goes on. */
static void test_request_undecodable(void **state)
{
	struct fx *x = *state;
	size_t i;
	bool noted = false;

	record(x, SMB2_DIALECT_311);
	i = nth_frame(&x->cap, true, SMB2_WRITE, 0);
	put_le16(x->cap.f[i].p + SMB2_HDR_SIZE + 2, 0xFFF0);   /* DataOffset */
	rt_feed(&x->plan, &x->cap);
	target(x, seed_text);
	replay(x);
	assert_int_equal(x->rep.skipped[RR_SKIP_UNDECODABLE], 1);
	for (size_t k = 0; k < x->rep.n_notes; k++)
		if (x->rep.notes[k].at.command == SMB2_WRITE &&
		    strcmp(x->rep.notes[k].reason, "undecodable") == 0 &&
		    strstr(x->rep.notes[k].text, "WRITE.") && strstr(x->rep.notes[k].text, "offset"))
			noted = true;
	assert_true(noted);
	/* The other two writes still went. */
	assert_true(x->rep.replayed > 30);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_files_every_dialect, setup, teardown),
		cmocka_unit_test_setup_teardown(test_compound_kept, setup, teardown),
		cmocka_unit_test_setup_teardown(test_file_missing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_file_content, setup, teardown),
		cmocka_unit_test_setup_teardown(test_dialect_lower, setup, teardown),
		cmocka_unit_test_setup_teardown(test_logon_fails, setup, teardown),
		cmocka_unit_test_setup_teardown(test_target_down, setup, teardown),
		cmocka_unit_test_setup_teardown(test_response_missing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_create_response_missing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_request_undecodable, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
