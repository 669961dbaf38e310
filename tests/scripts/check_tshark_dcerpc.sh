#!/bin/sh
# The tshark judge for lib/rpc: tools/rpc_judge writes a pcap where a client
# binds to srvsvc over an SMB2 named pipe and asks NetrShareEnum, every
# DCE/RPC PDU made by lib/rpc (bind and request by the client encoders,
# bind_ack and response by the pipe server, in SMB2 WRITE requests and READ
# responses).  tshark must:
#   - find no malformed frame and no expert item of error severity;
#   - dissect a bind (11), a bind_ack (12) accepting 32-bit NDR, a request
#     (0) and a response (2), each as DCERPC version 5.0;
#   - show the NetShareEnumAll response (opnum 15) listing exactly the
#     shares rpc_judge configured (name, type, remark), with WERR_OK.
# Usage: tests/scripts/check_tshark_dcerpc.sh BUILD_DIR
set -u
B=${1:?usage: $0 BUILD_DIR}
JUDGE=$B/tools/rpc_judge

if [ ! -x "$JUDGE" ]; then
	echo "check_tshark_dcerpc: $JUDGE missing (make tools)"
	exit 1
fi
if ! command -v tshark >/dev/null 2>&1; then
	echo "check_tshark_dcerpc: tshark not installed (scripts/install-deps.sh)"
	exit 1
fi
OUT=$B/tshark-dcerpc
mkdir -p "$OUT"
"$JUDGE" "$OUT/rpc.pcap" >"$OUT/expected.tsv" || {
	echo "check_tshark_dcerpc: rpc_judge failed"
	exit 1
}
fail=0

bad=$(tshark -r "$OUT/rpc.pcap" -Y '_ws.malformed || _ws.expert.severity == 8388608' \
	-T fields -e frame.number 2>/dev/null)
if [ -n "$bad" ]; then
	echo "malformed or error-level expert items in frames: $bad"
	tshark -r "$OUT/rpc.pcap" -Y '_ws.malformed || _ws.expert.severity == 8388608' -V 2>/dev/null |
		grep -i -E 'malformed|expert|error' | head -20
	fail=1
fi

# One line per DCE/RPC PDU: type, version, minor, ack result, transfer syntax
tshark -r "$OUT/rpc.pcap" -Y dcerpc -T fields -E separator=, \
	-e dcerpc.pkt_type -e dcerpc.ver -e dcerpc.ver_minor -e dcerpc.cn_ack_result \
	2>/dev/null >"$OUT/pdus.txt"
want=$(printf '11,5,0,\n12,5,0,0\n0,5,0,\n2,5,0,')
got=$(cat "$OUT/pdus.txt")
if [ "$got" != "$want" ]; then
	echo "DCE/RPC PDUs: expected"
	echo "$want"
	echo "tshark shows"
	echo "$got"
	fail=1
fi
if ! tshark -r "$OUT/rpc.pcap" -Y 'dcerpc.pkt_type == 12' -V 2>/dev/null |
	grep -q '32bit NDR'; then
	echo "bind_ack: tshark does not show the 32bit NDR transfer syntax"
	fail=1
fi

# The shares of the response, as tshark reads them
tshark -r "$OUT/rpc.pcap" -Y 'srvsvc.opnum == 15 && dcerpc.pkt_type == 2' -T fields \
	-E occurrence=a -E aggregator='|' \
	-e srvsvc.srvsvc_NetShareInfo1.name -e srvsvc.srvsvc_NetShareInfo1.type \
	-e srvsvc.srvsvc_NetShareInfo1.comment -e srvsvc.werror \
	2>/dev/null >"$OUT/shares.txt"
names=$(cut -f1 "$OUT/expected.tsv" | paste -sd'|')
types=$(cut -f2 "$OUT/expected.tsv" | paste -sd'|')
remarks=$(cut -f3 "$OUT/expected.tsv" | paste -sd'|')
want=$(printf '%s\t%s\t%s\t0x00000000' "$names" "$types" "$remarks")
got=$(cat "$OUT/shares.txt")
if [ "$got" != "$want" ]; then
	echo "NetShareEnumAll response: expected"
	echo "$want"
	echo "tshark shows"
	echo "$got"
	fail=1
fi
if [ "$fail" -eq 0 ]; then
	echo "check_tshark_dcerpc: bind, bind_ack, request and response dissected cleanly; shares $names"
fi
exit "$fail"
