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
# The server runs through lib_interop.sh (srv_start, srv_stop and its tshark
# judgement).
set -u
NAME=check_srv_smbclient
B=${1:?build dir}
INTEROP_CMD_TIMEOUT=${INTEROP_CMD_TIMEOUT:-30}
. "$(dirname "$0")/lib_interop.sh"
command -v smbclient >/dev/null || { echo "$NAME: smbclient missing" >&2; exit 1; }
interop_init || exit 1
CLI_IFACE=11

# smbc EXPECT SHARE USER%PASS DIALECT [options]: EXPECT is ok or a status.
smbc() {
	want=$1 share=$2 cred=$3 m=$4
	shift 4
	out=$(as_iface $CLI_IFACE \
		smbclient -s "$DIR/client.conf" "//127.0.0.$SRV_IFACE/$share" -U "$cred" -m "$m" "$@" \
		-c exit 2>&1)
	rc=$?
	if [ "$want" = ok ]; then
		[ $rc -eq 0 ] || fail "$m $* //$share: exit $rc: $out"
	else
		echo "$out" | grep -q "$want" || fail "$m $* //$share: wanted $want: $out"
	fi
}

DIALECTS="SMB2_02 SMB2_10 SMB3_00 SMB3_02 SMB3_11"

if srv_start plain; then
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
	srv_stop plain
fi

if srv_start signing --option "global.server signing=required"; then
	for m in $DIALECTS; do
		smbc ok share user%pass $m
	done
	srv_stop signing
fi

if srv_start encrypt --option "global.server encryption=required"; then
	for m in SMB3_00 SMB3_02 SMB3_11; do
		smbc ok share user%pass $m
	done
	smbc NT_STATUS_ACCESS_DENIED share user%pass SMB2_10
	srv_stop encrypt
fi

[ $FAIL -eq 0 ] && echo "$NAME: all smbclient runs as expected"
exit $FAIL
