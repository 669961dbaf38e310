/*
 * One direction's reassembled bytes cut into NetBIOS session messages
 * (RFC 1002 4.3, MS-SMB2 2.1) with lib/wire/nbss.h.
 *
 * The buffer holds at most one incomplete frame (plus the newest
 * segment): complete frames are taken out as soon as they are there.
 * After a gap, a broken header, or when the capture began inside the
 * stream, the direction is "searching": bytes are dropped until a
 * plausible header shows (a session message whose length fits and whose
 * payload starts like an SMB2 header with StructureSize 64 and a known
 * command, a transform header whose OriginalMessageSize matches the
 * length, or an SMB1 NEGOTIATE); only the last few bytes that might begin
 * one are kept, so searching costs no memory.  What was skipped is
 * reported once the next header is found or the stream ends.
 */
#include <stdlib.h>
#include <string.h>

#include "pcap-replay/rp_int.h"
#include "wire/nbss.h"
#include "wire/smb2.h"

enum probe { PROBE_NO, PROBE_MAYBE, PROBE_YES };

static const uint8_t magic_smb2[4] = { 0xFE, 'S', 'M', 'B' };
static const uint8_t magic_tf[4] = { 0xFD, 'S', 'M', 'B' };
static const uint8_t magic_smb1[4] = { 0xFF, 'S', 'M', 'B' };

/* Is there a plausible frame start at p (n bytes available)? */
static enum probe probe(const uint8_t *p, size_t n)
{
	const uint8_t *m;
	size_t k, have;
	uint32_t len;

	if (p[0] != SMB2_NBSS_SESSION_MESSAGE)
		return PROBE_NO;
	if (n < SMB2_NBSS_HDR_SIZE + 4) {
		/* Could the magic still come?  Compare what is there. */
		if (n <= SMB2_NBSS_HDR_SIZE)
			return PROBE_MAYBE;
		have = n - SMB2_NBSS_HDR_SIZE;
		for (k = 0; k < have; k++)
			if (p[4 + k] != magic_smb2[k] && p[4 + k] != magic_tf[k] &&
			    p[4 + k] != magic_smb1[k])
				return PROBE_NO;
		return PROBE_MAYBE;
	}
	len = (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
	m = p + SMB2_NBSS_HDR_SIZE;
	if (!memcmp(m, magic_smb2, 4)) {
		/* MS-SMB2 2.2.1: StructureSize 64 at 4, Command at 12. */
		if (len < SMB2_HDR_SIZE)
			return PROBE_NO;
		if (n < SMB2_NBSS_HDR_SIZE + 14)
			return PROBE_MAYBE;
		return le16(m + 4) == SMB2_HDR_SIZE && le16(m + 12) < SMB2_COMMAND_COUNT
		               ? PROBE_YES
		               : PROBE_NO;
	}
	if (!memcmp(m, magic_tf, 4)) {
		/* MS-SMB2 2.2.41: OriginalMessageSize at 36, Flags 0x0001 at 42. */
		if (len < SMB2_TRANSFORM_HDR_SIZE + SMB2_HDR_SIZE)
			return PROBE_NO;
		if (n < SMB2_NBSS_HDR_SIZE + 44)
			return PROBE_MAYBE;
		return le32(m + 36) == len - SMB2_TRANSFORM_HDR_SIZE &&
		                       le16(m + 42) == SMB2_TRANSFORM_FLAG_ENCRYPTED
		               ? PROBE_YES
		               : PROBE_NO;
	}
	if (!memcmp(m, magic_smb1, 4)) {
		/* Only the NEGOTIATE that opens a connection (MS-SMB2 3.3.5.3). */
		if (len < 32)
			return PROBE_NO;
		if (n < SMB2_NBSS_HDR_SIZE + 5)
			return PROBE_MAYBE;
		return m[4] == 0x72 ? PROBE_YES : PROBE_NO;
	}
	return PROBE_NO;
}

static bool known_magic(const uint8_t *p, size_t n)
{
	uint32_t m;

	if (n < 4)
		return false;
	m = le32(p);
	return m == SMB2_MAGIC || m == SMB2_TRANSFORM_MAGIC || m == SMB2_COMPRESSION_MAGIC ||
	       m == SMB1_MAGIC;
}

bool rp_half_append(struct rp_capture *cap, struct rp_stream *s, enum rp_dir dir,
                    const uint8_t *p, size_t len)
{
	struct rp_half *h = &s->h[dir];
	size_t held = h->len - h->start, need;

	(void)cap;
	if (held == 0 && h->cap > RP_BUF_KEEP && len <= RP_BUF_KEEP) {
		free(h->buf);
		h->buf = NULL;
		h->cap = h->start = h->len = 0;
	}
	if (h->start && (held == 0 || h->len + len > h->cap || h->start >= h->cap / 2)) {
		memmove(h->buf, h->buf + h->start, held);
		h->start = 0;
		h->len = held;
	}
	need = h->len + len;
	if (need > h->cap) {
		size_t ncap = h->cap ? h->cap : 4096;
		uint8_t *nb;

		while (ncap < need)
			ncap *= 2;
		nb = realloc(h->buf, ncap);
		if (!nb)
			return false;
		h->buf = nb;
		h->cap = ncap;
	}
	memcpy(h->buf + h->len, p, len);
	h->len += len;
	return true;
}

void rp_half_gap(struct rp_capture *cap, struct rp_stream *s, enum rp_dir dir, uint64_t n)
{
	struct rp_half *h = &s->h[dir];

	(void)cap;
	/* The bytes before the gap cannot complete anything: drop them (the
	 * gap report said so), and search after it. */
	h->buf_off += (h->len - h->start) + n;
	h->start = h->len = 0;
	h->synced = false;
	h->skipping = false;
	h->skipped = 0;
}

static void consume(struct rp_half *h, size_t n)
{
	h->start += n;
	h->buf_off += n;
}

/* Drop n bytes while searching, remembering where the skipping began. */
static void skip(struct rp_half *h, size_t n)
{
	if (!n)
		return;
	if (!h->skipping) {
		h->skipping = true;
		h->skip_from = h->buf_off;
		h->skipped = 0;
	}
	h->skipped += n;
	consume(h, n);
}

static void lose_sync(struct rp_half *h)
{
	h->synced = false;
	skip(h, 1);
}

/* Searching: true once a header is found (and reported), false when more
 * bytes are needed. */
static bool search(struct rp_capture *cap, struct rp_stream *s, enum rp_dir dir)
{
	struct rp_half *h = &s->h[dir];
	size_t avail = h->len - h->start, i;
	const uint8_t *p;

	if (!avail)
		return false;
	p = h->buf + h->start;
	for (i = 0; i < avail; i++) {
		enum probe v = probe(p + i, avail - i);

		if (v == PROBE_NO)
			continue;
		skip(h, i);
		if (v == PROBE_MAYBE)
			return false;
		h->synced = true;
		if (h->skipping && h->skipped)
			rp_damage_add(cap, RP_DMG_RESYNC, h->last_frame, s, dir, h->skip_from,
			              "%s: %llu bytes skipped from offset %llu to the next SMB2 "
			              "header at offset %llu",
			              h->mid_join ? "capture began inside the stream"
			                          : "resynchronised",
			              (unsigned long long)h->skipped,
			              (unsigned long long)h->skip_from,
			              (unsigned long long)h->buf_off);
		h->skipping = false;
		h->skipped = 0;
		h->mid_join = false;
		return true;
	}
	skip(h, avail);
	return false;
}

bool rp_half_next_frame(struct rp_capture *cap, struct rp_stream *s, enum rp_dir dir,
                        struct rp_frame *out)
{
	struct rp_half *h = &s->h[dir];

	for (;;) {
		struct smb2_nbss_result r;
		const uint8_t *p;
		size_t avail;

		if (h->start == h->len && h->cap > RP_BUF_KEEP) {
			free(h->buf);
			h->buf = NULL;
			h->cap = h->start = h->len = 0;
		}
		if (!h->synced && !search(cap, s, dir))
			return false;
		avail = h->len - h->start;
		if (avail == 0)
			return false;
		p = h->buf + h->start;
		switch (smb2_nbss_decode(p, avail, RP_MAX_FRAME, &r)) {
		case SMB2_NBSS_NEED_MORE:
			/* Judge the payload's first bytes without waiting for it all. */
			if (avail >= SMB2_NBSS_HDR_SIZE + 4 && p[0] == SMB2_NBSS_SESSION_MESSAGE &&
			    !known_magic(p + SMB2_NBSS_HDR_SIZE, 4)) {
				rp_damage_add(cap, RP_DMG_FRAMING, h->last_frame, s, dir, h->buf_off,
				              "frame at offset %llu is not SMB (payload starts "
				              "%02x %02x %02x %02x)",
				              (unsigned long long)h->buf_off, p[4], p[5], p[6], p[7]);
				lose_sync(h);
				continue;
			}
			return false;
		case SMB2_NBSS_ERROR:
			rp_damage_add(cap, RP_DMG_FRAMING, h->last_frame, s, dir, h->buf_off,
			              "NetBIOS header at offset %llu (type 0x%02x, length %u): %s",
			              (unsigned long long)h->buf_off, p[0],
			              avail >= 4 ? (unsigned)(p[1] << 16 | p[2] << 8 | p[3]) : 0u,
			              nt_status_name(r.status));
			lose_sync(h);
			continue;
		case SMB2_NBSS_FRAME:
			break;
		}
		if (r.type != SMB2_NBSS_SESSION_MESSAGE) {
			/* Keep-alives and the port-139 session packets carry no SMB. */
			consume(h, r.frame_len);
			continue;
		}
		if (!known_magic(r.payload.p, r.payload.len)) {
			rp_damage_add(cap, RP_DMG_FRAMING, h->last_frame, s, dir, h->buf_off,
			              "frame at offset %llu (%u bytes) is not SMB: payload too short "
			              "or no SMB protocol id",
			              (unsigned long long)h->buf_off, r.payload.len);
			lose_sync(h);
			continue;
		}
		out->type = r.type;
		out->payload = r.payload.p;
		out->len = r.payload.len;
		out->off = h->buf_off;
		consume(h, r.frame_len);
		return true;
	}
}

void rp_half_finish(struct rp_capture *cap, struct rp_stream *s, enum rp_dir dir)
{
	struct rp_half *h = &s->h[dir];
	size_t avail = h->len - h->start;
	const uint8_t *p = avail ? h->buf + h->start : NULL;

	if (h->synced && avail) {
		uint32_t want = avail >= SMB2_NBSS_HDR_SIZE
		                        ? (uint32_t)(p[1] << 16 | p[2] << 8 | p[3]) + SMB2_NBSS_HDR_SIZE
		                        : 0;

		if (want)
			rp_damage_add(cap, RP_DMG_CUT, h->last_frame, s, dir, h->buf_off,
			              "stream ends inside the frame at offset %llu: %zu of its %u "
			              "bytes are in the capture",
			              (unsigned long long)h->buf_off, avail, want);
		else
			rp_damage_add(cap, RP_DMG_CUT, h->last_frame, s, dir, h->buf_off,
			              "stream ends inside the NetBIOS header at offset %llu (%zu "
			              "bytes)",
			              (unsigned long long)h->buf_off, avail);
	} else if (!h->synced && (h->skipped || avail)) {
		uint64_t from = h->skipping ? h->skip_from : h->buf_off;

		rp_damage_add(cap, RP_DMG_RESYNC, h->last_frame, s, dir, from,
		              "%llu bytes from offset %llu to the end of the stream skipped: no "
		              "SMB2 header found",
		              (unsigned long long)(h->skipped + avail), (unsigned long long)from);
	}
	consume(h, avail);
	h->skipping = false;
	h->skipped = 0;
}

void rp_half_free(struct rp_half *h)
{
	free(h->buf);
	h->buf = NULL;
	h->cap = h->start = h->len = 0;
}
