/* Socket addresses as text (addr.h). */
#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "net/addr.h"

/* Longest host part we accept (a DNS name is at most 253 characters). */
#define ADDR_HOST_MAX 256

static int parse_port(const char *s, bool passive, unsigned *port)
{
	unsigned long v;
	char *end;

	if (*s < '0' || *s > '9')
		return -EINVAL;
	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno || *end || v > 65535 || (v == 0 && !passive))
		return -EINVAL;
	*port = (unsigned)v;
	return 0;
}

int smb_addr_parse(const char *text, bool passive, struct sockaddr_storage *ss,
                   socklen_t *len)
{
	char host[ADDR_HOST_MAX];
	const char *hs, *he, *ps = NULL;
	unsigned port = SMB_ADDR_DEFAULT_PORT;
	struct addrinfo hints, *res = NULL;
	int rc;

	if (!text || !*text)
		return -EINVAL;
	if (text[0] == '[') {
		hs = text + 1;
		he = strchr(hs, ']');
		if (!he)
			return -EINVAL;
		if (he[1] == ':')
			ps = he + 2;
		else if (he[1] != '\0')
			return -EINVAL;
	} else {
		const char *colon = strchr(text, ':');

		hs = text;
		if (colon && strchr(colon + 1, ':'))
			return -EINVAL; /* a bare IPv6 literal: brackets needed */
		he = colon ? colon : text + strlen(text);
		if (colon)
			ps = colon + 1;
	}
	if (he == hs || (size_t)(he - hs) >= sizeof(host))
		return -EINVAL;
	memcpy(host, hs, (size_t)(he - hs));
	host[he - hs] = '\0';
	if (ps && (rc = parse_port(ps, passive, &port)) != 0)
		return rc;

	memset(&hints, 0, sizeof(hints));
	hints.ai_family = text[0] == '[' ? AF_INET6 : AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_NUMERICSERV;
	/* A literal never goes to the resolver. */
	{
		struct in6_addr a6;
		struct in_addr a4;

		if (inet_pton(AF_INET, host, &a4) == 1 || inet_pton(AF_INET6, host, &a6) == 1)
			hints.ai_flags |= AI_NUMERICHOST;
		else if (text[0] == '[')
			return -EINVAL;
	}
	char portstr[8];
	snprintf(portstr, sizeof(portstr), "%u", port);
	if (getaddrinfo(host, portstr, &hints, &res) != 0 || !res)
		return hints.ai_flags & AI_NUMERICHOST ? -EINVAL : -EHOSTUNREACH;
	if (res->ai_addrlen > sizeof(*ss)) {
		freeaddrinfo(res);
		return -EINVAL;
	}
	memset(ss, 0, sizeof(*ss));
	memcpy(ss, res->ai_addr, res->ai_addrlen);
	*len = (socklen_t)res->ai_addrlen;
	freeaddrinfo(res);
	return 0;
}

void smb_addr_format(const struct sockaddr *sa, socklen_t len, char *out, size_t n)
{
	char ip[INET6_ADDRSTRLEN];

	if (sa->sa_family == AF_INET && len >= (socklen_t)sizeof(struct sockaddr_in)) {
		const struct sockaddr_in *in = (const struct sockaddr_in *)sa;

		if (inet_ntop(AF_INET, &in->sin_addr, ip, sizeof(ip))) {
			snprintf(out, n, "%s:%u", ip, (unsigned)ntohs(in->sin_port));
			return;
		}
	} else if (sa->sa_family == AF_INET6 && len >= (socklen_t)sizeof(struct sockaddr_in6)) {
		const struct sockaddr_in6 *in6 = (const struct sockaddr_in6 *)sa;

		if (inet_ntop(AF_INET6, &in6->sin6_addr, ip, sizeof(ip))) {
			snprintf(out, n, "[%s]:%u", ip, (unsigned)ntohs(in6->sin6_port));
			return;
		}
	}
	snprintf(out, n, "?");
}

void smb_addr_of_fd(int fd, bool peer, char *out, size_t n)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof(ss);
	int rc;

	memset(&ss, 0, sizeof(ss));
	rc = peer ? getpeername(fd, (struct sockaddr *)&ss, &len)
	          : getsockname(fd, (struct sockaddr *)&ss, &len);
	if (rc != 0) {
		snprintf(out, n, "?");
		return;
	}
	smb_addr_format((const struct sockaddr *)&ss, len, out, n);
}
