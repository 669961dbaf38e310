/*
 * Every field of every decoded SMB2 body (struct smb2_msg's union, one
 * layout per command and direction, and the ERROR body) as a JSON object:
 * names are the struct members, which follow MS-SMB2's field names;
 * negotiate contexts, create contexts, lock elements, RDMA descriptors
 * and error contexts are arrays of objects; byte buffers are
 * {"len", "hex"} (rp_j_blob), UTF-16 names are strings.
 */
#include "pcap-replay/dump.h"
#include "wire/create_ctx.h"
#include "wire/ioctl.h"
#include "wire/negotiate_ctx.h"
#include "wire/rdma_desc.h"

#define SETI(o, s, f) rp_j_set((o), #f, json_integer((json_int_t)(s)->f))
#define SETU64(o, s, f) rp_j_set((o), #f, rp_j_u64((s)->f))
#define SETBLOB(o, s, f) rp_j_set((o), #f, rp_j_blob((s)->f.p, (s)->f.len))

static json_t *ids(const struct smb2_id_list *l)
{
	json_t *a = json_array();
	unsigned i;

	for (i = 0; i < l->count && i < SMB2_MAX_NEG_CTX_IDS; i++)
		json_array_append_new(a, json_integer(l->ids[i]));
	return a;
}

static json_t *neg_ctxs(const struct smb2_neg_ctx_list *l)
{
	json_t *a = json_array();
	unsigned i;

	for (i = 0; i < l->count && i < SMB2_MAX_NEG_CONTEXTS; i++) {
		const struct smb2_neg_ctx *x = &l->ctx[i];
		json_t *o = json_object();

		rp_j_set(o, "type", json_integer(x->type));
		rp_j_set(o, "name", json_string(smb2_neg_ctx_type_name(x->type)));
		rp_j_set(o, "data", rp_j_blob(x->data.p, x->data.len));
		switch (x->type) {
		case SMB2_PREAUTH_INTEGRITY_CAPABILITIES:
			rp_j_set(o, "hash_algorithms", ids(&x->u.preauth.hashes));
			rp_j_set(o, "salt", rp_j_blob(x->u.preauth.salt.p, x->u.preauth.salt.len));
			break;
		case SMB2_ENCRYPTION_CAPABILITIES:
			rp_j_set(o, "ciphers", ids(&x->u.ciphers));
			break;
		case SMB2_COMPRESSION_CAPABILITIES:
			rp_j_set(o, "flags", json_integer(x->u.compression.flags));
			rp_j_set(o, "compression_algorithms", ids(&x->u.compression.algs));
			break;
		case SMB2_NETNAME_NEGOTIATE_CONTEXT_ID:
			rp_j_set(o, "net_name", rp_j_utf16(&x->u.netname));
			break;
		case SMB2_TRANSPORT_CAPABILITIES:
			rp_j_set(o, "flags", json_integer(x->u.transport_flags));
			break;
		case SMB2_RDMA_TRANSFORM_CAPABILITIES:
			rp_j_set(o, "rdma_transform_ids", ids(&x->u.rdma_transforms));
			break;
		case SMB2_SIGNING_CAPABILITIES:
			rp_j_set(o, "signing_algorithms", ids(&x->u.signing_algs));
			break;
		default:
			break;
		}
		json_array_append_new(a, o);
	}
	return a;
}

static json_t *lease(const struct smb2_lease *l)
{
	json_t *o = json_object();

	SETI(o, l, version);
	rp_j_set(o, "key", rp_j_hex(l->key, sizeof(l->key)));
	SETI(o, l, state);
	SETI(o, l, flags);
	SETU64(o, l, duration);
	if (l->version == 2) {
		rp_j_set(o, "parent_key", rp_j_hex(l->parent_key, sizeof(l->parent_key)));
		SETI(o, l, epoch);
	}
	return o;
}

/* A context name: ASCII when printable (the 4-letter tags), else hex. */
static json_t *ctx_name(const struct smb2_blob *n)
{
	uint32_t i;

	for (i = 0; i < n->len; i++)
		if (n->p[i] < 0x20 || n->p[i] > 0x7E)
			return rp_j_hex(n->p, n->len);
	return json_stringn((const char *)n->p, n->len);
}

static void cctx_parsed(json_t *o, const struct smb2_create_ctx *x)
{
	switch (x->type) {
	case SMB2_CCTX_DHNC:
		rp_j_set(o, "file_id", rp_j_fid(&x->u.dhnc));
		break;
	case SMB2_CCTX_ALSI:
		rp_j_set(o, "allocation_size", rp_j_u64(x->u.alloc_size));
		break;
	case SMB2_CCTX_MXAC:
		if (x->u.mxac.has_timestamp)
			rp_j_set(o, "timestamp", rp_j_u64(x->u.mxac.timestamp));
		rp_j_set(o, "query_status", json_string(nt_status_name(x->u.mxac.query_status)));
		rp_j_set(o, "maximal_access", json_integer(x->u.mxac.maximal_access));
		break;
	case SMB2_CCTX_TWRP:
		rp_j_set(o, "timestamp", rp_j_u64(x->u.twrp));
		break;
	case SMB2_CCTX_QFID:
		rp_j_set(o, "disk_file_id", rp_j_u64(x->u.qfid.disk_file_id));
		rp_j_set(o, "volume_id", rp_j_u64(x->u.qfid.volume_id));
		break;
	case SMB2_CCTX_RQLS:
		rp_j_set(o, "lease", lease(&x->u.lease));
		break;
	case SMB2_CCTX_DH2Q:
		rp_j_set(o, "timeout", json_integer(x->u.dh2q.timeout));
		rp_j_set(o, "flags", json_integer(x->u.dh2q.flags));
		rp_j_set(o, "create_guid", rp_j_hex(x->u.dh2q.create_guid, 16));
		break;
	case SMB2_CCTX_DH2C:
		rp_j_set(o, "file_id", rp_j_fid(&x->u.dh2c.file_id));
		rp_j_set(o, "create_guid", rp_j_hex(x->u.dh2c.create_guid, 16));
		rp_j_set(o, "flags", json_integer(x->u.dh2c.flags));
		break;
	case SMB2_CCTX_APP_INSTANCE_ID:
		rp_j_set(o, "app_instance_id", rp_j_hex(x->u.app_instance_id.id, 16));
		break;
	case SMB2_CCTX_APP_INSTANCE_VERSION:
		rp_j_set(o, "version_high", rp_j_u64(x->u.app_instance_version.high));
		rp_j_set(o, "version_low", rp_j_u64(x->u.app_instance_version.low));
		break;
	default: /* ExtA, SecD, DHnQ and unknown ones: the data is all */
		break;
	}
}

static json_t *create_ctxs(const struct smb2_create_ctx_list *l)
{
	json_t *a = json_array();
	unsigned i;

	for (i = 0; i < l->count && i < SMB2_MAX_CREATE_CONTEXTS; i++) {
		const struct smb2_create_ctx *x = &l->ctx[i];
		json_t *o = json_object();

		rp_j_set(o, "name", ctx_name(&x->name));
		rp_j_set(o, "known", json_boolean(x->type != SMB2_CCTX_UNKNOWN));
		rp_j_set(o, "data", rp_j_blob(x->data.p, x->data.len));
		cctx_parsed(o, x);
		json_array_append_new(a, o);
	}
	return a;
}

static json_t *descs(const struct smb2_rdma_desc_list *l)
{
	json_t *a = json_array();
	unsigned i;

	for (i = 0; i < l->count && i < SMB2_MAX_RDMA_DESCRIPTORS; i++) {
		json_t *o = json_object();

		rp_j_set(o, "offset", rp_j_u64(l->desc[i].offset));
		rp_j_set(o, "token", json_integer(l->desc[i].token));
		rp_j_set(o, "length", json_integer(l->desc[i].length));
		json_array_append_new(a, o);
	}
	return a;
}

static json_t *rdma_transform(const struct smb2_rdma_transform *t)
{
	json_t *o = json_object(), *a = json_array();
	unsigned i;

	SETI(o, t, channel);
	rp_j_set(o, "descriptors", descs(&t->descs));
	for (i = 0; i < t->transform_count && i < SMB2_MAX_RDMA_TRANSFORMS; i++) {
		json_t *x = json_object();

		rp_j_set(x, "type", json_integer(t->t[i].type));
		rp_j_set(x, "signature", rp_j_blob(t->t[i].signature.p, t->t[i].signature.len));
		rp_j_set(x, "nonce", rp_j_blob(t->t[i].nonce.p, t->t[i].nonce.len));
		json_array_append_new(a, x);
	}
	rp_j_set(o, "transforms", a);
	return o;
}

static void channel_info(json_t *o, uint32_t channel, const struct smb2_blob *raw,
                         const struct smb2_channel_info *ci)
{
	rp_j_set(o, "channel_info", rp_j_blob(raw->p, raw->len));
	if (channel == SMB2_CHANNEL_RDMA_V1 || channel == SMB2_CHANNEL_RDMA_V1_INVALIDATE)
		rp_j_set(o, "rdma_descriptors", descs(&ci->descs));
	else if (channel == SMB2_CHANNEL_RDMA_TRANSFORM)
		rp_j_set(o, "rdma_transform", rdma_transform(&ci->transform));
}

static void times(json_t *o, uint64_t cr, uint64_t la, uint64_t lw, uint64_t ch)
{
	rp_j_set(o, "creation_time", rp_j_u64(cr));
	rp_j_set(o, "last_access_time", rp_j_u64(la));
	rp_j_set(o, "last_write_time", rp_j_u64(lw));
	rp_j_set(o, "change_time", rp_j_u64(ch));
}

static void negotiate(json_t *o, const struct smb2_msg *m, bool rsp)
{
	if (!rsp) {
		const struct smb2_negotiate_req *r = &m->u.negotiate_req;
		json_t *d = json_array();
		unsigned i;

		SETI(o, r, dialect_count);
		SETI(o, r, security_mode);
		SETI(o, r, capabilities);
		rp_j_set(o, "client_guid", rp_j_hex(r->client_guid, 16));
		SETU64(o, r, client_start_time);
		for (i = 0; i < r->dialect_count && i < SMB2_MAX_DIALECTS; i++)
			json_array_append_new(d, json_integer(r->dialects[i]));
		rp_j_set(o, "dialects", d);
		rp_j_set(o, "negotiate_contexts", neg_ctxs(&r->ctx));
		return;
	}
	{
		const struct smb2_negotiate_rsp *r = &m->u.negotiate_rsp;

		SETI(o, r, security_mode);
		SETI(o, r, dialect_revision);
		rp_j_set(o, "server_guid", rp_j_hex(r->server_guid, 16));
		SETI(o, r, capabilities);
		SETI(o, r, max_transact_size);
		SETI(o, r, max_read_size);
		SETI(o, r, max_write_size);
		SETU64(o, r, system_time);
		SETU64(o, r, server_start_time);
		SETBLOB(o, r, security_buffer);
		rp_j_set(o, "negotiate_contexts", neg_ctxs(&r->ctx));
	}
}

static void create(json_t *o, const struct smb2_msg *m, bool rsp)
{
	if (!rsp) {
		const struct smb2_create_req *r = &m->u.create_req;

		SETI(o, r, security_flags);
		SETI(o, r, requested_oplock_level);
		SETI(o, r, impersonation_level);
		SETU64(o, r, smb_create_flags);
		SETU64(o, r, reserved);
		SETI(o, r, desired_access);
		SETI(o, r, file_attributes);
		SETI(o, r, share_access);
		SETI(o, r, create_disposition);
		SETI(o, r, create_options);
		rp_j_set(o, "name", rp_j_utf16(&r->name));
		rp_j_set(o, "create_contexts", create_ctxs(&r->contexts));
		return;
	}
	{
		const struct smb2_create_rsp *r = &m->u.create_rsp;

		SETI(o, r, oplock_level);
		SETI(o, r, flags);
		SETI(o, r, create_action);
		times(o, r->creation_time, r->last_access_time, r->last_write_time, r->change_time);
		SETU64(o, r, allocation_size);
		SETU64(o, r, end_of_file);
		SETI(o, r, file_attributes);
		rp_j_set(o, "file_id", rp_j_fid(&r->file_id));
		rp_j_set(o, "create_contexts", create_ctxs(&r->contexts));
	}
}

static void read_write(json_t *o, const struct smb2_msg *m, bool rsp)
{
	if (m->hdr.command == SMB2_READ && !rsp) {
		const struct smb2_read_req *r = &m->u.read_req;

		SETI(o, r, padding);
		SETI(o, r, flags);
		SETI(o, r, length);
		SETU64(o, r, offset);
		rp_j_set(o, "file_id", rp_j_fid(&r->file_id));
		SETI(o, r, minimum_count);
		SETI(o, r, channel);
		SETI(o, r, remaining_bytes);
		channel_info(o, r->channel, &r->channel_info, &r->rdma);
	} else if (m->hdr.command == SMB2_READ) {
		const struct smb2_read_rsp *r = &m->u.read_rsp;

		SETI(o, r, data_remaining);
		SETI(o, r, flags);
		SETBLOB(o, r, data);
		if (r->flags & SMB2_READFLAG_RESPONSE_RDMA_TRANSFORM)
			rp_j_set(o, "rdma_transform", rdma_transform(&r->transform));
	} else if (!rsp) {
		const struct smb2_write_req *r = &m->u.write_req;

		SETU64(o, r, offset);
		rp_j_set(o, "file_id", rp_j_fid(&r->file_id));
		SETI(o, r, channel);
		SETI(o, r, remaining_bytes);
		SETI(o, r, flags);
		SETBLOB(o, r, data);
		channel_info(o, r->channel, &r->channel_info, &r->rdma);
	} else {
		const struct smb2_write_rsp *r = &m->u.write_rsp;

		SETI(o, r, count);
		SETI(o, r, remaining);
		SETI(o, r, channel_info_offset);
		SETI(o, r, channel_info_length);
	}
}

static void oplock_break(json_t *o, const struct smb2_msg *m, bool rsp)
{
	if (!rsp) {
		const struct smb2_oplock_break_req *r = &m->u.oplock_break_req;

		if (r->kind == SMB2_BREAK_OPLOCK_ACK) {
			rp_j_set(o, "kind", json_string("oplock_ack"));
			SETI(o, r, oplock_level);
			rp_j_set(o, "file_id", rp_j_fid(&r->file_id));
		} else {
			rp_j_set(o, "kind", json_string("lease_ack"));
			SETI(o, r, flags);
			rp_j_set(o, "lease_key", rp_j_hex(r->lease_key, 16));
			SETI(o, r, lease_state);
			SETU64(o, r, lease_duration);
		}
		return;
	}
	{
		const struct smb2_oplock_break_rsp *r = &m->u.oplock_break_rsp;

		if (r->kind == SMB2_BREAK_OPLOCK) {
			rp_j_set(o, "kind", json_string("oplock"));
			SETI(o, r, oplock_level);
			rp_j_set(o, "file_id", rp_j_fid(&r->file_id));
			return;
		}
		SETI(o, r, flags);
		rp_j_set(o, "lease_key", rp_j_hex(r->lease_key, 16));
		if (r->kind == SMB2_BREAK_LEASE_NOTIFY) {
			rp_j_set(o, "kind", json_string("lease_notify"));
			SETI(o, r, new_epoch);
			SETI(o, r, current_lease_state);
			SETI(o, r, new_lease_state);
			SETI(o, r, break_reason);
			SETI(o, r, access_mask_hint);
			SETI(o, r, share_mask_hint);
		} else {
			rp_j_set(o, "kind", json_string("lease_response"));
			SETI(o, r, lease_state);
			SETU64(o, r, lease_duration);
		}
	}
}

static void error_body(json_t *o, const struct smb2_error_rsp *e)
{
	json_t *a = json_array();
	unsigned i;

	SETI(o, e, context_count);
	SETBLOB(o, e, data);
	for (i = 0; i < e->context_count && i < SMB2_MAX_ERROR_CONTEXTS; i++) {
		json_t *x = json_object();

		rp_j_set(x, "id", json_integer(e->contexts[i].id));
		rp_j_set(x, "data", rp_j_blob(e->contexts[i].data.p, e->contexts[i].data.len));
		json_array_append_new(a, x);
	}
	rp_j_set(o, "error_contexts", a);
}

/* The commands whose bodies are a few plain fields. */
static void small(json_t *o, const struct smb2_msg *m, bool rsp)
{
	switch (m->hdr.command) {
	case SMB2_SESSION_SETUP:
		if (!rsp) {
			const struct smb2_session_setup_req *r = &m->u.session_setup_req;

			SETI(o, r, flags);
			SETI(o, r, security_mode);
			SETI(o, r, capabilities);
			SETI(o, r, channel);
			SETU64(o, r, previous_session_id);
			SETBLOB(o, r, security_buffer);
		} else {
			SETI(o, &m->u.session_setup_rsp, session_flags);
			SETBLOB(o, &m->u.session_setup_rsp, security_buffer);
		}
		break;
	case SMB2_TREE_CONNECT:
		if (!rsp) {
			const struct smb2_tree_connect_req *r = &m->u.tree_connect_req;
			json_t *a = json_array();
			unsigned i;

			SETI(o, r, flags);
			rp_j_set(o, "path", rp_j_utf16(&r->path));
			for (i = 0; i < r->ctx_count && i < SMB2_MAX_TREE_CONNECT_CONTEXTS; i++) {
				json_t *x = json_object();

				rp_j_set(x, "type", json_integer(r->ctx[i].type));
				rp_j_set(x, "data", rp_j_blob(r->ctx[i].data.p, r->ctx[i].data.len));
				json_array_append_new(a, x);
			}
			rp_j_set(o, "tree_connect_contexts", a);
		} else {
			SETI(o, &m->u.tree_connect_rsp, share_type);
			SETI(o, &m->u.tree_connect_rsp, share_flags);
			SETI(o, &m->u.tree_connect_rsp, capabilities);
			SETI(o, &m->u.tree_connect_rsp, maximal_access);
		}
		break;
	case SMB2_CLOSE:
		if (!rsp) {
			SETI(o, &m->u.close_req, flags);
			rp_j_set(o, "file_id", rp_j_fid(&m->u.close_req.file_id));
		} else {
			const struct smb2_close_rsp *r = &m->u.close_rsp;

			SETI(o, r, flags);
			times(o, r->creation_time, r->last_access_time, r->last_write_time,
			      r->change_time);
			SETU64(o, r, allocation_size);
			SETU64(o, r, end_of_file);
			SETI(o, r, file_attributes);
		}
		break;
	case SMB2_FLUSH:
		if (!rsp)
			rp_j_set(o, "file_id", rp_j_fid(&m->u.flush_req.file_id));
		else
			SETI(o, &m->u.flush_rsp, reserved);
		break;
	case SMB2_LOCK:
		if (!rsp) {
			const struct smb2_lock_req *r = &m->u.lock_req;
			json_t *a = json_array();
			unsigned i;

			SETI(o, r, lock_sequence_number);
			SETI(o, r, lock_sequence_index);
			rp_j_set(o, "file_id", rp_j_fid(&r->file_id));
			SETI(o, r, lock_count);
			for (i = 0; i < r->lock_count && i < SMB2_MAX_LOCK_ELEMENTS; i++) {
				json_t *x = json_object();

				SETU64(x, &r->locks[i], offset);
				SETU64(x, &r->locks[i], length);
				SETI(x, &r->locks[i], flags);
				json_array_append_new(a, x);
			}
			rp_j_set(o, "locks", a);
		} else {
			SETI(o, &m->u.lock_rsp, reserved);
		}
		break;
	case SMB2_LOGOFF:
		rp_j_set(o, "reserved", json_integer(rsp ? m->u.logoff_rsp.reserved
		                                         : m->u.logoff_req.reserved));
		break;
	case SMB2_TREE_DISCONNECT:
		rp_j_set(o, "reserved", json_integer(rsp ? m->u.tree_disconnect_rsp.reserved
		                                         : m->u.tree_disconnect_req.reserved));
		break;
	case SMB2_ECHO:
		rp_j_set(o, "reserved", json_integer(rsp ? m->u.echo_rsp.reserved
		                                         : m->u.echo_req.reserved));
		break;
	case SMB2_CANCEL:
		SETI(o, &m->u.cancel_req, reserved);
		break;
	default:
		break;
	}
}

/* IOCTL and the directory, notify and info commands. */
static void queries(json_t *o, const struct smb2_msg *m, bool rsp)
{
	switch (m->hdr.command) {
	case SMB2_IOCTL:
		if (!rsp) {
			const struct smb2_ioctl_req *r = &m->u.ioctl_req;

			SETI(o, r, ctl_code);
			rp_j_set(o, "ctl_name", json_string(smb2_fsctl_name(r->ctl_code)));
			rp_j_set(o, "file_id", rp_j_fid(&r->file_id));
			SETI(o, r, max_input_response);
			SETI(o, r, max_output_response);
			SETI(o, r, flags);
			SETBLOB(o, r, input);
			SETBLOB(o, r, output);
		} else {
			const struct smb2_ioctl_rsp *r = &m->u.ioctl_rsp;

			SETI(o, r, ctl_code);
			rp_j_set(o, "ctl_name", json_string(smb2_fsctl_name(r->ctl_code)));
			rp_j_set(o, "file_id", rp_j_fid(&r->file_id));
			SETI(o, r, flags);
			SETBLOB(o, r, input);
			SETBLOB(o, r, output);
		}
		break;
	case SMB2_QUERY_DIRECTORY:
		if (!rsp) {
			const struct smb2_query_directory_req *r = &m->u.query_directory_req;

			SETI(o, r, file_info_class);
			SETI(o, r, flags);
			SETI(o, r, file_index);
			rp_j_set(o, "file_id", rp_j_fid(&r->file_id));
			rp_j_set(o, "pattern", rp_j_utf16(&r->pattern));
			SETI(o, r, output_buffer_length);
		} else {
			SETBLOB(o, &m->u.query_directory_rsp, buffer);
		}
		break;
	case SMB2_CHANGE_NOTIFY:
		if (!rsp) {
			const struct smb2_change_notify_req *r = &m->u.change_notify_req;

			SETI(o, r, flags);
			SETI(o, r, output_buffer_length);
			rp_j_set(o, "file_id", rp_j_fid(&r->file_id));
			SETI(o, r, completion_filter);
		} else {
			SETBLOB(o, &m->u.change_notify_rsp, buffer);
		}
		break;
	case SMB2_QUERY_INFO:
		if (!rsp) {
			const struct smb2_query_info_req *r = &m->u.query_info_req;

			SETI(o, r, info_type);
			SETI(o, r, file_info_class);
			SETI(o, r, output_buffer_length);
			SETBLOB(o, r, input);
			SETI(o, r, additional_information);
			SETI(o, r, flags);
			rp_j_set(o, "file_id", rp_j_fid(&r->file_id));
		} else {
			SETBLOB(o, &m->u.query_info_rsp, buffer);
		}
		break;
	case SMB2_SET_INFO:
		if (!rsp) {
			const struct smb2_set_info_req *r = &m->u.set_info_req;

			SETI(o, r, info_type);
			SETI(o, r, file_info_class);
			SETI(o, r, additional_information);
			rp_j_set(o, "file_id", rp_j_fid(&r->file_id));
			SETBLOB(o, r, buffer);
		} else {
			SETI(o, &m->u.set_info_rsp, unused);
		}
		break;
	default:
		break;
	}
}

json_t *rp_json_body(const struct smb2_msg *m)
{
	json_t *o = json_object();
	bool rsp = smb2_hdr_is_response(&m->hdr);

	if (m->kind == SMB2_MSG_ERROR) {
		error_body(o, &m->u.error);
		return o;
	}
	switch (m->hdr.command) {
	case SMB2_NEGOTIATE:
		negotiate(o, m, rsp);
		break;
	case SMB2_CREATE:
		create(o, m, rsp);
		break;
	case SMB2_READ:
	case SMB2_WRITE:
		read_write(o, m, rsp);
		break;
	case SMB2_OPLOCK_BREAK:
		oplock_break(o, m, rsp);
		break;
	case SMB2_IOCTL:
	case SMB2_QUERY_DIRECTORY:
	case SMB2_CHANGE_NOTIFY:
	case SMB2_QUERY_INFO:
	case SMB2_SET_INFO:
		queries(o, m, rsp);
		break;
	default:
		small(o, m, rsp);
		break;
	}
	return o;
}
