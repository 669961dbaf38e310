/*
 * wire_judge: write every sample of the catalogue (tests/common/samples.h)
 * into one pcap, requests from the client and responses from the server,
 * and a TSV of what each frame must show, for
 * tests/scripts/check_tshark_judge.sh to compare with tshark's reading.
 *
 * Usage: wire_judge OUT.pcap OUT.tsv [OUT.keys]
 *
 * TSV columns (one header line, then one line per sample):
 *   frame   pcap frame number where the message completes
 *   name    sample name
 *   cmd     Command (decimal)
 *   resp    1 for a response
 *   status  header Status (0x%08x; 0 in requests)
 *   msg_id  MessageId (decimal)
 *   sesid   SessionId (0x%016x)
 *   tid     TreeId (0x%08x), "-" for an async header
 *   dialects  NEGOTIATE dialects as 0x%04x joined by ",", or "-"
 *   ctx     CREATE context names joined by ",", or "-"
 *   fid     the FileId in tshark's GUID form, or "-"
 *   proto   smb2, smb (SMB1) or smb2-encrypted (a TRANSFORM_HEADER whose
 *           decrypted message the other columns describe)
 *   checks  further fields, ";"-joined: FIELD=V1|V2 (exactly these
 *           occurrences, in order) or FIELD~V1|V2 (each occurs); "-" if none
 *   diverges  why tshark is known to misread this spec-conformant frame
 *           (its malformed mark is then not a failure), or "-"
 * OUT.keys gets one line per signing or encrypting sample, the four
 * comma-separated hex fields of Wireshark's smb2_seskey_list UAT:
 * SessionId (wire bytes in hex), session key, server-to-client key,
 * client-to-server key.
 * Exit status 0 on success, 1 when a sample fails to build or a file
 * cannot be written.
 */
#include <stdio.h>
#include <string.h>

#include "util/pcap_writer.h"
#include "samples.h"

/* tshark shows the 16 FileId bytes as a GUID: Data1..Data3 little-endian
 * from Persistent, then Volatile's bytes in wire order. */
static void fid_text(const struct smb2_fileid *id, char out[37])
{
	uint8_t b[16];

	put_le64(b, id->persistent);
	put_le64(b + 8, id->volatile_);
	snprintf(out, 37, "%08x-%04x-%04x-%02x%02x-%02x%02x%02x%02x%02x%02x",
	         (unsigned)le32(b), (unsigned)le16(b + 4), (unsigned)le16(b + 6), b[8], b[9],
	         b[10], b[11], b[12], b[13], b[14], b[15]);
}

static void write_row(FILE *t, uint32_t frame, const char *name, const struct sample_info *s)
{
	static const char *const protos[] = { "smb2", "smb", "smb2-encrypted" };
	char fid[37];
	unsigned k;

	fprintf(t, "%u\t%s\t%u\t%d\t0x%08x\t%llu\t0x%016llx\t", frame, name, s->command,
	        s->is_response ? 1 : 0, (unsigned)s->status,
	        (unsigned long long)s->message_id, (unsigned long long)s->session_id);
	if (s->is_async)
		fputs("-\t", t);
	else
		fprintf(t, "0x%08x\t", (unsigned)s->tree_id);
	if (!s->dialect_count)
		fputc('-', t);
	for (k = 0; k < s->dialect_count; k++)
		fprintf(t, "%s0x%04x", k ? "," : "", s->dialects[k]);
	fputc('\t', t);
	if (!s->create_ctx_count)
		fputc('-', t);
	for (k = 0; k < s->create_ctx_count; k++)
		fprintf(t, "%s%s", k ? "," : "", s->create_ctx_names[k]);
	fputc('\t', t);
	if (s->has_file_id) {
		fid_text(&s->file_id, fid);
		fputs(fid, t);
	} else {
		fputc('-', t);
	}
	fprintf(t, "\t%s\t", protos[s->proto]);
	if (!s->check_count)
		fputc('-', t);
	for (k = 0; k < s->check_count; k++)
		fprintf(t, "%s%s%c%s", k ? ";" : "", s->checks[k].field,
		        s->checks[k].subset ? '~' : '=', s->checks[k].values);
	fprintf(t, "\t%s\n", s->tshark_diverges ? s->tshark_diverges : "-");
}

static void hex(FILE *f, const uint8_t *p, size_t n)
{
	size_t k;

	for (k = 0; k < n; k++)
		fprintf(f, "%02x", p[k]);
}

static void write_key(FILE *f, const struct sample_key *k)
{
	uint8_t sid[8];

	put_le64(sid, k->session_id);
	hex(f, sid, 8);
	fputc(',', f);
	hex(f, k->session_key, 16);
	fputc(',', f);
	hex(f, k->s2c, k->cipher_key_len);
	fputc(',', f);
	hex(f, k->c2s, k->cipher_key_len);
	fputc('\n', f);
}

int main(int argc, char **argv)
{
	struct pcap_writer *pw;
	struct sample_info info;
	struct wr w;
	FILE *t, *keys = NULL;
	size_t i, n = samples_count();
	int rc = 0;

	if (argc != 3 && argc != 4) {
		fprintf(stderr, "usage: %s OUT.pcap OUT.tsv [OUT.keys]\n", argv[0]);
		return 2;
	}
	pw = pcap_writer_open(argv[1]);
	if (!pw) {
		perror(argv[1]);
		return 1;
	}
	t = fopen(argv[2], "w");
	if (!t) {
		perror(argv[2]);
		(void)pcap_writer_close(pw);
		return 1;
	}
	if (argc == 4 && !(keys = fopen(argv[3], "w"))) {
		perror(argv[3]);
		(void)pcap_writer_close(pw);
		(void)fclose(t);
		return 1;
	}
	fputs("frame\tname\tcmd\tresp\tstatus\tmsg_id\tsesid\ttid\tdialects\tctx\tfid\t"
	      "proto\tchecks\tdiverges\n", t);
	wr_init(&w, 0);
	for (i = 0; i < n; i++) {
		uint32_t frame = 0;
		NTSTATUS st;

		wr_reset(&w);
		st = samples_build(i, &w, &info);
		if (st) {
			fprintf(stderr, "sample %zu (%s): build failed: %s\n", i, samples_name(i),
			        nt_status_name(st));
			rc = 1;
			continue;
		}
		if (pcap_writer_frame(pw, !info.is_response, w.buf, w.len, &frame) != 0) {
			fprintf(stderr, "%s: write failed\n", argv[1]);
			rc = 1;
			break;
		}
		write_row(t, frame, samples_name(i), &info);
		if (keys && info.has_key)
			write_key(keys, &info.key);
	}
	wr_free(&w);
	if (pcap_writer_close(pw) != 0) {
		fprintf(stderr, "%s: write failed\n", argv[1]);
		rc = 1;
	}
	if (keys && fclose(keys) != 0) {
		fprintf(stderr, "%s: write failed\n", argv[3]);
		rc = 1;
	}
	if (fclose(t) != 0) {
		fprintf(stderr, "%s: write failed\n", argv[2]);
		rc = 1;
	}
	if (rc == 0)
		printf("wire_judge: %zu samples\n", n);
	return rc;
}
