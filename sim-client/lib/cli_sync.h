/*
 * Sync wrappers of the reference client: each runs the connection's event
 * loop until its requests complete (bounded by the connection's timeout,
 * a safety net: STATUS_IO_TIMEOUT) and returns the NTSTATUS of the
 * exchange.  For the CLI, the interop tests and simple torture tests.
 */
#ifndef SMBSIM_CLI_SYNC_H
#define SMBSIM_CLI_SYNC_H

#include "sim-client/lib/cli.h"
#include "sim-client/lib/cli_file.h"

/* TCP to "host:port" (port 445 when omitted) via lib/net/tcp.h; waits for
 * the connection.  opts may be NULL. */
NTSTATUS cli_connect(struct event_base *base, const char *host_port,
                     const struct cli_conn_opts *opts, struct cli_conn **out);

/* cli_connect, with the connected TCP transport handed to wrap() first
 * (a fault filter, a capture tap): wrap takes ownership of lower and
 * returns 0 with *out, the transport the connection uses, or non-zero
 * (then lower is still the caller's and is freed here). */
typedef int (*cli_wrap_fn)(void *arg, struct smb_transport *lower, struct smb_transport **out);
NTSTATUS cli_connect_wrap(struct event_base *base, const char *host_port,
                          const struct cli_conn_opts *opts, cli_wrap_fn wrap, void *wrap_arg,
                          struct cli_conn **out);

/* NEGOTIATE offering every dialect in [min, max] (0: the connection's
 * options), with 3.1.1 contexts (preauth SHA-512, ciphers, signing). */
NTSTATUS cli_negotiate(struct cli_conn *c, uint16_t min, uint16_t max);

/* SESSION_SETUP rounds (SPNEGO/NTLMv2 through lib/auth/gensec.h) until
 * success or failure; user "" and password NULL is anonymous.  On an
 * established session this is a reauthentication (keys unchanged). */
NTSTATUS cli_session_setup(struct cli_session *s, const char *user, const char *domain,
                           const char *password);
/* cli_session_new + cli_session_setup; frees the session on failure. */
NTSTATUS cli_login(struct cli_conn *c, const char *user, const char *domain,
                   const char *password, struct cli_session **out);
NTSTATUS cli_logoff(struct cli_session *s);

/* TREE_CONNECT to "\\server\share" (UTF-8); on 3.0/3.0.2 followed by
 * FSCTL_VALIDATE_NEGOTIATE_INFO (MS-SMB2 3.2.5.5) when the session signs. */
NTSTATUS cli_tree_connect(struct cli_session *s, const char *unc, struct cli_tree **out);
/* TREE_DISCONNECT, then frees t (also on failure). */
NTSTATUS cli_tree_disconnect(struct cli_tree *t);
void cli_tree_free(struct cli_tree *t);

NTSTATUS cli_create(struct cli_tree *t, const char *name, const struct cli_create_args *a,
                    struct cli_open *out);
NTSTATUS cli_close(struct cli_tree *t, struct smb2_fileid fid);
/* Read up to len bytes at off, in chunks of the negotiated maximum (and
 * the credits held); *got is what arrived before EOF. */
NTSTATUS cli_read(struct cli_tree *t, struct smb2_fileid fid, uint64_t off, uint8_t *buf,
                  size_t len, size_t *got);
/* Write all of buf at off, in chunks (multi-credit when negotiated). */
NTSTATUS cli_write(struct cli_tree *t, struct smb2_fileid fid, uint64_t off,
                   const uint8_t *buf, size_t len);
NTSTATUS cli_flush(struct cli_tree *t, struct smb2_fileid fid);

/* Every entry of an open directory matching pattern ("*" when NULL), in
 * FileIdBothDirectoryInformation; fn gets each with its UTF-8 name and
 * may return non-zero to stop. */
typedef int (*cli_dirent_fn)(void *arg, const struct smb2_dirent *e, const char *name);
NTSTATUS cli_query_directory(struct cli_tree *t, struct smb2_fileid fid, const char *pattern,
                             cli_dirent_fn fn, void *arg);
/* QUERY_INFO; *buf (malloc'ed, caller frees) holds the output buffer. */
NTSTATUS cli_query_info(struct cli_tree *t, struct smb2_fileid fid, uint8_t type,
                        uint8_t cls, uint32_t addl, uint8_t **buf, size_t *len);
NTSTATUS cli_set_info(struct cli_tree *t, struct smb2_fileid fid, uint8_t type, uint8_t cls,
                      uint32_t addl, const uint8_t *buf, uint32_t len);
/* SET_INFO of a file information class, encoded from fi (MS-FSCC 2.4). */
NTSTATUS cli_set_fileinfo(struct cli_tree *t, struct smb2_fileid fid,
                          const struct smb2_fileinfo *fi);
/* SET_INFO helpers: rename (new name relative to the share), delete on
 * close, end of file. */
NTSTATUS cli_rename(struct cli_tree *t, struct smb2_fileid fid, const char *new_name,
                    bool replace);
NTSTATUS cli_set_delete_on_close(struct cli_tree *t, struct smb2_fileid fid, bool on);
NTSTATUS cli_set_eof(struct cli_tree *t, struct smb2_fileid fid, uint64_t eof);

/* Path helpers: create a directory; delete a file; delete an empty
 * directory (open with DELETE, set delete on close, close). */
NTSTATUS cli_mkdir(struct cli_tree *t, const char *path);
NTSTATUS cli_unlink(struct cli_tree *t, const char *path);
NTSTATUS cli_rmdir(struct cli_tree *t, const char *path);

NTSTATUS cli_echo(struct cli_conn *c);

#endif
