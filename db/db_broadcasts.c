/*
 * Broadcasts: pending until the head confirms with the code, then queued
 * as one outbox row per resident, done when none of those is left.
 */
#include "db_int.h"

#include <stdlib.h>

#include "util.h"

int
db_bc_add(struct db *db, const char *text, const char *grp, const char *by,
    const char *code, int recipients, int parts, int64_t now, int64_t *id)
{
	sqlite3_stmt *st = db_stmt(db, ST_BC_ADD, "INSERT INTO broadcasts "
	    "(text, grp, requested_by, confirm_code, status, recipients, parts, "
	    "created_at) VALUES (?,?,?,?,?,?,?,?)");

	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, text, -1, SQLITE_TRANSIENT);
	if (grp != NULL)
		sqlite3_bind_text(st, 2, grp, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 3, by, -1, SQLITE_TRANSIENT);
	if (code != NULL)
		sqlite3_bind_text(st, 4, code, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 5, code != NULL ? "pending" : "queued", -1,
	    SQLITE_STATIC);
	sqlite3_bind_int(st, 6, recipients);
	sqlite3_bind_int(st, 7, parts);
	sqlite3_bind_int64(st, 8, now);
	if (db_exec_stmt(db, st, "recording a broadcast") != 0)
		return -1;
	*id = sqlite3_last_insert_rowid(db->h);
	return 0;
}

int
db_bc_pending(struct db *db, const char *by, const char *code, int64_t since,
    int64_t *id, char **text, char **grp)
{
	sqlite3_stmt *st = db_stmt(db, ST_BC_PENDING, "SELECT id, text, grp "
	    "FROM broadcasts WHERE requested_by = ? AND confirm_code = ? AND "
	    "status = 'pending' AND created_at >= ? ORDER BY id DESC LIMIT 1");
	int rc;

	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, by, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, code, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 3, since);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*id = sqlite3_column_int64(st, 0);
		*text = db_col_dup(st, 1);
		*grp = db_col_dup(st, 2);
	}
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return 0;
	return rc == SQLITE_DONE ? 1 : db_fail(db, "reading a broadcast");
}

int
db_bc_queued(struct db *db, int64_t id, int recipients, int64_t now)
{
	sqlite3_stmt *st = db_stmt(db, ST_BC_QUEUED, "UPDATE broadcasts SET "
	    "status = 'queued', recipients = ?, confirmed_at = ? WHERE id = ?");

	if (st == NULL)
		return -1;
	sqlite3_bind_int(st, 1, recipients);
	sqlite3_bind_int64(st, 2, now);
	sqlite3_bind_int64(st, 3, id);
	return db_exec_stmt(db, st, "queueing a broadcast");
}

int
db_bc_finish_one(struct db *db, int64_t now, int64_t *id, char **by,
    int *sent, int *failed, int *cancelled)
{
	sqlite3_stmt *st = db_stmt(db, ST_BC_OPEN, "SELECT b.id, "
	    "b.requested_by FROM broadcasts b WHERE b.status = 'queued' AND "
	    "NOT EXISTS (SELECT 1 FROM outbox o WHERE o.broadcast_id = b.id "
	    "AND o.status IN ('queued', 'sending')) LIMIT 1");
	int rc;

	if (st == NULL)
		return -1;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*id = sqlite3_column_int64(st, 0);
		*by = db_col_dup(st, 1);
	}
	sqlite3_reset(st);
	if (rc == SQLITE_DONE)
		return 1;
	if (rc != SQLITE_ROW)
		return db_fail(db, "finding finished broadcasts");
	st = db_stmt(db, ST_BC_COUNTS, "SELECT "
	    "COALESCE(SUM(status IN ('sent', 'unknown')), 0), "
	    "COALESCE(SUM(status = 'failed'), 0), "
	    "COALESCE(SUM(status = 'cancelled'), 0) "
	    "FROM outbox WHERE broadcast_id = ?");
	if (st == NULL)
		goto fail;
	sqlite3_bind_int64(st, 1, *id);
	if (sqlite3_step(st) != SQLITE_ROW) {
		sqlite3_reset(st);
		db_fail(db, "counting a broadcast");
		goto fail;
	}
	*sent = sqlite3_column_int(st, 0);
	*failed = sqlite3_column_int(st, 1);
	*cancelled = sqlite3_column_int(st, 2);
	sqlite3_reset(st);
	st = db_stmt(db, ST_BC_DONE, "UPDATE broadcasts SET status = 'done', "
	    "done_at = ? WHERE id = ?");
	if (st == NULL)
		goto fail;
	sqlite3_bind_int64(st, 1, now);
	sqlite3_bind_int64(st, 2, *id);
	if (db_exec_stmt(db, st, "finishing a broadcast") != 0)
		goto fail;
	return 0;
fail:
	free(*by);
	*by = NULL;
	return -1;
}
