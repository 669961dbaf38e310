/*
 * smbsim-torture: the conformance runner (torture/README.md).
 *
 *   smbsim-torture [options] //HOST[:PORT]/SHARE SUITE[.TEST]...
 *
 * Exit status: 0 when every test passed, was skipped or failed as the
 * profile expects; 1 when a test failed or passed unexpectedly; 2 for a
 * usage or profile error.
 */
#include <event2/event.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "torture/runner.h"
#include "torture/target.h"

#define DEFAULT_TIMEOUT_S 10
#define MAX_SELECTORS 256

static void usage(FILE *f)
{
	fprintf(f,
	        "usage: smbsim-torture [options] //HOST[:PORT]/SHARE SUITE[.TEST]...\n"
	        "       smbsim-torture --list [SUITE[.TEST]...]\n"
	        "\n"
	        "SUITE[.TEST] may use globs (\"create.*\", \"*.malformed_*\"); \"all\" runs everything.\n"
	        "\n"
	        "  -U, --user [DOMAIN\\]USER[%%PASSWORD]   log on as USER (default: guest-less \"\")\n"
	        "  --list                 list suites and tests with the sections they check\n"
	        "  --profile FILE         target profile: expected differences, variants, options\n"
	        "  --option KEY=VALUE     a setting for the suites (torture/README.md lists them)\n"
	        "  --address HOST[:PORT]  a further address of the server (multi-channel); repeatable\n"
	        "  --node HOST[:PORT]     a further cluster node (failover); repeatable\n"
	        "  --json FILE            results as JSON (schema: reports/README.md)\n"
	        "  --junit FILE           results as JUnit XML\n"
	        "  --pcap-dir DIR         keep a capture (and session keys) of each failing test\n"
	        "  --timeout SECONDS      bound on every wait for the server (default %d)\n"
	        "  --label NAME           the target's name in reports (default: profile or host)\n"
	        "  -v, --verbose          print every test's log\n"
	        "  -h, --help             this text\n",
	        DEFAULT_TIMEOUT_S);
}

static int list_tests(FILE *f, const char *const *sel, unsigned nsel)
{
	for (const struct torture_suite *s = torture_suites(); s; s = s->next) {
		bool header = false;

		for (size_t i = 0; i < s->ntests; i++) {
			const struct torture_test *tt = &s->tests[i];
			bool pick = nsel == 0;

			for (unsigned k = 0; k < nsel && !pick; k++)
				pick = torture_selects(sel[k], s, tt);
			if (!pick)
				continue;
			if (!header)
				fprintf(f, "%s: %s\n", s->name, s->doc);
			header = true;
			fprintf(f, "  %s.%s  [%s]\n      %s\n", s->name, tt->name, tt->spec, tt->doc);
		}
	}
	return 0;
}

/* Profile entries must name tests that exist (typos would hide results). */
static int check_profile(const struct torture_profile *p)
{
	int rc = 0;

	for (unsigned i = 0; i < p->n; i++) {
		bool any = false;

		for (const struct torture_suite *s = torture_suites(); s && !any; s = s->next)
			for (size_t k = 0; k < s->ntests && !any; k++)
				any = torture_selects(p->e[i].pattern, s, &s->tests[k]);
		if (!any) {
			fprintf(stderr, "smbsim-torture: %s:%d: [%s] matches no test\n", p->path,
			        p->e[i].line, p->e[i].pattern);
			rc = -1;
		}
	}
	return rc;
}

static void print_summary(const struct torture_run *run)
{
	size_t total[TORTURE_NRESULTS] = { 0 };

	fprintf(run->out, "\n%-16s %6s %6s %6s %6s %6s\n", "suite", "pass", "fail", "skip",
	        "xfail", "xpass");
	for (size_t i = 0; i < run->noutcomes;) {
		const struct torture_suite *s = run->outcomes[i].suite;
		size_t c[TORTURE_NRESULTS] = { 0 };

		for (; i < run->noutcomes && run->outcomes[i].suite == s; i++) {
			c[run->outcomes[i].result]++;
			total[run->outcomes[i].result]++;
		}
		fprintf(run->out, "%-16s %6zu %6zu %6zu %6zu %6zu\n", s->name, c[0], c[1], c[2],
		        c[3], c[4]);
	}
	fprintf(run->out, "%-16s %6zu %6zu %6zu %6zu %6zu   (%zu tests, %.2f s)\n", "total",
	        total[0], total[1], total[2], total[3], total[4], run->noutcomes,
	        run->duration_ms / 1e3);
}

static void record_command(struct torture_run *run, int argc, char **argv)
{
	size_t off = 0;

	for (int i = 0; i < argc && off < sizeof(run->command) - 1; i++) {
		const char *a = argv[i];
		const char *pct = (i > 0 && (!strcmp(argv[i - 1], "-U") ||
		                            !strcmp(argv[i - 1], "--user"))) ? strchr(a, '%') : NULL;
		int n = pct ? snprintf(run->command + off, sizeof(run->command) - off, "%s%.*s%%***",
		                       i ? " " : "", (int)(pct - a), a)
		            : snprintf(run->command + off, sizeof(run->command) - off, "%s%s",
		                       i ? " " : "", a);

		if (n < 0)
			break;
		off += (size_t)n;
	}
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "user", required_argument, NULL, 'U' },
		{ "list", no_argument, NULL, 'l' },
		{ "profile", required_argument, NULL, 'p' },
		{ "option", required_argument, NULL, 'o' },
		{ "address", required_argument, NULL, 'a' },
		{ "node", required_argument, NULL, 'n' },
		{ "json", required_argument, NULL, 'j' },
		{ "junit", required_argument, NULL, 'J' },
		{ "pcap-dir", required_argument, NULL, 'P' },
		{ "timeout", required_argument, NULL, 't' },
		{ "label", required_argument, NULL, 'L' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	static struct torture_run run;
	const char *json = NULL, *junit = NULL, *profile = NULL, *user = NULL;
	const char *sel[MAX_SELECTORS];
	unsigned nsel = 0;
	bool list = false;
	char err[1024];
	int c, rc = 0;
	time_t now = time(NULL);

	run.out = stdout;
	run.tgt.timeout_ms = DEFAULT_TIMEOUT_S * 1000;
	if (torture_registry_check(err, sizeof(err))) {
		fprintf(stderr, "smbsim-torture: %s\n", err);
		return 2;
	}
	while ((c = getopt_long(argc, argv, "U:vh", longopts, NULL)) != -1) {
		char *end;
		long v;
		struct torture_target *tg = &run.tgt;
		char host[256];

		switch (c) {
		case 'U': user = optarg; break;
		case 'l': list = true; break;
		case 'p': profile = optarg; break;
		case 'o':
			if (torture_opts_set(&run.opts, optarg, "--option", err, sizeof(err)))
				goto usage_err;
			break;
		case 'a':
		case 'n': {
			unsigned *cnt = c == 'a' ? &tg->naddrs : &tg->nnodes;
			char(*dst)[300] = c == 'a' ? tg->addrs : tg->nodes;

			if (*cnt >= TORTURE_MAX_ADDRS ||
			    torture_parse_hostport(optarg, strlen(optarg), host, sizeof(host),
			                           dst[*cnt], sizeof(dst[0]))) {
				snprintf(err, sizeof(err), "--%s %s: want HOST[:PORT], at most %d",
				         c == 'a' ? "address" : "node", optarg, TORTURE_MAX_ADDRS);
				goto usage_err;
			}
			(*cnt)++;
			break;
		}
		case 'j': json = optarg; break;
		case 'J': junit = optarg; break;
		case 'P': run.pcap_dir = optarg; break;
		case 't':
			v = strtol(optarg, &end, 10);
			if (end == optarg || *end || v < 1 || v > 3600) {
				snprintf(err, sizeof(err), "--timeout %s: want 1..3600 seconds", optarg);
				goto usage_err;
			}
			tg->timeout_ms = (int)v * 1000;
			break;
		case 'L': run.label = optarg; break;
		case 'v': run.verbose = true; break;
		case 'h': usage(stdout); return 0;
		default: usage(stderr); return 2;
		}
	}
	if (list) {
		for (int i = optind; i < argc && nsel < MAX_SELECTORS; i++)
			sel[nsel++] = argv[i];
		return list_tests(stdout, sel, nsel);
	}
	if (argc - optind < 2) {
		snprintf(err, sizeof(err), "want a target and at least one SUITE[.TEST]");
		goto usage_err;
	}
	if (torture_parse_target(&run.tgt, argv[optind], err, sizeof(err)))
		goto usage_err;
	if (user && torture_parse_user(&run.tgt, user, err, sizeof(err)))
		goto usage_err;
	for (int i = optind + 1; i < argc; i++) {
		if (nsel >= MAX_SELECTORS) {
			snprintf(err, sizeof(err), "more than %d selectors", MAX_SELECTORS);
			goto usage_err;
		}
		sel[nsel++] = argv[i];
	}
	if (profile) {
		/* --option on the command line wins over the profile's. */
		struct torture_opts cmdline = run.opts;

		memset(&run.opts, 0, sizeof(run.opts));
		if (!(run.profile = calloc(1, sizeof(*run.profile))) ||
		    torture_profile_load(run.profile, profile, &run.opts, err, sizeof(err)) ||
		    check_profile(run.profile)) {
			fprintf(stderr, "smbsim-torture: %s\n",
			        run.profile ? err : "out of memory");
			torture_opts_free(&cmdline);
			torture_run_free(&run);
			return 2;
		}
		for (unsigned i = 0; i < cmdline.n; i++) {
			char kv[TORTURE_MAX_LINE];

			snprintf(kv, sizeof(kv), "%s=%s", cmdline.kv[i].key, cmdline.kv[i].value);
			torture_opts_set(&run.opts, kv, "--option", err, sizeof(err));
		}
		torture_opts_free(&cmdline);
	}
	if (!run.label)
		run.label = run.profile ? run.profile->name : run.tgt.host;
	record_command(&run, argc, argv);
	strftime(run.started, sizeof(run.started), "%Y-%m-%dT%H:%M:%SZ", gmtime(&now));
	run.base = event_base_new();
	if (!run.base) {
		fprintf(stderr, "smbsim-torture: cannot make an event loop\n");
		torture_run_free(&run);
		return 2;
	}
	fprintf(run.out, "smbsim-torture %s: %s as %s%s%s%s%s\n", SMBSIM_TORTURE_VERSION,
	        run.tgt.unc, run.tgt.user[0] ? run.tgt.user : "(anonymous)",
	        run.profile ? ", profile " : "", run.profile ? run.profile->name : "",
	        run.pcap_dir ? ", captures of failures in " : "", run.pcap_dir ? run.pcap_dir : "");
	if (torture_run_all(&run, sel, nsel)) {
		fprintf(stderr, "smbsim-torture: out of memory\n");
		rc = 2;
	}
	if (rc == 0 && run.noutcomes == 0) {
		fprintf(stderr, "smbsim-torture: no test matches the selection (see --list)\n");
		rc = 2;
	}
	if (rc == 0) {
		print_summary(&run);
		for (size_t i = 0; i < run.noutcomes; i++)
			if (run.outcomes[i].result == TORTURE_FAIL ||
			    run.outcomes[i].result == TORTURE_XPASS)
				rc = 1;
	}
	if (json && torture_write_json(&run, json)) {
		fprintf(stderr, "smbsim-torture: cannot write %s\n", json);
		rc = rc ? rc : 2;
	}
	if (junit && torture_write_junit(&run, junit)) {
		fprintf(stderr, "smbsim-torture: cannot write %s\n", junit);
		rc = rc ? rc : 2;
	}
	torture_run_free(&run);
	event_base_free(run.base);
	return rc;
usage_err:
	fprintf(stderr, "smbsim-torture: %s\n(smbsim-torture --help for usage)\n", err);
	torture_run_free(&run);
	return 2;
}
