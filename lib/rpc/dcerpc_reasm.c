/*
 * Reassembly of a call's stub from its request or response fragments
 * (C706 12.4.2.2 / 12.6.3.7: a call is a run of fragments with the same
 * call_id, the first carrying PFC_FIRST_FRAG and the last PFC_LAST_FRAG).
 */
#include "rpc/dcerpc.h"

#include <stdlib.h>
#include <string.h>

void dcerpc_reasm_init(struct dcerpc_reasm *r)
{
	memset(r, 0, sizeof *r);
}

void dcerpc_reasm_free(struct dcerpc_reasm *r)
{
	free(r->stub);
	memset(r, 0, sizeof *r);
}

void dcerpc_reasm_reset(struct dcerpc_reasm *r)
{
	r->active = false;
	r->len = 0;
	r->call_id = 0;
	r->ptype = 0;
	r->ctx_id = 0;
	r->opnum = 0;
}

static NTSTATUS fail(struct dcerpc_reasm *r, NTSTATUS st)
{
	dcerpc_reasm_reset(r);
	return st;
}

NTSTATUS dcerpc_reasm_add(struct dcerpc_reasm *r, const struct dcerpc_pdu *pdu, bool *done)
{
	const struct smb2_blob *stub;
	uint8_t flags = pdu->hdr.pfc_flags;
	uint16_t ctx_id, opnum = 0;

	*done = false;
	if (pdu->hdr.ptype == DCERPC_PT_REQUEST) {
		stub = &pdu->u.request.stub;
		ctx_id = pdu->u.request.ctx_id;
		opnum = pdu->u.request.opnum;
	} else if (pdu->hdr.ptype == DCERPC_PT_RESPONSE) {
		stub = &pdu->u.response.stub;
		ctx_id = pdu->u.response.ctx_id;
	} else {
		return fail(r, STATUS_INVALID_PARAMETER);
	}
	if (flags & DCERPC_PFC_FIRST_FRAG) {
		if (r->active)
			return fail(r, STATUS_INVALID_PARAMETER);
		r->active = true;
		r->call_id = pdu->hdr.call_id;
		r->ptype = pdu->hdr.ptype;
		r->ctx_id = ctx_id;
		r->opnum = opnum;
		r->len = 0;
	} else if (!r->active || r->call_id != pdu->hdr.call_id || r->ptype != pdu->hdr.ptype ||
	           r->ctx_id != ctx_id || r->opnum != opnum) {
		return fail(r, STATUS_INVALID_PARAMETER);
	}
	if (stub->len > DCERPC_MAX_CALL_STUB - r->len)
		return fail(r, STATUS_BUFFER_OVERFLOW);
	if (r->len + stub->len > r->cap) {
		size_t cap = r->cap ? r->cap : 4096;
		uint8_t *n;

		while (cap < r->len + stub->len)
			cap *= 2;
		if (cap > DCERPC_MAX_CALL_STUB)
			cap = DCERPC_MAX_CALL_STUB;
		n = realloc(r->stub, cap);
		if (!n)
			return fail(r, STATUS_NO_MEMORY);
		r->stub = n;
		r->cap = cap;
	}
	if (stub->len)
		memcpy(r->stub + r->len, stub->p, stub->len);
	r->len += stub->len;
	if (flags & DCERPC_PFC_LAST_FRAG) {
		r->active = false;
		*done = true;
	}
	return STATUS_SUCCESS;
}
