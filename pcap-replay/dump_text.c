/*
 * `smbsim-replay dump` text output: one line per event.
 *
 *   FRAME TIME STREAM DIR COMMAND STATUS mid=.. sid=0x.. tid=0x.. FIELDS
 *   17 1700000000.017000 s0 C>S CREATE req - mid=5 sid=0x1 tid=0x1 name="a\b" ...
 *   18 1700000000.018000 s0 S>C CREATE rsp STATUS_SUCCESS mid=5 ... fid=1:2 sig=ok
 *   DAMAGE frame 40 s0 C>S offset 1234 decode: ...
 *
 * Requests show "-" for the status (3.x puts ChannelSequence there);
 * async messages show async=0x.. instead of tid=.  FIELDS are the key
 * fields of the command (file id, CREATE's name, READ/WRITE offset and
 * length, info class, ...), then chain=I/N (rel) for compound members,
 * enc for decrypted ones, sig=ok|bad|? for signed ones.
 */
#include <inttypes.h>
#include <string.h>

#include "pcap-replay/dump.h"
#include "util/utf16.h"
#include "wire/ioctl.h"

static const char *dir_text(enum rp_dir d)
{
	return rp_dir_arrow(d);
}

/* A UTF-16LE name, quoted, with " and \ of the name kept as they are
 * (Windows paths are full of backslashes) and control bytes as '?'. */
static void name_text(FILE *out, const char *key, const struct smb2_blob *b)
{
	char s[RP_TEXT_NAME_MAX + 1];
	size_t n = 0, i;

	if (utf16le_to_utf8(b->p, b->len, s, sizeof(s), &n) != STATUS_SUCCESS) {
		fprintf(out, " %s=<%u bytes, not valid UTF-16 or too long>", key, b->len);
		return;
	}
	for (i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7F)
			s[i] = '?';
	fprintf(out, " %s=\"%s\"", key, s);
}

static void fid(FILE *out, const struct smb2_fileid *id)
{
	fprintf(out, " fid=%" PRIx64 ":%" PRIx64, id->persistent, id->volatile_);
}

static const char *dialect_name(uint16_t d)
{
	switch (d) {
	case SMB2_DIALECT_202:
		return "2.0.2";
	case SMB2_DIALECT_210:
		return "2.1";
	case SMB2_DIALECT_300:
		return "3.0";
	case SMB2_DIALECT_302:
		return "3.0.2";
	case SMB2_DIALECT_311:
		return "3.1.1";
	case SMB2_DIALECT_WILDCARD:
		return "2.???";
	default:
		return "?";
	}
}

static void request_fields(FILE *out, const struct smb2_msg *m)
{
	unsigned i;

	switch (m->hdr.command) {
	case SMB2_NEGOTIATE:
		fprintf(out, " dialects=");
		for (i = 0; i < m->u.negotiate_req.dialect_count; i++)
			fprintf(out, "%s%s", i ? "," : "",
			        dialect_name(m->u.negotiate_req.dialects[i]));
		break;
	case SMB2_SESSION_SETUP:
		fprintf(out, " flags=0x%x token=%u", m->u.session_setup_req.flags,
		        m->u.session_setup_req.security_buffer.len);
		if (m->u.session_setup_req.previous_session_id)
			fprintf(out, " prev_sid=0x%" PRIx64,
			        m->u.session_setup_req.previous_session_id);
		break;
	case SMB2_TREE_CONNECT:
		name_text(out, "path", &m->u.tree_connect_req.path);
		break;
	case SMB2_CREATE: {
		const struct smb2_create_req *c = &m->u.create_req;

		name_text(out, "name", &c->name);
		fprintf(out, " disp=%u opts=0x%x access=0x%x share=0x%x oplock=0x%x ctx=%u",
		        c->create_disposition, c->create_options, c->desired_access,
		        c->share_access, c->requested_oplock_level, c->contexts.count);
		break;
	}
	case SMB2_CLOSE:
		fid(out, &m->u.close_req.file_id);
		fprintf(out, " flags=0x%x", m->u.close_req.flags);
		break;
	case SMB2_FLUSH:
		fid(out, &m->u.flush_req.file_id);
		break;
	case SMB2_READ:
		fid(out, &m->u.read_req.file_id);
		fprintf(out, " off=%" PRIu64 " len=%u", m->u.read_req.offset, m->u.read_req.length);
		break;
	case SMB2_WRITE:
		fid(out, &m->u.write_req.file_id);
		fprintf(out, " off=%" PRIu64 " len=%u", m->u.write_req.offset,
		        m->u.write_req.data.len);
		break;
	case SMB2_LOCK:
		fid(out, &m->u.lock_req.file_id);
		fprintf(out, " locks=%u", m->u.lock_req.lock_count);
		if (m->u.lock_req.lock_count)
			fprintf(out, " off=%" PRIu64 " len=%" PRIu64 " lflags=0x%x",
			        m->u.lock_req.locks[0].offset, m->u.lock_req.locks[0].length,
			        m->u.lock_req.locks[0].flags);
		break;
	case SMB2_IOCTL:
		fid(out, &m->u.ioctl_req.file_id);
		fprintf(out, " ctl=%s(0x%x) in=%u", smb2_fsctl_name(m->u.ioctl_req.ctl_code),
		        m->u.ioctl_req.ctl_code, m->u.ioctl_req.input.len);
		break;
	case SMB2_QUERY_DIRECTORY:
		fid(out, &m->u.query_directory_req.file_id);
		fprintf(out, " class=%u flags=0x%x", m->u.query_directory_req.file_info_class,
		        m->u.query_directory_req.flags);
		name_text(out, "pattern", &m->u.query_directory_req.pattern);
		break;
	case SMB2_CHANGE_NOTIFY:
		fid(out, &m->u.change_notify_req.file_id);
		fprintf(out, " filter=0x%x", m->u.change_notify_req.completion_filter);
		break;
	case SMB2_QUERY_INFO:
		fid(out, &m->u.query_info_req.file_id);
		fprintf(out, " type=%u class=%u", m->u.query_info_req.info_type,
		        m->u.query_info_req.file_info_class);
		break;
	case SMB2_SET_INFO:
		fid(out, &m->u.set_info_req.file_id);
		fprintf(out, " type=%u class=%u len=%u", m->u.set_info_req.info_type,
		        m->u.set_info_req.file_info_class, m->u.set_info_req.buffer.len);
		break;
	case SMB2_OPLOCK_BREAK:
		if (m->u.oplock_break_req.kind == SMB2_BREAK_OPLOCK_ACK) {
			fid(out, &m->u.oplock_break_req.file_id);
			fprintf(out, " oplock=0x%x", m->u.oplock_break_req.oplock_level);
		} else {
			fprintf(out, " lease_state=0x%x", m->u.oplock_break_req.lease_state);
		}
		break;
	default:
		break;
	}
}

static void response_fields(FILE *out, const struct smb2_msg *m)
{
	switch (m->hdr.command) {
	case SMB2_NEGOTIATE:
		fprintf(out, " dialect=%s", dialect_name(m->u.negotiate_rsp.dialect_revision));
		break;
	case SMB2_SESSION_SETUP:
		fprintf(out, " session_flags=0x%x token=%u", m->u.session_setup_rsp.session_flags,
		        m->u.session_setup_rsp.security_buffer.len);
		break;
	case SMB2_TREE_CONNECT:
		fprintf(out, " share_type=%u share_flags=0x%x", m->u.tree_connect_rsp.share_type,
		        m->u.tree_connect_rsp.share_flags);
		break;
	case SMB2_CREATE:
		fid(out, &m->u.create_rsp.file_id);
		fprintf(out, " action=%u eof=%" PRIu64 " attrs=0x%x", m->u.create_rsp.create_action,
		        m->u.create_rsp.end_of_file, m->u.create_rsp.file_attributes);
		break;
	case SMB2_CLOSE:
		fprintf(out, " flags=0x%x eof=%" PRIu64, m->u.close_rsp.flags,
		        m->u.close_rsp.end_of_file);
		break;
	case SMB2_READ:
		fprintf(out, " len=%u", m->u.read_rsp.data.len);
		break;
	case SMB2_WRITE:
		fprintf(out, " count=%u", m->u.write_rsp.count);
		break;
	case SMB2_IOCTL:
		fid(out, &m->u.ioctl_rsp.file_id);
		fprintf(out, " ctl=%s(0x%x) out=%u", smb2_fsctl_name(m->u.ioctl_rsp.ctl_code),
		        m->u.ioctl_rsp.ctl_code, m->u.ioctl_rsp.output.len);
		break;
	case SMB2_QUERY_DIRECTORY:
		fprintf(out, " len=%u", m->u.query_directory_rsp.buffer.len);
		break;
	case SMB2_CHANGE_NOTIFY:
		fprintf(out, " len=%u", m->u.change_notify_rsp.buffer.len);
		break;
	case SMB2_QUERY_INFO:
		fprintf(out, " len=%u", m->u.query_info_rsp.buffer.len);
		break;
	case SMB2_OPLOCK_BREAK:
		if (m->u.oplock_break_rsp.kind == SMB2_BREAK_OPLOCK) {
			fid(out, &m->u.oplock_break_rsp.file_id);
			fprintf(out, " oplock=0x%x", m->u.oplock_break_rsp.oplock_level);
		} else if (m->u.oplock_break_rsp.kind == SMB2_BREAK_LEASE_NOTIFY) {
			fprintf(out, " lease_state=0x%x->0x%x", m->u.oplock_break_rsp.current_lease_state,
			        m->u.oplock_break_rsp.new_lease_state);
		} else {
			fprintf(out, " lease_state=0x%x", m->u.oplock_break_rsp.lease_state);
		}
		break;
	default:
		break;
	}
}

static void smb2_line(FILE *out, const struct rp_message *m)
{
	const struct smb2_hdr *h = &m->m.hdr;
	bool rsp;

	if (!m->have_hdr) {
		fprintf(out, " SMB2 ? - header undecodable");
		return;
	}
	rsp = smb2_hdr_is_response(h);
	fprintf(out, " %s %s %s mid=%" PRIu64 " sid=0x%" PRIx64, smb2_command_name(h->command),
	        rsp ? "rsp" : "req", rsp ? nt_status_name(h->status) : "-", h->message_id,
	        h->session_id);
	if (smb2_hdr_is_async(h))
		fprintf(out, " async=0x%" PRIx64, h->async_id);
	else
		fprintf(out, " tid=0x%x", h->tree_id);
	if (m->decode_status != STATUS_SUCCESS) {
		fprintf(out, " !! %s at message offset %zu: %s", m->err_field ? m->err_field : "?",
		        m->err_off, nt_status_name(m->decode_status));
	} else if (m->m.kind == SMB2_MSG_ERROR) {
		fprintf(out, " error_data=%u error_contexts=%u", m->m.u.error.data.len,
		        m->m.u.error.context_count);
	} else if (rsp) {
		response_fields(out, &m->m);
	} else {
		request_fields(out, &m->m);
	}
	if (m->chain_count > 1)
		fprintf(out, " chain=%u/%u%s", m->chain_index + 1, m->chain_count,
		        m->related ? " rel" : "");
	if (m->decrypted)
		fprintf(out, " enc");
	if (m->sig != RP_SIG_NONE)
		fprintf(out, " sig=%s", rp_sig_name(m->sig));
}

static void smb1_line(FILE *out, const struct rp_message *m)
{
	unsigned i;

	if (m->type == RP_MSG_SMB1) {
		fprintf(out, " SMB1 command=0x%02x (not decoded)", m->smb1_command);
		return;
	}
	fprintf(out, " SMB1 NEGOTIATE req -");
	if (m->decode_status != STATUS_SUCCESS) {
		fprintf(out, " !! %s at message offset %zu: %s", m->err_field ? m->err_field : "?",
		        m->err_off, nt_status_name(m->decode_status));
		return;
	}
	fprintf(out, " mid=%u dialects=", m->smb1.mid);
	for (i = 0; i < m->smb1.dialect_count; i++)
		fprintf(out, "%s\"%.*s\"", i ? "," : "", (int)m->smb1.dialects[i].len,
		        (const char *)m->smb1.dialects[i].p);
}

void rp_text_message(FILE *out, const struct rp_message *m)
{
	fprintf(out, "%" PRIu64 " %" PRIu64 ".%06" PRIu64 " s%u %s", m->frame,
	        m->ts_usec / 1000000u, m->ts_usec % 1000000u, m->stream.index, dir_text(m->dir));
	switch (m->type) {
	case RP_MSG_SMB2:
		smb2_line(out, m);
		break;
	case RP_MSG_SMB1_NEGOTIATE:
	case RP_MSG_SMB1:
		smb1_line(out, m);
		break;
	case RP_MSG_ENCRYPTED:
		fprintf(out, " ENCRYPTED - sid=0x%" PRIx64 " len=%u", m->transform.session_id,
		        m->transform.original_size);
		if (m->decode_status != STATUS_SUCCESS)
			fprintf(out, " !! %s at message offset %zu: %s",
			        m->err_field ? m->err_field : "?", m->err_off,
			        nt_status_name(m->decode_status));
		else if (m->crypt_status == STATUS_NOT_FOUND)
			fprintf(out, " (no key)");
		else if (m->crypt_status == STATUS_HASH_NOT_PRESENT)
			fprintf(out, " (key given, but the 3.1.1 session setup is not in the capture: "
			             "give the cipher keys)");
		else
			fprintf(out, " !! does not decrypt: %s", nt_status_name(m->crypt_status));
		break;
	case RP_MSG_COMPRESSED:
		fprintf(out, " COMPRESSED - len=%u (not decompressed)", m->frame_len);
		if (m->decode_status != STATUS_SUCCESS)
			fprintf(out, " !! %s at message offset %zu: %s",
			        m->err_field ? m->err_field : "?", m->err_off,
			        nt_status_name(m->decode_status));
		break;
	}
	fputc('\n', out);
	{
		struct rp_damage d;

		if (rp_message_damage(m, &d))
			rp_text_damage(out, &d);
	}
}

void rp_text_damage(FILE *out, const struct rp_damage *d)
{
	fprintf(out, "DAMAGE frame %" PRIu64, d->frame);
	if (d->has_stream)
		fprintf(out, " s%u %s offset %" PRIu64, d->stream.index, dir_text(d->dir),
		        d->offset);
	else if (d->kind == RP_DMG_CAPTURE || d->kind == RP_DMG_PACKET)
		fprintf(out, " file offset %" PRIu64, d->offset);
	fprintf(out, " %s: %s\n", rp_damage_kind_name(d->kind), d->what);
}

void rp_text_summary(FILE *out, const char *file, const struct rp_stats *st)
{
	fprintf(out,
	        "# %s: %" PRIu64 " frames, %" PRIu64 " streams, %" PRIu64 " messages, %" PRIu64
	        " encrypted (%" PRIu64 " decrypted), signatures %" PRIu64 " ok %" PRIu64
	        " bad %" PRIu64 " unverified, %" PRIu64 " damage reports\n",
	        file, st->frames, st->streams, st->messages, st->encrypted, st->decrypted,
	        st->sig_ok, st->sig_bad, st->sig_unknown, st->damage);
}
