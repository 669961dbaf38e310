/*
 * The reference server's file system: a small VFS over one local directory
 * per share.  Every operation answers with an NTSTATUS; every path stays
 * inside the share.
 *
 * Confinement.  The share root is opened once as a directory fd.  Every
 * name is resolved from that fd with openat2(2) and RESOLVE_BENEATH |
 * RESOLVE_NO_MAGICLINKS (Linux 5.6+), so ".." escapes, absolute symlinks
 * and symlinks that lead out of the share fail inside the kernel (EXDEV),
 * whatever the name looked like.  A symlink inside the share whose target
 * stays inside is followed; the object it names is what the client sees.
 * Names are also checked before they reach the kernel (vfs_name_parse):
 * "." and ".." components are refused outright.
 *
 * Status choices (MS-FSCC 2.1.5, MS-FSA 2.1.5.1, MS-SMB2 3.3.5.9):
 *   - a leading backslash in a CREATE name: STATUS_INVALID_PARAMETER
 *     (MS-SMB2 3.3.5.9); rename targets may start with one (MS-FSCC 2.1.5:
 *     an absolute name is evaluated from the root, here the share root);
 *   - reserved characters < > : " | ? * / and controls 0x00-0x1F, an empty
 *     component ("a\\\\b"), a component over 255 UTF-16 units, a name over
 *     32760 units, invalid UTF-16 (odd length, unpaired surrogate), or a
 *     trailing backslash on something that is not a directory:
 *     STATUS_OBJECT_NAME_INVALID;
 *   - a "." or ".." component: STATUS_OBJECT_PATH_SYNTAX_BAD (what Samba
 *     answers, which the interop tests compare against);
 *   - streams: "name::$DATA" (any case) is the default data stream and
 *     opens "name"; any other stream type is STATUS_OBJECT_NAME_INVALID;
 *     a named stream ("name:s" or "name:s:$DATA") is
 *     STATUS_OBJECT_NAME_NOT_FOUND: this VFS has no alternate streams and
 *     does not advertise FILE_NAMED_STREAMS;
 *   - a symlink that leads out of the share (EXDEV) or a symlink loop
 *     (ELOOP): STATUS_ACCESS_DENIED.  The object may exist, but the share
 *     does not grant access to it; saying "not found" would mislead a
 *     client into creating it;
 *   - a missing last component: STATUS_OBJECT_NAME_NOT_FOUND; a missing or
 *     non-directory intermediate component: STATUS_OBJECT_PATH_NOT_FOUND.
 *   The errno table is vfs_errno_to_ntstatus().
 *
 * Known differences from Windows:
 *   - names are case-sensitive (the local file system's names are used as
 *     they are; "A" and "a" are different files).  Directory enumeration
 *     matches patterns case-insensitively, as Windows does, so a client
 *     that looks a name up by QUERY_DIRECTORY finds it in any case;
 *   - attributes are DIRECTORY for directories, ARCHIVE for files,
 *     READONLY when the owner has no write permission, and HIDDEN and
 *     SYSTEM as CREATE or SET_INFO set them (kept in an extended
 *     attribute, vfs_attr.c; not kept where the file system has no user
 *     xattrs; dot files are not hidden);
 *   - creation time is the statx birth time when the file system records
 *     one, else the modification time, until a client sets one; a
 *     ChangeTime a client sets holds until the data, size or attributes
 *     change (both kept in user.* extended attributes, vfs_times.c);
 *   - SUPERSEDE truncates the existing file rather than replacing it;
 *   - entries the VFS could not open (names that are not valid UTF-8 or not
 *     valid SMB names, symlinks that lead out or dangle) are left out of
 *     directory listings.
 *
 * The VFS keeps no per-open policy: share modes, access checks, delete on
 * close, renaming a directory with open children are the server's job.
 * Not thread-safe per object; objects of different shares are independent.
 */
#ifndef SMBSIM_SERVER_VFS_H
#define SMBSIM_SERVER_VFS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "wire/fileinfo.h"
#include "wire/ntstatus.h"

/* MS-FSCC 2.1.5.2: a file name is 1..255 characters (UTF-16 units). */
#define VFS_MAX_COMPONENT_UNITS 255u
/* MS-FSCC 2.1.5: a pathname is at most 32,760 characters. */
#define VFS_MAX_PATH_UNITS 32760u
/* Longest QUERY_DIRECTORY pattern accepted (UTF-16 units). */
#define VFS_MAX_PATTERN_UNITS 1024u
/* Bytes of UTF-8 a component can take: a UTF-16 unit is at most 3 bytes. */
#define VFS_MAX_COMPONENT_UTF8 (VFS_MAX_COMPONENT_UNITS * 3u)
/* How often vfs_create retries when the object changes under it. */
#define VFS_CREATE_RETRIES 4
/* Reported by the file-system information classes. */
#define VFS_FS_NAME "NTFS"
#define VFS_BYTES_PER_SECTOR 512u

/* MS-FSCC 2.5.1 FileSystemAttributes reported (case-sensitive search,
 * case-preserved names, Unicode on disk). */
#define VFS_FS_ATTRIBUTES 0x00000007u

/* The WriteToEndOfFile offset of MS-FSA 2.1.5.4 (ByteOffset -1). */
#define VFS_WRITE_TO_EOF UINT64_MAX

/* SetInfo basic (MS-FSCC 2.4.7, MS-FSA 2.1.5.15.2): a time of 0 leaves it
 * as it is; -1 leaves it and stops updates through this open, -2 resumes
 * them (vfs_file.keep_mtime for LastWriteTime); other times below zero are
 * STATUS_INVALID_PARAMETER. */
#define VFS_TIME_NO_CHANGE_1 UINT64_C(0xFFFFFFFFFFFFFFFF)
#define VFS_TIME_NO_CHANGE_2 UINT64_C(0xFFFFFFFFFFFFFFFE)

/* ---- names ---------------------------------------------------------- */

/* vfs_name_parse flags */
#define VFS_NAME_ALLOW_LEADING_SEP 0x1u   /* rename targets */

struct vfs_name {
	char *path;         /* share-relative, '/'-separated, UTF-8; "" = root */
	size_t len;         /* strlen(path) */
	bool trailing_sep;  /* the name ended in a backslash */
};

/* Validate a UTF-16LE SMB name and convert it; free with vfs_name_free. */
NTSTATUS vfs_name_parse(const uint8_t *name16, size_t len, unsigned flags,
                        struct vfs_name *out);
void vfs_name_free(struct vfs_name *n);

/* ---- errors and times ---------------------------------------------- */

NTSTATUS vfs_errno_to_ntstatus(int err);

/* NT time: 100 ns units since 1601-01-01 UTC.  Times before 1601 give 0;
 * vfs_nt_to_timespec is the exact inverse for every NT time. */
uint64_t vfs_timespec_to_nt(struct timespec ts);
struct timespec vfs_nt_to_timespec(uint64_t nt);

/* ---- shares and opens ---------------------------------------------- */

struct vfs_share;

struct vfs_file {
	int fd;             /* O_RDONLY|O_DIRECTORY, or O_RDONLY/O_RDWR file */
	bool is_dir;
	bool writable;      /* fd was opened O_RDWR */
	/* Open.UserSetModificationTime (MS-FSA 2.1.5.15.2): the client set
	 * LastWriteTime (or -1) on this open; writes keep it. */
	bool keep_mtime;
	char *path;         /* share-relative ("" = root); vfs_rename updates it */
};

/* Open the directory `dir` as a share root.  STATUS_NOT_A_DIRECTORY,
 * STATUS_OBJECT_PATH_NOT_FOUND, ... when it cannot be used. */
NTSTATUS vfs_share_open(const char *dir, struct vfs_share **out);
void vfs_share_free(struct vfs_share *s);

struct vfs_create_args {
	uint32_t disposition;   /* SMB2_FILE_SUPERSEDE .. SMB2_FILE_OVERWRITE_IF */
	uint32_t options;       /* SMB2_FILE_DIRECTORY_FILE, _NON_DIRECTORY_FILE */
	uint32_t attributes;    /* new object: READONLY, HIDDEN and SYSTEM are
	                           applied; overwritten file: HIDDEN, SYSTEM */
	bool write;             /* the open needs write access to the data */
};

/*
 * CREATE per MS-FSA 2.1.5.1 on the UTF-16LE name (MS-SMB2 2.2.13 Buffer;
 * empty = share root).  On success *out is a new open and *action one of
 * SMB2_FILE_SUPERSEDED/OPENED/CREATED/OVERWRITTEN.  A file with the
 * READONLY attribute opened for write or with a truncating disposition:
 * STATUS_ACCESS_DENIED.  FIFOs, sockets and devices: STATUS_ACCESS_DENIED.
 */
NTSTATUS vfs_create(struct vfs_share *s, const uint8_t *name16, size_t len,
                    const struct vfs_create_args *args, struct vfs_file **out,
                    uint32_t *action);
void vfs_close(struct vfs_file *f);

/* ---- file operations ------------------------------------------------ */

struct vfs_stat {
	uint64_t creation_time, last_access_time, last_write_time, change_time;
	uint64_t allocation_size;   /* 0 for directories */
	uint64_t end_of_file;       /* 0 for directories */
	uint64_t file_index;        /* st_ino */
	uint32_t attributes;        /* SMB2_FILE_ATTRIBUTE_* */
	uint32_t nlink;
	bool is_dir;
};

NTSTATUS vfs_fstat(const struct vfs_file *f, struct vfs_stat *out);

/* Read up to len bytes at off into buf; *got = bytes read.  Reading at or
 * past the end: STATUS_END_OF_FILE (MS-FSA 2.1.5.3).  Offsets past
 * INT64_MAX: STATUS_INVALID_PARAMETER. */
NTSTATUS vfs_pread(const struct vfs_file *f, void *buf, size_t len, uint64_t off,
                   size_t *got);
/* Write all of buf at off (VFS_WRITE_TO_EOF appends); *done = bytes
 * written.  off + len past INT64_MAX: STATUS_INVALID_PARAMETER. */
NTSTATUS vfs_pwrite(const struct vfs_file *f, const void *buf, size_t len,
                    uint64_t off, size_t *done);
NTSTATUS vfs_flush(const struct vfs_file *f);
/* FileEndOfFileInformation: truncate or extend. */
NTSTATUS vfs_set_eof(const struct vfs_file *f, uint64_t size);
/* FileAllocationInformation (MS-FSA 2.1.5.14.1): below the end of file it
 * truncates; above, space is reserved where the file system can. */
NTSTATUS vfs_set_allocation(const struct vfs_file *f, uint64_t size);
/* FileBasicInformation: the four times (0/-1/-2 leave a time unchanged;
 * -1 and a LastWriteTime set keep it through later writes on f, -2 ends
 * that; below -2 is STATUS_INVALID_PARAMETER), READONLY (files), HIDDEN
 * and SYSTEM in the attributes when they are non-zero.  CreationTime and
 * ChangeTime go to extended attributes (vfs_times.c), HIDDEN and SYSTEM
 * too (vfs_attr.c). */
NTSTATUS vfs_set_basic(struct vfs_file *f, const struct smb2_fi_basic *b);

/* STATUS_SUCCESS for an empty directory (or a file),
 * STATUS_DIRECTORY_NOT_EMPTY otherwise: what the disposition check needs. */
NTSTATUS vfs_check_deletable(const struct vfs_file *f);
/* Remove the object f names (unlink or rmdir); f stays open.  The share
 * root: STATUS_ACCESS_DENIED. */
NTSTATUS vfs_unlink(struct vfs_share *s, const struct vfs_file *f);
/* Rename f to the UTF-16LE name (MS-FSCC 2.4.37.2, from the share root).
 * Without replace an existing target is STATUS_OBJECT_NAME_COLLISION;
 * with it, a directory target is STATUS_ACCESS_DENIED.  f->path follows. */
NTSTATUS vfs_rename(struct vfs_share *s, struct vfs_file *f,
                    const uint8_t *name16, size_t len, bool replace);

/* ---- directory enumeration ------------------------------------------ */

/*
 * MS-FSA 2.1.4.4 IsNameInExpression over UTF-16 units: * ? and the DOS
 * wildcards < (DOS_STAR) > (DOS_QM) " (DOS_DOT).  An empty expression
 * matches nothing; "*" matches everything.  Names longer than
 * VFS_MAX_COMPONENT_UNITS never match.
 */
bool vfs_name_matches(const uint16_t *expr, size_t elen, const uint16_t *name,
                      size_t nlen, bool ignore_case);

struct vfs_dirent {
	char name[VFS_MAX_COMPONENT_UTF8 + 1];       /* UTF-8 */
	uint8_t name16[VFS_MAX_COMPONENT_UNITS * 2]; /* UTF-16LE */
	size_t name16_len;                           /* bytes */
	struct vfs_stat st;
};

/* A directory cursor the server keeps per open (MS-SMB2 3.3.5.18). */
struct vfs_dir;

/* Start enumerating the open directory dir (which must outlive the
 * cursor) with pattern "*".  STATUS_INVALID_PARAMETER for a file. */
NTSTATUS vfs_dir_open(struct vfs_share *s, const struct vfs_file *dir,
                      struct vfs_dir **out);
void vfs_dir_free(struct vfs_dir *d);
/* Set the UTF-16LE pattern (empty = "*") and restart.  A pattern with a
 * separator or NUL, or over VFS_MAX_PATTERN_UNITS: STATUS_OBJECT_NAME_INVALID. */
NTSTATUS vfs_dir_set_pattern(struct vfs_dir *d, const uint8_t *pat16, size_t len);
/* Restart from the first entry ("." then "..", then the directory's
 * entries in the order the file system gives them). */
void vfs_dir_rewind(struct vfs_dir *d);
/* Next matching entry, or STATUS_NO_MORE_FILES. */
NTSTATUS vfs_dir_next(struct vfs_dir *d, struct vfs_dirent *out);
/* Make the next vfs_dir_next return the last entry again (it did not fit
 * in the response). */
void vfs_dir_push_back(struct vfs_dir *d);

/* ---- file system ---------------------------------------------------- */

struct vfs_fs_info {
	uint64_t total_units;
	uint64_t caller_available_units;    /* f_bavail */
	uint64_t actual_available_units;    /* f_bfree */
	uint32_t sectors_per_unit;
	uint32_t bytes_per_sector;
	uint32_t serial_number;             /* folded st_dev of the root */
	uint32_t fs_attributes;             /* VFS_FS_ATTRIBUTES */
	uint32_t max_component_length;      /* VFS_MAX_COMPONENT_UNITS */
	uint64_t creation_time;             /* of the share root */
	const char *fs_name;                /* VFS_FS_NAME: "NTFS", as Samba
	                                       reports, so clients enable the
	                                       features they tie to it */
};

NTSTATUS vfs_fs_info(struct vfs_share *s, struct vfs_fs_info *out);

#endif
