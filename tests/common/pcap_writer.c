/* Classic pcap of one TCP connection carrying NBSS frames: see pcap_writer.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pcap_writer.h"

#define PCAP_MAGIC 0xa1b2c3d4u
#define LINKTYPE_ETHERNET 1
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

struct pcap_writer {
	FILE *f;
	bool err;
	uint32_t packets;
	uint16_t ip_id;
	struct endpoint cli, srv;
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

static void put_host32(FILE *f, uint32_t v, bool *err)
{
	if (fwrite(&v, sizeof(v), 1, f) != 1)
		*err = true;
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
	uint8_t h[ETH_LEN + IP_LEN + TCP_LEN];
	uint8_t *ip = h + ETH_LEN, *tcp = ip + IP_LEN;
	size_t plen = alen + blen;
	uint32_t sum, ts_usec = (pw->packets % 1000u) * 1000u;
	uint8_t pseudo[12];

	if (pw->err)
		return;
	memset(h, 0, sizeof(h));
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

	put_host32(pw->f, START_SEC + pw->packets / 1000u, &pw->err);
	put_host32(pw->f, ts_usec, &pw->err);
	put_host32(pw->f, (uint32_t)(sizeof(h) + plen), &pw->err);
	put_host32(pw->f, (uint32_t)(sizeof(h) + plen), &pw->err);
	if (fwrite(h, sizeof(h), 1, pw->f) != 1 ||
	    (alen && fwrite(a, alen, 1, pw->f) != 1) ||
	    (blen && fwrite(b, blen, 1, pw->f) != 1))
		pw->err = true;
	pw->packets++;
	from->seq += (uint32_t)plen + ((flags & (TCP_SYN | TCP_FIN)) ? 1u : 0u);
}

struct pcap_writer *pcap_writer_open(const char *path)
{
	struct pcap_writer *pw = calloc(1, sizeof(*pw));
	static const struct endpoint cli = {
		{ 0x02, 0, 0, 0, 0, 0x01 }, { 10, 0, 0, 1 }, 49152, 0x10000000u
	};
	static const struct endpoint srv = {
		{ 0x02, 0, 0, 0, 0, 0x02 }, { 10, 0, 0, 2 }, 445, 0x20000000u
	};

	if (!pw)
		return NULL;
	pw->f = fopen(path, "wb");
	if (!pw->f) {
		free(pw);
		return NULL;
	}
	pw->cli = cli;
	pw->srv = srv;
	pw->ip_id = 1;
	put_host32(pw->f, PCAP_MAGIC, &pw->err);
	{
		uint16_t ver[2] = { 2, 4 };
		if (fwrite(ver, sizeof(ver), 1, pw->f) != 1)
			pw->err = true;
	}
	put_host32(pw->f, 0, &pw->err); /* thiszone */
	put_host32(pw->f, 0, &pw->err); /* sigfigs */
	put_host32(pw->f, SNAPLEN, &pw->err);
	put_host32(pw->f, LINKTYPE_ETHERNET, &pw->err);

	packet(pw, &pw->cli, &pw->srv, TCP_SYN, NULL, 0, NULL, 0);
	packet(pw, &pw->srv, &pw->cli, TCP_SYN | TCP_ACK, NULL, 0, NULL, 0);
	packet(pw, &pw->cli, &pw->srv, TCP_ACK, NULL, 0, NULL, 0);
	return pw;
}

int pcap_writer_frame(struct pcap_writer *pw, bool to_server, const uint8_t *frame,
                      size_t len, uint32_t *frame_no)
{
	struct endpoint *from = to_server ? &pw->cli : &pw->srv;
	struct endpoint *to = to_server ? &pw->srv : &pw->cli;
	uint8_t nb[4];
	size_t done = 0;
	bool first = true;

	if (pw->err || len > NBSS_MAX_LEN || (len && !frame)) {
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
	packet(pw, &pw->cli, &pw->srv, TCP_FIN | TCP_ACK, NULL, 0, NULL, 0);
	packet(pw, &pw->srv, &pw->cli, TCP_FIN | TCP_ACK, NULL, 0, NULL, 0);
	packet(pw, &pw->cli, &pw->srv, TCP_ACK, NULL, 0, NULL, 0);
	rc = pw->err ? -1 : 0;
	if (fclose(pw->f) != 0)
		rc = -1;
	free(pw);
	return rc;
}
