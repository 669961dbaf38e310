/*
 * The replay engine's private parts (`smbsim-replay run`), shared by its
 * files:
 *
 *   replay_args.c      the command line
 *   replay_plan.c      the capture read into a plan: every client request
 *                      of the selected streams with what the capture says
 *                      about it (responses, ids, paths), grouped in units
 *                      (one frame: a request or a compound chain)
 *   replay_ends.c      where each stream ended (its FIN) in the capture
 *   replay_idmap.c     captured ids to replayed ids (sessions, trees, file
 *                      ids, lease keys, CreateGuids, resume keys)
 *   replay_rebuild.c   a captured request rebuilt for the target
 *   replay_sched.c     when a unit may go: dependencies and pacing
 *   replay_engine.c    connections, logons, sending, the event loop
 *   replay_complete.c  what a replayed response does: comparison, new
 *                      mappings, breaks
 *   replay_close.c     dropping a stream's connection at its FIN
 *   replay_report.c    divergences, skips and the summary; text and JSON
 *   replay_fields.c, replay_compare.c   what is compared (replay_compare.h)
 *   replay_map.c       the hash map under the id maps
 *   replay_main.c      rp_cmd_run()
 *
 * Single-threaded: everything runs on one libevent base, the one the
 * client connections use.
 */
#ifndef SMBSIM_REPLAY_INT_H
#define SMBSIM_REPLAY_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "pcap-replay/capture.h"
#include "pcap-replay/replay.h"
#include "pcap-replay/replay_compare.h"
#include "pcap-replay/replay_map.h"
#include "sim-client/lib/cli.h"

/* ---- limits (STYLE.md item 5) ----------------------------------------- */

/* --stream options on one command line. */
#define RR_MAX_SELECT 256
/* Longest host, share, user, domain and password accepted. */
#define RR_NAME_MAX 256
/* How long the replay waits without any progress (no response, no unit
 * sent) before it gives up on what blocks it (ms): longer than the 35 s
 * break timeouts servers apply (MS-SMB2 3.3.2.x), so a capture that waited
 * for one replays without a false "no response". */
#define RR_DEFAULT_TIMEOUT_MS 40000
/* Divergences and notes kept for the report; past it they are counted. */
#define RR_MAX_REPORTED 100000
/* Largest xN pace factor. */
#define RR_MAX_SPEED 1000000
/* Path keys one request carries (its own path; a rename's target). */
#define RR_OP_PATHS 2
/* Longest path key (UTF-8 bytes). */
#define RR_PATH_MAX 4096
/* Progress line redraws at most this often (ms). */
#define RR_PROGRESS_MS 100

/* A command number for captured messages that are not SMB2 requests we
 * can read (SMB1, encrypted without a key, compressed). */
#define RR_CMD_NONE 0xFFFFu

/* ---- options ---------------------------------------------------------- */

enum rr_pace {
	RR_PACE_ASAP = 0,
	RR_PACE_ORIGINAL,           /* captured gaps divided by speed */
};

struct rr_options {
	const char *capture;
	char host[RR_NAME_MAX];
	uint16_t port;              /* 0: 445 */
	char share[RR_NAME_MAX];
	char user[RR_NAME_MAX], domain[RR_NAME_MAX], password[RR_NAME_MAX];
	uint32_t select[RR_MAX_SELECT];
	unsigned n_select;          /* 0: every stream */
	enum rr_pace pace;
	uint32_t speed;             /* xN; 1 for "original" */
	bool parallel;              /* independent streams overlap */
	bool keep_open;             /* no connection closed before the end */
	const char *report;         /* JSON file */
	const char *keys;
	uint16_t ports[RP_MAX_EXTRA_PORTS];
	unsigned n_ports;
	int timeout_ms;
	struct rr_ignore ignore[RR_MAX_IGNORE];
	unsigned n_ignore;
};

/* 0 with *o filled; 1 for --help (usage printed to out); -1 with a
 * message in err. */
int rr_args_parse(int argc, char **argv, struct rr_options *o, FILE *out, char *err,
                  size_t errlen);
void rr_usage(FILE *f);

/* ---- skip reasons and outcomes ----------------------------------------- */

enum rr_skip {
	RR_SKIP_NONE = 0,
	RR_SKIP_NEGOTIATE,          /* the replay negotiates on its own */
	RR_SKIP_SETUP_ROUND,        /* the replay logs on with -U */
	RR_SKIP_SETUP_FAILED_CAP,   /* a SESSION_SETUP that failed in the capture */
	RR_SKIP_REAUTH,             /* reauthentication of a session */
	RR_SKIP_BINDING,            /* a channel binding (multichannel) */
	RR_SKIP_SESSION_UNKNOWN,    /* a SessionId the capture never set up */
	RR_SKIP_SESSION_FAILED,     /* its session's logon failed in the replay */
	RR_SKIP_TREE_UNKNOWN,       /* a TreeId the capture never connected */
	RR_SKIP_TREE_FAILED,        /* its TREE_CONNECT failed in the replay */
	RR_SKIP_FID_UNKNOWN,        /* a FileId no captured CREATE returned */
	RR_SKIP_FID_FAILED,         /* its CREATE failed in the replay */
	RR_SKIP_LEASE_UNKNOWN,      /* a lease key no replayed CREATE asked for */
	RR_SKIP_RESUME_KEY,         /* a COPYCHUNK source key the replay never got */
	RR_SKIP_ENCRYPTED,          /* encrypted, no key */
	RR_SKIP_COMPRESSED,
	RR_SKIP_SMB1,
	RR_SKIP_UNDECODABLE,        /* the captured request does not decode */
	RR_SKIP_CANCEL_DONE,        /* CANCEL of a request already answered */
	RR_SKIP_CANCEL_UNKNOWN,     /* CANCEL of a request not in the replay */
	RR_SKIP_BREAK_NOT_SENT,     /* break acknowledgement; the target sent no break */
	RR_SKIP_CHAIN,              /* in a compound with a member that is skipped */
	RR_SKIP_NO_CONNECTION,      /* the stream's connection failed or was lost */
	RR_SKIP_SEND_FAILED,        /* the client library refused to send it */
	RR_SKIP_COUNT
};

enum rr_uncmp {
	RR_UNCMP_NO_RSP = 0,        /* the capture has no (final) response */
	RR_UNCMP_RSP_UNDECODABLE,   /* the captured response does not decode */
	RR_UNCMP_CANCEL,            /* CANCEL has no response */
	RR_UNCMP_COUNT
};

const char *rr_skip_text(enum rr_skip s);
const char *rr_skip_key(enum rr_skip s);
const char *rr_uncmp_text(enum rr_uncmp u);
const char *rr_uncmp_key(enum rr_uncmp u);

/* ---- the plan ---------------------------------------------------------- */

/* Session setup roles, decided when the capture has been read. */
enum rr_setup {
	RR_SETUP_NONE = 0,
	RR_SETUP_LOGIN,             /* first round of a setup that succeeded: log on here */
	RR_SETUP_ROUND,             /* a later round */
	RR_SETUP_FAILED,            /* a round of a setup that failed in the capture */
	RR_SETUP_REAUTH,
	RR_SETUP_BINDING,
};

enum rr_state {
	RR_ST_WAIT = 0,             /* not sent */
	RR_ST_SENT,                 /* sent, no answer yet (see req->interim) */
	RR_ST_DONE,                 /* answered, skipped or given up */
};

/* One captured client message (a request, or a frame we cannot read). */
struct rr_op {
	uint32_t stream;            /* index in plan->streams */
	uint32_t unit;              /* index in plan->units */
	uint64_t seq;               /* position among all captured messages */
	uint64_t frame, ts_usec;
	uint16_t command;           /* RR_CMD_NONE when not a readable SMB2 request */
	uint64_t mid, sid, async_id;
	uint32_t tid, flags;
	bool related;
	uint8_t *raw;               /* own copy of the message (NULL when skipped) */
	size_t raw_len;
	enum rr_skip plan_skip;     /* decided when read */
	char *detail;               /* e.g. where it does not decode */
	struct rr_rsp_ctx rctx;
	bool has_fid;               /* the FileId it names (not ANY) */
	struct smb2_fileid fid;
	bool lease_ack;             /* OPLOCK_BREAK: a lease acknowledgement */
	uint8_t lease_key[16];
	char *paths[RR_OP_PATHS];   /* dependency keys (replay_sched.c) */
	int64_t share;              /* TREE_CONNECT: plan->shares index, or -1 */
	uint8_t setup_flags;        /* SESSION_SETUP request Flags */
	enum rr_setup setup;
	uint64_t setup_sid;         /* RR_SETUP_LOGIN: the captured SessionId */

	/* The captured responses. */
	bool has_interim;
	uint64_t interim_seq, interim_frame, cap_async_id;
	bool has_rsp;
	uint64_t rsp_seq, rsp_frame;
	NTSTATUS rsp_status;
	bool cap_ok;                /* cap is a summary of the response */
	struct rr_summary cap;
	char *cap_note;             /* why not (it does not decode) */
	uint64_t rsp_sid;
	uint32_t rsp_tid;
	struct smb2_fileid rsp_fid; /* CREATE */
	uint16_t rsp_dialect;       /* NEGOTIATE */
	bool has_resume_key;        /* IOCTL SRV_REQUEST_RESUME_KEY */
	uint8_t resume_key[24];

	/* The replay. */
	enum rr_state st;
	struct cli_req *req;
	struct rr_engine *eng;      /* set when sent: for the callback */
	uint8_t *wire;              /* rr_rebuild_wire's bytes until sent */
	size_t wire_len;
	struct cli_session *wire_sess;
	bool aborted;               /* given up on after the timeout */
};

/* One unit of sending: a request or a compound chain (one frame). */
struct rr_unit {
	uint32_t stream;
	uint32_t first, n;          /* ops[first .. first + n) */
	uint64_t seq, ts_usec, frame_off;
	unsigned chain_count;       /* as captured */
	bool issued;
};

/* A break notification the server sent (captured, or replayed). */
struct rr_notif {
	uint32_t stream;
	uint64_t seq, frame;
	struct smb2_oplock_break_rsp brk;
	bool matched;
};

struct rr_stream {
	struct rp_stream_info info;
	uint16_t dialect;           /* captured; 0: no NEGOTIATE seen */
	int64_t neg_op;             /* the NEGOTIATE op that chose it, or -1 */
	uint32_t *units;            /* indices into plan->units, in order */
	size_t n_units, cap_units;
	int64_t open_unit;          /* the chain being filled, or -1 */
	/* The capture frame of its FIN (or final reset); UINT64_MAX when the
	 * capture does not show it (replay_ends.c). */
	uint64_t end_frame;
	struct rr_map mids;         /* captured MessageId -> op */
	struct rr_map tshare;       /* captured TreeId -> share (plan->shares) */
	struct rr_map fcreate;      /* captured FileId -> op of its CREATE */

	/* The replay. */
	size_t next;                /* next unit of units[] to send */
	bool conn_tried;
	bool closed;                /* finished, its connection dropped */
	struct cli_conn *conn;      /* NULL: none (yet, or failed) */
	NTSTATUS conn_status;       /* why not */
	uint16_t rep_dialect;
	struct rr_map sess;         /* captured SessionId -> struct cli_session * */
	struct rr_map trees;        /* captured TreeId -> struct cli_tree * */
	struct rr_map fids;         /* captured FileId -> replayed FileId */
};

/* Flags of id map values. */
#define RR_ID_FAILED 0x1u       /* the replay could not make it (logon, tree, create failed) */

struct rr_plan {
	struct rr_op *ops;
	size_t n_ops, cap_ops;
	struct rr_unit *units;
	size_t n_units, cap_units;
	struct rr_stream *streams;
	size_t n_streams, cap_streams;
	struct rr_map stream_of;    /* capture stream index -> plan stream */
	char **shares;              /* share names the capture connected to */
	size_t n_shares, cap_shares;
	int64_t main_share;         /* the first disk share connected to, or -1 */
	struct rr_notif *notifs;    /* captured break notifications */
	size_t n_notifs, cap_notifs;
	const uint32_t *select;     /* streams to read (NULL: all) */
	unsigned n_select;
	uint64_t seq;               /* messages seen */
	uint64_t damage;            /* damage events and damaged messages */
	uint64_t stray;             /* responses to no captured request */
	bool oom;
	struct rr_report *rep;      /* damage goes here as notes (may be NULL) */
	struct rr_engine *eng;      /* set by rr_engine_init */
};

void rr_plan_init(struct rr_plan *p, const uint32_t *select, unsigned n_select,
                  struct rr_report *rep);
/* Take one event (in capture order).  0, or -1 when memory ran out. */
int rr_plan_add_event(struct rr_plan *p, const struct rp_event *ev);
/* After the last event: session setup roles.  0 or -1 (memory). */
int rr_plan_finish(struct rr_plan *p);
void rr_plan_free(struct rr_plan *p);
/* Where each stream of p ended, from a second pass over the file
 * (replay_ends.c); 0, or -1 with a message. */
int rr_plan_ends(struct rr_plan *p, const char *path, const struct rp_options *o, char *err,
                 size_t errlen);
/* Read a whole capture into p; 0, or -1 with a message (unreadable). */
int rr_plan_load(struct rr_plan *p, const char *path, const struct rp_options *o, char *err,
                 size_t errlen);

/* The dependency key of a path on a share: "share:dir\name", ASCII
 * folded to lower case, no leading or trailing '\'.  malloc'ed or NULL. */
char *rr_path_key(const char *share, const uint8_t *utf16, size_t len);
/* Its parent key ("share:dir"; of "share:x", "share:"), or NULL for a
 * share's root; malloc'ed. */
char *rr_path_parent(const char *key);

/* ---- the report -------------------------------------------------------- */

/* Which captured message a divergence or note is about. */
struct rr_msgref {
	uint64_t frame;
	uint32_t stream;            /* capture stream index */
	uint16_t command;
	uint64_t mid;
	const char *what;           /* NULL, or "break notification", ... */
};

struct rr_div {
	struct rr_msgref at;
	const char *subject;        /* static */
	char *field, *captured, *replayed, *detail;
};

struct rr_note {
	struct rr_msgref at;
	const char *reason;         /* a skip or uncompared key, or "damage" */
	char *text;
};

struct rr_rep_stream {
	uint32_t index;
	char client[RP_ADDR_TEXT], server[RP_ADDR_TEXT];
	uint16_t cap_dialect, rep_dialect;
	NTSTATUS setup;             /* connect/negotiate/logon result */
};

struct rr_report {
	struct rr_div *divs;
	size_t n_divs, cap_divs;
	struct rr_note *notes;
	size_t n_notes, cap_notes;
	uint64_t divergences;       /* all, also those past RR_MAX_REPORTED */
	uint64_t notes_dropped;
	uint64_t ignored;           /* divergences --ignore dropped */
	uint64_t total, replayed, matched, diverged;
	uint64_t uncompared[RR_UNCMP_COUNT];
	uint64_t skipped[RR_SKIP_COUNT];
	uint64_t damage, stray;
	struct rr_rep_stream *streams;
	size_t n_streams;
	bool fatal;                 /* a connection could not be set up */
	uint64_t elapsed_us;
};

void rr_report_init(struct rr_report *r);
void rr_report_free(struct rr_report *r);
void rr_report_div(struct rr_report *r, const struct rr_msgref *at, const char *subject,
                   const char *field, const char *captured, const char *replayed,
                   const char *detail);
void rr_report_note(struct rr_report *r, const struct rr_msgref *at, const char *reason,
                    const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* Text to f: every divergence, the notes, the summary. */
void rr_report_text(const struct rr_report *r, const char *capture, const char *target,
                    FILE *f);
/* JSON to path; 0 or -1 with a message. */
int rr_report_json(const struct rr_report *r, const char *capture, const char *target,
                   const char *path, char *err, size_t errlen);

/* ---- the engine -------------------------------------------------------- */

/* How the engine gets a connection to the target (TCP in the program, an
 * in-memory pair to an in-process server in tests); waits for it. */
typedef NTSTATUS (*rr_connect_fn)(void *arg, struct event_base *base,
                                  const struct cli_conn_opts *o, struct cli_conn **out);

struct rr_resume {
	uint8_t cap[24], rep[24];
};

struct rr_engine {
	struct rr_plan *plan;
	const struct rr_options *o;
	struct rr_report *rep;
	struct event_base *base;
	rr_connect_fn connect;
	void *connect_arg;

	/* Client-wide ids, the same on every connection. */
	struct rr_map leases;       /* captured lease key -> fresh one */
	struct rr_map guids;        /* captured CreateGuid -> fresh one */
	struct rr_map appids;       /* captured AppInstanceId -> fresh one */
	struct rr_resume *resume;   /* captured resume key -> replayed */
	size_t n_resume, cap_resume;
	struct rr_notif *rbreaks;   /* breaks the target sent */
	size_t n_rbreaks, cap_rbreaks;
	struct cli_tree **trees;    /* made by replayed TREE_CONNECTs */
	size_t n_trees, cap_trees;

	uint64_t start_us, ts0;     /* replay start; first unit's capture time */
	uint64_t last_progress_us;
	size_t next_global;         /* without --parallel: next unit to send */
	size_t low;                 /* ops before it are all done */
	size_t ops_done;
	struct event *timer;
	bool tty;
	uint64_t last_draw_us;
	bool oom;
};

/* Set up e for plan p (no connection is made yet); 0 or -1. */
int rr_engine_init(struct rr_engine *e, struct rr_plan *p, const struct rr_options *o,
                   struct rr_report *rep, struct event_base *base, rr_connect_fn connect,
                   void *connect_arg);
/* Replay everything; the report holds the outcome. */
void rr_engine_run(struct rr_engine *e);
void rr_engine_free(struct rr_engine *e);

/* A monotonic clock in microseconds. */
uint64_t rr_now_us(void);

/* replay_idmap.c */
/* A fresh 16-byte value for a captured one, the same for every use;
 * create: make one when none exists.  0, or -1 (none and !create, or no
 * memory). */
int rr_id16_map(struct rr_map *m, const uint8_t cap[16], bool create, uint8_t out[16]);
/* The replayed session, tree or FileId of a captured one: RR_SKIP_NONE
 * with the value, or why not. */
enum rr_skip rr_sess_get(const struct rr_stream *s, uint64_t sid, struct cli_session **out);
enum rr_skip rr_tree_get(const struct rr_stream *s, uint32_t tid, struct cli_tree **out);
enum rr_skip rr_fid_get(const struct rr_stream *s, struct smb2_fileid cap,
                        struct smb2_fileid *out);
int rr_sess_put(struct rr_stream *s, uint64_t sid, struct cli_session *sess);
int rr_tree_put(struct rr_stream *s, uint32_t tid, struct cli_tree *t);
int rr_fid_put(struct rr_stream *s, struct smb2_fileid cap, const struct smb2_fileid *rep);
int rr_resume_put(struct rr_engine *e, const uint8_t cap[24], const uint8_t rep[24]);
const uint8_t *rr_resume_get(const struct rr_engine *e, const uint8_t cap[24]);

/* replay_rebuild.c */
/* One request rebuilt for the target. */
#define RR_BUILT_BUFS 4
/* Ids patched into the captured bytes of one request (a FileId, lease
 * keys and CreateGuids of its create contexts, ...). */
#define RR_MAX_PATCHES (2 * SMB2_MAX_CREATE_CONTEXTS + 2)
#define RR_PATCH_MAX 24
struct rr_patch {
	uint32_t off;                /* in the captured message */
	uint8_t len;
	uint8_t bytes[RR_PATCH_MAX];
};
struct rr_built {
	struct smb2_msg *m;          /* heap: body blobs point into the op's raw or bufs */
	struct cli_session *sess;
	struct cli_tree *tree;
	uint32_t payload;            /* for the credit charge */
	bool related;
	bool sign;                   /* must be signed (VALIDATE_NEGOTIATE_INFO) */
	void *bufs[RR_BUILT_BUFS];
	unsigned n_bufs;
	/* The captured message with the same ids replaced in place
	 * (rr_rebuild_wire): what goes on the wire when the client library's
	 * encoding of m has its length, so that what the library would write
	 * differently (an offset of an empty buffer, padding, reserved
	 * bytes) is as captured.  no_wire: a change of length (a path, an
	 * input rebuilt) rules that out. */
	struct rr_patch patch[RR_MAX_PATCHES];
	unsigned n_patch;
	bool no_wire;
};
/* Rebuild op (a readable request of stream s) for the target; prev is
 * the chain's previous member (NULL for the first).  RR_SKIP_NONE with
 * *out (free with rr_built_free), or the reason it cannot go, with a
 * message in detail. */
enum rr_skip rr_rebuild(struct rr_engine *e, struct rr_stream *s, const struct rr_op *op,
                        const struct rr_built *prev, struct rr_built *out, char *detail,
                        size_t dlen);
void rr_built_free(struct rr_built *b);
/* The captured bytes of op with b's patches applied (malloc'ed), or NULL
 * (b->no_wire, no memory). */
uint8_t *rr_rebuild_wire(const struct rr_op *op, const struct rr_built *b);

/* replay_wire.c */
/* The pre-send hook (struct cli_override) of a single-message unit: when
 * the frame has the length of op->wire, its body becomes op->wire's, and
 * a signed message is signed again. */
void rr_wire_hook(void *arg, uint8_t *frame, size_t len);

/* replay_sched.c */
/* The state op had in the capture when message seq was sent. */
enum rr_capstate { RR_CAP_NONE = 0, RR_CAP_INTERIM, RR_CAP_FINAL };
enum rr_capstate rr_cap_state_at(const struct rr_op *op, uint64_t seq);
/* Has the replay brought op to (at least) that state? */
bool rr_rep_reached(const struct rr_op *op, enum rr_capstate need);
/* Do two requests touch the same path (or one a directory above the
 * other's)? */
bool rr_paths_conflict(const struct rr_op *a, const struct rr_op *b);
/* May unit u be sent now?  Dependencies only (pacing: rr_unit_due). */
bool rr_unit_deps_met(const struct rr_engine *e, const struct rr_unit *u);
/* When unit u is due (rr_now_us() scale), by the pace. */
uint64_t rr_unit_due(const struct rr_engine *e, const struct rr_unit *u);
/* The ops unit u waits for (up to max), for giving up on them. */
size_t rr_unit_blockers(const struct rr_engine *e, const struct rr_unit *u, uint32_t *out,
                        size_t max);
/* Move e->low past the ops that are done. */
void rr_advance_low(struct rr_engine *e);

/* replay_close.c */
/* Close the streams that are finished (unless --keep-open). */
void rr_close_finished(struct rr_engine *e);
/* After the timeout: drop the connections that are due, whatever the
 * requests their close waits for. */
void rr_close_force(struct rr_engine *e);
/* Are the streams that ended before unit u in the capture closed? */
bool rr_closed_before(const struct rr_engine *e, const struct rr_unit *u);
/* The capture frame of unit u (its first message). */
uint64_t rr_unit_frame(const struct rr_plan *p, const struct rr_unit *u);

/* replay_complete.c */
/* The callback of every replayed request. */
void rr_op_done_cb(struct cli_req *r, void *arg);
/* Record an op as finished without a replayed response (skipped,
 * uncompared, given up). */
void rr_op_skip(struct rr_engine *e, struct rr_op *op, enum rr_skip why, const char *detail);
void rr_op_uncompared(struct rr_engine *e, struct rr_op *op, enum rr_uncmp why);
void rr_op_abort(struct rr_engine *e, struct rr_op *op);
/* Take the breaks the target sent on every connection into e->rbreaks. */
void rr_collect_breaks(struct rr_engine *e);
/* A replayed break matching an acknowledgement op (its mapped FileId or
 * lease key), or NULL. */
struct rr_notif *rr_find_break(struct rr_engine *e, const struct rr_op *op);
/* An acknowledgement op is sent for replayed break rep: pair rep with the
 * captured notification the op answered (and compare them). */
void rr_ack_paired(struct rr_engine *e, const struct rr_op *op, struct rr_notif *rep);
/* Pair captured and replayed break notifications at the end and report
 * the ones without a partner. */
void rr_match_breaks(struct rr_engine *e);
/* The report reference of an op. */
void rr_op_ref(const struct rr_engine *e, const struct rr_op *op, struct rr_msgref *out);

#endif
