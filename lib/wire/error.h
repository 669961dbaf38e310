/*
 * SMB2 ERROR response (MS-SMB2 2.2.2), its 3.1.1 error contexts (2.2.2.1)
 * and the ErrorData formats that smbsim reads (2.2.2.2): the Symbolic Link
 * Error Response (2.2.2.2.1), the Share Redirect error context (2.2.2.2.2)
 * and the STATUS_BUFFER_TOO_SMALL length.  Other error data stays opaque.
 */
#ifndef SMBSIM_WIRE_ERROR_H
#define SMBSIM_WIRE_ERROR_H

#include <stdbool.h>
#include <stdint.h>

#include "wire/cursor.h"
#include "wire/limits.h"
#include "wire/smb2.h"

#define SMB2_ERROR_RSP_SIZE 9

/* MS-SMB2 2.2.2.1: ErrorId */
#define SMB2_ERROR_ID_DEFAULT 0x00000000u
#define SMB2_ERROR_ID_SHARE_REDIRECT 0x72645253u

struct smb2_error_ctx {
	uint32_t id;             /* ErrorId */
	struct smb2_blob data;   /* ErrorContextData */
};

struct smb2_error_rsp {
	/* ErrorContextCount: 0 before 3.1.1, and in 3.1.1 when ErrorData is
	 * not a list of contexts. */
	uint8_t context_count;
	/* ErrorData: ByteCount bytes (empty when ByteCount is 0: the one pad
	 * byte the spec asks for is not data).  When context_count is 0 the
	 * encoder writes this; otherwise it writes the contexts. */
	struct smb2_blob data;
	struct smb2_error_ctx contexts[SMB2_MAX_ERROR_CONTEXTS];
};

/*
 * Decode the body (StructureSize 9).  ByteCount bytes of ErrorData must
 * follow (MS-SMB2 2.2.2); a missing pad byte after ByteCount 0 is
 * accepted, since the client MUST ignore it.  With ErrorContextCount
 * nonzero (at most SMB2_MAX_ERROR_CONTEXTS), ErrorData is that many
 * contexts, each starting 8-byte aligned from the start of ErrorData and
 * each inside ByteCount.
 */
WUR NTSTATUS smb2_error_rsp_decode(struct rd *c, struct smb2_error_rsp *out);
/* Encode the body: contexts (8-byte aligned, ByteCount counting the
 * padding between them) or data, and one zero byte when ByteCount is 0. */
NTSTATUS smb2_error_rsp_encode(struct wr *w, const struct smb2_error_rsp *in);

/* The error data carrying `id`: the context with that ErrorId, or, when
 * the response has no contexts, the whole ErrorData for
 * SMB2_ERROR_ID_DEFAULT.  False if absent or empty. */
bool smb2_error_rsp_find(const struct smb2_error_rsp *e, uint32_t id, struct smb2_blob *out);

/* MS-SMB2 2.2.2.2: the ErrorData of STATUS_BUFFER_TOO_SMALL is the
 * required length (4 bytes). */
WUR NTSTATUS smb2_error_buffer_too_small(const struct smb2_blob *data, uint32_t *needed);

/* ---- Symbolic Link Error Response (MS-SMB2 2.2.2.2.1) ------------------- */

#define SMB2_SYMLINK_ERROR_TAG 0x4C4D5953u
#define SMB2_IO_REPARSE_TAG_SYMLINK 0xA000000Cu
#define SMB2_SYMLINK_FLAG_RELATIVE 0x00000001u
#define SMB2_SYMLINK_ERROR_FIXED 28 /* bytes before PathBuffer */

struct smb2_symlink_error {
	uint32_t reparse_tag;
	uint16_t unparsed_path_length;
	uint32_t flags;
	/* UTF-16LE, inside PathBuffer */
	struct smb2_blob substitute_name;
	struct smb2_blob print_name;
};

/*
 * Decode from error data (smb2_error_rsp_find(SMB2_ERROR_ID_DEFAULT)).
 * Checks SymLinkLength against the data, SymLinkErrorTag, ReparseTag,
 * ReparseDataLength (PathBuffer plus 12) and both names inside PathBuffer.
 */
WUR NTSTATUS smb2_symlink_error_decode(const struct smb2_blob *data,
                                       struct smb2_symlink_error *out);
/* Append the structure: PathBuffer is the substitute name then the print
 * name, offsets and lengths computed. */
NTSTATUS smb2_symlink_error_encode(struct wr *w, const struct smb2_symlink_error *in);

/* ---- Share Redirect error context (MS-SMB2 2.2.2.2.2) ------------------- */

#define SMB2_SHARE_REDIRECT_SIZE 48
#define SMB2_SHARE_MOVE_NOTIFICATION 3
#define SMB2_MOVE_DST_IPADDR_V4 1
#define SMB2_MOVE_DST_IPADDR_V6 2
#define SMB2_MOVE_DST_IPADDR_SIZE 24
#define SMB2_SHARE_REDIRECT_FIXED 24 /* bytes before IPAddrMoveList */

/* MS-SMB2 2.2.2.2.2.1 */
struct smb2_move_dst_ipaddr {
	uint32_t type;          /* SMB2_MOVE_DST_IPADDR_V4 or _V6 */
	uint8_t addr[16];       /* IPv4 in the first 4 bytes (network order) */
};

struct smb2_share_redirect {
	uint16_t target_type;
	uint32_t ip_count;              /* IPAddrCount */
	struct smb2_blob ip_list;       /* ip_count entries of 24 bytes */
	struct smb2_blob resource_name; /* UTF-16LE */
};

/*
 * Decode from the context data of SMB2_ERROR_ID_SHARE_REDIRECT.  Checks
 * StructureSize 48, NotificationType 3, every address entry (64-bit
 * arithmetic on IPAddrCount) and the name inside the data and not
 * overlapping the fixed part or the address list.
 */
WUR NTSTATUS smb2_share_redirect_decode(const struct smb2_blob *data,
                                        struct smb2_share_redirect *out);
/* Entry i of a decoded redirect (i < ip_count); false if the entry's Type
 * is neither IPv4 nor IPv6. */
WUR bool smb2_share_redirect_ip(const struct smb2_share_redirect *r, uint32_t i,
                                struct smb2_move_dst_ipaddr *out);
/* Append the structure from n addresses and a name. */
NTSTATUS smb2_share_redirect_encode(struct wr *w, const struct smb2_move_dst_ipaddr *ips,
                                    uint32_t n, const struct smb2_blob *resource_name);

#endif
