/*
 * The printers of `smbsim-replay dump`: one text line per event
 * (dump_text.c) or one JSON document per event, one per line
 * (dump_json.c for the envelope and header, dump_json_body.c for the
 * bodies of every command).  pcap-replay/README.md describes both.
 */
#ifndef SMBSIM_REPLAY_DUMP_H
#define SMBSIM_REPLAY_DUMP_H

#include <stdio.h>

#include <jansson.h>

#include "pcap-replay/capture.h"

/* Bytes of a blob shown as hex in JSON; longer ones are cut (the length
 * is always given). */
#define RP_JSON_HEX_MAX 256
/* Longest file name shown in a text line (UTF-8 bytes). */
#define RP_TEXT_NAME_MAX 512

void rp_text_message(FILE *out, const struct rp_message *m);
void rp_text_damage(FILE *out, const struct rp_damage *d);
void rp_text_summary(FILE *out, const char *file, const struct rp_stats *st);

/* 0, or -1 when the JSON could not be built or written. */
int rp_json_message(FILE *out, const struct rp_message *m);
int rp_json_damage(FILE *out, const struct rp_damage *d);
int rp_json_summary(FILE *out, const char *file, const struct rp_stats *st);

/* ---- JSON helpers shared by dump_json.c and dump_json_body.c ---------- */

/* An unsigned value: a number up to INT64_MAX, a decimal string above. */
json_t *rp_j_u64(uint64_t v);
/* {"len": N, "hex": "..."} (hex cut at RP_JSON_HEX_MAX bytes, then
 * "truncated": true). */
json_t *rp_j_blob(const uint8_t *p, size_t len);
/* A UTF-16LE string as UTF-8, or its blob form when it is not valid. */
json_t *rp_j_utf16(const struct smb2_blob *b);
/* Lowercase hex of n bytes (for GUIDs, keys, signatures). */
json_t *rp_j_hex(const uint8_t *p, size_t n);
/* {"persistent": ..., "volatile": ...} */
json_t *rp_j_fid(const struct smb2_fileid *id);
/* Set a key, taking the reference (NULL values are skipped). */
void rp_j_set(json_t *o, const char *key, json_t *v);

/* The decoded body of a message (m->kind picks the layout). */
json_t *rp_json_body(const struct smb2_msg *m);

#endif
