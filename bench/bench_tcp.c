/*
 * Raw loopback TCP: the limit the SMB figures of bench_server.sh are held
 * against, and two small helpers that script needs.
 *
 *   bench_tcp throughput [BYTES]   a forked sender writes BYTES (default
 *                                  1 GiB) in 1 MiB writes to a receiver on
 *                                  127.0.0.1; prints the receiver's rate
 *   bench_tcp free-port            prints a TCP port of 127.0.0.1 that was
 *                                  free a moment ago (bound to port 0)
 *   bench_tcp wait-listen PORT S   exits 0 once something accepts
 *                                  connections on 127.0.0.1:PORT, 1 when
 *                                  nothing does within S seconds
 *
 * Output of throughput, one "key value" a line: tcp_bytes, tcp_seconds,
 * tcp_mb_per_s (MB = 10^6 bytes).  The clock runs from accept() to the
 * sender's EOF, both in the receiver.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define TCP_CHUNK (1024u * 1024)
#define TCP_DEFAULT_BYTES (1024ull * 1024 * 1024)
/* Largest transfer accepted (the machine's memory is not involved, but a
 * typo should not run for an hour). */
#define TCP_MAX_BYTES (64ull * 1024 * 1024 * 1024)
/* wait-listen: pause between connection attempts, and the longest wait. */
#define WAIT_RETRY_MS 50
#define WAIT_MAX_S 120

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int parse_u64(const char *s, uint64_t min, uint64_t max, uint64_t *out)
{
	char *end;
	unsigned long long v;

	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno || end == s || *end || s[0] == '-' || v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

static void loopback(struct sockaddr_in *sa, uint16_t port)
{
	memset(sa, 0, sizeof(*sa));
	sa->sin_family = AF_INET;
	sa->sin_port = htons(port);
	sa->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
}

/* A listening socket on 127.0.0.1 and the port the kernel chose. */
static int listen_any(uint16_t *port)
{
	struct sockaddr_in sa;
	socklen_t len = sizeof(sa);
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	if (fd < 0)
		return -1;
	loopback(&sa, 0);
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) || listen(fd, 1) ||
	    getsockname(fd, (struct sockaddr *)&sa, &len)) {
		close(fd);
		return -1;
	}
	*port = ntohs(sa.sin_port);
	return fd;
}

static int connect_port(uint16_t port)
{
	struct sockaddr_in sa;
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	if (fd < 0)
		return -1;
	loopback(&sa, port);
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa))) {
		close(fd);
		return -1;
	}
	return fd;
}

/* The child: connect and write `bytes`, then close.  Exit status 0 on
 * success. */
static int sender(uint16_t port, uint64_t bytes)
{
	uint8_t *buf = malloc(TCP_CHUNK);
	int fd = connect_port(port);
	uint64_t left = bytes;

	if (!buf || fd < 0)
		return 1;
	memset(buf, 0x5a, TCP_CHUNK);
	while (left > 0) {
		size_t n = left < TCP_CHUNK ? (size_t)left : TCP_CHUNK;
		ssize_t w = write(fd, buf, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return 1;
		left -= (uint64_t)w;
	}
	close(fd);
	free(buf);
	return 0;
}

static int throughput(uint64_t bytes)
{
	uint16_t port;
	int lfd = listen_any(&port), fd, status;
	uint8_t *buf = malloc(TCP_CHUNK);
	uint64_t got = 0;
	double t0, t1;
	pid_t pid;

	if (lfd < 0 || !buf) {
		fprintf(stderr, "bench_tcp: cannot listen on 127.0.0.1: %s\n", strerror(errno));
		return 1;
	}
	pid = fork();
	if (pid < 0) {
		fprintf(stderr, "bench_tcp: fork: %s\n", strerror(errno));
		return 1;
	}
	if (pid == 0) {
		close(lfd);
		_exit(sender(port, bytes));
	}
	fd = accept(lfd, NULL, NULL);
	close(lfd);
	if (fd < 0) {
		fprintf(stderr, "bench_tcp: accept: %s\n", strerror(errno));
		kill(pid, SIGTERM);
		waitpid(pid, &status, 0);
		return 1;
	}
	t0 = now_s();
	for (;;) {
		ssize_t r = read(fd, buf, TCP_CHUNK);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		got += (uint64_t)r;
	}
	t1 = now_s();
	close(fd);
	free(buf);
	if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0 ||
	    got != bytes) {
		fprintf(stderr, "bench_tcp: received %llu of %llu bytes\n", (unsigned long long)got,
		        (unsigned long long)bytes);
		return 1;
	}
	printf("tcp_bytes %llu\ntcp_seconds %.3f\ntcp_mb_per_s %.1f\n", (unsigned long long)got,
	       t1 - t0, (double)got / (t1 - t0) / 1e6);
	return 0;
}

static int free_port(void)
{
	uint16_t port;
	int fd = listen_any(&port);

	if (fd < 0) {
		fprintf(stderr, "bench_tcp: cannot bind 127.0.0.1:0: %s\n", strerror(errno));
		return 1;
	}
	close(fd);
	printf("%u\n", port);
	return 0;
}

/* Servers such as smbd say nothing when they listen: try to connect until
 * one succeeds, bounded by the deadline. */
static int wait_listen(uint16_t port, unsigned seconds)
{
	double deadline = now_s() + seconds;

	for (;;) {
		int fd = connect_port(port);
		if (fd >= 0) {
			close(fd);
			return 0;
		}
		if (now_s() >= deadline)
			break;
		poll(NULL, 0, WAIT_RETRY_MS);
	}
	fprintf(stderr, "bench_tcp: nothing listens on 127.0.0.1:%u after %u s\n", port, seconds);
	return 1;
}

static int usage(void)
{
	fprintf(stderr, "usage: bench_tcp throughput [BYTES] | free-port | wait-listen PORT SECONDS\n");
	return 2;
}

int main(int argc, char **argv)
{
	uint64_t v, s;

	signal(SIGPIPE, SIG_IGN);
	if (argc >= 2 && !strcmp(argv[1], "throughput") && argc <= 3) {
		v = TCP_DEFAULT_BYTES;
		if (argc == 3 && parse_u64(argv[2], 1, TCP_MAX_BYTES, &v)) {
			fprintf(stderr, "bench_tcp: BYTES must be 1..%llu, not %s\n",
			        (unsigned long long)TCP_MAX_BYTES, argv[2]);
			return 2;
		}
		return throughput(v);
	}
	if (argc == 2 && !strcmp(argv[1], "free-port"))
		return free_port();
	if (argc == 4 && !strcmp(argv[1], "wait-listen")) {
		if (parse_u64(argv[2], 1, 65535, &v) || parse_u64(argv[3], 1, WAIT_MAX_S, &s)) {
			fprintf(stderr, "bench_tcp: wait-listen PORT (1..65535) SECONDS (1..%d)\n",
			        WAIT_MAX_S);
			return 2;
		}
		return wait_listen((uint16_t)v, (unsigned)s);
	}
	return usage();
}
