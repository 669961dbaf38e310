/* SMB2 LOCK request and response (MS-SMB2 2.2.26, 2.2.27). */
#ifndef SMBSIM_WIRE_LOCK_H
#define SMBSIM_WIRE_LOCK_H

#include "wire/cursor.h"
#include "wire/limits.h"
#include "wire/smb2.h"

/* MS-SMB2 2.2.26.1: SMB2_LOCK_ELEMENT Flags */
#define SMB2_LOCKFLAG_SHARED_LOCK 0x00000001u
#define SMB2_LOCKFLAG_EXCLUSIVE_LOCK 0x00000002u
#define SMB2_LOCKFLAG_UNLOCK 0x00000004u
#define SMB2_LOCKFLAG_FAIL_IMMEDIATELY 0x00000010u

/* MS-SMB2 2.2.26.1: Offset u64, Length u64, Flags u32, Reserved u32 */
#define SMB2_LOCK_ELEMENT_SIZE 24

struct smb2_lock_element {
	uint64_t offset;
	uint64_t length;
	uint32_t flags;            /* SMB2_LOCKFLAG_* */
};

struct smb2_lock_req {
	/* MS-SMB2 2.2.26: one u32; LockSequenceNumber is its 4 least
	 * significant bits, LockSequenceIndex the 28 above (0..64, 0
	 * reserved; unused in 2.0.2).  The server judges the values. */
	uint8_t lock_sequence_number;   /* 0..15 */
	uint32_t lock_sequence_index;   /* 0..0x0FFFFFFF */
	struct smb2_fileid file_id;
	uint16_t lock_count;            /* 1..SMB2_MAX_LOCK_ELEMENTS */
	struct smb2_lock_element locks[SMB2_MAX_LOCK_ELEMENTS];
};

/* MS-SMB2 2.2.27: StructureSize (4) and Reserved, kept as read. */
struct smb2_lock_rsp {
	uint16_t reserved;
};

/*
 * Decode: LockCount 0 (2.2.26 "MUST be greater than or equal to 1",
 * 3.3.5.14), more than SMB2_MAX_LOCK_ELEMENTS, or more elements than the
 * message holds, is STATUS_INVALID_PARAMETER.
 */
WUR NTSTATUS smb2_lock_req_decode(struct rd *c, struct smb2_lock_req *out);
NTSTATUS smb2_lock_req_encode(struct wr *w, const struct smb2_lock_req *in);
WUR NTSTATUS smb2_lock_rsp_decode(struct rd *c, struct smb2_lock_rsp *out);
NTSTATUS smb2_lock_rsp_encode(struct wr *w, const struct smb2_lock_rsp *in);

#endif
