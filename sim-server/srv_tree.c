/*
 * TREE_CONNECT (MS-SMB2 3.3.5.7) to the configured disk shares and IPC$,
 * and TREE_DISCONNECT (3.3.5.8).  Per share: `valid users`
 * (STATUS_ACCESS_DENIED for anyone else), `max connections`
 * (STATUS_REQUEST_NOT_ACCEPTED past it), `read only` (MaximalAccess
 * without write rights; the file handlers refuse writes).
 */
#include <string.h>
#include <strings.h>

#include "sim-server/srv_int.h"
#include "util/utf16.h"

/* MS-SMB2 2.2.13.1: access masks offered as MaximalAccess. */
#define ACCESS_ALL 0x001F01FFu
#define ACCESS_READ 0x001200A9u
#define SHARE_PATH_MAX_UTF8 (SRV_NAME_MAX * 4 + SRV_PATH_MAX)

/* The share's `valid users` (the configuration's stand-in for a share
 * security descriptor, 3.3.5.7): guest sessions by valid_guest, others by
 * their account's bit. */
static bool user_allowed(const struct srv_settings *set, const struct srv_share_def *share,
                         const struct srv_session *s)
{
	int k;

	if (!share->restrict_users)
		return true;
	if (s->guest)
		return share->valid_guest;
	k = srv_settings_user_index(set, s->user);
	return k >= 0 && (share->valid_users >> k) & 1u;
}

/* MS-SMB2 2.2.9: the server part of "\\server\share" is under 256
 * characters, the share part at most 80. */
#define UNC_SERVER_MAX_UNITS 255
#define UNC_SHARE_MAX_UNITS 80
#define U_BACKSLASH 0x005Cu

/*
 * MS-SMB2 3.3.5.7: the Buffer must hold "\\server\share" (2.2.9): two
 * backslashes, a server part of 1..255 characters, a backslash, a share
 * part of 1..80 characters and nothing after it; anything else (no server
 * or no share part, a part too long, an odd length or invalid UTF-16) is
 * STATUS_INVALID_PARAMETER.  *name gets the share part, in path.
 */
static NTSTATUS parse_unc(const struct smb2_blob *p16, char *path, size_t cap,
                          const char **name)
{
	size_t n = p16->len / 2, sep = 0, len = 0;

	if (p16->len % 2 != 0 || n < 2 || le16(p16->p) != U_BACKSLASH ||
	    le16(p16->p + 2) != U_BACKSLASH)
		return STATUS_INVALID_PARAMETER;
	for (size_t i = 2; i < n; i++) {
		uint16_t u = le16(p16->p + 2 * i);

		if (u == 0)
			return STATUS_INVALID_PARAMETER;   /* no NUL inside a name */
		if (u != U_BACKSLASH)
			continue;
		if (sep)
			return STATUS_INVALID_PARAMETER;   /* "\\server\share\more" */
		sep = i;
	}
	if (sep < 3 || sep - 2 > UNC_SERVER_MAX_UNITS || n - sep - 1 == 0 ||
	    n - sep - 1 > UNC_SHARE_MAX_UNITS)
		return STATUS_INVALID_PARAMETER;
	if (utf16le_to_utf8(p16->p, p16->len, path, cap, &len) != STATUS_SUCCESS)
		return STATUS_INVALID_PARAMETER;
	*name = strrchr(path, '\\') + 1;
	return STATUS_SUCCESS;
}

static const struct srv_share_def *find_share(const struct srv_settings *set, const char *name)
{
	for (unsigned i = 0; i < set->share_count; i++)
		if (strcasecmp(set->shares[i].name, name) == 0)
			return &set->shares[i];
	return NULL;
}

NTSTATUS srv_tree_connect(struct srv_req *r)
{
	struct srv_conn_info *ci = srv_conn_info(r->conn);
	const struct srv_settings *set = srv_server_settings(r->srv);
	const struct smb2_tree_connect_req *req = &r->in.u.tree_connect_req;
	struct smb2_tree_connect_rsp rsp;
	const struct srv_share_def *share = NULL;
	char path[SHARE_PATH_MAX_UTF8];
	const char *name;
	struct srv_tree *t;
	bool ipc, encrypt;
	NTSTATUS st;

	st = parse_unc(&req->path, path, sizeof(path), &name);
	if (st != STATUS_SUCCESS)
		return st;
	ipc = strcasecmp(name, "IPC$") == 0;
	if (!ipc) {
		share = find_share(set, name);
		if (!share)
			return STATUS_BAD_NETWORK_NAME;
		if (r->session->anonymous || !user_allowed(set, share, r->session))
			return STATUS_ACCESS_DENIED;
		/* Share.MaxUses (3.3.5.7): no tree connect past the limit. */
		if (share->max_connections &&
		    r->srv->share_uses[share - set->shares] >= share->max_connections)
			return STATUS_REQUEST_NOT_ACCEPTED;
	}
	encrypt = share && share->encrypt;
	/* 3.3.5.7: a share that encrypts needs a client that can. */
	if (encrypt && !r->session->encryptor) {
		if (set->reject_unencrypted)
			return STATUS_ACCESS_DENIED;
		encrypt = false;
	}
	(void)ci;
	st = srv_tree_create(r->session, &t);
	if (st != STATUS_SUCCESS)
		return st;
	t->share = share;
	if (share)
		r->srv->share_uses[share - set->shares]++;
	t->is_ipc = ipc;
	t->encrypt_data = encrypt;
	t->maximal_access = ipc || !share->read_only ? ACCESS_ALL : ACCESS_READ;
	r->tree_id = t->id;
	memset(&rsp, 0, sizeof(rsp));
	rsp.share_type = ipc ? SMB2_SHARE_TYPE_PIPE : SMB2_SHARE_TYPE_DISK;
	rsp.share_flags = ipc ? SMB2_SHAREFLAG_NO_CACHING : SMB2_SHAREFLAG_MANUAL_CACHING;
	if (encrypt)
		rsp.share_flags |= SMB2_SHAREFLAG_ENCRYPT_DATA;
	rsp.capabilities = share ? share->caps : 0;
	rsp.maximal_access = t->maximal_access;
	st = smb2_tree_connect_rsp_encode(&r->out, &rsp);
	if (st != STATUS_SUCCESS)
		srv_tree_free(t);
	return st;
}

NTSTATUS srv_tree_disconnect(struct srv_req *r)
{
	struct smb2_tree_disconnect_rsp rsp = {0};

	srv_tree_free(r->tree);
	r->tree = NULL;
	return smb2_tree_disconnect_rsp_encode(&r->out, &rsp);
}
