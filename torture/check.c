/*
 * How a test fails or skips: the message is recorded in the test's state
 * and the test is left through cmocka (_fail / skip), whose teardown then
 * runs (ctx.c).  Values are printed both ways: NTSTATUS by name, numbers
 * in decimal and hex, memory at the first difference.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "torture/runner.h"

__attribute__((format(printf, 3, 0)))
static void vrecord(struct torture_ctx *t, enum torture_result r, const char *fmt, va_list ap)
{
	struct torture_priv *p = t->priv;

	/* The first failure is the one reported. */
	if (p->raw == TORTURE_FAIL)
		return;
	p->raw = r;
	vsnprintf(p->message, sizeof(p->message), fmt, ap);
}

static void record(struct torture_ctx *t, enum torture_result r, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void record(struct torture_ctx *t, enum torture_result r, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vrecord(t, r, fmt, ap);
	va_end(ap);
}

void torture_fail_at(struct torture_ctx *t, const char *file, int line, const char *fmt, ...)
{
	char msg[TORTURE_MSG_MAX - 128];
	const char *base = strrchr(file, '/');
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	record(t, TORTURE_FAIL, "%s (%s:%d)", msg, base ? base + 1 : file, line);
	_fail(file, line);
	/* _fail does not return; the noreturn contract holds regardless. */
	abort();
}

void torture_skip(struct torture_ctx *t, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vrecord(t, TORTURE_SKIP, fmt, ap);
	va_end(ap);
	skip();
	abort();
}

const char *torture_dialect_name(uint16_t d)
{
	switch (d) {
	case SMB2_DIALECT_202: return "2.0.2";
	case SMB2_DIALECT_210: return "2.1";
	case SMB2_DIALECT_300: return "3.0";
	case SMB2_DIALECT_302: return "3.0.2";
	case SMB2_DIALECT_311: return "3.1.1";
	case 0: return "none";
	default: return "unknown";
	}
}

void torture_require_dialect(struct torture_ctx *t, uint16_t min_dialect)
{
	if (t->srv->dialect < min_dialect)
		torture_skip(t, "needs dialect %s; the server's highest is %s",
		             torture_dialect_name(min_dialect), torture_dialect_name(t->srv->dialect));
}

static const char *cap_name(uint32_t cap)
{
	switch (cap) {
	case SMB2_GLOBAL_CAP_DFS: return "DFS";
	case SMB2_GLOBAL_CAP_LEASING: return "LEASING";
	case SMB2_GLOBAL_CAP_LARGE_MTU: return "LARGE_MTU";
	case SMB2_GLOBAL_CAP_MULTI_CHANNEL: return "MULTI_CHANNEL";
	case SMB2_GLOBAL_CAP_PERSISTENT_HANDLES: return "PERSISTENT_HANDLES";
	case SMB2_GLOBAL_CAP_DIRECTORY_LEASING: return "DIRECTORY_LEASING";
	case SMB2_GLOBAL_CAP_ENCRYPTION: return "ENCRYPTION";
	case SMB2_GLOBAL_CAP_NOTIFICATIONS: return "NOTIFICATIONS";
	default: return "?";
	}
}

void torture_require_cap(struct torture_ctx *t, uint32_t global_cap)
{
	if ((t->srv->capabilities & global_cap) != global_cap)
		torture_skip(t, "the server does not offer SMB2_GLOBAL_CAP_%s",
		             cap_name(global_cap));
}

const char *torture_require_option(struct torture_ctx *t, const char *key)
{
	const char *v = torture_option(t, key, NULL);

	if (!v || !*v)
		torture_skip(t, "needs --option %s=... (see torture/README.md)", key);
	return v;
}

void torture_check_status(struct torture_ctx *t, const char *file, int line, const char *what,
                          NTSTATUS got, NTSTATUS want)
{
	char w[64];

	if (got != want) {
		/* nt_status_name may share one buffer between unknown values. */
		snprintf(w, sizeof(w), "%s", nt_status_name(want));
		torture_fail_at(t, file, line, "%s: expected %s, got %s", what, w, nt_status_name(got));
	}
}

void torture_check_val(struct torture_ctx *t, const char *file, int line, const char *what,
                       uint64_t got, uint64_t want)
{
	if (got != want)
		torture_fail_at(t, file, line,
		                "%s: expected %llu (0x%llx), got %llu (0x%llx)", what,
		                (unsigned long long)want, (unsigned long long)want,
		                (unsigned long long)got, (unsigned long long)got);
}

void torture_check_mem(struct torture_ctx *t, const char *file, int line, const char *what,
                       const void *got, const void *want, size_t len)
{
	const uint8_t *g = got, *w = want;

	for (size_t i = 0; i < len; i++)
		if (g[i] != w[i])
			torture_fail_at(t, file, line,
			                "%s: differs at byte %zu of %zu: expected 0x%02x, got 0x%02x",
			                what, i, len, w[i], g[i]);
}
