/* Direct TCP / NetBIOS session-service framing (MS-SMB2 2.1, RFC 1002 4.3). */
#include "wire/nbss.h"
#include "wire/limits.h"

/* RFC 1002 4.3.1: the FLAGS byte is reserved except its low bit, E, which
 * extends the 16-bit LENGTH to 17 bits.  Direct TCP (MS-SMB2 2.1) uses all
 * three bytes as the length of a session message. */
#define NBSS_FLAGS_RESERVED 0xFEu
#define NBSS_LEN17_MAX 0x1FFFFu

static enum smb2_nbss_verdict fail(struct smb2_nbss_result *r, NTSTATUS st)
{
	r->verdict = SMB2_NBSS_ERROR;
	r->status = st;
	return r->verdict;
}

/* The fixed payload length of a packet type, or -1 when it varies. */
static long fixed_len(uint8_t type)
{
	switch (type) {
	case SMB2_NBSS_KEEP_ALIVE:        /* RFC 1002 4.3.7 */
	case SMB2_NBSS_POSITIVE_RESPONSE: /* RFC 1002 4.3.4 */
		return 0;
	case SMB2_NBSS_NEGATIVE_RESPONSE: /* RFC 1002 4.3.5: ERROR_CODE */
		return 1;
	case SMB2_NBSS_RETARGET_RESPONSE: /* RFC 1002 4.3.6: IP and port */
		return 6;
	default:
		return -1;
	}
}

enum smb2_nbss_verdict smb2_nbss_decode(const uint8_t *buf, size_t avail, uint32_t max_len,
                                        struct smb2_nbss_result *r)
{
	uint8_t type;
	uint32_t len;
	long fixed;

	r->need = 0;
	r->status = STATUS_SUCCESS;
	r->type = 0;
	r->payload.p = NULL;
	r->payload.len = 0;
	r->frame_len = 0;
	if (max_len > SMB2_NBSS_MAX_LEN)
		max_len = SMB2_NBSS_MAX_LEN;

	/* Judge the type as soon as its byte is here: a broken stream is
	 * reported without waiting for more bytes that may never come. */
	if (avail >= 1) {
		type = buf[0];
		if (type != SMB2_NBSS_SESSION_MESSAGE && type != SMB2_NBSS_SESSION_REQUEST &&
		    fixed_len(type) < 0)
			return fail(r, STATUS_INVALID_PARAMETER);
		if (avail >= 2 && type != SMB2_NBSS_SESSION_MESSAGE &&
		    (buf[1] & NBSS_FLAGS_RESERVED) != 0)
			return fail(r, STATUS_INVALID_PARAMETER);
	}
	if (avail < SMB2_NBSS_HDR_SIZE) {
		r->verdict = SMB2_NBSS_NEED_MORE;
		r->need = SMB2_NBSS_HDR_SIZE - avail;
		return r->verdict;
	}

	type = buf[0];
	len = (uint32_t)buf[1] << 16 | (uint32_t)buf[2] << 8 | buf[3];
	fixed = fixed_len(type);
	if (fixed >= 0 && len != (uint32_t)fixed)
		return fail(r, STATUS_INVALID_PARAMETER);
	/* MS-SMB2 2.1: a session message carries one SMB2 frame; an empty one
	 * carries nothing and no peer sends it. */
	if ((type == SMB2_NBSS_SESSION_MESSAGE || type == SMB2_NBSS_SESSION_REQUEST) && len == 0)
		return fail(r, STATUS_INVALID_PARAMETER);
	if (len > max_len)
		return fail(r, STATUS_INVALID_BUFFER_SIZE);
	if (avail - SMB2_NBSS_HDR_SIZE < len) {
		r->verdict = SMB2_NBSS_NEED_MORE;
		r->need = len - (avail - SMB2_NBSS_HDR_SIZE);
		return r->verdict;
	}
	r->verdict = SMB2_NBSS_FRAME;
	r->type = type;
	r->payload.p = buf + SMB2_NBSS_HDR_SIZE;
	r->payload.len = len;
	r->frame_len = SMB2_NBSS_HDR_SIZE + (size_t)len;
	return r->verdict;
}

NTSTATUS smb2_nbss_hdr_encode(uint8_t out[SMB2_NBSS_HDR_SIZE], uint8_t type, uint32_t length)
{
	uint32_t max = type == SMB2_NBSS_SESSION_MESSAGE ? SMB2_NBSS_MAX_LEN : NBSS_LEN17_MAX;

	if (length > max)
		return STATUS_INVALID_PARAMETER;
	out[0] = type;
	out[1] = (uint8_t)(length >> 16);
	out[2] = (uint8_t)(length >> 8);
	out[3] = (uint8_t)length;
	return STATUS_SUCCESS;
}

size_t smb2_nbss_begin(struct wr *w)
{
	size_t pos = w->len;

	wr_zero(w, SMB2_NBSS_HDR_SIZE);
	return pos;
}

NTSTATUS smb2_nbss_finish(struct wr *w, size_t hdr_pos)
{
	size_t len;

	if (w->err || hdr_pos > w->len || w->len - hdr_pos < SMB2_NBSS_HDR_SIZE) {
		w->err = true;
		return wr_status(w);
	}
	len = w->len - hdr_pos - SMB2_NBSS_HDR_SIZE;
	if (len == 0 || len > SMB2_NBSS_MAX_LEN) {
		w->err = true;
		return wr_status(w);
	}
	(void)smb2_nbss_hdr_encode(w->buf + hdr_pos, SMB2_NBSS_SESSION_MESSAGE, (uint32_t)len);
	return STATUS_SUCCESS;
}

NTSTATUS smb2_nbss_keepalive_encode(struct wr *w)
{
	uint8_t *p = wr_grow(w, SMB2_NBSS_HDR_SIZE);

	if (p)
		(void)smb2_nbss_hdr_encode(p, SMB2_NBSS_KEEP_ALIVE, 0);
	return wr_status(w);
}
