/*
 * Directory information classes returned by QUERY_DIRECTORY (MS-FSCC 2.4):
 * an iterator over a response's output buffer and a builder that fills one.
 */
#ifndef SMBSIM_WIRE_DIRINFO_H
#define SMBSIM_WIRE_DIRINFO_H

#include <stdbool.h>
#include <stdint.h>

#include "wire/cursor.h"
#include "wire/infochain.h"

/* MS-FSCC 2.4: FileInformationClass values for directory queries */
enum smb2_dirinfo_class {
	FILE_DIRECTORY_INFORMATION = 1,
	FILE_FULL_DIRECTORY_INFORMATION = 2,
	FILE_BOTH_DIRECTORY_INFORMATION = 3,
	FILE_NAMES_INFORMATION = 12,
	FILE_ID_BOTH_DIRECTORY_INFORMATION = 37,
	FILE_ID_FULL_DIRECTORY_INFORMATION = 38,
	FILE_ID_EXTD_DIRECTORY_INFORMATION = 60,
};

/* MS-FSCC 2.4 FileBothDirectoryInformation: ShortName is 24 bytes (an 8.3 name in UTF-16). */
#define SMB2_SHORT_NAME_BYTES 24
/* MS-FSCC 2.4 (each class): entries are aligned on 8-byte boundaries. */
#define SMB2_DIRINFO_ALIGN 8

/*
 * One directory entry, the union of every class's fields.  A class fills
 * the fields it has and leaves the others zero: FileNamesInformation has
 * only file_index and name.  ea_size holds the reparse tag when the
 * attributes have FILE_ATTRIBUTE_REPARSE_POINT (MS-FSCC 2.4,
 * FileIdBothDirectoryInformation); the caller reads it by attributes.
 */
struct smb2_dirent {
	uint32_t file_index;
	uint64_t creation_time;
	uint64_t last_access_time;
	uint64_t last_write_time;
	uint64_t change_time;
	uint64_t end_of_file;
	uint64_t allocation_size;
	uint32_t file_attributes;
	uint32_t ea_size;
	uint32_t reparse_tag;      /* FileIdExtdDirectoryInformation */
	uint8_t short_name_len;    /* bytes, <= SMB2_SHORT_NAME_BYTES */
	uint8_t short_name[SMB2_SHORT_NAME_BYTES];
	uint64_t file_id;          /* FileId{Both,Full}DirectoryInformation */
	uint8_t file_id_128[16];   /* FileIdExtdDirectoryInformation */
	struct smb2_blob name;     /* UTF-16LE, zero copy */
};

/* Fixed size of one entry of this class (before FileName), or 0 for a
 * class this module does not know. */
uint32_t smb2_dirinfo_fixed_size(uint8_t cls);

struct smb2_dirinfo_iter {
	struct smb2_chain_iter chain;
	uint8_t cls;
};

/* Iterate a QUERY_DIRECTORY output buffer of class cls.  An unknown class
 * makes the first smb2_dirinfo_next() fail with STATUS_INVALID_INFO_CLASS. */
void smb2_dirinfo_iter_init(struct smb2_dirinfo_iter *it, uint8_t cls,
                            struct smb2_blob buf);

/* STATUS_SUCCESS and *out; STATUS_NO_MORE_ENTRIES at the end; an error
 * status (out untouched) for a malformed entry or chain. */
WUR NTSTATUS smb2_dirinfo_next(struct smb2_dirinfo_iter *it, struct smb2_dirent *out);

struct smb2_dirinfo_builder {
	struct smb2_chain_builder chain;
	uint8_t cls;
};

/* Start an output buffer of class cls at the writer's end, at most max
 * bytes long (the request's OutputBufferLength). */
void smb2_dirinfo_builder_init(struct smb2_dirinfo_builder *b, struct wr *w,
                               uint8_t cls, uint32_t max);

/* Append one entry.  STATUS_BUFFER_OVERFLOW (nothing written) when it does
 * not fit in max; STATUS_INVALID_INFO_CLASS, STATUS_INVALID_PARAMETER for
 * an odd name length or a short name longer than 24 bytes. */
WUR NTSTATUS smb2_dirinfo_add(struct smb2_dirinfo_builder *b, const struct smb2_dirent *e);

static inline uint32_t smb2_dirinfo_count(const struct smb2_dirinfo_builder *b)
{
	return b->chain.count;
}

static inline uint32_t smb2_dirinfo_len(const struct smb2_dirinfo_builder *b)
{
	return smb2_chain_len(&b->chain);
}

#endif
