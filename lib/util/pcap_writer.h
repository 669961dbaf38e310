/*
 * A classic pcap writer (LINKTYPE_ETHERNET, written through libpcap's
 * dump functions) for SMB2 conversations: TCP connections over IPv4
 * between a client (10.0.0.1, ports 49152 upwards: one per stream) and a
 * server (10.0.0.2:445), opened with a three-way handshake and closed
 * with FINs,
 * with real sequence and acknowledgement numbers and IPv4 and TCP
 * checksums, so that tshark dissects it without complaint.
 *
 * Each call to pcap_writer_frame() sends one NetBIOS session message
 * (RFC 1002 4.3.1; MS-SMB2 2.1: type 0, 24-bit length) carrying the given
 * SMB2 frame, from the client (requests) or the server (responses), cut
 * into segments of at most 1460 bytes and acknowledged by the peer.
 * Timestamps are fixed (a start time plus 1 ms per packet), so the output
 * depends only on the input.
 */
#ifndef SMBSIM_UTIL_PCAP_WRITER_H
#define SMBSIM_UTIL_PCAP_WRITER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct pcap_writer;

/* TCP connections one writer holds. */
#define PCAP_WRITER_MAX_STREAMS 64

/* Create path and write the file header and the TCP handshake; NULL (with
 * errno) on failure. */
struct pcap_writer *pcap_writer_open(const char *path);

/*
 * Append one NBSS frame holding frame[0..len) (len <= 0xFFFFFF), sent by
 * the client when to_server, else by the server.  *frame_no (may be NULL)
 * gets the 1-based number of the packet that completes the frame: the one
 * where tshark shows the SMB2 message.  Returns 0, or -1 on a write error
 * or a bad length (the writer then refuses further frames).
 */
int pcap_writer_frame(struct pcap_writer *pw, bool to_server, const uint8_t *frame,
                      size_t len, uint32_t *frame_no);

/* Open another TCP connection (the next client port) and write its
 * handshake; returns its stream number (the first, from open, is 0), or
 * -1 when PCAP_WRITER_MAX_STREAMS are open or a write failed. */
int pcap_writer_stream(struct pcap_writer *pw);
/* pcap_writer_frame() on a given stream. */
int pcap_writer_frame_on(struct pcap_writer *pw, unsigned stream, bool to_server,
                         const uint8_t *frame, size_t len, uint32_t *frame_no);

/* Packets written so far. */
uint32_t pcap_writer_packets(const struct pcap_writer *pw);

/* Write the FIN exchange, close and free.  Returns 0, or -1 when any write
 * failed since open.  NULL is allowed. */
int pcap_writer_close(struct pcap_writer *pw);

#endif
