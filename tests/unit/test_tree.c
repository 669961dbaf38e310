/* TREE_CONNECT (with the 3.1.1 extension), TREE_DISCONNECT and LOGOFF. */
#include <stdlib.h>

#include "testutil.h"
#include "wire/logoff.h"
#include "wire/tree_connect.h"
#include "wire/tree_disconnect.h"

TU_DECODER(smb2_tree_connect_req_decode, struct smb2_tree_connect_req)
TU_ENCODER(smb2_tree_connect_req_encode, struct smb2_tree_connect_req)
TU_DECODER(smb2_tree_connect_rsp_decode, struct smb2_tree_connect_rsp)
TU_ENCODER(smb2_tree_connect_rsp_encode, struct smb2_tree_connect_rsp)
TU_DECODER(smb2_tree_disconnect_req_decode, struct smb2_tree_disconnect_req)
TU_ENCODER(smb2_tree_disconnect_req_encode, struct smb2_tree_disconnect_req)
TU_DECODER(smb2_tree_disconnect_rsp_decode, struct smb2_tree_disconnect_rsp)
TU_ENCODER(smb2_tree_disconnect_rsp_encode, struct smb2_tree_disconnect_rsp)
TU_DECODER(smb2_logoff_req_decode, struct smb2_logoff_req)
TU_ENCODER(smb2_logoff_req_encode, struct smb2_logoff_req)
TU_DECODER(smb2_logoff_rsp_decode, struct smb2_logoff_rsp)
TU_ENCODER(smb2_logoff_rsp_encode, struct smb2_logoff_rsp)

#define BODY SMB2_HDR_SIZE
#define TREQ_SZ sizeof(struct smb2_tree_connect_req)

static void fail16(tu_decode_fn dec, const uint8_t *m, size_t len, size_t at, uint16_t v,
                   size_t sz)
{
	tu_expect_fail_patched16(dec, m, len, at, v, STATUS_INVALID_PARAMETER, sz);
}

/* UTF-16LE of an ASCII string, into buf; returns the byte length. */
static uint32_t u16(const char *s, uint8_t *buf)
{
	uint32_t n = 0;

	for (; *s; s++) {
		buf[n++] = (uint8_t)*s;
		buf[n++] = 0;
	}
	return n;
}

/* Windows 10 connecting to \\192.168.199.133\IPC$. */
static void test_req_win10(void **state)
{
	(void)state;
	size_t len;
	uint8_t *m = tu_load_fixture("windows/tree_connect_req_win10.bin", &len);
	struct smb2_tree_connect_req *r = malloc(TREQ_SZ);
	uint8_t want[64];
	uint32_t n = u16("\\\\192.168.199.133\\IPC$", want);

	assert_non_null(r);
	assert_int_equal(len, 116);
	tu_decode_reencode(m, len, smb2_tree_connect_req_decode_tu, smb2_tree_connect_req_encode_tu,
	                r);
	assert_int_equal(r->flags, 0);
	assert_int_equal(r->path.len, n);
	assert_memory_equal(r->path.p, want, n);
	assert_ptr_equal(r->path.p, m + 0x48);
	assert_int_equal(r->ctx_count, 0);
	tu_truncations(smb2_tree_connect_req_decode_tu, m, len, len, TREQ_SZ);
	fail16(smb2_tree_connect_req_decode_tu, m, len, BODY, 8, TREQ_SZ);
	/* PathOffset inside the fixed part, past the end; PathLength past the
	 * end. */
	fail16(smb2_tree_connect_req_decode_tu, m, len, BODY + 4, 0x46, TREQ_SZ);
	fail16(smb2_tree_connect_req_decode_tu, m, len, BODY + 4, 0x4a, TREQ_SZ);
	fail16(smb2_tree_connect_req_decode_tu, m, len, BODY + 6, 0x2e, TREQ_SZ);
	/* EXTENSION_PRESENT on this message: the path would overlap the
	 * 16-byte extension header. */
	fail16(smb2_tree_connect_req_decode_tu, m, len, BODY + 2,
	       SMB2_TREE_CONNECT_FLAG_EXTENSION_PRESENT, TREQ_SZ);
	free(r);
	free(m);
}

static void test_req_extension(void **state)
{
	(void)state;
	static const uint8_t id1[6] = { 1, 0, 2, 0, 3, 0 };
	uint8_t path[64];
	struct smb2_tree_connect_req *in = calloc(1, TREQ_SZ), *out = malloc(TREQ_SZ);
	struct wr w;
	uint32_t ctx_off;

	assert_non_null(in);
	assert_non_null(out);
	in->flags = SMB2_TREE_CONNECT_FLAG_EXTENSION_PRESENT |
	            SMB2_TREE_CONNECT_FLAG_REDIRECT_TO_OWNER;
	in->path.p = path;
	in->path.len = u16("\\\\srv\\share", path);
	in->ctx_count = 2;
	in->ctx[0].type = SMB2_REMOTED_IDENTITY_TREE_CONNECT_CONTEXT_ID;
	in->ctx[0].data.p = id1;
	in->ctx[0].data.len = sizeof(id1);
	in->ctx[1].type = 0x0007;
	in->ctx[1].data.p = id1;
	in->ctx[1].data.len = 0;
	wr_init(&w, 0);
	tu_encode_msg(&w, SMB2_TREE_CONNECT, 0, smb2_tree_connect_req_encode_tu, in);
	/* Layout: fixed part to 72, extension to 88, path, then contexts. */
	assert_int_equal(le16(w.buf + BODY + 4), 88);
	assert_int_equal(le16(w.buf + BODY + 6), in->path.len);
	ctx_off = le32(w.buf + 72);
	assert_int_equal(ctx_off, 88 + in->path.len);
	assert_int_equal(le16(w.buf + 76), 2);
	assert_int_equal(w.len, ctx_off + 8 + 6 + 8);
	assert_status(tu_decode_body(smb2_tree_connect_req_decode_tu, w.buf, w.len, out),
	              STATUS_SUCCESS);
	assert_int_equal(out->flags, in->flags);
	assert_int_equal(out->path.len, in->path.len);
	assert_memory_equal(out->path.p, path, in->path.len);
	assert_int_equal(out->ctx_count, 2);
	assert_int_equal(out->ctx[0].type, SMB2_REMOTED_IDENTITY_TREE_CONNECT_CONTEXT_ID);
	assert_int_equal(out->ctx[0].data.len, 6);
	assert_memory_equal(out->ctx[0].data.p, id1, 6);
	assert_int_equal(out->ctx[1].type, 7);
	assert_int_equal(out->ctx[1].data.len, 0);
	tu_truncations(smb2_tree_connect_req_decode_tu, w.buf, w.len, w.len, TREQ_SZ);
	/* PathOffset into the extension header. */
	fail16(smb2_tree_connect_req_decode_tu, w.buf, w.len, BODY + 4, 72, TREQ_SZ);
	fail16(smb2_tree_connect_req_decode_tu, w.buf, w.len, BODY + 4, 80, TREQ_SZ);
	/* TreeConnectContextOffset over the path, into the extension, past
	 * the end (32-bit). */
	tu_expect_fail_patched32(smb2_tree_connect_req_decode_tu, w.buf, w.len, 72, ctx_off - 2,
	                         STATUS_INVALID_PARAMETER, TREQ_SZ);
	tu_expect_fail_patched32(smb2_tree_connect_req_decode_tu, w.buf, w.len, 72, 72,
	                         STATUS_INVALID_PARAMETER, TREQ_SZ);
	tu_expect_fail_patched32(smb2_tree_connect_req_decode_tu, w.buf, w.len, 72, 0xFFFFFFF0u,
	                         STATUS_INVALID_PARAMETER, TREQ_SZ);
	/* TreeConnectContextCount: one too many, over the limit. */
	fail16(smb2_tree_connect_req_decode_tu, w.buf, w.len, 76, 3, TREQ_SZ);
	fail16(smb2_tree_connect_req_decode_tu, w.buf, w.len, 76,
	       SMB2_MAX_TREE_CONNECT_CONTEXTS + 1, TREQ_SZ);
	/* A context DataLength past the end. */
	fail16(smb2_tree_connect_req_decode_tu, w.buf, w.len, ctx_off + 2, 0x100, TREQ_SZ);
	wr_free(&w);

	/* Extension without contexts and without a path: only the 16-byte
	 * extension after the fixed part. */
	in->ctx_count = 0;
	in->path.len = 0;
	wr_init(&w, 0);
	tu_encode_msg(&w, SMB2_TREE_CONNECT, 0, smb2_tree_connect_req_encode_tu, in);
	assert_int_equal(w.len, 88);
	assert_status(tu_decode_body(smb2_tree_connect_req_decode_tu, w.buf, w.len, out),
	              STATUS_SUCCESS);
	assert_int_equal(out->ctx_count, 0);
	assert_int_equal(out->path.len, 0);
	tu_truncations(smb2_tree_connect_req_decode_tu, w.buf, w.len, w.len, TREQ_SZ);
	wr_free(&w);

	/* Encoder refusals. */
	wr_init(&w, 0);
	in->ctx_count = SMB2_MAX_TREE_CONNECT_CONTEXTS + 1;
	assert_status(smb2_tree_connect_req_encode(&w, in), STATUS_INVALID_PARAMETER);
	in->ctx_count = 1;
	in->ctx[0].data.len = 70000;
	assert_status(smb2_tree_connect_req_encode(&w, in), STATUS_INVALID_PARAMETER);
	assert_int_equal(w.len, 0);
	wr_free(&w);
	free(out);
	free(in);
}

static void test_req_plain_roundtrip(void **state)
{
	(void)state;
	uint8_t path[64];
	struct smb2_tree_connect_req *in = calloc(1, TREQ_SZ), *out = malloc(TREQ_SZ);
	struct wr w;

	assert_non_null(in);
	assert_non_null(out);
	in->flags = SMB2_TREE_CONNECT_FLAG_CLUSTER_RECONNECT;
	in->path.p = path;
	in->path.len = u16("\\\\h\\s", path);
	/* Contexts without EXTENSION_PRESENT are not written. */
	in->ctx_count = 1;
	wr_init(&w, 0);
	tu_encode_msg(&w, SMB2_TREE_CONNECT, 0, smb2_tree_connect_req_encode_tu, in);
	assert_int_equal(w.len, 72 + in->path.len);
	assert_status(tu_decode_body(smb2_tree_connect_req_decode_tu, w.buf, w.len, out),
	              STATUS_SUCCESS);
	assert_int_equal(out->flags, SMB2_TREE_CONNECT_FLAG_CLUSTER_RECONNECT);
	assert_memory_equal(out->path.p, path, in->path.len);
	assert_int_equal(out->ctx_count, 0);
	tu_truncations(smb2_tree_connect_req_decode_tu, w.buf, w.len, w.len, TREQ_SZ);
	wr_free(&w);
	/* Empty path: one byte for the odd StructureSize. */
	in->path.len = 0;
	wr_init(&w, 0);
	tu_encode_msg(&w, SMB2_TREE_CONNECT, 0, smb2_tree_connect_req_encode_tu, in);
	assert_int_equal(w.len, 73);
	assert_status(tu_decode_body(smb2_tree_connect_req_decode_tu, w.buf, w.len, out),
	              STATUS_SUCCESS);
	assert_int_equal(out->path.len, 0);
	wr_free(&w);
	free(out);
	free(in);
}

static void test_rsp(void **state)
{
	(void)state;
	size_t len;
	uint8_t *m = tu_load_fixture("windows/tree_connect_rsp_win10.bin", &len);
	struct smb2_tree_connect_rsp r, in = {
		.share_type = SMB2_SHARE_TYPE_DISK,
		.share_flags = SMB2_SHAREFLAG_ENCRYPT_DATA | SMB2_SHAREFLAG_AUTO_CACHING |
		               SMB2_SHAREFLAG_DFS,
		.capabilities = SMB2_SHARE_CAP_CONTINUOUS_AVAILABILITY | SMB2_SHARE_CAP_CLUSTER,
		.maximal_access = 0x001f01ff,
	};
	struct wr w;

	/* Windows 10: IPC$ is a pipe share, no caching, generic access. */
	assert_int_equal(len, 80);
	tu_decode_reencode(m, len, smb2_tree_connect_rsp_decode_tu, smb2_tree_connect_rsp_encode_tu,
	                &r);
	assert_int_equal(r.share_type, SMB2_SHARE_TYPE_PIPE);
	assert_int_equal(r.share_flags, SMB2_SHAREFLAG_NO_CACHING);
	assert_int_equal(r.capabilities, 0);
	assert_int_equal(r.maximal_access, 0x011f01ff);
	tu_truncations(smb2_tree_connect_rsp_decode_tu, m, len, len, sizeof(r));
	fail16(smb2_tree_connect_rsp_decode_tu, m, len, BODY, 17, sizeof(r));
	free(m);

	wr_init(&w, 0);
	tu_encode_msg(&w, SMB2_TREE_CONNECT, 1, smb2_tree_connect_rsp_encode_tu, &in);
	assert_int_equal(w.len, BODY + 16);
	assert_status(tu_decode_body(smb2_tree_connect_rsp_decode_tu, w.buf, w.len, &r),
	              STATUS_SUCCESS);
	assert_int_equal(r.share_type, SMB2_SHARE_TYPE_DISK);
	assert_int_equal(r.share_flags, in.share_flags);
	assert_int_equal(r.share_flags & SMB2_SHAREFLAG_CACHING_MASK, SMB2_SHAREFLAG_AUTO_CACHING);
	assert_int_equal(r.capabilities, in.capabilities);
	assert_int_equal(r.maximal_access, in.maximal_access);
	tu_truncations(smb2_tree_connect_rsp_decode_tu, w.buf, w.len, w.len, sizeof(r));
	wr_free(&w);
}

/* TREE_DISCONNECT and LOGOFF share a 4-byte body. */
static void check_small(uint16_t cmd, int response, tu_encode_fn enc, tu_decode_fn dec)
{
	/* The four bodies are one uint16_t each: a union of them lets one
	 * check serve all (common initial sequence). */
	union small {
		struct smb2_logoff_req a;
		struct smb2_logoff_rsp b;
		struct smb2_tree_disconnect_req c;
		struct smb2_tree_disconnect_rsp d;
	} in = { .a = { 0x1234 } }, out = { .a = { 0 } };
	struct wr w;

	wr_init(&w, 0);
	tu_encode_msg(&w, cmd, response, enc, &in);
	assert_int_equal(w.len, BODY + 4);
	assert_int_equal(le16(w.buf + BODY), 4);
	assert_status(tu_decode_body(dec, w.buf, w.len, &out), STATUS_SUCCESS);
	assert_int_equal(out.a.reserved, 0x1234);
	tu_truncations(dec, w.buf, w.len, w.len, sizeof(out));
	tu_expect_fail_patched16(dec, w.buf, w.len, BODY, 5, STATUS_INVALID_PARAMETER,
	                         sizeof(out));
	tu_expect_fail_patched16(dec, w.buf, w.len, BODY, 0, STATUS_INVALID_PARAMETER,
	                         sizeof(out));
	wr_free(&w);
}

static void test_disconnect_logoff(void **state)
{
	(void)state;
	check_small(SMB2_TREE_DISCONNECT, 0, smb2_tree_disconnect_req_encode_tu,
	            smb2_tree_disconnect_req_decode_tu);
	check_small(SMB2_TREE_DISCONNECT, 1, smb2_tree_disconnect_rsp_encode_tu,
	            smb2_tree_disconnect_rsp_decode_tu);
	check_small(SMB2_LOGOFF, 0, smb2_logoff_req_encode_tu, smb2_logoff_req_decode_tu);
	check_small(SMB2_LOGOFF, 1, smb2_logoff_rsp_encode_tu, smb2_logoff_rsp_decode_tu);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_req_win10),
		cmocka_unit_test(test_req_extension),
		cmocka_unit_test(test_req_plain_roundtrip),
		cmocka_unit_test(test_rsp),
		cmocka_unit_test(test_disconnect_logoff),
	};
	return cmocka_run_group_tests_name("tree", tests, NULL, NULL);
}
