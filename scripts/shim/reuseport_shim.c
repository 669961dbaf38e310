/*
 * LD_PRELOAD shim for running smbd under socket_wrapper on Linux 6.x.
 *
 * socket_wrapper stands in Unix sockets for IP endpoints.  The kernel
 * answers SO_REUSEPORT on a Unix socket with EOPNOTSUPP and socket_wrapper
 * 1.3.5 passes that through, so smbd aborts with "open_socket_in failed:
 * Operation not supported".  This shim sits before socket_wrapper in
 * LD_PRELOAD and turns exactly that one failure into success; every other
 * call and every other error is passed on unchanged.
 *
 * Built by scripts/samba-start.sh with `cc -shared -fPIC -ldl`.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <sys/socket.h>

int setsockopt(int fd, int level, int name, const void *val, socklen_t len)
{
	static int (*next)(int, int, int, const void *, socklen_t);
	int rc;

	if (!next) {
		next = (int (*)(int, int, int, const void *, socklen_t))
			dlsym(RTLD_NEXT, "setsockopt");
		if (!next) {
			errno = ENOSYS;
			return -1;
		}
	}
	rc = next(fd, level, name, val, len);
	if (rc != 0 && level == SOL_SOCKET && name == SO_REUSEPORT &&
	    errno == EOPNOTSUPP)
		return 0;
	return rc;
}
