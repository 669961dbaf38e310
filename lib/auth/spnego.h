/*
 * SPNEGO tokens (RFC 4178, MS-SPNG 2.2): decode and encode.
 *
 *   initial token   0x60 InitialContextToken { OID 1.3.6.1.5.5.2,
 *                   [0] NegTokenInit or NegTokenInit2 }      (RFC 2743 3.1)
 *   later tokens    [1] NegTokenResp                          (RFC 4178 4.2.2)
 *
 * NegTokenInit2 (MS-SPNG 2.2.1) is NegTokenInit with negHints [3] before
 * mechListMIC [4]; the decoder tells [3] negHints (a SEQUENCE) from [3]
 * mechListMIC (an OCTET STRING) by the inner tag.
 *
 * Decoding is strict DER (asn1.h), zero copy (blobs point into the input),
 * and assigns *out only on success.  Failure is STATUS_INVALID_PARAMETER.
 */
#ifndef SMBSIM_AUTH_SPNEGO_H
#define SMBSIM_AUTH_SPNEGO_H

#include <stdbool.h>
#include <stdint.h>

#include "wire/cursor.h"
#include "wire/limits.h"

enum spnego_mech {
	SPNEGO_MECH_UNKNOWN = 0,
	SPNEGO_MECH_NTLMSSP, /* 1.3.6.1.4.1.311.2.2.10 (MS-NLMP) */
	SPNEGO_MECH_KRB5,    /* 1.2.840.113554.1.2.2 (RFC 4121): recognised only */
	SPNEGO_MECH_MS_KRB5, /* 1.2.840.48018.1.2.2 (MS-KILE): recognised only */
	SPNEGO_MECH_NEGOEX,  /* 1.3.6.1.4.1.311.2.2.30 (MS-NEGOEX): recognised only */
};

/* RFC 4178 4.2.2 negState. */
enum spnego_neg_state {
	SPNEGO_ACCEPT_COMPLETED = 0,
	SPNEGO_ACCEPT_INCOMPLETE = 1,
	SPNEGO_REJECT = 2,
	SPNEGO_REQUEST_MIC = 3,
};

/* MS-SPNG 2.2.1: the hint a server puts in NegTokenInit2. */
#define SPNEGO_HINT_NAME "not_defined_in_RFC4178@please_ignore"

struct spnego_init {
	unsigned n_mechs;
	struct smb2_blob mech_oid[SPNEGO_MAX_MECH_TYPES]; /* OID content octets */
	enum spnego_mech mech[SPNEGO_MAX_MECH_TYPES];
	/* The DER of the MechTypeList SEQUENCE: what mechListMIC covers
	 * (RFC 4178 5).  Set by the decoder; ignored by the encoder. */
	struct smb2_blob mech_types_der;
	bool has_req_flags;
	uint8_t req_flags; /* ContextFlags bits 0..6 as a BIT STRING's first octet */
	bool has_mech_token;
	struct smb2_blob mech_token;
	bool has_neg_hints; /* NegTokenInit2 */
	bool has_hint_name;
	struct smb2_blob hint_name; /* GeneralString content */
	bool has_hint_address;
	struct smb2_blob hint_address;
	bool has_mech_list_mic;
	struct smb2_blob mech_list_mic;
};

struct spnego_resp {
	bool has_neg_state;
	enum spnego_neg_state neg_state;
	bool has_supported_mech;
	struct smb2_blob supported_mech; /* OID content octets */
	enum spnego_mech mech;
	bool has_response_token;
	struct smb2_blob response_token;
	bool has_mech_list_mic;
	struct smb2_blob mech_list_mic;
};

struct spnego_token {
	bool is_init; /* else resp */
	struct spnego_init init;
	struct spnego_resp resp;
};

/* The mechanism an OID names, by its content octets. */
enum spnego_mech spnego_mech_from_oid(struct smb2_blob oid);
/* Content octets of a mechanism's OID (NULL for UNKNOWN). */
const uint8_t *spnego_mech_oid(enum spnego_mech m, size_t *len);

/* Decode an initial token (0x60) or a NegTokenResp ([1]). */
NTSTATUS spnego_decode(const uint8_t *p, size_t len, struct spnego_token *out);

/*
 * Encode a NegTokenInit inside the InitialContextToken wrapper.  The
 * mechanisms come from in->mech[] (in->mech_oid[] is used for
 * SPNEGO_MECH_UNKNOWN entries).  With has_neg_hints set it is a
 * NegTokenInit2 (hints at [3], mechListMIC at [4]).
 */
NTSTATUS spnego_init_encode(struct wr *w, const struct spnego_init *in);
/* Encode a NegTokenResp ([1]); supportedMech from in->mech, or from
 * in->supported_mech when mech is UNKNOWN. */
NTSTATUS spnego_resp_encode(struct wr *w, const struct spnego_resp *in);
/* Encode the MechTypeList alone (the bytes mechListMIC covers). */
NTSTATUS spnego_mech_types_encode(struct wr *w, const struct spnego_init *in);

#endif
