/*
 * Hard limits, in one place (STYLE.md item 5).  A decoder that meets more
 * than a limit allows fails cleanly with STATUS_INVALID_PARAMETER (or the
 * status its command calls for); nothing grows without bound.
 */
#ifndef SMBSIM_WIRE_LIMITS_H
#define SMBSIM_WIRE_LIMITS_H

/* NetBIOS session message: 17-bit length for SMB2 direct TCP is 24 bits. */
#define SMB2_NBSS_MAX_LEN 0x00FFFFFFu
/* Largest frame accepted before NEGOTIATE completes (MS-SMB2 3.3.5.2: the
 * server SHOULD disconnect a bigger one). */
#define SMB2_MAX_PDU_PRE_NEGOTIATE (64u * 1024)
/* Largest read, write and transact size offered, and the largest frame
 * after negotiate (payload plus headers and a transform header). */
#define SMB2_MAX_IO_SIZE (8u * 1024 * 1024)
#define SMB2_MAX_PDU (SMB2_MAX_IO_SIZE + 64u * 1024)
/* lib/net: bytes a transport queues for sending (or, for the in-memory
 * pair, holds undelivered) before send() refuses with -ENOBUFS: a few of
 * the largest frames, so a peer that stops reading cannot make us grow
 * without bound. */
#define SMB_NET_SENDQ_MAX (4u * SMB2_MAX_PDU)
/* Commands in one compound chain. */
#define SMB2_MAX_COMPOUND 64
/* Dialects in one NEGOTIATE request. */
#define SMB2_MAX_DIALECTS 64
/* Negotiate contexts in one NEGOTIATE (request or response). */
#define SMB2_MAX_NEG_CONTEXTS 16
/* Ids inside one negotiate context (ciphers, hash algorithms, ...). */
#define SMB2_MAX_NEG_CTX_IDS 16
/* Tree connect contexts in one 3.1.1 TREE_CONNECT request extension
 * (MS-SMB2 2.2.9.2 defines one type). */
#define SMB2_MAX_TREE_CONNECT_CONTEXTS 8
/* Dialect strings in one SMB1 NEGOTIATE request (Windows sends 8). */
#define SMB1_MAX_DIALECTS 64
/* Create contexts in one CREATE. */
#define SMB2_MAX_CREATE_CONTEXTS 32
/* Lock elements in one LOCK request. */
#define SMB2_MAX_LOCK_ELEMENTS 64
/* Chunks in one FSCTL_SRV_COPYCHUNK request (MS-SMB2 3.3.3: 256). */
#define SMB2_MAX_COPYCHUNK_CHUNKS 256
/* Network interfaces in one FSCTL_QUERY_NETWORK_INTERFACE_INFO answer. */
#define SMB2_MAX_NET_INTERFACES 64
/* RDMA buffer descriptors in one READ/WRITE channel info. */
#define SMB2_MAX_RDMA_DESCRIPTORS 16
/* SMB2_RDMA_CRYPTO_TRANSFORMs after one SMB2_RDMA_TRANSFORM (MS-SMB2
 * 2.2.43: two types are defined, encryption and signing). */
#define SMB2_MAX_RDMA_TRANSFORMS 4
/* Error contexts in one 3.1.1 error response. */
#define SMB2_MAX_ERROR_CONTEXTS 8
/* Security tokens (SPNEGO/NTLMSSP) we accept. */
#define SMB2_MAX_SECURITY_BLOB (64u * 1024)
/* ACEs in one ACL (MS-DTYP 2.4.5: AclSize is a u16, so at most 16382
 * four-byte ACEs fit; we accept fewer, and every ACE is walked). */
#define SMB2_MAX_ACL_ACES 4096
/* lib/auth: DER nesting depth (SPNEGO needs 6), mechanisms in one
 * MechTypeList, AV pairs in one NTLMSSP TargetInfo, and the longest user,
 * domain or workstation name (bytes of UTF-16LE: 256 characters). */
#define ASN1_MAX_DEPTH 10
#define SPNEGO_MAX_MECH_TYPES 16
#define NTLMSSP_MAX_AV_PAIRS 32
#define NTLMSSP_MAX_NAME_BYTES 512u

#endif
