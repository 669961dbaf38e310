/*
 * Helpers shared by the CREATE and CLOSE suites (create.c, create_close.c,
 * create_access.c, create_bad.c, create_ctx.c): opens with explicit
 * access, sharing, disposition and options, small probes (does a name
 * exist, what EndOfFile does it have), QUERY_INFO decoded into test
 * memory, and a pre-send hook that patches fields of a request for the
 * malformed-request tests.
 *
 * Everything a helper allocates is the fixture's (torture_alloc,
 * torture_req); opens are closed with their connection.  Helpers that
 * check use the CHECK_* macros and so may leave the test.
 */
#ifndef SMBSIM_TORTURE_SUITES_CREATE_UTIL_H
#define SMBSIM_TORTURE_SUITES_CREATE_UTIL_H

#include <string.h>

#include "torture/torture.h"
#include "wire/fileinfo.h"
#include "wire/fsinfo.h"

#define CT_SHARE_ALL (SMB2_FILE_SHARE_READ | SMB2_FILE_SHARE_WRITE | SMB2_FILE_SHARE_DELETE)

/* Offsets in an SMB2 CREATE request, from the start of its SMB2 header
 * (MS-SMB2 2.2.13: the body follows the 64-byte header). */
#define CT_OFF_STRUCTURE_SIZE 64
#define CT_OFF_IMPERSONATION 68
#define CT_OFF_NAME_OFFSET 108
#define CT_OFF_NAME_LENGTH 110
#define CT_OFF_CONTEXTS_OFFSET 112
#define CT_OFF_CONTEXTS_LENGTH 116
/* The Buffer field: where the name starts (2.2.13). */
#define CT_BUFFER_OFFSET 120
/* Inside one create context (2.2.13.2), from its start. */
#define CT_CTX_OFF_NEXT 0
#define CT_CTX_OFF_DATA_LENGTH 12

/* MS-FSCC 2.5.1: FileSystemAttributes bit for named streams. */
#define CT_FILE_NAMED_STREAMS 0x00040000u

/* The generic rights mapped for files (MS-SMB2 2.2.13.1.1 names the
 * generic bits; the file mapping of MS-DTYP 2.4.3, as Windows applies it). */
#define CT_FILE_GENERIC_READ 0x00120089u
#define CT_FILE_GENERIC_WRITE 0x00120116u
#define CT_FILE_GENERIC_EXECUTE 0x001200A0u
#define CT_FILE_ALL_ACCESS 0x001F01FFu

static inline NTSTATUS ct_open(struct cli_tree *tree, const char *path, uint32_t access,
                               uint32_t share, uint32_t disp, uint32_t options,
                               struct cli_open *o)
{
	struct cli_create_args a = {
		.desired_access = access,
		.share_access = share,
		.disposition = disp,
		.options = options,
	};

	return cli_create(tree, path, &a, o);
}

/* Open for attributes only and close again: the status of the name. */
static inline NTSTATUS ct_probe(struct cli_tree *tree, const char *path)
{
	struct cli_open o;
	NTSTATUS st = ct_open(tree, path, SMB2_FILE_READ_ATTRIBUTES, CT_SHARE_ALL, SMB2_FILE_OPEN,
	                      0, &o);

	if (st == STATUS_SUCCESS)
		st = cli_close(tree, o.id);
	return st;
}

/* A file of len bytes (a counting pattern) at path, closed. */
static inline void ct_make_file(struct torture_ctx *t, struct cli_tree *tree, const char *path,
                                size_t len)
{
	uint8_t *data = torture_alloc(t, len ? len : 1);

	for (size_t i = 0; i < len; i++)
		data[i] = (uint8_t)i;
	CHECK_STATUS(t, torture_put_file(t, tree, path, data, len), STATUS_SUCCESS);
}

static inline void ct_make_dir(struct torture_ctx *t, struct cli_tree *tree, const char *path)
{
	CHECK_STATUS(t, cli_mkdir(tree, path), STATUS_SUCCESS);
}

/* EndOfFile of an existing file, from the CREATE response of an open. */
static inline uint64_t ct_eof(struct torture_ctx *t, struct cli_tree *tree, const char *path)
{
	struct cli_open o;

	CHECK_STATUS(t, ct_open(tree, path, SMB2_FILE_READ_ATTRIBUTES, CT_SHARE_ALL,
	                        SMB2_FILE_OPEN, 0, &o),
	             STATUS_SUCCESS);
	CHECK_STATUS(t, cli_close(tree, o.id), STATUS_SUCCESS);
	return o.end_of_file;
}

/* QUERY_INFO of a file class, decoded; names point into the response,
 * which the fixture keeps. */
static inline NTSTATUS ct_query(struct torture_ctx *t, struct cli_tree *tree,
                                struct smb2_fileid fid, uint8_t cls, struct smb2_fileinfo *out)
{
	struct cli_req *r;
	NTSTATUS st = cli_query_info_send(tree, fid, SMB2_0_INFO_FILE, cls, 0, 4096, NULL, &r);

	if (st != STATUS_SUCCESS)
		return st;
	torture_req(t, r);
	st = cli_wait(r, 0);
	if (st != STATUS_SUCCESS)
		return st;
	if (r->msg.kind != SMB2_MSG_RSP(SMB2_QUERY_INFO))
		return STATUS_INVALID_NETWORK_RESPONSE;
	return smb2_fileinfo_decode(cls, r->msg.u.query_info_rsp.buffer, out);
}

/* The access an open was granted (FileAccessInformation, MS-FSCC 2.4.1). */
static inline uint32_t ct_granted(struct torture_ctx *t, struct cli_tree *tree,
                                  struct smb2_fileid fid)
{
	struct smb2_fileinfo fi;

	CHECK_STATUS(t, ct_query(t, tree, fid, FILE_ACCESS_INFORMATION, &fi), STATUS_SUCCESS);
	return fi.u.access_flags;
}

/* CREATE with overrides: the done request (the fixture frees it), whose
 * status the caller checks; cli_create_recv() reads the open. */
static inline struct cli_req *ct_create_req(struct torture_ctx *t, struct cli_tree *tree,
                                            const char *path, const struct cli_create_args *a,
                                            const struct cli_override *ov)
{
	struct cli_req *r;

	CHECK_STATUS(t, cli_create_send(tree, path, a, ov, &r), STATUS_SUCCESS);
	torture_req(t, r);
	cli_wait(r, 0);
	CHECK_TRUE(t, r->done, "CREATE of %s: no answer", path);
	return r;
}

/* ---- patching a request on its way out (malformed-request tests) ------- */

#define CT_MAX_PATCHES 4

/* Little-endian values written at offsets from the start of the SMB2
 * header of the (single) request in the frame. */
struct ct_patch {
	unsigned n;
	struct {
		uint32_t off;
		uint8_t width;           /* 1, 2 or 4 */
		uint32_t val;
	} p[CT_MAX_PATCHES];
	size_t frame_len;            /* what the hook saw */
};

static inline void ct_patch_add(struct ct_patch *pt, uint32_t off, uint8_t width, uint32_t val)
{
	if (pt->n < CT_MAX_PATCHES) {
		pt->p[pt->n].off = off;
		pt->p[pt->n].width = width;
		pt->p[pt->n].val = val;
		pt->n++;
	}
}

static inline void ct_patch_hook(void *arg, uint8_t *frame, size_t len)
{
	struct ct_patch *pt = arg;

	pt->frame_len = len;
	for (unsigned i = 0; i < pt->n; i++) {
		if ((uint64_t)pt->p[i].off + pt->p[i].width > len)
			continue;
		for (unsigned b = 0; b < pt->p[i].width; b++)
			frame[pt->p[i].off + b] = (uint8_t)(pt->p[i].val >> (8 * b));
	}
}

/* The hook runs after signing: a session that signs every request would
 * see its patched frame refused for the signature, not for the field. */
static inline void ct_require_unsigned(struct torture_ctx *t, const struct cli_session *s)
{
	if (s->signing_required)
		torture_skip(t, "the session signs every request; a patched frame would fail "
		                "its signature check before the field is looked at");
}

#endif
