/*
 * The daemon's sync worker: decides when to try. After a success, the
 * next attempt is `interval` later, or at once when records appear after
 * a quiet spell. After a failure it waits longer each time (min_backoff
 * doubling up to max_backoff, with jitter so that a district's villages
 * do not all come back in the same second); a 429's Retry-After is
 * honoured; wrong credentials are said loudly once and tried slowly.
 * While the link is down a bare connect every PROBE_SECONDS notices it
 * coming back, and new records then go up without waiting out the
 * backoff.
 */
#include "sync.h"

#include <curl/curl.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"

/* A record after this long without an attempt goes up at once. */
#define QUIET_SECONDS	30
#define PROBE_SECONDS	30
#define HOLD_MAX	86400

struct sync_worker {
	struct gateway	*gw;
	pthread_t	 thread;
	struct wakeup	 wake;
	unsigned int	 seed;
	char		 err[256];
};

int
sync_backoff(int fails, int min, int max, unsigned int *seed)
{
	int64_t d = min;
	int i;

	for (i = 1; i < fails && d < max; i++)
		d *= 2;
	if (d > max)
		d = max;
	/* Between half and all of it: spread, but never below min. */
	d = d / 2 + (int64_t)(rand_r(seed) % (unsigned int)(d / 2 + 1));
	return (int)(d < min ? min : d);
}

/* 1 when a TCP (and TLS) connection to the district can be made. */
static int
probe(const char *url, int timeout)
{
	CURL *c = curl_easy_init();
	CURLcode rc;

	if (c == NULL)
		return 0;
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_CONNECT_ONLY, 1L);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, (long)timeout);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	rc = curl_easy_perform(c);
	curl_easy_cleanup(c);
	return rc == CURLE_OK;
}

static void
save_next(struct db *db, int64_t wall)
{
	char v[32];

	snprintf(v, sizeof(v), "%" PRId64, wall);
	db_meta_put(db, "sync.next_at", v);
}

static void *
run(void *arg)
{
	struct sync_worker *w = arg;
	struct gateway *gw = w->gw;
	struct sync_result r;
	struct sync *s;
	struct db *db;
	const struct gw_config *cfg;
	char url[2048];
	unsigned long seen = 0;
	int64_t now, next = 0, last_try = 0, last_probe = 0, last = 0;
	int64_t prev_last = -1;
	int fails = 0, pending, prev_pending = 0, auth_said = 0;
	int interval, minb, maxb, link_down = 0, ctimeout, delay;

	cfg = gw_config_get(gw);
	db = db_open(cfg->database, w->err, sizeof(w->err));
	gw_config_put(gw);
	if (db == NULL) {
		log_errorx("Sync worker: %s", w->err);
		return NULL;
	}
	if ((s = sync_new(db)) == NULL) {
		log_errorx("Sync worker: cannot start libcurl.");
		db_close(db);
		return NULL;
	}
	while (!atomic_load(&gw->stopping)) {
		now = now_mono_ms() / 1000;
		cfg = gw_config_get(gw);
		interval = cfg->sync_interval;
		minb = cfg->sync_min_backoff;
		maxb = cfg->sync_max_backoff;
		ctimeout = cfg->sync_connect_timeout;
		snprintf(url, sizeof(url), "%s", cfg->sync_url);
		gw_config_put(gw);
		pending = db_sync_watch(db, &last);
		if (now < next && last > prev_last && prev_last >= 0 &&
		    now - last_try >= QUIET_SECONDS &&
		    (!prev_pending ? fails == 0 : link_down))
			next = now;
		if (now < next && link_down && url[0] != '\0' && pending > 0 &&
		    now - last_probe >= PROBE_SECONDS) {
			last_probe = now;
			if (probe(url, ctimeout < 10 ? ctimeout : 10)) {
				log_info("The district can be reached again.");
				next = now;
			}
		}
		prev_last = last;
		prev_pending = pending > 0;
		if (now < next) {
			wakeup_wait(&w->wake, &seen, 1000);
			continue;
		}
		last_try = now;
		sync_round(s, gw, &r);
		now = now_mono_ms() / 1000;
		link_down = r.outcome == SYNC_LINK;
		switch (r.outcome) {
		case SYNC_OK:
			if (fails > 0 || auth_said)
				log_info("District sync works again.");
			fails = auth_said = 0;
			next = now + interval;
			if (r.accepted || r.set_aside || r.updates)
				log_info("District sync: %d record(s) accepted, "
				    "%d set aside, %d update(s); %ld bytes sent, "
				    "%ld received.", r.accepted, r.set_aside,
				    r.updates, r.bytes_up, r.bytes_down);
			if (r.updates > 0)
				wakeup_post(&gw->outbox_wake);
			break;
		case SYNC_OFF:
			next = now + interval;
			break;
		case SYNC_AUTH:
			if (!auth_said)
				log_errorx("DISTRICT SYNC REFUSED: %s. Records "
				    "are kept and sent once this is fixed; "
				    "trying again every %d s.", r.error, maxb);
			auth_said = 1;
			next = now + maxb;
			break;
		case SYNC_STOPPED:
			break;
		default:
			fails++;
			delay = sync_backoff(fails, minb, maxb, &w->seed);
			if (r.retry_after > delay)
				delay = r.retry_after < HOLD_MAX ?
				    r.retry_after : HOLD_MAX;
			next = now + delay;
			log_warnx("District sync failed (%d in a row): %s; "
			    "%d accepted before that; next try in %d s.",
			    fails, r.error, r.accepted, delay);
			if (r.updates > 0)
				wakeup_post(&gw->outbox_wake);
			break;
		}
		prev_pending = db_sync_watch(db, &prev_last) > 0;
		save_next(db, now_wall() + (next - now));
	}
	sync_free(s);
	db_close(db);
	return NULL;
}

struct sync_worker *
sync_worker_start(struct gateway *gw, char *err, size_t errsz)
{
	struct sync_worker *w = xcalloc(1, sizeof(*w));

	w->gw = gw;
	w->seed = (unsigned int)(now_mono_ms() ^ (uint64_t)now_wall());
	wakeup_init(&w->wake);
	if (pthread_create(&w->thread, NULL, run, w) != 0) {
		snprintf(err, errsz, "cannot start the sync worker");
		wakeup_destroy(&w->wake);
		free(w);
		return NULL;
	}
	return w;
}

void
sync_worker_stop(struct sync_worker *w)
{
	if (w == NULL)
		return;
	wakeup_post(&w->wake);
	pthread_join(w->thread, NULL);
	wakeup_destroy(&w->wake);
	free(w);
}
