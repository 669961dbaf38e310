/* Server-side copy payloads: SRV_REQUEST_RESUME_KEY response (MS-SMB2
 * 2.2.32.3), SRV_COPYCHUNK(_WRITE) request and response (2.2.31.1,
 * 2.2.31.1.1, 2.2.32.1). */
#include "wire/fsctl.h"

/* ResumeKey 24, ContextLength u32 */
#define RESUME_KEY_HEAD 28
/* ChunksWritten, ChunkBytesWritten, TotalBytesWritten */
#define COPYCHUNK_RSP_SIZE 12

NTSTATUS smb2_resume_key_rsp_decode(const struct smb2_blob *b, struct smb2_resume_key_rsp *out)
{
	struct smb2_resume_key_rsp r;
	struct rd c;
	uint32_t ctx_len = 0;
	const uint8_t *p;

	rd_init(&c, b->p, b->len);
	if (rd_left(&c) < RESUME_KEY_HEAD)
		return rd_fail(&c, "SRV_REQUEST_RESUME_KEY response");
	(void)!rd_bytes(&c, r.resume_key, sizeof(r.resume_key));
	(void)!rd_u32(&c, &ctx_len);
	/* 2.2.32.3 Context: ContextLength bytes follow. */
	if (!rd_ptr(&c, ctx_len, &p))
		return rd_fail(&c, "SRV_REQUEST_RESUME_KEY.ContextLength");
	r.context.p = p;
	r.context.len = ctx_len;
	*out = r;
	return STATUS_SUCCESS;
}

NTSTATUS smb2_resume_key_rsp_encode(struct wr *w, const struct smb2_resume_key_rsp *in)
{
	wr_bytes(w, in->resume_key, sizeof(in->resume_key));
	wr_u32(w, in->context.len);
	wr_bytes(w, in->context.p, in->context.len);
	return wr_status(w);
}

NTSTATUS smb2_copychunk_req_decode(const struct smb2_blob *b, struct smb2_copychunk_req *out)
{
	struct smb2_copychunk_req r;
	struct rd c;

	rd_init(&c, b->p, b->len);
	if (rd_left(&c) < SMB2_SRV_COPYCHUNK_COPY_HEAD)
		return rd_fail(&c, "SRV_COPYCHUNK_COPY");
	(void)!rd_bytes(&c, r.source_key, sizeof(r.source_key));
	(void)!rd_u32(&c, &r.chunk_count);
	(void)!rd_skip(&c, 4);
	/* 2.2.31.1 ChunkCount; 3.3.5.15.6: more chunks than the server
	 * allows, or an InputCount too small for them, is
	 * STATUS_INVALID_PARAMETER.  ChunkCount * 24 in 64 bits. */
	if (r.chunk_count > SMB2_MAX_COPYCHUNK_CHUNKS ||
	    (uint64_t)r.chunk_count * SMB2_SRV_COPYCHUNK_SIZE > rd_left(&c)) {
		c.pos -= 8;
		return rd_fail(&c, "SRV_COPYCHUNK_COPY.ChunkCount");
	}
	for (uint32_t i = 0; i < r.chunk_count; i++) {
		/* 2.2.31.1.1 SRV_COPYCHUNK */
		(void)!rd_u64(&c, &r.chunks[i].source_offset);
		(void)!rd_u64(&c, &r.chunks[i].target_offset);
		(void)!rd_u32(&c, &r.chunks[i].length);
		(void)!rd_skip(&c, 4);
	}
	for (uint32_t i = r.chunk_count; i < SMB2_MAX_COPYCHUNK_CHUNKS; i++)
		r.chunks[i] = (struct smb2_copychunk){ 0, 0, 0 };
	*out = r;
	return STATUS_SUCCESS;
}

NTSTATUS smb2_copychunk_req_encode(struct wr *w, const struct smb2_copychunk_req *in)
{
	if (in->chunk_count > SMB2_MAX_COPYCHUNK_CHUNKS)
		return STATUS_INVALID_PARAMETER;
	wr_bytes(w, in->source_key, sizeof(in->source_key));
	wr_u32(w, in->chunk_count);
	wr_u32(w, 0);
	for (uint32_t i = 0; i < in->chunk_count; i++) {
		wr_u64(w, in->chunks[i].source_offset);
		wr_u64(w, in->chunks[i].target_offset);
		wr_u32(w, in->chunks[i].length);
		wr_u32(w, 0);
	}
	return wr_status(w);
}

NTSTATUS smb2_copychunk_rsp_decode(const struct smb2_blob *b, struct smb2_copychunk_rsp *out)
{
	struct smb2_copychunk_rsp r;
	struct rd c;

	rd_init(&c, b->p, b->len);
	if (rd_left(&c) < COPYCHUNK_RSP_SIZE)
		return rd_fail(&c, "SRV_COPYCHUNK_RESPONSE");
	(void)!rd_u32(&c, &r.chunks_written);
	(void)!rd_u32(&c, &r.chunk_bytes_written);
	(void)!rd_u32(&c, &r.total_bytes_written);
	*out = r;
	return STATUS_SUCCESS;
}

NTSTATUS smb2_copychunk_rsp_encode(struct wr *w, const struct smb2_copychunk_rsp *in)
{
	wr_u32(w, in->chunks_written);
	wr_u32(w, in->chunk_bytes_written);
	wr_u32(w, in->total_bytes_written);
	return wr_status(w);
}
