/*
 * The replayed request as captured, byte for byte, but for its ids.  The
 * client library encodes each rebuilt request from its decoded form, which
 * normalises what a codec may: offsets of empty buffers, padding,
 * reserved bytes.  This pre-send hook (struct cli_override) puts the
 * captured body back, with the replay's ids patched in place
 * (rr_rebuild_wire), whenever the library's message has the captured
 * length; a signed message is signed again with its session's key (the
 * hook runs after signing and before encryption).  When the lengths differ
 * (a rewritten path, a rebuilt input), the library's encoding stands.
 */
#include <stdlib.h>
#include <string.h>

#include "crypto/sign.h"
#include "pcap-replay/replay_int.h"

/* The message of compound member `index` in frame[0..len): its offset and
 * length (to the next member or the end); false when the chain does not
 * have it. */
static bool member(const uint8_t *frame, size_t len, unsigned index, size_t *off, size_t *mlen)
{
	size_t at = 0;

	for (unsigned i = 0;; i++) {
		uint32_t next;

		if (len - at < SMB2_HDR_SIZE || le32(frame + at) != SMB2_MAGIC)
			return false;
		next = le32(frame + at + SMB2_HDR_OFF_NEXT_COMMAND);
		if (next && (next < SMB2_HDR_SIZE || next > len - at))
			return false;
		if (i == index) {
			*off = at;
			*mlen = next ? next : len - at;
			return true;
		}
		if (!next)
			return false;
		at += next;
	}
}

void rr_wire_hook(void *arg, uint8_t *frame, size_t len)
{
	struct rr_op *op = arg;
	const struct rr_plan *p;
	size_t off, mlen;
	uint8_t *m, sig[SMB2_SIGNATURE_SIZE];

	if (!op->wire || !op->eng)
		return;
	p = op->eng->plan;
	if (member(frame, len, (unsigned)(op - p->ops) - p->units[op->unit].first, &off, &mlen) &&
	    mlen == op->wire_len && le16(frame + off + 12) == op->command) {
		m = frame + off;
		memcpy(m + SMB2_HDR_SIZE, op->wire + SMB2_HDR_SIZE, mlen - SMB2_HDR_SIZE);
		if ((le32(m + SMB2_HDR_OFF_FLAGS) & SMB2_FLAGS_SIGNED) && op->wire_sess &&
		    op->wire_sess->signer &&
		    smb2_sign_buf(op->wire_sess->signer, m, mlen, sig) == STATUS_SUCCESS)
			memcpy(m + SMB2_HDR_OFF_SIGNATURE, sig, sizeof(sig));
	}
	free(op->wire);
	op->wire = NULL;
}
