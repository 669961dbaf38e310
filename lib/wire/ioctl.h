/*
 * SMB2 IOCTL request and response (MS-SMB2 2.2.31, 2.2.32) and the control
 * codes smbsim knows.  The FSCTL payloads carried in the input and output
 * buffers are decoded by wire/fsctl.h.
 */
#ifndef SMBSIM_WIRE_IOCTL_H
#define SMBSIM_WIRE_IOCTL_H

#include "wire/cursor.h"
#include "wire/smb2.h"

/* MS-SMB2 2.2.31 CtlCode: the codes with SMB2-specific processing */
#define FSCTL_DFS_GET_REFERRALS 0x00060194u
#define FSCTL_PIPE_PEEK 0x0011400Cu
#define FSCTL_PIPE_WAIT 0x00110018u
#define FSCTL_PIPE_TRANSCEIVE 0x0011C017u
#define FSCTL_SRV_COPYCHUNK 0x001440F2u
#define FSCTL_SRV_ENUMERATE_SNAPSHOTS 0x00144064u
#define FSCTL_SRV_REQUEST_RESUME_KEY 0x00140078u
#define FSCTL_SRV_READ_HASH 0x001441BBu
#define FSCTL_SRV_COPYCHUNK_WRITE 0x001480F2u
#define FSCTL_LMR_REQUEST_RESILIENCY 0x001401D4u
#define FSCTL_QUERY_NETWORK_INTERFACE_INFO 0x001401FCu
#define FSCTL_SET_REPARSE_POINT 0x000900A4u
#define FSCTL_DFS_GET_REFERRALS_EX 0x000601B0u
#define FSCTL_FILE_LEVEL_TRIM 0x00098208u
#define FSCTL_VALIDATE_NEGOTIATE_INFO 0x00140204u

/* MS-FSCC 2.3: file system controls passed through to the object store
 * (values are CTL_CODE(FILE_DEVICE_FILE_SYSTEM, function, method, access)) */
#define FSCTL_GET_REPARSE_POINT 0x000900A8u
#define FSCTL_CREATE_OR_GET_OBJECT_ID 0x000900C0u
#define FSCTL_SET_SPARSE 0x000900C4u
#define FSCTL_SET_ZERO_DATA 0x000980C8u
#define FSCTL_QUERY_ALLOCATED_RANGES 0x000940CFu
#define FSCTL_DUPLICATE_EXTENTS_TO_FILE 0x00098344u

/* MS-SMB2 2.2.31: Flags */
#define SMB2_0_IOCTL_IS_FSCTL 0x00000001u

/* Where the encoders put the buffers: right after the fixed part. */
#define SMB2_IOCTL_REQ_BUFFER_OFFSET 120 /* 64 + 56 */
#define SMB2_IOCTL_RSP_BUFFER_OFFSET 112 /* 64 + 48 */

/*
 * Input and output buffers are resolved with 64-bit arithmetic, may not
 * overlap the fixed part or each other (a zero-length buffer overlaps
 * nothing, whatever its offset: peers point empty buffers anywhere).  The
 * encoders place the input right after the fixed part and the output at
 * InputOffset + InputCount rounded up to a multiple of 8 (2.2.32
 * OutputOffset), which is also where Windows points empty buffers.
 */
struct smb2_ioctl_req {
	uint32_t ctl_code;
	struct smb2_fileid file_id;
	uint32_t max_input_response;
	uint32_t max_output_response;
	uint32_t flags;            /* SMB2_0_IOCTL_IS_FSCTL */
	struct smb2_blob input;
	struct smb2_blob output;   /* 2.2.31: normally empty */
};

struct smb2_ioctl_rsp {
	uint32_t ctl_code;
	struct smb2_fileid file_id;
	uint32_t flags;            /* 2.2.32: reserved, 0 */
	struct smb2_blob input;    /* 2.2.32: normally empty */
	struct smb2_blob output;
};

WUR NTSTATUS smb2_ioctl_req_decode(struct rd *c, struct smb2_ioctl_req *out);
NTSTATUS smb2_ioctl_req_encode(struct wr *w, const struct smb2_ioctl_req *in);
WUR NTSTATUS smb2_ioctl_rsp_decode(struct rd *c, struct smb2_ioctl_rsp *out);
NTSTATUS smb2_ioctl_rsp_encode(struct wr *w, const struct smb2_ioctl_rsp *in);

/* "PIPE_TRANSCEIVE", "SRV_COPYCHUNK", ... or NULL for a code not above. */
const char *smb2_fsctl_name(uint32_t ctl_code);

#endif
