/*
 * sim-server/vfs, names: every CREATE disposition against missing, file
 * and directory targets with each directory option; missing parents;
 * escape attempts by name and by symlink (each checked to leave a sentinel
 * outside the share untouched); symlinks that stay inside; invalid names;
 * streams.  Each test runs in a fresh temporary directory holding share/
 * and outside/secret (vfs_util.h).
 */
#define _GNU_SOURCE
#include "vfs_util.h"

static NTSTATUS create_u16(struct fx *fx, const uint16_t *units, size_t n, uint32_t disp)
{
	uint8_t buf[128];
	assert_true(n * 2 <= sizeof(buf));
	for (size_t i = 0; i < n; i++) {
		buf[2 * i] = (uint8_t)units[i];
		buf[2 * i + 1] = (uint8_t)(units[i] >> 8);
	}
	struct vfs_create_args a = { disp, 0, 0, false };
	struct vfs_file *f = NULL;
	uint32_t action;
	NTSTATUS st = vfs_create(fx->s, buf, n * 2, &a, &f, &action);
	if (st == STATUS_SUCCESS)
		vfs_close(f);
	return st;
}

/* ---- dispositions ---------------------------------------------------- */

enum target { T_MISSING, T_FILE, T_DIR };
#define OK_NEW_FILE 0x100000u
#define OK_NEW_DIR 0x200000u

struct disp_case {
	enum target target;
	uint32_t disposition;
	uint32_t options;
	NTSTATUS status;
	uint32_t action;        /* when status is success */
};

static const struct disp_case disp_cases[] = {
	/* missing */
	{ T_MISSING, SMB2_FILE_SUPERSEDE, 0, STATUS_SUCCESS, SMB2_FILE_CREATED | OK_NEW_FILE },
	{ T_MISSING, SMB2_FILE_OPEN, 0, STATUS_OBJECT_NAME_NOT_FOUND, 0 },
	{ T_MISSING, SMB2_FILE_CREATE, 0, STATUS_SUCCESS, SMB2_FILE_CREATED | OK_NEW_FILE },
	{ T_MISSING, SMB2_FILE_OPEN_IF, 0, STATUS_SUCCESS, SMB2_FILE_CREATED | OK_NEW_FILE },
	{ T_MISSING, SMB2_FILE_OVERWRITE, 0, STATUS_OBJECT_NAME_NOT_FOUND, 0 },
	{ T_MISSING, SMB2_FILE_OVERWRITE_IF, 0, STATUS_SUCCESS, SMB2_FILE_CREATED | OK_NEW_FILE },
	{ T_MISSING, SMB2_FILE_SUPERSEDE, D, STATUS_INVALID_PARAMETER, 0 },
	{ T_MISSING, SMB2_FILE_OPEN, D, STATUS_OBJECT_NAME_NOT_FOUND, 0 },
	{ T_MISSING, SMB2_FILE_CREATE, D, STATUS_SUCCESS, SMB2_FILE_CREATED | OK_NEW_DIR },
	{ T_MISSING, SMB2_FILE_OPEN_IF, D, STATUS_SUCCESS, SMB2_FILE_CREATED | OK_NEW_DIR },
	{ T_MISSING, SMB2_FILE_OVERWRITE, D, STATUS_INVALID_PARAMETER, 0 },
	{ T_MISSING, SMB2_FILE_OVERWRITE_IF, D, STATUS_INVALID_PARAMETER, 0 },
	{ T_MISSING, SMB2_FILE_SUPERSEDE, ND, STATUS_SUCCESS, SMB2_FILE_CREATED | OK_NEW_FILE },
	{ T_MISSING, SMB2_FILE_OPEN, ND, STATUS_OBJECT_NAME_NOT_FOUND, 0 },
	{ T_MISSING, SMB2_FILE_CREATE, ND, STATUS_SUCCESS, SMB2_FILE_CREATED | OK_NEW_FILE },
	{ T_MISSING, SMB2_FILE_OPEN_IF, ND, STATUS_SUCCESS, SMB2_FILE_CREATED | OK_NEW_FILE },
	{ T_MISSING, SMB2_FILE_OVERWRITE, ND, STATUS_OBJECT_NAME_NOT_FOUND, 0 },
	{ T_MISSING, SMB2_FILE_OVERWRITE_IF, ND, STATUS_SUCCESS, SMB2_FILE_CREATED | OK_NEW_FILE },
	/* existing file holding "hello" */
	{ T_FILE, SMB2_FILE_SUPERSEDE, 0, STATUS_SUCCESS, SMB2_FILE_SUPERSEDED },
	{ T_FILE, SMB2_FILE_OPEN, 0, STATUS_SUCCESS, SMB2_FILE_OPENED },
	{ T_FILE, SMB2_FILE_CREATE, 0, STATUS_OBJECT_NAME_COLLISION, 0 },
	{ T_FILE, SMB2_FILE_OPEN_IF, 0, STATUS_SUCCESS, SMB2_FILE_OPENED },
	{ T_FILE, SMB2_FILE_OVERWRITE, 0, STATUS_SUCCESS, SMB2_FILE_OVERWRITTEN },
	{ T_FILE, SMB2_FILE_OVERWRITE_IF, 0, STATUS_SUCCESS, SMB2_FILE_OVERWRITTEN },
	{ T_FILE, SMB2_FILE_SUPERSEDE, D, STATUS_INVALID_PARAMETER, 0 },
	{ T_FILE, SMB2_FILE_OPEN, D, STATUS_NOT_A_DIRECTORY, 0 },
	{ T_FILE, SMB2_FILE_CREATE, D, STATUS_NOT_A_DIRECTORY, 0 },
	{ T_FILE, SMB2_FILE_OPEN_IF, D, STATUS_NOT_A_DIRECTORY, 0 },
	{ T_FILE, SMB2_FILE_OVERWRITE, D, STATUS_INVALID_PARAMETER, 0 },
	{ T_FILE, SMB2_FILE_OVERWRITE_IF, D, STATUS_INVALID_PARAMETER, 0 },
	{ T_FILE, SMB2_FILE_SUPERSEDE, ND, STATUS_SUCCESS, SMB2_FILE_SUPERSEDED },
	{ T_FILE, SMB2_FILE_OPEN, ND, STATUS_SUCCESS, SMB2_FILE_OPENED },
	{ T_FILE, SMB2_FILE_CREATE, ND, STATUS_OBJECT_NAME_COLLISION, 0 },
	{ T_FILE, SMB2_FILE_OPEN_IF, ND, STATUS_SUCCESS, SMB2_FILE_OPENED },
	{ T_FILE, SMB2_FILE_OVERWRITE, ND, STATUS_SUCCESS, SMB2_FILE_OVERWRITTEN },
	{ T_FILE, SMB2_FILE_OVERWRITE_IF, ND, STATUS_SUCCESS, SMB2_FILE_OVERWRITTEN },
	/* existing directory */
	{ T_DIR, SMB2_FILE_SUPERSEDE, 0, STATUS_INVALID_PARAMETER, 0 },
	{ T_DIR, SMB2_FILE_OPEN, 0, STATUS_SUCCESS, SMB2_FILE_OPENED },
	{ T_DIR, SMB2_FILE_CREATE, 0, STATUS_OBJECT_NAME_COLLISION, 0 },
	{ T_DIR, SMB2_FILE_OPEN_IF, 0, STATUS_SUCCESS, SMB2_FILE_OPENED },
	{ T_DIR, SMB2_FILE_OVERWRITE, 0, STATUS_INVALID_PARAMETER, 0 },
	{ T_DIR, SMB2_FILE_OVERWRITE_IF, 0, STATUS_INVALID_PARAMETER, 0 },
	{ T_DIR, SMB2_FILE_SUPERSEDE, D, STATUS_INVALID_PARAMETER, 0 },
	{ T_DIR, SMB2_FILE_OPEN, D, STATUS_SUCCESS, SMB2_FILE_OPENED },
	{ T_DIR, SMB2_FILE_CREATE, D, STATUS_OBJECT_NAME_COLLISION, 0 },
	{ T_DIR, SMB2_FILE_OPEN_IF, D, STATUS_SUCCESS, SMB2_FILE_OPENED },
	{ T_DIR, SMB2_FILE_OVERWRITE, D, STATUS_INVALID_PARAMETER, 0 },
	{ T_DIR, SMB2_FILE_OVERWRITE_IF, D, STATUS_INVALID_PARAMETER, 0 },
	{ T_DIR, SMB2_FILE_SUPERSEDE, ND, STATUS_FILE_IS_A_DIRECTORY, 0 },
	{ T_DIR, SMB2_FILE_OPEN, ND, STATUS_FILE_IS_A_DIRECTORY, 0 },
	{ T_DIR, SMB2_FILE_CREATE, ND, STATUS_FILE_IS_A_DIRECTORY, 0 },
	{ T_DIR, SMB2_FILE_OPEN_IF, ND, STATUS_FILE_IS_A_DIRECTORY, 0 },
	{ T_DIR, SMB2_FILE_OVERWRITE, ND, STATUS_FILE_IS_A_DIRECTORY, 0 },
	{ T_DIR, SMB2_FILE_OVERWRITE_IF, ND, STATUS_FILE_IS_A_DIRECTORY, 0 },
};

static void test_dispositions(void **state)
{
	struct fx *fx = *state;
	for (size_t i = 0; i < sizeof(disp_cases) / sizeof(disp_cases[0]); i++) {
		const struct disp_case *c = &disp_cases[i];
		char name[32];
		snprintf(name, sizeof(name), "obj%zu", i);
		if (c->target == T_FILE)
			sh_file(fx, name, "hello");
		else if (c->target == T_DIR)
			sh_mkdir(fx, name);
		struct vfs_file *f = NULL;
		uint32_t action = 0xFFFF;
		NTSTATUS st = do_create(fx, name, c->disposition, c->options, false, &f, &action);
		print_message("case %zu: target %d disposition %u options 0x%x\n", i,
		              (int)c->target, c->disposition, c->options);
		assert_status(st, c->status);
		if (st != STATUS_SUCCESS) {
			assert_null(f);
			assert_int_equal(sh_exists(fx, name), c->target != T_MISSING);
			continue;
		}
		assert_int_equal(action, c->action & 0xFFu);
		assert_string_equal(f->path, name);
		struct vfs_stat vs;
		assert_status(vfs_fstat(f, &vs), STATUS_SUCCESS);
		bool want_dir = c->target == T_DIR || (c->action & OK_NEW_DIR);
		assert_int_equal(f->is_dir, want_dir);
		assert_int_equal(vs.is_dir, want_dir);
		if (c->target == T_FILE) {
			bool truncated = action != SMB2_FILE_OPENED;
			assert_int_equal(vs.end_of_file, truncated ? 0 : 5);
		}
		vfs_close(f);
	}
}

static void test_missing_parent(void **state)
{
	struct fx *fx = *state;
	sh_file(fx, "file", "x");
	sh_mkdir(fx, "dir");
	assert_status(try_open(fx, "missing", SMB2_FILE_OPEN, false), STATUS_OBJECT_NAME_NOT_FOUND);
	assert_status(try_open(fx, "dir\\missing", SMB2_FILE_OPEN, false),
	              STATUS_OBJECT_NAME_NOT_FOUND);
	assert_status(try_open(fx, "nodir\\x", SMB2_FILE_OPEN, false), STATUS_OBJECT_PATH_NOT_FOUND);
	assert_status(try_open(fx, "nodir\\x", SMB2_FILE_OPEN_IF, false),
	              STATUS_OBJECT_PATH_NOT_FOUND);
	assert_status(try_open(fx, "a\\b\\c\\d", SMB2_FILE_CREATE, false),
	              STATUS_OBJECT_PATH_NOT_FOUND);
	assert_status(try_open(fx, "file\\x", SMB2_FILE_OPEN, false), STATUS_OBJECT_PATH_NOT_FOUND);
	assert_status(try_open(fx, "file\\x", SMB2_FILE_OPEN_IF, false),
	              STATUS_OBJECT_PATH_NOT_FOUND);
	assert_false(sh_exists(fx, "nodir"));
	/* the share root is the empty name */
	struct vfs_file *f;
	uint32_t action;
	assert_status(do_create(fx, "", SMB2_FILE_OPEN, 0, false, &f, &action), STATUS_SUCCESS);
	assert_true(f->is_dir);
	assert_string_equal(f->path, "");
	vfs_close(f);
	assert_status(do_create(fx, "", SMB2_FILE_CREATE, D, false, &f, &action),
	              STATUS_OBJECT_NAME_COLLISION);
}

/* ---- escapes ----------------------------------------------------------- */

static void test_escape_names(void **state)
{
	struct fx *fx = *state;
	sh_mkdir(fx, "a");
	static const struct {
		const char *name;
		NTSTATUS st;
	} cases[] = {
		{ "..\\outside\\secret", STATUS_OBJECT_PATH_SYNTAX_BAD },
		{ "..\\x", STATUS_OBJECT_PATH_SYNTAX_BAD },
		{ "..", STATUS_OBJECT_PATH_SYNTAX_BAD },
		{ "a\\..\\..\\x", STATUS_OBJECT_PATH_SYNTAX_BAD },
		{ "a\\..\\..\\outside\\secret", STATUS_OBJECT_PATH_SYNTAX_BAD },
		{ ".\\x", STATUS_OBJECT_PATH_SYNTAX_BAD },
		{ "a\\.", STATUS_OBJECT_PATH_SYNTAX_BAD },
		{ "\\x", STATUS_INVALID_PARAMETER },
		{ "\\..\\outside\\secret", STATUS_INVALID_PARAMETER },
		{ "\\\\server\\share\\x", STATUS_INVALID_PARAMETER },
		{ "C:\\x", STATUS_OBJECT_NAME_INVALID },
		{ "/etc/passwd", STATUS_OBJECT_NAME_INVALID },
		{ "a/../../outside/secret", STATUS_OBJECT_NAME_INVALID },
		{ "a\\\\x", STATUS_OBJECT_NAME_INVALID },
	};
	uint32_t disps[] = { SMB2_FILE_OPEN, SMB2_FILE_OPEN_IF, SMB2_FILE_OVERWRITE_IF };
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		for (size_t d = 0; d < 3; d++) {
			print_message("%s disposition %u\n", cases[i].name, disps[d]);
			assert_status(try_open(fx, cases[i].name, disps[d], true), cases[i].st);
		}
	}
	check_outside_untouched(fx);
	assert_false(sh_exists(fx, "x"));
}

static void test_escape_symlinks(void **state)
{
	struct fx *fx = *state;
	sh_symlink(fx, "/etc", "toetc");
	sh_symlink(fx, "../..", "up");
	sh_symlink(fx, "../outside", "up1");
	sh_symlink(fx, fx->outside, "dout");
	sh_symlink(fx, "c2", "c1");
	sh_symlink(fx, "c3", "c2");
	sh_symlink(fx, "../outside/secret", "c3");
	sh_symlink(fx, "l2", "l1");
	sh_symlink(fx, "l1", "l2");
	sh_symlink(fx, "../outside/newfile", "dang");
	static const char *names[] = {
		"toetc", "toetc\\passwd", "up\\x", "up\\outside\\secret", "up1\\secret",
		"up1\\new", "dout", "dout\\secret", "dout\\new", "c1", "c2", "c3",
		"l1", "l2", "dang",
	};
	uint32_t disps[] = { SMB2_FILE_OPEN, SMB2_FILE_OPEN_IF, SMB2_FILE_OVERWRITE_IF,
	                     SMB2_FILE_SUPERSEDE, SMB2_FILE_CREATE };
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		for (size_t d = 0; d < 5; d++) {
			print_message("%s disposition %u\n", names[i], disps[d]);
			NTSTATUS st = try_open(fx, names[i], disps[d], true);
			/* CREATE of a name that is there (the link itself) may
			 * collide; everything else is refused */
			if (st != STATUS_OBJECT_NAME_COLLISION || disps[d] != SMB2_FILE_CREATE)
				assert_status(st, STATUS_ACCESS_DENIED);
		}
	}
	/* directories through links that lead out are refused as well */
	struct vfs_file *f = NULL;
	uint32_t action;
	assert_status(do_create(fx, "dout\\sub", SMB2_FILE_CREATE, D, false, &f, &action),
	              STATUS_ACCESS_DENIED);
	assert_status(do_create(fx, "up1", SMB2_FILE_OPEN, D, false, &f, &action),
	              STATUS_ACCESS_DENIED);
	check_outside_untouched(fx);
}

static void test_inside_symlinks(void **state)
{
	struct fx *fx = *state;
	sh_mkdir(fx, "sub");
	sh_file(fx, "sub/f.txt", "inside");
	sh_symlink(fx, "sub/f.txt", "in");
	sh_symlink(fx, "../sub", "sub/self");   /* leaves sub/ but stays in the share */
	struct vfs_file *f;
	uint32_t action;
	assert_status(do_create(fx, "in", SMB2_FILE_OPEN, 0, false, &f, &action), STATUS_SUCCESS);
	char buf[16] = { 0 };
	size_t got = 0;
	assert_status(vfs_pread(f, buf, sizeof(buf), 0, &got), STATUS_SUCCESS);
	assert_int_equal(got, 6);
	assert_memory_equal(buf, "inside", 6);
	vfs_close(f);
	assert_status(do_create(fx, "sub\\self\\f.txt", SMB2_FILE_OPEN, 0, false, &f, &action),
	              STATUS_SUCCESS);
	vfs_close(f);
}

static void test_invalid_names(void **state)
{
	struct fx *fx = *state;
	sh_file(fx, "f.txt", "data");
	static const char *reserved[] = { "a<b", "a>b", "a\"b", "a|b", "a?b", "a*b",
	                                  "a\x01" "b", "a\x1f" "b", "x\\a*b" };
	for (size_t i = 0; i < sizeof(reserved) / sizeof(reserved[0]); i++)
		assert_status(try_open(fx, reserved[i], SMB2_FILE_OPEN_IF, true),
		              STATUS_OBJECT_NAME_INVALID);
	/* NUL, unpaired surrogates, odd length */
	uint16_t nul[] = { 'a', 0, 'b' };
	assert_status(create_u16(fx, nul, 3, SMB2_FILE_OPEN_IF), STATUS_OBJECT_NAME_INVALID);
	uint16_t hi[] = { 'a', 0xD800 };
	assert_status(create_u16(fx, hi, 2, SMB2_FILE_OPEN_IF), STATUS_OBJECT_NAME_INVALID);
	uint16_t lo[] = { 0xDC00, 'a' };
	assert_status(create_u16(fx, lo, 2, SMB2_FILE_OPEN_IF), STATUS_OBJECT_NAME_INVALID);
	uint16_t pair[] = { 0xD83D, 0xDE00 }; /* a valid pair is a valid name */
	assert_status(create_u16(fx, pair, 2, SMB2_FILE_OPEN_IF), STATUS_SUCCESS);
	struct vfs_create_args a = { SMB2_FILE_OPEN_IF, 0, 0, false };
	struct vfs_file *f = NULL;
	uint32_t action;
	const uint8_t odd[3] = { 'a', 0, 'b' };
	assert_status(vfs_create(fx->s, odd, 3, &a, &f, &action), STATUS_OBJECT_NAME_INVALID);
	/* component lengths: 255 units fit, 256 do not; 255 two-byte
	 * characters pass the SMB rule but not the local file system's */
	char longname[2 * 300];
	memset(longname, 'x', 255);
	longname[255] = '\0';
	assert_status(try_open(fx, longname, SMB2_FILE_CREATE, true), STATUS_SUCCESS);
	memset(longname, 'y', 256);
	longname[256] = '\0';
	assert_status(try_open(fx, longname, SMB2_FILE_CREATE, true), STATUS_OBJECT_NAME_INVALID);
	for (int i = 0; i < 255; i++)
		memcpy(longname + 2 * i, "\xc3\xa9", 2);
	longname[510] = '\0';
	assert_status(try_open(fx, longname, SMB2_FILE_CREATE, true), STATUS_OBJECT_NAME_INVALID);
	/* a whole path over 32760 units */
	size_t big = (VFS_MAX_PATH_UNITS + 1) * 2;
	uint8_t *p = calloc(1, big);
	assert_non_null(p);
	for (size_t i = 0; i < big / 2; i++)
		p[2 * i] = (i % 2) ? '\\' : 'd';
	assert_status(vfs_create(fx->s, p, big, &a, &f, &action), STATUS_OBJECT_NAME_INVALID);
	free(p);
	/* trailing separators */
	sh_mkdir(fx, "dir");
	assert_status(try_open(fx, "f.txt\\", SMB2_FILE_OPEN, false), STATUS_OBJECT_NAME_INVALID);
	assert_status(try_open(fx, "dir\\", SMB2_FILE_OPEN, false), STATUS_SUCCESS);
	assert_status(try_open(fx, "new\\", SMB2_FILE_CREATE, false), STATUS_OBJECT_NAME_INVALID);
	assert_status(do_create(fx, "newdir\\", SMB2_FILE_CREATE, D, false, &f, &action),
	              STATUS_SUCCESS);
	assert_true(f->is_dir);
	vfs_close(f);
	assert_status(do_create(fx, "dir\\", SMB2_FILE_OPEN, ND, false, &f, &action),
	              STATUS_OBJECT_NAME_INVALID);
	assert_false(sh_exists(fx, "new"));
}

static void test_streams(void **state)
{
	struct fx *fx = *state;
	sh_file(fx, "f.txt", "data");
	struct vfs_file *f;
	uint32_t action;
	assert_status(do_create(fx, "f.txt::$DATA", SMB2_FILE_OPEN, 0, false, &f, &action),
	              STATUS_SUCCESS);
	assert_string_equal(f->path, "f.txt");
	vfs_close(f);
	assert_status(try_open(fx, "f.txt::$data", SMB2_FILE_OPEN, false), STATUS_SUCCESS);
	assert_status(try_open(fx, "f.txt:s", SMB2_FILE_OPEN, false), STATUS_OBJECT_NAME_NOT_FOUND);
	assert_status(try_open(fx, "f.txt:s:$DATA", SMB2_FILE_OPEN_IF, false),
	              STATUS_OBJECT_NAME_NOT_FOUND);
	assert_status(try_open(fx, "f.txt::$INDEX_ALLOCATION", SMB2_FILE_OPEN, false),
	              STATUS_OBJECT_NAME_INVALID);
	assert_status(try_open(fx, "f.txt:", SMB2_FILE_OPEN, false), STATUS_OBJECT_NAME_INVALID);
	assert_status(try_open(fx, "f.txt:a:b:c", SMB2_FILE_OPEN, false),
	              STATUS_OBJECT_NAME_INVALID);
	assert_status(try_open(fx, "::$DATA", SMB2_FILE_OPEN, false), STATUS_OBJECT_NAME_INVALID);
	assert_status(try_open(fx, "d:s\\f", SMB2_FILE_OPEN, false), STATUS_OBJECT_NAME_INVALID);
	assert_status(try_open(fx, "new.txt::$DATA", SMB2_FILE_CREATE, true), STATUS_SUCCESS);
	assert_true(sh_exists(fx, "new.txt"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_dispositions, setup, teardown),
		cmocka_unit_test_setup_teardown(test_missing_parent, setup, teardown),
		cmocka_unit_test_setup_teardown(test_escape_names, setup, teardown),
		cmocka_unit_test_setup_teardown(test_escape_symlinks, setup, teardown),
		cmocka_unit_test_setup_teardown(test_inside_symlinks, setup, teardown),
		cmocka_unit_test_setup_teardown(test_invalid_names, setup, teardown),
		cmocka_unit_test_setup_teardown(test_streams, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
