/*
 * The id maps of `smbsim-replay run` (replay_map.c, replay_idmap.c): the
 * hash map (puts, replacing, growth over many keys, keys that differ in
 * one word), fresh 16-byte ids that stay the same for every use of the
 * captured one, sessions, trees and FileIds mapped or marked failed, and
 * the reasons a lookup gives when it maps to nothing (never set up, or
 * failed in the replay); resume keys.
 */
#include "test_replay_run_util.h"

static void test_map(void **state)
{
	struct rr_map m;
	struct rr_map_val v = { 1, 2, 3 };
	const struct rr_map_val *g;

	(void)state;
	rr_map_init(&m);
	assert_null(rr_map_get(&m, 1, 2));
	assert_int_equal(rr_map_put(&m, 1, 2, &v), 0);
	g = rr_map_get(&m, 1, 2);
	assert_non_null(g);
	assert_int_equal(g->a, 1);
	assert_int_equal(g->flags, 3);
	assert_null(rr_map_get(&m, 2, 1));
	assert_null(rr_map_get(&m, 1, 3));
	v.a = 9;
	assert_int_equal(rr_map_put(&m, 1, 2, &v), 0);
	assert_int_equal(rr_map_get(&m, 1, 2)->a, 9);
	assert_int_equal(m.count, 1);
	/* Many keys, through several growths, all still there. */
	for (uint64_t i = 0; i < 20000; i++) {
		struct rr_map_val w = { i * 3, i, 0 };
		assert_int_equal(rr_map_put(&m, i, UINT64_MAX - i, &w), 0);
	}
	for (uint64_t i = 0; i < 20000; i++) {
		g = rr_map_get(&m, i, UINT64_MAX - i);
		assert_non_null(g);
		assert_int_equal(g->a, i * 3);
	}
	assert_int_equal(m.count, 20000 + (rr_map_get(&m, 1, 2) ? 1 : 0));
	assert_true(m.cap >= 2 * m.count);
	rr_map_free(&m);
	assert_null(rr_map_get(&m, 1, 2));
	rr_map_free(&m);   /* twice is fine */
}

static void test_id16(void **state)
{
	struct rr_map m;
	uint8_t cap1[16], cap2[16], a[16], b[16], c[16];

	(void)state;
	rr_map_init(&m);
	memset(cap1, 1, 16);
	memset(cap2, 1, 16);
	cap2[15] = 2;                    /* differs in the high word only */
	/* Not known and not to be made: nothing. */
	assert_int_equal(rr_id16_map(&m, cap1, false, a), -1);
	assert_int_equal(rr_id16_map(&m, cap1, true, a), 0);
	assert_memory_not_equal(a, cap1, 16);
	assert_int_equal(rr_id16_map(&m, cap1, false, b), 0);
	assert_memory_equal(a, b, 16);   /* the same every time */
	assert_int_equal(rr_id16_map(&m, cap1, true, b), 0);
	assert_memory_equal(a, b, 16);
	assert_int_equal(rr_id16_map(&m, cap2, true, c), 0);
	assert_memory_not_equal(a, c, 16);
	/* In place (out aliasing cap), as the rebuild uses it. */
	memcpy(b, cap1, 16);
	assert_int_equal(rr_id16_map(&m, b, true, b), 0);
	assert_memory_equal(a, b, 16);
	rr_map_free(&m);
}

static void test_stream_ids(void **state)
{
	struct rr_stream s;
	struct cli_session *sess = (struct cli_session *)(uintptr_t)0x1000, *gs = NULL;
	struct cli_tree *t = (struct cli_tree *)(uintptr_t)0x2000, *gt = NULL;
	struct smb2_fileid cap = { 5, 6 }, rep = { 7, 8 }, got = { 0, 0 };
	struct rr_map_val v = { 0, 0, 0 };

	(void)state;
	memset(&s, 0, sizeof(s));
	rr_map_init(&s.sess);
	rr_map_init(&s.trees);
	rr_map_init(&s.fids);
	rr_map_init(&s.tshare);
	rr_map_init(&s.fcreate);

	assert_int_equal(rr_sess_get(&s, 0x11, &gs), RR_SKIP_SESSION_UNKNOWN);
	assert_int_equal(rr_sess_put(&s, 0x11, sess), 0);
	assert_int_equal(rr_sess_get(&s, 0x11, &gs), RR_SKIP_NONE);
	assert_ptr_equal(gs, sess);
	assert_int_equal(rr_sess_put(&s, 0x12, NULL), 0);
	assert_int_equal(rr_sess_get(&s, 0x12, &gs), RR_SKIP_SESSION_FAILED);

	/* A TreeId the capture never connected, then one it did whose
	 * TREE_CONNECT the replay has not (yet) made, then failed, then made. */
	assert_int_equal(rr_tree_get(&s, 3, &gt), RR_SKIP_TREE_UNKNOWN);
	assert_int_equal(rr_map_put(&s.tshare, 3, 0, &v), 0);
	assert_int_equal(rr_tree_get(&s, 3, &gt), RR_SKIP_TREE_FAILED);
	assert_int_equal(rr_tree_put(&s, 3, NULL), 0);
	assert_int_equal(rr_tree_get(&s, 3, &gt), RR_SKIP_TREE_FAILED);
	assert_int_equal(rr_tree_put(&s, 3, t), 0);
	assert_int_equal(rr_tree_get(&s, 3, &gt), RR_SKIP_NONE);
	assert_ptr_equal(gt, t);

	/* FileIds alike. */
	assert_int_equal(rr_fid_get(&s, cap, &got), RR_SKIP_FID_UNKNOWN);
	assert_int_equal(rr_map_put(&s.fcreate, cap.persistent, cap.volatile_, &v), 0);
	assert_int_equal(rr_fid_get(&s, cap, &got), RR_SKIP_FID_FAILED);
	assert_int_equal(rr_fid_put(&s, cap, NULL), 0);
	assert_int_equal(rr_fid_get(&s, cap, &got), RR_SKIP_FID_FAILED);
	assert_int_equal(got.persistent, 0);   /* untouched */
	assert_int_equal(rr_fid_put(&s, cap, &rep), 0);
	assert_int_equal(rr_fid_get(&s, cap, &got), RR_SKIP_NONE);
	assert_int_equal(got.persistent, 7);
	assert_int_equal(got.volatile_, 8);
	/* The two halves are one key. */
	assert_int_equal(rr_fid_get(&s, (struct smb2_fileid){ 5, 7 }, &got), RR_SKIP_FID_UNKNOWN);

	rr_map_free(&s.sess);
	rr_map_free(&s.trees);
	rr_map_free(&s.fids);
	rr_map_free(&s.tshare);
	rr_map_free(&s.fcreate);
}

static void test_resume_keys(void **state)
{
	struct rr_engine e;
	uint8_t c1[24], c2[24], r1[24], r2[24];

	(void)state;
	memset(&e, 0, sizeof(e));
	memset(c1, 1, 24);
	memset(c2, 2, 24);
	memset(r1, 3, 24);
	memset(r2, 4, 24);
	assert_null(rr_resume_get(&e, c1));
	for (int i = 0; i < 20; i++)
		assert_int_equal(rr_resume_put(&e, i % 2 ? c2 : c1, i % 2 ? r2 : r1), 0);
	assert_memory_equal(rr_resume_get(&e, c1), r1, 24);
	assert_memory_equal(rr_resume_get(&e, c2), r2, 24);
	/* The newest answer for a key asked again wins. */
	assert_int_equal(rr_resume_put(&e, c1, r2), 0);
	assert_memory_equal(rr_resume_get(&e, c1), r2, 24);
	c2[23] = 9;
	assert_null(rr_resume_get(&e, c2));
	free(e.resume);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_map),
		cmocka_unit_test(test_id16),
		cmocka_unit_test(test_stream_ids),
		cmocka_unit_test(test_resume_keys),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
