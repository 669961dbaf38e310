/*
 * Comparing a captured and a replayed response summary (replay_compare.h):
 * the field-by-field rule, values as text for the report, what a list
 * lacks and has extra, and the --ignore rules.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pcap-replay/replay_compare.h"

static const char *action_name(uint64_t a)
{
	switch (a) {
	case SMB2_FILE_SUPERSEDED: return "FILE_SUPERSEDED";
	case SMB2_FILE_OPENED: return "FILE_OPENED";
	case SMB2_FILE_CREATED: return "FILE_CREATED";
	case SMB2_FILE_OVERWRITTEN: return "FILE_OVERWRITTEN";
	default: return "unknown";
	}
}

static const char *oplock_name(uint64_t l)
{
	switch (l) {
	case SMB2_OPLOCK_LEVEL_NONE: return "NONE";
	case SMB2_OPLOCK_LEVEL_II: return "II";
	case SMB2_OPLOCK_LEVEL_EXCLUSIVE: return "EXCLUSIVE";
	case SMB2_OPLOCK_LEVEL_BATCH: return "BATCH";
	case SMB2_OPLOCK_LEVEL_LEASE: return "LEASE";
	default: return "unknown";
	}
}

/* Copy src into buf, entries separated by ", ", cut with "..." when it
 * does not fit. */
static void list_text(const char *src, char *buf, size_t len)
{
	size_t o = 0;

	if (!len)
		return;
	for (; *src && o + 1 < len; src++) {
		if (*src == '\n') {
			if (o + 3 >= len)
				break;
			buf[o++] = ',';
			buf[o++] = ' ';
		} else {
			buf[o++] = *src;
		}
	}
	buf[o] = 0;
	if (*src && len > 4)
		memcpy(buf + (o > len - 4 ? len - 4 : o), "...", 4);
}

void rr_field_format(const struct rr_field *f, char *buf, size_t len)
{
	if (!len)
		return;
	switch (f->type) {
	case RR_F_HEX:
		snprintf(buf, len, "0x%08llx", (unsigned long long)f->u);
		break;
	case RR_F_STATUS:
		snprintf(buf, len, "%s", nt_status_name((NTSTATUS)f->u));
		break;
	case RR_F_ACTION:
		snprintf(buf, len, "%s (%llu)", action_name(f->u), (unsigned long long)f->u);
		break;
	case RR_F_OPLOCK:
		snprintf(buf, len, "%s (0x%02llx)", oplock_name(f->u), (unsigned long long)f->u);
		break;
	case RR_F_TEXT:
	case RR_F_HASH:
		snprintf(buf, len, "%s", f->text ? f->text : "");
		if (f->text && strlen(f->text) >= len && len > 4)
			memcpy(buf + len - 4, "...", 4);
		break;
	case RR_F_LIST:
		if (!f->text || !*f->text)
			snprintf(buf, len, "(none)");
		else
			list_text(f->text, buf, len);
		break;
	case RR_F_DEC:
	default:
		snprintf(buf, len, "%llu", (unsigned long long)f->u);
		break;
	}
}

static bool field_equal(const struct rr_field *a, const struct rr_field *b)
{
	if (a->type != b->type)
		return false;
	switch (a->type) {
	case RR_F_TEXT:
	case RR_F_HASH:
	case RR_F_LIST:
		return a->text && b->text && strcmp(a->text, b->text) == 0;
	default:
		return a->u == b->u;
	}
}

static const struct rr_field *find_field(const struct rr_summary *s, const char *name)
{
	for (unsigned i = 0; i < s->n; i++)
		if (strcmp(s->f[i].name, name) == 0)
			return &s->f[i];
	return NULL;
}

static bool list_has(const char *list, const char *item, size_t ilen)
{
	const char *p = list;

	while (p && *p) {
		const char *e = strchr(p, '\n');
		size_t n = e ? (size_t)(e - p) : strlen(p);
		if (n == ilen && memcmp(p, item, n) == 0)
			return true;
		p = e ? e + 1 : NULL;
	}
	return false;
}

/* Entries of `a` that `b` lacks, appended to buf as "PREFIX x, y". */
static void list_minus(const char *a, const char *b, const char *prefix, char *buf, size_t len)
{
	const char *p = a;
	size_t o = strlen(buf);
	bool first = true;

	while (p && *p && o + 1 < len) {
		const char *e = strchr(p, '\n');
		size_t n = e ? (size_t)(e - p) : strlen(p);
		if (!list_has(b, p, n)) {
			int w = snprintf(buf + o, len - o, "%s%s%.*s", first && o ? "; " : "",
			                 first ? prefix : ", ", (int)n, p);
			if (w < 0 || (size_t)w >= len - o) {
				if (len > 4)
					memcpy(buf + len - 4, "...", 4);
				return;
			}
			o += (size_t)w;
			first = false;
		}
		p = e ? e + 1 : NULL;
	}
}

static void report(rr_diff_fn fn, void *arg, const char *field, const struct rr_field *c,
                   const struct rr_field *r, unsigned *count)
{
	struct rr_diff d;

	memset(&d, 0, sizeof(d));
	d.field = field;
	if (c)
		rr_field_format(c, d.captured, sizeof(d.captured));
	else
		snprintf(d.captured, sizeof(d.captured), "(absent)");
	if (r)
		rr_field_format(r, d.replayed, sizeof(d.replayed));
	else
		snprintf(d.replayed, sizeof(d.replayed), "(absent)");
	if (c && r && c->type == RR_F_LIST && r->type == RR_F_LIST) {
		list_minus(c->text, r->text, "missing: ", d.detail, sizeof(d.detail));
		list_minus(r->text, c->text, "extra: ", d.detail, sizeof(d.detail));
	}
	(*count)++;
	if (fn)
		fn(arg, &d);
}

unsigned rr_compare(const struct rr_summary *cap, const struct rr_summary *rep, rr_diff_fn fn,
                    void *arg)
{
	unsigned count = 0;

	if (cap->status != rep->status) {
		struct rr_field c = { "Status", RR_F_STATUS, cap->status, NULL };
		struct rr_field r = { "Status", RR_F_STATUS, rep->status, NULL };
		report(fn, arg, "Status", &c, &r, &count);
		/* Different statuses mean different bodies: nothing more to
		 * say field by field. */
		return count;
	}
	for (unsigned i = 0; i < cap->n; i++) {
		const struct rr_field *r = find_field(rep, cap->f[i].name);
		if (!r || !field_equal(&cap->f[i], r))
			report(fn, arg, cap->f[i].name, &cap->f[i], r, &count);
	}
	for (unsigned i = 0; i < rep->n; i++)
		if (!find_field(cap, rep->f[i].name))
			report(fn, arg, rep->f[i].name, NULL, &rep->f[i], &count);
	if ((cap->note != NULL) != (rep->note != NULL) ||
	    (cap->note && strcmp(cap->note, rep->note) != 0)) {
		struct rr_field c = { "Body", RR_F_TEXT, 0, (char *)(cap->note ? cap->note : "decodes") };
		struct rr_field r = { "Body", RR_F_TEXT, 0, (char *)(rep->note ? rep->note : "decodes") };
		report(fn, arg, "Body", &c, &r, &count);
	}
	return count;
}

/* ---- --ignore --------------------------------------------------------- */

static int copy_part(char *dst, const char *src, size_t n)
{
	if (n >= RR_IGNORE_PART)
		return -1;
	memcpy(dst, src, n);
	dst[n] = 0;
	return 0;
}

int rr_ignore_parse(const char *text, struct rr_ignore *out, char *err, size_t errlen)
{
	struct rr_ignore r;
	const char *colon = strchr(text, ':');
	const char *dot;
	size_t clen;

	memset(&r, 0, sizeof(r));
	/* The field follows the last '.' after the subject (FSCTL and class
	 * names have no dots). */
	dot = strrchr(colon ? colon : text, '.');
	clen = colon ? (size_t)(colon - text) : dot ? (size_t)(dot - text) : strlen(text);
	if (clen == 0 || copy_part(r.command, text, clen) != 0)
		goto bad;
	if (colon) {
		const char *s = colon + 1;
		size_t slen = dot ? (size_t)(dot - s) : strlen(s);
		if (slen == 0 || copy_part(r.subject, s, slen) != 0)
			goto bad;
	}
	if (dot && (dot[1] == 0 || copy_part(r.field, dot + 1, strlen(dot + 1)) != 0))
		goto bad;
	if (strcmp(r.command, "*") != 0) {
		bool known = false;
		for (uint16_t c = 0; c < SMB2_COMMAND_COUNT; c++)
			if (strcmp(smb2_command_name(c), r.command) == 0)
				known = true;
		if (!known) {
			snprintf(err, errlen, "--ignore %s: unknown command '%s'", text, r.command);
			return -1;
		}
	}
	*out = r;
	return 0;
bad:
	snprintf(err, errlen, "--ignore %s: expected COMMAND[:SUBJECT][.FIELD] (parts of at most %d "
	         "characters)", text, RR_IGNORE_PART - 1);
	return -1;
}

bool rr_ignore_match(const struct rr_ignore *rules, unsigned n, uint16_t command,
                     const char *subject, const char *field)
{
	for (unsigned i = 0; i < n; i++) {
		const struct rr_ignore *r = &rules[i];
		if (strcmp(r->command, "*") != 0 && strcmp(r->command, smb2_command_name(command)) != 0)
			continue;
		if (r->subject[0] && strcmp(r->subject, subject ? subject : "") != 0)
			continue;
		if (r->field[0] && strcmp(r->field, field) != 0)
			continue;
		return true;
	}
	return false;
}
