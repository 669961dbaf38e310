/* --junit FILE: JUnit XML for CI systems, one <testsuite> per suite.
 * expected-fail and skip are <skipped/> (with the reason), fail and
 * unexpected-pass are <failure/>. */
#include <stdio.h>
#include <string.h>

#include "torture/runner.h"

static void esc(FILE *f, const char *s)
{
	for (; s && *s; s++) {
		unsigned char c = (unsigned char)*s;

		switch (c) {
		case '<': fputs("&lt;", f); break;
		case '>': fputs("&gt;", f); break;
		case '&': fputs("&amp;", f); break;
		case '"': fputs("&quot;", f); break;
		default:
			/* XML 1.0 has no other control characters. */
			if (c < 0x20 && c != '\t' && c != '\n' && c != '\r')
				fprintf(f, "\\x%02x", c);
			else
				fputc(c, f);
		}
	}
}

int torture_write_junit(const struct torture_run *run, const char *path)
{
	FILE *f = fopen(path, "w");

	if (!f)
		return -1;
	fprintf(f, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"");
	esc(f, run->label);
	fprintf(f, "\" time=\"%.3f\">\n", run->duration_ms / 1e3);
	for (size_t i = 0; i < run->noutcomes;) {
		const struct torture_suite *s = run->outcomes[i].suite;
		size_t j = i, fails = 0, skips = 0;
		double ms = 0;

		for (; j < run->noutcomes && run->outcomes[j].suite == s; j++) {
			enum torture_result r = run->outcomes[j].result;

			fails += r == TORTURE_FAIL || r == TORTURE_XPASS;
			skips += r == TORTURE_SKIP || r == TORTURE_XFAIL;
			ms += run->outcomes[j].ms;
		}
		fprintf(f, "  <testsuite name=\"%s\" tests=\"%zu\" failures=\"%zu\" skipped=\"%zu\" "
		        "time=\"%.3f\">\n", s->name, j - i, fails, skips, ms / 1e3);
		for (; i < j; i++) {
			const struct torture_outcome *o = &run->outcomes[i];

			fprintf(f, "    <testcase classname=\"%s\" name=\"%s\" time=\"%.3f\">\n",
			        s->name, o->test->name, o->ms / 1e3);
			fprintf(f, "      <properties><property name=\"spec\" value=\"");
			esc(f, o->test->spec);
			fprintf(f, "\"/><property name=\"result\" value=\"%s\"/></properties>\n",
			        torture_result_name(o->result));
			if (o->result == TORTURE_FAIL || o->result == TORTURE_XPASS) {
				fprintf(f, "      <failure message=\"");
				esc(f, o->message);
				fprintf(f, "\">");
				esc(f, o->pcap ? o->pcap : "");
				fprintf(f, "</failure>\n");
			} else if (o->result == TORTURE_SKIP || o->result == TORTURE_XFAIL) {
				fprintf(f, "      <skipped message=\"");
				if (o->result == TORTURE_XFAIL)
					fprintf(f, "expected-fail: ");
				esc(f, o->result == TORTURE_XFAIL && o->expect ? o->expect->reason
				                                                : o->message);
				fprintf(f, "\"/>\n");
			}
			fprintf(f, "    </testcase>\n");
		}
		fprintf(f, "  </testsuite>\n");
	}
	fprintf(f, "</testsuites>\n");
	return fclose(f) == 0 ? 0 : -1;
}
