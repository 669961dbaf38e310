/* Samples: IOCTL with each FSCTL payload smbsim encodes (MS-SMB2 2.2.31.x,
 * 2.2.32.x): VALIDATE_NEGOTIATE_INFO, QUERY_NETWORK_INTERFACE_INFO,
 * PIPE_TRANSCEIVE, SRV_COPYCHUNK and SRV_COPYCHUNK_WRITE. */
#include <string.h>

#include "samples_int.h"
#include "wire/fsctl.h"
#include "wire/ioctl.h"

/* MS-SMB2 2.2.31.4: IOCTLs not tied to a file use FileId all ones. */
static const struct smb2_fileid no_file = { UINT64_MAX, UINT64_MAX };
static const uint8_t guid[16] = { 0x5a, 0x11, 0x0c, 0x1e, 0x47, 0x55, 0x49, 0x44,
                                  0x73, 0x6d, 0x62, 0x73, 0x69, 0x6d, 0x00, 0x01 };
/* A DCE/RPC bind would go here; any bytes do for the pipe. */
static const uint8_t pipe_in[] = { 5, 0, 0, 3, 0x10, 0, 0, 0, 24, 0, 0, 0, 1, 0, 0, 0,
                                   0, 0, 0, 0, 0, 0, 0, 0 };
static const uint8_t pipe_out[] = { 5, 0, 2, 3, 0x10, 0, 0, 0, 24, 0, 0, 0, 1, 0, 0, 0,
                                    0, 0, 0, 0, 0, 0, 0, 0 };

/* Encode the payload into scratch, then the IOCTL around it. */
typedef NTSTATUS (*payload_fn)(struct wr *w);

static NTSTATUS ioctl(struct wr *w, struct smb2_hdr *h, struct sample_info *info,
                      uint32_t code, const struct smb2_fileid *fid, payload_fn payload,
                      const uint8_t *raw, uint32_t raw_len)
{
	struct wr p;
	NTSTATUS st;

	wr_init(&p, 0);
	st = payload ? payload(&p) : STATUS_SUCCESS;
	if (!st)
		st = sample_begin(w, h, info);
	if (!st) {
		struct smb2_blob b = payload ? (struct smb2_blob){ p.buf, (uint32_t)p.len }
		                             : (struct smb2_blob){ raw, raw_len };

		sample_file_id(info, fid);
		sample_expect(info, "smb2.ioctl.function", "0x%08x", code);
		if (smb2_hdr_is_response(h)) {
			struct smb2_ioctl_rsp r = { .ctl_code = code, .file_id = *fid, .output = b };

			st = smb2_ioctl_rsp_encode(w, &r);
		} else {
			struct smb2_ioctl_req r = { .ctl_code = code, .file_id = *fid,
				                    .max_output_response = 65536,
				                    .flags = SMB2_0_IOCTL_IS_FSCTL, .input = b };

			st = smb2_ioctl_req_encode(w, &r);
		}
	}
	wr_free(&p);
	return st;
}

static NTSTATUS vni_req_payload(struct wr *w)
{
	struct smb2_validate_negotiate_req r = {
		.capabilities = SMB2_GLOBAL_CAP_DFS | SMB2_GLOBAL_CAP_LEASING,
		.security_mode = SMB2_NEGOTIATE_SIGNING_ENABLED, .dialect_count = 4,
		.dialects = { SMB2_DIALECT_202, SMB2_DIALECT_210, SMB2_DIALECT_300, SMB2_DIALECT_302 },
	};

	memcpy(r.guid, guid, 16);
	return smb2_validate_negotiate_req_encode(w, &r);
}

static NTSTATUS vni_rsp_payload(struct wr *w)
{
	struct smb2_validate_negotiate_rsp r = {
		.capabilities = SMB2_GLOBAL_CAP_DFS, .security_mode = SMB2_NEGOTIATE_SIGNING_ENABLED,
		.dialect = SMB2_DIALECT_302,
	};

	memcpy(r.guid, guid, 16);
	r.guid[15] = 2;
	return smb2_validate_negotiate_rsp_encode(w, &r);
}

static NTSTATUS netif_payload(struct wr *w)
{
	static struct smb2_net_iface_list l;

	memset(&l, 0, sizeof(l));
	l.count = 2;
	l.ifs[0] = (struct smb2_net_iface){ .if_index = 3, .capability = SMB2_NIC_RSS_CAPABLE,
	                                    .link_speed = UINT64_C(10000000000),
	                                    .family = SMB2_SOCKADDR_INET,
	                                    .addr = { 10, 0, 0, 2 } };
	l.ifs[1] = (struct smb2_net_iface){ .if_index = 3, .capability = SMB2_NIC_RDMA_CAPABLE,
	                                    .link_speed = UINT64_C(25000000000),
	                                    .family = SMB2_SOCKADDR_INET6,
	                                    .addr = { 0xfe, 0x80, [15] = 2 } };
	return smb2_net_iface_list_encode(w, &l);
}

static NTSTATUS copychunk_payload(struct wr *w)
{
	static struct smb2_copychunk_req r;
	uint32_t k;

	memset(&r, 0, sizeof(r));
	r.source_key[0] = 0x2d;
	r.source_key[1] = 0x0b;
	r.chunk_count = 3;
	for (k = 0; k < r.chunk_count; k++)
		r.chunks[k] = (struct smb2_copychunk){ k * 1048576u, 4096 + k * 1048576u, 1048576 };
	return smb2_copychunk_req_encode(w, &r);
}

static NTSTATUS copychunk_rsp_payload(struct wr *w)
{
	struct smb2_copychunk_rsp r = { 3, 1048576, 3145728 };

	return smb2_copychunk_rsp_encode(w, &r);
}

static NTSTATUS vni_req(struct wr *w, struct smb2_hdr *h, struct sample_info *i)
{
	return ioctl(w, h, i, FSCTL_VALIDATE_NEGOTIATE_INFO, &no_file, vni_req_payload, NULL, 0);
}

static NTSTATUS vni_rsp(struct wr *w, struct smb2_hdr *h, struct sample_info *i)
{
	return ioctl(w, h, i, FSCTL_VALIDATE_NEGOTIATE_INFO, &no_file, vni_rsp_payload, NULL, 0);
}

static NTSTATUS netif_req(struct wr *w, struct smb2_hdr *h, struct sample_info *i)
{
	return ioctl(w, h, i, FSCTL_QUERY_NETWORK_INTERFACE_INFO, &no_file, NULL, NULL, 0);
}

static NTSTATUS netif_rsp(struct wr *w, struct smb2_hdr *h, struct sample_info *i)
{
	NTSTATUS st = ioctl(w, h, i, FSCTL_QUERY_NETWORK_INTERFACE_INFO, &no_file, netif_payload,
	                    NULL, 0);

	if (!st) {
		sample_expect(i, "smb2.ioctl.network_interfaces.link_speed",
		              "10000000000|25000000000");
		sample_expect(i, "smb2.ioctl.network_interfaces.capabilities.rdma", "0|1");
	}
	return st;
}

static NTSTATUS pipe_req(struct wr *w, struct smb2_hdr *h, struct sample_info *i)
{
	return ioctl(w, h, i, FSCTL_PIPE_TRANSCEIVE, &sample_fid, NULL, pipe_in, sizeof(pipe_in));
}

static NTSTATUS pipe_rsp(struct wr *w, struct smb2_hdr *h, struct sample_info *i)
{
	return ioctl(w, h, i, FSCTL_PIPE_TRANSCEIVE, &sample_fid, NULL, pipe_out,
	             sizeof(pipe_out));
}

static NTSTATUS cc_req(struct wr *w, struct smb2_hdr *h, struct sample_info *i)
{
	return ioctl(w, h, i, FSCTL_SRV_COPYCHUNK, &sample_fid, copychunk_payload, NULL, 0);
}

static NTSTATUS cc_rsp(struct wr *w, struct smb2_hdr *h, struct sample_info *i)
{
	return ioctl(w, h, i, FSCTL_SRV_COPYCHUNK, &sample_fid, copychunk_rsp_payload, NULL, 0);
}

static NTSTATUS ccw_req(struct wr *w, struct smb2_hdr *h, struct sample_info *i)
{
	return ioctl(w, h, i, FSCTL_SRV_COPYCHUNK_WRITE, &sample_fid, copychunk_payload, NULL, 0);
}

static NTSTATUS ccw_rsp(struct wr *w, struct smb2_hdr *h, struct sample_info *i)
{
	return ioctl(w, h, i, FSCTL_SRV_COPYCHUNK_WRITE, &sample_fid, copychunk_rsp_payload,
	             NULL, 0);
}

const struct sample_entry samples_fsctl[] = {
	{ "IOCTL request FSCTL_VALIDATE_NEGOTIATE_INFO", SMB2_IOCTL, false, vni_req },
	{ "IOCTL response FSCTL_VALIDATE_NEGOTIATE_INFO", SMB2_IOCTL, true, vni_rsp },
	{ "IOCTL request FSCTL_QUERY_NETWORK_INTERFACE_INFO", SMB2_IOCTL, false, netif_req },
	{ "IOCTL response FSCTL_QUERY_NETWORK_INTERFACE_INFO IPv4+IPv6", SMB2_IOCTL, true,
	  netif_rsp },
	{ "IOCTL request FSCTL_PIPE_TRANSCEIVE", SMB2_IOCTL, false, pipe_req },
	{ "IOCTL response FSCTL_PIPE_TRANSCEIVE", SMB2_IOCTL, true, pipe_rsp },
	{ "IOCTL request FSCTL_SRV_COPYCHUNK (three chunks)", SMB2_IOCTL, false, cc_req },
	{ "IOCTL response FSCTL_SRV_COPYCHUNK", SMB2_IOCTL, true, cc_rsp },
	{ "IOCTL request FSCTL_SRV_COPYCHUNK_WRITE (three chunks)", SMB2_IOCTL, false, ccw_req },
	{ "IOCTL response FSCTL_SRV_COPYCHUNK_WRITE", SMB2_IOCTL, true, ccw_rsp },
};
const size_t samples_fsctl_count = sizeof(samples_fsctl) / sizeof(samples_fsctl[0]);
