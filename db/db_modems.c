/*
 * What the modem workers record about themselves and share with each
 * other through the database: health, send failures and rest, the day's
 * count, delivery reports, SIM balance, and missed calls.
 */
#include "db_int.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

int
db_modem_health(struct db *db, const char *name, const char *registration,
    const char *oper, int signal)
{
	sqlite3_stmt *st = db_stmt(db, ST_MODEM_HEALTH,
	    "UPDATE modem_status SET registration = ?, operator = ?, "
	    "signal = CASE WHEN ?3 < 0 THEN signal ELSE ?3 END WHERE name = ?4");

	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, registration, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, oper, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(st, 3, signal);
	sqlite3_bind_text(st, 4, name, -1, SQLITE_TRANSIENT);
	return db_exec_stmt(db, st, "recording modem health");
}

int
db_modem_prefixes(struct db *db, const char *name, const char *json)
{
	sqlite3_stmt *st = db_stmt(db, ST_MODEM_PREFIXES,
	    "UPDATE modem_status SET prefixes = ? WHERE name = ?");

	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, json, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, name, -1, SQLITE_TRANSIENT);
	return db_exec_stmt(db, st, "recording modem prefixes");
}

int
db_modem_send_result(struct db *db, const char *name, int ok,
    int rest_after, int64_t rest_until)
{
	sqlite3_stmt *st = db_stmt(db, ST_MODEM_FAILS,
	    "UPDATE modem_status SET fails = CASE WHEN ?2 THEN 0 ELSE fails + 1 "
	    "END, resting_until = CASE WHEN NOT ?2 AND fails + 1 >= ?3 THEN ?4 "
	    "ELSE resting_until END WHERE name = ?1 RETURNING fails");
	int fails = -1, rc;

	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, name, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(st, 2, ok);
	sqlite3_bind_int(st, 3, rest_after);
	sqlite3_bind_int64(st, 4, rest_until);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		fails = sqlite3_column_int(st, 0);
		rc = sqlite3_step(st);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return db_fail(db, "counting send failures");
	if (fails >= rest_after) {
		/* Resting starts a fresh count for when it comes back. */
		st = db_stmt(db, ST_MODEM_FAILS_CLEAR,
		    "UPDATE modem_status SET fails = 0 WHERE name = ?");
		if (st == NULL)
			return -1;
		sqlite3_bind_text(st, 1, name, -1, SQLITE_TRANSIENT);
		db_exec_stmt(db, st, "counting send failures");
	}
	return fails;
}

int64_t
db_modem_resting(struct db *db, const char *name, int64_t now)
{
	sqlite3_stmt *st = db_stmt(db, ST_MODEM_RESTING,
	    "SELECT resting_until FROM modem_status WHERE name = ? AND "
	    "resting_until > ?");
	int64_t until = 0;

	if (st == NULL)
		return 0;
	sqlite3_bind_text(st, 1, name, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 2, now);
	if (sqlite3_step(st) == SQLITE_ROW)
		until = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return until;
}

int
db_modems_usable_besides(struct db *db, const char *name, int64_t now)
{
	sqlite3_stmt *st = db_stmt(db, ST_MODEM_OTHERS,
	    "SELECT COUNT(*) FROM modem_status WHERE name != ? AND "
	    "state = 'up' AND resting_until <= ?");

	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, name, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 2, now);
	return db_step_int(db, st, "counting usable modems");
}

int
db_modem_sent_since(struct db *db, const char *name, int64_t since)
{
	sqlite3_stmt *st = db_stmt(db, ST_MODEM_SENT_SINCE,
	    "SELECT COALESCE(SUM(parts), 0) FROM outbox WHERE modem = ? AND "
	    "status = 'sent' AND sent_at >= ?");

	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, name, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 2, since);
	return db_step_int(db, st, "counting a modem's SMS today");
}

int
db_delivery_report(struct db *db, const char *modem, int reference,
    const char *recipient, int delivered, int max_tries, int64_t now,
    int64_t *id, int *again)
{
	sqlite3_stmt *st = db_stmt(db, ST_DELIVERY_REPORT,
	    "UPDATE outbox SET delivered_at = ?5, "
	    "delivery = CASE WHEN ?4 THEN 'delivered' ELSE 'failed' END, "
	    "status = CASE WHEN NOT ?4 AND tries < ?6 THEN 'queued' ELSE status "
	    "END, avoid = CASE WHEN NOT ?4 THEN modem ELSE avoid END, "
	    "last_error = CASE WHEN NOT ?4 THEN 'not delivered' ELSE last_error "
	    "END WHERE id = (SELECT id FROM outbox WHERE modem = ?1 AND "
	    "reference = ?2 AND delivery = 'pending' AND (?3 IS NULL OR "
	    "recipient = ?3) ORDER BY sent_at DESC LIMIT 1) "
	    "RETURNING id, status = 'queued'");
	int rc;

	*id = 0;
	*again = 0;
	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, modem, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(st, 2, reference);
	if (recipient != NULL && recipient[0] != '\0')
		sqlite3_bind_text(st, 3, recipient, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(st, 4, delivered);
	sqlite3_bind_int64(st, 5, now);
	sqlite3_bind_int(st, 6, max_tries);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		*id = sqlite3_column_int64(st, 0);
		*again = sqlite3_column_int(st, 1);
		rc = sqlite3_step(st);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return db_fail(db, "recording a delivery report");
	return *id != 0 ? 0 : 1;
}

int
db_delivery_overdue(struct db *db, int64_t before, int max_tries, int64_t now)
{
	/*
	 * Sent again only through the modems whose network does return
	 * reports (one came back this week): where none ever comes, silence
	 * says nothing, and a resident must not get the same SMS 3 times.
	 */
	sqlite3_stmt *st = db_stmt(db, ST_DELIVERY_OVERDUE,
	    "WITH reporting AS (SELECT DISTINCT modem FROM outbox WHERE "
	    "delivery IN ('delivered', 'failed') AND delivered_at >= ?3) "
	    "UPDATE outbox SET status = CASE WHEN tries < ?2 AND modem IN "
	    "reporting THEN 'queued' ELSE status END, delivery = CASE WHEN "
	    "tries < ?2 AND modem IN reporting THEN NULL ELSE 'unknown' END, "
	    "avoid = CASE WHEN modem IN reporting THEN modem ELSE avoid END, "
	    "last_error = CASE WHEN modem IN reporting THEN 'no delivery "
	    "report' ELSE last_error END "
	    "WHERE delivery = 'pending' AND sent_at < ?1");

	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, before);
	sqlite3_bind_int(st, 2, max_tries);
	sqlite3_bind_int64(st, 3, now - 7 * 86400);
	if (db_exec_stmt(db, st, "sending undelivered SMS again") != 0)
		return -1;
	return sqlite3_changes(db->h);
}

int
db_balance_set(struct db *db, const char *name, long amount, int64_t now,
    long warn, char *asked_by, size_t askedsz, int *warn_now)
{
	sqlite3_stmt *st = db_stmt(db, ST_BALANCE_GET,
	    "SELECT balance_asked_by, balance_warned FROM modem_status "
	    "WHERE name = ?");
	int warned = 0;

	*warn_now = 0;
	asked_by[0] = '\0';
	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, name, -1, SQLITE_TRANSIENT);
	if (sqlite3_step(st) == SQLITE_ROW) {
		if (sqlite3_column_text(st, 0) != NULL)
			strlcpy_k(asked_by, (const char *)
			    sqlite3_column_text(st, 0), askedsz);
		warned = sqlite3_column_int(st, 1);
	}
	sqlite3_reset(st);
	/* Warn once on the way down, not at every check. */
	*warn_now = amount < warn && !warned;
	st = db_stmt(db, ST_BALANCE_SET,
	    "UPDATE modem_status SET balance = ?2, balance_at = ?3, "
	    "balance_warned = ?4 < ?5, balance_asked_by = NULL WHERE name = ?1");
	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, name, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 2, amount);
	sqlite3_bind_int64(st, 3, now);
	sqlite3_bind_int64(st, 4, amount);
	sqlite3_bind_int64(st, 5, warn);
	return db_exec_stmt(db, st, "recording a balance");
}

int
db_balance_ask(struct db *db, const char *name, const char *phone)
{
	sqlite3_stmt *st = db_stmt(db, ST_BALANCE_ASK,
	    "UPDATE modem_status SET balance_asked_by = ? WHERE name = ?");

	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, phone, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, name, -1, SQLITE_TRANSIENT);
	return db_exec_stmt(db, st, "asking for a balance");
}

int
db_balance_asked(struct db *db, const char *name)
{
	sqlite3_stmt *st = db_stmt(db, ST_BALANCE_ASKED,
	    "SELECT balance_asked_by IS NOT NULL FROM modem_status WHERE "
	    "name = ?");

	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, name, -1, SQLITE_TRANSIENT);
	return db_step_int(db, st, "reading a balance request");
}

int
db_call_take(struct db *db, const char *modem, const char *phone,
    int64_t now, int64_t since)
{
	sqlite3_stmt *st = db_stmt(db, ST_CALL_RECENT,
	    "SELECT COUNT(*) FROM calls WHERE phone = ? AND taken AND at >= ?");
	int recent;

	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, phone, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 2, since);
	if ((recent = db_step_int(db, st, "reading calls")) < 0)
		return -1;
	st = db_stmt(db, ST_CALL_ADD, "INSERT INTO calls (modem, phone, at, "
	    "taken) VALUES (?, ?, ?, ?)");
	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, modem, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, phone, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 3, now);
	sqlite3_bind_int(st, 4, recent == 0);
	if (db_exec_stmt(db, st, "recording a call") != 0)
		return -1;
	return recent == 0 ? 0 : 1;
}
