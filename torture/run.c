/*
 * Running the selected tests: one cmocka group per suite (the group fixture
 * around it), the per-test fixture as cmocka's setup and teardown, then
 * each outcome classified against the target profile and printed.
 *
 * cmocka's own report goes to a scratch XML file (CMOCKA_XML_FILE): the
 * runner prints its own, because results it knows and cmocka does not
 * (expected-fail, unexpected-pass, the reason) are what a reader needs.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "torture/runner.h"

struct slot {
	struct torture_run *run;
	const struct torture_suite *suite;
	const struct torture_test *test;
	struct torture_ctx ctx;
	struct torture_outcome *o;
	bool setup_failed;
};

static int t_setup(void **state)
{
	struct slot *sl = *state;

	sl->setup_failed = torture_ctx_setup(sl->run, &sl->ctx, sl->suite, sl->test,
	                                     sl->o->expect) != STATUS_SUCCESS;
	return 0;
}

static void t_body(void **state)
{
	struct slot *sl = *state;

	if (sl->setup_failed || !sl->ctx.priv)
		return;
	sl->test->fn(&sl->ctx);
	sl->ctx.priv->finished = true;
}

static int t_teardown(void **state)
{
	struct slot *sl = *state;

	if (!sl->ctx.priv) {
		/* Setup could not even allocate its state. */
		sl->o->result = TORTURE_FAIL;
		sl->o->message = strdup("fixture: out of memory");
		return 0;
	}
	torture_ctx_teardown(&sl->ctx, sl->o);
	return 0;
}

static struct torture_outcome *new_outcome(struct torture_run *run,
                                           const struct torture_suite *s,
                                           const struct torture_test *tt)
{
	struct torture_outcome *o;

	if (run->noutcomes == run->cap_outcomes) {
		size_t cap = run->cap_outcomes ? run->cap_outcomes * 2 : 256;
		struct torture_outcome *n = realloc(run->outcomes, cap * sizeof(*n));

		if (!n)
			return NULL;
		run->outcomes = n;
		run->cap_outcomes = cap;
	}
	o = &run->outcomes[run->noutcomes++];
	memset(o, 0, sizeof(*o));
	o->suite = s;
	o->test = tt;
	return o;
}

static void set_message(struct torture_outcome *o, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void set_message(struct torture_outcome *o, const char *fmt, ...)
{
	char buf[TORTURE_MSG_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	free(o->message);
	o->message = strdup(buf);
}

/* Raw result and profile -> the result reported. */
static void classify(struct torture_outcome *o)
{
	const struct torture_profile_entry *e = o->expect;

	if (!e || e->expect != TORTURE_EXPECT_FAIL)
		return;
	if (o->result == TORTURE_FAIL)
		o->result = TORTURE_XFAIL;
	else if (o->result == TORTURE_PASS) {
		o->result = TORTURE_XPASS;
		set_message(o, "passed, but the profile expects a failure: %s", e->reason);
	}
}

static void print_outcome(struct torture_run *run, const struct torture_outcome *o)
{
	static const char *const tags[TORTURE_NRESULTS] = {
		"PASS", "FAIL", "SKIP", "XFAIL", "XPASS",
	};
	const char *msg = o->message && *o->message ? o->message : NULL;

	fprintf(run->out, "%-5s %s.%s", tags[o->result], o->suite->name, o->test->name);
	if (o->result == TORTURE_XFAIL && o->expect)
		fprintf(run->out, ": %s [profile: %s]", msg ? msg : "", o->expect->reason);
	else if (msg)
		fprintf(run->out, ": %s", msg);
	fprintf(run->out, " (%.1f ms)\n", o->ms);
	if (o->pcap)
		fprintf(run->out, "      capture: %s\n", o->pcap);
	if (o->log && o->result == TORTURE_FAIL && !run->verbose) {
		/* The end of the log is what led to the failure. */
		const char *p = o->log + strlen(o->log);
		int lines = 0;

		while (p > o->log && lines <= 12)
			if (*--p == '\n')
				lines++;
		if (*p == '\n')
			p++;
		fprintf(run->out, "      log: %s", p);
	}
	fflush(run->out);
}

static bool picked(const struct torture_suite *s, const struct torture_test *tt,
                   const char *const *sel, unsigned nsel)
{
	for (unsigned k = 0; k < nsel; k++)
		if (torture_selects(sel[k], s, tt))
			return true;
	return false;
}

static int run_suite(struct torture_run *run, const struct torture_suite *s,
                     const char *const *sel, unsigned nsel)
{
	struct CMUnitTest *tests = calloc(s->ntests ? s->ntests : 1, sizeof(*tests));
	struct slot *slots = calloc(s->ntests ? s->ntests : 1, sizeof(*slots));
	size_t n = 0, first = run->noutcomes;
	int rc = -1;

	if (!tests || !slots)
		goto out;
	/* Outcomes first (the array may move while it grows). */
	for (size_t i = 0; i < s->ntests; i++) {
		const struct torture_test *tt = &s->tests[i];
		struct torture_outcome *o;
		char id[512];

		if (!picked(s, tt, sel, nsel))
			continue;
		if (!(o = new_outcome(run, s, tt)))
			goto out;
		snprintf(id, sizeof(id), "%s.%s", s->name, tt->name);
		o->expect = torture_profile_find(run->profile, id);
		if (o->expect)
			((struct torture_profile_entry *)o->expect)->matched++;
		if (o->expect && o->expect->expect == TORTURE_EXPECT_SKIP) {
			o->result = TORTURE_SKIP;
			set_message(o, "profile: %s", o->expect->reason);
		}
	}
	for (size_t j = first; j < run->noutcomes; j++) {
		struct torture_outcome *o = &run->outcomes[j];

		if (o->message)
			continue; /* skipped by the profile */
		slots[n] = (struct slot){ .run = run, .suite = s, .test = o->test, .o = o };
		tests[n] = (struct CMUnitTest){ o->test->name, t_body, t_setup, t_teardown,
			                        &slots[n] };
		n++;
	}
	/* The group connection is made once, before the suite's first test. */
	if (n && torture_group_setup(run) != STATUS_SUCCESS) {
		for (size_t i = 0; i < n; i++) {
			slots[i].o->result = TORTURE_FAIL;
			set_message(slots[i].o, "%s", run->group_error);
		}
		n = 0;
	} else if (n) {
		_cmocka_run_group_tests(s->name, tests, n, NULL, NULL);
		torture_group_teardown(run);
	}
	for (size_t j = first; j < run->noutcomes; j++) {
		classify(&run->outcomes[j]);
		print_outcome(run, &run->outcomes[j]);
	}
	rc = 0;
out:
	free(tests);
	free(slots);
	return rc;
}

/* The base directory goes last, through a fresh group connection. */
static void remove_base_dir(struct torture_run *run)
{
	if (!run->base_dir_made)
		return;
	if (torture_group_setup(run) == STATUS_SUCCESS) {
		torture_group_rmtree(run, run->base_dir);
		torture_group_teardown(run);
	}
}

int torture_run_all(struct torture_run *run, const char *const *sel, unsigned nsel)
{
	char scratch[] = "/tmp/smbsim-torture-XXXXXX";
	char xml[sizeof(scratch) + 16];
	double t0 = torture_now_ms();
	int rc = 0;

	/* cmocka's own report: into a scratch file, removed afterwards. */
	if (!mkdtemp(scratch))
		return -1;
	snprintf(xml, sizeof(xml), "%s/cm.xml", scratch);
	setenv("CMOCKA_XML_FILE", xml, 1);
	cmocka_set_message_output(CM_OUTPUT_XML);
	for (struct torture_suite *s = torture_suites(); s && rc == 0; s = s->next)
		rc = run_suite(run, s, sel, nsel);
	remove_base_dir(run);
	unlink(xml);
	rmdir(scratch);
	run->duration_ms = torture_now_ms() - t0;
	return rc;
}

void torture_run_free(struct torture_run *run)
{
	for (size_t i = 0; i < run->noutcomes; i++) {
		free(run->outcomes[i].message);
		free(run->outcomes[i].pcap);
		free(run->outcomes[i].log);
	}
	free(run->outcomes);
	run->outcomes = NULL;
	run->noutcomes = 0;
	torture_opts_free(&run->opts);
	if (run->profile) {
		torture_profile_free(run->profile);
		free(run->profile);
		run->profile = NULL;
	}
}
