/*
 * lib/util/pcap_writer: one TCP stream per connection, read back through
 * libpcap: handshakes, NBSS frames cut at the MSS, FINs, the client ports of
 * each stream; and the refusals (unknown stream, oversized frame, too many
 * streams, an unwritable path).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <pcap/pcap.h>

#include "util/pcap_writer.h"

#define ETH_IP_TCP 54

static void two_streams(void **state)
{
	char path[] = "/tmp/pcap-writer-XXXXXX";
	int fd = mkstemp(path);
	struct pcap_writer *pw;
	uint8_t big[3000];
	char err[PCAP_ERRBUF_SIZE];
	struct pcap_pkthdr *h;
	const u_char *d;
	unsigned packets = 0, data_to_s1 = 0, bytes = 0;
	pcap_t *p;

	(void)state;
	assert_true(fd >= 0);
	close(fd);
	pw = pcap_writer_open(path);
	assert_non_null(pw);
	assert_int_equal(pcap_writer_stream(pw), 1);
	memset(big, 0xAB, sizeof(big));
	assert_int_equal(pcap_writer_frame_on(pw, 1, true, big, sizeof(big), NULL), 0);
	assert_int_equal(pcap_writer_frame(pw, false, big, 100, NULL), 0);
	/* Malformed twins: no such stream; NULL data with a length. */
	assert_int_equal(pcap_writer_frame_on(pw, 2, true, big, 10, NULL), -1);
	assert_int_equal(pcap_writer_close(pw), -1);

	pw = pcap_writer_open(path);
	assert_non_null(pw);
	assert_int_equal(pcap_writer_stream(pw), 1);
	assert_int_equal(pcap_writer_frame_on(pw, 1, true, big, sizeof(big), NULL), 0);
	assert_int_equal(pcap_writer_frame(pw, false, big, 100, NULL), 0);
	assert_int_equal(pcap_writer_close(pw), 0);

	p = pcap_open_offline(path, err);
	assert_non_null(p);
	assert_int_equal(pcap_datalink(p), DLT_EN10MB);
	while (pcap_next_ex(p, &h, &d) == 1) {
		unsigned sport = (unsigned)d[34] << 8 | d[35];
		unsigned dport = (unsigned)d[36] << 8 | d[37];

		assert_int_equal(h->caplen, h->len);
		assert_true(h->caplen >= ETH_IP_TCP);
		assert_true(sport == 445 || dport == 445);
		assert_true(sport == 49152 || sport == 49153 || dport == 49152 || dport == 49153);
		if (sport == 49153)
			data_to_s1 += h->caplen - ETH_IP_TCP;
		bytes += h->caplen - ETH_IP_TCP;
		packets++;
	}
	pcap_close(p);
	unlink(path);
	/* 3000 bytes + 4 of NBSS to the server on stream 1, 104 back on 0. */
	assert_int_equal(data_to_s1, 3004);
	assert_int_equal(bytes, 3004 + 104);
	/* 2 x (3 handshake + 3 FIN) + 3 data segments + ack + 1 + ack. */
	assert_int_equal(packets, 12 + 3 + 1 + 1 + 1);
}

static void limits(void **state)
{
	char path[] = "/tmp/pcap-writer-XXXXXX";
	int fd = mkstemp(path);
	struct pcap_writer *pw;

	(void)state;
	close(fd);
	assert_null(pcap_writer_open("/nonexistent-dir/x.pcap"));
	pw = pcap_writer_open(path);
	assert_non_null(pw);
	for (int i = 1; i < PCAP_WRITER_MAX_STREAMS; i++)
		assert_int_equal(pcap_writer_stream(pw), i);
	assert_int_equal(pcap_writer_stream(pw), -1);
	/* Refusing a stream is not a write error. */
	assert_int_equal(pcap_writer_close(pw), 0);
	unlink(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(two_streams),
		cmocka_unit_test(limits),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
