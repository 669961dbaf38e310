/*
 * File system information classes carried by QUERY_INFO and SET_INFO with
 * InfoType SMB2_0_INFO_FILESYSTEM (MS-FSCC 2.5), decoded into a tagged
 * union and encoded back.  Same contract as fileinfo.h.
 */
#ifndef SMBSIM_WIRE_FSINFO_H
#define SMBSIM_WIRE_FSINFO_H

#include <stdint.h>

#include "wire/cursor.h"

/* MS-FSCC 2.5: FsInformationClass values */
enum smb2_fsinfo_class {
	FILE_FS_VOLUME_INFORMATION = 1,
	FILE_FS_SIZE_INFORMATION = 3,
	FILE_FS_DEVICE_INFORMATION = 4,
	FILE_FS_ATTRIBUTE_INFORMATION = 5,
	FILE_FS_CONTROL_INFORMATION = 6,
	FILE_FS_FULL_SIZE_INFORMATION = 7,
	FILE_FS_OBJECT_ID_INFORMATION = 8,
	FILE_FS_SECTOR_SIZE_INFORMATION = 11,
};

struct smb2_fs_volume {         /* MS-FSCC 2.5.9, 18 bytes + label */
	uint64_t creation_time;
	uint32_t serial_number;
	uint8_t supports_objects;
	struct smb2_blob label;     /* UTF-16LE */
};

struct smb2_fs_size {           /* MS-FSCC 2.5.8, 24 bytes */
	uint64_t total_allocation_units;
	uint64_t available_allocation_units;
	uint32_t sectors_per_allocation_unit;
	uint32_t bytes_per_sector;
};

struct smb2_fs_device {         /* MS-FSCC 2.5.10, 8 bytes */
	uint32_t device_type;
	uint32_t characteristics;
};

struct smb2_fs_attribute {      /* MS-FSCC 2.5.1, 12 bytes + name */
	uint32_t attributes;
	int32_t max_component_name_length;
	struct smb2_blob name;      /* UTF-16LE, e.g. "NTFS" */
};

struct smb2_fs_control {        /* MS-FSCC 2.5.2, 48 bytes */
	uint64_t free_space_start_filtering;
	uint64_t free_space_threshold;
	uint64_t free_space_stop_filtering;
	uint64_t default_quota_threshold;
	uint64_t default_quota_limit;
	uint32_t flags;
};

struct smb2_fs_full_size {      /* MS-FSCC 2.5.4, 32 bytes */
	uint64_t total_allocation_units;
	uint64_t caller_available_allocation_units;
	uint64_t actual_available_allocation_units;
	uint32_t sectors_per_allocation_unit;
	uint32_t bytes_per_sector;
};

struct smb2_fs_object_id {      /* MS-FSCC 2.5.6, 64 bytes */
	uint8_t object_id[16];
	uint8_t extended_info[48];
};

struct smb2_fs_sector_size {    /* MS-FSCC 2.5.7, 28 bytes */
	uint32_t logical_bytes_per_sector;
	uint32_t physical_bytes_per_sector_for_atomicity;
	uint32_t physical_bytes_per_sector_for_performance;
	uint32_t fs_effective_physical_bytes_per_sector_for_atomicity;
	uint32_t flags;
	uint32_t byte_offset_for_sector_alignment;
	uint32_t byte_offset_for_partition_alignment;
};

struct smb2_fsinfo {
	uint8_t cls;                /* enum smb2_fsinfo_class: picks the member */
	union {
		struct smb2_fs_volume volume;
		struct smb2_fs_size size;
		struct smb2_fs_device device;
		struct smb2_fs_attribute attribute;
		struct smb2_fs_control control;
		struct smb2_fs_full_size full_size;
		struct smb2_fs_object_id object_id;
		struct smb2_fs_sector_size sector_size;
	} u;
};

/* Fixed part of class cls (what OutputBufferLength must hold), or 0. */
uint32_t smb2_fsinfo_fixed_size(uint8_t cls);

/* STATUS_INVALID_INFO_CLASS, STATUS_INFO_LENGTH_MISMATCH (shorter than the
 * fixed part) or STATUS_INVALID_PARAMETER (a name that does not fit);
 * *out written only on success, names point into `in`. */
WUR NTSTATUS smb2_fsinfo_decode(uint8_t cls, struct smb2_blob in, struct smb2_fsinfo *out);
NTSTATUS smb2_fsinfo_encode(struct wr *w, const struct smb2_fsinfo *in);

#endif
