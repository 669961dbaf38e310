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
# The server runs through lib_interop.sh (srv_start, srv_stop and its tshark
# judgement); this check adds that the capture holds a DCE/RPC response.
set -u
NAME=check_srv_smbclient_files
B=${1:?build dir}
INTEROP_CMD_TIMEOUT=${INTEROP_CMD_TIMEOUT:-30}
. "$(dirname "$0")/lib_interop.sh"
command -v smbclient >/dev/null || { echo "$NAME: smbclient missing" >&2; exit 1; }
interop_init || exit 1
SRV_SHARE=data
CLI_IFACE=11

srv_start srv || exit 1

for m in SMB2_02 SMB3_11; do
	out=$(as_iface $CLI_IFACE \
		smbclient -s "$DIR/client.conf" -L //127.0.0.$SRV_IFACE -U user%pass -m $m 2>&1)
	echo "$out" | grep -Eq '^[[:space:]]+data[[:space:]]+Disk' ||
		fail "$m: smbclient -L does not list the share 'data': $out"
	echo "$out" | grep -Eq '^[[:space:]]+IPC\$[[:space:]]+IPC' ||
		fail "$m: smbclient -L does not list IPC\$: $out"
done

srv_stop srv
set -- $(tshark_counts "$DIR/srv.pcap" 'dcerpc.pkt_type == 2')
[ "${1:-0}" -gt 0 ] || fail "no DCE/RPC response in the capture"
exit $FAIL
