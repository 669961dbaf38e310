/*
 * Direct TCP framing of SMB2 (MS-SMB2 2.1) and the NetBIOS session-service
 * packet types it inherits (RFC 1002 4.3).
 *
 * On port 445 every SMB2 frame is a zero byte (the NBSS SESSION MESSAGE
 * type) followed by a 24-bit big-endian length and that many bytes.  Over
 * NetBIOS (port 139) the peer may also send the other session-service
 * packets; a keep-alive (0x85, length 0) is the one seen on 445 too.  The
 * decoder recognises them all and leaves policy to the caller.
 *
 * The decoder is incremental: give it whatever bytes have arrived so far
 * (starting at a frame boundary) and it says how many more it needs, that a
 * complete frame is there, or that the stream is broken (the connection is
 * then dropped: there is no way to resynchronise).
 */
#ifndef SMBSIM_WIRE_NBSS_H
#define SMBSIM_WIRE_NBSS_H

#include <stddef.h>
#include <stdint.h>

#include "wire/cursor.h"

/* RFC 1002 4.3.1: session packet types */
#define SMB2_NBSS_SESSION_MESSAGE 0x00
#define SMB2_NBSS_SESSION_REQUEST 0x81
#define SMB2_NBSS_POSITIVE_RESPONSE 0x82
#define SMB2_NBSS_NEGATIVE_RESPONSE 0x83
#define SMB2_NBSS_RETARGET_RESPONSE 0x84
#define SMB2_NBSS_KEEP_ALIVE 0x85

#define SMB2_NBSS_HDR_SIZE 4

enum smb2_nbss_verdict {
	SMB2_NBSS_ERROR = -1,   /* broken stream: drop the connection */
	SMB2_NBSS_NEED_MORE = 0,
	SMB2_NBSS_FRAME = 1,
};

struct smb2_nbss_result {
	enum smb2_nbss_verdict verdict;
	/* NEED_MORE: bytes still missing before the frame is complete (at
	 * least 1; while the 4-byte header is incomplete, what the header
	 * still lacks). */
	size_t need;
	/* ERROR: why (STATUS_INVALID_PARAMETER for a bad type or flags, a
	 * zero-length session message or a wrong fixed length;
	 * STATUS_INVALID_BUFFER_SIZE for a length over the maximum). */
	NTSTATUS status;
	/* FRAME: the packet type, its payload (zero copy, into the input) and
	 * the bytes to consume (header plus payload). */
	uint8_t type;
	struct smb2_blob payload;
	size_t frame_len;
};

/*
 * Look at buf[0..avail), which starts at a frame boundary.  `max_len` is
 * the largest payload the caller accepts (SMB2_MAX_PDU_PRE_NEGOTIATE before
 * NEGOTIATE completes, SMB2_MAX_PDU after; it is capped at
 * SMB2_NBSS_MAX_LEN).  A session message of length 0 is an error (MS-SMB2
 * 2.1 frames carry an SMB2 message); a keep-alive and a positive response
 * must have length 0, a negative response 1 and a retarget response 6
 * (RFC 1002 4.3.3-4.3.7).  The verdict is also stored in r->verdict.
 */
enum smb2_nbss_verdict smb2_nbss_decode(const uint8_t *buf, size_t avail, uint32_t max_len,
                                        struct smb2_nbss_result *r);

/* Write a 4-byte header for a packet of `type` and payload `length` (at
 * most SMB2_NBSS_MAX_LEN; other types at most 0x1FFFF, RFC 1002 4.3.1). */
NTSTATUS smb2_nbss_hdr_encode(uint8_t out[SMB2_NBSS_HDR_SIZE], uint8_t type, uint32_t length);

/*
 * Framing through a writer: smb2_nbss_begin() appends a placeholder header
 * and returns its position; after the payload is written,
 * smb2_nbss_finish() patches the length in.  Fails (sticky writer error,
 * STATUS_INSUFFICIENT_RESOURCES) if the payload is empty or over
 * SMB2_NBSS_MAX_LEN.
 */
size_t smb2_nbss_begin(struct wr *w);
NTSTATUS smb2_nbss_finish(struct wr *w, size_t hdr_pos);

/* Append a keep-alive (RFC 1002 4.3.7). */
NTSTATUS smb2_nbss_keepalive_encode(struct wr *w);

#endif
