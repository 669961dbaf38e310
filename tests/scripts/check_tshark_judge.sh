#!/bin/sh
# The tshark judge: every sample message our encoders build
# (tests/common/samples.h) must dissect in tshark as clean SMB2 showing the
# fields we encoded.
#
# Usage: tests/scripts/check_tshark_judge.sh BUILD_DIR
#   (run by scripts/run-tests.sh; BUILD_DIR holds tools/wire_judge, built
#   by `make tools`)
#
# Checks, for every sample frame listed in wire_judge's TSV:
#   - tshark dissects it as SMB2 (smb2 in frame.protocols);
#   - no frame in the capture is malformed (_ws.malformed) or carries an
#     expert item of error severity (_ws.expert.severity == 8388608);
#   - smb2.cmd, smb2.flags.response, smb2.nt_status (responses),
#     smb2.msg_id, smb2.sesid, smb2.tid, smb2.dialect (NEGOTIATE),
#     smb2.tag (create context names) and smb2.fid (the FileId as tshark's
#     GUID) equal what the encoder was given.
# Prints one line per mismatch (sample, frame, field, expected, tshark) and
# exits 0 only when everything matches.
set -u
B=${1:?usage: $0 BUILD_DIR}
JUDGE=$B/tools/wire_judge
PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3

if [ ! -x "$JUDGE" ]; then
	echo "check_tshark_judge: $JUDGE missing (make tools)"
	exit 1
fi
if ! command -v tshark >/dev/null 2>&1; then
	echo "check_tshark_judge: tshark not installed (scripts/install-deps.sh)"
	exit 1
fi

OUT=$B/tshark-judge
mkdir -p "$OUT"
"$JUDGE" "$OUT/samples.pcap" "$OUT/expected.tsv" || exit 1

# Two passes (-2) so that responses are matched with their requests.
tshark -2 -n -r "$OUT/samples.pcap" -T fields -E separator=/t -E occurrence=a \
	-E aggregator='|' \
	-e frame.number -e frame.protocols -e smb2.cmd -e smb2.flags.response \
	-e smb2.nt_status -e smb2.msg_id -e smb2.sesid -e smb2.tid -e smb2.dialect \
	-e smb2.tag -e smb2.fid -e _ws.malformed -e _ws.expert.severity \
	-e _ws.expert.message >"$OUT/tshark.tsv" 2>"$OUT/tshark.err" || {
	echo "check_tshark_judge: tshark failed:"
	cat "$OUT/tshark.err"
	exit 1
}

exec "$PY" - "$OUT/expected.tsv" "$OUT/tshark.tsv" <<'EOF_PY'
import sys

SEVERITY_ERROR = 8388608
exp_path, got_path = sys.argv[1], sys.argv[2]
COLS = ["frame", "protocols", "cmd", "resp", "status", "msg_id", "sesid",
        "tid", "dialect", "tag", "fid", "malformed", "severity", "message"]

got = {}
with open(got_path) as f:
    for line in f:
        parts = line.rstrip("\n").split("\t")
        parts += [""] * (len(COLS) - len(parts))
        row = dict(zip(COLS, parts))
        got[int(row["frame"])] = row


def values(s):
    return [v for v in s.split("|") if v != ""]


def ints(s):
    out = []
    for v in values(s):
        v = v.strip()
        if v in ("True", "False"):
            out.append(1 if v == "True" else 0)
        else:
            out.append(int(v, 0))
    return out


problems = []
sample_of = {}
checked = 0
with open(exp_path) as f:
    header = f.readline().rstrip("\n").split("\t")
    for line in f:
        e = dict(zip(header, line.rstrip("\n").split("\t")))
        frame = int(e["frame"])
        name = e["name"]
        sample_of[frame] = name
        g = got.get(frame)
        checked += 1

        def bad(field, want, have):
            problems.append(f"{name} (frame {frame}): {field}: expected {want}, tshark shows {have or '(nothing)'}")

        if g is None:
            bad("frame", "present", "")
            continue
        if "smb2" not in g["protocols"].split(":"):
            bad("protocols", "smb2", g["protocols"])
            continue
        # One SMB2 message per frame: the first occurrence is the header.
        def first_int(col):
            v = ints(g[col])
            return v[0] if v else None
        if first_int("cmd") != int(e["cmd"]):
            bad("smb2.cmd", e["cmd"], g["cmd"])
        if first_int("resp") != int(e["resp"]):
            bad("smb2.flags.response", e["resp"], g["resp"])
        status = first_int("status")
        if int(e["resp"]) and status != int(e["status"], 16):
            bad("smb2.nt_status", e["status"], g["status"])
        if first_int("msg_id") != int(e["msg_id"]):
            bad("smb2.msg_id", e["msg_id"], g["msg_id"])
        if first_int("sesid") != int(e["sesid"], 16):
            bad("smb2.sesid", e["sesid"], g["sesid"])
        if e["tid"] != "-" and first_int("tid") != int(e["tid"], 16):
            bad("smb2.tid", e["tid"], g["tid"])
        if e["dialects"] != "-":
            want = [int(d, 16) for d in e["dialects"].split(",")]
            if ints(g["dialect"]) != want:
                bad("smb2.dialect", e["dialects"], g["dialect"])
        if e["ctx"] != "-":
            want = e["ctx"].split(",")
            have = values(g["tag"])
            norm = [h.replace("-", "").lower() if len(h.replace("-", "")) == 32 else h
                    for h in have]
            if norm != want:
                bad("smb2.tag", e["ctx"], g["tag"])
        if e["fid"] != "-":
            have = set(v.lower() for v in values(g["fid"]))
            if have != {e["fid"]}:
                bad("smb2.fid", e["fid"], g["fid"])

for frame in sorted(got):
    g = got[frame]
    who = sample_of.get(frame, "TCP/NBSS")
    if g["malformed"]:
        problems.append(f"{who} (frame {frame}): tshark marks it malformed: {g['message']}")
    sev = ints(g["severity"]) if g["severity"] else []
    msgs = g["message"].split("|")
    for k, s in enumerate(sev):
        if s == SEVERITY_ERROR:
            m = msgs[k] if k < len(msgs) else "?"
            problems.append(f"{who} (frame {frame}): expert error: {m}")

for p in problems:
    print("MISMATCH " + p)
print(f"check_tshark_judge: {checked} samples, {len(problems)} problems")
sys.exit(1 if problems or checked == 0 else 0)
EOF_PY
