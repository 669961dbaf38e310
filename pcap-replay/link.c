/*
 * From a captured record to its TCP segment: the link layers smbsim-replay
 * reads (Ethernet with stacked VLAN tags, Linux cooked v1 and v2, raw IP,
 * BSD loopback), IPv4 (RFC 791) and IPv6 (RFC 8200, extension headers
 * skipped) and the TCP header (RFC 9293).  Every byte is read through the
 * bounded cursor; a header that does not fit the captured bytes is
 * reported (RP_PKT_BAD) with what and where, a packet that is simply not
 * ours is skipped quietly.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "pcap-replay/rp_int.h"

#define ETH_HDR 14
#define SLL_HDR 16
#define SLL2_HDR 20
#define NULL_HDR 4
#define VLAN_TAG 4
#define IPV4_MIN_HDR 20
#define IPV6_HDR 40
#define IPV6_FRAG_HDR 8
#define TCP_MIN_HDR 20

#define ETHERTYPE_IPV4 0x0800
#define ETHERTYPE_IPV6 0x86DD
#define ETHERTYPE_VLAN 0x8100      /* 802.1Q */
#define ETHERTYPE_QINQ 0x88A8      /* 802.1ad */
#define ETHERTYPE_QINQ_OLD 0x9100

#define IPPROTO_NUM_TCP 6
#define IP6_HOPOPTS 0
#define IP6_ROUTING 43
#define IP6_FRAGMENT 44
#define IP6_DSTOPTS 60

/* BSD loopback address families: AF_INET is 2 everywhere, AF_INET6
 * differs by system (Linux 10, NetBSD/OpenBSD 24, FreeBSD 28, Darwin 30). */
#define BSD_AF_INET 2

bool rp_link_supported(int dlt)
{
	switch (dlt) {
	case DLT_EN10MB:
	case DLT_LINUX_SLL:
	case DLT_LINUX_SLL2:
	case DLT_RAW:
	case DLT_IPV4:
	case DLT_IPV6:
	case DLT_NULL:
	case DLT_LOOP:
		return true;
	default:
		return false;
	}
}

const char *rp_link_name(int dlt)
{
	const char *n = pcap_datalink_val_to_name(dlt);

	return n ? n : "unknown";
}

struct pctx {
	struct rd c;
	char *what;
	size_t wlen;
};

static enum rp_pkt_verdict bad(struct pctx *x, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static enum rp_pkt_verdict bad(struct pctx *x, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(x->what, x->wlen, fmt, ap);
	va_end(ap);
	return RP_PKT_BAD;
}

static uint16_t rd_be16_at(const struct rd *c, size_t off)
{
	return be16(c->base + off);
}

/* Where the network layer starts and which it is (an EtherType), after
 * the link header and any VLAN tags; SKIP for other protocols. */
static enum rp_pkt_verdict link_layer(int dlt, struct pctx *x, uint16_t *etype)
{
	struct rd *c = &x->c;
	unsigned tags = 0;
	uint32_t af;

	switch (dlt) {
	case DLT_EN10MB:
		if (c->len < ETH_HDR)
			return bad(x, "Ethernet header cut: %d bytes needed, %zu captured", ETH_HDR, c->len);
		*etype = rd_be16_at(c, 12);
		c->pos = ETH_HDR;
		break;
	case DLT_LINUX_SLL:
		if (c->len < SLL_HDR)
			return bad(x, "Linux cooked (SLL) header cut: %d bytes needed, %zu captured",
			           SLL_HDR, c->len);
		*etype = rd_be16_at(c, 14);
		c->pos = SLL_HDR;
		break;
	case DLT_LINUX_SLL2:
		if (c->len < SLL2_HDR)
			return bad(x, "Linux cooked v2 (SLL2) header cut: %d bytes needed, %zu captured",
			           SLL2_HDR, c->len);
		*etype = rd_be16_at(c, 0);
		c->pos = SLL2_HDR;
		break;
	case DLT_NULL:
	case DLT_LOOP:
		if (c->len < NULL_HDR)
			return bad(x, "loopback header cut: %d bytes needed, %zu captured", NULL_HDR, c->len);
		/* DLT_LOOP is network order; DLT_NULL the writer's order. */
		af = be32(c->base);
		if (dlt == DLT_NULL && (af & 0xFFFF) == 0)
			af = le32(c->base);
		c->pos = NULL_HDR;
		if (af == BSD_AF_INET)
			*etype = ETHERTYPE_IPV4;
		else if (af == 10 || af == 24 || af == 28 || af == 30)
			*etype = ETHERTYPE_IPV6;
		else
			return RP_PKT_SKIP;
		return RP_PKT_TCP;
	case DLT_RAW:
	case DLT_IPV4:
	case DLT_IPV6:
		if (c->len < 1)
			return bad(x, "raw IP packet empty");
		*etype = (c->base[0] >> 4) == 6 ? ETHERTYPE_IPV6 : ETHERTYPE_IPV4;
		c->pos = 0;
		return RP_PKT_TCP;
	default:
		return RP_PKT_SKIP;
	}
	/* IEEE 802.1Q / 802.1ad tags, possibly stacked. */
	while (*etype == ETHERTYPE_VLAN || *etype == ETHERTYPE_QINQ ||
	       *etype == ETHERTYPE_QINQ_OLD) {
		if (++tags > RP_MAX_VLAN_TAGS)
			return bad(x, "more than %d stacked VLAN tags (RP_MAX_VLAN_TAGS) at offset %zu",
			           RP_MAX_VLAN_TAGS, c->pos);
		if (rd_left(c) < VLAN_TAG)
			return bad(x, "VLAN tag at offset %zu cut: %zu captured bytes", c->pos, c->len);
		*etype = rd_be16_at(c, c->pos + 2);
		c->pos += VLAN_TAG;
	}
	return RP_PKT_TCP;
}

/* IPv4: addresses, the TCP payload's extent.  *end is where the IP
 * datagram ends (captured or not), counted from c->base. */
static enum rp_pkt_verdict ipv4(struct pctx *x, struct rp_pkt *pk, uint64_t *end)
{
	struct rd *c = &x->c;
	size_t at = c->pos;
	const uint8_t *ip;
	unsigned ihl;
	uint16_t total, frag;

	if (rd_left(c) < IPV4_MIN_HDR)
		return bad(x, "IPv4 header at offset %zu cut: %zu captured bytes", at, c->len);
	ip = c->base + at;
	if ((ip[0] >> 4) != 4)
		return bad(x, "IPv4 header at offset %zu: version %u, not 4", at,
		           (unsigned)(ip[0] >> 4));
	ihl = (unsigned)(ip[0] & 0x0F) * 4u;
	total = be16(ip + 2);
	if (ihl < IPV4_MIN_HDR || total < ihl)
		return bad(x, "IPv4 header at offset %zu: header length %u, total length %u", at,
		           ihl, (unsigned)total);
	if (ip[9] != IPPROTO_NUM_TCP)
		return RP_PKT_SKIP;
	if (rd_left(c) < ihl)
		return bad(x, "IPv4 options at offset %zu cut: header length %u, %zu captured bytes",
		           at, ihl, c->len);
	frag = be16(ip + 6);
	pk->family = 4;
	memset(pk->src, 0, sizeof(pk->src));
	memset(pk->dst, 0, sizeof(pk->dst));
	memcpy(pk->src, ip + 12, 4);
	memcpy(pk->dst, ip + 16, 4);
	if (frag & 0x1FFF) /* a later fragment: no TCP header to look at */
		return RP_PKT_SKIP;
	c->pos = at + ihl;
	*end = (uint64_t)at + total;
	if (frag & 0x2000) {
		/* A first fragment: ours only if its ports say so. */
		if (rd_left(c) >= 4) {
			pk->sport = rd_be16_at(c, c->pos);
			pk->dport = rd_be16_at(c, c->pos + 2);
		}
		/* The caller checks the ports and words it better. */
		return bad(x, "IPv4 first fragment at offset %zu: fragments are not reassembled",
		           at);
	}
	return RP_PKT_TCP;
}

static enum rp_pkt_verdict ipv6(struct pctx *x, struct rp_pkt *pk, uint64_t *end)
{
	struct rd *c = &x->c;
	size_t at = c->pos;
	const uint8_t *ip;
	uint8_t next;
	unsigned n;

	if (rd_left(c) < IPV6_HDR)
		return bad(x, "IPv6 header at offset %zu cut: %zu captured bytes", at, c->len);
	ip = c->base + at;
	if ((ip[0] >> 4) != 6)
		return bad(x, "IPv6 header at offset %zu: version %u, not 6", at,
		           (unsigned)(ip[0] >> 4));
	pk->family = 6;
	memcpy(pk->src, ip + 8, 16);
	memcpy(pk->dst, ip + 24, 16);
	/* Payload length 0 is a jumbogram (RFC 2675): take what was captured. */
	*end = be16(ip + 4) ? (uint64_t)at + IPV6_HDR + be16(ip + 4) : c->len;
	next = ip[6];
	c->pos = at + IPV6_HDR;
	for (n = 0; next != IPPROTO_NUM_TCP; n++) {
		size_t hl;

		if (n >= RP_MAX_IPV6_EXT)
			return RP_PKT_SKIP;
		if (next == IP6_FRAGMENT) {
			if (rd_left(c) < IPV6_FRAG_HDR)
				return bad(x, "IPv6 fragment header at offset %zu cut: %zu captured bytes",
				           c->pos, c->len);
			uint16_t fo = rd_be16_at(c, c->pos + 2);

			/* Offset 0 and no more fragments: an atomic fragment
			 * (RFC 6946), a whole packet; go on after it. */
			if ((fo & 0xFFF9) == 0) {
				next = c->base[c->pos];
				c->pos += IPV6_FRAG_HDR;
				continue;
			}
			/* Offset 0 with more fragments: the first fragment. */
			if ((fo & 0xFFF8) != 0 || c->base[c->pos] != IPPROTO_NUM_TCP)
				return RP_PKT_SKIP;
			c->pos += IPV6_FRAG_HDR;
			if (rd_left(c) >= 4) {
				pk->sport = rd_be16_at(c, c->pos);
				pk->dport = rd_be16_at(c, c->pos + 2);
			}
			return bad(x, "IPv6 first fragment at offset %zu: fragments are not "
			              "reassembled", at);
		}
		if (next != IP6_HOPOPTS && next != IP6_ROUTING && next != IP6_DSTOPTS)
			return RP_PKT_SKIP;
		if (rd_left(c) < 8)
			return bad(x, "IPv6 extension header at offset %zu cut: %zu captured bytes",
			           c->pos, c->len);
		hl = ((size_t)c->base[c->pos + 1] + 1) * 8;
		if (rd_left(c) < hl)
			return bad(x, "IPv6 extension header at offset %zu (%zu bytes) cut: %zu "
			           "captured bytes", c->pos, hl, c->len);
		next = c->base[c->pos];
		c->pos += hl;
	}
	return RP_PKT_TCP;
}

enum rp_pkt_verdict rp_link_parse(int dlt, const uint8_t *p, uint32_t caplen,
                                  bool (*is_port)(const void *ctx, uint16_t port),
                                  const void *ctx, struct rp_pkt *out, char *what,
                                  size_t wlen)
{
	struct pctx x;
	struct rp_pkt pk;
	uint16_t etype = 0;
	uint64_t end = 0;
	enum rp_pkt_verdict v;
	const uint8_t *t;
	size_t at, thl;

	rd_init(&x.c, p, caplen);
	x.what = what;
	x.wlen = wlen;
	memset(&pk, 0, sizeof(pk));
	v = link_layer(dlt, &x, &etype);
	if (v != RP_PKT_TCP)
		return v;
	if (etype == ETHERTYPE_IPV4)
		v = ipv4(&x, &pk, &end);
	else if (etype == ETHERTYPE_IPV6)
		v = ipv6(&x, &pk, &end);
	else
		return RP_PKT_SKIP;
	if (v == RP_PKT_BAD && pk.family && (pk.sport || pk.dport)) {
		/* A first IP fragment (ipv4()/ipv6() left the ports). */
		if (!is_port(ctx, pk.sport) && !is_port(ctx, pk.dport))
			return RP_PKT_SKIP;
		snprintf(what, wlen, "IP fragment of TCP %u -> %u: fragments are not reassembled",
		         pk.sport, pk.dport);
		return RP_PKT_BAD;
	}
	if (v != RP_PKT_TCP)
		return v;
	at = x.c.pos;
	if (rd_left(&x.c) < 4)
		return bad(&x, "TCP header at offset %zu cut: %zu captured bytes", at, x.c.len);
	t = p + at;
	pk.sport = be16(t);
	pk.dport = be16(t + 2);
	if (!is_port(ctx, pk.sport) && !is_port(ctx, pk.dport))
		return RP_PKT_SKIP;
	if (rd_left(&x.c) < TCP_MIN_HDR)
		return bad(&x, "TCP header at offset %zu cut: %zu captured bytes", at, x.c.len);
	thl = (size_t)(t[12] >> 4) * 4;
	if (thl < TCP_MIN_HDR)
		return bad(&x, "TCP header at offset %zu: data offset %zu bytes, below 20", at, thl);
	if (rd_left(&x.c) < thl)
		return bad(&x, "TCP options at offset %zu cut: header %zu bytes, %zu captured", at,
		           thl, x.c.len);
	if (end < (uint64_t)at + thl)
		return bad(&x, "TCP header at offset %zu: %zu bytes do not fit the IP length", at,
		           thl);
	pk.seq = be32(t + 4);
	pk.ack = be32(t + 8);
	pk.flags = t[13];
	at += thl;
	pk.payload = p + at;
	/* The IP length bounds the payload (Ethernet pads short frames); what
	 * it promises beyond the capture is missing. */
	if (end <= caplen) {
		pk.len = (uint32_t)(end - at);
	} else {
		pk.len = (uint32_t)(caplen - at);
		pk.missing = (uint32_t)(end - caplen > UINT32_MAX ? UINT32_MAX : end - caplen);
	}
	*out = pk;
	return RP_PKT_TCP;
}
