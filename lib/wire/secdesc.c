/* Self-relative security descriptors (MS-DTYP 2.4.6).  See secdesc.h. */
#include "wire/secdesc.h"

/* Resolve one Offset* field: 0 is "absent"; otherwise the part starts
 * after the header and inside the descriptor, and runs to its end. */
static NTSTATUS part(struct smb2_blob in, uint32_t off, bool *present, struct smb2_blob *out)
{
	*present = off != 0;
	if (off == 0)
		return STATUS_SUCCESS;
	if (off < SMB2_SECDESC_HDR_SIZE || off >= in.len)
		return STATUS_INVALID_SECURITY_DESCR;
	out->p = in.p + off;
	out->len = in.len - off;
	return STATUS_SUCCESS;
}

static NTSTATUS sid_at(struct smb2_blob b, struct smb2_sid *sid)
{
	struct rd c;

	rd_init(&c, b.p, b.len);
	return smb2_sid_decode(&c, sid);
}

NTSTATUS smb2_secdesc_decode(struct smb2_blob in, struct smb2_secdesc *out)
{
	struct smb2_secdesc sd;
	uint32_t off_owner, off_group, off_sacl, off_dacl;
	struct smb2_blob b = { NULL, 0 };
	NTSTATUS st;
	struct rd c;

	memset(&sd, 0, sizeof(sd));
	rd_init(&c, in.p, in.len);
	/* MS-DTYP 2.4.6: Revision, Sbz1, Control, OffsetOwner, OffsetGroup,
	 * OffsetSacl, OffsetDacl. */
	if (rd_left(&c) < SMB2_SECDESC_HDR_SIZE)
		return rd_fail_status(&c, "SECDESC", STATUS_INVALID_SECURITY_DESCR);
	(void)!rd_u8(&c, &sd.revision);
	(void)!rd_u8(&c, &sd.sbz1);
	(void)!rd_u16(&c, &sd.control);
	(void)!rd_u32(&c, &off_owner);
	(void)!rd_u32(&c, &off_group);
	(void)!rd_u32(&c, &off_sacl);
	(void)!rd_u32(&c, &off_dacl);
	if (sd.revision != 1)
		return STATUS_INVALID_SECURITY_DESCR;
	/* Offsets only mean something in the self-relative form. */
	if (!(sd.control & SE_SELF_RELATIVE))
		return STATUS_INVALID_SECURITY_DESCR;
	if ((st = part(in, off_owner, &sd.has_owner, &b)) != STATUS_SUCCESS)
		return st;
	if (sd.has_owner && (st = sid_at(b, &sd.owner)) != STATUS_SUCCESS)
		return st;
	if ((st = part(in, off_group, &sd.has_group, &b)) != STATUS_SUCCESS)
		return st;
	if (sd.has_group && (st = sid_at(b, &sd.group)) != STATUS_SUCCESS)
		return st;
	if ((st = part(in, off_sacl, &sd.has_sacl, &b)) != STATUS_SUCCESS)
		return st;
	if (sd.has_sacl && (st = smb2_acl_decode(b, &sd.sacl)) != STATUS_SUCCESS)
		return st;
	if ((st = part(in, off_dacl, &sd.has_dacl, &b)) != STATUS_SUCCESS)
		return st;
	if (sd.has_dacl && (st = smb2_acl_decode(b, &sd.dacl)) != STATUS_SUCCESS)
		return st;
	*out = sd;
	return STATUS_SUCCESS;
}

/* Write one part at the next 4-byte boundary of the descriptor and patch
 * its offset field. */
static void place(struct wr *w, size_t start, size_t field, size_t *off)
{
	size_t used = w->len - start;
	size_t pad = (4 - used % 4) % 4;

	if (pad)
		wr_zero(w, pad);
	*off = w->len - start;
	if (wr_ok(w))
		wr_put_u32_at(w, start + field, (uint32_t)*off);
}

NTSTATUS smb2_secdesc_encode(struct wr *w, const struct smb2_secdesc *in)
{
	size_t start = w->len, off;
	uint16_t control = in->control | SE_SELF_RELATIVE;
	NTSTATUS st = STATUS_SUCCESS;

	if (in->has_sacl)
		control |= SE_SACL_PRESENT;
	if (in->has_dacl)
		control |= SE_DACL_PRESENT;
	wr_u8(w, 1);
	wr_u8(w, in->sbz1);
	wr_u16(w, control);
	wr_zero(w, 16);
	if (in->has_owner && st == STATUS_SUCCESS) {
		place(w, start, 4, &off);
		st = smb2_sid_encode(w, &in->owner);
	}
	if (in->has_group && st == STATUS_SUCCESS) {
		place(w, start, 8, &off);
		st = smb2_sid_encode(w, &in->group);
	}
	if (in->has_sacl && st == STATUS_SUCCESS) {
		place(w, start, 12, &off);
		st = smb2_acl_encode(w, &in->sacl);
	}
	if (in->has_dacl && st == STATUS_SUCCESS) {
		place(w, start, 16, &off);
		st = smb2_acl_encode(w, &in->dacl);
	}
	if (st)
		return st;
	return wr_status(w);
}
