#!/bin/sh
# The TCP transport under socket_wrapper: runs test_tcp with
# libsocket_wrapper.so preloaded, listening on the wrapper's 127.0.0.10
# (and its IPv6 twin fd00::5357:5f0a), so every socket call the transport
# makes (socket, connect, accept4, sendmsg, read, getsockopt...) goes
# through the wrapper's Unix sockets the way the interop tests will.
#
# Usage: tests/scripts/check_tcp_socket_wrapper.sh BUILD_DIR
#   (run by scripts/run-tests.sh; BUILD_DIR holds tests/test_tcp)
# Exit 0 when every test passes, 1 when one fails, 77 never: a missing
# socket_wrapper is a failure, since the interop tests need it.
set -u
B=${1:?build dir}
T=$B/tests/test_tcp
[ -x "$T" ] || { echo "check_tcp_socket_wrapper: $T not built" >&2; exit 1; }

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

# SOCKET_WRAPPER_DIR must be short: its paths become Unix socket names.
# SOCKET_WRAPPER_DISABLE_DEEPBIND: the wrapper otherwise dlopen()s libc
# with RTLD_DEEPBIND, which the sanitizer runtime refuses.  The pcap shows
# that the wrapper really carried the traffic.
mkdir "$DIR/sw" || exit 1
if LD_PRELOAD=$SW SOCKET_WRAPPER_DIR=$DIR/sw SOCKET_WRAPPER_DEFAULT_IFACE=10 \
	SOCKET_WRAPPER_DISABLE_DEEPBIND=1 SOCKET_WRAPPER_PCAP_FILE=$DIR/cap.pcap \
	SMBSIM_TEST_ADDR=127.0.0.10:0 SMBSIM_TEST_ADDR6="[fd00::5357:5f0a]:0" \
	"$T" >"$DIR/log" 2>&1; then
	if [ ! -s "$DIR/cap.pcap" ]; then
		echo "check_tcp_socket_wrapper: socket_wrapper carried no traffic (empty pcap)" >&2
		exit 1
	fi
	grep -E '^\[  PASSED  \]' "$DIR/log"
	exit 0
fi
cat "$DIR/log" >&2
echo "check_tcp_socket_wrapper: test_tcp failed under socket_wrapper" >&2
exit 1
