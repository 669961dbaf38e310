/* SIDs (MS-DTYP 2.4.2): binary and string forms.  See secdesc.h. */
#include <stdio.h>

#include "wire/secdesc.h"

NTSTATUS smb2_sid_decode(struct rd *c, struct smb2_sid *out)
{
	struct smb2_sid s;
	size_t start = c->pos;

	memset(&s, 0, sizeof(s));
	/* MS-DTYP 2.4.2.2: Revision (1), SubAuthorityCount (<= 15),
	 * IdentifierAuthority (6), SubAuthority[count]. */
	if (!rd_u8(c, &s.revision) || !rd_u8(c, &s.num_auths) ||
	    s.revision != SMB2_SID_REVISION || s.num_auths > SMB2_SID_MAX_SUB_AUTHORITIES ||
	    rd_left(c) < 6 + 4u * s.num_auths) {
		c->pos = start;
		return rd_fail_status(c, "SID", STATUS_INVALID_SID);
	}
	(void)!rd_bytes(c, s.id_auth, 6);
	for (unsigned i = 0; i < s.num_auths; i++)
		(void)!rd_u32(c, &s.sub_auths[i]);
	*out = s;
	return STATUS_SUCCESS;
}

NTSTATUS smb2_sid_encode(struct wr *w, const struct smb2_sid *s)
{
	if (s->revision != SMB2_SID_REVISION || s->num_auths > SMB2_SID_MAX_SUB_AUTHORITIES)
		return STATUS_INVALID_SID;
	wr_u8(w, s->revision);
	wr_u8(w, s->num_auths);
	wr_bytes(w, s->id_auth, 6);
	for (unsigned i = 0; i < s->num_auths; i++)
		wr_u32(w, s->sub_auths[i]);
	return wr_status(w);
}

bool smb2_sid_equal(const struct smb2_sid *a, const struct smb2_sid *b)
{
	return a->revision == b->revision && a->num_auths == b->num_auths &&
	       a->num_auths <= SMB2_SID_MAX_SUB_AUTHORITIES &&
	       memcmp(a->id_auth, b->id_auth, 6) == 0 &&
	       memcmp(a->sub_auths, b->sub_auths, 4u * a->num_auths) == 0;
}

NTSTATUS smb2_sid_to_string(const struct smb2_sid *s, char *buf, size_t len)
{
	uint64_t auth = 0;
	size_t n;
	int k;

	if (s->num_auths > SMB2_SID_MAX_SUB_AUTHORITIES)
		return STATUS_INVALID_SID;
	for (int i = 0; i < 6; i++)
		auth = auth << 8 | s->id_auth[i];
	/* MS-DTYP 2.4.2.1: the authority in decimal below 2^32, else hex. */
	if (auth < (UINT64_C(1) << 32))
		k = snprintf(buf, len, "S-%u-%llu", s->revision, (unsigned long long)auth);
	else
		k = snprintf(buf, len, "S-%u-0x%012llX", s->revision, (unsigned long long)auth);
	if (k < 0 || (size_t)k >= len)
		return STATUS_BUFFER_TOO_SMALL;
	n = (size_t)k;
	for (unsigned i = 0; i < s->num_auths; i++) {
		k = snprintf(buf + n, len - n, "-%u", (unsigned)s->sub_auths[i]);
		if (k < 0 || (size_t)k >= len - n)
			return STATUS_BUFFER_TOO_SMALL;
		n += (size_t)k;
	}
	return STATUS_SUCCESS;
}

/* An unsigned number at *p, at most `max`; decimal, or hex after "0x"
 * when hex_ok.  Advances *p. */
static bool parse_num(const char **p, uint64_t max, bool hex_ok, uint64_t *out)
{
	const char *s = *p;
	unsigned base = 10;
	uint64_t v = 0;
	int digits = 0;

	if (hex_ok && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		s += 2;
	}
	for (;; s++, digits++) {
		unsigned d;
		if (*s >= '0' && *s <= '9')
			d = (unsigned)(*s - '0');
		else if (base == 16 && *s >= 'a' && *s <= 'f')
			d = (unsigned)(*s - 'a' + 10);
		else if (base == 16 && *s >= 'A' && *s <= 'F')
			d = (unsigned)(*s - 'A' + 10);
		else
			break;
		if (v > (max - d) / base)
			return false;
		v = v * base + d;
	}
	if (digits == 0)
		return false;
	*p = s;
	*out = v;
	return true;
}

NTSTATUS smb2_sid_from_string(const char *str, struct smb2_sid *out)
{
	struct smb2_sid s;
	const char *p = str;
	uint64_t v;

	memset(&s, 0, sizeof(s));
	if ((p[0] != 'S' && p[0] != 's') || p[1] != '-')
		return STATUS_INVALID_SID;
	p += 2;
	if (!parse_num(&p, 255, false, &v) || v != SMB2_SID_REVISION || *p != '-')
		return STATUS_INVALID_SID;
	s.revision = (uint8_t)v;
	p++;
	if (!parse_num(&p, (UINT64_C(1) << 48) - 1, true, &v))
		return STATUS_INVALID_SID;
	for (int i = 5; i >= 0; i--, v >>= 8)
		s.id_auth[i] = (uint8_t)v;
	while (*p == '-') {
		p++;
		if (s.num_auths == SMB2_SID_MAX_SUB_AUTHORITIES || !parse_num(&p, UINT32_MAX, false, &v))
			return STATUS_INVALID_SID;
		s.sub_auths[s.num_auths++] = (uint32_t)v;
	}
	if (*p != '\0')
		return STATUS_INVALID_SID;
	*out = s;
	return STATUS_SUCCESS;
}
