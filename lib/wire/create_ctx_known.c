/* The data of each known create context (MS-SMB2 2.2.13.2.x requests,
 * 2.2.14.2.x responses), parsed and written. */
#include "wire/body.h"
#include "wire/create_ctx_int.h"

/* MS-SMB2 2.2.13.2: the spec gives both GUID names as byte strings; these
 * are those bytes in wire order. */
const uint8_t smb2_create_app_instance_id_name[16] = {
	0x45, 0xBC, 0xA6, 0x6A, 0xEF, 0xA7, 0xF7, 0x4A,
	0x90, 0x08, 0xFA, 0x46, 0x2E, 0x14, 0x4D, 0x74,
};
const uint8_t smb2_create_app_instance_version_name[16] = {
	0xB9, 0x82, 0xD0, 0xB7, 0x3B, 0x56, 0x07, 0x4F,
	0xA0, 0x7B, 0x52, 0x4A, 0x81, 0x16, 0xA0, 0x10,
};

#define IN_REQ 1u
#define IN_RSP 2u

static const struct {
	const char *tag;
	enum smb2_cctx_type type;
	unsigned dirs;
} tags[] = {
	/* MS-SMB2 2.2.13.2 (requests) and 2.2.14.2 (responses) */
	{ SMB2_CREATE_EA_BUFFER, SMB2_CCTX_EA_BUFFER, IN_REQ },
	{ SMB2_CREATE_SD_BUFFER, SMB2_CCTX_SD_BUFFER, IN_REQ },
	{ SMB2_CREATE_DURABLE_HANDLE_REQUEST, SMB2_CCTX_DHNQ, IN_REQ | IN_RSP },
	{ SMB2_CREATE_DURABLE_HANDLE_RECONNECT, SMB2_CCTX_DHNC, IN_REQ },
	{ SMB2_CREATE_ALLOCATION_SIZE, SMB2_CCTX_ALSI, IN_REQ },
	{ SMB2_CREATE_QUERY_MAXIMAL_ACCESS, SMB2_CCTX_MXAC, IN_REQ | IN_RSP },
	{ SMB2_CREATE_TIMEWARP_TOKEN, SMB2_CCTX_TWRP, IN_REQ },
	{ SMB2_CREATE_QUERY_ON_DISK_ID, SMB2_CCTX_QFID, IN_REQ | IN_RSP },
	{ SMB2_CREATE_REQUEST_LEASE, SMB2_CCTX_RQLS, IN_REQ | IN_RSP },
	{ SMB2_CREATE_DURABLE_HANDLE_REQUEST_V2, SMB2_CCTX_DH2Q, IN_REQ | IN_RSP },
	{ SMB2_CREATE_DURABLE_HANDLE_RECONNECT_V2, SMB2_CCTX_DH2C, IN_REQ },
};

enum smb2_cctx_type smb2_cctx_type_of(struct smb2_blob name, bool response)
{
	unsigned dir = response ? IN_RSP : IN_REQ;

	if (name.len == 4) {
		for (size_t i = 0; i < sizeof(tags) / sizeof(tags[0]); i++)
			if ((tags[i].dirs & dir) && memcmp(name.p, tags[i].tag, 4) == 0)
				return tags[i].type;
	} else if (name.len == 16 && !response) {
		if (memcmp(name.p, smb2_create_app_instance_id_name, 16) == 0)
			return SMB2_CCTX_APP_INSTANCE_ID;
		if (memcmp(name.p, smb2_create_app_instance_version_name, 16) == 0)
			return SMB2_CCTX_APP_INSTANCE_VERSION;
	}
	return SMB2_CCTX_UNKNOWN;
}

const uint8_t *smb2_cctx_name_of(enum smb2_cctx_type type, uint32_t *len)
{
	if (type == SMB2_CCTX_APP_INSTANCE_ID) {
		*len = 16;
		return smb2_create_app_instance_id_name;
	}
	if (type == SMB2_CCTX_APP_INSTANCE_VERSION) {
		*len = 16;
		return smb2_create_app_instance_version_name;
	}
	for (size_t i = 0; i < sizeof(tags) / sizeof(tags[0]); i++)
		if (tags[i].type == type) {
			*len = 4;
			return (const uint8_t *)tags[i].tag;
		}
	return NULL;
}

static NTSTATUS parse_lease(struct rd *r, struct smb2_lease *l)
{
	/* MS-SMB2 2.2.13.2.8 / 2.2.13.2.10: told apart by DataLength. */
	if (r->len == SMB2_LEASE_V1_SIZE)
		l->version = 1;
	else if (r->len == SMB2_LEASE_V2_SIZE)
		l->version = 2;
	else
		return STATUS_INVALID_PARAMETER;
	(void)!rd_bytes(r, l->key, 16);
	(void)!rd_u32(r, &l->state);
	(void)!rd_u32(r, &l->flags);
	(void)!rd_u64(r, &l->duration);
	if (l->version == 2) {
		(void)!rd_bytes(r, l->parent_key, 16);
		(void)!rd_u16(r, &l->epoch);
	}
	return STATUS_SUCCESS;
}

NTSTATUS smb2_cctx_parse(struct smb2_create_ctx *x, bool response)
{
	struct rd r;
	size_t n = x->data.len;

	rd_init(&r, x->data.p, n);
	/* Every read below is bounded by the length check before it. */
	switch (x->type) {
	case SMB2_CCTX_UNKNOWN:
		return STATUS_SUCCESS;
	case SMB2_CCTX_EA_BUFFER: /* 2.2.13.2.1 */
	case SMB2_CCTX_SD_BUFFER: /* 2.2.13.2.2 */
		if (n == 0)
			return STATUS_INVALID_PARAMETER;
		x->u.blob = x->data;
		return STATUS_SUCCESS;
	case SMB2_CCTX_DHNQ: /* 2.2.13.2.3: 16 reserved; 2.2.14.2.3: 8 reserved */
		return n == (response ? SMB2_DHNQ_RSP_SIZE : SMB2_DHNQ_REQ_SIZE)
		               ? STATUS_SUCCESS : STATUS_INVALID_PARAMETER;
	case SMB2_CCTX_DHNC: /* 2.2.13.2.4 */
		if (n != SMB2_DHNC_SIZE)
			return STATUS_INVALID_PARAMETER;
		(void)!rd_fileid(&r, &x->u.dhnc);
		return STATUS_SUCCESS;
	case SMB2_CCTX_ALSI: /* 2.2.13.2.6 */
		if (n != SMB2_ALSI_SIZE)
			return STATUS_INVALID_PARAMETER;
		(void)!rd_u64(&r, &x->u.alloc_size);
		return STATUS_SUCCESS;
	case SMB2_CCTX_MXAC:
		memset(&x->u.mxac, 0, sizeof(x->u.mxac));
		if (response) { /* 2.2.14.2.5 */
			if (n != SMB2_MXAC_RSP_SIZE)
				return STATUS_INVALID_PARAMETER;
			(void)!rd_u32(&r, &x->u.mxac.query_status);
			(void)!rd_u32(&r, &x->u.mxac.maximal_access);
			return STATUS_SUCCESS;
		}
		/* 2.2.13.2.5: empty, or a Timestamp */
		if (n != 0 && n != SMB2_MXAC_REQ_TS_SIZE)
			return STATUS_INVALID_PARAMETER;
		x->u.mxac.has_timestamp = n != 0;
		if (n)
			(void)!rd_u64(&r, &x->u.mxac.timestamp);
		return STATUS_SUCCESS;
	case SMB2_CCTX_TWRP: /* 2.2.13.2.7 */
		if (n != SMB2_TWRP_SIZE)
			return STATUS_INVALID_PARAMETER;
		(void)!rd_u64(&r, &x->u.twrp);
		return STATUS_SUCCESS;
	case SMB2_CCTX_QFID:
		memset(&x->u.qfid, 0, sizeof(x->u.qfid));
		if (!response) /* 2.2.13.2.9: no data */
			return n == 0 ? STATUS_SUCCESS : STATUS_INVALID_PARAMETER;
		/* 2.2.14.2.9: DiskFileId 8, VolumeId 8, Reserved 16 */
		if (n != SMB2_QFID_RSP_SIZE)
			return STATUS_INVALID_PARAMETER;
		(void)!rd_u64(&r, &x->u.qfid.disk_file_id);
		(void)!rd_u64(&r, &x->u.qfid.volume_id);
		(void)!rd_bytes(&r, x->u.qfid.reserved, 16);
		return STATUS_SUCCESS;
	case SMB2_CCTX_RQLS:
		memset(&x->u.lease, 0, sizeof(x->u.lease));
		return parse_lease(&r, &x->u.lease);
	case SMB2_CCTX_DH2Q:
		memset(&x->u.dh2q, 0, sizeof(x->u.dh2q));
		if (n != (response ? SMB2_DH2Q_RSP_SIZE : SMB2_DH2Q_REQ_SIZE))
			return STATUS_INVALID_PARAMETER;
		/* 2.2.13.2.11: Timeout, Flags, Reserved 8, CreateGuid;
		 * 2.2.14.2.12: Timeout, Flags */
		(void)!rd_u32(&r, &x->u.dh2q.timeout);
		(void)!rd_u32(&r, &x->u.dh2q.flags);
		if (!response) {
			(void)!rd_skip(&r, 8);
			(void)!rd_bytes(&r, x->u.dh2q.create_guid, 16);
		}
		return STATUS_SUCCESS;
	case SMB2_CCTX_DH2C: /* 2.2.13.2.12 */
		if (n != SMB2_DH2C_SIZE)
			return STATUS_INVALID_PARAMETER;
		(void)!rd_fileid(&r, &x->u.dh2c.file_id);
		(void)!rd_bytes(&r, x->u.dh2c.create_guid, 16);
		(void)!rd_u32(&r, &x->u.dh2c.flags);
		return STATUS_SUCCESS;
	case SMB2_CCTX_APP_INSTANCE_ID: /* 2.2.13.2.13 */
		if (n != SMB2_APP_INSTANCE_ID_SIZE)
			return STATUS_INVALID_PARAMETER;
		(void)!rd_u16(&r, &x->u.app_instance_id.structure_size);
		(void)!rd_skip(&r, 2);
		(void)!rd_bytes(&r, x->u.app_instance_id.id, 16);
		return STATUS_SUCCESS;
	case SMB2_CCTX_APP_INSTANCE_VERSION: /* 2.2.13.2.15 */
		if (n != SMB2_APP_INSTANCE_VERSION_SIZE)
			return STATUS_INVALID_PARAMETER;
		(void)!rd_u16(&r, &x->u.app_instance_version.structure_size);
		(void)!rd_skip(&r, 2 + 4);
		(void)!rd_u64(&r, &x->u.app_instance_version.high);
		(void)!rd_u64(&r, &x->u.app_instance_version.low);
		return STATUS_SUCCESS;
	}
	return STATUS_INVALID_PARAMETER;
}

static void put_lease(struct wr *w, const struct smb2_lease *l)
{
	wr_bytes(w, l->key, 16);
	wr_u32(w, l->state);
	wr_u32(w, l->flags);
	wr_u64(w, l->duration);
	if (l->version == 2) {
		wr_bytes(w, l->parent_key, 16);
		wr_u16(w, l->epoch);
		wr_u16(w, 0);
	}
}

bool smb2_cctx_has_data(const struct smb2_create_ctx *x, bool response)
{
	switch (x->type) {
	case SMB2_CCTX_UNKNOWN:
		return x->data.len != 0;
	case SMB2_CCTX_EA_BUFFER:
	case SMB2_CCTX_SD_BUFFER:
		return x->u.blob.len != 0;
	case SMB2_CCTX_MXAC:
		return response || x->u.mxac.has_timestamp;
	case SMB2_CCTX_QFID:
		return response;
	default:
		return true;
	}
}

void smb2_cctx_put_data(struct wr *w, const struct smb2_create_ctx *x, bool response)
{
	switch (x->type) {
	case SMB2_CCTX_UNKNOWN:
		wr_bytes(w, x->data.p, x->data.len);
		break;
	case SMB2_CCTX_EA_BUFFER:
	case SMB2_CCTX_SD_BUFFER:
		wr_bytes(w, x->u.blob.p, x->u.blob.len);
		break;
	case SMB2_CCTX_DHNQ:
		wr_zero(w, response ? SMB2_DHNQ_RSP_SIZE : SMB2_DHNQ_REQ_SIZE);
		break;
	case SMB2_CCTX_DHNC:
		wr_fileid(w, &x->u.dhnc);
		break;
	case SMB2_CCTX_ALSI:
		wr_u64(w, x->u.alloc_size);
		break;
	case SMB2_CCTX_MXAC:
		if (response) {
			wr_u32(w, x->u.mxac.query_status);
			wr_u32(w, x->u.mxac.maximal_access);
		} else if (x->u.mxac.has_timestamp) {
			wr_u64(w, x->u.mxac.timestamp);
		}
		break;
	case SMB2_CCTX_TWRP:
		wr_u64(w, x->u.twrp);
		break;
	case SMB2_CCTX_QFID:
		if (response) {
			wr_u64(w, x->u.qfid.disk_file_id);
			wr_u64(w, x->u.qfid.volume_id);
			wr_bytes(w, x->u.qfid.reserved, 16);
		}
		break;
	case SMB2_CCTX_RQLS:
		put_lease(w, &x->u.lease);
		break;
	case SMB2_CCTX_DH2Q:
		wr_u32(w, x->u.dh2q.timeout);
		wr_u32(w, x->u.dh2q.flags);
		if (!response) {
			wr_zero(w, 8);
			wr_bytes(w, x->u.dh2q.create_guid, 16);
		}
		break;
	case SMB2_CCTX_DH2C:
		wr_fileid(w, &x->u.dh2c.file_id);
		wr_bytes(w, x->u.dh2c.create_guid, 16);
		wr_u32(w, x->u.dh2c.flags);
		break;
	case SMB2_CCTX_APP_INSTANCE_ID:
		wr_u16(w, SMB2_APP_INSTANCE_ID_SIZE);
		wr_u16(w, 0);
		wr_bytes(w, x->u.app_instance_id.id, 16);
		break;
	case SMB2_CCTX_APP_INSTANCE_VERSION:
		wr_u16(w, SMB2_APP_INSTANCE_VERSION_SIZE);
		wr_u16(w, 0);
		wr_u32(w, 0);
		wr_u64(w, x->u.app_instance_version.high);
		wr_u64(w, x->u.app_instance_version.low);
		break;
	default:
		w->err = true;
		break;
	}
}
