/*
 * The subcommands of smbsim-replay, each `int cmd(int argc, char **argv)`
 * with argv[0] the subcommand's name, returning the exit status.  main.c
 * dispatches through a table: a new subcommand is its file, its line here
 * and its line in that table.
 */
#ifndef SMBSIM_REPLAY_CMDS_H
#define SMBSIM_REPLAY_CMDS_H

/* Exit statuses shared by the subcommands. */
#define RP_EXIT_OK 0       /* everything decoded */
#define RP_EXIT_DAMAGE 1   /* damage was reported (the rest was decoded) */
#define RP_EXIT_USAGE 2    /* bad arguments, unreadable capture or keys */

int rp_cmd_dump(int argc, char **argv);

#endif
