/*
 * The DOS attributes a POSIX file system has no bit for (HIDDEN, SYSTEM;
 * MS-FSCC 2.6), kept per object in the extended attribute
 * VFS_XATTR_DOSATTR as 4 bytes little-endian.  A file system without user
 * extended attributes keeps none of them: loading answers 0 and storing
 * succeeds without effect (the attributes are then simply not reported).
 */
#include <errno.h>
#include <stdio.h>
#include <sys/xattr.h>

#include "sim-server/vfs_int.h"
#include "wire/create.h"
#include "wire/cursor.h"

/* "/proc/self/fd/" and an int. */
#define FD_PATH_MAX 32

/* Through /proc so that O_PATH fds (which f*xattr refuse) work too. */
static void fd_path(int fd, char *buf)
{
	snprintf(buf, FD_PATH_MAX, "/proc/self/fd/%d", fd);
}

uint32_t vfs_attr_load(int fd)
{
	char path[FD_PATH_MAX];
	uint8_t v[4];

	fd_path(fd, path);
	if (getxattr(path, VFS_XATTR_DOSATTR, v, sizeof(v)) != (ssize_t)sizeof(v))
		return 0;
	return le32(v) & VFS_STORED_ATTRIBUTES;
}

NTSTATUS vfs_attr_store(int fd, uint32_t attrs)
{
	char path[FD_PATH_MAX];
	uint8_t v[4];

	fd_path(fd, path);
	attrs &= VFS_STORED_ATTRIBUTES;
	if (attrs == 0) {
		if (removexattr(path, VFS_XATTR_DOSATTR) == 0 || errno == ENODATA ||
		    errno == ENOTSUP)
			return STATUS_SUCCESS;
		return vfs_errno_to_ntstatus(errno);
	}
	put_le32(v, attrs);
	if (setxattr(path, VFS_XATTR_DOSATTR, v, sizeof(v), 0) == 0 || errno == ENOTSUP)
		return STATUS_SUCCESS;
	return vfs_errno_to_ntstatus(errno);
}
