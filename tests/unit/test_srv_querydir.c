/*
 * QUERY_DIRECTORY of the reference server over an in-memory transport,
 * against a temporary share: every directory class with the fields the
 * local file system has, patterns (case-insensitive, wildcards, no match),
 * NO_SUCH_FILE then NO_MORE_FILES, RESTART_SCANS, REOPEN with a new
 * pattern, RETURN_SINGLE_ENTRY, output buffers too small for the fixed
 * part or holding one entry at a time (nothing lost between queries), and
 * the malformed twins: a file instead of a directory, no LIST_DIRECTORY
 * access, an unknown class, an unknown FileId, an output buffer past
 * MaxTransactSize.
 */
#include "srv_info_util.h"

#define ALL_ENTRIES 6   /* ".", "..", a.txt, b.txt, c.dat, sub */

static struct io_env env;
static struct h_conn conn;

static int setup(void **state)
{
	(void)state;
	io_start(&env);
	qi_local_file(&env, "a.txt", "hello");
	qi_local_file(&env, "b.txt", "");
	qi_local_file(&env, "c.dat", "0123456789");
	qi_local_dir(&env, "sub");
	qi_local_file(&env, "sub/inner", "x");
	io_session(&env, &conn, SMB2_DIALECT_311);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	h_conn_free(&conn);
	io_stop(&env);
	return 0;
}

static struct smb2_fileid open_dir(const char *name, uint32_t access)
{
	struct smb2_fileid fid;

	assert_status(io_create(&env, &conn, name, access, SMB2_FILE_OPEN,
	                        SMB2_FILE_DIRECTORY_FILE, &fid),
	              STATUS_SUCCESS);
	return fid;
}

/* Names of the entries in o (class cls), appended to names[*n]. */
static void collect(const struct qi_out *o, uint8_t cls, char names[][64], unsigned *n,
                    unsigned cap)
{
	struct smb2_dirinfo_iter it;
	struct smb2_dirent e;
	struct smb2_blob b = {.p = o->buf, .len = o->len};
	NTSTATUS st;

	smb2_dirinfo_iter_init(&it, cls, b);
	while ((st = smb2_dirinfo_next(&it, &e)) == STATUS_SUCCESS) {
		assert_true(*n < cap);
		qi_name(e.name, names[*n], 64);
		(*n)++;
	}
	assert_status(st, STATUS_NO_MORE_ENTRIES);
}

static bool has(char names[][64], unsigned n, const char *s)
{
	for (unsigned i = 0; i < n; i++)
		if (!strcmp(names[i], s))
			return true;
	return false;
}

static void test_each_class(void **state)
{
	static const uint8_t classes[] = {
	        FILE_DIRECTORY_INFORMATION,         FILE_FULL_DIRECTORY_INFORMATION,
	        FILE_BOTH_DIRECTORY_INFORMATION,    FILE_NAMES_INFORMATION,
	        FILE_ID_BOTH_DIRECTORY_INFORMATION, FILE_ID_FULL_DIRECTORY_INFORMATION,
	        FILE_ID_EXTD_DIRECTORY_INFORMATION,
	};
	static struct qi_out o;
	struct smb2_fileid fid = open_dir("", SMB2_FILE_LIST_DIRECTORY | SMB2_FILE_READ_ATTRIBUTES);

	(void)state;
	for (unsigned k = 0; k < sizeof(classes); k++) {
		char names[16][64];
		unsigned n = 0;
		assert_status(qd(&env, &conn, fid, classes[k], SMB2_RESTART_SCANS, "*", 65536, &o),
		              STATUS_SUCCESS);
		collect(&o, classes[k], names, &n, 16);
		assert_int_equal(n, ALL_ENTRIES);
		assert_true(has(names, n, ".") && has(names, n, ".."));
		assert_true(has(names, n, "a.txt") && has(names, n, "sub"));
		assert_true(has(names, n, "b.txt") && has(names, n, "c.dat"));
		assert_status(qd(&env, &conn, fid, classes[k], 0, NULL, 65536, &o),
		              STATUS_NO_MORE_FILES);
	}

	/* The fields against the local file system. */
	{
		struct smb2_dirinfo_iter it;
		struct smb2_dirent e;
		struct stat sa, sd;
		unsigned seen = 0;
		assert_true(qi_local_stat(&env, "c.dat", &sa));
		assert_true(qi_local_stat(&env, "sub", &sd));
		assert_status(qd(&env, &conn, fid, FILE_ID_BOTH_DIRECTORY_INFORMATION,
		                 SMB2_RESTART_SCANS, "*", 65536, &o),
		              STATUS_SUCCESS);
		smb2_dirinfo_iter_init(&it, FILE_ID_BOTH_DIRECTORY_INFORMATION,
		                       (struct smb2_blob){.p = o.buf, .len = o.len});
		while (smb2_dirinfo_next(&it, &e) == STATUS_SUCCESS) {
			char nm[64];
			qi_name(e.name, nm, sizeof(nm));
			if (!strcmp(nm, "c.dat")) {
				assert_int_equal(e.end_of_file, 10);
				assert_int_equal(e.file_id, (uint64_t)sa.st_ino);
				assert_int_equal(e.last_write_time, vfs_timespec_to_nt(sa.st_mtim));
				assert_false(e.file_attributes & SMB2_FILE_ATTRIBUTE_DIRECTORY);
				seen++;
			} else if (!strcmp(nm, "sub")) {
				assert_true(e.file_attributes & SMB2_FILE_ATTRIBUTE_DIRECTORY);
				assert_int_equal(e.file_id, (uint64_t)sd.st_ino);
				assert_int_equal(e.end_of_file, 0);
				seen++;
			}
		}
		assert_int_equal(seen, 2);
	}
	assert_status(io_close(&env, &conn, fid), STATUS_SUCCESS);
}

static void test_patterns(void **state)
{
	static struct qi_out o;
	char names[16][64];
	unsigned n = 0;
	struct smb2_fileid fid = open_dir("", SMB2_FILE_LIST_DIRECTORY);

	(void)state;
	assert_status(qd(&env, &conn, fid, FILE_NAMES_INFORMATION, 0, "*.txt", 65536, &o),
	              STATUS_SUCCESS);
	collect(&o, FILE_NAMES_INFORMATION, names, &n, 16);
	assert_int_equal(n, 2);
	assert_true(has(names, n, "a.txt") && has(names, n, "b.txt"));
	/* A later pattern without RESTART or REOPEN is ignored. */
	assert_status(qd(&env, &conn, fid, FILE_NAMES_INFORMATION, 0, "*", 65536, &o),
	              STATUS_NO_MORE_FILES);

	/* Case-insensitive, '?' wildcard, via RESTART_SCANS with a pattern. */
	n = 0;
	assert_status(qd(&env, &conn, fid, FILE_NAMES_INFORMATION, SMB2_RESTART_SCANS, "B.TX?",
	                 65536, &o),
	              STATUS_SUCCESS);
	collect(&o, FILE_NAMES_INFORMATION, names, &n, 16);
	assert_int_equal(n, 1);
	assert_string_equal(names[0], "b.txt");
	/* Restart without a pattern keeps it. */
	n = 0;
	assert_status(qd(&env, &conn, fid, FILE_NAMES_INFORMATION, SMB2_RESTART_SCANS, NULL,
	                 65536, &o),
	              STATUS_SUCCESS);
	collect(&o, FILE_NAMES_INFORMATION, names, &n, 16);
	assert_int_equal(n, 1);
	assert_status(io_close(&env, &conn, fid), STATUS_SUCCESS);

	/* Nothing matches: NO_SUCH_FILE on the first query, then NO_MORE_FILES;
	 * a restart is a first query again. */
	fid = open_dir("", SMB2_FILE_LIST_DIRECTORY);
	assert_status(qd(&env, &conn, fid, FILE_DIRECTORY_INFORMATION, 0, "zz*", 65536, &o),
	              STATUS_NO_SUCH_FILE);
	assert_status(qd(&env, &conn, fid, FILE_DIRECTORY_INFORMATION, 0, NULL, 65536, &o),
	              STATUS_NO_MORE_FILES);
	assert_status(qd(&env, &conn, fid, FILE_DIRECTORY_INFORMATION, SMB2_RESTART_SCANS, NULL,
	                 65536, &o),
	              STATUS_NO_SUCH_FILE);
	/* REOPEN with a new pattern. */
	n = 0;
	assert_status(qd(&env, &conn, fid, FILE_NAMES_INFORMATION, SMB2_REOPEN, "*.dat", 65536,
	                 &o),
	              STATUS_SUCCESS);
	collect(&o, FILE_NAMES_INFORMATION, names, &n, 16);
	assert_int_equal(n, 1);
	assert_string_equal(names[0], "c.dat");
	/* A pattern with a separator. */
	assert_status(qd(&env, &conn, fid, FILE_NAMES_INFORMATION, SMB2_REOPEN, "sub\\*", 65536,
	                 &o),
	              STATUS_OBJECT_NAME_INVALID);
	assert_status(io_close(&env, &conn, fid), STATUS_SUCCESS);

	/* A subdirectory lists its own entries. */
	fid = open_dir("sub", SMB2_FILE_LIST_DIRECTORY);
	n = 0;
	assert_status(qd(&env, &conn, fid, FILE_NAMES_INFORMATION, 0, "in*", 65536, &o),
	              STATUS_SUCCESS);
	collect(&o, FILE_NAMES_INFORMATION, names, &n, 16);
	assert_int_equal(n, 1);
	assert_string_equal(names[0], "inner");
	assert_status(io_close(&env, &conn, fid), STATUS_SUCCESS);
}

static void test_single_and_small(void **state)
{
	static struct qi_out o;
	char names[16][64];
	unsigned n = 0, calls = 0;
	uint32_t fixed = smb2_dirinfo_fixed_size(FILE_BOTH_DIRECTORY_INFORMATION);
	struct smb2_fileid fid = open_dir("", SMB2_FILE_LIST_DIRECTORY);

	(void)state;
	/* One entry per query, all of them, then NO_MORE_FILES. */
	for (;;) {
		unsigned before = n;
		NTSTATUS st = qd(&env, &conn, fid, FILE_BOTH_DIRECTORY_INFORMATION,
		                 SMB2_RETURN_SINGLE_ENTRY, "*", 65536, &o);
		if (st == STATUS_NO_MORE_FILES)
			break;
		assert_status(st, STATUS_SUCCESS);
		collect(&o, FILE_BOTH_DIRECTORY_INFORMATION, names, &n, 16);
		assert_int_equal(n, before + 1);
		assert_true(++calls <= ALL_ENTRIES);
	}
	assert_int_equal(n, ALL_ENTRIES);

	/* Below the fixed part. */
	assert_status(qd(&env, &conn, fid, FILE_BOTH_DIRECTORY_INFORMATION, SMB2_RESTART_SCANS,
	                 NULL, fixed - 1, &o),
	              STATUS_INFO_LENGTH_MISMATCH);
	/* The fixed part but not the name: the entry is kept for later. */
	assert_status(qd(&env, &conn, fid, FILE_BOTH_DIRECTORY_INFORMATION, SMB2_RESTART_SCANS,
	                 NULL, fixed, &o),
	              STATUS_INFO_LENGTH_MISMATCH);
	/* Room for one short-named entry (but never two): every entry
	 * arrives once over the queries. */
	n = 0;
	calls = 0;
	for (;;) {
		NTSTATUS st = qd(&env, &conn, fid, FILE_BOTH_DIRECTORY_INFORMATION, 0, NULL,
		                 fixed + 16, &o);
		if (st == STATUS_NO_MORE_FILES)
			break;
		assert_status(st, STATUS_SUCCESS);
		collect(&o, FILE_BOTH_DIRECTORY_INFORMATION, names, &n, 16);
		assert_true(++calls <= ALL_ENTRIES);
	}
	assert_int_equal(n, ALL_ENTRIES);
	assert_true(has(names, n, ".") && has(names, n, "c.dat"));
	assert_status(io_close(&env, &conn, fid), STATUS_SUCCESS);
}

static void test_malformed(void **state)
{
	static struct qi_out o;
	struct smb2_fileid fid, file, bogus = {.persistent = 77, .volatile_ = 78};

	(void)state;
	/* A file is not a directory (with and without REOPEN). */
	assert_status(io_create(&env, &conn, "a.txt", SMB2_FILE_READ_DATA | SMB2_FILE_READ_ATTRIBUTES,
	                        SMB2_FILE_OPEN, 0, &file),
	              STATUS_SUCCESS);
	assert_status(qd(&env, &conn, file, FILE_NAMES_INFORMATION, 0, "*", 4096, &o),
	              STATUS_INVALID_PARAMETER);
	assert_status(qd(&env, &conn, file, FILE_NAMES_INFORMATION, SMB2_REOPEN, "*", 4096, &o),
	              STATUS_INVALID_PARAMETER);
	assert_status(io_close(&env, &conn, file), STATUS_SUCCESS);

	/* No FILE_LIST_DIRECTORY. */
	fid = open_dir("", SMB2_FILE_READ_ATTRIBUTES);
	assert_status(qd(&env, &conn, fid, FILE_NAMES_INFORMATION, 0, "*", 4096, &o),
	              STATUS_ACCESS_DENIED);
	assert_status(io_close(&env, &conn, fid), STATUS_SUCCESS);

	fid = open_dir("", SMB2_FILE_LIST_DIRECTORY);
	/* Unknown class, unknown FileId, past MaxTransactSize. */
	assert_status(qd(&env, &conn, fid, 99, 0, "*", 4096, &o), STATUS_INVALID_INFO_CLASS);
	assert_status(qd(&env, &conn, fid, FILE_FULL_EA_INFORMATION, 0, "*", 4096, &o),
	              STATUS_INVALID_INFO_CLASS);
	assert_status(qd(&env, &conn, bogus, FILE_NAMES_INFORMATION, 0, "*", 4096, &o),
	              STATUS_FILE_CLOSED);
	assert_status(qd(&env, &conn, fid, FILE_NAMES_INFORMATION, 0, "*",
	                 SMB2_MAX_IO_SIZE + 1, &o),
	              STATUS_INVALID_PARAMETER);
	/* The open still works afterwards. */
	assert_status(qd(&env, &conn, fid, FILE_NAMES_INFORMATION, 0, "a*", 4096, &o),
	              STATUS_SUCCESS);
	assert_status(io_close(&env, &conn, fid), STATUS_SUCCESS);
	assert_status(qd(&env, &conn, fid, FILE_NAMES_INFORMATION, 0, "*", 4096, &o),
	              STATUS_FILE_CLOSED);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test_setup_teardown(test_each_class, setup, teardown),
	        cmocka_unit_test_setup_teardown(test_patterns, setup, teardown),
	        cmocka_unit_test_setup_teardown(test_single_and_small, setup, teardown),
	        cmocka_unit_test_setup_teardown(test_malformed, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
