/* Transform headers: encryption (MS-SMB2 2.2.41) and compression (2.2.42). */
#include "wire/transform.h"
#include "wire/limits.h"
#include "wire/smb2.h"

uint32_t smb2_frame_protocol(const uint8_t *frame, size_t len)
{
	return len >= 4 ? le32(frame) : 0;
}

/* ---- encryption --------------------------------------------------------- */

NTSTATUS smb2_transform_decode(struct rd *c, struct smb2_transform_hdr *out,
                               struct smb2_blob *payload)
{
	struct smb2_transform_hdr h;
	size_t start = c->pos;
	uint32_t magic;
	uint16_t reserved;

	if (rd_left(c) < SMB2_TRANSFORM_HDR_SIZE)
		return rd_fail(c, "TRANSFORM");
	/* Bounded above: every read below succeeds. */
	(void)!rd_u32(c, &magic);
	if (magic != SMB2_TRANSFORM_MAGIC) {
		c->pos = start;
		return rd_fail(c, "TRANSFORM.ProtocolId");
	}
	(void)!rd_bytes(c, h.signature, 16);
	(void)!rd_bytes(c, h.nonce, 16);
	(void)!rd_u32(c, &h.original_size);
	(void)!rd_u16(c, &reserved);
	(void)!rd_u16(c, &h.flags);
	(void)!rd_u64(c, &h.session_id);
	/* MS-SMB2 3.2.5.1.1.1, 3.3.5.2.1.1: Flags/EncryptionAlgorithm other
	 * than 0x0001 is grounds to disconnect. */
	if (h.flags != SMB2_TRANSFORM_FLAG_ENCRYPTED) {
		c->pos = start + 42;
		return rd_fail(c, "TRANSFORM.Flags");
	}
	/* MS-SMB2 3.3.5.2.1.1: OriginalMessageSize below a header is invalid;
	 * CCM and GCM keep the length, so the ciphertext is exactly that. */
	if (h.original_size < SMB2_HDR_SIZE || h.original_size != rd_left(c)) {
		c->pos = start + 36;
		return rd_fail(c, "TRANSFORM.OriginalMessageSize");
	}
	payload->p = c->base + c->pos;
	payload->len = h.original_size;
	*out = h;
	return STATUS_SUCCESS;
}

NTSTATUS smb2_transform_encode(struct wr *w, const struct smb2_transform_hdr *in)
{
	wr_u32(w, SMB2_TRANSFORM_MAGIC);
	wr_bytes(w, in->signature, 16);
	wr_bytes(w, in->nonce, 16);
	wr_u32(w, in->original_size);
	wr_u16(w, 0);
	wr_u16(w, in->flags);
	wr_u64(w, in->session_id);
	return wr_status(w);
}

/* ---- compression -------------------------------------------------------- */

static bool algorithm_known(uint16_t a)
{
	return a <= SMB2_COMPRESSION_LZ4;
}

/* LZNT1, LZ77, LZ77+Huffman and LZ4 payloads carry OriginalPayloadSize
 * (MS-SMB2 2.2.42.2.1). */
static bool algorithm_has_size(uint16_t a)
{
	return a == SMB2_COMPRESSION_LZNT1 || a == SMB2_COMPRESSION_LZ77 ||
	       a == SMB2_COMPRESSION_LZ77_HUFFMAN || a == SMB2_COMPRESSION_LZ4;
}

/* One payload at c's position (c spans the chain).  Checks everything the
 * header says against the bytes; `first` is whether it opens the chain. */
static NTSTATUS payload_decode(struct rd *c, bool first, struct smb2_compress_payload *out)
{
	struct smb2_compress_payload p = { 0 };
	size_t start = c->pos;
	const uint8_t *data = NULL;

	if (!rd_u16(c, &p.algorithm) || !rd_u16(c, &p.flags) || !rd_u32(c, &p.length)) {
		c->pos = start;
		return rd_fail(c, "COMPRESSION.PayloadHeader");
	}
	if (!algorithm_known(p.algorithm)) {
		c->pos = start;
		return rd_fail(c, "COMPRESSION.Payload.CompressionAlgorithm");
	}
	/* MS-SMB2 2.2.42.2.1: CHAINED marks the first payload header only. */
	if (p.flags != (first ? SMB2_COMPRESSION_FLAG_CHAINED : SMB2_COMPRESSION_FLAG_NONE)) {
		c->pos = start + 2;
		return rd_fail(c, "COMPRESSION.Payload.Flags");
	}
	if (p.length > rd_left(c)) {
		c->pos = start + 4;
		return rd_fail(c, "COMPRESSION.Payload.Length");
	}
	p.has_original_size = algorithm_has_size(p.algorithm);
	if (p.has_original_size) {
		if (!rd_u32(c, &p.original_size) || p.length < 4) {
			c->pos = start + 4;
			return rd_fail(c, "COMPRESSION.Payload.OriginalPayloadSize");
		}
		(void)!rd_ptr(c, p.length - 4, &data);
		p.data.p = data;
		p.data.len = p.length - 4;
	} else if (p.algorithm == SMB2_COMPRESSION_PATTERN_V1) {
		/* MS-SMB2 2.2.42.2.2: Pattern, Reserved1, Reserved2,
		 * Repetitions. */
		if (p.length != SMB2_COMPRESSION_PATTERN_SIZE) {
			c->pos = start + 4;
			return rd_fail(c, "COMPRESSION.Payload.Length");
		}
		(void)!rd_ptr(c, p.length, &data);
		p.data.p = data;
		p.data.len = p.length;
		p.pattern = data[0];
		p.repetitions = le32(data + 4);
		p.original_size = p.repetitions;
	} else {
		(void)!rd_ptr(c, p.length, &data);
		p.data.p = data;
		p.data.len = p.length;
		p.original_size = p.length;
	}
	*out = p;
	return STATUS_SUCCESS;
}

NTSTATUS smb2_compress_decode(struct rd *c, struct smb2_compress_hdr *out)
{
	struct smb2_compress_hdr h = { 0 };
	size_t start = c->pos;
	uint32_t magic;
	struct rd chain;
	uint64_t total = 0;
	NTSTATUS st;

	if (rd_left(c) < SMB2_COMPRESSION_HDR_SIZE)
		return rd_fail(c, "COMPRESSION");
	(void)!rd_u32(c, &magic);
	if (magic != SMB2_COMPRESSION_MAGIC) {
		c->pos = start;
		return rd_fail(c, "COMPRESSION.ProtocolId");
	}
	(void)!rd_u32(c, &h.original_size);
	/* MS-SMB2 3.2.5.1.1.2, 3.3.5.2.1.2: a segment bigger than the largest
	 * message is grounds to disconnect. */
	if (h.original_size == 0 || h.original_size > SMB2_MAX_PDU) {
		c->pos = start + 4;
		return rd_fail(c, "COMPRESSION.OriginalCompressedSegmentSize");
	}
	/* The flags sit at the same place in both forms: the unchained
	 * header's Flags, or the first payload header's. */
	h.flags = le16(c->base + c->pos + 2);

	if (h.flags == SMB2_COMPRESSION_FLAG_NONE) {
		/* MS-SMB2 2.2.42.1 */
		(void)!rd_u16(c, &h.algorithm);
		(void)!rd_u16(c, &h.flags);
		(void)!rd_u32(c, &h.offset);
		if (h.algorithm == SMB2_COMPRESSION_NONE ||
		    h.algorithm == SMB2_COMPRESSION_PATTERN_V1 || !algorithm_known(h.algorithm)) {
			c->pos = start + 8;
			return rd_fail(c, "COMPRESSION.CompressionAlgorithm");
		}
		/* Offset: uncompressed bytes between the header and the
		 * compressed data, which must not be empty. */
		if (h.offset >= rd_left(c)) {
			c->pos = start + 12;
			return rd_fail(c, "COMPRESSION.Offset");
		}
		h.uncompressed.p = c->base + c->pos;
		h.uncompressed.len = h.offset;
		h.compressed.p = c->base + c->pos + h.offset;
		h.compressed.len = (uint32_t)(rd_left(c) - h.offset);
		c->pos = c->len;
		*out = h;
		return STATUS_SUCCESS;
	}
	if (h.flags != SMB2_COMPRESSION_FLAG_CHAINED) {
		c->pos = start + 10;
		return rd_fail(c, "COMPRESSION.Flags");
	}

	/* MS-SMB2 2.2.42.2: payload headers from offset 8 to the end. */
	if (rd_left(c) > UINT32_MAX || !rd_sub(c, c->pos, rd_left(c), &chain)) {
		c->pos = start;
		return rd_fail(c, "COMPRESSION");
	}
	while (rd_left(&chain) > 0) {
		struct smb2_compress_payload p;

		st = payload_decode(&chain, h.payloads == 0, &p);
		if (st) {
			c->pos = start + 8 + chain.err_off;
			return rd_fail_status(c, chain.err_field, st);
		}
		h.payloads++;
		total += p.original_size;
		/* MS-SMB2 3.1.5.3: the expanded payloads make up exactly
		 * OriginalCompressedSegmentSize; stop as soon as they overshoot. */
		if (total > h.original_size) {
			c->pos = start + 8 + (chain.pos - p.length - 8);
			return rd_fail(c, "COMPRESSION.Payload.OriginalPayloadSize");
		}
	}
	if (total != h.original_size) {
		c->pos = start + 4;
		return rd_fail(c, "COMPRESSION.OriginalCompressedSegmentSize");
	}
	h.algorithm = 0;
	h.chain.p = chain.base;
	h.chain.len = (uint32_t)chain.len;
	c->pos = c->len;
	*out = h;
	return STATUS_SUCCESS;
}

bool smb2_compress_chain_next(const struct smb2_compress_hdr *h, size_t *pos,
                              struct smb2_compress_payload *out)
{
	struct rd c;
	struct smb2_compress_payload p;

	if (h->flags != SMB2_COMPRESSION_FLAG_CHAINED || *pos >= h->chain.len)
		return false;
	rd_init(&c, h->chain.p, h->chain.len);
	c.pos = *pos;
	if (payload_decode(&c, *pos == 0, &p) != STATUS_SUCCESS)
		return false;
	*pos = c.pos;
	*out = p;
	return true;
}

NTSTATUS smb2_compress_unchained_encode(struct wr *w, uint32_t original_size,
                                        uint16_t algorithm, uint32_t offset)
{
	wr_u32(w, SMB2_COMPRESSION_MAGIC);
	wr_u32(w, original_size);
	wr_u16(w, algorithm);
	wr_u16(w, SMB2_COMPRESSION_FLAG_NONE);
	wr_u32(w, offset);
	return wr_status(w);
}

NTSTATUS smb2_compress_chained_start(struct wr *w, uint32_t original_size)
{
	wr_u32(w, SMB2_COMPRESSION_MAGIC);
	wr_u32(w, original_size);
	return wr_status(w);
}

NTSTATUS smb2_compress_payload_encode(struct wr *w, const struct smb2_compress_payload *p)
{
	uint64_t length;

	if (p->algorithm == SMB2_COMPRESSION_PATTERN_V1) {
		wr_u16(w, p->algorithm);
		wr_u16(w, p->flags);
		wr_u32(w, SMB2_COMPRESSION_PATTERN_SIZE);
		wr_u8(w, p->pattern);
		wr_u8(w, 0);
		wr_u16(w, 0);
		wr_u32(w, p->repetitions);
		return wr_status(w);
	}
	length = (uint64_t)p->data.len + (algorithm_has_size(p->algorithm) ? 4 : 0);
	if (length > UINT32_MAX) {
		w->err = true;
		return wr_status(w);
	}
	wr_u16(w, p->algorithm);
	wr_u16(w, p->flags);
	wr_u32(w, (uint32_t)length);
	if (algorithm_has_size(p->algorithm))
		wr_u32(w, p->original_size);
	wr_bytes(w, p->data.p, p->data.len);
	return wr_status(w);
}

NTSTATUS smb2_compress_decompress(const struct smb2_compress_hdr *h, struct wr *out)
{
	(void)h;
	(void)out;
	return STATUS_NOT_SUPPORTED;
}
