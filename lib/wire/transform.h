/*
 * The SMB2 TRANSFORM_HEADER that wraps an encrypted message (MS-SMB2
 * 2.2.41) and the COMPRESSION_TRANSFORM_HEADER that wraps a compressed one
 * (MS-SMB2 2.2.42, 3.1.1 only).
 *
 * Encryption itself is crypto/'s job: this file only frames it.  The
 * authenticated data of AES-CCM/GCM is the header from Nonce to the end
 * (SMB2_TRANSFORM_AAD_OFF, SMB2_TRANSFORM_AAD_LEN).
 *
 * Compression: smbsim does not negotiate compression yet (it never offers
 * SMB2_COMPRESSION_CAPABILITIES), so a peer must not send compressed
 * messages.  The headers are still parsed and bounded, so a compressed frame
 * is recognised and described, and smb2_compress_decompress() refuses it
 * cleanly with STATUS_NOT_SUPPORTED.
 */
#ifndef SMBSIM_WIRE_TRANSFORM_H
#define SMBSIM_WIRE_TRANSFORM_H

#include <stdbool.h>
#include <stdint.h>

#include "wire/cursor.h"

/* ---- encryption (MS-SMB2 2.2.41) --------------------------------------- */

#define SMB2_TRANSFORM_HDR_SIZE 52
/* Flags (3.1.1) / EncryptionAlgorithm (3.0, 3.0.2): both spell 0x0001. */
#define SMB2_TRANSFORM_FLAG_ENCRYPTED 0x0001
#define SMB2_ENCRYPTION_AES128_CCM 0x0001
/* Nonce to SessionId: the AEAD's additional authenticated data. */
#define SMB2_TRANSFORM_AAD_OFF 20
#define SMB2_TRANSFORM_AAD_LEN 32
#define SMB2_TRANSFORM_SIG_OFF 4

struct smb2_transform_hdr {
	uint8_t signature[16];
	/* AES-CCM uses the first 11 bytes, AES-GCM the first 12; the rest
	 * are zero on the wire. */
	uint8_t nonce[16];
	uint32_t original_size;  /* OriginalMessageSize */
	uint16_t flags;          /* Flags / EncryptionAlgorithm */
	uint64_t session_id;
};

/*
 * Decode the transform header at the start of c (a whole frame, without
 * the NBSS header).  Checks ProtocolId 0xFD 'SMB'; Flags/EncryptionAlgorithm
 * 0x0001 (MS-SMB2 3.2.5.1.1.1, 3.3.5.2.1.1: anything else is grounds to
 * disconnect); OriginalMessageSize at least an SMB2 header and equal to the
 * bytes that follow (the ciphers keep the length).  On success *payload is
 * the encrypted message and c is at its start.
 */
WUR NTSTATUS smb2_transform_decode(struct rd *c, struct smb2_transform_hdr *out,
                                   struct smb2_blob *payload);
/* Append the 52-byte header (the encrypted message follows it). */
NTSTATUS smb2_transform_encode(struct wr *w, const struct smb2_transform_hdr *in);

/* The ProtocolId of a frame (little-endian u32 of its first 4 bytes), or 0
 * when it is shorter than 4 bytes: tells SMB2_MAGIC, SMB2_TRANSFORM_MAGIC,
 * SMB2_COMPRESSION_MAGIC and SMB1_MAGIC apart. */
uint32_t smb2_frame_protocol(const uint8_t *frame, size_t len);

/* ---- compression (MS-SMB2 2.2.42) --------------------------------------- */

/* MS-SMB2 2.2.3.1.3: CompressionAlgorithms */
#define SMB2_COMPRESSION_NONE 0x0000
#define SMB2_COMPRESSION_LZNT1 0x0001
#define SMB2_COMPRESSION_LZ77 0x0002
#define SMB2_COMPRESSION_LZ77_HUFFMAN 0x0003
#define SMB2_COMPRESSION_PATTERN_V1 0x0004
#define SMB2_COMPRESSION_LZ4 0x0005

/* MS-SMB2 2.2.42: Flags */
#define SMB2_COMPRESSION_FLAG_NONE 0x0000
#define SMB2_COMPRESSION_FLAG_CHAINED 0x0001

#define SMB2_COMPRESSION_HDR_SIZE 16       /* unchained form */
#define SMB2_COMPRESSION_PAYLOAD_HDR_SIZE 8 /* without OriginalPayloadSize */
#define SMB2_COMPRESSION_PATTERN_SIZE 8

struct smb2_compress_hdr {
	uint32_t original_size;   /* OriginalCompressedSegmentSize */
	uint16_t flags;           /* NONE: unchained; CHAINED: chained */
	/* Unchained form (MS-SMB2 2.2.42.1): */
	uint16_t algorithm;
	uint32_t offset;
	struct smb2_blob uncompressed; /* the Offset bytes after the header */
	struct smb2_blob compressed;   /* the rest of the frame */
	/* Chained form (MS-SMB2 2.2.42.2): the payload headers and their data,
	 * from offset 8 to the frame end; walk it with
	 * smb2_compress_chain_next(). */
	struct smb2_blob chain;
	unsigned payloads;        /* number of payloads in the chain */
};

/* One SMB2_COMPRESSION_CHAINED_PAYLOAD_HEADER and its data (2.2.42.2.1). */
struct smb2_compress_payload {
	uint16_t algorithm;
	uint16_t flags;
	uint32_t length;          /* Length: data plus OriginalPayloadSize */
	bool has_original_size;   /* LZNT1, LZ77, LZ77+Huffman, LZ4 */
	uint32_t original_size;   /* OriginalPayloadSize, or the size this
	                           * payload expands to otherwise */
	struct smb2_blob data;    /* after OriginalPayloadSize */
	/* Pattern_V1 (2.2.42.2.2): */
	uint8_t pattern;
	uint32_t repetitions;
};

/*
 * Decode a compression transform header (c spans the whole frame).  Checks
 * ProtocolId 0xFC 'SMB'; OriginalCompressedSegmentSize at most
 * SMB2_MAX_PDU; unchained: a known algorithm other than NONE and
 * Pattern_V1, Offset inside the frame and compressed data after it;
 * chained: every payload header inside the frame, the first flagged
 * CHAINED and the others not, known algorithms, Pattern_V1 payloads 8 bytes
 * long, at most one payload per 8 bytes of frame, and the expanded sizes
 * adding up to OriginalCompressedSegmentSize (MS-SMB2 3.1.5.3).
 */
WUR NTSTATUS smb2_compress_decode(struct rd *c, struct smb2_compress_hdr *out);

/* Walk a chained header's payloads: start with *pos = 0; true with *out
 * set, false at the end (or on bytes smb2_compress_decode() would have
 * refused). */
WUR bool smb2_compress_chain_next(const struct smb2_compress_hdr *h, size_t *pos,
                                  struct smb2_compress_payload *out);

/* Encoders for tests and tools: the unchained header (then the caller
 * appends Offset uncompressed bytes and the compressed data), and one
 * chained payload header (the first one preceded by
 * smb2_compress_chained_start()).  payload_len is the data after
 * OriginalPayloadSize. */
NTSTATUS smb2_compress_unchained_encode(struct wr *w, uint32_t original_size,
                                        uint16_t algorithm, uint32_t offset);
NTSTATUS smb2_compress_chained_start(struct wr *w, uint32_t original_size);
NTSTATUS smb2_compress_payload_encode(struct wr *w, const struct smb2_compress_payload *p);

/* Always STATUS_NOT_SUPPORTED: compression is not negotiated (see the
 * comment at the top); out is left untouched. */
NTSTATUS smb2_compress_decompress(const struct smb2_compress_hdr *h, struct wr *out);

#endif
