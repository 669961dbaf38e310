/*
 * Helpers for the smbsim-replay tests: synthetic captures built in memory
 * byte by byte (classic pcap or pcapng; Ethernet with VLAN tags, Linux
 * cooked v1/v2, raw IPv4/IPv6, BSD loopback; IPv4 or IPv6; TCP segments
 * with any sequence number, flags and snapshot-length cut), small SMB2
 * messages from lib/wire's encoders, and a runner that reads a capture
 * through pcap-replay/capture.h (fmemopen) into a flat list of events.
 *
 * Everything is static inline so each test file uses what it needs.
 */
#ifndef SMBSIM_TEST_REPLAY_UTIL_H
#define SMBSIM_TEST_REPLAY_UTIL_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crypto/crypto_ctx.h"
#include "pcap-replay/capture.h"
#include "testutil.h"
#include "util/utf16.h"
#include "wire/compound.h"
#include "wire/create.h"
#include "wire/echo.h"
#include "wire/hdr.h"
#include "wire/read.h"
#include "wire/write.h"

/* LINKTYPE_* values of the file formats (not DLT_*: LINKTYPE_RAW is 101). */
#define TL_ETHERNET 1
#define TL_NULL 0
#define TL_LOOP 108
#define TL_RAW 101
#define TL_SLL 113
#define TL_SLL2 276
#define TL_IPV4 228
#define TL_IPV6 229

#define TR_MSS 1460
#define TR_C2S 0
#define TR_S2C 1

/* ---- a capture file in memory ------------------------------------------ */

struct tr_cap {
	uint8_t *p;
	size_t len, cap;
	int linktype;
	bool ng;
	uint64_t ts;              /* next record's time, +1 ms each */
	uint32_t records;
};

static inline void tr_put(struct tr_cap *b, const void *p, size_t n)
{
	if (b->len + n > b->cap) {
		size_t nc = b->cap ? b->cap : 4096;

		while (nc < b->len + n)
			nc *= 2;
		b->p = realloc(b->p, nc);
		assert_non_null(b->p);
		b->cap = nc;
	}
	if (n)
		memcpy(b->p + b->len, p, n);
	b->len += n;
}

static inline void tr_put32(struct tr_cap *b, uint32_t v)
{
	tr_put(b, &v, 4); /* host order, as the magic number says */
}

static inline void tr_put16(struct tr_cap *b, uint16_t v)
{
	tr_put(b, &v, 2);
}

/* Classic pcap (microsecond magic), or pcapng (SHB and one IDB). */
static inline void tr_cap_init(struct tr_cap *b, int linktype, bool ng)
{
	memset(b, 0, sizeof(*b));
	b->linktype = linktype;
	b->ng = ng;
	b->ts = UINT64_C(1700000000000000);
	if (!ng) {
		tr_put32(b, 0xa1b2c3d4u);
		tr_put16(b, 2);
		tr_put16(b, 4);
		tr_put32(b, 0);
		tr_put32(b, 0);
		tr_put32(b, 262144);
		tr_put32(b, (uint32_t)linktype);
		return;
	}
	/* Section Header Block: type, length, byte-order magic, version 1.0,
	 * section length unknown (-1), length again. */
	tr_put32(b, 0x0A0D0D0Au);
	tr_put32(b, 28);
	tr_put32(b, 0x1A2B3C4Du);
	tr_put16(b, 1);
	tr_put16(b, 0);
	tr_put32(b, 0xFFFFFFFFu);
	tr_put32(b, 0xFFFFFFFFu);
	tr_put32(b, 28);
	/* Interface Description Block: link type, reserved, snaplen. */
	tr_put32(b, 1);
	tr_put32(b, 20);
	tr_put16(b, (uint16_t)linktype);
	tr_put16(b, 0);
	tr_put32(b, 262144);
	tr_put32(b, 20);
}

/* One record: caplen of the packet's wirelen bytes are kept. */
static inline void tr_record(struct tr_cap *b, const uint8_t *pkt, size_t caplen, size_t wirelen)
{
	static const uint8_t pad[4];
	uint64_t ts = b->ts;

	b->ts += 1000;
	b->records++;
	if (!b->ng) {
		tr_put32(b, (uint32_t)(ts / 1000000));
		tr_put32(b, (uint32_t)(ts % 1000000));
		tr_put32(b, (uint32_t)caplen);
		tr_put32(b, (uint32_t)wirelen);
		tr_put(b, pkt, caplen);
		return;
	}
	/* Enhanced Packet Block, microsecond timestamps (the IDB default). */
	{
		uint32_t padded = (uint32_t)((caplen + 3) & ~(size_t)3);
		uint32_t total = 32 + padded;

		tr_put32(b, 6);
		tr_put32(b, total);
		tr_put32(b, 0);
		tr_put32(b, (uint32_t)(ts >> 32));
		tr_put32(b, (uint32_t)ts);
		tr_put32(b, (uint32_t)caplen);
		tr_put32(b, (uint32_t)wirelen);
		tr_put(b, pkt, caplen);
		tr_put(b, pad, padded - caplen);
		tr_put32(b, total);
	}
}

static inline void tr_cap_free(struct tr_cap *b)
{
	free(b->p);
	memset(b, 0, sizeof(*b));
}

/* ---- a TCP conversation ---------------------------------------------------- */

struct tr_conv {
	struct tr_cap *b;
	int family;               /* 4 or 6 */
	uint8_t addr[2][16];      /* client, server */
	uint16_t port[2];
	uint32_t seq[2];          /* next sequence number per direction */
	uint16_t vlan[RP_MAX_VLAN_TAGS + 2];
	unsigned nvlan;
	unsigned null_af6;        /* DLT_NULL/LOOP AF_INET6 value (10, 24, 28, 30) */
	bool ipv6_ext;            /* hop-by-hop, destination options, atomic fragment */
	bool frag_more;           /* a first IP fragment: IPv4 MF, or the IPv6
	                           * fragment header's M bit (with ipv6_ext) */
	uint8_t ip_proto;         /* 6 unless a test wants another */
};

static inline void tr_conv_init(struct tr_conv *c, struct tr_cap *b, int family,
                                uint16_t cport, uint16_t sport)
{
	memset(c, 0, sizeof(*c));
	c->b = b;
	c->family = family;
	if (family == 4) {
		uint8_t a[4] = { 10, 0, 0, 1 }, s[4] = { 10, 0, 0, 2 };

		memcpy(c->addr[0], a, 4);
		memcpy(c->addr[1], s, 4);
	} else {
		c->addr[0][0] = c->addr[1][0] = 0xfd;
		c->addr[0][15] = 1;
		c->addr[1][15] = 2;
	}
	c->port[0] = cport;
	c->port[1] = sport;
	c->seq[0] = 0x11110000u;
	c->seq[1] = 0x22220000u;
	c->null_af6 = 30;
	c->ip_proto = 6;
}

static inline void tr_be16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static inline void tr_be32(uint8_t *p, uint32_t v)
{
	tr_be16(p, (uint16_t)(v >> 16));
	tr_be16(p + 2, (uint16_t)v);
}

/* Link header bytes for the capture's link type; returns their count. */
static inline size_t tr_link(const struct tr_conv *c, int dir, uint8_t *h)
{
	uint16_t et = c->family == 4 ? 0x0800 : 0x86DD;
	uint32_t af = c->family == 4 ? 2 : c->null_af6;
	size_t n = 0;
	unsigned i;

	switch (c->b->linktype) {
	case TL_ETHERNET:
		memset(h, 0, 12);
		h[5] = (uint8_t)(1 + !dir);
		h[11] = (uint8_t)(1 + dir);
		n = 12;
		/* Stacked: the outer tag 802.1ad, the inner ones 802.1Q. */
		for (i = 0; i < c->nvlan; i++) {
			tr_be16(h + n, i == 0 && c->nvlan > 1 ? 0x88A8 : 0x8100);
			tr_be16(h + n + 2, c->vlan[i]);
			n += 4;
		}
		tr_be16(h + n, et);
		return n + 2;
	case TL_SLL:
		memset(h, 0, 16);
		tr_be16(h, dir ? 4 : 0);  /* outgoing / to us */
		tr_be16(h + 2, 1);        /* ARPHRD_ETHER */
		tr_be16(h + 4, 6);
		h[11] = (uint8_t)(1 + dir);
		tr_be16(h + 14, et);
		return 16;
	case TL_SLL2:
		memset(h, 0, 20);
		tr_be16(h, et);
		tr_be32(h + 4, 2);        /* interface index */
		tr_be16(h + 8, 1);
		h[10] = (uint8_t)(dir ? 4 : 0);
		h[11] = 6;
		return 20;
	case TL_NULL:
		memcpy(h, &af, 4);        /* host order */
		return 4;
	case TL_LOOP:
		tr_be32(h, af);
		return 4;
	default:                      /* raw IP */
		return 0;
	}
}

/*
 * One TCP segment from dir: flags, sequence number, payload; the last
 * `cut` bytes of the record are not captured (snapshot length).
 */
static inline void tr_segment(struct tr_conv *c, int dir, uint8_t flags, uint32_t seq,
                              const uint8_t *data, size_t len, size_t cut)
{
	uint8_t *pkt = malloc(128 + len);
	size_t n, ip, tcp, iphl = c->family == 4 ? 20 : 40, ext = 0;

	assert_non_null(pkt);
	n = tr_link(c, dir, pkt);
	ip = n;
	if (c->family == 6 && c->ipv6_ext)
		ext = 8 + 8 + 8;
	tcp = ip + iphl + ext;
	memset(pkt + ip, 0, iphl + ext + 20);
	if (c->family == 4) {
		pkt[ip] = 0x45;
		tr_be16(pkt + ip + 2, (uint16_t)(20 + 20 + len));
		if (c->frag_more)
			tr_be16(pkt + ip + 6, 0x2000);
		pkt[ip + 8] = 64;
		pkt[ip + 9] = c->ip_proto;
		memcpy(pkt + ip + 12, c->addr[dir], 4);
		memcpy(pkt + ip + 16, c->addr[!dir], 4);
	} else {
		pkt[ip] = 0x60;
		tr_be16(pkt + ip + 4, (uint16_t)(ext + 20 + len));
		pkt[ip + 6] = c->ipv6_ext ? 0 : c->ip_proto;
		pkt[ip + 7] = 64;
		memcpy(pkt + ip + 8, c->addr[dir], 16);
		memcpy(pkt + ip + 24, c->addr[!dir], 16);
		if (c->ipv6_ext) {
			uint8_t *e = pkt + ip + 40;

			e[0] = 60;            /* hop-by-hop -> destination options */
			e[8] = 44;            /* destination options -> fragment */
			e[16] = c->ip_proto;  /* fragment -> TCP */
			if (c->frag_more)
				e[19] = 1;        /* offset 0, more fragments */
		}
	}
	tr_be16(pkt + tcp, c->port[dir]);
	tr_be16(pkt + tcp + 2, c->port[!dir]);
	tr_be32(pkt + tcp + 4, seq);
	tr_be32(pkt + tcp + 8, c->seq[!dir]);
	pkt[tcp + 12] = 5 << 4;
	pkt[tcp + 13] = flags;
	tr_be16(pkt + tcp + 14, 65535);
	if (len)
		memcpy(pkt + tcp + 20, data, len);
	assert_true(cut <= tcp + 20 + len);
	tr_record(c->b, pkt, tcp + 20 + len - cut, tcp + 20 + len);
	free(pkt);
}

#define TR_FIN 0x01
#define TR_SYN 0x02
#define TR_RST 0x04
#define TR_PSH 0x08
#define TR_ACK 0x10

static inline void tr_handshake(struct tr_conv *c)
{
	tr_segment(c, TR_C2S, TR_SYN, c->seq[0]++, NULL, 0, 0);
	tr_segment(c, TR_S2C, TR_SYN | TR_ACK, c->seq[1]++, NULL, 0, 0);
	tr_segment(c, TR_C2S, TR_ACK, c->seq[0], NULL, 0, 0);
}

/* Bytes from dir in segments of at most mss, in order. */
static inline void tr_send(struct tr_conv *c, int dir, const uint8_t *p, size_t len, size_t mss)
{
	size_t done = 0;

	while (done < len) {
		size_t n = len - done < mss ? len - done : mss;

		tr_segment(c, dir, TR_ACK | TR_PSH, c->seq[dir], p + done, n, 0);
		c->seq[dir] += (uint32_t)n;
		done += n;
	}
}

/* The NBSS header and a message, as one byte string (caller frees). */
static inline uint8_t *tr_nbss(const uint8_t *msg, size_t len, size_t *out_len)
{
	uint8_t *f = malloc(len + 4);

	assert_non_null(f);
	f[0] = 0;
	f[1] = (uint8_t)(len >> 16);
	f[2] = (uint8_t)(len >> 8);
	f[3] = (uint8_t)len;
	memcpy(f + 4, msg, len);
	*out_len = len + 4;
	return f;
}

/* One NBSS frame from dir, in MSS segments. */
static inline void tr_frame(struct tr_conv *c, int dir, const uint8_t *msg, size_t len)
{
	size_t n;
	uint8_t *f = tr_nbss(msg, len, &n);

	tr_send(c, dir, f, n, TR_MSS);
	free(f);
}

static inline void tr_fin(struct tr_conv *c)
{
	tr_segment(c, TR_C2S, TR_FIN | TR_ACK, c->seq[0]++, NULL, 0, 0);
	tr_segment(c, TR_S2C, TR_FIN | TR_ACK, c->seq[1]++, NULL, 0, 0);
	tr_segment(c, TR_C2S, TR_ACK, c->seq[0], NULL, 0, 0);
}

/* ---- SMB2 messages ---------------------------------------------------- */

static inline void tr_hdr(struct wr *w, uint16_t cmd, bool rsp, uint64_t mid, uint32_t status)
{
	struct smb2_hdr h = {
		.command = cmd, .credit = 1, .message_id = mid, .process_id = 0xFEFF,
		.tree_id = 7, .session_id = 0x1122334455667788ull,
		.flags = rsp ? SMB2_FLAGS_SERVER_TO_REDIR : 0, .status = rsp ? status : 0,
	};

	assert_status(smb2_hdr_encode(w, &h), STATUS_SUCCESS);
}

/* ECHO request or response, MessageId mid. */
static inline void tr_echo(struct wr *w, bool rsp, uint64_t mid)
{
	wr_reset(w);
	tr_hdr(w, SMB2_ECHO, rsp, mid, 0);
	if (rsp) {
		struct smb2_echo_rsp e = { 0 };

		assert_status(smb2_echo_rsp_encode(w, &e), STATUS_SUCCESS);
	} else {
		struct smb2_echo_req e = { 0 };

		assert_status(smb2_echo_req_encode(w, &e), STATUS_SUCCESS);
	}
}

/* WRITE request with len bytes of a pattern. */
static inline void tr_write(struct wr *w, uint64_t mid, size_t len)
{
	uint8_t *data = malloc(len ? len : 1);
	struct smb2_write_req r;
	size_t i;

	assert_non_null(data);
	for (i = 0; i < len; i++)
		data[i] = (uint8_t)(i * 7 + 3);
	memset(&r, 0, sizeof(r));
	r.offset = 4096;
	r.file_id.persistent = 1;
	r.file_id.volatile_ = 2;
	r.data.p = data;
	r.data.len = (uint32_t)len;
	wr_reset(w);
	tr_hdr(w, SMB2_WRITE, false, mid, 0);
	assert_status(smb2_write_req_encode(w, &r), STATUS_SUCCESS);
	free(data);
}

/* CREATE request for a UTF-8 name. */
static inline void tr_create(struct wr *w, uint64_t mid, const char *name)
{
	struct smb2_create_req r;
	uint8_t n16[512];
	size_t n16len = 0;

	assert_status(utf8_to_utf16le(name, strlen(name), n16, sizeof(n16), &n16len),
	              STATUS_SUCCESS);
	memset(&r, 0, sizeof(r));
	r.impersonation_level = 2;
	r.desired_access = 0x12019f;
	r.share_access = 7;
	r.create_disposition = 1;
	r.name.p = n16;
	r.name.len = (uint32_t)n16len;
	wr_reset(w);
	tr_hdr(w, SMB2_CREATE, false, mid, 0);
	assert_status(smb2_create_req_encode(w, &r), STATUS_SUCCESS);
}

/* ---- reading a capture ---------------------------------------------------- */

/* FNV-1a of bytes: tells whether a message came out byte-identical. */
static inline uint64_t tr_hash(const uint8_t *p, size_t n)
{
	uint64_t h = UINT64_C(0xcbf29ce484222325);
	size_t i;

	for (i = 0; i < n; i++)
		h = (h ^ p[i]) * UINT64_C(0x100000001b3);
	return h;
}

struct tr_ev {
	enum rp_event_kind kind;
	enum rp_msg_type type;
	uint16_t cmd;
	bool rsp, async, have_hdr;
	uint64_t mid, sid, frame, offset, frame_off;
	uint32_t tid, msg_len;
	uint64_t raw_hash;        /* tr_hash() of the message bytes */
	NTSTATUS status;
	unsigned stream;
	enum rp_dir dir;
	NTSTATUS decode;
	char field[64];
	size_t field_off;
	bool encrypted, decrypted, related;
	NTSTATUS crypt;
	enum rp_sig sig;
	unsigned chain_index, chain_count;
	enum rp_damage_kind dmg;          /* RP_EV_DAMAGE, or a damaged message's kind */
	bool damaged;
	char client[RP_ADDR_TEXT], server[RP_ADDR_TEXT];
	char what[RP_WHAT_TEXT];
};

struct tr_run {
	struct tr_ev *e;
	size_t n, cap;
	struct rp_stats st;
	char err[512];
};

static inline void tr_run_free(struct tr_run *r)
{
	free(r->e);
	memset(r, 0, sizeof(*r));
}

static inline void tr_take(struct tr_run *r, const struct rp_event *ev)
{
	struct tr_ev *e;
	struct rp_damage d;

	if (r->n == r->cap) {
		r->cap = r->cap ? 2 * r->cap : 64;
		r->e = realloc(r->e, r->cap * sizeof(*r->e));
		assert_non_null(r->e);
	}
	e = &r->e[r->n++];
	memset(e, 0, sizeof(*e));
	e->kind = ev->kind;
	if (ev->kind == RP_EV_DAMAGE) {
		const struct rp_damage *g = ev->damage;

		e->dmg = g->kind;
		e->damaged = true;
		e->frame = g->frame;
		e->offset = g->offset;
		e->stream = g->has_stream ? g->stream.index : 9999;
		e->dir = g->dir;
		snprintf(e->what, sizeof(e->what), "%s", g->what);
		return;
	}
	{
		const struct rp_message *m = ev->msg;

		e->type = m->type;
		e->frame = m->frame;
		e->frame_off = m->frame_off;
		e->msg_len = (uint32_t)m->raw_len;
		e->raw_hash = tr_hash(m->raw, m->raw_len);
		e->stream = m->stream.index;
		e->dir = m->dir;
		snprintf(e->client, sizeof(e->client), "%s", m->stream.client);
		snprintf(e->server, sizeof(e->server), "%s", m->stream.server);
		e->have_hdr = m->have_hdr;
		if (m->have_hdr) {
			e->cmd = m->m.hdr.command;
			e->rsp = smb2_hdr_is_response(&m->m.hdr);
			e->async = smb2_hdr_is_async(&m->m.hdr);
			e->mid = m->m.hdr.message_id;
			e->sid = m->m.hdr.session_id;
			e->tid = m->m.hdr.tree_id;
			e->status = m->m.hdr.status;
		}
		e->decode = m->decode_status;
		if (m->err_field)
			snprintf(e->field, sizeof(e->field), "%s", m->err_field);
		e->field_off = m->err_off;
		e->encrypted = m->encrypted;
		e->decrypted = m->decrypted;
		e->crypt = m->crypt_status;
		e->sig = m->sig;
		e->chain_index = m->chain_index;
		e->chain_count = m->chain_count;
		e->related = m->related;
		if (rp_message_damage(m, &d)) {
			e->damaged = true;
			e->dmg = d.kind;
			e->offset = d.offset;
			snprintf(e->what, sizeof(e->what), "%s", d.what);
		}
	}
}

/* Read the capture in memory; 0, or -1 when it does not open (r->err). */
static inline int tr_read(const struct tr_cap *b, const struct rp_options *o, struct tr_run *r)
{
	struct rp_capture *cap;
	struct rp_event ev;
	FILE *f;

	memset(r, 0, sizeof(*r));
	f = fmemopen(b->len ? b->p : (void *)"", b->len, "rb");
	assert_non_null(f);
	if (rp_capture_open_stream(f, "mem", o, &cap, r->err, sizeof(r->err)))
		return -1;
	while (rp_capture_next(cap, &ev) == RP_NEXT_EVENT)
		tr_take(r, &ev);
	rp_capture_stats(cap, &r->st);
	rp_capture_close(cap);
	return 0;
}

/* Events of one kind. */
static inline size_t tr_count(const struct tr_run *r, enum rp_event_kind kind)
{
	size_t i, n = 0;

	for (i = 0; i < r->n; i++)
		n += r->e[i].kind == kind;
	return n;
}

/* The first damage report of a kind; the test fails when there is none. */
static inline const struct tr_ev *tr_damage(const struct tr_run *r, enum rp_damage_kind k)
{
	static const struct tr_ev none;
	size_t i;

	for (i = 0; i < r->n; i++)
		if (r->e[i].damaged && r->e[i].dmg == k)
			return &r->e[i];
	fail_msg("no %s damage among %zu events", rp_damage_kind_name(k), r->n);
	return &none; /* not reached: fail_msg() does not return */
}

/* The i-th message event, or fail. */
static inline const struct tr_ev *tr_msg(const struct tr_run *r, size_t i)
{
	size_t k;

	for (k = 0; k < r->n; k++)
		if (r->e[k].kind == RP_EV_MESSAGE && i-- == 0)
			return &r->e[k];
	fail_msg("no message %zu", i);
	return NULL;
}

/* Print the events (for a failing test's log). */
static inline void tr_print(const struct tr_run *r)
{
	size_t i;

	for (i = 0; i < r->n; i++) {
		const struct tr_ev *e = &r->e[i];

		if (e->kind == RP_EV_DAMAGE)
			print_message("  #%zu DAMAGE frame %llu %s: %s\n", i,
			              (unsigned long long)e->frame, rp_damage_kind_name(e->dmg), e->what);
		else
			print_message("  #%zu frame %llu s%u %s type %d cmd %u mid %llu %s%s\n", i,
			              (unsigned long long)e->frame, e->stream, rp_dir_arrow(e->dir),
			              e->type, e->cmd, (unsigned long long)e->mid,
			              e->decode ? "decode-error " : "", e->damaged ? e->what : "");
	}
}

#endif
