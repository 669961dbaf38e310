/*
 * The reference SMB2/3 client library (ARCHITECTURE.md, sim-client/): an
 * async core where every request is a future (struct cli_req), a queue of
 * unsolicited messages (oplock and lease breaks), and thin sync wrappers
 * (cli_sync.h) that run the event loop until a future completes.
 *
 * One struct cli_conn is one transport connection (lib/net/transport.h) on
 * a libevent event_base.  It owns the message-id sequence and the credit
 * window (MS-SMB2 3.2.4.1.5, 3.2.5.1.4), the table of outstanding
 * requests, its sessions (struct cli_session: keys, signing, encryption,
 * preauth hash) and their trees (struct cli_tree).
 *
 * Every header field of a request can be overridden (struct cli_override)
 * and a hook sees the frame before it is sent, so torture tests can put
 * wrong packets on the wire.  The library itself never crashes or hangs on
 * what a server sends: malformed responses fail their request with
 * STATUS_INVALID_NETWORK_RESPONSE, a bad signature with
 * STATUS_ACCESS_DENIED, a lost connection every pending request with
 * STATUS_CONNECTION_DISCONNECTED.
 *
 * Callbacks: a request's completion callback fires from the event loop
 * only, never from inside the call that sent it.  A request that cannot be
 * sent at all (connection gone, bad arguments, out of memory) is refused
 * by the send call with an NTSTATUS and no request is created.
 *
 * Single-threaded: everything runs on the connection's event_base.
 */
#ifndef SMBSIM_CLI_H
#define SMBSIM_CLI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "crypto/encrypt.h"
#include "crypto/kdf.h"
#include "crypto/preauth.h"
#include "net/transport.h"
#include "wire/limits.h"
#include "wire/msg.h"

struct event;
struct event_base;
struct smb2_signer;
struct smb2_cipher;
struct gensec_client;
struct cli_conn;
struct cli_session;
struct cli_tree;
struct cli_req;

/* ---- limits (STYLE.md item 5) ----------------------------------------- */

/* Credits the client tries to hold: it asks for more while below. */
#define CLI_CREDIT_TARGET 512
/* Credits counted at most, whatever a server grants (MS-SMB2 3.2.5.1.4
 * leaves the bound to the client). */
#define CLI_MAX_CREDITS 65535u
/* Unsolicited messages kept before the oldest is dropped (and logged). */
#define CLI_MAX_BREAKS 64
/* Default bound on a sync wait, a safety net against hangs (ms). */
#define CLI_DEFAULT_TIMEOUT_MS 30000
/* Payload one credit covers (MS-SMB2 3.1.5.2). */
#define CLI_CREDIT_UNIT 65536u
/* Largest read, write or transact a single request carries. */
#define CLI_MAX_IO SMB2_MAX_IO_SIZE
/* Without LARGE_MTU every request is one credit: 64 KiB at most. */
#define CLI_SMALL_MTU_IO 65536u
/* Ciphers and signing algorithms offered in one NEGOTIATE. */
#define CLI_MAX_ALGS 4

/* ---- connection options --------------------------------------------- */

typedef void (*cli_log_fn)(void *arg, const char *msg);

struct cli_conn_opts {
	uint16_t dialect_min;        /* SMB2_DIALECT_*; 0: 2.0.2 */
	uint16_t dialect_max;        /* 0: 3.1.1 */
	bool require_signing;        /* SecurityMode SIGNING_REQUIRED; sign everything */
	bool require_encryption;     /* encrypt every request once a session has keys */
	/* 3.1.1 ENCRYPTION_CAPABILITIES, in preference order; count 0 means
	 * AES-128-GCM, AES-128-CCM, AES-256-GCM, AES-256-CCM. */
	uint16_t cipher_count;
	uint16_t ciphers[CLI_MAX_ALGS];
	/* 3.1.1 SIGNING_CAPABILITIES; count 0 means GMAC, CMAC, HMAC-SHA256;
	 * no_signing_ctx leaves the context out (then 3.1.1 signs with CMAC). */
	uint16_t sign_alg_count;
	uint16_t sign_algs[CLI_MAX_ALGS];
	bool no_signing_ctx;
	/* Do not wait for credits: send whatever the window says (tests). */
	bool ignore_credits;
	/* Skip FSCTL_VALIDATE_NEGOTIATE_INFO after a 3.0/3.0.2 tree connect. */
	bool no_validate_negotiate;
	int timeout_ms;              /* sync waits; 0: CLI_DEFAULT_TIMEOUT_MS */
	cli_log_fn log;              /* NULL: stderr */
	void *log_arg;
};

/* ---- per-request overrides ------------------------------------------- */

/* Which header fields of struct cli_override replace the computed ones. */
#define CLI_OV_CREDIT_CHARGE 0x0001u
#define CLI_OV_CREDIT_REQUEST 0x0002u
#define CLI_OV_FLAGS 0x0004u          /* Flags, whole (before flags_add) */
#define CLI_OV_CHANNEL_SEQUENCE 0x0008u
#define CLI_OV_STATUS 0x0010u         /* all four bytes at offset 8 */
#define CLI_OV_MESSAGE_ID 0x0020u
#define CLI_OV_SESSION_ID 0x0040u
#define CLI_OV_TREE_ID 0x0080u
#define CLI_OV_PROCESS_ID 0x0100u
#define CLI_OV_ASYNC_ID 0x0200u       /* also sets SMB2_FLAGS_ASYNC_COMMAND */
#define CLI_OV_COMMAND 0x0400u
#define CLI_OV_SIGNATURE 0x0800u      /* these 16 bytes, signed or not */

enum cli_sign_mode { CLI_SIGN_AUTO = 0, CLI_SIGN_ALWAYS, CLI_SIGN_NEVER };
enum cli_enc_mode { CLI_ENC_AUTO = 0, CLI_ENC_ALWAYS, CLI_ENC_NEVER };

/* Sees (and may change) one message of the frame after it is signed and
 * before the frame is encrypted; without encryption, the bytes sent. */
typedef void (*cli_hook_fn)(void *arg, uint8_t *frame, size_t len);

struct cli_override {
	uint32_t set;                /* CLI_OV_* */
	uint16_t credit_charge;
	uint16_t credit_request;
	uint32_t flags;
	uint32_t flags_add;          /* ORed in always: REPLAY, DFS, PRIORITY, ... */
	uint16_t channel_sequence;
	uint32_t status;
	uint64_t message_id;
	uint64_t session_id;
	uint32_t tree_id;
	uint32_t process_id;
	uint64_t async_id;
	uint16_t command;
	uint8_t signature[16];
	enum cli_sign_mode sign;
	enum cli_enc_mode encrypt;
	cli_hook_fn hook;            /* whole frame; see cli_hook_fn */
	void *hook_arg;
};

/* ---- futures ---------------------------------------------------------- */

typedef void (*cli_req_cb)(struct cli_req *req, void *arg);

/*
 * One request and, once done, its response.  Fields are read-only for
 * callers.  rsp holds a copy of the response message (decrypted, from its
 * header to its end) and msg its decoding, whose blobs point into rsp; both
 * stay valid until cli_req_free().
 */
struct cli_req {
	struct cli_conn *conn;
	struct cli_session *sess;    /* NULL: session id 0 */
	struct cli_tree *tree;       /* NULL: tree id 0 */
	uint16_t command;
	uint64_t mid;                /* MessageId sent (the first of its charge) */
	uint16_t charge;             /* credits the request consumed */
	bool sent;
	bool interim;                /* an interim STATUS_PENDING arrived */
	uint64_t async_id;           /* from the interim response */
	bool done;
	/* The response's Status, or a status the client made up
	 * (local_error): DISCONNECTED, INVALID_NETWORK_RESPONSE, ACCESS_DENIED
	 * for a bad signature, CANCELLED when never sent. */
	NTSTATUS status;
	bool local_error;
	bool rsp_signed;             /* a signature was present and verified */
	bool rsp_encrypted;
	uint8_t *rsp;
	size_t rsp_len;
	bool has_msg;
	struct smb2_msg msg;

	cli_req_cb cb;
	void *cb_arg;

	/* Library-private from here on. */
	struct cli_req *next, *prev; /* pending list (conn->pending) */
	struct cli_chain *chain;     /* until sent */
	size_t chain_off, chain_len; /* this message inside the chain */
	struct cli_override ov;
	bool has_ov;
	bool orphan;                 /* freed by the caller while pending */
	bool cancelled_unsent;       /* cli_cancel before it was sent */
	bool sent_encrypted;
};

/* ---- unsolicited messages -------------------------------------------- */

struct cli_break {
	uint64_t session_id;
	struct smb2_oplock_break_rsp brk;  /* no pointers: a plain copy */
};

/* ---- sessions and trees ---------------------------------------------- */

struct cli_session {
	struct cli_conn *conn;
	uint64_t id;                 /* SessionId, 0 until the first response */
	uint16_t session_flags;      /* SMB2_SESSION_FLAG_IS_* / ENCRYPT_DATA */
	bool established;
	bool signing_required;       /* sign every request (3.2.4.1.1) */
	bool encrypt;                /* encrypt every request (3.2.4.1.8) */
	bool have_keys;
	struct smb2_keys keys;
	uint8_t session_key[SMB2_SESSION_KEY_SIZE];
	uint16_t sign_alg;
	struct smb2_signer *signer;
	struct smb2_cipher *enc;     /* client -> server */
	struct smb2_cipher *dec;     /* server -> client */
	struct smb2_nonce_gen nonces;
	struct smb2_preauth preauth; /* 3.1.1 */
	struct gensec_client *gensec;
	struct cli_session *next;    /* conn->sessions */
};

struct cli_tree {
	struct cli_session *sess;
	uint32_t id;
	uint8_t share_type;
	uint32_t share_flags;
	uint32_t capabilities;
	uint32_t maximal_access;
	bool encrypt;                /* SMB2_SHAREFLAG_ENCRYPT_DATA */
};

/* ---- the connection -------------------------------------------------- */

struct cli_conn {
	struct event_base *base;
	struct smb_transport *t;
	struct cli_conn_opts opts;
	bool dead;
	bool t_closed;               /* on_close has fired */
	NTSTATUS dead_status;
	struct event *kick;          /* runs deferred completions from the loop */

	/* Message ids and credits (MS-SMB2 3.2.4.1.5). */
	uint64_t next_mid;
	uint32_t credits;            /* granted and not yet used */
	bool multi_credit;           /* Connection.SupportsMultiCredit */

	/* Negotiated state (MS-SMB2 3.2.5.2). */
	bool negotiated;
	uint16_t dialect;
	uint16_t server_security_mode;
	uint32_t server_caps;
	uint8_t server_guid[16];
	uint32_t max_read, max_write, max_transact;
	uint16_t cipher;             /* 0: none */
	uint16_t sign_alg;
	uint8_t client_guid[16];
	uint16_t security_mode;      /* what we sent */
	uint32_t capabilities;       /* what we sent */
	uint16_t dialect_count;      /* what we offered */
	uint16_t dialects[SMB2_MAX_DIALECTS];
	uint8_t *gss_blob;           /* NEGOTIATE response SecurityBuffer */
	size_t gss_len;
	struct smb2_preauth preauth; /* Connection.PreauthIntegrityHashValue */

	struct cli_req *pending;     /* sent or queued, not done */
	struct cli_chain *sendq, *sendq_tail; /* waiting for credits */
	struct cli_session *sessions;

	struct cli_break breaks[CLI_MAX_BREAKS];
	unsigned break_head, break_count;

	unsigned long dropped;       /* responses dropped (unknown id, ...) */
};

/* ---- connection API -------------------------------------------------- */

/* A connection over a transport the caller made (TCP, in-memory, a
 * filter); takes ownership of t (also on failure).  opts may be NULL. */
NTSTATUS cli_conn_new(struct event_base *base, struct smb_transport *t,
                      const struct cli_conn_opts *opts, struct cli_conn **out);
/* Disconnects (pending requests fail with STATUS_CONNECTION_DISCONNECTED,
 * their callbacks fire now), frees sessions, trees' owners and the
 * transport.  Requests the caller still holds stay readable until
 * cli_req_free(). */
void cli_conn_free(struct cli_conn *c);
/* Close the transport; pending requests fail as above. */
void cli_conn_disconnect(struct cli_conn *c);

/* printf-style line to the connection's log. */
void cli_log(struct cli_conn *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* ---- the async core --------------------------------------------------- */

/*
 * One item of a chain to send: the request message (m->hdr.command and
 * the body; header fields other than command and flags are filled in by
 * the library), the session and tree it goes to, whether it is related to
 * the previous one, overrides (NULL for none) and a payload size for the
 * credit charge (bytes read or written; 0 for small requests).
 */
struct cli_send_item {
	const struct smb2_msg *m;
	struct cli_session *sess;
	struct cli_tree *tree;
	bool related;
	const struct cli_override *ov;
	uint32_t payload;
	cli_req_cb cb;
	void *cb_arg;
};

/*
 * Send n (1..SMB2_MAX_COMPOUND) requests as one frame (a compound chain
 * when n > 1, each message padded to 8 bytes, NextCommand patched).  The
 * frame goes out at once when the credit window allows (or with
 * ignore_credits), else it waits in order for credits.  On success
 * reqs[0..n) are the futures; on failure nothing was sent or created.
 */
NTSTATUS cli_send_chain(struct cli_conn *c, const struct cli_send_item *items,
                        unsigned n, struct cli_req **reqs);
/* One request. */
NTSTATUS cli_send(struct cli_conn *c, const struct cli_send_item *item,
                  struct cli_req **req);

/* Forget a request: frees it now when done, else when it completes (its
 * callback no longer fires).  NULL is fine. */
void cli_req_free(struct cli_req *r);

/*
 * SMB2 CANCEL for a pending request (MS-SMB2 3.2.4.24): async form with
 * the AsyncId after an interim response, else sync form with its
 * MessageId.  A request still waiting for credits completes at once with
 * STATUS_CANCELLED (from the loop).  The request completes when the
 * server answers it (normally STATUS_CANCELLED).
 */
NTSTATUS cli_cancel(struct cli_req *r);

/* Run the loop until r is done, or timeout_ms (0: the connection's
 * default) passes: then STATUS_IO_TIMEOUT and r stays pending.  Returns
 * r->status when done. */
NTSTATUS cli_wait(struct cli_req *r, int timeout_ms);
/* The same for several requests (a compound): waits for all. */
NTSTATUS cli_wait_all(struct cli_req **reqs, unsigned n, int timeout_ms);

/* Next queued oplock/lease break (waits, event-driven, up to timeout_ms;
 * 0: the default).  STATUS_SUCCESS with *out, STATUS_IO_TIMEOUT, or the
 * connection's failure status. */
NTSTATUS cli_wait_break(struct cli_conn *c, struct cli_break *out, int timeout_ms);
/* Take a queued break without waiting: true with *out. */
bool cli_take_break(struct cli_conn *c, struct cli_break *out);

/* Credits the next request of `payload` bytes is charged (0 for 2.0.2,
 * whose CreditCharge is reserved: the request still uses one id). */
uint16_t cli_credit_charge(const struct cli_conn *c, uint32_t payload);
/* The largest read or write chunk that fits the negotiated maximum and
 * the credits now held (at least 1 byte while a credit is held). */
uint32_t cli_io_chunk(const struct cli_conn *c, uint32_t max);

/* ---- sessions (session.c) -------------------------------------------- */

/* A new session object (not yet set up) on c. */
NTSTATUS cli_session_new(struct cli_conn *c, struct cli_session **out);
/* Remove from the connection and free, wiping keys. */
void cli_session_free(struct cli_session *s);
/* The session with this id, or NULL. */
struct cli_session *cli_session_find(struct cli_conn *c, uint64_t id);

#endif
