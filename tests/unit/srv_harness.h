/*
 * A test client for the server core, over lib/net/mem.h: hand-built
 * requests from lib/wire encoders, responses decoded with smb2_msg_decode,
 * the NTLMSSP/SPNEGO client of lib/auth for SESSION_SETUP, and lib/crypto
 * for the client's keys (signing, encryption, 3.1.1 preauth).  Shared by
 * the server-core tests; static inline so that each test uses what it
 * needs.  Frames are waited for by running the loop without blocking
 * (mem transports deliver from the loop), bounded by H_MAX_SPINS.
 */
#ifndef SMBSIM_TEST_SRV_HARNESS_H
#define SMBSIM_TEST_SRV_HARNESS_H

#include <stdlib.h>
#include <string.h>

#include <event2/event.h>

#include "testutil.h"

#include "auth/gensec.h"
#include "auth/ntlmssp_crypto.h"
#include "crypto/crypto_ctx.h"
#include "crypto/encrypt.h"
#include "crypto/kdf.h"
#include "crypto/preauth.h"
#include "crypto/sign.h"
#include "net/mem.h"
#include "sim-server/server.h"
#include "wire/compound.h"
#include "wire/msg.h"
#include "wire/smb1_negotiate.h"
#include "wire/transform.h"
#include "util/utf16.h"

#define H_MAX_SPINS 10000
#define H_MAX_FRAMES 16

struct h_frame {
	uint8_t *p;
	size_t len;
};

struct h_conn {
	struct smb_transport *t;
	struct h_frame q[H_MAX_FRAMES];
	unsigned nq;
	bool closed;
	uint64_t mid;
	uint16_t dialect;
	uint16_t cipher;
	uint16_t signing_alg;
	uint64_t session_id;
	uint32_t tree_id;
	struct smb2_preauth preauth;     /* connection, then session */
	struct smb2_keys keys;
	struct smb2_signer *signer;
	struct smb2_cipher *enc, *dec;
	uint64_t nonce;
	bool sign, encrypt;              /* protect the next requests */
	uint8_t negprot_blob[1024];
	size_t negprot_len;
};

struct h_env {
	struct event_base *base;
	struct srv_server *srv;
	struct srv_settings set;
	uint64_t now;
};

static inline void h_on_frame(void *arg, const uint8_t *f, size_t len)
{
	struct h_conn *c = arg;

	if (c->nq == H_MAX_FRAMES)
		return;
	c->q[c->nq].p = malloc(len);
	assert_non_null(c->q[c->nq].p);
	memcpy(c->q[c->nq].p, f, len);
	c->q[c->nq++].len = len;
}

static inline void h_on_close(void *arg, int err)
{
	struct h_conn *c = arg;

	(void)err;
	c->closed = true;
}

static inline uint64_t h_clock(void *arg)
{
	return ((struct h_env *)arg)->now;
}

static inline void h_settings(struct srv_settings *s)
{
	srv_settings_default(s);
	s->user_count = 1;
	strcpy(s->users[0].name, "user");
	assert_int_equal(ntlm_nt_hash("pass", s->users[0].nt_hash), STATUS_SUCCESS);
	s->share_count = 2;
	strcpy(s->shares[0].name, "share");
	strcpy(s->shares[0].path, "/tmp");
	strcpy(s->shares[1].name, "secret");
	strcpy(s->shares[1].path, "/tmp");
	s->shares[1].encrypt = true;
}

static inline void h_env_start(struct h_env *e)
{
	e->base = event_base_new();
	assert_non_null(e->base);
	e->now = 1000;
	assert_int_equal(srv_server_new(e->base, &e->set, &e->srv), STATUS_SUCCESS);
	srv_server_set_clock(e->srv, h_clock, e);
}

static inline void h_conn_free(struct h_conn *c)
{
	for (unsigned i = 0; i < c->nq; i++)
		free(c->q[i].p);
	c->nq = 0;
	smb_transport_free(c->t);
	c->t = NULL;
	smb2_signer_free(c->signer);
	smb2_cipher_free(c->enc);
	smb2_cipher_free(c->dec);
	c->signer = NULL;
	c->enc = c->dec = NULL;
}

static inline void h_env_stop(struct h_env *e)
{
	srv_server_free(e->srv);
	event_base_free(e->base);
}

static inline void h_connect(struct h_env *e, struct h_conn *c)
{
	struct smb_transport *st;
	struct smb_transport_cbs cbs = {h_on_frame, h_on_close, c};

	memset(c, 0, sizeof(*c));
	assert_int_equal(smb_mem_pair_new(e->base, &c->t, &st), 0);
	smb_transport_set_cbs(c->t, &cbs);
	c->t->max_frame = SMB2_MAX_PDU;
	assert_int_equal(srv_server_add_transport(e->srv, st), STATUS_SUCCESS);
	smb2_preauth_init(&c->preauth);
}

/* Run the loop until a frame (true) or the close (false). */
static inline bool h_wait(struct h_env *e, struct h_conn *c)
{
	for (int i = 0; i < H_MAX_SPINS && !c->nq && !c->closed; i++)
		event_base_loop(e->base, EVLOOP_NONBLOCK);
	return c->nq > 0;
}

/* Drain the loop: every pending delivery both ways. */
static inline void h_settle(struct h_env *e)
{
	for (int i = 0; i < 64; i++)
		event_base_loop(e->base, EVLOOP_NONBLOCK);
}

static inline void h_send_raw(struct h_conn *c, const uint8_t *p, size_t len)
{
	struct iovec v = {.iov_base = (void *)p, .iov_len = len};

	assert_int_equal(smb_transport_send(c->t, &v, 1), 0);
}

/* Start a request header in w (a compound member when b is given). */
static inline void h_hdr(struct h_conn *c, struct wr *w, uint16_t cmd, uint16_t charge)
{
	struct smb2_hdr h;

	memset(&h, 0, sizeof(h));
	h.command = cmd;
	h.credit_charge = charge;
	h.credit = 32;
	h.message_id = c->mid;
	c->mid += charge ? charge : 1;
	h.process_id = 0xFEFF;
	h.session_id = c->session_id;
	h.tree_id = c->tree_id;
	assert_int_equal(smb2_hdr_encode(w, &h), STATUS_SUCCESS);
}

/* Sign (if c->sign) and send the message(s) in w, encrypted if c->encrypt. */
static inline void h_send(struct h_conn *c, struct wr *w)
{
	if (c->encrypt) {
		uint8_t nonce[SMB2_TRANSFORM_NONCE_FIELD] = {0};
		struct iovec v = {.iov_base = w->buf, .iov_len = w->len};
		struct wr o;

		put_le64(nonce, ++c->nonce);
		wr_init(&o, SMB2_MAX_PDU);
		assert_int_equal(smb2_encrypt_wr(c->enc, c->session_id, nonce, &v, 1, &o),
		                 STATUS_SUCCESS);
		h_send_raw(c, o.buf, o.len);
		wr_free(&o);
		return;
	}
	if (c->sign && c->signer) {
		uint8_t sig[16];
		put_le32(w->buf + SMB2_HDR_OFF_FLAGS,
		         le32(w->buf + SMB2_HDR_OFF_FLAGS) | SMB2_FLAGS_SIGNED);
		assert_int_equal(smb2_sign_buf(c->signer, w->buf, w->len, sig), STATUS_SUCCESS);
		memcpy(w->buf + SMB2_HDR_OFF_SIGNATURE, sig, 16);
	}
	h_send_raw(c, w->buf, w->len);
}

/* Take the next frame (waiting for it); decrypts a transform.  The
 * caller frees *out. */
static inline bool h_take(struct h_env *e, struct h_conn *c, struct h_frame *out)
{
	out->p = NULL;
	out->len = 0;
	if (!h_wait(e, c))
		return false;
	*out = c->q[0];
	memmove(c->q, c->q + 1, (c->nq - 1) * sizeof(c->q[0]));
	c->nq--;
	if (smb2_frame_protocol(out->p, out->len) == SMB2_TRANSFORM_MAGIC) {
		uint8_t *plain = malloc(out->len);
		size_t plen = 0;
		assert_non_null(c->dec);
		assert_int_equal(smb2_decrypt(c->dec, out->p, out->len, plain, out->len, &plen, NULL),
		                 STATUS_SUCCESS);
		free(out->p);
		out->p = plain;
		out->len = plen;
	}
	return true;
}

/* The next response, decoded (body blobs point into *f). */
static inline void h_recv(struct h_env *e, struct h_conn *c, struct h_frame *f,
                          struct smb2_msg *m)
{
	struct rd r;

	assert_true(h_take(e, c, f));
	rd_init(&r, f->p, f->len);
	assert_int_equal(smb2_msg_decode(&r, m), STATUS_SUCCESS);
}

/* Send a one-message request built by enc and return the response status. */
static inline NTSTATUS h_call(struct h_env *e, struct h_conn *c, const struct smb2_msg *req,
                              struct smb2_msg *rsp, struct h_frame *f)
{
	struct smb2_msg q = *req;
	struct wr w;

	q.hdr.message_id = c->mid++;
	q.hdr.session_id = c->session_id;
	q.hdr.tree_id = c->tree_id;
	q.hdr.process_id = 0xFEFF;
	if (!q.hdr.credit)
		q.hdr.credit = 32;
	wr_init(&w, SMB2_MAX_PDU);
	assert_int_equal(smb2_msg_encode(&w, &q), STATUS_SUCCESS);
	h_send(c, &w);
	wr_free(&w);
	h_recv(e, c, f, rsp);
	return rsp->hdr.status;
}

static inline NTSTATUS h_simple(struct h_env *e, struct h_conn *c, uint16_t cmd)
{
	struct smb2_msg q, r;
	struct h_frame f = {0};
	NTSTATUS st;

	memset(&q, 0, sizeof(q));
	q.hdr.command = cmd;
	q.kind = SMB2_MSG_REQ(cmd);
	st = h_call(e, c, &q, &r, &f);
	free(f.p);
	return st;
}

/* NEGOTIATE offering `dialects`; 3.1.1 with ciphers and signing algs. */
static inline NTSTATUS h_negotiate(struct h_env *e, struct h_conn *c, const uint16_t *d,
                                   unsigned nd, const uint16_t *ciphers, unsigned nc,
                                   const uint16_t *algs, unsigned na, struct smb2_msg *rsp)
{
	struct smb2_msg q;
	struct h_frame f = {0};
	struct smb2_neg_ctx *x;
	uint8_t salt[32] = {1, 2, 3};
	struct wr w;
	struct rd r;

	memset(&q, 0, sizeof(q));
	q.hdr.command = SMB2_NEGOTIATE;
	q.hdr.message_id = c->mid++;
	q.hdr.credit = 32;
	q.kind = SMB2_MSG_REQ(SMB2_NEGOTIATE);
	q.u.negotiate_req.dialect_count = (uint16_t)nd;
	q.u.negotiate_req.security_mode = SMB2_NEGOTIATE_SIGNING_ENABLED;
	q.u.negotiate_req.capabilities = SMB2_GLOBAL_CAP_ENCRYPTION | SMB2_GLOBAL_CAP_LARGE_MTU;
	memset(q.u.negotiate_req.client_guid, 0x5A, 16);
	memcpy(q.u.negotiate_req.dialects, d, nd * sizeof(uint16_t));
	x = &q.u.negotiate_req.ctx.ctx[q.u.negotiate_req.ctx.count++];
	x->type = SMB2_PREAUTH_INTEGRITY_CAPABILITIES;
	x->u.preauth.hashes.count = 1;
	x->u.preauth.hashes.ids[0] = SMB2_PREAUTH_INTEGRITY_SHA512;
	x->u.preauth.salt.p = salt;
	x->u.preauth.salt.len = sizeof(salt);
	if (nc) {
		x = &q.u.negotiate_req.ctx.ctx[q.u.negotiate_req.ctx.count++];
		x->type = SMB2_ENCRYPTION_CAPABILITIES;
		x->u.ciphers.count = (uint16_t)nc;
		memcpy(x->u.ciphers.ids, ciphers, nc * sizeof(uint16_t));
	}
	if (na) {
		x = &q.u.negotiate_req.ctx.ctx[q.u.negotiate_req.ctx.count++];
		x->type = SMB2_SIGNING_CAPABILITIES;
		x->u.signing_algs.count = (uint16_t)na;
		memcpy(x->u.signing_algs.ids, algs, na * sizeof(uint16_t));
	}
	wr_init(&w, SMB2_MAX_PDU);
	assert_int_equal(smb2_msg_encode(&w, &q), STATUS_SUCCESS);
	assert_int_equal(smb2_preauth_update(&c->preauth, w.buf, w.len), STATUS_SUCCESS);
	h_send(c, &w);
	wr_free(&w);
	assert_true(h_take(e, c, &f));
	rd_init(&r, f.p, f.len);
	assert_int_equal(smb2_msg_decode(&r, rsp), STATUS_SUCCESS);
	if (rsp->hdr.status == STATUS_SUCCESS) {
		const struct smb2_negotiate_rsp *n = &rsp->u.negotiate_rsp;
		const struct smb2_neg_ctx *cx;
		assert_int_equal(smb2_preauth_update(&c->preauth, f.p, f.len), STATUS_SUCCESS);
		c->dialect = n->dialect_revision;
		c->signing_alg = c->dialect >= SMB2_DIALECT_300 ? SMB2_SIGNING_AES_CMAC
		                                                : SMB2_SIGNING_HMAC_SHA256;
		if (c->dialect == SMB2_DIALECT_300 || c->dialect == SMB2_DIALECT_302)
			c->cipher = (n->capabilities & SMB2_GLOBAL_CAP_ENCRYPTION)
			                    ? SMB2_ENCRYPTION_AES128_CCM
			                    : 0;
		cx = smb2_neg_ctx_find(&n->ctx, SMB2_ENCRYPTION_CAPABILITIES);
		if (cx)
			c->cipher = cx->u.ciphers.ids[0];
		cx = smb2_neg_ctx_find(&n->ctx, SMB2_SIGNING_CAPABILITIES);
		if (cx)
			c->signing_alg = cx->u.signing_algs.ids[0];
		assert_true(n->security_buffer.len <= sizeof(c->negprot_blob));
		memcpy(c->negprot_blob, n->security_buffer.p, n->security_buffer.len);
		c->negprot_len = n->security_buffer.len;
	}
	/* The decoded response points into f: keep the frame for callers
	 * that look at it; tests free the message's frame via rsp blobs
	 * only while it lives, so copy what matters above and free here
	 * after clearing the blobs. */
	rsp->u.negotiate_rsp.security_buffer.p = NULL;
	rsp->u.negotiate_rsp.security_buffer.len = 0;
	for (unsigned i = 0; i < rsp->u.negotiate_rsp.ctx.count; i++)
		rsp->u.negotiate_rsp.ctx.ctx[i].data.p = NULL;
	free(f.p);
	return rsp->hdr.status;
}

static inline uint16_t h_neg(struct h_env *e, struct h_conn *c, uint16_t dialect)
{
	static const uint16_t ciphers[] = {SMB2_ENCRYPTION_AES128_CCM, SMB2_ENCRYPTION_AES128_GCM};
	static const uint16_t algs[] = {SMB2_SIGNING_AES_CMAC, SMB2_SIGNING_AES_GMAC};
	struct smb2_msg rsp;

	assert_status(h_negotiate(e, c, &dialect, 1, ciphers, 2, algs, 2, &rsp), STATUS_SUCCESS);
	return rsp.u.negotiate_rsp.dialect_revision;
}

/* SESSION_SETUP rounds until a final status; keys on success. */
static inline NTSTATUS h_logon(struct h_env *e, struct h_conn *c, const char *user,
                               const char *pass, uint16_t *flags_out)
{
	struct ntlmssp_client *nc;
	struct gensec_client *g;
	struct smb2_preauth sp = c->preauth;
	const uint8_t *in = c->negprot_blob;
	size_t in_len = c->negprot_len;
	uint8_t *held = NULL;
	NTSTATUS st = STATUS_MORE_PROCESSING_REQUIRED, cst;

	assert_int_equal(ntlmssp_client_new(user, "", pass, NULL, "WS", 0, &nc), STATUS_SUCCESS);
	assert_int_equal(gensec_client_new(nc, false, &g), STATUS_SUCCESS);
	c->session_id = 0;
	while (st == STATUS_MORE_PROCESSING_REQUIRED) {
		struct smb2_msg q, r;
		struct h_frame f = {0};
		struct wr tok, w;
		struct rd rr;

		wr_init(&tok, 65536);
		cst = gensec_client_step(g, in, in_len, &tok);
		assert_true(cst == STATUS_MORE_PROCESSING_REQUIRED || cst == STATUS_SUCCESS);
		memset(&q, 0, sizeof(q));
		q.hdr.command = SMB2_SESSION_SETUP;
		q.hdr.message_id = c->mid++;
		q.hdr.credit = 32;
		q.hdr.session_id = c->session_id;
		q.kind = SMB2_MSG_REQ(SMB2_SESSION_SETUP);
		q.u.session_setup_req.security_mode = SMB2_NEGOTIATE_SIGNING_ENABLED;
		q.u.session_setup_req.security_buffer.p = tok.buf;
		q.u.session_setup_req.security_buffer.len = (uint32_t)tok.len;
		wr_init(&w, SMB2_MAX_PDU);
		assert_int_equal(smb2_msg_encode(&w, &q), STATUS_SUCCESS);
		assert_int_equal(smb2_preauth_update(&sp, w.buf, w.len), STATUS_SUCCESS);
		h_send_raw(c, w.buf, w.len);
		wr_free(&w);
		wr_free(&tok);
		assert_true(h_take(e, c, &f));
		rd_init(&rr, f.p, f.len);
		assert_int_equal(smb2_msg_decode(&rr, &r), STATUS_SUCCESS);
		st = r.hdr.status;
		c->session_id = r.hdr.session_id;
		free(held);
		held = f.p;
		if (st == STATUS_MORE_PROCESSING_REQUIRED) {
			assert_int_equal(smb2_preauth_update(&sp, f.p, f.len), STATUS_SUCCESS);
			in = r.u.session_setup_rsp.security_buffer.p;
			in_len = r.u.session_setup_rsp.security_buffer.len;
		} else if (st == STATUS_SUCCESS) {
			uint8_t key[16];
			if (flags_out)
				*flags_out = r.u.session_setup_rsp.session_flags;
			cst = gensec_client_step(g, r.u.session_setup_rsp.security_buffer.p,
			                         r.u.session_setup_rsp.security_buffer.len, &tok);
			assert_int_equal(cst, STATUS_SUCCESS);
			/* Guest and anonymous sessions have no key on the server. */
			if (!(r.u.session_setup_rsp.session_flags &
			      (SMB2_SESSION_FLAG_IS_GUEST | SMB2_SESSION_FLAG_IS_NULL)) &&
			    gensec_client_session_key(g, key)) {
				assert_int_equal(smb2_derive_keys(c->dialect, c->cipher, key, 16,
				                                  c->dialect == SMB2_DIALECT_311 ? sp.value
				                                                                 : NULL,
				                                  &c->keys),
				                 STATUS_SUCCESS);
				assert_int_equal(smb2_signer_new(c->signing_alg, c->keys.signing, 16,
				                                 &c->signer),
				                 STATUS_SUCCESS);
				/* The final response is signed with the new key. */
				assert_true(le32(f.p + SMB2_HDR_OFF_FLAGS) & SMB2_FLAGS_SIGNED);
				assert_int_equal(smb2_verify_buf(c->signer, f.p, f.len), STATUS_SUCCESS);
				if (c->cipher && c->dialect >= SMB2_DIALECT_300) {
					assert_int_equal(smb2_cipher_new(c->cipher, c->keys.c2s,
					                                 c->keys.cipher_key_len, &c->enc),
					                 STATUS_SUCCESS);
					assert_int_equal(smb2_cipher_new(c->cipher, c->keys.s2c,
					                                 c->keys.cipher_key_len, &c->dec),
					                 STATUS_SUCCESS);
				}
			}
			wr_free(&tok);
		}
	}
	free(held);
	gensec_client_free(g);
	return st;
}

static inline NTSTATUS h_tree(struct h_env *e, struct h_conn *c, const char *unc,
                              struct smb2_tree_connect_rsp *out)
{
	struct smb2_msg q, r;
	struct h_frame f = {0};
	uint8_t path[256];
	size_t n;
	NTSTATUS st;

	assert_int_equal(utf8_to_utf16le(unc, strlen(unc), path, sizeof(path), &n),
	                 STATUS_SUCCESS);
	memset(&q, 0, sizeof(q));
	q.hdr.command = SMB2_TREE_CONNECT;
	q.kind = SMB2_MSG_REQ(SMB2_TREE_CONNECT);
	q.u.tree_connect_req.path.p = path;
	q.u.tree_connect_req.path.len = (uint32_t)n;
	st = h_call(e, c, &q, &r, &f);
	if (st == STATUS_SUCCESS) {
		c->tree_id = r.hdr.tree_id;
		if (out)
			*out = r.u.tree_connect_rsp;
	}
	free(f.p);
	return st;
}

#endif
