#!/bin/sh
# Samba's smbclient against smbsim-server under socket_wrapper: NEGOTIATE,
# SESSION_SETUP and TREE_CONNECT (smbclient -c 'exit' connects to the share
# and disconnects) with every dialect SMB2_02..SMB3_11, plain, with the
# client asking for signing, with the server requiring signing, and with
# the server requiring encryption (SMB3 dialects succeed encrypted, SMB2
# dialects are refused).  A wrong password gets NT_STATUS_LOGON_FAILURE and
# an unknown share NT_STATUS_BAD_NETWORK_NAME.  tshark must find no
# malformed frame and no error-level expert item in the server's pcap.
# The server is stopped through its control socket (`shutdown`) and must
# exit 0 with no sanitizer report.
#
# Usage: tests/scripts/check_srv_smbclient.sh BUILD_DIR
# Readiness and exit are waited for as events (the control socket answers,
# the process is reaped); the polling loops only bound them by a deadline.
set -u
B=${1:?build dir}
SRV=$B/bin/smbsim-server
PY=/usr/bin/python3
[ -x "$SRV" ] || { echo "check_srv_smbclient: $SRV not built" >&2; exit 1; }
command -v smbclient >/dev/null || { echo "check_srv_smbclient: smbclient missing" >&2; exit 1; }
command -v tshark >/dev/null || { echo "check_srv_smbclient: tshark missing" >&2; exit 1; }
SW=""
for d in /usr/lib/x86_64-linux-gnu /usr/lib64 /usr/lib /usr/local/lib; do
	[ -e "$d/libsocket_wrapper.so" ] && { SW=$d/libsocket_wrapper.so; break; }
done
[ -n "$SW" ] || { echo "check_srv_smbclient: libsocket_wrapper.so not found" >&2; exit 1; }

DIR=$(mktemp -d "${TMPDIR:-/tmp}/smbsim-srvc.XXXXXX") || exit 1
PID=""
cleanup() {
	[ -n "$PID" ] && kill "$PID" 2>/dev/null
	rm -rf "$DIR"
}
trap cleanup EXIT INT TERM
mkdir "$DIR/sw" "$DIR/share" || exit 1
printf '[global]\n\tclient min protocol = SMB2_02\n' >"$DIR/client.conf"
export SOCKET_WRAPPER_DIR=$DIR/sw SOCKET_WRAPPER_DISABLE_DEEPBIND=1
FAIL=0
fail() { echo "check_srv_smbclient: $*" >&2; FAIL=1; }

# One line to the control socket, its answer on stdout.
ctl() {
	$PY - "$DIR/ctl" "$1" <<'PYEOF'
import socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
s.settimeout(10)
s.connect(sys.argv[1])
s.sendall((sys.argv[2] + "\n").encode())
print(s.makefile().readline().strip())
PYEOF
}

# start NAME [flags...]: the server as 127.0.0.10, its pcap and sanitizer
# log named after the run.
start() {
	name=$1
	shift
	rm -f "$DIR/ctl"
	LD_PRELOAD=$SW SOCKET_WRAPPER_DEFAULT_IFACE=10 \
		SOCKET_WRAPPER_PCAP_FILE=$DIR/$name.pcap \
		ASAN_OPTIONS=detect_leaks=1:log_path=$DIR/$name.asan \
		"$SRV" --listen 127.0.0.10:445 --share share="$DIR/share" --user user:pass \
		--control "$DIR/ctl" "$@" >"$DIR/$name.log" 2>&1 &
	PID=$!
	i=0
	until [ "$(ctl ready 2>/dev/null)" = ready ]; do
		i=$((i + 1))
		if [ $i -gt 200 ] || ! kill -0 "$PID" 2>/dev/null; then
			cat "$DIR/$name.log" >&2
			fail "$name: server not ready"
			return 1
		fi
		$PY -c 'import select; select.select([], [], [], 0.05)'
	done
}

stop() {
	name=$1
	[ "$(ctl shutdown)" = bye ] || fail "$name: no answer to shutdown"
	wait "$PID"
	rc=$?
	PID=""
	[ $rc -eq 0 ] || { cat "$DIR/$name.log" >&2; fail "$name: server exited $rc"; }
	if ls "$DIR/$name.asan"* >/dev/null 2>&1; then
		cat "$DIR/$name.asan"* >&2
		fail "$name: sanitizer report"
	fi
	bad=$(tshark -r "$DIR/$name.pcap" -Y '_ws.malformed || _ws.expert.severity == error' 2>/dev/null)
	[ -z "$bad" ] || fail "$name: tshark: $bad"
	n=$(tshark -r "$DIR/$name.pcap" -Y smb2 2>/dev/null | wc -l)
	[ "$n" -gt 0 ] || fail "$name: no SMB2 frame in the capture"
}

# smbc EXPECT SHARE USER%PASS DIALECT [options]: EXPECT is ok or a status.
smbc() {
	want=$1 share=$2 cred=$3 m=$4
	shift 4
	out=$(LD_PRELOAD=$SW SOCKET_WRAPPER_DEFAULT_IFACE=11 timeout 30 \
		smbclient -s "$DIR/client.conf" "//127.0.0.10/$share" -U "$cred" -m "$m" "$@" \
		-c exit 2>&1)
	rc=$?
	if [ "$want" = ok ]; then
		[ $rc -eq 0 ] || fail "$m $* //$share: exit $rc: $out"
	else
		echo "$out" | grep -q "$want" || fail "$m $* //$share: wanted $want: $out"
	fi
}

DIALECTS="SMB2_02 SMB2_10 SMB3_00 SMB3_02 SMB3_11"

if start plain; then
	for m in $DIALECTS; do
		smbc ok share user%pass $m
		smbc ok share user%pass $m --client-protection=sign
	done
	for m in SMB3_00 SMB3_02 SMB3_11; do
		smbc ok share user%pass $m --client-protection=encrypt
	done
	smbc NT_STATUS_LOGON_FAILURE share user%wrong SMB3_11
	smbc NT_STATUS_BAD_NETWORK_NAME nosuch user%pass SMB3_11
	smbc NT_STATUS_BAD_NETWORK_NAME nosuch user%pass SMB2_02
	stop plain
fi

if start signing --option "global.server signing=required"; then
	for m in $DIALECTS; do
		smbc ok share user%pass $m
	done
	stop signing
fi

if start encrypt --option "global.server encryption=required"; then
	for m in SMB3_00 SMB3_02 SMB3_11; do
		smbc ok share user%pass $m
	done
	smbc NT_STATUS_ACCESS_DENIED share user%pass SMB2_10
	stop encrypt
fi

[ $FAIL -eq 0 ] && echo "check_srv_smbclient: all smbclient runs as expected"
exit $FAIL
