/*
 * Inside the configuration loader: the parse state shared by the ini
 * reader (config_ini.c), the key tables (config_keys.c), the model
 * (config.c) and the command line (config_args.c).  Not for the server.
 */
#ifndef SMBSIM_SERVER_CONFIG_INT_H
#define SMBSIM_SERVER_CONFIG_INT_H

#include "sim-server/config.h"

/* Keys in the largest section's table (duplicate detection). */
#define CFG_MAX_KEYS 32

enum cfg_section_kind { CFG_SEC_NONE, CFG_SEC_GLOBAL, CFG_SEC_USER, CFG_SEC_SHARE };

struct cfg_parse {
	struct srv_config *cfg;
	struct srv_cfg_origin at;   /* file and current line (0 for a flag) */
	char *err;
	size_t errlen;
	enum cfg_section_kind kind;
	size_t index;               /* the open share or user */
	bool check_dups;            /* a file: keys and sections appear once */
	unsigned key_line[CFG_MAX_KEYS]; /* where each key of the open section was set */
	unsigned global_line;       /* where [global] opened in this file */
};

/* Format "FILE:LINE: message" (or "FLAG: message") into p->err; false. */
bool cfg_fail(struct cfg_parse *p, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* The same for an origin other than the current one. */
bool cfg_fail_at(char *err, size_t errlen, const struct srv_cfg_origin *at, const char *fmt,
                 ...) __attribute__((format(printf, 4, 5)));

/* Value parsers: false with a message naming key and value. */
bool cfg_parse_bool(struct cfg_parse *p, const char *key, const char *v, bool *out);
bool cfg_parse_uint(struct cfg_parse *p, const char *key, const char *v, uint64_t min,
                    uint64_t max, uint64_t *out);
bool cfg_parse_size(struct cfg_parse *p, const char *key, const char *v, uint64_t min,
                    uint64_t max, uint64_t *out);
bool cfg_parse_duration_ms(struct cfg_parse *p, const char *key, const char *v,
                           uint64_t max_ms, uint64_t *out);

/* ASCII case-insensitive equality where '_' equals ' ' (key names). */
bool cfg_key_equal(const char *a, const char *b);
/* Case-insensitive equality of two UTF-8 names (util/utf16.h's table);
 * false when either is not valid UTF-8 or longer than a name may be. */
bool cfg_name_equal(const char *a, const char *b);

/* A key of a section's table and its setter (value trimmed, unquoted). */
struct cfg_key {
	const char *name;
	bool (*set)(struct cfg_parse *p, const char *key, const char *v);
	bool repeatable;
};
extern const struct cfg_key cfg_global_keys[];
extern const size_t cfg_n_global_keys;

/* Replace *slot with a copy of v. */
bool cfg_set_string(struct cfg_parse *p, char **slot, const char *v);
/* Split a list on commas and blanks; fn for each word; an empty list is
 * refused. */
bool cfg_for_each_word(struct cfg_parse *p, const char *key, const char *v,
                       bool (*fn)(struct cfg_parse *p, const char *key, const char *word,
                                  void *arg),
                       void *arg);
/* A user name: 1 to SRV_CFG_MAX_USER_NAME bytes without the characters
 * Windows refuses in names; `what` starts the message. */
bool cfg_user_name_ok(struct cfg_parse *p, const char *what, const char *v);

/* Open a section by its name (as written between the brackets). */
bool cfg_open_section(struct cfg_parse *p, const char *name);
/* Set one key of the open section. */
bool cfg_set_key(struct cfg_parse *p, const char *key, const char *value);

/* Keep a copy of an origin's file name in cfg; NULL when out of memory. */
const char *cfg_intern_file(struct srv_config *cfg, const char *name);

/* Model helpers (config.c). */
struct srv_share *cfg_share_add(struct srv_config *cfg, const char *name);
struct srv_user *cfg_user_add(struct srv_config *cfg, const char *name);
struct srv_share *cfg_share_find(struct srv_config *cfg, const char *name);
struct srv_user *cfg_user_find(struct srv_config *cfg, const char *name);
/* Validate a share path (exists, is a directory) and store its real path. */
bool cfg_share_set_path(struct cfg_parse *p, struct srv_share *sh, const char *path);
/* Compute and store a user's NT hash from a password. */
bool cfg_user_set_password(struct cfg_parse *p, struct srv_user *u, const char *password);
/* Parse "ADDR[:PORT]" into a listen entry. */
bool cfg_parse_listen(struct cfg_parse *p, const char *v, struct srv_listen *out);

/* Wipe memory the compiler may not optimise away. */
void cfg_wipe(void *p, size_t n);

#endif
