/*
 * The fixture test_srv_info.c and test_srv_setinfo.c share: a server over
 * the in-memory transport with a read-only second share, a few local files
 * and directories, and one 3.1.1 session.  Include once per test file.
 */
#ifndef SMBSIM_TEST_SRV_INFO_FIXTURE_H
#define SMBSIM_TEST_SRV_INFO_FIXTURE_H

#include "srv_info_util.h"

#include <unistd.h>

#define RW_ATTR (SMB2_FILE_READ_DATA | SMB2_FILE_WRITE_DATA | SMB2_FILE_READ_ATTRIBUTES | \
                 SMB2_FILE_WRITE_ATTRIBUTES | SMB2_DELETE | SMB2_READ_CONTROL | SMB2_WRITE_DAC)

static struct io_env env;
static struct h_conn conn;
static struct qi_out o;

static int setup(void **state)
{
	(void)state;
	io_start(&env);
	strcpy(env.e.set.shares[1].name, "ro");
	env.e.set.shares[1].read_only = true;
	env.e.set.shares[1].encrypt = false;
	/* Restart with the read-only share. */
	h_env_stop(&env.e);
	h_env_start(&env.e);
	assert_status(srv_file_handlers_register(env.e.srv), STATUS_SUCCESS);
	qi_local_file(&env, "a.txt", "hello");
	qi_local_file(&env, "b.txt", "bb");
	qi_local_dir(&env, "d");
	qi_local_file(&env, "d/child", "c");
	qi_local_dir(&env, "empty");
	io_session(&env, &conn, SMB2_DIALECT_311);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	h_conn_free(&conn);
	io_stop(&env);
	return 0;
}

static struct smb2_fileid open_file(const char *name, uint32_t access)
{
	struct smb2_fileid fid;

	assert_status(io_create(&env, &conn, name, access, SMB2_FILE_OPEN, 0, &fid),
	              STATUS_SUCCESS);
	return fid;
}


#endif
