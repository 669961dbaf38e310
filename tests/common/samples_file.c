/* Samples: CREATE (with create contexts), error responses, FLUSH, LOCK,
 * IOCTL, QUERY_DIRECTORY, CHANGE_NOTIFY, QUERY_INFO, SET_INFO and the
 * oplock and lease break forms (MS-SMB2 2.2.2, 2.2.13-2.2.14, 2.2.17-2.2.18,
 * 2.2.23-2.2.27, 2.2.31-2.2.40). */
#include <string.h>

#include "samples_int.h"
#include "wire/change_notify.h"
#include "wire/create.h"
#include "wire/create_ctx.h"
#include "wire/error.h"
#include "wire/flush.h"
#include "wire/ioctl.h"
#include "wire/lock.h"
#include "wire/oplock_break.h"
#include "wire/query_directory.h"
#include "wire/query_info.h"
#include "wire/set_info.h"

static const uint8_t fname[] = { 'd', 0, 'i', 0, 'r', 0, '\\', 0, 'f', 0, '.', 0,
                                 't', 0, 'x', 0, 't', 0 };
static const uint8_t star[] = { '*', 0 };
static const uint8_t lease_key[16] = { 0x1e, 0xa5, 0xe0, 0x4b, 1, 2, 3, 4,
                                       5, 6, 7, 8, 9, 10, 11, 12 };
static const uint8_t create_guid[16] = { 0xc4, 0xea, 0x7e, 0x00, 0x9d, 0x1d, 0x4e, 0x11,
                                         0x80, 0x00, 0x5a, 0x3b, 0x00, 0x00, 0x00, 0x01 };

static void record_ctx(struct sample_info *info, const struct smb2_create_ctx *c, size_t n)
{
	static const char *const names[] = {
		[SMB2_CCTX_MXAC] = "MxAc", [SMB2_CCTX_QFID] = "QFid",
		[SMB2_CCTX_RQLS] = "RqLs", [SMB2_CCTX_DH2Q] = "DH2Q",
	};
	size_t k;

	for (k = 0; k < n; k++)
		sample_create_ctx(info, (const uint8_t *)names[c[k].type], 4);
}

static void fill_ctx(struct smb2_create_ctx_list *l, bool response)
{
	struct smb2_create_ctx *c = l->ctx;

	memset(l, 0, sizeof(*l));
	c[0].type = SMB2_CCTX_MXAC;
	c[0].u.mxac.maximal_access = response ? 0x001f01ff : 0;
	c[1].type = SMB2_CCTX_QFID;
	c[1].u.qfid.disk_file_id = 0x1234;
	c[1].u.qfid.volume_id = 0x801;
	c[2].type = SMB2_CCTX_RQLS;
	c[2].u.lease.version = 2;
	memcpy(c[2].u.lease.key, lease_key, 16);
	c[2].u.lease.state = SMB2_LEASE_READ_CACHING | SMB2_LEASE_HANDLE_CACHING |
	                     (response ? 0 : SMB2_LEASE_WRITE_CACHING);
	c[2].u.lease.epoch = 1;
	c[3].type = SMB2_CCTX_DH2Q;
	c[3].u.dh2q.timeout = 60000;
	memcpy(c[3].u.dh2q.create_guid, create_guid, 16);
	l->count = 4;
}

static NTSTATUS create_req(struct wr *w, struct smb2_hdr *h, struct sample_info *info)
{
	static struct smb2_create_req r;
	NTSTATUS st;

	memset(&r, 0, sizeof(r));
	r.requested_oplock_level = SMB2_OPLOCK_LEVEL_LEASE;
	r.impersonation_level = SMB2_IMPERSONATION_IMPERSONATION;
	r.desired_access = SMB2_GENERIC_READ | SMB2_GENERIC_WRITE;
	r.file_attributes = SMB2_FILE_ATTRIBUTE_NORMAL;
	r.share_access = SMB2_FILE_SHARE_READ | SMB2_FILE_SHARE_WRITE;
	r.create_disposition = SMB2_FILE_OPEN_IF;
	r.create_options = SMB2_FILE_NON_DIRECTORY_FILE;
	r.name.p = fname;
	r.name.len = sizeof(fname);
	fill_ctx(&r.contexts, false);
	st = sample_begin(w, h, info);
	if (st)
		return st;
	record_ctx(info, r.contexts.ctx, r.contexts.count);
	return smb2_create_req_encode(w, &r);
}

static NTSTATUS create_rsp(struct wr *w, struct smb2_hdr *h, struct sample_info *info)
{
	static struct smb2_create_rsp r;
	NTSTATUS st;

	memset(&r, 0, sizeof(r));
	r.oplock_level = SMB2_OPLOCK_LEVEL_LEASE;
	r.create_action = SMB2_FILE_CREATED;
	r.creation_time = r.last_access_time = r.last_write_time = r.change_time =
		UINT64_C(133000000000000000);
	r.file_attributes = SMB2_FILE_ATTRIBUTE_ARCHIVE;
	r.file_id = sample_fid;
	fill_ctx(&r.contexts, true);
	st = sample_begin(w, h, info);
	if (st)
		return st;
	sample_file_id(info, &r.file_id);
	record_ctx(info, r.contexts.ctx, r.contexts.count);
	return smb2_create_rsp_encode(w, &r);
}

/* An ERROR body (MS-SMB2 2.2.2) for `status`, with no error data. */
static NTSTATUS error_rsp(struct wr *w, struct smb2_hdr *h, struct sample_info *info,
                          NTSTATUS status)
{
	struct smb2_error_rsp e;
	NTSTATUS st;

	memset(&e, 0, sizeof(e));
	h->status = status;
	st = sample_begin(w, h, info);
	return st ? st : smb2_error_rsp_encode(w, &e);
}

static NTSTATUS create_req_plain(struct wr *w, struct smb2_hdr *h, struct sample_info *info)
{
	static struct smb2_create_req r;
	NTSTATUS st;

	memset(&r, 0, sizeof(r));
	r.impersonation_level = SMB2_IMPERSONATION_IMPERSONATION;
	r.desired_access = SMB2_FILE_READ_ATTRIBUTES;
	r.share_access = SMB2_FILE_SHARE_READ;
	r.create_disposition = SMB2_FILE_OPEN;
	r.name.p = fname;
	r.name.len = 6; /* "dir" */
	st = sample_begin(w, h, info);
	return st ? st : smb2_create_req_encode(w, &r);
}

static NTSTATUS create_rsp_not_found(struct wr *w, struct smb2_hdr *h, struct sample_info *info)
{
	return error_rsp(w, h, info, STATUS_OBJECT_NAME_NOT_FOUND);
}

static NTSTATUS flush_req(struct wr *w, struct smb2_hdr *h, struct sample_info *info)
{
	struct smb2_flush_req r = { sample_fid };
	NTSTATUS st = sample_begin(w, h, info);

	if (st)
		return st;
	sample_file_id(info, &r.file_id);
	return smb2_flush_req_encode(w, &r);
}

static NTSTATUS flush_rsp(struct wr *w, struct smb2_hdr *h, struct sample_info *info)
{
	struct smb2_flush_rsp r = { 0 };
	NTSTATUS st = sample_begin(w, h, info);

	return st ? st : smb2_flush_rsp_encode(w, &r);
}

static NTSTATUS lock_req(struct wr *w, struct smb2_hdr *h, struct sample_info *info)
{
	static struct smb2_lock_req r;
	NTSTATUS st;

	memset(&r, 0, sizeof(r));
	r.file_id = sample_fid;
	r.lock_count = 2;
	r.locks[0] = (struct smb2_lock_element){ 0, 100, SMB2_LOCKFLAG_EXCLUSIVE_LOCK |
	                                                  SMB2_LOCKFLAG_FAIL_IMMEDIATELY };
	r.locks[1] = (struct smb2_lock_element){ 200, 50, SMB2_LOCKFLAG_SHARED_LOCK |
	                                                   SMB2_LOCKFLAG_FAIL_IMMEDIATELY };
	st = sample_begin(w, h, info);
	if (st)
		return st;
	sample_file_id(info, &r.file_id);
	return smb2_lock_req_encode(w, &r);
}

static NTSTATUS lock_rsp(struct wr *w, struct smb2_hdr *h, struct sample_info *info)
{
	struct smb2_lock_rsp r = { 0 };
	NTSTATUS st = sample_begin(w, h, info);

	return st ? st : smb2_lock_rsp_encode(w, &r);
}

static NTSTATUS lock_rsp_conflict(struct wr *w, struct smb2_hdr *h, struct sample_info *info)
{
	return error_rsp(w, h, info, STATUS_LOCK_NOT_GRANTED);
}

/* FSCTL_SRV_REQUEST_RESUME_KEY (MS-SMB2 2.2.31.3, 2.2.32.3). */
static NTSTATUS ioctl_req(struct wr *w, struct smb2_hdr *h, struct sample_info *info)
{
	struct smb2_ioctl_req r = {
		.ctl_code = FSCTL_SRV_REQUEST_RESUME_KEY, .file_id = sample_fid,
		.max_output_response = 32, .flags = SMB2_0_IOCTL_IS_FSCTL,
	};
	NTSTATUS st = sample_begin(w, h, info);

	if (st)
		return st;
	sample_file_id(info, &r.file_id);
	return smb2_ioctl_req_encode(w, &r);
}

static NTSTATUS ioctl_rsp(struct wr *w, struct smb2_hdr *h, struct sample_info *info)
{
	/* ResumeKey (24), ContextLength (4) = 0, Context (4 bytes, MS-SMB2
	 * 2.2.32.3: "MUST be 4 bytes of zero"... the 28 + 4 layout). */
	static const uint8_t key[32] = { 0x2d, 0x0b, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12,
	                                 13, 14, 15, 16, 17, 18, 19, 20, 21, 22 };
	struct smb2_ioctl_rsp r = {
		.ctl_code = FSCTL_SRV_REQUEST_RESUME_KEY, .file_id = sample_fid,
		.output = { key, sizeof(key) },
	};
	NTSTATUS st = sample_begin(w, h, info);

	if (st)
		return st;
	sample_file_id(info, &r.file_id);
	return smb2_ioctl_rsp_encode(w, &r);
}

static NTSTATUS qdir_req(struct wr *w, struct smb2_hdr *h, struct sample_info *info)
{
	struct smb2_query_directory_req r = {
		.file_info_class = 0x25, /* FileIdBothDirectoryInformation */
		.flags = SMB2_RESTART_SCANS, .file_id = sample_fid,
		.pattern = { star, sizeof(star) }, .output_buffer_length = 65536,
	};
	NTSTATUS st = sample_begin(w, h, info);

	if (st)
		return st;
	sample_file_id(info, &r.file_id);
	return smb2_query_directory_req_encode(w, &r);
}

static NTSTATUS qdir_rsp_done(struct wr *w, struct smb2_hdr *h, struct sample_info *info)
{
	return error_rsp(w, h, info, STATUS_NO_MORE_FILES);
}

static NTSTATUS notify_req(struct wr *w, struct smb2_hdr *h, struct sample_info *info)
{
	struct smb2_change_notify_req r = {
		.output_buffer_length = 4096, .file_id = sample_fid,
		.completion_filter = 0x17, /* FILE_NOTIFY_CHANGE_FILE_NAME|DIR_NAME|ATTRIBUTES|LAST_WRITE */
	};
	NTSTATUS st = sample_begin(w, h, info);

	if (st)
		return st;
	sample_file_id(info, &r.file_id);
	return smb2_change_notify_req_encode(w, &r);
}

/* MS-SMB2 3.3.4.2: the interim response goes async with STATUS_PENDING. */
static NTSTATUS notify_rsp_pending(struct wr *w, struct smb2_hdr *h, struct sample_info *info)
{
	h->flags |= SMB2_FLAGS_ASYNC_COMMAND;
	h->async_id = 0x77;
	return error_rsp(w, h, info, STATUS_PENDING);
}

/* FileStandardInformation (MS-FSCC 2.4.41): 24 bytes. */
static const uint8_t std_info[24] = { 0, 0x10, 0, 0, 0, 0, 0, 0, 40, 0, 0, 0, 0, 0, 0, 0,
                                      1, 0, 0, 0, 0, 0, 0, 0 };

static NTSTATUS qinfo_req(struct wr *w, struct smb2_hdr *h, struct sample_info *info)
{
	struct smb2_query_info_req r = {
		.info_type = SMB2_0_INFO_FILE, .file_info_class = 5,
		.output_buffer_length = sizeof(std_info), .file_id = sample_fid,
	};
	NTSTATUS st = sample_begin(w, h, info);

	if (st)
		return st;
	sample_file_id(info, &r.file_id);
	return smb2_query_info_req_encode(w, &r);
}

static NTSTATUS qinfo_rsp(struct wr *w, struct smb2_hdr *h, struct sample_info *info)
{
	struct smb2_query_info_rsp r = { { std_info, sizeof(std_info) } };
	NTSTATUS st = sample_begin(w, h, info);

	return st ? st : smb2_query_info_rsp_encode(w, &r);
}

/* FileEndOfFileInformation (MS-FSCC 2.4.13): 8 bytes. */
static NTSTATUS sinfo_req(struct wr *w, struct smb2_hdr *h, struct sample_info *info)
{
	static const uint8_t eof[8] = { 0, 0x20 };
	struct smb2_set_info_req r = {
		.info_type = SMB2_0_INFO_FILE, .file_info_class = 20,
		.file_id = sample_fid, .buffer = { eof, sizeof(eof) },
	};
	NTSTATUS st = sample_begin(w, h, info);

	if (st)
		return st;
	sample_file_id(info, &r.file_id);
	return smb2_set_info_req_encode(w, &r);
}

static NTSTATUS sinfo_rsp(struct wr *w, struct smb2_hdr *h, struct sample_info *info)
{
	struct smb2_set_info_rsp r = { 0 };
	NTSTATUS st = sample_begin(w, h, info);

	return st ? st : smb2_set_info_rsp_encode(w, &r);
}

/* MS-SMB2 3.3.4.6: break notifications carry MessageId 0xFFFF...F,
 * SessionId 0 and TreeId 0. */
static void notification_hdr(struct smb2_hdr *h)
{
	h->message_id = UINT64_MAX;
	h->session_id = 0;
	h->tree_id = 0;
	h->credit = 0;
	h->credit_charge = 0;
}

static NTSTATUS oplock_notify(struct wr *w, struct smb2_hdr *h, struct sample_info *info)
{
	struct smb2_oplock_break_rsp r;
	NTSTATUS st;

	memset(&r, 0, sizeof(r));
	r.kind = SMB2_BREAK_OPLOCK;
	r.oplock_level = SMB2_OPLOCK_LEVEL_II;
	r.file_id = sample_fid;
	notification_hdr(h);
	st = sample_begin(w, h, info);
	if (st)
		return st;
	sample_file_id(info, &r.file_id);
	return smb2_oplock_break_rsp_encode(w, &r);
}

static NTSTATUS oplock_ack(struct wr *w, struct smb2_hdr *h, struct sample_info *info)
{
	struct smb2_oplock_break_req r;
	NTSTATUS st;

	memset(&r, 0, sizeof(r));
	r.kind = SMB2_BREAK_OPLOCK_ACK;
	r.oplock_level = SMB2_OPLOCK_LEVEL_II;
	r.file_id = sample_fid;
	st = sample_begin(w, h, info);
	if (st)
		return st;
	sample_file_id(info, &r.file_id);
	return smb2_oplock_break_req_encode(w, &r);
}

static NTSTATUS oplock_rsp(struct wr *w, struct smb2_hdr *h, struct sample_info *info)
{
	struct smb2_oplock_break_rsp r;
	NTSTATUS st;

	memset(&r, 0, sizeof(r));
	r.kind = SMB2_BREAK_OPLOCK;
	r.oplock_level = SMB2_OPLOCK_LEVEL_II;
	r.file_id = sample_fid;
	st = sample_begin(w, h, info);
	if (st)
		return st;
	sample_file_id(info, &r.file_id);
	return smb2_oplock_break_rsp_encode(w, &r);
}

static NTSTATUS lease_notify(struct wr *w, struct smb2_hdr *h, struct sample_info *info)
{
	struct smb2_oplock_break_rsp r;
	NTSTATUS st;

	memset(&r, 0, sizeof(r));
	r.kind = SMB2_BREAK_LEASE_NOTIFY;
	r.new_epoch = 2;
	r.flags = SMB2_NOTIFY_BREAK_LEASE_FLAG_ACK_REQUIRED;
	memcpy(r.lease_key, lease_key, 16);
	r.current_lease_state = SMB2_LEASE_READ_CACHING | SMB2_LEASE_HANDLE_CACHING;
	r.new_lease_state = SMB2_LEASE_READ_CACHING;
	notification_hdr(h);
	st = sample_begin(w, h, info);
	return st ? st : smb2_oplock_break_rsp_encode(w, &r);
}

static NTSTATUS lease_ack(struct wr *w, struct smb2_hdr *h, struct sample_info *info)
{
	struct smb2_oplock_break_req r;
	NTSTATUS st;

	memset(&r, 0, sizeof(r));
	r.kind = SMB2_BREAK_LEASE_ACK;
	memcpy(r.lease_key, lease_key, 16);
	r.lease_state = SMB2_LEASE_READ_CACHING;
	st = sample_begin(w, h, info);
	return st ? st : smb2_oplock_break_req_encode(w, &r);
}

static NTSTATUS lease_rsp(struct wr *w, struct smb2_hdr *h, struct sample_info *info)
{
	struct smb2_oplock_break_rsp r;
	NTSTATUS st;

	memset(&r, 0, sizeof(r));
	r.kind = SMB2_BREAK_LEASE_RSP;
	memcpy(r.lease_key, lease_key, 16);
	r.lease_state = SMB2_LEASE_READ_CACHING;
	st = sample_begin(w, h, info);
	return st ? st : smb2_oplock_break_rsp_encode(w, &r);
}

const struct sample_entry samples_file[] = {
	{ "CREATE request MxAc+QFid+RqLs v2+DH2Q", SMB2_CREATE, false, create_req },
	{ "CREATE response MxAc+QFid+RqLs v2+DH2Q", SMB2_CREATE, true, create_rsp },
	{ "CREATE request", SMB2_CREATE, false, create_req_plain },
	{ "CREATE response OBJECT_NAME_NOT_FOUND (error)", SMB2_CREATE, true,
	  create_rsp_not_found },
	{ "FLUSH request", SMB2_FLUSH, false, flush_req },
	{ "FLUSH response", SMB2_FLUSH, true, flush_rsp },
	{ "LOCK request (two elements)", SMB2_LOCK, false, lock_req },
	{ "LOCK response", SMB2_LOCK, true, lock_rsp },
	{ "LOCK request again", SMB2_LOCK, false, lock_req },
	{ "LOCK response LOCK_NOT_GRANTED (error)", SMB2_LOCK, true, lock_rsp_conflict },
	{ "IOCTL request FSCTL_SRV_REQUEST_RESUME_KEY", SMB2_IOCTL, false, ioctl_req },
	{ "IOCTL response FSCTL_SRV_REQUEST_RESUME_KEY", SMB2_IOCTL, true, ioctl_rsp },
	{ "QUERY_DIRECTORY request FileIdBothDirectoryInformation", SMB2_QUERY_DIRECTORY, false,
	  qdir_req },
	{ "QUERY_DIRECTORY response NO_MORE_FILES (error)", SMB2_QUERY_DIRECTORY, true,
	  qdir_rsp_done },
	{ "CHANGE_NOTIFY request", SMB2_CHANGE_NOTIFY, false, notify_req },
	{ "CHANGE_NOTIFY interim response PENDING (async)", SMB2_CHANGE_NOTIFY, true,
	  notify_rsp_pending },
	{ "QUERY_INFO request FileStandardInformation", SMB2_QUERY_INFO, false, qinfo_req },
	{ "QUERY_INFO response FileStandardInformation", SMB2_QUERY_INFO, true, qinfo_rsp },
	{ "SET_INFO request FileEndOfFileInformation", SMB2_SET_INFO, false, sinfo_req },
	{ "SET_INFO response", SMB2_SET_INFO, true, sinfo_rsp },
	{ "OPLOCK_BREAK notification", SMB2_OPLOCK_BREAK, true, oplock_notify },
	{ "OPLOCK_BREAK acknowledgment", SMB2_OPLOCK_BREAK, false, oplock_ack },
	{ "OPLOCK_BREAK response", SMB2_OPLOCK_BREAK, true, oplock_rsp },
	{ "LEASE_BREAK notification", SMB2_OPLOCK_BREAK, true, lease_notify },
	{ "LEASE_BREAK acknowledgment", SMB2_OPLOCK_BREAK, false, lease_ack },
	{ "LEASE_BREAK response", SMB2_OPLOCK_BREAK, true, lease_rsp },
};
const size_t samples_file_count = sizeof(samples_file) / sizeof(samples_file[0]);
