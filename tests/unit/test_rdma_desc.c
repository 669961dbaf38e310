/* RDMA channel info: buffer descriptor arrays and SMB2_RDMA_TRANSFORM. */
#include "testutil.h"
#include "tu_blob.h"
#include "wire/rdma_desc.h"

TU_BLOB_DECODER(smb2_rdma_desc_decode, struct smb2_rdma_desc_list)
TU_BLOB_DECODER(smb2_rdma_transform_decode, struct smb2_rdma_transform)

static NTSTATUS ci_v1_tb(const struct smb2_blob *b, void *out)
{
	return smb2_channel_info_decode(SMB2_CHANNEL_RDMA_V1, b, out);
}

static NTSTATUS ci_transform_tb(const struct smb2_blob *b, void *out)
{
	return smb2_channel_info_decode(SMB2_CHANNEL_RDMA_TRANSFORM, b, out);
}

static struct smb2_blob wblob(const struct wr *w)
{
	struct smb2_blob b = { w->buf, (uint32_t)w->len };
	return b;
}

static void test_desc_known_bytes(void **state)
{
	(void)state;
	/* MS-SMBD 2.2.3.1: Offset 0x1122334455667788, Token 0xAABBCCDD,
	 * Length 0x00010000, little-endian. */
	size_t n;
	uint8_t *p;
	struct smb2_rdma_desc_list l;
	struct smb2_blob b;

	p = tu_hex("8877665544332211 DDCCBBAA 00000100", &n);
	b.p = p;
	b.len = (uint32_t)n;
	assert_status(smb2_rdma_desc_decode(&b, &l), STATUS_SUCCESS);
	assert_int_equal(l.count, 1);
	assert_true(l.desc[0].offset == UINT64_C(0x1122334455667788));
	assert_int_equal(l.desc[0].token, 0xAABBCCDDu);
	assert_int_equal(l.desc[0].length, 0x10000);
	free(p);
}

static void test_desc_roundtrip(void **state)
{
	(void)state;
	struct smb2_rdma_desc_list in = { 0 }, out;
	struct wr w;
	struct smb2_blob b;

	in.count = 3;
	for (uint32_t i = 0; i < in.count; i++) {
		in.desc[i].offset = 0x1000u * (i + 1);
		in.desc[i].token = 0x100 + i;
		in.desc[i].length = 4096;
	}
	wr_init(&w, 0);
	assert_status(smb2_rdma_desc_encode(&w, &in), STATUS_SUCCESS);
	assert_int_equal(w.len, 3 * SMBD_BUFFER_DESCRIPTOR_V1_SIZE);
	b = wblob(&w);
	assert_status(smb2_rdma_desc_decode(&b, &out), STATUS_SUCCESS);
	assert_int_equal(out.count, 3);
	for (uint32_t i = 0; i < 3; i++) {
		assert_true(out.desc[i].offset == in.desc[i].offset);
		assert_int_equal(out.desc[i].token, in.desc[i].token);
		assert_int_equal(out.desc[i].length, in.desc[i].length);
	}
	/* Malformed twins: every shorter length (none a non-zero multiple of
	 * 16 except 16 and 32, which hold fewer descriptors and are valid:
	 * check those decode with the right count). */
	for (size_t n = 0; n < w.len; n++) {
		if (n && n % 16 == 0) {
			struct smb2_blob s = { w.buf, (uint32_t)n };
			assert_status(smb2_rdma_desc_decode(&s, &out), STATUS_SUCCESS);
			assert_int_equal(out.count, n / 16);
		} else {
			tu_blob_expect_fail(smb2_rdma_desc_decode_tb, w.buf, n, sizeof(out),
			                    "descriptor length");
		}
	}
	/* The same through the channel-info entry point. */
	struct smb2_channel_info ci;
	assert_status(smb2_channel_info_decode(SMB2_CHANNEL_RDMA_V1_INVALIDATE, &b, &ci),
	              STATUS_SUCCESS);
	assert_int_equal(ci.descs.count, 3);
	tu_blob_expect_fail(ci_v1_tb, w.buf, 17, sizeof(ci), "channel info length 17");
	wr_free(&w);
}

static void test_desc_limits(void **state)
{
	(void)state;
	struct smb2_rdma_desc_list in = { 0 }, out;
	struct wr w;
	uint8_t big[(SMB2_MAX_RDMA_DESCRIPTORS + 1) * SMBD_BUFFER_DESCRIPTOR_V1_SIZE];

	/* Exactly the limit decodes; one more fails. */
	memset(big, 0x11, sizeof(big));
	struct smb2_blob b = { big, SMB2_MAX_RDMA_DESCRIPTORS * SMBD_BUFFER_DESCRIPTOR_V1_SIZE };
	assert_status(smb2_rdma_desc_decode(&b, &out), STATUS_SUCCESS);
	assert_int_equal(out.count, SMB2_MAX_RDMA_DESCRIPTORS);
	tu_blob_expect_fail(smb2_rdma_desc_decode_tb, big, sizeof(big), sizeof(out),
	                    "descriptors past the limit");
	/* Not a multiple of 16, and empty. */
	tu_blob_expect_fail(smb2_rdma_desc_decode_tb, big, 24, sizeof(out), "length 24");
	tu_blob_expect_fail(smb2_rdma_desc_decode_tb, big, 0, sizeof(out), "length 0");
	/* The encoder refuses counts it could not send. */
	wr_init(&w, 0);
	in.count = 0;
	assert_status(smb2_rdma_desc_encode(&w, &in), STATUS_INVALID_PARAMETER);
	in.count = SMB2_MAX_RDMA_DESCRIPTORS + 1;
	assert_status(smb2_rdma_desc_encode(&w, &in), STATUS_INVALID_PARAMETER);
	wr_free(&w);
}

static void build_transform(struct smb2_rdma_transform *t, const uint8_t *sig,
                            const uint8_t *nonce)
{
	memset(t, 0, sizeof(*t));
	t->channel = SMB2_CHANNEL_RDMA_V1;
	t->descs.count = 2;
	t->descs.desc[0] = (struct smbd_buffer_desc_v1){ 0xA000, 7, 512 };
	t->descs.desc[1] = (struct smbd_buffer_desc_v1){ 0xB000, 8, 1024 };
	t->transform_count = 2;
	t->t[0].type = SMB2_RDMA_TRANSFORM_TYPE_ENCRYPTION;
	t->t[0].signature = (struct smb2_blob){ sig, 16 };
	t->t[0].nonce = (struct smb2_blob){ nonce, 11 };
	t->t[1].type = SMB2_RDMA_TRANSFORM_TYPE_SIGNING;
	t->t[1].signature = (struct smb2_blob){ sig, 16 };
	t->t[1].nonce = (struct smb2_blob){ nonce, 12 };
}

static void test_transform_roundtrip(void **state)
{
	(void)state;
	uint8_t sig[16], nonce[12];
	struct smb2_rdma_transform in, out;
	struct wr w;
	struct smb2_blob b;

	for (int i = 0; i < 16; i++)
		sig[i] = (uint8_t)(0xC0 + i);
	for (int i = 0; i < 12; i++)
		nonce[i] = (uint8_t)(0x30 + i);
	build_transform(&in, sig, nonce);
	wr_init(&w, 0);
	assert_status(smb2_rdma_transform_encode(&w, &in), STATUS_SUCCESS);
	/* 16 fixed + (8+16+11 -> 40) + (8+16+12 -> 40) + 2 descriptors */
	assert_int_equal(w.len, 16 + 40 + 40 + 32);
	assert_int_equal(le16(w.buf), 96);     /* RdmaDescriptorOffset */
	assert_int_equal(le16(w.buf + 2), 32); /* RdmaDescriptorLength */
	b = wblob(&w);
	assert_status(smb2_rdma_transform_decode(&b, &out), STATUS_SUCCESS);
	assert_int_equal(out.channel, SMB2_CHANNEL_RDMA_V1);
	assert_int_equal(out.transform_count, 2);
	assert_int_equal(out.t[0].type, SMB2_RDMA_TRANSFORM_TYPE_ENCRYPTION);
	assert_int_equal(out.t[0].signature.len, 16);
	assert_memory_equal(out.t[0].signature.p, sig, 16);
	assert_int_equal(out.t[0].nonce.len, 11);
	assert_memory_equal(out.t[0].nonce.p, nonce, 11);
	assert_int_equal(out.t[1].type, SMB2_RDMA_TRANSFORM_TYPE_SIGNING);
	assert_int_equal(out.t[1].nonce.len, 12);
	assert_int_equal(out.descs.count, 2);
	assert_true(out.descs.desc[1].offset == 0xB000);
	assert_int_equal(out.descs.desc[1].token, 8);
	assert_int_equal(out.descs.desc[1].length, 1024);

	/* Every truncation fails (the descriptors end the buffer). */
	tu_blob_truncations(smb2_rdma_transform_decode_tb, w.buf, w.len, sizeof(out));
	tu_blob_truncations(ci_transform_tb, w.buf, w.len, sizeof(struct smb2_channel_info));
	/* TransformCount 0 and past the limit. */
	tu_blob_patched(smb2_rdma_transform_decode_tb, w.buf, w.len, 8, 0, 2, sizeof(out));
	tu_blob_patched(smb2_rdma_transform_decode_tb, w.buf, w.len, 8,
	                SMB2_MAX_RDMA_TRANSFORMS + 1, 2, sizeof(out));
	/* Unknown inner channel, and RDMA_TRANSFORM nested in itself. */
	tu_blob_patched(smb2_rdma_transform_decode_tb, w.buf, w.len, 4, 9, 4, sizeof(out));
	tu_blob_patched(smb2_rdma_transform_decode_tb, w.buf, w.len, 4,
	                SMB2_CHANNEL_RDMA_TRANSFORM, 4, sizeof(out));
	/* Descriptors overlapping the fixed part or the transforms. */
	tu_blob_patched(smb2_rdma_transform_decode_tb, w.buf, w.len, 0, 8, 2, sizeof(out));
	tu_blob_patched(smb2_rdma_transform_decode_tb, w.buf, w.len, 0, 88, 2, sizeof(out));
	/* Descriptors past the end, and a length not a multiple of 16. */
	tu_blob_patched(smb2_rdma_transform_decode_tb, w.buf, w.len, 0, 104, 2, sizeof(out));
	tu_blob_patched(smb2_rdma_transform_decode_tb, w.buf, w.len, 2, 24, 2, sizeof(out));
	tu_blob_patched(smb2_rdma_transform_decode_tb, w.buf, w.len, 2, 0, 2, sizeof(out));
	/* A crypto transform of unknown type; a 17-byte signature; a nonce
	 * running past the buffer. */
	tu_blob_patched(smb2_rdma_transform_decode_tb, w.buf, w.len, 16, 3, 2, sizeof(out));
	tu_blob_patched(smb2_rdma_transform_decode_tb, w.buf, w.len, 18, 17, 2, sizeof(out));
	tu_blob_patched(smb2_rdma_transform_decode_tb, w.buf, w.len, 20, 0xFFFF, 2, sizeof(out));
	wr_free(&w);
}

static void test_transform_channel_none(void **state)
{
	(void)state;
	uint8_t sig[16] = { 1 }, nonce[12] = { 2 };
	struct smb2_rdma_transform in, out;
	struct wr w;
	struct smb2_blob b;

	build_transform(&in, sig, nonce);
	in.channel = SMB2_CHANNEL_NONE;
	in.transform_count = 1;
	in.t[0].nonce.len = 12;
	wr_init(&w, 0);
	assert_status(smb2_rdma_transform_encode(&w, &in), STATUS_SUCCESS);
	/* 16 + 8 + 16 + 12 = 52, padded to 56; no descriptors. */
	assert_int_equal(w.len, 56);
	assert_int_equal(le16(w.buf), 0);
	assert_int_equal(le16(w.buf + 2), 0);
	/* Channel NONE: offset and length are ignored even if garbage. */
	put_le16(w.buf, 0xFFFF);
	put_le16(w.buf + 2, 0xFFFF);
	b = wblob(&w);
	assert_status(smb2_rdma_transform_decode(&b, &out), STATUS_SUCCESS);
	assert_int_equal(out.channel, SMB2_CHANNEL_NONE);
	assert_int_equal(out.descs.count, 0);
	assert_int_equal(out.transform_count, 1);
	assert_int_equal(out.t[0].nonce.len, 12);
	/* The last transform may omit its padding: 52 bytes decode too. */
	b.len = 52;
	assert_status(smb2_rdma_transform_decode(&b, &out), STATUS_SUCCESS);
	assert_int_equal(out.t[0].nonce.len, 12);
	tu_blob_truncations(smb2_rdma_transform_decode_tb, w.buf, 52, sizeof(out));
	/* Encoder refuses a count of 0 and a signature over 16 bytes. */
	wr_reset(&w);
	in.transform_count = 0;
	assert_status(smb2_rdma_transform_encode(&w, &in), STATUS_INVALID_PARAMETER);
	in.transform_count = 1;
	in.t[0].signature.len = 17;
	wr_reset(&w);
	assert_status(smb2_rdma_transform_encode(&w, &in), STATUS_INVALID_PARAMETER);
	wr_free(&w);
}

static void test_channel_info_other(void **state)
{
	(void)state;
	struct smb2_channel_info ci;
	uint8_t junk[5] = { 1, 2, 3, 4, 5 };
	struct smb2_blob b = { junk, sizeof(junk) };
	struct wr w;

	/* NONE and unknown channels decode nothing (the raw blob is the
	 * caller's) and encode nothing. */
	assert_status(smb2_channel_info_decode(SMB2_CHANNEL_NONE, &b, &ci), STATUS_SUCCESS);
	assert_int_equal(ci.descs.count, 0);
	assert_status(smb2_channel_info_decode(77, &b, &ci), STATUS_SUCCESS);
	assert_int_equal(ci.transform.transform_count, 0);
	assert_true(smb2_channel_is_rdma(SMB2_CHANNEL_RDMA_V1));
	assert_true(smb2_channel_is_rdma(SMB2_CHANNEL_RDMA_TRANSFORM));
	assert_false(smb2_channel_is_rdma(SMB2_CHANNEL_NONE));
	assert_false(smb2_channel_is_rdma(4));
	wr_init(&w, 0);
	assert_status(smb2_channel_info_encode(&w, SMB2_CHANNEL_NONE, &ci), STATUS_SUCCESS);
	assert_int_equal(w.len, 0);
	wr_free(&w);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_desc_known_bytes),
		cmocka_unit_test(test_desc_roundtrip),
		cmocka_unit_test(test_desc_limits),
		cmocka_unit_test(test_transform_roundtrip),
		cmocka_unit_test(test_transform_channel_none),
		cmocka_unit_test(test_channel_info_other),
	};
	return cmocka_run_group_tests_name("rdma_desc", tests, NULL, NULL);
}
