/* READ and WRITE codecs: round trips, RDMA channel info, captured bytes,
 * malformed twins. */
#include <stdlib.h>

#include "testutil.h"
#include "wire/read.h"
#include "wire/write.h"

TU_DECODER(smb2_read_req_decode, struct smb2_read_req)
TU_ENCODER(smb2_read_req_encode, struct smb2_read_req)
TU_DECODER(smb2_read_rsp_decode, struct smb2_read_rsp)
TU_ENCODER(smb2_read_rsp_encode, struct smb2_read_rsp)
TU_DECODER(smb2_write_req_decode, struct smb2_write_req)
TU_ENCODER(smb2_write_req_encode, struct smb2_write_req)
TU_DECODER(smb2_write_rsp_decode, struct smb2_write_rsp)
TU_ENCODER(smb2_write_rsp_encode, struct smb2_write_rsp)

/* Field positions, counted from the header (MS-SMB2 2.2.19, 2.2.20,
 * 2.2.21). */
#define RDQ_CHANNEL 100
#define RDQ_CI_OFF 108
#define RDQ_CI_LEN 110
#define RDS_DATA_OFF 66
#define RDS_DATA_LEN 68
#define RDS_FLAGS 76
#define WRQ_DATA_OFF 66
#define WRQ_LENGTH 68
#define WRQ_CHANNEL 96
#define WRQ_CI_OFF 104
#define WRQ_CI_LEN 106

static const struct smb2_fileid fid = { 0x1122334455667788ull, 0x99aabbccddeeff00ull };

static void test_read_req_plain(void **state)
{
	(void)state;
	struct smb2_read_req in, out;
	struct wr w;

	memset(&in, 0, sizeof(in));
	in.padding = 0x50;
	in.flags = SMB2_READFLAG_READ_UNBUFFERED;
	in.length = 65536;
	in.offset = UINT64_C(0x100000000);
	in.file_id = fid;
	in.minimum_count = 1;
	in.remaining_bytes = 7;
	wr_init(&w, 0);
	tu_encode_msg(&w, SMB2_READ, 0, smb2_read_req_encode_tu, &in);
	/* 2.2.19: 48 fixed bytes and the one Buffer byte. */
	assert_int_equal(w.len, SMB2_HDR_SIZE + 49);
	assert_int_equal(le16(w.buf + RDQ_CI_OFF), 0);
	assert_status(tu_decode_body(smb2_read_req_decode_tu, w.buf, w.len, &out),
	              STATUS_SUCCESS);
	assert_int_equal(out.padding, 0x50);
	assert_int_equal(out.flags, SMB2_READFLAG_READ_UNBUFFERED);
	assert_int_equal(out.length, 65536);
	assert_true(out.offset == UINT64_C(0x100000000));
	assert_true(out.file_id.persistent == fid.persistent);
	assert_true(out.file_id.volatile_ == fid.volatile_);
	assert_int_equal(out.minimum_count, 1);
	assert_int_equal(out.channel, SMB2_CHANNEL_NONE);
	assert_int_equal(out.remaining_bytes, 7);
	assert_int_equal(out.channel_info.len, 0);
	/* The Buffer byte may be absent. */
	assert_status(tu_decode_body(smb2_read_req_decode_tu, w.buf, w.len - 1, &out),
	              STATUS_SUCCESS);
	tu_truncations(smb2_read_req_decode_tu, w.buf, w.len, w.len - 1, sizeof(out));
	tu_expect_fail_patched16(smb2_read_req_decode_tu, w.buf, w.len, SMB2_HDR_SIZE, 48,
	                         STATUS_INVALID_PARAMETER, sizeof(out));
	/* Channel NONE: ReadChannelInfo is not resolved (2.0.2/2.1 ignore
	 * it), so garbage there is accepted. */
	put_le16(w.buf + RDQ_CI_OFF, 0xFFF0);
	put_le16(w.buf + RDQ_CI_LEN, 0x00FF);
	assert_status(tu_decode_body(smb2_read_req_decode_tu, w.buf, w.len, &out),
	              STATUS_SUCCESS);
	assert_int_equal(out.channel_info.len, 0);
	/* An unknown Channel resolves it: now it is out of bounds. */
	tu_expect_fail_patched32(smb2_read_req_decode_tu, w.buf, w.len, RDQ_CHANNEL, 9,
	                         STATUS_INVALID_PARAMETER, sizeof(out));
	wr_free(&w);
}

static void test_read_req_rdma(void **state)
{
	(void)state;
	struct smb2_read_req in, out;
	struct wr w;

	memset(&in, 0, sizeof(in));
	in.length = 1u << 20;
	in.file_id = fid;
	in.channel = SMB2_CHANNEL_RDMA_V1_INVALIDATE;
	in.rdma.descs.count = 2;
	in.rdma.descs.desc[0] = (struct smbd_buffer_desc_v1){ 0x7000, 0x42, 1u << 19 };
	in.rdma.descs.desc[1] = (struct smbd_buffer_desc_v1){ 0x9000, 0x43, 1u << 19 };
	wr_init(&w, 0);
	tu_encode_msg(&w, SMB2_READ, 0, smb2_read_req_encode_tu, &in);
	assert_int_equal(w.len, SMB2_READ_REQ_BUFFER_OFFSET + 32);
	assert_int_equal(le16(w.buf + RDQ_CI_OFF), SMB2_READ_REQ_BUFFER_OFFSET);
	assert_int_equal(le16(w.buf + RDQ_CI_LEN), 32);
	assert_status(tu_decode_body(smb2_read_req_decode_tu, w.buf, w.len, &out),
	              STATUS_SUCCESS);
	assert_int_equal(out.channel, SMB2_CHANNEL_RDMA_V1_INVALIDATE);
	assert_int_equal(out.channel_info.len, 32);
	assert_int_equal(out.rdma.descs.count, 2);
	assert_true(out.rdma.descs.desc[1].offset == 0x9000);
	assert_int_equal(out.rdma.descs.desc[1].token, 0x43);
	assert_int_equal(out.rdma.descs.desc[1].length, 1u << 19);
	/* Malformed twins. */
	tu_truncations(smb2_read_req_decode_tu, w.buf, w.len, w.len, sizeof(out));
	/* Channel info inside the fixed part, past the end, misaligned
	 * length, empty (an RDMA channel needs a descriptor). */
	tu_expect_fail_patched16(smb2_read_req_decode_tu, w.buf, w.len, RDQ_CI_OFF, 96,
	                         STATUS_INVALID_PARAMETER, sizeof(out));
	tu_expect_fail_patched16(smb2_read_req_decode_tu, w.buf, w.len, RDQ_CI_OFF, 120,
	                         STATUS_INVALID_PARAMETER, sizeof(out));
	tu_expect_fail_patched16(smb2_read_req_decode_tu, w.buf, w.len, RDQ_CI_OFF, 0xFFFF,
	                         STATUS_INVALID_PARAMETER, sizeof(out));
	tu_expect_fail_patched16(smb2_read_req_decode_tu, w.buf, w.len, RDQ_CI_LEN, 24,
	                         STATUS_INVALID_PARAMETER, sizeof(out));
	tu_expect_fail_patched16(smb2_read_req_decode_tu, w.buf, w.len, RDQ_CI_LEN, 0,
	                         STATUS_INVALID_PARAMETER, sizeof(out));
	/* The same descriptors read as an RDMA_TRANSFORM are garbage. */
	tu_expect_fail_patched32(smb2_read_req_decode_tu, w.buf, w.len, RDQ_CHANNEL,
	                         SMB2_CHANNEL_RDMA_TRANSFORM, STATUS_INVALID_PARAMETER,
	                         sizeof(out));
	wr_free(&w);
}

static void test_read_req_transform_and_raw(void **state)
{
	(void)state;
	struct smb2_read_req in, out;
	uint8_t sig[16] = { 0xAA }, nonce[11] = { 0xBB };
	uint8_t raw[3] = { 1, 2, 3 };
	struct wr w;

	memset(&in, 0, sizeof(in));
	in.channel = SMB2_CHANNEL_RDMA_TRANSFORM;
	in.rdma.transform.channel = SMB2_CHANNEL_RDMA_V1;
	in.rdma.transform.descs.count = 1;
	in.rdma.transform.descs.desc[0] = (struct smbd_buffer_desc_v1){ 1, 2, 3 };
	in.rdma.transform.transform_count = 1;
	in.rdma.transform.t[0].type = SMB2_RDMA_TRANSFORM_TYPE_ENCRYPTION;
	in.rdma.transform.t[0].signature = (struct smb2_blob){ sig, 16 };
	in.rdma.transform.t[0].nonce = (struct smb2_blob){ nonce, 11 };
	wr_init(&w, 0);
	tu_encode_msg(&w, SMB2_READ, 0, smb2_read_req_encode_tu, &in);
	assert_status(tu_decode_body(smb2_read_req_decode_tu, w.buf, w.len, &out),
	              STATUS_SUCCESS);
	assert_int_equal(out.rdma.transform.transform_count, 1);
	assert_int_equal(out.rdma.transform.channel, SMB2_CHANNEL_RDMA_V1);
	assert_int_equal(out.rdma.transform.descs.count, 1);
	assert_int_equal(out.rdma.transform.descs.desc[0].length, 3);
	assert_memory_equal(out.rdma.transform.t[0].nonce.p, nonce, 11);
	tu_truncations(smb2_read_req_decode_tu, w.buf, w.len, w.len, sizeof(out));

	/* Raw channel info is written as is, for any Channel. */
	memset(&in, 0, sizeof(in));
	in.channel = 0x1234;
	in.channel_info = (struct smb2_blob){ raw, sizeof(raw) };
	wr_reset(&w);
	tu_encode_msg(&w, SMB2_READ, 0, smb2_read_req_encode_tu, &in);
	assert_int_equal(w.len, SMB2_READ_REQ_BUFFER_OFFSET + 3);
	assert_status(tu_decode_body(smb2_read_req_decode_tu, w.buf, w.len, &out),
	              STATUS_SUCCESS);
	assert_int_equal(out.channel, 0x1234);
	assert_int_equal(out.channel_info.len, 3);
	assert_memory_equal(out.channel_info.p, raw, 3);
	wr_free(&w);
}

static void test_read_req_windows(void **state)
{
	(void)state;
	size_t len;
	uint8_t *m = tu_load_fixture("windows/read_req_win2019.bin", &len);
	struct smb2_read_req out;

	assert_int_equal(len, 113);
	assert_status(tu_decode_body(smb2_read_req_decode_tu, m, len, &out), STATUS_SUCCESS);
	assert_int_equal(out.padding, 0x50);
	assert_int_equal(out.flags, 0x01);
	assert_int_equal(out.length, 0xBD);
	assert_true(out.offset == 0);
	assert_true(out.file_id.persistent == UINT64_C(0x0000004B00000046));
	assert_true(out.file_id.volatile_ == UINT64_C(0x0000004B00000019));
	assert_int_equal(out.minimum_count, 0);
	assert_int_equal(out.channel, SMB2_CHANNEL_NONE);
	assert_int_equal(out.remaining_bytes, 0);
	tu_truncations(smb2_read_req_decode_tu, m, len, len - 1, sizeof(out));
	free(m);
}

static void test_read_rsp(void **state)
{
	(void)state;
	static const uint8_t data[] = "hello, world";
	struct smb2_read_rsp in, out;
	struct wr w;

	memset(&in, 0, sizeof(in));
	in.data = (struct smb2_blob){ data, sizeof(data) };
	in.data_remaining = 5;
	wr_init(&w, 0);
	tu_encode_msg(&w, SMB2_READ, 1, smb2_read_rsp_encode_tu, &in);
	assert_int_equal(w.len, SMB2_READ_RSP_DATA_OFFSET + sizeof(data));
	assert_int_equal(w.buf[RDS_DATA_OFF], SMB2_READ_RSP_DATA_OFFSET);
	assert_status(tu_decode_body(smb2_read_rsp_decode_tu, w.buf, w.len, &out),
	              STATUS_SUCCESS);
	assert_int_equal(out.data.len, sizeof(data));
	assert_memory_equal(out.data.p, data, sizeof(data));
	assert_int_equal(out.data_remaining, 5);
	assert_int_equal(out.flags, 0);
	tu_truncations(smb2_read_rsp_decode_tu, w.buf, w.len, w.len, sizeof(out));
	tu_expect_fail_patched16(smb2_read_rsp_decode_tu, w.buf, w.len, SMB2_HDR_SIZE, 16,
	                         STATUS_INVALID_PARAMETER, sizeof(out));
	/* DataOffset in the fixed part (0x40 with Reserved 0), past the end,
	 * DataLength past the end (also 0xFFFFFFFF: 64-bit sum). */
	tu_expect_fail_patched16(smb2_read_rsp_decode_tu, w.buf, w.len, RDS_DATA_OFF, 0x0040,
	                         STATUS_INVALID_PARAMETER, sizeof(out));
	tu_expect_fail_patched16(smb2_read_rsp_decode_tu, w.buf, w.len, RDS_DATA_OFF, 0x00F0,
	                         STATUS_INVALID_PARAMETER, sizeof(out));
	tu_expect_fail_patched32(smb2_read_rsp_decode_tu, w.buf, w.len, RDS_DATA_LEN,
	                         sizeof(data) + 1, STATUS_INVALID_PARAMETER, sizeof(out));
	tu_expect_fail_patched32(smb2_read_rsp_decode_tu, w.buf, w.len, RDS_DATA_LEN,
	                         0xFFFFFFFFu, STATUS_INVALID_PARAMETER, sizeof(out));
	/* The RDMA_TRANSFORM flag over plain data: not a transform. */
	tu_expect_fail_patched32(smb2_read_rsp_decode_tu, w.buf, w.len, RDS_FLAGS,
	                         SMB2_READFLAG_RESPONSE_RDMA_TRANSFORM,
	                         STATUS_INVALID_PARAMETER, sizeof(out));

	/* Empty data (an RDMA read's answer): one Buffer byte, which the
	 * decoder does not need. */
	memset(&in, 0, sizeof(in));
	in.data_remaining = 1u << 20;
	wr_reset(&w);
	tu_encode_msg(&w, SMB2_READ, 1, smb2_read_rsp_encode_tu, &in);
	assert_int_equal(w.len, SMB2_HDR_SIZE + 17);
	assert_status(tu_decode_body(smb2_read_rsp_decode_tu, w.buf, w.len - 1, &out),
	              STATUS_SUCCESS);
	assert_int_equal(out.data.len, 0);
	assert_int_equal(out.data_remaining, 1u << 20);
	tu_truncations(smb2_read_rsp_decode_tu, w.buf, w.len, w.len - 1, sizeof(out));
	wr_free(&w);
}

static void test_read_rsp_transform(void **state)
{
	(void)state;
	uint8_t sig[16], nonce[12];
	struct smb2_read_rsp in, out;
	struct wr w;

	memset(sig, 0x51, sizeof(sig));
	memset(nonce, 0x4E, sizeof(nonce));
	memset(&in, 0, sizeof(in));
	in.flags = SMB2_READFLAG_RESPONSE_RDMA_TRANSFORM;
	in.data_remaining = 4096;
	in.transform.channel = SMB2_CHANNEL_NONE;
	in.transform.transform_count = 1;
	in.transform.t[0].type = SMB2_RDMA_TRANSFORM_TYPE_SIGNING;
	in.transform.t[0].signature = (struct smb2_blob){ sig, 16 };
	in.transform.t[0].nonce = (struct smb2_blob){ nonce, 12 };
	wr_init(&w, 0);
	tu_encode_msg(&w, SMB2_READ, 1, smb2_read_rsp_encode_tu, &in);
	assert_int_equal(le32(w.buf + RDS_DATA_LEN), 56);
	assert_status(tu_decode_body(smb2_read_rsp_decode_tu, w.buf, w.len, &out),
	              STATUS_SUCCESS);
	assert_int_equal(out.flags, SMB2_READFLAG_RESPONSE_RDMA_TRANSFORM);
	assert_int_equal(out.transform.transform_count, 1);
	assert_int_equal(out.transform.t[0].type, SMB2_RDMA_TRANSFORM_TYPE_SIGNING);
	assert_memory_equal(out.transform.t[0].signature.p, sig, 16);
	assert_int_equal(out.data.len, 56);
	tu_truncations(smb2_read_rsp_decode_tu, w.buf, w.len, w.len, sizeof(out));
	wr_free(&w);
}

static void test_read_rsp_windows(void **state)
{
	(void)state;
	size_t len;
	uint8_t *m = tu_load_fixture("windows/read_rsp_reserved1_win2019.bin", &len);
	struct smb2_read_rsp out;

	/* Windows Server 2019 answer with Reserved = 1 after DataOffset
	 * (zeek issue 4730): the decoder ignores it. */
	assert_int_equal(len, 269);
	assert_int_equal(m[SMB2_HDR_SIZE + 3], 1);
	assert_status(tu_decode_body(smb2_read_rsp_decode_tu, m, len, &out), STATUS_SUCCESS);
	assert_int_equal(out.data.len, 0xBD);
	assert_ptr_equal(out.data.p, m + 0x50);
	assert_memory_equal(out.data.p, "Data!!!\r\n", 9);
	assert_int_equal(out.data_remaining, 0);
	assert_int_equal(out.flags, 0);
	tu_truncations(smb2_read_rsp_decode_tu, m, len, len, sizeof(out));
	free(m);
}

static void test_write_req(void **state)
{
	(void)state;
	static const uint8_t data[] = { 0xDE, 0xAD, 0xBE, 0xEF, 0x01 };
	struct smb2_write_req in, out;
	struct wr w;

	memset(&in, 0, sizeof(in));
	in.offset = 4096;
	in.file_id = fid;
	in.flags = SMB2_WRITEFLAG_WRITE_THROUGH | SMB2_WRITEFLAG_WRITE_UNBUFFERED;
	in.remaining_bytes = 3;
	in.data = (struct smb2_blob){ data, sizeof(data) };
	wr_init(&w, 0);
	tu_encode_msg(&w, SMB2_WRITE, 0, smb2_write_req_encode_tu, &in);
	assert_int_equal(w.len, SMB2_WRITE_REQ_BUFFER_OFFSET + sizeof(data));
	assert_int_equal(le16(w.buf + WRQ_DATA_OFF), SMB2_WRITE_REQ_BUFFER_OFFSET);
	assert_status(tu_decode_body(smb2_write_req_decode_tu, w.buf, w.len, &out),
	              STATUS_SUCCESS);
	assert_true(out.offset == 4096);
	assert_true(out.file_id.volatile_ == fid.volatile_);
	assert_int_equal(out.flags, 3);
	assert_int_equal(out.remaining_bytes, 3);
	assert_int_equal(out.channel, SMB2_CHANNEL_NONE);
	assert_int_equal(out.data.len, sizeof(data));
	assert_memory_equal(out.data.p, data, sizeof(data));
	tu_truncations(smb2_write_req_decode_tu, w.buf, w.len, w.len, sizeof(out));
	tu_expect_fail_patched16(smb2_write_req_decode_tu, w.buf, w.len, SMB2_HDR_SIZE, 17,
	                         STATUS_INVALID_PARAMETER, sizeof(out));
	/* DataOffset in the fixed part or past the end; Length past the end
	 * and at the 32-bit maximum. */
	tu_expect_fail_patched16(smb2_write_req_decode_tu, w.buf, w.len, WRQ_DATA_OFF, 64,
	                         STATUS_INVALID_PARAMETER, sizeof(out));
	tu_expect_fail_patched16(smb2_write_req_decode_tu, w.buf, w.len, WRQ_DATA_OFF, 111,
	                         STATUS_INVALID_PARAMETER, sizeof(out));
	tu_expect_fail_patched16(smb2_write_req_decode_tu, w.buf, w.len, WRQ_DATA_OFF, 0xFFFF,
	                         STATUS_INVALID_PARAMETER, sizeof(out));
	tu_expect_fail_patched32(smb2_write_req_decode_tu, w.buf, w.len, WRQ_LENGTH,
	                         sizeof(data) + 1, STATUS_INVALID_PARAMETER, sizeof(out));
	tu_expect_fail_patched32(smb2_write_req_decode_tu, w.buf, w.len, WRQ_LENGTH,
	                         0xFFFFFFFFu, STATUS_INVALID_PARAMETER, sizeof(out));

	/* No data at all: the one Buffer byte, optional on decode. */
	memset(&in, 0, sizeof(in));
	wr_reset(&w);
	tu_encode_msg(&w, SMB2_WRITE, 0, smb2_write_req_encode_tu, &in);
	assert_int_equal(w.len, SMB2_HDR_SIZE + 49);
	assert_status(tu_decode_body(smb2_write_req_decode_tu, w.buf, w.len - 1, &out),
	              STATUS_SUCCESS);
	assert_int_equal(out.data.len, 0);
	tu_truncations(smb2_write_req_decode_tu, w.buf, w.len, w.len - 1, sizeof(out));
	wr_free(&w);
}

static void test_write_req_rdma(void **state)
{
	(void)state;
	static const uint8_t data[] = { 9, 8, 7 };
	struct smb2_write_req in, out;
	struct wr w;

	/* MS-SMB2 3.2.4.7: over RDMA Length is 0 and RemainingBytes the
	 * total; the descriptors say where to pull from. */
	memset(&in, 0, sizeof(in));
	in.file_id = fid;
	in.channel = SMB2_CHANNEL_RDMA_V1;
	in.remaining_bytes = 65536;
	in.rdma.descs.count = 1;
	in.rdma.descs.desc[0] = (struct smbd_buffer_desc_v1){ 0x1000, 0x77, 65536 };
	wr_init(&w, 0);
	tu_encode_msg(&w, SMB2_WRITE, 0, smb2_write_req_encode_tu, &in);
	assert_int_equal(w.len, SMB2_WRITE_REQ_BUFFER_OFFSET + 16);
	/* No inline data: DataOffset still points at the Buffer. */
	assert_int_equal(le16(w.buf + WRQ_DATA_OFF), SMB2_WRITE_REQ_BUFFER_OFFSET);
	assert_int_equal(le16(w.buf + WRQ_CI_OFF), SMB2_WRITE_REQ_BUFFER_OFFSET);
	assert_status(tu_decode_body(smb2_write_req_decode_tu, w.buf, w.len, &out),
	              STATUS_SUCCESS);
	assert_int_equal(out.data.len, 0);
	assert_int_equal(out.remaining_bytes, 65536);
	assert_int_equal(out.rdma.descs.count, 1);
	assert_int_equal(out.rdma.descs.desc[0].token, 0x77);
	tu_truncations(smb2_write_req_decode_tu, w.buf, w.len, w.len, sizeof(out));
	tu_expect_fail_patched16(smb2_write_req_decode_tu, w.buf, w.len, WRQ_CI_OFF, 100,
	                         STATUS_INVALID_PARAMETER, sizeof(out));
	tu_expect_fail_patched16(smb2_write_req_decode_tu, w.buf, w.len, WRQ_CI_LEN, 17,
	                         STATUS_INVALID_PARAMETER, sizeof(out));
	wr_free(&w);

	/* Data and channel info together: the channel info goes 8-aligned
	 * after the data; pointing the data over it is malformed. */
	in.data = (struct smb2_blob){ data, sizeof(data) };
	wr_init(&w, 0);
	tu_encode_msg(&w, SMB2_WRITE, 0, smb2_write_req_encode_tu, &in);
	assert_int_equal(le16(w.buf + WRQ_CI_OFF), 120);
	assert_int_equal(w.len, 136);
	assert_status(tu_decode_body(smb2_write_req_decode_tu, w.buf, w.len, &out),
	              STATUS_SUCCESS);
	assert_int_equal(out.data.len, 3);
	assert_int_equal(out.rdma.descs.count, 1);
	tu_expect_fail_patched16(smb2_write_req_decode_tu, w.buf, w.len, WRQ_DATA_OFF, 118,
	                         STATUS_INVALID_PARAMETER, sizeof(out));
	tu_expect_fail_patched16(smb2_write_req_decode_tu, w.buf, w.len, WRQ_CI_OFF, 114,
	                         STATUS_INVALID_PARAMETER, sizeof(out));
	/* With Channel NONE the same bytes decode (channel info ignored). */
	put_le32(w.buf + WRQ_CHANNEL, SMB2_CHANNEL_NONE);
	put_le16(w.buf + WRQ_CI_OFF, 114);
	assert_status(tu_decode_body(smb2_write_req_decode_tu, w.buf, w.len, &out),
	              STATUS_SUCCESS);
	assert_int_equal(out.channel_info.len, 0);
	wr_free(&w);
}

static void test_write_req_captured(void **state)
{
	(void)state;
	size_t len;
	uint8_t *m = tu_load_fixture("windows/write_req_pipe_win.bin", &len);
	struct smb2_write_req out;

	/* A DCE/RPC bind written to \PIPE\samr (401trg net user). */
	assert_int_equal(len, 272);
	assert_status(tu_decode_body(smb2_write_req_decode_tu, m, len, &out), STATUS_SUCCESS);
	assert_int_equal(out.data.len, 0xA0);
	assert_ptr_equal(out.data.p, m + 0x70);
	assert_int_equal(out.data.p[0], 5);    /* rpc_vers */
	assert_int_equal(out.data.p[2], 0x0B); /* bind */
	assert_true(out.offset == 0);
	assert_true(out.file_id.persistent == UINT64_C(0x0000000800000028));
	assert_true(out.file_id.volatile_ == UINT64_C(0x0000000800000001));
	assert_int_equal(out.channel, SMB2_CHANNEL_NONE);
	assert_int_equal(out.flags, 0);
	tu_truncations(smb2_write_req_decode_tu, m, len, len, sizeof(out));
	free(m);

	/* suricata-verify smb-length-5770: Length 65542 with 6 bytes in the
	 * frame (an evasion test).  Must fail, not read past the frame (the
	 * "patch" rewrites StructureSize with its own value). */
	m = tu_load_fixture("windows/write_req_length_past_frame_macos.bin", &len);
	assert_int_equal(len, 118);
	assert_int_equal(le32(m + WRQ_LENGTH), 65542);
	tu_expect_fail_patched16(smb2_write_req_decode_tu, m, len, SMB2_HDR_SIZE, 49,
	                         STATUS_INVALID_PARAMETER, sizeof(out));
	free(m);
}

static void test_write_rsp(void **state)
{
	(void)state;
	struct smb2_write_rsp in = { .count = 123456, .remaining = 0 }, out;
	struct wr w;
	size_t len;
	uint8_t *m;

	wr_init(&w, 0);
	tu_encode_msg(&w, SMB2_WRITE, 1, smb2_write_rsp_encode_tu, &in);
	assert_int_equal(w.len, SMB2_HDR_SIZE + 17);
	assert_status(tu_decode_body(smb2_write_rsp_decode_tu, w.buf, w.len, &out),
	              STATUS_SUCCESS);
	assert_int_equal(out.count, 123456);
	assert_int_equal(out.remaining, 0);
	tu_truncations(smb2_write_rsp_decode_tu, w.buf, w.len, w.len - 1, sizeof(out));
	tu_expect_fail_patched16(smb2_write_rsp_decode_tu, w.buf, w.len, SMB2_HDR_SIZE, 16,
	                         STATUS_INVALID_PARAMETER, sizeof(out));
	wr_free(&w);

	/* Windows sends the 16 bytes without the odd Buffer byte. */
	m = tu_load_fixture("windows/write_rsp_16byte_win.bin", &len);
	assert_int_equal(len, SMB2_HDR_SIZE + 16);
	assert_status(tu_decode_body(smb2_write_rsp_decode_tu, m, len, &out), STATUS_SUCCESS);
	assert_int_equal(out.count, 0xA0);
	assert_int_equal(out.remaining, 0);
	assert_int_equal(out.channel_info_offset, 0);
	assert_int_equal(out.channel_info_length, 0);
	tu_truncations(smb2_write_rsp_decode_tu, m, len, len, sizeof(out));
	free(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_read_req_plain),
		cmocka_unit_test(test_read_req_rdma),
		cmocka_unit_test(test_read_req_transform_and_raw),
		cmocka_unit_test(test_read_req_windows),
		cmocka_unit_test(test_read_rsp),
		cmocka_unit_test(test_read_rsp_transform),
		cmocka_unit_test(test_read_rsp_windows),
		cmocka_unit_test(test_write_req),
		cmocka_unit_test(test_write_req_rdma),
		cmocka_unit_test(test_write_req_captured),
		cmocka_unit_test(test_write_rsp),
	};
	return cmocka_run_group_tests_name("read_write", tests, NULL, NULL);
}
