/*
 * The bytes libpcap reads, counted: a stdio stream (fopencookie) over the
 * capture's FILE, so that rp_source_offset() is the file offset of the
 * record libpcap reads next, for damage reports, at no cost per record.
 * Plain ftell() on the file would cost an lseek() per record, and
 * libpcap's stdio reads would be 4 KiB each; here the stream reads
 * RP_READ_CHUNK at a time and answers "where am I" from its count.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

#include "pcap-replay/rp_int.h"

/* The stream's buffer: bytes read from the underlying file at a time. */
#define RP_READ_CHUNK (256u * 1024)

struct rp_source {
	FILE *f;            /* the capture file */
	FILE *s;            /* the stream libpcap reads */
	uint64_t off;       /* bytes read from f so far */
	char *buf;          /* s's buffer (glibc ignores a size without one) */
};

static ssize_t src_read(void *cookie, char *out, size_t n)
{
	struct rp_source *s = cookie;
	size_t k = fread(out, 1, n, s->f);

	if (k == 0 && ferror(s->f))
		return -1;
	s->off += k;
	return (ssize_t)k;
}

/* Only "where am I" is answered: stdio's ftell() asks it with SEEK_CUR
 * and 0, and subtracts what it holds unread. */
static int src_seek(void *cookie, off64_t *pos, int whence)
{
	struct rp_source *s = cookie;

	if (whence != SEEK_CUR || *pos != 0)
		return -1;
	*pos = (off64_t)s->off;
	return 0;
}

static int src_close(void *cookie)
{
	struct rp_source *s = cookie;
	int rc = fclose(s->f);

	free(s->buf);
	free(s);
	return rc;
}

FILE *rp_source_open(FILE *under, struct rp_source **out)
{
	cookie_io_functions_t io = { .read = src_read, .seek = src_seek, .close = src_close };
	struct rp_source *s = calloc(1, sizeof(*s));

	if (s)
		s->buf = malloc(RP_READ_CHUNK);
	if (!s || !s->buf) {
		free(s);
		fclose(under);
		return NULL;
	}
	s->f = under;
	/* The stream below is read in RP_READ_CHUNK pieces: no second buffer. */
	setvbuf(under, NULL, _IONBF, 0);
	s->s = fopencookie(s, "rb", io);
	if (!s->s) {
		src_close(s);
		return NULL;
	}
	setvbuf(s->s, s->buf, _IOFBF, RP_READ_CHUNK);
	*out = s;
	return s->s;
}

uint64_t rp_source_offset(const struct rp_source *s)
{
	long at = ftell(s->s);

	return at < 0 ? s->off : (uint64_t)at;
}
