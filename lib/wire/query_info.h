/* SMB2 QUERY_INFO request and response (MS-SMB2 2.2.37, 2.2.38). */
#ifndef SMBSIM_WIRE_QUERY_INFO_H
#define SMBSIM_WIRE_QUERY_INFO_H

#include "wire/cursor.h"
#include "wire/smb2.h"

/* MS-SMB2 2.2.37: InfoType (also SET_INFO's, 2.2.39) */
#define SMB2_0_INFO_FILE 0x01
#define SMB2_0_INFO_FILESYSTEM 0x02
#define SMB2_0_INFO_SECURITY 0x03
#define SMB2_0_INFO_QUOTA 0x04

/* MS-SMB2 2.2.37: AdditionalInformation for SMB2_0_INFO_SECURITY */
#define OWNER_SECURITY_INFORMATION 0x00000001u
#define GROUP_SECURITY_INFORMATION 0x00000002u
#define DACL_SECURITY_INFORMATION 0x00000004u
#define SACL_SECURITY_INFORMATION 0x00000008u
#define LABEL_SECURITY_INFORMATION 0x00000010u
#define ATTRIBUTE_SECURITY_INFORMATION 0x00000020u
#define SCOPE_SECURITY_INFORMATION 0x00000040u
#define BACKUP_SECURITY_INFORMATION 0x00010000u

/* MS-SMB2 2.2.37: Flags (for FileFullEaInformation and quota queries) */
#define SL_RESTART_SCAN 0x00000001u
#define SL_RETURN_SINGLE_ENTRY 0x00000002u
#define SL_INDEX_SPECIFIED 0x00000004u

struct smb2_query_info_req {
	uint8_t info_type;
	uint8_t file_info_class;
	uint32_t output_buffer_length;
	struct smb2_blob input;    /* quota query or FILE_GET_EA_INFORMATION list */
	uint32_t additional_information;
	uint32_t flags;
	struct smb2_fileid file_id;
};

struct smb2_query_info_rsp {
	struct smb2_blob buffer;   /* decode with fileinfo.h, fsinfo.h, secdesc.h */
};

WUR NTSTATUS smb2_query_info_req_decode(struct rd *c, struct smb2_query_info_req *out);
NTSTATUS smb2_query_info_req_encode(struct wr *w, const struct smb2_query_info_req *in);
WUR NTSTATUS smb2_query_info_rsp_decode(struct rd *c, struct smb2_query_info_rsp *out);
NTSTATUS smb2_query_info_rsp_encode(struct wr *w, const struct smb2_query_info_rsp *in);

#endif
