/*
 * Reading a capture into the replay plan (replay_plan.c), from hand-made
 * messages: units and compound chains, responses matched by MessageId
 * (interim and final), session setup roles (logon, later rounds, failed,
 * reauthentication, binding), the captured dialect, trees and their
 * shares, dependency paths (CREATE names, FileIds, related chains, rename
 * targets), break notifications, resume keys, stream selection, path keys;
 * and the malformed twins: a request that does not decode (its field and
 * offset kept), one left encrypted, SMB1, a response that does not decode
 * or answers another command, responses to no request, damage events, a
 * chain whose members do not line up; a READ naming an RDMA channel is
 * kept (over TCP the server answers it as in the capture).
 */
#include "test_replay_run_util.h"

#include "wire/fileinfo.h"
#include "wire/fsctl.h"
#include "wire/rdma_desc.h"

struct fx {
	struct rr_report rep;
	struct rr_plan p;
	uint64_t frame;
	struct rt_conv c;
};

static int setup(void **state)
{
	struct fx *x = calloc(1, sizeof(*x));

	assert_non_null(x);
	rr_report_init(&x->rep);
	rr_plan_init(&x->p, NULL, 0, &x->rep);
	rt_conv_init(&x->c, &x->p, 0, &x->frame);
	*state = x;
	return 0;
}

static int teardown(void **state)
{
	struct fx *x = *state;

	rr_plan_free(&x->p);
	rr_report_free(&x->rep);
	free(x);
	return 0;
}

static void setup_round(struct rt_conv *c, uint64_t mid, uint64_t sid, uint8_t flags,
                        NTSTATUS st, uint64_t rsp_sid)
{
	struct smb2_msg m;

	rt_msg(&m, SMB2_SESSION_SETUP, mid);
	m.hdr.session_id = sid;
	m.u.session_setup_req.flags = flags;
	rt_send(c, &m);
	rt_rsp_of(&m, SMB2_SESSION_SETUP, mid, st);
	m.hdr.session_id = rsp_sid;
	if (st == STATUS_MORE_PROCESSING_REQUIRED)
		m.kind = SMB2_MSG_RSP(SMB2_SESSION_SETUP);
	rt_send(c, &m);
}

static void tree_connect(struct rt_conv *c, uint64_t mid, uint64_t sid, const char *unc,
                         uint32_t tid)
{
	uint8_t u[128];
	struct smb2_msg m;

	rt_msg(&m, SMB2_TREE_CONNECT, mid);
	m.hdr.session_id = sid;
	m.u.tree_connect_req.path = rt_u16(unc, u, sizeof(u));
	rt_send(c, &m);
	rt_rsp_of(&m, SMB2_TREE_CONNECT, mid, STATUS_SUCCESS);
	m.hdr.session_id = sid;
	m.hdr.tree_id = tid;
	m.u.tree_connect_rsp.share_type = SMB2_SHARE_TYPE_DISK;
	rt_send(c, &m);
}

static void create(struct rt_conv *c, uint64_t mid, uint32_t tid, const char *name,
                   uint64_t fid, NTSTATUS st)
{
	uint8_t u[256];
	struct smb2_msg m;

	rt_msg(&m, SMB2_CREATE, mid);
	m.hdr.session_id = 5;
	m.hdr.tree_id = tid;
	m.u.create_req.name = rt_u16(name, u, sizeof(u));
	m.u.create_req.impersonation_level = 2;
	rt_send(c, &m);
	rt_rsp_of(&m, SMB2_CREATE, mid, st);
	m.u.create_rsp.file_id = (struct smb2_fileid){ fid, fid + 0x100 };
	rt_send(c, &m);
}

static const struct rr_op *op_at(const struct fx *x, size_t i)
{
	assert_true(i < x->p.n_ops);
	return &x->p.ops[i];
}

static void test_session_setups(void **state)
{
	struct fx *x = *state;

	/* A logon in two rounds. */
	setup_round(&x->c, 1, 0, 0, STATUS_MORE_PROCESSING_REQUIRED, 5);
	setup_round(&x->c, 2, 5, 0, STATUS_SUCCESS, 5);
	/* A second session that fails. */
	setup_round(&x->c, 3, 0, 0, STATUS_MORE_PROCESSING_REQUIRED, 6);
	setup_round(&x->c, 4, 6, 0, STATUS_LOGON_FAILURE, 6);
	/* Reauthentication of the first; a binding. */
	setup_round(&x->c, 5, 5, 0, STATUS_SUCCESS, 5);
	setup_round(&x->c, 6, 5, SMB2_SESSION_FLAG_BINDING, STATUS_SUCCESS, 5);
	/* A capture that starts in the middle of a setup. */
	setup_round(&x->c, 7, 9, 0, STATUS_SUCCESS, 9);
	assert_int_equal(rr_plan_finish(&x->p), 0);
	assert_int_equal(x->p.n_ops, 7);
	assert_int_equal(op_at(x, 0)->setup, RR_SETUP_LOGIN);
	assert_int_equal(op_at(x, 0)->setup_sid, 5);
	assert_int_equal(op_at(x, 1)->setup, RR_SETUP_ROUND);
	assert_int_equal(op_at(x, 2)->setup, RR_SETUP_FAILED);
	assert_int_equal(op_at(x, 3)->setup, RR_SETUP_FAILED);
	assert_int_equal(op_at(x, 3)->plan_skip, RR_SKIP_SETUP_FAILED_CAP);
	assert_int_equal(op_at(x, 4)->setup, RR_SETUP_REAUTH);
	assert_int_equal(op_at(x, 4)->plan_skip, RR_SKIP_REAUTH);
	assert_int_equal(op_at(x, 5)->setup, RR_SETUP_BINDING);
	assert_int_equal(op_at(x, 6)->setup, RR_SETUP_LOGIN);
	assert_int_equal(op_at(x, 6)->setup_sid, 9);
	for (size_t i = 0; i < x->p.n_ops; i++) {
		assert_int_not_equal(op_at(x, i)->plan_skip, RR_SKIP_NONE);
		/* Nothing of a logon is kept to be sent. */
		assert_null(op_at(x, i)->raw);
	}
}

/* A setup whose last response is missing failed as far as we know. */
static void test_session_setup_unanswered(void **state)
{
	struct fx *x = *state;
	struct smb2_msg m;

	setup_round(&x->c, 1, 0, 0, STATUS_MORE_PROCESSING_REQUIRED, 5);
	rt_msg(&m, SMB2_SESSION_SETUP, 2);
	m.hdr.session_id = 5;
	rt_send(&x->c, &m);
	assert_int_equal(rr_plan_finish(&x->p), 0);
	assert_int_equal(op_at(x, 0)->setup, RR_SETUP_FAILED);
	assert_int_equal(op_at(x, 1)->setup, RR_SETUP_FAILED);
}

static void test_negotiate_dialect(void **state)
{
	struct fx *x = *state;
	struct smb2_msg m;

	/* The SMB2 answer to an SMB1 multi-protocol NEGOTIATE (which has no
	 * SMB2 request) is not a stray response. */
	rt_rsp_of(&m, SMB2_NEGOTIATE, 0, STATUS_SUCCESS);
	m.u.negotiate_rsp.dialect_revision = SMB2_DIALECT_WILDCARD;
	m.u.negotiate_rsp.max_read_size = m.u.negotiate_rsp.max_write_size = 65536;
	m.u.negotiate_rsp.max_transact_size = 65536;
	rt_send(&x->c, &m);
	assert_int_equal(x->p.stray, 0);
	assert_int_equal(x->p.n_ops, 0);
	rt_msg(&m, SMB2_NEGOTIATE, 0);
	m.u.negotiate_req.dialect_count = 2;
	m.u.negotiate_req.dialects[0] = SMB2_DIALECT_202;
	m.u.negotiate_req.dialects[1] = SMB2_DIALECT_WILDCARD;
	rt_send(&x->c, &m);
	rt_rsp_of(&m, SMB2_NEGOTIATE, 0, STATUS_SUCCESS);
	m.u.negotiate_rsp.dialect_revision = SMB2_DIALECT_WILDCARD;
	m.u.negotiate_rsp.max_read_size = m.u.negotiate_rsp.max_write_size = 65536;
	m.u.negotiate_rsp.max_transact_size = 65536;
	rt_send(&x->c, &m);
	assert_int_equal(x->p.streams[0].dialect, 0);   /* the wildcard chooses nothing */
	rt_msg(&m, SMB2_NEGOTIATE, 1);
	m.u.negotiate_req.dialect_count = 1;
	m.u.negotiate_req.dialects[0] = SMB2_DIALECT_302;
	rt_send(&x->c, &m);
	rt_rsp_of(&m, SMB2_NEGOTIATE, 1, STATUS_SUCCESS);
	m.u.negotiate_rsp.dialect_revision = SMB2_DIALECT_302;
	m.u.negotiate_rsp.max_read_size = m.u.negotiate_rsp.max_write_size = 65536;
	m.u.negotiate_rsp.max_transact_size = 65536;
	rt_send(&x->c, &m);
	assert_int_equal(x->p.streams[0].dialect, SMB2_DIALECT_302);
	assert_int_equal(x->p.streams[0].neg_op, 1);
	assert_int_equal(op_at(x, 1)->plan_skip, RR_SKIP_NEGOTIATE);
	assert_int_equal(x->p.stray, 0);
}

static void test_paths(void **state)
{
	struct fx *x = *state;
	uint8_t u[128], rb[256];
	struct smb2_fileinfo fi;
	struct smb2_msg m;
	struct wr w;

	/* IPC$ and a share that was refused do not make the main share. */
	tree_connect(&x->c, 20, 5, "\\\\Host\\IPC$", 3);
	{
		uint8_t u2[64];
		struct smb2_msg t;
		rt_msg(&t, SMB2_TREE_CONNECT, 21);
		t.u.tree_connect_req.path = rt_u16("\\\\Host\\Nope", u2, sizeof(u2));
		rt_send(&x->c, &t);
		rt_rsp_of(&t, SMB2_TREE_CONNECT, 21, STATUS_BAD_NETWORK_NAME);
		rt_send(&x->c, &t);
	}
	assert_int_equal(x->p.main_share, -1);
	tree_connect(&x->c, 1, 5, "\\\\Host\\Data", 7);
	assert_int_equal(x->p.main_share, 2);
	assert_string_equal(x->p.shares[x->p.main_share], "data");
	tree_connect(&x->c, 22, 5, "\\\\Host\\Other", 8);
	assert_int_equal(x->p.main_share, 2);
	create(&x->c, 2, 7, "Dir\\File.TXT", 0x10, STATUS_SUCCESS);
	create(&x->c, 3, 7, "", 0x20, STATUS_SUCCESS);
	create(&x->c, 4, 99, "elsewhere", 0x30, STATUS_SUCCESS);   /* unknown tree */
	assert_int_equal(x->p.n_shares, 4);
	assert_string_equal(x->p.shares[2], "data");
	assert_int_equal(op_at(x, 2)->share, 2);
	assert_string_equal(op_at(x, 4)->paths[0], "data:dir\\file.txt");
	assert_string_equal(op_at(x, 5)->paths[0], "data:");
	assert_null(op_at(x, 6)->paths[0]);

	/* READ on the file's FileId: its path. */
	rt_msg(&m, SMB2_READ, 5);
	m.hdr.tree_id = 7;
	m.u.read_req.file_id = (struct smb2_fileid){ 0x10, 0x110 };
	m.u.read_req.length = 10;
	rt_send(&x->c, &m);
	assert_string_equal(op_at(x, 7)->paths[0], "data:dir\\file.txt");
	assert_true(op_at(x, 7)->has_fid);
	assert_int_equal(op_at(x, 7)->fid.volatile_, 0x110);
	/* An unknown FileId: no path, but the id is kept for the skip. */
	m.hdr.message_id = 6;
	m.u.read_req.file_id = (struct smb2_fileid){ 1, 2 };
	rt_send(&x->c, &m);
	assert_null(op_at(x, 8)->paths[0]);
	assert_true(op_at(x, 8)->has_fid);

	/* A rename: its file and its target. */
	memset(&fi, 0, sizeof(fi));
	fi.cls = FILE_RENAME_INFORMATION;
	fi.u.rename.name = rt_u16("Dir\\New.txt", u, sizeof(u));
	wr_init(&w, sizeof(rb));
	assert_status(smb2_fileinfo_encode(&w, &fi), STATUS_SUCCESS);
	rt_msg(&m, SMB2_SET_INFO, 7);
	m.hdr.tree_id = 7;
	m.u.set_info_req.info_type = SMB2_0_INFO_FILE;
	m.u.set_info_req.file_info_class = FILE_RENAME_INFORMATION;
	m.u.set_info_req.file_id = (struct smb2_fileid){ 0x10, 0x110 };
	m.u.set_info_req.buffer = (struct smb2_blob){ w.buf, (uint32_t)w.len };
	rt_send(&x->c, &m);
	wr_free(&w);
	assert_string_equal(op_at(x, 9)->paths[0], "data:dir\\file.txt");
	assert_string_equal(op_at(x, 9)->paths[1], "data:dir\\new.txt");

	/* A related chain: CREATE, QUERY_INFO and CLOSE on FileId ANY. */
	struct smb2_fileid any = { SMB2_FILEID_ANY, SMB2_FILEID_ANY };
	rt_msg(&m, SMB2_CREATE, 8);
	m.hdr.tree_id = 7;
	m.u.create_req.name = rt_u16("x", u, sizeof(u));
	rt_send_part(&x->c, &m, 0, 3);
	rt_msg(&m, SMB2_QUERY_INFO, 9);
	m.hdr.tree_id = 7;
	m.u.query_info_req.info_type = SMB2_0_INFO_FILE;
	m.u.query_info_req.file_info_class = FILE_ALL_INFORMATION;
	m.u.query_info_req.file_id = any;
	rt_send_part(&x->c, &m, 1, 3);
	rt_msg(&m, SMB2_CLOSE, 10);
	m.hdr.tree_id = 7;
	m.u.close_req.file_id = any;
	rt_send_part(&x->c, &m, 2, 3);
	assert_string_equal(op_at(x, 11)->paths[0], "data:x");
	assert_string_equal(op_at(x, 12)->paths[0], "data:x");
	assert_false(op_at(x, 11)->has_fid);
	assert_int_equal(op_at(x, 11)->rctx.info_class, FILE_ALL_INFORMATION);
	assert_int_equal(op_at(x, 11)->unit, op_at(x, 10)->unit);
	assert_int_equal(x->p.units[op_at(x, 10)->unit].n, 3);
	assert_true(op_at(x, 12)->related);
	assert_false(op_at(x, 10)->related);
}

static void test_path_keys(void **state)
{
	uint8_t u[64];
	struct smb2_blob b = rt_u16("\\A/b\\C.d\\", u, sizeof(u));
	char *k, *p;
	static const uint8_t bad[] = { 0x00, 0xD8, 'a', 0 };   /* a lone surrogate */

	(void)state;
	k = rr_path_key("share", b.p, b.len);
	assert_string_equal(k, "share:a\\b\\c.d");
	p = rr_path_parent(k);
	assert_string_equal(p, "share:a\\b");
	free(p);
	p = rr_path_parent("share:a");
	assert_string_equal(p, "share:");
	free(p);
	assert_null(rr_path_parent("share:"));
	free(k);
	/* Twin: a name that is not UTF-16 has no key. */
	assert_null(rr_path_key("share", bad, sizeof(bad)));
}

static void test_responses(void **state)
{
	struct fx *x = *state;
	struct smb2_msg m;

	tree_connect(&x->c, 1, 5, "\\\\h\\s", 7);
	/* CHANGE_NOTIFY: an interim STATUS_PENDING, then the final answer. */
	rt_msg(&m, SMB2_CHANGE_NOTIFY, 2);
	m.hdr.tree_id = 7;
	m.u.change_notify_req.file_id = (struct smb2_fileid){ 1, 1 };
	rt_send(&x->c, &m);
	rt_rsp_of(&m, SMB2_CHANGE_NOTIFY, 2, STATUS_PENDING);
	m.hdr.flags |= SMB2_FLAGS_ASYNC_COMMAND;
	m.hdr.async_id = 0x77;
	rt_send(&x->c, &m);
	assert_true(op_at(x, 1)->has_interim);
	assert_false(op_at(x, 1)->has_rsp);
	assert_int_equal(op_at(x, 1)->cap_async_id, 0x77);
	rt_rsp_of(&m, SMB2_CHANGE_NOTIFY, 2, STATUS_CANCELLED);
	m.hdr.flags |= SMB2_FLAGS_ASYNC_COMMAND;
	m.hdr.async_id = 0x77;
	rt_send(&x->c, &m);
	assert_true(op_at(x, 1)->has_rsp);
	assert_true(op_at(x, 1)->cap_ok);
	assert_int_equal(op_at(x, 1)->cap.status, STATUS_CANCELLED);
	assert_true(op_at(x, 1)->interim_seq < op_at(x, 1)->rsp_seq);
	/* Twins: a second final answer and an answer to no request. */
	rt_send(&x->c, &m);
	rt_rsp_of(&m, SMB2_ECHO, 50, STATUS_SUCCESS);
	rt_send(&x->c, &m);
	assert_int_equal(x->p.stray, 2);
	/* A CANCEL keeps its target's MessageId mapped to the target. */
	rt_msg(&m, SMB2_CANCEL, 2);
	rt_send(&x->c, &m);
	const struct rr_map_val *v = rr_map_get(&x->p.streams[0].mids, 2, 0);
	assert_non_null(v);
	assert_int_equal(v->a, 1);
	/* A resume key. */
	rt_msg(&m, SMB2_IOCTL, 3);
	m.u.ioctl_req.ctl_code = FSCTL_SRV_REQUEST_RESUME_KEY;
	m.u.ioctl_req.file_id = (struct smb2_fileid){ 1, 1 };
	rt_send(&x->c, &m);
	uint8_t key[32];
	memset(key, 0xAB, sizeof(key));
	rt_rsp_of(&m, SMB2_IOCTL, 3, STATUS_SUCCESS);
	m.u.ioctl_rsp.ctl_code = FSCTL_SRV_REQUEST_RESUME_KEY;
	m.u.ioctl_rsp.output = (struct smb2_blob){ key, 32 };
	rt_send(&x->c, &m);
	assert_true(op_at(x, 3)->has_resume_key);
	assert_int_equal(op_at(x, 3)->resume_key[23], 0xAB);
	/* A break notification. */
	rt_rsp_of(&m, SMB2_OPLOCK_BREAK, UINT64_MAX, STATUS_SUCCESS);
	m.u.oplock_break_rsp.kind = SMB2_BREAK_OPLOCK;
	m.u.oplock_break_rsp.oplock_level = SMB2_OPLOCK_LEVEL_II;
	m.u.oplock_break_rsp.file_id = (struct smb2_fileid){ 1, 1 };
	rt_send(&x->c, &m);
	assert_int_equal(x->p.n_notifs, 1);
	assert_int_equal(x->p.notifs[0].brk.oplock_level, SMB2_OPLOCK_LEVEL_II);
	assert_int_equal(x->p.notifs[0].frame, x->frame);
}

/* Twins: a response that does not decode, or answers another command. */
static void test_bad_responses(void **state)
{
	struct fx *x = *state;
	struct smb2_msg m;
	struct wr w;

	tree_connect(&x->c, 1, 5, "\\\\h\\s", 7);
	rt_msg(&m, SMB2_READ, 2);
	m.u.read_req.length = 4;
	rt_send(&x->c, &m);
	rt_rsp_of(&m, SMB2_READ, 2, STATUS_SUCCESS);
	wr_init(&w, 1024);
	assert_status(smb2_msg_encode(&w, &m), STATUS_SUCCESS);
	put_le32(w.buf + SMB2_HDR_SIZE + 4, 0x100000);   /* DataLength past the end */
	x->frame++;
	assert_status(rt_msg_event(&x->p, 0, false, w.buf, w.len, x->frame, 0, 0, 1, 0),
	              STATUS_SUCCESS);
	wr_free(&w);
	assert_true(op_at(x, 1)->has_rsp);
	assert_false(op_at(x, 1)->cap_ok);
	assert_non_null(strstr(op_at(x, 1)->cap_note, "does not decode"));
	assert_non_null(strstr(op_at(x, 1)->cap_note, "READ."));

	rt_msg(&m, SMB2_WRITE, 3);
	rt_send(&x->c, &m);
	rt_rsp_of(&m, SMB2_FLUSH, 3, STATUS_SUCCESS);
	rt_send(&x->c, &m);
	assert_false(op_at(x, 2)->cap_ok);
	assert_non_null(strstr(op_at(x, 2)->cap_note, "is a FLUSH, not a WRITE response"));
}

/* Twins: requests the replay cannot send. */
static void test_unreadable_requests(void **state)
{
	struct fx *x = *state;
	struct rp_message *msg = calloc(1, sizeof(*msg));
	struct rp_event ev = { RP_EV_MESSAGE, msg, NULL };
	uint8_t bytes[64] = { 0 };
	struct smb2_msg m;
	struct wr w;

	assert_non_null(msg);
	/* A CREATE whose name runs past its end. */
	rt_msg(&m, SMB2_CREATE, 1);
	m.u.create_req.name = rt_u16("abc", bytes, sizeof(bytes));
	wr_init(&w, 1024);
	assert_status(smb2_msg_encode(&w, &m), STATUS_SUCCESS);
	put_le16(w.buf + SMB2_HDR_SIZE + 46, 200);   /* NameLength */
	assert_status(rt_msg_event(&x->p, 0, true, w.buf, w.len, 1, 0, 0, 1, 0), STATUS_SUCCESS);
	wr_free(&w);
	assert_int_equal(op_at(x, 0)->plan_skip, RR_SKIP_UNDECODABLE);
	assert_int_equal(op_at(x, 0)->command, SMB2_CREATE);
	assert_int_equal(op_at(x, 0)->mid, 1);
	assert_non_null(strstr(op_at(x, 0)->detail, "CREATE.Name"));
	assert_non_null(strstr(op_at(x, 0)->detail, "offset"));
	assert_null(op_at(x, 0)->raw);

	/* Left encrypted; SMB1; compressed. */
	rt_stream_info(0, &msg->stream);
	msg->dir = RP_DIR_C2S;
	msg->type = RP_MSG_ENCRYPTED;
	msg->raw = bytes;
	msg->raw_len = sizeof(bytes);
	msg->encrypted = true;
	msg->crypt_status = STATUS_NOT_FOUND;
	msg->transform.session_id = 0x1234;
	assert_int_equal(rr_plan_add_event(&x->p, &ev), 0);
	assert_int_equal(op_at(x, 1)->plan_skip, RR_SKIP_ENCRYPTED);
	assert_int_equal(op_at(x, 1)->command, RR_CMD_NONE);
	assert_non_null(strstr(op_at(x, 1)->detail, "0x0000000000001234"));
	assert_non_null(strstr(op_at(x, 1)->detail, "no key"));
	msg->type = RP_MSG_SMB1_NEGOTIATE;
	assert_int_equal(rr_plan_add_event(&x->p, &ev), 0);
	assert_int_equal(op_at(x, 2)->plan_skip, RR_SKIP_SMB1);
	msg->type = RP_MSG_COMPRESSED;
	assert_int_equal(rr_plan_add_event(&x->p, &ev), 0);
	assert_int_equal(op_at(x, 3)->plan_skip, RR_SKIP_COMPRESSED);

	/* A READ naming an RDMA channel came over TCP: sent as captured. */
	rt_msg(&m, SMB2_READ, 2);
	m.u.read_req.channel = SMB2_CHANNEL_RDMA_V1;
	m.u.read_req.rdma.descs.count = 1;
	m.u.read_req.rdma.descs.desc[0].length = 10;
	rt_send(&x->c, &m);
	assert_int_equal(op_at(x, 4)->plan_skip, RR_SKIP_NONE);
	assert_non_null(op_at(x, 4)->raw);

	/* A message with a response header from the client side. */
	rt_rsp_of(&m, SMB2_ECHO, 3, STATUS_SUCCESS);
	wr_init(&w, 1024);
	assert_status(smb2_msg_encode(&w, &m), STATUS_SUCCESS);
	assert_status(rt_msg_event(&x->p, 0, true, w.buf, w.len, 9, 0, 0, 1, 0), STATUS_SUCCESS);
	wr_free(&w);
	assert_int_equal(op_at(x, 5)->plan_skip, RR_SKIP_UNDECODABLE);
	free(msg);
}

/* Twin: chain members that do not line up start units of their own. */
static void test_chain_mismatch(void **state)
{
	struct fx *x = *state;
	struct smb2_msg m;

	rt_msg(&m, SMB2_ECHO, 1);
	rt_send_part(&x->c, &m, 0, 2);
	/* The second member arrives with another frame offset. */
	x->c.off[1] += 8;
	rt_msg(&m, SMB2_ECHO, 2);
	rt_send_part(&x->c, &m, 1, 2);
	assert_int_equal(x->p.n_units, 2);
	/* A member index that skips one. */
	rt_msg(&m, SMB2_ECHO, 3);
	rt_send_part(&x->c, &m, 0, 3);
	rt_msg(&m, SMB2_ECHO, 4);
	rt_send_part(&x->c, &m, 2, 3);
	assert_int_equal(x->p.n_units, 4);
}

static void test_damage_and_selection(void **state)
{
	struct fx *x = *state;
	static const uint32_t sel[] = { 1 };
	struct rp_damage d;
	struct rp_event ev = { RP_EV_DAMAGE, NULL, &d };
	struct rt_conv c1;
	struct smb2_msg m;

	memset(&d, 0, sizeof(d));
	d.kind = RP_DMG_GAP;
	d.frame = 12;
	d.has_stream = true;
	rt_stream_info(1, &d.stream);
	snprintf(d.what, sizeof(d.what), "100 bytes missing");
	rr_plan_free(&x->p);
	rr_plan_init(&x->p, sel, 1, &x->rep);
	assert_int_equal(rr_plan_add_event(&x->p, &ev), 0);
	assert_int_equal(x->p.damage, 1);
	assert_int_equal(x->rep.n_notes, 1);
	assert_int_equal(x->rep.notes[0].at.frame, 12);
	assert_string_equal(x->rep.notes[0].reason, "damage");
	assert_non_null(strstr(x->rep.notes[0].text, "100 bytes missing"));
	/* Damage on a stream that is not replayed is counted, not listed. */
	rt_stream_info(0, &d.stream);
	assert_int_equal(rr_plan_add_event(&x->p, &ev), 0);
	assert_int_equal(x->p.damage, 2);
	assert_int_equal(x->rep.n_notes, 1);

	rt_conv_init(&x->c, &x->p, 0, &x->frame);
	rt_conv_init(&c1, &x->p, 1, &x->frame);
	rt_msg(&m, SMB2_ECHO, 1);
	rt_send(&x->c, &m);
	rt_send(&c1, &m);
	assert_int_equal(x->p.n_ops, 1);
	assert_int_equal(x->p.n_streams, 1);
	assert_int_equal(x->p.streams[0].info.index, 1);
	/* Still counted in capture order. */
	assert_int_equal(x->p.seq, 2);
	assert_int_equal(op_at(x, 0)->seq, 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_session_setups, setup, teardown),
		cmocka_unit_test_setup_teardown(test_session_setup_unanswered, setup, teardown),
		cmocka_unit_test_setup_teardown(test_negotiate_dialect, setup, teardown),
		cmocka_unit_test_setup_teardown(test_paths, setup, teardown),
		cmocka_unit_test(test_path_keys),
		cmocka_unit_test_setup_teardown(test_responses, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_responses, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unreadable_requests, setup, teardown),
		cmocka_unit_test_setup_teardown(test_chain_mismatch, setup, teardown),
		cmocka_unit_test_setup_teardown(test_damage_and_selection, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
