/*
 * Reading SMB2/3 conversations out of packet captures: the API that
 * `smbsim-replay dump` prints and `smbsim-replay run` re-drives.
 *
 *   struct rp_keyring *keys = NULL;
 *   struct rp_capture *cap;
 *   struct rp_event ev;
 *   rp_keyring_load("keys.txt", &keys, err, sizeof(err));   (optional)
 *   struct rp_options o = { .ports = extra, .port_count = n, .keys = keys };
 *   if (rp_capture_open("x.pcapng", &o, &cap, err, sizeof(err)))  -> unreadable
 *   while (rp_capture_next(cap, &ev) == RP_NEXT_EVENT) {
 *           ev.kind == RP_EV_MESSAGE: ev.msg, one SMB2 message
 *           ev.kind == RP_EV_DAMAGE:  ev.damage, something that is not one
 *   }
 *   rp_capture_close(cap); rp_keyring_free(keys);
 *
 * What is read: classic pcap and pcapng through libpcap; link types
 * Ethernet, Linux cooked v1 (SLL) and v2 (SLL2), raw IP (DLT_RAW,
 * LINKTYPE_IPV4, LINKTYPE_IPV6), BSD loopback (DLT_NULL, DLT_LOOP); any
 * number of stacked 802.1Q/802.1ad VLAN tags (up to RP_MAX_VLAN_TAGS);
 * IPv4 and IPv6 (extension headers skipped; IP fragments are reported, not
 * reassembled); TCP on port 445 and on the extra ports given.
 *
 * Streams.  One TCP connection is one stream, numbered from 0 in the order
 * it first appears.  The client is the side that sent the SYN to the SMB
 * port; without a SYN in the capture, the side whose destination is an SMB
 * port.  Each direction is reassembled on its own: retransmissions and
 * overlaps keep the first copy, out-of-order segments wait in a buffer of
 * at most rp_options.ooo_max bytes (RP_OOO_MAX by default); when it is
 * full, when the peer acknowledges bytes of the hole (the capture missed
 * them) or when the stream ends with a hole, the hole is reported as a
 * gap and reading resumes at the next plausible NetBIOS+SMB2 header.  A
 * stream is freed once both sides have sent FIN and its data is decoded,
 * RP_RST_LINGER packets after a reset if nothing came since, when a SYN
 * reuses its addresses, or at the end of the capture; at most
 * RP_MAX_STREAMS are tracked at once (the least recently active one is
 * dropped, and that is reported).
 * Memory is therefore bounded whatever the capture's size.
 *
 * Messages.  Every NetBIOS session message is split into its SMB2
 * messages (compound chains: one event per message, with its index in the
 * chain), decrypted when a key for its session is known (rp_keyring), and
 * each message decoded with smb2_msg_decode().  SMB1 multi-protocol
 * NEGOTIATE requests, other SMB1 messages, encrypted frames that could not
 * be decrypted and compressed frames are events too, each with its type.
 * Signed messages are verified when the session's keys are known.
 *
 * Damage is reported two ways, and neither stops the reading:
 *   - RP_EV_DAMAGE events for whatever is not a message: libpcap errors
 *     (a truncated file), undecodable link/IP/TCP headers, gaps,
 *     resynchronisation, broken NetBIOS headers, broken compound chains,
 *     streams that end inside a frame, limits that made us drop data;
 *   - messages that carry their own problem: a decode error (field and
 *     offset from struct rd), a transform that a known key did not
 *     decrypt, a bad signature.  rp_message_damage() describes those in
 *     the same form as a damage event.
 * rp_capture_stats() counts both.
 *
 * Lifetime: everything an event points to (the message, its raw bytes,
 * its decoded struct smb2_msg with blobs into those bytes, the damage
 * text) stays valid until the next rp_capture_next() or rp_capture_close()
 * on the same capture.  A capture is used by one thread at a time.
 */
#ifndef SMBSIM_REPLAY_CAPTURE_H
#define SMBSIM_REPLAY_CAPTURE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "wire/msg.h"
#include "wire/smb1_negotiate.h"
#include "wire/transform.h"

/* ---- limits ------------------------------------------------------------- */

/* The SMB port every capture is searched on (MS-SMB2 2.1, Direct TCP). */
#define RP_SMB_PORT 445
/* Ports given besides 445 (--port). */
#define RP_MAX_EXTRA_PORTS 16
/* TCP connections tracked at once; one more drops the least recently
 * active (reported as RP_DMG_LIMIT). */
#define RP_MAX_STREAMS 4096
/* Packets of the capture during which a reset stream may still take data
 * before it is finished (socket_wrapper writes a reset into its captures
 * on a partial send and the data goes on; real stacks show late segments
 * too). */
#define RP_RST_LINGER 10000
/* Out-of-order bytes buffered per stream direction by default; past it the
 * hole is declared a gap. */
#define RP_OOO_MAX (4u * 1024 * 1024)
/* Out-of-order segments kept per direction (each also counts its bytes). */
#define RP_OOO_MAX_SEGS 1024
/* Stacked VLAN tags accepted in one frame. */
#define RP_MAX_VLAN_TAGS 8
/* IPv6 extension headers skipped before giving up. */
#define RP_MAX_IPV6_EXT 8
/* Damage events waiting to be returned; more in one step are counted in
 * rp_stats.damage_dropped and summarised by one last event. */
#define RP_DAMAGE_QUEUE 64
/* "[" INET6_ADDRSTRLEN "]:65535": an IPv6 endpoint as text, with its NUL. */
#define RP_ADDR_TEXT 56
/* Text of one damage report. */
#define RP_WHAT_TEXT 256

/* ---- keys --------------------------------------------------------------- */

/*
 * Session keys, one line per session (format in pcap-replay/README.md):
 *   SESSIONID SESSIONKEY [S2C_KEY C2S_KEY]
 * SESSIONID as tshark shows smb2.sesid (0x prefix) or as the 8 wire bytes
 * in hex (Wireshark's smb2_seskey_list UAT); SESSIONKEY the session key
 * (or "-" when only the cipher keys are known); the derived cipher keys
 * optional.  Wireshark's UAT lines (id,key,s2c,c2s, quotes allowed) are
 * read too.  '#' starts a comment.
 */
#define RP_MAX_KEYS 4096
#define RP_MAX_KEY_BYTES 64

struct rp_key {
	uint64_t session_id;
	uint8_t session_key[RP_MAX_KEY_BYTES];
	uint8_t session_key_len;          /* 0: not given */
	uint8_t s2c[RP_MAX_KEY_BYTES];    /* server-to-client cipher key */
	uint8_t c2s[RP_MAX_KEY_BYTES];    /* client-to-server cipher key */
	uint8_t cipher_key_len;           /* 0: not given, else 16 or 32 */
};

struct rp_keyring;

/* Read a keys file.  0 on success; -1 with a message naming the file and
 * line in err (nothing allocated) otherwise. */
int rp_keyring_load(const char *path, struct rp_keyring **out, char *err, size_t errlen);
/* The same from text in memory (tests, fuzzing); `name` is used in
 * messages. */
int rp_keyring_parse(const char *text, size_t len, const char *name,
                     struct rp_keyring **out, char *err, size_t errlen);
/* The key of a session, or NULL. */
const struct rp_key *rp_keyring_find(const struct rp_keyring *k, uint64_t session_id);
size_t rp_keyring_count(const struct rp_keyring *k);
/* Wipes the keys; NULL is fine. */
void rp_keyring_free(struct rp_keyring *k);

/* ---- opening ------------------------------------------------------------ */

struct rp_options {
	const uint16_t *ports;        /* searched besides 445 */
	unsigned port_count;          /* at most RP_MAX_EXTRA_PORTS */
	const struct rp_keyring *keys; /* borrowed: must outlive the capture */
	size_t ooo_max;               /* 0: RP_OOO_MAX */
};

struct rp_capture;

/*
 * Open a capture file (pcap or pcapng; "-" is stdin).  0 on success; -1
 * when the file cannot be read as a capture at all (missing, empty, not a
 * capture, an unsupported link type, bad options), with a message in err
 * that names the file, frame 0 and the offset libpcap stopped at.
 */
int rp_capture_open(const char *path, const struct rp_options *o, struct rp_capture **out,
                    char *err, size_t errlen);
/* The same over an open stream (fmemopen() for tests and fuzzing); the
 * capture owns f from then on, and closes it even when this fails. */
int rp_capture_open_stream(FILE *f, const char *name, const struct rp_options *o,
                           struct rp_capture **out, char *err, size_t errlen);
void rp_capture_close(struct rp_capture *cap);

/* ---- events --------------------------------------------------------------- */

enum rp_dir {
	RP_DIR_C2S = 0,               /* from the client (C>S) */
	RP_DIR_S2C = 1,               /* from the server (S>C) */
};

struct rp_stream_info {
	uint32_t index;               /* 0-based, order of first appearance */
	char client[RP_ADDR_TEXT];    /* "10.0.0.1:49152", "[fe80::1]:50000" */
	char server[RP_ADDR_TEXT];
	bool saw_syn;                 /* the client was told by the SYN */
	uint64_t first_frame;         /* pcap frame that opened it */
};

enum rp_msg_type {
	RP_MSG_SMB2 = 0,              /* an SMB2 message (m, decode_status) */
	RP_MSG_SMB1_NEGOTIATE,        /* SMB1 multi-protocol NEGOTIATE request (smb1) */
	RP_MSG_SMB1,                  /* another SMB1 message, not decoded (smb1_command) */
	RP_MSG_ENCRYPTED,             /* a transform frame left encrypted (transform) */
	RP_MSG_COMPRESSED,            /* a compression transform, not decompressed */
};

enum rp_sig {
	RP_SIG_NONE = 0,              /* not signed (or inside an encrypted frame) */
	RP_SIG_UNKNOWN,               /* signed; no key, or keys not derivable */
	RP_SIG_OK,
	RP_SIG_BAD,
};

struct rp_message {
	enum rp_msg_type type;
	uint64_t frame;               /* pcap frame (1-based) that completed its NBSS frame */
	uint64_t ts_usec;             /* that packet's time, microseconds since 1970 */
	struct rp_stream_info stream;
	enum rp_dir dir;
	uint64_t frame_off;           /* the NBSS header's offset in this direction's bytes */
	uint32_t frame_len;           /* NBSS payload length */
	uint32_t msg_off;             /* this message's offset in the SMB2 frame (decrypted) */

	/* The message as it was sent: one member of a compound (with its
	 * padding up to NextCommand), the plaintext when decrypted; for
	 * RP_MSG_ENCRYPTED and RP_MSG_COMPRESSED the whole frame. */
	const uint8_t *raw;
	size_t raw_len;

	/* Compound: index in the chain (0 first), messages in the chain (1
	 * when not compounded), SMB2_FLAGS_RELATED_OPERATIONS. */
	unsigned chain_index;
	unsigned chain_count;
	bool related;

	/* Encryption: the frame was a transform; it was decrypted; if not,
	 * why (STATUS_NOT_FOUND: no key for the session; other values: the
	 * key did not authenticate or the header was bad, which is damage). */
	bool encrypted;
	bool decrypted;
	NTSTATUS crypt_status;
	struct smb2_transform_hdr transform;   /* when encrypted */

	/* RP_MSG_SMB2: the header decoded (have_hdr), the whole message
	 * decoded (decode_status STATUS_SUCCESS, m valid) or why not:
	 * the field and the offset (from the message start) struct rd
	 * recorded. */
	bool have_hdr;
	NTSTATUS decode_status;
	const char *err_field;
	size_t err_off;
	struct smb2_msg m;            /* m.hdr valid when have_hdr */

	/* RP_MSG_SMB1_NEGOTIATE / RP_MSG_SMB1 */
	uint8_t smb1_command;
	struct smb1_negotiate_req smb1;

	enum rp_sig sig;
};

enum rp_damage_kind {
	RP_DMG_CAPTURE = 1,           /* libpcap: truncated or corrupt file (offset: file) */
	RP_DMG_PACKET,                /* link, IP or TCP header unusable; IP fragment */
	RP_DMG_GAP,                   /* bytes missing from a stream */
	RP_DMG_RESYNC,                /* bytes skipped to find the next header */
	RP_DMG_FRAMING,               /* a broken NetBIOS header or non-SMB payload */
	RP_DMG_CHAIN,                 /* a broken compound chain */
	RP_DMG_CUT,                   /* a stream ends inside a frame */
	RP_DMG_LIMIT,                 /* data dropped at a named limit */
	/* Only from rp_message_damage(): */
	RP_DMG_DECODE,                /* a message that does not decode */
	RP_DMG_DECRYPT,               /* a known key that does not decrypt */
	RP_DMG_SIGNATURE,             /* a bad signature */
};

struct rp_damage {
	enum rp_damage_kind kind;
	uint64_t frame;               /* pcap frame (1-based); 0 when none applies */
	bool has_stream;
	struct rp_stream_info stream; /* when has_stream */
	enum rp_dir dir;              /* when has_stream */
	/* RP_DMG_CAPTURE: byte offset in the file; with a stream: offset in
	 * that direction's bytes; else 0. */
	uint64_t offset;
	const char *field;            /* the wire field, when one is known */
	size_t field_off;             /* its offset from the message start */
	char what[RP_WHAT_TEXT];      /* one line, no newline */
};

enum rp_event_kind {
	RP_EV_MESSAGE = 1,
	RP_EV_DAMAGE = 2,
};

struct rp_event {
	enum rp_event_kind kind;
	const struct rp_message *msg;     /* RP_EV_MESSAGE */
	const struct rp_damage *damage;   /* RP_EV_DAMAGE */
};

enum rp_next_result {
	RP_NEXT_END = 0,              /* the capture is exhausted */
	RP_NEXT_EVENT = 1,            /* *ev is set */
};

/* The next event in capture order (messages of a packet come after the
 * damage found in that packet). */
enum rp_next_result rp_capture_next(struct rp_capture *cap, struct rp_event *ev);

/* True when the message carries a problem; *out (may be NULL) then
 * describes it as a damage report would. */
bool rp_message_damage(const struct rp_message *m, struct rp_damage *out);

struct rp_stats {
	uint64_t frames;              /* pcap records read */
	uint64_t bytes;               /* captured bytes read */
	uint64_t streams;             /* streams seen */
	uint64_t messages;            /* message events */
	uint64_t damage;              /* damage events + damaged messages */
	uint64_t damage_dropped;      /* damage events lost to RP_DAMAGE_QUEUE */
	uint64_t encrypted;           /* transform frames */
	uint64_t decrypted;           /* of which decrypted */
	uint64_t sig_ok, sig_bad, sig_unknown;
	uint64_t ooo_peak;            /* most out-of-order bytes held at once (one direction) */
};

void rp_capture_stats(const struct rp_capture *cap, struct rp_stats *out);
/* libpcap's link type (DLT_*) of the capture. */
int rp_capture_linktype(const struct rp_capture *cap);

/* Names for printing: "C>S"/"S>C", "gap", "ok"/"bad"/"?", ... */
const char *rp_dir_arrow(enum rp_dir d);
const char *rp_damage_kind_name(enum rp_damage_kind k);
const char *rp_sig_name(enum rp_sig s);

#endif
