/*
 * The Direct TCP transport's framing over loopback, event-driven on one
 * event_base: frames of 1 byte to 8 MiB both ways, framing split and
 * coalesced in every way a raw socket can arrange, keep-alives, the input
 * buffer's growth and shrinking, frame size limits, bad NBSS types,
 * garbage.
 *
 * The listen address is $SMBSIM_TEST_ADDR (default 127.0.0.1:0), so that
 * tests/scripts/check_tcp_socket_wrapper.sh can run this under
 * socket_wrapper.
 */
#include "tcp_util.h"

static const size_t sizes[] = {
	1, 2, 3, 4, 5, 63, 64, 65, 1000, 4095, 4096, 65535, 65536, 65537,
	1024 * 1024, 3 * 1024 * 1024 + 17, SMB2_MAX_IO_SIZE,
};
#define NSIZES (sizeof(sizes) / sizeof(sizes[0]))

static void test_frames_both_ways(void **state)
{
	(void)state;
	struct ctx c;

	ctx_init(&c, SMB2_MAX_PDU);
	ctx_connect(&c, SMB2_MAX_PDU);
	c.srv.mode = MODE_ECHO;
	assert_string_not_equal(c.cli.t->local_addr, "");
	assert_string_equal(c.cli.t->peer_addr, smb_tcp_listener_addr(c.l));
	assert_string_equal(c.srv.t->local_addr, smb_tcp_listener_addr(c.l));
	assert_string_equal(c.srv.t->peer_addr, c.cli.t->local_addr);
	assert_string_equal(c.cli.t->ops->name, "tcp");
	for (size_t i = 0; i < NSIZES; i++)
		assert_int_equal(send_pattern(c.cli.t, sizes[i], i), 0);
	wait_frames(&c, &c.cli, NSIZES);
	assert_int_equal(c.srv.frames, NSIZES);
	assert_true(c.srv.pattern_ok);
	assert_true(c.cli.pattern_ok);
	for (size_t i = 0; i < NSIZES; i++) {
		assert_int_equal(c.srv.lens[i], sizes[i]);
		assert_int_equal(c.cli.lens[i], sizes[i]);
	}
	assert_int_equal(smb_tcp_queued(c.cli.t), 0);
	assert_int_equal(c.srv.closes + c.cli.closes, 0);
	ctx_free(&c);
}

static void test_many_frames_one_write(void **state)
{
	(void)state;
	struct ctx c;
	uint8_t buf[100 * (4 + 40) + 50 * 4];
	size_t off = 0;

	ctx_init(&c, SMB2_MAX_PDU_PRE_NEGOTIATE);
	int fd = ctx_raw(&c);
	for (size_t k = 0; k < 100; k++) {
		/* NetBIOS keep-alives between frames are ignored. */
		if (k % 2 == 0) {
			assert_int_equal(smb2_nbss_hdr_encode(buf + off, SMB2_NBSS_KEEP_ALIVE, 0),
			                 STATUS_SUCCESS);
			off += 4;
		}
		make_frame(buf + off, 1 + k % 40, k);
		off += 4 + 1 + k % 40;
	}
	raw_write(fd, buf, off);
	wait_frames(&c, &c.srv, 100);
	assert_true(c.srv.pattern_ok);
	for (size_t k = 0; k < 100; k++)
		assert_int_equal(c.srv.lens[k], 1 + k % 40);
	assert_int_equal(c.srv.closes, 0);
	/* A clean close between frames is on_close(0). */
	close(fd);
	wait_close(&c, &c.srv);
	assert_int_equal(c.srv.close_err, 0);
	assert_int_equal(c.srv.frames, 100);
	ctx_free(&c);
}

static void test_split_frames(void **state)
{
	(void)state;
	struct ctx c;
	uint8_t buf[2 * (4 + 300)];

	ctx_init(&c, SMB2_MAX_PDU_PRE_NEGOTIATE);
	int fd = ctx_raw(&c);
	make_frame(buf, 300, 0);
	make_frame(buf + 304, 300, 1);
	/* Cut inside the header, at its end, inside the payload, and across
	 * the boundary between the two frames; wait for each piece to be
	 * read before writing the next. */
	static const size_t cuts[] = { 1, 3, 4, 5, 200, 303, 305, 306, 500, 608 };
	size_t prev = 0;
	for (size_t i = 0; i < sizeof(cuts) / sizeof(cuts[0]); i++) {
		raw_write(fd, buf + prev, cuts[i] - prev);
		prev = cuts[i];
		if (prev < 304) {
			wait_buffered(&c, &c.srv, prev);
			assert_int_equal(c.srv.frames, 0);
		} else if (prev < 608) {
			wait_frames(&c, &c.srv, 1);
			wait_buffered(&c, &c.srv, prev - 304);
			assert_int_equal(c.srv.frames, 1);
		}
	}
	wait_frames(&c, &c.srv, 2);
	assert_int_equal(smb_tcp_buffered(c.srv.t), 0);
	assert_true(c.srv.pattern_ok);
	/* The peer stopping inside a frame breaks the framing. */
	raw_write(fd, buf, 10);
	wait_buffered(&c, &c.srv, 10);
	close(fd);
	wait_close(&c, &c.srv);
	assert_int_equal(c.srv.close_err, -EPROTO);
	assert_int_equal(c.srv.frames, 2);
	ctx_free(&c);
}

/* Frames longer than a read chunk: delivered whole when they arrive
 * back to back in one write, when cut anywhere, and with a small frame
 * behind them; the input buffer keeps the size they needed while they
 * keep coming and gives it back after SMB_TCP_SHRINK_AFTER small frames in
 * a row, or at once when max_frame goes down. */
static void test_large_frames_keep_buffer(void **state)
{
	(void)state;
	struct ctx c;
	const size_t big = 300 * 1024, small = 100;
	size_t nbig = 3, off = 0, k = 0;
	uint8_t *buf = malloc(nbig * (4 + big) + 4 + small);
	uint8_t sm[4 + 100];

	assert_non_null(buf);
	ctx_init(&c, SMB2_MAX_PDU);
	int fd = ctx_raw(&c);
	assert_int_equal(smb_tcp_in_capacity(c.srv.t), 0);
	for (; k < nbig; k++) {
		make_frame(buf + off, big, k);
		off += 4 + big;
	}
	make_frame(buf + off, small, k++);
	off += 4 + small;
	raw_write_pump(&c, fd, buf, off);
	wait_frames(&c, &c.srv, k);
	assert_true(c.srv.pattern_ok);
	for (size_t i = 0; i < nbig; i++)
		assert_int_equal(c.srv.lens[i], big);
	assert_int_equal(c.srv.lens[nbig], small);
	assert_int_equal(smb_tcp_buffered(c.srv.t), 0);
	assert_true(smb_tcp_in_capacity(c.srv.t) >= big + 4);
	assert_true(smb_tcp_in_capacity(c.srv.t) <= SMB2_MAX_PDU + 4);

	/* One large frame cut inside its header, inside its payload and one
	 * byte before its end, then its last byte together with the start of
	 * the next frame. */
	make_frame(buf, big, k);
	make_frame(buf + 4 + big, small, k + 1);
	static const size_t cuts[] = { 2, 70000, 4 + big - 1 };
	size_t prev = 0;
	for (size_t i = 0; i < sizeof(cuts) / sizeof(cuts[0]); i++) {
		raw_write_pump(&c, fd, buf + prev, cuts[i] - prev);
		prev = cuts[i];
		wait_buffered(&c, &c.srv, prev);
		assert_int_equal(c.srv.frames, k);
	}
	raw_write_pump(&c, fd, buf + prev, 4 + big + 10 - prev);
	wait_frames(&c, &c.srv, k + 1);
	wait_buffered(&c, &c.srv, 10);
	raw_write_pump(&c, fd, buf + 4 + big + 10, small - 6);
	k += 2;
	wait_frames(&c, &c.srv, k);
	assert_true(c.srv.pattern_ok);
	assert_int_equal(c.srv.lens[k - 2], big);
	assert_true(smb_tcp_in_capacity(c.srv.t) >= big + 4);

	/* Small frames: the buffer stays until SMB_TCP_SHRINK_AFTER in a row
	 * (the one above counts). */
	for (unsigned i = 1; i < SMB_TCP_SHRINK_AFTER; i++) {
		make_frame(sm, small, k);
		raw_write_pump(&c, fd, sm, sizeof(sm));
		wait_frames(&c, &c.srv, ++k);
		if (i + 1 < SMB_TCP_SHRINK_AFTER)
			assert_true(smb_tcp_in_capacity(c.srv.t) >= big + 4);
	}
	assert_true(c.srv.pattern_ok);
	assert_int_equal(smb_tcp_in_capacity(c.srv.t), SMB_TCP_READ_CHUNK);

	/* Grown again, then max_frame lowered: given back after the next
	 * frame. */
	make_frame(buf, big, k++);
	raw_write_pump(&c, fd, buf, 4 + big);
	wait_frames(&c, &c.srv, k);
	assert_true(smb_tcp_in_capacity(c.srv.t) >= big + 4);
	c.srv.t->max_frame = 1000;
	make_frame(sm, small, k++);
	raw_write_pump(&c, fd, sm, sizeof(sm));
	wait_frames(&c, &c.srv, k);
	assert_int_equal(smb_tcp_in_capacity(c.srv.t), SMB_TCP_READ_CHUNK);
	assert_true(c.srv.pattern_ok);
	assert_int_equal(c.srv.closes, 0);
	close(fd);
	wait_close(&c, &c.srv);
	assert_int_equal(c.srv.close_err, 0);
	free(buf);
	ctx_free(&c);
}

static void test_oversize_frame(void **state)
{
	(void)state;
	struct ctx c;
	uint8_t hdr[4];

	ctx_init(&c, 1000);
	int fd = ctx_raw(&c);
	uint8_t ok[4 + 1000];
	make_frame(ok, 1000, 0);
	raw_write(fd, ok, sizeof(ok));
	wait_frames(&c, &c.srv, 1);
	/* Only the header of a 1001-byte frame: it closes at once. */
	assert_int_equal(smb2_nbss_hdr_encode(hdr, SMB2_NBSS_SESSION_MESSAGE, 1001),
	                 STATUS_SUCCESS);
	raw_write(fd, hdr, sizeof(hdr));
	wait_close(&c, &c.srv);
	assert_int_equal(c.srv.close_err, -EPROTO);
	assert_int_equal(c.srv.frames, 1);
	/* And sends past the limit, or after the close, are refused. */
	assert_int_equal(send_pattern(c.srv.t, 10, 0), -ENOTCONN);
	close(fd);
	ctx_free(&c);
}

static void test_max_frame_changes(void **state)
{
	(void)state;
	struct ctx c;

	ctx_init(&c, SMB2_MAX_PDU_PRE_NEGOTIATE);
	ctx_connect(&c, SMB2_MAX_PDU_PRE_NEGOTIATE);
	assert_int_equal(send_pattern(c.cli.t, SMB2_MAX_PDU_PRE_NEGOTIATE + 1, 0), -EMSGSIZE);
	assert_int_equal(send_pattern(c.cli.t, 0, 0), -EINVAL);
	assert_int_equal(send_pattern(c.cli.t, SMB2_MAX_PDU_PRE_NEGOTIATE, 0), 0);
	wait_frames(&c, &c.srv, 1);
	/* After NEGOTIATE both ends raise the limit. */
	c.cli.t->max_frame = SMB2_MAX_PDU;
	c.srv.t->max_frame = SMB2_MAX_PDU;
	assert_int_equal(send_pattern(c.cli.t, 1024 * 1024, 1), 0);
	wait_frames(&c, &c.srv, 2);
	/* Lowered again: the next bigger frame closes the receiver. */
	c.srv.t->max_frame = 100;
	assert_int_equal(send_pattern(c.cli.t, 101, 2), 0);
	wait_close(&c, &c.srv);
	assert_int_equal(c.srv.close_err, -EPROTO);
	assert_true(c.srv.pattern_ok);
	ctx_free(&c);
}

static void test_bad_nbss_type(void **state)
{
	(void)state;
	/* A session request, a positive response, an unknown type, a
	 * keep-alive with a length, an empty session message. */
	static const uint8_t bad[][4] = {
		{ 0x81, 0, 0, 4 }, { 0x82, 0, 0, 0 }, { 0x42, 0, 0, 0 },
		{ 0x85, 0, 0, 1 }, { 0x00, 0, 0, 0 },
	};

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct ctx c;

		ctx_init(&c, SMB2_MAX_PDU_PRE_NEGOTIATE);
		int fd = ctx_raw(&c);
		raw_write(fd, bad[i], sizeof(bad[i]));
		raw_write(fd, "abcd", 4);
		wait_close(&c, &c.srv);
		assert_int_equal(c.srv.close_err, -EPROTO);
		assert_int_equal(c.srv.frames, 0);
		close(fd);
		ctx_free(&c);
	}
}

/* Random bytes from a raw socket: the transport closes cleanly (or
 * delivers what happened to frame correctly), never crashes or hangs. */
static void test_garbage(void **state)
{
	(void)state;
	uint32_t x = 0x12345678u;

	for (int round = 0; round < 40; round++) {
		struct ctx c;
		uint8_t junk[4096];

		ctx_init(&c, round % 2 ? SMB2_MAX_PDU : 512);
		int fd = ctx_raw(&c);
		for (size_t i = 0; i < sizeof(junk); i++) {
			x ^= x << 13;
			x ^= x >> 17;
			x ^= x << 5;
			junk[i] = (uint8_t)x;
		}
		/* Some rounds start like a real frame header. */
		if (round % 4 == 0) {
			junk[0] = 0;
			junk[1] = 0;
		}
		raw_write(fd, junk, sizeof(junk) / (1 + (size_t)round % 3));
		close(fd);
		wait_close(&c, &c.srv);
		assert_true(c.srv.close_err == 0 || c.srv.close_err == -EPROTO ||
		            c.srv.close_err == -ECONNRESET);
		ctx_free(&c);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_frames_both_ways),
		cmocka_unit_test(test_many_frames_one_write),
		cmocka_unit_test(test_split_frames),
		cmocka_unit_test(test_large_frames_keep_buffer),
		cmocka_unit_test(test_oversize_frame),
		cmocka_unit_test(test_max_frame_changes),
		cmocka_unit_test(test_bad_nbss_type),
		cmocka_unit_test(test_garbage),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
