/*
 * Shared fixtures for the reference server's configuration tests
 * (test_config_file.c, test_config_args.c): a scratch directory with two
 * share directories and a plain file, "@A"/"@B"/"@F" expansion, and the
 * NT hash of "Password".
 */
#ifndef SMBSIM_TEST_CONFIG_UTIL_H
#define SMBSIM_TEST_CONFIG_UTIL_H

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "testutil.h"
#include "sim-server/config.h"
#include "crypto/encrypt.h"
#include "wire/negotiate_ctx.h"
#include "wire/smb2.h"
#include "wire/tree_connect.h"

/* A scratch directory with two share directories and a plain file. */
static char tmp[256], dir_a[300], dir_b[300], plain[300];

static inline int group_setup(void **state)
{
	FILE *f;

	(void)state;
	snprintf(tmp, sizeof(tmp), "%s/smbsim-config-XXXXXX",
	         getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	if (!mkdtemp(tmp))
		return -1;
	snprintf(dir_a, sizeof(dir_a), "%s/a", tmp);
	snprintf(dir_b, sizeof(dir_b), "%s/b", tmp);
	snprintf(plain, sizeof(plain), "%s/file", tmp);
	if (mkdir(dir_a, 0700) || mkdir(dir_b, 0700) || !(f = fopen(plain, "w")))
		return -1;
	fclose(f);
	return 0;
}

static inline int group_teardown(void **state)
{
	char p[320];

	(void)state;
	rmdir(dir_a);
	rmdir(dir_b);
	unlink(plain);
	snprintf(p, sizeof(p), "%s/smbsim.conf", tmp);
	unlink(p);
	rmdir(tmp);
	return 0;
}

/* Replace every "@A" with dir_a, "@B" with dir_b and "@F" with the plain file. */
static inline char *expand(const char *in)
{
	size_t cap = strlen(in) * 2 + 3 * sizeof(dir_a) * 8 + 1, n = 0;
	char *out = malloc(cap);

	assert_non_null(out);
	for (const char *s = in; *s; s++) {
		const char *sub = NULL;

		if (s[0] == '@' && (s[1] == 'A' || s[1] == 'B' || s[1] == 'F'))
			sub = s[1] == 'A' ? dir_a : s[1] == 'B' ? dir_b : plain;
		if (sub) {
			size_t l = strlen(sub);

			assert_true(n + l < cap);
			memcpy(out + n, sub, l);
			n += l;
			s++;
		} else {
			assert_true(n + 1 < cap);
			out[n++] = *s;
		}
	}
	out[n] = 0;
	return out;
}

static const uint8_t password_hash[16] = {
	/* MS-NLMP 4.2.1: NTOWFv1("Password") */
	0xa4, 0xf4, 0x9c, 0x40, 0x65, 0x10, 0xbd, 0xca,
	0xb6, 0x82, 0x4e, 0xe7, 0xc3, 0x0f, 0xd8, 0x52,
};

#endif
