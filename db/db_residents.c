/*
 * Registered residents: who receives broadcasts, polls and surveys, and
 * who asked not to.
 */
#include "db_int.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

void
resident_clear(struct resident *r)
{
	free(r->phone);
	free(r->name);
	free(r->grp);
	memset(r, 0, sizeof(*r));
}

int
db_resident_get(struct db *db, const char *phone, struct resident *out)
{
	sqlite3_stmt *st = db_stmt(db, ST_RES_GET, "SELECT phone, name, grp, "
	    "registered_at, opted_out_at FROM residents WHERE phone = ?");
	int rc;

	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, phone, -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		out->phone = db_col_dup(st, 0);
		out->name = db_col_dup(st, 1);
		out->grp = db_col_dup(st, 2);
		out->registered_at = sqlite3_column_int64(st, 3);
		out->opted_out_at = sqlite3_column_int64(st, 4);
	}
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return 0;
	return rc == SQLITE_DONE ? 1 : db_fail(db, "reading a resident");
}

int
db_resident_put(struct db *db, const char *phone, const char *name,
    const char *grp, int64_t now)
{
	sqlite3_stmt *st = db_stmt(db, ST_RES_PUT, "INSERT INTO residents "
	    "(phone, name, grp, registered_at, updated_at) VALUES (?1,?2,?3,?4,?4) "
	    "ON CONFLICT (phone) DO UPDATE SET name = ?2, "
	    "grp = COALESCE(?3, grp), updated_at = ?4, opted_out_at = NULL");

	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, phone, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, name, -1, SQLITE_TRANSIENT);
	if (grp != NULL)
		sqlite3_bind_text(st, 3, grp, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 4, now);
	return db_exec_stmt(db, st, "registering a resident");
}

int
db_resident_optout(struct db *db, const char *phone, int64_t now)
{
	sqlite3_stmt *st = db_stmt(db, ST_RES_OPTOUT, "INSERT INTO residents "
	    "(phone, name, registered_at, updated_at, opted_out_at) "
	    "VALUES (?1, '', ?2, ?2, ?2) ON CONFLICT (phone) DO UPDATE SET "
	    "opted_out_at = ?2, updated_at = ?2 WHERE opted_out_at IS NULL");

	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, phone, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 2, now);
	if (db_exec_stmt(db, st, "opting a resident out") != 0)
		return -1;
	return sqlite3_changes(db->h) > 0 ? 0 : 1;
}

int
db_resident_set(struct db *db, const char *phone, const char *name,
    const char *grp, int64_t now)
{
	sqlite3_stmt *st = db_stmt(db, ST_RES_SET, "UPDATE residents SET "
	    "name = COALESCE(?2, name), grp = COALESCE(NULLIF(?3, '-'), "
	    "CASE WHEN ?3 = '-' THEN NULL ELSE grp END), updated_at = ?4 "
	    "WHERE phone = ?1");

	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, phone, -1, SQLITE_TRANSIENT);
	if (name != NULL)
		sqlite3_bind_text(st, 2, name, -1, SQLITE_TRANSIENT);
	if (grp != NULL)
		sqlite3_bind_text(st, 3, grp, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 4, now);
	if (db_exec_stmt(db, st, "changing a resident") != 0)
		return -1;
	return sqlite3_changes(db->h) > 0 ? 0 : 1;
}

/*
 * Unregistered: the row goes, so broadcasts, polls and surveys stop.
 * Messages, complaints and votes stay: erasing a person's data is
 * another, deliberate command.
 */
int
db_resident_remove(struct db *db, const char *phone)
{
	sqlite3_stmt *st = db_stmt(db, ST_RES_DEL, "DELETE FROM residents "
	    "WHERE phone = ?");

	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, phone, -1, SQLITE_TRANSIENT);
	if (db_exec_stmt(db, st, "removing a resident") != 0)
		return -1;
	return sqlite3_changes(db->h) > 0 ? 0 : 1;
}
