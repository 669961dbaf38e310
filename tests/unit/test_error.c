/* ERROR response, 3.1.1 error contexts, symlink and share-redirect data. */
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "wire/error.h"

TU_DECODER(smb2_error_rsp_decode, struct smb2_error_rsp)
TU_ENCODER(smb2_error_rsp_encode, struct smb2_error_rsp)

static void test_empty(void **state)
{
	(void)state;
	struct smb2_error_rsp in = { 0 }, out;
	struct smb2_blob b;
	struct wr w;

	wr_init(&w, 0);
	tu_encode_msg(&w, SMB2_CREATE, 1, smb2_error_rsp_encode_tu, &in);
	/* MS-SMB2 2.2.2: ByteCount 0 still carries one zero byte. */
	assert_int_equal(w.len, SMB2_HDR_SIZE + 9);
	assert_int_equal(w.buf[72], 0);
	assert_int_equal(le32(w.buf + 68), 0);
	assert_status(tu_decode_body(smb2_error_rsp_decode_tu, w.buf, w.len, &out),
	              STATUS_SUCCESS);
	assert_int_equal(out.context_count, 0);
	assert_int_equal(out.data.len, 0);
	assert_false(smb2_error_rsp_find(&out, SMB2_ERROR_ID_DEFAULT, &b));
	/* A peer that leaves the pad byte out is still understood. */
	assert_status(tu_decode_body(smb2_error_rsp_decode_tu, w.buf, w.len - 1, &out),
	              STATUS_SUCCESS);
	tu_truncations(smb2_error_rsp_decode_tu, w.buf, w.len, w.len - 1, sizeof(out));
	/* Wrong StructureSize (8, 10: not the 9 of 2.2.2). */
	tu_expect_fail_patched16(smb2_error_rsp_decode_tu, w.buf, w.len, 64, 8,
	                         STATUS_INVALID_PARAMETER, sizeof(out));
	tu_expect_fail_patched16(smb2_error_rsp_decode_tu, w.buf, w.len, 64, 10,
	                         STATUS_INVALID_PARAMETER, sizeof(out));
	/* ByteCount past the end: by one, and 32-bit large. */
	tu_expect_fail_patched32(smb2_error_rsp_decode_tu, w.buf, w.len, 68, 2,
	                         STATUS_INVALID_PARAMETER, sizeof(out));
	tu_expect_fail_patched32(smb2_error_rsp_decode_tu, w.buf, w.len, 68, 0xFFFFFFFFu,
	                         STATUS_INVALID_PARAMETER, sizeof(out));
	/* A context count with no data for it. */
	tu_expect_fail_patched16(smb2_error_rsp_decode_tu, w.buf, w.len, 66, 1,
	                         STATUS_INVALID_PARAMETER, sizeof(out));
	wr_free(&w);
}

/* Real error responses captured from Samba: NO_MORE_FILES, NOT_FOUND,
 * INVALID_DEVICE_REQUEST, and an interim STATUS_PENDING (async). */
static void test_samba_errors(void **state)
{
	(void)state;
	const struct { const char *file; NTSTATUS st; } cases[] = {
		{ "samba/SMB3_11/020-s2c-QUERY_DIRECTORY.bin", STATUS_NO_MORE_FILES },
		{ "samba/SMB3_11/010-s2c-IOCTL.bin", STATUS_NOT_FOUND },
		{ "samba/SMB3_11/074-s2c-IOCTL.bin", STATUS_INVALID_DEVICE_REQUEST },
		{ "samba/SMB2_02/128-s2c-IOCTL.bin", STATUS_PENDING },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		size_t len;
		uint8_t *m = tu_load_fixture(cases[i].file, &len);
		struct smb2_error_rsp e;
		struct smb2_hdr h;
		struct rd c;

		rd_init(&c, m, len);
		assert_status(smb2_hdr_decode(&c, &h), STATUS_SUCCESS);
		assert_int_equal(h.status, cases[i].st);
		assert_status(smb2_error_rsp_decode(&c, &e), STATUS_SUCCESS);
		assert_int_equal(e.context_count, 0);
		assert_int_equal(e.data.len, 0);
		/* Re-encoding gives the same body, but for the pad byte,
		 * whose value the client ignores (Samba sends 0x21). */
		struct wr w;
		wr_init(&w, 0);
		assert_status(smb2_hdr_encode(&w, &h), STATUS_SUCCESS);
		assert_status(smb2_error_rsp_encode(&w, &e), STATUS_SUCCESS);
		assert_int_equal(w.len, len);
		assert_memory_equal(w.buf + 64, m + 64, 8);
		wr_free(&w);
		tu_truncations(smb2_error_rsp_decode_tu, m, len, len - 1, sizeof(e));
		free(m);
	}
}

static void test_buffer_too_small(void **state)
{
	(void)state;
	uint8_t need[4];
	struct smb2_error_rsp in = { .data = { need, 4 } }, out;
	struct smb2_blob b;
	uint32_t n;
	struct wr w;

	put_le32(need, 4096);
	wr_init(&w, 0);
	tu_encode_msg(&w, SMB2_QUERY_INFO, 1, smb2_error_rsp_encode_tu, &in);
	assert_int_equal(w.len, 64 + 8 + 4);
	assert_status(tu_decode_body(smb2_error_rsp_decode_tu, w.buf, w.len, &out),
	              STATUS_SUCCESS);
	assert_true(smb2_error_rsp_find(&out, SMB2_ERROR_ID_DEFAULT, &b));
	assert_status(smb2_error_buffer_too_small(&b, &n), STATUS_SUCCESS);
	assert_int_equal(n, 4096);
	b.len = 3;
	assert_status(smb2_error_buffer_too_small(&b, &n), STATUS_INVALID_PARAMETER);
	tu_truncations(smb2_error_rsp_decode_tu, w.buf, w.len, w.len, sizeof(out));
	wr_free(&w);
}

static void test_contexts(void **state)
{
	(void)state;
	const uint8_t d1[5] = { 1, 2, 3, 4, 5 }, d2[3] = { 9, 8, 7 };
	struct smb2_error_rsp in = {
		.context_count = 2,
		.contexts = {
			{ SMB2_ERROR_ID_DEFAULT, { d1, 5 } },
			{ SMB2_ERROR_ID_SHARE_REDIRECT, { d2, 3 } },
		},
	}, out;
	struct smb2_blob b;
	struct wr w;

	wr_init(&w, 0);
	tu_encode_msg(&w, SMB2_TREE_CONNECT, 1, smb2_error_rsp_encode_tu, &in);
	/* 8+5, pad 3, 8+3: ByteCount 27, the last context not padded. */
	assert_int_equal(le32(w.buf + 68), 27);
	assert_int_equal(w.len, 72 + 27);
	assert_int_equal(le32(w.buf + 72 + 16), 3);
	assert_status(tu_decode_body(smb2_error_rsp_decode_tu, w.buf, w.len, &out),
	              STATUS_SUCCESS);
	assert_int_equal(out.context_count, 2);
	assert_int_equal(out.contexts[0].id, SMB2_ERROR_ID_DEFAULT);
	assert_int_equal(out.contexts[0].data.len, 5);
	assert_memory_equal(out.contexts[0].data.p, d1, 5);
	assert_int_equal(out.contexts[1].id, SMB2_ERROR_ID_SHARE_REDIRECT);
	assert_memory_equal(out.contexts[1].data.p, d2, 3);
	assert_true(smb2_error_rsp_find(&out, SMB2_ERROR_ID_SHARE_REDIRECT, &b));
	assert_int_equal(b.len, 3);
	assert_false(smb2_error_rsp_find(&out, 0x1234, &b));

	tu_truncations(smb2_error_rsp_decode_tu, w.buf, w.len, w.len, sizeof(out));
	/* Context data past ByteCount (ErrorDataLength one too many, huge). */
	tu_expect_fail_patched32(smb2_error_rsp_decode_tu, w.buf, w.len, 72 + 16, 4,
	                         STATUS_INVALID_PARAMETER, sizeof(out));
	tu_expect_fail_patched32(smb2_error_rsp_decode_tu, w.buf, w.len, 72, 0xFFFFFFF0u,
	                         STATUS_INVALID_PARAMETER, sizeof(out));
	/* ByteCount shorter than the contexts, though the bytes are there. */
	tu_expect_fail_patched32(smb2_error_rsp_decode_tu, w.buf, w.len, 68, 26,
	                         STATUS_INVALID_PARAMETER, sizeof(out));
	/* The first context longer, so the second's start moves past the
	 * data (its data then ends at 17, which aligns up to 24). */
	tu_expect_fail_patched32(smb2_error_rsp_decode_tu, w.buf, w.len, 72, 9,
	                         STATUS_INVALID_PARAMETER, sizeof(out));
	/* More contexts than present, than the limit. */
	uint8_t *m = malloc(w.len);
	assert_non_null(m);
	memcpy(m, w.buf, w.len);
	m[66] = 3;
	assert_status(tu_decode_body(smb2_error_rsp_decode_tu, m, w.len, &out),
	              STATUS_INVALID_PARAMETER);
	m[66] = SMB2_MAX_ERROR_CONTEXTS + 1;
	assert_status(tu_decode_body(smb2_error_rsp_decode_tu, m, w.len, &out),
	              STATUS_INVALID_PARAMETER);
	m[66] = 0xFF;
	assert_status(tu_decode_body(smb2_error_rsp_decode_tu, m, w.len, &out),
	              STATUS_INVALID_PARAMETER);
	/* Count 1: the second context is then trailing data, ignored. */
	m[66] = 1;
	assert_status(tu_decode_body(smb2_error_rsp_decode_tu, m, w.len, &out),
	              STATUS_SUCCESS);
	assert_int_equal(out.context_count, 1);
	free(m);
	/* The encoder refuses more than the limit. */
	in.context_count = SMB2_MAX_ERROR_CONTEXTS + 1;
	wr_reset(&w);
	assert_status(smb2_error_rsp_encode(&w, &in), STATUS_INSUFFICIENT_RESOURCES);
	wr_free(&w);
}

/* ---- symbolic link ------------------------------------------------------- */

static const uint8_t sub_name[] = { 'a', 0, '\\', 0, 'b', 0 };
static const uint8_t print_name[] = { 'b', 0 };

static void symlink_build(struct wr *w)
{
	struct smb2_symlink_error s = {
		.reparse_tag = SMB2_IO_REPARSE_TAG_SYMLINK,
		.unparsed_path_length = 10,
		.flags = SMB2_SYMLINK_FLAG_RELATIVE,
		.substitute_name = { sub_name, sizeof(sub_name) },
		.print_name = { print_name, sizeof(print_name) },
	};

	wr_init(w, 0);
	assert_status(smb2_symlink_error_encode(w, &s), STATUS_SUCCESS);
}

static NTSTATUS symlink_try(const uint8_t *p, size_t n, struct smb2_symlink_error *out)
{
	uint8_t *copy = malloc(n ? n : 1);
	struct smb2_blob b = { copy, (uint32_t)n };
	struct smb2_symlink_error tmp, pattern;
	NTSTATUS st;

	assert_non_null(copy);
	memcpy(copy, p, n);
	memset(&tmp, 0xA5, sizeof(tmp));
	memset(&pattern, 0xA5, sizeof(pattern));
	st = smb2_symlink_error_decode(&b, &tmp);
	if (st == STATUS_SUCCESS) {
		*out = tmp;
		out->substitute_name.p = p + (tmp.substitute_name.p - copy);
		out->print_name.p = p + (tmp.print_name.p - copy);
	} else {
		assert_memory_equal(&tmp, &pattern, sizeof(tmp));
	}
	free(copy);
	return st;
}

static void test_symlink(void **state)
{
	(void)state;
	struct smb2_symlink_error s;
	struct wr w;
	uint8_t *m;

	symlink_build(&w);
	assert_int_equal(w.len, 28 + 8);
	assert_int_equal(le32(w.buf), 32);           /* SymLinkLength */
	assert_int_equal(le16(w.buf + 12), 8 + 12);  /* ReparseDataLength */
	assert_status(symlink_try(w.buf, w.len, &s), STATUS_SUCCESS);
	assert_int_equal(s.reparse_tag, SMB2_IO_REPARSE_TAG_SYMLINK);
	assert_int_equal(s.unparsed_path_length, 10);
	assert_int_equal(s.flags, SMB2_SYMLINK_FLAG_RELATIVE);
	assert_int_equal(s.substitute_name.len, 6);
	assert_memory_equal(s.substitute_name.p, sub_name, 6);
	assert_int_equal(s.print_name.len, 2);
	assert_memory_equal(s.print_name.p, print_name, 2);

	for (size_t n = 0; n < w.len; n++)
		assert_status(symlink_try(w.buf, n, &s), STATUS_INVALID_PARAMETER);
	m = malloc(w.len);
	assert_non_null(m);
#define PATCH(off, width, v) do { memcpy(m, w.buf, w.len); \
		if ((width) == 2) put_le16(m + (off), (uint16_t)(v)); else put_le32(m + (off), (v)); \
		assert_status(symlink_try(m, w.len, &s), STATUS_INVALID_PARAMETER); } while (0)
	PATCH(0, 4, 33);              /* SymLinkLength past the data */
	PATCH(0, 4, 0xFFFFFFFFu);
	PATCH(0, 4, 23);              /* shorter than the fixed part */
	PATCH(4, 4, 0x4C4D5954u);     /* SymLinkErrorTag */
	PATCH(8, 4, 0xA0000003u);     /* ReparseTag: a mount point */
	PATCH(12, 2, 11);             /* ReparseDataLength below 12 */
	PATCH(12, 2, 21);             /* PathBuffer past SymLinkLength */
	PATCH(12, 2, 0xFFFF);
	PATCH(16, 2, 4);              /* SubstituteName past PathBuffer */
	PATCH(18, 2, 10);
	PATCH(18, 2, 5);              /* odd UTF-16 length */
	PATCH(20, 2, 7);              /* PrintName past PathBuffer */
	PATCH(20, 2, 0xFFFF);
#undef PATCH
	free(m);
	wr_free(&w);
}

/* The symlink structure inside a whole STOPPED_ON_SYMLINK error response,
 * both as plain ErrorData (before 3.1.1) and as a 3.1.1 context. */
static void test_symlink_in_error(void **state)
{
	(void)state;
	struct wr sym, w;
	struct smb2_error_rsp e, out;
	struct smb2_symlink_error s;
	struct smb2_blob b;

	symlink_build(&sym);
	for (int ctx = 0; ctx < 2; ctx++) {
		memset(&e, 0, sizeof(e));
		if (ctx) {
			e.context_count = 1;
			e.contexts[0].id = SMB2_ERROR_ID_DEFAULT;
			e.contexts[0].data.p = sym.buf;
			e.contexts[0].data.len = (uint32_t)sym.len;
		} else {
			e.data.p = sym.buf;
			e.data.len = (uint32_t)sym.len;
		}
		wr_init(&w, 0);
		tu_encode_msg(&w, SMB2_CREATE, 1, smb2_error_rsp_encode_tu, &e);
		put_le32(w.buf + 8, STATUS_STOPPED_ON_SYMLINK);
		assert_status(tu_decode_body(smb2_error_rsp_decode_tu, w.buf, w.len, &out),
		              STATUS_SUCCESS);
		assert_true(smb2_error_rsp_find(&out, SMB2_ERROR_ID_DEFAULT, &b));
		assert_status(smb2_symlink_error_decode(&b, &s), STATUS_SUCCESS);
		assert_int_equal(s.substitute_name.len, 6);
		tu_truncations(smb2_error_rsp_decode_tu, w.buf, w.len, w.len, sizeof(out));
		wr_free(&w);
	}
	wr_free(&sym);
}

/* ---- share redirect ------------------------------------------------------ */

static NTSTATUS redirect_try(const uint8_t *p, size_t n, struct smb2_share_redirect *out)
{
	uint8_t *copy = malloc(n ? n : 1);
	struct smb2_blob b = { copy, (uint32_t)n };
	struct smb2_share_redirect tmp, pattern;
	NTSTATUS st;

	assert_non_null(copy);
	memcpy(copy, p, n);
	memset(&tmp, 0xA5, sizeof(tmp));
	memset(&pattern, 0xA5, sizeof(pattern));
	st = smb2_share_redirect_decode(&b, &tmp);
	if (st == STATUS_SUCCESS) {
		*out = tmp;
		out->ip_list.p = p + (tmp.ip_list.p - copy);
		out->resource_name.p = p + (tmp.resource_name.p - copy);
	} else {
		assert_memory_equal(&tmp, &pattern, sizeof(tmp));
	}
	free(copy);
	return st;
}

static void test_share_redirect(void **state)
{
	(void)state;
	struct smb2_move_dst_ipaddr ips[2] = {
		{ SMB2_MOVE_DST_IPADDR_V4, { 192, 168, 1, 20 } },
		{ SMB2_MOVE_DST_IPADDR_V6, { 0xfe, 0x80, [15] = 1 } },
	}, ip;
	const uint8_t name[] = { 's', 0, 'h', 0 };
	struct smb2_blob nb = { name, sizeof(name) };
	struct smb2_share_redirect r;
	struct wr w;
	uint8_t *m;

	wr_init(&w, 0);
	assert_status(smb2_share_redirect_encode(&w, ips, 2, &nb), STATUS_SUCCESS);
	assert_int_equal(w.len, 24 + 48 + 4);
	assert_int_equal(le32(w.buf), 48);
	assert_int_equal(le32(w.buf + 8), 72);
	assert_status(redirect_try(w.buf, w.len, &r), STATUS_SUCCESS);
	assert_int_equal(r.ip_count, 2);
	assert_int_equal(r.target_type, 0);
	assert_int_equal(r.resource_name.len, 4);
	assert_memory_equal(r.resource_name.p, name, 4);
	assert_true(smb2_share_redirect_ip(&r, 0, &ip));
	assert_int_equal(ip.type, SMB2_MOVE_DST_IPADDR_V4);
	assert_memory_equal(ip.addr, ips[0].addr, 4);
	assert_true(smb2_share_redirect_ip(&r, 1, &ip));
	assert_int_equal(ip.type, SMB2_MOVE_DST_IPADDR_V6);
	assert_memory_equal(ip.addr, ips[1].addr, 16);
	assert_false(smb2_share_redirect_ip(&r, 2, &ip));

	for (size_t n = 0; n < w.len; n++)
		assert_status(redirect_try(w.buf, n, &r), STATUS_INVALID_PARAMETER);
	m = malloc(w.len);
	assert_non_null(m);
#define PATCH(off, v) do { memcpy(m, w.buf, w.len); put_le32(m + (off), (v)); \
		assert_status(redirect_try(m, w.len, &r), STATUS_INVALID_PARAMETER); } while (0)
	PATCH(0, 47);                /* StructureSize */
	PATCH(4, 1);                 /* NotificationType */
	PATCH(8, 71);                /* name overlapping the address list */
	PATCH(8, 8);                 /* name overlapping the fixed part */
	PATCH(8, 73);                /* name past the end */
	PATCH(8, 0xFFFFFFFFu);
	PATCH(12, 5);                /* odd, and past the end */
	PATCH(12, 3);                /* odd */
	PATCH(20, 3);                /* IPAddrCount: list past the end */
	PATCH(20, 0x0AAAAAABu);      /* count * 24 wraps 32 bits to 8 */
	PATCH(20, 0xFFFFFFFFu);
	PATCH(24, 3);                /* address Type neither v4 nor v6 */
	PATCH(48, 0);
#undef PATCH
	free(m);

	/* Inside an error response as a 3.1.1 context. */
	struct smb2_error_rsp e = { .context_count = 1 }, out;
	struct smb2_blob b;
	struct wr msg;
	e.contexts[0].id = SMB2_ERROR_ID_SHARE_REDIRECT;
	e.contexts[0].data.p = w.buf;
	e.contexts[0].data.len = (uint32_t)w.len;
	wr_init(&msg, 0);
	tu_encode_msg(&msg, SMB2_TREE_CONNECT, 1, smb2_error_rsp_encode_tu, &e);
	assert_status(tu_decode_body(smb2_error_rsp_decode_tu, msg.buf, msg.len, &out),
	              STATUS_SUCCESS);
	assert_true(smb2_error_rsp_find(&out, SMB2_ERROR_ID_SHARE_REDIRECT, &b));
	assert_status(smb2_share_redirect_decode(&b, &r), STATUS_SUCCESS);
	assert_int_equal(r.ip_count, 2);
	tu_truncations(smb2_error_rsp_decode_tu, msg.buf, msg.len, msg.len, sizeof(out));
	wr_free(&msg);
	wr_free(&w);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_samba_errors),
		cmocka_unit_test(test_buffer_too_small),
		cmocka_unit_test(test_contexts),
		cmocka_unit_test(test_symlink),
		cmocka_unit_test(test_symlink_in_error),
		cmocka_unit_test(test_share_redirect),
	};
	return cmocka_run_group_tests_name("error", tests, NULL, NULL);
}
