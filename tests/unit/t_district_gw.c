/*
 * The district's gateway registry on its SQLite store: credentials made
 * and checked (the token kept as its hash, revoked ones refused with
 * 403), the configuration's gateways imported once, updates queued
 * before a gateway joined kept from it, the requests a minute, and the
 * per-batch counts that `gateway list` shows.
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "test.h"
#include "district.h"
#include "district_gateways.h"
#include "district_store.h"
#include "dsql.h"
#include "session.h"
#include "sign.h"

#define NOW 1795400000

static char dir[] = "/tmp/kabar-unit-XXXXXX";
static char path[64];

static struct ddb *
store(void)
{
	char err[256];
	struct ddb *d;

	if (path[0] == '\0') {
		if (mkdtemp(dir) == NULL)
			return NULL;
		snprintf(path, sizeof(path), "%s/d.db", dir);
	}
	unlink(path);
	d = ddb_open(path, err, sizeof(err));
	if (d == NULL)
		fprintf(stderr, "%s\n", err);
	return d;
}

static void
done(struct ddb *d)
{
	ddb_close(d);
	unlink(path);
}

struct seen {
	char	 ids[256];
	long	 records;
	int	 revoked;
	char	 release[32];
};

static int
row(void *arg, const struct dgw_row *g)
{
	struct seen *s = arg;

	strcat(s->ids, g->id);
	strcat(s->ids, " ");
	if (strcmp(g->id, "leksono") == 0) {
		s->records = g->records;
		s->revoked = g->revoked_at != 0;
		snprintf(s->release, sizeof(s->release), "%s",
		    g->release ? g->release : "-");
	}
	return 0;
}

/* district_auth over an empty body signed at ts. */
static int
ask(struct ddb *d, const char *id, const char *token, const char *key,
    int64_t now, int *wait)
{
	struct district_conf c = { 0 };
	char auth[128], sig[65], why[160];

	c.clock_window = 300;
	c.rate_per_minute = 3;
	snprintf(auth, sizeof(auth), "Bearer %s", token);
	batch_sign(key, "1795400000", "", 0, sig);
	return district_auth(d, &c, id, auth, "0.9.0", "1795400000", sig,
	    (const unsigned char *)"", 0, now, wait, why, sizeof(why));
}

TEST(test_add_and_check)
{
	struct ddb *d = store();
	char tok[DGW_SECRET_HEX], key[DGW_SECRET_HEX], tok2[DGW_SECRET_HEX];
	char key2[DGW_SECRET_HEX], hash[SESSION_HEX], stored[SESSION_HEX];
	char k[513];
	struct seen s = { "", 0, 0, "" };
	int wait, revoked;

	TEST_CHECK(d != NULL);
	if (d == NULL)
		return;
	TEST_CHECK_INT(dgw_add(d, "leksono", "Desa Leksono", "Mojo", NOW, tok,
	    key), 0);
	TEST_CHECK_INT(strlen(tok), 64);
	TEST_CHECK_INT(strlen(key), 64);
	TEST_CHECK(strcmp(tok, key) != 0);
	TEST_CHECK_INT(dgw_add(d, "leksono", NULL, NULL, NOW, tok2, key2),
	    DGW_EXISTS);
	TEST_CHECK_INT(dgw_add(d, "leks ono", NULL, NULL, NOW, tok2, key2),
	    DGW_BAD_ID);
	TEST_CHECK_INT(dgw_add(d, "", NULL, NULL, NOW, tok2, key2),
	    DGW_BAD_ID);
	/* The store holds the token's hash, never the token. */
	TEST_CHECK_INT(dgw_credentials(d, "leksono", stored, sizeof(stored), k,
	    sizeof(k), &revoked), 0);
	session_hash(tok, hash);
	TEST_CHECK_STR(stored, hash);
	TEST_CHECK_STR(k, key);
	TEST_CHECK_INT(revoked, 0);
	TEST_CHECK_INT(dgw_credentials(d, "nobody", stored, sizeof(stored), k,
	    sizeof(k), &revoked), DGW_UNKNOWN);

	TEST_CHECK_INT(ask(d, "leksono", tok, key, NOW, &wait), 0);
	TEST_CHECK_INT(ask(d, "leksono", key, key, NOW, &wait), 401);
	TEST_CHECK_INT(ask(d, "nobody", tok, key, NOW, &wait), 401);
	TEST_CHECK_INT(ask(d, "bad id", tok, key, NOW, &wait), 401);
	TEST_CHECK_INT(ask(d, "leksono", tok, "other-key", NOW, &wait), 401);
	TEST_CHECK_INT(dgw_list(d, row, &s), 0);
	TEST_CHECK_STR(s.release, "0.9.0");

	TEST_CHECK_INT(dgw_revoke(d, "leksono", NOW + 1), 0);
	TEST_CHECK_INT(dgw_revoke(d, "leksono", NOW + 2), DGW_REVOKED);
	TEST_CHECK_INT(dgw_revoke(d, "nobody", NOW + 2), DGW_UNKNOWN);
	TEST_CHECK_INT(ask(d, "leksono", tok, key, NOW + 3, &wait), 403);
	/* Only the token's holder learns it is revoked. */
	TEST_CHECK_INT(ask(d, "leksono", "guess", key, NOW + 3, &wait), 401);
	TEST_CHECK_INT(dgw_active(d), 0);
	s.ids[0] = '\0';
	TEST_CHECK_INT(dgw_list(d, row, &s), 0);
	TEST_CHECK_INT(s.revoked, 1);
	done(d);
}

TEST(test_requests_a_minute)
{
	struct ddb *d = store();
	char tok[DGW_SECRET_HEX], key[DGW_SECRET_HEX];
	int64_t minute = NOW - NOW % 60;
	int wait, i;

	if (d == NULL)
		return;
	TEST_CHECK_INT(dgw_add(d, "leksono", NULL, NULL, NOW, tok, key), 0);
	for (i = 0; i < 3; i++)
		TEST_CHECK_INT(ask(d, "leksono", tok, key, minute + 10, &wait),
		    0);
	TEST_CHECK_INT(ask(d, "leksono", tok, key, minute + 10, &wait), 429);
	TEST_CHECK_INT(wait, 50);
	TEST_CHECK_INT(dgw_admit(d, "leksono", NULL, 3, minute + 59, &wait),
	    DGW_LIMITED);
	TEST_CHECK_INT(wait, 1);
	/* A new minute, a new count. */
	TEST_CHECK_INT(ask(d, "leksono", tok, key, minute + 60, &wait), 0);
	done(d);
}

struct upd {
	int	n;
	char	types[64];
};

static int
upd_row(void *arg, int64_t id, const char *type, const char *payload)
{
	struct upd *u = arg;

	(void)id;
	(void)payload;
	u->n++;
	strcat(u->types, type);
	strcat(u->types, " ");
	return 0;
}

TEST(test_joins_later)
{
	struct ddb *d = store();
	struct district_gateway g = { "lama", "tok-lama-1", "key-lama-1" };
	char tok[DGW_SECRET_HEX], key[DGW_SECRET_HEX];
	struct upd u = { 0, "" };
	int64_t id;

	if (d == NULL)
		return;
	TEST_CHECK_INT(dgw_import(d, &g, 1, "d.conf", NOW), 1);
	TEST_CHECK_INT(ddb_update_add(d, NULL, "broadcast", "{}", NOW, &id),
	    0);
	TEST_CHECK_INT(dgw_add(d, "baru", NULL, NULL, NOW, tok, key), 0);
	TEST_CHECK_INT(ddb_update_add(d, NULL, "poll", "{}", NOW, &id), 0);
	/* The gateway of before gets both, the new one what came after. */
	TEST_CHECK_INT(ddb_updates(d, "lama", 0, 100, upd_row, &u), 0);
	TEST_CHECK_STR(u.types, "broadcast poll ");
	u.n = 0;
	u.types[0] = '\0';
	TEST_CHECK_INT(ddb_updates(d, "baru", 0, 100, upd_row, &u), 0);
	TEST_CHECK_STR(u.types, "poll ");
	done(d);
}

static const struct dsql_query q_seen = {
	"INSERT INTO gateways (id, created_at, last_contact) VALUES "
	"('leksono', 1795300000, 1795300000)", NULL };

TEST(test_import_once)
{
	struct ddb *d = store();
	struct district_gateway g[2] = { { "leksono", "tok-leksono", "key-1" },
	    { "other", "tok-other-1", "key-2" } };
	char stored[SESSION_HEX], hash[SESSION_HEX], k[513];
	int revoked;

	if (d == NULL)
		return;
	/* Seen before the store kept credentials: its row has none. */
	TEST_CHECK_INT(dsql_run(ddb_sql(d), &q_seen, 0, NULL, NULL, NULL), 0);
	TEST_CHECK_INT(dgw_import(d, g, 2, "d.conf", NOW), 2);
	TEST_CHECK_INT(dgw_import(d, g, 2, "d.conf", NOW), 0);
	TEST_CHECK_INT(dgw_credentials(d, "leksono", stored, sizeof(stored), k,
	    sizeof(k), &revoked), 0);
	session_hash("tok-leksono", hash);
	TEST_CHECK_STR(stored, hash);
	TEST_CHECK_STR(k, "key-1");
	/* Revoked in the store, the file does not bring it back. */
	TEST_CHECK_INT(dgw_revoke(d, "other", NOW), 0);
	TEST_CHECK_INT(dgw_import(d, g, 2, "d.conf", NOW), 0);
	TEST_CHECK_INT(dgw_credentials(d, "other", stored, sizeof(stored), k,
	    sizeof(k), &revoked), 0);
	TEST_CHECK_INT(revoked, 1);
	TEST_CHECK_INT(dgw_active(d), 1);
	done(d);
}

static const struct dsql_query q_newest = {
	"SELECT newest_at FROM gateways", NULL };

TEST(test_batch_counts)
{
	struct ddb *d = store();
	char tok[DGW_SECRET_HEX], key[DGW_SECRET_HEX], at[32];
	struct seen s = { "", 0, 0, "" };
	long added;

	if (d == NULL)
		return;
	TEST_CHECK_INT(dgw_add(d, "leksono", NULL, NULL, NOW, tok, key), 0);
	TEST_CHECK_INT(ddb_begin(d), 0);
	TEST_CHECK_INT(dgw_new_ids(d, "[\"leksono:1\",\"leksono:2\","
	    "\"leksono:2\"]", &added), 0);
	TEST_CHECK_INT(added, 2);
	TEST_CHECK_INT(ddb_store(d, "leksono:1", "leksono", "vote",
	    "2026-11-22T10:00:00Z", "{}", NOW), 0);
	TEST_CHECK_INT(ddb_store(d, "leksono:2", "leksono", "vote",
	    "2026-11-22T11:00:00Z", "{}", NOW), 0);
	TEST_CHECK_INT(dgw_batch(d, "leksono", added, "2026-11-22T11:00:00Z",
	    NOW), 0);
	TEST_CHECK_INT(ddb_commit(d), 0);
	/* The same batch again adds nothing; an older record keeps the
	 * newest. */
	TEST_CHECK_INT(dgw_new_ids(d, "[\"leksono:1\",\"leksono:2\"]",
	    &added), 0);
	TEST_CHECK_INT(added, 0);
	TEST_CHECK_INT(dgw_new_ids(d, "[\"leksono:1\",\"leksono:3\"]",
	    &added), 0);
	TEST_CHECK_INT(added, 1);
	TEST_CHECK_INT(dgw_batch(d, "leksono", 1, "2026-11-01T00:00:00Z",
	    NOW), 0);
	TEST_CHECK_INT(dgw_list(d, row, &s), 0);
	TEST_CHECK_INT(s.records, 3);
	TEST_CHECK_INT(dsql_one(ddb_sql(d), &q_newest, 0, NULL, at,
	    sizeof(at)), 0);
	TEST_CHECK_STR(at, "2026-11-22T11:00:00Z");
	done(d);
	rmdir(dir);
}

TEST_MAIN("district_gw", T(test_add_and_check), T(test_requests_a_minute),
    T(test_joins_later), T(test_import_once), T(test_batch_counts))
