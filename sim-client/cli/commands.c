/*
 * smbsim-client commands (smbclient's names and output shapes): ls/dir,
 * cd, pwd, rm/del, mkdir/md, rmdir/rd, rename/mv, echo, help, quit/exit,
 * and the dispatch table; get, put and stat/allinfo are in cmd_io.c.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "sim-client/cli/clic.h"

NTSTATUS clic_fail(NTSTATUS st, const char *what, const char *path)
{
	fprintf(stderr, "%s %s%s%s\n", nt_status_name(st), what, path ? " \\" : "",
	        path ? path : "");
	return st;
}

NTSTATUS clic_resolve(const struct clic *c, const char *arg, char *out)
{
	char err[CLIA_ERR];

	if (clia_path_resolve(c->cwd, arg, out, CLIA_MAX_PATH, err, sizeof(err))) {
		fprintf(stderr, "%s: %s\n", nt_status_name(STATUS_OBJECT_PATH_SYNTAX_BAD), err);
		return STATUS_OBJECT_PATH_SYNTAX_BAD;
	}
	return STATUS_SUCCESS;
}

/* Seconds between 1601-01-01 and 1970-01-01 (MS-DTYP 2.3.3 FILETIME). */
#define FILETIME_UNIX_DIFF 11644473600ull
#define FILETIME_PER_SEC 10000000ull

void clic_time(uint64_t ft, char *out, size_t outlen)
{
	uint64_t secs = ft / FILETIME_PER_SEC;
	time_t t = secs > FILETIME_UNIX_DIFF ? (time_t)(secs - FILETIME_UNIX_DIFF) : 0;
	struct tm tm;

	if (!localtime_r(&t, &tm) || !strftime(out, outlen, "%a %b %e %H:%M:%S %Y", &tm))
		snprintf(out, outlen, "%llu", (unsigned long long)ft);
}

void clic_attr_string(uint32_t a, char *out, size_t outlen)
{
	static const struct {
		char ch;
		uint32_t bit;
	} letters[] = {
		{ 'D', SMB2_FILE_ATTRIBUTE_DIRECTORY }, { 'A', SMB2_FILE_ATTRIBUTE_ARCHIVE },
		{ 'H', SMB2_FILE_ATTRIBUTE_HIDDEN },    { 'S', SMB2_FILE_ATTRIBUTE_SYSTEM },
		{ 'N', SMB2_FILE_ATTRIBUTE_NORMAL },    { 'R', SMB2_FILE_ATTRIBUTE_READONLY },
		{ 't', SMB2_FILE_ATTRIBUTE_TEMPORARY }, { 's', SMB2_FILE_ATTRIBUTE_SPARSE_FILE },
		{ 'r', SMB2_FILE_ATTRIBUTE_REPARSE_POINT }, { 'c', SMB2_FILE_ATTRIBUTE_COMPRESSED },
		{ 'o', SMB2_FILE_ATTRIBUTE_OFFLINE },   { 'e', SMB2_FILE_ATTRIBUTE_ENCRYPTED },
	};
	size_t n = 0;

	if (!outlen)
		return;
	for (size_t i = 0; i < sizeof(letters) / sizeof(letters[0]); i++)
		if ((a & letters[i].bit) && n + 1 < outlen)
			out[n++] = letters[i].ch;
	out[n] = '\0';
}

static NTSTATUS usage(const char *u)
{
	fprintf(stderr, "usage: %s\n", u);
	return STATUS_INVALID_PARAMETER;
}

static bool has_wildcard(const char *s)
{
	return strpbrk(s, "*?<>\"") != NULL;
}

static NTSTATUS open_dir(struct clic *c, const char *path, struct cli_open *o)
{
	struct cli_create_args a = { 0 };

	a.desired_access = SMB2_FILE_LIST_DIRECTORY | SMB2_FILE_READ_ATTRIBUTES | SMB2_SYNCHRONIZE;
	a.share_access = SMB2_FILE_SHARE_READ | SMB2_FILE_SHARE_WRITE | SMB2_FILE_SHARE_DELETE;
	a.disposition = SMB2_FILE_OPEN;
	a.options = SMB2_FILE_DIRECTORY_FILE;
	return cli_create(c->tree, path, &a, o);
}

/* True when the last component of arg is empty, "." or "..": it names a
 * directory to list whole, not a pattern. */
static bool names_directory(const char *arg)
{
	const char *last = arg;

	for (const char *p = arg; *p; p++)
		if (*p == '/' || *p == '\\')
			last = p + 1;
	return !*last || !strcmp(last, ".") || !strcmp(last, "..");
}

/* ---- ls ------------------------------------------------------------------ */

static int ls_entry(void *arg, const struct smb2_dirent *e, const char *name)
{
	struct clic *c = arg;
	char attrs[16], when[64];

	clic_attr_string(e->file_attributes, attrs, sizeof(attrs));
	clic_time(e->last_write_time, when, sizeof(when));
	fprintf(c->out, "  %-30s %6s %10llu  %s\n", name, attrs,
	        (e->file_attributes & SMB2_FILE_ATTRIBUTE_DIRECTORY)
	                ? 0ull
	                : (unsigned long long)e->end_of_file,
	        when);
	return 0;
}

static NTSTATUS cmd_ls(struct clic *c, unsigned argc, char **argv)
{
	char path[CLIA_MAX_PATH], dir[CLIA_MAX_PATH];
	const char *arg = argc > 1 ? argv[1] : "", *pat;
	struct cli_open o;
	NTSTATUS st, cst;

	if (argc > 2)
		return usage("ls [PATTERN]");
	if ((st = clic_resolve(c, arg, path)) != STATUS_SUCCESS)
		return st;
	/* "ls", "ls dir\", "ls ..": everything in that directory. */
	if (names_directory(arg)) {
		snprintf(dir, sizeof(dir), "%s", path);
		pat = "*";
	} else {
		if (clia_path_split(path, dir, sizeof(dir), &pat))
			return clic_fail(STATUS_OBJECT_PATH_SYNTAX_BAD, "listing", path);
	}
	if ((st = open_dir(c, dir, &o)) != STATUS_SUCCESS)
		return clic_fail(st, "opening directory", dir);
	st = cli_query_directory(c->tree, o.id, pat, ls_entry, c);
	cst = cli_close(c->tree, o.id);
	if (st == STATUS_NO_SUCH_FILE)
		return clic_fail(st, "listing", path);
	if (st != STATUS_SUCCESS)
		return clic_fail(st, "listing", path);
	if (cst != STATUS_SUCCESS)
		return clic_fail(cst, "closing directory", dir);
	fprintf(c->out, "\n");
	return STATUS_SUCCESS;
}

/* ---- cd, pwd ------------------------------------------------------------- */

static NTSTATUS cmd_pwd(struct clic *c, unsigned argc, char **argv)
{
	char disp[CLIA_MAX_PATH + 2];

	(void)argc;
	(void)argv;
	if (clia_path_display(c->cwd, disp, sizeof(disp)))
		return clic_fail(STATUS_OBJECT_PATH_SYNTAX_BAD, "showing", c->cwd);
	fprintf(c->out, "Current directory is %s%s\n", c->unc, disp);
	return STATUS_SUCCESS;
}

static NTSTATUS cmd_cd(struct clic *c, unsigned argc, char **argv)
{
	char path[CLIA_MAX_PATH];
	struct cli_open o;
	NTSTATUS st;

	if (argc > 2)
		return usage("cd [DIRECTORY]");
	if (argc == 1)
		return cmd_pwd(c, argc, argv);
	if ((st = clic_resolve(c, argv[1], path)) != STATUS_SUCCESS)
		return st;
	if ((st = open_dir(c, path, &o)) != STATUS_SUCCESS)
		return clic_fail(st, "cd", path);
	st = cli_close(c->tree, o.id);
	if (st != STATUS_SUCCESS)
		return clic_fail(st, "closing directory", path);
	memcpy(c->cwd, path, strlen(path) + 1);
	return STATUS_SUCCESS;
}

/* ---- rm, mkdir, rmdir, rename ------------------------------------------------ */

struct rm_state {
	struct clic *c;
	const char *dir;
	unsigned deleted;
	NTSTATUS st;
};

static int rm_entry(void *arg, const struct smb2_dirent *e, const char *name)
{
	struct rm_state *r = arg;
	char path[CLIA_MAX_PATH];
	NTSTATUS st;
	int n;

	if (e->file_attributes & SMB2_FILE_ATTRIBUTE_DIRECTORY)
		return 0;
	n = r->dir[0] ? snprintf(path, sizeof(path), "%s\\%s", r->dir, name)
	              : snprintf(path, sizeof(path), "%s", name);
	if (n < 0 || (size_t)n >= sizeof(path)) {
		r->st = clic_fail(STATUS_OBJECT_PATH_SYNTAX_BAD, "deleting", name);
		return 1;
	}
	st = cli_unlink(r->c->tree, path);
	if (st != STATUS_SUCCESS) {
		r->st = clic_fail(st, "deleting", path);
		return 1;
	}
	r->deleted++;
	return 0;
}

static NTSTATUS cmd_rm(struct clic *c, unsigned argc, char **argv)
{
	char path[CLIA_MAX_PATH], dir[CLIA_MAX_PATH];
	const char *pat;
	struct rm_state r = { c, dir, 0, STATUS_SUCCESS };
	struct cli_open o;
	NTSTATUS st;

	if (argc != 2)
		return usage("rm NAME|MASK");
	if ((st = clic_resolve(c, argv[1], path)) != STATUS_SUCCESS)
		return st;
	if (!has_wildcard(path)) {
		st = cli_unlink(c->tree, path);
		return st == STATUS_SUCCESS ? st : clic_fail(st, "deleting", path);
	}
	/* A mask: every file (not directory) it matches, as smbclient does.
	 * The listing completes before anything is deleted from it. */
	if (clia_path_split(path, dir, sizeof(dir), &pat))
		return clic_fail(STATUS_OBJECT_PATH_SYNTAX_BAD, "deleting", path);
	if ((st = open_dir(c, dir, &o)) != STATUS_SUCCESS)
		return clic_fail(st, "opening directory", dir);
	st = cli_query_directory(c->tree, o.id, pat, rm_entry, &r);
	(void)cli_close(c->tree, o.id);
	if (r.st != STATUS_SUCCESS)
		return r.st;
	if (st != STATUS_SUCCESS)
		return clic_fail(st, "listing", path);
	if (!r.deleted)
		return clic_fail(STATUS_NO_SUCH_FILE, "deleting", path);
	return STATUS_SUCCESS;
}

static NTSTATUS cmd_mkdir(struct clic *c, unsigned argc, char **argv)
{
	char path[CLIA_MAX_PATH];
	NTSTATUS st;

	if (argc != 2)
		return usage("mkdir DIRECTORY");
	if ((st = clic_resolve(c, argv[1], path)) != STATUS_SUCCESS)
		return st;
	st = cli_mkdir(c->tree, path);
	return st == STATUS_SUCCESS ? st : clic_fail(st, "making", path);
}

static NTSTATUS cmd_rmdir(struct clic *c, unsigned argc, char **argv)
{
	char path[CLIA_MAX_PATH];
	NTSTATUS st;

	if (argc != 2)
		return usage("rmdir DIRECTORY");
	if ((st = clic_resolve(c, argv[1], path)) != STATUS_SUCCESS)
		return st;
	if (!path[0])
		return clic_fail(STATUS_ACCESS_DENIED, "removing the share root", NULL);
	st = cli_rmdir(c->tree, path);
	return st == STATUS_SUCCESS ? st : clic_fail(st, "removing", path);
}

static NTSTATUS cmd_rename(struct clic *c, unsigned argc, char **argv)
{
	char from[CLIA_MAX_PATH], to[CLIA_MAX_PATH];
	struct cli_create_args a = { 0 };
	struct cli_open o;
	NTSTATUS st, cst;

	if (argc != 3)
		return usage("rename OLD NEW");
	if ((st = clic_resolve(c, argv[1], from)) != STATUS_SUCCESS ||
	    (st = clic_resolve(c, argv[2], to)) != STATUS_SUCCESS)
		return st;
	a.desired_access = SMB2_DELETE | SMB2_FILE_READ_ATTRIBUTES | SMB2_SYNCHRONIZE;
	a.share_access = SMB2_FILE_SHARE_READ | SMB2_FILE_SHARE_WRITE | SMB2_FILE_SHARE_DELETE;
	a.disposition = SMB2_FILE_OPEN;
	if ((st = cli_create(c->tree, from, &a, &o)) != STATUS_SUCCESS)
		return clic_fail(st, "opening", from);
	st = cli_rename(c->tree, o.id, to, false);
	cst = cli_close(c->tree, o.id);
	if (st != STATUS_SUCCESS)
		return clic_fail(st, "renaming", from);
	return cst == STATUS_SUCCESS ? cst : clic_fail(cst, "closing", to);
}

/* ---- echo, help, quit ---------------------------------------------------- */

/* Most SMB2 ECHO requests one echo command sends. */
#define CLIC_MAX_ECHOES 1000

static NTSTATUS cmd_echo(struct clic *c, unsigned argc, char **argv)
{
	unsigned long n = 1;
	char *end;

	if (argc > 2)
		return usage("echo [COUNT]");
	if (argc == 2) {
		n = strtoul(argv[1], &end, 10);
		if (*end || argv[1][0] < '0' || argv[1][0] > '9' || n == 0 || n > CLIC_MAX_ECHOES)
			return usage("echo [COUNT]   (COUNT 1..1000)");
	}
	for (unsigned long i = 0; i < n; i++) {
		NTSTATUS st = cli_echo(c->conn);
		if (st != STATUS_SUCCESS)
			return clic_fail(st, "echo", NULL);
	}
	fprintf(c->out, "echo: %lu answered\n", n);
	return STATUS_SUCCESS;
}

static NTSTATUS cmd_quit(struct clic *c, unsigned argc, char **argv)
{
	(void)argc;
	(void)argv;
	c->quit = true;
	return STATUS_SUCCESS;
}

static NTSTATUS cmd_help(struct clic *c, unsigned argc, char **argv);

static const struct {
	const char *name;
	clic_cmd_fn fn;
	const char *help;
} commands[] = {
	{ "ls", cmd_ls, "ls [PATTERN]          list a directory (PATTERN may hold * and ?)" },
	{ "dir", cmd_ls, "dir [PATTERN]         same as ls" },
	{ "cd", cmd_cd, "cd [DIRECTORY]        change (or show) the current directory" },
	{ "pwd", cmd_pwd, "pwd                   show the current directory" },
	{ "get", clic_cmd_get, "get REMOTE [LOCAL]    copy a file from the share" },
	{ "put", clic_cmd_put, "put LOCAL [REMOTE]    copy a file to the share" },
	{ "rm", cmd_rm, "rm NAME|MASK          delete files" },
	{ "del", cmd_rm, "del NAME|MASK         same as rm" },
	{ "mkdir", cmd_mkdir, "mkdir DIRECTORY       make a directory" },
	{ "md", cmd_mkdir, "md DIRECTORY          same as mkdir" },
	{ "rmdir", cmd_rmdir, "rmdir DIRECTORY       remove an empty directory" },
	{ "rd", cmd_rmdir, "rd DIRECTORY          same as rmdir" },
	{ "rename", cmd_rename, "rename OLD NEW        rename a file or directory" },
	{ "mv", cmd_rename, "mv OLD NEW            same as rename" },
	{ "stat", clic_cmd_stat, "stat NAME             times, size, attributes, file id" },
	{ "allinfo", clic_cmd_stat, "allinfo NAME          same as stat" },
	{ "echo", cmd_echo, "echo [COUNT]          send SMB2 ECHO requests" },
	{ "help", cmd_help, "help [COMMAND]        this list" },
	{ "?", cmd_help, "? [COMMAND]           same as help" },
	{ "quit", cmd_quit, "quit                  leave" },
	{ "exit", cmd_quit, "exit                  same as quit" },
	{ "q", cmd_quit, "q                     same as quit" },
};
#define N_COMMANDS (sizeof(commands) / sizeof(commands[0]))

static NTSTATUS cmd_help(struct clic *c, unsigned argc, char **argv)
{
	for (size_t i = 0; i < N_COMMANDS; i++)
		if (argc < 2 || !strcmp(argv[1], commands[i].name))
			fprintf(c->out, "%s\n", commands[i].help);
	return STATUS_SUCCESS;
}

NTSTATUS clic_run(struct clic *c, const struct clia_words *w)
{
	if (!w->argc)
		return STATUS_SUCCESS;
	for (size_t i = 0; i < N_COMMANDS; i++)
		if (!strcmp(w->argv[0], commands[i].name))
			return commands[i].fn(c, w->argc, (char **)w->argv);
	fprintf(stderr, "%s: unknown command (help lists them)\n", w->argv[0]);
	return STATUS_INVALID_PARAMETER;
}

NTSTATUS clic_run_line(struct clic *c, const char *line)
{
	struct clia_words *w = malloc(sizeof(*w));
	char err[CLIA_ERR];
	NTSTATUS st;

	if (!w)
		return clic_fail(STATUS_NO_MEMORY, "running", NULL);
	if (clia_split(line, w, err, sizeof(err))) {
		fprintf(stderr, "%s\n", err);
		st = STATUS_INVALID_PARAMETER;
	} else {
		st = clic_run(c, w);
	}
	free(w);
	return st;
}
