/* SESSION_SETUP codec: Windows captures, round trips, malformed twins. */
#include <stdlib.h>

#include "testutil.h"
#include "wire/session_setup.h"

TU_DECODER(smb2_session_setup_req_decode, struct smb2_session_setup_req)
TU_ENCODER(smb2_session_setup_req_encode, struct smb2_session_setup_req)
TU_DECODER(smb2_session_setup_rsp_decode, struct smb2_session_setup_rsp)
TU_ENCODER(smb2_session_setup_rsp_encode, struct smb2_session_setup_rsp)

#define BODY SMB2_HDR_SIZE
#define REQ_SZ sizeof(struct smb2_session_setup_req)
#define RSP_SZ sizeof(struct smb2_session_setup_rsp)

/* Windows 10: first leg, SPNEGO with an NTLMSSP NEGOTIATE. */
static void test_req_win10(void **state)
{
	(void)state;
	size_t len;
	uint8_t *m = tu_load_fixture("windows/session_setup_req_ntlm_negotiate_win10.bin", &len);
	struct smb2_session_setup_req r;

	assert_int_equal(len, 162);
	tu_decode_reencode(m, len, smb2_session_setup_req_decode_tu,
	                smb2_session_setup_req_encode_tu, &r);
	assert_int_equal(r.flags, 0);
	assert_int_equal(r.security_mode, SMB2_NEGOTIATE_SIGNING_ENABLED);
	assert_int_equal(r.capabilities, SMB2_SESSION_CAP_DFS);
	assert_int_equal(r.channel, 0);
	assert_int_equal(r.previous_session_id, 0);
	assert_int_equal(r.security_buffer.len, 0x4a);
	assert_ptr_equal(r.security_buffer.p, m + 0x58);
	assert_int_equal(r.security_buffer.p[0], 0x60);
	assert_memory_equal(r.security_buffer.p + 0x22, "NTLMSSP", 8);
	tu_truncations(smb2_session_setup_req_decode_tu, m, len, len, sizeof(r));
	tu_expect_fail_patched16(smb2_session_setup_req_decode_tu, m, len, BODY, 24,
	                         STATUS_INVALID_PARAMETER, sizeof(r));
	/* SecurityBufferOffset inside the header and the fixed part, just
	 * past the end; SecurityBufferLength past the end. */
	tu_expect_fail_patched16(smb2_session_setup_req_decode_tu, m, len, BODY + 12, 0x20,
	                         STATUS_INVALID_PARAMETER, sizeof(r));
	tu_expect_fail_patched16(smb2_session_setup_req_decode_tu, m, len, BODY + 12, 0x50,
	                         STATUS_INVALID_PARAMETER, sizeof(r));
	tu_expect_fail_patched16(smb2_session_setup_req_decode_tu, m, len, BODY + 12, 0x59,
	                         STATUS_INVALID_PARAMETER, sizeof(r));
	tu_expect_fail_patched16(smb2_session_setup_req_decode_tu, m, len, BODY + 14, 0xFFFF,
	                         STATUS_INVALID_PARAMETER, sizeof(r));
	free(m);
}

/* Windows 10: STATUS_MORE_PROCESSING_REQUIRED with the NTLM challenge. */
static void test_rsp_win10(void **state)
{
	(void)state;
	size_t len;
	uint8_t *m = tu_load_fixture("windows/session_setup_rsp_more_processing_win10.bin", &len);
	struct smb2_session_setup_rsp r;

	assert_int_equal(len, 343);
	assert_int_equal(le32(m + 8), STATUS_MORE_PROCESSING_REQUIRED);
	tu_decode_reencode(m, len, smb2_session_setup_rsp_decode_tu,
	                smb2_session_setup_rsp_encode_tu, &r);
	assert_int_equal(r.session_flags, 0);
	assert_int_equal(r.security_buffer.len, 0x10f);
	assert_ptr_equal(r.security_buffer.p, m + 0x48);
	assert_int_equal(r.security_buffer.p[0], 0xa1);
	tu_truncations(smb2_session_setup_rsp_decode_tu, m, len, len, sizeof(r));
	tu_expect_fail_patched16(smb2_session_setup_rsp_decode_tu, m, len, BODY, 8,
	                         STATUS_INVALID_PARAMETER, sizeof(r));
	tu_expect_fail_patched16(smb2_session_setup_rsp_decode_tu, m, len, BODY + 4, 0x46,
	                         STATUS_INVALID_PARAMETER, sizeof(r));
	tu_expect_fail_patched16(smb2_session_setup_rsp_decode_tu, m, len, BODY + 4, 0x49,
	                         STATUS_INVALID_PARAMETER, sizeof(r));
	tu_expect_fail_patched16(smb2_session_setup_rsp_decode_tu, m, len, BODY + 6, 0x110,
	                         STATUS_INVALID_PARAMETER, sizeof(r));
	free(m);
}

static void test_req_roundtrip(void **state)
{
	(void)state;
	static const uint8_t tok[5] = { 0xa1, 0x03, 0x0a, 0x01, 0x00 };
	struct smb2_session_setup_req in = {
		.flags = SMB2_SESSION_FLAG_BINDING,
		.security_mode = SMB2_NEGOTIATE_SIGNING_REQUIRED,
		.capabilities = SMB2_SESSION_CAP_DFS,
		.channel = 0,
		.previous_session_id = UINT64_C(0x0000400000000011),
		.security_buffer = { tok, sizeof(tok) },
	}, out;
	struct wr w;

	wr_init(&w, 0);
	tu_encode_msg(&w, SMB2_SESSION_SETUP, 0, smb2_session_setup_req_encode_tu, &in);
	assert_int_equal(w.len, BODY + 24 + 5);
	assert_int_equal(le16(w.buf + BODY + 12), BODY + 24);
	assert_status(tu_decode_body(smb2_session_setup_req_decode_tu, w.buf, w.len, &out),
	              STATUS_SUCCESS);
	assert_int_equal(out.flags, SMB2_SESSION_FLAG_BINDING);
	assert_int_equal(out.security_mode, SMB2_NEGOTIATE_SIGNING_REQUIRED);
	assert_int_equal(out.capabilities, SMB2_SESSION_CAP_DFS);
	assert_int_equal(out.previous_session_id, in.previous_session_id);
	assert_int_equal(out.security_buffer.len, 5);
	assert_memory_equal(out.security_buffer.p, tok, 5);
	tu_truncations(smb2_session_setup_req_decode_tu, w.buf, w.len, w.len, sizeof(out));
	wr_free(&w);

	/* Empty token: the odd byte is written, offset 0 is accepted. */
	in.security_buffer.len = 0;
	wr_init(&w, 0);
	tu_encode_msg(&w, SMB2_SESSION_SETUP, 0, smb2_session_setup_req_encode_tu, &in);
	assert_int_equal(w.len, BODY + 25);
	assert_status(tu_decode_body(smb2_session_setup_req_decode_tu, w.buf, w.len, &out),
	              STATUS_SUCCESS);
	assert_int_equal(out.security_buffer.len, 0);
	tu_truncations(smb2_session_setup_req_decode_tu, w.buf, w.len, BODY + 24, sizeof(out));
	wr_free(&w);
}

static void test_rsp_roundtrip(void **state)
{
	(void)state;
	static const uint8_t tok[3] = { 0xa1, 0x01, 0x00 };
	struct smb2_session_setup_rsp in = {
		.session_flags = SMB2_SESSION_FLAG_IS_GUEST | SMB2_SESSION_FLAG_ENCRYPT_DATA,
		.security_buffer = { tok, sizeof(tok) },
	}, out;
	struct wr w;

	wr_init(&w, 0);
	tu_encode_msg(&w, SMB2_SESSION_SETUP, 1, smb2_session_setup_rsp_encode_tu, &in);
	assert_int_equal(w.len, BODY + 8 + 3);
	assert_status(tu_decode_body(smb2_session_setup_rsp_decode_tu, w.buf, w.len, &out),
	              STATUS_SUCCESS);
	assert_int_equal(out.session_flags, in.session_flags);
	assert_int_equal(out.security_buffer.len, 3);
	assert_memory_equal(out.security_buffer.p, tok, 3);
	tu_truncations(smb2_session_setup_rsp_decode_tu, w.buf, w.len, w.len, sizeof(out));
	wr_free(&w);

	in.session_flags = SMB2_SESSION_FLAG_IS_NULL;
	in.security_buffer.len = 0;
	wr_init(&w, 0);
	tu_encode_msg(&w, SMB2_SESSION_SETUP, 1, smb2_session_setup_rsp_encode_tu, &in);
	assert_int_equal(w.len, BODY + 9);
	assert_status(tu_decode_body(smb2_session_setup_rsp_decode_tu, w.buf, w.len, &out),
	              STATUS_SUCCESS);
	assert_int_equal(out.session_flags, SMB2_SESSION_FLAG_IS_NULL);
	assert_int_equal(out.security_buffer.len, 0);
	tu_truncations(smb2_session_setup_rsp_decode_tu, w.buf, w.len, BODY + 8, sizeof(out));
	wr_free(&w);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_req_win10),
		cmocka_unit_test(test_rsp_win10),
		cmocka_unit_test(test_req_roundtrip),
		cmocka_unit_test(test_rsp_roundtrip),
	};
	return cmocka_run_group_tests_name("session_setup", tests, NULL, NULL);
}
