/*
 * The command line of `smbsim-replay run` (replay.h): parsed into struct
 * rr_options, every value checked, a message naming the option otherwise.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pcap-replay/replay_int.h"

void rr_usage(FILE *f)
{
	fprintf(f,
	        "usage: smbsim-replay run FILE --target //HOST[:PORT]/SHARE -U [DOMAIN\\]USER%%PASSWORD\n"
	        "                        [--stream N]... [--pace asap|original|xN] [--parallel]\n"
	        "                        [--keep-open]\n"
	        "                        [--report FILE] [--keys FILE] [--port N]...\n"
	        "                        [--timeout MS] [--ignore COMMAND[:SUBJECT][.FIELD]]...\n"
	        "Re-drive the client side of the capture FILE against the target and report\n"
	        "where its responses differ from the captured ones.\n"
	        "  --target     the server and share every captured disk share maps to\n"
	        "               (IPC$ stays IPC$); PORT defaults to 445\n"
	        "  -U           the account the replay logs on with (captured logons cannot\n"
	        "               be replayed)\n"
	        "  --stream N   replay only captured stream N (0-based, as dump numbers them);\n"
	        "               repeat for several; default: every stream\n"
	        "  --pace       asap (default): each request as soon as what it depends on is\n"
	        "               done; original: the captured gaps between requests; xN: the\n"
	        "               captured gaps divided by N\n"
	        "  --parallel   streams that do not depend on each other run ahead of capture\n"
	        "               order (default: requests go out in capture order)\n"
	        "  --keep-open  keep every connection to the end (default: a stream's\n"
	        "               connection closes once its last captured request is\n"
	        "               answered, before what the capture shows after it)\n"
	        "  --report     also write the report as JSON to FILE\n"
	        "  --keys       session keys for encrypted captures (see dump)\n"
	        "  --port       a TCP port to read SMB on besides 445 (repeatable)\n"
	        "  --timeout    give up on what blocks the replay after MS ms without\n"
	        "               progress (default %d)\n"
	        "  --ignore     drop divergences of a known difference, e.g.\n"
	        "               QUERY_INFO:FileAlternateNameInformation or CREATE.FileAttributes\n"
	        "Exit status: 0 no divergence, 1 divergences, 2 usage, unreadable capture or\n"
	        "keys, or a target that cannot be connected to or logged on to.\n",
	        RR_DEFAULT_TIMEOUT_MS);
}

static int parse_u32(const char *s, uint32_t max, uint32_t *out)
{
	char *end;
	unsigned long long v;

	if (!s || !*s || *s == '-' || *s == '+')
		return -1;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno || *end || v > max)
		return -1;
	*out = (uint32_t)v;
	return 0;
}

static int copy(char *dst, const char *src, size_t n)
{
	if (n >= RR_NAME_MAX)
		return -1;
	memcpy(dst, src, n);
	dst[n] = 0;
	return 0;
}

/* //HOST[:PORT]/SHARE or \\HOST\SHARE; HOST may be [IPv6]. */
static int parse_target(const char *t, struct rr_options *o)
{
	const char *h, *sep, *hend, *port = NULL;
	uint32_t p;

	if (!((t[0] == '/' && t[1] == '/') || (t[0] == '\\' && t[1] == '\\')))
		return -1;
	h = t + 2;
	sep = strpbrk(h, "/\\");
	if (!sep || sep == h || !sep[1] || strpbrk(sep + 1, "/\\"))
		return -1;
	hend = sep;
	if (*h == '[') {
		const char *rb = memchr(h, ']', (size_t)(sep - h));
		if (!rb)
			return -1;
		if (rb + 1 < sep) {
			if (rb[1] != ':')
				return -1;
			port = rb + 2;
		}
		if (copy(o->host, h + 1, (size_t)(rb - h - 1)) != 0 || !o->host[0])
			return -1;
	} else {
		const char *colon = memchr(h, ':', (size_t)(sep - h));
		if (colon) {
			port = colon + 1;
			hend = colon;
		}
		if (hend == h || copy(o->host, h, (size_t)(hend - h)) != 0)
			return -1;
	}
	if (port) {
		char buf[8];
		size_t n = (size_t)(sep - port);
		if (n == 0 || n >= sizeof(buf))
			return -1;
		memcpy(buf, port, n);
		buf[n] = 0;
		if (parse_u32(buf, 65535, &p) != 0 || p == 0)
			return -1;
		o->port = (uint16_t)p;
	}
	return copy(o->share, sep + 1, strlen(sep + 1));
}

/* [DOMAIN\]USER%PASSWORD (also DOMAIN/USER). */
static int parse_user(const char *u, struct rr_options *o)
{
	const char *pct = strchr(u, '%'), *sl;

	if (!pct)
		return -1;
	sl = strpbrk(u, "\\/");
	if (sl && sl < pct) {
		if (copy(o->domain, u, (size_t)(sl - u)) != 0)
			return -1;
		u = sl + 1;
	}
	if (pct == u || copy(o->user, u, (size_t)(pct - u)) != 0)
		return -1;
	return copy(o->password, pct + 1, strlen(pct + 1));
}

static int parse_pace(const char *v, struct rr_options *o)
{
	if (strcmp(v, "asap") == 0) {
		o->pace = RR_PACE_ASAP;
		o->speed = 1;
		return 0;
	}
	if (strcmp(v, "original") == 0) {
		o->pace = RR_PACE_ORIGINAL;
		o->speed = 1;
		return 0;
	}
	if (v[0] == 'x' && parse_u32(v + 1, RR_MAX_SPEED, &o->speed) == 0 && o->speed > 0) {
		o->pace = RR_PACE_ORIGINAL;
		return 0;
	}
	return -1;
}

int rr_args_parse(int argc, char **argv, struct rr_options *o, FILE *out, char *err,
                  size_t errlen)
{
	bool have_target = false, have_user = false;
	uint32_t v;

	memset(o, 0, sizeof(*o));
	o->speed = 1;
	o->timeout_ms = RR_DEFAULT_TIMEOUT_MS;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		const char *val = i + 1 < argc ? argv[i + 1] : NULL;

		if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
			rr_usage(out);
			return 1;
		}
		if (strcmp(a, "--parallel") == 0) {
			o->parallel = true;
			continue;
		}
		if (strcmp(a, "--keep-open") == 0) {
			o->keep_open = true;
			continue;
		}
		if (a[0] != '-' || strcmp(a, "-") == 0) {
			if (o->capture) {
				snprintf(err, errlen, "one capture file only ('%s' and '%s')", o->capture, a);
				return -1;
			}
			o->capture = a;
			continue;
		}
		if (!val) {
			snprintf(err, errlen, "%s needs a value", a);
			return -1;
		}
		i++;
		if (strcmp(a, "--target") == 0) {
			if (parse_target(val, o) != 0) {
				snprintf(err, errlen, "--target %s: expected //HOST[:PORT]/SHARE", val);
				return -1;
			}
			have_target = true;
		} else if (strcmp(a, "-U") == 0 || strcmp(a, "--user") == 0) {
			if (parse_user(val, o) != 0) {
				snprintf(err, errlen, "-U: expected [DOMAIN\\]USER%%PASSWORD (each under %d "
				         "characters)", RR_NAME_MAX);
				return -1;
			}
			have_user = true;
		} else if (strcmp(a, "--stream") == 0) {
			if (o->n_select == RR_MAX_SELECT || parse_u32(val, UINT32_MAX - 1, &v) != 0) {
				snprintf(err, errlen, "--stream %s: expected a stream number (at most %d "
				         "options)", val, RR_MAX_SELECT);
				return -1;
			}
			o->select[o->n_select++] = v;
		} else if (strcmp(a, "--pace") == 0) {
			if (parse_pace(val, o) != 0) {
				snprintf(err, errlen, "--pace %s: expected asap, original or xN (N 1..%d)",
				         val, RR_MAX_SPEED);
				return -1;
			}
		} else if (strcmp(a, "--report") == 0) {
			o->report = val;
		} else if (strcmp(a, "--keys") == 0) {
			o->keys = val;
		} else if (strcmp(a, "--port") == 0) {
			if (o->n_ports == RP_MAX_EXTRA_PORTS || parse_u32(val, 65535, &v) != 0 || !v) {
				snprintf(err, errlen, "--port %s: expected a port 1..65535 (at most %d)",
				         val, RP_MAX_EXTRA_PORTS);
				return -1;
			}
			o->ports[o->n_ports++] = (uint16_t)v;
		} else if (strcmp(a, "--timeout") == 0) {
			if (parse_u32(val, 24u * 3600 * 1000, &v) != 0 || !v) {
				snprintf(err, errlen, "--timeout %s: expected milliseconds (1..86400000)",
				         val);
				return -1;
			}
			o->timeout_ms = (int)v;
		} else if (strcmp(a, "--ignore") == 0) {
			if (o->n_ignore == RR_MAX_IGNORE) {
				snprintf(err, errlen, "--ignore: at most %d rules", RR_MAX_IGNORE);
				return -1;
			}
			if (rr_ignore_parse(val, &o->ignore[o->n_ignore], err, errlen) != 0)
				return -1;
			o->n_ignore++;
		} else {
			snprintf(err, errlen, "unknown option %s", a);
			return -1;
		}
	}
	if (!o->capture) {
		snprintf(err, errlen, "no capture file given");
		return -1;
	}
	if (!have_target) {
		snprintf(err, errlen, "--target //HOST[:PORT]/SHARE is required");
		return -1;
	}
	if (!have_user) {
		snprintf(err, errlen, "-U USER%%PASSWORD is required");
		return -1;
	}
	return 0;
}
