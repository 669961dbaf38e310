/*
 * SMB names to share-relative paths (MS-FSCC 2.1.5, MS-SMB2 3.3.5.9), the
 * errno to NTSTATUS table and NT time conversion.  Rules and status
 * choices are listed in vfs.h.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "sim-server/vfs.h"
#include "util/utf16.h"

#define U_BACKSLASH 0x005Cu
#define U_COLON 0x003Au
#define U_DOT 0x002Eu

/* Seconds from 1601-01-01 to 1970-01-01, and 100 ns units per second. */
#define NT_EPOCH_DELTA INT64_C(11644473600)
#define NT_TICKS_PER_SEC UINT64_C(10000000)

static uint16_t unit_at(const uint8_t *p, size_t i)
{
	return (uint16_t)(p[2 * i] | (p[2 * i + 1] << 8));
}

/* MS-FSCC 2.1.5.2: characters a file name may not hold (':' is handled by
 * the caller as the stream separator). */
static bool unit_reserved(uint16_t u)
{
	if (u < 0x20)
		return true;
	switch (u) {
	case '"': case '*': case '/': case '<': case '>': case '?': case '|':
	case U_BACKSLASH:
		return true;
	default:
		return false;
	}
}

static bool units_equal_ascii_nocase(const uint8_t *p, size_t start, size_t n,
                                     const char *ascii)
{
	if (strlen(ascii) != n)
		return false;
	for (size_t i = 0; i < n; i++) {
		if (utf16_upper_unit(unit_at(p, start + i)) !=
		    utf16_upper_unit((uint16_t)(unsigned char)ascii[i]))
			return false;
	}
	return true;
}

/*
 * The stream part of the last component, units [colon+1, end): "" is
 * invalid, ":$DATA" is the default stream, "s" and "s:$DATA" are named
 * streams, which this VFS does not have.
 */
static NTSTATUS check_stream(const uint8_t *p, size_t start, size_t end)
{
	size_t second = end;
	for (size_t i = start; i < end; i++) {
		uint16_t u = unit_at(p, i);
		if (u == U_COLON) {
			if (second != end)
				return STATUS_OBJECT_NAME_INVALID;
			second = i;
		} else if (unit_reserved(u)) {
			return STATUS_OBJECT_NAME_INVALID;
		}
	}
	if (second == end) /* "name:stream" */
		return start == end ? STATUS_OBJECT_NAME_INVALID
		                    : STATUS_OBJECT_NAME_NOT_FOUND;
	if (!units_equal_ascii_nocase(p, second + 1, end - second - 1, "$DATA"))
		return STATUS_OBJECT_NAME_INVALID;
	return second == start ? STATUS_SUCCESS : STATUS_OBJECT_NAME_NOT_FOUND;
}

/* Check components of units [0, n); *data_end gets where the data part of
 * the name ends (before a "::$DATA" suffix). */
static NTSTATUS check_components(const uint8_t *p, size_t n, size_t *data_end)
{
	size_t start = 0;
	*data_end = n;
	while (start <= n) {
		size_t end = start;
		size_t colon = SIZE_MAX;
		while (end < n && unit_at(p, end) != U_BACKSLASH) {
			if (unit_at(p, end) == U_COLON && colon == SIZE_MAX)
				colon = end;
			end++;
		}
		bool last = end == n;
		size_t name_end = colon == SIZE_MAX ? end : colon;
		size_t clen = name_end - start;
		if (clen == 0)
			return STATUS_OBJECT_NAME_INVALID;
		if (clen > VFS_MAX_COMPONENT_UNITS)
			return STATUS_OBJECT_NAME_INVALID;
		if (unit_at(p, start) == U_DOT &&
		    (clen == 1 || (clen == 2 && unit_at(p, start + 1) == U_DOT)))
			return STATUS_OBJECT_PATH_SYNTAX_BAD;
		for (size_t i = start; i < name_end; i++) {
			if (unit_reserved(unit_at(p, i)))
				return STATUS_OBJECT_NAME_INVALID;
		}
		if (colon != SIZE_MAX) {
			if (!last)
				return STATUS_OBJECT_NAME_INVALID;
			NTSTATUS st = check_stream(p, colon + 1, end);
			if (st != STATUS_SUCCESS)
				return st;
			*data_end = colon;
		}
		start = end + 1;
	}
	return STATUS_SUCCESS;
}

NTSTATUS vfs_name_parse(const uint8_t *name16, size_t len, unsigned flags,
                        struct vfs_name *out)
{
	if (len % 2 != 0 || (name16 == NULL && len != 0))
		return STATUS_OBJECT_NAME_INVALID;
	size_t n = len / 2;
	if (n > VFS_MAX_PATH_UNITS)
		return STATUS_OBJECT_NAME_INVALID;
	const uint8_t *p = name16;
	if (n > 0 && unit_at(p, 0) == U_BACKSLASH) {
		/* MS-SMB2 3.3.5.9 */
		if (!(flags & VFS_NAME_ALLOW_LEADING_SEP))
			return STATUS_INVALID_PARAMETER;
		p += 2;
		n--;
	}
	bool trailing = false;
	if (n > 0 && unit_at(p, n - 1) == U_BACKSLASH) {
		trailing = true;
		n--;
	}
	size_t data_end = 0;
	if (n > 0) {
		NTSTATUS st = check_components(p, n, &data_end);
		if (st != STATUS_SUCCESS)
			return st;
		if (trailing && data_end != n)
			return STATUS_OBJECT_NAME_INVALID;
	} else if (trailing) {
		return STATUS_OBJECT_NAME_INVALID; /* "\\\\" */
	}
	size_t cap = data_end * 3 + 1;
	char *path = malloc(cap);
	if (path == NULL)
		return STATUS_NO_MEMORY;
	size_t plen = 0;
	NTSTATUS st = utf16le_to_utf8(p, data_end * 2, path, cap, &plen);
	if (st != STATUS_SUCCESS) {
		free(path);
		return STATUS_OBJECT_NAME_INVALID;
	}
	for (size_t i = 0; i < plen; i++) {
		if (path[i] == '\\')
			path[i] = '/';
	}
	out->path = path;
	out->len = plen;
	out->trailing_sep = trailing;
	return STATUS_SUCCESS;
}

void vfs_name_free(struct vfs_name *n)
{
	if (n == NULL)
		return;
	free(n->path);
	n->path = NULL;
	n->len = 0;
}

NTSTATUS vfs_errno_to_ntstatus(int err)
{
	static const struct {
		int err;
		NTSTATUS status;
	} table[] = {
		{ ENOENT, STATUS_OBJECT_NAME_NOT_FOUND },
		{ ENOTDIR, STATUS_OBJECT_PATH_NOT_FOUND },
		{ EISDIR, STATUS_FILE_IS_A_DIRECTORY },
		{ EEXIST, STATUS_OBJECT_NAME_COLLISION },
		{ EACCES, STATUS_ACCESS_DENIED },
		{ EPERM, STATUS_ACCESS_DENIED },
		/* escape attempts and loops: see vfs.h */
		{ EXDEV, STATUS_ACCESS_DENIED },
		{ ELOOP, STATUS_ACCESS_DENIED },
		{ ENOSPC, STATUS_DISK_FULL },
		{ EDQUOT, STATUS_DISK_FULL },
		{ EFBIG, STATUS_DISK_FULL },
		{ ENAMETOOLONG, STATUS_OBJECT_NAME_INVALID },
		{ EILSEQ, STATUS_OBJECT_NAME_INVALID },
		{ ENOTEMPTY, STATUS_DIRECTORY_NOT_EMPTY },
		{ EMFILE, STATUS_TOO_MANY_OPENED_FILES },
		{ ENFILE, STATUS_TOO_MANY_OPENED_FILES },
		{ EROFS, STATUS_MEDIA_WRITE_PROTECTED },
		{ ENOMEM, STATUS_NO_MEMORY },
		{ EBADF, STATUS_INVALID_HANDLE },
		{ EINVAL, STATUS_INVALID_PARAMETER },
		{ EBUSY, STATUS_SHARING_VIOLATION },
		{ ETXTBSY, STATUS_SHARING_VIOLATION },
		{ EOPNOTSUPP, STATUS_NOT_SUPPORTED },
		{ ENOSYS, STATUS_NOT_SUPPORTED },
		{ EIO, STATUS_UNEXPECTED_IO_ERROR },
		{ ENXIO, STATUS_NO_SUCH_DEVICE },
		{ ENODEV, STATUS_NO_SUCH_DEVICE },
	};
	for (size_t i = 0; i < sizeof(table) / sizeof(table[0]); i++) {
		if (table[i].err == err)
			return table[i].status;
	}
	return STATUS_UNSUCCESSFUL;
}

uint64_t vfs_timespec_to_nt(struct timespec ts)
{
	int64_t sec = (int64_t)ts.tv_sec;
	if (sec < -NT_EPOCH_DELTA)
		return 0;
	uint64_t s = (uint64_t)(sec + NT_EPOCH_DELTA);
	if (s > (UINT64_MAX - NT_TICKS_PER_SEC) / NT_TICKS_PER_SEC)
		return UINT64_MAX;
	long nsec = ts.tv_nsec;
	if (nsec < 0 || nsec >= 1000000000L)
		nsec = 0;
	return s * NT_TICKS_PER_SEC + (uint64_t)nsec / 100;
}

struct timespec vfs_nt_to_timespec(uint64_t nt)
{
	struct timespec ts;
	ts.tv_sec = (time_t)((int64_t)(nt / NT_TICKS_PER_SEC) - NT_EPOCH_DELTA);
	ts.tv_nsec = (long)(nt % NT_TICKS_PER_SEC) * 100;
	return ts;
}
