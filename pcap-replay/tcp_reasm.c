/*
 * TCP reassembly of one direction (RFC 9293 sequence space, 32-bit
 * wrap-around compared with signed differences).
 *
 * Bytes at the expected sequence number go straight to the direction's
 * buffer (smb_stream.c).  Bytes already delivered (retransmissions, and
 * the delivered part of an overlap) are dropped: the first copy wins.
 * Bytes ahead of a hole wait in a sorted list of copies, bounded by
 * cap->ooo_max bytes and RP_OOO_MAX_SEGS segments; over either limit, or
 * when the stream ends, or as soon as the peer acknowledges bytes of the
 * hole (the capture missed them), the hole is declared a gap: reported,
 * the frame it broke dropped, and reading resumes after it at the next
 * plausible header.  Bytes the snapshot length cut off are a gap too.
 */
#include <stdlib.h>
#include <string.h>

#include "pcap-replay/rp_int.h"

/* Signed distance from b to a in sequence space. */
static int32_t seq_diff(uint32_t a, uint32_t b)
{
	return (int32_t)(a - b);
}

static void deliver(struct rp_capture *cap, struct rp_stream *s, enum rp_dir dir,
                    const uint8_t *p, uint32_t len)
{
	struct rp_half *h = &s->h[dir];

	if (!len)
		return;
	if (!rp_half_append(cap, s, dir, p, len)) {
		rp_damage_add(cap, RP_DMG_LIMIT, cap->frame, s, dir, h->off,
		              "out of memory buffering %u bytes: treated as a gap", len);
		rp_half_gap(cap, s, dir, len);
	}
	h->next_seq += len;
	h->off += len;
	rp_work_add(cap, s, dir);
}

/* n bytes will not come: report and move past them. */
static void gap(struct rp_capture *cap, struct rp_stream *s, enum rp_dir dir, uint32_t n,
                const char *why)
{
	struct rp_half *h = &s->h[dir];
	size_t held = h->synced ? h->len - h->start : 0;

	if (held)
		rp_damage_add(cap, RP_DMG_GAP, cap->frame, s, dir, h->off,
		              "%u bytes missing at offset %llu (%s); the %zu bytes of the frame "
		              "at offset %llu before them are dropped",
		              n, (unsigned long long)h->off, why, held,
		              (unsigned long long)h->buf_off);
	else
		rp_damage_add(cap, RP_DMG_GAP, cap->frame, s, dir, h->off,
		              "%u bytes missing at offset %llu (%s)", n,
		              (unsigned long long)h->off, why);
	rp_half_gap(cap, s, dir, n);
	h->next_seq += n;
	h->off += n;
	rp_work_add(cap, s, dir);
}

/*
 * Deliver the waiting segments that now touch the delivered bytes.  After
 * a gap the messages they complete are dated by the packets that carried
 * them (own_frames); when a new packet filled the hole, by that packet.
 */
static void drain(struct rp_capture *cap, struct rp_stream *s, enum rp_dir dir,
                  bool own_frames)
{
	struct rp_half *h = &s->h[dir];

	while (h->ooo && seq_diff(h->ooo->seq, h->next_seq) <= 0) {
		struct rp_seg *g = h->ooo;
		uint32_t dup = (uint32_t)-seq_diff(g->seq, h->next_seq);

		h->ooo = g->next;
		h->ooo_bytes -= g->len;
		h->ooo_segs--;
		if (own_frames) {
			h->last_frame = g->frame;
			h->last_ts = g->ts;
		}
		if (dup < g->len)
			deliver(cap, s, dir, g->data + dup, g->len - dup);
		free(g);
	}
}

bool rp_reasm_skip_hole(struct rp_capture *cap, struct rp_stream *s, enum rp_dir dir,
                        const char *why)
{
	struct rp_half *h = &s->h[dir];

	if (!h->ooo)
		return false;
	gap(cap, s, dir, (uint32_t)seq_diff(h->ooo->seq, h->next_seq), why);
	drain(cap, s, dir, true);
	return true;
}

/*
 * The peer acknowledged bytes up to `ack` while a hole waits in this
 * direction: it received them, so the capture missed them (Wireshark's
 * "ACKed unseen segment").  The acknowledged part of the hole is a gap
 * now, rather than when the out-of-order buffer fills or the stream ends.
 */
static void acked_hole(struct rp_capture *cap, struct rp_stream *s, enum rp_dir dir,
                       uint32_t ack)
{
	struct rp_half *h = &s->h[dir];
	int32_t acked, hole;

	if (!h->ooo || !h->have_seq)
		return;
	acked = seq_diff(ack, h->next_seq);
	hole = seq_diff(h->ooo->seq, h->next_seq);
	if (acked <= 0)
		return;
	gap(cap, s, dir, (uint32_t)(acked < hole ? acked : hole),
	    "the capture missed bytes the peer acknowledged");
	drain(cap, s, dir, true);
}

/* Keep a copy of bytes beyond a hole, in sequence order. */
static void hold(struct rp_capture *cap, struct rp_stream *s, enum rp_dir dir, uint32_t seq,
                 const uint8_t *p, uint32_t len)
{
	struct rp_half *h = &s->h[dir];
	struct rp_seg **pp = &h->ooo, *g;
	int32_t rel = seq_diff(seq, h->next_seq);

	while (*pp && seq_diff((*pp)->seq, h->next_seq) <= rel) {
		if ((*pp)->seq == seq && (*pp)->len >= len)
			return; /* a retransmission of what is already held */
		pp = &(*pp)->next;
	}
	g = malloc(sizeof(*g) + len);
	if (!g) {
		rp_damage_add(cap, RP_DMG_LIMIT, cap->frame, s, dir, h->off,
		              "out of memory holding %u out-of-order bytes: dropped", len);
		return;
	}
	g->seq = seq;
	g->len = len;
	g->frame = cap->frame;
	g->ts = h->last_ts;
	memcpy(g->data, p, len);
	g->next = *pp;
	*pp = g;
	h->ooo_bytes += len;
	h->ooo_segs++;
	if (h->ooo_bytes > cap->st.ooo_peak)
		cap->st.ooo_peak = h->ooo_bytes;
	while (h->ooo && (h->ooo_bytes > cap->ooo_max || h->ooo_segs > RP_OOO_MAX_SEGS))
		rp_reasm_skip_hole(cap, s, dir,
		                   h->ooo_segs > RP_OOO_MAX_SEGS
		                           ? "out-of-order segments over RP_OOO_MAX_SEGS"
		                           : "out-of-order buffer full");
}

static void segment_data(struct rp_capture *cap, struct rp_stream *s, enum rp_dir dir,
                         uint32_t seq, const uint8_t *p, uint32_t len, uint32_t missing)
{
	struct rp_half *h = &s->h[dir];
	int32_t rel = seq_diff(seq, h->next_seq);

	if (rel < 0) {
		uint64_t dup = (uint64_t)-(int64_t)rel;

		if (dup >= (uint64_t)len + missing)
			return; /* all delivered already */
		if (dup <= len) {
			p += dup;
			len -= (uint32_t)dup;
		} else {
			missing -= (uint32_t)(dup - len);
			len = 0;
		}
		seq = h->next_seq;
		rel = 0;
	}
	if (rel > 0) {
		/* The part the snapshot cut off stays a hole, found later. */
		if (len)
			hold(cap, s, dir, seq, p, len);
		return;
	}
	deliver(cap, s, dir, p, len);
	if (missing)
		gap(cap, s, dir, missing, "cut off by the capture's snapshot length");
	drain(cap, s, dir, false);
}

void rp_reasm_segment(struct rp_capture *cap, struct rp_stream *s, enum rp_dir dir,
                      const struct rp_pkt *pk, uint64_t ts)
{
	struct rp_half *h = &s->h[dir];
	uint32_t seq = pk->seq;

	if (pk->flags & RP_TCP_SYN) {
		seq++; /* the SYN takes one sequence number; data follow it */
		if (!h->have_seq) {
			h->have_seq = true;
			h->next_seq = seq;
			h->synced = true;
		}
	}
	/* The other direction's bytes this acknowledges came before this
	 * packet's own: deal with them first. */
	if (pk->flags & RP_TCP_ACK)
		acked_hole(cap, s, !dir, pk->ack);
	if (pk->flags & RP_TCP_RST) {
		/* Not finished at once: data may follow (streams.c reaps it). */
		s->rst = true;
		return;
	}
	if (pk->len || pk->missing) {
		if (!h->have_seq) {
			/* The capture began inside this stream. */
			h->have_seq = true;
			h->next_seq = seq;
			h->synced = false;
			h->mid_join = true;
		}
		h->last_frame = cap->frame;
		h->last_ts = ts;
		segment_data(cap, s, dir, seq, pk->payload, pk->len, pk->missing);
	}
	if ((pk->flags & RP_TCP_FIN) && !h->fin) {
		h->fin = true;
		h->fin_seq = seq + pk->len + pk->missing;
		if (!h->have_seq) {
			h->have_seq = true;
			h->next_seq = h->fin_seq;
		}
	}
	if (h->fin && seq_diff(h->next_seq, h->fin_seq) >= 0)
		h->done = true;
	if (s->h[!dir].fin && seq_diff(s->h[!dir].next_seq, s->h[!dir].fin_seq) >= 0)
		s->h[!dir].done = true;
	if (s->h[0].done && s->h[1].done)
		rp_stream_close_later(cap, s);
}

void rp_reasm_free(struct rp_half *h)
{
	while (h->ooo) {
		struct rp_seg *g = h->ooo;

		h->ooo = g->next;
		free(g);
	}
	h->ooo_bytes = 0;
	h->ooo_segs = 0;
}
