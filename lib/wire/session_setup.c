/* SMB2 SESSION_SETUP (MS-SMB2 2.2.5 request, 2.2.6 response). */
#include "wire/session_setup.h"
#include "wire/body.h"

#define SESS_REQ_SIZE 25
#define SESS_RSP_SIZE 9

NTSTATUS smb2_session_setup_req_decode(struct rd *c, struct smb2_session_setup_req *out)
{
	struct smb2_session_setup_req r;
	uint16_t sec_off = 0, sec_len = 0;
	NTSTATUS st = smb2_body_size(c, SESS_REQ_SIZE, "SESSION_SETUP.StructureSize");

	if (st)
		return st;
	if (rd_left(c) < (SESS_REQ_SIZE & ~1) - 2)
		return rd_fail(c, "SESSION_SETUP request body");
	/* Bounded above: every read of the fixed part succeeds. */
	(void)!rd_u8(c, &r.flags);
	(void)!rd_u8(c, &r.security_mode);
	(void)!rd_u32(c, &r.capabilities);
	(void)!rd_u32(c, &r.channel);
	(void)!rd_u16(c, &sec_off);
	(void)!rd_u16(c, &sec_len);
	(void)!rd_u64(c, &r.previous_session_id);
	/* MS-SMB2 2.2.5: SecurityBufferOffset counts from the header; the
	 * buffer follows the fixed part. */
	st = rd_buffer(c, sec_off, sec_len, c->pos, 1, "SESSION_SETUP.SecurityBufferOffset",
	               &r.security_buffer);
	if (st)
		return st;
	*out = r;
	return STATUS_SUCCESS;
}

NTSTATUS smb2_session_setup_req_encode(struct wr *w, const struct smb2_session_setup_req *in)
{
	size_t sec_pos;

	if (in->security_buffer.len > UINT16_MAX)
		return STATUS_INVALID_PARAMETER;
	wr_u16(w, SESS_REQ_SIZE);
	wr_u8(w, in->flags);
	wr_u8(w, in->security_mode);
	wr_u32(w, in->capabilities);
	wr_u32(w, in->channel);
	sec_pos = w->len;
	wr_u16(w, 0);
	wr_u16(w, 0);
	wr_u64(w, in->previous_session_id);
	if (in->security_buffer.len)
		wr_buf16_u16(w, sec_pos, sec_pos + 2, in->security_buffer.p,
		             in->security_buffer.len);
	else
		wr_u8(w, 0); /* the odd byte of StructureSize 25 */
	return wr_status(w);
}

NTSTATUS smb2_session_setup_rsp_decode(struct rd *c, struct smb2_session_setup_rsp *out)
{
	struct smb2_session_setup_rsp r;
	uint16_t sec_off = 0, sec_len = 0;
	NTSTATUS st = smb2_body_size(c, SESS_RSP_SIZE, "SESSION_SETUP.StructureSize");

	if (st)
		return st;
	if (rd_left(c) < (SESS_RSP_SIZE & ~1) - 2)
		return rd_fail(c, "SESSION_SETUP response body");
	(void)!rd_u16(c, &r.session_flags);
	(void)!rd_u16(c, &sec_off);
	(void)!rd_u16(c, &sec_len);
	/* MS-SMB2 2.2.6: SecurityBufferOffset counts from the header. */
	st = rd_buffer(c, sec_off, sec_len, c->pos, 1, "SESSION_SETUP.SecurityBufferOffset",
	               &r.security_buffer);
	if (st)
		return st;
	*out = r;
	return STATUS_SUCCESS;
}

NTSTATUS smb2_session_setup_rsp_encode(struct wr *w, const struct smb2_session_setup_rsp *in)
{
	size_t sec_pos;

	if (in->security_buffer.len > UINT16_MAX)
		return STATUS_INVALID_PARAMETER;
	wr_u16(w, SESS_RSP_SIZE);
	wr_u16(w, in->session_flags);
	sec_pos = w->len;
	wr_u16(w, 0);
	wr_u16(w, 0);
	if (in->security_buffer.len)
		wr_buf16_u16(w, sec_pos, sec_pos + 2, in->security_buffer.p,
		             in->security_buffer.len);
	else
		wr_u8(w, 0); /* the odd byte of StructureSize 9 */
	return wr_status(w);
}
