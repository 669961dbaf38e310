/*
 * The stream table: TCP connections to or from an SMB port, found by
 * their address pair in a hash table, kept in least-recently-active order
 * so that at most RP_MAX_STREAMS are held at once, and finished (flushed,
 * reported, freed) when both sides have closed with FIN, RP_RST_LINGER
 * packets after a reset when nothing came since, when a new SYN reuses
 * the addresses, when dropped at the limit, or at the end of the capture.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pcap-replay/rp_int.h"

/* Stages of a stream's final flush (struct rp_stream.fin_stage). */
enum { FIN_HOLES = 0, FIN_DONE = 1 };

static uint64_t mix(uint64_t h, const uint8_t *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		h = (h ^ p[i]) * UINT64_C(0x100000001b3);
	return h;
}

/* Symmetric in the two endpoints, so both directions find the stream. */
static size_t hash_pair(const struct rp_capture *cap, uint8_t family, const uint8_t *a,
                        uint16_t pa, const uint8_t *b, uint16_t pb)
{
	size_t n = family == 4 ? 4 : 16;
	uint64_t ha = mix(UINT64_C(0xcbf29ce484222325), a, n);
	uint64_t hb = mix(UINT64_C(0xcbf29ce484222325), b, n);

	ha = mix(ha, (const uint8_t *)&pa, sizeof(pa));
	hb = mix(hb, (const uint8_t *)&pb, sizeof(pb));
	return (size_t)((ha ^ hb) % cap->hsize);
}

int rp_streams_init(struct rp_capture *cap)
{
	cap->hsize = 2 * RP_MAX_STREAMS + 1;
	cap->htab = calloc(cap->hsize, sizeof(*cap->htab));
	return cap->htab ? 0 : -1;
}

static void lru_unlink(struct rp_capture *cap, struct rp_stream *s)
{
	if (s->lru_prev)
		s->lru_prev->lru_next = s->lru_next;
	else
		cap->lru_head = s->lru_next;
	if (s->lru_next)
		s->lru_next->lru_prev = s->lru_prev;
	else
		cap->lru_tail = s->lru_prev;
	s->lru_prev = s->lru_next = NULL;
}

static void lru_front(struct rp_capture *cap, struct rp_stream *s)
{
	s->lru_prev = NULL;
	s->lru_next = cap->lru_head;
	if (cap->lru_head)
		cap->lru_head->lru_prev = s;
	cap->lru_head = s;
	if (!cap->lru_tail)
		cap->lru_tail = s;
}

static void unhash(struct rp_capture *cap, struct rp_stream *s)
{
	size_t b = hash_pair(cap, s->family, s->caddr, s->cport, s->saddr, s->sport);
	struct rp_stream **pp = &cap->htab[b];

	while (*pp && *pp != s)
		pp = &(*pp)->hnext;
	if (*pp) {
		*pp = s->hnext;
		cap->nstreams--;
		lru_unlink(cap, s);
	}
	s->hnext = NULL;
}

static void stream_free(struct rp_stream *s)
{
	rp_reasm_free(&s->h[0]);
	rp_reasm_free(&s->h[1]);
	rp_half_free(&s->h[0]);
	rp_half_free(&s->h[1]);
	rp_conn_free(&s->conn);
	free(s);
}

void rp_stream_close_later(struct rp_capture *cap, struct rp_stream *s)
{
	if (s->closing)
		return;
	unhash(cap, s);
	s->closing = true;
	s->close_next = NULL;
	if (cap->closing_tail)
		cap->closing_tail->close_next = s;
	else
		cap->closing = s;
	cap->closing_tail = s;
}

static void endpoint_text(uint8_t family, const uint8_t *a, uint16_t port, char *out)
{
	char ip[INET6_ADDRSTRLEN];

	if (!inet_ntop(family == 4 ? AF_INET : AF_INET6, a, ip, sizeof(ip)))
		snprintf(ip, sizeof(ip), "?");
	if (family == 4)
		snprintf(out, RP_ADDR_TEXT, "%s:%u", ip, port);
	else
		snprintf(out, RP_ADDR_TEXT, "[%s]:%u", ip, port);
}

static bool is_smb_port(const struct rp_capture *cap, uint16_t port)
{
	unsigned i;

	for (i = 0; i < cap->nports; i++)
		if (cap->ports[i] == port)
			return true;
	return false;
}

static struct rp_stream *stream_new(struct rp_capture *cap, const struct rp_pkt *pk,
                                    bool src_is_client)
{
	struct rp_stream *s;
	size_t b, alen = pk->family == 4 ? 4 : 16;

	if (cap->nstreams >= RP_MAX_STREAMS && cap->lru_tail) {
		struct rp_stream *old = cap->lru_tail;

		rp_damage_add(cap, RP_DMG_LIMIT, cap->frame, old, RP_DIR_C2S, old->h[0].off,
		              "stream %u (%s -> %s) dropped: more than %d streams at once "
		              "(RP_MAX_STREAMS)",
		              old->info.index, old->info.client, old->info.server, RP_MAX_STREAMS);
		rp_stream_close_later(cap, old);
	}
	s = calloc(1, sizeof(*s));
	if (!s) {
		rp_damage_add(cap, RP_DMG_LIMIT, cap->frame, NULL, RP_DIR_C2S, 0,
		              "out of memory for a new stream: packet ignored");
		return NULL;
	}
	s->family = pk->family;
	memcpy(s->caddr, src_is_client ? pk->src : pk->dst, alen);
	memcpy(s->saddr, src_is_client ? pk->dst : pk->src, alen);
	s->cport = src_is_client ? pk->sport : pk->dport;
	s->sport = src_is_client ? pk->dport : pk->sport;
	s->info.index = cap->next_index++;
	s->info.first_frame = cap->frame;
	s->info.saw_syn = (pk->flags & RP_TCP_SYN) != 0;
	endpoint_text(s->family, s->caddr, s->cport, s->info.client);
	endpoint_text(s->family, s->saddr, s->sport, s->info.server);
	rp_conn_init(&s->conn);
	b = hash_pair(cap, s->family, s->caddr, s->cport, s->saddr, s->sport);
	s->hnext = cap->htab[b];
	cap->htab[b] = s;
	cap->nstreams++;
	cap->st.streams++;
	lru_front(cap, s);
	return s;
}

static bool same(const struct rp_stream *s, const struct rp_pkt *pk, enum rp_dir *dir)
{
	size_t n = pk->family == 4 ? 4 : 16;

	if (s->family != pk->family)
		return false;
	if (s->cport == pk->sport && s->sport == pk->dport && !memcmp(s->caddr, pk->src, n) &&
	    !memcmp(s->saddr, pk->dst, n)) {
		*dir = RP_DIR_C2S;
		return true;
	}
	if (s->sport == pk->sport && s->cport == pk->dport && !memcmp(s->saddr, pk->src, n) &&
	    !memcmp(s->caddr, pk->dst, n)) {
		*dir = RP_DIR_S2C;
		return true;
	}
	return false;
}

struct rp_stream *rp_stream_for(struct rp_capture *cap, const struct rp_pkt *pk,
                                enum rp_dir *dir)
{
	size_t b = hash_pair(cap, pk->family, pk->src, pk->sport, pk->dst, pk->dport);
	bool syn = (pk->flags & (RP_TCP_SYN | RP_TCP_ACK)) == RP_TCP_SYN;
	struct rp_stream *s;

	for (s = cap->htab[b]; s; s = s->hnext)
		if (same(s, pk, dir))
			break;
	if (s && syn && *dir == RP_DIR_C2S &&
	    (s->h[RP_DIR_C2S].off > 0 || s->h[RP_DIR_S2C].off > 0 ||
	     (s->h[RP_DIR_C2S].have_seq && s->h[RP_DIR_C2S].next_seq != pk->seq + 1))) {
		/* A new connection on the same addresses and ports. */
		rp_stream_close_later(cap, s);
		s = NULL;
	}
	if (!s) {
		bool src_is_client;

		if (!(pk->flags & RP_TCP_SYN) && pk->len + (uint64_t)pk->missing == 0)
			return NULL; /* an ACK, FIN or RST of a stream we do not know */
		if (pk->flags & RP_TCP_SYN)
			src_is_client = !(pk->flags & RP_TCP_ACK);
		else
			src_is_client = is_smb_port(cap, pk->dport) || !is_smb_port(cap, pk->sport);
		s = stream_new(cap, pk, src_is_client);
		if (!s)
			return NULL;
		*dir = src_is_client ? RP_DIR_C2S : RP_DIR_S2C;
	} else if (cap->lru_head != s) {
		lru_unlink(cap, s);
		lru_front(cap, s);
	}
	s->last_active = cap->frame;
	return s;
}

void rp_streams_reap(struct rp_capture *cap)
{
	struct rp_stream *s = cap->lru_tail;

	if (s && s->rst && cap->frame - s->last_active > RP_RST_LINGER)
		rp_stream_close_later(cap, s);
}

bool rp_streams_finish_one(struct rp_capture *cap)
{
	struct rp_stream *s = cap->closing;
	int d;

	if (!s)
		return false;
	if (s->fin_stage == FIN_HOLES) {
		for (d = 0; d < 2; d++) {
			if (rp_reasm_skip_hole(cap, s, (enum rp_dir)d,
			                       s->rst ? "the stream was reset"
			                              : "the stream ended with segments missing"))
				return true; /* the work queue drains what followed the hole */
		}
		s->fin_stage = FIN_DONE;
	}
	rp_half_finish(cap, s, RP_DIR_C2S);
	rp_half_finish(cap, s, RP_DIR_S2C);
	cap->closing = s->close_next;
	if (!cap->closing)
		cap->closing_tail = NULL;
	stream_free(s);
	return true;
}

static int by_index(const void *a, const void *b)
{
	const struct rp_stream *x = *(const struct rp_stream *const *)a;
	const struct rp_stream *y = *(const struct rp_stream *const *)b;

	return x->info.index < y->info.index ? -1 : x->info.index > y->info.index;
}

void rp_streams_close_all(struct rp_capture *cap)
{
	struct rp_stream **all, *s;
	size_t n = 0, i;

	if (!cap->nstreams)
		return;
	all = malloc(cap->nstreams * sizeof(*all));
	if (!all) {
		/* No room to sort: close them in activity order. */
		while (cap->lru_tail)
			rp_stream_close_later(cap, cap->lru_tail);
		return;
	}
	for (s = cap->lru_head; s; s = s->lru_next)
		all[n++] = s;
	qsort(all, n, sizeof(*all), by_index);
	for (i = 0; i < n; i++)
		rp_stream_close_later(cap, all[i]);
	free(all);
}

void rp_streams_free(struct rp_capture *cap)
{
	struct rp_stream *s, *next;

	while (cap->lru_head) {
		s = cap->lru_head;
		unhash(cap, s);
		stream_free(s);
	}
	for (s = cap->closing; s; s = next) {
		next = s->close_next;
		stream_free(s);
	}
	cap->closing = cap->closing_tail = NULL;
	free(cap->htab);
	cap->htab = NULL;
}
