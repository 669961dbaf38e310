/*
 * FILE_NOTIFY_INFORMATION entries (MS-FSCC 2.7.1), the payload of a
 * CHANGE_NOTIFY response: an iterator and a builder.
 */
#ifndef SMBSIM_WIRE_NOTIFY_INFO_H
#define SMBSIM_WIRE_NOTIFY_INFO_H

#include "wire/cursor.h"
#include "wire/infochain.h"

/* MS-FSCC 2.7.1: Action */
#define FILE_ACTION_ADDED 0x00000001u
#define FILE_ACTION_REMOVED 0x00000002u
#define FILE_ACTION_MODIFIED 0x00000003u
#define FILE_ACTION_RENAMED_OLD_NAME 0x00000004u
#define FILE_ACTION_RENAMED_NEW_NAME 0x00000005u
#define FILE_ACTION_ADDED_STREAM 0x00000006u
#define FILE_ACTION_REMOVED_STREAM 0x00000007u
#define FILE_ACTION_MODIFIED_STREAM 0x00000008u
#define FILE_ACTION_REMOVED_BY_DELETE 0x00000009u
#define FILE_ACTION_ID_NOT_TUNNELLED 0x0000000Au
#define FILE_ACTION_TUNNELLED_ID_COLLISION 0x0000000Bu

/* MS-FSCC 2.7.1: entries are aligned on 4-byte boundaries; the fixed part
 * is NextEntryOffset, Action, FileNameLength. */
#define SMB2_NOTIFY_ALIGN 4
#define SMB2_NOTIFY_FIXED 12

struct smb2_notify_entry {
	uint32_t action;
	struct smb2_blob name;  /* UTF-16LE, relative to the watched directory */
};

/* True for an Action value MS-FSCC 2.7.1 defines. */
static inline bool smb2_notify_action_valid(uint32_t action)
{
	return action >= FILE_ACTION_ADDED && action <= FILE_ACTION_TUNNELLED_ID_COLLISION;
}

struct smb2_notify_iter {
	struct smb2_chain_iter chain;
};

void smb2_notify_iter_init(struct smb2_notify_iter *it, struct smb2_blob buf);
/* STATUS_SUCCESS and *out; STATUS_NO_MORE_ENTRIES at the end; an error
 * (out untouched) for a broken chain, an unknown Action, or a name that is
 * odd-sized or leaves its entry. */
WUR NTSTATUS smb2_notify_next(struct smb2_notify_iter *it, struct smb2_notify_entry *out);

struct smb2_notify_builder {
	struct smb2_chain_builder chain;
};

/* Start a chain at the writer's end, at most max bytes (the request's
 * OutputBufferLength). */
void smb2_notify_builder_init(struct smb2_notify_builder *b, struct wr *w, uint32_t max);
/* STATUS_BUFFER_OVERFLOW (nothing written) when the entry does not fit;
 * STATUS_INVALID_PARAMETER for an odd name length or unknown Action. */
WUR NTSTATUS smb2_notify_add(struct smb2_notify_builder *b, const struct smb2_notify_entry *e);

static inline uint32_t smb2_notify_len(const struct smb2_notify_builder *b)
{
	return smb2_chain_len(&b->chain);
}

#endif
