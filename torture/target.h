/* Parsing the target, the user and further addresses (target.c). */
#ifndef SMBSIM_TORTURE_TARGET_H
#define SMBSIM_TORTURE_TARGET_H

#include <stddef.h>

#include "torture/torture.h"

/* //HOST[:PORT]/SHARE (or \\HOST\SHARE); -1 with a message. */
int torture_parse_target(struct torture_target *tgt, const char *arg, char *err, size_t errlen);
/* [DOMAIN\]USER[%PASSWORD] or USER@DOMAIN[%PASSWORD]. */
int torture_parse_user(struct torture_target *tgt, const char *arg, char *err, size_t errlen);
/* s[0..n): "host", "host:port", "[v6]:port" -> host, and "host:port"
 * with port 445 when none was given. */
int torture_parse_hostport(const char *s, size_t n, char *host, size_t hostcap, char *hp,
                           size_t hpcap);

#endif
