/*
 * NextEntryOffset chains: the lists of variable-size entries that MS-FSCC
 * uses for directory entries (2.4), FILE_NOTIFY_INFORMATION (2.7.1),
 * FILE_STREAM_INFORMATION and FILE_FULL_EA_INFORMATION (2.4).
 *
 * Every entry starts with a u32 NextEntryOffset: the distance from this
 * entry to the next, 0 on the last one.  The walker enforces the rules that
 * keep a hostile chain finite and inside its buffer: a non-zero offset is a
 * multiple of the chain's alignment, at least the entry's fixed size, and
 * lands strictly inside the buffer (so every step moves forward and no
 * chain can loop); a zero offset ends the chain whatever follows.
 */
#ifndef SMBSIM_WIRE_INFOCHAIN_H
#define SMBSIM_WIRE_INFOCHAIN_H

#include <stdbool.h>
#include <stdint.h>

#include "wire/cursor.h"

struct smb2_chain_iter {
	const uint8_t *p;
	uint32_t len;
	uint32_t pos;  /* start of the next entry */
	bool done;
};

/* An empty buffer is an empty chain. */
void smb2_chain_iter_init(struct smb2_chain_iter *it, struct smb2_blob buf);

/*
 * Step to the next entry: on STATUS_SUCCESS *entry is a cursor over that
 * entry alone (from its NextEntryOffset field to the next entry, or to the
 * buffer end for the last), positioned after NextEntryOffset.
 * STATUS_NO_MORE_ENTRIES at the end; STATUS_INVALID_PARAMETER for a broken
 * chain (the walk then stays finished).  `min_entry` is the entry's fixed
 * size including NextEntryOffset; `align` a power of two.
 */
WUR NTSTATUS smb2_chain_next(struct smb2_chain_iter *it, unsigned align,
                             uint32_t min_entry, struct rd *entry);

/*
 * Builder: appends entries to a writer, padding between entries to the
 * chain's alignment (counted from the first entry) and patching the
 * previous entry's NextEntryOffset.  `max` caps the chain's total length
 * (a request's OutputBufferLength).
 */
struct smb2_chain_builder {
	struct wr *w;
	size_t start;  /* absolute position of the first entry */
	size_t prev;   /* absolute position of the last entry added */
	uint32_t max;
	unsigned align;
	uint32_t count;
};

void smb2_chain_builder_init(struct smb2_chain_builder *b, struct wr *w,
                             unsigned align, uint32_t max);

/*
 * Make room for an entry of entry_len bytes (its NextEntryOffset included):
 * writes the padding and links the previous entry; the caller then writes
 * the entry, NextEntryOffset 0 first.  STATUS_BUFFER_OVERFLOW, with nothing
 * written, when the entry would take the chain past max;
 * STATUS_INSUFFICIENT_RESOURCES when the writer is full.
 */
WUR NTSTATUS smb2_chain_begin(struct smb2_chain_builder *b, size_t entry_len);

/* Bytes written so far (no padding after the last entry). */
static inline uint32_t smb2_chain_len(const struct smb2_chain_builder *b)
{
	return (uint32_t)(b->w->len - b->start);
}

/* A UTF-16LE name field: even length, as MS-FSCC 2.1.5 strings are. */
static inline bool smb2_utf16_len_ok(uint64_t len)
{
	return (len & 1) == 0;
}

#endif
