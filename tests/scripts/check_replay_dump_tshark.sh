#!/bin/sh
# smbsim-replay dump judged by tshark on real conversations captured under
# socket_wrapper:
#   (a) Samba's smbclient with smbsim-server: SMB3_11 signed, SMB3_11
#       encrypted;
#   (b) smbsim-client with a private Samba smbd: SMB2_10 signed
#       (HMAC-SHA256), SMB3_00 signed (AES-CMAC), SMB3_11 encrypted with
#       AES-256-GCM (keys from SMBSIM_CLIENT_KEYLOG: smbclient prints no
#       keys for 2.x);
#   (c) smbclient with that smbd: SMB3_02 signed, SMB3_11 encrypted.
# Each conversation makes a directory, puts a file of a few hundred KiB,
# lists, gets it back, renames, deletes.  smbclient prints its session keys
# (debug encryption = yes), smbsim-client logs them; both become a --keys
# file for smbsim-replay and the same keys go to tshark
# (-o uat:smb2_seskey_list, as check_tshark_judge.sh does).
#
# For every capture: `smbsim-replay dump --json --keys K` must exit 0
# (nothing damaged, no bad signature) and agree with
#   tshark -r F -T fields -e frame.number -e smb2.cmd -e smb2.nt_status
#          -e smb2.msg_id -e smb2.sesid -e smb2.tid -Y smb2
# frame by frame: the same frames, the same number of messages in each
# (compounds), and for every message the command, MessageId, SessionId,
# TreeId (tshark shows none for async messages) and, for responses, the
# status.  Encrypted captures are also dumped without keys: every transform
# frame is then an "encrypted" event where tshark sees only the transform
# header.  Signed runs must show signatures verified (sig=ok) and none bad.
#
# socket_wrapper 1.3.5 sometimes records a partial send wrongly: a reset
# in the middle of the connection and some bytes twice.  dump rightly
# reports such a capture as damaged; the conversation is then run again
# (up to RUN_TRIES times), and the retry is printed.
#
# One known tshark 4.0 limitation is allowed, and counted in the output: a
# frame longer than 0x1FFFF bytes whose 4-byte NetBIOS header came alone in
# its TCP segment (smbd and smbsim-server write it so for large READ
# responses) is not dissected by tshark, which takes a 24-bit length only
# when it sees "SMB" in the same segment (packet-nbns.c, dissect_nbss) and
# otherwise shows "NBSS Continuation Message"; we decode those frames.
#
# Usage: tests/scripts/check_replay_dump_tshark.sh BUILD_DIR
set -u
NAME=check_replay_dump_tshark
B=${1:?usage: $0 BUILD_DIR}
. "$(dirname "$0")/lib_interop.sh"
for t in smbclient smbd; do
	command -v $t >/dev/null || { echo "$NAME: $t missing" >&2; exit 1; }
done
REPLAY=$B/bin/smbsim-replay
CLIENT=$B/bin/smbsim-client
[ -x "$REPLAY" ] && [ -x "$CLIENT" ] || { echo "$NAME: $REPLAY or $CLIENT not built" >&2; exit 1; }
interop_init || exit 1

CLI_IFACE=61
# Runs of one conversation when socket_wrapper spoils its capture.
RUN_TRIES=4
SAMBA_IFACE=62
SAMBA_USER=smbsimreplay
SAMBA_PASS='Replay-Pass.1'
SIZE=$((100 * 1024 + 17))
$PY -c "import sys, random; r = random.Random(5); sys.stdout.buffer.write(r.randbytes($SIZE))" \
	>"$DIR/f.src" || { echo "$NAME: cannot make the test file" >&2; exit 1; }
OPS_SMBCLIENT="mkdir rd; cd rd; put $DIR/f.src f.bin; ls; get f.bin $DIR/f.back; rename f.bin g.bin; rm g.bin; cd \\; rmdir rd"
OPS_CLIENT="mkdir rd; put $DIR/f.src rd\\f.bin; ls rd\\; get rd\\f.bin $DIR/f.back; rename rd\\f.bin rd\\g.bin; rm rd\\g.bin; rmdir rd"

# keys_from_smbclient OUT KEYS: the keys smbclient printed, as one line
# "SESSIONID(wire hex) SESSIONKEY S2C C2S" per session.
keys_from_smbclient() {
	$PY - "$1" >"$2" <<'EOF_PY'
import re, sys
lines = open(sys.argv[1], errors="replace").read().splitlines()
# One set per session: "Session Id" starts it; 32-byte keys go on in a
# "[0010]" line.
sets, cur_set, last = [], {}, None
for ln in lines:
    m = re.match(r"^(Session Id|Session Key|ServerIn Key|ServerOut Key)\s+\[0000\]\s+(.*)$", ln)
    c = re.match(r"^\s*\[([0-9A-F]{4})\]\s+(.*)$", ln)
    if m:
        name = m.group(1)
        if name == "Session Id" and cur_set:
            sets.append(cur_set)
            cur_set = {}
        want = 8 if name == "Session Id" else 16
        cur_set[name] = "".join(re.findall(r"[0-9A-F]{2}", m.group(2)[:16 * 3 + 2])[:want]).lower()
        last = name
    elif c and cur_set and c.group(1) != "0000" and last in ("ServerIn Key", "ServerOut Key"):
        cur_set[last] += "".join(re.findall(r"[0-9A-F]{2}", c.group(2)[:16 * 3 + 2])[:16]).lower()
if cur_set:
    sets.append(cur_set)
for s in sets:
    if "Session Id" in s and "Session Key" in s:
        print(s["Session Id"], s["Session Key"], s.get("ServerOut Key", "-"), s.get("ServerIn Key", "-"))
EOF_PY
}

# judge TAG PCAP KEYS [sign|enc|plain]: dump with and without keys, compare
# with tshark.
judge() {
	tag=$1 pcap=$2 keys=$3 what=$4
	[ -s "$pcap" ] || { fail "$tag: no capture"; return; }
	[ -s "$keys" ] || { fail "$tag: no session keys were logged"; return; }
	"$REPLAY" dump --json --keys "$keys" "$pcap" >"$DIR/$tag.json" 2>"$DIR/$tag.err"
	rc=$?
	[ $rc -eq 0 ] || fail "$tag: smbsim-replay dump --keys exited $rc: $(cat "$DIR/$tag.err"; grep '"damage"' "$DIR/$tag.json" | head -n 5)"
	"$REPLAY" dump --json "$pcap" >"$DIR/$tag.nokeys.json" 2>"$DIR/$tag.nokeys.err"
	rc=$?
	[ $rc -eq 0 ] || fail "$tag: smbsim-replay dump without keys exited $rc: $(cat "$DIR/$tag.nokeys.err")"
	# The same keys for tshark: SessionId as wire bytes, then the keys.
	uat=$($PY - "$keys" <<'EOF_PY'
import sys
for ln in open(sys.argv[1]):
    f = ln.split()
    if len(f) < 2:
        continue
    sid = f[0]
    if sid.startswith("0x"):
        sid = int(sid, 16).to_bytes(8, "little").hex()
    s2c = f[2] if len(f) > 2 and f[2] != "-" else ""
    c2s = f[3] if len(f) > 3 and f[3] != "-" else ""
    print("uat:smb2_seskey_list:%s,%s,%s,%s" % (sid, f[1], s2c, c2s))
EOF_PY
)
	set --
	for u in $uat; do
		set -- "$@" -o "$u"
	done
	tshark -n -r "$pcap" "$@" -T fields -e frame.number -e smb2.cmd -e smb2.nt_status \
		-e smb2.msg_id -e smb2.sesid -e smb2.tid -Y smb2 >"$DIR/$tag.tshark" 2>"$DIR/$tag.tshark.err" ||
		{ fail "$tag: tshark failed: $(cat "$DIR/$tag.tshark.err")"; return; }
	tshark -n -r "$pcap" -T fields -e frame.number -e smb2.cmd -e smb2.nt_status \
		-e smb2.msg_id -e smb2.sesid -e smb2.tid -Y smb2 >"$DIR/$tag.nokeys.tshark" \
		2>"$DIR/$tag.tshark.err" || { fail "$tag: tshark failed: $(cat "$DIR/$tag.tshark.err")"; return; }
	out=$($PY - "$DIR/$tag" "$what" <<'EOF_PY'
import json, sys
base, what = sys.argv[1], sys.argv[2]
problems = []

def load_ours(path):
    frames, summary = {}, None
    for ln in open(path):
        d = json.loads(ln)
        if d["event"] == "summary":
            summary = d
            continue
        if d["event"] != "message":
            problems.append("%s: damage event: %s" % (path, d.get("what")))
            continue
        if d["type"] in ("smb1", "smb1-negotiate"):
            continue
        frames.setdefault(d["frame"], []).append(d)
    return frames, summary

def load_tshark(path):
    rows = {}
    for ln in open(path):
        f = ln.rstrip("\n").split("\t")
        f += [""] * (6 - len(f))
        split = lambda s: [x for x in s.split(",") if x != ""]
        rows[int(f[0])] = dict(cmd=split(f[1]), status=split(f[2]), mid=split(f[3]),
                               sid=split(f[4]), tid=split(f[5]))
    return rows

def compare(tag, ours, theirs):
    n = 0
    skipped = 0
    # tshark's limitation (see the top): big frames whose NetBIOS header
    # came alone are not dissected.
    for fr in sorted(set(ours) - set(theirs)):
        if all(m["frame_len"] > 0x1FFFF for m in ours[fr]):
            skipped += 1
            del ours[fr]
    if sorted(ours) != sorted(theirs):
        only_o = sorted(set(ours) - set(theirs))[:10]
        only_t = sorted(set(theirs) - set(ours))[:10]
        problems.append("%s: frames differ: only ours %s, only tshark's %s" % (tag, only_o, only_t))
    for fr in sorted(set(ours) & set(theirs)):
        o, t = ours[fr], theirs[fr]
        # tshark lists a transform header's SessionId before those of the
        # messages it decrypted, one NetBIOS frame after the other (a TCP
        # segment may hold several); a frame it cannot decrypt gives only
        # the transform's.  Commands and the rest come from SMB2 headers.
        want_sid, last = [], None
        for m in o:
            if m["encrypted"] and m["frame_offset"] != last:
                want_sid.append(m["transform"]["session_id"])
            last = m["frame_offset"]
            if m["type"] == "smb2":
                want_sid.append(int(m["header"]["session_id"]))
        dec = [m for m in o if m["type"] == "smb2"]
        if len(dec) != len(t["cmd"]):
            problems.append("%s: frame %d: %d messages, tshark %d" % (tag, fr, len(dec), len(t["cmd"])))
            continue
        n += len(o)
        hdr = [m["header"] for m in dec]
        want = dict(cmd=[str(h["command_code"]) for h in hdr],
                    mid=[str(h["message_id"]) for h in hdr],
                    sid=want_sid,
                    status=[h["status_code"] for h in hdr if h["response"]],
                    tid=[h["tree_id"] for h in hdr if not h["async"]])
        got = dict(cmd=t["cmd"], mid=t["mid"], sid=[int(x, 16) for x in t["sid"]],
                   status=[int(x, 16) for x in t["status"]],
                   tid=[int(x, 16) for x in t["tid"]])
        for k in want:
            if want[k] != got[k]:
                problems.append("%s: frame %d: %s ours %s, tshark %s" % (tag, fr, k, want[k], got[k]))
        if any(m["sig"] == "bad" for m in o):
            problems.append("%s: frame %d: a bad signature" % (tag, fr))
    return n, skipped

ours, summ = load_ours(base + ".json")
n, big = compare("with keys", ours, load_tshark(base + ".tshark"))
ours2, summ2 = load_ours(base + ".nokeys.json")
n2, _ = compare("without keys", ours2, load_tshark(base + ".nokeys.tshark"))
if summ is None or summ2 is None:
    problems.append("no summary document")
else:
    if summ["damage"] or summ["sig_bad"]:
        problems.append("damage %d, bad signatures %d" % (summ["damage"], summ["sig_bad"]))
    if what == "sign" and summ["sig_ok"] == 0:
        problems.append("signed run, but no signature verified")
    if what == "enc" and (summ["encrypted"] == 0 or summ["decrypted"] != summ["encrypted"]):
        problems.append("encrypted run: %d transform frames, %d decrypted" % (summ["encrypted"], summ["decrypted"]))
    if what == "enc" and summ2["decrypted"] != 0:
        problems.append("decrypted without keys")
if n == 0:
    problems.append("no message compared")
for p in problems[:30]:
    print(p)
print("ok: %d messages agree with tshark (%d without keys), %d signatures verified, %d of %d "
      "transform frames decrypted, %d frames over 0x1FFFF tshark does not dissect"
      % (n, n2, summ["sig_ok"] if summ else 0, summ["decrypted"] if summ else 0,
         summ["encrypted"] if summ else 0, big))
EOF_PY
)
	bad=$(printf '%s\n' "$out" | grep -v '^ok: ')
	[ -z "$bad" ] || fail "$tag: $bad"
	echo "$NAME: $tag: $(printf '%s\n' "$out" | sed -n 's/^ok: //p')"
}

# sw_artifact PCAP: true when socket_wrapper wrote its partial-send
# artifact into the capture: a reset in the middle of a connection that
# then goes on, with bytes recorded twice.  Such a capture is damaged (and
# dump says so), so the conversation is run again.
sw_artifact() {
	tshark -n -r "$1" -T fields -e tcp.stream -e tcp.flags.reset -e tcp.len 2>/dev/null |
		awk '$2 == 1 { rst[$1] = 1 } $2 != 1 && $3 > 0 && rst[$1] { found = 1 } END { exit !found }'
}

# smbclient_run TAG DIALECT SERVER SHARE USER%PASS [options]: one
# conversation, its capture $DIR/TAG.pcap and keys $DIR/TAG.keys.
smbclient_run() {
	tag=$1 m=$2 server=$3 share=$4 auth=$5
	shift 5
	try=0
	while :; do
		rm -f "$DIR/f.back" "$DIR/$tag.pcap"
		SOCKET_WRAPPER_PCAP_FILE=$DIR/$tag.pcap as_iface $CLI_IFACE smbclient \
			-s "$DIR/client.conf" "//$server/$share" -U "$auth" -m "$m" \
			--option='debug encryption=yes' "$@" -c "$OPS_SMBCLIENT" >"$DIR/$tag.out" 2>&1 ||
			fail "$tag: smbclient: $(tail -n 5 "$DIR/$tag.out")"
		try=$((try + 1))
		sw_artifact "$DIR/$tag.pcap" && [ $try -lt $RUN_TRIES ] || break
		echo "$NAME: $tag: socket_wrapper's partial-send artifact in the capture, run again"
	done
	cmp -s "$DIR/f.src" "$DIR/f.back" || fail "$tag: the file read back differs"
	keys_from_smbclient "$DIR/$tag.out" "$DIR/$tag.keys"
}

# (a) smbclient -> smbsim-server
if srv_start a --option "global.server signing=required"; then
	smbclient_run a-smb311-sign SMB3_11 127.0.0.$SRV_IFACE share user%pass
	smbclient_run a-smb311-enc SMB3_11 127.0.0.$SRV_IFACE share user%pass \
		--client-protection=encrypt
	srv_stop a
	judge a-smb311-sign "$DIR/a-smb311-sign.pcap" "$DIR/a-smb311-sign.keys" sign
	judge a-smb311-enc "$DIR/a-smb311-enc.pcap" "$DIR/a-smb311-enc.keys" enc
fi

# smbd serves the share as its user, who must reach it through $DIR.
chmod 0755 "$DIR"
if samba_start $SAMBA_IFACE $SAMBA_USER "$SAMBA_PASS"; then
	# (b) smbsim-client -> smbd
	for run in "b-smb210-sign SMB2_10 --sign" "b-smb300-sign SMB3_00 --sign" \
		"b-smb311-enc SMB3_11 --encrypt AES-256-GCM"; do
		set -- $run
		tag=$1 m=$2
		shift 2
		try=0
		while :; do
			rm -f "$DIR/f.back" "$DIR/$tag.keys" "$DIR/$tag.pcap"
			SMBSIM_CLIENT_KEYLOG=$DIR/$tag.keys SOCKET_WRAPPER_PCAP_FILE=$DIR/$tag.pcap \
				as_iface $CLI_IFACE "$CLIENT" "//$SMB_SERVER/$SMB_SHARE" \
				-U "$SMB_USER%$SMB_PASSWORD" -m "$m" "$@" -c "$OPS_CLIENT" \
				>"$DIR/$tag.out" 2>&1 || fail "$tag: smbsim-client: $(tail -n 5 "$DIR/$tag.out")"
			try=$((try + 1))
			sw_artifact "$DIR/$tag.pcap" && [ $try -lt $RUN_TRIES ] || break
			echo "$NAME: $tag: socket_wrapper's partial-send artifact in the capture, run again"
		done
		cmp -s "$DIR/f.src" "$DIR/f.back" || fail "$tag: the file read back differs"
		case $tag in *enc) w=enc ;; *) w=sign ;; esac
		judge "$tag" "$DIR/$tag.pcap" "$DIR/$tag.keys" $w
	done
	# (c) smbclient -> smbd
	smbclient_run c-smb302-sign SMB3_02 "$SMB_SERVER" "$SMB_SHARE" "$SMB_USER%$SMB_PASSWORD" \
		--client-protection=sign
	judge c-smb302-sign "$DIR/c-smb302-sign.pcap" "$DIR/c-smb302-sign.keys" sign
	smbclient_run c-smb311-enc SMB3_11 "$SMB_SERVER" "$SMB_SHARE" "$SMB_USER%$SMB_PASSWORD" \
		--client-protection=encrypt
	judge c-smb311-enc "$DIR/c-smb311-enc.pcap" "$DIR/c-smb311-enc.keys" enc
	samba_stop
fi
exit $FAIL
