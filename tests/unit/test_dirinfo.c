/* Directory information classes: builder and iterator round trips, chain
 * rules (alignment, forward-only, inside the buffer) and malformed twins. */
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "wire/dirinfo.h"

static const uint8_t name_a[] = { 'a', 0 };
static const uint8_t name_b[] = { 'l', 0, 'o', 0, 'n', 0, 'g', 0, '.', 0, 't', 0, 'x', 0 };
static const uint8_t name_c[] = { 'c', 0, 'c', 0, 'c', 0, 'c', 0 };

static const uint8_t all_classes[] = {
	FILE_DIRECTORY_INFORMATION, FILE_FULL_DIRECTORY_INFORMATION,
	FILE_BOTH_DIRECTORY_INFORMATION, FILE_NAMES_INFORMATION,
	FILE_ID_BOTH_DIRECTORY_INFORMATION, FILE_ID_FULL_DIRECTORY_INFORMATION,
	FILE_ID_EXTD_DIRECTORY_INFORMATION,
};

static struct smb2_dirent sample(unsigned i)
{
	static const struct smb2_blob names[3] = {
		{ name_a, sizeof(name_a) }, { name_b, sizeof(name_b) }, { name_c, sizeof(name_c) },
	};
	struct smb2_dirent e;

	memset(&e, 0, sizeof(e));
	e.file_index = 100 + i;
	e.creation_time = 0x01d33ed3053a9be8ull + i;
	e.last_access_time = 2 + i;
	e.last_write_time = 3 + i;
	e.change_time = 4 + i;
	e.end_of_file = 5000 + i;
	e.allocation_size = 8192;
	e.file_attributes = 0x20 | i;
	e.ea_size = 7 * i;
	e.reparse_tag = 0xA000000C;
	e.short_name_len = i == 1 ? 16 : 0;
	memcpy(e.short_name, "L\0O\0N\0G\0.\0T\0X\0T\0", 16);
	if (e.short_name_len == 0)
		memset(e.short_name, 0, sizeof(e.short_name));
	e.file_id = 0x0003000000000039ull + i;
	for (unsigned k = 0; k < 16; k++)
		e.file_id_128[k] = (uint8_t)(k + i);
	e.name = names[i % 3];
	return e;
}

/* The fields class cls carries must survive; the others must read as 0. */
static void check_entry(uint8_t cls, const struct smb2_dirent *got, unsigned i)
{
	struct smb2_dirent want = sample(i);
	bool names_only = cls == FILE_NAMES_INFORMATION;
	bool has_ea = cls != FILE_DIRECTORY_INFORMATION && !names_only;
	bool has_short = cls == FILE_BOTH_DIRECTORY_INFORMATION ||
	                 cls == FILE_ID_BOTH_DIRECTORY_INFORMATION;
	bool has_id64 = cls == FILE_ID_BOTH_DIRECTORY_INFORMATION ||
	                cls == FILE_ID_FULL_DIRECTORY_INFORMATION;
	bool extd = cls == FILE_ID_EXTD_DIRECTORY_INFORMATION;

	assert_int_equal(got->file_index, want.file_index);
	assert_int_equal(got->name.len, want.name.len);
	assert_memory_equal(got->name.p, want.name.p, want.name.len);
	assert_int_equal(got->creation_time, names_only ? 0 : want.creation_time);
	assert_int_equal(got->last_access_time, names_only ? 0 : want.last_access_time);
	assert_int_equal(got->last_write_time, names_only ? 0 : want.last_write_time);
	assert_int_equal(got->change_time, names_only ? 0 : want.change_time);
	assert_int_equal(got->end_of_file, names_only ? 0 : want.end_of_file);
	assert_int_equal(got->allocation_size, names_only ? 0 : want.allocation_size);
	assert_int_equal(got->file_attributes, names_only ? 0 : want.file_attributes);
	assert_int_equal(got->ea_size, has_ea ? want.ea_size : 0);
	assert_int_equal(got->short_name_len, has_short ? want.short_name_len : 0);
	if (has_short)
		assert_memory_equal(got->short_name, want.short_name, SMB2_SHORT_NAME_BYTES);
	assert_int_equal(got->file_id, has_id64 ? want.file_id : 0);
	assert_int_equal(got->reparse_tag, extd ? want.reparse_tag : 0);
	if (extd)
		assert_memory_equal(got->file_id_128, want.file_id_128, 16);
}

/* Build n sample entries of class cls; returns the builder's status for the
 * last add. */
static NTSTATUS build(struct wr *w, uint8_t cls, unsigned n, uint32_t max, uint32_t *count)
{
	struct smb2_dirinfo_builder b;
	NTSTATUS st = STATUS_SUCCESS;

	smb2_dirinfo_builder_init(&b, w, cls, max);
	for (unsigned i = 0; i < n && st == STATUS_SUCCESS; i++) {
		struct smb2_dirent e = sample(i);
		st = smb2_dirinfo_add(&b, &e);
	}
	*count = smb2_dirinfo_count(&b);
	assert_int_equal(smb2_dirinfo_len(&b), w->len);
	return st;
}

/* Walk a buffer; returns the final status, counts the good entries, and
 * checks that a failing step leaves its output untouched. */
static NTSTATUS walk(uint8_t cls, const uint8_t *p, size_t len, unsigned *count)
{
	struct smb2_dirinfo_iter it;
	struct smb2_dirent e, pattern;
	uint8_t *copy = malloc(len ? len : 1);
	NTSTATUS st;

	assert_non_null(copy);
	memcpy(copy, p, len);
	smb2_dirinfo_iter_init(&it, cls, (struct smb2_blob){ copy, (uint32_t)len });
	*count = 0;
	for (;;) {
		memset(&e, 0x5A, sizeof(e));
		memcpy(&pattern, &e, sizeof(e));
		st = smb2_dirinfo_next(&it, &e);
		if (st != STATUS_SUCCESS)
			break;
		(*count)++;
	}
	assert_memory_equal(&e, &pattern, sizeof(e));
	/* A finished walk stays finished. */
	assert_int_not_equal(smb2_dirinfo_next(&it, &e), STATUS_SUCCESS);
	free(copy);
	return st;
}

static void test_roundtrip_every_class(void **state)
{
	(void)state;
	for (size_t k = 0; k < sizeof(all_classes); k++) {
		uint8_t cls = all_classes[k];
		uint32_t fixed = smb2_dirinfo_fixed_size(cls);
		struct smb2_dirinfo_iter it;
		struct smb2_dirent e;
		uint32_t count;
		unsigned n = 0;
		size_t pos = 0;
		struct wr w;

		wr_init(&w, 0);
		assert_status(build(&w, cls, 3, 65536, &count), STATUS_SUCCESS);
		assert_int_equal(count, 3);
		/* NextEntryOffset: 8-aligned, covers the entry, 0 on the last. */
		for (unsigned i = 0; i < 3; i++) {
			uint32_t next = le32(w.buf + pos);
			struct smb2_dirent s = sample(i);
			if (i < 2) {
				assert_int_equal(next % 8, 0);
				assert_true(next >= fixed + s.name.len);
				assert_true(next < fixed + s.name.len + 8);
			} else {
				assert_int_equal(next, 0);
				assert_int_equal(w.len, pos + fixed + s.name.len);
			}
			pos += next;
		}
		smb2_dirinfo_iter_init(&it, cls, (struct smb2_blob){ w.buf, (uint32_t)w.len });
		while (smb2_dirinfo_next(&it, &e) == STATUS_SUCCESS)
			check_entry(cls, &e, n++);
		assert_int_equal(n, 3);
		/* Every truncation of the chain is an error, never a crash. */
		for (size_t cut = 1; cut < w.len; cut++) {
			unsigned got;
			assert_true(nt_status_is_error(walk(cls, w.buf, cut, &got)));
			assert_true(got < 3);
		}
		wr_free(&w);
	}
}

static void test_empty_and_unknown_class(void **state)
{
	(void)state;
	struct smb2_dirinfo_iter it;
	struct smb2_dirent e;
	uint8_t buf[128] = { 0 };
	struct smb2_dirinfo_builder b;
	struct wr w;
	unsigned n;

	assert_status(walk(FILE_DIRECTORY_INFORMATION, buf, 0, &n), STATUS_NO_MORE_ENTRIES);
	assert_int_equal(n, 0);
	smb2_dirinfo_iter_init(&it, 99, (struct smb2_blob){ buf, sizeof(buf) });
	assert_status(smb2_dirinfo_next(&it, &e), STATUS_INVALID_INFO_CLASS);
	assert_int_equal(smb2_dirinfo_fixed_size(99), 0);
	wr_init(&w, 0);
	smb2_dirinfo_builder_init(&b, &w, 99, 1000);
	e = sample(0);
	assert_status(smb2_dirinfo_add(&b, &e), STATUS_INVALID_INFO_CLASS);
	assert_int_equal(w.len, 0);
	wr_free(&w);
}

static void test_builder_stops_at_max(void **state)
{
	(void)state;
	const uint8_t cls = FILE_ID_BOTH_DIRECTORY_INFORMATION;
	uint32_t count;
	unsigned n;
	struct wr w;

	/* Entry 0 is 104 + 2 bytes, padded to 112; entry 1 is 104 + 14 = 118:
	 * 230 bytes hold exactly two, 229 only one. */
	wr_init(&w, 0);
	assert_status(build(&w, cls, 3, 230, &count), STATUS_BUFFER_OVERFLOW);
	assert_int_equal(count, 2);
	assert_int_equal(w.len, 230);
	assert_status(walk(cls, w.buf, w.len, &n), STATUS_NO_MORE_ENTRIES);
	assert_int_equal(n, 2);
	wr_free(&w);

	wr_init(&w, 0);
	assert_status(build(&w, cls, 3, 229, &count), STATUS_BUFFER_OVERFLOW);
	assert_int_equal(count, 1);
	assert_int_equal(w.len, 106);
	assert_int_equal(le32(w.buf), 0);
	wr_free(&w);

	/* Not even one entry fits. */
	wr_init(&w, 0);
	assert_status(build(&w, cls, 1, 105, &count), STATUS_BUFFER_OVERFLOW);
	assert_int_equal(count, 0);
	assert_int_equal(w.len, 0);
	wr_free(&w);
}

static void test_builder_rejects_bad_names(void **state)
{
	(void)state;
	struct smb2_dirinfo_builder b;
	struct smb2_dirent e = sample(0);
	struct wr w;

	wr_init(&w, 0);
	smb2_dirinfo_builder_init(&b, &w, FILE_BOTH_DIRECTORY_INFORMATION, 4096);
	e.name.len = 1;
	assert_status(smb2_dirinfo_add(&b, &e), STATUS_INVALID_PARAMETER);
	e = sample(0);
	e.short_name_len = 26;
	assert_status(smb2_dirinfo_add(&b, &e), STATUS_INVALID_PARAMETER);
	assert_int_equal(w.len, 0);
	wr_free(&w);
}

/* Three FileDirectoryInformation entries to break in various ways. */
static uint8_t *three_entries(size_t *len)
{
	uint32_t count;
	struct wr w;
	uint8_t *p;

	wr_init(&w, 0);
	assert_status(build(&w, FILE_DIRECTORY_INFORMATION, 3, 4096, &count), STATUS_SUCCESS);
	p = malloc(w.len);
	assert_non_null(p);
	memcpy(p, w.buf, w.len);
	*len = w.len;
	wr_free(&w);
	return p;
}

static void test_malformed_chains(void **state)
{
	(void)state;
	const uint8_t cls = FILE_DIRECTORY_INFORMATION;
	size_t len;
	uint8_t *p = three_entries(&len);
	uint32_t next0 = le32(p);   /* 64 + 2 -> 72 */
	uint32_t next1 = le32(p + next0);
	unsigned n;

	assert_int_equal(next0, 72);
	assert_status(walk(cls, p, len, &n), STATUS_NO_MORE_ENTRIES);
	assert_int_equal(n, 3);

	/* Zero with more data after it ends the chain. */
	put_le32(p, 0);
	assert_status(walk(cls, p, len, &n), STATUS_NO_MORE_ENTRIES);
	assert_int_equal(n, 1);
	/* Misaligned. */
	put_le32(p, next0 + 4);
	assert_status(walk(cls, p, len, &n), STATUS_INVALID_PARAMETER);
	assert_int_equal(n, 0);
	/* Smaller than the fixed part (the next entry would overlap this one). */
	put_le32(p, 8);
	assert_status(walk(cls, p, len, &n), STATUS_INVALID_PARAMETER);
	/* Backwards (a negative offset is a huge u32) and past the buffer. */
	put_le32(p, (uint32_t)-72);
	assert_status(walk(cls, p, len, &n), STATUS_INVALID_PARAMETER);
	put_le32(p, (uint32_t)len);
	assert_status(walk(cls, p, len, &n), STATUS_INVALID_PARAMETER);
	put_le32(p, (uint32_t)((len + 7) & ~(size_t)7));
	assert_status(walk(cls, p, len, &n), STATUS_INVALID_PARAMETER);
	put_le32(p, next0);

	/* The second entry's FileNameLength: odd, or running into entry 3. */
	put_le32(p + next0 + 60, 3);
	assert_status(walk(cls, p, len, &n), STATUS_INVALID_PARAMETER);
	assert_int_equal(n, 1);
	put_le32(p + next0 + 60, next1 - 64 + 2);
	assert_status(walk(cls, p, len, &n), STATUS_INVALID_PARAMETER);
	assert_int_equal(n, 1);
	/* Up to the padding is still inside the entry. */
	put_le32(p + next0 + 60, next1 - 64);
	assert_status(walk(cls, p, len, &n), STATUS_NO_MORE_ENTRIES);
	assert_int_equal(n, 3);
	put_le32(p + next0 + 60, 14);
	/* The last entry's name past the buffer end. */
	put_le32(p + next0 + next1 + 60, 0xFFFFFFFEu);
	assert_status(walk(cls, p, len, &n), STATUS_INVALID_PARAMETER);
	assert_int_equal(n, 2);
	free(p);
}

static void test_short_name_length(void **state)
{
	(void)state;
	const uint8_t cls = FILE_BOTH_DIRECTORY_INFORMATION;
	uint32_t count;
	unsigned n;
	struct wr w;

	wr_init(&w, 0);
	assert_status(build(&w, cls, 1, 4096, &count), STATUS_SUCCESS);
	w.buf[68] = 24;
	assert_status(walk(cls, w.buf, w.len, &n), STATUS_NO_MORE_ENTRIES);
	w.buf[68] = 26;  /* past ShortName[24] */
	assert_status(walk(cls, w.buf, w.len, &n), STATUS_INVALID_PARAMETER);
	w.buf[68] = 255;
	assert_status(walk(cls, w.buf, w.len, &n), STATUS_INVALID_PARAMETER);
	w.buf[68] = 5;   /* odd */
	assert_status(walk(cls, w.buf, w.len, &n), STATUS_INVALID_PARAMETER);
	wr_free(&w);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_roundtrip_every_class),
		cmocka_unit_test(test_empty_and_unknown_class),
		cmocka_unit_test(test_builder_stops_at_max),
		cmocka_unit_test(test_builder_rejects_bad_names),
		cmocka_unit_test(test_malformed_chains),
		cmocka_unit_test(test_short_name_length),
	};
	return cmocka_run_group_tests_name("dirinfo", tests, NULL, NULL);
}
