/*
 * Library-private parts of the reference client (not for callers): the
 * frame being built (struct cli_chain) and the functions the files of
 * sim-client/lib/ share.
 */
#ifndef SMBSIM_CLI_INT_H
#define SMBSIM_CLI_INT_H

#include "sim-client/lib/cli.h"

/* One transport frame (a request or a compound chain) from encoding until
 * it is handed to the transport. */
struct cli_chain {
	struct cli_conn *conn;
	struct wr w;
	unsigned n;
	struct cli_req *reqs[SMB2_MAX_COMPOUND];
	uint32_t charge_total;      /* credits the frame needs */
	bool encrypt;
	struct cli_session *enc_sess;
	struct cli_chain *next;     /* conn->sendq */
};

/* conn.c */
void cli_pending_add(struct cli_conn *c, struct cli_req *r);
void cli_pending_remove(struct cli_conn *c, struct cli_req *r);
/* Finish r: status, local_error; unlinks it, fires the callback or frees
 * an orphan. */
void cli_req_complete(struct cli_req *r, NTSTATUS status, bool local_error);
/* The connection is unusable: fail everything with `status`. */
void cli_conn_fail(struct cli_conn *c, NTSTATUS status);
/* Is any request on the wire (sent, not done)? */
bool cli_conn_in_flight(const struct cli_conn *c);
/* Effective timeout of a wait. */
int cli_conn_timeout(const struct cli_conn *c, int timeout_ms);

/* Run the loop until done(arg) or ms pass (then STATUS_IO_TIMEOUT). */
NTSTATUS cli_run_until(struct event_base *base, int ms, bool (*done)(void *), void *arg);

/* req.c */
/* Send what the credit window allows from the send queue (from the loop:
 * failures complete the requests). */
void cli_pump(struct cli_conn *c);
void cli_chain_free(struct cli_chain *ch);

/* sign_enc.c */
/* Sign the message msg[0..len) (it includes its compound padding): sets
 * SMB2_FLAGS_SIGNED and the Signature. */
NTSTATUS cli_sign_msg(struct cli_session *s, uint8_t *msg, size_t len);
NTSTATUS cli_verify_msg(struct cli_session *s, const uint8_t *msg, size_t len);
/* Encrypt frame[0..len) for s, appending transform header and ciphertext
 * to out. */
NTSTATUS cli_encrypt_frame(struct cli_session *s, const uint8_t *frame, size_t len,
                           struct wr *out);
/* Decrypt a transform frame into out; *sess is the session whose key
 * opened it. */
NTSTATUS cli_decrypt_frame(struct cli_conn *c, const uint8_t *frame, size_t len,
                           struct wr *out, struct cli_session **sess);
/* Derive the session's keys from the authentication key (MS-SMB2
 * 3.2.5.3.1) and make its signer and ciphers. */
NTSTATUS cli_session_set_keys(struct cli_session *s, const uint8_t *key, size_t key_len);
/* Hash a NEGOTIATE or SESSION_SETUP message into the preauth value it
 * belongs to (no-op for other commands). */
void cli_preauth_sent(struct cli_conn *c, struct cli_req *r, const uint8_t *msg, size_t len);

/* Fill 16 random bytes (OpenSSL RAND_bytes). */
NTSTATUS cli_random(uint8_t *p, size_t len);

#endif
