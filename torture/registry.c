/* The suites registered by TORTURE_SUITE(), their checks and selection. */
#include <fnmatch.h>
#include <stdio.h>
#include <string.h>

#include "torture/runner.h"

static struct torture_suite *suites;

/* Kept sorted by name as suites arrive (constructors run in link order). */
void torture_register(struct torture_suite *s)
{
	struct torture_suite **pp = &suites;

	while (*pp && strcmp((*pp)->name, s->name) < 0)
		pp = &(*pp)->next;
	s->next = *pp;
	*pp = s;
}

struct torture_suite *torture_suites(void)
{
	return suites;
}

static bool name_ok(const char *n)
{
	if (!n || !*n)
		return false;
	for (; *n; n++)
		if (!((*n >= 'a' && *n <= 'z') || (*n >= '0' && *n <= '9') || *n == '_'))
			return false;
	return true;
}

int torture_registry_check(char *err, size_t errlen)
{
	for (const struct torture_suite *s = suites; s; s = s->next) {
		if (!name_ok(s->name) || !s->doc || !*s->doc) {
			snprintf(err, errlen, "suite \"%s\": bad name or no description",
			         s->name ? s->name : "");
			return -1;
		}
		if (s->next && strcmp(s->name, s->next->name) == 0) {
			snprintf(err, errlen, "suite \"%s\" registered twice", s->name);
			return -1;
		}
		for (size_t i = 0; i < s->ntests; i++) {
			const struct torture_test *tt = &s->tests[i];

			if (!name_ok(tt->name) || !tt->fn) {
				snprintf(err, errlen, "%s: test %zu: bad name or no function",
				         s->name, i);
				return -1;
			}
			if (!tt->spec || strncmp(tt->spec, "MS-", 3) != 0 || !tt->doc || !*tt->doc) {
				snprintf(err, errlen,
				         "%s.%s: every test names its MS-* sections and says what it does",
				         s->name, tt->name);
				return -1;
			}
			for (size_t j = 0; j < i; j++) {
				if (strcmp(s->tests[j].name, tt->name) == 0) {
					snprintf(err, errlen, "%s.%s: defined twice", s->name,
					         tt->name);
					return -1;
				}
			}
		}
	}
	return 0;
}

bool torture_selects(const char *sel, const struct torture_suite *s,
                     const struct torture_test *tt)
{
	char id[512];
	const char *dot = strchr(sel, '.');

	if (strcmp(sel, "all") == 0)
		return true;
	if (!dot)
		return fnmatch(sel, s->name, 0) == 0;
	snprintf(id, sizeof(id), "%s.%s", s->name, tt->name);
	return fnmatch(sel, id, 0) == 0;
}

const char *torture_result_name(enum torture_result r)
{
	static const char *const names[TORTURE_NRESULTS] = {
		"pass", "fail", "skip", "expected-fail", "unexpected-pass",
	};

	return (unsigned)r < TORTURE_NRESULTS ? names[r] : "?";
}
