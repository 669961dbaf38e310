/*
 * Helpers for the QUERY_DIRECTORY, QUERY_INFO and SET_INFO server tests
 * (test_srv_querydir.c, test_srv_info.c), on top of srv_io_util.h (a server
 * with the file handlers over a temporary share, CREATE and CLOSE):
 * one-call requests that keep the response bytes, local files to compare
 * against.
 */
#ifndef SMBSIM_TEST_SRV_INFO_UTIL_H
#define SMBSIM_TEST_SRV_INFO_UTIL_H

#include "srv_io_util.h"

#include <fcntl.h>
#include <sys/stat.h>

#include "wire/dirinfo.h"
#include "wire/fsinfo.h"
#include "wire/query_directory.h"
#include "wire/secdesc.h"
#include "wire/set_info.h"

#define QI_BUF 65536

/* A response's output buffer, copied. */
struct qi_out {
	NTSTATUS st;
	uint8_t buf[QI_BUF];
	uint32_t len;
};

static inline void qi_path(const struct io_env *x, const char *rel, char *out, size_t n)
{
	snprintf(out, n, "%s/%s", x->dir, rel);
}

static inline void qi_local_file(const struct io_env *x, const char *rel, const char *data)
{
	char p[256];
	FILE *f;

	qi_path(x, rel, p, sizeof(p));
	f = fopen(p, "w");
	assert_non_null(f);
	fputs(data, f);
	fclose(f);
}

static inline void qi_local_dir(const struct io_env *x, const char *rel)
{
	char p[256];

	qi_path(x, rel, p, sizeof(p));
	assert_int_equal(mkdir(p, 0755), 0);
}

static inline bool qi_local_stat(const struct io_env *x, const char *rel, struct stat *sb)
{
	char p[256];

	qi_path(x, rel, p, sizeof(p));
	return stat(p, sb) == 0;
}

static inline void qi_copy(struct qi_out *o, struct smb2_blob b)
{
	assert_true(b.len <= sizeof(o->buf));
	memcpy(o->buf, b.p, b.len);
	o->len = b.len;
}

static inline NTSTATUS qd(struct io_env *x, struct h_conn *c, struct smb2_fileid fid,
                          uint8_t cls, uint8_t flags, const char *pattern, uint32_t outlen,
                          struct qi_out *o)
{
	struct smb2_msg q, r;
	struct h_frame f = {0};
	uint8_t p16[512];
	size_t n = 0;

	if (pattern)
		assert_int_equal(utf8_to_utf16le(pattern, strlen(pattern), p16, sizeof(p16), &n),
		                 STATUS_SUCCESS);
	io_req(&q, SMB2_QUERY_DIRECTORY);
	q.u.query_directory_req.file_info_class = cls;
	q.u.query_directory_req.flags = flags;
	q.u.query_directory_req.file_id = fid;
	q.u.query_directory_req.pattern.p = p16;
	q.u.query_directory_req.pattern.len = (uint32_t)n;
	q.u.query_directory_req.output_buffer_length = outlen;
	o->st = io_call(x, c, &q, outlen, &r, &f);
	o->len = 0;
	if (o->st == STATUS_SUCCESS)
		qi_copy(o, r.u.query_directory_rsp.buffer);
	free(f.p);
	return o->st;
}

static inline NTSTATUS qi(struct io_env *x, struct h_conn *c, struct smb2_fileid fid,
                          uint8_t type, uint8_t cls, uint32_t addl, uint32_t outlen,
                          struct qi_out *o)
{
	struct smb2_msg q, r;
	struct h_frame f = {0};

	io_req(&q, SMB2_QUERY_INFO);
	q.u.query_info_req.info_type = type;
	q.u.query_info_req.file_info_class = cls;
	q.u.query_info_req.additional_information = addl;
	q.u.query_info_req.output_buffer_length = outlen;
	q.u.query_info_req.file_id = fid;
	o->st = io_call(x, c, &q, outlen, &r, &f);
	o->len = 0;
	if (o->st == STATUS_SUCCESS || o->st == STATUS_BUFFER_OVERFLOW)
		qi_copy(o, r.u.query_info_rsp.buffer);
	free(f.p);
	return o->st;
}

/* Query file class cls and decode it into *fi (names point into o). */
static inline void qi_file(struct io_env *x, struct h_conn *c, struct smb2_fileid fid,
                           uint8_t cls, struct qi_out *o, struct smb2_fileinfo *fi)
{
	struct smb2_blob b;

	assert_status(qi(x, c, fid, SMB2_0_INFO_FILE, cls, 0, 4096, o), STATUS_SUCCESS);
	b.p = o->buf;
	b.len = o->len;
	assert_status(smb2_fileinfo_decode(cls, b, fi), STATUS_SUCCESS);
}

static inline NTSTATUS si_raw(struct io_env *x, struct h_conn *c, struct smb2_fileid fid,
                              uint8_t type, uint8_t cls, uint32_t addl, const void *p,
                              size_t len)
{
	struct smb2_msg q, r;
	struct h_frame f = {0};
	NTSTATUS st;

	io_req(&q, SMB2_SET_INFO);
	q.u.set_info_req.info_type = type;
	q.u.set_info_req.file_info_class = cls;
	q.u.set_info_req.additional_information = addl;
	q.u.set_info_req.file_id = fid;
	q.u.set_info_req.buffer.p = p;
	q.u.set_info_req.buffer.len = (uint32_t)len;
	st = io_call(x, c, &q, len, &r, &f);
	free(f.p);
	return st;
}

static inline NTSTATUS si_file(struct io_env *x, struct h_conn *c, struct smb2_fileid fid,
                               const struct smb2_fileinfo *fi)
{
	struct wr w;
	NTSTATUS st;

	wr_init(&w, 65536);
	assert_status(smb2_fileinfo_encode(&w, fi), STATUS_SUCCESS);
	st = si_raw(x, c, fid, SMB2_0_INFO_FILE, fi->cls, 0, w.buf, w.len);
	wr_free(&w);
	return st;
}

/* UTF-16LE blob to a UTF-8 C string in out. */
static inline void qi_name(struct smb2_blob b, char *out, size_t n)
{
	size_t got = 0;

	assert_status(utf16le_to_utf8(b.p, b.len, out, n, &got), STATUS_SUCCESS);
}

#endif
