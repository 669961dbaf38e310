/*
 * What a connection's captured messages tell about its keys, followed the
 * way a client does it (sim-client/lib/session.c and sign_enc.c), on
 * lib/crypto:
 *
 *   NEGOTIATE      the dialect; the signing algorithm (HMAC-SHA256 for
 *                  2.x, AES-CMAC for 3.x, the 3.1.1 SIGNING_CAPABILITIES
 *                  choice); the cipher (AES-128-CCM for 3.0/3.0.2, the
 *                  3.1.1 ENCRYPTION_CAPABILITIES choice); the connection's
 *                  preauth hash (request, and the 3.1.1 response:
 *                  MS-SMB2 3.2.5.2).
 *   SESSION_SETUP  a channel per session on this connection: its preauth
 *                  hash forked from the connection's, absorbing every
 *                  request and every response but the final success
 *                  (3.2.5.3.1); at that success the keys are derived
 *                  (smb2_derive_keys) from the session key in the keyring,
 *                  and the signature of that very response is checked.
 *
 * Signatures are checked with the channel's signer (smb2_verify_buf);
 * when the session setup is not in the capture, 2.x and 3.0/3.0.2 keys
 * can still be derived (no preauth), 3.1.1 ones cannot.
 *
 * Decryption keys belong to the session, whatever connection carries it:
 * the cipher keys from the keyring when given (the cipher from the
 * connection's NEGOTIATE, or tried in turn by key length when that is not
 * in the capture), else derived from the session key when its setup was
 * seen (or, for 3.0/3.0.2, without it).
 */
#include <string.h>

#include <openssl/crypto.h>

#include "pcap-replay/rp_int.h"
#include "wire/negotiate_ctx.h"
#include "wire/session_setup.h"
#include "wire/smb2.h"

void rp_conn_init(struct rp_conn *c)
{
	memset(c, 0, sizeof(*c));
	smb2_preauth_init(&c->preauth);
}

static void chan_clear(struct rp_chan *ch)
{
	smb2_signer_free(ch->signer);
	OPENSSL_cleanse(ch, sizeof(*ch));
}

void rp_conn_free(struct rp_conn *c)
{
	unsigned i;

	for (i = 0; i < RP_MAX_CHANNELS; i++)
		chan_clear(&c->chan[i]);
}

int rp_skeys_init(struct rp_capture *cap)
{
	size_t n = rp_keyring_count(cap->keys);

	cap->skeys = NULL;
	if (!n)
		return 0;
	cap->skeys = calloc(n, sizeof(*cap->skeys));
	return cap->skeys ? 0 : -1;
}

static void skey_clear(struct rp_skey *k)
{
	smb2_cipher_free(k->c2s);
	smb2_cipher_free(k->s2c);
	memset(k, 0, sizeof(*k));
}

void rp_skeys_free(struct rp_capture *cap)
{
	size_t i, n = rp_keyring_count(cap->keys);

	if (!cap->skeys)
		return;
	for (i = 0; i < n; i++)
		skey_clear(&cap->skeys[i]);
	free(cap->skeys);
	cap->skeys = NULL;
}

static struct rp_chan *chan_find(struct rp_conn *c, uint64_t sid)
{
	unsigned i;

	for (i = 0; i < RP_MAX_CHANNELS; i++)
		if (c->chan[i].used && c->chan[i].sid == sid) {
			c->chan[i].lru = ++c->lru_clock;
			return &c->chan[i];
		}
	return NULL;
}

/* A free slot, or the least recently used one (its state is dropped:
 * RP_MAX_CHANNELS bounds what a connection holds). */
static struct rp_chan *chan_new(struct rp_conn *c, uint64_t sid)
{
	struct rp_chan *ch = &c->chan[0];
	unsigned i;

	for (i = 0; i < RP_MAX_CHANNELS; i++) {
		if (!c->chan[i].used) {
			ch = &c->chan[i];
			break;
		}
		if (c->chan[i].lru < ch->lru)
			ch = &c->chan[i];
	}
	chan_clear(ch);
	ch->used = true;
	ch->sid = sid;
	ch->lru = ++c->lru_clock;
	return ch;
}

static bool is_311(const struct rp_conn *c)
{
	return c->have_dialect && c->dialect == SMB2_DIALECT_311;
}

static void absorb(struct smb2_preauth *p, const struct rp_message *m)
{
	/* A message larger than SMB2_MAX_PDU cannot be hashed; its keys are
	 * then wrong, which the signature of the final response shows. */
	(void)!smb2_preauth_update(p, m->raw, m->raw_len);
}

static void on_negotiate_rsp(struct rp_conn *c, const struct rp_message *m)
{
	const struct smb2_negotiate_rsp *n = &m->m.u.negotiate_rsp;
	const struct smb2_neg_ctx *x;

	/* 0x02FF answers an SMB1 multi-protocol NEGOTIATE: a second,
	 * SMB2 NEGOTIATE follows (MS-SMB2 3.3.5.3.1). */
	if (n->dialect_revision == SMB2_DIALECT_WILDCARD)
		return;
	c->have_dialect = true;
	c->dialect = n->dialect_revision;
	c->sign_alg = c->dialect >= SMB2_DIALECT_300 ? SMB2_SIGN_AES_CMAC : SMB2_SIGN_HMAC_SHA256;
	c->cipher = 0;
	if (c->dialect == SMB2_DIALECT_300 || c->dialect == SMB2_DIALECT_302)
		c->cipher = SMB2_CIPHER_AES128_CCM;
	if (c->dialect != SMB2_DIALECT_311)
		return;
	x = smb2_neg_ctx_find(&n->ctx, SMB2_ENCRYPTION_CAPABILITIES);
	if (x && x->u.ciphers.count == 1 && smb2_cipher_key_len(x->u.ciphers.ids[0]))
		c->cipher = x->u.ciphers.ids[0];
	x = smb2_neg_ctx_find(&n->ctx, SMB2_SIGNING_CAPABILITIES);
	if (x && x->u.signing_algs.count == 1 && x->u.signing_algs.ids[0] <= SMB2_SIGN_AES_GMAC)
		c->sign_alg = x->u.signing_algs.ids[0];
	absorb(&c->preauth, m);
}

/* Session cipher objects from derived keys, unless already there. */
static void skey_from_derived(struct rp_skey *sk, uint16_t cipher, const struct smb2_keys *k)
{
	if (sk->c2s || !cipher || !k->cipher_key_len)
		return;
	if (smb2_cipher_new(cipher, k->c2s, k->cipher_key_len, &sk->c2s) != STATUS_SUCCESS ||
	    smb2_cipher_new(cipher, k->s2c, k->cipher_key_len, &sk->s2c) != STATUS_SUCCESS) {
		skey_clear(sk);
		return;
	}
	sk->cipher = cipher;
	sk->derived = true;
}

/*
 * The keys of a channel whose setup is complete (or, for dialects without
 * preauth, of one whose setup was not captured): its signer, and for the
 * session's first channel the session's cipher objects.
 */
static void chan_keys(struct rp_capture *cap, struct rp_conn *c, struct rp_chan *ch,
                      bool have_preauth)
{
	long idx = rp_keyring_index(cap->keys, ch->sid);
	const struct rp_key *key;
	struct smb2_keys k;
	bool v311 = is_311(c);

	ch->no_keys = true;
	if (idx < 0 || !c->have_dialect)
		return;
	key = rp_keyring_at(cap->keys, (size_t)idx);
	if (!key->session_key_len || (v311 && !have_preauth))
		return;
	if (smb2_derive_keys(c->dialect, v311 ? c->cipher : 0, key->session_key,
	                     key->session_key_len, v311 ? ch->preauth.value : NULL,
	                     &k) != STATUS_SUCCESS)
		return;
	if (smb2_signer_new(c->sign_alg, k.signing, SMB2_SIGNING_KEY_SIZE, &ch->signer) ==
	    STATUS_SUCCESS)
		ch->no_keys = false;
	if (!ch->binding && !key->cipher_key_len && c->dialect >= SMB2_DIALECT_300)
		skey_from_derived(&cap->skeys[idx], c->cipher, &k);
	smb2_keys_clear(&k);
}

static void on_setup_req(struct rp_conn *c, const struct rp_message *m)
{
	const struct smb2_hdr *h = &m->m.hdr;
	bool binding = m->m.kind == SMB2_MSG_REQ(SMB2_SESSION_SETUP) &&
	               (m->m.u.session_setup_req.flags & SMB2_SESSION_FLAG_BINDING);
	struct rp_chan *ch;

	if (h->session_id == 0) {
		ch = chan_new(c, 0);
		ch->pending_mid = h->message_id;
	} else {
		ch = chan_find(c, h->session_id);
		if (ch) {
			if (ch->in_setup && is_311(c))
				absorb(&ch->preauth, m);
			return; /* a later round, or a reauthentication */
		}
		if (!binding)
			return; /* set up before the capture began */
		ch = chan_new(c, h->session_id);
		ch->binding = true;
	}
	ch->in_setup = true;
	smb2_preauth_fork(&c->preauth, &ch->preauth);
	if (is_311(c))
		absorb(&ch->preauth, m);
}

static struct rp_chan *setup_chan(struct rp_conn *c, const struct smb2_hdr *h)
{
	struct rp_chan *ch = chan_find(c, h->session_id);
	unsigned i;

	if (ch && ch->in_setup)
		return ch;
	for (i = 0; i < RP_MAX_CHANNELS; i++) {
		ch = &c->chan[i];
		if (ch->used && ch->in_setup && ch->sid == 0 && ch->pending_mid == h->message_id) {
			ch->sid = h->session_id;
			return ch;
		}
	}
	return NULL;
}

/* A SESSION_SETUP response before its signature is checked: the final
 * success makes the keys that signed it. */
static void on_setup_rsp_before(struct rp_capture *cap, struct rp_conn *c,
                                const struct rp_message *m)
{
	struct rp_chan *ch;

	if (m->m.hdr.status != STATUS_SUCCESS || !(ch = setup_chan(c, &m->m.hdr)))
		return;
	ch->in_setup = false;
	chan_keys(cap, c, ch, true);
}

static void on_setup_rsp_after(struct rp_conn *c, const struct rp_message *m)
{
	struct rp_chan *ch;

	if (m->m.hdr.status == STATUS_SUCCESS || !(ch = setup_chan(c, &m->m.hdr)))
		return;
	if (m->m.hdr.status == STATUS_MORE_PROCESSING_REQUIRED) {
		if (is_311(c))
			absorb(&ch->preauth, m);
		return;
	}
	chan_clear(ch); /* the setup failed */
}

static enum rp_sig verify(struct rp_capture *cap, struct rp_conn *c, const struct rp_message *m)
{
	const struct smb2_hdr *h = &m->m.hdr;
	struct rp_chan *ch;

	if (m->encrypted || !(h->flags & SMB2_FLAGS_SIGNED))
		return RP_SIG_NONE;
	if (h->session_id == 0)
		return RP_SIG_UNKNOWN;
	ch = chan_find(c, h->session_id);
	if (!ch && c->have_dialect && !is_311(c) &&
	    rp_keyring_index(cap->keys, h->session_id) >= 0) {
		/* Set up before the capture began: no preauth needed. */
		ch = chan_new(c, h->session_id);
		chan_keys(cap, c, ch, false);
	}
	if (!ch || !ch->signer)
		return RP_SIG_UNKNOWN;
	return smb2_verify_buf(ch->signer, m->raw, m->raw_len) == STATUS_SUCCESS ? RP_SIG_OK
	                                                                         : RP_SIG_BAD;
}

void rp_track_message(struct rp_capture *cap, struct rp_stream *s, struct rp_message *m)
{
	struct rp_conn *c = &s->conn;
	const struct smb2_hdr *h = &m->m.hdr;
	bool rsp = smb2_hdr_is_response(h);

	if (h->command == SMB2_NEGOTIATE && !rsp) {
		smb2_preauth_init(&c->preauth);
		absorb(&c->preauth, m);
	} else if (m->m.kind == SMB2_MSG_RSP(SMB2_NEGOTIATE)) {
		on_negotiate_rsp(c, m);
	} else if (h->command == SMB2_SESSION_SETUP && !rsp && !m->encrypted) {
		on_setup_req(c, m);
	} else if (h->command == SMB2_SESSION_SETUP && rsp && !m->encrypted) {
		on_setup_rsp_before(cap, c, m);
	}
	m->sig = verify(cap, c, m);
	switch (m->sig) {
	case RP_SIG_OK:
		cap->st.sig_ok++;
		break;
	case RP_SIG_BAD:
		cap->st.sig_bad++;
		break;
	case RP_SIG_UNKNOWN:
		cap->st.sig_unknown++;
		break;
	default:
		break;
	}
	if (h->command == SMB2_SESSION_SETUP && rsp && !m->encrypted)
		on_setup_rsp_after(c, m);
	if (h->command == SMB2_LOGOFF && rsp && h->status == STATUS_SUCCESS) {
		struct rp_chan *ch = chan_find(c, h->session_id);

		if (ch)
			chan_clear(ch);
	}
}

/* Cipher ids to try for a key length: the connection's NEGOTIATE choice
 * first when it fits, then the other cipher of that key length (the
 * NEGOTIATE may be missing from the capture, or belong to another
 * connection of a multichannel session). */
static unsigned candidates(const struct rp_conn *c, size_t key_len, uint16_t out[2])
{
	static const uint16_t by16[2] = { SMB2_CIPHER_AES128_CCM, SMB2_CIPHER_AES128_GCM };
	static const uint16_t by32[2] = { SMB2_CIPHER_AES256_GCM, SMB2_CIPHER_AES256_CCM };
	const uint16_t *ids = key_len == 32 ? by32 : by16;

	out[0] = ids[0];
	out[1] = ids[1];
	if (c->have_dialect && c->cipher && c->cipher == ids[1]) {
		out[0] = ids[1];
		out[1] = ids[0];
	}
	return 2;
}

static NTSTATUS grow_plain(struct rp_capture *cap, size_t len)
{
	uint8_t *p;

	if (len <= cap->plain_cap)
		return STATUS_SUCCESS;
	p = realloc(cap->plain, len);
	if (!p)
		return STATUS_NO_MEMORY;
	cap->plain = p;
	cap->plain_cap = len;
	return STATUS_SUCCESS;
}

/* Try the cipher ids in turn with keys (c2s, s2c); keep the first that
 * authenticates this frame. */
static NTSTATUS try_ciphers(struct rp_capture *cap, struct rp_skey *sk, const uint16_t *ids,
                            unsigned n, const uint8_t *c2s, const uint8_t *s2c, size_t klen,
                            enum rp_dir dir, const uint8_t *frame, size_t len, size_t *plen)
{
	unsigned i;

	for (i = 0; i < n; i++) {
		struct rp_skey t = { 0 };

		if (smb2_cipher_new(ids[i], c2s, klen, &t.c2s) != STATUS_SUCCESS ||
		    smb2_cipher_new(ids[i], s2c, klen, &t.s2c) != STATUS_SUCCESS) {
			skey_clear(&t);
			continue;
		}
		if (smb2_decrypt(dir == RP_DIR_C2S ? t.c2s : t.s2c, frame, len, cap->plain,
		                 cap->plain_cap, plen, NULL) == STATUS_SUCCESS) {
			t.cipher = ids[i];
			*sk = t;
			return STATUS_SUCCESS;
		}
		skey_clear(&t);
	}
	return STATUS_ACCESS_DENIED;
}

NTSTATUS rp_decrypt(struct rp_capture *cap, struct rp_stream *s, enum rp_dir dir,
                    const uint8_t *frame, size_t len, const struct smb2_transform_hdr *th,
                    const uint8_t **out, size_t *out_len)
{
	struct rp_conn *c = &s->conn;
	long idx = rp_keyring_index(cap->keys, th->session_id);
	const struct rp_key *key;
	struct rp_skey *sk;
	uint16_t ids[2];
	unsigned n;
	size_t plen = 0;
	NTSTATUS st;

	if (idx < 0)
		return STATUS_NOT_FOUND;
	key = rp_keyring_at(cap->keys, (size_t)idx);
	sk = &cap->skeys[idx];
	st = grow_plain(cap, len);
	if (st != STATUS_SUCCESS)
		return st;
	if (sk->c2s) {
		st = smb2_decrypt(dir == RP_DIR_C2S ? sk->c2s : sk->s2c, frame, len, cap->plain,
		                  cap->plain_cap, &plen, NULL);
	} else if (key->cipher_key_len) {
		n = candidates(c, key->cipher_key_len, ids);
		st = try_ciphers(cap, sk, ids, n, key->c2s, key->s2c, key->cipher_key_len, dir,
		                 frame, len, &plen);
	} else if (is_311(c) || !key->session_key_len) {
		/* 3.1.1 keys need the session setup's preauth hash. */
		return STATUS_HASH_NOT_PRESENT;
	} else {
		/* 3.0/3.0.2 keys need no preauth; without the NEGOTIATE, try
		 * them (a guess, so a failure is not the key's fault). */
		struct smb2_keys k;

		if (smb2_derive_keys(SMB2_DIALECT_300, 0, key->session_key, key->session_key_len,
		                     NULL, &k) != STATUS_SUCCESS)
			return STATUS_HASH_NOT_PRESENT;
		n = candidates(c, k.cipher_key_len, ids);
		st = try_ciphers(cap, sk, ids, n, k.c2s, k.s2c, k.cipher_key_len, dir, frame, len,
		                 &plen);
		smb2_keys_clear(&k);
		if (st != STATUS_SUCCESS)
			return c->have_dialect ? st : STATUS_HASH_NOT_PRESENT;
		sk->derived = true;
	}
	if (st != STATUS_SUCCESS)
		return st;
	*out = cap->plain;
	*out_len = plen;
	return STATUS_SUCCESS;
}
