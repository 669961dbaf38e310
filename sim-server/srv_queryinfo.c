/*
 * QUERY_INFO (MS-SMB2 3.3.5.20, MS-FSA 2.1.5.12 and 2.1.5.13): file,
 * file-system and security information from the VFS.
 *
 * OutputBufferLength (3.3.5.20.1, .2): below a class's fixed part it is
 * STATUS_INFO_LENGTH_MISMATCH, whose error data on 3.1.1 is one empty
 * error context (ByteCount 8); a variable-size answer (names, streams,
 * FileAll, volume label, file-system name) longer than it is cut to it and
 * answered with STATUS_BUFFER_OVERFLOW.  A security descriptor longer than
 * it is STATUS_BUFFER_TOO_SMALL with the size needed as error data
 * (3.3.5.20.3, 2.2.2.2), inside an error context on 3.1.1.
 *
 * Access (MS-FSA 2.1.5.12): Basic, All, NetworkOpen and AttributeTag need
 * FILE_READ_ATTRIBUTES; owner, group and DACL need READ_CONTROL; the SACL
 * needs ACCESS_SYSTEM_SECURITY.
 *
 * What the VFS cannot say: EaSize is 0 (no EAs); AlternateName is
 * STATUS_NOT_SUPPORTED: there are no 8.3 names, and MS-FSA 2.1.5.12.3's
 * STATUS_OBJECT_NAME_NOT_FOUND makes smbclient's `allinfo` stop while
 * STATUS_NOT_SUPPORTED lets it go on; the only stream is
 * "::$DATA" (none for a directory), the alignment is byte alignment,
 * FileFsControl and quotas are STATUS_NOT_SUPPORTED, a FullEa query is
 * STATUS_NO_EAS_ON_FILE.  The volume label is the share name; the
 * volume object id is the server GUID.  Pipes answer STATUS_NOT_SUPPORTED.
 */
#include <stdlib.h>
#include <string.h>

#include "sim-server/srv_info.h"
#include "util/utf16.h"
#include "wire/error.h"
#include "wire/fileinfo.h"
#include "wire/fsinfo.h"
#include "wire/query_info.h"

/* MS-FSCC 2.5.10: DeviceType FILE_DEVICE_DISK, Characteristics
 * FILE_DEVICE_IS_MOUNTED (what Samba reports for a share). */
#define SRV_FS_DEVICE_DISK 0x00000007u
#define SRV_FS_DEVICE_IS_MOUNTED 0x00000020u
/* MS-FSCC 2.5.7: SSINFO_FLAGS_ALIGNED_DEVICE | _PARTITION_ALIGNED_ON_DEVICE */
#define SRV_FS_SECTOR_FLAGS 0x00000003u
/* MS-FSCC 2.4.3: FILE_BYTE_ALIGNMENT */
#define SRV_FILE_ALIGNMENT 0u
/* MS-FSCC 2.4.47 stream name of the default data stream */
static const char default_stream[] = "::$DATA";

/* The UTF-16LE form of s (a '/'-separated path becomes '\'-separated,
 * with a leading '\' when lead is set).  The caller frees *out. */
static NTSTATUS name16(const char *s, bool lead, uint8_t **out, size_t *len)
{
	size_t n = strlen(s);
	char *t = malloc(n + 2);
	NTSTATUS st;
	size_t k = 0;

	if (!t)
		return STATUS_NO_MEMORY;
	if (lead)
		t[k++] = '\\';
	for (size_t i = 0; i < n; i++)
		t[k++] = s[i] == '/' ? '\\' : s[i];
	t[k] = '\0';
	st = utf8_to_utf16le_alloc(t, k, out, len);
	free(t);
	return st;
}

static void fill_basic(const struct vfs_stat *s, struct smb2_fi_basic *b)
{
	b->creation_time = s->creation_time;
	b->last_access_time = s->last_access_time;
	b->last_write_time = s->last_write_time;
	b->change_time = s->change_time;
	b->file_attributes = s->attributes ? s->attributes : SMB2_FILE_ATTRIBUTE_NORMAL;
}

static void fill_standard(const struct srv_file *f, const struct vfs_stat *s,
                          struct smb2_fi_standard *d)
{
	d->allocation_size = s->allocation_size;
	d->end_of_file = s->end_of_file;
	d->number_of_links = s->nlink;
	d->delete_pending = f->node->delete_pending ? 1 : 0;
	d->directory = s->is_dir ? 1 : 0;
}

static uint32_t file_access_needed(uint8_t cls)
{
	switch (cls) {
	case FILE_BASIC_INFORMATION:
	case FILE_ALL_INFORMATION:
	case FILE_NETWORK_OPEN_INFORMATION:
	case FILE_ATTRIBUTE_TAG_INFORMATION:
		return SMB2_FILE_READ_ATTRIBUTES;
	default:
		return 0;
	}
}

/* The one entry is written whole; the caller cuts it to OutputBufferLength. */
static NTSTATUS stream_info(const struct vfs_stat *s, struct wr *w)
{
	struct smb2_stream_builder b;
	struct smb2_stream_entry e;
	uint8_t name[sizeof(default_stream) * 2];
	size_t n;
	NTSTATUS st;

	if (s->is_dir)
		return STATUS_SUCCESS;
	st = utf8_to_utf16le(default_stream, strlen(default_stream), name, sizeof(name), &n);
	if (st != STATUS_SUCCESS)
		return st;
	e.size = s->end_of_file;
	e.allocation_size = s->allocation_size;
	e.name.p = name;
	e.name.len = (uint32_t)n;
	smb2_stream_builder_init(&b, w, UINT32_MAX);
	return smb2_stream_add(&b, &e);
}

/* The file class cls of f into w; *variable when the answer may be cut. */
static NTSTATUS file_info(struct srv_req *r, struct srv_file *f, uint8_t cls, struct wr *w,
                          bool *variable)
{
	struct smb2_fileinfo fi;
	struct srv_info_open *io;
	struct vfs_stat s;
	uint8_t *name = NULL;
	size_t name_len = 0;
	NTSTATUS st;

	*variable = false;
	if (!smb2_fileinfo_fixed_size(cls))
		return STATUS_INVALID_INFO_CLASS;
	if (file_access_needed(cls)) {
		st = srv_file_check_access(f, file_access_needed(cls));
		if (st != STATUS_SUCCESS)
			return st;
	}
	io = srv_info_open_state(f);
	if (!io)
		return STATUS_NO_MEMORY;
	st = vfs_fstat(f->vf, &s);
	if (st != STATUS_SUCCESS)
		return st;
	memset(&fi, 0, sizeof(fi));
	fi.cls = cls;
	switch (cls) {
	case FILE_BASIC_INFORMATION:
		fill_basic(&s, &fi.u.basic);
		break;
	case FILE_STANDARD_INFORMATION:
		fill_standard(f, &s, &fi.u.standard);
		break;
	case FILE_INTERNAL_INFORMATION:
		fi.u.index_number = s.file_index;
		break;
	case FILE_EA_INFORMATION:
		fi.u.ea_size = 0;
		break;
	case FILE_ACCESS_INFORMATION:
		fi.u.access_flags = f->access;
		break;
	case FILE_POSITION_INFORMATION:
		fi.u.current_byte_offset = io->position;
		break;
	case FILE_MODE_INFORMATION:
		fi.u.mode = io->mode;
		break;
	case FILE_ALIGNMENT_INFORMATION:
		fi.u.alignment_requirement = SRV_FILE_ALIGNMENT;
		break;
	case FILE_NAME_INFORMATION:
	case FILE_NORMALIZED_NAME_INFORMATION:
		/* MS-SMB2 3.3.5.20.1: the normalized name is a 3.1.1 class. */
		if (cls == FILE_NORMALIZED_NAME_INFORMATION &&
		    srv_conn_info(r->conn)->dialect < SMB2_DIALECT_311)
			return STATUS_NOT_SUPPORTED;
		st = name16(f->vf->path, cls == FILE_NAME_INFORMATION, &name, &name_len);
		if (st != STATUS_SUCCESS)
			return st;
		fi.u.name.p = name;
		fi.u.name.len = (uint32_t)name_len;
		*variable = true;
		break;
	case FILE_ALL_INFORMATION:
		fill_basic(&s, &fi.u.all.basic);
		fill_standard(f, &s, &fi.u.all.standard);
		fi.u.all.index_number = s.file_index;
		fi.u.all.access_flags = f->access;
		fi.u.all.current_byte_offset = io->position;
		fi.u.all.mode = io->mode;
		fi.u.all.alignment_requirement = SRV_FILE_ALIGNMENT;
		st = name16(f->vf->path, true, &name, &name_len);
		if (st != STATUS_SUCCESS)
			return st;
		fi.u.all.name.p = name;
		fi.u.all.name.len = (uint32_t)name_len;
		*variable = true;
		break;
	case FILE_ALTERNATE_NAME_INFORMATION:
		return STATUS_NOT_SUPPORTED;
	case FILE_STREAM_INFORMATION:
		*variable = true;
		return stream_info(&s, w);
	case FILE_COMPRESSION_INFORMATION:
		fi.u.compression.compressed_file_size = s.end_of_file;
		break;
	case FILE_NETWORK_OPEN_INFORMATION:
		fi.u.network_open.creation_time = s.creation_time;
		fi.u.network_open.last_access_time = s.last_access_time;
		fi.u.network_open.last_write_time = s.last_write_time;
		fi.u.network_open.change_time = s.change_time;
		fi.u.network_open.allocation_size = s.allocation_size;
		fi.u.network_open.end_of_file = s.end_of_file;
		fi.u.network_open.file_attributes =
		        s.attributes ? s.attributes : SMB2_FILE_ATTRIBUTE_NORMAL;
		break;
	case FILE_ATTRIBUTE_TAG_INFORMATION:
		fi.u.attribute_tag.file_attributes =
		        s.attributes ? s.attributes : SMB2_FILE_ATTRIBUTE_NORMAL;
		break;
	case FILE_ID_INFORMATION: {
		struct vfs_fs_info fsi;
		st = vfs_fs_info(f->share, &fsi);
		if (st != STATUS_SUCCESS)
			return st;
		fi.u.id.volume_serial_number = fsi.serial_number;
		put_le64(fi.u.id.file_id, s.file_index);
		break;
	}
	case FILE_FULL_EA_INFORMATION:
		return STATUS_NO_EAS_ON_FILE;
	default:
		/* Set-only classes (rename, disposition, EOF, allocation). */
		return STATUS_INVALID_INFO_CLASS;
	}
	st = smb2_fileinfo_encode(w, &fi);
	free(name);
	return st;
}

static NTSTATUS fs_info(struct srv_req *r, struct srv_file *f, uint8_t cls, struct wr *w,
                        bool *variable)
{
	const struct srv_share_def *def = f->open->tree->share;
	struct vfs_fs_info v;
	struct smb2_fsinfo fi;
	uint8_t *name = NULL;
	size_t name_len = 0;
	NTSTATUS st;

	*variable = false;
	if (!smb2_fsinfo_fixed_size(cls))
		return STATUS_INVALID_INFO_CLASS;
	st = vfs_fs_info(f->share, &v);
	if (st != STATUS_SUCCESS)
		return st;
	memset(&fi, 0, sizeof(fi));
	fi.cls = cls;
	switch (cls) {
	case FILE_FS_VOLUME_INFORMATION:
		st = name16(def ? def->name : "", false, &name, &name_len);
		if (st != STATUS_SUCCESS)
			return st;
		fi.u.volume.creation_time = v.creation_time;
		fi.u.volume.serial_number = v.serial_number;
		fi.u.volume.label.p = name;
		fi.u.volume.label.len = (uint32_t)name_len;
		*variable = true;
		break;
	case FILE_FS_SIZE_INFORMATION:
		fi.u.size.total_allocation_units = v.total_units;
		fi.u.size.available_allocation_units = v.caller_available_units;
		fi.u.size.sectors_per_allocation_unit = v.sectors_per_unit;
		fi.u.size.bytes_per_sector = v.bytes_per_sector;
		break;
	case FILE_FS_FULL_SIZE_INFORMATION:
		fi.u.full_size.total_allocation_units = v.total_units;
		fi.u.full_size.caller_available_allocation_units = v.caller_available_units;
		fi.u.full_size.actual_available_allocation_units = v.actual_available_units;
		fi.u.full_size.sectors_per_allocation_unit = v.sectors_per_unit;
		fi.u.full_size.bytes_per_sector = v.bytes_per_sector;
		break;
	case FILE_FS_DEVICE_INFORMATION:
		fi.u.device.device_type = SRV_FS_DEVICE_DISK;
		fi.u.device.characteristics = SRV_FS_DEVICE_IS_MOUNTED;
		break;
	case FILE_FS_ATTRIBUTE_INFORMATION:
		st = name16(v.fs_name, false, &name, &name_len);
		if (st != STATUS_SUCCESS)
			return st;
		fi.u.attribute.attributes = v.fs_attributes;
		fi.u.attribute.max_component_name_length = (int32_t)v.max_component_length;
		fi.u.attribute.name.p = name;
		fi.u.attribute.name.len = (uint32_t)name_len;
		*variable = true;
		break;
	case FILE_FS_SECTOR_SIZE_INFORMATION:
		fi.u.sector_size.logical_bytes_per_sector = v.bytes_per_sector;
		fi.u.sector_size.physical_bytes_per_sector_for_atomicity = v.bytes_per_sector;
		fi.u.sector_size.physical_bytes_per_sector_for_performance = v.bytes_per_sector;
		fi.u.sector_size.fs_effective_physical_bytes_per_sector_for_atomicity =
		        v.bytes_per_sector;
		fi.u.sector_size.flags = SRV_FS_SECTOR_FLAGS;
		break;
	case FILE_FS_OBJECT_ID_INFORMATION:
		memcpy(fi.u.object_id.object_id, srv_server_guid(r->srv), 16);
		break;
	default:
		return STATUS_NOT_SUPPORTED;
	}
	st = smb2_fsinfo_encode(w, &fi);
	free(name);
	return st;
}

static NTSTATUS security_info(struct srv_file *f, uint32_t addl, uint32_t max, struct wr *w)
{
	NTSTATUS st;

	if (addl & (OWNER_SECURITY_INFORMATION | GROUP_SECURITY_INFORMATION |
	            DACL_SECURITY_INFORMATION)) {
		st = srv_file_check_access(f, SMB2_READ_CONTROL);
		if (st != STATUS_SUCCESS)
			return st;
	}
	if (addl & SACL_SECURITY_INFORMATION) {
		st = srv_file_check_access(f, SMB2_ACCESS_SYSTEM_SECURITY);
		if (st != STATUS_SUCCESS)
			return st;
	}
	st = srv_secinfo_query(f, addl, w);
	/* w keeps the whole descriptor: its length is the size needed. */
	if (st == STATUS_SUCCESS && w->len > max)
		return STATUS_BUFFER_TOO_SMALL;
	return st;
}

/* Fail r with st and this error data (MS-SMB2 2.2.2): on 3.1.1 inside one
 * error context with ErrorId 0 (2.2.2.1), before as ErrorData itself. */
static NTSTATUS fail_with_data(struct srv_req *r, NTSTATUS st, const uint8_t *data,
                               uint32_t len)
{
	struct smb2_error_rsp e;

	memset(&e, 0, sizeof(e));
	if (srv_conn_info(r->conn)->dialect == SMB2_DIALECT_311) {
		e.context_count = 1;
		e.contexts[0].id = SMB2_ERROR_ID_DEFAULT;
		e.contexts[0].data.p = data;
		e.contexts[0].data.len = len;
	} else {
		e.data.p = data;
		e.data.len = len;
	}
	r->out.len = SMB2_HDR_SIZE;
	if (smb2_error_rsp_encode(&r->out, &e) == STATUS_SUCCESS && wr_ok(&r->out))
		r->error_data = true;
	return st;
}

/* 3.3.5.20.1, .2: ByteCount 8 (an empty context) on 3.1.1, else 0. */
static NTSTATUS length_mismatch(struct srv_req *r)
{
	if (srv_conn_info(r->conn)->dialect != SMB2_DIALECT_311)
		return STATUS_INFO_LENGTH_MISMATCH;
	return fail_with_data(r, STATUS_INFO_LENGTH_MISMATCH, NULL, 0);
}

static uint32_t fixed_size(uint8_t type, uint8_t cls)
{
	if (type == SMB2_0_INFO_FILE)
		return smb2_fileinfo_fixed_size(cls);
	if (type == SMB2_0_INFO_FILESYSTEM)
		return smb2_fsinfo_fixed_size(cls);
	return 0;
}

NTSTATUS srv_query_info(struct srv_req *r)
{
	const struct smb2_query_info_req *q = &r->in.u.query_info_req;
	const struct srv_conn_info *ci = srv_conn_info(r->conn);
	struct smb2_query_info_rsp rsp;
	struct srv_file *f;
	bool variable = false;
	uint32_t fixed;
	struct wr w;
	NTSTATUS st;

	st = srv_info_disk_file(r, &f);
	if (st != STATUS_SUCCESS)
		return st;
	if (q->output_buffer_length > ci->max_transact || q->input.len > ci->max_transact)
		return STATUS_INVALID_PARAMETER;
	fixed = fixed_size(q->info_type, q->file_info_class);
	if (fixed && q->output_buffer_length < fixed)
		return length_mismatch(r);

	/* Built whole (bounded by the largest answer: a path of
	 * VFS_MAX_PATH_UNITS, a descriptor of three ACEs), cut afterwards. */
	wr_init(&w, WR_MAX_DEFAULT);
	switch (q->info_type) {
	case SMB2_0_INFO_FILE:
		st = file_info(r, f, q->file_info_class, &w, &variable);
		break;
	case SMB2_0_INFO_FILESYSTEM:
		st = fs_info(r, f, q->file_info_class, &w, &variable);
		break;
	case SMB2_0_INFO_SECURITY:
		st = security_info(f, q->additional_information, q->output_buffer_length, &w);
		break;
	case SMB2_0_INFO_QUOTA:
		st = STATUS_NOT_SUPPORTED;
		break;
	default:
		st = STATUS_INVALID_PARAMETER;
		break;
	}
	if (st == STATUS_SUCCESS && !wr_ok(&w))
		st = wr_status(&w);
	if (st == STATUS_BUFFER_TOO_SMALL) {
		uint8_t needed[4];

		put_le32(needed, (uint32_t)w.len);
		st = fail_with_data(r, st, needed, sizeof(needed));
	}
	if (st == STATUS_SUCCESS && w.len > q->output_buffer_length) {
		/* Only variable answers get here: fixed ones are <= the
		 * checked fixed size. */
		if (variable) {
			w.len = q->output_buffer_length;
			st = STATUS_BUFFER_OVERFLOW;
		} else {
			st = length_mismatch(r);
		}
	}
	if (st == STATUS_SUCCESS || st == STATUS_BUFFER_OVERFLOW) {
		NTSTATUS est;
		rsp.buffer.p = w.buf;
		rsp.buffer.len = (uint32_t)w.len;
		est = smb2_query_info_rsp_encode(&r->out, &rsp);
		if (est != STATUS_SUCCESS)
			st = est;
	}
	wr_free(&w);
	return st;
}
