/*
 * srv_io: the reference server's READ, WRITE (srv_rw.c), FLUSH
 * (srv_flush.c), LOCK (srv_lock.c) and CHANGE_NOTIFY (srv_notify.c)
 * handlers, registered by srv_io_register() (srv_io.c) together with the
 * close and change hooks of srv_file.h.  Private to those files.
 *
 * Byte-range locks (MS-FSA 2.1.4.10, 2.1.5.8, 2.1.5.9) live on the node
 * (node->locks, one struct srv_brl each), so that every open of the same
 * file sees them; a blocking LOCK waits on the same list, not yet granted.
 * Change-notify watches (MS-FSA 2.1.5.11) hang on the directory's node
 * (node->watchers) and in the per-process watch registry that the change
 * hook walks.
 */
#ifndef SMBSIM_SRV_IO_H
#define SMBSIM_SRV_IO_H

#include <stdbool.h>
#include <stdint.h>

#include "sim-server/srv_file.h"

/* Handlers. */
NTSTATUS srv_read(struct srv_req *r);          /* MS-SMB2 3.3.5.12 */
NTSTATUS srv_write(struct srv_req *r);         /* MS-SMB2 3.3.5.13 */
NTSTATUS srv_flush(struct srv_req *r);         /* MS-SMB2 3.3.5.11 */
NTSTATUS srv_lock(struct srv_req *r);          /* MS-SMB2 3.3.5.14 */
NTSTATUS srv_change_notify(struct srv_req *r); /* MS-SMB2 3.3.5.19 */

/* MS-FSA 2.1.4.10 for I/O (LockIntent FALSE): true when reading (write
 * false) or writing [off, off + len) through f conflicts with a granted
 * byte-range lock. */
bool srv_brl_io_conflict(const struct srv_file *f, uint64_t off, uint64_t len, bool write);

/* Close hooks: release f's locks (waking waiters) and fail its pending
 * LOCKs with STATUS_RANGE_NOT_LOCKED; complete f's pending CHANGE_NOTIFYs
 * with STATUS_NOTIFY_CLEANUP and drop its watch. */
void srv_brl_close(struct srv_file *f);
void srv_notify_close(struct srv_file *f);

/* The change hook (srv_file_change_hook). */
void srv_notify_change(struct srv_files *fs, struct vfs_share *share, const char *path,
                       uint32_t action, uint32_t filter);

#endif
