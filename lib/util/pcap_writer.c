/* Classic pcap of TCP connections carrying NBSS frames: see pcap_writer.h. */
#include <pcap/pcap.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/pcap_writer.h"

#define SNAPLEN 262144u
#define MSS 1460u
#define ETH_LEN 14
#define IP_LEN 20
#define TCP_LEN 20
#define NBSS_MAX_LEN 0x00FFFFFFu
#define START_SEC 1700000000u

#define TCP_FIN 0x01
#define TCP_SYN 0x02
#define TCP_PSH 0x08
#define TCP_ACK 0x10

struct endpoint {
	uint8_t mac[6];
	uint8_t ip[4];
	uint16_t port;
	uint32_t seq; /* next sequence number this side sends */
};

struct conn {
	struct endpoint cli, srv;
};

struct pcap_writer {
	pcap_t *dead;
	pcap_dumper_t *d;
	bool err;
	uint32_t packets;
	uint16_t ip_id;
	unsigned nconns;
	struct conn c[PCAP_WRITER_MAX_STREAMS];
};

static void put_be16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static void put_be32(uint8_t *p, uint32_t v)
{
	put_be16(p, (uint16_t)(v >> 16));
	put_be16(p + 2, (uint16_t)v);
}

/* RFC 1071 one's complement sum, continued from `sum`. */
static uint32_t csum_add(uint32_t sum, const uint8_t *p, size_t n)
{
	size_t i;

	for (i = 0; i + 1 < n; i += 2)
		sum += (uint32_t)(p[i] << 8 | p[i + 1]);
	if (n & 1)
		sum += (uint32_t)p[n - 1] << 8;
	return sum;
}

static uint16_t csum_fold(uint32_t sum)
{
	while (sum >> 16)
		sum = (sum & 0xFFFF) + (sum >> 16);
	return (uint16_t)~sum;
}

/* One Ethernet/IPv4/TCP packet from `from` to `to` with the given payload
 * (split across two pieces so the NBSS header needs no copy). */
static void packet(struct pcap_writer *pw, struct endpoint *from, const struct endpoint *to,
                   uint8_t flags, const uint8_t *a, size_t alen, const uint8_t *b, size_t blen)
{
	uint8_t pkt[ETH_LEN + IP_LEN + TCP_LEN + MSS];
	uint8_t *h = pkt, *ip = h + ETH_LEN, *tcp = ip + IP_LEN;
	struct pcap_pkthdr ph;
	size_t plen = alen + blen;
	uint32_t sum, ts_usec = (pw->packets % 1000u) * 1000u;
	uint8_t pseudo[12];

	if (pw->err)
		return;
	memset(h, 0, ETH_LEN + IP_LEN + TCP_LEN);
	memcpy(h, to->mac, 6);
	memcpy(h + 6, from->mac, 6);
	put_be16(h + 12, 0x0800);

	ip[0] = 0x45;
	put_be16(ip + 2, (uint16_t)(IP_LEN + TCP_LEN + plen));
	put_be16(ip + 4, pw->ip_id++);
	put_be16(ip + 6, 0x4000); /* DF */
	ip[8] = 64;
	ip[9] = 6;
	memcpy(ip + 12, from->ip, 4);
	memcpy(ip + 16, to->ip, 4);
	put_be16(ip + 10, csum_fold(csum_add(0, ip, IP_LEN)));

	put_be16(tcp, from->port);
	put_be16(tcp + 2, to->port);
	put_be32(tcp + 4, from->seq);
	put_be32(tcp + 8, (flags & TCP_ACK) ? to->seq : 0);
	tcp[12] = (TCP_LEN / 4) << 4;
	tcp[13] = flags;
	put_be16(tcp + 14, 65535);
	memcpy(pseudo, from->ip, 4);
	memcpy(pseudo + 4, to->ip, 4);
	pseudo[8] = 0;
	pseudo[9] = 6;
	put_be16(pseudo + 10, (uint16_t)(TCP_LEN + plen));
	sum = csum_add(0, pseudo, sizeof(pseudo));
	sum = csum_add(sum, tcp, TCP_LEN);
	if (alen & 1) {
		/* Keep 16-bit alignment of the sum across the two pieces. */
		sum = csum_add(sum, a, alen - 1);
		uint8_t pair[2] = { a[alen - 1], blen ? b[0] : 0 };
		sum = csum_add(sum, pair, blen ? 2 : 1);
		if (blen)
			sum = csum_add(sum, b + 1, blen - 1);
	} else {
		sum = csum_add(sum, a, alen);
		sum = csum_add(sum, b, blen);
	}
	put_be16(tcp + 16, csum_fold(sum));

	if (alen)
		memcpy(tcp + TCP_LEN, a, alen);
	if (blen)
		memcpy(tcp + TCP_LEN + alen, b, blen);
	ph.ts.tv_sec = START_SEC + pw->packets / 1000u;
	ph.ts.tv_usec = ts_usec;
	ph.caplen = ph.len = (bpf_u_int32)(ETH_LEN + IP_LEN + TCP_LEN + plen);
	pcap_dump((u_char *)pw->d, &ph, pkt);
	pw->packets++;
	from->seq += (uint32_t)plen + ((flags & (TCP_SYN | TCP_FIN)) ? 1u : 0u);
}

static void handshake(struct pcap_writer *pw, struct conn *c)
{
	packet(pw, &c->cli, &c->srv, TCP_SYN, NULL, 0, NULL, 0);
	packet(pw, &c->srv, &c->cli, TCP_SYN | TCP_ACK, NULL, 0, NULL, 0);
	packet(pw, &c->cli, &c->srv, TCP_ACK, NULL, 0, NULL, 0);
}

int pcap_writer_stream(struct pcap_writer *pw)
{
	static const struct endpoint cli = {
		{ 0x02, 0, 0, 0, 0, 0x01 }, { 10, 0, 0, 1 }, 49152, 0x10000000u
	};
	static const struct endpoint srv = {
		{ 0x02, 0, 0, 0, 0, 0x02 }, { 10, 0, 0, 2 }, 445, 0x20000000u
	};
	struct conn *c;

	if (pw->err || pw->nconns >= PCAP_WRITER_MAX_STREAMS)
		return -1;
	c = &pw->c[pw->nconns];
	c->cli = cli;
	c->srv = srv;
	c->cli.port = (uint16_t)(cli.port + pw->nconns);
	c->cli.seq += pw->nconns * 0x01000000u;
	handshake(pw, c);
	return pw->err ? -1 : (int)pw->nconns++;
}

struct pcap_writer *pcap_writer_open(const char *path)
{
	struct pcap_writer *pw = calloc(1, sizeof(*pw));

	if (!pw)
		return NULL;
	pw->dead = pcap_open_dead(DLT_EN10MB, (int)SNAPLEN);
	pw->d = pw->dead ? pcap_dump_open(pw->dead, path) : NULL;
	if (!pw->d) {
		if (pw->dead)
			pcap_close(pw->dead);
		free(pw);
		return NULL;
	}
	pw->ip_id = 1;
	if (pcap_writer_stream(pw) != 0) {
		pcap_writer_close(pw);
		return NULL;
	}
	return pw;
}

int pcap_writer_frame(struct pcap_writer *pw, bool to_server, const uint8_t *frame,
                      size_t len, uint32_t *frame_no)
{
	return pcap_writer_frame_on(pw, 0, to_server, frame, len, frame_no);
}

int pcap_writer_frame_on(struct pcap_writer *pw, unsigned stream, bool to_server,
                         const uint8_t *frame, size_t len, uint32_t *frame_no)
{
	struct conn *c = stream < pw->nconns ? &pw->c[stream] : NULL;
	struct endpoint *from = c ? (to_server ? &c->cli : &c->srv) : NULL;
	struct endpoint *to = c ? (to_server ? &c->srv : &c->cli) : NULL;
	uint8_t nb[4];
	size_t done = 0;
	bool first = true;

	if (!c || pw->err || len > NBSS_MAX_LEN || (len && !frame)) {
		pw->err = true;
		return -1;
	}
	nb[0] = 0; /* session message */
	nb[1] = (uint8_t)(len >> 16);
	nb[2] = (uint8_t)(len >> 8);
	nb[3] = (uint8_t)len;
	while (first || done < len) {
		size_t room = first ? MSS - sizeof(nb) : MSS;
		size_t n = len - done < room ? len - done : room;
		bool last = done + n == len;

		packet(pw, from, to, (uint8_t)(TCP_ACK | (last ? TCP_PSH : 0)),
		       first ? nb : frame + done, first ? sizeof(nb) : n,
		       first ? frame + done : NULL, first ? n : 0);
		done += n;
		first = false;
	}
	if (frame_no)
		*frame_no = pw->packets;
	/* The peer acknowledges the whole frame. */
	packet(pw, to, from, TCP_ACK, NULL, 0, NULL, 0);
	return pw->err ? -1 : 0;
}

uint32_t pcap_writer_packets(const struct pcap_writer *pw)
{
	return pw->packets;
}

int pcap_writer_close(struct pcap_writer *pw)
{
	int rc;

	if (!pw)
		return 0;
	for (unsigned i = 0; i < pw->nconns; i++) {
		struct conn *c = &pw->c[i];

		packet(pw, &c->cli, &c->srv, TCP_FIN | TCP_ACK, NULL, 0, NULL, 0);
		packet(pw, &c->srv, &c->cli, TCP_FIN | TCP_ACK, NULL, 0, NULL, 0);
		packet(pw, &c->cli, &c->srv, TCP_ACK, NULL, 0, NULL, 0);
	}
	if (pcap_dump_flush(pw->d) != 0)
		pw->err = true;
	rc = pw->err ? -1 : 0;
	pcap_dump_close(pw->d);
	pcap_close(pw->dead);
	free(pw);
	return rc;
}
