/*
 * The divergence report of `smbsim-replay run`: divergences (which
 * captured message, which field, both values), notes (skipped messages
 * and why, damage in the capture), and the summary.  Text for stdout,
 * JSON (jansson) for --report FILE; the format is in README-run.md.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "pcap-replay/replay_int.h"

struct reason {
	const char *key;
	const char *text;
};

static const struct reason skip_reasons[RR_SKIP_COUNT] = {
	[RR_SKIP_NONE] = { "none", "not skipped" },
	[RR_SKIP_NEGOTIATE] = { "negotiate", "NEGOTIATE: the replay negotiates on its own" },
	[RR_SKIP_SETUP_ROUND] = { "session_setup",
	                          "SESSION_SETUP: the replay logs on with the -U credentials" },
	[RR_SKIP_SETUP_FAILED_CAP] = { "session_setup_failed",
	                               "SESSION_SETUP that failed in the capture" },
	[RR_SKIP_REAUTH] = { "reauthentication", "SESSION_SETUP reauthenticating a session" },
	[RR_SKIP_BINDING] = { "binding", "SESSION_SETUP binding a channel (multichannel)" },
	[RR_SKIP_SESSION_UNKNOWN] = { "session_unknown",
	                              "on a session the capture never set up" },
	[RR_SKIP_SESSION_FAILED] = { "session_failed",
	                             "on a session whose logon failed in the replay" },
	[RR_SKIP_TREE_UNKNOWN] = { "tree_unknown", "on a tree the capture never connected" },
	[RR_SKIP_TREE_FAILED] = { "tree_failed",
	                          "on a tree whose TREE_CONNECT failed or was skipped in the replay" },
	[RR_SKIP_FID_UNKNOWN] = { "fileid_unknown", "on a FileId no captured CREATE returned" },
	[RR_SKIP_FID_FAILED] = { "fileid_failed",
	                         "on a FileId whose CREATE failed or was skipped in the replay" },
	[RR_SKIP_LEASE_UNKNOWN] = { "lease_unknown",
	                            "on a lease key no replayed CREATE asked for" },
	[RR_SKIP_RESUME_KEY] = { "resume_key_unknown",
	                         "on a resume key no replayed SRV_REQUEST_RESUME_KEY returned" },
	[RR_SKIP_ENCRYPTED] = { "encrypted", "encrypted and no key decrypts it (--keys)" },
	[RR_SKIP_COMPRESSED] = { "compressed", "compressed (not supported)" },
	[RR_SKIP_SMB1] = { "smb1", "SMB1" },
	[RR_SKIP_UNDECODABLE] = { "undecodable", "the captured request does not decode" },
	[RR_SKIP_CANCEL_DONE] = { "cancel_done", "CANCEL of a request already answered" },
	[RR_SKIP_CANCEL_UNKNOWN] = { "cancel_unknown", "CANCEL of a request not replayed" },
	[RR_SKIP_BREAK_NOT_SENT] = { "break_not_sent",
	                             "break acknowledgement: the target sent no matching break" },
	[RR_SKIP_CHAIN] = { "compound", "in a compound with a member that cannot be sent" },
	[RR_SKIP_NO_CONNECTION] = { "no_connection",
	                            "its connection to the target failed or was lost" },
	[RR_SKIP_SEND_FAILED] = { "send_failed", "the client library could not send it" },
};

static const struct reason uncmp_reasons[RR_UNCMP_COUNT] = {
	[RR_UNCMP_NO_RSP] = { "no_captured_response",
	                      "replayed, not compared: the capture has no final response" },
	[RR_UNCMP_RSP_UNDECODABLE] = { "captured_response_undecodable",
	                               "replayed, not compared: the captured response does not "
	                               "decode" },
	[RR_UNCMP_CANCEL] = { "cancel", "CANCEL: no response to compare" },
};

const char *rr_skip_key(enum rr_skip s)
{
	return s < RR_SKIP_COUNT ? skip_reasons[s].key : "?";
}

const char *rr_skip_text(enum rr_skip s)
{
	return s < RR_SKIP_COUNT ? skip_reasons[s].text : "?";
}

const char *rr_uncmp_key(enum rr_uncmp u)
{
	return u < RR_UNCMP_COUNT ? uncmp_reasons[u].key : "?";
}

const char *rr_uncmp_text(enum rr_uncmp u)
{
	return u < RR_UNCMP_COUNT ? uncmp_reasons[u].text : "?";
}

void rr_report_init(struct rr_report *r)
{
	memset(r, 0, sizeof(*r));
}

void rr_report_free(struct rr_report *r)
{
	for (size_t i = 0; i < r->n_divs; i++) {
		free(r->divs[i].field);
		free(r->divs[i].captured);
		free(r->divs[i].replayed);
		free(r->divs[i].detail);
	}
	free(r->divs);
	for (size_t i = 0; i < r->n_notes; i++)
		free(r->notes[i].text);
	free(r->notes);
	free(r->streams);
	memset(r, 0, sizeof(*r));
}

static bool room(void **p, size_t *cap, size_t n, size_t size)
{
	size_t ncap;
	void *np;

	if (n >= RR_MAX_REPORTED)
		return false;
	if (n < *cap)
		return true;
	ncap = *cap ? *cap * 2 : 64;
	np = realloc(*p, ncap * size);
	if (!np)
		return false;
	*p = np;
	*cap = ncap;
	return true;
}

void rr_report_div(struct rr_report *r, const struct rr_msgref *at, const char *subject,
                   const char *field, const char *captured, const char *replayed,
                   const char *detail)
{
	struct rr_div *d;

	r->divergences++;
	if (!room((void **)&r->divs, &r->cap_divs, r->n_divs, sizeof(*d)))
		return;
	d = &r->divs[r->n_divs];
	d->at = *at;
	d->subject = subject ? subject : "";
	d->field = strdup(field);
	d->captured = strdup(captured);
	d->replayed = strdup(replayed);
	d->detail = detail && *detail ? strdup(detail) : NULL;
	if (!d->field || !d->captured || !d->replayed) {
		free(d->field);
		free(d->captured);
		free(d->replayed);
		free(d->detail);
		return;
	}
	r->n_divs++;
}

void rr_report_note(struct rr_report *r, const struct rr_msgref *at, const char *reason,
                    const char *fmt, ...)
{
	char buf[2 * RR_VALUE_TEXT];
	struct rr_note *n;
	va_list ap;

	if (!room((void **)&r->notes, &r->cap_notes, r->n_notes, sizeof(*n))) {
		r->notes_dropped++;
		return;
	}
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	n = &r->notes[r->n_notes];
	n->at = *at;
	n->reason = reason;
	n->text = strdup(buf);
	if (!n->text) {
		r->notes_dropped++;
		return;
	}
	r->n_notes++;
}

/* ---- text ---------------------------------------------------------------- */

static const char *cmd_name(uint16_t c)
{
	return c == RR_CMD_NONE ? "-" : smb2_command_name(c);
}

static void ref_text(const struct rr_msgref *at, FILE *f)
{
	fprintf(f, "frame %llu stream %u %s", (unsigned long long)at->frame, at->stream,
	        cmd_name(at->command));
	if (at->what)
		fprintf(f, " %s", at->what);
	else if (at->command != RR_CMD_NONE)
		fprintf(f, " mid %llu", (unsigned long long)at->mid);
}

static const char *dialect_text(uint16_t d, char *buf, size_t len)
{
	if (!d)
		return "-";
	snprintf(buf, len, "%x.%x.%x", d >> 8, (d >> 4) & 0xF, d & 0xF);
	return buf;
}

void rr_report_text(const struct rr_report *r, const char *capture, const char *target, FILE *f)
{
	char a[16], b[16];

	fprintf(f, "replay of %s against %s\n", capture, target);
	for (size_t i = 0; i < r->n_streams; i++) {
		const struct rr_rep_stream *s = &r->streams[i];
		fprintf(f, "stream %u %s -> %s: dialect captured %s replayed %s%s%s\n", s->index,
		        s->client, s->server, dialect_text(s->cap_dialect, a, sizeof(a)),
		        dialect_text(s->rep_dialect, b, sizeof(b)),
		        s->setup != STATUS_SUCCESS ? ", setup failed: " : "",
		        s->setup != STATUS_SUCCESS ? nt_status_name(s->setup) : "");
	}
	for (size_t i = 0; i < r->n_divs; i++) {
		const struct rr_div *d = &r->divs[i];
		fprintf(f, "DIVERGENCE ");
		ref_text(&d->at, f);
		fprintf(f, ": %s%s%s captured %s, replayed %s", d->subject,
		        d->subject[0] ? " " : "", d->field, d->captured, d->replayed);
		if (d->detail)
			fprintf(f, " (%s)", d->detail);
		fputc('\n', f);
	}
	if (r->divergences > r->n_divs)
		fprintf(f, "... %llu more divergences not listed\n",
		        (unsigned long long)(r->divergences - r->n_divs));
	for (size_t i = 0; i < r->n_notes; i++) {
		fprintf(f, "NOTE ");
		ref_text(&r->notes[i].at, f);
		fprintf(f, ": %s\n", r->notes[i].text);
	}
	if (r->notes_dropped)
		fprintf(f, "... %llu more notes not listed\n", (unsigned long long)r->notes_dropped);

	uint64_t skipped = 0;
	for (int i = 0; i < RR_SKIP_COUNT; i++)
		skipped += r->skipped[i];
	fprintf(f, "summary: %llu messages: %llu replayed (%llu matched, %llu diverged, "
	        "%llu not compared), %llu skipped; %llu divergences",
	        (unsigned long long)r->total, (unsigned long long)r->replayed,
	        (unsigned long long)r->matched, (unsigned long long)r->diverged,
	        (unsigned long long)(r->replayed - r->matched - r->diverged),
	        (unsigned long long)skipped, (unsigned long long)r->divergences);
	if (r->ignored)
		fprintf(f, " (%llu more ignored by --ignore)", (unsigned long long)r->ignored);
	fprintf(f, "; %.3f s\n", (double)r->elapsed_us / 1e6);
	for (int i = 0; i < RR_SKIP_COUNT; i++)
		if (r->skipped[i])
			fprintf(f, "  skipped %llu: %s\n", (unsigned long long)r->skipped[i],
			        rr_skip_text(i));
	for (int i = 0; i < RR_UNCMP_COUNT; i++)
		if (r->uncompared[i])
			fprintf(f, "  not compared %llu: %s\n", (unsigned long long)r->uncompared[i],
			        rr_uncmp_text(i));
	if (r->damage)
		fprintf(f, "  capture damage: %llu (smbsim-replay dump shows it)\n",
		        (unsigned long long)r->damage);
	if (r->stray)
		fprintf(f, "  captured responses to no captured request: %llu\n",
		        (unsigned long long)r->stray);
}

/* ---- JSON ------------------------------------------------------------------ */

/* A string for JSON; one that is not UTF-8 (a capture's file name can be
 * anything) as its bytes escaped. */
static json_t *jstr(const char *s)
{
	json_t *j = json_string(s);
	char buf[RR_VALUE_TEXT];
	size_t o = 0;

	if (j)
		return j;
	for (; *s && o + 5 < sizeof(buf); s++) {
		unsigned char c = (unsigned char)*s;
		if (c < 0x80)
			buf[o++] = (char)c;
		else
			o += (size_t)snprintf(buf + o, sizeof(buf) - o, "\\x%02x", c);
	}
	buf[o] = 0;
	return json_string(buf);
}

static json_t *ref_json(const struct rr_msgref *at)
{
	json_t *o = json_object();

	json_object_set_new(o, "frame", json_integer((json_int_t)at->frame));
	json_object_set_new(o, "stream", json_integer(at->stream));
	json_object_set_new(o, "command", jstr(cmd_name(at->command)));
	if (at->what)
		json_object_set_new(o, "message", jstr(at->what));
	else if (at->command != RR_CMD_NONE)
		json_object_set_new(o, "message_id", json_integer((json_int_t)at->mid));
	return o;
}

static json_t *counts_json(const struct rr_report *r)
{
	json_t *o = json_object(), *sk = json_object(), *un = json_object();
	uint64_t skipped = 0;

	for (int i = 0; i < RR_SKIP_COUNT; i++)
		if (r->skipped[i]) {
			skipped += r->skipped[i];
			json_object_set_new(sk, rr_skip_key(i), json_integer((json_int_t)r->skipped[i]));
		}
	for (int i = 0; i < RR_UNCMP_COUNT; i++)
		if (r->uncompared[i])
			json_object_set_new(un, rr_uncmp_key(i),
			                    json_integer((json_int_t)r->uncompared[i]));
	json_object_set_new(o, "messages", json_integer((json_int_t)r->total));
	json_object_set_new(o, "replayed", json_integer((json_int_t)r->replayed));
	json_object_set_new(o, "matched", json_integer((json_int_t)r->matched));
	json_object_set_new(o, "diverged", json_integer((json_int_t)r->diverged));
	json_object_set_new(o, "not_compared", un);
	json_object_set_new(o, "skipped", json_integer((json_int_t)skipped));
	json_object_set_new(o, "skipped_by_reason", sk);
	json_object_set_new(o, "divergences", json_integer((json_int_t)r->divergences));
	json_object_set_new(o, "ignored_divergences", json_integer((json_int_t)r->ignored));
	json_object_set_new(o, "capture_damage", json_integer((json_int_t)r->damage));
	json_object_set_new(o, "stray_responses", json_integer((json_int_t)r->stray));
	json_object_set_new(o, "seconds", json_real((double)r->elapsed_us / 1e6));
	return o;
}

int rr_report_json(const struct rr_report *r, const char *capture, const char *target,
                   const char *path, char *err, size_t errlen)
{
	json_t *root = json_object(), *divs = json_array(), *notes = json_array();
	json_t *streams = json_array();
	char a[16];
	int rc;

	json_object_set_new(root, "capture", jstr(capture));
	json_object_set_new(root, "target", jstr(target));
	for (size_t i = 0; i < r->n_streams; i++) {
		const struct rr_rep_stream *s = &r->streams[i];
		json_t *o = json_object();
		json_object_set_new(o, "stream", json_integer(s->index));
		json_object_set_new(o, "client", jstr(s->client));
		json_object_set_new(o, "server", jstr(s->server));
		json_object_set_new(o, "captured_dialect",
		                    jstr(dialect_text(s->cap_dialect, a, sizeof(a))));
		json_object_set_new(o, "replayed_dialect",
		                    jstr(dialect_text(s->rep_dialect, a, sizeof(a))));
		json_object_set_new(o, "setup", jstr(nt_status_name(s->setup)));
		json_array_append_new(streams, o);
	}
	for (size_t i = 0; i < r->n_divs; i++) {
		const struct rr_div *d = &r->divs[i];
		json_t *o = ref_json(&d->at);
		json_object_set_new(o, "subject", jstr(d->subject));
		json_object_set_new(o, "field", jstr(d->field));
		json_object_set_new(o, "captured", jstr(d->captured));
		json_object_set_new(o, "replayed", jstr(d->replayed));
		if (d->detail)
			json_object_set_new(o, "detail", jstr(d->detail));
		json_array_append_new(divs, o);
	}
	for (size_t i = 0; i < r->n_notes; i++) {
		json_t *o = ref_json(&r->notes[i].at);
		json_object_set_new(o, "reason", jstr(r->notes[i].reason));
		json_object_set_new(o, "text", jstr(r->notes[i].text));
		json_array_append_new(notes, o);
	}
	json_object_set_new(root, "streams", streams);
	json_object_set_new(root, "summary", counts_json(r));
	json_object_set_new(root, "divergences", divs);
	json_object_set_new(root, "notes", notes);
	rc = json_dump_file(root, path, JSON_INDENT(1) | JSON_ENSURE_ASCII);
	json_decref(root);
	if (rc != 0) {
		snprintf(err, errlen, "%s: cannot write the report", path);
		return -1;
	}
	return 0;
}
