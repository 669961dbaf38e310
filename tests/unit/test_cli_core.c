/*
 * The async core of the reference client (sim-client/lib) against a tiny
 * scripted server on the in-memory transport (lib/net/mem.h): the test
 * reads what the client sent, checks the bytes, and feeds canned
 * responses.  Everything waits on events (tests/common/tu_loop.h).
 */
#include <stdlib.h>
#include <string.h>

#include <event2/event.h>

#include "testutil.h"
#include "tu_loop.h"

#include "crypto/sign.h"
#include "net/mem.h"
#include "sim-client/lib/cli_file.h"
#include "sim-client/lib/cli_int.h"
#include "wire/compound.h"

#define FAKE_MAX_FRAMES 16

struct fake {
	struct event_base *base;
	struct smb_transport *t;           /* the server end */
	uint8_t *frames[FAKE_MAX_FRAMES];
	size_t lens[FAKE_MAX_FRAMES];
	unsigned n;
	struct cli_conn *c;
	unsigned logs;
	char last_log[512];
	unsigned hook_calls;
};

static void fake_frame(void *arg, const uint8_t *frame, size_t len)
{
	struct fake *f = arg;

	assert_true(f->n < FAKE_MAX_FRAMES);
	f->frames[f->n] = malloc(len);
	assert_non_null(f->frames[f->n]);
	memcpy(f->frames[f->n], frame, len);
	f->lens[f->n++] = len;
}

static void fake_close(void *arg, int err)
{
	(void)arg;
	(void)err;
}

static void count_log(void *arg, const char *msg)
{
	struct fake *f = arg;

	f->logs++;
	snprintf(f->last_log, sizeof(f->last_log), "%s", msg);
}

static struct fake *fake_new(const struct cli_conn_opts *o)
{
	struct fake *f = calloc(1, sizeof(*f));
	struct smb_transport *ct;
	struct cli_conn_opts opts = { 0 };
	struct smb_transport_cbs cbs = { fake_frame, fake_close, NULL };

	assert_non_null(f);
	if (o)
		opts = *o;
	opts.log = count_log;
	opts.log_arg = f;
	f->base = event_base_new();
	assert_non_null(f->base);
	assert_int_equal(smb_mem_pair_new(f->base, &ct, &f->t), 0);
	cbs.arg = f;
	smb_transport_set_cbs(f->t, &cbs);
	ct->max_frame = SMB2_MAX_PDU;
	f->t->max_frame = SMB2_MAX_PDU;
	assert_status(cli_conn_new(f->base, ct, &opts, &f->c), STATUS_SUCCESS);
	/* As after a 3.1.1 NEGOTIATE with LARGE_MTU. */
	f->c->negotiated = true;
	f->c->dialect = SMB2_DIALECT_311;
	f->c->multi_credit = true;
	f->c->max_read = f->c->max_write = f->c->max_transact = SMB2_MAX_IO_SIZE;
	return f;
}

static void fake_free(struct fake *f)
{
	cli_conn_free(f->c);
	smb_transport_free(f->t);
	for (unsigned i = 0; i < f->n; i++)
		free(f->frames[i]);
	event_base_free(f->base);
	free(f);
}

struct wait_n {
	struct fake *f;
	unsigned n;
};

static bool have_frames(void *arg)
{
	struct wait_n *w = arg;

	return w->f->n >= w->n;
}

static void wait_frames(struct fake *f, unsigned n)
{
	struct wait_n w = { f, n };

	assert_true(tu_loop_until(f->base, have_frames, &w));
}

static bool req_done(void *arg)
{
	return ((struct cli_req *)arg)->done;
}

static void wait_req(struct fake *f, struct cli_req *r)
{
	assert_true(tu_loop_until(f->base, req_done, r));
}

/* Encode a response message (header fields from the arguments) into w. */
static void rsp_encode(struct wr *w, uint16_t cmd, uint64_t mid, NTSTATUS status,
                       uint16_t credits, const struct smb2_msg *body)
{
	struct smb2_msg m;

	if (body)
		m = *body;
	else
		memset(&m, 0, sizeof(m));
	m.hdr.command = cmd;
	m.hdr.message_id = mid;
	m.hdr.status = status;
	m.hdr.credit = credits;
	m.hdr.flags |= SMB2_FLAGS_SERVER_TO_REDIR;
	if (!body)
		m.kind = nt_status_is_error(status) ? SMB2_MSG_ERROR : SMB2_MSG_RSP(cmd);
	assert_status(smb2_msg_encode(w, &m), STATUS_SUCCESS);
}

static void fake_send(struct fake *f, const uint8_t *p, size_t len)
{
	struct iovec iov = { (void *)p, len };

	assert_int_equal(smb_transport_send(f->t, &iov, 1), 0);
}

static void send_rsp(struct fake *f, uint16_t cmd, uint64_t mid, NTSTATUS status,
                     uint16_t credits)
{
	struct wr w;

	wr_init(&w, SMB2_MAX_PDU);
	rsp_encode(&w, cmd, mid, status, credits, NULL);
	fake_send(f, w.buf, w.len);
	wr_free(&w);
}

static NTSTATUS echo(struct fake *f, struct cli_session *s, const struct cli_override *ov,
                     struct cli_req **r)
{
	return cli_echo_send(f->c, s, ov, r);
}

static struct smb2_hdr frame_hdr(struct fake *f, unsigned i)
{
	struct rd r;
	struct smb2_hdr h;

	rd_init(&r, f->frames[i], f->lens[i]);
	assert_status(smb2_hdr_decode(&r, &h), STATUS_SUCCESS);
	return h;
}

/* ---- message ids and credits ------------------------------------------ */

static void test_mids_and_charges(void **state)
{
	struct fake *f = fake_new(NULL);
	struct cli_tree t = { 0 };
	struct cli_session s = { 0 };
	struct smb2_fileid fid = { 1, 2 };
	struct cli_req *r1, *r2, *r3;
	struct smb2_hdr h;

	(void)state;
	s.conn = f->c;
	t.sess = &s;
	t.id = 9;
	assert_status(echo(f, NULL, NULL, &r1), STATUS_SUCCESS);
	wait_frames(f, 1);
	h = frame_hdr(f, 0);
	assert_int_equal(h.message_id, 0);
	assert_int_equal(h.credit_charge, 1);
	assert_int_equal(f->c->credits, 0);
	/* A 200000-byte read costs 4 credits: it waits until they come. */
	assert_status(cli_read_send(&t, fid, 0, 200000, NULL, &r2), STATUS_SUCCESS);
	tu_loop_drain(f->base);
	assert_int_equal(f->n, 1);
	send_rsp(f, SMB2_ECHO, 0, STATUS_SUCCESS, 10);
	wait_req(f, r1);
	assert_status(r1->status, STATUS_SUCCESS);
	wait_frames(f, 2);
	h = frame_hdr(f, 1);
	assert_int_equal(h.command, SMB2_READ);
	assert_int_equal(h.message_id, 1);
	assert_int_equal(h.credit_charge, 4);
	assert_int_equal(h.tree_id, 9);
	assert_int_equal(f->c->credits, 6);
	/* The next request starts after the read's whole range. */
	assert_status(echo(f, NULL, NULL, &r3), STATUS_SUCCESS);
	wait_frames(f, 3);
	assert_int_equal(frame_hdr(f, 2).message_id, 5);
	/* A response for any id in the read's range answers it. */
	struct smb2_msg m = { 0 };
	m.kind = SMB2_MSG_RSP(SMB2_READ);
	uint8_t data[3] = { 1, 2, 3 };
	m.u.read_rsp.data.p = data;
	m.u.read_rsp.data.len = 3;
	struct wr w;
	wr_init(&w, SMB2_MAX_PDU);
	rsp_encode(&w, SMB2_READ, 1, STATUS_SUCCESS, 4, &m);
	fake_send(f, w.buf, w.len);
	wr_free(&w);
	wait_req(f, r2);
	assert_status(r2->status, STATUS_SUCCESS);
	assert_int_equal(r2->msg.u.read_rsp.data.len, 3);
	assert_memory_equal(r2->msg.u.read_rsp.data.p, data, 3);
	cli_req_free(r1);
	cli_req_free(r2);
	cli_req_free(r3);
	fake_free(f);
}

static void test_no_credits(void **state)
{
	struct fake *f = fake_new(NULL);
	struct cli_req *r1, *r2;

	(void)state;
	assert_status(echo(f, NULL, NULL, &r1), STATUS_SUCCESS);
	/* No credit left and nothing to bring one back but r1's answer:
	 * r2 waits; when r1's answer grants none, r2 fails cleanly. */
	assert_status(echo(f, NULL, NULL, &r2), STATUS_SUCCESS);
	wait_frames(f, 1);
	send_rsp(f, SMB2_ECHO, 0, STATUS_SUCCESS, 0);
	wait_req(f, r2);
	assert_status(r2->status, STATUS_INSUFFICIENT_RESOURCES);
	assert_true(r2->local_error);
	/* Nothing in flight and no credit: refused at once. */
	struct cli_req *r3 = NULL;
	assert_status(echo(f, NULL, NULL, &r3), STATUS_INSUFFICIENT_RESOURCES);
	assert_null(r3);
	cli_req_free(r1);
	cli_req_free(r2);
	fake_free(f);
}

static void test_ignore_credits(void **state)
{
	struct cli_conn_opts o = { 0 };
	struct fake *f;
	struct cli_req *r[3];

	(void)state;
	o.ignore_credits = true;
	f = fake_new(&o);
	for (int i = 0; i < 3; i++)
		assert_status(echo(f, NULL, NULL, &r[i]), STATUS_SUCCESS);
	wait_frames(f, 3);
	for (unsigned i = 0; i < 3; i++)
		assert_int_equal(frame_hdr(f, i).message_id, i);
	for (int i = 0; i < 3; i++)
		cli_req_free(r[i]);
	fake_free(f);
}

/* ---- overrides and the hook -------------------------------------------- */

static void hook(void *arg, uint8_t *frame, size_t len)
{
	struct fake *f = arg;

	f->hook_calls++;
	assert_true(len >= SMB2_HDR_SIZE);
	frame[SMB2_HDR_SIZE + 2] = 0xAB;   /* echo Reserved */
}

static void test_overrides(void **state)
{
	struct fake *f = fake_new(NULL);
	struct cli_override ov = { 0 };
	struct cli_req *r;
	struct smb2_hdr h;

	(void)state;
	ov.set = CLI_OV_CREDIT_CHARGE | CLI_OV_CREDIT_REQUEST | CLI_OV_CHANNEL_SEQUENCE |
	         CLI_OV_SESSION_ID | CLI_OV_TREE_ID | CLI_OV_MESSAGE_ID | CLI_OV_SIGNATURE;
	ov.credit_charge = 3;
	ov.credit_request = 77;
	ov.channel_sequence = 0x1234;
	ov.session_id = 0x66;
	ov.tree_id = 0x55;
	ov.message_id = 4000;
	memset(ov.signature, 0x5A, 16);
	ov.flags_add = SMB2_FLAGS_REPLAY_OPERATION | SMB2_FLAGS_DFS_OPERATIONS;
	ov.hook = hook;
	ov.hook_arg = f;
	f->c->opts.ignore_credits = true;
	assert_status(echo(f, NULL, &ov, &r), STATUS_SUCCESS);
	wait_frames(f, 1);
	h = frame_hdr(f, 0);
	assert_int_equal(h.credit_charge, 3);
	assert_int_equal(h.credit, 77);
	assert_int_equal(smb2_hdr_channel_sequence(&h), 0x1234);
	assert_int_equal(h.session_id, 0x66);
	assert_int_equal(h.tree_id, 0x55);
	assert_int_equal(h.message_id, 4000);
	assert_int_equal(h.flags, SMB2_FLAGS_REPLAY_OPERATION | SMB2_FLAGS_DFS_OPERATIONS);
	for (int i = 0; i < 16; i++)
		assert_int_equal(h.signature[i], 0x5A);
	assert_int_equal(f->hook_calls, 1);
	assert_int_equal(f->frames[0][SMB2_HDR_SIZE + 2], 0xAB);
	/* An overridden id does not move the sequence. */
	assert_int_equal(f->c->next_mid, 0);
	send_rsp(f, SMB2_ECHO, 4000, STATUS_SUCCESS, 1);
	wait_req(f, r);
	assert_status(r->status, STATUS_SUCCESS);
	cli_req_free(r);
	fake_free(f);
}

/* ---- signing ------------------------------------------------------------ */

static void setup_signing(struct fake *f, struct cli_session **out)
{
	static const uint8_t key[16] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16 };
	struct cli_session *s;

	f->c->dialect = SMB2_DIALECT_300;
	f->c->sign_alg = SMB2_SIGN_AES_CMAC;
	f->c->cipher = 0;
	assert_status(cli_session_new(f->c, &s), STATUS_SUCCESS);
	s->id = 0x1000000000001ull;
	assert_status(cli_session_set_keys(s, key, sizeof(key)), STATUS_SUCCESS);
	s->signing_required = true;
	s->established = true;
	f->c->opts.ignore_credits = true;
	*out = s;
}

static void send_signed_echo(struct fake *f, struct cli_session *s, uint64_t mid, bool corrupt)
{
	struct smb2_signer *sg;
	struct wr w;
	uint8_t sig[16];
	struct smb2_msg m = { 0 };

	m.kind = SMB2_MSG_RSP(SMB2_ECHO);
	m.hdr.session_id = s->id;
	m.hdr.flags = SMB2_FLAGS_SIGNED;
	wr_init(&w, SMB2_MAX_PDU);
	rsp_encode(&w, SMB2_ECHO, mid, STATUS_SUCCESS, 1, &m);
	assert_status(smb2_signer_new(SMB2_SIGN_AES_CMAC, s->keys.signing, 16, &sg),
	              STATUS_SUCCESS);
	assert_status(smb2_sign_buf(sg, w.buf, w.len, sig), STATUS_SUCCESS);
	smb2_signer_free(sg);
	if (corrupt)
		sig[0] ^= 1;
	memcpy(w.buf + SMB2_HDR_OFF_SIGNATURE, sig, 16);
	fake_send(f, w.buf, w.len);
	wr_free(&w);
}

static void test_signing(void **state)
{
	struct fake *f = fake_new(NULL);
	struct cli_session *s;
	struct smb2_signer *sg;
	struct cli_req *r;

	(void)state;
	setup_signing(f, &s);
	assert_status(echo(f, s, NULL, &r), STATUS_SUCCESS);
	wait_frames(f, 1);
	struct smb2_hdr h = frame_hdr(f, 0);
	assert_true(h.flags & SMB2_FLAGS_SIGNED);
	assert_int_equal(h.session_id, s->id);
	/* An independent signer with the same key verifies what was sent. */
	assert_status(smb2_signer_new(SMB2_SIGN_AES_CMAC, s->keys.signing, 16, &sg),
	              STATUS_SUCCESS);
	assert_status(smb2_verify_buf(sg, f->frames[0], f->lens[0]), STATUS_SUCCESS);
	f->frames[0][SMB2_HDR_SIZE] ^= 1;
	assert_status(smb2_verify_buf(sg, f->frames[0], f->lens[0]), STATUS_ACCESS_DENIED);
	smb2_signer_free(sg);

	send_signed_echo(f, s, 0, false);
	wait_req(f, r);
	assert_status(r->status, STATUS_SUCCESS);
	assert_true(r->rsp_signed);
	cli_req_free(r);

	/* A bad signature fails the request with ACCESS_DENIED and is logged. */
	unsigned logs = f->logs;
	assert_status(echo(f, s, NULL, &r), STATUS_SUCCESS);
	wait_frames(f, 2);
	send_signed_echo(f, s, 1, true);
	wait_req(f, r);
	assert_status(r->status, STATUS_ACCESS_DENIED);
	assert_true(r->local_error);
	assert_true(f->logs > logs);
	assert_non_null(strstr(f->last_log, "bad signature"));
	cli_req_free(r);

	/* An unsigned answer on a signing session is refused too. */
	assert_status(echo(f, s, NULL, &r), STATUS_SUCCESS);
	wait_frames(f, 3);
	send_rsp(f, SMB2_ECHO, 2, STATUS_SUCCESS, 1);
	wait_req(f, r);
	assert_status(r->status, STATUS_ACCESS_DENIED);
	cli_req_free(r);

	/* CLI_SIGN_NEVER leaves a request unsigned. */
	struct cli_override ov = { 0 };
	ov.sign = CLI_SIGN_NEVER;
	assert_status(echo(f, s, &ov, &r), STATUS_SUCCESS);
	wait_frames(f, 4);
	assert_false(frame_hdr(f, 3).flags & SMB2_FLAGS_SIGNED);
	cli_req_free(r);
	fake_free(f);
}

/* ---- compounds ---------------------------------------------------------- */

static void test_compound(void **state)
{
	struct fake *f = fake_new(NULL);
	struct cli_session s = { 0 };
	struct cli_tree t = { 0 };
	struct smb2_msg m1 = { 0 }, m2 = { 0 };
	struct cli_send_item it[2] = { { 0 }, { 0 } };
	struct cli_req *r[2];
	uint8_t name[6] = { 'a', 0, 'b', 0, 'c', 0 };
	struct smb2_compound_iter ci;
	struct rd msg;

	(void)state;
	s.conn = f->c;
	s.id = 7;
	t.sess = &s;
	t.id = 3;
	f->c->credits = 10;
	m1.hdr.command = SMB2_CREATE;
	m1.u.create_req.name.p = name;
	m1.u.create_req.name.len = sizeof(name);
	m1.u.create_req.desired_access = SMB2_GENERIC_READ;
	m1.u.create_req.create_disposition = SMB2_FILE_OPEN;
	m2.hdr.command = SMB2_CLOSE;
	m2.u.close_req.file_id.persistent = SMB2_FILEID_ANY;
	m2.u.close_req.file_id.volatile_ = SMB2_FILEID_ANY;
	it[0].m = &m1;
	it[0].sess = &s;
	it[0].tree = &t;
	it[1] = it[0];
	it[1].m = &m2;
	it[1].related = true;
	assert_status(cli_send_chain(f->c, it, 2, r), STATUS_SUCCESS);
	wait_frames(f, 1);
	assert_int_equal(f->n, 1);
	smb2_compound_init(&ci, f->frames[0], f->lens[0]);
	assert_true(smb2_compound_next(&ci, &msg));
	assert_false(ci.related);
	assert_int_equal(msg.len % 8, 0);
	assert_int_equal(le32(f->frames[0] + SMB2_HDR_OFF_NEXT_COMMAND), msg.len);
	assert_true(smb2_compound_next(&ci, &msg));
	assert_true(ci.related);
	assert_int_equal(le64(msg.base + SMB2_HDR_OFF_MESSAGE_ID), 1);
	assert_false(smb2_compound_next(&ci, &msg));
	assert_status(ci.status, STATUS_SUCCESS);

	/* Both answers in one compound frame complete both futures. */
	struct wr w;
	struct smb2_compound_builder b;
	wr_init(&w, SMB2_MAX_PDU);
	smb2_compound_begin(&b, &w);
	assert_status(smb2_compound_add(&b), STATUS_SUCCESS);
	rsp_encode(&w, SMB2_CREATE, 0, STATUS_OBJECT_NAME_NOT_FOUND, 1, NULL);
	assert_status(smb2_compound_add(&b), STATUS_SUCCESS);
	rsp_encode(&w, SMB2_CLOSE, 1, STATUS_OBJECT_NAME_NOT_FOUND, 1, NULL);
	assert_status(smb2_compound_end(&b), STATUS_SUCCESS);
	fake_send(f, w.buf, w.len);
	wr_free(&w);
	assert_status(cli_wait_all(r, 2, 0), STATUS_OBJECT_NAME_NOT_FOUND);
	assert_true(r[0]->done && r[1]->done);
	assert_int_equal(r[1]->msg.kind, SMB2_MSG_ERROR);
	cli_req_free(r[0]);
	cli_req_free(r[1]);
	fake_free(f);
}

/* ---- interim responses and cancel ---------------------------------------- */

static void test_interim_cancel(void **state)
{
	struct fake *f = fake_new(NULL);
	struct cli_session s = { 0 };
	struct cli_tree t = { 0 };
	struct smb2_fileid fid = { 5, 6 };
	struct cli_req *r;
	struct smb2_msg m = { 0 };
	struct wr w;

	(void)state;
	s.conn = f->c;
	s.id = 11;
	t.sess = &s;
	f->c->credits = 4;
	assert_status(cli_notify_send(&t, fid, 0, FILE_NOTIFY_CHANGE_FILE_NAME, 4096, NULL, &r),
	              STATUS_SUCCESS);
	wait_frames(f, 1);
	m.kind = SMB2_MSG_ERROR;
	m.hdr.flags = SMB2_FLAGS_ASYNC_COMMAND;
	m.hdr.async_id = 0x77;
	wr_init(&w, SMB2_MAX_PDU);
	rsp_encode(&w, SMB2_CHANGE_NOTIFY, 0, STATUS_PENDING, 1, &m);
	fake_send(f, w.buf, w.len);
	wr_free(&w);
	tu_loop_drain(f->base);
	assert_false(r->done);
	assert_true(r->interim);
	assert_int_equal(r->async_id, 0x77);

	assert_status(cli_cancel(r), STATUS_SUCCESS);
	wait_frames(f, 2);
	struct smb2_hdr h = frame_hdr(f, 1);
	assert_int_equal(h.command, SMB2_CANCEL);
	assert_true(h.flags & SMB2_FLAGS_ASYNC_COMMAND);
	assert_int_equal(h.async_id, 0x77);
	assert_int_equal(h.credit_charge, 0);
	assert_int_equal(f->c->next_mid, 1);   /* CANCEL takes no id */

	m.kind = SMB2_MSG_ERROR;
	wr_init(&w, SMB2_MAX_PDU);
	rsp_encode(&w, SMB2_CHANGE_NOTIFY, 0, STATUS_CANCELLED, 0, &m);
	fake_send(f, w.buf, w.len);
	wr_free(&w);
	wait_req(f, r);
	assert_status(r->status, STATUS_CANCELLED);
	assert_false(r->local_error);
	cli_req_free(r);
	fake_free(f);
}

static void test_cancel_unsent(void **state)
{
	struct fake *f = fake_new(NULL);
	struct cli_req *r1, *r2;

	(void)state;
	assert_status(echo(f, NULL, NULL, &r1), STATUS_SUCCESS);
	assert_status(echo(f, NULL, NULL, &r2), STATUS_SUCCESS);
	assert_false(r2->sent);
	assert_status(cli_cancel(r2), STATUS_SUCCESS);
	assert_false(r2->done);      /* completes from the loop, not inside cli_cancel */
	wait_req(f, r2);
	assert_status(r2->status, STATUS_CANCELLED);
	assert_int_equal(f->n, 1);
	cli_req_free(r1);
	cli_req_free(r2);
	fake_free(f);
}

/* ---- malformed and unknown responses ------------------------------------ */

static void test_unknown_mid_dropped(void **state)
{
	struct fake *f = fake_new(NULL);
	struct cli_req *r;

	(void)state;
	assert_status(echo(f, NULL, NULL, &r), STATUS_SUCCESS);
	wait_frames(f, 1);
	send_rsp(f, SMB2_ECHO, 999, STATUS_SUCCESS, 50);
	tu_loop_drain(f->base);
	assert_false(r->done);
	assert_int_equal(f->c->dropped, 1);
	assert_int_equal(f->c->credits, 0);   /* no credits from a stray answer */
	send_rsp(f, SMB2_ECHO, 0, STATUS_SUCCESS, 1);
	wait_req(f, r);
	assert_status(r->status, STATUS_SUCCESS);
	cli_req_free(r);
	fake_free(f);
}

static void test_malformed(void **state)
{
	struct fake *f = fake_new(NULL);
	struct cli_req *r;
	struct wr w;

	(void)state;
	f->c->opts.ignore_credits = true;
	/* A truncated body. */
	assert_status(echo(f, NULL, NULL, &r), STATUS_SUCCESS);
	wait_frames(f, 1);
	wr_init(&w, SMB2_MAX_PDU);
	rsp_encode(&w, SMB2_ECHO, 0, STATUS_SUCCESS, 1, NULL);
	fake_send(f, w.buf, w.len - 2);
	wr_free(&w);
	wait_req(f, r);
	assert_status(r->status, STATUS_INVALID_NETWORK_RESPONSE);
	assert_true(r->local_error);
	cli_req_free(r);

	/* The wrong command. */
	assert_status(echo(f, NULL, NULL, &r), STATUS_SUCCESS);
	wait_frames(f, 2);
	send_rsp(f, SMB2_FLUSH, 1, STATUS_SUCCESS, 1);
	wait_req(f, r);
	assert_status(r->status, STATUS_INVALID_NETWORK_RESPONSE);
	cli_req_free(r);

	/* A frame shorter than a header, a frame that is not SMB2 and a
	 * broken compound chain are dropped; the request still gets its
	 * answer afterwards. */
	assert_status(echo(f, NULL, NULL, &r), STATUS_SUCCESS);
	wait_frames(f, 3);
	uint8_t junk[70] = { 0xFE, 'S', 'M', 'B', 64, 0 };
	fake_send(f, junk, 20);
	junk[0] = 0xFF;
	fake_send(f, junk, sizeof(junk));
	wr_init(&w, SMB2_MAX_PDU);
	rsp_encode(&w, SMB2_ECHO, 2, STATUS_SUCCESS, 1, NULL);
	put_le32(w.buf + SMB2_HDR_OFF_NEXT_COMMAND, 0x1000);
	fake_send(f, w.buf, w.len);
	wr_free(&w);
	tu_loop_drain(f->base);
	assert_false(r->done);
	assert_int_equal(f->c->dropped, 3);
	send_rsp(f, SMB2_ECHO, 2, STATUS_SUCCESS, 1);
	wait_req(f, r);
	assert_status(r->status, STATUS_SUCCESS);
	cli_req_free(r);
	fake_free(f);
}

static void test_disconnect_fails_pending(void **state)
{
	struct fake *f = fake_new(NULL);
	struct cli_req *r[2];

	(void)state;
	f->c->opts.ignore_credits = true;
	assert_status(echo(f, NULL, NULL, &r[0]), STATUS_SUCCESS);
	assert_status(echo(f, NULL, NULL, &r[1]), STATUS_SUCCESS);
	wait_frames(f, 2);
	smb_transport_disconnect(f->t);
	assert_status(cli_wait_all(r, 2, 0), STATUS_CONNECTION_DISCONNECTED);
	assert_status(r[0]->status, STATUS_CONNECTION_DISCONNECTED);
	assert_status(r[1]->status, STATUS_CONNECTION_DISCONNECTED);
	assert_true(f->c->dead);
	/* Later sends are refused at once. */
	struct cli_req *r3 = NULL;
	assert_status(echo(f, NULL, NULL, &r3), STATUS_CONNECTION_DISCONNECTED);
	assert_null(r3);
	cli_req_free(r[0]);
	cli_req_free(r[1]);
	fake_free(f);
}

static void test_orphan_freed_on_completion(void **state)
{
	struct fake *f = fake_new(NULL);
	struct cli_req *r, *r2;

	(void)state;
	assert_status(echo(f, NULL, NULL, &r), STATUS_SUCCESS);
	wait_frames(f, 1);
	cli_req_free(r);   /* still pending: freed when its answer comes */
	send_rsp(f, SMB2_ECHO, 0, STATUS_SUCCESS, 1);
	tu_loop_drain(f->base);
	assert_null(f->c->pending);
	assert_status(echo(f, NULL, NULL, &r2), STATUS_SUCCESS);
	cli_req_free(r2);  /* pending at conn free: ASan checks nothing leaks */
	fake_free(f);
}

/* ---- unsolicited messages ----------------------------------------------- */

static void test_break_queue(void **state)
{
	struct fake *f = fake_new(NULL);
	struct smb2_msg m = { 0 };
	struct cli_break b;
	struct wr w;

	(void)state;
	assert_false(cli_take_break(f->c, &b));
	m.kind = SMB2_MSG_RSP(SMB2_OPLOCK_BREAK);
	m.u.oplock_break_rsp.kind = SMB2_BREAK_OPLOCK;
	m.u.oplock_break_rsp.oplock_level = SMB2_OPLOCK_LEVEL_II;
	m.u.oplock_break_rsp.file_id.persistent = 42;
	wr_init(&w, SMB2_MAX_PDU);
	rsp_encode(&w, SMB2_OPLOCK_BREAK, UINT64_MAX, STATUS_SUCCESS, 0, &m);
	fake_send(f, w.buf, w.len);
	wr_free(&w);
	assert_status(cli_wait_break(f->c, &b, 0), STATUS_SUCCESS);
	assert_int_equal(b.brk.kind, SMB2_BREAK_OPLOCK);
	assert_int_equal(b.brk.oplock_level, SMB2_OPLOCK_LEVEL_II);
	assert_int_equal(b.brk.file_id.persistent, 42);
	assert_false(cli_take_break(f->c, &b));
	/* A lost connection ends the wait with its status. */
	smb_transport_disconnect(f->t);
	assert_status(cli_wait_break(f->c, &b, 0), STATUS_CONNECTION_DISCONNECTED);
	fake_free(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_mids_and_charges),
		cmocka_unit_test(test_no_credits),
		cmocka_unit_test(test_ignore_credits),
		cmocka_unit_test(test_overrides),
		cmocka_unit_test(test_signing),
		cmocka_unit_test(test_compound),
		cmocka_unit_test(test_interim_cancel),
		cmocka_unit_test(test_cancel_unsent),
		cmocka_unit_test(test_unknown_mid_dropped),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_disconnect_fails_pending),
		cmocka_unit_test(test_orphan_freed_on_completion),
		cmocka_unit_test(test_break_queue),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
