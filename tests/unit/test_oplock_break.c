/* OPLOCK_BREAK codec: the six forms, captured lease breaks, malformed
 * twins. */
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "wire/oplock_break.h"

TU_DECODER(smb2_oplock_break_req_decode, struct smb2_oplock_break_req)
TU_ENCODER(smb2_oplock_break_req_encode, struct smb2_oplock_break_req)
TU_DECODER(smb2_oplock_break_rsp_decode, struct smb2_oplock_break_rsp)
TU_ENCODER(smb2_oplock_break_rsp_encode, struct smb2_oplock_break_rsp)

static const uint8_t key[16] = { 0xb7, 0x35, 0xe1, 0x04, 0x26, 0x92, 0x46, 0xc5,
                                 0x8e, 0x99, 0x53, 0x02, 0x8d, 0x78, 0xc7, 0x6f };

/* Every truncation, and every StructureSize but the right one among the
 * sizes OPLOCK_BREAK knows (plus one odd one) fails. */
static void twins(tu_decode_fn dec, const struct wr *w, size_t out_size,
                  const uint16_t *bad_sizes, size_t n_bad)
{
	tu_truncations(dec, w->buf, w->len, w->len, out_size);
	for (size_t i = 0; i < n_bad; i++)
		tu_expect_fail_patched16(dec, w->buf, w->len, 64, bad_sizes[i],
		                         STATUS_INVALID_PARAMETER, out_size);
}

static void test_ack_roundtrip(void **state)
{
	(void)state;
	struct smb2_oplock_break_req in, out;
	struct wr w;
	static const uint16_t bad[] = { 0, 25, 44, 48 };

	memset(&in, 0, sizeof(in));
	in.kind = SMB2_BREAK_OPLOCK_ACK;
	in.oplock_level = SMB2_OPLOCK_LEVEL_II;
	in.file_id = (struct smb2_fileid){ 0x0102030405060708ull, 0x1112131415161718ull };
	wr_init(&w, 0);
	tu_encode_msg(&w, SMB2_OPLOCK_BREAK, 0, smb2_oplock_break_req_encode_tu, &in);
	assert_int_equal(w.len, 64 + 24);
	assert_status(tu_decode_body(smb2_oplock_break_req_decode_tu, w.buf, w.len, &out),
	              STATUS_SUCCESS);
	assert_int_equal(out.kind, SMB2_BREAK_OPLOCK_ACK);
	assert_int_equal(out.oplock_level, SMB2_OPLOCK_LEVEL_II);
	assert_int_equal(out.file_id.persistent, in.file_id.persistent);
	assert_int_equal(out.file_id.volatile_, in.file_id.volatile_);
	twins(smb2_oplock_break_req_decode_tu, &w, sizeof(out), bad, 4);
	wr_free(&w);

	memset(&in, 0, sizeof(in));
	in.kind = SMB2_BREAK_LEASE_ACK;
	in.lease_state = SMB2_LEASE_READ_CACHING;
	in.lease_duration = 0;
	memcpy(in.lease_key, key, 16);
	wr_init(&w, 0);
	tu_encode_msg(&w, SMB2_OPLOCK_BREAK, 0, smb2_oplock_break_req_encode_tu, &in);
	assert_int_equal(w.len, 64 + 36);
	assert_status(tu_decode_body(smb2_oplock_break_req_decode_tu, w.buf, w.len, &out),
	              STATUS_SUCCESS);
	assert_int_equal(out.kind, SMB2_BREAK_LEASE_ACK);
	assert_int_equal(out.lease_state, SMB2_LEASE_READ_CACHING);
	assert_memory_equal(out.lease_key, key, 16);
	twins(smb2_oplock_break_req_decode_tu, &w, sizeof(out), bad, 4);
	wr_free(&w);

	/* An unknown kind does not encode. */
	in.kind = (enum smb2_break_req_kind)9;
	wr_init(&w, 0);
	assert_status(smb2_oplock_break_req_encode(&w, &in), STATUS_INVALID_PARAMETER);
	wr_free(&w);
}

static void test_server_forms_roundtrip(void **state)
{
	(void)state;
	struct smb2_oplock_break_rsp in, out;
	struct wr w;
	static const uint16_t bad[] = { 0, 4, 23, 37, 45 };

	memset(&in, 0, sizeof(in));
	in.kind = SMB2_BREAK_OPLOCK;
	in.oplock_level = SMB2_OPLOCK_LEVEL_NONE;
	in.file_id = (struct smb2_fileid){ 5, 6 };
	wr_init(&w, 0);
	tu_encode_msg(&w, SMB2_OPLOCK_BREAK, 1, smb2_oplock_break_rsp_encode_tu, &in);
	assert_int_equal(w.len, 64 + 24);
	assert_status(tu_decode_body(smb2_oplock_break_rsp_decode_tu, w.buf, w.len, &out),
	              STATUS_SUCCESS);
	assert_int_equal(out.kind, SMB2_BREAK_OPLOCK);
	assert_int_equal(out.oplock_level, 0);
	assert_int_equal(out.file_id.persistent, 5);
	assert_int_equal(out.file_id.volatile_, 6);
	twins(smb2_oplock_break_rsp_decode_tu, &w, sizeof(out), bad, 5);
	wr_free(&w);

	memset(&in, 0, sizeof(in));
	in.kind = SMB2_BREAK_LEASE_NOTIFY;
	in.new_epoch = 3;
	in.flags = SMB2_NOTIFY_BREAK_LEASE_FLAG_ACK_REQUIRED;
	memcpy(in.lease_key, key, 16);
	in.current_lease_state = SMB2_LEASE_READ_CACHING | SMB2_LEASE_HANDLE_CACHING |
	                         SMB2_LEASE_WRITE_CACHING;
	in.new_lease_state = SMB2_LEASE_READ_CACHING;
	in.break_reason = 0;
	in.access_mask_hint = 0x11;
	in.share_mask_hint = 0x22;
	wr_init(&w, 0);
	tu_encode_msg(&w, SMB2_OPLOCK_BREAK, 1, smb2_oplock_break_rsp_encode_tu, &in);
	assert_int_equal(w.len, 64 + 44);
	assert_status(tu_decode_body(smb2_oplock_break_rsp_decode_tu, w.buf, w.len, &out),
	              STATUS_SUCCESS);
	assert_int_equal(out.kind, SMB2_BREAK_LEASE_NOTIFY);
	assert_int_equal(out.new_epoch, 3);
	assert_int_equal(out.flags, 1);
	assert_memory_equal(out.lease_key, key, 16);
	assert_int_equal(out.current_lease_state, 7);
	assert_int_equal(out.new_lease_state, 1);
	assert_int_equal(out.access_mask_hint, 0x11);
	assert_int_equal(out.share_mask_hint, 0x22);
	twins(smb2_oplock_break_rsp_decode_tu, &w, sizeof(out), bad, 5);
	wr_free(&w);

	memset(&in, 0, sizeof(in));
	in.kind = SMB2_BREAK_LEASE_RSP;
	memcpy(in.lease_key, key, 16);
	in.lease_state = SMB2_LEASE_HANDLE_CACHING;
	in.lease_duration = 0;
	wr_init(&w, 0);
	tu_encode_msg(&w, SMB2_OPLOCK_BREAK, 1, smb2_oplock_break_rsp_encode_tu, &in);
	assert_int_equal(w.len, 64 + 36);
	assert_status(tu_decode_body(smb2_oplock_break_rsp_decode_tu, w.buf, w.len, &out),
	              STATUS_SUCCESS);
	assert_int_equal(out.kind, SMB2_BREAK_LEASE_RSP);
	assert_int_equal(out.lease_state, SMB2_LEASE_HANDLE_CACHING);
	assert_memory_equal(out.lease_key, key, 16);
	twins(smb2_oplock_break_rsp_decode_tu, &w, sizeof(out), bad, 5);
	wr_free(&w);
}

/* Re-encode and compare the body with the capture. */
static void same_body_rsp(const uint8_t *m, size_t len, const struct smb2_oplock_break_rsp *r)
{
	struct wr w;

	wr_init(&w, 0);
	assert_status(smb2_hdr_encode(&w, &(struct smb2_hdr){ 0 }), STATUS_SUCCESS);
	assert_status(smb2_oplock_break_rsp_encode(&w, r), STATUS_SUCCESS);
	assert_int_equal(w.len, len);
	assert_memory_equal(w.buf + 64, m + 64, len - 64);
	wr_free(&w);
}

static void test_captured_lease_breaks(void **state)
{
	(void)state;
	struct smb2_oplock_break_rsp r;
	struct smb2_oplock_break_req a;
	struct smb2_hdr h;
	struct rd c;
	size_t len;
	static const uint8_t mac_key[16] = { 0xfb, 0xbc, 0x79, 0x1f, 0xc3, 0x03, 0x4c, 0x09,
	                                     0x86, 0xcc, 0x6e, 0x8b, 0x2d, 0x01, 0x80, 0x97 };

	/* Windows server to macOS client: R+H broken to none, ack required. */
	uint8_t *m = tu_load_fixture("windows/lease_break_notify_win.bin", &len);
	rd_init(&c, m, len);
	assert_status(smb2_hdr_decode(&c, &h), STATUS_SUCCESS);
	assert_true(smb2_oplock_break_is_notification(&h));
	assert_status(smb2_oplock_break_rsp_decode(&c, &r), STATUS_SUCCESS);
	assert_int_equal(r.kind, SMB2_BREAK_LEASE_NOTIFY);
	assert_int_equal(r.new_epoch, 2);
	assert_int_equal(r.flags, SMB2_NOTIFY_BREAK_LEASE_FLAG_ACK_REQUIRED);
	assert_memory_equal(r.lease_key, key, 16);
	assert_int_equal(r.current_lease_state,
	                 SMB2_LEASE_READ_CACHING | SMB2_LEASE_HANDLE_CACHING);
	assert_int_equal(r.new_lease_state, SMB2_LEASE_NONE);
	assert_int_equal(r.break_reason, 0);
	assert_int_equal(r.access_mask_hint, 0);
	assert_int_equal(r.share_mask_hint, 0);
	same_body_rsp(m, len, &r);
	tu_truncations(smb2_oplock_break_rsp_decode_tu, m, len, len, sizeof(r));
	free(m);

	/* macOS client acknowledges a lease break (to state none). */
	m = tu_load_fixture("windows/lease_break_ack_macos.bin", &len);
	assert_status(tu_decode_body(smb2_oplock_break_req_decode_tu, m, len, &a),
	              STATUS_SUCCESS);
	assert_int_equal(a.kind, SMB2_BREAK_LEASE_ACK);
	assert_int_equal(a.flags, 0);
	assert_memory_equal(a.lease_key, mac_key, 16);
	assert_int_equal(a.lease_state, SMB2_LEASE_NONE);
	assert_int_equal(a.lease_duration, 0);
	tu_truncations(smb2_oplock_break_req_decode_tu, m, len, len, sizeof(a));
	free(m);

	/* macOS server answers an ack: a response, not a notification. */
	m = tu_load_fixture("windows/lease_break_rsp_macos.bin", &len);
	rd_init(&c, m, len);
	assert_status(smb2_hdr_decode(&c, &h), STATUS_SUCCESS);
	assert_false(smb2_oplock_break_is_notification(&h));
	assert_status(smb2_oplock_break_rsp_decode(&c, &r), STATUS_SUCCESS);
	assert_int_equal(r.kind, SMB2_BREAK_LEASE_RSP);
	assert_memory_equal(r.lease_key, mac_key, 16);
	assert_int_equal(r.lease_state, SMB2_LEASE_NONE);
	same_body_rsp(m, len, &r);
	tu_truncations(smb2_oplock_break_rsp_decode_tu, m, len, len, sizeof(r));
	free(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ack_roundtrip),
		cmocka_unit_test(test_server_forms_roundtrip),
		cmocka_unit_test(test_captured_lease_breaks),
	};
	return cmocka_run_group_tests_name("oplock_break", tests, NULL, NULL);
}
