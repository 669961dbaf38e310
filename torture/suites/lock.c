/*
 * Byte-range locks (MS-SMB2 2.2.26, 2.2.27, 3.3.5.14; MS-FSA 2.1.4.10,
 * 2.1.5.8, 2.1.5.9): exclusive and shared ranges across handles and
 * connections, unlock rules, zero-length and wrapping ranges, I/O into
 * locked ranges, several elements in one request, invalid flags and
 * malformed requests, and lock sequences on plain handles.  Blocking
 * locks: lock_async.c.
 */
#include "torture/suites/lock_util.h"

/* An exclusive lock keeps other opens of the file off its range, for
 * exclusive and shared locks alike; ranges next to it are free. */
static void exclusive_other_handle(struct torture_ctx *t)
{
	struct cli_open a, b;

	lk_file(t, t->tree, "x.dat", &a, &b);
	CHECK_STATUS(t, lk(t, t->tree, a.id, 100, 10, LK_EXCL), STATUS_SUCCESS);
	CHECK_STATUS(t, lk(t, t->tree, b.id, 105, 10, LK_EXCL), STATUS_LOCK_NOT_GRANTED);
	CHECK_STATUS(t, lk(t, t->tree, b.id, 100, 10, LK_EXCL), STATUS_LOCK_NOT_GRANTED);
	CHECK_STATUS(t, lk(t, t->tree, b.id, 109, 1, LK_SHARED), STATUS_LOCK_NOT_GRANTED);
	CHECK_STATUS(t, lk(t, t->tree, b.id, 110, 10, LK_EXCL), STATUS_SUCCESS);
	CHECK_STATUS(t, lk(t, t->tree, b.id, 90, 10, LK_EXCL), STATUS_SUCCESS);
}

/* Shared locks overlap each other, from one open or two; they keep
 * exclusive locks of other opens out. */
static void shared_overlap(struct torture_ctx *t)
{
	struct cli_open a, b;

	lk_file(t, t->tree, "s.dat", &a, &b);
	CHECK_STATUS(t, lk(t, t->tree, a.id, 0, 10, LK_SHARED), STATUS_SUCCESS);
	CHECK_STATUS(t, lk(t, t->tree, b.id, 5, 10, LK_SHARED), STATUS_SUCCESS);
	CHECK_STATUS(t, lk(t, t->tree, a.id, 5, 10, LK_SHARED), STATUS_SUCCESS);
	CHECK_STATUS(t, lk(t, t->tree, b.id, 0, 1, LK_EXCL), STATUS_LOCK_NOT_GRANTED);
	CHECK_STATUS(t, lk(t, t->tree, b.id, 12, 1, LK_EXCL), STATUS_LOCK_NOT_GRANTED);
	CHECK_STATUS(t, lk(t, t->tree, b.id, 20, 1, LK_EXCL), STATUS_SUCCESS);
}

/* Locks hold against an open of another connection and session. */
static void other_connection(struct torture_ctx *t)
{
	struct cli_open a, c;
	struct cli_tree *t2;
	const char *path = lk_file(t, t->tree, "c.dat", &a, NULL);

	CHECK_STATUS(t, torture_open_client(t, NULL, NULL, NULL, &t2), STATUS_SUCCESS);
	CHECK_STATUS(t, cl_open(t2, path, SMB2_GENERIC_READ | SMB2_GENERIC_WRITE, 0, &c),
	             STATUS_SUCCESS);
	CHECK_STATUS(t, lk(t, t->tree, a.id, 0, 10, LK_EXCL), STATUS_SUCCESS);
	CHECK_STATUS(t, lk(t, t2, c.id, 0, 10, LK_EXCL), STATUS_LOCK_NOT_GRANTED);
	CHECK_STATUS(t, lk(t, t2, c.id, 9, 1, LK_SHARED), STATUS_LOCK_NOT_GRANTED);
	CHECK_STATUS(t, lk(t, t->tree, a.id, 0, 10, LK_UNLOCK), STATUS_SUCCESS);
	CHECK_STATUS(t, lk(t, t2, c.id, 0, 10, LK_SHARED), STATUS_SUCCESS);
	CHECK_STATUS(t, lk(t, t->tree, a.id, 5, 1, LK_EXCL), STATUS_LOCK_NOT_GRANTED);
	CHECK_STATUS(t, lk(t, t->tree, a.id, 5, 1, LK_SHARED), STATUS_SUCCESS);
	CHECK_STATUS(t, cli_close(t2, c.id), STATUS_SUCCESS);
}

/* An unlock names exactly a range this open locked (MS-FSA 2.1.5.9):
 * anything else is STATUS_RANGE_NOT_LOCKED. */
static void unlock_not_locked(struct torture_ctx *t)
{
	struct cli_open a, b;

	lk_file(t, t->tree, "u.dat", &a, &b);
	CHECK_STATUS(t, lk(t, t->tree, a.id, 0, 10, LK_UNLOCK), STATUS_RANGE_NOT_LOCKED);
	CHECK_STATUS(t, lk(t, t->tree, a.id, 0, 10, LK_EXCL), STATUS_SUCCESS);
	CHECK_STATUS(t, lk(t, t->tree, a.id, 0, 5, LK_UNLOCK), STATUS_RANGE_NOT_LOCKED);
	CHECK_STATUS(t, lk(t, t->tree, a.id, 0, 11, LK_UNLOCK), STATUS_RANGE_NOT_LOCKED);
	CHECK_STATUS(t, lk(t, t->tree, a.id, 1, 9, LK_UNLOCK), STATUS_RANGE_NOT_LOCKED);
	CHECK_STATUS(t, lk(t, t->tree, b.id, 0, 10, LK_UNLOCK), STATUS_RANGE_NOT_LOCKED);
	CHECK_STATUS(t, lk(t, t->tree, a.id, 0, 10, LK_UNLOCK), STATUS_SUCCESS);
	CHECK_STATUS(t, lk(t, t->tree, a.id, 0, 10, LK_UNLOCK), STATUS_RANGE_NOT_LOCKED);
	CHECK_STATUS(t, lk(t, t->tree, b.id, 0, 10, LK_EXCL), STATUS_SUCCESS);
}

/* Zero-length locks (MS-FSA 2.1.5.8: Length MAY be zero): they are granted
 * and unlocked like others; two at one offset do not overlap, a range
 * around one does (2.1.4.10), and {0, 0} never conflicts. */
static void zero_length(struct torture_ctx *t)
{
	struct cli_open a, b;

	lk_file(t, t->tree, "z.dat", &a, &b);
	CHECK_STATUS(t, lk(t, t->tree, a.id, 50, 0, LK_EXCL), STATUS_SUCCESS);
	CHECK_STATUS(t, lk(t, t->tree, b.id, 50, 0, LK_EXCL), STATUS_SUCCESS);
	CHECK_STATUS(t, lk(t, t->tree, b.id, 45, 10, LK_EXCL), STATUS_LOCK_NOT_GRANTED);
	CHECK_STATUS(t, lk(t, t->tree, a.id, 50, 0, LK_UNLOCK), STATUS_SUCCESS);
	CHECK_STATUS(t, lk(t, t->tree, a.id, 50, 0, LK_UNLOCK), STATUS_RANGE_NOT_LOCKED);
	CHECK_STATUS(t, lk(t, t->tree, a.id, 45, 10, LK_EXCL), STATUS_LOCK_NOT_GRANTED);
	CHECK_STATUS(t, lk(t, t->tree, b.id, 50, 0, LK_UNLOCK), STATUS_SUCCESS);
	CHECK_STATUS(t, lk(t, t->tree, a.id, 45, 10, LK_EXCL), STATUS_SUCCESS);
	CHECK_STATUS(t, lk(t, t->tree, a.id, 0, 0, LK_EXCL), STATUS_SUCCESS);
	CHECK_STATUS(t, lk(t, t->tree, b.id, 0, 0, LK_EXCL), STATUS_SUCCESS);
	CHECK_STATUS(t, lk(t, t->tree, b.id, 0, 10, LK_EXCL), STATUS_SUCCESS);
	CHECK_STATUS(t, lk(t, t->tree, b.id, 40, 10, LK_EXCL), STATUS_LOCK_NOT_GRANTED);
}

/* A range whose last byte lies past 2^64 - 1 is STATUS_INVALID_LOCK_RANGE
 * (MS-FSA 2.1.5.8); the last byte itself can be locked. */
static void invalid_range(struct torture_ctx *t)
{
	const uint64_t half = UINT64_C(1) << 63;
	struct cli_open a, b;

	lk_file(t, t->tree, "r.dat", &a, &b);
	CHECK_STATUS(t, lk(t, t->tree, a.id, UINT64_MAX, UINT64_MAX, LK_EXCL),
	             STATUS_INVALID_LOCK_RANGE);
	CHECK_STATUS(t, lk(t, t->tree, a.id, UINT64_MAX, 2, LK_EXCL), STATUS_INVALID_LOCK_RANGE);
	CHECK_STATUS(t, lk(t, t->tree, a.id, half + 1, half, LK_SHARED),
	             STATUS_INVALID_LOCK_RANGE);
	CHECK_STATUS(t, lk(t, t->tree, a.id, half, half, LK_EXCL), STATUS_SUCCESS);
	CHECK_STATUS(t, lk(t, t->tree, b.id, UINT64_MAX, 1, LK_EXCL), STATUS_LOCK_NOT_GRANTED);
	CHECK_STATUS(t, lk(t, t->tree, a.id, half, half, LK_UNLOCK), STATUS_SUCCESS);
	CHECK_STATUS(t, lk(t, t->tree, a.id, UINT64_MAX, 1, LK_EXCL), STATUS_SUCCESS);
	CHECK_STATUS(t, lk(t, t->tree, b.id, UINT64_MAX, 1, LK_SHARED), STATUS_LOCK_NOT_GRANTED);
	CHECK_STATUS(t, lk(t, t->tree, a.id, UINT64_MAX, 1, LK_UNLOCK), STATUS_SUCCESS);
}

/* Twin of invalid_range for unlocks (MS-FSA 2.1.5.9): a wrapping range is
 * STATUS_INVALID_LOCK_RANGE, not "not locked". */
static void unlock_invalid_range(struct torture_ctx *t)
{
	struct cli_open a;

	lk_file(t, t->tree, "ru.dat", &a, NULL);
	CHECK_STATUS(t, lk(t, t->tree, a.id, UINT64_MAX, 2, LK_UNLOCK), STATUS_INVALID_LOCK_RANGE);
	CHECK_STATUS(t, lk(t, t->tree, a.id, UINT64_MAX, UINT64_MAX, LK_UNLOCK),
	             STATUS_INVALID_LOCK_RANGE);
	CHECK_STATUS(t, lk(t, t->tree, a.id, UINT64_MAX, 1, LK_UNLOCK), STATUS_RANGE_NOT_LOCKED);
}

/* Closing an open releases its locks; the closed FileId, and one that was
 * never opened, are STATUS_FILE_CLOSED (3.3.5.14). */
static void released_on_close(struct torture_ctx *t)
{
	struct smb2_fileid never = { 0x1234567, 0x89ABCDE };
	struct cli_open a, b;

	lk_file(t, t->tree, "close.dat", &a, &b);
	CHECK_STATUS(t, lk(t, t->tree, a.id, 0, 10, LK_EXCL), STATUS_SUCCESS);
	CHECK_STATUS(t, lk(t, t->tree, a.id, 20, 10, LK_SHARED), STATUS_SUCCESS);
	CHECK_STATUS(t, lk(t, t->tree, b.id, 0, 10, LK_EXCL), STATUS_LOCK_NOT_GRANTED);
	CHECK_STATUS(t, cli_close(t->tree, a.id), STATUS_SUCCESS);
	CHECK_STATUS(t, lk(t, t->tree, b.id, 0, 10, LK_EXCL), STATUS_SUCCESS);
	CHECK_STATUS(t, lk(t, t->tree, b.id, 20, 10, LK_EXCL), STATUS_SUCCESS);
	CHECK_STATUS(t, lk(t, t->tree, a.id, 40, 10, LK_EXCL), STATUS_FILE_CLOSED);
	CHECK_STATUS(t, lk(t, t->tree, never, 40, 10, LK_EXCL), STATUS_FILE_CLOSED);
}

/* READ and WRITE through another open into an exclusive range are
 * STATUS_FILE_LOCK_CONFLICT (the object store checks I/O against the
 * locks with MS-FSA 2.1.4.10, LockIntent FALSE); the owner reads and
 * writes. */
static void rw_exclusive(struct torture_ctx *t)
{
	struct cli_open a, b;

	lk_file(t, t->tree, "rwx.dat", &a, &b);
	CHECK_STATUS(t, lk(t, t->tree, a.id, 0, 100, LK_EXCL), STATUS_SUCCESS);
	CHECK_STATUS(t, cl_read_status(t, t->tree, b.id, 0, 10), STATUS_FILE_LOCK_CONFLICT);
	CHECK_STATUS(t, cl_read_status(t, t->tree, b.id, 95, 10), STATUS_FILE_LOCK_CONFLICT);
	CHECK_STATUS(t, cl_write_status(t, t->tree, b.id, 50, 10), STATUS_FILE_LOCK_CONFLICT);
	CHECK_STATUS(t, cl_read_status(t, t->tree, b.id, 100, 10), STATUS_SUCCESS);
	CHECK_STATUS(t, cl_write_status(t, t->tree, b.id, 100, 10), STATUS_SUCCESS);
	CHECK_STATUS(t, cl_read_status(t, t->tree, a.id, 0, 10), STATUS_SUCCESS);
	CHECK_STATUS(t, cl_write_status(t, t->tree, a.id, 0, 10), STATUS_SUCCESS);
	CHECK_STATUS(t, lk(t, t->tree, a.id, 0, 100, LK_UNLOCK), STATUS_SUCCESS);
	CHECK_STATUS(t, cl_write_status(t, t->tree, b.id, 50, 10), STATUS_SUCCESS);
}

/* A shared range may be read by every open and written by none, its owner
 * included (3.3.5.14.2: it "disallows writes to the region"). */
static void rw_shared(struct torture_ctx *t)
{
	struct cli_open a, b;

	lk_file(t, t->tree, "rws.dat", &a, &b);
	CHECK_STATUS(t, lk(t, t->tree, a.id, 0, 100, LK_SHARED), STATUS_SUCCESS);
	CHECK_STATUS(t, cl_read_status(t, t->tree, a.id, 0, 10), STATUS_SUCCESS);
	CHECK_STATUS(t, cl_read_status(t, t->tree, b.id, 0, 10), STATUS_SUCCESS);
	CHECK_STATUS(t, cl_write_status(t, t->tree, b.id, 10, 10), STATUS_FILE_LOCK_CONFLICT);
	CHECK_STATUS(t, cl_write_status(t, t->tree, a.id, 10, 10), STATUS_FILE_LOCK_CONFLICT);
	CHECK_STATUS(t, cl_write_status(t, t->tree, b.id, 100, 10), STATUS_SUCCESS);
}

/* Several elements in one request: a conflict on any fails the request
 * with STATUS_LOCK_NOT_GRANTED and unlocks what it had locked
 * (3.3.5.14.2); without one all are granted, and one request unlocks
 * them all (3.3.5.14.1). */
static void multi_all_or_nothing(struct torture_ctx *t)
{
	struct smb2_lock_element three[3] = {
		{ 0, 10, LK_EXCL }, { 100, 10, LK_SHARED }, { 205, 1, LK_EXCL } };
	struct smb2_lock_element two[2] = { { 20, 10, LK_EXCL }, { 40, 10, LK_SHARED } };
	struct smb2_lock_element undo[2] = { { 20, 10, LK_UNLOCK }, { 40, 10, LK_UNLOCK } };
	struct cli_open a, b;

	lk_file(t, t->tree, "m.dat", &a, &b);
	CHECK_STATUS(t, lk(t, t->tree, b.id, 200, 10, LK_EXCL), STATUS_SUCCESS);
	CHECK_STATUS(t, cl_call(t, t->tree, cl_lock_msg(t, a.id, three, 3), NULL),
	             STATUS_LOCK_NOT_GRANTED);
	CHECK_STATUS(t, lk(t, t->tree, b.id, 0, 10, LK_EXCL), STATUS_SUCCESS);
	CHECK_STATUS(t, lk(t, t->tree, b.id, 100, 10, LK_EXCL), STATUS_SUCCESS);
	CHECK_STATUS(t, cl_call(t, t->tree, cl_lock_msg(t, a.id, two, 2), NULL), STATUS_SUCCESS);
	CHECK_STATUS(t, lk(t, t->tree, b.id, 25, 1, LK_SHARED), STATUS_LOCK_NOT_GRANTED);
	CHECK_STATUS(t, lk(t, t->tree, b.id, 45, 1, LK_SHARED), STATUS_SUCCESS);
	CHECK_STATUS(t, cl_call(t, t->tree, cl_lock_msg(t, a.id, undo, 2), NULL), STATUS_SUCCESS);
	CHECK_STATUS(t, lk(t, t->tree, b.id, 20, 10, LK_EXCL), STATUS_SUCCESS);
	CHECK_STATUS(t, lk(t, t->tree, a.id, 40, 10, LK_UNLOCK), STATUS_RANGE_NOT_LOCKED);
}

/* Twin of multi_all_or_nothing: several elements without
 * FAIL_IMMEDIATELY (3.3.5.14.2: SHOULD<367> STATUS_INVALID_PARAMETER); a
 * server that grants them holds both ranges. */
static void multi_without_fail_immediately(struct torture_ctx *t)
{
	struct smb2_lock_element two[2] = { { 300, 10, LK_EXCL_WAIT }, { 320, 10, LK_EXCL_WAIT } };
	struct cli_open a, b;
	NTSTATUS st;

	lk_file(t, t->tree, "mw.dat", &a, &b);
	st = cl_call(t, t->tree, cl_lock_msg(t, a.id, two, 2), NULL);
	CHECK_TRUE(t, st == STATUS_INVALID_PARAMETER || st == STATUS_SUCCESS,
	           "two waiting elements: %s", nt_status_name(st));
	CHECK_STATUS(t, lk(t, t->tree, b.id, 300, 1, LK_EXCL),
	             st == STATUS_SUCCESS ? STATUS_LOCK_NOT_GRANTED : STATUS_SUCCESS);
	CHECK_STATUS(t, lk(t, t->tree, b.id, 325, 1, LK_EXCL),
	             st == STATUS_SUCCESS ? STATUS_LOCK_NOT_GRANTED : STATUS_SUCCESS);
}

/* A flags value 2.2.26.1 does not list: SHOULD STATUS_INVALID_PARAMETER
 * for locks (3.3.5.14.2); a server that takes it is not checked further. */
static void check_should_reject(struct torture_ctx *t, struct smb2_fileid fid, uint64_t off,
                                uint32_t flags)
{
	NTSTATUS st = lk(t, t->tree, fid, off, 10, flags);

	CHECK_TRUE(t, st == STATUS_INVALID_PARAMETER || st == STATUS_SUCCESS,
	           "lock flags 0x%x: %s", flags, nt_status_name(st));
	if (st == STATUS_SUCCESS)
		torture_comment(t, "lock flags 0x%x were accepted", flags);
}

/* Lock flag combinations outside 2.2.26.1, and SHARED or EXCLUSIVE with
 * UNLOCK (3.3.5.14.1: MUST STATUS_INVALID_PARAMETER). */
static void invalid_flags(struct torture_ctx *t)
{
	struct cli_open a, b;
	NTSTATUS st;

	lk_file(t, t->tree, "f.dat", &a, &b);
	CHECK_STATUS(t, lk(t, t->tree, a.id, 0, 10, LK_EXCL), STATUS_SUCCESS);
	CHECK_STATUS(t, lk(t, t->tree, a.id, 0, 10, LK_UNLOCK | SMB2_LOCKFLAG_EXCLUSIVE_LOCK),
	             STATUS_INVALID_PARAMETER);
	CHECK_STATUS(t, lk(t, t->tree, a.id, 0, 10, LK_UNLOCK | SMB2_LOCKFLAG_SHARED_LOCK),
	             STATUS_INVALID_PARAMETER);
	/* Not unlocked by the refused requests. */
	CHECK_STATUS(t, lk(t, t->tree, b.id, 0, 10, LK_EXCL), STATUS_LOCK_NOT_GRANTED);
	/* 3.3.5.14.1: FAIL_IMMEDIATELY with UNLOCK MAY<368> be ignored. */
	st = lk(t, t->tree, a.id, 0, 10, LK_UNLOCK | SMB2_LOCKFLAG_FAIL_IMMEDIATELY);
	CHECK_TRUE(t, st == STATUS_SUCCESS || st == STATUS_INVALID_PARAMETER,
	           "UNLOCK|FAIL_IMMEDIATELY of a locked range: %s", nt_status_name(st));
	check_should_reject(t, a.id, 100, 0);
	check_should_reject(t, a.id, 120, SMB2_LOCKFLAG_SHARED_LOCK | SMB2_LOCKFLAG_EXCLUSIVE_LOCK);
	check_should_reject(t, a.id, 140, LK_EXCL | 0x00000008u);
	check_should_reject(t, a.id, 160, SMB2_LOCKFLAG_FAIL_IMMEDIATELY);
}

/* An UNLOCK element in a series of locks fails the request with
 * STATUS_INVALID_PARAMETER and stops it there; the locks taken before it
 * are not rolled back (3.3.5.14.2). */
static void lock_series_with_unlock(struct torture_ctx *t)
{
	/* Every element carries FAIL_IMMEDIATELY, so that only the UNLOCK
	 * rule applies (not the SHOULD for several waiting elements). */
	struct smb2_lock_element els[2] = {
		{ 500, 10, LK_EXCL }, { 600, 10, LK_UNLOCK | SMB2_LOCKFLAG_FAIL_IMMEDIATELY } };
	struct cli_open a, b;

	lk_file(t, t->tree, "lu.dat", &a, &b);
	CHECK_STATUS(t, cl_call(t, t->tree, cl_lock_msg(t, a.id, els, 2), NULL),
	             STATUS_INVALID_PARAMETER);
	CHECK_STATUS(t, lk(t, t->tree, b.id, 500, 1, LK_EXCL), STATUS_LOCK_NOT_GRANTED);
	CHECK_STATUS(t, lk(t, t->tree, a.id, 500, 10, LK_UNLOCK), STATUS_SUCCESS);
}

/* A lock element in a series of unlocks fails the request with
 * STATUS_INVALID_PARAMETER; the unlocks before it are not rolled back and
 * the lock is not taken (3.3.5.14.1). */
static void unlock_series_with_lock(struct torture_ctx *t)
{
	struct smb2_lock_element els[2] = { { 700, 10, LK_UNLOCK }, { 800, 10, LK_EXCL } };
	struct cli_open a, b;

	lk_file(t, t->tree, "ul.dat", &a, &b);
	CHECK_STATUS(t, lk(t, t->tree, a.id, 700, 10, LK_EXCL), STATUS_SUCCESS);
	CHECK_STATUS(t, cl_call(t, t->tree, cl_lock_msg(t, a.id, els, 2), NULL),
	             STATUS_INVALID_PARAMETER);
	CHECK_STATUS(t, lk(t, t->tree, b.id, 700, 10, LK_EXCL), STATUS_SUCCESS);
	CHECK_STATUS(t, lk(t, t->tree, b.id, 800, 10, LK_EXCL), STATUS_SUCCESS);
}

/* LockCount 0 (2.2.26: MUST be at least 1) is malformed (3.3.5.2.6). */
static void lock_count_zero(struct torture_ctx *t)
{
	struct cli_open a, b;

	lk_file(t, t->tree, "n0.dat", &a, &b);
	CHECK_STATUS(t, cl_call(t, t->tree, cl_lock_msg(t, a.id, NULL, 0), NULL),
	             STATUS_INVALID_PARAMETER);
	CHECK_STATUS(t, lk(t, t->tree, b.id, 0, 10, LK_EXCL), STATUS_SUCCESS);
}

/* Offset of LockCount in a single LOCK request frame (header, then
 * StructureSize). */
#define LOCK_COUNT_OFF (SMB2_HDR_SIZE + 2)

static void hook_lock_count(void *arg, uint8_t *frame, size_t len)
{
	if (len >= LOCK_COUNT_OFF + 2)
		put_le16(frame + LOCK_COUNT_OFF, *(const uint16_t *)arg);
}

/* LockCount larger than the elements the message carries: malformed
 * (3.3.5.2.6); nothing is locked. */
static void lock_count_beyond_message(struct torture_ctx *t)
{
	struct smb2_lock_element one = { 0, 10, LK_EXCL };
	static const uint16_t count = 3;
	struct cli_override ov = { 0 };
	struct cli_open a, b;

	cl_require_unsigned(t, t->sess);
	lk_file(t, t->tree, "nb.dat", &a, &b);
	ov.hook = hook_lock_count;
	ov.hook_arg = (void *)&count;
	CHECK_STATUS(t, cl_call(t, t->tree, cl_lock_msg(t, a.id, &one, 1), &ov),
	             STATUS_INVALID_PARAMETER);
	CHECK_STATUS(t, lk(t, t->tree, b.id, 0, 10, LK_EXCL), STATUS_SUCCESS);
}

/* LOCK with LockSequenceNumber/Index set. */
static NTSTATUS lk_seq(struct torture_ctx *t, struct cli_tree *tree, struct smb2_fileid fid,
                       uint64_t off, uint32_t flags, uint32_t index, uint8_t number)
{
	struct smb2_lock_element e = { off, 10, flags };
	struct smb2_msg *m = cl_lock_msg(t, fid, &e, 1);

	m->u.lock_req.lock_sequence_index = index;
	m->u.lock_req.lock_sequence_number = number;
	return cl_call(t, tree, m, NULL);
}

/* On a 2.1 connection a plain open (not resilient, durable or persistent,
 * no multi-channel) never treats a LOCK as a replay: a repeated unlock
 * with the same LockSequence is processed (3.3.5.14), and an index past
 * the array, or 0, only means "process it". */
static void lock_sequence_plain(struct torture_ctx *t)
{
	struct cli_conn_opts o;
	struct cli_conn *c;
	struct cli_session *s;
	struct cli_tree *tree;
	struct cli_open a, b;

	torture_conn_opts(t, &o);
	o.dialect_min = o.dialect_max = SMB2_DIALECT_210;
	CHECK_STATUS(t, torture_connect(t, &o, &c), STATUS_SUCCESS);
	if (cli_negotiate(c, 0, 0) != STATUS_SUCCESS)
		torture_skip(t, "the server does not offer SMB 2.1");
	CHECK_STATUS(t, torture_login(t, c, &s), STATUS_SUCCESS);
	CHECK_STATUS(t, torture_tree(t, s, NULL, &tree), STATUS_SUCCESS);
	lk_file(t, tree, "seq.dat", &a, &b);
	CHECK_STATUS(t, lk_seq(t, tree, a.id, 0, LK_EXCL, 1, 1), STATUS_SUCCESS);
	CHECK_STATUS(t, lk_seq(t, tree, a.id, 0, LK_UNLOCK, 1, 2), STATUS_SUCCESS);
	CHECK_STATUS(t, lk_seq(t, tree, a.id, 0, LK_UNLOCK, 1, 2), STATUS_RANGE_NOT_LOCKED);
	CHECK_STATUS(t, lk_seq(t, tree, a.id, 0, LK_EXCL, 1, 2), STATUS_SUCCESS);
	CHECK_STATUS(t, lk_seq(t, tree, b.id, 0, LK_EXCL, 1, 2), STATUS_LOCK_NOT_GRANTED);
	CHECK_STATUS(t, lk_seq(t, tree, a.id, 20, LK_EXCL, 65, 3), STATUS_SUCCESS);
	CHECK_STATUS(t, lk_seq(t, tree, a.id, 20, LK_UNLOCK, 65, 3), STATUS_SUCCESS);
	CHECK_STATUS(t, lk_seq(t, tree, a.id, 20, LK_UNLOCK, 65, 3), STATUS_RANGE_NOT_LOCKED);
	CHECK_STATUS(t, lk_seq(t, tree, a.id, 40, LK_EXCL, 0, 5), STATUS_SUCCESS);
	CHECK_STATUS(t, lk_seq(t, tree, b.id, 40, LK_EXCL, 0, 5), STATUS_LOCK_NOT_GRANTED);
}

/* Byte-range locks are for data streams: a directory open is
 * STATUS_INVALID_PARAMETER (MS-FSA 2.1.5.8). */
static void lock_directory(struct torture_ctx *t)
{
	struct cli_open d;

	CHECK_STATUS(t, cl_open(t->tree, t->dir, SMB2_GENERIC_READ, SMB2_FILE_DIRECTORY_FILE, &d),
	             STATUS_SUCCESS);
	CHECK_STATUS(t, lk(t, t->tree, d.id, 0, 10, LK_EXCL), STATUS_INVALID_PARAMETER);
}

static const struct torture_test tests[] = {
	TORTURE_TEST(exclusive_other_handle, "MS-SMB2 3.3.5.14.2; MS-FSA 2.1.5.8; MS-FSA 2.1.4.10",
	             "an exclusive range refuses other opens' locks (LOCK_NOT_GRANTED)"),
	TORTURE_TEST(shared_overlap, "MS-SMB2 3.3.5.14.2; MS-FSA 2.1.4.10",
	             "shared locks overlap; they refuse exclusive locks of other opens"),
	TORTURE_TEST(other_connection, "MS-SMB2 3.3.5.14.2; MS-FSA 2.1.4.10",
	             "locks conflict across connections and sessions"),
	TORTURE_TEST(unlock_not_locked, "MS-SMB2 3.3.5.14.1; MS-FSA 2.1.5.9",
	             "unlock of anything but an own locked range is RANGE_NOT_LOCKED"),
	TORTURE_TEST(zero_length, "MS-FSA 2.1.5.8; MS-FSA 2.1.4.10; MS-SMB2 3.3.5.14.2",
	             "zero-length locks: granted, unlocked, conflict only when inside a range"),
	TORTURE_TEST(invalid_range, "MS-FSA 2.1.5.8; MS-FSA 2.1.5.9; MS-SMB2 2.2.26.1",
	             "a range past 2^64 - 1 is INVALID_LOCK_RANGE; the last byte can be locked"),
	TORTURE_TEST(unlock_invalid_range, "MS-FSA 2.1.5.9; MS-SMB2 3.3.5.14.1",
	             "an unlock of a range past 2^64 - 1 is INVALID_LOCK_RANGE"),
	TORTURE_TEST(released_on_close, "MS-SMB2 3.3.5.10; MS-SMB2 3.3.5.14",
	             "closing an open releases its locks; its FileId is then FILE_CLOSED"),
	TORTURE_TEST(rw_exclusive, "MS-SMB2 3.3.5.12; MS-SMB2 3.3.5.13; MS-FSA 2.1.4.10",
	             "I/O of other opens into an exclusive range is FILE_LOCK_CONFLICT"),
	TORTURE_TEST(rw_shared, "MS-SMB2 3.3.5.14.2; MS-SMB2 3.3.5.13; MS-FSA 2.1.4.10",
	             "a shared range is readable by all and writable by none"),
	TORTURE_TEST(multi_all_or_nothing, "MS-SMB2 3.3.5.14.2; MS-SMB2 3.3.5.14.1",
	             "several elements: a conflict undoes the request's locks; one unlock for all"),
	TORTURE_TEST(multi_without_fail_immediately, "MS-SMB2 3.3.5.14.2",
	             "several elements without FAIL_IMMEDIATELY: INVALID_PARAMETER (SHOULD)"),
	TORTURE_TEST(invalid_flags, "MS-SMB2 2.2.26.1; MS-SMB2 3.3.5.14.1; MS-SMB2 3.3.5.14.2",
	             "UNLOCK with SHARED/EXCLUSIVE is INVALID_PARAMETER; other bad flags too (SHOULD)"),
	TORTURE_TEST(lock_series_with_unlock, "MS-SMB2 3.3.5.14.2",
	             "an UNLOCK in a lock series is INVALID_PARAMETER; earlier locks stay"),
	TORTURE_TEST(unlock_series_with_lock, "MS-SMB2 3.3.5.14.1",
	             "a lock in an unlock series is INVALID_PARAMETER; earlier unlocks stay"),
	TORTURE_TEST(lock_count_zero, "MS-SMB2 2.2.26; MS-SMB2 3.3.5.2.6",
	             "LockCount 0 is INVALID_PARAMETER"),
	TORTURE_TEST(lock_count_beyond_message, "MS-SMB2 2.2.26; MS-SMB2 3.3.5.2.6",
	             "LockCount larger than the elements sent is INVALID_PARAMETER"),
	TORTURE_TEST_RAW(lock_sequence_plain, "MS-SMB2 3.3.5.14; MS-SMB2 2.2.26",
	                 "2.1, plain open: the same LockSequence twice is processed twice"),
	TORTURE_TEST(lock_directory, "MS-FSA 2.1.5.8; MS-SMB2 3.3.5.14",
	             "a LOCK on a directory open is INVALID_PARAMETER"),
};

TORTURE_SUITE(lock_suite, "lock", "Byte-range locks: conflicts, unlocks, ranges, malformed",
              tests)
