#!/bin/sh
# make demo: the conformance suites against the reference server, and
# against a real Samba beside it, then the HTML report.
#
#   1. torture/harness.sh --server smbsim: smbsim-server under socket_wrapper
#      (two addresses, an encrypted and a read-only share, a second user, a
#      strict instance), every suite, results in reports/out/;
#   2. the same against a private Samba smbd with torture/profiles/samba.conf;
#   3. reports/smbsim-report: reports/out/index.html from both runs, and a
#      summary table.
set -u
B=${1:-build/release}
OUT=reports/out
rc=0
mkdir -p "$OUT"
rm -f "$OUT"/*.json "$OUT"/*.junit.xml

echo "== smbsim demo: every torture suite against smbsim-server =="
sh torture/harness.sh --server smbsim --build "$B" --out "$OUT" all || rc=1
if command -v smbd >/dev/null 2>&1; then
	echo
	echo "== the same suites against Samba $(smbd -V 2>/dev/null | sed 's/^Version //') (profile torture/profiles/samba.conf) =="
	sh torture/harness.sh --server samba --build "$B" --out "$OUT" all || rc=1
fi
echo
echo "== report =="
reports/smbsim-report -o "$OUT" "$OUT"/*.json || rc=1
reports/smbsim-report --summary "$OUT"/*.json || rc=1
echo
echo "results: $OUT/*.json (JSON), $OUT/*.junit.xml (JUnit)"
echo "report:  $(pwd)/$OUT/index.html"
[ $rc = 0 ] && echo "demo: every suite ran; all results as expected" ||
	echo "demo: something above failed"
exit $rc
