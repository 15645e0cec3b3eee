/*
 * The gateways registered in the district store (district_gateways.h).
 * Every query is written once for both stores (dsql.h); nothing about a
 * gateway is kept in a receiver's memory, so any receiver may answer any
 * request and a revocation holds everywhere at once.
 */
#include "district_gateways.h"

#include <ctype.h>
#include <openssl/crypto.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#include "district.h"
#include "district_campaigns.h"
#include "district_store.h"
#include "dsql.h"
#include "log.h"
#include "session.h"
#include "util.h"

#define SECRET_BYTES 32

static const struct dsql_query q_list = {
	"SELECT id, name, region, release, newest_at, created_at, "
	"last_contact, revoked_at, records FROM gateways ORDER BY id", NULL };

struct list_cb {
	dgw_row_fn	 fn;
	void		*arg;
};

static int64_t
num(const char *v)
{
	return v != NULL ? strtoll(v, NULL, 10) : 0;
}

static int
list_row(void *arg, int ncols, const char *const *v)
{
	struct list_cb *l = arg;
	struct dgw_row g;

	(void)ncols;
	g.id = v[0];
	g.name = v[1];
	g.region = v[2];
	g.release = v[3];
	g.newest_at = v[4];
	g.created_at = num(v[5]);
	g.last_contact = num(v[6]);
	g.revoked_at = num(v[7]);
	g.records = (long)num(v[8]);
	return l->fn(l->arg, &g);
}

int
dgw_list(struct ddb *d, dgw_row_fn fn, void *arg)
{
	struct list_cb l = { fn, arg };

	return dsql_run(ddb_sql(d), &q_list, 0, NULL, list_row, &l) == 0 ? 0 :
	    -1;
}

int
dgw_id_ok(const char *id)
{
	size_t i;

	for (i = 0; id[i] != '\0'; i++)
		if (!isalnum((unsigned char)id[i]) && id[i] != '-' &&
		    id[i] != '_')
			return 0;
	return i > 0 && i <= 64;
}

/* SECRET_BYTES from the kernel's generator, as hex. */
static int
secret(char out[DGW_SECRET_HEX])
{
	unsigned char b[SECRET_BYTES];

	if (getrandom(b, sizeof(b), 0) != (ssize_t)sizeof(b)) {
		log_errorx("No randomness for a new gateway's secrets.");
		return -1;
	}
	hex_encode(b, sizeof(b), out);
	OPENSSL_cleanse(b, sizeof(b));
	return 0;
}

/* A gateway that joins takes only the updates queued from now on. */
static const struct dsql_query q_add = {
	"INSERT INTO gateways (id, name, region, token_hash, source, "
	"created_at, updates_from) VALUES ($1, $2, $3, $4, 'store', "
	"$5::bigint, COALESCE((SELECT MAX(id) FROM updates), 0)) "
	"ON CONFLICT (id) DO NOTHING", NULL };
static const struct dsql_query q_key = {
	"INSERT INTO gateway_keys (gateway, hmac_key) VALUES ($1, $2) "
	"ON CONFLICT (gateway) DO UPDATE SET hmac_key = excluded.hmac_key",
	NULL };

/*
 * In one transaction: first, which must change one row (else nothing is
 * done and *changed is 0), then second. 0 or -1.
 */
static int
one_row_then(struct dsql *sql, const struct dsql_query *first, int n1,
    const char *const *p1, const struct dsql_query *second, int n2,
    const char *const *p2, int *changed)
{
	*changed = 0;
	if (dsql_begin(sql) != 0)
		return -1;
	if (dsql_run(sql, first, n1, p1, NULL, NULL) != 0)
		goto fail;
	if (dsql_changes(sql) != 1) {
		dsql_rollback(sql);
		return 0;
	}
	if (dsql_run(sql, second, n2, p2, NULL, NULL) != 0 ||
	    dsql_commit(sql) != 0)
		goto fail;
	*changed = 1;
	return 0;
fail:
	dsql_rollback(sql);
	return -1;
}

/*
 * A gateway has just joined: updates queued before it are not its
 * (updates_from), but the campaigns still open for every village or for
 * its region are, queued once its row is committed. The gateway stands
 * whatever this says: its credentials are shown once.
 */
static void
joined(struct ddb *d, const char *id, const char *region, int64_t now)
{
	int n = dcamp_join(d, id, region, now);

	if (n < 0)
		log_errorx("Gateway '%s' is registered, but the campaigns still "
		    "open could not be queued for it.", id);
	else if (n > 0)
		log_info("Gateway '%s' joins %d campaign%s still open.", id, n,
		    n == 1 ? "" : "s");
}

int
dgw_add(struct ddb *d, const char *id, const char *name, const char *region,
    int64_t now, char token[DGW_SECRET_HEX], char key[DGW_SECRET_HEX])
{
	char hash[SESSION_HEX], n[24];
	const char *p[5] = { id, name, region, hash, dsql_int(n, now) };
	const char *k[2] = { id, key };
	int added;

	if (!dgw_id_ok(id))
		return DGW_BAD_ID;
	if (secret(token) != 0 || secret(key) != 0)
		return -1;
	session_hash(token, hash);
	if (one_row_then(ddb_sql(d), &q_add, 5, p, &q_key, 2, k, &added) != 0)
		return -1;
	if (!added)
		return DGW_EXISTS;
	joined(d, id, region, now);
	return 0;
}

/*
 * A gateway of the configuration: a new one, or one seen before the
 * store kept credentials (its row has none). Updates it was always
 * given stay its own (updates_from 0).
 */
static const struct dsql_query q_import = {
	"INSERT INTO gateways (id, token_hash, source, created_at) VALUES "
	"($1, $2, 'config', $3::bigint) ON CONFLICT (id) DO UPDATE SET "
	"token_hash = excluded.token_hash, source = 'config' WHERE "
	"gateways.token_hash IS NULL AND gateways.revoked_at IS NULL", NULL };

int
dgw_import(struct ddb *d, const struct district_gateway *gw, size_t n,
    const char *file, int64_t now)
{
	struct dsql *sql = ddb_sql(d);
	char hash[SESSION_HEX], t[24], *imported;
	size_t i;
	int done = 0;

	if (n == 0)
		return 0;
	if (dsql_begin(sql) != 0)
		return -1;
	imported = xcalloc(n, 1);
	for (i = 0; i < n; i++) {
		const char *p[3] = { gw[i].id, hash, dsql_int(t, now) };
		const char *k[2] = { gw[i].id, gw[i].hmac_key };

		session_hash(gw[i].token, hash);
		if (dsql_run(sql, &q_import, 3, p, NULL, NULL) != 0)
			goto fail;
		if (dsql_changes(sql) != 1)
			continue;
		if (dsql_run(sql, &q_key, 2, k, NULL, NULL) != 0)
			goto fail;
		imported[i] = 1;
		done++;
	}
	if (dsql_commit(sql) != 0)
		goto fail;
	for (i = 0; i < n; i++)
		if (imported[i])
			joined(d, gw[i].id, NULL, now);
	free(imported);
	if (done > 0)
		log_warnx("Imported %d gateway%s from %s into the store; "
		    "remove %s from the file: the store is where gateways "
		    "are kept now (kabar-district gateway list).", done,
		    done == 1 ? "" : "s", file, done == 1 ? "it" : "them");
	return done;
fail:
	dsql_rollback(sql);
	free(imported);
	log_errorx("Could not import the gateways of %s into the store.",
	    file);
	return -1;
}

static const struct dsql_query q_active = {
	"SELECT COUNT(*) FROM gateways WHERE revoked_at IS NULL AND "
	"token_hash IS NOT NULL", NULL };

long
dgw_active(struct ddb *d)
{
	char out[24];

	if (dsql_one(ddb_sql(d), &q_active, 0, NULL, out, sizeof(out)) != 0)
		return -1;
	return atol(out);
}

static const struct dsql_query q_revoke = {
	"UPDATE gateways SET revoked_at = $2::bigint WHERE id = $1 AND "
	"revoked_at IS NULL", NULL };
static const struct dsql_query q_drop_key = {
	"DELETE FROM gateway_keys WHERE gateway = $1", NULL };
static const struct dsql_query q_exists = {
	"SELECT 1 FROM gateways WHERE id = $1", NULL };

int
dgw_revoke(struct ddb *d, const char *id, int64_t now)
{
	char n[24], one[8];
	const char *p[2] = { id, dsql_int(n, now) };
	int done, rc;

	if (one_row_then(ddb_sql(d), &q_revoke, 2, p, &q_drop_key, 1, p,
	    &done) != 0)
		return -1;
	if (done)
		return 0;
	rc = dsql_one(ddb_sql(d), &q_exists, 1, p, one, sizeof(one));
	return rc == 0 ? DGW_REVOKED : rc == DSQL_NONE ? DGW_UNKNOWN : -1;
}

static const struct dsql_query q_cred = {
	"SELECT g.token_hash, k.hmac_key, g.revoked_at FROM gateways g "
	"LEFT JOIN gateway_keys k ON k.gateway = g.id WHERE g.id = $1", NULL };

struct cred_cb {
	char	*hash, *key;
	size_t	 hashsz, keysz;
	int	*revoked;
	int	 found;
};

static int
cred_row(void *arg, int ncols, const char *const *v)
{
	struct cred_cb *c = arg;

	(void)ncols;
	c->found = 1;
	strlcpy_k(c->hash, v[0] ? v[0] : "", c->hashsz);
	strlcpy_k(c->key, v[1] ? v[1] : "", c->keysz);
	*c->revoked = v[2] != NULL;
	return 1;
}

int
dgw_credentials(struct ddb *d, const char *id, char *token_hash,
    size_t hashsz, char *key, size_t keysz, int *revoked)
{
	struct cred_cb c = { token_hash, key, hashsz, keysz, revoked, 0 };
	int rc;

	token_hash[0] = key[0] = '\0';
	*revoked = 0;
	rc = dsql_run(ddb_sql(d), &q_cred, 1, &id, cred_row, &c);
	if (rc != 0)
		return rc;
	return c.found ? 0 : DGW_UNKNOWN;
}

/* The minute's count goes up in the store, in one statement, so that
 * every receiver of the district counts against the same limit. */
static const struct dsql_query q_admit = {
	"UPDATE gateways SET rate_count = CASE WHEN rate_window = $2::bigint "
	"THEN rate_count + 1 ELSE 1 END, rate_window = $2::bigint, "
	"last_contact = $3::bigint, release = $4 WHERE id = $1 "
	"RETURNING rate_count", NULL };

int
dgw_admit(struct ddb *d, const char *id, const char *release,
    long per_minute, int64_t now, int *retry_after)
{
	char w[24], n[24], count[24];
	const char *p[4] = { id, dsql_int(w, now / 60), dsql_int(n, now),
	    release };
	int rc;

	*retry_after = 0;
	rc = dsql_one(ddb_sql(d), &q_admit, 4, p, count, sizeof(count));
	if (rc == DSQL_NONE) {
		log_errorx("Gateway '%s' went from the store during its "
		    "request.", id);
		return -1;
	}
	if (rc != 0)
		return rc;
	if (atol(count) > per_minute) {
		*retry_after = (int)(60 - now % 60);
		return DGW_LIMITED;
	}
	return 0;
}

static const struct dsql_query q_batch = {
	"UPDATE gateways SET records = records + $2::bigint, newest_at = CASE "
	"WHEN newest_at IS NULL OR $3::text > newest_at THEN $3::text ELSE "
	"newest_at END, last_contact = $4::bigint WHERE id = $1", NULL };

int
dgw_batch(struct ddb *d, const char *id, long added, const char *newest_at,
    int64_t now)
{
	char a[24], n[24];
	const char *p[4] = { id, dsql_int(a, added), newest_at,
	    dsql_int(n, now) };

	return dsql_run(ddb_sql(d), &q_batch, 4, p, NULL, NULL);
}
