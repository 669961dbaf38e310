#!/bin/sh
# The TCP transport under socket_wrapper: runs test_tcp_frames,
# test_tcp_conn and test_fault
# with libsocket_wrapper.so preloaded, listening on the wrapper's
# 127.0.0.10 (and its IPv6 twin fd00::5357:5f0a), so every socket call the
# transport makes (socket, connect, accept4, sendmsg, read, getsockopt...)
# goes through the wrapper's Unix sockets the way the interop tests will.
#
# Usage: tests/scripts/check_tcp_socket_wrapper.sh BUILD_DIR
#   (run by scripts/run-tests.sh; BUILD_DIR holds tests/test_tcp_frames,
#   tests/test_tcp_conn and tests/test_fault)
# Exit 0 when every test passes, 1 otherwise (a missing socket_wrapper is a
# failure too: the interop tests need it).
set -u
B=${1:?build dir}

SW=""
for d in /usr/lib/x86_64-linux-gnu /usr/lib64 /usr/lib /usr/local/lib; do
	if [ -e "$d/libsocket_wrapper.so" ]; then
		SW=$d/libsocket_wrapper.so
		break
	fi
done
[ -n "$SW" ] || { echo "check_tcp_socket_wrapper: libsocket_wrapper.so not found" >&2; exit 1; }

DIR=$(mktemp -d "${TMPDIR:-/tmp}/smbsim-swrap.XXXXXX") || exit 1
trap 'rm -rf "$DIR"' EXIT INT TERM

status=0
for name in test_tcp_frames test_tcp_conn test_fault; do
	T=$B/tests/$name
	[ -x "$T" ] || { echo "check_tcp_socket_wrapper: $T not built" >&2; exit 1; }
	rm -rf "$DIR/sw" "$DIR/cap.pcap"
	mkdir "$DIR/sw" || exit 1
	# SOCKET_WRAPPER_DIR must be short: its paths become Unix socket
	# names.  SOCKET_WRAPPER_DISABLE_DEEPBIND: the wrapper otherwise
	# dlopen()s libc with RTLD_DEEPBIND, which the sanitizer runtime
	# refuses.  The pcap shows that the wrapper really carried the traffic.
	if LD_PRELOAD=$SW SOCKET_WRAPPER_DIR=$DIR/sw SOCKET_WRAPPER_DEFAULT_IFACE=10 \
		SOCKET_WRAPPER_DISABLE_DEEPBIND=1 SOCKET_WRAPPER_PCAP_FILE=$DIR/cap.pcap \
		SMBSIM_TEST_ADDR=127.0.0.10:0 SMBSIM_TEST_ADDR6="[fd00::5357:5f0a]:0" \
		"$T" >"$DIR/log" 2>&1; then
		if [ ! -s "$DIR/cap.pcap" ]; then
			echo "check_tcp_socket_wrapper: $name: socket_wrapper carried no traffic (empty pcap)" >&2
			status=1
			continue
		fi
		echo "$name under socket_wrapper: $(grep -E '^\[  PASSED  \]' "$DIR/log")"
	else
		cat "$DIR/log" >&2
		echo "check_tcp_socket_wrapper: $name failed under socket_wrapper" >&2
		status=1
	fi
done
exit $status
