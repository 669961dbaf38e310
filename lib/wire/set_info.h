/* SMB2 SET_INFO request and response (MS-SMB2 2.2.39, 2.2.40).  InfoType
 * and AdditionalInformation values are in query_info.h. */
#ifndef SMBSIM_WIRE_SET_INFO_H
#define SMBSIM_WIRE_SET_INFO_H

#include "wire/cursor.h"
#include "wire/smb2.h"

struct smb2_set_info_req {
	uint8_t info_type;
	uint8_t file_info_class;
	uint32_t additional_information;
	struct smb2_fileid file_id;
	struct smb2_blob buffer;   /* the information to set, zero copy */
};

/* MS-SMB2 2.2.40: StructureSize only. */
struct smb2_set_info_rsp {
	uint8_t unused;
};

WUR NTSTATUS smb2_set_info_req_decode(struct rd *c, struct smb2_set_info_req *out);
NTSTATUS smb2_set_info_req_encode(struct wr *w, const struct smb2_set_info_req *in);
WUR NTSTATUS smb2_set_info_rsp_decode(struct rd *c, struct smb2_set_info_rsp *out);
NTSTATUS smb2_set_info_rsp_encode(struct wr *w, const struct smb2_set_info_rsp *in);

#endif
