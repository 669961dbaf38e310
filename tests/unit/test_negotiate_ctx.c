/* Negotiate contexts: every type round trip, list layout, malformed twins. */
#include <stdlib.h>

#include "testutil.h"
#include "wire/negotiate_ctx.h"

/* The list under test starts right after a 64-byte header, at offset 64
 * (8-byte aligned), with this many contexts. */
static uint16_t g_count;

static NTSTATUS list_dec(struct rd *c, void *out)
{
	return smb2_neg_ctx_list_decode(c, SMB2_HDR_SIZE, g_count, SMB2_HDR_SIZE,
	                                "TEST.NegotiateContextOffset", out);
}

static NTSTATUS list_enc(struct wr *w, const void *in)
{
	return smb2_neg_ctx_list_encode(w, in);
}

static const uint8_t salt[32] = {
	0xd3, 0xe0, 0xee, 0xb4, 0xd9, 0xee, 0xe0, 0x3b, 0xc8, 0x5d, 0x56,
	0xc6, 0x1b, 0x56, 0x7f, 0xf6, 0x6c, 0x56, 0x7e, 0x86, 0x82, 0xd1,
	0x38, 0xcb, 0x24, 0x8b, 0x87, 0x73, 0x8f, 0xab, 0x80, 0xb4,
};
/* "srv1" in UTF-16LE */
static const uint8_t netname[8] = { 's', 0, 'r', 0, 'v', 0, '1', 0 };
static const uint8_t opaque[5] = { 1, 2, 3, 4, 5 };

static void set_ids(struct smb2_id_list *l, uint16_t n, uint16_t first)
{
	l->count = n;
	for (uint16_t i = 0; i < n; i++)
		l->ids[i] = (uint16_t)(first + i);
}

/* One context of every known type, a reserved one and an unknown one. */
static void full_list(struct smb2_neg_ctx_list *l)
{
	memset(l, 0, sizeof(*l));
	l->count = 9;
	l->ctx[0].type = SMB2_PREAUTH_INTEGRITY_CAPABILITIES;
	set_ids(&l->ctx[0].u.preauth.hashes, 1, SMB2_PREAUTH_INTEGRITY_SHA512);
	l->ctx[0].u.preauth.salt.p = salt;
	l->ctx[0].u.preauth.salt.len = sizeof(salt);
	l->ctx[1].type = SMB2_ENCRYPTION_CAPABILITIES;
	set_ids(&l->ctx[1].u.ciphers, 4, SMB2_ENCRYPTION_AES128_CCM);
	l->ctx[2].type = SMB2_COMPRESSION_CAPABILITIES;
	l->ctx[2].u.compression.flags = SMB2_COMPRESSION_CAPABILITIES_FLAG_CHAINED;
	set_ids(&l->ctx[2].u.compression.algs, 3, SMB2_COMPRESSION_LZ77);
	l->ctx[3].type = SMB2_NETNAME_NEGOTIATE_CONTEXT_ID;
	l->ctx[3].u.netname.p = netname;
	l->ctx[3].u.netname.len = sizeof(netname);
	l->ctx[4].type = SMB2_TRANSPORT_CAPABILITIES;
	l->ctx[4].u.transport_flags = SMB2_ACCEPT_TRANSPORT_LEVEL_SECURITY;
	l->ctx[5].type = SMB2_RDMA_TRANSFORM_CAPABILITIES;
	set_ids(&l->ctx[5].u.rdma_transforms, 2, SMB2_RDMA_TRANSFORM_ENCRYPTION);
	l->ctx[6].type = SMB2_SIGNING_CAPABILITIES;
	set_ids(&l->ctx[6].u.signing_algs, 3, SMB2_SIGNING_HMAC_SHA256);
	l->ctx[7].type = SMB2_CONTEXTTYPE_RESERVED;
	l->ctx[7].data.p = opaque;
	l->ctx[7].data.len = sizeof(opaque);
	l->ctx[8].type = 0x0042;
	l->ctx[8].data.p = opaque;
	l->ctx[8].data.len = 0;
}

static void assert_ids(const struct smb2_id_list *a, const struct smb2_id_list *b)
{
	assert_int_equal(a->count, b->count);
	for (uint16_t i = 0; i < a->count; i++)
		assert_int_equal(a->ids[i], b->ids[i]);
}

static void assert_blob(struct smb2_blob a, const void *p, size_t n)
{
	assert_int_equal(a.len, n);
	if (n)
		assert_memory_equal(a.p, p, n);
}

static void test_round_trip_every_type(void **state)
{
	(void)state;
	struct smb2_neg_ctx_list in, *out = malloc(sizeof(*out));
	struct wr w, w2;
	size_t pos;

	assert_non_null(out);
	full_list(&in);
	wr_init(&w, 0);
	tu_encode_msg(&w, SMB2_NEGOTIATE, 0, list_enc, &in);
	g_count = in.count;
	assert_status(tu_decode_body(list_dec, w.buf, w.len, out), STATUS_SUCCESS);
	assert_int_equal(out->count, 9);
	for (uint16_t i = 0; i < 9; i++)
		assert_int_equal(out->ctx[i].type, in.ctx[i].type);
	assert_ids(&out->ctx[0].u.preauth.hashes, &in.ctx[0].u.preauth.hashes);
	assert_blob(out->ctx[0].u.preauth.salt, salt, sizeof(salt));
	assert_int_equal(out->ctx[0].data.len, 4 + 2 + 32);
	assert_ids(&out->ctx[1].u.ciphers, &in.ctx[1].u.ciphers);
	assert_int_equal(out->ctx[1].u.ciphers.ids[3], SMB2_ENCRYPTION_AES256_GCM);
	assert_int_equal(out->ctx[2].u.compression.flags, SMB2_COMPRESSION_CAPABILITIES_FLAG_CHAINED);
	assert_ids(&out->ctx[2].u.compression.algs, &in.ctx[2].u.compression.algs);
	assert_blob(out->ctx[3].u.netname, netname, sizeof(netname));
	assert_blob(out->ctx[3].data, netname, sizeof(netname));
	assert_int_equal(out->ctx[4].u.transport_flags, SMB2_ACCEPT_TRANSPORT_LEVEL_SECURITY);
	assert_ids(&out->ctx[5].u.rdma_transforms, &in.ctx[5].u.rdma_transforms);
	assert_int_equal(out->ctx[5].data.len, 8 + 4);
	assert_ids(&out->ctx[6].u.signing_algs, &in.ctx[6].u.signing_algs);
	assert_int_equal(out->ctx[6].u.signing_algs.ids[2], SMB2_SIGNING_AES_GMAC);
	assert_blob(out->ctx[7].data, opaque, sizeof(opaque));
	assert_int_equal(out->ctx[8].data.len, 0);

	/* Layout: each context 8-byte aligned from the header, zero padding
	 * between, none after the last. */
	pos = SMB2_HDR_SIZE;
	for (uint16_t i = 0; i < 9; i++) {
		uint16_t dlen;

		pos = (pos + 7) & ~(size_t)7;
		assert_true(pos + 8 <= w.len);
		assert_int_equal(le16(w.buf + pos), in.ctx[i].type);
		dlen = le16(w.buf + pos + 2);
		assert_int_equal(le32(w.buf + pos + 4), 0);
		assert_ptr_equal(out->ctx[i].data.p, w.buf + pos + 8);
		pos += 8 + dlen;
		for (size_t p = pos; i < 8 && p < ((pos + 7) & ~(size_t)7); p++)
			assert_int_equal(w.buf[p], 0);
	}
	assert_int_equal(pos, w.len);

	/* Re-encoding the decoded list gives the same bytes. */
	wr_init(&w2, 0);
	tu_encode_msg(&w2, SMB2_NEGOTIATE, 0, list_enc, out);
	assert_int_equal(w2.len, w.len);
	assert_memory_equal(w2.buf, w.buf, w.len);

	/* Every truncation fails and leaves the output alone. */
	tu_truncations(list_dec, w.buf, w.len, w.len, sizeof(*out));
	/* First context's DataLength past the end. */
	tu_expect_fail_patched16(list_dec, w.buf, w.len, SMB2_HDR_SIZE + 2, 0xFFFF,
	                         STATUS_INVALID_PARAMETER, sizeof(*out));
	/* More contexts than are there. */
	g_count = 10;
	tu_expect_fail_patched16(list_dec, w.buf, w.len, SMB2_HDR_SIZE, in.ctx[0].type,
	                         STATUS_INVALID_PARAMETER, sizeof(*out));
	/* More than the limit. */
	g_count = SMB2_MAX_NEG_CONTEXTS + 1;
	tu_expect_fail_patched16(list_dec, w.buf, w.len, SMB2_HDR_SIZE, in.ctx[0].type,
	                         STATUS_INVALID_PARAMETER, sizeof(*out));
	wr_free(&w2);
	wr_free(&w);
	free(out);
}

/* A message: 64 zero bytes then the hex body. */
static uint8_t *msg_from_hex(const char *hex, size_t *len)
{
	size_t n;
	uint8_t *body = tu_hex(hex, &n);
	uint8_t *m = calloc(1, SMB2_HDR_SIZE + n);

	assert_non_null(m);
	memcpy(m + SMB2_HDR_SIZE, body, n);
	free(body);
	*len = SMB2_HDR_SIZE + n;
	return m;
}

static void expect_bad_list(const char *hex, uint16_t count)
{
	size_t len;
	uint8_t *m = msg_from_hex(hex, &len);
	struct smb2_neg_ctx_list *out = malloc(sizeof(*out));

	assert_non_null(out);
	g_count = count;
	tu_expect_fail_patched16(list_dec, m, len, 0, 0, STATUS_INVALID_PARAMETER,
	                         sizeof(*out));
	free(out);
	free(m);
}

static void expect_good_list(const char *hex, uint16_t count, struct smb2_neg_ctx_list *out,
                             uint8_t **keep)
{
	size_t len;

	*keep = msg_from_hex(hex, &len);
	g_count = count;
	assert_status(tu_decode_body(list_dec, *keep, len, out), STATUS_SUCCESS);
}

static void test_inconsistent_lengths(void **state)
{
	(void)state;
	struct smb2_neg_ctx_list l;
	uint8_t *m;

	/* Preauth: count 1, salt 4, SHA-512, salt bytes: exactly DataLength 10. */
	expect_good_list("0100 0a00 00000000  0100 0400 0100 aabbccdd", 1, &l, &m);
	assert_int_equal(l.ctx[0].u.preauth.hashes.count, 1);
	assert_int_equal(l.ctx[0].u.preauth.salt.len, 4);
	assert_int_equal(l.ctx[0].u.preauth.salt.p[3], 0xdd);
	free(m);
	/* Trailing bytes after the counted fields are tolerated, kept in data. */
	expect_good_list("0100 0c00 00000000  0100 0400 0100 aabbccdd eeff", 1, &l, &m);
	assert_int_equal(l.ctx[0].data.len, 12);
	assert_int_equal(l.ctx[0].u.preauth.salt.len, 4);
	free(m);
	/* SaltLength past DataLength (the message has the bytes). */
	expect_bad_list("0100 0a00 00000000  0100 0500 0100 aabbccdd ee000000", 1);
	/* HashAlgorithmCount past DataLength. */
	expect_bad_list("0100 0a00 00000000  0400 0000 0100 aabbccdd", 1);
	/* HashAlgorithmCount 0. */
	expect_bad_list("0100 0400 00000000  0000 0000", 1);
	/* HashAlgorithmCount over SMB2_MAX_NEG_CTX_IDS, with the bytes there. */
	expect_bad_list("0100 2800 00000000  1100 0000"
	                "0100010001000100010001000100010001000100010001000100010001000100 0100"
	                "0000", 1);
	/* Preauth shorter than its 4 fixed bytes. */
	expect_bad_list("0100 0300 00000000  010000", 1);
	/* Ciphers: count 0, count past DataLength, count over the limit. */
	expect_bad_list("0200 0200 00000000  0000", 1);
	expect_bad_list("0200 0400 00000000  0200 0200 0100", 1);
	expect_bad_list("0200 2400 00000000  1100"
	                "0100010001000100010001000100010001000100010001000100010001000100 0100", 1);
	/* Compression shorter than 8 bytes, count 0. */
	expect_bad_list("0300 0600 00000000  0100 0000 0000", 1);
	expect_bad_list("0300 0800 00000000  0000 0000 01000000", 1);
	/* Transport shorter than 4 bytes. */
	expect_bad_list("0600 0200 00000000  0100", 1);
	/* RDMA: count past data, count 0. */
	expect_bad_list("0700 0a00 00000000  0200 0000 00000000 0100", 1);
	expect_bad_list("0700 0800 00000000  0000 0000 00000000", 1);
	/* Signing: count 0; DataLength 0. */
	expect_bad_list("0800 0200 00000000  0000", 1);
	expect_bad_list("0800 0000 00000000", 1);
	/* The second context starts at the next 8-byte boundary: the first
	 * ends at 64 + 12, so 4 bytes of padding come before it. */
	expect_good_list("0200 0400 00000000  0100 0200  0000 0000"
	                 "0800 0400 00000000  0100 0100", 2, &l, &m);
	assert_int_equal(l.ctx[0].u.ciphers.ids[0], SMB2_ENCRYPTION_AES128_GCM);
	assert_int_equal(l.ctx[1].type, SMB2_SIGNING_CAPABILITIES);
	assert_int_equal(l.ctx[1].u.signing_algs.ids[0], SMB2_SIGNING_AES_CMAC);
	free(m);
	/* Without the padding the decoder still reads at the boundary (here
	 * an empty context of type 0), never at the unaligned offset. */
	expect_good_list("0200 0400 00000000  0100 0200"
	                 "0800 0400 00000000  0100 0100", 2, &l, &m);
	assert_int_equal(l.ctx[1].type, 0);
	assert_int_equal(l.ctx[1].data.len, 0);
	free(m);
	/* Without the padding and with the message ending after the second
	 * context, the aligned read runs past the end. */
	expect_bad_list("0200 0400 00000000  0100 0200"
	                "0800 0200 00000000  0100", 2);
	/* Context header cut short. */
	expect_bad_list("0200 0400 0000", 1);
}

static NTSTATUS list_dec_at(struct rd *c, uint64_t off, uint64_t min_off, void *out)
{
	return smb2_neg_ctx_list_decode(c, off, 1, min_off, "TEST", out);
}

static void test_offsets(void **state)
{
	(void)state;
	size_t len;
	/* One context at 64 and again at 72 (copy). */
	uint8_t *m = msg_from_hex("0200 0400 00000000 0100 0200"
	                          "0000 0000 0000 0000 0000 0000 0000", &len);
	struct smb2_neg_ctx_list l, before;
	struct rd c;

	memset(&l, 0x5A, sizeof(l));
	memcpy(&before, &l, sizeof(l));
	rd_init(&c, m, len);
	/* Misaligned. */
	assert_status(list_dec_at(&c, 66, 64, &l), STATUS_INVALID_PARAMETER);
	assert_string_equal(c.err_field, "TEST");
	/* Before the end of what precedes the list. */
	assert_status(list_dec_at(&c, 64, 72, &l), STATUS_INVALID_PARAMETER);
	assert_status(list_dec_at(&c, 0, 64, &l), STATUS_INVALID_PARAMETER);
	/* Past the end, near and far (64-bit arithmetic). */
	assert_status(list_dec_at(&c, 88, 64, &l), STATUS_INVALID_PARAMETER);
	assert_status(list_dec_at(&c, UINT32_MAX - 7, 64, &l), STATUS_INVALID_PARAMETER);
	assert_status(list_dec_at(&c, UINT64_MAX - 7, 64, &l), STATUS_INVALID_PARAMETER);
	assert_memory_equal(&l, &before, sizeof(l));
	assert_status(list_dec_at(&c, 64, 64, &l), STATUS_SUCCESS);
	assert_int_equal(l.ctx[0].u.ciphers.ids[0], SMB2_ENCRYPTION_AES128_GCM);
	/* Count 0 decodes to an empty list whatever the offset. */
	assert_status(smb2_neg_ctx_list_decode(&c, 3, 0, 64, "TEST", &l), STATUS_SUCCESS);
	assert_int_equal(l.count, 0);
	free(m);
}

static void test_encoder_rejects(void **state)
{
	(void)state;
	struct smb2_neg_ctx_list l;
	struct wr w;

	wr_init(&w, 0);
	full_list(&l);
	l.ctx[1].u.ciphers.count = 0;
	assert_status(smb2_neg_ctx_list_encode(&w, &l), STATUS_INVALID_PARAMETER);
	full_list(&l);
	l.ctx[6].u.signing_algs.count = SMB2_MAX_NEG_CTX_IDS + 1;
	assert_status(smb2_neg_ctx_list_encode(&w, &l), STATUS_INVALID_PARAMETER);
	full_list(&l);
	l.count = SMB2_MAX_NEG_CONTEXTS + 1;
	assert_status(smb2_neg_ctx_list_encode(&w, &l), STATUS_INVALID_PARAMETER);
	full_list(&l);
	l.ctx[0].u.preauth.salt.len = 70000;
	assert_status(smb2_neg_ctx_list_encode(&w, &l), STATUS_INVALID_PARAMETER);
	assert_int_equal(w.len, 0);
	wr_free(&w);
}

static void test_find_and_names(void **state)
{
	(void)state;
	struct smb2_neg_ctx_list l;

	full_list(&l);
	assert_ptr_equal(smb2_neg_ctx_find(&l, SMB2_SIGNING_CAPABILITIES), &l.ctx[6]);
	assert_null(smb2_neg_ctx_find(&l, 0x0004));
	assert_string_equal(smb2_neg_ctx_type_name(SMB2_ENCRYPTION_CAPABILITIES),
	                    "SMB2_ENCRYPTION_CAPABILITIES");
	assert_string_equal(smb2_neg_ctx_type_name(0x0004), "UNKNOWN");
	assert_true(smb2_neg_ctx_type_known(SMB2_NETNAME_NEGOTIATE_CONTEXT_ID));
	assert_false(smb2_neg_ctx_type_known(SMB2_CONTEXTTYPE_RESERVED));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip_every_type),
		cmocka_unit_test(test_inconsistent_lengths),
		cmocka_unit_test(test_offsets),
		cmocka_unit_test(test_encoder_rejects),
		cmocka_unit_test(test_find_and_names),
	};
	return cmocka_run_group_tests_name("negotiate_ctx", tests, NULL, NULL);
}
