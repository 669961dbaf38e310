#!/bin/sh
# Every torture suite against smbsim-server, through the harness
# (torture/harness.sh: socket_wrapper, two addresses, the strict instance).
# Passes when smbsim-torture exits 0 (every test passes or skips with a
# reason; the reference server has no profile, so nothing is expected to
# fail), the results JSON and JUnit are well formed, no test failed, and no
# capture was kept (captures are made only for failing tests).
set -u
B=${1:?build dir}
ROOTDIR=$(cd "$(dirname "$0")/../.." && pwd)
OUT=$(mktemp -d "${TMPDIR:-/tmp}/smbsim-torture-check.XXXXXX") || exit 1
trap 'rm -rf "$OUT"' EXIT
sh "$ROOTDIR/torture/harness.sh" --server smbsim --build "$B" --out "$OUT" all
rc=$?
[ $rc -eq 0 ] || { echo "check_torture_smbsim: harness exit $rc" >&2; exit 1; }
/usr/bin/python3 "$ROOTDIR/tests/scripts/torture_results.py" "$OUT/smbsim-server.json" \
	"$OUT/smbsim-server.junit.xml" --allow pass,skip || exit 1
if [ -n "$(ls -A "$OUT/pcaps" 2>/dev/null)" ]; then
	echo "check_torture_smbsim: captures kept although nothing failed: $(ls -R "$OUT/pcaps")" >&2
	exit 1
fi
