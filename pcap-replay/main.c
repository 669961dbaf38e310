/*
 * smbsim-replay: SMB2/3 packet captures, read through the project's own
 * codec.  `smbsim-replay COMMAND ARGS...`; each command is a function in
 * the table below (cmds.h), in a file of its own.
 */
#include <stdio.h>
#include <string.h>

#include "crypto/crypto_ctx.h"
#include "pcap-replay/cmds.h"
#include "pcap-replay/replay.h"

struct rp_cmd {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *what;
};

static const struct rp_cmd cmds[] = {
	{ "dump", rp_cmd_dump, "decode every SMB2 message of a capture (text or JSON)" },
	{ "run", rp_cmd_run, "re-drive a capture's clients against a server, report divergences" },
};

static void usage(FILE *f)
{
	size_t i;

	fprintf(f, "usage: smbsim-replay COMMAND [ARGS...]\n");
	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
		fprintf(f, "  %-8s %s\n", cmds[i].name, cmds[i].what);
	fprintf(f, "`smbsim-replay COMMAND --help` describes a command.\n");
}

int main(int argc, char **argv)
{
	size_t i;
	int rc;

	if (argc < 2) {
		usage(stderr);
		return RP_EXIT_USAGE;
	}
	if (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help") || !strcmp(argv[1], "help")) {
		usage(stdout);
		return RP_EXIT_OK;
	}
	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++) {
		if (strcmp(argv[1], cmds[i].name) == 0) {
			rc = cmds[i].run(argc - 1, argv + 1);
			smb2_crypto_cleanup();
			return rc;
		}
	}
	fprintf(stderr, "smbsim-replay: unknown command '%s'\n", argv[1]);
	usage(stderr);
	return RP_EXIT_USAGE;
}
