#!/bin/sh
# The reference client against a real Samba smbd under socket_wrapper:
# tests/tools/cli_samba_probe (negotiate, session setup, tree connect,
# mkdir, a multi-megabyte write and byte-identical read back, query
# directory, query info, rename, delete, rmdir, logoff) for each dialect
# SMB2_02..SMB3_11, with signing required, with encryption required under
# each cipher 3.1.1 offers (and 3.0/3.0.2 with AES-128-CCM), and a wrong
# password that must get STATUS_LOGON_FAILURE.
#
# Usage: tests/scripts/check_cli_samba.sh BUILD_DIR
# Exits 0 when every run passes; smbd is stopped on every exit.
set -u
B=${1:?usage: $0 BUILD_DIR}
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
PROBE=$B/tools/cli_samba_probe
SERVER_IFACE=41
CLIENT_IFACE=42

if [ ! -x "$PROBE" ]; then
	echo "check_cli_samba: $PROBE not built" >&2
	exit 1
fi
if ! command -v smbd >/dev/null 2>&1; then
	echo "check_cli_samba: smbd is not installed (scripts/install-deps.sh)" >&2
	exit 1
fi
SWRAP=$(for d in /usr/lib/x86_64-linux-gnu /usr/lib64 /usr/lib /usr/local/lib; do
	[ -e "$d/libsocket_wrapper.so" ] && { echo "$d/libsocket_wrapper.so"; break; }
done)
if [ -z "$SWRAP" ]; then
	echo "check_cli_samba: libsocket_wrapper.so not found" >&2
	exit 1
fi

STATE=$(mktemp -d /tmp/smbsim-cli-samba.XXXXXX)
cleanup() {
	"$ROOT/scripts/samba-stop.sh" "$STATE" >/dev/null 2>&1
	rm -rf "$STATE"
}
trap cleanup EXIT INT TERM

if ! "$ROOT/scripts/samba-start.sh" "$STATE" "$SERVER_IFACE" smbsimcli 'Cli-Pass.1' \
	>"$STATE.start.log" 2>&1; then
	cat "$STATE.start.log" >&2
	rm -f "$STATE.start.log"
	exit 1
fi
rm -f "$STATE.start.log"
. "$STATE/env"

failed=0
probe() {
	desc=$1
	shift
	# SOCKET_WRAPPER_DISABLE_DEEPBIND: the sanitizer runtime refuses the
	# RTLD_DEEPBIND dlopen socket_wrapper otherwise does.
	if LD_PRELOAD="$SWRAP" SOCKET_WRAPPER_DIR="$SOCKET_WRAPPER_DIR" \
		SOCKET_WRAPPER_DISABLE_DEEPBIND=1 \
		SOCKET_WRAPPER_DEFAULT_IFACE=$CLIENT_IFACE \
		"$PROBE" "$SMB_SERVER" "$SMB_SHARE" "$SMB_USER" "$SMB_PASSWORD" "$@" \
		>"$STATE/probe.log" 2>&1; then
		echo "ok    $desc: $(tail -n 1 "$STATE/probe.log")"
	else
		echo "FAIL  $desc"
		sed 's/^/    /' "$STATE/probe.log"
		failed=$((failed + 1))
	fi
}

for d in SMB2_02 SMB2_10 SMB3_00 SMB3_02 SMB3_11; do
	probe "$d" "$d"
	probe "$d signed" "$d" --sign
done
for d in SMB3_00 SMB3_02; do
	probe "$d encrypted" "$d" --encrypt AES-128-CCM
done
for c in AES-128-CCM AES-128-GCM AES-256-CCM AES-256-GCM; do
	probe "SMB3_11 encrypted $c" SMB3_11 --encrypt "$c"
done
probe "SMB3_11 wrong password" SMB3_11 --wrong-password
probe "SMB2_02 wrong password" SMB2_02 --wrong-password

if [ "$failed" -ne 0 ]; then
	echo "check_cli_samba: $failed run(s) failed; smbd log:" >&2
	tail -n 30 "$STATE/log/smbd.out" >&2
	exit 1
fi
exit 0
