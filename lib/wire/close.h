/* SMB2 CLOSE request and response (MS-SMB2 2.2.15, 2.2.16). */
#ifndef SMBSIM_WIRE_CLOSE_H
#define SMBSIM_WIRE_CLOSE_H

#include "wire/cursor.h"
#include "wire/smb2.h"

#define SMB2_CLOSE_FLAG_POSTQUERY_ATTRIB 0x0001

struct smb2_close_req {
	uint16_t flags;
	struct smb2_fileid file_id;
};

struct smb2_close_rsp {
	uint16_t flags;
	uint64_t creation_time;
	uint64_t last_access_time;
	uint64_t last_write_time;
	uint64_t change_time;
	uint64_t allocation_size;
	uint64_t end_of_file;
	uint32_t file_attributes;
};

WUR NTSTATUS smb2_close_req_decode(struct rd *c, struct smb2_close_req *out);
NTSTATUS smb2_close_req_encode(struct wr *w, const struct smb2_close_req *in);
WUR NTSTATUS smb2_close_rsp_decode(struct rd *c, struct smb2_close_rsp *out);
NTSTATUS smb2_close_rsp_encode(struct wr *w, const struct smb2_close_rsp *in);

#endif
