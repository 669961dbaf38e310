/*
 * A captured request rebuilt for the target (replay_int.h): decoded again
 * from the plan's copy, then every id the target would not know replaced
 * by the replay's own.  The header's ids, MessageId, credits and
 * signature are the client library's; what is changed in the body:
 *   - TREE_CONNECT: \\host\share becomes \\TARGET\SHARE for the share the
 *     capture first connected to; IPC$ stays IPC$, other shares keep their
 *     names;
 *   - every FileId but the related-compound 0xFFFF...: the replayed one;
 *   - CREATE contexts: lease keys (and parent keys), CreateGuids and
 *     AppInstanceIds get fresh values (the same for every use), durable
 *     reconnects name the replayed FileId;
 *   - IOCTL: VALIDATE_NEGOTIATE_INFO carries the replay's own NEGOTIATE
 *     values; DFS_GET_REFERRALS the target's host and share;
 *     SRV_COPYCHUNK(_WRITE) the source key the target gave;
 *   - OPLOCK_BREAK lease acknowledgements: the replayed lease key.
 * CREATE names stay as they are (relative to the share).
 *
 * Each change of an id is also recorded as a patch of the captured bytes
 * (its offset there), so that the request can go out byte for byte as
 * captured with only the ids replaced (rr_rebuild_wire, replay_wire.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "pcap-replay/replay_int.h"
#include "util/utf16.h"
#include "wire/fsctl.h"

/* MaxReferralLevel before the name in REQ_GET_DFS_REFERRAL (MS-DFSC 2.2.2). */
#define RR_DFS_REQ_HEAD 2

/* Offsets of the FileId in the request bodies (MS-SMB2 2.2.15 to 2.2.39),
 * from the start of the message. */
#define FID_AT_8 (SMB2_HDR_SIZE + 8)    /* CLOSE FLUSH LOCK IOCTL QUERY_DIRECTORY
                                         * CHANGE_NOTIFY OPLOCK_BREAK */
#define FID_AT_16 (SMB2_HDR_SIZE + 16)  /* READ WRITE SET_INFO */
#define FID_AT_24 (SMB2_HDR_SIZE + 24)  /* QUERY_INFO */
/* Where ids sit in create context data (2.2.13.2.x). */
#define RQLS_KEY 0
#define RQLS_PARENT_KEY 32
#define DH2Q_GUID 16
#define DH2C_FID 0
#define DH2C_GUID 16
#define DHNC_FID 0
#define APPID_ID 4

/* What one rebuild works on. */
struct rb {
	struct rr_engine *e;
	const struct rr_stream *s;
	const struct rr_op *op;
	struct rr_built *b;
	char *detail;
	size_t dlen;
};

void rr_built_free(struct rr_built *b)
{
	if (!b)
		return;
	free(b->m);
	for (unsigned i = 0; i < b->n_bufs; i++)
		free(b->bufs[i]);
	memset(b, 0, sizeof(*b));
}

static void *keep(struct rr_built *b, void *p)
{
	if (!p)
		return NULL;
	if (b->n_bufs == RR_BUILT_BUFS) {
		free(p);
		return NULL;
	}
	b->bufs[b->n_bufs++] = p;
	return p;
}

/* Record that len bytes at `at` (a pointer into the op's captured bytes)
 * now read `bytes`. */
static void patch(struct rb *x, const uint8_t *at, const void *bytes, size_t len)
{
	const uint8_t *raw = x->op->raw;
	struct rr_patch *p;

	if (x->b->no_wire)
		return;
	if (!at || at < raw || (size_t)(at - raw) + len > x->op->raw_len || len > RR_PATCH_MAX ||
	    x->b->n_patch == RR_MAX_PATCHES) {
		x->b->no_wire = true;
		return;
	}
	p = &x->b->patch[x->b->n_patch++];
	p->off = (uint32_t)(at - raw);
	p->len = (uint8_t)len;
	memcpy(p->bytes, bytes, len);
}

uint8_t *rr_rebuild_wire(const struct rr_op *op, const struct rr_built *b)
{
	uint8_t *w;

	if (b->no_wire || !op->raw)
		return NULL;
	w = malloc(op->raw_len);
	if (!w)
		return NULL;
	memcpy(w, op->raw, op->raw_len);
	for (unsigned i = 0; i < b->n_patch; i++)
		memcpy(w + b->patch[i].off, b->patch[i].bytes, b->patch[i].len);
	return w;
}

/* The target's name for a captured share: the share the capture first
 * connected to (or any, when it connected to none) is --target's SHARE,
 * IPC$ is IPC$, another keeps its name. */
static const char *target_share(const struct rb *x, const char *cap_share)
{
	const struct rr_plan *p = x->e->plan;

	if (strcasecmp(cap_share, "ipc$") == 0)
		return "IPC$";
	if (p->main_share < 0 || strcasecmp(cap_share, p->shares[p->main_share]) == 0)
		return x->e->o->share;
	return cap_share;
}

/* "\\HOST\SHARE" of the target for a captured share name. */
static NTSTATUS target_unc(struct rb *x, const char *cap_share, const char *rest,
                           struct smb2_blob *out)
{
	char unc[3 * RR_NAME_MAX + RR_PATH_MAX];
	uint8_t *u16;
	size_t len;

	if ((size_t)snprintf(unc, sizeof(unc), "\\\\%s\\%s%s", x->e->o->host,
	                     target_share(x, cap_share), rest) >= sizeof(unc))
		return STATUS_BUFFER_OVERFLOW;
	if (utf8_to_utf16le_alloc(unc, strlen(unc), &u16, &len) != STATUS_SUCCESS)
		return STATUS_INVALID_PARAMETER;
	if (!keep(x->b, u16))
		return STATUS_NO_MEMORY;
	out->p = u16;
	out->len = (uint32_t)len;
	return STATUS_SUCCESS;
}

/* Split "\\host\share[\rest]" (UTF-8, cut in place): *share is the share,
 * NUL-terminated; rest (copied out) what follows it with its backslash,
 * or "". */
static bool split_unc(char *u, char **share, char *rest, size_t rlen)
{
	char *p = u, *s, *r;

	while (*p == '\\')
		p++;
	s = strchr(p, '\\');
	if (!s)
		return false;
	s++;
	r = strchr(s, '\\');
	snprintf(rest, rlen, "%s", r ? r : "");
	if (r)
		*r = 0;
	*share = s;
	return true;
}

static enum rr_skip tree_connect(struct rb *x, struct smb2_tree_connect_req *q)
{
	char *u = NULL, *share;
	char rest[RR_PATH_MAX];
	NTSTATUS st;

	if (utf16le_to_utf8_alloc(q->path.p, q->path.len, &u, NULL) != STATUS_SUCCESS) {
		snprintf(x->detail, x->dlen, "TREE_CONNECT path is not UTF-16");
		return RR_SKIP_UNDECODABLE;
	}
	if (!split_unc(u, &share, rest, sizeof(rest))) {
		/* Not \\host\share: the target's share all the same. */
		share = u;
		rest[0] = 0;
	}
	st = target_unc(x, share, rest, &q->path);
	free(u);
	if (st != STATUS_SUCCESS) {
		snprintf(x->detail, x->dlen, "TREE_CONNECT path for the target: %s", nt_status_name(st));
		return st == STATUS_NO_MEMORY ? RR_SKIP_SEND_FAILED : RR_SKIP_UNDECODABLE;
	}
	x->b->no_wire = true;   /* another length */
	return RR_SKIP_NONE;
}

/* Map the FileId *fid, which sits at message offset `at` in the
 * captured bytes. */
static enum rr_skip map_fid(struct rb *x, struct smb2_fileid *fid, const uint8_t *at)
{
	struct smb2_fileid rep;
	uint8_t bytes[16];
	enum rr_skip why;

	if (fid->persistent == SMB2_FILEID_ANY && fid->volatile_ == SMB2_FILEID_ANY)
		return RR_SKIP_NONE;
	why = rr_fid_get(x->s, *fid, &rep);
	if (why != RR_SKIP_NONE) {
		snprintf(x->detail, x->dlen, "FileId %016llx-%016llx",
		         (unsigned long long)fid->persistent, (unsigned long long)fid->volatile_);
		return why;
	}
	*fid = rep;
	put_le64(bytes, rep.persistent);
	put_le64(bytes + 8, rep.volatile_);
	patch(x, at, bytes, sizeof(bytes));
	return RR_SKIP_NONE;
}

static enum rr_skip map_fid_at(struct rb *x, struct smb2_fileid *fid, size_t off)
{
	return map_fid(x, fid, off + 16 <= x->op->raw_len ? x->op->raw + off : NULL);
}

/* A fresh 16-byte id for one in a context, patched where it sits. */
static int map16(struct rb *x, struct rr_map *m, uint8_t id[16], const uint8_t *at)
{
	if (rr_id16_map(m, id, true, id) != 0)
		return -1;
	patch(x, at, id, 16);
	return 0;
}

static enum rr_skip create_contexts(struct rb *x, struct smb2_create_req *q)
{
	struct rr_engine *e = x->e;

	for (uint32_t i = 0; i < q->contexts.count; i++) {
		struct smb2_create_ctx *c = &q->contexts.ctx[i];
		const uint8_t *d = c->data.p;
		int rc = 0;
		enum rr_skip why;

		switch (c->type) {
		case SMB2_CCTX_RQLS:
			rc = map16(x, &e->leases, c->u.lease.key, d + RQLS_KEY);
			if (rc == 0 && c->u.lease.version == 2 &&
			    (c->u.lease.flags & SMB2_LEASE_FLAG_PARENT_LEASE_KEY_SET))
				rc = map16(x, &e->leases, c->u.lease.parent_key, d + RQLS_PARENT_KEY);
			break;
		case SMB2_CCTX_DH2Q:
			rc = map16(x, &e->guids, c->u.dh2q.create_guid, d + DH2Q_GUID);
			break;
		case SMB2_CCTX_DH2C:
			rc = map16(x, &e->guids, c->u.dh2c.create_guid, d + DH2C_GUID);
			why = map_fid(x, &c->u.dh2c.file_id, d + DH2C_FID);
			if (why != RR_SKIP_NONE)
				return why;
			break;
		case SMB2_CCTX_DHNC:
			why = map_fid(x, &c->u.dhnc, d + DHNC_FID);
			if (why != RR_SKIP_NONE)
				return why;
			break;
		case SMB2_CCTX_APP_INSTANCE_ID:
			rc = map16(x, &e->appids, c->u.app_instance_id.id, d + APPID_ID);
			break;
		default:
			break;
		}
		if (rc != 0) {
			snprintf(x->detail, x->dlen, "no memory for a fresh id");
			return RR_SKIP_SEND_FAILED;
		}
	}
	return RR_SKIP_NONE;
}

static enum rr_skip validate_negotiate(struct rb *x, struct smb2_ioctl_req *q)
{
	const struct cli_conn *c = x->s->conn;
	struct smb2_validate_negotiate_req v;
	struct wr w;
	uint8_t *buf;

	if (!c) {
		snprintf(x->detail, x->dlen, "VALIDATE_NEGOTIATE_INFO without a connection");
		return RR_SKIP_NO_CONNECTION;
	}
	memset(&v, 0, sizeof(v));
	v.capabilities = c->capabilities;
	memcpy(v.guid, c->client_guid, 16);
	v.security_mode = c->security_mode;
	v.dialect_count = c->dialect_count;
	memcpy(v.dialects, c->dialects, c->dialect_count * sizeof(uint16_t));
	wr_init(&w, SMB2_MAX_PDU_PRE_NEGOTIATE);
	if (smb2_validate_negotiate_req_encode(&w, &v) != STATUS_SUCCESS || !wr_ok(&w) ||
	    !(buf = keep(x->b, malloc(w.len)))) {
		wr_free(&w);
		snprintf(x->detail, x->dlen, "VALIDATE_NEGOTIATE_INFO input");
		return RR_SKIP_SEND_FAILED;
	}
	memcpy(buf, w.buf, w.len);
	q->input.p = buf;
	q->input.len = (uint32_t)w.len;
	wr_free(&w);
	x->b->sign = true;
	x->b->no_wire = true;   /* the replay's own values, maybe another length */
	return RR_SKIP_NONE;
}

/* REQ_GET_DFS_REFERRAL: MaxReferralLevel, then the NUL-terminated path,
 * whose host and share become the target's. */
static enum rr_skip dfs_referral(struct rb *x, struct smb2_ioctl_req *q)
{
	struct smb2_blob name, unc;
	char *u = NULL, *share;
	char rest[RR_PATH_MAX];
	uint8_t *buf;
	size_t n;

	if (q->input.len < RR_DFS_REQ_HEAD + 2)
		return RR_SKIP_NONE;   /* sent as captured */
	name.p = q->input.p + RR_DFS_REQ_HEAD;
	n = q->input.len - RR_DFS_REQ_HEAD;
	n &= ~(size_t)1;
	while (n >= 2 && name.p[n - 2] == 0 && name.p[n - 1] == 0)
		n -= 2;
	name.len = (uint32_t)n;
	if (utf16le_to_utf8_alloc(name.p, name.len, &u, NULL) != STATUS_SUCCESS)
		return RR_SKIP_NONE;
	if (!split_unc(u, &share, rest, sizeof(rest))) {
		free(u);
		return RR_SKIP_NONE;
	}
	NTSTATUS st = target_unc(x, share, rest, &unc);
	free(u);
	if (st != STATUS_SUCCESS)
		return RR_SKIP_NONE;
	buf = keep(x->b, malloc(RR_DFS_REQ_HEAD + (size_t)unc.len + 2));
	if (!buf)
		return RR_SKIP_SEND_FAILED;
	memcpy(buf, q->input.p, RR_DFS_REQ_HEAD);
	memcpy(buf + RR_DFS_REQ_HEAD, unc.p, unc.len);
	buf[RR_DFS_REQ_HEAD + unc.len] = 0;
	buf[RR_DFS_REQ_HEAD + unc.len + 1] = 0;
	q->input.p = buf;
	q->input.len = RR_DFS_REQ_HEAD + unc.len + 2;
	x->b->no_wire = true;   /* another length */
	return RR_SKIP_NONE;
}

static enum rr_skip copychunk(struct rb *x, struct smb2_ioctl_req *q)
{
	const uint8_t *rep;
	uint8_t *buf;

	if (q->input.len < SMB2_RESUME_KEY_SIZE)
		return RR_SKIP_NONE;   /* the target judges a short input */
	rep = rr_resume_get(x->e, q->input.p);
	if (!rep) {
		snprintf(x->detail, x->dlen, "the source key of SRV_COPYCHUNK came from no replayed "
		         "SRV_REQUEST_RESUME_KEY");
		return RR_SKIP_RESUME_KEY;
	}
	buf = keep(x->b, malloc(q->input.len));
	if (!buf)
		return RR_SKIP_SEND_FAILED;
	memcpy(buf, q->input.p, q->input.len);
	memcpy(buf, rep, SMB2_RESUME_KEY_SIZE);
	patch(x, q->input.p, rep, SMB2_RESUME_KEY_SIZE);
	q->input.p = buf;
	return RR_SKIP_NONE;
}

static enum rr_skip ioctl(struct rb *x, struct smb2_ioctl_req *q)
{
	enum rr_skip why = map_fid_at(x, &q->file_id, FID_AT_8);

	if (why != RR_SKIP_NONE)
		return why;
	x->b->payload = q->input.len > q->max_output_response ? q->input.len
	                                                      : q->max_output_response;
	switch (q->ctl_code) {
	case FSCTL_VALIDATE_NEGOTIATE_INFO:
		return validate_negotiate(x, q);
	case FSCTL_DFS_GET_REFERRALS:
		return dfs_referral(x, q);
	case FSCTL_SRV_COPYCHUNK:
	case FSCTL_SRV_COPYCHUNK_WRITE:
		return copychunk(x, q);
	default:
		return RR_SKIP_NONE;
	}
}

static uint32_t max32(uint32_t a, uint32_t b)
{
	return a > b ? a : b;
}

static enum rr_skip lease_ack(struct rb *x, struct smb2_oplock_break_req *q)
{
	if (rr_id16_map(&x->e->leases, x->op->lease_key, false, q->lease_key) != 0) {
		snprintf(x->detail, x->dlen, "lease key never sent in a replayed CREATE");
		return RR_SKIP_LEASE_UNKNOWN;
	}
	patch(x, x->op->raw_len >= FID_AT_8 + 16 ? x->op->raw + FID_AT_8 : NULL, q->lease_key, 16);
	return RR_SKIP_NONE;
}

static enum rr_skip body(struct rb *x)
{
	struct smb2_msg *m = x->b->m;
	struct rr_built *b = x->b;

	switch (m->hdr.command) {
	case SMB2_TREE_CONNECT:
		return tree_connect(x, &m->u.tree_connect_req);
	case SMB2_CREATE:
		return create_contexts(x, &m->u.create_req);
	case SMB2_CLOSE:
		return map_fid_at(x, &m->u.close_req.file_id, FID_AT_8);
	case SMB2_FLUSH:
		return map_fid_at(x, &m->u.flush_req.file_id, FID_AT_8);
	case SMB2_READ:
		b->payload = m->u.read_req.length;
		return map_fid_at(x, &m->u.read_req.file_id, FID_AT_16);
	case SMB2_WRITE:
		b->payload = m->u.write_req.data.len;
		return map_fid_at(x, &m->u.write_req.file_id, FID_AT_16);
	case SMB2_LOCK:
		return map_fid_at(x, &m->u.lock_req.file_id, FID_AT_8);
	case SMB2_IOCTL:
		return ioctl(x, &m->u.ioctl_req);
	case SMB2_QUERY_DIRECTORY:
		b->payload = m->u.query_directory_req.output_buffer_length;
		return map_fid_at(x, &m->u.query_directory_req.file_id, FID_AT_8);
	case SMB2_CHANGE_NOTIFY:
		b->payload = m->u.change_notify_req.output_buffer_length;
		return map_fid_at(x, &m->u.change_notify_req.file_id, FID_AT_8);
	case SMB2_QUERY_INFO:
		b->payload = max32(m->u.query_info_req.output_buffer_length,
		                   m->u.query_info_req.input.len);
		return map_fid_at(x, &m->u.query_info_req.file_id, FID_AT_24);
	case SMB2_SET_INFO:
		b->payload = m->u.set_info_req.buffer.len;
		return map_fid_at(x, &m->u.set_info_req.file_id, FID_AT_16);
	case SMB2_OPLOCK_BREAK:
		if (m->u.oplock_break_req.kind == SMB2_BREAK_LEASE_ACK)
			return lease_ack(x, &m->u.oplock_break_req);
		return map_fid_at(x, &m->u.oplock_break_req.file_id, FID_AT_8);
	case SMB2_LOGOFF:
	case SMB2_TREE_DISCONNECT:
	case SMB2_ECHO:
		return RR_SKIP_NONE;
	case SMB2_NEGOTIATE:
		return RR_SKIP_NEGOTIATE;
	case SMB2_SESSION_SETUP:
		return RR_SKIP_SETUP_ROUND;
	default:
		/* CANCEL goes through cli_cancel() (replay_engine.c). */
		snprintf(x->detail, x->dlen, "%s is not rebuilt", smb2_command_name(m->hdr.command));
		return RR_SKIP_UNDECODABLE;
	}
}

/* Commands sent outside any tree. */
static bool treeless(uint16_t cmd)
{
	return cmd == SMB2_NEGOTIATE || cmd == SMB2_SESSION_SETUP || cmd == SMB2_LOGOFF ||
	       cmd == SMB2_TREE_CONNECT || cmd == SMB2_ECHO || cmd == SMB2_CANCEL;
}

/* The session and tree of the request (a related member may carry the
 * all-ones ids, meaning "the previous one's": MS-SMB2 3.2.4.1.4). */
static enum rr_skip ids(struct rb *x, const struct rr_built *prev)
{
	uint64_t sid = x->b->m->hdr.session_id;
	uint32_t tid = x->b->m->hdr.tree_id;
	enum rr_skip why = RR_SKIP_NONE;

	if (x->op->related && prev && sid == UINT64_MAX)
		x->b->sess = prev->sess;
	else if (sid != 0)
		why = rr_sess_get(x->s, sid, &x->b->sess);
	if (why != RR_SKIP_NONE) {
		snprintf(x->detail, x->dlen, "SessionId 0x%016llx", (unsigned long long)sid);
		return why;
	}
	if (treeless(x->b->m->hdr.command))
		return RR_SKIP_NONE;
	if (x->op->related && prev && tid == UINT32_MAX)
		x->b->tree = prev->tree;
	else if (tid != 0)
		why = rr_tree_get(x->s, tid, &x->b->tree);
	if (why != RR_SKIP_NONE)
		snprintf(x->detail, x->dlen, "TreeId 0x%08llx", (unsigned long long)tid);
	return why;
}

enum rr_skip rr_rebuild(struct rr_engine *e, struct rr_stream *s, const struct rr_op *op,
                        const struct rr_built *prev, struct rr_built *out, char *detail,
                        size_t dlen)
{
	struct rr_built b;
	struct rb x = { e, s, op, &b, detail, dlen };
	struct rd r;
	enum rr_skip why;

	detail[0] = 0;
	memset(&b, 0, sizeof(b));
	if (!op->raw) {
		snprintf(detail, dlen, "no copy of the request was kept");
		return op->plan_skip != RR_SKIP_NONE ? op->plan_skip : RR_SKIP_UNDECODABLE;
	}
	b.m = calloc(1, sizeof(*b.m));
	if (!b.m) {
		snprintf(detail, dlen, "out of memory");
		return RR_SKIP_SEND_FAILED;
	}
	rd_init(&r, op->raw, op->raw_len);
	if (smb2_msg_decode(&r, b.m) != STATUS_SUCCESS) {
		snprintf(detail, dlen, "%s at offset %zu", r.err_field ? r.err_field : "header",
		         r.err_off);
		rr_built_free(&b);
		return RR_SKIP_UNDECODABLE;
	}
	b.related = op->related;
	why = ids(&x, prev);
	if (why == RR_SKIP_NONE) {
		/* The library sets the rest of the header; keep the flags that
		 * say something about the request (DFS, priority, replay). */
		b.m->hdr.flags &= ~(uint32_t)(SMB2_FLAGS_SERVER_TO_REDIR | SMB2_FLAGS_ASYNC_COMMAND |
		                              SMB2_FLAGS_RELATED_OPERATIONS | SMB2_FLAGS_SIGNED);
		why = body(&x);
	}
	if (why != RR_SKIP_NONE) {
		rr_built_free(&b);
		return why;
	}
	*out = b;
	return RR_SKIP_NONE;
}
