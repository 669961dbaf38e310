/*
 * The SMB1 NEGOTIATE request that multi-protocol clients open with
 * (MS-CIFS 2.2.4.52.1, MS-SMB 2.2.4.5.1), and what an SMB2 server needs
 * from it: whether "SMB 2.002" and "SMB 2.???" are offered (MS-SMB2
 * 3.3.5.3.1).
 *
 * Layout: the 32-byte SMB1 header (0xFF 'S' 'M' 'B', Command 0x72, ...),
 * WordCount (1, MUST be 0), ByteCount (2), then ByteCount bytes of
 * dialects, each a BufferFormat byte 0x02 followed by a NUL-terminated OEM
 * string.  Every string must end inside ByteCount; bytes after ByteCount
 * (if the frame is longer) are ignored.
 */
#ifndef SMBSIM_WIRE_SMB1_NEGOTIATE_H
#define SMBSIM_WIRE_SMB1_NEGOTIATE_H

#include "wire/cursor.h"
#include "wire/limits.h"

#define SMB1_HDR_SIZE 32
/* MS-CIFS 2.2.2.1: SMB_COM_NEGOTIATE */
#define SMB1_COM_NEGOTIATE 0x72
/* MS-CIFS 2.2.3.1: Flags bit SMB_FLAGS_REPLY */
#define SMB1_FLAGS_REPLY 0x80
/* MS-CIFS 2.2.4.52.1: BufferFormat of each dialect string */
#define SMB1_DIALECT_BUFFER_FORMAT 0x02

/* MS-SMB2 3.3.5.3.1: the dialect strings an SMB2 server looks for */
#define SMB1_DIALECT_SMB2_002 "SMB 2.002"
#define SMB1_DIALECT_SMB2_WILDCARD "SMB 2.???"

struct smb1_negotiate_req {
	uint8_t flags;
	uint16_t flags2;
	uint32_t pid;                  /* PIDHigh << 16 | PIDLow */
	uint16_t tid;
	uint16_t uid;
	uint16_t mid;
	uint16_t dialect_count;
	/* The strings without BufferFormat and NUL, into the input. */
	struct smb2_blob dialects[SMB1_MAX_DIALECTS];
	bool offers_smb2_002;          /* "SMB 2.002" is in the list */
	bool offers_smb2_wildcard;     /* "SMB 2.???" is in the list */
};

/*
 * Decode the whole message; the cursor's base and position are at the
 * SMB1 header.  Fails with STATUS_INVALID_PARAMETER on a wrong
 * ProtocolId, Command, a reply, WordCount other than 0, ByteCount past
 * the end, a missing BufferFormat or terminator, or more than
 * SMB1_MAX_DIALECTS strings.
 */
WUR NTSTATUS smb1_negotiate_req_decode(struct rd *c, struct smb1_negotiate_req *out);

/* Encode a request with the header fields and dialect strings of `in`
 * (offers_* are ignored: they follow from the strings). */
NTSTATUS smb1_negotiate_req_encode(struct wr *w, const struct smb1_negotiate_req *in);

#endif
