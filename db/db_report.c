/*
 * Read-only listings for the operator's tool. The queries are fixed here;
 * the caller picks one by name and gets rows as text.
 */
#include "db_int.h"

#include <stdlib.h>

#include "util.h"

#define ISO(col) "strftime('%Y-%m-%dT%H:%M:%SZ', " col ", 'unixepoch')"
/* The resident's name beside a number, where the store has one. */
#define NAME_OF(col) "(SELECT NULLIF(r.name, '') FROM residents r " \
	"WHERE r.phone = " col ")"
#define META_ISO(key) "(SELECT " ISO("CAST(value AS INTEGER)") \
	" FROM meta WHERE key = '" key "')"

static const char *const report_sql[] = {
	[REP_INBOX] = "SELECT id, COALESCE(phone, sender) AS \"from\", "
	    NAME_OF("i.phone") " AS name, text, "
	    ISO("received_at") " AS received_at, state, parts, modem, note, "
	    "raw "
	    "FROM (SELECT * FROM inbox ORDER BY id DESC LIMIT ?) AS i ORDER BY id",
	[REP_OUTBOX] = "SELECT id, recipient AS \"to\", "
	    NAME_OF("o.recipient") " AS name, text, status, modem, "
	    "parts, kind, tries, " ISO("created_at") " AS created_at, "
	    ISO("sent_at") " AS sent_at, last_error "
	    "FROM (SELECT * FROM outbox ORDER BY id DESC LIMIT ?) AS o ORDER BY id",
	[REP_RESIDENTS] = "SELECT phone, name, grp AS \"group\", "
	    ISO("registered_at") " AS registered_at, "
	    ISO("opted_out_at") " AS opted_out_at FROM residents "
	    "ORDER BY phone LIMIT ?",
	[REP_MODEMS] = "SELECT name, CASE WHEN state = 'up' AND resting_until "
	    "> strftime('%s', 'now') THEN 'resting' ELSE state END AS state, "
	    "last_error, " ISO("changed_at") " AS changed_at, " ISO("seen_at")
	    " AS seen_at, signal, COALESCE(registration, '-') AS registration, "
	    "COALESCE(operator, '-') AS operator, balance, " ISO("balance_at")
	    " AS balance_at, " ISO("NULLIF(resting_until, 0)") " AS "
	    "resting_until FROM modem_status ORDER BY name LIMIT ?",
	[REP_COUNTS] = "SELECT 'inbox' AS what, state, COUNT(*) AS count "
	    "FROM inbox GROUP BY state UNION ALL "
	    "SELECT 'outbox', status, COUNT(*) FROM outbox GROUP BY status "
	    "UNION ALL SELECT 'residents', CASE WHEN opted_out_at IS NULL "
	    "THEN 'receiving' ELSE 'opted_out' END, COUNT(*) FROM residents "
	    "GROUP BY 2 UNION ALL SELECT 'journal', CASE WHEN synced_at IS NULL "
	    "THEN 'pending' WHEN synced_at = 0 THEN 'set_aside' ELSE 'synced' "
	    "END, COUNT(*) FROM journal GROUP BY 2 "
	    "LIMIT ?",
	[REP_COMPLAINTS] = "SELECT number AS ticket, " ISO("created_at")
	    " AS created_at, status, " ISO("updated_at") " AS updated_at, "
	    "category, phone, " NAME_OF("tickets.phone") " AS name, text, note "
	    "FROM tickets WHERE kind = 'complaint' "
	    "AND (?2 IS NULL OR status = ?2) ORDER BY created_at LIMIT ?1",
	[REP_POLLS] = "SELECT code, status, question, options, grp AS \"group\", "
	    "public_results, " ISO("closes_at") " AS closes_at, "
	    "(SELECT COUNT(*) FROM votes v WHERE v.code = p.code) AS votes "
	    "FROM polls p WHERE (?2 IS NULL OR code = ?2) ORDER BY created_at "
	    "LIMIT ?1",
	[REP_POLL_TALLY] = "SELECT option, COUNT(*) AS count FROM votes "
	    "WHERE code = ?2 GROUP BY option ORDER BY option LIMIT ?1",
	/*
	 * Every option of the poll in every group, with no votes too, its
	 * name in full, and its share of the group's votes. ?3 names the
	 * whole village ("all"), ?4 the voters in no group ("none"): the
	 * words are the caller's language. The whole village comes first.
	 */
	[REP_POLL_GROUPS] = "WITH o AS (SELECT CAST(j.key AS INTEGER) + 1 AS "
	    "option, j.value AS name FROM polls p, json_each(p.options) j "
	    "WHERE p.code = ?2), "
	    "v AS (SELECT v.option, r.grp FROM votes v LEFT JOIN residents r "
	    "ON r.phone = v.phone WHERE v.code = ?2), "
	    "g AS (SELECT 0 AS k, ?3 AS grp UNION SELECT 1, "
	    "COALESCE(grp, ?4) FROM v), "
	    "c AS (SELECT g.k, g.grp, o.option, o.name, (SELECT COUNT(*) "
	    "FROM v WHERE v.option = o.option AND (g.k = 0 OR "
	    "COALESCE(v.grp, ?4) = g.grp)) AS count FROM g, o) "
	    "SELECT grp AS \"group\", option, name, count, "
	    "printf('%.1f', CASE WHEN SUM(count) OVER (PARTITION BY k, grp) "
	    "= 0 THEN 0 ELSE 100.0 * count / SUM(count) OVER (PARTITION BY k, "
	    "grp) END) AS percent FROM c ORDER BY k, grp, option LIMIT ?1",
	[REP_QUEUE] = "SELECT counter, number, status, phone, "
	    NAME_OF("queue.phone") " AS name, ticket FROM queue "
	    "WHERE day = ?2 ORDER BY counter, position LIMIT ?1",
	[REP_SATISFACTION] = "SELECT kind AS service, COALESCE(category, '') "
	    "AS category, COUNT(*) AS count, printf('%.2f', AVG(mark)) AS "
	    "average, SUM(mark = 1) AS m1, SUM(mark = 2) AS m2, SUM(mark = 3) "
	    "AS m3, SUM(mark = 4) AS m4, SUM(mark = 5) AS m5 FROM feedback "
	    "WHERE mark IS NOT NULL AND (?2 IS NULL OR strftime('%Y-%m', "
	    "marked_at, 'unixepoch', 'localtime') = ?2) GROUP BY 1, 2 "
	    "ORDER BY 1, 2 LIMIT ?1",
	[REP_BACKLOG] = "SELECT COUNT(*) AS backlog, " ISO("MIN(at)")
	    " AS oldest, (SELECT COUNT(*) FROM sync_rejected) AS set_aside, "
	    META_ISO("sync.last_ok") " AS last_success, "
	    "NULLIF((SELECT value FROM meta WHERE key = 'sync.last_error'), "
	    "'') AS last_error, " META_ISO("sync.next_at") " AS next_attempt "
	    "FROM journal WHERE synced_at IS NULL LIMIT ?",
	[REP_SYNC_REJECTED] = "SELECT j.seq, j.type, " ISO("j.at") " AS at, "
	    "r.status, r.reason, " ISO("r.rejected_at") " AS set_aside_at "
	    "FROM sync_rejected r JOIN journal j ON j.seq = r.seq "
	    "ORDER BY j.seq LIMIT ?",
	[REP_SURVEY_RESPONSES] = "SELECT id, " ISO("at") " AS at, answers "
	    "FROM survey_responses WHERE code = ?2 ORDER BY id LIMIT ?1",
	[REP_LETTERS] = "SELECT number AS ticket, " ISO("created_at")
	    " AS created_at, status, " ISO("updated_at") " AS updated_at, "
	    "letter, phone, " NAME_OF("tickets.phone") " AS name, text, note "
	    "FROM tickets WHERE kind = 'letter' AND (?2 IS NULL OR status = ?2) "
	    "ORDER BY created_at LIMIT ?1",
	[REP_SURVEYS] = "SELECT code, title, json_array_length(questions) AS "
	    "questions, (SELECT COUNT(*) FROM survey_responses r WHERE r.code "
	    "= s.code) AS responses, " ISO("created_at") " AS created_at "
	    "FROM surveys s WHERE (?2 IS NULL OR code = ?2) "
	    "ORDER BY created_at LIMIT ?1",
	/* What went wrong at the admin door: wrong PINs, lock-outs,
	 * numbers that are not admins. ?2: since (unix seconds). */
	[REP_AUDIT] = "SELECT id, " ISO("at") " AS at, phone, "
	    NAME_OF("audit.phone") " AS name, command, allowed, detail "
	    "FROM audit WHERE allowed = 0 AND at >= "
	    "CAST(COALESCE(?2, 0) AS INTEGER) ORDER BY id LIMIT ?1",
};

int
db_report(struct db *db, enum db_report which, int limit, db_row_fn fn,
    void *arg)
{
	return db_report_filtered(db, which, NULL, limit, fn, arg);
}

int
db_report_filtered(struct db *db, enum db_report which, const char *filter,
    int limit, db_row_fn fn, void *arg)
{
	return db_report_words(db, which, filter, NULL, limit, fn, arg);
}

int
db_report_words(struct db *db, enum db_report which, const char *filter,
    const char *const *words, int limit, db_row_fn fn, void *arg)
{
	sqlite3_stmt *st;
	const char **names = NULL, **vals = NULL;
	int rc, n, i, ret = 0;

	if (sqlite3_prepare_v2(db->h, report_sql[which], -1, &st, NULL) !=
	    SQLITE_OK)
		return db_fail(db, "preparing a listing");
	sqlite3_bind_int(st, 1, limit);
	if (filter != NULL && sqlite3_bind_parameter_count(st) >= 2)
		sqlite3_bind_text(st, 2, filter, -1, SQLITE_TRANSIENT);
	for (i = 0; words != NULL && words[i] != NULL &&
	    i + 3 <= sqlite3_bind_parameter_count(st); i++)
		sqlite3_bind_text(st, i + 3, words[i], -1, SQLITE_TRANSIENT);
	n = sqlite3_column_count(st);
	names = xcalloc((size_t)n, sizeof(char *));
	vals = xcalloc((size_t)n, sizeof(char *));
	for (i = 0; i < n; i++)
		names[i] = sqlite3_column_name(st, i);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		for (i = 0; i < n; i++)
			vals[i] = (const char *)sqlite3_column_text(st, i);
		if (fn(arg, n, names, vals) != 0)
			break;
	}
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		ret = db_fail(db, "reading a listing");
	free(names);
	free(vals);
	sqlite3_finalize(st);
	return ret;
}
