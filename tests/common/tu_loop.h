/*
 * Event-driven waiting for tests: run a libevent loop until a condition
 * holds.  The loop blocks on events, never on a clock; a deadline timer is
 * only the safety net that turns a hang into a failed test.
 */
#ifndef SMBSIM_TU_LOOP_H
#define SMBSIM_TU_LOOP_H

#include <stdbool.h>

struct event_base;

/* How long a test may wait for any one condition before it fails. */
#define TU_LOOP_DEADLINE_SEC 20

/*
 * Run `base` (EVLOOP_ONCE at a time) until cond(arg) is true; true then,
 * false when the deadline passed or the loop had nothing left to wait for
 * with the condition still false.
 */
bool tu_loop_until(struct event_base *base, bool (*cond)(void *arg), void *arg);

/* Run every callback that is ready now, without blocking, until none is
 * (what a test does to show that something did NOT happen). */
void tu_loop_drain(struct event_base *base);

#endif
