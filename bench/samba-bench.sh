#!/bin/sh
# Start a private Samba smbd on plain loopback for the benchmarks (not
# under socket_wrapper, which costs three quarters of the throughput:
# REAL-PEERS.md).  scripts/samba-start.sh is the socket_wrapper variant
# for the tests; this one shares its state layout, so
# scripts/samba-stop.sh STATEDIR stops it.
#
# Usage: bench/samba-bench.sh STATEDIR PORT USER PASSWORD SHAREPATH [SHARE]
#
#   STATEDIR   directory for everything smbd writes (created)
#   PORT       TCP port on 127.0.0.1 (`smb ports`)
#   USER       unix and SMB user (created with useradd when missing)
#   PASSWORD   its SMB password
#   SHAREPATH  the directory served (must be writable by USER)
#   SHARE      share name, default "share"
#
# The share has Samba's defaults (no extra VFS modules), unsigned and
# unencrypted unless the client asks: the configuration a benchmark should
# hold us against.  Prints smbd's pid once it listens (bounded wait, 30 s);
# exits non-zero with the smbd log when it does not.
set -eu

if [ $# -lt 5 ] || [ $# -gt 6 ]; then
	echo "usage: $0 STATEDIR PORT USER PASSWORD SHAREPATH [SHARE]" >&2
	exit 2
fi
STATEDIR=$1
PORT=$2
SMBUSER=$3
SMBPASS=$4
SHAREPATH=$5
SHARE=${6:-share}
HERE=$(cd "$(dirname "$0")" && pwd)
WAIT_S=30

case $PORT in
'' | *[!0-9]*) echo "$0: PORT must be a number 1..65535" >&2; exit 2 ;;
esac
if [ "$PORT" -lt 1 ] || [ "$PORT" -gt 65535 ]; then
	echo "$0: PORT must be a number 1..65535" >&2
	exit 2
fi
[ -d "$SHAREPATH" ] || { echo "$0: $SHAREPATH is not a directory" >&2; exit 2; }

mkdir -p "$STATEDIR"
STATEDIR=$(cd "$STATEDIR" && pwd)
SHAREPATH=$(cd "$SHAREPATH" && pwd)
for d in pid lock state cache private ncalrpc binddns log; do
	mkdir -p "$STATEDIR/$d"
done
chmod 0755 "$STATEDIR"

if [ -f "$STATEDIR/pid/smbd.pid" ] &&
	kill -0 "$(cat "$STATEDIR/pid/smbd.pid")" 2>/dev/null; then
	echo "$0: an smbd already runs for $STATEDIR; stop it first" >&2
	exit 1
fi

cat >"$STATEDIR/smb.conf" <<EOC
[global]
	lock directory = $STATEDIR/lock
	state directory = $STATEDIR/state
	cache directory = $STATEDIR/cache
	pid directory = $STATEDIR/pid
	private dir = $STATEDIR/private
	ncalrpc dir = $STATEDIR/ncalrpc
	binddns dir = $STATEDIR/binddns
	passdb backend = tdbsam:$STATEDIR/private/passdb.tdb
	log file = $STATEDIR/log/log.%m
	server role = standalone server
	workgroup = SMBSIM
	netbios name = SMBSIMBENCH
	disable netbios = yes
	smb ports = $PORT
	interfaces = 127.0.0.1/8
	bind interfaces only = yes
	load printers = no
	printcap name = /dev/null
	disable spoolss = yes
	server min protocol = SMB2_02
	server max protocol = SMB3_11
	map to guest = Never

[$SHARE]
	path = $SHAREPATH
	read only = no
	guest ok = no
EOC

if ! id "$SMBUSER" >/dev/null 2>&1; then
	useradd -M -d "$SHAREPATH" -s /usr/sbin/nologin "$SMBUSER"
fi
printf '%s\n%s\n' "$SMBPASS" "$SMBPASS" |
	smbpasswd -c "$STATEDIR/smb.conf" -s -a "$SMBUSER" >"$STATEDIR/log/smbpasswd.log" 2>&1 || {
	cat "$STATEDIR/log/smbpasswd.log" >&2
	exit 1
}

# Not --no-process-group (REAL-PEERS.md): smbd's SIGTERM to its group must
# not reach our caller.  -F keeps it in the foreground: $! is the parent
# of every per-connection smbd, which is what the memory figure sums.
smbd -F --debug-stdout -d 1 -s "$STATEDIR/smb.conf" </dev/null >"$STATEDIR/log/smbd.out" 2>&1 &
PID=$!
echo "$PID" >"$STATEDIR/pid/smbd.launch.pid"

# smbd says nothing when it listens: look for the listening socket
# (127.0.0.1 is 0100007F in /proc/net/tcp; state 0A is LISTEN).
want=$(printf '0100007F:%04X' "$PORT")
deadline=$(($(date +%s) + WAIT_S))
until awk -v w="$want" '$2 == w && $4 == "0A" { f = 1 } END { exit !f }' /proc/net/tcp; do
	if ! kill -0 "$PID" 2>/dev/null; then
		echo "$0: smbd exited during start-up:" >&2
		cat "$STATEDIR/log/smbd.out" >&2
		exit 1
	fi
	if [ "$(date +%s)" -ge "$deadline" ]; then
		echo "$0: smbd did not listen on 127.0.0.1:$PORT within $WAIT_S s:" >&2
		cat "$STATEDIR/log/smbd.out" >&2
		"$HERE/../scripts/samba-stop.sh" "$STATEDIR" || true
		exit 1
	fi
	sleep 0.1
done
echo "$PID"
