/*
 * Polls, votes (one per phone per poll, a later one replacing the
 * earlier), who was sent which poll, and the audience of bulk SMS.
 */
#include "db_int.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

void
poll_clear(struct poll *p)
{
	free(p->code);
	free(p->question);
	free(p->options);
	free(p->grp);
	free(p->status);
	memset(p, 0, sizeof(*p));
}

int
db_poll_add(struct db *db, const struct poll *p, int64_t now)
{
	sqlite3_stmt *st = db_stmt(db, ST_POLL_ADD, "INSERT OR IGNORE INTO polls "
	    "(code, question, options, grp, public_results, closes_at, "
	    "created_at) VALUES (?,?,?,?,?,?,?)");

	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, p->code, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, p->question, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 3, p->options, -1, SQLITE_TRANSIENT);
	if (p->grp != NULL)
		sqlite3_bind_text(st, 4, p->grp, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(st, 5, p->public_results);
	if (p->closes_at != 0)
		sqlite3_bind_int64(st, 6, p->closes_at);
	sqlite3_bind_int64(st, 7, now);
	if (db_exec_stmt(db, st, "opening a poll") != 0)
		return -1;
	return sqlite3_changes(db->h) > 0 ? 0 : 1;
}

int
db_poll_get(struct db *db, const char *code, struct poll *out)
{
	sqlite3_stmt *st = db_stmt(db, ST_POLL_GET, "SELECT code, question, "
	    "options, grp, status, public_results, COALESCE(closes_at, 0) "
	    "FROM polls WHERE code = ?");
	int rc;

	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, code, -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		out->code = db_col_dup(st, 0);
		out->question = db_col_dup(st, 1);
		out->options = db_col_dup(st, 2);
		out->grp = db_col_dup(st, 3);
		out->status = db_col_dup(st, 4);
		out->public_results = sqlite3_column_int(st, 5);
		out->closes_at = sqlite3_column_int64(st, 6);
	}
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return 0;
	return rc == SQLITE_DONE ? 1 : db_fail(db, "reading a poll");
}

int
db_poll_close(struct db *db, const char *code, int64_t now)
{
	sqlite3_stmt *st = db_stmt(db, ST_POLL_CLOSE, "UPDATE polls SET "
	    "status = 'closed', closed_at = ? WHERE code = ? AND status = 'open'");

	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, now);
	sqlite3_bind_text(st, 2, code, -1, SQLITE_TRANSIENT);
	return db_exec_stmt(db, st, "closing a poll");
}

int
db_vote_put(struct db *db, const char *code, const char *phone, int option,
    int64_t now, int *previous)
{
	sqlite3_stmt *st = db_stmt(db, ST_VOTE_GET,
	    "SELECT option FROM votes WHERE code = ? AND phone = ?");

	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, code, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, phone, -1, SQLITE_TRANSIENT);
	*previous = db_step_int(db, st, "reading a vote");
	if (*previous < 0)
		return -1;
	st = db_stmt(db, ST_VOTE_PUT, "INSERT INTO votes (code, phone, option, "
	    "at) VALUES (?1,?2,?3,?4) ON CONFLICT (code, phone) DO UPDATE SET "
	    "option = ?3, at = ?4");
	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, code, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, phone, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(st, 3, option);
	sqlite3_bind_int64(st, 4, now);
	return db_exec_stmt(db, st, "recording a vote");
}

int
db_poll_audience_add(struct db *db, const char *code, const char *phone,
    int64_t now)
{
	sqlite3_stmt *st = db_stmt(db, ST_AUD_ADD, "INSERT OR IGNORE INTO "
	    "poll_audience (code, phone, sent_at) VALUES (?,?,?)");

	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, code, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, phone, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 3, now);
	return db_exec_stmt(db, st, "recording a poll's audience");
}

#define OPEN_NOW "p.status = 'open' AND (p.closes_at IS NULL OR " \
	"p.closes_at > ?1)"

int
db_poll_single_for(struct db *db, const char *phone, int64_t now, char *code,
    size_t codesz)
{
	sqlite3_stmt *st = db_stmt(db, ST_POLL_SINGLE, "SELECT MIN(p.code), "
	    "COUNT(*) FROM polls p JOIN poll_audience a ON a.code = p.code "
	    "WHERE a.phone = ?2 AND " OPEN_NOW);
	int rc, n = 0;

	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, now);
	sqlite3_bind_text(st, 2, phone, -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		n = sqlite3_column_int(st, 1);
		if (n == 1)
			strlcpy_k(code, (const char *)sqlite3_column_text(st,
			    0), codesz);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_ROW)
		return db_fail(db, "finding a poll for a phone");
	return n == 1 ? 0 : 1;
}

int
db_poll_codes(struct db *db, int64_t now, int limit, char *out, size_t outsz)
{
	sqlite3_stmt *st = db_stmt(db, ST_POLL_CODES, "SELECT COALESCE("
	    "GROUP_CONCAT(code, ', '), '-') FROM (SELECT code FROM polls p "
	    "WHERE " OPEN_NOW " ORDER BY code LIMIT ?2)");
	int rc;

	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, now);
	sqlite3_bind_int(st, 2, limit);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		strlcpy_k(out, (const char *)sqlite3_column_text(st, 0), outsz);
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 0 : db_fail(db, "listing open polls");
}

int
db_audience(struct db *db, const char *grp,
    int (*fn)(void *arg, const char *phone), void *arg)
{
	sqlite3_stmt *st;
	char **phones = NULL;
	size_t n = 0, cap = 0, i;
	int rc, ret = 0;

	/* Collected first: fn writes, and a reader must not be open then. */
	st = db_stmt(db, ST_AUDIENCE, "SELECT phone FROM residents WHERE "
	    "opted_out_at IS NULL AND name != '' AND (?1 IS NULL OR grp = ?1) "
	    "ORDER BY phone");
	if (st == NULL)
		return -1;
	if (grp != NULL)
		sqlite3_bind_text(st, 1, grp, -1, SQLITE_TRANSIENT);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (n == cap) {
			cap = cap ? cap * 2 : 64;
			phones = xrealloc(phones, cap * sizeof(char *));
		}
		phones[n++] = db_col_dup(st, 0);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		ret = db_fail(db, "listing the audience");
	for (i = 0; i < n; i++) {
		if (ret == 0 && fn(arg, phones[i]) != 0)
			ret = -1;
		free(phones[i]);
	}
	free(phones);
	return ret;
}

int
db_meta_get(struct db *db, const char *key, char *out, size_t outsz)
{
	sqlite3_stmt *st = db_stmt(db, ST_META_GET,
	    "SELECT value FROM meta WHERE key = ?");
	int rc;

	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		strlcpy_k(out, (const char *)sqlite3_column_text(st, 0), outsz);
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return 0;
	return rc == SQLITE_DONE ? 1 : db_fail(db, "reading a setting");
}

int
db_meta_put(struct db *db, const char *key, const char *value)
{
	sqlite3_stmt *st = db_stmt(db, ST_META_PUT, "INSERT INTO meta (key, "
	    "value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = ?2");

	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, value, -1, SQLITE_TRANSIENT);
	return db_exec_stmt(db, st, "saving a setting");
}
