/*
 * What the replay compares of a response, and how (pcap-replay/README-run.md,
 * "What is compared").
 *
 * A response is boiled down to a summary: its Status and, per command,
 * the fields that should not vary between two runs of the same client
 * against servers in the same state (replay_fields.c).  Values that
 * legitimately vary (times, file ids, GUIDs, allocation sizes, volume
 * serial numbers, free space, maximal access, credits, session and tree
 * ids) are never extracted, so they can never diverge.  The captured
 * response is summarised when the capture is read, the replayed one when
 * it arrives; rr_compare() then names every field whose values differ.
 *
 * Ignore rules (--ignore) drop divergences a run has declared expected:
 *   COMMAND[:SUBJECT][.FIELD]   e.g. QUERY_INFO:FileAlternateNameInformation,
 *                               CREATE.FileAttributes, IOCTL:FSCTL_SRV_ENUMERATE_SNAPSHOTS.Status
 * COMMAND is a command name (CREATE, QUERY_INFO, ...) or "*"; SUBJECT the
 * information class or FSCTL name the summary carries (absent: any);
 * FIELD a field name (absent: every field, Status included).
 */
#ifndef SMBSIM_REPLAY_COMPARE_H
#define SMBSIM_REPLAY_COMPARE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "wire/msg.h"

/* Longest text of one compared value in a report (longer ones are cut
 * and end in "..."). */
#define RR_VALUE_TEXT 512
/* Bytes of names gathered from one QUERY_DIRECTORY or CHANGE_NOTIFY
 * response, or of one stream or EA list; past it the list ends in
 * "\n..." (and still compares). */
#define RR_LIST_MAX (256u * 1024)
/* Fields one summary holds at most (FileAllInformation needs 12). */
#define RR_MAX_FIELDS 16
/* Ignore rules on one command line. */
#define RR_MAX_IGNORE 64
#define RR_IGNORE_PART 64

enum rr_ftype {
	RR_F_DEC = 0,       /* a number */
	RR_F_HEX,           /* flags and attributes */
	RR_F_STATUS,        /* an NTSTATUS */
	RR_F_ACTION,        /* CREATE's CreateAction */
	RR_F_OPLOCK,        /* an oplock level */
	RR_F_TEXT,          /* a name (UTF-8) */
	RR_F_LIST,          /* '\n'-separated entries: directory names (sorted), notify changes */
	RR_F_HASH,          /* "sha256:..." of data */
};

struct rr_field {
	const char *name;   /* static: "CreateAction", "EndOfFile", ... */
	enum rr_ftype type;
	uint64_t u;
	char *text;         /* RR_F_TEXT, RR_F_LIST, RR_F_HASH: malloc'ed */
};

/* What the request says about reading its response: responses to
 * QUERY_INFO, QUERY_DIRECTORY and IOCTL do not name their class. */
struct rr_rsp_ctx {
	uint16_t command;
	uint8_t info_type, info_class;   /* QUERY_INFO */
	uint8_t dir_class;               /* QUERY_DIRECTORY */
	uint32_t ctl_code;               /* IOCTL */
};

struct rr_summary {
	uint16_t command;
	NTSTATUS status;
	const char *subject;   /* static: information class or FSCTL name, "" */
	/* Why the body was not (fully) summarised, e.g. an information
	 * buffer that does not decode as its class; static text or NULL.
	 * Compared like a field ("Body"). */
	const char *note;
	unsigned n;
	struct rr_field *f;    /* n fields, malloc'ed */
};

struct rr_ignore {
	char command[RR_IGNORE_PART];
	char subject[RR_IGNORE_PART];   /* "" : any */
	char field[RR_IGNORE_PART];     /* "" : any */
};

/* replay_fields.c */

/* The subject of a request's response ("FileStandardInformation",
 * "FSCTL_VALIDATE_NEGOTIATE_INFO", ...; "" for other commands). */
const char *rr_subject(const struct rr_rsp_ctx *ctx);
/* Summarise a response (final, not interim) to a request described by
 * ctx.  STATUS_SUCCESS with *out (free with rr_summary_free), or
 * STATUS_NO_MEMORY / STATUS_INVALID_PARAMETER (the message is not a
 * response to ctx->command) with *out untouched. */
NTSTATUS rr_summarize(const struct smb2_msg *m, const struct rr_rsp_ctx *ctx,
                      struct rr_summary *out);
void rr_summary_free(struct rr_summary *s);

/* replay_compare.c */

/* One difference: field name, both values as text (cut to
 * RR_VALUE_TEXT), and for lists what is missing and extra. */
struct rr_diff {
	const char *field;
	char captured[RR_VALUE_TEXT];
	char replayed[RR_VALUE_TEXT];
	char detail[RR_VALUE_TEXT];
};
typedef void (*rr_diff_fn)(void *arg, const struct rr_diff *d);

/* Call fn for every difference between the captured and the replayed
 * summary: Status first; when the statuses agree, every field either has
 * (a field one side lacks shows as "(absent)"), and the Body note.
 * Returns the number of differences. */
unsigned rr_compare(const struct rr_summary *cap, const struct rr_summary *rep, rr_diff_fn fn,
                    void *arg);

/* A field's value as text ("STATUS_SUCCESS", "FILE_CREATED (2)",
 * "0x00000020", names joined with ", "). */
void rr_field_format(const struct rr_field *f, char *buf, size_t len);

/* Parse one --ignore rule; 0, or -1 with a message in err. */
int rr_ignore_parse(const char *text, struct rr_ignore *out, char *err, size_t errlen);
/* Does any rule drop this divergence? */
bool rr_ignore_match(const struct rr_ignore *rules, unsigned n, uint16_t command,
                     const char *subject, const char *field);

#endif
