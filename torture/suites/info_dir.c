/*
 * QUERY_DIRECTORY basics (MS-SMB2 3.3.5.18, MS-FSA 2.1.5.6 and 2.1.5.6.3,
 * MS-FSCC 2.4): the names of a directory in FileIdBothDirectoryInformation
 * with their sizes, attributes and ids, a '*.txt' pattern, RESTART_SCANS,
 * RETURN_SINGLE_ENTRY, STATUS_NO_MORE_FILES after the last entry and
 * STATUS_NO_SUCH_FILE for a pattern that matches nothing, and the
 * refusals (a file handle, no FILE_LIST_DIRECTORY, a class that is not a
 * directory class, a buffer too small for one entry).
 */
#include "torture/suites/info_util.h"
#include "wire/dirinfo.h"
#include "wire/query_directory.h"

#define ID_BOTH FILE_ID_BOTH_DIRECTORY_INFORMATION
/* The directory every test lists: names, sizes, directory or not. */
#define NFILES 4
static const char *const names[NFILES] = { "a.txt", "b.txt", "c.dat", "sub" };
static const uint64_t sizes[NFILES] = { 10, 20, 30, 0 };

/* What one QUERY_DIRECTORY returned, entry by entry. */
struct listing {
	unsigned n;
	unsigned seen[NFILES];      /* how often each of names[] came */
	unsigned dots, others;
	struct smb2_dirent ent[NFILES];
};

/* Make the files in the test directory and open it for listing. */
static void populate(struct torture_ctx *t, struct cli_open *dir)
{
	struct cli_open o;

	for (unsigned i = 0; i < NFILES; i++) {
		if (sizes[i]) {
			info_new_file(t, t->tree, torture_path(t, "%s", names[i]), sizes[i], &o);
			CHECK_STATUS(t, cli_close(t->tree, o.id), STATUS_SUCCESS);
		} else {
			CHECK_STATUS(t, torture_create_dir(t, t->tree, torture_path(t, "%s", names[i]),
			                                   &o),
			             STATUS_SUCCESS);
			CHECK_STATUS(t, cli_close(t->tree, o.id), STATUS_SUCCESS);
		}
	}
	CHECK_STATUS(t, info_open(t, t->tree, t->dir,
	                          SMB2_FILE_LIST_DIRECTORY | SMB2_FILE_READ_ATTRIBUTES,
	                          INFO_SHARE_ALL, SMB2_FILE_OPEN, SMB2_FILE_DIRECTORY_FILE, dir),
	             STATUS_SUCCESS);
}

/* One QUERY_DIRECTORY; its entries are added to *l (may be NULL). */
static NTSTATUS query(struct torture_ctx *t, struct smb2_fileid fid, uint8_t cls, uint8_t flags,
                      const char *pattern, uint32_t out_len, struct listing *l)
{
	struct smb2_dirinfo_iter it;
	struct smb2_dirent e;
	struct cli_req *r;
	NTSTATUS st = cli_query_directory_send(t->tree, fid, cls, flags, pattern, out_len, NULL, &r);

	if (st != STATUS_SUCCESS)
		torture_fail(t, "QUERY_DIRECTORY not sent: %s", nt_status_name(st));
	torture_req(t, r);
	st = cli_wait(r, 0);
	if (st != STATUS_SUCCESS || !l)
		return st;
	CHECK_VAL(t, r->msg.kind, SMB2_MSG_RSP(SMB2_QUERY_DIRECTORY));
	smb2_dirinfo_iter_init(&it, cls, r->msg.u.query_directory_rsp.buffer);
	while ((st = smb2_dirinfo_next(&it, &e)) == STATUS_SUCCESS) {
		const char *name = info_utf8(t, e.name);
		unsigned i;

		l->n++;
		for (i = 0; i < NFILES && strcmp(name, names[i]); i++)
			;
		if (i < NFILES) {
			l->seen[i]++;
			l->ent[i] = e;
		} else if (!strcmp(name, ".") || !strcmp(name, "..")) {
			l->dots++;
		} else {
			torture_comment(t, "unexpected entry \"%s\"", name);
			l->others++;
		}
	}
	CHECK_STATUS(t, st, STATUS_NO_MORE_ENTRIES);
	return STATUS_SUCCESS;
}

static void list_names(struct torture_ctx *t)
{
	struct listing l = { 0 };
	struct smb2_fileinfo in;
	struct cli_open d, o;

	populate(t, &d);
	CHECK_STATUS(t, query(t, d.id, ID_BOTH, 0, "*", INFO_OUT_LEN, &l), STATUS_SUCCESS);
	CHECK_VAL(t, l.others, 0);
	/* MS-FSCC 2.4: "." and ".." are listed in a directory below the root. */
	CHECK_VAL(t, l.dots, 2);
	for (unsigned i = 0; i < NFILES; i++) {
		torture_comment(t, "entry %s", names[i]);
		CHECK_VAL(t, l.seen[i], 1);
		CHECK_VAL(t, !!(l.ent[i].file_attributes & SMB2_FILE_ATTRIBUTE_DIRECTORY),
		          sizes[i] == 0);
		if (sizes[i])
			CHECK_VAL(t, l.ent[i].end_of_file, sizes[i]);
	}
	/* MS-FSA 2.1.5.6.3: FileId is the file's 64-bit id, which
	 * FileInternalInformation reports as IndexNumber. */
	CHECK_STATUS(t, info_open(t, t->tree, torture_path(t, "a.txt"), SMB2_FILE_READ_ATTRIBUTES,
	                          INFO_SHARE_ALL, SMB2_FILE_OPEN, 0, &o),
	             STATUS_SUCCESS);
	info_file(t, t->tree, o.id, FILE_INTERNAL_INFORMATION, &in);
	CHECK_VAL(t, l.ent[0].file_id, in.u.index_number);
	/* The scan is over. */
	CHECK_STATUS(t, query(t, d.id, ID_BOTH, 0, "*", INFO_OUT_LEN, NULL), STATUS_NO_MORE_FILES);
}

static void pattern_txt(struct torture_ctx *t)
{
	struct listing l = { 0 };
	struct cli_open d;

	populate(t, &d);
	CHECK_STATUS(t, query(t, d.id, ID_BOTH, 0, "*.txt", INFO_OUT_LEN, &l), STATUS_SUCCESS);
	CHECK_VAL(t, l.n, 2);
	CHECK_VAL(t, l.seen[0], 1);
	CHECK_VAL(t, l.seen[1], 1);
	CHECK_STATUS(t, query(t, d.id, ID_BOTH, 0, "*.txt", INFO_OUT_LEN, NULL),
	             STATUS_NO_MORE_FILES);
}

static void no_such_file(struct torture_ctx *t)
{
	struct cli_open d;

	populate(t, &d);
	/* MS-FSA 2.1.5.6.3: nothing matches on the first query. */
	CHECK_STATUS(t, query(t, d.id, ID_BOTH, 0, "nothing-matches*", INFO_OUT_LEN, NULL),
	             STATUS_NO_SUCH_FILE);
	/* A pattern naming one file exactly finds just it. */
	CHECK_STATUS(t, info_open(t, t->tree, t->dir, SMB2_FILE_LIST_DIRECTORY, INFO_SHARE_ALL,
	                          SMB2_FILE_OPEN, SMB2_FILE_DIRECTORY_FILE, &d),
	             STATUS_SUCCESS);
	{
		struct listing l = { 0 };

		CHECK_STATUS(t, query(t, d.id, ID_BOTH, 0, "c.dat", INFO_OUT_LEN, &l),
		             STATUS_SUCCESS);
		CHECK_VAL(t, l.n, 1);
		CHECK_VAL(t, l.seen[2], 1);
	}
}

static void restart_scans(struct torture_ctx *t)
{
	struct listing l = { 0 }, again = { 0 };
	struct cli_open d;

	populate(t, &d);
	CHECK_STATUS(t, query(t, d.id, ID_BOTH, 0, "*", INFO_OUT_LEN, &l), STATUS_SUCCESS);
	CHECK_STATUS(t, query(t, d.id, ID_BOTH, 0, "*", INFO_OUT_LEN, NULL), STATUS_NO_MORE_FILES);
	/* MS-SMB2 2.2.33: RESTART_SCANS starts from the beginning. */
	CHECK_STATUS(t, query(t, d.id, ID_BOTH, SMB2_RESTART_SCANS, "*", INFO_OUT_LEN, &again),
	             STATUS_SUCCESS);
	CHECK_VAL(t, again.n, l.n);
	for (unsigned i = 0; i < NFILES; i++)
		CHECK_VAL(t, again.seen[i], 1);
}

static void single_entry(struct torture_ctx *t)
{
	struct listing l = { 0 };
	struct cli_open d;
	unsigned rounds = 0;
	NTSTATUS st;

	populate(t, &d);
	/* MS-FSA 2.1.5.6: at most one entry per answer. */
	for (;;) {
		unsigned before = l.n;

		st = query(t, d.id, ID_BOTH, SMB2_RETURN_SINGLE_ENTRY, "*", INFO_OUT_LEN, &l);
		if (st != STATUS_SUCCESS)
			break;
		CHECK_VAL(t, l.n - before, 1);
		CHECK_TRUE(t, ++rounds <= NFILES + 2, "more entries than the directory holds");
	}
	CHECK_STATUS(t, st, STATUS_NO_MORE_FILES);
	CHECK_VAL(t, l.dots, 2);
	for (unsigned i = 0; i < NFILES; i++)
		CHECK_VAL(t, l.seen[i], 1);
}

static void on_file(struct torture_ctx *t)
{
	struct cli_open d, f;

	populate(t, &d);
	CHECK_STATUS(t, info_open(t, t->tree, torture_path(t, "a.txt"), SMB2_FILE_READ_DATA,
	                          INFO_SHARE_ALL, SMB2_FILE_OPEN, 0, &f),
	             STATUS_SUCCESS);
	/* 3.3.5.18: not a directory (and no REOPEN): MUST be INVALID_PARAMETER. */
	CHECK_STATUS(t, query(t, f.id, ID_BOTH, 0, "*", INFO_OUT_LEN, NULL),
	             STATUS_INVALID_PARAMETER);
}

static void bad_class_or_buffer(struct torture_ctx *t)
{
	struct cli_open d;

	populate(t, &d);
	/* 3.3.5.18: a class that is not a directory class. */
	CHECK_STATUS(t, query(t, d.id, FILE_BASIC_INFORMATION, 0, "*", INFO_OUT_LEN, NULL),
	             STATUS_INVALID_INFO_CLASS);
	CHECK_STATUS(t, query(t, d.id, 0xFF, 0, "*", INFO_OUT_LEN, NULL),
	             STATUS_INVALID_INFO_CLASS);
	/* MS-FSA 2.1.5.6.3: a buffer below the fixed part of one entry. */
	CHECK_STATUS(t, query(t, d.id, ID_BOTH, 0, "*", 8, NULL), STATUS_INFO_LENGTH_MISMATCH);
	/* Refusals do not spoil the scan. */
	CHECK_STATUS(t, query(t, d.id, ID_BOTH, 0, "*", INFO_OUT_LEN, NULL), STATUS_SUCCESS);
}

static void no_list_access(struct torture_ctx *t)
{
	struct cli_open d;

	populate(t, &d);
	CHECK_STATUS(t, info_open(t, t->tree, t->dir, SMB2_FILE_READ_ATTRIBUTES, INFO_SHARE_ALL,
	                          SMB2_FILE_OPEN, SMB2_FILE_DIRECTORY_FILE, &d),
	             STATUS_SUCCESS);
	/* 3.3.5.18: the open needs FILE_LIST_DIRECTORY. */
	CHECK_STATUS(t, query(t, d.id, ID_BOTH, 0, "*", INFO_OUT_LEN, NULL), STATUS_ACCESS_DENIED);
}

#define D "MS-SMB2 3.3.5.18; MS-FSA 2.1.5.6; MS-FSA 2.1.5.6.3"

static const struct torture_test tests[] = {
	TORTURE_TEST(list_names, D "; MS-FSCC 2.4",
	             "FileIdBothDirectoryInformation lists each name once with size, type and FileId"),
	TORTURE_TEST(pattern_txt, D, "'*.txt' returns the two .txt files and nothing else"),
	TORTURE_TEST(no_such_file, D,
	             "a pattern without a match: STATUS_NO_SUCH_FILE; an exact name: that entry"),
	TORTURE_TEST(restart_scans, D "; MS-SMB2 2.2.33",
	             "after STATUS_NO_MORE_FILES, RESTART_SCANS lists everything again"),
	TORTURE_TEST(single_entry, D "; MS-SMB2 2.2.33",
	             "RETURN_SINGLE_ENTRY: one entry per answer, then STATUS_NO_MORE_FILES"),
	TORTURE_TEST(on_file, D, "QUERY_DIRECTORY on a file handle: STATUS_INVALID_PARAMETER"),
	TORTURE_TEST(bad_class_or_buffer, D,
	             "a non-directory class: INVALID_INFO_CLASS; 8 bytes: INFO_LENGTH_MISMATCH"),
	TORTURE_TEST(no_list_access, D,
	             "an open without FILE_LIST_DIRECTORY: STATUS_ACCESS_DENIED"),
};

TORTURE_SUITE(querydir_suite, "querydir", "QUERY_DIRECTORY basics", tests)
