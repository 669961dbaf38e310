/*
 * SMB 3.1.1 negotiate contexts (MS-SMB2 2.2.3.1 in requests, 2.2.4.1 in
 * responses: the same layout both ways).
 *
 * Each context is ContextType (2), DataLength (2), Reserved (4), Data, and
 * begins 8-byte aligned counted from the SMB2 header; the last one need not
 * be padded (MS-SMB2 2.2.3.1).  A decoded context always keeps its raw Data
 * as a blob; known types also get a parsed form.  Unknown types (including
 * SMB2_CONTEXTTYPE_RESERVED) are only the blob and are encoded from it.
 */
#ifndef SMBSIM_WIRE_NEGOTIATE_CTX_H
#define SMBSIM_WIRE_NEGOTIATE_CTX_H

#include "wire/cursor.h"
#include "wire/limits.h"

/* MS-SMB2 2.2.3.1: ContextType */
#define SMB2_PREAUTH_INTEGRITY_CAPABILITIES 0x0001
#define SMB2_ENCRYPTION_CAPABILITIES 0x0002
#define SMB2_COMPRESSION_CAPABILITIES 0x0003
#define SMB2_NETNAME_NEGOTIATE_CONTEXT_ID 0x0005
#define SMB2_TRANSPORT_CAPABILITIES 0x0006
#define SMB2_RDMA_TRANSFORM_CAPABILITIES 0x0007
#define SMB2_SIGNING_CAPABILITIES 0x0008
#define SMB2_CONTEXTTYPE_RESERVED 0x0100

/* MS-SMB2 2.2.3.1.1: HashAlgorithms */
#define SMB2_PREAUTH_INTEGRITY_SHA512 0x0001

/* MS-SMB2 2.2.3.1.2: Ciphers (0 in a response: no common cipher) */
#define SMB2_ENCRYPTION_NONE 0x0000
#define SMB2_ENCRYPTION_AES128_CCM 0x0001
#define SMB2_ENCRYPTION_AES128_GCM 0x0002
#define SMB2_ENCRYPTION_AES256_CCM 0x0003
#define SMB2_ENCRYPTION_AES256_GCM 0x0004

/* MS-SMB2 2.2.3.1.3: CompressionAlgorithms and Flags */
#define SMB2_COMPRESSION_NONE 0x0000
#define SMB2_COMPRESSION_LZNT1 0x0001
#define SMB2_COMPRESSION_LZ77 0x0002
#define SMB2_COMPRESSION_LZ77_HUFFMAN 0x0003
#define SMB2_COMPRESSION_PATTERN_V1 0x0004
#define SMB2_COMPRESSION_LZ4 0x0005
#define SMB2_COMPRESSION_CAPABILITIES_FLAG_NONE 0x00000000u
#define SMB2_COMPRESSION_CAPABILITIES_FLAG_CHAINED 0x00000001u

/* MS-SMB2 2.2.3.1.5: TRANSPORT_CAPABILITIES Flags */
#define SMB2_ACCEPT_TRANSPORT_LEVEL_SECURITY 0x00000001u

/* MS-SMB2 2.2.3.1.6: RDMATransformIds */
#define SMB2_RDMA_TRANSFORM_NONE 0x0000
#define SMB2_RDMA_TRANSFORM_ENCRYPTION 0x0001
#define SMB2_RDMA_TRANSFORM_SIGNING 0x0002

/* MS-SMB2 2.2.3.1.7: SigningAlgorithms */
#define SMB2_SIGNING_HMAC_SHA256 0x0000
#define SMB2_SIGNING_AES_CMAC 0x0001
#define SMB2_SIGNING_AES_GMAC 0x0002

/* A counted list of 16-bit algorithm ids, bounded by SMB2_MAX_NEG_CTX_IDS. */
struct smb2_id_list {
	uint16_t count;
	uint16_t ids[SMB2_MAX_NEG_CTX_IDS];
};

struct smb2_neg_ctx {
	uint16_t type;
	/* Data as received (decode); ignored by the encoder for known types. */
	struct smb2_blob data;
	union {
		struct {                          /* MS-SMB2 2.2.3.1.1 */
			struct smb2_id_list hashes;
			struct smb2_blob salt;
		} preauth;
		struct smb2_id_list ciphers;      /* MS-SMB2 2.2.3.1.2 */
		struct {                          /* MS-SMB2 2.2.3.1.3 */
			uint32_t flags;
			struct smb2_id_list algs;
		} compression;
		struct smb2_blob netname;         /* MS-SMB2 2.2.3.1.4, UTF-16LE */
		uint32_t transport_flags;         /* MS-SMB2 2.2.3.1.5 */
		struct smb2_id_list rdma_transforms; /* MS-SMB2 2.2.3.1.6 */
		struct smb2_id_list signing_algs; /* MS-SMB2 2.2.3.1.7 */
	} u;
};

struct smb2_neg_ctx_list {
	uint16_t count;
	struct smb2_neg_ctx ctx[SMB2_MAX_NEG_CONTEXTS];
};

/* True when the type has a parsed form in struct smb2_neg_ctx. */
bool smb2_neg_ctx_type_known(uint16_t type);

/* "SMB2_ENCRYPTION_CAPABILITIES", or "UNKNOWN". */
const char *smb2_neg_ctx_type_name(uint16_t type);

/*
 * Parse the Data of one context of the given type into *out (type, data
 * and, for a known type, the parsed form).  Fails with
 * STATUS_INVALID_PARAMETER when a count is 0 where the spec asks for at
 * least one, exceeds SMB2_MAX_NEG_CTX_IDS, or the counted fields need more
 * bytes than DataLength gives.  Bytes after the counted fields are allowed
 * and stay visible in out->data.
 */
WUR NTSTATUS smb2_neg_ctx_parse(uint16_t type, struct smb2_blob data,
                                struct smb2_neg_ctx *out);

/*
 * Decode `count` contexts starting at offset `off` (from c->base, the SMB2
 * header).  The first must be 8-byte aligned and at or after min_off (the
 * end of whatever precedes the list); each next one starts at the next
 * 8-byte boundary after the previous Data.  count > SMB2_MAX_NEG_CONTEXTS
 * fails.  `field` names the offset field in error reports.
 */
WUR NTSTATUS smb2_neg_ctx_list_decode(struct rd *c, uint64_t off, uint16_t count,
                                      uint64_t min_off, const char *field,
                                      struct smb2_neg_ctx_list *out);

/*
 * Append the contexts at the current position, which the caller has
 * aligned to 8 (from w->msg), padding between contexts but not after the
 * last.  Known types are written from their parsed form, others from
 * `data`.  Returns STATUS_INVALID_PARAMETER (writing nothing) for counts
 * over the limits or a Data longer than 65535 bytes.
 */
NTSTATUS smb2_neg_ctx_list_encode(struct wr *w, const struct smb2_neg_ctx_list *in);

/* The first context of this type, or NULL. */
const struct smb2_neg_ctx *smb2_neg_ctx_find(const struct smb2_neg_ctx_list *l,
                                             uint16_t type);

#endif
