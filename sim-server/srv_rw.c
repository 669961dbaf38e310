/*
 * READ (MS-SMB2 3.3.5.12) and WRITE (3.3.5.13) on disk opens; pipe opens
 * are handed to srv_pipe_read/srv_pipe_write (srv_file.h).
 *
 * Choices:
 *   - Length (READ) or the data length (WRITE) over the connection's
 *     MaxReadSize/MaxWriteSize: STATUS_INVALID_PARAMETER;
 *   - Channel: only SMB2_CHANNEL_NONE.  The RDMA channels need SMB Direct,
 *     which this server does not have yet: STATUS_INVALID_PARAMETER (the
 *     answer 3.3.5.12/3.3.5.13 give for an RDMA channel on a connection
 *     that is not RDMA).  2.0.2 and 2.1 ignore the field (reserved);
 *   - READ needs FILE_READ_DATA or FILE_EXECUTE; a negative Offset, or
 *     Offset + Length past MAXLONGLONG, is STATUS_INVALID_PARAMETER (also
 *     for Length 0); reading at or past the end of file, or fewer bytes
 *     than MinimumCount, is STATUS_END_OF_FILE; a zero-length READ
 *     succeeds with no data (MS-FSA 2.1.5.3) unless MinimumCount asks for
 *     more;
 *   - WRITE needs FILE_WRITE_DATA to change existing bytes and
 *     FILE_APPEND_DATA or FILE_WRITE_DATA to extend the file (an append-only
 *     open may write at or past the end, as 3.3.5.13 asks; an open with
 *     FILE_WRITE_DATA may extend, as NTFS and Samba allow); Offset
 *     0xFFFFFFFFFFFFFFFF writes at the end of file (MS-FSA 2.1.5.4's
 *     negative ByteOffset); a zero-length WRITE succeeds with Count 0;
 *   - directories: STATUS_INVALID_DEVICE_REQUEST (what the VFS and Windows
 *     answer);
 *   - a range that conflicts with another open's byte-range lock (or, for a
 *     write, any shared lock): STATUS_FILE_LOCK_CONFLICT (MS-FSA 2.1.5.3,
 *     2.1.5.4 via 2.1.4.10);
 *   - a successful non-empty WRITE reports FILE_ACTION_MODIFIED (size and
 *     last write) to CHANGE_NOTIFY watchers.
 * The data of a READ goes straight from pread into the response buffer.
 */
#include <string.h>

#include "sim-server/srv_io.h"
#include "wire/read.h"
#include "wire/write.h"
#include "wire/change_notify.h"
#include "wire/notify_info.h"

/* MS-SMB2 2.2.20: the fixed part of the READ response body. */
#define READ_RSP_FIXED 16
#define READ_RSP_STRUCTURE_SIZE 17
/* MS-FSA 2.1.5.3: MAXLONGLONG, the last byte offset a read may reach. */
#define READ_MAX_OFFSET ((uint64_t)INT64_MAX)

static bool channel_ok(struct srv_req *r, uint32_t channel)
{
	if (srv_conn_info(r->conn)->dialect < SMB2_DIALECT_300)
		return true;
	return channel == SMB2_CHANNEL_NONE;
}

static NTSTATUS read_disk(struct srv_req *r, struct srv_file *f, const struct smb2_read_req *q)
{
	size_t base = r->out.len, got = 0;
	uint8_t *body;
	NTSTATUS st;

	/* Room for the fixed part and the data, not zeroed: pread fills the
	 * data, the fixed part is written below, and len counts only what
	 * was read. */
	body = wr_reserve(&r->out, READ_RSP_FIXED + (size_t)q->length);
	if (!body)
		return STATUS_INSUFFICIENT_RESOURCES;
	if (q->length) {
		st = vfs_pread(f->vf, body + READ_RSP_FIXED, q->length, q->offset, &got);
		if (st != STATUS_SUCCESS)
			return st;
	}
	if (got < q->minimum_count)
		return STATUS_END_OF_FILE;
	put_le16(body, READ_RSP_STRUCTURE_SIZE);
	body[2] = (uint8_t)(SMB2_HDR_SIZE + READ_RSP_FIXED);   /* DataOffset */
	body[3] = 0;                                           /* Reserved */
	put_le32(body + 4, (uint32_t)got);                     /* DataLength */
	put_le32(body + 8, 0);                                 /* DataRemaining */
	put_le32(body + 12, 0);                                /* Flags */
	r->out.len = base + READ_RSP_FIXED + got;
	if (got == 0) {
		/* The StructureSize counts one byte of Buffer. */
		if (!wr_grow(&r->out, 1))
			return STATUS_INSUFFICIENT_RESOURCES;
	}
	return STATUS_SUCCESS;
}

NTSTATUS srv_read(struct srv_req *r)
{
	const struct smb2_read_req *q = &r->in.u.read_req;
	struct srv_file *f = srv_file_lookup(r);
	NTSTATUS st;

	if (!f)
		return STATUS_FILE_CLOSED;
	if (q->length > srv_conn_info(r->conn)->max_read || !channel_ok(r, q->channel))
		return STATUS_INVALID_PARAMETER;
	if (f->kind == SRV_FILE_PIPE)
		return srv_pipe_read(r, f);
	if (f->kind == SRV_FILE_DIR || !f->vf)
		return STATUS_INVALID_DEVICE_REQUEST;
	st = srv_file_check_access(f, SMB2_FILE_READ_DATA | SMB2_FILE_EXECUTE);
	if (st != STATUS_SUCCESS)
		return st;
	/* MS-FSA 2.1.5.3: a negative offset, or one whose end passes
	 * MAXLONGLONG, fails before a zero length succeeds. */
	if (q->offset > READ_MAX_OFFSET || q->length > READ_MAX_OFFSET - q->offset)
		return STATUS_INVALID_PARAMETER;
	if (q->length && srv_brl_io_conflict(f, q->offset, q->length, false))
		return STATUS_FILE_LOCK_CONFLICT;
	return read_disk(r, f, q);
}

/* Where a write lands: the offset, with the end of file resolved. */
static NTSTATUS write_target(struct srv_file *f, uint64_t off, uint64_t *at, uint64_t *eof)
{
	struct vfs_stat vs;
	NTSTATUS st = vfs_fstat(f->vf, &vs);

	if (st != STATUS_SUCCESS)
		return st;
	*eof = vs.end_of_file;
	*at = off == VFS_WRITE_TO_EOF ? vs.end_of_file : off;
	return STATUS_SUCCESS;
}

static NTSTATUS write_access(const struct srv_file *f, uint64_t at, uint64_t eof)
{
	/* 3.3.5.13: changing existing bytes needs FILE_WRITE_DATA;
	 * extending the file FILE_APPEND_DATA (or FILE_WRITE_DATA, see the
	 * top of the file). */
	if (srv_file_check_access(f, SMB2_FILE_WRITE_DATA) == STATUS_SUCCESS)
		return STATUS_SUCCESS;
	if (srv_file_check_access(f, SMB2_FILE_APPEND_DATA) == STATUS_SUCCESS && at >= eof)
		return STATUS_SUCCESS;
	return STATUS_ACCESS_DENIED;
}

static void write_notify(struct srv_file *f)
{
	struct srv_files *fs = f->files;

	if (fs && f->share && f->vf && f->vf->path)
		srv_files_notify_change(fs, f->share, f->vf->path, FILE_ACTION_MODIFIED,
		                        FILE_NOTIFY_CHANGE_SIZE | FILE_NOTIFY_CHANGE_LAST_WRITE);
}

NTSTATUS srv_write(struct srv_req *r)
{
	const struct smb2_write_req *q = &r->in.u.write_req;
	struct srv_file *f = srv_file_lookup(r);
	struct smb2_write_rsp rsp;
	uint64_t at = 0, eof = 0;
	size_t done = 0;
	NTSTATUS st;

	if (!f)
		return STATUS_FILE_CLOSED;
	if (q->data.len > srv_conn_info(r->conn)->max_write || !channel_ok(r, q->channel))
		return STATUS_INVALID_PARAMETER;
	if (f->kind == SRV_FILE_PIPE)
		return srv_pipe_write(r, f);
	if (f->kind == SRV_FILE_DIR || !f->vf)
		return STATUS_INVALID_DEVICE_REQUEST;
	st = srv_file_check_access(f, SMB2_FILE_WRITE_DATA | SMB2_FILE_APPEND_DATA);
	if (st != STATUS_SUCCESS)
		return st;
	if (r->tree && r->tree->share && r->tree->share->read_only)
		return STATUS_ACCESS_DENIED;
	st = write_target(f, q->offset, &at, &eof);
	if (st != STATUS_SUCCESS)
		return st;
	st = write_access(f, at, eof);
	if (st != STATUS_SUCCESS)
		return st;
	if (q->data.len) {
		if (srv_brl_io_conflict(f, at, q->data.len, true))
			return STATUS_FILE_LOCK_CONFLICT;
		st = vfs_pwrite(f->vf, q->data.p, q->data.len, q->offset, &done);
		if (st != STATUS_SUCCESS)
			return st;
		write_notify(f);
	}
	memset(&rsp, 0, sizeof(rsp));
	rsp.count = (uint32_t)done;
	return smb2_write_rsp_encode(&r->out, &rsp);
}
