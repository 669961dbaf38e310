/*
 * The capture: libpcap underneath (pcap_fopen_offline over source.c's
 * counting stream, so a file, stdin or an fmemopen() buffer all work and
 * every record's file offset is known), and the loop behind
 * rp_capture_next().  Each call returns, in this order of preference:
 * a queued damage report; the next message of the frame being split; the
 * next frame of the direction that just received bytes; the next step of
 * a stream being finished; and otherwise it reads one more packet.  So
 * every event of a packet is returned before the next packet is read, and
 * the only bytes held are those of incomplete frames (capture.h).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "pcap-replay/rp_int.h"

void rp_damage_add(struct rp_capture *cap, enum rp_damage_kind kind, uint64_t frame,
                   const struct rp_stream *s, enum rp_dir dir, uint64_t offset,
                   const char *fmt, ...)
{
	struct rp_damage *d;
	va_list ap;

	cap->st.damage++;
	if (cap->dq_n == RP_DAMAGE_QUEUE) {
		cap->st.damage_dropped++;
		return;
	}
	d = &cap->dq[(cap->dq_head + cap->dq_n++) % RP_DAMAGE_QUEUE];
	d->kind = kind;
	d->frame = frame;
	d->has_stream = s != NULL;
	if (s)
		d->stream = s->info;
	else
		memset(&d->stream, 0, sizeof(d->stream));
	d->dir = dir;
	d->offset = offset;
	d->field = NULL;
	d->field_off = 0;
	va_start(ap, fmt);
	vsnprintf(d->what, sizeof(d->what), fmt, ap);
	va_end(ap);
}

void rp_work_add(struct rp_capture *cap, struct rp_stream *s, enum rp_dir dir)
{
	unsigned i;

	for (i = 0; i < cap->nwork; i++)
		if (cap->work[i].s == s && cap->work[i].dir == dir)
			return;
	/* A packet touches at most two directions, and the queue is empty
	 * whenever one is read. */
	if (cap->nwork < RP_WORK_MAX) {
		cap->work[cap->nwork].s = s;
		cap->work[cap->nwork].dir = dir;
		cap->nwork++;
	}
}

static bool port_is_ours(const void *ctx, uint16_t port)
{
	const struct rp_capture *cap = ctx;
	unsigned i;

	for (i = 0; i < cap->nports; i++)
		if (cap->ports[i] == port)
			return true;
	return false;
}

int rp_capture_open_stream(FILE *f, const char *name, const struct rp_options *o,
                           struct rp_capture **out, char *err, size_t errlen)
{
	char ebuf[PCAP_ERRBUF_SIZE] = "";
	struct rp_capture *cap;
	unsigned i;

	if (o && o->port_count > RP_MAX_EXTRA_PORTS) {
		snprintf(err, errlen, "%s: more than %d extra ports", name, RP_MAX_EXTRA_PORTS);
		fclose(f);
		return -1;
	}
	cap = calloc(1, sizeof(*cap));
	if (!cap) {
		snprintf(err, errlen, "%s: out of memory", name);
		fclose(f);
		return -1;
	}
	snprintf(cap->name, sizeof(cap->name), "%s", name);
	f = rp_source_open(f, &cap->src);
	if (!f) {
		snprintf(err, errlen, "%s: out of memory", name);
		free(cap);
		return -1;
	}
	cap->p = pcap_fopen_offline(f, ebuf);
	if (!cap->p) {
		snprintf(err, errlen,
		         "%s: frame 0, offset %llu: not a capture libpcap can read: %s", name,
		         (unsigned long long)rp_source_offset(cap->src), ebuf);
		fclose(f);
		free(cap);
		return -1;
	}
	cap->dlt = pcap_datalink(cap->p);
	if (!rp_link_supported(cap->dlt)) {
		snprintf(err, errlen, "%s: link type %d (%s) is not supported (Ethernet, Linux "
		         "cooked v1/v2, raw IP, BSD loopback are)", name, cap->dlt,
		         rp_link_name(cap->dlt));
		pcap_close(cap->p);
		free(cap);
		return -1;
	}
	cap->ports[cap->nports++] = RP_SMB_PORT;
	for (i = 0; o && i < o->port_count; i++)
		if (!port_is_ours(cap, o->ports[i]))
			cap->ports[cap->nports++] = o->ports[i];
	cap->keys = o ? o->keys : NULL;
	cap->ooo_max = o && o->ooo_max ? o->ooo_max : RP_OOO_MAX;
	if (rp_streams_init(cap) || rp_skeys_init(cap)) {
		snprintf(err, errlen, "%s: out of memory", name);
		rp_capture_close(cap);
		return -1;
	}
	*out = cap;
	return 0;
}

int rp_capture_open(const char *path, const struct rp_options *o, struct rp_capture **out,
                    char *err, size_t errlen)
{
	FILE *f;

	if (strcmp(path, "-") == 0) {
		int fd = dup(0);

		f = fd < 0 ? NULL : fdopen(fd, "rb");
		if (!f && fd >= 0) {
			int e = errno;

			close(fd);
			errno = e;
		}
	} else {
		f = fopen(path, "rb");
	}
	if (!f) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	return rp_capture_open_stream(f, path, o, out, err, errlen);
}

void rp_capture_close(struct rp_capture *cap)
{
	if (!cap)
		return;
	rp_streams_free(cap);
	rp_skeys_free(cap);
	free(cap->plain);
	if (cap->p)
		pcap_close(cap->p); /* closes the FILE, and so the source */
	free(cap);
}

/* One record from libpcap, down to its TCP segment and into its stream. */
static void read_packet(struct rp_capture *cap)
{
	struct pcap_pkthdr *ph;
	const u_char *data;
	uint64_t at = rp_source_offset(cap->src);
	char what[RP_WHAT_TEXT];
	struct rp_pkt pk;
	struct rp_stream *s;
	enum rp_dir dir;
	uint64_t ts;
	int rc = pcap_next_ex(cap->p, &ph, &data);

	if (rc == PCAP_ERROR_BREAK || rc == 0) {
		cap->eof = true;
		return;
	}
	if (rc < 0) {
		/* libpcap cannot go on after this (a cut or corrupt record). */
		rp_damage_add(cap, RP_DMG_CAPTURE, cap->frame + 1, NULL, RP_DIR_C2S, at,
		              "frame %llu at file offset %llu: %s",
		              (unsigned long long)(cap->frame + 1), (unsigned long long)at,
		              pcap_geterr(cap->p));
		cap->eof = true;
		return;
	}
	cap->frame++;
	cap->st.frames++;
	rp_streams_reap(cap);
	cap->st.bytes += ph->caplen;
	ts = (uint64_t)ph->ts.tv_sec * 1000000u + (uint64_t)ph->ts.tv_usec;
	switch (rp_link_parse(cap->dlt, data, ph->caplen, port_is_ours, cap, &pk, what,
	                      sizeof(what))) {
	case RP_PKT_BAD:
		rp_damage_add(cap, RP_DMG_PACKET, cap->frame, NULL, RP_DIR_C2S, at, "frame %llu: %s",
		              (unsigned long long)cap->frame, what);
		return;
	case RP_PKT_SKIP:
		return;
	case RP_PKT_TCP:
		break;
	}
	s = rp_stream_for(cap, &pk, &dir);
	if (s)
		rp_reasm_segment(cap, s, dir, &pk, ts);
}

enum rp_next_result rp_capture_next(struct rp_capture *cap, struct rp_event *ev)
{
	for (;;) {
		if (cap->dq_n) {
			cap->dout = cap->dq[cap->dq_head];
			cap->dq_head = (cap->dq_head + 1) % RP_DAMAGE_QUEUE;
			cap->dq_n--;
			ev->kind = RP_EV_DAMAGE;
			ev->damage = &cap->dout;
			ev->msg = NULL;
			return RP_NEXT_EVENT;
		}
		if (cap->cur.active) {
			if (rp_frame_next(cap)) {
				cap->st.messages++;
				if (rp_message_damage(&cap->msg, NULL))
					cap->st.damage++;
				ev->kind = RP_EV_MESSAGE;
				ev->msg = &cap->msg;
				ev->damage = NULL;
				return RP_NEXT_EVENT;
			}
			continue;
		}
		if (cap->nwork) {
			struct rp_work *w = &cap->work[0];
			struct rp_frame f;

			if (rp_half_next_frame(cap, w->s, w->dir, &f)) {
				rp_frame_begin(cap, w->s, w->dir, &f);
			} else {
				memmove(&cap->work[0], &cap->work[1],
				        (cap->nwork - 1) * sizeof(cap->work[0]));
				cap->nwork--;
			}
			continue;
		}
		if (rp_streams_finish_one(cap))
			continue;
		if (!cap->eof) {
			read_packet(cap);
			continue;
		}
		if (!cap->final_flush) {
			cap->final_flush = true;
			rp_streams_close_all(cap);
			continue;
		}
		if (cap->st.damage_dropped && !cap->dropped_told) {
			cap->dropped_told = true;
			cap->st.damage--; /* this summary is not a report of its own */
			rp_damage_add(cap, RP_DMG_LIMIT, 0, NULL, RP_DIR_C2S, 0,
			              "%llu damage reports were not shown (more than %d at once, "
			              "RP_DAMAGE_QUEUE)",
			              (unsigned long long)cap->st.damage_dropped, RP_DAMAGE_QUEUE);
			continue;
		}
		return RP_NEXT_END;
	}
}

bool rp_message_damage(const struct rp_message *m, struct rp_damage *out)
{
	enum rp_damage_kind kind;
	char what[RP_WHAT_TEXT];
	uint64_t at = m->frame_off + 4 + m->msg_off;

	if (m->decode_status != STATUS_SUCCESS) {
		const char *thing = "SMB2 message";

		kind = RP_DMG_DECODE;
		if (m->type == RP_MSG_SMB2 && m->have_hdr)
			thing = smb2_command_name(m->m.hdr.command);
		else if (m->type == RP_MSG_ENCRYPTED)
			thing = "transform header";
		else if (m->type == RP_MSG_COMPRESSED)
			thing = "compression transform header";
		else if (m->type == RP_MSG_SMB1 || m->type == RP_MSG_SMB1_NEGOTIATE)
			thing = "SMB1 message";
		snprintf(what, sizeof(what), "%s%s%s at offset %llu does not decode: %s at "
		         "message offset %zu (stream offset %llu): %s",
		         thing,
		         m->type == RP_MSG_SMB2 && m->have_hdr
		                 ? (smb2_hdr_is_response(&m->m.hdr) ? " response" : " request")
		                 : "",
		         m->decrypted ? " (decrypted)" : "", (unsigned long long)at,
		         m->err_field ? m->err_field : "?", m->err_off,
		         (unsigned long long)(at + m->err_off), nt_status_name(m->decode_status));
	} else if (m->type == RP_MSG_ENCRYPTED && m->crypt_status != STATUS_SUCCESS &&
	           m->crypt_status != STATUS_NOT_FOUND &&
	           m->crypt_status != STATUS_HASH_NOT_PRESENT) {
		kind = RP_DMG_DECRYPT;
		snprintf(what, sizeof(what), "encrypted frame at offset %llu (session 0x%llx) "
		         "does not decrypt with its key: %s",
		         (unsigned long long)m->frame_off,
		         (unsigned long long)m->transform.session_id,
		         nt_status_name(m->crypt_status));
	} else if (m->sig == RP_SIG_BAD) {
		kind = RP_DMG_SIGNATURE;
		snprintf(what, sizeof(what), "%s %s at offset %llu: bad signature (session 0x%llx)",
		         smb2_command_name(m->m.hdr.command),
		         smb2_hdr_is_response(&m->m.hdr) ? "response" : "request",
		         (unsigned long long)at, (unsigned long long)m->m.hdr.session_id);
	} else {
		return false;
	}
	if (out) {
		out->kind = kind;
		out->frame = m->frame;
		out->has_stream = true;
		out->stream = m->stream;
		out->dir = m->dir;
		out->offset = kind == RP_DMG_DECODE ? at + m->err_off : at;
		out->field = kind == RP_DMG_DECODE ? m->err_field : NULL;
		out->field_off = kind == RP_DMG_DECODE ? m->err_off : 0;
		snprintf(out->what, sizeof(out->what), "%s", what);
	}
	return true;
}

void rp_capture_stats(const struct rp_capture *cap, struct rp_stats *out)
{
	*out = cap->st;
}

int rp_capture_linktype(const struct rp_capture *cap)
{
	return cap->dlt;
}

const char *rp_dir_arrow(enum rp_dir d)
{
	return d == RP_DIR_C2S ? "C>S" : "S>C";
}

const char *rp_damage_kind_name(enum rp_damage_kind k)
{
	switch (k) {
	case RP_DMG_CAPTURE:
		return "capture";
	case RP_DMG_PACKET:
		return "packet";
	case RP_DMG_GAP:
		return "gap";
	case RP_DMG_RESYNC:
		return "resync";
	case RP_DMG_FRAMING:
		return "framing";
	case RP_DMG_CHAIN:
		return "chain";
	case RP_DMG_CUT:
		return "cut";
	case RP_DMG_LIMIT:
		return "limit";
	case RP_DMG_DECODE:
		return "decode";
	case RP_DMG_DECRYPT:
		return "decrypt";
	case RP_DMG_SIGNATURE:
		return "signature";
	}
	return "unknown";
}

const char *rp_sig_name(enum rp_sig s)
{
	switch (s) {
	case RP_SIG_OK:
		return "ok";
	case RP_SIG_BAD:
		return "bad";
	case RP_SIG_UNKNOWN:
		return "?";
	default:
		return "none";
	}
}
