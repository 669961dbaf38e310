/*
 * Every message Samba's smbclient and smbd exchanged in the captured
 * fixtures (tests/fixtures/samba/<dialect>[-sign|-enc]/NNN-<dir>-<CMD>.bin,
 * made by scripts/capture-fixtures.sh) decodes with our codecs and with the
 * message dispatcher smb2_msg_decode(); re-encoding
 * the decoded message gives back the captured bytes; a sample of them fails
 * cleanly at every truncation; and spot checks tie the fields to what the
 * capture did (the dialect asked for, the FileIds CREATE handed out and
 * CLOSE gave back, the session of encrypted frames).
 *
 * Canonical-encoding exceptions: bytes a peer may choose and we do not
 * reproduce.  normalise() rewrites a copy of the captured message for each
 * before the byte comparison, and counts them:
 *  - PLACEHOLDER_MISSING: a body with odd StructureSize and no variable
 *    data; MS-SMB2 2.2 asks for one Buffer byte, the encoders write it
 *    (lib/README.md), Samba leaves it out of WRITE responses;
 *  - PLACEHOLDER_VALUE: the one ErrorData byte of an ERROR body with
 *    ByteCount 0 "SHOULD" be zero (MS-SMB2 2.2.2); Samba's interim
 *    (STATUS_PENDING) responses send 0x21;
 *  - TRAILING_ZEROS: fewer than 8 zero bytes after the last buffer (Samba
 *    NUL-terminates CREATE names beyond NameLength; compound members are
 *    padded up to NextCommand);
 *  - EMPTY_OFFSET: the offset of an empty buffer, which receivers ignore
 *    (MS-SMB2 2.2.31: Samba points IOCTL Input/OutputOffset past the fixed
 *    part when the count is 0, the encoder writes 0).
 * Any other difference fails the test and prints the first differing byte.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "wire/body.h"
#include "wire/cancel.h"
#include "wire/change_notify.h"
#include "wire/close.h"
#include "wire/create.h"
#include "wire/echo.h"
#include "wire/error.h"
#include "wire/flush.h"
#include "wire/ioctl.h"
#include "wire/lock.h"
#include "wire/logoff.h"
#include "wire/msg.h"
#include "wire/negotiate.h"
#include "wire/query_directory.h"
#include "wire/query_info.h"
#include "wire/read.h"
#include "wire/session_setup.h"
#include "wire/set_info.h"
#include "wire/transform.h"
#include "wire/tree_connect.h"
#include "wire/tree_disconnect.h"
#include "wire/write.h"

#define CODEC(name)                                                        \
	TU_DECODER(smb2_##name##_req_decode, struct smb2_##name##_req)     \
	TU_ENCODER(smb2_##name##_req_encode, struct smb2_##name##_req)     \
	TU_DECODER(smb2_##name##_rsp_decode, struct smb2_##name##_rsp)     \
	TU_ENCODER(smb2_##name##_rsp_encode, struct smb2_##name##_rsp)

CODEC(negotiate)
CODEC(session_setup)
CODEC(logoff)
CODEC(tree_connect)
CODEC(tree_disconnect)
CODEC(create)
CODEC(close)
CODEC(flush)
CODEC(read)
CODEC(write)
CODEC(lock)
CODEC(ioctl)
CODEC(echo)
CODEC(query_directory)
CODEC(change_notify)
CODEC(query_info)
CODEC(set_info)
TU_DECODER(smb2_cancel_req_decode, struct smb2_cancel_req)
TU_ENCODER(smb2_cancel_req_encode, struct smb2_cancel_req)
TU_DECODER(smb2_error_rsp_decode, struct smb2_error_rsp)
TU_ENCODER(smb2_error_rsp_encode, struct smb2_error_rsp)

struct codec {
	tu_decode_fn req_dec, rsp_dec;
	tu_encode_fn req_enc, rsp_enc;
	size_t req_size, rsp_size;
};

#define ENTRY(cmd, name)                                                   \
	[cmd] = { smb2_##name##_req_decode_tu, smb2_##name##_rsp_decode_tu, \
	          smb2_##name##_req_encode_tu, smb2_##name##_rsp_encode_tu, \
	          sizeof(struct smb2_##name##_req), sizeof(struct smb2_##name##_rsp) }

static const struct codec codecs[SMB2_COMMAND_COUNT] = {
	ENTRY(SMB2_NEGOTIATE, negotiate),
	ENTRY(SMB2_SESSION_SETUP, session_setup),
	ENTRY(SMB2_LOGOFF, logoff),
	ENTRY(SMB2_TREE_CONNECT, tree_connect),
	ENTRY(SMB2_TREE_DISCONNECT, tree_disconnect),
	ENTRY(SMB2_CREATE, create),
	ENTRY(SMB2_CLOSE, close),
	ENTRY(SMB2_FLUSH, flush),
	ENTRY(SMB2_READ, read),
	ENTRY(SMB2_WRITE, write),
	ENTRY(SMB2_LOCK, lock),
	ENTRY(SMB2_IOCTL, ioctl),
	[SMB2_CANCEL] = { smb2_cancel_req_decode_tu, NULL, smb2_cancel_req_encode_tu, NULL,
	                  sizeof(struct smb2_cancel_req), 0 },
	ENTRY(SMB2_ECHO, echo),
	ENTRY(SMB2_QUERY_DIRECTORY, query_directory),
	ENTRY(SMB2_CHANGE_NOTIFY, change_notify),
	ENTRY(SMB2_QUERY_INFO, query_info),
	ENTRY(SMB2_SET_INFO, set_info),
};

/* The largest decoded struct, so one buffer fits any of them. */
#define OUT_MAX 65536

/*
 * MS-SMB2 3.3.4.4: a response whose Status is not success carries the
 * ERROR body (2.2.2), except the statuses that come with the command's own
 * body: STATUS_MORE_PROCESSING_REQUIRED for SESSION_SETUP (3.3.5.5.3) and
 * STATUS_BUFFER_OVERFLOW for READ, IOCTL, QUERY_INFO and CHANGE_NOTIFY
 * (3.3.4.4).
 */
static bool has_error_body(const struct smb2_hdr *h)
{
	if (!smb2_hdr_is_response(h) || h->status == STATUS_SUCCESS)
		return false;
	if (h->status == STATUS_MORE_PROCESSING_REQUIRED && h->command == SMB2_SESSION_SETUP)
		return false;
	if (h->status == STATUS_BUFFER_OVERFLOW &&
	    (h->command == SMB2_READ || h->command == SMB2_IOCTL ||
	     h->command == SMB2_QUERY_INFO || h->command == SMB2_CHANGE_NOTIFY))
		return false;
	return true;
}

/* The body codec of a message: decoder, encoder and output size. */
static bool pick(const struct smb2_hdr *h, tu_decode_fn *dec, tu_encode_fn *enc, size_t *size)
{
	const struct codec *k;

	if (has_error_body(h)) {
		*dec = smb2_error_rsp_decode_tu;
		*enc = smb2_error_rsp_encode_tu;
		*size = sizeof(struct smb2_error_rsp);
		return true;
	}
	if (h->command >= SMB2_COMMAND_COUNT)
		return false;
	k = &codecs[h->command];
	*dec = smb2_hdr_is_response(h) ? k->rsp_dec : k->req_dec;
	*enc = smb2_hdr_is_response(h) ? k->rsp_enc : k->req_enc;
	*size = smb2_hdr_is_response(h) ? k->rsp_size : k->req_size;
	return *dec != NULL;
}

/* ---- the fixture set ------------------------------------------------ */

struct fixture {
	char dir[32];       /* "SMB3_11-enc" */
	char file[64];      /* "012-s2c-CREATE.bin" */
	char kind[24];      /* "CREATE", "TRANSFORM", "COMPOUND", "OTHER" */
	bool to_server;
	uint8_t *buf;
	size_t len;
};

struct fixture_set {
	struct fixture *f;
	size_t n, cap;
};

static int cmp_fixture(const void *a, const void *b)
{
	const struct fixture *x = a, *y = b;
	int d = strcmp(x->dir, y->dir);

	return d ? d : strcmp(x->file, y->file);
}

static bool parse_name(const char *name, struct fixture *fx)
{
	unsigned n;
	char dir[4], kind[24];
	size_t len = strlen(name);

	if (len < 5 || strcmp(name + len - 4, ".bin") != 0 || len >= sizeof(fx->file))
		return false;
	if (sscanf(name, "%3u-%3[cs2]-%23[A-Z_]", &n, dir, kind) != 3)
		return false;
	if (strcmp(dir, "c2s") != 0 && strcmp(dir, "s2c") != 0)
		return false;
	snprintf(fx->file, sizeof(fx->file), "%s", name);
	snprintf(fx->kind, sizeof(fx->kind), "%s", kind);
	fx->to_server = dir[0] == 'c';
	return true;
}

static void load_all(struct fixture_set *s)
{
	const char *src = getenv("SMBSIM_SRCDIR");
	char root[4096], rel[256];
	DIR *top, *sub;
	struct dirent *d, *e;

	snprintf(root, sizeof(root), "%s/tests/fixtures/samba", src ? src : ".");
	top = opendir(root);
	if (!top) {
		print_error("cannot open %s (run from the source tree or set SMBSIM_SRCDIR)\n", root);
		fail();
	}
	while ((d = readdir(top))) {
		char path[4400];

		if (d->d_name[0] == '.' || strcmp(d->d_name, "pcap") == 0 ||
		    strlen(d->d_name) >= sizeof(s->f[0].dir))
			continue;
		snprintf(path, sizeof(path), "%s/%s", root, d->d_name);
		sub = opendir(path);
		if (!sub)
			continue;
		while ((e = readdir(sub))) {
			struct fixture fx;

			memset(&fx, 0, sizeof(fx));
			if (!parse_name(e->d_name, &fx))
				continue;
			snprintf(fx.dir, sizeof(fx.dir), "%s", d->d_name);
			snprintf(rel, sizeof(rel), "samba/%s/%s", fx.dir, fx.file);
			fx.buf = tu_load_fixture(rel, &fx.len);
			assert_non_null(fx.buf);
			if (s->n == s->cap) {
				s->cap = s->cap ? 2 * s->cap : 512;
				s->f = realloc(s->f, s->cap * sizeof(*s->f));
				assert_non_null(s->f);
			}
			s->f[s->n++] = fx;
		}
		closedir(sub);
	}
	closedir(top);
	qsort(s->f, s->n, sizeof(*s->f), cmp_fixture);
}

static void free_all(struct fixture_set *s)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		free(s->f[i].buf);
	free(s->f);
}

static struct fixture_set set;

static int setup(void **state)
{
	(void)state;
	load_all(&set);
	return set.n ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	free_all(&set);
	return 0;
}

/* ---- checks ------------------------------------------------------------ */

/* Decode one SMB2 message (header and body) into hdr and out. */
static NTSTATUS decode_msg(const uint8_t *msg, size_t len, struct smb2_hdr *h, void *out,
                           tu_decode_fn *dec_out, tu_encode_fn *enc_out, size_t *size_out,
                           const char **err_field, size_t *err_off)
{
	struct rd c;
	NTSTATUS st;
	tu_decode_fn dec;
	tu_encode_fn enc;
	size_t size;

	rd_init(&c, msg, len);
	st = smb2_hdr_decode(&c, h);
	if (st) {
		*err_field = c.err_field;
		*err_off = c.err_off;
		return st;
	}
	if (!pick(h, &dec, &enc, &size))
		return STATUS_NOT_IMPLEMENTED;
	st = dec(&c, out);
	if (st) {
		*err_field = c.err_field;
		*err_off = c.err_off;
		return st;
	}
	*dec_out = dec;
	*enc_out = enc;
	*size_out = size;
	return STATUS_SUCCESS;
}

enum { PLACEHOLDER_MISSING, PLACEHOLDER_VALUE, TRAILING_ZEROS, EMPTY_OFFSET, N_EXCEPTIONS };
static const char *const exception_names[N_EXCEPTIONS] = {
	"placeholder byte missing", "placeholder byte value", "trailing zeros",
	"offset of an empty buffer",
};
static size_t exceptions[N_EXCEPTIONS];

#define IOCTL_IN_OFF (SMB2_HDR_SIZE + 24)
#define IOCTL_IN_COUNT (SMB2_HDR_SIZE + 28)
#define IOCTL_OUT_OFF (SMB2_HDR_SIZE + 36)
#define IOCTL_OUT_COUNT (SMB2_HDR_SIZE + 40)

/* Apply the exceptions of the file comment to cap (a copy of the captured
 * message, with room for one more byte), given our encoding enc. */
static size_t normalise(uint8_t *cap, size_t len, const uint8_t *enc, size_t enc_len,
                        const struct smb2_hdr *h)
{
	uint16_t ssize = len >= SMB2_HDR_SIZE + 2 ? le16(cap + SMB2_HDR_SIZE) : 0;
	size_t k;

	if ((ssize & 1) && enc_len == len + 1 && len == SMB2_HDR_SIZE + (ssize & ~1u) &&
	    enc[len] == 0) {
		cap[len++] = 0;
		exceptions[PLACEHOLDER_MISSING]++;
	}
	if (ssize == 9 && len == SMB2_HDR_SIZE + 9 && le32(cap + SMB2_HDR_SIZE + 4) == 0 &&
	    cap[len - 1] != 0 && h->status != STATUS_SUCCESS) {
		cap[len - 1] = 0;
		exceptions[PLACEHOLDER_VALUE]++;
	}
	if (len > enc_len && len - enc_len < 8) {
		bool zeros = true;
		for (k = enc_len; k < len; k++)
			zeros &= cap[k] == 0;
		if (zeros) {
			len = enc_len;
			exceptions[TRAILING_ZEROS]++;
		}
	}
	if (h->command == SMB2_IOCTL && !smb2_hdr_is_response(h) && len >= IOCTL_OUT_COUNT + 4 &&
	    enc_len >= IOCTL_OUT_COUNT + 4) {
		if (le32(cap + IOCTL_IN_COUNT) == 0 &&
		    le32(cap + IOCTL_IN_OFF) != le32(enc + IOCTL_IN_OFF)) {
			memcpy(cap + IOCTL_IN_OFF, enc + IOCTL_IN_OFF, 4);
			exceptions[EMPTY_OFFSET]++;
		}
		if (le32(cap + IOCTL_OUT_COUNT) == 0 &&
		    le32(cap + IOCTL_OUT_OFF) != le32(enc + IOCTL_OUT_OFF)) {
			memcpy(cap + IOCTL_OUT_OFF, enc + IOCTL_OUT_OFF, 4);
			exceptions[EMPTY_OFFSET]++;
		}
	}
	return len;
}

/* Re-encode header and body; the caller frees w. */
static bool reencode(const struct smb2_hdr *h, tu_encode_fn enc, const void *out, struct wr *w)
{
	wr_init(w, 0);
	return smb2_hdr_encode(w, h) == STATUS_SUCCESS && enc(w, out) == STATUS_SUCCESS;
}

/* Re-encode and compare with the captured bytes, up to the exceptions. */
static bool reencode_matches(const struct fixture *fx, const uint8_t *msg, size_t len,
                             const struct smb2_hdr *h, tu_encode_fn enc, const void *out)
{
	struct wr w;
	uint8_t *cap = malloc(len + 1);
	size_t n;
	bool ok;

	assert_non_null(cap);
	memcpy(cap, msg, len);
	ok = reencode(h, enc, out, &w);
	n = ok ? normalise(cap, len, w.buf, w.len, h) : len;
	ok = ok && n == w.len && memcmp(w.buf, cap, n) == 0;
	if (!ok) {
		size_t diff = 0;

		while (diff < w.len && diff < n && w.buf[diff] == cap[diff])
			diff++;
		print_error("%s/%s: re-encoded %zu bytes, captured %zu, first difference at %zu\n",
		            fx->dir, fx->file, w.len, len, diff);
	}
	wr_free(&w);
	free(cap);
	return ok;
}

static uint16_t dir_dialect(const char *dir)
{
	static const struct { const char *p; uint16_t d; } map[] = {
		{ "SMB2_02", SMB2_DIALECT_202 }, { "SMB2_10", SMB2_DIALECT_210 },
		{ "SMB3_00", SMB2_DIALECT_300 }, { "SMB3_02", SMB2_DIALECT_302 },
		{ "SMB3_11", SMB2_DIALECT_311 },
	};
	size_t i;

	for (i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (strncmp(dir, map[i].p, strlen(map[i].p)) == 0)
			return map[i].d;
	return 0;
}

/* Every plain message decodes and re-encodes to the same bytes. */
static void test_decode_and_reencode(void **state)
{
	size_t i, decoded = 0, failures = 0;
	void *out = malloc(OUT_MAX);

	(void)state;
	assert_non_null(out);
	for (i = 0; i < set.n; i++) {
		const struct fixture *fx = &set.f[i];
		struct smb2_hdr h;
		tu_decode_fn dec;
		tu_encode_fn enc;
		size_t size;
		const char *field = NULL;
		size_t off = 0;
		NTSTATUS st;

		if (strcmp(fx->kind, "TRANSFORM") == 0 || strcmp(fx->kind, "COMPOUND") == 0)
			continue;
		st = decode_msg(fx->buf, fx->len, &h, out, &dec, &enc, &size, &field, &off);
		if (st) {
			print_error("%s/%s: %s at %s offset %zu\n", fx->dir, fx->file,
			            nt_status_name(st), field ? field : "?", off);
			failures++;
			continue;
		}
		assert_true(size <= OUT_MAX);
		/* The file name says which command and direction it is. */
		if (strcmp(smb2_command_name(h.command), fx->kind) != 0 ||
		    smb2_hdr_is_response(&h) == fx->to_server) {
			print_error("%s/%s: header says %s %s\n", fx->dir, fx->file,
			            smb2_command_name(h.command),
			            smb2_hdr_is_response(&h) ? "response" : "request");
			failures++;
			continue;
		}
		if (!reencode_matches(fx, fx->buf, fx->len, &h, enc, out))
			failures++;
		decoded++;
	}
	free(out);
	print_message("samba fixtures: %zu files, %zu messages decoded, %zu failures\n",
	              set.n, decoded, failures);
	for (i = 0; i < N_EXCEPTIONS; i++)
		print_message("  exception \"%s\": %zu\n", exception_names[i], exceptions[i]);
	assert_true(decoded > 1000);
	assert_int_equal(failures, 0);
}

/* The message dispatcher (wire/msg.h) takes every plain message too, and
 * re-encodes it to what the per-command codecs give. */
static void test_msg_dispatcher(void **state)
{
	size_t i, n = 0;
	struct smb2_msg *m = malloc(sizeof(*m));

	(void)state;
	assert_non_null(m);
	for (i = 0; i < set.n; i++) {
		const struct fixture *fx = &set.f[i];
		struct rd c;
		struct wr w;
		NTSTATUS st;

		if (strcmp(fx->kind, "TRANSFORM") == 0 || strcmp(fx->kind, "COMPOUND") == 0)
			continue;
		rd_init(&c, fx->buf, fx->len);
		st = smb2_msg_decode(&c, m);
		if (st) {
			print_error("%s/%s: smb2_msg_decode: %s at %s offset %zu\n", fx->dir,
			            fx->file, nt_status_name(st), c.err_field ? c.err_field : "?",
			            c.err_off);
			fail();
		}
		assert_int_equal(m->hdr.command, le16(fx->buf + 12));
		wr_init(&w, 0);
		assert_status(smb2_msg_encode(&w, m), STATUS_SUCCESS);
		/* Same length up to the exceptions of the file comment. */
		assert_true(w.len + 8 > fx->len && w.len < fx->len + 2);
		assert_memory_equal(w.buf, fx->buf, SMB2_HDR_SIZE);
		wr_free(&w);
		n++;
	}
	free(m);
	assert_true(n > 1000);
}

/* Transform frames: the header decodes, names the session that
 * SESSION_SETUP established, and its payload is the rest of the frame. */
static void test_transform_frames(void **state)
{
	size_t i, n = 0;
	uint64_t session = 0;

	(void)state;
	for (i = 0; i < set.n; i++) {
		const struct fixture *fx = &set.f[i];
		struct smb2_transform_hdr t;
		struct smb2_blob payload;
		struct rd c;

		if (i == 0 || strcmp(fx->dir, set.f[i - 1].dir) != 0)
			session = 0;
		if (strcmp(fx->kind, "SESSION_SETUP") == 0 && !fx->to_server) {
			struct smb2_hdr h;
			rd_init(&c, fx->buf, fx->len);
			assert_status(smb2_hdr_decode(&c, &h), STATUS_SUCCESS);
			if (h.status == STATUS_SUCCESS)
				session = h.session_id;
		}
		if (strcmp(fx->kind, "TRANSFORM") != 0)
			continue;
		assert_non_null(strstr(fx->dir, "-enc"));
		rd_init(&c, fx->buf, fx->len);
		assert_status(smb2_transform_decode(&c, &t, &payload), STATUS_SUCCESS);
		assert_int_equal(t.flags, SMB2_TRANSFORM_FLAG_ENCRYPTED);
		assert_int_equal(t.original_size, fx->len - SMB2_TRANSFORM_HDR_SIZE);
		assert_int_equal(payload.len, t.original_size);
		assert_ptr_equal(payload.p, fx->buf + SMB2_TRANSFORM_HDR_SIZE);
		assert_true(session != 0);
		assert_int_equal(t.session_id, session);
		{
			/* Round trip of the 52-byte header. */
			struct wr w;
			wr_init(&w, 0);
			assert_status(smb2_transform_encode(&w, &t), STATUS_SUCCESS);
			assert_int_equal(w.len, SMB2_TRANSFORM_HDR_SIZE);
			assert_memory_equal(w.buf, fx->buf, SMB2_TRANSFORM_HDR_SIZE);
			wr_free(&w);
		}
		n++;
	}
	assert_true(n > 100);
}

/* Spot checks: NEGOTIATE asked for and got the dialect of the directory;
 * every FileId a successful CREATE handed out comes back in a CLOSE. */
static void test_spot_checks(void **state)
{
	size_t i, j, negs = 0, creates = 0;
	void *out = malloc(OUT_MAX);

	(void)state;
	assert_non_null(out);
	for (i = 0; i < set.n; i++) {
		const struct fixture *fx = &set.f[i];
		struct smb2_hdr h;
		tu_decode_fn dec;
		tu_encode_fn enc;
		size_t size, off;
		const char *field;
		uint16_t want = dir_dialect(fx->dir);

		if (strcmp(fx->kind, "NEGOTIATE") != 0 && strcmp(fx->kind, "CREATE") != 0)
			continue;
		assert_status(decode_msg(fx->buf, fx->len, &h, out, &dec, &enc, &size, &field, &off),
		              STATUS_SUCCESS);
		if (h.command == SMB2_NEGOTIATE && fx->to_server) {
			const struct smb2_negotiate_req *r = out;
			bool found = false;
			for (j = 0; j < r->dialect_count; j++)
				found |= r->dialects[j] == want;
			assert_true(found);
			/* smbclient -m caps the list at the dialect asked for. */
			for (j = 0; j < r->dialect_count; j++)
				assert_true(r->dialects[j] <= want);
			assert_int_equal(r->ctx.count > 0, want == SMB2_DIALECT_311);
			negs++;
		} else if (h.command == SMB2_NEGOTIATE) {
			const struct smb2_negotiate_rsp *r = out;
			assert_int_equal(r->dialect_revision, want);
			assert_true(r->security_buffer.len > 0); /* SPNEGO hints */
			if (want == SMB2_DIALECT_311) {
				assert_non_null(smb2_neg_ctx_find(&r->ctx,
				                                  SMB2_PREAUTH_INTEGRITY_CAPABILITIES));
			}
			negs++;
		} else if (!fx->to_server && h.status == STATUS_SUCCESS) {
			const struct smb2_create_rsp *r = out;
			bool closed = false;
			/* The CLOSE that gives the FileId back, later in the run. */
			for (j = i + 1; j < set.n && strcmp(set.f[j].dir, fx->dir) == 0; j++) {
				struct smb2_hdr ch;
				struct smb2_close_req cr;
				struct rd c;
				if (strcmp(set.f[j].kind, "CLOSE") != 0 || !set.f[j].to_server)
					continue;
				rd_init(&c, set.f[j].buf, set.f[j].len);
				assert_status(smb2_hdr_decode(&c, &ch), STATUS_SUCCESS);
				assert_status(smb2_close_req_decode(&c, &cr), STATUS_SUCCESS);
				if (cr.file_id.persistent == r->file_id.persistent &&
				    cr.file_id.volatile_ == r->file_id.volatile_) {
					closed = true;
					break;
				}
			}
			if (!closed)
				print_error("%s/%s: FileId never closed\n", fx->dir, fx->file);
			assert_true(closed);
			creates++;
		}
	}
	free(out);
	assert_true(negs >= 26);
	assert_true(creates > 100);
}

/* Create contexts: smbclient 4.17 sends none on these opens (and Samba
 * answers none); a context list decodes exactly when CreateContextsLength
 * is non-zero, and each name is 4 characters or a 16-byte GUID. */
static void test_create_contexts(void **state)
{
	size_t i, creates = 0, seen = 0;
	void *out = malloc(OUT_MAX);

	(void)state;
	assert_non_null(out);
	for (i = 0; i < set.n; i++) {
		const struct fixture *fx = &set.f[i];
		struct smb2_hdr h;
		tu_decode_fn dec;
		tu_encode_fn enc;
		size_t size, off, k;
		const char *field;
		const struct smb2_create_ctx_list *l;
		const struct smb2_blob *raw;

		if (strcmp(fx->kind, "CREATE") != 0)
			continue;
		assert_status(decode_msg(fx->buf, fx->len, &h, out, &dec, &enc, &size, &field, &off),
		              STATUS_SUCCESS);
		if (has_error_body(&h))
			continue;
		if (fx->to_server) {
			l = &((const struct smb2_create_req *)out)->contexts;
			raw = &((const struct smb2_create_req *)out)->contexts_raw;
		} else {
			l = &((const struct smb2_create_rsp *)out)->contexts;
			raw = &((const struct smb2_create_rsp *)out)->contexts_raw;
		}
		assert_int_equal(raw->len == 0, l->count == 0);
		for (k = 0; k < l->count; k++) {
			assert_true(l->ctx[k].name.len == 4 || l->ctx[k].name.len == 16);
			seen++;
		}
		creates++;
	}
	free(out);
	print_message("samba fixtures: %zu creates, %zu create contexts\n", creates, seen);
	assert_true(creates > 200);
}

/* Malformed twins: the first NEGOTIATE, SESSION_SETUP, TREE_CONNECT,
 * CREATE, QUERY_DIRECTORY and QUERY_INFO of each direction and directory,
 * cut at every length, fail and leave the output untouched. */
static void test_truncations(void **state)
{
	static const char *const kinds[] = {
		"NEGOTIATE", "SESSION_SETUP", "TREE_CONNECT", "CREATE", "QUERY_DIRECTORY",
		"QUERY_INFO", "READ", "WRITE", "IOCTL",
	};
	size_t i, k, done = 0;
	void *out = malloc(OUT_MAX);

	(void)state;
	assert_non_null(out);
	for (i = 0; i < set.n; i++) {
		const struct fixture *fx = &set.f[i];
		struct smb2_hdr h;
		tu_decode_fn dec;
		tu_encode_fn enc;
		size_t size, off;
		const char *field;
		bool wanted = false;

		/* The plain SMB3_11 run and the SMB2_02 one cover both header
		 * forms of every kind. */
		if (strcmp(fx->dir, "SMB3_11") != 0 && strcmp(fx->dir, "SMB2_02") != 0)
			continue;
		for (k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++)
			wanted |= strcmp(fx->kind, kinds[k]) == 0;
		if (!wanted)
			continue;
		assert_status(decode_msg(fx->buf, fx->len, &h, out, &dec, &enc, &size, &field, &off),
		              STATUS_SUCCESS);
		{
			/* Every cut inside what our encoder would write must fail;
			 * a body that is only its fixed part may lose the optional
			 * placeholder byte (see the exceptions above). */
			struct wr w;
			size_t min_ok;
			uint16_t ssize = le16(fx->buf + SMB2_HDR_SIZE);

			assert_true(reencode(&h, enc, out, &w));
			min_ok = w.len < fx->len ? w.len : fx->len;
			if ((ssize & 1) && w.len == SMB2_HDR_SIZE + (size_t)ssize)
				min_ok = w.len - 1;
			wr_free(&w);
			tu_truncations(dec, fx->buf, fx->len, min_ok, size);
		}
		done++;
	}
	free(out);
	assert_true(done > 50);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_decode_and_reencode),
		cmocka_unit_test(test_msg_dispatcher),
		cmocka_unit_test(test_transform_frames),
		cmocka_unit_test(test_spot_checks),
		cmocka_unit_test(test_create_contexts),
		cmocka_unit_test(test_truncations),
	};
	return cmocka_run_group_tests_name("samba_fixtures", tests, setup, teardown);
}
