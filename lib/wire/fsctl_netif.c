/* FSCTL_QUERY_NETWORK_INTERFACE_INFO response: the NETWORK_INTERFACE_INFO
 * chain (MS-SMB2 2.2.32.5, 2.2.32.5.1). */
#include "wire/fsctl.h"

/* Read one 152-byte entry at the cursor (which holds at least that). */
static NTSTATUS iface_read(struct rd *c, uint32_t *next, struct smb2_net_iface *f)
{
	const uint8_t *sa = NULL;

	(void)!rd_u32(c, next);
	(void)!rd_u32(c, &f->if_index);
	(void)!rd_u32(c, &f->capability);
	(void)!rd_skip(c, 4);
	(void)!rd_u64(c, &f->link_speed);
	(void)!rd_ptr(c, SMB2_SOCKADDR_STORAGE_SIZE, &sa);
	memset(f->addr, 0, sizeof(f->addr));
	f->family = le16(sa);
	f->port = be16(sa + 2);
	f->flow_info = 0;
	f->scope_id = 0;
	switch (f->family) {
	case SMB2_SOCKADDR_INET:
		/* 2.2.32.5.1.1 SOCKADDR_IN: Port, IPv4Address, Reserved 8 */
		memcpy(f->addr, sa + 4, 4);
		break;
	case SMB2_SOCKADDR_INET6:
		/* 2.2.32.5.1.2 SOCKADDR_IN6: Port, FlowInfo, IPv6Address,
		 * ScopeId */
		f->flow_info = le32(sa + 4);
		memcpy(f->addr, sa + 8, 16);
		f->scope_id = le32(sa + 24);
		break;
	default:
		/* 2.2.32.5.1: Family MUST be InterNetwork or InterNetworkV6. */
		c->pos -= SMB2_SOCKADDR_STORAGE_SIZE;
		return rd_fail(c, "NETWORK_INTERFACE_INFO.Family");
	}
	return STATUS_SUCCESS;
}

NTSTATUS smb2_net_iface_list_decode(const struct smb2_blob *b, struct smb2_net_iface_list *out)
{
	struct smb2_net_iface_list l;
	struct rd c;
	size_t at = 0;
	NTSTATUS st;

	rd_init(&c, b->p, b->len);
	l.count = 0;
	while (b->len > 0) {
		uint32_t next = 0;

		if (l.count == SMB2_MAX_NET_INTERFACES)
			return rd_fail(&c, "NETWORK_INTERFACE_INFO count");
		if (!rd_seek(&c, at) || rd_left(&c) < SMB2_NETWORK_INTERFACE_INFO_SIZE)
			return rd_fail(&c, "NETWORK_INTERFACE_INFO");
		st = iface_read(&c, &next, &l.ifs[l.count]);
		if (st)
			return st;
		l.count++;
		if (next == 0)
			break;
		/* 2.2.32.5 Next: to a subsequent 8-byte aligned entry; at
		 * least one entry on, so the chain only moves forward. */
		if (next < SMB2_NETWORK_INTERFACE_INFO_SIZE || next % 8 != 0 ||
		    (uint64_t)at + next > b->len) {
			c.pos = at;
			return rd_fail(&c, "NETWORK_INTERFACE_INFO.Next");
		}
		at += next;
	}
	for (uint32_t i = l.count; i < SMB2_MAX_NET_INTERFACES; i++)
		memset(&l.ifs[i], 0, sizeof(l.ifs[i]));
	*out = l;
	return STATUS_SUCCESS;
}

NTSTATUS smb2_net_iface_list_encode(struct wr *w, const struct smb2_net_iface_list *in)
{
	if (in->count > SMB2_MAX_NET_INTERFACES)
		return STATUS_INVALID_PARAMETER;
	for (uint32_t i = 0; i < in->count; i++) {
		const struct smb2_net_iface *f = &in->ifs[i];
		uint8_t *sa;

		if (f->family != SMB2_SOCKADDR_INET && f->family != SMB2_SOCKADDR_INET6)
			return STATUS_INVALID_PARAMETER;
		wr_u32(w, i + 1 < in->count ? SMB2_NETWORK_INTERFACE_INFO_SIZE : 0);
		wr_u32(w, f->if_index);
		wr_u32(w, f->capability);
		wr_u32(w, 0);
		wr_u64(w, f->link_speed);
		sa = wr_grow(w, SMB2_SOCKADDR_STORAGE_SIZE);
		if (!sa)
			break;
		put_le16(sa, f->family);
		sa[2] = (uint8_t)(f->port >> 8);
		sa[3] = (uint8_t)f->port;
		if (f->family == SMB2_SOCKADDR_INET) {
			memcpy(sa + 4, f->addr, 4);
		} else {
			put_le32(sa + 4, f->flow_info);
			memcpy(sa + 8, f->addr, 16);
			put_le32(sa + 24, f->scope_id);
		}
	}
	return wr_status(w);
}
