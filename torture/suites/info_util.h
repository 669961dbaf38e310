/*
 * Helpers shared by the QUERY_INFO, SET_INFO and QUERY_DIRECTORY suites
 * (info_get.c, info_get_fs.c, info_set.c, info_rename.c, info_dir.c):
 * opens with chosen access and sharing, queries that keep the response
 * with the fixture (so a failing check leaks nothing), decoding with a
 * check, and UTF-16 name helpers.  Everything allocated goes through
 * torture_alloc() or torture_req().
 */
#ifndef SMBSIM_TORTURE_INFO_UTIL_H
#define SMBSIM_TORTURE_INFO_UTIL_H

#include <string.h>

#include "torture/torture.h"
#include "util/utf16.h"
#include "wire/fileinfo.h"
#include "wire/fsinfo.h"
#include "wire/query_info.h"
#include "wire/secdesc.h"

/* OutputBufferLength of ordinary queries: far more than any class the
 * suites read needs, and below every MaxTransactSize (64 KiB or more). */
#define INFO_OUT_LEN 4096u
/* Longest name the suites convert (UTF-16 bytes). */
#define INFO_NAME_MAX 1024u

#define INFO_SHARE_ALL (SMB2_FILE_SHARE_READ | SMB2_FILE_SHARE_WRITE | SMB2_FILE_SHARE_DELETE)

/* CREATE with these parameters; the open is closed with its connection. */
static inline NTSTATUS info_open(struct torture_ctx *t, struct cli_tree *tree, const char *path,
                                 uint32_t access, uint32_t share, uint32_t disposition,
                                 uint32_t options, struct cli_open *o)
{
	struct cli_create_args a = {
		.desired_access = access,
		.file_attributes = (options & SMB2_FILE_DIRECTORY_FILE) ? 0
		                                                         : SMB2_FILE_ATTRIBUTE_NORMAL,
		.share_access = share,
		.disposition = disposition,
		.options = options,
	};

	(void)t;
	return cli_create(tree, path, &a, o);
}

/* A new file at path with len bytes of a known pattern, open with every
 * right and full sharing. */
static inline void info_new_file(struct torture_ctx *t, struct cli_tree *tree, const char *path,
                                 size_t len, struct cli_open *o)
{
	uint8_t *data = len ? torture_alloc(t, len) : NULL;

	for (size_t i = 0; i < len; i++)
		data[i] = (uint8_t)(i * 7 + 1);
	CHECK_STATUS(t, torture_create_file(t, tree, path, o), STATUS_SUCCESS);
	if (len)
		CHECK_STATUS(t, cli_write(tree, o->id, 0, data, len), STATUS_SUCCESS);
}

/* QUERY_INFO with this OutputBufferLength (and overrides, may be NULL).
 * Returns the status; *out is the output buffer when the response carried
 * one (success or STATUS_BUFFER_OVERFLOW), else empty.  *req (may be NULL)
 * is the request, kept by the fixture. */
static inline NTSTATUS info_query_ov(struct torture_ctx *t, struct cli_tree *tree,
                                     struct smb2_fileid fid, uint8_t type, uint8_t cls,
                                     uint32_t addl, uint32_t out_len,
                                     const struct cli_override *ov, struct smb2_blob *out,
                                     struct cli_req **req)
{
	struct cli_req *r;
	NTSTATUS st = cli_query_info_send(tree, fid, type, cls, addl, out_len, ov, &r);

	if (st != STATUS_SUCCESS)
		torture_fail(t, "QUERY_INFO not sent: %s", nt_status_name(st));
	torture_req(t, r);
	st = cli_wait(r, 0);
	out->p = NULL;
	out->len = 0;
	if (r->has_msg && r->msg.kind == SMB2_MSG_RSP(SMB2_QUERY_INFO))
		*out = r->msg.u.query_info_rsp.buffer;
	if (req)
		*req = r;
	return st;
}

static inline NTSTATUS info_query(struct torture_ctx *t, struct cli_tree *tree,
                                  struct smb2_fileid fid, uint8_t type, uint8_t cls,
                                  uint32_t addl, uint32_t out_len, struct smb2_blob *out)
{
	return info_query_ov(t, tree, fid, type, cls, addl, out_len, NULL, out, NULL);
}

/* Query file class cls, which must succeed and decode. */
static inline void info_file(struct torture_ctx *t, struct cli_tree *tree, struct smb2_fileid fid,
                             uint8_t cls, struct smb2_fileinfo *fi)
{
	struct smb2_blob b;

	CHECK_STATUS(t, info_query(t, tree, fid, SMB2_0_INFO_FILE, cls, 0, INFO_OUT_LEN, &b),
	             STATUS_SUCCESS);
	CHECK_STATUS(t, smb2_fileinfo_decode(cls, b, fi), STATUS_SUCCESS);
}

/* Query file system class cls, which must succeed and decode. */
static inline void info_fs(struct torture_ctx *t, struct cli_tree *tree, struct smb2_fileid fid,
                           uint8_t cls, struct smb2_fsinfo *fi)
{
	struct smb2_blob b;

	CHECK_STATUS(t, info_query(t, tree, fid, SMB2_0_INFO_FILESYSTEM, cls, 0, INFO_OUT_LEN, &b),
	             STATUS_SUCCESS);
	CHECK_STATUS(t, smb2_fsinfo_decode(cls, b, fi), STATUS_SUCCESS);
}

/* SET_INFO of a raw buffer. */
static inline NTSTATUS info_set_raw(struct torture_ctx *t, struct cli_tree *tree,
                                    struct smb2_fileid fid, uint8_t type, uint8_t cls,
                                    uint32_t addl, const uint8_t *buf, uint32_t len)
{
	(void)t;
	return cli_set_info(tree, fid, type, cls, addl, buf, len);
}

/* SET_INFO FileBasicInformation (0 leaves a field as it is). */
static inline NTSTATUS info_set_basic(struct torture_ctx *t, struct cli_tree *tree,
                                      struct smb2_fileid fid, uint64_t create, uint64_t access,
                                      uint64_t write, uint64_t change, uint32_t attrs)
{
	struct smb2_fileinfo fi;

	(void)t;
	memset(&fi, 0, sizeof(fi));
	fi.cls = FILE_BASIC_INFORMATION;
	fi.u.basic.creation_time = create;
	fi.u.basic.last_access_time = access;
	fi.u.basic.last_write_time = write;
	fi.u.basic.change_time = change;
	fi.u.basic.file_attributes = attrs;
	return cli_set_fileinfo(tree, fid, &fi);
}

/* A UTF-8 name as UTF-16LE (memory from the fixture). */
static inline struct smb2_blob info_u16(struct torture_ctx *t, const char *s)
{
	uint8_t *p = torture_alloc(t, INFO_NAME_MAX);
	struct smb2_blob b;
	size_t n = 0;

	CHECK_STATUS(t, utf8_to_utf16le(s, strlen(s), p, INFO_NAME_MAX, &n), STATUS_SUCCESS);
	b.p = p;
	b.len = (uint32_t)n;
	return b;
}

/* A UTF-16LE name as UTF-8 (memory from the fixture). */
static inline const char *info_utf8(struct torture_ctx *t, struct smb2_blob name)
{
	char *s = torture_alloc(t, INFO_NAME_MAX * 2 + 1);
	size_t n = 0;

	CHECK_TRUE(t, name.len <= INFO_NAME_MAX, "name of %u bytes", name.len);
	CHECK_STATUS(t, utf16le_to_utf8(name.p, name.len, s, INFO_NAME_MAX * 2 + 1, &n),
	             STATUS_SUCCESS);
	return s;
}

/* Does the UTF-16 name end with the component `last` (case-insensitive,
 * after a '\' or as the whole name)? */
static inline bool info_name_ends_with(struct torture_ctx *t, struct smb2_blob name,
                                       const char *last)
{
	struct smb2_blob l = info_u16(t, last);
	const uint8_t *tail;

	if (name.len < l.len)
		return false;
	tail = name.p + name.len - l.len;
	if (!utf16le_equal_nocase(tail, l.len, l.p, l.len))
		return false;
	return name.len == l.len || le16(tail - 2) == '\\';
}

/* The 64-bit times of FileBasicInformation, 100 ns since 1601 (MS-DTYP
 * 2.3.3): a whole second, so that servers whose file systems keep
 * coarser times store it unchanged.  2001-02-03 04:05:06 UTC. */
#define INFO_TIME_2001 UINT64_C(126256467060000000)
/* One day in FILETIME units. */
#define INFO_DAY UINT64_C(864000000000)

#endif
