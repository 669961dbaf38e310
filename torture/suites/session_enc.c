/*
 * Encryption (MS-SMB2 3.1.4.3, 3.3.4.1.4, 3.3.5.2.1.1, 3.3.5.2.9,
 * 3.3.5.2.11): each 3.1.1 cipher chosen through the encryption context,
 * AES-128-CCM on 3.0 and 3.0.2, encrypted round trips small and large, an
 * encrypted share's answers, and plaintext requests refused there.
 *
 * The client decrypts every answer with the keys it derived and refuses a
 * plaintext answer to an encrypted request, so a round trip shows the
 * server derived the same keys and used the same cipher.
 */
#include "torture/suites/session_util.h"

/* The large round trip: several requests of the negotiated maximum. */
#define ENC_BIG_LEN (3u * 1024 * 1024 + 777)

/* A client that encrypts everything once logged on, on dialect d alone,
 * offering only `cipher` (3.1.1; 0: the library's default list). */
static struct cli_tree *enc_client(struct torture_ctx *t, uint16_t d, uint16_t cipher)
{
	struct cli_conn_opts o;
	struct cli_conn *c;
	struct cli_session *s;
	struct cli_tree *tree;
	NTSTATUS st;

	torture_require_dialect(t, d);
	torture_conn_opts(t, &o);
	o.dialect_min = d;
	o.dialect_max = d;
	o.require_encryption = true;
	if (cipher) {
		o.cipher_count = 1;
		o.ciphers[0] = cipher;
	}
	CHECK_STATUS(t, torture_connect(t, &o, &c), STATUS_SUCCESS);
	st = cli_negotiate(c, 0, 0);
	if (st == STATUS_NOT_SUPPORTED)
		torture_skip(t, "the server does not implement %s", torture_dialect_name(d));
	CHECK_STATUS(t, st, STATUS_SUCCESS);
	if (c->cipher == 0)
		torture_skip(t, "the server does not offer cipher 0x%04x on %s", cipher,
		             torture_dialect_name(d));
	if (cipher)
		CHECK_VAL(t, c->cipher, cipher);
	CHECK_STATUS(t, torture_login(t, c, &s), STATUS_SUCCESS);
	CHECK_TRUE(t, s->encrypt, "the session does not encrypt");
	CHECK_STATUS(t, torture_tree(t, s, NULL, &tree), STATUS_SUCCESS);
	return tree;
}

static void aes128_ccm(struct torture_ctx *t)
{
	ses_io(t, enc_client(t, SMB2_DIALECT_311, SMB2_ENCRYPTION_AES128_CCM), false, true);
}

static void aes128_gcm(struct torture_ctx *t)
{
	ses_io(t, enc_client(t, SMB2_DIALECT_311, SMB2_ENCRYPTION_AES128_GCM), false, true);
}

static void aes256_ccm(struct torture_ctx *t)
{
	ses_io(t, enc_client(t, SMB2_DIALECT_311, SMB2_ENCRYPTION_AES256_CCM), false, true);
}

static void aes256_gcm(struct torture_ctx *t)
{
	ses_io(t, enc_client(t, SMB2_DIALECT_311, SMB2_ENCRYPTION_AES256_GCM), false, true);
}

/* 3.0 and 3.0.2 have one cipher, AES-128-CCM, announced by
 * SMB2_GLOBAL_CAP_ENCRYPTION (3.3.5.4). */
static void ccm_300(struct torture_ctx *t)
{
	struct cli_tree *tree = enc_client(t, SMB2_DIALECT_300, 0);

	CHECK_VAL(t, tree->sess->conn->cipher, SMB2_ENCRYPTION_AES128_CCM);
	ses_io(t, tree, false, true);
}

static void ccm_302(struct torture_ctx *t)
{
	struct cli_tree *tree = enc_client(t, SMB2_DIALECT_302, 0);

	CHECK_VAL(t, tree->sess->conn->cipher, SMB2_ENCRYPTION_AES128_CCM);
	ses_io(t, tree, false, true);
}

/* Megabytes through encryption: every request and answer of a chunked
 * write and read (a plaintext answer would fail them). */
static void round_trip_large(struct torture_ctx *t)
{
	struct cli_tree *tree = enc_client(t, t->srv->dialect, 0);
	uint8_t *data = torture_alloc(t, ENC_BIG_LEN);
	uint8_t *back = torture_alloc(t, ENC_BIG_LEN);
	struct cli_open o;
	size_t got = 0;

	for (size_t i = 0; i < ENC_BIG_LEN; i++)
		data[i] = (uint8_t)((i >> 8) ^ (i * 7));
	CHECK_STATUS(t, torture_create_file(t, tree, torture_path(t, "big"), &o), STATUS_SUCCESS);
	CHECK_STATUS(t, cli_write(tree, o.id, 0, data, ENC_BIG_LEN), STATUS_SUCCESS);
	CHECK_STATUS(t, cli_read(tree, o.id, 0, back, ENC_BIG_LEN, &got), STATUS_SUCCESS);
	CHECK_VAL(t, got, ENC_BIG_LEN);
	CHECK_MEM(t, back, data, ENC_BIG_LEN);
	CHECK_STATUS(t, cli_close(tree, o.id), STATUS_SUCCESS);
}

/* Option share_encrypted: a tree connect there says ENCRYPT_DATA and the
 * answers on it come encrypted (3.3.4.1.4), though the session itself
 * does not encrypt. */
static struct cli_tree *enc_share(struct torture_ctx *t)
{
	const char *share = torture_require_option(t, "share_encrypted");
	struct cli_tree *tree;

	torture_require_dialect(t, SMB2_DIALECT_300);
	CHECK_STATUS(t, torture_tree(t, t->sess, share, &tree), STATUS_SUCCESS);
	CHECK_VAL(t, tree->share_flags & SMB2_SHAREFLAG_ENCRYPT_DATA, SMB2_SHAREFLAG_ENCRYPT_DATA);
	return tree;
}

static void encrypted_share(struct torture_ctx *t)
{
	struct cli_tree *tree = enc_share(t);
	struct cli_req *r = ses_probe(t, tree, NULL);

	CHECK_STATUS(t, r->status, STATUS_SUCCESS);
	CHECK_TRUE(t, r->rsp_encrypted, "an answer on an encrypted share came in plaintext");
}

/* A plaintext request on the encrypted share: STATUS_ACCESS_DENIED.
 * 3.3.5.2.11 says so for a 3.1.1 connection with a cipher whatever
 * RejectUnencryptedAccess (a server setting the client cannot see, which
 * decides on 3.0 and 3.0.2). */
static void plaintext_on_encrypted_share(struct torture_ctx *t)
{
	struct cli_tree *tree = enc_share(t);
	struct cli_override ov = { 0 };

	if (t->conn->dialect != SMB2_DIALECT_311 || !t->conn->cipher)
		torture_skip(t, "needs a 3.1.1 connection with a cipher");

	ov.encrypt = CLI_ENC_NEVER;
	CHECK_STATUS(t, ses_probe(t, tree, &ov)->status, STATUS_ACCESS_DENIED);
	/* Encrypted, the same request is fine. */
	CHECK_STATUS(t, ses_probe_status(t, tree), STATUS_SUCCESS);
}

/* An encrypting session on a share that does not ask for it: a plaintext
 * request is still accepted when only the client chose to encrypt
 * (Session.EncryptData is the server's setting, 3.3.5.5.3), and its
 * answer comes in plaintext. */
static void client_choice_only(struct torture_ctx *t)
{
	struct cli_tree *tree = enc_client(t, t->srv->dialect, 0);
	struct cli_override ov = { 0 };
	struct cli_req *r;

	if (tree->sess->session_flags & SMB2_SESSION_FLAG_ENCRYPT_DATA)
		torture_skip(t, "the server encrypts every session");
	ov.encrypt = CLI_ENC_NEVER;
	r = ses_probe(t, tree, &ov);
	CHECK_STATUS(t, r->status, STATUS_SUCCESS);
	CHECK_TRUE(t, !r->rsp_encrypted, "a plaintext request got an encrypted answer");
}

static const struct torture_test tests[] = {
	TORTURE_TEST_RAW(aes128_ccm, "MS-SMB2 3.1.4.3; MS-SMB2 3.3.5.4; MS-SMB2 2.2.3.1.2",
	                 "3.1.1 with only AES-128-CCM: an encrypted round trip"),
	TORTURE_TEST_RAW(aes128_gcm, "MS-SMB2 3.1.4.3; MS-SMB2 3.3.5.4; MS-SMB2 2.2.3.1.2",
	                 "3.1.1 with only AES-128-GCM: an encrypted round trip"),
	TORTURE_TEST_RAW(aes256_ccm, "MS-SMB2 3.1.4.3; MS-SMB2 3.3.5.4; MS-SMB2 2.2.3.1.2",
	                 "3.1.1 with only AES-256-CCM: an encrypted round trip"),
	TORTURE_TEST_RAW(aes256_gcm, "MS-SMB2 3.1.4.3; MS-SMB2 3.3.5.4; MS-SMB2 2.2.3.1.2",
	                 "3.1.1 with only AES-256-GCM: an encrypted round trip"),
	TORTURE_TEST_RAW(ccm_300, "MS-SMB2 3.1.4.3; MS-SMB2 3.3.5.4",
	                 "3.0 encrypts with AES-128-CCM: an encrypted round trip"),
	TORTURE_TEST_RAW(ccm_302, "MS-SMB2 3.1.4.3; MS-SMB2 3.3.5.4",
	                 "3.0.2 encrypts with AES-128-CCM: an encrypted round trip"),
	TORTURE_TEST_RAW(round_trip_large, "MS-SMB2 3.1.4.3; MS-SMB2 3.3.4.1.4",
	                 "3 MiB written and read back, all encrypted"),
	TORTURE_TEST(encrypted_share, "MS-SMB2 3.3.5.7; MS-SMB2 3.3.4.1.4",
	             "an encrypted share says ENCRYPT_DATA and answers encrypted"),
	TORTURE_TEST(plaintext_on_encrypted_share, "MS-SMB2 3.3.5.2.11",
	             "a plaintext request on an encrypted share: STATUS_ACCESS_DENIED"),
	TORTURE_TEST_RAW(client_choice_only, "MS-SMB2 3.3.5.2.9; MS-SMB2 3.3.4.1.4",
	                 "plaintext accepted when only the client chose to encrypt"),
};

TORTURE_SUITE(session_enc_suite, "session_enc", "encryption of sessions and shares", tests)
