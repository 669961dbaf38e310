/* The SMB2_CREATE_CONTEXT chain (MS-SMB2 2.2.13.2), both directions. */
#include "wire/create_ctx.h"
#include "wire/create_ctx_int.h"

/* Record a failure at absolute offset `off` of buf in the message cursor. */
static NTSTATUS ctx_fail(struct rd *c, struct smb2_blob buf, uint64_t off,
                         const char *field)
{
	uint64_t base = (c->base && buf.p >= c->base && buf.p <= c->base + c->len)
	                        ? (uint64_t)(buf.p - c->base) : 0;
	c->err_field = field;
	c->err_off = (size_t)(base + off);
	return STATUS_INVALID_PARAMETER;
}

/*
 * One context at `pos` of buf.  Its extent ends at pos + Next, or at the
 * end of buf for the last one; its name and data must lie inside it.
 */
static NTSTATUS decode_one(struct rd *c, struct smb2_blob buf, uint64_t pos,
                           bool response, struct smb2_create_ctx *x,
                           uint32_t *next_out)
{
	struct rd r, sub;
	uint32_t next = 0, data_len = 0;
	uint16_t name_off = 0, name_len = 0, reserved = 0, data_off = 0;
	uint64_t end;

	rd_init(&r, buf.p, buf.len);
	if (!rd_seek(&r, pos) || rd_left(&r) < SMB2_CREATE_CTX_HDR_SIZE)
		return ctx_fail(c, buf, pos, "CREATE_CONTEXT header");
	(void)!rd_u32(&r, &next);
	(void)!rd_u16(&r, &name_off);
	(void)!rd_u16(&r, &name_len);
	(void)!rd_u16(&r, &reserved);
	(void)!rd_u16(&r, &data_off);
	(void)!rd_u32(&r, &data_len);
	/* MS-SMB2 2.2.13.2: Next is the offset of the next 8-byte aligned
	 * context; it must move past this one's header and stay in buf. */
	if (next != 0) {
		end = pos + next;
		if (next % 8 != 0 || next < SMB2_CREATE_CTX_HDR_SIZE || end > buf.len)
			return ctx_fail(c, buf, pos, "CREATE_CONTEXT.Next");
	} else {
		end = buf.len;
	}
	if (!rd_sub(&r, pos, end - pos, &sub))
		return ctx_fail(c, buf, pos, "CREATE_CONTEXT.Next");
	/* NameOffset/NameLength: inside the context, after its header; a
	 * context has a name. */
	if (name_len == 0 ||
	    rd_buffer(&sub, name_off, name_len, SMB2_CREATE_CTX_HDR_SIZE, 1,
	              "CREATE_CONTEXT.NameOffset", &x->name))
		return ctx_fail(c, buf, pos + 4, "CREATE_CONTEXT.Name");
	/* DataOffset: 8-byte aligned, inside the context, after the name. */
	if (rd_buffer(&sub, data_off, data_len, SMB2_CREATE_CTX_HDR_SIZE, 8,
	              "CREATE_CONTEXT.DataOffset", &x->data) ||
	    (data_len != 0 && (uint64_t)data_off < (uint64_t)name_off + name_len))
		return ctx_fail(c, buf, pos + 10, "CREATE_CONTEXT.Data");
	x->type = smb2_cctx_type_of(x->name, response);
	if (smb2_cctx_parse(x, response))
		return ctx_fail(c, buf, pos + 12, "CREATE_CONTEXT.DataLength");
	*next_out = next;
	return STATUS_SUCCESS;
}

NTSTATUS smb2_create_ctx_list_decode(struct rd *c, struct smb2_blob buf, bool response,
                                     struct smb2_create_ctx_list *out)
{
	struct smb2_create_ctx_list l;
	uint64_t pos = 0;
	NTSTATUS st;

	l.count = 0;
	while (buf.len != 0) {
		uint32_t next = 0;

		if (l.count == SMB2_MAX_CREATE_CONTEXTS)
			return ctx_fail(c, buf, pos, "CREATE.CreateContexts (too many)");
		memset(&l.ctx[l.count], 0, sizeof(l.ctx[0]));
		st = decode_one(c, buf, pos, response, &l.ctx[l.count], &next);
		if (st)
			return st;
		l.count++;
		if (next == 0)
			break;
		pos += next;
	}
	out->count = l.count;
	memcpy(out->ctx, l.ctx, l.count * sizeof(l.ctx[0]));
	return STATUS_SUCCESS;
}

NTSTATUS smb2_create_ctx_list_encode(struct wr *w, const struct smb2_create_ctx *ctx,
                                     size_t n, bool response)
{
	if (n > SMB2_MAX_CREATE_CONTEXTS || (wr_off(w) & 7) != 0)
		return STATUS_INVALID_PARAMETER;
	for (size_t i = 0; i < n; i++) {
		const struct smb2_create_ctx *x = &ctx[i];
		const uint8_t *name = x->name.p;
		uint32_t name_len = x->name.len;
		size_t start = w->len;

		if (x->type != SMB2_CCTX_UNKNOWN)
			name = smb2_cctx_name_of(x->type, &name_len);
		if (!name || name_len == 0 || name_len > UINT16_MAX)
			return STATUS_INVALID_PARAMETER;
		/* MS-SMB2 2.2.13.2: header, name, data at an 8-byte boundary. */
		wr_zero(w, SMB2_CREATE_CTX_HDR_SIZE);
		wr_bytes(w, name, name_len);
		wr_put_u16_at(w, start + 4, SMB2_CREATE_CTX_HDR_SIZE);
		wr_put_u16_at(w, start + 6, (uint16_t)name_len);
		/* Without data DataOffset and DataLength stay 0. */
		if (smb2_cctx_has_data(x, response)) {
			wr_align(w, 8);
			size_t data_start = w->len;

			smb2_cctx_put_data(w, x, response);
			if (!wr_ok(w))
				return wr_status(w);
			if (w->len - data_start > UINT32_MAX || data_start - start > UINT16_MAX)
				return STATUS_INVALID_PARAMETER;
			wr_put_u16_at(w, start + 10, (uint16_t)(data_start - start));
			wr_put_u32_at(w, start + 12, (uint32_t)(w->len - data_start));
		}
		if (i + 1 < n) {
			wr_align(w, 8);
			if (w->len - start > UINT32_MAX)
				return STATUS_INVALID_PARAMETER;
			wr_put_u32_at(w, start, (uint32_t)(w->len - start));
		}
	}
	return wr_status(w);
}

const struct smb2_create_ctx *smb2_create_ctx_find(const struct smb2_create_ctx_list *l,
                                                   enum smb2_cctx_type type)
{
	for (uint32_t i = 0; i < l->count && i < SMB2_MAX_CREATE_CONTEXTS; i++)
		if (l->ctx[i].type == type)
			return &l->ctx[i];
	return NULL;
}
