/*
 * MS-SRVS: the server service, interface srvsvc
 * 4b324fc8-1670-01d3-1278-5a47bf6ee188 v3.0, the part `smbclient -L` and
 * `net share` use: NetrShareEnum (opnum 15; Wireshark and Samba call it
 * NetShareEnumAll) at levels 0, 1 and 2, and NetrShareGetInfo (opnum 16)
 * at the same levels.  Both directions: the server decodes requests and
 * encodes responses, the client the reverse.  NDR32 (rpc/ndr.h).
 *
 * Decoded strings are UTF-16LE blobs into the stub (zero copy, no
 * terminator).  Response decoders allocate the entry array; free it with
 * srvsvc_share_enum_rsp_free().
 */
#ifndef SMBSIM_RPC_SRVSVC_H
#define SMBSIM_RPC_SRVSVC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "rpc/pipe_server.h"
#include "wire/cursor.h"

#define SRVSVC_OPNUM_NETR_SHARE_ENUM 15
#define SRVSVC_OPNUM_NETR_SHARE_GET_INFO 16
/* Operations the interface numbers (MS-SRVS 3.1.4: 0 to 57). */
#define SRVSVC_N_OPNUMS 58

/* MS-SRVS 2.2.2.4 share types. */
#define STYPE_DISKTREE 0x00000000u
#define STYPE_PRINTQ 0x00000001u
#define STYPE_DEVICE 0x00000002u
#define STYPE_IPC 0x00000003u
#define STYPE_TEMPORARY 0x40000000u
#define STYPE_SPECIAL 0x80000000u

/* Win32 error codes (MS-ERREF 2.2) the methods return. */
#define WERR_OK 0u
#define WERR_ACCESS_DENIED 5u
#define WERR_NOT_ENOUGH_MEMORY 8u
#define WERR_INVALID_PARAMETER 87u
#define WERR_INVALID_LEVEL 124u
#define WERR_MORE_DATA 234u
#define WERR_NERR_NET_NAME_NOT_FOUND 2310u

/* Shares in one enumeration (either side). */
#define SRVSVC_MAX_SHARES 1024u
/* The unlimited PreferedMaximumLength (MS-SRVS 3.1.4.8). */
#define SRVSVC_MAX_PREFERRED_LENGTH 0xFFFFFFFFu

extern const struct dcerpc_iface srvsvc_iface;

/* ---- server side ---------------------------------------------------- */

/* A share as the server describes it (UTF-8). */
struct srvsvc_share {
	const char *name;
	uint32_t type;       /* STYPE_* */
	const char *remark;  /* NULL: empty */
	const char *path;    /* level 2; NULL: empty */
	uint32_t max_uses;   /* level 2; 0xFFFFFFFF for unlimited */
	uint32_t current_uses;
};

/* The shares to report: *shares is valid until the dispatch returns. */
typedef size_t (*srvsvc_share_list_fn)(void *arg, const struct srvsvc_share **shares);

/* What srvsvc_iface's dispatch gets as its arg. */
struct srvsvc_ctx {
	srvsvc_share_list_fn list;
	void *arg;
};

/* The pipe the server attaches to an open of "srvsvc" on IPC$
 * (sec_addr "\\PIPE\\srvsvc"); ctx must outlive it. */
struct dcerpc_pipe *srvsvc_pipe_new(struct srvsvc_ctx *ctx, uint32_t assoc_group_id);

struct srvsvc_share_enum_req {
	bool has_server_name;
	struct smb2_blob server_name;
	uint32_t level;
	uint32_t prefmaxlen;
	bool has_resume;
	uint32_t resume_handle;
};

struct srvsvc_share_get_info_req {
	bool has_server_name;
	struct smb2_blob server_name;
	struct smb2_blob net_name;
	uint32_t level;
};

WUR NTSTATUS srvsvc_share_enum_req_decode(const uint8_t *stub, size_t len,
                                          struct srvsvc_share_enum_req *out);
WUR NTSTATUS srvsvc_share_get_info_req_decode(const uint8_t *stub, size_t len,
                                              struct srvsvc_share_get_info_req *out);

/* The response to NetrShareEnum: shares[0..n) at `level` (entries for an
 * unknown level are not written: the container is NULL), then
 * TotalEntries, the resume handle when the request had one, the WERROR. */
NTSTATUS srvsvc_share_enum_rsp_encode(struct wr *w, uint32_t level,
                                      const struct srvsvc_share *shares, size_t n,
                                      uint32_t total_entries, bool has_resume,
                                      uint32_t resume_handle, uint32_t werror);
/* The response to NetrShareGetInfo: share may be NULL (null arm). */
NTSTATUS srvsvc_share_get_info_rsp_encode(struct wr *w, uint32_t level,
                                          const struct srvsvc_share *share, uint32_t werror);

/* ---- client side ---------------------------------------------------- */

/* server_name may be NULL; resume NULL for no resume handle. */
NTSTATUS srvsvc_share_enum_req_encode(struct wr *w, const char *server_name, uint32_t level,
                                      uint32_t prefmaxlen, const uint32_t *resume);
NTSTATUS srvsvc_share_get_info_req_encode(struct wr *w, const char *server_name,
                                          const char *net_name, uint32_t level);

/* One share as a response carries it (fields past the level are zero). */
struct srvsvc_share_info {
	struct smb2_blob name;
	uint32_t type;
	struct smb2_blob remark;
	uint32_t permissions;
	uint32_t max_uses;
	uint32_t current_uses;
	struct smb2_blob path;
	struct smb2_blob passwd;
};

struct srvsvc_share_enum_rsp {
	uint32_t level;
	uint32_t count;
	struct srvsvc_share_info *shares; /* count entries, heap */
	uint32_t total_entries;
	bool has_resume;
	uint32_t resume_handle;
	uint32_t werror;
};

struct srvsvc_share_get_info_rsp {
	uint32_t level;
	bool present;
	struct srvsvc_share_info info;
	uint32_t werror;
};

WUR NTSTATUS srvsvc_share_enum_rsp_decode(const uint8_t *stub, size_t len,
                                          struct srvsvc_share_enum_rsp *out);
void srvsvc_share_enum_rsp_free(struct srvsvc_share_enum_rsp *r);
WUR NTSTATUS srvsvc_share_get_info_rsp_decode(const uint8_t *stub, size_t len,
                                              struct srvsvc_share_get_info_rsp *out);

#endif
