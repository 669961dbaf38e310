/*
 * Internals shared by the sim-server/vfs_*.c files; not for handlers.
 */
#ifndef SMBSIM_SERVER_VFS_INT_H
#define SMBSIM_SERVER_VFS_INT_H

#include <sys/stat.h>

#include "sim-server/vfs.h"

struct vfs_share {
	int rootfd;         /* O_RDONLY|O_DIRECTORY */
	dev_t dev;
};

/* openat2(2) from dirfd with RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS;
 * rel "" means dirfd itself.  Returns the fd or -1 with errno. */
int vfs_openat_beneath(int dirfd, const char *rel, int flags, unsigned mode);

/* Split "a/b/c" into the parent "a/b" (written to parent, "" when there
 * is none; the caller frees) and a pointer to "c" inside path. */
NTSTATUS vfs_split_parent(const char *path, char **parent, const char **base);

/* Open the parent directory of path (O_PATH|O_DIRECTORY); *base points at
 * the last component.  Errors: STATUS_OBJECT_PATH_NOT_FOUND for a missing
 * or non-directory parent, else the errno's status. */
NTSTATUS vfs_open_parent(const struct vfs_share *s, const char *path, int *pfd,
                         const char **base);

/* Fill a vfs_stat from the object open as fd (any fd, O_PATH included). */
NTSTATUS vfs_stat_fd(int fd, struct vfs_stat *out);

/* HIDDEN and SYSTEM (MS-FSCC 2.6) have no POSIX bit: vfs_attr.c keeps
 * them in this extended attribute (4 bytes, little-endian). */
#define VFS_XATTR_DOSATTR "user.smbsim.dosattr"
#define VFS_STORED_ATTRIBUTES (SMB2_FILE_ATTRIBUTE_HIDDEN | SMB2_FILE_ATTRIBUTE_SYSTEM)

/* The stored attributes of the object open as fd (O_PATH included); 0
 * when none are kept. */
uint32_t vfs_attr_load(int fd);
/* Keep attrs & VFS_STORED_ATTRIBUTES for the object (replacing what was
 * kept).  Without user extended attributes: success, nothing kept. */
NTSTATUS vfs_attr_store(int fd, uint32_t attrs);

/* vfs_times.c: the CreationTime and ChangeTime a client set, kept in
 * extended attributes.  apply() overrides v's times from them (the change
 * time only while the file's modification time, size and mode are those it
 * was set with); set() stores the non-zero ones. */
void vfs_times_apply(int fd, uint64_t mtime_nt, uint64_t size, uint32_t mode,
                     struct vfs_stat *v);
NTSTATUS vfs_times_set(int fd, uint64_t creation, uint64_t change);
/* Around an operation that changes the data or size: when f keeps its
 * modification time (f->keep_mtime), put it back afterwards. */
bool vfs_keep_mtime_begin(const struct vfs_file *f, struct timespec *saved);
void vfs_keep_mtime_end(const struct vfs_file *f, bool kept, struct timespec saved);

#endif
