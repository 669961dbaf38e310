/*
 * Async builders for the file commands: CREATE, CLOSE, READ, WRITE, FLUSH,
 * QUERY_DIRECTORY, QUERY_INFO, SET_INFO, LOCK, IOCTL, CHANGE_NOTIFY and
 * ECHO (MS-SMB2 3.2.4.3 to 3.2.4.20).  Each fills a struct smb2_msg and
 * hands it to cli_send(), which encodes it before returning.
 */
#include <stdlib.h>
#include <string.h>

#include "sim-client/lib/cli_file.h"
#include "sim-client/lib/cli_int.h"
#include "util/utf16.h"

NTSTATUS cli_path_utf16(const char *path, uint8_t **out, size_t *len)
{
	NTSTATUS st = utf8_to_utf16le_alloc(path, strlen(path), out, len);

	if (st != STATUS_SUCCESS)
		return st;
	for (size_t i = 0; i + 1 < *len; i += 2)
		if ((*out)[i] == '/' && (*out)[i + 1] == 0)
			(*out)[i] = '\\';
	return STATUS_SUCCESS;
}

static NTSTATUS send_one(struct cli_tree *t, struct smb2_msg *m, uint32_t payload,
                         const struct cli_override *ov, struct cli_req **req)
{
	struct cli_send_item it = { 0 };

	it.m = m;
	it.sess = t->sess;
	it.tree = t;
	it.ov = ov;
	it.payload = payload;
	return cli_send(t->sess->conn, &it, req);
}

static struct smb2_msg *msg_new(uint16_t cmd)
{
	struct smb2_msg *m = calloc(1, sizeof(*m));

	if (m)
		m->hdr.command = cmd;
	return m;
}

NTSTATUS cli_create_send(struct cli_tree *t, const char *name, const struct cli_create_args *a,
                         const struct cli_override *ov, struct cli_req **req)
{
	struct smb2_msg *m;
	struct smb2_create_req *q;
	uint8_t *u16 = NULL;
	size_t u16len = 0;
	NTSTATUS st;

	if (a->ctx_count > SMB2_MAX_CREATE_CONTEXTS)
		return STATUS_INVALID_PARAMETER;
	st = cli_path_utf16(name, &u16, &u16len);
	if (st != STATUS_SUCCESS)
		return st;
	m = msg_new(SMB2_CREATE);
	if (!m) {
		free(u16);
		return STATUS_NO_MEMORY;
	}
	q = &m->u.create_req;
	q->requested_oplock_level = a->oplock;
	q->impersonation_level = SMB2_IMPERSONATION_IMPERSONATION;
	q->desired_access = a->desired_access;
	q->file_attributes = a->file_attributes;
	q->share_access = a->share_access;
	q->create_disposition = a->disposition;
	q->create_options = a->options;
	q->name.p = u16;
	q->name.len = (uint32_t)u16len;
	q->contexts.count = (uint32_t)a->ctx_count;
	if (a->ctx_count)
		memcpy(q->contexts.ctx, a->ctx, a->ctx_count * sizeof(a->ctx[0]));
	st = send_one(t, m, 0, ov, req);
	free(m);
	free(u16);
	return st;
}

NTSTATUS cli_create_recv(const struct cli_req *r, struct cli_open *out)
{
	const struct smb2_create_rsp *p = &r->msg.u.create_rsp;

	if (!r->done)
		return STATUS_PENDING;
	if (r->status != STATUS_SUCCESS)
		return r->status;
	if (r->msg.kind != SMB2_MSG_RSP(SMB2_CREATE))
		return STATUS_INVALID_NETWORK_RESPONSE;
	out->id = p->file_id;
	out->oplock_level = p->oplock_level;
	out->create_action = p->create_action;
	out->creation_time = p->creation_time;
	out->last_access_time = p->last_access_time;
	out->last_write_time = p->last_write_time;
	out->change_time = p->change_time;
	out->allocation_size = p->allocation_size;
	out->end_of_file = p->end_of_file;
	out->file_attributes = p->file_attributes;
	return STATUS_SUCCESS;
}

NTSTATUS cli_close_send(struct cli_tree *t, struct smb2_fileid fid, uint16_t flags,
                        const struct cli_override *ov, struct cli_req **req)
{
	struct smb2_msg m = { 0 };

	m.hdr.command = SMB2_CLOSE;
	m.u.close_req.flags = flags;
	m.u.close_req.file_id = fid;
	return send_one(t, &m, 0, ov, req);
}

NTSTATUS cli_read_send(struct cli_tree *t, struct smb2_fileid fid, uint64_t off,
                       uint32_t len, const struct cli_override *ov, struct cli_req **req)
{
	struct smb2_msg m = { 0 };

	m.hdr.command = SMB2_READ;
	m.u.read_req.length = len;
	m.u.read_req.offset = off;
	m.u.read_req.file_id = fid;
	return send_one(t, &m, len, ov, req);
}

NTSTATUS cli_write_send(struct cli_tree *t, struct smb2_fileid fid, uint64_t off,
                        const uint8_t *data, uint32_t len, const struct cli_override *ov,
                        struct cli_req **req)
{
	struct smb2_msg m = { 0 };

	m.hdr.command = SMB2_WRITE;
	m.u.write_req.offset = off;
	m.u.write_req.file_id = fid;
	m.u.write_req.data.p = data;
	m.u.write_req.data.len = len;
	return send_one(t, &m, len, ov, req);
}

NTSTATUS cli_flush_send(struct cli_tree *t, struct smb2_fileid fid,
                        const struct cli_override *ov, struct cli_req **req)
{
	struct smb2_msg m = { 0 };

	m.hdr.command = SMB2_FLUSH;
	m.u.flush_req.file_id = fid;
	return send_one(t, &m, 0, ov, req);
}

NTSTATUS cli_query_directory_send(struct cli_tree *t, struct smb2_fileid fid, uint8_t cls,
                                  uint8_t flags, const char *pattern, uint32_t out_len,
                                  const struct cli_override *ov, struct cli_req **req)
{
	struct smb2_msg m = { 0 };
	uint8_t *u16 = NULL;
	size_t u16len = 0;
	NTSTATUS st;

	st = cli_path_utf16(pattern ? pattern : "*", &u16, &u16len);
	if (st != STATUS_SUCCESS)
		return st;
	m.hdr.command = SMB2_QUERY_DIRECTORY;
	m.u.query_directory_req.file_info_class = cls;
	m.u.query_directory_req.flags = flags;
	m.u.query_directory_req.file_id = fid;
	m.u.query_directory_req.pattern.p = u16;
	m.u.query_directory_req.pattern.len = (uint32_t)u16len;
	m.u.query_directory_req.output_buffer_length = out_len;
	st = send_one(t, &m, out_len, ov, req);
	free(u16);
	return st;
}

NTSTATUS cli_query_info_send(struct cli_tree *t, struct smb2_fileid fid, uint8_t type,
                             uint8_t cls, uint32_t addl, uint32_t out_len,
                             const struct cli_override *ov, struct cli_req **req)
{
	struct smb2_msg m = { 0 };

	m.hdr.command = SMB2_QUERY_INFO;
	m.u.query_info_req.info_type = type;
	m.u.query_info_req.file_info_class = cls;
	m.u.query_info_req.output_buffer_length = out_len;
	m.u.query_info_req.additional_information = addl;
	m.u.query_info_req.file_id = fid;
	return send_one(t, &m, out_len, ov, req);
}

NTSTATUS cli_set_info_send(struct cli_tree *t, struct smb2_fileid fid, uint8_t type,
                           uint8_t cls, uint32_t addl, const uint8_t *buf, uint32_t len,
                           const struct cli_override *ov, struct cli_req **req)
{
	struct smb2_msg m = { 0 };

	m.hdr.command = SMB2_SET_INFO;
	m.u.set_info_req.info_type = type;
	m.u.set_info_req.file_info_class = cls;
	m.u.set_info_req.additional_information = addl;
	m.u.set_info_req.file_id = fid;
	m.u.set_info_req.buffer.p = buf;
	m.u.set_info_req.buffer.len = len;
	return send_one(t, &m, len, ov, req);
}

NTSTATUS cli_lock_send(struct cli_tree *t, struct smb2_fileid fid,
                       const struct smb2_lock_element *locks, uint16_t n,
                       const struct cli_override *ov, struct cli_req **req)
{
	struct smb2_msg *m;
	NTSTATUS st;

	if (n == 0 || n > SMB2_MAX_LOCK_ELEMENTS)
		return STATUS_INVALID_PARAMETER;
	m = msg_new(SMB2_LOCK);
	if (!m)
		return STATUS_NO_MEMORY;
	m->u.lock_req.file_id = fid;
	m->u.lock_req.lock_count = n;
	memcpy(m->u.lock_req.locks, locks, n * sizeof(locks[0]));
	st = send_one(t, m, 0, ov, req);
	free(m);
	return st;
}

NTSTATUS cli_ioctl_send(struct cli_tree *t, struct smb2_fileid fid, uint32_t ctl,
                        const uint8_t *in, uint32_t in_len, uint32_t max_out,
                        const struct cli_override *ov, struct cli_req **req)
{
	struct smb2_msg m = { 0 };

	m.hdr.command = SMB2_IOCTL;
	m.u.ioctl_req.ctl_code = ctl;
	m.u.ioctl_req.file_id = fid;
	m.u.ioctl_req.max_output_response = max_out;
	m.u.ioctl_req.flags = SMB2_0_IOCTL_IS_FSCTL;
	m.u.ioctl_req.input.p = in;
	m.u.ioctl_req.input.len = in_len;
	/* MS-SMB2 3.2.4.20: charged for the larger of input and output. */
	return send_one(t, &m, in_len > max_out ? in_len : max_out, ov, req);
}

NTSTATUS cli_notify_send(struct cli_tree *t, struct smb2_fileid fid, uint16_t flags,
                         uint32_t filter, uint32_t out_len, const struct cli_override *ov,
                         struct cli_req **req)
{
	struct smb2_msg m = { 0 };

	m.hdr.command = SMB2_CHANGE_NOTIFY;
	m.u.change_notify_req.flags = flags;
	m.u.change_notify_req.output_buffer_length = out_len;
	m.u.change_notify_req.file_id = fid;
	m.u.change_notify_req.completion_filter = filter;
	return send_one(t, &m, out_len, ov, req);
}

NTSTATUS cli_echo_send(struct cli_conn *c, struct cli_session *s,
                       const struct cli_override *ov, struct cli_req **req)
{
	struct smb2_msg m = { 0 };
	struct cli_send_item it = { 0 };

	m.hdr.command = SMB2_ECHO;
	it.m = &m;
	it.sess = s;
	it.ov = ov;
	return cli_send(c, &it, req);
}
