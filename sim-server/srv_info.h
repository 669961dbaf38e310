/*
 * QUERY_DIRECTORY, QUERY_INFO and SET_INFO (MS-SMB2 3.3.5.18, 3.3.5.20,
 * 3.3.5.21): the private view shared by srv_info.c (registration and the
 * per-open state), srv_querydir.c, srv_queryinfo.c, srv_setinfo.c and
 * srv_secinfo.c.  The public entry point is srv_info_register() in
 * srv_file.h.
 */
#ifndef SMBSIM_SRV_INFO_H
#define SMBSIM_SRV_INFO_H

#include <stdint.h>

#include "sim-server/srv_file.h"
#include "wire/cursor.h"

/* The CreateOptions bits FileModeInformation reports and sets (MS-FSCC
 * 2.4.26). */
#define SRV_INFO_MODE_BITS                                                          \
	(SMB2_FILE_WRITE_THROUGH | SMB2_FILE_SEQUENTIAL_ONLY |                        \
	 SMB2_FILE_NO_INTERMEDIATE_BUFFERING | SMB2_FILE_SYNCHRONOUS_IO_ALERT |       \
	 SMB2_FILE_SYNCHRONOUS_IO_NONALERT)
/* The bits a SET_INFO FileModeInformation may change (MS-FSA 2.1.5.14.8). */
#define SRV_INFO_MODE_SETTABLE                                                      \
	(SMB2_FILE_WRITE_THROUGH | SMB2_FILE_SEQUENTIAL_ONLY |                        \
	 SMB2_FILE_SYNCHRONOUS_IO_ALERT | SMB2_FILE_SYNCHRONOUS_IO_NONALERT)

/* Open.CurrentByteOffset and Open.Mode (MS-FSA 2.1.1.6), kept per open in
 * srv_file.info_priv and freed by srv_info's close hook. */
struct srv_info_open {
	uint64_t position;
	uint32_t mode;
};

/* The open's state, created on first use from its CreateOptions; NULL
 * when out of memory. */
struct srv_info_open *srv_info_open_state(struct srv_file *f);

/* The open the request names, a disk file or directory: STATUS_FILE_CLOSED
 * when there is none, STATUS_NOT_SUPPORTED for a pipe. */
NTSTATUS srv_info_disk_file(struct srv_req *r, struct srv_file **out);

/* The handlers. */
NTSTATUS srv_query_directory(struct srv_req *r);
NTSTATUS srv_query_info(struct srv_req *r);
NTSTATUS srv_set_info(struct srv_req *r);

/* srv_secinfo.c: the security descriptor synthesised from the unix owner,
 * group and mode (mapping documented there), the parts selected by
 * AdditionalInformation, appended to w. */
NTSTATUS srv_secinfo_query(const struct srv_file *f, uint32_t addl, struct wr *w);
/* SET_INFO SMB2_0_INFO_SECURITY: accepted when it maps back to a mode. */
NTSTATUS srv_secinfo_set(struct srv_file *f, uint32_t addl, struct smb2_blob sd);

#endif
