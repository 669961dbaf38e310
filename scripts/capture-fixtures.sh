#!/bin/sh
# Capture the Samba fixtures under tests/fixtures/samba/.
#
# Usage: scripts/capture-fixtures.sh [OUTDIR]    (default tests/fixtures/samba)
#
# Starts a private smbd (scripts/samba-start.sh) and, for each dialect
# SMB2_02, SMB2_10, SMB3_00, SMB3_02 and SMB3_11, runs smbclient under
# socket_wrapper with SOCKET_WRAPPER_PCAP_FILE three ways: plain, with
# --client-protection=sign, and (SMB3 dialects) --client-protection=encrypt.
# Each session does ls, put, get, mkdir, rename, allinfo, rm and rmdir;
# a second run per mode lists shares (-L, which talks DCE/RPC over IPC$).
# The pcaps are kept as OUTDIR/pcap/<dialect>[-sign|-enc][-L].pcap and split
# by scripts/extract-smb2.py into OUTDIR/<dialect>[-sign|-enc]/NNN-*.bin.
#
# The tests read the committed files; this script is how they were made.
# Running it again gives different bytes (GUIDs, keys, times), so rerun it
# only to replace the fixtures on purpose.
set -eu

ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT=${1:-$ROOT/tests/fixtures/samba}
PY=/usr/bin/python3
SRV_IFACE=31
CLI_IFACE=32
USER_=smbsimfx
PASS_='Fixture-Pw1'

SWRAP=$(for d in /usr/lib/x86_64-linux-gnu /usr/lib64 /usr/lib /usr/local/lib; do
	[ -e "$d/libsocket_wrapper.so" ] && { echo "$d/libsocket_wrapper.so"; break; }
done)
[ -n "$SWRAP" ] || { echo "$0: libsocket_wrapper.so not found" >&2; exit 1; }

STATE=$(mktemp -d /tmp/smbsim-capture.XXXXXX)
chmod 0755 "$STATE"
cleanup() {
	"$ROOT/scripts/samba-stop.sh" "$STATE/samba" || true
	rm -rf "$STATE"
}
trap cleanup EXIT INT TERM

"$ROOT/scripts/samba-start.sh" "$STATE/samba" "$SRV_IFACE" "$USER_" "$PASS_" >"$STATE/env"
. "$STATE/env"

# Small, fixed local files so the captured READ/WRITE payloads stay small.
mkdir -p "$STATE/local"
printf 'smbsim fixture file: a few bytes of payload.\n' >"$STATE/local/hello.txt"

rm -rf "$OUT"
mkdir -p "$OUT/pcap"

client() { # PCAP ARGS...
	pcap=$1
	shift
	LD_PRELOAD=$SWRAP SOCKET_WRAPPER_DIR=$SOCKET_WRAPPER_DIR \
	SOCKET_WRAPPER_DEFAULT_IFACE=$CLI_IFACE SOCKET_WRAPPER_PCAP_FILE=$pcap \
		timeout 60 smbclient -s "$SMB_CLIENT_CONF" -U "$SMB_USER%$SMB_PASSWORD" "$@"
}

for dialect in SMB2_02 SMB2_10 SMB3_00 SMB3_02 SMB3_11; do
	modes="plain sign"
	case $dialect in SMB3*) modes="$modes enc" ;; esac
	for mode in $modes; do
		case $mode in
		plain) name=$dialect; prot="" ;;
		sign) name=$dialect-sign; prot="--client-protection=sign" ;;
		enc) name=$dialect-enc; prot="--client-protection=encrypt" ;;
		esac
		# The share starts empty for every run, so every run does the same.
		rm -rf "${SMB_STATEDIR:?}/share/"*
		rm -f "$STATE/local/back.txt"
		(cd "$STATE/local" && client "$OUT/pcap/$name.pcap" \
			"//$SMB_SERVER/$SMB_SHARE" -m "$dialect" $prot -c \
			'ls; put hello.txt f.txt; get f.txt back.txt; mkdir d; rename f.txt g.txt; allinfo g.txt; ls; rm g.txt; rmdir d') \
			>"$STATE/$name.log" 2>&1 || {
			cat "$STATE/$name.log" >&2
			exit 1
		}
		cmp "$STATE/local/hello.txt" "$STATE/local/back.txt"
		client "$OUT/pcap/$name-L.pcap" -L "//$SMB_SERVER" -m "$dialect" $prot \
			>"$STATE/$name-L.log" 2>&1 || {
			cat "$STATE/$name-L.log" >&2
			exit 1
		}
		"$PY" "$ROOT/scripts/extract-smb2.py" "$OUT/$name" \
			"$OUT/pcap/$name.pcap" "$OUT/pcap/$name-L.pcap"
	done
done
