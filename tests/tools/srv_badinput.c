/*
 * srv_badinput: bad input against a running SMB server over TCP
 * (tests/scripts/check_srv_badinput.sh runs it against smbsim-server under
 * socket_wrapper).
 *
 *   srv_badinput HOST SHARE USER PASSWORD OTHER_USER OTHER_PASSWORD
 *
 * Framing and pre-authentication cases go through a raw socket: truncated
 * and oversized frames, a wrong protocol id, compressed and transform
 * frames before NEGOTIATE, commands before NEGOTIATE and before
 * SESSION_SETUP, a frame cut off by the client's close.  Cases after
 * authentication use the reference client with header overrides and its
 * pre-send hook: unknown session, tree and file ids, another user's session
 * and tree, wrong credit charges, reused and out-of-window message ids,
 * compound chains that start related or point past the frame, a body that
 * does not decode.  Each must get its status (MS-SMB2 3.3.5.2) or a clean
 * disconnect, and a second, well-behaved client (USER, 3.1.1, signed) must
 * be served after every case.  Prints one line per case; exit 0 when all
 * pass.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <event2/event.h>

#include "badinput_raw.h"
#include "sim-client/lib/cli_sync.h"
#include "wire/smb1_negotiate.h"

/* NBSS length field maximum (24 bits): past every SMB2_MAX_PDU. */
#define NBSS_MAX_LEN 0xFFFFFFu
/* More credits than one NEGOTIATE asking for one can have granted. */
#define OVERCHARGE 1000
/* A READ this large needs four credits (MS-SMB2 3.3.5.2.5). */
#define BIG_READ (200u * 1024)
/* The SMB1 SESSION_SETUP_ANDX command ([MS-CIFS] 2.2.4.53). */
#define SMB1_COM_SESSION_SETUP_ANDX 0x73

static const char *host, *share, *user, *pass, *ouser, *opass;
static struct event_base *base;
static unsigned failures, cases;

/* ---- results ------------------------------------------------------------ */

static void result(const char *name, bool ok, const char *detail)
{
	cases++;
	if (ok) {
		printf("ok    %s\n", name);
	} else {
		failures++;
		printf("FAIL  %s: %s\n", name, detail);
	}
	fflush(stdout);
}

static void want_status(const char *name, NTSTATUS want, NTSTATUS got)
{
	char msg[160];

	snprintf(msg, sizeof(msg), "wanted %s, got %s", nt_status_name(want), nt_status_name(got));
	result(name, want == got, msg);
}

/* The server must close the connection without answering. */
static void raw_expect_drop(const char *name, int fd)
{
	uint8_t buf[RAW_MAX_FRAME];
	long n = raw_recv(fd, buf, sizeof(buf));

	result(name, n == 0,
	       n < 0 ? "no disconnect within the deadline" : "answered instead of disconnecting");
	close(fd);
}

/* ---- the client-library side ----------------------------------------------- */

struct peer {
	struct cli_conn *c;
	struct cli_session *s;
	struct cli_tree *t;
};

static NTSTATUS peer_open(struct peer *p, uint16_t dialect, bool sign, const char *u,
                          const char *pw)
{
	struct cli_conn_opts o = { 0 };
	char unc[256];
	NTSTATUS st;

	memset(p, 0, sizeof(*p));
	o.dialect_min = o.dialect_max = dialect;
	o.require_signing = sign;
	o.timeout_ms = RAW_TIMEOUT_MS;
	st = cli_connect(base, host, &o, &p->c);
	if (st != STATUS_SUCCESS)
		return st;
	st = cli_negotiate(p->c, 0, 0);
	if (st == STATUS_SUCCESS)
		st = cli_login(p->c, u, NULL, pw, &p->s);
	snprintf(unc, sizeof(unc), "\\\\%s\\%s", host, share);
	if (st == STATUS_SUCCESS)
		st = cli_tree_connect(p->s, unc, &p->t);
	return st;
}

static void peer_close(struct peer *p)
{
	if (p->t)
		cli_tree_free(p->t);
	if (p->c)
		cli_conn_free(p->c);
	memset(p, 0, sizeof(*p));
}

/* Wait for a request made by a *_send call; its status (send failures too).
 * The request comes by address: `done(x_send(..., &r), &r)` reads r only
 * after x_send has set it (the order of a call's arguments is unspecified). */
static NTSTATUS done(NTSTATUS sent, struct cli_req **rp)
{
	NTSTATUS st;

	if (sent != STATUS_SUCCESS)
		return sent;
	st = cli_wait(*rp, RAW_TIMEOUT_MS);
	cli_req_free(*rp);
	*rp = NULL;
	return st;
}

/* A tree connect on s; kept in *keep when given, else disconnected. */
static NTSTATUS tree_cycle(struct cli_session *s, struct cli_tree **keep)
{
	char unc[256];
	struct cli_tree *t;
	NTSTATUS st;

	snprintf(unc, sizeof(unc), "\\\\%s\\%s", host, share);
	st = cli_tree_connect(s, unc, &t);
	if (st != STATUS_SUCCESS)
		return st;
	if (keep) {
		*keep = t;
		return st;
	}
	return cli_tree_disconnect(t);
}

/* The well-behaved client: ECHO and a fresh tree connect after each case. */
static struct peer good;

static void check_good(const char *after)
{
	char name[160];
	NTSTATUS st;

	snprintf(name, sizeof(name), "second client served after %s", after);
	st = cli_echo(good.c);
	if (st == STATUS_SUCCESS)
		st = tree_cycle(good.s, NULL);
	if (st != STATUS_SUCCESS)
		want_status(name, STATUS_SUCCESS, st);
}

/* ---- cases ---------------------------------------------------------------- */

static void raw_frames(void)
{
	static const uint8_t truncated[] = { 0xFE, 'S', 'M', 'B', 64, 0, 0, 0, 0, 0 };
	uint8_t hdr[SMB2_HDR_SIZE + 4];
	uint8_t nb[SMB2_NBSS_HDR_SIZE];
	int fd;

	fd = raw_connect(host);
	if (fd >= 0 && raw_send(fd, truncated, sizeof(truncated)))
		raw_expect_drop("truncated SMB2 header", fd);
	else
		result("truncated SMB2 header", false, "cannot connect or send");
	check_good("a truncated header");

	memset(hdr, 0, sizeof(hdr));
	memcpy(hdr, "\xFEXMB", 4);
	hdr[4] = SMB2_HDR_SIZE;
	fd = raw_connect(host);
	if (fd >= 0 && raw_send(fd, hdr, sizeof(hdr)))
		raw_expect_drop("wrong protocol id", fd);
	else
		result("wrong protocol id", false, "cannot connect or send");
	check_good("a wrong protocol id");

	memcpy(hdr, "\xFCSMB", 4);
	fd = raw_connect(host);
	if (fd >= 0 && raw_send(fd, hdr, sizeof(hdr)))
		raw_expect_drop("compression transform (never negotiated)", fd);
	else
		result("compression transform", false, "cannot connect or send");

	memcpy(hdr, "\xFDSMB", 4);
	fd = raw_connect(host);
	if (fd >= 0 && raw_send(fd, hdr, sizeof(hdr)))
		raw_expect_drop("transform header before NEGOTIATE", fd);
	else
		result("transform header before NEGOTIATE", false, "cannot connect or send");
	check_good("compressed and transform frames");

	/* Only the NBSS header of an oversized frame: the server must refuse
	 * at the header, not wait for (or allocate) 16 MiB. */
	fd = raw_connect(host);
	if (fd >= 0 && smb2_nbss_hdr_encode(nb, SMB2_NBSS_SESSION_MESSAGE, NBSS_MAX_LEN) ==
	                       STATUS_SUCCESS && raw_write(fd, nb, sizeof(nb)))
		raw_expect_drop("oversized frame before NEGOTIATE (header only)", fd);
	else
		result("oversized frame before NEGOTIATE", false, "cannot connect or send");

	fd = raw_connect(host);
	if (fd >= 0 && raw_negotiate(fd) == STATUS_SUCCESS &&
	    smb2_nbss_hdr_encode(nb, SMB2_NBSS_SESSION_MESSAGE, NBSS_MAX_LEN) == STATUS_SUCCESS &&
	    raw_write(fd, nb, sizeof(nb)))
		raw_expect_drop("oversized frame after NEGOTIATE (past SMB2_MAX_PDU)", fd);
	else
		result("oversized frame after NEGOTIATE", false, "cannot connect, negotiate or send");
	check_good("oversized frames");

	/* An SMB1 request other than NEGOTIATE (SESSION_SETUP_ANDX): only
	 * SMB_COM_NEGOTIATE is accepted in SMB1 form (MS-SMB2 3.3.5.2). */
	{
		uint8_t smb1[SMB1_HDR_SIZE + 3];

		memset(smb1, 0, sizeof(smb1));
		memcpy(smb1, "\xFFSMB", 4);
		smb1[4] = SMB1_COM_SESSION_SETUP_ANDX;
		fd = raw_connect(host);
		if (fd >= 0 && raw_send(fd, smb1, sizeof(smb1)))
			raw_expect_drop("SMB1 request other than NEGOTIATE", fd);
		else
			result("SMB1 request other than NEGOTIATE", false, "cannot connect or send");
	}
	check_good("an SMB1 request");

	/* Half a frame, then the client goes away. */
	fd = raw_connect(host);
	if (fd >= 0) {
		smb2_nbss_hdr_encode(nb, SMB2_NBSS_SESSION_MESSAGE, 1000);
		(void)raw_write(fd, nb, sizeof(nb));
		(void)raw_write(fd, truncated, sizeof(truncated));
		close(fd);
	}
	check_good("a frame cut off by the client");
}

static void raw_order(void)
{
	static const uint16_t echo[] = { 4, 0 };
	static const uint16_t logoff[] = { 4, 0 };
	uint8_t ka[SMB2_NBSS_HDR_SIZE];
	int fd;

	fd = raw_connect(host);
	if (fd >= 0)
		want_status("ECHO before NEGOTIATE: disconnect", STATUS_CONNECTION_DISCONNECTED,
		            raw_call(fd, SMB2_ECHO, 0, 0, echo, 2));
	else
		result("ECHO before NEGOTIATE", false, "cannot connect");
	if (fd >= 0)
		close(fd);
	check_good("a request before NEGOTIATE");

	/* A keep-alive is ignored; then LOGOFF before SESSION_SETUP, with no
	 * session and with an invented one (3.3.5.2.9). */
	fd = raw_connect(host);
	if (fd < 0) {
		result("before SESSION_SETUP", false, "cannot connect");
		return;
	}
	smb2_nbss_hdr_encode(ka, SMB2_NBSS_KEEP_ALIVE, 0);
	(void)raw_write(fd, ka, sizeof(ka));
	want_status("NEGOTIATE after a keep-alive", STATUS_SUCCESS, raw_negotiate(fd));
	want_status("LOGOFF before SESSION_SETUP", STATUS_USER_SESSION_DELETED,
	            raw_call(fd, SMB2_LOGOFF, 1, 0, logoff, 2));
	want_status("LOGOFF with an invented session id", STATUS_USER_SESSION_DELETED,
	            raw_call(fd, SMB2_LOGOFF, 2, 0x7777000000001ull, logoff, 2));
	/* A security blob that is neither SPNEGO nor NTLMSSP: refused with an
	 * error, and the connection still answers. */
	{
		static const uint16_t setup[] = {
			25, 0x0100, 0, 0, 0, 0,         /* size, flags+mode, caps, channel */
			SMB2_HDR_SIZE + 24, 16,         /* SecurityBufferOffset, Length */
			0, 0, 0, 0,                     /* PreviousSessionId */
			0x4141, 0xFFFF, 0x0000, 0x8000, 0x1234, 0x5678, 0x9ABC, 0xDEF0,
		};
		NTSTATUS got = raw_call(fd, SMB2_SESSION_SETUP, 3, 0, setup,
		                        sizeof(setup) / sizeof(setup[0]));

		result("SESSION_SETUP with a garbage security blob refused",
		       got != STATUS_SUCCESS && got != STATUS_MORE_PROCESSING_REQUIRED &&
		               got != STATUS_CONNECTION_DISCONNECTED && got != STATUS_IO_TIMEOUT &&
		               (got & 0xC0000000u) == 0xC0000000u,
		       nt_status_name(got));
	}
	want_status("ECHO with a body that does not decode", STATUS_INVALID_PARAMETER,
	            raw_call(fd, SMB2_ECHO, 4, 0, (const uint16_t[]){ 5, 0 }, 2));
	want_status("ECHO still answered on that connection", STATUS_SUCCESS,
	            raw_call(fd, SMB2_ECHO, 5, 0, echo, 2));
	want_status("reused message id: disconnect", STATUS_CONNECTION_DISCONNECTED,
	            raw_call(fd, SMB2_ECHO, 2, 0, echo, 2));
	close(fd);
	check_good("requests before SESSION_SETUP");

	fd = raw_connect(host);
	if (fd >= 0 && raw_negotiate(fd) == STATUS_SUCCESS)
		want_status("message id past the window: disconnect", STATUS_CONNECTION_DISCONNECTED,
		            raw_call(fd, SMB2_ECHO, 5000, 0, echo, 2));
	else
		result("message id past the window", false, "cannot connect or negotiate");
	if (fd >= 0)
		close(fd);
	check_good("a message id past the window");

	/* Credits for mids 1..1000 where one was granted (3.3.5.2.3). */
	fd = raw_connect(host);
	if (fd >= 0 && raw_negotiate(fd) == STATUS_SUCCESS)
		want_status("CreditCharge past the granted credits: disconnect",
		            STATUS_CONNECTION_DISCONNECTED,
		            raw_call_charged(fd, SMB2_ECHO, 1, 0, OVERCHARGE, echo, 2));
	else
		result("CreditCharge past the granted credits", false, "cannot connect or negotiate");
	if (fd >= 0)
		close(fd);
	check_good("a charge past the granted credits");
}

/* File ids nobody opened and another user's open: FILE_CLOSED (MS-SMB2
 * 3.3.5.x, Open lookup in Session.OpenTable fails). */
static void foreign_files(struct peer *me, struct peer *other)
{
	struct smb2_fileid fid = { 0x1111, 0x2222 };
	struct cli_create_args a = { 0 };
	struct cli_req *r = NULL;
	struct cli_open o;
	NTSTATUS st;

	want_status("CLOSE of an unknown file id", STATUS_FILE_CLOSED,
	            done(cli_close_send(me->t, fid, 0, NULL, &r), &r));
	want_status("READ of an unknown file id", STATUS_FILE_CLOSED,
	            done(cli_read_send(me->t, fid, 0, 16, NULL, &r), &r));
	a.desired_access = SMB2_GENERIC_READ | SMB2_GENERIC_WRITE | SMB2_DELETE;
	a.file_attributes = SMB2_FILE_ATTRIBUTE_NORMAL;
	a.share_access = SMB2_FILE_SHARE_READ | SMB2_FILE_SHARE_WRITE | SMB2_FILE_SHARE_DELETE;
	a.disposition = SMB2_FILE_OVERWRITE_IF;
	a.options = SMB2_FILE_NON_DIRECTORY_FILE | SMB2_FILE_DELETE_ON_CLOSE;
	st = cli_create(me->t, "badinput.tmp", &a, &o);
	if (st != STATUS_SUCCESS) {
		want_status("CREATE for the foreign open cases", STATUS_SUCCESS, st);
		return;
	}
	want_status("READ of another user's open", STATUS_FILE_CLOSED,
	            done(cli_read_send(other->t, o.id, 0, 16, NULL, &r), &r));
	want_status("CLOSE of another user's open", STATUS_FILE_CLOSED,
	            done(cli_close_send(other->t, o.id, 0, NULL, &r), &r));
	want_status("the owner still closes it", STATUS_SUCCESS, cli_close(me->t, o.id));
}

/* Ids that do not belong to the caller. */
static void foreign_ids(void)
{
	struct cli_override ov;
	struct peer me, other;
	struct smb2_fileid fid = { 0x1111, 0x2222 };
	struct cli_req *r = NULL;
	NTSTATUS st;

	st = peer_open(&me, SMB2_DIALECT_311, false, user, pass);
	if (st == STATUS_SUCCESS)
		st = peer_open(&other, SMB2_DIALECT_210, false, ouser, opass);
	else
		memset(&other, 0, sizeof(other));
	if (st != STATUS_SUCCESS) {
		want_status("two sessions for the id cases", STATUS_SUCCESS, st);
		peer_close(&me);
		peer_close(&other);
		return;
	}

	memset(&ov, 0, sizeof(ov));
	ov.set = CLI_OV_TREE_ID;
	ov.tree_id = 0xDEAD;
	want_status("unknown tree id", STATUS_NETWORK_NAME_DELETED,
	            done(cli_flush_send(me.t, fid, &ov, &r), &r));

	/* Another user's session from another connection, unsigned: the
	 * session is not bound to this connection (3.3.5.2.9). */
	memset(&ov, 0, sizeof(ov));
	ov.set = CLI_OV_SESSION_ID;
	ov.session_id = me.s->id;
	ov.sign = CLI_SIGN_NEVER;
	want_status("FLUSH on another user's session", STATUS_USER_SESSION_DELETED,
	            done(cli_flush_send(other.t, fid, &ov, &r), &r));
	{
		struct cli_send_item it = { 0 };
		struct smb2_msg m;

		memset(&m, 0, sizeof(m));
		m.hdr.command = SMB2_LOGOFF;
		m.kind = SMB2_MSG_REQ(SMB2_LOGOFF);
		it.m = &m;
		it.sess = other.s;
		it.ov = &ov;
		want_status("LOGOFF of another user's session", STATUS_USER_SESSION_DELETED,
		            done(cli_send(other.c, &it, &r), &r));
	}
	want_status("that session still works", STATUS_SUCCESS, tree_cycle(me.s, NULL));

	/* Another session's tree id on one's own session (trees are per
	 * session, 3.3.5.2.11): an id that this session does not hold. */
	{
		struct cli_tree *t2 = NULL;
		uint32_t id;

		st = tree_cycle(me.s, &t2);
		id = t2 && t2->id != other.t->id ? t2->id : me.t->id;
		if (st == STATUS_SUCCESS && id == other.t->id)
			st = STATUS_UNSUCCESSFUL;
		if (st == STATUS_SUCCESS) {
			memset(&ov, 0, sizeof(ov));
			ov.set = CLI_OV_TREE_ID;
			ov.tree_id = id;
			want_status("another user's tree id", STATUS_NETWORK_NAME_DELETED,
			            done(cli_flush_send(other.t, fid, &ov, &r), &r));
		} else {
			want_status("a tree id the other session does not hold", STATUS_SUCCESS, st);
		}
		if (t2)
			cli_tree_free(t2);
	}
	foreign_files(&me, &other);
	peer_close(&me);
	peer_close(&other);
	check_good("foreign session, tree and file ids");
}

/* The pre-send hook: NextCommand of the first message past the frame. */
static void hook_next_past_end(void *arg, uint8_t *frame, size_t len)
{
	(void)arg;
	if (len >= SMB2_HDR_SIZE) {
		/* NextCommand (offset 20): 1 MiB, far past this frame. */
		frame[20] = 0;
		frame[21] = 0;
		frame[22] = 0x10;
		frame[23] = 0;
	}
}

/* The pre-send hook: NextCommand of the first message 16, inside its own
 * header (MS-SMB2 2.2.1: the next header starts at an 8-byte aligned
 * offset past this message). */
static void hook_next_into_header(void *arg, uint8_t *frame, size_t len)
{
	(void)arg;
	if (len >= SMB2_HDR_SIZE) {
		frame[20] = 16;
		frame[21] = 0;
		frame[22] = 0;
		frame[23] = 0;
	}
}

/* The pre-send hook: the first message of the chain flagged related (the
 * library refuses to build such a chain itself). */
static void hook_first_related(void *arg, uint8_t *frame, size_t len)
{
	(void)arg;
	if (len >= SMB2_HDR_SIZE)
		frame[16] |= SMB2_FLAGS_RELATED_OPERATIONS;
}

static void credits_and_compounds(void)
{
	struct cli_override ov, ov2;
	struct peer p;
	struct smb2_fileid fid = { 0x1111, 0x2222 };
	struct cli_req *r = NULL, *rs[2] = { NULL, NULL };
	struct cli_send_item it[2];
	struct smb2_msg m[2];
	NTSTATUS st;

	st = peer_open(&p, SMB2_DIALECT_311, false, user, pass);
	if (st != STATUS_SUCCESS) {
		want_status("session for the credit cases", STATUS_SUCCESS, st);
		peer_close(&p);
		return;
	}
	memset(&ov, 0, sizeof(ov));
	ov.set = CLI_OV_CREDIT_CHARGE;
	ov.credit_charge = 1;
	want_status("200 KiB READ charged one credit", STATUS_INVALID_PARAMETER,
	            done(cli_read_send(p.t, fid, 0, BIG_READ, &ov, &r), &r));

	/* A chain whose first message says it is related (3.3.5.2.7.2). */
	memset(m, 0, sizeof(m));
	memset(it, 0, sizeof(it));
	memset(&ov2, 0, sizeof(ov2));
	ov2.hook = hook_first_related;
	ov2.sign = CLI_SIGN_NEVER;
	for (int i = 0; i < 2; i++) {
		m[i].hdr.command = SMB2_ECHO;
		m[i].kind = SMB2_MSG_REQ(SMB2_ECHO);
		it[i].m = &m[i];
		it[i].sess = p.s;
	}
	it[0].ov = &ov2;
	st = cli_send_chain(p.c, it, 2, rs);
	if (st == STATUS_SUCCESS) {
		(void)cli_wait_all(rs, 2, RAW_TIMEOUT_MS);
		want_status("compound starting with a related request", STATUS_INVALID_PARAMETER,
		            rs[0]->status);
		cli_req_free(rs[0]);
		cli_req_free(rs[1]);
	} else {
		want_status("compound starting with a related request (send)", STATUS_SUCCESS, st);
	}
	want_status("connection usable after that compound", STATUS_SUCCESS, cli_echo(p.c));

	/* A message id already used: the connection goes (3.3.5.2.3). */
	memset(&ov, 0, sizeof(ov));
	ov.set = CLI_OV_MESSAGE_ID;
	ov.message_id = 1;
	want_status("reused message id: disconnect", STATUS_CONNECTION_DISCONNECTED,
	            done(cli_echo_send(p.c, NULL, &ov, &r), &r));
	peer_close(&p);
	check_good("a reused message id");

	st = peer_open(&p, SMB2_DIALECT_311, false, user, pass);
	if (st != STATUS_SUCCESS) {
		want_status("session for the chain case", STATUS_SUCCESS, st);
		peer_close(&p);
		return;
	}
	memset(&ov2, 0, sizeof(ov2));
	ov2.hook = hook_next_past_end;
	ov2.sign = CLI_SIGN_NEVER;
	it[0].ov = &ov2;
	it[0].sess = it[1].sess = p.s;
	st = cli_send_chain(p.c, it, 2, rs);
	if (st == STATUS_SUCCESS) {
		(void)cli_wait_all(rs, 2, RAW_TIMEOUT_MS);
		want_status("NextCommand past the frame: disconnect", STATUS_CONNECTION_DISCONNECTED,
		            rs[0]->status);
		cli_req_free(rs[0]);
		cli_req_free(rs[1]);
	} else {
		want_status("NextCommand past the frame (send)", STATUS_SUCCESS, st);
	}
	peer_close(&p);
	check_good("a chain pointing past the frame");

	/* NextCommand 16: the next message would start inside this header. */
	st = peer_open(&p, SMB2_DIALECT_311, false, user, pass);
	if (st != STATUS_SUCCESS) {
		want_status("session for the overlapping chain", STATUS_SUCCESS, st);
		peer_close(&p);
		return;
	}
	ov2.hook = hook_next_into_header;
	it[0].sess = it[1].sess = p.s;
	st = cli_send_chain(p.c, it, 2, rs);
	if (st == STATUS_SUCCESS) {
		(void)cli_wait_all(rs, 2, RAW_TIMEOUT_MS);
		result("NextCommand into its own header: refused or disconnect",
		       rs[0]->status == STATUS_CONNECTION_DISCONNECTED ||
		               rs[0]->status == STATUS_INVALID_PARAMETER,
		       nt_status_name(rs[0]->status));
		cli_req_free(rs[0]);
		cli_req_free(rs[1]);
	} else {
		want_status("NextCommand into its own header (send)", STATUS_SUCCESS, st);
	}
	peer_close(&p);
	check_good("a chain overlapping its own header");
}

int main(int argc, char **argv)
{
	NTSTATUS st;

	if (argc != 7) {
		fprintf(stderr, "usage: %s HOST SHARE USER PASSWORD OTHER_USER OTHER_PASSWORD\n",
		        argv[0]);
		return 2;
	}
	host = argv[1];
	share = argv[2];
	user = argv[3];
	pass = argv[4];
	ouser = argv[5];
	opass = argv[6];
	base = event_base_new();
	if (!base)
		return 1;
	st = peer_open(&good, SMB2_DIALECT_311, true, user, pass);
	if (st != STATUS_SUCCESS) {
		fprintf(stderr, "srv_badinput: the well-behaved client cannot connect: %s\n",
		        nt_status_name(st));
		peer_close(&good);
		event_base_free(base);
		return 1;
	}
	raw_frames();
	raw_order();
	foreign_ids();
	credits_and_compounds();
	check_good("every case");
	want_status("well-behaved client logs off", STATUS_SUCCESS, cli_logoff(good.s));
	peer_close(&good);
	event_base_free(base);
	printf("%u cases, %u failed\n", cases, failures);
	return failures ? 1 : 0;
}
