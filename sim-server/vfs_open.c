/*
 * Share roots, confined resolution with openat2(2), and CREATE with its
 * dispositions (MS-FSA 2.1.5.1).  Contracts in vfs.h.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "sim-server/vfs_int.h"
#include "wire/create.h"

#define VFS_NEW_FILE_MODE 0666u
#define VFS_NEW_DIR_MODE 0777u
#define VFS_WRITE_BITS (S_IWUSR | S_IWGRP | S_IWOTH)

int vfs_openat_beneath(int dirfd, const char *rel, int flags, unsigned mode)
{
	struct open_how how;
	memset(&how, 0, sizeof(how));
	how.flags = (uint64_t)(unsigned)(flags | O_CLOEXEC);
	how.mode = (flags & O_CREAT) ? mode : 0;
	how.resolve = RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS;
	const char *p = rel[0] == '\0' ? "." : rel;
	long fd;
	do {
		fd = syscall(SYS_openat2, dirfd, p, &how, sizeof(how));
	} while (fd < 0 && errno == EINTR);
	return (int)fd;
}

NTSTATUS vfs_split_parent(const char *path, char **parent, const char **base)
{
	const char *slash = strrchr(path, '/');
	size_t plen = slash == NULL ? 0 : (size_t)(slash - path);
	char *p = malloc(plen + 1);
	if (p == NULL)
		return STATUS_NO_MEMORY;
	memcpy(p, path, plen);
	p[plen] = '\0';
	*parent = p;
	*base = slash == NULL ? path : slash + 1;
	return STATUS_SUCCESS;
}

NTSTATUS vfs_open_parent(const struct vfs_share *s, const char *path, int *pfd,
                         const char **base)
{
	char *parent;
	NTSTATUS st = vfs_split_parent(path, &parent, base);
	if (st != STATUS_SUCCESS)
		return st;
	int fd = vfs_openat_beneath(s->rootfd, parent, O_PATH | O_DIRECTORY, 0);
	int err = errno;
	free(parent);
	if (fd < 0) {
		if (err == ENOENT || err == ENOTDIR)
			return STATUS_OBJECT_PATH_NOT_FOUND;
		return vfs_errno_to_ntstatus(err);
	}
	*pfd = fd;
	return STATUS_SUCCESS;
}

NTSTATUS vfs_stat_fd(int fd, struct vfs_stat *out)
{
	struct statx sx;
	if (statx(fd, "", AT_EMPTY_PATH, STATX_BASIC_STATS | STATX_BTIME, &sx) != 0)
		return vfs_errno_to_ntstatus(errno);
	struct vfs_stat v;
	memset(&v, 0, sizeof(v));
	struct timespec a = { (time_t)sx.stx_atime.tv_sec, (long)sx.stx_atime.tv_nsec };
	struct timespec m = { (time_t)sx.stx_mtime.tv_sec, (long)sx.stx_mtime.tv_nsec };
	struct timespec c = { (time_t)sx.stx_ctime.tv_sec, (long)sx.stx_ctime.tv_nsec };
	struct timespec b = m;
	if (sx.stx_mask & STATX_BTIME) {
		b.tv_sec = (time_t)sx.stx_btime.tv_sec;
		b.tv_nsec = (long)sx.stx_btime.tv_nsec;
	}
	v.creation_time = vfs_timespec_to_nt(b);
	v.last_access_time = vfs_timespec_to_nt(a);
	v.last_write_time = vfs_timespec_to_nt(m);
	v.change_time = vfs_timespec_to_nt(c);
	vfs_times_apply(fd, v.last_write_time, sx.stx_size, sx.stx_mode, &v);
	v.file_index = sx.stx_ino;
	v.nlink = sx.stx_nlink;
	v.is_dir = S_ISDIR(sx.stx_mode);
	if (v.is_dir) {
		v.attributes = SMB2_FILE_ATTRIBUTE_DIRECTORY;
	} else {
		v.allocation_size = sx.stx_blocks * 512u;
		v.end_of_file = sx.stx_size;
		v.attributes = SMB2_FILE_ATTRIBUTE_ARCHIVE;
		if ((sx.stx_mode & S_IWUSR) == 0)
			v.attributes |= SMB2_FILE_ATTRIBUTE_READONLY;
	}
	v.attributes |= vfs_attr_load(fd);
	*out = v;
	return STATUS_SUCCESS;
}

NTSTATUS vfs_share_open(const char *dir, struct vfs_share **out)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0) {
		int err = errno;
		if (err == ENOTDIR)
			return STATUS_NOT_A_DIRECTORY;
		if (err == ENOENT)
			return STATUS_OBJECT_PATH_NOT_FOUND;
		return vfs_errno_to_ntstatus(err);
	}
	struct stat sb;
	if (fstat(fd, &sb) != 0) {
		NTSTATUS st = vfs_errno_to_ntstatus(errno);
		close(fd);
		return st;
	}
	struct vfs_share *s = calloc(1, sizeof(*s));
	if (s == NULL) {
		close(fd);
		return STATUS_NO_MEMORY;
	}
	s->rootfd = fd;
	s->dev = sb.st_dev;
	*out = s;
	return STATUS_SUCCESS;
}

void vfs_share_free(struct vfs_share *s)
{
	if (s == NULL)
		return;
	close(s->rootfd);
	free(s);
}

void vfs_close(struct vfs_file *f)
{
	if (f == NULL)
		return;
	close(f->fd);
	free(f->path);
	free(f);
}

static NTSTATUS file_new(int fd, bool is_dir, bool writable, const char *path,
                         struct vfs_file **out)
{
	struct vfs_file *f = calloc(1, sizeof(*f));
	char *p = strdup(path);
	if (f == NULL || p == NULL) {
		free(f);
		free(p);
		close(fd);
		return STATUS_NO_MEMORY;
	}
	f->fd = fd;
	f->is_dir = is_dir;
	f->writable = writable;
	f->path = p;
	*out = f;
	return STATUS_SUCCESS;
}

/* Outcome of one attempt: done (status final) or retry (the object
 * changed between two steps). */
enum attempt { ATTEMPT_DONE, ATTEMPT_RETRY };

static bool disposition_truncates(uint32_t d)
{
	return d == SMB2_FILE_SUPERSEDE || d == SMB2_FILE_OVERWRITE ||
	       d == SMB2_FILE_OVERWRITE_IF;
}

/* MS-FSA 2.1.5.1.2: the object exists; pfd is its O_PATH fd. */
static enum attempt open_existing(struct vfs_share *s, const struct vfs_name *n,
                                  const struct vfs_create_args *a, int pfd,
                                  NTSTATUS *st, struct vfs_file **out,
                                  uint32_t *action)
{
	struct stat sb;
	if (fstat(pfd, &sb) != 0) {
		*st = vfs_errno_to_ntstatus(errno);
		return ATTEMPT_DONE;
	}
	uint32_t d = a->disposition;
	if (S_ISDIR(sb.st_mode)) {
		if (a->options & SMB2_FILE_NON_DIRECTORY_FILE)
			*st = STATUS_FILE_IS_A_DIRECTORY;
		else if (d == SMB2_FILE_CREATE)
			*st = STATUS_OBJECT_NAME_COLLISION;
		else if (d != SMB2_FILE_OPEN && d != SMB2_FILE_OPEN_IF)
			*st = STATUS_INVALID_PARAMETER;
		else
			*st = STATUS_SUCCESS;
		if (*st != STATUS_SUCCESS)
			return ATTEMPT_DONE;
	} else if (S_ISREG(sb.st_mode)) {
		if (a->options & SMB2_FILE_DIRECTORY_FILE)
			*st = STATUS_NOT_A_DIRECTORY;
		else if (n->trailing_sep)
			*st = STATUS_OBJECT_NAME_INVALID;
		else if (d == SMB2_FILE_CREATE)
			*st = STATUS_OBJECT_NAME_COLLISION;
		else if ((sb.st_mode & S_IWUSR) == 0 &&
		         (a->write || disposition_truncates(d)))
			*st = STATUS_ACCESS_DENIED; /* MS-FSA 2.1.5.1.2.1 READONLY */
		else
			*st = STATUS_SUCCESS;
		if (*st != STATUS_SUCCESS)
			return ATTEMPT_DONE;
	} else {
		*st = STATUS_ACCESS_DENIED;
		return ATTEMPT_DONE;
	}

	bool is_dir = S_ISDIR(sb.st_mode);
	bool trunc = !is_dir && disposition_truncates(d);
	bool writable = !is_dir && (a->write || trunc);
	int flags = is_dir ? (O_RDONLY | O_DIRECTORY)
	                   : ((writable ? O_RDWR : O_RDONLY) | O_NONBLOCK | O_NOCTTY);
	int fd = vfs_openat_beneath(s->rootfd, n->path, flags, 0);
	if (fd < 0) {
		if (errno == ENOENT || errno == ENOTDIR)
			return ATTEMPT_RETRY;
		*st = vfs_errno_to_ntstatus(errno);
		return ATTEMPT_DONE;
	}
	struct stat sb2;
	if (fstat(fd, &sb2) != 0 || sb2.st_ino != sb.st_ino || sb2.st_dev != sb.st_dev) {
		close(fd);
		return ATTEMPT_RETRY;
	}
	if (trunc && ftruncate(fd, 0) != 0) {
		*st = vfs_errno_to_ntstatus(errno);
		close(fd);
		return ATTEMPT_DONE;
	}
	/* MS-FSA 2.1.5.1.2: an overwritten file takes the attributes asked
	 * for (dropping HIDDEN or SYSTEM the server refuses first). */
	if (trunc) {
		*st = vfs_attr_store(fd, a->attributes);
		if (*st != STATUS_SUCCESS) {
			close(fd);
			return ATTEMPT_DONE;
		}
	}
	*st = file_new(fd, is_dir, writable, n->path, out);
	if (*st == STATUS_SUCCESS) {
		if (d == SMB2_FILE_SUPERSEDE)
			*action = SMB2_FILE_SUPERSEDED;
		else if (trunc)
			*action = SMB2_FILE_OVERWRITTEN;
		else
			*action = SMB2_FILE_OPENED;
	}
	return ATTEMPT_DONE;
}

/* MS-FSA 2.1.5.1.1: the object does not exist. */
static enum attempt create_new(struct vfs_share *s, const struct vfs_name *n,
                               const struct vfs_create_args *a, NTSTATUS *st,
                               struct vfs_file **out, uint32_t *action)
{
	int dfd;
	const char *base;
	*st = vfs_open_parent(s, n->path, &dfd, &base);
	if (*st != STATUS_SUCCESS)
		return ATTEMPT_DONE;
	uint32_t d = a->disposition;
	if (d == SMB2_FILE_OPEN || d == SMB2_FILE_OVERWRITE) {
		*st = STATUS_OBJECT_NAME_NOT_FOUND;
		close(dfd);
		return ATTEMPT_DONE;
	}
	bool want_dir = (a->options & SMB2_FILE_DIRECTORY_FILE) != 0;
	if (n->trailing_sep && !want_dir) {
		*st = STATUS_OBJECT_NAME_INVALID;
		close(dfd);
		return ATTEMPT_DONE;
	}
	int fd;
	if (want_dir) {
		if (mkdirat(dfd, base, VFS_NEW_DIR_MODE) != 0) {
			int err = errno;
			close(dfd);
			if (err == EEXIST)
				return ATTEMPT_RETRY;
			*st = vfs_errno_to_ntstatus(err);
			return ATTEMPT_DONE;
		}
		fd = vfs_openat_beneath(dfd, base, O_RDONLY | O_DIRECTORY | O_NOFOLLOW, 0);
	} else {
		fd = vfs_openat_beneath(dfd, base,
		                        O_RDWR | O_CREAT | O_EXCL | O_NONBLOCK | O_NOCTTY,
		                        VFS_NEW_FILE_MODE);
	}
	int err = errno;
	close(dfd);
	if (fd < 0) {
		if (err == EEXIST || err == ENOENT)
			return ATTEMPT_RETRY;
		*st = vfs_errno_to_ntstatus(err);
		return ATTEMPT_DONE;
	}
	if (!want_dir && (a->attributes & SMB2_FILE_ATTRIBUTE_READONLY)) {
		struct stat sb;
		if (fstat(fd, &sb) == 0)
			(void)fchmod(fd, sb.st_mode & ~(mode_t)VFS_WRITE_BITS & 07777);
	}
	/* MS-FSA 2.1.5.1.1: the new object has the attributes asked for
	 * (best effort, as READONLY above). */
	(void)vfs_attr_store(fd, a->attributes);
	*st = file_new(fd, want_dir, !want_dir, n->path, out);
	if (*st == STATUS_SUCCESS)
		*action = SMB2_FILE_CREATED;
	return ATTEMPT_DONE;
}

static NTSTATUS check_args(const struct vfs_create_args *a)
{
	uint32_t d = a->disposition;
	if (d > SMB2_FILE_OVERWRITE_IF)
		return STATUS_INVALID_PARAMETER;
	bool dir = (a->options & SMB2_FILE_DIRECTORY_FILE) != 0;
	bool nondir = (a->options & SMB2_FILE_NON_DIRECTORY_FILE) != 0;
	/* MS-FSA 2.1.5.1 Phase 1 */
	if (dir && nondir)
		return STATUS_INVALID_PARAMETER;
	if (dir && d != SMB2_FILE_CREATE && d != SMB2_FILE_OPEN && d != SMB2_FILE_OPEN_IF)
		return STATUS_INVALID_PARAMETER;
	return STATUS_SUCCESS;
}

NTSTATUS vfs_create(struct vfs_share *s, const uint8_t *name16, size_t len,
                    const struct vfs_create_args *args, struct vfs_file **out,
                    uint32_t *action)
{
	NTSTATUS st = check_args(args);
	if (st != STATUS_SUCCESS)
		return st;
	struct vfs_name n;
	st = vfs_name_parse(name16, len, 0, &n);
	if (st != STATUS_SUCCESS)
		return st;
	if (n.trailing_sep && (args->options & SMB2_FILE_NON_DIRECTORY_FILE)) {
		vfs_name_free(&n);
		return STATUS_OBJECT_NAME_INVALID;
	}
	/* A racing client can keep changing the object; give up with a
	 * collision after a bounded number of attempts. */
	st = STATUS_OBJECT_NAME_COLLISION;
	for (int i = 0; i < VFS_CREATE_RETRIES; i++) {
		enum attempt r;
		int pfd = vfs_openat_beneath(s->rootfd, n.path, O_PATH, 0);
		if (pfd >= 0) {
			r = open_existing(s, &n, args, pfd, &st, out, action);
			close(pfd);
		} else if (errno == ENOENT) {
			r = create_new(s, &n, args, &st, out, action);
		} else if (errno == ENOTDIR) {
			/* an intermediate component is a file, or a trailing
			 * separator named a file */
			int dfd;
			const char *base;
			st = vfs_open_parent(s, n.path, &dfd, &base);
			if (st == STATUS_SUCCESS) {
				close(dfd);
				st = STATUS_OBJECT_NAME_INVALID;
			}
			r = ATTEMPT_DONE;
		} else {
			st = vfs_errno_to_ntstatus(errno);
			r = ATTEMPT_DONE;
		}
		if (r == ATTEMPT_DONE)
			break;
		st = STATUS_OBJECT_NAME_COLLISION;
	}
	vfs_name_free(&n);
	return st;
}
