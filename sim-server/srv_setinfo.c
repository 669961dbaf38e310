/*
 * SET_INFO (MS-SMB2 3.3.5.21, MS-FSA 2.1.5.14): basic information,
 * rename, disposition, end of file, allocation, position and mode; the
 * security descriptor through srv_secinfo.c.
 *
 * Access (MS-FSA 2.1.5.14): Basic needs FILE_WRITE_ATTRIBUTES; EndOfFile
 * and Allocation FILE_WRITE_DATA; Rename and Disposition DELETE; Position
 * and Mode nothing.  On a read-only share everything but Position and Mode
 * is STATUS_ACCESS_DENIED.
 *
 * Rename: RootDirectory must be 0 (MS-SMB2 2.2.39: the name is from the
 * share root) else STATUS_INVALID_PARAMETER; renaming the share root, a
 * directory below which something is open, or (with ReplaceIfExists) onto
 * an object that is open is STATUS_ACCESS_DENIED, as Windows answers; the
 * VFS answers collisions and a directory as the replaced target.
 *
 * Disposition: the share root and a READONLY file are STATUS_CANNOT_DELETE
 * (FILE_DISPOSITION_IGNORE_READONLY_ATTRIBUTE lifts the second), a
 * directory that is not empty STATUS_DIRECTORY_NOT_EMPTY.  DispositionEx
 * with FILE_DISPOSITION_ON_CLOSE sets this open's delete-on-close instead
 * of File.DeletePending; FILE_DISPOSITION_POSIX_SEMANTICS is accepted and
 * behaves as the plain flag (the name stays until the last close).
 *
 * Classes that are query-only (Standard, All, ...) are
 * STATUS_INVALID_INFO_CLASS; file-system information and quotas cannot be
 * set (STATUS_NOT_SUPPORTED).
 */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "sim-server/srv_info.h"
#include "sim-server/srv_int.h"
#include "wire/change_notify.h"
#include "wire/fileinfo.h"
#include "wire/fsinfo.h"
#include "wire/notify_info.h"
#include "wire/query_info.h"
#include "wire/set_info.h"

#define SRV_MAX_FILE_OFFSET ((uint64_t)INT64_MAX)
#define SRV_DISPOSITION_EX_FLAGS                                                    \
	(FILE_DISPOSITION_DELETE | FILE_DISPOSITION_POSIX_SEMANTICS |                 \
	 FILE_DISPOSITION_FORCE_IMAGE_SECTION_CHECK | FILE_DISPOSITION_ON_CLOSE |     \
	 FILE_DISPOSITION_IGNORE_READONLY_ATTRIBUTE)

/* Call fn(other, arg) for every disk open of the server but f, until it
 * returns true; true if one did. */
static bool any_other_open(struct srv_file *f, bool (*fn)(const struct srv_file *o,
                                                            const void *arg),
                           const void *arg)
{
	struct srv_server *srv = srv_files_server(f->files);

	for (unsigned b = 0; b < SRV_OPEN_HASH; b++) {
		struct srv_link *head = &srv->opens[b];
		for (struct srv_link *l = head->next; l != head; l = l->next) {
			struct srv_open *o = srv_container(l, struct srv_open, in_hash);
			struct srv_file *of = srv_file_get(o);
			if (!of || of == f || !of->vf)
				continue;
			if (fn(of, arg))
				return true;
		}
	}
	return false;
}

static bool is_below(const struct srv_file *o, const void *arg)
{
	const struct srv_file *d = arg;
	const char *dir = d->vf->path;
	size_t n = strlen(dir);

	return o->share == d->share && strncmp(o->vf->path, dir, n) == 0 && o->vf->path[n] == '/';
}

static bool is_object(const struct srv_file *o, const void *arg)
{
	const struct stat *sb = arg;

	return o->node && o->node->dev == sb->st_dev && o->node->ino == sb->st_ino;
}

/* With ReplaceIfExists: is the object the new name names open (other than
 * through f)? */
static bool target_open(struct srv_file *f, const struct smb2_fi_rename *rn)
{
	struct vfs_create_args a = {.disposition = SMB2_FILE_OPEN};
	struct vfs_file *t = NULL;
	struct stat sb;
	uint32_t action;
	bool busy = false;
	const uint8_t *p = rn->name.p;
	size_t len = rn->name.len;

	/* vfs_create refuses the leading separator rename targets may have. */
	if (len >= 2 && le16(p) == '\\') {
		p += 2;
		len -= 2;
	}
	if (vfs_create(f->share, p, len, &a, &t, &action) != STATUS_SUCCESS)
		return false;
	if (fstat(t->fd, &sb) == 0 && !is_object(f, &sb))
		busy = any_other_open(f, is_object, &sb);
	vfs_close(t);
	return busy;
}

static NTSTATUS set_rename(struct srv_file *f, const struct smb2_fi_rename *rn)
{
	uint32_t filter = f->kind == SRV_FILE_DIR ? FILE_NOTIFY_CHANGE_DIR_NAME
	                                          : FILE_NOTIFY_CHANGE_FILE_NAME;
	char *old;
	NTSTATUS st;

	if (rn->root_directory != 0 || rn->name.len == 0)
		return STATUS_INVALID_PARAMETER;
	if (f->vf->path[0] == '\0')
		return STATUS_ACCESS_DENIED;
	if (f->kind == SRV_FILE_DIR && any_other_open(f, is_below, f))
		return STATUS_ACCESS_DENIED;
	if (rn->replace_if_exists && target_open(f, rn))
		return STATUS_ACCESS_DENIED;
	old = strdup(f->vf->path);
	if (!old)
		return STATUS_NO_MEMORY;
	st = vfs_rename(f->share, f->vf, rn->name.p, rn->name.len, rn->replace_if_exists != 0);
	if (st == STATUS_SUCCESS) {
		srv_files_notify_change(f->files, f->share, old, FILE_ACTION_RENAMED_OLD_NAME,
		                        filter);
		srv_files_notify_change(f->files, f->share, f->vf->path,
		                        FILE_ACTION_RENAMED_NEW_NAME, filter);
	}
	free(old);
	return st;
}

static NTSTATUS set_disposition(struct srv_file *f, bool del, uint32_t flags)
{
	struct vfs_stat s;
	NTSTATUS st;

	if (!del) {
		if (flags & FILE_DISPOSITION_ON_CLOSE)
			f->delete_on_close = false;
		else
			f->node->delete_pending = false;
		return STATUS_SUCCESS;
	}
	if (f->vf->path[0] == '\0')
		return STATUS_CANNOT_DELETE;
	st = vfs_fstat(f->vf, &s);
	if (st != STATUS_SUCCESS)
		return st;
	if ((s.attributes & SMB2_FILE_ATTRIBUTE_READONLY) &&
	    !(flags & FILE_DISPOSITION_IGNORE_READONLY_ATTRIBUTE))
		return STATUS_CANNOT_DELETE;
	if (s.is_dir) {
		st = vfs_check_deletable(f->vf);
		if (st != STATUS_SUCCESS)
			return st;
	}
	if (flags & FILE_DISPOSITION_ON_CLOSE)
		f->delete_on_close = true;
	else
		f->node->delete_pending = true;
	return STATUS_SUCCESS;
}

static NTSTATUS set_basic(struct srv_file *f, const struct smb2_fi_basic *b)
{
	uint32_t a = b->file_attributes;
	NTSTATUS st;

	/* MS-FSA 2.1.5.14.2 */
	if (f->kind != SRV_FILE_DIR && (a & SMB2_FILE_ATTRIBUTE_DIRECTORY))
		return STATUS_INVALID_PARAMETER;
	if (f->kind == SRV_FILE_DIR && (a & SMB2_FILE_ATTRIBUTE_TEMPORARY))
		return STATUS_INVALID_PARAMETER;
	st = vfs_set_basic(f->vf, b);
	if (st == STATUS_SUCCESS)
		srv_files_notify_change(f->files, f->share, f->vf->path, FILE_ACTION_MODIFIED,
		                        FILE_NOTIFY_CHANGE_ATTRIBUTES |
		                                FILE_NOTIFY_CHANGE_LAST_WRITE);
	return st;
}

static NTSTATUS set_size(struct srv_file *f, uint8_t cls, uint64_t v)
{
	NTSTATUS st;

	if (f->kind == SRV_FILE_DIR || v > SRV_MAX_FILE_OFFSET)
		return STATUS_INVALID_PARAMETER;
	st = cls == FILE_END_OF_FILE_INFORMATION ? vfs_set_eof(f->vf, v)
	                                         : vfs_set_allocation(f->vf, v);
	if (st == STATUS_SUCCESS)
		srv_files_notify_change(f->files, f->share, f->vf->path, FILE_ACTION_MODIFIED,
		                        FILE_NOTIFY_CHANGE_SIZE);
	return st;
}

static NTSTATUS set_mode(struct srv_file *f, uint32_t mode)
{
	struct srv_info_open *io = srv_info_open_state(f);
	const uint32_t sync = SMB2_FILE_SYNCHRONOUS_IO_ALERT | SMB2_FILE_SYNCHRONOUS_IO_NONALERT;

	if (!io)
		return STATUS_NO_MEMORY;
	/* MS-FSA 2.1.5.14.8: only these bits, the synchronous ones only as
	 * the open already has them. */
	if ((mode & ~SRV_INFO_MODE_SETTABLE) || (mode & sync) == sync ||
	    (mode & sync) != (io->mode & sync))
		return STATUS_INVALID_PARAMETER;
	io->mode = (io->mode & ~SRV_INFO_MODE_SETTABLE) | mode;
	return STATUS_SUCCESS;
}

static uint32_t access_needed(uint8_t cls)
{
	switch (cls) {
	case FILE_BASIC_INFORMATION:
		return SMB2_FILE_WRITE_ATTRIBUTES;
	case FILE_END_OF_FILE_INFORMATION:
	case FILE_ALLOCATION_INFORMATION:
		return SMB2_FILE_WRITE_DATA;
	case FILE_RENAME_INFORMATION:
	case FILE_DISPOSITION_INFORMATION:
	case FILE_DISPOSITION_INFORMATION_EX:
		return SMB2_DELETE;
	default:
		return 0;
	}
}

static bool settable(uint8_t cls)
{
	return cls == FILE_POSITION_INFORMATION || cls == FILE_MODE_INFORMATION ||
	       access_needed(cls) != 0;
}

static NTSTATUS file_set(struct srv_req *r, struct srv_file *f, uint8_t cls,
                         struct smb2_blob buf)
{
	struct smb2_fileinfo fi;
	struct srv_info_open *io;
	uint32_t need = access_needed(cls);
	NTSTATUS st;

	if (!smb2_fileinfo_fixed_size(cls) || !settable(cls))
		return STATUS_INVALID_INFO_CLASS;
	if (need) {
		st = srv_file_check_access(f, need);
		if (st != STATUS_SUCCESS)
			return st;
		if (r->tree->share && r->tree->share->read_only)
			return STATUS_ACCESS_DENIED;
	}
	st = smb2_fileinfo_decode(cls, buf, &fi);
	if (st != STATUS_SUCCESS)
		return st;
	switch (cls) {
	case FILE_BASIC_INFORMATION:
		return set_basic(f, &fi.u.basic);
	case FILE_RENAME_INFORMATION:
		return set_rename(f, &fi.u.rename);
	case FILE_DISPOSITION_INFORMATION:
		return set_disposition(f, fi.u.delete_pending != 0, 0);
	case FILE_DISPOSITION_INFORMATION_EX:
		if (fi.u.disposition_flags & ~SRV_DISPOSITION_EX_FLAGS)
			return STATUS_INVALID_PARAMETER;
		return set_disposition(f, fi.u.disposition_flags & FILE_DISPOSITION_DELETE,
		                       fi.u.disposition_flags);
	case FILE_END_OF_FILE_INFORMATION:
		return set_size(f, cls, fi.u.end_of_file);
	case FILE_ALLOCATION_INFORMATION:
		return set_size(f, cls, fi.u.allocation_size);
	case FILE_POSITION_INFORMATION:
		if (fi.u.current_byte_offset > SRV_MAX_FILE_OFFSET)
			return STATUS_INVALID_PARAMETER;
		io = srv_info_open_state(f);
		if (!io)
			return STATUS_NO_MEMORY;
		io->position = fi.u.current_byte_offset;
		return STATUS_SUCCESS;
	case FILE_MODE_INFORMATION:
		return set_mode(f, fi.u.mode);
	default:
		return STATUS_INVALID_INFO_CLASS;
	}
}

NTSTATUS srv_set_info(struct srv_req *r)
{
	const struct smb2_set_info_req *q = &r->in.u.set_info_req;
	struct smb2_set_info_rsp rsp = {0};
	struct srv_file *f;
	NTSTATUS st;

	st = srv_info_disk_file(r, &f);
	if (st != STATUS_SUCCESS)
		return st;
	if (q->buffer.len > srv_conn_info(r->conn)->max_transact)
		return STATUS_INVALID_PARAMETER;
	switch (q->info_type) {
	case SMB2_0_INFO_FILE:
		st = file_set(r, f, q->file_info_class, q->buffer);
		break;
	case SMB2_0_INFO_FILESYSTEM:
		st = smb2_fsinfo_fixed_size(q->file_info_class) ? STATUS_NOT_SUPPORTED
		                                                : STATUS_INVALID_INFO_CLASS;
		break;
	case SMB2_0_INFO_SECURITY:
		if (r->tree->share && r->tree->share->read_only)
			return STATUS_ACCESS_DENIED;
		st = srv_secinfo_set(f, q->additional_information, q->buffer);
		break;
	case SMB2_0_INFO_QUOTA:
		st = STATUS_NOT_SUPPORTED;
		break;
	default:
		st = STATUS_INVALID_PARAMETER;
		break;
	}
	if (st != STATUS_SUCCESS)
		return st;
	return smb2_set_info_rsp_encode(&r->out, &rsp);
}
