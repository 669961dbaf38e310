/*
 * QUERY_INFO of file system information (MS-SMB2 3.3.5.20.2, MS-FSCC 2.5,
 * MS-FSA 2.1.5.13) and of security descriptors (MS-SMB2 3.3.5.20.3,
 * MS-FSA 2.1.5.14, MS-DTYP 2.4.6): sizes, values consistent between the
 * classes that repeat them, the parts AdditionalInformation selects, the
 * access they need and the size a too small buffer is told.
 */
#include "torture/suites/info_util.h"
#include "wire/error.h"

/* MS-FSCC 2.5.10: DeviceType of a disk. */
#define FILE_DEVICE_DISK 0x00000007u

static void open_file(struct torture_ctx *t, struct cli_open *o)
{
	CHECK_STATUS(t, torture_create_file(t, t->tree, torture_path(t, "f"), o), STATUS_SUCCESS);
}

static void fs_volume(struct torture_ctx *t)
{
	struct smb2_fsinfo fi;
	struct smb2_blob b;
	struct cli_open o;

	open_file(t, &o);
	CHECK_STATUS(t, info_query(t, t->tree, o.id, SMB2_0_INFO_FILESYSTEM,
	                           FILE_FS_VOLUME_INFORMATION, 0, INFO_OUT_LEN, &b),
	             STATUS_SUCCESS);
	CHECK_STATUS(t, smb2_fsinfo_decode(FILE_FS_VOLUME_INFORMATION, b, &fi), STATUS_SUCCESS);
	CHECK_VAL(t, b.len, 18 + fi.u.volume.label.len);
	CHECK_VAL(t, fi.u.volume.label.len % 2, 0);
	CHECK_TRUE(t, fi.u.volume.supports_objects <= 1, "SupportsObjects %u",
	           fi.u.volume.supports_objects);
}

static void fs_size(struct torture_ctx *t)
{
	struct smb2_fsinfo sz, full;
	struct smb2_blob b;
	struct cli_open o;

	open_file(t, &o);
	CHECK_STATUS(t, info_query(t, t->tree, o.id, SMB2_0_INFO_FILESYSTEM,
	                           FILE_FS_SIZE_INFORMATION, 0, INFO_OUT_LEN, &b),
	             STATUS_SUCCESS);
	CHECK_VAL(t, b.len, 24);
	CHECK_STATUS(t, smb2_fsinfo_decode(FILE_FS_SIZE_INFORMATION, b, &sz), STATUS_SUCCESS);
	CHECK_STATUS(t, info_query(t, t->tree, o.id, SMB2_0_INFO_FILESYSTEM,
	                           FILE_FS_FULL_SIZE_INFORMATION, 0, INFO_OUT_LEN, &b),
	             STATUS_SUCCESS);
	CHECK_VAL(t, b.len, 32);
	CHECK_STATUS(t, smb2_fsinfo_decode(FILE_FS_FULL_SIZE_INFORMATION, b, &full),
	             STATUS_SUCCESS);
	CHECK_TRUE(t, sz.u.size.sectors_per_allocation_unit >= 1 && sz.u.size.bytes_per_sector >= 1,
	           "%u sectors per unit, %u bytes per sector", sz.u.size.sectors_per_allocation_unit,
	           sz.u.size.bytes_per_sector);
	CHECK_TRUE(t, sz.u.size.available_allocation_units <= sz.u.size.total_allocation_units,
	           "more units available than there are");
	/* Both describe the same volume (free space may move in between). */
	CHECK_VAL(t, full.u.full_size.total_allocation_units, sz.u.size.total_allocation_units);
	CHECK_VAL(t, full.u.full_size.sectors_per_allocation_unit,
	          sz.u.size.sectors_per_allocation_unit);
	CHECK_VAL(t, full.u.full_size.bytes_per_sector, sz.u.size.bytes_per_sector);
	CHECK_TRUE(t, full.u.full_size.caller_available_allocation_units <=
	                      full.u.full_size.total_allocation_units &&
	                      full.u.full_size.actual_available_allocation_units <=
	                              full.u.full_size.total_allocation_units,
	           "FullSize: more units available than there are");
}

static void fs_device(struct torture_ctx *t)
{
	struct smb2_fsinfo fi;
	struct smb2_blob b;
	struct cli_open o;

	open_file(t, &o);
	CHECK_STATUS(t, info_query(t, t->tree, o.id, SMB2_0_INFO_FILESYSTEM,
	                           FILE_FS_DEVICE_INFORMATION, 0, INFO_OUT_LEN, &b),
	             STATUS_SUCCESS);
	CHECK_VAL(t, b.len, 8);
	CHECK_STATUS(t, smb2_fsinfo_decode(FILE_FS_DEVICE_INFORMATION, b, &fi), STATUS_SUCCESS);
	CHECK_VAL(t, fi.u.device.device_type, FILE_DEVICE_DISK);
}

static void fs_attribute(struct torture_ctx *t)
{
	struct smb2_fsinfo fi;
	struct smb2_blob b;
	struct cli_open o;

	open_file(t, &o);
	CHECK_STATUS(t, info_query(t, t->tree, o.id, SMB2_0_INFO_FILESYSTEM,
	                           FILE_FS_ATTRIBUTE_INFORMATION, 0, INFO_OUT_LEN, &b),
	             STATUS_SUCCESS);
	CHECK_STATUS(t, smb2_fsinfo_decode(FILE_FS_ATTRIBUTE_INFORMATION, b, &fi), STATUS_SUCCESS);
	CHECK_VAL(t, b.len, 12 + fi.u.attribute.name.len);
	CHECK_TRUE(t, fi.u.attribute.max_component_name_length > 0,
	           "MaximumComponentNameLength %d", fi.u.attribute.max_component_name_length);
	CHECK_TRUE(t, fi.u.attribute.name.len >= 2 && fi.u.attribute.name.len % 2 == 0,
	           "FileSystemName of %u bytes", fi.u.attribute.name.len);
	torture_comment(t, "file system \"%s\", attributes 0x%x", info_utf8(t, fi.u.attribute.name),
	                fi.u.attribute.attributes);
}

static void fs_object_id(struct torture_ctx *t)
{
	struct smb2_fsinfo fi;
	struct smb2_blob b;
	struct cli_open o;

	open_file(t, &o);
	CHECK_STATUS(t, info_query(t, t->tree, o.id, SMB2_0_INFO_FILESYSTEM,
	                           FILE_FS_OBJECT_ID_INFORMATION, 0, INFO_OUT_LEN, &b),
	             STATUS_SUCCESS);
	CHECK_VAL(t, b.len, 64);
	CHECK_STATUS(t, smb2_fsinfo_decode(FILE_FS_OBJECT_ID_INFORMATION, b, &fi), STATUS_SUCCESS);
}

static void fs_sector_size(struct torture_ctx *t)
{
	struct smb2_fsinfo fi, sz;
	struct smb2_blob b;
	struct cli_open o;

	open_file(t, &o);
	CHECK_STATUS(t, info_query(t, t->tree, o.id, SMB2_0_INFO_FILESYSTEM,
	                           FILE_FS_SECTOR_SIZE_INFORMATION, 0, INFO_OUT_LEN, &b),
	             STATUS_SUCCESS);
	CHECK_VAL(t, b.len, 28);
	CHECK_STATUS(t, smb2_fsinfo_decode(FILE_FS_SECTOR_SIZE_INFORMATION, b, &fi),
	             STATUS_SUCCESS);
	info_fs(t, t->tree, o.id, FILE_FS_SIZE_INFORMATION, &sz);
	/* MS-FSA 2.1.5.13: both are Volume.LogicalBytesPerSector. */
	CHECK_VAL(t, fi.u.sector_size.logical_bytes_per_sector, sz.u.size.bytes_per_sector);
	CHECK_TRUE(t, fi.u.sector_size.physical_bytes_per_sector_for_atomicity >=
	                      fi.u.sector_size.logical_bytes_per_sector,
	           "physical sector %u smaller than the logical %u",
	           fi.u.sector_size.physical_bytes_per_sector_for_atomicity,
	           fi.u.sector_size.logical_bytes_per_sector);
}

/* Query the descriptor parts in addl and decode them. */
static void query_sd(struct torture_ctx *t, struct smb2_fileid fid, uint32_t addl,
                     struct smb2_secdesc *sd, uint32_t *len)
{
	struct smb2_blob b;

	CHECK_STATUS(t, info_query(t, t->tree, fid, SMB2_0_INFO_SECURITY, 0, addl, INFO_OUT_LEN, &b),
	             STATUS_SUCCESS);
	CHECK_STATUS(t, smb2_secdesc_decode(b, sd), STATUS_SUCCESS);
	CHECK_TRUE(t, sd->control & SE_SELF_RELATIVE, "descriptor not self-relative: 0x%x",
	           sd->control);
	if (len)
		*len = b.len;
}

static void security(struct torture_ctx *t)
{
	struct smb2_secdesc sd;
	struct cli_open o;

	open_file(t, &o);
	query_sd(t, o.id,
	         OWNER_SECURITY_INFORMATION | GROUP_SECURITY_INFORMATION | DACL_SECURITY_INFORMATION,
	         &sd, NULL);
	CHECK_VAL(t, sd.revision, 1);
	CHECK_TRUE(t, sd.has_owner && sd.has_group, "owner %d group %d", sd.has_owner, sd.has_group);
	CHECK_TRUE(t, sd.control & SE_DACL_PRESENT, "DACL asked for, SE_DACL_PRESENT clear: 0x%x",
	           sd.control);
	CHECK_TRUE(t, !sd.has_sacl, "a SACL that was not asked for");
}

static void security_select(struct torture_ctx *t)
{
	struct smb2_secdesc all, sd;
	struct cli_open o;

	open_file(t, &o);
	query_sd(t, o.id,
	         OWNER_SECURITY_INFORMATION | GROUP_SECURITY_INFORMATION | DACL_SECURITY_INFORMATION,
	         &all, NULL);
	/* MS-FSA 2.1.5.14: only the parts SecurityInformation names. */
	query_sd(t, o.id, OWNER_SECURITY_INFORMATION, &sd, NULL);
	CHECK_TRUE(t, sd.has_owner && !sd.has_group && !sd.has_dacl && !sd.has_sacl,
	           "OWNER only: owner %d group %d dacl %d sacl %d", sd.has_owner, sd.has_group,
	           sd.has_dacl, sd.has_sacl);
	CHECK_TRUE(t, smb2_sid_equal(&sd.owner, &all.owner), "a different owner alone");
	query_sd(t, o.id, GROUP_SECURITY_INFORMATION, &sd, NULL);
	CHECK_TRUE(t, !sd.has_owner && sd.has_group && !sd.has_dacl && !sd.has_sacl,
	           "GROUP only: owner %d group %d dacl %d sacl %d", sd.has_owner, sd.has_group,
	           sd.has_dacl, sd.has_sacl);
	CHECK_TRUE(t, smb2_sid_equal(&sd.group, &all.group), "a different group alone");
	query_sd(t, o.id, DACL_SECURITY_INFORMATION, &sd, NULL);
	CHECK_TRUE(t, !sd.has_owner && !sd.has_group && !sd.has_sacl,
	           "DACL only: owner %d group %d sacl %d", sd.has_owner, sd.has_group, sd.has_sacl);
	CHECK_TRUE(t, sd.control & SE_DACL_PRESENT, "DACL only: SE_DACL_PRESENT clear");
	CHECK_VAL(t, sd.has_dacl, all.has_dacl);
	if (sd.has_dacl)
		CHECK_VAL(t, sd.dacl.ace_count, all.dacl.ace_count);
}

static void security_unknown_flags(struct torture_ctx *t)
{
	/* MS-SMB2 2.2.37 defines none of these bits. */
	const uint32_t unknown = 0x00000080u | 0x00100000u;
	struct smb2_secdesc plain, sd;
	struct cli_open o;

	open_file(t, &o);
	query_sd(t, o.id, OWNER_SECURITY_INFORMATION, &plain, NULL);
	/* 3.3.5.20.3: the server MUST ignore flags 2.2.37 does not specify. */
	query_sd(t, o.id, OWNER_SECURITY_INFORMATION | unknown, &sd, NULL);
	CHECK_TRUE(t, sd.has_owner && !sd.has_group && !sd.has_dacl && !sd.has_sacl,
	           "owner %d group %d dacl %d sacl %d", sd.has_owner, sd.has_group, sd.has_dacl,
	           sd.has_sacl);
	CHECK_TRUE(t, smb2_sid_equal(&sd.owner, &plain.owner), "a different owner");
}

static void security_too_small(struct torture_ctx *t)
{
	const uint32_t addl =
	        OWNER_SECURITY_INFORMATION | GROUP_SECURITY_INFORMATION | DACL_SECURITY_INFORMATION;
	struct smb2_secdesc sd;
	struct smb2_blob b, data;
	struct cli_req *r;
	struct cli_open o;
	uint32_t len, needed = 0;

	open_file(t, &o);
	query_sd(t, o.id, addl, &sd, &len);
	CHECK_STATUS(t, info_query_ov(t, t->tree, o.id, SMB2_0_INFO_SECURITY, 0, addl, len - 1, NULL,
	                              &b, &r),
	             STATUS_BUFFER_TOO_SMALL);
	/* 3.3.5.20.3, 2.2.2.2: the error data is the size required; on
	 * 3.1.1 inside an error context. */
	CHECK_VAL(t, r->msg.kind, SMB2_MSG_ERROR);
	CHECK_TRUE(t, smb2_error_rsp_find(&r->msg.u.error, SMB2_ERROR_ID_DEFAULT, &data),
	           "STATUS_BUFFER_TOO_SMALL without error data");
	CHECK_STATUS(t, smb2_error_buffer_too_small(&data, &needed), STATUS_SUCCESS);
	CHECK_VAL(t, needed, len);
	if (t->conn->dialect == SMB2_DIALECT_311)
		CHECK_VAL(t, r->msg.u.error.context_count, 1);
	/* Zero is "insufficient" as well. */
	CHECK_STATUS(t, info_query(t, t->tree, o.id, SMB2_0_INFO_SECURITY, 0, addl, 0, &b),
	             STATUS_BUFFER_TOO_SMALL);
}

static void security_no_read_control(struct torture_ctx *t)
{
	const char *path = torture_path(t, "f");
	struct smb2_blob b;
	struct cli_open o;

	CHECK_STATUS(t, torture_create_file(t, t->tree, path, &o), STATUS_SUCCESS);
	CHECK_STATUS(t, info_open(t, t->tree, path, SMB2_FILE_READ_DATA | SMB2_FILE_READ_ATTRIBUTES,
	                          INFO_SHARE_ALL, SMB2_FILE_OPEN, 0, &o),
	             STATUS_SUCCESS);
	/* MS-FSA 2.1.5.14: owner, group and DACL need READ_CONTROL. */
	CHECK_STATUS(t, info_query(t, t->tree, o.id, SMB2_0_INFO_SECURITY, 0,
	                           OWNER_SECURITY_INFORMATION, INFO_OUT_LEN, &b),
	             STATUS_ACCESS_DENIED);
	CHECK_STATUS(t, info_query(t, t->tree, o.id, SMB2_0_INFO_SECURITY, 0,
	                           DACL_SECURITY_INFORMATION, INFO_OUT_LEN, &b),
	             STATUS_ACCESS_DENIED);
	/* The SACL needs ACCESS_SYSTEM_SECURITY, which the open lacks too. */
	CHECK_STATUS(t, info_query(t, t->tree, o.id, SMB2_0_INFO_SECURITY, 0,
	                           SACL_SECURITY_INFORMATION, INFO_OUT_LEN, &b),
	             STATUS_ACCESS_DENIED);
}

#define F "MS-SMB2 3.3.5.20.2; MS-FSA 2.1.5.13; "
#define S "MS-SMB2 3.3.5.20.3; MS-FSA 2.1.5.14; MS-DTYP 2.4.6"

static const struct torture_test tests[] = {
	TORTURE_TEST(fs_volume, F "MS-FSCC 2.5.9",
	             "FileFsVolumeInformation: 18 bytes and the label, VolumeLabelLength consistent"),
	TORTURE_TEST(fs_size, F "MS-FSCC 2.5.8; MS-FSCC 2.5.4",
	             "FileFsSizeInformation and FileFsFullSizeInformation describe the same volume"),
	TORTURE_TEST(fs_device, F "MS-FSCC 2.5.10",
	             "FileFsDeviceInformation: 8 bytes, FILE_DEVICE_DISK for a disk share"),
	TORTURE_TEST(fs_attribute, F "MS-FSCC 2.5.1",
	             "FileFsAttributeInformation: a component length and a file system name"),
	TORTURE_TEST(fs_object_id, F "MS-FSCC 2.5.6",
	             "FileFsObjectIdInformation: 64 bytes"),
	TORTURE_TEST(fs_sector_size, F "MS-FSCC 2.5.7",
	             "FileFsSectorSizeInformation: 28 bytes, logical sector as FileFsSizeInformation says"),
	TORTURE_TEST(security, S,
	             "owner, group and DACL asked: all three, self-relative, no SACL"),
	TORTURE_TEST(security_select, S "; MS-SMB2 2.2.37",
	             "AdditionalInformation selects the owner, the group or the DACL alone"),
	TORTURE_TEST(security_unknown_flags, S "; MS-SMB2 2.2.37",
	             "undefined AdditionalInformation bits are ignored"),
	TORTURE_TEST(security_too_small, S "; MS-SMB2 2.2.2.2",
	             "a descriptor longer than OutputBufferLength: BUFFER_TOO_SMALL with the size needed"),
	TORTURE_TEST(security_no_read_control, S,
	             "owner, DACL without READ_CONTROL and SACL without ACCESS_SYSTEM_SECURITY: ACCESS_DENIED"),
};

TORTURE_SUITE(getinfo_fs_suite, "getinfo_fs",
              "QUERY_INFO: file system information and security descriptors", tests)
