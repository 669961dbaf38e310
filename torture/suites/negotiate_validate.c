/*
 * FSCTL_VALIDATE_NEGOTIATE_INFO (MS-SMB2 2.2.31.4, 2.2.32.6, 3.3.5.15.12)
 * on 3.0 and 3.0.2: the answer repeats what the NEGOTIATE response said,
 * signed; a request whose dialects, ClientGuid, SecurityMode or
 * Capabilities differ from the client's NEGOTIATE ends the connection.
 */
#include "torture/suites/negotiate_util.h"
#include "wire/fsctl.h"
#include "wire/ioctl.h"

/* 2.2.32.6: Capabilities, Guid, SecurityMode, Dialect. */
#define VNI_RSP_SIZE 24

/* A user session and tree on dialect d alone, without the library's own
 * validation after the tree connect. */
static struct cli_tree *vni_client(struct torture_ctx *t, uint16_t d)
{
	struct cli_conn_opts o;
	struct cli_tree *tree;
	NTSTATUS st;

	torture_require_dialect(t, d);
	torture_conn_opts(t, &o);
	o.dialect_min = d;
	o.dialect_max = d;
	o.no_validate_negotiate = true;
	st = torture_open_client(t, &o, NULL, NULL, &tree);
	if (st == STATUS_NOT_SUPPORTED)
		torture_skip(t, "the server does not implement %s", torture_dialect_name(d));
	CHECK_STATUS(t, st, STATUS_SUCCESS);
	return tree;
}

/* What the client sent in its NEGOTIATE (2.2.31.4). */
static void vni_from_conn(const struct cli_conn *c, struct smb2_validate_negotiate_req *v)
{
	memset(v, 0, sizeof(*v));
	v->capabilities = c->capabilities;
	memcpy(v->guid, c->client_guid, 16);
	v->security_mode = c->security_mode;
	v->dialect_count = c->dialect_count;
	memcpy(v->dialects, c->dialects, c->dialect_count * sizeof(uint16_t));
}

/* The FSCTL, signed (3.2.5.5), on FileId { -1, -1 } (2.2.31); waited for. */
static struct cli_req *vni_send(struct torture_ctx *t, struct cli_tree *tree,
                                const struct smb2_validate_negotiate_req *v)
{
	struct smb2_fileid any = { SMB2_FILEID_ANY, SMB2_FILEID_ANY };
	struct cli_override ov = { 0 };
	struct cli_req *r;
	struct wr w;
	uint8_t *in;
	size_t len;
	NTSTATUS st;

	wr_init(&w, 4096);
	st = smb2_validate_negotiate_req_encode(&w, v);
	len = w.len;
	in = st == STATUS_SUCCESS ? torture_alloc(t, len) : NULL;
	if (in)
		memcpy(in, w.buf, len);
	wr_free(&w);
	CHECK_STATUS(t, st, STATUS_SUCCESS);
	ov.sign = CLI_SIGN_ALWAYS;
	CHECK_STATUS(t, cli_ioctl_send(tree, any, FSCTL_VALIDATE_NEGOTIATE_INFO, in,
	                               (uint32_t)len, VNI_RSP_SIZE, &ov, &r),
	             STATUS_SUCCESS);
	torture_req(t, r);
	cli_wait(r, 0);
	return r;
}

static void vni_good(struct torture_ctx *t, uint16_t d)
{
	struct cli_tree *tree = vni_client(t, d);
	const struct cli_conn *c = tree->sess->conn;
	struct smb2_validate_negotiate_req v;
	struct smb2_validate_negotiate_rsp vr;
	struct cli_req *r;

	vni_from_conn(c, &v);
	r = vni_send(t, tree, &v);
	CHECK_STATUS(t, r->status, STATUS_SUCCESS);
	/* 3.3.5.15.12: the response is signed. */
	CHECK_TRUE(t, r->rsp_signed, "the VALIDATE_NEGOTIATE_INFO answer is not signed");
	CHECK_VAL(t, r->msg.kind, SMB2_MSG_RSP(SMB2_IOCTL));
	CHECK_VAL(t, r->msg.u.ioctl_rsp.ctl_code, FSCTL_VALIDATE_NEGOTIATE_INFO);
	CHECK_STATUS(t, smb2_validate_negotiate_rsp_decode(&r->msg.u.ioctl_rsp.output, &vr),
	             STATUS_SUCCESS);
	CHECK_VAL(t, vr.capabilities, c->server_caps);
	CHECK_MEM(t, vr.guid, c->server_guid, 16);
	CHECK_VAL(t, vr.security_mode, c->server_security_mode);
	CHECK_VAL(t, vr.dialect, d);
}

static void validate_300(struct torture_ctx *t)
{
	vni_good(t, SMB2_DIALECT_300);
}

static void validate_302(struct torture_ctx *t)
{
	vni_good(t, SMB2_DIALECT_302);
}

/* A mismatch: the server terminates the connection, no answer. */
static void vni_bad(struct torture_ctx *t, void (*spoil)(struct smb2_validate_negotiate_req *v))
{
	struct cli_tree *tree;
	struct smb2_validate_negotiate_req v;
	struct cli_req *r;

	if (t->srv->dialect >= SMB2_DIALECT_302)
		tree = vni_client(t, SMB2_DIALECT_302);
	else
		tree = vni_client(t, SMB2_DIALECT_300);
	vni_from_conn(tree->sess->conn, &v);
	spoil(&v);
	r = vni_send(t, tree, &v);
	CHECK_TRUE(t, r->local_error, "the server answered a mismatching validation with %s",
	           nt_status_name(r->status));
	CHECK_STATUS(t, r->status, STATUS_CONNECTION_DISCONNECTED);
}

/* Only 2.0.2 and 2.1: the greatest common dialect is not Connection.Dialect. */
static void spoil_dialects(struct smb2_validate_negotiate_req *v)
{
	v->dialect_count = 2;
	v->dialects[0] = SMB2_DIALECT_202;
	v->dialects[1] = SMB2_DIALECT_210;
}

static void spoil_guid(struct smb2_validate_negotiate_req *v)
{
	v->guid[0] ^= 0xFF;
	v->guid[15] ^= 0x5A;
}

static void spoil_caps(struct smb2_validate_negotiate_req *v)
{
	v->capabilities ^= SMB2_GLOBAL_CAP_LEASING;
}

static void spoil_security_mode(struct smb2_validate_negotiate_req *v)
{
	v->security_mode ^= SMB2_NEGOTIATE_SIGNING_REQUIRED;
}

static void validate_bad_dialects(struct torture_ctx *t)
{
	vni_bad(t, spoil_dialects);
}

static void validate_bad_guid(struct torture_ctx *t)
{
	vni_bad(t, spoil_guid);
}

static void validate_bad_capabilities(struct torture_ctx *t)
{
	vni_bad(t, spoil_caps);
}

static void validate_bad_security_mode(struct torture_ctx *t)
{
	vni_bad(t, spoil_security_mode);
}

static const struct torture_test tests[] = {
	TORTURE_TEST_RAW(validate_300, "MS-SMB2 3.3.5.15.12; MS-SMB2 2.2.32.6",
	                 "3.0: the signed answer repeats the NEGOTIATE response"),
	TORTURE_TEST_RAW(validate_302, "MS-SMB2 3.3.5.15.12; MS-SMB2 2.2.32.6",
	                 "3.0.2: the signed answer repeats the NEGOTIATE response"),
	TORTURE_TEST_RAW(validate_bad_dialects, "MS-SMB2 3.3.5.15.12; MS-SMB2 2.2.31.4",
	                 "dialects whose greatest common one differs: connection terminated"),
	TORTURE_TEST_RAW(validate_bad_guid, "MS-SMB2 3.3.5.15.12; MS-SMB2 2.2.31.4",
	                 "another ClientGuid: connection terminated"),
	TORTURE_TEST_RAW(validate_bad_capabilities, "MS-SMB2 3.3.5.15.12; MS-SMB2 2.2.31.4",
	                 "other Capabilities: connection terminated"),
	TORTURE_TEST_RAW(validate_bad_security_mode, "MS-SMB2 3.3.5.15.12; MS-SMB2 2.2.31.4",
	                 "another SecurityMode: connection terminated"),
};

TORTURE_SUITE(negotiate_validate_suite, "negotiate_validate",
              "FSCTL_VALIDATE_NEGOTIATE_INFO on 3.0 and 3.0.2", tests)
