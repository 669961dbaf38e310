/*
 * The reference server's configuration: an ini file and command-line
 * flags turned into one struct srv_config that the rest of the server
 * reads (and never writes).
 *
 * File syntax (config_ini.c; strict: anything else is refused with
 * "FILE:LINE: message" naming the key and the problem):
 *   - lines end in LF (a CR before it is dropped); at most
 *     SRV_CFG_MAX_LINE bytes a line and SRV_CFG_MAX_FILE bytes a file;
 *     UTF-8 only, no NUL;
 *   - spaces and tabs around section names, keys and values are ignored;
 *     blank lines are ignored; a comment is a whole line whose first
 *     non-blank character is ';' or '#' (there are no trailing comments:
 *     values such as paths may hold those characters);
 *   - "[section]" opens a section; "key = value" sets a key of the open
 *     section; a value may be wrapped in double quotes (to keep outer
 *     blanks), without escapes and without quotes inside;
 *   - keys are case-insensitive and '_' equals ' ' ("read_only" is
 *     "read only"); a key appears once per section, except `listen`;
 *     a section appears once.
 *
 * Sections:
 *   [global]        server-wide settings (struct srv_config's fields);
 *   [user:NAME]     an account: `password = ...` or `nt hash = 32 hex`
 *                   (exactly one); only the NT hash is kept;
 *   [NAME]          any other section is a disk share named NAME (as in
 *                   smb.conf); IPC$ exists implicitly and may not be
 *                   configured; share names compare case-insensitively.
 *
 * Values: booleans yes/no/true/false/1/0 (any case); integers in decimal
 * with a range per key; sizes in bytes with an optional K, M or G suffix
 * (binary); durations in seconds, or with a unit ms, s, m or h ("250ms").
 *
 * Command line (config_args.c), applied after the file in their order:
 *   --config FILE                 the ini file (at most once)
 *   --listen ADDR[:PORT]          replaces the file's listen list; repeatable
 *   --share NAME=PATH             adds a share, or sets an existing one's path
 *   --user NAME:PASSWORD          adds a user or replaces its password
 *   --control PATH, --state-dir DIR
 *   --option SECTION.KEY=VALUE    any key, as if written in that section
 *                                 (which is created if new)
 *   --help
 * The PASSWORD of each --user argument is overwritten with NULs in argv,
 * so it stays neither in memory nor in /proc/PID/cmdline.
 *
 * Passwords are never stored: the loader keeps the NT hash (MS-NLMP 3.3.1
 * NTOWFv1) and wipes every buffer that held a password (the file text,
 * the line, the argument) before it returns.
 */
#ifndef SMBSIM_SERVER_CONFIG_H
#define SMBSIM_SERVER_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/socket.h>

#include "auth/ntlmssp_server.h"
#include "wire/limits.h"

/* ---- limits -------------------------------------------------------- */
#define SRV_CFG_MAX_LINE 1024u             /* bytes in one line, without LF */
#define SRV_CFG_MAX_FILE (1024u * 1024)    /* bytes in one config file */
#define SRV_CFG_MAX_LISTEN 32              /* listen addresses */
#define SRV_CFG_MAX_SHARES 256             /* configured shares (IPC$ aside) */
#define SRV_CFG_MAX_USERS 256              /* configured users */
#define SRV_CFG_MAX_VALID_USERS 64         /* names in one `valid users` */
/* MS-SRVS 2.2.4.24 (shi1_netname): Windows limits share names to 80
 * characters (NNLEN) and comments to 256 (MAXCOMMENTSZ); user names to
 * 256 (UNLEN).  We count UTF-8 bytes, which is no looser. */
#define SRV_CFG_MAX_SHARE_NAME 80u
#define SRV_CFG_MAX_COMMENT 256u
#define SRV_CFG_MAX_USER_NAME 256u
/* NetBIOS names are 15 characters plus a suffix byte (RFC 1001 14). */
#define SRV_CFG_MAX_NETBIOS 15u
/* sockaddr_un.sun_path holds 108 bytes with the NUL on Linux. */
#define SRV_CFG_MAX_SOCKET_PATH 107u
#define SRV_CFG_MAX_PATH 4095u             /* PATH_MAX without the NUL */
/* Credits: at least what one SMB2_MAX_IO_SIZE read charges (MS-SMB2
 * 3.1.5.2: one credit per 64 KiB), at most what CreditResponse (u16) can
 * hold in one grant. */
#define SRV_CFG_MIN_CREDITS (SMB2_MAX_IO_SIZE / 65536u)
#define SRV_CFG_MAX_CREDITS 65535u
/* Read, write and transact sizes: MS-SMB2 3.3.5.4 wants at least 64 KiB
 * for 2.1 and later; at most lib/wire's SMB2_MAX_IO_SIZE. */
#define SRV_CFG_MIN_IO_SIZE 65536u
#define SRV_CFG_MAX_CONNECTIONS 65536u
/* The longest protocol timeout accepted: one day, in milliseconds. */
#define SRV_CFG_MAX_TIMEOUT_MS (24u * 3600 * 1000)
/* Session expiry: 0 (never) or up to 30 days, in milliseconds. */
#define SRV_CFG_MAX_EXPIRY_MS (30ull * 24 * 3600 * 1000)

/* ---- defaults ------------------------------------------------------- */
#define SRV_CFG_DEFAULT_PORT 445
#define SRV_CFG_DEFAULT_NETBIOS "SMBSIM"
#define SRV_CFG_DEFAULT_WORKGROUP "WORKGROUP"
#define SRV_CFG_DEFAULT_GUEST "guest"
#define SRV_CFG_DEFAULT_IO_SIZE SMB2_MAX_IO_SIZE  /* 8 MiB */
/* MS-SMB2 3.3.1.2 leaves the credit limit to the implementation; Windows
 * Server grants at most 8192 by default (512 on the oldest releases). */
#define SRV_CFG_DEFAULT_CREDITS 8192u
#define SRV_CFG_DEFAULT_CONNECTIONS 1024u
/* MS-SMB2 3.3.5.9.10: a durable v2 request with Timeout 0 gets 60 s (and
 * Windows keeps durable v1 opens as long); 3.3.2.1 the oplock and lease
 * break acknowledgment timer: Windows uses 35 s. */
#define SRV_CFG_DEFAULT_DURABLE_MS 60000u
#define SRV_CFG_DEFAULT_LEASE_BREAK_MS 35000u

/* ---- the model ------------------------------------------------------ */

enum srv_signing { SRV_SIGNING_DISABLED, SRV_SIGNING_ENABLED, SRV_SIGNING_REQUIRED };
enum srv_encryption { SRV_ENCRYPT_OFF, SRV_ENCRYPT_DESIRED, SRV_ENCRYPT_REQUIRED };
enum srv_map_to_guest { SRV_GUEST_NEVER, SRV_GUEST_BAD_USER };

/* Where a setting came from, for messages: file and line, or a flag
 * (line 0, file names the flag). */
struct srv_cfg_origin {
	const char *file; /* owned by the srv_config */
	unsigned line;
};

struct srv_listen {
	struct sockaddr_storage addr;
	socklen_t addr_len;
	char text[64]; /* as given, e.g. "127.0.0.10:445" or "[::1]:445" */
};

struct srv_user {
	char *name;              /* UTF-8 */
	uint8_t nt_hash[16];
	bool has_hash;
	struct srv_cfg_origin origin;
};

struct srv_share {
	char *name;              /* UTF-8, as configured */
	char *path;              /* absolute, symlinks resolved at load */
	char *comment;           /* "" when none */
	bool read_only;
	bool encrypt;            /* SMB2_SHAREFLAG_ENCRYPT_DATA */
	bool continuous_availability, cluster, scale_out, asymmetric;
	unsigned max_connections;   /* 0: no limit */
	char **valid_users;      /* NULL: everyone who can log on */
	size_t n_valid_users;
	struct srv_cfg_origin origin, valid_users_origin;
	bool from_flag;          /* added by --share (a second one is a duplicate) */
};

struct srv_config {
	/* [global] */
	struct srv_listen listen[SRV_CFG_MAX_LISTEN];
	size_t n_listen;                     /* 0: 0.0.0.0:445 is the server's choice */
	char netbios_name[SRV_CFG_MAX_NETBIOS + 1];  /* upper case */
	char workgroup[SRV_CFG_MAX_NETBIOS + 1];     /* upper case */
	uint16_t min_dialect, max_dialect;   /* SMB2_DIALECT_202..311 */
	enum srv_signing signing;
	enum srv_encryption encryption;
	uint16_t ciphers[4];                 /* SMB2_CIPHER_*, preferred first */
	size_t n_ciphers;
	uint16_t sign_algs[3];               /* SMB2_SIGNING_*, preferred first */
	size_t n_sign_algs;
	uint32_t max_read, max_write, max_transact;
	uint32_t max_credits;
	uint32_t max_connections;
	char guest_account[SRV_CFG_MAX_USER_NAME + 1];
	enum srv_map_to_guest map_to_guest;
	bool allow_anonymous;
	uint64_t session_expiry_ms;          /* 0: never */
	uint32_t durable_timeout_ms;
	uint32_t lease_break_timeout_ms;
	char *state_dir;                     /* NULL: none (no persistent state) */
	char *control_socket;                /* NULL: no control socket */
	struct srv_cfg_origin dialect_origin, encryption_origin;

	struct srv_share *shares;            /* n_shares of them */
	size_t n_shares;
	struct srv_user *users;
	size_t n_users;

	/* Bookkeeping: origins' file names, freed with the config. */
	char **files;
	size_t n_files;
};

/* ---- API ------------------------------------------------------------ */

enum srv_config_result {
	SRV_CONFIG_OK,
	SRV_CONFIG_HELP,  /* --help: print srv_config_usage() and exit 0 */
	SRV_CONFIG_ERROR, /* errbuf says what and where */
};

/* A configuration holding the defaults; NULL when out of memory. */
struct srv_config *srv_config_new(void);
/* Frees everything (NULL is fine); the NT hashes are wiped. */
void srv_config_free(struct srv_config *cfg);

/*
 * The whole command line (argv[0] is the program): reads --config, applies
 * the flags, checks the result.  On SRV_CONFIG_OK *out is a new config
 * (srv_config_free it); otherwise *out is untouched and, for
 * SRV_CONFIG_ERROR, errbuf holds one line naming the problem.
 */
enum srv_config_result srv_config_from_args(int argc, char **argv, struct srv_config **out,
                                            char *errbuf, size_t errlen);

/* The --help text. */
void srv_config_usage(FILE *f, const char *prog);

/*
 * The steps from_args is made of, for tests and for a server that builds
 * its configuration otherwise.  Each returns false and fills errbuf on
 * failure; what a failed load set before the bad line stays set (callers
 * throw the config away).
 */
bool srv_config_load_file(struct srv_config *cfg, const char *path, char *errbuf,
                          size_t errlen);
/* text[0..len) as if read from a file called `name`. */
bool srv_config_load_string(struct srv_config *cfg, const char *name, const char *text,
                            size_t len, char *errbuf, size_t errlen);
/* One setting, as --option does: origin names it in messages. */
bool srv_config_set(struct srv_config *cfg, const char *section, const char *key,
                    const char *value, const char *origin, char *errbuf, size_t errlen);
/* The checks across settings (dialect range, shares without a path, users
 * without a password, valid users naming unknown accounts, features the
 * dialect range cannot carry).  from_args calls it last.  (Credits need
 * no check against the I/O sizes: SRV_CFG_MIN_CREDITS covers the largest.) */
bool srv_config_check(const struct srv_config *cfg, char *errbuf, size_t errlen);

/* ---- lookups the server makes -------------------------------------- */

/* The share called name_utf8 (case-insensitive); NULL if none.  IPC$ is
 * not in the list: the server handles it. */
const struct srv_share *srv_config_find_share(const struct srv_config *cfg,
                                              const char *name_utf8);
/* The user called `user` (case-insensitive).  The server is standalone:
 * every domain names its local accounts, so domain (may be NULL) does not
 * take part.  NULL if none. */
const struct srv_user *srv_config_find_user(const struct srv_config *cfg, const char *user,
                                            const char *domain);
/* Whether the user may connect to the share (its `valid users`). */
bool srv_share_user_allowed(const struct srv_share *share, const char *user);

/* MS-SMB2 2.2.10: the TREE_CONNECT response's Capabilities for the share
 * on a connection of `dialect`: CONTINUOUS_AVAILABILITY, SCALEOUT and
 * CLUSTER from 3.0 on, ASYMMETRIC from 3.0.2 on (none before 3.0). */
uint32_t srv_share_capabilities(const struct srv_share *share, uint16_t dialect);
/* Its ShareFlags: manual caching, and ENCRYPT_DATA when the share
 * requires encryption and the dialect has it (3.0 on; MS-SMB2 3.3.5.7). */
uint32_t srv_share_flags(const struct srv_share *share, uint16_t dialect);

/* An ntlmssp_lookup_fn over a struct srv_config (arg). */
NTSTATUS srv_config_ntlm_lookup(void *arg, const char *user, const char *domain,
                                uint8_t nt_hash[16]);
/* Fill the NTLMSSP server configuration from cfg: names, the lookup above,
 * guest (map to guest = bad user) and anonymous.  cfg must outlive it. */
void srv_config_ntlmssp(const struct srv_config *cfg, struct ntlmssp_server_cfg *out);

/* Names for printing: "SMB3_11", "required", "AES-128-GCM", ... */
const char *srv_dialect_name(uint16_t dialect);
const char *srv_cipher_name(uint16_t cipher);
const char *srv_sign_alg_name(uint16_t alg);

#endif
