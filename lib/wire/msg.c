/* Any SMB2 message to a tagged union and back (dispatch on command and
 * direction). */
#include <stdio.h>

#include "wire/msg.h"

typedef NTSTATUS (*body_dec)(struct rd *c, void *out);
typedef NTSTATUS (*body_enc)(struct wr *w, const void *in);

/* Adapters from each typed codec to the table's generic types. */
#define CODEC(x)                                                                  \
	static NTSTATUS x##_req_dec(struct rd *c, void *o) { return smb2_##x##_req_decode(c, o); } \
	static NTSTATUS x##_req_enc(struct wr *w, const void *i) { return smb2_##x##_req_encode(w, i); } \
	static NTSTATUS x##_rsp_dec(struct rd *c, void *o) { return smb2_##x##_rsp_decode(c, o); } \
	static NTSTATUS x##_rsp_enc(struct wr *w, const void *i) { return smb2_##x##_rsp_encode(w, i); }

CODEC(negotiate)
CODEC(session_setup)
CODEC(logoff)
CODEC(tree_connect)
CODEC(tree_disconnect)
CODEC(create)
CODEC(close)
CODEC(flush)
CODEC(read)
CODEC(write)
CODEC(lock)
CODEC(ioctl)
CODEC(echo)
CODEC(query_directory)
CODEC(change_notify)
CODEC(query_info)
CODEC(set_info)
CODEC(oplock_break)
#undef CODEC

static NTSTATUS cancel_req_dec(struct rd *c, void *o)
{
	return smb2_cancel_req_decode(c, o);
}

static NTSTATUS cancel_req_enc(struct wr *w, const void *i)
{
	return smb2_cancel_req_encode(w, i);
}

static NTSTATUS error_dec(struct rd *c, void *o)
{
	return smb2_error_rsp_decode(c, o);
}

static NTSTATUS error_enc(struct wr *w, const void *i)
{
	return smb2_error_rsp_encode(w, i);
}

struct codec {
	body_dec req_dec;
	body_enc req_enc;
	body_dec rsp_dec; /* NULL: the command has no response (CANCEL) */
	body_enc rsp_enc;
};

#define ROW(cmd, x) [cmd] = { x##_req_dec, x##_req_enc, x##_rsp_dec, x##_rsp_enc }

static const struct codec codecs[SMB2_COMMAND_COUNT] = {
	ROW(SMB2_NEGOTIATE, negotiate),
	ROW(SMB2_SESSION_SETUP, session_setup),
	ROW(SMB2_LOGOFF, logoff),
	ROW(SMB2_TREE_CONNECT, tree_connect),
	ROW(SMB2_TREE_DISCONNECT, tree_disconnect),
	ROW(SMB2_CREATE, create),
	ROW(SMB2_CLOSE, close),
	ROW(SMB2_FLUSH, flush),
	ROW(SMB2_READ, read),
	ROW(SMB2_WRITE, write),
	ROW(SMB2_LOCK, lock),
	ROW(SMB2_IOCTL, ioctl),
	[SMB2_CANCEL] = { cancel_req_dec, cancel_req_enc, NULL, NULL },
	ROW(SMB2_ECHO, echo),
	ROW(SMB2_QUERY_DIRECTORY, query_directory),
	ROW(SMB2_CHANGE_NOTIFY, change_notify),
	ROW(SMB2_QUERY_INFO, query_info),
	ROW(SMB2_SET_INFO, set_info),
	ROW(SMB2_OPLOCK_BREAK, oplock_break),
};
#undef ROW

bool smb2_msg_is_error_rsp(const struct smb2_hdr *h, uint16_t structure_size)
{
	if (!smb2_hdr_is_response(h) || h->status == STATUS_SUCCESS ||
	    structure_size != SMB2_ERROR_RSP_SIZE)
		return false;
	/* MS-SMB2 3.3.4.4: statuses that are not failures for these
	 * commands, whose own responses are also 9 bytes. */
	switch (h->command) {
	case SMB2_SESSION_SETUP:
		return h->status != STATUS_MORE_PROCESSING_REQUIRED;
	case SMB2_QUERY_INFO:
		return h->status != STATUS_BUFFER_OVERFLOW;
	case SMB2_CHANGE_NOTIFY:
		return h->status != STATUS_NOTIFY_ENUM_DIR;
	default:
		return true;
	}
}

NTSTATUS smb2_msg_decode(struct rd *c, struct smb2_msg *out)
{
	struct smb2_hdr h;
	uint16_t size = 0;
	uint16_t kind;
	body_dec dec;
	NTSTATUS st;

	st = smb2_hdr_decode(c, &h);
	if (st)
		return st;
	if (rd_left(c) >= 2)
		size = le16(c->base + c->pos);
	if (smb2_hdr_is_response(&h) && smb2_msg_is_error_rsp(&h, size)) {
		kind = SMB2_MSG_ERROR;
		dec = error_dec;
	} else if (h.command >= SMB2_COMMAND_COUNT) {
		return rd_fail(c, "Header.Command");
	} else if (smb2_hdr_is_response(&h)) {
		kind = SMB2_MSG_RSP(h.command);
		dec = codecs[h.command].rsp_dec;
	} else {
		kind = SMB2_MSG_REQ(h.command);
		dec = codecs[h.command].req_dec;
	}
	if (!dec)
		return rd_fail(c, "Header.Command");
	/* Body decoders write their output only on success. */
	st = dec(c, &out->u);
	if (st)
		return st;
	out->hdr = h;
	out->kind = kind;
	return STATUS_SUCCESS;
}

/* The encoder for a kind, checked against the header. */
static body_enc encoder_for(const struct smb2_msg *m)
{
	bool rsp = smb2_hdr_is_response(&m->hdr);
	uint16_t cmd = m->hdr.command;

	if (m->kind == SMB2_MSG_ERROR)
		return rsp ? error_enc : NULL;
	if (cmd >= SMB2_COMMAND_COUNT)
		return NULL;
	if (m->kind == SMB2_MSG_REQ(cmd) && !rsp)
		return codecs[cmd].req_enc;
	if (m->kind == SMB2_MSG_RSP(cmd) && rsp)
		return codecs[cmd].rsp_enc;
	return NULL;
}

NTSTATUS smb2_msg_encode(struct wr *w, const struct smb2_msg *m)
{
	body_enc enc = encoder_for(m);
	NTSTATUS st;

	if (!enc)
		return STATUS_INVALID_PARAMETER;
	st = smb2_hdr_encode(w, &m->hdr);
	if (st)
		return st;
	return enc(w, &m->u);
}

static const char *const kind_names[SMB2_MSG_BASE + 2 * SMB2_COMMAND_COUNT] = {
	[SMB2_MSG_NONE] = "UNKNOWN",
	[SMB2_MSG_ERROR] = "ERROR",
#define NAMES(cmd, s) [SMB2_MSG_REQ(cmd)] = s " request", [SMB2_MSG_RSP(cmd)] = s " response"
	NAMES(SMB2_NEGOTIATE, "NEGOTIATE"),
	NAMES(SMB2_SESSION_SETUP, "SESSION_SETUP"),
	NAMES(SMB2_LOGOFF, "LOGOFF"),
	NAMES(SMB2_TREE_CONNECT, "TREE_CONNECT"),
	NAMES(SMB2_TREE_DISCONNECT, "TREE_DISCONNECT"),
	NAMES(SMB2_CREATE, "CREATE"),
	NAMES(SMB2_CLOSE, "CLOSE"),
	NAMES(SMB2_FLUSH, "FLUSH"),
	NAMES(SMB2_READ, "READ"),
	NAMES(SMB2_WRITE, "WRITE"),
	NAMES(SMB2_LOCK, "LOCK"),
	NAMES(SMB2_IOCTL, "IOCTL"),
	[SMB2_MSG_REQ(SMB2_CANCEL)] = "CANCEL request",
	NAMES(SMB2_ECHO, "ECHO"),
	NAMES(SMB2_QUERY_DIRECTORY, "QUERY_DIRECTORY"),
	NAMES(SMB2_CHANGE_NOTIFY, "CHANGE_NOTIFY"),
	NAMES(SMB2_QUERY_INFO, "QUERY_INFO"),
	NAMES(SMB2_SET_INFO, "SET_INFO"),
	NAMES(SMB2_OPLOCK_BREAK, "OPLOCK_BREAK"),
#undef NAMES
};

const char *smb2_msg_kind_name(uint16_t kind)
{
	if (kind < sizeof(kind_names) / sizeof(kind_names[0]) && kind_names[kind])
		return kind_names[kind];
	return "UNKNOWN";
}

int smb2_msg_describe(const struct smb2_msg *m, char *buf, size_t len)
{
	const struct smb2_hdr *h = &m->hdr;
	char ids[96];
	const char *what;
	char status[64];

	if (smb2_hdr_is_async(h))
		snprintf(ids, sizeof(ids), "mid=%llu async=0x%llx sid=0x%llx",
		         (unsigned long long)h->message_id, (unsigned long long)h->async_id,
		         (unsigned long long)h->session_id);
	else
		snprintf(ids, sizeof(ids), "mid=%llu sid=0x%llx tid=0x%x",
		         (unsigned long long)h->message_id, (unsigned long long)h->session_id,
		         (unsigned)h->tree_id);
	if (smb2_hdr_is_response(h))
		snprintf(status, sizeof(status), "%s", nt_status_name(h->status));
	else
		snprintf(status, sizeof(status), "csn=%u", (unsigned)smb2_hdr_channel_sequence(h));
	if (m->kind == SMB2_MSG_ERROR)
		return snprintf(buf, len, "%s error response %s %s", smb2_command_name(h->command),
		                status, ids);
	what = smb2_msg_kind_name(m->kind);
	return snprintf(buf, len, "%s %s %s", what, status, ids);
}
