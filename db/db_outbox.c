/*
 * The outbound queue. Modem workers claim rows one at a time with a single
 * UPDATE … RETURNING, so two modems never take the same row; the outcome
 * of a send and the day's budget move together in one transaction, the
 * next claim's when another row follows at once (one flush for both).
 */
#include "db_int.h"

#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "util.h"

void
outbox_row_clear(struct outbox_row *r)
{
	free(r->recipient);
	free(r->text);
	free(r->kind);
	free(r->status);
	free(r->modem);
	free(r->last_error);
	memset(r, 0, sizeof(*r));
}

int
db_outbox_add(struct db *db, const struct outbox_new *m, int64_t now,
    int64_t *id)
{
	sqlite3_stmt *st = db_stmt(db, ST_OUT_INSERT,
	    "INSERT INTO outbox (recipient, text, kind, inbox_id, priority, "
	    "parts, created_at, not_before, broadcast_id) "
	    "VALUES (?,?,?,?,?,?,?,?,?)");

	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, m->to, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, m->text, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 3, m->kind, -1, SQLITE_TRANSIENT);
	if (m->inbox_id != 0)
		sqlite3_bind_int64(st, 4, m->inbox_id);
	sqlite3_bind_int(st, 5, m->priority);
	sqlite3_bind_int(st, 6, m->parts);
	sqlite3_bind_int64(st, 7, now);
	sqlite3_bind_int64(st, 8, m->not_before);
	if (m->broadcast_id != 0)
		sqlite3_bind_int64(st, 9, m->broadcast_id);
	if (db_exec_stmt(db, st, "queueing an SMS") != 0)
		return -1;
	if (id != NULL)
		*id = sqlite3_last_insert_rowid(db->h);
	return 0;
}

/* Take the next row for this modem: 0 taken, 1 none waits, -1 failed. */
static int
claim_row(struct db *db, const char *modem, int64_t now, int bulk_ok,
    struct outbox_row *out)
{
	sqlite3_stmt *st = db_stmt(db, ST_OUT_CLAIM,
	    "UPDATE outbox SET status = 'sending', modem = ?1, "
	    "tries = tries + 1 WHERE id = (SELECT o.id FROM outbox o "
	    "WHERE o.status = 'queued' AND o.not_before <= ?2 AND (?3 OR "
	    "o.kind NOT IN ('broadcast', 'poll', 'survey')) "
	    /* Not back to the modem that failed it while another can. */
	    "AND (o.avoid IS NULL OR o.avoid != ?1 OR NOT EXISTS (SELECT 1 "
	    "FROM modem_status s WHERE s.name != ?1 AND s.state = 'up' AND "
	    "s.resting_until <= ?2)) "
	    /* On-net is cheaper: leave a row to the modem whose SIM is on
	     * the recipient's network, unless it waited a minute. */
	    "AND (o.created_at < ?2 - 60 OR EXISTS (SELECT 1 FROM "
	    "modem_status s, json_each(s.prefixes) p WHERE s.name = ?1 AND "
	    "o.recipient LIKE p.value || '%') OR NOT EXISTS (SELECT 1 FROM "
	    "modem_status s, json_each(s.prefixes) p WHERE s.name != ?1 AND "
	    "s.name IS NOT o.avoid AND s.state = 'up' AND s.resting_until <= "
	    "?2 AND o.recipient LIKE p.value || '%')) "
	    "ORDER BY o.priority DESC, o.id LIMIT 1) "
	    "RETURNING id, recipient, text, kind, status, modem, last_error, "
	    "parts, tries, created_at, sent_at");
	int rc;

	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, modem, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 2, now);
	sqlite3_bind_int(st, 3, bulk_ok);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		out->id = sqlite3_column_int64(st, 0);
		out->recipient = db_col_dup(st, 1);
		out->text = db_col_dup(st, 2);
		out->kind = db_col_dup(st, 3);
		out->status = db_col_dup(st, 4);
		out->modem = db_col_dup(st, 5);
		out->last_error = db_col_dup(st, 6);
		out->parts = sqlite3_column_int(st, 7);
		out->tries = sqlite3_column_int(st, 8);
		out->created_at = sqlite3_column_int64(st, 9);
		out->sent_at = sqlite3_column_int64(st, 10);
		/* RETURNING rows are only final once the step is done. */
		rc = sqlite3_step(st);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		outbox_row_clear(out);
		return db_fail(db, "taking an SMS from the queue");
	}
	return out->id == 0 ? 1 : 0;
}

/* Sent: status, reference, and the day's budget, inside a transaction. */
static int
mark_sent(struct db *db, const struct outbox_sent *done)
{
	sqlite3_stmt *st;
	char day[11];

	st = db_stmt(db, ST_OUT_SENT, "UPDATE outbox SET status = 'sent', "
	    "sent_at = ?, reference = ?, last_error = NULL, delivery = CASE "
	    "WHEN ? THEN 'pending' END WHERE id = ?");
	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, done->at);
	sqlite3_bind_int(st, 2, done->reference);
	sqlite3_bind_int(st, 3, done->report);
	sqlite3_bind_int64(st, 4, done->id);
	if (db_exec_stmt(db, st, "marking an SMS sent") != 0)
		return -1;
	st = db_stmt(db, ST_BUDGET_ADD, "INSERT INTO budget (day, used) "
	    "VALUES (?, ?) ON CONFLICT (day) DO UPDATE SET "
	    "used = used + excluded.used");
	if (st == NULL)
		return -1;
	db_day(done->at, day);
	sqlite3_bind_text(st, 1, day, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(st, 2, done->parts);
	return db_exec_stmt(db, st, "counting the budget");
}

int
db_outbox_claim_after(struct db *db, struct outbox_sent *done,
    const char *modem, int64_t now, int bulk_ok, struct outbox_row *out)
{
	int rc = -1;

	if (done == NULL || done->id == 0)
		rc = claim_row(db, modem, now, bulk_ok, out);
	else {
		if (db_begin(db) != 0)
			return -1;
		if (mark_sent(db, done) != 0 ||
		    (rc = claim_row(db, modem, now, bulk_ok, out)) < 0 ||
		    db_commit(db) != 0) {
			db_rollback(db);
			outbox_row_clear(out);
			return -1;
		}
		done->id = 0;
	}
	if (rc != 0)
		return rc;
	/* 'sending' on the card before the modem sends: after a power cut
	 * the row is 'unknown' (db_outbox_recover), never sent twice. The
	 * same flush puts the mark of the send before on the card. */
	if (db_flush(db) != 0) {
		db_outbox_release(db, out->id, now);
		outbox_row_clear(out);
		return -1;
	}
	return 0;
}

int
db_outbox_claim(struct db *db, const char *modem, int64_t now, int bulk_ok,
    struct outbox_row *out)
{
	return db_outbox_claim_after(db, NULL, modem, now, bulk_ok, out);
}

int
db_outbox_sent(struct db *db, int64_t id, int reference, int parts,
    int64_t now, int report)
{
	struct outbox_sent done = { id, reference, parts, report, now };

	if (db_begin(db) != 0)
		return -1;
	if (mark_sent(db, &done) != 0) {
		db_rollback(db);
		return -1;
	}
	return db_commit(db);
}

int
db_outbox_failed(struct db *db, int64_t id, const char *err, int max_tries,
    int64_t retry_at)
{
	sqlite3_stmt *st = db_stmt(db, ST_OUT_FAILED,
	    "UPDATE outbox SET last_error = ?1, not_before = ?3, avoid = modem, "
	    "status = CASE WHEN tries < ?2 THEN 'queued' ELSE 'failed' END "
	    "WHERE id = ?4");

	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, err, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(st, 2, max_tries);
	sqlite3_bind_int64(st, 3, retry_at);
	sqlite3_bind_int64(st, 4, id);
	return db_exec_stmt(db, st, "recording a failed send");
}

int
db_outbox_release(struct db *db, int64_t id, int64_t not_before)
{
	sqlite3_stmt *st = db_stmt(db, ST_OUT_RELEASE,
	    "UPDATE outbox SET status = 'queued', tries = tries - 1, "
	    "modem = NULL, not_before = ? WHERE id = ? AND status = 'sending'");

	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, not_before);
	sqlite3_bind_int64(st, 2, id);
	return db_exec_stmt(db, st, "returning an SMS to the queue");
}

int
db_outbox_recover(struct db *db, const char *modem)
{
	sqlite3_stmt *st = db_stmt(db, ST_OUT_RECOVER,
	    "UPDATE outbox SET status = 'unknown', last_error = "
	    "'interrupted while sending; not sent again to avoid a duplicate' "
	    "WHERE status = 'sending' AND modem = ?");
	int n;

	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, modem, -1, SQLITE_TRANSIENT);
	if (db_exec_stmt(db, st, "recovering interrupted sends") != 0)
		return -1;
	n = sqlite3_changes(db->h);
	if (n > 0)
		log_warnx("Modem %s: %d SMS were being sent when kabard "
		    "stopped; they are marked 'unknown' in the outbox.", modem,
		    n);
	return n;
}

int
db_outbox_count_to(struct db *db, const char *phone, int64_t since)
{
	sqlite3_stmt *st = db_stmt(db, ST_OUT_COUNT_TO,
	    "SELECT COUNT(*) FROM outbox WHERE recipient = ? "
	    "AND created_at >= ? AND kind = 'reply'");

	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, phone, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 2, since);
	return db_step_int(db, st, "counting replies");
}
