#!/bin/sh
# Stop the smbd (and the samba-dcerpcd it may have spawned) that
# scripts/samba-start.sh started in STATEDIR, by their pid files.
#
# Usage: scripts/samba-stop.sh STATEDIR
#
# Sends SIGTERM, waits up to 10 s for each process to go, then SIGKILL.
# Succeeds when nothing is left running (also when nothing ran).
set -u
STATEDIR=${1:?usage: $0 STATEDIR}
PIDDIR=$STATEDIR/pid
[ -d "$PIDDIR" ] || exit 0

# samba-dcerpcd first (smbd may respawn it while it runs), then smbd: the
# pid file smbd writes itself and the one samba-start.sh recorded.
pids=""
for f in "$PIDDIR"/samba-dcerpcd*.pid "$PIDDIR"/smbd*.pid; do
	[ -f "$f" ] || continue
	p=$(head -n 1 "$f" | tr -cd 0-9)
	[ -n "$p" ] && pids="$pids $p"
done

stopped=""
for p in $pids; do
	case " $stopped " in *" $p "*) continue ;; esac
	stopped="$stopped $p"
	kill -0 "$p" 2>/dev/null || continue
	kill -TERM "$p" 2>/dev/null || continue
	deadline=$(($(date +%s) + 10))
	while kill -0 "$p" 2>/dev/null; do
		# A zombie of ours counts as gone.
		case $(ps -o stat= -p "$p" 2>/dev/null) in Z*) break ;; esac
		if [ "$(date +%s)" -ge "$deadline" ]; then
			kill -KILL "$p" 2>/dev/null
			break
		fi
		sleep 0.1
	done
done
rm -f "$PIDDIR"/*.pid
exit 0
