/*
 * libFuzzer target: one frame as a client receives it after the NBSS
 * header (transform check, compound chain, every response through
 * smb2_msg_decode, round trip, then every payload decoder that could
 * apply: see fuzz_msg_common.h and fuzz_payloads.h).
 */
#include "fuzz_msg_common.h"
#include "fuzz_payloads.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_frame(data, size, true, fuzz_payloads);
	return 0;
}
