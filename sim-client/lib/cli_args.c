/*
 * smbsim-client's command line, service name, dialect and cipher names and
 * command splitting (sim-client/cli/cli_args.h).  Pure functions: no I/O,
 * no globals, outputs written only on success.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "crypto/encrypt.h"
#include "sim-client/cli/cli_args.h"
#include "wire/smb2.h"

static int failf(char *err, size_t errlen, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int failf(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	if (err && errlen) {
		va_start(ap, fmt);
		vsnprintf(err, errlen, fmt, ap);
		va_end(ap);
	}
	return -1;
}

/* Copy n bytes of s as a string into out; -1 when it does not fit. */
static int copy_n(char *out, size_t outlen, const char *s, size_t n)
{
	if (n >= outlen)
		return -1;
	memcpy(out, s, n);
	out[n] = '\0';
	return 0;
}

static bool is_sep(char c)
{
	return c == '/' || c == '\\';
}

/* ---- names ------------------------------------------------------------- */

struct name_id {
	const char *name;
	uint16_t id;
};

static const struct name_id dialect_names[] = {
	{ "SMB2_02", SMB2_DIALECT_202 }, { "SMB2_10", SMB2_DIALECT_210 },
	{ "SMB3_00", SMB2_DIALECT_300 }, { "SMB3_02", SMB2_DIALECT_302 },
	{ "SMB3_11", SMB2_DIALECT_311 }, { "SMB2", SMB2_DIALECT_210 },
	{ "SMB3", SMB2_DIALECT_311 },
};

static const struct name_id cipher_names[] = {
	{ "AES-128-CCM", SMB2_CIPHER_AES128_CCM }, { "AES-128-GCM", SMB2_CIPHER_AES128_GCM },
	{ "AES-256-CCM", SMB2_CIPHER_AES256_CCM }, { "AES-256-GCM", SMB2_CIPHER_AES256_GCM },
};

static int lookup(const struct name_id *t, size_t n, const char *s, uint16_t *out)
{
	for (size_t i = 0; i < n; i++)
		if (!strcasecmp(t[i].name, s)) {
			*out = t[i].id;
			return 0;
		}
	return -1;
}

int clia_parse_dialect(const char *s, uint16_t *out)
{
	return lookup(dialect_names, sizeof(dialect_names) / sizeof(dialect_names[0]), s, out);
}

int clia_parse_cipher(const char *s, uint16_t *out)
{
	return lookup(cipher_names, sizeof(cipher_names) / sizeof(cipher_names[0]), s, out);
}

const char *clia_dialect_name(uint16_t d)
{
	/* The first five entries are the exact names. */
	for (size_t i = 0; i < 5; i++)
		if (dialect_names[i].id == d)
			return dialect_names[i].name;
	return "unknown";
}

/* ---- the service --------------------------------------------------------- */

int clia_parse_unc(const char *s, char *host, size_t hostlen, char *share, size_t sharelen,
                   char *err, size_t errlen)
{
	const char *h, *hend, *sh, *send;

	if (!is_sep(s[0]) || !is_sep(s[1]))
		return failf(err, errlen, "service '%s' must be //HOST/SHARE or \\\\HOST\\SHARE", s);
	h = s + 2;
	for (hend = h; *hend && !is_sep(*hend); hend++)
		;
	if (hend == h)
		return failf(err, errlen, "service '%s' has no host", s);
	if (!*hend)
		return failf(err, errlen, "service '%s' has no share", s);
	sh = hend + 1;
	for (send = sh; *send && !is_sep(*send); send++)
		;
	if (send == sh)
		return failf(err, errlen, "service '%s' has no share", s);
	if (*send && send[1])
		return failf(err, errlen, "service '%s' has more than HOST and SHARE", s);
	for (const char *p = s; *p; p++)
		if ((unsigned char)*p < 0x20)
			return failf(err, errlen, "service has a control character");
	if ((size_t)(hend - h) >= hostlen || (size_t)(hend - h) >= CLIA_MAX_HOST)
		return failf(err, errlen, "host name longer than %d bytes", CLIA_MAX_HOST - 1);
	if ((size_t)(send - sh) >= sharelen || (size_t)(send - sh) >= CLIA_MAX_SHARE)
		return failf(err, errlen, "share name longer than %d bytes", CLIA_MAX_SHARE - 1);
	copy_n(host, hostlen, h, (size_t)(hend - h));
	copy_n(share, sharelen, sh, (size_t)(send - sh));
	return 0;
}

/* -U [DOMAIN\ or DOMAIN/]USER[%PASSWORD] */
static int parse_user(const char *s, struct clia_opts *o, char *err, size_t errlen)
{
	const char *pct = strchr(s, '%');
	size_t ulen = pct ? (size_t)(pct - s) : strlen(s);
	const char *u = s;

	for (size_t i = 0; i < ulen; i++)
		if (is_sep(s[i])) {
			if (copy_n(o->domain, sizeof(o->domain), s, i))
				return failf(err, errlen, "domain longer than %d bytes", CLIA_MAX_USER - 1);
			u = s + i + 1;
			ulen -= i + 1;
			break;
		}
	if (copy_n(o->user, sizeof(o->user), u, ulen))
		return failf(err, errlen, "user name longer than %d bytes", CLIA_MAX_USER - 1);
	o->have_user = true;
	if (pct) {
		if (copy_n(o->password, sizeof(o->password), pct + 1, strlen(pct + 1)))
			return failf(err, errlen, "password longer than %d bytes", CLIA_MAX_USER - 1);
		o->have_password = true;
	}
	return 0;
}

static int parse_port(const char *s, uint16_t *out)
{
	char *end;
	unsigned long v;

	if (!*s || *s < '0' || *s > '9')
		return -1;
	v = strtoul(s, &end, 10);
	if (*end || v == 0 || v > 65535)
		return -1;
	*out = (uint16_t)v;
	return 0;
}

/*
 * Match option `arg` against a short (-x) and long (--xxx) name that take
 * a value.  Returns 1 with *val (attached or the next argument), 0 when
 * arg is not this option, -1 when the value is missing.
 */
static int opt_value(int argc, char *const *argv, int *i, const char *shrt, const char *lng,
                     const char **val)
{
	const char *a = argv[*i];
	size_t ll = lng ? strlen(lng) : 0;

	if ((shrt && !strcmp(a, shrt)) || (lng && !strcmp(a, lng))) {
		if (*i + 1 >= argc)
			return -1;
		*val = argv[++*i];
		return 1;
	}
	if (shrt && !strncmp(a, shrt, 2) && a[2] && a[1] != '-') {
		*val = a + 2;
		return 1;
	}
	if (lng && !strncmp(a, lng, ll) && a[ll] == '=') {
		*val = a + ll + 1;
		return 1;
	}
	return 0;
}

int clia_parse(int argc, char *const *argv, struct clia_opts *out, char *err, size_t errlen)
{
	struct clia_opts o;
	bool have_service = false;
	const char *v;
	int r;

	memset(&o, 0, sizeof(o));
	o.port = CLIA_DEFAULT_PORT;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			o.help = true;
		} else if (!strcmp(a, "-N") || !strcmp(a, "--no-pass")) {
			o.no_pass = true;
		} else if (!strcmp(a, "--sign")) {
			o.sign = true;
		} else if (!strcmp(a, "-e") || !strcmp(a, "--encrypt")) {
			o.encrypt = true;
			/* An optional value: taken when the next word is a cipher. */
			if (i + 1 < argc && !clia_parse_cipher(argv[i + 1], &o.cipher))
				i++;
		} else if (!strncmp(a, "--encrypt=", 10)) {
			o.encrypt = true;
			if (clia_parse_cipher(a + 10, &o.cipher))
				return failf(err, errlen, "unknown cipher '%s' (AES-128-CCM, AES-128-GCM, "
				             "AES-256-CCM, AES-256-GCM)", a + 10);
		} else if ((r = opt_value(argc, argv, &i, "-U", "--user", &v)) != 0) {
			if (r < 0)
				return failf(err, errlen, "%s needs a value", a);
			if (parse_user(v, &o, err, errlen))
				return -1;
		} else if ((r = opt_value(argc, argv, &i, "-W", "--workgroup", &v)) != 0) {
			if (r < 0)
				return failf(err, errlen, "%s needs a value", a);
			if (copy_n(o.domain, sizeof(o.domain), v, strlen(v)))
				return failf(err, errlen, "domain longer than %d bytes", CLIA_MAX_USER - 1);
		} else if ((r = opt_value(argc, argv, &i, "-m", "--max-protocol", &v)) != 0) {
			if (r < 0)
				return failf(err, errlen, "%s needs a value", a);
			if (clia_parse_dialect(v, &o.dialect_max))
				return failf(err, errlen, "unknown dialect '%s' (SMB2_02, SMB2_10, SMB3_00, "
				             "SMB3_02, SMB3_11)", v);
		} else if ((r = opt_value(argc, argv, &i, NULL, "--min-protocol", &v)) != 0) {
			if (r < 0)
				return failf(err, errlen, "%s needs a value", a);
			if (clia_parse_dialect(v, &o.dialect_min))
				return failf(err, errlen, "unknown dialect '%s' (SMB2_02, SMB2_10, SMB3_00, "
				             "SMB3_02, SMB3_11)", v);
		} else if ((r = opt_value(argc, argv, &i, "-p", "--port", &v)) != 0) {
			if (r < 0)
				return failf(err, errlen, "%s needs a value", a);
			if (parse_port(v, &o.port))
				return failf(err, errlen, "bad port '%s' (1..65535)", v);
		} else if ((r = opt_value(argc, argv, &i, "-c", "--command", &v)) != 0) {
			if (r < 0)
				return failf(err, errlen, "%s needs a value", a);
			if (strlen(v) >= CLIA_MAX_LINE)
				return failf(err, errlen, "-c string longer than %d bytes",
				             CLIA_MAX_LINE - 1);
			o.commands = v;
		} else if (a[0] == '-' && a[1]) {
			return failf(err, errlen, "unknown option '%s'", a);
		} else if (!have_service) {
			if (clia_parse_unc(a, o.host, sizeof(o.host), o.share, sizeof(o.share), err,
			                   errlen))
				return -1;
			have_service = true;
		} else {
			return failf(err, errlen, "unexpected argument '%s'", a);
		}
	}
	if (!have_service && !o.help)
		return failf(err, errlen, "no service given (//HOST/SHARE)");
	if (o.dialect_min && o.dialect_max && o.dialect_min > o.dialect_max)
		return failf(err, errlen, "--min-protocol %s is above --max-protocol %s",
		             clia_dialect_name(o.dialect_min), clia_dialect_name(o.dialect_max));
	if (o.encrypt && o.dialect_max && o.dialect_max < SMB2_DIALECT_300)
		return failf(err, errlen, "--encrypt needs SMB3_00 or later, not --max-protocol %s",
		             clia_dialect_name(o.dialect_max));
	if (o.cipher && o.dialect_max && o.dialect_max < SMB2_DIALECT_311 &&
	    o.cipher != SMB2_CIPHER_AES128_CCM)
		return failf(err, errlen, "%s needs SMB3_11 (3.0 and 3.0.2 use AES-128-CCM)",
		             clia_dialect_name(o.dialect_max));
	*out = o;
	return 0;
}

/* ---- commands ---------------------------------------------------------- */

int clia_next_command(const char *s, size_t *pos, char *buf, size_t buflen, char *err,
                      size_t errlen)
{
	size_t i = *pos, start;
	bool quoted = false;

	if (!s[i])
		return 0;
	start = i;
	for (; s[i]; i++) {
		if (s[i] == '"')
			quoted = !quoted;
		else if (s[i] == ';' && !quoted)
			break;
	}
	if (quoted)
		return failf(err, errlen, "unterminated quote in '%.*s'", (int)(i - start > 60 ? 60 : i - start),
		             s + start);
	if (copy_n(buf, buflen, s + start, i - start))
		return failf(err, errlen, "command longer than %zu bytes", buflen ? buflen - 1 : 0);
	*pos = s[i] ? i + 1 : i;
	return 1;
}

int clia_split(const char *line, struct clia_words *out, char *err, size_t errlen)
{
	struct clia_words w;
	size_t o = 0;
	const char *p = line;

	w.argc = 0;
	if (strlen(line) >= sizeof(w.buf))
		return failf(err, errlen, "line longer than %zu bytes", sizeof(w.buf) - 1);
	for (;;) {
		bool quoted = false;

		while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')
			p++;
		if (!*p)
			break;
		if (w.argc == CLIA_MAX_WORDS)
			return failf(err, errlen, "more than %d words", CLIA_MAX_WORDS);
		w.argv[w.argc++] = w.buf + o;
		for (; *p; p++) {
			unsigned char ch = (unsigned char)*p;

			if (ch == '"') {
				quoted = !quoted;
				continue;
			}
			if (!quoted && (ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n'))
				break;
			if (ch < 0x20 || ch == 0x7f)
				return failf(err, errlen, "control character 0x%02x in the line", ch);
			w.buf[o++] = (char)ch;
		}
		if (quoted)
			return failf(err, errlen, "unterminated quote");
		w.buf[o++] = '\0';
	}
	/* argv points into w.buf: rebase onto out->buf. */
	memcpy(out->buf, w.buf, o);
	for (unsigned i = 0; i < w.argc; i++)
		out->argv[i] = out->buf + (w.argv[i] - w.buf);
	out->argc = w.argc;
	return 0;
}
