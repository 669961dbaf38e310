/*
 * CREATE and CLOSE of the reference server over an in-memory transport,
 * against a temporary share directory: every disposition, the directory
 * options, share modes across opens and connections, a read-only share,
 * delete on close (files, empty and non-empty directories, delete
 * pending), HIDDEN and SYSTEM kept and guarding overwrites, MxAc and QFid,
 * CLOSE with and without POSTQUERY_ATTRIB, unknown and foreign FileIds,
 * hostile names (escapes, symlinks out, invalid UTF-16), bad request
 * fields, and the srvsvc pipe on IPC$ answering Samba's bind with a
 * bind_ack through FSCTL_PIPE_TRANSCEIVE.
 */
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <sys/xattr.h>
#include <unistd.h>

#include "srv_harness.h"

#include "rpc/dcerpc.h"
#include "sim-server/srv_file.h"
#include "wire/close.h"
#include "wire/ioctl.h"

static struct h_env env;
static char dir[64];

static int setup(void **state)
{
	(void)state;
	memset(&env, 0, sizeof(env));
	strcpy(dir, "/tmp/smbsim-create-XXXXXX");
	assert_non_null(mkdtemp(dir));
	h_settings(&env.set);
	strcpy(env.set.shares[0].path, dir);
	strcpy(env.set.shares[1].name, "ro");
	strcpy(env.set.shares[1].path, dir);
	env.set.shares[1].encrypt = false;
	env.set.shares[1].read_only = true;
	h_env_start(&env);
	assert_status(srv_file_handlers_register(env.srv), STATUS_SUCCESS);
	return 0;
}

static int teardown(void **state)
{
	char cmd[256];

	(void)state;
	h_env_stop(&env);
	snprintf(cmd, sizeof(cmd), "chmod -R u+w %s && rm -rf %s", dir, dir);
	assert_int_equal(system(cmd), 0);
	return 0;
}

static void local_path(char *out, size_t n, const char *rel)
{
	snprintf(out, n, "%s/%s", dir, rel);
}

static bool local_exists(const char *rel)
{
	char p[256];
	struct stat sb;

	local_path(p, sizeof(p), rel);
	return lstat(p, &sb) == 0;
}

static void local_write(const char *rel, const char *data)
{
	char p[256];
	FILE *f;

	local_path(p, sizeof(p), rel);
	f = fopen(p, "w");
	assert_non_null(f);
	fputs(data, f);
	fclose(f);
}

static void logon(struct h_conn *c, const char *share)
{
	h_connect(&env, c);
	h_neg(&env, c, SMB2_DIALECT_311);
	assert_status(h_logon(&env, c, "user", "pass", NULL), STATUS_SUCCESS);
	assert_status(h_tree(&env, c, share, NULL), STATUS_SUCCESS);
}

struct cr {
	uint32_t access, share, disposition, options, attributes;
	const uint8_t *name16;     /* raw name instead of `name` */
	size_t name16_len;
	uint32_t impersonation;
	bool mxac, qfid;
};

/* CREATE `name` (UTF-8); on success *rsp holds the response (contexts copied
 * out into mxac/qfid). */
static NTSTATUS create(struct h_conn *c, const char *name, const struct cr *a,
                       struct smb2_create_rsp *rsp, uint32_t *mxac, uint64_t *qfid)
{
	struct smb2_msg q, r;
	struct smb2_create_req *cq = &q.u.create_req;
	struct h_frame f = {0};
	uint8_t n16[512];
	size_t n = 0;
	NTSTATUS st;

	if (!a->name16)
		assert_status(utf8_to_utf16le(name, strlen(name), n16, sizeof(n16), &n),
		              STATUS_SUCCESS);
	memset(&q, 0, sizeof(q));
	q.hdr.command = SMB2_CREATE;
	q.kind = SMB2_MSG_REQ(SMB2_CREATE);
	cq->impersonation_level =
	        a->impersonation ? a->impersonation : SMB2_IMPERSONATION_IMPERSONATION;
	cq->desired_access = a->access;
	cq->share_access = a->share;
	cq->create_disposition = a->disposition;
	cq->create_options = a->options;
	cq->file_attributes = a->attributes;
	cq->name.p = a->name16 ? a->name16 : n16;
	cq->name.len = (uint32_t)(a->name16 ? a->name16_len : n);
	if (a->mxac)
		cq->contexts.ctx[cq->contexts.count++].type = SMB2_CCTX_MXAC;
	if (a->qfid)
		cq->contexts.ctx[cq->contexts.count++].type = SMB2_CCTX_QFID;
	st = h_call(&env, c, &q, &r, &f);
	if (st == STATUS_SUCCESS) {
		const struct smb2_create_ctx *x;
		*rsp = r.u.create_rsp;
		x = smb2_create_ctx_find(&rsp->contexts, SMB2_CCTX_MXAC);
		if (mxac)
			*mxac = x ? x->u.mxac.maximal_access : 0;
		x = smb2_create_ctx_find(&rsp->contexts, SMB2_CCTX_QFID);
		if (qfid)
			*qfid = x ? x->u.qfid.disk_file_id : 0;
		rsp->contexts.count = 0;
		rsp->contexts_raw.p = NULL;
		rsp->contexts_raw.len = 0;
	}
	free(f.p);
	return st;
}

static NTSTATUS open_simple(struct h_conn *c, const char *name, uint32_t access,
                            uint32_t share, uint32_t disposition, uint32_t options,
                            struct smb2_fileid *fid, uint32_t *action)
{
	struct cr a = {.access = access, .share = share, .disposition = disposition,
	               .options = options};
	struct smb2_create_rsp rsp;
	NTSTATUS st = create(c, name, &a, &rsp, NULL, NULL);

	if (st == STATUS_SUCCESS) {
		if (fid)
			*fid = rsp.file_id;
		if (action)
			*action = rsp.create_action;
	}
	return st;
}

static NTSTATUS close_fid(struct h_conn *c, struct smb2_fileid fid, uint16_t flags,
                          struct smb2_close_rsp *out)
{
	struct smb2_msg q, r;
	struct h_frame f = {0};
	NTSTATUS st;

	memset(&q, 0, sizeof(q));
	q.hdr.command = SMB2_CLOSE;
	q.kind = SMB2_MSG_REQ(SMB2_CLOSE);
	q.u.close_req.flags = flags;
	q.u.close_req.file_id = fid;
	st = h_call(&env, c, &q, &r, &f);
	if (st == STATUS_SUCCESS && out)
		*out = r.u.close_rsp;
	free(f.p);
	return st;
}

#define ALL_SHARE (SMB2_FILE_SHARE_READ | SMB2_FILE_SHARE_WRITE | SMB2_FILE_SHARE_DELETE)
#define RW (SMB2_FILE_READ_DATA | SMB2_FILE_WRITE_DATA)

static void expect_action(struct h_conn *c, const char *name, uint32_t disp, uint32_t opts,
                          NTSTATUS want, uint32_t want_action)
{
	struct smb2_fileid fid;
	uint32_t action = 99;

	assert_status(open_simple(c, name, RW, ALL_SHARE, disp, opts, &fid, &action), want);
	if (want == STATUS_SUCCESS) {
		assert_int_equal(action, want_action);
		assert_status(close_fid(c, fid, 0, NULL), STATUS_SUCCESS);
	}
}

static void test_dispositions(void **state)
{
	struct h_conn c;
	char p[256];
	struct stat sb;

	(void)state;
	logon(&c, "\\\\srv\\share");
	expect_action(&c, "d1", SMB2_FILE_OPEN, 0, STATUS_OBJECT_NAME_NOT_FOUND, 0);
	expect_action(&c, "d1", SMB2_FILE_CREATE, 0, STATUS_SUCCESS, SMB2_FILE_CREATED);
	expect_action(&c, "d1", SMB2_FILE_CREATE, 0, STATUS_OBJECT_NAME_COLLISION, 0);
	expect_action(&c, "d1", SMB2_FILE_OPEN, 0, STATUS_SUCCESS, SMB2_FILE_OPENED);
	expect_action(&c, "d2", SMB2_FILE_OPEN_IF, 0, STATUS_SUCCESS, SMB2_FILE_CREATED);
	expect_action(&c, "d2", SMB2_FILE_OPEN_IF, 0, STATUS_SUCCESS, SMB2_FILE_OPENED);
	expect_action(&c, "d3", SMB2_FILE_OVERWRITE, 0, STATUS_OBJECT_NAME_NOT_FOUND, 0);
	local_write("d1", "hello");
	expect_action(&c, "d1", SMB2_FILE_OVERWRITE, 0, STATUS_SUCCESS, SMB2_FILE_OVERWRITTEN);
	local_path(p, sizeof(p), "d1");
	assert_int_equal(stat(p, &sb), 0);
	assert_int_equal(sb.st_size, 0);
	expect_action(&c, "d3", SMB2_FILE_OVERWRITE_IF, 0, STATUS_SUCCESS, SMB2_FILE_CREATED);
	expect_action(&c, "d3", SMB2_FILE_OVERWRITE_IF, 0, STATUS_SUCCESS, SMB2_FILE_OVERWRITTEN);
	expect_action(&c, "d4", SMB2_FILE_SUPERSEDE, 0, STATUS_SUCCESS, SMB2_FILE_CREATED);
	expect_action(&c, "d4", SMB2_FILE_SUPERSEDE, 0, STATUS_SUCCESS, SMB2_FILE_SUPERSEDED);
	expect_action(&c, "d1", 6, 0, STATUS_INVALID_PARAMETER, 0);
	/* The share root opens as a directory. */
	expect_action(&c, "", SMB2_FILE_OPEN, SMB2_FILE_DIRECTORY_FILE, STATUS_SUCCESS,
	              SMB2_FILE_OPENED);
	h_conn_free(&c);
}

static void test_directories(void **state)
{
	struct smb2_create_rsp rsp;
	struct cr a = {.access = SMB2_FILE_READ_ATTRIBUTES, .share = ALL_SHARE,
	               .disposition = SMB2_FILE_CREATE, .options = SMB2_FILE_DIRECTORY_FILE};
	struct h_conn c;

	(void)state;
	logon(&c, "\\\\srv\\share");
	assert_status(create(&c, "dir", &a, &rsp, NULL, NULL), STATUS_SUCCESS);
	assert_int_equal(rsp.create_action, SMB2_FILE_CREATED);
	assert_true(rsp.file_attributes & SMB2_FILE_ATTRIBUTE_DIRECTORY);
	assert_status(close_fid(&c, rsp.file_id, 0, NULL), STATUS_SUCCESS);
	expect_action(&c, "dir", SMB2_FILE_OPEN, SMB2_FILE_NON_DIRECTORY_FILE,
	              STATUS_FILE_IS_A_DIRECTORY, 0);
	expect_action(&c, "dir", SMB2_FILE_OPEN, 0, STATUS_SUCCESS, SMB2_FILE_OPENED);
	local_write("plain", "x");
	expect_action(&c, "plain", SMB2_FILE_OPEN, SMB2_FILE_DIRECTORY_FILE,
	              STATUS_NOT_A_DIRECTORY, 0);
	expect_action(&c, "dir", SMB2_FILE_OPEN,
	              SMB2_FILE_DIRECTORY_FILE | SMB2_FILE_NON_DIRECTORY_FILE,
	              STATUS_INVALID_PARAMETER, 0);
	expect_action(&c, "dir", SMB2_FILE_OVERWRITE_IF, SMB2_FILE_DIRECTORY_FILE,
	              STATUS_INVALID_PARAMETER, 0);
	expect_action(&c, "dir", SMB2_FILE_OPEN, SMB2_FILE_OPEN_BY_FILE_ID, STATUS_NOT_SUPPORTED,
	              0);
	h_conn_free(&c);
}

static void test_sharing(void **state)
{
	struct smb2_fileid a, b, d;
	struct h_conn c, c2;

	(void)state;
	logon(&c, "\\\\srv\\share");
	logon(&c2, "\\\\srv\\share");
	local_write("s", "x");
	assert_status(open_simple(&c, "s", SMB2_FILE_READ_DATA, SMB2_FILE_SHARE_READ,
	                          SMB2_FILE_OPEN, 0, &a, NULL),
	              STATUS_SUCCESS);
	/* Write wanted, but the first open shares no write. */
	assert_status(open_simple(&c, "s", RW, ALL_SHARE, SMB2_FILE_OPEN, 0, NULL, NULL),
	              STATUS_SHARING_VIOLATION);
	/* Read wanted, but this open would not share the first one's read. */
	assert_status(open_simple(&c, "s", SMB2_FILE_READ_DATA, SMB2_FILE_SHARE_WRITE,
	                          SMB2_FILE_OPEN, 0, NULL, NULL),
	              STATUS_SHARING_VIOLATION);
	assert_status(open_simple(&c, "s", SMB2_DELETE, ALL_SHARE, SMB2_FILE_OPEN, 0, NULL,
	                          NULL),
	              STATUS_SHARING_VIOLATION);
	/* Another connection and session meets the same object. */
	assert_status(open_simple(&c2, "s", SMB2_FILE_WRITE_DATA, ALL_SHARE, SMB2_FILE_OPEN, 0,
	                          NULL, NULL),
	              STATUS_SHARING_VIOLATION);
	/* A truncating disposition writes: refused (before it truncates) when
	 * an open shares no write. */
	local_write("s", "keep");
	assert_status(open_simple(&c2, "s", SMB2_FILE_READ_DATA, ALL_SHARE,
	                          SMB2_FILE_OVERWRITE_IF, 0, NULL, NULL),
	              STATUS_SHARING_VIOLATION);
	{
		char p[256];
		struct stat sb;
		local_path(p, sizeof(p), "s");
		assert_int_equal(stat(p, &sb), 0);
		assert_int_equal(sb.st_size, 4);
	}
	/* Attribute-only opens are never in conflict; compatible readers join. */
	assert_status(open_simple(&c2, "s", SMB2_FILE_READ_ATTRIBUTES, 0, SMB2_FILE_OPEN, 0, &d,
	                          NULL),
	              STATUS_SUCCESS);
	assert_status(open_simple(&c2, "s", SMB2_FILE_READ_DATA, ALL_SHARE, SMB2_FILE_OPEN, 0,
	                          &b, NULL),
	              STATUS_SUCCESS);
	assert_status(close_fid(&c, a, 0, NULL), STATUS_SUCCESS);
	/* Now only b (read, sharing everything) remains. */
	assert_status(open_simple(&c, "s", RW | SMB2_DELETE, SMB2_FILE_SHARE_READ, SMB2_FILE_OPEN,
	                          0, &a, NULL),
	              STATUS_SUCCESS);
	assert_status(close_fid(&c, a, 0, NULL), STATUS_SUCCESS);
	assert_status(close_fid(&c2, b, 0, NULL), STATUS_SUCCESS);
	assert_status(close_fid(&c2, d, 0, NULL), STATUS_SUCCESS);
	h_conn_free(&c);
	h_conn_free(&c2);
}

static void test_read_only_share(void **state)
{
	struct smb2_create_rsp rsp;
	struct cr a = {.access = SMB2_MAXIMUM_ALLOWED, .share = ALL_SHARE,
	               .disposition = SMB2_FILE_OPEN, .mxac = true};
	struct h_conn c;
	uint32_t mx = 0;

	(void)state;
	local_write("r", "data");
	logon(&c, "\\\\srv\\ro");
	assert_status(open_simple(&c, "r", SMB2_GENERIC_WRITE, ALL_SHARE, SMB2_FILE_OPEN, 0, NULL,
	                          NULL),
	              STATUS_ACCESS_DENIED);
	assert_status(open_simple(&c, "new", SMB2_FILE_READ_DATA, ALL_SHARE, SMB2_FILE_CREATE, 0,
	                          NULL, NULL),
	              STATUS_ACCESS_DENIED);
	assert_status(open_simple(&c, "new", SMB2_FILE_READ_DATA, ALL_SHARE, SMB2_FILE_OPEN_IF, 0,
	                          NULL, NULL),
	              STATUS_ACCESS_DENIED);
	assert_status(open_simple(&c, "r", SMB2_FILE_READ_DATA, ALL_SHARE, SMB2_FILE_OVERWRITE, 0,
	                          NULL, NULL),
	              STATUS_ACCESS_DENIED);
	assert_false(local_exists("new"));
	expect_action(&c, "r", SMB2_FILE_OPEN, 0, STATUS_ACCESS_DENIED, 0);
	assert_status(create(&c, "r", &a, &rsp, &mx, NULL), STATUS_SUCCESS);
	assert_int_equal(mx, 0x001200A9u);
	assert_int_equal(rsp.end_of_file, 4);
	assert_status(close_fid(&c, rsp.file_id, 0, NULL), STATUS_SUCCESS);
	h_conn_free(&c);
}

static void test_delete_on_close(void **state)
{
	const uint32_t doc = SMB2_FILE_DELETE_ON_CLOSE;
	struct smb2_fileid a, b;
	struct h_conn c;
	char p[256];

	(void)state;
	logon(&c, "\\\\srv\\share");
	local_write("x", "1");
	assert_status(open_simple(&c, "x", SMB2_FILE_READ_DATA, ALL_SHARE, SMB2_FILE_OPEN, doc,
	                          NULL, NULL),
	              STATUS_INVALID_PARAMETER);
	assert_status(open_simple(&c, "x", SMB2_DELETE, ALL_SHARE, SMB2_FILE_OPEN, doc, &a, NULL),
	              STATUS_SUCCESS);
	assert_status(open_simple(&c, "x", SMB2_FILE_READ_DATA, ALL_SHARE, SMB2_FILE_OPEN, 0, &b,
	                          NULL),
	              STATUS_SUCCESS);
	assert_status(close_fid(&c, a, 0, NULL), STATUS_SUCCESS);
	/* The other open keeps the file; it is delete pending now. */
	assert_true(local_exists("x"));
	assert_status(open_simple(&c, "x", SMB2_FILE_READ_DATA, ALL_SHARE, SMB2_FILE_OPEN, 0,
	                          NULL, NULL),
	              STATUS_DELETE_PENDING);
	assert_status(close_fid(&c, b, 0, NULL), STATUS_SUCCESS);
	assert_false(local_exists("x"));
	/* A read-only file cannot be deleted. */
	local_write("ro", "1");
	local_path(p, sizeof(p), "ro");
	assert_int_equal(chmod(p, 0444), 0);
	assert_status(open_simple(&c, "ro", SMB2_DELETE, ALL_SHARE, SMB2_FILE_OPEN, doc, NULL,
	                          NULL),
	              STATUS_CANNOT_DELETE);
	assert_true(local_exists("ro"));
	/* Directories: an empty one goes, a non-empty one stays. */
	assert_status(open_simple(&c, "e", SMB2_DELETE, ALL_SHARE, SMB2_FILE_CREATE,
	                          doc | SMB2_FILE_DIRECTORY_FILE, &a, NULL),
	              STATUS_SUCCESS);
	assert_true(local_exists("e"));
	assert_status(close_fid(&c, a, 0, NULL), STATUS_SUCCESS);
	assert_false(local_exists("e"));
	local_path(p, sizeof(p), "full");
	assert_int_equal(mkdir(p, 0755), 0);
	local_write("full/child", "1");
	assert_status(open_simple(&c, "full", SMB2_DELETE, ALL_SHARE, SMB2_FILE_OPEN,
	                          doc | SMB2_FILE_DIRECTORY_FILE, &a, NULL),
	              STATUS_SUCCESS);
	assert_status(close_fid(&c, a, 0, NULL), STATUS_SUCCESS);
	assert_true(local_exists("full/child"));
	h_conn_free(&c);
}

static void test_contexts_and_close(void **state)
{
	struct smb2_create_rsp rsp;
	struct cr a = {.access = SMB2_GENERIC_READ, .share = ALL_SHARE,
	               .disposition = SMB2_FILE_OPEN, .mxac = true, .qfid = true};
	struct smb2_close_rsp cl;
	struct h_conn c;
	uint32_t mx = 0;
	uint64_t qf = 0;
	struct stat sb;
	char p[256];

	(void)state;
	logon(&c, "\\\\srv\\share");
	local_write("q", "12345");
	local_path(p, sizeof(p), "q");
	assert_int_equal(stat(p, &sb), 0);
	assert_status(create(&c, "q", &a, &rsp, &mx, &qf), STATUS_SUCCESS);
	assert_int_equal(mx, SRV_FILE_ALL_ACCESS);
	assert_int_equal(qf, (uint64_t)sb.st_ino);
	assert_int_equal(rsp.end_of_file, 5);
	assert_int_equal(rsp.oplock_level, SMB2_OPLOCK_LEVEL_NONE);
	memset(&cl, 0xAA, sizeof(cl));
	assert_status(close_fid(&c, rsp.file_id, SMB2_CLOSE_FLAG_POSTQUERY_ATTRIB, &cl),
	              STATUS_SUCCESS);
	assert_int_equal(cl.flags, SMB2_CLOSE_FLAG_POSTQUERY_ATTRIB);
	assert_int_equal(cl.end_of_file, 5);
	assert_int_equal(cl.file_attributes, SMB2_FILE_ATTRIBUTE_ARCHIVE);
	assert_true(cl.last_write_time != 0);
	/* Closed: the FileId is gone. */
	assert_status(close_fid(&c, rsp.file_id, 0, NULL), STATUS_FILE_CLOSED);
	a.mxac = a.qfid = false;
	assert_status(create(&c, "q", &a, &rsp, &mx, &qf), STATUS_SUCCESS);
	assert_int_equal(mx, 0);
	assert_int_equal(qf, 0);
	memset(&cl, 0xAA, sizeof(cl));
	assert_status(close_fid(&c, rsp.file_id, 0, &cl), STATUS_SUCCESS);
	assert_int_equal(cl.flags, 0);
	assert_int_equal(cl.end_of_file, 0);
	assert_int_equal(cl.last_write_time, 0);
	h_conn_free(&c);
}

/* Does the share's file system keep user extended attributes (where
 * HIDDEN and SYSTEM are kept)? */
static bool local_has_xattrs(void)
{
	char p[256];
	bool ok;

	local_write("xattr-probe", "");
	local_path(p, sizeof(p), "xattr-probe");
	ok = setxattr(p, "user.smbsim.probe", "1", 1, 0) == 0;
	unlink(p);
	return ok;
}

/* HIDDEN and SYSTEM given at creation are kept and reported; an
 * overwrite that does not ask for them again is STATUS_ACCESS_DENIED, one
 * that does succeeds and keeps them (MS-FSA 2.1.5.1.1, 2.1.5.1.2). */
static void test_hidden_system(void **state)
{
	struct smb2_create_rsp rsp;
	struct cr a = {.access = SMB2_GENERIC_ALL, .share = ALL_SHARE,
	               .disposition = SMB2_FILE_CREATE,
	               .attributes = SMB2_FILE_ATTRIBUTE_HIDDEN | SMB2_FILE_ATTRIBUTE_SYSTEM};
	struct h_conn c;

	(void)state;
	if (!local_has_xattrs())
		skip();
	logon(&c, "\\\\srv\\share");
	assert_status(create(&c, "h", &a, &rsp, NULL, NULL), STATUS_SUCCESS);
	assert_int_equal(rsp.file_attributes & (SMB2_FILE_ATTRIBUTE_HIDDEN |
	                                        SMB2_FILE_ATTRIBUTE_SYSTEM),
	                 SMB2_FILE_ATTRIBUTE_HIDDEN | SMB2_FILE_ATTRIBUTE_SYSTEM);
	assert_status(close_fid(&c, rsp.file_id, 0, NULL), STATUS_SUCCESS);
	a.disposition = SMB2_FILE_OVERWRITE_IF;
	a.attributes = SMB2_FILE_ATTRIBUTE_HIDDEN;
	assert_status(create(&c, "h", &a, &rsp, NULL, NULL), STATUS_ACCESS_DENIED);
	a.attributes = SMB2_FILE_ATTRIBUTE_NORMAL;
	assert_status(create(&c, "h", &a, &rsp, NULL, NULL), STATUS_ACCESS_DENIED);
	a.attributes = SMB2_FILE_ATTRIBUTE_HIDDEN | SMB2_FILE_ATTRIBUTE_SYSTEM;
	assert_status(create(&c, "h", &a, &rsp, NULL, NULL), STATUS_SUCCESS);
	assert_int_equal(rsp.create_action, SMB2_FILE_OVERWRITTEN);
	assert_true(rsp.file_attributes & SMB2_FILE_ATTRIBUTE_HIDDEN);
	assert_status(close_fid(&c, rsp.file_id, 0, NULL), STATUS_SUCCESS);
	/* A plain open does not touch them. */
	a.disposition = SMB2_FILE_OPEN;
	a.attributes = 0;
	assert_status(create(&c, "h", &a, &rsp, NULL, NULL), STATUS_SUCCESS);
	assert_true(rsp.file_attributes & SMB2_FILE_ATTRIBUTE_SYSTEM);
	assert_status(close_fid(&c, rsp.file_id, 0, NULL), STATUS_SUCCESS);
	h_conn_free(&c);
}

static void test_foreign_fileids(void **state)
{
	struct smb2_fileid fid, bogus = {0x1234, 0x5678};
	struct h_conn c, c2;

	(void)state;
	logon(&c, "\\\\srv\\share");
	logon(&c2, "\\\\srv\\share");
	assert_status(close_fid(&c, bogus, 0, NULL), STATUS_FILE_CLOSED);
	assert_status(open_simple(&c, "", SMB2_FILE_READ_ATTRIBUTES, ALL_SHARE, SMB2_FILE_OPEN, 0,
	                          &fid, NULL),
	              STATUS_SUCCESS);
	/* Another session cannot use (or close) it. */
	assert_status(close_fid(&c2, fid, 0, NULL), STATUS_FILE_CLOSED);
	assert_status(close_fid(&c, fid, 0, NULL), STATUS_SUCCESS);
	/* LOGOFF with an open file frees it (the sanitizer checks for leaks). */
	assert_status(open_simple(&c, "", SMB2_FILE_READ_ATTRIBUTES, ALL_SHARE, SMB2_FILE_OPEN, 0,
	                          &fid, NULL),
	              STATUS_SUCCESS);
	assert_status(h_simple(&env, &c, SMB2_LOGOFF), STATUS_SUCCESS);
	h_conn_free(&c);
	h_conn_free(&c2);
}

static void test_hostile_names(void **state)
{
	static const uint8_t surrogate[] = {'a', 0, 0x00, 0xD8, 'b', 0};
	static const uint8_t low[] = {0x00, 0xDC, 'a', 0};
	struct smb2_create_rsp rsp;
	struct cr a = {.access = SMB2_FILE_READ_DATA, .share = ALL_SHARE,
	               .disposition = SMB2_FILE_OPEN_IF};
	struct h_conn c;
	char p[256];

	(void)state;
	logon(&c, "\\\\srv\\share");
	local_path(p, sizeof(p), "out");
	assert_int_equal(symlink("/etc", p), 0);
	local_path(p, sizeof(p), "up");
	assert_int_equal(symlink("..", p), 0);
	assert_status(create(&c, "..\\x", &a, &rsp, NULL, NULL), STATUS_OBJECT_PATH_SYNTAX_BAD);
	assert_status(create(&c, "a\\..\\..\\x", &a, &rsp, NULL, NULL),
	              STATUS_OBJECT_PATH_SYNTAX_BAD);
	assert_status(create(&c, "out\\passwd", &a, &rsp, NULL, NULL), STATUS_ACCESS_DENIED);
	assert_status(create(&c, "up\\evil", &a, &rsp, NULL, NULL), STATUS_ACCESS_DENIED);
	assert_status(create(&c, "\\lead", &a, &rsp, NULL, NULL), STATUS_INVALID_PARAMETER);
	assert_status(create(&c, "a*b", &a, &rsp, NULL, NULL), STATUS_OBJECT_NAME_INVALID);
	a.name16 = surrogate;
	a.name16_len = sizeof(surrogate);
	assert_status(create(&c, NULL, &a, &rsp, NULL, NULL), STATUS_OBJECT_NAME_INVALID);
	a.name16 = low;
	a.name16_len = sizeof(low);
	assert_status(create(&c, NULL, &a, &rsp, NULL, NULL), STATUS_OBJECT_NAME_INVALID);
	a.name16 = NULL;
	/* Bad fields. */
	a.access = 0x00800000u;
	assert_status(create(&c, "f", &a, &rsp, NULL, NULL), STATUS_ACCESS_DENIED);
	a.access = SMB2_ACCESS_SYSTEM_SECURITY;
	assert_status(create(&c, "f", &a, &rsp, NULL, NULL), STATUS_PRIVILEGE_NOT_HELD);
	a.access = SMB2_FILE_READ_DATA;
	a.impersonation = 4;
	assert_status(create(&c, "f", &a, &rsp, NULL, NULL), STATUS_BAD_IMPERSONATION_LEVEL);
	a.impersonation = 0;
	a.share = 0x10;
	assert_status(create(&c, "f", &a, &rsp, NULL, NULL), STATUS_INVALID_PARAMETER);
	assert_false(local_exists("f"));
	assert_int_equal(srv_file_handlers_register(env.srv), STATUS_SUCCESS);
	h_conn_free(&c);
}

static NTSTATUS transceive(struct h_conn *c, struct smb2_fileid fid, const uint8_t *in,
                           size_t len, uint8_t *out, size_t max, size_t *got)
{
	struct smb2_msg q, r;
	struct h_frame f = {0};
	NTSTATUS st;

	memset(&q, 0, sizeof(q));
	q.hdr.command = SMB2_IOCTL;
	q.kind = SMB2_MSG_REQ(SMB2_IOCTL);
	q.u.ioctl_req.ctl_code = FSCTL_PIPE_TRANSCEIVE;
	q.u.ioctl_req.file_id = fid;
	q.u.ioctl_req.flags = SMB2_0_IOCTL_IS_FSCTL;
	q.u.ioctl_req.input.p = in;
	q.u.ioctl_req.input.len = (uint32_t)len;
	q.u.ioctl_req.max_output_response = (uint32_t)max;
	st = h_call(&env, c, &q, &r, &f);
	*got = 0;
	if (st == STATUS_SUCCESS || st == STATUS_BUFFER_OVERFLOW) {
		assert_true(r.u.ioctl_rsp.output.len <= max);
		memcpy(out, r.u.ioctl_rsp.output.p, r.u.ioctl_rsp.output.len);
		*got = r.u.ioctl_rsp.output.len;
	}
	free(f.p);
	return st;
}

static void test_srvsvc_pipe(void **state)
{
	struct smb2_fileid fid, fid2, disk;
	struct h_conn c;
	uint8_t out[DCERPC_DEFAULT_FRAG];
	size_t blen, got;
	uint8_t *bind = tu_load_fixture("rpc/samba-SMB3_11-bind.bin", &blen);
	struct h_conn d;

	(void)state;
	logon(&c, "\\\\srv\\IPC$");
	assert_status(open_simple(&c, "srvsvc", RW, ALL_SHARE, SMB2_FILE_OPEN, 0, &fid, NULL),
	              STATUS_SUCCESS);
	assert_status(open_simple(&c, "\\SRVSVC", RW, ALL_SHARE, SMB2_FILE_OPEN, 0, &fid2, NULL),
	              STATUS_SUCCESS);
	assert_status(open_simple(&c, "lsarpc", RW, ALL_SHARE, SMB2_FILE_OPEN, 0, NULL, NULL),
	              STATUS_OBJECT_NAME_NOT_FOUND);
	assert_status(open_simple(&c, "", RW, ALL_SHARE, SMB2_FILE_OPEN, 0, NULL, NULL),
	              STATUS_OBJECT_NAME_NOT_FOUND);
	assert_status(transceive(&c, fid, bind, blen, out, sizeof(out), &got), STATUS_SUCCESS);
	assert_true(got >= 16);
	assert_int_equal(out[0], 5);                   /* rpc_vers */
	assert_int_equal(out[2], DCERPC_PT_BIND_ACK); /* PTYPE */
	assert_int_equal(got, out[8] | (out[9] << 8)); /* frag_length */
	/* A short output buffer: the first bytes and BUFFER_OVERFLOW. */
	assert_status(transceive(&c, fid2, bind, blen, out, 16, &got), STATUS_BUFFER_OVERFLOW);
	assert_int_equal(got, 16);
	assert_int_equal(out[2], DCERPC_PT_BIND_ACK);
	assert_status(close_fid(&c, fid, 0, NULL), STATUS_SUCCESS);
	assert_status(transceive(&c, fid, bind, blen, out, sizeof(out), &got),
	              STATUS_FILE_CLOSED);
	/* Transceive on a disk file is not a pipe operation. */
	logon(&d, "\\\\srv\\share");
	assert_status(open_simple(&d, "", SMB2_FILE_READ_ATTRIBUTES, ALL_SHARE, SMB2_FILE_OPEN, 0,
	                          &disk, NULL),
	              STATUS_SUCCESS);
	assert_status(transceive(&d, disk, bind, blen, out, sizeof(out), &got),
	              STATUS_NOT_SUPPORTED);
	free(bind);
	h_conn_free(&c);
	h_conn_free(&d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test_setup_teardown(test_dispositions, setup, teardown),
	        cmocka_unit_test_setup_teardown(test_directories, setup, teardown),
	        cmocka_unit_test_setup_teardown(test_sharing, setup, teardown),
	        cmocka_unit_test_setup_teardown(test_read_only_share, setup, teardown),
	        cmocka_unit_test_setup_teardown(test_delete_on_close, setup, teardown),
	        cmocka_unit_test_setup_teardown(test_contexts_and_close, setup, teardown),
	        cmocka_unit_test_setup_teardown(test_hidden_system, setup, teardown),
	        cmocka_unit_test_setup_teardown(test_foreign_fileids, setup, teardown),
	        cmocka_unit_test_setup_teardown(test_hostile_names, setup, teardown),
	        cmocka_unit_test_setup_teardown(test_srvsvc_pipe, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
