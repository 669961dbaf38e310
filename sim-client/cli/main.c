/*
 * smbsim-client: the reference client's command-line program, following
 * smbclient's conventions (sim-client/cli/USAGE.md).  Parsing is in
 * sim-client/lib/cli_args.c; commands in commands.c and cmd_io.c; the
 * prompt in shell.c.  Exit codes: 0 success, 1 an SMB operation failed
 * (its NTSTATUS printed), 2 bad arguments (usage printed).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include <event2/event.h>
#include <openssl/crypto.h>

#include "sim-client/cli/clic.h"

static void print_usage(FILE *f)
{
	fprintf(f,
	        "usage: smbsim-client //HOST/SHARE [-U [DOMAIN\\]USER[%%PASSWORD]] [-N] [-W DOMAIN]\n"
	        "                     [-m|--max-protocol DIALECT] [--min-protocol DIALECT]\n"
	        "                     [-p PORT] [--sign] [-e|--encrypt [CIPHER]] [-c COMMANDS]\n"
	        "  DIALECT  SMB2_02 SMB2_10 SMB3_00 SMB3_02 SMB3_11 (SMB2 = SMB2_10, SMB3 = SMB3_11)\n"
	        "  CIPHER   AES-128-CCM AES-128-GCM AES-256-CCM AES-256-GCM\n"
	        "  -N       no password (anonymous without -U)\n"
	        "  -c       commands separated by ';', e.g. -c 'mkdir d; put f d\\f; ls d\\'\n"
	        "  Without -c, commands are read from stdin after the prompt 'smb: \\> '.\n"
	        "  Exit status: 0 success, 1 an operation failed (its NTSTATUS is printed),\n"
	        "  2 bad arguments.\n");
}

/* Read a password from the terminal without echo; -1 when there is none. */
static int prompt_password(char *out, size_t len)
{
	struct termios old, quiet;
	FILE *tty = fopen("/dev/tty", "r+");
	int ok;
	size_t n;

	if (!tty)
		return -1;
	fprintf(tty, "Password: ");
	fflush(tty);
	ok = tcgetattr(fileno(tty), &old) == 0;
	if (ok) {
		quiet = old;
		quiet.c_lflag &= ~(tcflag_t)ECHO;
		(void)tcsetattr(fileno(tty), TCSAFLUSH, &quiet);
	}
	if (!fgets(out, (int)len, tty))
		out[0] = '\0';
	if (ok)
		(void)tcsetattr(fileno(tty), TCSAFLUSH, &old);
	fprintf(tty, "\n");
	fclose(tty);
	n = strlen(out);
	if (n && out[n - 1] == '\n')
		out[n - 1] = '\0';
	return 0;
}

/*
 * SMBSIM_CLIENT_KEYLOG=FILE appends the session's keys to FILE once it is
 * set up, one line in smbsim-replay's keys format (pcap-replay/README.md):
 * "0xSESSIONID SESSIONKEY [S2C_KEY C2S_KEY]", so a capture of this run can
 * be decrypted and its signatures checked.  For tests: the keys are secret.
 */
static void keylog(const struct cli_session *s)
{
	const char *path = getenv("SMBSIM_CLIENT_KEYLOG");
	FILE *f;
	size_t i;

	if (!path || !*path || !s->have_keys)
		return;
	f = fopen(path, "a");
	if (!f) {
		fprintf(stderr, "SMBSIM_CLIENT_KEYLOG: cannot open %s\n", path);
		return;
	}
	fprintf(f, "0x%016llx ", (unsigned long long)s->id);
	for (i = 0; i < sizeof(s->session_key); i++)
		fprintf(f, "%02x", s->session_key[i]);
	if (s->keys.cipher_key_len) {
		fputc(' ', f);
		for (i = 0; i < s->keys.cipher_key_len; i++)
			fprintf(f, "%02x", s->keys.s2c[i]);
		fputc(' ', f);
		for (i = 0; i < s->keys.cipher_key_len; i++)
			fprintf(f, "%02x", s->keys.c2s[i]);
	}
	fputc('\n', f);
	if (fclose(f) != 0)
		fprintf(stderr, "SMBSIM_CLIENT_KEYLOG: cannot write %s\n", path);
}

/* The tree, once the session's keys are logged. */
static NTSTATUS connect_tree(struct clic *c)
{
	keylog(c->sess);
	return cli_tree_connect(c->sess, c->unc, &c->tree);
}

static int failed(const char *what, NTSTATUS st)
{
	fprintf(stderr, "%s: %s\n", what, nt_status_name(st));
	return CLIA_EXIT_FAIL;
}

static int run(struct clia_opts *a, struct event_base *base)
{
	struct cli_conn_opts o = { 0 };
	struct clic c = { 0 };
	char addr[CLIA_MAX_HOST + 16];
	const char *user = "", *password = NULL;
	NTSTATUS st;
	int rc;

	o.dialect_min = a->dialect_min;
	o.dialect_max = a->dialect_max;
	o.require_signing = a->sign;
	o.require_encryption = a->encrypt;
	if (a->cipher) {
		o.cipher_count = 1;
		o.ciphers[0] = a->cipher;
	}
	if (strchr(a->host, ':'))
		snprintf(addr, sizeof(addr), "[%s]:%u", a->host, a->port);
	else
		snprintf(addr, sizeof(addr), "%s:%u", a->host, a->port);
	if (a->have_user) {
		user = a->user;
		password = a->password; /* "" with -N */
	}
	st = cli_connect(base, addr, &o, &c.conn);
	if (st != STATUS_SUCCESS)
		return failed("connecting to the server", st);
	c.out = stdout;
	snprintf(c.unc, sizeof(c.unc), "\\\\%s\\%s", a->host, a->share);
	if ((st = cli_negotiate(c.conn, 0, 0)) != STATUS_SUCCESS) {
		rc = failed("negotiate", st);
	} else if (a->encrypt && c.conn->dialect < SMB2_DIALECT_300) {
		/* MS-SMB2 3.2.4.1.8: encryption needs 3.x; refuse to go on in clear. */
		fprintf(stderr, "the server chose %s, which cannot encrypt (--encrypt)\n",
		        clia_dialect_name(c.conn->dialect));
		rc = failed("negotiate", STATUS_NOT_SUPPORTED);
	} else if ((st = cli_login(c.conn, user, a->domain[0] ? a->domain : NULL, password,
	                           &c.sess)) != STATUS_SUCCESS) {
		rc = failed("session setup", st);
	} else if ((st = connect_tree(&c)) != STATUS_SUCCESS) {
		rc = failed("tree connect", st);
	} else {
		rc = a->commands ? clic_run_string(&c, a->commands) : clic_shell(&c, stdin);
		if (!c.conn->dead) {
			st = cli_tree_disconnect(c.tree);
			if (st == STATUS_SUCCESS)
				st = cli_logoff(c.sess);
			if (st != STATUS_SUCCESS && rc == CLIA_EXIT_OK)
				rc = failed("disconnecting", st);
		} else {
			cli_tree_free(c.tree);
		}
	}
	cli_conn_free(c.conn);
	return rc;
}

int main(int argc, char **argv)
{
	struct clia_opts a;
	struct event_base *base;
	char err[CLIA_ERR];
	int rc;

	if (clia_parse(argc, argv, &a, err, sizeof(err))) {
		fprintf(stderr, "smbsim-client: %s\n", err);
		print_usage(stderr);
		return CLIA_EXIT_USAGE;
	}
	if (a.help) {
		print_usage(stdout);
		return CLIA_EXIT_OK;
	}
	if (a.have_user && !a.have_password && !a.no_pass &&
	    prompt_password(a.password, sizeof(a.password))) {
		fprintf(stderr, "smbsim-client: no password given and no terminal to ask on "
		                "(-U USER%%PASSWORD, or -N)\n");
		return CLIA_EXIT_USAGE;
	}
	if (!a.have_user && !a.no_pass) {
		fprintf(stderr, "smbsim-client: no user given (-U USER%%PASSWORD, or -N for "
		                "anonymous)\n");
		print_usage(stderr);
		return CLIA_EXIT_USAGE;
	}
	base = event_base_new();
	if (!base)
		return failed("event_base_new", STATUS_NO_MEMORY);
	rc = run(&a, base);
	event_base_free(base);
	OPENSSL_cleanse(a.password, sizeof(a.password));
	return rc;
}
