/*
 * Any SMB2 message as a tagged union: the header plus the body of its
 * command and direction, or an ERROR body (MS-SMB2 2.2.2).
 *
 * Which body a response carries (MS-SMB2 3.3.4.4, 3.2.5.1): a response
 * whose Status is not STATUS_SUCCESS and whose body StructureSize is 9 is
 * an ERROR response, interim STATUS_PENDING responses included, except where
 * the spec says the status is not a failure and the command's own body
 * follows:
 *   - SESSION_SETUP with STATUS_MORE_PROCESSING_REQUIRED (its own
 *     StructureSize is 9 too);
 *   - QUERY_INFO with STATUS_BUFFER_OVERFLOW (also 9);
 *   - CHANGE_NOTIFY with STATUS_NOTIFY_ENUM_DIR (also 9).
 * Other non-failure statuses (STATUS_BUFFER_OVERFLOW on READ and IOCTL,
 * STATUS_INVALID_PARAMETER on a copychunk IOCTL) come with bodies whose
 * StructureSize is not 9, so the size rule already sends them to the
 * command's decoder.
 */
#ifndef SMBSIM_WIRE_MSG_H
#define SMBSIM_WIRE_MSG_H

#include <stddef.h>
#include <stdint.h>

#include "wire/cancel.h"
#include "wire/change_notify.h"
#include "wire/close.h"
#include "wire/create.h"
#include "wire/cursor.h"
#include "wire/echo.h"
#include "wire/error.h"
#include "wire/flush.h"
#include "wire/hdr.h"
#include "wire/ioctl.h"
#include "wire/lock.h"
#include "wire/logoff.h"
#include "wire/negotiate.h"
#include "wire/oplock_break.h"
#include "wire/query_directory.h"
#include "wire/query_info.h"
#include "wire/read.h"
#include "wire/session_setup.h"
#include "wire/set_info.h"
#include "wire/tree_connect.h"
#include "wire/tree_disconnect.h"
#include "wire/write.h"

/* The body a struct smb2_msg holds.  For command C, requests are
 * SMB2_MSG_REQ(C) and responses SMB2_MSG_RSP(C). */
enum smb2_msg_kind {
	SMB2_MSG_NONE = 0,
	SMB2_MSG_ERROR = 1,
	SMB2_MSG_BASE = 2,
};
#define SMB2_MSG_REQ(cmd) ((uint16_t)(SMB2_MSG_BASE + 2 * (cmd)))
#define SMB2_MSG_RSP(cmd) ((uint16_t)(SMB2_MSG_BASE + 2 * (cmd) + 1))

struct smb2_msg {
	struct smb2_hdr hdr;
	uint16_t kind;          /* SMB2_MSG_ERROR, SMB2_MSG_REQ(c), SMB2_MSG_RSP(c) */
	union {
		struct smb2_error_rsp error;
		struct smb2_negotiate_req negotiate_req;
		struct smb2_negotiate_rsp negotiate_rsp;
		struct smb2_session_setup_req session_setup_req;
		struct smb2_session_setup_rsp session_setup_rsp;
		struct smb2_logoff_req logoff_req;
		struct smb2_logoff_rsp logoff_rsp;
		struct smb2_tree_connect_req tree_connect_req;
		struct smb2_tree_connect_rsp tree_connect_rsp;
		struct smb2_tree_disconnect_req tree_disconnect_req;
		struct smb2_tree_disconnect_rsp tree_disconnect_rsp;
		struct smb2_create_req create_req;
		struct smb2_create_rsp create_rsp;
		struct smb2_close_req close_req;
		struct smb2_close_rsp close_rsp;
		struct smb2_flush_req flush_req;
		struct smb2_flush_rsp flush_rsp;
		struct smb2_read_req read_req;
		struct smb2_read_rsp read_rsp;
		struct smb2_write_req write_req;
		struct smb2_write_rsp write_rsp;
		struct smb2_lock_req lock_req;
		struct smb2_lock_rsp lock_rsp;
		struct smb2_ioctl_req ioctl_req;
		struct smb2_ioctl_rsp ioctl_rsp;
		struct smb2_cancel_req cancel_req;
		struct smb2_echo_req echo_req;
		struct smb2_echo_rsp echo_rsp;
		struct smb2_query_directory_req query_directory_req;
		struct smb2_query_directory_rsp query_directory_rsp;
		struct smb2_change_notify_req change_notify_req;
		struct smb2_change_notify_rsp change_notify_rsp;
		struct smb2_query_info_req query_info_req;
		struct smb2_query_info_rsp query_info_rsp;
		struct smb2_set_info_req set_info_req;
		struct smb2_set_info_rsp set_info_rsp;
		struct smb2_oplock_break_req oplock_break_req;
		struct smb2_oplock_break_rsp oplock_break_rsp;
	} u;
};

/* Does a response with this header carry an ERROR body, given its body's
 * StructureSize?  (The rule in the comment at the top.) */
bool smb2_msg_is_error_rsp(const struct smb2_hdr *h, uint16_t structure_size);

/*
 * Decode one message: c spans exactly it (base = header, pos 0, len = to
 * NextCommand or the frame end, as smb2_compound_next() gives it).  The
 * direction comes from SMB2_FLAGS_SERVER_TO_REDIR.  Unknown commands and a
 * response to CANCEL (there is none, MS-SMB2 2.2.30) that is not an error
 * body are STATUS_INVALID_PARAMETER.  Errors are recorded in c by the
 * decoder that met them (c->err_field, c->err_off).  *out is written only
 * on success.
 */
WUR NTSTATUS smb2_msg_decode(struct rd *c, struct smb2_msg *out);

/* Encode header and body.  The kind must match the header's command and
 * direction (an ERROR body needs SERVER_TO_REDIR): else
 * STATUS_INVALID_PARAMETER and nothing is written. */
NTSTATUS smb2_msg_encode(struct wr *w, const struct smb2_msg *m);

/* "CREATE request", "READ response", "ERROR" or "UNKNOWN". */
const char *smb2_msg_kind_name(uint16_t kind);

/*
 * One line for tools, e.g.
 *   "CREATE response STATUS_SUCCESS mid=7 sid=0x100000009 tid=0x3"
 *   "IOCTL error response STATUS_PENDING mid=9 async=0x12 sid=0x5"
 * Requests show no status (3.x puts ChannelSequence there: shown as csn=).
 * Always NUL-terminates (when len > 0); returns what snprintf returns.
 */
int smb2_msg_describe(const struct smb2_msg *m, char *buf, size_t len);

#endif
