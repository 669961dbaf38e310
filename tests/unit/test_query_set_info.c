/* QUERY_INFO and SET_INFO codecs: round trips, captured Windows bytes,
 * malformed twins. */
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "wire/fileinfo.h"
#include "wire/query_info.h"
#include "wire/set_info.h"

TU_DECODER(smb2_query_info_req_decode, struct smb2_query_info_req)
TU_ENCODER(smb2_query_info_req_encode, struct smb2_query_info_req)
TU_DECODER(smb2_query_info_rsp_decode, struct smb2_query_info_rsp)
TU_ENCODER(smb2_query_info_rsp_encode, struct smb2_query_info_rsp)
TU_DECODER(smb2_set_info_req_decode, struct smb2_set_info_req)
TU_ENCODER(smb2_set_info_req_encode, struct smb2_set_info_req)
TU_DECODER(smb2_set_info_rsp_decode, struct smb2_set_info_rsp)
TU_ENCODER(smb2_set_info_rsp_encode, struct smb2_set_info_rsp)

#define BODY SMB2_HDR_SIZE

static const uint8_t input[12] = { 0, 0, 0, 0, 4, 'U', 'S', 'E', 'R', 0, 0, 0 };

static void test_query_req(void **state)
{
	(void)state;
	struct smb2_query_info_req in = {
		.info_type = SMB2_0_INFO_FILE,
		.file_info_class = FILE_FULL_EA_INFORMATION,
		.output_buffer_length = 4096,
		.input = { input, sizeof(input) },
		.additional_information = 0,
		.flags = SL_RESTART_SCAN,
		.file_id = { 5, 6 },
	}, out;
	const size_t sz = sizeof(out);
	struct wr w;

	wr_init(&w, 0);
	tu_encode_msg(&w, SMB2_QUERY_INFO, 0, smb2_query_info_req_encode_tu, &in);
	assert_int_equal(w.len, BODY + 40 + sizeof(input));
	assert_int_equal(le16(w.buf + BODY + 8), BODY + 40);
	assert_int_equal(le32(w.buf + BODY + 12), sizeof(input));
	assert_status(tu_decode_body(smb2_query_info_req_decode_tu, w.buf, w.len, &out),
	              STATUS_SUCCESS);
	assert_int_equal(out.info_type, SMB2_0_INFO_FILE);
	assert_int_equal(out.file_info_class, FILE_FULL_EA_INFORMATION);
	assert_int_equal(out.output_buffer_length, 4096);
	assert_int_equal(out.flags, SL_RESTART_SCAN);
	assert_int_equal(out.file_id.persistent, 5);
	assert_int_equal(out.file_id.volatile_, 6);
	assert_int_equal(out.input.len, sizeof(input));
	assert_memory_equal(out.input.p, input, sizeof(input));

	tu_truncations(smb2_query_info_req_decode_tu, w.buf, w.len, w.len, sz);
	tu_expect_fail_patched16(smb2_query_info_req_decode_tu, w.buf, w.len, BODY, 40,
	                         STATUS_INVALID_PARAMETER, sz);
	/* InputBufferOffset into the fixed part, past the end; length past
	 * the end and a length whose sum with the offset overflows 32 bits. */
	tu_expect_fail_patched16(smb2_query_info_req_decode_tu, w.buf, w.len, BODY + 8,
	                         BODY + 32, STATUS_INVALID_PARAMETER, sz);
	tu_expect_fail_patched16(smb2_query_info_req_decode_tu, w.buf, w.len, BODY + 8,
	                         0xFFFF, STATUS_INVALID_PARAMETER, sz);
	tu_expect_fail_patched32(smb2_query_info_req_decode_tu, w.buf, w.len, BODY + 12,
	                         sizeof(input) + 1, STATUS_INVALID_PARAMETER, sz);
	tu_expect_fail_patched32(smb2_query_info_req_decode_tu, w.buf, w.len, BODY + 12,
	                         0xFFFFFFFFu, STATUS_INVALID_PARAMETER, sz);
	wr_free(&w);

	/* No input buffer: offset 0, the one byte of Buffer. */
	in.input.len = 0;
	wr_init(&w, 0);
	tu_encode_msg(&w, SMB2_QUERY_INFO, 0, smb2_query_info_req_encode_tu, &in);
	assert_int_equal(w.len, BODY + 41);
	assert_status(tu_decode_body(smb2_query_info_req_decode_tu, w.buf, w.len, &out),
	              STATUS_SUCCESS);
	assert_int_equal(out.input.len, 0);
	tu_truncations(smb2_query_info_req_decode_tu, w.buf, w.len, w.len - 1, sz);
	wr_free(&w);
}

static void test_query_rsp(void **state)
{
	(void)state;
	static const uint8_t data[40] = { 1, 2, 3 };
	struct smb2_query_info_rsp in = { { data, sizeof(data) } }, out;
	const size_t sz = sizeof(out);
	struct wr w;

	wr_init(&w, 0);
	tu_encode_msg(&w, SMB2_QUERY_INFO, 1, smb2_query_info_rsp_encode_tu, &in);
	assert_int_equal(w.len, BODY + 8 + sizeof(data));
	assert_status(tu_decode_body(smb2_query_info_rsp_decode_tu, w.buf, w.len, &out),
	              STATUS_SUCCESS);
	assert_int_equal(out.buffer.len, sizeof(data));
	assert_memory_equal(out.buffer.p, data, sizeof(data));
	tu_truncations(smb2_query_info_rsp_decode_tu, w.buf, w.len, w.len, sz);
	tu_expect_fail_patched16(smb2_query_info_rsp_decode_tu, w.buf, w.len, BODY, 8,
	                         STATUS_INVALID_PARAMETER, sz);
	tu_expect_fail_patched16(smb2_query_info_rsp_decode_tu, w.buf, w.len, BODY + 2,
	                         BODY + 6, STATUS_INVALID_PARAMETER, sz);
	tu_expect_fail_patched32(smb2_query_info_rsp_decode_tu, w.buf, w.len, BODY + 4,
	                         sizeof(data) + 1, STATUS_INVALID_PARAMETER, sz);
	wr_free(&w);
}

static void test_set_req(void **state)
{
	(void)state;
	static const uint8_t eof[8] = { 0x00, 0x10 };
	struct smb2_set_info_req in = {
		.info_type = SMB2_0_INFO_FILE,
		.file_info_class = FILE_END_OF_FILE_INFORMATION,
		.additional_information = 0,
		.file_id = { 9, 10 },
		.buffer = { eof, sizeof(eof) },
	}, out;
	const size_t sz = sizeof(out);
	struct smb2_fileinfo fi;
	struct wr w;

	wr_init(&w, 0);
	tu_encode_msg(&w, SMB2_SET_INFO, 0, smb2_set_info_req_encode_tu, &in);
	assert_int_equal(w.len, BODY + 32 + sizeof(eof));
	assert_int_equal(le32(w.buf + BODY + 4), sizeof(eof));
	assert_int_equal(le16(w.buf + BODY + 8), BODY + 32);
	assert_status(tu_decode_body(smb2_set_info_req_decode_tu, w.buf, w.len, &out),
	              STATUS_SUCCESS);
	assert_int_equal(out.info_type, SMB2_0_INFO_FILE);
	assert_int_equal(out.file_info_class, FILE_END_OF_FILE_INFORMATION);
	assert_int_equal(out.file_id.persistent, 9);
	assert_int_equal(out.file_id.volatile_, 10);
	assert_status(smb2_fileinfo_decode(out.file_info_class, out.buffer, &fi), STATUS_SUCCESS);
	assert_int_equal(fi.u.end_of_file, 4096);

	tu_truncations(smb2_set_info_req_decode_tu, w.buf, w.len, w.len, sz);
	tu_expect_fail_patched16(smb2_set_info_req_decode_tu, w.buf, w.len, BODY, 32,
	                         STATUS_INVALID_PARAMETER, sz);
	tu_expect_fail_patched16(smb2_set_info_req_decode_tu, w.buf, w.len, BODY + 8,
	                         BODY + 16, STATUS_INVALID_PARAMETER, sz);
	tu_expect_fail_patched16(smb2_set_info_req_decode_tu, w.buf, w.len, BODY + 8,
	                         BODY + 33, STATUS_INVALID_PARAMETER, sz);
	tu_expect_fail_patched32(smb2_set_info_req_decode_tu, w.buf, w.len, BODY + 4,
	                         0x80000000u, STATUS_INVALID_PARAMETER, sz);
	wr_free(&w);
}

static void test_set_rsp(void **state)
{
	(void)state;
	struct smb2_set_info_rsp in = { 0 }, out;
	struct wr w;

	wr_init(&w, 0);
	tu_encode_msg(&w, SMB2_SET_INFO, 1, smb2_set_info_rsp_encode_tu, &in);
	assert_int_equal(w.len, BODY + 2);
	assert_status(tu_decode_body(smb2_set_info_rsp_decode_tu, w.buf, w.len, &out),
	              STATUS_SUCCESS);
	tu_truncations(smb2_set_info_rsp_decode_tu, w.buf, w.len, w.len, sizeof(out));
	tu_expect_fail_patched16(smb2_set_info_rsp_decode_tu, w.buf, w.len, BODY, 3,
	                         STATUS_INVALID_PARAMETER, sizeof(out));
	wr_free(&w);
}

/* Windows Server 2019 client side (zeek smb_v2_only_non_zero_reserved1,
 * frame 77, third message): a security query for the attribute
 * information only. */
static void test_windows_query_req(void **state)
{
	(void)state;
	struct smb2_query_info_req out;
	size_t len;
	uint8_t *m = tu_load_fixture("windows/query_info_req_security_win.bin", &len);

	assert_status(tu_decode_body(smb2_query_info_req_decode_tu, m, len, &out),
	              STATUS_SUCCESS);
	assert_int_equal(out.info_type, SMB2_0_INFO_SECURITY);
	assert_int_equal(out.file_info_class, 0);
	assert_int_equal(out.output_buffer_length, 0x4000);
	assert_int_equal(out.input.len, 0);
	assert_int_equal(out.additional_information, ATTRIBUTE_SECURITY_INFORMATION);
	assert_int_equal(out.flags, 0);
	assert_int_equal(out.file_id.persistent, 0x4b00000046ull);
	assert_int_equal(out.file_id.volatile_, 0x4b00000019ull);
	tu_truncations(smb2_query_info_req_decode_tu, m, len, BODY + 40, sizeof(out));
	free(m);
}

/* Windows 2.1 client (401trg mimikatz_copy, frames 41 and 42). */
static void test_windows_set(void **state)
{
	(void)state;
	struct smb2_set_info_req out;
	struct smb2_set_info_rsp rsp;
	size_t len;
	uint8_t *m = tu_load_fixture("windows/set_info_req_win.bin", &len);

	assert_status(tu_decode_body(smb2_set_info_req_decode_tu, m, len, &out), STATUS_SUCCESS);
	assert_int_equal(out.info_type, SMB2_0_INFO_FILE);
	assert_int_equal(out.file_info_class, FILE_BASIC_INFORMATION);
	assert_int_equal(out.buffer.len, 40);
	assert_ptr_equal(out.buffer.p, m + 0x60);
	assert_int_equal(out.additional_information, 0);
	assert_int_equal(out.file_id.persistent, 0x71);
	assert_int_equal(out.file_id.volatile_, 0xffffffff0000000dull);
	tu_truncations(smb2_set_info_req_decode_tu, m, len, 0x60 + 40, sizeof(out));
	free(m);

	m = tu_load_fixture("windows/set_info_rsp_win.bin", &len);
	assert_status(tu_decode_body(smb2_set_info_rsp_decode_tu, m, len, &rsp), STATUS_SUCCESS);
	free(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_query_req),
		cmocka_unit_test(test_query_rsp),
		cmocka_unit_test(test_set_req),
		cmocka_unit_test(test_set_rsp),
		cmocka_unit_test(test_windows_query_req),
		cmocka_unit_test(test_windows_set),
	};
	return cmocka_run_group_tests_name("query_set_info", tests, NULL, NULL);
}
