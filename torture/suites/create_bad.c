/*
 * CREATE requests a server must refuse (MS-SMB2 3.3.5.9, MS-FSCC 2.1.5,
 * MS-FSA 2.1.5.1): names that are not relative path names (wildcards and
 * other reserved characters, a leading or trailing backslash, streams on
 * a file system without them), paths that climb out of the share, an
 * invalid ImpersonationLevel or CreateDisposition, and malformed requests
 * (NameOffset and NameLength, StructureSize) put on the wire with the
 * pre-send hook.  Each refusal is checked to have created nothing.
 */
#include "torture/suites/create_util.h"

/* MS-FSCC 2.1.5.2: characters no file name may hold. */
static void name_reserved_chars(struct torture_ctx *t)
{
	static const char *const bad[] = { "a*b", "a?b", "a<b", "a>b", "a\"b", "a|b", "a\x01" "b",
	                                   "a\x1f" "b" };
	struct cli_open o;

	for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		const char *path = torture_path(t, "%s", bad[i]);

		torture_comment(t, "name %u", i);
		CHECK_STATUS(t, ct_open(t->tree, path, SMB2_GENERIC_ALL, CT_SHARE_ALL,
		                        SMB2_FILE_CREATE, SMB2_FILE_NON_DIRECTORY_FILE, &o),
		             STATUS_OBJECT_NAME_INVALID);
	}
}

/* A wildcard in a directory part of the path is no better. */
static void name_wildcard_in_dir(struct torture_ctx *t)
{
	struct cli_open o;

	ct_make_dir(t, t->tree, torture_path(t, "d"));
	CHECK_STATUS(t, ct_open(t->tree, torture_path(t, "d*\\f"), SMB2_GENERIC_ALL, CT_SHARE_ALL,
	                        SMB2_FILE_OPEN_IF, SMB2_FILE_NON_DIRECTORY_FILE, &o),
	             STATUS_OBJECT_NAME_INVALID);
	CHECK_STATUS(t, ct_open(t->tree, torture_path(t, "*"), SMB2_FILE_LIST_DIRECTORY,
	                        CT_SHARE_ALL, SMB2_FILE_OPEN, SMB2_FILE_DIRECTORY_FILE, &o),
	             STATUS_OBJECT_NAME_INVALID);
}

/* 3.3.5.9: a name beginning with a path separator is
 * STATUS_INVALID_PARAMETER. */
static void name_leading_backslash(struct torture_ctx *t)
{
	struct cli_open o;

	CHECK_STATUS(t, ct_open(t->tree, torture_printf(t, "\\%s\\f", t->dir), SMB2_GENERIC_ALL,
	                        CT_SHARE_ALL, SMB2_FILE_CREATE, SMB2_FILE_NON_DIRECTORY_FILE, &o),
	             STATUS_INVALID_PARAMETER);
	CHECK_STATUS(t, ct_probe(t->tree, torture_path(t, "f")), STATUS_OBJECT_NAME_NOT_FOUND);
}

/* MS-FSA 2.1.5.1: a trailing backslash with FILE_NON_DIRECTORY_FILE is
 * STATUS_OBJECT_NAME_INVALID. */
static void name_trailing_backslash(struct torture_ctx *t)
{
	const char *path = torture_path(t, "f");
	struct cli_open o;

	CHECK_STATUS(t, ct_open(t->tree, torture_path(t, "f\\"), SMB2_GENERIC_ALL, CT_SHARE_ALL,
	                        SMB2_FILE_CREATE, SMB2_FILE_NON_DIRECTORY_FILE, &o),
	             STATUS_OBJECT_NAME_INVALID);
	CHECK_STATUS(t, ct_probe(t->tree, path), STATUS_OBJECT_NAME_NOT_FOUND);
	ct_make_file(t, t->tree, path, 1);
	CHECK_STATUS(t, ct_open(t->tree, torture_path(t, "f\\"), SMB2_FILE_READ_DATA,
	                        CT_SHARE_ALL, SMB2_FILE_OPEN, SMB2_FILE_NON_DIRECTORY_FILE, &o),
	             STATUS_OBJECT_NAME_INVALID);
}

/* Two separators in a row leave an empty component, which no name may
 * have (MS-FSCC 2.1.5). */
static void name_empty_component(struct torture_ctx *t)
{
	struct cli_open o;

	ct_make_dir(t, t->tree, torture_path(t, "d"));
	CHECK_STATUS(t, ct_open(t->tree, torture_path(t, "d\\\\f"), SMB2_GENERIC_ALL,
	                        CT_SHARE_ALL, SMB2_FILE_CREATE, SMB2_FILE_NON_DIRECTORY_FILE, &o),
	             STATUS_OBJECT_NAME_INVALID);
	CHECK_STATUS(t, ct_probe(t->tree, torture_path(t, "d\\f")), STATUS_OBJECT_NAME_NOT_FOUND);
}

/* FileFsAttributeInformation of the share root (MS-FSCC 2.5.1). */
static uint32_t fs_attributes(struct torture_ctx *t)
{
	struct smb2_fsinfo fs;
	struct cli_open o;
	struct cli_req *r;

	CHECK_STATUS(t, ct_open(t->tree, "", SMB2_FILE_READ_ATTRIBUTES, CT_SHARE_ALL,
	                        SMB2_FILE_OPEN, SMB2_FILE_DIRECTORY_FILE, &o),
	             STATUS_SUCCESS);
	CHECK_STATUS(t, cli_query_info_send(t->tree, o.id, SMB2_0_INFO_FILESYSTEM,
	                                    FILE_FS_ATTRIBUTE_INFORMATION, 0, 1024, NULL, &r),
	             STATUS_SUCCESS);
	torture_req(t, r);
	CHECK_STATUS(t, cli_wait(r, 0), STATUS_SUCCESS);
	CHECK_STATUS(t, smb2_fsinfo_decode(FILE_FS_ATTRIBUTE_INFORMATION,
	                                   r->msg.u.query_info_rsp.buffer, &fs),
	             STATUS_SUCCESS);
	CHECK_STATUS(t, cli_close(t->tree, o.id), STATUS_SUCCESS);
	return fs.u.attribute.attributes;
}

/* "file:stream" names a data stream (MS-FSCC 2.1.5.3).  A file system
 * with FILE_NAMED_STREAMS creates it beside the file's main stream;
 * one without refuses the name and creates nothing.  MS-FSCC 2.1.5.2
 * does not allow ':' in a file name, so OBJECT_NAME_INVALID is the
 * expected refusal; INVALID_PARAMETER and, for a stream the store cannot
 * have, OBJECT_NAME_NOT_FOUND are accepted since the specifications do
 * not name one status for a store without streams. */
static void name_stream(struct torture_ctx *t)
{
	const char *file = torture_path(t, "f"), *stream = torture_path(t, "f:s");
	struct cli_open o;
	NTSTATUS st;

	ct_make_file(t, t->tree, file, 3);
	st = ct_open(t->tree, stream, SMB2_GENERIC_ALL, CT_SHARE_ALL, SMB2_FILE_CREATE,
	             SMB2_FILE_NON_DIRECTORY_FILE, &o);
	if (fs_attributes(t) & CT_FILE_NAMED_STREAMS) {
		CHECK_STATUS(t, st, STATUS_SUCCESS);
		CHECK_VAL(t, o.create_action, SMB2_FILE_CREATED);
		CHECK_VAL(t, o.end_of_file, 0);
		CHECK_STATUS(t, cli_write(t->tree, o.id, 0, (const uint8_t *)"streamdata", 10),
		             STATUS_SUCCESS);
		CHECK_STATUS(t, cli_close(t->tree, o.id), STATUS_SUCCESS);
		CHECK_VAL(t, ct_eof(t, t->tree, stream), 10);
		/* The main stream is untouched. */
		CHECK_VAL(t, ct_eof(t, t->tree, file), 3);
		return;
	}
	torture_comment(t, "no FILE_NAMED_STREAMS: %s", nt_status_name(st));
	CHECK_TRUE(t, st == STATUS_OBJECT_NAME_INVALID || st == STATUS_INVALID_PARAMETER ||
	                      st == STATUS_OBJECT_NAME_NOT_FOUND,
	           "creating a stream without FILE_NAMED_STREAMS: %s, want a refusal",
	           nt_status_name(st));
	CHECK_VAL(t, ct_eof(t, t->tree, file), 3);
}

/* Climbing above the share root must be refused, whatever the status
 * (MS-FSCC 2.1.5 has no ".." that leaves the share; Windows answers
 * OBJECT_PATH_SYNTAX_BAD or OBJECT_NAME_INVALID, Samba
 * OBJECT_PATH_SYNTAX_BAD); success would open something outside. */
static void name_escape(struct torture_ctx *t)
{
	static const char *const names[] = {
		"..", "..\\", "..\\..\\..\\..\\etc\\passwd", "..\\share", "x\\..\\..\\y",
	};
	struct cli_open o;

	for (unsigned i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		NTSTATUS st = ct_open(t->tree, names[i], SMB2_FILE_READ_ATTRIBUTES, CT_SHARE_ALL,
		                      SMB2_FILE_OPEN, 0, &o);
		NTSTATUS st2 = ct_open(t->tree, torture_printf(t, "%s\\..\\..\\..\\%s", t->dir,
		                                               names[i]),
		                       SMB2_GENERIC_ALL, CT_SHARE_ALL, SMB2_FILE_OPEN_IF,
		                       SMB2_FILE_NON_DIRECTORY_FILE, &o);

		torture_comment(t, "%s: %s / %s", names[i], nt_status_name(st), nt_status_name(st2));
		CHECK_TRUE(t, st != STATUS_SUCCESS && st != STATUS_PENDING,
		           "\"%s\" opened something above the share root", names[i]);
		CHECK_TRUE(t, st2 != STATUS_SUCCESS && st2 != STATUS_PENDING,
		           "\"%s\" behind the test directory opened or created something above "
		           "the share root", names[i]);
		CHECK_TRUE(t, st == STATUS_OBJECT_PATH_SYNTAX_BAD || st == STATUS_OBJECT_NAME_INVALID ||
		                      st == STATUS_INVALID_PARAMETER || st == STATUS_ACCESS_DENIED ||
		                      st == STATUS_OBJECT_PATH_NOT_FOUND ||
		                      st == STATUS_OBJECT_NAME_NOT_FOUND,
		           "\"%s\": %s is no refusal a server gives for a bad path", names[i],
		           nt_status_name(st));
	}
}

/* 2.2.13: the server MUST validate ImpersonationLevel; 3.3.5.9: a value
 * outside the four defined SHOULD be STATUS_BAD_IMPERSONATION_LEVEL.  The
 * SHOULD leaves the status open, so STATUS_INVALID_PARAMETER (the answer
 * for any other bad field) is accepted too; success is not (Windows Vista
 * and Server 2008, which did not check, fail here). */
static void impersonation_invalid(struct torture_ctx *t)
{
	const char *path = torture_path(t, "f");
	struct cli_create_args a = { .desired_access = SMB2_GENERIC_ALL,
		                     .share_access = CT_SHARE_ALL,
		                     .disposition = SMB2_FILE_CREATE };
	struct ct_patch pt = { 0 };
	struct cli_override ov = { .hook = ct_patch_hook, .hook_arg = &pt };
	struct cli_req *r;

	ct_require_unsigned(t, t->sess);
	ct_patch_add(&pt, CT_OFF_IMPERSONATION, 4, SMB2_IMPERSONATION_DELEGATE + 1);
	r = ct_create_req(t, t->tree, path, &a, &ov);
	CHECK_TRUE(t, r->status == STATUS_BAD_IMPERSONATION_LEVEL ||
	                      r->status == STATUS_INVALID_PARAMETER,
	           "ImpersonationLevel 4: %s, want STATUS_BAD_IMPERSONATION_LEVEL",
	           nt_status_name(r->status));
	CHECK_STATUS(t, ct_probe(t->tree, path), STATUS_OBJECT_NAME_NOT_FOUND);
	/* The four defined levels are all accepted. */
	for (uint32_t lvl = SMB2_IMPERSONATION_ANONYMOUS; lvl <= SMB2_IMPERSONATION_DELEGATE;
	     lvl++) {
		struct cli_open o;

		pt.p[0].val = lvl;
		a.disposition = SMB2_FILE_OPEN_IF;
		r = ct_create_req(t, t->tree, path, &a, &ov);
		torture_comment(t, "ImpersonationLevel %u", lvl);
		CHECK_STATUS(t, cli_create_recv(r, &o), STATUS_SUCCESS);
		CHECK_STATUS(t, cli_close(t->tree, o.id), STATUS_SUCCESS);
	}
}

/* 2.2.13 lists six CreateDisposition values; any other is
 * STATUS_INVALID_PARAMETER (MS-FSA 2.1.5.1 parameter checks). */
static void disposition_invalid(struct torture_ctx *t)
{
	static const uint32_t bad[] = { SMB2_FILE_OVERWRITE_IF + 1, 0x100, 0xFFFFFFFFu };
	const char *path = torture_path(t, "f");
	struct cli_open o;

	for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		torture_comment(t, "CreateDisposition 0x%x", bad[i]);
		CHECK_STATUS(t, ct_open(t->tree, path, SMB2_GENERIC_ALL, CT_SHARE_ALL, bad[i],
		                        SMB2_FILE_NON_DIRECTORY_FILE, &o),
		             STATUS_INVALID_PARAMETER);
	}
	CHECK_STATUS(t, ct_probe(t->tree, path), STATUS_OBJECT_NAME_NOT_FOUND);
}

/* Send CREATE of torture_path("f") with the patches; it must be refused
 * with STATUS_INVALID_PARAMETER and create nothing. */
static void malformed_create(struct torture_ctx *t, struct ct_patch *pt)
{
	const char *path = torture_path(t, "f");
	struct cli_create_args a = { .desired_access = SMB2_GENERIC_ALL,
		                     .share_access = CT_SHARE_ALL,
		                     .disposition = SMB2_FILE_OPEN_IF };
	struct cli_override ov = { .hook = ct_patch_hook, .hook_arg = pt };
	struct cli_req *r;

	ct_require_unsigned(t, t->sess);
	r = ct_create_req(t, t->tree, path, &a, &ov);
	CHECK_STATUS(t, r->status, STATUS_INVALID_PARAMETER);
	CHECK_STATUS(t, ct_probe(t->tree, path), STATUS_OBJECT_NAME_NOT_FOUND);
	/* The connection still works. */
	CHECK_STATUS(t, cli_echo(t->conn), STATUS_SUCCESS);
}

/* The name in bytes as the client sends it: 2 per character (ASCII). */
static uint32_t name_bytes(struct torture_ctx *t)
{
	return (uint32_t)strlen(torture_path(t, "f")) * 2;
}

/* 3.3.5.9: NameLength bytes at NameOffset reaching past the request. */
static void malformed_name_offset_outside(struct torture_ctx *t)
{
	struct ct_patch pt = { 0 };

	ct_patch_add(&pt, CT_OFF_NAME_OFFSET, 2, 0xFF00);
	malformed_create(t, &pt);
}

static void malformed_name_length_outside(struct torture_ctx *t)
{
	struct ct_patch pt = { 0 };

	ct_patch_add(&pt, CT_OFF_NAME_LENGTH, 2, name_bytes(t) + 64);
	malformed_create(t, &pt);
}

/* 3.3.5.9: NameLength not a multiple of 2. */
static void malformed_name_length_odd(struct torture_ctx *t)
{
	struct ct_patch pt = { 0 };

	ct_patch_add(&pt, CT_OFF_NAME_LENGTH, 2, name_bytes(t) - 1);
	malformed_create(t, &pt);
}

/* 3.3.5.9: NameOffset before the Buffer field (inside the fixed part). */
static void malformed_name_offset_low(struct torture_ctx *t)
{
	struct ct_patch pt = { 0 };

	ct_patch_add(&pt, CT_OFF_NAME_OFFSET, 2, CT_BUFFER_OFFSET - 8);
	malformed_create(t, &pt);
}

/* 3.3.5.9: a request shorter than its StructureSize says. */
static void malformed_structure_size(struct torture_ctx *t)
{
	struct ct_patch pt = { 0 };

	ct_patch_add(&pt, CT_OFF_STRUCTURE_SIZE, 2, 0x7FFF);
	malformed_create(t, &pt);
}

static const struct torture_test tests[] = {
	TORTURE_TEST(name_reserved_chars, "MS-SMB2 3.3.5.9; MS-FSCC 2.1.5.2",
	             "names with * ? < > \" | or control characters are "
	             "STATUS_OBJECT_NAME_INVALID"),
	TORTURE_TEST(name_wildcard_in_dir, "MS-SMB2 3.3.5.9; MS-FSCC 2.1.5",
	             "a wildcard in a directory component or as the whole name is "
	             "STATUS_OBJECT_NAME_INVALID"),
	TORTURE_TEST(name_leading_backslash, "MS-SMB2 3.3.5.9",
	             "a name starting with a backslash is STATUS_INVALID_PARAMETER"),
	TORTURE_TEST(name_trailing_backslash, "MS-FSA 2.1.5.1; MS-SMB2 3.3.5.9",
	             "a trailing backslash with FILE_NON_DIRECTORY_FILE is "
	             "STATUS_OBJECT_NAME_INVALID"),
	TORTURE_TEST(name_empty_component, "MS-FSCC 2.1.5; MS-SMB2 3.3.5.9",
	             "an empty path component is STATUS_OBJECT_NAME_INVALID"),
	TORTURE_TEST(name_stream, "MS-FSCC 2.1.5.3; MS-FSCC 2.5.1; MS-FSA 2.1.5.1",
	             "file:stream creates a stream with FILE_NAMED_STREAMS, is refused without"),
	TORTURE_TEST(name_escape, "MS-FSCC 2.1.5; MS-SMB2 3.3.5.9",
	             "paths climbing above the share root are refused"),
	TORTURE_TEST(impersonation_invalid, "MS-SMB2 2.2.13; MS-SMB2 3.3.5.9",
	             "ImpersonationLevel 4 is refused (STATUS_BAD_IMPERSONATION_LEVEL, SHOULD); "
	             "levels 0-3 are accepted"),
	TORTURE_TEST(disposition_invalid, "MS-SMB2 2.2.13; MS-FSA 2.1.5.1",
	             "an undefined CreateDisposition is STATUS_INVALID_PARAMETER"),
	TORTURE_TEST(malformed_name_offset_outside, "MS-SMB2 3.3.5.9; MS-SMB2 2.2.13",
	             "NameOffset past the end of the request is STATUS_INVALID_PARAMETER"),
	TORTURE_TEST(malformed_name_length_outside, "MS-SMB2 3.3.5.9; MS-SMB2 2.2.13",
	             "NameLength reaching past the request is STATUS_INVALID_PARAMETER"),
	TORTURE_TEST(malformed_name_length_odd, "MS-SMB2 3.3.5.9",
	             "an odd NameLength is STATUS_INVALID_PARAMETER"),
	TORTURE_TEST(malformed_name_offset_low, "MS-SMB2 3.3.5.9",
	             "NameOffset before the Buffer field is STATUS_INVALID_PARAMETER"),
	TORTURE_TEST(malformed_structure_size, "MS-SMB2 3.3.5.9; MS-SMB2 2.2.13",
	             "a request shorter than its StructureSize is STATUS_INVALID_PARAMETER"),
};

TORTURE_SUITE(create_bad_suite, "create_bad", "CREATE names and requests a server must refuse",
              tests)
