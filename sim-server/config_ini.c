/*
 * The ini reader: lines, sections, keys, values and the value parsers.
 * The syntax is in config.h; what a key means is config_keys.c's job.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sim-server/config_int.h"
#include "util/utf16.h"

__attribute__((format(printf, 4, 0)))
static bool vfail(char *err, size_t errlen, const struct srv_cfg_origin *at, const char *fmt,
                  va_list ap)
{
	char msg[512];

	if (!err || !errlen)
		return false;
	vsnprintf(msg, sizeof(msg), fmt, ap);
	if (at->line)
		snprintf(err, errlen, "%s:%u: %s", at->file ? at->file : "?", at->line, msg);
	else
		snprintf(err, errlen, "%s: %s", at->file ? at->file : "?", msg);
	return false;
}

bool cfg_fail(struct cfg_parse *p, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vfail(p->err, p->errlen, &p->at, fmt, ap);
	va_end(ap);
	return false;
}

bool cfg_fail_at(char *err, size_t errlen, const struct srv_cfg_origin *at, const char *fmt,
                 ...)
{
	va_list ap;

	va_start(ap, fmt);
	vfail(err, errlen, at, fmt, ap);
	va_end(ap);
	return false;
}

void cfg_wipe(void *p, size_t n)
{
	volatile unsigned char *q = p;

	while (n--)
		*q++ = 0;
}

static char lower(char c)
{
	return (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
}

bool cfg_key_equal(const char *a, const char *b)
{
	for (;; a++, b++) {
		char x = *a == '_' ? ' ' : lower(*a);
		char y = *b == '_' ? ' ' : lower(*b);

		if (x != y)
			return false;
		if (!x)
			return true;
	}
}

bool cfg_name_equal(const char *a, const char *b)
{
	/* Names are at most SRV_CFG_MAX_USER_NAME bytes of UTF-8, so at most
	 * twice that of UTF-16LE. */
	uint8_t ua[2 * SRV_CFG_MAX_USER_NAME], ub[2 * SRV_CFG_MAX_USER_NAME];
	size_t la, lb;

	if (utf8_to_utf16le(a, strlen(a), ua, sizeof(ua), &la) != STATUS_SUCCESS ||
	    utf8_to_utf16le(b, strlen(b), ub, sizeof(ub), &lb) != STATUS_SUCCESS)
		return false;
	return utf16le_equal_nocase(ua, la, ub, lb) != 0;
}

/* ---- values --------------------------------------------------------- */

bool cfg_parse_bool(struct cfg_parse *p, const char *key, const char *v, bool *out)
{
	static const char *const yes[] = { "yes", "true", "1" }, *const no[] = { "no", "false", "0" };

	for (size_t i = 0; i < 3; i++) {
		if (cfg_key_equal(v, yes[i])) {
			*out = true;
			return true;
		}
		if (cfg_key_equal(v, no[i])) {
			*out = false;
			return true;
		}
	}
	return cfg_fail(p, "key '%s': '%s' is not a boolean (yes, no, true, false, 1 or 0)", key,
	                v);
}

/* Leading decimal digits of v into *out; *end after them.  false on no
 * digits or overflow. */
static bool digits(const char *v, uint64_t *out, const char **end)
{
	uint64_t n = 0;
	const char *s = v;

	if (*s < '0' || *s > '9')
		return false;
	for (; *s >= '0' && *s <= '9'; s++) {
		if (n > (UINT64_MAX - (uint64_t)(*s - '0')) / 10)
			return false;
		n = n * 10 + (uint64_t)(*s - '0');
	}
	*out = n;
	*end = s;
	return true;
}

static bool in_range(struct cfg_parse *p, const char *key, const char *v, uint64_t n,
                     uint64_t min, uint64_t max, uint64_t *out)
{
	if (n < min || n > max)
		return cfg_fail(p, "key '%s': %s is out of range (%llu to %llu)", key, v,
		                (unsigned long long)min, (unsigned long long)max);
	*out = n;
	return true;
}

bool cfg_parse_uint(struct cfg_parse *p, const char *key, const char *v, uint64_t min,
                    uint64_t max, uint64_t *out)
{
	uint64_t n;
	const char *end;

	if (!digits(v, &n, &end) || *end)
		return cfg_fail(p, "key '%s': '%s' is not a decimal number", key, v);
	return in_range(p, key, v, n, min, max, out);
}

bool cfg_parse_size(struct cfg_parse *p, const char *key, const char *v, uint64_t min,
                    uint64_t max, uint64_t *out)
{
	uint64_t n, mult = 1;
	const char *end;

	if (!digits(v, &n, &end))
		return cfg_fail(p, "key '%s': '%s' is not a size (bytes, or a number with K, M or G)",
		                key, v);
	switch (lower(*end)) {
	case 0: break;
	case 'k': mult = 1024; end++; break;
	case 'm': mult = 1024 * 1024; end++; break;
	case 'g': mult = 1024 * 1024 * 1024; end++; break;
	default: end = "?"; break;
	}
	if (*end)
		return cfg_fail(p, "key '%s': '%s' is not a size (bytes, or a number with K, M or G)",
		                key, v);
	if (n > UINT64_MAX / mult)
		return cfg_fail(p, "key '%s': %s is out of range (%llu to %llu)", key, v,
		                (unsigned long long)min, (unsigned long long)max);
	return in_range(p, key, v, n * mult, min, max, out);
}

bool cfg_parse_duration_ms(struct cfg_parse *p, const char *key, const char *v,
                           uint64_t max_ms, uint64_t *out)
{
	static const struct { const char *unit; uint64_t ms; } units[] = {
		{ "", 1000 }, { "ms", 1 }, { "s", 1000 }, { "m", 60000 }, { "h", 3600000 },
	};
	uint64_t n;
	const char *end;

	if (digits(v, &n, &end)) {
		for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
			if (!cfg_key_equal(end, units[i].unit))
				continue;
			if (n > max_ms / units[i].ms)
				return cfg_fail(p, "key '%s': %s is out of range (0 to %llu ms)", key,
				                v, (unsigned long long)max_ms);
			*out = n * units[i].ms;
			return true;
		}
	}
	return cfg_fail(p, "key '%s': '%s' is not a duration (seconds, or a number with ms, s, "
	                "m or h)", key, v);
}

/* ---- lines ---------------------------------------------------------- */

static bool blank(char c)
{
	return c == ' ' || c == '\t';
}

/* Trim s[0..*len) in place; returns the new start. */
static char *trim(char *s, size_t *len)
{
	while (*len && blank(*s)) {
		s++;
		(*len)--;
	}
	while (*len && blank(s[*len - 1]))
		(*len)--;
	s[*len] = 0;
	return s;
}

static bool parse_line(struct cfg_parse *p, char *line, size_t len)
{
	char *s = trim(line, &len);
	char *eq, *key, *val;
	size_t klen, vlen;

	if (!len || *s == ';' || *s == '#')
		return true;
	if (*s == '[') {
		if (s[len - 1] != ']')
			return cfg_fail(p, "section header '%s' does not end with ']'", s);
		s[len - 1] = 0;
		klen = len - 2;
		key = trim(s + 1, &klen);
		if (!klen)
			return cfg_fail(p, "empty section name");
		return cfg_open_section(p, key);
	}
	eq = memchr(s, '=', len);
	if (!eq)
		return cfg_fail(p, "expected 'key = value' or '[section]', found '%s'", s);
	*eq = 0;
	klen = (size_t)(eq - s);
	key = trim(s, &klen);
	vlen = strlen(eq + 1);
	val = trim(eq + 1, &vlen);
	if (!klen)
		return cfg_fail(p, "missing key name before '='");
	if (vlen && val[0] == '"') {
		if (vlen < 2 || val[vlen - 1] != '"' || memchr(val + 1, '"', vlen - 2))
			return cfg_fail(p, "key '%s': unbalanced or inner quotes in the value", key);
		val[vlen - 1] = 0;
		val++;
	}
	if (p->kind == CFG_SEC_NONE)
		return cfg_fail(p, "key '%s' outside any section (start with [global] or a share)",
		                key);
	return cfg_set_key(p, key, val);
}

bool srv_config_load_string(struct srv_config *cfg, const char *name, const char *text,
                            size_t len, char *errbuf, size_t errlen)
{
	struct cfg_parse p = { .cfg = cfg, .err = errbuf, .errlen = errlen, .check_dups = true };
	/* One line, and its UTF-16 form for the UTF-8 check. */
	char line[SRV_CFG_MAX_LINE + 1];
	uint8_t u16[2 * SRV_CFG_MAX_LINE];
	size_t pos = 0, u16_len;
	bool ok = true;

	p.at.file = cfg_intern_file(cfg, name);
	if (!p.at.file) {
		snprintf(errbuf, errlen, "%s: out of memory", name);
		return false;
	}
	if (len > SRV_CFG_MAX_FILE)
		return cfg_fail(&p, "the file is larger than %u bytes", SRV_CFG_MAX_FILE);
	while (ok && pos < len) {
		const char *nl = memchr(text + pos, '\n', len - pos);
		size_t n = nl ? (size_t)(nl - (text + pos)) : len - pos;

		p.at.line++;
		if (n && text[pos + n - 1] == '\r')
			n--;
		if (n > SRV_CFG_MAX_LINE)
			ok = cfg_fail(&p, "line is longer than %u bytes", SRV_CFG_MAX_LINE);
		else if (memchr(text + pos, 0, n))
			ok = cfg_fail(&p, "line holds a NUL byte");
		else if (utf8_to_utf16le(text + pos, n, u16, sizeof(u16), &u16_len) !=
		         STATUS_SUCCESS)
			ok = cfg_fail(&p, "line is not valid UTF-8");
		else {
			memcpy(line, text + pos, n);
			line[n] = 0;
			ok = parse_line(&p, line, n);
		}
		pos += (nl ? (size_t)(nl - (text + pos)) + 1 : len - pos);
	}
	/* The line and its UTF-16 form may have held a password. */
	cfg_wipe(line, sizeof(line));
	cfg_wipe(u16, sizeof(u16));
	return ok;
}

bool srv_config_load_file(struct srv_config *cfg, const char *path, char *errbuf,
                          size_t errlen)
{
	struct stat st;
	char *buf;
	size_t len = 0;
	bool ok;
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);

	if (fd < 0) {
		snprintf(errbuf, errlen, "%s: cannot open: %s", path, strerror(errno));
		return false;
	}
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		snprintf(errbuf, errlen, "%s: not a regular file", path);
		close(fd);
		return false;
	}
	/* Read one byte past the limit to see an oversized file whatever
	 * st_size says. */
	buf = malloc(SRV_CFG_MAX_FILE + 1);
	if (!buf) {
		snprintf(errbuf, errlen, "%s: out of memory", path);
		close(fd);
		return false;
	}
	for (;;) {
		ssize_t r = read(fd, buf + len, SRV_CFG_MAX_FILE + 1 - len);

		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			snprintf(errbuf, errlen, "%s: read failed: %s", path, strerror(errno));
			cfg_wipe(buf, len);
			free(buf);
			close(fd);
			return false;
		}
		if (r == 0 || (len += (size_t)r) == SRV_CFG_MAX_FILE + 1)
			break;
	}
	close(fd);
	ok = srv_config_load_string(cfg, path, buf, len, errbuf, errlen);
	cfg_wipe(buf, len);
	free(buf);
	return ok;
}
