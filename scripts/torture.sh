#!/bin/sh
# make torture: the suites against any server, then the report.
# Usage: scripts/torture.sh BUILD_DIR TARGET USER PROFILE SUITES [smbsim-torture options...]
#   TARGET  //HOST[:PORT]/SHARE        USER  NAME%PASSWORD (may be empty)
#   PROFILE a target profile or empty  SUITES "all" or SUITE[.TEST] list
# Writes reports/out/LABEL.json, LABEL.junit.xml, pcaps/LABEL/ and
# reports/out/index.html (with every run's JSON found there).
set -u
B=${1:?build dir}
TARGET=${2:-}
USERPW=${3:-}
PROFILE=${4:-}
SUITES=${5:-all}
shift 5 2>/dev/null || shift $#
if [ -z "$TARGET" ]; then
	echo "usage: make torture TARGET=//HOST[:PORT]/SHARE USER=NAME%PASSWORD [PROFILE=FILE] [SUITES=...] [OPTIONS=...]" >&2
	exit 2
fi
HOST=$(echo "$TARGET" | sed 's|^[/\\]*||; s|[/\\].*||; s|:.*||')
LABEL=${PROFILE:+$(basename "$PROFILE" .conf)}
LABEL=${LABEL:-$HOST}
OUT=reports/out
mkdir -p "$OUT/pcaps/$LABEL"
# shellcheck disable=SC2086
"$B/bin/smbsim-torture" "$TARGET" ${USERPW:+-U "$USERPW"} ${PROFILE:+--profile "$PROFILE"} \
	--label "$LABEL" --json "$OUT/$LABEL.json" --junit "$OUT/$LABEL.junit.xml" \
	--pcap-dir "$OUT/pcaps/$LABEL" "$@" $SUITES
rc=$?
rmdir "$OUT/pcaps/$LABEL" 2>/dev/null
if [ -x reports/smbsim-report ]; then
	reports/smbsim-report -o "$OUT" "$OUT"/*.json && reports/smbsim-report --summary "$OUT"/*.json
fi
echo "results: $OUT/$LABEL.json, $OUT/$LABEL.junit.xml; report: $OUT/index.html"
exit $rc
