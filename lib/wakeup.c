/*
 * Wake-ups between workers, and read access to the configuration in force.
 */
#include "runtime.h"

#include <errno.h>
#include <time.h>

void
wakeup_init(struct wakeup *w)
{
	pthread_condattr_t ca;

	pthread_mutex_init(&w->mtx, NULL);
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&w->cond, &ca);
	pthread_condattr_destroy(&ca);
	w->gen = 0;
}

void
wakeup_destroy(struct wakeup *w)
{
	pthread_cond_destroy(&w->cond);
	pthread_mutex_destroy(&w->mtx);
}

void
wakeup_post(struct wakeup *w)
{
	pthread_mutex_lock(&w->mtx);
	w->gen++;
	pthread_cond_broadcast(&w->cond);
	pthread_mutex_unlock(&w->mtx);
}

void
wakeup_wait(struct wakeup *w, unsigned long *seen, int timeout_ms)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	ts.tv_sec += timeout_ms / 1000;
	ts.tv_nsec += (long)(timeout_ms % 1000) * 1000000L;
	if (ts.tv_nsec >= 1000000000L) {
		ts.tv_sec++;
		ts.tv_nsec -= 1000000000L;
	}
	pthread_mutex_lock(&w->mtx);
	while (w->gen == *seen) {
		if (pthread_cond_timedwait(&w->cond, &w->mtx, &ts) == ETIMEDOUT)
			break;
	}
	*seen = w->gen;
	pthread_mutex_unlock(&w->mtx);
}

unsigned long
wakeup_gen(struct wakeup *w)
{
	unsigned long g;

	pthread_mutex_lock(&w->mtx);
	g = w->gen;
	pthread_mutex_unlock(&w->mtx);
	return g;
}

const struct gw_config *
gw_config_get(struct gateway *gw)
{
	pthread_rwlock_rdlock(&gw->cfg_lock);
	return gw->cfg;
}

void
gw_config_put(struct gateway *gw)
{
	pthread_rwlock_unlock(&gw->cfg_lock);
}
