/*
 * The pipeline worker and the rules every reply passes: nothing goes to
 * an alphanumeric sender or a short code, a sender past the hourly cap is
 * not answered (admins are not capped), and the daily budget holds.
 */
#include "pipeline.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "handlers.h"
#include "log.h"
#include "outbox.h"
#include "senders.h"
#include "phone.h"
#include "smstext.h"
#include "util.h"

struct pipeline {
	struct gateway	*gw;
	struct db	*db;
	pthread_t	 thread;
};

/* Queue the reply unless the day's budget is spent; the note says why not. */
static int
queue_reply(struct db *db, const struct gw_config *cfg,
    const struct inbox_row *row, const char *text, int64_t now,
    const char **note)
{
	struct outbox_msg m = { 0 };
	int rc;

	m.to = row->phone;
	m.text = text;
	m.kind = "reply";
	m.inbox_id = row->id;
	rc = outbox_queue(db, cfg, &m, now, NULL);
	if (rc == OUTBOX_OVER_BUDGET) {
		*note = "not answered: the daily SMS budget is spent";
		rc = 0;
	}
	return rc;
}

static int
handle_row(struct db *db, const struct gw_config *cfg,
    const struct inbox_row *row, int64_t now)
{
	struct svc ctx = { 0 };
	struct reply out = { STRBUF_INIT };
	const char *note = NULL, *state = "done";
	char masked[PHONE_MAX];
	int held, rc = 0;

	if (row->phone == NULL)
		return db_inbox_mark(db, row->id, "kept",
		    "from an operator service or short code: never answered",
		    now);
	phone_mask(row->phone, masked, sizeof(masked));
	ctx.db = db;
	ctx.cfg = cfg;
	ctx.phone = row->phone;
	ctx.admin = config_admin(cfg, row->phone);
	ctx.now = now;
	ctx.inbox_id = row->id;
	/* The cap saves money and stops robot loops: the message is still
	 * handled (an opt-out, a complaint, a vote counts), only the reply
	 * is left out. */
	if ((held = sender_answerable(&ctx)) < 0)
		return -1;
	if (handlers_dispatch(&ctx, row->text, &out) != 0) {
		sb_free(&out.text);
		return -1;
	}
	if (held != 0) {
		state = "capped";
		note = held == SENDER_MUTED ? "a robot, capped hours in a "
		    "row: handled, not answered for a day" : "over the hourly "
		    "reply cap: handled, not answered";
	} else if (out.text.len > 0)
		rc = queue_reply(db, cfg, row, sb_str(&out.text), now, &note);
	if (rc == 0)
		rc = db_inbox_mark(db, row->id, state, note, now);
	if (rc == 0) {
		log_info("Inbox %" PRId64 " from %s handled%s%s.", row->id,
		    masked, out.text.len == 0 ? ", no reply needed" :
		    note != NULL ? ", " : ", reply queued",
		    note != NULL ? note : "");
		log_debug("Inbox %" PRId64 " from %s: \"%s\" -> \"%s\"",
		    row->id, row->phone, row->text, sb_str(&out.text));
	}
	sb_free(&out.text);
	return rc;
}

/*
 * Handle up to max waiting rows in one transaction: rows received
 * together share the pages of the inbox, the outbox and the journal,
 * each written to the card once for the lot instead of once a row.
 * A row that fails after others went well is undone alone and left for
 * the next call, where it comes first and its failure is counted.
 */
int
pipeline_handle_some(struct db *db, const struct gw_config *cfg,
    int64_t now, int max, int64_t *id)
{
	int64_t last = 0;
	int n = 0, rc = 0;

	*id = 0;
	if (db_begin(db) != 0)
		return -1;
	while (n < max) {
		struct inbox_row row = { 0 };
		int64_t at = now;

		rc = db_inbox_next(db, &row);
		if (rc == 0 && row.id == last) {
			inbox_row_clear(&row);	/* left 'new': not again */
			break;
		}
		if (rc != 0)
			break;
		last = row.id;
		/* Not handled before it was received: the worker that
		 * stored it may have just learnt the time (lib/clock.h),
		 * this thread not yet. */
		if (row.received_at > at)
			at = row.received_at;
		if (n == 0) {
			*id = row.id;
			rc = handle_row(db, cfg, &row, at);
		} else if ((rc = db_savepoint(db, SP_SET)) == 0) {
			rc = handle_row(db, cfg, &row, at);
			if (rc == 0)
				rc = db_savepoint(db, SP_KEEP);
			else if (db_savepoint(db, SP_UNDO) == 0)
				rc = 1;	/* undone: first of the next call */
		}
		inbox_row_clear(&row);
		if (rc != 0)
			break;
		n++;
	}
	if (rc < 0) {
		if (n > 0)
			*id = 0;	/* not the first row's fault */
		db_rollback(db);
		return -1;
	}
	if (n == 0) {
		db_rollback(db);
		return 1;
	}
	return db_commit(db);
}

int
pipeline_handle_one(struct db *db, const struct gw_config *cfg, int64_t now,
    int64_t *id)
{
	return pipeline_handle_some(db, cfg, now, 1, id);
}

int
pipeline_set_aside(struct db *db, int64_t id, int64_t now)
{
	log_errorx("Inbox %" PRId64 " failed %d times; it is kept and set "
	    "aside so the rest can flow.", id, PIPELINE_MAX_FAILURES);
	return db_inbox_mark(db, id, "kept", "handling failed; set aside", now);
}

static void *
pipeline_main(void *arg)
{
	struct pipeline *p = arg;
	struct gateway *gw = p->gw;
	struct clock_watch clock = { 0 };
	unsigned long seen = 0;
	int64_t failing = 0;
	int failures = 0;

	while (!atomic_load(&gw->stopping)) {
		const struct gw_config *cfg;
		int64_t id;
		int rc;

		/* Every thread of the daemon keeps the time the workers
		 * and the district tell (lib/clock.h). */
		db_clock_watch(p->db, &clock, 1);
		cfg = gw_config_get(gw);
		rc = pipeline_handle_some(p->db, cfg, now_wall(),
		    PIPELINE_BATCH, &id);

		gw_config_put(gw);
		if (rc == 0) {
			failures = 0;
			wakeup_post(&gw->outbox_wake);
			continue;
		}
		if (rc == 1) {
			wakeup_wait(&gw->inbox_wake, &seen, 1000);
			continue;
		}
		/* A full card is no fault of the message: it waits for
		 * room, never set aside for it. */
		if (db_disk_full(p->db)) {
			sleep_ms(500);
			continue;
		}
		if (id != 0 && id == failing && ++failures >=
		    PIPELINE_MAX_FAILURES) {
			pipeline_set_aside(p->db, id, now_wall());
			failures = 0;
			continue;
		}
		if (id != failing)
			failures = 1;
		failing = id;
		sleep_ms(500);
	}
	return NULL;
}

struct pipeline *
pipeline_start(struct gateway *gw, char *err, size_t errsz)
{
	struct pipeline *p = xcalloc(1, sizeof(*p));
	const struct gw_config *cfg = gw_config_get(gw);

	p->gw = gw;
	p->db = db_open(cfg->database, err, errsz);
	gw_config_put(gw);
	if (p->db == NULL) {
		free(p);
		return NULL;
	}
	/* Nothing leaves the board on this connection's word alone: the
	 * worker that sends a reply flushes its claim first (db.h). A
	 * handling lost to a power cut is done again from the inbox row,
	 * still 'new'; its reply was never sent. */
	if (db_lazy_commits(p->db) != 0) {
		snprintf(err, errsz, "cannot set up the pipeline's database");
		db_close(p->db);
		free(p);
		return NULL;
	}
	if (pthread_create(&p->thread, NULL, pipeline_main, p) != 0) {
		snprintf(err, errsz, "cannot start the pipeline thread");
		db_close(p->db);
		free(p);
		return NULL;
	}
	return p;
}

void
pipeline_stop(struct pipeline *p)
{
	if (p == NULL)
		return;
	wakeup_post(&p->gw->inbox_wake);
	pthread_join(p->thread, NULL);
	db_close(p->db);
	free(p);
}
