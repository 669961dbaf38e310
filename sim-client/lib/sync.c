/*
 * Sync wrappers (cli_sync.h): connect over TCP, and the file operations
 * built on the async builders of file.c, each waiting for its future.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <event2/event.h>

#include "net/tcp.h"
#include "sim-client/lib/cli_int.h"
#include "sim-client/lib/cli_sync.h"
#include "util/utf16.h"

/* QUERY_DIRECTORY and QUERY_INFO output buffer asked for (capped by the
 * negotiated MaxTransactSize). */
#define CLI_QUERY_BUF (64u * 1024)
/* QUERY_DIRECTORY rounds before the client calls a listing endless. */
#define CLI_MAX_DIR_ROUNDS 100000u
/* Bytes of a rename target (UTF-16). */
#define CLI_MAX_RENAME_BYTES 2048

/* ---- connect ---------------------------------------------------------- */

struct connect_state {
	bool connected;
	bool closed;
	int err;
};

static void cs_connected(void *arg)
{
	((struct connect_state *)arg)->connected = true;
}

static void cs_close(void *arg, int err)
{
	struct connect_state *cs = arg;

	cs->closed = true;
	cs->err = err;
}

static void cs_frame(void *arg, const uint8_t *frame, size_t len)
{
	(void)arg;
	(void)frame;
	(void)len;
}

static bool cs_done(void *arg)
{
	struct connect_state *cs = arg;

	return cs->connected || cs->closed;
}

NTSTATUS cli_connect(struct event_base *base, const char *host_port,
                     const struct cli_conn_opts *opts, struct cli_conn **out)
{
	return cli_connect_wrap(base, host_port, opts, NULL, NULL, out);
}

NTSTATUS cli_connect_wrap(struct event_base *base, const char *host_port,
                          const struct cli_conn_opts *opts, cli_wrap_fn wrap, void *wrap_arg,
                          struct cli_conn **out)
{
	struct connect_state cs = { false, false, 0 };
	struct smb_transport_cbs cbs = { cs_frame, cs_close, &cs };
	struct smb_transport *t;
	char addr[300];
	int rc, ms = opts && opts->timeout_ms > 0 ? opts->timeout_ms : CLI_DEFAULT_TIMEOUT_MS;
	NTSTATUS st;

	/* A bare host means port 445. */
	if (strlen(host_port) + 5 > sizeof(addr))
		return STATUS_INVALID_PARAMETER;
	if (strchr(host_port, ':'))
		snprintf(addr, sizeof(addr), "%s", host_port);
	else
		snprintf(addr, sizeof(addr), "%s:445", host_port);
	rc = smb_tcp_connect(base, addr, &cbs, cs_connected, &t);
	if (rc < 0)
		return STATUS_INVALID_PARAMETER;
	st = cli_run_until(base, ms, cs_done, &cs);
	if (st != STATUS_SUCCESS || !cs.connected) {
		smb_transport_free(t);
		return st != STATUS_SUCCESS ? st : STATUS_CONNECTION_DISCONNECTED;
	}
	if (wrap) {
		struct smb_transport *w;

		if (wrap(wrap_arg, t, &w) != 0) {
			smb_transport_free(t);
			return STATUS_NO_MEMORY;
		}
		t = w;
	}
	return cli_conn_new(base, t, opts, out);
}

/* ---- files ------------------------------------------------------------ */

static NTSTATUS wait_free(struct cli_req *r)
{
	NTSTATUS st = cli_wait(r, 0);

	cli_req_free(r);
	return st;
}

NTSTATUS cli_create(struct cli_tree *t, const char *name, const struct cli_create_args *a,
                    struct cli_open *out)
{
	struct cli_req *r;
	NTSTATUS st = cli_create_send(t, name, a, NULL, &r);

	if (st != STATUS_SUCCESS)
		return st;
	cli_wait(r, 0);
	st = cli_create_recv(r, out);
	cli_req_free(r);
	return st;
}

NTSTATUS cli_close(struct cli_tree *t, struct smb2_fileid fid)
{
	struct cli_req *r;
	NTSTATUS st = cli_close_send(t, fid, 0, NULL, &r);

	return st != STATUS_SUCCESS ? st : wait_free(r);
}

NTSTATUS cli_flush(struct cli_tree *t, struct smb2_fileid fid)
{
	struct cli_req *r;
	NTSTATUS st = cli_flush_send(t, fid, NULL, &r);

	return st != STATUS_SUCCESS ? st : wait_free(r);
}

NTSTATUS cli_read(struct cli_tree *t, struct smb2_fileid fid, uint64_t off, uint8_t *buf,
                  size_t len, size_t *got)
{
	struct cli_conn *c = t->sess->conn;
	size_t done = 0;
	NTSTATUS st = STATUS_SUCCESS;

	while (done < len) {
		uint32_t chunk = cli_io_chunk(c, c->max_read);
		struct cli_req *r;

		if (chunk > len - done)
			chunk = (uint32_t)(len - done);
		st = cli_read_send(t, fid, off + done, chunk, NULL, &r);
		if (st != STATUS_SUCCESS)
			break;
		st = cli_wait(r, 0);
		if (st == STATUS_END_OF_FILE) {
			cli_req_free(r);
			st = STATUS_SUCCESS;
			break;
		}
		if (st == STATUS_SUCCESS && r->msg.kind != SMB2_MSG_RSP(SMB2_READ))
			st = STATUS_INVALID_NETWORK_RESPONSE;
		if (st != STATUS_SUCCESS) {
			cli_req_free(r);
			break;
		}
		uint32_t n = r->msg.u.read_rsp.data.len;
		if (n > chunk) {
			cli_log(c, "READ returned %u bytes for %u asked", n, chunk);
			cli_req_free(r);
			st = STATUS_INVALID_NETWORK_RESPONSE;
			break;
		}
		memcpy(buf + done, r->msg.u.read_rsp.data.p, n);
		cli_req_free(r);
		done += n;
		if (n == 0)
			break;
	}
	*got = done;
	return st;
}

NTSTATUS cli_write(struct cli_tree *t, struct smb2_fileid fid, uint64_t off,
                   const uint8_t *buf, size_t len)
{
	struct cli_conn *c = t->sess->conn;
	size_t done = 0;

	while (done < len) {
		uint32_t chunk = cli_io_chunk(c, c->max_write);
		struct cli_req *r;
		NTSTATUS st;

		if (chunk > len - done)
			chunk = (uint32_t)(len - done);
		st = cli_write_send(t, fid, off + done, buf + done, chunk, NULL, &r);
		if (st != STATUS_SUCCESS)
			return st;
		st = cli_wait(r, 0);
		if (st == STATUS_SUCCESS && r->msg.kind != SMB2_MSG_RSP(SMB2_WRITE))
			st = STATUS_INVALID_NETWORK_RESPONSE;
		if (st != STATUS_SUCCESS) {
			cli_req_free(r);
			return st;
		}
		uint32_t n = r->msg.u.write_rsp.count;
		cli_req_free(r);
		if (n == 0 || n > chunk) {
			cli_log(c, "WRITE reported %u bytes written of %u", n, chunk);
			return STATUS_INVALID_NETWORK_RESPONSE;
		}
		done += n;
	}
	return STATUS_SUCCESS;
}

static uint32_t query_buf(const struct cli_conn *c)
{
	return c->max_transact < CLI_QUERY_BUF ? c->max_transact : CLI_QUERY_BUF;
}

/* Walk one QUERY_DIRECTORY answer; 1 when fn asked to stop. */
static NTSTATUS walk_entries(struct cli_conn *c, uint8_t cls, struct smb2_blob buf,
                             cli_dirent_fn fn, void *arg, bool *stop)
{
	struct smb2_dirinfo_iter it;
	struct smb2_dirent e;
	NTSTATUS st;

	smb2_dirinfo_iter_init(&it, cls, buf);
	while ((st = smb2_dirinfo_next(&it, &e)) == STATUS_SUCCESS) {
		char *name = NULL;
		NTSTATUS cs = utf16le_to_utf8_alloc(e.name.p, e.name.len, &name, NULL);
		if (cs != STATUS_SUCCESS) {
			cli_log(c, "directory entry with an invalid UTF-16 name");
			return STATUS_INVALID_NETWORK_RESPONSE;
		}
		int rc = fn(arg, &e, name);
		free(name);
		if (rc) {
			*stop = true;
			return STATUS_SUCCESS;
		}
	}
	if (st != STATUS_NO_MORE_ENTRIES) {
		cli_log(c, "malformed directory listing: %s", nt_status_name(st));
		return STATUS_INVALID_NETWORK_RESPONSE;
	}
	return STATUS_SUCCESS;
}

NTSTATUS cli_query_directory(struct cli_tree *t, struct smb2_fileid fid, const char *pattern,
                             cli_dirent_fn fn, void *arg)
{
	struct cli_conn *c = t->sess->conn;
	const uint8_t cls = FILE_ID_BOTH_DIRECTORY_INFORMATION;
	bool stop = false;

	for (unsigned round = 0; round < CLI_MAX_DIR_ROUNDS && !stop; round++) {
		struct cli_req *r;
		NTSTATUS st = cli_query_directory_send(t, fid, cls, round ? 0 : SMB2_RESTART_SCANS,
		                                       pattern, query_buf(c), NULL, &r);
		if (st != STATUS_SUCCESS)
			return st;
		st = cli_wait(r, 0);
		if (st == STATUS_NO_MORE_FILES) {
			cli_req_free(r);
			return STATUS_SUCCESS;
		}
		if (st == STATUS_SUCCESS && r->msg.kind != SMB2_MSG_RSP(SMB2_QUERY_DIRECTORY))
			st = STATUS_INVALID_NETWORK_RESPONSE;
		if (st == STATUS_SUCCESS)
			st = walk_entries(c, cls, r->msg.u.query_directory_rsp.buffer, fn, arg, &stop);
		cli_req_free(r);
		if (st != STATUS_SUCCESS)
			return st;
	}
	if (!stop)
		cli_log(c, "directory listing did not end after %u rounds", CLI_MAX_DIR_ROUNDS);
	return stop ? STATUS_SUCCESS : STATUS_INVALID_NETWORK_RESPONSE;
}

NTSTATUS cli_query_info(struct cli_tree *t, struct smb2_fileid fid, uint8_t type,
                        uint8_t cls, uint32_t addl, uint8_t **buf, size_t *len)
{
	struct cli_req *r;
	NTSTATUS st = cli_query_info_send(t, fid, type, cls, addl, query_buf(t->sess->conn),
	                                  NULL, &r);

	if (st != STATUS_SUCCESS)
		return st;
	st = cli_wait(r, 0);
	if (st == STATUS_SUCCESS && r->msg.kind != SMB2_MSG_RSP(SMB2_QUERY_INFO))
		st = STATUS_INVALID_NETWORK_RESPONSE;
	if (st == STATUS_SUCCESS) {
		const struct smb2_blob *b = &r->msg.u.query_info_rsp.buffer;
		*buf = malloc(b->len ? b->len : 1);
		if (!*buf)
			st = STATUS_NO_MEMORY;
		else {
			memcpy(*buf, b->p, b->len);
			*len = b->len;
		}
	}
	cli_req_free(r);
	return st;
}

NTSTATUS cli_set_info(struct cli_tree *t, struct smb2_fileid fid, uint8_t type, uint8_t cls,
                      uint32_t addl, const uint8_t *buf, uint32_t len)
{
	struct cli_req *r;
	NTSTATUS st = cli_set_info_send(t, fid, type, cls, addl, buf, len, NULL, &r);

	return st != STATUS_SUCCESS ? st : wait_free(r);
}

NTSTATUS cli_set_fileinfo(struct cli_tree *t, struct smb2_fileid fid,
                          const struct smb2_fileinfo *fi)
{
	struct wr w;
	NTSTATUS st;

	wr_init(&w, SMB2_MAX_PDU_PRE_NEGOTIATE);
	st = smb2_fileinfo_encode(&w, fi);
	if (st == STATUS_SUCCESS)
		st = wr_status(&w);
	if (st == STATUS_SUCCESS)
		st = cli_set_info(t, fid, SMB2_0_INFO_FILE, fi->cls, 0, w.buf, (uint32_t)w.len);
	wr_free(&w);
	return st;
}

NTSTATUS cli_rename(struct cli_tree *t, struct smb2_fileid fid, const char *new_name,
                    bool replace)
{
	struct smb2_fileinfo fi;
	uint8_t *u16;
	size_t u16len;
	NTSTATUS st = cli_path_utf16(new_name, &u16, &u16len);

	if (st != STATUS_SUCCESS)
		return st;
	if (u16len > CLI_MAX_RENAME_BYTES) {
		free(u16);
		return STATUS_OBJECT_NAME_INVALID;
	}
	memset(&fi, 0, sizeof(fi));
	fi.cls = FILE_RENAME_INFORMATION;
	fi.u.rename.replace_if_exists = replace;
	fi.u.rename.name.p = u16;
	fi.u.rename.name.len = (uint32_t)u16len;
	st = cli_set_fileinfo(t, fid, &fi);
	free(u16);
	return st;
}

NTSTATUS cli_set_delete_on_close(struct cli_tree *t, struct smb2_fileid fid, bool on)
{
	struct smb2_fileinfo fi;

	memset(&fi, 0, sizeof(fi));
	fi.cls = FILE_DISPOSITION_INFORMATION;
	fi.u.delete_pending = on;
	return cli_set_fileinfo(t, fid, &fi);
}

NTSTATUS cli_set_eof(struct cli_tree *t, struct smb2_fileid fid, uint64_t eof)
{
	struct smb2_fileinfo fi;

	memset(&fi, 0, sizeof(fi));
	fi.cls = FILE_END_OF_FILE_INFORMATION;
	fi.u.end_of_file = eof;
	return cli_set_fileinfo(t, fid, &fi);
}

static NTSTATUS open_close(struct cli_tree *t, const char *path, const struct cli_create_args *a,
                           bool delete_on_close)
{
	struct cli_open o;
	NTSTATUS st = cli_create(t, path, a, &o), cst;

	if (st != STATUS_SUCCESS)
		return st;
	if (delete_on_close)
		st = cli_set_delete_on_close(t, o.id, true);
	cst = cli_close(t, o.id);
	return st != STATUS_SUCCESS ? st : cst;
}

NTSTATUS cli_mkdir(struct cli_tree *t, const char *path)
{
	struct cli_create_args a = { 0 };

	a.desired_access = SMB2_FILE_READ_ATTRIBUTES | SMB2_SYNCHRONIZE;
	a.file_attributes = SMB2_FILE_ATTRIBUTE_DIRECTORY;
	a.share_access = SMB2_FILE_SHARE_READ | SMB2_FILE_SHARE_WRITE | SMB2_FILE_SHARE_DELETE;
	a.disposition = SMB2_FILE_CREATE;
	a.options = SMB2_FILE_DIRECTORY_FILE;
	return open_close(t, path, &a, false);
}

NTSTATUS cli_unlink(struct cli_tree *t, const char *path)
{
	struct cli_create_args a = { 0 };

	a.desired_access = SMB2_DELETE | SMB2_FILE_READ_ATTRIBUTES;
	a.share_access = SMB2_FILE_SHARE_READ | SMB2_FILE_SHARE_WRITE | SMB2_FILE_SHARE_DELETE;
	a.disposition = SMB2_FILE_OPEN;
	a.options = SMB2_FILE_NON_DIRECTORY_FILE | SMB2_FILE_DELETE_ON_CLOSE;
	return open_close(t, path, &a, false);
}

NTSTATUS cli_rmdir(struct cli_tree *t, const char *path)
{
	struct cli_create_args a = { 0 };

	a.desired_access = SMB2_DELETE | SMB2_FILE_READ_ATTRIBUTES;
	a.share_access = SMB2_FILE_SHARE_READ | SMB2_FILE_SHARE_WRITE | SMB2_FILE_SHARE_DELETE;
	a.disposition = SMB2_FILE_OPEN;
	a.options = SMB2_FILE_DIRECTORY_FILE;
	return open_close(t, path, &a, true);
}

NTSTATUS cli_echo(struct cli_conn *c)
{
	struct cli_req *r;
	NTSTATUS st = cli_echo_send(c, NULL, NULL, &r);

	return st != STATUS_SUCCESS ? st : wait_free(r);
}
