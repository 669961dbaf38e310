/* NTLMSSP message codec (MS-NLMP 2.2.1, 2.2.2). */
#include <string.h>

#include "auth/ntlmssp.h"

static const uint8_t ntlmssp_sig[8] = { 'N', 'T', 'L', 'M', 'S', 'S', 'P', 0 };

NTSTATUS ntlmssp_msg_type(const uint8_t *p, size_t len, uint32_t *type)
{
	/* MS-NLMP 2.2.1: Signature "NTLMSSP\0" then MessageType. */
	if (len < 12 || memcmp(p, ntlmssp_sig, 8) != 0)
		return STATUS_INVALID_PARAMETER;
	*type = le32(p + 8);
	return STATUS_SUCCESS;
}

/* Signature and MessageType, and a message no bigger than any token. */
static NTSTATUS read_head(struct rd *c, uint32_t want)
{
	uint8_t sig[8];
	uint32_t type;

	if (c->len > SMB2_MAX_SECURITY_BLOB)
		return rd_fail(c, "NTLMSSP.Length");
	if (!rd_bytes(c, sig, 8) || memcmp(sig, ntlmssp_sig, 8) != 0)
		return rd_fail(c, "NTLMSSP.Signature");
	if (!rd_u32(c, &type) || type != want)
		return rd_fail(c, "NTLMSSP.MessageType");
	return STATUS_SUCCESS;
}

/* A (Len u16, MaxLen u16, BufferOffset u32) field (MS-NLMP 2.2.1.1 etc.):
 * MaxLen is ignored on receipt; the buffer must lie inside the message
 * and after the fixed part `min_off` (64-bit arithmetic in rd_buffer). */
static NTSTATUS read_field(struct rd *c, uint64_t min_off, const char *name,
                           struct smb2_blob *out)
{
	uint16_t l, maxl;
	uint32_t off;

	if (!rd_u16(c, &l) || !rd_u16(c, &maxl) || !rd_u32(c, &off))
		return rd_fail(c, name);
	return rd_buffer(c, off, l, min_off, 1, name, out);
}

static bool read_version(struct rd *c, struct ntlmssp_version *v)
{
	uint8_t reserved[3];

	return rd_u8(c, &v->major) && rd_u8(c, &v->minor) && rd_u16(c, &v->build) &&
	       rd_bytes(c, reserved, 3) && rd_u8(c, &v->revision);
}

static void put_version(struct wr *w, const struct ntlmssp_version *v)
{
	wr_u8(w, v->major);
	wr_u8(w, v->minor);
	wr_u16(w, v->build);
	wr_zero(w, 3);
	wr_u8(w, v->revision);
}

/* Fields whose payload is written later: remember where. */
struct field_pos {
	size_t at; /* absolute writer position of Len */
};

static void put_field_hole(struct wr *w, struct field_pos *f)
{
	f->at = w->len;
	wr_zero(w, 8);
}

static void put_field_data(struct wr *w, size_t start, const struct field_pos *f,
                           struct smb2_blob b)
{
	size_t off = w->len - start;

	if (b.len > UINT16_MAX || off > UINT32_MAX) {
		w->err = true;
		return;
	}
	wr_put_u16_at(w, f->at, (uint16_t)b.len);
	wr_put_u16_at(w, f->at + 2, (uint16_t)b.len);
	wr_put_u32_at(w, f->at + 4, (uint32_t)off);
	wr_bytes(w, b.p, b.len);
}

/* ---- NEGOTIATE (MS-NLMP 2.2.1.1) ------------------------------------- */

NTSTATUS ntlmssp_negotiate_decode(const uint8_t *p, size_t len, struct ntlmssp_negotiate *out)
{
	struct ntlmssp_negotiate r;
	struct rd c;
	NTSTATUS st;

	rd_init(&c, p, len);
	memset(&r, 0, sizeof(r));
	st = read_head(&c, NTLMSSP_NEGOTIATE_MSG);
	if (st)
		return st;
	if (!rd_u32(&c, &r.flags))
		return rd_fail(&c, "NEGOTIATE.NegotiateFlags");
	uint64_t fixed = NTLMSSP_NEGOTIATE_FIXED;
	/* MS-NLMP 2.2.1.1: Version follows the two fields with NEGOTIATE_VERSION. */
	if (r.flags & NTLMSSP_NEGOTIATE_VERSION)
		fixed += NTLMSSP_VERSION_SIZE;
	st = read_field(&c, fixed, "NEGOTIATE.DomainNameFields", &r.domain);
	if (st)
		return st;
	st = read_field(&c, fixed, "NEGOTIATE.WorkstationFields", &r.workstation);
	if (st)
		return st;
	if (r.flags & NTLMSSP_NEGOTIATE_VERSION) {
		if (!read_version(&c, &r.version))
			return rd_fail(&c, "NEGOTIATE.Version");
		r.has_version = true;
	}
	*out = r;
	return STATUS_SUCCESS;
}

NTSTATUS ntlmssp_negotiate_encode(struct wr *w, const struct ntlmssp_negotiate *in)
{
	size_t start = w->len;
	struct field_pos dom, ws;

	wr_bytes(w, ntlmssp_sig, 8);
	wr_u32(w, NTLMSSP_NEGOTIATE_MSG);
	wr_u32(w, in->flags);
	put_field_hole(w, &dom);
	put_field_hole(w, &ws);
	if (in->flags & NTLMSSP_NEGOTIATE_VERSION)
		put_version(w, &in->version);
	if (in->domain.len)
		put_field_data(w, start, &dom, in->domain);
	if (in->workstation.len)
		put_field_data(w, start, &ws, in->workstation);
	return wr_status(w);
}

/* ---- AV pairs (MS-NLMP 2.2.2.1) -------------------------------------- */

NTSTATUS ntlmssp_av_parse(const uint8_t *p, size_t len, struct ntlmssp_av_info *out)
{
	struct ntlmssp_av_info r;
	struct rd c;
	uint32_t seen = 0;

	memset(&r, 0, sizeof(r));
	rd_init(&c, p, len);
	for (;;) {
		uint16_t id, alen;
		const uint8_t *v;

		if (r.n_pairs >= NTLMSSP_MAX_AV_PAIRS)
			return rd_fail(&c, "AV_PAIR count");
		if (!rd_u16(&c, &id) || !rd_u16(&c, &alen) || !rd_ptr(&c, alen, &v))
			return rd_fail(&c, "AV_PAIR"); /* pair past the list */
		r.n_pairs++;
		if (id == MSV_AV_EOL) {
			if (alen != 0)
				return rd_fail(&c, "AV_PAIR.MsvAvEOL");
			break;
		}
		if (id <= MSV_AV_CHANNEL_BINDINGS) {
			if (seen & (1u << id))
				return rd_fail(&c, "AV_PAIR duplicate");
			seen |= 1u << id;
		}
		struct smb2_blob b = { v, alen };
		switch (id) {
		case MSV_AV_NB_COMPUTER_NAME:
			r.nb_computer = b;
			break;
		case MSV_AV_NB_DOMAIN_NAME:
			r.nb_domain = b;
			break;
		case MSV_AV_DNS_COMPUTER_NAME:
			r.dns_computer = b;
			break;
		case MSV_AV_DNS_DOMAIN_NAME:
			r.dns_domain = b;
			break;
		case MSV_AV_DNS_TREE_NAME:
			r.dns_tree = b;
			break;
		case MSV_AV_TARGET_NAME:
			r.target_name = b;
			break;
		case MSV_AV_FLAGS:
			if (alen != 4)
				return rd_fail(&c, "AV_PAIR.MsvAvFlags");
			r.has_flags = true;
			r.flags = le32(v);
			break;
		case MSV_AV_TIMESTAMP:
			if (alen != 8)
				return rd_fail(&c, "AV_PAIR.MsvAvTimestamp");
			r.has_timestamp = true;
			r.timestamp = le64(v);
			break;
		case MSV_AV_SINGLE_HOST:
			/* 2.2.2.2 Single_Host_Data: Size, Z4, CustomData 8,
			 * MachineID 32; Size counts the whole structure. */
			if (alen < 48 || le32(v) < 48 || le32(v) > alen)
				return rd_fail(&c, "AV_PAIR.MsvAvSingleHost");
			r.has_single_host = true;
			r.single_host = b;
			break;
		case MSV_AV_CHANNEL_BINDINGS:
			if (alen != 16)
				return rd_fail(&c, "AV_PAIR.MsvAvChannelBindings");
			r.has_channel_bindings = true;
			memcpy(r.channel_bindings, v, 16);
			break;
		default:
			break; /* MUST be ignored on receipt */
		}
	}
	r.list_len = (uint32_t)c.pos;
	*out = r;
	return STATUS_SUCCESS;
}

bool ntlmssp_av_next(const uint8_t *p, size_t len, size_t *pos, uint16_t *id,
                     struct smb2_blob *value)
{
	struct rd c;
	uint16_t i, l;
	const uint8_t *v;

	rd_init(&c, p, len);
	if (!rd_seek(&c, *pos) || !rd_u16(&c, &i) || !rd_u16(&c, &l) || !rd_ptr(&c, l, &v))
		return false;
	if (i == MSV_AV_EOL)
		return false;
	*id = i;
	value->p = v;
	value->len = l;
	*pos = c.pos;
	return true;
}

void ntlmssp_av_put(struct wr *w, uint16_t id, const void *value, size_t len)
{
	if (len > UINT16_MAX) {
		w->err = true;
		return;
	}
	wr_u16(w, id);
	wr_u16(w, (uint16_t)len);
	wr_bytes(w, value, len);
}

void ntlmssp_av_put_eol(struct wr *w)
{
	wr_u32(w, 0);
}

/* ---- CHALLENGE (MS-NLMP 2.2.1.2) ------------------------------------- */

NTSTATUS ntlmssp_challenge_decode(const uint8_t *p, size_t len, struct ntlmssp_challenge *out)
{
	struct ntlmssp_challenge r;
	struct rd c;
	NTSTATUS st;
	uint16_t tl, tml;
	uint32_t toff;
	uint8_t reserved[8];

	rd_init(&c, p, len);
	memset(&r, 0, sizeof(r));
	st = read_head(&c, NTLMSSP_CHALLENGE_MSG);
	if (st)
		return st;
	/* TargetNameFields precede NegotiateFlags, whose VERSION bit says how
	 * long the fixed part is: read the raw fields first. */
	if (!rd_u16(&c, &tl) || !rd_u16(&c, &tml) || !rd_u32(&c, &toff))
		return rd_fail(&c, "CHALLENGE.TargetNameFields");
	if (!rd_u32(&c, &r.flags))
		return rd_fail(&c, "CHALLENGE.NegotiateFlags");
	if (!rd_bytes(&c, r.server_challenge, 8) || !rd_bytes(&c, reserved, 8))
		return rd_fail(&c, "CHALLENGE.ServerChallenge");
	uint64_t fixed = NTLMSSP_CHALLENGE_FIXED;
	if (r.flags & NTLMSSP_NEGOTIATE_VERSION)
		fixed += NTLMSSP_VERSION_SIZE;
	st = read_field(&c, fixed, "CHALLENGE.TargetInfoFields", &r.target_info);
	if (st)
		return st;
	if (r.flags & NTLMSSP_NEGOTIATE_VERSION) {
		if (!read_version(&c, &r.version))
			return rd_fail(&c, "CHALLENGE.Version");
		r.has_version = true;
	}
	st = rd_buffer(&c, toff, tl, fixed, 1, "CHALLENGE.TargetName", &r.target_name);
	if (st)
		return st;
	if (r.target_info.len) {
		struct ntlmssp_av_info av;
		if (ntlmssp_av_parse(r.target_info.p, r.target_info.len, &av))
			return rd_fail(&c, "CHALLENGE.TargetInfo");
	}
	*out = r;
	return STATUS_SUCCESS;
}

NTSTATUS ntlmssp_challenge_encode(struct wr *w, const struct ntlmssp_challenge *in)
{
	size_t start = w->len;
	struct field_pos tn, ti;

	wr_bytes(w, ntlmssp_sig, 8);
	wr_u32(w, NTLMSSP_CHALLENGE_MSG);
	put_field_hole(w, &tn);
	wr_u32(w, in->flags);
	wr_bytes(w, in->server_challenge, 8);
	wr_zero(w, 8);
	put_field_hole(w, &ti);
	if (in->flags & NTLMSSP_NEGOTIATE_VERSION)
		put_version(w, &in->version);
	if (in->target_name.len)
		put_field_data(w, start, &tn, in->target_name);
	if (in->target_info.len)
		put_field_data(w, start, &ti, in->target_info);
	return wr_status(w);
}

/* ---- AUTHENTICATE (MS-NLMP 2.2.1.3) ---------------------------------- */

NTSTATUS ntlmssp_authenticate_decode(const uint8_t *p, size_t len,
                                     struct ntlmssp_authenticate *out)
{
	struct ntlmssp_authenticate r;
	struct rd c;
	NTSTATUS st;
	struct {
		uint16_t len;
		uint32_t off;
	} raw[6];
	struct smb2_blob *dst[6];
	static const char *const names[6] = {
		"AUTHENTICATE.LmChallengeResponse", "AUTHENTICATE.NtChallengeResponse",
		"AUTHENTICATE.DomainName", "AUTHENTICATE.UserName",
		"AUTHENTICATE.Workstation", "AUTHENTICATE.EncryptedRandomSessionKey",
	};

	rd_init(&c, p, len);
	memset(&r, 0, sizeof(r));
	dst[0] = &r.lm_response, dst[1] = &r.nt_response, dst[2] = &r.domain;
	dst[3] = &r.user, dst[4] = &r.workstation, dst[5] = &r.enc_session_key;
	st = read_head(&c, NTLMSSP_AUTHENTICATE_MSG);
	if (st)
		return st;
	for (int i = 0; i < 6; i++) {
		uint16_t maxl;
		if (!rd_u16(&c, &raw[i].len) || !rd_u16(&c, &maxl) || !rd_u32(&c, &raw[i].off))
			return rd_fail(&c, names[i]);
	}
	if (!rd_u32(&c, &r.flags))
		return rd_fail(&c, "AUTHENTICATE.NegotiateFlags");
	/* The fixed part: 64 bytes, Version (8) with NEGOTIATE_VERSION, then
	 * the MIC (16) when present.  MS-NLMP 2.2.1.3 does not flag the MIC;
	 * it is there when no payload starts before its end. */
	uint64_t fixed = NTLMSSP_AUTHENTICATE_FIXED;
	uint64_t first = UINT64_MAX;
	for (int i = 0; i < 6; i++)
		if (raw[i].len && raw[i].off < first)
			first = raw[i].off;
	if (r.flags & NTLMSSP_NEGOTIATE_VERSION) {
		if (!read_version(&c, &r.version))
			return rd_fail(&c, "AUTHENTICATE.Version");
		r.has_version = true;
		fixed += NTLMSSP_VERSION_SIZE;
	}
	if (first >= NTLMSSP_AUTH_MIC_OFFSET + NTLMSSP_MIC_SIZE &&
	    (r.flags & NTLMSSP_NEGOTIATE_VERSION) &&
	    rd_left(&c) >= NTLMSSP_MIC_SIZE) {
		if (!rd_bytes(&c, r.mic, NTLMSSP_MIC_SIZE))
			return rd_fail(&c, "AUTHENTICATE.MIC");
		r.has_mic = true;
		fixed += NTLMSSP_MIC_SIZE;
	}
	for (int i = 0; i < 6; i++) {
		st = rd_buffer(&c, raw[i].off, raw[i].len, fixed, 1, names[i], dst[i]);
		if (st)
			return st;
	}
	/* MS-NLMP 2.2.1.3: strings are UTF-16 when UNICODE is negotiated;
	 * odd lengths cannot be. */
	if ((r.flags & NTLMSSP_NEGOTIATE_UNICODE) &&
	    ((r.domain.len | r.user.len | r.workstation.len) & 1))
		return rd_fail(&c, "AUTHENTICATE.UserName");
	*out = r;
	return STATUS_SUCCESS;
}

NTSTATUS ntlmssp_authenticate_encode(struct wr *w, const struct ntlmssp_authenticate *in)
{
	size_t start = w->len;
	struct field_pos f[6];
	const struct smb2_blob *src[6] = {
		&in->lm_response, &in->nt_response, &in->domain,
		&in->user, &in->workstation, &in->enc_session_key,
	};
	/* Payload order as Windows and the MS-NLMP 4.2 examples lay it out:
	 * domain, user, workstation, LM, NT, session key. */
	static const int order[6] = { 2, 3, 4, 0, 1, 5 };

	wr_bytes(w, ntlmssp_sig, 8);
	wr_u32(w, NTLMSSP_AUTHENTICATE_MSG);
	for (int i = 0; i < 6; i++)
		put_field_hole(w, &f[i]);
	wr_u32(w, in->flags);
	if (in->flags & NTLMSSP_NEGOTIATE_VERSION)
		put_version(w, &in->version);
	else if (in->has_mic)
		return STATUS_INVALID_PARAMETER; /* the MIC sits after Version */
	if (in->has_mic)
		wr_bytes(w, in->mic, NTLMSSP_MIC_SIZE);
	for (int k = 0; k < 6; k++) {
		int i = order[k];
		if (src[i]->len) {
			put_field_data(w, start, &f[i], *src[i]);
		} else if (wr_ok(w)) {
			/* Empty fields point at the payload position. */
			wr_put_u32_at(w, f[i].at + 4, (uint32_t)(w->len - start));
		}
	}
	return wr_status(w);
}

/* ---- NTLMv2 response (MS-NLMP 2.2.2.7, 2.2.2.8) ---------------------- */

NTSTATUS ntlmssp_v2_response_decode(const uint8_t *p, size_t len,
                                    struct ntlmssp_v2_client_challenge *out)
{
	struct ntlmssp_v2_client_challenge r;
	struct rd c;
	uint8_t resp_type, hi_type, skip[16];
	uint32_t reserved3;

	rd_init(&c, p, len);
	memset(&r, 0, sizeof(r));
	/* NTProofStr 16, RespType 1, HiRespType 1, Reserved1 2, Reserved2 4,
	 * TimeStamp 8, ChallengeFromClient 8, Reserved3 4, AvPairs. */
	if (!rd_bytes(&c, skip, 16))
		return rd_fail(&c, "NTLMv2_RESPONSE.Response");
	if (!rd_u8(&c, &resp_type) || !rd_u8(&c, &hi_type) || resp_type != 1 || hi_type != 1)
		return rd_fail(&c, "NTLMv2_CLIENT_CHALLENGE.RespType");
	if (!rd_skip(&c, 6) || !rd_u64(&c, &r.timestamp) ||
	    !rd_bytes(&c, r.client_challenge, 8) || !rd_u32(&c, &reserved3))
		return rd_fail(&c, "NTLMv2_CLIENT_CHALLENGE");
	r.av_pairs.p = p + c.pos;
	r.av_pairs.len = (uint32_t)rd_left(&c);
	if (ntlmssp_av_parse(r.av_pairs.p, r.av_pairs.len, &r.av))
		return rd_fail(&c, "NTLMv2_CLIENT_CHALLENGE.AvPairs");
	*out = r;
	return STATUS_SUCCESS;
}
