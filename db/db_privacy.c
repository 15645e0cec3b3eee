/*
 * Residents' data rights (UU PDP 27/2022) and retention, as SQL: every
 * place a phone number, a name, a text or a NIK is kept, in one file, so
 * that showing, erasing and purging cannot drift apart when a table is
 * added (a new table naming a phone belongs in all three lists here).
 *
 * Erasing keeps what is counted: a vote, an answer, a mark, a queue
 * number, a complaint's category and status stay, with the number
 * replaced by "h:" and the keyed hash the district already knows votes
 * by (the caller computes it). Names, texts, NIK and the number go.
 */
#include "db_int.h"

#include <stdio.h>
#include <stdlib.h>

#include "util.h"

/* What residents' personal data a journal record may carry. */
#define PERSONAL_FIELDS "'$.phone', '$.name', '$.text', '$.note', '$.nik'"

/* A JSON array's elements with its strings made empty (over json_each). */
#define BLANK_TEXTS "json_group_array(CASE WHEN type = 'text' THEN '' " \
	"ELSE value END)"

/*
 * The sections of `kabar residents show`: ?1 the number, ?2 its hashed
 * stand-in ("h:HASH", where erased rows keep their counts), ?3 the hash.
 */
static const struct {
	const char *name, *sql;
} show_sql[] = {
	{ "resident", "SELECT phone, name, grp AS \"group\", registered_at, "
	    "updated_at, opted_out_at FROM residents WHERE phone = ?1" },
	{ "inbox", "SELECT id, sender, phone, text, received_at, state, note, "
	    "raw FROM inbox WHERE phone = ?1 OR sender = ?1 ORDER BY id" },
	{ "sms_parts", "SELECT fingerprint, sender, text, received_at FROM "
	    "sms_parts WHERE phone = ?1 OR sender = ?1" },
	{ "outbox", "SELECT id, recipient, text, kind, status, created_at, "
	    "sent_at FROM outbox WHERE recipient = ?1 ORDER BY id" },
	{ "tickets", "SELECT number, kind, category, text, status, note, nik, "
	    "letter, created_at, updated_at FROM tickets WHERE phone = ?1" },
	{ "ticket_history", "SELECT number, status, note, by, at FROM "
	    "ticket_history WHERE by = ?1 OR number IN (SELECT number FROM "
	    "tickets WHERE phone = ?1) ORDER BY id" },
	{ "votes", "SELECT code, phone, option, at FROM votes WHERE phone IN "
	    "(?1, ?2)" },
	{ "poll_audience", "SELECT code, sent_at FROM poll_audience WHERE "
	    "phone = ?1" },
	{ "survey_responses", "SELECT id, code, phone, answers, at FROM "
	    "survey_responses WHERE phone IN (?1, ?2) ORDER BY id" },
	{ "survey_sessions", "SELECT code, step, answers, updated_at FROM "
	    "survey_sessions WHERE phone = ?1" },
	{ "feedback", "SELECT ticket, phone, kind, category, mark, asked_at, "
	    "marked_at FROM feedback WHERE phone IN (?1, ?2)" },
	{ "queue", "SELECT day, counter, number, phone, ticket, status, "
	    "taken_at FROM queue WHERE phone IN (?1, ?2) ORDER BY id" },
	{ "menu_sessions", "SELECT inputs, updated_at FROM menu_sessions "
	    "WHERE phone = ?1" },
	{ "calls", "SELECT modem, phone, at, taken FROM calls WHERE phone IN "
	    "(?1, ?2) ORDER BY id" },
	{ "audit", "SELECT id, at, phone, command, allowed, detail FROM audit "
	    "WHERE phone IN (?1, ?2) OR instr(detail, ?1) > 0 ORDER BY id" },
	{ "admin_locks", "SELECT failures, locked_until FROM admin_locks "
	    "WHERE phone = ?1" },
	{ "sender_limits", "SELECT 'capped' AS what, hour AS at FROM "
	    "sender_caps WHERE phone = ?1 UNION ALL SELECT 'muted', until "
	    "FROM sender_mutes WHERE phone = ?1" },
	{ "broadcasts", "SELECT id, text, grp AS \"group\", status, "
	    "created_at FROM broadcasts WHERE requested_by IN (?1, ?2)" },
	{ "journal", "SELECT seq, type, at, data, synced_at FROM journal "
	    "WHERE instr(data, ?1) > 0 OR instr(data, ?3) > 0 OR "
	    "json_extract(data, '$.ticket') IN (SELECT number FROM tickets "
	    "WHERE phone = ?1) ORDER BY seq" },
};

/*
 * Erasing, in this order (tickets and journal first, while the tickets
 * still name the number). Same parameters as above.
 */
static const char *const erase_sql[] = {
	/* Records for the district that name the number: its personal
	 * fields go, the hash stands in; sent or not (see services/privacy.c
	 * for why pending ones are rewritten rather than dropped). */
	"UPDATE journal SET data = json_set(json_remove(data, "
	    PERSONAL_FIELDS "), '$.resident', ?3) WHERE "
	    "json_extract(data, '$.phone') = ?1",
	"UPDATE journal SET data = json_remove(data, " PERSONAL_FIELDS ") "
	    "WHERE json_extract(data, '$.ticket') IN (SELECT number FROM "
	    "tickets WHERE phone = ?1)",
	"UPDATE journal SET data = json_remove(data, '$.by') WHERE "
	    "json_extract(data, '$.by') = ?1",
	/* Notices that quote one of its tickets (status changes, the text
	 * forwarded to an office). */
	"UPDATE outbox SET text = '' WHERE text != '' AND EXISTS (SELECT 1 "
	    "FROM tickets t WHERE t.phone = ?1 AND instr(outbox.text, "
	    "t.number) > 0)",
	"UPDATE ticket_history SET note = NULL WHERE number IN (SELECT "
	    "number FROM tickets WHERE phone = ?1)",
	"UPDATE ticket_history SET by = ?2 WHERE by = ?1",
	"UPDATE tickets SET phone = ?2, text = '', note = NULL, nik = NULL "
	    "WHERE phone = ?1",
	/* Nothing more goes to it; what went keeps its row, not its text. */
	"UPDATE outbox SET status = 'cancelled' WHERE recipient = ?1 AND "
	    "status = 'queued'",
	"UPDATE outbox SET recipient = ?2, text = '', last_error = NULL "
	    "WHERE recipient = ?1",
	"UPDATE inbox SET sender = ?2, phone = NULL, text = '', raw = NULL, "
	    "note = NULL, fingerprint = 'erased:' || id, state = CASE WHEN "
	    "state = 'new' THEN 'kept' ELSE state END WHERE phone = ?1 OR "
	    "sender = ?1",
	"DELETE FROM sms_parts WHERE phone = ?1 OR sender = ?1",
	/* Counted things keep their row under the hash: one vote per
	 * poll, one place per queue, so an earlier erased row wins. */
	"UPDATE OR IGNORE votes SET phone = ?2 WHERE phone = ?1",
	"DELETE FROM votes WHERE phone = ?1",
	"UPDATE OR IGNORE queue SET phone = ?2 WHERE phone = ?1",
	"DELETE FROM queue WHERE phone = ?1",
	/* Answers typed as text go; numbers and choices stay. */
	"UPDATE journal SET data = json_set(data, '$.answers', json((SELECT "
	    BLANK_TEXTS " FROM json_each(journal.data, '$.answers')))) WHERE "
	    "type = 'survey_response' AND json_extract(data, '$.respondent') "
	    "= ?3",
	"UPDATE survey_responses SET phone = ?2, answers = (SELECT "
	    BLANK_TEXTS " FROM json_each(survey_responses.answers)) WHERE "
	    "phone = ?1",
	"UPDATE feedback SET phone = ?2 WHERE phone = ?1",
	"UPDATE calls SET phone = ?2 WHERE phone = ?1",
	"UPDATE audit SET phone = ?2 WHERE phone = ?1",
	"UPDATE audit SET detail = NULL WHERE instr(detail, ?1) > 0",
	"UPDATE broadcasts SET requested_by = ?2 WHERE requested_by = ?1",
	"UPDATE modem_status SET balance_asked_by = NULL WHERE "
	    "balance_asked_by = ?1",
	"DELETE FROM poll_audience WHERE phone = ?1",
	"DELETE FROM survey_sessions WHERE phone = ?1",
	"DELETE FROM menu_sessions WHERE phone = ?1",
	"DELETE FROM admin_locks WHERE phone = ?1",
	"DELETE FROM sender_caps WHERE phone = ?1",
	"DELETE FROM sender_mutes WHERE phone = ?1",
	"DELETE FROM residents WHERE phone = ?1",
};

/* Retention: ?1 messages before, ?2 closed tickets before, ?3 audit
 * before (0: keep). */
#define CLOSED "status IN ('selesai', 'ditolak')"
static const char *const retention_sql[] = {
	"UPDATE inbox SET text = '', raw = NULL WHERE received_at < ?1 AND "
	    "state != 'new' AND (text != '' OR raw IS NOT NULL)",
	"DELETE FROM sms_parts WHERE received_at < ?1 AND inbox_id IS NOT "
	    "NULL",
	"UPDATE outbox SET text = '' WHERE created_at < ?1 AND status NOT IN "
	    "('queued', 'sending') AND text != ''",
	"UPDATE ticket_history SET note = NULL WHERE note IS NOT NULL AND "
	    "number IN (SELECT number FROM tickets WHERE " CLOSED " AND "
	    "updated_at < ?2)",
	/* What the district accepted; a record still to go goes whole. */
	"UPDATE journal SET data = json_remove(data, " PERSONAL_FIELDS ") "
	    "WHERE synced_at > 0 AND json_extract(data, '$.ticket') IN "
	    "(SELECT number FROM tickets WHERE " CLOSED " AND updated_at < ?2 "
	    "AND (text != '' OR note IS NOT NULL OR nik IS NOT NULL))",
	"UPDATE tickets SET text = '', note = NULL, nik = NULL WHERE " CLOSED
	    " AND updated_at < ?2 AND (text != '' OR note IS NOT NULL OR nik "
	    "IS NOT NULL)",
	"DELETE FROM audit WHERE at < ?3",
};

_Static_assert(ARRAY_LEN(show_sql) <= ST_PRIVACY_SHOW_END - ST_PRIVACY_SHOW + 1,
    "more sections than statement slots");
_Static_assert(ARRAY_LEN(erase_sql) <= ST_PRIVACY_ERASE_END -
    ST_PRIVACY_ERASE + 1, "more erasures than statement slots");
_Static_assert(ARRAY_LEN(retention_sql) <= ST_PRIVACY_RETENTION_END -
    ST_PRIVACY_RETENTION + 1, "more purges than statement slots");

/* Bind the number, its stand-in and the hash where the query has them. */
static void
bind_person(sqlite3_stmt *st, const char *phone, const char *hash)
{
	char stand_in[48];
	int n = sqlite3_bind_parameter_count(st);

	snprintf(stand_in, sizeof(stand_in), "h:%s", hash);
	sqlite3_bind_text(st, 1, phone, -1, SQLITE_TRANSIENT);
	if (n >= 2)
		sqlite3_bind_text(st, 2, stand_in, -1, SQLITE_TRANSIENT);
	if (n >= 3)
		sqlite3_bind_text(st, 3, hash, -1, SQLITE_TRANSIENT);
}

static int
show_section(struct db *db, int s, const char *phone, const char *hash,
    db_person_fn fn, void *arg)
{
	sqlite3_stmt *st = db_stmt(db, (enum stmt_id)(ST_PRIVACY_SHOW + s),
	    show_sql[s].sql);
	const char *names[16], *vals[16];
	int is_int[16], n, i, rc;

	if (st == NULL)
		return -1;
	bind_person(st, phone, hash);
	n = sqlite3_column_count(st);
	if (n > (int)ARRAY_LEN(names))
		n = (int)ARRAY_LEN(names);
	for (i = 0; i < n; i++)
		names[i] = sqlite3_column_name(st, i);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		for (i = 0; i < n; i++) {
			vals[i] = (const char *)sqlite3_column_text(st, i);
			is_int[i] = sqlite3_column_type(st, i) ==
			    SQLITE_INTEGER;
		}
		if (fn(arg, show_sql[s].name, n, names, vals, is_int) != 0)
			break;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_fail(db, "reading what is kept about a number");
	return 0;
}

int
db_person_show(struct db *db, const char *phone, const char *hash,
    db_person_fn fn, void *arg)
{
	size_t s;

	for (s = 0; s < ARRAY_LEN(show_sql); s++)
		if (show_section(db, (int)s, phone, hash, fn, arg) != 0)
			return -1;
	return 0;
}

int
db_person_tickets(struct db *db, const char *phone,
    int (*fn)(void *arg, const char *number), void *arg)
{
	sqlite3_stmt *st = db_stmt(db, ST_PRIVACY_TICKETS, "SELECT number "
	    "FROM tickets WHERE phone = ? ORDER BY number");
	int rc;

	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, phone, -1, SQLITE_TRANSIENT);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		if (fn(arg, (const char *)sqlite3_column_text(st, 0)) != 0)
			break;
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 :
	    db_fail(db, "listing a number's tickets");
}

int
db_person_sent_plain(struct db *db, const char *phone)
{
	sqlite3_stmt *st = db_stmt(db, ST_PRIVACY_SENT, "SELECT EXISTS "
	    "(SELECT 1 FROM journal WHERE synced_at > 0 AND "
	    "json_extract(data, '$.phone') = ?)");

	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, phone, -1, SQLITE_TRANSIENT);
	return db_step_int(db, st, "looking for a number sent");
}

int
db_person_erase(struct db *db, const char *phone, const char *hash)
{
	size_t i;
	int n = 0;

	for (i = 0; i < ARRAY_LEN(erase_sql); i++) {
		sqlite3_stmt *st = db_stmt(db, (enum stmt_id)(ST_PRIVACY_ERASE +
		    (int)i), erase_sql[i]);

		if (st == NULL)
			return -1;
		bind_person(st, phone, hash);
		if (db_exec_stmt(db, st, "erasing a number") != 0)
			return -1;
		n += sqlite3_changes(db->h);
	}
	return n;
}

int
db_retention(struct db *db, int64_t messages_before,
    int64_t complaints_before, int64_t audit_before)
{
	size_t i;
	int n = 0;

	for (i = 0; i < ARRAY_LEN(retention_sql); i++) {
		sqlite3_stmt *st = db_stmt(db, (enum stmt_id)(
		    ST_PRIVACY_RETENTION + (int)i), retention_sql[i]);

		if (st == NULL)
			return -1;
		sqlite3_bind_int64(st, 1, messages_before);
		if (sqlite3_bind_parameter_count(st) >= 2)
			sqlite3_bind_int64(st, 2, complaints_before);
		if (sqlite3_bind_parameter_count(st) >= 3)
			sqlite3_bind_int64(st, 3, audit_before);
		if (db_exec_stmt(db, st, "applying retention") != 0)
			return -1;
		n += sqlite3_changes(db->h);
	}
	return n;
}
