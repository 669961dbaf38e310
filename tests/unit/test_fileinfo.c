/* File information classes: round trips of every class, fixed sizes,
 * captured Windows bytes, malformed twins. */
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "wire/create_ctx.h"
#include "wire/fileinfo.h"
#include "wire/query_info.h"

TU_DECODER(smb2_query_info_rsp_decode, struct smb2_query_info_rsp)

static const uint8_t fname[] = { '\\', 0, 'd', 0, 'i', 0, 'r', 0, '\\', 0, 'f', 0 };

/* Decode a copy of exactly n bytes, so ASan sees any read past them; on
 * failure the output must be untouched. */
static NTSTATUS decode_copy(uint8_t cls, const uint8_t *p, size_t n, struct smb2_fileinfo *out)
{
	struct smb2_fileinfo pattern;
	uint8_t *copy = malloc(n ? n : 1);
	NTSTATUS st;

	assert_non_null(copy);
	memcpy(copy, p, n);
	memset(out, 0xA5, sizeof(*out));
	memset(&pattern, 0xA5, sizeof(pattern));
	st = smb2_fileinfo_decode(cls, (struct smb2_blob){ copy, (uint32_t)n }, out);
	if (st != STATUS_SUCCESS)
		assert_memory_equal(out, &pattern, sizeof(pattern));
	free(copy);
	return st;
}

/* Encode, check the size, decode, re-encode to the same bytes; every
 * truncation fails (lists: except the empty list). */
static void roundtrip(const struct smb2_fileinfo *in, size_t want_len)
{
	struct smb2_fileinfo out;
	struct wr w, w2;
	bool list = in->cls == FILE_FULL_EA_INFORMATION || in->cls == FILE_STREAM_INFORMATION;

	wr_init(&w, 0);
	wr_init(&w2, 0);
	assert_status(smb2_fileinfo_encode(&w, in), STATUS_SUCCESS);
	assert_int_equal(w.len, want_len);
	assert_true(w.len >= smb2_fileinfo_fixed_size(in->cls));
	assert_status(smb2_fileinfo_decode(in->cls, (struct smb2_blob){ w.buf, (uint32_t)w.len },
	                                   &out),
	              STATUS_SUCCESS);
	assert_int_equal(out.cls, in->cls);
	assert_status(smb2_fileinfo_encode(&w2, &out), STATUS_SUCCESS);
	assert_int_equal(w2.len, w.len);
	assert_memory_equal(w2.buf, w.buf, w.len);
	for (size_t cut = list ? 1 : 0; cut < w.len; cut++) {
		struct smb2_fileinfo junk;
		NTSTATUS st = decode_copy(in->cls, w.buf, cut, &junk);
		if (!nt_status_is_error(st))
			fail_msg("class %u: truncation to %zu decoded", in->cls, cut);
	}
	/* Longer buffers are fine (OutputBufferLength is a maximum). */
	wr_zero(&w, 8);
	assert_status(decode_copy(in->cls, w.buf, w.len, &out), STATUS_SUCCESS);
	wr_free(&w);
	wr_free(&w2);
}

static void test_fixed_classes(void **state)
{
	(void)state;
	struct smb2_fileinfo f;
	const struct smb2_fi_basic basic = { 0x01d33ed3053a9be8ull, 2, 3, 4, 0x20 };
	const struct smb2_fi_standard std = { 8192, 5000, 1, 1, 0 };

	memset(&f, 0, sizeof(f));
	f.cls = FILE_BASIC_INFORMATION; f.u.basic = basic; roundtrip(&f, 40);
	f.cls = FILE_STANDARD_INFORMATION; f.u.standard = std; roundtrip(&f, 24);
	f.cls = FILE_INTERNAL_INFORMATION; f.u.index_number = 0x3000000000039ull; roundtrip(&f, 8);
	f.cls = FILE_EA_INFORMATION; f.u.ea_size = 77; roundtrip(&f, 4);
	f.cls = FILE_ACCESS_INFORMATION; f.u.access_flags = 0x12019f; roundtrip(&f, 4);
	f.cls = FILE_DISPOSITION_INFORMATION; f.u.delete_pending = 1; roundtrip(&f, 1);
	f.cls = FILE_POSITION_INFORMATION; f.u.current_byte_offset = 1234; roundtrip(&f, 8);
	f.cls = FILE_MODE_INFORMATION; f.u.mode = 0x20; roundtrip(&f, 4);
	f.cls = FILE_ALIGNMENT_INFORMATION; f.u.alignment_requirement = 1; roundtrip(&f, 4);
	f.cls = FILE_ALLOCATION_INFORMATION; f.u.allocation_size = 1 << 20; roundtrip(&f, 8);
	f.cls = FILE_END_OF_FILE_INFORMATION; f.u.end_of_file = 4097; roundtrip(&f, 8);
	f.cls = FILE_COMPRESSION_INFORMATION;
	f.u.compression = (struct smb2_fi_compression){ 4096, 2, 16, 12, 9 };
	roundtrip(&f, 16);
	f.cls = FILE_NETWORK_OPEN_INFORMATION;
	f.u.network_open = (struct smb2_fi_network_open){ 1, 2, 3, 4, 8192, 5000, 0x80 };
	roundtrip(&f, 56);
	f.cls = FILE_ATTRIBUTE_TAG_INFORMATION;
	f.u.attribute_tag = (struct smb2_fi_attribute_tag){ 0x400, 0xA000000C };
	roundtrip(&f, 8);
	f.cls = FILE_ID_INFORMATION;
	f.u.id.volume_serial_number = 0xd01a2e5c;
	for (int i = 0; i < 16; i++)
		f.u.id.file_id[i] = (uint8_t)(0xF0 + i);
	roundtrip(&f, 24);
	f.cls = FILE_DISPOSITION_INFORMATION_EX;
	f.u.disposition_flags = FILE_DISPOSITION_DELETE | FILE_DISPOSITION_POSIX_SEMANTICS;
	roundtrip(&f, 4);
}

static void test_field_layout(void **state)
{
	(void)state;
	struct smb2_fileinfo f, out;
	struct wr w;

	/* FileBasicInformation: four times, attributes at 32, Reserved. */
	memset(&f, 0, sizeof(f));
	f.cls = FILE_BASIC_INFORMATION;
	f.u.basic = (struct smb2_fi_basic){ 1, 2, 3, 4, 0x80 };
	wr_init(&w, 0);
	assert_status(smb2_fileinfo_encode(&w, &f), STATUS_SUCCESS);
	assert_int_equal(le64(w.buf + 24), 4);
	assert_int_equal(le32(w.buf + 32), 0x80);
	assert_int_equal(le32(w.buf + 36), 0);
	wr_free(&w);

	/* FileStandardInformation: DeletePending at 20, Directory at 21. */
	f.cls = FILE_STANDARD_INFORMATION;
	f.u.standard = (struct smb2_fi_standard){ 10, 11, 3, 1, 1 };
	wr_init(&w, 0);
	assert_status(smb2_fileinfo_encode(&w, &f), STATUS_SUCCESS);
	assert_int_equal(le32(w.buf + 16), 3);
	assert_int_equal(w.buf[20], 1);
	assert_int_equal(w.buf[21], 1);
	assert_status(smb2_fileinfo_decode(f.cls, (struct smb2_blob){ w.buf, (uint32_t)w.len },
	                                   &out), STATUS_SUCCESS);
	assert_int_equal(out.u.standard.allocation_size, 10);
	assert_int_equal(out.u.standard.end_of_file, 11);
	assert_int_equal(out.u.standard.number_of_links, 3);
	assert_int_equal(out.u.standard.directory, 1);
	wr_free(&w);
}

static void test_name_classes(void **state)
{
	(void)state;
	static const uint8_t classes[] = { FILE_NAME_INFORMATION, FILE_ALTERNATE_NAME_INFORMATION,
	                                   FILE_NORMALIZED_NAME_INFORMATION };
	struct smb2_fileinfo f, out;
	struct wr w;

	for (size_t i = 0; i < sizeof(classes); i++) {
		memset(&f, 0, sizeof(f));
		f.cls = classes[i];
		f.u.name = (struct smb2_blob){ fname, sizeof(fname) };
		roundtrip(&f, 4 + sizeof(fname));
		f.u.name.len = 0;
		roundtrip(&f, 4);
	}
	/* Odd and too long FileNameLength. */
	wr_init(&w, 0);
	f.u.name = (struct smb2_blob){ fname, sizeof(fname) };
	assert_status(smb2_fileinfo_encode(&w, &f), STATUS_SUCCESS);
	put_le32(w.buf, 3);
	assert_status(decode_copy(f.cls, w.buf, w.len, &out), STATUS_INVALID_PARAMETER);
	put_le32(w.buf, sizeof(fname) + 2);
	assert_status(decode_copy(f.cls, w.buf, w.len, &out), STATUS_INVALID_PARAMETER);
	put_le32(w.buf, 0xFFFFFFFEu);
	assert_status(decode_copy(f.cls, w.buf, w.len, &out), STATUS_INVALID_PARAMETER);
	wr_free(&w);
	f.u.name.len = 5;
	wr_init(&w, 0);
	assert_status(smb2_fileinfo_encode(&w, &f), STATUS_INVALID_PARAMETER);
	wr_free(&w);
}

static void test_rename(void **state)
{
	(void)state;
	struct smb2_fileinfo f, out;
	struct wr w;

	memset(&f, 0, sizeof(f));
	f.cls = FILE_RENAME_INFORMATION;
	f.u.rename = (struct smb2_fi_rename){ 1, 0, { fname, sizeof(fname) } };
	roundtrip(&f, 20 + sizeof(fname));
	wr_init(&w, 0);
	assert_status(smb2_fileinfo_encode(&w, &f), STATUS_SUCCESS);
	/* MS-FSCC 2.4.37.2: ReplaceIfExists, 7 reserved, RootDirectory (8),
	 * FileNameLength at 16, FileName at 20. */
	assert_int_equal(w.buf[0], 1);
	assert_int_equal(le64(w.buf + 8), 0);
	assert_int_equal(le32(w.buf + 16), sizeof(fname));
	assert_memory_equal(w.buf + 20, fname, sizeof(fname));
	assert_status(decode_copy(f.cls, w.buf, w.len, &out), STATUS_SUCCESS);
	assert_int_equal(out.u.rename.replace_if_exists, 1);
	assert_int_equal(out.u.rename.name.len, sizeof(fname));
	assert_memory_equal(out.u.rename.name.p, fname, sizeof(fname));
	put_le32(w.buf + 16, sizeof(fname) + 2);
	assert_status(decode_copy(f.cls, w.buf, w.len, &out), STATUS_INVALID_PARAMETER);
	put_le32(w.buf + 16, 1);
	assert_status(decode_copy(f.cls, w.buf, w.len, &out), STATUS_INVALID_PARAMETER);
	wr_free(&w);
}

static void test_all_information(void **state)
{
	(void)state;
	struct smb2_fileinfo f, out;
	struct wr w;

	memset(&f, 0, sizeof(f));
	f.cls = FILE_ALL_INFORMATION;
	f.u.all.basic = (struct smb2_fi_basic){ 1, 2, 3, 4, 0x10 };
	f.u.all.standard = (struct smb2_fi_standard){ 0, 0, 1, 0, 1 };
	f.u.all.index_number = 0x1000000003574ull;
	f.u.all.ea_size = 0;
	f.u.all.access_flags = 0x001f01ff;
	f.u.all.current_byte_offset = 0;
	f.u.all.mode = 0x20;
	f.u.all.alignment_requirement = 0;
	f.u.all.name = (struct smb2_blob){ fname, sizeof(fname) };
	roundtrip(&f, 100 + sizeof(fname));
	wr_init(&w, 0);
	assert_status(smb2_fileinfo_encode(&w, &f), STATUS_SUCCESS);
	/* Internal at 64, Access at 76, Mode at 88, FileNameLength at 96. */
	assert_int_equal(le64(w.buf + 64), 0x1000000003574ull);
	assert_int_equal(le32(w.buf + 76), 0x001f01ff);
	assert_int_equal(le32(w.buf + 88), 0x20);
	assert_int_equal(le32(w.buf + 96), sizeof(fname));
	assert_status(decode_copy(f.cls, w.buf, w.len, &out), STATUS_SUCCESS);
	assert_int_equal(out.u.all.standard.directory, 1);
	assert_int_equal(out.u.all.basic.file_attributes, 0x10);
	assert_int_equal(out.u.all.name.len, sizeof(fname));
	put_le32(w.buf + 96, 0x7FFFFFF0u);
	assert_status(decode_copy(f.cls, w.buf, w.len, &out), STATUS_INVALID_PARAMETER);
	wr_free(&w);
}

static void test_unknown_and_short(void **state)
{
	(void)state;
	uint8_t buf[64] = { 0 };
	struct smb2_fileinfo f, out;
	struct wr w;

	assert_status(decode_copy(3, buf, sizeof(buf), &out), STATUS_INVALID_INFO_CLASS);
	assert_status(decode_copy(200, buf, sizeof(buf), &out), STATUS_INVALID_INFO_CLASS);
	assert_int_equal(smb2_fileinfo_fixed_size(200), 0);
	assert_status(decode_copy(FILE_BASIC_INFORMATION, buf, 39, &out),
	              STATUS_INFO_LENGTH_MISMATCH);
	assert_status(decode_copy(FILE_NETWORK_OPEN_INFORMATION, buf, 55, &out),
	              STATUS_INFO_LENGTH_MISMATCH);
	memset(&f, 0, sizeof(f));
	f.cls = 200;
	wr_init(&w, 0);
	assert_status(smb2_fileinfo_encode(&w, &f), STATUS_INVALID_INFO_CLASS);
	assert_int_equal(w.len, 0);
	wr_free(&w);
}

static void test_streams(void **state)
{
	(void)state;
	static const uint8_t s1[] = { ':', 0, ':', 0, '$', 0, 'D', 0, 'A', 0, 'T', 0, 'A', 0 };
	static const uint8_t s2[] = { ':', 0, 'z', 0, ':', 0, '$', 0, 'D', 0, 'A', 0, 'T', 0,
	                              'A', 0 };
	struct smb2_stream_builder b;
	struct smb2_stream_entry e1 = { 189, 192, { s1, sizeof(s1) } };
	struct smb2_stream_entry e2 = { 26, 0, { s2, sizeof(s2) } };
	struct smb2_stream_iter it;
	struct smb2_stream_entry e;
	struct smb2_fileinfo f, out;
	struct wr w;

	wr_init(&w, 0);
	smb2_stream_builder_init(&b, &w, 4096);
	assert_status(smb2_stream_add(&b, &e1), STATUS_SUCCESS);
	assert_status(smb2_stream_add(&b, &e2), STATUS_SUCCESS);
	/* 24 + 14 = 38 -> the next entry at 40 (8-aligned). */
	assert_int_equal(le32(w.buf), 40);
	assert_int_equal(w.len, 40 + 24 + sizeof(s2));
	memset(&f, 0, sizeof(f));
	f.cls = FILE_STREAM_INFORMATION;
	f.u.streams = (struct smb2_blob){ w.buf, (uint32_t)w.len };
	roundtrip(&f, w.len);
	smb2_stream_iter_init(&it, f.u.streams);
	assert_status(smb2_stream_next(&it, &e), STATUS_SUCCESS);
	assert_int_equal(e.size, 189);
	assert_int_equal(e.allocation_size, 192);
	assert_memory_equal(e.name.p, s1, sizeof(s1));
	assert_status(smb2_stream_next(&it, &e), STATUS_SUCCESS);
	assert_int_equal(e.size, 26);
	assert_int_equal(e.name.len, sizeof(s2));
	assert_status(smb2_stream_next(&it, &e), STATUS_NO_MORE_ENTRIES);
	/* Empty list: a file without streams. */
	assert_status(decode_copy(FILE_STREAM_INFORMATION, w.buf, 0, &out), STATUS_SUCCESS);
	/* Broken chains: misaligned, into the fixed part, past the end; the
	 * name odd or past its entry. */
	put_le32(w.buf, 44);
	assert_status(decode_copy(f.cls, w.buf, w.len, &out), STATUS_INVALID_PARAMETER);
	put_le32(w.buf, 16);
	assert_status(decode_copy(f.cls, w.buf, w.len, &out), STATUS_INVALID_PARAMETER);
	put_le32(w.buf, 0xFFFFFFF8u);
	assert_status(decode_copy(f.cls, w.buf, w.len, &out), STATUS_INVALID_PARAMETER);
	put_le32(w.buf, 40);
	put_le32(w.buf + 4, 17);
	assert_status(decode_copy(f.cls, w.buf, w.len, &out), STATUS_INVALID_PARAMETER);
	put_le32(w.buf + 4, 18);
	assert_status(decode_copy(f.cls, w.buf, w.len, &out), STATUS_INVALID_PARAMETER);
	put_le32(w.buf + 4, 16); /* into the padding: still inside the entry */
	assert_status(decode_copy(f.cls, w.buf, w.len, &out), STATUS_SUCCESS);
	wr_free(&w);
	/* The builder stops at max. */
	wr_init(&w, 0);
	smb2_stream_builder_init(&b, &w, 40 + 24 + sizeof(s2) - 1);
	assert_status(smb2_stream_add(&b, &e1), STATUS_SUCCESS);
	assert_status(smb2_stream_add(&b, &e2), STATUS_BUFFER_OVERFLOW);
	assert_int_equal(w.len, 38);
	e2.name.len = 3;
	assert_status(smb2_stream_add(&b, &e2), STATUS_INVALID_PARAMETER);
	wr_free(&w);
}

static void test_full_ea(void **state)
{
	(void)state;
	const struct smb2_ea eas[2] = {
		{ 0, { (const uint8_t *)"USER.A", 6 }, { (const uint8_t *)"hello", 5 } },
		{ SMB2_FILE_NEED_EA, { (const uint8_t *)"B", 1 }, { NULL, 0 } },
	};
	struct smb2_fileinfo f, out;
	struct wr w;

	wr_init(&w, 0);
	assert_status(smb2_ea_list_encode(&w, eas, 2), STATUS_SUCCESS);
	memset(&f, 0, sizeof(f));
	f.cls = FILE_FULL_EA_INFORMATION;
	f.u.full_ea = (struct smb2_blob){ w.buf, (uint32_t)w.len };
	roundtrip(&f, w.len);
	/* A missing NUL after the name is an inconsistent list. */
	w.buf[8 + 6] = 'x';
	assert_status(decode_copy(f.cls, w.buf, w.len, &out), STATUS_INVALID_PARAMETER);
	wr_free(&w);
}

/* Windows Server 2019 (zeek smb_v2_only_non_zero_reserved1, frame 80): a
 * compound answering FileEaInformation, FileStreamInformation and a
 * security query. */
static void test_windows_ea_and_stream(void **state)
{
	(void)state;
	struct smb2_query_info_rsp rsp;
	struct smb2_fileinfo f;
	struct smb2_stream_iter it;
	struct smb2_stream_entry e;
	size_t len;
	uint8_t *m = tu_load_fixture("windows/query_info_rsp_ea_win.bin", &len);

	assert_status(tu_decode_body(smb2_query_info_rsp_decode_tu, m, len, &rsp), STATUS_SUCCESS);
	assert_int_equal(rsp.buffer.len, 4);
	assert_status(smb2_fileinfo_decode(FILE_EA_INFORMATION, rsp.buffer, &f), STATUS_SUCCESS);
	assert_int_equal(f.u.ea_size, 0);
	free(m);

	m = tu_load_fixture("windows/query_info_rsp_stream_win.bin", &len);
	assert_status(tu_decode_body(smb2_query_info_rsp_decode_tu, m, len, &rsp), STATUS_SUCCESS);
	assert_int_equal(rsp.buffer.len, 38);
	assert_status(smb2_fileinfo_decode(FILE_STREAM_INFORMATION, rsp.buffer, &f),
	              STATUS_SUCCESS);
	smb2_stream_iter_init(&it, f.u.streams);
	assert_status(smb2_stream_next(&it, &e), STATUS_SUCCESS);
	assert_int_equal(e.size, 189);
	assert_int_equal(e.allocation_size, 192);
	assert_int_equal(e.name.len, 14);
	assert_memory_equal(e.name.p, ":\0:\0$\0D\0A\0T\0A\0", 14);
	assert_status(smb2_stream_next(&it, &e), STATUS_NO_MORE_ENTRIES);
	free(m);
}

/* Windows 2.1 client (401trg mimikatz_copy, frame 41): SET_INFO
 * FileBasicInformation, only the attributes set. */
static void test_windows_set_basic(void **state)
{
	(void)state;
	struct smb2_fileinfo f;
	size_t len;
	uint8_t *m = tu_load_fixture("windows/set_info_req_win.bin", &len);

	assert_true(len >= 96 + 40);
	assert_status(smb2_fileinfo_decode(FILE_BASIC_INFORMATION,
	                                   (struct smb2_blob){ m + 96, 40 }, &f),
	              STATUS_SUCCESS);
	assert_int_equal(f.u.basic.creation_time, 0);
	assert_int_equal(f.u.basic.last_write_time, 0);
	assert_int_equal(f.u.basic.file_attributes, 0xb0);
	free(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fixed_classes),
		cmocka_unit_test(test_field_layout),
		cmocka_unit_test(test_name_classes),
		cmocka_unit_test(test_rename),
		cmocka_unit_test(test_all_information),
		cmocka_unit_test(test_unknown_and_short),
		cmocka_unit_test(test_streams),
		cmocka_unit_test(test_full_ea),
		cmocka_unit_test(test_windows_ea_and_stream),
		cmocka_unit_test(test_windows_set_basic),
	};
	return cmocka_run_group_tests_name("fileinfo", tests, NULL, NULL);
}
