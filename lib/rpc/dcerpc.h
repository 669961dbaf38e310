/*
 * DCE/RPC connection-oriented PDUs (C706 chapter 12, with the MS-RPCE
 * 2.2.2 extensions): decode and encode of one fragment, and the reassembly
 * of a call's stub from its fragments.
 *
 * Only the NDR little-endian, ASCII, IEEE data representation (packed_drep
 * 10 00 00 00) is spoken; dcerpc_pdu_decode() reports any other with
 * DCERPC_DECODE_DREP so that a server can answer with a bind_nak or a
 * fault instead of misreading the body.
 *
 * A decoded PDU points into the input (zero copy): stubs, the security
 * trailer's auth value and the secondary address stay valid while the input
 * is.  *out is written only on success.  Every length is checked against
 * the fragment, every count against the named limits below.
 */
#ifndef SMBSIM_RPC_DCERPC_H
#define SMBSIM_RPC_DCERPC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "wire/cursor.h"
#include "wire/ntstatus.h"

/* C706 12.6.3.1: the common header. */
#define DCERPC_HDR_SIZE 16u
#define DCERPC_RPC_VERS 5
#define DCERPC_RPC_VERS_MINOR 0
/* Minor versions a peer may send (C706 12.6.3.1: 0; MS-RPCE 2.2.2.1 adds 1). */
#define DCERPC_RPC_VERS_MINOR_MAX 1
/* Request and response body before the stub (C706 12.6.4.9, 12.6.4.10). */
#define DCERPC_REQUEST_HDR_SIZE 24u
#define DCERPC_RESPONSE_HDR_SIZE 24u
/* The security trailer before the auth value (C706 13.2.6.1). */
#define DCERPC_AUTH_TRAILER_SIZE 8u

/* ---- limits --------------------------------------------------------- */

/* C706 12.6.3.1: frag_length is a u16. */
#define DCERPC_MAX_FRAG 65535u
/* C706 12.6.3.1 (MUST_RECV_FRAG_SIZE): every peer receives 1432-byte
 * fragments; a bind offering less is refused. */
#define DCERPC_MIN_FRAG 1432u
/* The fragment sizes our side offers (what Windows and Samba use). */
#define DCERPC_DEFAULT_FRAG 4280u
/* Presentation context elements in one bind/alter_context, and transfer
 * syntaxes in one element (both u8 counts on the wire). */
#define DCERPC_MAX_CTX_ITEMS 16
#define DCERPC_MAX_TRANSFER_SYNTAXES 8
/* Protocol versions in a bind_nak. */
#define DCERPC_MAX_NAK_VERSIONS 8
/* Secondary address in a bind_ack, bytes with its NUL. */
#define DCERPC_MAX_SEC_ADDR 256u
/* A whole call's stub after reassembly (request or response). */
#define DCERPC_MAX_CALL_STUB (1024u * 1024)

/* ---- header --------------------------------------------------------- */

enum dcerpc_ptype {
	DCERPC_PT_REQUEST = 0,
	DCERPC_PT_RESPONSE = 2,
	DCERPC_PT_FAULT = 3,
	DCERPC_PT_BIND = 11,
	DCERPC_PT_BIND_ACK = 12,
	DCERPC_PT_BIND_NAK = 13,
	DCERPC_PT_ALTER_CONTEXT = 14,
	DCERPC_PT_ALTER_CONTEXT_RESP = 15,
	DCERPC_PT_AUTH3 = 16,
	DCERPC_PT_SHUTDOWN = 17,
	DCERPC_PT_CO_CANCEL = 18,
	DCERPC_PT_ORPHANED = 19,
};

/* C706 12.6.3.1 pfc_flags. */
#define DCERPC_PFC_FIRST_FRAG 0x01
#define DCERPC_PFC_LAST_FRAG 0x02
#define DCERPC_PFC_PENDING_CANCEL 0x04 /* MS-RPCE: SUPPORT_HEADER_SIGN in binds */
#define DCERPC_PFC_CONC_MPX 0x10
#define DCERPC_PFC_DID_NOT_EXECUTE 0x20
#define DCERPC_PFC_MAYBE 0x40
#define DCERPC_PFC_OBJECT_UUID 0x80

/* The one data representation we speak (C706 14.1): little-endian
 * integers, ASCII characters, IEEE floats. */
#define DCERPC_DREP_LE 0x10

struct dcerpc_hdr {
	uint8_t rpc_vers;
	uint8_t rpc_vers_minor;
	uint8_t ptype;
	uint8_t pfc_flags;
	uint8_t drep[4];
	uint16_t frag_length;
	uint16_t auth_length;
	uint32_t call_id;
};

/* ---- syntaxes ------------------------------------------------------- */

/* A UUID in its NDR wire form (little-endian time fields), 16 bytes. */
struct dcerpc_uuid {
	uint8_t b[16];
};

/* p_syntax_id_t: UUID and version (major in the low 16 bits on the wire). */
struct dcerpc_syntax {
	struct dcerpc_uuid uuid;
	uint16_t vers_major;
	uint16_t vers_minor;
};

/* NDR32 8a885d04-1ceb-11c9-9fe8-08002b104860 v2.0 (C706 14). */
extern const struct dcerpc_syntax dcerpc_syntax_ndr32;
/* NDR64 71710533-beba-4937-8319-b5dbef9ccc36 v1.0 (MS-RPCE 2.2.5). */
extern const struct dcerpc_syntax dcerpc_syntax_ndr64;

/* MS-RPCE 3.3.1.5.3: bind-time feature negotiation is a transfer syntax
 * whose UUID is 6cb71c2c-9812-4540 followed by a feature bitmask. */
bool dcerpc_syntax_is_btfn(const struct dcerpc_syntax *s, uint64_t *features);
#define DCERPC_BTFN_SEC_CTX_MULTIPLEXING 0x01
#define DCERPC_BTFN_KEEP_CONNECTION_ON_ORPHAN 0x02

bool dcerpc_syntax_equal(const struct dcerpc_syntax *a, const struct dcerpc_syntax *b);
/* Parse "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx" into wire form. */
bool dcerpc_uuid_parse(const char *s, struct dcerpc_uuid *out);

/* ---- bodies --------------------------------------------------------- */

/* p_cont_elem_t (C706 12.6.3.4). */
struct dcerpc_ctx_elem {
	uint16_t ctx_id;
	uint8_t n_transfer;
	struct dcerpc_syntax abstract;
	struct dcerpc_syntax transfer[DCERPC_MAX_TRANSFER_SYNTAXES];
};

/* bind (11) and alter_context (14), C706 12.6.4.3 and 12.6.4.1. */
struct dcerpc_bind {
	uint16_t max_xmit_frag;
	uint16_t max_recv_frag;
	uint32_t assoc_group_id;
	uint8_t n_ctx;
	struct dcerpc_ctx_elem ctx[DCERPC_MAX_CTX_ITEMS];
};

/* p_result_t (C706 12.6.3.5; MS-RPCE 2.2.2.4 adds negotiate_ack). */
enum dcerpc_ctx_result {
	DCERPC_RESULT_ACCEPTANCE = 0,
	DCERPC_RESULT_USER_REJECTION = 1,
	DCERPC_RESULT_PROVIDER_REJECTION = 2,
	DCERPC_RESULT_NEGOTIATE_ACK = 3,
};
enum dcerpc_ctx_reason {
	DCERPC_REASON_NOT_SPECIFIED = 0,
	DCERPC_REASON_ABSTRACT_SYNTAX_NOT_SUPPORTED = 1,
	DCERPC_REASON_TRANSFER_SYNTAXES_NOT_SUPPORTED = 2,
	DCERPC_REASON_LOCAL_LIMIT_EXCEEDED = 3,
};
struct dcerpc_ctx_result_item {
	uint16_t result;
	uint16_t reason; /* with NEGOTIATE_ACK: the features accepted */
	struct dcerpc_syntax transfer;
};

/* bind_ack (12) and alter_context_resp (15), C706 12.6.4.4 and 12.6.4.2. */
struct dcerpc_bind_ack {
	uint16_t max_xmit_frag;
	uint16_t max_recv_frag;
	uint32_t assoc_group_id;
	/* port_any_t: bytes with the NUL (the length field counts it); 0 in
	 * alter_context_resp. */
	struct smb2_blob sec_addr;
	uint8_t n_results;
	struct dcerpc_ctx_result_item results[DCERPC_MAX_CTX_ITEMS];
};

/* bind_nak (13), C706 12.6.4.5. */
enum dcerpc_nak_reason {
	DCERPC_NAK_REASON_NOT_SPECIFIED = 0,
	DCERPC_NAK_TEMPORARY_CONGESTION = 1,
	DCERPC_NAK_LOCAL_LIMIT_EXCEEDED = 2,
	DCERPC_NAK_CALLED_PADDR_UNKNOWN = 3,
	DCERPC_NAK_PROTOCOL_VERSION_NOT_SUPPORTED = 4,
	DCERPC_NAK_DEFAULT_CONTEXT_NOT_SUPPORTED = 5,
	DCERPC_NAK_USER_DATA_NOT_READABLE = 6,
	DCERPC_NAK_NO_PSAP_AVAILABLE = 7,
	DCERPC_NAK_AUTH_TYPE_NOT_RECOGNIZED = 8, /* MS-RPCE 2.2.2.5 */
	DCERPC_NAK_INVALID_CHECKSUM = 9,
};
struct dcerpc_bind_nak {
	uint16_t reason;
	uint8_t n_versions;
	uint8_t versions[DCERPC_MAX_NAK_VERSIONS][2]; /* major, minor */
};

/* request (0), C706 12.6.4.9. */
struct dcerpc_request {
	uint32_t alloc_hint;
	uint16_t ctx_id;
	uint16_t opnum;
	bool has_object; /* PFC_OBJECT_UUID */
	struct dcerpc_uuid object;
	struct smb2_blob stub;
};

/* response (2), C706 12.6.4.10. */
struct dcerpc_response {
	uint32_t alloc_hint;
	uint16_t ctx_id;
	uint8_t cancel_count;
	struct smb2_blob stub;
};

/* fault (3), C706 12.6.4.7 and appendix E; MS-RPCE 2.2.2.9. */
#define DCERPC_NCA_S_OP_RNG_ERROR 0x1c010002u
#define DCERPC_NCA_S_UNK_IF 0x1c010003u
#define DCERPC_NCA_S_PROTO_ERROR 0x1c01000bu
#define DCERPC_NCA_S_UNSUPPORTED_TYPE 0x1c000017u
#define DCERPC_NCA_S_FAULT_NDR 0x000006f7u
#define DCERPC_NCA_S_FAULT_ACCESS_DENIED 0x00000005u
#define DCERPC_NCA_S_FAULT_REMOTE_NO_MEMORY 0x1c000022u
#define DCERPC_NCA_S_FAULT_CONTEXT_MISMATCH 0x1c00001au
struct dcerpc_fault {
	uint32_t alloc_hint;
	uint16_t ctx_id;
	uint8_t cancel_count;
	uint32_t status;
	struct smb2_blob stub; /* extended error information, normally empty */
};

/* sec_trailer (C706 13.2.6.1) and the auth value after it. */
struct dcerpc_auth {
	uint8_t auth_type;
	uint8_t auth_level;
	uint8_t auth_pad_length;
	uint8_t auth_reserved;
	uint32_t auth_context_id;
	struct smb2_blob value; /* auth_length bytes */
};

/* One decoded fragment. */
struct dcerpc_pdu {
	struct dcerpc_hdr hdr;
	bool has_auth; /* auth_length != 0: `auth` holds the trailer */
	struct dcerpc_auth auth;
	union {
		struct dcerpc_bind bind;         /* BIND, ALTER_CONTEXT */
		struct dcerpc_bind_ack bind_ack; /* BIND_ACK, ALTER_CONTEXT_RESP */
		struct dcerpc_bind_nak bind_nak;
		struct dcerpc_request request;
		struct dcerpc_response response;
		struct dcerpc_fault fault;
	} u; /* AUTH3, SHUTDOWN, CO_CANCEL and ORPHANED have no body here */
};

/* ---- decode --------------------------------------------------------- */

/* Reasons a decode failed, beyond a malformed body. */
enum dcerpc_decode_err {
	DCERPC_DECODE_OK = 0,
	DCERPC_DECODE_SHORT,    /* fewer bytes than the header or frag_length */
	DCERPC_DECODE_VERSION,  /* rpc_vers/minor not 5.0 or 5.1 */
	DCERPC_DECODE_DREP,     /* a representation other than 10 00 00 00 */
	DCERPC_DECODE_FRAG_LEN, /* frag_length below the header */
	DCERPC_DECODE_AUTH,     /* auth_length or the trailer do not fit */
	DCERPC_DECODE_PTYPE,    /* unknown packet type */
	DCERPC_DECODE_BODY,     /* the body is malformed */
	DCERPC_DECODE_LIMIT,    /* a count past the limits above */
};

/*
 * Read the common header of p[0..len) (len >= DCERPC_HDR_SIZE), checking
 * version, representation and that frag_length covers the header and the
 * security trailer.  Says nothing about whether the whole fragment is
 * there.  Returns DCERPC_DECODE_OK and fills *out, or an error.
 */
enum dcerpc_decode_err dcerpc_hdr_decode(const uint8_t *p, size_t len,
                                         struct dcerpc_hdr *out);

/*
 * Decode the fragment p[0..len): len must be at least frag_length (bytes
 * past it are not read).  On failure *out is untouched and, when c_err is
 * not NULL, the failing field is recorded there.
 */
enum dcerpc_decode_err dcerpc_pdu_decode(const uint8_t *p, size_t len, struct dcerpc_pdu *out,
                                         struct rd *c_err);

const char *dcerpc_ptype_name(uint8_t ptype);
const char *dcerpc_decode_err_name(enum dcerpc_decode_err e);

/* ---- encode --------------------------------------------------------- */

/*
 * Each encoder appends one fragment to w (frag_length patched in, auth
 * length 0, drep 10 00 00 00).  `flags` are the pfc_flags; FIRST|LAST for a
 * single fragment.  Returns wr_status(w), or STATUS_INVALID_PARAMETER for
 * a body that does not fit the limits (nothing written then).
 */
NTSTATUS dcerpc_bind_encode(struct wr *w, uint8_t ptype, uint32_t call_id,
                            const struct dcerpc_bind *b);
NTSTATUS dcerpc_bind_ack_encode(struct wr *w, uint8_t ptype, uint32_t call_id,
                                const struct dcerpc_bind_ack *a);
NTSTATUS dcerpc_bind_nak_encode(struct wr *w, uint32_t call_id,
                                const struct dcerpc_bind_nak *n);
NTSTATUS dcerpc_request_encode(struct wr *w, uint8_t flags, uint32_t call_id,
                               const struct dcerpc_request *r);
NTSTATUS dcerpc_response_encode(struct wr *w, uint8_t flags, uint32_t call_id,
                                const struct dcerpc_response *r);
NTSTATUS dcerpc_fault_encode(struct wr *w, uint8_t flags, uint32_t call_id,
                             const struct dcerpc_fault *f);
/* A body-less PDU: AUTH3 (with its 4-byte pad), SHUTDOWN, CO_CANCEL,
 * ORPHANED. */
NTSTATUS dcerpc_simple_encode(struct wr *w, uint8_t ptype, uint8_t flags, uint32_t call_id);

/*
 * A whole call split into fragments of at most max_frag bytes (>=
 * DCERPC_MIN_FRAG): requests (is_request, with opnum and ctx_id) or
 * responses.  Each fragment's stub is a multiple of 8 bytes but the last's
 * (C706 12.6.3.7).  The fragments are appended to w back to back.
 */
NTSTATUS dcerpc_call_encode(struct wr *w, bool is_request, uint32_t call_id, uint16_t ctx_id,
                            uint16_t opnum, const uint8_t *stub, size_t stub_len,
                            size_t max_frag);

/* ---- reassembly ----------------------------------------------------- */

/* The stub of one call gathered from its fragments (requests on a server,
 * responses on a client). */
struct dcerpc_reasm {
	bool active;
	uint32_t call_id;
	uint8_t ptype;
	uint16_t ctx_id;
	uint16_t opnum;
	uint8_t *stub;
	size_t len;
	size_t cap;
};

void dcerpc_reasm_init(struct dcerpc_reasm *r);
void dcerpc_reasm_free(struct dcerpc_reasm *r);
void dcerpc_reasm_reset(struct dcerpc_reasm *r);

/*
 * Add one request or response fragment.  STATUS_SUCCESS with *done when
 * the last fragment is in (the stub is r->stub[0..len), kept until the next
 * reset); STATUS_SUCCESS without *done when more are expected;
 * STATUS_INVALID_PARAMETER for a fragment out of order (a middle fragment
 * with no call started, a FIRST while another call is being gathered, a
 * call id, context or opnum that changes); STATUS_BUFFER_OVERFLOW past
 * DCERPC_MAX_CALL_STUB; STATUS_NO_MEMORY.  After an error the state is
 * reset.
 */
NTSTATUS dcerpc_reasm_add(struct dcerpc_reasm *r, const struct dcerpc_pdu *pdu, bool *done);

#endif
