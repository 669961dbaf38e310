/*
 * `smbsim-replay run`: re-drive the client side of a capture against a
 * target server with the reference client library, and report where the
 * target's answers diverge from the captured ones (pcap-replay/README-run.md).
 *
 *   smbsim-replay run FILE --target //HOST[:PORT]/SHARE -U [DOMAIN\]USER%PASSWORD
 *                    [--stream N]... [--pace asap|original|xN] [--parallel]
 *                    [--keep-open] [--report FILE] [--keys FILE] [--port N]...
 *                    [--timeout MS] [--ignore RULE]...
 *
 * Exit status: 0 no divergence, 1 divergences, 2 usage, an unreadable
 * capture or keys file, or a target that cannot be connected to,
 * negotiated with or logged on to.
 */
#ifndef SMBSIM_REPLAY_H
#define SMBSIM_REPLAY_H

/* The "run" subcommand: argv[0] is "run". */
int rp_cmd_run(int argc, char **argv);

#endif
