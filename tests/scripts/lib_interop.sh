# Shell functions shared by the checks that run smbsim-server under
# socket_wrapper (tests/scripts/check_interop_*.sh, check_srv_*.sh).  Source
# it after setting NAME (the check's name, used in messages) and B (the
# build directory):
#
#   NAME=check_x; B=${1:?build dir}; . "$(dirname "$0")/lib_interop.sh"
#   interop_init || exit 1
#
# interop_init      temp directory $DIR (share/, sw/ socket_wrapper dir,
#                   client.conf for smbclient), the cleanup trap (server,
#                   Samba and the directory go on every exit), FAIL=0
# fail MSG          report a failure (the check goes on; exit with $FAIL)
# ctl CMD [SOCKET]  one line to the server's control socket ($DIR/ctl by
#                   default), answer on stdout
# wait_ready PID SOCKET LOG
#                   until that server answers `ready` (see below)
# srv_start RUN [server flags]
#                   smbsim-server as 127.0.0.$SRV_IFACE with share $SRV_SHARE
#                   (directory $DIR/share; "share" unless the check sets
#                   SRV_SHARE after sourcing this file) and users user:pass
#                   and other:pass2, its pcap $DIR/RUN.pcap, log
#                   $DIR/RUN.log and sanitizer log $DIR/RUN.asan*; returns
#                   once the control socket answers `ready` (non-zero if it
#                   never does); SRV_NOPCAP=1 before it: no capture
# srv_stop RUN      `shutdown` on the control socket, the server must exit 0
#                   with no sanitizer report; then pcap_check on its pcap
# pcap_check RUN PCAP
#                   tshark: at least one SMB2 frame, no _ws.malformed and no
#                   error-level expert item
# tshark_counts PCAP FILTER...
#                   frames each display filter matches, in one tshark pass
# samba_start IFACE USER PASSWORD / samba_stop
#                   a private smbd via scripts/samba-start.sh in $DIR/samba
# as_iface N CMD... run CMD under socket_wrapper as 127.0.0.N (stdout and
#                   stderr as CMD's), with a time limit of $INTEROP_CMD_TIMEOUT
#
# Waiting is on events (the control socket answers, a process is reaped);
# the one polling loop, for readiness, is bounded by a deadline and waits in
# select() between attempts, never sleep.

SRV_IFACE=10
SRV_SHARE=share
INTEROP_CMD_TIMEOUT=${INTEROP_CMD_TIMEOUT:-60}
# Control-socket attempts before giving up on `ready` (50 ms apart).
INTEROP_READY_TRIES=200
PY=/usr/bin/python3
SRV=$B/bin/smbsim-server
ROOT=$(cd "$(dirname "$0")/../.." && pwd)

FAIL=0
DIR=""
INTEROP_MADE=""
SRV_PID=""
SAMBA_STATE=""

fail() {
	# printf, not echo: dash's echo would read the backslashes of SMB paths.
	printf '%s: FAIL: %s\n' "$NAME" "$*" >&2
	FAIL=1
}

interop_cleanup() {
	# INTEROP_KEEP=PATH keeps a copy of the run's files for debugging.
	[ -n "${INTEROP_KEEP:-}" ] && [ -n "$INTEROP_MADE" ] && cp -r "$INTEROP_MADE" "$INTEROP_KEEP"
	if [ -n "$SRV_PID" ]; then
		kill "$SRV_PID" 2>/dev/null
		wait "$SRV_PID" 2>/dev/null
	fi
	[ -n "$SAMBA_STATE" ] && "$ROOT/scripts/samba-stop.sh" "$SAMBA_STATE" >/dev/null 2>&1
	# Only the directory mktemp made, whatever DIR holds by now.
	[ -n "$INTEROP_MADE" ] && rm -rf "$INTEROP_MADE"
}

interop_init() {
	[ -x "$SRV" ] || { echo "$NAME: $SRV not built" >&2; return 1; }
	[ -x "$PY" ] || { echo "$NAME: $PY missing" >&2; return 1; }
	command -v tshark >/dev/null || { echo "$NAME: tshark missing" >&2; return 1; }
	SW=""
	for d in /usr/lib/x86_64-linux-gnu /usr/lib64 /usr/lib /usr/local/lib; do
		[ -e "$d/libsocket_wrapper.so" ] && { SW=$d/libsocket_wrapper.so; break; }
	done
	[ -n "$SW" ] || { echo "$NAME: libsocket_wrapper.so not found" >&2; return 1; }
	DIR=$(mktemp -d "${TMPDIR:-/tmp}/smbsim-interop.XXXXXX") || return 1
	INTEROP_MADE=$DIR
	trap interop_cleanup EXIT
	trap 'exit 1' INT TERM
	mkdir "$DIR/sw" "$DIR/share" || return 1
	printf '[global]\n\tclient min protocol = SMB2_02\n\tclient max protocol = SMB3_11\n' \
		>"$DIR/client.conf"
	# The sanitizer runtime refuses socket_wrapper's RTLD_DEEPBIND dlopen.
	export SOCKET_WRAPPER_DIR=$DIR/sw SOCKET_WRAPPER_DISABLE_DEEPBIND=1
}

ctl() {
	$PY - "${2:-$DIR/ctl}" "$1" <<'PYEOF'
import socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
s.settimeout(10)
s.connect(sys.argv[1])
s.sendall((sys.argv[2] + "\n").encode())
print(s.makefile().readline().strip())
PYEOF
}

srv_start() {
	run=$1
	shift
	rm -f "$DIR/ctl"
	pcapf=$DIR/$run.pcap
	[ "${SRV_NOPCAP:-0}" = 1 ] && pcapf=""
	LD_PRELOAD=$SW SOCKET_WRAPPER_DEFAULT_IFACE=$SRV_IFACE \
		ASAN_OPTIONS=detect_leaks=1:log_path=$DIR/$run.asan \
		env ${pcapf:+"SOCKET_WRAPPER_PCAP_FILE=$pcapf"} "$SRV" --listen 127.0.0.$SRV_IFACE:445 --share "$SRV_SHARE=$DIR/share" \
		--user user:pass --user other:pass2 --control "$DIR/ctl" "$@" \
		>"$DIR/$run.log" 2>&1 &
	SRV_PID=$!
	if ! wait_ready "$SRV_PID" "$DIR/ctl" "$DIR/$run.log"; then
		fail "$run: server not ready"
		kill "$SRV_PID" 2>/dev/null
		wait "$SRV_PID" 2>/dev/null
		SRV_PID=""
		return 1
	fi
}

# wait_ready PID SOCKET LOG: until the server PID answers `ready` on its
# control SOCKET (bounded: INTEROP_READY_TRIES attempts 50 ms apart, in
# select(), never sleep); non-zero with LOG on stderr when it exits or
# never answers.
wait_ready() {
	i=0
	until [ "$(ctl ready "$2" 2>/dev/null)" = ready ]; do
		i=$((i + 1))
		if [ $i -gt $INTEROP_READY_TRIES ] || ! kill -0 "$1" 2>/dev/null; then
			cat "$3" >&2
			return 1
		fi
		$PY -c 'import select; select.select([], [], [], 0.05)'
	done
}

# tshark_counts PCAP FILTER...: the number of frames each display filter
# (no commas) matches, space-separated, in one tshark pass.
tshark_counts() {
	pcap=$1
	shift
	spec=io,stat,0
	for f in "$@"; do
		spec="$spec,$f"
	done
	tshark -r "$pcap" -q -z "$spec" 2>"$DIR/tshark.err" |
		awk -F'|' '/<>/ { for (i = 3; i <= NF; i += 2) if ($i ~ /[0-9]/) printf "%d ", $i; print "" }'
}

# Frames judged: all but the payload of encrypted frames.  tshark holds no
# session keys here, yet on rare runs it labels an encrypted frame
# "Decrypted SMB3" and dissects bytes it has no key for as garbage (seen as
# "Comp. SMB3 (invalid)"), whichever side sent it; that is not a verdict on
# our bytes.  Encrypted frames' transform headers are still dissected, and
# the encryption itself is judged with the real keys by
# check_tshark_judge.sh, where tshark decrypts our frames.
JUDGED='!(smb2.header.transform.flags.encrypted == 1)'
pcap_check() {
	run=$1 pcap=$2
	[ -s "$pcap" ] || { fail "$run: no capture $pcap"; return; }
	set -- $(tshark_counts "$pcap" smb2 "_ws.malformed && $JUDGED" \
		"_ws.expert.severity == error && $JUDGED")
	if [ $# -ne 3 ]; then
		fail "$run: tshark cannot read $pcap: $(cat "$DIR/tshark.err")"
		return
	fi
	[ "$1" -gt 0 ] || fail "$run: no SMB2 frame in the capture"
	if [ "$2" -ne 0 ] || [ "$3" -ne 0 ]; then
		fail "$run: tshark finds $2 malformed frames and $3 error-level expert items: $(
			tshark -r "$pcap" -Y "(_ws.malformed || _ws.expert.severity == error) && $JUDGED" \
				2>/dev/null | head -n 20)"
	fi
}

srv_stop() {
	run=$1
	[ -n "$SRV_PID" ] || return
	[ "$(ctl shutdown)" = bye ] || fail "$run: no answer to shutdown"
	wait "$SRV_PID"
	rc=$?
	SRV_PID=""
	[ $rc -eq 0 ] || { tail -n 30 "$DIR/$run.log" >&2; fail "$run: server exited $rc"; }
	if ls "$DIR/$run.asan"* >/dev/null 2>&1; then
		cat "$DIR/$run.asan"* >&2
		fail "$run: sanitizer report in the server's log"
	fi
	if grep -q 'runtime error:\|AddressSanitizer\|LeakSanitizer' "$DIR/$run.log"; then
		cat "$DIR/$run.log" >&2
		fail "$run: sanitizer report in the server's output"
	fi
	[ "${SRV_NOPCAP:-0}" = 1 ] || pcap_check "$run" "$DIR/$run.pcap"
}

samba_start() {
	SAMBA_STATE=$DIR/samba
	if ! "$ROOT/scripts/samba-start.sh" "$SAMBA_STATE" "$1" "$2" "$3" >"$DIR/samba-start.log" 2>&1; then
		cat "$DIR/samba-start.log" >&2
		fail "smbd did not start"
		return 1
	fi
	. "$SAMBA_STATE/env"
}

samba_stop() {
	[ -n "$SAMBA_STATE" ] || return
	"$ROOT/scripts/samba-stop.sh" "$SAMBA_STATE" >/dev/null 2>&1
	SAMBA_STATE=""
}

as_iface() {
	n=$1
	shift
	LD_PRELOAD=$SW SOCKET_WRAPPER_DEFAULT_IFACE=$n timeout "$INTEROP_CMD_TIMEOUT" "$@"
}
