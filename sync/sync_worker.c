/*
 * The daemon's sync worker: decides when to try. After a success, the
 * next attempt is `interval` later, or at once when records appear after
 * a quiet spell. After a failure it waits longer each time (min_backoff
 * doubling up to max_backoff, with jitter so that a district's villages
 * do not all come back in the same second); a 429's or 503's Retry-After is
 * honoured; wrong credentials are said loudly once and tried slowly.
 * While the link is down a bare connect every PROBE_SECONDS notices it
 * coming back, and new records then go up without waiting out the
 * backoff. A reload that changes the sync settings tries at once.
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
/* While the link is down, a bare connect this often. */
#define PROBE_SECONDS	30
/* A bare connect answers soon or not at all: no need for a request's wait. */
#define PROBE_TIMEOUT	10
/* The longest Retry-After honoured. */
#define HOLD_MAX	86400

struct sync_worker {
	struct gateway	*gw;
	pthread_t	 thread;
	struct wakeup	 wake;
	char		 err[256];
};

/* The settings, read afresh at each look: a reload takes effect at once. */
struct worker_settings {
	char	url[2048];
	int	interval;
	int	min_backoff, max_backoff;
	int	connect_timeout;
	struct strbuf all;	/* every sync setting, to notice a change */
};

/* What the worker remembers between looks; times in monotonic seconds. */
struct schedule {
	int64_t		next;		/* the next attempt is due */
	int64_t		last_try;	/* the last attempt began */
	int64_t		last_probe;	/* the link was last probed */
	int64_t		newest;		/* the journal's last seq, -1 unknown */
	int		had_pending;	/* records waited at the last look */
	int		fails;		/* failed attempts in a row */
	int		auth_said;	/* the refusal has been logged */
	int		link_down;	/* the last attempt could not connect */
	unsigned int	seed;		/* for the backoff's jitter */
	struct strbuf	settings;	/* worker_settings.all at the last look */
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

static void
settings_load(struct gateway *gw, struct worker_settings *set)
{
	const struct gw_config *cfg = gw_config_get(gw);

	snprintf(set->url, sizeof(set->url), "%s", cfg->sync_url);
	set->interval = cfg->sync_interval;
	set->min_backoff = cfg->sync_min_backoff;
	set->max_backoff = cfg->sync_max_backoff;
	set->connect_timeout = cfg->sync_connect_timeout;
	sb_reset(&set->all);
	sb_addf(&set->all, "%s\n%s\n%s\n%s\n%s\n%s\n%d %d %d %d %d %d %d %d",
	    cfg->id, cfg->sync_url, cfg->sync_token, cfg->sync_hmac_key,
	    cfg->sync_ca_file, cfg->sync_pinned_key, cfg->sync_interval,
	    cfg->sync_batch_size, cfg->sync_min_backoff, cfg->sync_max_backoff,
	    cfg->sync_connect_timeout, cfg->sync_timeout,
	    cfg->sync_low_speed_time, cfg->sync_low_speed_limit);
	gw_config_put(gw);
}

/*
 * Changed sync settings after a reload are someone mending the link (a
 * new token, key, address or CA): the failures and the refusal before
 * say nothing of the new ones, so they are forgotten and the next attempt
 * is now, not a max_backoff away. The first look only takes note.
 */
static void
settings_changed(struct schedule *sc, const struct worker_settings *set,
    int64_t now)
{
	int first = sc->settings.len == 0;

	if (strcmp(sb_str(&sc->settings), sb_str(&set->all)) == 0)
		return;
	sb_reset(&sc->settings);
	sb_adds(&sc->settings, sb_str(&set->all));
	if (first)
		return;
	log_info("The district sync settings changed; trying now.");
	sc->fails = sc->auth_said = sc->link_down = 0;
	sc->next = now;
}

/*
 * A record written since the last look, after a quiet spell, goes up
 * now rather than at the end of the interval: when nothing was waiting
 * and nothing is failing, or when what was waiting is held back only by
 * a link that is down (a failing district is left its backoff).
 */
static int
record_goes_now(const struct schedule *sc, int64_t now, int64_t newest)
{
	if (now >= sc->next || sc->newest < 0 || newest <= sc->newest)
		return 0;
	if (now - sc->last_try < QUIET_SECONDS)
		return 0;
	return sc->had_pending ? sc->link_down : sc->fails == 0;
}

/* Only records that are waiting make it worth watching the link. */
static int
probe_due(const struct schedule *sc, const struct worker_settings *set,
    int64_t now, int pending)
{
	return now < sc->next && sc->link_down && set->url[0] != '\0' &&
	    pending > 0 && now - sc->last_probe >= PROBE_SECONDS;
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

/* Between attempts: a new record or a link come back can bring one on. */
static void
look(struct schedule *sc, struct db *db, const struct worker_settings *set,
    int64_t now)
{
	int64_t newest = sc->newest;
	int pending;

	pending = db_sync_watch(db, &newest);
	if (record_goes_now(sc, now, newest))
		sc->next = now;
	if (probe_due(sc, set, now, pending)) {
		sc->last_probe = now;
		if (probe(set->url, set->connect_timeout < PROBE_TIMEOUT ?
		    set->connect_timeout : PROBE_TIMEOUT)) {
			log_info("The district can be reached again.");
			sc->next = now;
		}
	}
	sc->newest = newest;
	sc->had_pending = pending > 0;
}

/* After a failure: the backoff, or longer if the district asked for it. */
static int
retry_delay(struct schedule *sc, const struct worker_settings *set,
    int retry_after)
{
	int delay;

	delay = sync_backoff(sc->fails, set->min_backoff, set->max_backoff,
	    &sc->seed);
	if (retry_after > delay)
		delay = retry_after < HOLD_MAX ? retry_after : HOLD_MAX;
	return delay;
}

/*
 * An attempt's result: when the next is due, what the operator is told,
 * and a nudge to the outbox when updates may have queued replies.
 */
static void
after_round(struct schedule *sc, const struct worker_settings *set,
    const struct sync_result *r, int64_t now, struct wakeup *outbox)
{
	int delay;

	sc->link_down = r->outcome == SYNC_LINK;
	switch (r->outcome) {
	case SYNC_OK:
		if (sc->fails > 0 || sc->auth_said)
			log_info("District sync works again.");
		sc->fails = sc->auth_said = 0;
		sc->next = now + set->interval;
		if (r->accepted || r->set_aside || r->updates)
			log_info("District sync: %d record(s) accepted, "
			    "%d set aside, %d update(s); %ld bytes sent, "
			    "%ld received.", r->accepted, r->set_aside,
			    r->updates, r->bytes_up, r->bytes_down);
		if (r->updates > 0)
			wakeup_post(outbox);
		break;
	case SYNC_OFF:
		sc->next = now + set->interval;
		break;
	case SYNC_AUTH:
		if (!sc->auth_said)
			log_errorx("DISTRICT SYNC REFUSED: %s. Records are "
			    "kept and sent once this is fixed; trying again "
			    "every %d s.", r->error, set->max_backoff);
		sc->auth_said = 1;
		sc->next = now + set->max_backoff;
		break;
	case SYNC_STOPPED:
		break;
	default:
		sc->fails++;
		delay = retry_delay(sc, set, r->retry_after);
		sc->next = now + delay;
		log_warnx("District sync failed (%d in a row): %s; %d "
		    "accepted before that; next try in %d s.", sc->fails,
		    r->error, r->accepted, delay);
		if (r->updates > 0)
			wakeup_post(outbox);
		break;
	}
}

/* For `kabar status`: the next attempt on the wall clock. */
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
	struct schedule sc = { .newest = -1, .settings = STRBUF_INIT };
	struct worker_settings set = { .all = STRBUF_INIT };
	struct sync_result r;
	struct sync *s = NULL;
	struct db *db;
	unsigned long seen = 0;
	int64_t now;

	sc.seed = (unsigned int)(now_mono_ms() ^ (uint64_t)now_wall());
	db = db_open(gw_config_get(gw)->database, w->err, sizeof(w->err));
	gw_config_put(gw);
	if (db == NULL) {
		log_errorx("Sync worker: %s", w->err);
		return NULL;
	}
	if ((s = sync_new(db)) == NULL) {
		log_errorx("Sync worker: cannot start libcurl.");
		goto out;
	}
	while (!atomic_load(&gw->stopping)) {
		now = now_mono_ms() / 1000;
		settings_load(gw, &set);
		settings_changed(&sc, &set, now);
		look(&sc, db, &set, now);
		if (now < sc.next) {
			wakeup_wait(&w->wake, &seen, 1000);
			continue;
		}
		sc.last_try = now;
		sync_round(s, gw, &r);
		now = now_mono_ms() / 1000;
		after_round(&sc, &set, &r, now, &gw->outbox_wake);
		/* Only what is written after the attempt counts as new. */
		sc.had_pending = db_sync_watch(db, &sc.newest) > 0;
		save_next(db, now_wall() + (sc.next - now));
	}
out:
	sb_free(&set.all);
	sb_free(&sc.settings);
	sync_free(s);
	db_close(db);
	return NULL;
}

struct sync_worker *
sync_worker_start(struct gateway *gw, char *err, size_t errsz)
{
	struct sync_worker *w = xcalloc(1, sizeof(*w));

	w->gw = gw;
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
