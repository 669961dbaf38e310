#!/bin/sh
# Bad input against a running smbsim-server under socket_wrapper:
# tests/tools/srv_badinput sends truncated and oversized frames, a wrong
# protocol id, compressed and transform frames before NEGOTIATE, an SMB1
# request other than NEGOTIATE, commands before NEGOTIATE and before
# SESSION_SETUP, reused and out-of-window message ids, a CreditCharge past
# the granted credits, a READ charged too few credits, compound chains that
# start related or point past the frame, unknown session, tree and file
# ids, another user's session, tree and open, while a second, well-behaved
# client is served after every case.  The server must then still answer
# its control socket and exit 0 on `shutdown` with no sanitizer report.
# The capture holds the malformed frames on purpose, so tshark does not
# judge it here (the other interop checks run the judge on clean
# conversations).
#
# Usage: tests/scripts/check_srv_badinput.sh BUILD_DIR
set -u
NAME=check_srv_badinput
B=${1:?usage: $0 BUILD_DIR}
. "$(dirname "$0")/lib_interop.sh"
TOOL=$B/tools/srv_badinput
[ -x "$TOOL" ] || { echo "$NAME: $TOOL not built" >&2; exit 1; }
interop_init || exit 1

if srv_start badinput; then
	if ! as_iface 21 "$TOOL" 127.0.0.$SRV_IFACE share user pass other pass2 \
		>"$DIR/tool.log" 2>&1; then
		fail "srv_badinput: $(grep -v '^ok' "$DIR/tool.log")"
	fi
	grep -q '^ok ' "$DIR/tool.log" || fail "srv_badinput ran no case: $(cat "$DIR/tool.log")"
	st=$(ctl status)
	case $st in
	'{"connections":'*) ;;
	*) fail "control socket after the bad input: '$st'" ;;
	esac
	# The capture holds the bad frames on purpose; only the server's
	# exit and sanitizer log are judged here.
	[ "$(ctl shutdown)" = bye ] || fail "no answer to shutdown"
	wait "$SRV_PID"
	rc=$?
	SRV_PID=""
	[ $rc -eq 0 ] || { tail -n 30 "$DIR/badinput.log" >&2; fail "server exited $rc"; }
	if ls "$DIR/badinput.asan"* >/dev/null 2>&1; then
		cat "$DIR/badinput.asan"* >&2
		fail "sanitizer report in the server's log"
	fi
	if grep -q 'runtime error:\|AddressSanitizer\|LeakSanitizer' "$DIR/badinput.log"; then
		cat "$DIR/badinput.log" >&2
		fail "sanitizer report in the server's output"
	fi
	grep -c '^ok ' "$DIR/tool.log" | sed "s/^/$NAME: cases passed: /"
fi
[ $FAIL -eq 0 ] && echo "$NAME: every bad input answered or dropped, server clean"
exit $FAIL
