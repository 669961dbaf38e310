/*
 * NDR32 primitives, pointers, strings, arrays and context handles
 * (C706 14.2, 14.3; MS-RPCE 2.2.5).
 */
#include "rpc/ndr.h"

#include <string.h>

#include "util/utf16.h"

static NTSTATUS aligned(struct rd *c, size_t a, const char *field)
{
	if (!rd_align(c, a))
		return rd_fail(c, field);
	return STATUS_SUCCESS;
}

NTSTATUS ndr_pull_u8(struct rd *c, uint8_t *v, const char *field)
{
	if (!rd_u8(c, v))
		return rd_fail(c, field);
	return STATUS_SUCCESS;
}

NTSTATUS ndr_pull_u16(struct rd *c, uint16_t *v, const char *field)
{
	size_t save = c->pos;

	if (aligned(c, 2, field) != STATUS_SUCCESS)
		return STATUS_INVALID_PARAMETER;
	if (!rd_u16(c, v)) {
		c->pos = save;
		return rd_fail(c, field);
	}
	return STATUS_SUCCESS;
}

NTSTATUS ndr_pull_u32(struct rd *c, uint32_t *v, const char *field)
{
	size_t save = c->pos;

	if (aligned(c, 4, field) != STATUS_SUCCESS)
		return STATUS_INVALID_PARAMETER;
	if (!rd_u32(c, v)) {
		c->pos = save;
		return rd_fail(c, field);
	}
	return STATUS_SUCCESS;
}

NTSTATUS ndr_pull_u3264(struct rd *c, uint32_t *v, const char *field)
{
	return ndr_pull_u32(c, v, field);
}

NTSTATUS ndr_pull_ptr(struct rd *c, bool *present, const char *field)
{
	uint32_t ref;
	NTSTATUS st = ndr_pull_u32(c, &ref, field);

	if (st == STATUS_SUCCESS)
		*present = ref != 0;
	return st;
}

NTSTATUS ndr_pull_cvstring(struct rd *c, bool need_nul, struct smb2_blob *s, const char *field)
{
	uint32_t max_count, offset, actual;
	const uint8_t *p;
	size_t save = c->pos;
	NTSTATUS st;

	if ((st = ndr_pull_u32(c, &max_count, field)) != STATUS_SUCCESS ||
	    (st = ndr_pull_u32(c, &offset, field)) != STATUS_SUCCESS ||
	    (st = ndr_pull_u32(c, &actual, field)) != STATUS_SUCCESS)
		goto fail;
	/* C706 14.3.3.4: offset, then actual_count, within max_count. */
	if (offset != 0 || actual > max_count) {
		st = rd_fail(c, field);
		goto fail;
	}
	if (max_count > NDR_MAX_STRING_UNITS) {
		st = rd_fail_status(c, field, STATUS_BUFFER_OVERFLOW);
		goto fail;
	}
	if (!rd_ptr(c, (size_t)actual * 2, &p)) {
		st = rd_fail(c, field);
		goto fail;
	}
	if (need_nul) {
		/* C706 14.3.4.2: the terminator is counted, and is the last unit. */
		if (actual == 0 || le16(p + 2 * (actual - 1)) != 0) {
			st = rd_fail(c, field);
			goto fail;
		}
		for (uint32_t i = 0; i + 1 < actual; i++) {
			if (le16(p + 2 * i) == 0) {
				st = rd_fail(c, field);
				goto fail;
			}
		}
		actual--;
	}
	s->p = p;
	s->len = actual * 2;
	return STATUS_SUCCESS;
fail:
	{
		const char *f = c->err_field;
		size_t off = c->err_off;

		c->pos = save;
		c->err_field = f;
		c->err_off = off;
	}
	return st;
}

NTSTATUS ndr_pull_array_count(struct rd *c, uint32_t limit, size_t min_elem_size, uint32_t *n,
                              const char *field)
{
	uint32_t count;
	size_t save = c->pos;
	NTSTATUS st = ndr_pull_u32(c, &count, field);

	if (st != STATUS_SUCCESS)
		return st;
	if (limit > NDR_MAX_ARRAY_COUNT)
		limit = NDR_MAX_ARRAY_COUNT;
	if (count > limit) {
		st = rd_fail_status(c, field, STATUS_BUFFER_OVERFLOW);
		c->pos = save;
		return st;
	}
	if ((uint64_t)count * min_elem_size > rd_left(c)) {
		st = rd_fail(c, field);
		c->pos = save;
		return st;
	}
	*n = count;
	return STATUS_SUCCESS;
}

NTSTATUS ndr_pull_ctx_handle(struct rd *c, struct ndr_ctx_handle *h, const char *field)
{
	struct ndr_ctx_handle t;
	size_t save = c->pos;
	NTSTATUS st = ndr_pull_u32(c, &t.attributes, field);

	if (st != STATUS_SUCCESS)
		return st;
	if (!rd_bytes(c, t.uuid, sizeof t.uuid)) {
		c->pos = save;
		return rd_fail(c, field);
	}
	*h = t;
	return STATUS_SUCCESS;
}

bool ndr_ctx_handle_is_null(const struct ndr_ctx_handle *h)
{
	static const uint8_t zero[16];

	return h->attributes == 0 && memcmp(h->uuid, zero, sizeof zero) == 0;
}

NTSTATUS ndr_pull_end(struct rd *c, const char *field)
{
	if (rd_left(c) != 0)
		return rd_fail(c, field);
	return STATUS_SUCCESS;
}

/* ---- push ----------------------------------------------------------- */

void ndr_push_init(struct ndr_push *n, struct wr *w)
{
	n->w = w;
	n->next_ref = NDR_REFERENT_BASE;
}

void ndr_push_u8(struct ndr_push *n, uint8_t v)
{
	wr_u8(n->w, v);
}

void ndr_push_u16(struct ndr_push *n, uint16_t v)
{
	wr_align(n->w, 2);
	wr_u16(n->w, v);
}

void ndr_push_u32(struct ndr_push *n, uint32_t v)
{
	wr_align(n->w, 4);
	wr_u32(n->w, v);
}

void ndr_push_u3264(struct ndr_push *n, uint32_t v)
{
	ndr_push_u32(n, v);
}

void ndr_push_ptr(struct ndr_push *n, bool present)
{
	if (!present) {
		ndr_push_u32(n, 0);
		return;
	}
	ndr_push_u32(n, n->next_ref);
	n->next_ref += NDR_REFERENT_STEP;
}

void ndr_push_cvstring_utf8(struct ndr_push *n, const char *s)
{
	uint8_t buf[NDR_MAX_STRING_UNITS * 2];
	size_t len = 0;
	uint32_t units;

	if (utf8_to_utf16le(s, strlen(s), buf, sizeof buf - 2, &len) != STATUS_SUCCESS) {
		n->w->err = true;
		return;
	}
	buf[len] = 0;
	buf[len + 1] = 0;
	units = (uint32_t)(len / 2 + 1);
	ndr_push_u32(n, units);
	ndr_push_u32(n, 0);
	ndr_push_u32(n, units);
	wr_bytes(n->w, buf, (size_t)units * 2);
}

void ndr_push_ctx_handle(struct ndr_push *n, const struct ndr_ctx_handle *h)
{
	ndr_push_u32(n, h->attributes);
	wr_bytes(n->w, h->uuid, sizeof h->uuid);
}
