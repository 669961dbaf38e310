/* Strict DER reader and writer (auth/asn1.h). */
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "auth/asn1.h"
#include "wire/limits.h"

static bool one(const char *hex, struct der_tlv *t)
{
	size_t n;
	uint8_t *p = tu_hex(hex, &n);
	struct der d;
	struct der_tlv tmp;

	der_init(&d, p, n);
	bool ok = der_next(&d, &tmp) && der_done(&d);
	if (ok && t)
		*t = tmp;
	free(p);
	return ok;
}

static void test_lengths(void **state)
{
	(void)state;
	struct der_tlv t;

	assert_true(one("0400", &t));
	assert_int_equal(t.content.len, 0);
	assert_true(one("0403616263", &t));
	assert_int_equal(t.content.len, 3);
	assert_false(one("048103616263", NULL));  /* long form for a short length */
	assert_false(one("04820003616263", NULL)); /* leading zero length octet */
	assert_false(one("0480616263", NULL));     /* indefinite */
	assert_false(one("0485010000000000", NULL)); /* five length octets */
	assert_false(one("0404616263", NULL));     /* longer than the buffer */
	assert_false(one("1f0100", NULL));         /* high tag number form */
	assert_false(one("04", NULL));
	assert_false(one("", NULL));
	/* 200 bytes: 0x81 0xc8. */
	char hex[2 * 203 + 1] = "0481c8";
	for (int i = 0; i < 200; i++)
		memcpy(hex + 6 + 2 * i, "00", 3);
	assert_true(one(hex, &t));
	assert_int_equal(t.content.len, 200);
	assert_int_equal(t.whole.len, 203);
}

static void test_nesting(void **state)
{
	(void)state;
	size_t n;
	uint8_t *p = tu_hex("3008a0060404deadbeef", &n);
	struct der d, s, c;
	struct der_tlv t;

	assert_true(der_validate(p, n, 0));
	der_init(&d, p, n);
	assert_true(der_enter(&d, ASN1_SEQUENCE, &s));
	assert_true(der_enter(&s, ASN1_CONTEXT(0), &c));
	assert_int_equal(c.depth, 2);
	assert_true(der_expect(&c, ASN1_OCTET_STRING, &t));
	assert_int_equal(t.content.len, 4);
	assert_true(der_done(&c) && der_done(&s) && der_done(&d));
	/* Inner length past its parent. */
	p[3] = 0x07;
	assert_false(der_validate(p, n, 0));
	free(p);
	/* Trailing bytes after the element. */
	p = tu_hex("300000", &n);
	assert_false(der_validate(p, n, 0));
	free(p);

	/* Depth: ASN1_MAX_DEPTH nested sequences pass, one more fails. */
	for (int depth = ASN1_MAX_DEPTH; depth <= ASN1_MAX_DEPTH + 1; depth++) {
		uint8_t buf[64];
		for (int i = 0; i < depth; i++) {
			buf[2 * i] = 0x30;
			buf[2 * i + 1] = (uint8_t)(2 * (depth - i - 1));
		}
		assert_int_equal(der_validate(buf, (size_t)depth * 2, 0), depth <= ASN1_MAX_DEPTH);
	}
}

static void test_oid(void **state)
{
	(void)state;
	static const uint8_t ntlm[] = { 0x2b, 0x06, 0x01, 0x04, 0x01, 0x82, 0x37, 0x02, 0x02, 0x0a };
	uint32_t arcs[ASN1_MAX_OID_ARCS];
	size_t n;

	assert_true(der_oid_arcs((struct smb2_blob){ ntlm, sizeof(ntlm) }, arcs, 16, &n));
	assert_int_equal(n, 10);
	assert_int_equal(arcs[0], 1);
	assert_int_equal(arcs[1], 3);
	assert_int_equal(arcs[6], 311);
	assert_int_equal(arcs[9], 10);
	struct wr w;
	wr_init(&w, 0);
	der_put_oid(&w, arcs, n);
	assert_true(wr_ok(&w));
	assert_int_equal(w.len, 2 + sizeof(ntlm));
	assert_memory_equal(w.buf + 2, ntlm, sizeof(ntlm));
	wr_free(&w);
	/* Malformed: non-minimal subidentifier, truncated, empty, too many arcs. */
	static const uint8_t bad1[] = { 0x2b, 0x80, 0x01 };
	static const uint8_t bad2[] = { 0x2b, 0x82 };
	assert_false(der_oid_arcs((struct smb2_blob){ bad1, 3 }, arcs, 16, &n));
	assert_false(der_oid_arcs((struct smb2_blob){ bad2, 2 }, arcs, 16, &n));
	assert_false(der_oid_arcs((struct smb2_blob){ ntlm, 0 }, arcs, 16, &n));
	assert_false(der_oid_arcs((struct smb2_blob){ ntlm, sizeof(ntlm) }, arcs, 5, &n));
	/* A subidentifier past 32 bits. */
	static const uint8_t big[] = { 0x2b, 0x90, 0x80, 0x80, 0x80, 0x00 };
	assert_false(der_oid_arcs((struct smb2_blob){ big, sizeof(big) }, arcs, 16, &n));
}

static void test_writer_lengths(void **state)
{
	(void)state;
	static const size_t sizes[] = { 0, 1, 127, 128, 255, 256, 65535, 65536 };

	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		struct wr w;
		uint8_t *data = calloc(1, sizes[i] + 1);
		struct der d;
		struct der_tlv t;

		wr_init(&w, 0);
		size_t m = der_begin(&w, ASN1_SEQUENCE);
		der_put(&w, ASN1_OCTET_STRING, data, sizes[i]);
		der_end(&w, m);
		assert_true(wr_ok(&w));
		assert_true(der_validate(w.buf, w.len, 0));
		der_init(&d, w.buf, w.len);
		struct der s;
		assert_true(der_enter(&d, ASN1_SEQUENCE, &s));
		assert_true(der_expect(&s, ASN1_OCTET_STRING, &t));
		assert_int_equal(t.content.len, sizes[i]);
		wr_free(&w);
		free(data);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lengths),
		cmocka_unit_test(test_nesting),
		cmocka_unit_test(test_oid),
		cmocka_unit_test(test_writer_lengths),
	};
	return cmocka_run_group_tests_name("asn1", tests, NULL, NULL);
}
