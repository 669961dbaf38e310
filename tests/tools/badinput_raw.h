/*
 * The raw side of tests/tools/srv_badinput.c: a blocking TCP client that
 * puts hand-made NBSS frames on the wire (the reference client refuses to
 * build most of them) and reads answers with a deadline, a safety net
 * against a server that neither answers nor closes.  Header-only because
 * every C file under tests/tools is a program of its own.
 */
#ifndef SMBSIM_TOOLS_BADINPUT_RAW_H
#define SMBSIM_TOOLS_BADINPUT_RAW_H

#include <errno.h>
#include <netdb.h>
#include <poll.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "wire/hdr.h"
#include "wire/nbss.h"
#include "wire/negotiate.h"
#include "wire/ntstatus.h"

/* Safety net for every raw wait: a server that neither answers nor closes
 * within this long has failed the case. */
#define RAW_TIMEOUT_MS 5000
/* Largest response frame the raw side reads. */
#define RAW_MAX_FRAME (64u * 1024)

static inline long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static inline int raw_connect(const char *host)
{
	struct addrinfo hints, *ai = NULL;
	int fd = -1;

	memset(&hints, 0, sizeof(hints));
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_NUMERICHOST;
	if (getaddrinfo(host, "445", &hints, &ai) || !ai)
		return -1;
	fd = socket(ai->ai_family, SOCK_STREAM, 0);
	if (fd >= 0 && connect(fd, ai->ai_addr, ai->ai_addrlen)) {
		close(fd);
		fd = -1;
	}
	freeaddrinfo(ai);
	return fd;
}

static inline bool raw_write(int fd, const void *p, size_t n)
{
	const uint8_t *b = p;

	while (n) {
		ssize_t k = send(fd, b, n, MSG_NOSIGNAL);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			return false;
		b += k;
		n -= (size_t)k;
	}
	return true;
}

/* One NBSS session message around len bytes. */
static inline bool raw_send(int fd, const void *p, size_t len)
{
	uint8_t h[SMB2_NBSS_HDR_SIZE];

	if (smb2_nbss_hdr_encode(h, SMB2_NBSS_SESSION_MESSAGE, (uint32_t)len) != STATUS_SUCCESS)
		return false;
	return raw_write(fd, h, sizeof(h)) && raw_write(fd, p, len);
}

/* Read exactly n bytes before the deadline: 1 done, 0 EOF or reset,
 * -1 timeout. */
static inline int raw_read(int fd, uint8_t *b, size_t n, long long deadline)
{
	while (n) {
		struct pollfd pfd = { fd, POLLIN, 0 };
		long long left = deadline - now_ms();
		ssize_t k;

		if (left <= 0 || poll(&pfd, 1, (int)left) == 0)
			return -1;
		k = recv(fd, b, n, 0);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			return 0;
		b += k;
		n -= (size_t)k;
	}
	return 1;
}

/* One response frame into buf: its length, 0 on EOF, -1 on timeout or a
 * frame the raw side will not hold. */
static inline long raw_recv(int fd, uint8_t *buf, size_t cap)
{
	long long deadline = now_ms() + RAW_TIMEOUT_MS;
	uint8_t h[SMB2_NBSS_HDR_SIZE];
	uint32_t len;
	int rc;

	for (;;) {
		rc = raw_read(fd, h, sizeof(h), deadline);
		if (rc <= 0)
			return rc;
		len = (uint32_t)h[1] << 16 | (uint32_t)h[2] << 8 | h[3];
		if (h[0] == SMB2_NBSS_KEEP_ALIVE && len == 0)
			continue;
		if (len > cap)
			return -1;
		rc = raw_read(fd, buf, len, deadline);
		return rc <= 0 ? rc : (long)len;
	}
}

/* An SMB2 request header for the raw side. */
static inline void raw_hdr(struct wr *w, uint16_t cmd, uint64_t mid, uint64_t sid,
                           uint16_t charge)
{
	struct smb2_hdr h;

	memset(&h, 0, sizeof(h));
	h.command = cmd;
	h.credit_charge = charge;
	h.credit = 1;
	h.message_id = mid;
	h.process_id = 0xFEFF;
	h.session_id = sid;
	(void)smb2_hdr_encode(w, &h);
}

/* Send one request made of a header (CreditCharge `charge`) and a body of
 * u16 words; the response status, or STATUS_CONNECTION_DISCONNECTED /
 * STATUS_IO_TIMEOUT. */
static inline NTSTATUS raw_call_charged(int fd, uint16_t cmd, uint64_t mid, uint64_t sid,
                                        uint16_t charge, const uint16_t *words, size_t nwords)
{
	uint8_t buf[RAW_MAX_FRAME];
	struct smb2_hdr h;
	struct wr w;
	struct rd r;
	long n;
	bool sent;

	wr_init(&w, RAW_MAX_FRAME);
	raw_hdr(&w, cmd, mid, sid, charge);
	for (size_t i = 0; i < nwords; i++)
		wr_u16(&w, words[i]);
	sent = wr_ok(&w) && raw_send(fd, w.buf, w.len);
	wr_free(&w);
	if (!sent)
		return STATUS_CONNECTION_DISCONNECTED;
	n = raw_recv(fd, buf, sizeof(buf));
	if (n <= 0)
		return n == 0 ? STATUS_CONNECTION_DISCONNECTED : STATUS_IO_TIMEOUT;
	rd_init(&r, buf, (size_t)n);
	if (smb2_hdr_decode(&r, &h) != STATUS_SUCCESS)
		return STATUS_INVALID_NETWORK_RESPONSE;
	return h.status;
}

/* The same, charged one credit. */
static inline NTSTATUS raw_call(int fd, uint16_t cmd, uint64_t mid, uint64_t sid,
                                const uint16_t *words, size_t nwords)
{
	return raw_call_charged(fd, cmd, mid, sid, 1, words, nwords);
}

/* NEGOTIATE for 2.1 with LARGE_MTU (multi-credit) on the raw side; asks
 * one credit, so the window after it is { 1 }. */
static inline NTSTATUS raw_negotiate(int fd)
{
	static const uint16_t body[] = {
		36, 1, SMB2_NEGOTIATE_SIGNING_ENABLED, 0,         /* size, count, mode, rsvd */
		SMB2_GLOBAL_CAP_LARGE_MTU, 0,                     /* Capabilities */
		1, 2, 3, 4, 5, 6, 7, 8,                           /* ClientGuid */
		0, 0, 0, 0,                                       /* ClientStartTime */
		SMB2_DIALECT_210,
	};

	return raw_call(fd, SMB2_NEGOTIATE, 0, 0, body, sizeof(body) / sizeof(body[0]));
}

#endif
