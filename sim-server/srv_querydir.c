/*
 * QUERY_DIRECTORY (MS-SMB2 3.3.5.18, MS-FSA 2.1.5.6.3) over the VFS
 * directory cursor kept in the open (srv_file.dir).
 *
 * Choices where the specifications leave room:
 *   - the first query on an open, RESTART_SCANS and REOPEN start a scan
 *     (MS-FSA FirstQuery).  A non-empty FileName on any of them becomes the
 *     pattern; an empty one on the first query is "*", on a restart it
 *     keeps the previous pattern.  A FileName on a later query without
 *     those flags is ignored, as Windows does;
 *   - FileIndex (INDEX_SPECIFIED) is ignored: the scan continues where it
 *     stopped, as Windows file systems do (MS-FSA 2.1.5.6.3 note);
 *   - a scan that finds nothing answers STATUS_NO_SUCH_FILE, a scan that
 *     is exhausted STATUS_NO_MORE_FILES;
 *   - OutputBufferLength below the class's fixed part, or too small for
 *     the next entry whole, is STATUS_INFO_LENGTH_MISMATCH (the entry is
 *     kept for the next query) rather than a truncated entry;
 *   - REOPEN on a non-directory is STATUS_INVALID_PARAMETER, as without it.
 */
#include <stdlib.h>
#include <string.h>

#include "sim-server/srv_info.h"
#include "wire/dirinfo.h"
#include "wire/query_directory.h"

static void to_dirent(const struct vfs_dirent *v, struct smb2_dirent *e)
{
	memset(e, 0, sizeof(*e));
	e->creation_time = v->st.creation_time;
	e->last_access_time = v->st.last_access_time;
	e->last_write_time = v->st.last_write_time;
	e->change_time = v->st.change_time;
	e->end_of_file = v->st.end_of_file;
	e->allocation_size = v->st.allocation_size;
	e->file_attributes = v->st.attributes ? v->st.attributes : SMB2_FILE_ATTRIBUTE_NORMAL;
	e->file_id = v->st.file_index;
	put_le64(e->file_id_128, v->st.file_index);
	e->name.p = v->name16;
	e->name.len = (uint32_t)v->name16_len;
}

/* Start or restart the scan as the flags and pattern ask; *first tells
 * whether this query starts one. */
static NTSTATUS prepare_scan(struct srv_file *f, const struct smb2_query_directory_req *q,
                             bool *first)
{
	NTSTATUS st;

	*first = false;
	if (!f->dir) {
		st = vfs_dir_open(f->share, f->vf, &f->dir);
		if (st != STATUS_SUCCESS)
			return st;
		*first = true;
		return vfs_dir_set_pattern(f->dir, q->pattern.p, q->pattern.len);
	}
	if (!(q->flags & (SMB2_RESTART_SCANS | SMB2_REOPEN)))
		return STATUS_SUCCESS;
	*first = true;
	if (q->pattern.len)
		return vfs_dir_set_pattern(f->dir, q->pattern.p, q->pattern.len);
	vfs_dir_rewind(f->dir);
	return STATUS_SUCCESS;
}

/* Fill b from the cursor: STATUS_SUCCESS with at least one entry, or why
 * there is none. */
static NTSTATUS fill(struct srv_file *f, struct smb2_dirinfo_builder *b, bool single,
                     bool first)
{
	struct vfs_dirent *v = NULL;
	NTSTATUS st = STATUS_SUCCESS;

	v = malloc(sizeof(*v));
	if (!v)
		return STATUS_NO_MEMORY;
	for (;;) {
		struct smb2_dirent e;

		st = vfs_dir_next(f->dir, v);
		if (st != STATUS_SUCCESS)
			break;
		to_dirent(v, &e);
		st = smb2_dirinfo_add(b, &e);
		if (st != STATUS_SUCCESS) {
			vfs_dir_push_back(f->dir);
			break;
		}
		if (single)
			break;
	}
	free(v);
	if (smb2_dirinfo_count(b))
		return STATUS_SUCCESS;
	if (st == STATUS_BUFFER_OVERFLOW)
		return STATUS_INFO_LENGTH_MISMATCH;
	if (st == STATUS_NO_MORE_FILES || st == STATUS_SUCCESS)
		return first ? STATUS_NO_SUCH_FILE : STATUS_NO_MORE_FILES;
	return st;
}

NTSTATUS srv_query_directory(struct srv_req *r)
{
	const struct smb2_query_directory_req *q = &r->in.u.query_directory_req;
	struct smb2_query_directory_rsp rsp;
	struct smb2_dirinfo_builder b;
	struct srv_file *f;
	struct wr w;
	uint32_t fixed;
	bool first;
	NTSTATUS st;

	st = srv_info_disk_file(r, &f);
	if (st == STATUS_NOT_SUPPORTED)
		return STATUS_INVALID_PARAMETER;
	if (st != STATUS_SUCCESS)
		return st;
	if (f->kind != SRV_FILE_DIR)
		return STATUS_INVALID_PARAMETER;
	if (q->output_buffer_length > srv_conn_info(r->conn)->max_transact)
		return STATUS_INVALID_PARAMETER;
	st = srv_file_check_access(f, SMB2_FILE_LIST_DIRECTORY);
	if (st != STATUS_SUCCESS)
		return st;
	fixed = smb2_dirinfo_fixed_size(q->file_info_class);
	if (!fixed)
		return STATUS_INVALID_INFO_CLASS;
	if (q->output_buffer_length < fixed)
		return STATUS_INFO_LENGTH_MISMATCH;
	st = prepare_scan(f, q, &first);
	if (st != STATUS_SUCCESS)
		return st;

	wr_init(&w, q->output_buffer_length);
	smb2_dirinfo_builder_init(&b, &w, q->file_info_class, q->output_buffer_length);
	st = fill(f, &b, q->flags & SMB2_RETURN_SINGLE_ENTRY, first);
	if (st == STATUS_SUCCESS && !wr_ok(&w))
		st = wr_status(&w);
	if (st == STATUS_SUCCESS) {
		rsp.buffer.p = w.buf;
		rsp.buffer.len = (uint32_t)w.len;
		st = smb2_query_directory_rsp_encode(&r->out, &rsp);
	}
	wr_free(&w);
	return st;
}
