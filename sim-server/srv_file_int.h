/*
 * The file handlers' private structures (srv_file.h has the shared view):
 * shared by srv_file.c, srv_create.c, srv_close.c and srv_pipe.c.
 */
#ifndef SMBSIM_SRV_FILE_INT_H
#define SMBSIM_SRV_FILE_INT_H

#include "rpc/srvsvc.h"
#include "sim-server/srv_file.h"

struct srv_files {
	struct srv_server *srv;
	struct vfs_share *shares[SRV_MAX_SHARES];   /* by index in the settings */
	struct srv_link nodes[SRV_NODE_HASH];       /* struct srv_node.in_table */
	srv_file_close_hook close_hooks[SRV_MAX_CLOSE_HOOKS];
	unsigned n_close_hooks;
	srv_file_change_hook change_hooks[SRV_MAX_CHANGE_HOOKS];
	unsigned n_change_hooks;
	/* srvsvc: the shares it lists (the configured ones and IPC$). */
	struct srvsvc_ctx srvsvc;
	struct srvsvc_share srvsvc_shares[SRV_MAX_SHARES + 1];
	size_t n_srvsvc_shares;
	uint32_t next_assoc_group;
};

/* Put f (whose vf is open) on the node of its object, creating it. */
NTSTATUS srv_node_attach(struct srv_files *fs, struct srv_file *f);
/* srv_pipe.c: fill fs's srvsvc state from the settings. */
void srv_pipe_files_init(struct srv_files *fs);

#endif
