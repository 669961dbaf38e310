/*
 * Helpers for the TREE_CONNECT / TREE_DISCONNECT suites (tree.c,
 * tree_share.c): a raw TREE_CONNECT with any path, Flags and overrides, a
 * stand-in struct cli_tree for a TreeId the library did not connect (an
 * old one, another session's, 0), a client limited to a dialect range,
 * and the check of a TREE_CONNECT response against MS-SMB2 2.2.10.
 *
 * Stand-in trees live in test memory and are never given to
 * cli_tree_free(); requests that name them are the fixture's.
 */
#ifndef SMBSIM_TORTURE_SUITES_TREE_UTIL_H
#define SMBSIM_TORTURE_SUITES_TREE_UTIL_H

#include <string.h>

#include "torture/torture.h"
#include "util/utf16.h"

/* Offsets in a TREE_CONNECT request from its SMB2 header (2.2.9). */
#define TR_OFF_FLAGS 66
#define TR_OFF_PATH_OFFSET 68
#define TR_OFF_PATH_LENGTH 70

/* MS-SMB2 2.2.9: the share component is at most 80 characters. */
#define TR_MAX_SHARE_CHARS 80

/* MS-SMB2 2.2.10: every defined ShareFlags and Capabilities bit. */
#define TR_SHAREFLAGS_KNOWN                                                                  \
	(SMB2_SHAREFLAG_DFS | SMB2_SHAREFLAG_DFS_ROOT | SMB2_SHAREFLAG_CACHING_MASK |             \
	 SMB2_SHAREFLAG_RESTRICT_EXCLUSIVE_OPENS | SMB2_SHAREFLAG_FORCE_SHARED_DELETE |           \
	 SMB2_SHAREFLAG_ALLOW_NAMESPACE_CACHING | SMB2_SHAREFLAG_ACCESS_BASED_DIRECTORY_ENUM |    \
	 SMB2_SHAREFLAG_FORCE_LEVELII_OPLOCK | SMB2_SHAREFLAG_ENABLE_HASH_V1 |                    \
	 SMB2_SHAREFLAG_ENABLE_HASH_V2 | SMB2_SHAREFLAG_ENCRYPT_DATA |                            \
	 SMB2_SHAREFLAG_IDENTITY_REMOTING | SMB2_SHAREFLAG_COMPRESS_DATA |                        \
	 SMB2_SHAREFLAG_ISOLATED_TRANSPORT)
#define TR_SHARE_CAPS_KNOWN                                                                  \
	(SMB2_SHARE_CAP_DFS | SMB2_SHARE_CAP_CONTINUOUS_AVAILABILITY | SMB2_SHARE_CAP_SCALEOUT |  \
	 SMB2_SHARE_CAP_CLUSTER | SMB2_SHARE_CAP_ASYMMETRIC | SMB2_SHARE_CAP_REDIRECT_TO_OWNER)
/* 2.2.10: capabilities valid only from 3.0, 3.0.2 and 3.1.1 on. */
#define TR_SHARE_CAPS_30                                                                     \
	(SMB2_SHARE_CAP_CONTINUOUS_AVAILABILITY | SMB2_SHARE_CAP_SCALEOUT | SMB2_SHARE_CAP_CLUSTER)

/* A tree the library did not connect: TreeId `id` on session s. */
static inline struct cli_tree *tr_fake(struct torture_ctx *t, struct cli_session *s, uint32_t id)
{
	struct cli_tree *x = torture_alloc(t, sizeof(*x));

	x->sess = s;
	x->id = id;
	return x;
}

/* TREE_CONNECT of the UTF-8 path `unc` with Flags (with the 3.1.1
 * extension when flags has EXTENSION_PRESENT); ov may be NULL.  The done
 * request (the fixture frees it); its status is the caller's to check. */
static inline struct cli_req *tr_connect_raw(struct torture_ctx *t, struct cli_session *s,
                                             const char *unc, uint16_t flags,
                                             const struct cli_override *ov)
{
	size_t cap = strlen(unc) * 2 + 2, len = 0;
	uint8_t *path = torture_alloc(t, cap);
	struct smb2_msg *m = torture_alloc(t, sizeof(*m));
	struct cli_send_item it = { 0 };
	struct cli_req *r;

	CHECK_STATUS(t, utf8_to_utf16le(unc, strlen(unc), path, cap, &len), STATUS_SUCCESS);
	m->hdr.command = SMB2_TREE_CONNECT;
	m->u.tree_connect_req.flags = flags;
	m->u.tree_connect_req.path.p = path;
	m->u.tree_connect_req.path.len = (uint32_t)len;
	it.m = m;
	it.sess = s;
	it.ov = ov;
	CHECK_STATUS(t, cli_send(s->conn, &it, &r), STATUS_SUCCESS);
	torture_req(t, r);
	cli_wait(r, 0);
	CHECK_TRUE(t, r->done, "TREE_CONNECT %s: no answer", unc);
	return r;
}

/* A successful raw TREE_CONNECT as a stand-in tree. */
static inline struct cli_tree *tr_tree_of(struct torture_ctx *t, struct cli_session *s,
                                          const struct cli_req *r)
{
	struct cli_tree *x;

	CHECK_STATUS(t, r->status, STATUS_SUCCESS);
	CHECK_VAL(t, r->msg.kind, SMB2_MSG_RSP(SMB2_TREE_CONNECT));
	x = tr_fake(t, s, r->msg.hdr.tree_id);
	x->share_type = r->msg.u.tree_connect_rsp.share_type;
	x->share_flags = r->msg.u.tree_connect_rsp.share_flags;
	x->capabilities = r->msg.u.tree_connect_rsp.capabilities;
	x->maximal_access = r->msg.u.tree_connect_rsp.maximal_access;
	return x;
}

/* TREE_DISCONNECT of tree x (not freed: stand-in or still tracked). */
static inline NTSTATUS tr_disconnect_raw(struct torture_ctx *t, struct cli_tree *x)
{
	struct smb2_msg m;
	struct cli_send_item it = { 0 };
	struct cli_req *r;
	NTSTATUS st;

	memset(&m, 0, sizeof(m));
	m.hdr.command = SMB2_TREE_DISCONNECT;
	it.m = &m;
	it.sess = x->sess;
	it.tree = x;
	st = cli_send(x->sess->conn, &it, &r);
	if (st != STATUS_SUCCESS)
		return st;
	torture_req(t, r);
	return cli_wait(r, 0);
}

/* Connect, negotiate dialects [dmin, dmax] and log on.  A negotiation
 * the server refuses is returned, not checked. */
static inline NTSTATUS tr_client(struct torture_ctx *t, uint16_t dmin, uint16_t dmax,
                                 struct cli_conn **c, struct cli_session **s)
{
	struct cli_conn_opts opts;
	NTSTATUS st;

	torture_conn_opts(t, &opts);
	opts.dialect_min = dmin;
	opts.dialect_max = dmax;
	CHECK_STATUS(t, torture_connect(t, &opts, c), STATUS_SUCCESS);
	st = cli_negotiate(*c, 0, 0);
	if (st != STATUS_SUCCESS)
		return st;
	return torture_login(t, *c, s);
}

/* A TREE_CONNECT answer fits 2.2.10 for the dialect. */
static inline void tr_check_answer(struct torture_ctx *t, uint16_t dialect,
                                   const struct cli_tree *x, uint8_t type)
{
	torture_comment(t, "dialect %s: type %u flags 0x%x caps 0x%x access 0x%x",
	                torture_dialect_name(dialect), x->share_type, x->share_flags,
	                x->capabilities, x->maximal_access);
	CHECK_VAL(t, x->share_type, type);
	CHECK_VAL(t, x->share_flags & ~TR_SHAREFLAGS_KNOWN, 0);
	CHECK_VAL(t, x->capabilities & ~TR_SHARE_CAPS_KNOWN, 0);
	if (dialect < SMB2_DIALECT_300) {
		CHECK_VAL(t, x->capabilities & TR_SHARE_CAPS_30, 0);
		CHECK_VAL(t, x->share_flags & SMB2_SHAREFLAG_ENCRYPT_DATA, 0);
	}
	if (dialect < SMB2_DIALECT_302)
		CHECK_VAL(t, x->capabilities & SMB2_SHARE_CAP_ASYMMETRIC, 0);
	if (dialect < SMB2_DIALECT_311) {
		CHECK_VAL(t, x->capabilities & SMB2_SHARE_CAP_REDIRECT_TO_OWNER, 0);
		CHECK_VAL(t, x->share_flags & SMB2_SHAREFLAG_COMPRESS_DATA, 0);
	}
	CHECK_TRUE(t, x->maximal_access != 0, "MaximalAccess is 0 on a share the user may use");
}

/* The hook runs after signing; see ct_require_unsigned in create_util.h. */
static inline void tr_require_unsigned(struct torture_ctx *t, const struct cli_session *s)
{
	if (s->signing_required)
		torture_skip(t, "the session signs every request; a patched frame would fail "
		                "its signature check before the field is looked at");
}

#endif
