/*
 * The payloads behind a decoded message, for the message fuzz targets
 * (header only, like fuzz_msg_common.h).  smb2_msg_decode() stops at the
 * body: create contexts and negotiate contexts are decoded with it, but
 * FSCTL payloads, information classes, directory and notify entries, EA
 * lists, security descriptors and error contexts are decoded on demand by
 * whoever needs them.  A receiver would call those decoders on the same
 * untrusted bytes, so the fuzzers call every one that could apply:
 *   - IOCTL: the payload decoder for the CtlCode, on input and output;
 *   - QUERY_INFO response and SET_INFO request: every file class, every
 *     file-system class and the security descriptor (a response does not
 *     say which class it answers, so all are tried);
 *   - QUERY_INFO request: the EA name list;
 *   - QUERY_DIRECTORY response: every directory class;
 *   - CHANGE_NOTIFY response: the notify entries;
 *   - CREATE request: the ExtA EA list and the SecD security descriptor;
 *   - ERROR response: the symbolic link and share redirect structures and
 *     the buffer-too-small context;
 * and walk each list to its end.  Results are discarded: the fuzzer looks
 * for crashes, hangs, leaks and sanitizer reports.
 */
#ifndef SMBSIM_FUZZ_PAYLOADS_H
#define SMBSIM_FUZZ_PAYLOADS_H

#include "wire/dirinfo.h"
#include "wire/error.h"
#include "wire/fileinfo.h"
#include "wire/fsctl.h"
#include "wire/fsinfo.h"
#include "wire/msg.h"
#include "wire/notify_info.h"
#include "wire/query_info.h"
#include "wire/secdesc.h"

static void fuzz_secdesc(struct smb2_blob b)
{
	static struct smb2_secdesc sd;
	struct smb2_ace_iter it;
	struct smb2_ace ace;

	if (smb2_secdesc_decode(b, &sd) != STATUS_SUCCESS)
		return;
	if (sd.has_dacl) {
		smb2_ace_iter_init(&it, &sd.dacl);
		while (smb2_ace_next(&it, &ace) == STATUS_SUCCESS)
			;
	}
	if (sd.has_sacl) {
		smb2_ace_iter_init(&it, &sd.sacl);
		while (smb2_ace_next(&it, &ace) == STATUS_SUCCESS)
			;
	}
}

static void fuzz_eas(struct smb2_blob b)
{
	struct smb2_ea_iter it;
	struct smb2_ea ea;

	smb2_ea_iter_init(&it, b);
	while (smb2_ea_iter_next(&it, &ea) == STATUS_SUCCESS)
		;
}

static void fuzz_info_classes(struct smb2_blob b)
{
	static struct smb2_fileinfo fi;
	static struct smb2_fsinfo fs;

	for (unsigned cls = 1; cls < 80; cls++) {
		if (smb2_fileinfo_fixed_size((uint8_t)cls) != 0)
			(void)!smb2_fileinfo_decode((uint8_t)cls, b, &fi);
		if (smb2_fsinfo_fixed_size((uint8_t)cls) != 0)
			(void)!smb2_fsinfo_decode((uint8_t)cls, b, &fs);
	}
	struct smb2_stream_iter sit;
	struct smb2_stream_entry se;
	smb2_stream_iter_init(&sit, b);
	while (smb2_stream_next(&sit, &se) == STATUS_SUCCESS)
		;
	fuzz_eas(b);
	fuzz_secdesc(b);
}

static void fuzz_dir_classes(struct smb2_blob b)
{
	for (unsigned cls = 1; cls < 80; cls++) {
		struct smb2_dirinfo_iter it;
		struct smb2_dirent e;

		if (smb2_dirinfo_fixed_size((uint8_t)cls) == 0)
			continue;
		smb2_dirinfo_iter_init(&it, (uint8_t)cls, b);
		while (smb2_dirinfo_next(&it, &e) == STATUS_SUCCESS)
			;
	}
}

static void fuzz_fsctl(uint32_t code, struct smb2_blob b)
{
	static union {
		struct smb2_validate_negotiate_req vn_req;
		struct smb2_validate_negotiate_rsp vn_rsp;
		struct smb2_net_iface_list ifaces;
		struct smb2_resume_key_rsp resume;
		struct smb2_copychunk_req cc_req;
		struct smb2_copychunk_rsp cc_rsp;
		struct smb2_resiliency_req resil;
	} u;

	switch (code) {
	case FSCTL_VALIDATE_NEGOTIATE_INFO:
		(void)!smb2_validate_negotiate_req_decode(&b, &u.vn_req);
		(void)!smb2_validate_negotiate_rsp_decode(&b, &u.vn_rsp);
		break;
	case FSCTL_QUERY_NETWORK_INTERFACE_INFO:
		(void)!smb2_net_iface_list_decode(&b, &u.ifaces);
		break;
	case FSCTL_SRV_REQUEST_RESUME_KEY:
		(void)!smb2_resume_key_rsp_decode(&b, &u.resume);
		break;
	case FSCTL_SRV_COPYCHUNK:
	case FSCTL_SRV_COPYCHUNK_WRITE:
		(void)!smb2_copychunk_req_decode(&b, &u.cc_req);
		(void)!smb2_copychunk_rsp_decode(&b, &u.cc_rsp);
		break;
	case FSCTL_LMR_REQUEST_RESILIENCY:
		(void)!smb2_resiliency_req_decode(&b, &u.resil);
		break;
	default:
		break; /* PIPE_TRANSCEIVE and the rest: opaque bytes */
	}
}

static void fuzz_error_payloads(const struct smb2_error_rsp *e)
{
	static struct smb2_symlink_error sl;
	static struct smb2_share_redirect sr;
	struct smb2_move_dst_ipaddr ip;
	struct smb2_blob d;
	uint32_t needed;

	/* Before 3.1.1 ErrorData is the structure itself; in 3.1.1 it sits
	 * in a context. */
	(void)!smb2_symlink_error_decode(&e->data, &sl);
	if (smb2_error_rsp_find(e, SMB2_ERROR_ID_DEFAULT, &d)) {
		if (smb2_symlink_error_decode(&d, &sl) == STATUS_SUCCESS) {
			struct wr w;
			wr_init(&w, 0);
			(void)smb2_symlink_error_encode(&w, &sl);
			wr_free(&w);
		}
		(void)!smb2_error_buffer_too_small(&d, &needed);
	}
	if (smb2_error_rsp_find(e, SMB2_ERROR_ID_SHARE_REDIRECT, &d) &&
	    smb2_share_redirect_decode(&d, &sr) == STATUS_SUCCESS) {
		/* Every entry was checked by the decoder. */
		for (uint32_t i = 0; i < sr.ip_count; i++)
			if (!smb2_share_redirect_ip(&sr, i, &ip))
				abort();
	}
}

static void fuzz_payloads(const struct smb2_msg *m)
{
	if (m->kind == SMB2_MSG_ERROR) {
		fuzz_error_payloads(&m->u.error);
	} else if (m->kind == SMB2_MSG_REQ(SMB2_IOCTL)) {
		fuzz_fsctl(m->u.ioctl_req.ctl_code, m->u.ioctl_req.input);
		fuzz_fsctl(m->u.ioctl_req.ctl_code, m->u.ioctl_req.output);
	} else if (m->kind == SMB2_MSG_RSP(SMB2_IOCTL)) {
		fuzz_fsctl(m->u.ioctl_rsp.ctl_code, m->u.ioctl_rsp.output);
	} else if (m->kind == SMB2_MSG_RSP(SMB2_QUERY_INFO)) {
		fuzz_info_classes(m->u.query_info_rsp.buffer);
	} else if (m->kind == SMB2_MSG_REQ(SMB2_QUERY_INFO)) {
		fuzz_eas(m->u.query_info_req.input);
	} else if (m->kind == SMB2_MSG_REQ(SMB2_SET_INFO)) {
		fuzz_info_classes(m->u.set_info_req.buffer);
	} else if (m->kind == SMB2_MSG_RSP(SMB2_QUERY_DIRECTORY)) {
		fuzz_dir_classes(m->u.query_directory_rsp.buffer);
	} else if (m->kind == SMB2_MSG_RSP(SMB2_CHANGE_NOTIFY)) {
		struct smb2_notify_iter it;
		struct smb2_notify_entry e;
		smb2_notify_iter_init(&it, m->u.change_notify_rsp.buffer);
		while (smb2_notify_next(&it, &e) == STATUS_SUCCESS)
			;
	} else if (m->kind == SMB2_MSG_REQ(SMB2_CREATE)) {
		const struct smb2_create_ctx_list *l = &m->u.create_req.contexts;
		for (uint32_t i = 0; i < l->count; i++) {
			if (l->ctx[i].type == SMB2_CCTX_EA_BUFFER)
				fuzz_eas(l->ctx[i].u.blob);
			else if (l->ctx[i].type == SMB2_CCTX_SD_BUFFER)
				fuzz_secdesc(l->ctx[i].u.blob);
		}
	}
}

#endif
