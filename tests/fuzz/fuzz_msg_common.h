/*
 * Shared by fuzz_server_msg.c and fuzz_client_msg.c (header only: the
 * Makefile builds each fuzz_*.c on its own against libsmbsim.a).
 *
 * One SMB2 frame (after the NBSS header) goes through what a peer does
 * with it: a transform header is checked and its payload treated as if it
 * were the plaintext (decryption is crypto/'s business, and the bytes are
 * arbitrary either way); a compression transform is parsed and refused; a
 * plain frame is split by the compound iterator and every message of the
 * wanted direction is decoded by smb2_msg_decode().  A decoded message is
 * re-encoded and decoded again, and the second encoding must be identical
 * to the first: the codecs agree with each other on every input they
 * accept.
 */
#ifndef SMBSIM_FUZZ_MSG_COMMON_H
#define SMBSIM_FUZZ_MSG_COMMON_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wire/compound.h"
#include "wire/msg.h"
#include "wire/transform.h"

static void fuzz_die(const char *what, const struct smb2_msg *m)
{
	char line[256];

	smb2_msg_describe(m, line, sizeof(line));
	fprintf(stderr, "fuzz invariant broken: %s (%s)\n", what, line);
	abort();
}

/* encode(decode(x)) decodes to the same kind, and encodes to the same
 * bytes again. */
static void fuzz_roundtrip(const struct smb2_msg *m)
{
	static struct smb2_msg again;
	struct wr w1, w2;
	struct rd c;

	wr_init(&w1, 0);
	wr_init(&w2, 0);
	/* An encoder may refuse what a lenient decoder let through (a count
	 * over its limit, say); that is not a disagreement. */
	if (smb2_msg_encode(&w1, m) == STATUS_SUCCESS) {
		rd_init(&c, w1.buf, w1.len);
		if (smb2_msg_decode(&c, &again) != STATUS_SUCCESS)
			fuzz_die("re-encoded message does not decode", m);
		if (again.kind != m->kind)
			fuzz_die("re-encoded message changes kind", m);
		if (smb2_msg_encode(&w2, &again) != STATUS_SUCCESS)
			fuzz_die("second encoding fails", m);
		if (w1.len != w2.len || memcmp(w1.buf, w2.buf, w1.len) != 0)
			fuzz_die("second encoding differs", m);
	}
	wr_free(&w1);
	wr_free(&w2);
}

/* Walk the compound chain of a plain frame; decode each message whose
 * direction is `responses`. */
static void fuzz_chain(const uint8_t *frame, size_t len, bool responses,
                       void (*extra)(const struct smb2_msg *m))
{
	static struct smb2_msg m;
	struct smb2_compound_iter it;
	struct rd c;
	char line[256];

	smb2_compound_init(&it, frame, len);
	while (smb2_compound_next(&it, &c)) {
		(void)smb2_compound_check_related(&it);
		/* A peer drops messages of the wrong direction unread. */
		if (c.len >= SMB2_HDR_SIZE &&
		    ((le32(c.base + SMB2_HDR_OFF_FLAGS) & SMB2_FLAGS_SERVER_TO_REDIR) != 0) !=
		        responses)
			continue;
		if (smb2_msg_decode(&c, &m) != STATUS_SUCCESS)
			continue;
		smb2_msg_describe(&m, line, sizeof(line));
		fuzz_roundtrip(&m);
		if (extra)
			extra(&m);
	}
}

static void fuzz_frame(const uint8_t *data, size_t size, bool responses,
                       void (*extra)(const struct smb2_msg *m))
{
	struct rd c;

	rd_init(&c, data, size);
	switch (smb2_frame_protocol(data, size)) {
	case SMB2_TRANSFORM_MAGIC: {
		struct smb2_transform_hdr th;
		struct smb2_blob payload;

		if (smb2_transform_decode(&c, &th, &payload) == STATUS_SUCCESS)
			fuzz_chain(payload.p, payload.len, responses, extra);
		break;
	}
	case SMB2_COMPRESSION_MAGIC: {
		struct smb2_compress_hdr ch;
		struct smb2_compress_payload p;
		size_t pos = 0;

		if (smb2_compress_decode(&c, &ch) != STATUS_SUCCESS)
			break;
		while (smb2_compress_chain_next(&ch, &pos, &p))
			;
		if (smb2_compress_decompress(&ch, NULL) != STATUS_NOT_SUPPORTED)
			abort();
		break;
	}
	default:
		fuzz_chain(data, size, responses, extra);
		break;
	}
}

#endif
