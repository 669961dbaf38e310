/*
 * DCE/RPC connection-oriented PDU encoding (C706 12.6, MS-RPCE 2.2.2), the
 * well-known transfer syntaxes, and the split of a call into fragments.
 */
#include "rpc/dcerpc.h"

#include <string.h>

/* 8a885d04-1ceb-11c9-9fe8-08002b104860 v2.0 */
const struct dcerpc_syntax dcerpc_syntax_ndr32 = {
	{ { 0x04, 0x5d, 0x88, 0x8a, 0xeb, 0x1c, 0xc9, 0x11,
	    0x9f, 0xe8, 0x08, 0x00, 0x2b, 0x10, 0x48, 0x60 } }, 2, 0
};

/* 71710533-beba-4937-8319-b5dbef9ccc36 v1.0 */
const struct dcerpc_syntax dcerpc_syntax_ndr64 = {
	{ { 0x33, 0x05, 0x71, 0x71, 0xba, 0xbe, 0x37, 0x49,
	    0x83, 0x19, 0xb5, 0xdb, 0xef, 0x9c, 0xcc, 0x36 } }, 1, 0
};

/* MS-RPCE 3.3.1.5.3: 6cb71c2c-9812-4540, then the bitmask. */
static const uint8_t btfn_prefix[8] = { 0x2c, 0x1c, 0xb7, 0x6c, 0x12, 0x98, 0x40, 0x45 };

bool dcerpc_syntax_is_btfn(const struct dcerpc_syntax *s, uint64_t *features)
{
	if (memcmp(s->uuid.b, btfn_prefix, sizeof btfn_prefix) != 0)
		return false;
	if (features)
		*features = le64(s->uuid.b + 8);
	return true;
}

bool dcerpc_syntax_equal(const struct dcerpc_syntax *a, const struct dcerpc_syntax *b)
{
	return memcmp(a->uuid.b, b->uuid.b, sizeof a->uuid.b) == 0 &&
	       a->vers_major == b->vers_major && a->vers_minor == b->vers_minor;
}

static int hexval(char ch)
{
	if (ch >= '0' && ch <= '9')
		return ch - '0';
	if (ch >= 'a' && ch <= 'f')
		return ch - 'a' + 10;
	if (ch >= 'A' && ch <= 'F')
		return ch - 'A' + 10;
	return -1;
}

bool dcerpc_uuid_parse(const char *s, struct dcerpc_uuid *out)
{
	/* text order: time_low(4) time_mid(2) time_hi(2) clock(2) node(6) */
	uint8_t t[16];
	unsigned n = 0;

	for (size_t i = 0; s[i] != '\0'; i++) {
		int hi, lo;

		if (i == 8 || i == 13 || i == 18 || i == 23) {
			if (s[i] != '-')
				return false;
			continue;
		}
		if (n == 16 || s[i + 1] == '\0')
			return false;
		hi = hexval(s[i]);
		lo = hexval(s[i + 1]);
		if (hi < 0 || lo < 0)
			return false;
		t[n++] = (uint8_t)(hi << 4 | lo);
		i++;
		if (i == 8 || i == 13 || i == 18 || i == 23)
			return false;
	}
	if (n != 16)
		return false;
	/* NDR form: the first three fields little-endian */
	out->b[0] = t[3];
	out->b[1] = t[2];
	out->b[2] = t[1];
	out->b[3] = t[0];
	out->b[4] = t[5];
	out->b[5] = t[4];
	out->b[6] = t[7];
	out->b[7] = t[6];
	memcpy(out->b + 8, t + 8, 8);
	return true;
}

/* ---- encoders ------------------------------------------------------- */

static size_t hdr_begin(struct wr *w, uint8_t ptype, uint8_t flags, uint32_t call_id)
{
	size_t start = w->len;

	wr_u8(w, DCERPC_RPC_VERS);
	wr_u8(w, DCERPC_RPC_VERS_MINOR);
	wr_u8(w, ptype);
	wr_u8(w, flags);
	wr_u8(w, DCERPC_DREP_LE);
	wr_zero(w, 3);
	wr_u16(w, 0); /* frag_length, patched */
	wr_u16(w, 0); /* auth_length */
	wr_u32(w, call_id);
	return start;
}

static NTSTATUS hdr_end(struct wr *w, size_t start)
{
	size_t n;

	if (!wr_ok(w))
		return wr_status(w);
	n = w->len - start;
	if (n > DCERPC_MAX_FRAG) {
		w->len = start;
		return STATUS_INVALID_PARAMETER;
	}
	wr_put_u16_at(w, start + 8, (uint16_t)n);
	return wr_status(w);
}

static void wr_syntax(struct wr *w, const struct dcerpc_syntax *s)
{
	wr_bytes(w, s->uuid.b, sizeof s->uuid.b);
	wr_u32(w, (uint32_t)s->vers_major | (uint32_t)s->vers_minor << 16);
}

NTSTATUS dcerpc_bind_encode(struct wr *w, uint8_t ptype, uint32_t call_id,
                            const struct dcerpc_bind *b)
{
	size_t start;

	if ((ptype != DCERPC_PT_BIND && ptype != DCERPC_PT_ALTER_CONTEXT) ||
	    b->n_ctx > DCERPC_MAX_CTX_ITEMS)
		return STATUS_INVALID_PARAMETER;
	for (unsigned i = 0; i < b->n_ctx; i++)
		if (b->ctx[i].n_transfer == 0 || b->ctx[i].n_transfer > DCERPC_MAX_TRANSFER_SYNTAXES)
			return STATUS_INVALID_PARAMETER;
	start = hdr_begin(w, ptype, DCERPC_PFC_FIRST_FRAG | DCERPC_PFC_LAST_FRAG, call_id);
	wr_u16(w, b->max_xmit_frag);
	wr_u16(w, b->max_recv_frag);
	wr_u32(w, b->assoc_group_id);
	wr_u8(w, b->n_ctx);
	wr_zero(w, 3);
	for (unsigned i = 0; i < b->n_ctx; i++) {
		const struct dcerpc_ctx_elem *e = &b->ctx[i];

		wr_u16(w, e->ctx_id);
		wr_u8(w, e->n_transfer);
		wr_u8(w, 0);
		wr_syntax(w, &e->abstract);
		for (unsigned j = 0; j < e->n_transfer; j++)
			wr_syntax(w, &e->transfer[j]);
	}
	return hdr_end(w, start);
}

NTSTATUS dcerpc_bind_ack_encode(struct wr *w, uint8_t ptype, uint32_t call_id,
                                const struct dcerpc_bind_ack *a)
{
	size_t start, saved_msg = w->msg;
	NTSTATUS st;

	if ((ptype != DCERPC_PT_BIND_ACK && ptype != DCERPC_PT_ALTER_CONTEXT_RESP) ||
	    a->n_results > DCERPC_MAX_CTX_ITEMS || a->sec_addr.len > DCERPC_MAX_SEC_ADDR)
		return STATUS_INVALID_PARAMETER;
	start = hdr_begin(w, ptype, DCERPC_PFC_FIRST_FRAG | DCERPC_PFC_LAST_FRAG, call_id);
	wr_u16(w, a->max_xmit_frag);
	wr_u16(w, a->max_recv_frag);
	wr_u32(w, a->assoc_group_id);
	wr_u16(w, (uint16_t)a->sec_addr.len);
	wr_bytes(w, a->sec_addr.p, a->sec_addr.len);
	w->msg = start; /* C706 12.6.2: alignment counts from the PDU start */
	wr_align(w, 4);
	w->msg = saved_msg;
	wr_u8(w, a->n_results);
	wr_zero(w, 3);
	for (unsigned i = 0; i < a->n_results; i++) {
		wr_u16(w, a->results[i].result);
		wr_u16(w, a->results[i].reason);
		wr_syntax(w, &a->results[i].transfer);
	}
	st = hdr_end(w, start);
	return st;
}

NTSTATUS dcerpc_bind_nak_encode(struct wr *w, uint32_t call_id, const struct dcerpc_bind_nak *n)
{
	size_t start;

	if (n->n_versions > DCERPC_MAX_NAK_VERSIONS)
		return STATUS_INVALID_PARAMETER;
	start = hdr_begin(w, DCERPC_PT_BIND_NAK, DCERPC_PFC_FIRST_FRAG | DCERPC_PFC_LAST_FRAG,
	                  call_id);
	wr_u16(w, n->reason);
	wr_u8(w, n->n_versions);
	for (unsigned i = 0; i < n->n_versions; i++)
		wr_bytes(w, n->versions[i], 2);
	return hdr_end(w, start);
}

NTSTATUS dcerpc_request_encode(struct wr *w, uint8_t flags, uint32_t call_id,
                               const struct dcerpc_request *r)
{
	size_t start;

	flags = (uint8_t)((flags & ~DCERPC_PFC_OBJECT_UUID) |
	                  (r->has_object ? DCERPC_PFC_OBJECT_UUID : 0));
	start = hdr_begin(w, DCERPC_PT_REQUEST, flags, call_id);
	wr_u32(w, r->alloc_hint);
	wr_u16(w, r->ctx_id);
	wr_u16(w, r->opnum);
	if (r->has_object)
		wr_bytes(w, r->object.b, sizeof r->object.b);
	wr_bytes(w, r->stub.p, r->stub.len);
	return hdr_end(w, start);
}

NTSTATUS dcerpc_response_encode(struct wr *w, uint8_t flags, uint32_t call_id,
                                const struct dcerpc_response *r)
{
	size_t start = hdr_begin(w, DCERPC_PT_RESPONSE, flags, call_id);

	wr_u32(w, r->alloc_hint);
	wr_u16(w, r->ctx_id);
	wr_u8(w, r->cancel_count);
	wr_u8(w, 0);
	wr_bytes(w, r->stub.p, r->stub.len);
	return hdr_end(w, start);
}

NTSTATUS dcerpc_fault_encode(struct wr *w, uint8_t flags, uint32_t call_id,
                             const struct dcerpc_fault *f)
{
	size_t start = hdr_begin(w, DCERPC_PT_FAULT, flags, call_id);

	wr_u32(w, f->alloc_hint);
	wr_u16(w, f->ctx_id);
	wr_u8(w, f->cancel_count);
	wr_u8(w, 0);
	wr_u32(w, f->status);
	wr_u32(w, 0); /* reserved2: aligns the stub to 8 */
	wr_bytes(w, f->stub.p, f->stub.len);
	return hdr_end(w, start);
}

NTSTATUS dcerpc_simple_encode(struct wr *w, uint8_t ptype, uint8_t flags, uint32_t call_id)
{
	size_t start;

	if (ptype != DCERPC_PT_AUTH3 && ptype != DCERPC_PT_SHUTDOWN &&
	    ptype != DCERPC_PT_CO_CANCEL && ptype != DCERPC_PT_ORPHANED)
		return STATUS_INVALID_PARAMETER;
	start = hdr_begin(w, ptype, flags, call_id);
	if (ptype == DCERPC_PT_AUTH3)
		wr_zero(w, 4); /* MS-RPCE 2.2.2.10: pad */
	return hdr_end(w, start);
}

NTSTATUS dcerpc_call_encode(struct wr *w, bool is_request, uint32_t call_id, uint16_t ctx_id,
                            uint16_t opnum, const uint8_t *stub, size_t stub_len,
                            size_t max_frag)
{
	size_t chunk_max, off = 0, start = w->len;
	uint8_t flags = DCERPC_PFC_FIRST_FRAG;

	if (max_frag < DCERPC_MIN_FRAG || stub_len > DCERPC_MAX_CALL_STUB)
		return STATUS_INVALID_PARAMETER;
	if (max_frag > DCERPC_MAX_FRAG)
		max_frag = DCERPC_MAX_FRAG;
	/* C706 12.6.3.7: every fragment's stub but the last is a multiple of
	 * eight bytes, so NDR alignment survives the split. */
	chunk_max = (max_frag - DCERPC_REQUEST_HDR_SIZE) & ~(size_t)7;
	for (;;) {
		size_t n = stub_len - off;
		NTSTATUS st;

		if (n > chunk_max)
			n = chunk_max;
		else
			flags |= DCERPC_PFC_LAST_FRAG;
		if (is_request) {
			struct dcerpc_request r = {
				.alloc_hint = (uint32_t)(stub_len - off), .ctx_id = ctx_id,
				.opnum = opnum, .stub = { stub ? stub + off : NULL, (uint32_t)n },
			};
			st = dcerpc_request_encode(w, flags, call_id, &r);
		} else {
			struct dcerpc_response r = {
				.alloc_hint = (uint32_t)(stub_len - off), .ctx_id = ctx_id,
				.stub = { stub ? stub + off : NULL, (uint32_t)n },
			};
			st = dcerpc_response_encode(w, flags, call_id, &r);
		}
		if (st != STATUS_SUCCESS) {
			if (w->len > start)
				w->len = start;
			return st;
		}
		off += n;
		if (flags & DCERPC_PFC_LAST_FRAG)
			return STATUS_SUCCESS;
		flags = 0;
	}
}
