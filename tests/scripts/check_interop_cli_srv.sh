#!/bin/sh
# The reference client against the reference server under socket_wrapper:
# tests/tools/cli_samba_probe (negotiate, session setup, tree connect,
# mkdir, a multi-megabyte write and byte-identical read back, flush, query
# info, rename, query directory with and without a pattern, echo, delete,
# rmdir, tree disconnect, logoff) against smbsim-server for each dialect
# SMB2_02..SMB3_11, plain and with the client requiring signing, then with
# the server requiring signing, then with the server requiring encryption
# (SMB3_00 and SMB3_02 with AES-128-CCM, SMB3_11 with each cipher); a wrong
# password gets STATUS_LOGON_FAILURE.  After each run the server exits 0 on
# `shutdown` with no sanitizer report and tshark finds no malformed frame
# and no error-level expert item in its capture.
#
# Usage: tests/scripts/check_interop_cli_srv.sh BUILD_DIR
set -u
NAME=check_interop_cli_srv
B=${1:?usage: $0 BUILD_DIR}
. "$(dirname "$0")/lib_interop.sh"
PROBE=$B/tools/cli_samba_probe
[ -x "$PROBE" ] || { echo "$NAME: $PROBE not built" >&2; exit 1; }
interop_init || exit 1

CLI_IFACE=32
DIALECTS="SMB2_02 SMB2_10 SMB3_00 SMB3_02 SMB3_11"

# probe DESCRIPTION DIALECT [probe options]
probe() {
	desc=$1
	shift
	if as_iface $CLI_IFACE "$PROBE" 127.0.0.$SRV_IFACE share user pass "$@" \
		>"$DIR/probe.log" 2>&1; then
		echo "ok    $desc: $(tail -n 1 "$DIR/probe.log")"
	else
		fail "$desc: $(cat "$DIR/probe.log")"
	fi
	[ -z "$(ls -A "$DIR/share")" ] || {
		fail "$desc: the share is not empty afterwards: $(ls -A "$DIR/share")"
		rm -rf "${DIR:?}/share/"*
	}
}

if srv_start cli-plain; then
	for m in $DIALECTS; do
		probe "$m" "$m"
		probe "$m client signing" "$m" --sign
	done
	probe "SMB3_11 wrong password" SMB3_11 --wrong-password
	probe "SMB2_02 wrong password" SMB2_02 --wrong-password
	srv_stop cli-plain
fi

if srv_start cli-signing --option "global.server signing=required"; then
	for m in $DIALECTS; do
		probe "$m server signing required" "$m"
	done
	srv_stop cli-signing
fi

if srv_start cli-encrypt --option "global.server encryption=required"; then
	for m in SMB3_00 SMB3_02; do
		probe "$m encrypted" "$m" --encrypt AES-128-CCM
	done
	for c in AES-128-CCM AES-128-GCM AES-256-CCM AES-256-GCM; do
		probe "SMB3_11 encrypted $c" SMB3_11 --encrypt "$c"
	done
	srv_stop cli-encrypt
fi

[ $FAIL -eq 0 ] && echo "$NAME: reference client and server agree"
exit $FAIL
