/*
 * CHANGE_NOTIFY against the server's handler: changes made through the
 * server (CREATE, delete on close, SET_INFO rename) reach a pending
 * request, changes made while none is pending are queued for the next,
 * the completion filter, SMB2_WATCH_TREE, CANCEL, NOTIFY_CLEANUP on
 * close, NOTIFY_ENUM_DIR when the entries do not fit; malformed twins: a
 * file, a zero or undefined filter, a buffer over MaxTransactSize, no
 * FILE_LIST_DIRECTORY, unknown and foreign FileIds.
 */
#include "srv_io_util.h"
#include "wire/notify_info.h"
#include "wire/set_info.h"

static struct io_env env;

static int setup(void **state)
{
	(void)state;
	io_start(&env);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	io_stop(&env);
	return 0;
}

#define NAMES (FILE_NOTIFY_CHANGE_FILE_NAME | FILE_NOTIFY_CHANGE_DIR_NAME)

static void notify_req(struct smb2_msg *q, struct smb2_fileid fid, uint32_t filter,
                       uint16_t flags, uint32_t max)
{
	io_req(q, SMB2_CHANGE_NOTIFY);
	q->u.change_notify_req.file_id = fid;
	q->u.change_notify_req.completion_filter = filter;
	q->u.change_notify_req.flags = flags;
	q->u.change_notify_req.output_buffer_length = max;
}

/* Send a CHANGE_NOTIFY that must wait; returns its MessageId. */
static uint64_t arm(struct h_conn *c, struct smb2_fileid fid, uint32_t filter, uint16_t flags,
                    uint32_t max, uint64_t *async_id)
{
	struct smb2_msg q, r;
	struct h_frame f = {0};
	uint64_t mid;

	notify_req(&q, fid, filter, flags, max);
	mid = io_send(c, &q, max);
	assert_status(io_recv(&env, c, &r, &f), STATUS_PENDING);
	assert_int_equal(r.hdr.command, SMB2_CHANGE_NOTIFY);
	if (async_id)
		*async_id = r.hdr.async_id;
	free(f.p);
	return mid;
}

struct want {
	uint32_t action;
	const char *name;
};

static void check_entries(const struct smb2_msg *r, const struct want *w, unsigned n)
{
	struct smb2_notify_iter it;
	struct smb2_notify_entry e;
	unsigned i = 0;

	smb2_notify_iter_init(&it, r->u.change_notify_rsp.buffer);
	while (smb2_notify_next(&it, &e) == STATUS_SUCCESS) {
		char name[256];
		size_t len = 0;
		assert_true(i < n);
		assert_int_equal(e.action, w[i].action);
		assert_int_equal(utf16le_to_utf8(e.name.p, e.name.len, name, sizeof(name), &len),
		                 STATUS_SUCCESS);
		assert_string_equal(name, w[i].name);
		i++;
	}
	assert_int_equal(i, n);
}

/* The completion of the CHANGE_NOTIFY mid, with entries w[0..n). */
static void expect_notify(struct h_conn *c, uint64_t mid, const struct want *w, unsigned n)
{
	struct smb2_msg r;
	struct h_frame f = {0};

	assert_status(io_recv(&env, c, &r, &f), STATUS_SUCCESS);
	assert_int_equal(r.hdr.command, SMB2_CHANGE_NOTIFY);
	assert_int_equal(r.hdr.message_id, mid);
	check_entries(&r, w, n);
	free(f.p);
}

static void expect_status(struct h_conn *c, uint64_t mid, NTSTATUS st)
{
	struct smb2_msg r;
	struct h_frame f = {0};

	assert_status(io_recv(&env, c, &r, &f), st);
	assert_int_equal(r.hdr.command, SMB2_CHANGE_NOTIFY);
	assert_int_equal(r.hdr.message_id, mid);
	free(f.p);
}

static NTSTATUS rename_to(struct h_conn *c, struct smb2_fileid fid, const char *to)
{
	struct smb2_fileinfo fi;
	struct smb2_msg q, r;
	struct h_frame f = {0};
	uint8_t n16[256];
	size_t n = 0;
	struct wr buf;
	NTSTATUS st;

	assert_int_equal(utf8_to_utf16le(to, strlen(to), n16, sizeof(n16), &n), STATUS_SUCCESS);
	memset(&fi, 0, sizeof(fi));
	fi.cls = FILE_RENAME_INFORMATION;
	fi.u.rename.name.p = n16;
	fi.u.rename.name.len = (uint32_t)n;
	wr_init(&buf, 4096);
	assert_int_equal(smb2_fileinfo_encode(&buf, &fi), STATUS_SUCCESS);
	io_req(&q, SMB2_SET_INFO);
	q.u.set_info_req.info_type = SMB2_0_INFO_FILE;
	q.u.set_info_req.file_info_class = FILE_RENAME_INFORMATION;
	q.u.set_info_req.file_id = fid;
	q.u.set_info_req.buffer.p = buf.buf;
	q.u.set_info_req.buffer.len = (uint32_t)buf.len;
	st = io_call(&env, c, &q, buf.len, &r, &f);
	wr_free(&buf);
	free(f.p);
	return st;
}

static void test_notify_changes(void **state)
{
	struct smb2_fileid dir, fid;
	struct h_conn c, c2;
	struct smb2_msg q, r;
	struct h_frame f = {0};
	uint64_t mid;
	uint32_t n = 0;

	(void)state;
	io_session(&env, &c, SMB2_DIALECT_311);
	io_session(&env, &c2, SMB2_DIALECT_311);
	assert_status(io_create(&env, &c, "w", SMB2_FILE_LIST_DIRECTORY, SMB2_FILE_CREATE,
	                        SMB2_FILE_DIRECTORY_FILE, &dir),
	              STATUS_SUCCESS);
	/* A create by another session. */
	mid = arm(&c, dir, NAMES, 0, 4096, NULL);
	assert_status(io_create(&env, &c2, "w\\a.txt", SMB2_FILE_WRITE_DATA | SMB2_DELETE,
	                        SMB2_FILE_CREATE, SMB2_FILE_NON_DIRECTORY_FILE, &fid),
	              STATUS_SUCCESS);
	{
		static const struct want w[] = {{FILE_ACTION_ADDED, "a.txt"}};
		expect_notify(&c, mid, w, 1);
	}
	/* Writes are not names: the filter keeps them out. */
	mid = arm(&c, dir, NAMES, 0, 4096, NULL);
	assert_status(io_write(&env, &c2, fid, 0, "abc", 3, &n), STATUS_SUCCESS);
	/* A delete on close. */
	assert_status(io_close(&env, &c2, fid), STATUS_SUCCESS);
	assert_status(io_create(&env, &c2, "w\\a.txt", SMB2_DELETE, SMB2_FILE_OPEN,
	                        SMB2_FILE_DELETE_ON_CLOSE, &fid),
	              STATUS_SUCCESS);
	assert_status(io_close(&env, &c2, fid), STATUS_SUCCESS);
	{
		static const struct want w[] = {{FILE_ACTION_REMOVED, "a.txt"}};
		expect_notify(&c, mid, w, 1);
	}
	/* Changes while nothing waits are queued and answered at once. */
	assert_status(io_create(&env, &c2, "w\\b.txt", SMB2_DELETE | SMB2_FILE_WRITE_DATA,
	                        SMB2_FILE_CREATE, SMB2_FILE_NON_DIRECTORY_FILE, &fid),
	              STATUS_SUCCESS);
	notify_req(&q, dir, NAMES, 0, 4096);
	assert_status(io_call(&env, &c, &q, 4096, &r, &f), STATUS_SUCCESS);
	{
		static const struct want w[] = {{FILE_ACTION_ADDED, "b.txt"}};
		check_entries(&r, w, 1);
	}
	free(f.p);
	/* A rename: both names in one response. */
	mid = arm(&c, dir, NAMES, 0, 4096, NULL);
	assert_status(rename_to(&c2, fid, "w\\c.txt"), STATUS_SUCCESS);
	{
		static const struct want w[] = {{FILE_ACTION_RENAMED_OLD_NAME, "b.txt"},
		                                {FILE_ACTION_RENAMED_NEW_NAME, "c.txt"}};
		expect_notify(&c, mid, w, 2);
	}
	/* With the size filter, the write shows as a modification. */
	mid = arm(&c, dir, FILE_NOTIFY_CHANGE_SIZE, 0, 4096, NULL);
	assert_status(io_write(&env, &c2, fid, 0, "abc", 3, &n), STATUS_SUCCESS);
	{
		static const struct want w[] = {{FILE_ACTION_MODIFIED, "c.txt"}};
		expect_notify(&c, mid, w, 1);
	}
	assert_status(io_close(&env, &c2, fid), STATUS_SUCCESS);
	assert_status(io_close(&env, &c, dir), STATUS_SUCCESS);
	h_conn_free(&c);
	h_conn_free(&c2);
}

static void test_notify_tree(void **state)
{
	struct smb2_fileid wt, wn, d, x;
	struct h_conn c, c2;
	uint64_t mt, mn, aid;

	(void)state;
	io_session(&env, &c, SMB2_DIALECT_300);
	io_session(&env, &c2, SMB2_DIALECT_300);
	assert_status(io_create(&env, &c, "t", SMB2_FILE_LIST_DIRECTORY, SMB2_FILE_CREATE,
	                        SMB2_FILE_DIRECTORY_FILE, &wt),
	              STATUS_SUCCESS);
	assert_status(io_create(&env, &c, "t", SMB2_FILE_LIST_DIRECTORY, SMB2_FILE_OPEN,
	                        SMB2_FILE_DIRECTORY_FILE, &wn),
	              STATUS_SUCCESS);
	mt = arm(&c, wt, NAMES, SMB2_WATCH_TREE, 4096, NULL);
	mn = arm(&c, wn, NAMES, 0, 4096, &aid);
	assert_status(io_create(&env, &c2, "t\\sub", SMB2_FILE_LIST_DIRECTORY, SMB2_FILE_CREATE,
	                        SMB2_FILE_DIRECTORY_FILE, &d),
	              STATUS_SUCCESS);
	{
		static const struct want w[] = {{FILE_ACTION_ADDED, "sub"}};
		expect_notify(&c, mt, w, 1);
		expect_notify(&c, mn, w, 1);
	}
	mt = arm(&c, wt, NAMES, SMB2_WATCH_TREE, 4096, NULL);
	mn = arm(&c, wn, NAMES, 0, 4096, &aid);
	assert_status(io_create(&env, &c2, "t\\sub\\x", SMB2_FILE_WRITE_DATA, SMB2_FILE_CREATE,
	                        SMB2_FILE_NON_DIRECTORY_FILE, &x),
	              STATUS_SUCCESS);
	{
		static const struct want w[] = {{FILE_ACTION_ADDED, "sub\\x"}};
		expect_notify(&c, mt, w, 1);
	}
	/* The watcher without WATCH_TREE saw nothing: cancel it by AsyncId. */
	{
		struct smb2_cancel_req cq = {0};
		struct smb2_hdr h;
		struct wr w;
		memset(&h, 0, sizeof(h));
		h.command = SMB2_CANCEL;
		h.flags = SMB2_FLAGS_ASYNC_COMMAND;
		h.async_id = aid;
		h.session_id = c.session_id;
		wr_init(&w, 4096);
		assert_int_equal(smb2_hdr_encode(&w, &h), STATUS_SUCCESS);
		assert_int_equal(smb2_cancel_req_encode(&w, &cq), STATUS_SUCCESS);
		h_send(&c, &w);
		wr_free(&w);
	}
	expect_status(&c, mn, STATUS_CANCELLED);
	assert_status(io_close(&env, &c2, x), STATUS_SUCCESS);
	assert_status(io_close(&env, &c2, d), STATUS_SUCCESS);
	assert_status(io_close(&env, &c, wt), STATUS_SUCCESS);
	assert_status(io_close(&env, &c, wn), STATUS_SUCCESS);
	h_conn_free(&c);
	h_conn_free(&c2);
}

static void test_notify_cleanup_overflow(void **state)
{
	struct smb2_fileid dir, fid;
	struct h_conn c, c2;
	struct smb2_msg q, r;
	struct h_frame f = {0};
	uint64_t mid;

	(void)state;
	io_session(&env, &c, SMB2_DIALECT_210);
	io_session(&env, &c2, SMB2_DIALECT_210);
	assert_status(io_create(&env, &c, "o", SMB2_FILE_LIST_DIRECTORY, SMB2_FILE_CREATE,
	                        SMB2_FILE_DIRECTORY_FILE, &dir),
	              STATUS_SUCCESS);
	/* A buffer too small for the entry: enumerate the directory. */
	mid = arm(&c, dir, NAMES, 0, 8, NULL);
	assert_status(io_create(&env, &c2, "o\\long-name.txt", SMB2_FILE_WRITE_DATA,
	                        SMB2_FILE_CREATE, SMB2_FILE_NON_DIRECTORY_FILE, &fid),
	              STATUS_SUCCESS);
	expect_status(&c, mid, STATUS_NOTIFY_ENUM_DIR);
	assert_status(io_close(&env, &c2, fid), STATUS_SUCCESS);
	/* The overflow dropped the queue: the next wait starts empty. */
	mid = arm(&c, dir, NAMES, 0, 4096, NULL);
	/* Closing the directory answers the wait with NOTIFY_CLEANUP, then
	 * the CLOSE itself. */
	io_req(&q, SMB2_CLOSE);
	q.u.close_req.file_id = dir;
	(void)io_send(&c, &q, 0);
	expect_status(&c, mid, STATUS_NOTIFY_CLEANUP);
	assert_status(io_recv(&env, &c, &r, &f), STATUS_SUCCESS);
	assert_int_equal(r.hdr.command, SMB2_CLOSE);
	free(f.p);
	/* A wait whose connection goes away is dropped cleanly. */
	assert_status(io_create(&env, &c2, "o", SMB2_FILE_LIST_DIRECTORY, SMB2_FILE_OPEN,
	                        SMB2_FILE_DIRECTORY_FILE, &dir),
	              STATUS_SUCCESS);
	(void)arm(&c2, dir, NAMES, 0, 4096, NULL);
	h_conn_free(&c2);
	h_settle(&env.e);
	assert_status(io_create(&env, &c, "o\\after", SMB2_FILE_WRITE_DATA, SMB2_FILE_CREATE,
	                        SMB2_FILE_NON_DIRECTORY_FILE, &fid),
	              STATUS_SUCCESS);
	assert_status(io_close(&env, &c, fid), STATUS_SUCCESS);
	h_settle(&env.e);
	{
		struct srv_stats st;
		srv_server_stats(env.e.srv, &st);
		assert_int_equal(st.async, 0);
	}
	h_conn_free(&c);
}

static void test_notify_malformed(void **state)
{
	struct smb2_fileid dir, file, noacc, bogus = {3, 3};
	struct h_conn c, other;
	struct smb2_msg q, r;
	struct h_frame f = {0};

	(void)state;
	io_session(&env, &c, SMB2_DIALECT_311);
	io_session(&env, &other, SMB2_DIALECT_311);
	for (int i = 0; i < 4; i++)
		assert_status(h_simple(&env.e, &c, SMB2_ECHO), STATUS_SUCCESS);
	assert_status(io_create(&env, &c, "m", SMB2_FILE_LIST_DIRECTORY, SMB2_FILE_CREATE,
	                        SMB2_FILE_DIRECTORY_FILE, &dir),
	              STATUS_SUCCESS);
	assert_status(io_create(&env, &c, "m", SMB2_FILE_READ_ATTRIBUTES, SMB2_FILE_OPEN,
	                        SMB2_FILE_DIRECTORY_FILE, &noacc),
	              STATUS_SUCCESS);
	assert_status(io_create(&env, &c, "m.txt", SMB2_FILE_READ_DATA, SMB2_FILE_CREATE,
	                        SMB2_FILE_NON_DIRECTORY_FILE, &file),
	              STATUS_SUCCESS);
	notify_req(&q, file, NAMES, 0, 4096);
	assert_status(io_call(&env, &c, &q, 4096, &r, &f), STATUS_INVALID_PARAMETER);
	free(f.p);
	notify_req(&q, dir, 0, 0, 4096);
	assert_status(io_call(&env, &c, &q, 4096, &r, &f), STATUS_INVALID_PARAMETER);
	free(f.p);
	notify_req(&q, dir, NAMES | 0x1000, 0, 4096);
	assert_status(io_call(&env, &c, &q, 4096, &r, &f), STATUS_INVALID_PARAMETER);
	free(f.p);
	notify_req(&q, dir, NAMES, 0, SMB2_MAX_IO_SIZE + 1);
	assert_status(io_call(&env, &c, &q, SMB2_MAX_IO_SIZE + 1, &r, &f),
	              STATUS_INVALID_PARAMETER);
	free(f.p);
	notify_req(&q, noacc, NAMES, 0, 4096);
	assert_status(io_call(&env, &c, &q, 4096, &r, &f), STATUS_ACCESS_DENIED);
	free(f.p);
	notify_req(&q, bogus, NAMES, 0, 4096);
	assert_status(io_call(&env, &c, &q, 4096, &r, &f), STATUS_FILE_CLOSED);
	free(f.p);
	notify_req(&q, dir, NAMES, 0, 4096);
	assert_status(io_call(&env, &other, &q, 4096, &r, &f), STATUS_FILE_CLOSED);
	free(f.p);
	/* None of them left a wait behind. */
	{
		struct srv_stats st;
		srv_server_stats(env.e.srv, &st);
		assert_int_equal(st.async, 0);
	}
	assert_status(io_close(&env, &c, dir), STATUS_SUCCESS);
	assert_status(io_close(&env, &c, noacc), STATUS_SUCCESS);
	assert_status(io_close(&env, &c, file), STATUS_SUCCESS);
	h_conn_free(&c);
	h_conn_free(&other);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_notify_changes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_notify_tree, setup, teardown),
		cmocka_unit_test_setup_teardown(test_notify_cleanup_overflow, setup, teardown),
		cmocka_unit_test_setup_teardown(test_notify_malformed, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
