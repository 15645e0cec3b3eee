/*
 * Backups and restores of the whole store, with SQLite's online backup
 * API: a copy is one read transaction, so it is consistent while kabard
 * writes (WAL lets the daemon go on meanwhile). A copy is written beside
 * its name, made private (0600) before a byte goes in, flushed, and only
 * then renamed into place, so a half-written copy never carries the name.
 *
 * A restore takes a copy that says it is a kabar database of a schema
 * this binary knows, migrates it to the current schema, and gives it a
 * new identity (store_ids) before it takes the database's name: its
 * future records must never pass for the original's at the district.
 * The old database is kept as DATABASE.before-restore. Whoever calls it
 * holds the daemon's lock.
 */
#include "db_int.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "log.h"
#include "util.h"

/* build/schema_gen.c */
extern const int db_migrations_count;

/* How long a copy waits for a writer's lock before it gives up. */
#define BACKUP_BUSY_MS 10000
#define BACKUP_PAUSE_MS 20

/* The tables every kabar database has had since schema 1. */
static const char *const kabar_tables[] = {
	"meta", "inbox", "outbox", "residents", "journal", "budget"
};

/* An empty file of mode 0600 at path, replacing a stale one. */
static int
private_new(const char *path, char *err, size_t errsz)
{
	int fd;

	if (unlink(path) != 0 && errno != ENOENT) {
		snprintf(err, errsz, "%s: cannot remove: %s", path,
		    strerror(errno));
		return -1;
	}
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW,
	    0600);
	if (fd < 0) {
		snprintf(err, errsz, "%s: cannot create: %s", path,
		    strerror(errno));
		return -1;
	}
	close(fd);
	return 0;
}

/* The file's bytes and its folder's entry on the medium (a USB stick
 * pulled out after `kabar backup` returns must hold the copy). */
static int
flush_file(const char *path, char *err, size_t errsz)
{
	char dir[PATH_MAX], *slash;
	int fd = open(path, O_RDONLY | O_CLOEXEC), rc;

	if (fd < 0 || fsync(fd) != 0) {
		snprintf(err, errsz, "%s: cannot flush: %s", path,
		    strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	close(fd);
	strlcpy_k(dir, path, sizeof(dir));
	slash = strrchr(dir, '/');
	if (slash == dir)
		slash[1] = '\0';
	else if (slash != NULL)
		*slash = '\0';
	else
		strlcpy_k(dir, ".", sizeof(dir));
	fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	rc = fsync(fd);
	close(fd);
	(void)rc;		/* some file systems refuse it on folders */
	return 0;
}

/* Copy the whole of src into the (empty) file at path. */
static int
copy_into(sqlite3 *src, const char *path, char *err, size_t errsz)
{
	struct timespec pause = { 0, BACKUP_PAUSE_MS * 1000 * 1000 };
	sqlite3 *dst = NULL;
	sqlite3_backup *b;
	int rc, waited = 0;

	if (sqlite3_open_v2(path, &dst, SQLITE_OPEN_READWRITE, NULL) !=
	    SQLITE_OK) {
		snprintf(err, errsz, "%s: cannot open: %s", path,
		    dst ? sqlite3_errmsg(dst) : "out of memory");
		sqlite3_close(dst);
		return -1;
	}
	b = sqlite3_backup_init(dst, "main", src, "main");
	if (b == NULL) {
		snprintf(err, errsz, "%s: cannot start the copy: %s", path,
		    sqlite3_errmsg(dst));
		sqlite3_close(dst);
		return -1;
	}
	/* All pages in one step: one read transaction, one moment. */
	for (;;) {
		rc = sqlite3_backup_step(b, -1);
		if ((rc != SQLITE_BUSY && rc != SQLITE_LOCKED) ||
		    waited >= BACKUP_BUSY_MS)
			break;
		nanosleep(&pause, NULL);
		waited += BACKUP_PAUSE_MS;
	}
	sqlite3_backup_finish(b);
	if (rc != SQLITE_DONE) {
		snprintf(err, errsz, "%s: the copy failed: %s", path,
		    sqlite3_errstr(rc));
		sqlite3_close(dst);
		return -1;
	}
	if (sqlite3_close(dst) != SQLITE_OK) {
		snprintf(err, errsz, "%s: cannot close the copy", path);
		return -1;
	}
	return 0;
}

/* The copy goes to "PATH.part", then takes its name. */
static int
part_name(const char *path, char *out, size_t outsz, char *err,
    size_t errsz)
{
	if (snprintf(out, outsz, "%s.part", path) >= (int)outsz) {
		snprintf(err, errsz, "%s: the name is too long", path);
		return -1;
	}
	return 0;
}

int
db_backup(struct db *db, const char *dest, char *err, size_t errsz)
{
	char part[PATH_MAX];

	if (part_name(dest, part, sizeof(part), err, errsz) != 0 ||
	    private_new(part, err, errsz) != 0)
		return -1;
	if (copy_into(db->h, part, err, errsz) != 0 ||
	    flush_file(part, err, errsz) != 0)
		goto fail;
	if (rename(part, dest) != 0) {
		snprintf(err, errsz, "%s: cannot rename the copy: %s", dest,
		    strerror(errno));
		goto fail;
	}
	return flush_file(dest, err, errsz);
fail:
	unlink(part);
	return -1;
}

/* One integer from a constant query on a raw handle, or -1. */
static int
query_int(sqlite3 *h, const char *sql, const char *bind)
{
	sqlite3_stmt *st;
	int v = -1;

	if (sqlite3_prepare_v2(h, sql, -1, &st, NULL) != SQLITE_OK)
		return -1;
	if (bind != NULL)
		sqlite3_bind_text(st, 1, bind, -1, SQLITE_TRANSIENT);
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return v;
}

/* 0 when h is a whole kabar database of a schema this binary knows. */
static int
check_kabar(sqlite3 *h, const char *file, int *version, char *err,
    size_t errsz)
{
	sqlite3_stmt *st;
	const unsigned char *ok = NULL;
	int v, rc = -1;
	size_t i;

	if (sqlite3_prepare_v2(h, "PRAGMA quick_check", -1, &st, NULL) !=
	    SQLITE_OK) {
		snprintf(err, errsz, "%s: not an SQLite database (%s)", file,
		    sqlite3_errmsg(h));
		return -1;
	}
	if (sqlite3_step(st) == SQLITE_ROW)
		ok = sqlite3_column_text(st, 0);
	if (ok != NULL && strcmp((const char *)ok, "ok") == 0)
		rc = 0;
	else
		snprintf(err, errsz, "%s: damaged or not a database (%s)",
		    file, ok ? (const char *)ok : sqlite3_errmsg(h));
	sqlite3_finalize(st);
	if (rc != 0)
		return -1;
	v = query_int(h, "PRAGMA user_version", NULL);
	for (i = 0; v >= 1 && i < ARRAY_LEN(kabar_tables); i++)
		if (query_int(h, "SELECT COUNT(*) FROM sqlite_master WHERE "
		    "type = 'table' AND name = ?", kabar_tables[i]) != 1)
			v = 0;
	if (v < 1) {
		snprintf(err, errsz, "%s: not a kabar database", file);
		return -1;
	}
	if (v > db_migrations_count) {
		snprintf(err, errsz, "%s: schema version %d is newer than this "
		    "kabar knows (%d); use the newer kabar", file, v,
		    db_migrations_count);
		return -1;
	}
	*version = v;
	return 0;
}

int
db_store_id_new(struct db *db)
{
	/* OR REPLACE: with no record since the last identity began, that
	 * identity named nothing yet and this one takes its place. */
	sqlite3_stmt *st = db_stmt(db, ST_STORE_ID_NEW, "INSERT OR REPLACE "
	    "INTO store_ids (since, id) VALUES (COALESCE((SELECT seq FROM "
	    "sqlite_sequence WHERE name = 'journal'), 0) + 1, "
	    "lower(hex(randomblob(6))))");

	if (st == NULL || db_begin(db) != 0)
		return -1;
	if (db_exec_stmt(db, st, "starting a new identity") != 0) {
		db_rollback(db);
		return -1;
	}
	return db_commit(db);
}

/* Fold the WAL of the database at path back into it, so that the file
 * alone is the whole database and may be renamed. */
static int
fold_wal(const char *path, char *err, size_t errsz)
{
	sqlite3 *h = NULL;
	int rc;

	if (sqlite3_open_v2(path, &h, SQLITE_OPEN_READWRITE, NULL) !=
	    SQLITE_OK) {
		snprintf(err, errsz, "%s: cannot open: %s", path,
		    h ? sqlite3_errmsg(h) : "out of memory");
		sqlite3_close(h);
		return -1;
	}
	sqlite3_busy_timeout(h, BACKUP_BUSY_MS);
	rc = sqlite3_exec(h, "PRAGMA wal_checkpoint(TRUNCATE)", NULL, NULL,
	    NULL);
	if (rc != SQLITE_OK)
		snprintf(err, errsz, "%s: cannot checkpoint: %s", path,
		    sqlite3_errmsg(h));
	/* The last connection to close removes the WAL and its index. */
	if (sqlite3_close(h) != SQLITE_OK && rc == SQLITE_OK) {
		snprintf(err, errsz, "%s: cannot close", path);
		rc = SQLITE_ERROR;
	}
	return rc == SQLITE_OK ? 0 : -1;
}

/* Remove path's -wal, -shm and -journal companions (none should be). */
static void
drop_companions(const char *path)
{
	static const char *const ext[] = { "-wal", "-shm", "-journal" };
	char p[PATH_MAX];
	size_t i;

	for (i = 0; i < ARRAY_LEN(ext); i++)
		if (snprintf(p, sizeof(p), "%s%s", path, ext[i]) <
		    (int)sizeof(p))
			unlink(p);
}

/* The checked copy at tmp, migrated, under a new identity. */
static int
prepare_copy(const char *file, const char *tmp, int *version, char *err,
    size_t errsz)
{
	sqlite3 *src = NULL;
	struct db *db;
	int rc = -1;

	if (sqlite3_open_v2(file, &src, SQLITE_OPEN_READONLY, NULL) !=
	    SQLITE_OK) {
		snprintf(err, errsz, "%s: cannot open: %s", file,
		    src ? sqlite3_errmsg(src) : "out of memory");
		goto out;
	}
	if (check_kabar(src, file, version, err, errsz) != 0)
		goto out;
	drop_companions(tmp);
	if (private_new(tmp, err, errsz) != 0 ||
	    copy_into(src, tmp, err, errsz) != 0)
		goto out;
	db = db_open(tmp, err, errsz);
	if (db == NULL)
		goto out;
	if (db_store_id_new(db) != 0) {
		snprintf(err, errsz, "%s: cannot give it a new identity", tmp);
		db_close(db);
		goto out;
	}
	db_close(db);
	rc = flush_file(tmp, err, errsz);
out:
	sqlite3_close(src);
	return rc;
}

int
db_restore(const char *file, const char *database, int *version,
    char *err, size_t errsz)
{
	char tmp[PATH_MAX], old[PATH_MAX], dir[PATH_MAX], *slash;
	struct stat st, owner;
	int had = stat(database, &st) == 0;

	err[0] = '\0';
	if (snprintf(tmp, sizeof(tmp), "%s.restoring", database) >=
	    (int)sizeof(tmp) || snprintf(old, sizeof(old),
	    "%s.before-restore", database) >= (int)sizeof(old)) {
		snprintf(err, errsz, "%s: the name is too long", database);
		return -1;
	}
	/* The owner to keep: the old database's, else its folder's. */
	strlcpy_k(dir, database, sizeof(dir));
	slash = strrchr(dir, '/');
	if (slash != NULL)
		*slash = '\0';
	if (had)
		owner = st;
	else if (stat(slash != NULL && dir[0] != '\0' ? dir : ".",
	    &owner) != 0)
		memset(&owner, 0, sizeof(owner));
	if (had && lstat(old, &st) == 0) {
		snprintf(err, errsz, "%s is there from an earlier restore; move "
		    "it somewhere safe first", old);
		return -1;
	}
	if (prepare_copy(file, tmp, version, err, errsz) != 0) {
		unlink(tmp);
		drop_companions(tmp);
		return -1;
	}
	if (had && (fold_wal(database, err, errsz) != 0 ||
	    rename(database, old) != 0)) {
		if (err[0] == '\0')
			snprintf(err, errsz, "%s: cannot keep it as %s: %s",
			    database, old, strerror(errno));
		unlink(tmp);
		return -1;
	}
	drop_companions(database);
	/* Run as root, the copy would be root's and kabard (its own user)
	 * could not open it: it takes the owner of what it replaces. */
	if (geteuid() == 0 && owner.st_uid != 0 &&
	    chown(tmp, owner.st_uid, owner.st_gid) != 0) {
		snprintf(err, errsz, "%s: cannot give it to its owner: %s", tmp,
		    strerror(errno));
		return -1;
	}
	if (rename(tmp, database) != 0) {
		snprintf(err, errsz, "%s: cannot put the copy in place: %s "
		    "(the old database is %s)", database, strerror(errno),
		    had ? old : "none");
		return -1;
	}
	return flush_file(database, err, errsz);
}
