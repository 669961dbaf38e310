/*
 * Helpers of the read and write suites (read.c, write.c, write_flush.c):
 * READ and WRITE requests with every field of MS-SMB2 2.2.19 and 2.2.21
 * under the test's control, opens with a chosen access mask, a data
 * pattern that shows misplaced bytes, credits for multi-credit requests
 * (MS-SMB2 3.1.5.2) and a pre-send hook that patches bytes of the frame
 * for malformed requests.  Requests go through torture_req(), so the
 * fixture frees them however the test ends.
 */
#ifndef SMBSIM_TORTURE_SUITES_READ_UTIL_H
#define SMBSIM_TORTURE_SUITES_READ_UTIL_H

#include <stdlib.h>
#include <string.h>

#include "torture/torture.h"
#include "wire/create.h"
#include "wire/fileinfo.h"
#include "wire/query_info.h"
#include "wire/read.h"
#include "wire/write.h"

/* Offsets in a READ or WRITE request, counted from the SMB2 header
 * (MS-SMB2 2.2.19, 2.2.21). */
#define RW_OFF_STRUCTURE_SIZE (SMB2_HDR_SIZE + 0)
#define RW_OFF_WRITE_DATA_OFFSET (SMB2_HDR_SIZE + 2)
#define RW_OFF_WRITE_LENGTH (SMB2_HDR_SIZE + 4)
/* MS-SMB2 2.2.19, 2.2.21: StructureSize of both requests. */
#define RW_REQ_STRUCTURE_SIZE 49
/* One credit covers 64 KiB (MS-SMB2 3.1.5.2). */
#define RW_CREDIT_UNIT 65536u
/* Echo rounds spent asking for credits before a test gives up. */
#define RW_CREDIT_ROUNDS 16
/* A FileId no server hands out (MS-SMB2 2.2.14.1: both halves ours). */
#define RW_BOGUS_FID_PERSISTENT UINT64_C(0x5eed5eed5eed5eed)
#define RW_BOGUS_FID_VOLATILE UINT64_C(0x0badf11e0badf11e)
/* MS-FSA 2.1.5.4: ByteOffset -1 means FILE_WRITE_TO_END_OF_FILE. */
#define RW_WRITE_TO_EOF UINT64_C(0xFFFFFFFFFFFFFFFF)

/* A byte pattern that depends on the file offset and a seed, so data
 * read back from the wrong place or another write does not match. */
static inline void rw_fill(uint8_t *p, size_t n, uint64_t off, uint8_t seed)
{
	for (size_t i = 0; i < n; i++) {
		uint64_t x = off + i;
		p[i] = (uint8_t)(x ^ (x >> 8) ^ (x >> 16) ^ (x >> 24) ^ seed);
	}
}

/* n bytes of the pattern, owned by the fixture. */
static inline uint8_t *rw_pattern(struct torture_ctx *t, size_t n, uint64_t off, uint8_t seed)
{
	uint8_t *p = torture_alloc(t, n ? n : 1);

	rw_fill(p, n, off, seed);
	return p;
}

/* Open path with this access and disposition (file unless options say
 * otherwise), sharing everything; the fixture's connection teardown
 * closes it. */
static inline NTSTATUS rw_open(struct cli_tree *tree, const char *path, uint32_t access,
                               uint32_t disposition, uint32_t options, struct cli_open *o)
{
	struct cli_create_args a;

	memset(&a, 0, sizeof(a));
	a.desired_access = access;
	a.file_attributes = (options & SMB2_FILE_DIRECTORY_FILE) ? SMB2_FILE_ATTRIBUTE_DIRECTORY
	                                                          : SMB2_FILE_ATTRIBUTE_NORMAL;
	a.share_access = SMB2_FILE_SHARE_READ | SMB2_FILE_SHARE_WRITE | SMB2_FILE_SHARE_DELETE;
	a.disposition = disposition;
	a.options = options ? options : SMB2_FILE_NON_DIRECTORY_FILE;
	return cli_create(tree, path, &a, o);
}

/* A file at path holding n bytes of the pattern (seed), closed again. */
static inline void rw_make_file(struct torture_ctx *t, struct cli_tree *tree, const char *path,
                                size_t n, uint8_t seed)
{
	CHECK_STATUS(t, torture_put_file(t, tree, path, rw_pattern(t, n, 0, seed), n),
	             STATUS_SUCCESS);
}

/* ---- READ ------------------------------------------------------------ */

struct rw_read_args {
	uint64_t off;
	uint32_t len;
	uint32_t min_count;
	uint8_t flags;               /* SMB2_READFLAG_* */
	uint8_t padding;
	uint32_t channel;            /* SMB2_CHANNEL_* */
	uint32_t remaining;
	bool rdma_desc;              /* one SMBD_BUFFER_DESCRIPTOR_V1 as ReadChannelInfo */
};

/* Send a READ built from a (payload a->len for the credit charge); *out
 * is the request (freed by the fixture). */
static inline NTSTATUS rw_read_send(struct torture_ctx *t, struct cli_tree *tree,
                                    struct smb2_fileid fid, const struct rw_read_args *a,
                                    const struct cli_override *ov, struct cli_req **out)
{
	struct smb2_msg *m = torture_alloc(t, sizeof(*m));
	struct smb2_read_req *q = &m->u.read_req;
	struct cli_send_item it;
	struct cli_req *r;
	NTSTATUS st;

	m->hdr.command = SMB2_READ;
	q->padding = a->padding;
	q->flags = a->flags;
	q->length = a->len;
	q->offset = a->off;
	q->file_id = fid;
	q->minimum_count = a->min_count;
	q->channel = a->channel;
	q->remaining_bytes = a->remaining;
	if (a->rdma_desc) {
		q->rdma.descs.count = 1;
		q->rdma.descs.desc[0].offset = 0x10000;
		q->rdma.descs.desc[0].token = 0x1234;
		q->rdma.descs.desc[0].length = a->len;
	}
	memset(&it, 0, sizeof(it));
	it.m = m;
	it.sess = tree->sess;
	it.tree = tree;
	it.ov = ov;
	it.payload = a->len;
	st = cli_send(tree->sess->conn, &it, &r);
	if (st != STATUS_SUCCESS)
		return st;
	*out = torture_req(t, r);
	return STATUS_SUCCESS;
}

/* rw_read_send, then wait for the answer. */
static inline NTSTATUS rw_read_req(struct torture_ctx *t, struct cli_tree *tree,
                                   struct smb2_fileid fid, const struct rw_read_args *a,
                                   const struct cli_override *ov, struct cli_req **out)
{
	NTSTATUS st = rw_read_send(t, tree, fid, a, ov, out);

	return st == STATUS_SUCCESS ? cli_wait(*out, 0) : st;
}

/* READ len bytes at off; on success *data (inside the response, freed by
 * the fixture) and *n hold what came back. */
static inline NTSTATUS rw_read(struct torture_ctx *t, struct cli_tree *tree,
                               struct smb2_fileid fid, uint64_t off, uint32_t len,
                               uint32_t min_count, const uint8_t **data, uint32_t *n)
{
	struct rw_read_args a;
	struct cli_req *r = NULL;
	NTSTATUS st;

	memset(&a, 0, sizeof(a));
	a.off = off;
	a.len = len;
	a.min_count = min_count;
	st = rw_read_req(t, tree, fid, &a, NULL, &r);
	if (st != STATUS_SUCCESS)
		return st;
	CHECK_VAL(t, r->msg.kind, SMB2_MSG_RSP(SMB2_READ));
	*data = r->msg.u.read_rsp.data.p;
	*n = r->msg.u.read_rsp.data.len;
	return STATUS_SUCCESS;
}

/* READ that must succeed with exactly want[0..n). */
static inline void rw_check_read(struct torture_ctx *t, struct cli_tree *tree,
                                 struct smb2_fileid fid, uint64_t off, const uint8_t *want,
                                 uint32_t n)
{
	const uint8_t *got = NULL;
	uint32_t len = 0;

	CHECK_STATUS(t, rw_read(t, tree, fid, off, n, 0, &got, &len), STATUS_SUCCESS);
	CHECK_VAL(t, len, n);
	CHECK_MEM(t, got, want, n);
}

/* ---- WRITE ----------------------------------------------------------- */

struct rw_write_args {
	uint64_t off;
	const uint8_t *data;
	uint32_t len;
	uint32_t flags;              /* SMB2_WRITEFLAG_* */
	uint32_t channel;
	uint32_t remaining;
	bool rdma_desc;              /* one SMBD_BUFFER_DESCRIPTOR_V1 as WriteChannelInfo */
};

static inline NTSTATUS rw_write_send(struct torture_ctx *t, struct cli_tree *tree,
                                     struct smb2_fileid fid, const struct rw_write_args *a,
                                     const struct cli_override *ov, struct cli_req **out)
{
	struct smb2_msg *m = torture_alloc(t, sizeof(*m));
	struct smb2_write_req *q = &m->u.write_req;
	struct cli_send_item it;
	struct cli_req *r;
	NTSTATUS st;

	m->hdr.command = SMB2_WRITE;
	q->offset = a->off;
	q->file_id = fid;
	q->channel = a->channel;
	q->remaining_bytes = a->remaining;
	q->flags = a->flags;
	q->data.p = a->data;
	q->data.len = a->len;
	if (a->rdma_desc) {
		q->rdma.descs.count = 1;
		q->rdma.descs.desc[0].offset = 0x10000;
		q->rdma.descs.desc[0].token = 0x1234;
		q->rdma.descs.desc[0].length = a->remaining;
	}
	memset(&it, 0, sizeof(it));
	it.m = m;
	it.sess = tree->sess;
	it.tree = tree;
	it.ov = ov;
	it.payload = a->len > a->remaining ? a->len : a->remaining;
	st = cli_send(tree->sess->conn, &it, &r);
	if (st != STATUS_SUCCESS)
		return st;
	*out = torture_req(t, r);
	return STATUS_SUCCESS;
}

static inline NTSTATUS rw_write_req(struct torture_ctx *t, struct cli_tree *tree,
                                    struct smb2_fileid fid, const struct rw_write_args *a,
                                    const struct cli_override *ov, struct cli_req **out)
{
	NTSTATUS st = rw_write_send(t, tree, fid, a, ov, out);

	return st == STATUS_SUCCESS ? cli_wait(*out, 0) : st;
}

/* WRITE data at off in one request; on success *count is the Count the
 * server reported. */
static inline NTSTATUS rw_write(struct torture_ctx *t, struct cli_tree *tree,
                                struct smb2_fileid fid, uint64_t off, const uint8_t *data,
                                uint32_t len, uint32_t *count)
{
	struct rw_write_args a;
	struct cli_req *r = NULL;
	NTSTATUS st;

	memset(&a, 0, sizeof(a));
	a.off = off;
	a.data = data;
	a.len = len;
	st = rw_write_req(t, tree, fid, &a, NULL, &r);
	if (st != STATUS_SUCCESS)
		return st;
	CHECK_VAL(t, r->msg.kind, SMB2_MSG_RSP(SMB2_WRITE));
	*count = r->msg.u.write_rsp.count;
	return STATUS_SUCCESS;
}

/* The end of file the server reports for an open (QUERY_INFO
 * FileStandardInformation). */
static inline uint64_t rw_eof(struct torture_ctx *t, struct cli_tree *tree,
                              struct smb2_fileid fid)
{
	uint8_t *buf = NULL;
	size_t len = 0;
	uint64_t eof;
	/* MS-FSCC FileStandardInformation: AllocationSize (8),
	 * EndOfFile (8), NumberOfLinks (4), DeletePending, Directory. */
	NTSTATUS st = cli_query_info(tree, fid, SMB2_0_INFO_FILE, FILE_STANDARD_INFORMATION, 0,
	                             &buf, &len);

	if (st != STATUS_SUCCESS || len < 16) {
		free(buf);
		torture_fail(t, "QUERY_INFO FileStandardInformation: %s (%zu bytes)",
		             nt_status_name(st), len);
	}
	eof = le64(buf + 8);
	free(buf);
	return eof;
}

/* ---- credits and malformed frames -------------------------------------- */

/* Ask for credits (ECHO with CreditRequest n) until the connection holds
 * at least n; skip when the server will not grant them (MS-SMB2 3.3.1.2
 * leaves the limit to the server). */
static inline void rw_want_credits(struct torture_ctx *t, struct cli_conn *c,
                                   struct cli_session *s, uint32_t n)
{
	struct cli_override ov;

	memset(&ov, 0, sizeof(ov));
	ov.set = CLI_OV_CREDIT_REQUEST;
	ov.credit_request = (uint16_t)(n > 0xFFFF ? 0xFFFF : n);
	for (int i = 0; i < RW_CREDIT_ROUNDS && c->credits < n; i++) {
		struct cli_req *r;

		CHECK_STATUS(t, cli_echo_send(c, s, &ov, &r), STATUS_SUCCESS);
		torture_req(t, r);
		CHECK_STATUS(t, cli_wait(r, 0), STATUS_SUCCESS);
	}
	if (c->credits < n)
		torture_skip(t, "the server grants %u credits, the test needs %u", c->credits, n);
}

/* Credits a payload of n bytes is charged (MS-SMB2 3.1.5.2). */
static inline uint32_t rw_charge(uint64_t n)
{
	return n ? (uint32_t)((n - 1) / RW_CREDIT_UNIT + 1) : 1;
}

/* Pre-send hook: overwrite bytes of the frame (message at offset 0). */
struct rw_patch {
	size_t off;
	uint8_t bytes[8];
	size_t n;
};

static inline void rw_patch_hook(void *arg, uint8_t *frame, size_t len)
{
	const struct rw_patch *p = arg;

	if (p->off + p->n <= len)
		memcpy(frame + p->off, p->bytes, p->n);
}

static inline void rw_patch_u16(struct rw_patch *p, size_t off, uint16_t v)
{
	p->off = off;
	put_le16(p->bytes, v);
	p->n = 2;
}

static inline void rw_patch_u32(struct rw_patch *p, size_t off, uint32_t v)
{
	p->off = off;
	put_le32(p->bytes, v);
	p->n = 4;
}

/* An override that runs the patch; a signed frame would fail its
 * signature before the server looks at the body, so skip then. */
static inline void rw_patch_override(struct torture_ctx *t, struct cli_session *s,
                                     struct rw_patch *p, struct cli_override *ov)
{
	if (s->signing_required && !s->encrypt)
		torture_skip(t, "the session signs every request: a patched frame fails its "
		                "signature before the body is looked at");
	memset(ov, 0, sizeof(*ov));
	ov->hook = rw_patch_hook;
	ov->hook_arg = p;
}

/* MS-SMB2 3.3.5.2.6: a malformed request fails with
 * STATUS_INVALID_PARAMETER, and the server MAY also disconnect. */
static inline void rw_check_malformed(struct torture_ctx *t, NTSTATUS st)
{
	CHECK_TRUE(t, st == STATUS_INVALID_PARAMETER || st == STATUS_CONNECTION_DISCONNECTED,
	           "malformed request answered %s, want STATUS_INVALID_PARAMETER "
	           "(or a dropped connection)", nt_status_name(st));
}

#endif
