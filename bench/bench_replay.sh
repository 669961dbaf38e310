#!/bin/sh
# smbsim-replay dump beside tshark, and its memory on a small and a large
# capture.  Usage: bench/bench_replay.sh BUILD_DIR
#
# bench_replay (bench/bench_replay.c) writes a file-copy workload (64 KiB
# READs and WRITEs, CREATE/QUERY_INFO/ECHO/CLOSE, compounds; 8 TCP
# connections) as a pcap: a 50 MiB one and a 500 MiB one from the same
# generator, so the small file is the large one's beginning.  Measured
# (wall clock, each process on its own, output to /dev/null; best of 3 for
# dump, one run for tshark):
#   - smbsim-replay dump on the 500 MiB file: messages/s and MB/s;
#   - tshark -r on the 50 MiB file (tshark on 500 MiB would take minutes):
#     messages/s (the generator's message count of that file) and MB/s;
#   - the ratio of the two message rates (target: at least 20);
#   - dump's peak RSS on the 50 MiB and the 500 MiB file (wait4's
#     ru_maxrss): the same when memory does not grow with the capture.
# The free space of the temporary directory is checked first; without room
# for both files only the 50 MiB one is used, and that is said.
# BENCH_REPLAY_MIB changes the large size.  Benchmarks print, never fail.
set -u
B=${1:-build/release}
GEN=$B/bench/bench_replay
REPLAY=$B/bin/smbsim-replay
PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3
BIG_MIB=${BENCH_REPLAY_MIB:-500}
SMALL_MIB=50

for x in "$GEN" "$REPLAY"; do
	[ -x "$x" ] || { echo "bench_replay: $x not built"; exit 0; }
done
tmp=$(mktemp -d "${TMPDIR:-/tmp}/smbsim-bench-replay.XXXXXX") || { echo "bench_replay: no temp dir"; exit 0; }
trap 'rm -rf "$tmp"' EXIT

# KiB free where the files go, against what both need (with 5% slack).
avail=$(df -Pk "$tmp" | awk 'NR == 2 { print $4 }')
need=$(( (BIG_MIB + SMALL_MIB) * 1024 * 105 / 100 ))
if [ "${avail:-0}" -lt "$need" ]; then
	echo "bench_replay: only $((avail / 1024)) MiB free in $tmp, $((need / 1024)) MiB needed" \
		"for the ${BIG_MIB} MiB capture: measuring the ${SMALL_MIB} MiB one only"
	BIG_MIB=0
fi

gen() {
	"$GEN" "$1" "$2" >"$1.gen" || { echo "bench_replay: generating $1 failed"; exit 0; }
}
val() { sed -n "s/^$1 //p" "$2"; }

# measure CMD...: "seconds maxrss_kib" of one run, output to /dev/null.
measure() {
	$PY - "$@" <<'EOF_PY'
import os, subprocess, sys, time
t0 = time.perf_counter()
p = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
_, status, ru = os.wait4(p.pid, 0)
t = time.perf_counter() - t0
print("%.4f %d %d" % (t, ru.ru_maxrss, os.waitstatus_to_exitcode(status)))
EOF_PY
}

# best_of N CMD...: the fastest of N runs ("seconds maxrss rc").
best_of() {
	n=$1
	shift
	best=""
	i=0
	while [ $i -lt "$n" ]; do
		r=$(measure "$@")
		if [ -z "$best" ] || [ "$(echo "$r $best" | awk '{ print ($1 < $4) }')" = 1 ]; then
			best=$r
		fi
		i=$((i + 1))
	done
	echo "$best"
}

small=$tmp/small.pcap
big=$tmp/big.pcap
gen "$small" $SMALL_MIB
small_msgs=$(val messages "$small.gen")
small_bytes=$(val bytes "$small.gen")
if [ "$BIG_MIB" -gt 0 ]; then
	gen "$big" "$BIG_MIB"
	big_msgs=$(val messages "$big.gen")
	big_bytes=$(val bytes "$big.gen")
	file=$big msgs=$big_msgs bytes=$big_bytes
else
	file=$small msgs=$small_msgs bytes=$small_bytes
fi

# The dump must see every message the generator wrote, with no damage.
seen=$("$REPLAY" dump "$file" | tail -n 1 | sed -n 's/.* \([0-9]*\) messages.*/\1/p')
[ "$seen" = "$msgs" ] || echo "bench_replay: dump saw ${seen:-?} messages, the generator wrote $msgs"

set -- $(best_of 3 "$REPLAY" dump "$file")
ours_s=$1 ours_rss=$2
set -- $(best_of 1 "$REPLAY" dump "$small")
small_rss=$2

printf 'capture: %s MiB written by bench_replay (%s messages, %s bytes, 8 connections, 64 KiB READ/WRITE plus small ones)\n' \
	"$(( bytes / 1048576 ))" "$msgs" "$bytes"
awk -v m="$msgs" -v b="$bytes" -v s="$ours_s" 'BEGIN {
	printf "smbsim-replay dump: %.0f messages/s, %.1f MB/s (%d messages in %.3f s, best of 3, text to /dev/null)\n",
		m / s, b / 1e6 / s, m, s }'
if command -v tshark >/dev/null 2>&1; then
	set -- $(best_of 1 tshark -r "$small")
	ts=$1
	awk -v m="$small_msgs" -v b="$small_bytes" -v s="$ts" -v om="$msgs" -v os="$ours_s" -v ob="$bytes" 'BEGIN {
		printf "tshark -r:          %.0f messages/s, %.1f MB/s (the first %d MiB: %d messages in %.2f s, one run)\n",
			m / s, b / 1e6 / s, b / 1048576, m, s;
		printf "ratio dump / tshark: %.1fx messages/s, %.1fx MB/s (target 20x)\n",
			(om / os) / (m / s), (ob / os) / (b / s) }'
else
	echo "tshark not installed: no peer figure"
fi
if [ "$BIG_MIB" -gt 0 ]; then
	printf 'dump peak RSS: %s KiB on %s MiB, %s KiB on %s MiB\n' "$small_rss" "$SMALL_MIB" \
		"$ours_rss" "$BIG_MIB"
else
	printf 'dump peak RSS: %s KiB on %s MiB\n' "$small_rss" "$SMALL_MIB"
fi
