/*
 * SMB2 TREE_CONNECT request (MS-SMB2 2.2.9) with the 3.1.1 request
 * extension (2.2.9.1) and tree connect contexts (2.2.9.2), and the
 * response (2.2.10).
 *
 * With SMB2_TREE_CONNECT_FLAG_EXTENSION_PRESENT the Buffer begins with
 * TreeConnectContextOffset (4), TreeConnectContextCount (2) and Reserved
 * (10); PathOffset/PathLength then locate PathName inside the Buffer after
 * those 16 bytes.  MS-SMB2 2.2.9.1 says TreeConnectContextOffset counts
 * "from the start of the SMB2 TREE_CONNECT request"; as every other SMB2
 * offset, and as the request packet is the header plus the body, this
 * codec counts it from the start of the SMB2 header.  Contexts
 * (ContextType 2, DataLength 2, Reserved 4, Data) follow one another with
 * no padding (2.2.9.2 asks for none) and are kept as type plus opaque
 * Data.
 */
#ifndef SMBSIM_WIRE_TREE_CONNECT_H
#define SMBSIM_WIRE_TREE_CONNECT_H

#include "wire/cursor.h"
#include "wire/limits.h"
#include "wire/smb2.h"

/* MS-SMB2 2.2.9: Flags (3.1.1; Reserved before) */
#define SMB2_TREE_CONNECT_FLAG_CLUSTER_RECONNECT 0x0001
#define SMB2_TREE_CONNECT_FLAG_REDIRECT_TO_OWNER 0x0002
#define SMB2_TREE_CONNECT_FLAG_EXTENSION_PRESENT 0x0004

/* MS-SMB2 2.2.9.2: ContextType */
#define SMB2_RESERVED_TREE_CONNECT_CONTEXT_ID 0x0000
#define SMB2_REMOTED_IDENTITY_TREE_CONNECT_CONTEXT_ID 0x0001

/* MS-SMB2 2.2.10: ShareType */
#define SMB2_SHARE_TYPE_DISK 0x01
#define SMB2_SHARE_TYPE_PIPE 0x02
#define SMB2_SHARE_TYPE_PRINT 0x03

/* MS-SMB2 2.2.10: ShareFlags */
#define SMB2_SHAREFLAG_MANUAL_CACHING 0x00000000u
#define SMB2_SHAREFLAG_AUTO_CACHING 0x00000010u
#define SMB2_SHAREFLAG_VDO_CACHING 0x00000020u
#define SMB2_SHAREFLAG_NO_CACHING 0x00000030u
#define SMB2_SHAREFLAG_CACHING_MASK 0x00000030u
#define SMB2_SHAREFLAG_DFS 0x00000001u
#define SMB2_SHAREFLAG_DFS_ROOT 0x00000002u
#define SMB2_SHAREFLAG_RESTRICT_EXCLUSIVE_OPENS 0x00000100u
#define SMB2_SHAREFLAG_FORCE_SHARED_DELETE 0x00000200u
#define SMB2_SHAREFLAG_ALLOW_NAMESPACE_CACHING 0x00000400u
#define SMB2_SHAREFLAG_ACCESS_BASED_DIRECTORY_ENUM 0x00000800u
#define SMB2_SHAREFLAG_FORCE_LEVELII_OPLOCK 0x00001000u
#define SMB2_SHAREFLAG_ENABLE_HASH_V1 0x00002000u
#define SMB2_SHAREFLAG_ENABLE_HASH_V2 0x00004000u
#define SMB2_SHAREFLAG_ENCRYPT_DATA 0x00008000u
#define SMB2_SHAREFLAG_IDENTITY_REMOTING 0x00040000u
#define SMB2_SHAREFLAG_COMPRESS_DATA 0x00100000u
#define SMB2_SHAREFLAG_ISOLATED_TRANSPORT 0x00200000u

/* MS-SMB2 2.2.10: Capabilities */
#define SMB2_SHARE_CAP_DFS 0x00000008u
#define SMB2_SHARE_CAP_CONTINUOUS_AVAILABILITY 0x00000010u
#define SMB2_SHARE_CAP_SCALEOUT 0x00000020u
#define SMB2_SHARE_CAP_CLUSTER 0x00000040u
#define SMB2_SHARE_CAP_ASYMMETRIC 0x00000080u
#define SMB2_SHARE_CAP_REDIRECT_TO_OWNER 0x00000100u

struct smb2_tree_connect_ctx {
	uint16_t type;                 /* SMB2_*_TREE_CONNECT_CONTEXT_ID */
	struct smb2_blob data;
};

struct smb2_tree_connect_req {
	uint16_t flags;                /* SMB2_TREE_CONNECT_FLAG_* */
	struct smb2_blob path;         /* UTF-16LE "\\server\share" */
	/* With SMB2_TREE_CONNECT_FLAG_EXTENSION_PRESENT only: */
	uint16_t ctx_count;
	struct smb2_tree_connect_ctx ctx[SMB2_MAX_TREE_CONNECT_CONTEXTS];
};

struct smb2_tree_connect_rsp {
	uint8_t share_type;            /* SMB2_SHARE_TYPE_* */
	uint32_t share_flags;          /* SMB2_SHAREFLAG_* */
	uint32_t capabilities;         /* SMB2_SHARE_CAP_* */
	uint32_t maximal_access;
};

WUR NTSTATUS smb2_tree_connect_req_decode(struct rd *c, struct smb2_tree_connect_req *out);
/* Writes the extension when flags has EXTENSION_PRESENT (then the path
 * goes after the 16-byte extension header and the contexts after it). */
NTSTATUS smb2_tree_connect_req_encode(struct wr *w, const struct smb2_tree_connect_req *in);
WUR NTSTATUS smb2_tree_connect_rsp_decode(struct rd *c, struct smb2_tree_connect_rsp *out);
NTSTATUS smb2_tree_connect_rsp_encode(struct wr *w, const struct smb2_tree_connect_rsp *in);

#endif
