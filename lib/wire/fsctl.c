/* FSCTL payloads: VALIDATE_NEGOTIATE_INFO (MS-SMB2 2.2.31.4, 2.2.32.6)
 * and LMR_REQUEST_RESILIENCY (2.2.31.3).  Network interfaces are in
 * fsctl_netif.c, resume keys and server-side copy in fsctl_copychunk.c. */
#include "wire/fsctl.h"

/* Capabilities u32, Guid 16, SecurityMode u16, DialectCount u16 */
#define VNEG_REQ_HEAD 24
/* Capabilities u32, Guid 16, SecurityMode u16, Dialect u16 */
#define VNEG_RSP_SIZE 24
/* Timeout u32, Reserved u32 */
#define RESILIENCY_SIZE 8

NTSTATUS smb2_validate_negotiate_req_decode(const struct smb2_blob *b,
                                            struct smb2_validate_negotiate_req *out)
{
	struct smb2_validate_negotiate_req r;
	struct rd c;

	rd_init(&c, b->p, b->len);
	if (rd_left(&c) < VNEG_REQ_HEAD)
		return rd_fail(&c, "VALIDATE_NEGOTIATE_INFO request");
	/* Bounded above: every read below succeeds. */
	(void)!rd_u32(&c, &r.capabilities);
	(void)!rd_bytes(&c, r.guid, sizeof(r.guid));
	(void)!rd_u16(&c, &r.security_mode);
	(void)!rd_u16(&c, &r.dialect_count);
	/* 2.2.31.4 Dialects: DialectCount u16 entries (3.3.5.15.12: an
	 * InputCount too small for them is a failure). */
	if (r.dialect_count > SMB2_MAX_DIALECTS ||
	    (uint64_t)r.dialect_count * 2 > rd_left(&c))
		return rd_fail(&c, "VALIDATE_NEGOTIATE_INFO.DialectCount");
	for (uint16_t i = 0; i < r.dialect_count; i++)
		(void)!rd_u16(&c, &r.dialects[i]);
	for (uint16_t i = r.dialect_count; i < SMB2_MAX_DIALECTS; i++)
		r.dialects[i] = 0;
	*out = r;
	return STATUS_SUCCESS;
}

NTSTATUS smb2_validate_negotiate_req_encode(struct wr *w,
                                            const struct smb2_validate_negotiate_req *in)
{
	if (in->dialect_count > SMB2_MAX_DIALECTS)
		return STATUS_INVALID_PARAMETER;
	wr_u32(w, in->capabilities);
	wr_bytes(w, in->guid, sizeof(in->guid));
	wr_u16(w, in->security_mode);
	wr_u16(w, in->dialect_count);
	for (uint16_t i = 0; i < in->dialect_count; i++)
		wr_u16(w, in->dialects[i]);
	return wr_status(w);
}

NTSTATUS smb2_validate_negotiate_rsp_decode(const struct smb2_blob *b,
                                            struct smb2_validate_negotiate_rsp *out)
{
	struct smb2_validate_negotiate_rsp r;
	struct rd c;

	rd_init(&c, b->p, b->len);
	if (rd_left(&c) < VNEG_RSP_SIZE)
		return rd_fail(&c, "VALIDATE_NEGOTIATE_INFO response");
	(void)!rd_u32(&c, &r.capabilities);
	(void)!rd_bytes(&c, r.guid, sizeof(r.guid));
	(void)!rd_u16(&c, &r.security_mode);
	(void)!rd_u16(&c, &r.dialect);
	*out = r;
	return STATUS_SUCCESS;
}

NTSTATUS smb2_validate_negotiate_rsp_encode(struct wr *w,
                                            const struct smb2_validate_negotiate_rsp *in)
{
	wr_u32(w, in->capabilities);
	wr_bytes(w, in->guid, sizeof(in->guid));
	wr_u16(w, in->security_mode);
	wr_u16(w, in->dialect);
	return wr_status(w);
}

NTSTATUS smb2_resiliency_req_decode(const struct smb2_blob *b, struct smb2_resiliency_req *out)
{
	struct rd c;
	uint32_t timeout = 0;

	rd_init(&c, b->p, b->len);
	/* 2.2.31.3: Timeout, Reserved (3.3.5.15.9: a shorter InputCount
	 * is STATUS_INVALID_PARAMETER). */
	if (rd_left(&c) < RESILIENCY_SIZE)
		return rd_fail(&c, "NETWORK_RESILIENCY_REQUEST");
	(void)!rd_u32(&c, &timeout);
	out->timeout = timeout;
	return STATUS_SUCCESS;
}

NTSTATUS smb2_resiliency_req_encode(struct wr *w, const struct smb2_resiliency_req *in)
{
	wr_u32(w, in->timeout);
	wr_u32(w, 0);
	return wr_status(w);
}
