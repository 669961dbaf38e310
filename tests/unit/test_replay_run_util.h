/*
 * Helpers for the tests of `smbsim-replay run` (test_replay_run_*.c):
 *   - an in-process target: smbsim's server core with the file handlers
 *     over a temporary share directory, reached through in-memory
 *     transports (rt_target_*, rt_connect: the engine's connector);
 *   - a recorder: client connections to a target whose frames, both ways,
 *     a fault-filter tap records in order (rt_rec_connect), as a capture
 *     of that conversation;
 *   - feeding recorded frames to a plan as the capture reader would
 *     (rt_feed: compound chains split, each message decoded), or writing
 *     them as a pcap for the real reader (rt_write_pcap);
 *   - building single messages as a capture would carry them
 *     (rt_msg_event).
 * static inline: each test uses what it needs.
 */
#ifndef SMBSIM_TEST_REPLAY_RUN_UTIL_H
#define SMBSIM_TEST_REPLAY_RUN_UTIL_H

#define _XOPEN_SOURCE 700
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <event2/event.h>

#include "testutil.h"
#include "tu_loop.h"

#include "auth/ntlmssp_crypto.h"
#include "net/fault.h"
#include "net/mem.h"
#include "pcap-replay/replay_int.h"
#include "sim-client/lib/cli_sync.h"
#include "sim-server/server.h"
#include "sim-server/srv_file.h"
#include "util/pcap_writer.h"
#include "util/utf16.h"
#include "wire/compound.h"

#define RT_MAX_STREAMS 8

/* ---- the in-process target ------------------------------------------- */

struct rt_target {
	struct event_base *base;
	struct srv_server *srv;
	struct srv_settings set;
	char dir[128];
	char share[160];
	unsigned connects;          /* connections the engine asked for */
	bool refuse;                /* rt_connect fails (a target that is down) */
};

static inline int rt_rm_one(const char *p, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	return remove(p);
}

static inline void rt_target_start(struct rt_target *t, struct event_base *base)
{
	const char *tmp = getenv("TMPDIR");

	memset(t, 0, sizeof(*t));
	t->base = base;
	snprintf(t->dir, sizeof(t->dir), "%s/smbsim-rr-XXXXXX", tmp ? tmp : "/tmp");
	assert_non_null(mkdtemp(t->dir));
	snprintf(t->share, sizeof(t->share), "%s/share", t->dir);
	assert_int_equal(mkdir(t->share, 0755), 0);
	srv_settings_default(&t->set);
	t->set.user_count = 1;
	strcpy(t->set.users[0].name, "user");
	assert_int_equal(ntlm_nt_hash("pass", t->set.users[0].nt_hash), STATUS_SUCCESS);
	t->set.share_count = 1;
	strcpy(t->set.shares[0].name, "share");
	strcpy(t->set.shares[0].path, t->share);
	assert_int_equal(srv_server_new(base, &t->set, &t->srv), STATUS_SUCCESS);
	assert_int_equal(srv_file_handlers_register(t->srv), STATUS_SUCCESS);
}

static inline void rt_target_stop(struct rt_target *t)
{
	srv_server_free(t->srv);
	t->srv = NULL;
	assert_int_equal(nftw(t->dir, rt_rm_one, 16, FTW_DEPTH | FTW_PHYS), 0);
}

/* A file in the target's share (the share's initial state). */
static inline void rt_put(const struct rt_target *t, const char *name, const char *content)
{
	char p[512];
	FILE *f;

	snprintf(p, sizeof(p), "%s/%s", t->share, name);
	f = fopen(p, "w");
	assert_non_null(f);
	fputs(content, f);
	assert_int_equal(fclose(f), 0);
}

static inline bool rt_exists(const struct rt_target *t, const char *name)
{
	char p[512];
	struct stat st;

	snprintf(p, sizeof(p), "%s/%s", t->share, name);
	return stat(p, &st) == 0;
}

/* A client transport whose peer the target serves. */
static inline struct smb_transport *rt_transport(struct rt_target *t)
{
	struct smb_transport *a, *b;

	assert_int_equal(smb_mem_pair_new(t->base, &a, &b), 0);
	assert_int_equal(srv_server_add_transport(t->srv, b), STATUS_SUCCESS);
	return a;
}

/* The engine's connector (rr_connect_fn) for an rt_target. */
static inline NTSTATUS rt_connect(void *arg, struct event_base *base,
                                  const struct cli_conn_opts *o, struct cli_conn **out)
{
	struct rt_target *t = arg;

	(void)base;
	t->connects++;
	if (t->refuse)
		return STATUS_CONNECTION_DISCONNECTED;
	return cli_conn_new(t->base, rt_transport(t), o, out);
}

/* ---- recording a conversation ------------------------------------------ */

struct rt_frame {
	uint32_t stream;
	bool c2s;
	uint8_t *p;
	size_t len;
};

struct rt_capture;

struct rt_tap {
	struct rt_capture *cap;
	uint32_t stream;
};

struct rt_capture {
	struct rt_frame *f;
	size_t n, cap;
	struct rt_tap taps[RT_MAX_STREAMS];
	uint32_t streams;
};

static inline void rt_tap_fn(void *arg, enum smb_fault_dir dir, const struct iovec *iov,
                             int iovcnt)
{
	struct rt_tap *tap = arg;
	struct rt_capture *c = tap->cap;
	struct rt_frame *f;
	size_t len = 0, o = 0;

	for (int i = 0; i < iovcnt; i++)
		len += iov[i].iov_len;
	if (c->n == c->cap) {
		c->cap = c->cap ? c->cap * 2 : 64;
		c->f = realloc(c->f, c->cap * sizeof(*c->f));
		assert_non_null(c->f);
	}
	f = &c->f[c->n++];
	f->stream = tap->stream;
	f->c2s = dir == SMB_FAULT_OUT;
	f->p = malloc(len);
	f->len = len;
	assert_non_null(f->p);
	for (int i = 0; i < iovcnt; i++) {
		memcpy(f->p + o, iov[i].iov_base, iov[i].iov_len);
		o += iov[i].iov_len;
	}
}

static inline void rt_capture_free(struct rt_capture *c)
{
	for (size_t i = 0; i < c->n; i++)
		free(c->f[i].p);
	free(c->f);
	memset(c, 0, sizeof(*c));
}

/* A recorded client connection (the next stream of the capture). */
static inline struct cli_conn *rt_rec_connect(struct rt_target *t, struct rt_capture *c,
                                              const struct cli_conn_opts *o)
{
	struct smb_transport *f;
	struct cli_conn *conn;

	assert_true(c->streams < RT_MAX_STREAMS);
	assert_int_equal(smb_fault_new(rt_transport(t), &f), 0);
	c->taps[c->streams].cap = c;
	c->taps[c->streams].stream = c->streams;
	smb_fault_tap(f, rt_tap_fn, &c->taps[c->streams]);
	c->streams++;
	assert_status(cli_conn_new(t->base, f, o, &conn), STATUS_SUCCESS);
	return conn;
}

/* Negotiate, log on as user/pass and connect to \\srv\share. */
static inline struct cli_tree *rt_logon(struct cli_conn *c, uint16_t dialect)
{
	struct cli_session *s;
	struct cli_tree *t;

	assert_status(cli_negotiate(c, SMB2_DIALECT_202, dialect), STATUS_SUCCESS);
	assert_status(cli_login(c, "user", "", "pass", &s), STATUS_SUCCESS);
	assert_status(cli_tree_connect(s, "\\\\srv\\share", &t), STATUS_SUCCESS);
	return t;
}

/* ---- captures as events ------------------------------------------------ */

static inline void rt_stream_info(uint32_t stream, struct rp_stream_info *si)
{
	memset(si, 0, sizeof(*si));
	si->index = stream;
	snprintf(si->client, sizeof(si->client), "10.0.0.1:%u", 49152 + stream);
	snprintf(si->server, sizeof(si->server), "10.0.0.2:445");
	si->saw_syn = true;
	si->first_frame = 1;
}

/* One message as the capture reader reports it: decoded from raw (which
 * must outlive the call). */
static inline NTSTATUS rt_msg_event(struct rr_plan *p, uint32_t stream, bool c2s,
                                    const uint8_t *raw, size_t len, uint64_t frame,
                                    uint64_t frame_off, unsigned index, unsigned count,
                                    uint64_t ts)
{
	struct rp_message *m = calloc(1, sizeof(*m));
	struct rp_event ev = { RP_EV_MESSAGE, NULL, NULL };
	struct rd r;
	NTSTATUS st;

	assert_non_null(m);
	m->type = RP_MSG_SMB2;
	m->frame = frame;
	m->ts_usec = ts;
	rt_stream_info(stream, &m->stream);
	m->dir = c2s ? RP_DIR_C2S : RP_DIR_S2C;
	m->frame_off = frame_off;
	m->raw = raw;
	m->raw_len = len;
	m->chain_index = index;
	m->chain_count = count;
	rd_init(&r, raw, len);
	m->have_hdr = smb2_hdr_decode(&r, &m->m.hdr) == STATUS_SUCCESS;
	m->related = m->have_hdr && (m->m.hdr.flags & SMB2_FLAGS_RELATED_OPERATIONS);
	rd_init(&r, raw, len);
	m->decode_status = smb2_msg_decode(&r, &m->m);
	m->err_field = r.err_field;
	m->err_off = r.err_off;
	if (m->decode_status != STATUS_SUCCESS && m->have_hdr) {
		struct rd h;
		rd_init(&h, raw, len);
		assert_int_equal(smb2_hdr_decode(&h, &m->m.hdr), STATUS_SUCCESS);
	}
	ev.msg = m;
	st = rr_plan_add_event(p, &ev) == 0 ? STATUS_SUCCESS : STATUS_NO_MEMORY;
	free(m);
	return st;
}

/* Every recorded frame into the plan, in order, then rr_plan_finish(). */
static inline void rt_feed(struct rr_plan *p, const struct rt_capture *c)
{
	uint64_t off[RT_MAX_STREAMS][2] = { { 0 } };
	uint64_t frame = 0;

	for (size_t i = 0; i < c->n; i++) {
		const struct rt_frame *f = &c->f[i];
		struct smb2_compound_iter it;
		struct rd m;
		NTSTATUS cst;
		unsigned count = smb2_compound_count(f->p, f->len, &cst), idx = 0;

		assert_status(cst, STATUS_SUCCESS);
		frame++;
		smb2_compound_init(&it, f->p, f->len);
		while (smb2_compound_next(&it, &m))
			assert_status(rt_msg_event(p, f->stream, f->c2s, m.base, m.len, frame,
			                           off[f->stream][f->c2s], idx++, count,
			                           1000000 * frame),
			              STATUS_SUCCESS);
		off[f->stream][f->c2s] += f->len + 4;
	}
	assert_int_equal(rr_plan_finish(p), 0);
}

/* The recorded frames as a pcap file (lib/util/pcap_writer.h). */
static inline void rt_write_pcap(const struct rt_capture *c, const char *path)
{
	struct pcap_writer *pw = pcap_writer_open(path);

	assert_non_null(pw);
	for (uint32_t s = 1; s < c->streams; s++)
		assert_int_equal(pcap_writer_stream(pw), (int)s);
	for (size_t i = 0; i < c->n; i++)
		assert_int_equal(pcap_writer_frame_on(pw, c->f[i].stream, c->f[i].c2s, c->f[i].p,
		                                      c->f[i].len, NULL),
		                 0);
	assert_int_equal(pcap_writer_close(pw), 0);
}

/* Options for replaying against an rt_target. */
static inline void rt_options(struct rr_options *o)
{
	memset(o, 0, sizeof(*o));
	strcpy(o->host, "srv");
	strcpy(o->share, "share");
	strcpy(o->user, "user");
	strcpy(o->password, "pass");
	o->speed = 1;
	o->timeout_ms = 5000;
}

/* Replay plan p against t with options o into rep (initialised here). */
static inline void rt_replay(struct rr_plan *p, const struct rr_options *o, struct rt_target *t,
                             struct rr_report *rep)
{
	struct rr_engine e;

	assert_int_equal(rr_engine_init(&e, p, o, rep, t->base, rt_connect, t), 0);
	rr_engine_run(&e);
	rr_engine_free(&e);
	assert_false(e.oom);
}

/* ---- hand-made conversations ---------------------------------------------- */

/* One captured stream built message by message (frames numbered from 1,
 * a microsecond apart). */
struct rt_conv {
	struct rr_plan *p;
	uint32_t stream;
	uint64_t *frame;            /* shared by the streams of one capture */
	uint64_t off[2];
};

static inline void rt_conv_init(struct rt_conv *c, struct rr_plan *p, uint32_t stream,
                                uint64_t *frame)
{
	memset(c, 0, sizeof(*c));
	c->p = p;
	c->stream = stream;
	c->frame = frame;
}

/* A request (kind from its command) or, with status, a response. */
static inline void rt_msg(struct smb2_msg *m, uint16_t cmd, uint64_t mid)
{
	memset(m, 0, sizeof(*m));
	m->hdr.command = cmd;
	m->hdr.message_id = mid;
	m->hdr.credit = 1;
	m->kind = SMB2_MSG_REQ(cmd);
}

static inline void rt_rsp_of(struct smb2_msg *m, uint16_t cmd, uint64_t mid, NTSTATUS st)
{
	rt_msg(m, cmd, mid);
	m->hdr.flags = SMB2_FLAGS_SERVER_TO_REDIR;
	m->hdr.status = st;
	m->kind = st == STATUS_SUCCESS ? SMB2_MSG_RSP(cmd) : SMB2_MSG_ERROR;
}

/* Encode m (as member index of a count-message chain) and feed it. */
static inline void rt_send_part(struct rt_conv *c, struct smb2_msg *m, unsigned index,
                                unsigned count)
{
	bool c2s = !smb2_hdr_is_response(&m->hdr);
	struct wr w;

	if (index > 0)
		m->hdr.flags |= SMB2_FLAGS_RELATED_OPERATIONS;
	wr_init(&w, SMB2_MAX_PDU);
	assert_status(smb2_msg_encode(&w, m), STATUS_SUCCESS);
	if (index == 0)
		(*c->frame)++;
	assert_status(rt_msg_event(c->p, c->stream, c2s, w.buf, w.len, *c->frame, c->off[c2s],
	                           index, count, *c->frame),
	              STATUS_SUCCESS);
	if (index + 1 == count)
		c->off[c2s] += 100;
	wr_free(&w);
}

static inline void rt_send(struct rt_conv *c, struct smb2_msg *m)
{
	rt_send_part(c, m, 0, 1);
}

/* UTF-16LE of an ASCII name into buf (for blobs). */
static inline struct smb2_blob rt_u16(const char *s, uint8_t *buf, size_t cap)
{
	size_t n;

	assert_int_equal(utf8_to_utf16le(s, strlen(s), buf, cap, &n), STATUS_SUCCESS);
	return (struct smb2_blob){ buf, (uint32_t)n };
}

/* Open name on t with full sharing (the call must succeed). */
static inline struct smb2_fileid rt_open_file(struct cli_tree *t, const char *name,
                                             uint32_t access, uint32_t disp, uint32_t opts)
{
	struct cli_create_args a;
	struct cli_open o;

	memset(&a, 0, sizeof(a));
	a.desired_access = access;
	a.share_access = SMB2_FILE_SHARE_READ | SMB2_FILE_SHARE_WRITE | SMB2_FILE_SHARE_DELETE;
	a.disposition = disp;
	a.options = opts;
	assert_status(cli_create(t, name, &a, &o), STATUS_SUCCESS);
	return o.id;
}

/* cli_query_directory callback counting entries into *(int *)arg. */
static inline int rt_count_cb(void *arg, const struct smb2_dirent *e, const char *name)
{
	(void)e;
	(void)name;
	(*(int *)arg)++;
	return 0;
}

#endif
