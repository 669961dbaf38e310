/*
 * SMB2 CREATE request and response (MS-SMB2 2.2.13, 2.2.14), with the
 * constants their fields take.  Create contexts: wire/create_ctx.h.
 */
#ifndef SMBSIM_WIRE_CREATE_H
#define SMBSIM_WIRE_CREATE_H

#include "wire/create_ctx.h"
#include "wire/cursor.h"
#include "wire/smb2.h"

/* MS-SMB2 2.2.13: RequestedOplockLevel; 2.2.14: OplockLevel */
#define SMB2_OPLOCK_LEVEL_NONE 0x00
#define SMB2_OPLOCK_LEVEL_II 0x01
#define SMB2_OPLOCK_LEVEL_EXCLUSIVE 0x08
#define SMB2_OPLOCK_LEVEL_BATCH 0x09
#define SMB2_OPLOCK_LEVEL_LEASE 0xFF

/* MS-SMB2 2.2.13: ImpersonationLevel */
#define SMB2_IMPERSONATION_ANONYMOUS 0x00000000u
#define SMB2_IMPERSONATION_IDENTIFICATION 0x00000001u
#define SMB2_IMPERSONATION_IMPERSONATION 0x00000002u
#define SMB2_IMPERSONATION_DELEGATE 0x00000003u

/* MS-SMB2 2.2.13.1.1: File_Pipe_Printer_Access_Mask */
#define SMB2_FILE_READ_DATA 0x00000001u
#define SMB2_FILE_WRITE_DATA 0x00000002u
#define SMB2_FILE_APPEND_DATA 0x00000004u
#define SMB2_FILE_READ_EA 0x00000008u
#define SMB2_FILE_WRITE_EA 0x00000010u
#define SMB2_FILE_EXECUTE 0x00000020u
#define SMB2_FILE_DELETE_CHILD 0x00000040u
#define SMB2_FILE_READ_ATTRIBUTES 0x00000080u
#define SMB2_FILE_WRITE_ATTRIBUTES 0x00000100u
#define SMB2_DELETE 0x00010000u
#define SMB2_READ_CONTROL 0x00020000u
#define SMB2_WRITE_DAC 0x00040000u
#define SMB2_WRITE_OWNER 0x00080000u
#define SMB2_SYNCHRONIZE 0x00100000u
#define SMB2_ACCESS_SYSTEM_SECURITY 0x01000000u
#define SMB2_MAXIMUM_ALLOWED 0x02000000u
#define SMB2_GENERIC_ALL 0x10000000u
#define SMB2_GENERIC_EXECUTE 0x20000000u
#define SMB2_GENERIC_WRITE 0x40000000u
#define SMB2_GENERIC_READ 0x80000000u
/* MS-SMB2 2.2.13.1.2: Directory_Access_Mask (same bits, other names) */
#define SMB2_FILE_LIST_DIRECTORY 0x00000001u
#define SMB2_FILE_ADD_FILE 0x00000002u
#define SMB2_FILE_ADD_SUBDIRECTORY 0x00000004u
#define SMB2_FILE_TRAVERSE 0x00000020u

/* MS-SMB2 2.2.13: ShareAccess */
#define SMB2_FILE_SHARE_READ 0x00000001u
#define SMB2_FILE_SHARE_WRITE 0x00000002u
#define SMB2_FILE_SHARE_DELETE 0x00000004u

/* MS-SMB2 2.2.13: CreateDisposition */
#define SMB2_FILE_SUPERSEDE 0x00000000u
#define SMB2_FILE_OPEN 0x00000001u
#define SMB2_FILE_CREATE 0x00000002u
#define SMB2_FILE_OPEN_IF 0x00000003u
#define SMB2_FILE_OVERWRITE 0x00000004u
#define SMB2_FILE_OVERWRITE_IF 0x00000005u

/* MS-SMB2 2.2.13: CreateOptions */
#define SMB2_FILE_DIRECTORY_FILE 0x00000001u
#define SMB2_FILE_WRITE_THROUGH 0x00000002u
#define SMB2_FILE_SEQUENTIAL_ONLY 0x00000004u
#define SMB2_FILE_NO_INTERMEDIATE_BUFFERING 0x00000008u
#define SMB2_FILE_SYNCHRONOUS_IO_ALERT 0x00000010u
#define SMB2_FILE_SYNCHRONOUS_IO_NONALERT 0x00000020u
#define SMB2_FILE_NON_DIRECTORY_FILE 0x00000040u
#define SMB2_FILE_COMPLETE_IF_OPLOCKED 0x00000100u
#define SMB2_FILE_NO_EA_KNOWLEDGE 0x00000200u
#define SMB2_FILE_OPEN_REMOTE_INSTANCE 0x00000400u
#define SMB2_FILE_RANDOM_ACCESS 0x00000800u
#define SMB2_FILE_DELETE_ON_CLOSE 0x00001000u
#define SMB2_FILE_OPEN_BY_FILE_ID 0x00002000u
#define SMB2_FILE_OPEN_FOR_BACKUP_INTENT 0x00004000u
#define SMB2_FILE_NO_COMPRESSION 0x00008000u
#define SMB2_FILE_OPEN_REQUIRING_OPLOCK 0x00010000u
#define SMB2_FILE_DISALLOW_EXCLUSIVE 0x00020000u
#define SMB2_FILE_RESERVE_OPFILTER 0x00100000u
#define SMB2_FILE_OPEN_REPARSE_POINT 0x00200000u
#define SMB2_FILE_OPEN_NO_RECALL 0x00400000u
#define SMB2_FILE_OPEN_FOR_FREE_SPACE_QUERY 0x00800000u

/* MS-SMB2 2.2.14: Flags (3.x) */
#define SMB2_CREATE_FLAG_REPARSEPOINT 0x01

/* MS-SMB2 2.2.14: CreateAction */
#define SMB2_FILE_SUPERSEDED 0x00000000u
#define SMB2_FILE_OPENED 0x00000001u
#define SMB2_FILE_CREATED 0x00000002u
#define SMB2_FILE_OVERWRITTEN 0x00000003u

/* MS-FSCC 2.6: File Attributes */
#define SMB2_FILE_ATTRIBUTE_READONLY 0x00000001u
#define SMB2_FILE_ATTRIBUTE_HIDDEN 0x00000002u
#define SMB2_FILE_ATTRIBUTE_SYSTEM 0x00000004u
#define SMB2_FILE_ATTRIBUTE_DIRECTORY 0x00000010u
#define SMB2_FILE_ATTRIBUTE_ARCHIVE 0x00000020u
#define SMB2_FILE_ATTRIBUTE_NORMAL 0x00000080u
#define SMB2_FILE_ATTRIBUTE_TEMPORARY 0x00000100u
#define SMB2_FILE_ATTRIBUTE_SPARSE_FILE 0x00000200u
#define SMB2_FILE_ATTRIBUTE_REPARSE_POINT 0x00000400u
#define SMB2_FILE_ATTRIBUTE_COMPRESSED 0x00000800u
#define SMB2_FILE_ATTRIBUTE_OFFLINE 0x00001000u
#define SMB2_FILE_ATTRIBUTE_NOT_CONTENT_INDEXED 0x00002000u
#define SMB2_FILE_ATTRIBUTE_ENCRYPTED 0x00004000u
#define SMB2_FILE_ATTRIBUTE_INTEGRITY_STREAM 0x00008000u
#define SMB2_FILE_ATTRIBUTE_NO_SCRUB_DATA 0x00020000u
#define SMB2_FILE_ATTRIBUTE_RECALL_ON_OPEN 0x00040000u
#define SMB2_FILE_ATTRIBUTE_PINNED 0x00080000u
#define SMB2_FILE_ATTRIBUTE_UNPINNED 0x00100000u
#define SMB2_FILE_ATTRIBUTE_RECALL_ON_DATA_ACCESS 0x00400000u

/*
 * Decoded requests and responses point into the message (name, contexts).
 * `contexts_raw` is the CreateContexts buffer as received (decode only);
 * the encoders write `contexts`.
 */
struct smb2_create_req {
	uint8_t security_flags;
	uint8_t requested_oplock_level;
	uint32_t impersonation_level;
	uint64_t smb_create_flags;
	uint64_t reserved;
	uint32_t desired_access;
	uint32_t file_attributes;
	uint32_t share_access;
	uint32_t create_disposition;
	uint32_t create_options;
	struct smb2_blob name;         /* UTF-16LE, no terminator */
	struct smb2_blob contexts_raw;
	struct smb2_create_ctx_list contexts;
};

struct smb2_create_rsp {
	uint8_t oplock_level;
	uint8_t flags;
	uint32_t create_action;
	uint64_t creation_time;
	uint64_t last_access_time;
	uint64_t last_write_time;
	uint64_t change_time;
	uint64_t allocation_size;
	uint64_t end_of_file;
	uint32_t file_attributes;
	struct smb2_fileid file_id;
	struct smb2_blob contexts_raw;
	struct smb2_create_ctx_list contexts;
};

WUR NTSTATUS smb2_create_req_decode(struct rd *c, struct smb2_create_req *out);
NTSTATUS smb2_create_req_encode(struct wr *w, const struct smb2_create_req *in);
WUR NTSTATUS smb2_create_rsp_decode(struct rd *c, struct smb2_create_rsp *out);
NTSTATUS smb2_create_rsp_encode(struct wr *w, const struct smb2_create_rsp *in);

#endif
