/*
 * `smbsim-replay dump`: every event of a capture, as text lines or JSON
 * lines (dump.h), then a summary.  Exit status (cmds.h): 0 when every
 * message decoded, 1 when damage was reported (it is printed where it
 * happened, in order, and the reading went on), 2 for bad arguments, an
 * unreadable keys file or a file that is not a capture.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pcap-replay/capture.h"
#include "pcap-replay/cmds.h"
#include "pcap-replay/dump.h"

/* stdout buffer: lines are short and many. */
#define DUMP_OUT_BUF (1u << 20)

static void dump_usage(FILE *f)
{
	fprintf(f,
	        "usage: smbsim-replay dump FILE [--json] [--keys KEYFILE] [--port N]...\n"
	        "                          [--ooo-max BYTES]\n"
	        "  FILE       pcap or pcapng (- for stdin); Ethernet, Linux cooked v1/v2,\n"
	        "             raw IPv4/IPv6, BSD loopback; VLAN tags; IPv4 and IPv6\n"
	        "  --json     JSON lines: one JSON document per line, one per message or\n"
	        "             damage report, a summary document last (not one array)\n"
	        "  --keys     session keys, one line per session:\n"
	        "               SESSIONID SESSIONKEY [S2C_KEY C2S_KEY]\n"
	        "             (0x-prefixed id as shown, or 16 hex digits in wire order; keys\n"
	        "             in hex; SESSIONKEY - when only cipher keys are known;\n"
	        "             Wireshark smb2_seskey_list lines id,key,s2c,c2s work too):\n"
	        "             encrypted messages are decrypted, signatures checked\n"
	        "  --port N   also decode TCP port N (445 always; repeatable, up to %d)\n"
	        "  --ooo-max  out-of-order bytes held per stream direction before a hole\n"
	        "             is declared a gap (default %u)\n"
	        "Text: FRAME TIME sSTREAM C>S|S>C COMMAND req|rsp STATUS mid= sid= tid=|async=\n"
	        "      FIELDS [chain=I/N [rel]] [enc] [sig=ok|bad|?]; damage lines start with\n"
	        "      DAMAGE and name the frame and the offset.\n"
	        "Exit status: 0 all decoded, 1 damage reported, 2 usage error or unreadable\n"
	        "file.\n",
	        RP_MAX_EXTRA_PORTS, RP_OOO_MAX);
}

static int parse_num(const char *s, unsigned long long max, unsigned long long *out)
{
	char *end;
	unsigned long long v;

	if (!s || !*s || *s == '-')
		return -1;
	errno = 0;
	v = strtoull(s, &end, 0);
	if (errno || *end || v == 0 || v > max)
		return -1;
	*out = v;
	return 0;
}

struct dump_args {
	const char *file;
	const char *keys;
	bool json;
	uint16_t ports[RP_MAX_EXTRA_PORTS];
	unsigned nports;
	size_t ooo_max;
};

static int parse_args(int argc, char **argv, struct dump_args *a)
{
	int i;
	unsigned long long v;

	memset(a, 0, sizeof(*a));
	for (i = 1; i < argc; i++) {
		const char *s = argv[i];

		if (!strcmp(s, "--json")) {
			a->json = true;
		} else if (!strcmp(s, "--keys") && i + 1 < argc) {
			a->keys = argv[++i];
		} else if (!strcmp(s, "--port") && i + 1 < argc) {
			if (parse_num(argv[++i], 65535, &v)) {
				fprintf(stderr, "smbsim-replay dump: --port %s: a port is 1..65535\n",
				        argv[i]);
				return -1;
			}
			if (a->nports == RP_MAX_EXTRA_PORTS) {
				fprintf(stderr, "smbsim-replay dump: more than %d --port\n",
				        RP_MAX_EXTRA_PORTS);
				return -1;
			}
			a->ports[a->nports++] = (uint16_t)v;
		} else if (!strcmp(s, "--ooo-max") && i + 1 < argc) {
			if (parse_num(argv[++i], (unsigned long long)1 << 32, &v)) {
				fprintf(stderr, "smbsim-replay dump: --ooo-max %s: 1..4294967296 "
				                "bytes\n", argv[i]);
				return -1;
			}
			a->ooo_max = (size_t)v;
		} else if (s[0] == '-' && s[1] != '\0') {
			fprintf(stderr, "smbsim-replay dump: unknown option or missing value: %s\n",
			        s);
			return -1;
		} else if (a->file) {
			fprintf(stderr, "smbsim-replay dump: one capture file only (%s, %s)\n",
			        a->file, s);
			return -1;
		} else {
			a->file = s;
		}
	}
	if (!a->file) {
		fprintf(stderr, "smbsim-replay dump: no capture file given\n");
		return -1;
	}
	return 0;
}

int rp_cmd_dump(int argc, char **argv)
{
	struct dump_args a;
	struct rp_keyring *keys = NULL;
	struct rp_capture *cap = NULL;
	struct rp_options o;
	struct rp_event ev;
	struct rp_stats st;
	char err[512];
	int rc = RP_EXIT_OK, werr = 0;

	if (argc >= 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
		dump_usage(stdout);
		return RP_EXIT_OK;
	}
	if (parse_args(argc, argv, &a)) {
		dump_usage(stderr);
		return RP_EXIT_USAGE;
	}
	if (a.keys && rp_keyring_load(a.keys, &keys, err, sizeof(err))) {
		fprintf(stderr, "smbsim-replay dump: keys: %s\n", err);
		return RP_EXIT_USAGE;
	}
	memset(&o, 0, sizeof(o));
	o.ports = a.ports;
	o.port_count = a.nports;
	o.keys = keys;
	o.ooo_max = a.ooo_max;
	if (rp_capture_open(a.file, &o, &cap, err, sizeof(err))) {
		fprintf(stderr, "smbsim-replay dump: %s\n", err);
		rp_keyring_free(keys);
		return RP_EXIT_USAGE;
	}
	setvbuf(stdout, NULL, _IOFBF, DUMP_OUT_BUF);
	while (rp_capture_next(cap, &ev) == RP_NEXT_EVENT) {
		if (ev.kind == RP_EV_MESSAGE) {
			if (a.json)
				werr |= rp_json_message(stdout, ev.msg);
			else
				rp_text_message(stdout, ev.msg);
		} else if (a.json) {
			werr |= rp_json_damage(stdout, ev.damage);
		} else {
			rp_text_damage(stdout, ev.damage);
		}
	}
	rp_capture_stats(cap, &st);
	if (a.json)
		werr |= rp_json_summary(stdout, a.file, &st);
	else
		rp_text_summary(stdout, a.file, &st);
	if (fflush(stdout) != 0 || ferror(stdout) || werr) {
		fprintf(stderr, "smbsim-replay dump: writing the output failed\n");
		rc = RP_EXIT_USAGE;
	} else if (st.damage) {
		fprintf(stderr, "smbsim-replay dump: %s: %llu damage reports (see the DAMAGE %s)\n",
		        a.file, (unsigned long long)st.damage, a.json ? "documents" : "lines");
		rc = RP_EXIT_DAMAGE;
	}
	rp_capture_close(cap);
	rp_keyring_free(keys);
	return rc;
}
