#!/bin/sh
# bench_crypto.sh BUILD_DIR: lib/crypto throughput on 1 MiB messages beside
# `openssl speed` on the same machine in the same run (both wall-clock, both
# 10^6 bytes per MB), and the ratio.  Target: within 10% (ratio >= 0.90).
# BENCH_SECONDS (default 2) sets the length of every measurement.
set -u
B=${1:-build/release}
S=${BENCH_SECONDS:-2}
BIN=$B/bench/bench_crypto

if [ ! -x "$BIN" ]; then
	echo "bench_crypto: $BIN not built (make VARIANT=release all)" >&2
	exit 1
fi
if ! command -v openssl >/dev/null 2>&1; then
	echo "bench_crypto: no openssl command: figures without a reference" >&2
	BENCH_SECONDS=$S "$BIN"
	exit $?
fi

ours=$(BENCH_SECONDS=$S "$BIN") || { echo "bench_crypto failed" >&2; exit 1; }

# openssl speed -mr prints "+F:<n>:<name>:<bytes per second>".
speed() {
	openssl speed -elapsed -mr -seconds "$S" -bytes 1048576 "$@" 2>/dev/null |
		awk -F: '/^\+F:/ { printf "%.1f\n", $4 / 1e6 }' | tail -n 1
}
ref_gcm=$(speed -evp aes-128-gcm)
ref_cmac=$(speed -cmac aes-128-cbc)
ref_gcm_dec=$(speed -decrypt -evp aes-128-gcm)
ref_ccm=$(speed -evp aes-128-ccm)
ref_hmac=$(speed -hmac sha256)

get() { echo "$ours" | awk -v k="$1" '$1 == k { print $2 }'; }

line() {
	# name, ours, reference, reference label
	awk -v n="$1" -v o="$2" -v r="$3" -v l="$4" 'BEGIN {
		if (r == "" || r + 0 == 0)
			printf "%-22s %9.1f MB/s   (%s: no figure)\n", n, o, l;
		else
			printf "%-22s %9.1f MB/s   %s %9.1f MB/s   ratio %.3f%s\n", n, o, l, r,
			       o / r, (o / r >= 0.90 ? "" : "  BELOW 0.90");
	}'
}

echo "1 MiB messages, ${S} s per figure, MB = 10^6 bytes"
line aes-128-gcm-encrypt "$(get aes-128-gcm-encrypt)" "$ref_gcm" "openssl speed -evp aes-128-gcm"
line aes-128-cmac-sign "$(get aes-128-cmac-sign)" "$ref_cmac" "openssl speed -cmac aes-128-cbc"
line aes-128-gcm-decrypt "$(get aes-128-gcm-decrypt)" "$ref_gcm_dec" "openssl speed -decrypt -evp aes-128-gcm"
line aes-128-ccm-encrypt "$(get aes-128-ccm-encrypt)" "$ref_ccm" "openssl speed -evp aes-128-ccm"
line hmac-sha256-sign "$(get hmac-sha256-sign)" "$ref_hmac" "openssl speed -hmac sha256"
line aes-128-gmac-sign "$(get aes-128-gmac-sign)" "" "openssl speed"
