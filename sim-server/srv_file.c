/*
 * The file handlers' server-wide state (srv_file.h): VFS shares, the node
 * table keyed by (st_dev, st_ino), hooks, the per-open accessors, the
 * freeing of an open (delete on close, MS-FSA 2.1.5.4) and the
 * registration of the handlers.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "rpc/pipe_server.h"
#include "sim-server/srv_file.h"
#include "sim-server/srv_file_int.h"
#include "wire/notify_info.h"

uint32_t srv_access_map(uint32_t desired, uint32_t maximal)
{
	uint32_t a = desired & ~(SMB2_GENERIC_READ | SMB2_GENERIC_WRITE | SMB2_GENERIC_EXECUTE |
	                         SMB2_GENERIC_ALL | SMB2_MAXIMUM_ALLOWED);

	if (desired & SMB2_GENERIC_READ)
		a |= SRV_FILE_GENERIC_READ;
	if (desired & SMB2_GENERIC_WRITE)
		a |= SRV_FILE_GENERIC_WRITE;
	if (desired & SMB2_GENERIC_EXECUTE)
		a |= SRV_FILE_GENERIC_EXECUTE;
	if (desired & SMB2_GENERIC_ALL)
		a |= SRV_FILE_ALL_ACCESS;
	if (desired & SMB2_MAXIMUM_ALLOWED)
		a |= maximal;
	return a;
}

static void files_free(void *arg)
{
	struct srv_files *fs = arg;

	if (!fs)
		return;
	for (unsigned i = 0; i < SRV_MAX_SHARES; i++)
		vfs_share_free(fs->shares[i]);
	free(fs);
}

struct srv_files *srv_files_get(struct srv_server *srv)
{
	return srv_server_files(srv);
}

struct srv_server *srv_files_server(const struct srv_files *fs)
{
	return fs->srv;
}

void srv_files_add_close_hook(struct srv_files *fs, srv_file_close_hook fn)
{
	if (fs->n_close_hooks < SRV_MAX_CLOSE_HOOKS)
		fs->close_hooks[fs->n_close_hooks++] = fn;
}

void srv_files_add_change_hook(struct srv_files *fs, srv_file_change_hook fn)
{
	if (fs->n_change_hooks < SRV_MAX_CHANGE_HOOKS)
		fs->change_hooks[fs->n_change_hooks++] = fn;
}

void srv_files_notify_change(struct srv_files *fs, struct vfs_share *share,
                             const char *path, uint32_t action, uint32_t filter)
{
	for (unsigned i = 0; i < fs->n_change_hooks; i++)
		fs->change_hooks[i](fs, share, path, action, filter);
}

NTSTATUS srv_files_share(struct srv_files *fs, const struct srv_tree *t,
                         struct vfs_share **out)
{
	const struct srv_settings *set = srv_server_settings(fs->srv);
	ptrdiff_t i;
	NTSTATUS st;

	if (t->is_ipc || !t->share)
		return STATUS_BAD_NETWORK_NAME;
	i = t->share - set->shares;
	if (i < 0 || i >= (ptrdiff_t)set->share_count)
		return STATUS_BAD_NETWORK_NAME;
	if (!fs->shares[i]) {
		st = vfs_share_open(t->share->path, &fs->shares[i]);
		if (st != STATUS_SUCCESS)
			return st;
	}
	*out = fs->shares[i];
	return STATUS_SUCCESS;
}

/* ---- nodes ---------------------------------------------------------- */

static struct srv_link *node_bucket(struct srv_files *fs, dev_t dev, ino_t ino)
{
	uint64_t h = (uint64_t)ino * UINT64_C(0x9E3779B97F4A7C15) ^ (uint64_t)dev;

	return &fs->nodes[(h >> 32) % SRV_NODE_HASH];
}

NTSTATUS srv_node_attach(struct srv_files *fs, struct srv_file *f)
{
	struct stat sb;
	struct srv_link *head;
	struct srv_node *n = NULL;

	if (fstat(f->vf->fd, &sb) != 0)
		return STATUS_INTERNAL_ERROR;
	head = node_bucket(fs, sb.st_dev, sb.st_ino);
	for (struct srv_link *l = head->next; l != head; l = l->next) {
		struct srv_node *c = srv_container(l, struct srv_node, in_table);
		if (c->dev == sb.st_dev && c->ino == sb.st_ino) {
			n = c;
			break;
		}
	}
	if (!n) {
		n = calloc(1, sizeof(*n));
		if (!n)
			return STATUS_NO_MEMORY;
		n->dev = sb.st_dev;
		n->ino = sb.st_ino;
		srv_list_init(&n->opens);
		srv_list_init(&n->locks);
		srv_list_init(&n->watchers);
		srv_list_add(head, &n->in_table);
	}
	f->node = n;
	srv_list_add(&n->opens, &f->in_node);
	n->open_count++;
	return STATUS_SUCCESS;
}

/* Leave the node; the last open out removes a delete-pending object
 * (MS-FSA 2.1.5.4) and frees the node. */
static void node_detach(struct srv_file *f)
{
	struct srv_node *n = f->node;
	bool last;

	if (!n)
		return;
	if (f->delete_on_close)
		n->delete_pending = true;
	srv_list_del(&f->in_node);
	n->open_count--;
	f->node = NULL;
	last = n->open_count == 0;
	if (last && n->delete_pending && f->vf &&
	    vfs_check_deletable(f->vf) == STATUS_SUCCESS &&
	    vfs_unlink(f->share, f->vf) == STATUS_SUCCESS)
		srv_files_notify_change(f->files, f->share, f->vf->path, FILE_ACTION_REMOVED,
		                        f->vf->is_dir ? FILE_NOTIFY_CHANGE_DIR_NAME
		                                      : FILE_NOTIFY_CHANGE_FILE_NAME);
	if (last) {
		srv_list_del(&n->in_table);
		free(n);
	}
}

/* ---- opens ---------------------------------------------------------- */

struct srv_file *srv_file_get(struct srv_open *o)
{
	return o && o->free_fn == srv_file_free ? o->priv : NULL;
}

struct srv_file *srv_file_lookup(struct srv_req *r)
{
	if (!r->session)
		return NULL;
	return srv_file_get(srv_open_lookup(r->srv, r->session, r->tree, &r->file_id));
}

NTSTATUS srv_file_check_access(const struct srv_file *f, uint32_t mask)
{
	return (f->access & mask) ? STATUS_SUCCESS : STATUS_ACCESS_DENIED;
}

NTSTATUS srv_file_check_access_all(const struct srv_file *f, uint32_t mask)
{
	return (f->access & mask) == mask ? STATUS_SUCCESS : STATUS_ACCESS_DENIED;
}

void srv_file_free(struct srv_open *o)
{
	struct srv_file *f = o->priv;

	if (!f)
		return;
	for (unsigned i = 0; i < f->files->n_close_hooks; i++)
		f->files->close_hooks[i](f);
	if (f->kind == SRV_FILE_PIPE)
		srv_pipe_close(f);
	vfs_dir_free(f->dir);
	f->dir = NULL;
	node_detach(f);
	vfs_close(f->vf);
	free(f);
	o->priv = NULL;
	o->free_fn = NULL;
}

/* ---- registration --------------------------------------------------- */

NTSTATUS srv_file_handlers_register(struct srv_server *srv)
{
	struct srv_files *fs;
	NTSTATUS st;

	if (srv_server_files(srv))
		return STATUS_SUCCESS;
	fs = calloc(1, sizeof(*fs));
	if (!fs)
		return STATUS_NO_MEMORY;
	fs->srv = srv;
	for (unsigned i = 0; i < SRV_NODE_HASH; i++)
		srv_list_init(&fs->nodes[i]);
	srv_pipe_files_init(fs);
	srv_server_set_files(srv, fs, files_free);
	srv_set_handler(srv, SMB2_CREATE, srv_create);
	srv_set_handler(srv, SMB2_CLOSE, srv_close);
	srv_set_handler(srv, SMB2_IOCTL, srv_file_ioctl);
	st = srv_io_register(srv);
	if (st == STATUS_SUCCESS)
		st = srv_info_register(srv);
	return st;
}
