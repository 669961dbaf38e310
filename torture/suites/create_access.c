/*
 * What an open may do and who may open beside it (MS-SMB2 3.3.5.9, MS-FSA
 * 2.1.5.1.2.1 and 2.1.5.1.2.2): DesiredAccess enforced by READ and WRITE,
 * GENERIC_* and MAXIMUM_ALLOWED as FileAccessInformation reports them,
 * delete on close, and share modes across two connections, with a
 * representative part of the matrix smbtorture's share-mode tests cover.
 */
#include "torture/suites/create_util.h"

/* MS-FSA 2.1.5.1.2.2: the rights that take part in sharing checks. */
#define SHARE_READ_RIGHTS (SMB2_FILE_READ_DATA | SMB2_FILE_EXECUTE)
#define SHARE_WRITE_RIGHTS (SMB2_FILE_WRITE_DATA | SMB2_FILE_APPEND_DATA)

static struct smb2_fileid open_file(struct torture_ctx *t, const char *path, uint32_t access)
{
	struct cli_open o;

	CHECK_STATUS(t, ct_open(t->tree, path, access, CT_SHARE_ALL, SMB2_FILE_OPEN,
	                        SMB2_FILE_NON_DIRECTORY_FILE, &o),
	             STATUS_SUCCESS);
	return o.id;
}

/* 3.3.5.13: WRITE needs FILE_WRITE_DATA or FILE_APPEND_DATA. */
static void access_read_only(struct torture_ctx *t)
{
	const char *path = torture_path(t, "f");
	struct smb2_fileid fid;
	uint8_t buf[8];
	size_t got = 0;

	ct_make_file(t, t->tree, path, 8);
	fid = open_file(t, path, SMB2_FILE_READ_DATA);
	CHECK_STATUS(t, cli_read(t->tree, fid, 0, buf, sizeof(buf), &got), STATUS_SUCCESS);
	CHECK_VAL(t, got, 8);
	CHECK_STATUS(t, cli_write(t->tree, fid, 0, buf, 1), STATUS_ACCESS_DENIED);
	CHECK_VAL(t, ct_eof(t, t->tree, path), 8);
}

/* 3.3.5.12: READ needs FILE_READ_DATA. */
static void access_write_only(struct torture_ctx *t)
{
	const char *path = torture_path(t, "f");
	struct smb2_fileid fid;
	uint8_t buf[8] = { 0 };
	size_t got = 0;

	ct_make_file(t, t->tree, path, 8);
	fid = open_file(t, path, SMB2_FILE_WRITE_DATA);
	CHECK_STATUS(t, cli_write(t->tree, fid, 8, buf, 4), STATUS_SUCCESS);
	CHECK_STATUS(t, cli_read(t->tree, fid, 0, buf, sizeof(buf), &got), STATUS_ACCESS_DENIED);
}

/* An open for attributes only reads neither data nor writes it, and
 * still answers QUERY_INFO for attributes. */
static void access_attributes_only(struct torture_ctx *t)
{
	const char *path = torture_path(t, "f");
	struct smb2_fileinfo fi;
	struct smb2_fileid fid;
	uint8_t buf[8] = { 0 };
	size_t got = 0;

	ct_make_file(t, t->tree, path, 8);
	fid = open_file(t, path, SMB2_FILE_READ_ATTRIBUTES);
	CHECK_STATUS(t, ct_query(t, t->tree, fid, FILE_BASIC_INFORMATION, &fi), STATUS_SUCCESS);
	CHECK_STATUS(t, cli_read(t->tree, fid, 0, buf, sizeof(buf), &got), STATUS_ACCESS_DENIED);
	CHECK_STATUS(t, cli_write(t->tree, fid, 0, buf, 1), STATUS_ACCESS_DENIED);
}

/* GENERIC_* are mapped to the file rights they stand for; the open's
 * granted access (FileAccessInformation) holds the mapped rights and no
 * generic bit.  Each generic right alone, and all of them. */
static void access_generic_mapping(struct torture_ctx *t)
{
	static const struct {
		uint32_t generic, mapped;
	} map[] = {
		{ SMB2_GENERIC_READ, CT_FILE_GENERIC_READ },
		{ SMB2_GENERIC_WRITE, CT_FILE_GENERIC_WRITE },
		{ SMB2_GENERIC_EXECUTE, CT_FILE_GENERIC_EXECUTE },
		{ SMB2_GENERIC_ALL, CT_FILE_ALL_ACCESS },
		{ SMB2_GENERIC_READ | SMB2_GENERIC_WRITE,
		  CT_FILE_GENERIC_READ | CT_FILE_GENERIC_WRITE },
	};
	const char *path = torture_path(t, "f");

	ct_make_file(t, t->tree, path, 1);
	for (unsigned i = 0; i < sizeof(map) / sizeof(map[0]); i++) {
		struct smb2_fileid fid = open_file(t, path, map[i].generic);

		torture_comment(t, "DesiredAccess 0x%08x", map[i].generic);
		CHECK_VAL(t, ct_granted(t, t->tree, fid), map[i].mapped);
		CHECK_STATUS(t, cli_close(t->tree, fid), STATUS_SUCCESS);
	}
}

/* Specific rights are granted as asked (with nothing added but what the
 * client asked for). */
static void access_specific_granted(struct torture_ctx *t)
{
	static const uint32_t masks[] = {
		SMB2_FILE_READ_DATA,
		SMB2_FILE_READ_ATTRIBUTES,
		SMB2_FILE_WRITE_DATA | SMB2_FILE_READ_EA,
		SMB2_DELETE | SMB2_READ_CONTROL,
	};
	const char *path = torture_path(t, "f");

	ct_make_file(t, t->tree, path, 1);
	for (unsigned i = 0; i < sizeof(masks) / sizeof(masks[0]); i++) {
		struct smb2_fileid fid = open_file(t, path, masks[i]);
		uint32_t got = ct_granted(t, t->tree, fid);

		torture_comment(t, "DesiredAccess 0x%08x granted 0x%08x", masks[i], got);
		/* SYNCHRONIZE is implied by any open on Windows; accept it. */
		CHECK_VAL(t, got & ~SMB2_SYNCHRONIZE, masks[i]);
		CHECK_STATUS(t, cli_close(t->tree, fid), STATUS_SUCCESS);
	}
}

/* MAXIMUM_ALLOWED on the owner's own file grants data access: the
 * granted mask holds read, write and delete rights and neither the
 * MAXIMUM_ALLOWED bit nor a generic bit (MS-SMB2 2.2.13.1.1). */
static void access_maximum_allowed(struct torture_ctx *t)
{
	const char *path = torture_path(t, "f");
	struct smb2_fileid fid;
	uint8_t buf[4];
	size_t got = 0;
	uint32_t g;

	ct_make_file(t, t->tree, path, 4);
	fid = open_file(t, path, SMB2_MAXIMUM_ALLOWED);
	g = ct_granted(t, t->tree, fid);
	torture_comment(t, "MAXIMUM_ALLOWED granted 0x%08x", g);
	CHECK_TRUE(t, (g & (SMB2_FILE_READ_DATA | SMB2_FILE_WRITE_DATA | SMB2_DELETE)) ==
	                      (SMB2_FILE_READ_DATA | SMB2_FILE_WRITE_DATA | SMB2_DELETE),
	           "MAXIMUM_ALLOWED on the user's own file granted 0x%08x", g);
	CHECK_VAL(t, g & (SMB2_MAXIMUM_ALLOWED | 0xF0000000u), 0);
	CHECK_STATUS(t, cli_read(t->tree, fid, 0, buf, sizeof(buf), &got), STATUS_SUCCESS);
	CHECK_STATUS(t, cli_write(t->tree, fid, 4, buf, 2), STATUS_SUCCESS);
}

/* ---- delete on close -------------------------------------------------- */

/* A new file opened with DELETE_ON_CLOSE and the access given lives
 * while open and is gone after the close. */
static void doc_new_file(struct torture_ctx *t, uint32_t access)
{
	const char *path = torture_path(t, "f");
	struct cli_open o;

	CHECK_STATUS(t, ct_open(t->tree, path, access, CT_SHARE_ALL, SMB2_FILE_CREATE,
	                        SMB2_FILE_NON_DIRECTORY_FILE | SMB2_FILE_DELETE_ON_CLOSE, &o),
	             STATUS_SUCCESS);
	CHECK_STATUS(t, cli_write(t->tree, o.id, 0, (const uint8_t *)"x", 1), STATUS_SUCCESS);
	/* Still there while open. */
	CHECK_STATUS(t, ct_probe(t->tree, path), STATUS_SUCCESS);
	CHECK_STATUS(t, cli_close(t->tree, o.id), STATUS_SUCCESS);
	CHECK_STATUS(t, ct_probe(t->tree, path), STATUS_OBJECT_NAME_NOT_FOUND);
}

static void doc_removes_file(struct torture_ctx *t)
{
	doc_new_file(t, SMB2_DELETE | SMB2_FILE_READ_DATA | SMB2_FILE_WRITE_DATA);
}

/* 3.3.5.9 names DELETE or GENERIC_ALL as the access DELETE_ON_CLOSE
 * needs: GENERIC_ALL alone is enough. */
static void doc_generic_all(struct torture_ctx *t)
{
	doc_new_file(t, SMB2_GENERIC_ALL);
}

/* An existing file opened with DELETE and DELETE_ON_CLOSE goes when the
 * last open closes, not before. */
static void doc_last_close(struct torture_ctx *t)
{
	const char *path = torture_path(t, "f");
	struct cli_open keep, o;

	ct_make_file(t, t->tree, path, 1);
	CHECK_STATUS(t, ct_open(t->tree, path, SMB2_FILE_READ_DATA, CT_SHARE_ALL, SMB2_FILE_OPEN,
	                        0, &keep),
	             STATUS_SUCCESS);
	CHECK_STATUS(t, ct_open(t->tree, path, SMB2_DELETE, CT_SHARE_ALL, SMB2_FILE_OPEN,
	                        SMB2_FILE_DELETE_ON_CLOSE, &o),
	             STATUS_SUCCESS);
	CHECK_STATUS(t, cli_close(t->tree, o.id), STATUS_SUCCESS);
	CHECK_STATUS(t, cli_close(t->tree, keep.id), STATUS_SUCCESS);
	CHECK_STATUS(t, ct_probe(t->tree, path), STATUS_OBJECT_NAME_NOT_FOUND);
}

/* 3.3.5.9: DELETE_ON_CLOSE without DELETE (or GENERIC_ALL) in
 * DesiredAccess SHOULD fail with STATUS_ACCESS_DENIED.  Windows Server
 * 2012 answered STATUS_INVALID_PARAMETER (the object store's answer,
 * MS-FSA 2.1.5.1); a SHOULD leaves that open, so both are accepted.
 * Nothing may be created either way. */
static void doc_without_delete(struct torture_ctx *t)
{
	const char *path = torture_path(t, "f");
	struct cli_open o;
	NTSTATUS st;

	st = ct_open(t->tree, path, SMB2_GENERIC_READ | SMB2_GENERIC_WRITE, CT_SHARE_ALL,
	             SMB2_FILE_CREATE, SMB2_FILE_NON_DIRECTORY_FILE | SMB2_FILE_DELETE_ON_CLOSE,
	             &o);
	CHECK_TRUE(t, st == STATUS_ACCESS_DENIED || st == STATUS_INVALID_PARAMETER,
	           "DELETE_ON_CLOSE without DELETE: %s, want STATUS_ACCESS_DENIED "
	           "(or STATUS_INVALID_PARAMETER)", nt_status_name(st));
	CHECK_STATUS(t, ct_probe(t->tree, path), STATUS_OBJECT_NAME_NOT_FOUND);
	ct_make_file(t, t->tree, path, 1);
	st = ct_open(t->tree, path, SMB2_FILE_READ_DATA, CT_SHARE_ALL, SMB2_FILE_OPEN,
	             SMB2_FILE_DELETE_ON_CLOSE, &o);
	CHECK_TRUE(t, st == STATUS_ACCESS_DENIED || st == STATUS_INVALID_PARAMETER,
	           "DELETE_ON_CLOSE without DELETE on an existing file: %s", nt_status_name(st));
	CHECK_STATUS(t, ct_probe(t->tree, path), STATUS_SUCCESS);
}

/* MS-FSA 2.1.5.1.2.1: DELETE_ON_CLOSE on a READONLY file is
 * STATUS_CANNOT_DELETE. */
static void doc_readonly(struct torture_ctx *t)
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
	CHECK_STATUS(t, cli_close(t->tree, o.id), STATUS_SUCCESS);
	CHECK_STATUS(t, ct_open(t->tree, path, SMB2_DELETE, CT_SHARE_ALL, SMB2_FILE_OPEN,
	                        SMB2_FILE_DELETE_ON_CLOSE, &o),
	             STATUS_CANNOT_DELETE);
	CHECK_STATUS(t, ct_probe(t->tree, path), STATUS_SUCCESS);
}

/* A directory with a child cannot be deleted: setting the disposition is
 * STATUS_DIRECTORY_NOT_EMPTY (MS-FSA 2.1.5.14.3); a DELETE_ON_CLOSE open
 * of it may succeed or fail at open (the object store decides when it
 * checks), but the directory and its child are still there after close.
 * Empty, the same directory goes with delete on close. */
static void doc_nonempty_dir(struct torture_ctx *t)
{
	const char *dir = torture_path(t, "d"), *child = torture_path(t, "d\\f");
	struct cli_open o;
	NTSTATUS st;

	ct_make_dir(t, t->tree, dir);
	ct_make_file(t, t->tree, child, 1);
	st = ct_open(t->tree, dir, SMB2_DELETE | SMB2_FILE_LIST_DIRECTORY, CT_SHARE_ALL,
	             SMB2_FILE_OPEN, SMB2_FILE_DIRECTORY_FILE | SMB2_FILE_DELETE_ON_CLOSE, &o);
	CHECK_TRUE(t, st == STATUS_SUCCESS || st == STATUS_DIRECTORY_NOT_EMPTY,
	           "DELETE_ON_CLOSE open of a non-empty directory: %s", nt_status_name(st));
	if (st == STATUS_SUCCESS)
		CHECK_STATUS(t, cli_close(t->tree, o.id), STATUS_SUCCESS);
	CHECK_STATUS(t, ct_probe(t->tree, child), STATUS_SUCCESS);
	CHECK_STATUS(t, ct_probe(t->tree, dir), STATUS_SUCCESS);

	CHECK_STATUS(t, ct_open(t->tree, dir, SMB2_DELETE, CT_SHARE_ALL, SMB2_FILE_OPEN,
	                        SMB2_FILE_DIRECTORY_FILE, &o),
	             STATUS_SUCCESS);
	CHECK_STATUS(t, cli_set_delete_on_close(t->tree, o.id, true), STATUS_DIRECTORY_NOT_EMPTY);
	CHECK_STATUS(t, cli_close(t->tree, o.id), STATUS_SUCCESS);

	CHECK_STATUS(t, cli_unlink(t->tree, child), STATUS_SUCCESS);
	CHECK_STATUS(t, ct_open(t->tree, dir, SMB2_DELETE, CT_SHARE_ALL, SMB2_FILE_OPEN,
	                        SMB2_FILE_DIRECTORY_FILE | SMB2_FILE_DELETE_ON_CLOSE, &o),
	             STATUS_SUCCESS);
	CHECK_STATUS(t, cli_close(t->tree, o.id), STATUS_SUCCESS);
	CHECK_STATUS(t, ct_probe(t->tree, dir), STATUS_OBJECT_NAME_NOT_FOUND);
}

/* ---- share modes -------------------------------------------------------- */

/* MS-FSA 2.1.5.1.2.2: a new open conflicts with an existing one when it
 * asks for a right the existing open does not share, or the existing
 * open holds a right the new one does not share.  Rights outside read,
 * write and delete take no part. */
static bool shares_conflict(uint32_t a1, uint32_t s1, uint32_t a2, uint32_t s2)
{
	if (!(a2 & (SHARE_READ_RIGHTS | SHARE_WRITE_RIGHTS | SMB2_DELETE)))
		return false;
	return ((a2 & SHARE_READ_RIGHTS) && !(s1 & SMB2_FILE_SHARE_READ)) ||
	       ((a2 & SHARE_WRITE_RIGHTS) && !(s1 & SMB2_FILE_SHARE_WRITE)) ||
	       ((a2 & SMB2_DELETE) && !(s1 & SMB2_FILE_SHARE_DELETE)) ||
	       ((a1 & SHARE_READ_RIGHTS) && !(s2 & SMB2_FILE_SHARE_READ)) ||
	       ((a1 & SHARE_WRITE_RIGHTS) && !(s2 & SMB2_FILE_SHARE_WRITE)) ||
	       ((a1 & SMB2_DELETE) && !(s2 & SMB2_FILE_SHARE_DELETE));
}

/* Open path on tree1 with (a1, s1), then on tree2 with each (a2, s2):
 * success or STATUS_SHARING_VIOLATION as shares_conflict() says. */
static void share_row(struct torture_ctx *t, struct cli_tree *tree1, struct cli_tree *tree2,
                      const char *path, uint32_t a1, uint32_t s1, const uint32_t *a2s,
                      unsigned na2, const uint32_t *s2s, unsigned ns2)
{
	struct cli_open o1, o2;

	CHECK_STATUS(t, ct_open(tree1, path, a1, s1, SMB2_FILE_OPEN, 0, &o1), STATUS_SUCCESS);
	for (unsigned i = 0; i < na2; i++) {
		for (unsigned j = 0; j < ns2; j++) {
			bool conflict = shares_conflict(a1, s1, a2s[i], s2s[j]);
			NTSTATUS st = ct_open(tree2, path, a2s[i], s2s[j], SMB2_FILE_OPEN, 0, &o2);

			if (st == STATUS_SUCCESS)
				CHECK_STATUS(t, cli_close(tree2, o2.id), STATUS_SUCCESS);
			if (st != (conflict ? STATUS_SHARING_VIOLATION : STATUS_SUCCESS))
				torture_fail(t, "first open access 0x%x share %u, second access 0x%x "
				                "share %u: %s, want %s",
				             a1, s1, a2s[i], s2s[j], nt_status_name(st),
				             conflict ? "STATUS_SHARING_VIOLATION" : "STATUS_SUCCESS");
		}
	}
	CHECK_STATUS(t, cli_close(tree1, o1.id), STATUS_SUCCESS);
}

static struct cli_tree *second_client(struct torture_ctx *t)
{
	struct cli_tree *tree2;

	CHECK_STATUS(t, torture_open_client(t, NULL, NULL, NULL, &tree2), STATUS_SUCCESS);
	return tree2;
}

/* The common cases, one by one: readers share with readers, a writer
 * without FILE_SHARE_WRITE locks writers out, FILE_SHARE_DELETE gates
 * DELETE, and an attributes-only open passes any share mode. */
static void share_basic(struct torture_ctx *t)
{
	const char *path = torture_path(t, "f");
	struct cli_tree *tree2 = second_client(t);
	struct cli_open o1, o2;

	ct_make_file(t, t->tree, path, 1);
	CHECK_STATUS(t, ct_open(t->tree, path, SMB2_FILE_READ_DATA, SMB2_FILE_SHARE_READ,
	                        SMB2_FILE_OPEN, 0, &o1),
	             STATUS_SUCCESS);
	CHECK_STATUS(t, ct_open(tree2, path, SMB2_FILE_READ_DATA, SMB2_FILE_SHARE_READ,
	                        SMB2_FILE_OPEN, 0, &o2),
	             STATUS_SUCCESS);
	CHECK_STATUS(t, cli_close(tree2, o2.id), STATUS_SUCCESS);
	CHECK_STATUS(t, ct_open(tree2, path, SMB2_FILE_WRITE_DATA, CT_SHARE_ALL, SMB2_FILE_OPEN,
	                        0, &o2),
	             STATUS_SHARING_VIOLATION);
	CHECK_STATUS(t, ct_open(tree2, path, SMB2_DELETE, CT_SHARE_ALL, SMB2_FILE_OPEN, 0, &o2),
	             STATUS_SHARING_VIOLATION);
	CHECK_STATUS(t, ct_open(tree2, path, SMB2_FILE_READ_ATTRIBUTES, 0, SMB2_FILE_OPEN, 0, &o2),
	             STATUS_SUCCESS);
	CHECK_STATUS(t, cli_close(tree2, o2.id), STATUS_SUCCESS);
	CHECK_STATUS(t, cli_close(t->tree, o1.id), STATUS_SUCCESS);
	/* Nothing left open: anything goes again. */
	CHECK_STATUS(t, ct_open(tree2, path, SMB2_FILE_WRITE_DATA | SMB2_DELETE, 0,
	                        SMB2_FILE_OPEN, 0, &o2),
	             STATUS_SUCCESS);
	CHECK_STATUS(t, ct_open(t->tree, path, SMB2_FILE_READ_DATA, CT_SHARE_ALL, SMB2_FILE_OPEN,
	                        0, &o1),
	             STATUS_SHARING_VIOLATION);
}

/* A truncating disposition writes the file: it needs the write share
 * of the existing opens even without FILE_WRITE_DATA asked, and fails
 * without touching the data. */
static void share_overwrite_needs_write_share(struct torture_ctx *t)
{
	const char *path = torture_path(t, "f");
	struct cli_tree *tree2 = second_client(t);
	struct cli_open o1, o2;

	ct_make_file(t, t->tree, path, 10);
	CHECK_STATUS(t, ct_open(t->tree, path, SMB2_FILE_READ_DATA, SMB2_FILE_SHARE_READ,
	                        SMB2_FILE_OPEN, 0, &o1),
	             STATUS_SUCCESS);
	CHECK_STATUS(t, ct_open(tree2, path, SMB2_GENERIC_WRITE, CT_SHARE_ALL,
	                        SMB2_FILE_OVERWRITE, 0, &o2),
	             STATUS_SHARING_VIOLATION);
	CHECK_VAL(t, ct_eof(t, t->tree, path), 10);
}

/* The first open with each of read, write, delete and all three, under
 * each of the eight share modes, against a second open (other
 * connection) asking read, write or delete and sharing everything. */
static void share_matrix_first(struct torture_ctx *t)
{
	static const uint32_t a1s[] = { SMB2_FILE_READ_DATA, SMB2_FILE_WRITE_DATA, SMB2_DELETE,
	                                SMB2_FILE_READ_DATA | SMB2_FILE_WRITE_DATA | SMB2_DELETE };
	static const uint32_t a2s[] = { SMB2_FILE_READ_DATA, SMB2_FILE_WRITE_DATA, SMB2_DELETE,
	                                SMB2_FILE_APPEND_DATA, SMB2_FILE_EXECUTE };
	static const uint32_t s2s[] = { CT_SHARE_ALL };
	const char *path = torture_path(t, "f");
	struct cli_tree *tree2 = second_client(t);

	ct_make_file(t, t->tree, path, 1);
	for (unsigned i = 0; i < sizeof(a1s) / sizeof(a1s[0]); i++)
		for (uint32_t s1 = 0; s1 <= CT_SHARE_ALL; s1++)
			share_row(t, t->tree, tree2, path, a1s[i], s1, a2s, 5, s2s, 1);
}

/* The first open asks read, write or delete and shares everything; the
 * second asks read, write, delete or attributes only under each of the
 * eight share modes. */
static void share_matrix_second(struct torture_ctx *t)
{
	static const uint32_t a1s[] = { SMB2_FILE_READ_DATA, SMB2_FILE_WRITE_DATA, SMB2_DELETE,
	                                SMB2_FILE_APPEND_DATA };
	static const uint32_t a2s[] = { SMB2_FILE_READ_DATA, SMB2_FILE_WRITE_DATA, SMB2_DELETE,
	                                SMB2_FILE_READ_ATTRIBUTES };
	static const uint32_t s2s[] = { 0, 1, 2, 3, 4, 5, 6, 7 };
	const char *path = torture_path(t, "f");
	struct cli_tree *tree2 = second_client(t);

	ct_make_file(t, t->tree, path, 1);
	for (unsigned i = 0; i < sizeof(a1s) / sizeof(a1s[0]); i++)
		share_row(t, t->tree, tree2, path, a1s[i], CT_SHARE_ALL, a2s, 4, s2s, 8);
}

static const struct torture_test tests[] = {
	TORTURE_TEST(access_read_only, "MS-SMB2 3.3.5.13; MS-SMB2 3.3.5.9",
	             "an open for FILE_READ_DATA reads; WRITE is STATUS_ACCESS_DENIED"),
	TORTURE_TEST(access_write_only, "MS-SMB2 3.3.5.12; MS-SMB2 3.3.5.9",
	             "an open for FILE_WRITE_DATA writes; READ is STATUS_ACCESS_DENIED"),
	TORTURE_TEST(access_attributes_only, "MS-SMB2 3.3.5.12; MS-SMB2 3.3.5.13; MS-SMB2 3.3.5.20.1",
	             "an attributes-only open queries attributes; READ and WRITE are denied"),
	TORTURE_TEST(access_generic_mapping, "MS-SMB2 2.2.13.1.1; MS-DTYP 2.4.3; MS-FSCC 2.4.1",
	             "GENERIC_READ/WRITE/EXECUTE/ALL are granted as the file rights they map to"),
	TORTURE_TEST(access_specific_granted, "MS-SMB2 2.2.13.1.1; MS-FSCC 2.4.1",
	             "specific rights are granted as asked (FileAccessInformation)"),
	TORTURE_TEST(access_maximum_allowed, "MS-SMB2 2.2.13.1.1; MS-FSCC 2.4.1; MS-FSA 2.1.5.1.2.1",
	             "MAXIMUM_ALLOWED on an own file grants read, write and delete, no "
	             "generic bit"),
	TORTURE_TEST(doc_removes_file, "MS-SMB2 2.2.13; MS-FSA 2.1.5.1; MS-SMB2 3.3.5.10",
	             "a file created with DELETE_ON_CLOSE is gone after its close"),
	TORTURE_TEST(doc_generic_all, "MS-SMB2 3.3.5.9; MS-SMB2 2.2.13.1.1",
	             "GENERIC_ALL is access enough for DELETE_ON_CLOSE; the file goes at close"),
	TORTURE_TEST(doc_last_close, "MS-SMB2 2.2.13; MS-FSA 2.1.5.4",
	             "DELETE_ON_CLOSE takes effect when the last open of the file closes"),
	TORTURE_TEST(doc_without_delete, "MS-SMB2 3.3.5.9; MS-FSA 2.1.5.1",
	             "DELETE_ON_CLOSE without DELETE access is refused (STATUS_ACCESS_DENIED, "
	             "SHOULD) and creates nothing"),
	TORTURE_TEST(doc_readonly, "MS-FSA 2.1.5.1.2.1",
	             "DELETE_ON_CLOSE on a READONLY file is STATUS_CANNOT_DELETE"),
	TORTURE_TEST(doc_nonempty_dir, "MS-FSA 2.1.5.14.3; MS-FSA 2.1.5.1.2; MS-SMB2 3.3.5.21.1",
	             "a non-empty directory survives delete on close "
	             "(STATUS_DIRECTORY_NOT_EMPTY); empty, it goes"),
	TORTURE_TEST(share_basic, "MS-FSA 2.1.5.1.2.2; MS-SMB2 3.3.5.9",
	             "readers share, an unshared write or delete is STATUS_SHARING_VIOLATION, "
	             "attribute opens pass"),
	TORTURE_TEST(share_overwrite_needs_write_share, "MS-FSA 2.1.5.1.2; MS-FSA 2.1.5.1.2.2",
	             "OVERWRITE against an open that does not share write is "
	             "STATUS_SHARING_VIOLATION; data kept"),
	TORTURE_TEST(share_matrix_first, "MS-FSA 2.1.5.1.2.2; MS-SMB2 3.3.5.9",
	             "first open's access x its eight share modes against read/write/delete/"
	             "append/execute opens"),
	TORTURE_TEST(share_matrix_second, "MS-FSA 2.1.5.1.2.2; MS-SMB2 3.3.5.9",
	             "read/write/delete/append opens against second opens in all eight share "
	             "modes"),
};

TORTURE_SUITE(create_access_suite, "create_access",
              "CREATE access checks, delete on close and share modes", tests)
