/* Helpers shared by the command codecs. */
#include "wire/body.h"

NTSTATUS smb2_body_size(struct rd *c, uint16_t want, const char *field)
{
	uint16_t size;

	if (!rd_u16(c, &size))
		return rd_fail(c, field);
	if (size != want) {
		c->pos -= 2;
		return rd_fail(c, field);
	}
	return STATUS_SUCCESS;
}

bool rd_fileid(struct rd *c, struct smb2_fileid *id)
{
	if (rd_left(c) < 16)
		return false;
	(void)!rd_u64(c, &id->persistent);
	(void)!rd_u64(c, &id->volatile_);
	return true;
}

void wr_fileid(struct wr *w, const struct smb2_fileid *id)
{
	wr_u64(w, id->persistent);
	wr_u64(w, id->volatile_);
}

static void put_buf(struct wr *w, size_t off_pos, size_t len_pos, int off_bytes,
                    int len_bytes, const void *p, size_t len)
{
	size_t off = len ? wr_off(w) : 0;

	if ((off_bytes == 2 && off > UINT16_MAX) || (len_bytes == 2 && len > UINT16_MAX) ||
	    len > UINT32_MAX) {
		w->err = true;
		return;
	}
	wr_bytes(w, p, len);
	if (off_bytes == 2)
		wr_put_u16_at(w, off_pos, (uint16_t)off);
	else
		wr_put_u32_at(w, off_pos, (uint32_t)off);
	if (len_bytes == 2)
		wr_put_u16_at(w, len_pos, (uint16_t)len);
	else
		wr_put_u32_at(w, len_pos, (uint32_t)len);
}

void wr_buf16_u16(struct wr *w, size_t off_pos, size_t len_pos, const void *p, size_t len)
{
	put_buf(w, off_pos, len_pos, 2, 2, p, len);
}

void wr_buf16_u32(struct wr *w, size_t off_pos, size_t len_pos, const void *p, size_t len)
{
	put_buf(w, off_pos, len_pos, 2, 4, p, len);
}

void wr_buf32_u32(struct wr *w, size_t off_pos, size_t len_pos, const void *p, size_t len)
{
	put_buf(w, off_pos, len_pos, 4, 4, p, len);
}

#define OUTBUF_RSP_SIZE 9

NTSTATUS smb2_outbuf_rsp_decode(struct rd *c, const char *size_field,
                                const char *buf_field, struct smb2_blob *out)
{
	struct smb2_blob b;
	uint16_t off;
	uint32_t len;
	NTSTATUS st = smb2_body_size(c, OUTBUF_RSP_SIZE, size_field);

	if (st)
		return st;
	if (!rd_u16(c, &off) || !rd_u32(c, &len))
		return rd_fail(c, buf_field);
	st = rd_buffer(c, off, len, smb2_fixed_end(OUTBUF_RSP_SIZE), 1, buf_field, &b);
	if (st)
		return st;
	*out = b;
	return STATUS_SUCCESS;
}

NTSTATUS smb2_outbuf_rsp_encode(struct wr *w, struct smb2_blob buf)
{
	size_t fixed = w->len;

	wr_u16(w, OUTBUF_RSP_SIZE);
	wr_u16(w, 0);
	wr_u32(w, 0);
	wr_buf16_u32(w, fixed + 2, fixed + 4, buf.p, buf.len);
	if (buf.len == 0)
		wr_u8(w, 0);
	return wr_status(w);
}
