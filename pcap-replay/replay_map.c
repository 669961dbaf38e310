/*
 * The replay engine's hash map (replay_map.h): linear probing over a
 * power-of-two table kept at most half full.
 */
#include <stdlib.h>

#include "pcap-replay/replay_map.h"

#define RR_MAP_MIN_CAP 16

void rr_map_init(struct rr_map *m)
{
	m->slots = NULL;
	m->cap = 0;
	m->count = 0;
}

void rr_map_free(struct rr_map *m)
{
	free(m->slots);
	rr_map_init(m);
}

static size_t hash(uint64_t k1, uint64_t k2)
{
	/* splitmix64's finaliser over both words. */
	uint64_t z = k1 ^ (k2 * 0x9E3779B97F4A7C15ull);

	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
	return (size_t)(z ^ (z >> 31));
}

static struct rr_map_slot *find(const struct rr_map *m, uint64_t k1, uint64_t k2)
{
	size_t i;

	if (!m->cap)
		return NULL;
	for (i = hash(k1, k2) & (m->cap - 1);; i = (i + 1) & (m->cap - 1)) {
		struct rr_map_slot *s = &m->slots[i];
		if (!s->used || (s->k1 == k1 && s->k2 == k2))
			return s;
	}
}

static int grow(struct rr_map *m)
{
	size_t ncap = m->cap ? m->cap * 2 : RR_MAP_MIN_CAP;
	struct rr_map old = *m;

	m->slots = calloc(ncap, sizeof(*m->slots));
	if (!m->slots) {
		*m = old;
		return -1;
	}
	m->cap = ncap;
	m->count = 0;
	for (size_t i = 0; i < old.cap; i++) {
		if (!old.slots[i].used)
			continue;
		struct rr_map_slot *s = find(m, old.slots[i].k1, old.slots[i].k2);
		*s = old.slots[i];
		m->count++;
	}
	free(old.slots);
	return 0;
}

int rr_map_put(struct rr_map *m, uint64_t k1, uint64_t k2, const struct rr_map_val *v)
{
	struct rr_map_slot *s = find(m, k1, k2);

	if (s && s->used) {
		s->v = *v;
		return 0;
	}
	if (m->count >= RR_MAP_MAX_ENTRIES)
		return -1;
	if ((m->count + 1) * 2 > m->cap) {
		if (grow(m) != 0)
			return -1;
		s = find(m, k1, k2);
	}
	s->used = true;
	s->k1 = k1;
	s->k2 = k2;
	s->v = *v;
	m->count++;
	return 0;
}

const struct rr_map_val *rr_map_get(const struct rr_map *m, uint64_t k1, uint64_t k2)
{
	const struct rr_map_slot *s = find(m, k1, k2);

	return s && s->used ? &s->v : NULL;
}
