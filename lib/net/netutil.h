/*
 * Small helpers shared by the transports in lib/net/.
 */
#ifndef SMBSIM_NET_NETUTIL_H
#define SMBSIM_NET_NETUTIL_H

#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/uio.h>

/* Total length of iov[0..iovcnt) into *out: 0, or -EINVAL for a negative
 * count, a NULL array with entries, or a sum that does not fit a size_t. */
static inline int smb_iov_total(const struct iovec *iov, int iovcnt, size_t *out)
{
	size_t total = 0;

	if (iovcnt < 0 || (iovcnt > 0 && !iov))
		return -EINVAL;
	for (int i = 0; i < iovcnt; i++) {
		if (iov[i].iov_len > SIZE_MAX - total)
			return -EINVAL;
		total += iov[i].iov_len;
	}
	*out = total;
	return 0;
}

/* Copy iov[0..iovcnt) into dst (which holds their total length). */
static inline void smb_iov_gather(uint8_t *dst, const struct iovec *iov, int iovcnt)
{
	for (int i = 0; i < iovcnt; i++) {
		if (iov[i].iov_len) {
			memcpy(dst, iov[i].iov_base, iov[i].iov_len);
			dst += iov[i].iov_len;
		}
	}
}

#endif
