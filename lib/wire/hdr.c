/* SMB2 packet header (MS-SMB2 2.2.1). */
#include "wire/hdr.h"

static const char *const command_names[SMB2_COMMAND_COUNT] = {
	"NEGOTIATE", "SESSION_SETUP", "LOGOFF", "TREE_CONNECT",
	"TREE_DISCONNECT", "CREATE", "CLOSE", "FLUSH", "READ", "WRITE",
	"LOCK", "IOCTL", "CANCEL", "ECHO", "QUERY_DIRECTORY",
	"CHANGE_NOTIFY", "QUERY_INFO", "SET_INFO", "OPLOCK_BREAK",
};

const char *smb2_command_name(uint16_t command)
{
	return command < SMB2_COMMAND_COUNT ? command_names[command] : "UNKNOWN";
}

NTSTATUS smb2_hdr_decode(struct rd *c, struct smb2_hdr *out)
{
	struct smb2_hdr h;
	uint32_t magic;
	uint16_t size;

	if (c->pos != 0)
		return rd_fail(c, "Header.position");
	if (!rd_u32(c, &magic))
		return rd_fail(c, "Header.ProtocolId");
	if (magic != SMB2_MAGIC) {
		c->pos = 0;
		return rd_fail(c, "Header.ProtocolId");
	}
	if (!rd_u16(c, &size))
		return rd_fail(c, "Header.StructureSize");
	if (size != SMB2_HDR_SIZE) {
		c->pos -= 2;
		return rd_fail(c, "Header.StructureSize");
	}
	if (rd_left(c) < SMB2_HDR_SIZE - 6) {
		c->pos = 0;
		return rd_fail(c, "Header");
	}
	/* From here every read is within the 64 bytes just checked. */
	(void)!rd_u16(c, &h.credit_charge);
	(void)!rd_u32(c, &h.status);
	(void)!rd_u16(c, &h.command);
	(void)!rd_u16(c, &h.credit);
	(void)!rd_u32(c, &h.flags);
	(void)!rd_u32(c, &h.next_command);
	(void)!rd_u64(c, &h.message_id);
	if (h.flags & SMB2_FLAGS_ASYNC_COMMAND) {
		(void)!rd_u64(c, &h.async_id);
		h.process_id = 0;
		h.tree_id = 0;
	} else {
		h.async_id = 0;
		(void)!rd_u32(c, &h.process_id);
		(void)!rd_u32(c, &h.tree_id);
	}
	(void)!rd_u64(c, &h.session_id);
	(void)!rd_bytes(c, h.signature, 16);
	*out = h;
	return STATUS_SUCCESS;
}

NTSTATUS smb2_hdr_encode(struct wr *w, const struct smb2_hdr *h)
{
	w->msg = w->len;
	wr_u32(w, SMB2_MAGIC);
	wr_u16(w, SMB2_HDR_SIZE);
	wr_u16(w, h->credit_charge);
	wr_u32(w, h->status);
	wr_u16(w, h->command);
	wr_u16(w, h->credit);
	wr_u32(w, h->flags);
	wr_u32(w, h->next_command);
	wr_u64(w, h->message_id);
	if (h->flags & SMB2_FLAGS_ASYNC_COMMAND) {
		wr_u64(w, h->async_id);
	} else {
		wr_u32(w, h->process_id);
		wr_u32(w, h->tree_id);
	}
	wr_u64(w, h->session_id);
	wr_bytes(w, h->signature, 16);
	return wr_status(w);
}
