#!/bin/sh
# Samba's smbclient against smbsim-server under socket_wrapper, the
# information side (QUERY_DIRECTORY, QUERY_INFO, SET_INFO) with SMB2_02 and
# SMB3_11: `allinfo` of a file (size, attributes, the ::$DATA stream) and of
# a directory, `ls` with a mask (only the matching names), `setmode +r`
# seen in the next `allinfo` and on disk, `rename` onto an existing name
# refused with NT_STATUS_OBJECT_NAME_COLLISION, and `ls` of a mask that
# matches nothing answered NT_STATUS_NO_SUCH_FILE.  The server must exit 0
# with no sanitizer report and tshark must find no malformed frame.
#
# Usage: tests/scripts/check_srv_smbclient_info.sh BUILD_DIR
set -u
NAME=check_srv_smbclient_info
B=${1:?usage: $0 BUILD_DIR}
. "$(dirname "$0")/lib_interop.sh"
command -v smbclient >/dev/null || { echo "$NAME: smbclient missing" >&2; exit 1; }
interop_init || exit 1
CLI_IFACE=33

smbc() {
	tag=$1 m=$2 cmds=$3
	as_iface $CLI_IFACE smbclient -s "$DIR/client.conf" "//127.0.0.$SRV_IFACE/share" \
		-U user%pass -m "$m" -c "$cmds" >"$DIR/$tag.out" 2>&1
}

expect() {
	tag=$1 pattern=$2 what=$3
	grep -q -- "$pattern" "$DIR/$tag.out" || fail "$tag: $what: $(cat "$DIR/$tag.out")"
}

run() {
	m=$1
	rm -rf "${DIR:?}/share/"*
	printf 'hello' >"$DIR/share/a.txt"
	printf 'bb' >"$DIR/share/b.txt"
	printf '0123456789' >"$DIR/share/c.dat"
	mkdir "$DIR/share/sub"

	smbc "allinfo-$m" "$m" "allinfo a.txt; allinfo sub"
	expect "allinfo-$m" 'stream: \[::\$DATA\], 5 bytes' "no ::\$DATA stream of 5 bytes"
	expect "allinfo-$m" 'attributes: A ' "a.txt is not shown with the archive attribute"
	expect "allinfo-$m" 'attributes: D ' "sub is not shown as a directory"
	expect "allinfo-$m" 'write_time:' "no write time"
	# No 8.3 names: the alternate name is NT_STATUS_NOT_SUPPORTED, which
	# smbclient reports and goes on; any other error is a failure.
	grep -v 'NT_STATUS_NOT_SUPPORTED getting alt name' "$DIR/allinfo-$m.out" | grep -q 'NT_STATUS_' &&
		fail "allinfo-$m: an error: $(cat "$DIR/allinfo-$m.out")"

	smbc "mask-$m" "$m" 'ls *.txt'
	expect "mask-$m" 'a.txt  *A  *5' "ls *.txt does not list a.txt"
	expect "mask-$m" 'b.txt  *A  *2' "ls *.txt does not list b.txt"
	grep -q 'c.dat\|sub' "$DIR/mask-$m.out" && fail "mask-$m: ls *.txt lists other names: $(cat "$DIR/mask-$m.out")"

	smbc "nomatch-$m" "$m" 'ls zz*'
	expect "nomatch-$m" 'NT_STATUS_NO_SUCH_FILE' "a mask that matches nothing"

	smbc "setmode-$m" "$m" 'setmode c.dat +r; allinfo c.dat'
	expect "setmode-$m" 'attributes: RA ' "c.dat is not read-only after setmode +r"
	[ -w "$DIR/share/c.dat" ] && [ "$(id -u)" != 0 ] && fail "setmode-$m: c.dat still writable on disk"
	perm=$(stat -c %a "$DIR/share/c.dat")
	case $perm in
	*[2367]*) fail "setmode-$m: c.dat has write bits on disk ($perm)" ;;
	esac

	smbc "rename-$m" "$m" 'rename a.txt b.txt'
	expect "rename-$m" 'NT_STATUS_OBJECT_NAME_COLLISION' "rename onto b.txt"
	[ -f "$DIR/share/a.txt" ] || fail "rename-$m: a.txt went away"
}

if srv_start info; then
	run SMB2_02
	run SMB3_11
	srv_stop info
fi

[ $FAIL -eq 0 ] && echo "$NAME: smbclient allinfo, masks, setmode and rename as expected"
exit $FAIL
