/*
 * The village console's store: sessions (by the hash of their id), the
 * console's lock-out after wrong passwords, and the listings its pages
 * show. Listings are fixed queries with named parameters; a parameter a
 * query does not name is simply not bound, and NULL means "any".
 */
#include "db_int.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

#define ISO(col) "strftime('%Y-%m-%dT%H:%M:%SZ', " col ", 'unixepoch')"

#define TICKET_FILTER \
	"(:status IS NULL OR status = :status) " \
	"AND (:category IS NULL OR category = :category) " \
	"AND (:from IS NULL OR tickets.created_at >= :from) " \
	"AND (:to IS NULL OR tickets.created_at < :to) " \
	"AND (:q IS NULL OR number = :q OR instr(lower(text), lower(:q)) > 0)"
/* ORDER BY names tickets.created_at: the bare name would be the text
 * column of the same name, sorted without the index. */
#define TICKET_COLS "number AS ticket, status, category, text, phone, note, " \
	ISO("created_at") " AS created_at, " ISO("updated_at") " AS updated_at"
#define PAGE " LIMIT :limit OFFSET :offset"
#define RESIDENT_FILTER \
	"(:grp IS NULL OR grp = :grp) AND (:q IS NULL OR " \
	"instr(lower(name), lower(:q)) > 0 OR instr(phone, :q) > 0)"
/* A broadcast's SMS by where they stand. */
#define BC_COUNT(cond) "(SELECT COUNT(*) FROM outbox o WHERE " \
	"o.broadcast_id = b.id AND " cond ")"

static const char *const list_sql[CL_COUNT] = {
	[CL_COMPLAINTS] = "SELECT " TICKET_COLS " FROM tickets WHERE "
	    "kind = 'complaint' AND " TICKET_FILTER
	    " ORDER BY tickets.created_at DESC, tickets.rowid DESC" PAGE,
	[CL_COMPLAINTS_COUNT] = "SELECT COUNT(*) FROM tickets WHERE "
	    "kind = 'complaint' AND " TICKET_FILTER,
	[CL_COMPLAINT] = "SELECT " TICKET_COLS " FROM tickets WHERE "
	    "kind = 'complaint' AND number = :code",
	/* The filing itself is no history row: it comes first. */
	[CL_HISTORY] = "SELECT status, note, by, " ISO("at") " AS at FROM ("
	    "SELECT 0 AS id, CASE kind WHEN 'letter' THEN 'diterima' ELSE "
	    "'baru' END AS status, NULL AS note, phone AS by, created_at AS at "
	    "FROM tickets WHERE number = :code UNION ALL SELECT id, status, "
	    "note, by, at FROM ticket_history WHERE number = :code) "
	    "ORDER BY id",
	[CL_LETTERS] = "SELECT " TICKET_COLS ", letter AS type FROM tickets "
	    "WHERE kind = 'letter' AND (:type IS NULL OR letter = :type) AND "
	    TICKET_FILTER " ORDER BY tickets.created_at DESC, tickets.rowid DESC" PAGE,
	[CL_LETTERS_COUNT] = "SELECT COUNT(*) FROM tickets WHERE "
	    "kind = 'letter' AND (:type IS NULL OR letter = :type) AND "
	    TICKET_FILTER,
	[CL_LETTER] = "SELECT " TICKET_COLS ", letter AS type FROM tickets "
	    "WHERE kind = 'letter' AND number = :code",
	[CL_RESIDENTS] = "SELECT phone, name, grp AS \"group\", "
	    ISO("registered_at") " AS registered_at, " ISO("opted_out_at")
	    " AS opted_out_at FROM residents WHERE " RESIDENT_FILTER
	    " ORDER BY residents.registered_at DESC, residents.phone" PAGE,
	[CL_RESIDENTS_COUNT] = "SELECT COUNT(*) FROM residents WHERE "
	    RESIDENT_FILTER,
	[CL_BROADCASTS] = "SELECT id, text, grp AS \"group\", requested_by AS by, "
	    "status, recipients, parts, " ISO("created_at") " AS created_at, "
	    BC_COUNT("o.status = 'sent'") " AS sent, "
	    BC_COUNT("o.status IN ('queued', 'sending')") " AS waiting, "
	    BC_COUNT("o.status IN ('failed', 'unknown')") " AS failed, "
	    BC_COUNT("o.status = 'cancelled'") " AS cancelled "
	    "FROM broadcasts b WHERE status IN ('queued', 'done') AND "
	    "(:id IS NULL OR id = :id) ORDER BY id DESC" PAGE,
	[CL_QUEUE_COUNTERS] = "SELECT counter, SUM(status = 'waiting') AS "
	    "waiting, SUM(status = 'called') AS called, (SELECT number FROM "
	    "queue c WHERE c.day = q.day AND c.counter = q.counter AND "
	    "c.status = 'called' ORDER BY c.called_at DESC, c.id DESC LIMIT 1) "
	    "AS current FROM queue q WHERE day = :day GROUP BY counter",
	[CL_SUMMARY_COMPLAINTS] = "SELECT COALESCE(SUM(status = 'baru'), 0) "
	    "AS baru, COALESCE(SUM(status = 'diproses'), 0) AS diproses, "
	    "COALESCE(SUM(created_at >= :from), 0) AS today FROM tickets WHERE "
	    "kind = 'complaint' AND (:category IS NULL OR category = :category)",
	[CL_SUMMARY_LETTERS] = "SELECT COALESCE(SUM(status IN ('diterima', "
	    "'diproses')), 0) AS waiting, COALESCE(SUM(status = 'siap'), 0) "
	    "AS ready FROM tickets WHERE kind = 'letter'",
	[CL_SURVEYS] = "SELECT code, title, questions, (SELECT COUNT(*) FROM "
	    "survey_responses r WHERE r.code = s.code) AS responses FROM "
	    "surveys s WHERE (:code IS NULL OR code = :code) ORDER BY "
	    "created_at DESC" PAGE,
	[CL_SURVEY_ANSWERS] = "SELECT id, " ISO("at") " AS at, answers FROM "
	    "survey_responses WHERE code = :code ORDER BY id DESC" PAGE,
};

static void
bind_text(sqlite3_stmt *st, const char *name, const char *v)
{
	int i = sqlite3_bind_parameter_index(st, name);

	if (i > 0 && v != NULL)
		sqlite3_bind_text(st, i, v, -1, SQLITE_TRANSIENT);
}

static void
bind_num(sqlite3_stmt *st, const char *name, int64_t v, int null_if_zero)
{
	int i = sqlite3_bind_parameter_index(st, name);

	if (i > 0 && !(null_if_zero && v == 0))
		sqlite3_bind_int64(st, i, v);
}

/* The cached statement of listing which, with q bound; NULL on error. */
static sqlite3_stmt *
list_stmt(struct db *db, enum con_list which, const struct con_query *q)
{
	sqlite3_stmt *st = db_stmt(db, (enum stmt_id)(ST_CON_LIST + which),
	    list_sql[which]);

	if (st == NULL)
		return NULL;
	bind_text(st, ":status", q->status);
	bind_text(st, ":category", q->category);
	bind_text(st, ":type", q->type);
	bind_text(st, ":q", q->q);
	bind_text(st, ":grp", q->grp);
	bind_text(st, ":code", q->code);
	bind_text(st, ":day", q->day);
	bind_num(st, ":from", q->from, 1);
	bind_num(st, ":to", q->to, 1);
	bind_num(st, ":id", q->id, 1);
	bind_num(st, ":limit", q->limit, 0);
	bind_num(st, ":offset", q->offset, 0);
	return st;
}

int
db_console_list(struct db *db, enum con_list which,
    const struct con_query *q, db_row_fn fn, void *arg)
{
	sqlite3_stmt *st = list_stmt(db, which, q);
	const char *names[16], *vals[16];
	int rc, n, i, ret = 0;

	if (st == NULL)
		return -1;
	n = sqlite3_column_count(st);
	if (n > 16)
		n = 16;
	for (i = 0; i < n; i++)
		names[i] = sqlite3_column_name(st, i);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		for (i = 0; i < n; i++)
			vals[i] = (const char *)sqlite3_column_text(st, i);
		if (fn(arg, n, names, vals) != 0) {
			rc = SQLITE_DONE;
			break;
		}
	}
	if (rc != SQLITE_DONE)
		ret = db_fail(db, "reading a console listing");
	sqlite3_reset(st);
	return ret;
}

int
db_console_count(struct db *db, enum con_list which,
    const struct con_query *q)
{
	sqlite3_stmt *st = list_stmt(db, which, q);

	if (st == NULL)
		return -1;
	return db_step_int(db, st, "counting a console listing");
}

int
db_console_session_add(struct db *db, const char *id_hash, const char *phone,
    const char *csrf, int64_t now)
{
	sqlite3_stmt *st = db_stmt(db, ST_CON_SESS_ADD, "INSERT INTO "
	    "console_sessions (id_hash, phone, csrf, created_at, seen_at) "
	    "VALUES (?, ?, ?, ?, ?)");

	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, id_hash, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, phone, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 3, csrf, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 4, now);
	sqlite3_bind_int64(st, 5, now);
	return db_exec_stmt(db, st, "starting a console session");
}

int
db_console_session_get(struct db *db, const char *id_hash,
    struct console_session *out)
{
	sqlite3_stmt *st = db_stmt(db, ST_CON_SESS_GET, "SELECT phone, csrf, "
	    "created_at, seen_at FROM console_sessions WHERE id_hash = ?");
	int rc;

	if (st == NULL)
		return -1;
	memset(out, 0, sizeof(*out));
	sqlite3_bind_text(st, 1, id_hash, -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		strlcpy_k(out->phone, (const char *)sqlite3_column_text(st, 0),
		    sizeof(out->phone));
		strlcpy_k(out->csrf, (const char *)sqlite3_column_text(st, 1),
		    sizeof(out->csrf));
		out->created_at = sqlite3_column_int64(st, 2);
		out->seen_at = sqlite3_column_int64(st, 3);
	}
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return 0;
	if (rc == SQLITE_DONE)
		return 1;
	return db_fail(db, "reading a console session");
}

int
db_console_session_touch(struct db *db, const char *id_hash, int64_t now)
{
	sqlite3_stmt *st = db_stmt(db, ST_CON_SESS_TOUCH, "UPDATE "
	    "console_sessions SET seen_at = ? WHERE id_hash = ?");

	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, now);
	sqlite3_bind_text(st, 2, id_hash, -1, SQLITE_TRANSIENT);
	return db_exec_stmt(db, st, "marking a console session used");
}

int
db_console_session_end(struct db *db, const char *id_hash)
{
	sqlite3_stmt *st = db_stmt(db, ST_CON_SESS_END, "DELETE FROM "
	    "console_sessions WHERE id_hash = ?");

	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, id_hash, -1, SQLITE_TRANSIENT);
	return db_exec_stmt(db, st, "ending a console session");
}

int
db_console_session_prune(struct db *db, int64_t idle_before,
    int64_t made_before)
{
	sqlite3_stmt *st = db_stmt(db, ST_CON_SESS_PRUNE, "DELETE FROM "
	    "console_sessions WHERE seen_at < ? OR created_at < ?");

	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, idle_before);
	sqlite3_bind_int64(st, 2, made_before);
	return db_exec_stmt(db, st, "forgetting old console sessions");
}

int64_t
db_console_lock_remaining(struct db *db, const char *phone, int64_t now)
{
	sqlite3_stmt *st = db_stmt(db, ST_CON_LOCK_GET, "SELECT "
	    "MAX(locked_until - ?, 0) FROM console_locks WHERE phone = ?");
	int64_t v = 0;
	int rc;

	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, now);
	sqlite3_bind_text(st, 2, phone, -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_fail(db, "reading a console lock-out");
	return v;
}

/* Set the failures and the lock of phone. */
static int
lock_set(struct db *db, const char *phone, int64_t until)
{
	sqlite3_stmt *st = db_stmt(db, ST_CON_LOCK_SET, "UPDATE console_locks "
	    "SET failures = 0, locked_until = ? WHERE phone = ?");

	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, until);
	sqlite3_bind_text(st, 2, phone, -1, SQLITE_TRANSIENT);
	return db_exec_stmt(db, st, "locking a number out of the console");
}

int
db_console_lock_fail(struct db *db, const char *phone, int max,
    int64_t until)
{
	sqlite3_stmt *st = db_stmt(db, ST_CON_LOCK_FAIL, "INSERT INTO "
	    "console_locks (phone, failures) VALUES (?1, 1) ON CONFLICT "
	    "(phone) DO UPDATE SET failures = failures + 1 RETURNING failures");
	int n;

	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, phone, -1, SQLITE_TRANSIENT);
	n = db_step_int(db, st, "counting a wrong password");
	if (n < max)
		return n;
	return lock_set(db, phone, until) == 0 ? n : -1;
}

int
db_console_lock_clear(struct db *db, const char *phone)
{
	return lock_set(db, phone, 0);
}
