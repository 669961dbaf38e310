/*
 * SMB2 packet header, sync and async forms (MS-SMB2 2.2.1.1, 2.2.1.2).
 */
#ifndef SMBSIM_WIRE_HDR_H
#define SMBSIM_WIRE_HDR_H

#include <stdbool.h>
#include <stdint.h>

#include "wire/cursor.h"
#include "wire/smb2.h"

struct smb2_hdr {
	uint16_t credit_charge;
	/* Status in responses.  In 3.x requests the same four bytes are
	 * ChannelSequence (low 16 bits) and Reserved (high 16 bits): see
	 * smb2_hdr_channel_sequence(). */
	uint32_t status;
	uint16_t command;
	uint16_t credit;      /* CreditRequest or CreditResponse */
	uint32_t flags;
	uint32_t next_command;
	uint64_t message_id;
	uint64_t async_id;    /* when flags has SMB2_FLAGS_ASYNC_COMMAND */
	uint32_t process_id;  /* sync form: Reserved (0xFEFF by convention) */
	uint32_t tree_id;     /* sync form */
	uint64_t session_id;
	uint8_t signature[16];
};

static inline uint16_t smb2_hdr_channel_sequence(const struct smb2_hdr *h)
{
	return (uint16_t)h->status;
}

static inline void smb2_hdr_set_channel_sequence(struct smb2_hdr *h, uint16_t csn)
{
	h->status = (h->status & 0xFFFF0000u) | csn;
}

static inline bool smb2_hdr_is_response(const struct smb2_hdr *h)
{
	return (h->flags & SMB2_FLAGS_SERVER_TO_REDIR) != 0;
}

static inline bool smb2_hdr_is_async(const struct smb2_hdr *h)
{
	return (h->flags & SMB2_FLAGS_ASYNC_COMMAND) != 0;
}

static inline unsigned smb2_hdr_priority(const struct smb2_hdr *h)
{
	return (h->flags & SMB2_FLAGS_PRIORITY_MASK) >> 4;
}

/*
 * Decode the 64-byte header at the cursor's position (which must be the
 * cursor's base: offsets in the body count from here).  Checks ProtocolId
 * and StructureSize (64).  On success the cursor is at the body.
 */
WUR NTSTATUS smb2_hdr_decode(struct rd *c, struct smb2_hdr *out);

/*
 * Start a message: sets w->msg to the current end of the buffer (so body
 * offsets count from this header) and appends the header.
 */
NTSTATUS smb2_hdr_encode(struct wr *w, const struct smb2_hdr *h);

/* Byte positions inside the header, for signing and compound patching. */
#define SMB2_HDR_OFF_FLAGS 16
#define SMB2_HDR_OFF_NEXT_COMMAND 20
#define SMB2_HDR_OFF_MESSAGE_ID 24
#define SMB2_HDR_OFF_SESSION_ID 40
#define SMB2_HDR_OFF_SIGNATURE 48

#endif
