#!/bin/sh
# The torture harness: start smbsim-server or a private Samba smbd under
# socket_wrapper with N addresses, wait until it answers, run smbsim-torture
# against it, stop it by pid and clean up.  Results land in OUT:
#   OUT/LABEL.json, OUT/LABEL.junit.xml, OUT/pcaps/LABEL/SUITE.TEST.pcap
#   (captures, with session keys, of the failing tests and only those)
#
# Usage: torture/harness.sh [--server smbsim|samba] [--build DIR] [--out DIR]
#                           [--addresses N] [--label NAME] [SUITE[.TEST]...]
#                           [-- further smbsim-torture options]
#   --server     smbsim (default): bin/smbsim-server of the build, with share
#                "share", an encrypted share "enc", a read-only share "ro",
#                users user%pass and other%pass2, unknown users mapped to
#                guest, anonymous allowed; plus a second "strict" instance
#                (signing required, sessions expiring after 2 s) for the
#                tests that need one.
#                samba: scripts/samba-start.sh with the same shares and users
#                (map to guest = never), profile torture/profiles/samba.conf
#   --build      build directory with bin/ (default build/release)
#   --out        results directory (default reports/out)
#   --addresses  addresses the server listens on (127.0.0.10 and up; the
#                further ones go to smbsim-torture as --address)
# Exit status: smbsim-torture's (0 all as expected, 1 failures, 2 errors),
# or 3 when the server could not be started or stopped cleanly.
set -u
SERVER=smbsim
B=build/release
OUT=reports/out
NADDR=2
LABEL=""
SUITES=""
while [ $# -gt 0 ]; do
	case $1 in
	--server) SERVER=$2; shift 2 ;;
	--build) B=$2; shift 2 ;;
	--out) OUT=$2; shift 2 ;;
	--addresses) NADDR=$2; shift 2 ;;
	--label) LABEL=$2; shift 2 ;;
	--) shift; break ;;
	-h | --help) sed -n '2,26p' "$0"; exit 0 ;;
	*) SUITES="$SUITES $1"; shift ;;
	esac
done
[ -n "$SUITES" ] || SUITES=all
case $SERVER in
smbsim) LABEL=${LABEL:-smbsim-server} ;;
samba) LABEL=${LABEL:-samba} ;;
*) echo "harness: --server smbsim or samba" >&2; exit 2 ;;
esac
case $NADDR in '' | *[!0-9]*) echo "harness: --addresses N" >&2; exit 2 ;; esac
[ "$NADDR" -ge 1 ] && [ "$NADDR" -le 8 ] || { echo "harness: 1..8 addresses" >&2; exit 2; }

ROOTDIR=$(cd "$(dirname "$0")/.." && pwd)
B=$(cd "$B" && pwd) || exit 2
mkdir -p "$OUT" || exit 2
OUT=$(cd "$OUT" && pwd)
TORTURE=$B/bin/smbsim-torture
[ -x "$TORTURE" ] || { echo "harness: $TORTURE not built" >&2; exit 2; }
NAME=harness
# Starting and stopping servers under socket_wrapper: the functions the
# interop checks use (one mechanism for both).
. "$ROOTDIR/tests/scripts/lib_interop.sh"
ROOT=$ROOTDIR
interop_init || exit 3
SRV_NOPCAP=1
SRV_SHARE=share
rm -rf "$OUT/pcaps/$LABEL"
mkdir -p "$OUT/pcaps/$LABEL" "$DIR/enc" "$DIR/ro"

# The further addresses: for smbsim-torture (--address), smbsim-server
# (--listen) and Samba (interface numbers).
ADDR_OPTS=""
LISTEN=""
IFACES=""
i=1
while [ $i -lt "$NADDR" ]; do
	ADDR_OPTS="$ADDR_OPTS --address 127.0.0.$((SRV_IFACE + i))"
	LISTEN="$LISTEN --listen 127.0.0.$((SRV_IFACE + i)):445"
	IFACES="$IFACES $((SRV_IFACE + i))"
	i=$((i + 1))
done
STRICT_PID=""
STRICT_IFACE=30

# The strict instance: the same share and users, signing required and
# sessions that expire after two seconds (the torture options
# signing_required_server, expiry_server, session_expiry_ms).  The server
# counts whole seconds, so a 2 s lifetime may end up to a second early but
# never within the first second, where the expiry test does its first steps.
strict_start() {
	LD_PRELOAD=$SW SOCKET_WRAPPER_DEFAULT_IFACE=$STRICT_IFACE \
		ASAN_OPTIONS=detect_leaks=1:log_path=$DIR/strict.asan \
		"$SRV" --listen 127.0.0.$STRICT_IFACE:445 --share "share=$DIR/share" \
		--user user:pass --user other:pass2 --control "$DIR/strict.ctl" \
		--option "global.server signing=required" --option "global.session expiry=2s" \
		>"$DIR/strict.log" 2>&1 &
	STRICT_PID=$!
	wait_ready "$STRICT_PID" "$DIR/strict.ctl" "$DIR/strict.log"
}

PROFILE_OPTS=""
EXTRA="--option user2=other%pass2 --option share_encrypted=enc --option share_readonly=ro"
if [ "$SERVER" = smbsim ]; then
	# shellcheck disable=SC2086
	srv_start torture $LISTEN --share "enc=$DIR/enc" --option "enc.encrypt=yes" \
		--share "ro=$DIR/ro" --option "ro.read only=yes" \
		--option "global.map to guest=bad user" --option "global.allow anonymous=yes" ||
		exit 3
	strict_start || { echo "harness: the strict server did not start" >&2; exit 3; }
	EXTRA="$EXTRA --option guest=yes --option anonymous=yes"
	EXTRA="$EXTRA --option signing_required_server=127.0.0.$STRICT_IFACE"
	EXTRA="$EXTRA --option expiry_server=127.0.0.$STRICT_IFACE --option session_expiry_ms=2000"
	TARGET=//127.0.0.$SRV_IFACE/share
else
	# smbd serves the share as the user: the path must be reachable.
	chmod 0755 "$DIR"
	SAMBA_EXTRA_IFACES=$IFACES SAMBA_EXTRA_USER=other:pass2 SAMBA_TORTURE_SHARES=1 \
		samba_start "$SRV_IFACE" user pass || exit 3
	export SOCKET_WRAPPER_DIR
	EXTRA="$EXTRA --option guest=no"
	PROFILE_OPTS="--profile $ROOTDIR/torture/profiles/samba.conf"
	TARGET=//127.0.0.$SRV_IFACE/share
fi

start=$($PY -c 'import time; print(time.time())')
# shellcheck disable=SC2086
as_iface 100 "$TORTURE" "$TARGET" -U user%pass $ADDR_OPTS $EXTRA $PROFILE_OPTS \
	--label "$LABEL" --json "$OUT/$LABEL.json" --junit "$OUT/$LABEL.junit.xml" \
	--pcap-dir "$OUT/pcaps/$LABEL" "$@" $SUITES
rc=$?
end=$($PY -c 'import time; print(time.time())')
$PY -c "print('harness: %s: smbsim-torture took %.2f s' % ('$LABEL', $end - $start))"
# The captures are referenced from the JSON relative to it.
rmdir "$OUT/pcaps/$LABEL" 2>/dev/null

if [ "$SERVER" = smbsim ]; then
	srv_stop torture
	if [ -n "$STRICT_PID" ]; then
		kill "$STRICT_PID" 2>/dev/null
		wait "$STRICT_PID" 2>/dev/null
		if ls "$DIR/strict.asan"* >/dev/null 2>&1; then
			cat "$DIR/strict.asan"* >&2
			fail "strict server: sanitizer report"
		fi
	fi
else
	samba_stop
fi
[ "$FAIL" = 0 ] || { [ $rc -ne 0 ] || rc=3; }
exit $rc
