/* SMB2 TREE_CONNECT (MS-SMB2 2.2.9, 2.2.9.1, 2.2.9.2 request; 2.2.10
 * response). */
#include "wire/tree_connect.h"
#include "wire/body.h"

#define TCON_REQ_SIZE 9
#define TCON_RSP_SIZE 16
#define TCON_EXT_SIZE 16   /* MS-SMB2 2.2.9.1: Offset 4, Count 2, Reserved 10 */
#define TCON_CTX_HDR_SIZE 8

static NTSTATUS decode_contexts(struct rd *c, uint64_t off, uint16_t count, uint64_t min_off,
                                struct smb2_tree_connect_req *r)
{
	uint64_t pos = off;

	if (count > SMB2_MAX_TREE_CONNECT_CONTEXTS)
		return rd_fail(c, "TREE_CONNECT.TreeConnectContextCount");
	for (uint16_t i = 0; i < count; i++) {
		struct smb2_blob hdr, data;
		uint16_t dlen;
		NTSTATUS st;

		/* MS-SMB2 2.2.9.2: ContextType, DataLength, Reserved, Data */
		st = rd_buffer(c, pos, TCON_CTX_HDR_SIZE, min_off, 1,
		               i == 0 ? "TREE_CONNECT.TreeConnectContextOffset"
		                      : "TREE_CONNECT.TreeConnectContext", &hdr);
		if (st)
			return st;
		dlen = le16(hdr.p + 2);
		st = rd_buffer(c, pos + TCON_CTX_HDR_SIZE, dlen, pos + TCON_CTX_HDR_SIZE, 1,
		               "TREE_CONNECT.TreeConnectContext.DataLength", &data);
		if (st)
			return st;
		if (dlen == 0)
			data.p = hdr.p + TCON_CTX_HDR_SIZE;
		r->ctx[i].type = le16(hdr.p);
		r->ctx[i].data = data;
		pos += TCON_CTX_HDR_SIZE + (uint64_t)dlen;
	}
	r->ctx_count = count;
	return STATUS_SUCCESS;
}

NTSTATUS smb2_tree_connect_req_decode(struct rd *c, struct smb2_tree_connect_req *out)
{
	struct smb2_tree_connect_req r;
	uint16_t path_off = 0, path_len = 0;
	uint64_t path_min;
	NTSTATUS st = smb2_body_size(c, TCON_REQ_SIZE, "TREE_CONNECT.StructureSize");

	if (st)
		return st;
	if (rd_left(c) < (TCON_REQ_SIZE & ~1) - 2)
		return rd_fail(c, "TREE_CONNECT request body");
	memset(&r, 0, sizeof(r));
	(void)!rd_u16(c, &r.flags);
	(void)!rd_u16(c, &path_off);
	(void)!rd_u16(c, &path_len);
	path_min = c->pos;
	if (r.flags & SMB2_TREE_CONNECT_FLAG_EXTENSION_PRESENT) {
		/* MS-SMB2 2.2.9.1: the extension is at the beginning of the
		 * Buffer; PathName follows it. */
		struct smb2_blob ext;
		uint64_t ctx_min;
		uint16_t count;

		st = rd_buffer(c, c->pos, TCON_EXT_SIZE, c->pos, 1, "TREE_CONNECT.Extension",
		               &ext);
		if (st)
			return st;
		path_min = c->pos + TCON_EXT_SIZE;
		st = rd_buffer(c, path_off, path_len, path_min, 1, "TREE_CONNECT.PathOffset",
		               &r.path);
		if (st)
			return st;
		count = le16(ext.p + 4);
		ctx_min = path_min;
		if (path_len > 0 && (uint64_t)path_off + path_len > ctx_min)
			ctx_min = (uint64_t)path_off + path_len;
		if (count > 0) {
			st = decode_contexts(c, le32(ext.p), count, ctx_min, &r);
			if (st)
				return st;
		}
	} else {
		/* MS-SMB2 2.2.9: PathOffset counts from the header. */
		st = rd_buffer(c, path_off, path_len, path_min, 1, "TREE_CONNECT.PathOffset",
		               &r.path);
		if (st)
			return st;
	}
	*out = r;
	return STATUS_SUCCESS;
}

NTSTATUS smb2_tree_connect_req_encode(struct wr *w, const struct smb2_tree_connect_req *in)
{
	bool ext = (in->flags & SMB2_TREE_CONNECT_FLAG_EXTENSION_PRESENT) != 0;
	uint16_t count = ext ? in->ctx_count : 0;
	size_t path_pos, ext_pos = 0;

	if (in->path.len > UINT16_MAX || count > SMB2_MAX_TREE_CONNECT_CONTEXTS)
		return STATUS_INVALID_PARAMETER;
	for (uint16_t i = 0; i < count; i++)
		if (in->ctx[i].data.len > UINT16_MAX)
			return STATUS_INVALID_PARAMETER;
	wr_u16(w, TCON_REQ_SIZE);
	wr_u16(w, in->flags);
	path_pos = w->len;
	wr_u16(w, 0); /* PathOffset */
	wr_u16(w, 0); /* PathLength */
	if (ext) {
		ext_pos = w->len;
		wr_u32(w, 0); /* TreeConnectContextOffset, patched below */
		wr_u16(w, count);
		wr_zero(w, 10);
	}
	if (in->path.len)
		wr_buf16_u16(w, path_pos, path_pos + 2, in->path.p, in->path.len);
	else if (!ext)
		wr_u8(w, 0); /* the odd byte of StructureSize 9 */
	if (count > 0) {
		if (wr_ok(w))
			wr_put_u32_at(w, ext_pos, (uint32_t)wr_off(w));
		for (uint16_t i = 0; i < count; i++) {
			wr_u16(w, in->ctx[i].type);
			wr_u16(w, (uint16_t)in->ctx[i].data.len);
			wr_u32(w, 0);
			wr_bytes(w, in->ctx[i].data.p, in->ctx[i].data.len);
		}
	}
	return wr_status(w);
}

NTSTATUS smb2_tree_connect_rsp_decode(struct rd *c, struct smb2_tree_connect_rsp *out)
{
	struct smb2_tree_connect_rsp r;
	NTSTATUS st = smb2_body_size(c, TCON_RSP_SIZE, "TREE_CONNECT.StructureSize");

	if (st)
		return st;
	if (rd_left(c) < TCON_RSP_SIZE - 2)
		return rd_fail(c, "TREE_CONNECT response body");
	(void)!rd_u8(c, &r.share_type);
	(void)!rd_skip(c, 1); /* Reserved */
	(void)!rd_u32(c, &r.share_flags);
	(void)!rd_u32(c, &r.capabilities);
	(void)!rd_u32(c, &r.maximal_access);
	*out = r;
	return STATUS_SUCCESS;
}

NTSTATUS smb2_tree_connect_rsp_encode(struct wr *w, const struct smb2_tree_connect_rsp *in)
{
	wr_u16(w, TCON_RSP_SIZE);
	wr_u8(w, in->share_type);
	wr_u8(w, 0);
	wr_u32(w, in->share_flags);
	wr_u32(w, in->capabilities);
	wr_u32(w, in->maximal_access);
	return wr_status(w);
}
