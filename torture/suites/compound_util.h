/*
 * Helpers the compound, lock and notify suites share (torture/suites/
 * compound*.c, lock*.c, notify*.c): request messages for cli_send_chain()
 * (MS-SMB2 2.2.13 to 2.2.37 bodies through lib/wire), sending a chain whose
 * futures the fixture frees, waiting event-driven for an interim response
 * (MS-SMB2 3.3.4.2), opening a second handle, and single requests whose
 * exact NTSTATUS a test checks.
 *
 * Everything here fails the test through torture_fail() on local errors,
 * and every allocation comes from torture_alloc(), so that a failing check
 * leaves nothing behind.
 */
#ifndef SMBSIM_SUITES_COMPOUND_UTIL_H
#define SMBSIM_SUITES_COMPOUND_UTIL_H

#include <stdlib.h>
#include <string.h>

#include <event2/event.h>

#include "torture/torture.h"
#include "util/utf16.h"
#include "wire/msg.h"
#include "wire/notify_info.h"

/* MS-SMB2 2.2.1.2 / 3.2.4.1.4: the FileId a related request carries to
 * mean "the one of the previous request". */
static inline struct smb2_fileid cl_fid_related(void)
{
	struct smb2_fileid f = { SMB2_FILEID_ANY, SMB2_FILEID_ANY };

	return f;
}

/* Share access that lets every other open in a test coexist. */
#define CL_SHARE_ALL (SMB2_FILE_SHARE_READ | SMB2_FILE_SHARE_WRITE | SMB2_FILE_SHARE_DELETE)

/* A zeroed request message of command cmd (freed by the fixture). */
static inline struct smb2_msg *cl_msg(struct torture_ctx *t, uint16_t cmd)
{
	struct smb2_msg *m = torture_alloc(t, sizeof(*m));

	m->hdr.command = cmd;
	m->kind = SMB2_MSG_REQ(cmd);
	return m;
}

static inline struct smb2_msg *cl_create_msg(struct torture_ctx *t, const char *path,
                                             uint32_t access, uint32_t disposition,
                                             uint32_t options)
{
	struct smb2_msg *m = cl_msg(t, SMB2_CREATE);
	struct smb2_create_req *q = &m->u.create_req;
	uint8_t *u16 = NULL, *copy;
	size_t len = 0;

	if (cli_path_utf16(path, &u16, &len) != STATUS_SUCCESS)
		torture_fail(t, "cannot convert %s to UTF-16", path);
	copy = torture_alloc(t, len + 1);
	memcpy(copy, u16, len);
	free(u16);
	q->impersonation_level = SMB2_IMPERSONATION_IMPERSONATION;
	q->desired_access = access;
	q->file_attributes = (options & SMB2_FILE_DIRECTORY_FILE) ? SMB2_FILE_ATTRIBUTE_DIRECTORY
	                                                         : SMB2_FILE_ATTRIBUTE_NORMAL;
	q->share_access = CL_SHARE_ALL;
	q->create_disposition = disposition;
	q->create_options = options;
	q->name.p = copy;
	q->name.len = (uint32_t)len;
	return m;
}

static inline struct smb2_msg *cl_close_msg(struct torture_ctx *t, struct smb2_fileid fid)
{
	struct smb2_msg *m = cl_msg(t, SMB2_CLOSE);

	m->u.close_req.file_id = fid;
	return m;
}

static inline struct smb2_msg *cl_write_msg(struct torture_ctx *t, struct smb2_fileid fid,
                                            uint64_t off, const uint8_t *data, uint32_t len)
{
	struct smb2_msg *m = cl_msg(t, SMB2_WRITE);

	m->u.write_req.file_id = fid;
	m->u.write_req.offset = off;
	m->u.write_req.data.p = data;
	m->u.write_req.data.len = len;
	return m;
}

static inline struct smb2_msg *cl_read_msg(struct torture_ctx *t, struct smb2_fileid fid,
                                           uint64_t off, uint32_t len)
{
	struct smb2_msg *m = cl_msg(t, SMB2_READ);

	m->u.read_req.file_id = fid;
	m->u.read_req.offset = off;
	m->u.read_req.length = len;
	return m;
}

/* QUERY_INFO of a file information class (MS-FSCC 2.4). */
static inline struct smb2_msg *cl_qinfo_msg(struct torture_ctx *t, struct smb2_fileid fid,
                                            uint8_t cls, uint32_t out_len)
{
	struct smb2_msg *m = cl_msg(t, SMB2_QUERY_INFO);

	m->u.query_info_req.info_type = SMB2_0_INFO_FILE;
	m->u.query_info_req.file_info_class = cls;
	m->u.query_info_req.output_buffer_length = out_len;
	m->u.query_info_req.file_id = fid;
	return m;
}

static inline struct smb2_msg *cl_lock_msg(struct torture_ctx *t, struct smb2_fileid fid,
                                           const struct smb2_lock_element *els, uint16_t n)
{
	struct smb2_msg *m = cl_msg(t, SMB2_LOCK);

	if (n > SMB2_MAX_LOCK_ELEMENTS)
		torture_fail(t, "%u lock elements", n);
	m->u.lock_req.file_id = fid;
	m->u.lock_req.lock_count = n;
	if (n)
		memcpy(m->u.lock_req.locks, els, n * sizeof(els[0]));
	return m;
}

static inline struct smb2_msg *cl_notify_msg(struct torture_ctx *t, struct smb2_fileid fid,
                                             uint16_t flags, uint32_t filter, uint32_t out_len)
{
	struct smb2_msg *m = cl_msg(t, SMB2_CHANGE_NOTIFY);

	m->u.change_notify_req.file_id = fid;
	m->u.change_notify_req.flags = flags;
	m->u.change_notify_req.completion_filter = filter;
	m->u.change_notify_req.output_buffer_length = out_len;
	return m;
}

/* The payload a request is charged for (MS-SMB2 3.2.4.1.5). */
static inline uint32_t cl_payload(const struct smb2_msg *m)
{
	switch (m->hdr.command) {
	case SMB2_READ:
		return m->u.read_req.length;
	case SMB2_WRITE:
		return m->u.write_req.data.len;
	case SMB2_QUERY_INFO:
		return m->u.query_info_req.output_buffer_length;
	case SMB2_CHANGE_NOTIFY:
		return m->u.change_notify_req.output_buffer_length;
	default:
		return 0;
	}
}

/* One item of a chain on tree (its session), related or not. */
static inline struct cli_send_item cl_item(struct cli_tree *tree, const struct smb2_msg *m,
                                           bool related, const struct cli_override *ov)
{
	struct cli_send_item it;

	memset(&it, 0, sizeof(it));
	it.m = m;
	it.sess = tree->sess;
	it.tree = tree;
	it.related = related;
	it.ov = ov;
	it.payload = cl_payload(m);
	return it;
}

/* Send items as one frame on tree's connection; the futures go to the
 * fixture.  A chain the client refuses to send fails the test. */
static inline void cl_send_chain(struct torture_ctx *t, struct cli_tree *tree,
                                 const struct cli_send_item *items, unsigned n,
                                 struct cli_req **reqs)
{
	NTSTATUS st = cli_send_chain(tree->sess->conn, items, n, reqs);

	if (st != STATUS_SUCCESS)
		torture_fail(t, "cli_send_chain of %u requests: %s", n, nt_status_name(st));
	for (unsigned i = 0; i < n; i++)
		torture_req(t, reqs[i]);
}

/* Wait for the final answers of n requests; fail the test when one has
 * none within the target's timeout.  Their statuses are the test's to
 * check. */
static inline void cl_wait_chain(struct torture_ctx *t, struct cli_req **reqs, unsigned n)
{
	(void)cli_wait_all(reqs, n, 0);
	for (unsigned i = 0; i < n; i++)
		if (!reqs[i]->done)
			torture_fail(t, "request %u of %u (%s) has no final answer", i + 1, n,
			             smb2_command_name(reqs[i]->command));
}

/* Send one request, wait for its final answer and return its status (the
 * request itself is freed). */
static inline NTSTATUS cl_call(struct torture_ctx *t, struct cli_tree *tree,
                               const struct smb2_msg *m, const struct cli_override *ov)
{
	struct cli_send_item it = cl_item(tree, m, false, ov);
	struct cli_req *r;
	NTSTATUS st;

	cl_send_chain(t, tree, &it, 1, &r);
	st = cli_wait(r, 0);
	torture_req_free(t, r);
	return st;
}

/* The file information a successful QUERY_INFO answered, decoded as cls. */
static inline struct smb2_fileinfo cl_fileinfo(struct torture_ctx *t, const struct cli_req *r,
                                               uint8_t cls)
{
	struct smb2_fileinfo fi;

	if (!r->has_msg || r->msg.kind != SMB2_MSG_RSP(SMB2_QUERY_INFO))
		torture_fail(t, "no QUERY_INFO response body to decode");
	if (smb2_fileinfo_decode(cls, r->msg.u.query_info_rsp.buffer, &fi) != STATUS_SUCCESS)
		torture_fail(t, "QUERY_INFO class %u: the output buffer (%u bytes) does not decode",
		             cls, r->msg.u.query_info_rsp.buffer.len);
	return fi;
}

static inline void cl_timer_cb(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	*(bool *)arg = true;
}

/*
 * Run the loop until r has an interim response (MS-SMB2 3.3.4.2) or its
 * final one, bounded by the target's timeout.  True when the interim
 * response came and r is still pending.
 */
static inline bool cl_wait_interim(struct torture_ctx *t, struct cli_req *r)
{
	bool timed_out = false;
	int ms = t->tgt->timeout_ms > 0 ? t->tgt->timeout_ms : 10000;
	struct timeval tv = { ms / 1000, (ms % 1000) * 1000 };
	struct event *ev = evtimer_new(t->base, cl_timer_cb, &timed_out);

	if (!ev)
		torture_fail(t, "out of memory");
	evtimer_add(ev, &tv);
	while (!r->interim && !r->done && !timed_out)
		if (event_base_loop(t->base, EVLOOP_ONCE) < 0)
			break;
	event_free(ev);
	if (!r->interim && !r->done)
		torture_fail(t, "%s request mid %llu: neither an interim nor a final response "
		             "within %d ms", smb2_command_name(r->command),
		             (unsigned long long)r->mid, ms);
	return r->interim && !r->done;
}

/* Open an existing file (or directory, with SMB2_FILE_DIRECTORY_FILE) on
 * tree with the given access and every share mode. */
static inline NTSTATUS cl_open(struct cli_tree *tree, const char *path, uint32_t access,
                               uint32_t options, struct cli_open *out)
{
	struct cli_create_args a;

	memset(&a, 0, sizeof(a));
	a.desired_access = access;
	a.share_access = CL_SHARE_ALL;
	a.disposition = SMB2_FILE_OPEN;
	a.options = options;
	return cli_create(tree, path, &a, out);
}

/* READ or WRITE of len bytes at off as one request: its exact status. */
static inline NTSTATUS cl_read_status(struct torture_ctx *t, struct cli_tree *tree,
                                      struct smb2_fileid fid, uint64_t off, uint32_t len)
{
	return cl_call(t, tree, cl_read_msg(t, fid, off, len), NULL);
}

static inline NTSTATUS cl_write_status(struct torture_ctx *t, struct cli_tree *tree,
                                       struct smb2_fileid fid, uint64_t off, uint32_t len)
{
	uint8_t *data = torture_alloc(t, len ? len : 1);

	memset(data, 'w', len);
	return cl_call(t, tree, cl_write_msg(t, fid, off, data, len), NULL);
}

/* The session a hook-altered frame would break: skip when requests are
 * signed (the hook runs after signing, MS-SMB2 3.2.4.1.1). */
static inline void cl_require_unsigned(struct torture_ctx *t, struct cli_session *s)
{
	if (s->signing_required)
		torture_skip(t, "the session signs every request; this test alters the frame "
		             "after signing");
}

#endif
