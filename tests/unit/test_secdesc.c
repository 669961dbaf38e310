/* Security descriptors, ACLs, ACEs and SIDs: round trips, string forms,
 * captured bytes, malformed twins. */
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "wire/limits.h"
#include "wire/query_info.h"
#include "wire/secdesc.h"

TU_DECODER(smb2_query_info_rsp_decode, struct smb2_query_info_rsp)

static struct smb2_sid sid_of(const char *s)
{
	struct smb2_sid sid;

	assert_status(smb2_sid_from_string(s, &sid), STATUS_SUCCESS);
	return sid;
}

static void assert_sid_string(const struct smb2_sid *sid, const char *want)
{
	char buf[SMB2_SID_STRING_MAX];

	assert_status(smb2_sid_to_string(sid, buf, sizeof(buf)), STATUS_SUCCESS);
	assert_string_equal(buf, want);
}

static NTSTATUS sd_decode_copy(const uint8_t *p, size_t n, struct smb2_secdesc *out)
{
	struct smb2_secdesc pattern;
	uint8_t *copy = malloc(n ? n : 1);
	NTSTATUS st;

	assert_non_null(copy);
	memcpy(copy, p, n);
	memset(out, 0xA5, sizeof(*out));
	memset(&pattern, 0xA5, sizeof(pattern));
	st = smb2_secdesc_decode((struct smb2_blob){ copy, (uint32_t)n }, out);
	if (st != STATUS_SUCCESS)
		assert_memory_equal(out, &pattern, sizeof(pattern));
	free(copy);
	return st;
}

static void test_sid_strings(void **state)
{
	(void)state;
	static const char *good[] = {
		"S-1-5-21-2361349250-2881150590-4150576083-2006", "S-1-1-0", "S-1-5",
		"S-1-5-32-545", "S-1-0x123456789ABC-7",
		"S-1-5-1-2-3-4-5-6-7-8-9-10-11-12-13-14-4294967295",
	};
	static const char *bad[] = {
		"", "S", "S-", "S-1", "S-1-", "S-2-5", "S-1-5-", "S-1--5", "X-1-5", "S-1-5-1a",
		"S-1-5-4294967296", "S-1-0x1000000000000", "S-1-0x", "S-1-5 ", "S-01x-5",
		"S-1-5-1-2-3-4-5-6-7-8-9-10-11-12-13-14-15-16",
	};
	struct smb2_sid sid, back;
	char small[8];
	struct wr w;
	struct rd c;

	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		sid = sid_of(good[i]);
		assert_sid_string(&sid, good[i]);
		wr_init(&w, 0);
		assert_status(smb2_sid_encode(&w, &sid), STATUS_SUCCESS);
		assert_int_equal(w.len, smb2_sid_size(&sid));
		rd_init(&c, w.buf, w.len);
		assert_status(smb2_sid_decode(&c, &back), STATUS_SUCCESS);
		assert_int_equal(c.pos, w.len);
		assert_true(smb2_sid_equal(&sid, &back));
		wr_free(&w);
	}
	sid = sid_of("S-1-5-32-545");
	assert_int_equal(sid.num_auths, 2);
	assert_memory_equal(sid.id_auth, "\0\0\0\0\0\5", 6);
	assert_int_equal(sid.sub_auths[1], 545);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		memset(&sid, 0x5A, sizeof(sid));
		memset(&back, 0x5A, sizeof(back));
		if (smb2_sid_from_string(bad[i], &sid) != STATUS_INVALID_SID)
			fail_msg("\"%s\" parsed", bad[i]);
		assert_memory_equal(&sid, &back, sizeof(sid));
	}
	sid = sid_of("S-1-5-21-1-2-3");
	assert_status(smb2_sid_to_string(&sid, small, sizeof(small)), STATUS_BUFFER_TOO_SMALL);
}

static void test_sid_binary_malformed(void **state)
{
	(void)state;
	struct smb2_sid sid = sid_of("S-1-5-21-1-2-3-4"), out, pattern;
	struct wr w;
	struct rd c;

	wr_init(&w, 0);
	assert_status(smb2_sid_encode(&w, &sid), STATUS_SUCCESS);
	/* Every truncation. */
	for (size_t n = 0; n < w.len; n++) {
		memset(&out, 0x5A, sizeof(out));
		memcpy(&pattern, &out, sizeof(out));
		rd_init(&c, w.buf, n);
		assert_status(smb2_sid_decode(&c, &out), STATUS_INVALID_SID);
		assert_int_equal(c.pos, 0);
		assert_memory_equal(&out, &pattern, sizeof(out));
	}
	/* SubAuthorityCount 16, and Revision 2. */
	w.buf[1] = 16;
	rd_init(&c, w.buf, w.len);
	assert_status(smb2_sid_decode(&c, &out), STATUS_INVALID_SID);
	w.buf[1] = 5;
	w.buf[0] = 2;
	rd_init(&c, w.buf, w.len);
	assert_status(smb2_sid_decode(&c, &out), STATUS_INVALID_SID);
	wr_free(&w);
	sid.num_auths = 16;
	wr_init(&w, 0);
	assert_status(smb2_sid_encode(&w, &sid), STATUS_INVALID_SID);
	assert_int_equal(w.len, 0);
	wr_free(&w);
}

/* A DACL: allow Everyone read, deny a user write, and an opaque
 * (callback-type, 0x09) ACE with a 12-byte body. */
static void build_dacl(struct wr *aces)
{
	static const uint8_t opaque[12] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12 };
	struct smb2_ace a;

	memset(&a, 0, sizeof(a));
	a.type = ACCESS_ALLOWED_ACE_TYPE;
	a.flags = OBJECT_INHERIT_ACE | CONTAINER_INHERIT_ACE;
	a.mask = 0x001200A9;
	a.sid = sid_of("S-1-1-0");
	assert_status(smb2_ace_encode(aces, &a), STATUS_SUCCESS);
	a.type = ACCESS_DENIED_ACE_TYPE;
	a.flags = 0;
	a.mask = 0x00000116;
	a.sid = sid_of("S-1-5-21-2361349250-2881150590-4150576083-2006");
	assert_status(smb2_ace_encode(aces, &a), STATUS_SUCCESS);
	memset(&a, 0, sizeof(a));
	a.type = 0x09;
	a.body = (struct smb2_blob){ opaque, sizeof(opaque) };
	assert_status(smb2_ace_encode(aces, &a), STATUS_SUCCESS);
}

static void build_sd(struct wr *w, struct wr *dacl, struct wr *sacl)
{
	struct smb2_secdesc sd;
	struct smb2_ace audit;

	build_dacl(dacl);
	memset(&audit, 0, sizeof(audit));
	audit.type = SYSTEM_AUDIT_ACE_TYPE;
	audit.flags = FAILED_ACCESS_ACE_FLAG;
	audit.mask = 0x10000;
	audit.sid = sid_of("S-1-1-0");
	assert_status(smb2_ace_encode(sacl, &audit), STATUS_SUCCESS);

	memset(&sd, 0, sizeof(sd));
	sd.control = SE_DACL_AUTO_INHERITED;
	sd.has_owner = sd.has_group = sd.has_sacl = sd.has_dacl = true;
	sd.owner = sid_of("S-1-5-21-2361349250-2881150590-4150576083-2006");
	sd.group = sid_of("S-1-5-32-545");
	sd.sacl = (struct smb2_acl){ ACL_REVISION, 1, { sacl->buf, (uint32_t)sacl->len } };
	sd.dacl = (struct smb2_acl){ ACL_REVISION, 3, { dacl->buf, (uint32_t)dacl->len } };
	assert_status(smb2_secdesc_encode(w, &sd), STATUS_SUCCESS);
}

static void test_secdesc_roundtrip(void **state)
{
	(void)state;
	struct smb2_secdesc sd;
	struct smb2_ace_iter it;
	struct smb2_ace a;
	struct wr w, w2, dacl, sacl;

	wr_init(&w, 0);
	wr_init(&w2, 0);
	wr_init(&dacl, 0);
	wr_init(&sacl, 0);
	build_sd(&w, &dacl, &sacl);
	/* Header, owner (28) at 20, group (16) at 48, SACL (8 + 20) at 64,
	 * DACL at 92. */
	assert_int_equal(le16(w.buf + 2), SE_SELF_RELATIVE | SE_DACL_AUTO_INHERITED |
	                                  SE_SACL_PRESENT | SE_DACL_PRESENT);
	assert_int_equal(le32(w.buf + 4), 20);
	assert_int_equal(le32(w.buf + 8), 48);
	assert_int_equal(le32(w.buf + 12), 64);
	assert_int_equal(le32(w.buf + 16), 92);
	assert_int_equal(w.len, 92 + 8 + dacl.len);

	assert_status(smb2_secdesc_decode((struct smb2_blob){ w.buf, (uint32_t)w.len }, &sd),
	              STATUS_SUCCESS);
	assert_true(sd.has_owner && sd.has_group && sd.has_sacl && sd.has_dacl);
	assert_sid_string(&sd.owner, "S-1-5-21-2361349250-2881150590-4150576083-2006");
	assert_sid_string(&sd.group, "S-1-5-32-545");
	assert_int_equal(sd.dacl.ace_count, 3);
	assert_int_equal(sd.dacl.aces.len, dacl.len);
	smb2_ace_iter_init(&it, &sd.dacl);
	assert_status(smb2_ace_next(&it, &a), STATUS_SUCCESS);
	assert_true(a.basic);
	assert_int_equal(a.type, ACCESS_ALLOWED_ACE_TYPE);
	assert_int_equal(a.flags, OBJECT_INHERIT_ACE | CONTAINER_INHERIT_ACE);
	assert_int_equal(a.size, 20);
	assert_int_equal(a.mask, 0x001200A9);
	assert_sid_string(&a.sid, "S-1-1-0");
	assert_status(smb2_ace_next(&it, &a), STATUS_SUCCESS);
	assert_int_equal(a.type, ACCESS_DENIED_ACE_TYPE);
	assert_int_equal(a.size, 36);
	assert_int_equal(a.sid.sub_auths[4], 2006);
	assert_status(smb2_ace_next(&it, &a), STATUS_SUCCESS);
	assert_false(a.basic);
	assert_int_equal(a.type, 0x09);
	assert_int_equal(a.size, 16);
	assert_int_equal(a.body.len, 12);
	assert_int_equal(a.body.p[11], 12);
	assert_status(smb2_ace_next(&it, &a), STATUS_NO_MORE_ENTRIES);
	smb2_ace_iter_init(&it, &sd.sacl);
	assert_status(smb2_ace_next(&it, &a), STATUS_SUCCESS);
	assert_int_equal(a.type, SYSTEM_AUDIT_ACE_TYPE);
	assert_int_equal(a.flags, FAILED_ACCESS_ACE_FLAG);

	/* Re-encoding the decoded descriptor gives the same bytes. */
	assert_status(smb2_secdesc_encode(&w2, &sd), STATUS_SUCCESS);
	assert_int_equal(w2.len, w.len);
	assert_memory_equal(w2.buf, w.buf, w.len);
	/* Every truncation fails. */
	for (size_t n = 0; n < w.len; n++) {
		struct smb2_secdesc junk;
		assert_true(nt_status_is_error(sd_decode_copy(w.buf, n, &junk)));
	}
	wr_free(&w);
	wr_free(&w2);
	wr_free(&dacl);
	wr_free(&sacl);
}

/* Patch a copy of the good descriptor and expect `want`. */
static void expect_bad(const struct wr *w, size_t at, int width, uint32_t v, NTSTATUS want)
{
	struct smb2_secdesc out;
	uint8_t *m = malloc(w->len);

	assert_non_null(m);
	memcpy(m, w->buf, w->len);
	if (width == 1)
		m[at] = (uint8_t)v;
	else if (width == 2)
		put_le16(m + at, (uint16_t)v);
	else
		put_le32(m + at, v);
	assert_status(sd_decode_copy(m, w->len, &out), want);
	free(m);
}

static void test_secdesc_malformed(void **state)
{
	(void)state;
	struct wr w, dacl, sacl;
	const size_t dacl_at = 92, acl_aces = dacl_at + 8;

	wr_init(&w, 0);
	wr_init(&dacl, 0);
	wr_init(&sacl, 0);
	build_sd(&w, &dacl, &sacl);

	/* Header: Revision, no SELF_RELATIVE. */
	expect_bad(&w, 0, 1, 2, STATUS_INVALID_SECURITY_DESCR);
	expect_bad(&w, 2, 2, SE_DACL_PRESENT, STATUS_INVALID_SECURITY_DESCR);
	/* Offsets into the header, at or past the end. */
	expect_bad(&w, 4, 4, 8, STATUS_INVALID_SECURITY_DESCR);
	expect_bad(&w, 16, 4, 19, STATUS_INVALID_SECURITY_DESCR);
	expect_bad(&w, 8, 4, (uint32_t)w.len, STATUS_INVALID_SECURITY_DESCR);
	expect_bad(&w, 12, 4, 0xFFFFFFF0u, STATUS_INVALID_SECURITY_DESCR);
	/* An owner SID running past the end; SubAuthorityCount 16. */
	expect_bad(&w, 4, 4, (uint32_t)w.len - 12, STATUS_INVALID_SID);
	expect_bad(&w, 20 + 1, 1, 16, STATUS_INVALID_SID);
	/* ACL: revision 3, AclSize past the descriptor or below its header,
	 * AceCount larger than what fits, or just one too many. */
	expect_bad(&w, dacl_at, 1, 3, STATUS_INVALID_ACL);
	expect_bad(&w, dacl_at + 2, 2, (uint16_t)(w.len - dacl_at + 4), STATUS_INVALID_ACL);
	expect_bad(&w, dacl_at + 2, 2, 4, STATUS_INVALID_ACL);
	expect_bad(&w, dacl_at + 4, 2, 0xFFFF, STATUS_INVALID_ACL);
	expect_bad(&w, dacl_at + 4, 2, 4, STATUS_INVALID_ACL);
	/* A SACL claiming two ACEs where its AclSize holds one. */
	expect_bad(&w, 64 + 4, 2, 2, STATUS_INVALID_ACL);
	/* ACE: AceSize not a multiple of 4, below the header, past the ACL,
	 * too small for its SID. */
	expect_bad(&w, acl_aces + 2, 2, 22, STATUS_INVALID_ACL);
	expect_bad(&w, acl_aces + 2, 2, 0, STATUS_INVALID_ACL);
	expect_bad(&w, acl_aces + 2, 2, 0x1000, STATUS_INVALID_ACL);
	expect_bad(&w, acl_aces + 2, 2, 12, STATUS_INVALID_ACL);
	/* The SID inside an ACE: 15 sub-authorities do not fit in AceSize. */
	expect_bad(&w, acl_aces + 9, 1, 15, STATUS_INVALID_ACL);
	/* Larger AceSize than its SID needs is fine (MS-DTYP 2.4.4.1): the
	 * first ACE swallows the second (20 + 36 = 56), one ACE fewer. */
	{
		struct smb2_secdesc out;
		uint8_t *m = malloc(w.len);
		assert_non_null(m);
		memcpy(m, w.buf, w.len);
		put_le16(m + acl_aces + 2, 56);
		put_le16(m + dacl_at + 4, 2);
		assert_status(sd_decode_copy(m, w.len, &out), STATUS_SUCCESS);
		assert_int_equal(out.dacl.ace_count, 2);
		free(m);
	}
	wr_free(&w);
	wr_free(&dacl);
	wr_free(&sacl);
}

static void test_acl_limits(void **state)
{
	(void)state;
	uint8_t acl[16] = { ACL_REVISION, 0, 16, 0, 0, 0, 0, 0 };
	struct smb2_acl out;
	struct smb2_ace a;
	struct wr w;

	/* Empty ACL; then AceCount 2 with room for one 8-byte opaque ACE. */
	assert_status(smb2_acl_decode((struct smb2_blob){ acl, 8 }, &out), STATUS_INVALID_ACL);
	acl[2] = 8;
	assert_status(smb2_acl_decode((struct smb2_blob){ acl, 8 }, &out), STATUS_SUCCESS);
	assert_int_equal(out.ace_count, 0);
	acl[2] = 16;
	acl[4] = 1;
	acl[8] = 0x11; acl[10] = 8;
	assert_status(smb2_acl_decode((struct smb2_blob){ acl, 16 }, &out), STATUS_SUCCESS);
	acl[4] = 2;
	assert_status(smb2_acl_decode((struct smb2_blob){ acl, 16 }, &out), STATUS_INVALID_ACL);
	acl[4] = 0; acl[5] = 0x40; /* 16384 > SMB2_MAX_ACL_ACES */
	assert_status(smb2_acl_decode((struct smb2_blob){ acl, 16 }, &out), STATUS_INVALID_ACL);
	/* Encoders refuse what decoders would refuse. */
	memset(&a, 0, sizeof(a));
	a.type = 0x11;
	a.body = (struct smb2_blob){ acl, 3 };
	wr_init(&w, 0);
	assert_status(smb2_ace_encode(&w, &a), STATUS_INVALID_ACL);
	a.type = ACCESS_ALLOWED_ACE_TYPE;
	a.sid.revision = 2;
	assert_status(smb2_ace_encode(&w, &a), STATUS_INVALID_ACL);
	assert_int_equal(w.len, 0);
	wr_free(&w);
}

/* macOS server (suricata-verify smb-length-5770, frame 1542): owner, group
 * and a DACL of three access-denied ACEs for the S-1-5-88 NFS SIDs. */
static void test_macos_descriptor(void **state)
{
	(void)state;
	static const char *aces[] = { "S-1-5-88-3-33152", "S-1-5-88-1-503", "S-1-5-88-2-20" };
	struct smb2_query_info_rsp rsp;
	struct smb2_secdesc sd;
	struct smb2_ace_iter it;
	struct smb2_ace a;
	struct wr w;
	size_t len;
	uint8_t *m = tu_load_fixture("macos/query_info_rsp_security_macos.bin", &len);

	assert_status(tu_decode_body(smb2_query_info_rsp_decode_tu, m, len, &rsp), STATUS_SUCCESS);
	assert_int_equal(rsp.buffer.len, 156);
	assert_status(smb2_secdesc_decode(rsp.buffer, &sd), STATUS_SUCCESS);
	assert_int_equal(sd.revision, 1);
	assert_int_equal(sd.control, SE_SELF_RELATIVE | SE_DACL_PRESENT);
	assert_true(sd.has_owner && sd.has_group && sd.has_dacl);
	assert_false(sd.has_sacl);
	assert_sid_string(&sd.owner, "S-1-5-21-2361349250-2881150590-4150576083-2006");
	assert_sid_string(&sd.group, "S-1-5-32-545");
	assert_int_equal(sd.dacl.revision, ACL_REVISION);
	assert_int_equal(sd.dacl.ace_count, 3);
	assert_int_equal(sd.dacl.aces.len, 92 - 8);
	smb2_ace_iter_init(&it, &sd.dacl);
	for (int i = 0; i < 3; i++) {
		assert_status(smb2_ace_next(&it, &a), STATUS_SUCCESS);
		assert_int_equal(a.type, ACCESS_DENIED_ACE_TYPE);
		assert_int_equal(a.flags, 0);
		assert_int_equal(a.size, 28);
		assert_int_equal(a.mask, 0);
		assert_sid_string(&a.sid, aces[i]);
	}
	assert_status(smb2_ace_next(&it, &a), STATUS_NO_MORE_ENTRIES);
	/* Our encoder lays the parts out as this server did. */
	wr_init(&w, 0);
	assert_status(smb2_secdesc_encode(&w, &sd), STATUS_SUCCESS);
	assert_int_equal(w.len, 156);
	assert_memory_equal(w.buf, rsp.buffer.p, 156);
	wr_free(&w);
	for (size_t n = 0; n < rsp.buffer.len; n++) {
		struct smb2_secdesc junk;
		assert_true(nt_status_is_error(sd_decode_copy(rsp.buffer.p, n, &junk)));
	}
	free(m);
}

/* Windows Server 2019 (zeek smb_v2_only_non_zero_reserved1, frame 80): the
 * answer to an ATTRIBUTE_SECURITY_INFORMATION query is a bare header. */
static void test_windows_descriptor(void **state)
{
	(void)state;
	struct smb2_query_info_rsp rsp;
	struct smb2_secdesc sd;
	size_t len;
	uint8_t *m = tu_load_fixture("windows/query_info_rsp_security_win.bin", &len);

	assert_status(tu_decode_body(smb2_query_info_rsp_decode_tu, m, len, &rsp), STATUS_SUCCESS);
	assert_int_equal(rsp.buffer.len, 20);
	assert_status(smb2_secdesc_decode(rsp.buffer, &sd), STATUS_SUCCESS);
	assert_int_equal(sd.revision, 1);
	assert_int_equal(sd.control, SE_SELF_RELATIVE | SE_SACL_AUTO_INHERITED);
	assert_false(sd.has_owner || sd.has_group || sd.has_sacl || sd.has_dacl);
	free(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sid_strings),
		cmocka_unit_test(test_sid_binary_malformed),
		cmocka_unit_test(test_secdesc_roundtrip),
		cmocka_unit_test(test_secdesc_malformed),
		cmocka_unit_test(test_acl_limits),
		cmocka_unit_test(test_macos_descriptor),
		cmocka_unit_test(test_windows_descriptor),
	};
	return cmocka_run_group_tests_name("secdesc", tests, NULL, NULL);
}
