/*
 * CREATE (MS-SMB2 2.2.13, 2.2.14, 3.3.5.9; MS-FSA 2.1.5.1): each
 * CreateDisposition on a missing and an existing file with its status,
 * CreateAction and EndOfFile; directory and non-directory mismatches;
 * missing paths; the times, sizes and attributes the response carries;
 * READONLY and HIDDEN requested at creation.
 */
#include "torture/suites/create_util.h"

/* Bytes written to an existing file before a disposition meets it. */
#define CT_DATA_LEN 100

/*
 * One CreateDisposition against a missing or an existing file.  MS-FSA
 * 2.1.5.1.1 (a new file) and 2.1.5.1.2 (an existing one) give the status
 * and CreateAction; SUPERSEDE and OVERWRITE(_IF) leave an existing file
 * empty, OPEN and OPEN_IF keep its data.  A failed open changes nothing.
 */
static void disposition(struct torture_ctx *t, uint32_t disp, bool exists, NTSTATUS want,
                        uint32_t action)
{
	const char *path = torture_path(t, "f");
	struct cli_open o;
	NTSTATUS st;

	if (exists)
		ct_make_file(t, t->tree, path, CT_DATA_LEN);
	st = ct_open(t->tree, path, SMB2_GENERIC_ALL, CT_SHARE_ALL, disp,
	             SMB2_FILE_NON_DIRECTORY_FILE, &o);
	CHECK_STATUS(t, st, want);
	if (st != STATUS_SUCCESS) {
		if (exists)
			CHECK_VAL(t, ct_eof(t, t->tree, path), CT_DATA_LEN);
		else
			CHECK_STATUS(t, ct_probe(t->tree, path), STATUS_OBJECT_NAME_NOT_FOUND);
		return;
	}
	CHECK_VAL(t, o.create_action, action);
	CHECK_VAL(t, o.end_of_file, exists && action == SMB2_FILE_OPENED ? CT_DATA_LEN : 0);
	CHECK_TRUE(t, !(o.file_attributes & SMB2_FILE_ATTRIBUTE_DIRECTORY),
	           "a file answers with DIRECTORY in FileAttributes 0x%x", o.file_attributes);
	CHECK_STATUS(t, cli_close(t->tree, o.id), STATUS_SUCCESS);
	CHECK_VAL(t, ct_eof(t, t->tree, path), o.end_of_file);
}

static void create_supersede_missing(struct torture_ctx *t)
{
	disposition(t, SMB2_FILE_SUPERSEDE, false, STATUS_SUCCESS, SMB2_FILE_CREATED);
}

static void create_supersede_existing(struct torture_ctx *t)
{
	disposition(t, SMB2_FILE_SUPERSEDE, true, STATUS_SUCCESS, SMB2_FILE_SUPERSEDED);
}

static void create_open_missing(struct torture_ctx *t)
{
	disposition(t, SMB2_FILE_OPEN, false, STATUS_OBJECT_NAME_NOT_FOUND, 0);
}

static void create_open_existing(struct torture_ctx *t)
{
	disposition(t, SMB2_FILE_OPEN, true, STATUS_SUCCESS, SMB2_FILE_OPENED);
}

static void create_create_missing(struct torture_ctx *t)
{
	disposition(t, SMB2_FILE_CREATE, false, STATUS_SUCCESS, SMB2_FILE_CREATED);
}

static void create_create_existing(struct torture_ctx *t)
{
	disposition(t, SMB2_FILE_CREATE, true, STATUS_OBJECT_NAME_COLLISION, 0);
}

static void create_open_if_missing(struct torture_ctx *t)
{
	disposition(t, SMB2_FILE_OPEN_IF, false, STATUS_SUCCESS, SMB2_FILE_CREATED);
}

static void create_open_if_existing(struct torture_ctx *t)
{
	disposition(t, SMB2_FILE_OPEN_IF, true, STATUS_SUCCESS, SMB2_FILE_OPENED);
}

static void create_overwrite_missing(struct torture_ctx *t)
{
	disposition(t, SMB2_FILE_OVERWRITE, false, STATUS_OBJECT_NAME_NOT_FOUND, 0);
}

static void create_overwrite_existing(struct torture_ctx *t)
{
	disposition(t, SMB2_FILE_OVERWRITE, true, STATUS_SUCCESS, SMB2_FILE_OVERWRITTEN);
}

static void create_overwrite_if_missing(struct torture_ctx *t)
{
	disposition(t, SMB2_FILE_OVERWRITE_IF, false, STATUS_SUCCESS, SMB2_FILE_CREATED);
}

static void create_overwrite_if_existing(struct torture_ctx *t)
{
	disposition(t, SMB2_FILE_OVERWRITE_IF, true, STATUS_SUCCESS, SMB2_FILE_OVERWRITTEN);
}

static void create_dir_new_and_open(struct torture_ctx *t)
{
	const char *path = torture_path(t, "d");
	struct cli_open o;

	CHECK_STATUS(t, ct_open(t->tree, path, SMB2_GENERIC_ALL, CT_SHARE_ALL, SMB2_FILE_CREATE,
	                        SMB2_FILE_DIRECTORY_FILE, &o),
	             STATUS_SUCCESS);
	CHECK_VAL(t, o.create_action, SMB2_FILE_CREATED);
	CHECK_TRUE(t, o.file_attributes & SMB2_FILE_ATTRIBUTE_DIRECTORY,
	           "a new directory answers FileAttributes 0x%x without DIRECTORY",
	           o.file_attributes);
	CHECK_STATUS(t, cli_close(t->tree, o.id), STATUS_SUCCESS);
	CHECK_STATUS(t, ct_open(t->tree, path, SMB2_FILE_LIST_DIRECTORY, CT_SHARE_ALL,
	                        SMB2_FILE_OPEN_IF, SMB2_FILE_DIRECTORY_FILE, &o),
	             STATUS_SUCCESS);
	CHECK_VAL(t, o.create_action, SMB2_FILE_OPENED);
	CHECK_STATUS(t, ct_open(t->tree, path, SMB2_FILE_LIST_DIRECTORY, CT_SHARE_ALL,
	                        SMB2_FILE_CREATE, SMB2_FILE_DIRECTORY_FILE, &o),
	             STATUS_OBJECT_NAME_COLLISION);
}

static void create_dir_as_file(struct torture_ctx *t)
{
	const char *path = torture_path(t, "d");
	struct cli_open o;

	ct_make_dir(t, t->tree, path);
	CHECK_STATUS(t, ct_open(t->tree, path, SMB2_FILE_READ_DATA, CT_SHARE_ALL, SMB2_FILE_OPEN,
	                        SMB2_FILE_NON_DIRECTORY_FILE, &o),
	             STATUS_FILE_IS_A_DIRECTORY);
	/* OPEN_IF and CREATE see the directory too: the name is taken. */
	CHECK_STATUS(t, ct_open(t->tree, path, SMB2_FILE_READ_DATA, CT_SHARE_ALL,
	                        SMB2_FILE_OPEN_IF, SMB2_FILE_NON_DIRECTORY_FILE, &o),
	             STATUS_FILE_IS_A_DIRECTORY);
}

static void create_file_as_dir(struct torture_ctx *t)
{
	const char *path = torture_path(t, "f");
	struct cli_open o;

	ct_make_file(t, t->tree, path, 1);
	CHECK_STATUS(t, ct_open(t->tree, path, SMB2_FILE_LIST_DIRECTORY, CT_SHARE_ALL,
	                        SMB2_FILE_OPEN, SMB2_FILE_DIRECTORY_FILE, &o),
	             STATUS_NOT_A_DIRECTORY);
	CHECK_STATUS(t, ct_open(t->tree, path, SMB2_FILE_LIST_DIRECTORY, CT_SHARE_ALL,
	                        SMB2_FILE_OPEN_IF, SMB2_FILE_DIRECTORY_FILE, &o),
	             STATUS_NOT_A_DIRECTORY);
}

/* Neither option: the object decides what is opened. */
static void create_no_type_option(struct torture_ctx *t)
{
	const char *dir = torture_path(t, "d"), *file = torture_path(t, "f");
	struct cli_open o;

	ct_make_dir(t, t->tree, dir);
	ct_make_file(t, t->tree, file, 1);
	CHECK_STATUS(t, ct_open(t->tree, dir, SMB2_FILE_READ_ATTRIBUTES, CT_SHARE_ALL,
	                        SMB2_FILE_OPEN, 0, &o),
	             STATUS_SUCCESS);
	CHECK_TRUE(t, o.file_attributes & SMB2_FILE_ATTRIBUTE_DIRECTORY,
	           "directory opened without options: attributes 0x%x", o.file_attributes);
	CHECK_STATUS(t, ct_open(t->tree, file, SMB2_FILE_READ_ATTRIBUTES, CT_SHARE_ALL,
	                        SMB2_FILE_OPEN, 0, &o),
	             STATUS_SUCCESS);
	CHECK_TRUE(t, !(o.file_attributes & SMB2_FILE_ATTRIBUTE_DIRECTORY),
	           "file opened without options: attributes 0x%x", o.file_attributes);
}

static void create_dir_and_nondir(struct torture_ctx *t)
{
	struct cli_open o;

	CHECK_STATUS(t, ct_open(t->tree, torture_path(t, "x"), SMB2_GENERIC_ALL, CT_SHARE_ALL,
	                        SMB2_FILE_OPEN_IF,
	                        SMB2_FILE_DIRECTORY_FILE | SMB2_FILE_NON_DIRECTORY_FILE, &o),
	             STATUS_INVALID_PARAMETER);
	CHECK_STATUS(t, ct_probe(t->tree, torture_path(t, "x")), STATUS_OBJECT_NAME_NOT_FOUND);
}

/* A directory cannot be superseded or overwritten (MS-FSA 2.1.5.1). */
static void create_dir_truncating_disposition(struct torture_ctx *t)
{
	static const uint32_t disps[] = { SMB2_FILE_SUPERSEDE, SMB2_FILE_OVERWRITE,
	                                  SMB2_FILE_OVERWRITE_IF };
	const char *path = torture_path(t, "d");
	struct cli_open o;

	for (unsigned i = 0; i < sizeof(disps) / sizeof(disps[0]); i++) {
		torture_comment(t, "CreateDisposition %u with FILE_DIRECTORY_FILE", disps[i]);
		CHECK_STATUS(t, ct_open(t->tree, path, SMB2_GENERIC_ALL, CT_SHARE_ALL, disps[i],
		                        SMB2_FILE_DIRECTORY_FILE, &o),
		             STATUS_INVALID_PARAMETER);
	}
	CHECK_STATUS(t, ct_probe(t->tree, path), STATUS_OBJECT_NAME_NOT_FOUND);
}

static void create_path_not_found(struct torture_ctx *t)
{
	const char *file = torture_path(t, "f");
	struct cli_open o;

	CHECK_STATUS(t, ct_open(t->tree, torture_path(t, "missing\\f"), SMB2_GENERIC_ALL,
	                        CT_SHARE_ALL, SMB2_FILE_CREATE, SMB2_FILE_NON_DIRECTORY_FILE, &o),
	             STATUS_OBJECT_PATH_NOT_FOUND);
	CHECK_STATUS(t, ct_open(t->tree, torture_path(t, "missing\\deeper\\f"), SMB2_GENERIC_ALL,
	                        CT_SHARE_ALL, SMB2_FILE_OPEN_IF, 0, &o),
	             STATUS_OBJECT_PATH_NOT_FOUND);
	/* A file in the middle of a path is not a directory to walk
	 * through: the path is not found (MS-FSA 2.1.5.1). */
	ct_make_file(t, t->tree, file, 1);
	CHECK_STATUS(t, ct_open(t->tree, torture_path(t, "f\\g"), SMB2_GENERIC_ALL, CT_SHARE_ALL,
	                        SMB2_FILE_OPEN_IF, 0, &o),
	             STATUS_OBJECT_PATH_NOT_FOUND);
	CHECK_STATUS(t, ct_probe(t->tree, torture_path(t, "missing")),
	             STATUS_OBJECT_NAME_NOT_FOUND);
}

/* The response fields (MS-SMB2 2.2.14) agree with what the file is and
 * with FileNetworkOpenInformation (MS-FSCC 2.4.29) of the same open. */
static void create_response_fields(struct torture_ctx *t)
{
	const char *path = torture_path(t, "f");
	struct smb2_fileinfo fi;
	struct cli_open o;

	CHECK_STATUS(t, ct_open(t->tree, path, SMB2_GENERIC_ALL, CT_SHARE_ALL, SMB2_FILE_CREATE,
	                        SMB2_FILE_NON_DIRECTORY_FILE, &o),
	             STATUS_SUCCESS);
	CHECK_VAL(t, o.end_of_file, 0);
	CHECK_TRUE(t, o.creation_time && o.last_access_time && o.last_write_time && o.change_time,
	           "a new file has a zero time: %llu %llu %llu %llu",
	           (unsigned long long)o.creation_time, (unsigned long long)o.last_access_time,
	           (unsigned long long)o.last_write_time, (unsigned long long)o.change_time);
	/* MS-FSCC 2.6: NORMAL is valid only alone. */
	CHECK_TRUE(t, o.file_attributes != 0 && (!(o.file_attributes & SMB2_FILE_ATTRIBUTE_NORMAL) ||
	                                         o.file_attributes == SMB2_FILE_ATTRIBUTE_NORMAL),
	           "FileAttributes 0x%x", o.file_attributes);
	CHECK_STATUS(t, cli_write(t->tree, o.id, 0, (const uint8_t *)"0123456789", 10),
	             STATUS_SUCCESS);
	CHECK_STATUS(t, ct_query(t, t->tree, o.id, FILE_NETWORK_OPEN_INFORMATION, &fi),
	             STATUS_SUCCESS);
	CHECK_VAL(t, fi.u.network_open.creation_time, o.creation_time);
	CHECK_VAL(t, fi.u.network_open.end_of_file, 10);
	CHECK_STATUS(t, cli_close(t->tree, o.id), STATUS_SUCCESS);

	CHECK_STATUS(t, ct_open(t->tree, path, SMB2_FILE_READ_ATTRIBUTES, CT_SHARE_ALL,
	                        SMB2_FILE_OPEN, 0, &o),
	             STATUS_SUCCESS);
	CHECK_VAL(t, o.create_action, SMB2_FILE_OPENED);
	CHECK_VAL(t, o.end_of_file, 10);
	CHECK_TRUE(t, o.allocation_size >= o.end_of_file || o.allocation_size == 0,
	           "AllocationSize %llu below EndOfFile 10", (unsigned long long)o.allocation_size);
	CHECK_VAL(t, o.creation_time, fi.u.network_open.creation_time);
	CHECK_STATUS(t, ct_query(t, t->tree, o.id, FILE_NETWORK_OPEN_INFORMATION, &fi),
	             STATUS_SUCCESS);
	CHECK_VAL(t, fi.u.network_open.file_attributes, o.file_attributes);
	CHECK_VAL(t, fi.u.network_open.allocation_size, o.allocation_size);
}

/* READONLY given at creation sticks; a later open for writing is denied
 * and one for reading is not (MS-FSA 2.1.5.1.2.1). */
static void create_attr_readonly(struct torture_ctx *t)
{
	const char *path = torture_path(t, "f");
	struct cli_create_args a = {
		.desired_access = SMB2_GENERIC_ALL,
		.file_attributes = SMB2_FILE_ATTRIBUTE_READONLY,
		.share_access = CT_SHARE_ALL,
		.disposition = SMB2_FILE_CREATE,
		.options = SMB2_FILE_NON_DIRECTORY_FILE,
	};
	struct cli_open o;

	CHECK_STATUS(t, cli_create(t->tree, path, &a, &o), STATUS_SUCCESS);
	CHECK_TRUE(t, o.file_attributes & SMB2_FILE_ATTRIBUTE_READONLY,
	           "created with READONLY, answered 0x%x", o.file_attributes);
	CHECK_STATUS(t, cli_close(t->tree, o.id), STATUS_SUCCESS);
	CHECK_STATUS(t, ct_open(t->tree, path, SMB2_FILE_WRITE_DATA, CT_SHARE_ALL, SMB2_FILE_OPEN,
	                        0, &o),
	             STATUS_ACCESS_DENIED);
	CHECK_STATUS(t, ct_open(t->tree, path, SMB2_FILE_APPEND_DATA, CT_SHARE_ALL,
	                        SMB2_FILE_OPEN, 0, &o),
	             STATUS_ACCESS_DENIED);
	CHECK_STATUS(t, ct_open(t->tree, path, SMB2_FILE_READ_DATA, CT_SHARE_ALL, SMB2_FILE_OPEN,
	                        0, &o),
	             STATUS_SUCCESS);
	CHECK_TRUE(t, o.file_attributes & SMB2_FILE_ATTRIBUTE_READONLY,
	           "reopened READONLY file answers 0x%x", o.file_attributes);
}

/* HIDDEN given at creation sticks; overwriting the file without asking
 * for HIDDEN again is denied, with it allowed (MS-FSA 2.1.5.1.2). */
static void create_attr_hidden(struct torture_ctx *t)
{
	const char *path = torture_path(t, "f");
	struct cli_create_args a = {
		.desired_access = SMB2_GENERIC_ALL,
		.file_attributes = SMB2_FILE_ATTRIBUTE_HIDDEN,
		.share_access = CT_SHARE_ALL,
		.disposition = SMB2_FILE_CREATE,
		.options = SMB2_FILE_NON_DIRECTORY_FILE,
	};
	struct cli_open o;

	CHECK_STATUS(t, cli_create(t->tree, path, &a, &o), STATUS_SUCCESS);
	CHECK_TRUE(t, o.file_attributes & SMB2_FILE_ATTRIBUTE_HIDDEN,
	           "created with HIDDEN, answered 0x%x", o.file_attributes);
	CHECK_STATUS(t, cli_close(t->tree, o.id), STATUS_SUCCESS);
	a.disposition = SMB2_FILE_OVERWRITE_IF;
	a.file_attributes = SMB2_FILE_ATTRIBUTE_NORMAL;
	CHECK_STATUS(t, cli_create(t->tree, path, &a, &o), STATUS_ACCESS_DENIED);
	a.file_attributes = SMB2_FILE_ATTRIBUTE_HIDDEN;
	CHECK_STATUS(t, cli_create(t->tree, path, &a, &o), STATUS_SUCCESS);
	CHECK_VAL(t, o.create_action, SMB2_FILE_OVERWRITTEN);
	CHECK_TRUE(t, o.file_attributes & SMB2_FILE_ATTRIBUTE_HIDDEN,
	           "overwritten with HIDDEN, answered 0x%x", o.file_attributes);
}

#define FSA_NEW "MS-SMB2 3.3.5.9; MS-SMB2 2.2.14; MS-FSA 2.1.5.1.1"
#define FSA_OLD "MS-SMB2 3.3.5.9; MS-SMB2 2.2.14; MS-FSA 2.1.5.1.2"

static const struct torture_test tests[] = {
	TORTURE_TEST(create_supersede_missing, FSA_NEW,
	             "SUPERSEDE of a missing file creates it (FILE_CREATED)"),
	TORTURE_TEST(create_supersede_existing, FSA_OLD,
	             "SUPERSEDE of an existing file replaces it (FILE_SUPERSEDED, EndOfFile 0)"),
	TORTURE_TEST(create_open_missing, FSA_NEW,
	             "OPEN of a missing file is STATUS_OBJECT_NAME_NOT_FOUND and creates nothing"),
	TORTURE_TEST(create_open_existing, FSA_OLD,
	             "OPEN of an existing file opens it with its data (FILE_OPENED)"),
	TORTURE_TEST(create_create_missing, FSA_NEW,
	             "CREATE of a missing file creates it (FILE_CREATED)"),
	TORTURE_TEST(create_create_existing, FSA_OLD,
	             "CREATE of an existing file is STATUS_OBJECT_NAME_COLLISION, data kept"),
	TORTURE_TEST(create_open_if_missing, FSA_NEW,
	             "OPEN_IF of a missing file creates it (FILE_CREATED)"),
	TORTURE_TEST(create_open_if_existing, FSA_OLD,
	             "OPEN_IF of an existing file opens it with its data (FILE_OPENED)"),
	TORTURE_TEST(create_overwrite_missing, FSA_NEW,
	             "OVERWRITE of a missing file is STATUS_OBJECT_NAME_NOT_FOUND"),
	TORTURE_TEST(create_overwrite_existing, FSA_OLD,
	             "OVERWRITE of an existing file truncates it (FILE_OVERWRITTEN)"),
	TORTURE_TEST(create_overwrite_if_missing, FSA_NEW,
	             "OVERWRITE_IF of a missing file creates it (FILE_CREATED)"),
	TORTURE_TEST(create_overwrite_if_existing, FSA_OLD,
	             "OVERWRITE_IF of an existing file truncates it (FILE_OVERWRITTEN)"),
	TORTURE_TEST(create_dir_new_and_open, "MS-SMB2 3.3.5.9; MS-FSA 2.1.5.1.1; MS-FSA 2.1.5.1.2",
	             "a directory is created (DIRECTORY attribute), reopened, and a second "
	             "CREATE collides"),
	TORTURE_TEST(create_dir_as_file, "MS-SMB2 3.3.5.9; MS-FSA 2.1.5.1.2",
	             "FILE_NON_DIRECTORY_FILE on a directory is STATUS_FILE_IS_A_DIRECTORY"),
	TORTURE_TEST(create_file_as_dir, "MS-SMB2 3.3.5.9; MS-FSA 2.1.5.1.2",
	             "FILE_DIRECTORY_FILE on a file is STATUS_NOT_A_DIRECTORY"),
	TORTURE_TEST(create_no_type_option, "MS-SMB2 2.2.13; MS-FSA 2.1.5.1.2",
	             "without DIRECTORY/NON_DIRECTORY options a directory and a file both open"),
	TORTURE_TEST(create_dir_and_nondir, "MS-SMB2 2.2.13; MS-FSA 2.1.5.1",
	             "FILE_DIRECTORY_FILE with FILE_NON_DIRECTORY_FILE is STATUS_INVALID_PARAMETER"),
	TORTURE_TEST(create_dir_truncating_disposition, "MS-FSA 2.1.5.1; MS-SMB2 3.3.5.9",
	             "FILE_DIRECTORY_FILE with SUPERSEDE, OVERWRITE or OVERWRITE_IF is "
	             "STATUS_INVALID_PARAMETER"),
	TORTURE_TEST(create_path_not_found, "MS-FSA 2.1.5.1; MS-SMB2 3.3.5.9",
	             "a missing or non-directory parent is STATUS_OBJECT_PATH_NOT_FOUND"),
	TORTURE_TEST(create_response_fields, "MS-SMB2 2.2.14; MS-FSCC 2.4.29; MS-FSCC 2.6",
	             "times, sizes and attributes of the response match the file and "
	             "FileNetworkOpenInformation"),
	TORTURE_TEST(create_attr_readonly, "MS-SMB2 2.2.13; MS-FSA 2.1.5.1.1; MS-FSA 2.1.5.1.2.1",
	             "READONLY at creation sticks; opening for write is then STATUS_ACCESS_DENIED"),
	TORTURE_TEST(create_attr_hidden, "MS-SMB2 2.2.13; MS-FSA 2.1.5.1.2",
	             "HIDDEN at creation sticks; overwriting without HIDDEN is "
	             "STATUS_ACCESS_DENIED, with it allowed"),
};

TORTURE_SUITE(create_suite, "create", "CREATE dispositions, types, paths and attributes", tests)
