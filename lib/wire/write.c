/* SMB2 WRITE (MS-SMB2 2.2.21 request, 2.2.22 response). */
#include "wire/write.h"
#include "wire/body.h"

#define WRITE_REQ_SIZE 49
#define WRITE_RSP_SIZE 17

static bool blobs_overlap(const struct smb2_blob *a, const struct smb2_blob *b)
{
	if (a->len == 0 || b->len == 0)
		return false;
	return a->p < b->p + b->len && b->p < a->p + a->len;
}

NTSTATUS smb2_write_req_decode(struct rd *c, struct smb2_write_req *out)
{
	struct smb2_write_req r;
	uint16_t data_off = 0, ci_off = 0, ci_len = 0;
	uint32_t data_len = 0;
	NTSTATUS st = smb2_body_size(c, WRITE_REQ_SIZE, "WRITE.StructureSize");

	if (st)
		return st;
	if (rd_left(c) < WRITE_REQ_SIZE - 1 - 2)
		return rd_fail(c, "WRITE request body");
	/* Bounded above: every read below succeeds. */
	(void)!rd_u16(c, &data_off);
	(void)!rd_u32(c, &data_len);
	(void)!rd_u64(c, &r.offset);
	(void)!rd_fileid(c, &r.file_id);
	(void)!rd_u32(c, &r.channel);
	(void)!rd_u32(c, &r.remaining_bytes);
	(void)!rd_u16(c, &ci_off);
	(void)!rd_u16(c, &ci_len);
	(void)!rd_u32(c, &r.flags);
	/* 2.2.21 DataOffset/Length: from the header, after the fixed part
	 * (3.3.5.13: past the message is STATUS_INVALID_PARAMETER). */
	st = rd_buffer(c, data_off, data_len, smb2_fixed_end(WRITE_REQ_SIZE), 1,
	               "WRITE.DataOffset", &r.data);
	if (st)
		return st;
	r.channel_info.p = NULL;
	r.channel_info.len = 0;
	memset(&r.rdma, 0, sizeof(r.rdma));
	/* 2.2.21 WriteChannelInfoOffset/Length: ignored by 2.0.2/2.1, so
	 * not resolved with Channel NONE. */
	if (r.channel != SMB2_CHANNEL_NONE) {
		st = rd_buffer(c, ci_off, ci_len, smb2_fixed_end(WRITE_REQ_SIZE), 1,
		               "WRITE.WriteChannelInfoOffset", &r.channel_info);
		if (st)
			return st;
		if (blobs_overlap(&r.data, &r.channel_info))
			return rd_fail(c, "WRITE.WriteChannelInfoOffset");
		st = smb2_channel_info_decode(r.channel, &r.channel_info, &r.rdma);
		if (st)
			return rd_fail(c, "WRITE.WriteChannelInfo");
	}
	*out = r;
	return STATUS_SUCCESS;
}

NTSTATUS smb2_write_req_encode(struct wr *w, const struct smb2_write_req *in)
{
	size_t pos, ci_pos;
	NTSTATUS st;

	wr_u16(w, WRITE_REQ_SIZE);
	pos = w->len;
	wr_u16(w, 0); /* DataOffset */
	wr_u32(w, 0); /* Length */
	wr_u64(w, in->offset);
	wr_fileid(w, &in->file_id);
	wr_u32(w, in->channel);
	wr_u32(w, in->remaining_bytes);
	ci_pos = w->len;
	wr_u16(w, 0); /* WriteChannelInfoOffset */
	wr_u16(w, 0); /* WriteChannelInfoLength */
	wr_u32(w, in->flags);
	/* Data first, then the channel info 8-aligned after it.  An empty
	 * Buffer's DataOffset still points at it (0x70): 2.2.21 names no other
	 * value, Windows and Samba clients send it, and Samba refuses 0. */
	wr_buf16_u32(w, pos, pos + 2, in->data.p, in->data.len);
	if (!in->data.len)
		wr_put_u16_at(w, pos, SMB2_WRITE_REQ_BUFFER_OFFSET);
	if (in->channel_info.len || smb2_channel_is_rdma(in->channel))
		wr_align(w, 8);
	st = smb2_channel_info_put(w, ci_pos, in->channel, &in->channel_info, &in->rdma);
	if (st)
		return st;
	/* 2.2.21 StructureSize 49: one Buffer byte even when empty. */
	if (wr_off(w) == SMB2_WRITE_REQ_BUFFER_OFFSET)
		wr_u8(w, 0);
	return wr_status(w);
}

NTSTATUS smb2_write_rsp_decode(struct rd *c, struct smb2_write_rsp *out)
{
	struct smb2_write_rsp r;
	NTSTATUS st = smb2_body_size(c, WRITE_RSP_SIZE, "WRITE.StructureSize");

	if (st)
		return st;
	/* 2.2.22: 16 bytes; no Buffer is defined, the odd size notwithstanding. */
	if (rd_left(c) < WRITE_RSP_SIZE - 1 - 2)
		return rd_fail(c, "WRITE response body");
	(void)!rd_skip(c, 2);
	(void)!rd_u32(c, &r.count);
	(void)!rd_u32(c, &r.remaining);
	(void)!rd_u16(c, &r.channel_info_offset);
	(void)!rd_u16(c, &r.channel_info_length);
	*out = r;
	return STATUS_SUCCESS;
}

NTSTATUS smb2_write_rsp_encode(struct wr *w, const struct smb2_write_rsp *in)
{
	wr_u16(w, WRITE_RSP_SIZE);
	wr_u16(w, 0);
	wr_u32(w, in->count);
	wr_u32(w, in->remaining);
	wr_u16(w, in->channel_info_offset);
	wr_u16(w, in->channel_info_length);
	/* StructureSize 17: the one byte the odd size asks for. */
	wr_u8(w, 0);
	return wr_status(w);
}
