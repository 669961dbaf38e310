/*
 * cli_samba_probe: drive the reference client library against a real SMB
 * server (tests/scripts/check_cli_samba.sh runs it against a private smbd
 * under socket_wrapper).
 *
 *   cli_samba_probe SERVER SHARE USER PASSWORD DIALECT [--sign]
 *                   [--encrypt CIPHER] [--wrong-password]
 *
 * DIALECT: SMB2_02, SMB2_10, SMB3_00, SMB3_02, SMB3_11.  CIPHER:
 * AES-128-CCM, AES-128-GCM, AES-256-CCM, AES-256-GCM (3.1.1 offers only
 * that one; 3.0/3.0.2 always use AES-128-CCM).  The run: negotiate,
 * session setup, tree connect, mkdir, a multi-megabyte file written in
 * chunks and read back byte-identical, query directory, query info,
 * rename, delete, rmdir, tree disconnect, logoff.  --wrong-password
 * expects STATUS_LOGON_FAILURE instead.  Exit 0 when every step does
 * what it should; otherwise a line naming the step and the status.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <event2/event.h>

#include "sim-client/lib/cli_sync.h"

/* A size that is not a multiple of any chunk size. */
#define PROBE_FILE_SIZE (3u * 1024 * 1024 + 12345)

struct dialect_name {
	const char *name;
	uint16_t id;
};

static const struct dialect_name dialects[] = {
	{ "SMB2_02", SMB2_DIALECT_202 }, { "SMB2_10", SMB2_DIALECT_210 },
	{ "SMB3_00", SMB2_DIALECT_300 }, { "SMB3_02", SMB2_DIALECT_302 },
	{ "SMB3_11", SMB2_DIALECT_311 },
};

static const struct dialect_name ciphers[] = {
	{ "AES-128-CCM", SMB2_CIPHER_AES128_CCM }, { "AES-128-GCM", SMB2_CIPHER_AES128_GCM },
	{ "AES-256-CCM", SMB2_CIPHER_AES256_CCM }, { "AES-256-GCM", SMB2_CIPHER_AES256_GCM },
};

static int lookup(const struct dialect_name *t, size_t n, const char *s, uint16_t *out)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(t[i].name, s)) {
			*out = t[i].id;
			return 0;
		}
	return -1;
}

static int fail(const char *step, NTSTATUS st)
{
	fprintf(stderr, "cli_samba_probe: %s failed: %s\n", step, nt_status_name(st));
	return 1;
}

#define CHECK(step, expr)                          \
	do {                                           \
		NTSTATUS st_ = (expr);                     \
		if (st_ != STATUS_SUCCESS)                 \
			return fail(step, st_);                \
	} while (0)

struct listing {
	bool saw_file;
	bool saw_dot;
	unsigned entries;
};

static int on_entry(void *arg, const struct smb2_dirent *e, const char *name)
{
	struct listing *l = arg;

	(void)e;
	l->entries++;
	if (!strcmp(name, "big.bin"))
		l->saw_file = true;
	if (!strcmp(name, "."))
		l->saw_dot = true;
	return 0;
}

static int run(struct cli_conn *c, const char *server, const char *share, const char *user,
               const char *password, bool wrong_password, bool encrypt)
{
	struct cli_session *s;
	struct cli_tree *t;
	struct cli_open o;
	struct cli_create_args a = { 0 };
	struct listing l = { false, false, 0 };
	char unc[512];
	uint8_t *data, *back, *info;
	size_t got, info_len;
	NTSTATUS st;

	CHECK("negotiate", cli_negotiate(c, 0, 0));
	if (wrong_password) {
		st = cli_login(c, user, NULL, "not-the-password", &s);
		if (st != STATUS_LOGON_FAILURE)
			return fail("session setup with a wrong password (want STATUS_LOGON_FAILURE)",
			            st == STATUS_SUCCESS ? STATUS_UNSUCCESSFUL : st);
		printf("wrong password: STATUS_LOGON_FAILURE\n");
		return 0;
	}
	CHECK("session setup", cli_login(c, user, NULL, password, &s));
	if (c->opts.require_signing && !s->signing_required)
		return fail("signing state", STATUS_UNSUCCESSFUL);
	if (encrypt && !s->encrypt)
		return fail("encryption state", STATUS_UNSUCCESSFUL);
	snprintf(unc, sizeof(unc), "\\\\%s\\%s", server, share);
	CHECK("tree connect", cli_tree_connect(s, unc, &t));

	/* A clean slate: an earlier failed run may have left these. */
	(void)cli_unlink(t, "probe/big.bin");
	(void)cli_unlink(t, "probe/renamed.bin");
	(void)cli_rmdir(t, "probe");
	CHECK("mkdir", cli_mkdir(t, "probe"));

	data = malloc(PROBE_FILE_SIZE);
	back = malloc(PROBE_FILE_SIZE);
	if (!data || !back)
		return fail("malloc", STATUS_NO_MEMORY);
	for (size_t i = 0; i < PROBE_FILE_SIZE; i++)
		data[i] = (uint8_t)(i * 7 + (i >> 13));

	a.desired_access = SMB2_GENERIC_READ | SMB2_GENERIC_WRITE | SMB2_DELETE;
	a.file_attributes = SMB2_FILE_ATTRIBUTE_NORMAL;
	a.share_access = SMB2_FILE_SHARE_READ | SMB2_FILE_SHARE_DELETE;
	a.disposition = SMB2_FILE_OVERWRITE_IF;
	a.options = SMB2_FILE_NON_DIRECTORY_FILE;
	CHECK("create", cli_create(t, "probe/big.bin", &a, &o));
	CHECK("write", cli_write(t, o.id, 0, data, PROBE_FILE_SIZE));
	CHECK("flush", cli_flush(t, o.id));
	CHECK("read", cli_read(t, o.id, 0, back, PROBE_FILE_SIZE, &got));
	if (got != PROBE_FILE_SIZE || memcmp(data, back, PROBE_FILE_SIZE)) {
		fprintf(stderr, "cli_samba_probe: read back %zu bytes, not identical\n", got);
		return 1;
	}
	CHECK("query info", cli_query_info(t, o.id, SMB2_0_INFO_FILE, FILE_STANDARD_INFORMATION, 0,
	                                   &info, &info_len));
	struct smb2_fileinfo fi;
	struct smb2_blob b = { info, (uint32_t)info_len };
	CHECK("decode FileStandardInformation",
	      smb2_fileinfo_decode(FILE_STANDARD_INFORMATION, b, &fi));
	free(info);
	if (fi.u.standard.end_of_file != PROBE_FILE_SIZE || fi.u.standard.directory)
		return fail("FileStandardInformation values", STATUS_UNSUCCESSFUL);
	CHECK("rename", cli_rename(t, o.id, "probe/renamed.bin", false));
	CHECK("close", cli_close(t, o.id));
	free(data);
	free(back);

	/* The listing. */
	a.desired_access = SMB2_FILE_LIST_DIRECTORY | SMB2_FILE_READ_ATTRIBUTES;
	a.file_attributes = 0;
	a.share_access = SMB2_FILE_SHARE_READ | SMB2_FILE_SHARE_WRITE | SMB2_FILE_SHARE_DELETE;
	a.disposition = SMB2_FILE_OPEN;
	a.options = SMB2_FILE_DIRECTORY_FILE;
	CHECK("open directory", cli_create(t, "probe", &a, &o));
	CHECK("query directory", cli_query_directory(t, o.id, "*", on_entry, &l));
	CHECK("close directory", cli_close(t, o.id));
	if (l.saw_file || !l.saw_dot || l.entries != 3) {
		fprintf(stderr, "cli_samba_probe: listing has %u entries (want ., .., renamed.bin)\n",
		        l.entries);
		return 1;
	}
	l = (struct listing){ false, false, 0 };
	CHECK("open directory", cli_create(t, "probe", &a, &o));
	CHECK("query directory pattern", cli_query_directory(t, o.id, "renamed.*", on_entry, &l));
	CHECK("close directory", cli_close(t, o.id));
	if (l.entries != 1)
		return fail("pattern listing", STATUS_UNSUCCESSFUL);

	CHECK("echo", cli_echo(c));
	CHECK("delete", cli_unlink(t, "probe/renamed.bin"));
	CHECK("rmdir", cli_rmdir(t, "probe"));
	CHECK("tree disconnect", cli_tree_disconnect(t));
	CHECK("logoff", cli_logoff(s));
	cli_session_free(s);
	printf("ok: dialect 0x%04x sign_alg %u cipher %u credits %u\n", c->dialect, c->sign_alg,
	       c->cipher, c->credits);
	return 0;
}

int main(int argc, char **argv)
{
	struct cli_conn_opts o = { 0 };
	struct event_base *base;
	struct cli_conn *c;
	bool wrong = false, encrypt = false;
	uint16_t d, cipher;
	NTSTATUS st;
	int rc;

	if (argc < 6) {
		fprintf(stderr, "usage: %s SERVER SHARE USER PASSWORD DIALECT [--sign] "
		                "[--encrypt CIPHER] [--wrong-password]\n", argv[0]);
		return 2;
	}
	if (lookup(dialects, 5, argv[5], &d)) {
		fprintf(stderr, "%s: unknown dialect %s\n", argv[0], argv[5]);
		return 2;
	}
	o.dialect_min = o.dialect_max = d;
	for (int i = 6; i < argc; i++) {
		if (!strcmp(argv[i], "--sign")) {
			o.require_signing = true;
		} else if (!strcmp(argv[i], "--wrong-password")) {
			wrong = true;
		} else if (!strcmp(argv[i], "--encrypt") && i + 1 < argc) {
			if (lookup(ciphers, 4, argv[++i], &cipher)) {
				fprintf(stderr, "%s: unknown cipher %s\n", argv[0], argv[i]);
				return 2;
			}
			o.require_encryption = encrypt = true;
			o.cipher_count = 1;
			o.ciphers[0] = cipher;
		} else {
			fprintf(stderr, "%s: unknown option %s\n", argv[0], argv[i]);
			return 2;
		}
	}
	base = event_base_new();
	if (!base)
		return 1;
	st = cli_connect(base, argv[1], &o, &c);
	if (st != STATUS_SUCCESS) {
		event_base_free(base);
		return fail("connect", st);
	}
	rc = run(c, argv[1], argv[2], argv[3], argv[4], wrong, encrypt);
	cli_conn_free(c);
	event_base_free(base);
	return rc;
}
