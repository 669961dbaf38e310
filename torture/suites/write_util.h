/*
 * The tests of the "write" suite that live in write_flush.c (FLUSH, data
 * seen by a second connection, many interleaved writes, an encrypting
 * share); write.c holds the suite's table.
 */
#ifndef SMBSIM_TORTURE_SUITES_WRITE_UTIL_H
#define SMBSIM_TORTURE_SUITES_WRITE_UTIL_H

#include "torture/torture.h"

void write_flush_basic(struct torture_ctx *t);
void write_flush_read_only(struct torture_ctx *t);
void write_flush_append_only(struct torture_ctx *t);
void write_flush_directory(struct torture_ctx *t);
void write_flush_unknown_fileid(struct torture_ctx *t);
void write_other_connection(struct torture_ctx *t);
void write_interleaved(struct torture_ctx *t);
void write_encrypted_share(struct torture_ctx *t);

#endif
