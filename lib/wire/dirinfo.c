/* Directory information classes (MS-FSCC 2.4, one subsection per class:
 * numbering differs between editions, so classes are cited by name). */
#include "wire/dirinfo.h"

uint32_t smb2_dirinfo_fixed_size(uint8_t cls)
{
	switch (cls) {
	case FILE_DIRECTORY_INFORMATION: return 64;         /* MS-FSCC 2.4 */
	case FILE_FULL_DIRECTORY_INFORMATION: return 68;    /* MS-FSCC 2.4 */
	case FILE_BOTH_DIRECTORY_INFORMATION: return 94;    /* MS-FSCC 2.4 */
	case FILE_NAMES_INFORMATION: return 12;             /* MS-FSCC 2.4 */
	case FILE_ID_BOTH_DIRECTORY_INFORMATION: return 104; /* MS-FSCC 2.4 */
	case FILE_ID_FULL_DIRECTORY_INFORMATION: return 80; /* MS-FSCC 2.4 */
	case FILE_ID_EXTD_DIRECTORY_INFORMATION: return 88; /* MS-FSCC 2.4 */
	default: return 0;
	}
}

void smb2_dirinfo_iter_init(struct smb2_dirinfo_iter *it, uint8_t cls,
                            struct smb2_blob buf)
{
	smb2_chain_iter_init(&it->chain, buf);
	it->cls = cls;
}

/* The fields every class but FileNamesInformation shares, from FileIndex
 * to FileNameLength.  The entry cursor holds the fixed size (checked by
 * the chain walker), so the reads cannot fail. */
static void rd_common(struct rd *e, struct smb2_dirent *d, uint32_t *name_len)
{
	(void)!rd_u32(e, &d->file_index);
	(void)!rd_u64(e, &d->creation_time);
	(void)!rd_u64(e, &d->last_access_time);
	(void)!rd_u64(e, &d->last_write_time);
	(void)!rd_u64(e, &d->change_time);
	(void)!rd_u64(e, &d->end_of_file);
	(void)!rd_u64(e, &d->allocation_size);
	(void)!rd_u32(e, &d->file_attributes);
	(void)!rd_u32(e, name_len);
}

static void rd_short_name(struct rd *e, struct smb2_dirent *d)
{
	(void)!rd_u8(e, &d->short_name_len);
	(void)!rd_skip(e, 1);
	(void)!rd_bytes(e, d->short_name, SMB2_SHORT_NAME_BYTES);
}

NTSTATUS smb2_dirinfo_next(struct smb2_dirinfo_iter *it, struct smb2_dirent *out)
{
	uint32_t fixed = smb2_dirinfo_fixed_size(it->cls);
	struct smb2_dirent d = { 0 };
	uint32_t name_len = 0;
	struct rd e;
	NTSTATUS st;

	if (fixed == 0) {
		it->chain.done = true;
		return STATUS_INVALID_INFO_CLASS;
	}
	/* MS-FSCC 2.4.x: "each MUST be aligned on an 8-byte boundary". */
	st = smb2_chain_next(&it->chain, SMB2_DIRINFO_ALIGN, fixed, &e);
	if (st)
		return st;
	switch (it->cls) {
	case FILE_NAMES_INFORMATION:
		(void)!rd_u32(&e, &d.file_index);
		(void)!rd_u32(&e, &name_len);
		break;
	case FILE_DIRECTORY_INFORMATION:
		rd_common(&e, &d, &name_len);
		break;
	case FILE_FULL_DIRECTORY_INFORMATION:
		rd_common(&e, &d, &name_len);
		(void)!rd_u32(&e, &d.ea_size);
		break;
	case FILE_BOTH_DIRECTORY_INFORMATION:
		rd_common(&e, &d, &name_len);
		(void)!rd_u32(&e, &d.ea_size);
		rd_short_name(&e, &d);
		break;
	case FILE_ID_BOTH_DIRECTORY_INFORMATION:
		rd_common(&e, &d, &name_len);
		(void)!rd_u32(&e, &d.ea_size);
		rd_short_name(&e, &d);
		(void)!rd_skip(&e, 2);
		(void)!rd_u64(&e, &d.file_id);
		break;
	case FILE_ID_FULL_DIRECTORY_INFORMATION:
		rd_common(&e, &d, &name_len);
		(void)!rd_u32(&e, &d.ea_size);
		(void)!rd_skip(&e, 4);
		(void)!rd_u64(&e, &d.file_id);
		break;
	default: /* FILE_ID_EXTD_DIRECTORY_INFORMATION */
		rd_common(&e, &d, &name_len);
		(void)!rd_u32(&e, &d.ea_size);
		(void)!rd_u32(&e, &d.reparse_tag);
		(void)!rd_bytes(&e, d.file_id_128, 16);
		break;
	}
	/* MS-FSCC 2.4 FileBothDirectoryInformation: ShortNameLength counts bytes of a 12-character name. */
	if (d.short_name_len > SMB2_SHORT_NAME_BYTES || !smb2_utf16_len_ok(d.short_name_len)) {
		it->chain.done = true;
		return rd_fail(&e, "DIRINFO.ShortNameLength");
	}
	/* The name lies inside this entry (before the next one). */
	if (!smb2_utf16_len_ok(name_len) || name_len > rd_left(&e)) {
		it->chain.done = true;
		return rd_fail(&e, "DIRINFO.FileNameLength");
	}
	d.name.p = e.base + e.pos;
	d.name.len = name_len;
	*out = d;
	return STATUS_SUCCESS;
}

void smb2_dirinfo_builder_init(struct smb2_dirinfo_builder *b, struct wr *w,
                               uint8_t cls, uint32_t max)
{
	smb2_chain_builder_init(&b->chain, w, SMB2_DIRINFO_ALIGN, max);
	b->cls = cls;
}

static void wr_common(struct wr *w, const struct smb2_dirent *e)
{
	wr_u32(w, e->file_index);
	wr_u64(w, e->creation_time);
	wr_u64(w, e->last_access_time);
	wr_u64(w, e->last_write_time);
	wr_u64(w, e->change_time);
	wr_u64(w, e->end_of_file);
	wr_u64(w, e->allocation_size);
	wr_u32(w, e->file_attributes);
	wr_u32(w, e->name.len);
}

static void wr_short_name(struct wr *w, const struct smb2_dirent *e)
{
	wr_u8(w, e->short_name_len);
	wr_u8(w, 0);
	wr_bytes(w, e->short_name, SMB2_SHORT_NAME_BYTES);
}

NTSTATUS smb2_dirinfo_add(struct smb2_dirinfo_builder *b, const struct smb2_dirent *e)
{
	uint32_t fixed = smb2_dirinfo_fixed_size(b->cls);
	struct wr *w = b->chain.w;
	NTSTATUS st;

	if (fixed == 0)
		return STATUS_INVALID_INFO_CLASS;
	if (!smb2_utf16_len_ok(e->name.len) || e->short_name_len > SMB2_SHORT_NAME_BYTES ||
	    !smb2_utf16_len_ok(e->short_name_len))
		return STATUS_INVALID_PARAMETER;
	st = smb2_chain_begin(&b->chain, (size_t)fixed + e->name.len);
	if (st)
		return st;
	wr_u32(w, 0); /* NextEntryOffset: patched by the next entry */
	switch (b->cls) {
	case FILE_NAMES_INFORMATION:
		wr_u32(w, e->file_index);
		wr_u32(w, e->name.len);
		break;
	case FILE_DIRECTORY_INFORMATION:
		wr_common(w, e);
		break;
	case FILE_FULL_DIRECTORY_INFORMATION:
		wr_common(w, e);
		wr_u32(w, e->ea_size);
		break;
	case FILE_BOTH_DIRECTORY_INFORMATION:
		wr_common(w, e);
		wr_u32(w, e->ea_size);
		wr_short_name(w, e);
		break;
	case FILE_ID_BOTH_DIRECTORY_INFORMATION:
		wr_common(w, e);
		wr_u32(w, e->ea_size);
		wr_short_name(w, e);
		wr_u16(w, 0);
		wr_u64(w, e->file_id);
		break;
	case FILE_ID_FULL_DIRECTORY_INFORMATION:
		wr_common(w, e);
		wr_u32(w, e->ea_size);
		wr_u32(w, 0);
		wr_u64(w, e->file_id);
		break;
	default: /* FILE_ID_EXTD_DIRECTORY_INFORMATION */
		wr_common(w, e);
		wr_u32(w, e->ea_size);
		wr_u32(w, e->reparse_tag);
		wr_bytes(w, e->file_id_128, 16);
		break;
	}
	wr_bytes(w, e->name.p, e->name.len);
	return wr_status(w);
}
