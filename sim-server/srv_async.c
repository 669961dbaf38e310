/*
 * Requests and their async life (MS-SMB2 3.3.4.2, 3.3.5.16): any request
 * may go async (interim STATUS_PENDING response carrying an AsyncId and
 * the credits), complete later from outside the request, and be cancelled
 * by MessageId (sync form) or AsyncId (async form).  A connection that
 * goes away cancels its async requests; their owners then complete them,
 * which only frees them.
 */
#include <stdlib.h>
#include <string.h>

#include "sim-server/srv_int.h"

struct srv_req *srv_req_new(struct srv_conn *c)
{
	struct srv_req *r = calloc(1, sizeof(*r));
	struct smb2_hdr h;

	if (!r)
		return NULL;
	r->srv = c->srv;
	r->conn = c;
	srv_list_init(&r->link);
	wr_init(&r->out, SMB2_MAX_PDU - SMB2_TRANSFORM_HDR_SIZE);
	/* Header placeholder: srv_rsp_finish_hdr() writes the real one. */
	memset(&h, 0, sizeof(h));
	h.flags = SMB2_FLAGS_SERVER_TO_REDIR;
	if (smb2_hdr_encode(&r->out, &h) != STATUS_SUCCESS) {
		wr_free(&r->out);
		free(r);
		return NULL;
	}
	return r;
}

void srv_req_free(struct srv_req *r)
{
	if (!r)
		return;
	if (r->listed) {
		srv_list_del(&r->link);
		if (r->conn)
			r->conn->async_count--;
		r->srv->async_count--;
	}
	wr_free(&r->out);
	free(r);
}

NTSTATUS srv_req_go_async(struct srv_req *r, srv_cancel_fn cancel_fn, void *arg)
{
	struct srv_conn *c = r->conn;

	if (r->is_async)
		return STATUS_SUCCESS;
	if (c->async_count >= SRV_MAX_ASYNC_PER_CONN)
		return STATUS_INSUFFICIENT_RESOURCES;
	r->is_async = true;
	r->listed = true;
	r->async_id = r->srv->next_async_id++;
	r->cancel_fn = cancel_fn;
	r->cancel_arg = arg;
	srv_list_add(&c->async, &r->link);
	c->async_count++;
	r->srv->async_count++;
	/* The final response carries no credits: the interim one did. */
	return STATUS_SUCCESS;
}

void srv_req_complete(struct srv_req *r, NTSTATUS status)
{
	struct srv_conn *c = r->conn;

	if (c && !c->dead) {
		srv_rsp_finish_hdr(r, status);
		srv_send_responses(c, &r, 1);
	}
	srv_req_free(r);
}

static void cancel_req(struct srv_req *r)
{
	if (r->cancelled)
		return;
	r->cancelled = true;
	if (r->cancel_fn)
		r->cancel_fn(r);
	else
		srv_req_complete(r, STATUS_CANCELLED);
}

void srv_cancel(struct srv_conn *c, const struct smb2_hdr *h)
{
	/* 3.3.5.16: the async form names the AsyncId, the sync form the
	 * MessageId of the request to cancel; no response to the CANCEL. */
	for (struct srv_link *l = c->async.next; l != &c->async; l = l->next) {
		struct srv_req *r = srv_container(l, struct srv_req, link);
		bool match = smb2_hdr_is_async(h) ? r->async_id == h->async_id
		                                  : r->message_id == h->message_id;
		if (match && r->session_id == h->session_id) {
			cancel_req(r);
			return;
		}
	}
}

void srv_async_conn_gone(struct srv_conn *c)
{
	while (!srv_list_empty(&c->async)) {
		struct srv_req *r = srv_container(c->async.next, struct srv_req, link);
		srv_list_del(&r->link);
		srv_list_init(&r->link);
		c->async_count--;
		r->conn = NULL;
		/* Still counted in srv->async_count until freed; the owner must
		 * complete it (which frees it). */
		r->cancelled = true;
		if (r->cancel_fn)
			r->cancel_fn(r);
		else
			srv_req_complete(r, STATUS_CANCELLED);
	}
}
