/*
 * The Direct TCP transport's connections over loopback, event-driven on
 * one event_base: address parsing, disconnects and peer closes, free and
 * disconnect inside callbacks, back-pressure with set_receiving, the send
 * queue bound, refused connects, IPv6.
 *
 * The listen address is $SMBSIM_TEST_ADDR (default 127.0.0.1:0) and the
 * IPv6 one $SMBSIM_TEST_ADDR6 (default [::1]:0), so that
 * tests/scripts/check_tcp_socket_wrapper.sh can run this under
 * socket_wrapper.
 */
#include "tcp_util.h"

static void test_addr_parse(void **state)
{
	(void)state;
	struct sockaddr_storage ss;
	socklen_t len;
	char out[SMB_ADDR_STRLEN];

	assert_int_equal(smb_addr_parse("127.0.0.10:445", false, &ss, &len), 0);
	smb_addr_format((struct sockaddr *)&ss, len, out, sizeof(out));
	assert_string_equal(out, "127.0.0.10:445");
	assert_int_equal(smb_addr_parse("10.1.2.3", false, &ss, &len), 0);
	smb_addr_format((struct sockaddr *)&ss, len, out, sizeof(out));
	assert_string_equal(out, "10.1.2.3:445");
	assert_int_equal(smb_addr_parse("[::1]:8445", false, &ss, &len), 0);
	smb_addr_format((struct sockaddr *)&ss, len, out, sizeof(out));
	assert_string_equal(out, "[::1]:8445");
	assert_int_equal(smb_addr_parse("[fd00::5357:5f0a]", false, &ss, &len), 0);
	smb_addr_format((struct sockaddr *)&ss, len, out, sizeof(out));
	assert_string_equal(out, "[fd00::5357:5f0a]:445");
	assert_int_equal(smb_addr_parse("0.0.0.0:0", true, &ss, &len), 0);

	static const char *const bad[] = {
		"", ":445", "1.2.3.4:", "1.2.3.4:x", "1.2.3.4:65536", "1.2.3.4:-1",
		"1.2.3.4:0", "::1", "[::1", "[::1]x", "[::1]:", "[1.2.3.4]:445",
		"[not-an-address]:1", "1.2.3.4:445:1", "1.2.3.4: 445",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		memset(&ss, 0xAA, sizeof(ss));
		assert_int_equal(smb_addr_parse(bad[i], false, &ss, &len), -EINVAL);
		assert_int_equal(((uint8_t *)&ss)[0], 0xAA);
	}
	assert_int_equal(smb_addr_parse(NULL, false, &ss, &len), -EINVAL);
	struct sockaddr un = { .sa_family = AF_UNIX };
	smb_addr_format(&un, sizeof(un), out, sizeof(out));
	assert_string_equal(out, "?");
}

static void test_disconnect_and_peer_close(void **state)
{
	(void)state;
	struct ctx c;

	ctx_init(&c, SMB2_MAX_PDU_PRE_NEGOTIATE);
	ctx_connect(&c, SMB2_MAX_PDU_PRE_NEGOTIATE);
	assert_int_equal(send_pattern(c.cli.t, 100, 0), 0);
	wait_frames(&c, &c.srv, 1);
	smb_transport_disconnect(c.cli.t);
	/* on_close comes from the loop; sends are refused at once. */
	assert_int_equal(c.cli.closes, 0);
	assert_int_equal(send_pattern(c.cli.t, 10, 0), -ENOTCONN);
	smb_transport_disconnect(c.cli.t);
	wait_close(&c, &c.cli);
	assert_int_equal(c.cli.close_err, 0);
	wait_close(&c, &c.srv);
	assert_int_equal(c.srv.close_err, 0);
	tu_loop_drain(c.base);
	assert_int_equal(c.cli.closes, 1);
	assert_int_equal(c.srv.closes, 1);
	ctx_free(&c);
}

static void test_free_inside_on_frame(void **state)
{
	(void)state;
	struct ctx c;

	ctx_init(&c, SMB2_MAX_PDU_PRE_NEGOTIATE);
	ctx_connect(&c, SMB2_MAX_PDU_PRE_NEGOTIATE);
	c.srv.mode = MODE_FREE;
	for (size_t k = 0; k < 3; k++)
		assert_int_equal(send_pattern(c.cli.t, 50, k), 0);
	wait_frames(&c, &c.srv, 1);
	assert_null(c.srv.t);
	/* The client sees the connection go. */
	wait_close(&c, &c.cli);
	tu_loop_drain(c.base);
	assert_int_equal(c.srv.frames, 1);
	assert_int_equal(c.srv.closes, 0);
	ctx_free(&c);
}

static void test_disconnect_inside_on_frame(void **state)
{
	(void)state;
	struct ctx c;

	ctx_init(&c, SMB2_MAX_PDU_PRE_NEGOTIATE);
	ctx_connect(&c, SMB2_MAX_PDU_PRE_NEGOTIATE);
	c.srv.mode = MODE_DISCONNECT;
	for (size_t k = 0; k < 3; k++)
		assert_int_equal(send_pattern(c.cli.t, 50, k), 0);
	wait_close(&c, &c.srv);
	assert_int_equal(c.srv.close_err, 0);
	assert_int_equal(c.srv.frames, 1);
	wait_close(&c, &c.cli);
	ctx_free(&c);
}

/* Free from inside on_close, and from inside on_connected. */
static void free_on_close(void *arg, int err)
{
	struct end *e = arg;

	(void)err;
	e->closes++;
	smb_transport_free(e->t);
	e->t = NULL;
}

static void free_on_connected(void *arg)
{
	struct end *e = arg;

	e->connected++;
	smb_transport_free(e->t);
	e->t = NULL;
}

static void test_free_inside_other_callbacks(void **state)
{
	(void)state;
	struct ctx c;

	ctx_init(&c, SMB2_MAX_PDU_PRE_NEGOTIATE);
	struct smb_transport_cbs cbs = { on_frame, free_on_close, &c.cli };
	assert_int_equal(smb_tcp_connect(c.base, smb_tcp_listener_addr(c.l), &cbs, on_connected,
	                                 &c.cli.t), 0);
	assert_true(tu_loop_until(c.base, cond_connected, &c));
	smb_transport_disconnect(c.cli.t);
	wait_close(&c, &c.cli);
	assert_null(c.cli.t);
	wait_close(&c, &c.srv);
	smb_transport_free(c.srv.t);
	memset(&c.srv, 0, sizeof(c.srv));
	c.srv.pattern_ok = true;
	c.accepted = 0;

	struct smb_transport_cbs cbs2 = { on_frame, on_close, &c.cli };
	c.cli.connected = 0;
	c.cli.closes = 0;
	assert_int_equal(smb_tcp_connect(c.base, smb_tcp_listener_addr(c.l), &cbs2,
	                                 free_on_connected, &c.cli.t), 0);
	assert_true(tu_loop_until(c.base, cond_connected, &c));
	assert_null(c.cli.t);
	wait_close(&c, &c.srv);
	tu_loop_drain(c.base);
	assert_int_equal(c.cli.closes, 0);
	ctx_free(&c);
}

static void test_set_receiving(void **state)
{
	(void)state;
	struct ctx c;
	uint8_t buf[3 * (4 + 20)];

	ctx_init(&c, SMB2_MAX_PDU_PRE_NEGOTIATE);
	int fd = ctx_raw(&c);
	c.srv.mode = MODE_PAUSE_FIRST;
	for (size_t k = 0; k < 3; k++)
		make_frame(buf + k * 24, 20, k);
	raw_write(fd, buf, sizeof(buf));
	/* One read brings all three; delivery stops after the first. */
	wait_frames(&c, &c.srv, 1);
	wait_buffered(&c, &c.srv, 48);
	/* More arrives at the socket while paused: not read, not given. */
	uint8_t more[4 + 20];
	make_frame(more, 20, 3);
	raw_write(fd, more, sizeof(more));
	tu_loop_drain(c.base);
	assert_int_equal(c.srv.frames, 1);
	assert_int_equal(smb_tcp_buffered(c.srv.t), 48);
	/* Resumed: everything, in order, from the loop. */
	c.srv.mode = MODE_RECORD;
	c.srv.t->ops->set_receiving(c.srv.t, true);
	assert_int_equal(c.srv.frames, 1);
	wait_frames(&c, &c.srv, 4);
	assert_true(c.srv.pattern_ok);
	/* The peer's close is not seen while paused either. */
	c.srv.t->ops->set_receiving(c.srv.t, false);
	close(fd);
	tu_loop_drain(c.base);
	assert_int_equal(c.srv.closes, 0);
	c.srv.t->ops->set_receiving(c.srv.t, true);
	wait_close(&c, &c.srv);
	assert_int_equal(c.srv.close_err, 0);
	ctx_free(&c);
}

static void test_queue_bound(void **state)
{
	(void)state;
	struct ctx c;
	const size_t frame = 60000, bound = 256 * 1024;
	size_t sent = 0;
	int rc = 0;

	ctx_init(&c, SMB2_MAX_PDU_PRE_NEGOTIATE);
	ctx_connect(&c, SMB2_MAX_PDU_PRE_NEGOTIATE);
	c.srv.t->ops->set_receiving(c.srv.t, false);
	smb_tcp_set_sendq_max(c.cli.t, bound);
	/* The kernel's buffers fill first, then the queue, then -ENOBUFS. */
	for (size_t i = 0; i < 4000; i++) {
		rc = send_pattern(c.cli.t, frame, sent);
		if (rc)
			break;
		sent++;
		tu_loop_drain(c.base);
		assert_true(smb_tcp_queued(c.cli.t) <= bound);
	}
	assert_int_equal(rc, -ENOBUFS);
	assert_true(smb_tcp_queued(c.cli.t) > bound - frame - 4);
	/* Nothing was lost: once the server reads, every frame arrives. */
	c.srv.t->ops->set_receiving(c.srv.t, true);
	wait_frames(&c, &c.srv, sent);
	assert_true(c.srv.pattern_ok);
	assert_int_equal(smb_tcp_queued(c.cli.t), 0);
	ctx_free(&c);
}

static void test_connect_refused(void **state)
{
	(void)state;
	struct ctx c;
	char addr[SMB_ADDR_STRLEN];
	int rc;

	ctx_init(&c, SMB2_MAX_PDU_PRE_NEGOTIATE);
	strcpy(addr, smb_tcp_listener_addr(c.l));
	smb_tcp_listener_free(c.l);
	c.l = NULL;
	struct smb_transport_cbs cbs = { on_frame, on_close, &c.cli };
	assert_int_equal(smb_tcp_connect(c.base, addr, &cbs, on_connected, &c.cli.t), 0);
	/* Queued before the failure and dropped with it; or refused, when
	 * connect() failed at once (socket_wrapper does that). */
	rc = send_pattern(c.cli.t, 10, 0);
	assert_true(rc == 0 || rc == -ENOTCONN);
	assert_int_equal(c.cli.closes, 0);
	wait_close(&c, &c.cli);
	assert_true(c.cli.close_err < 0);
	assert_int_equal(c.cli.connected, 0);
	assert_int_equal(send_pattern(c.cli.t, 10, 0), -ENOTCONN);
	ctx_free(&c);

	/* Addresses that do not parse fail at once. */
	struct event_base *base = event_base_new();
	struct smb_transport *t = NULL;
	struct smb_tcp_listener *l = NULL;
	assert_int_equal(smb_tcp_connect(base, "127.0.0.1:0", &cbs, NULL, &t), -EINVAL);
	assert_int_equal(smb_tcp_connect(base, "::1:445", &cbs, NULL, &t), -EINVAL);
	assert_int_equal(smb_tcp_listen(base, "127.0.0.1:99999", accept_cb, NULL, &l), -EINVAL);
	assert_null(t);
	assert_null(l);
	event_base_free(base);
}

static void test_ipv6(void **state)
{
	(void)state;
	const char *a6 = getenv("SMBSIM_TEST_ADDR6");
	struct ctx c;
	int rc;

	memset(&c, 0, sizeof(c));
	c.srv.pattern_ok = c.cli.pattern_ok = true;
	c.srv_max_frame = SMB2_MAX_PDU_PRE_NEGOTIATE;
	c.base = event_base_new();
	rc = smb_tcp_listen(c.base, a6 && *a6 ? a6 : "[::1]:0", accept_cb, &c, &c.l);
	if (rc == -EADDRNOTAVAIL || rc == -EAFNOSUPPORT) {
		/* No IPv6 loopback on this machine. */
		event_base_free(c.base);
		skip();
	}
	assert_int_equal(rc, 0);
	assert_true(smb_tcp_listener_addr(c.l)[0] == '[');
	ctx_connect(&c, SMB2_MAX_PDU_PRE_NEGOTIATE);
	c.srv.mode = MODE_ECHO;
	assert_int_equal(send_pattern(c.cli.t, 1000, 0), 0);
	wait_frames(&c, &c.cli, 1);
	assert_true(c.cli.pattern_ok);
	assert_string_equal(c.srv.t->peer_addr, c.cli.t->local_addr);
	ctx_free(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_addr_parse),
		cmocka_unit_test(test_disconnect_and_peer_close),
		cmocka_unit_test(test_free_inside_on_frame),
		cmocka_unit_test(test_disconnect_inside_on_frame),
		cmocka_unit_test(test_free_inside_other_callbacks),
		cmocka_unit_test(test_set_receiving),
		cmocka_unit_test(test_queue_bound),
		cmocka_unit_test(test_connect_refused),
		cmocka_unit_test(test_ipv6),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
