/* --option KEY=VALUE and the profile's [options]: a small key/value list. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "torture/runner.h"

static bool key_ok(const char *k, size_t n)
{
	if (n == 0)
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = k[i];

		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.' ||
		      c == '-'))
			return false;
	}
	return true;
}

int torture_opts_set(struct torture_opts *o, const char *key_value, const char *origin,
                     char *err, size_t errlen)
{
	const char *eq = strchr(key_value, '=');
	size_t klen = eq ? (size_t)(eq - key_value) : 0;
	char *key, *value;

	if (!eq || !key_ok(key_value, klen)) {
		snprintf(err, errlen, "%s: \"%s\": want KEY=VALUE, KEY of a-z 0-9 _ . -", origin,
		         key_value);
		return -1;
	}
	key = strndup(key_value, klen);
	value = strdup(eq + 1);
	if (!key || !value) {
		free(key);
		free(value);
		snprintf(err, errlen, "%s: out of memory", origin);
		return -1;
	}
	for (unsigned i = 0; i < o->n; i++) {
		if (strcmp(o->kv[i].key, key) == 0) {
			free(key);
			free(o->kv[i].value);
			o->kv[i].value = value;
			o->kv[i].origin = origin;
			return 0;
		}
	}
	if (o->n >= TORTURE_MAX_OPTIONS) {
		free(key);
		free(value);
		snprintf(err, errlen, "%s: more than %d options", origin, TORTURE_MAX_OPTIONS);
		return -1;
	}
	o->kv[o->n].key = key;
	o->kv[o->n].value = value;
	o->kv[o->n].origin = origin;
	o->n++;
	return 0;
}

const char *torture_opts_get(const struct torture_opts *o, const char *key)
{
	for (unsigned i = 0; i < o->n; i++)
		if (strcmp(o->kv[i].key, key) == 0)
			return o->kv[i].value;
	return NULL;
}

void torture_opts_free(struct torture_opts *o)
{
	for (unsigned i = 0; i < o->n; i++) {
		free(o->kv[i].key);
		free(o->kv[i].value);
	}
	o->n = 0;
}
