/*
 * Security descriptors synthesised from unix ownership and permission bits
 * (QUERY_INFO and SET_INFO with SMB2_0_INFO_SECURITY, MS-SMB2 3.3.5.20.3
 * and 3.3.5.21.3).  The VFS keeps no ACLs; the descriptor is a view of the
 * mode, and a SET is accepted only when it maps back onto one.
 *
 * Mapping (the SID forms Samba uses for unmapped unix ids):
 *   Owner   S-1-22-1-<uid>           Group  S-1-22-2-<gid>
 *   DACL    ACCESS_ALLOWED for the owner (user bits), the group (group
 *           bits) and Everyone S-1-1-0 (other bits), in that order; an
 *           ACE whose mask would be empty is left out.  Each bit adds:
 *             r  FILE_GENERIC_READ     (0x00120089)
 *             w  FILE_GENERIC_WRITE | DELETE (0x00130116), and
 *                FILE_DELETE_CHILD on a directory
 *             x  FILE_GENERIC_EXECUTE  (0x001200A0)
 *           The owner always also has READ_CONTROL, WRITE_DAC, WRITE_OWNER
 *           and FILE_READ_ATTRIBUTES (a unix owner can always chmod).
 *   SACL    never present.
 * Set: the owner and group may only be set to what they are (else
 * STATUS_ACCESS_DENIED: an ordinary user cannot chown); a DACL becomes the
 * 0777 bits of the mode: r from FILE_READ_DATA, w from FILE_WRITE_DATA, x
 * from FILE_EXECUTE (or the matching GENERIC_* bit, GENERIC_ALL for all
 * three) of the allowed ACEs for those three SIDs.  Inherit-only ACEs
 * (which do not apply to the object itself) are ignored.  Anything else
 * (deny or other ACE types, other SIDs, a NULL DACL, a SACL) is
 * STATUS_NOT_SUPPORTED, and nothing changes.  Owner and group need
 * WRITE_OWNER, the DACL WRITE_DAC, the SACL ACCESS_SYSTEM_SECURITY (then
 * STATUS_NOT_SUPPORTED).
 */
#include <errno.h>
#include <string.h>
#include <sys/stat.h>

#include "sim-server/srv_info.h"
#include "wire/query_info.h"
#include "wire/secdesc.h"

/* MS-DTYP 2.4.2.4 and Samba's unix id SIDs */
#define SRV_SID_AUTH_WORLD 1u
#define SRV_SID_AUTH_UNIX 22u
#define SRV_SID_UNIX_USER 1u
#define SRV_SID_UNIX_GROUP 2u
#define SRV_SECDESC_REVISION 1
#define SRV_MODE_PERM_MASK 0777u

#define SRV_SEC_R SRV_FILE_GENERIC_READ
#define SRV_SEC_W (SRV_FILE_GENERIC_WRITE | SMB2_DELETE)
#define SRV_SEC_X SRV_FILE_GENERIC_EXECUTE
#define SRV_SEC_OWNER_EXTRA                                                       \
	(SMB2_READ_CONTROL | SMB2_WRITE_DAC | SMB2_WRITE_OWNER | SMB2_FILE_READ_ATTRIBUTES)

static void sid_make(struct smb2_sid *s, uint8_t auth, unsigned n, uint32_t a0, uint32_t a1)
{
	memset(s, 0, sizeof(*s));
	s->revision = SMB2_SID_REVISION;
	s->num_auths = (uint8_t)n;
	s->id_auth[5] = auth;
	s->sub_auths[0] = a0;
	s->sub_auths[1] = a1;
}

static void sids(const struct stat *sb, struct smb2_sid *owner, struct smb2_sid *group,
                 struct smb2_sid *world)
{
	sid_make(owner, SRV_SID_AUTH_UNIX, 2, SRV_SID_UNIX_USER, (uint32_t)sb->st_uid);
	sid_make(group, SRV_SID_AUTH_UNIX, 2, SRV_SID_UNIX_GROUP, (uint32_t)sb->st_gid);
	sid_make(world, SRV_SID_AUTH_WORLD, 1, 0, 0);
}

static uint32_t bits_to_mask(unsigned rwx, bool dir)
{
	uint32_t m = 0;

	if (rwx & 4u)
		m |= SRV_SEC_R;
	if (rwx & 2u)
		m |= SRV_SEC_W | (dir ? SMB2_FILE_DELETE_CHILD : 0);
	if (rwx & 1u)
		m |= SRV_SEC_X;
	return m;
}

static unsigned mask_to_bits(uint32_t m)
{
	unsigned b = 0;

	if (m & SMB2_GENERIC_ALL)
		return 7u;
	if (m & (SMB2_FILE_READ_DATA | SMB2_GENERIC_READ))
		b |= 4u;
	if (m & (SMB2_FILE_WRITE_DATA | SMB2_GENERIC_WRITE))
		b |= 2u;
	if (m & (SMB2_FILE_EXECUTE | SMB2_GENERIC_EXECUTE))
		b |= 1u;
	return b;
}

static NTSTATUS file_stat(const struct srv_file *f, struct stat *sb)
{
	if (fstat(f->vf->fd, sb) != 0)
		return vfs_errno_to_ntstatus(errno);
	return STATUS_SUCCESS;
}

static void add_ace(struct wr *w, const struct smb2_sid *sid, uint32_t mask)
{
	struct smb2_ace a;

	memset(&a, 0, sizeof(a));
	a.type = ACCESS_ALLOWED_ACE_TYPE;
	a.basic = true;
	a.mask = mask;
	a.sid = *sid;
	(void)smb2_ace_encode(w, &a);
}

NTSTATUS srv_secinfo_query(const struct srv_file *f, uint32_t addl, struct wr *w)
{
	struct smb2_sid owner, group, world;
	struct smb2_secdesc sd;
	struct stat sb;
	struct wr aces;
	bool dir = f->kind == SRV_FILE_DIR;
	NTSTATUS st;
	uint16_t n = 0;

	st = file_stat(f, &sb);
	if (st != STATUS_SUCCESS)
		return st;
	sids(&sb, &owner, &group, &world);
	memset(&sd, 0, sizeof(sd));
	sd.revision = SRV_SECDESC_REVISION;
	sd.control = SE_SELF_RELATIVE;
	if (addl & OWNER_SECURITY_INFORMATION) {
		sd.has_owner = true;
		sd.owner = owner;
	}
	if (addl & GROUP_SECURITY_INFORMATION) {
		sd.has_group = true;
		sd.group = group;
	}
	wr_init(&aces, WR_MAX_DEFAULT);
	if (addl & DACL_SECURITY_INFORMATION) {
		unsigned mode = (unsigned)sb.st_mode;
		uint32_t m;

		add_ace(&aces, &owner, bits_to_mask((mode >> 6) & 7u, dir) | SRV_SEC_OWNER_EXTRA);
		n++;
		m = bits_to_mask((mode >> 3) & 7u, dir);
		if (m) {
			add_ace(&aces, &group, m);
			n++;
		}
		m = bits_to_mask(mode & 7u, dir);
		if (m) {
			add_ace(&aces, &world, m);
			n++;
		}
		sd.control |= SE_DACL_PRESENT;
		sd.has_dacl = true;
		sd.dacl.revision = ACL_REVISION;
		sd.dacl.ace_count = n;
		sd.dacl.aces.p = aces.buf;
		sd.dacl.aces.len = (uint32_t)aces.len;
	}
	st = wr_status(&aces);
	if (st == STATUS_SUCCESS)
		st = smb2_secdesc_encode(w, &sd);
	wr_free(&aces);
	return st;
}

/* The mode bits the DACL asks for, or STATUS_NOT_SUPPORTED. */
static NTSTATUS dacl_to_mode(const struct smb2_secdesc *sd, const struct smb2_sid *owner,
                             const struct smb2_sid *group, const struct smb2_sid *world,
                             unsigned *mode)
{
	struct smb2_ace_iter it;
	struct smb2_ace a;
	NTSTATUS st;
	unsigned m = 0;

	if (!(sd->control & SE_DACL_PRESENT) || !sd->has_dacl)
		return STATUS_NOT_SUPPORTED;
	smb2_ace_iter_init(&it, &sd->dacl);
	while ((st = smb2_ace_next(&it, &a)) == STATUS_SUCCESS) {
		if (a.flags & INHERIT_ONLY_ACE)
			continue;
		if (a.type != ACCESS_ALLOWED_ACE_TYPE || !a.basic)
			return STATUS_NOT_SUPPORTED;
		if (smb2_sid_equal(&a.sid, owner))
			m |= mask_to_bits(a.mask) << 6;
		else if (smb2_sid_equal(&a.sid, group))
			m |= mask_to_bits(a.mask) << 3;
		else if (smb2_sid_equal(&a.sid, world))
			m |= mask_to_bits(a.mask);
		else
			return STATUS_NOT_SUPPORTED;
	}
	if (st != STATUS_NO_MORE_ENTRIES)
		return st;
	*mode = m;
	return STATUS_SUCCESS;
}

NTSTATUS srv_secinfo_set(struct srv_file *f, uint32_t addl, struct smb2_blob blob)
{
	struct smb2_sid owner, group, world;
	struct smb2_secdesc sd;
	struct stat sb;
	unsigned mode = 0;
	NTSTATUS st;

	if (addl & (OWNER_SECURITY_INFORMATION | GROUP_SECURITY_INFORMATION)) {
		st = srv_file_check_access(f, SMB2_WRITE_OWNER);
		if (st != STATUS_SUCCESS)
			return st;
	}
	if (addl & DACL_SECURITY_INFORMATION) {
		st = srv_file_check_access(f, SMB2_WRITE_DAC);
		if (st != STATUS_SUCCESS)
			return st;
	}
	if (addl & SACL_SECURITY_INFORMATION) {
		st = srv_file_check_access(f, SMB2_ACCESS_SYSTEM_SECURITY);
		return st != STATUS_SUCCESS ? st : STATUS_NOT_SUPPORTED;
	}
	st = smb2_secdesc_decode(blob, &sd);
	if (st != STATUS_SUCCESS)
		return st;
	st = file_stat(f, &sb);
	if (st != STATUS_SUCCESS)
		return st;
	sids(&sb, &owner, &group, &world);
	if ((addl & OWNER_SECURITY_INFORMATION) && sd.has_owner &&
	    !smb2_sid_equal(&sd.owner, &owner))
		return STATUS_ACCESS_DENIED;
	if ((addl & GROUP_SECURITY_INFORMATION) && sd.has_group &&
	    !smb2_sid_equal(&sd.group, &group))
		return STATUS_ACCESS_DENIED;
	if (!(addl & DACL_SECURITY_INFORMATION))
		return STATUS_SUCCESS;
	st = dacl_to_mode(&sd, &owner, &group, &world, &mode);
	if (st != STATUS_SUCCESS)
		return st;
	mode |= (unsigned)sb.st_mode & ~SRV_MODE_PERM_MASK & 07777u;
	if (fchmod(f->vf->fd, (mode_t)mode) != 0)
		return vfs_errno_to_ntstatus(errno);
	return STATUS_SUCCESS;
}
