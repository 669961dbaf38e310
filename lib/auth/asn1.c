/* Strict DER reader and writer (X.690 section 10); see asn1.h. */
#include <string.h>

#include "auth/asn1.h"
#include "wire/limits.h"

void der_init(struct der *d, const uint8_t *p, size_t len)
{
	rd_init(&d->c, p, len);
	d->depth = 0;
}

/* Parse one TLV header at c's position without moving c. */
static bool tlv_at(const struct rd *c, struct der_tlv *out, size_t *total)
{
	struct rd t = *c;
	uint8_t tag, b;
	uint64_t len;

	if (!rd_u8(&t, &tag) || (tag & 0x1F) == 0x1F)
		return false; /* high-tag-number form: not used by SPNEGO */
	if (!rd_u8(&t, &b))
		return false;
	if (b < 0x80) {
		len = b;
	} else {
		unsigned n = b & 0x7F;
		/* X.690 10.1: definite form only (0x80 is indefinite); the
		 * shortest encoding: long form only for lengths >= 128 and no
		 * leading zero octet.  Four octets are far past any limit. */
		if (n == 0 || n > 4)
			return false;
		len = 0;
		for (unsigned i = 0; i < n; i++) {
			if (!rd_u8(&t, &b))
				return false;
			if (i == 0 && b == 0)
				return false;
			len = len << 8 | b;
		}
		if (len < 0x80)
			return false;
	}
	if (len > rd_left(&t))
		return false;
	size_t hdr = t.pos - c->pos;
	out->tag = tag;
	out->content.p = c->base + t.pos;
	out->content.len = (uint32_t)len;
	out->whole.p = c->base + c->pos;
	out->whole.len = (uint32_t)(hdr + len);
	*total = hdr + (size_t)len;
	return true;
}

bool der_next(struct der *d, struct der_tlv *out)
{
	struct der_tlv t;
	size_t total;

	if (rd_left(&d->c) > UINT32_MAX || !tlv_at(&d->c, &t, &total))
		return false;
	d->c.pos += total;
	*out = t;
	return true;
}

bool der_peek(const struct der *d, uint8_t *tag)
{
	if (rd_left(&d->c) == 0)
		return false;
	*tag = d->c.base[d->c.pos];
	return true;
}

bool der_expect(struct der *d, uint8_t tag, struct der_tlv *out)
{
	uint8_t t;

	if (!der_peek(d, &t) || t != tag)
		return false;
	return der_next(d, out);
}

bool der_enter(struct der *d, uint8_t tag, struct der *inner)
{
	struct der_tlv t;

	if (d->depth + 1 > ASN1_MAX_DEPTH || !(tag & ASN1_CONSTRUCTED))
		return false;
	if (!der_expect(d, tag, &t))
		return false;
	rd_init(&inner->c, t.content.p, t.content.len);
	inner->depth = d->depth + 1;
	return true;
}

bool der_enter_opt(struct der *d, uint8_t tag, struct der *inner, bool *present)
{
	uint8_t t;

	if (!der_peek(d, &t) || t != tag) {
		*present = false;
		return true;
	}
	if (!der_enter(d, tag, inner))
		return false;
	*present = true;
	return true;
}

static bool validate_content(const uint8_t *p, size_t len, unsigned depth)
{
	struct der d;

	der_init(&d, p, len);
	d.depth = depth;
	while (!der_done(&d)) {
		struct der_tlv t;
		if (!der_next(&d, &t))
			return false;
		if (t.tag & ASN1_CONSTRUCTED) {
			if (depth + 1 > ASN1_MAX_DEPTH)
				return false;
			if (!validate_content(t.content.p, t.content.len, depth + 1))
				return false;
		}
	}
	return true;
}

bool der_validate(const uint8_t *p, size_t len, unsigned depth)
{
	struct der d;
	struct der_tlv t;

	der_init(&d, p, len);
	if (!der_next(&d, &t) || !der_done(&d))
		return false;
	if (!(t.tag & ASN1_CONSTRUCTED))
		return true;
	if (depth + 1 > ASN1_MAX_DEPTH)
		return false;
	return validate_content(t.content.p, t.content.len, depth + 1);
}

bool der_oid_arcs(struct smb2_blob oid, uint32_t *arcs, size_t max, size_t *n)
{
	uint32_t tmp[ASN1_MAX_OID_ARCS];
	size_t k = 0, i = 0;

	if (max > ASN1_MAX_OID_ARCS)
		max = ASN1_MAX_OID_ARCS;
	if (oid.len == 0 || max < 2)
		return false;
	while (i < oid.len) {
		uint64_t v = 0;
		/* X.690 8.19.2: the first octet of a subidentifier is never 0x80. */
		if (oid.p[i] == 0x80)
			return false;
		for (;;) {
			if (i >= oid.len)
				return false; /* last octet still had bit 8 set */
			uint8_t b = oid.p[i++];
			v = v << 7 | (b & 0x7F);
			if (v > UINT32_MAX)
				return false;
			if (!(b & 0x80))
				break;
		}
		if (k == 0) {
			/* X.690 8.19.4: first subidentifier = 40 * X + Y. */
			uint32_t x = v < 40 ? 0 : v < 80 ? 1 : 2;
			tmp[k++] = x;
			tmp[k++] = (uint32_t)(v - 40u * x);
		} else {
			if (k >= max)
				return false;
			tmp[k++] = (uint32_t)v;
		}
	}
	memcpy(arcs, tmp, k * sizeof(*tmp));
	*n = k;
	return true;
}

bool der_oid_equal(struct smb2_blob oid, const uint8_t *enc, size_t enc_len)
{
	return oid.len == enc_len && memcmp(oid.p, enc, enc_len) == 0;
}

/* ---- writer ---------------------------------------------------------- */

/* Room reserved for a length: 0x84 and four octets. */
#define DER_LEN_RESERVE 5

size_t der_begin(struct wr *w, uint8_t tag)
{
	size_t mark = w->len;

	wr_u8(w, tag);
	wr_zero(w, DER_LEN_RESERVE);
	return mark;
}

void der_end(struct wr *w, size_t mark)
{
	uint8_t enc[DER_LEN_RESERVE];
	size_t k;

	if (!wr_ok(w) || w->len < mark + 1 + DER_LEN_RESERVE)
		return;
	size_t content = w->len - (mark + 1 + DER_LEN_RESERVE);
	if (content > UINT32_MAX) {
		w->err = true;
		return;
	}
	if (content < 0x80) {
		enc[0] = (uint8_t)content, k = 1;
	} else {
		unsigned n = content > 0xFFFFFF ? 4 : content > 0xFFFF ? 3 : content > 0xFF ? 2 : 1;
		enc[0] = (uint8_t)(0x80 | n);
		for (unsigned i = 0; i < n; i++)
			enc[1 + i] = (uint8_t)(content >> (8 * (n - 1 - i)));
		k = n + 1;
	}
	memcpy(w->buf + mark + 1, enc, k);
	memmove(w->buf + mark + 1 + k, w->buf + mark + 1 + DER_LEN_RESERVE, content);
	w->len -= DER_LEN_RESERVE - k;
}

void der_put(struct wr *w, uint8_t tag, const void *p, size_t len)
{
	size_t m = der_begin(w, tag);

	wr_bytes(w, p, len);
	der_end(w, m);
}

static void put_base128(struct wr *w, uint64_t v)
{
	uint8_t tmp[10];
	size_t n = 0;

	do {
		tmp[n++] = (uint8_t)(v & 0x7F);
		v >>= 7;
	} while (v);
	while (n > 1)
		wr_u8(w, (uint8_t)(tmp[--n] | 0x80));
	wr_u8(w, tmp[0]);
}

void der_put_oid(struct wr *w, const uint32_t *arcs, size_t n)
{
	if (n < 2 || arcs[0] > 2 || (arcs[0] < 2 && arcs[1] >= 40)) {
		w->err = true;
		return;
	}
	size_t m = der_begin(w, ASN1_OID);
	put_base128(w, (uint64_t)arcs[0] * 40 + arcs[1]);
	for (size_t i = 2; i < n; i++)
		put_base128(w, arcs[i]);
	der_end(w, m);
}
