/* Samples: QUERY_DIRECTORY in each directory class (MS-FSCC 2.4),
 * CHANGE_NOTIFY with several FILE_NOTIFY_INFORMATION entries (2.7.1),
 * QUERY_INFO of each file class, each file-system class (2.5) and a
 * security descriptor (MS-DTYP 2.4.6), and SET_INFO of the classes a
 * client sets (MS-SMB2 2.2.33-2.2.40). */
#include <string.h>

#include "samples_int.h"
#include "wire/change_notify.h"
#include "wire/create.h"
#include "wire/dirinfo.h"
#include "wire/fileinfo.h"
#include "wire/fsinfo.h"
#include "wire/notify_info.h"
#include "wire/query_directory.h"
#include "wire/query_info.h"
#include "wire/secdesc.h"
#include "wire/set_info.h"

static const uint8_t name_a[] = { 'a', 0, '.', 0, 't', 0, 'x', 0, 't', 0 };
static const uint8_t name_b[] = { 's', 0, 'u', 0, 'b', 0 };
static const uint8_t star[] = { '*', 0 };
static const uint8_t ntfs[] = { 'N', 0, 'T', 0, 'F', 0, 'S', 0 };

static NTSTATUS qdir_req(struct wr *w, struct smb2_hdr *h, struct sample_info *info, uint8_t cls)
{
	struct smb2_query_directory_req r = {
		.file_info_class = cls, .flags = SMB2_RESTART_SCANS, .file_id = sample_fid,
		.pattern = { star, sizeof(star) }, .output_buffer_length = 65536,
	};
	NTSTATUS st = sample_begin(w, h, info);

	if (st)
		return st;
	sample_file_id(info, &r.file_id);
	sample_expect(info, "smb2.find.infolevel", "%u", cls);
	return smb2_query_directory_req_encode(w, &r);
}

static NTSTATUS qdir_rsp(struct wr *w, struct smb2_hdr *h, struct sample_info *info, uint8_t cls)
{
	struct smb2_dirinfo_builder b;
	struct smb2_dirent e;
	struct wr p;
	NTSTATUS st;

	wr_init(&p, 0);
	smb2_dirinfo_builder_init(&b, &p, cls, 65536);
	memset(&e, 0, sizeof(e));
	e.creation_time = e.last_access_time = e.last_write_time = e.change_time =
		UINT64_C(133000000000000000);
	e.end_of_file = 40;
	e.allocation_size = 4096;
	e.file_attributes = SMB2_FILE_ATTRIBUTE_ARCHIVE;
	e.file_id = 0x4242;
	e.name = (struct smb2_blob){ name_a, sizeof(name_a) };
	st = smb2_dirinfo_add(&b, &e);
	if (!st) {
		e.file_index = 1;
		e.file_attributes = SMB2_FILE_ATTRIBUTE_DIRECTORY;
		e.end_of_file = e.allocation_size = 0;
		e.file_id = 0x4243;
		e.name = (struct smb2_blob){ name_b, sizeof(name_b) };
		st = smb2_dirinfo_add(&b, &e);
	}
	if (!st)
		st = sample_begin(w, h, info);
	if (!st) {
		struct smb2_query_directory_rsp r = { { p.buf, (uint32_t)p.len } };

		/* tshark 4.0 does not dissect FileIdExtdDirectoryInformation. */
		if (cls != FILE_ID_EXTD_DIRECTORY_INFORMATION)
			sample_expect(info, "smb2.filename", "a.txt|sub");
		st = smb2_query_directory_rsp_encode(w, &r);
	}
	wr_free(&p);
	return st;
}

static NTSTATUS qinfo_req(struct wr *w, struct smb2_hdr *h, struct sample_info *info,
                          uint8_t type, uint8_t cls)
{
	struct smb2_query_info_req r = {
		.info_type = type, .file_info_class = cls, .output_buffer_length = 4096,
		.file_id = sample_fid,
	};
	NTSTATUS st;

	if (type == SMB2_0_INFO_SECURITY)
		r.additional_information = 0x7; /* OWNER | GROUP | DACL (MS-SMB2 2.2.37) */
	st = sample_begin(w, h, info);
	if (st)
		return st;
	sample_file_id(info, &r.file_id);
	sample_expect(info, "smb2.class", "%u", type);
	/* tshark names the class field after the info type. */
	sample_expect(info, type == SMB2_0_INFO_FILE         ? "smb2.file_info.infolevel"
	                    : type == SMB2_0_INFO_FILESYSTEM ? "smb2.fs_info.infolevel"
	                                                     : "smb2.sec_info.infolevel",
	              "%u", cls);
	return smb2_query_info_req_encode(w, &r);
}

/* S-1-5-32-544 (Administrators), S-1-1-0 (Everyone), S-1-5-7 (Anonymous). */
static const struct smb2_sid admins = { 1, 2, { 0, 0, 0, 0, 0, 5 }, { 32, 544 } };
static const struct smb2_sid everyone = { 1, 1, { 0, 0, 0, 0, 0, 1 }, { 0 } };
static const struct smb2_sid anonymous = { 1, 1, { 0, 0, 0, 0, 0, 5 }, { 7 } };

static NTSTATUS secdesc_payload(struct wr *p)
{
	struct smb2_ace allow = { .type = ACCESS_ALLOWED_ACE_TYPE, .basic = true,
		                  .mask = 0x001f01ff, .sid = everyone };
	struct smb2_ace deny = { .type = ACCESS_DENIED_ACE_TYPE, .basic = true,
		                 .mask = 0x00010000, .sid = anonymous };
	struct smb2_secdesc d;
	struct wr aces;
	NTSTATUS st;

	wr_init(&aces, 0);
	st = smb2_ace_encode(&aces, &deny);
	if (!st)
		st = smb2_ace_encode(&aces, &allow);
	memset(&d, 0, sizeof(d));
	d.revision = 1;
	d.control = SE_DACL_PRESENT | SE_SELF_RELATIVE;
	d.has_owner = d.has_group = d.has_dacl = true;
	d.owner = admins;
	d.group = everyone;
	d.dacl.revision = ACL_REVISION;
	d.dacl.ace_count = 2;
	d.dacl.aces = (struct smb2_blob){ aces.buf, (uint32_t)aces.len };
	if (!st)
		st = smb2_secdesc_encode(p, &d);
	wr_free(&aces);
	return st;
}

static NTSTATUS qinfo_rsp(struct wr *w, struct smb2_hdr *h, struct sample_info *info,
                          uint8_t type, uint8_t cls)
{
	struct wr p;
	NTSTATUS st;

	wr_init(&p, 0);
	if (type == SMB2_0_INFO_FILE) {
		struct smb2_fileinfo fi;

		memset(&fi, 0, sizeof(fi));
		fi.cls = cls;
		if (cls == FILE_NAME_INFORMATION || cls == FILE_ALTERNATE_NAME_INFORMATION ||
		    cls == FILE_NORMALIZED_NAME_INFORMATION)
			fi.u.name = (struct smb2_blob){ name_a, sizeof(name_a) };
		if (cls == FILE_ALL_INFORMATION)
			fi.u.all.name = (struct smb2_blob){ name_a, sizeof(name_a) };
		if (cls == FILE_STANDARD_INFORMATION)
			fi.u.standard.number_of_links = 1;
		st = smb2_fileinfo_encode(&p, &fi);
	} else if (type == SMB2_0_INFO_FILESYSTEM) {
		struct smb2_fsinfo fs;

		memset(&fs, 0, sizeof(fs));
		fs.cls = cls;
		if (cls == FILE_FS_VOLUME_INFORMATION)
			fs.u.volume.label = (struct smb2_blob){ name_b, sizeof(name_b) };
		if (cls == FILE_FS_ATTRIBUTE_INFORMATION) {
			fs.u.attribute.name = (struct smb2_blob){ ntfs, sizeof(ntfs) };
			fs.u.attribute.max_component_name_length = 255;
		}
		if (cls == FILE_FS_SIZE_INFORMATION || cls == FILE_FS_FULL_SIZE_INFORMATION) {
			fs.u.size.sectors_per_allocation_unit = 8;
			fs.u.size.bytes_per_sector = 512;
		}
		st = smb2_fsinfo_encode(&p, &fs);
	} else {
		st = secdesc_payload(&p);
	}
	if (!st)
		st = sample_begin(w, h, info);
	if (!st) {
		struct smb2_query_info_rsp r = { { p.buf, (uint32_t)p.len } };

		if (type == SMB2_0_INFO_SECURITY) {
			sample_expect(info, "nt.ace.type", "1|0");
			sample_expect(info, "nt.sid", "S-1-5-32-544|S-1-1-0|S-1-5-7|S-1-1-0");
		}
		st = smb2_query_info_rsp_encode(w, &r);
	}
	wr_free(&p);
	return st;
}

static NTSTATUS sinfo_req(struct wr *w, struct smb2_hdr *h, struct sample_info *info, uint8_t cls)
{
	struct smb2_fileinfo fi;
	struct wr p;
	NTSTATUS st;

	memset(&fi, 0, sizeof(fi));
	fi.cls = cls;
	if (cls == FILE_BASIC_INFORMATION) {
		fi.u.basic.last_write_time = UINT64_C(133000000040000000);
		fi.u.basic.file_attributes = SMB2_FILE_ATTRIBUTE_ARCHIVE;
	} else if (cls == FILE_RENAME_INFORMATION) {
		fi.u.rename.replace_if_exists = 1;
		fi.u.rename.name = (struct smb2_blob){ name_a, sizeof(name_a) };
	} else if (cls == FILE_DISPOSITION_INFORMATION) {
		fi.u.delete_pending = 1;
	} else if (cls == FILE_ALLOCATION_INFORMATION) {
		fi.u.allocation_size = 65536;
	} else {
		fi.u.end_of_file = 8192;
	}
	wr_init(&p, 0);
	st = smb2_fileinfo_encode(&p, &fi);
	if (!st)
		st = sample_begin(w, h, info);
	if (!st) {
		struct smb2_set_info_req r = {
			.info_type = SMB2_0_INFO_FILE, .file_info_class = cls, .file_id = sample_fid,
			.buffer = { p.buf, (uint32_t)p.len },
		};

		sample_file_id(info, &r.file_id);
		sample_expect(info, "smb2.class", "1");
		sample_expect(info, "smb2.file_info.infolevel", "%u", cls);
		st = smb2_set_info_req_encode(w, &r);
	}
	wr_free(&p);
	return st;
}

static NTSTATUS sinfo_rsp(struct wr *w, struct smb2_hdr *h, struct sample_info *info)
{
	struct smb2_set_info_rsp r = { 0 };
	NTSTATUS st = sample_begin(w, h, info);

	return st ? st : smb2_set_info_rsp_encode(w, &r);
}

static NTSTATUS notify_req(struct wr *w, struct smb2_hdr *h, struct sample_info *info)
{
	struct smb2_change_notify_req r = {
		.output_buffer_length = 4096, .file_id = sample_fid, .completion_filter = 0x17,
	};
	NTSTATUS st = sample_begin(w, h, info);

	if (st)
		return st;
	sample_file_id(info, &r.file_id);
	return smb2_change_notify_req_encode(w, &r);
}

static NTSTATUS notify_rsp(struct wr *w, struct smb2_hdr *h, struct sample_info *info)
{
	static const struct smb2_notify_entry ents[] = {
		{ FILE_ACTION_ADDED, { name_a, sizeof(name_a) } },
		{ FILE_ACTION_RENAMED_OLD_NAME, { name_a, sizeof(name_a) } },
		{ FILE_ACTION_RENAMED_NEW_NAME, { name_b, sizeof(name_b) } },
	};
	struct smb2_notify_builder b;
	struct wr p;
	NTSTATUS st = STATUS_SUCCESS;
	size_t k;

	wr_init(&p, 0);
	smb2_notify_builder_init(&b, &p, 4096);
	for (k = 0; k < sizeof(ents) / sizeof(ents[0]) && !st; k++)
		st = smb2_notify_add(&b, &ents[k]);
	if (!st)
		st = sample_begin(w, h, info);
	if (!st) {
		struct smb2_change_notify_rsp r = { { p.buf, (uint32_t)p.len } };

		sample_expect(info, "smb2.notify.action", "1|4|5");
		st = smb2_change_notify_rsp_encode(w, &r);
	}
	wr_free(&p);
	return st;
}

#define QDIR(cls)                                                                           \
	static NTSTATUS qdq_##cls(struct wr *w, struct smb2_hdr *h, struct sample_info *i)     \
	{                                                                                   \
		return qdir_req(w, h, i, cls);                                                  \
	}                                                                                   \
	static NTSTATUS qdr_##cls(struct wr *w, struct smb2_hdr *h, struct sample_info *i)     \
	{                                                                                   \
		return qdir_rsp(w, h, i, cls);                                                  \
	}
#define QINFO(type, cls)                                                                    \
	static NTSTATUS qiq_##type##_##cls(struct wr *w, struct smb2_hdr *h,                   \
	                                   struct sample_info *i)                           \
	{                                                                                   \
		return qinfo_req(w, h, i, type, cls);                                           \
	}                                                                                   \
	static NTSTATUS qir_##type##_##cls(struct wr *w, struct smb2_hdr *h,                   \
	                                   struct sample_info *i)                           \
	{                                                                                   \
		return qinfo_rsp(w, h, i, type, cls);                                           \
	}
#define SINFO(cls)                                                                          \
	static NTSTATUS siq_##cls(struct wr *w, struct smb2_hdr *h, struct sample_info *i)     \
	{                                                                                   \
		return sinfo_req(w, h, i, cls);                                                 \
	}

QDIR(FILE_DIRECTORY_INFORMATION)
QDIR(FILE_FULL_DIRECTORY_INFORMATION)
QDIR(FILE_BOTH_DIRECTORY_INFORMATION)
QDIR(FILE_NAMES_INFORMATION)
QDIR(FILE_ID_BOTH_DIRECTORY_INFORMATION)
QDIR(FILE_ID_FULL_DIRECTORY_INFORMATION)
QDIR(FILE_ID_EXTD_DIRECTORY_INFORMATION)
QINFO(SMB2_0_INFO_FILE, FILE_BASIC_INFORMATION)
QINFO(SMB2_0_INFO_FILE, FILE_STANDARD_INFORMATION)
QINFO(SMB2_0_INFO_FILE, FILE_INTERNAL_INFORMATION)
QINFO(SMB2_0_INFO_FILE, FILE_EA_INFORMATION)
QINFO(SMB2_0_INFO_FILE, FILE_ACCESS_INFORMATION)
QINFO(SMB2_0_INFO_FILE, FILE_NAME_INFORMATION)
QINFO(SMB2_0_INFO_FILE, FILE_POSITION_INFORMATION)
QINFO(SMB2_0_INFO_FILE, FILE_MODE_INFORMATION)
QINFO(SMB2_0_INFO_FILE, FILE_ALIGNMENT_INFORMATION)
QINFO(SMB2_0_INFO_FILE, FILE_ALL_INFORMATION)
QINFO(SMB2_0_INFO_FILE, FILE_ALTERNATE_NAME_INFORMATION)
QINFO(SMB2_0_INFO_FILE, FILE_COMPRESSION_INFORMATION)
QINFO(SMB2_0_INFO_FILE, FILE_NETWORK_OPEN_INFORMATION)
QINFO(SMB2_0_INFO_FILE, FILE_ATTRIBUTE_TAG_INFORMATION)
QINFO(SMB2_0_INFO_FILE, FILE_NORMALIZED_NAME_INFORMATION)
QINFO(SMB2_0_INFO_FILE, FILE_ID_INFORMATION)
QINFO(SMB2_0_INFO_FILESYSTEM, FILE_FS_VOLUME_INFORMATION)
QINFO(SMB2_0_INFO_FILESYSTEM, FILE_FS_SIZE_INFORMATION)
QINFO(SMB2_0_INFO_FILESYSTEM, FILE_FS_DEVICE_INFORMATION)
QINFO(SMB2_0_INFO_FILESYSTEM, FILE_FS_ATTRIBUTE_INFORMATION)
QINFO(SMB2_0_INFO_FILESYSTEM, FILE_FS_CONTROL_INFORMATION)
QINFO(SMB2_0_INFO_FILESYSTEM, FILE_FS_FULL_SIZE_INFORMATION)
QINFO(SMB2_0_INFO_FILESYSTEM, FILE_FS_OBJECT_ID_INFORMATION)
QINFO(SMB2_0_INFO_FILESYSTEM, FILE_FS_SECTOR_SIZE_INFORMATION)
QINFO(SMB2_0_INFO_SECURITY, 0)
SINFO(FILE_BASIC_INFORMATION)
SINFO(FILE_RENAME_INFORMATION)
SINFO(FILE_DISPOSITION_INFORMATION)
SINFO(FILE_ALLOCATION_INFORMATION)
SINFO(FILE_END_OF_FILE_INFORMATION)

#define QD_ENTRIES(cls)                                                                     \
	{ "QUERY_DIRECTORY request " #cls, SMB2_QUERY_DIRECTORY, false, qdq_##cls },            \
	{ "QUERY_DIRECTORY response " #cls, SMB2_QUERY_DIRECTORY, true, qdr_##cls }
#define QI_ENTRIES(type, cls)                                                               \
	{ "QUERY_INFO request " #cls, SMB2_QUERY_INFO, false, qiq_##type##_##cls },             \
	{ "QUERY_INFO response " #cls, SMB2_QUERY_INFO, true, qir_##type##_##cls }
#define SI_ENTRIES(cls)                                                                     \
	{ "SET_INFO request " #cls, SMB2_SET_INFO, false, siq_##cls },                          \
	{ "SET_INFO response", SMB2_SET_INFO, true, sinfo_rsp }

const struct sample_entry samples_info[] = {
	QD_ENTRIES(FILE_DIRECTORY_INFORMATION),
	QD_ENTRIES(FILE_FULL_DIRECTORY_INFORMATION),
	QD_ENTRIES(FILE_BOTH_DIRECTORY_INFORMATION),
	QD_ENTRIES(FILE_NAMES_INFORMATION),
	QD_ENTRIES(FILE_ID_BOTH_DIRECTORY_INFORMATION),
	QD_ENTRIES(FILE_ID_FULL_DIRECTORY_INFORMATION),
	QD_ENTRIES(FILE_ID_EXTD_DIRECTORY_INFORMATION),
	{ "CHANGE_NOTIFY request", SMB2_CHANGE_NOTIFY, false, notify_req },
	{ "CHANGE_NOTIFY response three entries", SMB2_CHANGE_NOTIFY, true, notify_rsp },
	QI_ENTRIES(SMB2_0_INFO_FILE, FILE_BASIC_INFORMATION),
	QI_ENTRIES(SMB2_0_INFO_FILE, FILE_STANDARD_INFORMATION),
	QI_ENTRIES(SMB2_0_INFO_FILE, FILE_INTERNAL_INFORMATION),
	QI_ENTRIES(SMB2_0_INFO_FILE, FILE_EA_INFORMATION),
	QI_ENTRIES(SMB2_0_INFO_FILE, FILE_ACCESS_INFORMATION),
	QI_ENTRIES(SMB2_0_INFO_FILE, FILE_NAME_INFORMATION),
	QI_ENTRIES(SMB2_0_INFO_FILE, FILE_POSITION_INFORMATION),
	QI_ENTRIES(SMB2_0_INFO_FILE, FILE_MODE_INFORMATION),
	QI_ENTRIES(SMB2_0_INFO_FILE, FILE_ALIGNMENT_INFORMATION),
	QI_ENTRIES(SMB2_0_INFO_FILE, FILE_ALL_INFORMATION),
	QI_ENTRIES(SMB2_0_INFO_FILE, FILE_ALTERNATE_NAME_INFORMATION),
	QI_ENTRIES(SMB2_0_INFO_FILE, FILE_COMPRESSION_INFORMATION),
	QI_ENTRIES(SMB2_0_INFO_FILE, FILE_NETWORK_OPEN_INFORMATION),
	QI_ENTRIES(SMB2_0_INFO_FILE, FILE_ATTRIBUTE_TAG_INFORMATION),
	QI_ENTRIES(SMB2_0_INFO_FILE, FILE_NORMALIZED_NAME_INFORMATION),
	QI_ENTRIES(SMB2_0_INFO_FILE, FILE_ID_INFORMATION),
	QI_ENTRIES(SMB2_0_INFO_FILESYSTEM, FILE_FS_VOLUME_INFORMATION),
	QI_ENTRIES(SMB2_0_INFO_FILESYSTEM, FILE_FS_SIZE_INFORMATION),
	QI_ENTRIES(SMB2_0_INFO_FILESYSTEM, FILE_FS_DEVICE_INFORMATION),
	QI_ENTRIES(SMB2_0_INFO_FILESYSTEM, FILE_FS_ATTRIBUTE_INFORMATION),
	QI_ENTRIES(SMB2_0_INFO_FILESYSTEM, FILE_FS_CONTROL_INFORMATION),
	QI_ENTRIES(SMB2_0_INFO_FILESYSTEM, FILE_FS_FULL_SIZE_INFORMATION),
	QI_ENTRIES(SMB2_0_INFO_FILESYSTEM, FILE_FS_OBJECT_ID_INFORMATION),
	QI_ENTRIES(SMB2_0_INFO_FILESYSTEM, FILE_FS_SECTOR_SIZE_INFORMATION),
	QI_ENTRIES(SMB2_0_INFO_SECURITY, 0),
	SI_ENTRIES(FILE_BASIC_INFORMATION),
	SI_ENTRIES(FILE_RENAME_INFORMATION),
	SI_ENTRIES(FILE_DISPOSITION_INFORMATION),
	SI_ENTRIES(FILE_ALLOCATION_INFORMATION),
	SI_ENTRIES(FILE_END_OF_FILE_INFORMATION),
};
const size_t samples_info_count = sizeof(samples_info) / sizeof(samples_info[0]);
