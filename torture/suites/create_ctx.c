/*
 * CREATE contexts (MS-SMB2 2.2.13.2, 2.2.14.2, 3.3.5.9): MxAc (query
 * maximal access) and QFid (query on-disk id) when the server answers
 * them, contexts the server does not know, and malformed context chains
 * put on the wire with the pre-send hook.
 */
#include "torture/suites/create_util.h"

static struct smb2_create_ctx ctx_mxac(void)
{
	struct smb2_create_ctx c;

	memset(&c, 0, sizeof(c));
	c.type = SMB2_CCTX_MXAC;
	return c;
}

static struct smb2_create_ctx ctx_qfid(void)
{
	struct smb2_create_ctx c;

	memset(&c, 0, sizeof(c));
	c.type = SMB2_CCTX_QFID;
	return c;
}

/* A context with a raw name and data, sent as it is. */
static struct smb2_create_ctx ctx_raw(const char *name, size_t name_len, const uint8_t *data,
                                      size_t data_len)
{
	struct smb2_create_ctx c;

	memset(&c, 0, sizeof(c));
	c.type = SMB2_CCTX_UNKNOWN;
	c.name.p = (const uint8_t *)name;
	c.name.len = (uint32_t)name_len;
	c.data.p = data;
	c.data.len = (uint32_t)data_len;
	return c;
}

/* CREATE (OPEN_IF) of torture_path(name) with the contexts; the done
 * request. */
static struct cli_req *create_with(struct torture_ctx *t, const char *name,
                                   const struct smb2_create_ctx *ctx, size_t n,
                                   const struct cli_override *ov)
{
	struct cli_create_args a = {
		.desired_access = SMB2_GENERIC_ALL,
		.share_access = CT_SHARE_ALL,
		.disposition = SMB2_FILE_OPEN_IF,
		.options = SMB2_FILE_NON_DIRECTORY_FILE,
		.ctx = ctx,
		.ctx_count = n,
	};

	return ct_create_req(t, t->tree, torture_path(t, "%s", name), &a, ov);
}

static const struct smb2_create_ctx *rsp_ctx(const struct cli_req *r, enum smb2_cctx_type type)
{
	return smb2_create_ctx_find(&r->msg.u.create_rsp.contexts, type);
}

/* 3.3.5.9.5: MxAc answered with QueryStatus and MaximalAccess; on the
 * user's own new file that holds what the open was granted. */
static void ctx_mxac_answer(struct torture_ctx *t)
{
	struct smb2_create_ctx c = ctx_mxac();
	const struct smb2_create_ctx *m;
	struct cli_req *r = create_with(t, "f", &c, 1, NULL);
	struct cli_open o;
	uint32_t granted;

	CHECK_STATUS(t, cli_create_recv(r, &o), STATUS_SUCCESS);
	m = rsp_ctx(r, SMB2_CCTX_MXAC);
	if (!m)
		torture_skip(t, "the server does not answer SMB2_CREATE_QUERY_MAXIMAL_ACCESS");
	CHECK_STATUS(t, m->u.mxac.query_status, STATUS_SUCCESS);
	granted = ct_granted(t, t->tree, o.id);
	torture_comment(t, "MaximalAccess 0x%08x, granted 0x%08x", m->u.mxac.maximal_access,
	                granted);
	CHECK_VAL(t, m->u.mxac.maximal_access & granted & ~SMB2_SYNCHRONIZE,
	          granted & ~SMB2_SYNCHRONIZE);
	CHECK_VAL(t, m->u.mxac.maximal_access & 0xF2000000u, 0);
	/* MaximalAccess is within the tree's. */
	CHECK_VAL(t, m->u.mxac.maximal_access & ~t->tree->maximal_access, 0);
}

/* MxAc with its optional Timestamp (2.2.13.2.5: DataLength 8) is
 * answered as well. */
static void ctx_mxac_timestamp(struct torture_ctx *t)
{
	struct smb2_create_ctx c = ctx_mxac();
	struct cli_req *r;
	struct cli_open o;

	c.u.mxac.has_timestamp = true;
	c.u.mxac.timestamp = UINT64_C(132000000000000000);
	r = create_with(t, "f", &c, 1, NULL);
	CHECK_STATUS(t, cli_create_recv(r, &o), STATUS_SUCCESS);
	if (!rsp_ctx(r, SMB2_CCTX_MXAC))
		torture_skip(t, "the server does not answer SMB2_CREATE_QUERY_MAXIMAL_ACCESS");
	CHECK_STATUS(t, rsp_ctx(r, SMB2_CCTX_MXAC)->u.mxac.query_status, STATUS_SUCCESS);
}

/* 2.2.14.2.9: QFid identifies the file on disk: two opens of one file
 * answer the same DiskFileId and VolumeId, another file another
 * DiskFileId. */
static void ctx_qfid_answer(struct torture_ctx *t)
{
	struct smb2_create_ctx c = ctx_qfid();
	const struct smb2_create_ctx *q1, *q2, *q3;
	struct cli_req *r1 = create_with(t, "f", &c, 1, NULL);
	struct cli_req *r2 = create_with(t, "f", &c, 1, NULL);
	struct cli_req *r3 = create_with(t, "g", &c, 1, NULL);

	CHECK_STATUS(t, r1->status, STATUS_SUCCESS);
	CHECK_STATUS(t, r2->status, STATUS_SUCCESS);
	CHECK_STATUS(t, r3->status, STATUS_SUCCESS);
	q1 = rsp_ctx(r1, SMB2_CCTX_QFID);
	q2 = rsp_ctx(r2, SMB2_CCTX_QFID);
	q3 = rsp_ctx(r3, SMB2_CCTX_QFID);
	if (!q1 && !q2 && !q3)
		torture_skip(t, "the server does not answer SMB2_CREATE_QUERY_ON_DISK_ID");
	CHECK_TRUE(t, q1 && q2 && q3, "QFid answered for some opens and not others");
	CHECK_VAL(t, q2->u.qfid.disk_file_id, q1->u.qfid.disk_file_id);
	CHECK_VAL(t, q2->u.qfid.volume_id, q1->u.qfid.volume_id);
	CHECK_VAL(t, q3->u.qfid.volume_id, q1->u.qfid.volume_id);
	CHECK_TRUE(t, q3->u.qfid.disk_file_id != q1->u.qfid.disk_file_id,
	           "two files answer the same DiskFileId 0x%llx",
	           (unsigned long long)q1->u.qfid.disk_file_id);
}

/* MxAc and QFid together are both answered (in any order, 2.2.13.2). */
static void ctx_two_known(struct torture_ctx *t)
{
	struct smb2_create_ctx c[2] = { ctx_qfid(), ctx_mxac() };
	struct cli_req *r = create_with(t, "f", c, 2, NULL);

	CHECK_STATUS(t, r->status, STATUS_SUCCESS);
	if (!rsp_ctx(r, SMB2_CCTX_MXAC) || !rsp_ctx(r, SMB2_CCTX_QFID))
		torture_skip(t, "the server does not answer both MxAc and QFid");
	CHECK_STATUS(t, rsp_ctx(r, SMB2_CCTX_MXAC)->u.mxac.query_status, STATUS_SUCCESS);
}

/*
 * A context that 2.2.13.2 does not define: 3.3.5.9 says the server
 * SHOULD fail the request with STATUS_INVALID_PARAMETER; Windows ignores
 * four-character names it does not know and names longer than four (a
 * footnote to 3.3.5.9), Samba ignores them.  Both answers are allowed;
 * an ignored context is not echoed, and the open is an ordinary one.
 */
static void unknown_ctx(struct torture_ctx *t, const char *name, size_t name_len)
{
	static const uint8_t data[8] = { 1, 2, 3, 4, 5, 6, 7, 8 };
	struct smb2_create_ctx c[2] = { ctx_raw(name, name_len, data, sizeof(data)), ctx_mxac() };
	struct cli_req *r = create_with(t, "f", c, 2, NULL);
	const struct smb2_create_ctx_list *l;
	struct cli_open o;

	torture_comment(t, "unknown context: %s", nt_status_name(r->status));
	if (r->status == STATUS_INVALID_PARAMETER) {
		CHECK_STATUS(t, ct_probe(t->tree, torture_path(t, "f")), STATUS_OBJECT_NAME_NOT_FOUND);
		return;
	}
	CHECK_STATUS(t, cli_create_recv(r, &o), STATUS_SUCCESS);
	CHECK_VAL(t, o.create_action, SMB2_FILE_CREATED);
	l = &r->msg.u.create_rsp.contexts;
	for (uint32_t i = 0; i < l->count; i++)
		CHECK_TRUE(t, !(l->ctx[i].name.len == name_len &&
		                !memcmp(l->ctx[i].name.p, name, name_len)),
		           "the unknown context was echoed in the response");
}

static void ctx_unknown_short(struct torture_ctx *t)
{
	unknown_ctx(t, "Zzz9", 4);
}

static void ctx_unknown_long(struct torture_ctx *t)
{
	static const char guid[16] = { 0x5a, 0x11, 0x7e, 0x00, 0x42, 0x13, 0x37, 0x08,
	                               0x9c, 0x01, 0xfe, 0x77, 0x10, 0x20, 0x30, 0x40 };

	unknown_ctx(t, guid, sizeof(guid));
}

/* ---- malformed chains ---------------------------------------------------- */

/* Where the client puts the first context: the name, padded to 8. */
static uint32_t first_ctx_offset(struct torture_ctx *t, const char *name)
{
	uint32_t end = CT_BUFFER_OFFSET + (uint32_t)strlen(torture_path(t, "%s", name)) * 2;

	return (end + 7u) & ~7u;
}

/* The patched request is STATUS_INVALID_PARAMETER and creates nothing. */
static void malformed_ctx(struct torture_ctx *t, struct ct_patch *pt,
                          const struct smb2_create_ctx *c, size_t n)
{
	struct cli_override ov = { .hook = ct_patch_hook, .hook_arg = pt };

	ct_require_unsigned(t, t->sess);
	CHECK_STATUS(t, create_with(t, "f", c, n, &ov)->status, STATUS_INVALID_PARAMETER);
	CHECK_STATUS(t, ct_probe(t->tree, torture_path(t, "f")), STATUS_OBJECT_NAME_NOT_FOUND);
	CHECK_STATUS(t, cli_echo(t->conn), STATUS_SUCCESS);
}

/* CreateContextsOffset past the end of the request. */
static void ctx_offset_outside(struct torture_ctx *t)
{
	struct smb2_create_ctx c = ctx_mxac();
	struct ct_patch pt = { 0 };

	ct_patch_add(&pt, CT_OFF_CONTEXTS_OFFSET, 4, 0x10000);
	malformed_ctx(t, &pt, &c, 1);
}

/* CreateContextsLength reaching past the end of the request. */
static void ctx_length_outside(struct torture_ctx *t)
{
	struct smb2_create_ctx c = ctx_mxac();
	struct ct_patch pt = { 0 };

	/* One MxAc without data: 16 header + 4 name bytes. */
	ct_patch_add(&pt, CT_OFF_CONTEXTS_LENGTH, 4, 20 + 64);
	malformed_ctx(t, &pt, &c, 1);
}

/* 3.3.5.9: a context whose DataLength does not fit the context is
 * STATUS_INVALID_PARAMETER (MxAc with its 8-byte Timestamp, DataLength
 * made 9, as the Windows protocol test suite does). */
static void ctx_data_length_overrun(struct torture_ctx *t)
{
	struct smb2_create_ctx c = ctx_mxac();
	struct ct_patch pt = { 0 };

	c.u.mxac.has_timestamp = true;
	ct_patch_add(&pt, first_ctx_offset(t, "f") + CT_CTX_OFF_DATA_LENGTH, 4, 9);
	malformed_ctx(t, &pt, &c, 1);
}

/* Next of the first context pointing past the chain. */
static void ctx_next_outside(struct torture_ctx *t)
{
	struct smb2_create_ctx c[2] = { ctx_mxac(), ctx_qfid() };
	struct ct_patch pt = { 0 };

	ct_patch_add(&pt, first_ctx_offset(t, "f") + CT_CTX_OFF_NEXT, 4, 0x1000);
	malformed_ctx(t, &pt, c, 2);
}

static const struct torture_test tests[] = {
	TORTURE_TEST(ctx_mxac_answer, "MS-SMB2 2.2.13.2.5; MS-SMB2 2.2.14.2.5; MS-SMB2 3.3.5.9.5",
	             "MxAc is answered with STATUS_SUCCESS and a MaximalAccess covering the "
	             "granted access"),
	TORTURE_TEST(ctx_mxac_timestamp, "MS-SMB2 2.2.13.2.5; MS-SMB2 3.3.5.9.5",
	             "MxAc with its optional Timestamp is answered"),
	TORTURE_TEST(ctx_qfid_answer, "MS-SMB2 2.2.13.2.9; MS-SMB2 2.2.14.2.9; MS-SMB2 3.3.5.9.9",
	             "QFid gives one DiskFileId per file and one VolumeId per share"),
	TORTURE_TEST(ctx_two_known, "MS-SMB2 2.2.13.2; MS-SMB2 3.3.5.9",
	             "QFid and MxAc in one request are both answered"),
	TORTURE_TEST(ctx_unknown_short, "MS-SMB2 3.3.5.9; MS-SMB2 2.2.13.2",
	             "an unknown 4-byte context is refused (SHOULD) or ignored, never echoed"),
	TORTURE_TEST(ctx_unknown_long, "MS-SMB2 3.3.5.9; MS-SMB2 2.2.13.2",
	             "an unknown 16-byte context name is refused (SHOULD) or ignored, never "
	             "echoed"),
	TORTURE_TEST(ctx_offset_outside, "MS-SMB2 3.3.5.9; MS-SMB2 2.2.13",
	             "CreateContextsOffset past the request is STATUS_INVALID_PARAMETER"),
	TORTURE_TEST(ctx_length_outside, "MS-SMB2 3.3.5.9; MS-SMB2 2.2.13",
	             "CreateContextsLength past the request is STATUS_INVALID_PARAMETER"),
	TORTURE_TEST(ctx_data_length_overrun, "MS-SMB2 3.3.5.9; MS-SMB2 2.2.13.2",
	             "a DataLength larger than its context is STATUS_INVALID_PARAMETER"),
	TORTURE_TEST(ctx_next_outside, "MS-SMB2 3.3.5.9; MS-SMB2 2.2.13.2",
	             "Next pointing past the context chain is STATUS_INVALID_PARAMETER"),
};

TORTURE_SUITE(create_ctx_suite, "create_ctx", "CREATE contexts: MxAc, QFid, unknown, malformed",
              tests)
