#!/bin/sh
# The tshark judge: every sample message our encoders build
# (tests/common/samples.h) must dissect in tshark as clean SMB2 (or SMB1,
# or an SMB2 transform that tshark decrypts) showing the fields we encoded.
#
# Usage: tests/scripts/check_tshark_judge.sh BUILD_DIR
#   (run by scripts/run-tests.sh; BUILD_DIR holds tools/wire_judge, built
#   by `make tools`)
#
# Checks, for every sample frame listed in wire_judge's TSV:
#   - tshark dissects it as SMB2 (smb2 in frame.protocols), or as SMB1
#     (smb) for the SMB1 samples;
#   - no frame in the capture is malformed (_ws.malformed) or carries an
#     expert item of error severity (_ws.expert.severity == 8388608);
#   - smb2.cmd, smb2.flags.response, smb2.nt_status (responses),
#     smb2.msg_id, smb2.sesid, smb2.tid, smb2.dialect (NEGOTIATE),
#     smb2.tag (create context names) and smb2.fid (the FileId as tshark's
#     GUID) equal what the encoder was given;
#   - every further field the sample names (negotiate context types, NTLMSSP
#     message types, FSCTL codes, info classes, ACE types, transform header
#     fields, signature verdicts...) shows the expected values.
# Encrypted and signed samples come with their session keys (wire_judge's
# keys file), given to tshark through the smb2_seskey_list UAT: tshark
# decrypts the transform frames with them (so the inner command it shows
# proves our AES-CCM/GCM output interoperates).  Signature verification is
# switched on too; tshark 4.0 gives no verdict for sessions it did not see
# set up, but a bad signature it does check is an expert item, caught below.
# A sample may say that tshark is known to misread it although its bytes
# follow the specification (the TSV's diverges column, with the reason): its
# fields are still checked, but tshark's malformed mark on it is expected,
# and its absence is reported so the note does not outlive a fixed tshark.
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
"$JUDGE" "$OUT/samples.pcap" "$OUT/expected.tsv" "$OUT/keys.txt" || exit 1

exec "$PY" - "$OUT" <<'EOF_PY'
import os
import subprocess
import sys

SEVERITY_ERROR = 8388608
out = sys.argv[1]
exp_path = os.path.join(out, "expected.tsv")
pcap = os.path.join(out, "samples.pcap")

expected = []
with open(exp_path) as f:
    header = f.readline().rstrip("\n").split("\t")
    for line in f:
        expected.append(dict(zip(header, line.rstrip("\n").split("\t"))))


def parse_checks(s):
    """FIELD=V1|V2;FIELD~V3 -> [(field, subset, [values])]"""
    if s in ("", "-"):
        return []
    out = []
    for item in s.split(";"):
        for op in ("=", "~"):
            k = item.find(op)
            if k > 0:
                out.append((item[:k], op == "~", item[k + 1:].split("|")))
                break
        else:
            raise SystemExit(f"check_tshark_judge: bad check {item!r}")
    return out


BASE = ["frame.number", "frame.protocols", "smb2.cmd", "smb2.flags.response",
        "smb2.nt_status", "smb2.msg_id", "smb2.sesid", "smb2.tid", "smb2.dialect",
        "smb2.tag", "smb2.fid", "_ws.malformed", "_ws.expert.severity",
        "_ws.expert.message"]
extra = []
for e in expected:
    e["_checks"] = parse_checks(e.get("checks", "-"))
    for field, _, _ in e["_checks"]:
        if field not in BASE and field not in extra:
            extra.append(field)
COLS = BASE + extra

cmd = ["tshark", "-2", "-n", "-r", pcap, "-T", "fields", "-E", "separator=/t",
       "-E", "occurrence=a", "-E", "aggregator=|", "-o", "smb2.verify_signatures:TRUE"]
keys_path = os.path.join(out, "keys.txt")
if os.path.exists(keys_path):
    with open(keys_path) as f:
        for line in f:
            line = line.strip()
            if line and "uat:smb2_seskey_list:" + line not in cmd:
                cmd += ["-o", "uat:smb2_seskey_list:" + line]
for c in COLS:
    cmd += ["-e", c]
r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                   universal_newlines=True)
with open(os.path.join(out, "tshark.tsv"), "w") as f:
    f.write(r.stdout)
if r.returncode != 0:
    print("check_tshark_judge: tshark failed:")
    print(r.stderr)
    sys.exit(1)

got = {}
for line in r.stdout.splitlines():
    parts = line.split("\t")
    parts += [""] * (len(COLS) - len(parts))
    row = dict(zip(COLS, parts))
    got[int(row["frame.number"])] = row


def values(s):
    return [v for v in s.split("|") if v != ""]


def to_int(v):
    v = v.strip()
    if v in ("True", "False"):
        return 1 if v == "True" else 0
    return int(v, 0)


def ints(s):
    return [to_int(v) for v in values(s)]


def same(want, have):
    try:
        return to_int(want) == to_int(have)
    except ValueError:
        return want.strip().lower() == have.strip().lower()


problems = []
sample_of = {}
diverges = {}
checked = 0
fields_checked = 0
for e in expected:
    frame = int(e["frame"])
    name = e["name"]
    sample_of[frame] = name
    if e.get("diverges", "-") != "-":
        diverges[frame] = e["diverges"]
    g = got.get(frame)
    checked += 1

    def bad(field, want, have):
        problems.append(f"{name} (frame {frame}): {field}: expected {want}, tshark shows {have or '(nothing)'}")

    if g is None:
        bad("frame", "present", "")
        continue
    protos = g["frame.protocols"].split(":")
    if e["proto"] == "smb":
        if "smb" not in protos:
            bad("protocols", "smb", g["frame.protocols"])
            continue
    elif "smb2" not in protos:
        bad("protocols", "smb2", g["frame.protocols"])
        continue

    if e["proto"] != "smb":
        # The first occurrence is the (first) header.
        def first_int(col):
            v = ints(g[col])
            return v[0] if v else None
        if first_int("smb2.cmd") != int(e["cmd"]):
            bad("smb2.cmd", e["cmd"], g["smb2.cmd"])
        if first_int("smb2.flags.response") != int(e["resp"]):
            bad("smb2.flags.response", e["resp"], g["smb2.flags.response"])
        status = first_int("smb2.nt_status")
        if int(e["resp"]) and status != int(e["status"], 16):
            bad("smb2.nt_status", e["status"], g["smb2.nt_status"])
        if first_int("smb2.msg_id") != int(e["msg_id"]):
            bad("smb2.msg_id", e["msg_id"], g["smb2.msg_id"])
        if first_int("smb2.sesid") != int(e["sesid"], 16):
            bad("smb2.sesid", e["sesid"], g["smb2.sesid"])
        if e["tid"] != "-" and first_int("smb2.tid") != int(e["tid"], 16):
            bad("smb2.tid", e["tid"], g["smb2.tid"])
        if e["dialects"] != "-":
            want = [int(d, 16) for d in e["dialects"].split(",")]
            if ints(g["smb2.dialect"]) != want:
                bad("smb2.dialect", e["dialects"], g["smb2.dialect"])
        if e["ctx"] != "-":
            want = e["ctx"].split(",")
            have = values(g["smb2.tag"])
            # tshark shows a 16-byte name as a GUID (Data1..Data3
            # little-endian); the TSV has the wire bytes in hex.
            def wire_hex(h):
                p = h.lower().split("-")
                if len(p) != 5 or len("".join(p)) != 32:
                    return h
                le = lambda x: bytes.fromhex(x)[::-1].hex()
                return le(p[0]) + le(p[1]) + le(p[2]) + p[3] + p[4]
            norm = [wire_hex(h) for h in have]
            if norm != want:
                bad("smb2.tag", e["ctx"], g["smb2.tag"])
        if e["fid"] != "-":
            have = set(v.lower() for v in values(g["smb2.fid"]))
            if have != {e["fid"]}:
                bad("smb2.fid", e["fid"], g["smb2.fid"])

    for field, subset, want in e["_checks"]:
        fields_checked += 1
        have = values(g[field])
        if subset:
            missing = [w for w in want if not any(same(w, h) for h in have)]
            if missing:
                bad(field, "to include " + "|".join(missing), g[field])
        elif len(have) != len(want) or not all(same(w, h) for w, h in zip(want, have)):
            bad(field, "|".join(want), g[field])

known = 0
for frame in sorted(got):
    g = got[frame]
    who = sample_of.get(frame, "TCP/NBSS")
    if frame in diverges:
        # tshark misreads this spec-conformant frame (see the sample);
        # its fields were checked above, its malformed mark is expected.
        if g["_ws.malformed"]:
            known += 1
            continue
        problems.append(f"{who} (frame {frame}): expected tshark to misread it "
                        f"({diverges[frame]}), but it dissects cleanly: drop the note")
    if g["_ws.malformed"]:
        problems.append(f"{who} (frame {frame}): tshark marks it malformed: {g['_ws.expert.message']}")
    sev = ints(g["_ws.expert.severity"]) if g["_ws.expert.severity"] else []
    msgs = g["_ws.expert.message"].split("|")
    for k, s in enumerate(sev):
        if s == SEVERITY_ERROR:
            m = msgs[k] if k < len(msgs) else "?"
            problems.append(f"{who} (frame {frame}): expert error: {m}")

for p in problems:
    print("MISMATCH " + p)
print(f"check_tshark_judge: {checked} samples, {fields_checked} extra field checks, "
      f"{known} known tshark divergences, {len(problems)} problems")
sys.exit(1 if problems or checked == 0 else 0)
EOF_PY
