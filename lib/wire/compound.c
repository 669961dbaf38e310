/* Compound chains (MS-SMB2 2.2.1, 3.2.4.1.4, 3.3.5.2.7). */
#include "wire/compound.h"
#include "wire/hdr.h"
#include "wire/limits.h"
#include "wire/smb2.h"

void smb2_compound_init(struct smb2_compound_iter *it, const uint8_t *frame, size_t len)
{
	it->frame = frame;
	it->len = len;
	it->next = 0;
	it->done = false;
	it->index = 0;
	it->count = 0;
	it->offset = 0;
	it->flags = 0;
	it->related = false;
	it->status = STATUS_SUCCESS;
	it->err_off = 0;
}

static bool chain_fail(struct smb2_compound_iter *it, size_t off)
{
	it->done = true;
	it->status = STATUS_INVALID_PARAMETER;
	it->err_off = off;
	return false;
}

bool smb2_compound_next(struct smb2_compound_iter *it, struct rd *msg)
{
	struct rd frame, hdr;
	size_t start = it->next;
	unsigned index = it->count;
	uint32_t flags, next_command;
	uint64_t end;

	if (it->done)
		return false;
	/* MS-SMB2 3.3.5.2.7: a chain is bounded (limits.h). */
	if (index >= SMB2_MAX_COMPOUND)
		return chain_fail(it, start);
	rd_init(&frame, it->frame, it->len);
	/* Every message holds at least a header (MS-SMB2 2.2.1). */
	if (!rd_sub(&frame, start, SMB2_HDR_SIZE, &hdr))
		return chain_fail(it, start);
	hdr.pos = SMB2_HDR_OFF_FLAGS;
	if (!rd_u32(&hdr, &flags) || !rd_u32(&hdr, &next_command))
		return chain_fail(it, start);

	if (next_command == 0) {
		end = it->len;
	} else {
		/* MS-SMB2 2.2.1 NextCommand: the offset of the next 8-byte
		 * aligned header; MS-SMB2 3.3.5.2.7: a misaligned one is
		 * grounds to disconnect.  The next header must start inside
		 * the frame, after this one. */
		end = (uint64_t)start + next_command;
		if (next_command % 8 != 0 || next_command < SMB2_HDR_SIZE || end >= it->len)
			return chain_fail(it, start + SMB2_HDR_OFF_NEXT_COMMAND);
	}

	if (!rd_sub(&frame, start, end - start, msg))
		return chain_fail(it, start);
	it->index = index;
	it->count = index + 1;
	it->offset = start;
	it->flags = flags;
	it->related = (flags & SMB2_FLAGS_RELATED_OPERATIONS) != 0;
	if (next_command == 0) {
		it->next = it->len;
		it->done = true;
	} else {
		it->next = (size_t)end;
	}
	return true;
}

NTSTATUS smb2_compound_check_related(const struct smb2_compound_iter *it)
{
	/* A lone message (NextCommand 0) is not a chain: the flag means
	 * nothing there. */
	bool chained = it->count > 1 || !it->done;

	return it->index == 0 && it->related && chained ? STATUS_INVALID_PARAMETER
	                                                : STATUS_SUCCESS;
}

unsigned smb2_compound_count(const uint8_t *frame, size_t len, NTSTATUS *status)
{
	struct smb2_compound_iter it;
	struct rd msg;
	unsigned n = 0;

	smb2_compound_init(&it, frame, len);
	while (smb2_compound_next(&it, &msg))
		n++;
	if (status)
		*status = it.status;
	return it.status == STATUS_SUCCESS ? n : 0;
}

/* ---- builder ----------------------------------------------------------- */

void smb2_compound_begin(struct smb2_compound_builder *b, struct wr *w)
{
	b->w = w;
	b->start = w->len;
	b->prev = w->len;
	b->count = 0;
}

NTSTATUS smb2_compound_add(struct smb2_compound_builder *b)
{
	struct wr *w = b->w;
	size_t len;

	if (w->err)
		return wr_status(w);
	if (b->count >= SMB2_MAX_COMPOUND) {
		w->err = true;
		return STATUS_INVALID_PARAMETER;
	}
	if (b->count > 0) {
		if (w->len < b->prev || w->len - b->prev < SMB2_HDR_SIZE) {
			w->err = true;
			return STATUS_INVALID_PARAMETER;
		}
		/* MS-SMB2 3.2.4.1.4: every message but the last is padded to
		 * 8 bytes; the padding belongs to it (and to its signature). */
		len = w->len - b->prev;
		wr_zero(w, (8 - (len & 7)) & 7);
		len = w->len - b->prev;
		if (len > UINT32_MAX) {
			w->err = true;
			return STATUS_INVALID_PARAMETER;
		}
		wr_put_u32_at(w, b->prev + SMB2_HDR_OFF_NEXT_COMMAND, (uint32_t)len);
		if (w->err)
			return wr_status(w);
	}
	b->prev = w->len;
	b->count++;
	return STATUS_SUCCESS;
}

NTSTATUS smb2_compound_end(struct smb2_compound_builder *b)
{
	struct wr *w = b->w;
	uint32_t flags;

	if (w->err)
		return wr_status(w);
	if (b->count == 0 || w->len < b->prev || w->len - b->prev < SMB2_HDR_SIZE)
		return STATUS_INVALID_PARAMETER;
	/* MS-SMB2 3.2.4.1.4: the first request of a related chain is not
	 * itself related. */
	flags = le32(w->buf + b->start + SMB2_HDR_OFF_FLAGS);
	if (b->count > 1 && (flags & SMB2_FLAGS_RELATED_OPERATIONS))
		return STATUS_INVALID_PARAMETER;
	/* The last message ends the chain. */
	wr_put_u32_at(w, b->prev + SMB2_HDR_OFF_NEXT_COMMAND, 0);
	return wr_status(w);
}
