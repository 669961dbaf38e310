/* CHANGE_NOTIFY codec and FILE_NOTIFY_INFORMATION chains: round trips,
 * captured Windows bytes, malformed twins. */
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "wire/change_notify.h"
#include "wire/notify_info.h"

TU_DECODER(smb2_change_notify_req_decode, struct smb2_change_notify_req)
TU_ENCODER(smb2_change_notify_req_encode, struct smb2_change_notify_req)
TU_DECODER(smb2_change_notify_rsp_decode, struct smb2_change_notify_rsp)
TU_ENCODER(smb2_change_notify_rsp_encode, struct smb2_change_notify_rsp)

#define BODY SMB2_HDR_SIZE

static const uint8_t n1[] = { 'n', 0, 'e', 0, 'w', 0 };          /* 6: pads to 20 */
static const uint8_t n2[] = { 'o', 0, 'l', 0, 'd', 0, '1', 0 };  /* 8: 20 exactly */
static const uint8_t n3[] = { 'x', 0 };

static void test_req_roundtrip(void **state)
{
	(void)state;
	struct smb2_change_notify_req in = {
		.flags = SMB2_WATCH_TREE,
		.output_buffer_length = 2048,
		.file_id = { 7, 8 },
		.completion_filter = FILE_NOTIFY_CHANGE_FILE_NAME | FILE_NOTIFY_CHANGE_DIR_NAME |
		                     FILE_NOTIFY_CHANGE_STREAM_WRITE,
	}, out;
	struct wr w;

	wr_init(&w, 0);
	tu_encode_msg(&w, SMB2_CHANGE_NOTIFY, 0, smb2_change_notify_req_encode_tu, &in);
	assert_int_equal(w.len, BODY + 32);
	assert_status(tu_decode_body(smb2_change_notify_req_decode_tu, w.buf, w.len, &out),
	              STATUS_SUCCESS);
	assert_int_equal(out.flags, SMB2_WATCH_TREE);
	assert_int_equal(out.output_buffer_length, 2048);
	assert_int_equal(out.file_id.persistent, 7);
	assert_int_equal(out.file_id.volatile_, 8);
	assert_int_equal(out.completion_filter, in.completion_filter);
	tu_truncations(smb2_change_notify_req_decode_tu, w.buf, w.len, w.len, sizeof(out));
	tu_expect_fail_patched16(smb2_change_notify_req_decode_tu, w.buf, w.len, BODY, 33,
	                         STATUS_INVALID_PARAMETER, sizeof(out));
	wr_free(&w);
}

/* Windows 10 client (MS-FASOD example 1, frame 156: CREATE + CHANGE_NOTIFY
 * compound). */
static void test_windows_req(void **state)
{
	(void)state;
	struct smb2_change_notify_req out;
	size_t len;
	uint8_t *m = tu_load_fixture("windows/change_notify_req_win.bin", &len);

	assert_status(tu_decode_body(smb2_change_notify_req_decode_tu, m, len, &out),
	              STATUS_SUCCESS);
	assert_int_equal(out.flags, 0);
	assert_int_equal(out.output_buffer_length, 2048);
	assert_int_equal(out.file_id.persistent, SMB2_FILEID_ANY);
	assert_int_equal(out.file_id.volatile_, SMB2_FILEID_ANY);
	assert_int_equal(out.completion_filter, 0x17);
	tu_truncations(smb2_change_notify_req_decode_tu, m, len, len, sizeof(out));
	free(m);
}

/* Build the three entries; returns the builder's last status. */
static NTSTATUS build(struct wr *w, uint32_t max, uint32_t *count)
{
	const struct smb2_notify_entry e[3] = {
		{ FILE_ACTION_RENAMED_NEW_NAME, { n1, sizeof(n1) } },
		{ FILE_ACTION_RENAMED_OLD_NAME, { n2, sizeof(n2) } },
		{ FILE_ACTION_MODIFIED_STREAM, { n3, sizeof(n3) } },
	};
	struct smb2_notify_builder b;
	NTSTATUS st = STATUS_SUCCESS;

	smb2_notify_builder_init(&b, w, max);
	for (unsigned i = 0; i < 3 && st == STATUS_SUCCESS; i++)
		st = smb2_notify_add(&b, &e[i]);
	*count = b.chain.count;
	assert_int_equal(smb2_notify_len(&b), w->len);
	return st;
}

static NTSTATUS walk(const uint8_t *p, size_t len, unsigned *count)
{
	struct smb2_notify_iter it;
	struct smb2_notify_entry e, pattern;
	uint8_t *copy = malloc(len ? len : 1);
	NTSTATUS st;

	assert_non_null(copy);
	memcpy(copy, p, len);
	smb2_notify_iter_init(&it, (struct smb2_blob){ copy, (uint32_t)len });
	*count = 0;
	for (;;) {
		memset(&e, 0x5A, sizeof(e));
		memcpy(&pattern, &e, sizeof(e));
		st = smb2_notify_next(&it, &e);
		if (st != STATUS_SUCCESS)
			break;
		(*count)++;
	}
	assert_memory_equal(&e, &pattern, sizeof(e));
	free(copy);
	return st;
}

static void test_rsp_with_entries(void **state)
{
	(void)state;
	struct smb2_change_notify_rsp in, out;
	struct smb2_notify_iter it;
	struct smb2_notify_entry e;
	uint32_t count;
	struct wr chain, w;

	wr_init(&chain, 0);
	assert_status(build(&chain, 2048, &count), STATUS_SUCCESS);
	assert_int_equal(count, 3);
	/* 12 + 6 = 18 -> next at 20; 12 + 8 = 20 -> next at 20; last 14. */
	assert_int_equal(le32(chain.buf), 20);
	assert_int_equal(le32(chain.buf + 20), 20);
	assert_int_equal(le32(chain.buf + 40), 0);
	assert_int_equal(chain.len, 54);

	in.buffer = (struct smb2_blob){ chain.buf, (uint32_t)chain.len };
	wr_init(&w, 0);
	tu_encode_msg(&w, SMB2_CHANGE_NOTIFY, 1, smb2_change_notify_rsp_encode_tu, &in);
	assert_int_equal(le16(w.buf + BODY + 2), BODY + 8);
	assert_status(tu_decode_body(smb2_change_notify_rsp_decode_tu, w.buf, w.len, &out),
	              STATUS_SUCCESS);
	assert_int_equal(out.buffer.len, 54);
	smb2_notify_iter_init(&it, out.buffer);
	assert_status(smb2_notify_next(&it, &e), STATUS_SUCCESS);
	assert_int_equal(e.action, FILE_ACTION_RENAMED_NEW_NAME);
	assert_int_equal(e.name.len, sizeof(n1));
	assert_memory_equal(e.name.p, n1, sizeof(n1));
	assert_status(smb2_notify_next(&it, &e), STATUS_SUCCESS);
	assert_int_equal(e.action, FILE_ACTION_RENAMED_OLD_NAME);
	assert_memory_equal(e.name.p, n2, sizeof(n2));
	assert_status(smb2_notify_next(&it, &e), STATUS_SUCCESS);
	assert_int_equal(e.action, FILE_ACTION_MODIFIED_STREAM);
	assert_memory_equal(e.name.p, n3, sizeof(n3));
	assert_status(smb2_notify_next(&it, &e), STATUS_NO_MORE_ENTRIES);

	tu_truncations(smb2_change_notify_rsp_decode_tu, w.buf, w.len, w.len, sizeof(out));
	tu_expect_fail_patched16(smb2_change_notify_rsp_decode_tu, w.buf, w.len, BODY, 8,
	                         STATUS_INVALID_PARAMETER, sizeof(out));
	tu_expect_fail_patched16(smb2_change_notify_rsp_decode_tu, w.buf, w.len, BODY + 2,
	                         BODY, STATUS_INVALID_PARAMETER, sizeof(out));
	tu_expect_fail_patched32(smb2_change_notify_rsp_decode_tu, w.buf, w.len, BODY + 4,
	                         55, STATUS_INVALID_PARAMETER, sizeof(out));
	wr_free(&w);

	/* Every truncation of the chain fails. */
	for (size_t cut = 1; cut < chain.len; cut++) {
		unsigned n;
		assert_true(nt_status_is_error(walk(chain.buf, cut, &n)));
	}
	wr_free(&chain);

	/* An empty response (STATUS_NOTIFY_ENUM_DIR style): one pad byte. */
	in.buffer.len = 0;
	wr_init(&w, 0);
	tu_encode_msg(&w, SMB2_CHANGE_NOTIFY, 1, smb2_change_notify_rsp_encode_tu, &in);
	assert_int_equal(w.len, BODY + 9);
	assert_status(tu_decode_body(smb2_change_notify_rsp_decode_tu, w.buf, w.len, &out),
	              STATUS_SUCCESS);
	assert_int_equal(out.buffer.len, 0);
	wr_free(&w);
}

static void test_builder_limits(void **state)
{
	(void)state;
	struct smb2_notify_builder b;
	struct smb2_notify_entry bad = { 0, { n1, sizeof(n1) } };
	uint32_t count;
	struct wr w;

	/* 20 + 20 + 14 = 54: 53 holds two entries. */
	wr_init(&w, 0);
	assert_status(build(&w, 53, &count), STATUS_BUFFER_OVERFLOW);
	assert_int_equal(count, 2);
	assert_int_equal(w.len, 40);
	wr_free(&w);
	wr_init(&w, 0);
	assert_status(build(&w, 17, &count), STATUS_BUFFER_OVERFLOW);
	assert_int_equal(count, 0);
	assert_int_equal(w.len, 0);
	smb2_notify_builder_init(&b, &w, 100);
	assert_status(smb2_notify_add(&b, &bad), STATUS_INVALID_PARAMETER);
	bad.action = FILE_ACTION_ADDED;
	bad.name.len = 5;
	assert_status(smb2_notify_add(&b, &bad), STATUS_INVALID_PARAMETER);
	assert_int_equal(w.len, 0);
	wr_free(&w);
}

static void test_malformed_entries(void **state)
{
	(void)state;
	uint32_t count;
	unsigned n;
	struct wr w;

	wr_init(&w, 0);
	assert_status(build(&w, 2048, &count), STATUS_SUCCESS);
	assert_status(walk(w.buf, w.len, &n), STATUS_NO_MORE_ENTRIES);
	assert_int_equal(n, 3);
	/* Zero NextEntryOffset with data after: the end. */
	put_le32(w.buf, 0);
	assert_status(walk(w.buf, w.len, &n), STATUS_NO_MORE_ENTRIES);
	assert_int_equal(n, 1);
	/* Misaligned (MS-FSCC 2.7.1: 4-byte boundaries), into the fixed
	 * part, backwards, out of the buffer. */
	put_le32(w.buf, 22);
	assert_status(walk(w.buf, w.len, &n), STATUS_INVALID_PARAMETER);
	put_le32(w.buf, 8);
	assert_status(walk(w.buf, w.len, &n), STATUS_INVALID_PARAMETER);
	put_le32(w.buf, (uint32_t)-20);
	assert_status(walk(w.buf, w.len, &n), STATUS_INVALID_PARAMETER);
	put_le32(w.buf, 56);
	assert_status(walk(w.buf, w.len, &n), STATUS_INVALID_PARAMETER);
	put_le32(w.buf, 20);
	/* FileNameLength odd, or running into the next entry. */
	put_le32(w.buf + 8, 7);
	assert_status(walk(w.buf, w.len, &n), STATUS_INVALID_PARAMETER);
	put_le32(w.buf + 8, 10);
	assert_status(walk(w.buf, w.len, &n), STATUS_INVALID_PARAMETER);
	assert_int_equal(n, 0);
	put_le32(w.buf + 8, 8); /* up to the padding: fine */
	assert_status(walk(w.buf, w.len, &n), STATUS_NO_MORE_ENTRIES);
	/* An Action MS-FSCC does not define. */
	put_le32(w.buf + 24, 0);
	assert_status(walk(w.buf, w.len, &n), STATUS_INVALID_PARAMETER);
	assert_int_equal(n, 1);
	put_le32(w.buf + 24, 12);
	assert_status(walk(w.buf, w.len, &n), STATUS_INVALID_PARAMETER);
	wr_free(&w);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_req_roundtrip),
		cmocka_unit_test(test_windows_req),
		cmocka_unit_test(test_rsp_with_entries),
		cmocka_unit_test(test_builder_limits),
		cmocka_unit_test(test_malformed_entries),
	};
	return cmocka_run_group_tests_name("change_notify", tests, NULL, NULL);
}
