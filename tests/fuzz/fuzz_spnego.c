/*
 * libFuzzer target: SPNEGO decoding, DER validation, and the SPNEGO glue
 * on both sides fed arbitrary tokens.
 *
 * The first input byte picks the path: 0 decoder + re-encode, 1 server
 * fed the token first, 2 server fed it after a real NegTokenInit, 3
 * client fed it as the server's CHALLENGE response.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "auth/asn1.h"
#include "auth/gensec.h"
#include "auth/spnego.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static NTSTATUS lookup(void *arg, const char *user, const char *domain, uint8_t hash[16])
{
	(void)arg;
	(void)user;
	(void)domain;
	memset(hash, 0x11, 16);
	return STATUS_SUCCESS;
}

static const struct ntlmssp_server_cfg cfg = {
	.netbios_name = "FUZZ", .lookup = lookup, .allow_guest = true, .allow_anonymous = true,
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct spnego_token t;
	struct wr w, tmp;

	if (size < 1)
		return 0;
	uint8_t mode = data[0] & 3;
	data++, size--;
	wr_init(&w, 0);
	wr_init(&tmp, 0);
	switch (mode) {
	case 0:
		(void)der_validate(data, size, 0);
		if (spnego_decode(data, size, &t) == STATUS_SUCCESS) {
			NTSTATUS st = t.is_init ? spnego_init_encode(&w, &t.init) :
			                          spnego_resp_encode(&w, &t.resp);
			if (st == STATUS_SUCCESS) {
				struct spnego_token again;
				if (spnego_decode(w.buf, w.len, &again) != STATUS_SUCCESS)
					abort(); /* what we encode we must decode */
			}
		}
		break;
	case 1: {
		struct gensec_server *s;
		if (gensec_server_new(&cfg, &s) == STATUS_SUCCESS) {
			(void)gensec_server_step(s, data, size, &w);
			gensec_server_free(s);
		}
		break;
	}
	case 2: {
		struct gensec_server *s;
		struct ntlmssp_client *nc;
		struct gensec_client *c;
		if (ntlmssp_client_new("u", "d", "p", NULL, "w", 0, &nc) != STATUS_SUCCESS)
			break;
		if (gensec_client_new(nc, false, &c) != STATUS_SUCCESS)
			break;
		if (gensec_server_new(&cfg, &s) == STATUS_SUCCESS) {
			if (gensec_client_step(c, NULL, 0, &tmp) == STATUS_MORE_PROCESSING_REQUIRED &&
			    gensec_server_step(s, tmp.buf, tmp.len, &w) == STATUS_MORE_PROCESSING_REQUIRED) {
				wr_reset(&w);
				(void)gensec_server_step(s, data, size, &w);
			}
			gensec_server_free(s);
		}
		gensec_client_free(c);
		break;
	}
	default: {
		struct ntlmssp_client *nc;
		struct gensec_client *c;
		if (ntlmssp_client_new("u", "d", "p", NULL, "w", 0, &nc) != STATUS_SUCCESS)
			break;
		if (gensec_client_new(nc, false, &c) != STATUS_SUCCESS)
			break;
		if (gensec_client_step(c, NULL, 0, &tmp) == STATUS_MORE_PROCESSING_REQUIRED)
			(void)gensec_client_step(c, data, size, &w);
		gensec_client_free(c);
		break;
	}
	}
	wr_free(&w);
	wr_free(&tmp);
	return 0;
}
