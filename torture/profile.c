/*
 * Target profiles (torture/profiles/NAME.conf; format in torture/README.md):
 * what a real server is known to do differently from the specification,
 * with the reason and a pointer, and the variant to run where peers
 * disagree.  The file is trusted no more than any input: every line is
 * checked and a problem names FILE:LINE.
 */
#include <ctype.h>
#include <errno.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "torture/runner.h"

enum section { SEC_NONE, SEC_PROFILE, SEC_OPTIONS, SEC_TEST };

static char *trim(char *s)
{
	char *e;

	while (isspace((unsigned char)*s))
		s++;
	e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		*--e = '\0';
	return s;
}

static int set_str(char **dst, const char *v)
{
	free(*dst);
	*dst = strdup(v);
	return *dst ? 0 : -1;
}

static bool pattern_ok(const char *p)
{
	const char *dot = strchr(p, '.');

	if (!dot || dot == p || !dot[1] || strchr(dot + 1, '.'))
		return false;
	for (; *p; p++)
		if (!(islower((unsigned char)*p) || isdigit((unsigned char)*p) || strchr("_.*?[]", *p)))
			return false;
	return true;
}

/* Is the finished entry complete? */
static int entry_done(const struct torture_profile *p, const struct torture_profile_entry *e,
                      char *err, size_t errlen)
{
	if (!e)
		return 0;
	if (e->expect == TORTURE_EXPECT_NONE && !e->variant) {
		snprintf(err, errlen, "%s:%d: [%s] says neither result nor variant", p->path,
		         e->line, e->pattern);
		return -1;
	}
	if (!e->reason || !*e->reason) {
		snprintf(err, errlen, "%s:%d: [%s] gives no reason", p->path, e->line, e->pattern);
		return -1;
	}
	return 0;
}

static int test_key(struct torture_profile_entry *e, const char *k, const char *v, char *msg,
                    size_t msglen)
{
	if (strcmp(k, "result") == 0) {
		if (strcmp(v, "fail") == 0)
			e->expect = TORTURE_EXPECT_FAIL;
		else if (strcmp(v, "skip") == 0)
			e->expect = TORTURE_EXPECT_SKIP;
		else {
			snprintf(msg, msglen, "result \"%s\": want fail or skip", v);
			return -1;
		}
		return 0;
	}
	char **dst = strcmp(k, "variant") == 0  ? &e->variant
	             : strcmp(k, "reason") == 0 ? &e->reason
	             : strcmp(k, "ref") == 0    ? &e->ref
	                                        : NULL;

	if (dst) {
		if (set_str(dst, v) == 0)
			return 0;
		snprintf(msg, msglen, "out of memory");
		return -1;
	}
	snprintf(msg, msglen, "unknown key \"%s\" (result, variant, reason, ref)", k);
	return -1;
}

static int parse_line(struct torture_profile *p, struct torture_opts *opts, char *line,
                      int lineno, enum section *sec, char *err, size_t errlen)
{
	char msg[512], *s = trim(line), *eq, *k, *v;
	struct torture_profile_entry *cur = *sec == SEC_TEST && p->n ? &p->e[p->n - 1] : NULL;

	if (!*s || *s == '#' || *s == ';')
		return 0;
	if (*s == '[') {
		char *end = strchr(s, ']');

		if (!end || trim(end + 1)[0]) {
			snprintf(err, errlen, "%s:%d: bad section header", p->path, lineno);
			return -1;
		}
		if (entry_done(p, cur, err, errlen))
			return -1;
		*end = '\0';
		s = trim(s + 1);
		if (strcmp(s, "profile") == 0) {
			*sec = SEC_PROFILE;
			return 0;
		}
		if (strcmp(s, "options") == 0) {
			*sec = SEC_OPTIONS;
			return 0;
		}
		if (!pattern_ok(s)) {
			snprintf(err, errlen,
			         "%s:%d: [%s]: want [profile], [options] or [SUITE.TEST] (globs allowed)",
			         p->path, lineno, s);
			return -1;
		}
		for (unsigned i = 0; i < p->n; i++) {
			if (strcmp(p->e[i].pattern, s) == 0) {
				snprintf(err, errlen, "%s:%d: [%s] already given at line %d", p->path,
				         lineno, s, p->e[i].line);
				return -1;
			}
		}
		if (p->n >= TORTURE_MAX_PROFILE_ENTRIES) {
			snprintf(err, errlen, "%s:%d: more than %d entries", p->path, lineno,
			         TORTURE_MAX_PROFILE_ENTRIES);
			return -1;
		}
		memset(&p->e[p->n], 0, sizeof(p->e[0]));
		p->e[p->n].line = lineno;
		if (!(p->e[p->n].pattern = strdup(s)))
			goto nomem;
		p->n++;
		*sec = SEC_TEST;
		return 0;
	}
	eq = strchr(s, '=');
	if (!eq) {
		snprintf(err, errlen, "%s:%d: want KEY = VALUE", p->path, lineno);
		return -1;
	}
	*eq = '\0';
	k = trim(s);
	v = trim(eq + 1);
	switch (*sec) {
	case SEC_NONE:
		snprintf(err, errlen, "%s:%d: \"%s\" outside a section", p->path, lineno, k);
		return -1;
	case SEC_PROFILE:
		if (strcmp(k, "name") == 0)
			return set_str(&p->name, v) ? (snprintf(err, errlen, "out of memory"), -1) : 0;
		if (strcmp(k, "description") == 0)
			return set_str(&p->description, v) ? (snprintf(err, errlen, "out of memory"), -1)
			                                   : 0;
		snprintf(err, errlen, "%s:%d: unknown key \"%s\" in [profile] (name, description)",
		         p->path, lineno, k);
		return -1;
	case SEC_OPTIONS: {
		char kv[TORTURE_MAX_LINE];

		snprintf(kv, sizeof(kv), "%s=%s", k, v);
		if (torture_opts_set(opts, kv, p->path, msg, sizeof(msg))) {
			snprintf(err, errlen, "%s:%d: %s", p->path, lineno, msg);
			return -1;
		}
		return 0;
	}
	case SEC_TEST:
		if (test_key(cur, k, v, msg, sizeof(msg))) {
			snprintf(err, errlen, "%s:%d: %s", p->path, lineno, msg);
			return -1;
		}
		return 0;
	}
	return 0;
nomem:
	snprintf(err, errlen, "%s:%d: out of memory", p->path, lineno);
	return -1;
}

int torture_profile_load(struct torture_profile *p, const char *path,
                         struct torture_opts *opts, char *err, size_t errlen)
{
	char line[TORTURE_MAX_LINE];
	enum section sec = SEC_NONE;
	int lineno = 0, rc = 0;
	FILE *f;

	memset(p, 0, sizeof(*p));
	if (!(p->path = strdup(path))) {
		snprintf(err, errlen, "%s: out of memory", path);
		return -1;
	}
	f = fopen(path, "r");
	if (!f) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	while (rc == 0 && fgets(line, sizeof(line), f)) {
		lineno++;
		if (!strchr(line, '\n') && !feof(f)) {
			snprintf(err, errlen, "%s:%d: line longer than %d bytes", path, lineno,
			         TORTURE_MAX_LINE - 2);
			rc = -1;
			break;
		}
		rc = parse_line(p, opts, line, lineno, &sec, err, errlen);
	}
	if (rc == 0 && ferror(f)) {
		snprintf(err, errlen, "%s: read error", path);
		rc = -1;
	}
	fclose(f);
	if (rc == 0 && sec == SEC_TEST)
		rc = entry_done(p, &p->e[p->n - 1], err, errlen);
	if (rc == 0 && !p->name) {
		snprintf(err, errlen, "%s: no [profile] name", path);
		rc = -1;
	}
	return rc;
}

struct torture_profile_entry *torture_profile_find(struct torture_profile *p, const char *id)
{
	if (!p)
		return NULL;
	for (unsigned i = 0; i < p->n; i++)
		if (strcmp(p->e[i].pattern, id) == 0)
			return &p->e[i];
	for (unsigned i = 0; i < p->n; i++)
		if (strpbrk(p->e[i].pattern, "*?[") && fnmatch(p->e[i].pattern, id, 0) == 0)
			return &p->e[i];
	return NULL;
}

void torture_profile_free(struct torture_profile *p)
{
	if (!p)
		return;
	for (unsigned i = 0; i < p->n; i++) {
		free(p->e[i].pattern);
		free(p->e[i].variant);
		free(p->e[i].reason);
		free(p->e[i].ref);
	}
	free(p->path);
	free(p->name);
	free(p->description);
	memset(p, 0, sizeof(*p));
}
