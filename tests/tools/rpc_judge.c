/*
 * rpc_judge PCAP: writes a pcap of a client binding to srvsvc over an SMB2
 * named pipe and asking NetrShareEnum (level 1), where every DCE/RPC PDU
 * is ours: the bind and the request from the client-side encoders, the
 * bind_ack and the response from lib/rpc's pipe server, carried in SMB2
 * WRITE requests and READ responses on a "srvsvc" open of IPC$.
 * tests/scripts/check_tshark_dcerpc.sh has tshark dissect it.  Prints the
 * shares it configured, one "name<TAB>type<TAB>remark" line each.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/pcap_writer.h"
#include "rpc/srvsvc.h"
#include "util/utf16.h"
#include "wire/msg.h"

static const struct srvsvc_share shares[] = {
	{ "data", STYPE_DISKTREE, "Our data", NULL, 0xFFFFFFFF, 0 },
	{ "IPC$", STYPE_IPC | STYPE_SPECIAL, "IPC Service", NULL, 0xFFFFFFFF, 0 },
	{ "backup", STYPE_DISKTREE, "nightly copies", NULL, 0xFFFFFFFF, 0 },
};

static size_t list(void *arg, const struct srvsvc_share **out)
{
	(void)arg;
	*out = shares;
	return sizeof shares / sizeof shares[0];
}

static const struct smb2_fileid fid = { 0x11, 0x22 };
static uint64_t mid;

static int emit(struct pcap_writer *pw, struct smb2_msg *m, uint16_t cmd, bool response)
{
	struct wr w;
	int rc;

	m->hdr.command = cmd;
	m->hdr.credit = 1;
	m->hdr.credit_charge = 1;
	m->hdr.flags = response ? SMB2_FLAGS_SERVER_TO_REDIR : 0;
	m->hdr.message_id = mid;
	m->hdr.session_id = 0x1000000001ull;
	m->hdr.tree_id = cmd == SMB2_TREE_CONNECT && !response ? 0 : 5;
	m->hdr.process_id = 0xFEFF;
	m->kind = response ? SMB2_MSG_RSP(cmd) : SMB2_MSG_REQ(cmd);
	wr_init(&w, WR_MAX_DEFAULT);
	if (smb2_msg_encode(&w, m) != STATUS_SUCCESS) {
		fprintf(stderr, "rpc_judge: cannot encode %s\n", smb2_msg_kind_name(m->kind));
		wr_free(&w);
		return -1;
	}
	rc = pcap_writer_frame(pw, !response, w.buf, w.len, NULL);
	wr_free(&w);
	if (response)
		mid++;
	return rc;
}

/* WRITE of `pdu` to the pipe, then a READ whose response carries what
 * the pipe answers. */
static int exchange(struct pcap_writer *pw, struct dcerpc_pipe *pipe, const struct wr *pdu)
{
	static uint8_t out[DCERPC_PIPE_MAX_FRAG];
	struct smb2_msg m;
	size_t n;
	bool more;

	memset(&m, 0, sizeof m);
	m.u.write_req.file_id = fid;
	m.u.write_req.data.p = pdu->buf;
	m.u.write_req.data.len = (uint32_t)pdu->len;
	if (emit(pw, &m, SMB2_WRITE, false))
		return -1;
	if (dcerpc_pipe_write(pipe, pdu->buf, pdu->len) != STATUS_SUCCESS) {
		fprintf(stderr, "rpc_judge: the pipe refused the write\n");
		return -1;
	}
	memset(&m, 0, sizeof m);
	m.u.write_rsp.count = (uint32_t)pdu->len;
	if (emit(pw, &m, SMB2_WRITE, true))
		return -1;
	memset(&m, 0, sizeof m);
	m.u.read_req.file_id = fid;
	m.u.read_req.length = sizeof out;
	m.u.read_req.padding = 0x50;
	if (emit(pw, &m, SMB2_READ, false))
		return -1;
	if (dcerpc_pipe_read(pipe, out, sizeof out, &n, &more) != STATUS_SUCCESS) {
		fprintf(stderr, "rpc_judge: the pipe has no whole answer\n");
		return -1;
	}
	memset(&m, 0, sizeof m);
	m.u.read_rsp.data.p = out;
	m.u.read_rsp.data.len = (uint32_t)n;
	return emit(pw, &m, SMB2_READ, true);
}

int main(int argc, char **argv)
{
	struct srvsvc_ctx ctx = { list, NULL };
	struct dcerpc_pipe *pipe;
	struct pcap_writer *pw;
	struct dcerpc_bind b;
	struct smb2_msg m;
	uint8_t path[64], name[16];
	size_t plen, nlen;
	struct wr pdu, stub;
	int rc = 1;

	if (argc != 2) {
		fprintf(stderr, "usage: rpc_judge PCAP\n");
		return 2;
	}
	pw = pcap_writer_open(argv[1]);
	pipe = srvsvc_pipe_new(&ctx, 0x5151);
	if (!pw || !pipe) {
		fprintf(stderr, "rpc_judge: cannot open %s\n", argv[1]);
		return 1;
	}
	if (utf8_to_utf16le("\\\\srv\\IPC$", 10, path, sizeof path, &plen) != STATUS_SUCCESS ||
	    utf8_to_utf16le("srvsvc", 6, name, sizeof name, &nlen) != STATUS_SUCCESS)
		goto out;
	wr_init(&pdu, 65536);
	wr_init(&stub, 65536);

	memset(&m, 0, sizeof m);
	m.u.tree_connect_req.path.p = path;
	m.u.tree_connect_req.path.len = (uint32_t)plen;
	if (emit(pw, &m, SMB2_TREE_CONNECT, false))
		goto out2;
	memset(&m, 0, sizeof m);
	m.u.tree_connect_rsp.share_type = 0x02; /* SMB2_SHARE_TYPE_PIPE */
	m.u.tree_connect_rsp.maximal_access = 0x001F01FF;
	if (emit(pw, &m, SMB2_TREE_CONNECT, true))
		goto out2;
	memset(&m, 0, sizeof m);
	m.u.create_req.impersonation_level = 2;
	m.u.create_req.desired_access = 0x0012019F;
	m.u.create_req.share_access = 3;
	m.u.create_req.create_disposition = 1;
	m.u.create_req.name.p = name;
	m.u.create_req.name.len = (uint32_t)nlen;
	if (emit(pw, &m, SMB2_CREATE, false))
		goto out2;
	memset(&m, 0, sizeof m);
	m.u.create_rsp.create_action = 1;
	m.u.create_rsp.file_attributes = 0x80;
	m.u.create_rsp.file_id = fid;
	if (emit(pw, &m, SMB2_CREATE, true))
		goto out2;

	memset(&b, 0, sizeof b);
	b.max_xmit_frag = DCERPC_DEFAULT_FRAG;
	b.max_recv_frag = DCERPC_DEFAULT_FRAG;
	b.n_ctx = 1;
	b.ctx[0].abstract = srvsvc_iface.syntax;
	b.ctx[0].n_transfer = 1;
	b.ctx[0].transfer[0] = dcerpc_syntax_ndr32;
	if (dcerpc_bind_encode(&pdu, DCERPC_PT_BIND, 1, &b) != STATUS_SUCCESS ||
	    exchange(pw, pipe, &pdu))
		goto out2;
	wr_reset(&pdu);
	if (srvsvc_share_enum_req_encode(&stub, "srv", 1, SRVSVC_MAX_PREFERRED_LENGTH,
	                                 &(uint32_t){ 0 }) != STATUS_SUCCESS ||
	    dcerpc_call_encode(&pdu, true, 2, 0, SRVSVC_OPNUM_NETR_SHARE_ENUM, stub.buf, stub.len,
	                       DCERPC_DEFAULT_FRAG) != STATUS_SUCCESS ||
	    exchange(pw, pipe, &pdu))
		goto out2;
	for (size_t i = 0; i < sizeof shares / sizeof shares[0]; i++)
		printf("%s\t%u\t%s\n", shares[i].name, shares[i].type, shares[i].remark);
	rc = 0;
out2:
	wr_free(&stub);
	wr_free(&pdu);
out:
	if (pcap_writer_close(pw) != 0)
		rc = 1;
	dcerpc_pipe_free(pipe);
	return rc;
}
