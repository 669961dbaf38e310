/*
 * Bounded little-endian reader (struct rd) and growable writer (struct wr).
 *
 * Every byte that comes off the wire is read through struct rd.  Readers
 * return true on success and are warn_unused_result, so an ignored failure
 * does not build.  A failed read leaves the cursor where it was and the
 * output untouched.  Decoders turn a failed read into an NTSTATUS with
 * rd_fail(), which also records which field and offset were wrong so that
 * tools can say so.
 *
 * Offsets inside SMB2 bodies count from the start of the SMB2 header, so a
 * command decoder gets a cursor whose base is that header and whose length
 * ends where the message ends (the frame end, or NextCommand in a chain).
 *
 * struct wr appends to a heap buffer that never grows past its declared
 * maximum.  Errors are sticky: encoders write freely and check wr_ok() (or
 * return wr_status()) once at the end.
 */
#ifndef SMBSIM_WIRE_CURSOR_H
#define SMBSIM_WIRE_CURSOR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "wire/ntstatus.h"

#define WUR __attribute__((warn_unused_result))

/* A span of bytes inside a decoded message (zero copy: valid while the
 * input buffer is). */
struct smb2_blob {
	const uint8_t *p;
	uint32_t len;
};

struct rd {
	const uint8_t *base; /* offsets are relative to this */
	size_t len;          /* readable bytes from base */
	size_t pos;          /* next byte */
	const char *err_field; /* set by rd_fail(): the field that was wrong */
	size_t err_off;        /* and where */
};

static inline void rd_init(struct rd *c, const void *p, size_t len)
{
	c->base = p;
	c->len = len;
	c->pos = 0;
	c->err_field = NULL;
	c->err_off = 0;
}

static inline size_t rd_left(const struct rd *c)
{
	return c->len - c->pos;
}

static inline uint16_t le16(const uint8_t *p)
{
	return (uint16_t)(p[0] | (uint16_t)p[1] << 8);
}

static inline uint32_t le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

static inline uint64_t le64(const uint8_t *p)
{
	return (uint64_t)le32(p) | (uint64_t)le32(p + 4) << 32;
}

static inline void put_le16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

static inline void put_le32(uint8_t *p, uint32_t v)
{
	put_le16(p, (uint16_t)v);
	put_le16(p + 2, (uint16_t)(v >> 16));
}

static inline void put_le64(uint8_t *p, uint64_t v)
{
	put_le32(p, (uint32_t)v);
	put_le32(p + 4, (uint32_t)(v >> 32));
}

static inline uint16_t be16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static inline uint32_t be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 |
	       (uint32_t)p[3];
}

static WUR inline bool rd_u8(struct rd *c, uint8_t *v)
{
	if (rd_left(c) < 1)
		return false;
	*v = c->base[c->pos++];
	return true;
}

static WUR inline bool rd_u16(struct rd *c, uint16_t *v)
{
	if (rd_left(c) < 2)
		return false;
	*v = le16(c->base + c->pos);
	c->pos += 2;
	return true;
}

static WUR inline bool rd_u32(struct rd *c, uint32_t *v)
{
	if (rd_left(c) < 4)
		return false;
	*v = le32(c->base + c->pos);
	c->pos += 4;
	return true;
}

static WUR inline bool rd_u64(struct rd *c, uint64_t *v)
{
	if (rd_left(c) < 8)
		return false;
	*v = le64(c->base + c->pos);
	c->pos += 8;
	return true;
}

/* Copy n bytes out. */
static WUR inline bool rd_bytes(struct rd *c, void *dst, size_t n)
{
	if (rd_left(c) < n)
		return false;
	if (n)
		memcpy(dst, c->base + c->pos, n);
	c->pos += n;
	return true;
}

/* Point at n bytes without copying. */
static WUR inline bool rd_ptr(struct rd *c, size_t n, const uint8_t **p)
{
	if (rd_left(c) < n)
		return false;
	*p = c->base + c->pos;
	c->pos += n;
	return true;
}

static WUR inline bool rd_skip(struct rd *c, size_t n)
{
	if (rd_left(c) < n)
		return false;
	c->pos += n;
	return true;
}

/* Move to an absolute offset (relative to base); may equal len. */
static WUR inline bool rd_seek(struct rd *c, uint64_t off)
{
	if (off > c->len)
		return false;
	c->pos = (size_t)off;
	return true;
}

/* Skip to the next multiple of a (a power of two) counted from base. */
static WUR inline bool rd_align(struct rd *c, size_t a)
{
	size_t pad = (a - (c->pos & (a - 1))) & (a - 1);
	return rd_skip(c, pad);
}

/* A sub-cursor over [off, off+n) of c, with its own base at off. */
WUR bool rd_sub(const struct rd *c, uint64_t off, uint64_t n, struct rd *sub);

/*
 * Resolve an (offset, length) pair from a fixed part, as SMB2 uses them.
 * Checks, with 64-bit arithmetic: off + len <= c->len; off >= min_off (the
 * end of the fixed part, so the buffer cannot overlap it); off aligned to
 * `align` (1 for none).  A zero length yields an empty blob whatever the
 * offset (peers send 0 or any value then).  On failure records `field`.
 */
WUR NTSTATUS rd_buffer(struct rd *c, uint64_t off, uint64_t len, uint64_t min_off,
                       unsigned align, const char *field, struct smb2_blob *out);

/* Record a decode failure at the cursor's position; returns
 * STATUS_INVALID_PARAMETER so a decoder can `return rd_fail(c, "X.Y");`. */
NTSTATUS rd_fail(struct rd *c, const char *field);
/* As rd_fail, with the status of the caller's choice. */
NTSTATUS rd_fail_status(struct rd *c, const char *field, NTSTATUS st);

/* ---- writer ---------------------------------------------------------- */

struct wr {
	uint8_t *buf;
	size_t len;
	size_t cap;
	size_t max;       /* never grows past this */
	size_t msg;       /* start of the current SMB2 message; offsets count from here */
	bool err;         /* sticky: out of memory or past max */
};

/* Largest buffer any writer may hold, whatever its caller asks. */
#define WR_MAX_DEFAULT (16u * 1024 * 1024 + 4096)

void wr_init(struct wr *w, size_t max);
void wr_free(struct wr *w);
/* Forget the contents, keep the memory. */
void wr_reset(struct wr *w);

/* Make room for n more bytes; returns a pointer to them (or NULL and sets
 * err).  The bytes are zeroed. */
uint8_t *wr_grow(struct wr *w, size_t n);
/* Make room for n more bytes without writing them or counting them in
 * len: a pointer to the (uninitialised) room, or NULL and err set.  The
 * caller fills some of it (pread, a payload copy) and then adds what it
 * wrote to len; the pointer is valid until the next call that grows w.
 * Saves zeroing a megabyte that is about to be overwritten. */
uint8_t *wr_reserve(struct wr *w, size_t n);

void wr_u8(struct wr *w, uint8_t v);
void wr_u16(struct wr *w, uint16_t v);
void wr_u32(struct wr *w, uint32_t v);
void wr_u64(struct wr *w, uint64_t v);
void wr_bytes(struct wr *w, const void *p, size_t n);
void wr_zero(struct wr *w, size_t n);
/* Pad with zeros to a multiple of a (power of two) counted from w->msg. */
void wr_align(struct wr *w, size_t a);

/* Offset of the next byte, relative to the current message. */
static inline size_t wr_off(const struct wr *w)
{
	return w->len - w->msg;
}

/* Patch a value written earlier at absolute buffer position pos. */
void wr_put_u16_at(struct wr *w, size_t pos, uint16_t v);
void wr_put_u32_at(struct wr *w, size_t pos, uint32_t v);

static inline bool wr_ok(const struct wr *w)
{
	return !w->err;
}

/* STATUS_SUCCESS, or STATUS_INSUFFICIENT_RESOURCES after an overflow. */
static inline NTSTATUS wr_status(const struct wr *w)
{
	return w->err ? STATUS_INSUFFICIENT_RESOURCES : STATUS_SUCCESS;
}

#endif
