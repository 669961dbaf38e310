/* IOCTL codec: round trips, captured bytes, overlapping and out-of-bounds
 * buffers. */
#include <stdlib.h>

#include "testutil.h"
#include "wire/ioctl.h"

TU_DECODER(smb2_ioctl_req_decode, struct smb2_ioctl_req)
TU_ENCODER(smb2_ioctl_req_encode, struct smb2_ioctl_req)
TU_DECODER(smb2_ioctl_rsp_decode, struct smb2_ioctl_rsp)
TU_ENCODER(smb2_ioctl_rsp_encode, struct smb2_ioctl_rsp)

/* Field positions from the header (MS-SMB2 2.2.31, 2.2.32). */
#define IQ_CTL 68
#define IQ_IN_OFF 88
#define IQ_IN_LEN 92
#define IQ_OUT_OFF 100
#define IQ_OUT_LEN 104
#define IS_IN_OFF 88
#define IS_IN_LEN 92
#define IS_OUT_OFF 96
#define IS_OUT_LEN 100

static const uint8_t in_bytes[] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11 };
static const uint8_t out_bytes[] = { 0xA1, 0xA2, 0xA3, 0xA4, 0xA5 };

static void test_ioctl_req_roundtrip(void **state)
{
	(void)state;
	struct smb2_ioctl_req in = {
		.ctl_code = FSCTL_PIPE_TRANSCEIVE,
		.file_id = { 5, 6 },
		.max_input_response = 0,
		.max_output_response = 4280,
		.flags = SMB2_0_IOCTL_IS_FSCTL,
		.input = { in_bytes, sizeof(in_bytes) },
		.output = { out_bytes, sizeof(out_bytes) },
	}, out;
	struct wr w;

	wr_init(&w, 0);
	tu_encode_msg(&w, SMB2_IOCTL, 0, smb2_ioctl_req_encode_tu, &in);
	/* Input at 120, output 8-aligned after it (131 -> 136). */
	assert_int_equal(le32(w.buf + IQ_IN_OFF), SMB2_IOCTL_REQ_BUFFER_OFFSET);
	assert_int_equal(le32(w.buf + IQ_OUT_OFF), 136);
	assert_int_equal(w.len, 136 + sizeof(out_bytes));
	assert_status(tu_decode_body(smb2_ioctl_req_decode_tu, w.buf, w.len, &out),
	              STATUS_SUCCESS);
	assert_int_equal(out.ctl_code, FSCTL_PIPE_TRANSCEIVE);
	assert_true(out.file_id.persistent == 5 && out.file_id.volatile_ == 6);
	assert_int_equal(out.max_input_response, 0);
	assert_int_equal(out.max_output_response, 4280);
	assert_int_equal(out.flags, SMB2_0_IOCTL_IS_FSCTL);
	assert_int_equal(out.input.len, sizeof(in_bytes));
	assert_memory_equal(out.input.p, in_bytes, sizeof(in_bytes));
	assert_int_equal(out.output.len, sizeof(out_bytes));
	assert_memory_equal(out.output.p, out_bytes, sizeof(out_bytes));

	tu_truncations(smb2_ioctl_req_decode_tu, w.buf, w.len, w.len, sizeof(out));
	tu_expect_fail_patched16(smb2_ioctl_req_decode_tu, w.buf, w.len, SMB2_HDR_SIZE, 56,
	                         STATUS_INVALID_PARAMETER, sizeof(out));
	/* Input inside the fixed part, past the end; counts past the end
	 * and at the u32 maximum (offset + count in 64 bits). */
	tu_expect_fail_patched32(smb2_ioctl_req_decode_tu, w.buf, w.len, IQ_IN_OFF, 119,
	                         STATUS_INVALID_PARAMETER, sizeof(out));
	tu_expect_fail_patched32(smb2_ioctl_req_decode_tu, w.buf, w.len, IQ_IN_OFF, 0xFFFFFFF0u,
	                         STATUS_INVALID_PARAMETER, sizeof(out));
	tu_expect_fail_patched32(smb2_ioctl_req_decode_tu, w.buf, w.len, IQ_IN_LEN, 0xFFFFFFFFu,
	                         STATUS_INVALID_PARAMETER, sizeof(out));
	tu_expect_fail_patched32(smb2_ioctl_req_decode_tu, w.buf, w.len, IQ_OUT_OFF, 64,
	                         STATUS_INVALID_PARAMETER, sizeof(out));
	tu_expect_fail_patched32(smb2_ioctl_req_decode_tu, w.buf, w.len, IQ_OUT_LEN, 6,
	                         STATUS_INVALID_PARAMETER, sizeof(out));
	/* Output over the input (either start inside the other). */
	tu_expect_fail_patched32(smb2_ioctl_req_decode_tu, w.buf, w.len, IQ_OUT_OFF, 130,
	                         STATUS_INVALID_PARAMETER, sizeof(out));
	tu_expect_fail_patched32(smb2_ioctl_req_decode_tu, w.buf, w.len, IQ_IN_LEN, 17,
	                         STATUS_INVALID_PARAMETER, sizeof(out));
	tu_expect_fail_patched32(smb2_ioctl_req_decode_tu, w.buf, w.len, IQ_OUT_OFF, 120,
	                         STATUS_INVALID_PARAMETER, sizeof(out));
	/* Touching is not overlapping: output right after the input. */
	put_le32(w.buf + IQ_OUT_OFF, 131);
	assert_status(tu_decode_body(smb2_ioctl_req_decode_tu, w.buf, w.len, &out),
	              STATUS_SUCCESS);
	assert_int_equal(out.output.len, sizeof(out_bytes));
	/* A zero count overlaps nothing, whatever its offset. */
	put_le32(w.buf + IQ_OUT_OFF, 0);
	put_le32(w.buf + IQ_OUT_LEN, 0);
	assert_status(tu_decode_body(smb2_ioctl_req_decode_tu, w.buf, w.len, &out),
	              STATUS_SUCCESS);
	assert_int_equal(out.output.len, 0);
	wr_free(&w);
}

static void test_ioctl_req_empty(void **state)
{
	(void)state;
	struct smb2_ioctl_req in = {
		.ctl_code = FSCTL_QUERY_NETWORK_INTERFACE_INFO,
		.file_id = { SMB2_FILEID_ANY, SMB2_FILEID_ANY },
		.max_output_response = 65536,
		.flags = SMB2_0_IOCTL_IS_FSCTL,
	}, out;
	struct wr w;

	wr_init(&w, 0);
	tu_encode_msg(&w, SMB2_IOCTL, 0, smb2_ioctl_req_encode_tu, &in);
	/* StructureSize 57: the one Buffer byte. */
	assert_int_equal(w.len, SMB2_HDR_SIZE + 57);
	assert_status(tu_decode_body(smb2_ioctl_req_decode_tu, w.buf, w.len - 1, &out),
	              STATUS_SUCCESS);
	assert_int_equal(out.input.len, 0);
	assert_int_equal(out.output.len, 0);
	tu_truncations(smb2_ioctl_req_decode_tu, w.buf, w.len, w.len - 1, sizeof(out));
	wr_free(&w);
}

static void test_ioctl_rsp_roundtrip(void **state)
{
	(void)state;
	struct smb2_ioctl_rsp in = {
		.ctl_code = FSCTL_SRV_COPYCHUNK_WRITE,
		.file_id = { 0x10, 0x20 },
		.input = { in_bytes, 3 },
		.output = { out_bytes, sizeof(out_bytes) },
	}, out;
	struct wr w;

	wr_init(&w, 0);
	tu_encode_msg(&w, SMB2_IOCTL, 1, smb2_ioctl_rsp_encode_tu, &in);
	assert_int_equal(le32(w.buf + IS_IN_OFF), SMB2_IOCTL_RSP_BUFFER_OFFSET);
	assert_int_equal(le32(w.buf + IS_OUT_OFF), 120);
	assert_status(tu_decode_body(smb2_ioctl_rsp_decode_tu, w.buf, w.len, &out),
	              STATUS_SUCCESS);
	assert_int_equal(out.ctl_code, FSCTL_SRV_COPYCHUNK_WRITE);
	assert_true(out.file_id.volatile_ == 0x20);
	assert_int_equal(out.input.len, 3);
	assert_memory_equal(out.output.p, out_bytes, sizeof(out_bytes));
	tu_truncations(smb2_ioctl_rsp_decode_tu, w.buf, w.len, w.len, sizeof(out));
	tu_expect_fail_patched16(smb2_ioctl_rsp_decode_tu, w.buf, w.len, SMB2_HDR_SIZE, 57,
	                         STATUS_INVALID_PARAMETER, sizeof(out));
	tu_expect_fail_patched32(smb2_ioctl_rsp_decode_tu, w.buf, w.len, IS_OUT_OFF, 104,
	                         STATUS_INVALID_PARAMETER, sizeof(out));
	tu_expect_fail_patched32(smb2_ioctl_rsp_decode_tu, w.buf, w.len, IS_OUT_OFF, 113,
	                         STATUS_INVALID_PARAMETER, sizeof(out));
	tu_expect_fail_patched32(smb2_ioctl_rsp_decode_tu, w.buf, w.len, IS_OUT_LEN, 0x80000000u,
	                         STATUS_INVALID_PARAMETER, sizeof(out));
	tu_expect_fail_patched32(smb2_ioctl_rsp_decode_tu, w.buf, w.len, IS_IN_LEN, 9,
	                         STATUS_INVALID_PARAMETER, sizeof(out));
	tu_expect_fail_patched32(smb2_ioctl_rsp_decode_tu, w.buf, w.len, IS_IN_OFF, 0,
	                         STATUS_INVALID_PARAMETER, sizeof(out));

	/* Both empty: one Buffer byte. */
	memset(&in.input, 0, sizeof(in.input));
	memset(&in.output, 0, sizeof(in.output));
	wr_reset(&w);
	tu_encode_msg(&w, SMB2_IOCTL, 1, smb2_ioctl_rsp_encode_tu, &in);
	assert_int_equal(w.len, SMB2_HDR_SIZE + 49);
	assert_status(tu_decode_body(smb2_ioctl_rsp_decode_tu, w.buf, w.len - 1, &out),
	              STATUS_SUCCESS);
	tu_truncations(smb2_ioctl_rsp_decode_tu, w.buf, w.len, w.len - 1, sizeof(out));
	wr_free(&w);
}

static void test_ioctl_captured(void **state)
{
	(void)state;
	struct smb2_ioctl_req q;
	struct smb2_ioctl_rsp r;
	size_t len;
	uint8_t *m;

	/* Windows PIPE_TRANSCEIVE on \PIPE\samr (401trg net user). */
	m = tu_load_fixture("windows/ioctl_req_pipe_transceive_win.bin", &len);
	assert_int_equal(len, 236);
	assert_status(tu_decode_body(smb2_ioctl_req_decode_tu, m, len, &q), STATUS_SUCCESS);
	assert_int_equal(q.ctl_code, FSCTL_PIPE_TRANSCEIVE);
	assert_true(q.file_id.persistent == UINT64_C(0x0000000800000028));
	assert_true(q.file_id.volatile_ == UINT64_C(0x0000000800000001));
	assert_int_equal(q.input.len, 0x74);
	assert_ptr_equal(q.input.p, m + 0x78);
	assert_int_equal(q.input.p[0], 5);   /* DCE/RPC version */
	assert_int_equal(q.input.p[2], 0);   /* request */
	assert_int_equal(q.output.len, 0);
	assert_int_equal(q.max_input_response, 0);
	assert_int_equal(q.max_output_response, 1024);
	assert_int_equal(q.flags, SMB2_0_IOCTL_IS_FSCTL);
	tu_truncations(smb2_ioctl_req_decode_tu, m, len, len, sizeof(q));
	free(m);

	m = tu_load_fixture("windows/ioctl_rsp_pipe_transceive_win.bin", &len);
	assert_int_equal(len, 176);
	assert_status(tu_decode_body(smb2_ioctl_rsp_decode_tu, m, len, &r), STATUS_SUCCESS);
	assert_int_equal(r.ctl_code, FSCTL_PIPE_TRANSCEIVE);
	assert_int_equal(r.input.len, 0);
	assert_int_equal(r.output.len, 0x40);
	assert_ptr_equal(r.output.p, m + 0x70);
	assert_int_equal(r.output.p[2], 2);  /* DCE/RPC response */
	assert_int_equal(r.flags, 0);
	tu_truncations(smb2_ioctl_rsp_decode_tu, m, len, len, sizeof(r));
	free(m);

	/* Windows 10 QUERY_NETWORK_INTERFACE_INFO: 120 bytes, no Buffer
	 * byte, both offsets at 0x78 with zero counts. */
	m = tu_load_fixture("windows/ioctl_req_query_netif_win10.bin", &len);
	assert_int_equal(len, SMB2_IOCTL_REQ_BUFFER_OFFSET);
	assert_status(tu_decode_body(smb2_ioctl_req_decode_tu, m, len, &q), STATUS_SUCCESS);
	assert_int_equal(q.ctl_code, FSCTL_QUERY_NETWORK_INTERFACE_INFO);
	assert_true(q.file_id.persistent == SMB2_FILEID_ANY);
	assert_true(q.file_id.volatile_ == SMB2_FILEID_ANY);
	assert_int_equal(q.input.len, 0);
	assert_int_equal(q.output.len, 0);
	assert_int_equal(q.max_output_response, 0x10000);
	tu_truncations(smb2_ioctl_req_decode_tu, m, len, len, sizeof(q));
	free(m);

	/* macOS VALIDATE_NEGOTIATE_INFO request and answer. */
	m = tu_load_fixture("windows/ioctl_req_validate_negotiate_macos.bin", &len);
	assert_status(tu_decode_body(smb2_ioctl_req_decode_tu, m, len, &q), STATUS_SUCCESS);
	assert_int_equal(q.ctl_code, FSCTL_VALIDATE_NEGOTIATE_INFO);
	assert_int_equal(q.input.len, 34);
	assert_int_equal(q.max_output_response, 40);
	free(m);
	m = tu_load_fixture("windows/ioctl_rsp_validate_negotiate_macos.bin", &len);
	assert_status(tu_decode_body(smb2_ioctl_rsp_decode_tu, m, len, &r), STATUS_SUCCESS);
	assert_int_equal(r.ctl_code, FSCTL_VALIDATE_NEGOTIATE_INFO);
	assert_int_equal(r.output.len, 24);
	free(m);

	/* Windows SRV_REQUEST_RESUME_KEY answer. */
	m = tu_load_fixture("windows/ioctl_rsp_resume_key_win.bin", &len);
	assert_int_equal(len, 144);
	assert_status(tu_decode_body(smb2_ioctl_rsp_decode_tu, m, len, &r), STATUS_SUCCESS);
	assert_int_equal(r.ctl_code, FSCTL_SRV_REQUEST_RESUME_KEY);
	assert_true(r.file_id.persistent == UINT64_C(0x0000001C00000101));
	assert_true(r.file_id.volatile_ == UINT64_C(0x0000001C0000000D));
	assert_int_equal(r.output.len, 32);
	tu_truncations(smb2_ioctl_rsp_decode_tu, m, len, len, sizeof(r));
	free(m);
}

static void test_fsctl_codes(void **state)
{
	(void)state;
	/* MS-SMB2 2.2.31 CtlCode table. */
	assert_int_equal(FSCTL_DFS_GET_REFERRALS, 0x00060194);
	assert_int_equal(FSCTL_PIPE_PEEK, 0x0011400C);
	assert_int_equal(FSCTL_PIPE_WAIT, 0x00110018);
	assert_int_equal(FSCTL_PIPE_TRANSCEIVE, 0x0011C017);
	assert_int_equal(FSCTL_SRV_COPYCHUNK, 0x001440F2);
	assert_int_equal(FSCTL_SRV_ENUMERATE_SNAPSHOTS, 0x00144064);
	assert_int_equal(FSCTL_SRV_REQUEST_RESUME_KEY, 0x00140078);
	assert_int_equal(FSCTL_SRV_COPYCHUNK_WRITE, 0x001480F2);
	assert_int_equal(FSCTL_LMR_REQUEST_RESILIENCY, 0x001401D4);
	assert_int_equal(FSCTL_QUERY_NETWORK_INTERFACE_INFO, 0x001401FC);
	assert_int_equal(FSCTL_SET_REPARSE_POINT, 0x000900A4);
	assert_int_equal(FSCTL_FILE_LEVEL_TRIM, 0x00098208);
	assert_int_equal(FSCTL_VALIDATE_NEGOTIATE_INFO, 0x00140204);
	/* MS-FSCC 2.3: CTL_CODE(9, function, method, access). */
#define CTL(fn, method, access) ((9u << 16) | ((access) << 14) | ((fn) << 2) | (method))
	assert_int_equal(FSCTL_GET_REPARSE_POINT, CTL(42u, 0u, 0u));
	assert_int_equal(FSCTL_SET_SPARSE, CTL(49u, 0u, 0u));
	assert_int_equal(FSCTL_SET_ZERO_DATA, CTL(50u, 0u, 2u));
	assert_int_equal(FSCTL_QUERY_ALLOCATED_RANGES, CTL(51u, 3u, 1u));
	assert_int_equal(FSCTL_DUPLICATE_EXTENTS_TO_FILE, CTL(209u, 0u, 2u));
#undef CTL
	assert_string_equal(smb2_fsctl_name(FSCTL_PIPE_TRANSCEIVE), "PIPE_TRANSCEIVE");
	assert_string_equal(smb2_fsctl_name(FSCTL_VALIDATE_NEGOTIATE_INFO),
	                    "VALIDATE_NEGOTIATE_INFO");
	assert_null(smb2_fsctl_name(0x12345678));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ioctl_req_roundtrip),
		cmocka_unit_test(test_ioctl_req_empty),
		cmocka_unit_test(test_ioctl_rsp_roundtrip),
		cmocka_unit_test(test_ioctl_captured),
		cmocka_unit_test(test_fsctl_codes),
	};
	return cmocka_run_group_tests_name("ioctl", tests, NULL, NULL);
}
