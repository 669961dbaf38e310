#!/bin/sh
# Start a private Samba smbd under socket_wrapper.
#
# Usage: scripts/samba-start.sh STATEDIR IFACE USER PASSWORD [SHARE]
#
#   STATEDIR  directory for everything the server writes (created; an
#             existing one is reused, its old smbd must be stopped first)
#   IFACE     socket_wrapper interface number 1..254: smbd is 127.0.0.IFACE
#             (clients must use another number)
#   USER      unix and SMB user (created with useradd when missing)
#   PASSWORD  its SMB password (smbpasswd -a)
#   SHARE     share name, default "share"; its directory is STATEDIR/share
#
# Files made in STATEDIR: smb.conf (server), client.conf (for smbclient and
# smbtorture: `-s STATEDIR/client.conf`), swrap/ (SOCKET_WRAPPER_DIR),
# reuseport_shim.so, pid/ (pid files), log/, private/, ... and env: a
# sourceable file with what a client needs, also printed on stdout:
#   SOCKET_WRAPPER_DIR, SMB_SERVER (127.0.0.IFACE), SMB_SHARE, SMB_USER,
#   SMB_PASSWORD, SMB_CLIENT_CONF, SMB_STATEDIR.
# Optional, from the environment (the torture harness uses them):
#   SAMBA_EXTRA_IFACES="N..."  further addresses 127.0.0.N smbd also serves
#                              (multi-channel)
#   SAMBA_EXTRA_USER=NAME:PASS a second user
#   SAMBA_TORTURE_SHARES=1     also share "enc" (smb encrypt = required) and
#                              "ro" (read only), directories STATEDIR/enc, ro
# A client runs with LD_PRELOAD=libsocket_wrapper.so,
# SOCKET_WRAPPER_DIR=... and SOCKET_WRAPPER_DEFAULT_IFACE=<another number>.
#
# Waits (bounded, 30 s) until smbd listens on port 445 of its address; exits
# non-zero and prints the smbd log when it does not.  Stop it with
# scripts/samba-stop.sh STATEDIR.
set -eu

if [ $# -lt 4 ] || [ $# -gt 5 ]; then
	echo "usage: $0 STATEDIR IFACE USER PASSWORD [SHARE]" >&2
	exit 2
fi
STATEDIR=$1
IFACE=$2
SMBUSER=$3
SMBPASS=$4
SHARE=${5:-share}
HERE=$(cd "$(dirname "$0")" && pwd)

case $IFACE in
'' | *[!0-9]*) echo "$0: IFACE must be a number 1..254" >&2; exit 2 ;;
esac
if [ "$IFACE" -lt 1 ] || [ "$IFACE" -gt 254 ]; then
	echo "$0: IFACE must be a number 1..254" >&2
	exit 2
fi

SWRAP=$(for d in /usr/lib/x86_64-linux-gnu /usr/lib64 /usr/lib /usr/local/lib; do
	[ -e "$d/libsocket_wrapper.so" ] && { echo "$d/libsocket_wrapper.so"; break; }
done)
[ -n "$SWRAP" ] || SWRAP=libsocket_wrapper.so

mkdir -p "$STATEDIR"
STATEDIR=$(cd "$STATEDIR" && pwd)
for d in swrap pid lock state cache private ncalrpc binddns log share enc ro; do
	mkdir -p "$STATEDIR/$d"
done
# smbd serves the share as USER: the share and the path to it must be
# reachable for that user (a mktemp -d parent is 0700: make it 0755).
chmod 0755 "$STATEDIR"
chmod 0777 "$STATEDIR/share" "$STATEDIR/enc" "$STATEDIR/ro"
IFACES="127.0.0.$IFACE/8"
for n in ${SAMBA_EXTRA_IFACES:-}; do
	IFACES="$IFACES 127.0.0.$n/8"
done
# Stale socket files from an earlier run would make the wait below succeed.
rm -f "$STATEDIR"/swrap/*

if [ -f "$STATEDIR/pid/smbd.pid" ] &&
	kill -0 "$(cat "$STATEDIR/pid/smbd.pid")" 2>/dev/null; then
	echo "$0: an smbd already runs for $STATEDIR; stop it first" >&2
	exit 1
fi

# The SO_REUSEPORT shim (see scripts/shim/reuseport_shim.c).
SHIM=$STATEDIR/reuseport_shim.so
if [ ! -f "$SHIM" ] || [ "$HERE/shim/reuseport_shim.c" -nt "$SHIM" ]; then
	cc -shared -fPIC -O2 -o "$SHIM" "$HERE/shim/reuseport_shim.c" -ldl
fi

# VFS modules for streams and xattrs (REAL-PEERS.md) live in Debian's
# samba-vfs-modules package; without it smbd refuses the share, so use them
# only when present and say so otherwise.
MODDIR=$(smbd -b 2>/dev/null | sed -n 's/^ *MODULESDIR: *//p')
VFS=""
for m in streams_xattr acl_xattr xattr_tdb; do
	if [ -f "${MODDIR:-/usr/lib/x86_64-linux-gnu/samba}/vfs/$m.so" ]; then
		VFS="$VFS $m"
	else
		echo "$0: note: VFS module $m missing (package samba-vfs-modules); share runs without it" >&2
	fi
done

paths() {
	cat <<EOC
	lock directory = $STATEDIR/lock
	state directory = $STATEDIR/state
	cache directory = $STATEDIR/cache
	pid directory = $STATEDIR/pid
	private dir = $STATEDIR/private
	ncalrpc dir = $STATEDIR/ncalrpc
	binddns dir = $STATEDIR/binddns
	passdb backend = tdbsam:$STATEDIR/private/passdb.tdb
EOC
}

{
	echo "[global]"
	paths
	cat <<EOC
	log file = $STATEDIR/log/log.%m
	server role = standalone server
	workgroup = SMBSIM
	netbios name = SMBSIMSAMBA
	disable netbios = yes
	smb ports = 445
	load printers = no
	printcap name = /dev/null
	disable spoolss = yes
	server min protocol = SMB2_02
	server max protocol = SMB3_11
	server multi channel support = yes
	smb2 leases = yes
	kernel oplocks = no
	kernel share modes = no
	posix locking = no
	durable handles = yes
	kernel change notify = no
	map to guest = Never
	interfaces = $IFACES
	bind interfaces only = yes

[$SHARE]
	path = $STATEDIR/share
	read only = no
	guest ok = no
	vfs objects =$VFS
	xattr_tdb:file = $STATEDIR/state/xattr.tdb
	ea support = yes
EOC
	if [ -n "${SAMBA_TORTURE_SHARES:-}" ]; then
		cat <<EOC

[enc]
	path = $STATEDIR/enc
	read only = no
	smb encrypt = required

[ro]
	path = $STATEDIR/ro
	read only = yes
EOC
	fi
} >"$STATEDIR/smb.conf"

{
	echo "[global]"
	paths
	cat <<EOC
	log file = $STATEDIR/log/client.log
	workgroup = SMBSIM
	disable netbios = yes
	client min protocol = SMB2_02
	client max protocol = SMB3_11
	interfaces = 127.0.0.$IFACE/8
EOC
} >"$STATEDIR/client.conf"

if ! id "$SMBUSER" >/dev/null 2>&1; then
	useradd -M -d "$STATEDIR/share" -s /usr/sbin/nologin "$SMBUSER"
fi
printf '%s\n%s\n' "$SMBPASS" "$SMBPASS" |
	smbpasswd -c "$STATEDIR/smb.conf" -s -a "$SMBUSER" >"$STATEDIR/log/smbpasswd.log" 2>&1 || {
	cat "$STATEDIR/log/smbpasswd.log" >&2
	exit 1
}

if [ -n "${SAMBA_EXTRA_USER:-}" ]; then
	u2=${SAMBA_EXTRA_USER%%:*}
	p2=${SAMBA_EXTRA_USER#*:}
	id "$u2" >/dev/null 2>&1 || useradd -M -d "$STATEDIR/share" -s /usr/sbin/nologin "$u2"
	printf '%s\n%s\n' "$p2" "$p2" |
		smbpasswd -c "$STATEDIR/smb.conf" -s -a "$u2" >>"$STATEDIR/log/smbpasswd.log" 2>&1 || {
		cat "$STATEDIR/log/smbpasswd.log" >&2
		exit 1
	}
fi

# Not --no-process-group: smbd makes its own process group, so its SIGTERM
# to the group does not reach our caller.
LD_PRELOAD="$SHIM:$SWRAP" \
SOCKET_WRAPPER_DIR="$STATEDIR/swrap" \
SOCKET_WRAPPER_DEFAULT_IFACE="$IFACE" \
	smbd -F --debug-stdout -d 1 -s "$STATEDIR/smb.conf" \
	</dev/null >"$STATEDIR/log/smbd.out" 2>&1 &
echo $! >"$STATEDIR/pid/smbd.launch.pid"

# socket_wrapper names a listening TCP socket T<iface %02X><port %04X>.
SOCKFILE=$STATEDIR/swrap/$(printf 'T%02X%04X' "$IFACE" 445)
deadline=$(($(date +%s) + 30))
while [ ! -S "$SOCKFILE" ]; do
	if ! kill -0 "$(cat "$STATEDIR/pid/smbd.launch.pid")" 2>/dev/null; then
		echo "$0: smbd exited during start-up:" >&2
		cat "$STATEDIR/log/smbd.out" >&2
		exit 1
	fi
	if [ "$(date +%s)" -ge "$deadline" ]; then
		echo "$0: smbd did not listen within 30 s:" >&2
		cat "$STATEDIR/log/smbd.out" >&2
		"$HERE/samba-stop.sh" "$STATEDIR" || true
		exit 1
	fi
	sleep 0.1
done

cat >"$STATEDIR/env" <<EOE
SOCKET_WRAPPER_DIR=$STATEDIR/swrap
SMB_SERVER=127.0.0.$IFACE
SMB_SHARE=$SHARE
SMB_USER=$SMBUSER
SMB_PASSWORD=$SMBPASS
SMB_CLIENT_CONF=$STATEDIR/client.conf
SMB_STATEDIR=$STATEDIR
EOE
cat "$STATEDIR/env"
