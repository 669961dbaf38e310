/*
 * QUERY_INFO of file information classes (MS-SMB2 3.3.5.20.1, MS-FSCC 2.4,
 * MS-FSA 2.1.5.12): each class the spec lists for QUERY_INFO, its size and
 * values checked against CREATE's answer and against the other classes
 * that carry the same fields.  Error cases are in info_get_err.c, file
 * system and security information in info_get_fs.c.
 */
#include "torture/suites/info_util.h"

/* MS-FSCC 2.4 FileAlignmentInformation: the legal AlignmentRequirement
 * values (byte to 512-byte alignment). */
static bool legal_alignment(uint32_t a)
{
	static const uint32_t ok[] = { 0, 1, 3, 7, 0xf, 0x1f, 0x3f, 0x7f, 0xff, 0x1ff };

	for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++)
		if (a == ok[i])
			return true;
	return false;
}

static void basic(struct torture_ctx *t)
{
	struct smb2_fileinfo fi;
	struct smb2_blob b;
	struct cli_open o, d;

	CHECK_STATUS(t, torture_create_file(t, t->tree, torture_path(t, "f"), &o), STATUS_SUCCESS);
	CHECK_STATUS(t, info_query(t, t->tree, o.id, SMB2_0_INFO_FILE, FILE_BASIC_INFORMATION, 0,
	                           INFO_OUT_LEN, &b),
	             STATUS_SUCCESS);
	CHECK_VAL(t, b.len, 40);
	CHECK_STATUS(t, smb2_fileinfo_decode(FILE_BASIC_INFORMATION, b, &fi), STATUS_SUCCESS);
	CHECK_VAL(t, fi.u.basic.creation_time, o.creation_time);
	CHECK_VAL(t, fi.u.basic.last_access_time, o.last_access_time);
	CHECK_VAL(t, fi.u.basic.last_write_time, o.last_write_time);
	CHECK_VAL(t, fi.u.basic.change_time, o.change_time);
	CHECK_VAL(t, fi.u.basic.file_attributes, o.file_attributes);
	CHECK_TRUE(t, !(fi.u.basic.file_attributes & SMB2_FILE_ATTRIBUTE_DIRECTORY),
	           "a file with FILE_ATTRIBUTE_DIRECTORY: 0x%x", fi.u.basic.file_attributes);

	CHECK_STATUS(t, torture_create_dir(t, t->tree, torture_path(t, "d"), &d), STATUS_SUCCESS);
	info_file(t, t->tree, d.id, FILE_BASIC_INFORMATION, &fi);
	CHECK_VAL(t, fi.u.basic.file_attributes, d.file_attributes);
	CHECK_TRUE(t, fi.u.basic.file_attributes & SMB2_FILE_ATTRIBUTE_DIRECTORY,
	           "a directory without FILE_ATTRIBUTE_DIRECTORY: 0x%x",
	           fi.u.basic.file_attributes);
}

static void standard(struct torture_ctx *t)
{
	const char *path = torture_path(t, "f");
	struct smb2_fileinfo fi;
	struct smb2_blob b;
	struct cli_open o, d;

	info_new_file(t, t->tree, path, 1000, &o);
	CHECK_STATUS(t, cli_close(t->tree, o.id), STATUS_SUCCESS);
	/* A new open reports the size in CREATE; the query must agree. */
	CHECK_STATUS(t, info_open(t, t->tree, path, SMB2_FILE_READ_DATA | SMB2_FILE_READ_ATTRIBUTES,
	                          INFO_SHARE_ALL, SMB2_FILE_OPEN, 0, &o),
	             STATUS_SUCCESS);
	CHECK_VAL(t, o.end_of_file, 1000);
	CHECK_STATUS(t, info_query(t, t->tree, o.id, SMB2_0_INFO_FILE, FILE_STANDARD_INFORMATION, 0,
	                           INFO_OUT_LEN, &b),
	             STATUS_SUCCESS);
	CHECK_VAL(t, b.len, 24);
	CHECK_STATUS(t, smb2_fileinfo_decode(FILE_STANDARD_INFORMATION, b, &fi), STATUS_SUCCESS);
	CHECK_VAL(t, fi.u.standard.end_of_file, 1000);
	CHECK_VAL(t, fi.u.standard.allocation_size, o.allocation_size);
	CHECK_TRUE(t, fi.u.standard.number_of_links >= 1, "NumberOfLinks %u",
	           fi.u.standard.number_of_links);
	CHECK_VAL(t, fi.u.standard.delete_pending, 0);
	CHECK_VAL(t, fi.u.standard.directory, 0);

	CHECK_STATUS(t, torture_create_dir(t, t->tree, torture_path(t, "d"), &d), STATUS_SUCCESS);
	info_file(t, t->tree, d.id, FILE_STANDARD_INFORMATION, &fi);
	CHECK_VAL(t, fi.u.standard.directory, 1);
	CHECK_VAL(t, fi.u.standard.delete_pending, 0);
}

static void internal(struct torture_ctx *t)
{
	struct smb2_fileinfo a, a2, c;
	struct smb2_blob b;
	struct cli_open o1, o2, o3;

	CHECK_STATUS(t, torture_create_file(t, t->tree, torture_path(t, "a"), &o1), STATUS_SUCCESS);
	CHECK_STATUS(t, info_open(t, t->tree, torture_path(t, "a"), SMB2_FILE_READ_ATTRIBUTES,
	                          INFO_SHARE_ALL, SMB2_FILE_OPEN, 0, &o2),
	             STATUS_SUCCESS);
	CHECK_STATUS(t, torture_create_file(t, t->tree, torture_path(t, "c"), &o3), STATUS_SUCCESS);
	CHECK_STATUS(t, info_query(t, t->tree, o1.id, SMB2_0_INFO_FILE, FILE_INTERNAL_INFORMATION, 0,
	                           INFO_OUT_LEN, &b),
	             STATUS_SUCCESS);
	CHECK_VAL(t, b.len, 8);
	CHECK_STATUS(t, smb2_fileinfo_decode(FILE_INTERNAL_INFORMATION, b, &a), STATUS_SUCCESS);
	info_file(t, t->tree, o2.id, FILE_INTERNAL_INFORMATION, &a2);
	info_file(t, t->tree, o3.id, FILE_INTERNAL_INFORMATION, &c);
	/* MS-FSCC 2.4: IndexNumber identifies the file on its volume. */
	CHECK_VAL(t, a2.u.index_number, a.u.index_number);
	CHECK_TRUE(t, a.u.index_number != c.u.index_number,
	           "two files share IndexNumber 0x%llx", (unsigned long long)c.u.index_number);
}

static void ea(struct torture_ctx *t)
{
	struct smb2_fileinfo fi;
	struct smb2_blob b;
	struct cli_open o;

	CHECK_STATUS(t, torture_create_file(t, t->tree, torture_path(t, "f"), &o), STATUS_SUCCESS);
	CHECK_STATUS(t, info_query(t, t->tree, o.id, SMB2_0_INFO_FILE, FILE_EA_INFORMATION, 0,
	                           INFO_OUT_LEN, &b),
	             STATUS_SUCCESS);
	CHECK_VAL(t, b.len, 4);
	CHECK_STATUS(t, smb2_fileinfo_decode(FILE_EA_INFORMATION, b, &fi), STATUS_SUCCESS);
	/* Created without an EA context: no extended attributes. */
	CHECK_VAL(t, fi.u.ea_size, 0);
}

static void access_flags(struct torture_ctx *t)
{
	static const uint32_t masks[] = {
		SMB2_FILE_READ_DATA | SMB2_FILE_READ_ATTRIBUTES,
		SMB2_FILE_READ_DATA | SMB2_FILE_WRITE_DATA | SMB2_FILE_READ_ATTRIBUTES | SMB2_DELETE,
		SMB2_FILE_READ_ATTRIBUTES | SMB2_FILE_WRITE_ATTRIBUTES | SMB2_READ_CONTROL,
	};
	const char *path = torture_path(t, "f");
	struct smb2_fileinfo fi;
	struct smb2_blob b;
	struct cli_open o;

	CHECK_STATUS(t, torture_create_file(t, t->tree, path, &o), STATUS_SUCCESS);
	for (size_t i = 0; i < sizeof(masks) / sizeof(masks[0]); i++) {
		CHECK_STATUS(t, info_open(t, t->tree, path, masks[i], INFO_SHARE_ALL, SMB2_FILE_OPEN,
		                          0, &o),
		             STATUS_SUCCESS);
		CHECK_STATUS(t, info_query(t, t->tree, o.id, SMB2_0_INFO_FILE,
		                           FILE_ACCESS_INFORMATION, 0, INFO_OUT_LEN, &b),
		             STATUS_SUCCESS);
		CHECK_VAL(t, b.len, 4);
		CHECK_STATUS(t, smb2_fileinfo_decode(FILE_ACCESS_INFORMATION, b, &fi),
		             STATUS_SUCCESS);
		/* MS-FSA: AccessFlags is Open.GrantedAccess, what was asked. */
		CHECK_VAL(t, fi.u.access_flags, masks[i]);
	}
}

static void position(struct torture_ctx *t)
{
	struct smb2_fileinfo fi;
	struct smb2_blob b;
	struct cli_open o;

	info_new_file(t, t->tree, torture_path(t, "f"), 100, &o);
	CHECK_STATUS(t, info_query(t, t->tree, o.id, SMB2_0_INFO_FILE, FILE_POSITION_INFORMATION, 0,
	                           INFO_OUT_LEN, &b),
	             STATUS_SUCCESS);
	CHECK_VAL(t, b.len, 8);
	CHECK_STATUS(t, smb2_fileinfo_decode(FILE_POSITION_INFORMATION, b, &fi), STATUS_SUCCESS);
	/* 3.3.5.20.1: SHOULD be zero; SMB2 has no file pointer, and a new
	 * open's is zero anyway. */
	CHECK_VAL(t, fi.u.current_byte_offset, 0);
}

static void mode(struct torture_ctx *t)
{
	const uint32_t want = SMB2_FILE_WRITE_THROUGH | SMB2_FILE_SEQUENTIAL_ONLY;
	const char *path = torture_path(t, "f");
	struct smb2_fileinfo fi;
	struct smb2_blob b;
	struct cli_open o;

	CHECK_STATUS(t, torture_create_file(t, t->tree, path, &o), STATUS_SUCCESS);
	CHECK_STATUS(t, info_query(t, t->tree, o.id, SMB2_0_INFO_FILE, FILE_MODE_INFORMATION, 0,
	                           INFO_OUT_LEN, &b),
	             STATUS_SUCCESS);
	CHECK_VAL(t, b.len, 4);
	CHECK_STATUS(t, smb2_fileinfo_decode(FILE_MODE_INFORMATION, b, &fi), STATUS_SUCCESS);
	CHECK_VAL(t, fi.u.mode & want, 0);
	/* MS-FSCC 2.4.30: the mode is the CreateOptions of the create. */
	CHECK_STATUS(t, info_open(t, t->tree, path, SMB2_FILE_READ_DATA | SMB2_FILE_READ_ATTRIBUTES,
	                          INFO_SHARE_ALL, SMB2_FILE_OPEN, want, &o),
	             STATUS_SUCCESS);
	info_file(t, t->tree, o.id, FILE_MODE_INFORMATION, &fi);
	CHECK_VAL(t, fi.u.mode & want, want);
}

static void alignment(struct torture_ctx *t)
{
	struct smb2_fileinfo fi;
	struct smb2_blob b;
	struct cli_open o;

	CHECK_STATUS(t, torture_create_file(t, t->tree, torture_path(t, "f"), &o), STATUS_SUCCESS);
	CHECK_STATUS(t, info_query(t, t->tree, o.id, SMB2_0_INFO_FILE, FILE_ALIGNMENT_INFORMATION, 0,
	                           INFO_OUT_LEN, &b),
	             STATUS_SUCCESS);
	CHECK_VAL(t, b.len, 4);
	CHECK_STATUS(t, smb2_fileinfo_decode(FILE_ALIGNMENT_INFORMATION, b, &fi), STATUS_SUCCESS);
	CHECK_TRUE(t, legal_alignment(fi.u.alignment_requirement),
	           "AlignmentRequirement 0x%x is not one MS-FSCC defines",
	           fi.u.alignment_requirement);
}

static void all(struct torture_ctx *t)
{
	struct smb2_fileinfo al, bi, st, in, ea_, ac, mo, alg;
	struct smb2_blob b;
	struct cli_open o;

	info_new_file(t, t->tree, torture_path(t, "file.txt"), 300, &o);
	CHECK_STATUS(t, info_query(t, t->tree, o.id, SMB2_0_INFO_FILE, FILE_ALL_INFORMATION, 0,
	                           INFO_OUT_LEN, &b),
	             STATUS_SUCCESS);
	CHECK_STATUS(t, smb2_fileinfo_decode(FILE_ALL_INFORMATION, b, &al), STATUS_SUCCESS);
	CHECK_VAL(t, b.len, 100 + al.u.all.name.len);
	info_file(t, t->tree, o.id, FILE_BASIC_INFORMATION, &bi);
	info_file(t, t->tree, o.id, FILE_STANDARD_INFORMATION, &st);
	info_file(t, t->tree, o.id, FILE_INTERNAL_INFORMATION, &in);
	info_file(t, t->tree, o.id, FILE_EA_INFORMATION, &ea_);
	info_file(t, t->tree, o.id, FILE_ACCESS_INFORMATION, &ac);
	info_file(t, t->tree, o.id, FILE_MODE_INFORMATION, &mo);
	info_file(t, t->tree, o.id, FILE_ALIGNMENT_INFORMATION, &alg);
	CHECK_MEM(t, &al.u.all.basic, &bi.u.basic, sizeof(bi.u.basic));
	CHECK_VAL(t, al.u.all.standard.end_of_file, 300);
	CHECK_VAL(t, al.u.all.standard.end_of_file, st.u.standard.end_of_file);
	CHECK_VAL(t, al.u.all.standard.allocation_size, st.u.standard.allocation_size);
	CHECK_VAL(t, al.u.all.standard.number_of_links, st.u.standard.number_of_links);
	CHECK_VAL(t, al.u.all.standard.delete_pending, st.u.standard.delete_pending);
	CHECK_VAL(t, al.u.all.standard.directory, st.u.standard.directory);
	CHECK_VAL(t, al.u.all.index_number, in.u.index_number);
	CHECK_VAL(t, al.u.all.ea_size, ea_.u.ea_size);
	CHECK_VAL(t, al.u.all.access_flags, ac.u.access_flags);
	CHECK_VAL(t, al.u.all.current_byte_offset, 0);
	CHECK_VAL(t, al.u.all.mode, mo.u.mode);
	CHECK_VAL(t, al.u.all.alignment_requirement, alg.u.alignment_requirement);
	/* 3.3.5.20.1: the name SHOULD be empty; a server that fills it in
	 * must name this file. */
	CHECK_TRUE(t, al.u.all.name.len == 0 || info_name_ends_with(t, al.u.all.name, "file.txt"),
	           "FileAllInformation names \"%s\"", info_utf8(t, al.u.all.name));
}

static void alternate_name(struct torture_ctx *t)
{
	struct smb2_fileinfo fi;
	struct smb2_blob b;
	struct cli_open o;
	NTSTATUS st;

	CHECK_STATUS(t, torture_create_file(t, t->tree, torture_path(t, "a long file name.text"), &o),
	             STATUS_SUCCESS);
	st = info_query(t, t->tree, o.id, SMB2_0_INFO_FILE, FILE_ALTERNATE_NAME_INFORMATION, 0,
	                INFO_OUT_LEN, &b);
	/* MS-FSA 2.1.5.12: a file without a short name answers
	 * STATUS_OBJECT_NAME_NOT_FOUND; a store without short names may not
	 * support the class at all (3.3.5.20.1, STATUS_NOT_SUPPORTED). */
	if (st == STATUS_NOT_SUPPORTED || st == STATUS_OBJECT_NAME_NOT_FOUND) {
		torture_comment(t, "no short name: %s", nt_status_name(st));
		return;
	}
	CHECK_STATUS(t, st, STATUS_SUCCESS);
	CHECK_STATUS(t, smb2_fileinfo_decode(FILE_ALTERNATE_NAME_INFORMATION, b, &fi),
	             STATUS_SUCCESS);
	CHECK_VAL(t, b.len, 4 + fi.u.name.len);
	/* An 8.3 name: 1 to 12 characters. */
	CHECK_TRUE(t, fi.u.name.len >= 2 && fi.u.name.len <= 24 && fi.u.name.len % 2 == 0,
	           "short name of %u bytes", fi.u.name.len);
	CHECK_TRUE(t, strchr(info_utf8(t, fi.u.name), ' ') == NULL, "short name \"%s\" has a space",
	           info_utf8(t, fi.u.name));
}

/* Every entry of a stream list; *n entries, the first in *first. */
static void streams(struct torture_ctx *t, struct smb2_blob b, unsigned *n,
                    struct smb2_stream_entry *first)
{
	struct smb2_stream_iter it;
	struct smb2_stream_entry e;
	NTSTATUS st;

	*n = 0;
	smb2_stream_iter_init(&it, b);
	while ((st = smb2_stream_next(&it, &e)) == STATUS_SUCCESS) {
		if ((*n)++ == 0)
			*first = e;
	}
	CHECK_STATUS(t, st, STATUS_NO_MORE_ENTRIES);
}

static void stream(struct torture_ctx *t)
{
	struct smb2_stream_entry e = { 0 };
	struct smb2_fileinfo st;
	struct smb2_blob b;
	struct cli_open o, d;
	unsigned n;

	info_new_file(t, t->tree, torture_path(t, "f"), 300, &o);
	info_file(t, t->tree, o.id, FILE_STANDARD_INFORMATION, &st);
	CHECK_STATUS(t, info_query(t, t->tree, o.id, SMB2_0_INFO_FILE, FILE_STREAM_INFORMATION, 0,
	                           INFO_OUT_LEN, &b),
	             STATUS_SUCCESS);
	streams(t, b, &n, &e);
	/* MS-FSCC 2.4: the unnamed data stream is "::$DATA". */
	CHECK_VAL(t, n, 1);
	CHECK_TRUE(t, e.name.len == 14 && !strcmp(info_utf8(t, e.name), "::$DATA"),
	           "stream \"%s\"", info_utf8(t, e.name));
	CHECK_VAL(t, e.size, 300);
	CHECK_VAL(t, e.allocation_size, st.u.standard.allocation_size);

	/* A directory without named streams has none. */
	CHECK_STATUS(t, torture_create_dir(t, t->tree, torture_path(t, "d"), &d), STATUS_SUCCESS);
	CHECK_STATUS(t, info_query(t, t->tree, d.id, SMB2_0_INFO_FILE, FILE_STREAM_INFORMATION, 0,
	                           INFO_OUT_LEN, &b),
	             STATUS_SUCCESS);
	streams(t, b, &n, &e);
	CHECK_VAL(t, n, 0);
}

static void network_open(struct torture_ctx *t)
{
	struct smb2_fileinfo no, bi, st;
	struct smb2_blob b;
	struct cli_open o;

	info_new_file(t, t->tree, torture_path(t, "f"), 777, &o);
	CHECK_STATUS(t, info_query(t, t->tree, o.id, SMB2_0_INFO_FILE, FILE_NETWORK_OPEN_INFORMATION,
	                           0, INFO_OUT_LEN, &b),
	             STATUS_SUCCESS);
	CHECK_VAL(t, b.len, 56);
	CHECK_STATUS(t, smb2_fileinfo_decode(FILE_NETWORK_OPEN_INFORMATION, b, &no),
	             STATUS_SUCCESS);
	info_file(t, t->tree, o.id, FILE_BASIC_INFORMATION, &bi);
	info_file(t, t->tree, o.id, FILE_STANDARD_INFORMATION, &st);
	CHECK_VAL(t, no.u.network_open.creation_time, bi.u.basic.creation_time);
	CHECK_VAL(t, no.u.network_open.last_access_time, bi.u.basic.last_access_time);
	CHECK_VAL(t, no.u.network_open.last_write_time, bi.u.basic.last_write_time);
	CHECK_VAL(t, no.u.network_open.change_time, bi.u.basic.change_time);
	CHECK_VAL(t, no.u.network_open.file_attributes, bi.u.basic.file_attributes);
	CHECK_VAL(t, no.u.network_open.end_of_file, 777);
	CHECK_VAL(t, no.u.network_open.allocation_size, st.u.standard.allocation_size);
}

static void attribute_tag(struct torture_ctx *t)
{
	struct smb2_fileinfo at, bi;
	struct smb2_blob b;
	struct cli_open o;

	CHECK_STATUS(t, torture_create_file(t, t->tree, torture_path(t, "f"), &o), STATUS_SUCCESS);
	CHECK_STATUS(t, info_query(t, t->tree, o.id, SMB2_0_INFO_FILE,
	                           FILE_ATTRIBUTE_TAG_INFORMATION, 0, INFO_OUT_LEN, &b),
	             STATUS_SUCCESS);
	CHECK_VAL(t, b.len, 8);
	CHECK_STATUS(t, smb2_fileinfo_decode(FILE_ATTRIBUTE_TAG_INFORMATION, b, &at),
	             STATUS_SUCCESS);
	info_file(t, t->tree, o.id, FILE_BASIC_INFORMATION, &bi);
	CHECK_VAL(t, at.u.attribute_tag.file_attributes, bi.u.basic.file_attributes);
	/* Not a reparse point: no tag. */
	CHECK_VAL(t, at.u.attribute_tag.file_attributes & SMB2_FILE_ATTRIBUTE_REPARSE_POINT, 0);
	CHECK_VAL(t, at.u.attribute_tag.reparse_tag, 0);
}

static void compression(struct torture_ctx *t)
{
	struct smb2_fileinfo co, st;
	struct smb2_blob b;
	struct cli_open o;

	info_new_file(t, t->tree, torture_path(t, "f"), 5000, &o);
	CHECK_STATUS(t, info_query(t, t->tree, o.id, SMB2_0_INFO_FILE, FILE_COMPRESSION_INFORMATION,
	                           0, INFO_OUT_LEN, &b),
	             STATUS_SUCCESS);
	CHECK_VAL(t, b.len, 16);
	CHECK_STATUS(t, smb2_fileinfo_decode(FILE_COMPRESSION_INFORMATION, b, &co), STATUS_SUCCESS);
	info_file(t, t->tree, o.id, FILE_STANDARD_INFORMATION, &st);
	/* MS-FSA 2.1.5.12.8: not compressed: COMPRESSION_FORMAT_NONE, the
	 * shifts zero, and the size no more than the allocation. */
	CHECK_VAL(t, co.u.compression.compression_format, 0);
	CHECK_VAL(t, co.u.compression.compression_unit_shift, 0);
	CHECK_VAL(t, co.u.compression.chunk_shift, 0);
	CHECK_VAL(t, co.u.compression.cluster_shift, 0);
	CHECK_TRUE(t, co.u.compression.compressed_file_size <= st.u.standard.allocation_size,
	           "CompressedFileSize %llu above AllocationSize %llu",
	           (unsigned long long)co.u.compression.compressed_file_size,
	           (unsigned long long)st.u.standard.allocation_size);
}

static void file_id(struct torture_ctx *t)
{
	static const uint8_t zero[16];
	struct smb2_fileinfo a, a2, c;
	struct smb2_fsinfo vol;
	struct smb2_blob b;
	struct cli_open o1, o2, o3;

	/* 3.3.5.20.1: a server without the 3.x dialects answers NOT_SUPPORTED. */
	torture_require_dialect(t, SMB2_DIALECT_300);
	CHECK_STATUS(t, torture_create_file(t, t->tree, torture_path(t, "a"), &o1), STATUS_SUCCESS);
	CHECK_STATUS(t, info_open(t, t->tree, torture_path(t, "a"), SMB2_FILE_READ_ATTRIBUTES,
	                          INFO_SHARE_ALL, SMB2_FILE_OPEN, 0, &o2),
	             STATUS_SUCCESS);
	CHECK_STATUS(t, torture_create_file(t, t->tree, torture_path(t, "c"), &o3), STATUS_SUCCESS);
	CHECK_STATUS(t, info_query(t, t->tree, o1.id, SMB2_0_INFO_FILE, FILE_ID_INFORMATION, 0,
	                           INFO_OUT_LEN, &b),
	             STATUS_SUCCESS);
	CHECK_VAL(t, b.len, 24);
	CHECK_STATUS(t, smb2_fileinfo_decode(FILE_ID_INFORMATION, b, &a), STATUS_SUCCESS);
	info_file(t, t->tree, o2.id, FILE_ID_INFORMATION, &a2);
	info_file(t, t->tree, o3.id, FILE_ID_INFORMATION, &c);
	info_fs(t, t->tree, o1.id, FILE_FS_VOLUME_INFORMATION, &vol);
	CHECK_VAL(t, a.u.id.volume_serial_number, vol.u.volume.serial_number);
	CHECK_MEM(t, a2.u.id.file_id, a.u.id.file_id, 16);
	CHECK_TRUE(t, memcmp(a.u.id.file_id, zero, 16) != 0, "FileId is zero");
	CHECK_TRUE(t, memcmp(a.u.id.file_id, c.u.id.file_id, 16) != 0, "two files share a FileId");
}

static void normalized_name(struct torture_ctx *t)
{
	struct smb2_fileinfo fi;
	struct smb2_blob b;
	struct cli_open o;
	NTSTATUS st;

	torture_require_dialect(t, SMB2_DIALECT_311);
	CHECK_STATUS(t, torture_create_file(t, t->tree, torture_path(t, "Mixed.Case"), &o),
	             STATUS_SUCCESS);
	st = info_query(t, t->tree, o.id, SMB2_0_INFO_FILE, FILE_NORMALIZED_NAME_INFORMATION, 0,
	                INFO_OUT_LEN, &b);
	/* 3.3.5.20.1: "if not supported by the server implementation". */
	if (st == STATUS_NOT_SUPPORTED)
		torture_skip(t, "the server does not support FileNormalizedNameInformation");
	CHECK_STATUS(t, st, STATUS_SUCCESS);
	CHECK_STATUS(t, smb2_fileinfo_decode(FILE_NORMALIZED_NAME_INFORMATION, b, &fi),
	             STATUS_SUCCESS);
	CHECK_VAL(t, b.len, 4 + fi.u.name.len);
	CHECK_TRUE(t, info_name_ends_with(t, fi.u.name, "Mixed.Case"), "normalized name \"%s\"",
	           info_utf8(t, fi.u.name));
}

static void normalized_name_old_dialect(struct torture_ctx *t)
{
	struct cli_session *s;
	struct cli_tree *tree;
	struct cli_conn *c;
	struct smb2_blob b;
	struct cli_open o;

	CHECK_STATUS(t, torture_connect(t, NULL, &c), STATUS_SUCCESS);
	if (cli_negotiate(c, SMB2_DIALECT_202, SMB2_DIALECT_210) != STATUS_SUCCESS)
		torture_skip(t, "the server offers neither 2.0.2 nor 2.1");
	CHECK_STATUS(t, torture_login(t, c, &s), STATUS_SUCCESS);
	CHECK_STATUS(t, torture_tree(t, s, NULL, &tree), STATUS_SUCCESS);
	CHECK_STATUS(t, torture_create_file(t, tree, torture_path(t, "f"), &o), STATUS_SUCCESS);
	/* 3.3.5.20.1: MUST fail on 2.0.2, 2.1 and 3.0.2. */
	CHECK_STATUS(t, info_query(t, tree, o.id, SMB2_0_INFO_FILE,
	                           FILE_NORMALIZED_NAME_INFORMATION, 0, INFO_OUT_LEN, &b),
	             STATUS_NOT_SUPPORTED);
}

#define Q "MS-SMB2 3.3.5.20.1; MS-FSCC 2.4; "

static const struct torture_test tests[] = {
	TORTURE_TEST(basic, Q "MS-FSCC 2.4.7; MS-SMB2 2.2.14",
	             "FileBasicInformation: 40 bytes, the times and attributes CREATE returned"),
	TORTURE_TEST(standard, Q "MS-SMB2 2.2.14",
	             "FileStandardInformation: 24 bytes, sizes as CREATE reports them, Directory flag"),
	TORTURE_TEST(internal, Q "MS-FSA 2.1.5.12",
	             "FileInternalInformation: the same IndexNumber for two opens, another for another file"),
	TORTURE_TEST(ea, Q "MS-FSA 2.1.5.12",
	             "FileEaInformation: 4 bytes, EaSize 0 for a file created without EAs"),
	TORTURE_TEST(access_flags, Q "MS-FSA 2.1.5.12",
	             "FileAccessInformation: AccessFlags is the access granted at open"),
	TORTURE_TEST(position, Q "MS-FSA 2.1.5.12",
	             "FilePositionInformation: 8 bytes, CurrentByteOffset zero"),
	TORTURE_TEST(mode, Q "MS-FSCC 2.4.30; MS-FSA 2.1.5.12",
	             "FileModeInformation: the WRITE_THROUGH and SEQUENTIAL_ONLY create options"),
	TORTURE_TEST(alignment, Q "MS-FSA 2.1.5.12",
	             "FileAlignmentInformation: 4 bytes, a defined AlignmentRequirement"),
	TORTURE_TEST(all, Q "MS-FSA 2.1.5.12",
	             "FileAllInformation agrees with Basic, Standard, Internal, Ea, Access, Mode, Alignment"),
	TORTURE_TEST(alternate_name, Q "MS-FSA 2.1.5.12",
	             "FileAlternateNameInformation: an 8.3 name, or NOT_SUPPORTED / OBJECT_NAME_NOT_FOUND"),
	TORTURE_TEST(stream, Q "MS-FSA 2.1.5.12",
	             "FileStreamInformation: one ::$DATA stream of the file's size; none on a directory"),
	TORTURE_TEST(network_open, Q "MS-FSA 2.1.5.12",
	             "FileNetworkOpenInformation: 56 bytes, the Basic and Standard values"),
	TORTURE_TEST(attribute_tag, Q "MS-FSA 2.1.5.12",
	             "FileAttributeTagInformation: the Basic attributes and no reparse tag"),
	TORTURE_TEST(compression, Q "MS-FSCC 2.4.9; MS-FSA 2.1.5.12.8",
	             "FileCompressionInformation: COMPRESSION_FORMAT_NONE, size within the allocation"),
	TORTURE_TEST(file_id, Q "MS-FSA 2.1.5.12",
	             "FileIdInformation: volume serial of FileFsVolume, the same id per file, distinct ids"),
	TORTURE_TEST(normalized_name, Q "MS-FSA 2.1.5.12",
	             "FileNormalizedNameInformation on 3.1.1 names the file (or NOT_SUPPORTED)"),
	TORTURE_TEST_RAW(normalized_name_old_dialect, Q "MS-SMB2 2.2.37",
	             "FileNormalizedNameInformation on 2.1 is STATUS_NOT_SUPPORTED"),
};

TORTURE_SUITE(getinfo_suite, "getinfo", "QUERY_INFO: the file information classes", tests)
