/*
 * smbsim-client's two ways of taking commands: a -c string (';'
 * separated) and lines read from stdin behind smbclient's prompt
 * "smb: \dir\> ".  stdin need not be a terminal, so tests pipe commands.
 */
#include <stdlib.h>
#include <string.h>

#include "sim-client/cli/clic.h"

int clic_run_string(struct clic *c, const char *cmds)
{
	char *buf = malloc(CLIA_MAX_LINE);
	char err[CLIA_ERR];
	size_t pos = 0;
	int r, rc = CLIA_EXIT_OK;

	if (!buf) {
		clic_fail(STATUS_NO_MEMORY, "running", NULL);
		return CLIA_EXIT_FAIL;
	}
	while (!c->quit && (r = clia_next_command(cmds, &pos, buf, CLIA_MAX_LINE, err,
	                                          sizeof(err))) != 0) {
		if (r < 0) {
			fprintf(stderr, "%s\n", err);
			rc = CLIA_EXIT_FAIL;
			break;
		}
		if (clic_run_line(c, buf) != STATUS_SUCCESS) {
			rc = CLIA_EXIT_FAIL;
			break;
		}
	}
	free(buf);
	return rc;
}

/* Read one line into buf.  1 with a line, 0 at EOF, -1 for a line longer
 * than the buffer (the rest of it is read and dropped). */
static int read_line(FILE *in, char *buf, size_t len)
{
	size_t n;
	int ch;

	if (!fgets(buf, (int)len, in))
		return 0;
	n = strlen(buf);
	if (n && buf[n - 1] == '\n') {
		buf[n - 1] = '\0';
		return 1;
	}
	if (n + 1 < len || feof(in))
		return 1; /* the last line, without a newline */
	while ((ch = fgetc(in)) != EOF && ch != '\n')
		;
	return -1;
}

int clic_shell(struct clic *c, FILE *in)
{
	char *buf = malloc(CLIA_MAX_LINE);
	char disp[CLIA_MAX_PATH + 2];
	int rc = CLIA_EXIT_OK, r;

	if (!buf) {
		clic_fail(STATUS_NO_MEMORY, "running", NULL);
		return CLIA_EXIT_FAIL;
	}
	while (!c->quit) {
		if (clia_path_display(c->cwd, disp, sizeof(disp)))
			snprintf(disp, sizeof(disp), "\\");
		fprintf(c->out, "smb: %s> ", disp);
		fflush(c->out);
		r = read_line(in, buf, CLIA_MAX_LINE);
		if (r == 0) {
			fprintf(c->out, "\n");
			break;
		}
		if (r < 0) {
			fprintf(stderr, "%s: line longer than %d bytes, ignored\n",
			        nt_status_name(STATUS_INVALID_PARAMETER), CLIA_MAX_LINE - 1);
			rc = CLIA_EXIT_FAIL;
			continue;
		}
		if (clic_run_line(c, buf) != STATUS_SUCCESS)
			rc = CLIA_EXIT_FAIL;
		if (c->conn->dead) {
			fprintf(stderr, "%s: the connection is gone\n", nt_status_name(c->conn->dead_status));
			rc = CLIA_EXIT_FAIL;
			break;
		}
	}
	free(buf);
	return rc;
}
