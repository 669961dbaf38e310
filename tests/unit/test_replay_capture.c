/*
 * smbsim-replay's capture reading (pcap-replay/capture.h, link.c): every
 * link type (Ethernet with stacked VLAN tags, Linux cooked v1/v2, raw
 * IPv4/IPv6, BSD loopback in both byte orders), IPv4 and IPv6 with
 * extension headers, classic pcap and pcapng, the file
 * tests/common/pcap_writer.h writes, extra ports; and the malformed twin of
 * each: a record cut inside its headers, a truncated or corrupt file, an
 * empty file, a file that is no capture, an unsupported link type, an IP
 * fragment.  Damage names the frame and the offset, and the frames after
 * it are still decoded.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "pcap_writer.h"
#include "test_replay_util.h"

/* The conversation every link-type case carries: 4 messages. */
static void conversation(struct tr_conv *c, bool broken_packet)
{
	struct wr w;

	wr_init(&w, 0);
	tr_handshake(c);
	tr_echo(&w, false, 1);
	tr_frame(c, TR_C2S, w.buf, w.len);
	if (broken_packet) /* frame 5: headers cut short */
		tr_segment(c, TR_S2C, TR_ACK, c->seq[1], NULL, 0, 30);
	tr_echo(&w, true, 1);
	tr_frame(c, TR_S2C, w.buf, w.len);
	tr_write(&w, 2, 5000);
	tr_frame(c, TR_C2S, w.buf, w.len);
	tr_create(&w, 3, "dir\\file name.txt");
	tr_frame(c, TR_C2S, w.buf, w.len);
	tr_fin(c);
	wr_free(&w);
}

static void expect_conversation(const struct tr_run *r)
{
	const struct tr_ev *m;

	assert_int_equal(tr_count(r, RP_EV_MESSAGE), 4);
	m = tr_msg(r, 0);
	assert_int_equal(m->cmd, SMB2_ECHO);
	assert_false(m->rsp);
	assert_int_equal(m->dir, RP_DIR_C2S);
	assert_int_equal(m->mid, 1);
	assert_int_equal(m->stream, 0);
	m = tr_msg(r, 1);
	assert_int_equal(m->cmd, SMB2_ECHO);
	assert_true(m->rsp);
	assert_int_equal(m->dir, RP_DIR_S2C);
	m = tr_msg(r, 2);
	assert_int_equal(m->cmd, SMB2_WRITE);
	assert_int_equal(m->decode, STATUS_SUCCESS);
	assert_int_equal(m->msg_len, 64 + 48 + 5000);
	m = tr_msg(r, 3);
	assert_int_equal(m->cmd, SMB2_CREATE);
	assert_int_equal(m->mid, 3);
}

struct link_case {
	const char *name;
	int linktype;
	int family;
	unsigned nvlan;
	unsigned null_af6;
};

static const struct link_case link_cases[] = {
	{ "ethernet ipv4", TL_ETHERNET, 4, 0, 0 },
	{ "ethernet ipv6", TL_ETHERNET, 6, 0, 0 },
	{ "ethernet 802.1Q", TL_ETHERNET, 4, 1, 0 },
	{ "ethernet 802.1ad+802.1Q x3", TL_ETHERNET, 6, 3, 0 },
	{ "linux cooked v1", TL_SLL, 4, 0, 0 },
	{ "linux cooked v2", TL_SLL2, 6, 0, 0 },
	{ "raw ipv4", TL_RAW, 4, 0, 0 },
	{ "raw ipv6", TL_RAW, 6, 0, 0 },
	{ "LINKTYPE_IPV4", TL_IPV4, 4, 0, 0 },
	{ "LINKTYPE_IPV6", TL_IPV6, 6, 0, 0 },
	{ "null ipv4", TL_NULL, 4, 0, 0 },
	{ "null ipv6 (darwin)", TL_NULL, 6, 0, 30 },
	{ "null ipv6 (linux)", TL_NULL, 6, 0, 10 },
	{ "loop ipv4", TL_LOOP, 4, 0, 0 },
	{ "loop ipv6 (freebsd)", TL_LOOP, 6, 0, 28 },
};

static void build_link_case(const struct link_case *lc, bool ng, bool broken, struct tr_cap *b)
{
	struct tr_conv c;
	unsigned i;

	tr_cap_init(b, lc->linktype, ng);
	tr_conv_init(&c, b, lc->family, 49152, 445);
	c.nvlan = lc->nvlan;
	for (i = 0; i < lc->nvlan; i++)
		c.vlan[i] = (uint16_t)(100 + i);
	if (lc->null_af6)
		c.null_af6 = lc->null_af6;
	conversation(&c, broken);
}

static void test_link_types(void **state)
{
	size_t i;
	int ng;

	(void)state;
	for (ng = 0; ng < 2; ng++) {
		for (i = 0; i < sizeof(link_cases) / sizeof(link_cases[0]); i++) {
			struct tr_cap b;
			struct tr_run r;

			build_link_case(&link_cases[i], ng, false, &b);
			assert_int_equal(tr_read(&b, NULL, &r), 0);
			if (r.st.damage || tr_count(&r, RP_EV_MESSAGE) != 4) {
				print_message("%s%s:\n", link_cases[i].name, ng ? " (pcapng)" : "");
				tr_print(&r);
			}
			assert_int_equal(r.st.damage, 0);
			expect_conversation(&r);
			assert_int_equal(r.st.streams, 1);
			assert_string_equal(tr_msg(&r, 0)->client,
			                    link_cases[i].family == 4 ? "10.0.0.1:49152"
			                                              : "[fd00::1]:49152");
			assert_string_equal(tr_msg(&r, 0)->server,
			                    link_cases[i].family == 4 ? "10.0.0.2:445" : "[fd00::2]:445");
			tr_run_free(&r);
			tr_cap_free(&b);
		}
	}
}

/* Twin: one record whose headers are cut: reported with its frame
 * number, the rest decoded. */
static void test_link_types_cut_record(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(link_cases) / sizeof(link_cases[0]); i++) {
		struct tr_cap b;
		struct tr_run r;
		const struct tr_ev *d;

		build_link_case(&link_cases[i], i % 2, true, &b);
		assert_int_equal(tr_read(&b, NULL, &r), 0);
		d = tr_damage(&r, RP_DMG_PACKET);
		if (!d || r.st.damage != 1)
			tr_print(&r);
		assert_non_null(d);
		assert_int_equal(r.st.damage, 1);
		assert_int_equal(d->frame, 5);
		assert_non_null(strstr(d->what, "frame 5:"));
		assert_non_null(strstr(d->what, "cut"));
		expect_conversation(&r);
		tr_run_free(&r);
		tr_cap_free(&b);
	}
}

static void test_ipv6_extension_headers(void **state)
{
	struct tr_cap b;
	struct tr_conv c;
	struct tr_run r;

	(void)state;
	tr_cap_init(&b, TL_ETHERNET, false);
	tr_conv_init(&c, &b, 6, 50000, 445);
	c.ipv6_ext = true;
	conversation(&c, false);
	assert_int_equal(tr_read(&b, NULL, &r), 0);
	assert_int_equal(r.st.damage, 0);
	expect_conversation(&r);
	tr_run_free(&r);
	tr_cap_free(&b);
}

/* Twin: IP fragments of an SMB stream are not reassembled, and say so;
 * fragments of other traffic are not reported. */
static void test_ip_fragments(void **state)
{
	int family;

	(void)state;
	for (family = 4; family <= 6; family += 2) {
		struct tr_cap b;
		struct tr_conv c;
		struct tr_run r;
		uint8_t junk[40] = { 0 };
		const struct tr_ev *d;

		tr_cap_init(&b, TL_ETHERNET, false);
		tr_conv_init(&c, &b, family, 50000, 445);
		c.ipv6_ext = family == 6;
		conversation(&c, false);
		c.frag_more = true;
		tr_segment(&c, TR_C2S, TR_ACK, c.seq[0], junk, sizeof(junk), 0);
		c.port[1] = 80;
		tr_segment(&c, TR_C2S, TR_ACK, c.seq[0], junk, sizeof(junk), 0);
		assert_int_equal(tr_read(&b, NULL, &r), 0);
		d = tr_damage(&r, RP_DMG_PACKET);
		assert_non_null(d);
		assert_int_equal(r.st.damage, 1);
		assert_non_null(strstr(d->what, "fragments are not reassembled"));
		assert_int_equal(d->frame, b.records - 1);
		expect_conversation(&r);
		tr_run_free(&r);
		tr_cap_free(&b);
	}
}

static void test_extra_port(void **state)
{
	struct tr_cap b;
	struct tr_conv c;
	struct tr_run r;
	uint16_t port = 4455;
	struct rp_options o = { .ports = &port, .port_count = 1 };

	(void)state;
	tr_cap_init(&b, TL_ETHERNET, false);
	tr_conv_init(&c, &b, 4, 49152, 4455);
	conversation(&c, false);
	assert_int_equal(tr_read(&b, NULL, &r), 0);
	assert_int_equal(r.n, 0); /* not ours without --port */
	tr_run_free(&r);
	assert_int_equal(tr_read(&b, &o, &r), 0);
	assert_int_equal(r.st.damage, 0);
	expect_conversation(&r);
	assert_string_equal(tr_msg(&r, 0)->server, "10.0.0.2:4455");
	tr_run_free(&r);
	/* Twin: too many extra ports is refused at open. */
	{
		uint16_t many[RP_MAX_EXTRA_PORTS + 1] = { 0 };
		struct rp_options o2 = { .ports = many, .port_count = RP_MAX_EXTRA_PORTS + 1 };

		assert_int_equal(tr_read(&b, &o2, &r), -1);
		assert_non_null(strstr(r.err, "extra ports"));
	}
	tr_cap_free(&b);
}

/* A truncated classic pcap: libpcap's error names the frame and the
 * file offset of the cut record; everything before it is decoded. */
static void test_truncated_file(void **state)
{
	struct tr_cap b;
	struct tr_run r;
	size_t last;
	const struct tr_ev *d;
	char want[64];

	(void)state;
	build_link_case(&link_cases[0], false, false, &b);
	/* Cut the last record (the final ACK, 16 + 54 bytes) in its data. */
	last = b.len - (16 + 54);
	b.len -= 20;
	assert_int_equal(tr_read(&b, NULL, &r), 0);
	d = tr_damage(&r, RP_DMG_CAPTURE);
	assert_non_null(d);
	assert_int_equal(d->frame, b.records);
	assert_int_equal(d->offset, last);
	snprintf(want, sizeof(want), "frame %u at file offset %zu", b.records, last);
	assert_non_null(strstr(d->what, want));
	assert_non_null(strstr(d->what, "truncated"));
	expect_conversation(&r);
	tr_run_free(&r);
	/* Cut inside a record header. */
	b.len = last + 5;
	assert_int_equal(tr_read(&b, NULL, &r), 0);
	d = tr_damage(&r, RP_DMG_CAPTURE);
	assert_non_null(d);
	assert_int_equal(d->offset, last);
	expect_conversation(&r);
	tr_run_free(&r);
	tr_cap_free(&b);
}

/* pcapng with a corrupt block length in the middle. */
static void test_pcapng_corrupt_block(void **state)
{
	struct tr_cap b, ok;
	struct tr_run r;
	struct tr_conv c;
	struct wr w;
	size_t at;
	uint32_t bad = 0x7FFFFFF0u;

	(void)state;
	wr_init(&w, 0);
	tr_cap_init(&b, TL_ETHERNET, true);
	tr_conv_init(&c, &b, 4, 49152, 445);
	tr_handshake(&c);
	tr_echo(&w, false, 1);
	tr_frame(&c, TR_C2S, w.buf, w.len);
	at = b.len;
	tr_echo(&w, true, 1);
	tr_frame(&c, TR_S2C, w.buf, w.len);
	ok = b;
	assert_int_equal(tr_read(&ok, NULL, &r), 0);
	assert_int_equal(tr_count(&r, RP_EV_MESSAGE), 2);
	assert_int_equal(r.st.damage, 0);
	tr_run_free(&r);
	memcpy(b.p + at + 4, &bad, 4);
	assert_int_equal(tr_read(&b, NULL, &r), 0);
	assert_int_equal(tr_count(&r, RP_EV_MESSAGE), 1);
	assert_non_null(tr_damage(&r, RP_DMG_CAPTURE));
	assert_int_equal(tr_damage(&r, RP_DMG_CAPTURE)->frame, 5);
	assert_int_equal(tr_damage(&r, RP_DMG_CAPTURE)->offset, at);
	tr_run_free(&r);
	tr_cap_free(&b);
	wr_free(&w);
}

/* Files that are no capture at all do not open, and say why. */
static void test_not_a_capture(void **state)
{
	static const char text[] = "this is not a capture, only some text\n";
	struct tr_cap b;
	struct tr_run r;

	(void)state;
	memset(&b, 0, sizeof(b));
	assert_int_equal(tr_read(&b, NULL, &r), -1); /* 0 bytes */
	assert_non_null(strstr(r.err, "frame 0, offset 0"));
	tr_put(&b, text, sizeof(text) - 1);
	assert_int_equal(tr_read(&b, NULL, &r), -1);
	assert_non_null(strstr(r.err, "frame 0, offset"));
	assert_non_null(strstr(r.err, "not a capture"));
	tr_cap_free(&b);
	/* A pcap header cut short. */
	tr_cap_init(&b, TL_ETHERNET, false);
	b.len = 10;
	assert_int_equal(tr_read(&b, NULL, &r), -1);
	assert_non_null(strstr(r.err, "frame 0"));
	tr_cap_free(&b);
	/* A link type we do not read (LINKTYPE_USER0). */
	tr_cap_init(&b, 147, false);
	assert_int_equal(tr_read(&b, NULL, &r), -1);
	assert_non_null(strstr(r.err, "not supported"));
	tr_cap_free(&b);
}

/* The file tests/common/pcap_writer.h writes, by path: frame numbers are
 * the ones the writer reports; twin: the same file cut short. */
static void test_pcap_writer_file(void **state)
{
	char path[] = "/tmp/test_replay_capture_XXXXXX";
	int fd = mkstemp(path);
	struct pcap_writer *pw;
	struct rp_capture *cap;
	struct rp_event ev;
	struct wr w;
	uint32_t frames[3];
	char err[256];
	unsigned n = 0;
	bool damage = false;

	(void)state;
	assert_true(fd >= 0);
	close(fd);
	pw = pcap_writer_open(path);
	assert_non_null(pw);
	wr_init(&w, 0);
	tr_echo(&w, false, 9);
	assert_int_equal(pcap_writer_frame(pw, true, w.buf, w.len, &frames[0]), 0);
	tr_echo(&w, true, 9);
	assert_int_equal(pcap_writer_frame(pw, false, w.buf, w.len, &frames[1]), 0);
	tr_write(&w, 10, 70000);
	assert_int_equal(pcap_writer_frame(pw, true, w.buf, w.len, &frames[2]), 0);
	assert_int_equal(pcap_writer_close(pw), 0);
	assert_int_equal(rp_capture_open(path, NULL, &cap, err, sizeof(err)), 0);
	while (rp_capture_next(cap, &ev) == RP_NEXT_EVENT) {
		assert_int_equal(ev.kind, RP_EV_MESSAGE);
		assert_true(n < 3);
		assert_int_equal(ev.msg->frame, frames[n]);
		assert_int_equal(ev.msg->m.hdr.message_id, n < 2 ? 9 : 10);
		n++;
	}
	assert_int_equal(n, 3);
	rp_capture_close(cap);
	/* Twin: cut inside the WRITE's last segment (the FIN exchange after
	 * it is 3 records of 70 bytes). */
	{
		FILE *f = fopen(path, "rb");
		long size;

		assert_non_null(f);
		assert_int_equal(fseek(f, 0, SEEK_END), 0);
		size = ftell(f);
		fclose(f);
		assert_int_equal(truncate(path, size - 3 * 70 - 100), 0);
	}
	assert_int_equal(rp_capture_open(path, NULL, &cap, err, sizeof(err)), 0);
	n = 0;
	while (rp_capture_next(cap, &ev) == RP_NEXT_EVENT) {
		if (ev.kind == RP_EV_DAMAGE)
			damage = true;
		else
			n++;
	}
	rp_capture_close(cap);
	assert_true(damage);
	assert_int_equal(n, 2); /* the ECHO request and response */
	/* A missing file. */
	assert_int_equal(unlink(path), 0);
	assert_int_equal(rp_capture_open(path, NULL, &cap, err, sizeof(err)), -1);
	assert_non_null(strstr(err, path));
	wr_free(&w);
}

static int teardown(void **state)
{
	(void)state;
	smb2_crypto_cleanup();
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_link_types),
		cmocka_unit_test(test_link_types_cut_record),
		cmocka_unit_test(test_ipv6_extension_headers),
		cmocka_unit_test(test_ip_fragments),
		cmocka_unit_test(test_extra_port),
		cmocka_unit_test(test_truncated_file),
		cmocka_unit_test(test_pcapng_corrupt_block),
		cmocka_unit_test(test_not_a_capture),
		cmocka_unit_test(test_pcap_writer_file),
	};

	return cmocka_run_group_tests(tests, NULL, teardown);
}
