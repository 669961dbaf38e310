/*
 * SMB2 create contexts (MS-SMB2 2.2.13.2 request values, 2.2.14.2 response
 * values): the chain of SMB2_CREATE_CONTEXT structures carried by CREATE,
 * and the known contexts parsed by name.
 *
 * A context list is decoded from the CreateContexts buffer of a CREATE
 * request or response (the direction matters: DHnQ, MxAc, QFid and DH2Q have
 * different data in each).  Every context keeps its raw name and data blobs
 * (zero copy into the message); a known one is also parsed into `u`.  A
 * context whose name is not known in that direction has type
 * SMB2_CCTX_UNKNOWN and only the raw blobs.  A known context whose
 * DataLength does not match its structure is STATUS_INVALID_PARAMETER.
 *
 * The encoder writes a list of contexts: known ones from their parsed form
 * (with the standard name), SMB2_CCTX_UNKNOWN ones from their raw blobs.
 */
#ifndef SMBSIM_WIRE_CREATE_CTX_H
#define SMBSIM_WIRE_CREATE_CTX_H

#include <stdbool.h>
#include <stdint.h>

#include "wire/cursor.h"
#include "wire/limits.h"
#include "wire/smb2.h"

/* Context names (MS-SMB2 2.2.13.2): four ASCII bytes, or a 16-byte GUID
 * given in the spec as a byte string (0x45BCA66A...; the bytes appear on the
 * wire in that order). */
#define SMB2_CREATE_EA_BUFFER "ExtA"
#define SMB2_CREATE_SD_BUFFER "SecD"
#define SMB2_CREATE_DURABLE_HANDLE_REQUEST "DHnQ"
#define SMB2_CREATE_DURABLE_HANDLE_RECONNECT "DHnC"
#define SMB2_CREATE_ALLOCATION_SIZE "AlSi"
#define SMB2_CREATE_QUERY_MAXIMAL_ACCESS "MxAc"
#define SMB2_CREATE_TIMEWARP_TOKEN "TWrp"
#define SMB2_CREATE_QUERY_ON_DISK_ID "QFid"
#define SMB2_CREATE_REQUEST_LEASE "RqLs"
#define SMB2_CREATE_DURABLE_HANDLE_REQUEST_V2 "DH2Q"
#define SMB2_CREATE_DURABLE_HANDLE_RECONNECT_V2 "DH2C"
/* MS-SMB2 2.2.13.2: SMB2_CREATE_APP_INSTANCE_ID 0x45BCA66AEFA7F74A9008FA462E144D74 */
extern const uint8_t smb2_create_app_instance_id_name[16];
/* MS-SMB2 2.2.13.2: SMB2_CREATE_APP_INSTANCE_VERSION 0xB982D0B73B56074FA07B524A8116A010,
 * which is GUID {B7D082B9-563B-4F07-A07B-524A8116A010} in its mixed-endian
 * byte form. */
extern const uint8_t smb2_create_app_instance_version_name[16];

/* MS-SMB2 2.2.13.2.11: SMB2_CREATE_DURABLE_HANDLE_REQUEST_V2 Flags */
#define SMB2_DHANDLE_FLAG_PERSISTENT 0x00000002u
/* MS-SMB2 2.2.13.2.8: SMB2_CREATE_REQUEST_LEASE(_V2) Flags */
#define SMB2_LEASE_FLAG_BREAK_IN_PROGRESS 0x00000002u
#define SMB2_LEASE_FLAG_PARENT_LEASE_KEY_SET 0x00000004u

/* Fixed data sizes (MS-SMB2 2.2.13.2.x, 2.2.14.2.x). */
#define SMB2_DHNQ_REQ_SIZE 16
#define SMB2_DHNQ_RSP_SIZE 8
#define SMB2_DHNC_SIZE 16
#define SMB2_ALSI_SIZE 8
#define SMB2_MXAC_REQ_TS_SIZE 8
#define SMB2_MXAC_RSP_SIZE 8
#define SMB2_TWRP_SIZE 8
#define SMB2_QFID_RSP_SIZE 32
#define SMB2_LEASE_V1_SIZE 32
#define SMB2_LEASE_V2_SIZE 52
#define SMB2_DH2Q_REQ_SIZE 32
#define SMB2_DH2Q_RSP_SIZE 8
#define SMB2_DH2C_SIZE 36
#define SMB2_APP_INSTANCE_ID_SIZE 20
#define SMB2_APP_INSTANCE_VERSION_SIZE 24

/* The fixed part of one SMB2_CREATE_CONTEXT (Next .. DataLength). */
#define SMB2_CREATE_CTX_HDR_SIZE 16

enum smb2_cctx_type {
	SMB2_CCTX_UNKNOWN = 0,
	SMB2_CCTX_EA_BUFFER,        /* ExtA, request */
	SMB2_CCTX_SD_BUFFER,        /* SecD, request */
	SMB2_CCTX_DHNQ,             /* DHnQ, both */
	SMB2_CCTX_DHNC,             /* DHnC, request */
	SMB2_CCTX_ALSI,             /* AlSi, request */
	SMB2_CCTX_MXAC,             /* MxAc, both */
	SMB2_CCTX_TWRP,             /* TWrp, request */
	SMB2_CCTX_QFID,             /* QFid, both */
	SMB2_CCTX_RQLS,             /* RqLs v1 or v2, both */
	SMB2_CCTX_DH2Q,             /* DH2Q, both */
	SMB2_CCTX_DH2C,             /* DH2C, request */
	SMB2_CCTX_APP_INSTANCE_ID,  /* request */
	SMB2_CCTX_APP_INSTANCE_VERSION, /* request */
};

/* RqLs data (MS-SMB2 2.2.13.2.8 v1 / 2.2.13.2.10 v2 request, 2.2.14.2.10 /
 * 2.2.14.2.11 response: the same layouts).  State values are SMB2_LEASE_*
 * in wire/oplock_break.h. */
struct smb2_lease {
	uint8_t version;            /* 1 (32 bytes) or 2 (52 bytes) */
	uint8_t key[16];
	uint32_t state;
	uint32_t flags;
	uint64_t duration;
	uint8_t parent_key[16];     /* v2 */
	uint16_t epoch;             /* v2 */
};

struct smb2_create_ctx {
	enum smb2_cctx_type type;
	struct smb2_blob name;      /* raw name as sent */
	struct smb2_blob data;      /* raw data as sent */
	union {
		/* ExtA: FILE_FULL_EA_INFORMATION list, walk it with
		 * smb2_ea_iter; SecD: a self-relative security descriptor. */
		struct smb2_blob blob;
		/* DHnQ: request 16 reserved bytes, response 8: nothing kept. */
		struct smb2_fileid dhnc;   /* DHnC Data (2.2.13.2.4) */
		uint64_t alloc_size;       /* AlSi (2.2.13.2.6) */
		struct {
			bool has_timestamp;    /* request: DataLength 8 */
			uint64_t timestamp;    /* request (2.2.13.2.5) */
			uint32_t query_status; /* response (2.2.14.2.5) */
			uint32_t maximal_access;
		} mxac;
		uint64_t twrp;             /* TWrp Timestamp (2.2.13.2.7) */
		struct {                   /* QFid response (2.2.14.2.9) */
			uint64_t disk_file_id;
			uint64_t volume_id;
			uint8_t reserved[16];
		} qfid;
		struct smb2_lease lease;
		struct {
			uint32_t timeout;      /* both (2.2.13.2.11, 2.2.14.2.12) */
			uint32_t flags;        /* both */
			uint8_t create_guid[16]; /* request */
		} dh2q;
		struct {                   /* DH2C (2.2.13.2.12) */
			struct smb2_fileid file_id;
			uint8_t create_guid[16];
			uint32_t flags;
		} dh2c;
		struct {                   /* 2.2.13.2.13 */
			uint16_t structure_size;
			uint8_t id[16];
		} app_instance_id;
		struct {                   /* 2.2.13.2.15 */
			uint16_t structure_size;
			uint64_t high;
			uint64_t low;
		} app_instance_version;
	} u;
};

struct smb2_create_ctx_list {
	uint32_t count;
	struct smb2_create_ctx ctx[SMB2_MAX_CREATE_CONTEXTS];
};

/*
 * Decode the CreateContexts buffer `buf` (already resolved by the CREATE
 * decoder; the first context sits at its start, 8-byte aligned) into *out.
 * `response` picks the response layouts.  `c` is the message cursor, used
 * only to record the failing field.  Empty `buf` gives an empty list.
 */
WUR NTSTATUS smb2_create_ctx_list_decode(struct rd *c, struct smb2_blob buf,
                                         bool response,
                                         struct smb2_create_ctx_list *out);

/*
 * Append the contexts ctx[0..n) at the writer's position, which must be
 * 8-byte aligned relative to w->msg (the CREATE encoders align it).  No
 * padding is written after the last context.
 */
NTSTATUS smb2_create_ctx_list_encode(struct wr *w, const struct smb2_create_ctx *ctx,
                                     size_t n, bool response);

/* The first context of this type, or NULL. */
const struct smb2_create_ctx *smb2_create_ctx_find(const struct smb2_create_ctx_list *l,
                                                   enum smb2_cctx_type type);

/* ---- FILE_FULL_EA_INFORMATION (MS-FSCC 2.4.15), the ExtA payload ------ */

#define SMB2_FILE_NEED_EA 0x80

struct smb2_ea {
	uint8_t flags;
	struct smb2_blob name;      /* EaNameLength bytes, without the NUL */
	struct smb2_blob value;
};

struct smb2_ea_iter {
	struct smb2_blob buf;
	uint64_t pos;
	bool done;
};

void smb2_ea_iter_init(struct smb2_ea_iter *it, struct smb2_blob buf);
/* STATUS_SUCCESS and *out for the next entry; STATUS_NO_MORE_EAS after the
 * last; STATUS_EA_LIST_INCONSISTENT for a malformed entry (and every call
 * after it).  *out is written only on success. */
WUR NTSTATUS smb2_ea_iter_next(struct smb2_ea_iter *it, struct smb2_ea *out);
/* Append a FILE_FULL_EA_INFORMATION list (entries 4-byte aligned, counted
 * from the list start, which is the writer's position). */
NTSTATUS smb2_ea_list_encode(struct wr *w, const struct smb2_ea *eas, size_t n);

#endif
