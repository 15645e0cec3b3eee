/*
 * The journal as the district link sees it: what is still to go, what the
 * district accepted, and what it refused and was set aside.
 */
#include "db_int.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

int
db_sync_pending(struct db *db, int max, struct journal_rec **out)
{
	sqlite3_stmt *st = db_stmt(db, ST_SYNC_PENDING,
	    "SELECT seq, type, at, data, (SELECT id FROM store_ids WHERE "
	    "since <= seq ORDER BY since DESC LIMIT 1) FROM journal WHERE "
	    "synced_at IS NULL ORDER BY seq LIMIT ?");
	struct journal_rec *r;
	int n = 0, rc;

	*out = NULL;
	if (st == NULL)
		return -1;
	r = xcalloc((size_t)max, sizeof(*r));
	sqlite3_bind_int(st, 1, max);
	while (n < max && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		r[n].seq = sqlite3_column_int64(st, 0);
		r[n].type = db_col_dup(st, 1);
		r[n].at = sqlite3_column_int64(st, 2);
		r[n].data = db_col_dup(st, 3);
		if (sqlite3_column_type(st, 4) == SQLITE_TEXT)
			strlcpy_k(r[n].store, (const char *)
			    sqlite3_column_text(st, 4), sizeof(r[n].store));
		if (r[n].type == NULL)
			r[n].type = xstrdup("");
		if (r[n].data == NULL)
			r[n].data = xstrdup("");
		n++;
	}
	if (n < max && rc != SQLITE_DONE) {
		sqlite3_reset(st);
		journal_recs_free(r, n);
		return db_fail(db, "reading records for the district");
	}
	sqlite3_reset(st);
	if (n == 0)
		free(r);
	else
		*out = r;
	return n;
}

void
journal_recs_free(struct journal_rec *r, int n)
{
	int i;

	if (r == NULL)
		return;
	for (i = 0; i < n; i++) {
		free(r[i].type);
		free(r[i].data);
	}
	free(r);
}

int
db_sync_backlog(struct db *db)
{
	sqlite3_stmt *st = db_stmt(db, ST_SYNC_BACKLOG,
	    "SELECT COUNT(*) FROM journal WHERE synced_at IS NULL");

	return st == NULL ? -1 : db_step_int(db, st,
	    "counting records for the district");
}

int
db_sync_watch(struct db *db, int64_t *last_seq)
{
	sqlite3_stmt *st = db_stmt(db, ST_SYNC_WATCH,
	    "SELECT COALESCE((SELECT MAX(seq) FROM journal), 0), EXISTS "
	    "(SELECT 1 FROM journal WHERE synced_at IS NULL)");
	int rc, pending = -1;

	if (st == NULL)
		return -1;
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		*last_seq = sqlite3_column_int64(st, 0);
		pending = sqlite3_column_int(st, 1);
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? pending : db_fail(db, "watching the journal");
}

int
db_sync_done(struct db *db, int64_t seq, int64_t now)
{
	sqlite3_stmt *st = db_stmt(db, ST_SYNC_DONE,
	    "UPDATE journal SET synced_at = ? WHERE seq = ? AND "
	    "synced_at IS NULL");

	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, now > 0 ? now : 1);
	sqlite3_bind_int64(st, 2, seq);
	return db_exec_stmt(db, st, "marking a record accepted");
}

int
db_sync_reject(struct db *db, int64_t seq, int status, const char *reason,
    int64_t now)
{
	sqlite3_stmt *st = db_stmt(db, ST_SYNC_REJECT,
	    "INSERT OR REPLACE INTO sync_rejected (seq, status, reason, "
	    "rejected_at) VALUES (?, ?, ?, ?)");
	sqlite3_stmt *aside;

	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, seq);
	sqlite3_bind_int(st, 2, status);
	sqlite3_bind_text(st, 3, reason, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 4, now);
	if (db_exec_stmt(db, st, "setting a record aside") != 0)
		return -1;
	/* 0: neither pending nor accepted, so the queue moves past it. */
	aside = db_stmt(db, ST_SYNC_ASIDE,
	    "UPDATE journal SET synced_at = 0 WHERE seq = ?");
	if (aside == NULL)
		return -1;
	sqlite3_bind_int64(aside, 1, seq);
	return db_exec_stmt(db, aside, "setting a record aside");
}

int
db_sync_renumber(struct db *db, const int64_t *seqs, int n)
{
	sqlite3_stmt *copy, *drop;
	int i;

	if (db_begin(db) != 0)
		return -1;
	if (sqlite3_exec(db->h, "INSERT INTO store_ids (since, id) VALUES ("
	    "COALESCE((SELECT seq FROM sqlite_sequence WHERE name = "
	    "'journal'), 0) + 1, lower(hex(randomblob(6))))", NULL, NULL,
	    NULL) != SQLITE_OK) {
		db_fail(db, "starting a new identity");
		goto fail;
	}
	for (i = 0; i < n; i++) {
		copy = db_stmt(db, ST_SYNC_COPY, "INSERT INTO journal (type, "
		    "at, data) SELECT type, at, data FROM journal WHERE seq = ?");
		if (copy == NULL)
			goto fail;
		sqlite3_bind_int64(copy, 1, seqs[i]);
		if (db_exec_stmt(db, copy, "renumbering a record") != 0)
			goto fail;
		drop = db_stmt(db, ST_SYNC_DROP, "DELETE FROM journal WHERE "
		    "seq = ? AND synced_at IS NULL");
		if (drop == NULL)
			goto fail;
		sqlite3_bind_int64(drop, 1, seqs[i]);
		if (db_exec_stmt(db, drop, "renumbering a record") != 0)
			goto fail;
	}
	return db_commit(db);
fail:
	db_rollback(db);
	return -1;
}

int
db_sync_retry_rejected(struct db *db)
{
	int n;

	if (sqlite3_exec(db->h, "UPDATE journal SET synced_at = NULL WHERE "
	    "seq IN (SELECT seq FROM sync_rejected)", NULL, NULL,
	    NULL) != SQLITE_OK)
		return db_fail(db, "returning set-aside records to the queue");
	n = sqlite3_changes(db->h);
	if (sqlite3_exec(db->h, "DELETE FROM sync_rejected", NULL, NULL,
	    NULL) != SQLITE_OK)
		return db_fail(db, "returning set-aside records to the queue");
	return n;
}
