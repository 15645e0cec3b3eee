/*
 * Senders past the hourly reply cap, and those answered by nobody for a
 * day because they looked like robots.
 */
#include "db_int.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

/* Hours of capping remembered: enough to see three in a row. */
#define CAP_HOURS_KEPT 3

int
db_sender_muted(struct db *db, const char *phone, int64_t now)
{
	sqlite3_stmt *st = db_stmt(db, ST_MUTE_GET, "SELECT COUNT(*) FROM "
	    "sender_mutes WHERE phone = ? AND until > ?");

	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, phone, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 2, now);
	return db_step_int(db, st, "reading a sender's mute");
}

int
db_sender_capped(struct db *db, const char *phone, int64_t now)
{
	sqlite3_stmt *st;
	int64_t hour = now / 3600;

	st = db_stmt(db, ST_CAP_PRUNE, "DELETE FROM sender_caps WHERE "
	    "phone = ? AND hour <= ?");
	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, phone, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 2, hour - CAP_HOURS_KEPT);
	if (db_exec_stmt(db, st, "forgetting old caps") != 0)
		return -1;
	st = db_stmt(db, ST_CAP_ADD, "INSERT OR IGNORE INTO sender_caps "
	    "(phone, hour) VALUES (?, ?)");
	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, phone, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 2, hour);
	if (db_exec_stmt(db, st, "noting a cap") != 0)
		return -1;
	st = db_stmt(db, ST_CAP_COUNT, "SELECT COUNT(*) FROM sender_caps "
	    "WHERE phone = ? AND hour > ?");
	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, phone, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 2, hour - CAP_HOURS_KEPT);
	return db_step_int(db, st, "counting caps");
}

int
db_sender_mute(struct db *db, const char *phone, int64_t until,
    const char *day)
{
	sqlite3_stmt *st = db_stmt(db, ST_MUTE_DAY, "SELECT told_day FROM "
	    "sender_mutes WHERE phone = ?");
	char *told = NULL;
	int rc, tell;

	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, phone, -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		told = db_col_dup(st, 0);
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_fail(db, "reading a sender's mute");
	tell = told == NULL || strcmp(told, day) != 0;
	free(told);
	st = db_stmt(db, ST_MUTE_PUT, "INSERT INTO sender_mutes (phone, until, "
	    "told_day) VALUES (?1, ?2, ?3) ON CONFLICT (phone) DO UPDATE SET "
	    "until = ?2, told_day = ?3");
	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, phone, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 2, until);
	sqlite3_bind_text(st, 3, day, -1, SQLITE_TRANSIENT);
	if (db_exec_stmt(db, st, "holding a sender's replies") != 0)
		return -1;
	return tell;
}
