/*
 * Registration of srv_io's handlers and hooks (srv_file.h's
 * srv_io_register, called by srv_file_handlers_register).
 */
#include "sim-server/srv_io.h"

static void io_close_hook(struct srv_file *f)
{
	srv_notify_close(f);
	srv_brl_close(f);
}

NTSTATUS srv_io_register(struct srv_server *srv)
{
	struct srv_files *fs = srv_files_get(srv);

	if (!fs)
		return STATUS_NO_MEMORY;
	srv_set_handler(srv, SMB2_READ, srv_read);
	srv_set_handler(srv, SMB2_WRITE, srv_write);
	srv_set_handler(srv, SMB2_FLUSH, srv_flush);
	srv_set_handler(srv, SMB2_LOCK, srv_lock);
	srv_set_handler(srv, SMB2_CHANGE_NOTIFY, srv_change_notify);
	srv_files_add_close_hook(fs, io_close_hook);
	srv_files_add_change_hook(fs, srv_notify_change);
	return STATUS_SUCCESS;
}
