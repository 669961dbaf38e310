/*
 * The "read" suite: SMB2 READ (MS-SMB2 2.2.19, 2.2.20, 3.3.5.12) and the
 * object store's read rules it passes on (MS-FSA 2.1.5.3): data, end of
 * file, MinimumCount, zero-length reads, multi-credit reads and the
 * MaxReadSize limit, access, directories, unknown FileIds, malformed
 * requests, the Channel field and the Flags of 3.0.2.
 */
#include "torture/suites/read_util.h"

/* A file of RD_FILE_LEN pattern bytes, opened for reading. */
#define RD_FILE_LEN 1000u

static struct smb2_fileid rd_file(struct torture_ctx *t, const char *name, uint32_t len)
{
	const char *path = torture_path(t, "%s", name);
	struct cli_open o;

	rw_make_file(t, t->tree, path, len, 0x11);
	CHECK_STATUS(t, rw_open(t->tree, path, SMB2_FILE_READ_DATA | SMB2_FILE_READ_ATTRIBUTES,
	                        SMB2_FILE_OPEN, 0, &o),
	             STATUS_SUCCESS);
	return o.id;
}

static void read_basic(struct torture_ctx *t)
{
	struct smb2_fileid fid = rd_file(t, "f", RD_FILE_LEN);
	const uint8_t *want = rw_pattern(t, RD_FILE_LEN, 0, 0x11);

	rw_check_read(t, t->tree, fid, 0, want, RD_FILE_LEN);
	/* A range inside the file, at an odd offset. */
	rw_check_read(t, t->tree, fid, 333, want + 333, 100);
}

static void read_at_eof(struct torture_ctx *t)
{
	struct smb2_fileid fid = rd_file(t, "f", RD_FILE_LEN);
	struct smb2_fileid empty = rd_file(t, "empty", 0);
	const uint8_t *d;
	uint32_t n;

	CHECK_STATUS(t, rw_read(t, t->tree, fid, RD_FILE_LEN, 10, 0, &d, &n), STATUS_END_OF_FILE);
	CHECK_STATUS(t, rw_read(t, t->tree, empty, 0, 10, 0, &d, &n), STATUS_END_OF_FILE);
}

static void read_past_eof(struct torture_ctx *t)
{
	struct smb2_fileid fid = rd_file(t, "f", RD_FILE_LEN);
	const uint8_t *d;
	uint32_t n;

	CHECK_STATUS(t, rw_read(t, t->tree, fid, RD_FILE_LEN + 1, 1, 0, &d, &n),
	             STATUS_END_OF_FILE);
	CHECK_STATUS(t, rw_read(t, t->tree, fid, UINT64_C(1) << 40, 4096, 0, &d, &n),
	             STATUS_END_OF_FILE);
}

static void read_spanning_eof(struct torture_ctx *t)
{
	struct smb2_fileid fid = rd_file(t, "f", RD_FILE_LEN);
	const uint8_t *want = rw_pattern(t, RD_FILE_LEN, 0, 0x11);
	const uint8_t *d = NULL;
	uint32_t n = 0;

	CHECK_STATUS(t, rw_read(t, t->tree, fid, RD_FILE_LEN - 5, 100, 0, &d, &n),
	             STATUS_SUCCESS);
	CHECK_VAL(t, n, 5);
	CHECK_MEM(t, d, want + RD_FILE_LEN - 5, 5);
}

static void read_zero_length(struct torture_ctx *t)
{
	struct smb2_fileid fid = rd_file(t, "f", RD_FILE_LEN);
	static const uint64_t offs[] = { 0, 500, RD_FILE_LEN, RD_FILE_LEN + 4096 };

	/* MS-FSA 2.1.5.3: a ByteCount of zero succeeds with nothing read,
	 * before the end of file is looked at. */
	for (size_t i = 0; i < sizeof(offs) / sizeof(offs[0]); i++) {
		const uint8_t *d;
		uint32_t n = 1;

		torture_comment(t, "zero-length read at %llu", (unsigned long long)offs[i]);
		CHECK_STATUS(t, rw_read(t, t->tree, fid, offs[i], 0, 0, &d, &n), STATUS_SUCCESS);
		CHECK_VAL(t, n, 0);
	}
}

static void read_zero_length_min_count(struct torture_ctx *t)
{
	struct smb2_fileid fid = rd_file(t, "f", RD_FILE_LEN);
	const uint8_t *d;
	uint32_t n;

	/* 3.3.5.12: fewer bytes than MinimumCount is STATUS_END_OF_FILE,
	 * also when nothing was asked for. */
	CHECK_STATUS(t, rw_read(t, t->tree, fid, 0, 0, 1, &d, &n), STATUS_END_OF_FILE);
	CHECK_STATUS(t, rw_read(t, t->tree, fid, RD_FILE_LEN, 0, 1, &d, &n), STATUS_END_OF_FILE);
}

static void read_min_count(struct torture_ctx *t)
{
	struct smb2_fileid fid = rd_file(t, "f", RD_FILE_LEN);
	const uint8_t *d;
	uint32_t n = 0;

	/* Five bytes are left before the end of file. */
	CHECK_STATUS(t, rw_read(t, t->tree, fid, RD_FILE_LEN - 5, 10, 5, &d, &n), STATUS_SUCCESS);
	CHECK_VAL(t, n, 5);
	CHECK_STATUS(t, rw_read(t, t->tree, fid, RD_FILE_LEN - 5, 10, 6, &d, &n),
	             STATUS_END_OF_FILE);
	/* MinimumCount above Length can never be met. */
	CHECK_STATUS(t, rw_read(t, t->tree, fid, 0, 1, 0x10000, &d, &n), STATUS_END_OF_FILE);
	CHECK_STATUS(t, rw_read(t, t->tree, fid, 0, 5, 10, &d, &n), STATUS_END_OF_FILE);
}

static void read_offset_invalid(struct torture_ctx *t)
{
	struct smb2_fileid fid = rd_file(t, "f", RD_FILE_LEN);
	const uint8_t *d;
	uint32_t n;

	/* MS-FSA 2.1.5.3: a negative ByteOffset, or ByteOffset + ByteCount
	 * past MAXLONGLONG, is STATUS_INVALID_PARAMETER. */
	CHECK_STATUS(t, rw_read(t, t->tree, fid, UINT64_C(0x8000000000000000), 1, 0, &d, &n),
	             STATUS_INVALID_PARAMETER);
	CHECK_STATUS(t, rw_read(t, t->tree, fid, INT64_MAX, 2, 0, &d, &n),
	             STATUS_INVALID_PARAMETER);
	/* Both come before the zero-length rule, so Length 0 changes
	 * nothing. */
	CHECK_STATUS(t, rw_read(t, t->tree, fid, UINT64_C(0x8000000000000000), 0, 0, &d, &n),
	             STATUS_INVALID_PARAMETER);
	/* The last byte a file can have is only past the end of this one. */
	CHECK_STATUS(t, rw_read(t, t->tree, fid, INT64_MAX - 1, 1, 0, &d, &n),
	             STATUS_END_OF_FILE);
}

static void read_large(struct torture_ctx *t)
{
	const char *path = torture_path(t, "big");
	uint32_t len = t->srv->max_read < CLI_MAX_IO ? t->srv->max_read : CLI_MAX_IO;
	struct rw_read_args a;
	struct cli_req *r = NULL;
	const uint8_t *want;
	struct cli_open o;

	torture_require_cap(t, SMB2_GLOBAL_CAP_LARGE_MTU);
	if (len <= RW_CREDIT_UNIT)
		torture_skip(t, "MaxReadSize is %u: no room for a multi-credit read", len);
	want = rw_pattern(t, len, 0, 0x5a);
	CHECK_STATUS(t, torture_put_file(t, t->tree, path, want, len), STATUS_SUCCESS);
	CHECK_STATUS(t, rw_open(t->tree, path, SMB2_FILE_READ_DATA, SMB2_FILE_OPEN, 0, &o),
	             STATUS_SUCCESS);
	rw_want_credits(t, t->conn, t->sess, rw_charge(len));

	/* One READ of MaxReadSize charged per 3.1.5.2. */
	memset(&a, 0, sizeof(a));
	a.len = len;
	CHECK_STATUS(t, rw_read_req(t, t->tree, o.id, &a, NULL, &r), STATUS_SUCCESS);
	CHECK_VAL(t, r->charge, rw_charge(len));
	CHECK_VAL(t, r->msg.u.read_rsp.data.len, len);
	CHECK_MEM(t, r->msg.u.read_rsp.data.p, want, len);
}

static void read_too_large(struct torture_ctx *t)
{
	struct smb2_fileid fid = rd_file(t, "f", RD_FILE_LEN);
	uint64_t len = (uint64_t)t->srv->max_read + 1;
	struct rw_read_args a;
	struct cli_req *r = NULL;

	if (len > UINT32_MAX)
		torture_skip(t, "MaxReadSize is the largest Length there is");
	if (t->conn->multi_credit)
		rw_want_credits(t, t->conn, t->sess, rw_charge(len));
	memset(&a, 0, sizeof(a));
	a.len = (uint32_t)len;
	/* 3.3.5.12 (SHOULD<354>, what Windows does) and the brief's
	 * MaxReadSize rule; the charge is right, so only Length is wrong. */
	CHECK_STATUS(t, rw_read_req(t, t->tree, fid, &a, NULL, &r), STATUS_INVALID_PARAMETER);
}

static void read_directory(struct torture_ctx *t)
{
	struct cli_open o;
	const uint8_t *d;
	uint32_t n;
	NTSTATUS st;

	CHECK_STATUS(t, torture_create_dir(t, t->tree, torture_path(t, "d"), &o), STATUS_SUCCESS);
	st = rw_read(t, t->tree, o.id, 0, 10, 0, &d, &n);
	/* MS-FSA 2.1.5.3 reads a DataFile only; a directory open is not one.
	 * Windows answers STATUS_INVALID_DEVICE_REQUEST; INVALID_PARAMETER is
	 * the generic refusal of 3.3.5.12. */
	CHECK_TRUE(t, st == STATUS_INVALID_DEVICE_REQUEST || st == STATUS_INVALID_PARAMETER,
	           "READ on a directory answered %s", nt_status_name(st));
}

static void read_access_denied(struct torture_ctx *t)
{
	const char *path = torture_path(t, "f");
	struct cli_open o;
	const uint8_t *d;
	uint32_t n;

	rw_make_file(t, t->tree, path, RD_FILE_LEN, 1);
	CHECK_STATUS(t, rw_open(t->tree, path,
	                        SMB2_FILE_WRITE_DATA | SMB2_FILE_APPEND_DATA |
	                                SMB2_FILE_READ_ATTRIBUTES,
	                        SMB2_FILE_OPEN, 0, &o),
	             STATUS_SUCCESS);
	CHECK_STATUS(t, rw_read(t, t->tree, o.id, 0, 10, 0, &d, &n), STATUS_ACCESS_DENIED);
}

static void read_unknown_fileid(struct torture_ctx *t)
{
	struct smb2_fileid fid = { RW_BOGUS_FID_PERSISTENT, RW_BOGUS_FID_VOLATILE };
	struct smb2_fileid real = rd_file(t, "f", RD_FILE_LEN);
	const uint8_t *d;
	uint32_t n;

	CHECK_STATUS(t, rw_read(t, t->tree, fid, 0, 10, 0, &d, &n), STATUS_FILE_CLOSED);
	/* The right Volatile half with a wrong Persistent one is no open
	 * either (3.3.5.12: Open.DurableFileId must match). */
	fid.volatile_ = real.volatile_;
	fid.persistent = real.persistent ^ UINT64_C(0x00ff00ff00ff00ff);
	CHECK_STATUS(t, rw_read(t, t->tree, fid, 0, 10, 0, &d, &n), STATUS_FILE_CLOSED);
}

static void read_closed_fileid(struct torture_ctx *t)
{
	struct smb2_fileid fid = rd_file(t, "f", RD_FILE_LEN);
	const uint8_t *d;
	uint32_t n;

	CHECK_STATUS(t, rw_read(t, t->tree, fid, 0, 10, 0, &d, &n), STATUS_SUCCESS);
	CHECK_STATUS(t, cli_close(t->tree, fid), STATUS_SUCCESS);
	CHECK_STATUS(t, rw_read(t, t->tree, fid, 0, 10, 0, &d, &n), STATUS_FILE_CLOSED);
}

static void read_bad_structure_size(struct torture_ctx *t)
{
	struct smb2_fileid fid = rd_file(t, "f", RD_FILE_LEN);
	struct rw_read_args a;
	struct rw_patch p;
	struct cli_override ov;
	struct cli_req *r = NULL;

	rw_patch_override(t, t->sess, &p, &ov);
	memset(&a, 0, sizeof(a));
	a.len = 10;
	/* 2.2.19: StructureSize MUST be 49; 48 would be the size without the
	 * Buffer byte. */
	rw_patch_u16(&p, RW_OFF_STRUCTURE_SIZE, RW_REQ_STRUCTURE_SIZE - 1);
	rw_check_malformed(t, rw_read_req(t, t->tree, fid, &a, &ov, &r));
}

static void read_channel_invalid(struct torture_ctx *t)
{
	struct smb2_fileid fid = rd_file(t, "f", RD_FILE_LEN);
	struct rw_read_args a;
	struct cli_req *r = NULL;
	NTSTATUS rdma, undefined;

	torture_require_dialect(t, SMB2_DIALECT_300);
	/* 3.3.5.12: on 3.x an RDMA channel on a connection that is not RDMA,
	 * or a Channel value the dialect does not define, is
	 * STATUS_INVALID_PARAMETER. */
	memset(&a, 0, sizeof(a));
	a.len = 10;
	a.channel = SMB2_CHANNEL_RDMA_V1;
	a.rdma_desc = true;
	rdma = rw_read_req(t, t->tree, fid, &a, NULL, &r);
	a.channel = 0x77;
	a.rdma_desc = false;
	undefined = rw_read_req(t, t->tree, fid, &a, NULL, &r);
	CHECK_TRUE(t, rdma == STATUS_INVALID_PARAMETER && undefined == STATUS_INVALID_PARAMETER,
	           "READ with Channel RDMA_V1 over TCP answered %s, with Channel 0x77 %s; want "
	           "STATUS_INVALID_PARAMETER for both", nt_status_name(rdma),
	           nt_status_name(undefined));
	/* The same READ with Channel NONE is fine. */
	a.channel = SMB2_CHANNEL_NONE;
	CHECK_STATUS(t, rw_read_req(t, t->tree, fid, &a, NULL, &r), STATUS_SUCCESS);
}

static void read_unbuffered(struct torture_ctx *t)
{
	struct smb2_fileid fid = rd_file(t, "f", 8192);
	const uint8_t *want = rw_pattern(t, 8192, 0, 0x11);
	struct rw_read_args a;
	struct cli_req *r = NULL;

	torture_require_dialect(t, SMB2_DIALECT_302);
	/* Sector-aligned offset and length (MS-FSA 2.1.5.3 asks that of an
	 * unbuffered read). */
	memset(&a, 0, sizeof(a));
	a.off = 4096;
	a.len = 4096;
	a.flags = SMB2_READFLAG_READ_UNBUFFERED;
	CHECK_STATUS(t, rw_read_req(t, t->tree, fid, &a, NULL, &r), STATUS_SUCCESS);
	CHECK_VAL(t, r->msg.u.read_rsp.data.len, 4096);
	CHECK_MEM(t, r->msg.u.read_rsp.data.p, want + 4096, 4096);
}

static void read_flags_reserved(struct torture_ctx *t)
{
	struct cli_conn_opts opts;
	struct cli_conn *c;
	struct cli_session *s;
	struct cli_tree *tree;
	const char *path = torture_path(t, "f");
	const uint8_t *want = rw_pattern(t, RD_FILE_LEN, 0, 3);
	struct rw_read_args a;
	struct cli_req *r = NULL;
	struct cli_open o;

	/* 2.2.19: before 3.0.2 Flags is reserved and the server MUST ignore
	 * it; the highest such dialect the server has. */
	torture_conn_opts(t, &opts);
	opts.dialect_max = t->srv->dialect < SMB2_DIALECT_300 ? t->srv->dialect
	                                                      : SMB2_DIALECT_300;
	CHECK_STATUS(t, torture_open_client(t, &opts, &c, &s, &tree), STATUS_SUCCESS);
	CHECK_STATUS(t, torture_put_file(t, tree, path, want, RD_FILE_LEN), STATUS_SUCCESS);
	CHECK_STATUS(t, rw_open(tree, path, SMB2_FILE_READ_DATA, SMB2_FILE_OPEN, 0, &o),
	             STATUS_SUCCESS);
	memset(&a, 0, sizeof(a));
	a.len = RD_FILE_LEN;
	a.flags = 0xFF;
	CHECK_STATUS(t, rw_read_req(t, tree, o.id, &a, NULL, &r), STATUS_SUCCESS);
	CHECK_VAL(t, r->msg.u.read_rsp.data.len, RD_FILE_LEN);
	CHECK_MEM(t, r->msg.u.read_rsp.data.p, want, RD_FILE_LEN);
}

static void read_padding(struct torture_ctx *t)
{
	struct smb2_fileid fid = rd_file(t, "f", RD_FILE_LEN);
	const uint8_t *want = rw_pattern(t, RD_FILE_LEN, 0, 0x11);
	struct rw_read_args a;
	struct cli_req *r = NULL;

	/* 2.2.19: Padding asks for the data at that offset from the header;
	 * it "is not binding on the server", so only the data is checked. */
	memset(&a, 0, sizeof(a));
	a.len = RD_FILE_LEN;
	a.padding = 0x80;
	CHECK_STATUS(t, rw_read_req(t, t->tree, fid, &a, NULL, &r), STATUS_SUCCESS);
	CHECK_VAL(t, r->msg.u.read_rsp.data.len, RD_FILE_LEN);
	CHECK_MEM(t, r->msg.u.read_rsp.data.p, want, RD_FILE_LEN);
}

static const struct torture_test tests[] = {
	TORTURE_TEST(read_basic, "MS-SMB2 2.2.19; MS-SMB2 2.2.20; MS-SMB2 3.3.5.12",
	             "data written is read back, whole and from an odd offset"),
	TORTURE_TEST(read_at_eof, "MS-SMB2 3.3.5.12; MS-FSA 2.1.5.3",
	             "a READ at the end of file (and of an empty file) is STATUS_END_OF_FILE"),
	TORTURE_TEST(read_past_eof, "MS-SMB2 3.3.5.12; MS-FSA 2.1.5.3",
	             "a READ beyond the end of file is STATUS_END_OF_FILE"),
	TORTURE_TEST(read_spanning_eof, "MS-SMB2 3.3.5.12; MS-SMB2 2.2.20; MS-FSA 2.1.5.3",
	             "a READ across the end of file succeeds with the bytes before it"),
	TORTURE_TEST(read_zero_length, "MS-SMB2 3.3.5.12; MS-FSA 2.1.5.3",
	             "a zero-length READ succeeds with no data, inside, at and past the end"),
	TORTURE_TEST(read_zero_length_min_count, "MS-SMB2 3.3.5.12; MS-SMB2 2.2.19",
	             "a zero-length READ with MinimumCount 1 is STATUS_END_OF_FILE"),
	TORTURE_TEST(read_min_count, "MS-SMB2 3.3.5.12; MS-SMB2 2.2.19",
	             "fewer bytes than MinimumCount is STATUS_END_OF_FILE; exactly enough succeeds"),
	TORTURE_TEST(read_offset_invalid, "MS-SMB2 3.3.5.12; MS-FSA 2.1.5.3",
	             "a negative offset or offset + length past MAXLONGLONG is INVALID_PARAMETER"),
	TORTURE_TEST(read_large, "MS-SMB2 3.3.5.12; MS-SMB2 3.1.5.2; MS-SMB2 3.3.5.2.5",
	             "one multi-credit READ of MaxReadSize returns all the data"),
	TORTURE_TEST(read_too_large, "MS-SMB2 3.3.5.12; MS-SMB2 2.2.4",
	             "a READ longer than MaxReadSize is STATUS_INVALID_PARAMETER"),
	TORTURE_TEST(read_directory, "MS-SMB2 3.3.5.12; MS-FSA 2.1.5.3",
	             "a READ on a directory open is refused (INVALID_DEVICE_REQUEST or "
	             "INVALID_PARAMETER)"),
	TORTURE_TEST(read_access_denied, "MS-SMB2 3.3.5.12",
	             "a READ on an open without FILE_READ_DATA is STATUS_ACCESS_DENIED"),
	TORTURE_TEST(read_unknown_fileid, "MS-SMB2 3.3.5.12; MS-SMB2 2.2.14.1",
	             "a READ with an unknown FileId (or wrong Persistent half) is FILE_CLOSED"),
	TORTURE_TEST(read_closed_fileid, "MS-SMB2 3.3.5.12; MS-SMB2 3.3.5.10",
	             "a READ on a FileId after its CLOSE is STATUS_FILE_CLOSED"),
	TORTURE_TEST(read_bad_structure_size, "MS-SMB2 2.2.19; MS-SMB2 3.3.5.2.6",
	             "a READ with StructureSize 48 is INVALID_PARAMETER (or a disconnect)"),
	TORTURE_TEST(read_channel_invalid, "MS-SMB2 3.3.5.12; MS-SMB2 2.2.19",
	             "on 3.x an RDMA or undefined Channel over TCP is INVALID_PARAMETER"),
	TORTURE_TEST(read_unbuffered, "MS-SMB2 2.2.19; MS-SMB2 3.3.5.12; MS-FSA 2.1.5.3",
	             "SMB2_READFLAG_READ_UNBUFFERED on 3.0.2+ reads the right data"),
	TORTURE_TEST_RAW(read_flags_reserved, "MS-SMB2 2.2.19",
	                 "before 3.0.2 the READ Flags field is reserved and ignored"),
	TORTURE_TEST(read_padding, "MS-SMB2 2.2.19; MS-SMB2 2.2.20",
	             "a READ asking for Padding 0x80 returns the right data wherever placed"),
};

TORTURE_SUITE(read_suite, "read", "SMB2 READ: data, end of file, limits, errors", tests)
