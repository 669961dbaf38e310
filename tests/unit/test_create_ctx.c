/* Create context chain and the known contexts: round trips in both
 * directions, malformed chains, wrong DataLengths, the EA iterator. */
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "wire/create.h"
#include "wire/oplock_break.h"

static struct smb2_create_ctx_list g_out, g_pattern;

static NTSTATUS decode_list(const uint8_t *p, size_t n, bool rsp,
                            struct smb2_create_ctx_list *out)
{
	struct rd c;
	struct smb2_blob b = { p, (uint32_t)n };

	rd_init(&c, p, n);
	return smb2_create_ctx_list_decode(&c, b, rsp, out);
}

/* Decode a copy of exactly n bytes (so ASan sees reads past it); expect
 * failure and the output untouched. */
static void expect_bad_n(const uint8_t *p, size_t n, bool rsp, const char *what)
{
	uint8_t *copy = malloc(n ? n : 1);
	NTSTATUS st;

	assert_non_null(copy);
	memcpy(copy, p, n);
	memset(&g_out, 0xA5, sizeof(g_out));
	memset(&g_pattern, 0xA5, sizeof(g_pattern));
	st = decode_list(copy, n, rsp, &g_out);
	if (st != STATUS_INVALID_PARAMETER)
		fail_msg("%s (length %zu): got %s", what, n, nt_status_name(st));
	if (memcmp(&g_out, &g_pattern, sizeof(g_out)) != 0)
		fail_msg("%s: failed decode wrote its output", what);
	free(copy);
}

static void expect_bad(const uint8_t *p, size_t n, bool rsp, const char *what)
{
	expect_bad_n(p, n, rsp, what);
	/* Every truncation of a bad or good buffer fails too. */
	for (size_t k = 1; k < n; k++)
		expect_bad_n(p, k, rsp, "truncation");
}

static struct smb2_create_ctx raw_ctx(const void *name, size_t nlen, const void *data,
                                      size_t dlen)
{
	struct smb2_create_ctx x;

	memset(&x, 0, sizeof(x));
	x.type = SMB2_CCTX_UNKNOWN;
	x.name.p = name;
	x.name.len = (uint32_t)nlen;
	x.data.p = data;
	x.data.len = (uint32_t)dlen;
	return x;
}

static void encode(struct wr *w, const struct smb2_create_ctx *x, size_t n, bool rsp)
{
	wr_init(w, 0);
	assert_status(smb2_create_ctx_list_encode(w, x, n, rsp), STATUS_SUCCESS);
}

static const uint8_t guid_a[16] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16 };
static const uint8_t guid_b[16] = { 0xf0, 0xe1, 0xd2, 0xc3, 0xb4, 0xa5, 0x96, 0x87,
                                    0x78, 0x69, 0x5a, 0x4b, 0x3c, 0x2d, 0x1e, 0x0f };

static void test_request_contexts_roundtrip(void **state)
{
	(void)state;
	struct smb2_create_ctx in[16];
	struct smb2_ea eas[2] = {
		{ 0, { (const uint8_t *)"USER.A", 6 }, { (const uint8_t *)"xyz", 3 } },
		{ SMB2_FILE_NEED_EA, { (const uint8_t *)"B", 1 }, { NULL, 0 } },
	};
	static const uint8_t sd[20] = { 1, 0, 4, 0x80 };
	static const uint8_t unk_data[5] = { 9, 8, 7, 6, 5 };
	struct wr ea, w;
	size_t n = 0;

	wr_init(&ea, 0);
	assert_status(smb2_ea_list_encode(&ea, eas, 2), STATUS_SUCCESS);
	memset(in, 0, sizeof(in));
	in[n].type = SMB2_CCTX_EA_BUFFER;
	in[n].u.blob = (struct smb2_blob){ ea.buf, (uint32_t)ea.len };
	n++;
	in[n].type = SMB2_CCTX_SD_BUFFER;
	in[n].u.blob = (struct smb2_blob){ sd, sizeof(sd) };
	n++;
	in[n++].type = SMB2_CCTX_DHNQ;
	in[n].type = SMB2_CCTX_DHNC;
	in[n++].u.dhnc = (struct smb2_fileid){ 0x1111, 0x2222 };
	in[n].type = SMB2_CCTX_ALSI;
	in[n++].u.alloc_size = 1u << 20;
	in[n].type = SMB2_CCTX_MXAC;
	in[n].u.mxac.has_timestamp = true;
	in[n++].u.mxac.timestamp = 0x01d62053b8b0acd5ull;
	in[n++].type = SMB2_CCTX_MXAC; /* without a timestamp */
	in[n].type = SMB2_CCTX_TWRP;
	in[n++].u.twrp = 0x01d0000000000001ull;
	in[n++].type = SMB2_CCTX_QFID;
	in[n].type = SMB2_CCTX_RQLS;
	in[n].u.lease.version = 1;
	memcpy(in[n].u.lease.key, guid_a, 16);
	in[n++].u.lease.state = SMB2_LEASE_READ_CACHING | SMB2_LEASE_HANDLE_CACHING;
	in[n].type = SMB2_CCTX_RQLS;
	in[n].u.lease.version = 2;
	memcpy(in[n].u.lease.key, guid_b, 16);
	memcpy(in[n].u.lease.parent_key, guid_a, 16);
	in[n].u.lease.state = 7;
	in[n].u.lease.flags = SMB2_LEASE_FLAG_PARENT_LEASE_KEY_SET;
	in[n].u.lease.duration = 5;
	in[n++].u.lease.epoch = 3;
	in[n].type = SMB2_CCTX_DH2Q;
	in[n].u.dh2q.timeout = 60000;
	in[n].u.dh2q.flags = SMB2_DHANDLE_FLAG_PERSISTENT;
	memcpy(in[n++].u.dh2q.create_guid, guid_b, 16);
	in[n].type = SMB2_CCTX_DH2C;
	in[n].u.dh2c.file_id = (struct smb2_fileid){ 0x33, 0x44 };
	memcpy(in[n].u.dh2c.create_guid, guid_a, 16);
	in[n++].u.dh2c.flags = SMB2_DHANDLE_FLAG_PERSISTENT;
	in[n].type = SMB2_CCTX_APP_INSTANCE_ID;
	memcpy(in[n++].u.app_instance_id.id, guid_b, 16);
	in[n].type = SMB2_CCTX_APP_INSTANCE_VERSION;
	in[n].u.app_instance_version.high = 7;
	in[n++].u.app_instance_version.low = 9;
	in[n++] = raw_ctx("XyZw", 4, unk_data, sizeof(unk_data));
	assert_int_equal(n, 16);

	encode(&w, in, n, false);
	assert_status(decode_list(w.buf, w.len, false, &g_out), STATUS_SUCCESS);
	assert_int_equal(g_out.count, n);
	for (size_t i = 0; i < n; i++)
		assert_int_equal(g_out.ctx[i].type, in[i].type);
	struct smb2_create_ctx *o = g_out.ctx;
	assert_memory_equal(o[0].name.p, "ExtA", 4);
	assert_int_equal(o[0].u.blob.len, ea.len);
	assert_memory_equal(o[0].u.blob.p, ea.buf, ea.len);
	assert_memory_equal(o[1].u.blob.p, sd, sizeof(sd));
	assert_int_equal(o[2].data.len, 16);
	assert_int_equal(o[3].u.dhnc.persistent, 0x1111);
	assert_int_equal(o[3].u.dhnc.volatile_, 0x2222);
	assert_int_equal(o[4].u.alloc_size, 1u << 20);
	assert_true(o[5].u.mxac.has_timestamp);
	assert_int_equal(o[5].u.mxac.timestamp, 0x01d62053b8b0acd5ull);
	assert_false(o[6].u.mxac.has_timestamp);
	assert_int_equal(o[6].data.len, 0);
	assert_int_equal(o[7].u.twrp, 0x01d0000000000001ull);
	assert_int_equal(o[8].data.len, 0);
	assert_int_equal(o[9].u.lease.version, 1);
	assert_int_equal(o[9].data.len, SMB2_LEASE_V1_SIZE);
	assert_memory_equal(o[9].u.lease.key, guid_a, 16);
	assert_int_equal(o[9].u.lease.state, 3);
	assert_int_equal(o[10].u.lease.version, 2);
	assert_int_equal(o[10].data.len, SMB2_LEASE_V2_SIZE);
	assert_memory_equal(o[10].u.lease.parent_key, guid_a, 16);
	assert_int_equal(o[10].u.lease.flags, SMB2_LEASE_FLAG_PARENT_LEASE_KEY_SET);
	assert_int_equal(o[10].u.lease.duration, 5);
	assert_int_equal(o[10].u.lease.epoch, 3);
	assert_int_equal(o[11].u.dh2q.timeout, 60000);
	assert_int_equal(o[11].u.dh2q.flags, SMB2_DHANDLE_FLAG_PERSISTENT);
	assert_memory_equal(o[11].u.dh2q.create_guid, guid_b, 16);
	assert_int_equal(o[12].u.dh2c.file_id.persistent, 0x33);
	assert_memory_equal(o[12].u.dh2c.create_guid, guid_a, 16);
	assert_int_equal(o[12].u.dh2c.flags, SMB2_DHANDLE_FLAG_PERSISTENT);
	assert_int_equal(o[13].name.len, 16);
	assert_int_equal(o[13].u.app_instance_id.structure_size, 20);
	assert_memory_equal(o[13].u.app_instance_id.id, guid_b, 16);
	assert_int_equal(o[14].u.app_instance_version.structure_size, 24);
	assert_int_equal(o[14].u.app_instance_version.high, 7);
	assert_int_equal(o[14].u.app_instance_version.low, 9);
	assert_memory_equal(o[15].name.p, "XyZw", 4);
	assert_memory_equal(o[15].data.p, unk_data, sizeof(unk_data));
	assert_non_null(smb2_create_ctx_find(&g_out, SMB2_CCTX_DH2C));
	assert_ptr_equal(smb2_create_ctx_find(&g_out, SMB2_CCTX_MXAC), &g_out.ctx[5]);

	/* Re-encoding the decoded list gives the same bytes. */
	struct wr w2;
	encode(&w2, g_out.ctx, g_out.count, false);
	assert_int_equal(w2.len, w.len);
	assert_memory_equal(w2.buf, w.buf, w.len);
	wr_free(&w2);

	/* Every truncation fails and leaves the output alone. */
	for (size_t k = 1; k < w.len; k++)
		expect_bad_n(w.buf, k, false, "truncation");
	/* In the response direction the request-only names stay unknown and
	 * DHnQ (16 bytes in a request) has the wrong length. */
	assert_status(decode_list(w.buf, w.len, true, &g_out), STATUS_INVALID_PARAMETER);
	wr_free(&w);
	wr_free(&ea);
}

static void test_response_contexts_roundtrip(void **state)
{
	(void)state;
	struct smb2_create_ctx in[8];
	static const uint8_t alsi[8] = { 1 };
	size_t n = 0;
	struct wr w;

	memset(in, 0, sizeof(in));
	in[n++].type = SMB2_CCTX_DHNQ;
	in[n].type = SMB2_CCTX_MXAC;
	in[n].u.mxac.query_status = STATUS_SUCCESS;
	in[n++].u.mxac.maximal_access = 0x001f01ff;
	in[n].type = SMB2_CCTX_QFID;
	in[n].u.qfid.disk_file_id = 0x00020000000148ecull;
	in[n].u.qfid.volume_id = 0xf2d11461;
	in[n++].u.qfid.reserved[15] = 0x5a;
	in[n].type = SMB2_CCTX_RQLS;
	in[n].u.lease.version = 1;
	memcpy(in[n].u.lease.key, guid_a, 16);
	in[n++].u.lease.flags = SMB2_LEASE_FLAG_BREAK_IN_PROGRESS;
	in[n].type = SMB2_CCTX_RQLS;
	in[n].u.lease.version = 2;
	in[n++].u.lease.epoch = 0xfffe;
	in[n].type = SMB2_CCTX_DH2Q;
	in[n].u.dh2q.timeout = 180000;
	in[n++].u.dh2q.flags = SMB2_DHANDLE_FLAG_PERSISTENT;
	/* AlSi is a request context: in a response it is an unknown one. */
	in[n++] = raw_ctx("AlSi", 4, alsi, sizeof(alsi));

	encode(&w, in, n, true);
	assert_status(decode_list(w.buf, w.len, true, &g_out), STATUS_SUCCESS);
	assert_int_equal(g_out.count, n);
	struct smb2_create_ctx *o = g_out.ctx;
	assert_int_equal(o[0].type, SMB2_CCTX_DHNQ);
	assert_int_equal(o[0].data.len, SMB2_DHNQ_RSP_SIZE);
	assert_int_equal(o[1].u.mxac.maximal_access, 0x001f01ff);
	assert_int_equal(o[1].data.len, 8);
	assert_int_equal(o[2].u.qfid.disk_file_id, 0x00020000000148ecull);
	assert_int_equal(o[2].u.qfid.volume_id, 0xf2d11461);
	assert_int_equal(o[2].u.qfid.reserved[15], 0x5a);
	assert_int_equal(o[3].u.lease.version, 1);
	assert_int_equal(o[3].u.lease.flags, SMB2_LEASE_FLAG_BREAK_IN_PROGRESS);
	assert_int_equal(o[4].u.lease.version, 2);
	assert_int_equal(o[4].u.lease.epoch, 0xfffe);
	assert_int_equal(o[5].type, SMB2_CCTX_DH2Q);
	assert_int_equal(o[5].data.len, SMB2_DH2Q_RSP_SIZE);
	assert_int_equal(o[5].u.dh2q.timeout, 180000);
	assert_int_equal(o[5].u.dh2q.flags, SMB2_DHANDLE_FLAG_PERSISTENT);
	assert_int_equal(o[6].type, SMB2_CCTX_UNKNOWN);
	assert_memory_equal(o[6].data.p, alsi, 8);
	struct wr w2;
	encode(&w2, g_out.ctx, g_out.count, true);
	assert_int_equal(w2.len, w.len);
	assert_memory_equal(w2.buf, w.buf, w.len);
	wr_free(&w2);
	for (size_t k = 1; k < w.len; k++)
		expect_bad_n(w.buf, k, true, "truncation");
	wr_free(&w);
}

/* The GUID names, in the byte order MS-SMB2 2.2.13.2 gives them. */
static void test_app_instance_names(void **state)
{
	(void)state;
	static const uint8_t id[16] = { 0x45, 0xBC, 0xA6, 0x6A, 0xEF, 0xA7, 0xF7, 0x4A,
	                                0x90, 0x08, 0xFA, 0x46, 0x2E, 0x14, 0x4D, 0x74 };
	static const uint8_t ver[16] = { 0xB9, 0x82, 0xD0, 0xB7, 0x3B, 0x56, 0x07, 0x4F,
	                                 0xA0, 0x7B, 0x52, 0x4A, 0x81, 0x16, 0xA0, 0x10 };
	struct smb2_create_ctx x;
	struct wr w;

	assert_memory_equal(smb2_create_app_instance_id_name, id, 16);
	assert_memory_equal(smb2_create_app_instance_version_name, ver, 16);
	memset(&x, 0, sizeof(x));
	x.type = SMB2_CCTX_APP_INSTANCE_ID;
	encode(&w, &x, 1, false);
	/* Header 16, name 16 at offset 16, data 20 at offset 32. */
	assert_int_equal(w.len, 16 + 16 + 20);
	assert_int_equal(le16(w.buf + 4), 16);
	assert_int_equal(le16(w.buf + 6), 16);
	assert_int_equal(le16(w.buf + 10), 32);
	assert_int_equal(le32(w.buf + 12), 20);
	assert_memory_equal(w.buf + 16, id, 16);
	assert_int_equal(le16(w.buf + 32), 20);
	wr_free(&w);
	/* Unknown in responses. */
	x = raw_ctx(id, 16, "0123456789abcdefghij", 20);
	encode(&w, &x, 1, true);
	assert_status(decode_list(w.buf, w.len, true, &g_out), STATUS_SUCCESS);
	assert_int_equal(g_out.ctx[0].type, SMB2_CCTX_UNKNOWN);
	wr_free(&w);
}

/* A known name with a DataLength its structure does not have. */
static void check_bad_len(const char *name, size_t nlen, size_t dlen, bool rsp)
{
	static uint8_t data[64];
	struct smb2_create_ctx x = raw_ctx(name, nlen, data, dlen);
	struct wr w;

	encode(&w, &x, 1, rsp);
	expect_bad_n(w.buf, w.len, rsp, name);
	wr_free(&w);
}

static void test_wrong_data_length(void **state)
{
	(void)state;
	const char *id = (const char *)smb2_create_app_instance_id_name;
	const char *ver = (const char *)smb2_create_app_instance_version_name;

	/* Requests (MS-SMB2 2.2.13.2.x) */
	check_bad_len("ExtA", 4, 0, false);
	check_bad_len("SecD", 4, 0, false);
	check_bad_len("DHnQ", 4, 8, false);
	check_bad_len("DHnQ", 4, 17, false);
	check_bad_len("DHnC", 4, 15, false);
	check_bad_len("DHnC", 4, 32, false);
	check_bad_len("AlSi", 4, 4, false);
	check_bad_len("MxAc", 4, 4, false);
	check_bad_len("MxAc", 4, 16, false);
	check_bad_len("TWrp", 4, 0, false);
	check_bad_len("TWrp", 4, 9, false);
	check_bad_len("QFid", 4, 8, false);
	check_bad_len("RqLs", 4, 31, false);
	check_bad_len("RqLs", 4, 36, false);
	check_bad_len("RqLs", 4, 53, false);
	check_bad_len("DH2Q", 4, 8, false);
	check_bad_len("DH2Q", 4, 36, false);
	check_bad_len("DH2C", 4, 32, false);
	check_bad_len("DH2C", 4, 40, false);
	check_bad_len(id, 16, 16, false);
	check_bad_len(id, 16, 24, false);
	check_bad_len(ver, 16, 20, false);
	check_bad_len(ver, 16, 32, false);
	/* Responses (2.2.14.2.x) */
	check_bad_len("DHnQ", 4, 16, true);
	check_bad_len("MxAc", 4, 0, true);
	check_bad_len("MxAc", 4, 4, true);
	check_bad_len("QFid", 4, 0, true);
	check_bad_len("QFid", 4, 16, true);
	check_bad_len("RqLs", 4, 40, true);
	check_bad_len("DH2Q", 4, 32, true);
	check_bad_len("DH2Q", 4, 4, true);
}

/* Two unknown contexts with data: a base for patching. */
static void two_contexts(struct wr *w)
{
	static const uint8_t d1[12] = { 0xd1 }, d2[3] = { 0xd2 };
	struct smb2_create_ctx x[2] = {
		raw_ctx("Abcd", 4, d1, sizeof(d1)),
		raw_ctx("Efgh12", 6, d2, sizeof(d2)),
	};

	encode(w, x, 2, false);
	/* 16 header + 4 name + 4 pad + 12 data = 36, padded to 40 */
	assert_int_equal(le32(w->buf), 40);
	assert_int_equal(w->len, 40 + 16 + 6 + 2 + 3);
	assert_status(decode_list(w->buf, w->len, false, &g_out), STATUS_SUCCESS);
	assert_int_equal(g_out.count, 2);
	assert_int_equal(g_out.ctx[1].name.len, 6);
	assert_int_equal(g_out.ctx[1].data.len, 3);
}

static void patched(const struct wr *w, size_t at, int width, uint32_t v, const char *what)
{
	uint8_t *m = malloc(w->len);

	assert_non_null(m);
	memcpy(m, w->buf, w->len);
	if (width == 2)
		put_le16(m + at, (uint16_t)v);
	else
		put_le32(m + at, v);
	expect_bad(m, w->len, false, what);
	free(m);
}

static void test_malformed_chain(void **state)
{
	(void)state;
	struct wr w;

	two_contexts(&w);
	/* Next: wrapping, to itself+8 (inside the header), misaligned, past
	 * the buffer, and short of this context's data. */
	patched(&w, 0, 4, 0xFFFFFFF8u, "Next wraps");
	patched(&w, 0, 4, 8, "Next inside header");
	patched(&w, 0, 4, 44, "Next misaligned");
	patched(&w, 0, 4, 4, "Next misaligned and backwards");
	patched(&w, 0, 4, 48, "Next lands mid-context");
	patched(&w, 0, 4, 0x10000, "Next past buffer");
	patched(&w, 0, 4, 32, "Next inside data");
	/* NameOffset inside the header, past the context; NameLength 0 and
	 * past the context. */
	patched(&w, 4, 2, 8, "NameOffset in header");
	patched(&w, 4, 2, 0xFFFF, "NameOffset past end");
	patched(&w, 6, 2, 0, "NameLength 0");
	patched(&w, 6, 2, 40, "NameLength past context");
	/* DataOffset misaligned, inside the header, over the name, past the
	 * context; DataLength past the context and huge. */
	patched(&w, 10, 2, 20, "DataOffset misaligned");
	patched(&w, 10, 2, 8, "DataOffset in header");
	patched(&w, 10, 2, 16, "DataOffset over name");
	patched(&w, 10, 2, 40, "DataOffset past context");
	patched(&w, 12, 4, 17, "DataLength past context");
	patched(&w, 12, 4, 0xFFFFFFFFu, "DataLength huge");
	/* The same on the last context (its extent is the buffer end). */
	patched(&w, 40 + 12, 4, 4, "last DataLength past end");
	patched(&w, 40 + 6, 2, 9, "last NameLength over data");
	patched(&w, 40 + 4, 2, 0x8000, "last NameOffset past end");
	wr_free(&w);
}

static void test_context_count_limit(void **state)
{
	(void)state;
	static struct smb2_create_ctx x[SMB2_MAX_CREATE_CONTEXTS + 1];
	struct wr w;

	for (size_t i = 0; i <= SMB2_MAX_CREATE_CONTEXTS; i++)
		x[i] = raw_ctx("Nnnn", 4, "d", 1);
	encode(&w, x, SMB2_MAX_CREATE_CONTEXTS, false);
	assert_status(decode_list(w.buf, w.len, false, &g_out), STATUS_SUCCESS);
	assert_int_equal(g_out.count, SMB2_MAX_CREATE_CONTEXTS);
	/* One more: the last context (25 bytes: header, name, pad, data)
	 * points at a copy of itself. */
	size_t last = w.len - 25, n = w.len + 32;
	uint8_t *m = calloc(1, n);
	assert_non_null(m);
	memcpy(m, w.buf, w.len);
	put_le32(m + last, 32);
	memcpy(m + last + 32, w.buf + last, 25);
	expect_bad_n(m, n, false, "33 contexts");
	put_le32(m + last, 0);
	assert_status(decode_list(m, w.len, false, &g_out), STATUS_SUCCESS);
	free(m);
	wr_free(&w);
	/* The encoder refuses as many. */
	wr_init(&w, 0);
	assert_status(smb2_create_ctx_list_encode(&w, x, SMB2_MAX_CREATE_CONTEXTS + 1, false),
	              STATUS_INVALID_PARAMETER);
	wr_free(&w);
}

static void test_ea_iterator(void **state)
{
	(void)state;
	/* Two entries: "A" = "xy" (8 + 2 + 2 = 12 bytes), then "BC" flagged
	 * with an empty value (11 bytes). */
	static const uint8_t good[] = {
		12, 0, 0, 0, 0x00, 1, 2, 0, 'A', 0, 'x', 'y',
		0, 0, 0, 0, 0x80, 2, 0, 0, 'B', 'C', 0,
	};
	struct smb2_ea_iter it;
	struct smb2_ea ea;
	struct wr w;

	smb2_ea_iter_init(&it, (struct smb2_blob){ good, sizeof(good) });
	assert_status(smb2_ea_iter_next(&it, &ea), STATUS_SUCCESS);
	assert_int_equal(ea.flags, 0);
	assert_int_equal(ea.name.len, 1);
	assert_memory_equal(ea.name.p, "A", 1);
	assert_int_equal(ea.value.len, 2);
	assert_memory_equal(ea.value.p, "xy", 2);
	assert_status(smb2_ea_iter_next(&it, &ea), STATUS_SUCCESS);
	assert_int_equal(ea.flags, SMB2_FILE_NEED_EA);
	assert_memory_equal(ea.name.p, "BC", 2);
	assert_int_equal(ea.value.len, 0);
	assert_status(smb2_ea_iter_next(&it, &ea), STATUS_NO_MORE_EAS);

	/* The encoder writes the same bytes. */
	struct smb2_ea in[2] = {
		{ 0, { (const uint8_t *)"A", 1 }, { (const uint8_t *)"xy", 2 } },
		{ 0x80, { (const uint8_t *)"BC", 2 }, { NULL, 0 } },
	};
	wr_init(&w, 0);
	assert_status(smb2_ea_list_encode(&w, in, 2), STATUS_SUCCESS);
	assert_int_equal(w.len, sizeof(good));
	assert_memory_equal(w.buf, good, sizeof(good));
	wr_free(&w);

	/* Malformed twins: each fails, then keeps failing. */
	struct { size_t at; uint8_t v; const char *what; } bad[] = {
		{ 0, 13, "NextEntryOffset misaligned" },
		{ 0, 8, "NextEntryOffset short of the entry" },
		{ 0, 200, "NextEntryOffset past the buffer" },
		{ 5, 0, "EaNameLength 0" },
		{ 5, 3, "name without its NUL" },
		{ 6, 3, "value past the entry" },
		{ 9, 'z', "missing NUL" },
		{ 19, 9, "last value past the end" },
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		uint8_t m[sizeof(good)];
		memcpy(m, good, sizeof(good));
		m[bad[i].at] = bad[i].v;
		smb2_ea_iter_init(&it, (struct smb2_blob){ m, sizeof(m) });
		NTSTATUS st = smb2_ea_iter_next(&it, &ea);
		if (st == STATUS_SUCCESS)
			st = smb2_ea_iter_next(&it, &ea);
		if (st != STATUS_EA_LIST_INCONSISTENT)
			fail_msg("%s: %s", bad[i].what, nt_status_name(st));
		assert_status(smb2_ea_iter_next(&it, &ea), STATUS_EA_LIST_INCONSISTENT);
	}
	/* Every truncation fails at some entry. */
	for (size_t k = 1; k < sizeof(good); k++) {
		uint8_t *m = malloc(k);
		NTSTATUS st;
		assert_non_null(m);
		memcpy(m, good, k);
		smb2_ea_iter_init(&it, (struct smb2_blob){ m, (uint32_t)k });
		do
			st = smb2_ea_iter_next(&it, &ea);
		while (st == STATUS_SUCCESS);
		assert_status(st, STATUS_EA_LIST_INCONSISTENT);
		free(m);
	}
	/* An empty list has no entries. */
	smb2_ea_iter_init(&it, (struct smb2_blob){ good, 0 });
	assert_status(smb2_ea_iter_next(&it, &ea), STATUS_NO_MORE_EAS);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_request_contexts_roundtrip),
		cmocka_unit_test(test_response_contexts_roundtrip),
		cmocka_unit_test(test_app_instance_names),
		cmocka_unit_test(test_wrong_data_length),
		cmocka_unit_test(test_malformed_chain),
		cmocka_unit_test(test_context_count_limit),
		cmocka_unit_test(test_ea_iterator),
	};
	return cmocka_run_group_tests_name("create_ctx", tests, NULL, NULL);
}
