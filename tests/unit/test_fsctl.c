/* FSCTL payloads: round trips, captured payloads, malformed twins. */
#include <stdlib.h>

#include "testutil.h"
#include "tu_blob.h"
#include "wire/fsctl.h"
#include "wire/ioctl.h"

TU_BLOB_DECODER(smb2_validate_negotiate_req_decode, struct smb2_validate_negotiate_req)
TU_BLOB_DECODER(smb2_validate_negotiate_rsp_decode, struct smb2_validate_negotiate_rsp)
TU_BLOB_DECODER(smb2_net_iface_list_decode, struct smb2_net_iface_list)
TU_BLOB_DECODER(smb2_resume_key_rsp_decode, struct smb2_resume_key_rsp)
TU_BLOB_DECODER(smb2_copychunk_req_decode, struct smb2_copychunk_req)
TU_BLOB_DECODER(smb2_copychunk_rsp_decode, struct smb2_copychunk_rsp)
TU_BLOB_DECODER(smb2_resiliency_req_decode, struct smb2_resiliency_req)

static const uint8_t mac_guid[16] = { 0x29, 0x4f, 0xf0, 0x98, 0x8c, 0xbf, 0x54, 0x82,
                                      0xab, 0xba, 0xde, 0x7e, 0xf7, 0x64, 0xc3, 0xd3 };

static struct smb2_blob wblob(const struct wr *w)
{
	struct smb2_blob b = { w->buf, (uint32_t)w->len };
	return b;
}

/* The input (want_input) or output buffer of a captured IOCTL message. */
static struct smb2_blob ioctl_buffer(const uint8_t *m, size_t len, int response,
                                     int want_input)
{
	struct rd c;

	rd_init(&c, m, len);
	c.pos = SMB2_HDR_SIZE;
	if (response) {
		struct smb2_ioctl_rsp r;
		assert_status(smb2_ioctl_rsp_decode(&c, &r), STATUS_SUCCESS);
		return want_input ? r.input : r.output;
	}
	struct smb2_ioctl_req q;
	assert_status(smb2_ioctl_req_decode(&c, &q), STATUS_SUCCESS);
	return want_input ? q.input : q.output;
}

static void test_validate_negotiate_req(void **state)
{
	(void)state;
	struct smb2_validate_negotiate_req in, out;
	struct wr w;
	struct smb2_blob b;

	memset(&in, 0, sizeof(in));
	in.capabilities = SMB2_GLOBAL_CAP_DFS | SMB2_GLOBAL_CAP_LEASING;
	memcpy(in.guid, mac_guid, 16);
	in.security_mode = SMB2_NEGOTIATE_SIGNING_ENABLED;
	in.dialect_count = 4;
	in.dialects[0] = SMB2_DIALECT_202;
	in.dialects[1] = SMB2_DIALECT_210;
	in.dialects[2] = SMB2_DIALECT_300;
	in.dialects[3] = SMB2_DIALECT_311;
	wr_init(&w, 0);
	assert_status(smb2_validate_negotiate_req_encode(&w, &in), STATUS_SUCCESS);
	assert_int_equal(w.len, 24 + 8);
	b = wblob(&w);
	assert_status(smb2_validate_negotiate_req_decode(&b, &out), STATUS_SUCCESS);
	assert_int_equal(out.capabilities, in.capabilities);
	assert_memory_equal(out.guid, mac_guid, 16);
	assert_int_equal(out.security_mode, 1);
	assert_int_equal(out.dialect_count, 4);
	assert_int_equal(out.dialects[3], SMB2_DIALECT_311);
	tu_blob_truncations(smb2_validate_negotiate_req_decode_tb, w.buf, w.len, sizeof(out));
	/* DialectCount past the buffer, past SMB2_MAX_DIALECTS, at 0xFFFF. */
	tu_blob_patched(smb2_validate_negotiate_req_decode_tb, w.buf, w.len, 22, 5, 2,
	                sizeof(out));
	tu_blob_patched(smb2_validate_negotiate_req_decode_tb, w.buf, w.len, 22,
	                SMB2_MAX_DIALECTS + 1, 2, sizeof(out));
	tu_blob_patched(smb2_validate_negotiate_req_decode_tb, w.buf, w.len, 22, 0xFFFF, 2,
	                sizeof(out));
	/* The encoder refuses more dialects than the limit. */
	in.dialect_count = SMB2_MAX_DIALECTS + 1;
	wr_reset(&w);
	assert_status(smb2_validate_negotiate_req_encode(&w, &in), STATUS_INVALID_PARAMETER);
	wr_free(&w);
}

static void test_validate_negotiate_captured(void **state)
{
	(void)state;
	struct smb2_validate_negotiate_req q;
	struct smb2_validate_negotiate_rsp r, r2;
	size_t len;
	uint8_t *m;
	struct smb2_blob b;
	struct wr w;

	/* macOS client, suricata-verify smb-length-5770 frame 93. */
	m = tu_load_fixture("windows/ioctl_req_validate_negotiate_macos.bin", &len);
	b = ioctl_buffer(m, len, 0, 1);
	assert_status(smb2_validate_negotiate_req_decode(&b, &q), STATUS_SUCCESS);
	assert_int_equal(q.capabilities, 0x7F);
	assert_memory_equal(q.guid, mac_guid, 16);
	assert_int_equal(q.security_mode, SMB2_NEGOTIATE_SIGNING_ENABLED);
	assert_int_equal(q.dialect_count, 5);
	assert_int_equal(q.dialects[0], SMB2_DIALECT_202);
	assert_int_equal(q.dialects[1], SMB2_DIALECT_210);
	assert_int_equal(q.dialects[2], SMB2_DIALECT_300);
	assert_int_equal(q.dialects[3], SMB2_DIALECT_302);
	assert_int_equal(q.dialects[4], SMB2_DIALECT_311);
	tu_blob_truncations(smb2_validate_negotiate_req_decode_tb, b.p, b.len, sizeof(q));
	free(m);

	/* The server's answer, frame 95. */
	m = tu_load_fixture("windows/ioctl_rsp_validate_negotiate_macos.bin", &len);
	b = ioctl_buffer(m, len, 1, 0);
	assert_status(smb2_validate_negotiate_rsp_decode(&b, &r), STATUS_SUCCESS);
	assert_int_equal(r.capabilities, 0x66);
	assert_memory_equal(r.guid, mac_guid, 16);
	assert_int_equal(r.security_mode,
	                 SMB2_NEGOTIATE_SIGNING_ENABLED | SMB2_NEGOTIATE_SIGNING_REQUIRED);
	assert_int_equal(r.dialect, SMB2_DIALECT_302);
	tu_blob_truncations(smb2_validate_negotiate_rsp_decode_tb, b.p, b.len, sizeof(r));
	/* Re-encoding gives the captured bytes back. */
	wr_init(&w, 0);
	assert_status(smb2_validate_negotiate_rsp_encode(&w, &r), STATUS_SUCCESS);
	assert_int_equal(w.len, 24);
	assert_memory_equal(w.buf, b.p, 24);
	b = wblob(&w);
	assert_status(smb2_validate_negotiate_rsp_decode(&b, &r2), STATUS_SUCCESS);
	assert_int_equal(r2.dialect, SMB2_DIALECT_302);
	wr_free(&w);
	free(m);
}

static void test_net_iface_roundtrip(void **state)
{
	(void)state;
	struct smb2_net_iface_list *in = calloc(1, sizeof(*in)), *out = malloc(sizeof(*out));
	static const uint8_t v6[16] = { 0xfe, 0x80, 0, 0, 0, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8 };
	struct wr w;
	struct smb2_blob b;

	assert_non_null(in);
	assert_non_null(out);
	in->count = 3;
	in->ifs[0] = (struct smb2_net_iface){ .if_index = 1, .capability = SMB2_NIC_RSS_CAPABLE,
	                                      .link_speed = 1000000000, .family = SMB2_SOCKADDR_INET,
	                                      .addr = { 10, 0, 0, 1 } };
	in->ifs[1] = (struct smb2_net_iface){ .if_index = 2, .capability = 0,
	                                      .link_speed = 100000000, .family = SMB2_SOCKADDR_INET6,
	                                      .scope_id = 7 };
	memcpy(in->ifs[1].addr, v6, 16);
	in->ifs[2] = (struct smb2_net_iface){ .if_index = 3,
	                                      .capability = SMB2_NIC_RDMA_CAPABLE | SMB2_NIC_RSS_CAPABLE,
	                                      .link_speed = UINT64_C(40000000000),
	                                      .family = SMB2_SOCKADDR_INET,
	                                      .addr = { 192, 168, 7, 9 } };
	wr_init(&w, 0);
	assert_status(smb2_net_iface_list_encode(&w, in), STATUS_SUCCESS);
	assert_int_equal(w.len, 3 * SMB2_NETWORK_INTERFACE_INFO_SIZE);
	assert_int_equal(le32(w.buf), SMB2_NETWORK_INTERFACE_INFO_SIZE);
	assert_int_equal(le32(w.buf + 2 * SMB2_NETWORK_INTERFACE_INFO_SIZE), 0);
	b = wblob(&w);
	assert_status(smb2_net_iface_list_decode(&b, out), STATUS_SUCCESS);
	assert_int_equal(out->count, 3);
	for (int i = 0; i < 3; i++) {
		assert_int_equal(out->ifs[i].if_index, in->ifs[i].if_index);
		assert_int_equal(out->ifs[i].capability, in->ifs[i].capability);
		assert_true(out->ifs[i].link_speed == in->ifs[i].link_speed);
		assert_int_equal(out->ifs[i].family, in->ifs[i].family);
		assert_memory_equal(out->ifs[i].addr, in->ifs[i].addr, 16);
	}
	assert_int_equal(out->ifs[1].scope_id, 7);
	/* Every truncation but the empty buffer (an empty list) fails. */
	for (size_t n = 1; n < w.len; n++)
		tu_blob_expect_fail(smb2_net_iface_list_decode_tb, w.buf, n, sizeof(*out),
		                    "interface truncation");
	b.len = 0;
	assert_status(smb2_net_iface_list_decode(&b, out), STATUS_SUCCESS);
	assert_int_equal(out->count, 0);
	/* Next shorter than an entry (would overlap it, or loop with 0 being
	 * the end), misaligned, past the end, at the u32 maximum. */
	tu_blob_patched(smb2_net_iface_list_decode_tb, w.buf, w.len, 0, 8, 4, sizeof(*out));
	tu_blob_patched(smb2_net_iface_list_decode_tb, w.buf, w.len, 0, 144, 4, sizeof(*out));
	tu_blob_patched(smb2_net_iface_list_decode_tb, w.buf, w.len, 0, 156, 4, sizeof(*out));
	tu_blob_patched(smb2_net_iface_list_decode_tb, w.buf, w.len, 152, 304, 4, sizeof(*out));
	tu_blob_patched(smb2_net_iface_list_decode_tb, w.buf, w.len, 152, 0xFFFFFFF8u, 4,
	                sizeof(*out));
	/* A family that is neither InterNetwork nor InterNetworkV6. */
	tu_blob_patched(smb2_net_iface_list_decode_tb, w.buf, w.len, 152 + 24, 1, 2,
	                sizeof(*out));
	/* The encoder refuses an unknown family and too many entries. */
	wr_reset(&w);
	in->ifs[0].family = 1;
	assert_status(smb2_net_iface_list_encode(&w, in), STATUS_INVALID_PARAMETER);
	in->count = SMB2_MAX_NET_INTERFACES + 1;
	wr_reset(&w);
	assert_status(smb2_net_iface_list_encode(&w, in), STATUS_INVALID_PARAMETER);
	wr_free(&w);
	free(in);
	free(out);
}

static void test_net_iface_limit(void **state)
{
	(void)state;
	struct smb2_net_iface_list *l = calloc(1, sizeof(*l)), *out = malloc(sizeof(*out));
	struct wr w;
	struct smb2_blob b;

	assert_non_null(l);
	assert_non_null(out);
	l->count = SMB2_MAX_NET_INTERFACES;
	for (uint32_t i = 0; i < l->count; i++) {
		l->ifs[i].family = SMB2_SOCKADDR_INET;
		l->ifs[i].if_index = i;
	}
	wr_init(&w, 0);
	assert_status(smb2_net_iface_list_encode(&w, l), STATUS_SUCCESS);
	b = wblob(&w);
	assert_status(smb2_net_iface_list_decode(&b, out), STATUS_SUCCESS);
	assert_int_equal(out->count, SMB2_MAX_NET_INTERFACES);
	assert_int_equal(out->ifs[SMB2_MAX_NET_INTERFACES - 1].if_index,
	                 SMB2_MAX_NET_INTERFACES - 1);
	/* One more entry in the chain is past the limit. */
	put_le32(w.buf + (SMB2_MAX_NET_INTERFACES - 1) * SMB2_NETWORK_INTERFACE_INFO_SIZE,
	         SMB2_NETWORK_INTERFACE_INFO_SIZE);
	uint8_t *more = wr_grow(&w, SMB2_NETWORK_INTERFACE_INFO_SIZE);
	assert_non_null(more);
	put_le16(more + 24, SMB2_SOCKADDR_INET);
	tu_blob_expect_fail(smb2_net_iface_list_decode_tb, w.buf, w.len, sizeof(*out),
	                    "interfaces past the limit");
	wr_free(&w);
	free(l);
	free(out);
}

static void test_net_iface_captured(void **state)
{
	(void)state;
	static const uint8_t v6[16] = { 0xfe, 0x80, 0, 0, 0, 0, 0, 0,
	                                0xd0, 0x71, 0xf7, 0x85, 0xd0, 0xbb, 0x1f, 0x0e };
	struct smb2_net_iface_list *l = malloc(sizeof(*l));
	size_t len;
	uint8_t *m = tu_load_fixture("windows/ioctl_rsp_query_netif_win2019.bin", &len);
	struct smb2_blob b = ioctl_buffer(m, len, 1, 0);
	struct wr w;

	/* Windows Server 2004 (MS-FASOD example 1): one RSS-capable 10 Gb/s
	 * NIC, its link-local IPv6 address then its IPv4 address. */
	assert_non_null(l);
	assert_int_equal(b.len, 2 * SMB2_NETWORK_INTERFACE_INFO_SIZE);
	assert_status(smb2_net_iface_list_decode(&b, l), STATUS_SUCCESS);
	assert_int_equal(l->count, 2);
	assert_int_equal(l->ifs[0].if_index, 5);
	assert_int_equal(l->ifs[0].capability, SMB2_NIC_RSS_CAPABLE);
	assert_true(l->ifs[0].link_speed == UINT64_C(10000000000));
	assert_int_equal(l->ifs[0].family, SMB2_SOCKADDR_INET6);
	assert_int_equal(l->ifs[0].port, 0);
	assert_memory_equal(l->ifs[0].addr, v6, 16);
	/* Windows fills ScopeId though 2.2.32.5.1.2 says 0. */
	assert_int_equal(l->ifs[0].scope_id, 5);
	assert_int_equal(l->ifs[1].if_index, 5);
	assert_int_equal(l->ifs[1].family, SMB2_SOCKADDR_INET);
	assert_memory_equal(l->ifs[1].addr, "\xc0\xa8\x01\x01", 4);
	assert_true(l->ifs[1].link_speed == UINT64_C(10000000000));
	for (size_t n = 1; n < b.len; n++)
		tu_blob_expect_fail(smb2_net_iface_list_decode_tb, b.p, n, sizeof(*l),
		                    "captured interface truncation");
	/* Re-encoding gives the captured bytes back. */
	wr_init(&w, 0);
	assert_status(smb2_net_iface_list_encode(&w, l), STATUS_SUCCESS);
	assert_int_equal(w.len, b.len);
	assert_memory_equal(w.buf, b.p, b.len);
	wr_free(&w);
	free(m);
	free(l);
}

static void test_resume_key(void **state)
{
	(void)state;
	static const uint8_t ctx[5] = { 'c', 't', 'x', 0, 1 };
	struct smb2_resume_key_rsp in, out;
	struct wr w;
	struct smb2_blob b;
	size_t len;
	uint8_t *m;

	for (int i = 0; i < SMB2_RESUME_KEY_SIZE; i++)
		in.resume_key[i] = (uint8_t)(i * 7);
	in.context = (struct smb2_blob){ ctx, sizeof(ctx) };
	wr_init(&w, 0);
	assert_status(smb2_resume_key_rsp_encode(&w, &in), STATUS_SUCCESS);
	assert_int_equal(w.len, 28 + sizeof(ctx));
	b = wblob(&w);
	assert_status(smb2_resume_key_rsp_decode(&b, &out), STATUS_SUCCESS);
	assert_memory_equal(out.resume_key, in.resume_key, SMB2_RESUME_KEY_SIZE);
	assert_int_equal(out.context.len, sizeof(ctx));
	assert_memory_equal(out.context.p, ctx, sizeof(ctx));
	tu_blob_truncations(smb2_resume_key_rsp_decode_tb, w.buf, w.len, sizeof(out));
	tu_blob_patched(smb2_resume_key_rsp_decode_tb, w.buf, w.len, 24, 6, 4, sizeof(out));
	tu_blob_patched(smb2_resume_key_rsp_decode_tb, w.buf, w.len, 24, 0xFFFFFFFFu, 4,
	                sizeof(out));
	wr_free(&w);

	/* Windows answer (suricata-verify smb2-delete): a 24-byte key,
	 * ContextLength 0 and 4 bytes of padding in a 32-byte output. */
	m = tu_load_fixture("windows/ioctl_rsp_resume_key_win.bin", &len);
	b = ioctl_buffer(m, len, 1, 0);
	assert_int_equal(b.len, 32);
	assert_status(smb2_resume_key_rsp_decode(&b, &out), STATUS_SUCCESS);
	assert_memory_equal(out.resume_key,
	                    "\x61\x04\x00\x00\x70\x00\x00\x00\x8a\x07\x7d\x87\xc4\x77\xd7\x01"
	                    "\xff\xfe\x00\x00\x00\x00\x00\x00",
	                    SMB2_RESUME_KEY_SIZE);
	assert_int_equal(out.context.len, 0);
	tu_blob_truncations(smb2_resume_key_rsp_decode_tb, b.p, 28, sizeof(out));
	free(m);
}

static void test_copychunk_req(void **state)
{
	(void)state;
	struct smb2_copychunk_req *in = calloc(1, sizeof(*in)), *out = malloc(sizeof(*out));
	struct wr w;
	struct smb2_blob b;

	assert_non_null(in);
	assert_non_null(out);
	memset(in->source_key, 0x4B, sizeof(in->source_key));
	in->chunk_count = 3;
	for (uint32_t i = 0; i < 3; i++)
		in->chunks[i] = (struct smb2_copychunk){ UINT64_C(1) << (40 + i), 65536u * i,
		                                         1048576 };
	wr_init(&w, 0);
	assert_status(smb2_copychunk_req_encode(&w, in), STATUS_SUCCESS);
	assert_int_equal(w.len, SMB2_SRV_COPYCHUNK_COPY_HEAD + 3 * SMB2_SRV_COPYCHUNK_SIZE);
	b = wblob(&w);
	assert_status(smb2_copychunk_req_decode(&b, out), STATUS_SUCCESS);
	assert_memory_equal(out->source_key, in->source_key, 24);
	assert_int_equal(out->chunk_count, 3);
	for (uint32_t i = 0; i < 3; i++) {
		assert_true(out->chunks[i].source_offset == in->chunks[i].source_offset);
		assert_true(out->chunks[i].target_offset == in->chunks[i].target_offset);
		assert_int_equal(out->chunks[i].length, 1048576);
	}
	tu_blob_truncations(smb2_copychunk_req_decode_tb, w.buf, w.len, sizeof(*out));
	/* ChunkCount one past the chunks present, past the limit, and two
	 * counts whose product with 24 wraps in 32 bits (0x0AAAAAAB * 24 =
	 * 0x100000008 -> 8; 0xFFFFFFFF * 24). */
	tu_blob_patched(smb2_copychunk_req_decode_tb, w.buf, w.len, 24, 4, 4, sizeof(*out));
	tu_blob_patched(smb2_copychunk_req_decode_tb, w.buf, w.len, 24,
	                SMB2_MAX_COPYCHUNK_CHUNKS + 1, 4, sizeof(*out));
	tu_blob_patched(smb2_copychunk_req_decode_tb, w.buf, w.len, 24, 0x0AAAAAABu, 4,
	                sizeof(*out));
	tu_blob_patched(smb2_copychunk_req_decode_tb, w.buf, w.len, 24, 0xFFFFFFFFu, 4,
	                sizeof(*out));
	/* ChunkCount 0 is well formed (the server answers with its limits). */
	put_le32(w.buf + 24, 0);
	assert_status(smb2_copychunk_req_decode(&b, out), STATUS_SUCCESS);
	assert_int_equal(out->chunk_count, 0);
	wr_free(&w);

	/* Exactly the limit decodes; the encoder refuses one more. */
	in->chunk_count = SMB2_MAX_COPYCHUNK_CHUNKS;
	wr_init(&w, 0);
	assert_status(smb2_copychunk_req_encode(&w, in), STATUS_SUCCESS);
	b = wblob(&w);
	assert_status(smb2_copychunk_req_decode(&b, out), STATUS_SUCCESS);
	assert_int_equal(out->chunk_count, SMB2_MAX_COPYCHUNK_CHUNKS);
	in->chunk_count = SMB2_MAX_COPYCHUNK_CHUNKS + 1;
	wr_reset(&w);
	assert_status(smb2_copychunk_req_encode(&w, in), STATUS_INVALID_PARAMETER);
	wr_free(&w);
	free(in);
	free(out);
}

static void test_copychunk_rsp_and_resiliency(void **state)
{
	(void)state;
	struct smb2_copychunk_rsp in = { 16, 1048576, 16u * 1048576 }, out;
	struct smb2_resiliency_req rin = { 120000 }, rout;
	struct wr w;
	struct smb2_blob b;

	wr_init(&w, 0);
	assert_status(smb2_copychunk_rsp_encode(&w, &in), STATUS_SUCCESS);
	assert_int_equal(w.len, 12);
	b = wblob(&w);
	assert_status(smb2_copychunk_rsp_decode(&b, &out), STATUS_SUCCESS);
	assert_int_equal(out.chunks_written, 16);
	assert_int_equal(out.chunk_bytes_written, 1048576);
	assert_int_equal(out.total_bytes_written, 16u * 1048576);
	tu_blob_truncations(smb2_copychunk_rsp_decode_tb, w.buf, w.len, sizeof(out));

	wr_reset(&w);
	assert_status(smb2_resiliency_req_encode(&w, &rin), STATUS_SUCCESS);
	assert_int_equal(w.len, 8);
	b = wblob(&w);
	assert_status(smb2_resiliency_req_decode(&b, &rout), STATUS_SUCCESS);
	assert_int_equal(rout.timeout, 120000);
	tu_blob_truncations(smb2_resiliency_req_decode_tb, w.buf, w.len, sizeof(rout));
	wr_free(&w);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_validate_negotiate_req),
		cmocka_unit_test(test_validate_negotiate_captured),
		cmocka_unit_test(test_net_iface_roundtrip),
		cmocka_unit_test(test_net_iface_limit),
		cmocka_unit_test(test_net_iface_captured),
		cmocka_unit_test(test_resume_key),
		cmocka_unit_test(test_copychunk_req),
		cmocka_unit_test(test_copychunk_rsp_and_resiliency),
	};
	return cmocka_run_group_tests_name("fsctl", tests, NULL, NULL);
}
