/*
 * Internal to the create context codec: the data of each known context,
 * parsed and written (create_ctx_known.c), used by the chain code
 * (create_ctx.c).
 */
#ifndef SMBSIM_WIRE_CREATE_CTX_INT_H
#define SMBSIM_WIRE_CREATE_CTX_INT_H

#include "wire/create_ctx.h"

/* Type of a context from its raw name, for the given direction. */
enum smb2_cctx_type smb2_cctx_type_of(struct smb2_blob name, bool response);

/* The name a known type is sent with (4 or 16 bytes); NULL for UNKNOWN. */
const uint8_t *smb2_cctx_name_of(enum smb2_cctx_type type, uint32_t *len);

/* Parse x->data into x->u according to x->type; STATUS_INVALID_PARAMETER
 * when DataLength does not fit the context (MS-SMB2 2.2.13.2.x). */
WUR NTSTATUS smb2_cctx_parse(struct smb2_create_ctx *x, bool response);

/* Whether the context has any data to write (an MxAc request without a
 * timestamp and a QFid request have none). */
bool smb2_cctx_has_data(const struct smb2_create_ctx *x, bool response);

/* Append the data of a known context from its parsed form (or the raw
 * data of an unknown one). */
void smb2_cctx_put_data(struct wr *w, const struct smb2_create_ctx *x, bool response);

#endif
