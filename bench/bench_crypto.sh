#!/bin/sh
# bench_crypto.sh BUILD_DIR: lib/crypto throughput on 1 MiB messages beside
# `openssl speed` on the same machine in the same run (both wall-clock, both
# 10^6 bytes per MB), and the ratio.  Target: within 10% (ratio >= 0.90).
# Each pair is measured ROUNDS times (default 3), ours and openssl's
# alternating, and the best of each kept, so a busy machine disturbs both
# sides alike.  BENCH_SECONDS (default 1) is the length of one measurement.
set -u
B=${1:-build/release}
S=${BENCH_SECONDS:-1}
R=${ROUNDS:-3}
BIN=$B/bench/bench_crypto

if [ ! -x "$BIN" ]; then
	echo "bench_crypto: $BIN not built (make VARIANT=release all)" >&2
	exit 1
fi

# Our figure for one name.
ours() {
	BENCH_SECONDS=$S "$BIN" "$1" | awk -v k="$1" '$1 == k { print $2 }'
}
# openssl speed -mr prints "+F:<n>:<name>:<bytes per second>".
theirs() {
	command -v openssl >/dev/null 2>&1 || return 0
	openssl speed -elapsed -mr -seconds "$S" -bytes 1048576 "$@" 2>/dev/null |
		awk -F: '/^\+F:/ { printf "%.1f\n", $4 / 1e6 }' | tail -n 1
}
max() { awk -v a="${1:-0}" -v b="${2:-0}" 'BEGIN { print (a + 0 > b + 0) ? a : b }'; }

# name, then the openssl speed arguments (none: no reference figure)
pair() {
	name=$1
	shift
	o=0
	t=0
	i=0
	while [ "$i" -lt "$R" ]; do
		o=$(max "$o" "$(ours "$name")")
		[ $# -gt 0 ] && t=$(max "$t" "$(theirs "$@")")
		i=$((i + 1))
	done
	awk -v n="$name" -v o="$o" -v r="$t" -v l="openssl speed $*" 'BEGIN {
		if (r + 0 == 0)
			printf "%-20s %8.1f MB/s   (no openssl figure)\n", n, o;
		else
			printf "%-20s %8.1f MB/s   %-40s %8.1f MB/s   ratio %.3f%s\n", n, o, l, r,
			       o / r, (o / r >= 0.90 ? "" : "  below 0.90");
	}'
}

echo "1 MiB messages, best of $R runs of ${S} s each, MB = 10^6 bytes"
pair aes-128-gcm-encrypt -evp aes-128-gcm
pair aes-128-cmac-sign -cmac aes-128-cbc
pair aes-128-gcm-decrypt -decrypt -evp aes-128-gcm
pair aes-128-ccm-encrypt -evp aes-128-ccm
pair hmac-sha256-sign -hmac sha256
pair aes-128-gmac-sign
