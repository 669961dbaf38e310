/*
 * The keys file of smbsim-replay (pcap-replay/keys.c): session ids as
 * tshark shows them (0x...) and as Wireshark's smb2_seskey_list UAT has
 * them (8 wire bytes), comments, blanks, commas and quotes, "-" for an
 * absent session key, 16- and 32-byte cipher keys, repeated identical
 * lines, lookup; and the malformed twins, each refused with FILE:LINE and
 * what is wrong: odd or non-hex digits, a bad id, a wrong field count,
 * cipher keys of different or wrong lengths, no key at all, an unclosed
 * quote, a NUL byte, too many sessions, the same session with other keys,
 * a missing file.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "test_replay_util.h"

static struct rp_keyring *parse_ok(const char *text)
{
	struct rp_keyring *k = NULL;
	char err[256] = "";

	if (rp_keyring_parse(text, strlen(text), "k.txt", &k, err, sizeof(err)))
		fail_msg("refused: %s", err);
	return k;
}

static void test_formats(void **state)
{
	static const char text[] =
	        "# smbsim-replay keys\n"
	        "\n"
	        "0x0000100000000009 000102030405060708090a0b0c0d0e0f\n"
	        "  0x5   ffeeddccbbaa99887766554433221100   # trailing comment\n"
	        "0100000000000000,\"00112233445566778899aabbccddeeff\",\"\",\"\"\n"
	        "0x7 - 000102030405060708090a0b0c0d0e0f 101112131415161718191a1b1c1d1e1f\n"
	        "0x8 aabb 0000000000000000000000000000000000000000000000000000000000000001 "
	        "1000000000000000000000000000000000000000000000000000000000000000\r\n"
	        "0x5 ffeeddccbbaa99887766554433221100\n";
	struct rp_keyring *k = parse_ok(text);
	const struct rp_key *e;

	(void)state;
	assert_int_equal(rp_keyring_count(k), 5);
	e = rp_keyring_find(k, 0x0000100000000009ull);
	assert_non_null(e);
	assert_int_equal(e->session_key_len, 16);
	assert_int_equal(e->session_key[15], 0x0f);
	assert_int_equal(e->cipher_key_len, 0);
	e = rp_keyring_find(k, 5);
	assert_non_null(e);
	assert_int_equal(e->session_key[0], 0xff);
	e = rp_keyring_find(k, 1); /* wire bytes 01 00 ... */
	assert_non_null(e);
	assert_int_equal(e->session_key[1], 0x11);
	e = rp_keyring_find(k, 7);
	assert_non_null(e);
	assert_int_equal(e->session_key_len, 0);
	assert_int_equal(e->cipher_key_len, 16);
	assert_int_equal(e->s2c[0], 0x00);
	assert_int_equal(e->c2s[0], 0x10);
	e = rp_keyring_find(k, 8);
	assert_non_null(e);
	assert_int_equal(e->session_key_len, 2);
	assert_int_equal(e->cipher_key_len, 32);
	assert_int_equal(e->s2c[31], 1);
	assert_int_equal(e->c2s[0], 0x10);
	assert_null(rp_keyring_find(k, 6));
	assert_null(rp_keyring_find(NULL, 6));
	rp_keyring_free(k);
	rp_keyring_free(NULL);
	/* An empty file is an empty keyring. */
	k = parse_ok("");
	assert_int_equal(rp_keyring_count(k), 0);
	rp_keyring_free(k);
}

struct bad_case {
	const char *text;
	const char *want;      /* in the message */
};

static const struct bad_case bad_cases[] = {
	{ "0x1 00112233445566778899aabbccddeef\n", "k.txt:1: session key" },
	{ "0x1 00112233445566778899aabbccddeeffgg\n", "k.txt:1: session key" },
	{ "# ok\n0xZ 00112233445566778899aabbccddeeff\n", "k.txt:2: session id" },
	{ "0x 00112233445566778899aabbccddeeff\n", "session id" },
	{ "0x12345678901234567 00\n", "session id" },
	{ "01000000 00112233445566778899aabbccddeeff\n", "session id" },
	{ "0x1\n", "expected SESSIONID SESSIONKEY" },
	{ "0x1 aa bb\n", "expected SESSIONID SESSIONKEY" },
	{ "0x1 aa bb cc dd ee\n", "too many fields" },
	{ "0x1 aa 00112233445566778899aabbccddeeff 0011\n", "cipher keys" },
	{ "0x1 aa 0011 0011\n", "cipher keys" },
	{ "0x1 - - -\n", "no key given" },
	{ "0x1 \"aabb\n", "unclosed quote" },
	{ "0x1 aa\n0x1 bb\n", "given twice with different keys" },
};

static void test_malformed(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad_cases) / sizeof(bad_cases[0]); i++) {
		struct rp_keyring *k = NULL;
		char err[256] = "";

		if (!rp_keyring_parse(bad_cases[i].text, strlen(bad_cases[i].text), "k.txt", &k,
		                      err, sizeof(err)))
			fail_msg("accepted: %s", bad_cases[i].text);
		assert_null(k);
		if (!strstr(err, bad_cases[i].want))
			fail_msg("for %s: message '%s' lacks '%s'", bad_cases[i].text, err,
			         bad_cases[i].want);
	}
}

/* NUL bytes, too many lines, files. */
static void test_limits_and_files(void **state)
{
	static const char nul[] = "0x1 aa\n0x2 b\0b\n";
	char path[] = "/tmp/test_replay_keys_XXXXXX";
	struct rp_keyring *k = NULL;
	char err[256];
	char *big;
	size_t i, len = 0;
	int fd;
	FILE *f;

	(void)state;
	assert_int_equal(rp_keyring_parse(nul, sizeof(nul) - 1, "k.txt", &k, err, sizeof(err)),
	                 -1);
	assert_non_null(strstr(err, "k.txt:2: NUL byte"));
	big = malloc((RP_MAX_KEYS + 1) * 32);
	assert_non_null(big);
	for (i = 0; i < RP_MAX_KEYS; i++)
		len += (size_t)sprintf(big + len, "0x%zx aabbccdd\n", i + 1);
	assert_int_equal(rp_keyring_parse(big, len, "k.txt", &k, err, sizeof(err)), 0);
	assert_int_equal(rp_keyring_count(k), RP_MAX_KEYS);
	assert_non_null(rp_keyring_find(k, RP_MAX_KEYS));
	assert_non_null(rp_keyring_find(k, 1));
	rp_keyring_free(k);
	/* Twin: one line more. */
	len += (size_t)sprintf(big + len, "0x%x aabbccdd\n", RP_MAX_KEYS + 1);
	assert_int_equal(rp_keyring_parse(big, len, "k.txt", &k, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "RP_MAX_KEYS"));
	free(big);

	fd = mkstemp(path);
	assert_true(fd >= 0);
	f = fdopen(fd, "w");
	assert_non_null(f);
	fprintf(f, "0x42 000102030405060708090a0b0c0d0e0f\n");
	assert_int_equal(fclose(f), 0);
	assert_int_equal(rp_keyring_load(path, &k, err, sizeof(err)), 0);
	assert_non_null(rp_keyring_find(k, 0x42));
	rp_keyring_free(k);
	assert_int_equal(unlink(path), 0);
	assert_int_equal(rp_keyring_load(path, &k, err, sizeof(err)), -1);
	assert_non_null(strstr(err, path));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_formats),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_limits_and_files),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
