/* SMB2 READ (MS-SMB2 2.2.19 request, 2.2.20 response). */
#include "wire/read.h"
#include "wire/body.h"

#define READ_REQ_SIZE 49
#define READ_RSP_SIZE 17

NTSTATUS smb2_read_req_decode(struct rd *c, struct smb2_read_req *out)
{
	struct smb2_read_req r;
	uint16_t ci_off = 0, ci_len = 0;
	NTSTATUS st = smb2_body_size(c, READ_REQ_SIZE, "READ.StructureSize");

	if (st)
		return st;
	/* The fixed part is 48 bytes; the one Buffer byte may be absent. */
	if (rd_left(c) < READ_REQ_SIZE - 1 - 2)
		return rd_fail(c, "READ request body");
	/* Bounded above: every read below succeeds. */
	(void)!rd_u8(c, &r.padding);
	(void)!rd_u8(c, &r.flags);
	(void)!rd_u32(c, &r.length);
	(void)!rd_u64(c, &r.offset);
	(void)!rd_fileid(c, &r.file_id);
	(void)!rd_u32(c, &r.minimum_count);
	(void)!rd_u32(c, &r.channel);
	(void)!rd_u32(c, &r.remaining_bytes);
	(void)!rd_u16(c, &ci_off);
	(void)!rd_u16(c, &ci_len);
	r.channel_info.p = NULL;
	r.channel_info.len = 0;
	memset(&r.rdma, 0, sizeof(r.rdma));
	/* 2.2.19 ReadChannelInfoOffset/Length: used by 3.x as Channel says;
	 * 2.0.2 and 2.1 receivers ignore them, so with Channel NONE they are
	 * not resolved. */
	if (r.channel != SMB2_CHANNEL_NONE) {
		st = rd_buffer(c, ci_off, ci_len, smb2_fixed_end(READ_REQ_SIZE), 1,
		               "READ.ReadChannelInfoOffset", &r.channel_info);
		if (st)
			return st;
		st = smb2_channel_info_decode(r.channel, &r.channel_info, &r.rdma);
		if (st)
			return rd_fail(c, "READ.ReadChannelInfo");
	}
	*out = r;
	return STATUS_SUCCESS;
}

NTSTATUS smb2_read_req_encode(struct wr *w, const struct smb2_read_req *in)
{
	size_t pos;
	NTSTATUS st;

	wr_u16(w, READ_REQ_SIZE);
	wr_u8(w, in->padding);
	wr_u8(w, in->flags);
	wr_u32(w, in->length);
	wr_u64(w, in->offset);
	wr_fileid(w, &in->file_id);
	wr_u32(w, in->minimum_count);
	wr_u32(w, in->channel);
	wr_u32(w, in->remaining_bytes);
	pos = w->len;
	wr_u16(w, 0); /* ReadChannelInfoOffset */
	wr_u16(w, 0); /* ReadChannelInfoLength */
	st = smb2_channel_info_put(w, pos, in->channel, &in->channel_info, &in->rdma);
	if (st)
		return st;
	/* 2.2.19 StructureSize 49: one Buffer byte even when empty. */
	if (wr_off(w) == SMB2_READ_REQ_BUFFER_OFFSET)
		wr_u8(w, 0);
	return wr_status(w);
}

NTSTATUS smb2_read_rsp_decode(struct rd *c, struct smb2_read_rsp *out)
{
	struct smb2_read_rsp r;
	uint8_t data_off = 0;
	uint32_t data_len = 0;
	NTSTATUS st = smb2_body_size(c, READ_RSP_SIZE, "READ.StructureSize");

	if (st)
		return st;
	if (rd_left(c) < READ_RSP_SIZE - 1 - 2)
		return rd_fail(c, "READ response body");
	/* 2.2.20: DataOffset is one byte; Reserved is ignored (peers have
	 * been seen setting it). */
	(void)!rd_u8(c, &data_off);
	(void)!rd_skip(c, 1);
	(void)!rd_u32(c, &data_len);
	(void)!rd_u32(c, &r.data_remaining);
	(void)!rd_u32(c, &r.flags);
	st = rd_buffer(c, data_off, data_len, smb2_fixed_end(READ_RSP_SIZE), 1,
	               "READ.DataOffset", &r.data);
	if (st)
		return st;
	memset(&r.transform, 0, sizeof(r.transform));
	/* 2.2.20 Flags (3.1.1): the buffer holds an SMB2_RDMA_TRANSFORM. */
	if (r.flags & SMB2_READFLAG_RESPONSE_RDMA_TRANSFORM) {
		st = smb2_rdma_transform_decode(&r.data, &r.transform);
		if (st)
			return rd_fail(c, "READ.RdmaTransform");
	}
	*out = r;
	return STATUS_SUCCESS;
}

NTSTATUS smb2_read_rsp_encode(struct wr *w, const struct smb2_read_rsp *in)
{
	size_t len_pos, start;
	NTSTATUS st;

	wr_u16(w, READ_RSP_SIZE);
	wr_u8(w, SMB2_READ_RSP_DATA_OFFSET);
	wr_u8(w, 0);
	len_pos = w->len;
	wr_u32(w, 0); /* DataLength */
	wr_u32(w, in->data_remaining);
	wr_u32(w, in->flags);
	start = w->len;
	if (in->data.len) {
		wr_bytes(w, in->data.p, in->data.len);
	} else if (in->flags & SMB2_READFLAG_RESPONSE_RDMA_TRANSFORM) {
		st = smb2_rdma_transform_encode(w, &in->transform);
		if (st)
			return st;
	}
	if (w->len - start > UINT32_MAX)
		return STATUS_INVALID_PARAMETER;
	wr_put_u32_at(w, len_pos, (uint32_t)(w->len - start));
	/* 2.2.20 StructureSize 17: one Buffer byte even when empty. */
	if (w->len == start)
		wr_u8(w, 0);
	return wr_status(w);
}
