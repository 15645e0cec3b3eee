/*
 * The district store: every record once, the updates operators queue for
 * gateways, and what each gateway last did. The same queries serve
 * SQLite and PostgreSQL (dsql.h); where their JSON functions differ a
 * query carries SQLite's text beside PostgreSQL's.
 */
#include "district_store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dsql.h"
#include "log.h"
#include "util.h"

/* The migrations (build/district_schema_gen.c, from district/schema/). */
extern const char *const district_sqlite_steps[];
extern const char *const district_pg_steps[];
extern const int district_steps_count;

struct ddb {
	struct dsql	*sql;
};

struct ddb *
ddb_open(const char *target, char *err, size_t errsz)
{
	struct ddb *d;
	struct dsql *sql = dsql_open(target, err, errsz);

	if (sql == NULL)
		return NULL;
	if (dsql_migrate(sql, dsql_kind(sql) == DSQL_PG ? district_pg_steps :
	    district_sqlite_steps, district_steps_count, err, errsz) != 0) {
		dsql_close(sql);
		return NULL;
	}
	d = xcalloc(1, sizeof(*d));
	d->sql = sql;
	return d;
}

void
ddb_close(struct ddb *d)
{
	if (d == NULL)
		return;
	dsql_close(d->sql);
	free(d);
}

struct dsql *
ddb_sql(struct ddb *d)
{
	return d->sql;
}

int
ddb_begin(struct ddb *d)
{
	return dsql_begin(d->sql);
}

int
ddb_commit(struct ddb *d)
{
	return dsql_commit(d->sql);
}

void
ddb_rollback(struct ddb *d)
{
	dsql_rollback(d->sql);
}

/* What of a resident a record may carry. A record the village rewrote
 * when a resident was erased, or one erased here, is still that record:
 * the held and the sent one are compared without these. */
#define PERSONAL "ARRAY['phone','name','text','note','nik','resident']"
static const struct dsql_query q_same = {
	"SELECT type = $1 AND at = $2 AND (data = $3::jsonb OR data - "
	PERSONAL " = $3::jsonb - " PERSONAL ") FROM records WHERE id = $4",
	"SELECT type = ?1 AND at = ?2 AND (data = ?3 OR json_remove(data, "
	"'$.phone', '$.name', '$.text', '$.note', '$.nik', '$.resident') = "
	"json_remove(?3, '$.phone', '$.name', '$.text', '$.note', '$.nik', "
	"'$.resident')) FROM records WHERE id = ?4" };
static const struct dsql_query q_insert = {
	"INSERT INTO records (id, gateway, type, at, data, received_at) "
	"VALUES ($1, $2, $3, $4, $5::jsonb, $6) ON CONFLICT (id) DO NOTHING",
	NULL };

int
ddb_store(struct ddb *d, const char *id, const char *gateway,
    const char *type, const char *at, const char *data, int64_t now)
{
	char n[24], same[8];
	const char *p[6] = { id, gateway, type, at, data, dsql_int(n, now) };
	const char *s[4] = { type, at, data, id };
	int rc;

	if ((rc = dsql_run(d->sql, &q_insert, 6, p, NULL, NULL)) != 0)
		return rc;
	if (dsql_changes(d->sql) == 1)
		return 0;
	/* Held already: the same record sent again, or another one under
	 * a reused id that must not be taken for it. */
	if ((rc = dsql_one(d->sql, &q_same, 4, s, same, sizeof(same))) != 0)
		return rc == DSQL_NONE ? -1 : rc;
	return strcmp(same, "1") == 0 || strcmp(same, "t") == 0 ? 0 :
	    DDB_CONFLICT;
}

/*
 * A batch with PostgreSQL, $1 its records as a JSON array of {i, t, a, d}
 * (id, type, at, data): one insert for all of them (in the ids' order,
 * so two receivers given the same records lock them in the same order and
 * one waits for the other instead of both failing), and only when some
 * were held already (a batch sent again, an id reused) one look at which
 * of those differ from what is held, by the records' places in the batch
 * (a batch naming one id twice: the first is stored, the second compared
 * with it).
 */
static const struct dsql_query q_insert_batch = {
	"INSERT INTO records (id, gateway, type, at, data, received_at) "
	"SELECT e.v->>'i', $2::text, e.v->>'t', e.v->>'a', e.v->'d', "
	"$3::bigint FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY "
	"e(v, n) ORDER BY 1, e.n ON CONFLICT (id) DO NOTHING",
	NULL };
static const struct dsql_query q_batch_conflicts = {
	"SELECT e.n - 1 FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY "
	"e(v, n) JOIN records r ON r.id = e.v->>'i' WHERE NOT (r.type = "
	"e.v->>'t' AND r.at = e.v->>'a' AND (r.data = e.v->'d' OR r.data - "
	PERSONAL " = (e.v->'d') - " PERSONAL "))", NULL };

struct conflicts_cb {
	struct ddb_rec	*r;
	size_t		 n;
};

static int
conflict_row(void *arg, int ncols, const char *const *v)
{
	struct conflicts_cb *c = arg;
	long i = atol(v[0]);

	(void)ncols;
	if (i >= 0 && (size_t)i < c->n)
		c->r[i].conflict = 1;
	return 0;
}

static int
store_batch_pg(struct ddb *d, const char *gateway, struct ddb_rec *r,
    size_t n, int64_t now)
{
	struct strbuf js = { 0 };
	struct conflicts_cb cb = { r, n };
	char t[24];
	const char *p[3];
	size_t i;
	int rc;

	sb_addc(&js, '[');
	for (i = 0; i < n; i++) {
		sb_adds(&js, i ? ",{\"i\":" : "{\"i\":");
		sb_add_json(&js, r[i].id);
		sb_adds(&js, ",\"t\":");
		sb_add_json(&js, r[i].type);
		sb_adds(&js, ",\"a\":");
		sb_add_json(&js, r[i].at);
		sb_adds(&js, ",\"d\":");
		sb_adds(&js, r[i].data);
		sb_addc(&js, '}');
	}
	sb_addc(&js, ']');
	p[0] = sb_str(&js);
	p[1] = gateway;
	p[2] = dsql_int(t, now);
	rc = dsql_run(d->sql, &q_insert_batch, 3, p, NULL, NULL);
	if (rc == 0 && (size_t)dsql_changes(d->sql) < n)
		rc = dsql_run(d->sql, &q_batch_conflicts, 1, p, conflict_row,
		    &cb);
	sb_free(&js);
	return rc;
}

int
ddb_store_batch(struct ddb *d, const char *gateway, struct ddb_rec *r,
    size_t n, int64_t now)
{
	size_t i;
	int rc;

	for (i = 0; i < n; i++)
		r[i].conflict = 0;
	if (n == 0)
		return 0;
	if (dsql_kind(d->sql) == DSQL_PG)
		return store_batch_pg(d, gateway, r, n, now);
	for (i = 0; i < n; i++) {
		rc = ddb_store(d, r[i].id, gateway, r[i].type, r[i].at,
		    r[i].data, now);
		if (rc == DDB_CONFLICT)
			r[i].conflict = 1;
		else if (rc != 0)
			return rc;
	}
	return 0;
}

/* The statements of ddb_erase: $1 gateway, $2 hash, $3 number (or
 * NULL), $4 tickets (a JSON array). */
static const struct dsql_query q_erase_fields = {
	"UPDATE records SET data = data - ARRAY['phone','name','text','note',"
	"'nik'] WHERE gateway = $1 AND type <> 'erasure' AND ("
	"data->>'resident' = $2::text OR data->>'voter' = $2::text OR "
	"data->>'respondent' = $2::text OR ($3::text IS NOT NULL AND "
	"data->>'phone' = $3::text) OR data->>'ticket' IN (SELECT "
	"jsonb_array_elements_text($4::jsonb)))",
	"UPDATE records SET data = json_remove(data, '$.phone', '$.name', "
	"'$.text', '$.note', '$.nik') WHERE gateway = ?1 AND type != "
	"'erasure' AND (json_extract(data, '$.resident') = ?2 OR "
	"json_extract(data, '$.voter') = ?2 OR json_extract(data, "
	"'$.respondent') = ?2 OR (?3 IS NOT NULL AND json_extract(data, "
	"'$.phone') = ?3) OR json_extract(data, '$.ticket') IN (SELECT value "
	"FROM json_each(?4)))" };
/* Answers typed as text go; numbers and choices stay counted. */
static const struct dsql_query q_erase_answers = {
	"UPDATE records SET data = jsonb_set(data, '{answers}', (SELECT "
	"COALESCE(jsonb_agg(CASE WHEN jsonb_typeof(e) = 'string' THEN "
	"'\"\"'::jsonb ELSE e END ORDER BY i), '[]'::jsonb) FROM "
	"jsonb_array_elements(CASE WHEN jsonb_typeof(data->'answers') = "
	"'array' THEN data->'answers' ELSE '[]'::jsonb END) WITH ORDINALITY "
	"AS a(e, i))) WHERE gateway = $1 AND type = 'survey_response' AND "
	"data ? 'answers' AND data->>'respondent' = $2::text",
	"UPDATE records SET data = json_set(data, '$.answers', json((SELECT "
	"json_group_array(CASE WHEN type = 'text' THEN '' ELSE value END) "
	"FROM json_each(records.data, '$.answers')))) WHERE gateway = ?1 "
	"AND type = 'survey_response' AND json_extract(data, "
	"'$.respondent') = ?2 AND ?2 IS NOT NULL" };
/* The erasure itself keeps no number. */
static const struct dsql_query q_erase_own = {
	"UPDATE records SET data = data - 'phone' WHERE id = $1",
	"UPDATE records SET data = json_remove(data, '$.phone') WHERE id = ?1" };

int
ddb_erase(struct ddb *d, const char *gateway, const char *id,
    const char *hash, const char *phone, const char *tickets)
{
	const char *p[4] = { gateway, hash, phone, tickets ? tickets : "[]" };
	long n;

	if (dsql_run(d->sql, &q_erase_fields, 4, p, NULL, NULL) != 0)
		return -1;
	n = dsql_changes(d->sql);
	if ((hash != NULL && dsql_run(d->sql, &q_erase_answers, 2, p, NULL,
	    NULL) != 0) || dsql_run(d->sql, &q_erase_own, 1, &id, NULL,
	    NULL) != 0)
		return -1;
	return (int)n;
}

static const struct dsql_query q_seen = {
	"INSERT INTO gateways (id, created_at, last_contact) VALUES ($1, $2, "
	"$2) ON CONFLICT (id) DO UPDATE SET last_contact = $2", NULL };

int
ddb_seen(struct ddb *d, const char *gateway, int64_t now)
{
	char n[24];
	const char *p[2] = { gateway, dsql_int(n, now) };

	return dsql_run(d->sql, &q_seen, 2, p, NULL, NULL);
}

static const struct dsql_query q_update_add = {
	"INSERT INTO updates (gateway, type, payload, created_at) VALUES ($1, "
	"$2, $3, $4) RETURNING id", NULL };

int
ddb_update_add(struct ddb *d, const char *gateway, const char *type,
    const char *payload, int64_t now, int64_t *id)
{
	char n[24], out[24];
	const char *p[4] = { gateway, type, payload, dsql_int(n, now) };

	if (dsql_one(d->sql, &q_update_add, 4, p, out, sizeof(out)) != 0)
		return -1;
	*id = atoll(out);
	return 0;
}

/* Updates queued before a gateway joined are not its (updates_from). */
static const struct dsql_query q_updates = {
	"SELECT id, type, payload FROM updates WHERE id > $1::bigint AND "
	"(gateway IS NULL OR gateway = $2::text) AND id > COALESCE((SELECT "
	"updates_from FROM gateways WHERE gateways.id = $2::text), 0) ORDER "
	"BY id LIMIT $3::bigint", NULL };

struct updates_cb {
	ddb_update_fn	 fn;
	void		*arg;
};

static int
update_row(void *arg, int ncols, const char *const *v)
{
	struct updates_cb *u = arg;

	(void)ncols;
	return u->fn(u->arg, atoll(v[0]), v[1], v[2]);
}

int
ddb_updates(struct ddb *d, const char *gateway, int64_t since, int limit,
    ddb_update_fn fn, void *arg)
{
	char s[24], l[24];
	const char *p[3] = { dsql_int(s, since), gateway, dsql_int(l, limit) };
	struct updates_cb u = { fn, arg };

	return dsql_run(d->sql, &q_updates, 3, p, update_row, &u);
}

static const struct dsql_query q_report = {
	"SELECT r.gateway, r.type, COUNT(*), to_char(to_timestamp("
	"g.last_contact) AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') "
	"FROM records r LEFT JOIN gateways g ON g.id = r.gateway GROUP BY "
	"r.gateway, r.type, g.last_contact ORDER BY 1, 2",
	"SELECT r.gateway, r.type, COUNT(*), strftime('%Y-%m-%dT%H:%M:%SZ', "
	"g.last_contact, 'unixepoch') FROM records r LEFT JOIN gateways g ON "
	"g.id = r.gateway GROUP BY 1, 2 ORDER BY 1, 2" };

struct report_cb {
	ddb_report_fn	 fn;
	void		*arg;
};

static int
report_row(void *arg, int ncols, const char *const *v)
{
	struct report_cb *r = arg;

	(void)ncols;
	return r->fn(r->arg, v[0], v[1], atol(v[2]), v[3]);
}

int
ddb_report(struct ddb *d, ddb_report_fn fn, void *arg)
{
	struct report_cb r = { fn, arg };

	return dsql_run(d->sql, &q_report, 0, NULL, report_row, &r) == 0 ? 0 :
	    -1;
}
