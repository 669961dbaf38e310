/* Samples: the SMB1 multi-protocol NEGOTIATE and the SMB2 answer to it
 * (MS-SMB2 3.3.5.3.1), then a NEGOTIATE pair for each dialect before 3.1.1
 * (MS-SMB2 2.2.3, 2.2.4).  They open the capture: the 3.1.1 pair of the
 * session family comes next and sets the dialect for what follows. */
#include <string.h>

#include "samples_int.h"
#include "wire/negotiate.h"
#include "wire/smb1_negotiate.h"

/* MS-CIFS 2.2.4.52.1: what a Windows 10 client offers. */
static const char *const smb1_dialects[] = { "NT LM 0.12", "SMB 2.002", "SMB 2.???" };

static NTSTATUS smb1_neg(struct wr *w, struct smb2_hdr *h, struct sample_info *info)
{
	struct smb1_negotiate_req r;
	size_t k;

	(void)h;
	memset(&r, 0, sizeof(r));
	r.flags = 0x18;       /* MS-CIFS 2.2.3.1: CASE_INSENSITIVE | CANONICALIZED_PATHS */
	r.flags2 = 0xc853;    /* UNICODE, NT_STATUS, EXTENDED_SECURITY, LONG_NAMES... */
	r.pid = 0xfeff;
	r.mid = 0;
	r.dialect_count = sizeof(smb1_dialects) / sizeof(smb1_dialects[0]);
	for (k = 0; k < r.dialect_count; k++) {
		r.dialects[k].p = (const uint8_t *)smb1_dialects[k];
		r.dialects[k].len = (uint32_t)strlen(smb1_dialects[k]);
	}
	/* Not an SMB2 message: fill what the judge needs by hand. */
	info->command = SMB2_NEGOTIATE;
	info->proto = SAMPLE_SMB1;
	info->msg_count = 1;
	sample_expect(info, "smb.cmd", "0x72");
	sample_expect(info, "smb.dialect.name", "NT LM 0.12|SMB 2.002|SMB 2.???");
	return smb1_negotiate_req_encode(w, &r);
}

/* MS-SMB2 3.3.5.3.1: the answer to "SMB 2.???" is an SMB2 NEGOTIATE
 * response with DialectRevision 0x02FF and MessageId 0. */
static NTSTATUS neg_rsp_wildcard(struct wr *w, struct smb2_hdr *h, struct sample_info *info)
{
	h->message_id = 0;
	return sample_negotiate_rsp(w, h, info, SMB2_DIALECT_WILDCARD, 0, 0);
}

static NTSTATUS neg_req_202(struct wr *w, struct smb2_hdr *h, struct sample_info *i)
{
	return sample_negotiate_req(w, h, i, 1);
}

static NTSTATUS neg_rsp_202(struct wr *w, struct smb2_hdr *h, struct sample_info *i)
{
	return sample_negotiate_rsp(w, h, i, SMB2_DIALECT_202, 0, 0);
}

static NTSTATUS neg_req_210(struct wr *w, struct smb2_hdr *h, struct sample_info *i)
{
	return sample_negotiate_req(w, h, i, 2);
}

static NTSTATUS neg_rsp_210(struct wr *w, struct smb2_hdr *h, struct sample_info *i)
{
	return sample_negotiate_rsp(w, h, i, SMB2_DIALECT_210, 0, 0);
}

static NTSTATUS neg_req_300(struct wr *w, struct smb2_hdr *h, struct sample_info *i)
{
	return sample_negotiate_req(w, h, i, 3);
}

static NTSTATUS neg_rsp_300(struct wr *w, struct smb2_hdr *h, struct sample_info *i)
{
	return sample_negotiate_rsp(w, h, i, SMB2_DIALECT_300, 0, 0);
}

static NTSTATUS neg_req_302(struct wr *w, struct smb2_hdr *h, struct sample_info *i)
{
	return sample_negotiate_req(w, h, i, 4);
}

static NTSTATUS neg_rsp_302(struct wr *w, struct smb2_hdr *h, struct sample_info *i)
{
	return sample_negotiate_rsp(w, h, i, SMB2_DIALECT_302, 0, 0);
}

const struct sample_entry samples_dialects[] = {
	{ "SMB1 NEGOTIATE request (multi-protocol)", SMB2_NEGOTIATE, false, smb1_neg },
	{ "NEGOTIATE response 0x02FF to SMB1", SMB2_NEGOTIATE, true, neg_rsp_wildcard },
	{ "NEGOTIATE request 2.0.2", SMB2_NEGOTIATE, false, neg_req_202 },
	{ "NEGOTIATE response 2.0.2", SMB2_NEGOTIATE, true, neg_rsp_202 },
	{ "NEGOTIATE request 2.0.2-2.1", SMB2_NEGOTIATE, false, neg_req_210 },
	{ "NEGOTIATE response 2.1", SMB2_NEGOTIATE, true, neg_rsp_210 },
	{ "NEGOTIATE request 2.0.2-3.0", SMB2_NEGOTIATE, false, neg_req_300 },
	{ "NEGOTIATE response 3.0", SMB2_NEGOTIATE, true, neg_rsp_300 },
	{ "NEGOTIATE request 2.0.2-3.0.2", SMB2_NEGOTIATE, false, neg_req_302 },
	{ "NEGOTIATE response 3.0.2", SMB2_NEGOTIATE, true, neg_rsp_302 },
};
const size_t samples_dialects_count = sizeof(samples_dialects) / sizeof(samples_dialects[0]);
