/*
 * smbsim-client: get, put (files moved in CLIC_IO_CHUNK pieces, each
 * split by the library into requests of the negotiated size and charged
 * credits), and stat/allinfo (FileAllInformation, MS-FSCC 2.4.2).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "sim-client/cli/clic.h"
#include "wire/fileinfo.h"
#include "wire/query_info.h"

static NTSTATUS io_usage(const char *u)
{
	fprintf(stderr, "usage: %s\n", u);
	return STATUS_INVALID_PARAMETER;
}

static NTSTATUS local_fail(const char *what, const char *name)
{
	fprintf(stderr, "%s %s local file %s: %s\n", nt_status_name(STATUS_UNSUCCESSFUL), what,
	        name, strerror(errno));
	return STATUS_UNSUCCESSFUL;
}

/* The last component of a resolved share path: the default local name. */
static const char *base_name(const char *path)
{
	const char *b = strrchr(path, '\\');

	return b ? b + 1 : path;
}

NTSTATUS clic_cmd_get(struct clic *c, unsigned argc, char **argv)
{
	char path[CLIA_MAX_PATH];
	struct cli_create_args a = { 0 };
	struct cli_open o;
	const char *local;
	uint8_t *buf;
	uint64_t off = 0;
	FILE *f;
	NTSTATUS st, cst;

	if (argc < 2 || argc > 3)
		return io_usage("get REMOTE [LOCAL]");
	if ((st = clic_resolve(c, argv[1], path)) != STATUS_SUCCESS)
		return st;
	local = argc == 3 ? argv[2] : base_name(path);
	if (!*local)
		return io_usage("get REMOTE [LOCAL]");
	a.desired_access = SMB2_GENERIC_READ;
	a.share_access = SMB2_FILE_SHARE_READ | SMB2_FILE_SHARE_WRITE;
	a.disposition = SMB2_FILE_OPEN;
	a.options = SMB2_FILE_NON_DIRECTORY_FILE;
	if ((st = cli_create(c->tree, path, &a, &o)) != STATUS_SUCCESS)
		return clic_fail(st, "opening remote file", path);
	buf = malloc(CLIC_IO_CHUNK);
	f = buf ? fopen(local, "wb") : NULL;
	if (!f) {
		st = buf ? local_fail("opening", local) : clic_fail(STATUS_NO_MEMORY, "reading", path);
		free(buf);
		(void)cli_close(c->tree, o.id);
		return st;
	}
	for (;;) {
		size_t got = 0;

		st = cli_read(c->tree, o.id, off, buf, CLIC_IO_CHUNK, &got);
		if (st != STATUS_SUCCESS) {
			clic_fail(st, "reading remote file", path);
			break;
		}
		if (got && fwrite(buf, 1, got, f) != got) {
			st = local_fail("writing", local);
			break;
		}
		off += got;
		if (got < CLIC_IO_CHUNK)
			break;
	}
	free(buf);
	if (fclose(f) && st == STATUS_SUCCESS)
		st = local_fail("writing", local);
	cst = cli_close(c->tree, o.id);
	if (st != STATUS_SUCCESS)
		return st;
	if (cst != STATUS_SUCCESS)
		return clic_fail(cst, "closing remote file", path);
	fprintf(c->out, "getting file \\%s of size %llu as %s\n", path, (unsigned long long)off,
	        local);
	return STATUS_SUCCESS;
}

NTSTATUS clic_cmd_put(struct clic *c, unsigned argc, char **argv)
{
	char path[CLIA_MAX_PATH];
	struct cli_create_args a = { 0 };
	struct cli_open o;
	const char *local, *remote;
	uint8_t *buf;
	uint64_t off = 0;
	FILE *f;
	NTSTATUS st = STATUS_SUCCESS, cst;

	if (argc < 2 || argc > 3)
		return io_usage("put LOCAL [REMOTE]");
	local = argv[1];
	remote = argc == 3 ? argv[2] : strrchr(local, '/') ? strrchr(local, '/') + 1 : local;
	if (!*remote)
		return io_usage("put LOCAL [REMOTE]");
	if ((st = clic_resolve(c, remote, path)) != STATUS_SUCCESS)
		return st;
	f = fopen(local, "rb");
	if (!f)
		return local_fail("opening", local);
	buf = malloc(CLIC_IO_CHUNK);
	if (!buf) {
		fclose(f);
		return clic_fail(STATUS_NO_MEMORY, "writing", path);
	}
	a.desired_access = SMB2_GENERIC_WRITE | SMB2_FILE_READ_ATTRIBUTES;
	a.file_attributes = SMB2_FILE_ATTRIBUTE_NORMAL;
	a.share_access = SMB2_FILE_SHARE_READ;
	a.disposition = SMB2_FILE_OVERWRITE_IF;
	a.options = SMB2_FILE_NON_DIRECTORY_FILE;
	if ((st = cli_create(c->tree, path, &a, &o)) != STATUS_SUCCESS) {
		free(buf);
		fclose(f);
		return clic_fail(st, "opening remote file", path);
	}
	for (;;) {
		size_t n = fread(buf, 1, CLIC_IO_CHUNK, f);

		if (n && (st = cli_write(c->tree, o.id, off, buf, n)) != STATUS_SUCCESS) {
			clic_fail(st, "writing remote file", path);
			break;
		}
		off += n;
		if (n < CLIC_IO_CHUNK) {
			if (ferror(f))
				st = local_fail("reading", local);
			break;
		}
	}
	free(buf);
	fclose(f);
	cst = cli_close(c->tree, o.id);
	if (st != STATUS_SUCCESS)
		return st;
	if (cst != STATUS_SUCCESS)
		return clic_fail(cst, "closing remote file", path);
	fprintf(c->out, "putting file %s as \\%s (%llu bytes)\n", local, path,
	        (unsigned long long)off);
	return STATUS_SUCCESS;
}

static void print_time(FILE *out, const char *label, uint64_t ft)
{
	char when[64];

	clic_time(ft, when, sizeof(when));
	fprintf(out, "%-16s%s\n", label, when);
}

NTSTATUS clic_cmd_stat(struct clic *c, unsigned argc, char **argv)
{
	char path[CLIA_MAX_PATH], attrs[16];
	struct cli_create_args a = { 0 };
	struct smb2_fileinfo fi;
	struct cli_open o;
	uint8_t *info = NULL;
	size_t len = 0;
	NTSTATUS st, cst;

	if (argc != 2)
		return io_usage("stat NAME");
	if ((st = clic_resolve(c, argv[1], path)) != STATUS_SUCCESS)
		return st;
	a.desired_access = SMB2_FILE_READ_ATTRIBUTES | SMB2_FILE_READ_EA | SMB2_SYNCHRONIZE;
	a.share_access = SMB2_FILE_SHARE_READ | SMB2_FILE_SHARE_WRITE | SMB2_FILE_SHARE_DELETE;
	a.disposition = SMB2_FILE_OPEN;
	if ((st = cli_create(c->tree, path, &a, &o)) != STATUS_SUCCESS)
		return clic_fail(st, "opening", path);
	st = cli_query_info(c->tree, o.id, SMB2_0_INFO_FILE, FILE_ALL_INFORMATION, 0, &info, &len);
	cst = cli_close(c->tree, o.id);
	if (st != STATUS_SUCCESS)
		return clic_fail(st, "querying", path);
	st = smb2_fileinfo_decode(FILE_ALL_INFORMATION, (struct smb2_blob){ info, (uint32_t)len },
	                          &fi);
	if (st != STATUS_SUCCESS) {
		free(info);
		return clic_fail(STATUS_INVALID_NETWORK_RESPONSE, "decoding FileAllInformation of",
		                 path);
	}
	clic_attr_string(fi.u.all.basic.file_attributes, attrs, sizeof(attrs));
	fprintf(c->out, "name:           \\%s\n", path);
	print_time(c->out, "create_time:", fi.u.all.basic.creation_time);
	print_time(c->out, "access_time:", fi.u.all.basic.last_access_time);
	print_time(c->out, "write_time:", fi.u.all.basic.last_write_time);
	print_time(c->out, "change_time:", fi.u.all.basic.change_time);
	fprintf(c->out, "attributes:     %s (%x)\n", attrs, fi.u.all.basic.file_attributes);
	fprintf(c->out, "size:           %llu\n",
	        (unsigned long long)fi.u.all.standard.end_of_file);
	fprintf(c->out, "allocation:     %llu\n",
	        (unsigned long long)fi.u.all.standard.allocation_size);
	fprintf(c->out, "links:          %u\n", fi.u.all.standard.number_of_links);
	fprintf(c->out, "directory:      %s\n", fi.u.all.standard.directory ? "yes" : "no");
	fprintf(c->out, "file_id:        0x%016llx\n", (unsigned long long)fi.u.all.index_number);
	free(info);
	return cst == STATUS_SUCCESS ? cst : clic_fail(cst, "closing", path);
}
