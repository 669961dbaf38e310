/* CLOSE codec: round trips, captured bytes, malformed twins. */
#include <stdlib.h>

#include "testutil.h"
#include "wire/close.h"

TU_DECODER(smb2_close_req_decode, struct smb2_close_req)
TU_ENCODER(smb2_close_req_encode, struct smb2_close_req)
TU_DECODER(smb2_close_rsp_decode, struct smb2_close_rsp)
TU_ENCODER(smb2_close_rsp_encode, struct smb2_close_rsp)

static void test_close_req_roundtrip(void **state)
{
	(void)state;
	struct smb2_close_req in = {
		.flags = SMB2_CLOSE_FLAG_POSTQUERY_ATTRIB,
		.file_id = { 0x1122334455667788ull, 0x99aabbccddeeff00ull },
	}, out;
	struct wr w;

	wr_init(&w, 0);
	tu_encode_msg(&w, SMB2_CLOSE, 0, smb2_close_req_encode_tu, &in);
	assert_int_equal(w.len, SMB2_HDR_SIZE + 24);
	assert_status(tu_decode_body(smb2_close_req_decode_tu, w.buf, w.len, &out),
	              STATUS_SUCCESS);
	assert_int_equal(out.flags, in.flags);
	assert_int_equal(out.file_id.persistent, in.file_id.persistent);
	assert_int_equal(out.file_id.volatile_, in.file_id.volatile_);
	/* Malformed twins: every truncation, a wrong StructureSize. */
	tu_truncations(smb2_close_req_decode_tu, w.buf, w.len, w.len, sizeof(out));
	tu_expect_fail_patched16(smb2_close_req_decode_tu, w.buf, w.len, SMB2_HDR_SIZE,
	                         25, STATUS_INVALID_PARAMETER, sizeof(out));
	wr_free(&w);
}

static void test_close_rsp_roundtrip(void **state)
{
	(void)state;
	struct smb2_close_rsp in = {
		.flags = 1, .creation_time = 1, .last_access_time = 2,
		.last_write_time = 3, .change_time = 4, .allocation_size = 4096,
		.end_of_file = 17, .file_attributes = 0x20,
	}, out;
	struct wr w;

	wr_init(&w, 0);
	tu_encode_msg(&w, SMB2_CLOSE, 1, smb2_close_rsp_encode_tu, &in);
	assert_int_equal(w.len, SMB2_HDR_SIZE + 60);
	assert_status(tu_decode_body(smb2_close_rsp_decode_tu, w.buf, w.len, &out),
	              STATUS_SUCCESS);
	assert_int_equal(out.flags, 1);
	assert_int_equal(out.change_time, 4);
	assert_int_equal(out.allocation_size, 4096);
	assert_int_equal(out.end_of_file, 17);
	assert_int_equal(out.file_attributes, 0x20);
	tu_truncations(smb2_close_rsp_decode_tu, w.buf, w.len, w.len, sizeof(out));
	tu_expect_fail_patched16(smb2_close_rsp_decode_tu, w.buf, w.len, SMB2_HDR_SIZE,
	                         24, STATUS_INVALID_PARAMETER, sizeof(out));
	wr_free(&w);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_close_req_roundtrip),
		cmocka_unit_test(test_close_rsp_roundtrip),
	};
	return cmocka_run_group_tests_name("close", tests, NULL, NULL);
}
