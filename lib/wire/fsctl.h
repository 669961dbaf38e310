/*
 * FSCTL payloads carried in SMB2 IOCTL input and output buffers (MS-SMB2
 * 2.2.31.x requests, 2.2.32.x responses).
 *
 * Every function works on a blob (the IOCTL input or output buffer as the
 * IOCTL decoder resolved it) with its own bounded cursor; trailing bytes
 * after a payload are allowed (InputCount/OutputCount may exceed it).
 * Decoders write *out only on success.  Encoders append to a writer whose
 * contents the caller then passes as the IOCTL buffer.
 *
 * FSCTL_PIPE_TRANSCEIVE has no payload structure: the input is the bytes
 * written to the pipe and the output the bytes read back (MS-SMB2
 * 3.3.5.15.1), so callers use the IOCTL input and output blobs as they are.
 */
#ifndef SMBSIM_WIRE_FSCTL_H
#define SMBSIM_WIRE_FSCTL_H

#include "wire/cursor.h"
#include "wire/limits.h"
#include "wire/smb2.h"

/* ---- FSCTL_VALIDATE_NEGOTIATE_INFO (2.2.31.4, 2.2.32.6) ------------- */

struct smb2_validate_negotiate_req {
	uint32_t capabilities;
	uint8_t guid[16];          /* the client's ClientGuid */
	uint16_t security_mode;
	uint16_t dialect_count;    /* 0..SMB2_MAX_DIALECTS */
	uint16_t dialects[SMB2_MAX_DIALECTS];
};

struct smb2_validate_negotiate_rsp {
	uint32_t capabilities;
	uint8_t guid[16];          /* the server's ServerGuid */
	uint16_t security_mode;
	uint16_t dialect;
};

WUR NTSTATUS smb2_validate_negotiate_req_decode(const struct smb2_blob *b,
                                                struct smb2_validate_negotiate_req *out);
NTSTATUS smb2_validate_negotiate_req_encode(struct wr *w,
                                            const struct smb2_validate_negotiate_req *in);
WUR NTSTATUS smb2_validate_negotiate_rsp_decode(const struct smb2_blob *b,
                                                struct smb2_validate_negotiate_rsp *out);
NTSTATUS smb2_validate_negotiate_rsp_encode(struct wr *w,
                                            const struct smb2_validate_negotiate_rsp *in);

/* ---- FSCTL_QUERY_NETWORK_INTERFACE_INFO (2.2.32.5) ------------------ */

/* 2.2.32.5 Capability */
#define SMB2_NIC_RSS_CAPABLE 0x00000001u
#define SMB2_NIC_RDMA_CAPABLE 0x00000002u

/* 2.2.32.5.1 SockAddr_Storage Family */
#define SMB2_SOCKADDR_INET 0x0002
#define SMB2_SOCKADDR_INET6 0x0017

/* Next, IfIndex, Capability, Reserved, LinkSpeed, SockAddr_Storage (128) */
#define SMB2_NETWORK_INTERFACE_INFO_SIZE 152
#define SMB2_SOCKADDR_STORAGE_SIZE 128

struct smb2_net_iface {
	uint32_t if_index;
	uint32_t capability;       /* SMB2_NIC_* */
	uint64_t link_speed;       /* bits per second */
	uint16_t family;           /* SMB2_SOCKADDR_INET or _INET6 */
	uint16_t port;             /* network order on the wire; MUST be 0 */
	uint8_t addr[16];          /* 4 bytes for IPv4, network order */
	uint32_t flow_info;        /* IPv6 only; MUST be 0 */
	uint32_t scope_id;         /* IPv6 only; MUST be 0 */
};

struct smb2_net_iface_list {
	uint32_t count;            /* 0..SMB2_MAX_NET_INTERFACES */
	struct smb2_net_iface ifs[SMB2_MAX_NET_INTERFACES];
};

/*
 * The NETWORK_INTERFACE_INFO chain.  Next is 0 on the last entry; else it
 * is a multiple of 8 and at least one entry long (the chain only moves
 * forward, so it cannot loop), and the next entry must fit.  An empty
 * buffer is an empty list.
 */
WUR NTSTATUS smb2_net_iface_list_decode(const struct smb2_blob *b,
                                        struct smb2_net_iface_list *out);
NTSTATUS smb2_net_iface_list_encode(struct wr *w, const struct smb2_net_iface_list *in);

/* ---- FSCTL_SRV_REQUEST_RESUME_KEY (2.2.32.3) ------------------------ */

#define SMB2_RESUME_KEY_SIZE 24

struct smb2_resume_key_rsp {
	uint8_t resume_key[SMB2_RESUME_KEY_SIZE];
	struct smb2_blob context;  /* ContextLength bytes, normally none */
};

WUR NTSTATUS smb2_resume_key_rsp_decode(const struct smb2_blob *b,
                                        struct smb2_resume_key_rsp *out);
NTSTATUS smb2_resume_key_rsp_encode(struct wr *w, const struct smb2_resume_key_rsp *in);

/* ---- FSCTL_SRV_COPYCHUNK / _WRITE (2.2.31.1, 2.2.32.1) -------------- */

/* SourceOffset u64, TargetOffset u64, Length u32, Reserved u32 */
#define SMB2_SRV_COPYCHUNK_SIZE 24
/* SourceKey 24, ChunkCount u32, Reserved u32 */
#define SMB2_SRV_COPYCHUNK_COPY_HEAD 32

struct smb2_copychunk {
	uint64_t source_offset;
	uint64_t target_offset;
	uint32_t length;
};

struct smb2_copychunk_req {
	uint8_t source_key[SMB2_RESUME_KEY_SIZE];
	uint32_t chunk_count;      /* 0..SMB2_MAX_COPYCHUNK_CHUNKS */
	struct smb2_copychunk chunks[SMB2_MAX_COPYCHUNK_CHUNKS];
};

/* 2.2.32.1 SRV_COPYCHUNK_RESPONSE (on STATUS_INVALID_PARAMETER the three
 * fields carry the server's limits instead, 3.3.5.15.6) */
struct smb2_copychunk_rsp {
	uint32_t chunks_written;
	uint32_t chunk_bytes_written;
	uint32_t total_bytes_written;
};

/* ChunkCount past SMB2_MAX_COPYCHUNK_CHUNKS, or ChunkCount * 24 (64-bit)
 * past the buffer, is STATUS_INVALID_PARAMETER. */
WUR NTSTATUS smb2_copychunk_req_decode(const struct smb2_blob *b,
                                       struct smb2_copychunk_req *out);
NTSTATUS smb2_copychunk_req_encode(struct wr *w, const struct smb2_copychunk_req *in);
WUR NTSTATUS smb2_copychunk_rsp_decode(const struct smb2_blob *b,
                                       struct smb2_copychunk_rsp *out);
NTSTATUS smb2_copychunk_rsp_encode(struct wr *w, const struct smb2_copychunk_rsp *in);

/* ---- FSCTL_LMR_REQUEST_RESILIENCY (2.2.31.3) ------------------------ */

struct smb2_resiliency_req {
	uint32_t timeout;          /* milliseconds */
};

WUR NTSTATUS smb2_resiliency_req_decode(const struct smb2_blob *b,
                                        struct smb2_resiliency_req *out);
NTSTATUS smb2_resiliency_req_encode(struct wr *w, const struct smb2_resiliency_req *in);

#endif
