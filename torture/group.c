/*
 * The group fixture: one connection per suite (the "group connection"),
 * made before its tests with every dialect offered.  It records what the
 * server offers (struct torture_server, for capability-driven skips) and
 * makes and removes the directories the tests work in, so that cleaning up
 * works whatever a test did to its own connections.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "torture/runner.h"

static void group_log(void *arg, const char *msg)
{
	struct torture_run *run = arg;

	if (run->verbose)
		fprintf(run->out, "    (group) %s\n", msg);
}

NTSTATUS torture_group_setup(struct torture_run *run)
{
	struct cli_conn_opts opts = { 0 };
	struct torture_server *srv = &run->srv;
	NTSTATUS st;
	const char *step = "connect";

	opts.timeout_ms = run->tgt.timeout_ms;
	opts.log = group_log;
	opts.log_arg = run;
	run->group_error[0] = '\0';
	st = cli_connect(run->base, run->tgt.host_port, &opts, &run->gconn);
	if (st == STATUS_SUCCESS) {
		step = "negotiate";
		st = cli_negotiate(run->gconn, 0, 0);
	}
	if (st == STATUS_SUCCESS) {
		step = "session setup";
		st = cli_login(run->gconn, run->tgt.user, run->tgt.domain, run->tgt.password,
		               &run->gsess);
	}
	if (st == STATUS_SUCCESS) {
		step = "tree connect";
		st = cli_tree_connect(run->gsess, run->tgt.unc, &run->gtree);
	}
	if (st != STATUS_SUCCESS) {
		snprintf(run->group_error, sizeof(run->group_error),
		         "group fixture: %s to %s failed: %s", step, run->tgt.host_port,
		         nt_status_name(st));
		torture_group_teardown(run);
		return st;
	}
	memset(srv, 0, sizeof(*srv));
	srv->dialect = run->gconn->dialect;
	srv->security_mode = run->gconn->server_security_mode;
	srv->capabilities = run->gconn->server_caps;
	srv->max_read = run->gconn->max_read;
	srv->max_write = run->gconn->max_write;
	srv->max_transact = run->gconn->max_transact;
	memcpy(srv->guid, run->gconn->server_guid, sizeof(srv->guid));
	srv->cipher = run->gconn->cipher;
	srv->sign_alg = run->gconn->sign_alg;
	srv->share_flags = run->gtree->share_flags;
	srv->share_caps = run->gtree->capabilities;
	srv->share_type = run->gtree->share_type;
	run->have_srv = true;
	if (!run->base_dir[0])
		snprintf(run->base_dir, sizeof(run->base_dir), "smbsim-torture-%ld",
		         (long)getpid());
	if (!run->base_dir_made) {
		st = torture_group_mkdir(run, run->base_dir);
		if (st != STATUS_SUCCESS) {
			snprintf(run->group_error, sizeof(run->group_error),
			         "group fixture: cannot make the directory %s on the share: %s",
			         run->base_dir, nt_status_name(st));
			torture_group_teardown(run);
			return st;
		}
		run->base_dir_made = true;
	}
	return STATUS_SUCCESS;
}

void torture_group_teardown(struct torture_run *run)
{
	if (run->gtree) {
		cli_tree_free(run->gtree);
		run->gtree = NULL;
	}
	cli_conn_free(run->gconn);
	run->gconn = NULL;
	run->gsess = NULL;
}

NTSTATUS torture_group_mkdir(struct torture_run *run, const char *path)
{
	if (!run->gtree)
		return STATUS_CONNECTION_DISCONNECTED;
	return cli_mkdir(run->gtree, path);
}

struct names {
	char **v;
	bool *dir;
	size_t n, cap;
};

static int collect(void *arg, const struct smb2_dirent *e, const char *name)
{
	struct names *ns = arg;

	if (!strcmp(name, ".") || !strcmp(name, ".."))
		return 0;
	if (ns->n == ns->cap) {
		size_t cap = ns->cap ? ns->cap * 2 : 16;
		char **v = realloc(ns->v, cap * sizeof(*v));
		bool *d = v ? realloc(ns->dir, cap * sizeof(*d)) : NULL;

		if (v)
			ns->v = v;
		if (!d)
			return 1;
		ns->dir = d;
		ns->cap = cap;
	}
	if (!(ns->v[ns->n] = strdup(name)))
		return 1;
	ns->dir[ns->n++] = (e->file_attributes & SMB2_FILE_ATTRIBUTE_DIRECTORY) != 0;
	return 0;
}

/* Clear READONLY so that delete on close is allowed (MS-FSA 2.1.5.1.2.1). */
static void clear_readonly(struct cli_tree *t, const char *path)
{
	struct cli_create_args a = {
		.desired_access = SMB2_FILE_WRITE_ATTRIBUTES,
		.share_access = SMB2_FILE_SHARE_READ | SMB2_FILE_SHARE_WRITE | SMB2_FILE_SHARE_DELETE,
		.disposition = SMB2_FILE_OPEN,
	};
	struct smb2_fileinfo fi = { 0 };
	struct cli_open o;

	if (cli_create(t, path, &a, &o) != STATUS_SUCCESS)
		return;
	fi.cls = FILE_BASIC_INFORMATION;
	fi.u.basic.file_attributes = SMB2_FILE_ATTRIBUTE_NORMAL;
	cli_set_fileinfo(t, o.id, &fi);
	cli_close(t, o.id);
}

static void rmtree(struct torture_run *run, const char *path, int depth)
{
	struct cli_create_args a = {
		.desired_access = SMB2_FILE_LIST_DIRECTORY | SMB2_FILE_READ_ATTRIBUTES,
		.share_access = SMB2_FILE_SHARE_READ | SMB2_FILE_SHARE_WRITE | SMB2_FILE_SHARE_DELETE,
		.disposition = SMB2_FILE_OPEN,
		.options = SMB2_FILE_DIRECTORY_FILE,
	};
	struct names ns = { 0 };
	struct cli_open o;
	NTSTATUS st;

	if (depth > 32 || cli_create(run->gtree, path, &a, &o) != STATUS_SUCCESS)
		return;
	cli_query_directory(run->gtree, o.id, "*", collect, &ns);
	cli_close(run->gtree, o.id);
	for (size_t i = 0; i < ns.n; i++) {
		size_t n = strlen(path) + strlen(ns.v[i]) + 2;
		char *child = malloc(n);

		if (child) {
			snprintf(child, n, "%s\\%s", path, ns.v[i]);
			if (ns.dir[i]) {
				rmtree(run, child, depth + 1);
			} else if (cli_unlink(run->gtree, child) != STATUS_SUCCESS) {
				clear_readonly(run->gtree, child);
				st = cli_unlink(run->gtree, child);
				if (st != STATUS_SUCCESS && run->verbose)
					fprintf(run->out, "    (cleanup) %s: %s\n", child,
					        nt_status_name(st));
			}
			free(child);
		}
		free(ns.v[i]);
	}
	free(ns.v);
	free(ns.dir);
	st = cli_rmdir(run->gtree, path);
	if (st != STATUS_SUCCESS) {
		clear_readonly(run->gtree, path);
		st = cli_rmdir(run->gtree, path);
	}
	if (st != STATUS_SUCCESS && run->verbose)
		fprintf(run->out, "    (cleanup) %s: %s\n", path, nt_status_name(st));
}

void torture_group_rmtree(struct torture_run *run, const char *path)
{
	if (run->gtree)
		rmtree(run, path, 0);
}
