/*
 * lib/crypto primitives against published test vectors:
 *   RFC 4493 section 4 (AES-CMAC), RFC 4231 section 4 (HMAC-SHA256),
 *   McGrew & Viega "The Galois/Counter Mode of Operation" test cases 1-4
 *   and 13-16 (AES-128/256-GCM; GMAC as GCM with no plaintext),
 *   NIST CAVP KBKDF counter mode, HMAC-SHA256, counter before the fixed
 *   data, r = 32, COUNT = 0.
 * CCM with the SMB sizes (11-byte nonce, 16-byte tag) is checked against
 * Microsoft's SMB 3.0 AES-128-CCM example (also in test_smb_crypto.c, as a
 * whole transform message) and, for AES-256-CCM, against a value computed
 * with an independent AEAD (python cryptography's AESCCM).
 */
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "crypto/crypto_ctx.h"
#include "crypto/encrypt.h"
#include "crypto/kdf.h"
#include "crypto/sign.h"

/* ---- RFC 4493 AES-CMAC ------------------------------------------------- */

static const char *cmac_msg =
	"6bc1bee22e409f96e93d7e117393172a ae2d8a571e03ac9c9eb76fac45af8e51"
	"30c81c46a35ce411e5fbc1191a0a52ef f69f2445df4f9b17ad2b417be66c3710";

static void test_cmac_rfc4493(void **state)
{
	(void)state;
	static const struct {
		size_t len;
		const char *tag;
	} ex[] = {
		{ 0, "bb1d6929e95937287fa37d129b756746" },
		{ 16, "070a16b46b4d4144f79bdd9dd04a287c" },
		{ 40, "dfa66747de9ae63030ca32611497c827" },
		{ 64, "51f0bebf7e3b9d92fc49741779363cfe" },
	};
	struct tu_bytes k = tu_hexb("2b7e151628aed2a6abf7158809cf4f3c"), m = tu_hexb(cmac_msg);
	struct smb2_signer *s = NULL;
	uint8_t mac[16];

	assert_status(smb2_signer_new(SMB2_SIGN_AES_CMAC, k.p, k.n, &s), STATUS_SUCCESS);
	for (size_t i = 0; i < sizeof(ex) / sizeof(ex[0]); i++) {
		struct iovec v = { .iov_base = m.p, .iov_len = ex[i].len };

		assert_status(smb2_signer_mac(s, NULL, &v, 1, mac, 16), STATUS_SUCCESS);
		tu_assert_hex(mac, ex[i].tag, 16);
		/* The same message split over three iovecs. */
		if (ex[i].len >= 16) {
			struct iovec three[3] = {
				{ m.p, 5 }, { m.p + 5, 11 }, { m.p + 16, ex[i].len - 16 },
			};
			memset(mac, 0, sizeof(mac));
			assert_status(smb2_signer_mac(s, NULL, three, 3, mac, 16),
			              STATUS_SUCCESS);
			tu_assert_hex(mac, ex[i].tag, 16);
		}
	}
	/* A MAC longer than CMAC's 16 bytes is refused. */
	struct iovec v = { .iov_base = m.p, .iov_len = 16 };
	uint8_t big[32];
	assert_status(smb2_signer_mac(s, NULL, &v, 1, big, 17), STATUS_INVALID_PARAMETER);
	smb2_signer_free(s);
	free(k.p);
	free(m.p);
}

/* ---- RFC 4231 HMAC-SHA256 ---------------------------------------------- */

static void hmac_case(const uint8_t *key, size_t klen, const void *data, size_t dlen,
                      const char *want, size_t want_len)
{
	struct iovec v = { .iov_base = (void *)data, .iov_len = dlen };
	uint8_t out[32];

	assert_status(smb2_hmac_sha256(key, klen, &v, 1, out), STATUS_SUCCESS);
	tu_assert_hex(out, want, want_len);
}

static void test_hmac_rfc4231(void **state)
{
	(void)state;
	uint8_t k[131];
	uint8_t d[50];

	memset(k, 0x0b, 20);
	hmac_case(k, 20, "Hi There", 8,
	          "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7", 32);
	hmac_case((const uint8_t *)"Jefe", 4, "what do ya want for nothing?", 28,
	          "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843", 32);
	for (int i = 0; i < 25; i++)
		k[i] = (uint8_t)(i + 1);
	memset(d, 0xcd, sizeof(d));
	hmac_case(k, 25, d, 50,
	          "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b", 32);
	memset(k, 0x0c, 20);
	hmac_case(k, 20, "Test With Truncation", 20, "a3b6167473100ee06e0c796c2955552b", 16);
	memset(k, 0xaa, 131);
	hmac_case(k, 131, "Test Using Larger Than Block-Size Key - Hash Key First", 54,
	          "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54", 32);

	/* The signer's HMAC-SHA256 (a 16-byte SMB session key) agrees with the
	 * KDF's PRF, and returns the first 16 bytes as the SMB signature. */
	uint8_t sk[16], full[32], mac[32];
	struct smb2_signer *s = NULL;
	struct iovec v = { .iov_base = d, .iov_len = sizeof(d) };
	for (int i = 0; i < 16; i++)
		sk[i] = (uint8_t)(0x40 + i);
	assert_status(smb2_hmac_sha256(sk, 16, &v, 1, full), STATUS_SUCCESS);
	assert_status(smb2_signer_new(SMB2_SIGN_HMAC_SHA256, sk, 16, &s), STATUS_SUCCESS);
	assert_status(smb2_signer_mac(s, NULL, &v, 1, mac, 32), STATUS_SUCCESS);
	assert_memory_equal(mac, full, 32);
	smb2_signer_free(s);

	/* Malformed: no key, an oversized piece. */
	assert_status(smb2_hmac_sha256(NULL, 0, &v, 1, full), STATUS_INVALID_PARAMETER);
	struct iovec huge = { .iov_base = d, .iov_len = SMB2_KDF_MAX_INPUT + 1 };
	assert_status(smb2_hmac_sha256(sk, 16, &huge, 1, full), STATUS_INVALID_PARAMETER);
}

/* ---- McGrew & Viega GCM ------------------------------------------------- */

static const char *gcm_p =
	"d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72"
	"1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b391aafd255";
static const char *gcm_k = "feffe9928665731c6d6a8f9467308308";
static const char *gcm_iv = "cafebabefacedbaddecaf888";
static const char *gcm_a = "feedfacedeadbeeffeedfacedeadbeefabaddad2";

struct gcm_case {
	const char *name;
	uint16_t cipher;
	const char *key, *iv, *aad, *pt, *ct, *tag;
	size_t pt_len; /* bytes of pt used */
};

static void run_gcm(const struct gcm_case *t)
{
	struct tu_bytes k = tu_hexb(t->key), iv = tu_hexb(t->iv), a = tu_hexb(t->aad),
			p = tu_hexb(t->pt), c = tu_hexb(t->ct);
	struct smb2_cipher *x = NULL;
	uint8_t out[64], back[64], tag[16];
	struct iovec v = { .iov_base = p.p, .iov_len = t->pt_len };

	print_message("  %s\n", t->name);
	assert_status(smb2_cipher_new(t->cipher, k.p, k.n, &x), STATUS_SUCCESS);
	assert_status(smb2_cipher_seal(x, iv.p, a.p, a.n, &v, 1, out, tag), STATUS_SUCCESS);
	assert_memory_equal(out, c.p, t->pt_len);
	tu_assert_hex(tag, t->tag, 16);
	assert_status(smb2_cipher_open(x, iv.p, a.p, a.n, out, t->pt_len, tag, back),
	              STATUS_SUCCESS);
	assert_memory_equal(back, p.p, t->pt_len);
	/* A flipped tag bit does not authenticate, and leaves no plaintext. */
	tag[15] ^= 0x80;
	memset(back, 0x5a, sizeof(back));
	assert_status(smb2_cipher_open(x, iv.p, a.p, a.n, out, t->pt_len, tag, back),
	              STATUS_ACCESS_DENIED);
	for (size_t i = 0; i < t->pt_len; i++)
		assert_int_equal(back[i], 0);
	smb2_cipher_free(x);
	free(k.p);
	free(iv.p);
	free(a.p);
	free(p.p);
	free(c.p);
}

static void test_gcm_mcgrew_viega(void **state)
{
	(void)state;
	const char *z16 = "00000000000000000000000000000000";
	const char *z32 = "0000000000000000000000000000000000000000000000000000000000000000";
	const char *ziv = "000000000000000000000000";
	const struct gcm_case cases[] = {
		{ "TC1", SMB2_CIPHER_AES128_GCM, z16, ziv, "", "", "",
		  "58e2fccefa7e3061367f1d57a4e7455a", 0 },
		{ "TC2", SMB2_CIPHER_AES128_GCM, z16, ziv, "", z16,
		  "0388dace60b6a392f328c2b971b2fe78", "ab6e47d42cec13bdf53a67b21257bddf", 16 },
		{ "TC3", SMB2_CIPHER_AES128_GCM, gcm_k, gcm_iv, "", gcm_p,
		  "42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e"
		  "21d514b25466931c7d8f6a5aac84aa051ba30b396a0aac973d58e091473f5985",
		  "4d5c2af327cd64a62cf35abd2ba6fab4", 64 },
		{ "TC4", SMB2_CIPHER_AES128_GCM, gcm_k, gcm_iv, gcm_a, gcm_p,
		  "42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e"
		  "21d514b25466931c7d8f6a5aac84aa051ba30b396a0aac973d58e091",
		  "5bc94fbc3221a5db94fae95ae7121a47", 60 },
		{ "TC13", SMB2_CIPHER_AES256_GCM, z32, ziv, "", "", "",
		  "530f8afbc74536b9a963b4f1c4cb738b", 0 },
		{ "TC14", SMB2_CIPHER_AES256_GCM, z32, ziv, "", z16,
		  "cea7403d4d606b6e074ec5d3baf39d18", "d0d1c8a799996bf0265b98b5d48ab919", 16 },
		{ "TC15", SMB2_CIPHER_AES256_GCM,
		  "feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308", gcm_iv,
		  "", gcm_p,
		  "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa"
		  "8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662898015ad",
		  "b094dac5d93471bdec1a502270e3cc6c", 64 },
		{ "TC16", SMB2_CIPHER_AES256_GCM,
		  "feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308", gcm_iv,
		  gcm_a, gcm_p,
		  "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa"
		  "8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662",
		  "76fc6ece0f4e1768cddf8853bb2d551b", 60 },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		run_gcm(&cases[i]);
}

/* GMAC: GCM with no plaintext, through the signer. */
static void test_gmac(void **state)
{
	(void)state;
	uint8_t key[16] = { 0 }, nonce[12] = { 0 }, mac[16], aad[100];
	struct smb2_signer *s = NULL;
	struct iovec none = { .iov_base = NULL, .iov_len = 0 };

	/* McGrew & Viega test case 1: the tag of nothing under the zero key. */
	assert_status(smb2_signer_new(SMB2_SIGN_AES_GMAC, key, 16, &s), STATUS_SUCCESS);
	assert_status(smb2_signer_mac(s, nonce, &none, 1, mac, 16), STATUS_SUCCESS);
	tu_assert_hex(mac, "58e2fccefa7e3061367f1d57a4e7455a", 16);
	/* GMAC needs its nonce. */
	assert_status(smb2_signer_mac(s, NULL, &none, 1, mac, 16), STATUS_INVALID_PARAMETER);
	smb2_signer_free(s);

	/* 100 bytes of AAD (key 00..0f, nonce 20..2b, aad[i] = 13 i + 5):
	 * computed with python cryptography's AESGCM(key).encrypt(n, b"", aad). */
	for (int i = 0; i < 16; i++)
		key[i] = (uint8_t)i;
	for (int i = 0; i < 12; i++)
		nonce[i] = (uint8_t)(0x20 + i);
	for (int i = 0; i < 100; i++)
		aad[i] = (uint8_t)(i * 13 + 5);
	assert_status(smb2_signer_new(SMB2_SIGN_AES_GMAC, key, 16, &s), STATUS_SUCCESS);
	struct iovec two[2] = { { aad, 33 }, { aad + 33, 67 } };
	assert_status(smb2_signer_mac(s, nonce, two, 2, mac, 16), STATUS_SUCCESS);
	tu_assert_hex(mac, "bf73933b49a0636c7b86b72237615ec8", 16);
	smb2_signer_free(s);
}

/* ---- CCM with the SMB sizes -------------------------------------------- */

static void test_ccm_smb_sizes(void **state)
{
	(void)state;
	/* Microsoft, "Encryption in SMB 3.0: A protocol perspective": the WRITE
	 * request, AES-128-CCM, 11-byte nonce, 32-byte AAD, 16-byte tag. */
	struct tu_bytes k = tu_hexb("261B72350558F2E9DCF613070383EDBF"),
			n = tu_hexb("66E69A111892584FB5ED52"),
			a = tu_hexb("66E69A111892584FB5ED524A744DA3EE87000000000001001100001400E40800"),
			p = tu_hexb("FE534D4240000100000000000900400008000000000000000400000000000000"
				    "FFFE0000010000001100001400E4080000000000000000000000000000000000"
				    "3100700017000000000000000000000015010000390000020100000039020000"
				    "00000000000000007000000000000000536D623320656E6372797074696F6E20"
				    "74657374696E67"),
			c = tu_hexb("25C8FEE16605A437832D1CD52DA9F4645333482A175FE5384563F45FCDAFAEF3"
				    "8BC62BA4D5C62897996625A44C29BE5658DE2E6117585779E7B59FFD971278D0"
				    "8580D7FA899E410E910EABF5AA1DB43050B33B49182637759AC15D84BFCDF5B6"
				    "B238993C0F4CF4D6012023F6C627297075D84B7803912D0A9639634453595EF3"
				    "E33FFE4E7AC2AB");
	struct smb2_cipher *x = NULL;
	uint8_t out[256], back[256], tag[16];
	struct iovec v = { .iov_base = p.p, .iov_len = p.n };

	assert_int_equal(p.n, 0x87);
	assert_status(smb2_cipher_new(SMB2_CIPHER_AES128_CCM, k.p, k.n, &x), STATUS_SUCCESS);
	assert_status(smb2_cipher_seal(x, n.p, a.p, a.n, &v, 1, out, tag), STATUS_SUCCESS);
	assert_memory_equal(out, c.p, c.n);
	tu_assert_hex(tag, "81A286535415445DAE393921E44FA42E", 16);
	assert_status(smb2_cipher_open(x, n.p, a.p, a.n, out, p.n, tag, back), STATUS_SUCCESS);
	assert_memory_equal(back, p.p, p.n);
	/* Decrypting in place works too. */
	assert_status(smb2_cipher_open(x, n.p, a.p, a.n, out, p.n, tag, out), STATUS_SUCCESS);
	assert_memory_equal(out, p.p, p.n);
	/* CCM needs at least one byte of text. */
	struct iovec none = { .iov_base = NULL, .iov_len = 0 };
	assert_status(smb2_cipher_seal(x, n.p, a.p, a.n, &none, 1, out, tag),
	              STATUS_INVALID_PARAMETER);
	smb2_cipher_free(x);
	free(k.p);
	free(n.p);
	free(a.p);
	free(p.p);
	free(c.p);

	/* AES-256-CCM: key 00..1f, nonce 40..4a, AAD 80..9f, text[i] = 7 i + 3
	 * (80 bytes); expected value from python cryptography's AESCCM. */
	uint8_t key[32], nonce[11], aad[32], pt[80];
	for (int i = 0; i < 32; i++)
		key[i] = (uint8_t)i, aad[i] = (uint8_t)(0x80 + i);
	for (int i = 0; i < 11; i++)
		nonce[i] = (uint8_t)(0x40 + i);
	for (int i = 0; i < 80; i++)
		pt[i] = (uint8_t)(i * 7 + 3);
	const char *want =
		"760762b214ccaf00519a81dbd6fa2f5cfbe166c2fef2cb6d16e3d223a8a81a28"
		"cbfeea7a918c12d92296b7ba6f8b8bfeff52029a5b601fd284d2ca35b7d3551d"
		"8265f1434cc463349184bad407b6ad1d";
	const char *want_tag = "a98fa1e67d810d4edd9e5f88cdb8d881";
	assert_status(smb2_cipher_new(SMB2_CIPHER_AES256_CCM, key, 32, &x), STATUS_SUCCESS);
	struct iovec sc[3] = { { pt, 1 }, { pt + 1, 40 }, { pt + 41, 39 } };
	assert_status(smb2_cipher_seal(x, nonce, aad, 32, sc, 3, out, tag), STATUS_SUCCESS);
	tu_assert_hex(out, want, 80);
	tu_assert_hex(tag, want_tag, 16);
	assert_status(smb2_cipher_open(x, nonce, aad, 32, out, 80, tag, back), STATUS_SUCCESS);
	assert_memory_equal(back, pt, 80);
	aad[31] ^= 1;
	assert_status(smb2_cipher_open(x, nonce, aad, 32, out, 80, tag, back),
	              STATUS_ACCESS_DENIED);
	smb2_cipher_free(x);
}

/* ---- NIST CAVP KBKDF counter mode, HMAC-SHA256 -------------------------- */

static void test_kbkdf_cavp(void **state)
{
	(void)state;
	/* [PRF=HMAC_SHA256] [CTRLOCATION=BEFORE_FIXED] [RLEN=32_BITS] COUNT=0 */
	struct tu_bytes ki = tu_hexb("dd1d91b7d90b2bd3138533ce92b272fbf8a369316aefe242e659cc0ae238afe0"),
			fixed = tu_hexb("01322b96b30acd197979444e468e1c5c6859bf1b1cf951b7e725303e237e46b8"
					"64a145fab25e517b08f8683d0315bb2911d80a0e8aba17f3b413faac");
	uint8_t out[64];

	assert_int_equal(fixed.n, 60);
	assert_status(smb2_kdf_counter(ki.p, ki.n, fixed.p, fixed.n, out, 16), STATUS_SUCCESS);
	tu_assert_hex(out, "10621342bfb0fd40046c0e29f2cfdbf0", 16);

	/* smb2_kdf is the counter KDF over Label || 0x00 || Context || [L]_32:
	 * L = 320 takes two PRF blocks (value from python's hmac module). */
	uint8_t k16[16];
	for (int i = 0; i < 16; i++)
		k16[i] = (uint8_t)i;
	assert_status(smb2_kdf(k16, 16, (const uint8_t *)"label", 6,
	                       (const uint8_t *)"ctx", 3, out, 40),
	              STATUS_SUCCESS);
	tu_assert_hex(out,
	             "329fe6bda9678fe320408b4c0eec68340843c52bca0172df93b535863b2f9f1a"
	             "9a391e96d567e971",
	             40);

	/* Malformed: zero or oversized output, missing key, oversized label;
	 * the output stays untouched. */
	memset(out, 0xa5, sizeof(out));
	assert_status(smb2_kdf_counter(ki.p, ki.n, fixed.p, fixed.n, out, 0),
	              STATUS_INVALID_PARAMETER);
	assert_status(smb2_kdf_counter(ki.p, ki.n, fixed.p, fixed.n, out,
	                               SMB2_KDF_MAX_OUT + 1),
	              STATUS_INVALID_PARAMETER);
	assert_status(smb2_kdf_counter(NULL, 0, fixed.p, fixed.n, out, 16),
	              STATUS_INVALID_PARAMETER);
	assert_status(smb2_kdf(k16, 16, fixed.p, SMB2_KDF_MAX_INPUT + 1, NULL, 0, out, 16),
	              STATUS_INVALID_PARAMETER);
	assert_status(smb2_kdf(k16, 16, NULL, 3, NULL, 0, out, 16), STATUS_INVALID_PARAMETER);
	for (size_t i = 0; i < sizeof(out); i++)
		assert_int_equal(out[i], 0xa5);
	free(ki.p);
	free(fixed.p);
}

static int teardown(void **state)
{
	(void)state;
	smb2_crypto_cleanup();
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cmac_rfc4493),
		cmocka_unit_test(test_hmac_rfc4231),
		cmocka_unit_test(test_gcm_mcgrew_viega),
		cmocka_unit_test(test_gmac),
		cmocka_unit_test(test_ccm_smb_sizes),
		cmocka_unit_test(test_kbkdf_cavp),
	};
	return cmocka_run_group_tests_name("crypto_vectors", tests, NULL, teardown);
}
