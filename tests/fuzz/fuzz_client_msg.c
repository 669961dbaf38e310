/*
 * libFuzzer target: one frame as a client receives it after the NBSS
 * header: responses, async interim responses, oplock and lease break
 * notifications, ERROR bodies and the error data a client reads from them
 * (symlink, share redirect, required buffer size).  See fuzz_msg_common.h.
 */
#include "fuzz_msg_common.h"
#include "wire/error.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void error_data(const struct smb2_msg *m)
{
	const struct smb2_error_rsp *e;
	struct smb2_blob b;
	struct smb2_symlink_error s;
	struct smb2_share_redirect r;
	struct smb2_move_dst_ipaddr ip;
	uint32_t need;

	if (m->kind != SMB2_MSG_ERROR)
		return;
	e = &m->u.error;
	if (smb2_error_rsp_find(e, SMB2_ERROR_ID_DEFAULT, &b)) {
		if (smb2_symlink_error_decode(&b, &s) == STATUS_SUCCESS) {
			struct wr w;
			wr_init(&w, 0);
			(void)smb2_symlink_error_encode(&w, &s);
			wr_free(&w);
		}
		(void)smb2_error_buffer_too_small(&b, &need);
	}
	if (smb2_error_rsp_find(e, SMB2_ERROR_ID_SHARE_REDIRECT, &b) &&
	    smb2_share_redirect_decode(&b, &r) == STATUS_SUCCESS) {
		/* Every entry was checked by the decoder. */
		for (uint32_t i = 0; i < r.ip_count; i++)
			if (!smb2_share_redirect_ip(&r, i, &ip))
				abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_frame(data, size, true, error_data);
	return 0;
}
