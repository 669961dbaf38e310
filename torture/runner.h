/*
 * The runner's own view (not for suites): the run, its options, the target
 * profile, per-test state, outcomes and the writers of results.
 */
#ifndef SMBSIM_TORTURE_RUNNER_H
#define SMBSIM_TORTURE_RUNNER_H

#include <setjmp.h>
#include <stdio.h>

#include "torture/torture.h"

#define SMBSIM_TORTURE_VERSION "0.4.0"

/* ---- limits ---------------------------------------------------------------- */

#define TORTURE_MAX_OPTIONS 256
#define TORTURE_MAX_PROFILE_ENTRIES 1024
#define TORTURE_MAX_LINE 4096
#define TORTURE_MSG_MAX 2048
/* Bytes of frames a test's capture keeps whole; past it, each frame is cut
 * to TORTURE_CAPTURE_SNAP bytes. */
#define TORTURE_CAPTURE_MAX (64u << 20)
#define TORTURE_CAPTURE_SNAP 256u
/* Connections one test may make through torture_connect*. */
#define TORTURE_MAX_CONNS 64
#define TORTURE_MAX_TREES 256
/* A test's log kept for its report line (bytes; older lines dropped). */
#define TORTURE_LOG_MAX 65536

/* ---- options (options.c): KEY=VALUE, later settings win ---------------------- */

struct torture_kv {
	char *key, *value;
	const char *origin;          /* "--option", "profile FILE:LINE" */
};

struct torture_opts {
	unsigned n;
	struct torture_kv kv[TORTURE_MAX_OPTIONS];
};

/* Parse "KEY=VALUE" and set it; -1 with a message in err. */
int torture_opts_set(struct torture_opts *o, const char *key_value, const char *origin,
                     char *err, size_t errlen);
const char *torture_opts_get(const struct torture_opts *o, const char *key);
void torture_opts_free(struct torture_opts *o);

/* ---- target profiles (profile.c) ---------------------------------------------- */

enum torture_expect { TORTURE_EXPECT_NONE = 0, TORTURE_EXPECT_FAIL, TORTURE_EXPECT_SKIP };

struct torture_profile_entry {
	char *pattern;               /* SUITE.TEST, fnmatch() globs allowed */
	enum torture_expect expect;
	char *variant;               /* NULL: the specification */
	char *reason;
	char *ref;                   /* spec section, bug link; may be NULL */
	int line;
	unsigned matched;            /* tests it applied to in this binary */
};

struct torture_profile {
	char *path;
	char *name, *description;
	unsigned n;
	struct torture_profile_entry e[TORTURE_MAX_PROFILE_ENTRIES];
};

/*
 * Read a profile (format in torture/README.md).  Options found in its
 * [options] section are set in opts.  Returns 0, or -1 with
 * "FILE:LINE: what" in err (profile untouched: free it anyway).
 */
int torture_profile_load(struct torture_profile *p, const char *path,
                         struct torture_opts *opts, char *err, size_t errlen);
/* The entry for SUITE.TEST: an exact pattern first, else the first glob. */
struct torture_profile_entry *torture_profile_find(struct torture_profile *p, const char *id);
void torture_profile_free(struct torture_profile *p);

/* ---- registry (registry.c) ----------------------------------------------------- */

/* Registered suites, sorted by name. */
struct torture_suite *torture_suites(void);
/* Check every suite and test: names, unique ids, spec given.  -1 with the
 * first problem in err. */
int torture_registry_check(char *err, size_t errlen);
/* Does the selector ("all", SUITE, SUITE.TEST, globs) pick the test? */
bool torture_selects(const char *sel, const struct torture_suite *s,
                     const struct torture_test *tt);

/* ---- outcomes --------------------------------------------------------------------- */

enum torture_result {
	TORTURE_PASS = 0,
	TORTURE_FAIL,
	TORTURE_SKIP,
	TORTURE_XFAIL,               /* expected-fail */
	TORTURE_XPASS,               /* unexpected-pass */
	TORTURE_NRESULTS
};

const char *torture_result_name(enum torture_result r);

struct torture_outcome {
	const struct torture_suite *suite;
	const struct torture_test *test;
	enum torture_result result;
	char *message;               /* fail: what; skip: why (may be "") */
	const struct torture_profile_entry *expect;
	double ms;
	char *pcap;                  /* capture of a failing test, or NULL */
	char *log;                   /* a failing test's log, or NULL */
};

/* ---- the run ------------------------------------------------------------------------ */

struct torture_capture;

struct torture_run {
	struct torture_target tgt;
	struct torture_server srv;
	bool have_srv;
	struct event_base *base;
	struct torture_opts opts;
	struct torture_profile *profile;
	const char *label;
	const char *pcap_dir;
	bool verbose;
	FILE *out;                   /* the console */
	char command[1024];          /* for the results: password hidden */
	char started[32];            /* UTC ISO 8601 */
	double duration_ms;
	/* Group connection (group.c). */
	struct cli_conn *gconn;
	struct cli_session *gsess;
	struct cli_tree *gtree;
	char base_dir[128];          /* "smbsim-torture-PID" on the share */
	bool base_dir_made;
	char group_error[TORTURE_MSG_MAX];
	/* Outcomes, in run order. */
	struct torture_outcome *outcomes;
	size_t noutcomes, cap_outcomes;
};

/* Per-test state behind struct torture_ctx (ctx.c). */
struct torture_alloc_hdr {
	struct torture_alloc_hdr *next;
	max_align_t align[];
};

struct torture_priv {
	struct torture_run *run;
	struct torture_ctx *t;
	const struct torture_profile_entry *expect;
	enum torture_result raw;     /* pass, fail or skip, as it happened */
	bool finished;               /* the test function returned */
	char message[TORTURE_MSG_MAX];
	struct torture_alloc_hdr *allocs;
	struct cli_req **reqs;
	size_t nreqs, cap_reqs;
	unsigned nconns;
	struct torture_conn_slot {
		struct torture_priv *priv;
		struct cli_conn *conn;       /* NULL once closed */
		struct smb_transport *fault;
		unsigned stream;             /* in the capture */
	} conns[TORTURE_MAX_CONNS];
	unsigned ntrees;
	struct cli_tree *trees[TORTURE_MAX_TREES];
	struct torture_capture *cap;
	char *log;
	size_t log_len;
	double t0;
	char dir[768];
};

/* ctx.c: per-test set-up and clean-up. */
NTSTATUS torture_ctx_setup(struct torture_run *run, struct torture_ctx *t,
                           const struct torture_suite *s, const struct torture_test *tt,
                           const struct torture_profile_entry *expect);
void torture_ctx_teardown(struct torture_ctx *t, struct torture_outcome *o);

/* group.c: the group connection and directories. */
NTSTATUS torture_group_setup(struct torture_run *run);
void torture_group_teardown(struct torture_run *run);
NTSTATUS torture_group_mkdir(struct torture_run *run, const char *path);
/* Remove path and all below it (best effort; a message on failure). */
void torture_group_rmtree(struct torture_run *run, const char *path);

/* capture.c: frames of one test's connections, written only on failure. */
struct torture_capture *torture_capture_new(void);
unsigned torture_capture_stream(struct torture_capture *c);
void torture_capture_frame(struct torture_capture *c, unsigned stream, bool to_server,
                           const struct iovec *iov, int iovcnt);
/* Write the pcap to path (and the session keys of the live sessions of
 * conns to path with .keys for .pcap); 0 or -1 (errno). */
int torture_capture_write(struct torture_capture *c, const char *path,
                          struct cli_conn *const *conns, unsigned nconns);
void torture_capture_free(struct torture_capture *c);

/* run.c */
int torture_run_all(struct torture_run *run, const char *const *sel, unsigned nsel);
void torture_run_free(struct torture_run *run);

/* results_json.c, results_junit.c: 0, or -1 with errno. */
int torture_write_json(const struct torture_run *run, const char *path);
int torture_write_junit(const struct torture_run *run, const char *path);

/* Milliseconds on a monotonic clock. */
double torture_now_ms(void);

#endif
