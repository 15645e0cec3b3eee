/*
 * The journal of business records for the district, the daily budget, and
 * what each modem worker reports about itself.
 */
#include "db_int.h"

#include "util.h"

int
db_journal_add(struct db *db, const char *type, int64_t at, const char *data)
{
	sqlite3_stmt *st = db_stmt(db, ST_JOURNAL_ADD,
	    "INSERT INTO journal (type, at, data) VALUES (?, ?, ?)");

	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, type, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 2, at);
	sqlite3_bind_text(st, 3, data, -1, SQLITE_TRANSIENT);
	return db_exec_stmt(db, st, "writing a journal record");
}

int
db_budget_used(struct db *db, int64_t now)
{
	sqlite3_stmt *st = db_stmt(db, ST_BUDGET_GET,
	    "SELECT used FROM budget WHERE day = ?");
	char day[11];

	if (st == NULL)
		return -1;
	db_day(now, day);
	sqlite3_bind_text(st, 1, day, -1, SQLITE_TRANSIENT);
	return db_step_int(db, st, "reading the budget");
}

int
db_modem_status(struct db *db, const char *name, const char *state,
    const char *last_error, int64_t now)
{
	sqlite3_stmt *st = db_stmt(db, ST_MODEM_STATUS,
	    "INSERT INTO modem_status (name, state, last_error, changed_at, "
	    "seen_at) VALUES (?1, ?2, ?3, ?4, ?4) ON CONFLICT (name) DO UPDATE "
	    "SET changed_at = CASE WHEN state = ?2 THEN changed_at ELSE ?4 END, "
	    "state = ?2, last_error = COALESCE(?3, last_error), seen_at = ?4");

	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, name, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, state, -1, SQLITE_TRANSIENT);
	if (last_error != NULL)
		sqlite3_bind_text(st, 3, last_error, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 4, now);
	return db_exec_stmt(db, st, "recording modem status");
}

int
db_budget_committed(struct db *db, int64_t now)
{
	sqlite3_stmt *st = db_stmt(db, ST_BUDGET_QUEUED,
	    "SELECT COALESCE(SUM(parts), 0) FROM outbox "
	    "WHERE status IN ('queued', 'sending')");
	int used = db_budget_used(db, now), n;

	if (used < 0 || st == NULL)
		return -1;
	n = db_step_int(db, st, "counting queued SMS");
	return n < 0 ? -1 : used + n;
}

int
db_modem_signal(struct db *db, const char *name, int percent)
{
	sqlite3_stmt *st = db_stmt(db, ST_MODEM_SIGNAL,
	    "UPDATE modem_status SET signal = ? WHERE name = ?");

	if (st == NULL)
		return -1;
	sqlite3_bind_int(st, 1, percent);
	sqlite3_bind_text(st, 2, name, -1, SQLITE_TRANSIENT);
	return db_exec_stmt(db, st, "recording modem signal");
}
