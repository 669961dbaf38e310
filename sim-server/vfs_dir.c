/*
 * Directory enumeration with MS-FSA 2.1.4.4 wildcard matching; a cursor
 * per open that the server keeps (MS-SMB2 3.3.5.18).  Contracts in vfs.h.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sim-server/vfs_int.h"
#include "util/utf16.h"

/* MS-FSA 2.1.4.4 wildcards */
#define W_STAR 0x002Au
#define W_QM 0x003Fu
#define W_DOS_STAR 0x003Cu
#define W_DOS_QM 0x003Eu
#define W_DOS_DOT 0x0022u
#define U_DOT 0x002Eu

static bool unit_eq(uint16_t a, uint16_t b, bool ignore_case)
{
	if (a == b)
		return true;
	return ignore_case && utf16_upper_unit(a) == utf16_upper_unit(b);
}

/*
 * m(i, j): does expr[i..] match name[j..]?  Computed row by row from the
 * end of the expression: next holds m(i+1, .), cur gets m(i, .), each row
 * from the end of the name because * and < read m(i, j+1).
 */
bool vfs_name_matches(const uint16_t *expr, size_t elen, const uint16_t *name,
                      size_t nlen, bool ignore_case)
{
	if (elen == 0 || nlen > VFS_MAX_COMPONENT_UNITS)
		return false;
	if (elen == 1 && expr[0] == W_STAR)
		return true;
	size_t lastdot = SIZE_MAX;
	for (size_t j = 0; j < nlen; j++) {
		if (name[j] == U_DOT)
			lastdot = j;
	}
	bool rows[2][VFS_MAX_COMPONENT_UNITS + 2];
	bool *next = rows[0], *cur = rows[1];
	for (size_t j = 0; j <= nlen; j++)
		next[j] = j == nlen;
	for (size_t i = elen; i-- > 0;) {
		uint16_t c = expr[i];
		for (size_t j = nlen + 1; j-- > 0;) {
			bool more = j < nlen;
			bool m;
			switch (c) {
			case W_STAR:
				m = next[j] || (more && cur[j + 1]);
				break;
			case W_QM:
				m = more && next[j + 1];
				break;
			case W_DOS_STAR:
				/* any character but the name's last dot */
				m = next[j] || (more && (name[j] != U_DOT || j != lastdot) &&
				                cur[j + 1]);
				break;
			case W_DOS_QM:
				/* one character; at a dot or the end, nothing */
				if (more && name[j] != U_DOT)
					m = next[j + 1];
				else
					m = next[j];
				break;
			case W_DOS_DOT:
				/* a dot, or nothing at the end of the name */
				if (more)
					m = name[j] == U_DOT && next[j + 1];
				else
					m = next[j];
				break;
			default:
				m = more && unit_eq(name[j], c, ignore_case) && next[j + 1];
				break;
			}
			cur[j] = m;
		}
		bool *t = next;
		next = cur;
		cur = t;
	}
	return next[0];
}

enum dir_phase { PHASE_DOT, PHASE_DOTDOT, PHASE_ENTRIES };

struct vfs_dir {
	struct vfs_share *share;
	const struct vfs_file *dir;
	DIR *d;
	enum dir_phase phase;
	uint16_t pat[VFS_MAX_PATTERN_UNITS];
	size_t plen;
	bool have_last;
	bool pushed;
	struct vfs_dirent last;
};

NTSTATUS vfs_dir_open(struct vfs_share *s, const struct vfs_file *dir,
                      struct vfs_dir **out)
{
	if (!dir->is_dir)
		return STATUS_INVALID_PARAMETER;
	/* a fresh fd, so that readdir's offset is this cursor's own */
	int fd = openat(dir->fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return vfs_errno_to_ntstatus(errno);
	struct vfs_dir *d = calloc(1, sizeof(*d));
	if (d == NULL) {
		close(fd);
		return STATUS_NO_MEMORY;
	}
	d->d = fdopendir(fd);
	if (d->d == NULL) {
		NTSTATUS st = vfs_errno_to_ntstatus(errno);
		close(fd);
		free(d);
		return st;
	}
	d->share = s;
	d->dir = dir;
	d->pat[0] = W_STAR;
	d->plen = 1;
	d->phase = PHASE_DOT;
	*out = d;
	return STATUS_SUCCESS;
}

void vfs_dir_free(struct vfs_dir *d)
{
	if (d == NULL)
		return;
	closedir(d->d);
	free(d);
}

void vfs_dir_rewind(struct vfs_dir *d)
{
	rewinddir(d->d);
	d->phase = PHASE_DOT;
	d->have_last = false;
	d->pushed = false;
}

NTSTATUS vfs_dir_set_pattern(struct vfs_dir *d, const uint8_t *pat16, size_t len)
{
	if (len % 2 != 0 || len / 2 > VFS_MAX_PATTERN_UNITS)
		return STATUS_OBJECT_NAME_INVALID;
	size_t n = len / 2;
	uint16_t tmp[VFS_MAX_PATTERN_UNITS];
	for (size_t i = 0; i < n; i++) {
		uint16_t u = (uint16_t)(pat16[2 * i] | (pat16[2 * i + 1] << 8));
		if (u == 0 || u == '\\' || u == '/')
			return STATUS_OBJECT_NAME_INVALID;
		tmp[i] = u;
	}
	if (n == 0) {
		tmp[0] = W_STAR;
		n = 1;
	}
	memcpy(d->pat, tmp, n * sizeof(tmp[0]));
	d->plen = n;
	vfs_dir_rewind(d);
	return STATUS_SUCCESS;
}

void vfs_dir_push_back(struct vfs_dir *d)
{
	if (d->have_last)
		d->pushed = true;
}

/* Fill out's names from a UTF-8 name; false when it is not a name an SMB
 * client could use (invalid UTF-8, too long, reserved characters). */
static bool set_names(struct vfs_dirent *out, const char *name)
{
	size_t nlen = strlen(name);
	if (nlen > VFS_MAX_COMPONENT_UTF8)
		return false;
	size_t blen;
	if (utf8_to_utf16le(name, nlen, out->name16, sizeof(out->name16), &blen) !=
	    STATUS_SUCCESS)
		return false;
	for (size_t i = 0; i < nlen; i++) {
		unsigned char ch = (unsigned char)name[i];
		if (ch < 0x20 || strchr("\"*:<>?\\|", ch) != NULL)
			return false;
	}
	memcpy(out->name, name, nlen + 1);
	out->name16_len = blen;
	return true;
}

static bool name_matches(const struct vfs_dir *d, const struct vfs_dirent *e)
{
	uint16_t units[VFS_MAX_COMPONENT_UNITS];
	size_t n = e->name16_len / 2;
	for (size_t i = 0; i < n; i++)
		units[i] = (uint16_t)(e->name16[2 * i] | (e->name16[2 * i + 1] << 8));
	/* Windows matches directory patterns without regard to case */
	return vfs_name_matches(d->pat, d->plen, units, n, true);
}

/* Stat the entry `name` of the directory, resolved from the share root so
 * that a symlink leading out is refused like any other name. */
static bool stat_entry(const struct vfs_dir *d, const char *name, struct vfs_stat *st)
{
	const char *dp = d->dir->path;
	size_t dl = strlen(dp), nl = strlen(name);
	char *path = malloc(dl + 1 + nl + 1);
	if (path == NULL)
		return false;
	if (dl > 0) {
		memcpy(path, dp, dl);
		path[dl] = '/';
		memcpy(path + dl + 1, name, nl + 1);
	} else {
		memcpy(path, name, nl + 1);
	}
	int fd = vfs_openat_beneath(d->share->rootfd, path, O_PATH, 0);
	free(path);
	if (fd < 0)
		return false;
	bool ok = vfs_stat_fd(fd, st) == STATUS_SUCCESS;
	close(fd);
	return ok;
}

/* "..": the parent, or the share root itself at the root (never above). */
static bool stat_dotdot(const struct vfs_dir *d, struct vfs_stat *st)
{
	if (d->dir->path[0] == '\0')
		return vfs_stat_fd(d->share->rootfd, st) == STATUS_SUCCESS;
	int pfd;
	const char *base;
	if (vfs_open_parent(d->share, d->dir->path, &pfd, &base) != STATUS_SUCCESS)
		return false;
	bool ok = vfs_stat_fd(pfd, st) == STATUS_SUCCESS;
	close(pfd);
	return ok;
}

NTSTATUS vfs_dir_next(struct vfs_dir *d, struct vfs_dirent *out)
{
	if (d->pushed) {
		d->pushed = false;
		*out = d->last;
		return STATUS_SUCCESS;
	}
	struct vfs_dirent *e = &d->last;
	d->have_last = false;
	for (;;) {
		bool ok;
		if (d->phase == PHASE_DOT) {
			d->phase = PHASE_DOTDOT;
			ok = set_names(e, ".") && name_matches(d, e) &&
			     vfs_stat_fd(d->dir->fd, &e->st) == STATUS_SUCCESS;
		} else if (d->phase == PHASE_DOTDOT) {
			d->phase = PHASE_ENTRIES;
			ok = set_names(e, "..") && name_matches(d, e) && stat_dotdot(d, &e->st);
		} else {
			errno = 0;
			struct dirent *de = readdir(d->d);
			if (de == NULL)
				return errno != 0 ? vfs_errno_to_ntstatus(errno)
				                  : STATUS_NO_MORE_FILES;
			if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
				continue;
			ok = set_names(e, de->d_name) && name_matches(d, e) &&
			     stat_entry(d, de->d_name, &e->st);
		}
		if (ok) {
			d->have_last = true;
			*out = *e;
			return STATUS_SUCCESS;
		}
	}
}
