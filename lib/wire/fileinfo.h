/*
 * File information classes carried by QUERY_INFO and SET_INFO with
 * InfoType SMB2_0_INFO_FILE (MS-FSCC 2.4), decoded into a tagged union and
 * encoded back.  The buffer is the whole OutputBuffer (query) or Buffer
 * (set).  A buffer may be longer than its class needs (OutputBufferLength
 * is a maximum); the bytes past the class are ignored.
 */
#ifndef SMBSIM_WIRE_FILEINFO_H
#define SMBSIM_WIRE_FILEINFO_H

#include <stdint.h>

#include "wire/cursor.h"
#include "wire/infochain.h"

/* MS-FSCC 2.4: FileInformationClass values (directory classes are in
 * dirinfo.h) */
enum smb2_fileinfo_class {
	FILE_BASIC_INFORMATION = 4,
	FILE_STANDARD_INFORMATION = 5,
	FILE_INTERNAL_INFORMATION = 6,
	FILE_EA_INFORMATION = 7,
	FILE_ACCESS_INFORMATION = 8,
	FILE_NAME_INFORMATION = 9,
	FILE_RENAME_INFORMATION = 10,
	FILE_DISPOSITION_INFORMATION = 13,
	FILE_POSITION_INFORMATION = 14,
	FILE_FULL_EA_INFORMATION = 15,
	FILE_MODE_INFORMATION = 16,
	FILE_ALIGNMENT_INFORMATION = 17,
	FILE_ALL_INFORMATION = 18,
	FILE_ALLOCATION_INFORMATION = 19,
	FILE_END_OF_FILE_INFORMATION = 20,
	FILE_ALTERNATE_NAME_INFORMATION = 21,
	FILE_STREAM_INFORMATION = 22,
	FILE_COMPRESSION_INFORMATION = 28,
	FILE_NETWORK_OPEN_INFORMATION = 34,
	FILE_ATTRIBUTE_TAG_INFORMATION = 35,
	FILE_NORMALIZED_NAME_INFORMATION = 48,
	FILE_ID_INFORMATION = 59,
	FILE_DISPOSITION_INFORMATION_EX = 64,
};

/* MS-FSCC 2.4 FileDispositionInformationEx: Flags */
#define FILE_DISPOSITION_DELETE 0x00000001u
#define FILE_DISPOSITION_POSIX_SEMANTICS 0x00000002u
#define FILE_DISPOSITION_FORCE_IMAGE_SECTION_CHECK 0x00000004u
#define FILE_DISPOSITION_ON_CLOSE 0x00000008u
#define FILE_DISPOSITION_IGNORE_READONLY_ATTRIBUTE 0x00000010u

struct smb2_fi_basic {          /* MS-FSCC 2.4 FileBasicInformation, 40 bytes */
	uint64_t creation_time;
	uint64_t last_access_time;
	uint64_t last_write_time;
	uint64_t change_time;
	uint32_t file_attributes;
};

struct smb2_fi_standard {       /* FileStandardInformation, 24 bytes */
	uint64_t allocation_size;
	uint64_t end_of_file;
	uint32_t number_of_links;
	uint8_t delete_pending;
	uint8_t directory;
};

struct smb2_fi_rename {         /* FileRenameInformation, SMB2 form (2.4.37.2) */
	uint8_t replace_if_exists;
	uint64_t root_directory;
	struct smb2_blob name;      /* UTF-16LE */
};

struct smb2_fi_all {            /* FileAllInformation, 100 bytes + name */
	struct smb2_fi_basic basic;
	struct smb2_fi_standard standard;
	uint64_t index_number;
	uint32_t ea_size;
	uint32_t access_flags;
	uint64_t current_byte_offset;
	uint32_t mode;
	uint32_t alignment_requirement;
	struct smb2_blob name;
};

struct smb2_fi_compression {    /* FileCompressionInformation, 16 bytes */
	uint64_t compressed_file_size;
	uint16_t compression_format;
	uint8_t compression_unit_shift;
	uint8_t chunk_shift;
	uint8_t cluster_shift;
};

struct smb2_fi_network_open {   /* FileNetworkOpenInformation, 56 bytes */
	uint64_t creation_time;
	uint64_t last_access_time;
	uint64_t last_write_time;
	uint64_t change_time;
	uint64_t allocation_size;
	uint64_t end_of_file;
	uint32_t file_attributes;
};

struct smb2_fi_attribute_tag {  /* FileAttributeTagInformation, 8 bytes */
	uint32_t file_attributes;
	uint32_t reparse_tag;
};

struct smb2_fi_id {             /* FileIdInformation, 24 bytes */
	uint64_t volume_serial_number;
	uint8_t file_id[16];
};

struct smb2_fileinfo {
	uint8_t cls;                /* enum smb2_fileinfo_class: picks the member */
	union {
		struct smb2_fi_basic basic;
		struct smb2_fi_standard standard;
		uint64_t index_number;          /* Internal */
		uint32_t ea_size;               /* Ea */
		uint32_t access_flags;          /* Access */
		struct smb2_blob name;          /* Name, AlternateName, NormalizedName */
		struct smb2_fi_rename rename;
		uint8_t delete_pending;         /* Disposition */
		uint64_t current_byte_offset;   /* Position */
		struct smb2_blob full_ea;       /* FullEa: walk with create_ctx.h smb2_ea_iter */
		uint32_t mode;                  /* Mode */
		uint32_t alignment_requirement; /* Alignment */
		struct smb2_fi_all all;
		uint64_t allocation_size;       /* Allocation */
		uint64_t end_of_file;           /* EndOfFile */
		struct smb2_blob streams;       /* Stream: walk with smb2_stream_iter */
		struct smb2_fi_compression compression;
		struct smb2_fi_network_open network_open;
		struct smb2_fi_attribute_tag attribute_tag;
		uint32_t disposition_flags;     /* DispositionEx */
		struct smb2_fi_id id;
	} u;
};

/* The smallest buffer that holds class cls (its fixed part, or one list
 * entry for FullEa and Stream: what MS-SMB2 3.3.5.20.1 checks
 * OutputBufferLength against), or 0 for a class this module does not know.
 * The decoder accepts an empty FullEa or Stream list. */
uint32_t smb2_fileinfo_fixed_size(uint8_t cls);

/*
 * Decode `in` as class cls.  STATUS_INVALID_INFO_CLASS for an unknown
 * class; STATUS_INFO_LENGTH_MISMATCH when `in` is shorter than the fixed
 * part; STATUS_INVALID_PARAMETER for a name or chain that does not fit.
 * Names, EA and stream lists point into `in`; chains are checked whole
 * before success.  *out is written only on success.
 */
WUR NTSTATUS smb2_fileinfo_decode(uint8_t cls, struct smb2_blob in, struct smb2_fileinfo *out);

/* Append in's class data to w (no SMB2 offsets involved). */
NTSTATUS smb2_fileinfo_encode(struct wr *w, const struct smb2_fileinfo *in);

/* ---- FILE_STREAM_INFORMATION chain (MS-FSCC 2.4 FileStreamInformation) */

/* Entries are 8-byte aligned; the fixed part is NextEntryOffset,
 * StreamNameLength, StreamSize, StreamAllocationSize. */
#define SMB2_STREAM_ALIGN 8
#define SMB2_STREAM_FIXED 24

struct smb2_stream_entry {
	uint64_t size;
	uint64_t allocation_size;
	struct smb2_blob name;      /* UTF-16LE, e.g. "::$DATA" */
};

struct smb2_stream_iter {
	struct smb2_chain_iter chain;
};

void smb2_stream_iter_init(struct smb2_stream_iter *it, struct smb2_blob buf);
/* STATUS_SUCCESS and *out, STATUS_NO_MORE_ENTRIES at the end, or an
 * error (out untouched). */
WUR NTSTATUS smb2_stream_next(struct smb2_stream_iter *it, struct smb2_stream_entry *out);

struct smb2_stream_builder {
	struct smb2_chain_builder chain;
};

void smb2_stream_builder_init(struct smb2_stream_builder *b, struct wr *w, uint32_t max);
/* STATUS_BUFFER_OVERFLOW (nothing written) when the entry does not fit;
 * STATUS_INVALID_PARAMETER for an odd name length. */
WUR NTSTATUS smb2_stream_add(struct smb2_stream_builder *b, const struct smb2_stream_entry *e);

#endif
