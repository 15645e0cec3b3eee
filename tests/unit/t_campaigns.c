/*
 * District campaigns: definitions held to the villages' rules, the
 * villages a target chooses, a late joiner given the open campaigns
 * meant for it and never a closed one, and results added up from the
 * records villages send (a changed vote counted once).
 *
 * On SQLite in a temporary file; KABAR_TEST_DISTRICT_PG=URL runs the same
 * on a scratch PostgreSQL database too (its tables are emptied first).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "test.h"
#include "district_campaigns.h"
#include "district_store.h"
#include "dsql.h"
#include "log.h"
#include "util.h"

static char dir[] = "/tmp/t_campaigns.XXXXXX";

static int
parse(const char *kind, const char *text, char *err, size_t errsz,
    json_t **out)
{
	int64_t closes;
	json_t *p;
	int rc = dcamp_parse(kind, text, &p, &closes, err, errsz);

	if (out != NULL)
		*out = p;
	else
		json_decref(p);
	return rc;
}

TEST(definitions)
{
	char err[512];
	json_t *p;

	TEST_CHECK_INT(parse("poll", "{\"code\":\"AIR\",\"question\":\"Air?\","
	    "\"options\":[\"a\",\"b\"],\"public_result\":true}", err,
	    sizeof(err), NULL), DCAMP_REFUSED);
	TEST_CHECK(strstr(err, "did you mean \"public_results\"") != NULL);
	TEST_CHECK_INT(parse("poll", "{\"code\":\"AIR\",\"options\":[\"a\","
	    "\"b\"]}", err, sizeof(err), NULL), DCAMP_REFUSED);
	TEST_CHECK(strstr(err, "\"question\" is missing") != NULL);
	TEST_CHECK_INT(parse("poll", "{\"code\":\"air\",\"question\":\"x\","
	    "\"options\":[\"a\",\"b\"]}", err, sizeof(err), NULL),
	    DCAMP_REFUSED);
	TEST_CHECK_INT(parse("poll", "{\"code\":\"AIR\",\"question\":\"x\","
	    "\"options\":[\"a\"]}", err, sizeof(err), NULL), DCAMP_REFUSED);
	TEST_CHECK_INT(parse("poll", "{\"code\":\"AIR\",\"question\":\"x\","
	    "\"options\":[\"a\",\"b\"],\"closes_at\":\"2030-01-01 10:00\"}",
	    err, sizeof(err), NULL), DCAMP_REFUSED);
	TEST_CHECK(strstr(err, "UTC") != NULL);
	TEST_CHECK_INT(parse("poll", "{\"code\":\"AIR\",\"question\":\"x\","
	    "\"options\":[\"a\",\"b\"],\"closes_at\":\"2020-01-01T10:00:00Z\"}",
	    err, sizeof(err), NULL), DCAMP_REFUSED);
	TEST_CHECK_INT(parse("poll", "{\"code\":", err, sizeof(err), NULL),
	    DCAMP_REFUSED);
	TEST_CHECK(strstr(err, "not JSON") != NULL);
	TEST_CHECK_INT(parse("survey", "{\"code\":\"SEHAT\",\"title\":\"t\","
	    "\"questions\":[{\"text\":\"Umur?\",\"type\":\"number\","
	    "\"mni\":0}]}", err, sizeof(err), NULL), DCAMP_REFUSED);
	TEST_CHECK(strstr(err, "question 1") != NULL);
	TEST_CHECK_INT(parse("survey", "{\"code\":\"SEHAT\",\"title\":\"t\","
	    "\"questions\":[{\"text\":\"Umur?\",\"type\":\"date\"}]}", err,
	    sizeof(err), NULL), DCAMP_REFUSED);
	/* A survey's closes_at is the district's: the villages never see
	 * it (they would refuse the key). */
	TEST_CHECK_INT(parse("survey", "{\"code\":\"SEHAT\",\"title\":\"t\","
	    "\"closes_at\":\"2030-01-01T00:00:00Z\",\"send\":true,"
	    "\"questions\":[{\"text\":\"Umur?\",\"type\":\"number\"}]}", err,
	    sizeof(err), &p), 0);
	TEST_CHECK(json_object_get(p, "closes_at") == NULL);
	TEST_CHECK(json_is_true(json_object_get(p, "send")));
	json_decref(p);
	TEST_CHECK_INT(parse("vote", "{}", err, sizeof(err), NULL),
	    DCAMP_REFUSED);
}

static struct ddb *
store(const char *target)
{
	char err[512];
	struct ddb *d = ddb_open(target, err, sizeof(err));

	if (d == NULL) {
		fprintf(stderr, "%s\n", err);
		return NULL;
	}
	/* Four registered villages, one revoked, two regions. */
	if (dsql_script(ddb_sql(d), "DELETE FROM campaign_gateways; DELETE "
	    "FROM campaigns; DELETE FROM updates; DELETE FROM records; DELETE "
	    "FROM gateway_keys; DELETE FROM gateways; INSERT INTO gateways "
	    "(id, name, region, created_at, revoked_at) VALUES "
	    "('leksono', 'Desa Leksono', 'Sungai Raya', 1, NULL), "
	    "('kuala', 'Kuala Dua', 'Sungai Raya', 1, NULL), "
	    "('rasau', 'Rasau Jaya', 'Rasau', 1, NULL), "
	    "('lama', 'Desa Lama', 'Rasau', 1, 5)") != 0) {
		ddb_close(d);
		return NULL;
	}
	return d;
}

static const struct dsql_query q_count = {
	"SELECT COUNT(*) FROM updates WHERE gateway = $1 AND type = $2", NULL };

static int
queued(struct ddb *d, const char *gateway, const char *type)
{
	char n[24];
	const char *p[2] = { gateway, type };

	if (dsql_one(ddb_sql(d), &q_count, 2, p, n, sizeof(n)) != 0)
		return -1;
	return atoi(n);
}

static int
create(struct ddb *d, const char *kind, const char *text,
    enum dcamp_target t, const char *arg, int *asked, char *err,
    size_t errsz)
{
	static const char *const extra[] = { "leksono", "baru" };
	int64_t closes;
	json_t *p;
	int rc = dcamp_parse(kind, text, &p, &closes, err, errsz);

	if (rc == 0)
		rc = dcamp_create(d, kind, p, closes, t, arg, extra, 2,
		    now_wall(), asked, err, errsz);
	json_decref(p);
	return rc;
}

#define POLL(code, extra) "{\"code\":\"" code "\",\"question\":\"Air?\"," \
	"\"options\":[\"Sumur\",\"PDAM\",\"Tandon\"]" extra "}"

static void
targets(struct ddb *d)
{
	char err[512];
	int asked = 0;

	/* All: every gateway not revoked, and one of the configuration
	 * the store has not seen yet. */
	TEST_CHECK_INT(create(d, "poll", POLL("AIR", ""), DCAMP_ALL, "all",
	    &asked, err, sizeof(err)), 0);
	TEST_CHECK_INT(asked, 4);
	TEST_CHECK_INT(queued(d, "leksono", "poll"), 1);
	TEST_CHECK_INT(queued(d, "baru", "poll"), 1);
	TEST_CHECK_INT(queued(d, "lama", "poll"), 0);
	/* A code is one campaign's, whatever its kind. */
	TEST_CHECK_INT(create(d, "survey", "{\"code\":\"AIR\",\"title\":\"t\","
	    "\"questions\":[{\"text\":\"q\",\"type\":\"text\"}]}", DCAMP_ALL,
	    "all", &asked, err, sizeof(err)), DCAMP_REFUSED);
	TEST_CHECK(strstr(err, "already") != NULL);
	TEST_CHECK_INT(create(d, "poll", POLL("JALAN", ""), DCAMP_REGION,
	    "Rasau", &asked, err, sizeof(err)), 0);
	TEST_CHECK_INT(asked, 1);
	TEST_CHECK_INT(create(d, "poll", POLL("JEMBATAN", ""), DCAMP_REGION,
	    "Sungai Rya", &asked, err, sizeof(err)), DCAMP_REFUSED);
	TEST_CHECK(strstr(err, "Sungai Raya") != NULL);
	TEST_CHECK_INT(create(d, "poll", POLL("JEMBATAN", ""), DCAMP_GATEWAYS,
	    "leksono,lekson", &asked, err, sizeof(err)), DCAMP_REFUSED);
	TEST_CHECK(strstr(err, "did you mean \"leksono\"") != NULL);
	TEST_CHECK_INT(create(d, "poll", POLL("JEMBATAN", ""), DCAMP_GATEWAYS,
	    "leksono,lama", &asked, err, sizeof(err)), DCAMP_REFUSED);
	TEST_CHECK(strstr(err, "revoked") != NULL);
	/* Refused whole: nothing of it was queued. */
	TEST_CHECK_INT(queued(d, "leksono", "poll"), 1);
	TEST_CHECK_INT(create(d, "poll", POLL("JEMBATAN", ""), DCAMP_GATEWAYS,
	    "kuala, leksono,kuala", &asked, err, sizeof(err)), 0);
	TEST_CHECK_INT(asked, 2);
	TEST_CHECK_INT(queued(d, "kuala", "poll"), 2);
}

static void
joiners(struct ddb *d)
{
	char err[512];
	int asked;

	/* SEHAT is open for Rasau, LALU has closed. */
	TEST_CHECK_INT(create(d, "survey", "{\"code\":\"SEHAT\",\"title\":"
	    "\"t\",\"questions\":[{\"text\":\"q\",\"type\":\"text\"}]}",
	    DCAMP_REGION, "Rasau", &asked, err, sizeof(err)), 0);
	TEST_CHECK_INT(create(d, "poll", POLL("LALU", ",\"closes_at\":"
	    "\"2099-01-01T00:00:00Z\""), DCAMP_ALL, "all", &asked, err,
	    sizeof(err)), 0);
	TEST_CHECK_INT(dsql_script(ddb_sql(d), "UPDATE campaigns SET "
	    "closes_at = 1000 WHERE code = 'LALU'"), 0);
	TEST_CHECK_INT(dsql_script(ddb_sql(d), "INSERT INTO gateways (id, "
	    "region, created_at) VALUES ('telat', 'Rasau', 2), ('jauh', "
	    "NULL, 2)"), 0);
	/* AIR (all), JALAN and SEHAT (Rasau's); not LALU, closed. */
	TEST_CHECK_INT(dcamp_join(d, "telat", "Rasau", now_wall()), 3);
	TEST_CHECK_INT(dcamp_join(d, "jauh", NULL, now_wall()), 1);
	/* Twice is once. */
	TEST_CHECK_INT(dcamp_join(d, "telat", "Rasau", now_wall()), 0);
	TEST_CHECK_INT(queued(d, "telat", "poll"), 2);
	TEST_CHECK_INT(queued(d, "telat", "survey"), 1);
	TEST_CHECK_INT(queued(d, "jauh", "poll"), 1);
	/* JEMBATAN was given by a list: never to a joiner. */
	TEST_CHECK_INT(dsql_script(ddb_sql(d), "INSERT INTO gateways (id, "
	    "region, created_at) VALUES ('nanti', 'Sungai Raya', 3)"), 0);
	TEST_CHECK_INT(dcamp_join(d, "nanti", "Sungai Raya", now_wall()), 1);
}

static void
results(struct ddb *d)
{
	json_t *r, *l, *g;
	size_t i;

	/* leksono: voter a changed from 2 to 1, b votes 2, an option the
	 * campaign does not have is left out; rasau: one vote; a village
	 * not asked and another poll's votes count for nothing. */
	TEST_CHECK_INT(dsql_script(ddb_sql(d), "INSERT INTO records (id, "
	    "gateway, type, at, data, received_at) VALUES "
	    "('leksono:a1-9', 'leksono', 'vote', '2026-11-22T10:00:00Z', "
	    "'{\"poll\":\"AIR\",\"option\":2,\"voter\":\"a\"}', 1), "
	    "('leksono:a1-10', 'leksono', 'vote', '2026-11-22T10:00:00Z', "
	    "'{\"poll\":\"AIR\",\"option\":1,\"voter\":\"a\"}', 1), "
	    "('leksono:a1-11', 'leksono', 'vote', '2026-11-22T10:01:00Z', "
	    "'{\"poll\":\"AIR\",\"option\":2,\"voter\":\"b\"}', 1), "
	    "('leksono:a1-12', 'leksono', 'vote', '2026-11-22T10:01:00Z', "
	    "'{\"poll\":\"AIR\",\"option\":7,\"voter\":\"c\"}', 1), "
	    "('rasau:1', 'rasau', 'vote', '2026-11-22T10:01:00Z', "
	    "'{\"poll\":\"AIR\",\"option\":3,\"voter\":\"a\"}', 1), "
	    "('lama:1', 'lama', 'vote', '2026-11-22T10:01:00Z', "
	    "'{\"poll\":\"AIR\",\"option\":3,\"voter\":\"a\"}', 1), "
	    "('kuala:1', 'kuala', 'vote', '2026-11-22T10:01:00Z', "
	    "'{\"poll\":\"JALAN\",\"option\":3,\"voter\":\"a\"}', 1), "
	    "('rasau:2', 'rasau', 'survey_response', '2026-11-22T10:01:00Z', "
	    "'{\"survey\":\"SEHAT\",\"respondent\":\"a\",\"answers\":"
	    "[\"baik\"]}', 1)"), 0);
	TEST_CHECK_INT(dcamp_results_json(d, "NONE", &r), DCAMP_UNKNOWN);
	TEST_CHECK_INT(dcamp_results_json(d, "AIR", &r), 0);
	TEST_CHECK_INT(json_integer_value(json_object_get(r, "asked")), 7);
	TEST_CHECK_INT(json_integer_value(json_object_get(r, "reported")), 2);
	TEST_CHECK_INT(json_integer_value(json_array_get(json_object_get(r,
	    "overall"), 0)), 1);
	TEST_CHECK_INT(json_integer_value(json_array_get(json_object_get(r,
	    "overall"), 1)), 1);
	TEST_CHECK_INT(json_integer_value(json_array_get(json_object_get(r,
	    "overall"), 2)), 1);
	json_array_foreach(json_object_get(r, "villages"), i, g)
		if (strcmp(json_string_value(json_object_get(g, "gateway")),
		    "leksono") == 0) {
			TEST_CHECK_STR(json_string_value(json_object_get(g,
			    "name")), "Desa Leksono");
			TEST_CHECK_INT(json_integer_value(json_object_get(g,
			    "total")), 2);
		}
	json_decref(r);
	TEST_CHECK_INT(dcamp_results_json(d, "SEHAT", &r), 0);
	TEST_CHECK_INT(json_integer_value(json_object_get(json_array_get(
	    json_object_get(r, "questions"), 0), "count")), 1);
	TEST_CHECK_INT(json_integer_value(json_object_get(r, "reported")), 1);
	json_decref(r);
	TEST_CHECK_INT(dcamp_list_json(d, &l), 0);
	TEST_CHECK_INT(json_array_size(l), 5);
	json_array_foreach(l, i, g)
		if (strcmp(json_string_value(json_object_get(g, "code")),
		    "LALU") == 0)
			TEST_CHECK(json_is_false(json_object_get(g, "open")));
	json_decref(l);
}

static void
on(const char *target)
{
	struct ddb *d = store(target);

	TEST_CHECK(d != NULL);
	if (d == NULL)
		return;
	targets(d);
	joiners(d);
	results(d);
	ddb_close(d);
}

TEST(sqlite)
{
	char path[64], cmd[96];

	TEST_CHECK(mkdtemp(dir) != NULL);
	snprintf(path, sizeof(path), "%s/d.db", dir);
	on(path);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	TEST_CHECK_INT(system(cmd), 0);
}

TEST(postgresql)
{
	const char *url = getenv("KABAR_TEST_DISTRICT_PG");

	if (url == NULL || url[0] == '\0')
		TEST_SKIP("KABAR_TEST_DISTRICT_PG is not set");
	on(url);
}

TEST_MAIN("campaigns",
	T(definitions),
	T(sqlite),
	T(postgresql))
