#!/bin/sh
# The HTML conformance report (reports/smbsim-report), checked the way a
# reader meets it:
#   - the unit tests of the loader, model and renderer (tests/reports/
#     test_*.py, Debian's python3);
#   - each malformed twin in tests/fixtures/reports/malformed/ makes the
#     tool exit 2 with the error lines listed in malformed/EXPECTED (file
#     and field named), no traceback, nothing written;
#   - the report of the three fixture targets (smbsim-server, samba, nas)
#     loaded from file:// by headless Chromium: tests/reports/dom_check.py
#     reads the DOM Chromium dumped and finds each target's column, the
#     totals per suite, every cell's result, the failure messages, the
#     profile's reasons and references, the capture link to a copy of the
#     fixture's pcap, a chart per target; a screenshot must be a picture;
#   - the report of hostile.json (markup and script in every field a
#     server or profile fills) shows that markup as text, with no element
#     or handler injected and no script run.
# Chromium is required: without it this check fails (install it with
# scripts/install-deps.sh, which make check runs first).
# Usage: tests/scripts/check_reports.sh BUILD_DIR   (BUILD_DIR is unused:
# the report is python)
set -u
: "${1:?usage: $0 BUILD_DIR}"
SRC=${SMBSIM_SRCDIR:-$(pwd)}
cd "$SRC" || exit 1
PY=/usr/bin/python3
# No __pycache__ left in the source tree.
export PYTHONDONTWRITEBYTECODE=1
TOOL=reports/smbsim-report
FIX=tests/fixtures/reports
# Window of the screenshot (the page is taller; the top is what counts).
W=1400
H=2400

if ! command -v chromium >/dev/null 2>&1; then
	echo "check_reports: FAIL: chromium is not installed; run scripts/install-deps.sh (as root) to install it"
	exit 1
fi
if ! "$PY" -c 'import jinja2, matplotlib, PIL' 2>/dev/null; then
	echo "check_reports: FAIL: $PY lacks jinja2, matplotlib or PIL; run scripts/install-deps.sh"
	exit 1
fi
T=$(mktemp -d "${TMPDIR:-/tmp}/smbsim-reports.XXXXXX") || exit 1
trap 'rm -rf "$T"' EXIT
trap 'exit 1' INT TERM
fail=0
bad() {
	echo "check_reports: FAIL: $*"
	fail=1
}

# Headless Chromium with a private profile, no network (every name
# resolves to nothing), bounded in time.  --dump-dom and --screenshot
# return once the page has loaded.
chrome() {
	timeout 60 chromium --headless --no-sandbox --disable-gpu \
		--user-data-dir="$T/chromium" --no-first-run --disable-extensions \
		--host-resolver-rules='MAP * ~NOTFOUND' --hide-scrollbars \
		--disable-dev-shm-usage \
		"$@" 2>>"$T/chromium.log"
}

echo "== unit tests (tests/reports) =="
if "$PY" -m unittest discover -s tests/reports -t tests/reports >"$T/unit.log" 2>&1; then
	tail -n 3 "$T/unit.log" | grep -E '^(Ran|OK)'
else
	cat "$T/unit.log"
	bad "unit tests"
fi

echo "== malformed twins =="
n=0
while IFS='	' read -r name text; do
	case $name in '#'* | '') continue ;; esac
	n=$((n + 1))
	out=$T/bad-out
	"$TOOL" -o "$out" "$FIX/malformed/$name" >"$T/bad.out" 2>"$T/bad.err"
	rc=$?
	if [ "$rc" -ne 2 ]; then
		bad "$name: exit status $rc, want 2"
	elif ! grep -F -q -- "$FIX/malformed/$name: $text" "$T/bad.err"; then
		bad "$name: no line '$text' in:"
		sed 's/^/    /' "$T/bad.err"
	elif grep -q Traceback "$T/bad.err" || [ -s "$T/bad.out" ] || [ -e "$out" ]; then
		bad "$name: a traceback, output on stdout or a report written"
	fi
done <"$FIX/malformed/EXPECTED"
echo "$n expected error lines checked"

echo "== the report of three targets in headless Chromium =="
GOOD="$FIX/smbsim-server.json $FIX/samba.json $FIX/nas.json"
# shellcheck disable=SC2086
index=$("$TOOL" -o "$T/page" $GOOD 2>"$T/page.err")
rc=$?
if [ "$rc" -ne 0 ] || [ "$index" != "$T/page/index.html" ] || [ -s "$T/page.err" ]; then
	bad "smbsim-report exit $rc, printed '$index'"
	cat "$T/page.err"
else
	chrome --dump-dom "file://$T/page/index.html" >"$T/page.dom"
	rc=$?
	if [ "$rc" -ne 0 ] || [ ! -s "$T/page.dom" ]; then
		bad "chromium --dump-dom exit $rc"
		tail -n 20 "$T/chromium.log"
	else
		# shellcheck disable=SC2086
		"$PY" tests/reports/dom_check.py page "$T/page.dom" "$T/page" $GOOD || fail=1
	fi
	chrome --window-size="$W,$H" --screenshot="$T/page.png" "file://$T/page/index.html" >/dev/null
	rc=$?
	if [ "$rc" -ne 0 ] || [ ! -s "$T/page.png" ]; then
		bad "chromium --screenshot exit $rc, no PNG"
		tail -n 20 "$T/chromium.log"
	else
		"$PY" tests/reports/dom_check.py screenshot "$T/page.png" "$W" "$H" || fail=1
	fi
fi

echo "== hostile.json: markup from the data stays text =="
index=$("$TOOL" -o "$T/hostile" "$FIX/hostile.json" 2>"$T/hostile.err")
rc=$?
if [ "$rc" -ne 0 ]; then
	bad "smbsim-report hostile.json exit $rc"
	cat "$T/hostile.err"
else
	chrome --dump-dom "file://$index" >"$T/hostile.dom"
	rc=$?
	if [ "$rc" -ne 0 ] || [ ! -s "$T/hostile.dom" ]; then
		bad "chromium --dump-dom exit $rc"
		tail -n 20 "$T/chromium.log"
	else
		"$PY" tests/reports/dom_check.py hostile "$T/hostile.dom" "$T/hostile" "$FIX/hostile.json" || fail=1
	fi
fi

if [ "$fail" -ne 0 ]; then
	echo "check_reports: FAILED"
	exit 1
fi
echo "check_reports: ok"
