/*
 * The reference server's core (issue 3, ARCHITECTURE.md sim-server/): the
 * server, connection, session, channel, tree-connect, open and request
 * objects, their tables and lifetimes, and the request pipeline's API.
 *
 * One process, one libevent loop, all channels of a client in one place:
 *
 *   struct srv_server      owns every table below and the settings
 *     conns                every connection (list), at most SRV_MAX_CONNECTIONS
 *     sessions             GlobalSessionTable (hash by SessionId), so that a
 *                          later multi-channel binding finds a session from
 *                          any connection
 *     opens                GlobalOpenTable (hash by volatile id; each open also
 *                          carries its persistent id), reachable from any
 *                          connection of the client that owns it
 *   struct srv_conn        one transport; negotiate state, the credit window,
 *                          the requests in flight (sync and async)
 *   struct srv_session     user, keys, flags, expiry; its channels (one per
 *                          connection it is bound to) and its tree connects
 *   struct srv_channel     (session, connection) with the channel signing key
 *   struct srv_tree        a tree connect: share, flags, encrypt
 *   struct srv_open        an open: ids, tree, session; the file handlers fill
 *                          in the rest
 *   struct srv_req         one request of a compound chain, alive until its
 *                          response is sent; async requests outlive the chain
 *
 * Lifetimes: a connection is freed when its transport closes (after
 * cancelling its async requests).  A session lives while it has a channel
 * (2.x: while its one connection lives) and until LOGOFF; freeing it
 * frees its trees and opens.  Requests hold no references: an async
 * request looks its session up by id when it completes.
 *
 * The settings are the server's view of the configuration (sim-server/
 * config.h parses the ini file and flags; srv_settings_from_config in
 * srv_settings.c turns the result into these settings), so that tests
 * build a server without a file.  The server keeps only its copy of the
 * settings, never a pointer to the configuration.
 */
#ifndef SMBSIM_SRV_SERVER_H
#define SMBSIM_SRV_SERVER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "auth/ntlmssp_server.h"
#include "crypto/encrypt.h"
#include "crypto/kdf.h"
#include "crypto/preauth.h"
#include "crypto/sign.h"
#include "net/transport.h"
#include "wire/cursor.h"
#include "wire/hdr.h"
#include "wire/limits.h"
#include "wire/msg.h"
#include "wire/smb2.h"

struct event_base;
struct gensec_server;

/* ---- limits (STYLE.md item 5) ------------------------------------------ */
#define SRV_MAX_CONNECTIONS 1024        /* accepted at once; more are closed */
#define SRV_MAX_SESSIONS_PER_CONN 64    /* STATUS_INSUFFICIENT_RESOURCES past it */
#define SRV_MAX_TREES_PER_SESSION 256
#define SRV_MAX_OPENS_PER_SESSION 4096  /* STATUS_TOO_MANY_OPENED_FILES past it */
#define SRV_MAX_ASYNC_PER_CONN 512      /* pending async requests per connection */
#define SRV_MAX_CREDITS 8192            /* CommandSequenceWindow size (3.3.1.2) */
#define SRV_INITIAL_CREDITS 1           /* before any grant: MessageId 0 */
#define SRV_MAX_SHARES 64
#define SRV_MAX_USERS 64
#define SRV_MAX_LISTEN 16
#define SRV_NAME_MAX 80                 /* share, user, netbios names (UTF-8) */
#define SRV_PATH_MAX 4096
#define SRV_SESSION_HASH 256            /* buckets of the session table */
#define SRV_OPEN_HASH 1024              /* buckets of the open table */
/* 2.0.2 has no LARGE_MTU: one credit moves at most 64 KiB (3.3.5.2.5). */
#define SRV_CREDIT_UNIT 65536u
#define SRV_MAX_IO_202 65536u

/* ---- settings ---------------------------------------------------------- */

struct srv_share_def {
	char name[SRV_NAME_MAX * 4];    /* compared case-insensitively */
	char path[SRV_PATH_MAX];
	bool read_only;
	bool encrypt;                   /* TreeConnect.EncryptData */
	uint32_t caps;                  /* SMB2_SHARE_CAP_* to announce */
	/* Share.MaxUses (MS-SMB2 3.3.1.6): tree connects to the share held
	 * at once, over every session; past it TREE_CONNECT fails with
	 * STATUS_REQUEST_NOT_ACCEPTED.  0: no limit. */
	unsigned max_connections;
	/* `valid users`: when restrict_users is set, only the users whose
	 * bit is set in valid_users (bit i: settings users[i]) and, if
	 * valid_guest, guest sessions may connect; anyone else gets
	 * STATUS_ACCESS_DENIED.  A bit set rather than names, so that the
	 * settings stay a fixed size and the check is the logon's lookup. */
	bool restrict_users;
	uint64_t valid_users;
	bool valid_guest;
};

struct srv_user_def {
	char name[SRV_NAME_MAX * 4];
	uint8_t nt_hash[16];            /* MS-NLMP 3.3.1 NTOWFv1 */
};

struct srv_settings {
	char netbios_name[SRV_NAME_MAX];   /* "SMBSIM" */
	uint16_t min_dialect, max_dialect; /* SMB2_DIALECT_202 .. SMB2_DIALECT_311 */
	bool signing_required;             /* RequireMessageSigning */
	bool encrypt;                      /* global EncryptData */
	bool reject_unencrypted;           /* RejectUnencryptedAccess */
	/* Server preference, most preferred first (MS-SMB2 2.2.3.1.2 and
	 * 2.2.3.1.7 ids); count 0 means the built-in order. */
	uint16_t ciphers[4];
	unsigned cipher_count;
	uint16_t signing_algs[3];
	unsigned signing_alg_count;
	bool allow_guest;                  /* unknown users log on as guest */
	/* The account a guest session runs as (its user name). */
	char guest_account[SRV_NAME_MAX * 4];
	bool allow_anonymous;              /* null sessions */
	uint32_t session_expiry_s;         /* 0: sessions never expire */
	/* MaxReadSize, MaxWriteSize and MaxTransactSize announced for 2.1
	 * and later (2.0.2 stays at 64 KiB), at most SMB2_MAX_IO_SIZE; and the
	 * most credits a connection is granted, at most SRV_MAX_CREDITS.  0
	 * means the built-in maximum. */
	uint32_t max_read, max_write, max_transact;
	uint32_t max_credits;
	/* Carried for the durable handle and lease code (not used yet):
	 * how long a disconnected durable open is kept when the client asks
	 * for no timeout (MS-SMB2 3.3.5.9.10), and the oplock/lease break
	 * acknowledgment timer (3.3.2.1). */
	uint32_t durable_timeout_ms;
	uint32_t lease_break_timeout_ms;
	struct srv_share_def shares[SRV_MAX_SHARES];
	unsigned share_count;
	struct srv_user_def users[SRV_MAX_USERS];
	unsigned user_count;
};

/* The user bits of srv_share_def.valid_users fit in one uint64_t. */
_Static_assert(SRV_MAX_USERS <= 64, "valid_users is a 64-bit set");

/* Defaults: SMBSIM, 2.0.2-3.1.1, signing enabled not required, no
 * encryption, no guest or anonymous (guest account "guest"), durable
 * timeout 60 s and lease break timeout 35 s, no shares, no users. */
void srv_settings_default(struct srv_settings *s);

/* The settings from a parsed configuration (sim-server/config.h): what
 * smbsim-server runs with.  Copies everything the handlers use, so the
 * configuration may be freed afterwards.  false (with a message in err)
 * when the configuration holds more shares or users than the server
 * serves or a name too long for the settings. */
struct srv_config;
bool srv_settings_from_config(const struct srv_config *cfg, struct srv_settings *s, char *err,
                              size_t errlen);

/* The index in s->users of the account called `name` (case-insensitive,
 * as the logon's lookup); -1 if none. */
int srv_settings_user_index(const struct srv_settings *s, const char *name);

/* ---- objects ----------------------------------------------------------- */

struct srv_server;
struct srv_conn;
struct srv_session;
struct srv_req;

/* Doubly linked list node; the container comes from the offset. */
struct srv_link {
	struct srv_link *prev, *next;
};

struct srv_channel {
	struct srv_link in_session;       /* session->channels */
	struct srv_link in_conn;          /* conn->channels */
	struct srv_session *session;
	struct srv_conn *conn;
	struct smb2_signer *signer;       /* Channel.SigningKey (or SessionKey) */
};

enum srv_session_state {
	SRV_SESSION_IN_PROGRESS,
	SRV_SESSION_VALID,
	SRV_SESSION_EXPIRED,
};

struct srv_session {
	struct srv_link in_hash;
	struct srv_server *srv;
	uint64_t id;
	enum srv_session_state state;
	struct srv_conn *owner;             /* Session.Connection (first channel) */
	uint16_t dialect;
	struct gensec_server *gensec;       /* while an authentication runs */
	struct smb2_preauth preauth;        /* 3.1.1 session preauth hash */
	char user[NTLMSSP_NAME_UTF8_MAX];
	char domain[NTLMSSP_NAME_UTF8_MAX];
	bool guest, anonymous;
	bool signing_required;              /* Session.SigningRequired */
	bool encrypt_data;                  /* Session.EncryptData */
	uint8_t session_key[SMB2_SESSION_KEY_SIZE];
	bool has_key;
	struct smb2_keys keys;
	struct smb2_signer *signer;         /* Session.SigningKey */
	struct smb2_cipher *encryptor;      /* server EncryptionKey (s2c) */
	struct smb2_cipher *decryptor;      /* server DecryptionKey (c2s) */
	struct smb2_nonce_gen nonces;
	uint64_t expires_at;                /* srv clock seconds; 0: never */
	struct srv_link channels;           /* struct srv_channel.in_session */
	struct srv_link trees;              /* struct srv_tree.in_session */
	unsigned tree_count;
	unsigned open_count;
	uint32_t next_tree_id;
};

struct srv_tree {
	struct srv_link in_session;
	struct srv_session *session;
	uint32_t id;
	const struct srv_share_def *share;  /* NULL for IPC$ */
	bool is_ipc;
	bool encrypt_data;                  /* TreeConnect.EncryptData */
	uint32_t maximal_access;
};

struct srv_open {
	struct srv_link in_hash;            /* srv->opens bucket */
	struct srv_session *session;
	struct srv_tree *tree;
	uint64_t persistent_id;
	uint64_t volatile_id;
	/* Owned by the file handlers: freed by free_fn when the open goes. */
	void *priv;
	void (*free_fn)(struct srv_open *o);
};

/* ---- requests and the dispatch table ----------------------------------- */

/* A handler: the decoded request is r->in (header and body); it appends
 * its response body to r->out (header already there) and returns the
 * status.  A failure status discards whatever body was written and sends
 * an ERROR body.  To finish later, call srv_req_go_async() and return
 * STATUS_PENDING. */
typedef NTSTATUS (*srv_handler_fn)(struct srv_req *r);

struct srv_cmd_def {
	srv_handler_fn fn;
	bool needs_session;        /* session lookup, state and signing checks */
	bool needs_tree;           /* tree lookup and share encryption checks */
	bool before_negotiate;     /* allowed before NEGOTIATE completes */
	bool allowed_expired;      /* LOGOFF, CLOSE, LOCK on an expired session */
	int fileid_off;            /* body offset of FileId, or -1 */
};

/* The built-in table (srv_dispatch.c): every command with its checks;
 * commands without a handler yet answer STATUS_NOT_IMPLEMENTED. */
const struct srv_cmd_def *srv_cmd_builtin(uint16_t command);

/* Replace one command's handler on this server (file handlers, tests).
 * NULL restores the built-in one. */
void srv_set_handler(struct srv_server *srv, uint16_t command, srv_handler_fn fn);

/* Called when a CANCEL (or the connection's end) reaches an async
 * request: the owner must complete it (srv_req_complete), at once or
 * later.  r->conn is NULL when the connection has gone. */
typedef void (*srv_cancel_fn)(struct srv_req *r);

struct srv_req {
	struct srv_link link;        /* conn->async while async */
	struct srv_server *srv;
	struct srv_conn *conn;       /* NULL once the connection is gone */
	struct smb2_msg in;          /* decoded request (zero copy: sync only) */
	const uint8_t *raw;          /* the request message bytes (sync only) */
	size_t raw_len;
	struct wr out;               /* response: header at 0, then body */
	uint16_t command;
	uint64_t message_id;
	uint64_t session_id;         /* effective (related requests inherit) */
	uint32_t tree_id;
	struct smb2_fileid file_id;  /* effective, when the command has one */
	struct srv_session *session; /* looked up by the pipeline (sync only) */
	struct srv_tree *tree;
	bool was_encrypted;          /* request came in a transform */
	bool was_signed;
	bool related;
	uint16_t credit_charge;
	uint16_t credits_granted;    /* what the response carries */
	/* Async state. */
	bool is_async;
	bool listed;                 /* on conn->async (counted) */
	uint64_t async_id;
	srv_cancel_fn cancel_fn;
	void *cancel_arg;
	bool cancelled;
	/* Response choices the handler may make. */
	uint64_t rsp_session_id;     /* SESSION_SETUP sets the new id */
	bool sign_with_session_key;  /* final SESSION_SETUP (3.x) */
	bool force_sign;             /* sign even if the request was not */
	bool no_encrypt;             /* final SESSION_SETUP is not encrypted */
	bool disconnect_after;       /* drop the connection once sent */
	bool preauth_rsp;            /* hash the response into the session */
	bool logoff;                 /* free the session once answered */
	/* r->out holds an ERROR body (MS-SMB2 2.2.2) with error data for a
	 * failure status; without it failures get an empty one. */
	bool error_data;
};

/* Send the interim STATUS_PENDING response and keep r alive past the
 * chain; cancel_fn runs on CANCEL.  STATUS_INSUFFICIENT_RESOURCES past
 * SRV_MAX_ASYNC_PER_CONN (the handler then fails the request). */
NTSTATUS srv_req_go_async(struct srv_req *r, srv_cancel_fn cancel_fn, void *arg);
/* Finish an async request: the body (if status is success) is already in
 * r->out after the header; sends the final response and frees r.  With the
 * connection gone it only frees r. */
void srv_req_complete(struct srv_req *r, NTSTATUS status);

/* An unsolicited message (an oplock or lease break) to a session: `msg`
 * is a whole SMB2 message (header with MessageId 0xFFFFFFFFFFFFFFFF); it
 * goes on the first channel that is up, signed or encrypted as the session
 * requires.  STATUS_USER_SESSION_DELETED when there is no channel. */
NTSTATUS srv_send_to_session(struct srv_server *srv, uint64_t session_id,
                             const uint8_t *msg, size_t len);
/* The same on one connection, without session protection. */
NTSTATUS srv_conn_send_raw(struct srv_conn *c, const uint8_t *msg, size_t len);

/* ---- the server -------------------------------------------------------- */

struct srv_stats {
	unsigned connections;
	unsigned sessions;
	unsigned opens;
	unsigned async;
	uint64_t accepted;
	uint64_t disconnects_protocol;   /* connections dropped for bad input */
};

/* settings are copied.  The server uses base for timers and transports. */
NTSTATUS srv_server_new(struct event_base *base, const struct srv_settings *settings,
                        struct srv_server **out);
/* Closes every connection (freeing their state at once) and frees all. */
void srv_server_free(struct srv_server *srv);
const struct srv_settings *srv_server_settings(const struct srv_server *srv);
struct event_base *srv_server_base(const struct srv_server *srv);
const uint8_t *srv_server_guid(const struct srv_server *srv);
void srv_server_stats(const struct srv_server *srv, struct srv_stats *out);
/* The file handlers' server-wide state (sim-server/srv_file.h): set once;
 * free_fn runs in srv_server_free after every open is gone. */
void srv_server_set_files(struct srv_server *srv, void *files, void (*free_fn)(void *));
void *srv_server_files(const struct srv_server *srv);

/* A clock in seconds (session expiry); tests replace it. */
typedef uint64_t (*srv_clock_fn)(void *arg);
void srv_server_set_clock(struct srv_server *srv, srv_clock_fn fn, void *arg);
uint64_t srv_now(const struct srv_server *srv);

/* Take over a connected transport (accepted socket, mem pair end).  The
 * server owns it from now on, also on failure (it is freed then). */
NTSTATUS srv_server_add_transport(struct srv_server *srv, struct smb_transport *t);

/* ---- tables (srv_tables.c) --------------------------------------------- */

struct srv_session *srv_session_lookup(struct srv_server *srv, uint64_t id);
/* A new in-progress session bound to conn (one channel). */
NTSTATUS srv_session_create(struct srv_conn *c, struct srv_session **out);
void srv_session_free(struct srv_session *s);
struct srv_channel *srv_session_channel(struct srv_session *s, const struct srv_conn *c);
struct srv_tree *srv_tree_lookup(struct srv_session *s, uint32_t id);
NTSTATUS srv_tree_create(struct srv_session *s, struct srv_tree **out);
void srv_tree_free(struct srv_tree *t);
/* Opens: ids come from the server; the open is in the table at once. */
NTSTATUS srv_open_create(struct srv_session *s, struct srv_tree *t, struct srv_open **out);
/* By FileId, only if it belongs to this session (and tree, if given). */
struct srv_open *srv_open_lookup(struct srv_server *srv, const struct srv_session *s,
                                 const struct srv_tree *t, const struct smb2_fileid *fid);
void srv_open_free(struct srv_open *o);

/* ---- connection facts the handlers need (srv_conn.c) ------------------- */

struct srv_conn_info {
	uint16_t dialect;          /* 0 before NEGOTIATE, 0x02FF after SMB1 */
	uint32_t client_caps;
	uint16_t client_security_mode;
	uint8_t client_guid[16];
	uint16_t client_dialects[SMB2_MAX_DIALECTS];
	uint16_t client_dialect_count;
	uint32_t server_caps;
	uint16_t server_security_mode;
	uint16_t cipher;           /* 0: none */
	uint16_t signing_alg;      /* SMB2_SIGNING_* */
	struct smb2_preauth preauth;
	uint32_t max_read, max_write, max_transact;
	char peer[64];
};

struct srv_conn_info *srv_conn_info(struct srv_conn *c);
struct srv_server *srv_conn_server(struct srv_conn *c);
/* Raise the frame limit after NEGOTIATE. */
void srv_conn_negotiated(struct srv_conn *c);
/* Drop the connection after the current frame (responses already queued
 * are sent). */
void srv_conn_disconnect(struct srv_conn *c);
unsigned srv_conn_session_count(const struct srv_conn *c);

/* ---- command handlers (one file each family) --------------------------- */

NTSTATUS srv_negotiate(struct srv_req *r);
/* The SMB1 multi-protocol NEGOTIATE frame (3.3.5.3.1): the response is
 * built into out; false means disconnect. */
bool srv_negotiate_smb1(struct srv_conn *c, const uint8_t *frame, size_t len,
                        struct wr *out);
NTSTATUS srv_ioctl_validate_negotiate(struct srv_req *r);
NTSTATUS srv_session_setup(struct srv_req *r);
NTSTATUS srv_logoff(struct srv_req *r);
NTSTATUS srv_tree_connect(struct srv_req *r);
NTSTATUS srv_tree_disconnect(struct srv_req *r);
NTSTATUS srv_echo(struct srv_req *r);
NTSTATUS srv_ioctl(struct srv_req *r);

/* CANCEL (3.3.5.16), called by the pipeline: no response. */
void srv_cancel(struct srv_conn *c, const struct smb2_hdr *h);

/* FILETIME now. */
uint64_t srv_filetime_now(void);

/* List helpers. */
static inline void srv_list_init(struct srv_link *l)
{
	l->prev = l->next = l;
}
static inline bool srv_list_empty(const struct srv_link *l)
{
	return l->next == l;
}
static inline void srv_list_add(struct srv_link *head, struct srv_link *n)
{
	n->next = head;
	n->prev = head->prev;
	head->prev->next = n;
	head->prev = n;
}
static inline void srv_list_del(struct srv_link *n)
{
	n->prev->next = n->next;
	n->next->prev = n->prev;
	n->prev = n->next = n;
}
#define srv_container(ptr, type, member) \
	((type *)(void *)((char *)(ptr) - offsetof(type, member)))

#endif
