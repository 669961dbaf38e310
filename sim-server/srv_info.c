/*
 * Registration of QUERY_DIRECTORY, QUERY_INFO and SET_INFO, and the
 * per-open state they keep (srv_info.h).
 */
#include <stdlib.h>

#include "sim-server/srv_info.h"

static void info_close(struct srv_file *f)
{
	free(f->info_priv);
	f->info_priv = NULL;
}

struct srv_info_open *srv_info_open_state(struct srv_file *f)
{
	struct srv_info_open *s = f->info_priv;

	if (s)
		return s;
	s = calloc(1, sizeof(*s));
	if (!s)
		return NULL;
	s->mode = f->create_options & SRV_INFO_MODE_BITS;
	f->info_priv = s;
	return s;
}

NTSTATUS srv_info_disk_file(struct srv_req *r, struct srv_file **out)
{
	struct srv_file *f = srv_file_lookup(r);

	if (!f)
		return STATUS_FILE_CLOSED;
	if (f->kind == SRV_FILE_PIPE || !f->vf || !f->share || !f->node)
		return STATUS_NOT_SUPPORTED;
	*out = f;
	return STATUS_SUCCESS;
}

NTSTATUS srv_info_register(struct srv_server *srv)
{
	struct srv_files *fs = srv_files_get(srv);

	if (!fs)
		return STATUS_NO_MEMORY;
	srv_files_add_close_hook(fs, info_close);
	srv_set_handler(srv, SMB2_QUERY_DIRECTORY, srv_query_directory);
	srv_set_handler(srv, SMB2_QUERY_INFO, srv_query_info);
	srv_set_handler(srv, SMB2_SET_INFO, srv_set_info);
	return STATUS_SUCCESS;
}
