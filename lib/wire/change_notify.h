/* SMB2 CHANGE_NOTIFY request and response (MS-SMB2 2.2.35, 2.2.36). */
#ifndef SMBSIM_WIRE_CHANGE_NOTIFY_H
#define SMBSIM_WIRE_CHANGE_NOTIFY_H

#include "wire/cursor.h"
#include "wire/smb2.h"

/* MS-SMB2 2.2.35: Flags */
#define SMB2_WATCH_TREE 0x0001

/* MS-SMB2 2.2.35: CompletionFilter */
#define FILE_NOTIFY_CHANGE_FILE_NAME 0x00000001u
#define FILE_NOTIFY_CHANGE_DIR_NAME 0x00000002u
#define FILE_NOTIFY_CHANGE_ATTRIBUTES 0x00000004u
#define FILE_NOTIFY_CHANGE_SIZE 0x00000008u
#define FILE_NOTIFY_CHANGE_LAST_WRITE 0x00000010u
#define FILE_NOTIFY_CHANGE_LAST_ACCESS 0x00000020u
#define FILE_NOTIFY_CHANGE_CREATION 0x00000040u
#define FILE_NOTIFY_CHANGE_EA 0x00000080u
#define FILE_NOTIFY_CHANGE_SECURITY 0x00000100u
#define FILE_NOTIFY_CHANGE_STREAM_NAME 0x00000200u
#define FILE_NOTIFY_CHANGE_STREAM_SIZE 0x00000400u
#define FILE_NOTIFY_CHANGE_STREAM_WRITE 0x00000800u

struct smb2_change_notify_req {
	uint16_t flags;
	uint32_t output_buffer_length;
	struct smb2_fileid file_id;
	uint32_t completion_filter;
};

struct smb2_change_notify_rsp {
	struct smb2_blob buffer;   /* FILE_NOTIFY_INFORMATION chain: notify_info.h */
};

WUR NTSTATUS smb2_change_notify_req_decode(struct rd *c, struct smb2_change_notify_req *out);
NTSTATUS smb2_change_notify_req_encode(struct wr *w, const struct smb2_change_notify_req *in);
WUR NTSTATUS smb2_change_notify_rsp_decode(struct rd *c, struct smb2_change_notify_rsp *out);
NTSTATUS smb2_change_notify_rsp_encode(struct wr *w, const struct smb2_change_notify_rsp *in);

#endif
