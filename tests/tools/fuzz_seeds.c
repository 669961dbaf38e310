/*
 * Write seed inputs for the fuzz targets, made by the encoders and taken
 * from the captured fixtures:
 *
 *   fuzz_seeds OUT_DIR [SRC_DIR]
 *
 * creates OUT_DIR/fuzz_server_msg/, OUT_DIR/fuzz_client_msg/ and
 * OUT_DIR/fuzz_framing/ (one file per seed).  scripts/fuzz.sh minimises
 * them into tests/fuzz/corpus/<target>/ with libFuzzer's -merge=1.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "wire/compound.h"
#include "wire/error.h"
#include "wire/msg.h"
#include "wire/nbss.h"
#include "wire/transform.h"

static const char *out_dir;
static unsigned written;

static void die(const char *what)
{
	fprintf(stderr, "fuzz_seeds: %s: %s\n", what, strerror(errno));
	exit(1);
}

static void put_file(const char *target, const char *name, const uint8_t *p, size_t n)
{
	char path[4096];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", out_dir, target);
	if (mkdir(path, 0755) != 0 && errno != EEXIST)
		die(path);
	snprintf(path, sizeof(path), "%s/%s/seed-%s", out_dir, target, name);
	f = fopen(path, "wb");
	if (!f)
		die(path);
	if (n && fwrite(p, 1, n, f) != n)
		die(path);
	fclose(f);
	written++;
}

static const uint8_t data8[8] = { 1, 2, 3, 4, 5, 6, 7, 8 };

static struct smb2_msg *new_msg(uint16_t cmd, bool rsp)
{
	static struct smb2_msg m;

	memset(&m, 0, sizeof(m));
	m.hdr.command = cmd;
	m.hdr.credit = 1;
	m.hdr.message_id = 3;
	m.hdr.process_id = 0xFEFF;
	m.hdr.tree_id = 1;
	m.hdr.session_id = 0x21;
	m.hdr.flags = rsp ? SMB2_FLAGS_SERVER_TO_REDIR : 0;
	m.kind = rsp ? SMB2_MSG_RSP(cmd) : SMB2_MSG_REQ(cmd);
	switch (cmd) {
	case SMB2_NEGOTIATE:
		if (!rsp) {
			m.u.negotiate_req.dialect_count = 2;
			m.u.negotiate_req.dialects[0] = SMB2_DIALECT_210;
			m.u.negotiate_req.dialects[1] = SMB2_DIALECT_302;
		} else {
			m.u.negotiate_rsp.dialect_revision = SMB2_DIALECT_302;
		}
		break;
	case SMB2_SESSION_SETUP:
		if (!rsp)
			m.u.session_setup_req.security_buffer = (struct smb2_blob){ data8, 8 };
		else
			m.u.session_setup_rsp.security_buffer = (struct smb2_blob){ data8, 8 };
		break;
	case SMB2_READ:
		if (rsp)
			m.u.read_rsp.data = (struct smb2_blob){ data8, 8 };
		else
			m.u.read_req.length = 4096;
		break;
	case SMB2_WRITE:
		if (!rsp)
			m.u.write_req.data = (struct smb2_blob){ data8, 8 };
		break;
	case SMB2_LOCK:
		if (!rsp) {
			m.u.lock_req.lock_count = 1;
			m.u.lock_req.locks[0].length = 1;
			m.u.lock_req.locks[0].flags = 2;
		}
		break;
	case SMB2_OPLOCK_BREAK:
		if (rsp)
			m.u.oplock_break_rsp.kind = SMB2_BREAK_OPLOCK;
		else
			m.u.oplock_break_req.kind = SMB2_BREAK_OPLOCK_ACK;
		break;
	default:
		break;
	}
	return &m;
}

static void encode_or_die(struct wr *w, const struct smb2_msg *m)
{
	if (smb2_msg_encode(w, m) != STATUS_SUCCESS) {
		fprintf(stderr, "fuzz_seeds: cannot encode %s\n", smb2_msg_kind_name(m->kind));
		exit(1);
	}
}

/* One message per command and direction. */
static void single_messages(void)
{
	for (uint16_t cmd = 0; cmd < SMB2_COMMAND_COUNT; cmd++) {
		for (int rsp = 0; rsp < 2; rsp++) {
			struct wr w;
			char name[64];

			if (cmd == SMB2_CANCEL && rsp)
				continue;
			wr_init(&w, 0);
			encode_or_die(&w, new_msg(cmd, rsp));
			snprintf(name, sizeof(name), "%s-%s", smb2_command_name(cmd),
			         rsp ? "rsp" : "req");
			put_file(rsp ? "fuzz_client_msg" : "fuzz_server_msg", name, w.buf, w.len);
			wr_free(&w);
		}
	}
}

static void error_responses(void)
{
	struct smb2_msg *m;
	struct wr w, sym, redir;
	uint8_t need[4] = { 0, 0x10, 0, 0 };
	const uint8_t name[4] = { 's', 0, 'h', 0 };
	struct smb2_symlink_error s = {
		.reparse_tag = SMB2_IO_REPARSE_TAG_SYMLINK,
		.substitute_name = { name, 4 }, .print_name = { name, 2 },
	};
	struct smb2_move_dst_ipaddr ip = { SMB2_MOVE_DST_IPADDR_V4, { 10, 0, 0, 1 } };
	struct smb2_blob nb = { name, 4 };

	/* Plain, interim async, buffer too small. */
	wr_init(&w, 0);
	m = new_msg(SMB2_CREATE, true);
	m->kind = SMB2_MSG_ERROR;
	m->hdr.status = STATUS_OBJECT_NAME_NOT_FOUND;
	encode_or_die(&w, m);
	put_file("fuzz_client_msg", "error-plain", w.buf, w.len);
	wr_reset(&w);
	m->hdr.flags |= SMB2_FLAGS_ASYNC_COMMAND;
	m->hdr.async_id = 7;
	m->hdr.status = STATUS_PENDING;
	encode_or_die(&w, m);
	put_file("fuzz_client_msg", "error-interim", w.buf, w.len);
	wr_reset(&w);
	m = new_msg(SMB2_QUERY_INFO, true);
	m->kind = SMB2_MSG_ERROR;
	m->hdr.status = STATUS_BUFFER_TOO_SMALL;
	m->u.error.data = (struct smb2_blob){ need, 4 };
	encode_or_die(&w, m);
	put_file("fuzz_client_msg", "error-buffer-too-small", w.buf, w.len);

	/* Symlink, plain and as a 3.1.1 context; share redirect context. */
	wr_init(&sym, 0);
	wr_init(&redir, 0);
	(void)smb2_symlink_error_encode(&sym, &s);
	(void)smb2_share_redirect_encode(&redir, &ip, 1, &nb);
	m = new_msg(SMB2_CREATE, true);
	m->kind = SMB2_MSG_ERROR;
	m->hdr.status = STATUS_STOPPED_ON_SYMLINK;
	m->u.error.data = (struct smb2_blob){ sym.buf, (uint32_t)sym.len };
	wr_reset(&w);
	encode_or_die(&w, m);
	put_file("fuzz_client_msg", "error-symlink", w.buf, w.len);
	m->u.error.data = (struct smb2_blob){ NULL, 0 };
	m->u.error.context_count = 2;
	m->u.error.contexts[0] = (struct smb2_error_ctx){ SMB2_ERROR_ID_DEFAULT,
	                                                 { sym.buf, (uint32_t)sym.len } };
	m->u.error.contexts[1] = (struct smb2_error_ctx){ SMB2_ERROR_ID_SHARE_REDIRECT,
	                                                 { redir.buf, (uint32_t)redir.len } };
	wr_reset(&w);
	encode_or_die(&w, m);
	put_file("fuzz_client_msg", "error-contexts", w.buf, w.len);
	wr_free(&sym);
	wr_free(&redir);
	wr_free(&w);
}

/* A related chain CREATE + READ + CLOSE, in both directions; returned in
 * w for the framing seeds. */
static void chains(struct wr *req_chain)
{
	const uint16_t cmds[3] = { SMB2_CREATE, SMB2_READ, SMB2_CLOSE };

	for (int rsp = 0; rsp < 2; rsp++) {
		struct smb2_compound_builder b;
		struct wr w;

		wr_init(&w, 0);
		smb2_compound_begin(&b, &w);
		for (int i = 0; i < 3; i++) {
			struct smb2_msg *m = new_msg(cmds[i], rsp);
			if (i)
				m->hdr.flags |= SMB2_FLAGS_RELATED_OPERATIONS;
			m->hdr.message_id = 10 + (uint64_t)i;
			(void)smb2_compound_add(&b);
			encode_or_die(&w, m);
		}
		if (smb2_compound_end(&b) != STATUS_SUCCESS)
			exit(1);
		put_file(rsp ? "fuzz_client_msg" : "fuzz_server_msg", "chain", w.buf, w.len);
		if (!rsp) {
			*req_chain = w;
			continue;
		}
		wr_free(&w);
	}
}

/* Transform and compression frames around a message. */
static void wrapped(const struct wr *chain, struct wr *enc, struct wr *comp)
{
	struct smb2_transform_hdr th = {
		.original_size = (uint32_t)chain->len, .flags = SMB2_TRANSFORM_FLAG_ENCRYPTED,
		.session_id = 0x21,
	};
	struct smb2_compress_payload p1 = {
		.algorithm = SMB2_COMPRESSION_NONE, .flags = SMB2_COMPRESSION_FLAG_CHAINED,
		.data = { chain->buf, 64 },
	};
	struct smb2_compress_payload p2 = {
		.algorithm = SMB2_COMPRESSION_PATTERN_V1, .repetitions = 100,
	};
	struct smb2_compress_payload p3 = {
		.algorithm = SMB2_COMPRESSION_LZ77, .original_size = 50, .data = { data8, 8 },
	};
	struct wr w;

	wr_init(enc, 0);
	(void)smb2_transform_encode(enc, &th);
	wr_bytes(enc, chain->buf, chain->len);
	put_file("fuzz_server_msg", "transform", enc->buf, enc->len);
	put_file("fuzz_client_msg", "transform", enc->buf, enc->len);

	wr_init(comp, 0);
	(void)smb2_compress_chained_start(comp, 64 + 100 + 50);
	(void)smb2_compress_payload_encode(comp, &p1);
	(void)smb2_compress_payload_encode(comp, &p2);
	(void)smb2_compress_payload_encode(comp, &p3);
	put_file("fuzz_server_msg", "compress-chained", comp->buf, comp->len);

	wr_init(&w, 0);
	(void)smb2_compress_unchained_encode(&w, 4096, SMB2_COMPRESSION_LZ4, 64);
	wr_bytes(&w, chain->buf, 64);
	wr_bytes(&w, data8, 8);
	put_file("fuzz_client_msg", "compress-unchained", w.buf, w.len);
	wr_free(&w);
}

/* NBSS streams: a control byte, then frames. */
static void framing(const struct wr *chain, const struct wr *enc, const struct wr *comp)
{
	const struct wr *payloads[3] = { chain, enc, comp };
	struct wr w;

	for (int ctl = 0; ctl < 2; ctl++) {
		size_t pos;

		wr_init(&w, 0);
		wr_u8(&w, ctl ? 0x5A : 0x80);
		for (int i = 0; i < 3; i++) {
			pos = smb2_nbss_begin(&w);
			wr_bytes(&w, payloads[i]->buf, payloads[i]->len);
			(void)smb2_nbss_finish(&w, pos);
			if (i == 0)
				(void)smb2_nbss_keepalive_encode(&w);
		}
		put_file("fuzz_framing", ctl ? "stream-chunked" : "stream", w.buf, w.len);
		wr_free(&w);
	}
}

/* Captured messages: c2s to the server target, s2c to the client target. */
static void fixtures(const char *src)
{
	const char *dirs[] = { "samba/SMB3_11", "samba/SMB2_02", "samba/SMB3_11-enc", "windows",
	                       "windows/crypto", "macos" };

	for (size_t d = 0; d < sizeof(dirs) / sizeof(dirs[0]); d++) {
		char path[4096];
		DIR *dir;
		struct dirent *e;

		snprintf(path, sizeof(path), "%s/tests/fixtures/%s", src, dirs[d]);
		dir = opendir(path);
		if (!dir)
			continue;
		while ((e = readdir(dir)) != NULL) {
			const char *target = NULL;
			char file[4600], name[600];
			uint8_t buf[65536];
			size_t n;
			FILE *f;

			/* Direction from the name: c2s, _req, _ack are what a
			 * server receives; s2c, _rsp, _notify what a client
			 * does. */
			if (strstr(e->d_name, "c2s") || strstr(e->d_name, "_req") ||
			    strstr(e->d_name, "_ack"))
				target = "fuzz_server_msg";
			else if (strstr(e->d_name, "s2c") || strstr(e->d_name, "_rsp") ||
			         strstr(e->d_name, "_notify"))
				target = "fuzz_client_msg";
			if (!target || !strstr(e->d_name, ".bin"))
				continue;
			snprintf(file, sizeof(file), "%s/%s", path, e->d_name);
			f = fopen(file, "rb");
			if (!f)
				die(file);
			n = fread(buf, 1, sizeof(buf), f);
			fclose(f);
			snprintf(name, sizeof(name), "fixture-%s-%s", dirs[d], e->d_name);
			for (char *p = name; *p; p++)
				if (*p == '/')
					*p = '_';
			put_file(target, name, buf, n);
		}
		closedir(dir);
	}
}

int main(int argc, char **argv)
{
	struct wr chain, enc, comp;

	if (argc < 2 || argc > 3) {
		fprintf(stderr, "usage: fuzz_seeds OUT_DIR [SRC_DIR]\n");
		return 2;
	}
	out_dir = argv[1];
	if (mkdir(out_dir, 0755) != 0 && errno != EEXIST)
		die(out_dir);
	single_messages();
	error_responses();
	chains(&chain);
	wrapped(&chain, &enc, &comp);
	framing(&chain, &enc, &comp);
	fixtures(argc == 3 ? argv[2] : ".");
	wr_free(&chain);
	wr_free(&enc);
	wr_free(&comp);
	printf("fuzz_seeds: %u seeds in %s\n", written, out_dir);
	return 0;
}
