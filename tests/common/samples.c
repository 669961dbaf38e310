/* The sample catalogue: table assembly and shared helpers (samples.h). */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "samples_int.h"

const struct smb2_fileid sample_fid = {
	UINT64_C(0x0000000100000005), UINT64_C(0x00000000c0de0042)
};

struct family {
	const struct sample_entry *t;
	const size_t *n;
};

/* In the order a conversation would have them: tshark keeps per-connection
 * state (the negotiated dialect) from the NEGOTIATE pair. */
static const struct family families[] = {
	{ samples_dialects, &samples_dialects_count },
	{ samples_session, &samples_session_count },
	{ samples_auth, &samples_auth_count },
	{ samples_file, &samples_file_count },
	{ samples_cctx, &samples_cctx_count },
	{ samples_fsctl, &samples_fsctl_count },
	{ samples_info, &samples_info_count },
	{ samples_io, &samples_io_count },
	{ samples_frames, &samples_frames_count },
	{ samples_teardown, &samples_teardown_count },
	{ samples_crypto, &samples_crypto_count },
};

static const struct sample_entry *entry(size_t i)
{
	size_t f;

	for (f = 0; f < sizeof(families) / sizeof(families[0]); f++) {
		if (i < *families[f].n)
			return &families[f].t[i];
		i -= *families[f].n;
	}
	return NULL;
}

size_t samples_count(void)
{
	size_t f, n = 0;

	for (f = 0; f < sizeof(families) / sizeof(families[0]); f++)
		n += *families[f].n;
	return n;
}

const char *samples_name(size_t i)
{
	const struct sample_entry *e = entry(i);

	return e ? e->name : NULL;
}

/* MessageId of sample i: a response shares its request's id when the
 * entry before it is the request of the same command. */
static uint64_t message_id(size_t i)
{
	const struct sample_entry *e = entry(i), *prev = i ? entry(i - 1) : NULL;

	if (e->is_response && prev && !prev->is_response && prev->command == e->command)
		return 0x100 + (uint64_t)(i - 1);
	return 0x100 + (uint64_t)i;
}

NTSTATUS samples_build(size_t i, struct wr *w, struct sample_info *info)
{
	const struct sample_entry *e = entry(i);
	struct sample_info tmp;
	struct smb2_hdr h;
	NTSTATUS st;

	if (!e)
		return STATUS_INVALID_PARAMETER;
	memset(&h, 0, sizeof(h));
	h.command = e->command;
	h.credit_charge = 1;
	h.credit = e->is_response ? 32 : 64;
	h.flags = e->is_response ? SMB2_FLAGS_SERVER_TO_REDIR : 0;
	h.message_id = message_id(i);
	h.process_id = 0xFEFF;
	h.tree_id = 0x00000007;
	h.session_id = UINT64_C(0x0000100000000041);
	memset(&tmp, 0, sizeof(tmp));
	st = e->build(w, &h, &tmp);
	if (st)
		return st;
	if (tmp.command != e->command || tmp.is_response != e->is_response || !tmp.msg_count)
		return STATUS_INTERNAL_ERROR; /* the builder skipped sample_begin() */
	if (tmp.check_overflow)
		return STATUS_BUFFER_OVERFLOW;
	*info = tmp;
	return STATUS_SUCCESS;
}

NTSTATUS sample_begin(struct wr *w, const struct smb2_hdr *h, struct sample_info *info)
{
	if (info->msg_count++)
		return smb2_hdr_encode(w, h);
	info->command = h->command;
	info->is_response = smb2_hdr_is_response(h);
	info->status = info->is_response ? h->status : 0;
	info->message_id = h->message_id;
	info->session_id = h->session_id;
	info->is_async = smb2_hdr_is_async(h);
	info->async_id = info->is_async ? h->async_id : 0;
	info->tree_id = info->is_async ? 0 : h->tree_id;
	return smb2_hdr_encode(w, h);
}

void sample_file_id(struct sample_info *info, const struct smb2_fileid *id)
{
	info->has_file_id = true;
	info->file_id = *id;
}

void sample_create_ctx(struct sample_info *info, const uint8_t *name, size_t len)
{
	char *out;
	size_t k;

	if (info->create_ctx_count >= SMB2_MAX_CREATE_CONTEXTS)
		return;
	out = info->create_ctx_names[info->create_ctx_count++];
	if (len == 16) {
		for (k = 0; k < 16; k++)
			snprintf(out + 2 * k, 3, "%02x", name[k]);
		return;
	}
	if (len >= SAMPLE_CTX_NAME_MAX)
		len = SAMPLE_CTX_NAME_MAX - 1;
	memcpy(out, name, len);
	out[len] = '\0';
}

__attribute__((format(printf, 4, 0))) static void expect(struct sample_info *info,
                                                         const char *field, bool subset,
                                                         const char *fmt, va_list ap)
{
	struct sample_check *c;
	int n;

	if (info->check_count >= SAMPLE_MAX_CHECKS ||
	    strlen(field) >= sizeof(c->field)) {
		info->check_overflow = true;
		return;
	}
	c = &info->checks[info->check_count];
	memcpy(c->field, field, strlen(field) + 1);
	c->subset = subset;
	n = vsnprintf(c->values, sizeof(c->values), fmt, ap);
	if (n < 0 || (size_t)n >= sizeof(c->values)) {
		info->check_overflow = true;
		return;
	}
	info->check_count++;
}

void sample_expect(struct sample_info *info, const char *field, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	expect(info, field, false, fmt, ap);
	va_end(ap);
}

void sample_expect_has(struct sample_info *info, const char *field, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	expect(info, field, true, fmt, ap);
	va_end(ap);
}
