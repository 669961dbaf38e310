/*
 * Write every frame of the judge's sample catalogue (tests/common/samples*)
 * to DIR/sample-NNN-{req,rsp}.bin, one SMB2 frame per file without the NBSS
 * header: seeds for the message fuzzers (scripts/fuzz.sh merges what adds
 * coverage into tests/fuzz/corpus/).
 *
 * Usage: sample_frames DIR
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "samples.h"

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: sample_frames DIR\n");
		return 2;
	}
	for (size_t i = 0; i < samples_count(); i++) {
		struct wr w;
		struct sample_info info;
		char path[4096];
		FILE *f;

		wr_init(&w, 0);
		if (samples_build(i, &w, &info) != STATUS_SUCCESS) {
			fprintf(stderr, "sample %zu (%s) does not build\n", i, samples_name(i));
			wr_free(&w);
			return 1;
		}
		snprintf(path, sizeof(path), "%s/sample-%03zu-%s.bin", argv[1], i,
		         info.is_response ? "rsp" : "req");
		f = fopen(path, "wb");
		if (!f || fwrite(w.buf, 1, w.len, f) != w.len || fclose(f) != 0) {
			fprintf(stderr, "%s: %s\n", path, strerror(errno));
			wr_free(&w);
			return 1;
		}
		wr_free(&w);
	}
	return 0;
}
