/*
 * libFuzzer target: one frame as a server receives it after the NBSS
 * header (transform check, compound chain, every request through
 * smb2_msg_decode, round trip, then every payload decoder that could
 * apply: see fuzz_payloads.h).  See fuzz_msg_common.h.
 */
#include "fuzz_msg_common.h"
#include "fuzz_payloads.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_frame(data, size, false, fuzz_payloads);
	return 0;
}
