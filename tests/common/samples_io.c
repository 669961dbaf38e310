/* Samples: CLOSE, READ and WRITE (MS-SMB2 2.2.15-2.2.16, 2.2.19-2.2.22). */
#include "samples_int.h"
#include "wire/close.h"
#include "wire/read.h"
#include "wire/write.h"

static const uint8_t payload[] = "smbsim sample payload: forty-odd bytes.\n";

static NTSTATUS close_req(struct wr *w, struct smb2_hdr *h, struct sample_info *info)
{
	struct smb2_close_req r = { SMB2_CLOSE_FLAG_POSTQUERY_ATTRIB, sample_fid };
	NTSTATUS st = sample_begin(w, h, info);

	if (st)
		return st;
	sample_file_id(info, &r.file_id);
	return smb2_close_req_encode(w, &r);
}

static NTSTATUS close_rsp(struct wr *w, struct smb2_hdr *h, struct sample_info *info)
{
	struct smb2_close_rsp r = {
		.flags = SMB2_CLOSE_FLAG_POSTQUERY_ATTRIB,
		.creation_time = UINT64_C(133000000000000000),
		.last_access_time = UINT64_C(133000000010000000),
		.last_write_time = UINT64_C(133000000020000000),
		.change_time = UINT64_C(133000000030000000),
		.allocation_size = 4096,
		.end_of_file = sizeof(payload) - 1,
		.file_attributes = 0x20, /* FILE_ATTRIBUTE_ARCHIVE */
	};
	NTSTATUS st = sample_begin(w, h, info);

	return st ? st : smb2_close_rsp_encode(w, &r);
}

static NTSTATUS read_req(struct wr *w, struct smb2_hdr *h, struct sample_info *info)
{
	struct smb2_read_req r = {
		.length = 65536, .offset = 0, .file_id = sample_fid,
		.minimum_count = 1, .channel = SMB2_CHANNEL_NONE,
	};
	NTSTATUS st = sample_begin(w, h, info);

	if (st)
		return st;
	sample_file_id(info, &r.file_id);
	return smb2_read_req_encode(w, &r);
}

static NTSTATUS read_rsp(struct wr *w, struct smb2_hdr *h, struct sample_info *info)
{
	struct smb2_read_rsp r = { .data = { payload, sizeof(payload) - 1 } };
	NTSTATUS st = sample_begin(w, h, info);

	return st ? st : smb2_read_rsp_encode(w, &r);
}

/* READ over SMB Direct: one buffer descriptor (MS-SMB2 2.2.19 Channel). */
static NTSTATUS read_req_rdma(struct wr *w, struct smb2_hdr *h, struct sample_info *info)
{
	struct smb2_read_req r = {
		.flags = SMB2_READFLAG_READ_UNBUFFERED,
		.length = 1048576, .offset = 1048576, .file_id = sample_fid,
		.channel = SMB2_CHANNEL_RDMA_V1_INVALIDATE,
		.rdma.descs = { 1, { { UINT64_C(0x7f0000001000), 0x1234, 1048576 } } },
	};
	NTSTATUS st = sample_begin(w, h, info);

	if (st)
		return st;
	sample_file_id(info, &r.file_id);
	return smb2_read_req_encode(w, &r);
}

/* The data went over RDMA: DataLength 0, DataRemaining the bytes written
 * (MS-SMB2 3.3.5.12). */
static NTSTATUS read_rsp_rdma(struct wr *w, struct smb2_hdr *h, struct sample_info *info)
{
	struct smb2_read_rsp r = { .data_remaining = 1048576 };
	NTSTATUS st = sample_begin(w, h, info);

	return st ? st : smb2_read_rsp_encode(w, &r);
}

static NTSTATUS write_req(struct wr *w, struct smb2_hdr *h, struct sample_info *info)
{
	struct smb2_write_req r = {
		.offset = 0, .file_id = sample_fid, .channel = SMB2_CHANNEL_NONE,
		.flags = SMB2_WRITEFLAG_WRITE_THROUGH,
		.data = { payload, sizeof(payload) - 1 },
	};
	NTSTATUS st = sample_begin(w, h, info);

	if (st)
		return st;
	sample_file_id(info, &r.file_id);
	return smb2_write_req_encode(w, &r);
}

static NTSTATUS write_rsp(struct wr *w, struct smb2_hdr *h, struct sample_info *info)
{
	struct smb2_write_rsp r = { .count = sizeof(payload) - 1 };
	NTSTATUS st = sample_begin(w, h, info);

	return st ? st : smb2_write_rsp_encode(w, &r);
}

/* WRITE over SMB Direct: no inline data, RemainingBytes the total. */
static NTSTATUS write_req_rdma(struct wr *w, struct smb2_hdr *h, struct sample_info *info)
{
	struct smb2_write_req r = {
		.offset = 65536, .file_id = sample_fid, .channel = SMB2_CHANNEL_RDMA_V1,
		.remaining_bytes = 262144,
		.rdma.descs = { 2, { { UINT64_C(0x7f0000100000), 0x55, 131072 },
		                     { UINT64_C(0x7f0000200000), 0x56, 131072 } } },
	};
	NTSTATUS st = sample_begin(w, h, info);

	if (st)
		return st;
	sample_file_id(info, &r.file_id);
	return smb2_write_req_encode(w, &r);
}

static NTSTATUS write_rsp_rdma(struct wr *w, struct smb2_hdr *h, struct sample_info *info)
{
	struct smb2_write_rsp r = { .count = 262144 };
	NTSTATUS st = sample_begin(w, h, info);

	return st ? st : smb2_write_rsp_encode(w, &r);
}

const struct sample_entry samples_io[] = {
	{ "READ request", SMB2_READ, false, read_req },
	{ "READ response", SMB2_READ, true, read_rsp },
	{ "READ request RDMA_V1_INVALIDATE", SMB2_READ, false, read_req_rdma },
	{ "READ response RDMA (DataRemaining)", SMB2_READ, true, read_rsp_rdma },
	{ "WRITE request", SMB2_WRITE, false, write_req },
	{ "WRITE response", SMB2_WRITE, true, write_rsp },
	{ "WRITE request RDMA_V1", SMB2_WRITE, false, write_req_rdma },
	{ "WRITE response RDMA", SMB2_WRITE, true, write_rsp_rdma },
	{ "CLOSE request", SMB2_CLOSE, false, close_req },
	{ "CLOSE response", SMB2_CLOSE, true, close_rsp },
};
const size_t samples_io_count = sizeof(samples_io) / sizeof(samples_io[0]);
