#!/bin/sh
# bench_server.sh BUILD_DIR: smbsim-server beside Samba smbd on the same
# machine, in the same run, through the same client (bench/bench_server,
# the reference client library), with raw loopback TCP as the limit.
#
#   sequential write and read of one file in 1 MiB requests, BENCH_DEPTH
#   (default 4) in flight; CREATE+CLOSE pairs per second, one at a time;
#   memory per idle connection (session and tree connected): the growth
#   of the server's processes (smbd forks one per connection) over
#   BENCH_CONNS (default 100) connections, as USS (private pages only:
#   what a forked smbd child still shares with its parent is not new
#   memory, the fair figure for a forking server) and as RSS (which counts
#   those shared pages again in every child).
#
# Both servers listen on 127.0.0.1 on free ports, outside socket_wrapper
# (REAL-PEERS.md: it costs three quarters of the throughput); Samba runs
# with its default share settings (bench/samba-bench.sh).  The file is
# BENCH_SIZE bytes (default 1 GiB, as issue 3 asks; smaller for a quick
# run) in BENCH_DIR (default /dev/shm, a tmpfs, so that the disk is not
# what is measured; the table says which file system it was).  Each figure
# is the best of BENCH_ROUNDS (default 3) rounds in which the two servers
# alternate; create+close runs BENCH_SECONDS (default 2) per round.
#
# Ratios are smbsim / Samba (for memory, lower is better) and smbsim read /
# raw TCP.  A figure smbsim-server cannot give yet (a handler answering
# STATUS_NOT_IMPLEMENTED) reads "n/a (handler missing)".  Benchmarks never
# fail `make bench`: this script reports and exits 0.
set -u
B=${1:-build/release}
SIZE=${BENCH_SIZE:-1073741824}
DEPTH=${BENCH_DEPTH:-4}
ROUNDS=${BENCH_ROUNDS:-3}
SECS=${BENCH_SECONDS:-2}
CONNS=${BENCH_CONNS:-100}
BASE=${BENCH_DIR:-/dev/shm}
USER_=smbbench
PASS=benchpass
PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3
HERE=$(cd "$(dirname "$0")" && pwd)
BS=$B/bench/bench_server
BT=$B/bench/bench_tcp
SRV=$B/bin/smbsim-server
# The longest wait for smbsim-server's control socket (tries of 50 ms).
READY_TRIES=200

say() { echo "bench_server: $*"; }
for f in "$BS" "$BT" "$SRV"; do
	[ -x "$f" ] || { say "$f not built (make VARIANT=release all)"; exit 0; }
done
for v in "$SIZE" "$DEPTH" "$ROUNDS" "$SECS" "$CONNS"; do
	case $v in '' | *[!0-9]*) say "BENCH_* settings must be numbers"; exit 0 ;; esac
done
[ -d "$BASE" ] && [ -w "$BASE" ] || BASE=${TMPDIR:-/tmp}
FSTYPE=$(stat -f -c %T "$BASE" 2>/dev/null || echo unknown)
# The read file and one written file per server at a time.
need_kib=$((SIZE / 1024 * 3 + 1024))
avail_kib=$(df -Pk "$BASE" | awk 'NR == 2 { print $4 }')
if [ "${avail_kib:-0}" -lt "$need_kib" ]; then
	say "$BASE has ${avail_kib:-0} KiB free, $need_kib needed: set BENCH_DIR or BENCH_SIZE"
	exit 0
fi

T=$(mktemp -d "$BASE/smbsim-bench.XXXXXX") || { say "mktemp in $BASE failed"; exit 0; }
chmod 0755 "$T"
SPID=""
SAMBA=""
cleanup() {
	[ -n "$SPID" ] && kill "$SPID" 2>/dev/null && wait "$SPID" 2>/dev/null
	[ -n "$SAMBA" ] && "$HERE/../scripts/samba-stop.sh" "$T/samba"
	rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 0' INT TERM

# One line to smbsim-server's control socket, its answer on stdout.
ctl() {
	$PY - "$T/ctl" "$1" <<'PYEOF'
import socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
s.settimeout(10)
s.connect(sys.argv[1])
s.sendall((sys.argv[2] + "\n").encode())
print(s.makefile().readline().strip())
PYEOF
}

# ---- the servers -------------------------------------------------------
mkdir "$T/smbsim" "$T/samba-share" && chmod 0777 "$T/smbsim" "$T/samba-share" || exit 0
head -c "$SIZE" /dev/zero >"$T/read.bin" && chmod 0644 "$T/read.bin" &&
	ln "$T/read.bin" "$T/smbsim/read.bin" && ln "$T/read.bin" "$T/samba-share/read.bin" ||
	{ say "cannot prepare the $SIZE-byte file in $T"; exit 0; }

SPORT=$("$BT" free-port) || exit 0
"$SRV" --listen "127.0.0.1:$SPORT" --share "share=$T/smbsim" --user "$USER_:$PASS" \
	--control "$T/ctl" >"$T/smbsim.log" 2>&1 &
SPID=$!
i=0
until [ "$(ctl ready 2>/dev/null)" = ready ]; do
	i=$((i + 1))
	if [ $i -gt $READY_TRIES ] || ! kill -0 "$SPID" 2>/dev/null; then
		say "smbsim-server did not become ready:"
		cat "$T/smbsim.log"
		exit 0
	fi
	$PY -c 'import select; select.select([], [], [], 0.05)'
done

SAMBA_VER=""
if command -v smbd >/dev/null 2>&1; then
	APORT=$("$BT" free-port) || exit 0
	if APID=$(sh "$HERE/samba-bench.sh" "$T/samba" "$APORT" "$USER_" "$PASS" \
		"$T/samba-share" share 2>"$T/samba-start.err"); then
		SAMBA=$APID
		SAMBA_VER=$(smbd -V 2>/dev/null | sed 's/^Version //')
	else
		say "Samba smbd did not start:"
		cat "$T/samba-start.err"
	fi
else
	say "smbd is not installed (Debian package samba): no Samba figures"
fi

# ---- measurements ------------------------------------------------------
# Results live in variables val_<figure>_<server> (best so far) and
# why_<figure>_<server> (why there is none).

# keep FIGURE SERVER VALUE HIGHER_IS_BETTER
keep() {
	eval "old=\${val_$1_$2:-}"
	if [ -z "$old" ] || awk -v n="$3" -v o="$old" -v h="$4" \
		'BEGIN { exit !((h && n + 0 > o + 0) || (!h && n + 0 < o + 0)) }'; then
		eval "val_$1_$2=\$3"
	fi
}

# run FIGURE SERVER KEY HIGHER_IS_BETTER MODE HOSTPORT [options]: one
# bench_server run; its KEY becomes the figure, or the reason there is none.
run() {
	fig=$1 srv=$2 key=$3 hib=$4 mode=$5 hp=$6
	shift 6
	out=$("$BS" "$mode" "$hp" share "$USER_" "$PASS" "$@" 2>"$T/err")
	rc=$?
	if [ $rc -eq 0 ]; then
		keep "$fig" "$srv" "$(printf '%s\n' "$out" | awk -v k="$key" '$1 == k { print $2 }')" "$hib"
		[ "$key" = uss_kib_per_conn ] &&
			keep rss "$srv" "$(printf '%s\n' "$out" | awk '$1 == "rss_kib_per_conn" { print $2 }')" 0
	elif [ $rc -eq 3 ]; then
		eval "why_${fig}_$srv='n/a (handler missing)'"
	else
		eval "why_${fig}_$srv='n/a (failed)'"
		say "$srv $mode: $(head -n 1 "$T/err")"
	fi
}

r=0
while [ $r -lt "$ROUNDS" ]; do
	tcp=$("$BT" throughput "$SIZE" | awk '$1 == "tcp_mb_per_s" { print $2 }')
	[ -n "$tcp" ] && keep tcp raw "$tcp" 1
	for srv in smbsim samba; do
		if [ "$srv" = smbsim ]; then
			hp=127.0.0.1:$SPORT share_dir=$T/smbsim
		else
			[ -n "$SAMBA" ] || continue
			hp=127.0.0.1:$APORT share_dir=$T/samba-share
		fi
		run write "$srv" mb_per_s 1 write "$hp" --file write.bin --size "$SIZE" --depth "$DEPTH"
		rm -f "$share_dir/write.bin"
		run read "$srv" mb_per_s 1 read "$hp" --file read.bin --size "$SIZE" --depth "$DEPTH"
		run cc "$srv" pairs_per_s 1 create-close "$hp" --file cc.bin --seconds "$SECS"
	done
	r=$((r + 1))
done
run uss smbsim uss_kib_per_conn 0 idle-conns "127.0.0.1:$SPORT" --conns "$CONNS" --pid "$SPID"
[ -n "$SAMBA" ] &&
	run uss samba uss_kib_per_conn 0 idle-conns "127.0.0.1:$APORT" --conns "$CONNS" --pid "$SAMBA"

# ---- the table ---------------------------------------------------------
# row LABEL FIGURE UNIT TARGET: smbsim, Samba, ratio smbsim / Samba, and a
# note when the ratio misses the target (>= 1 for speed, <= 1 for memory).
row() {
	eval "o=\${val_$2_smbsim:-} s=\${val_$2_samba:-}"
	eval "wo=\${why_$2_smbsim:-n/a} ws=\${why_$2_samba:-n/a}"
	[ -n "$SAMBA" ] || ws="n/a (no smbd)"
	awk -v l="$1" -v o="$o" -v s="$s" -v u="$3" -v t="$4" -v wo="$wo" -v ws="$ws" 'BEGIN {
		a = o == "" ? wo : sprintf("%.1f %s", o, u);
		b = s == "" ? ws : sprintf("%.1f %s", s, u);
		r = "";
		if (o != "" && s != "" && s + 0 > 0) {
			q = o / s;
			r = sprintf("%.3f", q);
			if ((t == "ge" && q < 1) || (t == "le" && q > 1))
				r = r "  (target " (t == "ge" ? ">=" : "<=") " 1)";
		}
		printf "%-24s %-24s %-26s %s\n", l, a, b, r;
	}'
}

echo "127.0.0.1 loopback (no socket_wrapper), SMB dialect 3.1.1 unsigned and unencrypted,"
echo "$((SIZE / 1048576)) MiB file on $FSTYPE ($BASE), 1 MiB requests, $DEPTH in flight,"
echo "best of $ROUNDS rounds (servers alternating); MB = 10^6 bytes; $CONNS idle connections"
printf '%-24s %-24s %-26s %s\n' "" "smbsim-server" "Samba ${SAMBA_VER:-}" "smbsim / Samba"
row "sequential write" write "MB/s" ge
row "sequential read" read "MB/s" ge
row "create+close" cc "pairs/s" ge
row "memory/idle conn (USS)" uss "KiB" le
row "memory/idle conn (RSS)" rss "KiB" le
awk -v t="${val_tcp_raw:-}" -v o="${val_read_smbsim:-}" -v s="${val_read_samba:-}" 'BEGIN {
	if (t == "") { print "raw loopback TCP: n/a (bench_tcp failed)"; exit }
	printf "%-24s %.1f MB/s (one stream, 1 MiB writes)\n", "raw loopback TCP", t;
	if (o != "")
		printf "%-24s %.3f%s\n", "smbsim read / raw TCP", o / t,
		       (o / t >= 0.70) ? "" : "  (target >= 0.70)";
	else
		printf "%-24s n/a\n", "smbsim read / raw TCP";
	if (s != "")
		printf "%-24s %.3f\n", "Samba read / raw TCP", s / t;
}'

# ---- stop --------------------------------------------------------------
if [ "$(ctl shutdown 2>/dev/null)" = bye ]; then
	wait "$SPID"
	rc=$?
	[ $rc -eq 0 ] || say "smbsim-server exited $rc"
else
	say "smbsim-server did not answer shutdown"
	kill "$SPID" 2>/dev/null
	wait "$SPID" 2>/dev/null
fi
SPID=""
exit 0
