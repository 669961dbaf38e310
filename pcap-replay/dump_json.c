/*
 * `smbsim-replay dump --json`: JSON lines, one document per event, built
 * with jansson.  A message:
 *
 *   {"event":"message","frame":17,"time":"1700000000.017000",
 *    "ts_usec":1700000000017000,"stream":0,"client":"10.0.0.1:49152",
 *    "server":"10.0.0.2:445","dir":"C>S","frame_offset":1234,
 *    "message_offset":0,"type":"smb2","chain":{"index":0,"count":1,
 *    "related":false},"encrypted":false,"decrypted":false,"sig":"none",
 *    "header":{...every header field...},"kind":"CREATE request",
 *    "body":{...every decoded field...}}
 *
 * with "decode_error" (status, field, offset) instead of "body" when the
 * message does not decode, and "damage" when it carries a problem; a
 * damage report {"event":"damage",...}; a closing {"event":"summary",...}.
 * Field names follow MS-SMB2 in snake case (pcap-replay/README.md).
 */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "pcap-replay/dump.h"
#include "util/utf16.h"

void rp_j_set(json_t *o, const char *key, json_t *v)
{
	if (v)
		json_object_set_new(o, key, v);
}

json_t *rp_j_u64(uint64_t v)
{
	char s[24];

	if (v <= (uint64_t)INT64_MAX)
		return json_integer((json_int_t)v);
	snprintf(s, sizeof(s), "%" PRIu64, v);
	return json_string(s);
}

static void hex_into(char *out, const uint8_t *p, size_t n)
{
	static const char digits[] = "0123456789abcdef";
	size_t i;

	for (i = 0; i < n; i++) {
		out[2 * i] = digits[p[i] >> 4];
		out[2 * i + 1] = digits[p[i] & 15];
	}
	out[2 * n] = '\0';
}

json_t *rp_j_hex(const uint8_t *p, size_t n)
{
	char s[2 * RP_JSON_HEX_MAX + 1];

	if (n > RP_JSON_HEX_MAX)
		n = RP_JSON_HEX_MAX;
	hex_into(s, p, n);
	return json_string(s);
}

json_t *rp_j_blob(const uint8_t *p, size_t len)
{
	json_t *o = json_object();

	rp_j_set(o, "len", rp_j_u64(len));
	rp_j_set(o, "hex", rp_j_hex(p, len));
	if (len > RP_JSON_HEX_MAX)
		rp_j_set(o, "truncated", json_true());
	return o;
}

json_t *rp_j_utf16(const struct smb2_blob *b)
{
	char *s = NULL;
	size_t n = 0;
	json_t *v;

	if (utf16le_to_utf8_alloc(b->p, b->len, &s, &n) != STATUS_SUCCESS)
		return rp_j_blob(b->p, b->len);
	v = json_stringn(s, n);
	free(s);
	return v ? v : rp_j_blob(b->p, b->len);
}

json_t *rp_j_fid(const struct smb2_fileid *id)
{
	json_t *o = json_object();

	rp_j_set(o, "persistent", rp_j_u64(id->persistent));
	rp_j_set(o, "volatile", rp_j_u64(id->volatile_));
	return o;
}

static int emit(FILE *out, json_t *o)
{
	int rc;

	if (!o)
		return -1;
	rc = json_dumpf(o, out, JSON_COMPACT | JSON_ENSURE_ASCII);
	json_decref(o);
	if (rc != 0 || fputc('\n', out) == EOF)
		return -1;
	return 0;
}

static json_t *header_json(const struct smb2_hdr *h)
{
	json_t *o = json_object();
	bool rsp = smb2_hdr_is_response(h);

	rp_j_set(o, "command", json_string(smb2_command_name(h->command)));
	rp_j_set(o, "command_code", json_integer(h->command));
	rp_j_set(o, "response", json_boolean(rsp));
	rp_j_set(o, "status", json_string(nt_status_name(h->status)));
	rp_j_set(o, "status_code", json_integer(h->status));
	if (!rsp)
		rp_j_set(o, "channel_sequence", json_integer(smb2_hdr_channel_sequence(h)));
	rp_j_set(o, "credit_charge", json_integer(h->credit_charge));
	rp_j_set(o, "credit", json_integer(h->credit));
	rp_j_set(o, "flags", json_integer(h->flags));
	rp_j_set(o, "async", json_boolean(smb2_hdr_is_async(h)));
	rp_j_set(o, "related", json_boolean(h->flags & SMB2_FLAGS_RELATED_OPERATIONS));
	rp_j_set(o, "signed", json_boolean(h->flags & SMB2_FLAGS_SIGNED));
	rp_j_set(o, "next_command", json_integer(h->next_command));
	rp_j_set(o, "message_id", rp_j_u64(h->message_id));
	if (smb2_hdr_is_async(h)) {
		rp_j_set(o, "async_id", rp_j_u64(h->async_id));
	} else {
		rp_j_set(o, "process_id", json_integer(h->process_id));
		rp_j_set(o, "tree_id", json_integer(h->tree_id));
	}
	rp_j_set(o, "session_id", rp_j_u64(h->session_id));
	rp_j_set(o, "signature", rp_j_hex(h->signature, sizeof(h->signature)));
	return o;
}

static json_t *where_json(json_t *o, uint64_t frame, const struct rp_stream_info *s,
                          enum rp_dir dir)
{
	rp_j_set(o, "frame", rp_j_u64(frame));
	rp_j_set(o, "stream", json_integer(s->index));
	rp_j_set(o, "client", json_string(s->client));
	rp_j_set(o, "server", json_string(s->server));
	rp_j_set(o, "dir", json_string(rp_dir_arrow(dir)));
	return o;
}

static json_t *damage_json(const struct rp_damage *d)
{
	json_t *o = json_object();

	rp_j_set(o, "kind", json_string(rp_damage_kind_name(d->kind)));
	rp_j_set(o, "frame", rp_j_u64(d->frame));
	if (d->has_stream)
		where_json(o, d->frame, &d->stream, d->dir);
	rp_j_set(o, d->kind == RP_DMG_CAPTURE || d->kind == RP_DMG_PACKET ? "file_offset"
	                                                                   : "offset",
	         rp_j_u64(d->offset));
	if (d->field) {
		rp_j_set(o, "field", json_string(d->field));
		rp_j_set(o, "field_offset", rp_j_u64(d->field_off));
	}
	rp_j_set(o, "what", json_string(d->what));
	return o;
}

static const char *type_name(enum rp_msg_type t)
{
	switch (t) {
	case RP_MSG_SMB2:
		return "smb2";
	case RP_MSG_SMB1_NEGOTIATE:
		return "smb1-negotiate";
	case RP_MSG_SMB1:
		return "smb1";
	case RP_MSG_ENCRYPTED:
		return "encrypted";
	case RP_MSG_COMPRESSED:
		return "compressed";
	}
	return "?";
}

static json_t *smb1_json(const struct rp_message *m)
{
	json_t *o = json_object(), *a;
	unsigned i;

	rp_j_set(o, "command", json_integer(m->smb1_command));
	if (m->type != RP_MSG_SMB1_NEGOTIATE || m->decode_status != STATUS_SUCCESS)
		return o;
	rp_j_set(o, "flags", json_integer(m->smb1.flags));
	rp_j_set(o, "flags2", json_integer(m->smb1.flags2));
	rp_j_set(o, "pid", json_integer(m->smb1.pid));
	rp_j_set(o, "tid", json_integer(m->smb1.tid));
	rp_j_set(o, "uid", json_integer(m->smb1.uid));
	rp_j_set(o, "mid", json_integer(m->smb1.mid));
	a = json_array();
	for (i = 0; i < m->smb1.dialect_count; i++) {
		const struct smb2_blob *d = &m->smb1.dialects[i];
		json_t *s = json_stringn((const char *)d->p, d->len);

		json_array_append_new(a, s ? s : rp_j_blob(d->p, d->len));
	}
	rp_j_set(o, "dialects", a);
	rp_j_set(o, "offers_smb2_002", json_boolean(m->smb1.offers_smb2_002));
	rp_j_set(o, "offers_smb2_wildcard", json_boolean(m->smb1.offers_smb2_wildcard));
	return o;
}

static json_t *transform_json(const struct rp_message *m)
{
	json_t *o = json_object();

	rp_j_set(o, "session_id", rp_j_u64(m->transform.session_id));
	rp_j_set(o, "original_size", json_integer(m->transform.original_size));
	rp_j_set(o, "flags", json_integer(m->transform.flags));
	rp_j_set(o, "nonce", rp_j_hex(m->transform.nonce, sizeof(m->transform.nonce)));
	rp_j_set(o, "signature", rp_j_hex(m->transform.signature,
	                                  sizeof(m->transform.signature)));
	return o;
}

int rp_json_message(FILE *out, const struct rp_message *m)
{
	json_t *o = json_object(), *chain;
	char t[32];
	struct rp_damage d;

	snprintf(t, sizeof(t), "%" PRIu64 ".%06" PRIu64, m->ts_usec / 1000000u,
	         m->ts_usec % 1000000u);
	rp_j_set(o, "event", json_string("message"));
	where_json(o, m->frame, &m->stream, m->dir);
	rp_j_set(o, "time", json_string(t));
	rp_j_set(o, "ts_usec", rp_j_u64(m->ts_usec));
	rp_j_set(o, "frame_offset", rp_j_u64(m->frame_off));
	rp_j_set(o, "frame_len", json_integer(m->frame_len));
	rp_j_set(o, "message_offset", json_integer(m->msg_off));
	rp_j_set(o, "message_len", rp_j_u64(m->raw_len));
	rp_j_set(o, "type", json_string(type_name(m->type)));
	chain = json_object();
	rp_j_set(chain, "index", json_integer(m->chain_index));
	rp_j_set(chain, "count", json_integer(m->chain_count));
	rp_j_set(chain, "related", json_boolean(m->related));
	rp_j_set(o, "chain", chain);
	rp_j_set(o, "encrypted", json_boolean(m->encrypted));
	rp_j_set(o, "decrypted", json_boolean(m->decrypted));
	if (m->encrypted) {
		rp_j_set(o, "transform", transform_json(m));
		if (!m->decrypted)
			rp_j_set(o, "crypt_status", json_string(nt_status_name(m->crypt_status)));
	}
	rp_j_set(o, "sig", json_string(rp_sig_name(m->sig)));
	if (m->type == RP_MSG_SMB2 && m->have_hdr)
		rp_j_set(o, "header", header_json(&m->m.hdr));
	if (m->type == RP_MSG_SMB1 || m->type == RP_MSG_SMB1_NEGOTIATE)
		rp_j_set(o, "smb1", smb1_json(m));
	if (m->decode_status != STATUS_SUCCESS) {
		json_t *e = json_object();

		rp_j_set(e, "status", json_string(nt_status_name(m->decode_status)));
		rp_j_set(e, "field", json_string(m->err_field ? m->err_field : "?"));
		rp_j_set(e, "offset", rp_j_u64(m->err_off));
		rp_j_set(o, "decode_error", e);
	} else if (m->type == RP_MSG_SMB2) {
		rp_j_set(o, "kind", json_string(smb2_msg_kind_name(m->m.kind)));
		rp_j_set(o, "body", rp_json_body(&m->m));
	}
	if (rp_message_damage(m, &d))
		rp_j_set(o, "damage", damage_json(&d));
	return emit(out, o);
}

int rp_json_damage(FILE *out, const struct rp_damage *d)
{
	json_t *o = damage_json(d);

	json_object_set_new(o, "event", json_string("damage"));
	return emit(out, o);
}

int rp_json_summary(FILE *out, const char *file, const struct rp_stats *st)
{
	json_t *o = json_object();

	rp_j_set(o, "event", json_string("summary"));
	rp_j_set(o, "file", json_string(file));
	rp_j_set(o, "frames", rp_j_u64(st->frames));
	rp_j_set(o, "bytes", rp_j_u64(st->bytes));
	rp_j_set(o, "streams", rp_j_u64(st->streams));
	rp_j_set(o, "messages", rp_j_u64(st->messages));
	rp_j_set(o, "encrypted", rp_j_u64(st->encrypted));
	rp_j_set(o, "decrypted", rp_j_u64(st->decrypted));
	rp_j_set(o, "sig_ok", rp_j_u64(st->sig_ok));
	rp_j_set(o, "sig_bad", rp_j_u64(st->sig_bad));
	rp_j_set(o, "sig_unverified", rp_j_u64(st->sig_unknown));
	rp_j_set(o, "damage", rp_j_u64(st->damage));
	rp_j_set(o, "damage_not_shown", rp_j_u64(st->damage_dropped));
	rp_j_set(o, "ooo_peak_bytes", rp_j_u64(st->ooo_peak));
	return emit(out, o);
}
