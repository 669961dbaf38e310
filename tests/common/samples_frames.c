/*
 * Samples: ERROR responses with 3.1.1 error contexts and the Symbolic Link
 * Error Response (MS-SMB2 2.2.2, 2.2.2.1, 2.2.2.2.1, 2.2.2.2.2), compound
 * chains related and unrelated (2.2.1, 3.2.4.1.4, 3.3.5.2.7), CLOSE without
 * POSTQUERY_ATTRIB (2.2.15-2.2.16) and LOCK with several elements (2.2.26).
 */
#include <stdio.h>
#include <string.h>

#include "samples_int.h"
#include "wire/close.h"
#include "wire/compound.h"
#include "wire/create.h"
#include "wire/echo.h"
#include "wire/error.h"
#include "wire/fileinfo.h"
#include "wire/flush.h"
#include "wire/ioctl.h"
#include "wire/lock.h"
#include "wire/query_info.h"
#include "wire/tree_connect.h"

/* "link" and its target "target\f.txt" (UTF-16LE). */
static const uint8_t link_name[] = { 'l', 0, 'i', 0, 'n', 0, 'k', 0 };
static const uint8_t target[] = { 't', 0, 'a', 0, 'r', 0, 'g', 0, 'e', 0, 't', 0,
                                  '\\', 0, 'f', 0, '.', 0, 't', 0, 'x', 0, 't', 0 };
static const uint8_t share_old[] = { '\\', 0, '\\', 0, 's', 0, 'r', 0, 'v', 0, '\\', 0,
                                     'o', 0, 'l', 0, 'd', 0 };
static const uint8_t share_new[] = { 'n', 0, 'e', 0, 'w', 0 };
static const uint8_t chain_name[] = { 'c', 0, 'h', 0, 'a', 0, 'i', 0, 'n', 0, '.', 0,
                                      't', 0, 'x', 0, 't', 0 };

/* MS-SMB2 3.2.4.1.4: the FileId of a related request that uses the
 * previous request's open. */
static const struct smb2_fileid related_fid = { UINT64_MAX, UINT64_MAX };

/* An ERROR response (MS-SMB2 2.2.2) for `status` with body `e`. */
static NTSTATUS error_rsp(struct wr *w, struct smb2_hdr *h, struct sample_info *info,
                          NTSTATUS status, const struct smb2_error_rsp *e)
{
	NTSTATUS st;

	h->status = status;
	st = sample_begin(w, h, info);
	return st ? st : smb2_error_rsp_encode(w, e);
}

/* ---- error contexts ------------------------------------------------------ */

static NTSTATUS ioctl_req_small(struct wr *w, struct smb2_hdr *h, struct sample_info *info)
{
	struct smb2_ioctl_req r = {
		.ctl_code = FSCTL_QUERY_NETWORK_INTERFACE_INFO, .file_id = related_fid,
		.max_output_response = 16, .flags = SMB2_0_IOCTL_IS_FSCTL,
	};
	NTSTATUS st = sample_begin(w, h, info);

	if (st)
		return st;
	sample_file_id(info, &r.file_id);
	return smb2_ioctl_req_encode(w, &r);
}

/* MS-SMB2 2.2.2.2: STATUS_BUFFER_TOO_SMALL carries the needed length; in
 * 3.1.1 inside an error context of ErrorId SMB2_ERROR_ID_DEFAULT (2.2.2.1). */
static NTSTATUS ioctl_rsp_small_ctx(struct wr *w, struct smb2_hdr *h, struct sample_info *info)
{
	static const uint8_t needed[4] = { 24, 0, 0, 0 };
	struct smb2_error_rsp e;

	memset(&e, 0, sizeof(e));
	e.context_count = 1;
	e.contexts[0].id = SMB2_ERROR_ID_DEFAULT;
	e.contexts[0].data = (struct smb2_blob){ needed, sizeof(needed) };
	sample_expect(info, "smb2.error.context_count", "1");
	sample_expect(info, "smb2.error.byte_count", "12");
	sample_expect(info, "smb2.error.context.id", "0");
	sample_expect(info, "smb2.error.context.length", "4");
	sample_expect(info, "smb2.error.min_buf_length", "24");
	return error_rsp(w, h, info, STATUS_BUFFER_TOO_SMALL, &e);
}

static NTSTATUS tcon_req_old(struct wr *w, struct smb2_hdr *h, struct sample_info *info)
{
	struct smb2_tree_connect_req r;
	NTSTATUS st;

	memset(&r, 0, sizeof(r));
	r.path = (struct smb2_blob){ share_old, sizeof(share_old) };
	h->tree_id = 0;
	st = sample_begin(w, h, info);
	if (st)
		return st;
	sample_expect(info, "smb2.tree", "\\\\srv\\old");
	return smb2_tree_connect_req_encode(w, &r);
}

/* MS-SMB2 2.2.2.2.2: the share moved; one IPv4 and one IPv6 destination. */
static NTSTATUS tcon_rsp_redirect(struct wr *w, struct smb2_hdr *h, struct sample_info *info)
{
	static const struct smb2_move_dst_ipaddr ips[2] = {
		{ SMB2_MOVE_DST_IPADDR_V4, { 192, 0, 2, 7 } },
		{ SMB2_MOVE_DST_IPADDR_V6, { 0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0,
		                             0, 0, 0, 0, 0, 0, 0, 0x42 } },
	};
	const struct smb2_blob name = { share_new, sizeof(share_new) };
	struct smb2_error_rsp e;
	struct wr p;
	NTSTATUS st;

	wr_init(&p, 0);
	st = smb2_share_redirect_encode(&p, ips, 2, &name);
	if (!st) {
		memset(&e, 0, sizeof(e));
		e.context_count = 1;
		e.contexts[0].id = SMB2_ERROR_ID_SHARE_REDIRECT;
		e.contexts[0].data = (struct smb2_blob){ p.buf, (uint32_t)p.len };
		h->tree_id = 0;
		sample_expect(info, "smb2.error.context_count", "1");
		sample_expect(info, "smb2.error.context.id", "0x%08x", SMB2_ERROR_ID_SHARE_REDIRECT);
		sample_expect(info, "smb2.error.context.length", "%zu", p.len);
		sample_expect(info, "smb2.error.share_redirect.struct_size", "48");
		sample_expect(info, "smb2.error.share_redirect.notif_type", "3");
		sample_expect(info, "smb2.error.share_redirect.target_type", "0");
		sample_expect(info, "smb2.error.share_redirect.ip_count", "2");
		info->tshark_diverges =
			"tshark 4.0 reads IPAddrMoveList as Windows SOCKADDR_STORAGE entries, not "
			"MS-SMB2 2.2.2.2.2.1 MOVE_DST_IPADDR, and does not count ResourceNameOffset "
			"from the structure start: it reads past the end";
		st = error_rsp(w, h, info, STATUS_BAD_NETWORK_NAME, &e);
	}
	wr_free(&p);
	return st;
}

static NTSTATUS create_req_link(struct wr *w, struct smb2_hdr *h, struct sample_info *info)
{
	static struct smb2_create_req r;
	NTSTATUS st;

	memset(&r, 0, sizeof(r));
	r.impersonation_level = SMB2_IMPERSONATION_IMPERSONATION;
	r.desired_access = SMB2_FILE_READ_ATTRIBUTES;
	r.share_access = SMB2_FILE_SHARE_READ;
	r.create_disposition = SMB2_FILE_OPEN;
	r.name = (struct smb2_blob){ link_name, sizeof(link_name) };
	st = sample_begin(w, h, info);
	return st ? st : smb2_create_req_encode(w, &r);
}

/* MS-SMB2 2.2.2.2.1: a relative link, the whole path parsed. */
static NTSTATUS symlink_payload(struct wr *p)
{
	struct smb2_symlink_error s = {
		.reparse_tag = SMB2_IO_REPARSE_TAG_SYMLINK,
		.unparsed_path_length = 0,
		.flags = SMB2_SYMLINK_FLAG_RELATIVE,
		.substitute_name = { target, sizeof(target) },
		.print_name = { target, sizeof(target) },
	};

	return smb2_symlink_error_encode(p, &s);
}

static void symlink_expect(struct sample_info *info, size_t len)
{
	sample_expect(info, "smb2.symlink.length", "%zu", len - 4);
	sample_expect(info, "smb2.symlink.error_tag", "0x%08x", SMB2_SYMLINK_ERROR_TAG);
	sample_expect(info, "smb2.reparse_tag", "0x%08x", SMB2_IO_REPARSE_TAG_SYMLINK);
	sample_expect(info, "smb2.symlink.substitute_name", "target\\f.txt");
	sample_expect(info, "smb2.symlink.print_name", "target\\f.txt");
	sample_expect(info, "smb2.symlink.flags", "%u", SMB2_SYMLINK_FLAG_RELATIVE);
}

/* Before 3.1.1 the structure is the whole ErrorData (ErrorContextCount 0). */
static NTSTATUS create_rsp_symlink(struct wr *w, struct smb2_hdr *h, struct sample_info *info)
{
	struct smb2_error_rsp e;
	struct wr p;
	NTSTATUS st;

	wr_init(&p, 0);
	st = symlink_payload(&p);
	if (!st) {
		memset(&e, 0, sizeof(e));
		e.data = (struct smb2_blob){ p.buf, (uint32_t)p.len };
		sample_expect(info, "smb2.error.context_count", "0");
		sample_expect(info, "smb2.error.byte_count", "%zu", p.len);
		symlink_expect(info, p.len);
		st = error_rsp(w, h, info, STATUS_STOPPED_ON_SYMLINK, &e);
	}
	wr_free(&p);
	return st;
}

/* 3.1.1: the same structure as the data of a default error context. */
static NTSTATUS create_rsp_symlink_ctx(struct wr *w, struct smb2_hdr *h,
                                       struct sample_info *info)
{
	struct smb2_error_rsp e;
	struct wr p;
	NTSTATUS st;

	wr_init(&p, 0);
	st = symlink_payload(&p);
	if (!st) {
		memset(&e, 0, sizeof(e));
		e.context_count = 1;
		e.contexts[0].id = SMB2_ERROR_ID_DEFAULT;
		e.contexts[0].data = (struct smb2_blob){ p.buf, (uint32_t)p.len };
		sample_expect(info, "smb2.error.context_count", "1");
		sample_expect(info, "smb2.error.context.id", "0");
		symlink_expect(info, p.len);
		st = error_rsp(w, h, info, STATUS_STOPPED_ON_SYMLINK, &e);
	}
	wr_free(&p);
	return st;
}

/* ---- compound chains ----------------------------------------------------- */

/*
 * Expect tshark to show every message of the chain that starts at `start`
 * in w: the commands and related flags given, and each NextCommand (tshark's
 * smb2.chain_offset) equal to the distance our own iterator walks to the
 * next header (0 for the last).  STATUS_INTERNAL_ERROR if the iterator does
 * not find info->msg_count messages.
 */
static NTSTATUS expect_chain(struct sample_info *info, const struct wr *w, size_t start,
                             const char *cmds, const char *chained)
{
	struct smb2_compound_iter it;
	char offs[SAMPLE_CHECK_VALUES_MAX];
	size_t prev = 0, used = 0;
	struct rd m;
	unsigned n = 0;

	offs[0] = '\0';
	smb2_compound_init(&it, w->buf + start, w->len - start);
	while (smb2_compound_next(&it, &m)) {
		if (n++) {
			int k = snprintf(offs + used, sizeof(offs) - used, "%zu|",
			                 it.offset - prev);

			if (k < 0 || (size_t)k >= sizeof(offs) - used)
				return STATUS_INTERNAL_ERROR;
			used += (size_t)k;
		}
		prev = it.offset;
	}
	if (it.status || n != info->msg_count || used + 2 > sizeof(offs))
		return STATUS_INTERNAL_ERROR;
	memcpy(offs + used, "0", 2);
	sample_expect(info, "smb2.cmd", "%s", cmds);
	sample_expect(info, "smb2.flags.chained", "%s", chained);
	sample_expect(info, "smb2.chain_offset", "%s", offs);
	return STATUS_SUCCESS;
}

/* Start member k (> 0) of a chain: its command, the next MessageId,
 * related or not. */
static NTSTATUS chain_next(struct smb2_compound_builder *b, struct wr *w, struct smb2_hdr *h,
                           struct sample_info *info, uint16_t command, bool related)
{
	NTSTATUS st = smb2_compound_add(b);

	if (st)
		return st;
	h->command = command;
	h->message_id++;
	if (related)
		h->flags |= SMB2_FLAGS_RELATED_OPERATIONS;
	return sample_begin(w, h, info);
}

/* CREATE + QUERY_INFO (FileStandardInformation) + CLOSE, the last two
 * related: they name the open with the all-ones FileId (MS-SMB2 3.2.4.1.4). */
static NTSTATUS chain_req(struct wr *w, struct smb2_hdr *h, struct sample_info *info)
{
	static struct smb2_create_req cr;
	struct smb2_query_info_req q = {
		.info_type = SMB2_0_INFO_FILE, .file_info_class = FILE_STANDARD_INFORMATION,
		.output_buffer_length = 24, .file_id = related_fid,
	};
	struct smb2_close_req cl = { 0, related_fid };
	struct smb2_compound_builder b;
	NTSTATUS st;

	memset(&cr, 0, sizeof(cr));
	cr.impersonation_level = SMB2_IMPERSONATION_IMPERSONATION;
	cr.desired_access = SMB2_FILE_READ_ATTRIBUTES;
	cr.share_access = SMB2_FILE_SHARE_READ | SMB2_FILE_SHARE_WRITE;
	cr.create_disposition = SMB2_FILE_OPEN;
	cr.name = (struct smb2_blob){ chain_name, sizeof(chain_name) };
	smb2_compound_begin(&b, w);
	st = smb2_compound_add(&b);
	if (!st)
		st = sample_begin(w, h, info);
	if (!st)
		st = smb2_create_req_encode(w, &cr);
	if (!st)
		st = chain_next(&b, w, h, info, SMB2_QUERY_INFO, true);
	if (!st)
		st = smb2_query_info_req_encode(w, &q);
	if (!st)
		st = chain_next(&b, w, h, info, SMB2_CLOSE, true);
	if (!st)
		st = smb2_close_req_encode(w, &cl);
	if (!st)
		st = smb2_compound_end(&b);
	if (!st)
		st = expect_chain(info, w, b.start, "5|16|6", "0|1|1");
	sample_expect(info, "smb2.msg_id", "%llu|%llu|%llu",
	              (unsigned long long)info->message_id,
	              (unsigned long long)info->message_id + 1,
	              (unsigned long long)info->message_id + 2);
	sample_file_id(info, &related_fid);
	return st;
}

/* The responses, each related (MS-SMB2 3.3.5.2.7.2: the server sets the
 * flag in responses to related requests); the open's real FileId in the
 * CREATE response. */
static NTSTATUS chain_rsp(struct wr *w, struct smb2_hdr *h, struct sample_info *info)
{
	struct smb2_create_rsp cr;
	struct smb2_fileinfo fi;
	struct smb2_close_rsp cl;
	struct smb2_compound_builder b;
	struct wr p;
	NTSTATUS st;

	memset(&cr, 0, sizeof(cr));
	cr.create_action = SMB2_FILE_OPENED;
	cr.file_attributes = SMB2_FILE_ATTRIBUTE_ARCHIVE;
	cr.end_of_file = 42;
	cr.allocation_size = 4096;
	cr.file_id = sample_fid;
	memset(&fi, 0, sizeof(fi));
	fi.cls = FILE_STANDARD_INFORMATION;
	fi.u.standard.allocation_size = 4096;
	fi.u.standard.end_of_file = 42;
	fi.u.standard.number_of_links = 1;
	memset(&cl, 0, sizeof(cl));
	wr_init(&p, 0);
	st = smb2_fileinfo_encode(&p, &fi);
	smb2_compound_begin(&b, w);
	if (!st)
		st = smb2_compound_add(&b);
	if (!st)
		st = sample_begin(w, h, info);
	if (!st)
		st = smb2_create_rsp_encode(w, &cr);
	if (!st)
		st = chain_next(&b, w, h, info, SMB2_QUERY_INFO, true);
	if (!st) {
		struct smb2_query_info_rsp q = { { p.buf, (uint32_t)p.len } };

		st = smb2_query_info_rsp_encode(w, &q);
	}
	if (!st)
		st = chain_next(&b, w, h, info, SMB2_CLOSE, true);
	if (!st)
		st = smb2_close_rsp_encode(w, &cl);
	if (!st)
		st = smb2_compound_end(&b);
	if (!st)
		st = expect_chain(info, w, b.start, "5|16|6", "0|1|1");
	sample_expect(info, "smb2.flags.response", "1|1|1");
	sample_expect(info, "smb2.nt_status", "0|0|0");
	wr_free(&p);
	sample_file_id(info, &sample_fid);
	return st;
}

/* Two unrelated requests in one frame: FLUSH of the open file, then ECHO. */
static NTSTATUS unrelated_req(struct wr *w, struct smb2_hdr *h, struct sample_info *info)
{
	struct smb2_flush_req f = { sample_fid };
	struct smb2_echo_req e = { 0 };
	struct smb2_compound_builder b;
	NTSTATUS st;

	smb2_compound_begin(&b, w);
	st = smb2_compound_add(&b);
	if (!st)
		st = sample_begin(w, h, info);
	if (!st)
		st = smb2_flush_req_encode(w, &f);
	if (!st)
		st = chain_next(&b, w, h, info, SMB2_ECHO, false);
	if (!st)
		st = smb2_echo_req_encode(w, &e);
	if (!st)
		st = smb2_compound_end(&b);
	if (!st)
		st = expect_chain(info, w, b.start, "7|13", "0|0");
	sample_file_id(info, &sample_fid);
	return st;
}

static NTSTATUS unrelated_rsp(struct wr *w, struct smb2_hdr *h, struct sample_info *info)
{
	struct smb2_flush_rsp f = { 0 };
	struct smb2_echo_rsp e = { 0 };
	struct smb2_compound_builder b;
	NTSTATUS st;

	smb2_compound_begin(&b, w);
	st = smb2_compound_add(&b);
	if (!st)
		st = sample_begin(w, h, info);
	if (!st)
		st = smb2_flush_rsp_encode(w, &f);
	if (!st)
		st = chain_next(&b, w, h, info, SMB2_ECHO, false);
	if (!st)
		st = smb2_echo_rsp_encode(w, &e);
	if (!st)
		st = smb2_compound_end(&b);
	if (!st)
		st = expect_chain(info, w, b.start, "7|13", "0|0");
	sample_expect(info, "smb2.flags.response", "1|1");
	return st;
}

/* ---- CLOSE without attributes, LOCK with several elements ---------------- */

/* MS-SMB2 2.2.15: Flags 0, so the response's attributes are zero (2.2.16). */
static NTSTATUS close_req_plain(struct wr *w, struct smb2_hdr *h, struct sample_info *info)
{
	struct smb2_close_req r = { 0, sample_fid };
	NTSTATUS st = sample_begin(w, h, info);

	if (st)
		return st;
	sample_file_id(info, &r.file_id);
	sample_expect(info, "smb2.close.flags", "0");
	sample_expect(info, "smb2.close.pq_attrib", "0");
	return smb2_close_req_encode(w, &r);
}

static NTSTATUS close_rsp_plain(struct wr *w, struct smb2_hdr *h, struct sample_info *info)
{
	struct smb2_close_rsp r;
	NTSTATUS st;

	memset(&r, 0, sizeof(r));
	st = sample_begin(w, h, info);
	if (st)
		return st;
	sample_expect(info, "smb2.close.flags", "0");
	sample_expect(info, "smb2.allocation_size", "0");
	sample_expect(info, "smb2.eof", "0");
	sample_expect(info, "smb2.file_attribute", "0");
	return smb2_close_rsp_encode(w, &r);
}

/* MS-SMB2 2.2.26: three ranges locked at once, shared and exclusive, two
 * of them failing immediately rather than waiting. */
static NTSTATUS lock_req_multi(struct wr *w, struct smb2_hdr *h, struct sample_info *info)
{
	static struct smb2_lock_req r;
	NTSTATUS st;

	memset(&r, 0, sizeof(r));
	r.file_id = sample_fid;
	r.lock_sequence_index = 3;
	r.lock_sequence_number = 1;
	r.lock_count = 3;
	r.locks[0] = (struct smb2_lock_element){ 0, 4096, SMB2_LOCKFLAG_SHARED_LOCK |
	                                                   SMB2_LOCKFLAG_FAIL_IMMEDIATELY };
	r.locks[1] = (struct smb2_lock_element){ 8192, 512, SMB2_LOCKFLAG_EXCLUSIVE_LOCK |
	                                                     SMB2_LOCKFLAG_FAIL_IMMEDIATELY };
	r.locks[2] = (struct smb2_lock_element){ UINT64_C(0x100000000), 1,
	                                         SMB2_LOCKFLAG_EXCLUSIVE_LOCK };
	st = sample_begin(w, h, info);
	if (st)
		return st;
	sample_file_id(info, &r.file_id);
	sample_expect(info, "smb2.lock_count", "3");
	sample_expect(info, "smb2.file_offset", "0|8192|4294967296");
	sample_expect(info, "smb2.lock_length", "4096|512|1");
	sample_expect(info, "smb2.lock_flags", "0x11|0x12|0x2");
	sample_expect(info, "smb2.lock_flags.shared", "1|0|0");
	sample_expect(info, "smb2.lock_flags.exclusive", "0|1|1");
	sample_expect(info, "smb2.lock_flags.fail_immediately", "1|1|0");
	sample_expect(info, "smb2.lock_flags.unlock", "0|0|0");
	return smb2_lock_req_encode(w, &r);
}

/* MS-SMB2 2.2.26: releasing two of them (UNLOCK alone in each element). */
static NTSTATUS lock_req_unlock(struct wr *w, struct smb2_hdr *h, struct sample_info *info)
{
	static struct smb2_lock_req r;
	NTSTATUS st;

	memset(&r, 0, sizeof(r));
	r.file_id = sample_fid;
	r.lock_count = 2;
	r.locks[0] = (struct smb2_lock_element){ 0, 4096, SMB2_LOCKFLAG_UNLOCK };
	r.locks[1] = (struct smb2_lock_element){ 8192, 512, SMB2_LOCKFLAG_UNLOCK };
	st = sample_begin(w, h, info);
	if (st)
		return st;
	sample_file_id(info, &r.file_id);
	sample_expect(info, "smb2.lock_count", "2");
	sample_expect(info, "smb2.file_offset", "0|8192");
	sample_expect(info, "smb2.lock_length", "4096|512");
	sample_expect(info, "smb2.lock_flags", "0x4|0x4");
	sample_expect(info, "smb2.lock_flags.unlock", "1|1");
	return smb2_lock_req_encode(w, &r);
}

static NTSTATUS lock_rsp_ok(struct wr *w, struct smb2_hdr *h, struct sample_info *info)
{
	struct smb2_lock_rsp r = { 0 };
	NTSTATUS st = sample_begin(w, h, info);

	return st ? st : smb2_lock_rsp_encode(w, &r);
}

const struct sample_entry samples_frames[] = {
	{ "IOCTL request (output too small)", SMB2_IOCTL, false, ioctl_req_small },
	{ "ERROR response BUFFER_TOO_SMALL in an error context", SMB2_IOCTL, true,
	  ioctl_rsp_small_ctx },
	{ "TREE_CONNECT request (moved share)", SMB2_TREE_CONNECT, false, tcon_req_old },
	{ "ERROR response BAD_NETWORK_NAME with Share Redirect context", SMB2_TREE_CONNECT,
	  true, tcon_rsp_redirect },
	{ "CREATE request (symbolic link)", SMB2_CREATE, false, create_req_link },
	{ "ERROR response STOPPED_ON_SYMLINK (plain ErrorData)", SMB2_CREATE, true,
	  create_rsp_symlink },
	{ "CREATE request (symbolic link, 3.1.1)", SMB2_CREATE, false, create_req_link },
	{ "ERROR response STOPPED_ON_SYMLINK in an error context", SMB2_CREATE, true,
	  create_rsp_symlink_ctx },
	{ "compound request CREATE+QUERY_INFO+CLOSE (related)", SMB2_CREATE, false, chain_req },
	{ "compound response CREATE+QUERY_INFO+CLOSE (related)", SMB2_CREATE, true, chain_rsp },
	{ "compound request FLUSH+ECHO (unrelated)", SMB2_FLUSH, false, unrelated_req },
	{ "compound response FLUSH+ECHO (unrelated)", SMB2_FLUSH, true, unrelated_rsp },
	{ "CLOSE request without POSTQUERY_ATTRIB", SMB2_CLOSE, false, close_req_plain },
	{ "CLOSE response with zeroed attributes", SMB2_CLOSE, true, close_rsp_plain },
	{ "LOCK request shared+exclusive+fail-immediately", SMB2_LOCK, false, lock_req_multi },
	{ "LOCK response (three locks)", SMB2_LOCK, true, lock_rsp_ok },
	{ "LOCK request two unlocks", SMB2_LOCK, false, lock_req_unlock },
	{ "LOCK response (unlocked)", SMB2_LOCK, true, lock_rsp_ok },
};
const size_t samples_frames_count = sizeof(samples_frames) / sizeof(samples_frames[0]);
