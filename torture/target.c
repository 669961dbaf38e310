/* The target on the command line: //HOST[:PORT]/SHARE and -U. */
#include <stdio.h>
#include <string.h>

#include "torture/runner.h"
#include "torture/target.h"

static int copy(char *dst, size_t cap, const char *src, size_t n)
{
	if (n >= cap)
		return -1;
	memcpy(dst, src, n);
	dst[n] = '\0';
	return 0;
}

/* "host", "host:port", "[v6]:port" -> host and "host:port" (445 default). */
int torture_parse_hostport(const char *s, size_t n, char *host, size_t hostcap, char *hp,
                           size_t hpcap)
{
	const char *colon;
	size_t hlen;

	if (n == 0)
		return -1;
	if (s[0] == '[') {
		const char *close = memchr(s, ']', n);

		if (!close)
			return -1;
		if (copy(host, hostcap, s + 1, (size_t)(close - s - 1)))
			return -1;
		colon = close + 1 < s + n && close[1] == ':' ? close + 1 : NULL;
		if (!colon && close + 1 != s + n)
			return -1;
	} else {
		colon = memchr(s, ':', n);
		hlen = colon ? (size_t)(colon - s) : n;
		if (hlen == 0 || copy(host, hostcap, s, hlen))
			return -1;
	}
	if (colon) {
		size_t plen = (size_t)(s + n - colon - 1);

		if (plen == 0 || plen > 5 || strspn(colon + 1, "0123456789") < plen)
			return -1;
	}
	if (strchr(host, ':'))
		snprintf(hp, hpcap, "[%s]:%.*s", host,
		         colon ? (int)(s + n - colon - 1) : 3, colon ? colon + 1 : "445");
	else
		snprintf(hp, hpcap, "%s:%.*s", host, colon ? (int)(s + n - colon - 1) : 3,
		         colon ? colon + 1 : "445");
	return 0;
}

int torture_parse_target(struct torture_target *tgt, const char *arg, char *err, size_t errlen)
{
	char buf[1024], *p, *slash;

	if (strlen(arg) >= sizeof(buf))
		goto bad;
	strcpy(buf, arg);
	for (p = buf; *p; p++)
		if (*p == '\\')
			*p = '/';
	if (strncmp(buf, "//", 2) != 0)
		goto bad;
	p = buf + 2;
	slash = strchr(p, '/');
	if (!slash || !slash[1] || strchr(slash + 1, '/'))
		goto bad;
	if (torture_parse_hostport(p, (size_t)(slash - p), tgt->host, sizeof(tgt->host),
	                           tgt->host_port, sizeof(tgt->host_port)))
		goto bad;
	if (copy(tgt->share, sizeof(tgt->share), slash + 1, strlen(slash + 1)))
		goto bad;
	snprintf(tgt->server_unc, sizeof(tgt->server_unc), "\\\\%s", tgt->host);
	snprintf(tgt->unc, sizeof(tgt->unc), "\\\\%s\\%s", tgt->host, tgt->share);
	return 0;
bad:
	snprintf(err, errlen, "target \"%s\": want //HOST[:PORT]/SHARE", arg);
	return -1;
}

int torture_parse_user(struct torture_target *tgt, const char *arg, char *err, size_t errlen)
{
	const char *pct = strchr(arg, '%');
	size_t ulen = pct ? (size_t)(pct - arg) : strlen(arg);
	char user[512];
	const char *sep;

	if (copy(user, sizeof(user), arg, ulen) ||
	    copy(tgt->password, sizeof(tgt->password), pct ? pct + 1 : "",
	         pct ? strlen(pct + 1) : 0))
		goto bad;
	tgt->domain[0] = '\0';
	if ((sep = strchr(user, '\\')) || (sep = strchr(user, '/'))) {
		if (copy(tgt->domain, sizeof(tgt->domain), user, (size_t)(sep - user)) ||
		    copy(tgt->user, sizeof(tgt->user), sep + 1, strlen(sep + 1)))
			goto bad;
	} else if ((sep = strchr(user, '@'))) {
		if (copy(tgt->user, sizeof(tgt->user), user, (size_t)(sep - user)) ||
		    copy(tgt->domain, sizeof(tgt->domain), sep + 1, strlen(sep + 1)))
			goto bad;
	} else if (copy(tgt->user, sizeof(tgt->user), user, strlen(user))) {
		goto bad;
	}
	return 0;
bad:
	snprintf(err, errlen, "-U: want [DOMAIN\\]USER[%%PASSWORD], each under 256 bytes");
	return -1;
}
