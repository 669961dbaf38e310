/* File system information classes (MS-FSCC 2.5): see fsinfo.h. */
#include "wire/fsinfo.h"
#include "wire/infochain.h"

uint32_t smb2_fsinfo_fixed_size(uint8_t cls)
{
	switch (cls) {
	case FILE_FS_VOLUME_INFORMATION: return 18;      /* MS-FSCC 2.5.9 */
	case FILE_FS_SIZE_INFORMATION: return 24;        /* MS-FSCC 2.5.8 */
	case FILE_FS_DEVICE_INFORMATION: return 8;       /* MS-FSCC 2.5.10 */
	case FILE_FS_ATTRIBUTE_INFORMATION: return 12;   /* MS-FSCC 2.5.1 */
	case FILE_FS_CONTROL_INFORMATION: return 48;     /* MS-FSCC 2.5.2 */
	case FILE_FS_FULL_SIZE_INFORMATION: return 32;   /* MS-FSCC 2.5.4 */
	case FILE_FS_OBJECT_ID_INFORMATION: return 64;   /* MS-FSCC 2.5.6 */
	case FILE_FS_SECTOR_SIZE_INFORMATION: return 28; /* MS-FSCC 2.5.7 */
	default: return 0;
	}
}

/* A UTF-16LE name of `len` bytes at the cursor, inside it. */
static NTSTATUS rd_name(struct rd *c, uint32_t len, struct smb2_blob *name, const char *field)
{
	const uint8_t *p;

	if (!smb2_utf16_len_ok(len) || !rd_ptr(c, len, &p))
		return rd_fail(c, field);
	name->p = p;
	name->len = len;
	return STATUS_SUCCESS;
}

NTSTATUS smb2_fsinfo_decode(uint8_t cls, struct smb2_blob in, struct smb2_fsinfo *out)
{
	uint32_t fixed = smb2_fsinfo_fixed_size(cls);
	struct smb2_fsinfo f;
	NTSTATUS st = STATUS_SUCCESS;
	uint32_t len = 0;
	struct rd c;

	if (fixed == 0)
		return STATUS_INVALID_INFO_CLASS;
	if (in.len < fixed)
		return STATUS_INFO_LENGTH_MISMATCH;
	memset(&f, 0, sizeof(f));
	f.cls = cls;
	rd_init(&c, in.p, in.len);
	/* The length is checked above: the fixed-part reads cannot fail. */
	switch (cls) {
	case FILE_FS_VOLUME_INFORMATION:
		(void)!rd_u64(&c, &f.u.volume.creation_time);
		(void)!rd_u32(&c, &f.u.volume.serial_number);
		(void)!rd_u32(&c, &len);
		(void)!rd_u8(&c, &f.u.volume.supports_objects);
		(void)!rd_skip(&c, 1);
		st = rd_name(&c, len, &f.u.volume.label, "FSINFO.VolumeLabelLength");
		break;
	case FILE_FS_SIZE_INFORMATION:
		(void)!rd_u64(&c, &f.u.size.total_allocation_units);
		(void)!rd_u64(&c, &f.u.size.available_allocation_units);
		(void)!rd_u32(&c, &f.u.size.sectors_per_allocation_unit);
		(void)!rd_u32(&c, &f.u.size.bytes_per_sector);
		break;
	case FILE_FS_DEVICE_INFORMATION:
		(void)!rd_u32(&c, &f.u.device.device_type);
		(void)!rd_u32(&c, &f.u.device.characteristics);
		break;
	case FILE_FS_ATTRIBUTE_INFORMATION:
		(void)!rd_u32(&c, &f.u.attribute.attributes);
		(void)!rd_u32(&c, &len);
		f.u.attribute.max_component_name_length = (int32_t)len;
		(void)!rd_u32(&c, &len);
		st = rd_name(&c, len, &f.u.attribute.name, "FSINFO.FileSystemNameLength");
		break;
	case FILE_FS_CONTROL_INFORMATION:
		(void)!rd_u64(&c, &f.u.control.free_space_start_filtering);
		(void)!rd_u64(&c, &f.u.control.free_space_threshold);
		(void)!rd_u64(&c, &f.u.control.free_space_stop_filtering);
		(void)!rd_u64(&c, &f.u.control.default_quota_threshold);
		(void)!rd_u64(&c, &f.u.control.default_quota_limit);
		(void)!rd_u32(&c, &f.u.control.flags);
		break;
	case FILE_FS_FULL_SIZE_INFORMATION:
		(void)!rd_u64(&c, &f.u.full_size.total_allocation_units);
		(void)!rd_u64(&c, &f.u.full_size.caller_available_allocation_units);
		(void)!rd_u64(&c, &f.u.full_size.actual_available_allocation_units);
		(void)!rd_u32(&c, &f.u.full_size.sectors_per_allocation_unit);
		(void)!rd_u32(&c, &f.u.full_size.bytes_per_sector);
		break;
	case FILE_FS_OBJECT_ID_INFORMATION:
		(void)!rd_bytes(&c, f.u.object_id.object_id, 16);
		(void)!rd_bytes(&c, f.u.object_id.extended_info, 48);
		break;
	default: /* FILE_FS_SECTOR_SIZE_INFORMATION */
		(void)!rd_u32(&c, &f.u.sector_size.logical_bytes_per_sector);
		(void)!rd_u32(&c, &f.u.sector_size.physical_bytes_per_sector_for_atomicity);
		(void)!rd_u32(&c, &f.u.sector_size.physical_bytes_per_sector_for_performance);
		(void)!rd_u32(&c, &f.u.sector_size.fs_effective_physical_bytes_per_sector_for_atomicity);
		(void)!rd_u32(&c, &f.u.sector_size.flags);
		(void)!rd_u32(&c, &f.u.sector_size.byte_offset_for_sector_alignment);
		(void)!rd_u32(&c, &f.u.sector_size.byte_offset_for_partition_alignment);
		break;
	}
	if (st)
		return st;
	*out = f;
	return STATUS_SUCCESS;
}

NTSTATUS smb2_fsinfo_encode(struct wr *w, const struct smb2_fsinfo *in)
{
	switch (in->cls) {
	case FILE_FS_VOLUME_INFORMATION:
		if (!smb2_utf16_len_ok(in->u.volume.label.len))
			return STATUS_INVALID_PARAMETER;
		wr_u64(w, in->u.volume.creation_time);
		wr_u32(w, in->u.volume.serial_number);
		wr_u32(w, in->u.volume.label.len);
		wr_u8(w, in->u.volume.supports_objects);
		wr_u8(w, 0);
		wr_bytes(w, in->u.volume.label.p, in->u.volume.label.len);
		break;
	case FILE_FS_SIZE_INFORMATION:
		wr_u64(w, in->u.size.total_allocation_units);
		wr_u64(w, in->u.size.available_allocation_units);
		wr_u32(w, in->u.size.sectors_per_allocation_unit);
		wr_u32(w, in->u.size.bytes_per_sector);
		break;
	case FILE_FS_DEVICE_INFORMATION:
		wr_u32(w, in->u.device.device_type);
		wr_u32(w, in->u.device.characteristics);
		break;
	case FILE_FS_ATTRIBUTE_INFORMATION:
		if (!smb2_utf16_len_ok(in->u.attribute.name.len))
			return STATUS_INVALID_PARAMETER;
		wr_u32(w, in->u.attribute.attributes);
		wr_u32(w, (uint32_t)in->u.attribute.max_component_name_length);
		wr_u32(w, in->u.attribute.name.len);
		wr_bytes(w, in->u.attribute.name.p, in->u.attribute.name.len);
		break;
	case FILE_FS_CONTROL_INFORMATION:
		wr_u64(w, in->u.control.free_space_start_filtering);
		wr_u64(w, in->u.control.free_space_threshold);
		wr_u64(w, in->u.control.free_space_stop_filtering);
		wr_u64(w, in->u.control.default_quota_threshold);
		wr_u64(w, in->u.control.default_quota_limit);
		wr_u32(w, in->u.control.flags);
		wr_u32(w, 0); /* Padding */
		break;
	case FILE_FS_FULL_SIZE_INFORMATION:
		wr_u64(w, in->u.full_size.total_allocation_units);
		wr_u64(w, in->u.full_size.caller_available_allocation_units);
		wr_u64(w, in->u.full_size.actual_available_allocation_units);
		wr_u32(w, in->u.full_size.sectors_per_allocation_unit);
		wr_u32(w, in->u.full_size.bytes_per_sector);
		break;
	case FILE_FS_OBJECT_ID_INFORMATION:
		wr_bytes(w, in->u.object_id.object_id, 16);
		wr_bytes(w, in->u.object_id.extended_info, 48);
		break;
	case FILE_FS_SECTOR_SIZE_INFORMATION:
		wr_u32(w, in->u.sector_size.logical_bytes_per_sector);
		wr_u32(w, in->u.sector_size.physical_bytes_per_sector_for_atomicity);
		wr_u32(w, in->u.sector_size.physical_bytes_per_sector_for_performance);
		wr_u32(w, in->u.sector_size.fs_effective_physical_bytes_per_sector_for_atomicity);
		wr_u32(w, in->u.sector_size.flags);
		wr_u32(w, in->u.sector_size.byte_offset_for_sector_alignment);
		wr_u32(w, in->u.sector_size.byte_offset_for_partition_alignment);
		break;
	default:
		return STATUS_INVALID_INFO_CLASS;
	}
	return wr_status(w);
}
