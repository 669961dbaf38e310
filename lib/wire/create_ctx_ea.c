/* FILE_FULL_EA_INFORMATION lists (MS-FSCC 2.4.15): the ExtA create context
 * payload, walked in place and written. */
#include "wire/create_ctx.h"

/* NextEntryOffset, Flags, EaNameLength, EaValueLength */
#define EA_HDR_SIZE 8

void smb2_ea_iter_init(struct smb2_ea_iter *it, struct smb2_blob buf)
{
	it->buf = buf;
	it->pos = 0;
	it->done = buf.len == 0;
}

NTSTATUS smb2_ea_iter_next(struct smb2_ea_iter *it, struct smb2_ea *out)
{
	struct rd r;
	uint32_t next;
	uint8_t flags, name_len;
	uint16_t value_len;
	uint64_t end, need;
	const uint8_t *name, *value, *nul;

	if (it->done)
		return it->pos == UINT64_MAX ? STATUS_EA_LIST_INCONSISTENT : STATUS_NO_MORE_EAS;
	rd_init(&r, it->buf.p, it->buf.len);
	if (!rd_seek(&r, it->pos) || !rd_u32(&r, &next) || !rd_u8(&r, &flags) ||
	    !rd_u8(&r, &name_len) || !rd_u16(&r, &value_len))
		goto bad;
	/* MS-FSCC 2.4.15: entries are 4-byte aligned; NextEntryOffset is 0
	 * for the last one and otherwise moves forward past this entry. */
	end = next ? it->pos + next : it->buf.len;
	need = (uint64_t)EA_HDR_SIZE + name_len + 1 + value_len;
	if ((next % 4) != 0 || end > it->buf.len || end - it->pos < need)
		goto bad;
	/* EaName: EaNameLength bytes, not empty, then a NUL terminator. */
	if (name_len == 0 || !rd_ptr(&r, name_len, &name) || !rd_ptr(&r, 1, &nul) ||
	    *nul != 0 || !rd_ptr(&r, value_len, &value))
		goto bad;
	out->flags = flags;
	out->name.p = name;
	out->name.len = name_len;
	out->value.p = value;
	out->value.len = value_len;
	if (next == 0)
		it->done = true;
	else
		it->pos = end;
	return STATUS_SUCCESS;
bad:
	it->done = true;
	it->pos = UINT64_MAX;
	return STATUS_EA_LIST_INCONSISTENT;
}

NTSTATUS smb2_ea_list_encode(struct wr *w, const struct smb2_ea *eas, size_t n)
{
	size_t list = w->len;

	for (size_t i = 0; i < n; i++) {
		size_t start = w->len;

		if (eas[i].name.len == 0 || eas[i].name.len > UINT8_MAX ||
		    eas[i].value.len > UINT16_MAX)
			return STATUS_INVALID_PARAMETER;
		wr_u32(w, 0);
		wr_u8(w, eas[i].flags);
		wr_u8(w, (uint8_t)eas[i].name.len);
		wr_u16(w, (uint16_t)eas[i].value.len);
		wr_bytes(w, eas[i].name.p, eas[i].name.len);
		wr_u8(w, 0);
		wr_bytes(w, eas[i].value.p, eas[i].value.len);
		if (i + 1 < n) {
			/* MS-FSCC 2.4.15: the next entry starts 4-byte aligned
			 * (counted from the list start). */
			wr_zero(w, (4 - ((w->len - list) & 3)) & 3);
			wr_put_u32_at(w, start, (uint32_t)(w->len - start));
		}
	}
	return wr_status(w);
}
