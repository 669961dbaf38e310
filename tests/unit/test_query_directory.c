/* QUERY_DIRECTORY codec: round trips, captured Windows bytes, malformed
 * twins. */
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "wire/dirinfo.h"
#include "wire/query_directory.h"

TU_DECODER(smb2_query_directory_req_decode, struct smb2_query_directory_req)
TU_ENCODER(smb2_query_directory_req_encode, struct smb2_query_directory_req)
TU_DECODER(smb2_query_directory_rsp_decode, struct smb2_query_directory_rsp)
TU_ENCODER(smb2_query_directory_rsp_encode, struct smb2_query_directory_rsp)

#define BODY SMB2_HDR_SIZE

static const uint8_t star_txt[] = { 'f', 0, '*', 0, '.', 0, 't', 0, 'x', 0, 't', 0 };

static void test_req_roundtrip(void **state)
{
	(void)state;
	struct smb2_query_directory_req in = {
		.file_info_class = FILE_ID_BOTH_DIRECTORY_INFORMATION,
		.flags = SMB2_RESTART_SCANS | SMB2_INDEX_SPECIFIED,
		.file_index = 0x12345678,
		.file_id = { 0x1111, 0x2222 },
		.pattern = { star_txt, sizeof(star_txt) },
		.output_buffer_length = 65536,
	}, out;
	const size_t sz = sizeof(out);
	struct wr w;

	wr_init(&w, 0);
	tu_encode_msg(&w, SMB2_QUERY_DIRECTORY, 0, smb2_query_directory_req_encode_tu, &in);
	assert_int_equal(w.len, BODY + 32 + sizeof(star_txt));
	assert_int_equal(le16(w.buf + BODY + 24), BODY + 32);
	assert_status(tu_decode_body(smb2_query_directory_req_decode_tu, w.buf, w.len, &out),
	              STATUS_SUCCESS);
	assert_int_equal(out.file_info_class, in.file_info_class);
	assert_int_equal(out.flags, in.flags);
	assert_int_equal(out.file_index, in.file_index);
	assert_int_equal(out.file_id.persistent, 0x1111);
	assert_int_equal(out.file_id.volatile_, 0x2222);
	assert_int_equal(out.output_buffer_length, 65536);
	assert_int_equal(out.pattern.len, sizeof(star_txt));
	assert_memory_equal(out.pattern.p, star_txt, sizeof(star_txt));

	tu_truncations(smb2_query_directory_req_decode_tu, w.buf, w.len, w.len, sz);
	tu_expect_fail_patched16(smb2_query_directory_req_decode_tu, w.buf, w.len, BODY, 32,
	                         STATUS_INVALID_PARAMETER, sz);
	/* FileNameOffset inside the fixed part, and past the end. */
	tu_expect_fail_patched16(smb2_query_directory_req_decode_tu, w.buf, w.len, BODY + 24,
	                         BODY + 30, STATUS_INVALID_PARAMETER, sz);
	tu_expect_fail_patched16(smb2_query_directory_req_decode_tu, w.buf, w.len, BODY + 24,
	                         0xFFFF, STATUS_INVALID_PARAMETER, sz);
	/* FileNameLength past the end, and odd (not UTF-16). */
	tu_expect_fail_patched16(smb2_query_directory_req_decode_tu, w.buf, w.len, BODY + 26,
	                         sizeof(star_txt) + 2, STATUS_INVALID_PARAMETER, sz);
	tu_expect_fail_patched16(smb2_query_directory_req_decode_tu, w.buf, w.len, BODY + 26,
	                         3, STATUS_INVALID_PARAMETER, sz);
	wr_free(&w);
}

static void test_req_empty_pattern(void **state)
{
	(void)state;
	struct smb2_query_directory_req in = { .file_info_class = FILE_NAMES_INFORMATION },
		out;
	struct wr w;

	wr_init(&w, 0);
	tu_encode_msg(&w, SMB2_QUERY_DIRECTORY, 0, smb2_query_directory_req_encode_tu, &in);
	/* StructureSize 33: one byte of Buffer even when it is empty. */
	assert_int_equal(w.len, BODY + 33);
	assert_int_equal(le16(w.buf + BODY + 24), 0);
	assert_status(tu_decode_body(smb2_query_directory_req_decode_tu, w.buf, w.len, &out),
	              STATUS_SUCCESS);
	assert_int_equal(out.pattern.len, 0);
	assert_int_equal(out.file_info_class, FILE_NAMES_INFORMATION);
	/* The fixed part is required; the one pad byte is not. */
	tu_truncations(smb2_query_directory_req_decode_tu, w.buf, w.len, w.len - 1, sizeof(out));
	wr_free(&w);
}

static void test_rsp_roundtrip(void **state)
{
	(void)state;
	static const uint8_t payload[24] = { 1, 2, 3, 4, 5, 6, 7, 8, 9 };
	struct smb2_query_directory_rsp in = { { payload, sizeof(payload) } }, out;
	const size_t sz = sizeof(out);
	struct wr w;

	wr_init(&w, 0);
	tu_encode_msg(&w, SMB2_QUERY_DIRECTORY, 1, smb2_query_directory_rsp_encode_tu, &in);
	assert_int_equal(w.len, BODY + 8 + sizeof(payload));
	assert_int_equal(le16(w.buf + BODY + 2), BODY + 8);
	assert_status(tu_decode_body(smb2_query_directory_rsp_decode_tu, w.buf, w.len, &out),
	              STATUS_SUCCESS);
	assert_int_equal(out.buffer.len, sizeof(payload));
	assert_memory_equal(out.buffer.p, payload, sizeof(payload));

	tu_truncations(smb2_query_directory_rsp_decode_tu, w.buf, w.len, w.len, sz);
	tu_expect_fail_patched16(smb2_query_directory_rsp_decode_tu, w.buf, w.len, BODY, 8,
	                         STATUS_INVALID_PARAMETER, sz);
	tu_expect_fail_patched16(smb2_query_directory_rsp_decode_tu, w.buf, w.len, BODY + 2,
	                         BODY + 4, STATUS_INVALID_PARAMETER, sz);
	tu_expect_fail_patched32(smb2_query_directory_rsp_decode_tu, w.buf, w.len, BODY + 4,
	                         sizeof(payload) + 1, STATUS_INVALID_PARAMETER, sz);
	tu_expect_fail_patched32(smb2_query_directory_rsp_decode_tu, w.buf, w.len, BODY + 4,
	                         0xFFFFFFFFu, STATUS_INVALID_PARAMETER, sz);
	wr_free(&w);

	/* Empty buffer: offset 0 and the one byte. */
	in.buffer.len = 0;
	wr_init(&w, 0);
	tu_encode_msg(&w, SMB2_QUERY_DIRECTORY, 1, smb2_query_directory_rsp_encode_tu, &in);
	assert_int_equal(w.len, BODY + 9);
	assert_status(tu_decode_body(smb2_query_directory_rsp_decode_tu, w.buf, w.len, &out),
	              STATUS_SUCCESS);
	assert_int_equal(out.buffer.len, 0);
	wr_free(&w);
}

/* Windows client, SMB 2.1 (401trg mimikatz_copy, frame 20, second message
 * of a CREATE + QUERY_DIRECTORY x2 compound). */
static void test_windows_req(void **state)
{
	(void)state;
	struct smb2_query_directory_req out;
	size_t len;
	uint8_t *m = tu_load_fixture("windows/query_directory_req_fileidboth_win.bin", &len);

	assert_status(tu_decode_body(smb2_query_directory_req_decode_tu, m, len, &out),
	              STATUS_SUCCESS);
	assert_int_equal(out.file_info_class, FILE_ID_BOTH_DIRECTORY_INFORMATION);
	assert_int_equal(out.flags, 0);
	assert_int_equal(out.file_index, 0);
	/* Related compound: the FileId is the "use the previous one" value. */
	assert_int_equal(out.file_id.persistent, SMB2_FILEID_ANY);
	assert_int_equal(out.file_id.volatile_, SMB2_FILEID_ANY);
	assert_int_equal(out.output_buffer_length, 65536);
	assert_int_equal(out.pattern.len, 2);
	assert_memory_equal(out.pattern.p, "*\0", 2);
	tu_truncations(smb2_query_directory_req_decode_tu, m, len, BODY + 32 + 2, sizeof(out));
	free(m);
}

/* The matching Windows response: eleven FileIdBothDirectoryInformation
 * entries for the root of C$. */
static void test_windows_rsp(void **state)
{
	(void)state;
	static const char *names[] = {
		"$Recycle.Bin", "Documents and Settings", "pagefile.sys", "PerfLogs",
		"Program Files", "Program Files (x86)", "ProgramData", "Recovery",
		"System Volume Information", "Users", "Windows",
	};
	struct smb2_query_directory_rsp out;
	struct smb2_dirinfo_iter it;
	struct smb2_dirent e;
	unsigned n = 0;
	NTSTATUS st;
	size_t len;
	uint8_t *m = tu_load_fixture("windows/query_directory_rsp_fileidboth_win.bin", &len);

	assert_int_equal(len, 1528);
	assert_status(tu_decode_body(smb2_query_directory_rsp_decode_tu, m, len, &out),
	              STATUS_SUCCESS);
	assert_ptr_equal(out.buffer.p, m + 72);
	assert_int_equal(out.buffer.len, 1454);
	smb2_dirinfo_iter_init(&it, FILE_ID_BOTH_DIRECTORY_INFORMATION, out.buffer);
	while ((st = smb2_dirinfo_next(&it, &e)) == STATUS_SUCCESS) {
		const char *want = names[n];
		assert_true(n < 11);
		assert_int_equal(e.name.len, 2 * strlen(want));
		for (size_t i = 0; want[i]; i++) {
			assert_int_equal(e.name.p[2 * i], (uint8_t)want[i]);
			assert_int_equal(e.name.p[2 * i + 1], 0);
		}
		if (n == 1) {
			/* A junction: EaSize carries IO_REPARSE_TAG_MOUNT_POINT. */
			assert_int_equal(e.file_attributes, 0x2416);
			assert_int_equal(e.ea_size, 0xA0000003u);
			assert_int_equal(e.short_name_len, 16);
			assert_memory_equal(e.short_name, "D\0O\0C\0U\0M\0E\0~\0" "1\0", 16);
			assert_int_equal(e.file_id, 0x1000000003574ull);
			assert_int_equal(e.creation_time, 0x1ca0441307290f2ull);
		}
		if (n == 2) {
			assert_int_equal(e.end_of_file, 2147016704ull);
			assert_int_equal(e.allocation_size, 2147016704ull);
			assert_int_equal(e.file_attributes, 0x26);
			assert_int_equal(e.short_name_len, 0);
			assert_int_equal(e.file_id, 0x200000000e0a3ull);
		}
		n++;
	}
	assert_status(st, STATUS_NO_MORE_ENTRIES);
	assert_int_equal(n, 11);
	/* The last 2 bytes pad the compound member: not needed to decode. */
	tu_truncations(smb2_query_directory_rsp_decode_tu, m, len, 72 + 1454, sizeof(out));
	free(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_req_roundtrip),
		cmocka_unit_test(test_req_empty_pattern),
		cmocka_unit_test(test_rsp_roundtrip),
		cmocka_unit_test(test_windows_req),
		cmocka_unit_test(test_windows_rsp),
	};
	return cmocka_run_group_tests_name("query_directory", tests, NULL, NULL);
}
