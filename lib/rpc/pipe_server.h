/*
 * The server end of a DCE/RPC named pipe (MS-RPCE 2.1.1.2, ncacn_np): what
 * the reference server attaches to an open of a pipe such as "srvsvc" on
 * IPC$.  Bytes written to the pipe (SMB2 WRITE, or the input of
 * FSCTL_PIPE_TRANSCEIVE) are gathered into fragments and answered; the
 * answers queue as messages that reads (SMB2 READ, or the output of the
 * transceive) take out.
 *
 * The pipe is in message mode (MS-FSCC 2.3.31, MS-SMB2 3.3.5.12 and
 * 3.3.5.15.8): one read returns at most one queued PDU; when the PDU is
 * longer than the read, the read returns the first bytes with
 * STATUS_BUFFER_OVERFLOW and the rest stays for the next read.
 *
 * Interfaces are a table (struct dcerpc_iface) so that the endpoint mapper
 * and the witness service plug in beside srvsvc.  Hostile input never
 * crashes the pipe: bad PDUs are answered with a bind_nak or a fault
 * (C706 12.6.4.5, 12.6.4.7) and, when the byte stream cannot be followed
 * any further (a bad header), what was buffered is dropped.  All buffers
 * are bounded by the limits below.
 */
#ifndef SMBSIM_RPC_PIPE_SERVER_H
#define SMBSIM_RPC_PIPE_SERVER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "rpc/dcerpc.h"
#include "wire/cursor.h"
#include "wire/ntstatus.h"

/* Largest fragment the pipe accepts and sends (offered as max_recv_frag
 * and max_xmit_frag in bind_acks). */
#define DCERPC_PIPE_MAX_FRAG DCERPC_DEFAULT_FRAG
/* Interfaces one pipe serves; presentation contexts one association keeps. */
#define DCERPC_PIPE_MAX_IFACES 8
#define DCERPC_PIPE_MAX_CONTEXTS 16
/* Bytes of unread answers a pipe holds: past this, writes are refused
 * with STATUS_INSUFFICIENT_RESOURCES until the client reads. */
#define DCERPC_PIPE_MAX_OUTPUT (2u * 1024 * 1024)
/* Stub bytes one answer may have. */
#define DCERPC_PIPE_MAX_RESPONSE_STUB (1024u * 1024)

/*
 * An RPC interface.  dispatch() decodes in[0..len) (the whole request stub
 * of operation opnum), appends the response stub to out (whose msg is the
 * stub start, for NDR alignment) and returns 0, or a fault status
 * (DCERPC_NCA_S_OP_RNG_ERROR for an opnum past n_opnums,
 * DCERPC_NCA_S_FAULT_NDR for a stub it cannot read, ...).
 */
struct dcerpc_iface {
	const char *name;
	struct dcerpc_syntax syntax;
	uint16_t n_opnums;
	uint32_t (*dispatch)(void *arg, uint16_t opnum, const uint8_t *in, size_t len,
	                     struct wr *out);
};

/* An interface with the state its dispatch gets. */
struct dcerpc_endpoint {
	const struct dcerpc_iface *iface;
	void *arg;
};

struct dcerpc_pipe;

/*
 * A pipe serving eps[0..n) (copied; each arg must outlive the pipe).
 * sec_addr is the secondary address bind_acks name (e.g. "\\PIPE\\srvsvc",
 * C706 12.6.4.4), assoc_group_id the group given to binds asking for a new
 * one (0).  NULL on bad arguments or no memory.
 */
struct dcerpc_pipe *dcerpc_pipe_new(const struct dcerpc_endpoint *eps, size_t n,
                                    const char *sec_addr, uint32_t assoc_group_id);
void dcerpc_pipe_free(struct dcerpc_pipe *p);

/*
 * Bytes the client wrote.  STATUS_SUCCESS (every complete fragment has
 * been answered; a partial one waits for more bytes);
 * STATUS_INSUFFICIENT_RESOURCES when unread output is past
 * DCERPC_PIPE_MAX_OUTPUT (nothing consumed); STATUS_NO_MEMORY.
 */
NTSTATUS dcerpc_pipe_write(struct dcerpc_pipe *p, const uint8_t *buf, size_t len);

/*
 * Take up to max bytes of the next queued message.  STATUS_SUCCESS with
 * *more false when the message is finished; STATUS_BUFFER_OVERFLOW with
 * *more true when bytes of it remain; STATUS_PIPE_EMPTY (n = 0) when
 * nothing is queued (the SMB layer then waits, or answers as MS-SMB2
 * 3.3.5.12 says).
 */
NTSTATUS dcerpc_pipe_read(struct dcerpc_pipe *p, uint8_t *buf, size_t max, size_t *n,
                          bool *more);

/* Whether a read would return data. */
bool dcerpc_pipe_has_output(const struct dcerpc_pipe *p);

/* FSCTL_PIPE_TRANSCEIVE (MS-FSCC 2.3.31): write `in`, then read one
 * message into out[0..max).  Status as dcerpc_pipe_read's, or the write's
 * error. */
NTSTATUS dcerpc_pipe_transceive(struct dcerpc_pipe *p, const uint8_t *in, size_t in_len,
                                uint8_t *out, size_t max, size_t *n);

#endif
