/* SPNEGO NegTokenInit(2) and NegTokenResp (RFC 4178 4.2, MS-SPNG 2.2). */
#include <string.h>

#include "auth/asn1.h"
#include "auth/spnego.h"

/* OID content octets (X.690 8.19). */
static const uint8_t oid_spnego[] = { 0x2b, 0x06, 0x01, 0x05, 0x05, 0x02 };
static const uint8_t oid_ntlmssp[] = { 0x2b, 0x06, 0x01, 0x04, 0x01, 0x82, 0x37, 0x02, 0x02, 0x0a };
static const uint8_t oid_negoex[] = { 0x2b, 0x06, 0x01, 0x04, 0x01, 0x82, 0x37, 0x02, 0x02, 0x1e };
static const uint8_t oid_krb5[] = { 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x12, 0x01, 0x02, 0x02 };
static const uint8_t oid_ms_krb5[] = { 0x2a, 0x86, 0x48, 0x82, 0xf7, 0x12, 0x01, 0x02, 0x02 };

enum spnego_mech spnego_mech_from_oid(struct smb2_blob oid)
{
	if (der_oid_equal(oid, oid_ntlmssp, sizeof(oid_ntlmssp)))
		return SPNEGO_MECH_NTLMSSP;
	if (der_oid_equal(oid, oid_krb5, sizeof(oid_krb5)))
		return SPNEGO_MECH_KRB5;
	if (der_oid_equal(oid, oid_ms_krb5, sizeof(oid_ms_krb5)))
		return SPNEGO_MECH_MS_KRB5;
	if (der_oid_equal(oid, oid_negoex, sizeof(oid_negoex)))
		return SPNEGO_MECH_NEGOEX;
	return SPNEGO_MECH_UNKNOWN;
}

const uint8_t *spnego_mech_oid(enum spnego_mech m, size_t *len)
{
	switch (m) {
	case SPNEGO_MECH_NTLMSSP:
		*len = sizeof(oid_ntlmssp);
		return oid_ntlmssp;
	case SPNEGO_MECH_KRB5:
		*len = sizeof(oid_krb5);
		return oid_krb5;
	case SPNEGO_MECH_MS_KRB5:
		*len = sizeof(oid_ms_krb5);
		return oid_ms_krb5;
	case SPNEGO_MECH_NEGOEX:
		*len = sizeof(oid_negoex);
		return oid_negoex;
	case SPNEGO_MECH_UNKNOWN:
		break;
	}
	*len = 0;
	return NULL;
}

/* An OID element whose content is a well-formed OID. */
static bool read_oid(struct der *d, struct smb2_blob *oid)
{
	struct der_tlv t;
	uint32_t arcs[ASN1_MAX_OID_ARCS];
	size_t n;

	if (!der_expect(d, ASN1_OID, &t) ||
	    !der_oid_arcs(t.content, arcs, ASN1_MAX_OID_ARCS, &n))
		return false;
	*oid = t.content;
	return true;
}

/* [n] { OCTET STRING } */
static bool read_octets(struct der *d, uint8_t ctx, struct smb2_blob *out, bool *has)
{
	struct der in;
	struct der_tlv t;
	bool present;

	if (!der_enter_opt(d, ctx, &in, &present))
		return false;
	if (!present) {
		*has = false;
		return true;
	}
	if (!der_expect(&in, ASN1_OCTET_STRING, &t) || !der_done(&in))
		return false;
	*out = t.content;
	*has = true;
	return true;
}

/* RFC 4178 4.2.1 MechTypeList ::= SEQUENCE OF MechType */
static bool read_mech_types(struct der *d, struct spnego_init *r)
{
	struct der ctx, seq;
	struct der_tlv whole;

	if (!der_enter(d, ASN1_CONTEXT(0), &ctx))
		return false;
	{
		struct der peek = ctx;
		if (!der_expect(&peek, ASN1_SEQUENCE, &whole))
			return false;
	}
	if (!der_enter(&ctx, ASN1_SEQUENCE, &seq) || !der_done(&ctx))
		return false;
	r->mech_types_der = whole.whole;
	r->n_mechs = 0;
	while (!der_done(&seq)) {
		struct smb2_blob oid;
		if (r->n_mechs >= SPNEGO_MAX_MECH_TYPES || !read_oid(&seq, &oid))
			return false;
		r->mech_oid[r->n_mechs] = oid;
		r->mech[r->n_mechs] = spnego_mech_from_oid(oid);
		r->n_mechs++;
	}
	/* RFC 4178 4.2.1: the list names at least one mechanism. */
	return r->n_mechs > 0;
}

/* ContextFlags ::= BIT STRING (RFC 4178 4.2.1); we keep the first octet. */
static bool read_req_flags(struct der *d, struct spnego_init *r)
{
	struct der ctx;
	struct der_tlv t;
	bool present;

	if (!der_enter_opt(d, ASN1_CONTEXT(1), &ctx, &present))
		return false;
	r->has_req_flags = present;
	r->req_flags = 0;
	if (!present)
		return true;
	if (!der_expect(&ctx, ASN1_BIT_STRING, &t) || !der_done(&ctx))
		return false;
	/* X.690 8.6.2: initial octet = unused bits (0..7, 0 when empty). */
	if (t.content.len < 1 || t.content.len > 5 || t.content.p[0] > 7 ||
	    (t.content.len == 1 && t.content.p[0] != 0))
		return false;
	if (t.content.len > 1) {
		uint8_t last = t.content.p[t.content.len - 1];
		if (last & ((1u << t.content.p[0]) - 1))
			return false; /* X.690 11.2.1: unused bits are zero */
		r->req_flags = t.content.p[1];
	}
	return true;
}

/* MS-SPNG 2.2.1 NegHints ::= SEQUENCE { hintName [0] GeneralString
 * OPTIONAL, hintAddress [1] OCTET STRING OPTIONAL } */
static bool read_neg_hints(struct der *ctx3, struct spnego_init *r)
{
	struct der seq, in;
	struct der_tlv t;
	bool present;

	if (!der_enter(ctx3, ASN1_SEQUENCE, &seq) || !der_done(ctx3))
		return false;
	r->has_neg_hints = true;
	if (!der_enter_opt(&seq, ASN1_CONTEXT(0), &in, &present))
		return false;
	if (present) {
		if (!der_expect(&in, ASN1_GENERAL_STRING, &t) || !der_done(&in))
			return false;
		r->has_hint_name = true;
		r->hint_name = t.content;
	}
	if (!read_octets(&seq, ASN1_CONTEXT(1), &r->hint_address, &r->has_hint_address))
		return false;
	return der_done(&seq);
}

/* RFC 4178 4.2.1 NegTokenInit / MS-SPNG 2.2.1 NegTokenInit2. */
static bool read_neg_token_init(struct der *d, struct spnego_init *r)
{
	struct der seq;
	uint8_t tag;

	memset(r, 0, sizeof(*r));
	if (!der_enter(d, ASN1_SEQUENCE, &seq) || !der_done(d))
		return false;
	if (!read_mech_types(&seq, r) || !read_req_flags(&seq, r) ||
	    !read_octets(&seq, ASN1_CONTEXT(2), &r->mech_token, &r->has_mech_token))
		return false;
	if (der_peek(&seq, &tag) && tag == ASN1_CONTEXT(3)) {
		struct der ctx3;
		uint8_t inner;
		struct der probe;

		probe = seq;
		if (!der_enter(&probe, ASN1_CONTEXT(3), &ctx3) || !der_peek(&ctx3, &inner))
			return false;
		if (inner == ASN1_SEQUENCE) {
			if (!der_enter(&seq, ASN1_CONTEXT(3), &ctx3) || !read_neg_hints(&ctx3, r))
				return false;
			/* NegTokenInit2: mechListMIC is [4]. */
			if (!read_octets(&seq, ASN1_CONTEXT(4), &r->mech_list_mic,
			                 &r->has_mech_list_mic))
				return false;
		} else if (!read_octets(&seq, ASN1_CONTEXT(3), &r->mech_list_mic,
		                        &r->has_mech_list_mic)) {
			return false;
		}
	} else if (!read_octets(&seq, ASN1_CONTEXT(4), &r->mech_list_mic,
	                        &r->has_mech_list_mic)) {
		return false;
	}
	return der_done(&seq);
}

/* RFC 4178 4.2.2 NegTokenResp. */
static bool read_neg_token_resp(struct der *d, struct spnego_resp *r)
{
	struct der seq, in;
	struct der_tlv t;
	bool present;

	memset(r, 0, sizeof(*r));
	if (!der_enter(d, ASN1_SEQUENCE, &seq) || !der_done(d))
		return false;
	if (!der_enter_opt(&seq, ASN1_CONTEXT(0), &in, &present))
		return false;
	if (present) {
		/* ENUMERATED, one content octet, 0..3 (X.690 8.4: minimal). */
		if (!der_expect(&in, ASN1_ENUMERATED, &t) || !der_done(&in) ||
		    t.content.len != 1 || t.content.p[0] > SPNEGO_REQUEST_MIC)
			return false;
		r->has_neg_state = true;
		r->neg_state = (enum spnego_neg_state)t.content.p[0];
	}
	if (!der_enter_opt(&seq, ASN1_CONTEXT(1), &in, &present))
		return false;
	if (present) {
		if (!read_oid(&in, &r->supported_mech) || !der_done(&in))
			return false;
		r->has_supported_mech = true;
		r->mech = spnego_mech_from_oid(r->supported_mech);
	}
	if (!read_octets(&seq, ASN1_CONTEXT(2), &r->response_token, &r->has_response_token) ||
	    !read_octets(&seq, ASN1_CONTEXT(3), &r->mech_list_mic, &r->has_mech_list_mic))
		return false;
	return der_done(&seq);
}

NTSTATUS spnego_decode(const uint8_t *p, size_t len, struct spnego_token *out)
{
	struct spnego_token tok;
	struct der top, app, ctx;
	struct smb2_blob oid;

	if (len > SMB2_MAX_SECURITY_BLOB)
		return STATUS_INVALID_PARAMETER;
	memset(&tok, 0, sizeof(tok));
	der_init(&top, p, len);
	if (len && p[0] == ASN1_APPLICATION(0)) {
		/* RFC 2743 3.1 InitialContextToken, RFC 4178 4.2: thisMech is
		 * the SPNEGO OID, then the NegotiationToken choice [0]. */
		if (!der_enter(&top, ASN1_APPLICATION(0), &app) || !der_done(&top) ||
		    !read_oid(&app, &oid) || !der_oid_equal(oid, oid_spnego, sizeof(oid_spnego)) ||
		    !der_enter(&app, ASN1_CONTEXT(0), &ctx) || !der_done(&app) ||
		    !read_neg_token_init(&ctx, &tok.init))
			return STATUS_INVALID_PARAMETER;
		tok.is_init = true;
	} else {
		if (!der_enter(&top, ASN1_CONTEXT(1), &ctx) || !der_done(&top) ||
		    !read_neg_token_resp(&ctx, &tok.resp))
			return STATUS_INVALID_PARAMETER;
	}
	*out = tok;
	return STATUS_SUCCESS;
}

/* ---- encoders -------------------------------------------------------- */

static void put_ctx_octets(struct wr *w, uint8_t ctx, struct smb2_blob b)
{
	size_t m = der_begin(w, ASN1_CONTEXT(ctx));

	der_put(w, ASN1_OCTET_STRING, b.p, b.len);
	der_end(w, m);
}

static void put_mech(struct wr *w, enum spnego_mech m, struct smb2_blob raw)
{
	size_t len;
	const uint8_t *oid = spnego_mech_oid(m, &len);

	if (oid)
		der_put(w, ASN1_OID, oid, len);
	else if (raw.len)
		der_put(w, ASN1_OID, raw.p, raw.len);
	else
		w->err = true;
}

NTSTATUS spnego_mech_types_encode(struct wr *w, const struct spnego_init *in)
{
	if (in->n_mechs == 0 || in->n_mechs > SPNEGO_MAX_MECH_TYPES)
		return STATUS_INVALID_PARAMETER;
	size_t m = der_begin(w, ASN1_SEQUENCE);
	for (unsigned i = 0; i < in->n_mechs; i++)
		put_mech(w, in->mech[i], in->mech_oid[i]);
	der_end(w, m);
	return wr_status(w);
}

NTSTATUS spnego_init_encode(struct wr *w, const struct spnego_init *in)
{
	NTSTATUS st;

	size_t app = der_begin(w, ASN1_APPLICATION(0));
	der_put(w, ASN1_OID, oid_spnego, sizeof(oid_spnego));
	size_t c0 = der_begin(w, ASN1_CONTEXT(0));
	size_t seq = der_begin(w, ASN1_SEQUENCE);
	size_t mt = der_begin(w, ASN1_CONTEXT(0));
	st = spnego_mech_types_encode(w, in);
	if (st)
		return st;
	der_end(w, mt);
	if (in->has_req_flags) {
		uint8_t bits[2] = { 0, in->req_flags };
		unsigned unused = 0;
		/* X.690 11.2.2: no trailing zero bits in a named-bit list. */
		while (unused < 8 && !(bits[1] & (1u << unused)))
			unused++;
		size_t c1 = der_begin(w, ASN1_CONTEXT(1));
		if (unused == 8) {
			der_put(w, ASN1_BIT_STRING, bits, 1);
		} else {
			bits[0] = (uint8_t)unused;
			der_put(w, ASN1_BIT_STRING, bits, 2);
		}
		der_end(w, c1);
	}
	if (in->has_mech_token)
		put_ctx_octets(w, 2, in->mech_token);
	if (in->has_neg_hints) {
		size_t c3 = der_begin(w, ASN1_CONTEXT(3));
		size_t hs = der_begin(w, ASN1_SEQUENCE);
		if (in->has_hint_name) {
			size_t h0 = der_begin(w, ASN1_CONTEXT(0));
			der_put(w, ASN1_GENERAL_STRING, in->hint_name.p, in->hint_name.len);
			der_end(w, h0);
		}
		if (in->has_hint_address)
			put_ctx_octets(w, 1, in->hint_address);
		der_end(w, hs);
		der_end(w, c3);
		if (in->has_mech_list_mic)
			put_ctx_octets(w, 4, in->mech_list_mic);
	} else if (in->has_mech_list_mic) {
		put_ctx_octets(w, 3, in->mech_list_mic);
	}
	der_end(w, seq);
	der_end(w, c0);
	der_end(w, app);
	return wr_status(w);
}

NTSTATUS spnego_resp_encode(struct wr *w, const struct spnego_resp *in)
{
	size_t c1 = der_begin(w, ASN1_CONTEXT(1));
	size_t seq = der_begin(w, ASN1_SEQUENCE);

	if (in->has_neg_state) {
		uint8_t v = (uint8_t)in->neg_state;
		if (in->neg_state > SPNEGO_REQUEST_MIC)
			return STATUS_INVALID_PARAMETER;
		size_t c0 = der_begin(w, ASN1_CONTEXT(0));
		der_put(w, ASN1_ENUMERATED, &v, 1);
		der_end(w, c0);
	}
	if (in->has_supported_mech) {
		size_t cm = der_begin(w, ASN1_CONTEXT(1));
		put_mech(w, in->mech, in->supported_mech);
		der_end(w, cm);
	}
	if (in->has_response_token)
		put_ctx_octets(w, 2, in->response_token);
	if (in->has_mech_list_mic)
		put_ctx_octets(w, 3, in->mech_list_mic);
	der_end(w, seq);
	der_end(w, c1);
	return wr_status(w);
}
