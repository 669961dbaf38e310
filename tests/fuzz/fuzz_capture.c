/*
 * libFuzzer target: the whole capture reader of smbsim-replay.
 *
 * Input: one control byte, then a capture file (pcap or pcapng).  The file
 * is read from memory (fmemopen + pcap_fopen_offline, through
 * rp_capture_open_stream) with a keyring holding the keys of session
 * 0x1122334455667788 (so transform frames that name it are decrypted and
 * its signatures checked) and port 4455 besides 445; the control byte's
 * low bits pick a small out-of-order limit (so gaps are declared early).
 * Every event goes through the text and the JSON printers.  Invariants
 * checked: each message's bytes lie inside its frame, a message with a
 * decode error or a bad signature is damage by rp_message_damage(), and
 * the stats count every event returned.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crypto/crypto_ctx.h"
#include "pcap-replay/capture.h"
#include "pcap-replay/dump.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Session 0x1122334455667788: its session key and both cipher keys. */
static const char fuzz_keys[] =
        "0x1122334455667788 000102030405060708090a0b0c0d0e0f "
        "101112131415161718191a1b1c1d1e1f 202122232425262728292a2b2c2d2e2f\n";

static struct rp_keyring *keyring(void)
{
	static struct rp_keyring *k;
	char err[128];

	if (!k && rp_keyring_parse(fuzz_keys, sizeof(fuzz_keys) - 1, "fuzz", &k, err,
	                           sizeof(err)))
		abort();
	return k;
}

static FILE *sink(void)
{
	static FILE *f;

	if (!f)
		f = fopen("/dev/null", "w");
	if (!f)
		abort();
	return f;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const size_t ooo[4] = { 0, 64, 1500, 10000 };
	static const uint16_t port = 4455;
	struct rp_options o = { .ports = &port, .port_count = 1 };
	struct rp_capture *cap;
	struct rp_event ev;
	struct rp_stats st;
	uint64_t messages = 0, damage = 0;
	char err[512];
	FILE *f;

	if (size < 1)
		return 0;
	o.keys = keyring();
	o.ooo_max = ooo[data[0] & 3];
	f = fmemopen((void *)(data + 1), size - 1, "rb");
	if (!f)
		return 0;
	if (rp_capture_open_stream(f, "fuzz", &o, &cap, err, sizeof(err)))
		return 0;
	while (rp_capture_next(cap, &ev) == RP_NEXT_EVENT) {
		if (ev.kind == RP_EV_MESSAGE) {
			const struct rp_message *m = ev.msg;
			struct rp_damage d;

			messages++;
			if (m->raw_len && !m->raw)
				abort();
			if (m->type == RP_MSG_SMB2 && !m->decrypted &&
			    m->msg_off + (uint64_t)m->raw_len > m->frame_len)
				abort();
			if (m->chain_index >= m->chain_count)
				abort();
			if (rp_message_damage(m, &d)) {
				damage++;
				if (!d.what[0])
					abort();
			} else if (m->decode_status != STATUS_SUCCESS || m->sig == RP_SIG_BAD) {
				abort();
			}
			rp_text_message(sink(), m);
			(void)rp_json_message(sink(), m);
		} else {
			damage++;
			if (!ev.damage->what[0])
				abort();
			rp_text_damage(sink(), ev.damage);
			(void)rp_json_damage(sink(), ev.damage);
		}
	}
	rp_capture_stats(cap, &st);
	/* The one summary of reports lost to RP_DAMAGE_QUEUE is not counted. */
	if (st.messages != messages || st.damage + 1 < damage)
		abort();
	rp_capture_close(cap);
	return 0;
}
