/* SMB2 ERROR response and error data (MS-SMB2 2.2.2). */
#include "wire/error.h"
#include "wire/body.h"

/* ErrorData starts right after the fixed part (MS-SMB2 2.2.2): header,
 * StructureSize, ErrorContextCount, Reserved, ByteCount. */
#define ERROR_DATA_OFF (SMB2_HDR_SIZE + 8)
#define ERROR_CTX_HDR 8

/* MS-SMB2 2.2.2.1: contexts, each 8-byte aligned from the start of
 * ErrorData, all inside it. */
static NTSTATUS contexts_decode(struct rd *c, const struct smb2_blob *data, unsigned count,
                                struct smb2_error_ctx *ctx)
{
	struct rd d;
	uint32_t len, id;

	rd_init(&d, data->p, data->len);
	for (unsigned i = 0; i < count; i++) {
		if (!rd_align(&d, 8) || !rd_u32(&d, &len) || !rd_u32(&d, &id) ||
		    len > rd_left(&d)) {
			c->pos = ERROR_DATA_OFF + d.pos;
			return rd_fail(c, "ERROR.ErrorContext");
		}
		ctx[i].id = id;
		ctx[i].data.p = d.base + d.pos;
		ctx[i].data.len = len;
		d.pos += len;
	}
	return STATUS_SUCCESS;
}

NTSTATUS smb2_error_rsp_decode(struct rd *c, struct smb2_error_rsp *out)
{
	struct smb2_error_rsp r = { 0 };
	uint8_t reserved;
	uint32_t byte_count;
	NTSTATUS st = smb2_body_size(c, SMB2_ERROR_RSP_SIZE, "ERROR.StructureSize");

	if (st)
		return st;
	if (!rd_u8(c, &r.context_count) || !rd_u8(c, &reserved))
		return rd_fail(c, "ERROR.ErrorContextCount");
	if (!rd_u32(c, &byte_count))
		return rd_fail(c, "ERROR.ByteCount");
	st = rd_buffer(c, c->pos, byte_count, ERROR_DATA_OFF, 1, "ERROR.ByteCount", &r.data);
	if (st)
		return st;
	if (r.context_count > SMB2_MAX_ERROR_CONTEXTS) {
		c->pos = SMB2_HDR_SIZE + 2;
		return rd_fail(c, "ERROR.ErrorContextCount");
	}
	st = contexts_decode(c, &r.data, r.context_count, r.contexts);
	if (st)
		return st;
	c->pos += byte_count;
	*out = r;
	return STATUS_SUCCESS;
}

NTSTATUS smb2_error_rsp_encode(struct wr *w, const struct smb2_error_rsp *in)
{
	size_t count_pos, data_start;
	size_t n = in->context_count;

	if (n > SMB2_MAX_ERROR_CONTEXTS) {
		w->err = true;
		return wr_status(w);
	}
	wr_u16(w, SMB2_ERROR_RSP_SIZE);
	wr_u8(w, in->context_count);
	wr_u8(w, 0);
	count_pos = w->len;
	wr_u32(w, 0);
	data_start = w->len;
	if (n == 0) {
		wr_bytes(w, in->data.p, in->data.len);
	} else {
		for (size_t i = 0; i < n; i++) {
			/* ErrorData starts 8-aligned from the header, so this
			 * aligns from ErrorData too. */
			wr_align(w, 8);
			wr_u32(w, in->contexts[i].data.len);
			wr_u32(w, in->contexts[i].id);
			wr_bytes(w, in->contexts[i].data.p, in->contexts[i].data.len);
		}
	}
	if (w->err || w->len - data_start > UINT32_MAX) {
		w->err = true;
		return wr_status(w);
	}
	wr_put_u32_at(w, count_pos, (uint32_t)(w->len - data_start));
	/* MS-SMB2 2.2.2: with ByteCount 0 the server still sends one byte. */
	if (w->len == data_start)
		wr_u8(w, 0);
	return wr_status(w);
}

bool smb2_error_rsp_find(const struct smb2_error_rsp *e, uint32_t id, struct smb2_blob *out)
{
	if (e->context_count == 0) {
		if (id != SMB2_ERROR_ID_DEFAULT || e->data.len == 0)
			return false;
		*out = e->data;
		return true;
	}
	for (unsigned i = 0; i < e->context_count && i < SMB2_MAX_ERROR_CONTEXTS; i++) {
		if (e->contexts[i].id == id && e->contexts[i].data.len > 0) {
			*out = e->contexts[i].data;
			return true;
		}
	}
	return false;
}

NTSTATUS smb2_error_buffer_too_small(const struct smb2_blob *data, uint32_t *needed)
{
	if (data->len != 4)
		return STATUS_INVALID_PARAMETER;
	*needed = le32(data->p);
	return STATUS_SUCCESS;
}

/* ---- Symbolic Link Error Response (MS-SMB2 2.2.2.2.1) ------------------- */

/* Offset of ReparseDataLength's end: PathBuffer is ReparseDataLength - 12
 * bytes from SMB2_SYMLINK_ERROR_FIXED. */
#define SYMLINK_RDL_REST 12

NTSTATUS smb2_symlink_error_decode(const struct smb2_blob *data, struct smb2_symlink_error *out)
{
	struct smb2_symlink_error s;
	struct rd c, path;
	uint32_t sym_len, tag;
	uint16_t rdl, sub_off, sub_len, print_off, print_len;
	NTSTATUS st;

	rd_init(&c, data->p, data->len);
	if (rd_left(&c) < SMB2_SYMLINK_ERROR_FIXED)
		return rd_fail(&c, "SYMLINK");
	/* Bounded above: every read below succeeds. */
	(void)!rd_u32(&c, &sym_len);
	(void)!rd_u32(&c, &tag);
	(void)!rd_u32(&c, &s.reparse_tag);
	(void)!rd_u16(&c, &rdl);
	(void)!rd_u16(&c, &s.unparsed_path_length);
	(void)!rd_u16(&c, &sub_off);
	(void)!rd_u16(&c, &sub_len);
	(void)!rd_u16(&c, &print_off);
	(void)!rd_u16(&c, &print_len);
	(void)!rd_u32(&c, &s.flags);
	/* SymLinkLength counts everything after itself. */
	if (sym_len < SMB2_SYMLINK_ERROR_FIXED - 4 || (uint64_t)sym_len + 4 > data->len)
		return STATUS_INVALID_PARAMETER;
	if (tag != SMB2_SYMLINK_ERROR_TAG || s.reparse_tag != SMB2_IO_REPARSE_TAG_SYMLINK)
		return STATUS_INVALID_PARAMETER;
	/* ReparseDataLength = PathBuffer + 12, inside SymLinkLength. */
	if (rdl < SYMLINK_RDL_REST ||
	    (uint64_t)SMB2_SYMLINK_ERROR_FIXED + (rdl - SYMLINK_RDL_REST) > (uint64_t)sym_len + 4)
		return STATUS_INVALID_PARAMETER;
	if (!rd_sub(&c, SMB2_SYMLINK_ERROR_FIXED, (uint64_t)rdl - SYMLINK_RDL_REST, &path))
		return STATUS_INVALID_PARAMETER;
	/* Names: offsets count from PathBuffer; UTF-16, so even lengths. */
	if ((sub_len | print_len) & 1)
		return STATUS_INVALID_PARAMETER;
	st = rd_buffer(&path, sub_off, sub_len, 0, 1, "SYMLINK.SubstituteName", &s.substitute_name);
	if (st)
		return st;
	st = rd_buffer(&path, print_off, print_len, 0, 1, "SYMLINK.PrintName", &s.print_name);
	if (st)
		return st;
	*out = s;
	return STATUS_SUCCESS;
}

NTSTATUS smb2_symlink_error_encode(struct wr *w, const struct smb2_symlink_error *in)
{
	uint64_t path = (uint64_t)in->substitute_name.len + in->print_name.len;

	if (path + SYMLINK_RDL_REST > UINT16_MAX) {
		w->err = true;
		return wr_status(w);
	}
	wr_u32(w, (uint32_t)(SMB2_SYMLINK_ERROR_FIXED - 4 + path));
	wr_u32(w, SMB2_SYMLINK_ERROR_TAG);
	wr_u32(w, in->reparse_tag);
	wr_u16(w, (uint16_t)(path + SYMLINK_RDL_REST));
	wr_u16(w, in->unparsed_path_length);
	wr_u16(w, 0);
	wr_u16(w, (uint16_t)in->substitute_name.len);
	wr_u16(w, (uint16_t)in->substitute_name.len);
	wr_u16(w, (uint16_t)in->print_name.len);
	wr_u32(w, in->flags);
	wr_bytes(w, in->substitute_name.p, in->substitute_name.len);
	wr_bytes(w, in->print_name.p, in->print_name.len);
	return wr_status(w);
}

/* ---- Share Redirect error context (MS-SMB2 2.2.2.2.2) ------------------- */

static bool ip_type_ok(uint32_t t)
{
	return t == SMB2_MOVE_DST_IPADDR_V4 || t == SMB2_MOVE_DST_IPADDR_V6;
}

NTSTATUS smb2_share_redirect_decode(const struct smb2_blob *data, struct smb2_share_redirect *out)
{
	struct smb2_share_redirect r;
	struct rd c;
	uint32_t size, type, name_off, name_len;
	uint16_t reserved;
	uint64_t list_len, list_end;
	NTSTATUS st;

	rd_init(&c, data->p, data->len);
	if (rd_left(&c) < SMB2_SHARE_REDIRECT_FIXED)
		return rd_fail(&c, "REDIRECT");
	(void)!rd_u32(&c, &size);
	(void)!rd_u32(&c, &type);
	(void)!rd_u32(&c, &name_off);
	(void)!rd_u32(&c, &name_len);
	(void)!rd_u16(&c, &reserved);
	(void)!rd_u16(&c, &r.target_type);
	(void)!rd_u32(&c, &r.ip_count);
	if (size != SMB2_SHARE_REDIRECT_SIZE || type != SMB2_SHARE_MOVE_NOTIFICATION)
		return STATUS_INVALID_PARAMETER;
	list_len = (uint64_t)r.ip_count * SMB2_MOVE_DST_IPADDR_SIZE;
	list_end = SMB2_SHARE_REDIRECT_FIXED + list_len;
	if (list_len > rd_left(&c))
		return STATUS_INVALID_PARAMETER;
	r.ip_list.p = c.base + c.pos;
	r.ip_list.len = (uint32_t)list_len;
	for (uint32_t i = 0; i < r.ip_count; i++)
		if (!ip_type_ok(le32(r.ip_list.p + (size_t)i * SMB2_MOVE_DST_IPADDR_SIZE)))
			return STATUS_INVALID_PARAMETER;
	/* The name follows the list: it may not overlap it or the fixed part. */
	if (name_len & 1)
		return STATUS_INVALID_PARAMETER;
	st = rd_buffer(&c, name_off, name_len, list_end, 1, "REDIRECT.ResourceName",
	               &r.resource_name);
	if (st)
		return st;
	*out = r;
	return STATUS_SUCCESS;
}

bool smb2_share_redirect_ip(const struct smb2_share_redirect *r, uint32_t i,
                            struct smb2_move_dst_ipaddr *out)
{
	const uint8_t *p;
	uint32_t type;

	if (i >= r->ip_count || (uint64_t)(i + 1ull) * SMB2_MOVE_DST_IPADDR_SIZE > r->ip_list.len)
		return false;
	p = r->ip_list.p + (size_t)i * SMB2_MOVE_DST_IPADDR_SIZE;
	type = le32(p);
	if (!ip_type_ok(type))
		return false;
	out->type = type;
	memcpy(out->addr, p + 8, 16);
	return true;
}

NTSTATUS smb2_share_redirect_encode(struct wr *w, const struct smb2_move_dst_ipaddr *ips,
                                    uint32_t n, const struct smb2_blob *resource_name)
{
	uint64_t name_off = SMB2_SHARE_REDIRECT_FIXED + (uint64_t)n * SMB2_MOVE_DST_IPADDR_SIZE;

	if (name_off > UINT32_MAX) {
		w->err = true;
		return wr_status(w);
	}
	wr_u32(w, SMB2_SHARE_REDIRECT_SIZE);
	wr_u32(w, SMB2_SHARE_MOVE_NOTIFICATION);
	wr_u32(w, (uint32_t)name_off);
	wr_u32(w, resource_name->len);
	wr_u16(w, 0);
	wr_u16(w, 0);
	wr_u32(w, n);
	for (uint32_t i = 0; i < n; i++) {
		wr_u32(w, ips[i].type);
		wr_u32(w, 0);
		if (ips[i].type == SMB2_MOVE_DST_IPADDR_V4) {
			wr_bytes(w, ips[i].addr, 4);
			wr_zero(w, 12);
		} else {
			wr_bytes(w, ips[i].addr, 16);
		}
	}
	wr_bytes(w, resource_name->p, resource_name->len);
	return wr_status(w);
}
