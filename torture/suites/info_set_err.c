/*
 * SET_INFO refused (MS-SMB2 3.3.5.21, 3.3.5.21.1, MS-FSA 2.1.5.15 and
 * 2.1.5.17): a set without the access its class needs, a buffer shorter
 * than its class, classes that are query-only or undefined, an unknown
 * InfoType, a closed FileId, and malformed requests (StructureSize, a
 * buffer reaching past the message).  Each refusal leaves the file as it
 * was.
 */
#include "torture/suites/info_util.h"

/* MS-SMB2 2.2.39: StructureSize at 0, BufferLength at 4 of the body. */
#define SI_OFF_STRUCTURE_SIZE (SMB2_HDR_SIZE + 0)
#define SI_OFF_BUFFER_LENGTH (SMB2_HDR_SIZE + 4)

static uint64_t eof_of(struct torture_ctx *t, struct smb2_fileid fid)
{
	struct smb2_fileinfo fi;

	info_file(t, t->tree, fid, FILE_STANDARD_INFORMATION, &fi);
	return fi.u.standard.end_of_file;
}

static void no_access(struct torture_ctx *t)
{
	const char *path = torture_path(t, "f");
	uint8_t eof8[8] = { 1 }, basic40[40] = { 0 }, del = 1;
	struct cli_open o, ro;

	info_new_file(t, t->tree, path, 100, &o);
	CHECK_STATUS(t, info_open(t, t->tree, path, SMB2_FILE_READ_DATA | SMB2_FILE_READ_ATTRIBUTES,
	                          INFO_SHARE_ALL, SMB2_FILE_OPEN, 0, &ro),
	             STATUS_SUCCESS);
	put_le32(basic40 + 32, SMB2_FILE_ATTRIBUTE_READONLY);
	/* 3.3.5.21.1: Basic needs FILE_WRITE_ATTRIBUTES, Disposition DELETE;
	 * MS-FSA 2.1.5.15: EndOfFile and Allocation FILE_WRITE_DATA. */
	CHECK_STATUS(t, info_set_raw(t, t->tree, ro.id, SMB2_0_INFO_FILE, FILE_BASIC_INFORMATION, 0,
	                             basic40, sizeof(basic40)),
	             STATUS_ACCESS_DENIED);
	CHECK_STATUS(t, info_set_raw(t, t->tree, ro.id, SMB2_0_INFO_FILE,
	                             FILE_END_OF_FILE_INFORMATION, 0, eof8, sizeof(eof8)),
	             STATUS_ACCESS_DENIED);
	CHECK_STATUS(t, info_set_raw(t, t->tree, ro.id, SMB2_0_INFO_FILE,
	                             FILE_ALLOCATION_INFORMATION, 0, eof8, sizeof(eof8)),
	             STATUS_ACCESS_DENIED);
	CHECK_STATUS(t, info_set_raw(t, t->tree, ro.id, SMB2_0_INFO_FILE,
	                             FILE_DISPOSITION_INFORMATION, 0, &del, 1),
	             STATUS_ACCESS_DENIED);
	CHECK_VAL(t, eof_of(t, o.id), 100);
	CHECK_STATUS(t, info_open(t, t->tree, path, SMB2_FILE_WRITE_DATA, INFO_SHARE_ALL,
	                          SMB2_FILE_OPEN, 0, &ro),
	             STATUS_SUCCESS);
}

struct short_set {
	uint8_t cls;
	uint32_t len;
};

static void buffer_too_small(struct torture_ctx *t)
{
	static const struct short_set cases[] = {
		{ FILE_BASIC_INFORMATION, 32 },     { FILE_END_OF_FILE_INFORMATION, 7 },
		{ FILE_ALLOCATION_INFORMATION, 4 }, { FILE_DISPOSITION_INFORMATION, 0 },
		{ FILE_POSITION_INFORMATION, 7 },   { FILE_MODE_INFORMATION, 3 },
	};
	const char *wrong = "";
	uint8_t buf[64];
	struct cli_open o;

	memset(buf, 0, sizeof(buf));
	info_new_file(t, t->tree, torture_path(t, "f"), 100, &o);
	/* MS-FSA 2.1.5.15: an InputBufferSize below the class's structure
	 * is STATUS_INFO_LENGTH_MISMATCH.  Every class is tried, the ones
	 * answered otherwise are named together. */
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		NTSTATUS st = info_set_raw(t, t->tree, o.id, SMB2_0_INFO_FILE, cases[i].cls, 0, buf,
		                           cases[i].len);
		if (st != STATUS_INFO_LENGTH_MISMATCH)
			wrong = torture_printf(t, "%s class %u with %u bytes: %s;", wrong, cases[i].cls,
			                       cases[i].len, nt_status_name(st));
	}
	CHECK_TRUE(t, !*wrong, "expected STATUS_INFO_LENGTH_MISMATCH:%s", wrong);
	CHECK_VAL(t, eof_of(t, o.id), 100);
}

static void query_only_class(struct torture_ctx *t)
{
	/* MS-FSCC 2.4: classes whose Uses column has no "Set". */
	static const struct short_set cases[] = {
		{ FILE_STANDARD_INFORMATION, 24 },     { FILE_INTERNAL_INFORMATION, 8 },
		{ FILE_ACCESS_INFORMATION, 4 },        { FILE_ALL_INFORMATION, 104 },
		{ FILE_NETWORK_OPEN_INFORMATION, 56 }, { FILE_ATTRIBUTE_TAG_INFORMATION, 8 },
		{ FILE_COMPRESSION_INFORMATION, 16 },
	};
	uint8_t buf[128];
	struct cli_open o;

	memset(buf, 0, sizeof(buf));
	CHECK_STATUS(t, torture_create_file(t, t->tree, torture_path(t, "f"), &o), STATUS_SUCCESS);
	/* 3.3.5.21.1: SHOULD be failed with STATUS_INVALID_INFO_CLASS. */
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		torture_comment(t, "class %u", cases[i].cls);
		CHECK_STATUS(t, info_set_raw(t, t->tree, o.id, SMB2_0_INFO_FILE, cases[i].cls, 0, buf,
		                             cases[i].len),
		             STATUS_INVALID_INFO_CLASS);
	}
}

static void unknown_class(struct torture_ctx *t)
{
	static const uint8_t cls[] = { 0, 0x55, 0xFF };
	uint8_t buf[64];
	struct cli_open o;

	memset(buf, 0, sizeof(buf));
	CHECK_STATUS(t, torture_create_file(t, t->tree, torture_path(t, "f"), &o), STATUS_SUCCESS);
	/* 3.3.5.21.1: classes MS-FSCC does not define. */
	for (size_t i = 0; i < sizeof(cls); i++) {
		torture_comment(t, "class %u", cls[i]);
		CHECK_STATUS(t, info_set_raw(t, t->tree, o.id, SMB2_0_INFO_FILE, cls[i], 0, buf,
		                             sizeof(buf)),
		             STATUS_INVALID_INFO_CLASS);
	}
}

static void unknown_info_type(struct torture_ctx *t)
{
	static const uint8_t types[] = { 0, 5, 0xFF };
	uint8_t buf[40];
	struct cli_open o;

	memset(buf, 0, sizeof(buf));
	CHECK_STATUS(t, torture_create_file(t, t->tree, torture_path(t, "f"), &o), STATUS_SUCCESS);
	for (size_t i = 0; i < sizeof(types); i++) {
		torture_comment(t, "InfoType %u", types[i]);
		CHECK_STATUS(t, info_set_raw(t, t->tree, o.id, types[i], FILE_BASIC_INFORMATION, 0,
		                             buf, sizeof(buf)),
		             STATUS_INVALID_PARAMETER);
	}
}

static void file_closed(struct torture_ctx *t)
{
	struct smb2_fileid bogus = { UINT64_C(0x1122334455667788), UINT64_C(0x8877665544332211) };
	struct cli_open o;

	CHECK_STATUS(t, cli_set_eof(t->tree, bogus, 10), STATUS_FILE_CLOSED);
	CHECK_STATUS(t, torture_create_file(t, t->tree, torture_path(t, "f"), &o), STATUS_SUCCESS);
	CHECK_STATUS(t, cli_close(t->tree, o.id), STATUS_SUCCESS);
	CHECK_STATUS(t, cli_set_eof(t->tree, o.id, 10), STATUS_FILE_CLOSED);
}

static void security_no_write_dac(struct torture_ctx *t)
{
	const char *path = torture_path(t, "f");
	struct smb2_blob b;
	struct cli_open o;

	CHECK_STATUS(t, torture_create_file(t, t->tree, path, &o), STATUS_SUCCESS);
	CHECK_STATUS(t, info_open(t, t->tree, path, SMB2_READ_CONTROL | SMB2_FILE_READ_ATTRIBUTES,
	                          INFO_SHARE_ALL, SMB2_FILE_OPEN, 0, &o),
	             STATUS_SUCCESS);
	CHECK_STATUS(t, info_query(t, t->tree, o.id, SMB2_0_INFO_SECURITY, 0,
	                           DACL_SECURITY_INFORMATION, INFO_OUT_LEN, &b),
	             STATUS_SUCCESS);
	/* MS-FSA 2.1.5.17: a DACL needs WRITE_DAC, an owner WRITE_OWNER. */
	CHECK_STATUS(t, info_set_raw(t, t->tree, o.id, SMB2_0_INFO_SECURITY, 0,
	                             DACL_SECURITY_INFORMATION, b.p, b.len),
	             STATUS_ACCESS_DENIED);
	CHECK_STATUS(t, info_query(t, t->tree, o.id, SMB2_0_INFO_SECURITY, 0,
	                           OWNER_SECURITY_INFORMATION, INFO_OUT_LEN, &b),
	             STATUS_SUCCESS);
	CHECK_STATUS(t, info_set_raw(t, t->tree, o.id, SMB2_0_INFO_SECURITY, 0,
	                             OWNER_SECURITY_INFORMATION, b.p, b.len),
	             STATUS_ACCESS_DENIED);
}

struct patch {
	size_t off;
	uint32_t value;
	bool u32;
};

static void patch_frame(void *arg, uint8_t *frame, size_t len)
{
	const struct patch *p = arg;

	if (p->u32 && len >= p->off + 4)
		put_le32(frame + p->off, p->value);
	else if (!p->u32 && len >= p->off + 2)
		put_le16(frame + p->off, (uint16_t)p->value);
}

/* SET_INFO FileEndOfFileInformation = 1 through a hook that patches the
 * request; STATUS_CONNECTION_DISCONNECTED if the server dropped us (it
 * MAY, MS-SMB2 3.3.5.2.6). */
static NTSTATUS patched_eof(struct torture_ctx *t, struct smb2_fileid fid, struct patch *p)
{
	struct cli_override ov = { 0 };
	uint8_t eof8[8] = { 1 };
	struct cli_req *r;
	NTSTATUS st;

	ov.hook = patch_frame;
	ov.hook_arg = p;
	st = cli_set_info_send(t->tree, fid, SMB2_0_INFO_FILE, FILE_END_OF_FILE_INFORMATION, 0, eof8,
	                       sizeof(eof8), &ov, &r);
	if (st != STATUS_SUCCESS)
		torture_fail(t, "SET_INFO not sent: %s", nt_status_name(st));
	torture_req(t, r);
	return cli_wait(r, 0);
}

static void malformed(struct torture_ctx *t)
{
	struct patch bad_size = { SI_OFF_STRUCTURE_SIZE, 32, false };
	struct patch past_end = { SI_OFF_BUFFER_LENGTH, 8 + 4096, true };
	struct cli_open o;
	NTSTATUS st;

	info_new_file(t, t->tree, torture_path(t, "f"), 100, &o);
	/* 2.2.39: StructureSize 33; 3.3.5.2.6: a request that does not
	 * conform is STATUS_INVALID_PARAMETER (and MAY cost the connection). */
	st = patched_eof(t, o.id, &bad_size);
	if (st == STATUS_CONNECTION_DISCONNECTED)
		return;
	CHECK_STATUS(t, st, STATUS_INVALID_PARAMETER);
	/* A BufferLength reaching past the end of the message. */
	st = patched_eof(t, o.id, &past_end);
	if (st == STATUS_CONNECTION_DISCONNECTED)
		return;
	CHECK_STATUS(t, st, STATUS_INVALID_PARAMETER);
	CHECK_VAL(t, eof_of(t, o.id), 100);
}

#define E "MS-SMB2 3.3.5.21; MS-SMB2 3.3.5.21.1"

static const struct torture_test tests[] = {
	TORTURE_TEST(no_access, E "; MS-FSA 2.1.5.15",
	             "Basic, EndOfFile, Allocation, Disposition without their access: ACCESS_DENIED"),
	TORTURE_TEST(buffer_too_small, E "; MS-FSA 2.1.5.15",
	             "a buffer shorter than its class: STATUS_INFO_LENGTH_MISMATCH"),
	TORTURE_TEST(query_only_class, E "; MS-FSCC 2.4",
	             "a class that cannot be set (Standard, All, ...): STATUS_INVALID_INFO_CLASS"),
	TORTURE_TEST(unknown_class, E "; MS-FSCC 2.4",
	             "a class MS-FSCC does not define: STATUS_INVALID_INFO_CLASS"),
	TORTURE_TEST(unknown_info_type, E "; MS-SMB2 2.2.39",
	             "an unknown InfoType: STATUS_INVALID_PARAMETER"),
	TORTURE_TEST(file_closed, E, "an unknown or closed FileId: STATUS_FILE_CLOSED"),
	TORTURE_TEST(security_no_write_dac, "MS-SMB2 3.3.5.21.3; MS-FSA 2.1.5.17",
	             "a DACL without WRITE_DAC, an owner without WRITE_OWNER: ACCESS_DENIED"),
	TORTURE_TEST(malformed, E "; MS-SMB2 2.2.39; MS-SMB2 3.3.5.2.6",
	             "StructureSize 32, a BufferLength past the message: STATUS_INVALID_PARAMETER"),
};

TORTURE_SUITE(setinfo_err_suite, "setinfo_err", "SET_INFO: refusals and malformed requests",
              tests)
