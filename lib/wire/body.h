/*
 * Helpers shared by the command codecs (internal to lib/wire).
 */
#ifndef SMBSIM_WIRE_BODY_H
#define SMBSIM_WIRE_BODY_H

#include "wire/cursor.h"
#include "wire/smb2.h"

/* Read StructureSize and insist on `want` (MS-SMB2 3.3.5.2.x: a wrong size
 * is STATUS_INVALID_PARAMETER).  `field` names it, e.g. "CLOSE.StructureSize". */
WUR NTSTATUS smb2_body_size(struct rd *c, uint16_t want, const char *field);

/* FileId: Persistent (8) then Volatile (8). */
WUR bool rd_fileid(struct rd *c, struct smb2_fileid *id);
void wr_fileid(struct wr *w, const struct smb2_fileid *id);

/* Offset where the fixed part of a body with this StructureSize ends,
 * counted from the header: variable buffers must start at or after it. */
static inline uint32_t smb2_fixed_end(uint16_t structure_size)
{
	return SMB2_HDR_SIZE + (structure_size & ~1u);
}

/*
 * The variable buffer of a body whose fixed part is done: writes it at the
 * current position and patches the (u16 offset, u32 length) or
 * (u16 offset, u16 length) fields written earlier at off_pos.  Offsets
 * count from the header (w->msg).  A zero-length buffer gets offset 0
 * unless zero_len_offset is set (some commands point at the buffer
 * position even when it is empty).
 */
void wr_buf16_u16(struct wr *w, size_t off_pos, size_t len_pos,
                  const void *p, size_t len);
void wr_buf16_u32(struct wr *w, size_t off_pos, size_t len_pos,
                  const void *p, size_t len);
void wr_buf32_u32(struct wr *w, size_t off_pos, size_t len_pos,
                  const void *p, size_t len);

/*
 * The response shape QUERY_DIRECTORY (MS-SMB2 2.2.34), CHANGE_NOTIFY
 * (2.2.36) and QUERY_INFO (2.2.38) share: StructureSize 9,
 * OutputBufferOffset (u16, from the header), OutputBufferLength (u32),
 * Buffer.  The two field names are what rd_fail() records.  The encoder
 * writes the odd StructureSize's one byte when the buffer is empty.
 */
WUR NTSTATUS smb2_outbuf_rsp_decode(struct rd *c, const char *size_field,
                                    const char *buf_field, struct smb2_blob *out);
NTSTATUS smb2_outbuf_rsp_encode(struct wr *w, struct smb2_blob buf);

#endif
