/*
 * The district receiver's own database: every record once, the updates
 * operators queue for gateways, and when each gateway last synced.
 */
#ifndef KABAR_DB_DISTRICT_H
#define KABAR_DB_DISTRICT_H

#include <stddef.h>
#include <stdint.h>

struct ddb;
struct dsql;

/* path: a SQLite file, or a "postgresql://" connection string (dsql.h).
 * The schema is brought up to date. NULL with why in err. */
struct ddb *ddb_open(const char *path, char *err, size_t errsz);
void	ddb_close(struct ddb *d);
/* The connection under it, for the store's other modules. */
struct dsql *ddb_sql(struct ddb *d);
int	ddb_begin(struct ddb *d);
int	ddb_commit(struct ddb *d);
void	ddb_rollback(struct ddb *d);
/*
 * Store a record once: 0 (stored now, or the same record before, also
 * when the two differ only in a resident's personal fields, as when one
 * was erased since),
 * DDB_CONFLICT when id is held with other content (never taken for it),
 * DSQL_BUSY (try again later), -1 on error.
 */
#define DDB_CONFLICT 1
int	ddb_store(struct ddb *d, const char *id, const char *gateway,
	    const char *type, const char *at, const char *data, int64_t now);
/*
 * A batch's records, stored each once in the caller's transaction (one
 * statement for the lot with PostgreSQL, ddb_store's insert per record
 * with SQLite). The caller owns the strings; data is the record's data as
 * compact JSON. conflict is set for a record whose id is held with other
 * content (as ddb_store's DDB_CONFLICT); added counts the records not
 * held before. 0, DSQL_BUSY or -1.
 */
struct ddb_rec {
	const char	*id;
	const char	*type;
	const char	*at;
	const char	*data;
	int		 conflict;
};
int	ddb_store_batch(struct ddb *d, const char *gateway, struct ddb_rec *r,
	    size_t n, int64_t now, long *added);
/*
 * An `erasure` record from gateway (its id): every record of that
 * gateway that names the resident (by the keyed hash, the number where
 * the village sent it, or one of its tickets, a JSON array) loses its
 * personal fields; counts stay. The records changed, or -1.
 */
int	ddb_erase(struct ddb *d, const char *gateway, const char *id,
	    const char *hash, const char *phone, const char *tickets);
/* An update for one gateway (or all when gateway is NULL). */
int	ddb_update_add(struct ddb *d, const char *gateway, const char *type,
	    const char *payload, int64_t now, int64_t *id);
typedef int (*ddb_update_fn)(void *arg, int64_t id, const char *type,
    const char *payload);
int	ddb_updates(struct ddb *d, const char *gateway, int64_t since,
	    int limit, ddb_update_fn fn, void *arg);
typedef int (*ddb_report_fn)(void *arg, const char *gateway,
    const char *type, long count, const char *last_sync);
int	ddb_report(struct ddb *d, ddb_report_fn fn, void *arg);

#endif
