/*
 * A catalogue of sample SMB2 messages built by smbsim's own encoders.
 *
 * Every entry encodes one complete message (64-byte header plus body) and
 * records in struct sample_info what the encoder was asked to put on the
 * wire, so that a judge (tshark, a decoder) can be checked against it.
 * Requests and their responses come in pairs with the same MessageId, the
 * request first, so that a dissector can match them.
 *
 * The catalogue covers every command that has a codec in lib/wire/, both
 * directions, and for each the variants worth seeing on the wire (create
 * contexts, negotiate contexts, FSCTLs, info classes, error responses,
 * oplock and lease breaks).
 */
#ifndef SMBSIM_TESTS_SAMPLES_H
#define SMBSIM_TESTS_SAMPLES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "wire/cursor.h"
#include "wire/limits.h"
#include "wire/smb2.h"

/* Create context names are 4 ASCII characters or a 16-byte GUID; the text
 * form holds either (GUID as 32 hex digits). */
#define SAMPLE_CTX_NAME_MAX 33

/* What the frame carries: plain SMB2 (one message or a compound chain), an
 * SMB1 message, or an SMB2 TRANSFORM_HEADER around an encrypted message. */
enum sample_proto { SAMPLE_SMB2 = 0, SAMPLE_SMB1, SAMPLE_ENCRYPTED };

/*
 * A field a judge must show with given values: `field` is a tshark field
 * name; `values` is the list of expected values joined by '|' (integers
 * in C notation or text).  `subset` false: the frame's occurrences of the
 * field are exactly these, in this order; true: each of these occurs.
 */
#define SAMPLE_MAX_CHECKS 12
#define SAMPLE_CHECK_FIELD_MAX 64
#define SAMPLE_CHECK_VALUES_MAX 256
struct sample_check {
	char field[SAMPLE_CHECK_FIELD_MAX];
	bool subset;
	char values[SAMPLE_CHECK_VALUES_MAX];
};

/* The keys of a session whose messages are signed or encrypted, for a
 * judge that verifies or decrypts (Wireshark's smb2_seskey_list). */
struct sample_key {
	uint64_t session_id;
	uint8_t session_key[16];
	uint8_t s2c[32];          /* server EncryptionKey (cipher_key_len bytes) */
	uint8_t c2s[32];          /* client EncryptionKey */
	uint8_t cipher_key_len;   /* 0 (signing only), 16 or 32 */
};

struct sample_info {
	uint16_t command;
	bool is_response;
	NTSTATUS status;          /* the header Status (responses; 0 in requests) */
	uint64_t message_id;
	uint64_t session_id;
	uint32_t tree_id;         /* sync header */
	bool is_async;
	uint64_t async_id;        /* async header */
	/* NEGOTIATE: the request's Dialects, or the response's DialectRevision
	 * (count 1).  0 for other commands. */
	uint16_t dialect_count;
	uint16_t dialects[SMB2_MAX_DIALECTS];
	/* CREATE: the create context names, in wire order. */
	uint16_t create_ctx_count;
	char create_ctx_names[SMB2_MAX_CREATE_CONTEXTS][SAMPLE_CTX_NAME_MAX];
	/* The FileId the body carries, when it carries one. */
	bool has_file_id;
	struct smb2_fileid file_id;
	enum sample_proto proto;
	/* SMB2 messages in the frame (a compound chain has several; the fields
	 * above describe the first). */
	uint16_t msg_count;
	uint16_t check_count;
	bool check_overflow;      /* a check did not fit: the build fails */
	struct sample_check checks[SAMPLE_MAX_CHECKS];
	bool has_key;
	struct sample_key key;
	/* The frame follows the specification but tshark's dissector reads
	 * part of it differently and raises an exception (tshark_diverges
	 * says where and why): the judge still checks every field but does
	 * not count tshark's malformed mark for this frame. */
	const char *tshark_diverges;
};

/* Number of samples. */
size_t samples_count(void);

/* "CLOSE request", "CREATE response DH2Q+RqLs", ... or NULL past the end. */
const char *samples_name(size_t i);

/*
 * Append sample i to w (which may hold other messages: the sample's header
 * starts at w->len and sets w->msg) and fill *info.  Returns the encoder's
 * status; STATUS_INVALID_PARAMETER for i out of range.  *info is written
 * only on success.
 */
NTSTATUS samples_build(size_t i, struct wr *w, struct sample_info *info);

#endif
