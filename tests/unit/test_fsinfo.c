/* File system information classes: round trips, captured Windows bytes,
 * malformed twins. */
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "wire/fsinfo.h"
#include "wire/query_info.h"

TU_DECODER(smb2_query_info_rsp_decode, struct smb2_query_info_rsp)

static const uint8_t ntfs[] = { 'N', 0, 'T', 0, 'F', 0, 'S', 0 };

static NTSTATUS decode_copy(uint8_t cls, const uint8_t *p, size_t n, struct smb2_fsinfo *out)
{
	struct smb2_fsinfo pattern;
	uint8_t *copy = malloc(n ? n : 1);
	NTSTATUS st;

	assert_non_null(copy);
	memcpy(copy, p, n);
	memset(out, 0xA5, sizeof(*out));
	memset(&pattern, 0xA5, sizeof(pattern));
	st = smb2_fsinfo_decode(cls, (struct smb2_blob){ copy, (uint32_t)n }, out);
	if (st != STATUS_SUCCESS)
		assert_memory_equal(out, &pattern, sizeof(pattern));
	free(copy);
	return st;
}

/* Encode, check the size, decode, re-encode to the same bytes, and every
 * truncation fails. */
static void roundtrip(const struct smb2_fsinfo *in, size_t want_len)
{
	struct smb2_fsinfo out;
	struct wr w, w2;

	wr_init(&w, 0);
	wr_init(&w2, 0);
	assert_status(smb2_fsinfo_encode(&w, in), STATUS_SUCCESS);
	assert_int_equal(w.len, want_len);
	/* Decode in place: the names point into w. */
	assert_status(smb2_fsinfo_decode(in->cls, (struct smb2_blob){ w.buf, (uint32_t)w.len },
	                                 &out),
	              STATUS_SUCCESS);
	assert_int_equal(out.cls, in->cls);
	assert_status(smb2_fsinfo_encode(&w2, &out), STATUS_SUCCESS);
	assert_int_equal(w2.len, w.len);
	assert_memory_equal(w2.buf, w.buf, w.len);
	for (size_t cut = 0; cut < w.len; cut++) {
		struct smb2_fsinfo junk;
		assert_true(nt_status_is_error(decode_copy(in->cls, w.buf, cut, &junk)));
	}
	wr_free(&w);
	wr_free(&w2);
}

static void test_every_class(void **state)
{
	(void)state;
	struct smb2_fsinfo f;

	memset(&f, 0, sizeof(f));
	f.cls = FILE_FS_VOLUME_INFORMATION;
	f.u.volume = (struct smb2_fs_volume){ 0x01d33edb1a0355e4ull, 0xd01a2e5c, 1,
	                                      { ntfs, sizeof(ntfs) } };
	roundtrip(&f, 18 + sizeof(ntfs));
	f.u.volume.label.len = 0;
	roundtrip(&f, 18);
	f.cls = FILE_FS_SIZE_INFORMATION;
	f.u.size = (struct smb2_fs_size){ 1000, 500, 8, 512 };
	roundtrip(&f, 24);
	f.cls = FILE_FS_DEVICE_INFORMATION;
	f.u.device = (struct smb2_fs_device){ 7, 0x20 };
	roundtrip(&f, 8);
	f.cls = FILE_FS_ATTRIBUTE_INFORMATION;
	f.u.attribute = (struct smb2_fs_attribute){ 0x00c700ff, 255, { ntfs, sizeof(ntfs) } };
	roundtrip(&f, 12 + sizeof(ntfs));
	f.cls = FILE_FS_CONTROL_INFORMATION;
	f.u.control = (struct smb2_fs_control){ 1, 2, 3, UINT64_MAX, UINT64_MAX, 0x101 };
	roundtrip(&f, 48);
	f.cls = FILE_FS_FULL_SIZE_INFORMATION;
	f.u.full_size = (struct smb2_fs_full_size){ 1000, 400, 500, 8, 512 };
	roundtrip(&f, 32);
	f.cls = FILE_FS_OBJECT_ID_INFORMATION;
	for (int i = 0; i < 16; i++)
		f.u.object_id.object_id[i] = (uint8_t)i;
	for (int i = 0; i < 48; i++)
		f.u.object_id.extended_info[i] = (uint8_t)(0x80 + i);
	roundtrip(&f, 64);
	f.cls = FILE_FS_SECTOR_SIZE_INFORMATION;
	f.u.sector_size = (struct smb2_fs_sector_size){ 512, 4096, 4096, 4096, 0xB, 0, 0 };
	roundtrip(&f, 28);
}

static void test_malformed(void **state)
{
	(void)state;
	struct smb2_fsinfo f, out;
	uint8_t buf[64] = { 0 };
	struct wr w;

	assert_status(decode_copy(2, buf, sizeof(buf), &out), STATUS_INVALID_INFO_CLASS);
	assert_status(decode_copy(99, buf, sizeof(buf), &out), STATUS_INVALID_INFO_CLASS);
	assert_int_equal(smb2_fsinfo_fixed_size(99), 0);
	assert_status(decode_copy(FILE_FS_SIZE_INFORMATION, buf, 23, &out),
	              STATUS_INFO_LENGTH_MISMATCH);
	memset(&f, 0, sizeof(f));
	f.cls = FILE_FS_ATTRIBUTE_INFORMATION;
	f.u.attribute = (struct smb2_fs_attribute){ 0x3, 255, { ntfs, sizeof(ntfs) } };
	wr_init(&w, 0);
	assert_status(smb2_fsinfo_encode(&w, &f), STATUS_SUCCESS);
	put_le32(w.buf + 8, 9);   /* odd */
	assert_status(decode_copy(f.cls, w.buf, w.len, &out), STATUS_INVALID_PARAMETER);
	put_le32(w.buf + 8, 10);  /* past the end */
	assert_status(decode_copy(f.cls, w.buf, w.len, &out), STATUS_INVALID_PARAMETER);
	put_le32(w.buf + 8, 0xFFFFFFFEu);
	assert_status(decode_copy(f.cls, w.buf, w.len, &out), STATUS_INVALID_PARAMETER);
	wr_free(&w);
	f.u.attribute.name.len = 3;
	wr_init(&w, 0);
	assert_status(smb2_fsinfo_encode(&w, &f), STATUS_INVALID_PARAMETER);
	wr_free(&w);
	f.cls = 99;
	wr_init(&w, 0);
	assert_status(smb2_fsinfo_encode(&w, &f), STATUS_INVALID_INFO_CLASS);
	wr_free(&w);
}

/* Windows server, SMB 2.1 (401trg mimikatz_copy, frame 60): a compound
 * answering FileFsVolumeInformation and FileFsAttributeInformation. */
static void test_windows(void **state)
{
	(void)state;
	struct smb2_query_info_rsp rsp;
	struct smb2_fsinfo f;
	size_t len;
	uint8_t *m = tu_load_fixture("windows/query_info_rsp_fs_a_win.bin", &len);

	assert_status(tu_decode_body(smb2_query_info_rsp_decode_tu, m, len, &rsp), STATUS_SUCCESS);
	assert_int_equal(rsp.buffer.len, 18);
	assert_status(smb2_fsinfo_decode(FILE_FS_VOLUME_INFORMATION, rsp.buffer, &f),
	              STATUS_SUCCESS);
	assert_int_equal(f.u.volume.creation_time, 0x01d33edb1a0355e4ull);
	assert_int_equal(f.u.volume.serial_number, 0xd01a2e5c);
	assert_int_equal(f.u.volume.label.len, 0);
	assert_int_equal(f.u.volume.supports_objects, 1);
	free(m);

	m = tu_load_fixture("windows/query_info_rsp_fs_b_win.bin", &len);
	assert_status(tu_decode_body(smb2_query_info_rsp_decode_tu, m, len, &rsp), STATUS_SUCCESS);
	assert_int_equal(rsp.buffer.len, 20);
	assert_status(smb2_fsinfo_decode(FILE_FS_ATTRIBUTE_INFORMATION, rsp.buffer, &f),
	              STATUS_SUCCESS);
	assert_int_equal(f.u.attribute.attributes, 0x00c700ff);
	assert_int_equal(f.u.attribute.max_component_name_length, 255);
	assert_int_equal(f.u.attribute.name.len, 8);
	assert_memory_equal(f.u.attribute.name.p, ntfs, 8);
	free(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_class),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_windows),
	};
	return cmocka_run_group_tests_name("fsinfo", tests, NULL, NULL);
}
