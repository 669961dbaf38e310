/*
 * Helpers of the change-notify suites (torture/suites/notify*.c): a
 * watched directory, CHANGE_NOTIFY requests that wait (MS-SMB2 2.2.35,
 * 3.3.5.19), the FILE_NOTIFY_INFORMATION entries of an answer (MS-FSCC
 * 2.7.1) as UTF-8 names, and a second client that makes the changes.
 */
#ifndef SMBSIM_SUITES_NOTIFY_UTIL_H
#define SMBSIM_SUITES_NOTIFY_UTIL_H

#include "torture/suites/compound_util.h"

/* Entries of one answer a test looks at, and the longest name. */
#define NT_MAX_ENTRIES 32
#define NT_MAX_NAME 256
/* A generous OutputBufferLength for the answers tests expect. */
#define NT_BUF 4096
/* Further CHANGE_NOTIFY requests nt_wait_for() sends when the change it
 * waits for came in a later answer. */
#define NT_MAX_ROUNDS 4

struct nt_entry {
	uint32_t action;
	char name[NT_MAX_NAME];
};

struct nt_answer {
	unsigned n;
	struct nt_entry e[NT_MAX_ENTRIES];
};

/* The directory "name" under the test directory, created and opened
 * (every share mode, generous access); its open is *d. */
static inline const char *nt_dir(struct torture_ctx *t, const char *name, struct cli_open *d)
{
	const char *path = torture_path(t, "%s", name);

	CHECK_STATUS(t, torture_create_dir(t, t->tree, path, d), STATUS_SUCCESS);
	return path;
}

/* A second client (connection, session, tree) that makes the changes. */
static inline struct cli_tree *nt_other(struct torture_ctx *t)
{
	struct cli_tree *t2;

	CHECK_STATUS(t, torture_open_client(t, NULL, NULL, NULL, &t2), STATUS_SUCCESS);
	return t2;
}

static inline struct cli_req *nt_send(struct torture_ctx *t, struct cli_tree *tree,
                                      struct smb2_fileid fid, uint16_t flags, uint32_t filter,
                                      uint32_t out_len)
{
	struct cli_send_item it = cl_item(tree, cl_notify_msg(t, fid, flags, filter, out_len),
	                                  false, NULL);
	struct cli_req *r;

	cl_send_chain(t, tree, &it, 1, &r);
	return r;
}

/* A CHANGE_NOTIFY with nothing to report yet: it has to go async
 * (interim response, MS-SMB2 3.3.4.2); fails the test if answered. */
static inline struct cli_req *nt_send_waiting(struct torture_ctx *t, struct cli_tree *tree,
                                              struct smb2_fileid fid, uint16_t flags,
                                              uint32_t filter, uint32_t out_len)
{
	struct cli_req *r = nt_send(t, tree, fid, flags, filter, out_len);

	if (!cl_wait_interim(t, r))
		torture_fail(t, "CHANGE_NOTIFY was answered (%s) with no change made",
		             nt_status_name(r->status));
	return r;
}

/* The entries of a successful answer, names in UTF-8; a malformed chain
 * fails the test. */
static inline void nt_parse(struct torture_ctx *t, const struct cli_req *r,
                            struct nt_answer *out)
{
	struct smb2_notify_iter it;
	struct smb2_notify_entry e;
	NTSTATUS st;
	size_t len;

	memset(out, 0, sizeof(*out));
	CHECK_STATUS(t, r->status, STATUS_SUCCESS);
	CHECK_VAL(t, r->msg.kind, SMB2_MSG_RSP(SMB2_CHANGE_NOTIFY));
	smb2_notify_iter_init(&it, r->msg.u.change_notify_rsp.buffer);
	while ((st = smb2_notify_next(&it, &e)) == STATUS_SUCCESS) {
		struct nt_entry *ne;

		if (out->n == NT_MAX_ENTRIES)
			torture_fail(t, "more than %d change entries", NT_MAX_ENTRIES);
		ne = &out->e[out->n++];
		ne->action = e.action;
		if (utf16le_to_utf8(e.name.p, e.name.len, ne->name, sizeof(ne->name), &len) !=
		    STATUS_SUCCESS)
			torture_fail(t, "change entry %u: the name does not convert", out->n);
		torture_comment(t, "change: action %u \"%s\"", ne->action, ne->name);
	}
	CHECK_STATUS(t, st, STATUS_NO_MORE_ENTRIES);
}

static inline bool nt_has(const struct nt_answer *a, uint32_t action, const char *name)
{
	for (unsigned i = 0; i < a->n; i++)
		if (a->e[i].action == action && strcmp(a->e[i].name, name) == 0)
			return true;
	return false;
}

/* The answer of r is exactly one entry (action, name). */
static inline void nt_expect_only(struct torture_ctx *t, struct cli_req *r,
                                  uint32_t action, const char *name)
{
	struct nt_answer a;

	CHECK_STATUS(t, cli_wait(r, 0), STATUS_SUCCESS);
	nt_parse(t, r, &a);
	CHECK_VAL(t, a.n, 1);
	CHECK_VAL(t, a.e[0].action, action);
	CHECK_TRUE(t, strcmp(a.e[0].name, name) == 0, "notified \"%s\", want \"%s\"", a.e[0].name,
	           name);
}

/*
 * Wait until the change (action, name) is reported: r's answer, then (a
 * server may report the changes of one operation in several answers) up
 * to NT_MAX_ROUNDS further CHANGE_NOTIFY requests on fid, each answered
 * from the changes queued meanwhile (MS-FSA 2.1.1.8 NotifyEventList).
 * *seen collects every entry.
 */
static inline void nt_wait_for(struct torture_ctx *t, struct cli_tree *tree,
                               struct smb2_fileid fid, uint16_t flags, uint32_t filter,
                               struct cli_req *r, uint32_t action, const char *name,
                               struct nt_answer *seen)
{
	for (unsigned round = 0;; round++) {
		struct nt_answer a;

		CHECK_STATUS(t, cli_wait(r, 0), STATUS_SUCCESS);
		nt_parse(t, r, &a);
		for (unsigned i = 0; i < a.n && seen->n < NT_MAX_ENTRIES; i++)
			seen->e[seen->n++] = a.e[i];
		if (nt_has(seen, action, name))
			return;
		if (round == NT_MAX_ROUNDS)
			torture_fail(t, "no change %u \"%s\" in %u answers", action, name, round + 1);
		r = nt_send(t, tree, fid, flags, filter, NT_BUF);
	}
}

#endif
