#!/bin/sh
# Install the Debian packages smbsim needs.  Quick no-op when all are present.
# Usage: scripts/install-deps.sh [--check]   (--check: only report what is missing)
set -eu

PKGS="
build-essential pkg-config clang libclang-rt-14-dev
libssl-dev openssl
libevent-dev
libcmocka-dev
libpcap-dev
libibverbs-dev librdmacm-dev
liblmdb-dev
libjansson-dev
libsocket-wrapper libnss-wrapper libuid-wrapper
python3 python3-jinja2 python3-matplotlib
chromium
samba samba-vfs-modules smbclient
tshark
"

missing=""
for p in $PKGS; do
    st=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
    case "$st" in
        *"install ok installed"*) ;;
        *) missing="$missing $p" ;;
    esac
done

if [ -z "$missing" ]; then
    echo "install-deps: all packages present"
    exit 0
fi

if [ "${1:-}" = "--check" ]; then
    echo "install-deps: missing:$missing"
    exit 1
fi

echo "install-deps: installing:$missing"
SUDO=""
if [ "$(id -u)" != 0 ]; then
    SUDO="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
# wireshark-common asks whether non-root users may capture; answer no.
echo "wireshark-common wireshark-common/install-setuid boolean false" | $SUDO debconf-set-selections 2>/dev/null || true
$SUDO apt-get update -qq
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing
echo "install-deps: done"
