#!/bin/sh
# smbsim-replay run against real conversations, under socket_wrapper:
#  - captures (socket_wrapper's pcap of the client process) of
#      a) smbclient with smbsim-server,
#      b) smbsim-client with a private Samba smbd,
#      c) smbclient with Samba smbd,
#    each doing the same deterministic operations on a share that starts
#    with one file, seed.txt, put there through SMB beforehand (mkdir, put
#    of a small and a larger file (smbclient: 2 MiB, several writes in
#    flight; smbsim-client: 60 KiB, see CLI_BIG_SIZE), ls, get, rename,
#    allinfo/stat, rm, rmdir); and
#      d) smbsim-server's own capture of three smbclient runs on an empty
#    share: one puts a file, the next gets and lists it, the last removes it
#    (three streams, one depending on the other, each closed at its FIN);
#      f) smbsim-torture's notify, lock_async and cancel suites against
#    smbsim-server (dozens of streams with pending CHANGE_NOTIFYs and locks,
#    interim responses, CANCELs, connections dropped with requests pending
#    or locks held), replayed against a fresh smbsim-server.  Not against
#    Samba: smbd tidies up a dropped connection in that connection's own
#    process, late, so its captures of these tests show races (a directory
#    not yet empty) that a replay cannot be expected to repeat;
#      e) smbsim-client --encrypt with Samba, its session keys logged
#    (SMBSIM_CLIENT_KEYLOG), replayed with --keys (decrypted, then sent as
#    the target session needs: in the clear) and, as a twin, without them
#    (every encrypted message skipped and counted as such);
#  - each replayed against a fresh smbsim-server and a fresh Samba whose
#    share is in the same initial state: no divergence, exit 0, every
#    message but NEGOTIATE and SESSION_SETUP replayed and matched.  A
#    replay against the other kind of server than the captured one passes
#    the --ignore rules of CROSS_IGNORE below: the known differences
#    between Samba and smbsim-server, each with its reason (README-run.md);
#  - malformed twins: a) and c) against a server whose share lacks
#    seed.txt exit 1 and name the CREATE of seed.txt (its capture frame, as
#    tshark numbers it, and MessageId) with field Status, captured
#    STATUS_SUCCESS and replayed STATUS_OBJECT_NAME_NOT_FOUND, in text and
#    JSON; a target nobody listens on exits 2; so does a wrong password;
#  - the replay runs under the sanitizers of the build with no report.
#
# Usage: tests/scripts/check_replay_run.sh BUILD_DIR
NAME=check_replay_run
B=${1:?usage: $0 BUILD_DIR}
. "$(dirname "$0")/lib_interop.sh"
REPLAY=$B/bin/smbsim-replay
CLI=$B/bin/smbsim-client
SAMBA_IFACE=30
SAMBA_USER=smbsimrr
SAMBA_PASS='Rr-Pass.1'
CLIENT_IFACE=20
PREP_IFACE=29
REPLAY_IFACE=21
BIG_SIZE=2097159
# smbsim-client sends its put as one WRITE; when the socket takes only part
# of it, socket_wrapper's pcap of the partial send is not what reached the
# server (the reader reports damage there and the WRITE's data is off), so
# its file stays under the socket buffer.  smbclient sends its 2 MiB in
# writes that fit.
CLI_BIG_SIZE=60013

# Known differences between the two servers (not replay errors), for
# replays against the other kind of server than the captured one; each was
# seen in these captures:
#  - FileAlternateNameInformation: smbsim-server keeps no 8.3 names
#    (STATUS_NOT_SUPPORTED); Samba answers a mangled name;
#  - FSCTL_SRV_ENUMERATE_SNAPSHOTS and FSCTL_DFS_GET_REFERRALS: not
#    implemented in smbsim-server (STATUS_NOT_IMPLEMENTED); Samba answers
#    STATUS_INVALID_DEVICE_REQUEST and STATUS_NOT_FOUND;
#  - FileFsSizeInformation SectorsPerAllocationUnit: each server's view of
#    the volume (smbsim-server: the file system's 4 KiB blocks as 8 sectors;
#    Samba: 1 KiB units as 2 sectors);
#  - FileAllInformation Mode: smbsim-server reports 0, not the open's mode
#    (FILE_SYNCHRONOUS_IO_NONALERT from the CreateOptions, MS-FSCC
#    FileModeInformation) as Samba does: a divergence of smbsim-server the
#    replay found, left for the server's owners.
CROSS_IGNORE="--ignore QUERY_INFO:FileAlternateNameInformation
 --ignore IOCTL:SRV_ENUMERATE_SNAPSHOTS --ignore IOCTL:DFS_GET_REFERRALS
 --ignore QUERY_INFO:FileFsSizeInformation.SectorsPerAllocationUnit
 --ignore QUERY_INFO:FileAllInformation.Mode"

interop_init || exit 1
for tool in smbd smbclient; do
	command -v $tool >/dev/null || { echo "$NAME: $tool missing" >&2; exit 1; }
done
for f in "$REPLAY" "$CLI"; do
	[ -x "$f" ] || { echo "$NAME: $f not built" >&2; exit 1; }
done
# smbd serves the share as its own user: the path to it must be reachable.
chmod 0755 "$DIR"
W=$DIR/work
mkdir -p "$W"
printf 'seed content for the replay check\n' >"$W/seed.txt"
printf 'hello, world\n' >"$W/local.txt"
head -c $BIG_SIZE /dev/urandom >"$W/big.bin"
head -c $CLI_BIG_SIZE /dev/urandom >"$W/mid.bin"
OPS_SMBCLIENT='mkdir d; put local.txt d\f.txt; put big.bin d\big.bin; ls; ls d\*; get seed.txt
 seed.got; get d\big.bin big.got; rename d\f.txt d\g.txt; allinfo d\g.txt; rm d\g.txt;
 rm d\big.bin; rmdir d; ls'
OPS_SMBCLIENT=$(printf '%s' "$OPS_SMBCLIENT" | tr '\n' ' ')
OPS_CLI='mkdir d; put local.txt d\f.txt; put mid.bin d\big.bin; ls; ls d\; get seed.txt
 seed.got; get d\big.bin big.got; rename d\f.txt d\g.txt; stat d\g.txt; rm d\g.txt;
 rm d\big.bin; rmdir d; ls'
OPS_CLI=$(printf '%s' "$OPS_CLI" | tr '\n' ' ')
export ASAN_OPTIONS="detect_leaks=1:log_path=$DIR/asan"
export UBSAN_OPTIONS="print_stacktrace=1:log_path=$DIR/asan"

# ---- fresh servers --------------------------------------------------------

SRV_UP=""
SAMBA_N=0

smbsim_fresh() {
	# smbsim_fresh RUN [seed|pcap]: a new smbsim-server over an empty
	# share, seed.txt put through SMB, or its own capture in $DIR/RUN.pcap.
	[ -n "$SRV_UP" ] && srv_stop "$SRV_UP"
	SRV_UP=""
	rm -rf "$DIR/share"
	mkdir "$DIR/share"
	SRV_NOPCAP=1
	[ "${2:-}" = pcap ] && SRV_NOPCAP=0
	srv_start "$1" || return 1
	SRV_UP=$1
	[ "${2:-}" = seed ] || return 0
	(cd "$W" && as_iface $PREP_IFACE smbclient //127.0.0.$SRV_IFACE/share -U user%pass \
		-s "$DIR/client.conf" -c 'put seed.txt' >"$DIR/prep.log" 2>&1) ||
		{ cat "$DIR/prep.log" >&2; fail "$1: seed.txt not put"; }
}

samba_fresh() {
	# samba_fresh [seed]: a new smbd with a new state directory and an
	# empty share (nothing left of an earlier one: files, xattr_tdb).
	samba_stop
	SAMBA_N=$((SAMBA_N + 1))
	SAMBA_STATE=$DIR/samba$SAMBA_N
	if ! "$ROOT/scripts/samba-start.sh" "$SAMBA_STATE" $SAMBA_IFACE $SAMBA_USER "$SAMBA_PASS" \
		>"$DIR/samba-start.log" 2>&1; then
		cat "$DIR/samba-start.log" >&2
		fail "smbd did not start"
		return 1
	fi
	. "$SAMBA_STATE/env"
	# smbd lives in its own socket_wrapper directory: its clients go there,
	# everything else stays where smbsim-server is.
	SAMBA_SW=$SOCKET_WRAPPER_DIR
	SOCKET_WRAPPER_DIR=$DIR/sw
	[ "${1:-}" = seed ] || return 0
	(cd "$W" && SOCKET_WRAPPER_DIR=$SAMBA_SW as_iface $PREP_IFACE smbclient //127.0.0.$SAMBA_IFACE/share \
		-U "$SAMBA_USER%$SAMBA_PASS" -s "$SMB_CLIENT_CONF" -c 'put seed.txt' \
		>"$DIR/prep.log" 2>&1) || { cat "$DIR/prep.log" >&2; fail "samba: seed.txt not put"; }
}

# ---- replays ----------------------------------------------------------------

# replay RUN PCAP KIND EXPECT_RC [args...]: smbsim-replay run against the
# server of KIND (smbsim or samba) now up; its report in $DIR/RUN.txt and
# $DIR/RUN.json.
replay() {
	run=$1 pcap=$2 kind=$3 want=$4
	shift 4
	sw=$DIR/sw
	if [ "$kind" = smbsim ]; then
		tgt=//127.0.0.$SRV_IFACE/share cred=user%pass
	else
		tgt=//127.0.0.$SAMBA_IFACE/share cred="$SAMBA_USER%$SAMBA_PASS" sw=$SAMBA_SW
	fi
	SOCKET_WRAPPER_DIR=$sw as_iface $REPLAY_IFACE "$REPLAY" run "$pcap" --target "$tgt" -U "$cred" \
		--timeout 10000 --report "$DIR/$run.json" "$@" >"$DIR/$run.txt" 2>"$DIR/$run.err"
	rc=$?
	if [ $rc -ne "$want" ]; then
		cat "$DIR/$run.txt" "$DIR/$run.err" >&2
		fail "$run: exit status $rc, expected $want"
		return 1
	fi
	return 0
}

# clean RUN: the JSON report of a replay with no divergence that replayed
# and matched everything but NEGOTIATE and SESSION_SETUP.
clean() {
	$PY - "$DIR/$1.json" <<'PYEOF' || { cat "$DIR/$1.txt" >&2; fail "$1: not a clean replay"; }
import json, sys
r = json.load(open(sys.argv[1]))
s = r["summary"]
ok = (s["divergences"] == 0 and s["diverged"] == 0 and s["replayed"] >= 20
      and s["matched"] == s["replayed"] and not s["not_compared"]
      and set(s["skipped_by_reason"]) <= {"negotiate", "session_setup"}
      and s["messages"] == s["replayed"] + s["skipped"]
      and s["capture_damage"] == 0
      and all(x["setup"] == "STATUS_SUCCESS" for x in r["streams"]))
if not ok:
    print(json.dumps(s, indent=1), file=sys.stderr)
sys.exit(0 if ok else 1)
PYEOF
}

# missing_seed RUN PCAP: the twin's report names the CREATE of seed.txt.
missing_seed() {
	frames=$(tshark -r "$2" -Y 'smb2.cmd == 5 && smb2.flags.response == 0 && smb2.filename == "seed.txt"' \
		-T fields -e frame.number -e smb2.msg_id 2>/dev/null | tr '\t\n' ', ')
	$PY - "$DIR/$1.json" "$frames" <<'PYEOF' || { cat "$DIR/$1.txt" >&2; fail "$1: the missing file is not named"; }
import json, sys
r = json.load(open(sys.argv[1]))
# tshark's (frame, MessageId) of every CREATE request of seed.txt.
pairs = [x for x in sys.argv[2].strip(",").split(",") if x]
want = {(int(pairs[i]), int(pairs[i + 1])) for i in range(0, len(pairs) - 1, 2)}
hits = [d for d in r["divergences"]
        if d["command"] == "CREATE" and d["field"] == "Status"
        and d["captured"] == "STATUS_SUCCESS"
        and d["replayed"] == "STATUS_OBJECT_NAME_NOT_FOUND"
        and (d["frame"], d["message_id"]) in want]
sys.exit(0 if hits and r["summary"]["divergences"] >= 1 else 1)
PYEOF
	grep -q '^DIVERGENCE frame [0-9]* stream 0 CREATE mid [0-9]*: Status captured STATUS_SUCCESS, replayed STATUS_OBJECT_NAME_NOT_FOUND$' \
		"$DIR/$1.txt" || fail "$1: no such DIVERGENCE line in the text report"
}

# ---- captures ----------------------------------------------------------------

capture() {
	# capture PCAP SWDIR CMD...: CMD as the client address in that
	# socket_wrapper directory, its pcap in PCAP.
	pcap=$1 sw=$2
	shift 2
	(cd "$W" && SOCKET_WRAPPER_DIR=$sw SOCKET_WRAPPER_PCAP_FILE=$pcap \
		as_iface $CLIENT_IFACE "$@") \
		>"$pcap.log" 2>&1 || { cat "$pcap.log" >&2; fail "capture $pcap: client failed"; }
	[ -s "$pcap" ] || fail "capture $pcap: empty"
}

smbsim_fresh cap_a seed || exit 1
capture "$DIR/a.pcap" "$DIR/sw" smbclient //127.0.0.$SRV_IFACE/share -U user%pass \
	-s "$DIR/client.conf" -m SMB3_11 -c "$OPS_SMBCLIENT"
samba_fresh seed || exit 1
capture "$DIR/b.pcap" "$SAMBA_SW" "$CLI" //127.0.0.$SAMBA_IFACE/share -U "$SAMBA_USER%$SAMBA_PASS" \
	-m SMB3_02 -c "$OPS_CLI"
samba_fresh seed
capture "$DIR/c.pcap" "$SAMBA_SW" smbclient //127.0.0.$SAMBA_IFACE/share -U "$SAMBA_USER%$SAMBA_PASS" \
	-s "$SMB_CLIENT_CONF" -m SMB3_11 -c "$OPS_SMBCLIENT"
cmp -s "$W/big.bin" "$W/big.got" || fail "capture c: the 2 MiB file did not come back"

# d) the server's own capture, three clients on an empty share.
smbsim_fresh cap_d pcap
for ops in 'put local.txt x.txt' 'get x.txt x.got; ls' 'rm x.txt; ls'; do
	(cd "$W" && as_iface $CLIENT_IFACE smbclient //127.0.0.$SRV_IFACE/share -U user%pass \
		-s "$DIR/client.conf" -m SMB3_11 -c "$ops") >"$DIR/d.log" 2>&1 ||
		{ cat "$DIR/d.log" >&2; fail "capture d: smbclient -c '$ops'"; }
done
# f) smbsim-torture's asynchronous suites (their verdicts do not matter
# here, only the conversation).
TORTURE=$B/bin/smbsim-torture
if [ -x "$TORTURE" ]; then
	smbsim_fresh cap_f
	(SOCKET_WRAPPER_PCAP_FILE=$DIR/f.pcap as_iface $CLIENT_IFACE "$TORTURE" -U user%pass \
		//127.0.0.$SRV_IFACE/share 'notify.*' 'lock_async.*' 'cancel.*') >"$DIR/f.log" 2>&1
	[ -s "$DIR/f.pcap" ] || { cat "$DIR/f.log" >&2; fail "capture f: no capture"; }
fi

smbsim_fresh replay_a seed
cp "$DIR/cap_d.pcap" "$DIR/d.pcap"

# e) encrypted, with the session keys logged.
samba_fresh seed
(cd "$W" && SOCKET_WRAPPER_DIR=$SAMBA_SW SMBSIM_CLIENT_KEYLOG=$DIR/e.keys \
	SOCKET_WRAPPER_PCAP_FILE=$DIR/e.pcap \
	as_iface $CLIENT_IFACE "$CLI" //127.0.0.$SAMBA_IFACE/share -U "$SAMBA_USER%$SAMBA_PASS" \
	-m SMB3_11 --encrypt -c 'mkdir e; put local.txt e\f.txt; ls e\; get e\f.txt f.got;
	 rm e\f.txt; rmdir e') >"$DIR/e.log" 2>&1 || { cat "$DIR/e.log" >&2; fail "capture e"; }
[ -s "$DIR/e.keys" ] || fail "capture e: no keys logged"

# ---- replays against fresh servers ----------------------------------------------

replay a_smbsim "$DIR/a.pcap" smbsim 0 && clean a_smbsim
smbsim_fresh replay_b seed
replay b_smbsim "$DIR/b.pcap" smbsim 0 $CROSS_IGNORE && clean b_smbsim
smbsim_fresh replay_c seed
replay c_smbsim "$DIR/c.pcap" smbsim 0 $CROSS_IGNORE && clean c_smbsim
smbsim_fresh replay_d
replay d_smbsim "$DIR/d.pcap" smbsim 0 --parallel && clean d_smbsim
$PY - "$DIR/d_smbsim.json" <<'PYEOF' || fail "d_smbsim: not three streams"
import json, sys
sys.exit(0 if len(json.load(open(sys.argv[1]))["streams"]) == 3 else 1)
PYEOF

samba_fresh seed
replay a_samba "$DIR/a.pcap" samba 0 $CROSS_IGNORE && clean a_samba
samba_fresh seed
replay b_samba "$DIR/b.pcap" samba 0 && clean b_samba
samba_fresh seed
replay c_samba "$DIR/c.pcap" samba 0 && clean c_samba
samba_fresh
replay d_samba "$DIR/d.pcap" samba 0 $CROSS_IGNORE && clean d_samba
samba_fresh seed
replay e_samba "$DIR/e.pcap" samba 0 --keys "$DIR/e.keys" && clean e_samba
if [ -s "$DIR/f.pcap" ]; then
	smbsim_fresh replay_f
	# CANCELs have no response, and a request the capture saw no answer to
	# (the client left it pending) is not compared: allowed here.
	replay f_smbsim "$DIR/f.pcap" smbsim 0 && $PY - "$DIR/f_smbsim.json" <<'PYEOF' ||
import json, sys
r = json.load(open(sys.argv[1]))
s = r["summary"]
ok = (s["divergences"] == 0 and s["replayed"] >= 300 and len(r["streams"]) >= 20
      and s["matched"] + sum(s["not_compared"].values()) == s["replayed"]
      and s["not_compared"].get("cancel", 0) >= 1
      and set(s["skipped_by_reason"]) <= {"negotiate", "session_setup", "fileid_unknown",
                                          "cancel_done", "cancel_unknown"})
if not ok:
    print(json.dumps(s, indent=1), file=sys.stderr)
sys.exit(0 if ok else 1)
PYEOF
		{ cat "$DIR/f_smbsim.txt" >&2; fail "f_smbsim: not a clean replay"; }
fi

# ---- malformed twins --------------------------------------------------------------

# e) without its keys: nothing after the logon can be read, so nothing is
# sent, and every such message is counted as encrypted.
samba_fresh seed
replay e_nokeys "$DIR/e.pcap" samba 0 && $PY - "$DIR/e_nokeys.json" <<'PYEOF' ||
import json, sys
s = json.load(open(sys.argv[1]))["summary"]
sys.exit(0 if s["skipped_by_reason"].get("encrypted", 0) >= 10 and s["replayed"] == 0 else 1)
PYEOF
	{ cat "$DIR/e_nokeys.txt" >&2; fail "e_nokeys: encrypted messages not counted as skipped"; }

smbsim_fresh twin_a
replay a_noseed "$DIR/a.pcap" smbsim 1 && missing_seed a_noseed "$DIR/a.pcap"
samba_fresh
replay c_noseed "$DIR/c.pcap" samba 1 && missing_seed c_noseed "$DIR/c.pcap"
replay c_badpass "$DIR/c.pcap" samba 2 -U "$SAMBA_USER%wrong" &&
	grep -q 'setup failed: STATUS_LOGON_FAILURE' "$DIR/c_badpass.txt" ||
	fail "c_badpass: the failed logon is not reported"
samba_stop
replay c_nobody "$DIR/c.pcap" samba 2 &&
	grep -q 'connecting to 127.0.0.30:445' "$DIR/c_nobody.txt" ||
	fail "c_nobody: the failed connection is not reported"
[ -n "$SRV_UP" ] && srv_stop "$SRV_UP"
SRV_UP=""

if ls "$DIR"/asan* >/dev/null 2>&1; then
	cat "$DIR"/asan* >&2
	fail "sanitizer report from smbsim-replay"
fi
[ $FAIL -eq 0 ] && echo "$NAME: ok (captures a-f replayed against smbsim-server and Samba, twins)"
exit $FAIL
