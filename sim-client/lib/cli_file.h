/*
 * Async builders for the file commands (file.c): each sends one request
 * on a tree (or, for ECHO, a connection) and hands back its future; the
 * caller waits (cli_wait) or sets a callback through cli_send() itself.
 * Overrides (ov) may be NULL.  Names are UTF-8 paths relative to the
 * share; '/' is sent as '\'.  Data buffers are copied into the frame
 * before the call returns.
 */
#ifndef SMBSIM_CLI_FILE_H
#define SMBSIM_CLI_FILE_H

#include "sim-client/lib/cli.h"
#include "wire/dirinfo.h"
#include "wire/fileinfo.h"

struct cli_create_args {
	uint32_t desired_access;     /* SMB2_FILE_* / SMB2_GENERIC_* */
	uint32_t file_attributes;
	uint32_t share_access;
	uint32_t disposition;        /* SMB2_FILE_OPEN, ... */
	uint32_t options;            /* SMB2_FILE_DIRECTORY_FILE, ... */
	uint8_t oplock;              /* SMB2_OPLOCK_LEVEL_* */
	const struct smb2_create_ctx *ctx;
	size_t ctx_count;
};

/* What CREATE answered (MS-SMB2 2.2.14), without the contexts. */
struct cli_open {
	struct smb2_fileid id;
	uint8_t oplock_level;
	uint32_t create_action;
	uint64_t creation_time, last_access_time, last_write_time, change_time;
	uint64_t allocation_size, end_of_file;
	uint32_t file_attributes;
};

/* A UTF-8 path to UTF-16LE with '\' separators (caller frees *out). */
NTSTATUS cli_path_utf16(const char *path, uint8_t **out, size_t *len);

NTSTATUS cli_create_send(struct cli_tree *t, const char *name, const struct cli_create_args *a,
                         const struct cli_override *ov, struct cli_req **req);
/* The open from a done CREATE request. */
NTSTATUS cli_create_recv(const struct cli_req *r, struct cli_open *out);
NTSTATUS cli_close_send(struct cli_tree *t, struct smb2_fileid fid, uint16_t flags,
                        const struct cli_override *ov, struct cli_req **req);
NTSTATUS cli_read_send(struct cli_tree *t, struct smb2_fileid fid, uint64_t off,
                       uint32_t len, const struct cli_override *ov, struct cli_req **req);
NTSTATUS cli_write_send(struct cli_tree *t, struct smb2_fileid fid, uint64_t off,
                        const uint8_t *data, uint32_t len, const struct cli_override *ov,
                        struct cli_req **req);
NTSTATUS cli_flush_send(struct cli_tree *t, struct smb2_fileid fid,
                        const struct cli_override *ov, struct cli_req **req);
NTSTATUS cli_query_directory_send(struct cli_tree *t, struct smb2_fileid fid, uint8_t cls,
                                  uint8_t flags, const char *pattern, uint32_t out_len,
                                  const struct cli_override *ov, struct cli_req **req);
NTSTATUS cli_query_info_send(struct cli_tree *t, struct smb2_fileid fid, uint8_t type,
                             uint8_t cls, uint32_t addl, uint32_t out_len,
                             const struct cli_override *ov, struct cli_req **req);
NTSTATUS cli_set_info_send(struct cli_tree *t, struct smb2_fileid fid, uint8_t type,
                           uint8_t cls, uint32_t addl, const uint8_t *buf, uint32_t len,
                           const struct cli_override *ov, struct cli_req **req);
NTSTATUS cli_lock_send(struct cli_tree *t, struct smb2_fileid fid,
                       const struct smb2_lock_element *locks, uint16_t n,
                       const struct cli_override *ov, struct cli_req **req);
NTSTATUS cli_ioctl_send(struct cli_tree *t, struct smb2_fileid fid, uint32_t ctl,
                        const uint8_t *in, uint32_t in_len, uint32_t max_out,
                        const struct cli_override *ov, struct cli_req **req);
NTSTATUS cli_notify_send(struct cli_tree *t, struct smb2_fileid fid, uint16_t flags,
                         uint32_t filter, uint32_t out_len, const struct cli_override *ov,
                         struct cli_req **req);
/* ECHO on the connection, in session s (NULL: session id 0). */
NTSTATUS cli_echo_send(struct cli_conn *c, struct cli_session *s,
                       const struct cli_override *ov, struct cli_req **req);

#endif
