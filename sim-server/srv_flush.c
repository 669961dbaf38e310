/*
 * FLUSH (MS-SMB2 3.3.5.11): the open must have FILE_WRITE_DATA or
 * FILE_APPEND_DATA (else STATUS_ACCESS_DENIED); a disk file is fsync'ed
 * through the VFS.  On a directory the same bits are FILE_ADD_FILE and
 * FILE_ADD_SUBDIRECTORY, and the flush succeeds with nothing to do, as
 * Windows and Samba answer; a pipe holds nothing unflushed either.
 */
#include "sim-server/srv_io.h"
#include "wire/flush.h"

NTSTATUS srv_flush(struct srv_req *r)
{
	struct srv_file *f = srv_file_lookup(r);
	struct smb2_flush_rsp rsp = {0};
	NTSTATUS st;

	if (!f)
		return STATUS_FILE_CLOSED;
	st = srv_file_check_access(f, SMB2_FILE_WRITE_DATA | SMB2_FILE_APPEND_DATA);
	if (st != STATUS_SUCCESS)
		return st;
	if (f->kind == SRV_FILE_DISK) {
		if (!f->vf)
			return STATUS_INVALID_PARAMETER;
		st = vfs_flush(f->vf);
		if (st != STATUS_SUCCESS)
			return st;
	}
	return smb2_flush_rsp_encode(&r->out, &rsp);
}
