/* Whole-message dispatch: every command both ways, the ERROR-body rule,
 * captured messages, describe. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "wire/compound.h"
#include "wire/msg.h"

static const struct smb2_hdr base_hdr = {
	.credit = 1, .message_id = 11, .process_id = 0xFEFF, .tree_id = 5,
	.session_id = 0x0000400000000021ull,
};

/* Fill a body with a few values a wrong decoder would not reproduce. */
static void fill_body(struct smb2_msg *m, uint16_t cmd, bool rsp)
{
	static const uint8_t data[8] = { 1, 2, 3, 4, 5, 6, 7, 8 };

	switch (cmd) {
	case SMB2_NEGOTIATE:
		if (!rsp) {
			m->u.negotiate_req.dialect_count = 2;
			m->u.negotiate_req.dialects[0] = SMB2_DIALECT_210;
			m->u.negotiate_req.dialects[1] = SMB2_DIALECT_302;
		} else {
			m->u.negotiate_rsp.dialect_revision = SMB2_DIALECT_302;
			m->u.negotiate_rsp.max_read_size = 65536;
		}
		break;
	case SMB2_SESSION_SETUP:
		if (!rsp) {
			m->u.session_setup_req.security_buffer.p = data;
			m->u.session_setup_req.security_buffer.len = sizeof(data);
		} else {
			m->u.session_setup_rsp.security_buffer.p = data;
			m->u.session_setup_rsp.security_buffer.len = 4;
		}
		break;
	case SMB2_CLOSE:
		if (!rsp)
			m->u.close_req.file_id.persistent = 77;
		else
			m->u.close_rsp.end_of_file = 4321;
		break;
	case SMB2_READ:
		if (!rsp)
			m->u.read_req.length = 4096;
		else {
			m->u.read_rsp.data.p = data;
			m->u.read_rsp.data.len = sizeof(data);
		}
		break;
	case SMB2_WRITE:
		if (!rsp) {
			m->u.write_req.data.p = data;
			m->u.write_req.data.len = sizeof(data);
		} else {
			m->u.write_rsp.count = 8;
		}
		break;
	case SMB2_LOCK:
		if (!rsp) {
			m->u.lock_req.lock_count = 1;
			m->u.lock_req.locks[0].length = 10;
			m->u.lock_req.locks[0].flags = 2;
		}
		break;
	case SMB2_OPLOCK_BREAK:
		if (!rsp) {
			m->u.oplock_break_req.kind = SMB2_BREAK_OPLOCK_ACK;
			m->u.oplock_break_req.file_id.volatile_ = 9;
		} else {
			m->u.oplock_break_rsp.kind = SMB2_BREAK_OPLOCK;
			m->u.oplock_break_rsp.oplock_level = 1;
		}
		break;
	default:
		break;
	}
}

/* Encode, decode, re-encode: same kind, same header, same bytes. */
static void roundtrip(const struct smb2_msg *in, struct smb2_msg *out, struct wr *w)
{
	struct wr again;
	struct rd c;

	wr_init(w, 0);
	assert_status(smb2_msg_encode(w, in), STATUS_SUCCESS);
	rd_init(&c, w->buf, w->len);
	assert_status(smb2_msg_decode(&c, out), STATUS_SUCCESS);
	assert_int_equal(out->kind, in->kind);
	assert_int_equal(out->hdr.command, in->hdr.command);
	assert_int_equal(out->hdr.flags, in->hdr.flags);
	assert_int_equal(out->hdr.status, in->hdr.status);
	assert_int_equal(out->hdr.message_id, in->hdr.message_id);
	assert_int_equal(out->hdr.session_id, in->hdr.session_id);
	wr_init(&again, 0);
	assert_status(smb2_msg_encode(&again, out), STATUS_SUCCESS);
	assert_int_equal(again.len, w->len);
	assert_memory_equal(again.buf, w->buf, w->len);
	wr_free(&again);
}

/* Every truncation of a whole message fails and leaves out alone. */
static void truncations(const uint8_t *msg, size_t len, size_t min_ok)
{
	static struct smb2_msg out, pattern;

	memset(&pattern, 0xA5, sizeof(pattern));
	for (size_t n = 0; n < min_ok && n < len; n++) {
		uint8_t *copy = malloc(n ? n : 1);
		struct rd c;

		assert_non_null(copy);
		memcpy(copy, msg, n);
		memset(&out, 0xA5, sizeof(out));
		rd_init(&c, copy, n);
		NTSTATUS st = smb2_msg_decode(&c, &out);
		if (!nt_status_is_error(st) || memcmp(&out, &pattern, sizeof(out)) != 0)
			fail_msg("truncation to %zu of %zu: %s", n, len, nt_status_name(st));
		free(copy);
	}
}

static void test_every_command(void **state)
{
	(void)state;
	static struct smb2_msg in, out;
	char line[200];

	for (uint16_t cmd = 0; cmd < SMB2_COMMAND_COUNT; cmd++) {
		for (int rsp = 0; rsp < 2; rsp++) {
			struct wr w;

			if (cmd == SMB2_CANCEL && rsp)
				continue; /* MS-SMB2 2.2.30: no response */
			memset(&in, 0, sizeof(in));
			in.hdr = base_hdr;
			in.hdr.command = cmd;
			in.hdr.flags = rsp ? SMB2_FLAGS_SERVER_TO_REDIR : 0;
			in.kind = rsp ? SMB2_MSG_RSP(cmd) : SMB2_MSG_REQ(cmd);
			fill_body(&in, cmd, rsp);
			roundtrip(&in, &out, &w);
			truncations(w.buf, w.len, SMB2_HDR_SIZE + 2);
			assert_true(smb2_msg_describe(&out, line, sizeof(line)) > 0);
			assert_non_null(strstr(line, smb2_command_name(cmd)));
			assert_non_null(strstr(line, rsp ? "response" : "request"));
			wr_free(&w);
		}
	}
	/* Spot checks that the right decoder ran. */
	memset(&in, 0, sizeof(in));
	in.hdr = base_hdr;
	in.hdr.command = SMB2_NEGOTIATE;
	in.kind = SMB2_MSG_REQ(SMB2_NEGOTIATE);
	fill_body(&in, SMB2_NEGOTIATE, false);
	struct wr w;
	roundtrip(&in, &out, &w);
	assert_int_equal(out.u.negotiate_req.dialect_count, 2);
	assert_int_equal(out.u.negotiate_req.dialects[1], SMB2_DIALECT_302);
	wr_free(&w);
	memset(&in, 0, sizeof(in));
	in.hdr = base_hdr;
	in.hdr.command = SMB2_CLOSE;
	in.hdr.flags = SMB2_FLAGS_SERVER_TO_REDIR;
	in.kind = SMB2_MSG_RSP(SMB2_CLOSE);
	fill_body(&in, SMB2_CLOSE, true);
	roundtrip(&in, &out, &w);
	assert_int_equal(out.u.close_rsp.end_of_file, 4321);
	wr_free(&w);
}

/* A response header with `status` and a body encoded by kind. */
static void encode_rsp(struct wr *w, uint16_t cmd, NTSTATUS status, uint32_t flags,
                       uint16_t body_kind, struct smb2_msg *m)
{
	m->hdr = base_hdr;
	m->hdr.command = cmd;
	m->hdr.status = status;
	m->hdr.flags = SMB2_FLAGS_SERVER_TO_REDIR | flags;
	m->kind = body_kind;
	wr_init(w, 0);
	assert_status(smb2_msg_encode(w, m), STATUS_SUCCESS);
}

static uint16_t decode_kind(const struct wr *w, NTSTATUS want)
{
	static struct smb2_msg out;
	struct rd c;

	memset(&out, 0, sizeof(out));
	rd_init(&c, w->buf, w->len);
	assert_status(smb2_msg_decode(&c, &out), want);
	return out.kind;
}

static void test_error_rule(void **state)
{
	(void)state;
	static struct smb2_msg m;
	struct wr w;

	/* A failed CREATE: ERROR body. */
	memset(&m, 0, sizeof(m));
	encode_rsp(&w, SMB2_CREATE, STATUS_OBJECT_NAME_NOT_FOUND, 0, SMB2_MSG_ERROR, &m);
	assert_int_equal(decode_kind(&w, STATUS_SUCCESS), SMB2_MSG_ERROR);
	truncations(w.buf, w.len, w.len - 1);
	wr_free(&w);
	/* SESSION_SETUP with MORE_PROCESSING_REQUIRED: its own body. */
	memset(&m, 0, sizeof(m));
	fill_body(&m, SMB2_SESSION_SETUP, true);
	encode_rsp(&w, SMB2_SESSION_SETUP, STATUS_MORE_PROCESSING_REQUIRED, 0,
	           SMB2_MSG_RSP(SMB2_SESSION_SETUP), &m);
	assert_int_equal(decode_kind(&w, STATUS_SUCCESS), SMB2_MSG_RSP(SMB2_SESSION_SETUP));
	wr_free(&w);
	/* SESSION_SETUP with a real failure: ERROR. */
	memset(&m, 0, sizeof(m));
	encode_rsp(&w, SMB2_SESSION_SETUP, STATUS_LOGON_FAILURE, 0, SMB2_MSG_ERROR, &m);
	assert_int_equal(decode_kind(&w, STATUS_SUCCESS), SMB2_MSG_ERROR);
	wr_free(&w);
	/* QUERY_INFO with BUFFER_OVERFLOW, CHANGE_NOTIFY with NOTIFY_ENUM_DIR:
	 * their own bodies (MS-SMB2 3.3.4.4). */
	memset(&m, 0, sizeof(m));
	encode_rsp(&w, SMB2_QUERY_INFO, STATUS_BUFFER_OVERFLOW, 0,
	           SMB2_MSG_RSP(SMB2_QUERY_INFO), &m);
	assert_int_equal(decode_kind(&w, STATUS_SUCCESS), SMB2_MSG_RSP(SMB2_QUERY_INFO));
	wr_free(&w);
	memset(&m, 0, sizeof(m));
	encode_rsp(&w, SMB2_CHANGE_NOTIFY, STATUS_NOTIFY_ENUM_DIR, 0,
	           SMB2_MSG_RSP(SMB2_CHANGE_NOTIFY), &m);
	assert_int_equal(decode_kind(&w, STATUS_SUCCESS), SMB2_MSG_RSP(SMB2_CHANGE_NOTIFY));
	wr_free(&w);
	/* QUERY_DIRECTORY with NO_MORE_FILES (a warning, still a failure). */
	memset(&m, 0, sizeof(m));
	encode_rsp(&w, SMB2_QUERY_DIRECTORY, STATUS_NO_MORE_FILES, 0, SMB2_MSG_ERROR, &m);
	assert_int_equal(decode_kind(&w, STATUS_SUCCESS), SMB2_MSG_ERROR);
	wr_free(&w);
	/* Interim async response: STATUS_PENDING, ERROR body. */
	memset(&m, 0, sizeof(m));
	m.hdr.async_id = 0x33;
	encode_rsp(&w, SMB2_CHANGE_NOTIFY, STATUS_PENDING, SMB2_FLAGS_ASYNC_COMMAND,
	           SMB2_MSG_ERROR, &m);
	assert_int_equal(decode_kind(&w, STATUS_SUCCESS), SMB2_MSG_ERROR);
	wr_free(&w);
	/* READ with BUFFER_OVERFLOW (a pipe): StructureSize 17, READ body. */
	memset(&m, 0, sizeof(m));
	fill_body(&m, SMB2_READ, true);
	encode_rsp(&w, SMB2_READ, STATUS_BUFFER_OVERFLOW, 0, SMB2_MSG_RSP(SMB2_READ), &m);
	assert_int_equal(decode_kind(&w, STATUS_SUCCESS), SMB2_MSG_RSP(SMB2_READ));
	wr_free(&w);
	/* A successful response with a 9-byte body where CREATE's belongs. */
	memset(&m, 0, sizeof(m));
	encode_rsp(&w, SMB2_CREATE, STATUS_SUCCESS, 0, SMB2_MSG_ERROR, &m);
	assert_int_equal(decode_kind(&w, STATUS_INVALID_PARAMETER), 0);
	wr_free(&w);
	/* A request is never an error body, whatever its Status bytes say
	 * (3.x: ChannelSequence): TREE_CONNECT's request size is 9. */
	memset(&m, 0, sizeof(m));
	m.hdr = base_hdr;
	m.hdr.command = SMB2_TREE_CONNECT;
	m.hdr.status = 5;
	m.kind = SMB2_MSG_REQ(SMB2_TREE_CONNECT);
	wr_init(&w, 0);
	assert_status(smb2_msg_encode(&w, &m), STATUS_SUCCESS);
	assert_int_equal(decode_kind(&w, STATUS_SUCCESS), SMB2_MSG_REQ(SMB2_TREE_CONNECT));
	wr_free(&w);
	/* CANCEL has no response; an error-shaped one is still an error. */
	memset(&m, 0, sizeof(m));
	encode_rsp(&w, SMB2_CANCEL, STATUS_CANCELLED, 0, SMB2_MSG_ERROR, &m);
	assert_int_equal(decode_kind(&w, STATUS_SUCCESS), SMB2_MSG_ERROR);
	put_le32(w.buf + 8, STATUS_SUCCESS);
	assert_int_equal(decode_kind(&w, STATUS_INVALID_PARAMETER), 0);
	wr_free(&w);
	/* Unknown command: request refused; error-shaped response read. */
	memset(&m, 0, sizeof(m));
	encode_rsp(&w, SMB2_CREATE, STATUS_NOT_SUPPORTED, 0, SMB2_MSG_ERROR, &m);
	put_le16(w.buf + 12, 0x13);
	assert_int_equal(decode_kind(&w, STATUS_SUCCESS), SMB2_MSG_ERROR);
	put_le32(w.buf + 16, 0);
	assert_int_equal(decode_kind(&w, STATUS_INVALID_PARAMETER), 0);
	put_le16(w.buf + 12, 0xFFFF);
	assert_int_equal(decode_kind(&w, STATUS_INVALID_PARAMETER), 0);
	wr_free(&w);
}

static void test_encode_mismatch(void **state)
{
	(void)state;
	static struct smb2_msg m;
	struct wr w;

	wr_init(&w, 0);
	memset(&m, 0, sizeof(m));
	m.hdr = base_hdr;
	m.hdr.command = SMB2_CLOSE;
	m.kind = SMB2_MSG_REQ(SMB2_CREATE);
	assert_status(smb2_msg_encode(&w, &m), STATUS_INVALID_PARAMETER);
	m.kind = SMB2_MSG_RSP(SMB2_CLOSE);      /* response body, request header */
	assert_status(smb2_msg_encode(&w, &m), STATUS_INVALID_PARAMETER);
	m.kind = SMB2_MSG_ERROR;                /* error body in a request */
	assert_status(smb2_msg_encode(&w, &m), STATUS_INVALID_PARAMETER);
	m.kind = SMB2_MSG_NONE;
	assert_status(smb2_msg_encode(&w, &m), STATUS_INVALID_PARAMETER);
	m.hdr.command = SMB2_CANCEL;
	m.hdr.flags = SMB2_FLAGS_SERVER_TO_REDIR;
	m.kind = SMB2_MSG_RSP(SMB2_CANCEL);
	assert_status(smb2_msg_encode(&w, &m), STATUS_INVALID_PARAMETER);
	m.hdr.command = 0x99;
	m.kind = SMB2_MSG_RSP(0x99);
	assert_status(smb2_msg_encode(&w, &m), STATUS_INVALID_PARAMETER);
	assert_int_equal(w.len, 0);
	wr_free(&w);
	assert_string_equal(smb2_msg_kind_name(SMB2_MSG_RSP(SMB2_CANCEL)), "UNKNOWN");
	assert_string_equal(smb2_msg_kind_name(0xFFFF), "UNKNOWN");
	assert_string_equal(smb2_msg_kind_name(SMB2_MSG_REQ(SMB2_ECHO)), "ECHO request");
}

/* An oplock break notification as a client receives it, and a compound
 * of related requests through the builder and the iterator. */
static void test_break_and_compound(void **state)
{
	(void)state;
	static struct smb2_msg m, out;
	struct smb2_compound_builder b;
	struct smb2_compound_iter it;
	struct rd c;
	struct wr w;
	const uint16_t cmds[3] = { SMB2_CREATE, SMB2_READ, SMB2_CLOSE };
	char line[200];

	memset(&m, 0, sizeof(m));
	m.hdr = base_hdr;
	m.hdr.command = SMB2_OPLOCK_BREAK;
	m.hdr.flags = SMB2_FLAGS_SERVER_TO_REDIR;
	m.hdr.message_id = UINT64_MAX;
	m.hdr.session_id = 0;
	m.hdr.tree_id = 0;
	m.kind = SMB2_MSG_RSP(SMB2_OPLOCK_BREAK);
	fill_body(&m, SMB2_OPLOCK_BREAK, true);
	roundtrip(&m, &out, &w);
	assert_true(smb2_oplock_break_is_notification(&out.hdr));
	wr_free(&w);

	wr_init(&w, 0);
	smb2_compound_begin(&b, &w);
	for (int i = 0; i < 3; i++) {
		memset(&m, 0, sizeof(m));
		m.hdr = base_hdr;
		m.hdr.command = cmds[i];
		m.hdr.message_id = 20 + (uint64_t)i;
		m.hdr.flags = i ? SMB2_FLAGS_RELATED_OPERATIONS : 0;
		m.kind = SMB2_MSG_REQ(cmds[i]);
		fill_body(&m, cmds[i], false);
		assert_status(smb2_compound_add(&b), STATUS_SUCCESS);
		assert_status(smb2_msg_encode(&w, &m), STATUS_SUCCESS);
	}
	assert_status(smb2_compound_end(&b), STATUS_SUCCESS);
	smb2_compound_init(&it, w.buf, w.len);
	for (int i = 0; i < 3; i++) {
		assert_true(smb2_compound_next(&it, &c));
		assert_status(smb2_msg_decode(&c, &out), STATUS_SUCCESS);
		assert_int_equal(out.kind, SMB2_MSG_REQ(cmds[i]));
		assert_int_equal(out.hdr.message_id, 20 + (uint64_t)i);
		assert_int_equal(it.related, i > 0);
	}
	assert_false(smb2_compound_next(&it, &c));
	assert_status(it.status, STATUS_SUCCESS);
	assert_int_equal(out.u.close_req.file_id.persistent, 77);
	smb2_msg_describe(&out, line, sizeof(line));
	assert_string_equal(line, "CLOSE request csn=0 mid=22 sid=0x400000000021 tid=0x5");
	wr_free(&w);
}

static void test_describe(void **state)
{
	(void)state;
	static struct smb2_msg m;
	char line[200], tiny[8];

	memset(&m, 0, sizeof(m));
	m.hdr = base_hdr;
	m.hdr.command = SMB2_IOCTL;
	m.hdr.flags = SMB2_FLAGS_SERVER_TO_REDIR | SMB2_FLAGS_ASYNC_COMMAND;
	m.hdr.status = STATUS_PENDING;
	m.hdr.async_id = 0x12;
	m.kind = SMB2_MSG_ERROR;
	smb2_msg_describe(&m, line, sizeof(line));
	assert_string_equal(line,
	                    "IOCTL error response STATUS_PENDING mid=11 async=0x12 sid=0x400000000021");
	m.hdr.flags = SMB2_FLAGS_SERVER_TO_REDIR;
	m.hdr.status = STATUS_SUCCESS;
	m.kind = SMB2_MSG_RSP(SMB2_IOCTL);
	assert_true(smb2_msg_describe(&m, tiny, sizeof(tiny)) > (int)sizeof(tiny));
	assert_int_equal(strlen(tiny), sizeof(tiny) - 1);
	smb2_msg_describe(&m, line, sizeof(line));
	assert_string_equal(line, "IOCTL response STATUS_SUCCESS mid=11 sid=0x400000000021 tid=0x5");
}

/* The command a fixture's name announces ("007-c2s-TREE_CONNECT.bin"). */
static int fixture_command(const char *name, bool *rsp)
{
	const char *dash = strchr(name, '-');

	if (!dash || strlen(dash) < 5)
		return -1;
	*rsp = strncmp(dash + 1, "s2c", 3) == 0;
	for (uint16_t cmd = 0; cmd < SMB2_COMMAND_COUNT; cmd++) {
		const char *cn = smb2_command_name(cmd);
		size_t n = strlen(cn);
		if (strncmp(dash + 5, cn, n) == 0 && strcmp(dash + 5 + n, ".bin") == 0)
			return cmd;
	}
	return -1;
}

/* Every single message captured from Samba (all dialects, signed or not)
 * goes through the dispatcher as its name says. */
static void test_samba_captures(void **state)
{
	(void)state;
	const char *src = getenv("SMBSIM_SRCDIR");
	const char *dirs[] = { "SMB2_02", "SMB2_10", "SMB3_00", "SMB3_02", "SMB3_11",
	                       "SMB3_11-sign" };
	static struct smb2_msg out;
	unsigned seen = 0;

	for (size_t d = 0; d < sizeof(dirs) / sizeof(dirs[0]); d++) {
		char path[4096];
		DIR *dir;
		struct dirent *e;

		snprintf(path, sizeof(path), "%s/tests/fixtures/samba/%s", src ? src : ".", dirs[d]);
		dir = opendir(path);
		if (!dir)
			fail_msg("cannot open %s", path);
		while ((e = readdir(dir)) != NULL) {
			bool rsp;
			int cmd = fixture_command(e->d_name, &rsp);
			char rel[600];
			size_t len;
			uint8_t *buf;
			struct rd c;
			NTSTATUS st;

			if (cmd < 0)
				continue;
			snprintf(rel, sizeof(rel), "samba/%s/%s", dirs[d], e->d_name);
			buf = tu_load_fixture(rel, &len);
			rd_init(&c, buf, len);
			st = smb2_msg_decode(&c, &out);
			if (st != STATUS_SUCCESS)
				fail_msg("%s: %s at %s offset %zu", rel, nt_status_name(st),
				         c.err_field ? c.err_field : "?", c.err_off);
			assert_int_equal(out.hdr.command, cmd);
			assert_int_equal(smb2_hdr_is_response(&out.hdr), rsp);
			if (out.kind != SMB2_MSG_ERROR)
				assert_int_equal(out.kind, rsp ? SMB2_MSG_RSP(cmd) : SMB2_MSG_REQ(cmd));
			else
				assert_true(rsp && out.hdr.status != STATUS_SUCCESS);
			free(buf);
			seen++;
		}
		closedir(dir);
	}
	assert_true(seen > 500);
}

/* Messages captured from Windows and macOS peers. */
static void test_windows_captures(void **state)
{
	(void)state;
	static const struct {
		const char *file;
		uint16_t kind;
	} cases[] = {
		{ "windows/cancel_req_async_win10.bin", SMB2_MSG_REQ(SMB2_CANCEL) },
		{ "windows/lease_break_notify_win.bin", SMB2_MSG_RSP(SMB2_OPLOCK_BREAK) },
		{ "windows/lease_break_ack_macos.bin", SMB2_MSG_REQ(SMB2_OPLOCK_BREAK) },
		{ "windows/session_setup_rsp_more_processing_win10.bin",
		  SMB2_MSG_RSP(SMB2_SESSION_SETUP) },
		{ "windows/negotiate_rsp_311_compression_ws2019.bin", SMB2_MSG_RSP(SMB2_NEGOTIATE) },
		{ "windows/query_directory_rsp_fileidboth_win.bin",
		  SMB2_MSG_RSP(SMB2_QUERY_DIRECTORY) },
		{ "windows/create_rsp_rqls2_padded_win.bin", SMB2_MSG_RSP(SMB2_CREATE) },
		{ "windows/write_req_pipe_win.bin", SMB2_MSG_REQ(SMB2_WRITE) },
		{ "macos/query_info_rsp_security_macos.bin", SMB2_MSG_RSP(SMB2_QUERY_INFO) },
		/* Malformed on purpose: the write runs past the frame. */
		{ "windows/write_req_length_past_frame_macos.bin", SMB2_MSG_NONE },
	};
	static struct smb2_msg out;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		size_t len;
		uint8_t *buf = tu_load_fixture(cases[i].file, &len);
		struct rd c;

		memset(&out, 0, sizeof(out));
		rd_init(&c, buf, len);
		if (cases[i].kind == SMB2_MSG_NONE) {
			assert_status(smb2_msg_decode(&c, &out), STATUS_INVALID_PARAMETER);
			assert_non_null(c.err_field);
			assert_int_equal(out.kind, SMB2_MSG_NONE);
		} else {
			NTSTATUS st = smb2_msg_decode(&c, &out);
			if (st != STATUS_SUCCESS)
				fail_msg("%s: %s at %s", cases[i].file, nt_status_name(st),
				         c.err_field ? c.err_field : "?");
			assert_int_equal(out.kind, cases[i].kind);
			truncations(buf, len, SMB2_HDR_SIZE + 2);
		}
		free(buf);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_command),
		cmocka_unit_test(test_error_rule),
		cmocka_unit_test(test_encode_mismatch),
		cmocka_unit_test(test_break_and_compound),
		cmocka_unit_test(test_describe),
		cmocka_unit_test(test_samba_captures),
		cmocka_unit_test(test_windows_captures),
	};
	return cmocka_run_group_tests_name("msg", tests, NULL, NULL);
}
