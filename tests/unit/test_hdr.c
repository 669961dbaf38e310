/* SMB2 header codec (MS-SMB2 2.2.1): sync and async forms, channel
 * sequence, flags, and malformed headers. */
#include <stdlib.h>

#include "testutil.h"

/* A NEGOTIATE request header written out by hand in the form smbclient
 * sends it: CreditRequest 31, MessageId 0, ProcessId 0xFEFF.  Captured
 * bytes are decoded in test_samba_fixtures.c. */
static const char neg_req_hdr[] =
	"fe534d42400000000000000000001f00000000000000000000000000000000"
	"00fffe000000000000000000000000000000000000000000000000000000000000";

static void test_hdr_sync_roundtrip(void **state)
{
	(void)state;
	struct smb2_hdr in = {
		.credit_charge = 2, .command = SMB2_WRITE, .credit = 31,
		.flags = SMB2_FLAGS_SIGNED | SMB2_FLAGS_RELATED_OPERATIONS |
		         SMB2_FLAGS_REPLAY_OPERATION | SMB2_FLAGS_DFS_OPERATIONS | 0x30,
		.next_command = 0, .message_id = 0x123456789ull,
		.process_id = 0xFEFF, .tree_id = 5, .session_id = 0x99ull,
	}, out;
	struct wr w;
	struct rd c;

	smb2_hdr_set_channel_sequence(&in, 0x8001);
	memset(in.signature, 0xAB, 16);
	wr_init(&w, 0);
	assert_status(smb2_hdr_encode(&w, &in), STATUS_SUCCESS);
	assert_int_equal(w.len, 64);
	rd_init(&c, w.buf, w.len);
	assert_status(smb2_hdr_decode(&c, &out), STATUS_SUCCESS);
	assert_int_equal(c.pos, 64);
	assert_int_equal(smb2_hdr_channel_sequence(&out), 0x8001);
	assert_int_equal(out.command, SMB2_WRITE);
	assert_int_equal(out.credit_charge, 2);
	assert_int_equal(out.credit, 31);
	assert_int_equal(out.flags, in.flags);
	assert_int_equal(smb2_hdr_priority(&out), 3);
	assert_false(smb2_hdr_is_async(&out));
	assert_false(smb2_hdr_is_response(&out));
	assert_int_equal(out.message_id, in.message_id);
	assert_int_equal(out.tree_id, 5);
	assert_int_equal(out.process_id, 0xFEFF);
	assert_int_equal(out.session_id, 0x99);
	assert_memory_equal(out.signature, in.signature, 16);
	wr_free(&w);
}

static void test_hdr_async_roundtrip(void **state)
{
	(void)state;
	struct smb2_hdr in = {
		.command = SMB2_CHANGE_NOTIFY, .status = STATUS_PENDING,
		.flags = SMB2_FLAGS_SERVER_TO_REDIR | SMB2_FLAGS_ASYNC_COMMAND,
		.message_id = 9, .async_id = 0xA5A5A5A5A5ull, .session_id = 1,
	}, out;
	struct wr w;
	struct rd c;

	wr_init(&w, 0);
	assert_status(smb2_hdr_encode(&w, &in), STATUS_SUCCESS);
	rd_init(&c, w.buf, w.len);
	assert_status(smb2_hdr_decode(&c, &out), STATUS_SUCCESS);
	assert_true(smb2_hdr_is_async(&out));
	assert_true(smb2_hdr_is_response(&out));
	assert_int_equal(out.async_id, 0xA5A5A5A5A5ull);
	assert_int_equal(out.status, STATUS_PENDING);
	assert_int_equal(out.tree_id, 0);
	wr_free(&w);
}

static void test_hdr_known_bytes(void **state)
{
	(void)state;
	size_t len;
	uint8_t *b = tu_hex(neg_req_hdr, &len);
	struct smb2_hdr h;
	struct rd c;

	assert_int_equal(len, 64);
	rd_init(&c, b, len);
	assert_status(smb2_hdr_decode(&c, &h), STATUS_SUCCESS);
	assert_int_equal(h.command, SMB2_NEGOTIATE);
	assert_int_equal(h.credit, 31);
	assert_int_equal(h.process_id, 0xFEFF);
	assert_int_equal(h.message_id, 0);
	free(b);
}

static void test_hdr_malformed(void **state)
{
	(void)state;
	size_t len;
	uint8_t *b = tu_hex(neg_req_hdr, &len);
	struct smb2_hdr h, pattern;
	struct rd c;

	memset(&h, 0x5A, sizeof(h));
	memcpy(&pattern, &h, sizeof(h));
	for (size_t n = 0; n < len; n++) {
		rd_init(&c, b, n);
		assert_true(nt_status_is_error(smb2_hdr_decode(&c, &h)));
		assert_memory_equal(&h, &pattern, sizeof(h));
	}
	/* wrong ProtocolId: SMB1, transform, garbage */
	const uint32_t bad_magic[] = { SMB1_MAGIC, SMB2_TRANSFORM_MAGIC, 0 };
	for (size_t i = 0; i < 3; i++) {
		uint8_t copy[64];
		memcpy(copy, b, 64);
		put_le32(copy, bad_magic[i]);
		rd_init(&c, copy, 64);
		assert_status(smb2_hdr_decode(&c, &h), STATUS_INVALID_PARAMETER);
		assert_string_equal(c.err_field, "Header.ProtocolId");
		assert_int_equal(c.err_off, 0);
	}
	/* wrong StructureSize */
	b[4] = 63;
	rd_init(&c, b, 64);
	assert_status(smb2_hdr_decode(&c, &h), STATUS_INVALID_PARAMETER);
	assert_string_equal(c.err_field, "Header.StructureSize");
	assert_int_equal(c.err_off, 4);
	assert_memory_equal(&h, &pattern, sizeof(h));
	free(b);
}

static void test_command_names(void **state)
{
	(void)state;
	assert_string_equal(smb2_command_name(SMB2_NEGOTIATE), "NEGOTIATE");
	assert_string_equal(smb2_command_name(SMB2_OPLOCK_BREAK), "OPLOCK_BREAK");
	assert_string_equal(smb2_command_name(0x13), "UNKNOWN");
	assert_string_equal(smb2_command_name(0xFFFF), "UNKNOWN");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hdr_sync_roundtrip),
		cmocka_unit_test(test_hdr_async_roundtrip),
		cmocka_unit_test(test_hdr_known_bytes),
		cmocka_unit_test(test_hdr_malformed),
		cmocka_unit_test(test_command_names),
	};
	return cmocka_run_group_tests_name("hdr", tests, NULL, NULL);
}
