/* SMB1 NEGOTIATE request (MS-CIFS 2.2.4.52.1; MS-SMB2 3.3.5.3.1). */
#include "wire/smb1_negotiate.h"
#include "wire/smb2.h"

static bool blob_is(const struct smb2_blob *b, const char *s)
{
	size_t n = strlen(s);

	return b->len == n && memcmp(b->p, s, n) == 0;
}

NTSTATUS smb1_negotiate_req_decode(struct rd *c, struct smb1_negotiate_req *out)
{
	struct smb1_negotiate_req r;
	uint32_t magic = 0, status = 0;
	uint16_t pid_high = 0, pid_low = 0, byte_count = 0;
	uint8_t command = 0, word_count = 0;
	struct rd bytes;
	size_t start = c->pos;

	if (rd_left(c) < SMB1_HDR_SIZE + 3)
		return rd_fail(c, "SMB1 header");
	memset(&r, 0, sizeof(r));
	/* MS-CIFS 2.2.3.1: the 32-byte header; bounded above. */
	(void)!rd_u32(c, &magic);
	(void)!rd_u8(c, &command);
	(void)!rd_u32(c, &status);
	(void)!rd_u8(c, &r.flags);
	(void)!rd_u16(c, &r.flags2);
	(void)!rd_u16(c, &pid_high);
	(void)!rd_skip(c, 8 + 2); /* SecurityFeatures, Reserved */
	(void)!rd_u16(c, &r.tid);
	(void)!rd_u16(c, &pid_low);
	(void)!rd_u16(c, &r.uid);
	(void)!rd_u16(c, &r.mid);
	(void)!rd_u8(c, &word_count);
	(void)!rd_u16(c, &byte_count);
	if (magic != SMB1_MAGIC) {
		c->pos = start;
		return rd_fail(c, "SMB1.Protocol");
	}
	if (command != SMB1_COM_NEGOTIATE) {
		c->pos = start + 4;
		return rd_fail(c, "SMB1.Command");
	}
	if (r.flags & SMB1_FLAGS_REPLY) {
		c->pos = start + 9;
		return rd_fail(c, "SMB1.Flags");
	}
	/* MS-CIFS 2.2.4.52.1: WordCount MUST be 0x00. */
	if (word_count != 0) {
		c->pos = start + SMB1_HDR_SIZE;
		return rd_fail(c, "SMB1_NEGOTIATE.WordCount");
	}
	if (!rd_sub(c, c->pos, byte_count, &bytes)) {
		c->pos = start + SMB1_HDR_SIZE + 1;
		return rd_fail(c, "SMB1_NEGOTIATE.ByteCount");
	}
	r.pid = (uint32_t)pid_high << 16 | pid_low;
	/* MS-CIFS 2.2.4.52.1: Dialects[] fills ByteCount, each
	 * BufferFormat 0x02 then a NUL-terminated string. */
	while (rd_left(&bytes) > 0) {
		const uint8_t *s = bytes.base + bytes.pos + 1;
		const uint8_t *nul;
		uint8_t fmt;

		(void)!rd_u8(&bytes, &fmt);
		if (fmt != SMB1_DIALECT_BUFFER_FORMAT) {
			c->pos += bytes.pos - 1;
			return rd_fail(c, "SMB1_NEGOTIATE.BufferFormat");
		}
		nul = memchr(s, 0, rd_left(&bytes));
		if (!nul) {
			c->pos += bytes.pos;
			return rd_fail(c, "SMB1_NEGOTIATE.DialectString");
		}
		if (r.dialect_count == SMB1_MAX_DIALECTS) {
			c->pos += bytes.pos;
			return rd_fail(c, "SMB1_NEGOTIATE.Dialects");
		}
		r.dialects[r.dialect_count].p = s;
		r.dialects[r.dialect_count].len = (uint32_t)(nul - s);
		if (blob_is(&r.dialects[r.dialect_count], SMB1_DIALECT_SMB2_002))
			r.offers_smb2_002 = true;
		if (blob_is(&r.dialects[r.dialect_count], SMB1_DIALECT_SMB2_WILDCARD))
			r.offers_smb2_wildcard = true;
		r.dialect_count++;
		(void)!rd_skip(&bytes, (size_t)(nul - s) + 1);
	}
	(void)status; /* MS-CIFS 2.2.3.1: 0 in requests; not checked */
	c->pos += byte_count;
	*out = r;
	return STATUS_SUCCESS;
}

NTSTATUS smb1_negotiate_req_encode(struct wr *w, const struct smb1_negotiate_req *in)
{
	size_t bc_pos, bc_start;

	if (in->dialect_count > SMB1_MAX_DIALECTS)
		return STATUS_INVALID_PARAMETER;
	for (uint16_t i = 0; i < in->dialect_count; i++)
		if (memchr(in->dialects[i].p, 0, in->dialects[i].len))
			return STATUS_INVALID_PARAMETER;
	w->msg = w->len;
	wr_u32(w, SMB1_MAGIC);
	wr_u8(w, SMB1_COM_NEGOTIATE);
	wr_u32(w, 0);                 /* Status */
	wr_u8(w, in->flags & (uint8_t)~SMB1_FLAGS_REPLY);
	wr_u16(w, in->flags2);
	wr_u16(w, (uint16_t)(in->pid >> 16));
	wr_zero(w, 8 + 2);            /* SecurityFeatures, Reserved */
	wr_u16(w, in->tid);
	wr_u16(w, (uint16_t)in->pid);
	wr_u16(w, in->uid);
	wr_u16(w, in->mid);
	wr_u8(w, 0);                  /* WordCount */
	bc_pos = w->len;
	wr_u16(w, 0);                 /* ByteCount, patched below */
	bc_start = w->len;
	for (uint16_t i = 0; i < in->dialect_count; i++) {
		wr_u8(w, SMB1_DIALECT_BUFFER_FORMAT);
		wr_bytes(w, in->dialects[i].p, in->dialects[i].len);
		wr_u8(w, 0);
	}
	if (wr_ok(w)) {
		if (w->len - bc_start > UINT16_MAX)
			return STATUS_INVALID_PARAMETER;
		wr_put_u16_at(w, bc_pos, (uint16_t)(w->len - bc_start));
	}
	return wr_status(w);
}
