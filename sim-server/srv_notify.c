/*
 * CHANGE_NOTIFY (MS-SMB2 3.3.5.19, MS-FSA 2.1.5.11).
 *
 * The first CHANGE_NOTIFY on a directory open creates its watch; from then
 * on, until the open closes, changes that match the latest request's
 * CompletionFilter (and lie in the directory itself, or below it with
 * SMB2_WATCH_TREE) are queued on the watch.  A request finds queued
 * changes: it is answered at once; otherwise it goes async and is
 * answered when changes arrive.  Changes are delivered from a libevent
 * callback made active by the change, so that the changes one request
 * makes (a rename's old and new names) reach the client in one response.
 *
 * Answers: FILE_NOTIFY_INFORMATION entries (MS-FSCC 2.7.1) with names
 * relative to the watched directory, up to the request's
 * OutputBufferLength; when they do not fit, or more changes were queued
 * than SRV_NOTIFY_MAX_EVENTS/SRV_NOTIFY_MAX_BYTES allow, the queue is
 * dropped and the answer is STATUS_NOTIFY_ENUM_DIR (the client must
 * enumerate the directory).  CANCEL: STATUS_CANCELLED.  Closing the
 * directory: STATUS_NOTIFY_CLEANUP for every pending request.
 *
 * Changes come from the server's own handlers (srv_files_notify_change:
 * CREATE, CLOSE with delete, SET_INFO rename and disposition, WRITE); the
 * directory is not watched with inotify, so changes made to the share
 * outside the server are not reported.
 *
 * The watch registry is one list per process (every server's watches,
 * each tagged with its srv_files), because struct srv_files is opaque
 * here; the server runs one thread.
 */
#include <stdlib.h>
#include <string.h>

#include <event2/event.h>

#include "sim-server/srv_io.h"
#include "util/utf16.h"
#include "wire/change_notify.h"
#include "wire/notify_info.h"

/* Changes queued on one watch, and their name bytes; past either the
 * queue is dropped and the next answer is STATUS_NOTIFY_ENUM_DIR. */
#define SRV_NOTIFY_MAX_EVENTS 1024
#define SRV_NOTIFY_MAX_BYTES (1024u * 1024)
/* CHANGE_NOTIFY requests pending on one open. */
#define SRV_NOTIFY_MAX_WAITS 64

/* MS-SMB2 2.2.35: the CompletionFilter bits defined. */
#define NOTIFY_FILTER_ALL 0x00000FFFu

struct notify_event {
	struct srv_link link;
	uint32_t action;
	uint32_t len;              /* bytes of UTF-16LE */
	uint8_t name16[];
};

struct srv_watch;

struct notify_wait {
	struct srv_link link;      /* watch->waits */
	struct srv_watch *w;
	struct srv_req *r;
	uint32_t max_len;          /* OutputBufferLength */
};

struct srv_watch {
	struct srv_link in_node;   /* node->watchers */
	struct srv_link in_reg;    /* registry */
	struct srv_file *f;
	uint32_t filter;
	bool tree;
	struct srv_link events;
	unsigned nevents;
	size_t nbytes;
	bool overflow;
	struct srv_link waits;
	unsigned nwaits;
	struct event *deliver_ev;
};

static struct srv_link registry = {&registry, &registry};

static void events_drop(struct srv_watch *w)
{
	while (!srv_list_empty(&w->events)) {
		struct notify_event *e = srv_container(w->events.next, struct notify_event, link);
		srv_list_del(&e->link);
		free(e);
	}
	w->nevents = 0;
	w->nbytes = 0;
}

/* Answer r from the queue (which is emptied): the body in r->out and
 * STATUS_SUCCESS, or STATUS_NOTIFY_ENUM_DIR. */
static NTSTATUS answer(struct srv_req *r, struct srv_watch *w, uint32_t max)
{
	struct smb2_change_notify_rsp rsp;
	struct smb2_notify_builder b;
	NTSTATUS st = STATUS_SUCCESS;
	struct wr tmp;

	if (w->overflow) {
		w->overflow = false;
		events_drop(w);
		return STATUS_NOTIFY_ENUM_DIR;
	}
	wr_init(&tmp, max);
	smb2_notify_builder_init(&b, &tmp, max);
	for (struct srv_link *l = w->events.next; l != &w->events && st == STATUS_SUCCESS;
	     l = l->next) {
		struct notify_event *e = srv_container(l, struct notify_event, link);
		struct smb2_notify_entry ne = {e->action, {e->name16, e->len}};
		st = smb2_notify_add(&b, &ne);
	}
	events_drop(w);
	if (st != STATUS_SUCCESS) {
		wr_free(&tmp);
		return STATUS_NOTIFY_ENUM_DIR;
	}
	memset(&rsp, 0, sizeof(rsp));
	rsp.buffer.p = tmp.buf;
	rsp.buffer.len = smb2_notify_len(&b);
	st = smb2_change_notify_rsp_encode(&r->out, &rsp);
	wr_free(&tmp);
	return st;
}

static void wait_free(struct notify_wait *nw)
{
	srv_list_del(&nw->link);
	nw->w->nwaits--;
	free(nw);
}

static void deliver(evutil_socket_t fd, short what, void *arg)
{
	struct srv_watch *w = arg;

	(void)fd;
	(void)what;
	while (!srv_list_empty(&w->waits) && (w->nevents || w->overflow)) {
		struct notify_wait *nw = srv_container(w->waits.next, struct notify_wait, link);
		struct srv_req *r = nw->r;
		NTSTATUS st = answer(r, w, nw->max_len);
		wait_free(nw);
		srv_req_complete(r, st);
	}
}

static void notify_cancel(struct srv_req *r)
{
	struct notify_wait *nw = r->cancel_arg;

	wait_free(nw);
	srv_req_complete(r, STATUS_CANCELLED);
}

static struct srv_watch *watch_get(struct srv_file *f)
{
	struct srv_watch *w = f->io_priv;

	if (w)
		return w;
	w = calloc(1, sizeof(*w));
	if (!w)
		return NULL;
	w->deliver_ev = event_new(srv_server_base(srv_files_server(f->files)), -1, 0, deliver, w);
	if (!w->deliver_ev) {
		free(w);
		return NULL;
	}
	w->f = f;
	srv_list_init(&w->events);
	srv_list_init(&w->waits);
	srv_list_add(&f->node->watchers, &w->in_node);
	srv_list_add(&registry, &w->in_reg);
	f->io_priv = w;
	return w;
}

NTSTATUS srv_change_notify(struct srv_req *r)
{
	const struct smb2_change_notify_req *q = &r->in.u.change_notify_req;
	struct srv_file *f = srv_file_lookup(r);
	struct notify_wait *nw;
	struct srv_watch *w;
	NTSTATUS st;

	if (!f)
		return STATUS_FILE_CLOSED;
	/* 3.3.5.19: directories only. */
	if (f->kind != SRV_FILE_DIR || !f->node || !f->vf)
		return STATUS_INVALID_PARAMETER;
	if (q->output_buffer_length > srv_conn_info(r->conn)->max_transact)
		return STATUS_INVALID_PARAMETER;
	/* MS-FSA 2.1.5.11: a filter of 0 or with undefined bits. */
	if (q->completion_filter == 0 || (q->completion_filter & ~NOTIFY_FILTER_ALL))
		return STATUS_INVALID_PARAMETER;
	st = srv_file_check_access(f, SMB2_FILE_LIST_DIRECTORY);
	if (st != STATUS_SUCCESS)
		return st;
	w = watch_get(f);
	if (!w)
		return STATUS_INSUFFICIENT_RESOURCES;
	w->filter = q->completion_filter;
	w->tree = (q->flags & SMB2_WATCH_TREE) != 0;
	if (srv_list_empty(&w->waits) && (w->nevents || w->overflow))
		return answer(r, w, q->output_buffer_length);
	if (w->nwaits >= SRV_NOTIFY_MAX_WAITS)
		return STATUS_INSUFFICIENT_RESOURCES;
	nw = calloc(1, sizeof(*nw));
	if (!nw)
		return STATUS_INSUFFICIENT_RESOURCES;
	st = srv_req_go_async(r, notify_cancel, nw);
	if (st != STATUS_SUCCESS) {
		free(nw);
		return st;
	}
	nw->w = w;
	nw->r = r;
	nw->max_len = q->output_buffer_length;
	srv_list_add(&w->waits, &nw->link);
	w->nwaits++;
	return STATUS_PENDING;
}

/* The name of `path` relative to the directory `dir` ("" = share root),
 * or NULL when the change is not in the watched scope. */
static const char *relative(const char *path, const char *dir, bool tree)
{
	size_t dlen = strlen(dir);
	const char *rel;

	if (dlen == 0) {
		rel = path;
	} else {
		if (strncmp(path, dir, dlen) != 0 || path[dlen] != '/')
			return NULL;
		rel = path + dlen + 1;
	}
	if (*rel == '\0' || (!tree && strchr(rel, '/')))
		return NULL;
	return rel;
}

static void queue_event(struct srv_watch *w, const char *rel, uint32_t action)
{
	size_t rlen = strlen(rel), n = 0;
	struct notify_event *e;

	if (w->overflow)
		return;
	if (rlen > VFS_MAX_PATH_UNITS * 3u)
		goto overflow;
	e = malloc(sizeof(*e) + rlen * 2);
	if (!e)
		goto overflow;
	if (utf8_to_utf16le(rel, rlen, e->name16, rlen * 2, &n) != STATUS_SUCCESS) {
		free(e);
		return;
	}
	if (w->nevents >= SRV_NOTIFY_MAX_EVENTS || w->nbytes + n > SRV_NOTIFY_MAX_BYTES) {
		free(e);
		goto overflow;
	}
	/* MS-FSCC 2.7.1: path components separated by backslashes. */
	for (size_t i = 0; i + 1 < n; i += 2)
		if (e->name16[i] == '/' && e->name16[i + 1] == 0)
			e->name16[i] = '\\';
	e->action = action;
	e->len = (uint32_t)n;
	srv_list_add(&w->events, &e->link);
	w->nevents++;
	w->nbytes += n;
	return;
overflow:
	events_drop(w);
	w->overflow = true;
}

void srv_notify_change(struct srv_files *fs, struct vfs_share *share, const char *path,
                       uint32_t action, uint32_t filter)
{
	if (!path || !smb2_notify_action_valid(action))
		return;
	for (struct srv_link *l = registry.next; l != &registry; l = l->next) {
		struct srv_watch *w = srv_container(l, struct srv_watch, in_reg);
		const char *rel;

		if (w->f->files != fs || w->f->share != share || !(w->filter & filter))
			continue;
		rel = relative(path, w->f->vf->path ? w->f->vf->path : "", w->tree);
		if (!rel)
			continue;
		queue_event(w, rel, action);
		if (!srv_list_empty(&w->waits))
			event_active(w->deliver_ev, 0, 1);
	}
}

void srv_notify_close(struct srv_file *f)
{
	struct srv_watch *w = f->io_priv;

	if (!w)
		return;
	while (!srv_list_empty(&w->waits)) {
		struct notify_wait *nw = srv_container(w->waits.next, struct notify_wait, link);
		struct srv_req *r = nw->r;
		wait_free(nw);
		srv_req_complete(r, STATUS_NOTIFY_CLEANUP);
	}
	events_drop(w);
	event_free(w->deliver_ev);
	srv_list_del(&w->in_node);
	srv_list_del(&w->in_reg);
	free(w);
	f->io_priv = NULL;
}
