/* ECHO (MS-SMB2 2.2.28, 2.2.29, 3.3.5.18) and CANCEL (2.2.30, 3.3.5.16). */
#include "torture/torture.h"

static void echo_basic(struct torture_ctx *t)
{
	CHECK_STATUS(t, cli_echo(t->conn), STATUS_SUCCESS);
}

static void echo_no_session(struct torture_ctx *t)
{
	struct cli_conn *c;

	CHECK_STATUS(t, torture_connect(t, NULL, &c), STATUS_SUCCESS);
	CHECK_STATUS(t, cli_negotiate(c, 0, 0), STATUS_SUCCESS);
	CHECK_STATUS(t, cli_echo(c), STATUS_SUCCESS);
}

static const struct torture_test tests[] = {
	TORTURE_TEST(echo_basic, "MS-SMB2 2.2.28; MS-SMB2 3.3.5.18",
	             "ECHO on an established session succeeds"),
	TORTURE_TEST_RAW(echo_no_session, "MS-SMB2 3.3.5.18; MS-SMB2 3.3.5.2.9",
	                 "ECHO before any session setup succeeds (SessionId 0 is not verified)"),
};

TORTURE_SUITE(echo_suite, "echo", "ECHO and CANCEL", tests)
