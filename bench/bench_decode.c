/*
 * Decode rate of a mixed SMB2 message stream.
 *
 * The stream is every plain (unencrypted) message smbclient and smbd
 * exchanged in the committed Samba captures (tests/fixtures/samba/<run>/,
 * all dialects, plain and signed), each framed as one NetBIOS session
 * message, repeated until it is at least 64 MiB.  The loop is what a
 * receiver does: split NBSS frames, walk the compound chain, decode each
 * message through smb2_msg_decode().  It prints messages/s and MB/s.
 *
 * With a second argument it also writes the messages (20 copies) as a pcap,
 * so that bench_decode.sh can time tshark dissecting the same messages.
 *
 * Usage: bench_decode SRCDIR [OUT.pcap]
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "util/pcap_writer.h"
#include "wire/compound.h"
#include "wire/msg.h"
#include "wire/nbss.h"

#define STREAM_MIN (64u * 1024 * 1024)
#define PCAP_COPIES 20

struct item {
	uint8_t *buf;
	size_t len;
	int to_server;
};

static struct item *items;
static size_t nitems, capitems;

static int cmp_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void load_dir(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char **names = NULL;
	size_t n = 0, cap = 0;

	if (!d)
		return;
	while ((e = readdir(d))) {
		size_t l = strlen(e->d_name);
		if (l < 5 || strcmp(e->d_name + l - 4, ".bin") != 0)
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 64;
			names = realloc(names, cap * sizeof(*names));
		}
		names[n++] = strdup(e->d_name);
	}
	closedir(d);
	qsort(names, n, sizeof(*names), cmp_name);
	for (size_t i = 0; i < n; i++) {
		char path[8192];
		FILE *f;
		long sz;

		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		f = fopen(path, "rb");
		if (f && fseek(f, 0, SEEK_END) == 0 && (sz = ftell(f)) > 0 &&
		    fseek(f, 0, SEEK_SET) == 0) {
			if (nitems == capitems) {
				capitems = capitems ? capitems * 2 : 256;
				items = realloc(items, capitems * sizeof(*items));
			}
			struct item *it = &items[nitems];
			it->buf = malloc((size_t)sz);
			it->len = fread(it->buf, 1, (size_t)sz, f);
			it->to_server = strstr(names[i], "-c2s-") != NULL;
			nitems++;
		}
		if (f)
			fclose(f);
		free(names[i]);
	}
	free(names);
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* One pass over the stream; returns messages decoded, or 0 on an error. */
static size_t decode_stream(const uint8_t *s, size_t len, size_t *bad)
{
	static struct smb2_msg m;
	size_t pos = 0, msgs = 0;

	while (pos < len) {
		struct smb2_nbss_result r;
		if (smb2_nbss_decode(s + pos, len - pos, SMB2_MAX_PDU, &r) != SMB2_NBSS_FRAME)
			return 0;
		struct smb2_compound_iter it;
		struct rd c;
		smb2_compound_init(&it, r.payload.p, r.payload.len);
		while (smb2_compound_next(&it, &c)) {
			if (smb2_msg_decode(&c, &m) != STATUS_SUCCESS)
				(*bad)++;
			msgs++;
		}
		pos += r.frame_len;
	}
	return msgs;
}

int main(int argc, char **argv)
{
	const char *src = argc > 1 ? argv[1] : ".";
	const char *runs[] = { "SMB2_02", "SMB2_02-sign", "SMB2_10", "SMB2_10-sign",
	                       "SMB3_00", "SMB3_00-sign", "SMB3_02", "SMB3_02-sign",
	                       "SMB3_11", "SMB3_11-sign" };
	char dir[4096];
	struct wr w;
	size_t one_pass, bad = 0, msgs_per_pass;

	for (size_t i = 0; i < sizeof(runs) / sizeof(runs[0]); i++) {
		snprintf(dir, sizeof(dir), "%s/tests/fixtures/samba/%s", src, runs[i]);
		load_dir(dir);
	}
	if (nitems == 0) {
		fprintf(stderr, "bench_decode: no fixtures under %s/tests/fixtures/samba\n", src);
		return 1;
	}
	if (argc > 2) {
		struct pcap_writer *pw = pcap_writer_open(argv[2]);
		if (!pw) {
			perror(argv[2]);
			return 1;
		}
		/* Several copies, so tshark's start-up cost is a small part. */
		for (int copy = 0; copy < PCAP_COPIES; copy++)
			for (size_t i = 0; i < nitems; i++)
				pcap_writer_frame(pw, items[i].to_server, items[i].buf,
				                  items[i].len, NULL);
		if (pcap_writer_close(pw) != 0) {
			fprintf(stderr, "bench_decode: writing %s failed\n", argv[2]);
			return 1;
		}
	}
	wr_init(&w, 0);
	for (size_t i = 0; i < nitems; i++) {
		size_t h = smb2_nbss_begin(&w);
		wr_bytes(&w, items[i].buf, items[i].len);
		smb2_nbss_finish(&w, h);
	}
	if (!wr_ok(&w)) {
		fprintf(stderr, "bench_decode: could not frame the messages\n");
		return 1;
	}
	one_pass = w.len;
	size_t copies = (STREAM_MIN + one_pass - 1) / one_pass;
	size_t stream_len = copies * one_pass;
	uint8_t *stream = malloc(stream_len);
	if (!stream) {
		fprintf(stderr, "bench_decode: out of memory\n");
		return 1;
	}
	for (size_t i = 0; i < copies; i++)
		memcpy(stream + i * one_pass, w.buf, one_pass);
	msgs_per_pass = decode_stream(stream, one_pass, &bad);
	if (msgs_per_pass == 0 || bad) {
		fprintf(stderr, "bench_decode: stream does not decode (%zu bad)\n", bad);
		return 1;
	}
	/* Warm up once, then time passes over the whole stream for >= 1 s. */
	size_t total_msgs = 0, total_bytes = 0;
	(void)decode_stream(stream, stream_len, &bad);
	double t0 = now(), t1;
	do {
		total_msgs += decode_stream(stream, stream_len, &bad);
		total_bytes += stream_len;
		t1 = now();
	} while (t1 - t0 < 1.0);
	double secs = t1 - t0;
	printf("messages_per_pass %zu\n", msgs_per_pass);
	printf("stream_bytes %zu\n", stream_len);
	printf("smbsim_msgs_per_s %.0f\n", (double)total_msgs / secs);
	printf("smbsim_mb_per_s %.1f\n", (double)total_bytes / secs / 1e6);
	for (size_t i = 0; i < nitems; i++)
		free(items[i].buf);
	free(items);
	free(stream);
	wr_free(&w);
	return bad ? 1 : 0;
}
