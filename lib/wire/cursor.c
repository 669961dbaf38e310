/* Bounded reader and capped writer: see cursor.h for the contracts. */
#include <stdlib.h>

#include "wire/cursor.h"

bool rd_sub(const struct rd *c, uint64_t off, uint64_t n, struct rd *sub)
{
	if (off > c->len || n > c->len - off)
		return false;
	rd_init(sub, c->base + off, (size_t)n);
	return true;
}

NTSTATUS rd_fail_status(struct rd *c, const char *field, NTSTATUS st)
{
	c->err_field = field;
	c->err_off = c->pos;
	return st;
}

NTSTATUS rd_fail(struct rd *c, const char *field)
{
	return rd_fail_status(c, field, STATUS_INVALID_PARAMETER);
}

NTSTATUS rd_buffer(struct rd *c, uint64_t off, uint64_t len, uint64_t min_off,
                   unsigned align, const char *field, struct smb2_blob *out)
{
	if (len == 0) {
		out->p = c->base + (c->pos <= c->len ? c->pos : c->len);
		out->len = 0;
		return STATUS_SUCCESS;
	}
	if (len > UINT32_MAX || off < min_off || off > c->len ||
	    len > c->len - off || (align > 1 && off % align != 0)) {
		c->err_field = field;
		c->err_off = (size_t)(off < c->len ? off : c->len);
		return STATUS_INVALID_PARAMETER;
	}
	out->p = c->base + off;
	out->len = (uint32_t)len;
	return STATUS_SUCCESS;
}

void wr_init(struct wr *w, size_t max)
{
	w->buf = NULL;
	w->len = w->cap = w->msg = 0;
	w->max = (max == 0 || max > WR_MAX_DEFAULT) ? WR_MAX_DEFAULT : max;
	w->err = false;
}

void wr_free(struct wr *w)
{
	free(w->buf);
	w->buf = NULL;
	w->len = w->cap = w->msg = 0;
}

void wr_reset(struct wr *w)
{
	w->len = w->msg = 0;
	w->err = false;
}

/* Capacity for n more bytes: false (and err set) past max or without
 * memory. */
static bool wr_room(struct wr *w, size_t n)
{
	if (w->err)
		return false;
	if (n > w->max - w->len) {
		w->err = true;
		return false;
	}
	if (w->len + n > w->cap) {
		size_t cap = w->cap ? w->cap : 256;
		while (cap < w->len + n)
			cap = cap > w->max / 2 ? w->max : cap * 2;
		uint8_t *nb = realloc(w->buf, cap);
		if (!nb) {
			w->err = true;
			return false;
		}
		w->buf = nb;
		w->cap = cap;
	}
	return true;
}

uint8_t *wr_grow(struct wr *w, size_t n)
{
	if (!wr_room(w, n))
		return NULL;
	uint8_t *p = w->buf + w->len;
	memset(p, 0, n);
	w->len += n;
	return p;
}

uint8_t *wr_reserve(struct wr *w, size_t n)
{
	if (!wr_room(w, n))
		return NULL;
	return w->buf + w->len;
}

void wr_u8(struct wr *w, uint8_t v)
{
	uint8_t *p = wr_grow(w, 1);
	if (p)
		*p = v;
}

void wr_u16(struct wr *w, uint16_t v)
{
	uint8_t *p = wr_grow(w, 2);
	if (p)
		put_le16(p, v);
}

void wr_u32(struct wr *w, uint32_t v)
{
	uint8_t *p = wr_grow(w, 4);
	if (p)
		put_le32(p, v);
}

void wr_u64(struct wr *w, uint64_t v)
{
	uint8_t *p = wr_grow(w, 8);
	if (p)
		put_le64(p, v);
}

void wr_bytes(struct wr *w, const void *src, size_t n)
{
	if (n == 0)
		return;
	/* Not zeroed first: a WRITE's megabyte is written once. */
	uint8_t *p = wr_reserve(w, n);
	if (p) {
		memcpy(p, src, n);
		w->len += n;
	}
}

void wr_zero(struct wr *w, size_t n)
{
	/* nothing to add (wr_align on an aligned offset): an empty writer's
	 * buffer is NULL, and wr_grow would do arithmetic on it */
	if (n == 0)
		return;
	(void)wr_grow(w, n);
}

void wr_align(struct wr *w, size_t a)
{
	size_t pad = (a - (wr_off(w) & (a - 1))) & (a - 1);
	wr_zero(w, pad);
}

void wr_put_u16_at(struct wr *w, size_t pos, uint16_t v)
{
	if (w->err || pos > w->len || w->len - pos < 2) {
		w->err = true;
		return;
	}
	put_le16(w->buf + pos, v);
}

void wr_put_u32_at(struct wr *w, size_t pos, uint32_t v)
{
	if (w->err || pos > w->len || w->len - pos < 4) {
		w->err = true;
		return;
	}
	put_le32(w->buf + pos, v);
}
