/* NextEntryOffset chains (MS-FSCC 2.4, 2.7.1): see infochain.h. */
#include "wire/infochain.h"

void smb2_chain_iter_init(struct smb2_chain_iter *it, struct smb2_blob buf)
{
	it->p = buf.p;
	it->len = buf.len;
	it->pos = 0;
	it->done = buf.len == 0;
}

NTSTATUS smb2_chain_next(struct smb2_chain_iter *it, unsigned align,
                         uint32_t min_entry, struct rd *entry)
{
	uint32_t left, next, extent;

	if (it->done)
		return STATUS_NO_MORE_ENTRIES;
	left = it->len - it->pos;
	if (left < min_entry || left < 4) {
		it->done = true;
		return STATUS_INVALID_PARAMETER;
	}
	next = le32(it->p + it->pos);
	if (next == 0) {
		extent = left;
	} else if (next % align != 0 || next < min_entry || next >= left) {
		/* Misaligned, overlapping this entry's fixed part, or pointing
		 * at or past the buffer end. */
		it->done = true;
		return STATUS_INVALID_PARAMETER;
	} else {
		extent = next;
	}
	rd_init(entry, it->p + it->pos, extent);
	entry->pos = 4;
	if (next == 0)
		it->done = true;
	else
		it->pos += next;
	return STATUS_SUCCESS;
}

void smb2_chain_builder_init(struct smb2_chain_builder *b, struct wr *w,
                             unsigned align, uint32_t max)
{
	b->w = w;
	b->start = w->len;
	b->prev = w->len;
	b->max = max;
	b->align = align;
	b->count = 0;
}

NTSTATUS smb2_chain_begin(struct smb2_chain_builder *b, size_t entry_len)
{
	struct wr *w = b->w;
	size_t used = w->len - b->start;
	size_t pad = b->count ? (b->align - used % b->align) % b->align : 0;

	if (!wr_ok(w))
		return STATUS_INSUFFICIENT_RESOURCES;
	if (entry_len > b->max || used + pad > b->max - entry_len)
		return STATUS_BUFFER_OVERFLOW;
	if (entry_len > UINT32_MAX - pad)
		return STATUS_INVALID_PARAMETER;
	if (pad)
		wr_zero(w, pad);
	if (!wr_ok(w))
		return STATUS_INSUFFICIENT_RESOURCES;
	if (b->count)
		wr_put_u32_at(w, b->prev, (uint32_t)(w->len - b->prev));
	b->prev = w->len;
	b->count++;
	return STATUS_SUCCESS;
}
