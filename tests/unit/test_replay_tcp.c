/*
 * smbsim-replay's TCP reassembly and stream handling (tcp_reasm.c,
 * streams.c, smb_stream.c): out-of-order segments, retransmissions and
 * overlaps (the first copy wins), the NetBIOS header split across
 * segments, sequence numbers wrapping, streams told apart and numbered in
 * order of appearance, a connection reusing its addresses, data after a
 * reset, the client found without a SYN; and the malformed twins: a hole never filled (a
 * gap, then resynchronisation at the next header), a hole the peer
 * acknowledged (a gap at once), the out-of-order
 * buffer's byte and segment limits, bytes cut by the snapshot length, a
 * capture that begins or ends inside a frame, more streams than
 * RP_MAX_STREAMS.
 */
#include <stdlib.h>
#include <string.h>

#include "test_replay_util.h"

/* A WRITE of len bytes and an ECHO request, as two NBSS frames in one
 * byte string (*wlen: where the ECHO frame starts). */
static uint8_t *two_frames(size_t len, size_t *total, size_t *wlen, uint64_t *h_write,
                           uint64_t *h_echo)
{
	struct wr w;
	uint8_t *a, *b, *out;
	size_t na, nb;

	wr_init(&w, 0);
	tr_write(&w, 5, len);
	*h_write = tr_hash(w.buf, w.len);
	a = tr_nbss(w.buf, w.len, &na);
	tr_echo(&w, false, 6);
	*h_echo = tr_hash(w.buf, w.len);
	b = tr_nbss(w.buf, w.len, &nb);
	out = malloc(na + nb);
	assert_non_null(out);
	memcpy(out, a, na);
	memcpy(out + na, b, nb);
	*total = na + nb;
	*wlen = na;
	free(a);
	free(b);
	wr_free(&w);
	return out;
}

/* Send bytes [from, to) of p as one segment, at the direction's base
 * sequence number plus from. */
static void piece(struct tr_conv *c, uint32_t base, const uint8_t *p, size_t from, size_t to)
{
	tr_segment(c, TR_C2S, TR_ACK, base + (uint32_t)from, p + from, to - from, 0);
}

static void start(struct tr_cap *b, struct tr_conv *c)
{
	tr_cap_init(b, TL_ETHERNET, false);
	tr_conv_init(c, b, 4, 49152, 445);
	tr_handshake(c);
}

static void test_out_of_order(void **state)
{
	size_t total, wl, i;
	uint64_t hw, he;
	uint8_t *p = two_frames(6000, &total, &wl, &hw, &he);
	static const unsigned order[] = { 0, 2, 1, 4, 3, 6, 5 };
	struct tr_cap b;
	struct tr_conv c;
	struct tr_run r;
	uint32_t base;

	(void)state;
	start(&b, &c);
	base = c.seq[0];
	for (i = 0; i < 7; i++) {
		size_t from = order[i] * 1000, to = from + 1000 > total ? total : from + 1000;

		piece(&c, base, p, from, to);
	}
	assert_int_equal(tr_read(&b, NULL, &r), 0);
	assert_int_equal(r.st.damage, 0);
	assert_int_equal(tr_count(&r, RP_EV_MESSAGE), 2);
	assert_int_equal(tr_msg(&r, 0)->cmd, SMB2_WRITE);
	assert_true(tr_msg(&r, 0)->raw_hash == hw);
	/* Completed by the packet that filled the last hole: frame 3 + 7. */
	assert_int_equal(tr_msg(&r, 0)->frame, 10);
	assert_true(tr_msg(&r, 1)->raw_hash == he);
	assert_true(r.st.ooo_peak > 0);
	tr_run_free(&r);
	tr_cap_free(&b);
	free(p);
}

/* Twin: the third segment never comes. */
static void test_hole_never_filled(void **state)
{
	size_t total, wl, i;
	uint64_t hw, he;
	uint8_t *p = two_frames(6000, &total, &wl, &hw, &he);
	struct tr_cap b;
	struct tr_conv c;
	struct tr_run r;
	const struct tr_ev *g, *s;
	uint32_t base;

	(void)state;
	start(&b, &c);
	base = c.seq[0];
	for (i = 0; i * 1000 < total; i++)
		if (i != 2)
			piece(&c, base, p, i * 1000, i * 1000 + 1000 > total ? total : i * 1000 + 1000);
	assert_int_equal(tr_read(&b, NULL, &r), 0);
	g = tr_damage(&r, RP_DMG_GAP);
	s = tr_damage(&r, RP_DMG_RESYNC);
	if (!g || !s)
		tr_print(&r);
	assert_non_null(g);
	assert_int_equal(g->offset, 2000);
	assert_non_null(strstr(g->what, "1000 bytes missing at offset 2000"));
	assert_non_null(strstr(g->what, "2000 bytes of the frame at offset 0 before them"));
	assert_non_null(s);
	assert_int_equal(s->offset, 3000);
	assert_non_null(strstr(s->what, "to the next SMB2 header at offset"));
	/* The WRITE is lost; the ECHO after it is found again. */
	assert_int_equal(tr_count(&r, RP_EV_MESSAGE), 1);
	assert_int_equal(tr_msg(&r, 0)->cmd, SMB2_ECHO);
	assert_true(tr_msg(&r, 0)->raw_hash == he);
	assert_int_equal(tr_msg(&r, 0)->frame_off, wl);
	tr_run_free(&r);
	tr_cap_free(&b);
	free(p);
}

/* A segment the capture missed, acknowledged by the peer: the gap is
 * reported at the acknowledgement, and what waited behind it is dated by
 * the packets that carried it; the good twin: the same acknowledgement
 * after the segment was seen reports nothing. */
static void test_acked_hole(void **state)
{
	size_t total, wl;
	uint64_t hw, he;
	uint8_t *p = two_frames(3000, &total, &wl, &hw, &he);
	struct tr_cap b;
	struct tr_conv c;
	struct tr_run r;
	struct wr w;
	const struct tr_ev *g;
	uint32_t base;
	int lost;

	(void)state;
	wr_init(&w, 0);
	for (lost = 0; lost < 2; lost++) {
		start(&b, &c);
		base = c.seq[0];
		piece(&c, base, p, 0, 1000);                   /* frame 4 */
		if (!lost)
			piece(&c, base, p, 1000, 2000);
		piece(&c, base, p, 2000, total);               /* the rest, ECHO included */
		c.seq[0] = base + (uint32_t)total;
		tr_echo(&w, true, 6);
		tr_frame(&c, TR_S2C, w.buf, w.len);            /* acknowledges it all */
		assert_int_equal(tr_read(&b, NULL, &r), 0);
		if (!lost) {
			assert_int_equal(r.st.damage, 0);
			assert_int_equal(tr_count(&r, RP_EV_MESSAGE), 3);
		} else {
			g = tr_damage(&r, RP_DMG_GAP);
			assert_int_equal(g->frame, 6);
			assert_int_equal(g->offset, 1000);
			assert_non_null(strstr(g->what, "the capture missed bytes the peer "
			                                 "acknowledged"));
			assert_int_equal(tr_count(&r, RP_EV_MESSAGE), 2);
			/* The ECHO request came in frame 5, before its answer. */
			assert_true(tr_msg(&r, 0)->raw_hash == he);
			assert_int_equal(tr_msg(&r, 0)->frame, 5);
			assert_int_equal(tr_msg(&r, 1)->frame, 6);
			assert_int_equal(tr_msg(&r, 1)->dir, RP_DIR_S2C);
		}
		tr_run_free(&r);
		tr_cap_free(&b);
	}
	wr_free(&w);
	free(p);
}

static void test_retransmission_and_overlap(void **state)
{
	size_t total, wl;
	uint64_t hw, he;
	uint8_t *p = two_frames(5000, &total, &wl, &hw, &he);
	uint8_t *other = malloc(total);
	struct tr_cap b;
	struct tr_conv c;
	struct tr_run r;
	uint32_t base;

	(void)state;
	assert_non_null(other);
	memset(other, 0xEE, total); /* later copies carry other bytes: ignored */
	start(&b, &c);
	base = c.seq[0];
	piece(&c, base, p, 0, 1000);
	piece(&c, base, other, 0, 1000);        /* retransmission */
	piece(&c, base, p, 500, 1500);          /* overlaps half */
	piece(&c, base, p, 3000, 4000);         /* ahead */
	piece(&c, base, other, 3200, 3900);     /* inside what is held */
	piece(&c, base, p, 3000, 4000);         /* the held one again */
	piece(&c, base, other, 1200, 1400);     /* inside what was delivered */
	piece(&c, base, p, 1500, 3100);         /* fills the hole, overlapping */
	piece(&c, base, p, 4000, total);
	piece(&c, base, other, 100, 200);       /* long after */
	assert_int_equal(tr_read(&b, NULL, &r), 0);
	if (r.st.damage)
		tr_print(&r);
	assert_int_equal(r.st.damage, 0);
	assert_int_equal(tr_count(&r, RP_EV_MESSAGE), 2);
	assert_true(tr_msg(&r, 0)->raw_hash == hw);
	assert_true(tr_msg(&r, 1)->raw_hash == he);
	tr_run_free(&r);
	tr_cap_free(&b);
	free(other);
	free(p);
}

/* Twin: bytes the snapshot length cut off are a gap, in order or not. */
static void test_snaplen_cut(void **state)
{
	size_t total, wl;
	uint64_t hw, he;
	uint8_t *p = two_frames(3000, &total, &wl, &hw, &he);
	struct tr_cap b;
	struct tr_conv c;
	struct tr_run r;
	const struct tr_ev *g;
	uint32_t base;

	(void)state;
	start(&b, &c);
	base = c.seq[0];
	tr_segment(&c, TR_C2S, TR_ACK, base, p, 1500, 600); /* 600 bytes not captured */
	piece(&c, base, p, 1500, total);
	assert_int_equal(tr_read(&b, NULL, &r), 0);
	g = tr_damage(&r, RP_DMG_GAP);
	assert_non_null(g);
	assert_int_equal(g->frame, 4);
	assert_int_equal(g->offset, 900);
	assert_non_null(strstr(g->what, "600 bytes missing at offset 900 (cut off by the "
	                                 "capture's snapshot length)"));
	assert_int_equal(tr_count(&r, RP_EV_MESSAGE), 1);
	assert_true(tr_msg(&r, 0)->raw_hash == he);
	tr_run_free(&r);
	tr_cap_free(&b);
	free(p);
}

static void test_ooo_limits(void **state)
{
	size_t total, wl, i;
	uint64_t hw, he;
	uint8_t *p = two_frames(20000, &total, &wl, &hw, &he);
	struct rp_options small = { .ooo_max = 4096 };
	struct tr_cap b;
	struct tr_conv c;
	struct tr_run r;
	const struct tr_ev *g;
	uint32_t base;

	(void)state;
	/* Good: the hole is filled last, within the default limit. */
	start(&b, &c);
	base = c.seq[0];
	for (i = 1; i * 1000 < total; i++)
		piece(&c, base, p, i * 1000, i * 1000 + 1000 > total ? total : i * 1000 + 1000);
	piece(&c, base, p, 0, 1000);
	assert_int_equal(tr_read(&b, NULL, &r), 0);
	assert_int_equal(r.st.damage, 0);
	assert_int_equal(tr_count(&r, RP_EV_MESSAGE), 2);
	assert_true(r.st.ooo_peak >= total - 1000);
	tr_run_free(&r);
	/* Twin: with 4 KiB of room the hole becomes a gap as soon as the
	 * buffer is full, and what is held never goes past the limit. */
	assert_int_equal(tr_read(&b, &small, &r), 0);
	g = tr_damage(&r, RP_DMG_GAP);
	assert_non_null(g);
	assert_non_null(strstr(g->what, "1000 bytes missing at offset 0 (out-of-order buffer "
	                                 "full)"));
	assert_true(r.st.ooo_peak <= 4096 + 1000);
	assert_int_equal(tr_count(&r, RP_EV_MESSAGE), 1);
	assert_true(tr_msg(&r, 0)->raw_hash == he);
	tr_run_free(&r);
	tr_cap_free(&b);
	/* Twin: more held segments than RP_OOO_MAX_SEGS (one byte each). */
	start(&b, &c);
	base = c.seq[0];
	for (i = 1; i < total && i <= RP_OOO_MAX_SEGS + 10; i++)
		piece(&c, base, p, i, i + 1);
	assert_int_equal(tr_read(&b, NULL, &r), 0);
	g = tr_damage(&r, RP_DMG_GAP);
	assert_non_null(g);
	assert_non_null(strstr(g->what, "RP_OOO_MAX_SEGS"));
	tr_run_free(&r);
	tr_cap_free(&b);
	free(p);
}

/* The capture began inside the stream (no SYN): at a frame boundary all
 * decodes and the client is told by the port; inside a frame (twin) the
 * bytes up to the next header are reported. */
static void test_mid_stream(void **state)
{
	size_t total, wl;
	uint64_t hw, he;
	uint8_t *p = two_frames(3000, &total, &wl, &hw, &he);
	struct tr_cap b;
	struct tr_conv c;
	struct tr_run r;
	const struct tr_ev *s;
	struct wr w;

	(void)state;
	wr_init(&w, 0);
	tr_cap_init(&b, TL_ETHERNET, false);
	tr_conv_init(&c, &b, 4, 49152, 445);
	tr_echo(&w, true, 4); /* the server speaks first in the capture */
	tr_frame(&c, TR_S2C, w.buf, w.len);
	tr_send(&c, TR_C2S, p, total, 1000);
	assert_int_equal(tr_read(&b, NULL, &r), 0);
	assert_int_equal(r.st.damage, 0);
	assert_int_equal(tr_count(&r, RP_EV_MESSAGE), 3);
	assert_int_equal(tr_msg(&r, 0)->dir, RP_DIR_S2C);
	assert_string_equal(tr_msg(&r, 0)->client, "10.0.0.1:49152");
	assert_int_equal(tr_msg(&r, 1)->dir, RP_DIR_C2S);
	tr_run_free(&r);
	tr_cap_free(&b);

	tr_cap_init(&b, TL_ETHERNET, false);
	tr_conv_init(&c, &b, 4, 49152, 445);
	tr_segment(&c, TR_C2S, TR_ACK, 5000, p + 700, total - 700, 0);
	assert_int_equal(tr_read(&b, NULL, &r), 0);
	s = tr_damage(&r, RP_DMG_RESYNC);
	assert_non_null(s);
	assert_int_equal(r.st.damage, 1);
	assert_int_equal(s->offset, 0);
	assert_non_null(strstr(s->what, "capture began inside the stream"));
	assert_int_equal(tr_count(&r, RP_EV_MESSAGE), 1);
	assert_true(tr_msg(&r, 0)->raw_hash == he);
	assert_int_equal(tr_msg(&r, 0)->frame_off, wl - 700);
	tr_run_free(&r);
	tr_cap_free(&b);
	wr_free(&w);
	free(p);
}

/* The stream ends inside a frame: by the end of the capture, or by FIN. */
static void test_cut_stream(void **state)
{
	size_t total, wl;
	uint64_t hw, he;
	uint8_t *p = two_frames(3000, &total, &wl, &hw, &he);
	struct tr_cap b;
	struct tr_conv c;
	struct tr_run r;
	const struct tr_ev *d;
	int fin;

	(void)state;
	/* Good: at a frame boundary nothing is reported. */
	start(&b, &c);
	tr_send(&c, TR_C2S, p, total, 1000);
	assert_int_equal(tr_read(&b, NULL, &r), 0);
	assert_int_equal(r.st.damage, 0);
	assert_int_equal(tr_count(&r, RP_EV_MESSAGE), 2);
	tr_run_free(&r);
	tr_cap_free(&b);
	for (fin = 0; fin < 2; fin++) {
		start(&b, &c);
		tr_send(&c, TR_C2S, p, wl + 30, 1000);
		if (fin)
			tr_fin(&c);
		assert_int_equal(tr_read(&b, NULL, &r), 0);
		d = tr_damage(&r, RP_DMG_CUT);
		assert_non_null(d);
		assert_int_equal(r.st.damage, 1);
		assert_int_equal(d->offset, wl);
		assert_non_null(strstr(d->what, "30 of its 72 bytes"));
		assert_int_equal(tr_count(&r, RP_EV_MESSAGE), 1);
		tr_run_free(&r);
		tr_cap_free(&b);
	}
	free(p);
}

/* The NetBIOS header split 1+3, and sequence numbers wrapping. */
static void test_split_header_and_wrap(void **state)
{
	size_t total, wl;
	uint64_t hw, he;
	uint8_t *p = two_frames(4000, &total, &wl, &hw, &he);
	struct tr_cap b;
	struct tr_conv c;
	struct tr_run r;
	uint32_t base;

	(void)state;
	tr_cap_init(&b, TL_ETHERNET, false);
	tr_conv_init(&c, &b, 4, 49152, 445);
	c.seq[0] = 0xFFFFF000u;
	tr_handshake(&c);
	base = c.seq[0];
	piece(&c, base, p, 0, 1);
	piece(&c, base, p, 1, 4);
	piece(&c, base, p, 4, 4000);   /* crosses 2^32 */
	piece(&c, base, p, 4000, total);
	assert_int_equal(tr_read(&b, NULL, &r), 0);
	assert_int_equal(r.st.damage, 0);
	assert_int_equal(tr_count(&r, RP_EV_MESSAGE), 2);
	assert_true(tr_msg(&r, 0)->raw_hash == hw);
	tr_run_free(&r);
	/* Twin: a hole right after the wrap. */
	tr_cap_free(&b);
	tr_cap_init(&b, TL_ETHERNET, false);
	tr_conv_init(&c, &b, 4, 49152, 445);
	c.seq[0] = 0xFFFFF000u;
	tr_handshake(&c);
	base = c.seq[0];
	piece(&c, base, p, 0, 4096);
	piece(&c, base, p, 4110, total);        /* 14 bytes lost, in the WRITE */
	assert_int_equal(tr_read(&b, NULL, &r), 0);
	assert_non_null(tr_damage(&r, RP_DMG_GAP));
	assert_int_equal(tr_damage(&r, RP_DMG_GAP)->offset, 4096);
	assert_int_equal(tr_count(&r, RP_EV_MESSAGE), 1);
	assert_true(tr_msg(&r, 0)->raw_hash == he);
	tr_run_free(&r);
	tr_cap_free(&b);
	free(p);
}

/* Streams numbered by first appearance, reset, and a connection reusing
 * the addresses of a closed one. */
static void test_streams(void **state)
{
	struct tr_cap b;
	struct tr_conv c1, c2, c3;
	struct tr_run r;
	struct wr w;

	(void)state;
	wr_init(&w, 0);
	tr_cap_init(&b, TL_ETHERNET, false);
	tr_conv_init(&c1, &b, 4, 50001, 445);
	tr_conv_init(&c2, &b, 6, 50002, 445);
	tr_handshake(&c1);
	tr_handshake(&c2);
	tr_echo(&w, false, 1);
	tr_frame(&c2, TR_C2S, w.buf, w.len);
	tr_frame(&c1, TR_C2S, w.buf, w.len);
	tr_echo(&w, true, 1);
	tr_frame(&c2, TR_S2C, w.buf, w.len);
	tr_segment(&c1, TR_S2C, TR_RST, c1.seq[1], NULL, 0, 0);
	/* The same addresses again: a new stream. */
	tr_conv_init(&c3, &b, 4, 50001, 445);
	c3.seq[0] = 0x55550000u;
	tr_handshake(&c3);
	tr_echo(&w, false, 2);
	tr_frame(&c3, TR_C2S, w.buf, w.len);
	assert_int_equal(tr_read(&b, NULL, &r), 0);
	assert_int_equal(r.st.damage, 0);
	assert_int_equal(r.st.streams, 3);
	assert_int_equal(tr_count(&r, RP_EV_MESSAGE), 4);
	assert_int_equal(tr_msg(&r, 0)->stream, 1); /* c2 spoke first, but c1 opened first */
	assert_string_equal(tr_msg(&r, 0)->client, "[fd00::1]:50002");
	assert_int_equal(tr_msg(&r, 1)->stream, 0);
	assert_int_equal(tr_msg(&r, 2)->stream, 1);
	assert_int_equal(tr_msg(&r, 2)->dir, RP_DIR_S2C);
	assert_int_equal(tr_msg(&r, 3)->stream, 2);
	assert_int_equal(tr_msg(&r, 3)->mid, 2);
	tr_run_free(&r);
	tr_cap_free(&b);
	wr_free(&w);
}

/* Data after a reset still belongs to the stream (socket_wrapper writes
 * a reset on a partial send and goes on); a reset stream that stays quiet
 * is finished RP_RST_LINGER packets later, its cut frame reported then,
 * not at the end of the capture. */
static void test_reset(void **state)
{
	struct tr_cap b;
	struct tr_conv c1, c2;
	struct tr_run r;
	struct wr w;
	uint8_t *f;
	size_t n, i, cut_at = 0, last_msg = 0;
	unsigned k;

	(void)state;
	wr_init(&w, 0);
	tr_cap_init(&b, TL_ETHERNET, false);
	tr_conv_init(&c1, &b, 4, 50001, 445);
	tr_conv_init(&c2, &b, 4, 50002, 445);
	tr_handshake(&c1);
	tr_handshake(&c2);
	tr_echo(&w, false, 1);
	f = tr_nbss(w.buf, w.len, &n);
	tr_send(&c1, TR_C2S, f, 30, 30);
	tr_segment(&c1, TR_S2C, TR_RST | TR_ACK, c1.seq[1], NULL, 0, 0);
	tr_send(&c1, TR_C2S, f + 30, n - 30, 1460);      /* the rest still comes */
	tr_send(&c1, TR_C2S, f, 30, 30);                 /* and a frame cut short */
	tr_segment(&c1, TR_S2C, TR_RST | TR_ACK, c1.seq[1], NULL, 0, 0);
	free(f);
	for (k = 0; k < RP_RST_LINGER / 2 + 10; k++) {
		tr_echo(&w, false, 2 + k);
		tr_frame(&c2, TR_C2S, w.buf, w.len);
		tr_segment(&c2, TR_S2C, TR_ACK, c2.seq[1], NULL, 0, 0);
	}
	assert_int_equal(tr_read(&b, NULL, &r), 0);
	assert_int_equal(r.st.streams, 2);
	assert_int_equal(tr_msg(&r, 0)->stream, 0);
	assert_int_equal(tr_msg(&r, 0)->mid, 1);
	assert_int_equal(r.st.damage, 1);
	for (i = 0; i < r.n; i++) {
		if (r.e[i].damaged && r.e[i].dmg == RP_DMG_CUT)
			cut_at = i;
		if (r.e[i].kind == RP_EV_MESSAGE)
			last_msg = i;
	}
	assert_true(cut_at > 0);
	assert_true(cut_at < last_msg);
	assert_int_equal(tr_damage(&r, RP_DMG_CUT)->stream, 0);
	tr_run_free(&r);
	tr_cap_free(&b);
	wr_free(&w);
}

/* Twin: more streams at once than RP_MAX_STREAMS: the least recently
 * active one is dropped and reported; every message is still decoded. */
static void test_stream_limit(void **state)
{
	struct tr_cap b;
	struct tr_run r;
	struct wr w;
	unsigned i, n = RP_MAX_STREAMS + 1;
	const struct tr_ev *d;

	(void)state;
	wr_init(&w, 0);
	tr_echo(&w, false, 1);
	tr_cap_init(&b, TL_ETHERNET, false);
	for (i = 0; i < n; i++) {
		struct tr_conv c;

		tr_conv_init(&c, &b, 4, (uint16_t)(1024 + i), 445);
		tr_frame(&c, TR_C2S, w.buf, w.len);
	}
	assert_int_equal(tr_read(&b, NULL, &r), 0);
	assert_int_equal(tr_count(&r, RP_EV_MESSAGE), n);
	d = tr_damage(&r, RP_DMG_LIMIT);
	assert_non_null(d);
	assert_int_equal(r.st.damage, 1);
	assert_int_equal(d->stream, 0);
	assert_non_null(strstr(d->what, "RP_MAX_STREAMS"));
	assert_int_equal(r.st.streams, n);
	tr_run_free(&r);
	tr_cap_free(&b);
	wr_free(&w);
}

static int teardown(void **state)
{
	(void)state;
	smb2_crypto_cleanup();
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_out_of_order),
		cmocka_unit_test(test_hole_never_filled),
		cmocka_unit_test(test_acked_hole),
		cmocka_unit_test(test_retransmission_and_overlap),
		cmocka_unit_test(test_snaplen_cut),
		cmocka_unit_test(test_ooo_limits),
		cmocka_unit_test(test_mid_stream),
		cmocka_unit_test(test_cut_stream),
		cmocka_unit_test(test_split_header_and_wrap),
		cmocka_unit_test(test_streams),
		cmocka_unit_test(test_reset),
		cmocka_unit_test(test_stream_limit),
	};

	return cmocka_run_group_tests(tests, NULL, teardown);
}
