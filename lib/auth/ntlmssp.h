/*
 * NTLMSSP messages (MS-NLMP 2.2): NEGOTIATE, CHALLENGE, AUTHENTICATE and
 * the AV_PAIR list.  Codec only: the crypto is ntlmssp_crypto.h, the two
 * sides of the exchange ntlmssp_client.h and ntlmssp_server.h.
 *
 * Decoders take the whole message (its first byte is the 'N' of the
 * signature: payload offsets count from there), resolve every (Len,
 * MaxLen, Offset) field with 64-bit arithmetic (the payload may not
 * overlap the fixed part), are zero copy, and assign *out only on success.
 * A malformed message is STATUS_INVALID_PARAMETER.
 */
#ifndef SMBSIM_AUTH_NTLMSSP_H
#define SMBSIM_AUTH_NTLMSSP_H

#include <stdbool.h>
#include <stdint.h>

#include "wire/cursor.h"
#include "wire/limits.h"

/* MS-NLMP 2.2.2.5 NEGOTIATE flags. */
#define NTLMSSP_NEGOTIATE_UNICODE 0x00000001u
#define NTLMSSP_NEGOTIATE_OEM 0x00000002u
#define NTLMSSP_REQUEST_TARGET 0x00000004u
#define NTLMSSP_NEGOTIATE_SIGN 0x00000010u
#define NTLMSSP_NEGOTIATE_SEAL 0x00000020u
#define NTLMSSP_NEGOTIATE_DATAGRAM 0x00000040u
#define NTLMSSP_NEGOTIATE_LM_KEY 0x00000080u
#define NTLMSSP_NEGOTIATE_NTLM 0x00000200u
#define NTLMSSP_NEGOTIATE_ANONYMOUS 0x00000800u
#define NTLMSSP_NEGOTIATE_OEM_DOMAIN_SUPPLIED 0x00001000u
#define NTLMSSP_NEGOTIATE_OEM_WORKSTATION_SUPPLIED 0x00002000u
#define NTLMSSP_NEGOTIATE_ALWAYS_SIGN 0x00008000u
#define NTLMSSP_TARGET_TYPE_DOMAIN 0x00010000u
#define NTLMSSP_TARGET_TYPE_SERVER 0x00020000u
#define NTLMSSP_NEGOTIATE_EXTENDED_SESSIONSECURITY 0x00080000u
#define NTLMSSP_NEGOTIATE_IDENTIFY 0x00100000u
#define NTLMSSP_REQUEST_NON_NT_SESSION_KEY 0x00400000u
#define NTLMSSP_NEGOTIATE_TARGET_INFO 0x00800000u
#define NTLMSSP_NEGOTIATE_VERSION 0x02000000u
#define NTLMSSP_NEGOTIATE_128 0x20000000u
#define NTLMSSP_NEGOTIATE_KEY_EXCH 0x40000000u
#define NTLMSSP_NEGOTIATE_56 0x80000000u

/* MS-NLMP 2.2.1: message types. */
#define NTLMSSP_NEGOTIATE_MSG 1u
#define NTLMSSP_CHALLENGE_MSG 2u
#define NTLMSSP_AUTHENTICATE_MSG 3u

/* MS-NLMP 2.2.2.1 AvId. */
enum ntlmssp_av_id {
	MSV_AV_EOL = 0,
	MSV_AV_NB_COMPUTER_NAME = 1,
	MSV_AV_NB_DOMAIN_NAME = 2,
	MSV_AV_DNS_COMPUTER_NAME = 3,
	MSV_AV_DNS_DOMAIN_NAME = 4,
	MSV_AV_DNS_TREE_NAME = 5,
	MSV_AV_FLAGS = 6,
	MSV_AV_TIMESTAMP = 7,
	MSV_AV_SINGLE_HOST = 8,
	MSV_AV_TARGET_NAME = 9,
	MSV_AV_CHANNEL_BINDINGS = 10,
};

/* MS-NLMP 2.2.2.1 MsvAvFlags bits. */
#define MSV_AV_FLAG_CONSTRAINED 0x1u
#define MSV_AV_FLAG_MIC_PRESENT 0x2u
#define MSV_AV_FLAG_UNTRUSTED_SPN 0x4u

/* Sizes (MS-NLMP 2.2.1.x fixed parts, 2.2.2.10 VERSION). */
#define NTLMSSP_VERSION_SIZE 8
#define NTLMSSP_MIC_SIZE 16
#define NTLMSSP_NEGOTIATE_FIXED 32
#define NTLMSSP_CHALLENGE_FIXED 48
#define NTLMSSP_AUTHENTICATE_FIXED 64
/* Where the MIC sits in an AUTHENTICATE that carries one (after Version). */
#define NTLMSSP_AUTH_MIC_OFFSET (NTLMSSP_AUTHENTICATE_FIXED + NTLMSSP_VERSION_SIZE)

/* MS-NLMP 2.2.2.10 VERSION. */
struct ntlmssp_version {
	uint8_t major, minor;
	uint16_t build;
	uint8_t revision; /* NTLMSSP_REVISION_W2K3 = 0x0F */
};

struct ntlmssp_negotiate {
	uint32_t flags;
	struct smb2_blob domain;      /* OEM, when the flag says so */
	struct smb2_blob workstation; /* OEM */
	bool has_version;
	struct ntlmssp_version version;
};

struct ntlmssp_challenge {
	uint32_t flags;
	uint8_t server_challenge[8];
	struct smb2_blob target_name; /* UTF-16LE when UNICODE */
	struct smb2_blob target_info; /* AV_PAIR list, checked by the decoder */
	bool has_version;
	struct ntlmssp_version version;
};

struct ntlmssp_authenticate {
	struct smb2_blob lm_response;
	struct smb2_blob nt_response;
	struct smb2_blob domain;      /* UTF-16LE (we require UNICODE) */
	struct smb2_blob user;
	struct smb2_blob workstation;
	struct smb2_blob enc_session_key;
	uint32_t flags;
	bool has_version;
	struct ntlmssp_version version;
	/* MS-NLMP 2.2.1.3: the MIC field exists when the payload starts at or
	 * after its end (offset 88).  mic is copied out. */
	bool has_mic;
	uint8_t mic[NTLMSSP_MIC_SIZE];
};

/* The message type of an NTLMSSP message (checks the signature). */
NTSTATUS ntlmssp_msg_type(const uint8_t *p, size_t len, uint32_t *type);

NTSTATUS ntlmssp_negotiate_decode(const uint8_t *p, size_t len, struct ntlmssp_negotiate *out);
NTSTATUS ntlmssp_challenge_decode(const uint8_t *p, size_t len, struct ntlmssp_challenge *out);
NTSTATUS ntlmssp_authenticate_decode(const uint8_t *p, size_t len,
                                     struct ntlmssp_authenticate *out);

/* Encoders append one message to w (offsets count from where it starts).
 * The Version field is written when the flags include
 * NTLMSSP_NEGOTIATE_VERSION; the AUTHENTICATE MIC field when has_mic. */
NTSTATUS ntlmssp_negotiate_encode(struct wr *w, const struct ntlmssp_negotiate *in);
NTSTATUS ntlmssp_challenge_encode(struct wr *w, const struct ntlmssp_challenge *in);
NTSTATUS ntlmssp_authenticate_encode(struct wr *w, const struct ntlmssp_authenticate *in);

/* ---- AV pairs (MS-NLMP 2.2.2.1) ----------------------------------------
 * A valid list: every pair lies inside it, at most NTLMSSP_MAX_AV_PAIRS,
 * exactly one MsvAvEOL (length 0) and it is last (bytes after it are
 * ignored, as Windows pads), fixed-size values have their size (Flags 4,
 * Timestamp 8, ChannelBindings 16, SingleHost >= 48), no id repeats. */
struct ntlmssp_av_info {
	struct smb2_blob nb_computer, nb_domain, dns_computer, dns_domain, dns_tree;
	struct smb2_blob target_name;
	bool has_flags;
	uint32_t flags;
	bool has_timestamp;
	uint64_t timestamp;
	bool has_single_host;
	struct smb2_blob single_host;
	bool has_channel_bindings;
	uint8_t channel_bindings[16];
	unsigned n_pairs; /* including EOL */
	uint32_t list_len; /* bytes up to and including EOL */
};

NTSTATUS ntlmssp_av_parse(const uint8_t *p, size_t len, struct ntlmssp_av_info *out);

/* Walk a list that ntlmssp_av_parse accepted: *pos starts at 0; returns
 * false after EOL. */
bool ntlmssp_av_next(const uint8_t *p, size_t len, size_t *pos, uint16_t *id,
                     struct smb2_blob *value);

/* Append one pair / the terminating EOL. */
void ntlmssp_av_put(struct wr *w, uint16_t id, const void *value, size_t len);
void ntlmssp_av_put_eol(struct wr *w);

/* MS-NLMP 2.2.2.7 NTLMv2_CLIENT_CHALLENGE inside an NtChallengeResponse
 * (after the 16-byte NTProofStr). */
struct ntlmssp_v2_client_challenge {
	uint64_t timestamp;
	uint8_t client_challenge[8];
	struct smb2_blob av_pairs; /* validated with ntlmssp_av_parse */
	struct ntlmssp_av_info av;
};

/* Decode an NTLMv2 NtChallengeResponse: NTProofStr (16) then the client
 * challenge with RespType = HiRespType = 1. */
NTSTATUS ntlmssp_v2_response_decode(const uint8_t *p, size_t len,
                                    struct ntlmssp_v2_client_challenge *out);

#endif
