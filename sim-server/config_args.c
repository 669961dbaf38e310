/*
 * smbsim-server's command line (config.h): --config is read first, then
 * every other flag is applied in order on top of the file.
 */
#include <stdlib.h>
#include <string.h>

#include "sim-server/config_int.h"

enum flag_id { F_CONFIG, F_LISTEN, F_SHARE, F_USER, F_CONTROL, F_STATE_DIR, F_OPTION, F_HELP };

static const struct {
	const char *name;
	const char *arg; /* NULL: takes no value */
	const char *help;
} flags[] = {
	[F_CONFIG] = { "--config", "FILE", "read the ini configuration FILE (at most once)" },
	[F_LISTEN] = { "--listen", "ADDR[:PORT]",
	               "listen on ADDR (IPv4 or [IPv6]; port 445 by default); repeatable, "
	               "replaces the file's list" },
	[F_SHARE] = { "--share", "NAME=PATH",
	              "export directory PATH as share NAME (or set an existing share's path)" },
	[F_USER] = { "--user", "NAME:PASSWORD",
	             "add user NAME (or set its password); the password is wiped from argv" },
	[F_CONTROL] = { "--control", "PATH", "the Unix control socket (ready, status, shutdown)" },
	[F_STATE_DIR] = { "--state-dir", "DIR", "where persistent state lives" },
	[F_OPTION] = { "--option", "SECTION.KEY=VALUE",
	               "set any key, as if written in [SECTION] of the file" },
	[F_HELP] = { "--help", NULL, "print this text and exit" },
};
#define N_FLAGS (sizeof(flags) / sizeof(flags[0]))

void srv_config_usage(FILE *f, const char *prog)
{
	fprintf(f, "usage: %s [--config FILE] [--listen ADDR[:PORT]]... [--share NAME=PATH]...\n"
	           "       [--user NAME:PASSWORD]... [--control PATH] [--state-dir DIR]\n"
	           "       [--option SECTION.KEY=VALUE]... [--help]\n\n"
	           "The SMB 2.0.2 to 3.1.1 reference server.  Flags apply after the file, in\n"
	           "their order.\n\n", prog ? prog : "smbsim-server");
	for (size_t i = 0; i < N_FLAGS; i++) {
		char left[64];

		snprintf(left, sizeof(left), "%s%s%s", flags[i].name, flags[i].arg ? " " : "",
		         flags[i].arg ? flags[i].arg : "");
		fprintf(f, "  %-28s %s\n", left, flags[i].help);
	}
	fprintf(f, "\nFile sections: [global], [user:NAME] (password or nt hash), and [NAME]\n"
	           "for each disk share (path, read only, encrypt, continuous availability,\n"
	           "cluster, scale out, asymmetric, comment, max connections, valid users).\n"
	           "IPC$ is built in.  See sim-server/config.h for every key.\n");
}

/* argv[*i] as a flag: its id and value (from "--x=V" or the next
 * argument, advancing *i).  false with a message otherwise. */
static bool next_flag(int argc, char **argv, int *i, enum flag_id *id, char **value,
                      char *err, size_t errlen)
{
	char *a = argv[*i];
	char *eq = strchr(a, '=');
	size_t n = eq ? (size_t)(eq - a) : strlen(a);

	for (size_t f = 0; f < N_FLAGS; f++) {
		if (strlen(flags[f].name) != n || strncmp(a, flags[f].name, n))
			continue;
		*id = (enum flag_id)f;
		*value = NULL;
		if (!flags[f].arg) {
			if (eq) {
				snprintf(err, errlen, "%s: takes no value", flags[f].name);
				return false;
			}
			return true;
		}
		if (eq) {
			*value = eq + 1;
		} else if (*i + 1 < argc) {
			*value = argv[++*i];
		} else {
			snprintf(err, errlen, "%s: missing value (%s %s)", flags[f].name,
			         flags[f].name, flags[f].arg);
			return false;
		}
		return true;
	}
	if (a[0] == '-')
		snprintf(err, errlen, "unknown option '%.*s' (see --help)", (int)n, a);
	else
		snprintf(err, errlen, "unexpected argument '%s' (see --help)", a);
	return false;
}

/* The last '.' in s[0..n), or NULL. */
static const char *last_dot(const char *s, size_t n)
{
	while (n--)
		if (s[n] == '.')
			return s + n;
	return NULL;
}

/* Overwrite each --user PASSWORD, and each --option value of a
 * `password` key, with NULs.  Runs on every outcome. */
static void wipe_passwords(int argc, char **argv)
{
	char err[8];

	for (int i = 1; i < argc; i++) {
		enum flag_id id;
		char *v, *sep;

		if (!next_flag(argc, argv, &i, &id, &v, err, sizeof(err)) || !v)
			continue;
		if (id == F_USER && (sep = strchr(v, ':')))
			cfg_wipe(sep + 1, strlen(sep + 1));
		if (id == F_OPTION && (sep = strchr(v, '='))) {
			const char *dot = last_dot(v, (size_t)(sep - v));
			char key[32];
			size_t kn = dot ? (size_t)(sep - dot - 1) : 0;

			if (!dot || kn >= sizeof(key))
				continue;
			memcpy(key, dot + 1, kn);
			key[kn] = 0;
			if (cfg_key_equal(key, "password"))
				cfg_wipe(sep + 1, strlen(sep + 1));
		}
	}
}

/* A parse state whose messages name the flag (origin, e.g. "--share docs"). */
static bool flag_parse(struct srv_config *cfg, struct cfg_parse *p, const char *origin,
                       char *err, size_t errlen)
{
	memset(p, 0, sizeof(*p));
	p->cfg = cfg;
	p->err = err;
	p->errlen = errlen;
	p->at.file = cfg_intern_file(cfg, origin);
	if (!p->at.file) {
		snprintf(err, errlen, "%s: out of memory", origin);
		return false;
	}
	return true;
}

bool srv_config_set(struct srv_config *cfg, const char *section, const char *key,
                    const char *value, const char *origin, char *errbuf, size_t errlen)
{
	struct cfg_parse p;

	if (!flag_parse(cfg, &p, origin, errbuf, errlen))
		return false;
	if (!*section)
		return cfg_fail(&p, "empty section name");
	return cfg_open_section(&p, section) && cfg_set_key(&p, key, value);
}

static bool apply_option(struct srv_config *cfg, const char *v, char *err, size_t errlen)
{
	const char *eq = strchr(v, '=');
	const char *dot = eq ? last_dot(v, (size_t)(eq - v)) : NULL;
	char sect[SRV_CFG_MAX_LINE + 1], key[SRV_CFG_MAX_LINE + 1], origin[2 * SRV_CFG_MAX_LINE + 16];

	if (!eq || !dot || dot == v || dot + 1 == eq) {
		snprintf(err, errlen, "--option '%.*s': expected SECTION.KEY=VALUE",
		         (int)(eq ? eq - v : (ptrdiff_t)strlen(v)), v);
		return false;
	}
	if ((size_t)(dot - v) > SRV_CFG_MAX_LINE || (size_t)(eq - dot - 1) > SRV_CFG_MAX_LINE) {
		snprintf(err, errlen, "--option: the section or key is longer than %u bytes",
		         SRV_CFG_MAX_LINE);
		return false;
	}
	memcpy(sect, v, (size_t)(dot - v));
	sect[dot - v] = 0;
	memcpy(key, dot + 1, (size_t)(eq - dot - 1));
	key[eq - dot - 1] = 0;
	/* The origin leaves the value out: it may be a password. */
	snprintf(origin, sizeof(origin), "--option %s.%s", sect, key);
	return srv_config_set(cfg, sect, key, eq + 1, origin, err, errlen);
}

static bool apply_share(struct srv_config *cfg, const char *v, char *err, size_t errlen)
{
	const char *eq = strchr(v, '=');
	char name[SRV_CFG_MAX_SHARE_NAME + 1], origin[SRV_CFG_MAX_SHARE_NAME + 16];
	struct cfg_parse p;
	struct srv_share *sh;

	if (!eq || eq == v) {
		snprintf(err, errlen, "--share '%s': expected NAME=PATH", v);
		return false;
	}
	if ((size_t)(eq - v) > SRV_CFG_MAX_SHARE_NAME) {
		snprintf(err, errlen, "--share: share name '%.*s' is longer than %u bytes",
		         (int)(eq - v), v, SRV_CFG_MAX_SHARE_NAME);
		return false;
	}
	memcpy(name, v, (size_t)(eq - v));
	name[eq - v] = 0;
	snprintf(origin, sizeof(origin), "--share %s", name);
	if (!flag_parse(cfg, &p, origin, err, errlen))
		return false;
	sh = cfg_share_find(cfg, name);
	if (sh && sh->from_flag)
		return cfg_fail(&p, "share '%s' is given twice", name);
	if (!cfg_open_section(&p, name))
		return false;
	sh = &cfg->shares[p.index];
	sh->from_flag = true;
	return cfg_share_set_path(&p, sh, eq + 1);
}

static bool apply_user(struct srv_config *cfg, int argc, char **argv, int at, const char *v,
                       char *err, size_t errlen)
{
	const char *colon = strchr(v, ':');
	char sect[SRV_CFG_MAX_USER_NAME + 8], origin[SRV_CFG_MAX_USER_NAME + 16];
	struct cfg_parse p;

	if (!colon || colon == v) {
		snprintf(err, errlen, "--user: expected NAME:PASSWORD");
		return false;
	}
	if ((size_t)(colon - v) > SRV_CFG_MAX_USER_NAME) {
		snprintf(err, errlen, "--user: the user name is longer than %u bytes",
		         SRV_CFG_MAX_USER_NAME);
		return false;
	}
	snprintf(sect, sizeof(sect), "user:%.*s", (int)(colon - v), v);
	snprintf(origin, sizeof(origin), "--user %.*s", (int)(colon - v), v);
	if (!flag_parse(cfg, &p, origin, err, errlen))
		return false;
	/* A second --user for the same name is a mistake, not an override. */
	for (int i = 1; i < at; i++) {
		enum flag_id id;
		char *w, *c;
		char e[8];

		if (next_flag(argc, argv, &i, &id, &w, e, sizeof(e)) && id == F_USER &&
		    (c = strchr(w, ':')) && (size_t)(c - w) == (size_t)(colon - v)) {
			char a[SRV_CFG_MAX_USER_NAME + 1];

			memcpy(a, w, (size_t)(c - w));
			a[c - w] = 0;
			if (cfg_name_equal(a, sect + 5))
				return cfg_fail(&p, "user '%s' is given twice", sect + 5);
		}
	}
	if (!cfg_open_section(&p, sect))
		return false;
	return cfg_user_set_password(&p, &cfg->users[p.index], colon + 1);
}

static bool apply_global(struct srv_config *cfg, const char *flag, const char *key,
                         const char *v, char *err, size_t errlen)
{
	char origin[64];

	snprintf(origin, sizeof(origin), "%s", flag);
	return srv_config_set(cfg, "global", key, v, origin, err, errlen);
}

static bool apply_flags(struct srv_config *cfg, int argc, char **argv, char *err,
                        size_t errlen)
{
	bool listen_cleared = false;

	for (int i = 1; i < argc; i++) {
		int at = i;
		enum flag_id id;
		char *v;
		bool ok = true;

		if (!next_flag(argc, argv, &i, &id, &v, err, errlen))
			return false;
		switch (id) {
		case F_LISTEN:
			/* The command line's addresses replace the file's. */
			if (!listen_cleared)
				cfg->n_listen = 0;
			listen_cleared = true;
			ok = apply_global(cfg, "--listen", "listen", v, err, errlen);
			break;
		case F_SHARE: ok = apply_share(cfg, v, err, errlen); break;
		case F_USER: ok = apply_user(cfg, argc, argv, at, v, err, errlen); break;
		case F_CONTROL:
			ok = apply_global(cfg, "--control", "control socket", v, err, errlen);
			break;
		case F_STATE_DIR:
			ok = apply_global(cfg, "--state-dir", "state directory", v, err, errlen);
			break;
		case F_OPTION: ok = apply_option(cfg, v, err, errlen); break;
		case F_CONFIG:
		case F_HELP: break;
		}
		if (!ok)
			return false;
	}
	return true;
}

static enum srv_config_result from_args(int argc, char **argv, struct srv_config **out,
                                        char *err, size_t errlen)
{
	const char *file = NULL;
	bool help = false;
	struct srv_config *cfg;

	/* First the syntax of every flag, --help and the file. */
	for (int i = 1; i < argc; i++) {
		enum flag_id id;
		char *v;

		if (!next_flag(argc, argv, &i, &id, &v, err, errlen))
			return SRV_CONFIG_ERROR;
		if (id == F_HELP)
			help = true;
		if (id == F_CONFIG && file) {
			snprintf(err, errlen, "--config: given twice ('%s' and '%s')", file, v);
			return SRV_CONFIG_ERROR;
		}
		if (id == F_CONFIG)
			file = v;
	}
	if (help)
		return SRV_CONFIG_HELP;
	cfg = srv_config_new();
	if (!cfg) {
		snprintf(err, errlen, "out of memory");
		return SRV_CONFIG_ERROR;
	}
	if ((file && !srv_config_load_file(cfg, file, err, errlen)) ||
	    !apply_flags(cfg, argc, argv, err, errlen) || !srv_config_check(cfg, err, errlen)) {
		srv_config_free(cfg);
		return SRV_CONFIG_ERROR;
	}
	*out = cfg;
	return SRV_CONFIG_OK;
}

enum srv_config_result srv_config_from_args(int argc, char **argv, struct srv_config **out,
                                            char *errbuf, size_t errlen)
{
	enum srv_config_result r = from_args(argc, argv, out, errbuf, errlen);

	wipe_passwords(argc, argv);
	return r;
}
