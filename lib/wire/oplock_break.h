/*
 * SMB2 OPLOCK_BREAK (command 0x12) in its six forms, told apart by
 * StructureSize:
 *
 *   server -> client                         client -> server
 *   Oplock Break Notification  2.2.23.1, 24   Oplock Break Ack  2.2.24.1, 24
 *   Lease Break Notification   2.2.23.2, 44   Lease Break Ack   2.2.24.2, 36
 *   Oplock Break Response      2.2.25.1, 24
 *   Lease Break Response       2.2.25.2, 36
 *
 * struct smb2_oplock_break_req holds what a client sends (the two
 * acknowledgments), struct smb2_oplock_break_rsp what a server sends.  The
 * oplock notification and the oplock response share one layout; the
 * header tells them apart (smb2_oplock_break_is_notification()).
 */
#ifndef SMBSIM_WIRE_OPLOCK_BREAK_H
#define SMBSIM_WIRE_OPLOCK_BREAK_H

#include <stdbool.h>

#include "wire/create.h"
#include "wire/cursor.h"
#include "wire/hdr.h"
#include "wire/smb2.h"

/* MS-SMB2 2.2.13.2.8: LeaseState (also CurrentLeaseState, NewLeaseState) */
#define SMB2_LEASE_NONE 0x00u
#define SMB2_LEASE_READ_CACHING 0x01u
#define SMB2_LEASE_HANDLE_CACHING 0x02u
#define SMB2_LEASE_WRITE_CACHING 0x04u

/* MS-SMB2 2.2.23.2: Lease Break Notification Flags */
#define SMB2_NOTIFY_BREAK_LEASE_FLAG_ACK_REQUIRED 0x01u

/* StructureSize of each form */
#define SMB2_OPLOCK_BREAK_SIZE 24
#define SMB2_LEASE_BREAK_NOTIFY_SIZE 44
#define SMB2_LEASE_BREAK_ACK_SIZE 36

enum smb2_break_req_kind {
	SMB2_BREAK_OPLOCK_ACK = 1,   /* 2.2.24.1 */
	SMB2_BREAK_LEASE_ACK,        /* 2.2.24.2 */
};

enum smb2_break_rsp_kind {
	SMB2_BREAK_OPLOCK = 1,       /* 2.2.23.1 notification or 2.2.25.1 response */
	SMB2_BREAK_LEASE_NOTIFY,     /* 2.2.23.2 */
	SMB2_BREAK_LEASE_RSP,        /* 2.2.25.2 */
};

struct smb2_oplock_break_req {
	enum smb2_break_req_kind kind;
	/* SMB2_BREAK_OPLOCK_ACK */
	uint8_t oplock_level;        /* SMB2_OPLOCK_LEVEL_* (wire/create.h) */
	struct smb2_fileid file_id;
	/* SMB2_BREAK_LEASE_ACK */
	uint32_t flags;
	uint8_t lease_key[16];
	uint32_t lease_state;
	uint64_t lease_duration;
};

struct smb2_oplock_break_rsp {
	enum smb2_break_rsp_kind kind;
	/* SMB2_BREAK_OPLOCK */
	uint8_t oplock_level;
	struct smb2_fileid file_id;
	/* SMB2_BREAK_LEASE_NOTIFY and SMB2_BREAK_LEASE_RSP */
	uint32_t flags;
	uint8_t lease_key[16];
	/* SMB2_BREAK_LEASE_NOTIFY */
	uint16_t new_epoch;
	uint32_t current_lease_state;
	uint32_t new_lease_state;
	uint32_t break_reason;
	uint32_t access_mask_hint;
	uint32_t share_mask_hint;
	/* SMB2_BREAK_LEASE_RSP */
	uint32_t lease_state;
	uint64_t lease_duration;
};

WUR NTSTATUS smb2_oplock_break_req_decode(struct rd *c, struct smb2_oplock_break_req *out);
NTSTATUS smb2_oplock_break_req_encode(struct wr *w, const struct smb2_oplock_break_req *in);
WUR NTSTATUS smb2_oplock_break_rsp_decode(struct rd *c, struct smb2_oplock_break_rsp *out);
NTSTATUS smb2_oplock_break_rsp_encode(struct wr *w, const struct smb2_oplock_break_rsp *in);

/* MS-SMB2 2.2.23: a break notification is unsolicited, with MessageId
 * 0xFFFFFFFFFFFFFFFF; a break response answers the client's ack. */
static inline bool smb2_oplock_break_is_notification(const struct smb2_hdr *h)
{
	return h->message_id == UINT64_MAX;
}

#endif
