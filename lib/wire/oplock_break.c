/* SMB2 OPLOCK_BREAK: notifications (MS-SMB2 2.2.23), acknowledgments
 * (2.2.24) and responses (2.2.25). */
#include "wire/body.h"
#include "wire/oplock_break.h"

/* StructureSize, without consuming it. */
static bool peek_size(const struct rd *c, uint16_t *size)
{
	if (rd_left(c) < 2)
		return false;
	*size = le16(c->base + c->pos);
	return true;
}

/* 2.2.23.1 / 2.2.24.1 / 2.2.25.1: OplockLevel, Reserved (1), Reserved2 (4),
 * FileId. */
static NTSTATUS get_oplock(struct rd *c, uint8_t *level, struct smb2_fileid *id)
{
	NTSTATUS st = smb2_body_size(c, SMB2_OPLOCK_BREAK_SIZE, "OPLOCK_BREAK.StructureSize");

	if (st)
		return st;
	if (rd_left(c) < SMB2_OPLOCK_BREAK_SIZE - 2)
		return rd_fail(c, "OPLOCK_BREAK body");
	(void)!rd_u8(c, level);
	(void)!rd_skip(c, 1 + 4);
	(void)!rd_fileid(c, id);
	return STATUS_SUCCESS;
}

static void put_oplock(struct wr *w, uint8_t level, const struct smb2_fileid *id)
{
	wr_u16(w, SMB2_OPLOCK_BREAK_SIZE);
	wr_u8(w, level);
	wr_u8(w, 0);
	wr_u32(w, 0);
	wr_fileid(w, id);
}

/* 2.2.24.2 / 2.2.25.2: Reserved (2), Flags, LeaseKey, LeaseState,
 * LeaseDuration. */
static NTSTATUS get_lease_ack(struct rd *c, uint32_t *flags, uint8_t key[16],
                              uint32_t *state, uint64_t *duration)
{
	NTSTATUS st = smb2_body_size(c, SMB2_LEASE_BREAK_ACK_SIZE, "LEASE_BREAK.StructureSize");

	if (st)
		return st;
	if (rd_left(c) < SMB2_LEASE_BREAK_ACK_SIZE - 2)
		return rd_fail(c, "LEASE_BREAK body");
	(void)!rd_skip(c, 2);
	(void)!rd_u32(c, flags);
	(void)!rd_bytes(c, key, 16);
	(void)!rd_u32(c, state);
	(void)!rd_u64(c, duration);
	return STATUS_SUCCESS;
}

static void put_lease_ack(struct wr *w, uint32_t flags, const uint8_t key[16],
                          uint32_t state, uint64_t duration)
{
	wr_u16(w, SMB2_LEASE_BREAK_ACK_SIZE);
	wr_u16(w, 0);
	wr_u32(w, flags);
	wr_bytes(w, key, 16);
	wr_u32(w, state);
	wr_u64(w, duration);
}

NTSTATUS smb2_oplock_break_req_decode(struct rd *c, struct smb2_oplock_break_req *out)
{
	struct smb2_oplock_break_req r;
	uint16_t size;
	NTSTATUS st;

	memset(&r, 0, sizeof(r));
	if (!peek_size(c, &size))
		return rd_fail(c, "OPLOCK_BREAK.StructureSize");
	if (size == SMB2_OPLOCK_BREAK_SIZE) {
		r.kind = SMB2_BREAK_OPLOCK_ACK;
		st = get_oplock(c, &r.oplock_level, &r.file_id);
	} else if (size == SMB2_LEASE_BREAK_ACK_SIZE) {
		r.kind = SMB2_BREAK_LEASE_ACK;
		st = get_lease_ack(c, &r.flags, r.lease_key, &r.lease_state, &r.lease_duration);
	} else {
		/* MS-SMB2 3.3.5.22: any other size is invalid. */
		return rd_fail(c, "OPLOCK_BREAK.StructureSize");
	}
	if (st)
		return st;
	*out = r;
	return STATUS_SUCCESS;
}

NTSTATUS smb2_oplock_break_req_encode(struct wr *w, const struct smb2_oplock_break_req *in)
{
	switch (in->kind) {
	case SMB2_BREAK_OPLOCK_ACK:
		put_oplock(w, in->oplock_level, &in->file_id);
		return wr_status(w);
	case SMB2_BREAK_LEASE_ACK:
		put_lease_ack(w, in->flags, in->lease_key, in->lease_state, in->lease_duration);
		return wr_status(w);
	}
	return STATUS_INVALID_PARAMETER;
}

/* 2.2.23.2: NewEpoch, Flags, LeaseKey, CurrentLeaseState, NewLeaseState,
 * BreakReason, AccessMaskHint, ShareMaskHint. */
static NTSTATUS get_lease_notify(struct rd *c, struct smb2_oplock_break_rsp *r)
{
	NTSTATUS st = smb2_body_size(c, SMB2_LEASE_BREAK_NOTIFY_SIZE, "LEASE_BREAK.StructureSize");

	if (st)
		return st;
	if (rd_left(c) < SMB2_LEASE_BREAK_NOTIFY_SIZE - 2)
		return rd_fail(c, "LEASE_BREAK notification body");
	(void)!rd_u16(c, &r->new_epoch);
	(void)!rd_u32(c, &r->flags);
	(void)!rd_bytes(c, r->lease_key, 16);
	(void)!rd_u32(c, &r->current_lease_state);
	(void)!rd_u32(c, &r->new_lease_state);
	(void)!rd_u32(c, &r->break_reason);
	(void)!rd_u32(c, &r->access_mask_hint);
	(void)!rd_u32(c, &r->share_mask_hint);
	return STATUS_SUCCESS;
}

NTSTATUS smb2_oplock_break_rsp_decode(struct rd *c, struct smb2_oplock_break_rsp *out)
{
	struct smb2_oplock_break_rsp r;
	uint16_t size;
	NTSTATUS st;

	memset(&r, 0, sizeof(r));
	if (!peek_size(c, &size))
		return rd_fail(c, "OPLOCK_BREAK.StructureSize");
	if (size == SMB2_OPLOCK_BREAK_SIZE) {
		r.kind = SMB2_BREAK_OPLOCK;
		st = get_oplock(c, &r.oplock_level, &r.file_id);
	} else if (size == SMB2_LEASE_BREAK_NOTIFY_SIZE) {
		r.kind = SMB2_BREAK_LEASE_NOTIFY;
		st = get_lease_notify(c, &r);
	} else if (size == SMB2_LEASE_BREAK_ACK_SIZE) {
		r.kind = SMB2_BREAK_LEASE_RSP;
		st = get_lease_ack(c, &r.flags, r.lease_key, &r.lease_state, &r.lease_duration);
	} else {
		return rd_fail(c, "OPLOCK_BREAK.StructureSize");
	}
	if (st)
		return st;
	*out = r;
	return STATUS_SUCCESS;
}

NTSTATUS smb2_oplock_break_rsp_encode(struct wr *w, const struct smb2_oplock_break_rsp *in)
{
	switch (in->kind) {
	case SMB2_BREAK_OPLOCK:
		put_oplock(w, in->oplock_level, &in->file_id);
		return wr_status(w);
	case SMB2_BREAK_LEASE_NOTIFY:
		wr_u16(w, SMB2_LEASE_BREAK_NOTIFY_SIZE);
		wr_u16(w, in->new_epoch);
		wr_u32(w, in->flags);
		wr_bytes(w, in->lease_key, 16);
		wr_u32(w, in->current_lease_state);
		wr_u32(w, in->new_lease_state);
		wr_u32(w, in->break_reason);
		wr_u32(w, in->access_mask_hint);
		wr_u32(w, in->share_mask_hint);
		return wr_status(w);
	case SMB2_BREAK_LEASE_RSP:
		put_lease_ack(w, in->flags, in->lease_key, in->lease_state, in->lease_duration);
		return wr_status(w);
	}
	return STATUS_INVALID_PARAMETER;
}
