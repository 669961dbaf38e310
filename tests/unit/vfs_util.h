/*
 * Fixtures and helpers for the sim-server/vfs tests (test_vfs_names.c,
 * test_vfs_ops.c): each test runs in a fresh temporary directory holding
 * share/ and outside/secret; share-relative POSIX helpers for arranging a
 * test, a check that nothing outside the share changed, and one-call
 * CREATE from a UTF-8 name.
 */
#ifndef SMBSIM_TEST_VFS_UTIL_H
#define SMBSIM_TEST_VFS_UTIL_H

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "testutil.h"
#include "sim-server/vfs.h"
#include "util/utf16.h"
#include "wire/create.h"

#define D SMB2_FILE_DIRECTORY_FILE
#define ND SMB2_FILE_NON_DIRECTORY_FILE

#define SENTINEL "sentinel\n"

struct fx {
	char base[256];
	char share[300];
	char outside[300];
	struct vfs_share *s;
};

static inline int rm_entry(const char *p, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	return remove(p);
}

static inline void put_file(const char *path, const char *content)
{
	FILE *fp = fopen(path, "w");
	assert_non_null(fp);
	fputs(content, fp);
	fclose(fp);
}

static inline int setup(void **state)
{
	struct fx *fx = calloc(1, sizeof(*fx));
	assert_non_null(fx);
	const char *tmp = getenv("TMPDIR");
	snprintf(fx->base, sizeof(fx->base), "%s/vfs-XXXXXX", tmp ? tmp : "/tmp");
	assert_non_null(mkdtemp(fx->base));
	snprintf(fx->share, sizeof(fx->share), "%s/share", fx->base);
	snprintf(fx->outside, sizeof(fx->outside), "%s/outside", fx->base);
	assert_int_equal(mkdir(fx->share, 0755), 0);
	assert_int_equal(mkdir(fx->outside, 0755), 0);
	char p[400];
	snprintf(p, sizeof(p), "%s/secret", fx->outside);
	put_file(p, SENTINEL);
	assert_status(vfs_share_open(fx->share, &fx->s), STATUS_SUCCESS);
	*state = fx;
	return 0;
}

static inline int teardown(void **state)
{
	struct fx *fx = *state;
	vfs_share_free(fx->s);
	nftw(fx->base, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
	free(fx);
	return 0;
}

/* Share-relative POSIX helpers for arranging a test. */
static inline void sh_path(struct fx *fx, const char *rel, char *out, size_t cap)
{
	snprintf(out, cap, "%s/%s", fx->share, rel);
}

static inline void sh_file(struct fx *fx, const char *rel, const char *content)
{
	char p[1024];
	sh_path(fx, rel, p, sizeof(p));
	put_file(p, content);
}

static inline void sh_mkdir(struct fx *fx, const char *rel)
{
	char p[1024];
	sh_path(fx, rel, p, sizeof(p));
	assert_int_equal(mkdir(p, 0755), 0);
}

static inline void sh_symlink(struct fx *fx, const char *target, const char *rel)
{
	char p[1024];
	sh_path(fx, rel, p, sizeof(p));
	assert_int_equal(symlink(target, p), 0);
}

static inline bool sh_exists(struct fx *fx, const char *rel)
{
	char p[1024];
	struct stat sb;
	sh_path(fx, rel, p, sizeof(p));
	return lstat(p, &sb) == 0;
}

/* outside/ still holds exactly the sentinel file, unchanged, and the base
 * directory holds only share/ and outside/. */
static inline void check_outside_untouched(struct fx *fx)
{
	char p[400];
	snprintf(p, sizeof(p), "%s/secret", fx->outside);
	FILE *fp = fopen(p, "r");
	assert_non_null(fp);
	char buf[64] = { 0 };
	size_t n = fread(buf, 1, sizeof(buf) - 1, fp);
	fclose(fp);
	assert_int_equal(n, strlen(SENTINEL));
	assert_string_equal(buf, SENTINEL);
	const char *dirs[] = { fx->outside, fx->base };
	for (int i = 0; i < 2; i++) {
		DIR *d = opendir(dirs[i]);
		assert_non_null(d);
		int count = 0;
		struct dirent *e;
		while ((e = readdir(d)) != NULL) {
			if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
				count++;
		}
		closedir(d);
		assert_int_equal(count, i == 0 ? 1 : 2);
	}
}

/* name: UTF-8 with backslashes, converted to UTF-16LE */
static inline NTSTATUS do_create(struct fx *fx, const char *name, uint32_t disp, uint32_t opts,
                                 bool write, struct vfs_file **f, uint32_t *action)
{
	uint8_t *u16 = NULL;
	size_t len = 0;
	assert_status(utf8_to_utf16le_alloc(name, strlen(name), &u16, &len), STATUS_SUCCESS);
	struct vfs_create_args a = { disp, opts, 0, write };
	NTSTATUS st = vfs_create(fx->s, u16, len, &a, f, action);
	free(u16);
	return st;
}

/* open-and-close; returns the status */
static inline NTSTATUS try_open(struct fx *fx, const char *name, uint32_t disp, bool write)
{
	struct vfs_file *f = NULL;
	uint32_t action;
	NTSTATUS st = do_create(fx, name, disp, 0, write, &f, &action);
	if (st == STATUS_SUCCESS)
		vfs_close(f);
	else
		assert_null(f);
	return st;
}

#endif /* SMBSIM_TEST_VFS_UTIL_H */
