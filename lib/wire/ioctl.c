/* SMB2 IOCTL (MS-SMB2 2.2.31 request, 2.2.32 response). */
#include "wire/ioctl.h"
#include "wire/body.h"

#define IOCTL_REQ_SIZE 57
#define IOCTL_RSP_SIZE 49

static bool blobs_overlap(const struct smb2_blob *a, const struct smb2_blob *b)
{
	if (a->len == 0 || b->len == 0)
		return false;
	return a->p < b->p + b->len && b->p < a->p + a->len;
}

/* Resolve the input and output buffers of either direction. */
static NTSTATUS ioctl_buffers(struct rd *c, uint32_t in_off, uint32_t in_len,
                              uint32_t out_off, uint32_t out_len, uint16_t size,
                              struct smb2_blob *in, struct smb2_blob *out)
{
	NTSTATUS st;

	st = rd_buffer(c, in_off, in_len, smb2_fixed_end(size), 1, "IOCTL.InputOffset", in);
	if (st)
		return st;
	st = rd_buffer(c, out_off, out_len, smb2_fixed_end(size), 1, "IOCTL.OutputOffset", out);
	if (st)
		return st;
	/* 3.3.5.15: the buffers lie inside the message (checked above).
	 * Input and output over the same bytes is smbsim's rule: no peer
	 * sends it, and a handler reading one while writing the other must
	 * not meet aliasing. */
	if (blobs_overlap(in, out))
		return rd_fail(c, "IOCTL.OutputOffset");
	return STATUS_SUCCESS;
}

NTSTATUS smb2_ioctl_req_decode(struct rd *c, struct smb2_ioctl_req *out)
{
	struct smb2_ioctl_req r;
	uint32_t in_off = 0, in_len = 0, out_off = 0, out_len = 0;
	NTSTATUS st = smb2_body_size(c, IOCTL_REQ_SIZE, "IOCTL.StructureSize");

	if (st)
		return st;
	if (rd_left(c) < IOCTL_REQ_SIZE - 1 - 2)
		return rd_fail(c, "IOCTL request body");
	/* Bounded above: every read below succeeds. */
	(void)!rd_skip(c, 2);
	(void)!rd_u32(c, &r.ctl_code);
	(void)!rd_fileid(c, &r.file_id);
	(void)!rd_u32(c, &in_off);
	(void)!rd_u32(c, &in_len);
	(void)!rd_u32(c, &r.max_input_response);
	(void)!rd_u32(c, &out_off);
	(void)!rd_u32(c, &out_len);
	(void)!rd_u32(c, &r.max_output_response);
	(void)!rd_u32(c, &r.flags);
	(void)!rd_skip(c, 4);
	st = ioctl_buffers(c, in_off, in_len, out_off, out_len, IOCTL_REQ_SIZE,
	                   &r.input, &r.output);
	if (st)
		return st;
	*out = r;
	return STATUS_SUCCESS;
}

/* Write input then output (8-aligned) and patch the four fields at pos. */
static void put_buffers(struct wr *w, size_t in_pos, size_t out_pos,
                        const struct smb2_blob *in, const struct smb2_blob *out)
{
	size_t start = w->len;

	/* An empty buffer points where it would be, as Windows does. */
	wr_put_u32_at(w, in_pos, (uint32_t)wr_off(w));
	wr_bytes(w, in->p, in->len);
	wr_put_u32_at(w, in_pos + 4, in->len);
	if (out->len)
		wr_align(w, 8);
	wr_put_u32_at(w, out_pos, (uint32_t)wr_off(w));
	wr_bytes(w, out->p, out->len);
	wr_put_u32_at(w, out_pos + 4, out->len);
	/* StructureSize is odd: one Buffer byte even when both are empty. */
	if (w->len == start)
		wr_u8(w, 0);
}

NTSTATUS smb2_ioctl_req_encode(struct wr *w, const struct smb2_ioctl_req *in)
{
	size_t in_pos, out_pos;

	wr_u16(w, IOCTL_REQ_SIZE);
	wr_u16(w, 0);
	wr_u32(w, in->ctl_code);
	wr_fileid(w, &in->file_id);
	in_pos = w->len;
	wr_u32(w, 0); /* InputOffset */
	wr_u32(w, 0); /* InputCount */
	wr_u32(w, in->max_input_response);
	out_pos = w->len;
	wr_u32(w, 0); /* OutputOffset */
	wr_u32(w, 0); /* OutputCount */
	wr_u32(w, in->max_output_response);
	wr_u32(w, in->flags);
	wr_u32(w, 0);
	put_buffers(w, in_pos, out_pos, &in->input, &in->output);
	return wr_status(w);
}

NTSTATUS smb2_ioctl_rsp_decode(struct rd *c, struct smb2_ioctl_rsp *out)
{
	struct smb2_ioctl_rsp r;
	uint32_t in_off = 0, in_len = 0, out_off = 0, out_len = 0;
	NTSTATUS st = smb2_body_size(c, IOCTL_RSP_SIZE, "IOCTL.StructureSize");

	if (st)
		return st;
	if (rd_left(c) < IOCTL_RSP_SIZE - 1 - 2)
		return rd_fail(c, "IOCTL response body");
	(void)!rd_skip(c, 2);
	(void)!rd_u32(c, &r.ctl_code);
	(void)!rd_fileid(c, &r.file_id);
	(void)!rd_u32(c, &in_off);
	(void)!rd_u32(c, &in_len);
	(void)!rd_u32(c, &out_off);
	(void)!rd_u32(c, &out_len);
	(void)!rd_u32(c, &r.flags);
	(void)!rd_skip(c, 4);
	st = ioctl_buffers(c, in_off, in_len, out_off, out_len, IOCTL_RSP_SIZE,
	                   &r.input, &r.output);
	if (st)
		return st;
	*out = r;
	return STATUS_SUCCESS;
}

NTSTATUS smb2_ioctl_rsp_encode(struct wr *w, const struct smb2_ioctl_rsp *in)
{
	size_t in_pos, out_pos;

	wr_u16(w, IOCTL_RSP_SIZE);
	wr_u16(w, 0);
	wr_u32(w, in->ctl_code);
	wr_fileid(w, &in->file_id);
	in_pos = w->len;
	wr_u32(w, 0); /* InputOffset */
	wr_u32(w, 0); /* InputCount */
	out_pos = w->len;
	wr_u32(w, 0); /* OutputOffset */
	wr_u32(w, 0); /* OutputCount */
	wr_u32(w, in->flags);
	wr_u32(w, 0);
	put_buffers(w, in_pos, out_pos, &in->input, &in->output);
	return wr_status(w);
}

const char *smb2_fsctl_name(uint32_t ctl_code)
{
	switch (ctl_code) {
	case FSCTL_DFS_GET_REFERRALS: return "DFS_GET_REFERRALS";
	case FSCTL_PIPE_PEEK: return "PIPE_PEEK";
	case FSCTL_PIPE_WAIT: return "PIPE_WAIT";
	case FSCTL_PIPE_TRANSCEIVE: return "PIPE_TRANSCEIVE";
	case FSCTL_SRV_COPYCHUNK: return "SRV_COPYCHUNK";
	case FSCTL_SRV_ENUMERATE_SNAPSHOTS: return "SRV_ENUMERATE_SNAPSHOTS";
	case FSCTL_SRV_REQUEST_RESUME_KEY: return "SRV_REQUEST_RESUME_KEY";
	case FSCTL_SRV_READ_HASH: return "SRV_READ_HASH";
	case FSCTL_SRV_COPYCHUNK_WRITE: return "SRV_COPYCHUNK_WRITE";
	case FSCTL_LMR_REQUEST_RESILIENCY: return "LMR_REQUEST_RESILIENCY";
	case FSCTL_QUERY_NETWORK_INTERFACE_INFO: return "QUERY_NETWORK_INTERFACE_INFO";
	case FSCTL_SET_REPARSE_POINT: return "SET_REPARSE_POINT";
	case FSCTL_DFS_GET_REFERRALS_EX: return "DFS_GET_REFERRALS_EX";
	case FSCTL_FILE_LEVEL_TRIM: return "FILE_LEVEL_TRIM";
	case FSCTL_VALIDATE_NEGOTIATE_INFO: return "VALIDATE_NEGOTIATE_INFO";
	case FSCTL_GET_REPARSE_POINT: return "GET_REPARSE_POINT";
	case FSCTL_CREATE_OR_GET_OBJECT_ID: return "CREATE_OR_GET_OBJECT_ID";
	case FSCTL_SET_SPARSE: return "SET_SPARSE";
	case FSCTL_SET_ZERO_DATA: return "SET_ZERO_DATA";
	case FSCTL_QUERY_ALLOCATED_RANGES: return "QUERY_ALLOCATED_RANGES";
	case FSCTL_DUPLICATE_EXTENTS_TO_FILE: return "DUPLICATE_EXTENTS_TO_FILE";
	default: return NULL;
	}
}
