#!/bin/sh
# smbsim-replay dump on damaged copies of a real capture (smbclient and
# smbd, SMB 3.1.1: tests/fixtures/samba/pcap/SMB3_11.pcap, 110 messages).
# The intact file must dump with exit status 0 and no DAMAGE line; each
# damaged copy must exit 1 with a DAMAGE line naming the frame and the
# offset where it went wrong, and still print the messages of the frames
# after the damage (the conversation's last message must be there):
#   truncated   the file cut inside a record in the middle
#   lost        one TCP segment of a frame dropped: a gap, reported when
#               the peer acknowledges the missing bytes, then resync
#   protocol    one message's ProtocolId broken (framing, then resync)
#   length      a CREATE's NameLength running past the message (decode,
#               naming CREATE.NameLength and its offset)
#   nbss        the last NetBIOS length past the end of the capture (cut)
# and files that are no capture exit 2 with "frame 0, offset N": an empty
# file, a text file; so does a keys file that cannot be read.
#
# Usage: tests/scripts/check_replay_damage.sh BUILD_DIR
set -u
NAME=check_replay_damage
B=${1:?usage: $0 BUILD_DIR}
REPLAY=$B/bin/smbsim-replay
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
SRC=$ROOT/tests/fixtures/samba/pcap/SMB3_11.pcap
PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3
[ -x "$REPLAY" ] || { echo "$NAME: $REPLAY not built" >&2; exit 1; }
[ -f "$SRC" ] || { echo "$NAME: $SRC missing" >&2; exit 1; }
DIR=$(mktemp -d "${TMPDIR:-/tmp}/smbsim-replay-damage.XXXXXX") || exit 1
trap 'rm -rf "$DIR"' EXIT
FAIL=0
fail() {
	printf '%s: FAIL: %s\n' "$NAME" "$*" >&2
	FAIL=1
}

"$REPLAY" dump "$SRC" >"$DIR/intact.txt" 2>"$DIR/intact.err"
rc=$?
[ $rc -eq 0 ] || fail "intact capture: exit $rc: $(cat "$DIR/intact.err")"
grep -q '^DAMAGE' "$DIR/intact.txt" && fail "intact capture: $(grep '^DAMAGE' "$DIR/intact.txt")"
# The last message, as "COMMAND req|rsp STATUS mid=N".
LAST=$(grep ' s0 [CS]>[CS] ' "$DIR/intact.txt" | tail -n 1 | cut -d' ' -f5-8)
[ -n "$LAST" ] || fail "intact capture: no message"

# The damaged copies, and for each the frame and offset its report must
# name (printed by the generator as "NAME FRAME OFFSET").
$PY - "$SRC" "$DIR" >"$DIR/cases" <<'EOF_PY' || { echo "$NAME: cannot make the copies" >&2; exit 1; }
import struct, sys
src, out = sys.argv[1], sys.argv[2]
data = open(src, "rb").read()
assert data[:4] == b"\xd4\xc3\xb2\xa1" and struct.unpack("<I", data[20:24])[0] == 101  # LINKTYPE_RAW
recs = []  # (frame, record offset, data offset, caplen, tcp payload offset, payload length, direction)
off, frame, streams = 24, 0, {}
while off < len(data):
    _, _, cap, _ = struct.unpack("<IIII", data[off:off + 16])
    frame += 1
    p = off + 16
    ihl = (data[p] & 15) * 4
    tcp = p + ihl
    sport, dport = struct.unpack(">HH", data[tcp:tcp + 4])
    thl = (data[tcp + 12] >> 4) * 4
    pay = tcp + thl
    seq, ack = struct.unpack(">II", data[tcp + 4:tcp + 12])
    recs.append(dict(frame=frame, off=off, cap=cap, pay=pay, plen=p + cap - pay,
                     c2s=dport == 445, seq=seq, ack=ack, flags=data[tcp + 13]))
    off = p + cap

def save(name, blob):
    open("%s/%s.pcap" % (out, name), "wb").write(blob)

def stream_offset(r):
    """Bytes of the same direction before this record's payload."""
    return sum(x["plen"] for x in recs if x["c2s"] == r["c2s"] and x["frame"] < r["frame"])

def arrow(r):
    return "C>S" if r["c2s"] else "S>C"

with_data = [r for r in recs if r["plen"] > 0]
mid = [r for r in with_data if r["plen"] > 20][len(with_data) // 4]
# truncated: cut 10 bytes into the payload of a record in the middle.
save("truncated", data[:mid["pay"] + 10])
print("truncated", mid["frame"], mid["off"], arrow(mid))
# lost: a frame that spans segments loses its second segment.
for i, r in enumerate(with_data[:-1]):
    n = with_data[i + 1]
    if r["c2s"] == n["c2s"] and data[r["pay"]] == 0 and \
            int.from_bytes(data[r["pay"] + 1:r["pay"] + 4], "big") + 4 > r["plen"] and \
            r["frame"] > mid["frame"] - 40:
        save("lost", data[:n["off"]] + data[n["off"] + 16 + n["cap"]:])
        # Reported at the first packet of the peer acknowledging the lost
        # bytes once later bytes of that direction wait behind the hole
        # (frame numbers after the dropped record go down by one).
        held = False
        for x in recs[n["frame"]:]:
            if x["c2s"] == n["c2s"] and x["plen"] > 0:
                held = True
            elif held and x["c2s"] != n["c2s"] and x["flags"] & 0x10 and \
                    ((x["ack"] - n["seq"]) & 0xFFFFFFFF) - 1 < 0x7FFFFFFF:
                print("lost", x["frame"] - 1, stream_offset(n), arrow(n))
                break
        else:
            sys.exit("no acknowledgement of the lost segment")
        break
else:
    sys.exit("no multi-segment frame")
# protocol: the first CREATE request after the middle gets 0xF0 'SMB'.
for r in with_data:
    if r["frame"] > mid["frame"] and r["c2s"] and data[r["pay"] + 4:r["pay"] + 8] == b"\xfeSMB" \
            and data[r["pay"] + 4 + 12] == 5:
        b = bytearray(data)
        b[r["pay"] + 4] = 0xF0
        save("protocol", bytes(b))
        print("protocol", r["frame"], stream_offset(r), arrow(r))
        # length: the same CREATE's NameLength (body offset 46) past the end.
        b = bytearray(data)
        b[r["pay"] + 4 + 64 + 46:r["pay"] + 4 + 64 + 48] = b"\xff\x7f"
        save("length", bytes(b))
        print("length", r["frame"], stream_offset(r), arrow(r))
        break
else:
    sys.exit("no CREATE request")
# nbss: the last frame of the server claims 100 more bytes than there are.
# (reported at the server's last packet with data).
last = [r for r in with_data if not r["c2s"] and data[r["pay"]] == 0][-1]
b = bytearray(data)
n = int.from_bytes(b[last["pay"] + 1:last["pay"] + 4], "big") + 100
b[last["pay"] + 1:last["pay"] + 4] = n.to_bytes(3, "big")
save("nbss", bytes(b))
print("nbss", [r for r in with_data if not r["c2s"]][-1]["frame"], stream_offset(last), "S>C")
EOF_PY

while read -r name frame offset dir; do
	"$REPLAY" dump "$DIR/$name.pcap" >"$DIR/$name.txt" 2>"$DIR/$name.err"
	rc=$?
	[ $rc -eq 1 ] || { fail "$name: exit $rc (1 expected): $(cat "$DIR/$name.err")"; continue; }
	grep -q "damage reports" "$DIR/$name.err" || fail "$name: no damage summary on stderr"
	case $name in
	truncated) want="^DAMAGE frame $frame file offset $offset capture: frame $frame at file offset $offset: truncated" ;;
	lost) want="^DAMAGE frame $frame s0 $dir offset $offset gap: [0-9]* bytes missing at offset $offset (the capture missed bytes the peer acknowledged)" ;;
	protocol) want="^DAMAGE frame $frame s0 $dir offset $offset framing: frame at offset $offset .* is not SMB" ;;
	length) want="^DAMAGE frame $frame s0 $dir offset [0-9]* decode: CREATE request at offset $((offset + 4)) does not decode: CREATE.NameLength at message offset" ;;
	nbss) want="^DAMAGE frame $frame s0 $dir offset $offset cut: stream ends inside the frame at offset $offset" ;;
	esac
	grep -q "$want" "$DIR/$name.txt" ||
		fail "$name: no report matching '$want': $(grep '^DAMAGE' "$DIR/$name.txt" | head -n 5)"
	# Decoding goes on after the damage (the truncated file ends there).
	if [ "$name" != truncated ] && [ "$name" != nbss ]; then
		grep -q " $LAST " "$DIR/$name.txt" ||
			fail "$name: the messages after the damage are missing ($LAST)"
	fi
	n=$(grep -c ' s0 [CS]>[CS] ' "$DIR/$name.txt")
	[ "$n" -gt 10 ] || fail "$name: only $n messages printed"
	echo "$NAME: $name: $(grep '^DAMAGE' "$DIR/$name.txt" | head -n 1 | cut -c 1-150)"
done <"$DIR/cases"
[ "$(wc -l <"$DIR/cases")" -eq 5 ] || fail "not every damaged copy was made: $(cat "$DIR/cases")"

# Not captures at all, and unreadable keys: exit 2.
: >"$DIR/empty.pcap"
printf 'not a capture\n' >"$DIR/text.pcap"
printf '0x1 zz\n' >"$DIR/bad.keys"
for f in empty text; do
	"$REPLAY" dump "$DIR/$f.pcap" >/dev/null 2>"$DIR/$f.err"
	rc=$?
	[ $rc -eq 2 ] || fail "$f file: exit $rc (2 expected)"
	grep -q 'frame 0, offset [0-9]*: not a capture' "$DIR/$f.err" || fail "$f file: $(cat "$DIR/$f.err")"
done
"$REPLAY" dump --keys "$DIR/bad.keys" "$SRC" >/dev/null 2>"$DIR/keys.err"
rc=$?
[ $rc -eq 2 ] || fail "bad keys file: exit $rc (2 expected)"
grep -q 'bad.keys:1: session key' "$DIR/keys.err" || fail "bad keys file: $(cat "$DIR/keys.err")"
exit $FAIL
