/* Event-driven waiting for tests (tu_loop.h). */
#include <event2/event.h>

#include "tu_loop.h"

/* Non-blocking passes in tu_loop_drain(): enough for every chain of
 * callbacks the tests set off, bounded so a callback that always
 * reschedules itself cannot spin forever. */
#define TU_LOOP_DRAIN_PASSES 64

static void deadline_cb(evutil_socket_t fd, short what, void *arg)
{
	bool *expired = arg;

	(void)fd;
	(void)what;
	*expired = true;
}

bool tu_loop_until(struct event_base *base, bool (*cond)(void *arg), void *arg)
{
	bool expired = false;
	struct timeval tv = { TU_LOOP_DEADLINE_SEC, 0 };
	struct event *deadline = evtimer_new(base, deadline_cb, &expired);
	bool ok;

	if (!deadline)
		return false;
	evtimer_add(deadline, &tv);
	while (!(ok = cond(arg)) && !expired) {
		if (event_base_loop(base, EVLOOP_ONCE) != 0)
			break;
	}
	event_free(deadline);
	return ok;
}

void tu_loop_drain(struct event_base *base)
{
	for (int i = 0; i < TU_LOOP_DRAIN_PASSES; i++)
		event_base_loop(base, EVLOOP_NONBLOCK);
}
