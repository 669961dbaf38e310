/*
 * One NetBIOS session message to its events: an SMB2 frame split into its
 * compound members (lib/wire/compound.h), a transform frame decrypted
 * first when a key is known (sessions.c) or else shown as one encrypted
 * event, a compression transform shown as such, SMB1 (the multi-protocol
 * NEGOTIATE decoded).  Each SMB2 message goes through smb2_msg_decode();
 * when that fails the header alone is still decoded, so the event names
 * the command, and the failing field and offset come from struct rd.
 */
#include <string.h>

#include "pcap-replay/rp_int.h"
#include "wire/nbss.h"
#include "wire/smb2.h"

enum frame_kind {
	FK_CHAIN = 1,     /* SMB2 messages to split (plain or decrypted) */
	FK_ENCRYPTED,     /* one event: a transform left encrypted */
	FK_COMPRESSED,    /* one event */
	FK_SMB1,          /* one event */
};

/* SMB1 header (MS-CIFS 2.2.3.1): Command at 4, Flags at 9. */
#define SMB1_OFF_COMMAND 4
#define SMB1_OFF_FLAGS 9

void rp_frame_begin(struct rp_capture *cap, struct rp_stream *s, enum rp_dir dir,
                    const struct rp_frame *f)
{
	struct rp_cur *cur = &cap->cur;
	struct rp_half *h = &s->h[dir];
	uint32_t magic = smb2_frame_protocol(f->payload, f->len);

	memset(cur, 0, sizeof(*cur));
	cur->active = true;
	cur->s = s;
	cur->dir = dir;
	cur->frame = cur->smb = f->payload;
	cur->frame_len = cur->smb_len = f->len;
	cur->frame_off = f->off;
	cur->pframe = h->last_frame;
	cur->ts = h->last_ts;
	cur->crypt_status = STATUS_SUCCESS;
	switch (magic) {
	case SMB2_TRANSFORM_MAGIC: {
		struct rd c;
		struct smb2_blob payload;
		NTSTATUS st;

		cur->encrypted = true;
		cap->st.encrypted++;
		rd_init(&c, f->payload, f->len);
		st = smb2_transform_decode(&c, &cur->th, &payload);
		if (st != STATUS_SUCCESS) {
			cur->th_status = st;
			cur->th_field = c.err_field;
			cur->th_off = c.err_off;
			cur->kind = FK_ENCRYPTED;
			break;
		}
		st = rp_decrypt(cap, s, dir, f->payload, f->len, &cur->th, &cur->smb, &cur->smb_len);
		cur->crypt_status = st;
		if (st != STATUS_SUCCESS) {
			cur->kind = FK_ENCRYPTED;
			break;
		}
		cur->decrypted = true;
		cap->st.decrypted++;
		cur->kind = FK_CHAIN;
		break;
	}
	case SMB2_COMPRESSION_MAGIC:
		cur->kind = FK_COMPRESSED;
		break;
	case SMB1_MAGIC:
		cur->kind = FK_SMB1;
		break;
	default:
		cur->kind = FK_CHAIN;
		break;
	}
	if (cur->kind == FK_CHAIN) {
		NTSTATUS ignored;

		smb2_compound_init(&cur->it, cur->smb, cur->smb_len);
		cur->count = smb2_compound_count(cur->smb, cur->smb_len, &ignored);
	}
}

/* The fields every event of the current frame shares. */
static void msg_start(struct rp_capture *cap, struct rp_message *m, enum rp_msg_type type)
{
	struct rp_cur *cur = &cap->cur;

	m->type = type;
	m->frame = cur->pframe;
	m->ts_usec = cur->ts;
	m->stream = cur->s->info;
	m->dir = cur->dir;
	m->frame_off = cur->frame_off;
	m->frame_len = (uint32_t)cur->frame_len;
	m->msg_off = 0;
	m->raw = cur->frame;
	m->raw_len = cur->frame_len;
	m->chain_index = 0;
	m->chain_count = 1;
	m->related = false;
	m->encrypted = cur->encrypted;
	m->decrypted = cur->decrypted;
	m->crypt_status = cur->crypt_status;
	if (cur->encrypted)
		m->transform = cur->th;
	else
		memset(&m->transform, 0, sizeof(m->transform));
	m->have_hdr = false;
	m->decode_status = STATUS_SUCCESS;
	m->err_field = NULL;
	m->err_off = 0;
	m->m.kind = SMB2_MSG_NONE;
	m->smb1_command = 0;
	m->smb1.dialect_count = 0;
	m->sig = RP_SIG_NONE;
}

static void single(struct rp_capture *cap, struct rp_message *m)
{
	struct rp_cur *cur = &cap->cur;
	struct rd c;
	NTSTATUS st = STATUS_SUCCESS;

	rd_init(&c, cur->frame, cur->frame_len);
	switch (cur->kind) {
	case FK_ENCRYPTED:
		msg_start(cap, m, RP_MSG_ENCRYPTED);
		if (cur->th_status != STATUS_SUCCESS) {
			m->decode_status = cur->th_status;
			m->err_field = cur->th_field;
			m->err_off = cur->th_off;
		}
		return;
	case FK_COMPRESSED: {
		struct smb2_compress_hdr ch;

		msg_start(cap, m, RP_MSG_COMPRESSED);
		st = smb2_compress_decode(&c, &ch);
		break;
	}
	default: /* FK_SMB1 */
		if (cur->frame_len > SMB1_OFF_FLAGS &&
		    cur->frame[SMB1_OFF_COMMAND] == SMB1_COM_NEGOTIATE &&
		    !(cur->frame[SMB1_OFF_FLAGS] & SMB1_FLAGS_REPLY)) {
			msg_start(cap, m, RP_MSG_SMB1_NEGOTIATE);
			m->smb1_command = SMB1_COM_NEGOTIATE;
			st = smb1_negotiate_req_decode(&c, &m->smb1);
		} else {
			msg_start(cap, m, RP_MSG_SMB1);
			if (cur->frame_len > SMB1_OFF_COMMAND)
				m->smb1_command = cur->frame[SMB1_OFF_COMMAND];
			else
				st = rd_fail(&c, "SMB1.Command");
		}
		break;
	}
	if (st != STATUS_SUCCESS) {
		m->decode_status = st;
		m->err_field = c.err_field ? c.err_field : "SMB";
		m->err_off = c.err_off;
	}
}

static void smb2_message(struct rp_capture *cap, struct rp_message *m, const struct rd *msg)
{
	struct rp_cur *cur = &cap->cur;
	struct rd c = *msg, hc = *msg;
	NTSTATUS st;

	msg_start(cap, m, RP_MSG_SMB2);
	m->raw = msg->base;
	m->raw_len = msg->len;
	m->msg_off = (uint32_t)cur->it.offset;
	m->chain_index = cur->it.index;
	m->chain_count = cur->count ? cur->count : cur->it.count;
	m->related = cur->it.related;
	m->have_hdr = smb2_hdr_decode(&hc, &m->m.hdr) == STATUS_SUCCESS;
	st = smb2_msg_decode(&c, &m->m);
	if (st != STATUS_SUCCESS) {
		m->m.kind = SMB2_MSG_NONE;
		m->decode_status = st;
		m->err_field = c.err_field ? c.err_field : (hc.err_field ? hc.err_field : "Header");
		m->err_off = c.err_field ? c.err_off : hc.err_off;
	}
	if (m->have_hdr)
		rp_track_message(cap, cur->s, m);
}

bool rp_frame_next(struct rp_capture *cap)
{
	struct rp_cur *cur = &cap->cur;
	struct rp_message *m = &cap->msg;
	struct rd msg;

	if (!cur->active)
		return false;
	if (cur->kind != FK_CHAIN) {
		if (cur->single_done) {
			cur->active = false;
			return false;
		}
		cur->single_done = true;
		single(cap, m);
		return true;
	}
	if (smb2_compound_next(&cur->it, &msg)) {
		smb2_message(cap, m, &msg);
		return true;
	}
	if (cur->it.status != STATUS_SUCCESS)
		rp_damage_add(cap, RP_DMG_CHAIN, cur->pframe, cur->s, cur->dir,
		              cur->frame_off + SMB2_NBSS_HDR_SIZE +
		                      (cur->decrypted ? 0 : cur->it.err_off),
		              "%scompound chain of the frame at offset %llu broken after %u "
		              "messages: NextCommand at frame offset %zu (%s)",
		              cur->decrypted ? "decrypted " : "", (unsigned long long)cur->frame_off,
		              cur->it.count, cur->it.err_off, nt_status_name(cur->it.status));
	cur->active = false;
	return false;
}
