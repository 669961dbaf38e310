/*
 * The srvsvc interface on the server side: NetrShareEnum (MS-SRVS 3.1.4.8)
 * and NetrShareGetInfo (3.1.4.10) over the shares a callback lists.
 * Other operations answer nca_s_op_rng_error (C706 appendix E: the
 * operation is not served), as do opnums past the interface.
 */
#include "rpc/srvsvc.h"

#include <stdlib.h>
#include <string.h>

#include "rpc/ndr.h"
#include "util/utf16.h"

/* Bytes one entry takes in the response (fixed part and strings), for
 * PreferedMaximumLength (MS-SRVS 3.1.4.8). */
static size_t string_cost(const char *s)
{
	size_t n = s ? strlen(s) : 0;

	/* max_count, offset, actual_count, units (UTF-8 bytes bound them),
	 * terminator, alignment */
	return 12 + ((2 * (n + 1) + 3) & ~(size_t)3);
}

static size_t entry_cost(uint32_t level, const struct srvsvc_share *s)
{
	size_t c = 4 + string_cost(s->name);

	if (level >= 1)
		c += 8 + string_cost(s->remark);
	if (level == 2)
		c += 20 + string_cost(s->path);
	return c;
}

static uint32_t share_enum(struct srvsvc_ctx *ctx, const uint8_t *in, size_t len,
                           struct wr *out)
{
	struct srvsvc_share_enum_req req;
	const struct srvsvc_share *all = NULL;
	size_t n_all, start, end, budget;
	uint32_t werror = WERR_OK;

	if (srvsvc_share_enum_req_decode(in, len, &req) != STATUS_SUCCESS)
		return DCERPC_NCA_S_FAULT_NDR;
	n_all = ctx->list(ctx->arg, &all);
	if (n_all > SRVSVC_MAX_SHARES)
		n_all = SRVSVC_MAX_SHARES;
	if (req.level != 0 && req.level != 1 && req.level != 2) {
		/* MS-SRVS 3.1.4.8: any other level fails with ERROR_INVALID_LEVEL
		 * (501, 502 and 503 are not served here). */
		if (srvsvc_share_enum_rsp_encode(out, req.level, NULL, 0, 0, req.has_resume,
		                                 req.resume_handle, WERR_INVALID_LEVEL) !=
		    STATUS_SUCCESS)
			return DCERPC_NCA_S_FAULT_REMOTE_NO_MEMORY;
		return 0;
	}
	/* The resume handle is the index of the next entry to return. */
	start = req.has_resume ? req.resume_handle : 0;
	if (start > n_all)
		start = n_all;
	budget = req.prefmaxlen;
	end = start;
	while (end < n_all) {
		size_t cost = entry_cost(req.level, &all[end]);

		/* at least one entry per call, so that a client always advances */
		if (end > start && cost > budget)
			break;
		budget = cost > budget ? 0 : budget - cost;
		end++;
	}
	if (end < n_all)
		werror = WERR_MORE_DATA;
	if (srvsvc_share_enum_rsp_encode(out, req.level, all + start, end - start,
	                                 (uint32_t)n_all, req.has_resume,
	                                 end < n_all ? (uint32_t)end : 0, werror) != STATUS_SUCCESS)
		return DCERPC_NCA_S_FAULT_REMOTE_NO_MEMORY;
	return 0;
}

static bool name_matches(const char *utf8, const struct smb2_blob *want)
{
	uint8_t *u = NULL;
	size_t n = 0;
	bool eq;

	if (!utf8 || utf8_to_utf16le_alloc(utf8, strlen(utf8), &u, &n) != STATUS_SUCCESS)
		return false;
	eq = utf16le_equal_nocase(u, n, want->p, want->len) != 0;
	free(u);
	return eq;
}

static uint32_t share_get_info(struct srvsvc_ctx *ctx, const uint8_t *in, size_t len,
                               struct wr *out)
{
	struct srvsvc_share_get_info_req req;
	const struct srvsvc_share *all = NULL, *found = NULL;
	size_t n_all;
	uint32_t werror = WERR_OK;

	if (srvsvc_share_get_info_req_decode(in, len, &req) != STATUS_SUCCESS)
		return DCERPC_NCA_S_FAULT_NDR;
	n_all = ctx->list(ctx->arg, &all);
	if (n_all > SRVSVC_MAX_SHARES)
		n_all = SRVSVC_MAX_SHARES;
	for (size_t i = 0; i < n_all && !found; i++)
		if (name_matches(all[i].name, &req.net_name))
			found = &all[i];
	/* MS-SRVS 3.1.4.10: the level first, then the name */
	if (req.level != 0 && req.level != 1 && req.level != 2)
		werror = WERR_INVALID_LEVEL;
	else if (!found)
		werror = WERR_NERR_NET_NAME_NOT_FOUND;
	if (srvsvc_share_get_info_rsp_encode(out, req.level, werror == WERR_OK ? found : NULL,
	                                     werror) != STATUS_SUCCESS)
		return DCERPC_NCA_S_FAULT_REMOTE_NO_MEMORY;
	return 0;
}

static uint32_t srvsvc_dispatch(void *arg, uint16_t opnum, const uint8_t *in, size_t len,
                                struct wr *out)
{
	struct srvsvc_ctx *ctx = arg;

	switch (opnum) {
	case SRVSVC_OPNUM_NETR_SHARE_ENUM:
		return share_enum(ctx, in, len, out);
	case SRVSVC_OPNUM_NETR_SHARE_GET_INFO:
		return share_get_info(ctx, in, len, out);
	default:
		return DCERPC_NCA_S_OP_RNG_ERROR;
	}
}

/* 4b324fc8-1670-01d3-1278-5a47bf6ee188 v3.0 */
const struct dcerpc_iface srvsvc_iface = {
	.name = "srvsvc",
	.syntax = { { { 0xc8, 0x4f, 0x32, 0x4b, 0x70, 0x16, 0xd3, 0x01,
	                0x12, 0x78, 0x5a, 0x47, 0xbf, 0x6e, 0xe1, 0x88 } }, 3, 0 },
	.n_opnums = SRVSVC_N_OPNUMS,
	.dispatch = srvsvc_dispatch,
};

struct dcerpc_pipe *srvsvc_pipe_new(struct srvsvc_ctx *ctx, uint32_t assoc_group_id)
{
	struct dcerpc_endpoint ep = { &srvsvc_iface, ctx };

	if (!ctx || !ctx->list)
		return NULL;
	return dcerpc_pipe_new(&ep, 1, "\\PIPE\\srvsvc", assoc_group_id);
}
