/*
 * Operations on an open: stat, read, write, flush, sizes, times and
 * attributes, delete, rename, and the file-system information.
 * Contracts in vfs.h.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include "sim-server/vfs_int.h"
#include "wire/create.h"

#define VFS_WRITE_BITS (S_IWUSR | S_IWGRP | S_IWOTH)
#define VFS_MAX_OFFSET ((uint64_t)INT64_MAX)

NTSTATUS vfs_fstat(const struct vfs_file *f, struct vfs_stat *out)
{
	return vfs_stat_fd(f->fd, out);
}

NTSTATUS vfs_pread(const struct vfs_file *f, void *buf, size_t len, uint64_t off,
                   size_t *got)
{
	if (f->is_dir)
		return STATUS_INVALID_DEVICE_REQUEST;
	if (off > VFS_MAX_OFFSET || len > VFS_MAX_OFFSET)
		return STATUS_INVALID_PARAMETER;
	size_t total = 0;
	while (total < len) {
		uint64_t at = off + total;
		if (at > VFS_MAX_OFFSET)
			break;
		ssize_t r = pread(f->fd, (uint8_t *)buf + total, len - total, (off_t)at);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			return vfs_errno_to_ntstatus(errno);
		}
		if (r == 0)
			break;
		total += (size_t)r;
	}
	if (total == 0 && len > 0)
		return STATUS_END_OF_FILE;
	*got = total;
	return STATUS_SUCCESS;
}

NTSTATUS vfs_pwrite(const struct vfs_file *f, const void *buf, size_t len,
                    uint64_t off, size_t *done)
{
	if (f->is_dir)
		return STATUS_INVALID_DEVICE_REQUEST;
	if (!f->writable)
		return STATUS_ACCESS_DENIED;
	if (off == VFS_WRITE_TO_EOF) {
		struct stat sb;
		if (fstat(f->fd, &sb) != 0)
			return vfs_errno_to_ntstatus(errno);
		off = (uint64_t)sb.st_size;
	}
	if (off > VFS_MAX_OFFSET || len > VFS_MAX_OFFSET - off)
		return STATUS_INVALID_PARAMETER;
	struct timespec saved;
	bool kept = vfs_keep_mtime_begin(f, &saved);
	NTSTATUS st = STATUS_SUCCESS;
	size_t total = 0;
	while (total < len) {
		ssize_t r = pwrite(f->fd, (const uint8_t *)buf + total, len - total,
		                   (off_t)(off + total));
		if (r < 0) {
			if (errno == EINTR)
				continue;
			st = vfs_errno_to_ntstatus(errno);
			break;
		}
		if (r == 0) {
			st = STATUS_DISK_FULL;
			break;
		}
		total += (size_t)r;
	}
	vfs_keep_mtime_end(f, kept, saved);
	if (st == STATUS_SUCCESS)
		*done = total;
	return st;
}

NTSTATUS vfs_flush(const struct vfs_file *f)
{
	if (fsync(f->fd) != 0)
		return vfs_errno_to_ntstatus(errno);
	return STATUS_SUCCESS;
}

NTSTATUS vfs_set_eof(const struct vfs_file *f, uint64_t size)
{
	if (f->is_dir || size > VFS_MAX_OFFSET)
		return STATUS_INVALID_PARAMETER;
	if (!f->writable)
		return STATUS_ACCESS_DENIED;
	struct timespec saved;
	bool kept = vfs_keep_mtime_begin(f, &saved);
	int rc = ftruncate(f->fd, (off_t)size);
	int err = errno;
	vfs_keep_mtime_end(f, kept, saved);
	if (rc != 0)
		return vfs_errno_to_ntstatus(err);
	return STATUS_SUCCESS;
}

NTSTATUS vfs_set_allocation(const struct vfs_file *f, uint64_t size)
{
	if (f->is_dir || size > VFS_MAX_OFFSET)
		return STATUS_INVALID_PARAMETER;
	if (!f->writable)
		return STATUS_ACCESS_DENIED;
	struct stat sb;
	if (fstat(f->fd, &sb) != 0)
		return vfs_errno_to_ntstatus(errno);
	if (size < (uint64_t)sb.st_size) {
		struct timespec saved;
		bool kept = vfs_keep_mtime_begin(f, &saved);
		int rc = ftruncate(f->fd, (off_t)size);
		int err = errno;
		vfs_keep_mtime_end(f, kept, saved);
		if (rc != 0)
			return vfs_errno_to_ntstatus(err);
		return STATUS_SUCCESS;
	}
	if (size > 0 && fallocate(f->fd, FALLOC_FL_KEEP_SIZE, 0, (off_t)size) != 0) {
		/* reserving space is advisory where the file system cannot */
		if (errno != EOPNOTSUPP && errno != ENOSYS)
			return vfs_errno_to_ntstatus(errno);
	}
	return STATUS_SUCCESS;
}

static bool time_given(uint64_t t)
{
	return t != 0 && t != VFS_TIME_NO_CHANGE_1 && t != VFS_TIME_NO_CHANGE_2;
}

/* MS-FSA 2.1.5.15.2: a time below -2 (as a signed 64-bit value). */
static bool time_invalid(uint64_t t)
{
	return t >= UINT64_C(0x8000000000000000) && t < VFS_TIME_NO_CHANGE_2;
}

NTSTATUS vfs_set_basic(struct vfs_file *f, const struct smb2_fi_basic *b)
{
	uint32_t attrs = b->file_attributes;
	if (time_invalid(b->creation_time) || time_invalid(b->last_access_time) ||
	    time_invalid(b->last_write_time) || time_invalid(b->change_time))
		return STATUS_INVALID_PARAMETER;
	/* MS-FSA 2.1.5.15.2: DIRECTORY on a file is invalid */
	if (!f->is_dir && (attrs & SMB2_FILE_ATTRIBUTE_DIRECTORY))
		return STATUS_INVALID_PARAMETER;
	struct timespec ts[2];
	ts[0].tv_sec = 0;
	ts[0].tv_nsec = UTIME_OMIT;
	ts[1] = ts[0];
	if (time_given(b->last_access_time))
		ts[0] = vfs_nt_to_timespec(b->last_access_time);
	if (time_given(b->last_write_time))
		ts[1] = vfs_nt_to_timespec(b->last_write_time);
	if ((ts[0].tv_nsec != UTIME_OMIT || ts[1].tv_nsec != UTIME_OMIT) &&
	    futimens(f->fd, ts) != 0)
		return vfs_errno_to_ntstatus(errno);
	if (attrs != 0) {
		NTSTATUS ast = vfs_attr_store(f->fd, attrs);
		if (ast != STATUS_SUCCESS)
			return ast;
	}
	if (attrs != 0 && !f->is_dir) {
		struct stat sb;
		if (fstat(f->fd, &sb) != 0)
			return vfs_errno_to_ntstatus(errno);
		mode_t mode = sb.st_mode & 07777;
		if (attrs & SMB2_FILE_ATTRIBUTE_READONLY)
			mode &= ~(mode_t)VFS_WRITE_BITS;
		else
			mode |= S_IWUSR;
		if (mode != (sb.st_mode & 07777) && fchmod(f->fd, mode) != 0)
			return vfs_errno_to_ntstatus(errno);
	}
	NTSTATUS st = vfs_times_set(f->fd, time_given(b->creation_time) ? b->creation_time : 0,
	                            time_given(b->change_time) ? b->change_time : 0);
	if (st != STATUS_SUCCESS)
		return st;
	/* Open.UserSetModificationTime: set by a time or -1, cleared by -2. */
	if (b->last_write_time == VFS_TIME_NO_CHANGE_2)
		f->keep_mtime = false;
	else if (b->last_write_time != 0)
		f->keep_mtime = true;
	return STATUS_SUCCESS;
}

NTSTATUS vfs_check_deletable(const struct vfs_file *f)
{
	if (!f->is_dir)
		return STATUS_SUCCESS;
	/* a fresh fd: readdir on f->fd would move a shared offset */
	int fd = openat(f->fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return vfs_errno_to_ntstatus(errno);
	DIR *d = fdopendir(fd);
	if (d == NULL) {
		NTSTATUS st = vfs_errno_to_ntstatus(errno);
		close(fd);
		return st;
	}
	NTSTATUS st = STATUS_SUCCESS;
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0) {
			st = STATUS_DIRECTORY_NOT_EMPTY;
			break;
		}
	}
	closedir(d);
	return st;
}

NTSTATUS vfs_unlink(struct vfs_share *s, const struct vfs_file *f)
{
	if (f->path[0] == '\0')
		return STATUS_ACCESS_DENIED;
	int dfd;
	const char *base;
	NTSTATUS st = vfs_open_parent(s, f->path, &dfd, &base);
	if (st != STATUS_SUCCESS)
		return st;
	int r = unlinkat(dfd, base, f->is_dir ? AT_REMOVEDIR : 0);
	int err = errno;
	close(dfd);
	if (r != 0)
		return err == EEXIST ? STATUS_DIRECTORY_NOT_EMPTY : vfs_errno_to_ntstatus(err);
	return STATUS_SUCCESS;
}

/* MS-FSA 2.1.5.14.11: the rename target checks. */
static NTSTATUS check_target(int ndfd, const char *nbase, bool replace)
{
	struct stat sb;
	if (fstatat(ndfd, nbase, &sb, AT_SYMLINK_NOFOLLOW) != 0) {
		if (errno == ENOENT)
			return STATUS_SUCCESS;
		return vfs_errno_to_ntstatus(errno);
	}
	if (!replace)
		return STATUS_OBJECT_NAME_COLLISION;
	if (S_ISDIR(sb.st_mode))
		return STATUS_ACCESS_DENIED;
	return STATUS_SUCCESS;
}

static NTSTATUS rename_paths(struct vfs_share *s, const char *from, const char *to,
                             bool is_dir, bool replace)
{
	int odfd, ndfd;
	const char *obase, *nbase;
	NTSTATUS st = vfs_open_parent(s, from, &odfd, &obase);
	if (st != STATUS_SUCCESS)
		return st;
	st = vfs_open_parent(s, to, &ndfd, &nbase);
	if (st != STATUS_SUCCESS) {
		close(odfd);
		return st;
	}
	st = check_target(ndfd, nbase, replace);
	if (st == STATUS_SUCCESS) {
		unsigned flags = replace ? 0 : RENAME_NOREPLACE;
		if (renameat2(odfd, obase, ndfd, nbase, flags) != 0) {
			int err = errno;
			if (err == ENOTDIR && is_dir)
				st = STATUS_ACCESS_DENIED; /* a file in the way */
			else if (err == ENOTEMPTY || err == EISDIR)
				st = STATUS_ACCESS_DENIED;
			else
				st = vfs_errno_to_ntstatus(err);
		}
	}
	close(odfd);
	close(ndfd);
	return st;
}

NTSTATUS vfs_rename(struct vfs_share *s, struct vfs_file *f,
                    const uint8_t *name16, size_t len, bool replace)
{
	if (f->path[0] == '\0')
		return STATUS_ACCESS_DENIED;
	struct vfs_name n;
	NTSTATUS st = vfs_name_parse(name16, len, VFS_NAME_ALLOW_LEADING_SEP, &n);
	if (st != STATUS_SUCCESS)
		return st;
	if (n.len == 0)
		st = STATUS_ACCESS_DENIED;
	else if (n.trailing_sep && !f->is_dir)
		st = STATUS_OBJECT_NAME_INVALID;
	else if (strcmp(n.path, f->path) != 0)
		st = rename_paths(s, f->path, n.path, f->is_dir, replace);
	if (st == STATUS_SUCCESS) {
		free(f->path);
		f->path = n.path;
		n.path = NULL;
	}
	vfs_name_free(&n);
	return st;
}

NTSTATUS vfs_fs_info(struct vfs_share *s, struct vfs_fs_info *out)
{
	struct statvfs sv;
	if (fstatvfs(s->rootfd, &sv) != 0)
		return vfs_errno_to_ntstatus(errno);
	struct vfs_stat root;
	NTSTATUS st = vfs_stat_fd(s->rootfd, &root);
	if (st != STATUS_SUCCESS)
		return st;
	uint64_t unit = sv.f_frsize != 0 ? sv.f_frsize : sv.f_bsize;
	uint64_t spu = unit / VFS_BYTES_PER_SECTOR;
	struct vfs_fs_info fi;
	memset(&fi, 0, sizeof(fi));
	fi.total_units = sv.f_blocks;
	fi.caller_available_units = sv.f_bavail;
	fi.actual_available_units = sv.f_bfree;
	fi.sectors_per_unit = spu == 0 ? 1 : (spu > UINT32_MAX ? UINT32_MAX : (uint32_t)spu);
	fi.bytes_per_sector = VFS_BYTES_PER_SECTOR;
	uint64_t dev = (uint64_t)s->dev;
	fi.serial_number = (uint32_t)(dev ^ (dev >> 32));
	fi.fs_attributes = VFS_FS_ATTRIBUTES;
	fi.max_component_length = VFS_MAX_COMPONENT_UNITS;
	fi.creation_time = root.creation_time;
	fi.fs_name = VFS_FS_NAME;
	*out = fi;
	return STATUS_SUCCESS;
}
