#!/bin/sh
# Every torture suite against a private Samba smbd (scripts/samba-start.sh
# under socket_wrapper) with torture/profiles/samba.conf: every result is a
# pass, a skip with its reason, or an expected failure the profile records
# with its reason.  A fail or an unexpected pass fails this check.
set -u
B=${1:?build dir}
ROOTDIR=$(cd "$(dirname "$0")/../.." && pwd)
OUT=$(mktemp -d "${TMPDIR:-/tmp}/smbsim-torture-samba.XXXXXX") || exit 1
trap 'rm -rf "$OUT"' EXIT
sh "$ROOTDIR/torture/harness.sh" --server samba --build "$B" --out "$OUT" all
rc=$?
[ $rc -eq 0 ] || { echo "check_torture_samba: harness exit $rc" >&2; exit 1; }
/usr/bin/python3 "$ROOTDIR/tests/scripts/torture_results.py" "$OUT/samba.json" \
	"$OUT/samba.junit.xml" --allow pass,skip,expected-fail || exit 1
