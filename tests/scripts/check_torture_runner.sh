#!/bin/sh
# smbsim-torture's own behaviour, against smbsim-server under socket_wrapper:
#   --list names the sections of every test; usage and profile errors exit
#   2 with a message naming what is wrong; a failing test exits 1, keeps
#   its capture and session keys (and only failing tests do), and shows in
#   the JSON and JUnit; the profile turns it into expected-fail (exit 0),
#   a passing test it expects to fail into unexpected-pass (exit 1), and
#   its skip entries into skips with the reason.
# The failing test is made deterministic by a wrong password for user2:
# session.previous_session_other_user logs on as user2 inside the test.
NAME=check_torture_runner
B=${1:?build dir}
. "$(dirname "$0")/lib_interop.sh"
T=$B/bin/smbsim-torture
interop_init || exit 1
SRV_NOPCAP=1

expect_rc() { # WANT WHAT CMD...
	want=$1 what=$2
	shift 2
	"$@" >"$DIR/out" 2>&1
	rc=$?
	[ $rc -eq "$want" ] || { fail "$what: exit $rc, want $want: $(tail -5 "$DIR/out")"; return 1; }
}
has() { grep -q -- "$1" "$DIR/out" || fail "$2: output lacks \"$1\": $(tail -5 "$DIR/out")"; }

# --list: every test with MS-* sections; at least the issue's 150.
expect_rc 0 list "$T" --list
n=$(grep -c '^  [a-z0-9_]*\.[a-z0-9_]*  \[MS-' "$DIR/out")
[ "$n" -ge 150 ] || fail "--list shows $n tests with sections"

# Usage errors.
expect_rc 2 "no arguments" "$T" && has "want a target" "no arguments"
expect_rc 2 "bad target" "$T" /host/share all && has "want //HOST" "bad target"
expect_rc 2 "bad timeout" "$T" --timeout 0 //h/s all && has "--timeout 0" "bad timeout"
expect_rc 2 "bad option" "$T" --option nokey //h/s all && has "want KEY=VALUE" "bad option"
expect_rc 2 "unknown flag" "$T" --frobnicate //h/s all
expect_rc 2 "no match" "$T" //127.0.0.1/s nosuchsuite && has "no test matches" "no match"
expect_rc 2 "missing profile" "$T" --profile "$DIR/none.conf" //h/s all && has "none.conf" "missing profile"
printf '[profile]\nname = t\n[echo.no_such_test]\nresult = fail\nreason = r\n' >"$DIR/typo.conf"
expect_rc 2 "profile typo" "$T" --profile "$DIR/typo.conf" //h/s all &&
	has "typo.conf:3: \[echo.no_such_test\] matches no test" "profile typo"

srv_start runner || exit 1
run() { # WANT WHAT [torture options...]
	want=$1 what=$2
	shift 2
	rm -rf "$DIR/pc"
	mkdir "$DIR/pc"
	expect_rc "$want" "$what" as_iface 20 "$T" //127.0.0.10/share -U user%pass \
		--pcap-dir "$DIR/pc" --json "$DIR/r.json" --junit "$DIR/r.xml" "$@"
}
FAILING=session.previous_session_other_user

run 1 "failing test" --option user2=other%wrong $FAILING echo.echo_basic
has "^FAIL  $FAILING: " "failing test"
has "^PASS  echo.echo_basic" "failing test"
[ -s "$DIR/pc/$FAILING.pcap" ] || fail "no capture of the failing test"
[ -s "$DIR/pc/$FAILING.keys" ] || fail "no session keys beside the capture"
[ "$(ls "$DIR/pc" | wc -l)" -eq 2 ] || fail "captures of passing tests kept: $(ls "$DIR/pc")"
set -- $(tshark_counts "$DIR/pc/$FAILING.pcap" smb2 _ws.malformed)
[ "${1:-0}" -gt 0 ] && [ "${2:-1}" -eq 0 ] || fail "capture: $1 SMB2 frames, $2 malformed"
$PY - "$DIR/r.json" "$DIR/r.xml" "$DIR/pc/$FAILING.pcap" <<'PYEOF' || fail "failing test: results files"
import json, sys, xml.etree.ElementTree as ET
d = json.load(open(sys.argv[1]))
t = {x["id"]: x for x in d["tests"]}
f = t["session.previous_session_other_user"]
assert f["result"] == "fail" and f["pcap"] == sys.argv[3], f
assert "STATUS_LOGON_FAILURE" in f["message"], f["message"]
assert t["echo.echo_basic"]["result"] == "pass" and t["echo.echo_basic"]["pcap"] is None
assert d["totals"]["fail"] == 1 and d["totals"]["pass"] == 1, d["totals"]
assert len(ET.parse(sys.argv[2]).getroot().findall(".//failure")) == 1
PYEOF

printf '[profile]\nname = t\n[%s]\nresult = fail\nreason = known here\nref = MS-SMB2 3.3.5.5.3\n' \
	"$FAILING" >"$DIR/xfail.conf"
run 0 "expected failure" --profile "$DIR/xfail.conf" --option user2=other%wrong $FAILING
has "^XFAIL $FAILING: .*\[profile: known here\]" "expected failure"
grep -q '"expected-fail"' "$DIR/r.json" || fail "expected failure: not in the JSON"

printf '[profile]\nname = t\n[echo.echo_basic]\nresult = fail\nreason = thought broken\n' >"$DIR/xpass.conf"
run 1 "unexpected pass" --profile "$DIR/xpass.conf" echo.echo_basic
has "^XPASS echo.echo_basic: passed, but the profile expects a failure: thought broken" "unexpected pass"

printf '[profile]\nname = t\n[echo.*]\nresult = skip\nreason = not today\n' >"$DIR/skip.conf"
run 0 "profile skip" --profile "$DIR/skip.conf" echo
has "^SKIP  echo.echo_basic: profile: not today" "profile skip"

# A wrong password for the target user: the group fixture fails every test
# of the suite with the reason.
expect_rc 1 "group fixture" as_iface 20 "$T" //127.0.0.10/share -U user%wrong echo
has "group fixture: session setup to 127.0.0.10:445 failed: STATUS_LOGON_FAILURE" "group fixture"

srv_stop runner
exit $FAIL
