/*
 * smbsim-client: the pure parsing half of the CLI (code in
 * sim-client/lib/cli_args.c and cli_path.c so unit tests can link it):
 * the command line (smbclient's conventions), the service name, dialect
 * and cipher names, the splitting of a -c string or an input line into
 * commands and words, and share paths relative to a current directory.
 *
 * Nothing here touches the network, the terminal or global state; every
 * function writes its output only on success and names the problem in a
 * caller-supplied message buffer on failure.
 */
#ifndef SMBSIM_CLI_ARGS_H
#define SMBSIM_CLI_ARGS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* ---- limits ------------------------------------------------------------ */

#define CLIA_MAX_HOST 256        /* bytes of a host name, NUL included */
#define CLIA_MAX_SHARE 81        /* MS-SRVS: share names are at most 80 characters */
#define CLIA_MAX_USER 257        /* user, domain and password, NUL included */
#define CLIA_MAX_LINE 4096       /* one command line or -c string */
#define CLIA_MAX_WORDS 16        /* words of one command */
#define CLIA_MAX_PATH 1024       /* a share-relative path, NUL included */
#define CLIA_DEFAULT_PORT 445
#define CLIA_ERR 160             /* size for the message buffers below */

/* Exit codes of smbsim-client. */
#define CLIA_EXIT_OK 0
#define CLIA_EXIT_FAIL 1         /* an SMB operation failed (NTSTATUS printed) */
#define CLIA_EXIT_USAGE 2        /* bad arguments (usage printed) */

struct clia_opts {
	char host[CLIA_MAX_HOST];
	char share[CLIA_MAX_SHARE];
	char user[CLIA_MAX_USER];
	char domain[CLIA_MAX_USER];
	char password[CLIA_MAX_USER];
	bool have_user;              /* -U given */
	bool have_password;          /* -U USER%PASSWORD */
	bool no_pass;                /* -N: anonymous when no user, else empty password */
	uint16_t dialect_min;        /* SMB2_DIALECT_*; 0: 2.0.2 */
	uint16_t dialect_max;        /* 0: 3.1.1 */
	uint16_t port;
	bool sign;                   /* --sign: require signing */
	bool encrypt;                /* --encrypt [CIPHER] */
	uint16_t cipher;             /* SMB2_CIPHER_*; 0: any */
	const char *commands;        /* -c: points into argv */
	bool help;                   /* --help / -h: print usage, exit 0 */
};

/*
 * The command line: argv[1..argc) of
 *   //HOST/SHARE | \\HOST\SHARE  [-U [DOMAIN\]USER[%PASSWORD]] [-N] [-W DOMAIN]
 *   [-m|--max-protocol DIALECT] [--min-protocol DIALECT] [-p PORT] [--sign]
 *   [-e|--encrypt [CIPHER]] [-c COMMANDS] [-h|--help]
 * Option values may be attached (-mSMB3_11, --max-protocol=SMB3_11).  0 on
 * success; -1 with a message in err (CLIA_ERR bytes) otherwise.  With
 * --help the service may be missing.
 */
int clia_parse(int argc, char *const *argv, struct clia_opts *out, char *err, size_t errlen);

/* "//HOST/SHARE" or "\\HOST\SHARE" (separators may be mixed; one trailing
 * separator allowed).  0, or -1 with a message. */
int clia_parse_unc(const char *s, char *host, size_t hostlen, char *share, size_t sharelen,
                   char *err, size_t errlen);

/* SMB2_02, SMB2_10, SMB3_00, SMB3_02, SMB3_11, also SMB2 (2.1), SMB3
 * (3.1.1), case-insensitive.  0 and *out, or -1. */
int clia_parse_dialect(const char *s, uint16_t *out);
/* AES-128-CCM, AES-128-GCM, AES-256-CCM, AES-256-GCM (case-insensitive). */
int clia_parse_cipher(const char *s, uint16_t *out);
/* Name of a dialect for messages ("SMB3_11"), "unknown" otherwise. */
const char *clia_dialect_name(uint16_t d);

/* ---- commands ---------------------------------------------------------- */

/*
 * The next command of a -c string: commands are separated by ';' outside
 * double quotes.  *pos is advanced past the separator; the command's text
 * (without the ';', maybe empty or blank) is copied to buf.  Returns 1 with
 * a command, 0 at the end of s, -1 with a message (too long for buflen, an
 * unterminated quote).
 */
int clia_next_command(const char *s, size_t *pos, char *buf, size_t buflen, char *err,
                      size_t errlen);

/* One command split into words: blanks separate words, double quotes group
 * ("a b" is one word), a backslash is an ordinary character (share paths
 * use it).  argc 0 for a blank line. */
struct clia_words {
	unsigned argc;
	char *argv[CLIA_MAX_WORDS];
	char buf[CLIA_MAX_LINE];
};
/* 0, or -1 with a message (unterminated quote, too many words, too long,
 * a NUL or control character). */
int clia_split(const char *line, struct clia_words *out, char *err, size_t errlen);

/* ---- share paths (cli_path.c) ----------------------------------------- */

/*
 * Paths are kept relative to the share root with '\' separators and no
 * leading separator ("" is the root, "a\b" a subdirectory): what CREATE
 * takes.  clia_path_resolve joins arg ('/' or '\' separated; absolute when
 * it starts with one) to cwd, drops "." components, applies "..", and
 * collapses repeated separators.  -1 with a message when ".." climbs above
 * the root or the result does not fit outlen.
 */
int clia_path_resolve(const char *cwd, const char *arg, char *out, size_t outlen, char *err,
                      size_t errlen);
/* Split a resolved path at its last separator: dir "" for the root.  The
 * base is what follows (maybe empty).  0, or -1 when dir does not fit. */
int clia_path_split(const char *path, char *dir, size_t dirlen, const char **base);
/* The display form "\a\b\" ("\" for the root) into out; -1 when too long. */
int clia_path_display(const char *path, char *out, size_t outlen);

#endif
