/*
 * QUERY_INFO refused or cut short (MS-SMB2 3.3.5.20, 3.3.5.20.1,
 * 3.3.5.20.2): an OutputBufferLength below a class's fixed part
 * (STATUS_INFO_LENGTH_MISMATCH) or below a variable answer
 * (STATUS_BUFFER_OVERFLOW with the part that fits), unknown classes and
 * InfoTypes, missing FILE_READ_ATTRIBUTES, a closed FileId, and malformed
 * requests.
 */
#include "torture/suites/info_util.h"
#include "wire/error.h"

/* Offset of QUERY_INFO's StructureSize and OutputBufferLength in the
 * message (MS-SMB2 2.2.37). */
#define QI_OFF_STRUCTURE_SIZE (SMB2_HDR_SIZE + 0)
#define QI_OFF_OUTPUT_LENGTH (SMB2_HDR_SIZE + 4)

struct short_case {
	uint8_t type, cls;
	uint32_t len;
};

static void fixed_too_small(struct torture_ctx *t)
{
	static const struct short_case cases[] = {
		{ SMB2_0_INFO_FILE, FILE_BASIC_INFORMATION, 39 },
		{ SMB2_0_INFO_FILE, FILE_BASIC_INFORMATION, 0 },
		{ SMB2_0_INFO_FILE, FILE_STANDARD_INFORMATION, 23 },
		{ SMB2_0_INFO_FILE, FILE_INTERNAL_INFORMATION, 7 },
		{ SMB2_0_INFO_FILE, FILE_NETWORK_OPEN_INFORMATION, 55 },
		{ SMB2_0_INFO_FILE, FILE_POSITION_INFORMATION, 4 },
		{ SMB2_0_INFO_FILESYSTEM, FILE_FS_SIZE_INFORMATION, 23 },
		{ SMB2_0_INFO_FILESYSTEM, FILE_FS_DEVICE_INFORMATION, 7 },
		{ SMB2_0_INFO_FILESYSTEM, FILE_FS_FULL_SIZE_INFORMATION, 0 },
	};
	struct smb2_blob b;
	struct cli_open o;

	CHECK_STATUS(t, torture_create_file(t, t->tree, torture_path(t, "f"), &o), STATUS_SUCCESS);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		torture_comment(t, "type %u class %u, %u bytes", cases[i].type, cases[i].cls,
		                cases[i].len);
		CHECK_STATUS(t, info_query(t, t->tree, o.id, cases[i].type, cases[i].cls, 0,
		                           cases[i].len, &b),
		             STATUS_INFO_LENGTH_MISMATCH);
	}
}

static void length_mismatch_error_data(struct torture_ctx *t)
{
	struct smb2_blob b;
	struct cli_req *r;
	struct cli_open o;
	bool v311 = t->conn->dialect == SMB2_DIALECT_311;

	CHECK_STATUS(t, torture_create_file(t, t->tree, torture_path(t, "f"), &o), STATUS_SUCCESS);
	CHECK_STATUS(t, info_query_ov(t, t->tree, o.id, SMB2_0_INFO_FILESYSTEM,
	                              FILE_FS_SIZE_INFORMATION, 0, 8, NULL, &b, &r),
	             STATUS_INFO_LENGTH_MISMATCH);
	CHECK_VAL(t, r->msg.kind, SMB2_MSG_ERROR);
	/* 3.3.5.20.2: on 3.1.1 ByteCount 8, one context with ErrorDataLength
	 * 0 and ErrorId 0; before, ByteCount 0. */
	if (v311) {
		CHECK_VAL(t, r->msg.u.error.context_count, 1);
		CHECK_VAL(t, r->msg.u.error.contexts[0].id, SMB2_ERROR_ID_DEFAULT);
		CHECK_VAL(t, r->msg.u.error.contexts[0].data.len, 0);
	} else {
		CHECK_VAL(t, r->msg.u.error.context_count, 0);
		CHECK_VAL(t, r->msg.u.error.data.len, 0);
	}
}

static void variable_overflow(struct torture_ctx *t)
{
	struct smb2_fsinfo full;
	struct smb2_fileinfo all;
	struct smb2_blob b, fb;
	struct cli_open o;
	uint32_t len;

	CHECK_STATUS(t, torture_create_file(t, t->tree, torture_path(t, "long-enough-name.txt"), &o),
	             STATUS_SUCCESS);
	CHECK_STATUS(t, info_query(t, t->tree, o.id, SMB2_0_INFO_FILESYSTEM,
	                           FILE_FS_ATTRIBUTE_INFORMATION, 0, INFO_OUT_LEN, &fb),
	             STATUS_SUCCESS);
	CHECK_STATUS(t, smb2_fsinfo_decode(FILE_FS_ATTRIBUTE_INFORMATION, fb, &full),
	             STATUS_SUCCESS);
	CHECK_TRUE(t, full.u.attribute.name.len >= 6, "file system name of %u bytes",
	           full.u.attribute.name.len);
	/* All but the last character of the name: MS-FSA 2.1.5.13.5 copies
	 * what fits and answers STATUS_BUFFER_OVERFLOW (3.3.5.20.2). */
	len = 12 + full.u.attribute.name.len - 2;
	CHECK_STATUS(t, info_query(t, t->tree, o.id, SMB2_0_INFO_FILESYSTEM,
	                           FILE_FS_ATTRIBUTE_INFORMATION, 0, len, &b),
	             STATUS_BUFFER_OVERFLOW);
	CHECK_VAL(t, b.len, len);
	CHECK_MEM(t, b.p, fb.p, 8);
	CHECK_MEM(t, b.p + 12, fb.p + 12, len - 12);

	/* FileAllInformation carries a name when the server fills it in
	 * (3.3.5.20.1 says it SHOULD be empty): then the same, above the
	 * 104 bytes MS-FSA 2.1.5.12.3 requires. */
	info_file(t, t->tree, o.id, FILE_ALL_INFORMATION, &all);
	if (all.u.all.name.len > 4) {
		CHECK_STATUS(t, info_query(t, t->tree, o.id, SMB2_0_INFO_FILE, FILE_ALL_INFORMATION,
		                           0, 104, &b),
		             STATUS_BUFFER_OVERFLOW);
		CHECK_VAL(t, b.len, 104);
	}
}

static void unknown_class(struct torture_ctx *t)
{
	/* Values MS-FSCC 2.4 and 2.5 do not define. */
	static const uint8_t file_cls[] = { 0, 0x55, 0xFF };
	static const uint8_t fs_cls[] = { 0, 0x55, 0xFF };
	struct smb2_blob b;
	struct cli_open o;

	CHECK_STATUS(t, torture_create_file(t, t->tree, torture_path(t, "f"), &o), STATUS_SUCCESS);
	for (size_t i = 0; i < sizeof(file_cls); i++) {
		torture_comment(t, "file class %u", file_cls[i]);
		CHECK_STATUS(t, info_query(t, t->tree, o.id, SMB2_0_INFO_FILE, file_cls[i], 0,
		                           INFO_OUT_LEN, &b),
		             STATUS_INVALID_INFO_CLASS);
	}
	for (size_t i = 0; i < sizeof(fs_cls); i++) {
		torture_comment(t, "file system class %u", fs_cls[i]);
		CHECK_STATUS(t, info_query(t, t->tree, o.id, SMB2_0_INFO_FILESYSTEM, fs_cls[i], 0,
		                           INFO_OUT_LEN, &b),
		             STATUS_INVALID_INFO_CLASS);
	}
}

static void unknown_info_type(struct torture_ctx *t)
{
	static const uint8_t types[] = { 0, 5, 0xFF };
	struct smb2_blob b;
	struct cli_open o;

	CHECK_STATUS(t, torture_create_file(t, t->tree, torture_path(t, "f"), &o), STATUS_SUCCESS);
	for (size_t i = 0; i < sizeof(types); i++) {
		torture_comment(t, "InfoType %u", types[i]);
		CHECK_STATUS(t, info_query(t, t->tree, o.id, types[i], FILE_BASIC_INFORMATION, 0,
		                           INFO_OUT_LEN, &b),
		             STATUS_INVALID_PARAMETER);
	}
}

static void no_read_attributes(struct torture_ctx *t)
{
	static const uint8_t denied[] = { FILE_BASIC_INFORMATION, FILE_ALL_INFORMATION,
		                          FILE_NETWORK_OPEN_INFORMATION,
		                          FILE_ATTRIBUTE_TAG_INFORMATION };
	const char *path = torture_path(t, "f");
	struct smb2_fileinfo fi;
	struct smb2_blob b;
	struct cli_open o;

	CHECK_STATUS(t, torture_create_file(t, t->tree, path, &o), STATUS_SUCCESS);
	CHECK_STATUS(t, info_open(t, t->tree, path, SMB2_FILE_READ_DATA, INFO_SHARE_ALL,
	                          SMB2_FILE_OPEN, 0, &o),
	             STATUS_SUCCESS);
	/* 3.3.5.20.1: these classes need FILE_READ_ATTRIBUTES. */
	for (size_t i = 0; i < sizeof(denied); i++) {
		torture_comment(t, "class %u", denied[i]);
		CHECK_STATUS(t, info_query(t, t->tree, o.id, SMB2_0_INFO_FILE, denied[i], 0,
		                           INFO_OUT_LEN, &b),
		             STATUS_ACCESS_DENIED);
	}
	/* FileStandardInformation needs no access (MS-FSA 2.1.5.12). */
	info_file(t, t->tree, o.id, FILE_STANDARD_INFORMATION, &fi);
}

static void file_closed(struct torture_ctx *t)
{
	struct smb2_fileid bogus = { UINT64_C(0x1234567887654321), UINT64_C(0x0badf00d0badf00d) };
	struct smb2_blob b;
	struct cli_open o;

	CHECK_STATUS(t, info_query(t, t->tree, bogus, SMB2_0_INFO_FILE, FILE_BASIC_INFORMATION, 0,
	                           INFO_OUT_LEN, &b),
	             STATUS_FILE_CLOSED);
	CHECK_STATUS(t, torture_create_file(t, t->tree, torture_path(t, "f"), &o), STATUS_SUCCESS);
	CHECK_STATUS(t, cli_close(t->tree, o.id), STATUS_SUCCESS);
	CHECK_STATUS(t, info_query(t, t->tree, o.id, SMB2_0_INFO_FILE, FILE_BASIC_INFORMATION, 0,
	                           INFO_OUT_LEN, &b),
	             STATUS_FILE_CLOSED);
}

static void output_too_large(struct torture_ctx *t)
{
	struct smb2_blob b;
	struct cli_open o;

	CHECK_STATUS(t, torture_create_file(t, t->tree, torture_path(t, "f"), &o), STATUS_SUCCESS);
	/* 3.3.5.20: above Connection.MaxTransactSize (SHOULD fail). */
	CHECK_STATUS(t, info_query(t, t->tree, o.id, SMB2_0_INFO_FILE, FILE_BASIC_INFORMATION, 0,
	                           t->conn->max_transact + 1, &b),
	             STATUS_INVALID_PARAMETER);
}

static void set_structure_size(void *arg, uint8_t *frame, size_t len)
{
	(void)arg;
	if (len > QI_OFF_STRUCTURE_SIZE + 2)
		put_le16(frame + QI_OFF_STRUCTURE_SIZE, 40);
}

static void bad_structure_size(struct torture_ctx *t)
{
	struct cli_override ov = { 0 };
	struct smb2_blob b;
	struct cli_open o;
	NTSTATUS st;

	CHECK_STATUS(t, torture_create_file(t, t->tree, torture_path(t, "f"), &o), STATUS_SUCCESS);
	/* 2.2.37: StructureSize MUST be 41; 3.3.5.2.6: a request that does
	 * not conform fails with STATUS_INVALID_PARAMETER, and the server MAY
	 * also disconnect. */
	ov.hook = set_structure_size;
	st = info_query_ov(t, t->tree, o.id, SMB2_0_INFO_FILE, FILE_BASIC_INFORMATION, 0,
	                   INFO_OUT_LEN, &ov, &b, NULL);
	if (st == STATUS_CONNECTION_DISCONNECTED) {
		torture_comment(t, "the server disconnected (allowed by 3.3.5.2.6)");
		return;
	}
	CHECK_STATUS(t, st, STATUS_INVALID_PARAMETER);
	/* The open is still there (unless the server chose to disconnect). */
	st = info_query(t, t->tree, o.id, SMB2_0_INFO_FILE, FILE_BASIC_INFORMATION, 0, INFO_OUT_LEN,
	                &b);
	if (st != STATUS_CONNECTION_DISCONNECTED)
		CHECK_STATUS(t, st, STATUS_SUCCESS);
}

#define E "MS-SMB2 3.3.5.20"

static const struct torture_test tests[] = {
	TORTURE_TEST(fixed_too_small, E "; MS-SMB2 3.3.5.20.1; MS-SMB2 3.3.5.20.2; MS-FSA 2.1.5.12",
	             "OutputBufferLength below a fixed-size class: STATUS_INFO_LENGTH_MISMATCH"),
	TORTURE_TEST(length_mismatch_error_data, E ".2; MS-SMB2 2.2.2; MS-SMB2 2.2.2.1",
	             "STATUS_INFO_LENGTH_MISMATCH carries ByteCount 8 (one empty context) on 3.1.1, else 0"),
	TORTURE_TEST(variable_overflow, E ".1; MS-SMB2 3.3.5.20.2; MS-FSA 2.1.5.13.5; MS-FSCC 2.5.1",
	             "OutputBufferLength inside a variable answer: BUFFER_OVERFLOW and the bytes that fit"),
	TORTURE_TEST(unknown_class, E ".1; MS-SMB2 3.3.5.20.2; MS-FSA 2.1.5.12",
	             "classes MS-FSCC does not define: STATUS_INVALID_INFO_CLASS"),
	TORTURE_TEST(unknown_info_type, E "; MS-SMB2 2.2.37",
	             "an InfoType other than FILE, FILESYSTEM, SECURITY, QUOTA: STATUS_INVALID_PARAMETER"),
	TORTURE_TEST(no_read_attributes, E ".1; MS-FSA 2.1.5.12.6",
	             "Basic, All, NetworkOpen, AttributeTag without FILE_READ_ATTRIBUTES: ACCESS_DENIED"),
	TORTURE_TEST(file_closed, E, "an unknown or closed FileId: STATUS_FILE_CLOSED"),
	TORTURE_TEST(output_too_large, E,
	             "OutputBufferLength above MaxTransactSize: STATUS_INVALID_PARAMETER"),
	TORTURE_TEST(bad_structure_size, E "; MS-SMB2 2.2.37; MS-SMB2 3.3.5.2.6",
	             "StructureSize 40 instead of 41: STATUS_INVALID_PARAMETER"),
};

TORTURE_SUITE(getinfo_err_suite, "getinfo_err", "QUERY_INFO: refusals and short buffers", tests)
