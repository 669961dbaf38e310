/*
 * The capture generator of bench/bench_replay.sh: a file-copy workload as
 * a client and a server would put it on the wire, written through
 * lib/util/pcap_writer.h (Ethernet, IPv4, TCP segments of 1460 bytes,
 * real sequence numbers and checksums) until the file holds at least the
 * size asked for.
 *
 * Eight connections take turns; each turn is one "file": a CREATE, four
 * 64 KiB WRITEs, four 64 KiB READs, a 4 KiB READ, a QUERY_INFO, an ECHO,
 * a CLOSE, every request answered; every fourth turn also a related
 * compound (CREATE + QUERY_INFO + CLOSE) and its answer.  Message ids
 * grow per connection, so a prefix of a big file is the small file made
 * with the same generator: bench_replay.sh times tshark on such a prefix.
 *
 * Usage: bench_replay OUT.pcap MIB
 * Prints "messages N" and "bytes N" (the file's size).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "util/pcap_writer.h"
#include "wire/close.h"
#include "wire/compound.h"
#include "wire/create.h"
#include "wire/echo.h"
#include "wire/hdr.h"
#include "wire/query_info.h"
#include "wire/read.h"
#include "wire/write.h"

#define STREAMS 8
#define IO_SIZE (64u * 1024)
#define SMALL_READ 4096u
/* Writes between two checks of the file's size. */
#define CHECK_EVERY 2

struct gen {
	struct pcap_writer *pw;
	struct wr w;
	uint8_t *data;          /* IO_SIZE bytes of file content */
	uint64_t mid[STREAMS];
	uint64_t messages;
	int err;
};

static void hdr(struct gen *g, unsigned s, uint16_t cmd, bool rsp, uint64_t mid, uint32_t flags)
{
	struct smb2_hdr h = {
		.command = cmd, .credit = 1, .credit_charge = cmd == SMB2_READ || cmd == SMB2_WRITE,
		.message_id = mid, .process_id = 0xFEFF, .tree_id = 1 + s,
		.session_id = UINT64_C(0x0000100000000001) + s,
		.flags = (rsp ? SMB2_FLAGS_SERVER_TO_REDIR : 0) | flags,
	};

	if (smb2_hdr_encode(&g->w, &h) != STATUS_SUCCESS)
		g->err = 1;
}

static void emit(struct gen *g, unsigned s, bool to_server)
{
	if (!wr_ok(&g->w) || pcap_writer_frame_on(g->pw, s, to_server, g->w.buf, g->w.len, NULL))
		g->err = 1;
	g->messages++;
	wr_reset(&g->w);
}

static struct smb2_fileid fid(unsigned s, uint64_t n)
{
	struct smb2_fileid id = { 0x100 + s, n };

	return id;
}

static void create_pair(struct gen *g, unsigned s, uint64_t mid, uint64_t n)
{
	static const uint8_t name[] = { 'd', 0, '\\', 0, 'f', 0, '.', 0, 'b', 0, 'i', 0, 'n', 0 };
	struct smb2_create_req q = { .impersonation_level = 2, .desired_access = 0x12019f,
	                             .share_access = 7, .create_disposition = 5,
	                             .create_options = 0x40, .name = { name, sizeof(name) } };
	struct smb2_create_rsp p = { .create_action = 2, .file_attributes = 0x20,
	                             .file_id = fid(s, n) };

	hdr(g, s, SMB2_CREATE, false, mid, 0);
	(void)smb2_create_req_encode(&g->w, &q);
	emit(g, s, true);
	hdr(g, s, SMB2_CREATE, true, mid, 0);
	(void)smb2_create_rsp_encode(&g->w, &p);
	emit(g, s, false);
}

static void write_pair(struct gen *g, unsigned s, uint64_t mid, uint64_t n, uint64_t off)
{
	struct smb2_write_req q = { .offset = off, .file_id = fid(s, n),
	                            .data = { g->data, IO_SIZE } };
	struct smb2_write_rsp p = { .count = IO_SIZE };

	hdr(g, s, SMB2_WRITE, false, mid, 0);
	(void)smb2_write_req_encode(&g->w, &q);
	emit(g, s, true);
	hdr(g, s, SMB2_WRITE, true, mid, 0);
	(void)smb2_write_rsp_encode(&g->w, &p);
	emit(g, s, false);
}

static void read_pair(struct gen *g, unsigned s, uint64_t mid, uint64_t n, uint64_t off,
                      uint32_t len)
{
	struct smb2_read_req q = { .length = len, .offset = off, .file_id = fid(s, n) };
	struct smb2_read_rsp p = { .data = { g->data, len } };

	hdr(g, s, SMB2_READ, false, mid, 0);
	(void)smb2_read_req_encode(&g->w, &q);
	emit(g, s, true);
	hdr(g, s, SMB2_READ, true, mid, 0);
	(void)smb2_read_rsp_encode(&g->w, &p);
	emit(g, s, false);
}

static void info_pair(struct gen *g, unsigned s, uint64_t mid, uint64_t n)
{
	struct smb2_query_info_req q = { .info_type = 1, .file_info_class = 18,
	                                 .output_buffer_length = 4096, .file_id = fid(s, n) };
	struct smb2_query_info_rsp p = { .buffer = { g->data, 104 } };

	hdr(g, s, SMB2_QUERY_INFO, false, mid, 0);
	(void)smb2_query_info_req_encode(&g->w, &q);
	emit(g, s, true);
	hdr(g, s, SMB2_QUERY_INFO, true, mid, 0);
	(void)smb2_query_info_rsp_encode(&g->w, &p);
	emit(g, s, false);
}

static void small_pairs(struct gen *g, unsigned s, uint64_t mid, uint64_t n)
{
	struct smb2_echo_req eq = { 0 };
	struct smb2_echo_rsp ep = { 0 };
	struct smb2_close_req cq = { .file_id = fid(s, n) };
	struct smb2_close_rsp cp = { .end_of_file = 4 * IO_SIZE };

	hdr(g, s, SMB2_ECHO, false, mid, 0);
	(void)smb2_echo_req_encode(&g->w, &eq);
	emit(g, s, true);
	hdr(g, s, SMB2_ECHO, true, mid, 0);
	(void)smb2_echo_rsp_encode(&g->w, &ep);
	emit(g, s, false);
	hdr(g, s, SMB2_CLOSE, false, mid + 1, 0);
	(void)smb2_close_req_encode(&g->w, &cq);
	emit(g, s, true);
	hdr(g, s, SMB2_CLOSE, true, mid + 1, 0);
	(void)smb2_close_rsp_encode(&g->w, &cp);
	emit(g, s, false);
}

/* CREATE + QUERY_INFO + CLOSE, related, and the three answers. */
static void compound_pair(struct gen *g, unsigned s, uint64_t mid, uint64_t n)
{
	static const uint8_t name[] = { 'd', 0 };
	struct smb2_create_req cq = { .impersonation_level = 2, .desired_access = 0x80,
	                              .share_access = 7, .create_disposition = 1,
	                              .name = { name, sizeof(name) } };
	struct smb2_query_info_req iq = { .info_type = 1, .file_info_class = 5,
	                                  .output_buffer_length = 24,
	                                  .file_id = { SMB2_FILEID_ANY, SMB2_FILEID_ANY } };
	struct smb2_close_req clq = { .file_id = { SMB2_FILEID_ANY, SMB2_FILEID_ANY } };
	struct smb2_create_rsp cp = { .create_action = 1, .file_attributes = 0x10,
	                              .file_id = fid(s, n) };
	struct smb2_query_info_rsp ip = { .buffer = { g->data, 24 } };
	struct smb2_close_rsp clp = { 0 };
	struct smb2_compound_builder b;
	int rsp;

	for (rsp = 0; rsp < 2; rsp++) {
		smb2_compound_begin(&b, &g->w);
		(void)smb2_compound_add(&b);
		hdr(g, s, SMB2_CREATE, rsp, mid, 0);
		if (rsp)
			(void)smb2_create_rsp_encode(&g->w, &cp);
		else
			(void)smb2_create_req_encode(&g->w, &cq);
		(void)smb2_compound_add(&b);
		hdr(g, s, SMB2_QUERY_INFO, rsp, mid + 1, SMB2_FLAGS_RELATED_OPERATIONS);
		if (rsp)
			(void)smb2_query_info_rsp_encode(&g->w, &ip);
		else
			(void)smb2_query_info_req_encode(&g->w, &iq);
		(void)smb2_compound_add(&b);
		hdr(g, s, SMB2_CLOSE, rsp, mid + 2, SMB2_FLAGS_RELATED_OPERATIONS);
		if (rsp)
			(void)smb2_close_rsp_encode(&g->w, &clp);
		else
			(void)smb2_close_req_encode(&g->w, &clq);
		(void)smb2_compound_end(&b);
		g->messages += 2; /* emit() counts one of the three */
		emit(g, s, !rsp);
	}
}

static void turn(struct gen *g, unsigned s, uint64_t n)
{
	uint64_t *mid = &g->mid[s];
	unsigned i;

	create_pair(g, s, (*mid)++, n);
	for (i = 0; i < 4; i++)
		write_pair(g, s, (*mid)++, n, (uint64_t)i * IO_SIZE);
	for (i = 0; i < 4; i++)
		read_pair(g, s, (*mid)++, n, (uint64_t)i * IO_SIZE, IO_SIZE);
	read_pair(g, s, (*mid)++, n, 0, SMALL_READ);
	info_pair(g, s, (*mid)++, n);
	small_pairs(g, s, *mid, n);
	*mid += 2;
	if (n % 4 == 0) {
		compound_pair(g, s, *mid, n);
		*mid += 3;
	}
}

int main(int argc, char **argv)
{
	struct gen g;
	struct stat sb;
	unsigned long long want;
	uint64_t n = 0;
	unsigned s, k;

	if (argc != 3 || (want = strtoull(argv[2], NULL, 10)) == 0) {
		fprintf(stderr, "usage: bench_replay OUT.pcap MIB\n");
		return 2;
	}
	memset(&g, 0, sizeof(g));
	g.pw = pcap_writer_open(argv[1]);
	g.data = malloc(IO_SIZE);
	if (!g.pw || !g.data) {
		perror(argv[1]);
		return 1;
	}
	for (k = 0; k < IO_SIZE; k++)
		g.data[k] = (uint8_t)(k * 131 + (k >> 9));
	for (s = 1; s < STREAMS; s++)
		if (pcap_writer_stream(g.pw) < 0)
			g.err = 1;
	wr_init(&g.w, 0);
	want <<= 20;
	for (;;) {
		for (k = 0; k < CHECK_EVERY && !g.err; k++, n++)
			turn(&g, (unsigned)(n % STREAMS), n / STREAMS);
		if (g.err || (stat(argv[1], &sb) == 0 && (unsigned long long)sb.st_size >= want))
			break;
	}
	wr_free(&g.w);
	free(g.data);
	if (pcap_writer_close(g.pw) || g.err) {
		fprintf(stderr, "bench_replay: writing %s failed\n", argv[1]);
		return 1;
	}
	if (stat(argv[1], &sb) != 0) {
		perror(argv[1]);
		return 1;
	}
	printf("messages %llu\nbytes %llu\n", (unsigned long long)g.messages,
	       (unsigned long long)sb.st_size);
	return 0;
}
