/* SMB2 QUERY_DIRECTORY request and response (MS-SMB2 2.2.33, 2.2.34). */
#ifndef SMBSIM_WIRE_QUERY_DIRECTORY_H
#define SMBSIM_WIRE_QUERY_DIRECTORY_H

#include "wire/cursor.h"
#include "wire/smb2.h"

/* MS-SMB2 2.2.33: Flags */
#define SMB2_RESTART_SCANS 0x01
#define SMB2_RETURN_SINGLE_ENTRY 0x02
#define SMB2_INDEX_SPECIFIED 0x04
#define SMB2_REOPEN 0x10

struct smb2_query_directory_req {
	uint8_t file_info_class;   /* enum smb2_dirinfo_class */
	uint8_t flags;
	uint32_t file_index;
	struct smb2_fileid file_id;
	struct smb2_blob pattern;  /* UTF-16LE search pattern, zero copy */
	uint32_t output_buffer_length;
};

struct smb2_query_directory_rsp {
	struct smb2_blob buffer;   /* entries: iterate with dirinfo.h */
};

WUR NTSTATUS smb2_query_directory_req_decode(struct rd *c,
                                             struct smb2_query_directory_req *out);
NTSTATUS smb2_query_directory_req_encode(struct wr *w,
                                         const struct smb2_query_directory_req *in);
WUR NTSTATUS smb2_query_directory_rsp_decode(struct rd *c,
                                             struct smb2_query_directory_rsp *out);
NTSTATUS smb2_query_directory_rsp_encode(struct wr *w,
                                         const struct smb2_query_directory_rsp *in);

#endif
