/*
 * SMB2 NEGOTIATE request and response (MS-SMB2 2.2.3, 2.2.4), with the
 * 3.1.1 negotiate context list (negotiate_ctx.h).
 *
 * Request: the 8 bytes after ClientGuid are NegotiateContextOffset (4),
 * NegotiateContextCount (2), Reserved2 (2) when the Dialects array holds
 * 0x0311, and ClientStartTime otherwise (MS-SMB2 2.2.3).  The decoder
 * follows the dialect list: without 0x0311 the 8 bytes are only
 * ClientStartTime, whatever their value (the server MUST ignore it), and
 * no context is looked for; with 0x0311 they are offset and count, and
 * client_start_time is 0.  The encoder does the same from `dialects`.
 *
 * Response: contexts are present when DialectRevision is 0x0311 (MS-SMB2
 * 2.2.4); otherwise NegotiateContextCount and NegotiateContextOffset are
 * reserved and ignored.
 */
#ifndef SMBSIM_WIRE_NEGOTIATE_H
#define SMBSIM_WIRE_NEGOTIATE_H

#include "wire/cursor.h"
#include "wire/limits.h"
#include "wire/negotiate_ctx.h"
#include "wire/smb2.h"

struct smb2_negotiate_req {
	uint16_t dialect_count;        /* 1..SMB2_MAX_DIALECTS */
	uint16_t security_mode;        /* SMB2_NEGOTIATE_SIGNING_* */
	uint32_t capabilities;         /* SMB2_GLOBAL_CAP_* */
	uint8_t client_guid[16];
	uint64_t client_start_time;    /* without 0x0311 only */
	uint16_t dialects[SMB2_MAX_DIALECTS];
	struct smb2_neg_ctx_list ctx;  /* with 0x0311 only */
};

struct smb2_negotiate_rsp {
	uint16_t security_mode;
	uint16_t dialect_revision;     /* SMB2_DIALECT_* */
	uint8_t server_guid[16];
	uint32_t capabilities;
	uint32_t max_transact_size;
	uint32_t max_read_size;
	uint32_t max_write_size;
	uint64_t system_time;          /* FILETIME */
	uint64_t server_start_time;    /* FILETIME */
	struct smb2_blob security_buffer; /* GSS token, often SPNEGO */
	struct smb2_neg_ctx_list ctx;  /* when dialect_revision is 0x0311 */
};

/* True when the request offers the 3.1.1 dialect. */
bool smb2_negotiate_req_has_311(const struct smb2_negotiate_req *r);

WUR NTSTATUS smb2_negotiate_req_decode(struct rd *c, struct smb2_negotiate_req *out);
NTSTATUS smb2_negotiate_req_encode(struct wr *w, const struct smb2_negotiate_req *in);
WUR NTSTATUS smb2_negotiate_rsp_decode(struct rd *c, struct smb2_negotiate_rsp *out);
NTSTATUS smb2_negotiate_rsp_encode(struct wr *w, const struct smb2_negotiate_rsp *in);

#endif
