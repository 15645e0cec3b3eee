/*
 * The district store. Small and separate from a gateway's database, so a
 * district can run it on any machine beside its own systems.
 */
#include "district_store.h"

#include <errno.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "log.h"
#include "util.h"

struct ddb {
	sqlite3	*h;
};

/* What of a resident a record may carry, and the hash standing in for
 * the number where the district may not hold it. */
#define PERSONAL_FIELDS "'$.phone', '$.name', '$.text', '$.note', " \
	"'$.nik', '$.resident'"
#define ERASED_FIELDS "'$.phone', '$.name', '$.text', '$.note', '$.nik'"

static const char schema[] =
    "CREATE TABLE IF NOT EXISTS records (id TEXT PRIMARY KEY, gateway TEXT "
    "NOT NULL, type TEXT NOT NULL, at TEXT NOT NULL, data TEXT NOT NULL, "
    "received_at INTEGER NOT NULL);"
    "CREATE TABLE IF NOT EXISTS updates (id INTEGER PRIMARY KEY, gateway "
    "TEXT, type TEXT NOT NULL, payload TEXT NOT NULL, created_at INTEGER "
    "NOT NULL);"
    "CREATE TABLE IF NOT EXISTS gateways (id TEXT PRIMARY KEY, last_sync "
    "INTEGER NOT NULL);";

static int
fail(struct ddb *d, const char *what)
{
	log_errorx("District database: %s failed: %s", what,
	    sqlite3_errmsg(d->h));
	return -1;
}

static int
exec(struct ddb *d, const char *sql, const char *what)
{
	return sqlite3_exec(d->h, sql, NULL, NULL, NULL) == SQLITE_OK ? 0 :
	    fail(d, what);
}

/* Residents' numbers and texts: the file is the service's alone. */
static int
private_file(const char *path, char *err, size_t errsz)
{
	struct stat st;
	int fd;

	if (stat(path, &st) == 0) {
		if ((st.st_mode & 077) != 0 && chmod(path, 0600) != 0) {
			snprintf(err, errsz, "%s: cannot make it private: %s",
			    path, strerror(errno));
			return -1;
		}
		return 0;
	}
	fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	if (fd < 0) {
		snprintf(err, errsz, "%s: cannot create: %s", path,
		    strerror(errno));
		return -1;
	}
	close(fd);
	return 0;
}

struct ddb *
ddb_open(const char *path, char *err, size_t errsz)
{
	struct ddb *d;

	if (private_file(path, err, errsz) != 0)
		return NULL;
	d = xcalloc(1, sizeof(*d));
	if (sqlite3_open(path, &d->h) != SQLITE_OK ||
	    sqlite3_exec(d->h, "PRAGMA journal_mode = WAL; PRAGMA synchronous "
	    "= FULL", NULL, NULL, NULL) != SQLITE_OK ||
	    sqlite3_exec(d->h, schema, NULL, NULL, NULL) != SQLITE_OK) {
		snprintf(err, errsz, "%s: %s", path, d->h ?
		    sqlite3_errmsg(d->h) : "out of memory");
		ddb_close(d);
		return NULL;
	}
	sqlite3_busy_timeout(d->h, 10000);
	return d;
}

void
ddb_close(struct ddb *d)
{
	if (d == NULL)
		return;
	sqlite3_close(d->h);
	free(d);
}

int
ddb_begin(struct ddb *d)
{
	return exec(d, "BEGIN IMMEDIATE", "begin");
}

int
ddb_commit(struct ddb *d)
{
	return exec(d, "COMMIT", "commit");
}

void
ddb_rollback(struct ddb *d)
{
	if (!sqlite3_get_autocommit(d->h))
		exec(d, "ROLLBACK", "rollback");
}


/* 0 when the record held under id is this one, DDB_CONFLICT if not. */
static int
same_record(struct ddb *d, const char *id, const char *type, const char *at,
    const char *data)
{
	sqlite3_stmt *st;
	int rc, same = 0;

	/* Personal fields aside: a record the village rewrote when a
	 * resident was erased, or one erased here, is still that record. */
	if (sqlite3_prepare_v2(d->h, "SELECT type = ?1 AND at = ?2 AND (data "
	    "= ?3 OR json_remove(data, " PERSONAL_FIELDS ") = json_remove(?3, "
	    PERSONAL_FIELDS ")) FROM records WHERE id = ?4", -1, &st, NULL) !=
	    SQLITE_OK)
		return fail(d, "preparing");
	sqlite3_bind_text(st, 1, type, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, at, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 3, data, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 4, id, -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		same = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW)
		return fail(d, "reading a record");
	return same ? 0 : DDB_CONFLICT;
}

int
ddb_store(struct ddb *d, const char *id, const char *gateway,
    const char *type, const char *at, const char *data, int64_t now)
{
	sqlite3_stmt *st;
	int rc;

	if (sqlite3_prepare_v2(d->h, "INSERT OR IGNORE INTO records (id, "
	    "gateway, type, at, data, received_at) VALUES (?,?,?,?,?,?)", -1,
	    &st, NULL) != SQLITE_OK)
		return fail(d, "preparing");
	sqlite3_bind_text(st, 1, id, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, gateway, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 3, type, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 4, at, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 5, data, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 6, now);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return fail(d, "storing a record");
	if (sqlite3_changes(d->h) == 1)
		return 0;
	/* Held already: the same record sent again, or another one under
	 * a reused id that must not be taken for it. */
	return same_record(d, id, type, at, data);
}

/* One statement of ddb_erase, with its parameters: ?1 gateway, ?2 hash,
 * ?3 number (or NULL), ?4 tickets (a JSON array), ?5 the record's id. */
static const char *const erase_sql[] = {
	"UPDATE records SET data = json_remove(data, " ERASED_FIELDS ") "
	    "WHERE gateway = ?1 AND type != 'erasure' AND (json_extract(data, "
	    "'$.resident') = ?2 OR json_extract(data, '$.voter') = ?2 OR "
	    "json_extract(data, '$.respondent') = ?2 OR (?3 IS NOT NULL AND "
	    "json_extract(data, '$.phone') = ?3) OR json_extract(data, "
	    "'$.ticket') IN (SELECT value FROM json_each(?4)))",
	/* Answers typed as text go; numbers and choices stay counted. */
	"UPDATE records SET data = json_set(data, '$.answers', json((SELECT "
	    "json_group_array(CASE WHEN type = 'text' THEN '' ELSE value END) "
	    "FROM json_each(records.data, '$.answers')))) WHERE gateway = ?1 "
	    "AND type = 'survey_response' AND json_extract(data, "
	    "'$.respondent') = ?2 AND ?2 IS NOT NULL",
	/* The erasure itself keeps no number. */
	"UPDATE records SET data = json_remove(data, '$.phone') WHERE id = ?5",
};

int
ddb_erase(struct ddb *d, const char *gateway, const char *id,
    const char *hash, const char *phone, const char *tickets)
{
	size_t i;
	int n = 0;

	for (i = 0; i < sizeof(erase_sql) / sizeof(erase_sql[0]); i++) {
		sqlite3_stmt *st;
		int rc;

		if (sqlite3_prepare_v2(d->h, erase_sql[i], -1, &st, NULL) !=
		    SQLITE_OK)
			return fail(d, "preparing");
		sqlite3_bind_text(st, 1, gateway, -1, SQLITE_TRANSIENT);
		if (hash != NULL)
			sqlite3_bind_text(st, 2, hash, -1, SQLITE_TRANSIENT);
		if (phone != NULL)
			sqlite3_bind_text(st, 3, phone, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 4, tickets ? tickets : "[]", -1,
		    SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 5, id, -1, SQLITE_TRANSIENT);
		rc = sqlite3_step(st);
		sqlite3_finalize(st);
		if (rc != SQLITE_DONE)
			return fail(d, "erasing a resident");
		if (i == 0)
			n = sqlite3_changes(d->h);
	}
	return n;
}

int
ddb_seen(struct ddb *d, const char *gateway, int64_t now)
{
	sqlite3_stmt *st;
	int rc;

	if (sqlite3_prepare_v2(d->h, "INSERT INTO gateways (id, last_sync) "
	    "VALUES (?1, ?2) ON CONFLICT (id) DO UPDATE SET last_sync = ?2",
	    -1, &st, NULL) != SQLITE_OK)
		return fail(d, "preparing");
	sqlite3_bind_text(st, 1, gateway, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 2, now);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : fail(d, "noting a sync");
}

int
ddb_update_add(struct ddb *d, const char *gateway, const char *type,
    const char *payload, int64_t now, int64_t *id)
{
	sqlite3_stmt *st;
	int rc;

	if (sqlite3_prepare_v2(d->h, "INSERT INTO updates (gateway, type, "
	    "payload, created_at) VALUES (?,?,?,?)", -1, &st, NULL) != SQLITE_OK)
		return fail(d, "preparing");
	if (gateway != NULL)
		sqlite3_bind_text(st, 1, gateway, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, type, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 3, payload, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 4, now);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return fail(d, "adding an update");
	*id = sqlite3_last_insert_rowid(d->h);
	return 0;
}

int
ddb_updates(struct ddb *d, const char *gateway, int64_t since, int limit,
    ddb_update_fn fn, void *arg)
{
	sqlite3_stmt *st;
	int rc;

	if (sqlite3_prepare_v2(d->h, "SELECT id, type, payload FROM updates "
	    "WHERE id > ? AND (gateway IS NULL OR gateway = ?) ORDER BY id "
	    "LIMIT ?", -1, &st, NULL) != SQLITE_OK)
		return fail(d, "preparing");
	sqlite3_bind_int64(st, 1, since);
	sqlite3_bind_text(st, 2, gateway, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(st, 3, limit);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		if (fn(arg, sqlite3_column_int64(st, 0),
		    (const char *)sqlite3_column_text(st, 1),
		    (const char *)sqlite3_column_text(st, 2)) != 0)
			break;
	sqlite3_finalize(st);
	return rc == SQLITE_DONE || rc == SQLITE_ROW ? 0 :
	    fail(d, "reading updates");
}

int
ddb_report(struct ddb *d, ddb_report_fn fn, void *arg)
{
	sqlite3_stmt *st;
	int rc;

	if (sqlite3_prepare_v2(d->h, "SELECT r.gateway, r.type, COUNT(*), "
	    "strftime('%Y-%m-%dT%H:%M:%SZ', g.last_sync, 'unixepoch') FROM "
	    "records r LEFT JOIN gateways g ON g.id = r.gateway GROUP BY 1, 2 "
	    "ORDER BY 1, 2", -1, &st, NULL) != SQLITE_OK)
		return fail(d, "preparing");
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		fn(arg, (const char *)sqlite3_column_text(st, 0),
		    (const char *)sqlite3_column_text(st, 1),
		    (long)sqlite3_column_int64(st, 2),
		    (const char *)sqlite3_column_text(st, 3));
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : fail(d, "reporting");
}
