/*
 * READ, WRITE and FLUSH against the server's handlers over a temporary
 * share: round trips (small, 1 MiB and 8 MiB multi-credit), end of file,
 * MinimumCount, zero lengths, append at offset 0xFFFFFFFFFFFFFFFF, access
 * checks (read-only, write-only, append-only opens), directories, lengths
 * over the negotiated maximum, RDMA channels, read offsets past MAXLONGLONG;
 * malformed twins: an unknown FileId, another session's FileId, a WRITE
 * whose data leaves the message.
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

static void test_rw_small(void **state)
{
	struct smb2_fileid fid;
	struct h_conn c;
	uint8_t buf[64];
	uint32_t n = 0, got = 0;

	(void)state;
	io_session(&env, &c, SMB2_DIALECT_311);
	assert_status(io_create(&env, &c, "a.txt", RW, SMB2_FILE_CREATE,
	                        SMB2_FILE_NON_DIRECTORY_FILE, &fid),
	              STATUS_SUCCESS);
	assert_status(io_write(&env, &c, fid, 0, "hello", 5, &n), STATUS_SUCCESS);
	assert_int_equal(n, 5);
	assert_status(io_read(&env, &c, fid, 0, 5, 0, buf, &got), STATUS_SUCCESS);
	assert_int_equal(got, 5);
	assert_memory_equal(buf, "hello", 5);
	/* A read that runs past the end returns what there is. */
	assert_status(io_read(&env, &c, fid, 3, 10, 0, buf, &got), STATUS_SUCCESS);
	assert_int_equal(got, 2);
	assert_memory_equal(buf, "lo", 2);
	/* ... unless MinimumCount asks for more. */
	assert_status(io_read(&env, &c, fid, 3, 10, 3, buf, &got), STATUS_END_OF_FILE);
	/* At and past the end. */
	assert_status(io_read(&env, &c, fid, 5, 1, 0, buf, &got), STATUS_END_OF_FILE);
	assert_status(io_read(&env, &c, fid, 1000, 10, 0, buf, &got), STATUS_END_OF_FILE);
	/* Zero lengths. */
	got = 99;
	assert_status(io_read(&env, &c, fid, 100, 0, 0, buf, &got), STATUS_SUCCESS);
	assert_int_equal(got, 0);
	assert_status(io_read(&env, &c, fid, 0, 0, 1, buf, &got), STATUS_END_OF_FILE);
	n = 99;
	assert_status(io_write(&env, &c, fid, 2, "", 0, &n), STATUS_SUCCESS);
	assert_int_equal(n, 0);
	/* Offset 0xFFFFFFFFFFFFFFFF appends (MS-FSA 2.1.5.4). */
	assert_status(io_write(&env, &c, fid, UINT64_MAX, "XY", 2, &n), STATUS_SUCCESS);
	assert_int_equal(n, 2);
	assert_status(io_read(&env, &c, fid, 0, 64, 0, buf, &got), STATUS_SUCCESS);
	assert_int_equal(got, 7);
	assert_memory_equal(buf, "helloXY", 7);
	/* Overwrite in the middle and extend with a hole. */
	assert_status(io_write(&env, &c, fid, 1, "EL", 2, &n), STATUS_SUCCESS);
	assert_status(io_write(&env, &c, fid, 10, "Z", 1, &n), STATUS_SUCCESS);
	assert_status(io_read(&env, &c, fid, 0, 64, 0, buf, &got), STATUS_SUCCESS);
	assert_int_equal(got, 11);
	assert_memory_equal(buf, "hELloXY\0\0\0Z", 11);
	assert_status(io_flush(&env, &c, fid), STATUS_SUCCESS);
	assert_status(io_close(&env, &c, fid), STATUS_SUCCESS);
	/* The closed handle is gone. */
	assert_status(io_read(&env, &c, fid, 0, 1, 0, buf, &got), STATUS_FILE_CLOSED);
	assert_status(io_write(&env, &c, fid, 0, "x", 1, &n), STATUS_FILE_CLOSED);
	assert_status(io_flush(&env, &c, fid), STATUS_FILE_CLOSED);
	h_conn_free(&c);
}

static void roundtrip(struct h_conn *c, size_t size)
{
	struct smb2_fileid fid;
	uint8_t *data = malloc(size), *back = malloc(size);
	uint32_t n = 0, got = 0;

	assert_non_null(data);
	assert_non_null(back);
	for (size_t i = 0; i < size; i++)
		data[i] = (uint8_t)(i * 7 + (i >> 13));
	assert_status(io_create(&env, c, "big.bin", RW, SMB2_FILE_OVERWRITE_IF,
	                        SMB2_FILE_NON_DIRECTORY_FILE, &fid),
	              STATUS_SUCCESS);
	assert_status(io_write(&env, c, fid, 0, data, size, &n), STATUS_SUCCESS);
	assert_int_equal(n, size);
	memset(back, 0, size);
	assert_status(io_read(&env, c, fid, 0, (uint32_t)size, (uint32_t)size, back, &got),
	              STATUS_SUCCESS);
	assert_int_equal(got, size);
	assert_memory_equal(back, data, size);
	assert_status(io_close(&env, c, fid), STATUS_SUCCESS);
	free(data);
	free(back);
}

static void test_rw_multi_credit(void **state)
{
	struct h_conn c;

	(void)state;
	io_session(&env, &c, SMB2_DIALECT_311);
	/* Build up the credit window first: each request asks for many. */
	for (int i = 0; i < 4; i++)
		assert_status(h_simple(&env.e, &c, SMB2_ECHO), STATUS_SUCCESS);
	roundtrip(&c, 1024 * 1024);
	roundtrip(&c, SMB2_MAX_IO_SIZE);
	h_conn_free(&c);
}

static void test_rw_limits_and_channel(void **state)
{
	struct smb2_fileid fid;
	struct smb2_msg q, r;
	struct h_frame f = {0};
	struct h_conn c;
	uint8_t buf[8];
	uint32_t got = 0;
	uint8_t *big = calloc(1, SMB2_MAX_IO_SIZE + 1);

	(void)state;
	assert_non_null(big);
	io_session(&env, &c, SMB2_DIALECT_302);
	for (int i = 0; i < 4; i++)
		assert_status(h_simple(&env.e, &c, SMB2_ECHO), STATUS_SUCCESS);
	assert_status(io_create(&env, &c, "l.txt", RW, SMB2_FILE_CREATE,
	                        SMB2_FILE_NON_DIRECTORY_FILE, &fid),
	              STATUS_SUCCESS);
	/* Over MaxReadSize / MaxWriteSize, correctly charged. */
	assert_status(io_read(&env, &c, fid, 0, SMB2_MAX_IO_SIZE + 1, 0, big, &got),
	              STATUS_INVALID_PARAMETER);
	assert_status(io_write(&env, &c, fid, 0, big, SMB2_MAX_IO_SIZE + 1, NULL),
	              STATUS_INVALID_PARAMETER);
	/* RDMA channels need SMB Direct. */
	io_req(&q, SMB2_READ);
	q.u.read_req.file_id = fid;
	q.u.read_req.length = 1;
	q.u.read_req.channel = SMB2_CHANNEL_RDMA_V1;
	q.u.read_req.rdma.descs.count = 1;
	q.u.read_req.rdma.descs.desc[0].length = 1;
	assert_status(io_call(&env, &c, &q, 1, &r, &f), STATUS_INVALID_PARAMETER);
	free(f.p);
	io_req(&q, SMB2_WRITE);
	q.u.write_req.file_id = fid;
	q.u.write_req.data.p = (const uint8_t *)"x";
	q.u.write_req.data.len = 1;
	q.u.write_req.channel = SMB2_CHANNEL_RDMA_V1;
	q.u.write_req.rdma.descs.count = 1;
	q.u.write_req.rdma.descs.desc[0].length = 1;
	assert_status(io_call(&env, &c, &q, 1, &r, &f), STATUS_INVALID_PARAMETER);
	free(f.p);
	/* Nothing was written by any of them. */
	assert_status(io_read(&env, &c, fid, 0, 1, 0, buf, &got), STATUS_END_OF_FILE);
	assert_status(io_close(&env, &c, fid), STATUS_SUCCESS);
	free(big);
	h_conn_free(&c);
}

static void test_rw_access(void **state)
{
	struct smb2_fileid ro, wo, ao, d;
	struct h_conn c;
	uint8_t buf[16];
	uint32_t n = 0, got = 0;

	(void)state;
	io_session(&env, &c, SMB2_DIALECT_210);
	io_make_file(&env, &c, "acc.txt", "0123456789");
	assert_status(io_create(&env, &c, "acc.txt", SMB2_FILE_READ_DATA, SMB2_FILE_OPEN, 0, &ro),
	              STATUS_SUCCESS);
	assert_status(io_create(&env, &c, "acc.txt", SMB2_FILE_WRITE_DATA, SMB2_FILE_OPEN, 0, &wo),
	              STATUS_SUCCESS);
	assert_status(io_create(&env, &c, "acc.txt", SMB2_FILE_APPEND_DATA, SMB2_FILE_OPEN, 0, &ao),
	              STATUS_SUCCESS);
	assert_status(io_write(&env, &c, ro, 0, "x", 1, &n), STATUS_ACCESS_DENIED);
	assert_status(io_flush(&env, &c, ro), STATUS_ACCESS_DENIED);
	assert_status(io_read(&env, &c, wo, 0, 1, 0, buf, &got), STATUS_ACCESS_DENIED);
	assert_status(io_read(&env, &c, ao, 0, 1, 0, buf, &got), STATUS_ACCESS_DENIED);
	/* Append-only: existing bytes are out of reach, the end is not. */
	assert_status(io_write(&env, &c, ao, 0, "x", 1, &n), STATUS_ACCESS_DENIED);
	assert_status(io_write(&env, &c, ao, 10, "A", 1, &n), STATUS_SUCCESS);
	assert_status(io_write(&env, &c, ao, UINT64_MAX, "B", 1, &n), STATUS_SUCCESS);
	assert_status(io_flush(&env, &c, ao), STATUS_SUCCESS);
	assert_status(io_write(&env, &c, wo, 0, "W", 1, &n), STATUS_SUCCESS);
	assert_status(io_flush(&env, &c, wo), STATUS_SUCCESS);
	assert_status(io_read(&env, &c, ro, 0, 16, 0, buf, &got), STATUS_SUCCESS);
	assert_int_equal(got, 12);
	assert_memory_equal(buf, "W123456789AB", 12);
	/* Directories are not read or written. */
	assert_status(io_create(&env, &c, "dir", SMB2_FILE_READ_DATA | SMB2_FILE_WRITE_DATA,
	                        SMB2_FILE_CREATE, SMB2_FILE_DIRECTORY_FILE, &d),
	              STATUS_SUCCESS);
	assert_status(io_read(&env, &c, d, 0, 1, 0, buf, &got), STATUS_INVALID_DEVICE_REQUEST);
	assert_status(io_write(&env, &c, d, 0, "x", 1, &n), STATUS_INVALID_DEVICE_REQUEST);
	assert_status(io_flush(&env, &c, d), STATUS_SUCCESS);
	assert_status(io_close(&env, &c, d), STATUS_SUCCESS);
	assert_status(io_close(&env, &c, ro), STATUS_SUCCESS);
	assert_status(io_close(&env, &c, wo), STATUS_SUCCESS);
	assert_status(io_close(&env, &c, ao), STATUS_SUCCESS);
	h_conn_free(&c);
}

static void test_rw_malformed(void **state)
{
	struct smb2_fileid fid, bogus = {0x1234, 0x5678};
	struct h_conn c, other;
	struct smb2_msg rsp;
	struct h_frame f = {0};
	uint8_t buf[8];
	uint32_t n = 0, got = 0;
	struct wr w;

	(void)state;
	io_session(&env, &c, SMB2_DIALECT_300);
	io_session(&env, &other, SMB2_DIALECT_300);
	assert_status(io_create(&env, &c, "m.txt", RW, SMB2_FILE_CREATE,
	                        SMB2_FILE_NON_DIRECTORY_FILE, &fid),
	              STATUS_SUCCESS);
	assert_status(io_write(&env, &c, fid, 0, "abc", 3, &n), STATUS_SUCCESS);
	/* An unknown FileId, and another session's. */
	assert_status(io_read(&env, &c, bogus, 0, 1, 0, buf, &got), STATUS_FILE_CLOSED);
	assert_status(io_write(&env, &c, bogus, 0, "x", 1, &n), STATUS_FILE_CLOSED);
	assert_status(io_flush(&env, &c, bogus), STATUS_FILE_CLOSED);
	assert_status(io_read(&env, &other, fid, 0, 1, 0, buf, &got), STATUS_FILE_CLOSED);
	assert_status(io_write(&env, &other, fid, 0, "x", 1, &n), STATUS_FILE_CLOSED);
	assert_status(io_flush(&env, &other, fid), STATUS_FILE_CLOSED);
	/* The right persistent id with a wrong volatile one. */
	{
		struct smb2_fileid half = {fid.persistent, fid.volatile_ + 1};
		assert_status(io_read(&env, &c, half, 0, 1, 0, buf, &got), STATUS_FILE_CLOSED);
	}
	/* A WRITE whose Length runs past the message. */
	wr_init(&w, 4096);
	h_hdr(&c, &w, SMB2_WRITE, 1);
	wr_u16(&w, 49);
	wr_u16(&w, SMB2_WRITE_REQ_BUFFER_OFFSET);
	wr_u32(&w, 100);                  /* Length: more than follows */
	wr_u64(&w, 0);
	wr_u64(&w, fid.persistent);
	wr_u64(&w, fid.volatile_);
	wr_zero(&w, 16);
	wr_bytes(&w, "zz", 2);
	h_send(&c, &w);
	wr_free(&w);
	assert_status(io_recv(&env, &c, &rsp, &f), STATUS_INVALID_PARAMETER);
	free(f.p);
	/* Nothing changed. */
	assert_status(io_read(&env, &c, fid, 0, 8, 0, buf, &got), STATUS_SUCCESS);
	assert_int_equal(got, 3);
	assert_memory_equal(buf, "abc", 3);
	assert_status(io_close(&env, &c, fid), STATUS_SUCCESS);
	h_conn_free(&c);
	h_conn_free(&other);
}

/* MS-FSA 2.1.5.3: a negative offset, or offset + length past MAXLONGLONG,
 * is STATUS_INVALID_PARAMETER before the zero-length rule; the last byte
 * a file can have is only past the end of a small one. */
static void test_rw_read_offsets(void **state)
{
	struct smb2_fileid fid;
	struct h_conn c;
	uint8_t buf[8];
	uint32_t n = 0, got = 0;

	(void)state;
	io_session(&env, &c, SMB2_DIALECT_311);
	assert_status(io_create(&env, &c, "off.txt", RW, SMB2_FILE_CREATE,
	                        SMB2_FILE_NON_DIRECTORY_FILE, &fid),
	              STATUS_SUCCESS);
	assert_status(io_write(&env, &c, fid, 0, "abc", 3, &n), STATUS_SUCCESS);
	assert_status(io_read(&env, &c, fid, UINT64_C(0x8000000000000000), 1, 0, buf, &got),
	              STATUS_INVALID_PARAMETER);
	assert_status(io_read(&env, &c, fid, UINT64_C(0x8000000000000000), 0, 0, buf, &got),
	              STATUS_INVALID_PARAMETER);
	assert_status(io_read(&env, &c, fid, UINT64_MAX, 0, 0, buf, &got),
	              STATUS_INVALID_PARAMETER);
	assert_status(io_read(&env, &c, fid, INT64_MAX, 2, 0, buf, &got),
	              STATUS_INVALID_PARAMETER);
	/* Twins inside the range. */
	assert_status(io_read(&env, &c, fid, INT64_MAX - 1, 1, 0, buf, &got), STATUS_END_OF_FILE);
	got = 99;
	assert_status(io_read(&env, &c, fid, INT64_MAX, 0, 0, buf, &got), STATUS_SUCCESS);
	assert_int_equal(got, 0);
	assert_status(io_close(&env, &c, fid), STATUS_SUCCESS);
	h_conn_free(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_rw_small, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rw_multi_credit, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rw_limits_and_channel, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rw_access, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rw_malformed, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rw_read_offsets, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
