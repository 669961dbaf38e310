/* File information classes (MS-FSCC 2.4; subsections are cited by class
 * name, since their numbers differ between editions): see fileinfo.h. */
#include "wire/fileinfo.h"
#include "wire/create_ctx.h"

uint32_t smb2_fileinfo_fixed_size(uint8_t cls)
{
	switch (cls) {
	case FILE_BASIC_INFORMATION: return 40;
	case FILE_STANDARD_INFORMATION: return 24;
	case FILE_INTERNAL_INFORMATION: return 8;
	case FILE_EA_INFORMATION: return 4;
	case FILE_ACCESS_INFORMATION: return 4;
	case FILE_NAME_INFORMATION: return 4;          /* FileNameLength, then the name */
	case FILE_RENAME_INFORMATION: return 20;       /* MS-FSCC 2.4.37.2 */
	case FILE_DISPOSITION_INFORMATION: return 1;
	case FILE_POSITION_INFORMATION: return 8;
	case FILE_FULL_EA_INFORMATION: return 10;      /* one entry: 8, a 1-byte name, NUL */
	case FILE_MODE_INFORMATION: return 4;
	case FILE_ALIGNMENT_INFORMATION: return 4;
	case FILE_ALL_INFORMATION: return 100;         /* 96 fixed + FileNameLength */
	case FILE_ALLOCATION_INFORMATION: return 8;
	case FILE_END_OF_FILE_INFORMATION: return 8;
	case FILE_ALTERNATE_NAME_INFORMATION: return 4;
	case FILE_STREAM_INFORMATION: return SMB2_STREAM_FIXED; /* one entry */
	case FILE_COMPRESSION_INFORMATION: return 16;
	case FILE_NETWORK_OPEN_INFORMATION: return 56;
	case FILE_ATTRIBUTE_TAG_INFORMATION: return 8;
	case FILE_NORMALIZED_NAME_INFORMATION: return 4;
	case FILE_ID_INFORMATION: return 24;
	case FILE_DISPOSITION_INFORMATION_EX: return 4;
	default: return 0;
	}
}

static void rd_basic(struct rd *c, struct smb2_fi_basic *b)
{
	(void)!rd_u64(c, &b->creation_time);
	(void)!rd_u64(c, &b->last_access_time);
	(void)!rd_u64(c, &b->last_write_time);
	(void)!rd_u64(c, &b->change_time);
	(void)!rd_u32(c, &b->file_attributes);
	(void)!rd_skip(c, 4); /* Reserved */
}

static void rd_standard(struct rd *c, struct smb2_fi_standard *s)
{
	(void)!rd_u64(c, &s->allocation_size);
	(void)!rd_u64(c, &s->end_of_file);
	(void)!rd_u32(c, &s->number_of_links);
	(void)!rd_u8(c, &s->delete_pending);
	(void)!rd_u8(c, &s->directory);
	(void)!rd_skip(c, 2); /* Reserved */
}

/* FileNameLength (u32) then that many bytes of UTF-16LE, inside c. */
static NTSTATUS rd_name(struct rd *c, struct smb2_blob *name, const char *field)
{
	uint32_t len;
	const uint8_t *p;

	if (!rd_u32(c, &len))
		return rd_fail_status(c, field, STATUS_INFO_LENGTH_MISMATCH);
	if (!smb2_utf16_len_ok(len) || !rd_ptr(c, len, &p))
		return rd_fail(c, field);
	name->p = p;
	name->len = len;
	return STATUS_SUCCESS;
}

static NTSTATUS check_full_ea(struct smb2_blob b)
{
	struct smb2_ea_iter it;
	struct smb2_ea ea;
	NTSTATUS st;

	smb2_ea_iter_init(&it, b);
	while ((st = smb2_ea_iter_next(&it, &ea)) == STATUS_SUCCESS)
		;
	return st == STATUS_NO_MORE_EAS ? STATUS_SUCCESS : STATUS_INVALID_PARAMETER;
}

static NTSTATUS check_streams(struct smb2_blob b)
{
	struct smb2_stream_iter it;
	struct smb2_stream_entry e;
	NTSTATUS st;

	smb2_stream_iter_init(&it, b);
	while ((st = smb2_stream_next(&it, &e)) == STATUS_SUCCESS)
		;
	return st == STATUS_NO_MORE_ENTRIES ? STATUS_SUCCESS : st;
}

NTSTATUS smb2_fileinfo_decode(uint8_t cls, struct smb2_blob in, struct smb2_fileinfo *out)
{
	uint32_t fixed = smb2_fileinfo_fixed_size(cls);
	struct smb2_fileinfo f;
	NTSTATUS st = STATUS_SUCCESS;
	struct rd c;

	if (fixed == 0)
		return STATUS_INVALID_INFO_CLASS;
	memset(&f, 0, sizeof(f));
	f.cls = cls;
	rd_init(&c, in.p, in.len);
	/* Lists may be empty; every other class needs its fixed part. */
	if (cls != FILE_FULL_EA_INFORMATION && cls != FILE_STREAM_INFORMATION &&
	    in.len < fixed)
		return STATUS_INFO_LENGTH_MISMATCH;
	/* The length is checked above: the fixed-part reads cannot fail. */
	switch (cls) {
	case FILE_BASIC_INFORMATION:
		rd_basic(&c, &f.u.basic);
		break;
	case FILE_STANDARD_INFORMATION:
		rd_standard(&c, &f.u.standard);
		break;
	case FILE_INTERNAL_INFORMATION:
		(void)!rd_u64(&c, &f.u.index_number);
		break;
	case FILE_EA_INFORMATION:
		(void)!rd_u32(&c, &f.u.ea_size);
		break;
	case FILE_ACCESS_INFORMATION:
		(void)!rd_u32(&c, &f.u.access_flags);
		break;
	case FILE_NAME_INFORMATION:
	case FILE_ALTERNATE_NAME_INFORMATION:
	case FILE_NORMALIZED_NAME_INFORMATION:
		st = rd_name(&c, &f.u.name, "FILEINFO.FileNameLength");
		break;
	case FILE_RENAME_INFORMATION:
		/* MS-FSCC 2.4.37.2: ReplaceIfExists, Reserved (7), RootDirectory
		 * (8), FileNameLength, FileName. */
		(void)!rd_u8(&c, &f.u.rename.replace_if_exists);
		(void)!rd_skip(&c, 7);
		(void)!rd_u64(&c, &f.u.rename.root_directory);
		st = rd_name(&c, &f.u.rename.name, "FILEINFO.Rename.FileNameLength");
		break;
	case FILE_DISPOSITION_INFORMATION:
		(void)!rd_u8(&c, &f.u.delete_pending);
		break;
	case FILE_POSITION_INFORMATION:
		(void)!rd_u64(&c, &f.u.current_byte_offset);
		break;
	case FILE_FULL_EA_INFORMATION:
		f.u.full_ea = in;
		st = check_full_ea(in);
		break;
	case FILE_MODE_INFORMATION:
		(void)!rd_u32(&c, &f.u.mode);
		break;
	case FILE_ALIGNMENT_INFORMATION:
		(void)!rd_u32(&c, &f.u.alignment_requirement);
		break;
	case FILE_ALL_INFORMATION:
		/* MS-FSCC FileAllInformation: Basic, Standard, Internal, Ea,
		 * Access, Position, Mode, Alignment, Name. */
		rd_basic(&c, &f.u.all.basic);
		rd_standard(&c, &f.u.all.standard);
		(void)!rd_u64(&c, &f.u.all.index_number);
		(void)!rd_u32(&c, &f.u.all.ea_size);
		(void)!rd_u32(&c, &f.u.all.access_flags);
		(void)!rd_u64(&c, &f.u.all.current_byte_offset);
		(void)!rd_u32(&c, &f.u.all.mode);
		(void)!rd_u32(&c, &f.u.all.alignment_requirement);
		st = rd_name(&c, &f.u.all.name, "FILEINFO.All.FileNameLength");
		break;
	case FILE_ALLOCATION_INFORMATION:
		(void)!rd_u64(&c, &f.u.allocation_size);
		break;
	case FILE_END_OF_FILE_INFORMATION:
		(void)!rd_u64(&c, &f.u.end_of_file);
		break;
	case FILE_STREAM_INFORMATION:
		f.u.streams = in;
		st = check_streams(in);
		break;
	case FILE_COMPRESSION_INFORMATION:
		(void)!rd_u64(&c, &f.u.compression.compressed_file_size);
		(void)!rd_u16(&c, &f.u.compression.compression_format);
		(void)!rd_u8(&c, &f.u.compression.compression_unit_shift);
		(void)!rd_u8(&c, &f.u.compression.chunk_shift);
		(void)!rd_u8(&c, &f.u.compression.cluster_shift);
		break;
	case FILE_NETWORK_OPEN_INFORMATION:
		(void)!rd_u64(&c, &f.u.network_open.creation_time);
		(void)!rd_u64(&c, &f.u.network_open.last_access_time);
		(void)!rd_u64(&c, &f.u.network_open.last_write_time);
		(void)!rd_u64(&c, &f.u.network_open.change_time);
		(void)!rd_u64(&c, &f.u.network_open.allocation_size);
		(void)!rd_u64(&c, &f.u.network_open.end_of_file);
		(void)!rd_u32(&c, &f.u.network_open.file_attributes);
		break;
	case FILE_ATTRIBUTE_TAG_INFORMATION:
		(void)!rd_u32(&c, &f.u.attribute_tag.file_attributes);
		(void)!rd_u32(&c, &f.u.attribute_tag.reparse_tag);
		break;
	case FILE_ID_INFORMATION:
		(void)!rd_u64(&c, &f.u.id.volume_serial_number);
		(void)!rd_bytes(&c, f.u.id.file_id, 16);
		break;
	default: /* FILE_DISPOSITION_INFORMATION_EX */
		(void)!rd_u32(&c, &f.u.disposition_flags);
		break;
	}
	if (st)
		return st;
	*out = f;
	return STATUS_SUCCESS;
}

static void wr_basic(struct wr *w, const struct smb2_fi_basic *b)
{
	wr_u64(w, b->creation_time);
	wr_u64(w, b->last_access_time);
	wr_u64(w, b->last_write_time);
	wr_u64(w, b->change_time);
	wr_u32(w, b->file_attributes);
	wr_u32(w, 0);
}

static void wr_standard(struct wr *w, const struct smb2_fi_standard *s)
{
	wr_u64(w, s->allocation_size);
	wr_u64(w, s->end_of_file);
	wr_u32(w, s->number_of_links);
	wr_u8(w, s->delete_pending);
	wr_u8(w, s->directory);
	wr_u16(w, 0);
}

static NTSTATUS wr_name(struct wr *w, struct smb2_blob name)
{
	if (!smb2_utf16_len_ok(name.len))
		return STATUS_INVALID_PARAMETER;
	wr_u32(w, name.len);
	wr_bytes(w, name.p, name.len);
	return STATUS_SUCCESS;
}

NTSTATUS smb2_fileinfo_encode(struct wr *w, const struct smb2_fileinfo *in)
{
	NTSTATUS st = STATUS_SUCCESS;

	switch (in->cls) {
	case FILE_BASIC_INFORMATION:
		wr_basic(w, &in->u.basic);
		break;
	case FILE_STANDARD_INFORMATION:
		wr_standard(w, &in->u.standard);
		break;
	case FILE_INTERNAL_INFORMATION:
		wr_u64(w, in->u.index_number);
		break;
	case FILE_EA_INFORMATION:
		wr_u32(w, in->u.ea_size);
		break;
	case FILE_ACCESS_INFORMATION:
		wr_u32(w, in->u.access_flags);
		break;
	case FILE_NAME_INFORMATION:
	case FILE_ALTERNATE_NAME_INFORMATION:
	case FILE_NORMALIZED_NAME_INFORMATION:
		st = wr_name(w, in->u.name);
		break;
	case FILE_RENAME_INFORMATION:
		if (!smb2_utf16_len_ok(in->u.rename.name.len))
			return STATUS_INVALID_PARAMETER;
		wr_u8(w, in->u.rename.replace_if_exists);
		wr_zero(w, 7);
		wr_u64(w, in->u.rename.root_directory);
		st = wr_name(w, in->u.rename.name);
		break;
	case FILE_DISPOSITION_INFORMATION:
		wr_u8(w, in->u.delete_pending);
		break;
	case FILE_POSITION_INFORMATION:
		wr_u64(w, in->u.current_byte_offset);
		break;
	case FILE_FULL_EA_INFORMATION:
		wr_bytes(w, in->u.full_ea.p, in->u.full_ea.len);
		break;
	case FILE_MODE_INFORMATION:
		wr_u32(w, in->u.mode);
		break;
	case FILE_ALIGNMENT_INFORMATION:
		wr_u32(w, in->u.alignment_requirement);
		break;
	case FILE_ALL_INFORMATION:
		if (!smb2_utf16_len_ok(in->u.all.name.len))
			return STATUS_INVALID_PARAMETER;
		wr_basic(w, &in->u.all.basic);
		wr_standard(w, &in->u.all.standard);
		wr_u64(w, in->u.all.index_number);
		wr_u32(w, in->u.all.ea_size);
		wr_u32(w, in->u.all.access_flags);
		wr_u64(w, in->u.all.current_byte_offset);
		wr_u32(w, in->u.all.mode);
		wr_u32(w, in->u.all.alignment_requirement);
		st = wr_name(w, in->u.all.name);
		break;
	case FILE_ALLOCATION_INFORMATION:
		wr_u64(w, in->u.allocation_size);
		break;
	case FILE_END_OF_FILE_INFORMATION:
		wr_u64(w, in->u.end_of_file);
		break;
	case FILE_STREAM_INFORMATION:
		wr_bytes(w, in->u.streams.p, in->u.streams.len);
		break;
	case FILE_COMPRESSION_INFORMATION:
		wr_u64(w, in->u.compression.compressed_file_size);
		wr_u16(w, in->u.compression.compression_format);
		wr_u8(w, in->u.compression.compression_unit_shift);
		wr_u8(w, in->u.compression.chunk_shift);
		wr_u8(w, in->u.compression.cluster_shift);
		wr_zero(w, 3);
		break;
	case FILE_NETWORK_OPEN_INFORMATION:
		wr_u64(w, in->u.network_open.creation_time);
		wr_u64(w, in->u.network_open.last_access_time);
		wr_u64(w, in->u.network_open.last_write_time);
		wr_u64(w, in->u.network_open.change_time);
		wr_u64(w, in->u.network_open.allocation_size);
		wr_u64(w, in->u.network_open.end_of_file);
		wr_u32(w, in->u.network_open.file_attributes);
		wr_u32(w, 0);
		break;
	case FILE_ATTRIBUTE_TAG_INFORMATION:
		wr_u32(w, in->u.attribute_tag.file_attributes);
		wr_u32(w, in->u.attribute_tag.reparse_tag);
		break;
	case FILE_ID_INFORMATION:
		wr_u64(w, in->u.id.volume_serial_number);
		wr_bytes(w, in->u.id.file_id, 16);
		break;
	case FILE_DISPOSITION_INFORMATION_EX:
		wr_u32(w, in->u.disposition_flags);
		break;
	default:
		return STATUS_INVALID_INFO_CLASS;
	}
	if (st)
		return st;
	return wr_status(w);
}
