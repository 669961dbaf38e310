/*
 * sim-server/vfs, operations on what was opened: I/O, sizes, attributes
 * and times; rename and delete; directory enumeration; file-system
 * information; the errno table.  Each test runs in a fresh temporary
 * directory holding share/ and outside/secret (vfs_util.h).
 */
#define _GNU_SOURCE
#include "vfs_util.h"

/* ---- data ---------------------------------------------------------------- */

static void test_read_write_truncate(void **state)
{
	struct fx *fx = *state;
	struct vfs_file *f;
	uint32_t action;
	assert_status(do_create(fx, "rw", SMB2_FILE_CREATE, 0, true, &f, &action), STATUS_SUCCESS);
	size_t n = 0;
	assert_status(vfs_pwrite(f, "hello world", 11, 0, &n), STATUS_SUCCESS);
	assert_int_equal(n, 11);
	char buf[256];
	assert_status(vfs_pread(f, buf, 5, 6, &n), STATUS_SUCCESS);
	assert_int_equal(n, 5);
	assert_memory_equal(buf, "world", 5);
	assert_status(vfs_pread(f, buf, 5, 11, &n), STATUS_END_OF_FILE);
	assert_status(vfs_pread(f, buf, 5, 1000, &n), STATUS_END_OF_FILE);
	assert_status(vfs_pread(f, buf, 0, 1000, &n), STATUS_SUCCESS);
	assert_status(vfs_pread(f, buf, 5, UINT64_C(1) << 63, &n), STATUS_INVALID_PARAMETER);
	assert_status(vfs_pwrite(f, "!", 1, VFS_WRITE_TO_EOF, &n), STATUS_SUCCESS);
	assert_status(vfs_pwrite(f, "x", 1, (UINT64_C(1) << 63) - 1, &n),
	              STATUS_INVALID_PARAMETER);
	assert_status(vfs_pwrite(f, "z", 1, 20, &n), STATUS_SUCCESS);
	assert_status(vfs_pread(f, buf, sizeof(buf), 0, &n), STATUS_SUCCESS);
	assert_int_equal(n, 21);
	assert_memory_equal(buf, "hello world!\0\0\0\0\0\0\0\0z", 21);
	struct vfs_stat vs;
	assert_status(vfs_set_eof(f, 5), STATUS_SUCCESS);
	assert_status(vfs_fstat(f, &vs), STATUS_SUCCESS);
	assert_int_equal(vs.end_of_file, 5);
	assert_status(vfs_set_eof(f, 4096), STATUS_SUCCESS);
	assert_status(vfs_fstat(f, &vs), STATUS_SUCCESS);
	assert_int_equal(vs.end_of_file, 4096);
	assert_status(vfs_set_allocation(f, 100), STATUS_SUCCESS);   /* below EOF: truncates */
	assert_status(vfs_fstat(f, &vs), STATUS_SUCCESS);
	assert_int_equal(vs.end_of_file, 100);
	assert_status(vfs_set_allocation(f, 65536), STATUS_SUCCESS); /* above: size kept */
	assert_status(vfs_fstat(f, &vs), STATUS_SUCCESS);
	assert_int_equal(vs.end_of_file, 100);
	assert_true(vs.allocation_size >= 100);
	assert_status(vfs_set_eof(f, UINT64_MAX), STATUS_INVALID_PARAMETER);
	assert_status(vfs_flush(f), STATUS_SUCCESS);
	vfs_close(f);
	/* a read-only open cannot write or truncate */
	assert_status(do_create(fx, "rw", SMB2_FILE_OPEN, 0, false, &f, &action), STATUS_SUCCESS);
	assert_status(vfs_pwrite(f, "x", 1, 0, &n), STATUS_ACCESS_DENIED);
	assert_status(vfs_set_eof(f, 0), STATUS_ACCESS_DENIED);
	vfs_close(f);
	/* directories have no data */
	assert_status(do_create(fx, "", SMB2_FILE_OPEN, 0, false, &f, &action), STATUS_SUCCESS);
	assert_status(vfs_pread(f, buf, 1, 0, &n), STATUS_INVALID_DEVICE_REQUEST);
	assert_status(vfs_pwrite(f, "x", 1, 0, &n), STATUS_INVALID_DEVICE_REQUEST);
	assert_status(vfs_set_eof(f, 0), STATUS_INVALID_PARAMETER);
	vfs_close(f);
}

static void test_readonly_and_times(void **state)
{
	struct fx *fx = *state;
	struct vfs_create_args a = { SMB2_FILE_CREATE, 0, SMB2_FILE_ATTRIBUTE_READONLY, true };
	uint8_t name[] = { 'r', 0, 'o', 0 };
	struct vfs_file *f;
	uint32_t action;
	assert_status(vfs_create(fx->s, name, sizeof(name), &a, &f, &action), STATUS_SUCCESS);
	struct vfs_stat vs;
	assert_status(vfs_fstat(f, &vs), STATUS_SUCCESS);
	assert_int_equal(vs.attributes, SMB2_FILE_ATTRIBUTE_ARCHIVE | SMB2_FILE_ATTRIBUTE_READONLY);
	vfs_close(f);
	assert_status(try_open(fx, "ro", SMB2_FILE_OPEN, true), STATUS_ACCESS_DENIED);
	assert_status(try_open(fx, "ro", SMB2_FILE_OVERWRITE, false), STATUS_ACCESS_DENIED);
	assert_status(try_open(fx, "ro", SMB2_FILE_OPEN, false), STATUS_SUCCESS);

	assert_status(do_create(fx, "ro", SMB2_FILE_OPEN, 0, false, &f, &action), STATUS_SUCCESS);
	struct vfs_stat before;
	assert_status(vfs_fstat(f, &before), STATUS_SUCCESS);
	/* 0 and -1 change nothing; attributes 0 keep READONLY */
	struct smb2_fi_basic b = { 0, 0, VFS_TIME_NO_CHANGE_1, 0, 0 };
	assert_status(vfs_set_basic(f, &b), STATUS_SUCCESS);
	assert_status(vfs_fstat(f, &vs), STATUS_SUCCESS);
	assert_int_equal(vs.last_write_time, before.last_write_time);
	assert_int_equal(vs.last_access_time, before.last_access_time);
	assert_true(vs.attributes & SMB2_FILE_ATTRIBUTE_READONLY);
	/* a time set is read back to the 100 ns */
	uint64_t t = UINT64_C(132223104001234567); /* 2020-01-01 plus a fraction */
	b.last_write_time = t;
	b.last_access_time = t + 10;
	b.file_attributes = SMB2_FILE_ATTRIBUTE_NORMAL;
	assert_status(vfs_set_basic(f, &b), STATUS_SUCCESS);
	assert_status(vfs_fstat(f, &vs), STATUS_SUCCESS);
	assert_int_equal(vs.last_write_time, t);
	assert_int_equal(vs.last_access_time, t + 10);
	assert_int_equal(vs.attributes, SMB2_FILE_ATTRIBUTE_ARCHIVE);
	b.file_attributes = SMB2_FILE_ATTRIBUTE_DIRECTORY;
	assert_status(vfs_set_basic(f, &b), STATUS_INVALID_PARAMETER);
	vfs_close(f);
	assert_status(try_open(fx, "ro", SMB2_FILE_OPEN, true), STATUS_SUCCESS);
}

/* MS-FSA 2.1.5.15.2: CreationTime and ChangeTime set and kept (extended
 * attributes), ChangeTime given up once the data changes, times below -2
 * refused, LastWriteTime kept through writes after a set or -1 and
 * updated again after -2; the creation time also in a directory listing
 * (stat through an O_PATH descriptor). */
static void test_set_times(void **state)
{
	struct fx *fx = *state;
	const uint64_t t2001 = UINT64_C(126256467060000000);
	struct smb2_fi_basic b = { 0 };
	struct vfs_stat vs;
	struct vfs_file *f, *d;
	struct vfs_dir *dir;
	struct vfs_dirent *e;
	uint32_t action;
	size_t n = 0;
	bool seen = false;

	assert_status(do_create(fx, "t", SMB2_FILE_CREATE, 0, true, &f, &action), STATUS_SUCCESS);
	b.creation_time = t2001;
	b.change_time = t2001 + 10;
	assert_status(vfs_set_basic(f, &b), STATUS_SUCCESS);
	assert_status(vfs_fstat(f, &vs), STATUS_SUCCESS);
	assert_int_equal(vs.creation_time, t2001);
	assert_int_equal(vs.change_time, t2001 + 10);
	/* Below -2: refused, nothing changed. */
	b.creation_time = UINT64_C(0xFFFFFFFFFFFFFFFD);
	b.change_time = 0;
	assert_status(vfs_set_basic(f, &b), STATUS_INVALID_PARAMETER);
	b.creation_time = 0;
	b.last_write_time = UINT64_C(0x8000000000000000);
	assert_status(vfs_set_basic(f, &b), STATUS_INVALID_PARAMETER);
	assert_status(vfs_fstat(f, &vs), STATUS_SUCCESS);
	assert_int_equal(vs.creation_time, t2001);
	/* A write moves the change time on; the creation time stays. */
	assert_false(f->keep_mtime);
	assert_status(vfs_pwrite(f, "abc", 3, 0, &n), STATUS_SUCCESS);
	assert_status(vfs_fstat(f, &vs), STATUS_SUCCESS);
	assert_int_equal(vs.creation_time, t2001);
	assert_true(vs.change_time != t2001 + 10);
	assert_true(vs.last_write_time != t2001);
	/* LastWriteTime set: kept through writes and size changes. */
	b.last_write_time = t2001;
	assert_status(vfs_set_basic(f, &b), STATUS_SUCCESS);
	assert_true(f->keep_mtime);
	assert_status(vfs_pwrite(f, "d", 1, 3, &n), STATUS_SUCCESS);
	assert_status(vfs_set_eof(f, 100), STATUS_SUCCESS);
	assert_status(vfs_set_allocation(f, 10), STATUS_SUCCESS);
	assert_status(vfs_fstat(f, &vs), STATUS_SUCCESS);
	assert_int_equal(vs.last_write_time, t2001);
	assert_int_equal(vs.end_of_file, 10);
	/* -2 resumes updates; -1 stops them again. */
	b.last_write_time = VFS_TIME_NO_CHANGE_2;
	assert_status(vfs_set_basic(f, &b), STATUS_SUCCESS);
	assert_false(f->keep_mtime);
	assert_status(vfs_pwrite(f, "e", 1, 0, &n), STATUS_SUCCESS);
	assert_status(vfs_fstat(f, &vs), STATUS_SUCCESS);
	assert_true(vs.last_write_time != t2001);
	b.last_write_time = VFS_TIME_NO_CHANGE_1;
	assert_status(vfs_set_basic(f, &b), STATUS_SUCCESS);
	assert_true(f->keep_mtime);
	vfs_close(f);

	/* A new open reports the creation time; so does a listing. */
	assert_status(do_create(fx, "t", SMB2_FILE_OPEN, 0, false, &f, &action), STATUS_SUCCESS);
	assert_false(f->keep_mtime);
	assert_status(vfs_fstat(f, &vs), STATUS_SUCCESS);
	assert_int_equal(vs.creation_time, t2001);
	vfs_close(f);
	assert_status(do_create(fx, "", SMB2_FILE_OPEN, D, false, &d, &action), STATUS_SUCCESS);
	assert_status(vfs_dir_open(fx->s, d, &dir), STATUS_SUCCESS);
	e = malloc(sizeof(*e));
	assert_non_null(e);
	while (vfs_dir_next(dir, e) == STATUS_SUCCESS) {
		if (!strcmp(e->name, "t")) {
			assert_int_equal(e->st.creation_time, t2001);
			seen = true;
		}
	}
	assert_true(seen);
	free(e);
	vfs_dir_free(dir);
	vfs_close(d);
}

static void test_nt_time(void **state)
{
	(void)state;
	struct timespec epoch = { 0, 0 };
	assert_int_equal(vfs_timespec_to_nt(epoch), UINT64_C(116444736000000000));
	struct timespec y2k = { 946684800, 500 };
	assert_int_equal(vfs_timespec_to_nt(y2k), UINT64_C(125911584000000005));
	struct timespec ts = vfs_nt_to_timespec(UINT64_C(125911584000000005));
	assert_int_equal(ts.tv_sec, 946684800);
	assert_int_equal(ts.tv_nsec, 500);
	struct timespec pre = { -11644473601, 0 };
	assert_int_equal(vfs_timespec_to_nt(pre), 0);
	uint64_t samples[] = { 0, 1, 9999999, UINT64_C(116444736000000000),
	                       UINT64_C(132223104001234567), UINT64_C(0x7FFFFFFFFFFFFFFF) };
	for (size_t i = 0; i < sizeof(samples) / sizeof(samples[0]); i++)
		assert_int_equal(vfs_timespec_to_nt(vfs_nt_to_timespec(samples[i])), samples[i]);
}

/* ---- rename and delete ----------------------------------------------------- */

static NTSTATUS do_rename(struct fx *fx, struct vfs_file *f, const char *to, bool replace)
{
	uint8_t *u16 = NULL;
	size_t len = 0;
	assert_status(utf8_to_utf16le_alloc(to, strlen(to), &u16, &len), STATUS_SUCCESS);
	NTSTATUS st = vfs_rename(fx->s, f, u16, len, replace);
	free(u16);
	return st;
}

static void test_rename(void **state)
{
	struct fx *fx = *state;
	sh_file(fx, "a", "A");
	sh_file(fx, "b", "B");
	sh_mkdir(fx, "d");
	sh_symlink(fx, "../outside", "up1");
	struct vfs_file *f;
	uint32_t action;
	assert_status(do_create(fx, "a", SMB2_FILE_OPEN, 0, false, &f, &action), STATUS_SUCCESS);
	assert_status(do_rename(fx, f, "b", false), STATUS_OBJECT_NAME_COLLISION);
	assert_true(sh_exists(fx, "a"));
	assert_status(do_rename(fx, f, "d", true), STATUS_ACCESS_DENIED);
	assert_status(do_rename(fx, f, "nodir\\x", false), STATUS_OBJECT_PATH_NOT_FOUND);
	assert_status(do_rename(fx, f, "..\\x", false), STATUS_OBJECT_PATH_SYNTAX_BAD);
	assert_status(do_rename(fx, f, "up1\\stolen", false), STATUS_ACCESS_DENIED);
	assert_status(do_rename(fx, f, "x:s", false), STATUS_OBJECT_NAME_NOT_FOUND);
	assert_status(do_rename(fx, f, "a", false), STATUS_SUCCESS); /* itself */
	assert_status(do_rename(fx, f, "\\d\\a2", false), STATUS_SUCCESS);
	assert_string_equal(f->path, "d/a2");
	assert_false(sh_exists(fx, "a"));
	assert_true(sh_exists(fx, "d/a2"));
	assert_status(do_rename(fx, f, "b", true), STATUS_SUCCESS);
	assert_string_equal(f->path, "b");
	char buf[4];
	size_t n;
	assert_status(vfs_pread(f, buf, sizeof(buf), 0, &n), STATUS_SUCCESS);
	assert_int_equal(n, 1);
	assert_int_equal(buf[0], 'A');
	vfs_close(f);
	/* directories move with their contents; the root does not move */
	sh_file(fx, "d/inner", "i");
	assert_status(do_create(fx, "d", SMB2_FILE_OPEN, D, false, &f, &action), STATUS_SUCCESS);
	assert_status(do_rename(fx, f, "e", false), STATUS_SUCCESS);
	assert_true(sh_exists(fx, "e/inner"));
	assert_status(do_rename(fx, f, "e\\sub", false), STATUS_INVALID_PARAMETER);
	vfs_close(f);
	assert_status(do_create(fx, "", SMB2_FILE_OPEN, 0, false, &f, &action), STATUS_SUCCESS);
	assert_status(do_rename(fx, f, "root2", false), STATUS_ACCESS_DENIED);
	vfs_close(f);
	check_outside_untouched(fx);
}

static void test_delete(void **state)
{
	struct fx *fx = *state;
	sh_mkdir(fx, "full");
	sh_file(fx, "full/x", "x");
	sh_mkdir(fx, "empty");
	sh_file(fx, "file", "f");
	struct vfs_file *f;
	uint32_t action;
	assert_status(do_create(fx, "full", SMB2_FILE_OPEN, 0, false, &f, &action), STATUS_SUCCESS);
	assert_status(vfs_check_deletable(f), STATUS_DIRECTORY_NOT_EMPTY);
	assert_status(vfs_unlink(fx->s, f), STATUS_DIRECTORY_NOT_EMPTY);
	assert_true(sh_exists(fx, "full/x"));
	vfs_close(f);
	assert_status(do_create(fx, "empty", SMB2_FILE_OPEN, 0, false, &f, &action), STATUS_SUCCESS);
	assert_status(vfs_check_deletable(f), STATUS_SUCCESS);
	assert_status(vfs_unlink(fx->s, f), STATUS_SUCCESS);
	assert_false(sh_exists(fx, "empty"));
	vfs_close(f);
	assert_status(do_create(fx, "file", SMB2_FILE_OPEN, 0, false, &f, &action), STATUS_SUCCESS);
	assert_status(vfs_check_deletable(f), STATUS_SUCCESS);
	assert_status(vfs_unlink(fx->s, f), STATUS_SUCCESS);
	assert_false(sh_exists(fx, "file"));
	assert_status(vfs_unlink(fx->s, f), STATUS_OBJECT_NAME_NOT_FOUND);
	vfs_close(f);
	assert_status(do_create(fx, "", SMB2_FILE_OPEN, 0, false, &f, &action), STATUS_SUCCESS);
	assert_status(vfs_unlink(fx->s, f), STATUS_ACCESS_DENIED);
	vfs_close(f);
}

/* ---- enumeration ----------------------------------------------------------- */

/* Collect the names vfs_dir_next returns, "|"-joined in sorted order. */
static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static void list_names(struct vfs_dir *d, char *out, size_t cap)
{
	char *names[32];
	size_t n = 0;
	struct vfs_dirent e;
	NTSTATUS st;
	while ((st = vfs_dir_next(d, &e)) == STATUS_SUCCESS) {
		assert_true(n < 32);
		names[n++] = strdup(e.name);
	}
	assert_status(st, STATUS_NO_MORE_FILES);
	assert_status(vfs_dir_next(d, &e), STATUS_NO_MORE_FILES);
	qsort(names, n, sizeof(names[0]), cmp_str);
	out[0] = '\0';
	for (size_t i = 0; i < n; i++) {
		strncat(out, names[i], cap - strlen(out) - 1);
		strncat(out, "|", cap - strlen(out) - 1);
		free(names[i]);
	}
}

static void set_pattern(struct vfs_dir *d, const char *pat, NTSTATUS want)
{
	uint8_t *u16 = NULL;
	size_t len = 0;
	assert_status(utf8_to_utf16le_alloc(pat, strlen(pat), &u16, &len), STATUS_SUCCESS);
	assert_status(vfs_dir_set_pattern(d, u16, len), want);
	free(u16);
}

static void test_enumeration(void **state)
{
	struct fx *fx = *state;
	sh_mkdir(fx, "dir");
	sh_file(fx, "dir/a.txt", "a");
	sh_file(fx, "dir/b.TXT", "bb");
	sh_file(fx, "dir/c.doc", "ccc");
	sh_file(fx, "dir/noext", "");
	sh_mkdir(fx, "dir/sub");
	sh_symlink(fx, fx->outside, "dir/dout");     /* leads out: left out */
	sh_symlink(fx, "a.txt", "dir/ln");           /* stays in: listed */
	sh_file(fx, "dir/bad:name", "");             /* not an SMB name */
	sh_file(fx, "dir/\xff\xfe", "");             /* not UTF-8 */
	struct vfs_file *f;
	uint32_t action;
	assert_status(do_create(fx, "dir", SMB2_FILE_OPEN, D, false, &f, &action), STATUS_SUCCESS);
	struct vfs_dir *d;
	assert_status(vfs_dir_open(fx->s, f, &d), STATUS_SUCCESS);
	char got[512];
	list_names(d, got, sizeof(got));
	assert_string_equal(got, ".|..|a.txt|b.TXT|c.doc|ln|noext|sub|");
	/* restart gives everything again */
	vfs_dir_rewind(d);
	list_names(d, got, sizeof(got));
	assert_string_equal(got, ".|..|a.txt|b.TXT|c.doc|ln|noext|sub|");
	set_pattern(d, "*.txt", STATUS_SUCCESS);
	list_names(d, got, sizeof(got));
	assert_string_equal(got, "a.txt|b.TXT|");
	set_pattern(d, "<\"", STATUS_SUCCESS);    /* "*." */
	list_names(d, got, sizeof(got));
	assert_string_equal(got, ".|..|ln|noext|sub|");
	set_pattern(d, "C.DOC", STATUS_SUCCESS);
	list_names(d, got, sizeof(got));
	assert_string_equal(got, "c.doc|");
	set_pattern(d, "", STATUS_SUCCESS);
	list_names(d, got, sizeof(got));
	assert_string_equal(got, ".|..|a.txt|b.TXT|c.doc|ln|noext|sub|");
	set_pattern(d, "a\\b", STATUS_OBJECT_NAME_INVALID);
	set_pattern(d, "a/b", STATUS_OBJECT_NAME_INVALID);
	/* push back: the entry that did not fit comes again */
	set_pattern(d, "?.*", STATUS_SUCCESS);
	struct vfs_dirent e1, e2, e3;
	assert_status(vfs_dir_next(d, &e1), STATUS_SUCCESS);
	vfs_dir_push_back(d);
	assert_status(vfs_dir_next(d, &e2), STATUS_SUCCESS);
	assert_string_equal(e1.name, e2.name);
	assert_int_equal(e1.st.file_index, e2.st.file_index);
	assert_status(vfs_dir_next(d, &e3), STATUS_SUCCESS);
	assert_string_not_equal(e3.name, e2.name);
	/* entries carry their stat and UTF-16 name */
	set_pattern(d, "c.doc", STATUS_SUCCESS);
	assert_status(vfs_dir_next(d, &e1), STATUS_SUCCESS);
	assert_int_equal(e1.st.end_of_file, 3);
	assert_false(e1.st.is_dir);
	assert_int_equal(e1.name16_len, 10);
	assert_memory_equal(e1.name16, "c\0.\0d\0o\0c\0", 10);
	set_pattern(d, "..", STATUS_SUCCESS);
	assert_status(vfs_dir_next(d, &e1), STATUS_SUCCESS);
	assert_string_equal(e1.name, "..");
	vfs_dir_free(d);
	vfs_close(f);
	/* ".." of the share root is the root itself, never what is above */
	assert_status(do_create(fx, "", SMB2_FILE_OPEN, 0, false, &f, &action), STATUS_SUCCESS);
	struct vfs_stat root;
	assert_status(vfs_fstat(f, &root), STATUS_SUCCESS);
	assert_int_equal(e1.st.file_index, root.file_index); /* dir's parent is the root */
	assert_status(vfs_dir_open(fx->s, f, &d), STATUS_SUCCESS);
	set_pattern(d, "..", STATUS_SUCCESS);
	assert_status(vfs_dir_next(d, &e1), STATUS_SUCCESS);
	assert_int_equal(e1.st.file_index, root.file_index);
	vfs_dir_free(d);
	vfs_close(f);
	/* a file cannot be enumerated */
	assert_status(do_create(fx, "dir\\a.txt", SMB2_FILE_OPEN, 0, false, &f, &action),
	              STATUS_SUCCESS);
	assert_status(vfs_dir_open(fx->s, f, &d), STATUS_INVALID_PARAMETER);
	vfs_close(f);
}

/* ---- shares, file system, errno ------------------------------------------ */

static void test_share_and_fs(void **state)
{
	struct fx *fx = *state;
	struct vfs_share *s2 = NULL;
	char p[400];
	snprintf(p, sizeof(p), "%s/missing", fx->base);
	assert_status(vfs_share_open(p, &s2), STATUS_OBJECT_PATH_NOT_FOUND);
	snprintf(p, sizeof(p), "%s/secret", fx->outside);
	assert_status(vfs_share_open(p, &s2), STATUS_NOT_A_DIRECTORY);
	assert_null(s2);
	struct vfs_fs_info fi;
	assert_status(vfs_fs_info(fx->s, &fi), STATUS_SUCCESS);
	assert_true(fi.total_units > 0);
	assert_true(fi.caller_available_units <= fi.total_units);
	assert_true(fi.sectors_per_unit >= 1);
	assert_int_equal(fi.bytes_per_sector, 512);
	assert_int_equal(fi.max_component_length, 255);
	assert_int_equal(fi.fs_attributes, VFS_FS_ATTRIBUTES);
	assert_string_equal(fi.fs_name, "NTFS");
	assert_true(fi.creation_time > UINT64_C(116444736000000000));
}

static void test_errno_table(void **state)
{
	(void)state;
	static const struct {
		int err;
		NTSTATUS st;
	} cases[] = {
		{ ENOENT, STATUS_OBJECT_NAME_NOT_FOUND }, { ENOTDIR, STATUS_OBJECT_PATH_NOT_FOUND },
		{ EISDIR, STATUS_FILE_IS_A_DIRECTORY }, { EEXIST, STATUS_OBJECT_NAME_COLLISION },
		{ EACCES, STATUS_ACCESS_DENIED }, { EPERM, STATUS_ACCESS_DENIED },
		{ ENOSPC, STATUS_DISK_FULL }, { ENAMETOOLONG, STATUS_OBJECT_NAME_INVALID },
		{ ELOOP, STATUS_ACCESS_DENIED }, { EXDEV, STATUS_ACCESS_DENIED },
		{ ENOTEMPTY, STATUS_DIRECTORY_NOT_EMPTY }, { EMFILE, STATUS_TOO_MANY_OPENED_FILES },
		{ EROFS, STATUS_MEDIA_WRITE_PROTECTED }, { ENOMEM, STATUS_NO_MEMORY },
		{ EINVAL, STATUS_INVALID_PARAMETER }, { 0x7FFF, STATUS_UNSUCCESSFUL },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		assert_status(vfs_errno_to_ntstatus(cases[i].err), cases[i].st);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_read_write_truncate, setup, teardown),
		cmocka_unit_test_setup_teardown(test_readonly_and_times, setup, teardown),
		cmocka_unit_test_setup_teardown(test_set_times, setup, teardown),
		cmocka_unit_test(test_nt_time),
		cmocka_unit_test_setup_teardown(test_rename, setup, teardown),
		cmocka_unit_test_setup_teardown(test_delete, setup, teardown),
		cmocka_unit_test_setup_teardown(test_enumeration, setup, teardown),
		cmocka_unit_test_setup_teardown(test_share_and_fs, setup, teardown),
		cmocka_unit_test(test_errno_table),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
