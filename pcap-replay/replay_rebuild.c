/*
 * A captured request rebuilt for the target (replay_int.h): decoded again
 * from the plan's copy, then every id the target would not know replaced
 * by the replay's own.  The header's ids, MessageId, credits and
 * signature are the client library's; what is changed in the body:
 *   - TREE_CONNECT: \\host\share becomes \\TARGET\SHARE (IPC$ stays IPC$);
 *   - every FileId but the related-compound 0xFFFF...: the replayed one;
 *   - CREATE contexts: lease keys (and parent keys), CreateGuids and
 *     AppInstanceIds get fresh values (the same for every use), durable
 *     reconnects name the replayed FileId;
 *   - IOCTL: VALIDATE_NEGOTIATE_INFO carries the replay's own NEGOTIATE
 *     values; DFS_GET_REFERRALS the target's host and share;
 *     SRV_COPYCHUNK(_WRITE) the source key the target gave;
 *   - OPLOCK_BREAK lease acknowledgements: the replayed lease key.
 * CREATE names stay as they are (relative to the share).
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

/* "\\HOST\SHARE" of the target for a captured share name. */
static NTSTATUS target_unc(const struct rr_engine *e, const char *cap_share, const char *rest,
                           struct rr_built *b, struct smb2_blob *out)
{
	char unc[3 * RR_NAME_MAX + RR_PATH_MAX];
	uint8_t *u16;
	size_t len;
	bool ipc = strcasecmp(cap_share, "ipc$") == 0;

	if ((size_t)snprintf(unc, sizeof(unc), "\\\\%s\\%s%s", e->o->host,
	                     ipc ? "IPC$" : e->o->share, rest) >= sizeof(unc))
		return STATUS_BUFFER_OVERFLOW;
	if (utf8_to_utf16le_alloc(unc, strlen(unc), &u16, &len) != STATUS_SUCCESS)
		return STATUS_INVALID_PARAMETER;
	if (!keep(b, u16))
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

static enum rr_skip tree_connect(const struct rr_engine *e, struct smb2_tree_connect_req *q,
                                 struct rr_built *b, char *detail, size_t dlen)
{
	char *u = NULL, *share;
	char rest[RR_PATH_MAX];
	NTSTATUS st;

	if (utf16le_to_utf8_alloc(q->path.p, q->path.len, &u, NULL) != STATUS_SUCCESS) {
		snprintf(detail, dlen, "TREE_CONNECT path is not UTF-16");
		return RR_SKIP_UNDECODABLE;
	}
	if (!split_unc(u, &share, rest, sizeof(rest))) {
		/* Not \\host\share: the target's share all the same. */
		share = u;
		rest[0] = 0;
	}
	st = target_unc(e, share, rest, b, &q->path);
	free(u);
	if (st != STATUS_SUCCESS) {
		snprintf(detail, dlen, "TREE_CONNECT path for the target: %s", nt_status_name(st));
		return st == STATUS_NO_MEMORY ? RR_SKIP_SEND_FAILED : RR_SKIP_UNDECODABLE;
	}
	return RR_SKIP_NONE;
}

static enum rr_skip map_fid(const struct rr_stream *s, struct smb2_fileid *fid, char *detail,
                            size_t dlen)
{
	struct smb2_fileid rep;
	enum rr_skip why;

	if (fid->persistent == SMB2_FILEID_ANY && fid->volatile_ == SMB2_FILEID_ANY)
		return RR_SKIP_NONE;
	why = rr_fid_get(s, *fid, &rep);
	if (why != RR_SKIP_NONE) {
		snprintf(detail, dlen, "FileId %016llx-%016llx", (unsigned long long)fid->persistent,
		         (unsigned long long)fid->volatile_);
		return why;
	}
	*fid = rep;
	return RR_SKIP_NONE;
}

static enum rr_skip create_contexts(struct rr_engine *e, const struct rr_stream *s,
                                    struct smb2_create_req *q, char *detail, size_t dlen)
{
	for (uint32_t i = 0; i < q->contexts.count; i++) {
		struct smb2_create_ctx *x = &q->contexts.ctx[i];
		int rc = 0;
		enum rr_skip why;

		switch (x->type) {
		case SMB2_CCTX_RQLS:
			rc = rr_id16_map(&e->leases, x->u.lease.key, true, x->u.lease.key);
			if (rc == 0 && x->u.lease.version == 2 &&
			    (x->u.lease.flags & SMB2_LEASE_FLAG_PARENT_LEASE_KEY_SET))
				rc = rr_id16_map(&e->leases, x->u.lease.parent_key, true,
				                 x->u.lease.parent_key);
			break;
		case SMB2_CCTX_DH2Q:
			rc = rr_id16_map(&e->guids, x->u.dh2q.create_guid, true, x->u.dh2q.create_guid);
			break;
		case SMB2_CCTX_DH2C:
			rc = rr_id16_map(&e->guids, x->u.dh2c.create_guid, true, x->u.dh2c.create_guid);
			why = map_fid(s, &x->u.dh2c.file_id, detail, dlen);
			if (why != RR_SKIP_NONE)
				return why;
			break;
		case SMB2_CCTX_DHNC:
			why = map_fid(s, &x->u.dhnc, detail, dlen);
			if (why != RR_SKIP_NONE)
				return why;
			break;
		case SMB2_CCTX_APP_INSTANCE_ID:
			rc = rr_id16_map(&e->appids, x->u.app_instance_id.id, true,
			                 x->u.app_instance_id.id);
			break;
		default:
			break;
		}
		if (rc != 0) {
			snprintf(detail, dlen, "no memory for a fresh id");
			return RR_SKIP_SEND_FAILED;
		}
	}
	return RR_SKIP_NONE;
}

static enum rr_skip validate_negotiate(const struct rr_stream *s, struct smb2_ioctl_req *q,
                                       struct rr_built *b, char *detail, size_t dlen)
{
	const struct cli_conn *c = s->conn;
	struct smb2_validate_negotiate_req v;
	struct wr w;
	uint8_t *buf;

	if (!c) {
		snprintf(detail, dlen, "VALIDATE_NEGOTIATE_INFO without a connection");
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
	    !(buf = keep(b, malloc(w.len)))) {
		wr_free(&w);
		snprintf(detail, dlen, "VALIDATE_NEGOTIATE_INFO input");
		return RR_SKIP_SEND_FAILED;
	}
	memcpy(buf, w.buf, w.len);
	q->input.p = buf;
	q->input.len = (uint32_t)w.len;
	wr_free(&w);
	b->sign = true;
	return RR_SKIP_NONE;
}

/* REQ_GET_DFS_REFERRAL: MaxReferralLevel, then the NUL-terminated path,
 * whose host and share become the target's. */
static enum rr_skip dfs_referral(const struct rr_engine *e, struct smb2_ioctl_req *q,
                                 struct rr_built *b)
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
	NTSTATUS st = target_unc(e, share, rest, b, &unc);
	free(u);
	if (st != STATUS_SUCCESS)
		return RR_SKIP_NONE;
	buf = keep(b, malloc(RR_DFS_REQ_HEAD + (size_t)unc.len + 2));
	if (!buf)
		return RR_SKIP_SEND_FAILED;
	memcpy(buf, q->input.p, RR_DFS_REQ_HEAD);
	memcpy(buf + RR_DFS_REQ_HEAD, unc.p, unc.len);
	buf[RR_DFS_REQ_HEAD + unc.len] = 0;
	buf[RR_DFS_REQ_HEAD + unc.len + 1] = 0;
	q->input.p = buf;
	q->input.len = RR_DFS_REQ_HEAD + unc.len + 2;
	return RR_SKIP_NONE;
}

static enum rr_skip copychunk(const struct rr_engine *e, struct smb2_ioctl_req *q,
                              struct rr_built *b, char *detail, size_t dlen)
{
	const uint8_t *rep;
	uint8_t *buf;

	if (q->input.len < SMB2_RESUME_KEY_SIZE)
		return RR_SKIP_NONE;   /* the target judges a short input */
	rep = rr_resume_get(e, q->input.p);
	if (!rep) {
		snprintf(detail, dlen, "the source key of SRV_COPYCHUNK came from no replayed "
		         "SRV_REQUEST_RESUME_KEY");
		return RR_SKIP_RESUME_KEY;
	}
	buf = keep(b, malloc(q->input.len));
	if (!buf)
		return RR_SKIP_SEND_FAILED;
	memcpy(buf, q->input.p, q->input.len);
	memcpy(buf, rep, SMB2_RESUME_KEY_SIZE);
	q->input.p = buf;
	return RR_SKIP_NONE;
}

static enum rr_skip ioctl(struct rr_engine *e, const struct rr_stream *s,
                          struct smb2_ioctl_req *q, struct rr_built *b, char *detail,
                          size_t dlen)
{
	enum rr_skip why = map_fid(s, &q->file_id, detail, dlen);

	if (why != RR_SKIP_NONE)
		return why;
	b->payload = q->input.len > q->max_output_response ? q->input.len : q->max_output_response;
	switch (q->ctl_code) {
	case FSCTL_VALIDATE_NEGOTIATE_INFO:
		return validate_negotiate(s, q, b, detail, dlen);
	case FSCTL_DFS_GET_REFERRALS:
		return dfs_referral(e, q, b);
	case FSCTL_SRV_COPYCHUNK:
	case FSCTL_SRV_COPYCHUNK_WRITE:
		return copychunk(e, q, b, detail, dlen);
	default:
		return RR_SKIP_NONE;
	}
}

static uint32_t max32(uint32_t a, uint32_t b)
{
	return a > b ? a : b;
}

static enum rr_skip body(struct rr_engine *e, const struct rr_stream *s, const struct rr_op *op,
                         struct rr_built *b, char *detail, size_t dlen)
{
	struct smb2_msg *m = b->m;

	switch (m->hdr.command) {
	case SMB2_TREE_CONNECT:
		return tree_connect(e, &m->u.tree_connect_req, b, detail, dlen);
	case SMB2_CREATE:
		return create_contexts(e, s, &m->u.create_req, detail, dlen);
	case SMB2_CLOSE:
		return map_fid(s, &m->u.close_req.file_id, detail, dlen);
	case SMB2_FLUSH:
		return map_fid(s, &m->u.flush_req.file_id, detail, dlen);
	case SMB2_READ:
		b->payload = m->u.read_req.length;
		return map_fid(s, &m->u.read_req.file_id, detail, dlen);
	case SMB2_WRITE:
		b->payload = m->u.write_req.data.len;
		return map_fid(s, &m->u.write_req.file_id, detail, dlen);
	case SMB2_LOCK:
		return map_fid(s, &m->u.lock_req.file_id, detail, dlen);
	case SMB2_IOCTL:
		return ioctl(e, s, &m->u.ioctl_req, b, detail, dlen);
	case SMB2_QUERY_DIRECTORY:
		b->payload = m->u.query_directory_req.output_buffer_length;
		return map_fid(s, &m->u.query_directory_req.file_id, detail, dlen);
	case SMB2_CHANGE_NOTIFY:
		b->payload = m->u.change_notify_req.output_buffer_length;
		return map_fid(s, &m->u.change_notify_req.file_id, detail, dlen);
	case SMB2_QUERY_INFO:
		b->payload = max32(m->u.query_info_req.output_buffer_length,
		                   m->u.query_info_req.input.len);
		return map_fid(s, &m->u.query_info_req.file_id, detail, dlen);
	case SMB2_SET_INFO:
		b->payload = m->u.set_info_req.buffer.len;
		return map_fid(s, &m->u.set_info_req.file_id, detail, dlen);
	case SMB2_OPLOCK_BREAK:
		if (m->u.oplock_break_req.kind == SMB2_BREAK_LEASE_ACK) {
			if (rr_id16_map(&e->leases, op->lease_key, false,
			                m->u.oplock_break_req.lease_key) != 0) {
				snprintf(detail, dlen, "lease key never sent in a replayed CREATE");
				return RR_SKIP_LEASE_UNKNOWN;
			}
			return RR_SKIP_NONE;
		}
		return map_fid(s, &m->u.oplock_break_req.file_id, detail, dlen);
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
		snprintf(detail, dlen, "%s is not rebuilt", smb2_command_name(m->hdr.command));
		return RR_SKIP_UNDECODABLE;
	}
}

/* Commands sent outside any tree. */
static bool treeless(uint16_t cmd)
{
	return cmd == SMB2_NEGOTIATE || cmd == SMB2_SESSION_SETUP || cmd == SMB2_LOGOFF ||
	       cmd == SMB2_TREE_CONNECT || cmd == SMB2_ECHO || cmd == SMB2_CANCEL;
}

enum rr_skip rr_rebuild(struct rr_engine *e, struct rr_stream *s, const struct rr_op *op,
                        const struct rr_built *prev, struct rr_built *out, char *detail,
                        size_t dlen)
{
	struct rr_built b;
	struct rd r;
	enum rr_skip why = RR_SKIP_NONE;
	uint64_t sid;
	uint32_t tid;

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
	sid = b.m->hdr.session_id;
	tid = b.m->hdr.tree_id;
	b.related = op->related;
	/* MS-SMB2 3.2.4.1.4: a related member may carry the all-ones ids,
	 * meaning "the previous one's". */
	if (op->related && prev && sid == UINT64_MAX)
		b.sess = prev->sess;
	else if (sid != 0)
		why = rr_sess_get(s, sid, &b.sess);
	if (why == RR_SKIP_NONE && !treeless(b.m->hdr.command)) {
		if (op->related && prev && tid == UINT32_MAX)
			b.tree = prev->tree;
		else if (tid != 0)
			why = rr_tree_get(s, tid, &b.tree);
	}
	if (why != RR_SKIP_NONE) {
		snprintf(detail, dlen, why == RR_SKIP_SESSION_UNKNOWN || why == RR_SKIP_SESSION_FAILED
		                               ? "SessionId 0x%016llx"
		                               : "TreeId 0x%08llx",
		         (unsigned long long)(why == RR_SKIP_SESSION_UNKNOWN ||
		                                      why == RR_SKIP_SESSION_FAILED
		                              ? sid
		                              : tid));
		rr_built_free(&b);
		return why;
	}
	/* The library sets the rest of the header; keep the flags that say
	 * something about the request (DFS, priority, replay). */
	b.m->hdr.flags &= ~(uint32_t)(SMB2_FLAGS_SERVER_TO_REDIR | SMB2_FLAGS_ASYNC_COMMAND |
	                              SMB2_FLAGS_RELATED_OPERATIONS | SMB2_FLAGS_SIGNED);
	why = body(e, s, op, &b, detail, dlen);
	if (why != RR_SKIP_NONE) {
		rr_built_free(&b);
		return why;
	}
	*out = b;
	return RR_SKIP_NONE;
}
