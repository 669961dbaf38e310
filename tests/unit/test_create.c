/* CREATE codec: round trips, captured Windows bytes, malformed twins. */
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "wire/create.h"
#include "wire/oplock_break.h"

TU_DECODER(smb2_create_req_decode, struct smb2_create_req)
TU_ENCODER(smb2_create_req_encode, struct smb2_create_req)
TU_DECODER(smb2_create_rsp_decode, struct smb2_create_rsp)
TU_ENCODER(smb2_create_rsp_encode, struct smb2_create_rsp)

/* Big: keep them off the stack. */
static struct smb2_create_req g_req, g_req2;
static struct smb2_create_rsp g_rsp;

/* Body field positions, counted from the header. */
#define REQ_NAME_OFF (64 + 44)
#define REQ_NAME_LEN (64 + 46)
#define REQ_CTX_OFF (64 + 48)
#define REQ_CTX_LEN (64 + 52)
#define RSP_CTX_OFF (64 + 80)
#define RSP_CTX_LEN (64 + 84)

static const uint8_t name_utf16[] = { 'a', 0, '\\', 0, 'b', 0, '.', 0, 't', 0, 'x', 0, 't', 0 };
static const uint8_t key[16] = { 0x10, 0x20, 0x30, 0x40, 0x50, 0x60, 0x70, 0x80,
                                 0x90, 0xa0, 0xb0, 0xc0, 0xd0, 0xe0, 0xf0, 0x01 };

static void fill_req(struct smb2_create_req *r)
{
	memset(r, 0, sizeof(*r));
	r->requested_oplock_level = SMB2_OPLOCK_LEVEL_LEASE;
	r->impersonation_level = SMB2_IMPERSONATION_IMPERSONATION;
	r->smb_create_flags = 0;
	r->desired_access = SMB2_GENERIC_READ | SMB2_SYNCHRONIZE;
	r->file_attributes = SMB2_FILE_ATTRIBUTE_NORMAL;
	r->share_access = SMB2_FILE_SHARE_READ | SMB2_FILE_SHARE_WRITE;
	r->create_disposition = SMB2_FILE_OPEN_IF;
	r->create_options = SMB2_FILE_NON_DIRECTORY_FILE | SMB2_FILE_DELETE_ON_CLOSE;
	r->name = (struct smb2_blob){ name_utf16, sizeof(name_utf16) };
	r->contexts.count = 3;
	r->contexts.ctx[0].type = SMB2_CCTX_MXAC;
	r->contexts.ctx[1].type = SMB2_CCTX_RQLS;
	r->contexts.ctx[1].u.lease.version = 2;
	memcpy(r->contexts.ctx[1].u.lease.key, key, 16);
	r->contexts.ctx[1].u.lease.state = SMB2_LEASE_READ_CACHING | SMB2_LEASE_WRITE_CACHING;
	r->contexts.ctx[2].type = SMB2_CCTX_DH2Q;
	r->contexts.ctx[2].u.dh2q.timeout = 0;
	memcpy(r->contexts.ctx[2].u.dh2q.create_guid, key, 16);
}

static void test_create_req_roundtrip(void **state)
{
	(void)state;
	struct wr w;

	fill_req(&g_req2);
	wr_init(&w, 0);
	tu_encode_msg(&w, SMB2_CREATE, 0, smb2_create_req_encode_tu, &g_req2);
	/* Name right after the fixed part, contexts at the next 8 bytes. */
	assert_int_equal(le16(w.buf + REQ_NAME_OFF), 0x78);
	assert_int_equal(le16(w.buf + REQ_NAME_LEN), sizeof(name_utf16));
	assert_int_equal(le32(w.buf + REQ_CTX_OFF), 0x78 + 16);
	assert_int_equal(le32(w.buf + REQ_CTX_OFF) + le32(w.buf + REQ_CTX_LEN), w.len);
	assert_status(tu_decode_body(smb2_create_req_decode_tu, w.buf, w.len, &g_req),
	              STATUS_SUCCESS);
	assert_int_equal(g_req.requested_oplock_level, SMB2_OPLOCK_LEVEL_LEASE);
	assert_int_equal(g_req.impersonation_level, 2);
	assert_int_equal(g_req.desired_access, g_req2.desired_access);
	assert_int_equal(g_req.file_attributes, SMB2_FILE_ATTRIBUTE_NORMAL);
	assert_int_equal(g_req.share_access, 3);
	assert_int_equal(g_req.create_disposition, SMB2_FILE_OPEN_IF);
	assert_int_equal(g_req.create_options, g_req2.create_options);
	assert_int_equal(g_req.name.len, sizeof(name_utf16));
	assert_memory_equal(g_req.name.p, name_utf16, sizeof(name_utf16));
	assert_int_equal(g_req.contexts.count, 3);
	assert_int_equal(g_req.contexts.ctx[0].type, SMB2_CCTX_MXAC);
	assert_int_equal(g_req.contexts.ctx[1].u.lease.state, 5);
	assert_memory_equal(g_req.contexts.ctx[1].u.lease.key, key, 16);
	assert_memory_equal(g_req.contexts.ctx[2].u.dh2q.create_guid, key, 16);

	/* Malformed twins. */
	size_t n = w.len, sz = sizeof(g_req);
	tu_truncations(smb2_create_req_decode_tu, w.buf, n, n, sz);
	tu_expect_fail_patched16(smb2_create_req_decode_tu, w.buf, n, 64, 56,
	                         STATUS_INVALID_PARAMETER, sz);
	/* NameLength odd; NameOffset in the fixed part, misaligned, past the
	 * end. */
	tu_expect_fail_patched16(smb2_create_req_decode_tu, w.buf, n, REQ_NAME_LEN, 13,
	                         STATUS_INVALID_PARAMETER, sz);
	tu_expect_fail_patched16(smb2_create_req_decode_tu, w.buf, n, REQ_NAME_OFF, 0x70,
	                         STATUS_INVALID_PARAMETER, sz);
	tu_expect_fail_patched16(smb2_create_req_decode_tu, w.buf, n, REQ_NAME_OFF, 0x7a,
	                         STATUS_INVALID_PARAMETER, sz);
	tu_expect_fail_patched16(smb2_create_req_decode_tu, w.buf, n, REQ_NAME_OFF, 0xfff8,
	                         STATUS_INVALID_PARAMETER, sz);
	tu_expect_fail_patched16(smb2_create_req_decode_tu, w.buf, n, REQ_NAME_LEN, 0xfffe,
	                         STATUS_INVALID_PARAMETER, sz);
	/* Contexts: in the fixed part, misaligned, over the name, past the
	 * end, a length that overflows 32 bits with the offset. */
	tu_expect_fail_patched32(smb2_create_req_decode_tu, w.buf, n, REQ_CTX_OFF, 0x70,
	                         STATUS_INVALID_PARAMETER, sz);
	tu_expect_fail_patched32(smb2_create_req_decode_tu, w.buf, n, REQ_CTX_OFF, 0x8c,
	                         STATUS_INVALID_PARAMETER, sz);
	tu_expect_fail_patched32(smb2_create_req_decode_tu, w.buf, n, REQ_CTX_OFF, 0x78,
	                         STATUS_INVALID_PARAMETER, sz);
	tu_expect_fail_patched32(smb2_create_req_decode_tu, w.buf, n, REQ_CTX_OFF, 0xfffffff8u,
	                         STATUS_INVALID_PARAMETER, sz);
	tu_expect_fail_patched32(smb2_create_req_decode_tu, w.buf, n, REQ_CTX_LEN, 0xffffff90u,
	                         STATUS_INVALID_PARAMETER, sz);
	/* A bad context inside fails the whole CREATE. */
	tu_expect_fail_patched32(smb2_create_req_decode_tu, w.buf, n, 0x88, 12,
	                         STATUS_INVALID_PARAMETER, sz);
	wr_free(&w);
}

static void test_create_req_empty(void **state)
{
	(void)state;
	struct wr w;

	memset(&g_req2, 0, sizeof(g_req2));
	g_req2.desired_access = SMB2_MAXIMUM_ALLOWED;
	wr_init(&w, 0);
	tu_encode_msg(&w, SMB2_CREATE, 0, smb2_create_req_encode_tu, &g_req2);
	/* MS-SMB2 2.2.13: the Buffer is at least one byte. */
	assert_int_equal(w.len, 64 + 57);
	assert_status(tu_decode_body(smb2_create_req_decode_tu, w.buf, w.len, &g_req),
	              STATUS_SUCCESS);
	assert_int_equal(g_req.name.len, 0);
	assert_int_equal(g_req.contexts.count, 0);
	assert_int_equal(g_req.desired_access, SMB2_MAXIMUM_ALLOWED);
	tu_truncations(smb2_create_req_decode_tu, w.buf, w.len, w.len, sizeof(g_req));
	wr_free(&w);
}

static void test_create_rsp_roundtrip(void **state)
{
	(void)state;
	struct smb2_create_rsp *in = calloc(1, sizeof(*in));
	struct wr w;

	assert_non_null(in);
	in->oplock_level = SMB2_OPLOCK_LEVEL_BATCH;
	in->flags = SMB2_CREATE_FLAG_REPARSEPOINT;
	in->create_action = SMB2_FILE_CREATED;
	in->creation_time = 1;
	in->last_access_time = 2;
	in->last_write_time = 3;
	in->change_time = 4;
	in->allocation_size = 4096;
	in->end_of_file = 100;
	in->file_attributes = SMB2_FILE_ATTRIBUTE_ARCHIVE;
	in->file_id = (struct smb2_fileid){ 0xabc, 0xdef };
	in->contexts.count = 2;
	in->contexts.ctx[0].type = SMB2_CCTX_MXAC;
	in->contexts.ctx[0].u.mxac.maximal_access = 0x1f01ff;
	in->contexts.ctx[1].type = SMB2_CCTX_QFID;
	in->contexts.ctx[1].u.qfid.disk_file_id = 77;
	wr_init(&w, 0);
	tu_encode_msg(&w, SMB2_CREATE, 1, smb2_create_rsp_encode_tu, in);
	assert_int_equal(le32(w.buf + RSP_CTX_OFF), 64 + 88);
	assert_status(tu_decode_body(smb2_create_rsp_decode_tu, w.buf, w.len, &g_rsp),
	              STATUS_SUCCESS);
	assert_int_equal(g_rsp.oplock_level, SMB2_OPLOCK_LEVEL_BATCH);
	assert_int_equal(g_rsp.flags, 1);
	assert_int_equal(g_rsp.create_action, SMB2_FILE_CREATED);
	assert_int_equal(g_rsp.last_write_time, 3);
	assert_int_equal(g_rsp.change_time, 4);
	assert_int_equal(g_rsp.allocation_size, 4096);
	assert_int_equal(g_rsp.end_of_file, 100);
	assert_int_equal(g_rsp.file_attributes, SMB2_FILE_ATTRIBUTE_ARCHIVE);
	assert_int_equal(g_rsp.file_id.persistent, 0xabc);
	assert_int_equal(g_rsp.file_id.volatile_, 0xdef);
	assert_int_equal(g_rsp.contexts.count, 2);
	assert_int_equal(g_rsp.contexts.ctx[0].u.mxac.maximal_access, 0x1f01ff);
	assert_int_equal(g_rsp.contexts.ctx[1].u.qfid.disk_file_id, 77);
	size_t n = w.len, sz = sizeof(g_rsp);
	tu_truncations(smb2_create_rsp_decode_tu, w.buf, n, n, sz);
	tu_expect_fail_patched16(smb2_create_rsp_decode_tu, w.buf, n, 64, 88,
	                         STATUS_INVALID_PARAMETER, sz);
	tu_expect_fail_patched32(smb2_create_rsp_decode_tu, w.buf, n, RSP_CTX_OFF, 0x90,
	                         STATUS_INVALID_PARAMETER, sz);
	tu_expect_fail_patched32(smb2_create_rsp_decode_tu, w.buf, n, RSP_CTX_OFF, 0x9c,
	                         STATUS_INVALID_PARAMETER, sz);
	tu_expect_fail_patched32(smb2_create_rsp_decode_tu, w.buf, n, RSP_CTX_LEN, 0xffffffffu,
	                         STATUS_INVALID_PARAMETER, sz);
	wr_free(&w);

	/* Without contexts the body is the 88 fixed bytes (as Windows sends). */
	in->contexts.count = 0;
	wr_init(&w, 0);
	tu_encode_msg(&w, SMB2_CREATE, 1, smb2_create_rsp_encode_tu, in);
	assert_int_equal(w.len, 64 + 88);
	assert_int_equal(le32(w.buf + RSP_CTX_OFF), 0);
	assert_status(tu_decode_body(smb2_create_rsp_decode_tu, w.buf, w.len, &g_rsp),
	              STATUS_SUCCESS);
	assert_int_equal(g_rsp.contexts.count, 0);
	tu_truncations(smb2_create_rsp_decode_tu, w.buf, w.len, w.len, sizeof(g_rsp));
	wr_free(&w);
	free(in);
}

/* Re-encode a decoded request and compare with the capture byte for byte
 * up to `upto` (Windows pads where we do not). */
static void reencode_req(const uint8_t *msg, size_t upto)
{
	struct wr w;

	wr_init(&w, 0);
	assert_status(smb2_hdr_encode(&w, &(struct smb2_hdr){ 0 }), STATUS_SUCCESS);
	assert_status(smb2_create_req_encode(&w, &g_req), STATUS_SUCCESS);
	assert_true(w.len >= upto);
	assert_memory_equal(w.buf + 64, msg + 64, upto - 64);
	wr_free(&w);
}

static void test_create_windows_req(void **state)
{
	(void)state;
	size_t len;
	uint8_t *m = tu_load_fixture("windows/create_req_dh2q_mxac_qfid_rqls2_win10.bin", &len);
	static const uint8_t guid[16] = { 0xe1, 0x80, 0xe7, 0x72, 0xac, 0x8a, 0xea, 0x11,
	                                  0x92, 0x3b, 0x00, 0x15, 0x5d, 0x51, 0x71, 0x5a };
	static const uint8_t lkey[16] = { 0x90, 0x4a, 0x49, 0x8a, 0x0d, 0xac, 0xff, 0xff,
	                                  0x38, 0, 0, 0, 0, 0, 0, 0 };

	assert_int_equal(len, 308);
	assert_status(tu_decode_body(smb2_create_req_decode_tu, m, len, &g_req), STATUS_SUCCESS);
	assert_int_equal(g_req.requested_oplock_level, SMB2_OPLOCK_LEVEL_LEASE);
	assert_int_equal(g_req.impersonation_level, SMB2_IMPERSONATION_IMPERSONATION);
	assert_int_equal(g_req.desired_access, 0x00100081);
	assert_int_equal(g_req.file_attributes, 0);
	assert_int_equal(g_req.share_access, 7);
	assert_int_equal(g_req.create_disposition, SMB2_FILE_OPEN);
	assert_int_equal(g_req.create_options, SMB2_FILE_SYNCHRONOUS_IO_NONALERT);
	assert_int_equal(g_req.name.len, 0);
	assert_int_equal(g_req.contexts_raw.len, 180);
	assert_int_equal(g_req.contexts.count, 4);
	const struct smb2_create_ctx *x = g_req.contexts.ctx;
	assert_int_equal(x[0].type, SMB2_CCTX_DH2Q);
	assert_int_equal(x[0].u.dh2q.timeout, 0);
	assert_int_equal(x[0].u.dh2q.flags, 0);
	assert_memory_equal(x[0].u.dh2q.create_guid, guid, 16);
	assert_int_equal(x[1].type, SMB2_CCTX_MXAC);
	assert_false(x[1].u.mxac.has_timestamp);
	assert_int_equal(x[2].type, SMB2_CCTX_QFID);
	assert_int_equal(x[3].type, SMB2_CCTX_RQLS);
	assert_int_equal(x[3].u.lease.version, 2);
	assert_memory_equal(x[3].u.lease.key, lkey, 16);
	assert_int_equal(x[3].u.lease.state, 7);
	assert_int_equal(x[3].u.lease.flags, 0);
	assert_int_equal(x[3].u.lease.epoch, 0);
	/* Windows puts the contexts at 0x80 after 8 pad bytes; we put them at
	 * 0x78, so compare the fixed part up to the offsets only. */
	reencode_req(m, 64 + 48);
	tu_truncations(smb2_create_req_decode_tu, m, len, len, sizeof(g_req));
	free(m);

	m = tu_load_fixture("windows/create_req_name_dh2q_mxac_rqls2_win10.bin", &len);
	assert_status(tu_decode_body(smb2_create_req_decode_tu, m, len, &g_req), STATUS_SUCCESS);
	assert_int_equal(g_req.desired_access, 0x00120089);
	assert_int_equal(g_req.file_attributes, SMB2_FILE_ATTRIBUTE_NORMAL);
	assert_int_equal(g_req.share_access, 3);
	assert_int_equal(g_req.create_options, 0x60);
	assert_int_equal(g_req.name.len, 30);
	assert_memory_equal(g_req.name.p, "E\0x\0i\0s\0t\0e\0n\0t\0T\0x\0t\0.\0t\0x\0t\0", 30);
	assert_int_equal(g_req.contexts.count, 3);
	assert_int_equal(g_req.contexts.ctx[2].u.lease.flags, SMB2_LEASE_FLAG_PARENT_LEASE_KEY_SET);
	assert_memory_equal(g_req.contexts.ctx[2].u.lease.parent_key, lkey, 16);
	assert_int_equal(g_req.contexts.ctx[2].u.lease.state, 7);
	/* Same layout as ours up to the empty MxAc, whose DataOffset Windows
	 * sets to 0x18 here (and to 0 in the capture above); we send 0. */
	reencode_req(m, 0x98 + 56 + 10);
	assert_int_equal(le16(m + 0x98 + 56 + 10), 0x18);
	assert_int_equal(le32(m + 0x98 + 56 + 12), 0);
	tu_truncations(smb2_create_req_decode_tu, m, len, len, sizeof(g_req));
	free(m);

	/* macOS client, first of a compound (padded to 8 bytes). */
	m = tu_load_fixture("windows/create_req_rqls2_macos.bin", &len);
	assert_status(tu_decode_body(smb2_create_req_decode_tu, m, len, &g_req), STATUS_SUCCESS);
	assert_int_equal(g_req.file_attributes, SMB2_FILE_ATTRIBUTE_DIRECTORY);
	assert_int_equal(g_req.create_options, SMB2_FILE_DIRECTORY_FILE);
	assert_int_equal(g_req.contexts.count, 1);
	assert_int_equal(g_req.contexts.ctx[0].u.lease.state, 3);
	free(m);
}

static void test_create_windows_rsp(void **state)
{
	(void)state;
	size_t len;
	uint8_t *m = tu_load_fixture("windows/create_rsp_mxac_rqls2_qfid_win2019.bin", &len);

	assert_status(tu_decode_body(smb2_create_rsp_decode_tu, m, len, &g_rsp), STATUS_SUCCESS);
	assert_int_equal(g_rsp.oplock_level, SMB2_OPLOCK_LEVEL_LEASE);
	assert_int_equal(g_rsp.create_action, SMB2_FILE_OPENED);
	assert_int_equal(g_rsp.creation_time, 0x01d62053b8b0acd5ull);
	assert_int_equal(g_rsp.change_time, 0x01d621224d19dd57ull);
	assert_int_equal(g_rsp.file_attributes, SMB2_FILE_ATTRIBUTE_DIRECTORY);
	assert_int_equal(g_rsp.file_id.persistent, 0x30000000bull);
	assert_int_equal(g_rsp.file_id.volatile_, 0x30000000dull);
	assert_int_equal(g_rsp.contexts.count, 3);
	const struct smb2_create_ctx *x = g_rsp.contexts.ctx;
	assert_int_equal(x[0].type, SMB2_CCTX_MXAC);
	assert_int_equal(x[0].u.mxac.query_status, STATUS_SUCCESS);
	assert_int_equal(x[0].u.mxac.maximal_access, 0x001f01ff);
	assert_int_equal(x[1].type, SMB2_CCTX_RQLS);
	assert_int_equal(x[1].u.lease.version, 2);
	assert_int_equal(x[1].u.lease.state, 3);
	assert_int_equal(x[1].u.lease.epoch, 1);
	assert_int_equal(x[2].type, SMB2_CCTX_QFID);
	assert_int_equal(x[2].u.qfid.disk_file_id, 0x00020000000148ecull);
	assert_int_equal(x[2].u.qfid.volume_id, 0xf2d11461);
	tu_truncations(smb2_create_rsp_decode_tu, m, len, len, sizeof(g_rsp));
	/* Re-encoded, the same bytes. */
	struct wr w;
	wr_init(&w, 0);
	assert_status(smb2_hdr_encode(&w, &(struct smb2_hdr){ 0 }), STATUS_SUCCESS);
	assert_status(smb2_create_rsp_encode(&w, &g_rsp), STATUS_SUCCESS);
	assert_int_equal(w.len, len);
	assert_memory_equal(w.buf + 64, m + 64, len - 64);
	wr_free(&w);
	free(m);

	m = tu_load_fixture("windows/create_rsp_mxac_rqls2_dh2q_win2019.bin", &len);
	assert_status(tu_decode_body(smb2_create_rsp_decode_tu, m, len, &g_rsp), STATUS_SUCCESS);
	assert_int_equal(g_rsp.allocation_size, 8);
	assert_int_equal(g_rsp.end_of_file, 4);
	assert_int_equal(g_rsp.file_attributes, SMB2_FILE_ATTRIBUTE_ARCHIVE);
	assert_int_equal(g_rsp.contexts.count, 3);
	assert_int_equal(g_rsp.contexts.ctx[1].u.lease.flags, SMB2_LEASE_FLAG_PARENT_LEASE_KEY_SET);
	assert_int_equal(g_rsp.contexts.ctx[2].type, SMB2_CCTX_DH2Q);
	assert_int_equal(g_rsp.contexts.ctx[2].u.dh2q.timeout, 180000);
	assert_int_equal(g_rsp.contexts.ctx[2].u.dh2q.flags, 0);
	tu_truncations(smb2_create_rsp_decode_tu, m, len, len, sizeof(g_rsp));
	free(m);

	/* CreateContextsLength 80 covers a 76-byte context plus padding. */
	m = tu_load_fixture("windows/create_rsp_rqls2_padded_win.bin", &len);
	assert_status(tu_decode_body(smb2_create_rsp_decode_tu, m, len, &g_rsp), STATUS_SUCCESS);
	assert_int_equal(g_rsp.contexts_raw.len, 80);
	assert_int_equal(g_rsp.contexts.count, 1);
	assert_int_equal(g_rsp.contexts.ctx[0].u.lease.epoch, 1);
	assert_int_equal(g_rsp.file_id.persistent, 0x1c0000010aull);
	free(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_create_req_roundtrip),
		cmocka_unit_test(test_create_req_empty),
		cmocka_unit_test(test_create_rsp_roundtrip),
		cmocka_unit_test(test_create_windows_req),
		cmocka_unit_test(test_create_windows_rsp),
	};
	return cmocka_run_group_tests_name("create", tests, NULL, NULL);
}
