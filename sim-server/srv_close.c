/*
 * CLOSE (MS-SMB2 3.3.5.10): the attributes after the close when
 * POSTQUERY_ATTRIB asks for them, then the open is freed; srv_file_free
 * applies a pending delete when the last open of the object goes
 * (MS-FSA 2.1.5.4).
 */
#include <string.h>

#include "sim-server/srv_file.h"
#include "wire/close.h"

NTSTATUS srv_close(struct srv_req *r)
{
	const struct smb2_close_req *q = &r->in.u.close_req;
	struct smb2_close_rsp rsp;
	struct srv_file *f = srv_file_lookup(r);
	struct vfs_stat vs;
	NTSTATUS st;

	if (!f)
		return STATUS_FILE_CLOSED;
	memset(&rsp, 0, sizeof(rsp));
	/* 3.3.5.10: with the flag, the attributes are those of the file as the
	 * close leaves it (queried before the handle goes; a file this close
	 * deletes reports what it had).  Pipes have none to report. */
	if ((q->flags & SMB2_CLOSE_FLAG_POSTQUERY_ATTRIB) && f->vf &&
	    vfs_fstat(f->vf, &vs) == STATUS_SUCCESS) {
		rsp.flags = SMB2_CLOSE_FLAG_POSTQUERY_ATTRIB;
		rsp.creation_time = vs.creation_time;
		rsp.last_access_time = vs.last_access_time;
		rsp.last_write_time = vs.last_write_time;
		rsp.change_time = vs.change_time;
		rsp.allocation_size = vs.allocation_size;
		rsp.end_of_file = vs.end_of_file;
		rsp.file_attributes = vs.attributes;
	}
	st = smb2_close_rsp_encode(&r->out, &rsp);
	srv_open_free(f->open);
	return st;
}
