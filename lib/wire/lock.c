/* SMB2 LOCK (MS-SMB2 2.2.26 request, 2.2.27 response). */
#include "wire/lock.h"
#include "wire/body.h"

#define LOCK_REQ_SIZE 48
#define LOCK_RSP_SIZE 4
/* StructureSize 48 counts one lock element: the part before Locks[]. */
#define LOCK_REQ_HEAD (LOCK_REQ_SIZE - SMB2_LOCK_ELEMENT_SIZE)

NTSTATUS smb2_lock_req_decode(struct rd *c, struct smb2_lock_req *out)
{
	struct smb2_lock_req r;
	uint32_t seq = 0;
	NTSTATUS st = smb2_body_size(c, LOCK_REQ_SIZE, "LOCK.StructureSize");

	if (st)
		return st;
	if (rd_left(c) < LOCK_REQ_HEAD - 2)
		return rd_fail(c, "LOCK request body");
	/* Bounded above: every read below succeeds. */
	(void)!rd_u16(c, &r.lock_count);
	(void)!rd_u32(c, &seq);
	(void)!rd_fileid(c, &r.file_id);
	r.lock_sequence_number = (uint8_t)(seq & 0xF);
	r.lock_sequence_index = seq >> 4;
	/* 2.2.26 LockCount: at least 1 (3.3.5.14: else INVALID_PARAMETER). */
	if (r.lock_count == 0 || r.lock_count > SMB2_MAX_LOCK_ELEMENTS) {
		c->pos -= 22;
		return rd_fail(c, "LOCK.LockCount");
	}
	/* LockCount * 24 in 64 bits against what the message holds. */
	if ((uint64_t)r.lock_count * SMB2_LOCK_ELEMENT_SIZE > rd_left(c))
		return rd_fail(c, "LOCK.Locks");
	for (uint16_t i = 0; i < r.lock_count; i++) {
		(void)!rd_u64(c, &r.locks[i].offset);
		(void)!rd_u64(c, &r.locks[i].length);
		(void)!rd_u32(c, &r.locks[i].flags);
		(void)!rd_skip(c, 4);
	}
	for (uint16_t i = r.lock_count; i < SMB2_MAX_LOCK_ELEMENTS; i++)
		r.locks[i] = (struct smb2_lock_element){ 0, 0, 0 };
	*out = r;
	return STATUS_SUCCESS;
}

NTSTATUS smb2_lock_req_encode(struct wr *w, const struct smb2_lock_req *in)
{
	/* An encoder for tests may send LockCount 0 (an empty array): the
	 * decoder's check is what the server applies. */
	if (in->lock_count > SMB2_MAX_LOCK_ELEMENTS)
		return STATUS_INVALID_PARAMETER;
	wr_u16(w, LOCK_REQ_SIZE);
	wr_u16(w, in->lock_count);
	wr_u32(w, (uint32_t)(in->lock_sequence_number & 0xF) |
	              (in->lock_sequence_index << 4));
	wr_fileid(w, &in->file_id);
	for (uint16_t i = 0; i < in->lock_count; i++) {
		wr_u64(w, in->locks[i].offset);
		wr_u64(w, in->locks[i].length);
		wr_u32(w, in->locks[i].flags);
		wr_u32(w, 0);
	}
	return wr_status(w);
}

NTSTATUS smb2_lock_rsp_decode(struct rd *c, struct smb2_lock_rsp *out)
{
	uint16_t reserved;
	NTSTATUS st = smb2_body_size(c, LOCK_RSP_SIZE, "LOCK.StructureSize");

	if (st)
		return st;
	if (!rd_u16(c, &reserved))
		return rd_fail(c, "LOCK.Reserved");
	out->reserved = reserved;
	return STATUS_SUCCESS;
}

NTSTATUS smb2_lock_rsp_encode(struct wr *w, const struct smb2_lock_rsp *in)
{
	wr_u16(w, LOCK_RSP_SIZE);
	wr_u16(w, in->reserved);
	return wr_status(w);
}
