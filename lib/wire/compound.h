/*
 * Compound chains: several SMB2 messages in one transport frame, linked by
 * the header's NextCommand (MS-SMB2 2.2.1, 3.2.4.1.4, 3.3.5.2.7).
 *
 * The iterator splits a frame (after the NBSS header and after any
 * transform has been removed) into one cursor per message, ready for
 * smb2_hdr_decode() / smb2_msg_decode(): base = that message's header, len
 * = up to the next header (NextCommand) or to the frame end.  It checks only
 * the chain: each NextCommand is a multiple of 8, at least one header long
 * and ends inside the frame; 0 ends the chain; at most SMB2_MAX_COMPOUND
 * messages.  Headers themselves are the message decoder's business.
 *
 * The builder appends messages to one writer, pads every message but the
 * last to 8 bytes and patches the previous NextCommand.  Related
 * operations (SMB2_FLAGS_RELATED_OPERATIONS) are the caller's flag to set;
 * the builder refuses a chain whose first message is related (MS-SMB2
 * 3.2.4.1.4), and the iterator reports the flag of each message so a server
 * can apply MS-SMB2 3.3.5.2.7.2.
 */
#ifndef SMBSIM_WIRE_COMPOUND_H
#define SMBSIM_WIRE_COMPOUND_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "wire/cursor.h"

struct smb2_compound_iter {
	const uint8_t *frame;
	size_t len;
	size_t next;        /* start of the next message; len when done */
	bool done;
	/* Set by each successful smb2_compound_next(): */
	unsigned index;     /* 0 for the first message */
	unsigned count;     /* messages returned so far */
	size_t offset;      /* this message's offset in the frame */
	uint32_t flags;     /* this message's header Flags */
	bool related;       /* SMB2_FLAGS_RELATED_OPERATIONS in flags */
	/* STATUS_SUCCESS while iterating and at a clean end; the reason once
	 * smb2_compound_next() has failed. */
	NTSTATUS status;
	size_t err_off;     /* frame offset of the bad NextCommand */
};

void smb2_compound_init(struct smb2_compound_iter *it, const uint8_t *frame, size_t len);

/*
 * The next message: true with *msg set (positioned at 0), or false at the
 * end of the chain (it->status is STATUS_SUCCESS) or on a malformed chain
 * (it->status says why, it->err_off where; no message of a malformed chain
 * should be processed further than the server's rules allow).  *msg is
 * written only when true is returned.
 */
WUR bool smb2_compound_next(struct smb2_compound_iter *it, struct rd *msg);

/* MS-SMB2 3.3.5.2.7.2: a chain whose first message is related is invalid
 * (the server SHOULD fail it).  STATUS_INVALID_PARAMETER for the current
 * message if it is the first of a chain of two or more and related, else
 * STATUS_SUCCESS. */
NTSTATUS smb2_compound_check_related(const struct smb2_compound_iter *it);

/* Count the messages of a frame (walking the whole chain); 0 and the
 * iterator's error status on a malformed chain. */
unsigned smb2_compound_count(const uint8_t *frame, size_t len, NTSTATUS *status);

/* ---- builder ----------------------------------------------------------- */

struct smb2_compound_builder {
	struct wr *w;
	size_t start;       /* frame start in w */
	size_t prev;        /* start of the last message added */
	unsigned count;
};

/* Start a chain at the writer's current end. */
void smb2_compound_begin(struct smb2_compound_builder *b, struct wr *w);

/*
 * Call before encoding each message (header then body, as usual).  For
 * every message but the first, pads the previous one with zeros to a
 * multiple of 8 and patches its NextCommand.  Fails (and makes the writer's
 * error sticky) past SMB2_MAX_COMPOUND messages or if the previous message
 * is shorter than a header.
 */
NTSTATUS smb2_compound_add(struct smb2_compound_builder *b);

/* Finish: checks the chain is not empty, that the first message is not
 * related, and that the last message's NextCommand is 0.  The last message
 * is not padded (MS-SMB2 3.2.4.1.4). */
NTSTATUS smb2_compound_end(struct smb2_compound_builder *b);

#endif
