/*
 * LOCK against the server's handler: shared and exclusive conflicts
 * between opens (MS-FSA 2.1.4.10) and their effect on READ and WRITE,
 * unlock, fail-immediately with rollback of a multi-element request,
 * blocking locks granted on unlock and on close, cancelled by CANCEL and
 * failed by closing the waiting open, invalid flag combinations, ranges
 * past 2^64, directories; malformed twins: LockCount 0 (refused by the
 * codec), an unknown FileId, another session's FileId.
 */
#include "srv_io_util.h"

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

#define RW (SMB2_FILE_READ_DATA | SMB2_FILE_WRITE_DATA)
#define SH SMB2_LOCKFLAG_SHARED_LOCK
#define EX SMB2_LOCKFLAG_EXCLUSIVE_LOCK
#define UN SMB2_LOCKFLAG_UNLOCK
#define FI SMB2_LOCKFLAG_FAIL_IMMEDIATELY

static void open_two(struct h_conn *c, struct smb2_fileid *a, struct smb2_fileid *b)
{
	io_make_file(&env, c, "l.bin", "0123456789abcdefghij");
	assert_status(io_create(&env, c, "l.bin", RW, SMB2_FILE_OPEN, 0, a), STATUS_SUCCESS);
	assert_status(io_create(&env, c, "l.bin", RW, SMB2_FILE_OPEN, 0, b), STATUS_SUCCESS);
}

static void test_lock_conflicts(void **state)
{
	struct smb2_fileid a, b;
	struct h_conn c;
	uint8_t buf[32];
	uint32_t n = 0, got = 0;

	(void)state;
	io_session(&env, &c, SMB2_DIALECT_311);
	open_two(&c, &a, &b);
	assert_status(io_lock1(&env, &c, a, 0, 10, EX | FI), STATUS_SUCCESS);
	assert_status(io_lock1(&env, &c, b, 5, 1, SH | FI), STATUS_LOCK_NOT_GRANTED);
	assert_status(io_lock1(&env, &c, b, 9, 5, EX | FI), STATUS_LOCK_NOT_GRANTED);
	/* The same open cannot stack a lock on its exclusive range either. */
	assert_status(io_lock1(&env, &c, a, 0, 1, SH | FI), STATUS_LOCK_NOT_GRANTED);
	/* Adjacent ranges and the {0, 0} range do not conflict. */
	assert_status(io_lock1(&env, &c, b, 10, 5, EX | FI), STATUS_SUCCESS);
	assert_status(io_lock1(&env, &c, b, 0, 0, EX | FI), STATUS_SUCCESS);
	/* I/O: the owner passes its exclusive lock, the other open does not. */
	assert_status(io_read(&env, &c, b, 0, 4, 0, buf, &got), STATUS_FILE_LOCK_CONFLICT);
	assert_status(io_write(&env, &c, b, 2, "x", 1, &n), STATUS_FILE_LOCK_CONFLICT);
	assert_status(io_read(&env, &c, a, 0, 4, 0, buf, &got), STATUS_SUCCESS);
	assert_status(io_write(&env, &c, a, 0, "A", 1, &n), STATUS_SUCCESS);
	assert_status(io_read(&env, &c, a, 10, 2, 0, buf, &got), STATUS_FILE_LOCK_CONFLICT);
	/* Unlock: the exact range only, once. */
	assert_status(io_lock1(&env, &c, a, 0, 9, UN), STATUS_RANGE_NOT_LOCKED);
	assert_status(io_lock1(&env, &c, b, 0, 10, UN), STATUS_RANGE_NOT_LOCKED);
	assert_status(io_lock1(&env, &c, a, 0, 10, UN), STATUS_SUCCESS);
	assert_status(io_lock1(&env, &c, a, 0, 10, UN), STATUS_RANGE_NOT_LOCKED);
	assert_status(io_read(&env, &c, b, 0, 4, 0, buf, &got), STATUS_SUCCESS);
	/* Shared locks stack, block every writer (the owner too), not readers. */
	assert_status(io_lock1(&env, &c, a, 0, 10, SH | FI), STATUS_SUCCESS);
	assert_status(io_lock1(&env, &c, b, 0, 10, SH | FI), STATUS_SUCCESS);
	assert_status(io_lock1(&env, &c, a, 0, 10, SH | FI), STATUS_SUCCESS);
	assert_status(io_lock1(&env, &c, b, 0, 1, EX | FI), STATUS_LOCK_NOT_GRANTED);
	assert_status(io_write(&env, &c, a, 0, "x", 1, &n), STATUS_FILE_LOCK_CONFLICT);
	assert_status(io_read(&env, &c, b, 0, 4, 0, buf, &got), STATUS_SUCCESS);
	assert_status(io_close(&env, &c, a), STATUS_SUCCESS);
	/* a's locks went with it; b's shared lock still blocks its writes. */
	assert_status(io_write(&env, &c, b, 0, "x", 1, &n), STATUS_FILE_LOCK_CONFLICT);
	assert_status(io_lock1(&env, &c, b, 0, 10, UN), STATUS_SUCCESS);
	assert_status(io_write(&env, &c, b, 0, "x", 1, &n), STATUS_SUCCESS);
	assert_status(io_close(&env, &c, b), STATUS_SUCCESS);
	h_conn_free(&c);
}

static void test_lock_multi_rollback(void **state)
{
	struct smb2_lock_element two[2] = {{0, 10, EX | FI}, {100, 10, EX | FI}};
	struct smb2_fileid a, b;
	struct smb2_msg q, r;
	struct h_frame f = {0};
	struct h_conn c;

	(void)state;
	io_session(&env, &c, SMB2_DIALECT_300);
	open_two(&c, &a, &b);
	assert_status(io_lock1(&env, &c, a, 105, 1, SH | FI), STATUS_SUCCESS);
	io_lock_req(&q, b, two, 2);
	assert_status(io_call(&env, &c, &q, 0, &r, &f), STATUS_LOCK_NOT_GRANTED);
	free(f.p);
	/* b's first range was unlocked again. */
	assert_status(io_lock1(&env, &c, a, 0, 10, EX | FI), STATUS_SUCCESS);
	assert_status(io_lock1(&env, &c, b, 0, 10, UN), STATUS_RANGE_NOT_LOCKED);
	/* Two elements both granted, both unlocked in one request. */
	two[0].offset = 20;
	two[1].offset = 40;
	io_lock_req(&q, b, two, 2);
	assert_status(io_call(&env, &c, &q, 0, &r, &f), STATUS_SUCCESS);
	free(f.p);
	two[0].flags = two[1].flags = UN;
	io_lock_req(&q, b, two, 2);
	assert_status(io_call(&env, &c, &q, 0, &r, &f), STATUS_SUCCESS);
	free(f.p);
	assert_status(io_lock1(&env, &c, a, 20, 30, EX | FI), STATUS_SUCCESS);
	h_conn_free(&c);
}

/* Send a blocking LOCK on c and check its interim response. */
static uint64_t send_blocking(struct h_conn *c, struct smb2_fileid fid, uint64_t off,
                              uint64_t len, uint64_t *async_id)
{
	struct smb2_lock_element e = {off, len, EX};
	struct smb2_msg q, r;
	struct h_frame f = {0};
	uint64_t mid;

	io_lock_req(&q, fid, &e, 1);
	mid = io_send(c, &q, 0);
	assert_status(io_recv(&env, c, &r, &f), STATUS_PENDING);
	assert_true(r.hdr.flags & SMB2_FLAGS_ASYNC_COMMAND);
	assert_int_equal(r.hdr.message_id, mid);
	if (async_id)
		*async_id = r.hdr.async_id;
	free(f.p);
	return mid;
}

static void expect_final(struct h_conn *c, uint64_t mid, NTSTATUS st)
{
	struct smb2_msg r;
	struct h_frame f = {0};

	assert_status(io_recv(&env, c, &r, &f), st);
	assert_int_equal(r.hdr.command, SMB2_LOCK);
	assert_int_equal(r.hdr.message_id, mid);
	free(f.p);
}

static void test_lock_blocking(void **state)
{
	struct smb2_fileid a, b;
	struct h_conn c1, c2;
	uint64_t mid;

	(void)state;
	io_session(&env, &c1, SMB2_DIALECT_311);
	io_session(&env, &c2, SMB2_DIALECT_311);
	io_make_file(&env, &c1, "b.bin", "data");
	assert_status(io_create(&env, &c1, "b.bin", RW, SMB2_FILE_OPEN, 0, &a), STATUS_SUCCESS);
	assert_status(io_create(&env, &c2, "b.bin", RW, SMB2_FILE_OPEN, 0, &b), STATUS_SUCCESS);

	/* Granted when the holder unlocks. */
	assert_status(io_lock1(&env, &c1, a, 0, 10, EX | FI), STATUS_SUCCESS);
	mid = send_blocking(&c2, b, 5, 10, NULL);
	/* Another request of the waiter's connection is served meanwhile. */
	assert_status(h_simple(&env.e, &c2, SMB2_ECHO), STATUS_SUCCESS);
	assert_status(io_lock1(&env, &c1, a, 0, 10, UN), STATUS_SUCCESS);
	expect_final(&c2, mid, STATUS_SUCCESS);
	assert_status(io_lock1(&env, &c1, a, 5, 1, SH | FI), STATUS_LOCK_NOT_GRANTED);
	assert_status(io_lock1(&env, &c2, b, 5, 10, UN), STATUS_SUCCESS);

	/* Granted when the holder closes. */
	assert_status(io_lock1(&env, &c1, a, 0, 10, EX | FI), STATUS_SUCCESS);
	mid = send_blocking(&c2, b, 0, 1, NULL);
	assert_status(io_close(&env, &c1, a), STATUS_SUCCESS);
	expect_final(&c2, mid, STATUS_SUCCESS);
	assert_status(io_lock1(&env, &c2, b, 0, 1, UN), STATUS_SUCCESS);
	assert_status(io_close(&env, &c2, b), STATUS_SUCCESS);
	h_conn_free(&c1);
	h_conn_free(&c2);
}

static void test_lock_blocking_cancel_and_close(void **state)
{
	struct smb2_fileid a, b;
	struct h_conn c1, c2;
	uint64_t mid;

	(void)state;
	io_session(&env, &c1, SMB2_DIALECT_210);
	io_session(&env, &c2, SMB2_DIALECT_210);
	io_make_file(&env, &c1, "c.bin", "data");
	assert_status(io_create(&env, &c1, "c.bin", RW, SMB2_FILE_OPEN, 0, &a), STATUS_SUCCESS);
	assert_status(io_create(&env, &c2, "c.bin", RW, SMB2_FILE_OPEN, 0, &b), STATUS_SUCCESS);
	assert_status(io_lock1(&env, &c1, a, 0, 10, EX | FI), STATUS_SUCCESS);
	/* CANCEL by MessageId. */
	mid = send_blocking(&c2, b, 0, 10, NULL);
	io_cancel(&c2, mid);
	expect_final(&c2, mid, STATUS_CANCELLED);
	/* The cancelled wait left nothing behind: unlocking grants nobody. */
	assert_status(io_lock1(&env, &c1, a, 0, 10, UN), STATUS_SUCCESS);
	assert_status(io_lock1(&env, &c1, a, 0, 10, EX | FI), STATUS_SUCCESS);
	/* Closing the waiting open fails its wait. */
	mid = send_blocking(&c2, b, 0, 10, NULL);
	{
		struct smb2_msg q, r;
		struct h_frame f = {0};
		io_req(&q, SMB2_CLOSE);
		q.u.close_req.file_id = b;
		(void)io_send(&c2, &q, 0);
		expect_final(&c2, mid, STATUS_RANGE_NOT_LOCKED);
		assert_status(io_recv(&env, &c2, &r, &f), STATUS_SUCCESS);
		assert_int_equal(r.hdr.command, SMB2_CLOSE);
		free(f.p);
	}
	/* A wait whose connection goes away is dropped cleanly. */
	assert_status(io_create(&env, &c2, "c.bin", RW, SMB2_FILE_OPEN, 0, &b), STATUS_SUCCESS);
	(void)send_blocking(&c2, b, 0, 10, NULL);
	h_conn_free(&c2);
	h_settle(&env.e);
	assert_status(io_lock1(&env, &c1, a, 0, 10, UN), STATUS_SUCCESS);
	assert_status(io_lock1(&env, &c1, a, 0, 10, EX | FI), STATUS_SUCCESS);
	{
		struct srv_stats st;
		srv_server_stats(env.e.srv, &st);
		assert_int_equal(st.async, 0);
	}
	h_conn_free(&c1);
}

static void test_lock_invalid(void **state)
{
	static const uint32_t bad_lock_flags[] = {0,  SH | EX, SH | UN, EX | UN, FI,
	                                          0x8, SH | 0x100};
	struct smb2_lock_element mixed[2] = {{50, 1, EX | FI}, {10, 1, UN | FI}};
	struct smb2_lock_element nofi[2] = {{0, 1, EX | FI}, {10, 1, EX}};
	struct smb2_lock_element unl[2] = {{0, 1, UN}, {10, 1, EX}};
	struct smb2_fileid a, b, d;
	struct smb2_msg q, r;
	struct h_frame f = {0};
	struct h_conn c;

	(void)state;
	io_session(&env, &c, SMB2_DIALECT_302);
	open_two(&c, &a, &b);
	for (unsigned i = 0; i < sizeof(bad_lock_flags) / sizeof(bad_lock_flags[0]); i++)
		assert_status(io_lock1(&env, &c, a, 0, 1, bad_lock_flags[i]),
		              STATUS_INVALID_PARAMETER);
	/* An unlock series with a lock in it; UNLOCK|EXCLUSIVE first. */
	assert_status(io_lock1(&env, &c, a, 0, 1, EX | FI), STATUS_SUCCESS);
	io_lock_req(&q, a, unl, 2);
	assert_status(io_call(&env, &c, &q, 0, &r, &f), STATUS_INVALID_PARAMETER);
	free(f.p);
	/* ... the first unlock was done and is not rolled back. */
	assert_status(io_lock1(&env, &c, b, 0, 1, EX | FI), STATUS_SUCCESS);
	/* A lock series with an unlock in it keeps what it locked. */
	io_lock_req(&q, a, mixed, 2);
	assert_status(io_call(&env, &c, &q, 0, &r, &f), STATUS_INVALID_PARAMETER);
	free(f.p);
	assert_status(io_lock1(&env, &c, b, 50, 1, EX | FI), STATUS_LOCK_NOT_GRANTED);
	/* More than one element, one without FAIL_IMMEDIATELY. */
	io_lock_req(&q, a, nofi, 2);
	assert_status(io_call(&env, &c, &q, 0, &r, &f), STATUS_INVALID_PARAMETER);
	free(f.p);
	assert_status(io_lock1(&env, &c, b, 0, 1, UN), STATUS_SUCCESS);
	/* Ranges past 2^64 - 1; the last byte itself is fine. */
	assert_status(io_lock1(&env, &c, a, UINT64_MAX, 2, EX | FI), STATUS_INVALID_LOCK_RANGE);
	assert_status(io_lock1(&env, &c, a, 2, UINT64_MAX, SH | FI), STATUS_INVALID_LOCK_RANGE);
	assert_status(io_lock1(&env, &c, a, UINT64_MAX, 1, EX | FI), STATUS_SUCCESS);
	assert_status(io_lock1(&env, &c, a, UINT64_MAX, 2, UN), STATUS_INVALID_LOCK_RANGE);
	assert_status(io_lock1(&env, &c, a, UINT64_MAX, 1, UN), STATUS_SUCCESS);
	/* Directories have no byte ranges. */
	assert_status(io_create(&env, &c, "dir", SMB2_FILE_READ_DATA, SMB2_FILE_CREATE,
	                        SMB2_FILE_DIRECTORY_FILE, &d),
	              STATUS_SUCCESS);
	assert_status(io_lock1(&env, &c, d, 0, 1, EX | FI), STATUS_INVALID_PARAMETER);
	assert_status(io_close(&env, &c, d), STATUS_SUCCESS);
	h_conn_free(&c);
}

static void test_lock_malformed(void **state)
{
	struct smb2_fileid a, b, bogus = {7, 7};
	struct h_conn c, other;
	struct smb2_msg rsp;
	struct h_frame f = {0};
	struct wr w;

	(void)state;
	io_session(&env, &c, SMB2_DIALECT_311);
	io_session(&env, &other, SMB2_DIALECT_311);
	open_two(&c, &a, &b);
	assert_status(io_lock1(&env, &c, bogus, 0, 1, EX | FI), STATUS_FILE_CLOSED);
	assert_status(io_lock1(&env, &other, a, 0, 1, EX | FI), STATUS_FILE_CLOSED);
	assert_status(io_lock1(&env, &other, a, 0, 1, UN), STATUS_FILE_CLOSED);
	/* LockCount 0: the codec refuses it (MS-SMB2 2.2.26). */
	wr_init(&w, 4096);
	h_hdr(&c, &w, SMB2_LOCK, 1);
	wr_u16(&w, 48);
	wr_u16(&w, 0);                    /* LockCount */
	wr_u32(&w, 0);
	wr_u64(&w, a.persistent);
	wr_u64(&w, a.volatile_);
	wr_u64(&w, 0);
	wr_u64(&w, 1);
	wr_u32(&w, EX | FI);
	wr_u32(&w, 0);
	h_send(&c, &w);
	wr_free(&w);
	assert_status(io_recv(&env, &c, &rsp, &f), STATUS_INVALID_PARAMETER);
	free(f.p);
	/* LockCount 2 with one element in the message. */
	wr_init(&w, 4096);
	h_hdr(&c, &w, SMB2_LOCK, 1);
	wr_u16(&w, 48);
	wr_u16(&w, 2);
	wr_u32(&w, 0);
	wr_u64(&w, a.persistent);
	wr_u64(&w, a.volatile_);
	wr_u64(&w, 0);
	wr_u64(&w, 1);
	wr_u32(&w, EX | FI);
	wr_u32(&w, 0);
	h_send(&c, &w);
	wr_free(&w);
	assert_status(io_recv(&env, &c, &rsp, &f), STATUS_INVALID_PARAMETER);
	free(f.p);
	/* Neither took a lock. */
	assert_status(io_lock1(&env, &c, b, 0, 1, EX | FI), STATUS_SUCCESS);
	h_conn_free(&c);
	h_conn_free(&other);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_lock_conflicts, setup, teardown),
		cmocka_unit_test_setup_teardown(test_lock_multi_rollback, setup, teardown),
		cmocka_unit_test_setup_teardown(test_lock_blocking, setup, teardown),
		cmocka_unit_test_setup_teardown(test_lock_blocking_cancel_and_close, setup, teardown),
		cmocka_unit_test_setup_teardown(test_lock_invalid, setup, teardown),
		cmocka_unit_test_setup_teardown(test_lock_malformed, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
