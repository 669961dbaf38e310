/*
 * SET_INFO FileRenameInformation (MS-SMB2 3.3.5.21.1, MS-FSCC 2.4.41,
 * MS-FSA 2.1.5.15.11): within a directory and into another, onto an
 * existing name with and without ReplaceIfExists, onto a name that is
 * open, names that are invalid or in a missing directory, the access and
 * sharing it needs, and malformed FILE_RENAME_INFORMATION_TYPE_2 buffers.
 */
#include "torture/suites/info_util.h"

/* MS-FSCC 2.4.41.2: ReplaceIfExists, Reserved[7], RootDirectory (8),
 * FileNameLength (4), then FileName. */
#define RENAME_FIXED 20

static void must_exist(struct torture_ctx *t, const char *path, bool exists)
{
	struct cli_open o;
	NTSTATUS st = info_open(t, t->tree, path, SMB2_FILE_READ_ATTRIBUTES, INFO_SHARE_ALL,
	                        SMB2_FILE_OPEN, 0, &o);

	if (exists) {
		CHECK_STATUS(t, st, STATUS_SUCCESS);
		CHECK_STATUS(t, cli_close(t->tree, o.id), STATUS_SUCCESS);
	} else {
		CHECK_STATUS(t, st, STATUS_OBJECT_NAME_NOT_FOUND);
	}
}

/* Open path for renaming: DELETE and attributes, full sharing. */
static void open_for_rename(struct torture_ctx *t, const char *path, struct cli_open *o)
{
	CHECK_STATUS(t, info_open(t, t->tree, path,
	                          SMB2_DELETE | SMB2_FILE_READ_ATTRIBUTES | SMB2_FILE_READ_DATA,
	                          INFO_SHARE_ALL, SMB2_FILE_OPEN, 0, o),
	             STATUS_SUCCESS);
}

/* A raw FILE_RENAME_INFORMATION_TYPE_2: FileNameLength `declared`, the
 * name bytes, `len` bytes in all (memory from the fixture). */
static uint8_t *rename_buf(struct torture_ctx *t, uint8_t replace, uint64_t root,
                           struct smb2_blob name, uint32_t declared, uint32_t *len)
{
	uint8_t *b = torture_alloc(t, RENAME_FIXED + name.len);

	b[0] = replace;
	put_le64(b + 8, root);
	put_le32(b + 16, declared);
	memcpy(b + RENAME_FIXED, name.p, name.len);
	*len = RENAME_FIXED + name.len;
	return b;
}

static void same_dir(struct torture_ctx *t)
{
	struct smb2_fileinfo fi;
	struct cli_open o;

	info_new_file(t, t->tree, torture_path(t, "old.txt"), 33, &o);
	CHECK_STATUS(t, cli_close(t->tree, o.id), STATUS_SUCCESS);
	open_for_rename(t, torture_path(t, "old.txt"), &o);
	CHECK_STATUS(t, cli_rename(t->tree, o.id, torture_path(t, "new.txt"), false), STATUS_SUCCESS);
	must_exist(t, torture_path(t, "old.txt"), false);
	must_exist(t, torture_path(t, "new.txt"), true);
	/* The open follows the file. */
	info_file(t, t->tree, o.id, FILE_STANDARD_INFORMATION, &fi);
	CHECK_VAL(t, fi.u.standard.end_of_file, 33);
}

static void other_dir(struct torture_ctx *t)
{
	struct cli_open o, d;

	CHECK_STATUS(t, torture_create_dir(t, t->tree, torture_path(t, "sub"), &d), STATUS_SUCCESS);
	CHECK_STATUS(t, cli_close(t->tree, d.id), STATUS_SUCCESS);
	CHECK_STATUS(t, torture_create_file(t, t->tree, torture_path(t, "f"), &o), STATUS_SUCCESS);
	CHECK_STATUS(t, cli_close(t->tree, o.id), STATUS_SUCCESS);
	open_for_rename(t, torture_path(t, "f"), &o);
	CHECK_STATUS(t, cli_rename(t->tree, o.id, torture_path(t, "sub\\moved"), false),
	             STATUS_SUCCESS);
	must_exist(t, torture_path(t, "f"), false);
	must_exist(t, torture_path(t, "sub\\moved"), true);
	/* And a directory moves the same way. */
	CHECK_STATUS(t, info_open(t, t->tree, torture_path(t, "sub"),
	                          SMB2_DELETE | SMB2_FILE_READ_ATTRIBUTES, INFO_SHARE_ALL,
	                          SMB2_FILE_OPEN, SMB2_FILE_DIRECTORY_FILE, &d),
	             STATUS_SUCCESS);
	CHECK_STATUS(t, cli_close(t->tree, o.id), STATUS_SUCCESS);
	CHECK_STATUS(t, cli_rename(t->tree, d.id, torture_path(t, "sub2"), false), STATUS_SUCCESS);
	must_exist(t, torture_path(t, "sub2\\moved"), true);
}

static void collision(struct torture_ctx *t)
{
	struct smb2_fileinfo fi;
	struct cli_open a, b;

	info_new_file(t, t->tree, torture_path(t, "a"), 10, &a);
	info_new_file(t, t->tree, torture_path(t, "b"), 20, &b);
	CHECK_STATUS(t, cli_close(t->tree, a.id), STATUS_SUCCESS);
	CHECK_STATUS(t, cli_close(t->tree, b.id), STATUS_SUCCESS);
	open_for_rename(t, torture_path(t, "a"), &a);
	/* MS-FSCC 2.4.41: the name exists and ReplaceIfExists is zero. */
	CHECK_STATUS(t, cli_rename(t->tree, a.id, torture_path(t, "b"), false),
	             STATUS_OBJECT_NAME_COLLISION);
	must_exist(t, torture_path(t, "a"), true);
	CHECK_STATUS(t, info_open(t, t->tree, torture_path(t, "b"), SMB2_FILE_READ_ATTRIBUTES,
	                          INFO_SHARE_ALL, SMB2_FILE_OPEN, 0, &b),
	             STATUS_SUCCESS);
	info_file(t, t->tree, b.id, FILE_STANDARD_INFORMATION, &fi);
	CHECK_VAL(t, fi.u.standard.end_of_file, 20);
}

static void replace(struct torture_ctx *t)
{
	struct smb2_fileinfo fi;
	struct cli_open a, b;

	info_new_file(t, t->tree, torture_path(t, "a"), 10, &a);
	info_new_file(t, t->tree, torture_path(t, "b"), 20, &b);
	CHECK_STATUS(t, cli_close(t->tree, a.id), STATUS_SUCCESS);
	CHECK_STATUS(t, cli_close(t->tree, b.id), STATUS_SUCCESS);
	open_for_rename(t, torture_path(t, "a"), &a);
	CHECK_STATUS(t, cli_rename(t->tree, a.id, torture_path(t, "b"), true), STATUS_SUCCESS);
	must_exist(t, torture_path(t, "a"), false);
	/* b is now a's data. */
	CHECK_STATUS(t, info_open(t, t->tree, torture_path(t, "b"), SMB2_FILE_READ_ATTRIBUTES,
	                          INFO_SHARE_ALL, SMB2_FILE_OPEN, 0, &b),
	             STATUS_SUCCESS);
	info_file(t, t->tree, b.id, FILE_STANDARD_INFORMATION, &fi);
	CHECK_VAL(t, fi.u.standard.end_of_file, 10);
}

static void replace_open_target(struct torture_ctx *t)
{
	struct cli_open a, b;

	CHECK_STATUS(t, torture_create_file(t, t->tree, torture_path(t, "a"), &a), STATUS_SUCCESS);
	CHECK_STATUS(t, torture_create_file(t, t->tree, torture_path(t, "b"), &b), STATUS_SUCCESS);
	CHECK_STATUS(t, cli_close(t->tree, a.id), STATUS_SUCCESS);
	open_for_rename(t, torture_path(t, "a"), &a);
	/* MS-FSCC 2.4.41: the target is open and ReplaceIfExists is set. */
	CHECK_STATUS(t, cli_rename(t->tree, a.id, torture_path(t, "b"), true), STATUS_ACCESS_DENIED);
	must_exist(t, torture_path(t, "a"), true);
}

static void sharing_violation(struct torture_ctx *t)
{
	const char *path = torture_path(t, "f");
	struct cli_tree *tree2;
	struct cli_open o, other;

	CHECK_STATUS(t, torture_create_file(t, t->tree, path, &o), STATUS_SUCCESS);
	CHECK_STATUS(t, cli_close(t->tree, o.id), STATUS_SUCCESS);
	/* Another client holds the file without FILE_SHARE_DELETE. */
	CHECK_STATUS(t, torture_open_client(t, NULL, NULL, NULL, &tree2), STATUS_SUCCESS);
	CHECK_STATUS(t, info_open(t, tree2, path, SMB2_FILE_READ_DATA,
	                          SMB2_FILE_SHARE_READ | SMB2_FILE_SHARE_WRITE, SMB2_FILE_OPEN, 0,
	                          &other),
	             STATUS_SUCCESS);
	/* MS-FSA 2.1.5.1.2: the DELETE access a rename needs conflicts with
	 * that open's sharing. */
	CHECK_STATUS(t, info_open(t, t->tree, path, SMB2_DELETE | SMB2_FILE_READ_ATTRIBUTES,
	                          INFO_SHARE_ALL, SMB2_FILE_OPEN, 0, &o),
	             STATUS_SHARING_VIOLATION);
	/* Once it is closed the rename goes through. */
	CHECK_STATUS(t, cli_close(tree2, other.id), STATUS_SUCCESS);
	open_for_rename(t, path, &o);
	CHECK_STATUS(t, cli_rename(t->tree, o.id, torture_path(t, "g"), false), STATUS_SUCCESS);
}

static void no_delete_access(struct torture_ctx *t)
{
	const char *path = torture_path(t, "f");
	struct cli_open o;

	CHECK_STATUS(t, torture_create_file(t, t->tree, path, &o), STATUS_SUCCESS);
	CHECK_STATUS(t, info_open(t, t->tree, path,
	                          SMB2_FILE_READ_DATA | SMB2_FILE_WRITE_DATA |
	                                  SMB2_FILE_READ_ATTRIBUTES | SMB2_FILE_WRITE_ATTRIBUTES,
	                          INFO_SHARE_ALL, SMB2_FILE_OPEN, 0, &o),
	             STATUS_SUCCESS);
	/* 3.3.5.21.1: a rename needs DELETE. */
	CHECK_STATUS(t, cli_rename(t->tree, o.id, torture_path(t, "g"), false), STATUS_ACCESS_DENIED);
	must_exist(t, path, true);
	must_exist(t, torture_path(t, "g"), false);
}

static void invalid_name(struct torture_ctx *t)
{
	static const char *const bad[] = { "a<b", "a>b", "a|b", "a\"b", "a*b", "a?b" };
	struct cli_open o;

	CHECK_STATUS(t, torture_create_file(t, t->tree, torture_path(t, "f"), &o), STATUS_SUCCESS);
	CHECK_STATUS(t, cli_close(t->tree, o.id), STATUS_SUCCESS);
	open_for_rename(t, torture_path(t, "f"), &o);
	/* MS-FSCC 2.1.5: characters a file name cannot hold. */
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		torture_comment(t, "new name \"%s\"", bad[i]);
		CHECK_STATUS(t, cli_rename(t->tree, o.id, torture_path(t, "%s", bad[i]), false),
		             STATUS_OBJECT_NAME_INVALID);
	}
	/* Into a directory that does not exist. */
	CHECK_STATUS(t, cli_rename(t->tree, o.id, torture_path(t, "missing\\g"), false),
	             STATUS_OBJECT_PATH_NOT_FOUND);
	must_exist(t, torture_path(t, "f"), true);
}

/* Open f for renaming; *name is the UTF-16 of the would-be new name g. */
static void rename_setup(struct torture_ctx *t, struct cli_open *o, struct smb2_blob *name)
{
	CHECK_STATUS(t, torture_create_file(t, t->tree, torture_path(t, "f"), o), STATUS_SUCCESS);
	CHECK_STATUS(t, cli_close(t->tree, o->id), STATUS_SUCCESS);
	open_for_rename(t, torture_path(t, "f"), o);
	*name = info_u16(t, torture_path(t, "g"));
}

static NTSTATUS rename_raw(struct torture_ctx *t, struct smb2_fileid fid, const uint8_t *b,
                           uint32_t len)
{
	return info_set_raw(t, t->tree, fid, SMB2_0_INFO_FILE, FILE_RENAME_INFORMATION, 0, b, len);
}

static void root_directory(struct torture_ctx *t)
{
	struct smb2_blob name;
	struct cli_open o;
	uint8_t *b;
	uint32_t len;

	rename_setup(t, &o, &name);
	/* 3.3.5.21.1: RootDirectory MUST be zero over SMB2. */
	b = rename_buf(t, 0, 0x1234, name, name.len, &len);
	CHECK_STATUS(t, rename_raw(t, o.id, b, len), STATUS_INVALID_PARAMETER);
	must_exist(t, torture_path(t, "f"), true);
	must_exist(t, torture_path(t, "g"), false);
}

static void name_length(struct torture_ctx *t)
{
	struct smb2_blob name;
	struct cli_open o;
	uint8_t *b;
	uint32_t len;

	rename_setup(t, &o, &name);
	/* MS-FSA 2.1.5.15.11: FileNameLength zero, odd, or past the buffer. */
	b = rename_buf(t, 0, 0, name, 0, &len);
	CHECK_STATUS(t, rename_raw(t, o.id, b, len), STATUS_INVALID_PARAMETER);
	b = rename_buf(t, 0, 0, name, name.len - 1, &len);
	CHECK_STATUS(t, rename_raw(t, o.id, b, len), STATUS_INVALID_PARAMETER);
	b = rename_buf(t, 0, 0, name, name.len + 2, &len);
	CHECK_STATUS(t, rename_raw(t, o.id, b, len), STATUS_INVALID_PARAMETER);
	must_exist(t, torture_path(t, "f"), true);
	must_exist(t, torture_path(t, "g"), false);
}

static void short_buffer(struct torture_ctx *t)
{
	struct smb2_blob name;
	struct cli_open o;
	uint8_t *b;
	uint32_t len;

	rename_setup(t, &o, &name);
	b = rename_buf(t, 0, 0, name, name.len, &len);
	/* 3.3.5.21.1: shorter than FILE_RENAME_INFORMATION_TYPE_2. */
	CHECK_STATUS(t, rename_raw(t, o.id, b, 10), STATUS_INFO_LENGTH_MISMATCH);
	must_exist(t, torture_path(t, "f"), true);
}

#define R "MS-SMB2 3.3.5.21.1; MS-FSCC 2.4.41; MS-FSA 2.1.5.15.11"

static const struct torture_test tests[] = {
	TORTURE_TEST(same_dir, R, "rename within the directory: old name gone, new there, open follows"),
	TORTURE_TEST(other_dir, R, "a file into another directory, then that directory renamed"),
	TORTURE_TEST(collision, R,
	             "onto an existing name without ReplaceIfExists: OBJECT_NAME_COLLISION, both kept"),
	TORTURE_TEST(replace, R, "onto an existing name with ReplaceIfExists: the target replaced"),
	TORTURE_TEST(replace_open_target, R,
	             "ReplaceIfExists onto a name that is open: STATUS_ACCESS_DENIED"),
	TORTURE_TEST(sharing_violation, R "; MS-FSA 2.1.5.1.2",
	             "another open without FILE_SHARE_DELETE: the DELETE open gets SHARING_VIOLATION"),
	TORTURE_TEST(no_delete_access, R, "an open without DELETE: STATUS_ACCESS_DENIED"),
	TORTURE_TEST(invalid_name, R "; MS-FSCC 2.1.5",
	             "invalid characters: OBJECT_NAME_INVALID; a missing directory: OBJECT_PATH_NOT_FOUND"),
	TORTURE_TEST(root_directory, R, "RootDirectory not zero: STATUS_INVALID_PARAMETER"),
	TORTURE_TEST(name_length, R,
	             "FileNameLength zero, odd or past the buffer: STATUS_INVALID_PARAMETER"),
	TORTURE_TEST(short_buffer, R,
	             "a buffer shorter than FILE_RENAME_INFORMATION_TYPE_2: INFO_LENGTH_MISMATCH"),
};

TORTURE_SUITE(setinfo_rename_suite, "setinfo_rename", "SET_INFO: FileRenameInformation", tests)
