/*
 * SET_INFO of file information (MS-SMB2 3.3.5.21.1, MS-FSCC 2.4, MS-FSA
 * 2.1.5.15): basic times and attributes with their special values, end of
 * file and allocation, disposition and delete pending, position and mode,
 * each read back through QUERY_INFO or a new open.  Refusals are in
 * info_set_err.c, rename in info_rename.c.
 */
#include "torture/suites/info_util.h"

/* MS-FSCC 2.4.7: the special time values. */
#define TIME_KEEP_FOR_HANDLE UINT64_C(0xFFFFFFFFFFFFFFFF)    /* -1 */
#define TIME_RESUME_FOR_HANDLE UINT64_C(0xFFFFFFFFFFFFFFFE)  /* -2 */
#define TIME_BELOW_MINUS_2 UINT64_C(0xFFFFFFFFFFFFFFFD)      /* -3 */

static void basic(struct torture_ctx *t, struct smb2_fileid fid, struct smb2_fi_basic *b)
{
	struct smb2_fileinfo fi;

	info_file(t, t->tree, fid, FILE_BASIC_INFORMATION, &fi);
	*b = fi.u.basic;
}

static uint64_t distance(uint64_t a, uint64_t b)
{
	return a > b ? a - b : b - a;
}

static void basic_times(struct torture_ctx *t)
{
	struct smb2_fi_basic b;
	struct cli_open o;

	info_new_file(t, t->tree, torture_path(t, "f"), 10, &o);
	CHECK_STATUS(t, info_set_basic(t, t->tree, o.id, 0, INFO_TIME_2001, INFO_TIME_2001 + INFO_DAY,
	                               0, 0),
	             STATUS_SUCCESS);
	basic(t, o.id, &b);
	CHECK_VAL(t, b.last_access_time, INFO_TIME_2001);
	CHECK_VAL(t, b.last_write_time, INFO_TIME_2001 + INFO_DAY);
	/* A new open sees them too, and CREATE reports them. */
	CHECK_STATUS(t, cli_close(t->tree, o.id), STATUS_SUCCESS);
	CHECK_STATUS(t, info_open(t, t->tree, torture_path(t, "f"), SMB2_FILE_READ_ATTRIBUTES,
	                          INFO_SHARE_ALL, SMB2_FILE_OPEN, 0, &o),
	             STATUS_SUCCESS);
	CHECK_VAL(t, o.last_write_time, INFO_TIME_2001 + INFO_DAY);
	basic(t, o.id, &b);
	CHECK_VAL(t, b.last_write_time, INFO_TIME_2001 + INFO_DAY);
}

static void basic_creation_time(struct torture_ctx *t)
{
	struct smb2_fi_basic b;
	struct cli_open o;

	CHECK_STATUS(t, torture_create_file(t, t->tree, torture_path(t, "f"), &o), STATUS_SUCCESS);
	CHECK_STATUS(t, info_set_basic(t, t->tree, o.id, INFO_TIME_2001, 0, 0, 0, 0),
	             STATUS_SUCCESS);
	basic(t, o.id, &b);
	CHECK_VAL(t, b.creation_time, INFO_TIME_2001);
	CHECK_STATUS(t, cli_close(t->tree, o.id), STATUS_SUCCESS);
	CHECK_STATUS(t, info_open(t, t->tree, torture_path(t, "f"), SMB2_FILE_READ_ATTRIBUTES,
	                          INFO_SHARE_ALL, SMB2_FILE_OPEN, 0, &o),
	             STATUS_SUCCESS);
	CHECK_VAL(t, o.creation_time, INFO_TIME_2001);
}

static void basic_change_time(struct torture_ctx *t)
{
	struct smb2_fi_basic b;
	struct cli_open o;

	CHECK_STATUS(t, torture_create_file(t, t->tree, torture_path(t, "f"), &o), STATUS_SUCCESS);
	CHECK_STATUS(t, info_set_basic(t, t->tree, o.id, 0, 0, 0, INFO_TIME_2001, 0),
	             STATUS_SUCCESS);
	basic(t, o.id, &b);
	CHECK_VAL(t, b.change_time, INFO_TIME_2001);
}

static void basic_zero_unchanged(struct torture_ctx *t)
{
	struct smb2_fi_basic before, after;
	struct cli_open o;

	info_new_file(t, t->tree, torture_path(t, "f"), 10, &o);
	CHECK_STATUS(t, info_set_basic(t, t->tree, o.id, 0, INFO_TIME_2001, INFO_TIME_2001, 0, 0),
	             STATUS_SUCCESS);
	basic(t, o.id, &before);
	/* MS-FSCC 2.4.7: 0 leaves a time as it is; FileAttributes 0 too
	 * (MS-FSA 2.1.5.15). */
	CHECK_STATUS(t, info_set_basic(t, t->tree, o.id, 0, 0, 0, 0, 0), STATUS_SUCCESS);
	basic(t, o.id, &after);
	CHECK_VAL(t, after.creation_time, before.creation_time);
	CHECK_VAL(t, after.last_access_time, before.last_access_time);
	CHECK_VAL(t, after.last_write_time, before.last_write_time);
	CHECK_VAL(t, after.file_attributes, before.file_attributes);
}

static void basic_keep_for_handle(struct torture_ctx *t)
{
	static const uint8_t data[4] = { 1, 2, 3, 4 };
	const char *path = torture_path(t, "f");
	struct smb2_fi_basic b;
	struct cli_open o;
	NTSTATUS st;

	CHECK_STATUS(t, torture_create_file(t, t->tree, path, &o), STATUS_SUCCESS);
	CHECK_STATUS(t, info_set_basic(t, t->tree, o.id, 0, 0, INFO_TIME_2001, 0, 0),
	             STATUS_SUCCESS);
	CHECK_STATUS(t, cli_close(t->tree, o.id), STATUS_SUCCESS);
	/* A new handle: only -1 may keep the old time through a write. */
	CHECK_STATUS(t, info_open(t, t->tree, path,
	                          SMB2_FILE_READ_DATA | SMB2_FILE_WRITE_DATA |
	                                  SMB2_FILE_READ_ATTRIBUTES | SMB2_FILE_WRITE_ATTRIBUTES,
	                          INFO_SHARE_ALL, SMB2_FILE_OPEN, 0, &o),
	             STATUS_SUCCESS);
	st = info_set_basic(t, t->tree, o.id, 0, 0, TIME_KEEP_FOR_HANDLE, 0, 0);
	/* A server without the special values refuses them as it refuses
	 * any time below zero; the test then has nothing more to check. */
	if (st == STATUS_INVALID_PARAMETER)
		torture_skip(t, "the server does not support LastWriteTime -1");
	CHECK_STATUS(t, st, STATUS_SUCCESS);
	CHECK_STATUS(t, cli_write(t->tree, o.id, 0, data, sizeof(data)), STATUS_SUCCESS);
	basic(t, o.id, &b);
	CHECK_VAL(t, b.last_write_time, INFO_TIME_2001);

	/* -2: writes through this handle update the time again. */
	st = info_set_basic(t, t->tree, o.id, 0, 0, TIME_RESUME_FOR_HANDLE, 0, 0);
	if (st == STATUS_INVALID_PARAMETER)
		torture_skip(t, "the server does not support LastWriteTime -2");
	CHECK_STATUS(t, st, STATUS_SUCCESS);
	CHECK_STATUS(t, cli_write(t->tree, o.id, 4, data, sizeof(data)), STATUS_SUCCESS);
	basic(t, o.id, &b);
	CHECK_TRUE(t, distance(b.last_write_time, b.change_time) < INFO_DAY,
	           "LastWriteTime 0x%llx not near now (ChangeTime 0x%llx) after -2 and a write",
	           (unsigned long long)b.last_write_time, (unsigned long long)b.change_time);
}

static void basic_time_invalid(struct torture_ctx *t)
{
	struct smb2_fi_basic before, after;
	struct cli_open o;

	CHECK_STATUS(t, torture_create_file(t, t->tree, torture_path(t, "f"), &o), STATUS_SUCCESS);
	basic(t, o.id, &before);
	/* MS-FSCC 2.4.7: no time below -2. */
	CHECK_STATUS(t, info_set_basic(t, t->tree, o.id, TIME_BELOW_MINUS_2, 0, 0, 0, 0),
	             STATUS_INVALID_PARAMETER);
	CHECK_STATUS(t, info_set_basic(t, t->tree, o.id, 0, 0, UINT64_C(0x8000000000000000), 0, 0),
	             STATUS_INVALID_PARAMETER);
	basic(t, o.id, &after);
	CHECK_VAL(t, after.creation_time, before.creation_time);
	CHECK_VAL(t, after.last_write_time, before.last_write_time);
}

static void attributes_readonly(struct torture_ctx *t)
{
	const char *path = torture_path(t, "f");
	struct smb2_fi_basic b;
	struct cli_open o, o2;

	info_new_file(t, t->tree, path, 10, &o);
	CHECK_STATUS(t, info_set_basic(t, t->tree, o.id, 0, 0, 0, 0, SMB2_FILE_ATTRIBUTE_READONLY),
	             STATUS_SUCCESS);
	basic(t, o.id, &b);
	CHECK_TRUE(t, b.file_attributes & SMB2_FILE_ATTRIBUTE_READONLY,
	           "READONLY set, attributes 0x%x", b.file_attributes);
	/* MS-FSA 2.1.5.1.2.1: a READONLY file cannot be opened for writing. */
	CHECK_STATUS(t, info_open(t, t->tree, path, SMB2_FILE_WRITE_DATA, INFO_SHARE_ALL,
	                          SMB2_FILE_OPEN, 0, &o2),
	             STATUS_ACCESS_DENIED);
	CHECK_STATUS(t, info_open(t, t->tree, path, SMB2_FILE_READ_DATA, INFO_SHARE_ALL,
	                          SMB2_FILE_OPEN, 0, &o2),
	             STATUS_SUCCESS);
	/* Cleared again, writing opens work. */
	CHECK_STATUS(t, info_set_basic(t, t->tree, o.id, 0, 0, 0, 0, SMB2_FILE_ATTRIBUTE_NORMAL),
	             STATUS_SUCCESS);
	basic(t, o.id, &b);
	CHECK_VAL(t, b.file_attributes & SMB2_FILE_ATTRIBUTE_READONLY, 0);
	CHECK_STATUS(t, info_open(t, t->tree, path, SMB2_FILE_WRITE_DATA, INFO_SHARE_ALL,
	                          SMB2_FILE_OPEN, 0, &o2),
	             STATUS_SUCCESS);
}

static void attributes_invalid(struct torture_ctx *t)
{
	struct smb2_fi_basic before, after;
	struct cli_open o, d;

	CHECK_STATUS(t, torture_create_file(t, t->tree, torture_path(t, "f"), &o), STATUS_SUCCESS);
	basic(t, o.id, &before);
	/* MS-FSA 2.1.5.15: DIRECTORY on a file, TEMPORARY on a directory. */
	CHECK_STATUS(t, info_set_basic(t, t->tree, o.id, 0, 0, 0, 0,
	                               SMB2_FILE_ATTRIBUTE_DIRECTORY | SMB2_FILE_ATTRIBUTE_ARCHIVE),
	             STATUS_INVALID_PARAMETER);
	basic(t, o.id, &after);
	CHECK_VAL(t, after.file_attributes, before.file_attributes);
	CHECK_STATUS(t, torture_create_dir(t, t->tree, torture_path(t, "d"), &d), STATUS_SUCCESS);
	CHECK_STATUS(t, info_set_basic(t, t->tree, d.id, 0, 0, 0, 0,
	                               SMB2_FILE_ATTRIBUTE_DIRECTORY | SMB2_FILE_ATTRIBUTE_TEMPORARY),
	             STATUS_INVALID_PARAMETER);
}

static void end_of_file(struct torture_ctx *t)
{
	uint8_t buf[5000];
	struct smb2_fileinfo fi;
	struct cli_open o;
	size_t got = 0;

	info_new_file(t, t->tree, torture_path(t, "f"), 100, &o);
	CHECK_STATUS(t, cli_set_eof(t->tree, o.id, 4096), STATUS_SUCCESS);
	info_file(t, t->tree, o.id, FILE_STANDARD_INFORMATION, &fi);
	CHECK_VAL(t, fi.u.standard.end_of_file, 4096);
	CHECK_STATUS(t, cli_read(t->tree, o.id, 0, buf, sizeof(buf), &got), STATUS_SUCCESS);
	CHECK_VAL(t, got, 4096);
	for (size_t i = 0; i < 100; i++)
		CHECK_VAL(t, buf[i], (uint8_t)(i * 7 + 1));
	/* MS-FSA: the new bytes read as zeros. */
	for (size_t i = 100; i < 4096; i++)
		if (buf[i] != 0)
			CHECK_VAL(t, buf[i], 0);
	CHECK_STATUS(t, cli_set_eof(t->tree, o.id, 10), STATUS_SUCCESS);
	info_file(t, t->tree, o.id, FILE_STANDARD_INFORMATION, &fi);
	CHECK_VAL(t, fi.u.standard.end_of_file, 10);
	CHECK_STATUS(t, cli_read(t->tree, o.id, 0, buf, sizeof(buf), &got), STATUS_SUCCESS);
	CHECK_VAL(t, got, 10);
	CHECK_STATUS(t, cli_set_eof(t->tree, o.id, 0), STATUS_SUCCESS);
	info_file(t, t->tree, o.id, FILE_STANDARD_INFORMATION, &fi);
	CHECK_VAL(t, fi.u.standard.end_of_file, 0);
}

static NTSTATUS set_allocation(struct torture_ctx *t, struct smb2_fileid fid, uint64_t size)
{
	struct smb2_fileinfo fi;

	(void)t;
	memset(&fi, 0, sizeof(fi));
	fi.cls = FILE_ALLOCATION_INFORMATION;
	fi.u.allocation_size = size;
	return cli_set_fileinfo(t->tree, fid, &fi);
}

static void allocation(struct torture_ctx *t)
{
	struct smb2_fileinfo fi;
	struct cli_open o;

	info_new_file(t, t->tree, torture_path(t, "f"), 1000, &o);
	/* Growing the allocation leaves the end of file alone. */
	CHECK_STATUS(t, set_allocation(t, o.id, 1024 * 1024), STATUS_SUCCESS);
	info_file(t, t->tree, o.id, FILE_STANDARD_INFORMATION, &fi);
	CHECK_VAL(t, fi.u.standard.end_of_file, 1000);
	/* MS-FSA 2.1.5.15: an allocation below the end of file truncates. */
	CHECK_STATUS(t, set_allocation(t, o.id, 10), STATUS_SUCCESS);
	info_file(t, t->tree, o.id, FILE_STANDARD_INFORMATION, &fi);
	CHECK_VAL(t, fi.u.standard.end_of_file, 10);
	CHECK_TRUE(t, fi.u.standard.allocation_size >= 10, "AllocationSize %llu below EOF 10",
	           (unsigned long long)fi.u.standard.allocation_size);
}

static void disposition(struct torture_ctx *t)
{
	const char *path = torture_path(t, "f");
	struct smb2_fileinfo fi;
	struct cli_open o, o2;

	CHECK_STATUS(t, torture_create_file(t, t->tree, path, &o), STATUS_SUCCESS);
	CHECK_STATUS(t, cli_set_delete_on_close(t->tree, o.id, true), STATUS_SUCCESS);
	info_file(t, t->tree, o.id, FILE_STANDARD_INFORMATION, &fi);
	CHECK_VAL(t, fi.u.standard.delete_pending, 1);
	/* MS-FSA 2.1.5.1.2: opens of a file with a delete pending fail. */
	CHECK_STATUS(t, info_open(t, t->tree, path, SMB2_FILE_READ_ATTRIBUTES, INFO_SHARE_ALL,
	                          SMB2_FILE_OPEN, 0, &o2),
	             STATUS_DELETE_PENDING);
	CHECK_STATUS(t, cli_close(t->tree, o.id), STATUS_SUCCESS);
	CHECK_STATUS(t, info_open(t, t->tree, path, SMB2_FILE_READ_ATTRIBUTES, INFO_SHARE_ALL,
	                          SMB2_FILE_OPEN, 0, &o2),
	             STATUS_OBJECT_NAME_NOT_FOUND);
}

static void disposition_undo(struct torture_ctx *t)
{
	const char *path = torture_path(t, "f");
	struct smb2_fileinfo fi;
	struct cli_open o, o2;

	CHECK_STATUS(t, torture_create_file(t, t->tree, path, &o), STATUS_SUCCESS);
	CHECK_STATUS(t, cli_set_delete_on_close(t->tree, o.id, true), STATUS_SUCCESS);
	CHECK_STATUS(t, cli_set_delete_on_close(t->tree, o.id, false), STATUS_SUCCESS);
	info_file(t, t->tree, o.id, FILE_STANDARD_INFORMATION, &fi);
	CHECK_VAL(t, fi.u.standard.delete_pending, 0);
	CHECK_STATUS(t, cli_close(t->tree, o.id), STATUS_SUCCESS);
	CHECK_STATUS(t, info_open(t, t->tree, path, SMB2_FILE_READ_ATTRIBUTES, INFO_SHARE_ALL,
	                          SMB2_FILE_OPEN, 0, &o2),
	             STATUS_SUCCESS);
}

static void disposition_nonempty_dir(struct torture_ctx *t)
{
	struct cli_open d, f;

	CHECK_STATUS(t, torture_create_dir(t, t->tree, torture_path(t, "d"), &d), STATUS_SUCCESS);
	CHECK_STATUS(t, torture_create_file(t, t->tree, torture_path(t, "d\\child"), &f),
	             STATUS_SUCCESS);
	/* MS-FSA 2.1.5.15: a directory that is not empty. */
	CHECK_STATUS(t, cli_set_delete_on_close(t->tree, d.id, true), STATUS_DIRECTORY_NOT_EMPTY);
	/* Empty, it may go. */
	CHECK_STATUS(t, cli_set_delete_on_close(t->tree, f.id, true), STATUS_SUCCESS);
	CHECK_STATUS(t, cli_close(t->tree, f.id), STATUS_SUCCESS);
	CHECK_STATUS(t, cli_set_delete_on_close(t->tree, d.id, true), STATUS_SUCCESS);
}

static void disposition_readonly(struct torture_ctx *t)
{
	struct cli_open o;

	CHECK_STATUS(t, torture_create_file(t, t->tree, torture_path(t, "f"), &o), STATUS_SUCCESS);
	CHECK_STATUS(t, info_set_basic(t, t->tree, o.id, 0, 0, 0, 0, SMB2_FILE_ATTRIBUTE_READONLY),
	             STATUS_SUCCESS);
	/* MS-FSA 2.1.5.15: a READONLY file cannot be deleted. */
	CHECK_STATUS(t, cli_set_delete_on_close(t->tree, o.id, true), STATUS_CANNOT_DELETE);
}

static void position(struct torture_ctx *t)
{
	struct smb2_fileinfo fi;
	struct cli_open o;

	info_new_file(t, t->tree, torture_path(t, "f"), 100, &o);
	memset(&fi, 0, sizeof(fi));
	fi.cls = FILE_POSITION_INFORMATION;
	fi.u.current_byte_offset = 12345;
	CHECK_STATUS(t, cli_set_fileinfo(t->tree, o.id, &fi), STATUS_SUCCESS);
	info_file(t, t->tree, o.id, FILE_POSITION_INFORMATION, &fi);
	/* 3.3.5.20.1: the query SHOULD answer zero; a server that keeps the
	 * position answers what was set. */
	CHECK_TRUE(t, fi.u.current_byte_offset == 0 || fi.u.current_byte_offset == 12345,
	           "CurrentByteOffset %llu", (unsigned long long)fi.u.current_byte_offset);
}

static NTSTATUS set_mode(struct torture_ctx *t, struct smb2_fileid fid, uint32_t mode)
{
	struct smb2_fileinfo fi;

	memset(&fi, 0, sizeof(fi));
	fi.cls = FILE_MODE_INFORMATION;
	fi.u.mode = mode;
	return cli_set_fileinfo(t->tree, fid, &fi);
}

static void mode(struct torture_ctx *t)
{
	struct smb2_fileinfo fi;
	struct cli_open o;

	CHECK_STATUS(t, torture_create_file(t, t->tree, torture_path(t, "f"), &o), STATUS_SUCCESS);
	CHECK_STATUS(t, set_mode(t, o.id, SMB2_FILE_WRITE_THROUGH | SMB2_FILE_SEQUENTIAL_ONLY),
	             STATUS_SUCCESS);
	info_file(t, t->tree, o.id, FILE_MODE_INFORMATION, &fi);
	CHECK_VAL(t, fi.u.mode & (SMB2_FILE_WRITE_THROUGH | SMB2_FILE_SEQUENTIAL_ONLY),
	          SMB2_FILE_WRITE_THROUGH | SMB2_FILE_SEQUENTIAL_ONLY);
	CHECK_STATUS(t, set_mode(t, o.id, 0), STATUS_SUCCESS);
	info_file(t, t->tree, o.id, FILE_MODE_INFORMATION, &fi);
	CHECK_VAL(t, fi.u.mode & (SMB2_FILE_WRITE_THROUGH | SMB2_FILE_SEQUENTIAL_ONLY), 0);
}

static void mode_invalid(struct torture_ctx *t)
{
	struct cli_open o;

	CHECK_STATUS(t, torture_create_file(t, t->tree, torture_path(t, "f"), &o), STATUS_SUCCESS);
	/* MS-FSA 2.1.5.15.7: only WRITE_THROUGH, SEQUENTIAL_ONLY and the
	 * synchronous bits the open already has. */
	CHECK_STATUS(t, set_mode(t, o.id, SMB2_FILE_NO_INTERMEDIATE_BUFFERING),
	             STATUS_INVALID_PARAMETER);
	CHECK_STATUS(t, set_mode(t, o.id, SMB2_FILE_DELETE_ON_CLOSE), STATUS_INVALID_PARAMETER);
	CHECK_STATUS(t, set_mode(t, o.id, SMB2_FILE_SYNCHRONOUS_IO_ALERT), STATUS_INVALID_PARAMETER);
	CHECK_STATUS(t, set_mode(t, o.id, SMB2_FILE_SYNCHRONOUS_IO_ALERT |
	                                          SMB2_FILE_SYNCHRONOUS_IO_NONALERT),
	             STATUS_INVALID_PARAMETER);
}

static void security_same_dacl(struct torture_ctx *t)
{
	const char *path = torture_path(t, "f");
	struct smb2_secdesc sd, sd2;
	struct smb2_blob b;
	struct cli_open o;

	CHECK_STATUS(t, torture_create_file(t, t->tree, path, &o), STATUS_SUCCESS);
	CHECK_STATUS(t, info_open(t, t->tree, path, SMB2_READ_CONTROL | SMB2_WRITE_DAC,
	                          INFO_SHARE_ALL, SMB2_FILE_OPEN, 0, &o),
	             STATUS_SUCCESS);
	CHECK_STATUS(t, info_query(t, t->tree, o.id, SMB2_0_INFO_SECURITY, 0,
	                           DACL_SECURITY_INFORMATION, INFO_OUT_LEN, &b),
	             STATUS_SUCCESS);
	CHECK_STATUS(t, smb2_secdesc_decode(b, &sd), STATUS_SUCCESS);
	/* MS-SMB2 3.3.5.21.3, MS-FSA 2.1.5.17: the DACL the file has, set
	 * back through an open with WRITE_DAC, is accepted and kept. */
	CHECK_STATUS(t, info_set_raw(t, t->tree, o.id, SMB2_0_INFO_SECURITY, 0,
	                             DACL_SECURITY_INFORMATION, b.p, b.len),
	             STATUS_SUCCESS);
	CHECK_STATUS(t, info_query(t, t->tree, o.id, SMB2_0_INFO_SECURITY, 0,
	                           DACL_SECURITY_INFORMATION, INFO_OUT_LEN, &b),
	             STATUS_SUCCESS);
	CHECK_STATUS(t, smb2_secdesc_decode(b, &sd2), STATUS_SUCCESS);
	CHECK_VAL(t, sd2.has_dacl, sd.has_dacl);
	CHECK_VAL(t, sd2.dacl.ace_count, sd.dacl.ace_count);
	CHECK_VAL(t, sd2.dacl.aces.len, sd.dacl.aces.len);
	CHECK_MEM(t, sd2.dacl.aces.p, sd.dacl.aces.p, sd.dacl.aces.len);
}

#define S "MS-SMB2 3.3.5.21.1; MS-FSA 2.1.5.15; "

static const struct torture_test tests[] = {
	TORTURE_TEST(basic_times, S "MS-FSCC 2.4.7",
	             "LastAccessTime and LastWriteTime set, read back and seen by a new open"),
	TORTURE_TEST(basic_creation_time, S "MS-FSCC 2.4.7",
	             "CreationTime set, read back and reported by CREATE"),
	TORTURE_TEST(basic_change_time, S "MS-FSCC 2.4.7", "ChangeTime set and read back"),
	TORTURE_TEST(basic_zero_unchanged, S "MS-FSCC 2.4.7",
	             "zero times and attributes leave the file as it was"),
	TORTURE_TEST(basic_keep_for_handle, S "MS-FSCC 2.4.7",
	             "LastWriteTime -1 keeps the time through a write, -2 lets writes update it"),
	TORTURE_TEST(basic_time_invalid, S "MS-FSCC 2.4.7",
	             "a time below -2: STATUS_INVALID_PARAMETER, nothing changed"),
	TORTURE_TEST(attributes_readonly, S "MS-FSCC 2.6; MS-FSA 2.1.5.1.2.1",
	             "READONLY set: opens for writing are denied; cleared: allowed again"),
	TORTURE_TEST(attributes_invalid, S "MS-FSCC 2.6",
	             "DIRECTORY on a file, TEMPORARY on a directory: STATUS_INVALID_PARAMETER"),
	TORTURE_TEST(end_of_file, S "MS-FSCC 2.4",
	             "FileEndOfFileInformation grows (zeros) and shrinks the file, read back"),
	TORTURE_TEST(allocation, S "MS-FSCC 2.4",
	             "FileAllocationInformation: growing keeps the end of file, below it truncates"),
	TORTURE_TEST(disposition, S "MS-FSA 2.1.5.1.2",
	             "delete pending: DeletePending 1, new opens DELETE_PENDING, gone after close"),
	TORTURE_TEST(disposition_undo, S "MS-FSCC 2.4",
	             "DeleteFile set then cleared: the file survives the close"),
	TORTURE_TEST(disposition_nonempty_dir, S "MS-FSCC 2.4",
	             "delete of a directory that is not empty: STATUS_DIRECTORY_NOT_EMPTY"),
	TORTURE_TEST(disposition_readonly, S "MS-FSCC 2.4",
	             "delete of a READONLY file: STATUS_CANNOT_DELETE"),
	TORTURE_TEST(position, S "MS-SMB2 3.3.5.20.1",
	             "FilePositionInformation set; the query answers zero or the value"),
	TORTURE_TEST(mode, S "MS-FSCC 2.4.30",
	             "FileModeInformation WRITE_THROUGH and SEQUENTIAL_ONLY set and cleared"),
	TORTURE_TEST(mode_invalid, S "MS-FSA 2.1.5.15.7",
	             "FileModeInformation with bits it may not set: STATUS_INVALID_PARAMETER"),
	TORTURE_TEST(security_same_dacl, "MS-SMB2 3.3.5.21.3; MS-FSA 2.1.5.17; MS-DTYP 2.4.6",
	             "the file's own DACL set back through WRITE_DAC is accepted and kept"),
};

TORTURE_SUITE(setinfo_suite, "setinfo", "SET_INFO: file information set and read back", tests)
