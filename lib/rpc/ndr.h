/*
 * NDR32 marshalling helpers (C706 chapter 14, MS-RPCE 2.2.4/2.2.5) over the
 * bounded cursor of wire/cursor.h.
 *
 * A pull cursor's base, and a push writer's `msg`, is the first byte of the
 * stub: NDR alignment counts from there (C706 14.2.2; a stub starts 8-byte
 * aligned in its PDU).  Every primitive aligns itself to its size first.
 *
 * Decoders are strict and return an NTSTATUS through rd_fail() (which
 * records the field): STATUS_INVALID_PARAMETER for malformed data,
 * STATUS_BUFFER_OVERFLOW for a count past the named limits.  A caller
 * answering an RPC turns any failure into the fault nca_s_fault_ndr.
 */
#ifndef SMBSIM_RPC_NDR_H
#define SMBSIM_RPC_NDR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "wire/cursor.h"
#include "wire/ntstatus.h"

/* Characters (UTF-16 units, terminator included) in one string. */
#define NDR_MAX_STRING_UNITS 4096u
/* Elements in one conformant array. */
#define NDR_MAX_ARRAY_COUNT 65536u
/* The first referent id an encoder hands out, and the step (as MIDL and
 * Samba do; any non-zero value is valid, C706 14.3.10). */
#define NDR_REFERENT_BASE 0x00020000u
#define NDR_REFERENT_STEP 4u
/* Context handles (C706 14.3.11 / MS-RPCE 2.2.5.2: 4-byte attributes and a
 * 16-byte UUID). */
#define NDR_CTX_HANDLE_SIZE 20u

/* ---- pull ----------------------------------------------------------- */

WUR NTSTATUS ndr_pull_u8(struct rd *c, uint8_t *v, const char *field);
WUR NTSTATUS ndr_pull_u16(struct rd *c, uint16_t *v, const char *field);
WUR NTSTATUS ndr_pull_u32(struct rd *c, uint32_t *v, const char *field);
/* uint3264 (MS-RPCE 2.2.5.3.4.1): 32 bits in NDR32. */
WUR NTSTATUS ndr_pull_u3264(struct rd *c, uint32_t *v, const char *field);

/* A unique or full pointer's referent id; *present is false for NULL. */
WUR NTSTATUS ndr_pull_ptr(struct rd *c, bool *present, const char *field);

/*
 * A conformant-varying string of UTF-16 units (C706 14.3.4.2, [string]
 * wchar_t*): max_count, offset (must be 0), actual_count (<= max_count,
 * <= NDR_MAX_STRING_UNITS), the units.  With need_nul the last unit must be
 * the terminator (and the only NUL): *s then excludes it.  *s points into
 * the input.
 */
WUR NTSTATUS ndr_pull_cvstring(struct rd *c, bool need_nul, struct smb2_blob *s,
                               const char *field);

/* A conformant array's max_count, at most `limit` (<= NDR_MAX_ARRAY_COUNT)
 * elements, and no more than the bytes left allow at min_elem_size each. */
WUR NTSTATUS ndr_pull_array_count(struct rd *c, uint32_t limit, size_t min_elem_size,
                                  uint32_t *n, const char *field);

struct ndr_ctx_handle {
	uint32_t attributes;
	uint8_t uuid[16];
};
WUR NTSTATUS ndr_pull_ctx_handle(struct rd *c, struct ndr_ctx_handle *h, const char *field);
bool ndr_ctx_handle_is_null(const struct ndr_ctx_handle *h);

/* The stub must be consumed exactly (trailing bytes are malformed). */
WUR NTSTATUS ndr_pull_end(struct rd *c, const char *field);

/* ---- push ----------------------------------------------------------- */

struct ndr_push {
	struct wr *w;       /* w->msg is the stub start */
	uint32_t next_ref;  /* next referent id */
};

void ndr_push_init(struct ndr_push *n, struct wr *w);
void ndr_push_u8(struct ndr_push *n, uint8_t v);
void ndr_push_u16(struct ndr_push *n, uint16_t v);
void ndr_push_u32(struct ndr_push *n, uint32_t v);
void ndr_push_u3264(struct ndr_push *n, uint32_t v);
/* A unique pointer: a fresh referent id, or 0 for NULL. */
void ndr_push_ptr(struct ndr_push *n, bool present);
/* A [string] wchar_t* from UTF-8 (terminator added: max_count =
 * actual_count = units + 1, offset 0).  Sets the writer's error when the
 * text is not valid UTF-8 or longer than NDR_MAX_STRING_UNITS. */
void ndr_push_cvstring_utf8(struct ndr_push *n, const char *s);
void ndr_push_ctx_handle(struct ndr_push *n, const struct ndr_ctx_handle *h);

#endif
