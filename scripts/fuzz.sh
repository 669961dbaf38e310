#!/bin/sh
# Fuzz every libFuzzer target of a build for a while, then fold what it
# learnt back into the committed corpora.
#
#   scripts/fuzz.sh BUILD_DIR SECONDS      (e.g. scripts/fuzz.sh build/fuzz 60)
#
# For each BUILD_DIR/fuzz/fuzz_* target:
#   - copies tests/fuzz/corpus/<target>/ to a scratch directory
#     (BUILD_DIR/fuzz-work/<target>) and fuzzes that for SECONDS, so the
#     source tree is never written while libFuzzer runs;
#   - crash, leak, timeout and OOM inputs go to BUILD_DIR/artifacts/<target>/
#     (never the current directory);
#   - merges back with -merge=1: only scratch inputs that add coverage are
#     copied into the corpus, so the committed corpus changes little.  With
#     FUZZ_MINIMISE=1 the corpus is instead rebuilt from scratch as the
#     minimal set covering corpus and new inputs together (files named
#     regress-*, reproducers of fixed bugs, are always kept);
#   - prints seconds, executions (libFuzzer's final stats), corpus size and
#     crashes found.
# Exits 1 if any target crashed.  Run from the source tree's root.
set -u
B=${1:?usage: scripts/fuzz.sh BUILD_DIR SECONDS}
SECS=${2:?usage: scripts/fuzz.sh BUILD_DIR SECONDS}
case $SECS in
'' | *[!0-9]*) echo "fuzz.sh: SECONDS must be a number" >&2; exit 2 ;;
esac
[ -d tests/fuzz ] || { echo "fuzz.sh: run from the source tree's root" >&2; exit 2; }
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

total_crashes=0
found=0
printf '%-18s %8s %12s %8s %8s\n' target seconds executions corpus crashes
for fz in "$B"/fuzz/fuzz_*; do
	[ -x "$fz" ] || continue
	found=1
	name=$(basename "$fz")
	corpus=tests/fuzz/corpus/$name
	work=$B/fuzz-work/$name
	merged=$B/fuzz-merge/$name
	art=$B/artifacts/$name
	log=$B/fuzz-logs/$name.log
	mkdir -p "$corpus" "$art" "$(dirname "$log")"
	rm -rf "$work" "$merged"
	mkdir -p "$work" "$merged"
	# Artifacts of an earlier run are not this run's crashes.
	before=$(ls "$art" | wc -l)
	find "$corpus" -maxdepth 1 -type f -exec cp {} "$work"/ \;

	start=$(date +%s)
	"$fz" -max_total_time="$SECS" -print_final_stats=1 -timeout=10 \
		-rss_limit_mb=2048 -artifact_prefix="$art/" "$work" >"$log" 2>&1
	rc=$?
	secs=$(($(date +%s) - start))
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
	crashes=$(($(ls "$art" | wc -l) - before))
	if [ "$rc" -ne 0 ] && [ "$crashes" -eq 0 ]; then
		crashes=1 # died without writing an artifact: still a failure
	fi

	if [ "${FUZZ_MINIMISE:-0}" = 1 ]; then
		# The minimal set over old and new, built in a fresh directory.
		"$fz" -merge=1 -timeout=10 -rss_limit_mb=2048 -artifact_prefix="$art/" \
			"$merged" "$corpus" "$work" >>"$log" 2>&1 &&
			find "$corpus" -maxdepth 1 -type f ! -name 'regress-*' -exec rm -f {} + &&
			find "$merged" -maxdepth 1 -type f -exec cp {} "$corpus"/ \;
	else
		# Only what is new: inputs of the scratch run adding coverage.
		"$fz" -merge=1 -timeout=10 -rss_limit_mb=2048 -artifact_prefix="$art/" \
			"$corpus" "$work" >>"$log" 2>&1
	fi
	if [ $? -ne 0 ]; then
		echo "fuzz.sh: $name: merge failed, corpus left as it was (see $log)" >&2
		crashes=$((crashes + 1))
	fi
	size=$(ls "$corpus" | wc -l)
	printf '%-18s %8s %12s %8s %8s\n' "$name" "$secs" "${execs:-?}" "$size" "$crashes"
	if [ "$crashes" -ne 0 ]; then
		echo "  artifacts in $art/, log $log" >&2
		grep -m1 -E 'ERROR|invariant|SUMMARY' "$log" | sed 's/^/  /' >&2
	fi
	total_crashes=$((total_crashes + crashes))
done
[ "$found" -eq 1 ] || { echo "fuzz.sh: no fuzz targets in $B/fuzz/" >&2; exit 2; }
[ "$total_crashes" -eq 0 ]
