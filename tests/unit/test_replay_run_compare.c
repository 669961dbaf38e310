/*
 * What `smbsim-replay run` compares (replay_fields.c, replay_compare.c):
 * for each command, a response summarised twice is equal; changing a
 * compared field gives exactly that divergence, named, with both values;
 * changing a field that legitimately varies (times, FileIds, allocation
 * sizes, free space, volume serial numbers, maximal access, share flags)
 * gives none.  Also: lists (directory names as a set, notify changes in
 * order) say what is missing and extra; statuses first; ERROR bodies;
 * malformed twins (information buffers and entry lists that do not
 * decode, a response to another command); value formatting; --ignore
 * rules and their malformed twins.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

#include "pcap-replay/replay_compare.h"
#include "util/utf16.h"
#include "wire/dirinfo.h"
#include "wire/fileinfo.h"
#include "wire/fsinfo.h"
#include "wire/notify_info.h"

struct diffs {
	unsigned n;
	char field[8][64];
	char cap[8][RR_VALUE_TEXT];
	char rep[8][RR_VALUE_TEXT];
	char detail[8][RR_VALUE_TEXT];
};

static void collect(void *arg, const struct rr_diff *d)
{
	struct diffs *x = arg;

	if (x->n == 8)
		return;
	snprintf(x->field[x->n], sizeof(x->field[0]), "%s", d->field);
	snprintf(x->cap[x->n], sizeof(x->cap[0]), "%s", d->captured);
	snprintf(x->rep[x->n], sizeof(x->rep[0]), "%s", d->replayed);
	snprintf(x->detail[x->n], sizeof(x->detail[0]), "%s", d->detail);
	x->n++;
}

static void rsp(struct smb2_msg *m, uint16_t cmd, NTSTATUS st)
{
	memset(m, 0, sizeof(*m));
	m->hdr.command = cmd;
	m->hdr.flags = SMB2_FLAGS_SERVER_TO_REDIR;
	m->hdr.status = st;
	m->kind = SMB2_MSG_RSP(cmd);
}

/* Compare two responses to ctx; the differences in *d. */
static unsigned diff(const struct smb2_msg *a, const struct smb2_msg *b,
                     const struct rr_rsp_ctx *ctx, struct diffs *d)
{
	struct rr_summary sa, sb;
	unsigned n;

	memset(d, 0, sizeof(*d));
	assert_status(rr_summarize(a, ctx, &sa), STATUS_SUCCESS);
	assert_status(rr_summarize(b, ctx, &sb), STATUS_SUCCESS);
	n = rr_compare(&sa, &sb, collect, d);
	assert_int_equal(n, d->n);
	/* And the other way round as many. */
	assert_int_equal(rr_compare(&sb, &sa, NULL, NULL), n);
	rr_summary_free(&sa);
	rr_summary_free(&sb);
	return n;
}

static void expect_one(const struct smb2_msg *a, const struct smb2_msg *b,
                       const struct rr_rsp_ctx *ctx, const char *field, const char *cap,
                       const char *rep)
{
	struct diffs d;

	assert_int_equal(diff(a, b, ctx, &d), 1);
	assert_string_equal(d.field[0], field);
	if (cap)
		assert_string_equal(d.cap[0], cap);
	if (rep)
		assert_string_equal(d.rep[0], rep);
}

static void expect_none(const struct smb2_msg *a, const struct smb2_msg *b,
                        const struct rr_rsp_ctx *ctx)
{
	struct diffs d;

	assert_int_equal(diff(a, b, ctx, &d), 0);
}

static void test_status_first(void **state)
{
	struct rr_rsp_ctx ctx = { SMB2_CREATE, 0, 0, 0, 0 };
	struct smb2_msg a, b;

	(void)state;
	rsp(&a, SMB2_CREATE, STATUS_SUCCESS);
	a.u.create_rsp.create_action = SMB2_FILE_OPENED;
	rsp(&b, SMB2_CREATE, STATUS_OBJECT_NAME_NOT_FOUND);
	b.kind = SMB2_MSG_ERROR;
	/* Different statuses: only the status, whatever the bodies. */
	expect_one(&a, &b, &ctx, "Status", "STATUS_SUCCESS", "STATUS_OBJECT_NAME_NOT_FOUND");
	/* Two ERROR bodies with the same status are equal. */
	a = b;
	expect_none(&a, &b, &ctx);
}

static void test_create_fields(void **state)
{
	struct rr_rsp_ctx ctx = { SMB2_CREATE, 0, 0, 0, 0 };
	struct smb2_msg a, b;
	struct smb2_create_rsp *r = &a.u.create_rsp;

	(void)state;
	rsp(&a, SMB2_CREATE, STATUS_SUCCESS);
	r->oplock_level = SMB2_OPLOCK_LEVEL_II;
	r->create_action = SMB2_FILE_CREATED;
	r->file_attributes = SMB2_FILE_ATTRIBUTE_ARCHIVE;
	r->end_of_file = 100;
	r->allocation_size = 4096;
	r->creation_time = 1;
	r->file_id.persistent = 7;
	r->contexts.count = 1;
	r->contexts.ctx[0].type = SMB2_CCTX_RQLS;
	r->contexts.ctx[0].u.lease.state = 7;
	r->contexts.ctx[0].u.lease.key[0] = 1;
	b = a;
	expect_none(&a, &b, &ctx);
	/* Compared. */
	b.u.create_rsp.create_action = SMB2_FILE_OPENED;
	expect_one(&a, &b, &ctx, "CreateAction", "FILE_CREATED (2)", "FILE_OPENED (1)");
	b = a;
	b.u.create_rsp.file_attributes = SMB2_FILE_ATTRIBUTE_NORMAL;
	expect_one(&a, &b, &ctx, "FileAttributes", "0x00000020", "0x00000080");
	b = a;
	b.u.create_rsp.end_of_file = 99;
	expect_one(&a, &b, &ctx, "EndOfFile", "100", "99");
	b = a;
	b.u.create_rsp.oplock_level = SMB2_OPLOCK_LEVEL_BATCH;
	expect_one(&a, &b, &ctx, "OplockLevel", "II (0x01)", "BATCH (0x09)");
	b = a;
	b.u.create_rsp.contexts.ctx[0].u.lease.state = 1;
	expect_one(&a, &b, &ctx, "LeaseState", "0x00000007", "0x00000001");
	/* A lease on one side only. */
	b = a;
	b.u.create_rsp.contexts.count = 0;
	expect_one(&a, &b, &ctx, "LeaseState", "0x00000007", "(absent)");
	/* Not compared: times, sizes on disk, ids, the lease key. */
	b = a;
	b.u.create_rsp.creation_time = 99;
	b.u.create_rsp.last_access_time = 99;
	b.u.create_rsp.last_write_time = 99;
	b.u.create_rsp.change_time = 99;
	b.u.create_rsp.allocation_size = 0;
	b.u.create_rsp.file_id.persistent = 8;
	b.u.create_rsp.file_id.volatile_ = 9;
	b.u.create_rsp.flags = 1;
	b.u.create_rsp.contexts.ctx[0].u.lease.key[0] = 2;
	expect_none(&a, &b, &ctx);
}

static void test_close_read_write(void **state)
{
	struct rr_rsp_ctx cc = { SMB2_CLOSE, 0, 0, 0, 0 }, rc = { SMB2_READ, 0, 0, 0, 0 };
	struct rr_rsp_ctx wc = { SMB2_WRITE, 0, 0, 0, 0 };
	uint8_t d1[] = "abcdef", d2[] = "abcdeF";
	struct smb2_msg a, b;

	(void)state;
	rsp(&a, SMB2_CLOSE, STATUS_SUCCESS);
	a.u.close_rsp.flags = SMB2_CLOSE_FLAG_POSTQUERY_ATTRIB;
	a.u.close_rsp.file_attributes = 0x20;
	a.u.close_rsp.end_of_file = 5;
	a.u.close_rsp.allocation_size = 4096;
	b = a;
	b.u.close_rsp.end_of_file = 6;
	expect_one(&a, &b, &cc, "EndOfFile", "5", "6");
	b = a;
	b.u.close_rsp.file_attributes = 0x21;
	expect_one(&a, &b, &cc, "FileAttributes", "0x00000020", "0x00000021");
	b = a;
	b.u.close_rsp.allocation_size = 0;
	b.u.close_rsp.last_write_time = 5;
	expect_none(&a, &b, &cc);
	/* Without POSTQUERY the attributes are not there to compare. */
	a.u.close_rsp.flags = 0;
	b = a;
	b.u.close_rsp.end_of_file = 9;
	expect_none(&a, &b, &cc);

	rsp(&a, SMB2_READ, STATUS_SUCCESS);
	a.u.read_rsp.data.p = d1;
	a.u.read_rsp.data.len = 6;
	b = a;
	b.u.read_rsp.data.p = d2;
	expect_one(&a, &b, &rc, "Data", NULL, NULL);
	b.u.read_rsp.data.len = 5;
	b.u.read_rsp.data.p = d1;
	struct diffs d;
	assert_int_equal(diff(&a, &b, &rc, &d), 2);
	assert_string_equal(d.field[0], "DataLength");
	assert_string_equal(d.field[1], "Data");
	assert_memory_equal(d.cap[1], "sha256:", 7);
	assert_int_equal(strlen(d.cap[1]), 7 + 64);
	/* DataRemaining is not compared. */
	b = a;
	b.u.read_rsp.data_remaining = 5;
	expect_none(&a, &b, &rc);

	rsp(&a, SMB2_WRITE, STATUS_SUCCESS);
	a.u.write_rsp.count = 10;
	b = a;
	b.u.write_rsp.count = 9;
	expect_one(&a, &b, &wc, "Count", "10", "9");
}

/* A directory listing of names in class cls into w (the summary reads
 * the blob). */
static struct smb2_blob listing(struct wr *w, uint8_t cls, const char *const *names,
                                size_t n, uint64_t time)
{
	struct smb2_dirinfo_builder b;
	struct smb2_blob out;

	wr_init(w, 65536);
	smb2_dirinfo_builder_init(&b, w, cls, 65536);
	for (size_t i = 0; i < n; i++) {
		struct smb2_dirent e;
		uint8_t u[128];
		size_t ul;
		memset(&e, 0, sizeof(e));
		assert_int_equal(utf8_to_utf16le(names[i], strlen(names[i]), u, sizeof(u), &ul),
		                 STATUS_SUCCESS);
		e.name.p = u;
		e.name.len = (uint32_t)ul;
		e.creation_time = time;
		e.file_id = time + i;
		e.allocation_size = time;
		assert_status(smb2_dirinfo_add(&b, &e), STATUS_SUCCESS);
	}
	out.p = w->buf;
	out.len = (uint32_t)w->len;
	return out;
}

static void test_directory_names(void **state)
{
	static const char *const n1[] = { ".", "..", "b", "a" };
	static const char *const n2[] = { "a", "..", ".", "b" };
	static const char *const n3[] = { ".", "..", "c", "a" };
	struct rr_rsp_ctx ctx = { SMB2_QUERY_DIRECTORY, 0, 0, FILE_ID_BOTH_DIRECTORY_INFORMATION, 0 };
	struct smb2_msg a, b;
	struct wr w1, w2, w3;
	struct diffs d;

	(void)state;
	rsp(&a, SMB2_QUERY_DIRECTORY, STATUS_SUCCESS);
	b = a;
	a.u.query_directory_rsp.buffer = listing(&w1, ctx.dir_class, n1, 4, 1);
	/* Another order, other times, ids and sizes: the same set. */
	b.u.query_directory_rsp.buffer = listing(&w2, ctx.dir_class, n2, 4, 2);
	expect_none(&a, &b, &ctx);
	b.u.query_directory_rsp.buffer = listing(&w3, ctx.dir_class, n3, 4, 1);
	assert_int_equal(diff(&a, &b, &ctx, &d), 1);
	assert_string_equal(d.field[0], "FileNames");
	assert_string_equal(d.cap[0], "., .., a, b");
	assert_string_equal(d.rep[0], "., .., a, c");
	assert_string_equal(d.detail[0], "missing: b; extra: c");
	/* Twin: entries that do not decode say so instead of names. */
	put_le32(w3.buf, 0xFFFF);   /* NextEntryOffset past the end */
	assert_int_equal(diff(&a, &b, &ctx, &d), 2);
	assert_string_equal(d.field[0], "FileNames");
	assert_string_equal(d.rep[0], "(absent)");
	assert_string_equal(d.field[1], "Body");
	assert_string_equal(d.rep[1], "directory entries do not decode");
	wr_free(&w1);
	wr_free(&w2);
	wr_free(&w3);
}

static struct smb2_blob notify(struct wr *w, const uint32_t *act, const char *const *names,
                               size_t n)
{
	struct smb2_notify_builder b;
	struct smb2_blob out;

	wr_init(w, 4096);
	smb2_notify_builder_init(&b, w, 4096);
	for (size_t i = 0; i < n; i++) {
		struct smb2_notify_entry e;
		uint8_t u[64];
		size_t ul;
		assert_int_equal(utf8_to_utf16le(names[i], strlen(names[i]), u, sizeof(u), &ul),
		                 STATUS_SUCCESS);
		e.action = act[i];
		e.name.p = u;
		e.name.len = (uint32_t)ul;
		assert_status(smb2_notify_add(&b, &e), STATUS_SUCCESS);
	}
	out.p = w->buf;
	out.len = (uint32_t)w->len;
	return out;
}

static void test_notify_changes(void **state)
{
	static const char *const names[] = { "x", "y" };
	static const uint32_t act1[] = { FILE_ACTION_ADDED, FILE_ACTION_REMOVED };
	static const uint32_t act2[] = { FILE_ACTION_ADDED, FILE_ACTION_MODIFIED };
	struct rr_rsp_ctx ctx = { SMB2_CHANGE_NOTIFY, 0, 0, 0, 0 };
	struct smb2_msg a, b;
	struct wr w1, w2;
	struct diffs d;

	(void)state;
	rsp(&a, SMB2_CHANGE_NOTIFY, STATUS_SUCCESS);
	b = a;
	a.u.change_notify_rsp.buffer = notify(&w1, act1, names, 2);
	b.u.change_notify_rsp.buffer = a.u.change_notify_rsp.buffer;
	expect_none(&a, &b, &ctx);
	b.u.change_notify_rsp.buffer = notify(&w2, act2, names, 2);
	assert_int_equal(diff(&a, &b, &ctx, &d), 1);
	assert_string_equal(d.field[0], "Changes");
	assert_string_equal(d.cap[0], "1:x, 2:y");
	assert_string_equal(d.rep[0], "1:x, 3:y");
	assert_string_equal(d.detail[0], "missing: 2:y; extra: 3:y");
	wr_free(&w1);
	wr_free(&w2);
}

static struct smb2_blob fileinfo(struct wr *w, const struct smb2_fileinfo *fi)
{
	struct smb2_blob out;

	wr_init(w, 4096);
	assert_status(smb2_fileinfo_encode(w, fi), STATUS_SUCCESS);
	out.p = w->buf;
	out.len = (uint32_t)w->len;
	return out;
}

/* FileAllInformation a against b (their encodings). */
static unsigned all_diff(const struct smb2_fileinfo *fa, const struct smb2_fileinfo *fb,
                         struct diffs *d)
{
	struct rr_rsp_ctx ctx = { SMB2_QUERY_INFO, SMB2_0_INFO_FILE, fa->cls, 0, 0 };
	struct smb2_msg a, b;
	struct wr w1, w2;
	unsigned n;

	rsp(&a, SMB2_QUERY_INFO, STATUS_SUCCESS);
	b = a;
	a.u.query_info_rsp.buffer = fileinfo(&w1, fa);
	b.u.query_info_rsp.buffer = fileinfo(&w2, fb);
	n = diff(&a, &b, &ctx, d);
	wr_free(&w1);
	wr_free(&w2);
	return n;
}

static void test_query_info_file(void **state)
{
	static const uint8_t name1[] = { 'a', 0, 'b', 0 }, name2[] = { 'a', 0, 'c', 0 };
	struct smb2_fileinfo a, b;
	struct diffs d;

	(void)state;
	memset(&a, 0, sizeof(a));
	a.cls = FILE_ALL_INFORMATION;
	a.u.all.basic.file_attributes = 0x20;
	a.u.all.standard.end_of_file = 10;
	a.u.all.standard.allocation_size = 4096;
	a.u.all.standard.number_of_links = 1;
	a.u.all.index_number = 77;
	a.u.all.mode = 0x20;
	a.u.all.name.p = name1;
	a.u.all.name.len = 4;
	b = a;
	assert_int_equal(all_diff(&a, &b, &d), 0);
	/* Not compared: times, allocation size, index number. */
	b.u.all.basic.creation_time = 5;
	b.u.all.basic.change_time = 5;
	b.u.all.standard.allocation_size = 0;
	b.u.all.index_number = 78;
	assert_int_equal(all_diff(&a, &b, &d), 0);
	b = a;
	b.u.all.standard.end_of_file = 11;
	assert_int_equal(all_diff(&a, &b, &d), 1);
	assert_string_equal(d.field[0], "EndOfFile");
	b = a;
	b.u.all.mode = 0;
	assert_int_equal(all_diff(&a, &b, &d), 1);
	assert_string_equal(d.field[0], "Mode");
	b = a;
	b.u.all.standard.delete_pending = 1;
	b.u.all.ea_size = 3;
	assert_int_equal(all_diff(&a, &b, &d), 2);
	assert_string_equal(d.field[0], "DeletePending");
	assert_string_equal(d.field[1], "EaSize");
	b = a;
	b.u.all.name.p = name2;
	assert_int_equal(all_diff(&a, &b, &d), 1);
	assert_string_equal(d.field[0], "FileName");
	assert_string_equal(d.cap[0], "ab");
	assert_string_equal(d.rep[0], "ac");
	/* A longer name: the buffer length differs too. */
	static const uint8_t name3[] = { 'a', 0, 'b', 0, 'c', 0 };
	b.u.all.name.p = name3;
	b.u.all.name.len = 6;
	assert_int_equal(all_diff(&a, &b, &d), 2);
	assert_string_equal(d.field[0], "OutputBufferLength");
	assert_string_equal(d.field[1], "FileName");

	/* Basic: the attributes only. */
	memset(&a, 0, sizeof(a));
	a.cls = FILE_BASIC_INFORMATION;
	a.u.basic.file_attributes = 0x10;
	b = a;
	b.u.basic.last_write_time = 1;
	assert_int_equal(all_diff(&a, &b, &d), 0);
	b.u.basic.file_attributes = 0x11;
	assert_int_equal(all_diff(&a, &b, &d), 1);
	assert_string_equal(d.field[0], "FileAttributes");
	/* Internal and Id: nothing but ids, only the length. */
	memset(&a, 0, sizeof(a));
	a.cls = FILE_INTERNAL_INFORMATION;
	a.u.index_number = 1;
	b = a;
	b.u.index_number = 2;
	assert_int_equal(all_diff(&a, &b, &d), 0);
	/* Network open: end of file and attributes, not times or allocation. */
	memset(&a, 0, sizeof(a));
	a.cls = FILE_NETWORK_OPEN_INFORMATION;
	a.u.network_open.end_of_file = 3;
	b = a;
	b.u.network_open.allocation_size = 4096;
	b.u.network_open.last_access_time = 4;
	assert_int_equal(all_diff(&a, &b, &d), 0);
	b.u.network_open.end_of_file = 4;
	assert_int_equal(all_diff(&a, &b, &d), 1);
	assert_string_equal(d.field[0], "EndOfFile");
}

static void test_query_info_streams(void **state)
{
	struct rr_rsp_ctx ctx = { SMB2_QUERY_INFO, SMB2_0_INFO_FILE, FILE_STREAM_INFORMATION, 0, 0 };
	static const uint8_t data_name[] = { ':', 0, ':', 0, '$', 0, 'D', 0, 'A', 0, 'T', 0, 'A', 0 };
	struct smb2_stream_builder sb;
	struct smb2_stream_entry e = { 12, 4096, { data_name, sizeof(data_name) } };
	struct smb2_msg a, b;
	struct wr w1, w2;
	struct diffs d;

	(void)state;
	rsp(&a, SMB2_QUERY_INFO, STATUS_SUCCESS);
	b = a;
	wr_init(&w1, 4096);
	smb2_stream_builder_init(&sb, &w1, 4096);
	assert_status(smb2_stream_add(&sb, &e), STATUS_SUCCESS);
	wr_init(&w2, 4096);
	smb2_stream_builder_init(&sb, &w2, 4096);
	e.allocation_size = 0;      /* not compared */
	assert_status(smb2_stream_add(&sb, &e), STATUS_SUCCESS);
	a.u.query_info_rsp.buffer = (struct smb2_blob){ w1.buf, (uint32_t)w1.len };
	b.u.query_info_rsp.buffer = (struct smb2_blob){ w2.buf, (uint32_t)w2.len };
	expect_none(&a, &b, &ctx);
	put_le64(w2.buf + 8, 13);   /* StreamSize */
	assert_int_equal(diff(&a, &b, &ctx, &d), 1);
	assert_string_equal(d.field[0], "Streams");
	assert_string_equal(d.cap[0], "::$DATA:12");
	assert_string_equal(d.rep[0], "::$DATA:13");
	wr_free(&w1);
	wr_free(&w2);
}

static void test_query_info_fs(void **state)
{
	struct rr_rsp_ctx ctx = { SMB2_QUERY_INFO, SMB2_0_INFO_FILESYSTEM, 0, 0, 0 };
	static const uint8_t ntfs[] = { 'N', 0, 'T', 0, 'F', 0, 'S', 0 };
	struct smb2_fsinfo fa, fb;
	struct smb2_msg a, b;
	struct wr w1, w2;
	struct diffs d;

	(void)state;
	/* Full size: free space varies, the geometry does not. */
	memset(&fa, 0, sizeof(fa));
	fa.cls = ctx.info_class = FILE_FS_FULL_SIZE_INFORMATION;
	fa.u.full_size.total_allocation_units = 1000;
	fa.u.full_size.caller_available_allocation_units = 500;
	fa.u.full_size.sectors_per_allocation_unit = 8;
	fa.u.full_size.bytes_per_sector = 512;
	fb = fa;
	fb.u.full_size.caller_available_allocation_units = 499;
	fb.u.full_size.actual_available_allocation_units = 1;
	rsp(&a, SMB2_QUERY_INFO, STATUS_SUCCESS);
	b = a;
	wr_init(&w1, 256);
	wr_init(&w2, 256);
	assert_status(smb2_fsinfo_encode(&w1, &fa), STATUS_SUCCESS);
	assert_status(smb2_fsinfo_encode(&w2, &fb), STATUS_SUCCESS);
	a.u.query_info_rsp.buffer = (struct smb2_blob){ w1.buf, (uint32_t)w1.len };
	b.u.query_info_rsp.buffer = (struct smb2_blob){ w2.buf, (uint32_t)w2.len };
	expect_none(&a, &b, &ctx);
	put_le32(w2.buf + 24, 2);   /* SectorsPerAllocationUnit */
	assert_int_equal(diff(&a, &b, &ctx, &d), 1);
	assert_string_equal(d.field[0], "SectorsPerAllocationUnit");

	/* Attribute: the name and flags, compared. */
	memset(&fa, 0, sizeof(fa));
	fa.cls = ctx.info_class = FILE_FS_ATTRIBUTE_INFORMATION;
	fa.u.attribute.attributes = 3;
	fa.u.attribute.max_component_name_length = 255;
	fa.u.attribute.name.p = ntfs;
	fa.u.attribute.name.len = sizeof(ntfs);
	wr_reset(&w1);
	wr_reset(&w2);
	assert_status(smb2_fsinfo_encode(&w1, &fa), STATUS_SUCCESS);
	fb = fa;
	fb.u.attribute.attributes = 7;
	assert_status(smb2_fsinfo_encode(&w2, &fb), STATUS_SUCCESS);
	a.u.query_info_rsp.buffer = (struct smb2_blob){ w1.buf, (uint32_t)w1.len };
	b.u.query_info_rsp.buffer = (struct smb2_blob){ w2.buf, (uint32_t)w2.len };
	assert_int_equal(diff(&a, &b, &ctx, &d), 1);
	assert_string_equal(d.field[0], "FileSystemAttributes");

	/* Volume: serial number and creation time vary, the label does not. */
	memset(&fa, 0, sizeof(fa));
	fa.cls = ctx.info_class = FILE_FS_VOLUME_INFORMATION;
	fa.u.volume.serial_number = 1;
	fa.u.volume.creation_time = 1;
	fb = fa;
	fb.u.volume.serial_number = 2;
	fb.u.volume.creation_time = 2;
	wr_reset(&w1);
	wr_reset(&w2);
	assert_status(smb2_fsinfo_encode(&w1, &fa), STATUS_SUCCESS);
	assert_status(smb2_fsinfo_encode(&w2, &fb), STATUS_SUCCESS);
	a.u.query_info_rsp.buffer = (struct smb2_blob){ w1.buf, (uint32_t)w1.len };
	b.u.query_info_rsp.buffer = (struct smb2_blob){ w2.buf, (uint32_t)w2.len };
	expect_none(&a, &b, &ctx);
	wr_free(&w1);
	wr_free(&w2);
}

/* Twins of information buffers that do not decode as their class. */
static void test_query_info_malformed(void **state)
{
	struct rr_rsp_ctx ctx = { SMB2_QUERY_INFO, SMB2_0_INFO_FILE, FILE_STANDARD_INFORMATION, 0,
	                          0 };
	uint8_t good[24] = { 0 }, shorter[10] = { 0 };
	struct smb2_msg a, b;
	struct diffs d;

	(void)state;
	rsp(&a, SMB2_QUERY_INFO, STATUS_SUCCESS);
	b = a;
	a.u.query_info_rsp.buffer = (struct smb2_blob){ good, sizeof(good) };
	b.u.query_info_rsp.buffer = (struct smb2_blob){ shorter, sizeof(shorter) };
	assert_int_equal(diff(&a, &b, &ctx, &d), 6);
	assert_string_equal(d.field[0], "OutputBufferLength");
	assert_string_equal(d.field[5], "Body");
	assert_string_equal(d.rep[5], "buffer does not decode as its class");
	/* Two undecodable buffers of one length are equal. */
	a.u.query_info_rsp.buffer = b.u.query_info_rsp.buffer;
	expect_none(&a, &b, &ctx);
	/* Security descriptors and unknown classes: the length only. */
	ctx.info_type = SMB2_0_INFO_SECURITY;
	a.u.query_info_rsp.buffer = (struct smb2_blob){ good, 20 };
	b.u.query_info_rsp.buffer = (struct smb2_blob){ good + 1, 20 };
	expect_none(&a, &b, &ctx);
	b.u.query_info_rsp.buffer.len = 21;
	expect_one(&a, &b, &ctx, "OutputBufferLength", "20", "21");
	ctx.info_type = SMB2_0_INFO_FILE;
	ctx.info_class = 200;
	a.u.query_info_rsp.buffer = (struct smb2_blob){ good, 3 };
	b.u.query_info_rsp.buffer = (struct smb2_blob){ shorter, 3 };
	expect_none(&a, &b, &ctx);
	assert_string_equal(rr_subject(&ctx), "FileInformation(unknown class)");
}

static void test_other_commands(void **state)
{
	struct rr_rsp_ctx ctx = { SMB2_IOCTL, 0, 0, 0, FSCTL_VALIDATE_NEGOTIATE_INFO };
	uint8_t out[24] = { 0 }, out2[24] = { 1 };
	struct smb2_msg a, b;

	(void)state;
	rsp(&a, SMB2_IOCTL, STATUS_SUCCESS);
	a.u.ioctl_rsp.output = (struct smb2_blob){ out, 24 };
	a.u.ioctl_rsp.file_id.persistent = 1;
	b = a;
	/* The output's bytes (a GUID here) and the FileId are not compared. */
	b.u.ioctl_rsp.output.p = out2;
	b.u.ioctl_rsp.file_id.persistent = 2;
	expect_none(&a, &b, &ctx);
	b.u.ioctl_rsp.output.len = 20;
	expect_one(&a, &b, &ctx, "OutputLength", "24", "20");
	assert_string_equal(rr_subject(&ctx), "VALIDATE_NEGOTIATE_INFO");

	ctx = (struct rr_rsp_ctx){ SMB2_TREE_CONNECT, 0, 0, 0, 0 };
	rsp(&a, SMB2_TREE_CONNECT, STATUS_SUCCESS);
	a.u.tree_connect_rsp.share_type = SMB2_SHARE_TYPE_DISK;
	a.u.tree_connect_rsp.maximal_access = 0x1F01FF;
	b = a;
	b.u.tree_connect_rsp.maximal_access = 0x120089;
	b.u.tree_connect_rsp.share_flags = SMB2_SHAREFLAG_ENCRYPT_DATA;
	b.u.tree_connect_rsp.capabilities = SMB2_SHARE_CAP_DFS;
	b.hdr.tree_id = 5;
	expect_none(&a, &b, &ctx);
	b.u.tree_connect_rsp.share_type = SMB2_SHARE_TYPE_PIPE;
	expect_one(&a, &b, &ctx, "ShareType", "1", "2");

	ctx = (struct rr_rsp_ctx){ SMB2_OPLOCK_BREAK, 0, 0, 0, 0 };
	rsp(&a, SMB2_OPLOCK_BREAK, STATUS_SUCCESS);
	a.u.oplock_break_rsp.kind = SMB2_BREAK_OPLOCK;
	a.u.oplock_break_rsp.oplock_level = SMB2_OPLOCK_LEVEL_II;
	b = a;
	b.u.oplock_break_rsp.oplock_level = SMB2_OPLOCK_LEVEL_NONE;
	expect_one(&a, &b, &ctx, "OplockLevel", "II (0x01)", "NONE (0x00)");
	a.u.oplock_break_rsp.kind = b.u.oplock_break_rsp.kind = SMB2_BREAK_LEASE_RSP;
	a.u.oplock_break_rsp.lease_state = 1;
	b.u.oplock_break_rsp.lease_state = 3;
	expect_one(&a, &b, &ctx, "LeaseState", "0x00000001", "0x00000003");

	/* Status-only commands: ids and reserved fields never diverge. */
	static const uint16_t only[] = { SMB2_FLUSH, SMB2_LOCK, SMB2_SET_INFO, SMB2_ECHO,
	                                 SMB2_LOGOFF, SMB2_TREE_DISCONNECT };
	for (size_t i = 0; i < sizeof(only) / sizeof(only[0]); i++) {
		ctx = (struct rr_rsp_ctx){ only[i], 0, 0, 0, 0 };
		rsp(&a, only[i], STATUS_SUCCESS);
		b = a;
		b.hdr.message_id = 9;
		b.hdr.credit = 9;
		b.hdr.session_id = 9;
		b.hdr.async_id = 9;
		expect_none(&a, &b, &ctx);
		b.hdr.status = STATUS_ACCESS_DENIED;
		b.kind = SMB2_MSG_ERROR;
		expect_one(&a, &b, &ctx, "Status", "STATUS_SUCCESS", "STATUS_ACCESS_DENIED");
	}
}

/* Twin: a message that is not a response to the request's command. */
static void test_wrong_message(void **state)
{
	struct rr_rsp_ctx ctx = { SMB2_READ, 0, 0, 0, 0 };
	struct rr_summary s;
	struct smb2_msg m;

	(void)state;
	memset(&s, 0x5A, sizeof(s));
	rsp(&m, SMB2_WRITE, STATUS_SUCCESS);
	assert_status(rr_summarize(&m, &ctx, &s), STATUS_INVALID_PARAMETER);
	assert_int_equal(s.n, 0x5A5A5A5A);   /* untouched */
	rsp(&m, SMB2_READ, STATUS_SUCCESS);
	m.hdr.flags = 0;                     /* a request */
	assert_status(rr_summarize(&m, &ctx, &s), STATUS_INVALID_PARAMETER);
}

static void test_format(void **state)
{
	struct rr_field f = { "x", RR_F_LIST, 0, NULL };
	char big[3 * RR_VALUE_TEXT], buf[32];

	(void)state;
	f.text = (char *)"";
	rr_field_format(&f, buf, sizeof(buf));
	assert_string_equal(buf, "(none)");
	/* A long list is cut and says so. */
	memset(big, 'n', sizeof(big) - 1);
	big[sizeof(big) - 1] = 0;
	big[10] = '\n';
	f.text = big;
	rr_field_format(&f, buf, sizeof(buf));
	assert_int_equal(strlen(buf), sizeof(buf) - 1);
	assert_string_equal(buf + sizeof(buf) - 4, "...");
	assert_memory_equal(buf, "nnnnnnnnnn, n", 13);
	f = (struct rr_field){ "s", RR_F_STATUS, STATUS_PENDING, NULL };
	rr_field_format(&f, buf, sizeof(buf));
	assert_string_equal(buf, "STATUS_PENDING");
	f = (struct rr_field){ "a", RR_F_ACTION, 77, NULL };
	rr_field_format(&f, buf, sizeof(buf));
	assert_string_equal(buf, "unknown (77)");
}

static void test_ignore_rules(void **state)
{
	struct rr_ignore r[4];
	char err[256];

	(void)state;
	assert_int_equal(rr_ignore_parse("QUERY_INFO:FileAlternateNameInformation", &r[0], err,
	                                 sizeof(err)),
	                 0);
	assert_string_equal(r[0].command, "QUERY_INFO");
	assert_string_equal(r[0].subject, "FileAlternateNameInformation");
	assert_string_equal(r[0].field, "");
	assert_int_equal(rr_ignore_parse("CREATE.FileAttributes", &r[1], err, sizeof(err)), 0);
	assert_string_equal(r[1].subject, "");
	assert_string_equal(r[1].field, "FileAttributes");
	assert_int_equal(rr_ignore_parse("*:SRV_ENUMERATE_SNAPSHOTS.Status", &r[2], err,
	                                 sizeof(err)),
	                 0);
	assert_int_equal(rr_ignore_parse("LOCK", &r[3], err, sizeof(err)), 0);

	assert_true(rr_ignore_match(r, 4, SMB2_QUERY_INFO, "FileAlternateNameInformation", "Status"));
	assert_false(rr_ignore_match(r, 4, SMB2_QUERY_INFO, "FileAllInformation", "Status"));
	assert_true(rr_ignore_match(r, 4, SMB2_CREATE, "", "FileAttributes"));
	assert_false(rr_ignore_match(r, 4, SMB2_CREATE, "", "EndOfFile"));
	assert_true(rr_ignore_match(r, 4, SMB2_IOCTL, "SRV_ENUMERATE_SNAPSHOTS", "Status"));
	assert_false(rr_ignore_match(r, 4, SMB2_IOCTL, "SRV_ENUMERATE_SNAPSHOTS", "OutputLength"));
	assert_true(rr_ignore_match(r, 4, SMB2_LOCK, "", "Status"));
	assert_false(rr_ignore_match(r, 0, SMB2_LOCK, "", "Status"));

	/* Malformed twins. */
	assert_int_equal(rr_ignore_parse("", &r[0], err, sizeof(err)), -1);
	assert_int_equal(rr_ignore_parse("CREAT.Status", &r[0], err, sizeof(err)), -1);
	assert_non_null(strstr(err, "unknown command 'CREAT'"));
	assert_int_equal(rr_ignore_parse("CREATE.", &r[0], err, sizeof(err)), -1);
	assert_int_equal(rr_ignore_parse("CREATE:.Status", &r[0], err, sizeof(err)), -1);
	assert_int_equal(rr_ignore_parse(":X", &r[0], err, sizeof(err)), -1);
	char longer[200];
	memset(longer, 'A', sizeof(longer) - 1);
	longer[sizeof(longer) - 1] = 0;
	longer[0] = 'C';
	assert_int_equal(rr_ignore_parse(longer, &r[0], err, sizeof(err)), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_status_first),
		cmocka_unit_test(test_create_fields),
		cmocka_unit_test(test_close_read_write),
		cmocka_unit_test(test_directory_names),
		cmocka_unit_test(test_notify_changes),
		cmocka_unit_test(test_query_info_file),
		cmocka_unit_test(test_query_info_streams),
		cmocka_unit_test(test_query_info_fs),
		cmocka_unit_test(test_query_info_malformed),
		cmocka_unit_test(test_other_commands),
		cmocka_unit_test(test_wrong_message),
		cmocka_unit_test(test_format),
		cmocka_unit_test(test_ignore_rules),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
