/*
 * A strict DER reader and a writer, enough for SPNEGO (RFC 4178, MS-SPNG).
 *
 * Reader rules (X.690 section 10, DER): single-byte tags only (tag numbers
 * below 31); definite lengths only; the length in its shortest form (short
 * form below 128, no leading zero byte in the long form, at most four
 * length bytes); every element lies inside its parent; nesting is bounded
 * by ASN1_MAX_DEPTH (wire/limits.h).  A failure returns false and leaves
 * the cursor and the outputs untouched.
 *
 * Values are zero copy: blobs point into the input.
 */
#ifndef SMBSIM_AUTH_ASN1_H
#define SMBSIM_AUTH_ASN1_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "wire/cursor.h"

/* Universal tags and the class/constructed bits (X.680 8.4, X.690 8.1.2). */
#define ASN1_BOOLEAN 0x01
#define ASN1_INTEGER 0x02
#define ASN1_BIT_STRING 0x03
#define ASN1_OCTET_STRING 0x04
#define ASN1_OID 0x06
#define ASN1_ENUMERATED 0x0A
#define ASN1_GENERAL_STRING 0x1B
#define ASN1_SEQUENCE 0x30
#define ASN1_CONSTRUCTED 0x20
#define ASN1_CONTEXT(n) (0xA0 | (n)) /* [n] EXPLICIT, constructed */
#define ASN1_APPLICATION(n) (0x60 | (n))

/* Longest OID we decode into arcs. */
#define ASN1_MAX_OID_ARCS 16

/* A cursor over DER content, with its nesting depth. */
struct der {
	struct rd c;
	unsigned depth;
};

/* One element: its tag, its content, and the whole encoding (tag, length
 * and content) for callers that hash or copy it. */
struct der_tlv {
	uint8_t tag;
	struct smb2_blob content;
	struct smb2_blob whole;
};

void der_init(struct der *d, const uint8_t *p, size_t len);

static inline bool der_done(const struct der *d)
{
	return rd_left(&d->c) == 0;
}

/* Read the next element, whatever its tag. */
WUR bool der_next(struct der *d, struct der_tlv *out);
/* Peek at the next element's tag (false at the end). */
WUR bool der_peek(const struct der *d, uint8_t *tag);
/* Read the next element, which must have `tag`. */
WUR bool der_expect(struct der *d, uint8_t tag, struct der_tlv *out);
/* Read the next element, which must have `tag`, and open a cursor over its
 * content one level deeper (fails past ASN1_MAX_DEPTH). */
WUR bool der_enter(struct der *d, uint8_t tag, struct der *inner);
/* If the next element has `tag`, enter it and set *present. */
WUR bool der_enter_opt(struct der *d, uint8_t tag, struct der *inner, bool *present);

/* Check that a whole buffer is exactly one DER element whose constructed
 * contents are, recursively, well-formed DER (depth counted from `depth`). */
WUR bool der_validate(const uint8_t *p, size_t len, unsigned depth);

/* Decode OID content octets (X.690 8.19) into arcs: minimal base-128
 * subidentifiers, first two arcs combined.  Fails on an empty OID, a
 * non-minimal or truncated subidentifier, an arc past 32 bits, or more
 * than `max` arcs. */
WUR bool der_oid_arcs(struct smb2_blob oid, uint32_t *arcs, size_t max, size_t *n);

/* Compare OID content with a constant encoding. */
bool der_oid_equal(struct smb2_blob oid, const uint8_t *enc, size_t enc_len);

/* ---- writer ------------------------------------------------------------
 * der_begin() writes a tag and reserves room for the longest length we
 * emit; der_end() writes the shortest length and closes the gap.  Nothing
 * else may record absolute positions between the two.  Errors are sticky
 * in the writer, as for every struct wr user. */
size_t der_begin(struct wr *w, uint8_t tag);
void der_end(struct wr *w, size_t mark);
void der_put(struct wr *w, uint8_t tag, const void *p, size_t len);
/* An OID from arcs (at least two; first < 3, second < 40 unless first 2). */
void der_put_oid(struct wr *w, const uint32_t *arcs, size_t n);

#endif
