/*
 * The district's SQL, written once for both of its stores: SQLite (a
 * file, the default for a small district on one machine) and PostgreSQL
 * (a "postgresql://" or "postgres://" target, through libpq), so the two
 * behave alike. Queries are written in PostgreSQL's dialect with $1, $2
 * placeholders; for SQLite the placeholders become ?1, ?2, and a query
 * may carry a text of its own where the dialects differ (JSON, upserts
 * with arrays). Every value goes in and comes out as text, NULL being
 * SQL NULL: both libraries do that natively, and the store above never
 * needs to know which one it has.
 *
 * A connection is used by one thread at a time; a receiver keeps one per
 * worker thread. Each query is prepared once per connection (the query's
 * address is its key), so a query must be a static const object.
 */
#ifndef KABAR_DSQL_H
#define KABAR_DSQL_H

#include <stddef.h>
#include <stdint.h>

struct dsql;

enum dsql_kind { DSQL_SQLITE, DSQL_PG };

struct dsql_query {
	const char	*sql;		/* PostgreSQL's dialect, $N */
	const char	*sqlite;	/* SQLite's text, or NULL: as sql */
};

/* Named results. */
#define DSQL_NONE	1	/* dsql_one: no row */
#define DSQL_BUSY	2	/* the store is overloaded, or a conflict
				 * between writers: try again soon (503) */

/*
 * Open target: a libpq connection string starting "postgresql://" or
 * "postgres://", else a file path for SQLite (created 0600: residents'
 * numbers and texts are the service's alone). NULL with why in err.
 */
struct dsql *dsql_open(const char *target, char *err, size_t errsz);
void	dsql_close(struct dsql *d);
/* 1 when target names a PostgreSQL database, not a file. */
int	dsql_is_pg(const char *target);
enum dsql_kind dsql_kind(const struct dsql *d);

/*
 * Run q with n parameters (text or NULL). fn, when not NULL, is called
 * for each row with its columns as text (NULL for SQL NULL); it returns 0
 * to go on, non-zero to stop. 0; DSQL_BUSY (nothing logged: the caller
 * answers "try again"); -1 on an error already logged.
 */
typedef int (*dsql_row_fn)(void *arg, int ncols, const char *const *vals);
int	dsql_run(struct dsql *d, const struct dsql_query *q, int n,
	    const char *const *params, dsql_row_fn fn, void *arg);
/* The first column of the first row into out: 0, DSQL_NONE, DSQL_BUSY
 * or -1. A NULL value reads as "". */
int	dsql_one(struct dsql *d, const struct dsql_query *q, int n,
	    const char *const *params, char *out, size_t outsz);
/* Rows changed by the last dsql_run that changed rows. */
long	dsql_changes(const struct dsql *d);

/* Statements without parameters, several at once (migrations). */
int	dsql_script(struct dsql *d, const char *sql);

/* A transaction. SQLite takes the write lock at once (BEGIN IMMEDIATE).
 * 0, DSQL_BUSY or -1. */
int	dsql_begin(struct dsql *d);
int	dsql_commit(struct dsql *d);
/* Harmless outside a transaction. */
void	dsql_rollback(struct dsql *d);

/*
 * Bring the schema to the newest of n migrations (steps[i] is version
 * i + 1; each store has its own list, the two kept side by side). One
 * process migrates while the others wait (an advisory lock with
 * PostgreSQL, the write lock with SQLite); a store newer than this
 * program is refused. 0 or -1 with why in err.
 */
int	dsql_migrate(struct dsql *d, const char *const *steps, int n,
	    char *err, size_t errsz);

/* Helpers for parameters: a decimal integer into buf (>= 24 bytes). */
const char *dsql_int(char *buf, int64_t v);

#endif
