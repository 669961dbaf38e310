/*
 * The server object and its tables: sessions (GlobalSessionTable), their
 * channels and tree connects, and opens (GlobalOpenTable), with the
 * lifetimes server.h describes.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/crypto.h>
#include <openssl/rand.h>

#include "auth/gensec.h"
#include "sim-server/srv_int.h"

void srv_settings_default(struct srv_settings *s)
{
	memset(s, 0, sizeof(*s));
	strcpy(s->netbios_name, "SMBSIM");
	s->min_dialect = SMB2_DIALECT_202;
	s->max_dialect = SMB2_DIALECT_311;
	s->reject_unencrypted = true;
	strcpy(s->guest_account, "guest");
	s->max_read = s->max_write = s->max_transact = SMB2_MAX_IO_SIZE;
	s->max_credits = SRV_MAX_CREDITS;
	/* The same defaults as config.h's SRV_CFG_DEFAULT_DURABLE_MS and
	 * SRV_CFG_DEFAULT_LEASE_BREAK_MS (test_srv_config checks). */
	s->durable_timeout_ms = 60000;
	s->lease_break_timeout_ms = 35000;
}

static uint64_t clock_monotonic(void *arg)
{
	struct timespec ts;

	(void)arg;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec;
}

uint64_t srv_filetime_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	/* 100 ns units since 1601-01-01 */
	return ((uint64_t)ts.tv_sec + UINT64_C(11644473600)) * 10000000u +
	       (uint64_t)ts.tv_nsec / 100u;
}

static uint64_t rand_u64(void)
{
	uint64_t v = 0;

	if (RAND_bytes((unsigned char *)&v, sizeof(v)) != 1)
		v = (uint64_t)time(NULL) * UINT64_C(0x9E3779B97F4A7C15);
	return v;
}

NTSTATUS srv_server_new(struct event_base *base, const struct srv_settings *settings,
                        struct srv_server **out)
{
	struct srv_server *srv = calloc(1, sizeof(*srv));

	if (!srv)
		return STATUS_NO_MEMORY;
	srv->base = base;
	srv->set = *settings;
	if (RAND_bytes(srv->guid, sizeof(srv->guid)) != 1) {
		free(srv);
		return STATUS_INTERNAL_ERROR;
	}
	srv->start_time = srv_filetime_now();
	srv_list_init(&srv->conns);
	for (unsigned i = 0; i < SRV_SESSION_HASH; i++)
		srv_list_init(&srv->sessions[i]);
	for (unsigned i = 0; i < SRV_OPEN_HASH; i++)
		srv_list_init(&srv->opens[i]);
	/* Session ids: a random 32-bit high part and a counter, never 0 or
	 * all ones; open ids: counters from a random start. */
	srv->next_session_id = (rand_u64() & UINT64_C(0x7FFFFFFF00000000)) | 1u;
	srv->next_persistent_id = rand_u64() >> 16;
	srv->next_volatile_id = (rand_u64() >> 16) | 1u;
	srv->next_async_id = 1;
	srv->clock = clock_monotonic;
	srv->auth.netbios_name = srv->set.netbios_name;
	srv->auth.lookup = srv_auth_lookup;
	srv->auth.lookup_arg = srv;
	srv->auth.allow_guest = srv->set.allow_guest;
	srv->auth.allow_anonymous = srv->set.allow_anonymous;
	*out = srv;
	return STATUS_SUCCESS;
}

const struct srv_settings *srv_server_settings(const struct srv_server *srv)
{
	return &srv->set;
}

struct event_base *srv_server_base(const struct srv_server *srv)
{
	return srv->base;
}

void srv_server_set_clock(struct srv_server *srv, srv_clock_fn fn, void *arg)
{
	srv->clock = fn ? fn : clock_monotonic;
	srv->clock_arg = arg;
}

uint64_t srv_now(const struct srv_server *srv)
{
	return srv->clock(srv->clock_arg);
}

void srv_server_stats(const struct srv_server *srv, struct srv_stats *out)
{
	memset(out, 0, sizeof(*out));
	out->connections = srv->conn_count;
	out->sessions = srv->session_count;
	out->opens = srv->open_count;
	out->async = srv->async_count;
	out->accepted = srv->accepted;
	out->disconnects_protocol = srv->disconnects_protocol;
}

/* ---- sessions ----------------------------------------------------------- */

static struct srv_link *session_bucket(struct srv_server *srv, uint64_t id)
{
	return &srv->sessions[(id ^ (id >> 32)) % SRV_SESSION_HASH];
}

struct srv_session *srv_session_lookup(struct srv_server *srv, uint64_t id)
{
	struct srv_link *head = session_bucket(srv, id);

	for (struct srv_link *l = head->next; l != head; l = l->next) {
		struct srv_session *s = srv_container(l, struct srv_session, in_hash);
		if (s->id == id)
			return s;
	}
	return NULL;
}

NTSTATUS srv_session_create(struct srv_conn *c, struct srv_session **out)
{
	struct srv_server *srv = c->srv;
	struct srv_session *s;
	struct srv_channel *ch;

	if (c->session_count >= SRV_MAX_SESSIONS_PER_CONN)
		return STATUS_INSUFFICIENT_RESOURCES;
	s = calloc(1, sizeof(*s));
	ch = calloc(1, sizeof(*ch));
	if (!s || !ch) {
		free(s);
		free(ch);
		return STATUS_NO_MEMORY;
	}
	do {
		s->id = srv->next_session_id++;
	} while (s->id == 0 || s->id == UINT64_MAX || srv_session_lookup(srv, s->id));
	s->srv = srv;
	s->state = SRV_SESSION_IN_PROGRESS;
	s->owner = c;
	s->dialect = c->info.dialect;
	s->next_tree_id = 1;
	smb2_preauth_fork(&c->info.preauth, &s->preauth);
	srv_list_init(&s->channels);
	srv_list_init(&s->trees);
	srv_list_add(session_bucket(srv, s->id), &s->in_hash);
	srv->session_count++;
	ch->session = s;
	ch->conn = c;
	srv_list_add(&s->channels, &ch->in_session);
	srv_list_add(&c->channels, &ch->in_conn);
	c->session_count++;
	*out = s;
	return STATUS_SUCCESS;
}

struct srv_channel *srv_session_channel(struct srv_session *s, const struct srv_conn *c)
{
	for (struct srv_link *l = s->channels.next; l != &s->channels; l = l->next) {
		struct srv_channel *ch = srv_container(l, struct srv_channel, in_session);
		if (ch->conn == c)
			return ch;
	}
	return NULL;
}

void srv_channel_free(struct srv_channel *ch)
{
	srv_list_del(&ch->in_session);
	srv_list_del(&ch->in_conn);
	ch->conn->session_count--;
	smb2_signer_free(ch->signer);
	free(ch);
}

static void session_close_opens(struct srv_session *s)
{
	struct srv_server *srv = s->srv;

	if (!s->open_count)
		return;
	for (unsigned i = 0; i < SRV_OPEN_HASH; i++) {
		struct srv_link *head = &srv->opens[i];
		for (struct srv_link *l = head->next; l != head;) {
			struct srv_open *o = srv_container(l, struct srv_open, in_hash);
			l = l->next;
			if (o->session == s)
				srv_open_free(o);
		}
	}
}

void srv_session_free(struct srv_session *s)
{
	if (!s)
		return;
	session_close_opens(s);
	while (!srv_list_empty(&s->trees))
		srv_tree_free(srv_container(s->trees.next, struct srv_tree, in_session));
	while (!srv_list_empty(&s->channels))
		srv_channel_free(srv_container(s->channels.next, struct srv_channel, in_session));
	srv_list_del(&s->in_hash);
	s->srv->session_count--;
	gensec_server_free(s->gensec);
	smb2_signer_free(s->signer);
	smb2_cipher_free(s->encryptor);
	smb2_cipher_free(s->decryptor);
	smb2_keys_clear(&s->keys);
	OPENSSL_cleanse(s->session_key, sizeof(s->session_key));
	free(s);
}

/* ---- trees -------------------------------------------------------------- */

struct srv_tree *srv_tree_lookup(struct srv_session *s, uint32_t id)
{
	for (struct srv_link *l = s->trees.next; l != &s->trees; l = l->next) {
		struct srv_tree *t = srv_container(l, struct srv_tree, in_session);
		if (t->id == id)
			return t;
	}
	return NULL;
}

NTSTATUS srv_tree_create(struct srv_session *s, struct srv_tree **out)
{
	struct srv_tree *t;

	if (s->tree_count >= SRV_MAX_TREES_PER_SESSION)
		return STATUS_INSUFFICIENT_RESOURCES;
	t = calloc(1, sizeof(*t));
	if (!t)
		return STATUS_NO_MEMORY;
	/* TreeId 0 and 0xFFFFFFFF are never handed out (0xFFFFFFFF is the
	 * "related" value of 3.3.5.2.7.2). */
	do {
		t->id = s->next_tree_id++;
	} while (t->id == 0 || t->id == UINT32_MAX || srv_tree_lookup(s, t->id));
	t->session = s;
	srv_list_add(&s->trees, &t->in_session);
	s->tree_count++;
	*out = t;
	return STATUS_SUCCESS;
}

void srv_tree_free(struct srv_tree *t)
{
	struct srv_session *s = t->session;
	struct srv_server *srv = s->srv;

	if (s->open_count) {
		for (unsigned i = 0; i < SRV_OPEN_HASH; i++) {
			struct srv_link *head = &srv->opens[i];
			for (struct srv_link *l = head->next; l != head;) {
				struct srv_open *o = srv_container(l, struct srv_open, in_hash);
				l = l->next;
				if (o->tree == t)
					srv_open_free(o);
			}
		}
	}
	srv_list_del(&t->in_session);
	s->tree_count--;
	if (t->share)
		srv->share_uses[t->share - srv->set.shares]--;
	free(t);
}

/* ---- opens -------------------------------------------------------------- */

static struct srv_link *open_bucket(struct srv_server *srv, uint64_t vid)
{
	return &srv->opens[(vid ^ (vid >> 29)) % SRV_OPEN_HASH];
}

static struct srv_open *open_by_volatile(struct srv_server *srv, uint64_t vid)
{
	struct srv_link *head = open_bucket(srv, vid);

	for (struct srv_link *l = head->next; l != head; l = l->next) {
		struct srv_open *o = srv_container(l, struct srv_open, in_hash);
		if (o->volatile_id == vid)
			return o;
	}
	return NULL;
}

NTSTATUS srv_open_create(struct srv_session *s, struct srv_tree *t, struct srv_open **out)
{
	struct srv_server *srv = s->srv;
	struct srv_open *o;

	if (s->open_count >= SRV_MAX_OPENS_PER_SESSION)
		return STATUS_TOO_MANY_OPENED_FILES;
	o = calloc(1, sizeof(*o));
	if (!o)
		return STATUS_NO_MEMORY;
	do {
		o->volatile_id = srv->next_volatile_id++;
	} while (o->volatile_id == 0 || o->volatile_id == SMB2_FILEID_ANY ||
	         open_by_volatile(srv, o->volatile_id));
	do {
		o->persistent_id = srv->next_persistent_id++;
	} while (o->persistent_id == 0 || o->persistent_id == SMB2_FILEID_ANY);
	o->session = s;
	o->tree = t;
	srv_list_add(open_bucket(srv, o->volatile_id), &o->in_hash);
	s->open_count++;
	srv->open_count++;
	*out = o;
	return STATUS_SUCCESS;
}

struct srv_open *srv_open_lookup(struct srv_server *srv, const struct srv_session *s,
                                 const struct srv_tree *t, const struct smb2_fileid *fid)
{
	struct srv_open *o = open_by_volatile(srv, fid->volatile_);

	if (!o || o->persistent_id != fid->persistent || o->session != s)
		return NULL;
	if (t && o->tree != t)
		return NULL;
	return o;
}

void srv_open_free(struct srv_open *o)
{
	if (o->free_fn)
		o->free_fn(o);
	srv_list_del(&o->in_hash);
	o->session->open_count--;
	o->session->srv->open_count--;
	free(o);
}

void srv_server_set_files(struct srv_server *srv, void *files, void (*free_fn)(void *))
{
	srv->files = files;
	srv->files_free = free_fn;
}

void *srv_server_files(const struct srv_server *srv)
{
	return srv->files;
}

const uint8_t *srv_server_guid(const struct srv_server *srv)
{
	return srv->guid;
}

void srv_session_logoff_done(struct srv_server *srv, uint64_t session_id)
{
	srv_session_free(srv_session_lookup(srv, session_id));
}
