/*
 * Reading a capture into the replay plan (replay_int.h): every client
 * message of the selected streams becomes an op with what the capture says
 * about it: its responses (interim and final, matched by MessageId in its
 * stream), the ids they carry, the paths it touches and why it cannot be
 * sent, if it cannot.  Ops are grouped in units: one frame, a request or a
 * compound chain.  Break notifications are kept on their own.
 *
 * The plan keeps a copy of each request it may send (WRITE data
 * included) and a summary of each final response (replay_fields.c), not
 * the responses themselves: memory is the captured requests plus a few
 * hundred bytes per message.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "pcap-replay/replay_int.h"
#include "util/utf16.h"
#include "wire/fileinfo.h"
#include "wire/fsctl.h"

#define RR_GROW_MIN 64

static int grow(void **p, size_t *cap, size_t need, size_t size)
{
	size_t ncap;
	void *np;

	if (need <= *cap)
		return 0;
	ncap = *cap ? *cap : RR_GROW_MIN;
	while (ncap < need)
		ncap *= 2;
	np = realloc(*p, ncap * size);
	if (!np)
		return -1;
	*p = np;
	*cap = ncap;
	return 0;
}

void rr_plan_init(struct rr_plan *p, const uint32_t *select, unsigned n_select,
                  struct rr_report *rep)
{
	memset(p, 0, sizeof(*p));
	rr_map_init(&p->stream_of);
	p->main_share = -1;
	p->select = select;
	p->n_select = n_select;
	p->rep = rep;
}

static void stream_free(struct rr_stream *s)
{
	free(s->units);
	rr_map_free(&s->mids);
	rr_map_free(&s->tshare);
	rr_map_free(&s->fcreate);
	rr_map_free(&s->sess);
	rr_map_free(&s->trees);
	rr_map_free(&s->fids);
}

void rr_plan_free(struct rr_plan *p)
{
	for (size_t i = 0; i < p->n_ops; i++) {
		struct rr_op *op = &p->ops[i];
		free(op->raw);
		free(op->wire);
		free(op->detail);
		free(op->cap_note);
		rr_summary_free(&op->cap);
		for (int k = 0; k < RR_OP_PATHS; k++)
			free(op->paths[k]);
	}
	free(p->ops);
	free(p->units);
	for (size_t i = 0; i < p->n_streams; i++)
		stream_free(&p->streams[i]);
	free(p->streams);
	for (size_t i = 0; i < p->n_shares; i++)
		free(p->shares[i]);
	free(p->shares);
	free(p->notifs);
	rr_map_free(&p->stream_of);
	memset(p, 0, sizeof(*p));
}

/* ---- paths -------------------------------------------------------------- */

static void fold(char *s)
{
	for (; *s; s++) {
		if (*s >= 'A' && *s <= 'Z')
			*s = (char)(*s - 'A' + 'a');
		else if (*s == '/')
			*s = '\\';
	}
}

char *rr_path_key(const char *share, const uint8_t *utf16, size_t len)
{
	char *name = NULL, *key, *n;
	size_t nlen, slen = strlen(share);

	if (utf16le_to_utf8_alloc(utf16, len, &name, &nlen) != STATUS_SUCCESS)
		return NULL;
	fold(name);
	n = name;
	while (*n == '\\')
		n++;
	nlen = strlen(n);
	while (nlen && n[nlen - 1] == '\\')
		n[--nlen] = 0;
	if (slen + 1 + nlen + 1 > RR_PATH_MAX) {
		free(name);
		return NULL;
	}
	key = malloc(slen + 1 + nlen + 1);
	if (key) {
		memcpy(key, share, slen);
		key[slen] = ':';
		memcpy(key + slen + 1, n, nlen + 1);
		fold(key);
	}
	free(name);
	return key;
}

char *rr_path_parent(const char *key)
{
	const char *colon = strchr(key, ':');
	const char *slash = strrchr(key, '\\');
	size_t n;
	char *out;

	if (!colon || colon[1] == 0)
		return NULL;
	n = slash && slash > colon ? (size_t)(slash - key) : (size_t)(colon - key) + 1;
	out = malloc(n + 1);
	if (out) {
		memcpy(out, key, n);
		out[n] = 0;
	}
	return out;
}

/* The share of "\\server\share" (UTF-16), folded: the part after the
 * last backslash. */
static char *share_of(struct smb2_blob path)
{
	char *u = NULL, *last, *out;

	if (utf16le_to_utf8_alloc(path.p, path.len, &u, NULL) != STATUS_SUCCESS)
		return NULL;
	fold(u);
	last = strrchr(u, '\\');
	out = strdup(last ? last + 1 : u);
	free(u);
	return out;
}

/* ---- streams and ops ------------------------------------------------------- */

static bool selected(const struct rr_plan *p, uint32_t index)
{
	if (!p->n_select)
		return true;
	for (unsigned i = 0; i < p->n_select; i++)
		if (p->select[i] == index)
			return true;
	return false;
}

static struct rr_stream *stream_get(struct rr_plan *p, const struct rp_stream_info *info)
{
	const struct rr_map_val *v = rr_map_get(&p->stream_of, info->index, 0);
	struct rr_map_val nv = { p->n_streams, 0, 0 };
	struct rr_stream *s;

	if (v)
		return &p->streams[v->a];
	if (grow((void **)&p->streams, &p->cap_streams, p->n_streams + 1, sizeof(*s)) != 0 ||
	    rr_map_put(&p->stream_of, info->index, 0, &nv) != 0)
		return NULL;
	s = &p->streams[p->n_streams++];
	memset(s, 0, sizeof(*s));
	s->info = *info;
	s->neg_op = -1;
	s->open_unit = -1;
	s->end_frame = UINT64_MAX;
	rr_map_init(&s->mids);
	rr_map_init(&s->tshare);
	rr_map_init(&s->fcreate);
	rr_map_init(&s->sess);
	rr_map_init(&s->trees);
	rr_map_init(&s->fids);
	return s;
}

static char *textf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static char *textf(const char *fmt, ...)
{
	char buf[RR_VALUE_TEXT];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	return strdup(buf);
}

/* The unit this message belongs to: the open chain of its frame, or a new
 * one. */
static int unit_for(struct rr_plan *p, struct rr_stream *s, uint32_t sidx,
                    const struct rp_message *m, uint64_t seq, uint32_t *out)
{
	struct rr_unit *u;

	if (m->chain_index > 0 && s->open_unit >= 0) {
		u = &p->units[s->open_unit];
		if (u->frame_off == m->frame_off && u->n == m->chain_index &&
		    u->first + u->n == p->n_ops) {
			u->n++;
			*out = (uint32_t)s->open_unit;
			return 0;
		}
	}
	if (grow((void **)&p->units, &p->cap_units, p->n_units + 1, sizeof(*u)) != 0 ||
	    grow((void **)&s->units, &s->cap_units, s->n_units + 1, sizeof(uint32_t)) != 0)
		return -1;
	u = &p->units[p->n_units];
	memset(u, 0, sizeof(*u));
	u->stream = sidx;
	u->first = (uint32_t)p->n_ops;
	u->n = 1;
	u->seq = seq;
	u->ts_usec = m->ts_usec;
	u->frame_off = m->frame_off;
	u->chain_count = m->chain_count;
	s->units[s->n_units++] = (uint32_t)p->n_units;
	s->open_unit = m->chain_count > 1 ? (int64_t)p->n_units : -1;
	*out = (uint32_t)p->n_units++;
	return 0;
}

static bool is_any(struct smb2_fileid f)
{
	return f.persistent == SMB2_FILEID_ANY && f.volatile_ == SMB2_FILEID_ANY;
}

/* The FileId a request names, if its command has one. */
static bool request_fid(const struct smb2_msg *m, struct smb2_fileid *out)
{
	switch (m->hdr.command) {
	case SMB2_CLOSE: *out = m->u.close_req.file_id; return true;
	case SMB2_FLUSH: *out = m->u.flush_req.file_id; return true;
	case SMB2_READ: *out = m->u.read_req.file_id; return true;
	case SMB2_WRITE: *out = m->u.write_req.file_id; return true;
	case SMB2_LOCK: *out = m->u.lock_req.file_id; return true;
	case SMB2_IOCTL: *out = m->u.ioctl_req.file_id; return true;
	case SMB2_QUERY_DIRECTORY: *out = m->u.query_directory_req.file_id; return true;
	case SMB2_CHANGE_NOTIFY: *out = m->u.change_notify_req.file_id; return true;
	case SMB2_QUERY_INFO: *out = m->u.query_info_req.file_id; return true;
	case SMB2_SET_INFO: *out = m->u.set_info_req.file_id; return true;
	case SMB2_OPLOCK_BREAK:
		if (m->u.oplock_break_req.kind != SMB2_BREAK_OPLOCK_ACK)
			return false;
		*out = m->u.oplock_break_req.file_id;
		return true;
	default:
		return false;
	}
}

static const char *tree_share(const struct rr_plan *p, const struct rr_stream *s, uint32_t tid)
{
	const struct rr_map_val *v = rr_map_get(&s->tshare, tid, 0);

	return v ? p->shares[v->a] : NULL;
}

/* Paths the request touches (replay_sched.c): a CREATE's name, the file
 * of a FileId (or, in a related chain, of the chain's CREATE), a rename's
 * target. */
static void request_paths(struct rr_plan *p, struct rr_stream *s, struct rr_op *op,
                          const struct smb2_msg *m)
{
	const char *share = tree_share(p, s, op->tid);
	struct smb2_fileid fid;

	if (m->hdr.command == SMB2_CREATE && share) {
		op->paths[0] = rr_path_key(share, m->u.create_req.name.p, m->u.create_req.name.len);
	} else if (request_fid(m, &fid)) {
		if (!is_any(fid)) {
			const struct rr_map_val *v =
				rr_map_get(&s->fcreate, fid.persistent, fid.volatile_);
			if (v && p->ops[v->a].paths[0])
				op->paths[0] = strdup(p->ops[v->a].paths[0]);
		} else if (op->related) {
			const struct rr_unit *u = &p->units[op->unit];
			for (size_t i = p->n_ops; i-- > u->first;)
				if (p->ops[i].paths[0]) {
					op->paths[0] = strdup(p->ops[i].paths[0]);
					break;
				}
		}
	}
	if (m->hdr.command == SMB2_SET_INFO && share &&
	    m->u.set_info_req.info_type == SMB2_0_INFO_FILE &&
	    (m->u.set_info_req.file_info_class == FILE_RENAME_INFORMATION ||
	     m->u.set_info_req.file_info_class == 11 /* FileLinkInformation, same layout */)) {
		struct smb2_fileinfo fi;
		if (smb2_fileinfo_decode(FILE_RENAME_INFORMATION, m->u.set_info_req.buffer, &fi) ==
		    STATUS_SUCCESS)
			op->paths[1] = rr_path_key(share, fi.u.rename.name.p, fi.u.rename.name.len);
	}
}

/* Command details of a decoded request. */
static void request_details(struct rr_plan *p, struct rr_stream *s, struct rr_op *op,
                            const struct smb2_msg *m)
{
	struct smb2_fileid fid;

	op->rctx.command = m->hdr.command;
	switch (m->hdr.command) {
	case SMB2_NEGOTIATE:
		op->plan_skip = RR_SKIP_NEGOTIATE;
		break;
	case SMB2_SESSION_SETUP:
		op->setup_flags = m->u.session_setup_req.flags;
		break;
	case SMB2_TREE_CONNECT: {
		char *sh = share_of(m->u.tree_connect_req.path);
		if (sh) {
			if (grow((void **)&p->shares, &p->cap_shares, p->n_shares + 1,
			         sizeof(char *)) == 0) {
				op->share = (int64_t)p->n_shares;
				p->shares[p->n_shares++] = sh;
			} else {
				free(sh);
				p->oom = true;
			}
		}
		break;
	}
	case SMB2_QUERY_INFO:
		op->rctx.info_type = m->u.query_info_req.info_type;
		op->rctx.info_class = m->u.query_info_req.file_info_class;
		break;
	case SMB2_QUERY_DIRECTORY:
		op->rctx.dir_class = m->u.query_directory_req.file_info_class;
		break;
	case SMB2_IOCTL:
		op->rctx.ctl_code = m->u.ioctl_req.ctl_code;
		break;
	case SMB2_OPLOCK_BREAK:
		if (m->u.oplock_break_req.kind == SMB2_BREAK_LEASE_ACK) {
			op->lease_ack = true;
			memcpy(op->lease_key, m->u.oplock_break_req.lease_key, 16);
		}
		break;
	default:
		break;
	}
	if (request_fid(m, &fid) && !is_any(fid)) {
		op->has_fid = true;
		op->fid = fid;
	}
	request_paths(p, s, op, m);
}

static int add_request(struct rr_plan *p, struct rr_stream *s, uint32_t sidx,
                       const struct rp_message *m, uint64_t seq)
{
	struct rr_op *op;
	uint32_t unit;

	if (grow((void **)&p->ops, &p->cap_ops, p->n_ops + 1, sizeof(*op)) != 0 ||
	    unit_for(p, s, sidx, m, seq, &unit) != 0)
		return -1;
	op = &p->ops[p->n_ops];
	memset(op, 0, sizeof(*op));
	op->stream = sidx;
	op->unit = unit;
	op->seq = seq;
	op->frame = m->frame;
	op->ts_usec = m->ts_usec;
	op->command = RR_CMD_NONE;
	op->share = -1;
	op->related = m->related;

	switch (m->type) {
	case RP_MSG_SMB1_NEGOTIATE:
	case RP_MSG_SMB1:
		op->plan_skip = RR_SKIP_SMB1;
		break;
	case RP_MSG_ENCRYPTED:
		op->plan_skip = RR_SKIP_ENCRYPTED;
		op->detail = textf("SessionId 0x%016llx, %s",
		                   (unsigned long long)m->transform.session_id,
		                   m->crypt_status == STATUS_NOT_FOUND ? "no key for the session"
		                                                       : "the key does not decrypt it");
		break;
	case RP_MSG_COMPRESSED:
		op->plan_skip = RR_SKIP_COMPRESSED;
		break;
	case RP_MSG_SMB2:
	default:
		if (m->have_hdr) {
			op->command = m->m.hdr.command;
			op->mid = m->m.hdr.message_id;
			op->sid = m->m.hdr.session_id;
			op->tid = m->m.hdr.tree_id;
			op->flags = m->m.hdr.flags;
			op->async_id = m->m.hdr.async_id;
		}
		if (!m->have_hdr || m->decode_status != STATUS_SUCCESS) {
			op->plan_skip = RR_SKIP_UNDECODABLE;
			op->detail = textf("%s at %s, offset %zu", nt_status_name(m->decode_status),
			                   m->err_field ? m->err_field : "the header", m->err_off);
		} else if (smb2_hdr_is_response(&m->m.hdr)) {
			op->plan_skip = RR_SKIP_UNDECODABLE;
			op->detail = textf("a response sent by the client side");
		} else {
			request_details(p, s, op, &m->m);
		}
		break;
	}
	if (op->plan_skip == RR_SKIP_NONE && op->command != SMB2_SESSION_SETUP) {
		op->raw = malloc(m->raw_len ? m->raw_len : 1);
		if (!op->raw)
			return -1;
		memcpy(op->raw, m->raw, m->raw_len);
		op->raw_len = m->raw_len;
	}
	if (m->type == RP_MSG_SMB2 && m->have_hdr && op->command != SMB2_CANCEL) {
		struct rr_map_val v = { p->n_ops, 0, 0 };
		if (rr_map_put(&s->mids, op->mid, 0, &v) != 0)
			return -1;
	}
	p->n_ops++;
	return 0;
}

static int add_notif(struct rr_plan *p, uint32_t sidx, const struct rp_message *m, uint64_t seq)
{
	struct rr_notif *n;

	if (grow((void **)&p->notifs, &p->cap_notifs, p->n_notifs + 1, sizeof(*n)) != 0)
		return -1;
	n = &p->notifs[p->n_notifs++];
	memset(n, 0, sizeof(*n));
	n->stream = sidx;
	n->seq = seq;
	n->frame = m->frame;
	n->brk = m->m.u.oplock_break_rsp;
	return 0;
}

/* What the final response says, besides its summary. */
static int final_response(struct rr_plan *p, struct rr_stream *s, struct rr_op *op,
                          const struct rp_message *m)
{
	const struct smb2_msg *r = &m->m;
	bool ok = r->hdr.status == STATUS_SUCCESS;

	op->rsp_sid = r->hdr.session_id;
	op->rsp_tid = r->hdr.tree_id;
	if (m->decode_status != STATUS_SUCCESS) {
		op->cap_note = textf("the captured response (frame %llu) does not decode: %s at %s, "
		                     "offset %zu", (unsigned long long)m->frame,
		                     nt_status_name(m->decode_status),
		                     m->err_field ? m->err_field : "-", m->err_off);
		return op->cap_note ? 0 : -1;
	}
	if (op->command == RR_CMD_NONE)
		return 0;
	NTSTATUS st = rr_summarize(r, &op->rctx, &op->cap);
	if (st == STATUS_NO_MEMORY)
		return -1;
	if (st != STATUS_SUCCESS) {
		op->cap_note = textf("the captured response (frame %llu) is a %s, not a %s response",
		                     (unsigned long long)m->frame, smb2_command_name(r->hdr.command),
		                     smb2_command_name(op->command));
		return op->cap_note ? 0 : -1;
	}
	op->cap_ok = true;
	if (r->kind != SMB2_MSG_RSP(op->command))
		return 0;
	switch (op->command) {
	case SMB2_NEGOTIATE:
		op->rsp_dialect = r->u.negotiate_rsp.dialect_revision;
		if (ok && op->rsp_dialect != SMB2_DIALECT_WILDCARD) {
			s->dialect = op->rsp_dialect;
			s->neg_op = op - p->ops;
		}
		break;
	case SMB2_TREE_CONNECT:
		if (ok && op->share >= 0) {
			struct rr_map_val v = { (uint64_t)op->share, 0, 0 };
			if (rr_map_put(&s->tshare, op->rsp_tid, 0, &v) != 0)
				return -1;
			/* The share --target's SHARE stands for. */
			if (p->main_share < 0 && strcmp(p->shares[op->share], "ipc$") != 0)
				p->main_share = op->share;
		}
		break;
	case SMB2_CREATE:
		if (ok) {
			struct rr_map_val v = { (uint64_t)(op - p->ops), 0, 0 };
			op->rsp_fid = r->u.create_rsp.file_id;
			if (rr_map_put(&s->fcreate, op->rsp_fid.persistent, op->rsp_fid.volatile_, &v))
				return -1;
		}
		break;
	case SMB2_IOCTL:
		if (ok && op->rctx.ctl_code == FSCTL_SRV_REQUEST_RESUME_KEY &&
		    r->u.ioctl_rsp.output.len >= sizeof(op->resume_key)) {
			memcpy(op->resume_key, r->u.ioctl_rsp.output.p, sizeof(op->resume_key));
			op->has_resume_key = true;
		}
		break;
	default:
		break;
	}
	return 0;
}

static int add_response(struct rr_plan *p, struct rr_stream *s, uint32_t sidx,
                        const struct rp_message *m, uint64_t seq)
{
	const struct rr_map_val *v;
	struct rr_op *op;

	if (m->type != RP_MSG_SMB2 || !m->have_hdr)
		return 0;
	if (m->m.hdr.command == SMB2_OPLOCK_BREAK && m->m.hdr.message_id == UINT64_MAX) {
		if (m->decode_status != STATUS_SUCCESS) {
			p->stray++;
			return 0;
		}
		return add_notif(p, sidx, m, seq);
	}
	v = rr_map_get(&s->mids, m->m.hdr.message_id, 0);
	if (!v) {
		/* The SMB2 answer to an SMB1 multi-protocol NEGOTIATE has no
		 * SMB2 request to match: not a stray one. */
		if (m->m.hdr.command != SMB2_NEGOTIATE)
			p->stray++;
		return 0;
	}
	op = &p->ops[v->a];
	if (m->m.hdr.status == STATUS_PENDING && smb2_hdr_is_async(&m->m.hdr)) {
		if (!op->has_interim) {
			op->has_interim = true;
			op->interim_seq = seq;
			op->interim_frame = m->frame;
			op->cap_async_id = m->m.hdr.async_id;
		}
		return 0;
	}
	if (op->has_rsp) {
		p->stray++;
		return 0;
	}
	op->has_rsp = true;
	op->rsp_seq = seq;
	op->rsp_frame = m->frame;
	op->rsp_status = m->m.hdr.status;
	return final_response(p, s, op, m);
}

int rr_plan_add_event(struct rr_plan *p, const struct rp_event *ev)
{
	const struct rp_message *m;
	struct rr_stream *s;
	uint64_t seq;
	int rc;

	if (p->oom)
		return -1;
	if (ev->kind == RP_EV_DAMAGE) {
		const struct rp_damage *d = ev->damage;
		p->damage++;
		if (p->rep && (!d->has_stream || selected(p, d->stream.index))) {
			struct rr_msgref at = { d->frame, d->has_stream ? d->stream.index : 0,
			                        RR_CMD_NONE, 0, "capture" };
			rr_report_note(p->rep, &at, "damage", "%s: %s",
			               rp_damage_kind_name(d->kind), d->what);
		}
		return 0;
	}
	m = ev->msg;
	seq = ++p->seq;
	if (!selected(p, m->stream.index))
		return 0;
	if (rp_message_damage(m, NULL))
		p->damage++;
	s = stream_get(p, &m->stream);
	if (!s) {
		p->oom = true;
		return -1;
	}
	uint32_t sidx = (uint32_t)(s - p->streams);
	rc = m->dir == RP_DIR_C2S ? add_request(p, s, sidx, m, seq)
	                          : add_response(p, s, sidx, m, seq);
	if (rc != 0 || p->oom) {
		p->oom = true;
		return -1;
	}
	return 0;
}

/* ---- session setups ----------------------------------------------------------- */

static int64_t next_round(struct rr_plan *p, uint32_t sidx, size_t after, uint64_t sid)
{
	for (size_t i = after + 1; i < p->n_ops; i++) {
		struct rr_op *op = &p->ops[i];
		if (op->stream == sidx && op->command == SMB2_SESSION_SETUP &&
		    op->setup == RR_SETUP_NONE && op->sid == sid)
			return (int64_t)i;
	}
	return -1;
}

static bool established(const struct rr_map *m, uint64_t sid)
{
	return sid != 0 && rr_map_get(m, sid, 0) != NULL;
}

/* Rounds of one session setup followed at most (NTLMSSP needs two,
 * Kerberos one or two). */
#define RR_MAX_ROUNDS 16

/* Follow one setup from its first round: every round is a ROUND, then the
 * first becomes the LOGIN when the last one succeeded; all are FAILED
 * when it did not. */
static int walk_setup(struct rr_plan *p, size_t first, struct rr_map *done)
{
	size_t rounds[RR_MAX_ROUNDS];
	size_t n = 0, cur = first;
	struct rr_op *op = &p->ops[first];
	int64_t nx;

	rounds[n++] = first;
	op->setup = RR_SETUP_ROUND;
	while (n < RR_MAX_ROUNDS && p->ops[cur].has_rsp &&
	       p->ops[cur].rsp_status == STATUS_MORE_PROCESSING_REQUIRED &&
	       (nx = next_round(p, op->stream, cur, p->ops[cur].rsp_sid)) >= 0) {
		cur = (size_t)nx;
		p->ops[cur].setup = RR_SETUP_ROUND;
		rounds[n++] = cur;
	}
	bool ok = p->ops[cur].has_rsp && p->ops[cur].rsp_status == STATUS_SUCCESS;
	for (size_t i = 0; i < n; i++) {
		struct rr_op *r = &p->ops[rounds[i]];
		r->setup = ok ? RR_SETUP_ROUND : RR_SETUP_FAILED;
		r->plan_skip = ok ? RR_SKIP_SETUP_ROUND : RR_SKIP_SETUP_FAILED_CAP;
	}
	if (ok) {
		struct rr_map_val v = { 1, 0, 0 };
		op->setup = RR_SETUP_LOGIN;
		op->setup_sid = p->ops[cur].rsp_sid;
		if (rr_map_put(done, op->setup_sid, 0, &v) != 0)
			return -1;
	}
	return 0;
}

int rr_plan_finish(struct rr_plan *p)
{
	struct rr_map done;
	int rc = 0;

	if (p->oom)
		return -1;
	rr_map_init(&done);
	for (size_t i = 0; i < p->n_ops && rc == 0; i++) {
		struct rr_op *op = &p->ops[i];
		if (op->command != SMB2_SESSION_SETUP || op->plan_skip != RR_SKIP_NONE ||
		    op->setup != RR_SETUP_NONE)
			continue;
		if (op->setup_flags & SMB2_SESSION_FLAG_BINDING) {
			op->setup = RR_SETUP_BINDING;
			op->plan_skip = RR_SKIP_BINDING;
		} else if (established(&done, op->sid)) {
			op->setup = RR_SETUP_REAUTH;
			op->plan_skip = RR_SKIP_REAUTH;
		} else {
			rc = walk_setup(p, i, &done);
		}
	}
	rr_map_free(&done);
	return rc;
}

int rr_plan_load(struct rr_plan *p, const char *path, const struct rp_options *o, char *err,
                 size_t errlen)
{
	struct rp_capture *cap;
	struct rp_event ev;

	if (rp_capture_open(path, o, &cap, err, errlen) != 0)
		return -1;
	while (rp_capture_next(cap, &ev) == RP_NEXT_EVENT) {
		if (rr_plan_add_event(p, &ev) != 0) {
			snprintf(err, errlen, "%s: out of memory reading the capture", path);
			rp_capture_close(cap);
			return -1;
		}
	}
	rp_capture_close(cap);
	if (rr_plan_finish(p) != 0) {
		snprintf(err, errlen, "%s: out of memory reading the capture", path);
		return -1;
	}
	return rr_plan_ends(p, path, o, err, errlen);
}
