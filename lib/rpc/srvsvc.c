/*
 * MS-SRVS NetrShareEnum and NetrShareGetInfo stubs, both directions
 * (MS-SRVS 3.1.4.8, 3.1.4.10; IDL in MS-SRVS 6).  NDR32: top-level unique
 * pointers are followed at once by their referent; pointers embedded in a
 * structure or array are followed by their referents after the whole
 * structure or array (C706 14.3.12.3).
 */
#include "rpc/srvsvc.h"

#include <stdlib.h>
#include <string.h>

#include "rpc/ndr.h"

#define CHK(x) do { NTSTATUS st_ = (x); if (st_ != STATUS_SUCCESS) return st_; } while (0)

static bool level_known(uint32_t level)
{
	return level == 0 || level == 1 || level == 2;
}

/* ---- share entries -------------------------------------------------- */

/* SHARE_INFO_0/1/2 fixed parts and their deferred strings (MS-SRVS
 * 2.2.4.22-24). */
static void push_entries(struct ndr_push *n, uint32_t level, const struct srvsvc_share *s,
                         size_t count)
{
	ndr_push_u32(n, (uint32_t)count); /* max_count of the conformant array */
	for (size_t i = 0; i < count; i++) {
		ndr_push_ptr(n, true); /* netname */
		if (level >= 1) {
			ndr_push_u32(n, s[i].type);
			ndr_push_ptr(n, true); /* remark */
		}
		if (level == 2) {
			ndr_push_u32(n, 0); /* permissions: ignored (MS-SRVS 2.2.4.24) */
			ndr_push_u32(n, s[i].max_uses);
			ndr_push_u32(n, s[i].current_uses);
			ndr_push_ptr(n, true);  /* path */
			ndr_push_ptr(n, false); /* passwd */
		}
	}
	for (size_t i = 0; i < count; i++) {
		ndr_push_cvstring_utf8(n, s[i].name ? s[i].name : "");
		if (level >= 1)
			ndr_push_cvstring_utf8(n, s[i].remark ? s[i].remark : "");
		if (level == 2)
			ndr_push_cvstring_utf8(n, s[i].path ? s[i].path : "");
	}
}

struct entry_ptrs {
	bool name, remark, path, passwd;
};

static NTSTATUS pull_opt_string(struct rd *c, bool present, struct smb2_blob *s,
                                const char *field)
{
	if (!present) {
		s->p = NULL;
		s->len = 0;
		return STATUS_SUCCESS;
	}
	return ndr_pull_cvstring(c, true, s, field);
}

/* The deferred array of a SHARE_INFO_x_CONTAINER: *out gets `count`
 * heap entries (NULL when count is 0). */
static NTSTATUS pull_entries(struct rd *c, uint32_t level, uint32_t entries_read,
                             struct srvsvc_share_info **out)
{
	/* fixed part bytes per entry: netname ptr; type, remark ptr; 5 more u32 */
	static const size_t fixed[3] = { 4, 12, 32 };
	struct srvsvc_share_info *e = NULL;
	struct entry_ptrs *ptrs = NULL;
	uint32_t count;
	NTSTATUS st;

	if (!level_known(level))
		return rd_fail(c, "SHARE_ENUM_UNION.level");
	CHK(ndr_pull_array_count(c, SRVSVC_MAX_SHARES, fixed[level], &count, "Buffer.max_count"));
	if (count != entries_read)
		return rd_fail(c, "Buffer.max_count");
	if (count == 0) {
		*out = NULL;
		return STATUS_SUCCESS;
	}
	e = calloc(count, sizeof *e);
	ptrs = calloc(count, sizeof *ptrs);
	if (!e || !ptrs) {
		st = STATUS_NO_MEMORY;
		goto fail;
	}
	for (uint32_t i = 0; i < count; i++) {
		if ((st = ndr_pull_ptr(c, &ptrs[i].name, "shi.netname")) != STATUS_SUCCESS)
			goto fail;
		if (level >= 1 &&
		    ((st = ndr_pull_u32(c, &e[i].type, "shi.type")) != STATUS_SUCCESS ||
		     (st = ndr_pull_ptr(c, &ptrs[i].remark, "shi.remark")) != STATUS_SUCCESS))
			goto fail;
		if (level == 2 &&
		    ((st = ndr_pull_u32(c, &e[i].permissions, "shi2.permissions")) != STATUS_SUCCESS ||
		     (st = ndr_pull_u32(c, &e[i].max_uses, "shi2.max_uses")) != STATUS_SUCCESS ||
		     (st = ndr_pull_u32(c, &e[i].current_uses, "shi2.current_uses")) != STATUS_SUCCESS ||
		     (st = ndr_pull_ptr(c, &ptrs[i].path, "shi2.path")) != STATUS_SUCCESS ||
		     (st = ndr_pull_ptr(c, &ptrs[i].passwd, "shi2.passwd")) != STATUS_SUCCESS))
			goto fail;
	}
	for (uint32_t i = 0; i < count; i++) {
		if ((st = pull_opt_string(c, ptrs[i].name, &e[i].name, "shi.netname")) != STATUS_SUCCESS ||
		    (st = pull_opt_string(c, ptrs[i].remark, &e[i].remark, "shi.remark")) != STATUS_SUCCESS ||
		    (st = pull_opt_string(c, ptrs[i].path, &e[i].path, "shi2.path")) != STATUS_SUCCESS ||
		    (st = pull_opt_string(c, ptrs[i].passwd, &e[i].passwd, "shi2.passwd")) != STATUS_SUCCESS)
			goto fail;
	}
	free(ptrs);
	*out = e;
	return STATUS_SUCCESS;
fail:
	free(ptrs);
	free(e);
	return st;
}

/*
 * LPSHARE_ENUM_STRUCT (MS-SRVS 2.2.4.38): Level, the union discriminant
 * (equal to Level), the container pointer and, deferred, the container
 * {EntriesRead, Buffer} and the array.  `entries` may be NULL (requests:
 * a Buffer, if any, is read and dropped).
 */
static NTSTATUS pull_enum_struct(struct rd *c, uint32_t *level_out, uint32_t *count_out,
                                 struct srvsvc_share_info **entries)
{
	uint32_t level, tag, entries_read = 0;
	bool have_ctr, have_buf = false;
	struct srvsvc_share_info *e = NULL;

	CHK(ndr_pull_u32(c, &level, "InfoStruct.Level"));
	CHK(ndr_pull_u32(c, &tag, "ShareInfo.switch"));
	if (tag != level)
		return rd_fail(c, "ShareInfo.switch");
	CHK(ndr_pull_ptr(c, &have_ctr, "ShareInfo.container"));
	if (have_ctr) {
		/* Every SHARE_INFO_x_CONTAINER has this shape (MS-SRVS 2.2.4.32-37). */
		CHK(ndr_pull_u32(c, &entries_read, "container.EntriesRead"));
		CHK(ndr_pull_ptr(c, &have_buf, "container.Buffer"));
		if (have_buf)
			CHK(pull_entries(c, level, entries_read, &e));
		else if (entries_read != 0 && entries)
			return rd_fail(c, "container.EntriesRead");
	}
	*level_out = level;
	*count_out = have_buf ? entries_read : 0;
	if (entries)
		*entries = e;
	else
		free(e);
	return STATUS_SUCCESS;
}

static NTSTATUS pull_server_name(struct rd *c, bool *has, struct smb2_blob *name)
{
	CHK(ndr_pull_ptr(c, has, "ServerName"));
	return pull_opt_string(c, *has, name, "ServerName");
}

/* ---- requests ------------------------------------------------------- */

NTSTATUS srvsvc_share_enum_req_decode(const uint8_t *stub, size_t len,
                                      struct srvsvc_share_enum_req *out)
{
	struct srvsvc_share_enum_req r;
	uint32_t count;
	struct rd c;

	memset(&r, 0, sizeof r);
	rd_init(&c, stub, len);
	CHK(pull_server_name(&c, &r.has_server_name, &r.server_name));
	CHK(pull_enum_struct(&c, &r.level, &count, NULL));
	CHK(ndr_pull_u32(&c, &r.prefmaxlen, "PreferedMaximumLength"));
	CHK(ndr_pull_ptr(&c, &r.has_resume, "ResumeHandle"));
	if (r.has_resume)
		CHK(ndr_pull_u32(&c, &r.resume_handle, "ResumeHandle"));
	CHK(ndr_pull_end(&c, "NetrShareEnum.end"));
	*out = r;
	return STATUS_SUCCESS;
}

NTSTATUS srvsvc_share_get_info_req_decode(const uint8_t *stub, size_t len,
                                          struct srvsvc_share_get_info_req *out)
{
	struct srvsvc_share_get_info_req r;
	struct rd c;

	memset(&r, 0, sizeof r);
	rd_init(&c, stub, len);
	CHK(pull_server_name(&c, &r.has_server_name, &r.server_name));
	/* [in, string] WCHAR* NetName: a top-level [ref] pointer, no id */
	CHK(ndr_pull_cvstring(&c, true, &r.net_name, "NetName"));
	CHK(ndr_pull_u32(&c, &r.level, "Level"));
	CHK(ndr_pull_end(&c, "NetrShareGetInfo.end"));
	*out = r;
	return STATUS_SUCCESS;
}

NTSTATUS srvsvc_share_enum_req_encode(struct wr *w, const char *server_name, uint32_t level,
                                      uint32_t prefmaxlen, const uint32_t *resume)
{
	struct ndr_push n;

	ndr_push_init(&n, w);
	ndr_push_ptr(&n, server_name != NULL);
	if (server_name)
		ndr_push_cvstring_utf8(&n, server_name);
	ndr_push_u32(&n, level);
	ndr_push_u32(&n, level);
	ndr_push_ptr(&n, true); /* an empty container */
	ndr_push_u32(&n, 0);
	ndr_push_ptr(&n, false);
	ndr_push_u32(&n, prefmaxlen);
	ndr_push_ptr(&n, resume != NULL);
	if (resume)
		ndr_push_u32(&n, *resume);
	return wr_status(w);
}

NTSTATUS srvsvc_share_get_info_req_encode(struct wr *w, const char *server_name,
                                          const char *net_name, uint32_t level)
{
	struct ndr_push n;

	ndr_push_init(&n, w);
	ndr_push_ptr(&n, server_name != NULL);
	if (server_name)
		ndr_push_cvstring_utf8(&n, server_name);
	ndr_push_cvstring_utf8(&n, net_name);
	ndr_push_u32(&n, level);
	return wr_status(w);
}

/* ---- responses ------------------------------------------------------ */

NTSTATUS srvsvc_share_enum_rsp_encode(struct wr *w, uint32_t level,
                                      const struct srvsvc_share *shares, size_t n_shares,
                                      uint32_t total_entries, bool has_resume,
                                      uint32_t resume_handle, uint32_t werror)
{
	struct ndr_push n;

	if (n_shares > SRVSVC_MAX_SHARES)
		return STATUS_INVALID_PARAMETER;
	ndr_push_init(&n, w);
	ndr_push_u32(&n, level);
	ndr_push_u32(&n, level);
	if (level_known(level)) {
		ndr_push_ptr(&n, true);
		ndr_push_u32(&n, (uint32_t)n_shares);
		ndr_push_ptr(&n, n_shares > 0);
		if (n_shares > 0)
			push_entries(&n, level, shares, n_shares);
	} else {
		ndr_push_ptr(&n, false);
	}
	ndr_push_u32(&n, total_entries);
	ndr_push_ptr(&n, has_resume);
	if (has_resume)
		ndr_push_u32(&n, resume_handle);
	ndr_push_u32(&n, werror);
	return wr_status(w);
}

NTSTATUS srvsvc_share_get_info_rsp_encode(struct wr *w, uint32_t level,
                                          const struct srvsvc_share *share, uint32_t werror)
{
	struct ndr_push n;
	bool present = share != NULL && level_known(level);

	ndr_push_init(&n, w);
	/* [out, switch_is(Level)] LPSHARE_INFO: discriminant, then the arm,
	 * a unique pointer to SHARE_INFO_x. */
	ndr_push_u32(&n, level);
	ndr_push_ptr(&n, present);
	if (present) {
		ndr_push_ptr(&n, true);
		if (level >= 1) {
			ndr_push_u32(&n, share->type);
			ndr_push_ptr(&n, true);
		}
		if (level == 2) {
			ndr_push_u32(&n, 0);
			ndr_push_u32(&n, share->max_uses);
			ndr_push_u32(&n, share->current_uses);
			ndr_push_ptr(&n, true);
			ndr_push_ptr(&n, false);
		}
		ndr_push_cvstring_utf8(&n, share->name ? share->name : "");
		if (level >= 1)
			ndr_push_cvstring_utf8(&n, share->remark ? share->remark : "");
		if (level == 2)
			ndr_push_cvstring_utf8(&n, share->path ? share->path : "");
	}
	ndr_push_u32(&n, werror);
	return wr_status(w);
}

NTSTATUS srvsvc_share_enum_rsp_decode(const uint8_t *stub, size_t len,
                                      struct srvsvc_share_enum_rsp *out)
{
	struct srvsvc_share_enum_rsp r;
	struct rd c;
	NTSTATUS st;

	memset(&r, 0, sizeof r);
	rd_init(&c, stub, len);
	CHK(pull_enum_struct(&c, &r.level, &r.count, &r.shares));
	if ((st = ndr_pull_u32(&c, &r.total_entries, "TotalEntries")) != STATUS_SUCCESS ||
	    (st = ndr_pull_ptr(&c, &r.has_resume, "ResumeHandle")) != STATUS_SUCCESS ||
	    (r.has_resume &&
	     (st = ndr_pull_u32(&c, &r.resume_handle, "ResumeHandle")) != STATUS_SUCCESS) ||
	    (st = ndr_pull_u32(&c, &r.werror, "WERROR")) != STATUS_SUCCESS ||
	    (st = ndr_pull_end(&c, "NetrShareEnum.end")) != STATUS_SUCCESS) {
		free(r.shares);
		return st;
	}
	*out = r;
	return STATUS_SUCCESS;
}

void srvsvc_share_enum_rsp_free(struct srvsvc_share_enum_rsp *r)
{
	free(r->shares);
	r->shares = NULL;
	r->count = 0;
}

NTSTATUS srvsvc_share_get_info_rsp_decode(const uint8_t *stub, size_t len,
                                          struct srvsvc_share_get_info_rsp *out)
{
	struct srvsvc_share_get_info_rsp r;
	struct entry_ptrs p = { 0 };
	struct rd c;

	memset(&r, 0, sizeof r);
	rd_init(&c, stub, len);
	CHK(ndr_pull_u32(&c, &r.level, "InfoStruct.switch"));
	CHK(ndr_pull_ptr(&c, &r.present, "InfoStruct.ShareInfo"));
	if (r.present) {
		if (!level_known(r.level))
			return rd_fail(&c, "InfoStruct.switch");
		CHK(ndr_pull_ptr(&c, &p.name, "shi.netname"));
		if (r.level >= 1) {
			CHK(ndr_pull_u32(&c, &r.info.type, "shi.type"));
			CHK(ndr_pull_ptr(&c, &p.remark, "shi.remark"));
		}
		if (r.level == 2) {
			CHK(ndr_pull_u32(&c, &r.info.permissions, "shi2.permissions"));
			CHK(ndr_pull_u32(&c, &r.info.max_uses, "shi2.max_uses"));
			CHK(ndr_pull_u32(&c, &r.info.current_uses, "shi2.current_uses"));
			CHK(ndr_pull_ptr(&c, &p.path, "shi2.path"));
			CHK(ndr_pull_ptr(&c, &p.passwd, "shi2.passwd"));
		}
		CHK(pull_opt_string(&c, p.name, &r.info.name, "shi.netname"));
		CHK(pull_opt_string(&c, p.remark, &r.info.remark, "shi.remark"));
		CHK(pull_opt_string(&c, p.path, &r.info.path, "shi2.path"));
		CHK(pull_opt_string(&c, p.passwd, &r.info.passwd, "shi2.passwd"));
	}
	CHK(ndr_pull_u32(&c, &r.werror, "WERROR"));
	CHK(ndr_pull_end(&c, "NetrShareGetInfo.end"));
	*out = r;
	return STATUS_SUCCESS;
}
