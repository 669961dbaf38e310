/*
 * The reference server's per-open state, shared by the file handlers:
 * CREATE and CLOSE (srv_create.c, srv_close.c), named pipes (srv_pipe.c),
 * READ/WRITE/FLUSH/LOCK/CHANGE_NOTIFY (srv_io_*.c) and QUERY_DIRECTORY/
 * QUERY_INFO/SET_INFO (srv_info_*.c).
 *
 *   struct srv_files   one per server (srv_server_files()): the VFS share
 *                      objects (opened on the first CREATE in a share), the
 *                      node table, the srvsvc state, the hooks below
 *   struct srv_node    one per file or directory that has opens, keyed by
 *                      (st_dev, st_ino) of the opened object, so that every
 *                      open of the same object, through any share, any
 *                      session and any name, meets the others: MS-FSA's
 *                      Open.File.  Holds the list of opens (share modes),
 *                      File.DeletePending, byte-range locks and change-notify
 *                      watchers (both lists filled by srv_io)
 *   struct srv_file    one per open (srv_open->priv): the VFS file or the
 *                      pipe, GrantedAccess, ShareAccess, CreateOptions, the
 *                      open's own delete-on-close flag, the directory cursor
 *
 * Lifetimes.  A node lives while it has opens.  An open is freed by CLOSE,
 * TREE_DISCONNECT, LOGOFF or the end of its connection's session; in every
 * case srv_open->free_fn (srv_file_free) runs: the close hooks (srv_io
 * releases locks and completes watchers with STATUS_NOTIFY_CLEANUP), the
 * directory cursor is freed, the open leaves its node and, when it was the
 * last one and the file is delete-pending, the file is removed (MS-FSA
 * 2.1.5.4: a directory that is not empty by then stays).
 *
 * Pipes (IPC$): kind SRV_FILE_PIPE, no node and no VFS file.  READ and
 * WRITE handlers (srv_io) call srv_pipe_read()/srv_pipe_write() when the
 * open is a pipe; IOCTL FSCTL_PIPE_TRANSCEIVE is answered by srv_pipe.c.
 */
#ifndef SMBSIM_SRV_FILE_H
#define SMBSIM_SRV_FILE_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "sim-server/server.h"
#include "sim-server/vfs.h"
#include "wire/create.h"

struct dcerpc_pipe;

/* ---- access masks (MS-SMB2 2.2.13.1, MS-DTYP 2.4.3) ---------------- */

/* The generic mapping for files and directories (MS-FSA 2.1.5.1.1 via
 * MS-DTYP 2.4.3's GENERIC_MAPPING for the file object type). */
#define SRV_FILE_GENERIC_READ 0x00120089u
#define SRV_FILE_GENERIC_WRITE 0x00120116u
#define SRV_FILE_GENERIC_EXECUTE 0x001200A0u
#define SRV_FILE_ALL_ACCESS 0x001F01FFu
/* MS-SMB2 3.3.5.9: a DesiredAccess with any of these bits is refused
 * with STATUS_ACCESS_DENIED. */
#define SRV_ACCESS_INVALID_BITS 0x0CE0FE00u
/* The rights that take part in share-mode checks (MS-FSA 2.1.5.1.2). */
#define SRV_ACCESS_DATA_READ (SMB2_FILE_READ_DATA | SMB2_FILE_EXECUTE)
#define SRV_ACCESS_DATA_WRITE (SMB2_FILE_WRITE_DATA | SMB2_FILE_APPEND_DATA)
/* Rights that change the file (refused on a read-only share). */
#define SRV_ACCESS_WRITE_RIGHTS                                                      \
	(SMB2_FILE_WRITE_DATA | SMB2_FILE_APPEND_DATA | SMB2_FILE_WRITE_EA |         \
	 SMB2_FILE_WRITE_ATTRIBUTES | SMB2_FILE_DELETE_CHILD | SMB2_DELETE |         \
	 SMB2_WRITE_DAC | SMB2_WRITE_OWNER)

/* Map GENERIC_* and MAXIMUM_ALLOWED: generic bits become their specific
 * rights; MAXIMUM_ALLOWED becomes `maximal`.  The result has neither. */
uint32_t srv_access_map(uint32_t desired, uint32_t maximal);

/* ---- objects -------------------------------------------------------- */

#define SRV_NODE_HASH 256          /* buckets of the node table */
#define SRV_MAX_CLOSE_HOOKS 4
#define SRV_MAX_CHANGE_HOOKS 4

enum srv_file_kind {
	SRV_FILE_DISK,                 /* a regular file */
	SRV_FILE_DIR,                  /* a directory */
	SRV_FILE_PIPE,                 /* a named pipe on IPC$ */
};

struct srv_node {
	struct srv_link in_table;      /* srv_files node bucket */
	dev_t dev;
	ino_t ino;
	struct srv_link opens;         /* struct srv_file.in_node */
	unsigned open_count;
	bool delete_pending;           /* File.DeletePending (MS-FSA 2.1.1.5):
	                                  set by SET_INFO disposition or when an
	                                  open with DELETE_ON_CLOSE closes */
	/* Filled and emptied by srv_io: byte-range locks and change-notify
	 * watchers on this object (their own structures, linked here). */
	struct srv_link locks;
	struct srv_link watchers;
};

struct srv_file {
	struct srv_open *open;         /* back pointer; open->priv == this */
	struct srv_files *files;
	enum srv_file_kind kind;
	struct srv_node *node;         /* NULL for pipes */
	struct srv_link in_node;       /* node->opens */
	struct vfs_share *share;       /* NULL for pipes */
	struct vfs_file *vf;           /* NULL for pipes */
	struct dcerpc_pipe *pipe;      /* pipes only */
	uint32_t access;               /* Open.GrantedAccess (mapped) */
	uint32_t share_access;         /* Open.ShareAccess */
	uint32_t create_options;       /* as requested */
	bool delete_on_close;          /* this open's FILE_DELETE_ON_CLOSE */
	/* srv_info's enumeration cursor (MS-SMB2 3.3.5.18); freed with the
	 * open by srv_file_free when non-NULL. */
	struct vfs_dir *dir;
	/* Per-open state of srv_io and srv_info, freed by their close hooks. */
	void *io_priv;
	void *info_priv;
	/* A READ waiting on an empty pipe (srv_pipe.c) and its Length. */
	struct srv_req *pipe_pending_read;
	uint32_t pipe_pending_len;
};

/* Called for every open that goes (before the node is left). */
typedef void (*srv_file_close_hook)(struct srv_file *f);
/* Called after a change to the name space or to a file, for CHANGE_NOTIFY:
 * `action` is a FILE_ACTION_* of MS-FSCC 2.4.42, `filter` the
 * FILE_NOTIFY_CHANGE_* bits it matches, `path` the share-relative UTF-8
 * path ('/' separated) of the object that changed, `share` the VFS share. */
typedef void (*srv_file_change_hook)(struct srv_files *fs, struct vfs_share *share,
                                     const char *path, uint32_t action, uint32_t filter);

/* ---- the per-server state ------------------------------------------- */

/* The server's file state; created by srv_file_handlers_register. */
struct srv_files *srv_files_get(struct srv_server *srv);
struct srv_server *srv_files_server(const struct srv_files *fs);
void srv_files_add_close_hook(struct srv_files *fs, srv_file_close_hook fn);
void srv_files_add_change_hook(struct srv_files *fs, srv_file_change_hook fn);
/* Tell the change hooks about a change (CREATE, CLOSE with delete, SET_INFO
 * rename, WRITE, ...). */
void srv_files_notify_change(struct srv_files *fs, struct vfs_share *share,
                             const char *path, uint32_t action, uint32_t filter);
/* The VFS share of a disk tree (opened on first use).  STATUS_BAD_NETWORK_NAME
 * for IPC$, or the VFS's status when the directory cannot be opened. */
NTSTATUS srv_files_share(struct srv_files *fs, const struct srv_tree *t,
                         struct vfs_share **out);

/* ---- accessors ------------------------------------------------------ */

/* The file state of an open (NULL if the open has none). */
struct srv_file *srv_file_get(struct srv_open *o);
/* The open the request names (r->file_id, with r->session and r->tree),
 * or NULL: handlers answer STATUS_FILE_CLOSED then. */
struct srv_file *srv_file_lookup(struct srv_req *r);
/* STATUS_SUCCESS when f's GrantedAccess has any of the bits of `mask`
 * (MS-SMB2 3.3.5.12: "FILE_READ_DATA or FILE_EXECUTE"), else
 * STATUS_ACCESS_DENIED. */
NTSTATUS srv_file_check_access(const struct srv_file *f, uint32_t mask);
/* All the bits of mask, else STATUS_ACCESS_DENIED. */
NTSTATUS srv_file_check_access_all(const struct srv_file *f, uint32_t mask);
/* The free_fn of every open with a struct srv_file. */
void srv_file_free(struct srv_open *o);

/* ---- registration --------------------------------------------------- */

/* Creates the server's file state and installs every file handler:
 * CREATE, CLOSE, IOCTL (pipe transceive, then the core's FSCTLs), and
 * srv_io_register() and srv_info_register().  Call once, after
 * srv_server_new.  STATUS_NO_MEMORY on failure. */
NTSTATUS srv_file_handlers_register(struct srv_server *srv);
/* srv_io_*.c (READ, WRITE, FLUSH, LOCK, CHANGE_NOTIFY, their hooks). */
NTSTATUS srv_io_register(struct srv_server *srv);
/* srv_info_*.c (QUERY_DIRECTORY, QUERY_INFO, SET_INFO). */
NTSTATUS srv_info_register(struct srv_server *srv);

/* ---- handlers ------------------------------------------------------- */

NTSTATUS srv_create(struct srv_req *r);   /* MS-SMB2 3.3.5.9 */
NTSTATUS srv_close(struct srv_req *r);    /* MS-SMB2 3.3.5.10 */
NTSTATUS srv_file_ioctl(struct srv_req *r); /* pipe FSCTLs, then srv_ioctl */

/* Pipes (srv_pipe.c): the whole READ or WRITE of a pipe open, response
 * body included (MS-SMB2 3.3.5.12, 3.3.5.13).  A READ on an empty pipe
 * goes async and completes on the next write (or CANCEL, or CLOSE). */
NTSTATUS srv_pipe_read(struct srv_req *r, struct srv_file *f);
NTSTATUS srv_pipe_write(struct srv_req *r, struct srv_file *f);
/* Open the pipe named by the UTF-16LE CREATE name on IPC$ (f->pipe);
 * STATUS_OBJECT_NAME_NOT_FOUND for pipes the server does not serve. */
NTSTATUS srv_pipe_open(struct srv_files *fs, const uint8_t *name16, size_t len,
                       struct srv_file *f);
/* Frees f->pipe and completes a pending read with STATUS_PIPE_BROKEN. */
void srv_pipe_close(struct srv_file *f);

#endif
