/* Compound chains: builder, iterator, malformed NextCommand, limits. */
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "wire/compound.h"
#include "wire/hdr.h"
#include "wire/limits.h"

/* Append one message: a header and `body` bytes of zeros after a
 * StructureSize. */
static void add_msg(struct smb2_compound_builder *b, uint16_t command, uint32_t flags,
                    size_t body)
{
	struct smb2_hdr h = {
		.command = command, .credit = 1, .flags = flags, .message_id = b->count,
		.process_id = 0xFEFF, .tree_id = 1, .session_id = 5,
	};

	assert_status(smb2_compound_add(b), STATUS_SUCCESS);
	assert_status(smb2_hdr_encode(b->w, &h), STATUS_SUCCESS);
	wr_zero(b->w, body);
}

/* CREATE-like (odd length), READ-like, CLOSE: lengths 64+57, 64+49, 64+24. */
static void build3(struct wr *w, bool related)
{
	struct smb2_compound_builder b;
	uint32_t rel = related ? SMB2_FLAGS_RELATED_OPERATIONS : 0;

	wr_init(w, 0);
	smb2_compound_begin(&b, w);
	add_msg(&b, SMB2_CREATE, 0, 57);
	add_msg(&b, SMB2_READ, rel, 49);
	add_msg(&b, SMB2_CLOSE, rel, 24);
	assert_status(smb2_compound_end(&b), STATUS_SUCCESS);
}

static void test_build_and_iterate(void **state)
{
	(void)state;
	struct wr w;
	struct smb2_compound_iter it;
	struct rd msg;
	struct smb2_hdr h;
	const size_t lens[3] = { 128, 120, 88 };  /* padded, padded, not padded */
	const uint16_t cmds[3] = { SMB2_CREATE, SMB2_READ, SMB2_CLOSE };
	size_t off = 0;

	build3(&w, true);
	assert_int_equal(w.len, 128 + 120 + 88);
	assert_int_equal(le32(w.buf + 20), 128);
	assert_int_equal(le32(w.buf + 128 + 20), 120);
	assert_int_equal(le32(w.buf + 248 + 20), 0);

	smb2_compound_init(&it, w.buf, w.len);
	for (unsigned i = 0; i < 3; i++) {
		assert_true(smb2_compound_next(&it, &msg));
		assert_int_equal(it.index, i);
		assert_int_equal(it.offset, off);
		assert_int_equal(msg.len, lens[i]);
		assert_ptr_equal(msg.base, w.buf + off);
		assert_int_equal(msg.pos, 0);
		assert_int_equal(it.related, i > 0);
		assert_status(smb2_compound_check_related(&it), STATUS_SUCCESS);
		assert_status(smb2_hdr_decode(&msg, &h), STATUS_SUCCESS);
		assert_int_equal(h.command, cmds[i]);
		off += lens[i];
	}
	assert_false(smb2_compound_next(&it, &msg));
	assert_status(it.status, STATUS_SUCCESS);
	assert_false(smb2_compound_next(&it, &msg));
	assert_int_equal(smb2_compound_count(w.buf, w.len, NULL), 3);
	wr_free(&w);
}

static void test_single_message(void **state)
{
	(void)state;
	struct wr w;
	struct smb2_compound_builder b;
	struct smb2_compound_iter it;
	struct rd msg;

	wr_init(&w, 0);
	smb2_compound_begin(&b, &w);
	/* A lone related message is not a chain: allowed both ways. */
	add_msg(&b, SMB2_ECHO, SMB2_FLAGS_RELATED_OPERATIONS, 4);
	assert_status(smb2_compound_end(&b), STATUS_SUCCESS);
	assert_int_equal(w.len, 68);
	smb2_compound_init(&it, w.buf, w.len);
	assert_true(smb2_compound_next(&it, &msg));
	assert_int_equal(msg.len, 68);
	assert_status(smb2_compound_check_related(&it), STATUS_SUCCESS);
	assert_false(smb2_compound_next(&it, &msg));
	assert_status(it.status, STATUS_SUCCESS);
	wr_free(&w);
}

static void test_first_related(void **state)
{
	(void)state;
	struct wr w;
	struct smb2_compound_builder b;
	struct smb2_compound_iter it;
	struct rd msg;

	/* MS-SMB2 3.2.4.1.4: the builder refuses a related first message. */
	wr_init(&w, 0);
	smb2_compound_begin(&b, &w);
	add_msg(&b, SMB2_CREATE, SMB2_FLAGS_RELATED_OPERATIONS, 57);
	add_msg(&b, SMB2_CLOSE, SMB2_FLAGS_RELATED_OPERATIONS, 24);
	assert_status(smb2_compound_end(&b), STATUS_INVALID_PARAMETER);
	/* MS-SMB2 3.3.5.2.7.2: and the iterator reports it. */
	smb2_compound_init(&it, w.buf, w.len);
	assert_true(smb2_compound_next(&it, &msg));
	assert_status(smb2_compound_check_related(&it), STATUS_INVALID_PARAMETER);
	assert_true(smb2_compound_next(&it, &msg));
	assert_status(smb2_compound_check_related(&it), STATUS_SUCCESS);
	wr_free(&w);
}

/* Expect the chain to fail at message `bad` (earlier ones come out), with
 * the failed call leaving its output alone. */
static void expect_bad_chain(const uint8_t *frame, size_t len, unsigned bad)
{
	struct smb2_compound_iter it;
	struct rd msg, pattern;
	uint8_t *copy = malloc(len ? len : 1);

	assert_non_null(copy);
	memcpy(copy, frame, len);
	smb2_compound_init(&it, copy, len);
	for (unsigned i = 0; i < bad; i++)
		assert_true(smb2_compound_next(&it, &msg));
	memset(&msg, 0xA5, sizeof(msg));
	memset(&pattern, 0xA5, sizeof(pattern));
	assert_false(smb2_compound_next(&it, &msg));
	assert_memory_equal(&msg, &pattern, sizeof(msg));
	assert_status(it.status, STATUS_INVALID_PARAMETER);
	assert_false(smb2_compound_next(&it, &msg));
	assert_int_equal(smb2_compound_count(copy, len, NULL), 0);
	free(copy);
}

static void test_bad_next_command(void **state)
{
	(void)state;
	struct wr w;
	uint8_t *m;

	build3(&w, false);
	m = malloc(w.len);
	assert_non_null(m);

	/* Misaligned (MS-SMB2 2.2.1, 3.3.5.2.7). */
	memcpy(m, w.buf, w.len);
	put_le32(m + 20, 124);
	expect_bad_chain(m, w.len, 0);
	memcpy(m, w.buf, w.len);
	put_le32(m + 20, 129);
	expect_bad_chain(m, w.len, 0);
	/* Pointing into the header. */
	memcpy(m, w.buf, w.len);
	put_le32(m + 20, 56);
	expect_bad_chain(m, w.len, 0);
	memcpy(m, w.buf, w.len);
	put_le32(m + 20, 8);
	expect_bad_chain(m, w.len, 0);
	/* Past the frame, at its end, and 32-bit large. */
	memcpy(m, w.buf, w.len);
	put_le32(m + 20, 1024);
	expect_bad_chain(m, w.len, 0);
	memcpy(m, w.buf, w.len);
	put_le32(m + 128 + 20, (uint32_t)(w.len - 128));
	expect_bad_chain(m, w.len, 1);
	memcpy(m, w.buf, w.len);
	put_le32(m + 128 + 20, 0xFFFFFFF8u);
	expect_bad_chain(m, w.len, 1);
	/* Next header present but shorter than 64 bytes. */
	memcpy(m, w.buf, w.len);
	put_le32(m + 128 + 20, (uint32_t)(w.len - 128 - 56));
	expect_bad_chain(m, w.len, 2);

	/* Every truncation: cut before the last header is complete, the chain
	 * is broken; cut inside the last message, its cursor just ends
	 * there (its decoder then judges it). */
	for (size_t n = 0; n < w.len; n++) {
		NTSTATUS st;
		unsigned cnt = smb2_compound_count(w.buf, n, &st);
		if (n < 248 + SMB2_HDR_SIZE) {
			assert_int_equal(cnt, 0);
			assert_status(st, STATUS_INVALID_PARAMETER);
		} else {
			assert_int_equal(cnt, 3);
		}
	}
	free(m);
	wr_free(&w);
}

static void test_chain_limit(void **state)
{
	(void)state;
	const size_t n = SMB2_MAX_COMPOUND + 1;
	uint8_t *frame = calloc(n, SMB2_HDR_SIZE);
	struct smb2_compound_iter it;
	struct rd msg;
	unsigned got = 0;

	/* 65 bare headers chained 64 bytes apart. */
	assert_non_null(frame);
	for (size_t i = 0; i < n; i++) {
		put_le32(frame + i * 64, SMB2_MAGIC);
		put_le16(frame + i * 64 + 4, 64);
		put_le32(frame + i * 64 + 20, i + 1 < n ? 64 : 0);
	}
	smb2_compound_init(&it, frame, n * 64);
	while (smb2_compound_next(&it, &msg))
		got++;
	assert_int_equal(got, SMB2_MAX_COMPOUND);
	assert_status(it.status, STATUS_INVALID_PARAMETER);
	/* Exactly the limit is fine. */
	put_le32(frame + (n - 2) * 64 + 20, 0);
	assert_int_equal(smb2_compound_count(frame, (n - 1) * 64, NULL), SMB2_MAX_COMPOUND);
	free(frame);

	/* The builder stops at the limit too. */
	struct wr w;
	struct smb2_compound_builder b;
	wr_init(&w, 0);
	smb2_compound_begin(&b, &w);
	for (unsigned i = 0; i < SMB2_MAX_COMPOUND; i++)
		add_msg(&b, SMB2_ECHO, 0, 4);
	assert_status(smb2_compound_add(&b), STATUS_INVALID_PARAMETER);
	assert_false(wr_ok(&w));
	wr_free(&w);
}

static void test_builder_misuse(void **state)
{
	(void)state;
	struct wr w;
	struct smb2_compound_builder b;

	/* Nothing added. */
	wr_init(&w, 0);
	smb2_compound_begin(&b, &w);
	assert_status(smb2_compound_end(&b), STATUS_INVALID_PARAMETER);
	/* A "message" shorter than a header before the next one. */
	assert_status(smb2_compound_add(&b), STATUS_SUCCESS);
	wr_zero(&w, 10);
	assert_status(smb2_compound_add(&b), STATUS_INVALID_PARAMETER);
	wr_free(&w);
}

/* A frame captured from Windows holds QUERY_DIRECTORY requests chained by
 * NextCommand; the fixture is the first member, whose NextCommand (104)
 * equals its length. */
static void test_windows_member(void **state)
{
	(void)state;
	size_t len;
	uint8_t *m = tu_load_fixture("windows/query_directory_req_fileidboth_win.bin", &len);
	struct smb2_compound_iter it;
	struct rd msg;

	assert_int_equal(len, 104);
	assert_int_equal(le32(m + 20), 104);
	/* On its own the member's NextCommand points at the frame end. */
	expect_bad_chain(m, len, 0);
	/* Followed by a second header it iterates. */
	uint8_t *two = calloc(1, len + 64);
	assert_non_null(two);
	memcpy(two, m, len);
	memcpy(two + len, m, 64);
	put_le32(two + len + 20, 0);
	smb2_compound_init(&it, two, len + 64);
	assert_true(smb2_compound_next(&it, &msg));
	assert_int_equal(msg.len, 104);
	assert_true(smb2_compound_next(&it, &msg));
	assert_int_equal(msg.len, 64);
	assert_false(smb2_compound_next(&it, &msg));
	assert_status(it.status, STATUS_SUCCESS);
	free(two);
	free(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_build_and_iterate),
		cmocka_unit_test(test_single_message),
		cmocka_unit_test(test_first_related),
		cmocka_unit_test(test_bad_next_command),
		cmocka_unit_test(test_chain_limit),
		cmocka_unit_test(test_builder_misuse),
		cmocka_unit_test(test_windows_member),
	};
	return cmocka_run_group_tests_name("compound", tests, NULL, NULL);
}
