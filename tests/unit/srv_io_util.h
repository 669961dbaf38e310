/*
 * Helpers for the I/O, lock and notify server tests (test_srv_io.c,
 * test_srv_lock.c, test_srv_notify.c): a server with the file handlers
 * over a temporary share directory, sessions on the in-memory transport
 * (srv_harness.h), and one-call CREATE, CLOSE, READ, WRITE, FLUSH, LOCK
 * and CHANGE_NOTIFY requests with the right credit charge.
 */
#ifndef SMBSIM_TEST_SRV_IO_UTIL_H
#define SMBSIM_TEST_SRV_IO_UTIL_H

#define _XOPEN_SOURCE 700
#include <ftw.h>
#include <stdio.h>
#include <unistd.h>

#include "srv_harness.h"
#include "sim-server/srv_file.h"
#include "wire/fileinfo.h"
#include "wire/query_info.h"

#define IO_CREDITS_ASKED 512

struct io_env {
	struct h_env e;
	char dir[64];
};

static inline int io_rm_one(const char *p, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	return remove(p);
}

static inline void io_start(struct io_env *x)
{
	memset(x, 0, sizeof(*x));
	strcpy(x->dir, "/tmp/smbsim-io-XXXXXX");
	assert_non_null(mkdtemp(x->dir));
	h_settings(&x->e.set);
	strcpy(x->e.set.shares[0].path, x->dir);
	strcpy(x->e.set.shares[1].path, x->dir);
	h_env_start(&x->e);
	assert_int_equal(srv_file_handlers_register(x->e.srv), STATUS_SUCCESS);
}

static inline void io_stop(struct io_env *x)
{
	h_env_stop(&x->e);
	assert_int_equal(nftw(x->dir, io_rm_one, 16, FTW_DEPTH | FTW_PHYS), 0);
}

/* Connect, negotiate `dialect`, log on and connect to \\srv\share. */
static inline void io_session(struct io_env *x, struct h_conn *c, uint16_t dialect)
{
	h_connect(&x->e, c);
	assert_int_equal(h_neg(&x->e, c, dialect), dialect);
	assert_status(h_logon(&x->e, c, "user", "pass", NULL), STATUS_SUCCESS);
	assert_status(h_tree(&x->e, c, "\\\\srv\\share", NULL), STATUS_SUCCESS);
}

/* Send one request charged for `payload` bytes; returns its MessageId. */
static inline uint64_t io_send(struct h_conn *c, const struct smb2_msg *req, uint64_t payload)
{
	struct smb2_msg q = *req;
	uint16_t charge = payload ? (uint16_t)((payload - 1) / SRV_CREDIT_UNIT + 1) : 1;
	uint64_t mid = c->mid;
	struct wr w;

	q.hdr.message_id = mid;
	q.hdr.credit_charge = c->dialect == SMB2_DIALECT_202 ? 0 : charge;
	c->mid += charge;
	q.hdr.session_id = c->session_id;
	q.hdr.tree_id = c->tree_id;
	q.hdr.process_id = 0xFEFF;
	q.hdr.credit = IO_CREDITS_ASKED;
	wr_init(&w, SMB2_MAX_PDU);
	assert_int_equal(smb2_msg_encode(&w, &q), STATUS_SUCCESS);
	h_send(c, &w);
	wr_free(&w);
	return mid;
}

/* The next response; the caller frees f->p. */
static inline NTSTATUS io_recv(struct io_env *x, struct h_conn *c, struct smb2_msg *rsp,
                               struct h_frame *f)
{
	h_recv(&x->e, c, f, rsp);
	return rsp->hdr.status;
}

static inline NTSTATUS io_call(struct io_env *x, struct h_conn *c, const struct smb2_msg *req,
                               uint64_t payload, struct smb2_msg *rsp, struct h_frame *f)
{
	(void)io_send(c, req, payload);
	return io_recv(x, c, rsp, f);
}

static inline void io_req(struct smb2_msg *q, uint16_t cmd)
{
	memset(q, 0, sizeof(*q));
	q->hdr.command = cmd;
	q->kind = SMB2_MSG_REQ(cmd);
}

static inline NTSTATUS io_create(struct io_env *x, struct h_conn *c, const char *name,
                                 uint32_t access, uint32_t disposition, uint32_t options,
                                 struct smb2_fileid *fid)
{
	struct smb2_msg q, r;
	struct h_frame f = {0};
	uint8_t n16[512];
	size_t n = 0;
	NTSTATUS st;

	assert_int_equal(utf8_to_utf16le(name, strlen(name), n16, sizeof(n16), &n),
	                 STATUS_SUCCESS);
	io_req(&q, SMB2_CREATE);
	q.u.create_req.impersonation_level = 2;
	q.u.create_req.desired_access = access;
	q.u.create_req.share_access = 7;
	q.u.create_req.create_disposition = disposition;
	q.u.create_req.create_options = options;
	q.u.create_req.name.p = n16;
	q.u.create_req.name.len = (uint32_t)n;
	st = io_call(x, c, &q, 0, &r, &f);
	if (st == STATUS_SUCCESS && fid)
		*fid = r.u.create_rsp.file_id;
	free(f.p);
	return st;
}

static inline NTSTATUS io_close(struct io_env *x, struct h_conn *c, struct smb2_fileid fid)
{
	struct smb2_msg q, r;
	struct h_frame f = {0};
	NTSTATUS st;

	io_req(&q, SMB2_CLOSE);
	q.u.close_req.file_id = fid;
	st = io_call(x, c, &q, 0, &r, &f);
	free(f.p);
	return st;
}

static inline NTSTATUS io_write(struct io_env *x, struct h_conn *c, struct smb2_fileid fid,
                                uint64_t off, const void *p, size_t len, uint32_t *count)
{
	struct smb2_msg q, r;
	struct h_frame f = {0};
	NTSTATUS st;

	io_req(&q, SMB2_WRITE);
	q.u.write_req.file_id = fid;
	q.u.write_req.offset = off;
	q.u.write_req.data.p = p;
	q.u.write_req.data.len = (uint32_t)len;
	st = io_call(x, c, &q, len, &r, &f);
	if (st == STATUS_SUCCESS && count)
		*count = r.u.write_rsp.count;
	free(f.p);
	return st;
}

/* READ into out (at least len bytes); *got = DataLength. */
static inline NTSTATUS io_read(struct io_env *x, struct h_conn *c, struct smb2_fileid fid,
                               uint64_t off, uint32_t len, uint32_t min, uint8_t *out,
                               uint32_t *got)
{
	struct smb2_msg q, r;
	struct h_frame f = {0};
	NTSTATUS st;

	io_req(&q, SMB2_READ);
	q.u.read_req.file_id = fid;
	q.u.read_req.offset = off;
	q.u.read_req.length = len;
	q.u.read_req.minimum_count = min;
	st = io_call(x, c, &q, len, &r, &f);
	if (st == STATUS_SUCCESS) {
		assert_true(r.u.read_rsp.data.len <= len);
		if (r.u.read_rsp.data.len)
			memcpy(out, r.u.read_rsp.data.p, r.u.read_rsp.data.len);
		*got = r.u.read_rsp.data.len;
	}
	free(f.p);
	return st;
}

static inline NTSTATUS io_flush(struct io_env *x, struct h_conn *c, struct smb2_fileid fid)
{
	struct smb2_msg q, r;
	struct h_frame f = {0};
	NTSTATUS st;

	io_req(&q, SMB2_FLUSH);
	q.u.flush_req.file_id = fid;
	st = io_call(x, c, &q, 0, &r, &f);
	free(f.p);
	return st;
}

static inline void io_lock_req(struct smb2_msg *q, struct smb2_fileid fid,
                               const struct smb2_lock_element *e, unsigned n)
{
	io_req(q, SMB2_LOCK);
	q->u.lock_req.file_id = fid;
	q->u.lock_req.lock_count = (uint16_t)n;
	memcpy(q->u.lock_req.locks, e, n * sizeof(*e));
}

static inline NTSTATUS io_lock1(struct io_env *x, struct h_conn *c, struct smb2_fileid fid,
                                uint64_t off, uint64_t len, uint32_t flags)
{
	struct smb2_lock_element e = {off, len, flags};
	struct smb2_msg q, r;
	struct h_frame f = {0};
	NTSTATUS st;

	io_lock_req(&q, fid, &e, 1);
	st = io_call(x, c, &q, 0, &r, &f);
	free(f.p);
	return st;
}

/* A sync CANCEL of MessageId mid. */
static inline void io_cancel(struct h_conn *c, uint64_t mid)
{
	struct smb2_cancel_req cq = {0};
	struct smb2_hdr h;
	struct wr w;

	memset(&h, 0, sizeof(h));
	h.command = SMB2_CANCEL;
	h.message_id = mid;
	h.session_id = c->session_id;
	h.tree_id = c->tree_id;
	wr_init(&w, 4096);
	assert_int_equal(smb2_hdr_encode(&w, &h), STATUS_SUCCESS);
	assert_int_equal(smb2_cancel_req_encode(&w, &cq), STATUS_SUCCESS);
	h_send(c, &w);
	wr_free(&w);
}

/* A file of `len` bytes of pattern, made with CREATE and WRITE. */
static inline void io_make_file(struct io_env *x, struct h_conn *c, const char *name,
                                const char *data)
{
	struct smb2_fileid fid;
	uint32_t n = 0;

	assert_status(io_create(x, c, name, SMB2_FILE_READ_DATA | SMB2_FILE_WRITE_DATA,
	                        SMB2_FILE_OVERWRITE_IF, SMB2_FILE_NON_DIRECTORY_FILE, &fid),
	              STATUS_SUCCESS);
	assert_status(io_write(x, c, fid, 0, data, strlen(data), &n), STATUS_SUCCESS);
	assert_int_equal(n, strlen(data));
	assert_status(io_close(x, c, fid), STATUS_SUCCESS);
}

#endif
