/* --json FILE: the results document (schema in reports/README.md). */
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "torture/runner.h"

static json_t *caps_json(uint32_t caps)
{
	static const struct {
		uint32_t bit;
		const char *name;
	} names[] = {
		{ SMB2_GLOBAL_CAP_DFS, "DFS" },
		{ SMB2_GLOBAL_CAP_LEASING, "LEASING" },
		{ SMB2_GLOBAL_CAP_LARGE_MTU, "LARGE_MTU" },
		{ SMB2_GLOBAL_CAP_MULTI_CHANNEL, "MULTI_CHANNEL" },
		{ SMB2_GLOBAL_CAP_PERSISTENT_HANDLES, "PERSISTENT_HANDLES" },
		{ SMB2_GLOBAL_CAP_DIRECTORY_LEASING, "DIRECTORY_LEASING" },
		{ SMB2_GLOBAL_CAP_ENCRYPTION, "ENCRYPTION" },
		{ SMB2_GLOBAL_CAP_NOTIFICATIONS, "NOTIFICATIONS" },
	};
	json_t *a = json_array();

	for (size_t i = 0; a && i < sizeof(names) / sizeof(names[0]); i++)
		if (caps & names[i].bit)
			json_array_append_new(a, json_string(names[i].name));
	return a;
}

static json_t *server_json(const struct torture_run *run)
{
	const struct torture_server *s = &run->srv;
	char guid[40];
	const uint8_t *g = s->guid;

	if (!run->have_srv)
		return json_null();
	/* The GUID in its usual text form (MS-DTYP 2.3.4.3). */
	snprintf(guid, sizeof(guid),
	         "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", g[3],
	         g[2], g[1], g[0], g[5], g[4], g[7], g[6], g[8], g[9], g[10], g[11], g[12], g[13],
	         g[14], g[15]);
	return json_pack("{s:s, s:s, s:o, s:b}", "dialect", torture_dialect_name(s->dialect),
	                 "guid", guid, "capabilities", caps_json(s->capabilities),
	                 "signing_required",
	                 (s->security_mode & SMB2_NEGOTIATE_SIGNING_REQUIRED) != 0);
}

static json_t *spec_json(const char *spec)
{
	json_t *a = json_array();
	const char *p = spec;

	while (a && *p) {
		const char *e = strchr(p, ';');
		size_t n = e ? (size_t)(e - p) : strlen(p);

		while (n && (*p == ' '))
			p++, n--;
		while (n && p[n - 1] == ' ')
			n--;
		if (n)
			json_array_append_new(a, json_stringn(p, n));
		p = e ? e + 1 : p + strlen(p);
	}
	return a;
}

static json_t *nullable(const char *s)
{
	return s ? json_string(s) : json_null();
}

static json_t *test_json(const struct torture_outcome *o)
{
	char id[512];
	json_t *expect = json_null();

	snprintf(id, sizeof(id), "%s.%s", o->suite->name, o->test->name);
	if (o->expect && o->expect->expect != TORTURE_EXPECT_NONE)
		expect = json_pack("{s:s, s:s, s:o}", "result",
		                   o->expect->expect == TORTURE_EXPECT_FAIL ? "fail" : "skip",
		                   "reason", o->expect->reason, "ref", nullable(o->expect->ref));
	return json_pack("{s:s, s:s, s:s, s:s, s:o, s:s, s:s, s:o, s:o, s:f, s:o}", "id", id,
	                 "suite", o->suite->name, "name", o->test->name, "doc", o->test->doc,
	                 "spec", spec_json(o->test->spec), "result",
	                 torture_result_name(o->result), "message",
	                 o->message ? o->message : "", "expected", expect, "variant",
	                 nullable(o->expect ? o->expect->variant : NULL), "duration_ms", o->ms,
	                 "pcap", nullable(o->pcap));
}

int torture_write_json(const struct torture_run *run, const char *path)
{
	json_t *tests = json_array(), *totals = json_object(), *doc;
	size_t count[TORTURE_NRESULTS] = { 0 };
	int rc;

	for (size_t i = 0; tests && i < run->noutcomes; i++) {
		json_array_append_new(tests, test_json(&run->outcomes[i]));
		count[run->outcomes[i].result]++;
	}
	for (int r = 0; totals && r < TORTURE_NRESULTS; r++)
		json_object_set_new(totals, torture_result_name((enum torture_result)r),
		                    json_integer((json_int_t)count[r]));
	doc = json_pack(
		"{s:s, s:{s:s, s:s, s:o, s:o, s:o, s:s, s:f, s:s, s:s, s:o}, s:o, s:o}", "schema",
		"smbsim-torture-results/1", "run", "label", run->label, "target", run->tgt.unc,
		"profile", nullable(run->profile ? run->profile->name : NULL), "profile_file",
		nullable(run->profile ? run->profile->path : NULL), "server", server_json(run),
		"started", run->started, "duration_ms", run->duration_ms, "command", run->command,
		"tool", "smbsim-torture " SMBSIM_TORTURE_VERSION, "pcap_dir", nullable(run->pcap_dir),
		"tests", tests, "totals", totals);
	if (!doc)
		return -1;
	rc = json_dump_file(doc, path, JSON_INDENT(1) | JSON_ENSURE_ASCII);
	json_decref(doc);
	return rc;
}
