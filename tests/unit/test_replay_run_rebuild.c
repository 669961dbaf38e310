/*
 * A captured request rebuilt for the target (replay_rebuild.c), for every
 * command the client sends: the session and tree the replay made for the
 * captured ids, FileIds replaced (the related-compound ANY kept, also the
 * all-ones session and tree of a related member), TREE_CONNECT paths
 * pointed at the target (IPC$ kept), lease keys, parent lease keys,
 * CreateGuids and AppInstanceIds fresh and consistent, durable reconnects
 * and break acknowledgements mapped, VALIDATE_NEGOTIATE_INFO rebuilt from
 * the replay's own NEGOTIATE (and signed), DFS referral paths and
 * COPYCHUNK source keys mapped, the payload for the credit charge, flags
 * kept.  The captured bytes with the same ids patched in (what goes on
 * the wire when the library's encoding has their length: a zero-length
 * WRITE keeps the value of its one Buffer byte), put back by the pre-send hook, signed again,
 * also for a compound member.  Malformed twins: each id that maps to
 * nothing (unknown or failed session, tree, FileId; unknown lease key;
 * resume key) gives its reason, a copy that does not decode gives
 * UNDECODABLE; a frame of another length or command is left as the
 * library made it; a rewritten path rules the captured bytes out.
 */
#include "test_replay_run_util.h"

#include "crypto/sign.h"
#include "wire/fsctl.h"

#define SID 0x55
#define TID 7
#define FID_CAP 0x10
#define FID_REP 0x9000

struct fx {
	struct rr_report rep;
	struct rr_plan p;
	uint64_t frame;
	struct rt_conv c;
	struct rr_options o;
	struct rr_engine e;
	struct cli_conn *conn;
	struct cli_session *sess;
	struct cli_tree *tree;
	struct rr_built b;
	char detail[RR_VALUE_TEXT];
};

static int setup(void **state)
{
	struct fx *x = calloc(1, sizeof(*x));
	struct smb2_fileid cap = { FID_CAP, FID_CAP + 1 }, rep = { FID_REP, FID_REP + 1 };
	struct rr_stream *s;
	uint8_t u[64];
	struct smb2_msg m;

	assert_non_null(x);
	rr_report_init(&x->rep);
	rr_plan_init(&x->p, NULL, 0, &x->rep);
	rt_conv_init(&x->c, &x->p, 0, &x->frame);
	rt_options(&x->o);
	strcpy(x->o.host, "target.example");
	strcpy(x->o.share, "Data");
	memset(&x->e, 0, sizeof(x->e));
	x->e.plan = &x->p;
	x->e.o = &x->o;
	rr_map_init(&x->e.leases);
	rr_map_init(&x->e.guids);
	rr_map_init(&x->e.appids);

	/* The capture: a tree, a CREATE that returned FID_CAP. */
	rt_msg(&m, SMB2_TREE_CONNECT, 1);
	m.hdr.session_id = SID;
	m.u.tree_connect_req.path = rt_u16("\\\\host\\share", u, sizeof(u));
	rt_send(&x->c, &m);
	rt_rsp_of(&m, SMB2_TREE_CONNECT, 1, STATUS_SUCCESS);
	m.hdr.tree_id = TID;
	rt_send(&x->c, &m);
	rt_msg(&m, SMB2_CREATE, 2);
	m.hdr.session_id = SID;
	m.hdr.tree_id = TID;
	m.u.create_req.name = rt_u16("f", u, sizeof(u));
	rt_send(&x->c, &m);
	rt_rsp_of(&m, SMB2_CREATE, 2, STATUS_SUCCESS);
	m.u.create_rsp.file_id = cap;
	rt_send(&x->c, &m);

	/* The replay's own: a connection, a session, a tree, the FileId. */
	x->conn = calloc(1, sizeof(*x->conn));
	x->sess = calloc(1, sizeof(*x->sess));
	x->tree = calloc(1, sizeof(*x->tree));
	assert_non_null(x->conn);
	assert_non_null(x->sess);
	assert_non_null(x->tree);
	x->conn->capabilities = SMB2_GLOBAL_CAP_LARGE_MTU;
	x->conn->security_mode = SMB2_NEGOTIATE_SIGNING_ENABLED;
	memset(x->conn->client_guid, 0xC1, 16);
	x->conn->dialect_count = 2;
	x->conn->dialects[0] = SMB2_DIALECT_300;
	x->conn->dialects[1] = SMB2_DIALECT_302;
	x->sess->conn = x->conn;
	x->sess->id = 0x777;
	x->tree->sess = x->sess;
	x->tree->id = 0x42;
	s = &x->p.streams[0];
	s->conn = x->conn;
	assert_int_equal(rr_sess_put(s, SID, x->sess), 0);
	assert_int_equal(rr_tree_put(s, TID, x->tree), 0);
	assert_int_equal(rr_fid_put(s, cap, &rep), 0);
	*state = x;
	return 0;
}

static int teardown(void **state)
{
	struct fx *x = *state;

	rr_built_free(&x->b);
	x->p.streams[0].conn = NULL;
	rr_plan_free(&x->p);
	rr_report_free(&x->rep);
	rr_map_free(&x->e.leases);
	rr_map_free(&x->e.guids);
	rr_map_free(&x->e.appids);
	free(x->e.resume);
	free(x->tree);
	free(x->sess);
	free(x->conn);
	free(x);
	return 0;
}

/* Send m (session SID, tree TID unless set) into the capture and rebuild
 * it; prev: the chain's previous member. */
static enum rr_skip rebuild(struct fx *x, struct smb2_msg *m, const struct rr_built *prev)
{
	if (!m->hdr.session_id)
		m->hdr.session_id = SID;
	if (!m->hdr.tree_id)
		m->hdr.tree_id = TID;
	rt_send(&x->c, m);
	rr_built_free(&x->b);
	return rr_rebuild(&x->e, &x->p.streams[0], &x->p.ops[x->p.n_ops - 1], prev, &x->b,
	                  x->detail, sizeof(x->detail));
}

static const struct smb2_fileid cap_fid = { FID_CAP, FID_CAP + 1 };

static void expect_mapped(const struct smb2_fileid *f)
{
	assert_int_equal(f->persistent, FID_REP);
	assert_int_equal(f->volatile_, FID_REP + 1);
}

static void test_file_commands(void **state)
{
	struct fx *x = *state;
	static uint8_t data[70000];
	struct smb2_msg m;

	rt_msg(&m, SMB2_READ, 10);
	m.u.read_req.file_id = cap_fid;
	m.u.read_req.length = 200000;
	m.u.read_req.offset = 5;
	m.hdr.flags = SMB2_FLAGS_DFS_OPERATIONS | SMB2_FLAGS_SIGNED;
	assert_int_equal(rebuild(x, &m, NULL), RR_SKIP_NONE);
	expect_mapped(&x->b.m->u.read_req.file_id);
	assert_int_equal(x->b.m->u.read_req.offset, 5);
	assert_int_equal(x->b.payload, 200000);
	assert_ptr_equal(x->b.sess, x->sess);
	assert_ptr_equal(x->b.tree, x->tree);
	/* DFS kept; SIGNED is the library's to set. */
	assert_int_equal(x->b.m->hdr.flags, SMB2_FLAGS_DFS_OPERATIONS);
	assert_false(x->b.sign);

	rt_msg(&m, SMB2_WRITE, 11);
	m.u.write_req.file_id = cap_fid;
	m.u.write_req.data = (struct smb2_blob){ data, sizeof(data) };
	assert_int_equal(rebuild(x, &m, NULL), RR_SKIP_NONE);
	expect_mapped(&x->b.m->u.write_req.file_id);
	assert_int_equal(x->b.payload, sizeof(data));
	assert_int_equal(x->b.m->u.write_req.data.len, sizeof(data));

	rt_msg(&m, SMB2_CLOSE, 12);
	m.u.close_req.file_id = cap_fid;
	m.u.close_req.flags = SMB2_CLOSE_FLAG_POSTQUERY_ATTRIB;
	assert_int_equal(rebuild(x, &m, NULL), RR_SKIP_NONE);
	expect_mapped(&x->b.m->u.close_req.file_id);
	assert_int_equal(x->b.m->u.close_req.flags, SMB2_CLOSE_FLAG_POSTQUERY_ATTRIB);

	rt_msg(&m, SMB2_FLUSH, 13);
	m.u.flush_req.file_id = cap_fid;
	assert_int_equal(rebuild(x, &m, NULL), RR_SKIP_NONE);
	expect_mapped(&x->b.m->u.flush_req.file_id);

	rt_msg(&m, SMB2_LOCK, 14);
	m.u.lock_req.file_id = cap_fid;
	m.u.lock_req.lock_count = 1;
	m.u.lock_req.locks[0] = (struct smb2_lock_element){ 1, 2, SMB2_LOCKFLAG_SHARED_LOCK };
	assert_int_equal(rebuild(x, &m, NULL), RR_SKIP_NONE);
	expect_mapped(&x->b.m->u.lock_req.file_id);
	assert_int_equal(x->b.m->u.lock_req.locks[0].length, 2);

	rt_msg(&m, SMB2_QUERY_DIRECTORY, 15);
	m.u.query_directory_req.file_id = cap_fid;
	m.u.query_directory_req.output_buffer_length = 65536 * 3;
	m.u.query_directory_req.file_info_class = 37;
	assert_int_equal(rebuild(x, &m, NULL), RR_SKIP_NONE);
	expect_mapped(&x->b.m->u.query_directory_req.file_id);
	assert_int_equal(x->b.payload, 65536 * 3);

	rt_msg(&m, SMB2_CHANGE_NOTIFY, 16);
	m.u.change_notify_req.file_id = cap_fid;
	m.u.change_notify_req.output_buffer_length = 4096;
	assert_int_equal(rebuild(x, &m, NULL), RR_SKIP_NONE);
	expect_mapped(&x->b.m->u.change_notify_req.file_id);
	assert_int_equal(x->b.payload, 4096);

	rt_msg(&m, SMB2_QUERY_INFO, 17);
	m.u.query_info_req.file_id = cap_fid;
	m.u.query_info_req.info_type = SMB2_0_INFO_FILE;
	m.u.query_info_req.file_info_class = 18;
	m.u.query_info_req.output_buffer_length = 100;
	m.u.query_info_req.input = (struct smb2_blob){ data, 300 };
	assert_int_equal(rebuild(x, &m, NULL), RR_SKIP_NONE);
	expect_mapped(&x->b.m->u.query_info_req.file_id);
	assert_int_equal(x->b.payload, 300);

	rt_msg(&m, SMB2_SET_INFO, 18);
	m.u.set_info_req.file_id = cap_fid;
	m.u.set_info_req.info_type = SMB2_0_INFO_FILE;
	m.u.set_info_req.file_info_class = 20;
	m.u.set_info_req.buffer = (struct smb2_blob){ data, 8 };
	assert_int_equal(rebuild(x, &m, NULL), RR_SKIP_NONE);
	expect_mapped(&x->b.m->u.set_info_req.file_id);
	assert_int_equal(x->b.payload, 8);

	rt_msg(&m, SMB2_OPLOCK_BREAK, 19);
	m.u.oplock_break_req.kind = SMB2_BREAK_OPLOCK_ACK;
	m.u.oplock_break_req.oplock_level = SMB2_OPLOCK_LEVEL_II;
	m.u.oplock_break_req.file_id = cap_fid;
	assert_int_equal(rebuild(x, &m, NULL), RR_SKIP_NONE);
	expect_mapped(&x->b.m->u.oplock_break_req.file_id);
	assert_int_equal(x->b.m->u.oplock_break_req.oplock_level, SMB2_OPLOCK_LEVEL_II);

	/* Treeless commands go without a tree. */
	rt_msg(&m, SMB2_ECHO, 20);
	assert_int_equal(rebuild(x, &m, NULL), RR_SKIP_NONE);
	assert_null(x->b.tree);
	assert_ptr_equal(x->b.sess, x->sess);
	rt_msg(&m, SMB2_LOGOFF, 21);
	assert_int_equal(rebuild(x, &m, NULL), RR_SKIP_NONE);
	assert_null(x->b.tree);
	rt_msg(&m, SMB2_TREE_DISCONNECT, 22);
	assert_int_equal(rebuild(x, &m, NULL), RR_SKIP_NONE);
	assert_ptr_equal(x->b.tree, x->tree);
	/* An ECHO outside any session. */
	rt_msg(&m, SMB2_ECHO, 23);
	m.hdr.session_id = 0;
	rt_send(&x->c, &m);
	rr_built_free(&x->b);
	assert_int_equal(rr_rebuild(&x->e, &x->p.streams[0], &x->p.ops[x->p.n_ops - 1], NULL,
	                            &x->b, x->detail, sizeof(x->detail)),
	                 RR_SKIP_NONE);
	assert_null(x->b.sess);
}

static void test_tree_connect(void **state)
{
	struct fx *x = *state;
	uint8_t u[64];
	char out[128];
	size_t n;
	struct smb2_msg m;

	rt_msg(&m, SMB2_TREE_CONNECT, 30);
	m.u.tree_connect_req.path = rt_u16("\\\\host\\share", u, sizeof(u));
	assert_int_equal(rebuild(x, &m, NULL), RR_SKIP_NONE);
	assert_null(x->b.tree);
	assert_int_equal(utf16le_to_utf8(x->b.m->u.tree_connect_req.path.p,
	                                 x->b.m->u.tree_connect_req.path.len, out, sizeof(out), &n),
	                 STATUS_SUCCESS);
	assert_string_equal(out, "\\\\target.example\\Data");
	rt_msg(&m, SMB2_TREE_CONNECT, 31);
	m.u.tree_connect_req.path = rt_u16("\\\\10.0.0.1\\IPC$", u, sizeof(u));
	assert_int_equal(rebuild(x, &m, NULL), RR_SKIP_NONE);
	assert_int_equal(utf16le_to_utf8(x->b.m->u.tree_connect_req.path.p,
	                                 x->b.m->u.tree_connect_req.path.len, out, sizeof(out), &n),
	                 STATUS_SUCCESS);
	assert_string_equal(out, "\\\\target.example\\IPC$");
	/* Not \\host\share at all: the target's share. */
	rt_msg(&m, SMB2_TREE_CONNECT, 32);
	m.u.tree_connect_req.path = rt_u16("share", u, sizeof(u));
	assert_int_equal(rebuild(x, &m, NULL), RR_SKIP_NONE);
	assert_int_equal(utf16le_to_utf8(x->b.m->u.tree_connect_req.path.p,
	                                 x->b.m->u.tree_connect_req.path.len, out, sizeof(out), &n),
	                 STATUS_SUCCESS);
	assert_string_equal(out, "\\\\target.example\\Data");
	/* Another share than the one the capture connected to keeps its name
	 * (a capture asking for a share that does not exist asks again). */
	rt_msg(&m, SMB2_TREE_CONNECT, 34);
	m.u.tree_connect_req.path = rt_u16("\\\\host\\NoSuchShare", u, sizeof(u));
	assert_int_equal(rebuild(x, &m, NULL), RR_SKIP_NONE);
	assert_int_equal(utf16le_to_utf8(x->b.m->u.tree_connect_req.path.p,
	                                 x->b.m->u.tree_connect_req.path.len, out, sizeof(out), &n),
	                 STATUS_SUCCESS);
	assert_string_equal(out, "\\\\target.example\\NoSuchShare");
	/* With no disk share connected in the capture, any maps to --target's. */
	x->p.main_share = -1;
	rt_msg(&m, SMB2_TREE_CONNECT, 35);
	m.u.tree_connect_req.path = rt_u16("\\\\host\\NoSuchShare", u, sizeof(u));
	assert_int_equal(rebuild(x, &m, NULL), RR_SKIP_NONE);
	assert_int_equal(utf16le_to_utf8(x->b.m->u.tree_connect_req.path.p,
	                                 x->b.m->u.tree_connect_req.path.len, out, sizeof(out), &n),
	                 STATUS_SUCCESS);
	assert_string_equal(out, "\\\\target.example\\Data");
	/* Twin: a path that is not UTF-16. */
	static const uint8_t bad[] = { 0x00, 0xDC, 'a', 0 };
	rt_msg(&m, SMB2_TREE_CONNECT, 33);
	m.u.tree_connect_req.path = (struct smb2_blob){ bad, sizeof(bad) };
	assert_int_equal(rebuild(x, &m, NULL), RR_SKIP_UNDECODABLE);
	assert_non_null(strstr(x->detail, "UTF-16"));
}

static void test_create_contexts(void **state)
{
	struct fx *x = *state;
	uint8_t u[16], key[16], parent[16], guid[16], app[16], first[16], first_guid[16];
	struct smb2_create_ctx *cx;
	struct smb2_msg m;

	memset(key, 0xA1, 16);
	memset(parent, 0xA2, 16);
	memset(guid, 0xA3, 16);
	memset(app, 0xA4, 16);
	rt_msg(&m, SMB2_CREATE, 40);
	m.u.create_req.name = rt_u16("g", u, sizeof(u));
	m.u.create_req.requested_oplock_level = SMB2_OPLOCK_LEVEL_LEASE;
	cx = m.u.create_req.contexts.ctx;
	cx[0].type = SMB2_CCTX_RQLS;
	cx[0].u.lease.version = 2;
	memcpy(cx[0].u.lease.key, key, 16);
	memcpy(cx[0].u.lease.parent_key, parent, 16);
	cx[0].u.lease.flags = SMB2_LEASE_FLAG_PARENT_LEASE_KEY_SET;
	cx[0].u.lease.state = 7;
	cx[1].type = SMB2_CCTX_DH2Q;
	memcpy(cx[1].u.dh2q.create_guid, guid, 16);
	cx[1].u.dh2q.timeout = 1000;
	cx[2].type = SMB2_CCTX_APP_INSTANCE_ID;
	cx[2].u.app_instance_id.structure_size = 20;
	memcpy(cx[2].u.app_instance_id.id, app, 16);
	cx[3].type = SMB2_CCTX_MXAC;
	m.u.create_req.contexts.count = 4;
	assert_int_equal(rebuild(x, &m, NULL), RR_SKIP_NONE);
	cx = x->b.m->u.create_req.contexts.ctx;
	assert_int_equal(x->b.m->u.create_req.contexts.count, 4);
	assert_memory_not_equal(cx[0].u.lease.key, key, 16);
	assert_memory_not_equal(cx[0].u.lease.parent_key, parent, 16);
	assert_memory_not_equal(cx[0].u.lease.key, cx[0].u.lease.parent_key, 16);
	assert_int_equal(cx[0].u.lease.state, 7);
	assert_memory_not_equal(cx[1].u.dh2q.create_guid, guid, 16);
	assert_int_equal(cx[1].u.dh2q.timeout, 1000);
	assert_memory_not_equal(cx[2].u.app_instance_id.id, app, 16);
	memcpy(first, cx[0].u.lease.key, 16);
	memcpy(first_guid, cx[1].u.dh2q.create_guid, 16);

	/* The same lease key again: the same fresh key.  A reconnect with
	 * the CreateGuid and the FileId: both mapped. */
	rt_msg(&m, SMB2_CREATE, 41);
	m.u.create_req.name = rt_u16("g", u, sizeof(u));
	cx = m.u.create_req.contexts.ctx;
	cx[0].type = SMB2_CCTX_RQLS;
	cx[0].u.lease.version = 1;
	memcpy(cx[0].u.lease.key, key, 16);
	cx[1].type = SMB2_CCTX_DH2C;
	cx[1].u.dh2c.file_id = cap_fid;
	memcpy(cx[1].u.dh2c.create_guid, guid, 16);
	cx[2].type = SMB2_CCTX_DHNC;
	cx[2].u.dhnc = cap_fid;
	m.u.create_req.contexts.count = 3;
	assert_int_equal(rebuild(x, &m, NULL), RR_SKIP_NONE);
	cx = x->b.m->u.create_req.contexts.ctx;
	assert_memory_equal(cx[0].u.lease.key, first, 16);
	assert_memory_equal(cx[1].u.dh2c.create_guid, first_guid, 16);
	expect_mapped(&cx[1].u.dh2c.file_id);
	expect_mapped(&cx[2].u.dhnc);

	/* A lease acknowledgement names the fresh key. */
	rt_msg(&m, SMB2_OPLOCK_BREAK, 42);
	m.u.oplock_break_req.kind = SMB2_BREAK_LEASE_ACK;
	memcpy(m.u.oplock_break_req.lease_key, key, 16);
	m.u.oplock_break_req.lease_state = 1;
	assert_int_equal(rebuild(x, &m, NULL), RR_SKIP_NONE);
	assert_memory_equal(x->b.m->u.oplock_break_req.lease_key, first, 16);
	assert_int_equal(x->b.m->u.oplock_break_req.lease_state, 1);

	/* Twins: an acknowledgement of a lease no replayed CREATE asked for;
	 * a reconnect of a FileId the capture never showed. */
	memset(m.u.oplock_break_req.lease_key, 0xEE, 16);
	m.hdr.message_id = 43;
	assert_int_equal(rebuild(x, &m, NULL), RR_SKIP_LEASE_UNKNOWN);
	rt_msg(&m, SMB2_CREATE, 44);
	m.u.create_req.name = rt_u16("g", u, sizeof(u));
	m.u.create_req.contexts.ctx[0].type = SMB2_CCTX_DHNC;
	m.u.create_req.contexts.ctx[0].u.dhnc = (struct smb2_fileid){ 1, 2 };
	m.u.create_req.contexts.count = 1;
	assert_int_equal(rebuild(x, &m, NULL), RR_SKIP_FID_UNKNOWN);
	assert_non_null(strstr(x->detail, "FileId 0000000000000001-0000000000000002"));
}

static void test_ioctls(void **state)
{
	struct fx *x = *state;
	struct smb2_fileid any = { SMB2_FILEID_ANY, SMB2_FILEID_ANY };
	struct smb2_validate_negotiate_req vq;
	uint8_t in[64], dfs[80], u[64];
	char out[128];
	size_t n;
	struct smb2_msg m;

	/* VALIDATE_NEGOTIATE_INFO: the replay's own values, signed. */
	memset(in, 0x99, 24 + 4);
	rt_msg(&m, SMB2_IOCTL, 50);
	m.u.ioctl_req.ctl_code = FSCTL_VALIDATE_NEGOTIATE_INFO;
	m.u.ioctl_req.file_id = any;
	m.u.ioctl_req.flags = SMB2_0_IOCTL_IS_FSCTL;
	m.u.ioctl_req.max_output_response = 24;
	m.u.ioctl_req.input = (struct smb2_blob){ in, 28 };
	assert_int_equal(rebuild(x, &m, NULL), RR_SKIP_NONE);
	assert_true(x->b.sign);
	assert_status(smb2_validate_negotiate_req_decode(&x->b.m->u.ioctl_req.input, &vq),
	              STATUS_SUCCESS);
	assert_int_equal(vq.dialect_count, 2);
	assert_int_equal(vq.dialects[1], SMB2_DIALECT_302);
	assert_int_equal(vq.guid[0], 0xC1);
	assert_int_equal(vq.capabilities, SMB2_GLOBAL_CAP_LARGE_MTU);
	assert_int_equal(x->b.m->u.ioctl_req.file_id.persistent, SMB2_FILEID_ANY);

	/* DFS_GET_REFERRALS: host and share of the target. */
	struct smb2_blob name = rt_u16("\\host\\share\\dir", u, sizeof(u));
	put_le16(dfs, 4);
	memcpy(dfs + 2, name.p, name.len);
	dfs[2 + name.len] = dfs[3 + name.len] = 0;
	rt_msg(&m, SMB2_IOCTL, 51);
	m.u.ioctl_req.ctl_code = FSCTL_DFS_GET_REFERRALS;
	m.u.ioctl_req.file_id = any;
	m.u.ioctl_req.max_output_response = 4096;
	m.u.ioctl_req.input = (struct smb2_blob){ dfs, 2 + name.len + 2 };
	assert_int_equal(rebuild(x, &m, NULL), RR_SKIP_NONE);
	assert_int_equal(le16(x->b.m->u.ioctl_req.input.p), 4);
	assert_int_equal(utf16le_to_utf8(x->b.m->u.ioctl_req.input.p + 2,
	                                 x->b.m->u.ioctl_req.input.len - 4, out, sizeof(out), &n),
	                 STATUS_SUCCESS);
	assert_string_equal(out, "\\\\target.example\\Data\\dir");
	assert_int_equal(x->b.payload, 4096);

	/* COPYCHUNK: the source key the target gave for the captured one. */
	uint8_t ck[24 + 8 + 24], cap_key[24], rep_key[24];
	memset(cap_key, 0x11, 24);
	memset(rep_key, 0x22, 24);
	assert_int_equal(rr_resume_put(&x->e, cap_key, rep_key), 0);
	memset(ck, 0, sizeof(ck));
	memcpy(ck, cap_key, 24);
	put_le32(ck + 24, 1);
	rt_msg(&m, SMB2_IOCTL, 52);
	m.u.ioctl_req.ctl_code = FSCTL_SRV_COPYCHUNK_WRITE;
	m.u.ioctl_req.file_id = cap_fid;
	m.u.ioctl_req.input = (struct smb2_blob){ ck, sizeof(ck) };
	assert_int_equal(rebuild(x, &m, NULL), RR_SKIP_NONE);
	assert_memory_equal(x->b.m->u.ioctl_req.input.p, rep_key, 24);
	assert_memory_equal(x->b.m->u.ioctl_req.input.p + 24, ck + 24, sizeof(ck) - 24);
	expect_mapped(&x->b.m->u.ioctl_req.file_id);
	/* Twin: a source key no replayed SRV_REQUEST_RESUME_KEY returned. */
	ck[0] = 0x12;
	m.hdr.message_id = 53;
	assert_int_equal(rebuild(x, &m, NULL), RR_SKIP_RESUME_KEY);

	/* Any other FSCTL goes as captured, on the mapped FileId. */
	rt_msg(&m, SMB2_IOCTL, 54);
	m.u.ioctl_req.ctl_code = FSCTL_SET_SPARSE;
	m.u.ioctl_req.file_id = cap_fid;
	m.u.ioctl_req.input = (struct smb2_blob){ in, 1 };
	assert_int_equal(rebuild(x, &m, NULL), RR_SKIP_NONE);
	assert_ptr_equal(x->b.m->u.ioctl_req.input.p, x->p.ops[x->p.n_ops - 1].raw + 120);
}

/* A related chain: member 2 and 3 name the previous member's session and
 * tree with all-ones ids and FileId ANY. */
static void test_related(void **state)
{
	struct fx *x = *state;
	struct smb2_fileid any = { SMB2_FILEID_ANY, SMB2_FILEID_ANY };
	struct rr_built first;
	uint8_t u[16];
	struct smb2_msg m;

	rt_msg(&m, SMB2_CREATE, 60);
	m.hdr.session_id = SID;
	m.hdr.tree_id = TID;
	m.u.create_req.name = rt_u16("r", u, sizeof(u));
	rt_send_part(&x->c, &m, 0, 2);
	assert_int_equal(rr_rebuild(&x->e, &x->p.streams[0], &x->p.ops[x->p.n_ops - 1], NULL,
	                            &first, x->detail, sizeof(x->detail)),
	                 RR_SKIP_NONE);
	rt_msg(&m, SMB2_CLOSE, 61);
	m.hdr.session_id = UINT64_MAX;
	m.hdr.tree_id = UINT32_MAX;
	m.u.close_req.file_id = any;
	rt_send_part(&x->c, &m, 1, 2);
	assert_int_equal(rr_rebuild(&x->e, &x->p.streams[0], &x->p.ops[x->p.n_ops - 1], &first,
	                            &x->b, x->detail, sizeof(x->detail)),
	                 RR_SKIP_NONE);
	assert_true(x->b.related);
	assert_false(first.related);
	assert_ptr_equal(x->b.sess, x->sess);
	assert_ptr_equal(x->b.tree, x->tree);
	assert_int_equal(x->b.m->u.close_req.file_id.persistent, SMB2_FILEID_ANY);
	assert_int_equal(x->b.m->u.close_req.file_id.volatile_, SMB2_FILEID_ANY);
	assert_int_equal(x->b.m->hdr.flags & SMB2_FLAGS_RELATED_OPERATIONS, 0);
	rr_built_free(&first);
}

/* Twins: ids that map to nothing, and a copy that does not decode. */
static void test_unmapped(void **state)
{
	struct fx *x = *state;
	struct rr_stream *s = &x->p.streams[0];
	struct smb2_msg m;

	rt_msg(&m, SMB2_READ, 70);
	m.hdr.session_id = 0x99;
	m.u.read_req.file_id = cap_fid;
	assert_int_equal(rebuild(x, &m, NULL), RR_SKIP_SESSION_UNKNOWN);
	assert_string_equal(x->detail, "SessionId 0x0000000000000099");
	assert_null(x->b.m);
	assert_int_equal(rr_sess_put(s, 0x98, NULL), 0);
	m.hdr.session_id = 0x98;
	m.hdr.message_id = 71;
	assert_int_equal(rebuild(x, &m, NULL), RR_SKIP_SESSION_FAILED);
	m.hdr.session_id = SID;
	m.hdr.tree_id = 0x66;
	m.hdr.message_id = 72;
	assert_int_equal(rebuild(x, &m, NULL), RR_SKIP_TREE_UNKNOWN);
	assert_string_equal(x->detail, "TreeId 0x00000066");
	m.hdr.tree_id = TID;
	m.u.read_req.file_id = (struct smb2_fileid){ 3, 4 };
	m.hdr.message_id = 73;
	assert_int_equal(rebuild(x, &m, NULL), RR_SKIP_FID_UNKNOWN);
	assert_int_equal(rr_fid_put(s, cap_fid, NULL), 0);
	m.u.read_req.file_id = cap_fid;
	m.hdr.message_id = 74;
	assert_int_equal(rebuild(x, &m, NULL), RR_SKIP_FID_FAILED);

	/* The plan's copy no longer decodes (corrupted in memory). */
	rt_msg(&m, SMB2_ECHO, 75);
	rt_send(&x->c, &m);
	put_le16(x->p.ops[x->p.n_ops - 1].raw + SMB2_HDR_SIZE, 77);   /* StructureSize */
	assert_int_equal(rr_rebuild(&x->e, s, &x->p.ops[x->p.n_ops - 1], NULL, &x->b, x->detail,
	                            sizeof(x->detail)),
	                 RR_SKIP_UNDECODABLE);
	assert_non_null(strstr(x->detail, "offset"));
	/* And a request the plan kept no copy of. */
	x->p.ops[x->p.n_ops - 1].plan_skip = RR_SKIP_SMB1;
	free(x->p.ops[x->p.n_ops - 1].raw);
	x->p.ops[x->p.n_ops - 1].raw = NULL;
	assert_int_equal(rr_rebuild(&x->e, s, &x->p.ops[x->p.n_ops - 1], NULL, &x->b, x->detail,
	                            sizeof(x->detail)),
	                 RR_SKIP_SMB1);
}

/* The one Buffer byte of a zero-length WRITE (2.2.21): a client may send
 * any value, the codec writes 0. */
#define PAD_OFF (SMB2_HDR_SIZE + 48)
#define CAPTURED_PAD 0xAA

/* A zero-length WRITE as a client sent it (its Buffer byte CAPTURED_PAD,
 * which the codec would write as 0), fed into the capture as member `index` of a
 * `count`-member frame. */
static void zero_write(struct fx *x, uint64_t mid, unsigned index, unsigned count)
{
	struct smb2_msg m;
	struct wr w;

	rt_msg(&m, SMB2_WRITE, mid);
	m.hdr.session_id = SID;
	m.hdr.tree_id = TID;
	m.u.write_req.file_id = cap_fid;
	m.u.write_req.offset = 10;
	wr_init(&w, 1024);
	assert_status(smb2_msg_encode(&w, &m), STATUS_SUCCESS);
	assert_int_equal(w.len, PAD_OFF + 1);
	assert_int_equal(w.buf[PAD_OFF], 0);
	w.buf[PAD_OFF] = CAPTURED_PAD;
	if (index == 0)
		x->frame++;
	assert_status(rt_msg_event(&x->p, 0, true, w.buf, w.len, x->frame, 0, index, count, 0),
	              STATUS_SUCCESS);
	wr_free(&w);
}

/* What the client library would send for the rebuilt request. */
static void encode(const struct rr_built *b, struct wr *w)
{
	struct smb2_msg m = *b->m;

	m.hdr.message_id = 77;
	m.hdr.session_id = 0x777;
	m.hdr.tree_id = 0x42;
	wr_init(w, 1024);
	assert_status(smb2_msg_encode(w, &m), STATUS_SUCCESS);
}

static void test_wire(void **state)
{
	struct fx *x = *state;
	static const uint8_t key[16] = { 1, 2, 3, 4 };
	struct smb2_signer *signer;
	struct rr_op *op;
	uint8_t *wire;
	struct wr w, w2;

	zero_write(x, 80, 0, 1);
	op = &x->p.ops[x->p.n_ops - 1];
	assert_int_equal(rr_rebuild(&x->e, &x->p.streams[0], op, NULL, &x->b, x->detail,
	                            sizeof(x->detail)),
	                 RR_SKIP_NONE);
	wire = rr_rebuild_wire(op, &x->b);
	assert_non_null(wire);
	/* The captured bytes, with the replayed FileId. */
	assert_int_equal(wire[PAD_OFF], CAPTURED_PAD);
	assert_int_equal(le64(wire + SMB2_HDR_SIZE + 16), FID_REP);
	assert_int_equal(le64(wire + SMB2_HDR_SIZE + 24), FID_REP + 1);
	assert_memory_equal(wire + SMB2_HDR_SIZE + 32, op->raw + SMB2_HDR_SIZE + 32,
	                    op->raw_len - SMB2_HDR_SIZE - 32);

	/* The library's frame gets the captured body back, signed again. */
	encode(&x->b, &w);
	assert_int_equal(w.len, op->raw_len);
	assert_int_equal(w.buf[PAD_OFF], 0);
	assert_status(smb2_signer_new(SMB2_SIGN_AES_CMAC, key, 16, &signer), STATUS_SUCCESS);
	x->sess->signer = signer;
	put_le32(w.buf + SMB2_HDR_OFF_FLAGS, le32(w.buf + SMB2_HDR_OFF_FLAGS) | SMB2_FLAGS_SIGNED);
	op->eng = &x->e;
	op->wire = wire;
	op->wire_len = op->raw_len;
	op->wire_sess = x->sess;
	rr_wire_hook(op, w.buf, w.len);
	assert_null(op->wire);
	assert_int_equal(w.buf[PAD_OFF], CAPTURED_PAD);
	assert_int_equal(le64(w.buf + SMB2_HDR_SIZE + 16), FID_REP);
	assert_int_equal(le64(w.buf + SMB2_HDR_OFF_MESSAGE_ID), 77);   /* the header stays */
	assert_status(smb2_verify_buf(signer, w.buf, w.len), STATUS_SUCCESS);

	/* Twins: a frame of another length, or of another command, stays. */
	op->wire = rr_rebuild_wire(op, &x->b);
	encode(&x->b, &w2);
	wr_u8(&w2, 0);
	rr_wire_hook(op, w2.buf, w2.len);
	assert_int_equal(w2.buf[PAD_OFF], 0);
	assert_null(op->wire);
	wr_free(&w2);
	op->wire = rr_rebuild_wire(op, &x->b);
	encode(&x->b, &w2);
	put_le16(w2.buf + 12, SMB2_READ);
	rr_wire_hook(op, w2.buf, w2.len);
	assert_int_equal(w2.buf[PAD_OFF], 0);
	wr_free(&w2);
	/* No bytes to put back (the op was given up on): nothing happens. */
	rr_wire_hook(op, w.buf, w.len);
	wr_free(&w);

	/* The second member of a compound. */
	zero_write(x, 81, 0, 2);
	zero_write(x, 82, 1, 2);
	op = &x->p.ops[x->p.n_ops - 1];
	assert_int_equal(x->p.units[op->unit].n, 2);
	rr_built_free(&x->b);
	assert_int_equal(rr_rebuild(&x->e, &x->p.streams[0], op, NULL, &x->b, x->detail,
	                            sizeof(x->detail)),
	                 RR_SKIP_NONE);
	encode(&x->b, &w);
	encode(&x->b, &w2);
	/* member 0 padded to 8, then member 1 */
	size_t first = (w.len + 7) & ~(size_t)7;
	uint8_t *chain = calloc(1, first + w2.len);
	assert_non_null(chain);
	memcpy(chain, w.buf, w.len);
	put_le32(chain + SMB2_HDR_OFF_NEXT_COMMAND, (uint32_t)first);
	memcpy(chain + first, w2.buf, w2.len);
	op->eng = &x->e;
	op->wire = rr_rebuild_wire(op, &x->b);
	op->wire_len = op->raw_len;
	assert_int_equal(op->raw_len, w2.len);
	rr_wire_hook(op, chain, first + w2.len);
	assert_int_equal(chain[first + PAD_OFF], CAPTURED_PAD);
	assert_int_equal(chain[PAD_OFF], 0);   /* member 0 untouched */
	free(chain);
	wr_free(&w);
	wr_free(&w2);
	x->sess->signer = NULL;
	smb2_signer_free(signer);
}

/* A rewritten path rules out the captured bytes. */
static void test_wire_ruled_out(void **state)
{
	struct fx *x = *state;
	uint8_t u[64];
	struct smb2_msg m;

	rt_msg(&m, SMB2_TREE_CONNECT, 90);
	m.u.tree_connect_req.path = rt_u16("\\\\host\\share", u, sizeof(u));
	assert_int_equal(rebuild(x, &m, NULL), RR_SKIP_NONE);
	assert_true(x->b.no_wire);
	assert_null(rr_rebuild_wire(&x->p.ops[x->p.n_ops - 1], &x->b));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_file_commands, setup, teardown),
		cmocka_unit_test_setup_teardown(test_tree_connect, setup, teardown),
		cmocka_unit_test_setup_teardown(test_create_contexts, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ioctls, setup, teardown),
		cmocka_unit_test_setup_teardown(test_related, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unmapped, setup, teardown),
		cmocka_unit_test_setup_teardown(test_wire, setup, teardown),
		cmocka_unit_test_setup_teardown(test_wire_ruled_out, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
