/*
 * Sending responses (MS-SMB2 3.3.4): the final header of each response,
 * compound framing of a chain's responses (padding, NextCommand), signing
 * (3.3.4.1.1) or encryption (3.3.4.1.4) per the session and tree, the
 * 3.1.1 preauth hash of NEGOTIATE and SESSION_SETUP responses, and
 * unsolicited messages to a session.
 */
#include <stdlib.h>
#include <string.h>

#include "sim-server/srv_int.h"
#include "wire/error.h"
#include "wire/transform.h"

#define HDR_OFF_STATUS 8

static bool status_keeps_body(NTSTATUS st)
{
	return st == STATUS_MORE_PROCESSING_REQUIRED || (st & 0xC0000000u) != 0xC0000000u;
}

void srv_rsp_finish_hdr(struct srv_req *r, NTSTATUS st)
{
	struct smb2_hdr h;
	struct wr hw;

	if (st == STATUS_PENDING || (!status_keeps_body(st) && !r->error_data) ||
	    r->out.len <= SMB2_HDR_SIZE) {
		struct smb2_error_rsp e;
		memset(&e, 0, sizeof(e));
		r->out.len = SMB2_HDR_SIZE;
		r->out.err = false;
		(void)smb2_error_rsp_encode(&r->out, &e);
	}
	memset(&h, 0, sizeof(h));
	h.credit_charge = r->credit_charge;
	h.status = st;
	h.command = r->command;
	h.credit = r->credits_granted;
	h.flags = SMB2_FLAGS_SERVER_TO_REDIR;
	if (r->related)
		h.flags |= SMB2_FLAGS_RELATED_OPERATIONS;
	h.message_id = r->message_id;
	if (r->is_async) {
		h.flags |= SMB2_FLAGS_ASYNC_COMMAND;
		h.async_id = r->async_id;
	} else {
		h.process_id = r->in.hdr.process_id;
		h.tree_id = r->tree_id;
	}
	h.session_id = r->rsp_session_id ? r->rsp_session_id : r->session_id;
	wr_init(&hw, SMB2_HDR_SIZE);
	if (smb2_hdr_encode(&hw, &h) == STATUS_SUCCESS && hw.len == SMB2_HDR_SIZE &&
	    r->out.len >= SMB2_HDR_SIZE)
		memcpy(r->out.buf, hw.buf, SMB2_HDR_SIZE);
	wr_free(&hw);
}

/* Which session protects a response, and how. */
static void rsp_protection(struct srv_conn *c, struct srv_req *r, struct srv_session **encs,
                           struct smb2_signer **signer)
{
	uint64_t sid = r->rsp_session_id ? r->rsp_session_id : r->session_id;
	struct srv_session *s = sid ? srv_session_lookup(c->srv, sid) : NULL;
	uint32_t status = le32(r->out.buf + HDR_OFF_STATUS);
	bool interim = status == STATUS_PENDING && r->is_async;
	struct srv_tree *t;
	struct srv_channel *ch;

	*encs = NULL;
	*signer = NULL;
	if (!s)
		return;
	t = r->tree_id ? srv_tree_lookup(s, r->tree_id) : NULL;
	if (s->encryptor && !r->no_encrypt &&
	    (r->was_encrypted || s->encrypt_data || (t && t->encrypt_data))) {
		*encs = s;
		return;
	}
	if (interim)
		return;
	if (!(r->was_signed || s->signing_required || r->force_sign))
		return;
	if (r->sign_with_session_key) {
		*signer = s->signer;
		return;
	}
	ch = srv_session_channel(s, c);
	*signer = ch ? ch->signer : NULL;
}

static NTSTATUS send_iov(struct srv_conn *c, const struct iovec *iov, int n)
{
	int rc = smb_transport_send(c->t, iov, n);
	return rc == 0 ? STATUS_SUCCESS : STATUS_CONNECTION_DISCONNECTED;
}

void srv_send_responses(struct srv_conn *c, struct srv_req **rs, unsigned n)
{
	struct iovec iov[SMB2_MAX_COMPOUND];
	struct srv_session *encs = NULL;
	size_t total = 0;

	if (c->dead || n == 0)
		return;
	for (unsigned i = 0; i < n; i++) {
		struct srv_req *r = rs[i];
		struct srv_session *e;
		struct smb2_signer *signer;

		if (i + 1 < n) {
			wr_align(&r->out, 8);
			wr_put_u32_at(&r->out, SMB2_HDR_OFF_NEXT_COMMAND, (uint32_t)r->out.len);
		}
		if (!wr_ok(&r->out)) {
			srv_conn_fail(c, "response too large");
			return;
		}
		rsp_protection(c, r, &e, &signer);
		if (e && !encs)
			encs = e;
		if (!e && signer) {
			uint8_t sig[SMB2_SIGNATURE_SIZE];
			uint32_t fl = le32(r->out.buf + SMB2_HDR_OFF_FLAGS);
			put_le32(r->out.buf + SMB2_HDR_OFF_FLAGS, fl | SMB2_FLAGS_SIGNED);
			if (smb2_sign_buf(signer, r->out.buf, r->out.len, sig) != STATUS_SUCCESS) {
				srv_conn_fail(c, "signing failed");
				return;
			}
			memcpy(r->out.buf + SMB2_HDR_OFF_SIGNATURE, sig, sizeof(sig));
		}
		if (r->preauth_rsp) {
			uint64_t sid = r->rsp_session_id ? r->rsp_session_id : r->session_id;
			struct srv_session *s = srv_session_lookup(c->srv, sid);
			struct smb2_preauth *p = r->command == SMB2_NEGOTIATE ? &c->info.preauth
			                         : s ? &s->preauth : NULL;
			if (p && smb2_preauth_update(p, r->out.buf, r->out.len) != STATUS_SUCCESS) {
				srv_conn_fail(c, "preauth hash failed");
				return;
			}
		}
		iov[i].iov_base = r->out.buf;
		iov[i].iov_len = r->out.len;
		total += r->out.len;
	}
	if (encs) {
		uint8_t nonce[SMB2_TRANSFORM_NONCE_FIELD];
		size_t cap = total + SMB2_TRANSFORM_HDR_SIZE, olen = 0;
		uint8_t *buf = malloc(cap);
		struct iovec one;

		if (!buf || smb2_nonce_next(&encs->nonces, smb2_cipher_id(encs->encryptor), nonce) !=
		                    STATUS_SUCCESS ||
		    smb2_encrypt_iov(encs->encryptor, encs->id, nonce, iov, n, buf, cap, &olen) !=
		            STATUS_SUCCESS) {
			free(buf);
			srv_conn_fail(c, "encryption failed");
			return;
		}
		one.iov_base = buf;
		one.iov_len = olen;
		if (send_iov(c, &one, 1) != STATUS_SUCCESS)
			srv_conn_fail(c, "send failed");
		free(buf);
		return;
	}
	if (send_iov(c, iov, (int)n) != STATUS_SUCCESS)
		srv_conn_fail(c, "send failed");
}

NTSTATUS srv_conn_send_raw(struct srv_conn *c, const uint8_t *msg, size_t len)
{
	struct iovec v = {.iov_base = (void *)msg, .iov_len = len};

	if (c->dead)
		return STATUS_CONNECTION_DISCONNECTED;
	return send_iov(c, &v, 1);
}

NTSTATUS srv_send_to_session(struct srv_server *srv, uint64_t session_id, const uint8_t *msg,
                             size_t len)
{
	struct srv_session *s = srv_session_lookup(srv, session_id);
	struct srv_req *r;

	if (!s || len < SMB2_HDR_SIZE)
		return s ? STATUS_INVALID_PARAMETER : STATUS_USER_SESSION_DELETED;
	for (struct srv_link *l = s->channels.next; l != &s->channels; l = l->next) {
		struct srv_channel *ch = srv_container(l, struct srv_channel, in_session);
		if (ch->conn->dead)
			continue;
		r = srv_req_new(ch->conn);
		if (!r)
			return STATUS_NO_MEMORY;
		r->out.len = 0;
		wr_bytes(&r->out, msg, len);
		r->session_id = session_id;
		r->command = le16(msg + 12);
		srv_send_responses(ch->conn, &r, 1);
		srv_req_free(r);
		return STATUS_SUCCESS;
	}
	return STATUS_USER_SESSION_DELETED;
}

