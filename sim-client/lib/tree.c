/*
 * TREE_CONNECT and TREE_DISCONNECT (MS-SMB2 3.2.4.2.4, 3.2.5.5, 3.2.4.23)
 * and the FSCTL_VALIDATE_NEGOTIATE_INFO check that follows a 3.0/3.0.2
 * tree connect (3.2.5.5, 3.2.5.14.12).
 */
#include <stdlib.h>
#include <string.h>

#include "sim-client/lib/cli_int.h"
#include "sim-client/lib/cli_sync.h"
#include "util/utf16.h"
#include "wire/fsctl.h"

/* The longest \\server\share we send (bytes of UTF-16). */
#define CLI_MAX_UNC_BYTES 1024
/* MS-SMB2 2.2.32.6: Capabilities, Guid, SecurityMode, Dialect. */
#define CLI_VALIDATE_NEGOTIATE_RSP_SIZE 24

void cli_tree_free(struct cli_tree *t)
{
	if (!t)
		return;
	for (struct cli_req *r = t->sess->conn->pending; r; r = r->next)
		if (r->tree == t)
			r->tree = NULL;
	free(t);
}

static NTSTATUS validate_negotiate(struct cli_tree *t)
{
	struct cli_conn *c = t->sess->conn;
	struct smb2_validate_negotiate_req vq;
	struct smb2_validate_negotiate_rsp vr;
	struct smb2_fileid any = { SMB2_FILEID_ANY, SMB2_FILEID_ANY };
	struct cli_override ov = { 0 };
	struct cli_req *r;
	struct wr w;
	NTSTATUS st;

	memset(&vq, 0, sizeof(vq));
	vq.capabilities = c->capabilities;
	memcpy(vq.guid, c->client_guid, 16);
	vq.security_mode = c->security_mode;
	vq.dialect_count = c->dialect_count;
	memcpy(vq.dialects, c->dialects, c->dialect_count * sizeof(uint16_t));
	wr_init(&w, SMB2_MAX_PDU_PRE_NEGOTIATE);
	st = smb2_validate_negotiate_req_encode(&w, &vq);
	if (st == STATUS_SUCCESS)
		st = wr_status(&w);
	if (st != STATUS_SUCCESS) {
		wr_free(&w);
		return st;
	}
	/* MS-SMB2 3.2.5.5: the request MUST be signed. */
	ov.sign = CLI_SIGN_ALWAYS;
	st = cli_ioctl_send(t, any, FSCTL_VALIDATE_NEGOTIATE_INFO, w.buf, (uint32_t)w.len,
	                    CLI_VALIDATE_NEGOTIATE_RSP_SIZE, &ov, &r);
	wr_free(&w);
	if (st != STATUS_SUCCESS)
		return st;
	st = cli_wait(r, 0);
	if (st == STATUS_SUCCESS && !r->rsp_signed && !r->rsp_encrypted) {
		cli_log(c, "VALIDATE_NEGOTIATE_INFO response is not signed");
		st = STATUS_ACCESS_DENIED;
	}
	if (st == STATUS_SUCCESS && r->msg.kind == SMB2_MSG_RSP(SMB2_IOCTL))
		st = smb2_validate_negotiate_rsp_decode(&r->msg.u.ioctl_rsp.output, &vr);
	else if (st == STATUS_SUCCESS)
		st = STATUS_INVALID_NETWORK_RESPONSE;
	if (st == STATUS_SUCCESS &&
	    (vr.capabilities != c->server_caps || memcmp(vr.guid, c->server_guid, 16) ||
	     vr.security_mode != c->server_security_mode || vr.dialect != c->dialect)) {
		cli_log(c, "VALIDATE_NEGOTIATE_INFO does not match the NEGOTIATE response");
		st = STATUS_ACCESS_DENIED;
	}
	cli_req_free(r);
	if (st != STATUS_SUCCESS) {
		/* MS-SMB2 3.2.5.14.12: terminate the connection. */
		cli_log(c, "validate negotiate failed (%s): disconnecting", nt_status_name(st));
		cli_conn_fail(c, STATUS_CONNECTION_DISCONNECTED);
	}
	return st;
}

NTSTATUS cli_tree_connect(struct cli_session *s, const char *unc, struct cli_tree **out)
{
	struct cli_conn *c = s->conn;
	uint8_t path[CLI_MAX_UNC_BYTES];
	size_t plen;
	struct smb2_msg *m;
	struct cli_send_item it = { 0 };
	struct cli_req *r;
	struct cli_tree *t;
	NTSTATUS st;

	st = utf8_to_utf16le(unc, strlen(unc), path, sizeof(path), &plen);
	if (st != STATUS_SUCCESS)
		return st;
	m = calloc(1, sizeof(*m));
	t = calloc(1, sizeof(*t));
	if (!m || !t) {
		free(m);
		free(t);
		return STATUS_NO_MEMORY;
	}
	t->sess = s;
	m->hdr.command = SMB2_TREE_CONNECT;
	m->u.tree_connect_req.path.p = path;
	m->u.tree_connect_req.path.len = (uint32_t)plen;
	it.m = m;
	it.sess = s;
	st = cli_send(c, &it, &r);
	free(m);
	if (st != STATUS_SUCCESS) {
		free(t);
		return st;
	}
	st = cli_wait(r, 0);
	if (st == STATUS_SUCCESS && r->msg.kind != SMB2_MSG_RSP(SMB2_TREE_CONNECT))
		st = STATUS_INVALID_NETWORK_RESPONSE;
	if (st == STATUS_SUCCESS) {
		const struct smb2_tree_connect_rsp *tr = &r->msg.u.tree_connect_rsp;
		t->id = r->msg.hdr.tree_id;
		t->share_type = tr->share_type;
		t->share_flags = tr->share_flags;
		t->capabilities = tr->capabilities;
		t->maximal_access = tr->maximal_access;
		t->encrypt = c->dialect >= SMB2_DIALECT_300 &&
		             (tr->share_flags & SMB2_SHAREFLAG_ENCRYPT_DATA);
		if (t->encrypt && !s->enc) {
			cli_log(c, "share requires encryption and the session has no cipher");
			st = STATUS_ACCESS_DENIED;
		}
	}
	cli_req_free(r);
	if (st == STATUS_SUCCESS &&
	    (c->dialect == SMB2_DIALECT_300 || c->dialect == SMB2_DIALECT_302) &&
	    !c->opts.no_validate_negotiate && s->signer)
		st = validate_negotiate(t);
	if (st != STATUS_SUCCESS) {
		free(t);
		return st;
	}
	*out = t;
	return STATUS_SUCCESS;
}

NTSTATUS cli_tree_disconnect(struct cli_tree *t)
{
	struct smb2_msg m;
	struct cli_send_item it = { 0 };
	struct cli_req *r;
	NTSTATUS st;

	memset(&m, 0, sizeof(m));
	m.hdr.command = SMB2_TREE_DISCONNECT;
	it.m = &m;
	it.sess = t->sess;
	it.tree = t;
	st = cli_send(t->sess->conn, &it, &r);
	if (st == STATUS_SUCCESS) {
		st = cli_wait(r, 0);
		cli_req_free(r);
	}
	cli_tree_free(t);
	return st;
}
