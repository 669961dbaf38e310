/* SMB2 READ request and response (MS-SMB2 2.2.19, 2.2.20). */
#ifndef SMBSIM_WIRE_READ_H
#define SMBSIM_WIRE_READ_H

#include "wire/cursor.h"
#include "wire/rdma_desc.h"
#include "wire/smb2.h"

/* MS-SMB2 2.2.19: Flags (3.0.2 and 3.1.1; reserved before) */
#define SMB2_READFLAG_READ_UNBUFFERED 0x01
#define SMB2_READFLAG_REQUEST_COMPRESSED 0x02

/* MS-SMB2 2.2.20: Reserved2/Flags (3.1.1; reserved before) */
#define SMB2_READFLAG_RESPONSE_NONE 0x00000000u
#define SMB2_READFLAG_RESPONSE_RDMA_TRANSFORM 0x00000001u

/* Where the encoders put the variable part: right after the fixed part. */
#define SMB2_READ_REQ_BUFFER_OFFSET 112 /* 64 + 48 */
#define SMB2_READ_RSP_DATA_OFFSET 80    /* 64 + 16 */

struct smb2_read_req {
	uint8_t padding;           /* where the client wants the data placed */
	uint8_t flags;             /* SMB2_READFLAG_* */
	uint32_t length;
	uint64_t offset;
	struct smb2_fileid file_id;
	uint32_t minimum_count;
	uint32_t channel;          /* SMB2_CHANNEL_* */
	uint32_t remaining_bytes;
	/*
	 * ReadChannelInfo.  Decode: resolved (bounds checked) unless Channel
	 * is NONE, whose offset and length 2.0.2/2.1 receivers must ignore;
	 * for an RDMA channel also decoded into `rdma`.  Encode: a non-empty
	 * `channel_info` is written as is (any bytes, for tests); otherwise
	 * `rdma` is encoded when Channel is an RDMA channel.
	 */
	struct smb2_blob channel_info;
	struct smb2_channel_info rdma;
};

struct smb2_read_rsp {
	uint32_t data_remaining;
	uint32_t flags;            /* SMB2_READFLAG_RESPONSE_* (3.1.1) */
	/*
	 * The data.  With SMB2_READFLAG_RESPONSE_RDMA_TRANSFORM the buffer
	 * holds an SMB2_RDMA_TRANSFORM instead (2.2.20), decoded into
	 * `transform`; the encoder writes `transform` when the flag is set
	 * and `data` is empty.
	 */
	struct smb2_blob data;
	struct smb2_rdma_transform transform;
};

WUR NTSTATUS smb2_read_req_decode(struct rd *c, struct smb2_read_req *out);
NTSTATUS smb2_read_req_encode(struct wr *w, const struct smb2_read_req *in);
WUR NTSTATUS smb2_read_rsp_decode(struct rd *c, struct smb2_read_rsp *out);
NTSTATUS smb2_read_rsp_encode(struct wr *w, const struct smb2_read_rsp *in);

#endif
