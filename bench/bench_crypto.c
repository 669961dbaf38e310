/*
 * lib/crypto throughput on 1 MiB messages: AES-128-GCM encryption (a whole
 * transform message) and AES-128-CMAC signing, plus GCM decryption, GMAC
 * signing and CCM encryption for reference.  Each runs for at least
 * BENCH_SECONDS of wall time (default 2) and prints one line
 *   name MB/s
 * with MB = 10^6 bytes of SMB2 message (the unit of `openssl speed`).
 * Arguments, if any, pick the figures to run by name.
 * bench/bench_crypto.sh puts them beside `openssl speed`.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "crypto/crypto_ctx.h"
#include "crypto/encrypt.h"
#include "crypto/sign.h"
#include "wire/smb2.h"

#define MSG_SIZE (1024u * 1024u)

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

typedef int (*op_fn)(void *arg);

/* Run op until `seconds` have passed; MB/s of MSG_SIZE-byte messages. */
static double measure(op_fn op, void *arg, double seconds)
{
	double t0 = now(), t;
	unsigned long n = 0;

	/* One untimed call warms caches and lazy initialisation. */
	if (op(arg))
		return -1;
	do {
		for (int i = 0; i < 16; i++)
			if (op(arg))
				return -1;
		n += 16;
		t = now();
	} while (t - t0 < seconds);
	return (double)n * MSG_SIZE / (t - t0) / 1e6;
}

struct enc_arg {
	struct smb2_cipher *c;
	struct smb2_nonce_gen g;
	struct iovec v;
	uint8_t *out;
	size_t cap;
};

static int op_encrypt(void *p)
{
	struct enc_arg *a = p;
	uint8_t nonce[16];
	size_t n;

	if (smb2_nonce_next(&a->g, smb2_cipher_id(a->c), nonce))
		return 1;
	return smb2_encrypt_iov(a->c, 1, nonce, &a->v, 1, a->out, a->cap, &n) != 0;
}

struct dec_arg {
	struct smb2_cipher *c;
	const uint8_t *frame;
	size_t len;
	uint8_t *out;
};

static int op_decrypt(void *p)
{
	struct dec_arg *a = p;
	size_t n;

	return smb2_decrypt(a->c, a->frame, a->len, a->out, MSG_SIZE, &n, NULL) != 0;
}

struct sign_arg {
	struct smb2_signer *s;
	const uint8_t *msg;
};

static int op_sign(void *p)
{
	struct sign_arg *a = p;
	uint8_t sig[16];

	return smb2_sign_buf(a->s, a->msg, MSG_SIZE, sig) != 0;
}

static int argc_g;
static char **argv_g;

/* Is this figure asked for (no arguments: all are)? */
static int wanted(const char *name)
{
	if (argc_g < 2)
		return 1;
	for (int i = 1; i < argc_g; i++)
		if (strcmp(argv_g[i], name) == 0)
			return 1;
	return 0;
}

int main(int argc, char **argv)
{
	const char *env = getenv("BENCH_SECONDS");
	double secs = env ? atof(env) : 2.0;
	uint8_t key[16];
	uint8_t *msg = malloc(MSG_SIZE);
	uint8_t *out = malloc(MSG_SIZE + SMB2_TRANSFORM_HDR_SIZE);
	uint8_t *plain = malloc(MSG_SIZE);
	int rc = 0;

	argc_g = argc;
	argv_g = argv;
	if (!msg || !out || !plain || secs <= 0)
		return 2;
	for (size_t i = 0; i < sizeof(key); i++)
		key[i] = (uint8_t)(i * 17 + 1);
	for (size_t i = 0; i < MSG_SIZE; i++)
		msg[i] = (uint8_t)(i * 131 + 7);
	memcpy(msg, "\xfeSMB", 4);

	static const struct {
		const char *name;
		uint16_t cipher;
	} ciphers[] = {
		{ "aes-128-gcm-encrypt", SMB2_CIPHER_AES128_GCM },
		{ "aes-128-ccm-encrypt", SMB2_CIPHER_AES128_CCM },
	};
	for (size_t i = 0; i < 2; i++) {
		struct enc_arg a = { .v = { msg, MSG_SIZE }, .out = out,
		                     .cap = MSG_SIZE + SMB2_TRANSFORM_HDR_SIZE };
		double mbps;

		smb2_nonce_gen_init(&a.g, 1, NULL);
		if (smb2_cipher_new(ciphers[i].cipher, key, 16, &a.c))
			return 1;
		/* Decryption needs one frame encrypted first, so it always is. */
		mbps = wanted(ciphers[i].name) ? measure(op_encrypt, &a, secs)
		                               : (op_encrypt(&a) ? -1 : 0);
		if (wanted(ciphers[i].name))
			printf("%s %.1f\n", ciphers[i].name, mbps);
		fflush(stdout);
		rc |= mbps < 0;
		if (ciphers[i].cipher == SMB2_CIPHER_AES128_GCM &&
		    wanted("aes-128-gcm-decrypt")) {
			/* The last frame encrypted decrypts, over and over. */
			struct dec_arg d = { a.c, out, MSG_SIZE + SMB2_TRANSFORM_HDR_SIZE, plain };

			mbps = measure(op_decrypt, &d, secs);
			printf("aes-128-gcm-decrypt %.1f\n", mbps);
			fflush(stdout);
			rc |= mbps < 0;
		}
		smb2_cipher_free(a.c);
	}

	static const struct {
		const char *name;
		uint16_t alg;
	} algs[] = {
		{ "aes-128-cmac-sign", SMB2_SIGN_AES_CMAC },
		{ "aes-128-gmac-sign", SMB2_SIGN_AES_GMAC },
		{ "hmac-sha256-sign", SMB2_SIGN_HMAC_SHA256 },
	};
	for (size_t i = 0; i < 3; i++) {
		struct sign_arg a = { .msg = msg };
		double mbps;

		if (!wanted(algs[i].name))
			continue;
		if (smb2_signer_new(algs[i].alg, key, 16, &a.s))
			return 1;
		mbps = measure(op_sign, &a, secs);
		printf("%s %.1f\n", algs[i].name, mbps);
		fflush(stdout);
		rc |= mbps < 0;
		smb2_signer_free(a.s);
	}
	smb2_crypto_cleanup();
	free(msg);
	free(out);
	free(plain);
	return rc;
}
