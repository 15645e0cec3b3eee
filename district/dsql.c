/*
 * One connection to the district's store, SQLite or PostgreSQL, behind
 * the same calls (dsql.h). Prepared statements are kept per connection,
 * found by the address of their query.
 */
#include "dsql.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <libpq-fe.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "log.h"
#include "util.h"

#define DSQL_MAX_COLS 64
/* How long SQLite waits for another program's lock. */
#define SQLITE_WAIT_MS 10000
#define PG_CONNECT_TIMEOUT "5"

struct prepared {
	const struct dsql_query	*q;
	sqlite3_stmt		*st;	/* SQLite */
	char			 name[24];	/* PostgreSQL */
};

struct dsql {
	enum dsql_kind	 kind;
	sqlite3		*lite;
	PGconn		*pg;
	char		*name;
	struct prepared	*prep;
	size_t		 n_prep;
	unsigned	 next_name;
	long		 changes;
	long		 resets;	/* connections made again */
};

enum dsql_kind
dsql_kind(const struct dsql *d)
{
	return d->kind;
}

long
dsql_changes(const struct dsql *d)
{
	return d->changes;
}

const char *
dsql_int(char *buf, int64_t v)
{
	snprintf(buf, 24, "%" PRId64, v);
	return buf;
}

/* "postgresql://user:secret@host/db" as "postgresql://user:***@host/db". */
static char *
blank_password(const char *target)
{
	const char *scheme = strstr(target, "://"), *at, *colon;
	struct strbuf s = { 0 };

	if (scheme == NULL || (at = strchr(scheme + 3, '@')) == NULL ||
	    (colon = memchr(scheme + 3, ':', (size_t)(at - scheme - 3))) ==
	    NULL)
		return xstrdup(target);
	sb_add(&s, target, (size_t)(colon + 1 - target));
	sb_adds(&s, "***");
	sb_adds(&s, at);
	return sb_detach(&s);
}

int
dsql_is_pg(const char *target)
{
	return strncmp(target, "postgresql://", 13) == 0 ||
	    strncmp(target, "postgres://", 11) == 0;
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

static int
open_sqlite(struct dsql *d, const char *path, char *err, size_t errsz)
{
	struct timespec pause = { 0, 10 * 1000 * 1000 };
	int rc, waited = 0;

	if (private_file(path, err, errsz) != 0)
		return -1;
	if (sqlite3_open(path, &d->lite) != SQLITE_OK) {
		snprintf(err, errsz, "%s: %s", path, d->lite ?
		    sqlite3_errmsg(d->lite) : "out of memory");
		return -1;
	}
	/* Before anything else: two programs opening a new file at the
	 * same moment wait for each other instead of failing. Switching it
	 * to WAL takes a lock SQLite does not wait for: that is tried again
	 * for as long. */
	sqlite3_busy_timeout(d->lite, SQLITE_WAIT_MS);
	while ((rc = sqlite3_exec(d->lite, "PRAGMA journal_mode = WAL", NULL,
	    NULL, NULL)) == SQLITE_BUSY && waited < SQLITE_WAIT_MS) {
		nanosleep(&pause, NULL);
		waited += 10;
	}
	if (rc != SQLITE_OK || sqlite3_exec(d->lite, "PRAGMA synchronous = "
	    "FULL; PRAGMA foreign_keys = ON", NULL, NULL, NULL) != SQLITE_OK) {
		snprintf(err, errsz, "%s: %s", path, sqlite3_errmsg(d->lite));
		return -1;
	}
	return 0;
}

/* libpq's notices (a NOTICE from a migration) go to our log, not stderr. */
static void
pg_notice(void *arg, const char *message)
{
	(void)arg;
	log_debug("PostgreSQL: %s", message);
}

static int
open_pg(struct dsql *d, const char *target, char *err, size_t errsz)
{
	/* A server that does not answer is given a few seconds, not
	 * forever: a receiver answers "busy" meanwhile. The target's own
	 * connect_timeout, coming later, wins. */
	static const char *const keys[] = { "connect_timeout", "dbname", NULL };
	const char *vals[] = { PG_CONNECT_TIMEOUT, target, NULL };

	d->pg = PQconnectdbParams(keys, vals, 1);
	if (d->pg == NULL || PQstatus(d->pg) != CONNECTION_OK) {
		snprintf(err, errsz, "%s: %s", d->name, d->pg ?
		    PQerrorMessage(d->pg) : "out of memory");
		/* libpq ends its messages with a newline. */
		err[strcspn(err, "\n")] = '\0';
		return -1;
	}
	PQsetNoticeProcessor(d->pg, pg_notice, NULL);
	return 0;
}

struct dsql *
dsql_open(const char *target, char *err, size_t errsz)
{
	struct dsql *d = xcalloc(1, sizeof(*d));
	int rc;

	d->name = blank_password(target);
	d->kind = dsql_is_pg(target) ? DSQL_PG : DSQL_SQLITE;
	rc = d->kind == DSQL_PG ? open_pg(d, target, err, errsz) :
	    open_sqlite(d, target, err, errsz);
	if (rc != 0) {
		dsql_close(d);
		return NULL;
	}
	return d;
}

static void
forget_prepared(struct dsql *d)
{
	size_t i;

	for (i = 0; i < d->n_prep; i++)
		if (d->prep[i].st != NULL)
			sqlite3_finalize(d->prep[i].st);
	free(d->prep);
	d->prep = NULL;
	d->n_prep = 0;
}

void
dsql_close(struct dsql *d)
{
	if (d == NULL)
		return;
	forget_prepared(d);
	if (d->lite != NULL)
		sqlite3_close(d->lite);
	if (d->pg != NULL)
		PQfinish(d->pg);
	free(d->name);
	free(d);
}

/*
 * PostgreSQL's text made SQLite's: $1 becomes ?1 (SQLite numbers ?N as
 * PostgreSQL does $N) and casts (::text, ::jsonb, ::text[]) go, SQLite
 * having no such syntax and taking any value in any column. Quoted text
 * is left alone.
 */
static char *
sqlite_text(const char *sql)
{
	char *out = xmalloc(strlen(sql) + 1), *o = out;
	const char *p;
	char quote = 0;

	for (p = sql; *p != '\0'; p++) {
		if (quote != 0) {
			if (*p == quote)
				quote = 0;
		} else if (*p == '\'' || *p == '"')
			quote = *p;
		else if (*p == '$' && p[1] >= '1' && p[1] <= '9') {
			*o++ = '?';
			continue;
		} else if (p[0] == ':' && p[1] == ':') {
			for (p += 2; *p == '_' || (*p >= 'a' && *p <= 'z') ||
			    (*p >= '0' && *p <= '9'); p++)
				;
			if (p[0] == '[' && p[1] == ']')
				p += 2;
			p--;
			continue;
		}
		*o++ = *p;
	}
	*o = '\0';
	return out;
}

/*
 * A connection PostgreSQL dropped (a restarted server, a failover) is
 * made again for the next request; its prepared statements went with it.
 */
static void
pg_recover(struct dsql *d)
{
	if (PQstatus(d->pg) == CONNECTION_OK)
		return;
	log_warnx("District store %s: the connection was lost; connecting "
	    "again.", d->name);
	forget_prepared(d);
	PQreset(d->pg);
	d->resets++;
	if (PQstatus(d->pg) != CONNECTION_OK) {
		const char *m = PQerrorMessage(d->pg);

		log_warnx("District store %s: %.*s", d->name,
		    (int)strcspn(m, "\n"), m);
	}
}

/* Whether PostgreSQL's error says "try again": writers in conflict, a
 * server starting or stopping, too many clients, a lost connection. */
static int
pg_busy(PGconn *pg, const PGresult *r)
{
	const char *state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : NULL;

	if (PQstatus(pg) != CONNECTION_OK || state == NULL)
		return 1;
	return strcmp(state, "40001") == 0 || strcmp(state, "40P01") == 0 ||
	    strcmp(state, "53300") == 0 || strcmp(state, "57P03") == 0 ||
	    strncmp(state, "08", 2) == 0 || strcmp(state, "55P03") == 0;
}

static struct prepared *
prepared(struct dsql *d, const struct dsql_query *q)
{
	struct prepared p;
	size_t i;

	for (i = 0; i < d->n_prep; i++)
		if (d->prep[i].q == q)
			return &d->prep[i];
	memset(&p, 0, sizeof(p));
	p.q = q;
	if (d->kind == DSQL_SQLITE) {
		char *text = sqlite_text(q->sqlite ? q->sqlite : q->sql);
		int rc = sqlite3_prepare_v3(d->lite, text, -1,
		    SQLITE_PREPARE_PERSISTENT, &p.st, NULL);

		free(text);
		if (rc != SQLITE_OK) {
			log_errorx("District store: cannot prepare \"%.60s\": "
			    "%s", q->sql, sqlite3_errmsg(d->lite));
			return NULL;
		}
	} else {
		PGresult *r;

		snprintf(p.name, sizeof(p.name), "k%u", ++d->next_name);
		r = PQprepare(d->pg, p.name, q->sql, 0, NULL);
		if (PQresultStatus(r) != PGRES_COMMAND_OK) {
			log_errorx("District store: cannot prepare \"%.60s\": "
			    "%s", q->sql, PQerrorMessage(d->pg));
			PQclear(r);
			pg_recover(d);
			return NULL;
		}
		PQclear(r);
	}
	d->prep = xrealloc(d->prep, (d->n_prep + 1) * sizeof(*d->prep));
	d->prep[d->n_prep] = p;
	return &d->prep[d->n_prep++];
}

static int
run_sqlite(struct dsql *d, sqlite3_stmt *st, int n,
    const char *const *params, dsql_row_fn fn, void *arg)
{
	const char *vals[DSQL_MAX_COLS];
	int i, rc, cols = sqlite3_column_count(st), stop = 0;

	if (cols > DSQL_MAX_COLS)
		cols = DSQL_MAX_COLS;
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	for (i = 0; i < n; i++)
		if (params[i] != NULL)
			sqlite3_bind_text(st, i + 1, params[i], -1,
			    SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (fn == NULL || stop)
			continue;
		for (i = 0; i < cols; i++)
			vals[i] = (const char *)sqlite3_column_text(st, i);
		stop = fn(arg, cols, vals);
		if (stop)
			break;
	}
	if (rc == SQLITE_DONE || rc == SQLITE_ROW) {
		if (sqlite3_stmt_readonly(st) == 0)
			d->changes = sqlite3_changes(d->lite);
		sqlite3_reset(st);
		return 0;
	}
	sqlite3_reset(st);
	if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
		return DSQL_BUSY;
	log_errorx("District store: \"%.60s\" failed: %s", sqlite3_sql(st),
	    sqlite3_errmsg(d->lite));
	return -1;
}

static int
run_pg(struct dsql *d, struct prepared *p, int n, const char *const *params,
    dsql_row_fn fn, void *arg)
{
	const char *vals[DSQL_MAX_COLS];
	PGresult *r = PQexecPrepared(d->pg, p->name, n, params, NULL, NULL, 0);
	ExecStatusType s = PQresultStatus(r);
	int rows, cols, i, j;

	if (s != PGRES_TUPLES_OK && s != PGRES_COMMAND_OK) {
		int busy = pg_busy(d->pg, r);

		if (!busy)
			log_errorx("District store: \"%.60s\" failed: %s",
			    p->q->sql, PQresultErrorMessage(r));
		PQclear(r);
		pg_recover(d);
		return busy ? DSQL_BUSY : -1;
	}
	/* As with SQLite, a SELECT leaves the count of changed rows alone. */
	if (PQcmdTuples(r)[0] != '\0' && strncmp(PQcmdStatus(r), "SELECT",
	    6) != 0)
		d->changes = atol(PQcmdTuples(r));
	rows = PQntuples(r);
	cols = PQnfields(r) > DSQL_MAX_COLS ? DSQL_MAX_COLS : PQnfields(r);
	for (i = 0; fn != NULL && i < rows; i++) {
		for (j = 0; j < cols; j++)
			vals[j] = PQgetisnull(r, i, j) ? NULL :
			    PQgetvalue(r, i, j);
		if (fn(arg, cols, vals) != 0)
			break;
	}
	PQclear(r);
	return 0;
}

int
dsql_run(struct dsql *d, const struct dsql_query *q, int n,
    const char *const *params, dsql_row_fn fn, void *arg)
{
	struct prepared *p = prepared(d, q);

	if (p == NULL)
		return d->kind == DSQL_PG && PQstatus(d->pg) != CONNECTION_OK ?
		    DSQL_BUSY : -1;
	return d->kind == DSQL_SQLITE ? run_sqlite(d, p->st, n, params, fn,
	    arg) : run_pg(d, p, n, params, fn, arg);
}

struct one {
	char	*out;
	size_t	 outsz;
	int	 found;
};

static int
one_row(void *arg, int ncols, const char *const *vals)
{
	struct one *o = arg;

	strlcpy_k(o->out, ncols > 0 && vals[0] != NULL ? vals[0] : "",
	    o->outsz);
	o->found = 1;
	return 1;
}

int
dsql_one(struct dsql *d, const struct dsql_query *q, int n,
    const char *const *params, char *out, size_t outsz)
{
	struct one o = { out, outsz, 0 };
	int rc = dsql_run(d, q, n, params, one_row, &o);

	if (rc != 0)
		return rc;
	return o.found ? 0 : DSQL_NONE;
}

int
dsql_script(struct dsql *d, const char *sql)
{
	char *msg = NULL;
	PGresult *r;
	int rc;

	if (d->kind == DSQL_SQLITE) {
		if (sqlite3_exec(d->lite, sql, NULL, NULL, &msg) == SQLITE_OK)
			return 0;
		rc = sqlite3_errcode(d->lite);
		if (rc != SQLITE_BUSY && rc != SQLITE_LOCKED)
			log_errorx("District store: %s", msg ? msg : "failed");
		sqlite3_free(msg);
		return rc == SQLITE_BUSY || rc == SQLITE_LOCKED ? DSQL_BUSY : -1;
	}
	r = PQexec(d->pg, sql);
	if (PQresultStatus(r) == PGRES_COMMAND_OK ||
	    PQresultStatus(r) == PGRES_TUPLES_OK) {
		PQclear(r);
		return 0;
	}
	rc = pg_busy(d->pg, r) ? DSQL_BUSY : -1;
	if (rc < 0)
		log_errorx("District store: %s", PQresultErrorMessage(r));
	PQclear(r);
	pg_recover(d);
	return rc;
}

/*
 * A connection idle since the server restarted fails its next statement;
 * when that is BEGIN nothing was lost, so once connected again it is
 * tried once more rather than answering "busy" for nothing.
 */
int
dsql_begin(struct dsql *d)
{
	long resets = d->resets;
	int rc;

	if (d->kind == DSQL_SQLITE)
		return dsql_script(d, "BEGIN IMMEDIATE");
	rc = dsql_script(d, "BEGIN");
	if (rc == DSQL_BUSY && d->resets != resets &&
	    PQstatus(d->pg) == CONNECTION_OK)
		rc = dsql_script(d, "BEGIN");
	return rc;
}

int
dsql_commit(struct dsql *d)
{
	int rc = dsql_script(d, "COMMIT");

	if (rc != 0)
		dsql_rollback(d);
	return rc;
}

void
dsql_rollback(struct dsql *d)
{
	if (d->kind == DSQL_SQLITE) {
		if (!sqlite3_get_autocommit(d->lite))
			sqlite3_exec(d->lite, "ROLLBACK", NULL, NULL, NULL);
		return;
	}
	if (PQtransactionStatus(d->pg) != PQTRANS_IDLE &&
	    PQtransactionStatus(d->pg) != PQTRANS_UNKNOWN)
		PQclear(PQexec(d->pg, "ROLLBACK"));
}

static const struct dsql_query q_version_table = {
	"CREATE TABLE IF NOT EXISTS district_schema (version integer NOT NULL)",
	NULL };
/* Two receivers starting at once: one migrates, the other waits. */
static const struct dsql_query q_version_lock = {
	"SELECT pg_advisory_xact_lock(7463851)", "SELECT 1" };
static const struct dsql_query q_version = {
	"SELECT COALESCE(MAX(version), 0) FROM district_schema", NULL };
static const struct dsql_query q_version_set = {
	"INSERT INTO district_schema (version) VALUES ($1)", NULL };
static const struct dsql_query q_version_clear = {
	"DELETE FROM district_schema", NULL };

int
dsql_migrate(struct dsql *d, const char *const *steps, int n, char *err,
    size_t errsz)
{
	char buf[24], ver[24];
	const char *p[1];
	long have;
	int i;

	if (dsql_begin(d) != 0 || dsql_run(d, &q_version_table, 0, NULL, NULL,
	    NULL) != 0 || dsql_run(d, &q_version_lock, 0, NULL, NULL,
	    NULL) != 0 || dsql_one(d, &q_version, 0, NULL, ver,
	    sizeof(ver)) != 0)
		goto fail;
	have = atol(ver);
	if (have > n) {
		snprintf(err, errsz, "%s: the store is at schema version %ld, "
		    "newer than this kabar-district knows (%d); run the newer "
		    "release", d->name, have, n);
		dsql_rollback(d);
		return -1;
	}
	for (i = (int)have; i < n; i++)
		if (dsql_script(d, steps[i]) != 0)
			goto fail;
	p[0] = dsql_int(buf, n);
	if (have < n && (dsql_run(d, &q_version_clear, 0, NULL, NULL,
	    NULL) != 0 || dsql_run(d, &q_version_set, 1, p, NULL, NULL) != 0))
		goto fail;
	if (dsql_commit(d) != 0)
		goto fail;
	if (have < n)
		log_info("District store %s: schema version %ld -> %d.",
		    d->name, have, n);
	return 0;
fail:
	dsql_rollback(d);
	snprintf(err, errsz, "%s: cannot bring the schema up to date (see "
	    "the log above)", d->name);
	return -1;
}
