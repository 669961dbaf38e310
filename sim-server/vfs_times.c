/*
 * The FileBasicInformation times POSIX cannot set (MS-FSA 2.1.5.15.2,
 * MS-FSCC 2.4.7), for vfs_set_basic() and vfs_stat_fd():
 *
 *   - a CreationTime a client sets is kept in the extended attribute
 *     VFS_XATTR_CREATION and reported from then on instead of the birth
 *     time;
 *   - a ChangeTime a client sets is kept in VFS_XATTR_CHANGE with the
 *     file's modification time, size and mode at that moment, and reported
 *     while those stay the same: once the data, the size or the attributes
 *     change, the real inode change time is reported again (as
 *     File.LastChangeTime moves on any change);
 *   - a LastWriteTime a client set, or froze with -1, survives writes and
 *     size changes through the same open until -2 (Open.
 *     UserSetModificationTime): vfs_keep_mtime_begin/_end put the
 *     modification time back after the operation.
 *
 * Extended attributes are read from O_PATH descriptors (directory
 * listings stat through them) by way of /proc/self/fd.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/xattr.h>

#include "sim-server/vfs_int.h"
#include "wire/cursor.h"

#define VFS_XATTR_CREATION "user.smbsim.creation"
#define VFS_XATTR_CHANGE "user.smbsim.change"
/* ChangeTime, then the modification time, size and mode it holds for. */
#define VFS_CHANGE_REC 28

static ssize_t get_xattr(int fd, const char *name, void *buf, size_t len)
{
	char proc[64];
	ssize_t n = fgetxattr(fd, name, buf, len);

	if (n >= 0 || errno != EBADF)
		return n;
	snprintf(proc, sizeof(proc), "/proc/self/fd/%d", fd);
	return getxattr(proc, name, buf, len);
}

void vfs_times_apply(int fd, uint64_t mtime_nt, uint64_t size, uint32_t mode,
                     struct vfs_stat *v)
{
	uint8_t rec[VFS_CHANGE_REC];

	if (get_xattr(fd, VFS_XATTR_CREATION, rec, 8) == 8)
		v->creation_time = le64(rec);
	if (get_xattr(fd, VFS_XATTR_CHANGE, rec, sizeof(rec)) == (ssize_t)sizeof(rec) &&
	    le64(rec + 8) == mtime_nt && le64(rec + 16) == size && le32(rec + 24) == mode)
		v->change_time = le64(rec);
}

NTSTATUS vfs_times_set(int fd, uint64_t creation, uint64_t change)
{
	uint8_t rec[VFS_CHANGE_REC];
	struct stat sb;

	if (creation) {
		put_le64(rec, creation);
		if (fsetxattr(fd, VFS_XATTR_CREATION, rec, 8, 0) != 0)
			return vfs_errno_to_ntstatus(errno);
	}
	if (change) {
		/* After every other change of this SET_INFO. */
		if (fstat(fd, &sb) != 0)
			return vfs_errno_to_ntstatus(errno);
		put_le64(rec, change);
		put_le64(rec + 8, vfs_timespec_to_nt(sb.st_mtim));
		put_le64(rec + 16, (uint64_t)sb.st_size);
		put_le32(rec + 24, (uint32_t)sb.st_mode);
		if (fsetxattr(fd, VFS_XATTR_CHANGE, rec, sizeof(rec), 0) != 0)
			return vfs_errno_to_ntstatus(errno);
	}
	return STATUS_SUCCESS;
}

bool vfs_keep_mtime_begin(const struct vfs_file *f, struct timespec *saved)
{
	struct stat sb;

	if (!f->keep_mtime || fstat(f->fd, &sb) != 0)
		return false;
	*saved = sb.st_mtim;
	return true;
}

void vfs_keep_mtime_end(const struct vfs_file *f, bool kept, struct timespec saved)
{
	struct timespec ts[2];

	if (!kept)
		return;
	ts[0].tv_sec = 0;
	ts[0].tv_nsec = UTIME_OMIT;
	ts[1] = saved;
	/* Best effort: the operation itself succeeded. */
	(void)futimens(f->fd, ts);
}
