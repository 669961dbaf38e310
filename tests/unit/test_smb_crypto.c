/*
 * lib/crypto at the SMB level: Microsoft's published SMB 3.x examples
 * (Open Specifications blog: "Encryption in SMB 3.0: A protocol
 * perspective", "SMB 3.1.1 Encryption in Windows 10", "SMB 2 and SMB 3
 * security in Windows 10: the anatomy of signing and cryptographic keys"),
 * signatures captured from Windows (tests/fixtures/windows/crypto), round
 * trips of every algorithm and their malformed twins.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "crypto/crypto_ctx.h"
#include "crypto/encrypt.h"
#include "crypto/kdf.h"
#include "crypto/preauth.h"
#include "crypto/sign.h"
#include "wire/smb2.h"

static struct tu_bytes fixture(const char *name)
{
	struct tu_bytes h;
	char path[256];

	snprintf(path, sizeof(path), "windows/crypto/%s", name);
	h.p = tu_load_fixture(path, &h.n);
	return h;
}

/* ---- key derivation: Microsoft's examples ------------------------------ */

static void test_kdf_smb30_examples(void **state)
{
	(void)state;
	struct smb2_keys k;
	struct tu_bytes sk = tu_hexb("7CD451825D0450D235424E44BA6E78CC");

	/* "anatomy" appendix, SMB 3.0 multichannel, first channel. */
	assert_status(smb2_derive_keys(SMB2_DIALECT_300, 0, sk.p, sk.n, NULL, &k),
	              STATUS_SUCCESS);
	assert_int_equal(k.cipher_key_len, 16);
	tu_assert_hex(k.signing, "0B7E9C5CAC36C0F6EA9AB275298CEDCE", 16);
	tu_assert_hex(k.c2s, "FAD27796665B313EBB578F388632B4F7", 16);
	tu_assert_hex(k.s2c, "B0F0427F7CEB416D1D9DCC0CD4F99447", 16);
	tu_assert_hex(k.application, "BB23A4575AA26C721AF525AF15A87B4F", 16);
	smb2_keys_clear(&k);
	free(sk.p);

	/* Second channel: its own signing key from its own session key. */
	sk = tu_hexb("4E01A2B313BCF660CC250BEF021AEDE6");
	assert_status(smb2_derive_keys(SMB2_DIALECT_302, 0, sk.p, sk.n, NULL, &k),
	              STATUS_SUCCESS);
	tu_assert_hex(k.signing, "BA1A17DBBFEC349BCA105563D598952F", 16);
	free(sk.p);

	/* "Encryption in SMB 3.0": session 0x8e40014000011. */
	sk = tu_hexb("B4546771B515F766A86735532DD6C4F0");
	assert_status(smb2_derive_keys(SMB2_DIALECT_300, SMB2_CIPHER_AES128_GCM, sk.p,
	                               sk.n, NULL, &k),
	              STATUS_SUCCESS);
	tu_assert_hex(k.signing, "F773CD23C18FD1E08EE510CADA7CF852", 16);
	tu_assert_hex(k.c2s, "261B72350558F2E9DCF613070383EDBF", 16);
	tu_assert_hex(k.s2c, "8FE2B57EC34D2DB5B1A9727F526BBDB5", 16);
	tu_assert_hex(k.application, "77432F808CE99156B5BC6A3676D730D1", 16);
	free(sk.p);

	/* 2.x: the signing key is the session key, first 16 bytes, padded. */
	uint8_t short_key[5] = { 1, 2, 3, 4, 5 };
	assert_status(smb2_derive_keys(SMB2_DIALECT_210, 0, short_key, 5, NULL, &k),
	              STATUS_SUCCESS);
	tu_assert_hex(k.signing, "01020304050000000000000000000000", 16);
	assert_int_equal(k.cipher_key_len, 0);

	/* Malformed: unknown dialect, no key, 3.1.1 without a preauth hash or
	 * with an unknown cipher; the output stays untouched. */
	memset(&k, 0xa5, sizeof(k));
	struct smb2_keys pattern;
	memset(&pattern, 0xa5, sizeof(pattern));
	assert_status(smb2_derive_keys(0x0301, 0, short_key, 5, NULL, &k),
	              STATUS_INVALID_PARAMETER);
	assert_status(smb2_derive_keys(SMB2_DIALECT_300, 0, NULL, 0, NULL, &k),
	              STATUS_INVALID_PARAMETER);
	assert_status(smb2_derive_keys(SMB2_DIALECT_311, 2, short_key, 5, NULL, &k),
	              STATUS_INVALID_PARAMETER);
	uint8_t h[64] = { 0 };
	assert_status(smb2_derive_keys(SMB2_DIALECT_311, 5, short_key, 5, h, &k),
	              STATUS_INVALID_PARAMETER);
	assert_memory_equal(&k, &pattern, sizeof(k));
}

/* The first channel of the "anatomy" SMB 3.1.1 example: the preauth hash
 * after every message, the keys, and the signed final response. */
static void test_preauth_and_kdf_smb311_example(void **state)
{
	(void)state;
	static const struct {
		const char *file;
		const char *hash_prefix; /* first 16 bytes of H after it */
	} chain[] = {
		{ "msblog311_neg_req.bin", "DD94EFC5321BB618A2E208BA8920D2F4" },
		{ "msblog311_neg_rsp.bin", "324BFA92A4F3A190E466EBEA08D9C110" },
		{ "msblog311_ss_req1.bin", "AC0B0F2B9986257700365E416D142A6E" },
		{ "msblog311_ss_rsp1.bin", "2729E3440DFDDD839E37193F6E8F20C2" },
		{ "msblog311_ss_req2.bin", "0DD13628CC3ED218EF9DF9772D436D08" },
	};
	struct smb2_preauth conn, sess;
	struct smb2_keys k;
	struct smb2_signer *s = NULL;

	smb2_preauth_init(&conn);
	for (size_t i = 0; i < 5; i++) {
		struct tu_bytes m = fixture(chain[i].file);
		struct smb2_preauth *p = i < 2 ? &conn : &sess;

		assert_status(smb2_preauth_update(p, m.p, m.n), STATUS_SUCCESS);
		tu_assert_hex(p->value, chain[i].hash_prefix, 16);
		/* The session starts from the connection's value. */
		if (i == 1)
			smb2_preauth_fork(&conn, &sess);
		free(m.p);
	}
	tu_assert_hex(sess.value,
	             "0DD13628CC3ED218EF9DF9772D436D0887AB9814BFAE63A80AA845F36909DB79"
	             "28622DDDAD522D9751640A459762C5A9D6BB084CBB3CE6BDADEF5D5BCE3C6C01",
	             64);
	/* The connection's value did not move with the session's. */
	tu_assert_hex(conn.value, "324BFA92A4F3A190E466EBEA08D9C110", 16);

	struct tu_bytes sk = tu_hexb("270E1BA896585EEB7AF3472D3B4C75A7");
	assert_status(smb2_derive_keys(SMB2_DIALECT_311, SMB2_CIPHER_AES128_GCM, sk.p,
	                               sk.n, sess.value, &k),
	              STATUS_SUCCESS);
	tu_assert_hex(k.signing, "73FE7A9A77BEF0BDE49C650D8CCB5F76", 16);
	tu_assert_hex(k.c2s, "629BCBC54422A0F572B97F45989B6073", 16);
	tu_assert_hex(k.s2c, "E2AF0DCEFAC68DA71A0DFBD0D1350D74", 16);
	tu_assert_hex(k.application, "6D7AD7954E9EC61E907B4D473DC178FF", 16);

	/* The final SESSION_SETUP response is signed with it (AES-CMAC). */
	struct tu_bytes rsp = fixture("msblog311_ss_rsp2.bin");
	assert_status(smb2_signer_new(SMB2_SIGN_AES_CMAC, k.signing, 16, &s),
	              STATUS_SUCCESS);
	assert_status(smb2_verify_buf(s, rsp.p, rsp.n), STATUS_SUCCESS);
	uint8_t sig[16];
	assert_status(smb2_sign_buf(s, rsp.p, rsp.n, sig), STATUS_SUCCESS);
	tu_assert_hex(sig, "EBE146DA120BA25FC3376A49DFE31BC1", 16);
	smb2_signer_free(s);
	smb2_keys_clear(&k);
	free(rsp.p);
	free(sk.p);
}

static void test_kdf_smb311_gcm_example(void **state)
{
	(void)state;
	/* "SMB 3.1.1 Encryption in Windows 10", appendix A.1. */
	struct tu_bytes sk = tu_hexb("419FDDF34C1E001909D362AE7FB6AF79"),
			h = tu_hexb("B23F3CBFD69487D9832B79B1594A367CDD950909B774C3A4C412B4FCEA9EDDDB"
				    "A7DB256BA2EA30E977F11F9B113247578E0E915C6D2A513B8F2FCA5707DC8770");
	struct smb2_keys k;

	assert_status(smb2_derive_keys(SMB2_DIALECT_311, SMB2_CIPHER_AES128_GCM, sk.p,
	                               sk.n, h.p, &k),
	              STATUS_SUCCESS);
	tu_assert_hex(k.signing, "8765949DFEAEE105CE9118B45BE988F0", 16);
	tu_assert_hex(k.c2s, "A2F5E80E5D59103034F32E52F698E5EC", 16);
	tu_assert_hex(k.s2c, "748C50868C90F302962A5C35F5F9A8BF", 16);
	tu_assert_hex(k.application, "099D610789FBE82055B313601C3E8CC4", 16);

	/* AES-256: 32-byte cipher keys (L = 256) from the full session key;
	 * signing and application keys unchanged (Session.SessionKey). */
	uint8_t full[32], want[32];
	struct smb2_keys k256;
	memcpy(full, sk.p, 16);
	for (int i = 16; i < 32; i++)
		full[i] = (uint8_t)(0xc0 + i);
	assert_status(smb2_derive_keys(SMB2_DIALECT_311, SMB2_CIPHER_AES256_GCM, full, 32,
	                               h.p, &k256),
	              STATUS_SUCCESS);
	assert_int_equal(k256.cipher_key_len, 32);
	assert_memory_equal(k256.signing, k.signing, 16);
	assert_memory_equal(k256.application, k.application, 16);
	assert_status(smb2_kdf(full, 32, (const uint8_t *)"SMBC2SCipherKey", 16, h.p, 64,
	                       want, 32),
	              STATUS_SUCCESS);
	assert_memory_equal(k256.c2s, want, 32);
	assert_status(smb2_kdf(full, 32, (const uint8_t *)"SMBS2CCipherKey", 16, h.p, 64,
	                       want, 32),
	              STATUS_SUCCESS);
	assert_memory_equal(k256.s2c, want, 32);
	smb2_keys_clear(&k256);
	for (size_t i = 0; i < sizeof(k256); i++)
		assert_int_equal(((uint8_t *)&k256)[i], 0);
	free(sk.p);
	free(h.p);
}

/* ---- encryption: Microsoft's examples ---------------------------------- */

struct tf_case {
	uint16_t cipher;
	const char *key;
	const char *nonce;   /* 16-byte Nonce field */
	uint64_t session_id;
	const char *plain;
	const char *frame;   /* the whole transformed message */
};

/* Encrypt `plain` and compare with `frame`, then decrypt it back. */
static void encrypt_known(const struct tf_case *t)
{
	struct tu_bytes k = tu_hexb(t->key), n = tu_hexb(t->nonce), p = tu_hexb(t->plain),
			f = tu_hexb(t->frame);
	struct smb2_cipher *c = NULL;
	size_t cap = f.n + 16, out_len = 0, plen = 0;
	uint8_t *out = malloc(cap), *back = malloc(cap);
	struct iovec v = { .iov_base = p.p, .iov_len = p.n };
	struct smb2_transform_hdr th;

	assert_status(smb2_cipher_new(t->cipher, k.p, k.n, &c), STATUS_SUCCESS);
	assert_status(smb2_encrypt_iov(c, t->session_id, n.p, &v, 1, out, cap, &out_len),
	              STATUS_SUCCESS);
	assert_int_equal(out_len, f.n);
	assert_memory_equal(out, f.p, f.n);
	assert_status(smb2_decrypt(c, f.p, f.n, back, cap, &plen, &th), STATUS_SUCCESS);
	assert_int_equal(plen, p.n);
	assert_memory_equal(back, p.p, p.n);
	assert_int_equal(th.session_id, t->session_id);
	assert_int_equal(th.original_size, p.n);
	smb2_cipher_free(c);
	free(out);
	free(back);
	free(k.p);
	free(n.p);
	free(p.p);
	free(f.p);
}

/* Decrypt a published response and compare with its plaintext. */
static void decrypt_known(uint16_t cipher, const char *key, const char *frame,
                          const char *plain)
{
	struct tu_bytes k = tu_hexb(key), f = tu_hexb(frame), p = tu_hexb(plain);
	struct smb2_cipher *c = NULL;
	uint8_t *out = malloc(f.n);
	size_t plen = 0;

	assert_status(smb2_cipher_new(cipher, k.p, k.n, &c), STATUS_SUCCESS);
	assert_status(smb2_decrypt(c, f.p, f.n, out, f.n, &plen, NULL), STATUS_SUCCESS);
	assert_int_equal(plen, p.n);
	assert_memory_equal(out, p.p, p.n);
	/* In place, as a receive loop would. */
	assert_status(smb2_decrypt(c, f.p, f.n, f.p + SMB2_TRANSFORM_HDR_SIZE,
	                           f.n - SMB2_TRANSFORM_HDR_SIZE, &plen, NULL),
	              STATUS_SUCCESS);
	assert_memory_equal(f.p + SMB2_TRANSFORM_HDR_SIZE, p.p, p.n);
	smb2_cipher_free(c);
	free(out);
	free(k.p);
	free(f.p);
	free(p.p);
}

static void test_encryption_smb30_example(void **state)
{
	(void)state;
	/* "Encryption in SMB 3.0": WRITE request (client encrypts with
	 * ServerIn), responses decrypted with ServerOut. */
	const struct tf_case write_req = {
		SMB2_CIPHER_AES128_CCM, "261B72350558F2E9DCF613070383EDBF",
		"66E69A111892584FB5ED524A744DA3EE", UINT64_C(0x8e40014000011),
		"FE534D4240000100000000000900400008000000000000000400000000000000"
		"FFFE0000010000001100001400E4080000000000000000000000000000000000"
		"3100700017000000000000000000000015010000390000020100000039020000"
		"00000000000000007000000000000000536D623320656E6372797074696F6E20"
		"74657374696E67",
		"FD534D4281A286535415445DAE393921E44FA42E66E69A111892584FB5ED524A"
		"744DA3EE87000000000001001100001400E4080025C8FEE16605A437832D1CD5"
		"2DA9F4645333482A175FE5384563F45FCDAFAEF38BC62BA4D5C62897996625A4"
		"4C29BE5658DE2E6117585779E7B59FFD971278D08580D7FA899E410E910EABF5"
		"AA1DB43050B33B49182637759AC15D84BFCDF5B6B238993C0F4CF4D6012023F6"
		"C627297075D84B7803912D0A9639634453595EF3E33FFE4E7AC2AB",
	};
	encrypt_known(&write_req);
	decrypt_known(SMB2_CIPHER_AES128_CCM, "8FE2B57EC34D2DB5B1A9727F526BBDB5",
	              "FD534D42A6015530A18F6D9AFFE22AFAE8E66484860000000000000011000014"
	              "00E4080050000000000001001100001400E40800DBF46435C5F14169293CE079"
	              "E344479BF670227E49873F458672C3098DAC467DD5809F369D67409166515787"
	              "1483E01F7BECD02064EAC3E235F913668BBC2F097980D4B378F1993EFF6E60D1"
	              "77309E5B",
	              "FE534D4240000100000000000900210009000000000000000400000000000000"
	              "FFFE0000010000001100001400E4080000000000000000000000000000000000"
	              "11000000170000000000000000000000");
	decrypt_known(SMB2_CIPHER_AES128_CCM, "8FE2B57EC34D2DB5B1A9727F526BBDB5",
	              "FD534D42ABD518B68C2F04D7879F482B689EB83F870000000000000011000014"
	              "00E4080067000000000001001100001400E40800493D6FE2BDBEB435CF5F5469"
	              "70C7BB57BF20E713C75A3D045507E0D68E5C0346659D6FFB8AC1504A786CA2BB"
	              "89C9E7FE4F313E910A04180D2D0EA7DF636329E5A3285984500EF86FE9D55DA4"
	              "FAB9531CFDD4C551D47F3C73124BB4590A45052B694048B991CCF5",
	              "FE534D4240000100000000000800210009000000000000000500000000000000"
	              "FFFE0000010000001100001400E4080000000000000000000000000000000000"
	              "11005000170000000000000000000000536D623320656E6372797074696F6E20"
	              "74657374696E67");
}

static void test_encryption_smb311_gcm_example(void **state)
{
	(void)state;
	/* "SMB 3.1.1 Encryption in Windows 10", appendix A.1 (AES-128-GCM). */
	const struct tf_case write_req = {
		SMB2_CIPHER_AES128_GCM, "A2F5E80E5D59103034F32E52F698E5EC",
		"C7D6822D269CAF48904C664C00000000", UINT64_C(0x100000000025),
		"FE534D4240000100000000000900010008000000000000000500000000000000"
		"FFFE000001000000250000000010000000000000000000000000000000000000"
		"3100700017000000000000000000000006000000040000000100000004000000"
		"00000000000000007000000000000000536D623320656E6372797074696F6E20"
		"74657374696E67",
		"FD534D42BD73D97D2BC9001BCAFAC0FDFF5FEEBCC7D6822D269CAF48904C664C"
		"0000000087000000000001002500000000100000"
		"6ECDD2A7AFC7B47763057A041B8FD4DAFFE990B70C9E09D36C084E02D14EF247"
		"F8BDE38ACF6256F8B1D3B56F77FBDEB312FEA5E92CBCC1ED8FB2EBBFAA75E49A"
		"4A394BB44576545567C24D4C014D47C9FBDFDAFD2C4F9B72F8D256452620A299"
		"F48E29E53D6B61D1C13A19E91AF013F00D17E3ABC2FC3D36C8C1B6B939732538"
		"52DBD442E46EE8",
	};
	encrypt_known(&write_req);
	const struct tf_case read_req = {
		SMB2_CIPHER_AES128_GCM, "A2F5E80E5D59103034F32E52F698E5EC",
		"D7AA8C6D36859243B715E0A600000000", UINT64_C(0x100000000025),
		"FE534D4240000100000000000800010008000000000000000600000000000000"
		"FFFE000001000000250000000010000000000000000000000000000000000000"
		"3100000017000000000000000000000006000000040000000100000004000000"
		"0000000000000000000000000000000000",
		"FD534D426DAC0B6FD85A3ED42BB917DA38FE0386D7AA8C6D36859243B715E0A6"
		"0000000071000000000001002500000000100000"
		"88A47BF09CA3C3141CDD7306BE9D9475AB24FCCB833D77461C041F8FB983D0C1"
		"88F0729272B31D9D3D0DC6B687C069EEE0CC8EACA2C536D019ACC9E185D1EB63"
		"0E0FCB793EEECEB06D82A1D77706E700DBEBFB4FEB54D7AD2D97E7288804F907"
		"57FE4D08D6A84A3FF433E7451E768E4699",
	};
	encrypt_known(&read_req);
	decrypt_known(SMB2_CIPHER_AES128_GCM, "748C50868C90F302962A5C35F5F9A8BF",
	              "FD534D42ACBE1CB7ED343ADF1725EF144D90D4B0E06831DD2E8EB7B400000000"
	              "0000000050000000000001002500000000100000"
	              "26BBBF949983A6C1C796559D0F2C510CB651D1F7B6AC8DED32A2A0B8F2D793A8"
	              "15C6F6B848D69767A215841A42D400AE6DDB5F0B44173A014973321FDD7950DA"
	              "6179159B82E03C9E18A050FF0EA1C967",
	              "FE534D4240000100000000000900010001000000000000000500000000000000"
	              "FFFE000001000000250000000010000000000000000000000000000000000000"
	              "11000000170000000000000000000000");
	decrypt_known(SMB2_CIPHER_AES128_GCM, "748C50868C90F302962A5C35F5F9A8BF",
	              "FD534D427F714B3B9D8FA1198584E71C2BAA1CB6E16831DD2E8EB7B400000000"
	              "0000000067000000000001002500000000100000"
	              "FECEDF4D03BB11A6CC5D8A53BE33D6D8701986342B4197D306E16F9CBB218E92"
	              "F7F8281F51CE68BB85A20D87DE90EBBF80538066D1C37513C0A58D70936D537B"
	              "624F5500202A612B6CD30D448A82791A0B2E049ED512AFAEFB06E98AB3D6F931"
	              "D7D50DB2DBD36A",
	              "FE534D4240000100000000000800010001000000000000000600000000000000"
	              "FFFE000001000000250000000010000000000000000000000000000000000000"
	              "11005000170000000000000000000000536D623320656E6372797074696F6E20"
	              "74657374696E67");
}

/* ---- captured Windows signatures ---------------------------------------- */

static void test_captured_smb311_signatures(void **state)
{
	(void)state;
	static const char *chain[] = {
		"s311_neg_req.bin", "s311_neg_rsp.bin", "s311_sess1_req.bin",
		"s311_sess1_rsp.bin", "s311_sess2_req.bin",
	};
	static const char *signed_msgs[] = {
		"s311_sess2_rsp.bin", "s311_tcon_req.bin", "s311_tcon_rsp.bin",
	};
	struct smb2_preauth conn, sess;
	struct smb2_keys k;
	struct smb2_signer *s = NULL;
	struct tu_bytes sk = tu_hexb("6f062c8d9562419010f1aced8ec70998");

	smb2_preauth_init(&conn);
	for (size_t i = 0; i < 5; i++) {
		struct tu_bytes m = fixture(chain[i]);

		assert_status(smb2_preauth_update(i < 2 ? &conn : &sess, m.p, m.n),
		              STATUS_SUCCESS);
		if (i == 1)
			smb2_preauth_fork(&conn, &sess);
		free(m.p);
	}
	assert_status(smb2_derive_keys(SMB2_DIALECT_311, SMB2_CIPHER_AES128_GCM, sk.p,
	                               sk.n, sess.value, &k),
	              STATUS_SUCCESS);
	/* The key list's signing key for this session. */
	tu_assert_hex(k.signing, "7aed7ab25e15e8ef13ba10e32cb88f68", 16);
	assert_status(smb2_signer_new(SMB2_SIGN_AES_CMAC, k.signing, 16, &s),
	              STATUS_SUCCESS);
	for (size_t i = 0; i < 3; i++) {
		struct tu_bytes m = fixture(signed_msgs[i]);

		assert_status(smb2_verify_buf(s, m.p, m.n), STATUS_SUCCESS);
		/* One flipped bit in the body: refused. */
		m.p[m.n - 1] ^= 0x01;
		assert_status(smb2_verify_buf(s, m.p, m.n), STATUS_ACCESS_DENIED);
		free(m.p);
	}
	smb2_signer_free(s);
	smb2_keys_clear(&k);
	free(sk.p);
}

static void test_captured_smb21_signature(void **state)
{
	(void)state;
	struct tu_bytes m = fixture("s210_sess_rsp.bin");
	struct tu_bytes sk = tu_hexb("5102c65b8aa67ea7fd7884433b46ede1");
	struct smb2_keys k;
	struct smb2_signer *s = NULL;
	uint8_t sig[16];

	assert_status(smb2_derive_keys(SMB2_DIALECT_210, 0, sk.p, sk.n, NULL, &k),
	              STATUS_SUCCESS);
	assert_status(smb2_signer_new(SMB2_SIGN_HMAC_SHA256, k.signing, 16, &s),
	              STATUS_SUCCESS);
	assert_status(smb2_verify_buf(s, m.p, m.n), STATUS_SUCCESS);
	assert_status(smb2_sign_buf(s, m.p, m.n, sig), STATUS_SUCCESS);
	tu_assert_hex(sig, "e6c21373e0c96047df473a3ffe272e98", 16);
	smb2_signer_free(s);
	free(m.p);
	free(sk.p);
}

/* ---- round trips and malformed twins: signing --------------------------- */

/* A plausible signed message: header and 100 body bytes. */
static void make_msg(uint8_t *m, size_t len, uint16_t command, uint32_t flags,
                     uint64_t mid)
{
	memset(m, 0, len);
	put_le32(m, SMB2_MAGIC);
	put_le16(m + 4, 64);
	put_le16(m + 12, command);
	put_le32(m + 16, flags | SMB2_FLAGS_SIGNED);
	put_le64(m + 24, mid);
	put_le64(m + 40, UINT64_C(0x0000100000000009));
	for (size_t i = 64; i < len; i++)
		m[i] = (uint8_t)(i * 31 + 7);
}

static void test_sign_roundtrip_every_alg(void **state)
{
	(void)state;
	uint8_t key[16], m[164], sig[16], sig2[16], copy[164];

	for (int i = 0; i < 16; i++)
		key[i] = (uint8_t)(0x11 * i);
	for (uint16_t alg = SMB2_SIGN_HMAC_SHA256; alg <= SMB2_SIGN_AES_GMAC; alg++) {
		struct smb2_signer *s = NULL;

		print_message("  algorithm %u\n", alg);
		assert_status(smb2_signer_new(alg, key, 16, &s), STATUS_SUCCESS);
		assert_int_equal(smb2_signer_alg(s), alg);
		make_msg(m, sizeof(m), SMB2_WRITE, 0, 42);
		/* Whatever the Signature field holds beforehand does not matter,
		 * and the caller's bytes are not written. */
		memset(m + 48, 0x77, 16);
		memcpy(copy, m, sizeof(m));
		assert_status(smb2_sign_buf(s, m, sizeof(m), sig), STATUS_SUCCESS);
		assert_memory_equal(m, copy, sizeof(m));
		memset(m + 48, 0, 16);
		assert_status(smb2_sign_buf(s, m, sizeof(m), sig2), STATUS_SUCCESS);
		assert_memory_equal(sig, sig2, 16);
		memcpy(m + 48, sig, 16);
		assert_status(smb2_verify_buf(s, m, sizeof(m)), STATUS_SUCCESS);

		/* Scattered over iovecs, split inside the header and inside the
		 * Signature field: the same signature. */
		struct iovec v[4] = {
			{ m, 10 }, { m + 10, 45 }, { m + 55, 30 }, { m + 85, sizeof(m) - 85 },
		};
		assert_status(smb2_sign_iov(s, v, 4, sig2), STATUS_SUCCESS);
		assert_memory_equal(sig, sig2, 16);
		assert_status(smb2_verify_iov(s, v, 4), STATUS_SUCCESS);

		/* A flipped bit anywhere (Signature included) fails. */
		for (size_t byte = 0; byte < sizeof(m); byte++) {
			for (int bit = 0; bit < 8; bit++) {
				m[byte] ^= (uint8_t)(1u << bit);
				assert_status(smb2_verify_buf(s, m, sizeof(m)), STATUS_ACCESS_DENIED);
				m[byte] ^= (uint8_t)(1u << bit);
			}
		}
		/* A different key fails. */
		struct smb2_signer *other = NULL;
		key[0] ^= 1;
		assert_status(smb2_signer_new(alg, key, 16, &other), STATUS_SUCCESS);
		key[0] ^= 1;
		assert_status(smb2_verify_buf(other, m, sizeof(m)), STATUS_ACCESS_DENIED);
		smb2_signer_free(other);

		/* Malformed: shorter than a header (every length), no buffer. */
		memset(sig2, 0xa5, 16);
		for (size_t n = 0; n < SMB2_HDR_SIZE; n++) {
			uint8_t *cut = malloc(n ? n : 1);
			memcpy(cut, m, n);
			assert_status(smb2_sign_buf(s, cut, n, sig2), STATUS_INVALID_PARAMETER);
			assert_status(smb2_verify_buf(s, cut, n), STATUS_INVALID_PARAMETER);
			free(cut);
		}
		for (int i = 0; i < 16; i++)
			assert_int_equal(sig2[i], 0xa5);
		assert_status(smb2_sign_iov(s, NULL, 2, sig2), STATUS_INVALID_PARAMETER);
		/* Lengths whose sum passes SMB2_MAX_PDU (and would wrap size_t). */
		struct iovec huge[2] = { { m, SIZE_MAX - 10 }, { m, 100 } };
		assert_status(smb2_sign_iov(s, huge, 2, sig2), STATUS_INVALID_PARAMETER);
		smb2_signer_free(s);
	}

	/* Wrong key lengths and unknown algorithms are refused. */
	struct smb2_signer *s = (struct smb2_signer *)0x1;
	assert_status(smb2_signer_new(SMB2_SIGN_AES_CMAC, key, 15, &s),
	              STATUS_INVALID_PARAMETER);
	assert_status(smb2_signer_new(SMB2_SIGN_AES_GMAC, key, 32, &s),
	              STATUS_INVALID_PARAMETER);
	assert_status(smb2_signer_new(SMB2_SIGN_HMAC_SHA256, key, 0, &s),
	              STATUS_INVALID_PARAMETER);
	assert_status(smb2_signer_new(3, key, 16, &s), STATUS_INVALID_PARAMETER);
	assert_ptr_equal(s, (struct smb2_signer *)0x1);
	smb2_signer_free(NULL);
}

static void test_gmac_nonce(void **state)
{
	(void)state;
	uint8_t m[64], n[12];

	/* MS-SMB2 3.1.4.1: MessageId, then role bit 0 and cancel bit 1. */
	make_msg(m, sizeof(m), SMB2_READ, 0, UINT64_C(0x0102030405060708));
	smb2_gmac_nonce(m, n);
	tu_assert_hex(n, "080706050403020100000000", 12);
	make_msg(m, sizeof(m), SMB2_READ, SMB2_FLAGS_SERVER_TO_REDIR, 5);
	smb2_gmac_nonce(m, n);
	tu_assert_hex(n, "050000000000000001000000", 12);
	make_msg(m, sizeof(m), SMB2_CANCEL, 0, 9);
	smb2_gmac_nonce(m, n);
	tu_assert_hex(n, "090000000000000002000000", 12);

	/* The nonce is bound into the GMAC: a client's and a server's message
	 * with the same bytes otherwise sign differently. */
	uint8_t key[16] = { 1 }, a[64], b[64], sa[16], sb[16];
	struct smb2_signer *s = NULL;
	make_msg(a, sizeof(a), SMB2_ECHO, 0, 3);
	memcpy(b, a, sizeof(b));
	put_le64(b + 24, 4);
	assert_status(smb2_signer_new(SMB2_SIGN_AES_GMAC, key, 16, &s), STATUS_SUCCESS);
	assert_status(smb2_sign_buf(s, a, sizeof(a), sa), STATUS_SUCCESS);
	assert_status(smb2_sign_buf(s, b, sizeof(b), sb), STATUS_SUCCESS);
	assert_memory_not_equal(sa, sb, 16);
	/* Against the bare GMAC with the nonce built by hand. */
	uint8_t nonce[12], raw[16];
	struct iovec v = { a, sizeof(a) };
	smb2_gmac_nonce(a, nonce);
	memset(a + 48, 0, 16);
	assert_status(smb2_signer_mac(s, nonce, &v, 1, raw, 16), STATUS_SUCCESS);
	assert_memory_equal(raw, sa, 16);
	smb2_signer_free(s);
}

/* ---- round trips and malformed twins: encryption ------------------------ */

static void test_encrypt_roundtrip_every_cipher(void **state)
{
	(void)state;
	uint8_t key[32], msg[200], nonce[16];
	size_t flen = 0, plen = 0;

	for (int i = 0; i < 32; i++)
		key[i] = (uint8_t)(0x21 + 3 * i);
	make_msg(msg, sizeof(msg), SMB2_READ, SMB2_FLAGS_SERVER_TO_REDIR, 77);
	for (uint16_t id = SMB2_CIPHER_AES128_CCM; id <= SMB2_CIPHER_AES256_GCM; id++) {
		struct smb2_cipher *c = NULL;
		struct smb2_nonce_gen g;
		size_t kl = smb2_cipher_key_len(id);
		uint8_t frame[300], out[300], pattern[300];

		print_message("  cipher %u\n", id);
		assert_status(smb2_cipher_new(id, key, kl, &c), STATUS_SUCCESS);
		assert_int_equal(smb2_cipher_id(c), id);
		smb2_nonce_gen_init(&g, 1, (const uint8_t *)"\xaa\xbb\xcc\xdd");
		assert_status(smb2_nonce_next(&g, id, nonce), STATUS_SUCCESS);

		/* Scattered plaintext, split inside the SMB2 header. */
		struct iovec v[3] = { { msg, 30 }, { msg + 30, 100 }, { msg + 130, 70 } };
		assert_status(smb2_encrypt_iov(c, 0x1234, nonce, v, 3, frame, sizeof(frame),
		                               &flen),
		              STATUS_SUCCESS);
		assert_int_equal(flen, SMB2_TRANSFORM_HDR_SIZE + sizeof(msg));
		assert_int_equal(le32(frame), SMB2_TRANSFORM_MAGIC);
		assert_int_equal(le32(frame + 36), sizeof(msg));
		assert_int_equal(le16(frame + 42), SMB2_TRANSFORM_FLAG_ENCRYPTED);
		assert_int_equal(le64(frame + 44), 0x1234);
		/* Nonce field: counter, fixed bytes, then zeros past the nonce. */
		size_t nl = smb2_cipher_nonce_len(id);
		tu_assert_hex(frame + 20, nl == 11 ? "0100000000000000aabbcc0000000000"
		                                  : "0100000000000000aabbccdd00000000",
		             16);
		assert_memory_not_equal(frame + 52, msg, 64);
		assert_status(smb2_decrypt(c, frame, flen, out, sizeof(out), &plen, NULL),
		              STATUS_SUCCESS);
		assert_int_equal(plen, sizeof(msg));
		assert_memory_equal(out, msg, sizeof(msg));

		/* A flipped bit anywhere fails and leaves no plaintext: header
		 * fields the decoder checks give STATUS_INVALID_PARAMETER, the
		 * Signature, Nonce, Reserved, SessionId and ciphertext do not
		 * authenticate. */
		for (size_t byte = 0; byte < flen; byte++) {
			for (int bit = 0; bit < 8; bit += 3) {
				size_t got = 0x5a5a;
				NTSTATUS want = (byte < 4 || (byte >= 36 && byte < 40) ||
				                 (byte >= 42 && byte < 44))
				                        ? STATUS_INVALID_PARAMETER
				                        : STATUS_ACCESS_DENIED;
				frame[byte] ^= (uint8_t)(1u << bit);
				memset(out, 0, sizeof(out));
				assert_status(smb2_decrypt(c, frame, flen, out, sizeof(out), &got,
				                           NULL),
				              want);
				frame[byte] ^= (uint8_t)(1u << bit);
				assert_int_equal(got, 0x5a5a);
				memset(pattern, 0, sizeof(pattern));
				assert_memory_equal(out, pattern, sizeof(out));
			}
		}
		/* Every truncation is refused. */
		for (size_t n = 0; n < flen; n++) {
			uint8_t *cut = malloc(n ? n : 1);
			memcpy(cut, frame, n);
			assert_true(nt_status_is_error(
				smb2_decrypt(c, cut, n, out, sizeof(out), &plen, NULL)));
			free(cut);
		}
		/* Output buffers too small. */
		assert_status(smb2_decrypt(c, frame, flen, out, sizeof(msg) - 1, &plen, NULL),
		              STATUS_BUFFER_TOO_SMALL);
		assert_status(smb2_encrypt_iov(c, 1, nonce, v, 3, out, flen - 1, &plen),
		              STATUS_BUFFER_TOO_SMALL);
		/* Too short a message to encrypt; lengths that pass the limit. */
		struct iovec shortv = { msg, SMB2_HDR_SIZE - 1 };
		assert_status(smb2_encrypt_iov(c, 1, nonce, &shortv, 1, out, sizeof(out),
		                               &plen),
		              STATUS_INVALID_PARAMETER);
		struct iovec huge[2] = { { msg, SIZE_MAX - 10 }, { msg, 100 } };
		assert_status(smb2_encrypt_iov(c, 1, nonce, huge, 2, out, sizeof(out), &plen),
		              STATUS_INVALID_PARAMETER);

		/* The writer forms; a failed decrypt keeps the writer's length. */
		struct wr w;
		wr_init(&w, 0);
		wr_u32(&w, 0xdeadbeef);
		assert_status(smb2_encrypt_wr(c, 0x1234, nonce, v, 3, &w), STATUS_SUCCESS);
		assert_int_equal(w.len, 4 + flen);
		assert_memory_equal(w.buf + 4, frame, flen);
		struct wr d;
		wr_init(&d, 0);
		assert_status(smb2_decrypt_wr(c, frame, flen, &d, NULL), STATUS_SUCCESS);
		assert_int_equal(d.len, sizeof(msg));
		assert_memory_equal(d.buf, msg, sizeof(msg));
		frame[100] ^= 1;
		assert_status(smb2_decrypt_wr(c, frame, flen, &d, NULL), STATUS_ACCESS_DENIED);
		assert_int_equal(d.len, sizeof(msg));
		frame[100] ^= 1;
		wr_free(&d);
		wr_free(&w);

		/* Another key of the same cipher does not decrypt it. */
		struct smb2_cipher *other = NULL;
		key[3] ^= 0x40;
		assert_status(smb2_cipher_new(id, key, kl, &other), STATUS_SUCCESS);
		key[3] ^= 0x40;
		assert_status(smb2_decrypt(other, frame, flen, out, sizeof(out), &plen, NULL),
		              STATUS_ACCESS_DENIED);
		smb2_cipher_free(other);
		smb2_cipher_free(c);
	}

	/* Wrong key lengths and unknown ciphers are refused. */
	struct smb2_cipher *c = (struct smb2_cipher *)0x1;
	assert_status(smb2_cipher_new(SMB2_CIPHER_AES128_GCM, key, 32, &c),
	              STATUS_INVALID_PARAMETER);
	assert_status(smb2_cipher_new(SMB2_CIPHER_AES256_CCM, key, 16, &c),
	              STATUS_INVALID_PARAMETER);
	assert_status(smb2_cipher_new(0, key, 16, &c), STATUS_INVALID_PARAMETER);
	assert_status(smb2_cipher_new(5, key, 32, &c), STATUS_INVALID_PARAMETER);
	assert_ptr_equal(c, (struct smb2_cipher *)0x1);
	smb2_cipher_free(NULL);
}

static void test_nonce_gen(void **state)
{
	(void)state;
	struct smb2_nonce_gen g;
	uint8_t a[16], b[16];

	smb2_nonce_gen_init(&g, UINT64_MAX - 2, NULL);
	assert_status(smb2_nonce_next(&g, SMB2_CIPHER_AES128_GCM, a), STATUS_SUCCESS);
	assert_status(smb2_nonce_next(&g, SMB2_CIPHER_AES128_GCM, b), STATUS_SUCCESS);
	assert_memory_not_equal(a, b, 16);
	/* Exhausted: refuses rather than wrap to a used value. */
	memset(a, 0xa5, 16);
	assert_status(smb2_nonce_next(&g, SMB2_CIPHER_AES128_GCM, a), STATUS_INTERNAL_ERROR);
	for (int i = 0; i < 16; i++)
		assert_int_equal(a[i], 0xa5);
	smb2_nonce_gen_init(&g, 0, NULL);
	assert_status(smb2_nonce_next(&g, 9, a), STATUS_INVALID_PARAMETER);
}

static void test_preauth_iov(void **state)
{
	(void)state;
	struct tu_bytes m = fixture("msblog311_neg_rsp.bin");
	struct smb2_preauth a, b;
	struct iovec v[3] = { { m.p, 1 }, { m.p + 1, 0 }, { m.p + 1, m.n - 1 } };

	smb2_preauth_init(&a);
	smb2_preauth_init(&b);
	assert_status(smb2_preauth_update(&a, m.p, m.n), STATUS_SUCCESS);
	assert_status(smb2_preauth_update_iov(&b, v, 3), STATUS_SUCCESS);
	assert_memory_equal(a.value, b.value, 64);
	/* Malformed: a NULL piece with a length, a sum past the limit; the
	 * value does not move. */
	struct iovec bad = { NULL, 5 };
	assert_status(smb2_preauth_update_iov(&b, &bad, 1), STATUS_INVALID_PARAMETER);
	struct iovec huge[2] = { { m.p, SIZE_MAX - 10 }, { m.p, 100 } };
	assert_status(smb2_preauth_update_iov(&b, huge, 2), STATUS_INVALID_PARAMETER);
	assert_memory_equal(a.value, b.value, 64);
	free(m.p);
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
		cmocka_unit_test(test_kdf_smb30_examples),
		cmocka_unit_test(test_preauth_and_kdf_smb311_example),
		cmocka_unit_test(test_kdf_smb311_gcm_example),
		cmocka_unit_test(test_encryption_smb30_example),
		cmocka_unit_test(test_encryption_smb311_gcm_example),
		cmocka_unit_test(test_captured_smb311_signatures),
		cmocka_unit_test(test_captured_smb21_signature),
		cmocka_unit_test(test_sign_roundtrip_every_alg),
		cmocka_unit_test(test_gmac_nonce),
		cmocka_unit_test(test_encrypt_roundtrip_every_cipher),
		cmocka_unit_test(test_nonce_gen),
		cmocka_unit_test(test_preauth_iov),
	};
	return cmocka_run_group_tests_name("smb_crypto", tests, NULL, teardown);
}
