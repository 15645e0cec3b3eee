/*
 * The office's own tables: letter details on tickets, the daily queue at
 * each counter, and the marks residents give after a finished service.
 */
#include "db_int.h"

#include <string.h>

#include "util.h"

int
db_ticket_extra(struct db *db, const char *number, const char *letter,
    const char *nik)
{
	sqlite3_stmt *st = db_stmt(db, ST_TICKET_EXTRA, "UPDATE tickets SET "
	    "letter = ?, nik = ? WHERE number = ?");

	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, letter, -1, SQLITE_TRANSIENT);
	if (nik != NULL)
		sqlite3_bind_text(st, 2, nik, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 3, number, -1, SQLITE_TRANSIENT);
	return db_exec_stmt(db, st, "recording a letter request");
}

int
db_ticket_category(struct db *db, const char *number, const char *category,
    int64_t now)
{
	sqlite3_stmt *st = db_stmt(db, ST_TICKET_CAT, "UPDATE tickets SET "
	    "category = ?, updated_at = ? WHERE number = ?");

	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, category, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 2, now);
	sqlite3_bind_text(st, 3, number, -1, SQLITE_TRANSIENT);
	return db_exec_stmt(db, st, "re-categorising a ticket");
}

int
db_ticket_letter(struct db *db, const char *number, char *out, size_t outsz)
{
	sqlite3_stmt *st;
	int rc;

	if (sqlite3_prepare_v2(db->h, "SELECT COALESCE(letter, '') FROM "
	    "tickets WHERE number = ?", -1, &st, NULL) != SQLITE_OK)
		return db_fail(db, "preparing");
	sqlite3_bind_text(st, 1, number, -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(st);
	out[0] = '\0';
	if (rc == SQLITE_ROW)
		strlcpy_k(out, (const char *)sqlite3_column_text(st, 0), outsz);
	sqlite3_finalize(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 :
	    db_fail(db, "reading a letter type");
}

#define Q_COLS "id, number, position, phone, ticket, status, rejoined, counter"

static int
queue_row(struct db *db, sqlite3_stmt *st, struct queue_entry *out)
{
	int rc = sqlite3_step(st);

	if (rc == SQLITE_ROW) {
		memset(out, 0, sizeof(*out));
		out->id = sqlite3_column_int64(st, 0);
		out->number = sqlite3_column_int(st, 1);
		out->position = sqlite3_column_int(st, 2);
		strlcpy_k(out->phone, (const char *)sqlite3_column_text(st, 3),
		    sizeof(out->phone));
		strlcpy_k(out->ticket, (const char *)sqlite3_column_text(st, 4),
		    sizeof(out->ticket));
		strlcpy_k(out->status, (const char *)sqlite3_column_text(st, 5),
		    sizeof(out->status));
		out->rejoined = sqlite3_column_int(st, 6);
		strlcpy_k(out->counter, (const char *)sqlite3_column_text(st,
		    7), sizeof(out->counter));
	}
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return 0;
	return rc == SQLITE_DONE ? 1 : db_fail(db, "reading the queue");
}

int
db_queue_mine(struct db *db, const char *day, const char *counter,
    const char *phone, struct queue_entry *out)
{
	sqlite3_stmt *st = db_stmt(db, ST_Q_MINE, "SELECT " Q_COLS " FROM queue "
	    "WHERE day = ? AND counter = ? AND phone = ?");

	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, day, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, counter, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 3, phone, -1, SQLITE_TRANSIENT);
	return queue_row(db, st, out);
}

int
db_queue_add(struct db *db, const char *day, const char *counter,
    const char *phone, const char *ticket, int64_t now, int *number)
{
	sqlite3_stmt *st = db_stmt(db, ST_Q_ADD, "INSERT INTO queue (day, "
	    "counter, position, number, phone, ticket, taken_at) SELECT ?1, ?2, "
	    "COALESCE(MAX(position), 0) + 1, COALESCE(MAX(number), 0) + 1, ?3, "
	    "?4, ?5 FROM queue WHERE day = ?1 AND counter = ?2 "
	    "RETURNING number");

	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, day, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, counter, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 3, phone, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 4, ticket, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 5, now);
	*number = db_step_int(db, st, "taking a queue number");
	return *number < 0 ? -1 : 0;
}

int
db_queue_ahead(struct db *db, const char *day, const char *counter,
    int position)
{
	sqlite3_stmt *st = db_stmt(db, ST_Q_AHEAD, "SELECT COUNT(*) FROM queue "
	    "WHERE day = ? AND counter = ? AND status = 'waiting' AND "
	    "(?3 = 0 OR position < ?3)");

	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, day, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, counter, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(st, 3, position);
	return db_step_int(db, st, "counting the queue");
}

int
db_queue_peek(struct db *db, const char *day, const char *counter, int offset,
    struct queue_entry *out)
{
	sqlite3_stmt *st = db_stmt(db, ST_Q_NEXT, "SELECT " Q_COLS " FROM queue "
	    "WHERE day = ? AND counter = ? AND status = 'waiting' "
	    "ORDER BY position LIMIT 1 OFFSET ?");

	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, day, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, counter, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(st, 3, offset);
	return queue_row(db, st, out);
}

int
db_queue_call(struct db *db, int64_t id, int64_t now)
{
	sqlite3_stmt *st = db_stmt(db, ST_Q_CALL, "UPDATE queue SET status = "
	    "'called', called_at = ? WHERE id = ?");

	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, now);
	sqlite3_bind_int64(st, 2, id);
	return db_exec_stmt(db, st, "calling a number");
}

int
db_queue_last_called(struct db *db, const char *day, const char *counter,
    struct queue_entry *out)
{
	sqlite3_stmt *st = db_stmt(db, ST_Q_LAST, "SELECT " Q_COLS " FROM queue "
	    "WHERE day = ? AND counter = ? AND status = 'called' "
	    "ORDER BY called_at DESC, position DESC LIMIT 1");

	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, day, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, counter, -1, SQLITE_TRANSIENT);
	return queue_row(db, st, out);
}

int
db_queue_skip(struct db *db, const struct queue_entry *e, int rejoin)
{
	sqlite3_stmt *st = db_stmt(db, ST_Q_SKIP, "UPDATE queue SET "
	    "status = CASE WHEN ?2 THEN 'waiting' ELSE 'skipped' END, "
	    "rejoined = rejoined + ?2, warned = 0, called_at = NULL, "
	    "position = CASE WHEN ?2 THEN (SELECT MAX(position) + 1 FROM queue "
	    "q WHERE q.day = queue.day AND q.counter = queue.counter) ELSE "
	    "position END WHERE id = ?1");

	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, e->id);
	sqlite3_bind_int(st, 2, rejoin);
	return db_exec_stmt(db, st, "skipping a number");
}

int
db_queue_warned(struct db *db, int64_t id)
{
	sqlite3_stmt *st = db_stmt(db, ST_Q_WARN, "UPDATE queue SET warned = 1 "
	    "WHERE id = ? AND warned = 0");

	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	if (db_exec_stmt(db, st, "noting a warning") != 0)
		return -1;
	return sqlite3_changes(db->h) > 0 ? 0 : 1;
}

int
db_queue_rate(struct db *db, const char *day, const char *counter)
{
	sqlite3_stmt *st = db_stmt(db, ST_Q_RATE, "SELECT COALESCE((MAX("
	    "called_at) - MIN(called_at)) / (COUNT(*) - 1), 0) FROM (SELECT "
	    "called_at FROM queue WHERE day = ? AND counter = ? AND called_at "
	    "IS NOT NULL ORDER BY called_at DESC LIMIT 6) HAVING COUNT(*) > 1");

	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, day, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, counter, -1, SQLITE_TRANSIENT);
	return db_step_int(db, st, "measuring the queue");
}

int
db_queue_by_ticket(struct db *db, const char *ticket, struct queue_entry *out)
{
	sqlite3_stmt *st = db_stmt(db, ST_Q_BYTICKET, "SELECT " Q_COLS
	    " FROM queue WHERE ticket = ?");

	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, ticket, -1, SQLITE_TRANSIENT);
	return queue_row(db, st, out);
}

int
db_feedback_ask(struct db *db, const char *ticket, const char *phone,
    const char *kind, const char *category, int64_t now)
{
	sqlite3_stmt *st = db_stmt(db, ST_FB_ASK, "INSERT OR IGNORE INTO "
	    "feedback (ticket, phone, kind, category, asked_at) "
	    "VALUES (?,?,?,?,?)");

	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, ticket, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, phone, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 3, kind, -1, SQLITE_TRANSIENT);
	if (category != NULL)
		sqlite3_bind_text(st, 4, category, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 5, now);
	if (db_exec_stmt(db, st, "asking for a mark") != 0)
		return -1;
	return sqlite3_changes(db->h) > 0 ? 0 : 1;
}

int
db_feedback_open(struct db *db, const char *phone, int64_t since,
    char *ticket, char *kind, char *category)
{
	sqlite3_stmt *st = db_stmt(db, ST_FB_OPEN, "SELECT ticket, kind, "
	    "COALESCE(category, '') FROM feedback WHERE phone = ? AND mark IS "
	    "NULL AND asked_at >= ? ORDER BY asked_at DESC LIMIT 1");
	int rc;

	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, phone, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 2, since);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		strlcpy_k(ticket, (const char *)sqlite3_column_text(st, 0), 8);
		strlcpy_k(kind, (const char *)sqlite3_column_text(st, 1), 16);
		strlcpy_k(category, (const char *)sqlite3_column_text(st, 2),
		    24);
	}
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return 0;
	return rc == SQLITE_DONE ? 1 : db_fail(db, "reading feedback");
}

int
db_feedback_mark(struct db *db, const char *ticket, int mark, int64_t now)
{
	sqlite3_stmt *st = db_stmt(db, ST_FB_MARK, "UPDATE feedback SET mark = "
	    "?, marked_at = ? WHERE ticket = ? AND mark IS NULL");

	if (st == NULL)
		return -1;
	sqlite3_bind_int(st, 1, mark);
	sqlite3_bind_int64(st, 2, now);
	sqlite3_bind_text(st, 3, ticket, -1, SQLITE_TRANSIENT);
	return db_exec_stmt(db, st, "recording a mark");
}
