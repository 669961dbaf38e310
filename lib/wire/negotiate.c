/* SMB2 NEGOTIATE (MS-SMB2 2.2.3 request, 2.2.4 response). */
#include "wire/negotiate.h"
#include "wire/body.h"

#define NEG_REQ_SIZE 36
#define NEG_RSP_SIZE 65

static bool dialects_have_311(const uint16_t *d, uint16_t n)
{
	for (uint16_t i = 0; i < n && i < SMB2_MAX_DIALECTS; i++)
		if (d[i] == SMB2_DIALECT_311)
			return true;
	return false;
}

bool smb2_negotiate_req_has_311(const struct smb2_negotiate_req *r)
{
	return dialects_have_311(r->dialects, r->dialect_count);
}

NTSTATUS smb2_negotiate_req_decode(struct rd *c, struct smb2_negotiate_req *out)
{
	struct smb2_negotiate_req r;
	uint64_t tail = 0;
	size_t count_pos;
	NTSTATUS st = smb2_body_size(c, NEG_REQ_SIZE, "NEGOTIATE.StructureSize");

	if (st)
		return st;
	if (rd_left(c) < NEG_REQ_SIZE - 2)
		return rd_fail(c, "NEGOTIATE request body");
	memset(&r, 0, sizeof(r));
	count_pos = c->pos;
	/* Bounded above: every read of the fixed part succeeds. */
	(void)!rd_u16(c, &r.dialect_count);
	(void)!rd_u16(c, &r.security_mode);
	(void)!rd_skip(c, 2); /* Reserved */
	(void)!rd_u32(c, &r.capabilities);
	(void)!rd_bytes(c, r.client_guid, 16);
	(void)!rd_u64(c, &tail);
	/* MS-SMB2 3.3.5.4: DialectCount 0 is STATUS_INVALID_PARAMETER; more
	 * than our limit is refused the same way. */
	if (r.dialect_count == 0 || r.dialect_count > SMB2_MAX_DIALECTS) {
		c->pos = count_pos;
		return rd_fail(c, "NEGOTIATE.DialectCount");
	}
	/* MS-SMB2 2.2.3: Dialects follow the fixed part directly. */
	if (rd_left(c) < (size_t)r.dialect_count * 2)
		return rd_fail(c, "NEGOTIATE.Dialects");
	for (uint16_t i = 0; i < r.dialect_count; i++)
		(void)!rd_u16(c, &r.dialects[i]);
	if (dialects_have_311(r.dialects, r.dialect_count)) {
		/* MS-SMB2 2.2.3: NegotiateContextOffset (from the header,
		 * 8-byte aligned, after the Dialects and Padding),
		 * NegotiateContextCount, Reserved2. */
		uint32_t off = (uint32_t)tail;
		uint16_t count = (uint16_t)(tail >> 32);

		if (count > 0) {
			st = smb2_neg_ctx_list_decode(c, off, count, c->pos,
			                              "NEGOTIATE.NegotiateContextOffset",
			                              &r.ctx);
			if (st)
				return st;
		}
	} else {
		r.client_start_time = tail;
	}
	*out = r;
	return STATUS_SUCCESS;
}

NTSTATUS smb2_negotiate_req_encode(struct wr *w, const struct smb2_negotiate_req *in)
{
	bool v311;
	size_t off_pos;

	if (in->dialect_count == 0 || in->dialect_count > SMB2_MAX_DIALECTS ||
	    in->ctx.count > SMB2_MAX_NEG_CONTEXTS)
		return STATUS_INVALID_PARAMETER;
	v311 = dialects_have_311(in->dialects, in->dialect_count);
	wr_u16(w, NEG_REQ_SIZE);
	wr_u16(w, in->dialect_count);
	wr_u16(w, in->security_mode);
	wr_u16(w, 0);
	wr_u32(w, in->capabilities);
	wr_bytes(w, in->client_guid, 16);
	off_pos = w->len;
	if (v311) {
		wr_u32(w, 0); /* NegotiateContextOffset, patched below */
		wr_u16(w, in->ctx.count);
		wr_u16(w, 0);
	} else {
		wr_u64(w, in->client_start_time);
	}
	for (uint16_t i = 0; i < in->dialect_count; i++)
		wr_u16(w, in->dialects[i]);
	if (v311 && in->ctx.count > 0) {
		NTSTATUS st;

		wr_align(w, 8); /* MS-SMB2 2.2.3: Padding */
		if (wr_ok(w))
			wr_put_u32_at(w, off_pos, (uint32_t)wr_off(w));
		st = smb2_neg_ctx_list_encode(w, &in->ctx);
		if (st)
			return st;
	}
	return wr_status(w);
}

NTSTATUS smb2_negotiate_rsp_decode(struct rd *c, struct smb2_negotiate_rsp *out)
{
	struct smb2_negotiate_rsp r;
	uint16_t ctx_count = 0, sec_off = 0, sec_len = 0;
	uint32_t ctx_off = 0;
	uint64_t fixed_end, ctx_min;
	NTSTATUS st = smb2_body_size(c, NEG_RSP_SIZE, "NEGOTIATE.StructureSize");

	if (st)
		return st;
	if (rd_left(c) < (NEG_RSP_SIZE & ~1) - 2)
		return rd_fail(c, "NEGOTIATE response body");
	memset(&r, 0, sizeof(r));
	/* Bounded above: every read of the fixed part succeeds. */
	(void)!rd_u16(c, &r.security_mode);
	(void)!rd_u16(c, &r.dialect_revision);
	(void)!rd_u16(c, &ctx_count);
	(void)!rd_bytes(c, r.server_guid, 16);
	(void)!rd_u32(c, &r.capabilities);
	(void)!rd_u32(c, &r.max_transact_size);
	(void)!rd_u32(c, &r.max_read_size);
	(void)!rd_u32(c, &r.max_write_size);
	(void)!rd_u64(c, &r.system_time);
	(void)!rd_u64(c, &r.server_start_time);
	(void)!rd_u16(c, &sec_off);
	(void)!rd_u16(c, &sec_len);
	(void)!rd_u32(c, &ctx_off);
	fixed_end = c->pos;
	/* MS-SMB2 2.2.4: SecurityBufferOffset counts from the header. */
	st = rd_buffer(c, sec_off, sec_len, fixed_end, 1, "NEGOTIATE.SecurityBufferOffset",
	               &r.security_buffer);
	if (st)
		return st;
	/* MS-SMB2 2.2.4: contexts only with DialectRevision 0x0311, after the
	 * Buffer and its Padding, first one 8-byte aligned. */
	if (r.dialect_revision == SMB2_DIALECT_311 && ctx_count > 0) {
		ctx_min = fixed_end;
		if (sec_len > 0 && (uint64_t)sec_off + sec_len > ctx_min)
			ctx_min = (uint64_t)sec_off + sec_len;
		st = smb2_neg_ctx_list_decode(c, ctx_off, ctx_count, ctx_min,
		                              "NEGOTIATE.NegotiateContextOffset", &r.ctx);
		if (st)
			return st;
	}
	*out = r;
	return STATUS_SUCCESS;
}

NTSTATUS smb2_negotiate_rsp_encode(struct wr *w, const struct smb2_negotiate_rsp *in)
{
	bool v311 = in->dialect_revision == SMB2_DIALECT_311;
	uint16_t ctx_count = v311 ? in->ctx.count : 0;
	size_t sec_pos, ctx_off_pos;

	if (in->security_buffer.len > UINT16_MAX || ctx_count > SMB2_MAX_NEG_CONTEXTS)
		return STATUS_INVALID_PARAMETER;
	wr_u16(w, NEG_RSP_SIZE);
	wr_u16(w, in->security_mode);
	wr_u16(w, in->dialect_revision);
	wr_u16(w, ctx_count);
	wr_bytes(w, in->server_guid, 16);
	wr_u32(w, in->capabilities);
	wr_u32(w, in->max_transact_size);
	wr_u32(w, in->max_read_size);
	wr_u32(w, in->max_write_size);
	wr_u64(w, in->system_time);
	wr_u64(w, in->server_start_time);
	sec_pos = w->len;
	wr_u16(w, 0); /* SecurityBufferOffset */
	wr_u16(w, 0); /* SecurityBufferLength */
	ctx_off_pos = w->len;
	wr_u32(w, 0); /* NegotiateContextOffset */
	wr_buf16_u16(w, sec_pos, sec_pos + 2, in->security_buffer.p, in->security_buffer.len);
	if (ctx_count > 0) {
		NTSTATUS st;

		wr_align(w, 8); /* MS-SMB2 2.2.4: Padding */
		if (wr_ok(w))
			wr_put_u32_at(w, ctx_off_pos, (uint32_t)wr_off(w));
		st = smb2_neg_ctx_list_encode(w, &in->ctx);
		if (st)
			return st;
	} else if (in->security_buffer.len == 0) {
		wr_u8(w, 0); /* the odd byte of StructureSize 65 */
	}
	return wr_status(w);
}
