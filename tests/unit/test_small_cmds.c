/* FLUSH, ECHO and CANCEL codecs: round trips, captured bytes, malformed
 * twins. */
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "wire/cancel.h"
#include "wire/echo.h"
#include "wire/flush.h"

TU_DECODER(smb2_flush_req_decode, struct smb2_flush_req)
TU_ENCODER(smb2_flush_req_encode, struct smb2_flush_req)
TU_DECODER(smb2_flush_rsp_decode, struct smb2_flush_rsp)
TU_ENCODER(smb2_flush_rsp_encode, struct smb2_flush_rsp)
TU_DECODER(smb2_echo_req_decode, struct smb2_echo_req)
TU_ENCODER(smb2_echo_req_encode, struct smb2_echo_req)
TU_DECODER(smb2_echo_rsp_decode, struct smb2_echo_rsp)
TU_ENCODER(smb2_echo_rsp_encode, struct smb2_echo_rsp)
TU_DECODER(smb2_cancel_req_decode, struct smb2_cancel_req)
TU_ENCODER(smb2_cancel_req_encode, struct smb2_cancel_req)

/* Encode, check the length, decode; then every truncation and a wrong
 * StructureSize fail with the output untouched. */
static void roundtrip(uint16_t cmd, int rsp, tu_encode_fn enc, tu_decode_fn dec,
                      const void *in, void *out, size_t out_size, size_t body,
                      uint16_t bad_size)
{
	struct wr w;

	wr_init(&w, 0);
	tu_encode_msg(&w, cmd, rsp, enc, in);
	assert_int_equal(w.len, 64 + body);
	assert_status(tu_decode_body(dec, w.buf, w.len, out), STATUS_SUCCESS);
	tu_truncations(dec, w.buf, w.len, w.len, out_size);
	tu_expect_fail_patched16(dec, w.buf, w.len, 64, bad_size, STATUS_INVALID_PARAMETER,
	                         out_size);
	wr_free(&w);
}

static void test_flush(void **state)
{
	(void)state;
	struct smb2_flush_req in = { { 0xaaaa, 0xbbbb } }, out;
	struct smb2_flush_rsp rin = { 0 }, rout;
	size_t len;

	roundtrip(SMB2_FLUSH, 0, smb2_flush_req_encode_tu, smb2_flush_req_decode_tu, &in,
	          &out, sizeof(out), 24, 25);
	assert_int_equal(out.file_id.persistent, 0xaaaa);
	assert_int_equal(out.file_id.volatile_, 0xbbbb);
	roundtrip(SMB2_FLUSH, 1, smb2_flush_rsp_encode_tu, smb2_flush_rsp_decode_tu, &rin,
	          &rout, sizeof(rout), 4, 24);
	assert_int_equal(rout.reserved, 0);

	/* macOS client flushes, Windows server answers. */
	uint8_t *m = tu_load_fixture("windows/flush_req_macos.bin", &len);
	assert_status(tu_decode_body(smb2_flush_req_decode_tu, m, len, &out), STATUS_SUCCESS);
	assert_int_equal(out.file_id.persistent, 0x0000001c0000010dull);
	assert_int_equal(out.file_id.volatile_, 0x0000001c0000003dull);
	tu_truncations(smb2_flush_req_decode_tu, m, len, len, sizeof(out));
	free(m);
	m = tu_load_fixture("windows/flush_rsp_win.bin", &len);
	assert_status(tu_decode_body(smb2_flush_rsp_decode_tu, m, len, &rout), STATUS_SUCCESS);
	assert_int_equal(rout.reserved, 0);
	tu_truncations(smb2_flush_rsp_decode_tu, m, len, len, sizeof(rout));
	free(m);
}

static void test_echo(void **state)
{
	(void)state;
	struct smb2_echo_req in = { 0 }, out;
	struct smb2_echo_rsp rin = { 0 }, rout;
	size_t len;

	roundtrip(SMB2_ECHO, 0, smb2_echo_req_encode_tu, smb2_echo_req_decode_tu, &in, &out,
	          sizeof(out), 4, 5);
	roundtrip(SMB2_ECHO, 1, smb2_echo_rsp_encode_tu, smb2_echo_rsp_decode_tu, &rin,
	          &rout, sizeof(rout), 4, 2);
	uint8_t *m = tu_load_fixture("windows/echo_req_macos.bin", &len);
	assert_int_equal(len, 68);
	assert_status(tu_decode_body(smb2_echo_req_decode_tu, m, len, &out), STATUS_SUCCESS);
	assert_int_equal(out.reserved, 0);
	tu_truncations(smb2_echo_req_decode_tu, m, len, len, sizeof(out));
	free(m);
	m = tu_load_fixture("windows/echo_rsp_macos.bin", &len);
	assert_status(tu_decode_body(smb2_echo_rsp_decode_tu, m, len, &rout), STATUS_SUCCESS);
	tu_truncations(smb2_echo_rsp_decode_tu, m, len, len, sizeof(rout));
	free(m);
}

static void test_cancel(void **state)
{
	(void)state;
	struct smb2_cancel_req in = { 0 }, out;
	struct smb2_hdr h;
	struct rd c;
	size_t len;

	roundtrip(SMB2_CANCEL, 0, smb2_cancel_req_encode_tu, smb2_cancel_req_decode_tu, &in,
	          &out, sizeof(out), 4, 0);
	/* Windows 10 cancels an async request: async header, AsyncId 0x2d. */
	uint8_t *m = tu_load_fixture("windows/cancel_req_async_win10.bin", &len);
	rd_init(&c, m, len);
	assert_status(smb2_hdr_decode(&c, &h), STATUS_SUCCESS);
	assert_int_equal(h.command, SMB2_CANCEL);
	assert_true(smb2_hdr_is_async(&h));
	assert_int_equal(h.async_id, 0x2d);
	assert_int_equal(h.message_id, 0);
	assert_status(smb2_cancel_req_decode(&c, &out), STATUS_SUCCESS);
	assert_int_equal(out.reserved, 0);
	tu_truncations(smb2_cancel_req_decode_tu, m, len, len, sizeof(out));
	free(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_flush),
		cmocka_unit_test(test_echo),
		cmocka_unit_test(test_cancel),
	};
	return cmocka_run_group_tests_name("small_cmds", tests, NULL, NULL);
}
