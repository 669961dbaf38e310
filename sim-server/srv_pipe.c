/*
 * Named pipes on IPC$ (MS-SMB2 3.3.5.9 pipe opens, 3.3.5.12 and 3.3.5.13
 * READ and WRITE on a pipe, 3.3.5.15.8 FSCTL_PIPE_TRANSCEIVE): the srvsvc
 * pipe of lib/rpc listing the configured shares and IPC$.  The pipe is in
 * message mode: a read takes at most one queued PDU, a longer PDU comes
 * back in pieces with STATUS_BUFFER_OVERFLOW.  A READ on an empty pipe
 * goes async until the next write (or CANCEL, or the open's end).
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "rpc/pipe_server.h"
#include "sim-server/srv_file.h"
#include "sim-server/srv_file_int.h"
#include "util/utf16.h"
#include "wire/ioctl.h"
#include "wire/read.h"
#include "wire/write.h"

/* Longest pipe name accepted (UTF-8 bytes, "\\PIPE\\" prefix included). */
#define PIPE_NAME_MAX 64
#define SRVSVC_PIPE_NAME "srvsvc"
#define IPC_REMARK "IPC Service"
/* Association groups handed to binds that ask for a new one. */
#define ASSOC_GROUP_FIRST 0x53F0u

static size_t srvsvc_list(void *arg, const struct srvsvc_share **shares)
{
	struct srv_files *fs = arg;

	*shares = fs->srvsvc_shares;
	return fs->n_srvsvc_shares;
}

void srv_pipe_files_init(struct srv_files *fs)
{
	const struct srv_settings *set = srv_server_settings(fs->srv);
	size_t n = 0;

	for (unsigned i = 0; i < set->share_count && i < SRV_MAX_SHARES; i++) {
		struct srvsvc_share *s = &fs->srvsvc_shares[n++];
		memset(s, 0, sizeof(*s));
		s->name = set->shares[i].name;
		s->type = STYPE_DISKTREE;
		s->max_uses = UINT32_MAX;
	}
	memset(&fs->srvsvc_shares[n], 0, sizeof(fs->srvsvc_shares[n]));
	fs->srvsvc_shares[n].name = "IPC$";
	fs->srvsvc_shares[n].type = STYPE_IPC | STYPE_SPECIAL;
	fs->srvsvc_shares[n].remark = IPC_REMARK;
	fs->srvsvc_shares[n].max_uses = UINT32_MAX;
	fs->n_srvsvc_shares = n + 1;
	fs->srvsvc.list = srvsvc_list;
	fs->srvsvc.arg = fs;
	fs->next_assoc_group = ASSOC_GROUP_FIRST;
}

NTSTATUS srv_pipe_open(struct srv_files *fs, const uint8_t *name16, size_t len,
                       struct srv_file *f)
{
	char name[PIPE_NAME_MAX];
	const char *p = name;
	size_t n;

	if (len == 0 || utf16le_to_utf8(name16, len, name, sizeof(name), &n) != STATUS_SUCCESS ||
	    n >= sizeof(name))
		return STATUS_OBJECT_NAME_NOT_FOUND;
	name[n] = '\0';
	if (*p == '\\')
		p++;
	if (strcasecmp(p, SRVSVC_PIPE_NAME) != 0)
		return STATUS_OBJECT_NAME_NOT_FOUND;
	f->pipe = srvsvc_pipe_new(&fs->srvsvc, fs->next_assoc_group++);
	if (!f->pipe)
		return STATUS_NO_MEMORY;
	return STATUS_SUCCESS;
}

/* Take one message (or its first max bytes) into a READ response. */
static NTSTATUS read_into(struct srv_req *r, struct srv_file *f, uint32_t max)
{
	uint8_t buf[DCERPC_PIPE_MAX_FRAG];
	struct smb2_read_rsp rsp;
	size_t n = 0;
	bool more = false;
	NTSTATUS st, est;

	if (max > sizeof(buf))
		max = sizeof(buf);
	st = dcerpc_pipe_read(f->pipe, buf, max, &n, &more);
	if (st != STATUS_SUCCESS && st != STATUS_BUFFER_OVERFLOW)
		return st;
	memset(&rsp, 0, sizeof(rsp));
	rsp.data.p = buf;
	rsp.data.len = (uint32_t)n;
	est = smb2_read_rsp_encode(&r->out, &rsp);
	return est != STATUS_SUCCESS ? est : st;
}

static void cancel_read(struct srv_req *r)
{
	struct srv_file *f = r->cancel_arg;

	if (f->pipe_pending_read == r)
		f->pipe_pending_read = NULL;
	srv_req_complete(r, STATUS_CANCELLED);
}

NTSTATUS srv_pipe_read(struct srv_req *r, struct srv_file *f)
{
	const struct smb2_read_req *q = &r->in.u.read_req;
	NTSTATUS st;

	if (f->kind != SRV_FILE_PIPE || !f->pipe)
		return STATUS_INVALID_DEVICE_REQUEST;
	st = srv_file_check_access(f, SMB2_FILE_READ_DATA);
	if (st != STATUS_SUCCESS)
		return st;
	if (dcerpc_pipe_has_output(f->pipe) || q->length == 0)
		return q->length == 0 ? read_into(r, f, 0) : read_into(r, f, q->length);
	/* One waiting read per pipe: a second one is refused. */
	if (f->pipe_pending_read)
		return STATUS_INSUFFICIENT_RESOURCES;
	st = srv_req_go_async(r, cancel_read, f);
	if (st != STATUS_SUCCESS)
		return st;
	f->pipe_pending_read = r;
	f->pipe_pending_len = q->length;
	return STATUS_PENDING;
}

/* Complete a waiting READ when the pipe has something for it. */
static void wake_reader(struct srv_file *f)
{
	struct srv_req *w = f->pipe_pending_read;

	if (!w || !dcerpc_pipe_has_output(f->pipe))
		return;
	f->pipe_pending_read = NULL;
	srv_req_complete(w, read_into(w, f, f->pipe_pending_len));
}

NTSTATUS srv_pipe_write(struct srv_req *r, struct srv_file *f)
{
	const struct smb2_write_req *q = &r->in.u.write_req;
	struct smb2_write_rsp rsp;
	NTSTATUS st;

	if (f->kind != SRV_FILE_PIPE || !f->pipe)
		return STATUS_INVALID_DEVICE_REQUEST;
	st = srv_file_check_access(f, SMB2_FILE_WRITE_DATA | SMB2_FILE_APPEND_DATA);
	if (st != STATUS_SUCCESS)
		return st;
	st = dcerpc_pipe_write(f->pipe, q->data.p, q->data.len);
	if (st != STATUS_SUCCESS)
		return st;
	memset(&rsp, 0, sizeof(rsp));
	rsp.count = q->data.len;
	st = smb2_write_rsp_encode(&r->out, &rsp);
	wake_reader(f);
	return st;
}

void srv_pipe_close(struct srv_file *f)
{
	struct srv_req *w = f->pipe_pending_read;

	f->pipe_pending_read = NULL;
	if (w)
		srv_req_complete(w, STATUS_PIPE_BROKEN);
	dcerpc_pipe_free(f->pipe);
	f->pipe = NULL;
}

/* MS-SMB2 3.3.5.15.8 */
static NTSTATUS pipe_transceive(struct srv_req *r)
{
	const struct smb2_ioctl_req *q = &r->in.u.ioctl_req;
	struct srv_file *f = srv_file_lookup(r);
	struct smb2_ioctl_rsp rsp;
	uint8_t *buf;
	size_t n = 0, max;
	NTSTATUS st, est;

	if (!f)
		return STATUS_FILE_CLOSED;
	if (f->kind != SRV_FILE_PIPE || !f->pipe)
		return STATUS_NOT_SUPPORTED;
	st = srv_file_check_access_all(f, SMB2_FILE_READ_DATA | SMB2_FILE_WRITE_DATA);
	if (st != STATUS_SUCCESS)
		return st;
	if (f->pipe_pending_read)
		return STATUS_PIPE_BUSY;
	max = q->max_output_response < DCERPC_PIPE_MAX_FRAG ? q->max_output_response
	                                                    : DCERPC_PIPE_MAX_FRAG;
	buf = malloc(max ? max : 1);
	if (!buf)
		return STATUS_NO_MEMORY;
	st = dcerpc_pipe_transceive(f->pipe, q->input.p, q->input.len, buf, max, &n);
	if (st != STATUS_SUCCESS && st != STATUS_BUFFER_OVERFLOW) {
		free(buf);
		return st;
	}
	memset(&rsp, 0, sizeof(rsp));
	rsp.ctl_code = q->ctl_code;
	rsp.file_id.persistent = f->open->persistent_id;
	rsp.file_id.volatile_ = f->open->volatile_id;
	rsp.output.p = buf;
	rsp.output.len = (uint32_t)n;
	est = smb2_ioctl_rsp_encode(&r->out, &rsp);
	free(buf);
	return est != STATUS_SUCCESS ? est : st;
}

NTSTATUS srv_file_ioctl(struct srv_req *r)
{
	const struct smb2_ioctl_req *q = &r->in.u.ioctl_req;

	if ((q->flags & SMB2_0_IOCTL_IS_FSCTL) && q->ctl_code == FSCTL_PIPE_TRANSCEIVE)
		return pipe_transceive(r);
	return srv_ioctl(r);
}
