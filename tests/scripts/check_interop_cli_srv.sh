#!/bin/sh
# The reference client against the reference server under socket_wrapper:
# tests/tools/cli_samba_probe (negotiate, session setup, tree connect,
# mkdir, a multi-megabyte write and byte-identical read back, flush, query
# info, rename, query directory with and without a pattern, echo, delete,
# rmdir, tree disconnect, logoff) against smbsim-server for each dialect
# SMB2_02..SMB3_11 plain (and the client requiring signing with SMB2_02 and
# SMB3_11), then with the server requiring signing, then with the server
# requiring encryption (SMB3_00 and SMB3_02 with AES-128-CCM, SMB3_11 with each cipher); a wrong
# password gets STATUS_LOGON_FAILURE.  After each run the server exits 0 on
# `shutdown` with no sanitizer report and tshark finds no malformed frame
# and no error-level expert item in its capture.  The smbsim-client CLI
# runs beside the probe in each: mkdir, put of a multi-megabyte file, ls,
# stat, get back byte-identical, rename, rm, rmdir (with each dialect
# plain; signed; encrypted with 3.0 and with each 3.1.1 cipher).
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
CLIENT=$B/bin/smbsim-client
[ -x "$CLIENT" ] || { echo "$NAME: $CLIENT not built" >&2; exit 1; }
BIG_SIZE=$((3 * 1024 * 1024 + 777))
$PY -c "import sys, random; r = random.Random(5); sys.stdout.buffer.write(r.randbytes($BIG_SIZE))" \
	>"$DIR/big.src" || { echo "$NAME: cannot make the test file" >&2; exit 1; }

# cli DESCRIPTION DIALECT [smbsim-client options]: the CLI's file
# operations, run from $DIR so that local names are plain.
cli() {
	desc=$1 m=$2
	shift 2
	rm -f "$DIR/big.back"
	if ! (cd "$DIR" && as_iface $CLI_IFACE "$CLIENT" "//127.0.0.$SRV_IFACE/share" -U user%pass \
		-m "$m" --min-protocol "$m" "$@" \
		-c 'mkdir d; put big.src d\big.bin; ls d\; stat d\big.bin; get d\big.bin big.back; rename d\big.bin d\moved.bin; ls d\; rm d\moved.bin; rmdir d' \
		>"$DIR/cli.log" 2>&1); then
		fail "smbsim-client $desc: $(cat "$DIR/cli.log")"
		rm -rf "${DIR:?}/share/"*
		return
	fi
	cmp -s "$DIR/big.src" "$DIR/big.back" || fail "smbsim-client $desc: the file read back differs"
	grep -q "big.bin  *A  *$BIG_SIZE" "$DIR/cli.log" || fail "smbsim-client $desc: ls without big.bin: $(cat "$DIR/cli.log")"
	grep -q "^size: *$BIG_SIZE" "$DIR/cli.log" || fail "smbsim-client $desc: stat without the size: $(cat "$DIR/cli.log")"
	grep -q "moved.bin  *A  *$BIG_SIZE" "$DIR/cli.log" || fail "smbsim-client $desc: ls without the renamed file"
	[ -z "$(ls -A "$DIR/share")" ] || {
		fail "smbsim-client $desc: the share is not empty afterwards: $(ls -A "$DIR/share")"
		rm -rf "${DIR:?}/share/"*
	}
	echo "ok    smbsim-client $desc"
}

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
		cli "$m" "$m"
	done
	# The client asking for signing (SecurityMode SIGNING_REQUIRED).
	probe "SMB2_02 client signing" SMB2_02 --sign
	probe "SMB3_11 client signing" SMB3_11 --sign
	probe "SMB3_11 wrong password" SMB3_11 --wrong-password
	probe "SMB2_02 wrong password" SMB2_02 --wrong-password
	srv_stop cli-plain
fi

if srv_start cli-signing --option "global.server signing=required"; then
	for m in $DIALECTS; do
		probe "$m server signing required" "$m"
	done
	cli "SMB2_10 signed" SMB2_10 --sign
	cli "SMB3_11 signed" SMB3_11 --sign
	srv_stop cli-signing
fi

if srv_start cli-encrypt --option "global.server encryption=required"; then
	for m in SMB3_00 SMB3_02; do
		probe "$m encrypted" "$m" --encrypt AES-128-CCM
	done
	for c in AES-128-CCM AES-128-GCM AES-256-CCM AES-256-GCM; do
		probe "SMB3_11 encrypted $c" SMB3_11 --encrypt "$c"
		cli "SMB3_11 encrypted $c" SMB3_11 --encrypt "$c"
	done
	cli "SMB3_00 encrypted" SMB3_00 --encrypt
	srv_stop cli-encrypt
fi

[ $FAIL -eq 0 ] && echo "$NAME: reference client and server agree"
exit $FAIL
