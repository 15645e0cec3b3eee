/*
 * The clock's note (lib/clock.h) in the meta table, under one key so that
 * it is read whole. Every process follows it: kabard's pipeline thread
 * for the daemon's threads, each modem worker, the CLI at start. A
 * reading that moves the clock or names a better source is written in one
 * transaction, read again inside it, so that two workers do not undo
 * each other.
 */
#include "db.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "util.h"

#define CLOCK_KEY	"clock"

/* The note as text ("" when there is none yet): 0, or -1. */
static int
note_text(struct db *db, char *out, size_t outsz)
{
	int rc = db_meta_get(db, CLOCK_KEY, out, outsz);

	if (rc == 1)
		out[0] = '\0';
	return rc < 0 ? -1 : 0;
}

static void
follow(const struct clock_facts *f, const struct clock_note *n)
{
	enum clock_source src;
	int64_t base;

	src = clock_judge(f, n, &base);
	clock_use(src, base);
}

static void
tell_step(enum clock_source src, int64_t moved)
{
	char at[21];

	iso_time(now_wall(), at);
	log_warnx("The clock was %" PRId64 " s %s %s; the time is now %s.",
	    moved < 0 ? -moved : moved, moved < 0 ? "ahead of" : "behind",
	    clock_source_text(src), at);
}

/*
 * A reading t from src; with absorbs, t is the district's time through
 * sync.clock_offset, which is 0 once the clock follows it. What it did
 * (enum clock_take), or -1.
 */
static int
reading(struct db *db, enum clock_source src, int64_t t, int absorbs)
{
	char text[CLOCK_NOTE_MAX];
	struct clock_facts f;
	struct clock_note n;
	enum clock_take what;
	int64_t before = now_wall();

	/* Most readings agree: see so before taking the write lock. */
	clock_facts_read(&f);
	if (note_text(db, text, sizeof(text)) != 0)
		return -1;
	clock_note_parse(text, &n);
	if (clock_take(&f, &n, src, t) == CLOCK_IGNORED)
		return CLOCK_IGNORED;
	if (db_begin(db) != 0)
		return -1;
	if (note_text(db, text, sizeof(text)) != 0)
		goto fail;
	clock_note_parse(text, &n);
	what = clock_take(&f, &n, src, t);
	if (what != CLOCK_IGNORED) {
		clock_note_format(&n, text, sizeof(text));
		if (db_meta_put(db, CLOCK_KEY, text) != 0)
			goto fail;
	}
	if (absorbs && what == CLOCK_STEPPED &&
	    db_meta_put(db, "sync.clock_offset", "0") != 0)
		goto fail;
	if (db_commit(db) != 0)
		return -1;
	follow(&f, &n);
	if (what == CLOCK_STEPPED)
		tell_step(src, now_wall() - before);
	else if (what == CLOCK_CONFIRMED)
		log_debug("The clock agrees with %s.", clock_source_text(src));
	return what;
fail:
	db_rollback(db);
	return -1;
}

int
db_clock_reading(struct db *db, enum clock_source src, int64_t t)
{
	return reading(db, src, t, 0);
}

/*
 * The sync worker keeps the district's clock minus ours, from the Date
 * of its answers, and the time of its last good round. A good round
 * since the last look is a reading. The offset is against the daemon's
 * clock, so only the daemon looks (the first look only notes where
 * things stand).
 */
static int
district_look(struct db *db, struct clock_watch *w)
{
	char ok[32], off[32];
	long d;
	int rc, fresh;

	rc = db_meta_get(db, "sync.last_ok", ok, sizeof(ok));
	if (rc < 0)
		return -1;
	if (rc == 1)
		ok[0] = '\0';
	fresh = w->primed && strcmp(ok, w->district) != 0;
	w->primed = 1;
	strlcpy_k(w->district, ok, sizeof(w->district));
	if (!fresh || db_meta_get(db, "sync.clock_offset", off,
	    sizeof(off)) != 0 || parse_long(off, -(1L << 40), 1L << 40,
	    &d) != 0)
		return 0;
	return reading(db, CLOCK_DISTRICT, now_wall() + d, 1) < 0 ? -1 : 0;
}

int
db_clock_watch(struct db *db, struct clock_watch *w, int district)
{
	char text[CLOCK_NOTE_MAX];
	struct clock_facts f;
	struct clock_note n;
	int64_t now_ms = now_mono_ms();

	if (note_text(db, text, sizeof(text)) != 0)
		return -1;
	if (strcmp(text, w->note) != 0 || now_ms >= w->due_ms) {
		strlcpy_k(w->note, text, sizeof(w->note));
		w->due_ms = now_ms + CLOCK_LOOK_MS;
		clock_facts_read(&f);
		clock_note_parse(text, &n);
		follow(&f, &n);
		/* While NTP keeps it, note so: the clock stays right through
		 * an outage after the kernel stops saying so. */
		if (f.ntp && reading(db, CLOCK_NTP, f.sys, 0) < 0)
			return -1;
	}
	return district ? district_look(db, w) : 0;
}
