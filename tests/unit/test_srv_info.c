/*
 * QUERY_INFO of the reference server over an in-memory transport, against
 * a temporary share: each file class's fields against the local file
 * system, the file-system classes, the security descriptor synthesised
 * from the mode and set back, access denied paths, and the malformed twins
 * (unknown classes and info types, short buffers and their error data,
 * unknown FileIds).  SET_INFO is test_srv_setinfo.c.
 */
#include "srv_info_fixture.h"

static void test_file_classes(void **state)
{
	struct smb2_fileinfo fi;
	struct stat sb;
	char nm[128];
	struct smb2_fileid fid = open_file("a.txt", RW_ATTR);

	(void)state;
	assert_true(qi_local_stat(&env, "a.txt", &sb));
	qi_file(&env, &conn, fid, FILE_BASIC_INFORMATION, &o, &fi);
	assert_int_equal(fi.u.basic.last_write_time, vfs_timespec_to_nt(sb.st_mtim));
	assert_int_equal(fi.u.basic.change_time, vfs_timespec_to_nt(sb.st_ctim));
	assert_true(fi.u.basic.file_attributes & SMB2_FILE_ATTRIBUTE_ARCHIVE);
	qi_file(&env, &conn, fid, FILE_STANDARD_INFORMATION, &o, &fi);
	assert_int_equal(fi.u.standard.end_of_file, 5);
	assert_int_equal(fi.u.standard.number_of_links, 1);
	assert_int_equal(fi.u.standard.directory, 0);
	assert_int_equal(fi.u.standard.delete_pending, 0);
	qi_file(&env, &conn, fid, FILE_INTERNAL_INFORMATION, &o, &fi);
	assert_int_equal(fi.u.index_number, (uint64_t)sb.st_ino);
	qi_file(&env, &conn, fid, FILE_ACCESS_INFORMATION, &o, &fi);
	assert_int_equal(fi.u.access_flags & RW_ATTR, RW_ATTR);
	qi_file(&env, &conn, fid, FILE_EA_INFORMATION, &o, &fi);
	assert_int_equal(fi.u.ea_size, 0);
	qi_file(&env, &conn, fid, FILE_POSITION_INFORMATION, &o, &fi);
	assert_int_equal(fi.u.current_byte_offset, 0);
	qi_file(&env, &conn, fid, FILE_ALIGNMENT_INFORMATION, &o, &fi);
	assert_int_equal(fi.u.alignment_requirement, 0);
	qi_file(&env, &conn, fid, FILE_ALL_INFORMATION, &o, &fi);
	assert_int_equal(fi.u.all.standard.end_of_file, 5);
	assert_int_equal(fi.u.all.index_number, (uint64_t)sb.st_ino);
	qi_name(fi.u.all.name, nm, sizeof(nm));
	assert_string_equal(nm, "\\a.txt");
	qi_file(&env, &conn, fid, FILE_NAME_INFORMATION, &o, &fi);
	qi_name(fi.u.name, nm, sizeof(nm));
	assert_string_equal(nm, "\\a.txt");
	qi_file(&env, &conn, fid, FILE_NORMALIZED_NAME_INFORMATION, &o, &fi);
	qi_name(fi.u.name, nm, sizeof(nm));
	assert_string_equal(nm, "a.txt");
	qi_file(&env, &conn, fid, FILE_NETWORK_OPEN_INFORMATION, &o, &fi);
	assert_int_equal(fi.u.network_open.end_of_file, 5);
	assert_int_equal(fi.u.network_open.last_write_time, vfs_timespec_to_nt(sb.st_mtim));
	qi_file(&env, &conn, fid, FILE_ATTRIBUTE_TAG_INFORMATION, &o, &fi);
	assert_int_equal(fi.u.attribute_tag.reparse_tag, 0);
	qi_file(&env, &conn, fid, FILE_COMPRESSION_INFORMATION, &o, &fi);
	assert_int_equal(fi.u.compression.compressed_file_size, 5);
	qi_file(&env, &conn, fid, FILE_ID_INFORMATION, &o, &fi);
	assert_int_equal(le64(fi.u.id.file_id), (uint64_t)sb.st_ino);
	qi_file(&env, &conn, fid, FILE_STREAM_INFORMATION, &o, &fi);
	{
		struct smb2_stream_iter it;
		struct smb2_stream_entry e;
		smb2_stream_iter_init(&it, fi.u.streams);
		assert_status(smb2_stream_next(&it, &e), STATUS_SUCCESS);
		assert_int_equal(e.size, 5);
		qi_name(e.name, nm, sizeof(nm));
		assert_string_equal(nm, "::$DATA");
		assert_status(smb2_stream_next(&it, &e), STATUS_NO_MORE_ENTRIES);
	}
	assert_status(qi(&env, &conn, fid, SMB2_0_INFO_FILE, FILE_ALTERNATE_NAME_INFORMATION, 0,
	                 4096, &o),
	              STATUS_NOT_SUPPORTED);
	assert_status(qi(&env, &conn, fid, SMB2_0_INFO_FILE, FILE_FULL_EA_INFORMATION, 0, 4096,
	                 &o),
	              STATUS_NO_EAS_ON_FILE);

	/* Buffer lengths: fixed classes, then a cut variable answer. */
	assert_status(qi(&env, &conn, fid, SMB2_0_INFO_FILE, FILE_BASIC_INFORMATION, 0, 39, &o),
	              STATUS_INFO_LENGTH_MISMATCH);
	assert_status(qi(&env, &conn, fid, SMB2_0_INFO_FILE, FILE_ALL_INFORMATION, 0, 99, &o),
	              STATUS_INFO_LENGTH_MISMATCH);
	assert_status(qi(&env, &conn, fid, SMB2_0_INFO_FILE, FILE_ALL_INFORMATION, 0, 104, &o),
	              STATUS_BUFFER_OVERFLOW);
	assert_int_equal(o.len, 104);
	assert_int_equal(le32(o.buf + 96), 12); /* FileNameLength: the whole name */
	assert_status(io_close(&env, &conn, fid), STATUS_SUCCESS);

	/* A directory. */
	assert_status(io_create(&env, &conn, "d", SMB2_FILE_READ_ATTRIBUTES, SMB2_FILE_OPEN,
	                        SMB2_FILE_DIRECTORY_FILE, &fid),
	              STATUS_SUCCESS);
	qi_file(&env, &conn, fid, FILE_STANDARD_INFORMATION, &o, &fi);
	assert_int_equal(fi.u.standard.directory, 1);
	qi_file(&env, &conn, fid, FILE_BASIC_INFORMATION, &o, &fi);
	assert_true(fi.u.basic.file_attributes & SMB2_FILE_ATTRIBUTE_DIRECTORY);
	assert_status(qi(&env, &conn, fid, SMB2_0_INFO_FILE, FILE_STREAM_INFORMATION, 0, 4096,
	                 &o),
	              STATUS_SUCCESS);
	assert_int_equal(o.len, 0);
	assert_status(io_close(&env, &conn, fid), STATUS_SUCCESS);
}

static void test_access_and_malformed(void **state)
{
	struct smb2_fileid bogus = {.persistent = 5, .volatile_ = 6};
	struct smb2_fileid fid = open_file("a.txt", SMB2_FILE_READ_DATA);
	uint8_t small[10] = {0};
	struct smb2_fileinfo fi;

	(void)state;
	/* FILE_READ_ATTRIBUTES and READ_CONTROL are needed; Standard is not
	 * guarded. */
	assert_status(qi(&env, &conn, fid, SMB2_0_INFO_FILE, FILE_BASIC_INFORMATION, 0, 4096, &o),
	              STATUS_ACCESS_DENIED);
	assert_status(qi(&env, &conn, fid, SMB2_0_INFO_FILE, FILE_ALL_INFORMATION, 0, 4096, &o),
	              STATUS_ACCESS_DENIED);
	assert_status(qi(&env, &conn, fid, SMB2_0_INFO_FILE, FILE_STANDARD_INFORMATION, 0, 4096,
	                 &o),
	              STATUS_SUCCESS);
	assert_status(qi(&env, &conn, fid, SMB2_0_INFO_SECURITY, 0, DACL_SECURITY_INFORMATION,
	                 4096, &o),
	              STATUS_ACCESS_DENIED);
	/* Set: WRITE_ATTRIBUTES, WRITE_DATA, DELETE. */
	memset(&fi, 0, sizeof(fi));
	fi.cls = FILE_BASIC_INFORMATION;
	assert_status(si_file(&env, &conn, fid, &fi), STATUS_ACCESS_DENIED);
	fi.cls = FILE_END_OF_FILE_INFORMATION;
	assert_status(si_file(&env, &conn, fid, &fi), STATUS_ACCESS_DENIED);
	fi.cls = FILE_DISPOSITION_INFORMATION;
	fi.u.delete_pending = 1;
	assert_status(si_file(&env, &conn, fid, &fi), STATUS_ACCESS_DENIED);

	/* Malformed twins. */
	assert_status(qi(&env, &conn, fid, SMB2_0_INFO_FILE, 99, 0, 4096, &o),
	              STATUS_INVALID_INFO_CLASS);
	assert_status(qi(&env, &conn, fid, SMB2_0_INFO_FILE, FILE_RENAME_INFORMATION, 0, 4096, &o),
	              STATUS_INVALID_INFO_CLASS);
	assert_status(qi(&env, &conn, fid, SMB2_0_INFO_FILESYSTEM, 99, 0, 4096, &o),
	              STATUS_INVALID_INFO_CLASS);
	assert_status(qi(&env, &conn, fid, 9, 1, 0, 4096, &o), STATUS_INVALID_PARAMETER);
	assert_status(qi(&env, &conn, fid, SMB2_0_INFO_QUOTA, 0, 0, 4096, &o),
	              STATUS_NOT_SUPPORTED);
	assert_status(qi(&env, &conn, bogus, SMB2_0_INFO_FILE, FILE_STANDARD_INFORMATION, 0, 4096,
	                 &o),
	              STATUS_FILE_CLOSED);
	assert_status(si_raw(&env, &conn, bogus, SMB2_0_INFO_FILE, FILE_POSITION_INFORMATION, 0,
	                     small, 8),
	              STATUS_FILE_CLOSED);
	assert_status(si_raw(&env, &conn, fid, SMB2_0_INFO_FILE, FILE_POSITION_INFORMATION, 0,
	                     small, 7),
	              STATUS_INFO_LENGTH_MISMATCH);
	assert_status(si_raw(&env, &conn, fid, SMB2_0_INFO_FILE, FILE_STANDARD_INFORMATION, 0,
	                     small, 10),
	              STATUS_INVALID_INFO_CLASS);
	assert_status(si_raw(&env, &conn, fid, SMB2_0_INFO_FILE, 99, 0, small, 10),
	              STATUS_INVALID_INFO_CLASS);
	assert_status(si_raw(&env, &conn, fid, 9, 1, 0, small, 10), STATUS_INVALID_PARAMETER);
	assert_status(si_raw(&env, &conn, fid, SMB2_0_INFO_FILESYSTEM, FILE_FS_CONTROL_INFORMATION,
	                     0, small, 10),
	              STATUS_NOT_SUPPORTED);
	assert_status(io_close(&env, &conn, fid), STATUS_SUCCESS);
}

static void test_fs_classes(void **state)
{
	struct smb2_fsinfo fs;
	struct smb2_blob b;
	char nm[64];
	struct smb2_fileid fid = open_file("a.txt", SMB2_FILE_READ_DATA);

	(void)state;
#define QFS(cls)                                                                             \
	do {                                                                                  \
		assert_status(qi(&env, &conn, fid, SMB2_0_INFO_FILESYSTEM, cls, 0, 4096, &o),   \
		              STATUS_SUCCESS);                                                  \
		b.p = o.buf;                                                                    \
		b.len = o.len;                                                                  \
		assert_status(smb2_fsinfo_decode(cls, b, &fs), STATUS_SUCCESS);                 \
	} while (0)
	QFS(FILE_FS_VOLUME_INFORMATION);
	qi_name(fs.u.volume.label, nm, sizeof(nm));
	assert_string_equal(nm, "share");
	QFS(FILE_FS_SIZE_INFORMATION);
	assert_true(fs.u.size.total_allocation_units > 0);
	assert_int_equal(fs.u.size.bytes_per_sector, VFS_BYTES_PER_SECTOR);
	QFS(FILE_FS_FULL_SIZE_INFORMATION);
	assert_true(fs.u.full_size.total_allocation_units >=
	            fs.u.full_size.actual_available_allocation_units);
	QFS(FILE_FS_DEVICE_INFORMATION);
	assert_int_equal(fs.u.device.device_type, 7);
	QFS(FILE_FS_ATTRIBUTE_INFORMATION);
	qi_name(fs.u.attribute.name, nm, sizeof(nm));
	assert_string_equal(nm, "NTFS");
	assert_int_equal(fs.u.attribute.max_component_name_length, 255);
	QFS(FILE_FS_SECTOR_SIZE_INFORMATION);
	assert_int_equal(fs.u.sector_size.logical_bytes_per_sector, VFS_BYTES_PER_SECTOR);
	QFS(FILE_FS_OBJECT_ID_INFORMATION);
	assert_memory_equal(fs.u.object_id.object_id, srv_server_guid(env.e.srv), 16);
#undef QFS
	assert_status(qi(&env, &conn, fid, SMB2_0_INFO_FILESYSTEM, FILE_FS_CONTROL_INFORMATION, 0,
	                 4096, &o),
	              STATUS_NOT_SUPPORTED);
	assert_status(qi(&env, &conn, fid, SMB2_0_INFO_FILESYSTEM, FILE_FS_SIZE_INFORMATION, 0, 23,
	                 &o),
	              STATUS_INFO_LENGTH_MISMATCH);
	/* "NTFS" cut to two characters. */
	assert_status(qi(&env, &conn, fid, SMB2_0_INFO_FILESYSTEM, FILE_FS_ATTRIBUTE_INFORMATION, 0,
	                 16, &o),
	              STATUS_BUFFER_OVERFLOW);
	assert_int_equal(o.len, 16);
	assert_status(io_close(&env, &conn, fid), STATUS_SUCCESS);
}

/* The SD of fid decoded into *sd (pointing into o). */
static void query_sd(struct smb2_fileid fid, uint32_t addl, struct smb2_secdesc *sd)
{
	struct smb2_blob b;

	assert_status(qi(&env, &conn, fid, SMB2_0_INFO_SECURITY, 0, addl, 4096, &o),
	              STATUS_SUCCESS);
	b.p = o.buf;
	b.len = o.len;
	assert_status(smb2_secdesc_decode(b, sd), STATUS_SUCCESS);
}

static NTSTATUS set_sd(struct smb2_fileid fid, uint32_t addl, const struct smb2_secdesc *sd)
{
	struct wr w;
	NTSTATUS st;

	wr_init(&w, 4096);
	assert_status(smb2_secdesc_encode(&w, sd), STATUS_SUCCESS);
	st = si_raw(&env, &conn, fid, SMB2_0_INFO_SECURITY, 0, addl, w.buf, w.len);
	wr_free(&w);
	return st;
}

static void test_security(void **state)
{
	const uint32_t all = OWNER_SECURITY_INFORMATION | GROUP_SECURITY_INFORMATION |
	                     DACL_SECURITY_INFORMATION;
	struct smb2_secdesc sd;
	struct smb2_ace_iter it;
	struct smb2_ace a;
	struct stat sb;
	char path[256], sid[SMB2_SID_STRING_MAX], want[64];
	struct smb2_fileid fid;

	(void)state;
	qi_path(&env, "a.txt", path, sizeof(path));
	assert_int_equal(chmod(path, 0640), 0);
	fid = open_file("a.txt", SMB2_READ_CONTROL | SMB2_WRITE_DAC | SMB2_WRITE_OWNER);
	query_sd(fid, all, &sd);
	assert_true(sd.has_owner && sd.has_group && sd.has_dacl);
	assert_true(sd.control & SE_DACL_PRESENT);
	assert_status(smb2_sid_to_string(&sd.owner, sid, sizeof(sid)), STATUS_SUCCESS);
	snprintf(want, sizeof(want), "S-1-22-1-%u", (unsigned)getuid());
	assert_string_equal(sid, want);
	assert_status(smb2_sid_to_string(&sd.group, sid, sizeof(sid)), STATUS_SUCCESS);
	snprintf(want, sizeof(want), "S-1-22-2-%u", (unsigned)getgid());
	assert_string_equal(sid, want);
	/* 0640: owner rw, group r, no Everyone ACE. */
	assert_int_equal(sd.dacl.ace_count, 2);
	smb2_ace_iter_init(&it, &sd.dacl);
	assert_status(smb2_ace_next(&it, &a), STATUS_SUCCESS);
	assert_true(a.mask & SMB2_FILE_WRITE_DATA);
	assert_false(a.mask & SMB2_FILE_EXECUTE);
	assert_status(smb2_ace_next(&it, &a), STATUS_SUCCESS);
	assert_int_equal(a.mask, SRV_FILE_GENERIC_READ);

	/* Only the parts asked for. */
	query_sd(fid, OWNER_SECURITY_INFORMATION, &sd);
	assert_true(sd.has_owner && !sd.has_group && !sd.has_dacl);
	/* Too small for the descriptor. */
	assert_status(qi(&env, &conn, fid, SMB2_0_INFO_SECURITY, 0, all, 20, &o),
	              STATUS_BUFFER_TOO_SMALL);
	/* A SACL needs ACCESS_SYSTEM_SECURITY. */
	assert_status(qi(&env, &conn, fid, SMB2_0_INFO_SECURITY, 0, SACL_SECURITY_INFORMATION,
	                 4096, &o),
	              STATUS_ACCESS_DENIED);

	/* Set the DACL back with an Everyone ACE: 0644 + x for the owner. */
	{
		struct smb2_ace aces[3];
		struct wr w;
		struct smb2_secdesc nsd;
		query_sd(fid, all, &sd);
		memset(aces, 0, sizeof(aces));
		aces[0].type = ACCESS_ALLOWED_ACE_TYPE;
		aces[0].basic = true;
		aces[0].mask = SMB2_GENERIC_ALL;
		aces[0].sid = sd.owner;
		aces[1] = aces[0];
		aces[1].mask = SMB2_FILE_READ_DATA;
		aces[1].sid = sd.group;
		aces[2] = aces[1];
		assert_status(smb2_sid_from_string("S-1-1-0", &aces[2].sid), STATUS_SUCCESS);
		wr_init(&w, 4096);
		for (int i = 0; i < 3; i++)
			assert_status(smb2_ace_encode(&w, &aces[i]), STATUS_SUCCESS);
		nsd = sd;
		nsd.dacl.ace_count = 3;
		nsd.dacl.aces.p = w.buf;
		nsd.dacl.aces.len = (uint32_t)w.len;
		assert_status(set_sd(fid, all, &nsd), STATUS_SUCCESS);
		assert_true(qi_local_stat(&env, "a.txt", &sb));
		assert_int_equal(sb.st_mode & 0777, 0744);
		/* A second query shows the new mode. */
		query_sd(fid, DACL_SECURITY_INFORMATION, &sd);
		assert_int_equal(sd.dacl.ace_count, 3);

		/* A deny ACE cannot be a mode. */
		aces[1].type = ACCESS_DENIED_ACE_TYPE;
		wr_reset(&w);
		for (int i = 0; i < 3; i++)
			assert_status(smb2_ace_encode(&w, &aces[i]), STATUS_SUCCESS);
		nsd.dacl.aces.p = w.buf;
		nsd.dacl.aces.len = (uint32_t)w.len;
		assert_status(set_sd(fid, DACL_SECURITY_INFORMATION, &nsd), STATUS_NOT_SUPPORTED);
		/* Nor an unknown SID. */
		aces[1].type = ACCESS_ALLOWED_ACE_TYPE;
		assert_status(smb2_sid_from_string("S-1-5-32-544", &aces[1].sid), STATUS_SUCCESS);
		wr_reset(&w);
		for (int i = 0; i < 3; i++)
			assert_status(smb2_ace_encode(&w, &aces[i]), STATUS_SUCCESS);
		nsd.dacl.aces.p = w.buf;
		nsd.dacl.aces.len = (uint32_t)w.len;
		assert_status(set_sd(fid, DACL_SECURITY_INFORMATION, &nsd), STATUS_NOT_SUPPORTED);
		assert_true(qi_local_stat(&env, "a.txt", &sb));
		assert_int_equal(sb.st_mode & 0777, 0744);
		/* Another owner. */
		nsd.owner = aces[1].sid;
		assert_status(set_sd(fid, OWNER_SECURITY_INFORMATION, &nsd), STATUS_ACCESS_DENIED);
		wr_free(&w);
	}
	/* Garbage is not a descriptor. */
	assert_status(si_raw(&env, &conn, fid, SMB2_0_INFO_SECURITY, 0, DACL_SECURITY_INFORMATION,
	                     "xy", 2),
	              STATUS_INVALID_SECURITY_DESCR);
	assert_status(io_close(&env, &conn, fid), STATUS_SUCCESS);

	/* Without WRITE_DAC. */
	fid = open_file("a.txt", SMB2_READ_CONTROL);
	query_sd(fid, all, &sd);
	assert_status(set_sd(fid, DACL_SECURITY_INFORMATION, &sd), STATUS_ACCESS_DENIED);
	assert_status(io_close(&env, &conn, fid), STATUS_SUCCESS);
}

/* The error data of a QUERY_INFO refusal, decoded: *st and *e. */
static void qi_error(struct h_conn *c, struct smb2_fileid fid, uint8_t type, uint8_t cls,
                     uint32_t addl, uint32_t outlen, NTSTATUS want, struct smb2_error_rsp *e)
{
	struct smb2_msg q, r;
	struct h_frame f = {0};

	io_req(&q, SMB2_QUERY_INFO);
	q.u.query_info_req.info_type = type;
	q.u.query_info_req.file_info_class = cls;
	q.u.query_info_req.additional_information = addl;
	q.u.query_info_req.output_buffer_length = outlen;
	q.u.query_info_req.file_id = fid;
	assert_status(io_call(&env, c, &q, outlen, &r, &f), want);
	assert_int_equal(r.kind, SMB2_MSG_ERROR);
	*e = r.u.error;
	/* Only the counts and lengths are used after f is freed. */
	e->data.p = NULL;
	for (unsigned i = 0; i < e->context_count; i++)
		e->contexts[i].data.p = NULL;
	free(f.p);
}

/* MS-SMB2 3.3.5.20.2 and 3.3.5.20.3: INFO_LENGTH_MISMATCH carries one
 * empty error context on 3.1.1 (ByteCount 8) and nothing before;
 * BUFFER_TOO_SMALL carries the size needed (2.2.2.2), inside a context on
 * 3.1.1. */
static void test_error_data(void **state)
{
	const uint32_t all = OWNER_SECURITY_INFORMATION | GROUP_SECURITY_INFORMATION |
	                     DACL_SECURITY_INFORMATION;
	struct smb2_error_rsp e;
	struct smb2_fileid fid, fid21;
	struct h_conn c21;
	struct smb2_blob b;
	uint32_t needed = 0;
	uint32_t sd_len;

	(void)state;
	fid = open_file("a.txt", SMB2_READ_CONTROL | SMB2_FILE_READ_ATTRIBUTES);
	assert_status(qi(&env, &conn, fid, SMB2_0_INFO_SECURITY, 0, all, 4096, &o),
	              STATUS_SUCCESS);
	sd_len = o.len;
	qi_error(&conn, fid, SMB2_0_INFO_FILESYSTEM, FILE_FS_SIZE_INFORMATION, 0, 8,
	         STATUS_INFO_LENGTH_MISMATCH, &e);
	assert_int_equal(e.context_count, 1);
	assert_int_equal(e.contexts[0].id, SMB2_ERROR_ID_DEFAULT);
	assert_int_equal(e.contexts[0].data.len, 0);
	qi_error(&conn, fid, SMB2_0_INFO_FILE, FILE_BASIC_INFORMATION, 0, 39,
	         STATUS_INFO_LENGTH_MISMATCH, &e);
	assert_int_equal(e.context_count, 1);
	{
		struct smb2_msg q, r;
		struct h_frame f = {0};

		io_req(&q, SMB2_QUERY_INFO);
		q.u.query_info_req.info_type = SMB2_0_INFO_SECURITY;
		q.u.query_info_req.additional_information = all;
		q.u.query_info_req.output_buffer_length = 20;
		q.u.query_info_req.file_id = fid;
		assert_status(io_call(&env, &conn, &q, 20, &r, &f), STATUS_BUFFER_TOO_SMALL);
		assert_int_equal(r.kind, SMB2_MSG_ERROR);
		assert_int_equal(r.u.error.context_count, 1);
		assert_true(smb2_error_rsp_find(&r.u.error, SMB2_ERROR_ID_DEFAULT, &b));
		assert_status(smb2_error_buffer_too_small(&b, &needed), STATUS_SUCCESS);
		assert_int_equal(needed, sd_len);
		free(f.p);
	}
	assert_status(io_close(&env, &conn, fid), STATUS_SUCCESS);

	/* 2.1: no contexts; the size needed is ErrorData itself. */
	io_session(&env, &c21, SMB2_DIALECT_210);
	assert_status(io_create(&env, &c21, "a.txt", SMB2_READ_CONTROL, SMB2_FILE_OPEN, 0, &fid21),
	              STATUS_SUCCESS);
	qi_error(&c21, fid21, SMB2_0_INFO_FILESYSTEM, FILE_FS_SIZE_INFORMATION, 0, 8,
	         STATUS_INFO_LENGTH_MISMATCH, &e);
	assert_int_equal(e.context_count, 0);
	assert_int_equal(e.data.len, 0);
	{
		struct smb2_msg q, r;
		struct h_frame f = {0};

		io_req(&q, SMB2_QUERY_INFO);
		q.u.query_info_req.info_type = SMB2_0_INFO_SECURITY;
		q.u.query_info_req.additional_information = all;
		q.u.query_info_req.output_buffer_length = 0;
		q.u.query_info_req.file_id = fid21;
		assert_status(io_call(&env, &c21, &q, 0, &r, &f), STATUS_BUFFER_TOO_SMALL);
		assert_int_equal(r.kind, SMB2_MSG_ERROR);
		assert_int_equal(r.u.error.context_count, 0);
		assert_int_equal(r.u.error.data.len, 4);
		assert_status(smb2_error_buffer_too_small(&r.u.error.data, &needed), STATUS_SUCCESS);
		assert_int_equal(needed, sd_len);
		free(f.p);
	}
	assert_status(io_close(&env, &c21, fid21), STATUS_SUCCESS);
	h_conn_free(&c21);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test_setup_teardown(test_file_classes, setup, teardown),
	        cmocka_unit_test_setup_teardown(test_access_and_malformed, setup, teardown),
	        cmocka_unit_test_setup_teardown(test_fs_classes, setup, teardown),
	        cmocka_unit_test_setup_teardown(test_security, setup, teardown),
	        cmocka_unit_test_setup_teardown(test_error_data, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
