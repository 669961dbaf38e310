/*
 * A small open-addressing hash map for the replay engine's id maps: keys
 * are two 64-bit words (a MessageId and 0, a FileId's two halves, the two
 * halves of a lease key), values a pair of words and flags.  Entries are
 * never removed; a new value for a key replaces the old one.  Growth is
 * bounded by RR_MAP_MAX_ENTRIES.
 */
#ifndef SMBSIM_REPLAY_MAP_H
#define SMBSIM_REPLAY_MAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Entries one map holds at most (a capture with more distinct ids of one
 * kind is refused by the caller with a message). */
#define RR_MAP_MAX_ENTRIES (16u * 1024 * 1024)

struct rr_map_val {
	uint64_t a, b;
	uint32_t flags;
};

struct rr_map_slot {
	uint64_t k1, k2;
	struct rr_map_val v;
	bool used;
};

struct rr_map {
	struct rr_map_slot *slots;
	size_t cap;                   /* a power of two, or 0 */
	size_t count;
};

void rr_map_init(struct rr_map *m);
void rr_map_free(struct rr_map *m);
/* 0, or -1 when memory or RR_MAP_MAX_ENTRIES ran out (nothing changed). */
int rr_map_put(struct rr_map *m, uint64_t k1, uint64_t k2, const struct rr_map_val *v);
/* The value stored for the key, or NULL; valid until the next put. */
const struct rr_map_val *rr_map_get(const struct rr_map *m, uint64_t k1, uint64_t k2);

/* The 16 bytes of a GUID or lease key as two words (little-endian). */
static inline uint64_t rr_key_word(const uint8_t *k8)
{
	uint64_t v = 0;

	for (int i = 7; i >= 0; i--)
		v = v << 8 | k8[i];
	return v;
}

static inline uint64_t rr_key_lo(const uint8_t k[16])
{
	return rr_key_word(k);
}

static inline uint64_t rr_key_hi(const uint8_t k[16])
{
	return rr_key_word(k + 8);
}

#endif
