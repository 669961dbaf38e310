/*
 * Share paths for smbsim-client (sim-client/cli/cli_args.h): a current
 * directory kept relative to the share root with '\' separators, joined
 * with what the user typed ('/' or '\', absolute or relative, "." and
 * ".." components).  MS-SMB2 2.2.13: a CREATE name is relative to the
 * share and does not begin with a separator.
 */
#include <stdio.h>
#include <string.h>

#include "sim-client/cli/cli_args.h"

static bool is_sep(char c)
{
	return c == '/' || c == '\\';
}

static int path_fail(char *err, size_t errlen, const char *msg, const char *arg)
{
	if (err && errlen)
		snprintf(err, errlen, "%s: %.100s", msg, arg);
	return -1;
}

/* Append one component to out (length *n), or drop the last for "..". */
static int push(char *out, size_t outlen, size_t *n, const char *c, size_t clen)
{
	if (clen == 1 && c[0] == '.')
		return 0;
	if (clen == 2 && c[0] == '.' && c[1] == '.') {
		if (*n == 0)
			return -1;
		while (*n > 0 && out[*n - 1] != '\\')
			(*n)--;
		if (*n > 0)
			(*n)--; /* the separator before the dropped component */
		out[*n] = '\0';
		return 0;
	}
	if (*n + (*n ? 1 : 0) + clen + 1 > outlen)
		return -2;
	if (*n)
		out[(*n)++] = '\\';
	memcpy(out + *n, c, clen);
	*n += clen;
	out[*n] = '\0';
	return 0;
}

/* Append every component of s. */
static int push_all(char *out, size_t outlen, size_t *n, const char *s)
{
	while (*s) {
		const char *e;
		int r;

		while (is_sep(*s))
			s++;
		for (e = s; *e && !is_sep(*e); e++)
			;
		if (e == s)
			break;
		r = push(out, outlen, n, s, (size_t)(e - s));
		if (r)
			return r;
		s = e;
	}
	return 0;
}

int clia_path_resolve(const char *cwd, const char *arg, char *out, size_t outlen, char *err,
                      size_t errlen)
{
	char tmp[CLIA_MAX_PATH];
	size_t n = 0;
	int r = 0;

	tmp[0] = '\0';
	if (!is_sep(arg[0]))
		r = push_all(tmp, sizeof(tmp), &n, cwd);
	if (!r)
		r = push_all(tmp, sizeof(tmp), &n, arg);
	if (r == -1)
		return path_fail(err, errlen, "path climbs above the share root", arg);
	if (r || n + 1 > outlen)
		return path_fail(err, errlen, "path too long", arg);
	memcpy(out, tmp, n + 1);
	return 0;
}

int clia_path_split(const char *path, char *dir, size_t dirlen, const char **base)
{
	const char *last = strrchr(path, '\\');
	size_t dl = last ? (size_t)(last - path) : 0;

	if (dl + 1 > dirlen)
		return -1;
	memcpy(dir, path, dl);
	dir[dl] = '\0';
	*base = last ? last + 1 : path;
	return 0;
}

int clia_path_display(const char *path, char *out, size_t outlen)
{
	size_t n = strlen(path);

	if (n + (n ? 3 : 2) > outlen)
		return -1;
	if (n)
		snprintf(out, outlen, "\\%s\\", path);
	else
		snprintf(out, outlen, "\\");
	return 0;
}
