/*
 * bench_server: SMB figures of one server through the reference client
 * library (sim-client/lib), the same client for smbsim-server and Samba
 * smbd, so that bench_server.sh can set them side by side.
 *
 *   bench_server MODE HOST:PORT SHARE USER PASSWORD [options]
 *
 *   write         --file NAME --size BYTES   create (OVERWRITE_IF), write
 *                                            BYTES sequentially, close
 *   read          --file NAME --size BYTES   open an existing file, read
 *                                            BYTES sequentially, close
 *   create-close  --file NAME --seconds S    CREATE (OPEN_IF) + CLOSE pairs,
 *                                            one after the other, for S s
 *   idle-conns    --conns N --pid PID        open 1 + N connections, each
 *                                            with a session and a tree, and
 *                                            measure memory after the first
 *                                            and after the last
 * Options: --chunk BYTES (default 1 MiB) and --depth N (requests in flight,
 * default 4) for read and write.
 *
 * Every connection negotiates the highest dialect both sides speak (3.1.1
 * against both servers), unsigned and unencrypted.  Output: "key value"
 * lines (dialect, bytes, seconds, mb_per_s with MB = 10^6 bytes;
 * pairs_per_s; uss_kib_per_conn and rss_kib_per_conn).  Memory is summed
 * over PID and all its descendants (smbd forks one process per
 * connection), read from /proc after the first connection's tree connect
 * and after the last one's, divided by N: USS (Private_Clean + Private_Dirty of
 * smaps_rollup: what the processes hold that nobody else maps, so pages a
 * forked child still shares with its parent are not counted) and VmRSS
 * (which counts those shared pages in every process).
 *
 * Exit status: 0 measured; 3 the server answered STATUS_NOT_IMPLEMENTED
 * (a handler it does not have yet); 1 any other failure, with a line
 * naming the step and the status; 2 usage.
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <malloc.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <event2/event.h>

#include "sim-client/lib/cli_sync.h"

#define BENCH_DEFAULT_CHUNK (1024u * 1024)
#define BENCH_DEFAULT_DEPTH 4u
#define BENCH_MAX_DEPTH 64u
#define BENCH_MAX_SIZE (64ull * 1024 * 1024 * 1024)
#define BENCH_MAX_SECONDS 600u
#define BENCH_MAX_CONNS 2000u
/* Processes looked at when summing a server's memory. */
#define BENCH_MAX_PROCS 65536u
#define BENCH_HOST_MAX 256u

#define EXIT_MISSING 3
/* glibc malloc: allocations up to this size come from the heap, and the
 * heap keeps up to BENCH_TRIM of free memory.  Without them every 1 MiB
 * response the client library copies out of the transport is a fresh
 * mmap (or heap growth after a trim), and the page faults of touching it
 * cost the client more than the copy itself, the same for both servers:
 * the instrument, not the server, would be measured. */
#define BENCH_MMAP_THRESHOLD (16 * 1024 * 1024)
#define BENCH_TRIM (64 * 1024 * 1024)

struct args {
	const char *mode, *host_port, *share, *user, *password;
	const char *file;
	uint64_t size;
	uint32_t chunk, depth;
	unsigned seconds, conns;
	long pid;
	char unc[BENCH_HOST_MAX + 64];
};

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int fail(const char *step, NTSTATUS st)
{
	fprintf(stderr, "bench_server: %s failed: %s\n", step, nt_status_name(st));
	return st == STATUS_NOT_IMPLEMENTED ? EXIT_MISSING : 1;
}

/* ---- connections ------------------------------------------------------- */

struct link {
	struct cli_conn *c;
	struct cli_session *s;
	struct cli_tree *t;
};

static void link_close(struct link *l)
{
	if (l->t)
		cli_tree_free(l->t);
	if (l->s)
		cli_session_free(l->s);
	if (l->c)
		cli_conn_free(l->c);
	*l = (struct link){ 0 };
}

/* Connect, negotiate, log on and connect the share; *step names what
 * failed. */
static NTSTATUS link_open(struct event_base *base, const struct args *a, struct link *l,
                          const char **step)
{
	NTSTATUS st;

	*l = (struct link){ 0 };
	*step = "connect";
	st = cli_connect(base, a->host_port, NULL, &l->c);
	if (st != STATUS_SUCCESS)
		return st;
	*step = "negotiate";
	st = cli_negotiate(l->c, 0, 0);
	if (st == STATUS_SUCCESS) {
		*step = "session setup";
		st = cli_login(l->c, a->user, NULL, a->password, &l->s);
	}
	if (st == STATUS_SUCCESS) {
		*step = "tree connect";
		st = cli_tree_connect(l->s, a->unc, &l->t);
	}
	if (st != STATUS_SUCCESS)
		link_close(l);
	return st;
}

/* ---- sequential I/O ---------------------------------------------------- */

/* The bytes a done READ or WRITE request moved, checked against what was
 * asked. */
static NTSTATUS io_done(struct cli_req *r, bool write, uint32_t asked)
{
	NTSTATUS st = r->status;
	uint32_t n;

	if (st != STATUS_SUCCESS)
		return st;
	if (r->msg.kind != SMB2_MSG_RSP(write ? SMB2_WRITE : SMB2_READ))
		return STATUS_INVALID_NETWORK_RESPONSE;
	n = write ? r->msg.u.write_rsp.count : r->msg.u.read_rsp.data.len;
	if (n != asked) {
		fprintf(stderr, "bench_server: %s moved %u bytes of %u (short file?)\n",
		        write ? "WRITE" : "READ", n, asked);
		return STATUS_END_OF_FILE;
	}
	return STATUS_SUCCESS;
}

/* `size` bytes from offset 0 in chunks, `depth` requests in flight; each
 * response is waited for in the order sent. */
static NTSTATUS pipeline(struct cli_tree *t, struct smb2_fileid fid, const struct args *a,
                         bool write, const uint8_t *data)
{
	struct cli_req *ring[BENCH_MAX_DEPTH];
	uint32_t asked[BENCH_MAX_DEPTH];
	unsigned head = 0, inflight = 0;
	uint64_t sent = 0;
	NTSTATUS st = STATUS_SUCCESS;

	while (inflight > 0 || sent < a->size) {
		while (st == STATUS_SUCCESS && inflight < a->depth && sent < a->size) {
			uint32_t n = a->size - sent < a->chunk ? (uint32_t)(a->size - sent) : a->chunk;
			unsigned slot = (head + inflight) % BENCH_MAX_DEPTH;
			st = write ? cli_write_send(t, fid, sent, data, n, NULL, &ring[slot])
			           : cli_read_send(t, fid, sent, n, NULL, &ring[slot]);
			if (st != STATUS_SUCCESS)
				break;
			asked[slot] = n;
			inflight++;
			sent += n;
		}
		if (inflight == 0)
			break;
		NTSTATUS ws = cli_wait(ring[head], 0);
		if (ws == STATUS_SUCCESS || ring[head]->done)
			ws = io_done(ring[head], write, asked[head]);
		cli_req_free(ring[head]);
		head = (head + 1) % BENCH_MAX_DEPTH;
		inflight--;
		if (st == STATUS_SUCCESS)
			st = ws;
		if (st != STATUS_SUCCESS)
			sent = a->size; /* drain what is in flight, send nothing more */
	}
	return st;
}

static int run_io(struct event_base *base, const struct args *a, bool write)
{
	struct cli_create_args ca = { 0 };
	struct cli_open o;
	struct link l;
	const char *step;
	uint8_t *data = NULL;
	double t0, t1;
	NTSTATUS st;
	int rc;

	if (write) {
		data = malloc(a->chunk);
		if (!data)
			return fail("malloc", STATUS_NO_MEMORY);
		for (uint32_t i = 0; i < a->chunk; i++)
			data[i] = (uint8_t)(i * 131 + (i >> 11));
	}
	st = link_open(base, a, &l, &step);
	if (st != STATUS_SUCCESS) {
		free(data);
		return fail(step, st);
	}
	ca.desired_access = write ? SMB2_GENERIC_READ | SMB2_GENERIC_WRITE : SMB2_GENERIC_READ;
	ca.file_attributes = SMB2_FILE_ATTRIBUTE_NORMAL;
	ca.share_access = SMB2_FILE_SHARE_READ;
	ca.disposition = write ? SMB2_FILE_OVERWRITE_IF : SMB2_FILE_OPEN;
	ca.options = SMB2_FILE_NON_DIRECTORY_FILE;
	t0 = now_s();
	st = cli_create(l.t, a->file, &ca, &o);
	if (st != STATUS_SUCCESS) {
		rc = fail(write ? "create" : "open", st);
		goto out;
	}
	st = pipeline(l.t, o.id, a, write, data);
	if (st != STATUS_SUCCESS) {
		rc = fail(write ? "write" : "read", st);
		(void)cli_close(l.t, o.id);
		goto out;
	}
	st = cli_close(l.t, o.id);
	t1 = now_s();
	if (st != STATUS_SUCCESS) {
		rc = fail("close", st);
		goto out;
	}
	printf("dialect 0x%04x\nbytes %llu\nseconds %.3f\nmb_per_s %.1f\n", l.c->dialect,
	       (unsigned long long)a->size, t1 - t0, (double)a->size / (t1 - t0) / 1e6);
	rc = 0;
out:
	link_close(&l);
	free(data);
	return rc;
}

/* ---- create + close ---------------------------------------------------- */

static int run_create_close(struct event_base *base, const struct args *a)
{
	struct cli_create_args ca = { 0 };
	struct cli_open o;
	struct link l;
	const char *step;
	unsigned long pairs = 0;
	double t0, t1, end;
	NTSTATUS st;

	st = link_open(base, a, &l, &step);
	if (st != STATUS_SUCCESS)
		return fail(step, st);
	ca.desired_access = SMB2_GENERIC_READ;
	ca.file_attributes = SMB2_FILE_ATTRIBUTE_NORMAL;
	ca.share_access = SMB2_FILE_SHARE_READ | SMB2_FILE_SHARE_WRITE | SMB2_FILE_SHARE_DELETE;
	ca.disposition = SMB2_FILE_OPEN_IF;
	ca.options = SMB2_FILE_NON_DIRECTORY_FILE;
	t0 = now_s();
	end = t0 + a->seconds;
	do {
		st = cli_create(l.t, a->file, &ca, &o);
		if (st != STATUS_SUCCESS) {
			link_close(&l);
			return fail("create", st);
		}
		st = cli_close(l.t, o.id);
		if (st != STATUS_SUCCESS) {
			link_close(&l);
			return fail("close", st);
		}
		pairs++;
		t1 = now_s();
	} while (t1 < end);
	printf("dialect 0x%04x\npairs %lu\nseconds %.3f\npairs_per_s %.0f\n", l.c->dialect, pairs,
	       t1 - t0, (double)pairs / (t1 - t0));
	link_close(&l);
	return 0;
}

/* ---- memory of a process tree ------------------------------------------ */

/* The parent pid from /proc/PID/stat ("pid (comm) state ppid ..."; comm
 * may hold spaces and parentheses: the last ')' ends it). */
static long parent_of(long pid)
{
	char path[64], buf[1024];
	FILE *f;
	size_t n;
	char *p;
	long ppid;

	snprintf(path, sizeof(path), "/proc/%ld/stat", pid);
	f = fopen(path, "r");
	if (!f)
		return -1;
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = '\0';
	p = strrchr(buf, ')');
	if (!p || sscanf(p + 1, " %*c %ld", &ppid) != 1)
		return -1;
	return ppid;
}

/* The value in kB of the line starting with `key` in a /proc file; 0 when
 * absent. */
static unsigned long long proc_kib(long pid, const char *file, const char *key)
{
	char path[64], line[256];
	size_t kl = strlen(key);
	unsigned long long v = 0;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%ld/%s", pid, file);
	f = fopen(path, "r");
	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, key, kl) && sscanf(line + kl, " %llu", &v) == 1)
			break;
	fclose(f);
	return v;
}

/* Sum of VmRSS and USS (KiB) over root and its descendants. */
static int tree_memory(long root, unsigned long long *rss, unsigned long long *uss)
{
	static long pids[BENCH_MAX_PROCS], ppids[BENCH_MAX_PROCS];
	static unsigned char in[BENCH_MAX_PROCS];
	size_t n = 0;
	struct dirent *e;
	DIR *d = opendir("/proc");
	bool grew = true;

	if (!d)
		return -1;
	while ((e = readdir(d)) && n < BENCH_MAX_PROCS) {
		if (!isdigit((unsigned char)e->d_name[0]))
			continue;
		long pid = strtol(e->d_name, NULL, 10);
		long ppid = parent_of(pid);
		if (ppid < 0)
			continue;
		pids[n] = pid;
		ppids[n] = ppid;
		in[n] = pid == root;
		n++;
	}
	closedir(d);
	while (grew) {
		grew = false;
		for (size_t i = 0; i < n; i++) {
			if (in[i])
				continue;
			for (size_t j = 0; j < n; j++)
				if (in[j] && pids[j] == ppids[i]) {
					in[i] = 1;
					grew = true;
					break;
				}
		}
	}
	*rss = *uss = 0;
	bool found = false;
	for (size_t i = 0; i < n; i++) {
		if (!in[i])
			continue;
		found = true;
		*rss += proc_kib(pids[i], "status", "VmRSS:");
		*uss += proc_kib(pids[i], "smaps_rollup", "Private_Clean:") +
		        proc_kib(pids[i], "smaps_rollup", "Private_Dirty:");
	}
	return found ? 0 : -1;
}

/* A first connection stays open, unmeasured, while the others are: the
 * server's one-time set-up and the pages the client's own libraries share
 * with it (which would turn some private pages shared) happen before the
 * first measurement, and no connection is torn down in between (an smbd
 * child exits asynchronously). */
static int run_idle_conns(struct event_base *base, const struct args *a)
{
	struct link *ls = calloc(a->conns + 1, sizeof(*ls));
	unsigned long long rss0, uss0, rss1, uss1;
	const char *step;
	unsigned opened = 0;
	int rc = 0;

	if (!ls)
		return fail("malloc", STATUS_NO_MEMORY);
	for (; opened <= a->conns; opened++) {
		NTSTATUS st = link_open(base, a, &ls[opened], &step);
		if (st != STATUS_SUCCESS) {
			fprintf(stderr, "bench_server: connection %u: ", opened + 1);
			rc = fail(step, st);
			break;
		}
		if (opened == 0 && tree_memory(a->pid, &rss0, &uss0)) {
			fprintf(stderr, "bench_server: no process %ld to measure\n", a->pid);
			rc = 1;
			opened++;
			break;
		}
	}
	if (rc == 0 && tree_memory(a->pid, &rss1, &uss1)) {
		fprintf(stderr, "bench_server: process %ld is gone\n", a->pid);
		rc = 1;
	}
	if (rc == 0)
		printf("conns %u\nuss_kib_before %llu\nuss_kib_after %llu\nuss_kib_per_conn %.1f\n"
		       "rss_kib_per_conn %.1f\n",
		       a->conns, uss0, uss1, ((double)uss1 - (double)uss0) / a->conns,
		       ((double)rss1 - (double)rss0) / a->conns);
	for (unsigned i = 0; i < opened; i++)
		link_close(&ls[i]);
	free(ls);
	return rc;
}

/* ---- arguments ---------------------------------------------------------- */

static int parse_num(const char *s, unsigned long long min, unsigned long long max,
                     unsigned long long *out)
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

static int usage(void)
{
	fprintf(stderr,
	        "usage: bench_server MODE HOST:PORT SHARE USER PASSWORD [options]\n"
	        "  write|read    --file NAME --size BYTES [--chunk BYTES] [--depth N]\n"
	        "  create-close  --file NAME --seconds S\n"
	        "  idle-conns    --conns N --pid PID\n");
	return 2;
}

/* One "--name value" option; -1 and a message when wrong. */
static int parse_opt(struct args *a, const char *name, const char *val)
{
	unsigned long long v;

	if (!strcmp(name, "--file")) {
		a->file = val;
		return 0;
	}
	if (!strcmp(name, "--size") && !parse_num(val, 1, BENCH_MAX_SIZE, &v))
		a->size = v;
	else if (!strcmp(name, "--chunk") && !parse_num(val, 1, SMB2_MAX_IO_SIZE, &v))
		a->chunk = (uint32_t)v;
	else if (!strcmp(name, "--depth") && !parse_num(val, 1, BENCH_MAX_DEPTH, &v))
		a->depth = (uint32_t)v;
	else if (!strcmp(name, "--seconds") && !parse_num(val, 1, BENCH_MAX_SECONDS, &v))
		a->seconds = (unsigned)v;
	else if (!strcmp(name, "--conns") && !parse_num(val, 1, BENCH_MAX_CONNS, &v))
		a->conns = (unsigned)v;
	else if (!strcmp(name, "--pid") && !parse_num(val, 1, 1u << 22, &v))
		a->pid = (long)v;
	else {
		fprintf(stderr, "bench_server: bad option %s %s\n", name, val);
		return -1;
	}
	return 0;
}

static int parse_args(int argc, char **argv, struct args *a)
{
	size_t hl;
	const char *colon;

	if (argc < 6 || (argc - 6) % 2)
		return -1;
	*a = (struct args){ .chunk = BENCH_DEFAULT_CHUNK, .depth = BENCH_DEFAULT_DEPTH };
	a->mode = argv[1];
	a->host_port = argv[2];
	a->share = argv[3];
	a->user = argv[4];
	a->password = argv[5];
	for (int i = 6; i < argc; i += 2)
		if (parse_opt(a, argv[i], argv[i + 1]))
			return -1;
	colon = strrchr(a->host_port, ':');
	hl = colon ? (size_t)(colon - a->host_port) : strlen(a->host_port);
	if (hl == 0 || hl > BENCH_HOST_MAX || strlen(a->share) > 64) {
		fprintf(stderr, "bench_server: host or share name too long or empty\n");
		return -1;
	}
	snprintf(a->unc, sizeof(a->unc), "\\\\%.*s\\%s", (int)hl, a->host_port, a->share);
	if ((!strcmp(a->mode, "read") || !strcmp(a->mode, "write")) && (!a->file || !a->size))
		return -1;
	if (!strcmp(a->mode, "create-close") && (!a->file || !a->seconds))
		return -1;
	if (!strcmp(a->mode, "idle-conns") && (!a->conns || !a->pid))
		return -1;
	return 0;
}

int main(int argc, char **argv)
{
	struct event_base *base;
	struct args a;
	int rc;

	if (parse_args(argc, argv, &a))
		return usage();
	signal(SIGPIPE, SIG_IGN);
	(void)mallopt(M_MMAP_THRESHOLD, BENCH_MMAP_THRESHOLD);
	(void)mallopt(M_TRIM_THRESHOLD, BENCH_TRIM);
	base = event_base_new();
	if (!base)
		return fail("event_base_new", STATUS_NO_MEMORY);
	if (!strcmp(a.mode, "write") || !strcmp(a.mode, "read"))
		rc = run_io(base, &a, !strcmp(a.mode, "write"));
	else if (!strcmp(a.mode, "create-close"))
		rc = run_create_close(base, &a);
	else if (!strcmp(a.mode, "idle-conns"))
		rc = run_idle_conns(base, &a);
	else
		rc = usage();
	event_base_free(base);
	return rc;
}
