/*
 * smbsim-client's session state and command runner, shared by main.c,
 * commands.c and shell.c.  Commands print what they did on `out` and a
 * line naming the NTSTATUS and the operation on stderr when they fail.
 */
#ifndef SMBSIM_CLIC_H
#define SMBSIM_CLIC_H

#include <stdio.h>

#include "sim-client/cli/cli_args.h"
#include "sim-client/lib/cli_sync.h"

/* Bytes moved per cli_read/cli_write call of get and put (the library
 * splits each into requests of the negotiated size). */
#define CLIC_IO_CHUNK (4u * 1024 * 1024)

struct clic {
	struct cli_conn *conn;
	struct cli_session *sess;
	struct cli_tree *tree;
	char unc[CLIA_MAX_HOST + CLIA_MAX_SHARE + 4]; /* \\host\share */
	char cwd[CLIA_MAX_PATH];     /* share-relative, '\' separated, "" = root */
	bool quit;
	FILE *out;
};

/* ---- shared by the command files ---------------------------------------- */

/* Print "STATUS_NAME what \path" on stderr; returns st. */
NTSTATUS clic_fail(NTSTATUS st, const char *what, const char *path);
/* arg against the current directory into out (CLIA_MAX_PATH); prints the
 * problem and returns STATUS_OBJECT_PATH_SYNTAX_BAD on failure. */
NTSTATUS clic_resolve(const struct clic *c, const char *arg, char *out);
/* "Sun Mar  3 10:00:00 2024" (local time) from a FILETIME. */
void clic_time(uint64_t filetime, char *out, size_t outlen);
/* smbclient's attribute letters (D, A, H, S, N, R, ...) of attrs. */
void clic_attr_string(uint32_t attrs, char *out, size_t outlen);

typedef NTSTATUS (*clic_cmd_fn)(struct clic *c, unsigned argc, char **argv);
/* cmd_io.c */
NTSTATUS clic_cmd_get(struct clic *c, unsigned argc, char **argv);
NTSTATUS clic_cmd_put(struct clic *c, unsigned argc, char **argv);
NTSTATUS clic_cmd_stat(struct clic *c, unsigned argc, char **argv);

/* Run one command split into words (argc 0 does nothing).  STATUS_SUCCESS,
 * or the failure (already printed). */
NTSTATUS clic_run(struct clic *c, const struct clia_words *w);
/* Run one line of text (split with clia_split). */
NTSTATUS clic_run_line(struct clic *c, const char *line);

/* -c COMMANDS: run each ';'-separated command, stopping at the first that
 * fails or at quit.  The exit code (CLIA_EXIT_*). */
int clic_run_string(struct clic *c, const char *cmds);
/* The prompt "smb: \dir\> " on out, then each line of in until EOF or
 * quit; failures are printed and the loop goes on.  CLIA_EXIT_FAIL when
 * any command failed or the connection is gone, else CLIA_EXIT_OK. */
int clic_shell(struct clic *c, FILE *in);

#endif
