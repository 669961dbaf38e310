/*
 * smbsim-replay's private structures: the capture, its streams, their two
 * reassembled directions and the SMB state each connection carries.  The
 * public contract is capture.h; this header is shared by the files that
 * implement it:
 *
 *   capture.c     open/close, the event loop, the damage queue, stats
 *   source.c      the capture file's bytes, counted (record offsets)
 *   link.c        link layers, VLAN tags, IPv4/IPv6, the TCP header
 *   streams.c     the stream table (hash, LRU, limits), stream ends
 *   tcp_reasm.c   sequence numbers, out-of-order segments, gaps
 *   smb_stream.c  a direction's byte buffer: NetBIOS framing, resync
 *   smb_frame.c   one frame to its messages (compound, transform, SMB1)
 *   sessions.c    NEGOTIATE, preauth, signing keys, decryption keys
 *   keys.c        the keys file
 */
#ifndef SMBSIM_REPLAY_RP_INT_H
#define SMBSIM_REPLAY_RP_INT_H

#include <pcap/pcap.h>

#include "crypto/encrypt.h"
#include "crypto/kdf.h"
#include "crypto/preauth.h"
#include "crypto/sign.h"
#include "pcap-replay/capture.h"
#include "wire/compound.h"
#include "wire/limits.h"

/* Largest NetBIOS payload framed: the 24-bit length's maximum, so every
 * legal frame decodes (MS-SMB2 2.1). */
#define RP_MAX_FRAME SMB2_NBSS_MAX_LEN
/* A direction's buffer is given back when it empties and has grown past
 * this, so idle streams stay small. */
#define RP_BUF_KEEP (256u * 1024)
/* Sessions (channels) tracked per connection for signing and preauth. */
#define RP_MAX_CHANNELS 16
/* Directions waiting to be framed at once (two are ever needed). */
#define RP_WORK_MAX 4
/* Bytes of a possible header kept while searching for one (NBSS 4 +
 * enough of the SMB2 or transform header to judge it). */
#define RP_SYNC_PROBE 48

/* ---- source.c ---------------------------------------------------------- */

struct rp_source;
/* A stream over `under` that counts what is read from it (for libpcap);
 * closing it closes `under`.  NULL on failure (under is closed then). */
FILE *rp_source_open(FILE *under, struct rp_source **src);
/* Bytes read so far: the file offset of what is read next. */
uint64_t rp_source_offset(const struct rp_source *src);

/* ---- link.c ----------------------------------------------------------- */

#define RP_TCP_FIN 0x01
#define RP_TCP_SYN 0x02
#define RP_TCP_RST 0x04
#define RP_TCP_ACK 0x10

struct rp_pkt {
	uint8_t family;              /* 4 or 6 */
	uint8_t src[16], dst[16];    /* IPv4 in the first 4 bytes */
	uint16_t sport, dport;
	uint32_t seq;
	uint32_t ack;                /* meaningful with RP_TCP_ACK */
	uint8_t flags;               /* RP_TCP_* */
	const uint8_t *payload;      /* the captured part of the TCP payload */
	uint32_t len;
	uint32_t missing;            /* payload bytes the snapshot length cut off */
};

enum rp_pkt_verdict {
	RP_PKT_BAD = -1,             /* damage: `what` says why */
	RP_PKT_SKIP = 0,             /* not TCP to or from an SMB port */
	RP_PKT_TCP = 1,
};

bool rp_link_supported(int dlt);
const char *rp_link_name(int dlt);
/* Parse one record down to TCP.  `is_port` says whether a port is one of
 * ours.  Only what is needed to say that a packet is not ours is parsed
 * before answering SKIP. */
enum rp_pkt_verdict rp_link_parse(int dlt, const uint8_t *p, uint32_t caplen,
                                  bool (*is_port)(const void *ctx, uint16_t port),
                                  const void *ctx, struct rp_pkt *out, char *what,
                                  size_t wlen);

/* ---- per direction ------------------------------------------------------- */

struct rp_seg {
	struct rp_seg *next;
	uint32_t seq;
	uint32_t len;
	uint64_t frame, ts;          /* the packet that carried it */
	uint8_t data[];
};

struct rp_half {
	/* Reassembly (tcp_reasm.c). */
	bool have_seq;               /* next_seq is known */
	uint32_t next_seq;           /* next byte expected */
	uint64_t off;                /* offset of next_seq in this direction */
	bool fin;                    /* a FIN was seen ... */
	uint32_t fin_seq;            /* ... ending the data here */
	bool done;                   /* all data up to the FIN is in */
	struct rp_seg *ooo;          /* out of order, sorted by sequence */
	size_t ooo_bytes;
	unsigned ooo_segs;

	/* Bytes in order, not yet framed (smb_stream.c): buf[start..len)
	 * begins at offset buf_off. */
	uint8_t *buf;
	size_t start, len, cap;
	uint64_t buf_off;
	bool synced;                 /* at a frame boundary, else searching */
	bool skipping;               /* bytes are being skipped (searching) */
	uint64_t skip_from;          /* where the skipping began */
	uint64_t skipped;            /* bytes skipped since then */
	bool mid_join;               /* the capture began inside the stream */
	uint64_t last_frame;         /* pcap frame of the newest bytes */
	uint64_t last_ts;
};

/* ---- per connection SMB state (sessions.c) ------------------------------ */

struct rp_chan {
	bool used;
	uint64_t sid;                /* 0 while the first SESSION_SETUP is pending */
	uint64_t pending_mid;        /* that request's MessageId */
	bool in_setup;               /* preauth still absorbing */
	bool binding;                /* a channel bound to an existing session */
	struct smb2_preauth preauth;
	struct smb2_signer *signer;  /* NULL until derivable */
	bool no_keys;                /* tried, and no keys can be had */
	uint64_t lru;                /* for reuse when full */
};

struct rp_conn {
	bool have_dialect;
	uint16_t dialect;
	uint16_t cipher;             /* 0: none or unknown */
	uint16_t sign_alg;
	struct smb2_preauth preauth; /* NEGOTIATE request and (3.1.1) response */
	struct rp_chan chan[RP_MAX_CHANNELS];
	uint64_t lru_clock;
};

/* Decryption state of one keyring entry (index shared with the keyring). */
struct rp_skey {
	struct smb2_cipher *c2s, *s2c;
	uint16_t cipher;
	bool derived;                /* cipher keys came from the session key */
};

/* ---- streams ------------------------------------------------------------ */

struct rp_stream {
	struct rp_stream_info info;
	uint8_t family;
	uint8_t caddr[16], saddr[16];
	uint16_t cport, sport;
	struct rp_half h[2];         /* by enum rp_dir */
	bool rst;                    /* a reset was seen */
	uint64_t last_active;        /* pcap frame of its latest packet */
	bool closing;                /* on the capture's closing list */
	unsigned fin_stage;          /* streams.c: progress of the final flush */
	struct rp_conn conn;
	struct rp_stream *hnext;     /* hash chain */
	struct rp_stream *lru_prev, *lru_next;
	struct rp_stream *close_next;
};

/* The frame being split into messages (smb_frame.c). */
struct rp_cur {
	bool active;
	struct rp_stream *s;
	enum rp_dir dir;
	uint8_t kind;                /* smb_frame.c's frame kinds */
	const uint8_t *frame;        /* the NBSS payload as received */
	size_t frame_len;
	const uint8_t *smb;          /* what is split: frame, or the plaintext */
	size_t smb_len;
	uint64_t frame_off;
	uint64_t pframe, ts;
	bool encrypted, decrypted;
	NTSTATUS crypt_status;
	struct smb2_transform_hdr th;
	NTSTATUS th_status;
	const char *th_field;
	size_t th_off;
	struct smb2_compound_iter it;
	unsigned count;
	bool single_done;
};

struct rp_capture {
	pcap_t *p;
	struct rp_source *src;       /* owned by p's FILE: valid until pcap_close */
	int dlt;
	char name[256];
	uint16_t ports[1 + RP_MAX_EXTRA_PORTS];
	unsigned nports;
	const struct rp_keyring *keys;
	struct rp_skey *skeys;       /* rp_keyring_count() entries */
	size_t ooo_max;

	uint64_t frame;              /* records read */
	bool eof;
	bool final_flush;            /* every stream moved to closing */
	bool dropped_told;           /* the lost-reports summary was queued */

	struct rp_stream **htab;
	size_t hsize;
	size_t nstreams;
	struct rp_stream *lru_head, *lru_tail;   /* most recently active first */
	struct rp_stream *closing;   /* streams to finish, oldest first */
	struct rp_stream *closing_tail;
	uint32_t next_index;

	/* Directions that may hold complete frames: a packet touches its
	 * own and, through its ACK, the other one (RP_WORK_MAX leaves room). */
	struct rp_work {
		struct rp_stream *s;
		enum rp_dir dir;
	} work[RP_WORK_MAX];
	unsigned nwork;
	struct rp_cur cur;
	uint8_t *plain;              /* decrypted frame */
	size_t plain_cap;

	struct rp_message msg;
	struct rp_damage dq[RP_DAMAGE_QUEUE];
	unsigned dq_head, dq_n;
	struct rp_damage dout;
	struct rp_stats st;
};

/* ---- keys.c ------------------------------------------------------------ */

/* The position of a session's key (the index of its struct rp_skey), or
 * -1. */
long rp_keyring_index(const struct rp_keyring *k, uint64_t session_id);
const struct rp_key *rp_keyring_at(const struct rp_keyring *k, size_t i);

/* ---- capture.c ---------------------------------------------------------- */

/* Queue a damage report (printf-style `what`).  s may be NULL. */
void rp_damage_add(struct rp_capture *cap, enum rp_damage_kind kind, uint64_t frame,
                   const struct rp_stream *s, enum rp_dir dir, uint64_t offset,
                   const char *fmt, ...) __attribute__((format(printf, 7, 8)));

/* A direction that may now hold complete frames (cap->work). */
void rp_work_add(struct rp_capture *cap, struct rp_stream *s, enum rp_dir dir);

/* ---- streams.c ---------------------------------------------------------- */

int rp_streams_init(struct rp_capture *cap);
void rp_streams_free(struct rp_capture *cap);
/* The stream a packet belongs to (and its direction), made when the
 * packet may open one (SYN or payload); NULL to ignore the packet. */
struct rp_stream *rp_stream_for(struct rp_capture *cap, const struct rp_pkt *pk,
                                enum rp_dir *dir);
/* Finish the least recently active stream if it was reset more than
 * RP_RST_LINGER packets ago (one check per packet). */
void rp_streams_reap(struct rp_capture *cap);
/* Put a stream on the closing list (idempotent). */
void rp_stream_close_later(struct rp_capture *cap, struct rp_stream *s);
/* Finish the first stream on the closing list: flush what it holds (may
 * queue work) and free it once nothing is left.  False when the list
 * is empty. */
bool rp_streams_finish_one(struct rp_capture *cap);
/* End of capture: every stream goes to the closing list. */
void rp_streams_close_all(struct rp_capture *cap);

/* ---- tcp_reasm.c -------------------------------------------------------- */

/* One TCP segment of direction dir; appends what is in order (then
 * rp_work_add()); an ACK past a hole of the other direction declares
 * the hole a gap at once. */
void rp_reasm_segment(struct rp_capture *cap, struct rp_stream *s, enum rp_dir dir,
                      const struct rp_pkt *pk, uint64_t ts);
/* Declare the hole before the first out-of-order segment a gap and take
 * what follows it; false when nothing is waiting. */
bool rp_reasm_skip_hole(struct rp_capture *cap, struct rp_stream *s, enum rp_dir dir,
                        const char *why);
void rp_reasm_free(struct rp_half *h);

/* ---- smb_stream.c ------------------------------------------------------- */

/* Append in-order bytes. */
bool rp_half_append(struct rp_capture *cap, struct rp_stream *s, enum rp_dir dir,
                    const uint8_t *p, size_t len);
/* n bytes are missing before the next ones: drop any partial frame and
 * search for a header in what follows. */
void rp_half_gap(struct rp_capture *cap, struct rp_stream *s, enum rp_dir dir, uint64_t n);

struct rp_frame {
	uint8_t type;                /* NBSS packet type */
	const uint8_t *payload;
	uint32_t len;
	uint64_t off;                /* offset of the NBSS header */
};

/* The next complete session message of a direction, consumed from its
 * buffer (valid until the buffer is appended to); false when more bytes
 * are needed.  Broken headers are reported and skipped. */
bool rp_half_next_frame(struct rp_capture *cap, struct rp_stream *s, enum rp_dir dir,
                        struct rp_frame *out);
/* The stream is over: report a partial frame or unmatched skipped
 * bytes. */
void rp_half_finish(struct rp_capture *cap, struct rp_stream *s, enum rp_dir dir);
void rp_half_free(struct rp_half *h);

/* ---- smb_frame.c -------------------------------------------------------- */

/* Start splitting a frame. */
void rp_frame_begin(struct rp_capture *cap, struct rp_stream *s, enum rp_dir dir,
                    const struct rp_frame *f);
/* The frame's next message into cap->msg; false when the frame is done. */
bool rp_frame_next(struct rp_capture *cap);

/* ---- sessions.c --------------------------------------------------------- */

void rp_conn_init(struct rp_conn *c);
void rp_conn_free(struct rp_conn *c);
int rp_skeys_init(struct rp_capture *cap);
void rp_skeys_free(struct rp_capture *cap);
/* Decrypt a transform frame of stream s into cap->plain: STATUS_SUCCESS
 * (plaintext in *out, *out_len), STATUS_NOT_FOUND (no key),
 * STATUS_HASH_NOT_PRESENT (a session key whose 3.1.1 setup is not in the
 * capture), or the failure. */
NTSTATUS rp_decrypt(struct rp_capture *cap, struct rp_stream *s, enum rp_dir dir,
                    const uint8_t *frame, size_t len, const struct smb2_transform_hdr *th,
                    const uint8_t **out, size_t *out_len);
/* A decoded SMB2 message, in order: set m->sig and follow NEGOTIATE and
 * SESSION_SETUP. */
void rp_track_message(struct rp_capture *cap, struct rp_stream *s, struct rp_message *m);

#endif
