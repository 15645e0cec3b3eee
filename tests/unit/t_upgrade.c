/*
 * Upgrades: a database made at each earlier schema version (kept as
 * `sqlite3 .dump` text in tests/fixtures/schema/NNNN.sql, made by the
 * make.sh beside them) opens, migrates to the current version, keeps
 * every row, and ends with the very schema a new database gets. A schema
 * newer than this binary knows is refused and left untouched.
 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "test.h"
#include "db.h"
#include "log.h"
#include "util.h"

extern const int db_migrations_count;

#define FIXTURES "tests/fixtures/schema"
#define MAX_TABLES 64

static char dir[] = "/tmp/kabar-upgrade-XXXXXX";

static char *
slurp(const char *path)
{
	FILE *f = fopen(path, "r");
	char *buf;
	long n;

	if (f == NULL)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	buf = xmalloc((size_t)n + 1);
	if (fread(buf, 1, (size_t)n, f) != (size_t)n)
		n = 0;
	buf[n] = '\0';
	fclose(f);
	return buf;
}

/* The fixture of version v loaded into a new file at path: 0 or -1. */
static int
load(int v, const char *path)
{
	char fixture[256], *sql;
	sqlite3 *h = NULL;
	int rc;

	snprintf(fixture, sizeof(fixture), FIXTURES "/%04d.sql", v);
	sql = slurp(fixture);
	if (sql == NULL) {
		fprintf(stderr, "%s: missing (run %s/make.sh)\n", fixture,
		    FIXTURES);
		return -1;
	}
	unlink(path);
	rc = sqlite3_open(path, &h) == SQLITE_OK &&
	    sqlite3_exec(h, sql, NULL, NULL, NULL) == SQLITE_OK ? 0 : -1;
	if (rc != 0)
		fprintf(stderr, "%s: %s\n", fixture, sqlite3_errmsg(h));
	sqlite3_close(h);
	free(sql);
	return rc;
}

/* One integer from a query on the file at path (-1 on error). */
static long
q_int(const char *path, const char *sql)
{
	sqlite3 *h = NULL;
	sqlite3_stmt *st;
	long v = -1;

	if (sqlite3_open_v2(path, &h, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
	    sqlite3_prepare_v2(h, sql, -1, &st, NULL) == SQLITE_OK) {
		if (sqlite3_step(st) == SQLITE_ROW)
			v = (long)sqlite3_column_int64(st, 0);
		sqlite3_finalize(st);
	}
	sqlite3_close(h);
	return v;
}

/* All rows of the query joined as text, into a new string. */
static char *
q_text(const char *path, const char *sql)
{
	struct strbuf sb = STRBUF_INIT;
	sqlite3 *h = NULL;
	sqlite3_stmt *st;
	int i;

	if (sqlite3_open_v2(path, &h, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
	    sqlite3_prepare_v2(h, sql, -1, &st, NULL) == SQLITE_OK) {
		while (sqlite3_step(st) == SQLITE_ROW) {
			for (i = 0; i < sqlite3_column_count(st); i++) {
				const unsigned char *t = sqlite3_column_text(st,
				    i);
				sb_addf(&sb, "%s|", t ? (const char *)t : "");
			}
			sb_adds(&sb, "\n");
		}
		sqlite3_finalize(st);
	}
	sqlite3_close(h);
	return sb_detach(&sb);
}

/* Each table's name and row count, "name=N;" a table. */
static char *
counts(const char *path)
{
	char *names = q_text(path, "SELECT name FROM sqlite_master WHERE "
	    "type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name");
	struct strbuf sb = STRBUF_INIT;
	char *line, *save = NULL, sql[160];

	for (line = strtok_r(names, "|\n", &save); line != NULL;
	    line = strtok_r(NULL, "|\n", &save)) {
		snprintf(sql, sizeof(sql), "SELECT COUNT(*) FROM \"%s\"", line);
		sb_addf(&sb, "%s=%ld;", line, q_int(path, sql));
	}
	free(names);
	return sb_detach(&sb);
}

static const char schema_sql[] = "SELECT type, name, tbl_name, sql FROM "
    "sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name";

TEST(every_earlier_version_migrates_with_its_rows)
{
	char fresh[128], path[128], err[512], *want_schema;
	struct db *db;
	int v;

	snprintf(fresh, sizeof(fresh), "%s/fresh.db", dir);
	db = db_open(fresh, err, sizeof(err));
	TEST_CHECK(db != NULL);
	db_close(db);
	want_schema = q_text(fresh, schema_sql);
	for (v = 1; v <= db_migrations_count; v++) {
		char *before, *after, *got_schema, *s, *save = NULL;

		snprintf(path, sizeof(path), "%s/v%d.db", dir, v);
		if (load(v, path) != 0) {
			TEST_CHECK(!"fixture loads");
			continue;
		}
		TEST_CHECK_INT(q_int(path, "PRAGMA user_version"), v);
		before = counts(path);
		db = db_open(path, err, sizeof(err));
		if (db == NULL)
			fprintf(stderr, "version %d: %s\n", v, err);
		TEST_CHECK(db != NULL);
		if (db != NULL)
			TEST_CHECK_INT(db_schema_version(db),
			    db_migrations_count);
		db_close(db);
		after = counts(path);
		/* Every table the old version had keeps every row (the
		 * new tables may hold rows of their own, like store_ids). */
		for (s = strtok_r(before, ";", &save); s != NULL;
		    s = strtok_r(NULL, ";", &save)) {
			char needle[96];

			snprintf(needle, sizeof(needle), "%s;", s);
			if (strstr(after, needle) == NULL) {
				fprintf(stderr, "version %d: %s, now %s\n", v, s,
				    after);
				TEST_CHECK(!"rows intact");
			}
		}
		got_schema = q_text(path, schema_sql);
		if (strcmp(got_schema, want_schema) != 0) {
			fprintf(stderr, "version %d: schema differs:\n%s\n", v,
			    got_schema);
			TEST_CHECK(!"same schema as a new database");
		}
		TEST_CHECK_INT(q_int(path, "SELECT COUNT(*) FROM residents "
		    "WHERE name = 'Ani' AND grp = 'RT01'"), 1);
		TEST_CHECK_INT(q_int(path, "SELECT COUNT(*) FROM inbox WHERE "
		    "text = 'DAFTAR Ani #RT01' AND state = 'done'"), 1);
		/* Every database has an identity for its record ids. */
		TEST_CHECK(q_int(path, "SELECT COUNT(*) FROM store_ids") >= 1);
		if (v >= 2)
			TEST_CHECK_INT(q_int(path, "SELECT option FROM votes "
			    "WHERE code = 'AIR'"), 2);
		if (v >= 3)
			TEST_CHECK_INT(q_int(path, "SELECT COUNT(*) FROM tickets "
			    "WHERE nik = '3301010101010001'"), 1);
		free(before);
		free(after);
		free(got_schema);
	}
	free(want_schema);
}

TEST(a_newer_schema_is_refused_untouched)
{
	char path[128], err[512], *before, *after;
	struct db *db;
	sqlite3 *h = NULL;
	char pragma[64];

	snprintf(path, sizeof(path), "%s/newer.db", dir);
	TEST_CHECK(load(db_migrations_count, path) == 0);
	snprintf(pragma, sizeof(pragma), "PRAGMA user_version = %d",
	    db_migrations_count + 1);
	TEST_CHECK(sqlite3_open(path, &h) == SQLITE_OK &&
	    sqlite3_exec(h, pragma, NULL, NULL, NULL) == SQLITE_OK);
	sqlite3_close(h);
	before = counts(path);
	err[0] = '\0';
	db = db_open(path, err, sizeof(err));
	TEST_CHECK(db == NULL);
	db_close(db);
	TEST_CHECK(strstr(err, "newer than this kabar knows") != NULL);
	TEST_CHECK_INT(q_int(path, "PRAGMA user_version"),
	    db_migrations_count + 1);
	after = counts(path);
	TEST_CHECK_STR(after, before);
	free(before);
	free(after);
}

static void
teardown(void)
{
	char cmd[96];

	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "cannot remove %s\n", dir);
}

TEST(setup)
{
	log_init("test", 0, LOG_LVL_ERROR);
	TEST_CHECK(mkdtemp(dir) != NULL);
	atexit(teardown);
}

TEST_MAIN("upgrade", T(setup), T(every_earlier_version_migrates_with_its_rows),
    T(a_newer_schema_is_refused_untouched))
