/*
 * SET_INFO of the reference server over an in-memory transport: basic
 * information, end of file and allocation, position and mode (each read
 * back), rename (collision, replace, an open target, a directory with an
 * open child, a read-only share), disposition then close removing the
 * file, and a related CREATE + QUERY_INFO + SET_INFO + CLOSE compound.
 */
#include "srv_info_fixture.h"

static void test_set_basic_sizes_position_mode(void **state)
{
	struct smb2_fileinfo fi, got;
	struct stat sb;
	const uint64_t t = UINT64_C(130000000000000000);
	struct smb2_fileid fid = open_file("a.txt", RW_ATTR);

	(void)state;
	memset(&fi, 0, sizeof(fi));
	fi.cls = FILE_BASIC_INFORMATION;
	fi.u.basic.last_write_time = t;
	assert_status(si_file(&env, &conn, fid, &fi), STATUS_SUCCESS);
	qi_file(&env, &conn, fid, FILE_BASIC_INFORMATION, &o, &got);
	assert_int_equal(got.u.basic.last_write_time, t);
	assert_true(qi_local_stat(&env, "a.txt", &sb));
	assert_int_equal(vfs_timespec_to_nt(sb.st_mtim), t);
	/* FILE_ATTRIBUTE_DIRECTORY on a file. */
	fi.u.basic.file_attributes = SMB2_FILE_ATTRIBUTE_DIRECTORY;
	assert_status(si_file(&env, &conn, fid, &fi), STATUS_INVALID_PARAMETER);
	/* Short buffer. */
	assert_status(si_raw(&env, &conn, fid, SMB2_0_INFO_FILE, FILE_BASIC_INFORMATION, 0,
	                     "0123456789", 10),
	              STATUS_INFO_LENGTH_MISMATCH);

	fi.cls = FILE_END_OF_FILE_INFORMATION;
	fi.u.end_of_file = 1000;
	assert_status(si_file(&env, &conn, fid, &fi), STATUS_SUCCESS);
	qi_file(&env, &conn, fid, FILE_STANDARD_INFORMATION, &o, &got);
	assert_int_equal(got.u.standard.end_of_file, 1000);
	assert_true(qi_local_stat(&env, "a.txt", &sb));
	assert_int_equal(sb.st_size, 1000);
	fi.u.end_of_file = UINT64_MAX;
	assert_status(si_file(&env, &conn, fid, &fi), STATUS_INVALID_PARAMETER);
	fi.cls = FILE_ALLOCATION_INFORMATION;
	fi.u.allocation_size = 10;
	assert_status(si_file(&env, &conn, fid, &fi), STATUS_SUCCESS);
	qi_file(&env, &conn, fid, FILE_STANDARD_INFORMATION, &o, &got);
	assert_int_equal(got.u.standard.end_of_file, 10);

	fi.cls = FILE_POSITION_INFORMATION;
	fi.u.current_byte_offset = 77;
	assert_status(si_file(&env, &conn, fid, &fi), STATUS_SUCCESS);
	qi_file(&env, &conn, fid, FILE_POSITION_INFORMATION, &o, &got);
	assert_int_equal(got.u.current_byte_offset, 77);
	qi_file(&env, &conn, fid, FILE_ALL_INFORMATION, &o, &got);
	assert_int_equal(got.u.all.current_byte_offset, 77);

	fi.cls = FILE_MODE_INFORMATION;
	fi.u.mode = SMB2_FILE_WRITE_THROUGH;
	assert_status(si_file(&env, &conn, fid, &fi), STATUS_SUCCESS);
	qi_file(&env, &conn, fid, FILE_MODE_INFORMATION, &o, &got);
	assert_int_equal(got.u.mode, SMB2_FILE_WRITE_THROUGH);
	fi.u.mode = SMB2_FILE_NO_INTERMEDIATE_BUFFERING;
	assert_status(si_file(&env, &conn, fid, &fi), STATUS_INVALID_PARAMETER);
	assert_status(io_close(&env, &conn, fid), STATUS_SUCCESS);

	/* EOF on a directory. */
	assert_status(io_create(&env, &conn, "d", RW_ATTR & ~(uint32_t)SMB2_FILE_READ_DATA,
	                        SMB2_FILE_OPEN, SMB2_FILE_DIRECTORY_FILE, &fid),
	              STATUS_SUCCESS);
	fi.cls = FILE_END_OF_FILE_INFORMATION;
	fi.u.end_of_file = 1;
	assert_status(si_file(&env, &conn, fid, &fi), STATUS_INVALID_PARAMETER);
	assert_status(io_close(&env, &conn, fid), STATUS_SUCCESS);
}

static NTSTATUS rename_to(struct smb2_fileid fid, const char *to, bool replace)
{
	struct smb2_fileinfo fi;
	uint8_t n16[256];
	size_t n = 0;

	assert_status(utf8_to_utf16le(to, strlen(to), n16, sizeof(n16), &n), STATUS_SUCCESS);
	memset(&fi, 0, sizeof(fi));
	fi.cls = FILE_RENAME_INFORMATION;
	fi.u.rename.replace_if_exists = replace;
	fi.u.rename.name.p = n16;
	fi.u.rename.name.len = (uint32_t)n;
	return si_file(&env, &conn, fid, &fi);
}

static void test_rename(void **state)
{
	struct smb2_fileinfo fi;
	struct stat sb;
	char nm[64];
	struct smb2_fileid fid = open_file("a.txt", RW_ATTR), other, child;

	(void)state;
	assert_status(rename_to(fid, "new.txt", false), STATUS_SUCCESS);
	assert_false(qi_local_stat(&env, "a.txt", &sb));
	assert_true(qi_local_stat(&env, "new.txt", &sb));
	qi_file(&env, &conn, fid, FILE_NAME_INFORMATION, &o, &fi);
	qi_name(fi.u.name, nm, sizeof(nm));
	assert_string_equal(nm, "\\new.txt");
	/* Into a directory, with a leading backslash. */
	assert_status(rename_to(fid, "\\d\\moved.txt", false), STATUS_SUCCESS);
	assert_true(qi_local_stat(&env, "d/moved.txt", &sb));
	assert_status(rename_to(fid, "new.txt", false), STATUS_SUCCESS);
	/* Collision, then replace. */
	assert_status(rename_to(fid, "b.txt", false), STATUS_OBJECT_NAME_COLLISION);
	other = open_file("b.txt", SMB2_FILE_READ_ATTRIBUTES);
	assert_status(rename_to(fid, "b.txt", true), STATUS_ACCESS_DENIED);
	assert_status(io_close(&env, &conn, other), STATUS_SUCCESS);
	assert_status(rename_to(fid, "b.txt", true), STATUS_SUCCESS);
	assert_true(qi_local_stat(&env, "b.txt", &sb));
	assert_int_equal(sb.st_size, 5);
	/* Replacing a directory. */
	assert_status(rename_to(fid, "empty", true), STATUS_ACCESS_DENIED);
	/* Bad names and RootDirectory. */
	assert_status(rename_to(fid, "..\\out", false), STATUS_OBJECT_PATH_SYNTAX_BAD);
	memset(&fi, 0, sizeof(fi));
	fi.cls = FILE_RENAME_INFORMATION;
	fi.u.rename.root_directory = 1;
	fi.u.rename.name.p = (const uint8_t *)"x\0";
	fi.u.rename.name.len = 2;
	assert_status(si_file(&env, &conn, fid, &fi), STATUS_INVALID_PARAMETER);
	assert_status(io_close(&env, &conn, fid), STATUS_SUCCESS);

	/* A directory with an open child. */
	assert_status(io_create(&env, &conn, "d", SMB2_DELETE | SMB2_FILE_READ_ATTRIBUTES,
	                        SMB2_FILE_OPEN, SMB2_FILE_DIRECTORY_FILE, &fid),
	              STATUS_SUCCESS);
	child = open_file("d\\child", SMB2_FILE_READ_ATTRIBUTES);
	assert_status(rename_to(fid, "d2", false), STATUS_ACCESS_DENIED);
	assert_status(io_close(&env, &conn, child), STATUS_SUCCESS);
	assert_status(rename_to(fid, "d2", false), STATUS_SUCCESS);
	assert_true(qi_local_stat(&env, "d2/child", &sb));
	assert_status(io_close(&env, &conn, fid), STATUS_SUCCESS);

	/* No DELETE access. */
	fid = open_file("b.txt", SMB2_FILE_WRITE_DATA);
	assert_status(rename_to(fid, "c.txt", false), STATUS_ACCESS_DENIED);
	assert_status(io_close(&env, &conn, fid), STATUS_SUCCESS);
}

static void test_rename_read_only_share(void **state)
{
	struct h_conn c2;
	struct smb2_fileid fid;
	struct smb2_fileinfo fi;
	struct stat sb;

	(void)state;
	h_connect(&env.e, &c2);
	assert_int_equal(h_neg(&env.e, &c2, SMB2_DIALECT_302), SMB2_DIALECT_302);
	assert_status(h_logon(&env.e, &c2, "user", "pass", NULL), STATUS_SUCCESS);
	assert_status(h_tree(&env.e, &c2, "\\\\srv\\ro", NULL), STATUS_SUCCESS);
	assert_status(io_create(&env, &c2, "a.txt", SMB2_FILE_READ_ATTRIBUTES, SMB2_FILE_OPEN, 0,
	                        &fid),
	              STATUS_SUCCESS);
	memset(&fi, 0, sizeof(fi));
	fi.cls = FILE_RENAME_INFORMATION;
	fi.u.rename.name.p = (const uint8_t *)"z\0";
	fi.u.rename.name.len = 2;
	assert_status(si_file(&env, &c2, fid, &fi), STATUS_ACCESS_DENIED);
	assert_status(si_raw(&env, &c2, fid, SMB2_0_INFO_SECURITY, 0, DACL_SECURITY_INFORMATION,
	                     "xy", 2),
	              STATUS_ACCESS_DENIED);
	assert_true(qi_local_stat(&env, "a.txt", &sb));
	/* The normalized name is a 3.1.1 class. */
	assert_status(qi(&env, &c2, fid, SMB2_0_INFO_FILE, FILE_NORMALIZED_NAME_INFORMATION, 0,
	                 4096, &o),
	              STATUS_NOT_SUPPORTED);
	assert_status(io_close(&env, &c2, fid), STATUS_SUCCESS);
	h_conn_free(&c2);
}

static void test_disposition(void **state)
{
	struct smb2_fileinfo fi, got;
	struct stat sb;
	struct smb2_fileid fid, fid2;

	(void)state;
	fid = open_file("a.txt", RW_ATTR);
	fid2 = open_file("a.txt", SMB2_FILE_READ_ATTRIBUTES);
	memset(&fi, 0, sizeof(fi));
	fi.cls = FILE_DISPOSITION_INFORMATION;
	fi.u.delete_pending = 1;
	assert_status(si_file(&env, &conn, fid, &fi), STATUS_SUCCESS);
	/* Seen through the other open too. */
	qi_file(&env, &conn, fid2, FILE_STANDARD_INFORMATION, &o, &got);
	assert_int_equal(got.u.standard.delete_pending, 1);
	/* Cleared, then set again. */
	fi.u.delete_pending = 0;
	assert_status(si_file(&env, &conn, fid, &fi), STATUS_SUCCESS);
	qi_file(&env, &conn, fid, FILE_STANDARD_INFORMATION, &o, &got);
	assert_int_equal(got.u.standard.delete_pending, 0);
	fi.u.delete_pending = 1;
	assert_status(si_file(&env, &conn, fid, &fi), STATUS_SUCCESS);
	assert_status(io_close(&env, &conn, fid), STATUS_SUCCESS);
	assert_true(qi_local_stat(&env, "a.txt", &sb));
	assert_status(io_close(&env, &conn, fid2), STATUS_SUCCESS);
	assert_false(qi_local_stat(&env, "a.txt", &sb));

	/* A directory that is not empty, then an empty one (DispositionEx). */
	assert_status(io_create(&env, &conn, "d", SMB2_DELETE, SMB2_FILE_OPEN,
	                        SMB2_FILE_DIRECTORY_FILE, &fid),
	              STATUS_SUCCESS);
	assert_status(si_file(&env, &conn, fid, &fi), STATUS_DIRECTORY_NOT_EMPTY);
	assert_status(io_close(&env, &conn, fid), STATUS_SUCCESS);
	assert_true(qi_local_stat(&env, "d", &sb));
	assert_status(io_create(&env, &conn, "empty", SMB2_DELETE, SMB2_FILE_OPEN,
	                        SMB2_FILE_DIRECTORY_FILE, &fid),
	              STATUS_SUCCESS);
	fi.cls = FILE_DISPOSITION_INFORMATION_EX;
	fi.u.disposition_flags = 0x100;
	assert_status(si_file(&env, &conn, fid, &fi), STATUS_INVALID_PARAMETER);
	fi.u.disposition_flags = FILE_DISPOSITION_DELETE | FILE_DISPOSITION_POSIX_SEMANTICS;
	assert_status(si_file(&env, &conn, fid, &fi), STATUS_SUCCESS);
	assert_status(io_close(&env, &conn, fid), STATUS_SUCCESS);
	assert_false(qi_local_stat(&env, "empty", &sb));

	/* A READONLY file cannot be deleted; the share root neither. */
	{
		char p[256];
		qi_path(&env, "b.txt", p, sizeof(p));
		assert_int_equal(chmod(p, 0444), 0);
	}
	fid = open_file("b.txt", SMB2_DELETE);
	fi.cls = FILE_DISPOSITION_INFORMATION;
	fi.u.delete_pending = 1;
	assert_status(si_file(&env, &conn, fid, &fi), STATUS_CANNOT_DELETE);
	fi.cls = FILE_DISPOSITION_INFORMATION_EX;
	fi.u.disposition_flags = FILE_DISPOSITION_DELETE | FILE_DISPOSITION_IGNORE_READONLY_ATTRIBUTE;
	assert_status(si_file(&env, &conn, fid, &fi), STATUS_SUCCESS);
	assert_status(io_close(&env, &conn, fid), STATUS_SUCCESS);
	assert_false(qi_local_stat(&env, "b.txt", &sb));
	assert_status(io_create(&env, &conn, "", SMB2_DELETE | SMB2_FILE_READ_ATTRIBUTES,
	                        SMB2_FILE_OPEN, SMB2_FILE_DIRECTORY_FILE, &fid),
	              STATUS_SUCCESS);
	fi.cls = FILE_DISPOSITION_INFORMATION;
	assert_status(si_file(&env, &conn, fid, &fi), STATUS_CANNOT_DELETE);
	assert_status(io_close(&env, &conn, fid), STATUS_SUCCESS);
}

/* CREATE + QUERY_INFO + SET_INFO + CLOSE as one related compound, the way
 * smbclient asks: the later members name the file by FileId ANY. */
static void test_related_compound(void **state)
{
	const struct smb2_fileid any = {SMB2_FILEID_ANY, SMB2_FILEID_ANY};
	struct smb2_compound_builder b;
	struct smb2_compound_iter it;
	struct smb2_msg q[4], r;
	struct h_frame f = {0};
	uint8_t n16[64], pos[8] = {9};
	size_t n = 0;
	struct wr w;
	struct rd m;
	unsigned k = 0;

	(void)state;
	assert_status(utf8_to_utf16le("a.txt", 5, n16, sizeof(n16), &n), STATUS_SUCCESS);
	for (int i = 0; i < 4; i++)
		memset(&q[i], 0, sizeof(q[i]));
	q[0].hdr.command = SMB2_CREATE;
	q[0].u.create_req.impersonation_level = 2;
	q[0].u.create_req.desired_access = RW_ATTR;
	q[0].u.create_req.share_access = 7;
	q[0].u.create_req.create_disposition = SMB2_FILE_OPEN;
	q[0].u.create_req.name.p = n16;
	q[0].u.create_req.name.len = (uint32_t)n;
	q[1].hdr.command = SMB2_QUERY_INFO;
	q[1].u.query_info_req.info_type = SMB2_0_INFO_FILE;
	q[1].u.query_info_req.file_info_class = FILE_ALL_INFORMATION;
	q[1].u.query_info_req.output_buffer_length = 4096;
	q[1].u.query_info_req.file_id = any;
	q[2].hdr.command = SMB2_SET_INFO;
	q[2].u.set_info_req.info_type = SMB2_0_INFO_FILE;
	q[2].u.set_info_req.file_info_class = FILE_POSITION_INFORMATION;
	q[2].u.set_info_req.buffer.p = pos;
	q[2].u.set_info_req.buffer.len = sizeof(pos);
	q[2].u.set_info_req.file_id = any;
	q[3].hdr.command = SMB2_CLOSE;
	q[3].u.close_req.file_id = any;
	wr_init(&w, SMB2_MAX_PDU);
	smb2_compound_begin(&b, &w);
	for (int i = 0; i < 4; i++) {
		q[i].kind = SMB2_MSG_REQ(q[i].hdr.command);
		q[i].hdr.message_id = conn.mid++;
		q[i].hdr.credit = 32;
		q[i].hdr.session_id = conn.session_id;
		q[i].hdr.tree_id = conn.tree_id;
		q[i].hdr.process_id = 0xFEFF;
		if (i)
			q[i].hdr.flags = SMB2_FLAGS_RELATED_OPERATIONS;
		assert_status(smb2_compound_add(&b), STATUS_SUCCESS);
		assert_status(smb2_msg_encode(&w, &q[i]), STATUS_SUCCESS);
	}
	assert_status(smb2_compound_end(&b), STATUS_SUCCESS);
	h_send(&conn, &w);
	wr_free(&w);
	assert_true(h_take(&env.e, &conn, &f));
	smb2_compound_init(&it, f.p, f.len);
	while (smb2_compound_next(&it, &m)) {
		assert_status(smb2_msg_decode(&m, &r), STATUS_SUCCESS);
		assert_status(r.hdr.status, STATUS_SUCCESS);
		assert_int_equal(r.hdr.command, q[k].hdr.command);
		if (k == 1) {
			struct smb2_fileinfo fi;
			char nm[64];
			assert_status(smb2_fileinfo_decode(FILE_ALL_INFORMATION,
			                                   r.u.query_info_rsp.buffer, &fi),
			              STATUS_SUCCESS);
			assert_int_equal(fi.u.all.standard.end_of_file, 5);
			qi_name(fi.u.all.name, nm, sizeof(nm));
			assert_string_equal(nm, "\\a.txt");
		}
		k++;
	}
	assert_int_equal(k, 4);
	free(f.p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test_setup_teardown(test_set_basic_sizes_position_mode, setup, teardown),
	        cmocka_unit_test_setup_teardown(test_rename, setup, teardown),
	        cmocka_unit_test_setup_teardown(test_rename_read_only_share, setup, teardown),
	        cmocka_unit_test_setup_teardown(test_disposition, setup, teardown),
	        cmocka_unit_test_setup_teardown(test_related_compound, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
