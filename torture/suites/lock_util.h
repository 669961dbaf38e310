/*
 * Helpers of the lock suites (torture/suites/lock*.c): one-element LOCK
 * requests (MS-SMB2 2.2.26) answered synchronously or left pending, and a
 * test file opened through two handles.
 */
#ifndef SMBSIM_SUITES_LOCK_UTIL_H
#define SMBSIM_SUITES_LOCK_UTIL_H

#include "torture/suites/compound_util.h"

/* MS-SMB2 2.2.26.1: the combinations tests use most. */
#define LK_EXCL (SMB2_LOCKFLAG_EXCLUSIVE_LOCK | SMB2_LOCKFLAG_FAIL_IMMEDIATELY)
#define LK_SHARED (SMB2_LOCKFLAG_SHARED_LOCK | SMB2_LOCKFLAG_FAIL_IMMEDIATELY)
#define LK_EXCL_WAIT SMB2_LOCKFLAG_EXCLUSIVE_LOCK
#define LK_SHARED_WAIT SMB2_LOCKFLAG_SHARED_LOCK
#define LK_UNLOCK SMB2_LOCKFLAG_UNLOCK

/* Size of the file lock tests work on. */
#define LK_FILE_SIZE 256

/* LOCK with one element; its final status. */
static inline NTSTATUS lk(struct torture_ctx *t, struct cli_tree *tree, struct smb2_fileid fid,
                          uint64_t off, uint64_t len, uint32_t flags)
{
	struct smb2_lock_element e = { off, len, flags };

	return cl_call(t, tree, cl_lock_msg(t, fid, &e, 1), NULL);
}

/* LOCK with one element, sent and left to the caller (the fixture frees
 * it): for requests that wait. */
static inline struct cli_req *lk_send(struct torture_ctx *t, struct cli_tree *tree,
                                      struct smb2_fileid fid, uint64_t off, uint64_t len,
                                      uint32_t flags)
{
	struct smb2_lock_element e = { off, len, flags };
	struct cli_send_item it = cl_item(tree, cl_lock_msg(t, fid, &e, 1), false, NULL);
	struct cli_req *r;

	cl_send_chain(t, tree, &it, 1, &r);
	return r;
}

/* A blocking LOCK that must wait: sends it and returns once the interim
 * response came (MS-SMB2 3.3.4.2); fails the test if it was answered. */
static inline struct cli_req *lk_send_waiting(struct torture_ctx *t, struct cli_tree *tree,
                                              struct smb2_fileid fid, uint64_t off,
                                              uint64_t len, uint32_t flags)
{
	struct cli_req *r = lk_send(t, tree, fid, off, len, flags);

	if (!cl_wait_interim(t, r))
		torture_fail(t, "a LOCK on a range another open holds was answered (%s) "
		             "instead of waiting", nt_status_name(r->status));
	CHECK_TRUE(t, r->async_id != 0, "interim response without an AsyncId");
	return r;
}

/* A LK_FILE_SIZE-byte file in the test directory ("name"), whose path is
 * returned; *a (and *b unless NULL) are opens of it for reading and
 * writing on tree. */
static inline const char *lk_file(struct torture_ctx *t, struct cli_tree *tree,
                                  const char *name, struct cli_open *a, struct cli_open *b)
{
	uint8_t data[LK_FILE_SIZE];
	const char *path = torture_path(t, "%s", name);

	for (size_t i = 0; i < sizeof(data); i++)
		data[i] = (uint8_t)i;
	CHECK_STATUS(t, torture_put_file(t, tree, path, data, sizeof(data)), STATUS_SUCCESS);
	CHECK_STATUS(t, cl_open(tree, path, SMB2_GENERIC_READ | SMB2_GENERIC_WRITE, 0, a),
	             STATUS_SUCCESS);
	if (b)
		CHECK_STATUS(t, cl_open(tree, path, SMB2_GENERIC_READ | SMB2_GENERIC_WRITE, 0, b),
		             STATUS_SUCCESS);
	return path;
}

#endif
