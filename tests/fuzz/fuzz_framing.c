/*
 * libFuzzer target: the framing layers on their own.
 *
 * Input: one control byte, then a byte stream.  The stream is split into
 * NBSS frames twice: all at once, and fed in chunks whose sizes come from
 * the control byte (as TCP might deliver it); both must yield the same
 * frames and the same verdict.  Each frame's payload then goes through the
 * compound iterator (whose messages must tile the payload), the transform
 * header and the compression transform header decoders.
 */
#include <stdlib.h>
#include <string.h>

#include "wire/compound.h"
#include "wire/limits.h"
#include "wire/nbss.h"
#include "wire/smb2.h"
#include "wire/transform.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_FRAMES 64

struct frames {
	size_t n;
	size_t off[MAX_FRAMES], len[MAX_FRAMES];
	uint8_t type[MAX_FRAMES];
	enum smb2_nbss_verdict last;
};

static void payload_layers(const uint8_t *p, size_t len)
{
	struct smb2_compound_iter it;
	struct rd c, msg;
	size_t covered = 0;
	struct smb2_transform_hdr th;
	struct smb2_blob b;
	struct smb2_compress_hdr ch;
	struct smb2_compress_payload cp;
	size_t pos = 0;

	smb2_compound_init(&it, p, len);
	while (smb2_compound_next(&it, &msg)) {
		/* Messages follow one another with no gap or overlap. */
		if (msg.base != p + covered || msg.len < SMB2_HDR_SIZE)
			abort();
		covered += msg.len;
	}
	if (it.status == STATUS_SUCCESS && covered != len)
		abort();

	rd_init(&c, p, len);
	if (smb2_transform_decode(&c, &th, &b) == STATUS_SUCCESS &&
	    (b.p + b.len != p + len || b.len != th.original_size))
		abort();
	rd_init(&c, p, len);
	if (smb2_compress_decode(&c, &ch) == STATUS_SUCCESS) {
		unsigned n = 0;
		uint64_t total = 0;
		while (smb2_compress_chain_next(&ch, &pos, &cp)) {
			n++;
			total += cp.original_size;
		}
		if (ch.flags == SMB2_COMPRESSION_FLAG_CHAINED &&
		    (n != ch.payloads || total != ch.original_size))
			abort();
	}
}

/* Split the stream feeding `chunk(i)` bytes at a time (0: all at once). */
static void split(const uint8_t *s, size_t size, uint32_t max, uint8_t ctl, struct frames *f)
{
	uint8_t *buf = malloc(size ? size : 1);
	size_t have = 0, fed = 0, consumed = 0;
	unsigned step = 0;

	if (!buf)
		abort();
	memset(f, 0, sizeof(*f));
	for (;;) {
		struct smb2_nbss_result r;
		enum smb2_nbss_verdict v = smb2_nbss_decode(buf, have, max, &r);

		if (v == SMB2_NBSS_FRAME) {
			if (r.frame_len != SMB2_NBSS_HDR_SIZE + (size_t)r.payload.len ||
			    r.frame_len > have)
				abort();
			if (f->n < MAX_FRAMES) {
				f->off[f->n] = consumed;
				f->len[f->n] = r.payload.len;
				f->type[f->n] = r.type;
			}
			f->n++;
			if (ctl == 0)
				payload_layers(r.payload.p, r.payload.len);
			consumed += r.frame_len;
			memmove(buf, buf + r.frame_len, have - r.frame_len);
			have -= r.frame_len;
			continue;
		}
		if (v == SMB2_NBSS_ERROR || fed == size) {
			f->last = v;
			break;
		}
		if (r.need == 0)
			abort();
		/* Next chunk: 1..8 bytes, a pattern the control byte picks,
		 * or everything when ctl is 0. */
		size_t n = ctl == 0 ? size - fed : 1 + ((ctl >> (step++ % 5)) & 7);
		if (n > size - fed)
			n = size - fed;
		memcpy(buf + have, s + fed, n);
		have += n;
		fed += n;
	}
	free(buf);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct frames whole, chunked;
	uint8_t ctl;
	uint32_t max;

	if (size < 1)
		return 0;
	ctl = data[0];
	/* The limit before and after NEGOTIATE (MS-SMB2 3.3.5.2). */
	max = (ctl & 0x80) ? SMB2_MAX_PDU : SMB2_MAX_PDU_PRE_NEGOTIATE;
	split(data + 1, size - 1, max, 0, &whole);
	split(data + 1, size - 1, max, ctl | 1, &chunked);
	/* Chunking changes nothing but when the frames come out. */
	if (whole.n != chunked.n || whole.last != chunked.last)
		abort();
	for (size_t i = 0; i < whole.n && i < MAX_FRAMES; i++)
		if (whole.off[i] != chunked.off[i] || whole.len[i] != chunked.len[i] ||
		    whole.type[i] != chunked.type[i])
			abort();
	return 0;
}
