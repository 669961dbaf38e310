/*
 * The server core's private structures (server.h has the public view):
 * shared by srv_conn.c, srv_send.c, srv_dispatch.c, srv_async.c and
 * srv_tables.c.
 */
#ifndef SMBSIM_SRV_INT_H
#define SMBSIM_SRV_INT_H

#include "auth/ntlmssp_server.h"
#include "sim-server/server.h"

struct srv_server {
	struct event_base *base;
	struct srv_settings set;
	uint8_t guid[16];                   /* ServerGuid */
	uint64_t start_time;                /* FILETIME */
	struct srv_link conns;
	unsigned conn_count;
	struct srv_link sessions[SRV_SESSION_HASH];
	unsigned session_count;
	struct srv_link opens[SRV_OPEN_HASH];
	unsigned open_count;
	unsigned async_count;
	/* Share.CurrentUses (MS-SMB2 3.3.1.6): tree connects per share,
	 * indexed like set.shares; srv_tree_connect counts them in and
	 * srv_tree_free out. */
	unsigned share_uses[SRV_MAX_SHARES];
	uint64_t next_session_id;
	uint64_t next_persistent_id;
	uint64_t next_volatile_id;
	uint64_t next_async_id;
	srv_handler_fn handlers[SMB2_COMMAND_COUNT];
	srv_clock_fn clock;
	void *clock_arg;
	uint64_t accepted;
	uint64_t disconnects_protocol;
	struct ntlmssp_server_cfg auth;      /* users, guest, anonymous */
	void *files;                         /* srv_file.h's state */
	void (*files_free)(void *files);
};

/* The chain state of MS-SMB2 3.3.5.2.7.2 (related operations). */
struct srv_chain {
	uint64_t session_id;
	uint32_t tree_id;
	struct smb2_fileid file_id;
	NTSTATUS prev_status;
	bool have_prev;
};

struct srv_conn {
	struct srv_link link;               /* srv->conns */
	struct srv_server *srv;
	struct smb_transport *t;
	struct srv_conn_info info;
	bool negotiated;                    /* SMB2 NEGOTIATE done */
	bool smb1_seen;                     /* the multi-protocol negotiate came */
	bool dead;                          /* disconnect asked; frames ignored */
	/* CommandSequenceWindow (3.3.1.2): ids [win_low, win_low + win_size)
	 * may be used; used marks the ids consumed above win_low. */
	uint64_t win_low;
	uint32_t win_size;
	uint32_t win_used_count;
	uint8_t win_used[SRV_MAX_CREDITS / 8];
	struct srv_link channels;           /* struct srv_channel.in_conn */
	unsigned session_count;
	struct srv_link async;              /* struct srv_req.link */
	unsigned async_count;
	struct srv_chain chain;
};

/* srv_conn.c (credits) and srv_send.c (responses) */
bool srv_credit_consume(struct srv_conn *c, uint64_t mid, uint16_t charge);
uint16_t srv_credit_grant(struct srv_conn *c, uint16_t requested);
/* Protect (sign or encrypt) and send the responses rs[0..n) as one
 * frame (a compound when n > 1). */
void srv_send_responses(struct srv_conn *c, struct srv_req **rs, unsigned n);
/* Finalise a response header in r->out for status st. */
void srv_rsp_finish_hdr(struct srv_req *r, NTSTATUS st);
void srv_conn_fail(struct srv_conn *c, const char *why);

/* srv_dispatch.c: the generic checks then the handler. */
NTSTATUS srv_dispatch(struct srv_req *r);
srv_handler_fn srv_handler_for(struct srv_server *srv, uint16_t command);

/* srv_async.c */
struct srv_req *srv_req_new(struct srv_conn *c);
void srv_req_free(struct srv_req *r);
/* Cancel every async request of a connection that is going away. */
void srv_async_conn_gone(struct srv_conn *c);

/* srv_session.c: the user lookup behind NTLMSSP. */
NTSTATUS srv_auth_lookup(void *arg, const char *user, const char *domain,
                         uint8_t nt_hash[16]);

/* srv_tables.c */
void srv_session_logoff_done(struct srv_server *srv, uint64_t session_id);
void srv_channel_free(struct srv_channel *ch);

#endif
