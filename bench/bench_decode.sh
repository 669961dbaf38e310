#!/bin/sh
# Decode rate of a mixed SMB2 stream: lib/wire against tshark on the same
# messages, in the same run.  Usage: bench/bench_decode.sh BUILD_DIR
set -u
B=${1:-build/release}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
out=$("$B/bench/bench_decode" "$(pwd)" "$tmp/stream.pcap") || { echo "bench_decode failed"; exit 1; }
val() { printf '%s\n' "$out" | sed -n "s/^$1 //p"; }
ours=$(val smbsim_msgs_per_s)
mbs=$(val smbsim_mb_per_s)
per_pass=$(val messages_per_pass)
printf 'lib/wire decode:   %s messages/s, %s MB/s (mixed stream of %s captured Samba messages, repeated to %s bytes)\n' \
	"$ours" "$mbs" "$per_pass" "$(val stream_bytes)"
if command -v tshark >/dev/null 2>&1; then
	# tshark dissects each message once (-2 would add a second pass).
	t0=$(date +%s.%N)
	n=$(tshark -r "$tmp/stream.pcap" -T fields -e smb2.cmd 2>/dev/null | tr ',' '\n' | grep -c .)
	t1=$(date +%s.%N)
	awk -v n="$n" -v t0="$t0" -v t1="$t1" -v ours="$ours" 'BEGIN {
		s = t1 - t0; rate = n / s;
		printf "tshark dissect:    %.0f messages/s (%d messages in %.2f s, process start included)\n", rate, n, s;
		printf "ratio lib/wire / tshark: %.1fx\n", ours / rate }'
else
	echo "tshark not installed: no peer figure"
fi
