/*
 * smbsim-torture: what a suite sees (ARCHITECTURE.md, torture/; issue 4).
 *
 * A suite is a table of tests registered with TORTURE_SUITE(); each test is
 * a function of a struct torture_ctx, tagged with the specification
 * sections it checks.  The runner (run.c) drives the tests through cmocka:
 * one cmocka group per suite, whose group fixture connects once (the
 * "group connection": it learns what the server offers and makes and
 * removes the test directories), and a per-test fixture that gives each
 * test a fresh connection, session and tree (unless the test is
 * TORTURE_RAW and connects itself) and a fresh directory on the share,
 * removed afterwards.
 *
 * Rules for test code (so that a failing check, which leaves the test
 * through cmocka's longjmp, leaks nothing and leaves no state behind):
 *   - check with the CHECK_* macros below, never cmocka's assert_*: they
 *     print expected and actual values (NTSTATUS by name) and where;
 *   - connect with torture_connect()/torture_login()/torture_tree(): the
 *     fixture frees every connection, session and tree they made;
 *   - memory from torture_alloc()/torture_strdup()/torture_path(), and
 *     requests passed through torture_req() (or freed by the test before
 *     any further check), are freed by the fixture;
 *   - never sleep: wait for requests (cli_wait) and breaks
 *     (cli_wait_break); hold or delay frames with the fault filter
 *     (torture_fault()) instead of racing the server.
 * Everything runs on one thread and one event_base (t->base).
 */
#ifndef SMBSIM_TORTURE_H
#define SMBSIM_TORTURE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "net/fault.h"
#include "sim-client/lib/cli_sync.h"
#include "wire/ntstatus.h"
#include "wire/smb2.h"

struct torture_ctx;
struct torture_priv;

/* ---- describing tests ------------------------------------------------- */

typedef void (*torture_fn)(struct torture_ctx *t);

/* The test makes its own connections: no per-test connection, session or
 * tree (t->conn, t->sess, t->tree are NULL); the directory is still made. */
#define TORTURE_RAW 0x1u

struct torture_test {
	const char *name;            /* unique in its suite: [a-z0-9_]+ */
	torture_fn fn;
	/* Sections checked, ';' between them: "MS-SMB2 2.2.3; MS-SMB2 3.3.5.4". */
	const char *spec;
	const char *doc;             /* one line: what the test shows */
	unsigned flags;              /* TORTURE_RAW */
};

struct torture_suite {
	const char *name;            /* [a-z0-9_]+ */
	const char *doc;
	const struct torture_test *tests;
	size_t ntests;
	struct torture_suite *next;  /* registry (registry.c) */
};

#define TORTURE_TEST(fn_, spec_, doc_) { #fn_, fn_, spec_, doc_, 0 }
#define TORTURE_TEST_RAW(fn_, spec_, doc_) { #fn_, fn_, spec_, doc_, TORTURE_RAW }

void torture_register(struct torture_suite *s);

/* Define and register a suite from a static array of tests. */
#define TORTURE_SUITE(var_, name_, doc_, tests_)                                  \
	static struct torture_suite var_ = { name_, doc_, tests_,                    \
		                             sizeof(tests_) / sizeof((tests_)[0]), NULL }; \
	__attribute__((constructor)) static void var_##_register(void)               \
	{                                                                            \
		torture_register(&var_);                                             \
	}

/* ---- the target and what the server offered --------------------------- */

#define TORTURE_MAX_ADDRS 16

struct torture_target {
	char host[256];              /* as given: name or address */
	char host_port[300];         /* "host:port" to connect to */
	char share[256];
	char unc[600];               /* "\\host\share" */
	char server_unc[300];        /* "\\host" (for IPC$ and other shares) */
	char user[256], domain[256], password[256];
	/* Further addresses of the same server (--address, multi-channel)
	 * and further cluster nodes (--node, failover); "host:port". */
	unsigned naddrs, nnodes;
	char addrs[TORTURE_MAX_ADDRS][300];
	char nodes[TORTURE_MAX_ADDRS][300];
	int timeout_ms;              /* every wait (--timeout) */
};

/* From the group connection's NEGOTIATE (every dialect offered) and tree
 * connect, for capability-driven skips. */
struct torture_server {
	uint16_t dialect;            /* the highest the server picked */
	uint16_t security_mode;
	uint32_t capabilities;
	uint32_t max_read, max_write, max_transact;
	uint8_t guid[16];
	uint16_t cipher;             /* 3.1.1: chosen from all four */
	uint16_t sign_alg;
	uint32_t share_flags, share_caps;
	uint8_t share_type;
};

/* ---- the context of one test ------------------------------------------ */

struct torture_ctx {
	const struct torture_target *tgt;
	const struct torture_server *srv;
	struct event_base *base;
	const struct torture_suite *suite;
	const struct torture_test *test;
	/* The per-test fixture (NULL for TORTURE_RAW tests). */
	struct cli_conn *conn;
	struct cli_session *sess;
	struct cli_tree *tree;
	/* A fresh directory on the share for this test, relative to the share
	 * ("smbsim-torture-1234\\create.basic"); removed afterwards. */
	const char *dir;
	struct torture_priv *priv;   /* the runner's */
};

/* ---- connections (all freed by the fixture) ----------------------------- */

/* Default options: every dialect, the target's timeout, the test's log. */
void torture_conn_opts(struct torture_ctx *t, struct cli_conn_opts *opts);

/* TCP to the target's first address (or addrs[i] with
 * torture_connect_addr), through a fault filter (torture_fault()) and the
 * test's capture.  opts NULL: torture_conn_opts().  Not negotiated. */
NTSTATUS torture_connect(struct torture_ctx *t, const struct cli_conn_opts *opts,
                         struct cli_conn **out);
NTSTATUS torture_connect_to(struct torture_ctx *t, const char *host_port,
                            const struct cli_conn_opts *opts, struct cli_conn **out);
/* The fault filter under a connection made by torture_connect*. */
struct smb_transport *torture_fault(struct torture_ctx *t, struct cli_conn *c);

/* SESSION_SETUP as the target's user (torture_login) or another. */
NTSTATUS torture_login(struct torture_ctx *t, struct cli_conn *c, struct cli_session **out);
NTSTATUS torture_login_as(struct torture_ctx *t, struct cli_conn *c, const char *user,
                          const char *domain, const char *password, struct cli_session **out);
/* TREE_CONNECT to share (NULL: the target's share) on the target server. */
NTSTATUS torture_tree(struct torture_ctx *t, struct cli_session *s, const char *share,
                      struct cli_tree **out);
/* Connect, negotiate, log on, tree connect: a full extra client.  opts
 * NULL: defaults.  Any of the outputs may be NULL when not wanted. */
NTSTATUS torture_open_client(struct torture_ctx *t, const struct cli_conn_opts *opts,
                             struct cli_conn **conn, struct cli_session **sess,
                             struct cli_tree **tree);
/* TREE_DISCONNECT through cli_tree_disconnect (which frees the tree),
 * and the fixture forgets the tree. */
NTSTATUS torture_tree_disconnect(struct torture_ctx *t, struct cli_tree *tree);
/* Free a session now (cli_session_free), and its tracked trees first. */
void torture_free_session(struct torture_ctx *t, struct cli_session *s);
/* Free a connection made by torture_connect* now (its trees first). */
void torture_close_conn(struct torture_ctx *t, struct cli_conn *c);

/* ---- resources -------------------------------------------------------- */

void *torture_alloc(struct torture_ctx *t, size_t n);              /* zeroed */
char *torture_strdup(struct torture_ctx *t, const char *s);
char *torture_printf(struct torture_ctx *t, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* "<t->dir>\<name>" (name formatted). */
const char *torture_path(struct torture_ctx *t, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* The fixture frees r after the test (unless the test frees it first
 * with torture_req_free). Returns r. */
struct cli_req *torture_req(struct torture_ctx *t, struct cli_req *r);
void torture_req_free(struct torture_ctx *t, struct cli_req *r);

/* Create (or overwrite) a file, or create a directory, with generous
 * access and sharing; the open is closed by the fixture with its
 * connection. */
NTSTATUS torture_create_file(struct torture_ctx *t, struct cli_tree *tree, const char *path,
                             struct cli_open *out);
NTSTATUS torture_create_dir(struct torture_ctx *t, struct cli_tree *tree, const char *path,
                            struct cli_open *out);
/* Write a whole file at path (created or overwritten) and close it. */
NTSTATUS torture_put_file(struct torture_ctx *t, struct cli_tree *tree, const char *path,
                          const uint8_t *data, size_t len);

/* ---- options, variants, log ------------------------------------------- */

/* --option KEY=VALUE (also from the profile's [options]); def when unset. */
const char *torture_option(struct torture_ctx *t, const char *key, const char *def);
long long torture_option_int(struct torture_ctx *t, const char *key, long long def);
bool torture_option_bool(struct torture_ctx *t, const char *key, bool def);
/* The profile's variant for this test, or NULL: the specification. */
const char *torture_variant(struct torture_ctx *t);
/* A line in the test's log (shown for failing tests and with -v). */
void torture_comment(struct torture_ctx *t, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* "3.1.1", "2.1", ...; "unknown" for other values. */
const char *torture_dialect_name(uint16_t d);

/* ---- results: fail and skip (they leave the test) ------------------------ */

__attribute__((noreturn, format(printf, 4, 5)))
void torture_fail_at(struct torture_ctx *t, const char *file, int line, const char *fmt, ...);
__attribute__((noreturn, format(printf, 2, 3)))
void torture_skip(struct torture_ctx *t, const char *fmt, ...);

#define torture_fail(t, ...) torture_fail_at((t), __FILE__, __LINE__, __VA_ARGS__)

/* Skip unless the server offers it. */
void torture_require_dialect(struct torture_ctx *t, uint16_t min_dialect);
void torture_require_cap(struct torture_ctx *t, uint32_t global_cap);
/* The option's value, or skip saying which option the test needs. */
const char *torture_require_option(struct torture_ctx *t, const char *key);

/* Compare and fail with both values. */
void torture_check_status(struct torture_ctx *t, const char *file, int line, const char *what,
                          NTSTATUS got, NTSTATUS want);
void torture_check_val(struct torture_ctx *t, const char *file, int line, const char *what,
                       uint64_t got, uint64_t want);
void torture_check_mem(struct torture_ctx *t, const char *file, int line, const char *what,
                       const void *got, const void *want, size_t len);

#define CHECK_STATUS(t, got, want) \
	torture_check_status((t), __FILE__, __LINE__, #got, (got), (want))
#define CHECK_VAL(t, got, want) \
	torture_check_val((t), __FILE__, __LINE__, #got, (uint64_t)(got), (uint64_t)(want))
#define CHECK_MEM(t, got, want, len) \
	torture_check_mem((t), __FILE__, __LINE__, #got, (got), (want), (len))
#define CHECK_TRUE(t, cond, ...)                                            \
	do {                                                                 \
		if (!(cond))                                                 \
			torture_fail_at((t), __FILE__, __LINE__, __VA_ARGS__); \
	} while (0)

#endif
