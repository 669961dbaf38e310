/* ACLs (MS-DTYP 2.4.5) and ACEs (MS-DTYP 2.4.4).  See secdesc.h. */
#include "wire/secdesc.h"
#include "wire/limits.h"

#define ACL_HDR_SIZE 8
#define ACE_HDR_SIZE 4

static bool ace_is_basic(uint8_t type)
{
	return type == ACCESS_ALLOWED_ACE_TYPE || type == ACCESS_DENIED_ACE_TYPE ||
	       type == SYSTEM_AUDIT_ACE_TYPE;
}

void smb2_ace_iter_init(struct smb2_ace_iter *it, const struct smb2_acl *acl)
{
	it->aces = acl->aces;
	it->pos = 0;
	it->left = acl->ace_count;
}

NTSTATUS smb2_ace_next(struct smb2_ace_iter *it, struct smb2_ace *out)
{
	struct smb2_ace a;
	struct rd c, body;
	uint32_t room;

	if (it->left == 0)
		return STATUS_NO_MORE_ENTRIES;
	memset(&a, 0, sizeof(a));
	room = it->aces.len - it->pos;
	/* MS-DTYP 2.4.4.1: AceType, AceFlags, AceSize; AceSize is a multiple
	 * of 4 and the ACE lies inside the ACL. */
	if (room < ACE_HDR_SIZE)
		goto bad;
	rd_init(&c, it->aces.p + it->pos, room);
	(void)!rd_u8(&c, &a.type);
	(void)!rd_u8(&c, &a.flags);
	(void)!rd_u16(&c, &a.size);
	if (a.size < ACE_HDR_SIZE || a.size % 4 != 0 || a.size > room)
		goto bad;
	a.body.p = c.base + ACE_HDR_SIZE;
	a.body.len = a.size - ACE_HDR_SIZE;
	if (ace_is_basic(a.type)) {
		/* MS-DTYP 2.4.4.2/2.4.4.4/2.4.4.10: Mask, then a SID that fits in
		 * AceSize (which may be larger). */
		rd_init(&body, a.body.p, a.body.len);
		if (!rd_u32(&body, &a.mask) || smb2_sid_decode(&body, &a.sid) != STATUS_SUCCESS)
			goto bad;
		a.basic = true;
	}
	it->pos += a.size;
	it->left--;
	*out = a;
	return STATUS_SUCCESS;
bad:
	it->left = 0;
	return STATUS_INVALID_ACL;
}

NTSTATUS smb2_acl_decode(struct smb2_blob in, struct smb2_acl *out)
{
	struct smb2_acl acl;
	struct smb2_ace_iter it;
	struct smb2_ace ace;
	uint16_t size = 0;
	NTSTATUS st;
	struct rd c;

	rd_init(&c, in.p, in.len);
	/* MS-DTYP 2.4.5: AclRevision, Sbz1, AclSize, AceCount, Sbz2. */
	if (rd_left(&c) < ACL_HDR_SIZE)
		return rd_fail_status(&c, "ACL", STATUS_INVALID_ACL);
	(void)!rd_u8(&c, &acl.revision);
	(void)!rd_skip(&c, 1);
	(void)!rd_u16(&c, &size);
	(void)!rd_u16(&c, &acl.ace_count);
	(void)!rd_skip(&c, 2);
	if (acl.revision != ACL_REVISION && acl.revision != ACL_REVISION_DS)
		return rd_fail_status(&c, "ACL.AclRevision", STATUS_INVALID_ACL);
	if (size < ACL_HDR_SIZE || size > in.len)
		return rd_fail_status(&c, "ACL.AclSize", STATUS_INVALID_ACL);
	/* Each ACE takes at least 4 bytes, and we walk at most a bounded
	 * number of them. */
	if (acl.ace_count > SMB2_MAX_ACL_ACES ||
	    (uint32_t)acl.ace_count * ACE_HDR_SIZE > (uint32_t)size - ACL_HDR_SIZE)
		return rd_fail_status(&c, "ACL.AceCount", STATUS_INVALID_ACL);
	acl.aces.p = in.p + ACL_HDR_SIZE;
	acl.aces.len = size - ACL_HDR_SIZE;
	smb2_ace_iter_init(&it, &acl);
	while ((st = smb2_ace_next(&it, &ace)) == STATUS_SUCCESS)
		;
	if (st != STATUS_NO_MORE_ENTRIES)
		return rd_fail_status(&c, "ACL.Ace", STATUS_INVALID_ACL);
	*out = acl;
	return STATUS_SUCCESS;
}

NTSTATUS smb2_acl_encode(struct wr *w, const struct smb2_acl *acl)
{
	if (acl->aces.len > UINT16_MAX - ACL_HDR_SIZE)
		return STATUS_INVALID_ACL;
	wr_u8(w, acl->revision);
	wr_u8(w, 0);
	wr_u16(w, (uint16_t)(ACL_HDR_SIZE + acl->aces.len));
	wr_u16(w, acl->ace_count);
	wr_u16(w, 0);
	wr_bytes(w, acl->aces.p, acl->aces.len);
	return wr_status(w);
}

NTSTATUS smb2_ace_encode(struct wr *w, const struct smb2_ace *a)
{
	if (ace_is_basic(a->type)) {
		if (a->sid.revision != SMB2_SID_REVISION ||
		    a->sid.num_auths > SMB2_SID_MAX_SUB_AUTHORITIES)
			return STATUS_INVALID_ACL;
		wr_u8(w, a->type);
		wr_u8(w, a->flags);
		wr_u16(w, (uint16_t)(ACE_HDR_SIZE + 4 + smb2_sid_size(&a->sid)));
		wr_u32(w, a->mask);
		return smb2_sid_encode(w, &a->sid);
	}
	if ((ACE_HDR_SIZE + (uint64_t)a->body.len) % 4 != 0 ||
	    ACE_HDR_SIZE + (uint64_t)a->body.len > UINT16_MAX)
		return STATUS_INVALID_ACL;
	wr_u8(w, a->type);
	wr_u8(w, a->flags);
	wr_u16(w, (uint16_t)(ACE_HDR_SIZE + a->body.len));
	wr_bytes(w, a->body.p, a->body.len);
	return wr_status(w);
}
