/*
 * DCE/RPC connection-oriented PDU decoding (C706 12.6, MS-RPCE 2.2.2).
 * The cursor's base is the first byte of the fragment, so alignment and
 * offsets count from the PDU start as C706 12.6.2 says.
 */
#include "rpc/dcerpc.h"

#include <string.h>

static bool rd_syntax(struct rd *c, struct dcerpc_syntax *s)
{
	uint32_t vers;

	if (!rd_bytes(c, s->uuid.b, sizeof s->uuid.b) || !rd_u32(c, &vers))
		return false;
	s->vers_major = (uint16_t)vers;
	s->vers_minor = (uint16_t)(vers >> 16);
	return true;
}

enum dcerpc_decode_err dcerpc_hdr_decode(const uint8_t *p, size_t len, struct dcerpc_hdr *out)
{
	struct dcerpc_hdr h;

	if (len < DCERPC_HDR_SIZE)
		return DCERPC_DECODE_SHORT;
	h.rpc_vers = p[0];
	h.rpc_vers_minor = p[1];
	h.ptype = p[2];
	h.pfc_flags = p[3];
	memcpy(h.drep, p + 4, 4);
	h.frag_length = le16(p + 8);
	h.auth_length = le16(p + 10);
	h.call_id = le32(p + 12);
	/* C706 12.6.3.1 */
	if (h.rpc_vers != DCERPC_RPC_VERS || h.rpc_vers_minor > DCERPC_RPC_VERS_MINOR_MAX)
		return DCERPC_DECODE_VERSION;
	if (h.frag_length < DCERPC_HDR_SIZE)
		return DCERPC_DECODE_FRAG_LEN;
	/* C706 14.1: byte 0 high nibble integer order (1 = little-endian),
	 * low nibble character set (0 = ASCII); byte 1 floats (0 = IEEE). */
	if (h.drep[0] != DCERPC_DREP_LE || h.drep[1] != 0)
		return DCERPC_DECODE_DREP;
	if (h.auth_length != 0 &&
	    (uint32_t)DCERPC_HDR_SIZE + DCERPC_AUTH_TRAILER_SIZE + h.auth_length > h.frag_length)
		return DCERPC_DECODE_AUTH;
	*out = h;
	return DCERPC_DECODE_OK;
}

/* bind / alter_context, C706 12.6.4.3 */
static enum dcerpc_decode_err bind_decode(struct rd *c, struct dcerpc_bind *b)
{
	uint8_t rsv8;
	uint16_t rsv16;

	if (!rd_u16(c, &b->max_xmit_frag) || !rd_u16(c, &b->max_recv_frag) ||
	    !rd_u32(c, &b->assoc_group_id) || !rd_u8(c, &b->n_ctx) || !rd_u8(c, &rsv8) ||
	    !rd_u16(c, &rsv16)) {
		rd_fail(c, "bind.fixed");
		return DCERPC_DECODE_BODY;
	}
	if (b->n_ctx > DCERPC_MAX_CTX_ITEMS) {
		rd_fail(c, "bind.n_context_elem");
		return DCERPC_DECODE_LIMIT;
	}
	for (unsigned i = 0; i < b->n_ctx; i++) {
		struct dcerpc_ctx_elem *e = &b->ctx[i];

		if (!rd_u16(c, &e->ctx_id) || !rd_u8(c, &e->n_transfer) || !rd_u8(c, &rsv8) ||
		    !rd_syntax(c, &e->abstract)) {
			rd_fail(c, "bind.p_cont_elem");
			return DCERPC_DECODE_BODY;
		}
		if (e->n_transfer == 0) {
			rd_fail(c, "bind.n_transfer_syn");
			return DCERPC_DECODE_BODY;
		}
		if (e->n_transfer > DCERPC_MAX_TRANSFER_SYNTAXES) {
			rd_fail(c, "bind.n_transfer_syn");
			return DCERPC_DECODE_LIMIT;
		}
		for (unsigned j = 0; j < e->n_transfer; j++) {
			if (!rd_syntax(c, &e->transfer[j])) {
				rd_fail(c, "bind.transfer_syntaxes");
				return DCERPC_DECODE_BODY;
			}
		}
	}
	return DCERPC_DECODE_OK;
}

/* bind_ack / alter_context_resp, C706 12.6.4.4 */
static enum dcerpc_decode_err bind_ack_decode(struct rd *c, struct dcerpc_bind_ack *a)
{
	uint16_t sa_len, rsv16;
	uint8_t rsv8;
	const uint8_t *sa;

	if (!rd_u16(c, &a->max_xmit_frag) || !rd_u16(c, &a->max_recv_frag) ||
	    !rd_u32(c, &a->assoc_group_id) || !rd_u16(c, &sa_len)) {
		rd_fail(c, "bind_ack.fixed");
		return DCERPC_DECODE_BODY;
	}
	if (sa_len > DCERPC_MAX_SEC_ADDR) {
		rd_fail(c, "bind_ack.sec_addr.length");
		return DCERPC_DECODE_LIMIT;
	}
	if (!rd_ptr(c, sa_len, &sa)) {
		rd_fail(c, "bind_ack.sec_addr");
		return DCERPC_DECODE_BODY;
	}
	/* port_any_t is a NUL-terminated string when present */
	if (sa_len > 0 && (sa[sa_len - 1] != 0 || memchr(sa, 0, sa_len - 1u) != NULL)) {
		rd_fail(c, "bind_ack.sec_addr");
		return DCERPC_DECODE_BODY;
	}
	a->sec_addr.p = sa;
	a->sec_addr.len = sa_len;
	if (!rd_align(c, 4) || !rd_u8(c, &a->n_results) || !rd_u8(c, &rsv8) ||
	    !rd_u16(c, &rsv16)) {
		rd_fail(c, "bind_ack.p_result_list");
		return DCERPC_DECODE_BODY;
	}
	if (a->n_results > DCERPC_MAX_CTX_ITEMS) {
		rd_fail(c, "bind_ack.n_results");
		return DCERPC_DECODE_LIMIT;
	}
	for (unsigned i = 0; i < a->n_results; i++) {
		struct dcerpc_ctx_result_item *r = &a->results[i];

		if (!rd_u16(c, &r->result) || !rd_u16(c, &r->reason) ||
		    !rd_syntax(c, &r->transfer)) {
			rd_fail(c, "bind_ack.p_results");
			return DCERPC_DECODE_BODY;
		}
	}
	return DCERPC_DECODE_OK;
}

/* bind_nak, C706 12.6.4.5 (MS-RPCE 2.2.2.5 may append a signature, not read) */
static enum dcerpc_decode_err bind_nak_decode(struct rd *c, struct dcerpc_bind_nak *n)
{
	if (!rd_u16(c, &n->reason)) {
		rd_fail(c, "bind_nak.provider_reject_reason");
		return DCERPC_DECODE_BODY;
	}
	n->n_versions = 0;
	/* C706: the versions list follows; a nak cut right after the reason
	 * (as some peers send it) carries none. */
	if (rd_left(c) == 0)
		return DCERPC_DECODE_OK;
	if (!rd_u8(c, &n->n_versions)) {
		rd_fail(c, "bind_nak.n_protocols");
		return DCERPC_DECODE_BODY;
	}
	if (n->n_versions > DCERPC_MAX_NAK_VERSIONS) {
		rd_fail(c, "bind_nak.n_protocols");
		return DCERPC_DECODE_LIMIT;
	}
	for (unsigned i = 0; i < n->n_versions; i++) {
		if (!rd_bytes(c, n->versions[i], 2)) {
			rd_fail(c, "bind_nak.p_protocols");
			return DCERPC_DECODE_BODY;
		}
	}
	return DCERPC_DECODE_OK;
}

static enum dcerpc_decode_err stub_rest(struct rd *c, struct smb2_blob *stub)
{
	const uint8_t *p;
	size_t n = rd_left(c);

	if (!rd_ptr(c, n, &p))
		return DCERPC_DECODE_BODY;
	stub->p = p;
	stub->len = (uint32_t)n;
	return DCERPC_DECODE_OK;
}

static enum dcerpc_decode_err body_decode(struct rd *c, const struct dcerpc_hdr *h,
                                          struct dcerpc_pdu *pdu)
{
	uint8_t rsv8;
	uint32_t rsv32;

	switch (h->ptype) {
	case DCERPC_PT_BIND:
	case DCERPC_PT_ALTER_CONTEXT:
		return bind_decode(c, &pdu->u.bind);
	case DCERPC_PT_BIND_ACK:
	case DCERPC_PT_ALTER_CONTEXT_RESP:
		return bind_ack_decode(c, &pdu->u.bind_ack);
	case DCERPC_PT_BIND_NAK:
		return bind_nak_decode(c, &pdu->u.bind_nak);
	case DCERPC_PT_REQUEST: {
		struct dcerpc_request *r = &pdu->u.request;

		if (!rd_u32(c, &r->alloc_hint) || !rd_u16(c, &r->ctx_id) || !rd_u16(c, &r->opnum)) {
			rd_fail(c, "request.fixed");
			return DCERPC_DECODE_BODY;
		}
		r->has_object = (h->pfc_flags & DCERPC_PFC_OBJECT_UUID) != 0;
		memset(&r->object, 0, sizeof r->object);
		if (r->has_object && !rd_bytes(c, r->object.b, sizeof r->object.b)) {
			rd_fail(c, "request.object");
			return DCERPC_DECODE_BODY;
		}
		return stub_rest(c, &r->stub);
	}
	case DCERPC_PT_RESPONSE: {
		struct dcerpc_response *r = &pdu->u.response;

		if (!rd_u32(c, &r->alloc_hint) || !rd_u16(c, &r->ctx_id) ||
		    !rd_u8(c, &r->cancel_count) || !rd_u8(c, &rsv8)) {
			rd_fail(c, "response.fixed");
			return DCERPC_DECODE_BODY;
		}
		return stub_rest(c, &r->stub);
	}
	case DCERPC_PT_FAULT: {
		struct dcerpc_fault *f = &pdu->u.fault;

		if (!rd_u32(c, &f->alloc_hint) || !rd_u16(c, &f->ctx_id) ||
		    !rd_u8(c, &f->cancel_count) || !rd_u8(c, &rsv8) || !rd_u32(c, &f->status)) {
			rd_fail(c, "fault.fixed");
			return DCERPC_DECODE_BODY;
		}
		/* C706 12.6.4.7: four reserved bytes align the stub to 8; a
		 * fault cut after the status carries no stub. */
		if (rd_left(c) > 0 && !rd_u32(c, &rsv32)) {
			rd_fail(c, "fault.reserved2");
			return DCERPC_DECODE_BODY;
		}
		return stub_rest(c, &f->stub);
	}
	case DCERPC_PT_AUTH3:
	case DCERPC_PT_SHUTDOWN:
	case DCERPC_PT_CO_CANCEL:
	case DCERPC_PT_ORPHANED:
		return DCERPC_DECODE_OK;
	default:
		rd_fail(c, "hdr.ptype");
		return DCERPC_DECODE_PTYPE;
	}
}

enum dcerpc_decode_err dcerpc_pdu_decode(const uint8_t *p, size_t len, struct dcerpc_pdu *out,
                                         struct rd *c_err)
{
	struct dcerpc_pdu pdu;
	enum dcerpc_decode_err e;
	struct rd c;
	size_t body_end;

	memset(&pdu, 0, sizeof pdu);
	e = dcerpc_hdr_decode(p, len, &pdu.hdr);
	if (e != DCERPC_DECODE_OK)
		return e;
	if (len < pdu.hdr.frag_length)
		return DCERPC_DECODE_SHORT;
	body_end = pdu.hdr.frag_length;
	if (pdu.hdr.auth_length != 0) {
		/* C706 13.2.6.1: the trailer sits right before the auth value at
		 * the end of the fragment, 4-byte aligned. */
		size_t t = body_end - pdu.hdr.auth_length - DCERPC_AUTH_TRAILER_SIZE;
		const uint8_t *tp = p + t;

		if ((t & 3) != 0)
			return DCERPC_DECODE_AUTH;
		pdu.has_auth = true;
		pdu.auth.auth_type = tp[0];
		pdu.auth.auth_level = tp[1];
		pdu.auth.auth_pad_length = tp[2];
		pdu.auth.auth_reserved = tp[3];
		pdu.auth.auth_context_id = le32(tp + 4);
		pdu.auth.value.p = tp + DCERPC_AUTH_TRAILER_SIZE;
		pdu.auth.value.len = pdu.hdr.auth_length;
		body_end = t;
	}
	rd_init(&c, p, body_end);
	c.pos = DCERPC_HDR_SIZE;
	e = body_decode(&c, &pdu.hdr, &pdu);
	if (e != DCERPC_DECODE_OK) {
		if (c_err) {
			c_err->err_field = c.err_field;
			c_err->err_off = c.err_off;
		}
		return e;
	}
	if (pdu.has_auth) {
		/* The pad before the trailer belongs to the stub (C706 13.2.6.1). */
		struct smb2_blob *stub = NULL;

		if (pdu.hdr.ptype == DCERPC_PT_REQUEST)
			stub = &pdu.u.request.stub;
		else if (pdu.hdr.ptype == DCERPC_PT_RESPONSE)
			stub = &pdu.u.response.stub;
		else if (pdu.hdr.ptype == DCERPC_PT_FAULT)
			stub = &pdu.u.fault.stub;
		if (stub) {
			if (pdu.auth.auth_pad_length > stub->len)
				return DCERPC_DECODE_AUTH;
			stub->len -= pdu.auth.auth_pad_length;
		} else if (pdu.auth.auth_pad_length > rd_left(&c)) {
			return DCERPC_DECODE_AUTH;
		}
	}
	*out = pdu;
	return DCERPC_DECODE_OK;
}

const char *dcerpc_ptype_name(uint8_t ptype)
{
	switch (ptype) {
	case DCERPC_PT_REQUEST: return "request";
	case DCERPC_PT_RESPONSE: return "response";
	case DCERPC_PT_FAULT: return "fault";
	case DCERPC_PT_BIND: return "bind";
	case DCERPC_PT_BIND_ACK: return "bind_ack";
	case DCERPC_PT_BIND_NAK: return "bind_nak";
	case DCERPC_PT_ALTER_CONTEXT: return "alter_context";
	case DCERPC_PT_ALTER_CONTEXT_RESP: return "alter_context_resp";
	case DCERPC_PT_AUTH3: return "auth3";
	case DCERPC_PT_SHUTDOWN: return "shutdown";
	case DCERPC_PT_CO_CANCEL: return "co_cancel";
	case DCERPC_PT_ORPHANED: return "orphaned";
	default: return "unknown";
	}
}

const char *dcerpc_decode_err_name(enum dcerpc_decode_err e)
{
	switch (e) {
	case DCERPC_DECODE_OK: return "ok";
	case DCERPC_DECODE_SHORT: return "fragment shorter than its header or frag_length";
	case DCERPC_DECODE_VERSION: return "rpc version is not 5.0 or 5.1";
	case DCERPC_DECODE_DREP: return "data representation is not little-endian ASCII IEEE";
	case DCERPC_DECODE_FRAG_LEN: return "frag_length smaller than the header";
	case DCERPC_DECODE_AUTH: return "auth_length or security trailer does not fit";
	case DCERPC_DECODE_PTYPE: return "unknown packet type";
	case DCERPC_DECODE_BODY: return "malformed body";
	case DCERPC_DECODE_LIMIT: return "count past a limit";
	}
	return "unknown";
}
