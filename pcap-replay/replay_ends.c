/*
 * Where each captured stream ended: the frame of its first FIN (either
 * side), or of a reset after which the connection carried nothing more.
 * The reading API (capture.h) reports messages, not TCP ends, so this is a
 * second pass over the file with the reader's own link and TCP parser
 * (rp_link_parse); the replay closes a stream's connection at that point
 * of the capture (replay_close.c).  A stream whose end is not in the file
 * (or a capture read from stdin) stays open to the end of the replay.
 */
#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

#include "pcap-replay/replay_int.h"
#include "pcap-replay/rp_int.h"

/* FINs remembered per connection address pair (a pair reused by later
 * connections shows one per connection). */
#define RR_MAX_FINS 64

struct tuple {
	char client[RP_ADDR_TEXT], server[RP_ADDR_TEXT];
	uint64_t fins[RR_MAX_FINS];
	unsigned n_fins;
	uint64_t last_frame;
	bool last_rst;
};

struct ends {
	const struct rp_options *o;
	struct tuple *t;
	size_t n, cap;
	struct rr_map by_key;
};

static bool our_port(const void *ctx, uint16_t port)
{
	const struct rp_options *o = ctx;

	if (port == RP_SMB_PORT)
		return true;
	for (unsigned i = 0; i < o->port_count; i++)
		if (o->ports[i] == port)
			return true;
	return false;
}

/* As the reader writes endpoints (streams.c). */
static void endpoint(uint8_t family, const uint8_t *a, uint16_t port, char *out)
{
	char ip[INET6_ADDRSTRLEN];

	if (!inet_ntop(family == 4 ? AF_INET : AF_INET6, a, ip, sizeof(ip)))
		snprintf(ip, sizeof(ip), "?");
	if (family == 4)
		snprintf(out, RP_ADDR_TEXT, "%s:%u", ip, port);
	else
		snprintf(out, RP_ADDR_TEXT, "[%s]:%u", ip, port);
}

/* FNV-1a over both endpoints. */
static uint64_t key_of(const char *client, const char *server)
{
	uint64_t h = 0xcbf29ce484222325ull;

	for (const char *s = client; *s; s++)
		h = (h ^ (uint8_t)*s) * 0x100000001b3ull;
	h = (h ^ '|') * 0x100000001b3ull;
	for (const char *s = server; *s; s++)
		h = (h ^ (uint8_t)*s) * 0x100000001b3ull;
	return h;
}

static struct tuple *find(struct ends *x, const char *client, const char *server, bool make)
{
	uint64_t k = key_of(client, server);
	const struct rr_map_val *v = rr_map_get(&x->by_key, k, 0);
	struct rr_map_val nv;
	struct tuple *t;

	/* Collisions are chained through the map's second word. */
	for (uint64_t salt = 0; v; v = rr_map_get(&x->by_key, k, ++salt)) {
		t = &x->t[v->a];
		if (strcmp(t->client, client) == 0 && strcmp(t->server, server) == 0)
			return t;
	}
	if (!make)
		return NULL;
	if (x->n == x->cap) {
		size_t ncap = x->cap ? x->cap * 2 : 64;
		struct tuple *nt;
		if (ncap > RR_MAP_MAX_ENTRIES)
			return NULL;
		nt = realloc(x->t, ncap * sizeof(*nt));
		if (!nt)
			return NULL;
		x->t = nt;
		x->cap = ncap;
	}
	uint64_t salt = 0;
	while (rr_map_get(&x->by_key, k, salt))
		salt++;
	nv = (struct rr_map_val){ x->n, 0, 0 };
	if (rr_map_put(&x->by_key, k, salt, &nv) != 0)
		return NULL;
	t = &x->t[x->n++];
	memset(t, 0, sizeof(*t));
	snprintf(t->client, sizeof(t->client), "%s", client);
	snprintf(t->server, sizeof(t->server), "%s", server);
	return t;
}

static int packet(struct ends *x, const struct rp_pkt *pk, uint64_t frame)
{
	char a[RP_ADDR_TEXT], b[RP_ADDR_TEXT];
	bool to_server = our_port(x->o, pk->dport);
	struct tuple *t;

	endpoint(pk->family, pk->src, pk->sport, a);
	endpoint(pk->family, pk->dst, pk->dport, b);
	t = to_server ? find(x, a, b, true) : find(x, b, a, true);
	if (!t)
		return -1;
	if ((pk->flags & RP_TCP_FIN) && t->n_fins < RR_MAX_FINS)
		t->fins[t->n_fins++] = frame;
	if (pk->len || (pk->flags & (RP_TCP_FIN | RP_TCP_RST))) {
		t->last_frame = frame;
		t->last_rst = (pk->flags & RP_TCP_RST) != 0;
	}
	return 0;
}

static uint64_t end_of(const struct ends *x, const struct rr_stream *s)
{
	struct tuple *t = find((struct ends *)x, s->info.client, s->info.server, false);

	if (!t)
		return UINT64_MAX;
	for (unsigned i = 0; i < t->n_fins; i++)
		if (t->fins[i] >= s->info.first_frame)
			return t->fins[i];
	/* A reset with nothing after it (socket_wrapper also writes resets
	 * into the middle of live connections: those have data after). */
	if (t->last_rst && t->last_frame >= s->info.first_frame)
		return t->last_frame;
	return UINT64_MAX;
}

int rr_plan_ends(struct rr_plan *p, const char *path, const struct rp_options *o, char *err,
                 size_t errlen)
{
	char ebuf[PCAP_ERRBUF_SIZE] = "", what[RP_WHAT_TEXT];
	struct ends x = { o, NULL, 0, 0, { NULL, 0, 0 } };
	struct pcap_pkthdr *ph;
	const u_char *data;
	struct rp_pkt pk;
	uint64_t frame = 0;
	pcap_t *pc;
	int dlt, rc = 0;

	for (size_t i = 0; i < p->n_streams; i++)
		p->streams[i].end_frame = UINT64_MAX;
	if (strcmp(path, "-") == 0)
		return 0;   /* stdin was read once already: ends unknown */
	pc = pcap_open_offline(path, ebuf);
	if (!pc) {
		snprintf(err, errlen, "%s: %s", path, ebuf);
		return -1;
	}
	dlt = pcap_datalink(pc);
	rr_map_init(&x.by_key);
	while (rc == 0 && pcap_next_ex(pc, &ph, &data) == 1) {
		frame++;
		if (rp_link_parse(dlt, data, ph->caplen, our_port, o, &pk, what, sizeof(what)) ==
		    RP_PKT_TCP)
			rc = packet(&x, &pk, frame);
	}
	pcap_close(pc);
	if (rc == 0)
		for (size_t i = 0; i < p->n_streams; i++)
			p->streams[i].end_frame = end_of(&x, &p->streams[i]);
	else
		snprintf(err, errlen, "%s: out of memory finding where streams end", path);
	free(x.t);
	rr_map_free(&x.by_key);
	return rc;
}
