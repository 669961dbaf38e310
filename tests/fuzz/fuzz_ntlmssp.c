/*
 * libFuzzer target: the NTLMSSP decoders and both sides of the exchange.
 *
 * The first input byte picks the path: 0 every raw decoder (and
 * re-encoding what decodes), 1 the server fed an arbitrary AUTHENTICATE
 * after a real NEGOTIATE, 2 the client fed an arbitrary CHALLENGE, 3 the
 * server fed an arbitrary NEGOTIATE.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "auth/ntlmssp.h"
#include "auth/ntlmssp_client.h"
#include "auth/ntlmssp_server.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static NTSTATUS lookup(void *arg, const char *user, const char *domain, uint8_t hash[16])
{
	(void)arg;
	(void)domain;
	if (strcmp(user, "nobody") == 0)
		return STATUS_NO_SUCH_USER;
	memset(hash, 0x22, 16);
	return STATUS_SUCCESS;
}

static const struct ntlmssp_server_cfg cfg = {
	.netbios_name = "FUZZ", .netbios_domain = "DOM", .lookup = lookup,
	.allow_guest = true, .allow_anonymous = true,
};

static void decoders(const uint8_t *data, size_t size)
{
	struct ntlmssp_negotiate n;
	struct ntlmssp_challenge c;
	struct ntlmssp_authenticate a;
	struct ntlmssp_av_info av;
	struct ntlmssp_v2_client_challenge cc;
	struct wr w;

	wr_init(&w, 0);
	if (ntlmssp_negotiate_decode(data, size, &n) == STATUS_SUCCESS)
		(void)ntlmssp_negotiate_encode(&w, &n);
	if (ntlmssp_challenge_decode(data, size, &c) == STATUS_SUCCESS) {
		wr_reset(&w);
		if (ntlmssp_challenge_encode(&w, &c) == STATUS_SUCCESS &&
		    ntlmssp_challenge_decode(w.buf, w.len, &c) != STATUS_SUCCESS)
			abort();
	}
	if (ntlmssp_authenticate_decode(data, size, &a) == STATUS_SUCCESS) {
		wr_reset(&w);
		(void)ntlmssp_authenticate_encode(&w, &a);
		(void)ntlmssp_v2_response_decode(a.nt_response.p, a.nt_response.len, &cc);
	}
	if (ntlmssp_av_parse(data, size, &av) == STATUS_SUCCESS) {
		size_t pos = 0;
		uint16_t id;
		struct smb2_blob v;
		while (ntlmssp_av_next(data, size, &pos, &id, &v))
			;
	}
	(void)ntlmssp_v2_response_decode(data, size, &cc);
	wr_free(&w);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ntlmssp_client *c = NULL;
	struct ntlmssp_server *s = NULL;
	struct wr a, b;

	if (size < 1)
		return 0;
	uint8_t mode = data[0] & 3;
	data++, size--;
	if (mode == 0) {
		decoders(data, size);
		return 0;
	}
	wr_init(&a, 0);
	wr_init(&b, 0);
	if (ntlmssp_client_new("user", "DOM", "pw", NULL, "WS", 0, &c) != STATUS_SUCCESS ||
	    ntlmssp_server_new(&cfg, &s) != STATUS_SUCCESS)
		goto out;
	if (mode == 3) {
		(void)ntlmssp_server_step(s, data, size, &a);
		goto out;
	}
	if (ntlmssp_client_step(c, NULL, 0, &a) != STATUS_MORE_PROCESSING_REQUIRED)
		goto out;
	if (mode == 2) {
		(void)ntlmssp_client_step(c, data, size, &b);
		goto out;
	}
	if (ntlmssp_server_step(s, a.buf, a.len, &b) == STATUS_MORE_PROCESSING_REQUIRED) {
		wr_reset(&a);
		(void)ntlmssp_server_step(s, data, size, &a);
	}
out:
	ntlmssp_client_free(c);
	ntlmssp_server_free(s);
	wr_free(&a);
	wr_free(&b);
	return 0;
}
