/*
 * RDMA channel information carried by SMB2 READ and WRITE requests:
 * SMB_DIRECT_BUFFER_DESCRIPTOR_V1 arrays (MS-SMBD 2.2.3.1) and the
 * SMB2_RDMA_TRANSFORM header with its SMB2_RDMA_CRYPTO_TRANSFORMs
 * (MS-SMB2 2.2.43, 2.2.43.1).
 *
 * These functions work on a blob (the channel-info buffer that the READ or
 * WRITE decoder resolved), with their own bounded cursor, so offsets inside
 * the transform count from the start of the SMB2_RDMA_TRANSFORM.
 */
#ifndef SMBSIM_WIRE_RDMA_DESC_H
#define SMBSIM_WIRE_RDMA_DESC_H

#include <stdbool.h>
#include <stdint.h>

#include "wire/cursor.h"
#include "wire/limits.h"

/* MS-SMB2 2.2.19, 2.2.21: Channel */
#define SMB2_CHANNEL_NONE 0x00000000u
#define SMB2_CHANNEL_RDMA_V1 0x00000001u
#define SMB2_CHANNEL_RDMA_V1_INVALIDATE 0x00000002u
#define SMB2_CHANNEL_RDMA_TRANSFORM 0x00000003u

/* MS-SMBD 2.2.3.1: Offset u64, Token u32, Length u32 */
#define SMBD_BUFFER_DESCRIPTOR_V1_SIZE 16

/* MS-SMB2 2.2.43: the fixed part of SMB2_RDMA_TRANSFORM */
#define SMB2_RDMA_TRANSFORM_SIZE 16
/* MS-SMB2 2.2.43.1: the fixed part of SMB2_RDMA_CRYPTO_TRANSFORM */
#define SMB2_RDMA_CRYPTO_TRANSFORM_SIZE 8
/* MS-SMB2 2.2.43.1: Signature "MUST be less than or equal to 16 bytes" */
#define SMB2_RDMA_SIGNATURE_MAX 16

/* MS-SMB2 2.2.43.1: TransformType */
#define SMB2_RDMA_TRANSFORM_TYPE_ENCRYPTION 0x0001
#define SMB2_RDMA_TRANSFORM_TYPE_SIGNING 0x0002

struct smbd_buffer_desc_v1 {
	uint64_t offset;
	uint32_t token;
	uint32_t length;
};

/* One or more descriptors (MS-SMB2 2.2.19 Channel: "One or more
 * SMB_DIRECT_BUFFER_DESCRIPTOR_V1 structures"). */
struct smb2_rdma_desc_list {
	uint32_t count;
	struct smbd_buffer_desc_v1 desc[SMB2_MAX_RDMA_DESCRIPTORS];
};

struct smb2_rdma_crypto_transform {
	uint16_t type;               /* SMB2_RDMA_TRANSFORM_TYPE_* */
	struct smb2_blob signature;  /* at most SMB2_RDMA_SIGNATURE_MAX bytes */
	struct smb2_blob nonce;
};

/*
 * SMB2_RDMA_TRANSFORM (MS-SMB2 2.2.43).  `channel` is the inner channel
 * (NONE, RDMA_V1 or RDMA_V1_INVALIDATE); with NONE there are no
 * descriptors.  The crypto transforms follow the 16-byte fixed part, each
 * padded so the next structure starts 8-byte aligned, counted from the
 * start of the SMB2_RDMA_TRANSFORM (2.2.43.1 Padding).  The descriptors are
 * at RdmaDescriptorOffset from that start, after the transforms.
 */
struct smb2_rdma_transform {
	uint32_t channel;
	struct smb2_rdma_desc_list descs;
	uint16_t transform_count;    /* 1..SMB2_MAX_RDMA_TRANSFORMS */
	struct smb2_rdma_crypto_transform t[SMB2_MAX_RDMA_TRANSFORMS];
};

/*
 * Channel information of a READ or WRITE request, decoded according to the
 * request's Channel: descriptors for RDMA_V1 and RDMA_V1_INVALIDATE, a
 * transform for RDMA_TRANSFORM, nothing for NONE or an unknown value (the
 * raw blob stays in the request for the server to judge).
 */
struct smb2_channel_info {
	struct smb2_rdma_desc_list descs;     /* RDMA_V1, RDMA_V1_INVALIDATE */
	struct smb2_rdma_transform transform; /* RDMA_TRANSFORM */
};

static inline bool smb2_channel_is_rdma(uint32_t channel)
{
	return channel == SMB2_CHANNEL_RDMA_V1 ||
	       channel == SMB2_CHANNEL_RDMA_V1_INVALIDATE ||
	       channel == SMB2_CHANNEL_RDMA_TRANSFORM;
}

/* A descriptor array: length a non-zero multiple of 16, at most
 * SMB2_MAX_RDMA_DESCRIPTORS entries. */
WUR NTSTATUS smb2_rdma_desc_decode(const struct smb2_blob *b,
                                   struct smb2_rdma_desc_list *out);
NTSTATUS smb2_rdma_desc_encode(struct wr *w, const struct smb2_rdma_desc_list *in);

WUR NTSTATUS smb2_rdma_transform_decode(const struct smb2_blob *b,
                                        struct smb2_rdma_transform *out);
NTSTATUS smb2_rdma_transform_encode(struct wr *w, const struct smb2_rdma_transform *in);

/* The channel-info blob of a READ/WRITE request according to `channel`. */
WUR NTSTATUS smb2_channel_info_decode(uint32_t channel, const struct smb2_blob *b,
                                      struct smb2_channel_info *out);
/* Append the channel info for an RDMA channel (nothing for other values). */
NTSTATUS smb2_channel_info_encode(struct wr *w, uint32_t channel,
                                  const struct smb2_channel_info *in);
/* The ChannelInfo buffer of a READ or WRITE request (MS-SMB2 2.2.19,
 * 2.2.21) at the writer's position, its (u16 offset, u16 length) pair
 * patched at off_pos: `raw` as given when it is not empty, else `rdma`
 * encoded when `channel` is an RDMA channel, else nothing. */
NTSTATUS smb2_channel_info_put(struct wr *w, size_t off_pos, uint32_t channel,
                               const struct smb2_blob *raw,
                               const struct smb2_channel_info *rdma);

#endif
