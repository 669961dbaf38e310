/* SMB2 WRITE request and response (MS-SMB2 2.2.21, 2.2.22). */
#ifndef SMBSIM_WIRE_WRITE_H
#define SMBSIM_WIRE_WRITE_H

#include "wire/cursor.h"
#include "wire/rdma_desc.h"
#include "wire/smb2.h"

/* MS-SMB2 2.2.21: Flags */
#define SMB2_WRITEFLAG_WRITE_THROUGH 0x00000001u
#define SMB2_WRITEFLAG_WRITE_UNBUFFERED 0x00000002u

/* Where the encoder puts the data: right after the fixed part. */
#define SMB2_WRITE_REQ_BUFFER_OFFSET 112 /* 64 + 48 */

struct smb2_write_req {
	uint64_t offset;
	struct smb2_fileid file_id;
	uint32_t channel;          /* SMB2_CHANNEL_* */
	uint32_t remaining_bytes;
	uint32_t flags;            /* SMB2_WRITEFLAG_* */
	/* The data (DataOffset, Length).  Zero length with an RDMA channel:
	 * the server pulls RemainingBytes over RDMA (MS-SMB2 3.3.5.13). */
	struct smb2_blob data;
	/*
	 * WriteChannelInfo, as for READ: resolved unless Channel is NONE,
	 * decoded into `rdma` for an RDMA channel; on encode a non-empty
	 * `channel_info` is written as is, otherwise `rdma` for an RDMA
	 * channel.  It may not overlap the data.
	 */
	struct smb2_blob channel_info;
	struct smb2_channel_info rdma;
};

struct smb2_write_rsp {
	uint32_t count;
	uint32_t remaining;        /* 2.2.22: reserved, sent as 0 */
	/* WriteChannelInfoOffset/Length: reserved (2.2.22), kept as read. */
	uint16_t channel_info_offset;
	uint16_t channel_info_length;
};

WUR NTSTATUS smb2_write_req_decode(struct rd *c, struct smb2_write_req *out);
NTSTATUS smb2_write_req_encode(struct wr *w, const struct smb2_write_req *in);
WUR NTSTATUS smb2_write_rsp_decode(struct rd *c, struct smb2_write_rsp *out);
NTSTATUS smb2_write_rsp_encode(struct wr *w, const struct smb2_write_rsp *in);

#endif
