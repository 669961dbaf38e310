/*
 * Summaries of responses for the replay's comparison (replay_compare.h):
 * per command, the fields that should be the same whenever a client
 * repeats the same requests against a server in the same state, read from
 * a decoded message.  What is left out on purpose (times, ids, GUIDs,
 * allocation sizes, free space, volume serial numbers, maximal access,
 * share flags and capabilities) is listed in pcap-replay/README-run.md.
 *
 * Every list read from a response (directory entries, notify entries,
 * streams, EAs) goes through its bounded iterator; a buffer that does not
 * decode as its class gives a note ("Body") instead of fields.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "pcap-replay/replay_compare.h"
#include "util/utf16.h"
#include "wire/dirinfo.h"
#include "wire/fileinfo.h"
#include "wire/fsinfo.h"
#include "wire/notify_info.h"

/* SHA-256 digest length and its text ("sha256:" + hex). */
#define RR_SHA256_LEN 32
#define RR_HASH_TEXT (7 + 2 * RR_SHA256_LEN + 1)

struct cls_name {
	uint8_t cls;
	const char *name;
};

static const struct cls_name file_classes[] = {
	{ FILE_BASIC_INFORMATION, "FileBasicInformation" },
	{ FILE_STANDARD_INFORMATION, "FileStandardInformation" },
	{ FILE_INTERNAL_INFORMATION, "FileInternalInformation" },
	{ FILE_EA_INFORMATION, "FileEaInformation" },
	{ FILE_ACCESS_INFORMATION, "FileAccessInformation" },
	{ FILE_NAME_INFORMATION, "FileNameInformation" },
	{ FILE_POSITION_INFORMATION, "FilePositionInformation" },
	{ FILE_FULL_EA_INFORMATION, "FileFullEaInformation" },
	{ FILE_MODE_INFORMATION, "FileModeInformation" },
	{ FILE_ALIGNMENT_INFORMATION, "FileAlignmentInformation" },
	{ FILE_ALL_INFORMATION, "FileAllInformation" },
	{ FILE_ALTERNATE_NAME_INFORMATION, "FileAlternateNameInformation" },
	{ FILE_STREAM_INFORMATION, "FileStreamInformation" },
	{ FILE_COMPRESSION_INFORMATION, "FileCompressionInformation" },
	{ FILE_NETWORK_OPEN_INFORMATION, "FileNetworkOpenInformation" },
	{ FILE_ATTRIBUTE_TAG_INFORMATION, "FileAttributeTagInformation" },
	{ FILE_NORMALIZED_NAME_INFORMATION, "FileNormalizedNameInformation" },
	{ FILE_ID_INFORMATION, "FileIdInformation" },
};

static const struct cls_name fs_classes[] = {
	{ FILE_FS_VOLUME_INFORMATION, "FileFsVolumeInformation" },
	{ FILE_FS_SIZE_INFORMATION, "FileFsSizeInformation" },
	{ FILE_FS_DEVICE_INFORMATION, "FileFsDeviceInformation" },
	{ FILE_FS_ATTRIBUTE_INFORMATION, "FileFsAttributeInformation" },
	{ FILE_FS_CONTROL_INFORMATION, "FileFsControlInformation" },
	{ FILE_FS_FULL_SIZE_INFORMATION, "FileFsFullSizeInformation" },
	{ FILE_FS_OBJECT_ID_INFORMATION, "FileFsObjectIdInformation" },
	{ FILE_FS_SECTOR_SIZE_INFORMATION, "FileFsSectorSizeInformation" },
};

static const char *cls_lookup(const struct cls_name *t, size_t n, uint8_t cls)
{
	for (size_t i = 0; i < n; i++)
		if (t[i].cls == cls)
			return t[i].name;
	return NULL;
}

const char *rr_subject(const struct rr_rsp_ctx *ctx)
{
	const char *s = NULL;

	switch (ctx->command) {
	case SMB2_QUERY_INFO:
		switch (ctx->info_type) {
		case SMB2_0_INFO_FILE:
			s = cls_lookup(file_classes, sizeof(file_classes) / sizeof(file_classes[0]),
			               ctx->info_class);
			return s ? s : "FileInformation(unknown class)";
		case SMB2_0_INFO_FILESYSTEM:
			s = cls_lookup(fs_classes, sizeof(fs_classes) / sizeof(fs_classes[0]),
			               ctx->info_class);
			return s ? s : "FileFsInformation(unknown class)";
		case SMB2_0_INFO_SECURITY:
			return "SecurityInformation";
		case SMB2_0_INFO_QUOTA:
			return "QuotaInformation";
		default:
			return "InfoType(unknown)";
		}
	case SMB2_IOCTL:
		s = smb2_fsctl_name(ctx->ctl_code);
		return s ? s : "FSCTL(unknown)";
	default:
		return "";
	}
}

/* ---- building a summary ---------------------------------------------- */

struct sb {
	struct rr_summary *s;
	bool oom;
};

static void add(struct sb *b, const char *name, enum rr_ftype type, uint64_t u, char *text)
{
	struct rr_field *f;

	if (b->oom || b->s->n == RR_MAX_FIELDS) {
		free(text);
		b->oom = true;
		return;
	}
	f = &b->s->f[b->s->n++];
	f->name = name;
	f->type = type;
	f->u = u;
	f->text = text;
}

static void add_u(struct sb *b, const char *name, enum rr_ftype type, uint64_t u)
{
	add(b, name, type, u, NULL);
}

/* A UTF-16LE name as a text field; an unconvertible one as its hex. */
static void add_name(struct sb *b, const char *name, struct smb2_blob n)
{
	char *t = NULL;

	if (utf16le_to_utf8_alloc(n.p, n.len, &t, NULL) != STATUS_SUCCESS) {
		t = malloc(2 * (size_t)n.len + 5);
		if (t) {
			strcpy(t, "hex:");
			for (uint32_t i = 0; i < n.len; i++)
				snprintf(t + 4 + 2 * i, 3, "%02x", n.p[i]);
		}
	}
	if (!t) {
		b->oom = true;
		return;
	}
	add(b, name, RR_F_TEXT, 0, t);
}

static void add_hash(struct sb *b, const char *name, struct smb2_blob data)
{
	uint8_t md[RR_SHA256_LEN];
	unsigned mdlen = 0;
	char *t = malloc(RR_HASH_TEXT);

	if (!t || !EVP_Digest(data.p, data.len, md, &mdlen, EVP_sha256(), NULL) ||
	    mdlen != RR_SHA256_LEN) {
		free(t);
		b->oom = true;
		return;
	}
	strcpy(t, "sha256:");
	for (unsigned i = 0; i < mdlen; i++)
		snprintf(t + 7 + 2 * i, 3, "%02x", md[i]);
	add(b, name, RR_F_HASH, 0, t);
}

/* A growing '\n'-separated list, bounded by RR_LIST_MAX. */
struct list {
	char *p;
	size_t len, cap;
	size_t count;
	bool cut, oom;
};

static void list_add(struct list *l, const char *item)
{
	size_t n = strlen(item);

	if (l->cut || l->oom)
		return;
	if (l->len + n + 2 > RR_LIST_MAX) {
		l->cut = true;
		return;
	}
	if (l->len + n + 2 > l->cap) {
		size_t ncap = l->cap ? l->cap * 2 : 256;
		while (ncap < l->len + n + 2)
			ncap *= 2;
		char *np = realloc(l->p, ncap);
		if (!np) {
			l->oom = true;
			return;
		}
		l->p = np;
		l->cap = ncap;
	}
	if (l->count++)
		l->p[l->len++] = '\n';
	memcpy(l->p + l->len, item, n);
	l->len += n;
	l->p[l->len] = 0;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Sort the entries of a list (directory names are a set). */
static void list_sort(struct list *l)
{
	char **v;
	char *out;
	size_t i = 0, pos = 0;

	if (l->oom || l->count < 2)
		return;
	v = malloc(l->count * sizeof(*v));
	out = malloc(l->len + 1);
	if (!v || !out) {
		free(v);
		free(out);
		l->oom = true;
		return;
	}
	for (char *s = l->p; i < l->count; i++) {
		v[i] = s;
		s = strchr(s, '\n');
		if (s)
			*s++ = 0;
	}
	qsort(v, l->count, sizeof(*v), cmp_str);
	for (i = 0; i < l->count; i++) {
		size_t n = strlen(v[i]);
		if (i)
			out[pos++] = '\n';
		memcpy(out + pos, v[i], n);
		pos += n;
	}
	out[pos] = 0;
	free(v);
	free(l->p);
	l->p = out;
	l->cap = l->len + 1;
}

/* The list as a field; a cut list ends in "..." (appended after any
 * sorting, so the mark stays last). */
static void add_list(struct sb *b, const char *name, struct list *l)
{
	if (l->oom) {
		free(l->p);
		b->oom = true;
		return;
	}
	if (!l->p) {
		l->p = calloc(1, 1);
		if (!l->p) {
			b->oom = true;
			return;
		}
	}
	if (l->cut) {
		size_t n = strlen(l->p);
		char *np = realloc(l->p, n + 5);
		if (!np) {
			free(l->p);
			b->oom = true;
			return;
		}
		memcpy(np + n, n ? "\n..." : "...", n ? 5 : 4);
		l->p = np;
	}
	add(b, name, RR_F_LIST, l->count, l->p);
	l->p = NULL;
}

static void utf8_of(struct smb2_blob n, char *buf, size_t len)
{
	size_t out;

	if (utf16le_to_utf8(n.p, n.len, buf, len, &out) != STATUS_SUCCESS)
		snprintf(buf, len, "(%u bytes not UTF-16)", n.len);
}

/* ---- per command ------------------------------------------------------ */

static void sum_create(struct sb *b, const struct smb2_create_rsp *r)
{
	const struct smb2_create_ctx *lease;

	add_u(b, "CreateAction", RR_F_ACTION, r->create_action);
	add_u(b, "FileAttributes", RR_F_HEX, r->file_attributes);
	add_u(b, "EndOfFile", RR_F_DEC, r->end_of_file);
	add_u(b, "OplockLevel", RR_F_OPLOCK, r->oplock_level);
	lease = smb2_create_ctx_find(&r->contexts, SMB2_CCTX_RQLS);
	if (lease)
		add_u(b, "LeaseState", RR_F_HEX, lease->u.lease.state);
}

static void sum_dir(struct sb *b, uint8_t cls, struct smb2_blob buf)
{
	struct smb2_dirinfo_iter it;
	struct smb2_dirent e;
	struct list l = { 0 };
	char name[1024];
	NTSTATUS st;

	smb2_dirinfo_iter_init(&it, cls, buf);
	while ((st = smb2_dirinfo_next(&it, &e)) == STATUS_SUCCESS) {
		utf8_of(e.name, name, sizeof(name));
		list_add(&l, name);
	}
	if (st != STATUS_NO_MORE_FILES && st != STATUS_NO_MORE_ENTRIES) {
		free(l.p);
		b->s->note = "directory entries do not decode";
		return;
	}
	list_sort(&l);
	add_list(b, "FileNames", &l);
}

static void sum_notify(struct sb *b, struct smb2_blob buf)
{
	struct smb2_notify_iter it;
	struct smb2_notify_entry e;
	struct list l = { 0 };
	char name[1024], item[1100];
	NTSTATUS st;

	smb2_notify_iter_init(&it, buf);
	while ((st = smb2_notify_next(&it, &e)) == STATUS_SUCCESS) {
		utf8_of(e.name, name, sizeof(name));
		snprintf(item, sizeof(item), "%u:%s", e.action, name);
		list_add(&l, item);
	}
	if (st != STATUS_NO_MORE_ENTRIES) {
		free(l.p);
		b->s->note = "notify entries do not decode";
		return;
	}
	add_list(b, "Changes", &l);
}

static void sum_streams(struct sb *b, struct smb2_blob buf)
{
	struct smb2_stream_iter it;
	struct smb2_stream_entry e;
	struct list l = { 0 };
	char name[1024], item[1100];
	NTSTATUS st;

	smb2_stream_iter_init(&it, buf);
	while ((st = smb2_stream_next(&it, &e)) == STATUS_SUCCESS) {
		utf8_of(e.name, name, sizeof(name));
		snprintf(item, sizeof(item), "%s:%llu", name, (unsigned long long)e.size);
		list_add(&l, item);
	}
	if (st != STATUS_NO_MORE_ENTRIES) {
		free(l.p);
		b->s->note = "stream entries do not decode";
		return;
	}
	add_list(b, "Streams", &l);
}

static void sum_eas(struct sb *b, struct smb2_blob buf)
{
	struct smb2_ea_iter it;
	struct smb2_ea e;
	struct list l = { 0 };
	char item[600];
	NTSTATUS st;

	smb2_ea_iter_init(&it, buf);
	while ((st = smb2_ea_iter_next(&it, &e)) == STATUS_SUCCESS) {
		snprintf(item, sizeof(item), "%.*s:%u", (int)(e.name.len > 255 ? 255 : e.name.len),
		         (const char *)e.name.p, e.value.len);
		list_add(&l, item);
	}
	if (st != STATUS_NO_MORE_EAS) {
		free(l.p);
		b->s->note = "EA entries do not decode";
		return;
	}
	add_list(b, "Eas", &l);
}

static void sum_standard(struct sb *b, const struct smb2_fi_standard *s)
{
	add_u(b, "EndOfFile", RR_F_DEC, s->end_of_file);
	add_u(b, "NumberOfLinks", RR_F_DEC, s->number_of_links);
	add_u(b, "DeletePending", RR_F_DEC, s->delete_pending);
	add_u(b, "Directory", RR_F_DEC, s->directory);
}

static void sum_fileinfo(struct sb *b, uint8_t cls, struct smb2_blob buf)
{
	struct smb2_fileinfo fi;

	if (cls == FILE_STREAM_INFORMATION) {
		sum_streams(b, buf);
		return;
	}
	if (smb2_fileinfo_decode(cls, buf, &fi) != STATUS_SUCCESS) {
		/* Unknown classes compare by length only. */
		if (smb2_fileinfo_fixed_size(cls))
			b->s->note = "buffer does not decode as its class";
		return;
	}
	switch (cls) {
	case FILE_BASIC_INFORMATION:
		add_u(b, "FileAttributes", RR_F_HEX, fi.u.basic.file_attributes);
		break;
	case FILE_STANDARD_INFORMATION:
		sum_standard(b, &fi.u.standard);
		break;
	case FILE_EA_INFORMATION:
		add_u(b, "EaSize", RR_F_DEC, fi.u.ea_size);
		break;
	case FILE_ACCESS_INFORMATION:
		add_u(b, "AccessFlags", RR_F_HEX, fi.u.access_flags);
		break;
	case FILE_NAME_INFORMATION:
	case FILE_ALTERNATE_NAME_INFORMATION:
	case FILE_NORMALIZED_NAME_INFORMATION:
		add_name(b, "FileName", fi.u.name);
		break;
	case FILE_POSITION_INFORMATION:
		add_u(b, "CurrentByteOffset", RR_F_DEC, fi.u.current_byte_offset);
		break;
	case FILE_FULL_EA_INFORMATION:
		sum_eas(b, fi.u.full_ea);
		break;
	case FILE_MODE_INFORMATION:
		add_u(b, "Mode", RR_F_HEX, fi.u.mode);
		break;
	case FILE_ALIGNMENT_INFORMATION:
		add_u(b, "AlignmentRequirement", RR_F_DEC, fi.u.alignment_requirement);
		break;
	case FILE_ALL_INFORMATION:
		add_u(b, "FileAttributes", RR_F_HEX, fi.u.all.basic.file_attributes);
		sum_standard(b, &fi.u.all.standard);
		add_u(b, "EaSize", RR_F_DEC, fi.u.all.ea_size);
		add_u(b, "AccessFlags", RR_F_HEX, fi.u.all.access_flags);
		add_u(b, "CurrentByteOffset", RR_F_DEC, fi.u.all.current_byte_offset);
		add_u(b, "Mode", RR_F_HEX, fi.u.all.mode);
		add_u(b, "AlignmentRequirement", RR_F_DEC, fi.u.all.alignment_requirement);
		add_name(b, "FileName", fi.u.all.name);
		break;
	case FILE_COMPRESSION_INFORMATION:
		add_u(b, "CompressedFileSize", RR_F_DEC, fi.u.compression.compressed_file_size);
		add_u(b, "CompressionFormat", RR_F_DEC, fi.u.compression.compression_format);
		break;
	case FILE_NETWORK_OPEN_INFORMATION:
		add_u(b, "EndOfFile", RR_F_DEC, fi.u.network_open.end_of_file);
		add_u(b, "FileAttributes", RR_F_HEX, fi.u.network_open.file_attributes);
		break;
	case FILE_ATTRIBUTE_TAG_INFORMATION:
		add_u(b, "FileAttributes", RR_F_HEX, fi.u.attribute_tag.file_attributes);
		add_u(b, "ReparseTag", RR_F_HEX, fi.u.attribute_tag.reparse_tag);
		break;
	default:
		/* Internal, Id: nothing but ids. */
		break;
	}
}

static void sum_fsinfo(struct sb *b, uint8_t cls, struct smb2_blob buf)
{
	struct smb2_fsinfo fs;

	if (smb2_fsinfo_decode(cls, buf, &fs) != STATUS_SUCCESS) {
		if (smb2_fsinfo_fixed_size(cls))
			b->s->note = "buffer does not decode as its class";
		return;
	}
	switch (cls) {
	case FILE_FS_VOLUME_INFORMATION:
		add_u(b, "SupportsObjects", RR_F_DEC, fs.u.volume.supports_objects);
		add_name(b, "VolumeLabel", fs.u.volume.label);
		break;
	case FILE_FS_SIZE_INFORMATION:
		add_u(b, "SectorsPerAllocationUnit", RR_F_DEC, fs.u.size.sectors_per_allocation_unit);
		add_u(b, "BytesPerSector", RR_F_DEC, fs.u.size.bytes_per_sector);
		break;
	case FILE_FS_FULL_SIZE_INFORMATION:
		add_u(b, "SectorsPerAllocationUnit", RR_F_DEC,
		      fs.u.full_size.sectors_per_allocation_unit);
		add_u(b, "BytesPerSector", RR_F_DEC, fs.u.full_size.bytes_per_sector);
		break;
	case FILE_FS_DEVICE_INFORMATION:
		add_u(b, "DeviceType", RR_F_HEX, fs.u.device.device_type);
		add_u(b, "Characteristics", RR_F_HEX, fs.u.device.characteristics);
		break;
	case FILE_FS_ATTRIBUTE_INFORMATION:
		add_u(b, "FileSystemAttributes", RR_F_HEX, fs.u.attribute.attributes);
		add_u(b, "MaximumComponentNameLength", RR_F_DEC,
		      (uint64_t)(uint32_t)fs.u.attribute.max_component_name_length);
		add_name(b, "FileSystemName", fs.u.attribute.name);
		break;
	case FILE_FS_CONTROL_INFORMATION:
		add_u(b, "Flags", RR_F_HEX, fs.u.control.flags);
		add_u(b, "DefaultQuotaThreshold", RR_F_DEC, fs.u.control.default_quota_threshold);
		add_u(b, "DefaultQuotaLimit", RR_F_DEC, fs.u.control.default_quota_limit);
		break;
	case FILE_FS_SECTOR_SIZE_INFORMATION: {
		const struct smb2_fs_sector_size *z = &fs.u.sector_size;
		add_u(b, "LogicalBytesPerSector", RR_F_DEC, z->logical_bytes_per_sector);
		add_u(b, "PhysicalBytesPerSectorForAtomicity", RR_F_DEC,
		      z->physical_bytes_per_sector_for_atomicity);
		add_u(b, "PhysicalBytesPerSectorForPerformance", RR_F_DEC,
		      z->physical_bytes_per_sector_for_performance);
		add_u(b, "FSEffectivePhysicalBytesPerSectorForAtomicity", RR_F_DEC,
		      z->fs_effective_physical_bytes_per_sector_for_atomicity);
		add_u(b, "Flags", RR_F_HEX, z->flags);
		add_u(b, "ByteOffsetForSectorAlignment", RR_F_DEC,
		      z->byte_offset_for_sector_alignment);
		add_u(b, "ByteOffsetForPartitionAlignment", RR_F_DEC,
		      z->byte_offset_for_partition_alignment);
		break;
	}
	default:
		/* Object id: nothing but ids. */
		break;
	}
}

static void sum_query_info(struct sb *b, const struct rr_rsp_ctx *ctx, struct smb2_blob buf)
{
	add_u(b, "OutputBufferLength", RR_F_DEC, buf.len);
	if (ctx->info_type == SMB2_0_INFO_FILE)
		sum_fileinfo(b, ctx->info_class, buf);
	else if (ctx->info_type == SMB2_0_INFO_FILESYSTEM)
		sum_fsinfo(b, ctx->info_class, buf);
	/* Security descriptors and quotas: the length only (owner SIDs
	 * name the server's accounts). */
}

static void sum_body(struct sb *b, const struct smb2_msg *m, const struct rr_rsp_ctx *ctx)
{
	switch (ctx->command) {
	case SMB2_TREE_CONNECT:
		add_u(b, "ShareType", RR_F_DEC, m->u.tree_connect_rsp.share_type);
		break;
	case SMB2_CREATE:
		sum_create(b, &m->u.create_rsp);
		break;
	case SMB2_CLOSE:
		if (m->u.close_rsp.flags & SMB2_CLOSE_FLAG_POSTQUERY_ATTRIB) {
			add_u(b, "FileAttributes", RR_F_HEX, m->u.close_rsp.file_attributes);
			add_u(b, "EndOfFile", RR_F_DEC, m->u.close_rsp.end_of_file);
		}
		add_u(b, "Flags", RR_F_HEX, m->u.close_rsp.flags);
		break;
	case SMB2_READ:
		add_u(b, "DataLength", RR_F_DEC, m->u.read_rsp.data.len);
		add_hash(b, "Data", m->u.read_rsp.data);
		break;
	case SMB2_WRITE:
		add_u(b, "Count", RR_F_DEC, m->u.write_rsp.count);
		break;
	case SMB2_QUERY_DIRECTORY:
		sum_dir(b, ctx->dir_class, m->u.query_directory_rsp.buffer);
		break;
	case SMB2_QUERY_INFO:
		sum_query_info(b, ctx, m->u.query_info_rsp.buffer);
		break;
	case SMB2_IOCTL:
		add_u(b, "OutputLength", RR_F_DEC, m->u.ioctl_rsp.output.len);
		break;
	case SMB2_CHANGE_NOTIFY:
		sum_notify(b, m->u.change_notify_rsp.buffer);
		break;
	case SMB2_OPLOCK_BREAK:
		if (m->u.oplock_break_rsp.kind == SMB2_BREAK_LEASE_RSP)
			add_u(b, "LeaseState", RR_F_HEX, m->u.oplock_break_rsp.lease_state);
		else
			add_u(b, "OplockLevel", RR_F_OPLOCK, m->u.oplock_break_rsp.oplock_level);
		break;
	default:
		/* FLUSH, LOCK, SET_INFO, ECHO, LOGOFF, TREE_DISCONNECT: the
		 * status says it all. */
		break;
	}
}

void rr_summary_free(struct rr_summary *s)
{
	if (!s)
		return;
	for (unsigned i = 0; i < s->n; i++)
		free(s->f[i].text);
	free(s->f);
	s->f = NULL;
	s->n = 0;
}

NTSTATUS rr_summarize(const struct smb2_msg *m, const struct rr_rsp_ctx *ctx,
                      struct rr_summary *out)
{
	struct rr_summary s;
	struct sb b = { &s, false };

	if (!smb2_hdr_is_response(&m->hdr) || m->hdr.command != ctx->command)
		return STATUS_INVALID_PARAMETER;
	memset(&s, 0, sizeof(s));
	s.command = ctx->command;
	s.status = m->hdr.status;
	s.subject = rr_subject(ctx);
	s.f = calloc(RR_MAX_FIELDS, sizeof(*s.f));
	if (!s.f)
		return STATUS_NO_MEMORY;
	/* An ERROR body carries nothing to compare but the status. */
	if (m->kind == SMB2_MSG_RSP(ctx->command))
		sum_body(&b, m, ctx);
	if (b.oom) {
		rr_summary_free(&s);
		return STATUS_NO_MEMORY;
	}
	if (!s.n) {
		free(s.f);
		s.f = NULL;
	} else {
		/* Most summaries hold a few fields: keep only those. */
		struct rr_field *f = realloc(s.f, s.n * sizeof(*s.f));
		if (f)
			s.f = f;
	}
	*out = s;
	return STATUS_SUCCESS;
}
