/*
 * The "write" suite: SMB2 WRITE (MS-SMB2 2.2.21, 2.2.22, 3.3.5.13) and the
 * object store's write rules it passes on (MS-FSA 2.1.5.4): data and end
 * of file, zero-length and sparse writes, multi-credit writes and the
 * MaxWriteSize limit, write-through and unbuffered flags, appending,
 * access, directories, unknown FileIds, malformed requests and the
 * Channel field; FLUSH (3.3.5.11) and multi-open tests are in
 * write_flush.c.
 */
#include "torture/suites/read_util.h"
#include "torture/suites/write_util.h"

#define WR_LEN 1000u

/* A new empty file opened for reading and writing. */
static struct smb2_fileid wr_file(struct torture_ctx *t, const char *name)
{
	struct cli_open o;

	CHECK_STATUS(t, torture_create_file(t, t->tree, torture_path(t, "%s", name), &o),
	             STATUS_SUCCESS);
	return o.id;
}

static void write_basic(struct torture_ctx *t)
{
	struct smb2_fileid fid = wr_file(t, "f");
	const uint8_t *data = rw_pattern(t, WR_LEN, 0, 0x21);
	uint32_t n = 0;

	CHECK_STATUS(t, rw_write(t, t->tree, fid, 0, data, WR_LEN, &n), STATUS_SUCCESS);
	CHECK_VAL(t, n, WR_LEN);
	CHECK_VAL(t, rw_eof(t, t->tree, fid), WR_LEN);
	rw_check_read(t, t->tree, fid, 0, data, WR_LEN);
}

static void write_overwrite(struct torture_ctx *t)
{
	struct smb2_fileid fid = wr_file(t, "f");
	uint8_t *want = rw_pattern(t, WR_LEN, 0, 0x21);
	const uint8_t *patch = rw_pattern(t, 100, 300, 0x99);
	uint32_t n = 0;

	CHECK_STATUS(t, rw_write(t, t->tree, fid, 0, want, WR_LEN, &n), STATUS_SUCCESS);
	/* Rewriting bytes inside the file changes them and not the size. */
	CHECK_STATUS(t, rw_write(t, t->tree, fid, 300, patch, 100, &n), STATUS_SUCCESS);
	CHECK_VAL(t, n, 100);
	memcpy(want + 300, patch, 100);
	CHECK_VAL(t, rw_eof(t, t->tree, fid), WR_LEN);
	rw_check_read(t, t->tree, fid, 0, want, WR_LEN);
}

/* A zero-length WRITE at off (DataOffset 0x70, where the data would be). */
static NTSTATUS wr_write_empty(struct torture_ctx *t, struct smb2_fileid fid, uint64_t off,
                               uint32_t *count)
{
	struct rw_write_args a;
	struct cli_req *r = NULL;
	NTSTATUS st;

	memset(&a, 0, sizeof(a));
	a.off = off;
	st = rw_write_req(t, t->tree, fid, &a, NULL, &r);
	if (st == STATUS_SUCCESS)
		*count = r->msg.u.write_rsp.count;
	return st;
}

static void write_zero_length(struct torture_ctx *t)
{
	struct smb2_fileid fid = wr_file(t, "f");
	const uint8_t *data = rw_pattern(t, WR_LEN, 0, 0x21);
	uint32_t n = 1;

	CHECK_STATUS(t, rw_write(t, t->tree, fid, 0, data, WR_LEN, &n), STATUS_SUCCESS);
	/* MS-FSA 2.1.5.4: ByteCount zero succeeds with nothing written, so
	 * not even a zero-length write past the end extends the file. */
	CHECK_STATUS(t, wr_write_empty(t, fid, 10, &n), STATUS_SUCCESS);
	CHECK_VAL(t, n, 0);
	n = 1;
	CHECK_STATUS(t, wr_write_empty(t, fid, WR_LEN + 4096, &n), STATUS_SUCCESS);
	CHECK_VAL(t, n, 0);
	CHECK_VAL(t, rw_eof(t, t->tree, fid), WR_LEN);
	rw_check_read(t, t->tree, fid, 0, data, WR_LEN);
}

static void write_sparse_gap(struct torture_ctx *t)
{
	struct smb2_fileid fid = wr_file(t, "f");
	const uint64_t at = (UINT64_C(1) << 20) + 7;
	const uint8_t *data = rw_pattern(t, 100, at, 0x21);
	uint8_t *got = torture_alloc(t, at + 100);
	uint8_t *zeros = torture_alloc(t, at);
	size_t n = 0;
	uint32_t count = 0;

	CHECK_STATUS(t, rw_write(t, t->tree, fid, at, data, 100, &count), STATUS_SUCCESS);
	CHECK_VAL(t, count, 100);
	CHECK_VAL(t, rw_eof(t, t->tree, fid), at + 100);
	/* MS-FSA 2.1.5.4: the range between the old end of file and the
	 * write reads as zeros. */
	CHECK_STATUS(t, cli_read(t->tree, fid, 0, got, at + 100, &n), STATUS_SUCCESS);
	CHECK_VAL(t, n, at + 100);
	CHECK_MEM(t, got, zeros, at);
	CHECK_MEM(t, got + at, data, 100);
}

static void write_offset_invalid(struct torture_ctx *t)
{
	struct smb2_fileid fid = wr_file(t, "f");
	const uint8_t *data = rw_pattern(t, 2, 0, 0x21);
	uint32_t n;

	/* MS-FSA 2.1.5.4: ByteOffset + ByteCount past MAXLONGLONG (with a
	 * non-negative offset) is STATUS_INVALID_PARAMETER. */
	CHECK_STATUS(t, rw_write(t, t->tree, fid, INT64_MAX, data, 2, &n),
	             STATUS_INVALID_PARAMETER);
	CHECK_VAL(t, rw_eof(t, t->tree, fid), 0);
}

static void write_append_eof(struct torture_ctx *t)
{
	struct smb2_fileid fid = wr_file(t, "f");
	uint8_t *want = rw_pattern(t, WR_LEN + 10, 0, 0x21);
	uint32_t n = 0;
	NTSTATUS st;

	CHECK_STATUS(t, rw_write(t, t->tree, fid, 0, want, WR_LEN, &n), STATUS_SUCCESS);
	st = rw_write(t, t->tree, fid, RW_WRITE_TO_EOF, want + WR_LEN, 10, &n);
	/* MS-FSA 2.1.5.4: a negative ByteOffset writes at the end of the
	 * stream.  MS-SMB2 3.3.5.13 does not say whether the server hands
	 * such an Offset to the object store or refuses it, so refusing it
	 * as an invalid offset is allowed too; it must not land elsewhere. */
	if (st == STATUS_INVALID_PARAMETER) {
		torture_comment(t, "the server refuses Offset 0xFFFFFFFFFFFFFFFF");
		CHECK_VAL(t, rw_eof(t, t->tree, fid), WR_LEN);
		return;
	}
	CHECK_STATUS(t, st, STATUS_SUCCESS);
	CHECK_VAL(t, n, 10);
	CHECK_VAL(t, rw_eof(t, t->tree, fid), WR_LEN + 10);
	rw_check_read(t, t->tree, fid, 0, want, WR_LEN + 10);
}

static void write_large(struct torture_ctx *t)
{
	struct smb2_fileid fid = wr_file(t, "f");
	uint32_t len = t->srv->max_write < CLI_MAX_IO ? t->srv->max_write : CLI_MAX_IO;
	const uint8_t *data;
	uint8_t *got;
	struct rw_write_args a;
	struct cli_req *r = NULL;
	size_t n = 0;

	torture_require_cap(t, SMB2_GLOBAL_CAP_LARGE_MTU);
	if (len <= RW_CREDIT_UNIT)
		torture_skip(t, "MaxWriteSize is %u: no room for a multi-credit write", len);
	data = rw_pattern(t, len, 0, 0x42);
	got = torture_alloc(t, len);
	rw_want_credits(t, t->conn, t->sess, rw_charge(len));
	memset(&a, 0, sizeof(a));
	a.data = data;
	a.len = len;
	CHECK_STATUS(t, rw_write_req(t, t->tree, fid, &a, NULL, &r), STATUS_SUCCESS);
	CHECK_VAL(t, r->charge, rw_charge(len));
	CHECK_VAL(t, r->msg.u.write_rsp.count, len);
	CHECK_STATUS(t, cli_read(t->tree, fid, 0, got, len, &n), STATUS_SUCCESS);
	CHECK_VAL(t, n, len);
	CHECK_MEM(t, got, data, len);
}

static void write_too_large(struct torture_ctx *t)
{
	struct smb2_fileid fid = wr_file(t, "f");
	uint64_t len = (uint64_t)t->srv->max_write + 1;
	struct rw_write_args a;
	struct cli_req *r = NULL;

	/* The frame must still fit what this client can send. */
	if (len > SMB2_MAX_PDU - SMB2_WRITE_REQ_BUFFER_OFFSET)
		torture_skip(t, "MaxWriteSize %u + 1 does not fit one frame of this client",
		             t->srv->max_write);
	if (t->conn->multi_credit)
		rw_want_credits(t, t->conn, t->sess, rw_charge(len));
	memset(&a, 0, sizeof(a));
	a.data = torture_alloc(t, len);
	a.len = (uint32_t)len;
	/* 3.3.5.13 (SHOULD<362>, what Windows does): Length over
	 * MaxWriteSize; the charge is right, so only Length is wrong. */
	CHECK_STATUS(t, rw_write_req(t, t->tree, fid, &a, NULL, &r), STATUS_INVALID_PARAMETER);
	CHECK_VAL(t, rw_eof(t, t->tree, fid), 0);
}

static void write_through(struct torture_ctx *t)
{
	struct smb2_fileid fid = wr_file(t, "f");
	const uint8_t *data = rw_pattern(t, WR_LEN, 0, 0x21);
	struct rw_write_args a;
	struct cli_req *r = NULL;

	/* 2.2.21: WRITE_THROUGH is valid from 2.1 on, WRITE_UNBUFFERED from
	 * 3.0.2 on; either way the data is written. */
	torture_require_dialect(t, SMB2_DIALECT_210);
	memset(&a, 0, sizeof(a));
	a.data = data;
	a.len = WR_LEN / 2;
	a.flags = SMB2_WRITEFLAG_WRITE_THROUGH;
	CHECK_STATUS(t, rw_write_req(t, t->tree, fid, &a, NULL, &r), STATUS_SUCCESS);
	CHECK_VAL(t, r->msg.u.write_rsp.count, WR_LEN / 2);
	if (t->conn->dialect >= SMB2_DIALECT_302) {
		a.off = WR_LEN / 2;
		a.data = data + WR_LEN / 2;
		a.flags = SMB2_WRITEFLAG_WRITE_UNBUFFERED;
		CHECK_STATUS(t, rw_write_req(t, t->tree, fid, &a, NULL, &r), STATUS_SUCCESS);
		CHECK_VAL(t, r->msg.u.write_rsp.count, WR_LEN / 2);
		rw_check_read(t, t->tree, fid, 0, data, WR_LEN);
	} else {
		rw_check_read(t, t->tree, fid, 0, data, WR_LEN / 2);
	}
}

static void write_access_denied(struct torture_ctx *t)
{
	const char *path = torture_path(t, "f");
	const uint8_t *data = rw_pattern(t, WR_LEN, 0, 0x21);
	struct cli_open o;
	uint32_t n;

	rw_make_file(t, t->tree, path, WR_LEN, 0x21);
	CHECK_STATUS(t, rw_open(t->tree, path, SMB2_FILE_READ_DATA | SMB2_FILE_READ_ATTRIBUTES,
	                        SMB2_FILE_OPEN, 0, &o),
	             STATUS_SUCCESS);
	/* Inside the file (needs FILE_WRITE_DATA) and past it (needs
	 * FILE_APPEND_DATA): 3.3.5.13. */
	CHECK_STATUS(t, rw_write(t, t->tree, o.id, 0, data, 10, &n), STATUS_ACCESS_DENIED);
	CHECK_STATUS(t, rw_write(t, t->tree, o.id, WR_LEN, data, 10, &n), STATUS_ACCESS_DENIED);
	CHECK_VAL(t, rw_eof(t, t->tree, o.id), WR_LEN);
}

static void write_append_only(struct torture_ctx *t)
{
	const char *path = torture_path(t, "f");
	uint8_t *want = rw_pattern(t, WR_LEN + 10, 0, 0x21);
	struct cli_open o, rd;
	uint32_t n = 0;
	NTSTATUS st;

	rw_make_file(t, t->tree, path, WR_LEN, 0x21);
	CHECK_STATUS(t, rw_open(t->tree, path, SMB2_FILE_APPEND_DATA | SMB2_FILE_READ_ATTRIBUTES,
	                        SMB2_FILE_OPEN, 0, &o),
	             STATUS_SUCCESS);
	/* 3.3.5.13: extending the file needs FILE_APPEND_DATA, which the
	 * open has. */
	CHECK_STATUS(t, rw_write(t, t->tree, o.id, WR_LEN, want + WR_LEN, 10, &n),
	             STATUS_SUCCESS);
	CHECK_VAL(t, n, 10);
	/* Changing bytes inside the file without FILE_WRITE_DATA: the server
	 * SHOULD<361> refuse (ACCESS_DENIED); a server that does not has
	 * written the same bytes again, so the content is checked anyway. */
	st = rw_write(t, t->tree, o.id, 0, want, 10, &n);
	CHECK_TRUE(t, st == STATUS_ACCESS_DENIED || st == STATUS_SUCCESS,
	           "WRITE inside the file on an append-only open answered %s", nt_status_name(st));
	CHECK_STATUS(t, rw_open(t->tree, path, SMB2_FILE_READ_DATA, SMB2_FILE_OPEN, 0, &rd),
	             STATUS_SUCCESS);
	rw_check_read(t, t->tree, rd.id, 0, want, WR_LEN + 10);
}

static void write_directory(struct torture_ctx *t)
{
	const uint8_t *data = rw_pattern(t, 10, 0, 0x21);
	struct cli_open o;
	uint32_t n;
	NTSTATUS st;

	CHECK_STATUS(t, torture_create_dir(t, t->tree, torture_path(t, "d"), &o), STATUS_SUCCESS);
	st = rw_write(t, t->tree, o.id, 0, data, 10, &n);
	/* MS-FSA 2.1.5.4 writes a DataFile only (Windows:
	 * STATUS_INVALID_DEVICE_REQUEST; INVALID_PARAMETER is the generic
	 * refusal of 3.3.5.13). */
	CHECK_TRUE(t, st == STATUS_INVALID_DEVICE_REQUEST || st == STATUS_INVALID_PARAMETER,
	           "WRITE on a directory answered %s", nt_status_name(st));
}

static void write_unknown_fileid(struct torture_ctx *t)
{
	struct smb2_fileid bogus = { RW_BOGUS_FID_PERSISTENT, RW_BOGUS_FID_VOLATILE };
	struct smb2_fileid fid = wr_file(t, "f");
	const uint8_t *data = rw_pattern(t, 10, 0, 0x21);
	uint32_t n;

	CHECK_STATUS(t, rw_write(t, t->tree, bogus, 0, data, 10, &n), STATUS_FILE_CLOSED);
	CHECK_STATUS(t, cli_close(t->tree, fid), STATUS_SUCCESS);
	CHECK_STATUS(t, rw_write(t, t->tree, fid, 0, data, 10, &n), STATUS_FILE_CLOSED);
}

static void write_bad_data_offset(struct torture_ctx *t)
{
	struct smb2_fileid fid = wr_file(t, "f");
	struct rw_write_args a;
	struct rw_patch p;
	struct cli_override ov;
	struct cli_req *r = NULL;

	rw_patch_override(t, t->sess, &p, &ov);
	memset(&a, 0, sizeof(a));
	a.data = rw_pattern(t, 64, 0, 0x21);
	a.len = 64;
	/* DataOffset far past the end of the message. */
	rw_patch_u16(&p, RW_OFF_WRITE_DATA_OFFSET, 0xFF00);
	rw_check_malformed(t, rw_write_req(t, t->tree, fid, &a, &ov, &r));
	/* DataOffset inside the header. */
	rw_patch_u16(&p, RW_OFF_WRITE_DATA_OFFSET, 0x20);
	if (t->conn->dead)
		return;
	rw_check_malformed(t, rw_write_req(t, t->tree, fid, &a, &ov, &r));
}

static void write_bad_length(struct torture_ctx *t)
{
	struct smb2_fileid fid = wr_file(t, "f");
	struct rw_write_args a;
	struct rw_patch p;
	struct cli_override ov;
	struct cli_req *r = NULL;

	rw_patch_override(t, t->sess, &p, &ov);
	memset(&a, 0, sizeof(a));
	a.data = rw_pattern(t, 64, 0, 0x21);
	a.len = 64;
	/* Length runs 100 bytes past the end of the message. */
	rw_patch_u32(&p, RW_OFF_WRITE_LENGTH, 164);
	rw_check_malformed(t, rw_write_req(t, t->tree, fid, &a, &ov, &r));
	if (!t->conn->dead)
		CHECK_VAL(t, rw_eof(t, t->tree, fid), 0);
}

static void write_channel_invalid(struct torture_ctx *t)
{
	struct smb2_fileid fid = wr_file(t, "f");
	const uint8_t *data = rw_pattern(t, 16, 0, 0x21);
	struct rw_write_args a;
	struct cli_req *r = NULL;
	NTSTATUS rdma, undefined;

	torture_require_dialect(t, SMB2_DIALECT_300);
	/* 3.3.5.13: on 3.x an RDMA channel on a connection that is not RDMA
	 * (here as the RDMA form asks: no inline data, RemainingBytes and a
	 * descriptor), or an undefined Channel, is STATUS_INVALID_PARAMETER. */
	memset(&a, 0, sizeof(a));
	a.channel = SMB2_CHANNEL_RDMA_V1;
	a.remaining = 16;
	a.rdma_desc = true;
	rdma = rw_write_req(t, t->tree, fid, &a, NULL, &r);
	memset(&a, 0, sizeof(a));
	a.data = data;
	a.len = 16;
	a.channel = 0x77;
	undefined = rw_write_req(t, t->tree, fid, &a, NULL, &r);
	CHECK_TRUE(t, rdma == STATUS_INVALID_PARAMETER && undefined == STATUS_INVALID_PARAMETER,
	           "WRITE with Channel RDMA_V1 over TCP answered %s, with Channel 0x77 %s; want "
	           "STATUS_INVALID_PARAMETER for both", nt_status_name(rdma),
	           nt_status_name(undefined));
	CHECK_VAL(t, rw_eof(t, t->tree, fid), 0);
	a.channel = SMB2_CHANNEL_NONE;
	CHECK_STATUS(t, rw_write_req(t, t->tree, fid, &a, NULL, &r), STATUS_SUCCESS);
	CHECK_VAL(t, rw_eof(t, t->tree, fid), 16);
}

static const struct torture_test tests[] = {
	TORTURE_TEST(write_basic, "MS-SMB2 2.2.21; MS-SMB2 2.2.22; MS-SMB2 3.3.5.13",
	             "a WRITE reports Count, sets the end of file and reads back"),
	TORTURE_TEST(write_overwrite, "MS-SMB2 3.3.5.13; MS-FSA 2.1.5.4",
	             "rewriting bytes inside the file changes them and not the size"),
	TORTURE_TEST(write_zero_length, "MS-SMB2 3.3.5.13; MS-FSA 2.1.5.4",
	             "a zero-length WRITE succeeds with Count 0 and never extends the file"),
	TORTURE_TEST(write_sparse_gap, "MS-SMB2 3.3.5.13; MS-FSA 2.1.5.4",
	             "a WRITE past the end extends the file; the gap reads as zeros"),
	TORTURE_TEST(write_offset_invalid, "MS-SMB2 3.3.5.13; MS-FSA 2.1.5.4",
	             "Offset + Length past MAXLONGLONG is STATUS_INVALID_PARAMETER"),
	TORTURE_TEST(write_append_eof, "MS-SMB2 2.2.21; MS-SMB2 3.3.5.13; MS-FSA 2.1.5.4",
	             "Offset 0xFFFFFFFFFFFFFFFF appends at the end of file (or is refused)"),
	TORTURE_TEST(write_large, "MS-SMB2 3.3.5.13; MS-SMB2 3.1.5.2; MS-SMB2 3.3.5.2.5",
	             "one multi-credit WRITE of MaxWriteSize writes all the data"),
	TORTURE_TEST(write_too_large, "MS-SMB2 3.3.5.13; MS-SMB2 2.2.4",
	             "a WRITE longer than MaxWriteSize is STATUS_INVALID_PARAMETER"),
	TORTURE_TEST(write_through, "MS-SMB2 2.2.21; MS-SMB2 3.3.5.13",
	             "WRITE_THROUGH (2.1+) and WRITE_UNBUFFERED (3.0.2+) writes succeed"),
	TORTURE_TEST(write_access_denied, "MS-SMB2 3.3.5.13",
	             "a WRITE on a read-only open is STATUS_ACCESS_DENIED, inside or past EOF"),
	TORTURE_TEST(write_append_only, "MS-SMB2 3.3.5.13",
	             "an append-only open extends the file; rewriting inside SHOULD be refused"),
	TORTURE_TEST(write_directory, "MS-SMB2 3.3.5.13; MS-FSA 2.1.5.4",
	             "a WRITE on a directory open is refused (INVALID_DEVICE_REQUEST or "
	             "INVALID_PARAMETER)"),
	TORTURE_TEST(write_unknown_fileid, "MS-SMB2 3.3.5.13; MS-SMB2 2.2.14.1",
	             "a WRITE with an unknown or closed FileId is STATUS_FILE_CLOSED"),
	TORTURE_TEST(write_bad_data_offset, "MS-SMB2 2.2.21; MS-SMB2 3.3.5.2.6",
	             "a DataOffset outside the message is INVALID_PARAMETER (or a disconnect)"),
	TORTURE_TEST(write_bad_length, "MS-SMB2 2.2.21; MS-SMB2 3.3.5.2.6",
	             "a Length beyond the message is INVALID_PARAMETER (or a disconnect)"),
	TORTURE_TEST(write_channel_invalid, "MS-SMB2 3.3.5.13; MS-SMB2 2.2.21",
	             "on 3.x an RDMA or undefined Channel over TCP is INVALID_PARAMETER"),
	TORTURE_TEST(write_flush_basic, "MS-SMB2 2.2.17; MS-SMB2 2.2.18; MS-SMB2 3.3.5.11",
	             "FLUSH after a WRITE succeeds and the data stays"),
	TORTURE_TEST(write_flush_read_only, "MS-SMB2 3.3.5.11",
	             "FLUSH on an open without FILE_WRITE_DATA or FILE_APPEND_DATA is "
	             "ACCESS_DENIED"),
	TORTURE_TEST(write_flush_append_only, "MS-SMB2 3.3.5.11",
	             "FLUSH on an append-only open succeeds"),
	TORTURE_TEST(write_flush_directory, "MS-SMB2 3.3.5.11",
	             "FLUSH on a directory needs FILE_ADD_FILE or FILE_ADD_SUBDIRECTORY"),
	TORTURE_TEST(write_flush_unknown_fileid, "MS-SMB2 3.3.5.11",
	             "FLUSH with an unknown or closed FileId is STATUS_FILE_CLOSED"),
	TORTURE_TEST(write_other_connection, "MS-SMB2 3.3.5.13; MS-SMB2 3.3.5.12",
	             "what one connection writes another reads, both ways, with its size"),
	TORTURE_TEST(write_interleaved, "MS-SMB2 3.3.5.13; MS-SMB2 3.2.4.1.5",
	             "64 WRITEs in flight at once from two opens land where they were sent"),
	TORTURE_TEST(write_encrypted_share, "MS-SMB2 3.3.5.13; MS-SMB2 3.3.5.12; "
	                                    "MS-SMB2 3.1.4.3; MS-SMB2 3.3.5.2.11",
	             "1 MiB written and read back, and a multi-credit READ, on an encrypting "
	             "share"),
};

TORTURE_SUITE(write_suite, "write", "SMB2 WRITE and FLUSH: data, limits, access, errors",
              tests)
