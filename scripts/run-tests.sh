#!/bin/sh
# Run every test binary of a sanitizer build, and replay each fuzz corpus
# once.  Prints one line per binary and a closing "N passed, N failed" line
# (counted in cmocka tests, corpus replays and scripted checks).
# Usage: scripts/run-tests.sh BUILD_DIR [FUZZ_BUILD_DIR]
set -u
B=${1:?build dir}
F=${2:-}
# Absolute, so that checks which change directory still find the binaries.
B=$(cd "$B" && pwd) || exit 1
[ -z "$F" ] || F=$(cd "$F" && pwd) || exit 1
export SMBSIM_SRCDIR=${SMBSIM_SRCDIR:-$(pwd)}
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0:halt_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
LOG=$B/test-logs
mkdir -p "$LOG"
passed=0
failed=0
failed_names=""

for t in "$B"/tests/test_*; do
	[ -x "$t" ] || continue
	name=$(basename "$t")
	if "$t" >"$LOG/$name.log" 2>&1; then
		rc=0
	else
		rc=$?
	fi
	# cmocka prints "[  PASSED  ] N test(s)." and "[  FAILED  ] N test(s)..."
	p=$(sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' "$LOG/$name.log" | tail -1)
	f=$(sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' "$LOG/$name.log" | tail -1)
	p=${p:-0}
	f=${f:-0}
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		f=1 # crashed or sanitizer report: count as a failure
	fi
	passed=$((passed + p))
	failed=$((failed + f))
	if [ "$rc" -ne 0 ] || [ "$f" -ne 0 ]; then
		failed_names="$failed_names $name"
		echo "FAIL  $name (exit $rc): see $LOG/$name.log"
		tail -40 "$LOG/$name.log" | sed 's/^/    /'
	else
		echo "ok    $name ($p tests)"
	fi
done

# Scripted checks: tests/scripts/check_*.sh, each exits 0 on success.
for s in tests/scripts/check_*.sh; do
	[ -f "$s" ] || continue
	name=$(basename "$s" .sh)
	if sh "$s" "$B" >"$LOG/$name.log" 2>&1; then
		passed=$((passed + 1))
		echo "ok    $name"
	else
		failed=$((failed + 1))
		failed_names="$failed_names $name"
		echo "FAIL  $name: see $LOG/$name.log"
		tail -40 "$LOG/$name.log" | sed 's/^/    /'
	fi
done

# Fuzz corpora: every input run once through its target (regression).
if [ -n "$F" ]; then
	for fz in "$F"/fuzz/fuzz_*; do
		[ -x "$fz" ] || continue
		name=$(basename "$fz")
		corpus=tests/fuzz/corpus/$name
		[ -d "$corpus" ] || continue
		set -- "$corpus"/*
		[ -e "$1" ] || continue
		if "$fz" -runs=0 "$corpus" >"$LOG/$name.log" 2>&1; then
			passed=$((passed + 1))
			echo "ok    $name corpus replay ($(ls "$corpus" | wc -l) inputs)"
		else
			failed=$((failed + 1))
			failed_names="$failed_names $name"
			echo "FAIL  $name corpus replay: see $LOG/$name.log"
			tail -40 "$LOG/$name.log" | sed 's/^/    /'
		fi
	done
fi

echo
[ -n "$failed_names" ] && echo "failed:$failed_names"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
