/* SMB 3.1.1 negotiate contexts (MS-SMB2 2.2.3.1, 2.2.4.1). */
#include "wire/negotiate_ctx.h"

#define NEG_CTX_HDR_SIZE 8

bool smb2_neg_ctx_type_known(uint16_t type)
{
	switch (type) {
	case SMB2_PREAUTH_INTEGRITY_CAPABILITIES:
	case SMB2_ENCRYPTION_CAPABILITIES:
	case SMB2_COMPRESSION_CAPABILITIES:
	case SMB2_NETNAME_NEGOTIATE_CONTEXT_ID:
	case SMB2_TRANSPORT_CAPABILITIES:
	case SMB2_RDMA_TRANSFORM_CAPABILITIES:
	case SMB2_SIGNING_CAPABILITIES:
		return true;
	default:
		return false;
	}
}

const char *smb2_neg_ctx_type_name(uint16_t type)
{
	switch (type) {
	case SMB2_PREAUTH_INTEGRITY_CAPABILITIES:
		return "SMB2_PREAUTH_INTEGRITY_CAPABILITIES";
	case SMB2_ENCRYPTION_CAPABILITIES:
		return "SMB2_ENCRYPTION_CAPABILITIES";
	case SMB2_COMPRESSION_CAPABILITIES:
		return "SMB2_COMPRESSION_CAPABILITIES";
	case SMB2_NETNAME_NEGOTIATE_CONTEXT_ID:
		return "SMB2_NETNAME_NEGOTIATE_CONTEXT_ID";
	case SMB2_TRANSPORT_CAPABILITIES:
		return "SMB2_TRANSPORT_CAPABILITIES";
	case SMB2_RDMA_TRANSFORM_CAPABILITIES:
		return "SMB2_RDMA_TRANSFORM_CAPABILITIES";
	case SMB2_SIGNING_CAPABILITIES:
		return "SMB2_SIGNING_CAPABILITIES";
	case SMB2_CONTEXTTYPE_RESERVED:
		return "SMB2_CONTEXTTYPE_RESERVED";
	default:
		return "UNKNOWN";
	}
}

/* `count` u16 ids at the cursor: 1 <= count <= SMB2_MAX_NEG_CTX_IDS and all
 * inside the data. */
static WUR bool rd_id_list(struct rd *c, uint16_t count, struct smb2_id_list *l)
{
	if (count == 0 || count > SMB2_MAX_NEG_CTX_IDS)
		return false;
	if (rd_left(c) < (size_t)count * 2)
		return false;
	l->count = count;
	for (uint16_t i = 0; i < count; i++)
		(void)!rd_u16(c, &l->ids[i]);
	return true;
}

NTSTATUS smb2_neg_ctx_parse(uint16_t type, struct smb2_blob data, struct smb2_neg_ctx *out)
{
	struct smb2_neg_ctx x;
	struct rd d;
	uint16_t count, salt_len;

	memset(&x, 0, sizeof(x));
	x.type = type;
	x.data = data;
	rd_init(&d, data.p, data.len);
	switch (type) {
	case SMB2_PREAUTH_INTEGRITY_CAPABILITIES:
		/* MS-SMB2 2.2.3.1.1: HashAlgorithmCount (> 0), SaltLength,
		 * HashAlgorithms[count], Salt[SaltLength] */
		if (!rd_u16(&d, &count) || !rd_u16(&d, &salt_len) ||
		    !rd_id_list(&d, count, &x.u.preauth.hashes))
			return STATUS_INVALID_PARAMETER;
		if (rd_left(&d) < salt_len)
			return STATUS_INVALID_PARAMETER;
		x.u.preauth.salt.p = d.base + d.pos;
		x.u.preauth.salt.len = salt_len;
		break;
	case SMB2_ENCRYPTION_CAPABILITIES:
		/* MS-SMB2 2.2.3.1.2: CipherCount (> 0), Ciphers[count] */
		if (!rd_u16(&d, &count) || !rd_id_list(&d, count, &x.u.ciphers))
			return STATUS_INVALID_PARAMETER;
		break;
	case SMB2_COMPRESSION_CAPABILITIES:
		/* MS-SMB2 2.2.3.1.3: CompressionAlgorithmCount, Padding, Flags,
		 * CompressionAlgorithms[count]; a count of 0 is
		 * STATUS_INVALID_PARAMETER (MS-SMB2 3.3.5.4). */
		if (!rd_u16(&d, &count) || !rd_skip(&d, 2) ||
		    !rd_u32(&d, &x.u.compression.flags) ||
		    !rd_id_list(&d, count, &x.u.compression.algs))
			return STATUS_INVALID_PARAMETER;
		break;
	case SMB2_NETNAME_NEGOTIATE_CONTEXT_ID:
		/* MS-SMB2 2.2.3.1.4: NetName, UTF-16LE, the whole Data */
		x.u.netname = data;
		break;
	case SMB2_TRANSPORT_CAPABILITIES:
		/* MS-SMB2 2.2.3.1.5: Flags */
		if (!rd_u32(&d, &x.u.transport_flags))
			return STATUS_INVALID_PARAMETER;
		break;
	case SMB2_RDMA_TRANSFORM_CAPABILITIES:
		/* MS-SMB2 2.2.3.1.6: TransformCount (> 0), Reserved1 (2),
		 * Reserved2 (4), RDMATransformIds[count] */
		if (!rd_u16(&d, &count) || !rd_skip(&d, 6) ||
		    !rd_id_list(&d, count, &x.u.rdma_transforms))
			return STATUS_INVALID_PARAMETER;
		break;
	case SMB2_SIGNING_CAPABILITIES:
		/* MS-SMB2 2.2.3.1.7: SigningAlgorithmCount (> 0),
		 * SigningAlgorithms[count] */
		if (!rd_u16(&d, &count) || !rd_id_list(&d, count, &x.u.signing_algs))
			return STATUS_INVALID_PARAMETER;
		break;
	default:
		/* Unknown and reserved types: the blob alone. */
		break;
	}
	*out = x;
	return STATUS_SUCCESS;
}

NTSTATUS smb2_neg_ctx_list_decode(struct rd *c, uint64_t off, uint16_t count,
                                  uint64_t min_off, const char *field,
                                  struct smb2_neg_ctx_list *out)
{
	struct smb2_neg_ctx_list l; /* assigned to *out only on success */
	uint64_t pos = off;

	if (count > SMB2_MAX_NEG_CONTEXTS)
		return rd_fail(c, "NegotiateContextCount");
	l.count = count;
	for (uint16_t i = 0; i < count; i++) {
		struct smb2_blob hdr, data;
		uint16_t type, dlen;
		NTSTATUS st;

		/* MS-SMB2 2.2.3.1: every context begins 8-byte aligned; the
		 * first at NegotiateContextOffset, which must not reach back
		 * into what precedes the list. */
		if (i > 0)
			pos = (pos + 7) & ~(uint64_t)7;
		st = rd_buffer(c, pos, NEG_CTX_HDR_SIZE, min_off, 8,
		               i == 0 ? field : "NegotiateContext", &hdr);
		if (st)
			return st;
		type = le16(hdr.p);
		dlen = le16(hdr.p + 2);
		st = rd_buffer(c, pos + NEG_CTX_HDR_SIZE, dlen, pos + NEG_CTX_HDR_SIZE, 1,
		               "NegotiateContext.DataLength", &data);
		if (st)
			return st;
		if (dlen == 0)
			data.p = hdr.p + NEG_CTX_HDR_SIZE;
		st = smb2_neg_ctx_parse(type, data, &l.ctx[i]);
		if (st) {
			c->err_field = "NegotiateContext.Data";
			c->err_off = (size_t)(pos + NEG_CTX_HDR_SIZE);
			return st;
		}
		pos += NEG_CTX_HDR_SIZE + (uint64_t)dlen;
	}
	*out = l;
	return STATUS_SUCCESS;
}

static bool ids_ok(const struct smb2_id_list *l)
{
	return l->count >= 1 && l->count <= SMB2_MAX_NEG_CTX_IDS;
}

static bool ctx_ok(const struct smb2_neg_ctx *x)
{
	switch (x->type) {
	case SMB2_PREAUTH_INTEGRITY_CAPABILITIES:
		return ids_ok(&x->u.preauth.hashes) &&
		       4 + 2 * (uint64_t)x->u.preauth.hashes.count +
		               x->u.preauth.salt.len <= UINT16_MAX;
	case SMB2_ENCRYPTION_CAPABILITIES:
		return ids_ok(&x->u.ciphers);
	case SMB2_COMPRESSION_CAPABILITIES:
		return ids_ok(&x->u.compression.algs);
	case SMB2_NETNAME_NEGOTIATE_CONTEXT_ID:
		return x->u.netname.len <= UINT16_MAX;
	case SMB2_TRANSPORT_CAPABILITIES:
		return true;
	case SMB2_RDMA_TRANSFORM_CAPABILITIES:
		return ids_ok(&x->u.rdma_transforms);
	case SMB2_SIGNING_CAPABILITIES:
		return ids_ok(&x->u.signing_algs);
	default:
		return x->data.len <= UINT16_MAX;
	}
}

static void wr_ids(struct wr *w, const struct smb2_id_list *l)
{
	for (uint16_t i = 0; i < l->count; i++)
		wr_u16(w, l->ids[i]);
}

static void ctx_encode(struct wr *w, const struct smb2_neg_ctx *x)
{
	size_t len_pos = w->len + 2;
	size_t start;

	wr_u16(w, x->type);
	wr_u16(w, 0); /* DataLength, patched below */
	wr_u32(w, 0); /* Reserved */
	start = w->len;
	switch (x->type) {
	case SMB2_PREAUTH_INTEGRITY_CAPABILITIES:
		wr_u16(w, x->u.preauth.hashes.count);
		wr_u16(w, (uint16_t)x->u.preauth.salt.len);
		wr_ids(w, &x->u.preauth.hashes);
		wr_bytes(w, x->u.preauth.salt.p, x->u.preauth.salt.len);
		break;
	case SMB2_ENCRYPTION_CAPABILITIES:
		wr_u16(w, x->u.ciphers.count);
		wr_ids(w, &x->u.ciphers);
		break;
	case SMB2_COMPRESSION_CAPABILITIES:
		wr_u16(w, x->u.compression.algs.count);
		wr_u16(w, 0);
		wr_u32(w, x->u.compression.flags);
		wr_ids(w, &x->u.compression.algs);
		break;
	case SMB2_NETNAME_NEGOTIATE_CONTEXT_ID:
		wr_bytes(w, x->u.netname.p, x->u.netname.len);
		break;
	case SMB2_TRANSPORT_CAPABILITIES:
		wr_u32(w, x->u.transport_flags);
		break;
	case SMB2_RDMA_TRANSFORM_CAPABILITIES:
		wr_u16(w, x->u.rdma_transforms.count);
		wr_u16(w, 0);
		wr_u32(w, 0);
		wr_ids(w, &x->u.rdma_transforms);
		break;
	case SMB2_SIGNING_CAPABILITIES:
		wr_u16(w, x->u.signing_algs.count);
		wr_ids(w, &x->u.signing_algs);
		break;
	default:
		wr_bytes(w, x->data.p, x->data.len);
		break;
	}
	if (wr_ok(w)) {
		size_t n = w->len - start;
		if (n > UINT16_MAX)
			w->err = true;
		else
			wr_put_u16_at(w, len_pos, (uint16_t)n);
	}
}

NTSTATUS smb2_neg_ctx_list_encode(struct wr *w, const struct smb2_neg_ctx_list *in)
{
	if (in->count > SMB2_MAX_NEG_CONTEXTS)
		return STATUS_INVALID_PARAMETER;
	for (uint16_t i = 0; i < in->count; i++)
		if (!ctx_ok(&in->ctx[i]))
			return STATUS_INVALID_PARAMETER;
	for (uint16_t i = 0; i < in->count; i++) {
		if (i > 0)
			wr_align(w, 8); /* MS-SMB2 2.2.3.1 */
		ctx_encode(w, &in->ctx[i]);
	}
	return wr_status(w);
}

const struct smb2_neg_ctx *smb2_neg_ctx_find(const struct smb2_neg_ctx_list *l,
                                             uint16_t type)
{
	for (uint16_t i = 0; i < l->count && i < SMB2_MAX_NEG_CONTEXTS; i++)
		if (l->ctx[i].type == type)
			return &l->ctx[i];
	return NULL;
}
