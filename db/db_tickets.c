/*
 * Tickets (complaints, and later letters and queue numbers), the admin
 * audit trail and wrong-PIN lock-outs.
 */
#include "db_int.h"

#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#include "log.h"
#include "ticket.h"
#include "util.h"

#define TICKET_TRIES 50

void
ticket_clear(struct ticket *t)
{
	free(t->kind);
	free(t->phone);
	free(t->category);
	free(t->text);
	free(t->status);
	free(t->note);
	memset(t, 0, sizeof(*t));
}

static void
bind_opt(sqlite3_stmt *st, int i, const char *s)
{
	if (s != NULL)
		sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT);
}

/*
 * Random rather than sequential numbers, so that a number tells nothing
 * about how many cases the village has or whose came before.
 */
int
db_ticket_new(struct db *db, const char *kind, const char *phone,
    const char *category, const char *text, const char *status, int64_t now,
    char *out)
{
	sqlite3_stmt *st = db_stmt(db, ST_TICKET_INSERT,
	    "INSERT OR IGNORE INTO tickets (number, kind, phone, category, "
	    "text, status, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?)");
	int i;

	for (i = 0; i < TICKET_TRIES && st != NULL; i++) {
		unsigned r;

		if (getrandom(&r, sizeof(r), 0) != sizeof(r))
			r = (unsigned)rand();
		ticket_make(10000 + r % 90000, out);
		sqlite3_reset(st);
		sqlite3_bind_text(st, 1, out, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 2, kind, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 3, phone, -1, SQLITE_TRANSIENT);
		bind_opt(st, 4, category);
		sqlite3_bind_text(st, 5, text, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 6, status, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int64(st, 7, now);
		sqlite3_bind_int64(st, 8, now);
		if (db_exec_stmt(db, st, "filing a ticket") != 0)
			return -1;
		if (sqlite3_changes(db->h) > 0)
			return 0;
	}
	log_errorx("No free ticket number after %d tries.", TICKET_TRIES);
	return -1;
}

int
db_ticket_get(struct db *db, const char *number, struct ticket *t)
{
	sqlite3_stmt *st = db_stmt(db, ST_TICKET_GET, "SELECT number, kind, "
	    "phone, category, text, status, note, created_at, updated_at "
	    "FROM tickets WHERE number = ?");
	int rc;

	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, number, -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		strlcpy_k(t->number, (const char *)sqlite3_column_text(st, 0),
		    sizeof(t->number));
		t->kind = db_col_dup(st, 1);
		t->phone = db_col_dup(st, 2);
		t->category = db_col_dup(st, 3);
		t->text = db_col_dup(st, 4);
		t->status = db_col_dup(st, 5);
		t->note = db_col_dup(st, 6);
		t->created_at = sqlite3_column_int64(st, 7);
		t->updated_at = sqlite3_column_int64(st, 8);
	}
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return 0;
	return rc == SQLITE_DONE ? 1 : db_fail(db, "reading a ticket");
}

int
db_ticket_set(struct db *db, const char *number, const char *status,
    const char *note, const char *by, int64_t now)
{
	sqlite3_stmt *st = db_stmt(db, ST_TICKET_SET, "UPDATE tickets SET "
	    "status = ?, note = ?, updated_at = ? WHERE number = ?");

	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, status, -1, SQLITE_TRANSIENT);
	bind_opt(st, 2, note);
	sqlite3_bind_int64(st, 3, now);
	sqlite3_bind_text(st, 4, number, -1, SQLITE_TRANSIENT);
	if (db_exec_stmt(db, st, "updating a ticket") != 0)
		return -1;
	st = db_stmt(db, ST_TICKET_HIST, "INSERT INTO ticket_history "
	    "(number, status, note, by, at) VALUES (?,?,?,?,?)");
	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, number, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, status, -1, SQLITE_TRANSIENT);
	bind_opt(st, 3, note);
	sqlite3_bind_text(st, 4, by, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 5, now);
	return db_exec_stmt(db, st, "recording ticket history");
}

int
db_audit(struct db *db, const char *phone, const char *command, int allowed,
    const char *detail, int64_t now)
{
	sqlite3_stmt *st = db_stmt(db, ST_AUDIT_ADD, "INSERT INTO audit "
	    "(at, phone, command, allowed, detail) VALUES (?,?,?,?,?)");

	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, now);
	sqlite3_bind_text(st, 2, phone, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 3, command, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(st, 4, allowed);
	bind_opt(st, 5, detail);
	return db_exec_stmt(db, st, "writing the audit trail");
}

int64_t
db_lock_remaining(struct db *db, const char *phone, int64_t now)
{
	sqlite3_stmt *st = db_stmt(db, ST_LOCK_GET, "SELECT MAX(locked_until "
	    "- ?, 0) FROM admin_locks WHERE phone = ?");
	int rc;
	int64_t v = 0;

	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, now);
	sqlite3_bind_text(st, 2, phone, -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_fail(db, "reading a lock-out");
	return v;
}

int
db_lock_fail(struct db *db, const char *phone, int max, int64_t until)
{
	sqlite3_stmt *st = db_stmt(db, ST_LOCK_FAIL, "INSERT INTO admin_locks "
	    "(phone, failures) VALUES (?1, 1) ON CONFLICT (phone) DO UPDATE SET "
	    "failures = failures + 1 RETURNING failures");
	int n;

	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, phone, -1, SQLITE_TRANSIENT);
	n = db_step_int(db, st, "counting a wrong PIN");
	if (n < max)
		return n;
	st = db_stmt(db, ST_LOCK_CLEAR, "UPDATE admin_locks SET failures = 0, "
	    "locked_until = ? WHERE phone = ?");
	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, until);
	sqlite3_bind_text(st, 2, phone, -1, SQLITE_TRANSIENT);
	return db_exec_stmt(db, st, "locking a number out") == 0 ? n : -1;
}

int
db_lock_clear(struct db *db, const char *phone)
{
	sqlite3_stmt *st = db_stmt(db, ST_LOCK_CLEAR, "UPDATE admin_locks SET "
	    "failures = 0, locked_until = ? WHERE phone = ?");

	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, 0);
	sqlite3_bind_text(st, 2, phone, -1, SQLITE_TRANSIENT);
	return db_exec_stmt(db, st, "clearing wrong PINs");
}

/*
 * Every lock-out of the number: the wrong-PIN count too, so the next
 * wrong PIN is the first of five again. (A console's login lock-outs,
 * where kept, belong here as well.)
 */
int
db_lock_lift(struct db *db, const char *phone)
{
	sqlite3_stmt *st = db_stmt(db, ST_LOCK_LIFT, "DELETE FROM admin_locks "
	    "WHERE phone = ? AND (failures > 0 OR locked_until > 0)");
	int n;

	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, phone, -1, SQLITE_TRANSIENT);
	if (db_exec_stmt(db, st, "lifting a lock-out") != 0)
		return -1;
	n = sqlite3_changes(db->h);
	/* The console's lock-out after wrong passwords is the same
	 * number's: lifted together. */
	st = db_stmt(db, ST_LOCK_LIFT_CONSOLE, "DELETE FROM console_locks "
	    "WHERE phone = ? AND (failures > 0 OR locked_until > 0)");
	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, phone, -1, SQLITE_TRANSIENT);
	if (db_exec_stmt(db, st, "lifting a lock-out") != 0)
		return -1;
	n += sqlite3_changes(db->h);
	return n > 0 ? 0 : 1;
}

int
db_outbox_cancel_bulk(struct db *db, const char *phone)
{
	sqlite3_stmt *st = db_stmt(db, ST_OUT_CANCEL_BULK, "UPDATE outbox SET "
	    "status = 'cancelled', last_error = 'the resident opted out' "
	    "WHERE recipient = ? AND status = 'queued' "
	    "AND kind IN ('broadcast', 'poll', 'survey')");

	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, phone, -1, SQLITE_TRANSIENT);
	return db_exec_stmt(db, st, "cancelling bulk SMS");
}
