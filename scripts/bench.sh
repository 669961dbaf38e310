#!/bin/sh
# make bench: run every benchmark script bench/bench_*.sh against a build.
# Each prints its figures beside a real peer measured in the same run, and
# the ratio.  Benchmarks never fail the build; they report.
set -u
B=${1:-build/release}
for s in bench/bench_*.sh; do
	[ -f "$s" ] || continue
	echo "== $(basename "$s" .sh) =="
	sh "$s" "$B"
	echo
done
