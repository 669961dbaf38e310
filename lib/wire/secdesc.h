/*
 * Self-relative security descriptors (MS-DTYP 2.4.6), SIDs (2.4.2), ACLs
 * (2.4.5) and ACEs (2.4.4): the payload of QUERY_INFO / SET_INFO with
 * InfoType SMB2_0_INFO_SECURITY.
 *
 * Decoding validates the whole descriptor before it succeeds: every part
 * inside the descriptor, every ACE inside its ACL.  ACLs stay zero copy
 * (a blob of ACEs and an iterator); the ACE types with a plain Mask + Sid
 * body (allowed, denied, audit) are parsed, others are kept opaque with
 * their size checked.
 */
#ifndef SMBSIM_WIRE_SECDESC_H
#define SMBSIM_WIRE_SECDESC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "wire/cursor.h"

/* MS-DTYP 2.4.2.2: Revision 1, at most 15 sub-authorities */
#define SMB2_SID_REVISION 1
#define SMB2_SID_MAX_SUB_AUTHORITIES 15
/* "S-1-" + "0x" and 12 hex digits + 15 x "-4294967295" + NUL */
#define SMB2_SID_STRING_MAX 184

struct smb2_sid {
	uint8_t revision;
	uint8_t num_auths;
	uint8_t id_auth[6];          /* IdentifierAuthority, big-endian */
	uint32_t sub_auths[SMB2_SID_MAX_SUB_AUTHORITIES];
};

static inline uint32_t smb2_sid_size(const struct smb2_sid *s)
{
	return 8u + 4u * s->num_auths;
}

/* Read a SID at the cursor (STATUS_INVALID_SID; *out only on success). */
WUR NTSTATUS smb2_sid_decode(struct rd *c, struct smb2_sid *out);
/* STATUS_INVALID_SID for a revision other than 1 or more than 15
 * sub-authorities (nothing written). */
NTSTATUS smb2_sid_encode(struct wr *w, const struct smb2_sid *s);
/* "S-1-5-21-..." (MS-DTYP 2.4.2.1); STATUS_BUFFER_TOO_SMALL if it does
 * not fit in len bytes with its NUL. */
NTSTATUS smb2_sid_to_string(const struct smb2_sid *s, char *buf, size_t len);
/* Parse the string form; STATUS_INVALID_SID for anything else. */
WUR NTSTATUS smb2_sid_from_string(const char *str, struct smb2_sid *out);
bool smb2_sid_equal(const struct smb2_sid *a, const struct smb2_sid *b);

/* MS-DTYP 2.4.4.1: AceType (the parsed ones) */
#define ACCESS_ALLOWED_ACE_TYPE 0x00
#define ACCESS_DENIED_ACE_TYPE 0x01
#define SYSTEM_AUDIT_ACE_TYPE 0x02
/* MS-DTYP 2.4.4.1: AceFlags */
#define OBJECT_INHERIT_ACE 0x01
#define CONTAINER_INHERIT_ACE 0x02
#define NO_PROPAGATE_INHERIT_ACE 0x04
#define INHERIT_ONLY_ACE 0x08
#define INHERITED_ACE 0x10
#define SUCCESSFUL_ACCESS_ACE_FLAG 0x40
#define FAILED_ACCESS_ACE_FLAG 0x80

struct smb2_ace {
	uint8_t type;
	uint8_t flags;
	uint16_t size;               /* AceSize as on the wire */
	bool basic;                  /* allowed/denied/audit: mask and sid valid */
	uint32_t mask;
	struct smb2_sid sid;
	struct smb2_blob body;       /* the bytes after the 4-byte header */
};

/* MS-DTYP 2.4.5: AclRevision */
#define ACL_REVISION 2
#define ACL_REVISION_DS 4

struct smb2_acl {
	uint8_t revision;
	uint16_t ace_count;
	struct smb2_blob aces;       /* AclSize - 8 bytes of ACEs, validated */
};

/* Decode the ACL at the start of `in` (STATUS_INVALID_ACL). */
WUR NTSTATUS smb2_acl_decode(struct smb2_blob in, struct smb2_acl *out);
/* Header plus the ACEs blob as it is. */
NTSTATUS smb2_acl_encode(struct wr *w, const struct smb2_acl *acl);

struct smb2_ace_iter {
	struct smb2_blob aces;
	uint32_t pos;
	uint16_t left;
};

void smb2_ace_iter_init(struct smb2_ace_iter *it, const struct smb2_acl *acl);
/* STATUS_SUCCESS and *out; STATUS_NO_MORE_ENTRIES after AceCount ACEs;
 * STATUS_INVALID_ACL (out untouched) for an ACE that does not fit. */
WUR NTSTATUS smb2_ace_next(struct smb2_ace_iter *it, struct smb2_ace *out);
/* Basic types: header, mask, sid (size computed); others: header and
 * body (4 + body.len must be a multiple of 4).  STATUS_INVALID_ACL. */
NTSTATUS smb2_ace_encode(struct wr *w, const struct smb2_ace *a);

/* MS-DTYP 2.4.6: Control */
#define SE_OWNER_DEFAULTED 0x0001
#define SE_GROUP_DEFAULTED 0x0002
#define SE_DACL_PRESENT 0x0004
#define SE_DACL_DEFAULTED 0x0008
#define SE_SACL_PRESENT 0x0010
#define SE_SACL_DEFAULTED 0x0020
#define SE_DACL_TRUSTED 0x0040
#define SE_SERVER_SECURITY 0x0080
#define SE_DACL_AUTO_INHERIT_REQ 0x0100
#define SE_SACL_AUTO_INHERIT_REQ 0x0200
#define SE_DACL_AUTO_INHERITED 0x0400
#define SE_SACL_AUTO_INHERITED 0x0800
#define SE_DACL_PROTECTED 0x1000
#define SE_SACL_PROTECTED 0x2000
#define SE_RM_CONTROL_VALID 0x4000
#define SE_SELF_RELATIVE 0x8000

#define SMB2_SECDESC_HDR_SIZE 20

struct smb2_secdesc {
	uint8_t revision;
	uint8_t sbz1;                /* the resource manager control bits */
	uint16_t control;
	bool has_owner, has_group, has_sacl, has_dacl; /* offset non-zero */
	struct smb2_sid owner, group;
	struct smb2_acl sacl, dacl;
};

/* STATUS_INVALID_SECURITY_DESCR, STATUS_INVALID_SID or STATUS_INVALID_ACL;
 * *out only on success (ACEs point into `in`). */
WUR NTSTATUS smb2_secdesc_decode(struct smb2_blob in, struct smb2_secdesc *out);
/* Self-relative: header, owner, group, SACL, DACL, each present part at
 * the next 4-byte boundary; SE_SELF_RELATIVE is always set. */
NTSTATUS smb2_secdesc_encode(struct wr *w, const struct smb2_secdesc *in);

#endif
