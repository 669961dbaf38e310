/*
 * The per-test fixture and what tests allocate: connections through the
 * fault filter and the capture, sessions, trees, requests and memory, all
 * freed after the test however it ended (a failed check leaves the test
 * through cmocka's longjmp).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "torture/runner.h"

double torture_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* Out of memory inside a test is a failure of the test, not a crash. */
static void *must(struct torture_ctx *t, void *p)
{
	if (!p)
		torture_fail(t, "out of memory");
	return p;
}

void *torture_alloc(struct torture_ctx *t, size_t n)
{
	struct torture_alloc_hdr *h;

	if (n > SIZE_MAX - sizeof(*h))
		torture_fail(t, "allocation of %zu bytes", n);
	h = must(t, calloc(1, sizeof(*h) + n));
	h->next = t->priv->allocs;
	t->priv->allocs = h;
	return h->align;
}

char *torture_strdup(struct torture_ctx *t, const char *s)
{
	size_t n = strlen(s) + 1;

	return memcpy(torture_alloc(t, n), s, n);
}

__attribute__((format(printf, 2, 0)))
static char *vformat(struct torture_ctx *t, const char *fmt, va_list ap)
{
	va_list ap2;
	int n;
	char *p;

	va_copy(ap2, ap);
	n = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	if (n < 0)
		torture_fail(t, "bad format \"%s\"", fmt);
	p = torture_alloc(t, (size_t)n + 1);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	return p;
}

char *torture_printf(struct torture_ctx *t, const char *fmt, ...)
{
	va_list ap;
	char *p;

	va_start(ap, fmt);
	p = vformat(t, fmt, ap);
	va_end(ap);
	return p;
}

const char *torture_path(struct torture_ctx *t, const char *fmt, ...)
{
	va_list ap;
	char *name;

	va_start(ap, fmt);
	name = vformat(t, fmt, ap);
	va_end(ap);
	return torture_printf(t, "%s\\%s", t->dir, name);
}

struct cli_req *torture_req(struct torture_ctx *t, struct cli_req *r)
{
	struct torture_priv *p = t->priv;

	if (!r)
		return NULL;
	if (p->nreqs == p->cap_reqs) {
		size_t cap = p->cap_reqs ? p->cap_reqs * 2 : 16;
		struct cli_req **n = realloc(p->reqs, cap * sizeof(*n));

		if (!n) {
			cli_req_free(r);
			torture_fail(t, "out of memory");
		}
		p->reqs = n;
		p->cap_reqs = cap;
	}
	p->reqs[p->nreqs++] = r;
	return r;
}

void torture_req_free(struct torture_ctx *t, struct cli_req *r)
{
	struct torture_priv *p = t->priv;

	for (size_t i = 0; i < p->nreqs; i++) {
		if (p->reqs[i] == r) {
			p->reqs[i] = p->reqs[--p->nreqs];
			break;
		}
	}
	cli_req_free(r);
}

/* ---- the log ---------------------------------------------------------- */

static void log_append(struct torture_priv *p, const char *line)
{
	size_t n = strlen(line);
	char *nl;

	if (n + 2 > TORTURE_LOG_MAX)
		n = TORTURE_LOG_MAX - 2;
	if (!p->log && !(p->log = malloc(TORTURE_LOG_MAX)))
		return;
	/* Full: drop the oldest lines. */
	while (p->log_len + n + 2 > TORTURE_LOG_MAX && (nl = memchr(p->log, '\n', p->log_len))) {
		size_t cut = (size_t)(nl - p->log) + 1;

		memmove(p->log, p->log + cut, p->log_len - cut);
		p->log_len -= cut;
	}
	if (p->log_len + n + 2 > TORTURE_LOG_MAX)
		p->log_len = 0;
	memcpy(p->log + p->log_len, line, n);
	p->log_len += n;
	p->log[p->log_len++] = '\n';
	p->log[p->log_len] = '\0';
	if (p->run->verbose)
		fprintf(p->run->out, "    | %s\n", line);
}

static void conn_log(void *arg, const char *msg)
{
	log_append(arg, msg);
}

void torture_comment(struct torture_ctx *t, const char *fmt, ...)
{
	char line[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	log_append(t->priv, line);
}

/* ---- options and variants --------------------------------------------- */

const char *torture_option(struct torture_ctx *t, const char *key, const char *def)
{
	const char *v = torture_opts_get(&t->priv->run->opts, key);

	return v ? v : def;
}

long long torture_option_int(struct torture_ctx *t, const char *key, long long def)
{
	const char *v = torture_option(t, key, NULL);
	char *end;
	long long n;

	if (!v)
		return def;
	n = strtoll(v, &end, 0);
	if (end == v || *end)
		torture_fail(t, "option %s=%s: not a number", key, v);
	return n;
}

bool torture_option_bool(struct torture_ctx *t, const char *key, bool def)
{
	const char *v = torture_option(t, key, NULL);

	if (!v)
		return def;
	if (!strcmp(v, "yes") || !strcmp(v, "true") || !strcmp(v, "1"))
		return true;
	if (!strcmp(v, "no") || !strcmp(v, "false") || !strcmp(v, "0"))
		return false;
	torture_fail(t, "option %s=%s: want yes or no", key, v);
}

const char *torture_variant(struct torture_ctx *t)
{
	return t->priv->expect ? t->priv->expect->variant : NULL;
}

/* ---- connections ------------------------------------------------------ */

void torture_conn_opts(struct torture_ctx *t, struct cli_conn_opts *opts)
{
	memset(opts, 0, sizeof(*opts));
	opts->timeout_ms = t->tgt->timeout_ms;
	opts->log = conn_log;
	opts->log_arg = t->priv;
}

static void tap(void *arg, enum smb_fault_dir dir, const struct iovec *iov, int iovcnt)
{
	struct torture_conn_slot *slot = arg;

	torture_capture_frame(slot->priv->cap, slot->stream, dir == SMB_FAULT_OUT, iov, iovcnt);
}

static int wrap(void *arg, struct smb_transport *lower, struct smb_transport **out)
{
	struct torture_conn_slot *slot = arg;

	if (smb_fault_new(lower, &slot->fault) != 0)
		return -1;
	if (slot->priv->cap) {
		slot->stream = torture_capture_stream(slot->priv->cap);
		smb_fault_tap(slot->fault, tap, slot);
	}
	*out = slot->fault;
	return 0;
}

NTSTATUS torture_connect_to(struct torture_ctx *t, const char *host_port,
                            const struct cli_conn_opts *opts, struct cli_conn **out)
{
	struct torture_priv *p = t->priv;
	struct torture_conn_slot *slot;
	struct cli_conn_opts def;
	NTSTATUS st;

	if (p->nconns >= TORTURE_MAX_CONNS)
		torture_fail(t, "more than %d connections in one test", TORTURE_MAX_CONNS);
	if (!opts) {
		torture_conn_opts(t, &def);
		opts = &def;
	}
	slot = &p->conns[p->nconns];
	memset(slot, 0, sizeof(*slot));
	slot->priv = p;
	st = cli_connect_wrap(t->base, host_port, opts, wrap, slot, out);
	if (st != STATUS_SUCCESS)
		return st;
	slot->conn = *out;
	p->nconns++;
	return STATUS_SUCCESS;
}

NTSTATUS torture_connect(struct torture_ctx *t, const struct cli_conn_opts *opts,
                         struct cli_conn **out)
{
	return torture_connect_to(t, t->tgt->host_port, opts, out);
}

struct smb_transport *torture_fault(struct torture_ctx *t, struct cli_conn *c)
{
	for (unsigned i = 0; i < t->priv->nconns; i++)
		if (t->priv->conns[i].conn == c)
			return t->priv->conns[i].fault;
	torture_fail(t, "torture_fault: not a connection of this test");
}

NTSTATUS torture_login_as(struct torture_ctx *t, struct cli_conn *c, const char *user,
                          const char *domain, const char *password, struct cli_session **out)
{
	(void)t;
	return cli_login(c, user, domain, password, out);
}

NTSTATUS torture_login(struct torture_ctx *t, struct cli_conn *c, struct cli_session **out)
{
	return cli_login(c, t->tgt->user, t->tgt->domain, t->tgt->password, out);
}

NTSTATUS torture_tree(struct torture_ctx *t, struct cli_session *s, const char *share,
                      struct cli_tree **out)
{
	struct torture_priv *p = t->priv;
	const char *unc = share ? torture_printf(t, "%s\\%s", t->tgt->server_unc, share)
	                        : t->tgt->unc;
	NTSTATUS st;

	if (p->ntrees >= TORTURE_MAX_TREES)
		torture_fail(t, "more than %d trees in one test", TORTURE_MAX_TREES);
	st = cli_tree_connect(s, unc, out);
	if (st == STATUS_SUCCESS)
		p->trees[p->ntrees++] = *out;
	return st;
}

static void forget_tree(struct torture_priv *p, struct cli_tree *tree)
{
	for (unsigned i = 0; i < p->ntrees; i++) {
		if (p->trees[i] == tree) {
			p->trees[i] = p->trees[--p->ntrees];
			return;
		}
	}
}

NTSTATUS torture_tree_disconnect(struct torture_ctx *t, struct cli_tree *tree)
{
	forget_tree(t->priv, tree);
	if (t->tree == tree)
		t->tree = NULL;
	return cli_tree_disconnect(tree);
}

void torture_free_session(struct torture_ctx *t, struct cli_session *s)
{
	struct torture_priv *p = t->priv;

	for (unsigned i = 0; i < p->ntrees;) {
		if (p->trees[i]->sess == s) {
			cli_tree_free(p->trees[i]);
			p->trees[i] = p->trees[--p->ntrees];
		} else {
			i++;
		}
	}
	if (t->sess == s) {
		t->sess = NULL;
		t->tree = NULL;
	}
	cli_session_free(s);
}

void torture_close_conn(struct torture_ctx *t, struct cli_conn *c)
{
	struct torture_priv *p = t->priv;

	for (size_t i = 0; i < p->nreqs;) {
		if (p->reqs[i]->conn == c) {
			cli_req_free(p->reqs[i]);
			p->reqs[i] = p->reqs[--p->nreqs];
		} else {
			i++;
		}
	}
	for (unsigned i = 0; i < p->ntrees;) {
		if (p->trees[i]->sess->conn == c) {
			cli_tree_free(p->trees[i]);
			p->trees[i] = p->trees[--p->ntrees];
		} else {
			i++;
		}
	}
	for (unsigned i = 0; i < p->nconns; i++)
		if (p->conns[i].conn == c)
			p->conns[i].conn = NULL;
	if (t->conn == c) {
		t->conn = NULL;
		t->sess = NULL;
		t->tree = NULL;
	}
	cli_conn_free(c);
}

NTSTATUS torture_open_client(struct torture_ctx *t, const struct cli_conn_opts *opts,
                             struct cli_conn **conn, struct cli_session **sess,
                             struct cli_tree **tree)
{
	struct cli_conn *c;
	struct cli_session *s;
	struct cli_tree *tr;
	NTSTATUS st;

	st = torture_connect(t, opts, &c);
	if (st != STATUS_SUCCESS)
		return st;
	st = cli_negotiate(c, 0, 0);
	if (st == STATUS_SUCCESS)
		st = torture_login(t, c, &s);
	if (st == STATUS_SUCCESS)
		st = torture_tree(t, s, NULL, &tr);
	if (st != STATUS_SUCCESS) {
		torture_close_conn(t, c);
		return st;
	}
	if (conn)
		*conn = c;
	if (sess)
		*sess = s;
	if (tree)
		*tree = tr;
	return STATUS_SUCCESS;
}

/* ---- files -------------------------------------------------------------- */

NTSTATUS torture_create_file(struct torture_ctx *t, struct cli_tree *tree, const char *path,
                             struct cli_open *out)
{
	struct cli_create_args a = {
		.desired_access = SMB2_GENERIC_ALL,
		.file_attributes = SMB2_FILE_ATTRIBUTE_NORMAL,
		.share_access = SMB2_FILE_SHARE_READ | SMB2_FILE_SHARE_WRITE | SMB2_FILE_SHARE_DELETE,
		.disposition = SMB2_FILE_OVERWRITE_IF,
		.options = SMB2_FILE_NON_DIRECTORY_FILE,
	};

	(void)t;
	return cli_create(tree, path, &a, out);
}

NTSTATUS torture_create_dir(struct torture_ctx *t, struct cli_tree *tree, const char *path,
                            struct cli_open *out)
{
	struct cli_create_args a = {
		.desired_access = SMB2_GENERIC_ALL,
		.file_attributes = SMB2_FILE_ATTRIBUTE_DIRECTORY,
		.share_access = SMB2_FILE_SHARE_READ | SMB2_FILE_SHARE_WRITE | SMB2_FILE_SHARE_DELETE,
		.disposition = SMB2_FILE_CREATE,
		.options = SMB2_FILE_DIRECTORY_FILE,
	};

	(void)t;
	return cli_create(tree, path, &a, out);
}

NTSTATUS torture_put_file(struct torture_ctx *t, struct cli_tree *tree, const char *path,
                          const uint8_t *data, size_t len)
{
	struct cli_open o;
	NTSTATUS st = torture_create_file(t, tree, path, &o);

	if (st != STATUS_SUCCESS)
		return st;
	st = len ? cli_write(tree, o.id, 0, data, len) : STATUS_SUCCESS;
	if (st != STATUS_SUCCESS) {
		cli_close(tree, o.id);
		return st;
	}
	return cli_close(tree, o.id);
}
