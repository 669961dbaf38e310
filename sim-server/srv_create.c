/*
 * CREATE (MS-SMB2 3.3.5.9, MS-FSA 2.1.5.1): request checks, named pipes on
 * IPC$, the VFS open with its disposition, access checks (GENERIC_* and
 * MAXIMUM_ALLOWED mapped, read-only shares), the share-mode check of
 * MS-FSA 2.1.5.1.2.1 across every open of the object, DELETE_ON_CLOSE,
 * and the create contexts MxAc, QFid and AlSi.  Leases and durable
 * handles are not granted: their requests are ignored, as 3.3.5.9 allows
 * a server that does not support them.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "sim-server/srv_file.h"
#include "sim-server/srv_file_int.h"
#include "wire/change_notify.h"
#include "wire/notify_info.h"

/* MS-SMB2 3.3.5.9: options the server refuses with STATUS_NOT_SUPPORTED. */
#define CREATE_OPTIONS_UNSUPPORTED (SMB2_FILE_OPEN_BY_FILE_ID | SMB2_FILE_RESERVE_OPFILTER)
/* MS-FSCC 2.6: attributes a client may ask for in a CREATE. */
#define CREATE_ATTRIBUTES_VALID 0x00037FB7u
#define SHARE_ACCESS_VALID \
	(SMB2_FILE_SHARE_READ | SMB2_FILE_SHARE_WRITE | SMB2_FILE_SHARE_DELETE)
#define MAX_RSP_CONTEXTS 2

static bool disposition_truncates(uint32_t d)
{
	return d == SMB2_FILE_SUPERSEDE || d == SMB2_FILE_OVERWRITE ||
	       d == SMB2_FILE_OVERWRITE_IF;
}

/* MS-SMB2 3.3.5.9: the checks made before anything is opened. */
static NTSTATUS check_request(const struct smb2_create_req *q)
{
	if (q->impersonation_level > SMB2_IMPERSONATION_DELEGATE)
		return STATUS_BAD_IMPERSONATION_LEVEL;
	if (q->create_options & CREATE_OPTIONS_UNSUPPORTED)
		return STATUS_NOT_SUPPORTED;
	if ((q->create_options & SMB2_FILE_DIRECTORY_FILE) &&
	    (q->create_options & SMB2_FILE_NON_DIRECTORY_FILE))
		return STATUS_INVALID_PARAMETER;
	if (q->create_disposition > SMB2_FILE_OVERWRITE_IF)
		return STATUS_INVALID_PARAMETER;
	if (q->share_access & ~SHARE_ACCESS_VALID)
		return STATUS_INVALID_PARAMETER;
	if (q->file_attributes & ~CREATE_ATTRIBUTES_VALID)
		return STATUS_INVALID_PARAMETER;
	if (q->desired_access & SRV_ACCESS_INVALID_BITS)
		return STATUS_ACCESS_DENIED;
	/* MS-FSA 2.1.5.1: a directory cannot be superseded or overwritten. */
	if ((q->create_options & SMB2_FILE_DIRECTORY_FILE) &&
	    disposition_truncates(q->create_disposition))
		return STATUS_INVALID_PARAMETER;
	return STATUS_SUCCESS;
}

/* MS-FSA 2.1.5.1.2.1: may an open asking `access` with `share` join the
 * opens of node n? */
static NTSTATUS check_sharing(const struct srv_node *n, uint32_t access, uint32_t share)
{
	const uint32_t data = SRV_ACCESS_DATA_READ | SRV_ACCESS_DATA_WRITE | SMB2_DELETE;

	if (!n)
		return STATUS_SUCCESS;
	if (n->delete_pending)
		return STATUS_DELETE_PENDING;
	if (!(access & data))
		return STATUS_SUCCESS;
	for (const struct srv_link *l = n->opens.next; l != &n->opens; l = l->next) {
		const struct srv_file *o = srv_container(l, struct srv_file, in_node);
		if (!(o->access & data))
			continue;
		if (((o->access & SRV_ACCESS_DATA_READ) && !(share & SMB2_FILE_SHARE_READ)) ||
		    ((o->access & SRV_ACCESS_DATA_WRITE) && !(share & SMB2_FILE_SHARE_WRITE)) ||
		    ((o->access & SMB2_DELETE) && !(share & SMB2_FILE_SHARE_DELETE)) ||
		    ((access & SRV_ACCESS_DATA_READ) && !(o->share_access & SMB2_FILE_SHARE_READ)) ||
		    ((access & SRV_ACCESS_DATA_WRITE) &&
		     !(o->share_access & SMB2_FILE_SHARE_WRITE)) ||
		    ((access & SMB2_DELETE) && !(o->share_access & SMB2_FILE_SHARE_DELETE)))
			return STATUS_SHARING_VIOLATION;
	}
	return STATUS_SUCCESS;
}

static struct srv_node *find_node(struct srv_files *fs, const struct vfs_file *vf)
{
	struct stat sb;

	if (fstat(vf->fd, &sb) != 0)
		return NULL;
	for (unsigned i = 0; i < SRV_NODE_HASH; i++)
		for (struct srv_link *l = fs->nodes[i].next; l != &fs->nodes[i]; l = l->next) {
			struct srv_node *n = srv_container(l, struct srv_node, in_table);
			if (n->dev == sb.st_dev && n->ino == sb.st_ino)
				return n;
		}
	return NULL;
}

/* The maximal access of an object of the tree with attributes attr. */
static uint32_t maximal_access(const struct srv_tree *t, uint32_t attr)
{
	uint32_t m = t->maximal_access;

	if (attr & SMB2_FILE_ATTRIBUTE_READONLY)
		m &= ~(SMB2_FILE_WRITE_DATA | SMB2_FILE_APPEND_DATA);
	return m;
}

struct create_state {
	struct srv_req *r;
	const struct smb2_create_req *q;
	struct srv_files *fs;
	struct vfs_share *share;
	uint32_t access;            /* mapped, before MAXIMUM_ALLOWED's resolution */
	bool max_allowed;
};

/*
 * Everything that must hold for an object that exists already, checked
 * before a truncating disposition changes it: sharing, delete pending,
 * DELETE_ON_CLOSE on a read-only file.  STATUS_OBJECT_NAME_NOT_FOUND
 * (nothing there) is success for the caller to go on.
 */
static NTSTATUS probe_existing(struct create_state *cs, bool *exists)
{
	struct vfs_create_args a = {.disposition = SMB2_FILE_OPEN};
	struct vfs_file *vf = NULL;
	struct vfs_stat vs;
	uint32_t action, access;
	NTSTATUS st;

	*exists = false;
	st = vfs_create(cs->share, cs->q->name.p, cs->q->name.len, &a, &vf, &action);
	if (st == STATUS_OBJECT_NAME_NOT_FOUND)
		return STATUS_SUCCESS;
	if (st != STATUS_SUCCESS)
		return st;
	*exists = true;
	st = vfs_fstat(vf, &vs);
	if (st == STATUS_SUCCESS) {
		access = srv_access_map(cs->q->desired_access,
		                        maximal_access(cs->r->tree, vs.attributes));
		/* Truncation writes the data: share it as a writer would. */
		if (disposition_truncates(cs->q->create_disposition))
			access |= SMB2_FILE_WRITE_DATA;
		st = check_sharing(find_node(cs->fs, vf), access, cs->q->share_access);
	}
	if (st == STATUS_SUCCESS && (cs->q->create_options & SMB2_FILE_DELETE_ON_CLOSE) &&
	    (vs.attributes & SMB2_FILE_ATTRIBUTE_READONLY))
		st = STATUS_CANNOT_DELETE;
	/* MS-FSA 2.1.5.1.2: overwriting a HIDDEN or SYSTEM file without
	 * asking for that attribute again is STATUS_ACCESS_DENIED. */
	if (st == STATUS_SUCCESS && disposition_truncates(cs->q->create_disposition) &&
	    (vs.attributes & ~cs->q->file_attributes &
	     (SMB2_FILE_ATTRIBUTE_HIDDEN | SMB2_FILE_ATTRIBUTE_SYSTEM)))
		st = STATUS_ACCESS_DENIED;
	vfs_close(vf);
	return st;
}

/* The response contexts (at most MAX_RSP_CONTEXTS) into out; their count. */
static unsigned add_contexts(struct create_state *cs, const struct srv_file *f,
                             const struct vfs_stat *vs, struct smb2_create_ctx *out)
{
	const struct smb2_create_ctx_list *in = &cs->q->contexts;
	const struct smb2_create_ctx *c;
	unsigned n = 0;

	c = smb2_create_ctx_find(in, SMB2_CCTX_MXAC);
	if (c) {
		memset(&out[n], 0, sizeof(out[n]));
		out[n].type = SMB2_CCTX_MXAC;
		out[n].u.mxac.query_status = STATUS_SUCCESS;
		out[n].u.mxac.maximal_access =
		        f->kind == SRV_FILE_PIPE ? cs->r->tree->maximal_access
		                                 : maximal_access(cs->r->tree, vs->attributes);
		n++;
	}
	c = smb2_create_ctx_find(in, SMB2_CCTX_QFID);
	if (c && f->kind != SRV_FILE_PIPE) {
		struct vfs_fs_info fi;
		memset(&out[n], 0, sizeof(out[n]));
		out[n].type = SMB2_CCTX_QFID;
		out[n].u.qfid.disk_file_id = vs->file_index;
		if (vfs_fs_info(cs->share, &fi) == STATUS_SUCCESS)
			out[n].u.qfid.volume_id = fi.serial_number;
		n++;
	}
	return n;
}

static NTSTATUS open_disk(struct create_state *cs, struct srv_file *f, uint32_t *action)
{
	const struct smb2_create_req *q = cs->q;
	const struct smb2_create_ctx *alsi;
	struct vfs_create_args a;
	struct vfs_stat vs;
	bool exists = false, ro = cs->r->tree->share->read_only;
	uint32_t disposition = q->create_disposition;
	NTSTATUS st;

	st = probe_existing(cs, &exists);
	if (st != STATUS_SUCCESS)
		return st;
	if (ro) {
		/* A read-only share creates and truncates nothing and grants no
		 * write right (MaximalAccess of the tree). */
		if (disposition != SMB2_FILE_OPEN && !(disposition == SMB2_FILE_OPEN_IF && exists))
			return STATUS_ACCESS_DENIED;
		disposition = SMB2_FILE_OPEN;
	}
	memset(&a, 0, sizeof(a));
	a.disposition = disposition;
	a.options = q->create_options & (SMB2_FILE_DIRECTORY_FILE | SMB2_FILE_NON_DIRECTORY_FILE);
	a.attributes = q->file_attributes;
	a.write = (cs->access & SRV_ACCESS_DATA_WRITE) || (cs->max_allowed && !ro);
	st = vfs_create(cs->share, q->name.p, q->name.len, &a, &f->vf, action);
	if (st == STATUS_ACCESS_DENIED && cs->max_allowed && !(cs->access & SRV_ACCESS_DATA_WRITE)) {
		/* MAXIMUM_ALLOWED on a read-only file: open it without write. */
		a.write = false;
		st = vfs_create(cs->share, q->name.p, q->name.len, &a, &f->vf, action);
	}
	if (st != STATUS_SUCCESS)
		return st;
	st = vfs_fstat(f->vf, &vs);
	if (st != STATUS_SUCCESS)
		return st;
	f->kind = vs.is_dir ? SRV_FILE_DIR : SRV_FILE_DISK;
	f->access = srv_access_map(q->desired_access, maximal_access(cs->r->tree, vs.attributes));
	if ((cs->access & SRV_ACCESS_DATA_WRITE) && !vs.is_dir && !f->vf->writable)
		return STATUS_ACCESS_DENIED;
	if (!f->vf->writable && !vs.is_dir)
		f->access &= ~SRV_ACCESS_DATA_WRITE;   /* MAXIMUM_ALLOWED, read-only file */
	if (f->delete_on_close && !(f->access & SMB2_DELETE))
		return STATUS_ACCESS_DENIED;
	if (f->delete_on_close && (vs.attributes & SMB2_FILE_ATTRIBUTE_READONLY))
		return STATUS_CANNOT_DELETE;
	/* Sharing against the opens now on the object (a new object has none;
	 * an existing one was checked by the probe, before any truncation). */
	st = check_sharing(find_node(cs->fs, f->vf), f->access, f->share_access);
	if (st != STATUS_SUCCESS)
		return st;
	st = srv_node_attach(cs->fs, f);
	if (st != STATUS_SUCCESS)
		return st;
	alsi = smb2_create_ctx_find(&q->contexts, SMB2_CCTX_ALSI);
	if (alsi && f->kind == SRV_FILE_DISK && *action != SMB2_FILE_OPENED) {
		/* MS-SMB2 3.3.5.9.3: AlSi applies to a created or overwritten file. */
		st = vfs_set_allocation(f->vf, alsi->u.alloc_size);
		if (st != STATUS_SUCCESS)
			return st;
	}
	if (*action == SMB2_FILE_CREATED)
		srv_files_notify_change(cs->fs, cs->share, f->vf->path, FILE_ACTION_ADDED,
		                        vs.is_dir ? FILE_NOTIFY_CHANGE_DIR_NAME
		                                  : FILE_NOTIFY_CHANGE_FILE_NAME);
	else if (*action != SMB2_FILE_OPENED)
		srv_files_notify_change(cs->fs, cs->share, f->vf->path, FILE_ACTION_MODIFIED,
		                        FILE_NOTIFY_CHANGE_SIZE | FILE_NOTIFY_CHANGE_LAST_WRITE);
	return STATUS_SUCCESS;
}

static NTSTATUS encode_rsp(struct create_state *cs, struct srv_open *o, struct srv_file *f,
                           uint32_t action)
{
	struct smb2_create_ctx ctx[MAX_RSP_CONTEXTS];
	struct smb2_create_rsp rsp;
	struct vfs_stat vs;
	NTSTATUS st;
	unsigned n;

	memset(&rsp, 0, sizeof(rsp));
	memset(&vs, 0, sizeof(vs));
	if (f->kind == SRV_FILE_PIPE) {
		rsp.file_attributes = SMB2_FILE_ATTRIBUTE_NORMAL;
	} else {
		st = vfs_fstat(f->vf, &vs);
		if (st != STATUS_SUCCESS)
			return st;
		rsp.creation_time = vs.creation_time;
		rsp.last_access_time = vs.last_access_time;
		rsp.last_write_time = vs.last_write_time;
		rsp.change_time = vs.change_time;
		rsp.allocation_size = vs.allocation_size;
		rsp.end_of_file = vs.end_of_file;
		rsp.file_attributes = vs.attributes;
	}
	rsp.oplock_level = SMB2_OPLOCK_LEVEL_NONE;
	rsp.create_action = action;
	rsp.file_id.persistent = o->persistent_id;
	rsp.file_id.volatile_ = o->volatile_id;
	n = add_contexts(cs, f, &vs, ctx);
	for (unsigned i = 0; i < n; i++)
		rsp.contexts.ctx[i] = ctx[i];
	rsp.contexts.count = n;
	return smb2_create_rsp_encode(&cs->r->out, &rsp);
}

/* Free a file state that never became an open; remove what it created. */
static void undo(struct create_state *cs, struct srv_file *f, uint32_t action)
{
	struct srv_open tmp = {.priv = f, .free_fn = srv_file_free};

	f->open = &tmp;
	f->delete_on_close = false;
	if (f->vf && action == SMB2_FILE_CREATED && (!f->node || f->node->open_count == 1))
		(void)vfs_unlink(cs->share, f->vf);
	srv_file_free(&tmp);
}

NTSTATUS srv_create(struct srv_req *r)
{
	const struct smb2_create_req *q = &r->in.u.create_req;
	struct create_state cs;
	struct srv_open *o = NULL;
	struct srv_file *f;
	uint32_t action = SMB2_FILE_OPENED;
	NTSTATUS st;

	memset(&cs, 0, sizeof(cs));
	cs.r = r;
	cs.q = q;
	cs.fs = srv_files_get(r->srv);
	if (!cs.fs)
		return STATUS_INTERNAL_ERROR;
	st = check_request(q);
	if (st != STATUS_SUCCESS)
		return st;
	cs.max_allowed = (q->desired_access & SMB2_MAXIMUM_ALLOWED) != 0;
	cs.access = srv_access_map(q->desired_access & ~SMB2_MAXIMUM_ALLOWED, 0);
	/* MS-FSA 2.1.5.1: DELETE_ON_CLOSE needs DELETE (MAXIMUM_ALLOWED may
	 * bring it: checked once granted). */
	if ((q->create_options & SMB2_FILE_DELETE_ON_CLOSE) && !(cs.access & SMB2_DELETE) &&
	    !cs.max_allowed)
		return STATUS_INVALID_PARAMETER;
	if (cs.access & SMB2_ACCESS_SYSTEM_SECURITY)
		return STATUS_PRIVILEGE_NOT_HELD;
	if (cs.access & ~(r->tree->maximal_access | SMB2_SYNCHRONIZE))
		return STATUS_ACCESS_DENIED;
	f = calloc(1, sizeof(*f));
	if (!f)
		return STATUS_NO_MEMORY;
	f->files = cs.fs;
	f->share_access = q->share_access;
	f->create_options = q->create_options;
	f->delete_on_close = (q->create_options & SMB2_FILE_DELETE_ON_CLOSE) != 0;
	srv_list_init(&f->in_node);
	if (r->tree->is_ipc) {
		f->kind = SRV_FILE_PIPE;
		f->delete_on_close = false;
		st = srv_pipe_open(cs.fs, q->name.p, q->name.len, f);
		f->access = srv_access_map(q->desired_access, r->tree->maximal_access);
	} else {
		st = srv_files_share(cs.fs, r->tree, &cs.share);
		if (st == STATUS_SUCCESS) {
			f->share = cs.share;
			st = open_disk(&cs, f, &action);
		}
	}
	if (st == STATUS_SUCCESS)
		st = srv_open_create(r->session, r->tree, &o);
	if (st != STATUS_SUCCESS) {
		undo(&cs, f, action);
		return st;
	}
	o->priv = f;
	o->free_fn = srv_file_free;
	f->open = o;
	st = encode_rsp(&cs, o, f, action);
	if (st != STATUS_SUCCESS) {
		srv_open_free(o);
		return st;
	}
	r->file_id.persistent = o->persistent_id;
	r->file_id.volatile_ = o->volatile_id;
	return STATUS_SUCCESS;
}
