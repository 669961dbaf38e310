/*
 * smbsim-replay's SMB layer (smb_stream.c, smb_frame.c): every sample of
 * the encoders' catalogue (tests/common/samples.h: all commands both
 * ways, contexts, compounds, SMB1, encrypted frames decrypted with their
 * keys) read back through a capture with the fields the encoder was given;
 * compound chains (index, count, related flag, offsets), async interim and
 * error responses, SMB1, NetBIOS keep-alives.  Malformed twins: a broken
 * NextCommand, a corrupted SMB2 header, lengths past the end, a broken
 * NetBIOS header, a payload that is not SMB, a zero-length frame, a broken
 * SMB1 NEGOTIATE, every sample's ProtocolId corrupted.  Each names the
 * frame, the offset and (for messages) the field, and the frames after it
 * are decoded.
 */
#include <stdlib.h>
#include <string.h>

#include "samples.h"
#include "test_replay_util.h"
#include "wire/error.h"
#include "wire/smb1_negotiate.h"

static void start(struct tr_cap *b, struct tr_conv *c)
{
	tr_cap_init(b, TL_ETHERNET, false);
	tr_conv_init(c, b, 4, 49152, 445);
	tr_handshake(c);
}

/* CREATE, WRITE (related), CLOSE (related) in one frame. */
static void compound3(struct wr *w)
{
	struct smb2_compound_builder cb;
	struct smb2_hdr h = { .credit = 1, .process_id = 0xFEFF, .tree_id = 7, .session_id = 9 };
	static const uint8_t name[] = { 'a', 0, 'b', 0 };
	struct smb2_create_req cr = { .impersonation_level = 2, .create_disposition = 1,
	                              .name = { name, sizeof(name) } };
	static const uint8_t data[100];
	struct smb2_write_req wrq = { .file_id = { SMB2_FILEID_ANY, SMB2_FILEID_ANY },
	                              .data = { data, sizeof(data) } };
	struct smb2_close_req cl = { .file_id = { SMB2_FILEID_ANY, SMB2_FILEID_ANY } };

	wr_reset(w);
	smb2_compound_begin(&cb, w);
	assert_status(smb2_compound_add(&cb), STATUS_SUCCESS);
	h.command = SMB2_CREATE;
	h.message_id = 10;
	assert_status(smb2_hdr_encode(w, &h), STATUS_SUCCESS);
	assert_status(smb2_create_req_encode(w, &cr), STATUS_SUCCESS);
	assert_status(smb2_compound_add(&cb), STATUS_SUCCESS);
	h.command = SMB2_WRITE;
	h.message_id = 11;
	h.flags = SMB2_FLAGS_RELATED_OPERATIONS;
	assert_status(smb2_hdr_encode(w, &h), STATUS_SUCCESS);
	assert_status(smb2_write_req_encode(w, &wrq), STATUS_SUCCESS);
	assert_status(smb2_compound_add(&cb), STATUS_SUCCESS);
	h.command = SMB2_CLOSE;
	h.message_id = 12;
	assert_status(smb2_hdr_encode(w, &h), STATUS_SUCCESS);
	assert_status(smb2_close_req_encode(w, &cl), STATUS_SUCCESS);
	assert_status(smb2_compound_end(&cb), STATUS_SUCCESS);
}

static void test_compound(void **state)
{
	struct tr_cap b;
	struct tr_conv c;
	struct tr_run r;
	struct wr w, e;
	unsigned i;
	size_t second;

	(void)state;
	wr_init(&w, 0);
	wr_init(&e, 0);
	compound3(&w);
	second = le32(w.buf + SMB2_HDR_OFF_NEXT_COMMAND);
	tr_echo(&e, false, 13);
	start(&b, &c);
	tr_frame(&c, TR_C2S, w.buf, w.len);
	tr_frame(&c, TR_C2S, e.buf, e.len);
	assert_int_equal(tr_read(&b, NULL, &r), 0);
	assert_int_equal(r.st.damage, 0);
	assert_int_equal(tr_count(&r, RP_EV_MESSAGE), 4);
	for (i = 0; i < 3; i++) {
		const struct tr_ev *m = tr_msg(&r, i);

		assert_int_equal(m->chain_index, i);
		assert_int_equal(m->chain_count, 3);
		assert_int_equal(m->related, i > 0);
		assert_int_equal(m->mid, 10 + i);
		assert_int_equal(m->frame, tr_msg(&r, 0)->frame);
	}
	assert_int_equal(tr_msg(&r, 1)->cmd, SMB2_WRITE);
	assert_int_equal(tr_msg(&r, 0)->msg_len, second);
	assert_int_equal(tr_msg(&r, 3)->chain_count, 1);
	tr_run_free(&r);
	tr_cap_free(&b);

	/* Twin: the second NextCommand is not a multiple of 8. */
	put_le32(w.buf + second + SMB2_HDR_OFF_NEXT_COMMAND,
	         le32(w.buf + second + SMB2_HDR_OFF_NEXT_COMMAND) + 1);
	start(&b, &c);
	tr_frame(&c, TR_C2S, w.buf, w.len);
	tr_frame(&c, TR_C2S, e.buf, e.len);
	assert_int_equal(tr_read(&b, NULL, &r), 0);
	assert_int_equal(tr_count(&r, RP_EV_MESSAGE), 2);
	assert_int_equal(tr_msg(&r, 0)->cmd, SMB2_CREATE);
	assert_int_equal(tr_msg(&r, 1)->mid, 13);
	assert_non_null(tr_damage(&r, RP_DMG_CHAIN));
	assert_int_equal(r.st.damage, 1);
	assert_int_equal(tr_damage(&r, RP_DMG_CHAIN)->offset,
	                 4 + second + SMB2_HDR_OFF_NEXT_COMMAND);
	assert_non_null(strstr(tr_damage(&r, RP_DMG_CHAIN)->what, "broken after 1 messages"));
	tr_run_free(&r);
	tr_cap_free(&b);
	wr_free(&w);
	wr_free(&e);
}

/* An interim STATUS_PENDING (async) and its final answer, and an error
 * response; twin: an error body whose ByteCount runs past the end. */
static void test_async_and_error(void **state)
{
	struct tr_cap b;
	struct tr_conv c;
	struct tr_run r;
	struct wr w;
	struct smb2_hdr h = { .command = SMB2_CHANGE_NOTIFY, .credit = 1, .message_id = 20,
	                      .flags = SMB2_FLAGS_SERVER_TO_REDIR | SMB2_FLAGS_ASYNC_COMMAND,
	                      .async_id = 0x77, .session_id = 9, .status = STATUS_PENDING };
	struct smb2_error_rsp er;
	size_t bc;

	(void)state;
	memset(&er, 0, sizeof(er));
	wr_init(&w, 0);
	start(&b, &c);
	assert_status(smb2_hdr_encode(&w, &h), STATUS_SUCCESS);
	assert_status(smb2_error_rsp_encode(&w, &er), STATUS_SUCCESS);
	tr_frame(&c, TR_S2C, w.buf, w.len);
	wr_reset(&w);
	h.status = STATUS_CANCELLED;
	assert_status(smb2_hdr_encode(&w, &h), STATUS_SUCCESS);
	assert_status(smb2_error_rsp_encode(&w, &er), STATUS_SUCCESS);
	tr_frame(&c, TR_S2C, w.buf, w.len);
	wr_reset(&w);
	h.flags = SMB2_FLAGS_SERVER_TO_REDIR;
	h.command = SMB2_CREATE;
	h.message_id = 21;
	h.tree_id = 3;
	h.status = STATUS_OBJECT_NAME_NOT_FOUND;
	assert_status(smb2_hdr_encode(&w, &h), STATUS_SUCCESS);
	assert_status(smb2_error_rsp_encode(&w, &er), STATUS_SUCCESS);
	tr_frame(&c, TR_S2C, w.buf, w.len);
	/* Twin: ByteCount (body offset 4) 200 with one byte of data. */
	bc = w.len;
	put_le32(w.buf + SMB2_HDR_SIZE + 4, 200);
	tr_frame(&c, TR_S2C, w.buf, bc);
	tr_echo(&w, true, 22);
	tr_frame(&c, TR_S2C, w.buf, w.len);
	assert_int_equal(tr_read(&b, NULL, &r), 0);
	assert_int_equal(tr_count(&r, RP_EV_MESSAGE), 5);
	assert_true(tr_msg(&r, 0)->async);
	assert_int_equal(tr_msg(&r, 0)->status, STATUS_PENDING);
	assert_true(tr_msg(&r, 1)->async);
	assert_int_equal(tr_msg(&r, 1)->status, STATUS_CANCELLED);
	assert_false(tr_msg(&r, 2)->async);
	assert_int_equal(tr_msg(&r, 2)->tid, 3);
	assert_int_equal(tr_msg(&r, 2)->decode, STATUS_SUCCESS);
	assert_int_not_equal(tr_msg(&r, 3)->decode, STATUS_SUCCESS);
	assert_true(tr_msg(&r, 3)->have_hdr);
	assert_true(tr_msg(&r, 3)->damaged);
	assert_string_equal(tr_msg(&r, 3)->field, "ERROR.ByteCount");
	assert_int_equal(r.st.damage, 1);
	assert_int_equal(tr_msg(&r, 4)->cmd, SMB2_ECHO);
	tr_run_free(&r);
	tr_cap_free(&b);
	wr_free(&w);
}

/* Twins of a plain exchange: a corrupted header (StructureSize 65), a
 * CREATE name past the end of the message. */
static void test_corrupt_messages(void **state)
{
	struct tr_cap b;
	struct tr_conv c;
	struct tr_run r;
	struct wr w;
	const struct tr_ev *m;
	char want[64];

	(void)state;
	wr_init(&w, 0);
	start(&b, &c);
	tr_echo(&w, false, 1);
	put_le16(w.buf + 4, 65);
	tr_frame(&c, TR_C2S, w.buf, w.len);
	tr_create(&w, 2, "name.txt");
	put_le16(w.buf + SMB2_HDR_SIZE + 46, 0x4000); /* NameLength */
	tr_frame(&c, TR_C2S, w.buf, w.len);
	tr_echo(&w, false, 3);
	tr_frame(&c, TR_C2S, w.buf, w.len);
	assert_int_equal(tr_read(&b, NULL, &r), 0);
	assert_int_equal(tr_count(&r, RP_EV_MESSAGE), 3);
	assert_int_equal(r.st.damage, 2);
	m = tr_msg(&r, 0);
	assert_false(m->have_hdr);
	assert_true(m->damaged);
	assert_int_equal(m->dmg, RP_DMG_DECODE);
	assert_non_null(strstr(m->field, "StructureSize"));
	assert_int_equal(m->frame, 4);
	m = tr_msg(&r, 1);
	assert_true(m->have_hdr);
	assert_int_equal(m->cmd, SMB2_CREATE);
	assert_non_null(strstr(m->field, "CREATE.Name"));
	snprintf(want, sizeof(want), "at message offset %zu", m->field_off);
	assert_non_null(strstr(m->what, want));
	assert_int_equal(m->offset, m->frame_off + 4 + m->field_off);
	assert_int_equal(tr_msg(&r, 2)->decode, STATUS_SUCCESS);
	assert_int_equal(tr_msg(&r, 2)->mid, 3);
	tr_run_free(&r);
	tr_cap_free(&b);
	wr_free(&w);
}

/* NetBIOS: keep-alives are skipped quietly; twins: a bad type byte, a
 * payload that is not SMB, a zero-length session message.  Each is
 * reported (framing) with the bytes skipped to the next header (resync). */
static void test_netbios(void **state)
{
	static const uint8_t keepalive[4] = { 0x85, 0, 0, 0 };
	static const uint8_t empty[4] = { 0, 0, 0, 0 };
	struct tr_cap b;
	struct tr_conv c;
	struct tr_run r;
	struct wr w;
	uint8_t *f;
	size_t n;
	int variant;

	(void)state;
	wr_init(&w, 0);
	tr_echo(&w, false, 1);
	start(&b, &c);
	tr_send(&c, TR_C2S, keepalive, 4, 4);
	tr_frame(&c, TR_C2S, w.buf, w.len);
	tr_send(&c, TR_C2S, keepalive, 4, 4);
	assert_int_equal(tr_read(&b, NULL, &r), 0);
	assert_int_equal(r.st.damage, 0);
	assert_int_equal(tr_count(&r, RP_EV_MESSAGE), 1);
	tr_run_free(&r);
	tr_cap_free(&b);
	for (variant = 0; variant < 3; variant++) {
		const struct tr_ev *d;

		start(&b, &c);
		f = tr_nbss(w.buf, w.len, &n);
		if (variant == 0)
			f[0] = 0x42;
		else if (variant == 1)
			f[4] = 0xFA;
		if (variant == 2)
			tr_send(&c, TR_C2S, empty, 4, 4);
		else
			tr_send(&c, TR_C2S, f, n, 1460);
		free(f);
		tr_echo(&w, false, 2);
		tr_frame(&c, TR_C2S, w.buf, w.len);
		assert_int_equal(tr_read(&b, NULL, &r), 0);
		d = tr_damage(&r, RP_DMG_FRAMING);
		assert_non_null(d);
		assert_int_equal(d->offset, 0);
		assert_int_equal(d->frame, 4);
		if (variant == 1)
			assert_non_null(strstr(d->what, "is not SMB"));
		assert_non_null(tr_damage(&r, RP_DMG_RESYNC));
		assert_int_equal(tr_damage(&r, RP_DMG_RESYNC)->offset, 0);
		assert_int_equal(tr_count(&r, RP_EV_MESSAGE), 1);
		assert_int_equal(tr_msg(&r, 0)->mid, 2);
		tr_run_free(&r);
		tr_cap_free(&b);
		tr_echo(&w, false, 1);
	}
	wr_free(&w);
}

static void test_smb1(void **state)
{
	static const char *const names[] = { "NT LM 0.12", "SMB 2.002", "SMB 2.???" };
	struct smb1_negotiate_req q;
	struct tr_cap b;
	struct tr_conv c;
	struct tr_run r;
	struct wr w;
	unsigned i;

	(void)state;
	memset(&q, 0, sizeof(q));
	q.dialect_count = 3;
	for (i = 0; i < 3; i++) {
		q.dialects[i].p = (const uint8_t *)names[i];
		q.dialects[i].len = (uint32_t)strlen(names[i]);
	}
	wr_init(&w, 0);
	assert_status(smb1_negotiate_req_encode(&w, &q), STATUS_SUCCESS);
	start(&b, &c);
	tr_frame(&c, TR_C2S, w.buf, w.len);
	/* An SMB1 reply (not decoded, not damage). */
	w.buf[9] |= SMB1_FLAGS_REPLY;
	tr_frame(&c, TR_S2C, w.buf, w.len);
	w.buf[9] &= (uint8_t)~SMB1_FLAGS_REPLY;
	/* Twin: ByteCount past the end. */
	put_le16(w.buf + 33, 500);
	tr_frame(&c, TR_C2S, w.buf, w.len);
	assert_int_equal(tr_read(&b, NULL, &r), 0);
	assert_int_equal(tr_count(&r, RP_EV_MESSAGE), 3);
	assert_int_equal(tr_msg(&r, 0)->type, RP_MSG_SMB1_NEGOTIATE);
	assert_false(tr_msg(&r, 0)->damaged);
	assert_int_equal(tr_msg(&r, 1)->type, RP_MSG_SMB1);
	assert_false(tr_msg(&r, 1)->damaged);
	assert_int_equal(tr_msg(&r, 2)->type, RP_MSG_SMB1_NEGOTIATE);
	assert_true(tr_msg(&r, 2)->damaged);
	assert_int_equal(tr_msg(&r, 2)->dmg, RP_DMG_DECODE);
	assert_int_equal(r.st.damage, 1);
	tr_run_free(&r);
	tr_cap_free(&b);
	wr_free(&w);
}

/* Every sample the encoders make, in one conversation; with the keys of
 * the encrypted ones (cipher keys only). */
struct built {
	struct tr_cap b;
	size_t frames;
	size_t messages;
	/* With corrupt samples: the reports expected, following each
	 * direction (a broken frame where the direction is in step is one
	 * framing report; the next good frame, or the end, one resync). */
	size_t want_framing, want_resync;
	char keys[8192];
};

/* corrupt: the ProtocolId of every other pair of samples (2-3, 6-7, ...)
 * is broken: request and response, so both directions lose step. */
static void build_samples(struct built *out, bool corrupt)
{
	struct tr_conv c;
	struct wr w;
	size_t i, kl = 0;
	bool searching[2] = { false, false };

	memset(out, 0, sizeof(*out));
	wr_init(&w, 0);
	tr_cap_init(&out->b, TL_ETHERNET, true);
	tr_conv_init(&c, &out->b, 4, 49152, 445);
	tr_handshake(&c);
	for (i = 0; i < samples_count(); i++) {
		struct sample_info info;

		wr_reset(&w);
		assert_status(samples_build(i, &w, &info), STATUS_SUCCESS);
		int dir = info.is_response ? TR_S2C : TR_C2S;
		bool bad = corrupt && (i / 2) % 2;

		if (bad)
			w.buf[0] = 0xF0;
		tr_frame(&c, dir, w.buf, w.len);
		if (bad && !searching[dir]) {
			out->want_framing++;
			searching[dir] = true;
		} else if (!bad && searching[dir]) {
			out->want_resync++;
			searching[dir] = false;
		}
		if (!bad) {
			out->frames++;
			out->messages += info.proto == SAMPLE_SMB2 ? info.msg_count : 1;
		}
		if (info.has_key && info.key.cipher_key_len) {
			size_t k;

			kl += (size_t)snprintf(out->keys + kl, sizeof(out->keys) - kl, "0x%llx -",
			                       (unsigned long long)info.key.session_id);
			kl += (size_t)snprintf(out->keys + kl, sizeof(out->keys) - kl, " ");
			for (k = 0; k < info.key.cipher_key_len; k++)
				kl += (size_t)snprintf(out->keys + kl, sizeof(out->keys) - kl, "%02x",
				                       info.key.s2c[k]);
			kl += (size_t)snprintf(out->keys + kl, sizeof(out->keys) - kl, " ");
			for (k = 0; k < info.key.cipher_key_len; k++)
				kl += (size_t)snprintf(out->keys + kl, sizeof(out->keys) - kl, "%02x",
				                       info.key.c2s[k]);
			kl += (size_t)snprintf(out->keys + kl, sizeof(out->keys) - kl, "\n");
			assert_true(kl < sizeof(out->keys));
		}
	}
	out->want_resync += searching[0] + searching[1];
	wr_free(&w);
}

static void test_samples(void **state)
{
	struct built s;
	struct rp_keyring *kr;
	struct rp_options o = { 0 };
	struct tr_run r;
	char err[256];
	size_t i, k = 0, encrypted = 0;

	(void)state;
	build_samples(&s, false);
	assert_int_equal(rp_keyring_parse(s.keys, strlen(s.keys), "keys", &kr, err, sizeof(err)),
	                 0);
	o.keys = kr;
	assert_int_equal(tr_read(&s.b, &o, &r), 0);
	if (r.st.damage)
		tr_print(&r);
	assert_int_equal(r.st.damage, 0);
	assert_int_equal(tr_count(&r, RP_EV_MESSAGE), s.messages);
	/* Each message as the encoder made it. */
	for (i = 0; i < samples_count(); i++) {
		struct sample_info info;
		struct wr w;
		const struct tr_ev *m = tr_msg(&r, k);

		wr_init(&w, 0);
		assert_status(samples_build(i, &w, &info), STATUS_SUCCESS);
		wr_free(&w);
		if (info.proto == SAMPLE_SMB1) {
			assert_int_equal(m->type, RP_MSG_SMB1_NEGOTIATE);
			k++;
			continue;
		}
		assert_int_equal(m->type, RP_MSG_SMB2);
		if (info.proto == SAMPLE_ENCRYPTED) {
			assert_true(m->decrypted);
			encrypted++;
		}
		assert_int_equal(m->cmd, info.command);
		assert_int_equal(m->rsp, info.is_response);
		assert_int_equal(m->mid, info.message_id);
		assert_true(m->sid == info.session_id);
		assert_int_equal(m->async, info.is_async);
		if (!info.is_async)
			assert_int_equal(m->tid, info.tree_id);
		if (info.is_response)
			assert_int_equal(m->status, info.status);
		assert_int_equal(m->chain_count, info.msg_count);
		assert_int_equal(m->dir, info.is_response ? RP_DIR_S2C : RP_DIR_C2S);
		k += info.msg_count;
	}
	assert_true(encrypted > 0);
	assert_int_equal(r.st.decrypted, encrypted);
	tr_run_free(&r);
	/* Without keys the encrypted samples stay encrypted, and that is not
	 * damage. */
	assert_int_equal(tr_read(&s.b, NULL, &r), 0);
	assert_int_equal(r.st.damage, 0);
	assert_int_equal(r.st.encrypted, encrypted);
	assert_int_equal(r.st.decrypted, 0);
	tr_run_free(&r);
	rp_keyring_free(kr);
	tr_cap_free(&s.b);
}

/* Twin: every other pair of samples with its ProtocolId corrupted: each
 * run of broken frames in a direction is reported (framing, then the
 * bytes skipped to the next header), and every other sample decodes. */
static void test_samples_corrupt(void **state)
{
	struct built s;
	struct tr_run r;
	size_t i, framing = 0, resync = 0;

	(void)state;
	build_samples(&s, true);
	assert_int_equal(tr_read(&s.b, NULL, &r), 0);
	for (i = 0; i < r.n; i++) {
		framing += r.e[i].dmg == RP_DMG_FRAMING;
		resync += r.e[i].dmg == RP_DMG_RESYNC;
	}
	if (framing != s.want_framing || tr_count(&r, RP_EV_MESSAGE) != s.messages)
		tr_print(&r);
	assert_true(s.want_framing > 20);
	assert_int_equal(framing, s.want_framing);
	assert_int_equal(resync, s.want_resync);
	assert_int_equal(r.st.damage, framing + resync);
	assert_int_equal(tr_count(&r, RP_EV_MESSAGE), s.messages);
	tr_run_free(&r);
	tr_cap_free(&s.b);
}

static int teardown(void **state)
{
	(void)state;
	smb2_crypto_cleanup();
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_compound),
		cmocka_unit_test(test_async_and_error),
		cmocka_unit_test(test_corrupt_messages),
		cmocka_unit_test(test_netbios),
		cmocka_unit_test(test_smb1),
		cmocka_unit_test(test_samples),
		cmocka_unit_test(test_samples_corrupt),
	};

	return cmocka_run_group_tests(tests, NULL, teardown);
}
