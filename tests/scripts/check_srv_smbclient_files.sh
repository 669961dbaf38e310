#!/bin/sh
# Samba's smbclient against smbsim-server's file handlers under
# socket_wrapper: `smbclient -L` opens the srvsvc pipe on IPC$, binds and
# calls NetrShareEnum (FSCTL_PIPE_TRANSCEIVE, or WRITE then READ), and must
# list the configured disk share and IPC$, for SMB2_02 and SMB3_11.  tshark
# must find no malformed frame and no error-level expert item; the server
# is stopped through its control socket and must exit 0 with no sanitizer
# report.
#
# Usage: tests/scripts/check_srv_smbclient_files.sh BUILD_DIR
# Readiness and exit are waited for as events (the control socket answers,
# the process is reaped); the polling loop only bounds them by a deadline.
set -u
B=${1:?build dir}
SRV=$B/bin/smbsim-server
PY=/usr/bin/python3
ME=check_srv_smbclient_files
[ -x "$SRV" ] || { echo "$ME: $SRV not built" >&2; exit 1; }
command -v smbclient >/dev/null || { echo "$ME: smbclient missing" >&2; exit 1; }
command -v tshark >/dev/null || { echo "$ME: tshark missing" >&2; exit 1; }
SW=""
for d in /usr/lib/x86_64-linux-gnu /usr/lib64 /usr/lib /usr/local/lib; do
	[ -e "$d/libsocket_wrapper.so" ] && { SW=$d/libsocket_wrapper.so; break; }
done
[ -n "$SW" ] || { echo "$ME: libsocket_wrapper.so not found" >&2; exit 1; }

DIR=$(mktemp -d "${TMPDIR:-/tmp}/smbsim-srvf.XXXXXX") || exit 1
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
fail() { echo "$ME: $*" >&2; FAIL=1; }

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

LD_PRELOAD=$SW SOCKET_WRAPPER_DEFAULT_IFACE=10 SOCKET_WRAPPER_PCAP_FILE=$DIR/srv.pcap \
	ASAN_OPTIONS=detect_leaks=1:log_path=$DIR/srv.asan \
	"$SRV" --listen 127.0.0.10:445 --share data="$DIR/share" --user user:pass \
	--control "$DIR/ctl" >"$DIR/srv.log" 2>&1 &
PID=$!
i=0
until [ "$(ctl ready 2>/dev/null)" = ready ]; do
	i=$((i + 1))
	if [ $i -gt 200 ] || ! kill -0 "$PID" 2>/dev/null; then
		cat "$DIR/srv.log" >&2
		echo "$ME: server not ready" >&2
		exit 1
	fi
	$PY -c 'import select; select.select([], [], [], 0.05)'
done

for m in SMB2_02 SMB3_11; do
	out=$(LD_PRELOAD=$SW SOCKET_WRAPPER_DEFAULT_IFACE=11 timeout 30 \
		smbclient -s "$DIR/client.conf" -L //127.0.0.10 -U user%pass -m $m 2>&1)
	echo "$out" | grep -Eq '^[[:space:]]+data[[:space:]]+Disk' ||
		fail "$m: smbclient -L does not list the share 'data': $out"
	echo "$out" | grep -Eq '^[[:space:]]+IPC\$[[:space:]]+IPC' ||
		fail "$m: smbclient -L does not list IPC\$: $out"
done

[ "$(ctl shutdown)" = bye ] || fail "no answer to shutdown"
wait "$PID"
rc=$?
PID=""
[ $rc -eq 0 ] || { cat "$DIR/srv.log" >&2; fail "server exited $rc"; }
if ls "$DIR/srv.asan"* >/dev/null 2>&1; then
	cat "$DIR/srv.asan"* >&2
	fail "sanitizer report"
fi
bad=$(tshark -r "$DIR/srv.pcap" -Y '_ws.malformed || _ws.expert.severity == error' 2>/dev/null)
[ -z "$bad" ] || fail "tshark: $bad"
n=$(tshark -r "$DIR/srv.pcap" -Y 'dcerpc.pkt_type == 2' 2>/dev/null | wc -l)
[ "$n" -gt 0 ] || fail "no DCE/RPC response in the capture"
exit $FAIL
