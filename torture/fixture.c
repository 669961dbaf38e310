/*
 * The per-test fixture: before a test, its state, capture, directory and
 * (unless TORTURE_RAW) a fresh connection, session and tree; after it,
 * however it ended, its result, its capture when it failed, and everything
 * it made freed or removed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "torture/runner.h"

NTSTATUS torture_ctx_setup(struct torture_run *run, struct torture_ctx *t,
                           const struct torture_suite *s, const struct torture_test *tt,
                           const struct torture_profile_entry *expect)
{
	struct torture_priv *p = calloc(1, sizeof(*p));
	char id[512];
	NTSTATUS st;

	memset(t, 0, sizeof(*t));
	if (!p)
		return STATUS_NO_MEMORY;
	t->priv = p;
	t->tgt = &run->tgt;
	t->srv = &run->srv;
	t->base = run->base;
	t->suite = s;
	t->test = tt;
	p->run = run;
	p->t = t;
	p->raw = TORTURE_PASS;
	snprintf(id, sizeof(id), "%s.%s", s->name, tt->name);
	p->expect = expect;
	if (run->pcap_dir && !(p->cap = torture_capture_new()))
		return STATUS_NO_MEMORY;
	snprintf(p->dir, sizeof(p->dir), "%s\\%s", run->base_dir, id);
	t->dir = p->dir;
	p->t0 = torture_now_ms();
	st = torture_group_mkdir(run, p->dir);
	if (st != STATUS_SUCCESS) {
		p->raw = TORTURE_FAIL;
		snprintf(p->message, sizeof(p->message), "fixture: mkdir %s: %s", p->dir,
		         nt_status_name(st));
		return st;
	}
	if (!(tt->flags & TORTURE_RAW)) {
		st = torture_open_client(t, NULL, &t->conn, &t->sess, &t->tree);
		if (st != STATUS_SUCCESS) {
			p->raw = TORTURE_FAIL;
			snprintf(p->message, sizeof(p->message),
			         "fixture: connect, log on and tree connect: %s", nt_status_name(st));
			return st;
		}
	}
	return STATUS_SUCCESS;
}

/* Failing tests keep their capture: PCAP_DIR/SUITE.TEST.pcap (+ .keys). */
static char *keep_capture(struct torture_ctx *t)
{
	struct torture_priv *p = t->priv;
	struct cli_conn *conns[TORTURE_MAX_CONNS];
	char path[4096];

	if (!p->cap)
		return NULL;
	for (unsigned i = 0; i < p->nconns; i++)
		conns[i] = p->conns[i].conn;
	snprintf(path, sizeof(path), "%s/%s.%s.pcap", p->run->pcap_dir, t->suite->name,
	         t->test->name);
	if (torture_capture_write(p->cap, path, conns, p->nconns)) {
		fprintf(p->run->out, "    cannot write %s\n", path);
		return NULL;
	}
	return strdup(path);
}

void torture_ctx_teardown(struct torture_ctx *t, struct torture_outcome *o)
{
	struct torture_priv *p = t->priv;

	if (!p)
		return;
	if (p->raw == TORTURE_PASS && !p->finished) {
		p->raw = TORTURE_FAIL;
		snprintf(p->message, sizeof(p->message),
		         "the test stopped early (a cmocka assertion or a signal); see the log");
	}
	o->result = p->raw;
	o->message = strdup(p->message);
	o->pcap = p->raw == TORTURE_FAIL ? keep_capture(t) : NULL;
	o->log = p->raw == TORTURE_FAIL && p->log_len ? strdup(p->log) : NULL;

	for (size_t i = 0; i < p->nreqs; i++)
		cli_req_free(p->reqs[i]);
	free(p->reqs);
	for (unsigned i = 0; i < p->ntrees; i++)
		cli_tree_free(p->trees[i]);
	for (unsigned i = 0; i < p->nconns; i++)
		cli_conn_free(p->conns[i].conn);
	torture_capture_free(p->cap);
	torture_group_rmtree(p->run, p->dir);
	while (p->allocs) {
		struct torture_alloc_hdr *h = p->allocs;

		p->allocs = h->next;
		free(h);
	}
	o->ms = torture_now_ms() - p->t0;
	free(p->log);
	free(p);
	t->priv = NULL;
}
