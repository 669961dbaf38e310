#!/bin/sh
# Samba's smbclient against smbsim-server under socket_wrapper, file
# operations with each dialect SMB2_02..SMB3_11: mkdir, put of a
# multi-megabyte file, ls, allinfo, get back byte-identical, rename, rm,
# rmdir (the share is empty afterwards); and `smbclient -L` (srvsvc
# NetShareEnumAll over IPC$).  Three server runs: plain; `server signing =
# required` (one dialect per signing algorithm, every READ and WRITE
# response signed); `server encryption = required` (SMB3_00 with
# AES-128-CCM, SMB3_11 with each cipher smbclient offers, each seen chosen
# in a NEGOTIATE response, and the traffic in transform frames).  After
# each run the server exits 0 on `shutdown` with no sanitizer report and
# tshark finds no malformed frame and no error-level expert item in its
# capture.
#
# Usage: tests/scripts/check_interop_smbclient_srv.sh BUILD_DIR
set -u
NAME=check_interop_smbclient_srv
B=${1:?usage: $0 BUILD_DIR}
. "$(dirname "$0")/lib_interop.sh"
command -v smbclient >/dev/null || { echo "$NAME: smbclient missing" >&2; exit 1; }
interop_init || exit 1

CLI_IFACE=31
DIALECTS="SMB2_02 SMB2_10 SMB3_00 SMB3_02 SMB3_11"
# 3 MiB and an odd tail: several multi-credit READs and WRITEs, a short last one.
BIG_SIZE=$((3 * 1024 * 1024 + 4321))
$PY -c "import sys, random; r = random.Random(3); sys.stdout.buffer.write(r.randbytes($BIG_SIZE))" \
	>"$DIR/big.src" || { echo "$NAME: cannot make the test file" >&2; exit 1; }

# smbc TAG DIALECT COMMANDS [options]: smbclient as 127.0.0.$CLI_IFACE on
# //127.0.0.10/share; its output in $DIR/TAG.out, non-zero on failure.
smbc() {
	tag=$1 m=$2 cmds=$3
	shift 3
	as_iface $CLI_IFACE smbclient -s "$DIR/client.conf" "//127.0.0.$SRV_IFACE/share" \
		-U user%pass -m "$m" "$@" -c "$cmds" >"$DIR/$tag.out" 2>&1
}

# allinfo asks FileAlternateNameInformation first; the server keeps no 8.3
# names and answers STATUS_NOT_SUPPORTED, which smbclient prints and then
# goes on with the other classes.
ALTNAME_NONE='NT_STATUS_NOT_SUPPORTED getting alt name'

# ops TAG DIALECT [options]: the file operations; each step checked.
ops() {
	tag=$1 m=$2
	shift 2
	rm -f "$DIR/big.back"
	if ! smbc "$tag" "$m" "mkdir idir; cd idir; put $DIR/big.src big.bin; ls; allinfo big.bin; get big.bin $DIR/big.back; rename big.bin moved.bin; ls; rm moved.bin; cd \\; rmdir idir; ls" "$@" ||
		grep -v "$ALTNAME_NONE" "$DIR/$tag.out" | grep -q 'NT_STATUS_'; then
		fail "$tag: smbclient: $(cat "$DIR/$tag.out")"
		rm -rf "$DIR/share/idir"
		return
	fi
	cmp -s "$DIR/big.src" "$DIR/big.back" || fail "$tag: the file read back differs from the one written"
	grep -q "big.bin  *A  *$BIG_SIZE" "$DIR/$tag.out" ||
		fail "$tag: ls does not show big.bin with $BIG_SIZE bytes: $(cat "$DIR/$tag.out")"
	grep -q 'moved.bin' "$DIR/$tag.out" || fail "$tag: ls does not show the renamed file"
	grep -q '^create_time:' "$DIR/$tag.out" && grep -q '^attributes: A' "$DIR/$tag.out" &&
		grep -q "^stream: \[::\$DATA\], $BIG_SIZE bytes" "$DIR/$tag.out" ||
		fail "$tag: allinfo incomplete: $(cat "$DIR/$tag.out")"
	[ -z "$(ls -A "$DIR/share")" ] || fail "$tag: the share is not empty after rm and rmdir: $(ls -A "$DIR/share")"
}

# list TAG DIALECT [options]: smbclient -L must list share and IPC$.
list() {
	tag=$1 m=$2
	shift 2
	if ! as_iface $CLI_IFACE smbclient -s "$DIR/client.conf" -L "127.0.0.$SRV_IFACE" \
		-U user%pass -m "$m" "$@" >"$DIR/$tag.out" 2>&1; then
		fail "$tag: smbclient -L: $(cat "$DIR/$tag.out")"
		return
	fi
	grep -q '^[[:space:]]*share[[:space:]]*Disk' "$DIR/$tag.out" &&
		grep -q '^[[:space:]]*IPC\$[[:space:]]*IPC' "$DIR/$tag.out" ||
		fail "$tag: -L does not list share and IPC\$: $(cat "$DIR/$tag.out")"
}

if srv_start plain; then
	for m in $DIALECTS; do
		ops "plain-$m" "$m"
	done
	list "plain-L-SMB3_11" SMB3_11
	list "plain-L-SMB2_02" SMB2_02
	srv_stop plain
fi

if srv_start signing --option "global.server signing=required"; then
	# One dialect per signing algorithm: HMAC-SHA256, AES-CMAC, AES-GMAC.
	for m in SMB2_10 SMB3_02 SMB3_11; do
		ops "signing-$m" "$m"
	done
	list "signing-L" SMB3_11
	srv_stop signing
	# Every response after SESSION_SETUP is signed: look for unsigned ones
	# among READ and WRITE answers.
	set -- $(tshark_counts "$DIR/signing.pcap" \
		'smb2.flags.response == 1 && (smb2.cmd == 8 || smb2.cmd == 9) && smb2.flags.signature == 0' \
		'smb2.flags.response == 1 && smb2.cmd == 9 && smb2.flags.signature == 1')
	[ "${1:-x}" = 0 ] || fail "signing: ${1:-?} READ/WRITE responses without a signature"
	[ "${2:-0}" -gt 0 ] || fail "signing: no signed WRITE response in the capture"
fi

if srv_start encrypt --option "global.server encryption=required"; then
	ops "encrypt-SMB3_00" SMB3_00
	for c in AES-128-CCM AES-128-GCM AES-256-CCM AES-256-GCM; do
		ops "encrypt-SMB3_11-$c" SMB3_11 --option="client smb3 encryption algorithms=$c"
	done
	list "encrypt-L" SMB3_11
	srv_stop encrypt
	# Ciphers the server chose (MS-SMB2 2.2.3.1.2 ids 1..4), each seen.
	chosen=$(tshark -r "$DIR/encrypt.pcap" -Y 'smb2.flags.response == 1 && smb2.cmd == 0' \
		-T fields -e smb2.negotiate_context.cipher_id 2>/dev/null | tr ',' '\n' | sort -u | tr '\n' ' ')
	for id in 1 2 3 4; do
		case " $chosen" in
		*" 0x000$id "*) ;;
		*) fail "encrypt: cipher $id never chosen in a NEGOTIATE response (saw: $chosen)" ;;
		esac
	done
	n=$(tshark_counts "$DIR/encrypt.pcap" 'smb2.header.transform.flags.encrypted == 1')
	[ "${n:-0}" -gt 100 ] || fail "encrypt: only ${n:-0} encrypted frames in the capture"
fi

[ $FAIL -eq 0 ] && echo "$NAME: smbclient interop as expected"
exit $FAIL
