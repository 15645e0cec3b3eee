/*
 * Campaigns in the store: the villages a campaign asks, each sent the
 * poll or survey as an ordinary update (the cursor protocol of CONTRACT
 * section 6 delivers it), and villages registered later given the open
 * ones. Results are in district_camp_results.c.
 */
#include "district_campaigns.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

#include "district_camp_int.h"
#include "district_store.h"
#include "dsql.h"
#include "util.h"
#include "words.h"

static const struct dsql_query q_add = {
	"INSERT INTO campaigns (code, kind, title, payload, target, region, "
	"created_at, closes_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) "
	"ON CONFLICT (code) DO NOTHING", NULL };
static const struct dsql_query q_ask = {
	"INSERT INTO campaign_gateways (campaign, gateway, update_id, "
	"asked_at) VALUES ($1, $2, $3, $4)", NULL };
/* Every gateway not revoked, and each one's region, by id. */
static const struct dsql_query q_gateways = {
	"SELECT id, region, revoked_at IS NOT NULL FROM gateways ORDER BY id",
	NULL };
static const struct dsql_query q_open = {
	"SELECT c.code, c.kind, c.payload FROM campaigns c WHERE "
	"(c.closes_at IS NULL OR c.closes_at > $3) AND (c.target = 'all' OR "
	"(c.target = 'region' AND c.region = $2)) AND NOT EXISTS (SELECT 1 "
	"FROM campaign_gateways g WHERE g.campaign = c.code AND g.gateway = "
	"$1) ORDER BY c.created_at, c.code", NULL };

int
drows_add(void *arg, int ncols, const char *const *vals)
{
	struct drows *r = arg;
	int c;

	if (r->n == 0)
		r->cols = ncols;
	r->v = xrealloc(r->v, (r->n + 1) * (size_t)r->cols * sizeof(*r->v));
	for (c = 0; c < r->cols; c++)
		r->v[r->n * (size_t)r->cols + (size_t)c] = c < ncols &&
		    vals[c] != NULL ? xstrdup(vals[c]) : NULL;
	r->n++;
	return 0;
}

const char *
drows_get(const struct drows *r, size_t row, int c)
{
	return row < r->n && c < r->cols ? r->v[row * (size_t)r->cols +
	    (size_t)c] : NULL;
}

void
drows_free(struct drows *r)
{
	size_t i;

	for (i = 0; i < r->n * (size_t)r->cols; i++)
		free(r->v[i]);
	free(r->v);
	memset(r, 0, sizeof(*r));
}

/* The gateways a campaign may ask, as the store and the configuration
 * know them: id, region, revoked ("1" or "t"). */
#define K_ID(k, i)	drows_get((k), (i), 0)
#define K_REGION(k, i)	drows_get((k), (i), 1)
#define K_REVOKED(k, i)	(strcmp(drows_get((k), (i), 2), "1") == 0 || \
			 strcmp(drows_get((k), (i), 2), "t") == 0)

static ssize_t
known_find(const struct drows *k, const char *id)
{
	size_t i;

	for (i = 0; i < k->n; i++)
		if (strcmp(K_ID(k, i), id) == 0)
			return (ssize_t)i;
	return -1;
}

/* "no gateway 'x'; did you mean 'y'?" or "no region 'x'" with the
 * names there are, for an operator who mistyped one. */
static void
unknown(const char *what, const char *name, const char *const *names,
    size_t n, char *err, size_t errsz)
{
	struct strbuf all = STRBUF_INIT;
	int near = kw_lookup(name, names, n);
	size_t i;

	for (i = 0; i < n && i < 20; i++)
		sb_addf(&all, "%s%s", i ? ", " : "", names[i]);
	if (n > 20)
		sb_addf(&all, " and %zu more", n - 20);
	if (near >= 0)
		snprintf(err, errsz, "no %s \"%s\"; did you mean \"%s\"?", what,
		    name, names[near]);
	else if (n > 0)
		snprintf(err, errsz, "no %s \"%s\" (there are: %s)", what,
		    name, sb_str(&all));
	else
		snprintf(err, errsz, "no %s \"%s\"", what, name);
	sb_free(&all);
}

/*
 * The ids the target names into *chosen (the caller frees the array, not
 * the strings: they are k's): 0 or DCAMP_REFUSED with why.
 */
static int
choose(const struct drows *k, enum dcamp_target target, const char *arg,
    const char ***chosen, size_t *n, char *err, size_t errsz)
{
	const char **names = xcalloc(k->n + 1, sizeof(*names));
	size_t i, j, nn = 0;
	ssize_t at;
	char *list, *save = NULL, *tok;
	int rc = 0;

	*chosen = xcalloc(k->n + 1, sizeof(**chosen));
	*n = 0;
	if (target == DCAMP_ALL) {
		for (i = 0; i < k->n; i++)
			if (!K_REVOKED(k, i))
				(*chosen)[(*n)++] = K_ID(k, i);
	} else if (target == DCAMP_REGION) {
		for (i = 0; i < k->n; i++) {
			if (K_REGION(k, i) == NULL || K_REVOKED(k, i))
				continue;
			if (strcmp(K_REGION(k, i), arg) == 0) {
				(*chosen)[(*n)++] = K_ID(k, i);
				continue;
			}
			for (j = 0; j < nn && strcmp(names[j], K_REGION(k, i));
			    j++)
				;
			if (j == nn)
				names[nn++] = K_REGION(k, i);
		}
		if (*n == 0) {
			unknown("gateway in region", arg, names, nn, err,
			    errsz);
			rc = DCAMP_REFUSED;
		}
	} else {
		for (i = 0; i < k->n; i++)
			if (!K_REVOKED(k, i))
				names[nn++] = K_ID(k, i);
		list = xstrdup(arg);
		for (tok = strtok_r(list, ", ", &save); tok != NULL && rc == 0;
		    tok = strtok_r(NULL, ", ", &save)) {
			if ((at = known_find(k, tok)) < 0) {
				unknown("gateway", tok, names, nn, err, errsz);
				rc = DCAMP_REFUSED;
			} else if (K_REVOKED(k, (size_t)at)) {
				snprintf(err, errsz, "gateway \"%s\" is "
				    "revoked", tok);
				rc = DCAMP_REFUSED;
			} else {
				for (i = 0; i < *n && strcmp((*chosen)[i],
				    tok) != 0; i++)
					;
				if (i == *n)
					(*chosen)[(*n)++] = K_ID(k, (size_t)at);
			}
		}
		free(list);
	}
	if (rc == 0 && *n == 0) {
		snprintf(err, errsz, target == DCAMP_GATEWAYS ? "name at "
		    "least one gateway" : "no gateway to ask: none is "
		    "registered (kabar-district gateway add)");
		rc = DCAMP_REFUSED;
	}
	free(names);
	return rc;
}

/* Queue the campaign's update for one gateway and note it asked. */
static int
ask(struct ddb *d, const char *code, const char *kind, const char *payload,
    const char *gateway, int64_t now)
{
	char n[24], u[24];
	int64_t id;
	const char *p[4] = { code, gateway, NULL, dsql_int(n, now) };

	if (ddb_update_add(d, gateway, kind, payload, now, &id) != 0)
		return -1;
	p[2] = dsql_int(u, id);
	return dsql_run(ddb_sql(d), &q_ask, 4, p, NULL, NULL);
}

static const char *const target_names[] = { "all", "region", "gateways" };

int
dcamp_create(struct ddb *d, const char *kind, json_t *payload,
    int64_t closes_at, enum dcamp_target target, const char *arg,
    const char *const *extra, size_t n_extra, int64_t now, int *asked,
    char *err, size_t errsz)
{
	struct drows k = { 0 };
	const char **chosen = NULL;
	const char *code = json_string_value(json_object_get(payload, "code"));
	const char *title = json_string_value(json_object_get(payload,
	    strcmp(kind, "poll") == 0 ? "question" : "title"));
	char *text = json_dumps(payload, JSON_COMPACT), c[24], t[24];
	const char *p[8] = { code, kind, title, text, target_names[target],
	    target == DCAMP_REGION ? arg : NULL, dsql_int(c, now),
	    closes_at ? dsql_int(t, closes_at) : NULL };
	size_t i, n = 0;
	int rc;

	*asked = 0;
	if ((rc = dsql_begin(ddb_sql(d))) != 0)
		goto out;
	if ((rc = dsql_run(ddb_sql(d), &q_gateways, 0, NULL, drows_add,
	    &k)) != 0)
		goto out;
	/* Gateways of the configuration that have not been seen yet. */
	for (i = 0; i < n_extra; i++)
		if (known_find(&k, extra[i]) < 0) {
			const char *v[3] = { extra[i], NULL, "0" };

			drows_add(&k, 3, v);
		}
	if ((rc = choose(&k, target, arg, &chosen, &n, err, errsz)) != 0 ||
	    (rc = dsql_run(ddb_sql(d), &q_add, 8, p, NULL, NULL)) != 0)
		goto out;
	if (dsql_changes(ddb_sql(d)) != 1) {
		snprintf(err, errsz, "there is already a campaign %s (results "
		    "%s shows it)", code, code);
		rc = DCAMP_REFUSED;
		goto out;
	}
	for (i = 0; i < n && rc == 0; i++)
		rc = ask(d, code, kind, text, chosen[i], now);
	if (rc == 0 && (rc = dsql_commit(ddb_sql(d))) == 0)
		*asked = (int)n;
out:
	if (rc != 0)
		dsql_rollback(ddb_sql(d));
	free(chosen);
	drows_free(&k);
	free(text);
	return rc;
}

int
dcamp_join(struct ddb *d, const char *gateway, const char *region,
    int64_t now)
{
	struct drows o = { 0 };
	char t[24];
	const char *p[3] = { gateway, region, dsql_int(t, now) };
	size_t i, n;
	int rc;

	/* Read whole before writing: one connection, one statement at a
	 * time. All of them or none. */
	if ((rc = dsql_begin(ddb_sql(d))) == 0)
		rc = dsql_run(ddb_sql(d), &q_open, 3, p, drows_add, &o);
	for (i = 0; i < o.n && rc == 0; i++)
		rc = ask(d, drows_get(&o, i, 0), drows_get(&o, i, 1),
		    drows_get(&o, i, 2), gateway, now);
	if (rc == 0)
		rc = dsql_commit(ddb_sql(d));
	else
		dsql_rollback(ddb_sql(d));
	n = o.n;
	drows_free(&o);
	return rc == 0 ? (int)n : -1;
}
