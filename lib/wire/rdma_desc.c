/* RDMA channel information (MS-SMBD 2.2.3.1, MS-SMB2 2.2.43). */
#include "wire/rdma_desc.h"
#include "wire/body.h"

static NTSTATUS desc_read(struct rd *c, uint64_t len, struct smb2_rdma_desc_list *out)
{
	struct smb2_rdma_desc_list l;

	/* MS-SMBD 2.2.3.1: 16-byte entries; MS-SMB2 2.2.19/2.2.21 Channel:
	 * one or more of them. */
	if (len == 0 || len % SMBD_BUFFER_DESCRIPTOR_V1_SIZE != 0 ||
	    len / SMBD_BUFFER_DESCRIPTOR_V1_SIZE > SMB2_MAX_RDMA_DESCRIPTORS ||
	    len > rd_left(c))
		return rd_fail(c, "RDMA.BufferDescriptorV1");
	l.count = (uint32_t)(len / SMBD_BUFFER_DESCRIPTOR_V1_SIZE);
	for (uint32_t i = 0; i < l.count; i++) {
		/* Bounded above: every read succeeds. */
		(void)!rd_u64(c, &l.desc[i].offset);
		(void)!rd_u32(c, &l.desc[i].token);
		(void)!rd_u32(c, &l.desc[i].length);
	}
	for (uint32_t i = l.count; i < SMB2_MAX_RDMA_DESCRIPTORS; i++)
		l.desc[i] = (struct smbd_buffer_desc_v1){ 0, 0, 0 };
	*out = l;
	return STATUS_SUCCESS;
}

NTSTATUS smb2_rdma_desc_decode(const struct smb2_blob *b, struct smb2_rdma_desc_list *out)
{
	struct rd c;

	rd_init(&c, b->p, b->len);
	return desc_read(&c, b->len, out);
}

NTSTATUS smb2_rdma_desc_encode(struct wr *w, const struct smb2_rdma_desc_list *in)
{
	if (in->count == 0 || in->count > SMB2_MAX_RDMA_DESCRIPTORS)
		return STATUS_INVALID_PARAMETER;
	for (uint32_t i = 0; i < in->count; i++) {
		wr_u64(w, in->desc[i].offset);
		wr_u32(w, in->desc[i].token);
		wr_u32(w, in->desc[i].length);
	}
	return wr_status(w);
}

static NTSTATUS crypto_transform_read(struct rd *c, struct smb2_rdma_crypto_transform *t)
{
	uint16_t sig_len = 0, nonce_len = 0;
	const uint8_t *p;

	/* MS-SMB2 2.2.43.1: TransformType, SignatureLength, NonceLength,
	 * Reserved, Signature, Nonce, Padding. */
	if (rd_left(c) < SMB2_RDMA_CRYPTO_TRANSFORM_SIZE)
		return rd_fail(c, "RDMA_CRYPTO_TRANSFORM");
	(void)!rd_u16(c, &t->type);
	(void)!rd_u16(c, &sig_len);
	(void)!rd_u16(c, &nonce_len);
	(void)!rd_skip(c, 2);
	if (t->type != SMB2_RDMA_TRANSFORM_TYPE_ENCRYPTION &&
	    t->type != SMB2_RDMA_TRANSFORM_TYPE_SIGNING)
		return rd_fail(c, "RDMA_CRYPTO_TRANSFORM.TransformType");
	/* 2.2.43.1: Signature is at most 16 bytes. */
	if (sig_len > SMB2_RDMA_SIGNATURE_MAX || !rd_ptr(c, sig_len, &p))
		return rd_fail(c, "RDMA_CRYPTO_TRANSFORM.Signature");
	t->signature.p = p;
	t->signature.len = sig_len;
	if (!rd_ptr(c, nonce_len, &p))
		return rd_fail(c, "RDMA_CRYPTO_TRANSFORM.Nonce");
	t->nonce.p = p;
	t->nonce.len = nonce_len;
	/* 2.2.43.1 Padding: optional, up to the next 8-byte boundary; a
	 * transform that ends the buffer may omit it. */
	if (!rd_align(c, 8))
		c->pos = c->len;
	return STATUS_SUCCESS;
}

NTSTATUS smb2_rdma_transform_decode(const struct smb2_blob *b, struct smb2_rdma_transform *out)
{
	struct smb2_rdma_transform t;
	struct rd c;
	uint16_t desc_off = 0, desc_len = 0;
	NTSTATUS st;

	rd_init(&c, b->p, b->len);
	if (rd_left(&c) < SMB2_RDMA_TRANSFORM_SIZE)
		return rd_fail(&c, "RDMA_TRANSFORM");
	/* MS-SMB2 2.2.43: RdmaDescriptorOffset, RdmaDescriptorLength,
	 * Channel, TransformCount, Reserved1, Reserved2. */
	(void)!rd_u16(&c, &desc_off);
	(void)!rd_u16(&c, &desc_len);
	(void)!rd_u32(&c, &t.channel);
	(void)!rd_u16(&c, &t.transform_count);
	(void)!rd_skip(&c, 6);
	/* 2.2.43 TransformCount: "MUST be greater than 0". */
	if (t.transform_count == 0 || t.transform_count > SMB2_MAX_RDMA_TRANSFORMS)
		return rd_fail(&c, "RDMA_TRANSFORM.TransformCount");
	for (uint16_t i = 0; i < t.transform_count; i++) {
		st = crypto_transform_read(&c, &t.t[i]);
		if (st)
			return st;
	}
	for (uint16_t i = t.transform_count; i < SMB2_MAX_RDMA_TRANSFORMS; i++)
		t.t[i] = (struct smb2_rdma_crypto_transform){ 0, { NULL, 0 }, { NULL, 0 } };
	t.descs.count = 0;
	switch (t.channel) {
	case SMB2_CHANNEL_NONE:
		/* 2.2.43 Channel NONE: offset and length are ignored. */
		break;
	case SMB2_CHANNEL_RDMA_V1:
	case SMB2_CHANNEL_RDMA_V1_INVALIDATE: {
		struct rd d;
		/* The descriptors may not overlap the fixed part or the
		 * transforms before them. */
		if (desc_off < c.pos || !rd_sub(&c, desc_off, desc_len, &d))
			return rd_fail(&c, "RDMA_TRANSFORM.RdmaDescriptorOffset");
		st = desc_read(&d, desc_len, &t.descs);
		if (st)
			return rd_fail(&c, "RDMA_TRANSFORM.RdmaDescriptorLength");
		break;
	}
	default:
		return rd_fail(&c, "RDMA_TRANSFORM.Channel");
	}
	*out = t;
	return STATUS_SUCCESS;
}

NTSTATUS smb2_rdma_transform_encode(struct wr *w, const struct smb2_rdma_transform *in)
{
	size_t start = w->len;
	NTSTATUS st;

	if (in->transform_count == 0 || in->transform_count > SMB2_MAX_RDMA_TRANSFORMS)
		return STATUS_INVALID_PARAMETER;
	wr_u16(w, 0); /* RdmaDescriptorOffset, patched below */
	wr_u16(w, 0); /* RdmaDescriptorLength */
	wr_u32(w, in->channel);
	wr_u16(w, in->transform_count);
	wr_zero(w, 6);
	for (uint16_t i = 0; i < in->transform_count; i++) {
		const struct smb2_rdma_crypto_transform *t = &in->t[i];

		if (t->signature.len > SMB2_RDMA_SIGNATURE_MAX || t->nonce.len > UINT16_MAX)
			return STATUS_INVALID_PARAMETER;
		wr_u16(w, t->type);
		wr_u16(w, (uint16_t)t->signature.len);
		wr_u16(w, (uint16_t)t->nonce.len);
		wr_u16(w, 0);
		wr_bytes(w, t->signature.p, t->signature.len);
		wr_bytes(w, t->nonce.p, t->nonce.len);
		/* 2.2.43.1 Padding: 8-aligned from the structure start. */
		wr_zero(w, (8 - ((w->len - start) & 7)) & 7);
	}
	if (in->channel == SMB2_CHANNEL_RDMA_V1 ||
	    in->channel == SMB2_CHANNEL_RDMA_V1_INVALIDATE) {
		size_t off = w->len - start;
		size_t len = (size_t)in->descs.count * SMBD_BUFFER_DESCRIPTOR_V1_SIZE;

		if (off > UINT16_MAX || len > UINT16_MAX)
			return STATUS_INVALID_PARAMETER;
		st = smb2_rdma_desc_encode(w, &in->descs);
		if (st)
			return st;
		wr_put_u16_at(w, start, (uint16_t)off);
		wr_put_u16_at(w, start + 2, (uint16_t)len);
	}
	return wr_status(w);
}

NTSTATUS smb2_channel_info_decode(uint32_t channel, const struct smb2_blob *b,
                                  struct smb2_channel_info *out)
{
	struct smb2_channel_info ci;
	NTSTATUS st = STATUS_SUCCESS;

	memset(&ci, 0, sizeof(ci));
	switch (channel) {
	case SMB2_CHANNEL_RDMA_V1:
	case SMB2_CHANNEL_RDMA_V1_INVALIDATE:
		st = smb2_rdma_desc_decode(b, &ci.descs);
		break;
	case SMB2_CHANNEL_RDMA_TRANSFORM:
		st = smb2_rdma_transform_decode(b, &ci.transform);
		break;
	default:
		break;
	}
	if (st)
		return st;
	*out = ci;
	return STATUS_SUCCESS;
}

NTSTATUS smb2_channel_info_encode(struct wr *w, uint32_t channel,
                                  const struct smb2_channel_info *in)
{
	switch (channel) {
	case SMB2_CHANNEL_RDMA_V1:
	case SMB2_CHANNEL_RDMA_V1_INVALIDATE:
		return smb2_rdma_desc_encode(w, &in->descs);
	case SMB2_CHANNEL_RDMA_TRANSFORM:
		return smb2_rdma_transform_encode(w, &in->transform);
	default:
		return wr_status(w);
	}
}

NTSTATUS smb2_channel_info_put(struct wr *w, size_t off_pos, uint32_t channel,
                               const struct smb2_blob *raw,
                               const struct smb2_channel_info *rdma)
{
	size_t start, off;
	NTSTATUS st;

	if (raw->len) {
		wr_buf16_u16(w, off_pos, off_pos + 2, raw->p, raw->len);
		return STATUS_SUCCESS;
	}
	if (!smb2_channel_is_rdma(channel))
		return STATUS_SUCCESS;
	start = w->len;
	off = wr_off(w);
	st = smb2_channel_info_encode(w, channel, rdma);
	if (st)
		return st;
	if (off > UINT16_MAX || w->len - start > UINT16_MAX)
		return STATUS_INVALID_PARAMETER;
	wr_put_u16_at(w, off_pos, (uint16_t)off);
	wr_put_u16_at(w, off_pos + 2, (uint16_t)(w->len - start));
	return STATUS_SUCCESS;
}
