/*
 * Opening the database: file mode, pragmas, numbered migrations kept in
 * db/schema/NNNN_*.sql (embedded at build time, applied in order inside
 * one transaction each, PRAGMA user_version remembering how far), the
 * statement cache and transactions.
 */
#include "db_int.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "log.h"
#include "util.h"

/* build/schema_gen.c, from db/schema/ */
extern const char *const db_migrations[];
extern const int db_migrations_count;

#define BUSY_TIMEOUT_MS 10000
#define DISK_FULL_TELL_S 60
/* After a checkpoint a WAL grown well past what the automatic
 * checkpoint keeps (WAL_CHECKPOINT_BYTES, about 1 MB) is cut back to
 * this, so that a long reader cannot leave it large for good; a full
 * disk cuts it to nothing. Cutting it after every checkpoint costs a
 * truncate and a regrowth each time. */
#define WAL_KEEP_BYTES "4194304"
/* Every commit copies each page it changed into the WAL: an SMS touches
 * about twenty pages (rows and index entries of inbox, outbox, journal,
 * residents, budget), so the page size is most of what a card is
 * written per SMS. A new database gets the smallest pages SQLite has:
 * against 1 kB they cut a fifth of the bytes with many SMS waiting and
 * a third one by one, for long texts in overflow pages; the throughput
 * did not change beyond the noise. One that exists keeps its own
 * (SQLite cannot change it in WAL mode). */
#define NEW_PAGE_SIZE "512"
/* How much WAL makes a checkpoint, whatever the page size. */
#define WAL_CHECKPOINT_BYTES (1000 * 1024)

/*
 * A full card fails every write of every worker many times a second;
 * logging each would only fill the card further. Say it once a minute,
 * and let a grown WAL give its room back so that a little freed space
 * is enough to go on.
 */
static void
disk_full(struct db *db)
{
	int64_t now = now_mono_ms() / 1000;

	if (db->full_since == 0)
		db->full_since = now;
	if (db->full_told == 0 || now - db->full_told >= DISK_FULL_TELL_S) {
		log_errorx("Database '%s': the disk is full; received messages "
		    "stay on the SIM until there is room.", db->path);
		db->full_told = now;
	}
	sqlite3_exec(db->h, "PRAGMA wal_checkpoint(TRUNCATE)", NULL, NULL,
	    NULL);
}

static void
disk_room(struct db *db)
{
	if (db->full_since == 0)
		return;
	log_info("Database '%s': the disk has room again.", db->path);
	db->full_since = 0;
	db->full_told = 0;
}

int
db_disk_full(struct db *db)
{
	return db->full_since != 0;
}

int
db_fail(struct db *db, const char *what)
{
	if ((sqlite3_extended_errcode(db->h) & 0xff) == SQLITE_FULL) {
		disk_full(db);
		return -1;
	}
	log_errorx("Database '%s': %s failed: %s", db->path, what,
	    sqlite3_errmsg(db->h));
	return -1;
}

sqlite3_stmt *
db_stmt(struct db *db, enum stmt_id id, const char *sql)
{
	sqlite3_stmt *st = db->st[id];

	if (st != NULL) {
		sqlite3_reset(st);
		sqlite3_clear_bindings(st);
		return st;
	}
	if (sqlite3_prepare_v3(db->h, sql, -1, SQLITE_PREPARE_PERSISTENT, &st,
	    NULL) != SQLITE_OK) {
		log_errorx("Database: preparing \"%s\" failed: %s", sql,
		    sqlite3_errmsg(db->h));
		return NULL;
	}
	db->st[id] = st;
	return st;
}

char *
db_col_dup(sqlite3_stmt *st, int i)
{
	const unsigned char *s = sqlite3_column_text(st, i);

	return s != NULL ? xstrdup((const char *)s) : NULL;
}

int
db_exec_stmt(struct db *db, sqlite3_stmt *st, const char *what)
{
	int rc = sqlite3_step(st);

	sqlite3_reset(st);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return db_fail(db, what);
	return 0;
}

int
db_step_int(struct db *db, sqlite3_stmt *st, const char *what)
{
	int rc = sqlite3_step(st), v = 0;

	if (rc == SQLITE_ROW)
		v = sqlite3_column_int(st, 0);
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_fail(db, what);
	return v;
}

static int
exec_sql(struct db *db, const char *sql, const char *what)
{
	char *msg = NULL;

	if (sqlite3_exec(db->h, sql, NULL, NULL, &msg) != SQLITE_OK) {
		log_errorx("Database '%s': %s failed: %s", db->path, what,
		    msg ? msg : sqlite3_errmsg(db->h));
		sqlite3_free(msg);
		return -1;
	}
	return 0;
}

/*
 * Switching a new file to WAL takes a lock that SQLite does not wait
 * for when another program is creating the same file: try again for as
 * long as any other statement would wait.
 */
static int
set_wal(struct db *db)
{
	struct timespec pause = { 0, 10 * 1000 * 1000 };
	int waited = 0, rc;

	for (;;) {
		rc = sqlite3_exec(db->h, "PRAGMA journal_mode = WAL", NULL,
		    NULL, NULL);
		if (rc != SQLITE_BUSY && rc != SQLITE_LOCKED)
			break;
		if (waited >= BUSY_TIMEOUT_MS)
			break;
		nanosleep(&pause, NULL);
		waited += 10;
	}
	return rc == SQLITE_OK ? 0 : db_fail(db, "WAL");
}

/* The number a PRAGMA that reads one gives, or -1. */
static int
pragma_int(struct db *db, const char *sql)
{
	sqlite3_stmt *st;
	int v = -1;

	if (sqlite3_prepare_v2(db->h, sql, -1, &st, NULL) != SQLITE_OK)
		return -1;
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return v;
}

int
db_schema_version(struct db *db)
{
	return pragma_int(db, "PRAGMA user_version");
}

/*
 * A checkpoint copies each page changed since the last into the
 * database file, and the pages that change with every SMS (the tails of
 * the tables and their indexes) again each time: SQLite's 1,000 frames
 * would checkpoint twice as often with 512-byte pages as with 1 kB ones.
 * Counted in bytes of WAL instead, the WAL read on every start stays as
 * long as it was.
 */
static int
set_checkpoint(struct db *db)
{
	int page = pragma_int(db, "PRAGMA page_size");

	if (page <= 0)
		return -1;
	return sqlite3_wal_autocheckpoint(db->h, WAL_CHECKPOINT_BYTES / page)
	    == SQLITE_OK ? 0 : -1;
}

/*
 * Apply migration i unless another opener did while we waited for the
 * write lock (kabard starting while `kabar status` runs on a new file):
 * the version is read again once the lock is ours. 0 applied or already
 * there, -1 failed.
 */
static int
migrate_one(struct db *db, int i)
{
	char pragma[64];
	int v;

	if (exec_sql(db, "BEGIN IMMEDIATE", "begin migration") != 0)
		return -1;
	v = db_schema_version(db);
	if (v < 0 || v > i) {
		exec_sql(db, "ROLLBACK", "rollback migration");
		return v < 0 ? -1 : 0;
	}
	snprintf(pragma, sizeof(pragma), "PRAGMA user_version = %d", i + 1);
	if (exec_sql(db, db_migrations[i], "migration") != 0 ||
	    exec_sql(db, pragma, "schema version") != 0 ||
	    exec_sql(db, "COMMIT", "commit migration") != 0) {
		exec_sql(db, "ROLLBACK", "rollback migration");
		return -1;
	}
	log_info("Database '%s' migrated to schema %d.", db->path, i + 1);
	return 0;
}

static int
migrate(struct db *db, char *err, size_t errsz)
{
	int v = db_schema_version(db), i;

	if (v < 0) {
		snprintf(err, errsz, "%s: cannot read the schema version: %s",
		    db->path, sqlite3_errmsg(db->h));
		return -1;
	}
	if (v > db_migrations_count) {
		snprintf(err, errsz, "%s: schema version %d is newer than this "
		    "kabar knows (%d); use the newer kabar", db->path, v,
		    db_migrations_count);
		return -1;
	}
	for (i = v; i < db_migrations_count; i++) {
		if (migrate_one(db, i) != 0) {
			snprintf(err, errsz, "%s: migration %d failed: %s",
			    db->path, i + 1, sqlite3_errmsg(db->h));
			return -1;
		}
	}
	return 0;
}

/*
 * Create the folder and an empty file with mode 0600 before SQLite does.
 * Only when the file is missing: closing any descriptor of an open
 * database drops every POSIX lock this process holds on it, which would
 * let another process delete the WAL under the running daemon.
 */
static int
prepare_file(const char *path, char *err, size_t errsz)
{
	char *dir = xstrdup(path), *slash = strrchr(dir, '/');
	struct stat st;
	int fd;

	if (stat(path, &st) == 0) {
		free(dir);
		if ((st.st_mode & 077) != 0 && chmod(path, 0600) != 0)
			log_warn("Database '%s': cannot make it private", path);
		return 0;
	}
	if (slash != NULL && slash != dir) {
		*slash = '\0';
		if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
			snprintf(err, errsz, "%s: cannot create folder: %s",
			    dir, strerror(errno));
			free(dir);
			return -1;
		}
	}
	free(dir);
	fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0 && errno != EEXIST) {
		snprintf(err, errsz, "%s: cannot create: %s", path,
		    strerror(errno));
		return -1;
	}
	if (fd >= 0)
		close(fd);
	return 0;
}

struct db *
db_open(const char *path, char *err, size_t errsz)
{
	struct db *db;
	struct stat st;

	if (prepare_file(path, err, errsz) != 0)
		return NULL;
	db = xcalloc(1, sizeof(*db));
	db->path = xstrdup(path);
	if (sqlite3_open_v2(path, &db->h, SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
		snprintf(err, errsz, "%s: cannot open the database: %s", path,
		    db->h ? sqlite3_errmsg(db->h) : "out of memory");
		goto fail;
	}
	sqlite3_busy_timeout(db->h, BUSY_TIMEOUT_MS);
	/*
	 * The page size first: a no-op once the file has pages. FULL: a
	 * received SMS must be on disk before the modem forgets it; the
	 * connections that need not wait say so (db_lazy_commits).
	 */
	if (exec_sql(db, "PRAGMA page_size = " NEW_PAGE_SIZE,
	    "page size") != 0 || set_wal(db) != 0 ||
	    exec_sql(db, "PRAGMA synchronous = FULL", "synchronous") != 0 ||
	    exec_sql(db, "PRAGMA foreign_keys = ON", "foreign keys") != 0 ||
	    exec_sql(db, "PRAGMA journal_size_limit = " WAL_KEEP_BYTES,
	    "WAL size limit") != 0) {
		snprintf(err, errsz, "%s: cannot set up the database: %s", path,
		    sqlite3_errmsg(db->h));
		goto fail;
	}
	if (migrate(db, err, errsz) != 0)
		goto fail;
	if (set_checkpoint(db) != 0) {
		snprintf(err, errsz, "%s: cannot set the checkpoints: %s", path,
		    sqlite3_errmsg(db->h));
		goto fail;
	}
	if (stat(path, &st) != 0) {
		snprintf(err, errsz, "%s: gone as soon as opened: %s", path,
		    strerror(errno));
		goto fail;
	}
	db->dev = st.st_dev;
	db->ino = st.st_ino;
	return db;
fail:
	db_close(db);
	return NULL;
}

int
db_lazy_commits(struct db *db)
{
	return exec_sql(db, "PRAGMA synchronous = NORMAL", "synchronous");
}

int
db_flush(struct db *db)
{
	sqlite3_file *wal = NULL;
	int rc;

	if (sqlite3_file_control(db->h, "main", SQLITE_FCNTL_JOURNAL_POINTER,
	    &wal) != SQLITE_OK || wal == NULL || wal->pMethods == NULL)
		return 0;	/* no WAL open: nothing waits in one */
	rc = wal->pMethods->xSync(wal, SQLITE_SYNC_NORMAL);
	if (rc != SQLITE_OK) {
		log_errorx("Database '%s': flushing the WAL failed: %s",
		    db->path, sqlite3_errstr(rc));
		return -1;
	}
	return 0;
}

int
db_on_disk(struct db *db)
{
	struct stat st;
	int64_t now = now_mono_ms() / 1000;

	if (stat(db->path, &st) == 0 && st.st_dev == db->dev &&
	    st.st_ino == db->ino) {
		if (db->gone_told != 0)
			log_info("Database '%s' is back where it was.",
			    db->path);
		db->gone_told = 0;
		return 1;
	}
	if (db->gone_told == 0 || now - db->gone_told >= DISK_FULL_TELL_S) {
		log_errorx("DATABASE GONE: '%s' is no longer the file kabard "
		    "opened (deleted, replaced or its card remounted). Nothing "
		    "is deleted from the SIMs until kabard is restarted on it.",
		    db->path);
		db->gone_told = now != 0 ? now : 1;
	}
	return 0;
}

void
db_close(struct db *db)
{
	int i;

	if (db == NULL)
		return;
	for (i = 0; i < ST_COUNT; i++)
		sqlite3_finalize(db->st[i]);
	sqlite3_close(db->h);
	free(db->path);
	free(db);
}

int
db_begin(struct db *db)
{
	sqlite3_stmt *st = db_stmt(db, ST_BEGIN, "BEGIN IMMEDIATE");

	return st != NULL ? db_exec_stmt(db, st, "begin") : -1;
}

int
db_commit(struct db *db)
{
	sqlite3_stmt *st = db_stmt(db, ST_COMMIT, "COMMIT");

	if (st == NULL || db_exec_stmt(db, st, "commit") != 0) {
		db_rollback(db);
		return -1;
	}
	disk_room(db);
	return 0;
}

int
db_savepoint(struct db *db, enum db_savepoint op)
{
	static const char *const sql[] = { "SAVEPOINT one",
	    "RELEASE SAVEPOINT one", "ROLLBACK TO SAVEPOINT one" };
	sqlite3_stmt *st = db_stmt(db, (enum stmt_id)(ST_SP_SET + (int)op),
	    sql[op]);

	if (st == NULL || db_exec_stmt(db, st, "savepoint") != 0)
		return -1;
	/* ROLLBACK TO leaves the savepoint open; close it too. */
	return op == SP_UNDO ? db_savepoint(db, SP_KEEP) : 0;
}

void
db_rollback(struct db *db)
{
	sqlite3_stmt *st;

	if (sqlite3_get_autocommit(db->h))
		return;
	st = db_stmt(db, ST_ROLLBACK, "ROLLBACK");
	if (st != NULL)
		db_exec_stmt(db, st, "rollback");
}

void
db_day(int64_t t, char out[11])
{
	time_t tt = (time_t)t;
	struct tm tm;

	char buf[40];

	localtime_r(&tt, &tm);
	snprintf(buf, sizeof(buf), "%04d-%02d-%02d", tm.tm_year + 1900,
	    tm.tm_mon + 1, tm.tm_mday);
	strlcpy_k(out, buf, 11);
}
