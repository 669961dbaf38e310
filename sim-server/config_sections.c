/*
 * Share sections, [user:NAME] sections, and the dispatch of a section
 * header or a key to its table (config.h has the syntax; config_keys.c
 * the [global] keys).
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "sim-server/config_int.h"

static struct srv_share *cur_share(struct cfg_parse *p)
{
	return &p->cfg->shares[p->index];
}

static struct srv_user *cur_user(struct cfg_parse *p)
{
	return &p->cfg->users[p->index];
}

/* ---- shares ----------------------------------------------------------- */

static bool s_path(struct cfg_parse *p, const char *key, const char *v)
{
	(void)key;
	return cfg_share_set_path(p, cur_share(p), v);
}

#define SHARE_BOOL(fn, field) \
	static bool fn(struct cfg_parse *p, const char *key, const char *v) \
	{ return cfg_parse_bool(p, key, v, &cur_share(p)->field); }
SHARE_BOOL(s_read_only, read_only)
SHARE_BOOL(s_encrypt, encrypt)
SHARE_BOOL(s_ca, continuous_availability)
SHARE_BOOL(s_cluster, cluster)
SHARE_BOOL(s_scale_out, scale_out)
SHARE_BOOL(s_asymmetric, asymmetric)

static bool s_signing(struct cfg_parse *p, const char *key, const char *v)
{
	(void)v;
	/* MS-SMB2 3.3.5.2.4: signing is a property of the session (and of
	 * the server: RequireMessageSigning), never of a share. */
	return cfg_fail(p, "key '%s': SMB2 has no per-share signing (MS-SMB2 3.3.5.2.4 signs per "
	                "session); set 'server signing = required' in [global]", key);
}

static bool s_comment(struct cfg_parse *p, const char *key, const char *v)
{
	if (strlen(v) > SRV_CFG_MAX_COMMENT)
		return cfg_fail(p, "key '%s': longer than %u bytes", key, SRV_CFG_MAX_COMMENT);
	return cfg_set_string(p, &cur_share(p)->comment, v);
}

static bool s_max_conn(struct cfg_parse *p, const char *key, const char *v)
{
	uint64_t n;

	if (!cfg_parse_uint(p, key, v, 0, SRV_CFG_MAX_CONNECTIONS, &n))
		return false;
	cur_share(p)->max_connections = (unsigned)n;
	return true;
}

struct name_list {
	char *names[SRV_CFG_MAX_VALID_USERS];
	size_t n;
};

static bool add_name(struct cfg_parse *p, const char *key, const char *word, void *arg)
{
	struct name_list *l = arg;

	if (!cfg_user_name_ok(p, "user name", word))
		return false;
	for (size_t i = 0; i < l->n; i++)
		if (cfg_name_equal(l->names[i], word))
			return cfg_fail(p, "key '%s': '%s' is listed twice", key, word);
	if (l->n == SRV_CFG_MAX_VALID_USERS)
		return cfg_fail(p, "key '%s': more than %d names", key, SRV_CFG_MAX_VALID_USERS);
	l->names[l->n] = strdup(word);
	if (!l->names[l->n])
		return cfg_fail(p, "out of memory");
	l->n++;
	return true;
}

static bool s_valid_users(struct cfg_parse *p, const char *key, const char *v)
{
	struct srv_share *sh = cur_share(p);
	struct name_list l = { .n = 0 };
	char **arr;

	if (!cfg_for_each_word(p, key, v, add_name, &l)) {
		for (size_t i = 0; i < l.n; i++)
			free(l.names[i]);
		return false;
	}
	arr = malloc(l.n * sizeof(*arr));
	if (!arr) {
		for (size_t i = 0; i < l.n; i++)
			free(l.names[i]);
		return cfg_fail(p, "out of memory");
	}
	memcpy(arr, l.names, l.n * sizeof(*arr));
	for (size_t i = 0; i < sh->n_valid_users; i++)
		free(sh->valid_users[i]);
	free(sh->valid_users);
	sh->valid_users = arr;
	sh->n_valid_users = l.n;
	sh->valid_users_origin = p->at;
	return true;
}

static const struct cfg_key share_keys[] = {
	{ "path", s_path, false },
	{ "read only", s_read_only, false },
	{ "encrypt", s_encrypt, false },
	{ "require signing", s_signing, false },
	{ "continuous availability", s_ca, false },
	{ "cluster", s_cluster, false },
	{ "scale out", s_scale_out, false },
	{ "asymmetric", s_asymmetric, false },
	{ "comment", s_comment, false },
	{ "max connections", s_max_conn, false },
	{ "valid users", s_valid_users, false },
};

/* ---- users ------------------------------------------------------------ */

static bool u_password(struct cfg_parse *p, const char *key, const char *v)
{
	(void)key;
	return cfg_user_set_password(p, cur_user(p), v);
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = (c >= 'A' && c <= 'F') ? (char)(c - 'A' + 'a') : c;
	return (c >= 'a' && c <= 'f') ? c - 'a' + 10 : -1;
}

static bool u_nt_hash(struct cfg_parse *p, const char *key, const char *v)
{
	struct srv_user *u = cur_user(p);
	uint8_t h[16];

	if (strlen(v) != 32)
		return cfg_fail(p, "key '%s': an NT hash is 32 hexadecimal digits", key);
	for (size_t i = 0; i < 16; i++) {
		int hi = hexval(v[2 * i]), lo = hexval(v[2 * i + 1]);

		if (hi < 0 || lo < 0)
			return cfg_fail(p, "key '%s': an NT hash is 32 hexadecimal digits", key);
		h[i] = (uint8_t)(hi << 4 | lo);
	}
	memcpy(u->nt_hash, h, 16);
	u->has_hash = true;
	cfg_wipe(h, sizeof(h));
	return true;
}

static const struct cfg_key user_keys[] = {
	{ "password", u_password, false },
	{ "nt hash", u_nt_hash, false },
};

_Static_assert(sizeof(share_keys) / sizeof(share_keys[0]) <= CFG_MAX_KEYS &&
               sizeof(user_keys) / sizeof(user_keys[0]) == 2,
               "key tables fit cfg_parse.key_line; user_keys pairs password and nt hash");

/* ---- sections and dispatch ------------------------------------------- */

static bool share_name_ok(struct cfg_parse *p, const char *v)
{
	size_t n = strlen(v);

	if (n > SRV_CFG_MAX_SHARE_NAME)
		return cfg_fail(p, "share name '%s' is longer than %u bytes", v,
		                SRV_CFG_MAX_SHARE_NAME);
	/* MS-SRVS 2.2.4.24 (shi1_netname) and Windows' rules for names. */
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)v[i] < 0x20 || v[i] == 0x7f || strchr("\"/\\[]:|<>+=;,*?", v[i]))
			return cfg_fail(p, "share name '%s' holds '%c', which share names may not", v,
			                (unsigned char)v[i] < 0x20 ? '?' : v[i]);
	if (cfg_name_equal(v, "IPC$"))
		return cfg_fail(p, "share IPC$ is built in and cannot be configured");
	return true;
}

bool cfg_open_section(struct cfg_parse *p, const char *name)
{
	struct srv_config *cfg = p->cfg;

	memset(p->key_line, 0, sizeof(p->key_line));
	if (cfg_key_equal(name, "global")) {
		if (p->check_dups && p->global_line)
			return cfg_fail(p, "duplicate section [global] (first on line %u)",
			                p->global_line);
		p->global_line = p->at.line;
		p->kind = CFG_SEC_GLOBAL;
		return true;
	}
	if (!strncasecmp(name, "user:", 5)) {
		struct srv_user *u;

		name += 5;
		if (!cfg_user_name_ok(p, "user name", name))
			return false;
		u = cfg_user_find(cfg, name);
		if (u && p->check_dups && u->origin.file == p->at.file)
			return cfg_fail(p, "duplicate section [user:%s] (first on line %u)", name,
			                u->origin.line);
		if (!u && !(u = cfg_user_add(cfg, name)))
			return cfg_fail(p, "too many users (at most %d) or out of memory",
			                SRV_CFG_MAX_USERS);
		if (!u->origin.line)
			u->origin = p->at;
		p->index = (size_t)(u - cfg->users);
		p->kind = CFG_SEC_USER;
		return true;
	}
	struct srv_share *sh;

	if (!share_name_ok(p, name))
		return false;
	sh = cfg_share_find(cfg, name);
	if (sh && p->check_dups && sh->origin.file == p->at.file)
		return cfg_fail(p, "duplicate share [%s] (first on line %u)", name, sh->origin.line);
	if (!sh && !(sh = cfg_share_add(cfg, name)))
		return cfg_fail(p, "too many shares (at most %d) or out of memory",
		                SRV_CFG_MAX_SHARES);
	if (!sh->origin.line)
		sh->origin = p->at;
	p->index = (size_t)(sh - cfg->shares);
	p->kind = CFG_SEC_SHARE;
	return true;
}

bool cfg_set_key(struct cfg_parse *p, const char *key, const char *value)
{
	const struct cfg_key *table;
	size_t n;
	const char *what;

	switch (p->kind) {
	case CFG_SEC_GLOBAL:
		table = cfg_global_keys, n = cfg_n_global_keys;
		what = "[global]";
		break;
	case CFG_SEC_USER:
		table = user_keys, n = sizeof(user_keys) / sizeof(user_keys[0]);
		what = "a [user:NAME] section";
		break;
	case CFG_SEC_SHARE:
		table = share_keys, n = sizeof(share_keys) / sizeof(share_keys[0]);
		what = "a share section";
		break;
	default:
		return cfg_fail(p, "key '%s' outside any section", key);
	}
	for (size_t i = 0; i < n; i++) {
		if (!cfg_key_equal(key, table[i].name))
			continue;
		if (p->check_dups && !table[i].repeatable && p->key_line[i])
			return cfg_fail(p, "duplicate key '%s' (first set on line %u)", table[i].name,
			                p->key_line[i]);
		/* user_keys has two entries, password and nt hash: one or the other. */
		if (p->check_dups && p->kind == CFG_SEC_USER && p->key_line[i ^ 1])
			return cfg_fail(p, "key '%s': the user already has %s (line %u); give one of "
			                "password and nt hash", table[i].name,
			                table[i ^ 1].name, p->key_line[i ^ 1]);
		p->key_line[i] = p->at.line ? p->at.line : 1;
		return table[i].set(p, table[i].name, value);
	}
	return cfg_fail(p, "unknown key '%s' in %s", key, what);
}
