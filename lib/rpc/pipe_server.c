/*
 * The server end of a DCE/RPC association over a named pipe: fragment
 * gathering, bind/alter_context negotiation (C706 12.6.4.3-12.6.4.5,
 * MS-RPCE 3.3.1.5), request dispatch and the message queue reads drain.
 */
#include "rpc/pipe_server.h"

#include <stdlib.h>
#include <string.h>

struct out_msg {
	struct out_msg *next;
	size_t len;
	size_t off;
	uint8_t data[];
};

struct pipe_ctx {
	uint16_t ctx_id;
	uint8_t ep; /* index into eps */
};

struct dcerpc_pipe {
	struct dcerpc_endpoint eps[DCERPC_PIPE_MAX_IFACES];
	size_t n_eps;
	uint8_t sec_addr[DCERPC_MAX_SEC_ADDR];
	uint16_t sec_addr_len; /* with the NUL */
	uint32_t new_assoc_group;

	bool bound;
	uint32_t assoc_group;
	uint16_t max_xmit; /* largest fragment we send */
	struct pipe_ctx ctxs[DCERPC_PIPE_MAX_CONTEXTS];
	size_t n_ctxs;

	uint8_t in[DCERPC_PIPE_MAX_FRAG];
	size_t in_len;
	struct dcerpc_reasm reasm;

	struct out_msg *head, *tail;
	size_t out_bytes;
};

struct dcerpc_pipe *dcerpc_pipe_new(const struct dcerpc_endpoint *eps, size_t n,
                                    const char *sec_addr, uint32_t assoc_group_id)
{
	struct dcerpc_pipe *p;
	size_t sl;

	if (!eps || n == 0 || n > DCERPC_PIPE_MAX_IFACES || !sec_addr)
		return NULL;
	sl = strlen(sec_addr) + 1;
	if (sl > DCERPC_MAX_SEC_ADDR)
		return NULL;
	for (size_t i = 0; i < n; i++)
		if (!eps[i].iface || !eps[i].iface->dispatch)
			return NULL;
	p = calloc(1, sizeof *p);
	if (!p)
		return NULL;
	memcpy(p->eps, eps, n * sizeof *eps);
	p->n_eps = n;
	memcpy(p->sec_addr, sec_addr, sl);
	p->sec_addr_len = (uint16_t)sl;
	p->new_assoc_group = assoc_group_id;
	p->max_xmit = DCERPC_PIPE_MAX_FRAG;
	dcerpc_reasm_init(&p->reasm);
	return p;
}

void dcerpc_pipe_free(struct dcerpc_pipe *p)
{
	if (!p)
		return;
	while (p->head) {
		struct out_msg *m = p->head;

		p->head = m->next;
		free(m);
	}
	dcerpc_reasm_free(&p->reasm);
	free(p);
}

/* ---- output --------------------------------------------------------- */

static NTSTATUS queue(struct dcerpc_pipe *p, const uint8_t *data, size_t len)
{
	struct out_msg *m = malloc(sizeof *m + len);

	if (!m)
		return STATUS_NO_MEMORY;
	m->next = NULL;
	m->len = len;
	m->off = 0;
	memcpy(m->data, data, len);
	if (p->tail)
		p->tail->next = m;
	else
		p->head = m;
	p->tail = m;
	p->out_bytes += len;
	return STATUS_SUCCESS;
}

/* Queue each fragment in w as its own message (message-mode pipe). */
static NTSTATUS queue_fragments(struct dcerpc_pipe *p, const struct wr *w)
{
	size_t off = 0;

	while (off + DCERPC_HDR_SIZE <= w->len) {
		size_t fl = le16(w->buf + off + 8);
		NTSTATUS st;

		if (fl < DCERPC_HDR_SIZE || fl > w->len - off)
			return STATUS_INTERNAL_ERROR;
		st = queue(p, w->buf + off, fl);
		if (st != STATUS_SUCCESS)
			return st;
		off += fl;
	}
	return STATUS_SUCCESS;
}

static void send_fault(struct dcerpc_pipe *p, uint32_t call_id, uint16_t ctx_id,
                       uint32_t status)
{
	struct dcerpc_fault f = { .ctx_id = ctx_id, .status = status };
	struct wr w;

	wr_init(&w, DCERPC_MAX_FRAG);
	/* C706 12.6.3.1: did_not_execute, the call was refused before the
	 * manager routine ran. */
	if (dcerpc_fault_encode(&w, DCERPC_PFC_FIRST_FRAG | DCERPC_PFC_LAST_FRAG |
	                                    DCERPC_PFC_DID_NOT_EXECUTE,
	                        call_id, &f) == STATUS_SUCCESS)
		(void)queue_fragments(p, &w);
	wr_free(&w);
}

static void send_nak(struct dcerpc_pipe *p, uint32_t call_id, uint16_t reason)
{
	struct dcerpc_bind_nak n = { .reason = reason, .n_versions = 1,
	                             .versions = { { DCERPC_RPC_VERS, DCERPC_RPC_VERS_MINOR } } };
	struct wr w;

	wr_init(&w, DCERPC_MAX_FRAG);
	if (dcerpc_bind_nak_encode(&w, call_id, &n) == STATUS_SUCCESS)
		(void)queue_fragments(p, &w);
	wr_free(&w);
}

/* The refusal a PDU of this type gets when it cannot be served. */
static void refuse(struct dcerpc_pipe *p, uint8_t ptype, uint32_t call_id, uint16_t nak_reason,
                   uint32_t fault)
{
	if (ptype == DCERPC_PT_BIND)
		send_nak(p, call_id, nak_reason);
	else
		send_fault(p, call_id, 0, fault);
}

/* ---- bind ----------------------------------------------------------- */

static int find_ep(const struct dcerpc_pipe *p, const struct dcerpc_syntax *abstract)
{
	for (size_t i = 0; i < p->n_eps; i++) {
		const struct dcerpc_syntax *s = &p->eps[i].iface->syntax;

		/* C706 12.6.4.3: same UUID and major version; the client's
		 * minor version may not be above ours. */
		if (memcmp(s->uuid.b, abstract->uuid.b, sizeof s->uuid.b) == 0 &&
		    s->vers_major == abstract->vers_major && abstract->vers_minor <= s->vers_minor)
			return (int)i;
	}
	return -1;
}

static void add_ctx(struct dcerpc_pipe *p, uint16_t ctx_id, int ep, struct dcerpc_ctx_result_item *r)
{
	for (size_t i = 0; i < p->n_ctxs; i++) {
		if (p->ctxs[i].ctx_id == ctx_id) {
			p->ctxs[i].ep = (uint8_t)ep;
			return;
		}
	}
	if (p->n_ctxs == DCERPC_PIPE_MAX_CONTEXTS) {
		r->result = DCERPC_RESULT_PROVIDER_REJECTION;
		r->reason = DCERPC_REASON_LOCAL_LIMIT_EXCEEDED;
		memset(&r->transfer, 0, sizeof r->transfer);
		return;
	}
	p->ctxs[p->n_ctxs].ctx_id = ctx_id;
	p->ctxs[p->n_ctxs].ep = (uint8_t)ep;
	p->n_ctxs++;
}

static void negotiate_ctx(struct dcerpc_pipe *p, const struct dcerpc_ctx_elem *e,
                          struct dcerpc_ctx_result_item *r)
{
	uint64_t features;
	int ep;

	memset(r, 0, sizeof *r);
	for (unsigned j = 0; j < e->n_transfer; j++) {
		if (dcerpc_syntax_is_btfn(&e->transfer[j], &features)) {
			/* MS-RPCE 3.3.1.5.3: the item is a feature negotiation, not
			 * a context; the reason field carries what we support.  The
			 * pipe stays usable after an orphaned PDU. */
			r->result = DCERPC_RESULT_NEGOTIATE_ACK;
			r->reason = (uint16_t)(features & DCERPC_BTFN_KEEP_CONNECTION_ON_ORPHAN);
			return;
		}
	}
	ep = find_ep(p, &e->abstract);
	if (ep < 0) {
		r->result = DCERPC_RESULT_PROVIDER_REJECTION;
		r->reason = DCERPC_REASON_ABSTRACT_SYNTAX_NOT_SUPPORTED;
		return;
	}
	for (unsigned j = 0; j < e->n_transfer; j++) {
		if (dcerpc_syntax_equal(&e->transfer[j], &dcerpc_syntax_ndr32)) {
			r->result = DCERPC_RESULT_ACCEPTANCE;
			r->transfer = dcerpc_syntax_ndr32;
			add_ctx(p, e->ctx_id, ep, r);
			return;
		}
	}
	/* NDR64 and anything else: MS-RPCE 3.3.1.5.3 */
	r->result = DCERPC_RESULT_PROVIDER_REJECTION;
	r->reason = DCERPC_REASON_TRANSFER_SYNTAXES_NOT_SUPPORTED;
}

static void handle_bind(struct dcerpc_pipe *p, const struct dcerpc_pdu *pdu)
{
	const struct dcerpc_bind *b = &pdu->u.bind;
	bool alter = pdu->hdr.ptype == DCERPC_PT_ALTER_CONTEXT;
	struct dcerpc_bind_ack ack;
	struct wr w;

	if (!alter) {
		if (p->bound) {
			send_nak(p, pdu->hdr.call_id, DCERPC_NAK_REASON_NOT_SPECIFIED);
			return;
		}
		if (pdu->has_auth) {
			/* MS-RPCE 3.3.1.5.2: no security provider on this pipe */
			send_nak(p, pdu->hdr.call_id, DCERPC_NAK_AUTH_TYPE_NOT_RECOGNIZED);
			return;
		}
		if (b->n_ctx == 0 || b->max_recv_frag < DCERPC_MIN_FRAG ||
		    b->max_xmit_frag < DCERPC_MIN_FRAG) {
			send_nak(p, pdu->hdr.call_id, DCERPC_NAK_REASON_NOT_SPECIFIED);
			return;
		}
	} else if (!p->bound || pdu->has_auth || b->n_ctx == 0) {
		send_fault(p, pdu->hdr.call_id, 0, DCERPC_NCA_S_PROTO_ERROR);
		return;
	}
	memset(&ack, 0, sizeof ack);
	if (!alter) {
		p->max_xmit = b->max_recv_frag < DCERPC_PIPE_MAX_FRAG ? b->max_recv_frag
		                                                      : DCERPC_PIPE_MAX_FRAG;
		p->assoc_group = b->assoc_group_id ? b->assoc_group_id : p->new_assoc_group;
		ack.sec_addr.p = p->sec_addr;
		ack.sec_addr.len = p->sec_addr_len;
	}
	ack.max_xmit_frag = p->max_xmit;
	ack.max_recv_frag = DCERPC_PIPE_MAX_FRAG;
	ack.assoc_group_id = p->assoc_group;
	ack.n_results = b->n_ctx;
	for (unsigned i = 0; i < b->n_ctx; i++)
		negotiate_ctx(p, &b->ctx[i], &ack.results[i]);
	p->bound = true;
	wr_init(&w, DCERPC_MAX_FRAG);
	if (dcerpc_bind_ack_encode(&w, alter ? DCERPC_PT_ALTER_CONTEXT_RESP : DCERPC_PT_BIND_ACK,
	                           pdu->hdr.call_id, &ack) == STATUS_SUCCESS)
		(void)queue_fragments(p, &w);
	wr_free(&w);
}

/* ---- requests ------------------------------------------------------- */

static const struct pipe_ctx *find_ctx(const struct dcerpc_pipe *p, uint16_t ctx_id)
{
	for (size_t i = 0; i < p->n_ctxs; i++)
		if (p->ctxs[i].ctx_id == ctx_id)
			return &p->ctxs[i];
	return NULL;
}

static void run_call(struct dcerpc_pipe *p, uint32_t call_id, uint16_t ctx_id, uint16_t opnum)
{
	const struct pipe_ctx *ctx = find_ctx(p, ctx_id);
	const struct dcerpc_endpoint *ep;
	struct wr stub, frags;
	uint32_t fault;

	if (!ctx) {
		send_fault(p, call_id, ctx_id, DCERPC_NCA_S_UNK_IF);
		return;
	}
	ep = &p->eps[ctx->ep];
	if (opnum >= ep->iface->n_opnums) {
		send_fault(p, call_id, ctx_id, DCERPC_NCA_S_OP_RNG_ERROR);
		return;
	}
	wr_init(&stub, DCERPC_PIPE_MAX_RESPONSE_STUB);
	fault = ep->iface->dispatch(ep->arg, opnum, p->reasm.stub, p->reasm.len, &stub);
	if (fault == 0 && !wr_ok(&stub))
		fault = DCERPC_NCA_S_FAULT_REMOTE_NO_MEMORY;
	if (fault != 0) {
		wr_free(&stub);
		send_fault(p, call_id, ctx_id, fault);
		return;
	}
	wr_init(&frags, WR_MAX_DEFAULT);
	if (dcerpc_call_encode(&frags, false, call_id, ctx_id, 0, stub.buf, stub.len,
	                       p->max_xmit) != STATUS_SUCCESS ||
	    queue_fragments(p, &frags) != STATUS_SUCCESS)
		send_fault(p, call_id, ctx_id, DCERPC_NCA_S_FAULT_REMOTE_NO_MEMORY);
	wr_free(&frags);
	wr_free(&stub);
}

static void handle_request(struct dcerpc_pipe *p, const struct dcerpc_pdu *pdu)
{
	const struct dcerpc_request *r = &pdu->u.request;
	NTSTATUS st;
	bool done;

	if (!p->bound || pdu->has_auth) {
		dcerpc_reasm_reset(&p->reasm);
		send_fault(p, pdu->hdr.call_id, r->ctx_id, DCERPC_NCA_S_PROTO_ERROR);
		return;
	}
	st = dcerpc_reasm_add(&p->reasm, pdu, &done);
	if (st == STATUS_BUFFER_OVERFLOW) {
		send_fault(p, pdu->hdr.call_id, r->ctx_id, DCERPC_NCA_S_FAULT_REMOTE_NO_MEMORY);
		return;
	}
	if (st != STATUS_SUCCESS) {
		send_fault(p, pdu->hdr.call_id, r->ctx_id, DCERPC_NCA_S_PROTO_ERROR);
		return;
	}
	if (done)
		run_call(p, pdu->hdr.call_id, p->reasm.ctx_id, p->reasm.opnum);
}

/* ---- input ---------------------------------------------------------- */

static void handle_pdu(struct dcerpc_pipe *p, const uint8_t *buf, size_t len)
{
	struct dcerpc_pdu pdu;
	enum dcerpc_decode_err e = dcerpc_pdu_decode(buf, len, &pdu, NULL);
	uint8_t ptype = buf[2];
	uint32_t call_id = le32(buf + 12);

	if (e != DCERPC_DECODE_OK) {
		if (ptype == DCERPC_PT_REQUEST)
			dcerpc_reasm_reset(&p->reasm);
		refuse(p, ptype, call_id,
		       e == DCERPC_DECODE_LIMIT ? DCERPC_NAK_LOCAL_LIMIT_EXCEEDED
		                                : DCERPC_NAK_REASON_NOT_SPECIFIED,
		       DCERPC_NCA_S_PROTO_ERROR);
		return;
	}
	switch (pdu.hdr.ptype) {
	case DCERPC_PT_BIND:
	case DCERPC_PT_ALTER_CONTEXT:
		handle_bind(p, &pdu);
		break;
	case DCERPC_PT_REQUEST:
		handle_request(p, &pdu);
		break;
	case DCERPC_PT_AUTH3:     /* no security context to complete */
	case DCERPC_PT_CO_CANCEL: /* calls finish before the next PDU is read */
		break;
	case DCERPC_PT_ORPHANED:
		/* C706 12.6.4.8: the client abandons the call being sent */
		if (p->reasm.active && p->reasm.call_id == pdu.hdr.call_id)
			dcerpc_reasm_reset(&p->reasm);
		break;
	default: /* server-to-client types and shutdown */
		send_fault(p, pdu.hdr.call_id, 0, DCERPC_NCA_S_PROTO_ERROR);
		break;
	}
}

/* Answer every complete fragment in p->in; on a header that cannot be
 * followed, refuse it and drop the buffered bytes. */
static void process_input(struct dcerpc_pipe *p)
{
	size_t off = 0;

	while (p->in_len - off >= DCERPC_HDR_SIZE) {
		const uint8_t *b = p->in + off;
		struct dcerpc_hdr h;
		enum dcerpc_decode_err e = dcerpc_hdr_decode(b, p->in_len - off, &h);

		if (e == DCERPC_DECODE_OK && h.frag_length > DCERPC_PIPE_MAX_FRAG)
			e = DCERPC_DECODE_FRAG_LEN;
		if (e != DCERPC_DECODE_OK) {
			refuse(p, b[2], le32(b + 12),
			       e == DCERPC_DECODE_VERSION ? DCERPC_NAK_PROTOCOL_VERSION_NOT_SUPPORTED
			                                  : DCERPC_NAK_REASON_NOT_SPECIFIED,
			       DCERPC_NCA_S_PROTO_ERROR);
			dcerpc_reasm_reset(&p->reasm);
			p->in_len = 0;
			return;
		}
		if (h.frag_length > p->in_len - off)
			break;
		handle_pdu(p, b, h.frag_length);
		off += h.frag_length;
	}
	if (off > 0) {
		memmove(p->in, p->in + off, p->in_len - off);
		p->in_len -= off;
	}
}

NTSTATUS dcerpc_pipe_write(struct dcerpc_pipe *p, const uint8_t *buf, size_t len)
{
	if (p->out_bytes > DCERPC_PIPE_MAX_OUTPUT)
		return STATUS_INSUFFICIENT_RESOURCES;
	while (len > 0) {
		size_t n = sizeof p->in - p->in_len;

		if (n > len)
			n = len;
		memcpy(p->in + p->in_len, buf, n);
		p->in_len += n;
		buf += n;
		len -= n;
		process_input(p);
	}
	return STATUS_SUCCESS;
}

NTSTATUS dcerpc_pipe_read(struct dcerpc_pipe *p, uint8_t *buf, size_t max, size_t *n,
                          bool *more)
{
	struct out_msg *m = p->head;
	size_t k;

	*n = 0;
	*more = false;
	if (!m)
		return STATUS_PIPE_EMPTY;
	k = m->len - m->off;
	if (k > max)
		k = max;
	if (k)
		memcpy(buf, m->data + m->off, k);
	m->off += k;
	p->out_bytes -= k;
	*n = k;
	if (m->off < m->len) {
		*more = true;
		return STATUS_BUFFER_OVERFLOW;
	}
	p->head = m->next;
	if (!p->head)
		p->tail = NULL;
	free(m);
	return STATUS_SUCCESS;
}

bool dcerpc_pipe_has_output(const struct dcerpc_pipe *p)
{
	return p->head != NULL;
}

NTSTATUS dcerpc_pipe_transceive(struct dcerpc_pipe *p, const uint8_t *in, size_t in_len,
                                uint8_t *out, size_t max, size_t *n)
{
	bool more;
	NTSTATUS st = dcerpc_pipe_write(p, in, in_len);

	*n = 0;
	if (st != STATUS_SUCCESS)
		return st;
	return dcerpc_pipe_read(p, out, max, n, &more);
}
