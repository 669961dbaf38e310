/*
 * The capture of one test: every frame of its connections (as they pass
 * the fault filter, so encrypted frames stay encrypted), kept in memory and
 * written as a pcap (lib/util/pcap_writer.h, one TCP stream per
 * connection) only when the test fails, with the session keys beside it so
 * that Wireshark or smbsim-replay can decrypt and check signatures.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "torture/runner.h"
#include "util/pcap_writer.h"

struct cap_frame {
	struct cap_frame *next;
	unsigned stream;
	bool to_server;
	size_t len;
	uint8_t data[];
};

struct torture_capture {
	struct cap_frame *head, *tail;
	size_t bytes;
	unsigned nstreams;
};

struct torture_capture *torture_capture_new(void)
{
	return calloc(1, sizeof(struct torture_capture));
}

unsigned torture_capture_stream(struct torture_capture *c)
{
	return c->nstreams++;
}

void torture_capture_frame(struct torture_capture *c, unsigned stream, bool to_server,
                           const struct iovec *iov, int iovcnt)
{
	size_t len = 0, keep, off = 0;
	struct cap_frame *f;

	if (!c)
		return;
	for (int i = 0; i < iovcnt; i++)
		len += iov[i].iov_len;
	/* Past the budget, frames are cut (the header and some body stay). */
	keep = c->bytes + len > TORTURE_CAPTURE_MAX && len > TORTURE_CAPTURE_SNAP
	               ? TORTURE_CAPTURE_SNAP
	               : len;
	f = malloc(sizeof(*f) + keep);
	if (!f)
		return;
	f->next = NULL;
	f->stream = stream;
	f->to_server = to_server;
	f->len = keep;
	for (int i = 0; i < iovcnt && off < keep; i++) {
		size_t n = iov[i].iov_len < keep - off ? iov[i].iov_len : keep - off;

		memcpy(f->data + off, iov[i].iov_base, n);
		off += n;
	}
	if (c->tail)
		c->tail->next = f;
	else
		c->head = f;
	c->tail = f;
	c->bytes += keep;
}

static void hex(FILE *f, const uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		fprintf(f, "%02x", p[i]);
}

/* One line per session: SESSIONID SESSIONKEY (hex; the session id as
 * Wireshark's smb2_seskey_list shows it, little-endian bytes). */
static int write_keys(const char *path, struct cli_conn *const *conns, unsigned nconns)
{
	FILE *f = NULL;
	int rc = 0;

	for (unsigned i = 0; i < nconns; i++) {
		if (!conns[i])
			continue;
		for (struct cli_session *s = conns[i]->sessions; s; s = s->next) {
			uint8_t id[8];

			if (!s->have_keys)
				continue;
			if (!f && !(f = fopen(path, "w")))
				return -1;
			for (int b = 0; b < 8; b++)
				id[b] = (uint8_t)(s->id >> (8 * b));
			hex(f, id, sizeof(id));
			fputc(' ', f);
			hex(f, s->session_key, sizeof(s->session_key));
			fputc('\n', f);
		}
	}
	if (f && fclose(f) != 0)
		rc = -1;
	return rc;
}

int torture_capture_write(struct torture_capture *c, const char *path,
                          struct cli_conn *const *conns, unsigned nconns)
{
	struct pcap_writer *pw = pcap_writer_open(path);
	char kpath[4096];
	size_t n;
	int rc = 0;

	if (!pw)
		return -1;
	for (unsigned i = 1; i < c->nstreams && i < PCAP_WRITER_MAX_STREAMS; i++)
		if (pcap_writer_stream(pw) < 0)
			rc = -1;
	for (struct cap_frame *f = c->head; f && rc == 0; f = f->next)
		if (f->stream < PCAP_WRITER_MAX_STREAMS &&
		    pcap_writer_frame_on(pw, f->stream, f->to_server, f->data, f->len, NULL))
			rc = -1;
	if (pcap_writer_close(pw))
		rc = -1;
	n = strlen(path);
	if (n > 5 && strcmp(path + n - 5, ".pcap") == 0 && n < sizeof(kpath)) {
		snprintf(kpath, sizeof(kpath), "%.*s.keys", (int)(n - 5), path);
		if (write_keys(kpath, conns, nconns))
			rc = -1;
	}
	return rc;
}

void torture_capture_free(struct torture_capture *c)
{
	if (!c)
		return;
	while (c->head) {
		struct cap_frame *f = c->head;

		c->head = f->next;
		free(f);
	}
	free(c);
}
