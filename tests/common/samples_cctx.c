/* Samples: CREATE with every create context (MS-SMB2 2.2.13.2 request
 * values, 2.2.14.2 response values) and one unknown, opaque context. */
#include <string.h>

#include "samples_int.h"
#include "wire/create.h"
#include "wire/create_ctx.h"
#include "wire/oplock_break.h"
#include "wire/secdesc.h"

static const uint8_t fname[] = { 'n', 0, 'e', 0, 'w', 0, '.', 0, 'd', 0, 'a', 0, 't', 0 };
static const uint8_t lease_key[16] = { 0x1e, 0xa5, 0xe1, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11,
                                       12, 13 };
static const uint8_t app_id[16] = { 0xa1, 0x1d, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12 };
static const uint8_t create_guid[16] = { 0xc4, 0xea, 0x7e, 0x01, 0x9d, 0x1d, 0x4e, 0x11,
                                         0x80, 0x00, 0x5a, 0x3b, 0x00, 0x00, 0x00, 0x02 };
static const uint8_t unknown_name[4] = { 'X', 's', 'm', 'b' };
static const uint8_t unknown_data[6] = { 's', 'a', 'm', 'p', 'l', 'e' };
static const uint8_t ea_name[] = "user.smbsim";
static const uint8_t ea_value[] = { 'o', 'n' };

/* Scratch space for the ExtA and SecD payloads. */
static uint8_t payload_buf[512];

/* S-1-5-32-544 (Administrators) and S-1-1-0 (Everyone). */
static const struct smb2_sid admins = { 1, 2, { 0, 0, 0, 0, 0, 5 }, { 32, 544 } };
static const struct smb2_sid everyone = { 1, 1, { 0, 0, 0, 0, 0, 1 }, { 0 } };

static NTSTATUS build_payloads(struct smb2_blob *ea, struct smb2_blob *sd)
{
	const struct smb2_ea e = { 0, { ea_name, sizeof(ea_name) - 1 },
	                           { ea_value, sizeof(ea_value) } };
	struct smb2_secdesc d;
	struct wr w;
	size_t ea_len;
	NTSTATUS st;

	memset(&d, 0, sizeof(d));
	d.revision = 1;
	d.control = SE_SELF_RELATIVE;
	d.has_owner = d.has_group = true;
	d.owner = admins;
	d.group = everyone;
	wr_init(&w, sizeof(payload_buf));
	st = smb2_ea_list_encode(&w, &e, 1);
	ea_len = w.len;
	if (!st)
		st = smb2_secdesc_encode(&w, &d);
	if (!st && w.len <= sizeof(payload_buf)) {
		memcpy(payload_buf, w.buf, w.len);
		*ea = (struct smb2_blob){ payload_buf, (uint32_t)ea_len };
		*sd = (struct smb2_blob){ payload_buf + ea_len, (uint32_t)(w.len - ea_len) };
	} else if (!st) {
		st = STATUS_BUFFER_OVERFLOW;
	}
	wr_free(&w);
	return st;
}

static void record(struct sample_info *info, const struct smb2_create_ctx *c, size_t n,
                   bool response)
{
	static const char *const names[] = {
		[SMB2_CCTX_EA_BUFFER] = "ExtA", [SMB2_CCTX_SD_BUFFER] = "SecD",
		[SMB2_CCTX_DHNQ] = "DHnQ", [SMB2_CCTX_DHNC] = "DHnC",
		[SMB2_CCTX_ALSI] = "AlSi", [SMB2_CCTX_MXAC] = "MxAc",
		[SMB2_CCTX_TWRP] = "TWrp", [SMB2_CCTX_QFID] = "QFid",
		[SMB2_CCTX_RQLS] = "RqLs", [SMB2_CCTX_DH2Q] = "DH2Q",
		[SMB2_CCTX_DH2C] = "DH2C",
	};
	size_t k;

	for (k = 0; k < n; k++) {
		if (c[k].type == SMB2_CCTX_UNKNOWN)
			sample_create_ctx(info, c[k].name.p, c[k].name.len);
		else if (c[k].type == SMB2_CCTX_APP_INSTANCE_ID)
			sample_create_ctx(info, smb2_create_app_instance_id_name, 16);
		else if (c[k].type == SMB2_CCTX_APP_INSTANCE_VERSION)
			sample_create_ctx(info, smb2_create_app_instance_version_name, 16);
		else
			sample_create_ctx(info, (const uint8_t *)names[c[k].type], 4);
	}
	(void)response;
}

static void lease(struct smb2_create_ctx *c, uint8_t version, uint32_t state)
{
	c->type = SMB2_CCTX_RQLS;
	c->u.lease.version = version;
	memcpy(c->u.lease.key, lease_key, 16);
	c->u.lease.state = state;
	if (version == 2) {
		c->u.lease.flags = SMB2_LEASE_FLAG_PARENT_LEASE_KEY_SET;
		memcpy(c->u.lease.parent_key, app_id, 16);
		c->u.lease.epoch = 3;
	}
}

static void unknown(struct smb2_create_ctx *c)
{
	c->type = SMB2_CCTX_UNKNOWN;
	c->name = (struct smb2_blob){ unknown_name, sizeof(unknown_name) };
	c->data = (struct smb2_blob){ unknown_data, sizeof(unknown_data) };
}

static NTSTATUS create_req(struct wr *w, struct smb2_hdr *h, struct sample_info *info,
                           bool second)
{
	static struct smb2_create_req r;
	struct smb2_create_ctx *c = r.contexts.ctx;
	struct smb2_blob ea, sd;
	uint32_t n = 0;
	NTSTATUS st;

	memset(&r, 0, sizeof(r));
	r.requested_oplock_level = SMB2_OPLOCK_LEVEL_LEASE;
	r.impersonation_level = SMB2_IMPERSONATION_IMPERSONATION;
	r.desired_access = SMB2_GENERIC_READ | SMB2_GENERIC_WRITE;
	r.file_attributes = SMB2_FILE_ATTRIBUTE_NORMAL;
	r.share_access = SMB2_FILE_SHARE_READ;
	r.create_disposition = second ? SMB2_FILE_OPEN : SMB2_FILE_CREATE;
	r.create_options = SMB2_FILE_NON_DIRECTORY_FILE;
	r.name = (struct smb2_blob){ fname, sizeof(fname) };
	if (!second) {
		if ((st = build_payloads(&ea, &sd)))
			return st;
		c[n].type = SMB2_CCTX_EA_BUFFER;
		c[n++].u.blob = ea;
		c[n].type = SMB2_CCTX_SD_BUFFER;
		c[n++].u.blob = sd;
		c[n++].type = SMB2_CCTX_DHNQ;
		c[n].type = SMB2_CCTX_ALSI;
		c[n++].u.alloc_size = 1048576;
		c[n].type = SMB2_CCTX_MXAC;
		c[n].u.mxac.has_timestamp = true;
		c[n++].u.mxac.timestamp = UINT64_C(133000000000000000);
		c[n].type = SMB2_CCTX_TWRP;
		c[n++].u.twrp = UINT64_C(132900000000000000);
		c[n++].type = SMB2_CCTX_QFID;
		lease(&c[n++], 1, SMB2_LEASE_READ_CACHING | SMB2_LEASE_HANDLE_CACHING);
		c[n].type = SMB2_CCTX_APP_INSTANCE_ID;
		c[n].u.app_instance_id.structure_size = SMB2_APP_INSTANCE_ID_SIZE;
		memcpy(c[n++].u.app_instance_id.id, app_id, 16);
		c[n].type = SMB2_CCTX_APP_INSTANCE_VERSION;
		c[n].u.app_instance_version.structure_size = SMB2_APP_INSTANCE_VERSION_SIZE;
		c[n].u.app_instance_version.high = 10;
		c[n++].u.app_instance_version.low = 19041;
		unknown(&c[n++]);
	} else {
		c[n].type = SMB2_CCTX_DHNC;
		c[n++].u.dhnc = sample_fid;
		c[n].type = SMB2_CCTX_DH2C;
		c[n].u.dh2c.file_id = sample_fid;
		memcpy(c[n].u.dh2c.create_guid, create_guid, 16);
		c[n++].u.dh2c.flags = SMB2_DHANDLE_FLAG_PERSISTENT;
		c[n].type = SMB2_CCTX_DH2Q;
		c[n].u.dh2q.timeout = 0;
		c[n].u.dh2q.flags = SMB2_DHANDLE_FLAG_PERSISTENT;
		memcpy(c[n++].u.dh2q.create_guid, create_guid, 16);
		lease(&c[n++], 2, SMB2_LEASE_READ_CACHING);
	}
	r.contexts.count = n;
	st = sample_begin(w, h, info);
	if (st)
		return st;
	record(info, c, n, false);
	if (!second)
		sample_expect(info, "smb2.ea.name", "user.smbsim");
	return smb2_create_req_encode(w, &r);
}

static NTSTATUS create_rsp(struct wr *w, struct smb2_hdr *h, struct sample_info *info,
                           bool second)
{
	static struct smb2_create_rsp r;
	struct smb2_create_ctx *c = r.contexts.ctx;
	uint32_t n = 0;
	NTSTATUS st;

	memset(&r, 0, sizeof(r));
	r.oplock_level = SMB2_OPLOCK_LEVEL_LEASE;
	r.create_action = second ? SMB2_FILE_OPENED : SMB2_FILE_CREATED;
	r.creation_time = r.last_access_time = r.last_write_time = r.change_time =
		UINT64_C(133000000000000000);
	r.file_attributes = SMB2_FILE_ATTRIBUTE_ARCHIVE;
	r.file_id = sample_fid;
	if (!second) {
		c[n++].type = SMB2_CCTX_DHNQ;
		c[n].type = SMB2_CCTX_MXAC;
		c[n++].u.mxac.maximal_access = 0x001f01ff;
		c[n].type = SMB2_CCTX_QFID;
		c[n].u.qfid.disk_file_id = 0x4242;
		c[n++].u.qfid.volume_id = 0x801;
		lease(&c[n++], 1, SMB2_LEASE_READ_CACHING | SMB2_LEASE_HANDLE_CACHING);
		unknown(&c[n++]);
	} else {
		c[n].type = SMB2_CCTX_DH2Q;
		c[n].u.dh2q.flags = SMB2_DHANDLE_FLAG_PERSISTENT;
		c[n++].u.dh2q.timeout = 120000;
		lease(&c[n++], 2, SMB2_LEASE_READ_CACHING);
	}
	r.contexts.count = n;
	st = sample_begin(w, h, info);
	if (st)
		return st;
	sample_file_id(info, &r.file_id);
	record(info, c, n, true);
	return smb2_create_rsp_encode(w, &r);
}

static NTSTATUS req_a(struct wr *w, struct smb2_hdr *h, struct sample_info *i)
{
	return create_req(w, h, i, false);
}

static NTSTATUS rsp_a(struct wr *w, struct smb2_hdr *h, struct sample_info *i)
{
	return create_rsp(w, h, i, false);
}

static NTSTATUS req_b(struct wr *w, struct smb2_hdr *h, struct sample_info *i)
{
	return create_req(w, h, i, true);
}

static NTSTATUS rsp_b(struct wr *w, struct smb2_hdr *h, struct sample_info *i)
{
	return create_rsp(w, h, i, true);
}

const struct sample_entry samples_cctx[] = {
	{ "CREATE request ExtA+SecD+DHnQ+AlSi+MxAc+TWrp+QFid+RqLs v1+AppInstanceId+"
	  "AppInstanceVersion+unknown", SMB2_CREATE, false, req_a },
	{ "CREATE response DHnQ+MxAc+QFid+RqLs v1+unknown", SMB2_CREATE, true, rsp_a },
	{ "CREATE request DHnC+DH2C+DH2Q+RqLs v2", SMB2_CREATE, false, req_b },
	{ "CREATE response DH2Q+RqLs v2", SMB2_CREATE, true, rsp_b },
};
const size_t samples_cctx_count = sizeof(samples_cctx) / sizeof(samples_cctx[0]);
