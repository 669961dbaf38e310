/*
 * `smbsim-replay run` (replay.h): parse the command line, read the capture
 * into a plan, replay it against the target over TCP, print the report
 * (and write it as JSON), and say by the exit status how it went.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <event2/event.h>

#include "pcap-replay/replay_int.h"
#include "sim-client/lib/cli_sync.h"

/* Exit statuses (replay.h). */
#define RR_EXIT_OK 0
#define RR_EXIT_DIVERGED 1
#define RR_EXIT_ERROR 2

static NTSTATUS tcp_connect(void *arg, struct event_base *base, const struct cli_conn_opts *co,
                            struct cli_conn **out)
{
	const struct rr_options *o = arg;
	char hp[RR_NAME_MAX + 16];
	bool v6 = strchr(o->host, ':') != NULL;

	snprintf(hp, sizeof(hp), "%s%s%s:%u", v6 ? "[" : "", o->host, v6 ? "]" : "",
	         o->port ? o->port : RP_SMB_PORT);
	return cli_connect(base, hp, co, out);
}

static void target_text(const struct rr_options *o, char *buf, size_t len)
{
	bool v6 = strchr(o->host, ':') != NULL;

	snprintf(buf, len, "//%s%s%s:%u/%s", v6 ? "[" : "", o->host, v6 ? "]" : "",
	         o->port ? o->port : RP_SMB_PORT, o->share);
}

static int replay(const struct rr_options *o, struct rp_keyring *keys)
{
	struct rp_options ro;
	struct rr_report rep;
	struct rr_plan plan;
	struct rr_engine eng;
	struct event_base *base = NULL;
	char err[512], target[RR_NAME_MAX * 2 + 16];
	int rc = RR_EXIT_ERROR;

	memset(&ro, 0, sizeof(ro));
	ro.ports = o->ports;
	ro.port_count = o->n_ports;
	ro.keys = keys;
	rr_report_init(&rep);
	rr_plan_init(&plan, o->select, o->n_select, &rep);
	target_text(o, target, sizeof(target));
	if (rr_plan_load(&plan, o->capture, &ro, err, sizeof(err)) != 0) {
		fprintf(stderr, "smbsim-replay run: %s\n", err);
		goto out;
	}
	base = event_base_new();
	if (!base || rr_engine_init(&eng, &plan, o, &rep, base, tcp_connect, (void *)o) != 0) {
		fprintf(stderr, "smbsim-replay run: out of memory\n");
		if (base)
			rr_engine_free(&eng);
		goto out;
	}
	rr_engine_run(&eng);
	rr_engine_free(&eng);
	if (eng.oom)
		fprintf(stderr, "smbsim-replay run: out of memory during the replay: the report is "
		        "incomplete\n");
	rr_report_text(&rep, o->capture, target, stdout);
	fflush(stdout);
	rc = rep.fatal || eng.oom ? RR_EXIT_ERROR
	                          : rep.divergences ? RR_EXIT_DIVERGED : RR_EXIT_OK;
	if (o->report && rr_report_json(&rep, o->capture, target, o->report, err, sizeof(err)) != 0) {
		fprintf(stderr, "smbsim-replay run: %s\n", err);
		rc = RR_EXIT_ERROR;
	}
out:
	rr_plan_free(&plan);
	rr_report_free(&rep);
	if (base)
		event_base_free(base);
	return rc;
}

int rp_cmd_run(int argc, char **argv)
{
	struct rr_options *o = calloc(1, sizeof(*o));
	struct rp_keyring *keys = NULL;
	char err[512];
	int rc;

	if (!o) {
		fprintf(stderr, "smbsim-replay run: out of memory\n");
		return RR_EXIT_ERROR;
	}
	rc = rr_args_parse(argc, argv, o, stdout, err, sizeof(err));
	if (rc != 0) {
		if (rc < 0) {
			fprintf(stderr, "smbsim-replay run: %s\n", err);
			rr_usage(stderr);
		}
		free(o);
		return rc > 0 ? RR_EXIT_OK : RR_EXIT_ERROR;
	}
	if (o->keys && rp_keyring_load(o->keys, &keys, err, sizeof(err)) != 0) {
		fprintf(stderr, "smbsim-replay run: %s\n", err);
		free(o);
		return RR_EXIT_ERROR;
	}
	rc = replay(o, keys);
	rp_keyring_free(keys);
	memset(o->password, 0, sizeof(o->password));
	free(o);
	return rc;
}
