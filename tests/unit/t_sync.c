/*
 * The district link's pieces that need no network: the batch body and
 * its signature as the district checks them, the reading of "accepted",
 * Retry-After, the backoff, the loopback rule, and the applying of
 * updates (once, under the cursor, bad ones passed over).
 */
#include <jansson.h>
#include <unistd.h>
#include <zlib.h>

#include "test.h"
#include "fixture.h"
#include "district.h"
#include "district_gateways.h"
#include "district_store.h"
#include "sign.h"
#include "sync.h"

static struct journal_rec recs[] = {
	{ 7, "complaint", 1795400000, "{\"ticket\":\"123455\",\"text\":\"Jalan \\\"rusak\\\"\"}" },
	{ 9, "vote", 1795400060, "{\"poll\":\"AIR\",\"option\":2}" },
	{ 12, "optout", 1795400120, "{}" },
};

TEST(test_body_roundtrip)
{
	struct strbuf body = STRBUF_INIT;
	unsigned char *plain = NULL;
	size_t plen = 0;
	int too_big;
	json_t *root, *r;

	TEST_CHECK_INT(sync_batch_body("leksono", recs, 3, &body), 0);
	TEST_CHECK(body.len > 18 && (unsigned char)body.buf[0] == 0x1f);
	TEST_CHECK_INT(district_gunzip((unsigned char *)body.buf, body.len,
	    1 << 20, &plain, &plen, &too_big), 0);
	root = json_loadb((char *)plain, plen, 0, NULL);
	TEST_CHECK(root != NULL);
	TEST_CHECK_STR(json_string_value(json_object_get(root, "gateway")),
	    "leksono");
	TEST_CHECK_STR(json_string_value(json_object_get(root, "batch")),
	    "leksono-7-12-3");
	r = json_array_get(json_object_get(root, "records"), 0);
	TEST_CHECK_STR(json_string_value(json_object_get(r, "id")),
	    "leksono:7");
	TEST_CHECK_STR(json_string_value(json_object_get(r, "at")),
	    "2026-11-23T02:13:20Z");
	TEST_CHECK_STR(json_string_value(json_object_get(json_object_get(r,
	    "data"), "text")), "Jalan \"rusak\"");
	TEST_CHECK_INT(json_array_size(json_object_get(root, "records")), 3);
	json_decref(root);
	free(plain);
	sb_free(&body);
}

TEST(test_signature_matches_district)
{
	struct district_gateway g = { "leksono", "tok", "secret-key" };
	struct district_conf c = { 0 };
	char dir[] = "/tmp/kabar-unit-XXXXXX", path[64], sig[65], why[128];
	struct ddb *db;
	int wait;

	c.clock_window = 300;
	c.rate_per_minute = 600;
	TEST_CHECK(mkdtemp(dir) != NULL);
	snprintf(path, sizeof(path), "%s/d.db", dir);
	db = ddb_open(path, why, sizeof(why));
	TEST_CHECK(db != NULL);
	if (db == NULL)
		return;
	TEST_CHECK_INT(dgw_import(db, &g, 1, "d.conf", 1795400000), 1);
	TEST_CHECK_INT(batch_sign("secret-key", "1795400000", "abc", 3, sig), 0);
	/* openssl dgst -sha256 -hmac secret-key <<< "1795400000.abc" */
	TEST_CHECK_INT(strlen(sig), 64);
	TEST_CHECK_INT(district_auth(db, &c, "leksono", "Bearer tok", NULL,
	    "1795400000", sig, (const unsigned char *)"abc", 3, 1795400100,
	    &wait, why, sizeof(why)), 0);
	TEST_CHECK_INT(district_auth(db, &c, "leksono", "Bearer tok", NULL,
	    "1795400000", sig, (const unsigned char *)"abd", 3, 1795400100,
	    &wait, why, sizeof(why)), 401);
	TEST_CHECK_INT(district_auth(db, &c, "leksono", "Bearer tok", NULL,
	    "1795400000", sig, (const unsigned char *)"abc", 3, 1795407200,
	    &wait, why, sizeof(why)), 401);
	ddb_close(db);
	unlink(path);
	rmdir(dir);
}

TEST(test_accepted)
{
	char done[3];
	const char *a;
	int clash;

	a = "{\"accepted\":[\"leksono:12\",\"leksono:7\",\"leksono:7\","
	    "\"other:9\",\"leksono:99\",\"leksono:x\"]}";
	TEST_CHECK_INT(sync_parse_accepted("leksono", a, strlen(a), recs, 3,
	    done, &clash), 2);
	TEST_CHECK(done[0] && !done[1] && done[2]);
	a = "{\"accepted\":[]}";
	TEST_CHECK_INT(sync_parse_accepted("leksono", a, strlen(a), recs, 3,
	    done, &clash), 0);
	a = "<html>";
	TEST_CHECK_INT(sync_parse_accepted("leksono", a, strlen(a), recs, 3,
	    done, &clash), -1);
	a = "{\"accepted\":\"leksono:7\"}";
	TEST_CHECK_INT(sync_parse_accepted("leksono", a, strlen(a), recs, 3,
	    done, &clash), -1);
	a = "{\"accepted\":[7]}";
	TEST_CHECK_INT(sync_parse_accepted("leksono", a, strlen(a), recs, 3,
	    done, &clash), -1);
	/* "leksono2:7" is another gateway, not ours. */
	a = "{\"accepted\":[\"leksono2:7\"]}";
	TEST_CHECK_INT(sync_parse_accepted("leksono", a, strlen(a), recs, 3,
	    done, &clash), 0);
}

/* Ids carry the database's identity; the district's conflicts are
 * told apart from what it accepted. */
TEST(test_store_ids_and_conflicts)
{
	struct journal_rec st[] = {
		{ 7, "complaint", 1795400000, "{}", "" },
		{ 9, "vote", 1795400060, "{}", "9f3a61c2d0b4" },
		{ 12, "optout", 1795400120, "{}", "9f3a61c2d0b4" },
	};
	char id[SYNC_ID_MAX], done[3];
	const char *a;
	int clash;

	sync_record_id("leksono", &st[0], id, sizeof(id));
	TEST_CHECK_STR(id, "leksono:7");
	sync_record_id("leksono", &st[1], id, sizeof(id));
	TEST_CHECK_STR(id, "leksono:9f3a61c2d0b4-9");
	a = "{\"accepted\":[\"leksono:7\",\"leksono:9f3a61c2d0b4-12\","
	    "\"leksono:000000000000-9\",\"leksono:9\"],"
	    "\"conflicts\":[\"leksono:9f3a61c2d0b4-9\"]}";
	TEST_CHECK_INT(sync_parse_accepted("leksono", a, strlen(a), st, 3, done,
	    &clash), 2);
	TEST_CHECK_INT(clash, 1);
	TEST_CHECK(done[0] == SYNC_ACCEPTED && done[1] == SYNC_CONFLICT &&
	    done[2] == SYNC_ACCEPTED);
	a = "{\"accepted\":[],\"conflicts\":\"leksono:7\"}";
	TEST_CHECK_INT(sync_parse_accepted("leksono", a, strlen(a), st, 3, done,
	    &clash), -1);
}

TEST(test_retry_after_and_backoff)
{
	unsigned int seed = 1;
	int i, d;

	TEST_CHECK_INT(sync_retry_after("120", 0), 120);
	TEST_CHECK_INT(sync_retry_after(" 5", 0), 5);
	TEST_CHECK_INT(sync_retry_after("Sun, 22 Nov 2026 00:00:10 GMT",
	    1795305600), 10);
	TEST_CHECK_INT(sync_retry_after("soon", 0), -1);
	TEST_CHECK_INT(sync_retry_after("-3", 0), -1);
	for (i = 0; i < 200; i++) {
		d = sync_backoff(1 + i % 12, 5, 1800, &seed);
		TEST_CHECK(d >= 5 && d <= 1800);
	}
	TEST_CHECK(sync_backoff(30, 5, 1800, &seed) >= 900);
	TEST_CHECK(sync_backoff(1, 5, 1800, &seed) <= 5);
}

TEST(test_loopback)
{
	TEST_CHECK(url_is_loopback("http://127.0.0.1:9000/x"));
	TEST_CHECK(url_is_loopback("http://localhost"));
	TEST_CHECK(url_is_loopback("http://[::1]:80/"));
	TEST_CHECK(!url_is_loopback("http://127.0.0.1.example.com/"));
	TEST_CHECK(!url_is_loopback("http://district.go.id"));
	TEST_CHECK(!url_is_loopback("http://127.0.0.1@evil.example/"));
	TEST_CHECK(!url_is_loopback("http://localhost.evil.example"));
}

TEST(test_config_sync_rules)
{
	struct fixture fx;

	TEST_CHECK(fixture_open(&fx, "id", 10, "sync : { url = "
	    "\"http://district.example\"; token = \"t\"; hmac_key = \"k\"; };")
	    != 0);
	TEST_CHECK(fixture_open(&fx, "id", 10, "sync : { url = "
	    "\"https://district.example\"; };") != 0);
	TEST_CHECK(fixture_open(&fx, "id", 10, "sync : { url = "
	    "\"https://district.example\"; token = \"t\"; hmac_key = \"k\"; "
	    "pinned_key = \"nonsense\"; };") != 0);
	if (fixture_open(&fx, "id", 10, "sync : { url = "
	    "\"https://district.example\"; token = \"t\"; hmac_key = \"k\"; "
	    "pinned_key = \"sha256//AAAA\"; };") == 0)
		fixture_close(&fx);
	else
		TEST_CHECK(!"a good sync section was refused");
}

static int
apply(struct fixture *fx, const char *since, const char *page, int *more)
{
	char err[200];

	return sync_apply_updates(fx->db, fx->cfg, since, page, strlen(page),
	    fx->now, more, err, sizeof(err));
}

TEST(test_apply_updates)
{
	struct fixture fx;
	int more;
	char tk[8], page[512];

	if (fixture_open(&fx, "id", 10, "") != 0) {
		TEST_CHECK(!"fixture");
		return;
	}
	fixture_sms(&fx, "+6281230000001", "DAFTAR Budi #RT01");
	fixture_sms(&fx, "+6281230000002", "DAFTAR Sri #RT02");
	fixture_sms(&fx, "+6281230000003", "DAFTAR Ani #RT01");
	fixture_sms(&fx, "+6281230000003", "BERHENTI");
	fixture_sms(&fx, "+6281230000001", "ADUAN lampu jalan mati");
	snprintf(tk, sizeof(tk), "%s", fixture_q(&fx,
	    "SELECT number FROM tickets"));
	snprintf(page, sizeof(page), "{\"cursor\":\"3\",\"updates\":["
	    "{\"id\":1,\"type\":\"broadcast\",\"text\":\"Kerja bakti\","
	    "\"group\":\"RT01\"},"
	    "{\"id\":2,\"type\":\"complaint_status\",\"ticket\":\"%s\","
	    "\"status\":\"selesai\",\"note\":\"sudah\"},"
	    "{\"id\":3,\"type\":\"poll\",\"code\":\"X\"},"
	    "{\"id\":4,\"type\":\"weather\"},"
	    "{\"id\":5,\"type\":\"broadcast\",\"text\":\"Hi\",\"group\":\"RT9\"},"
	    "{\"id\":6,\"type\":\"complaint_status\",\"ticket\":\"%s\","
	    "\"status\":\"siap\"},"
	    "7]}", tk, tk);
	TEST_CHECK_INT(apply(&fx, "", page, &more), 2);
	TEST_CHECK_INT(more, 1);
	/* Only Budi: Sri is in RT02 and Ani opted out. */
	TEST_CHECK_STR(fixture_q(&fx, "SELECT group_concat(recipient) FROM "
	    "outbox WHERE kind = 'broadcast'"), "+6281230000001");
	TEST_CHECK_STR(fixture_q(&fx, "SELECT status FROM tickets"),
	    "selesai");
	TEST_CHECK_STR(fixture_q(&fx, "SELECT value FROM meta WHERE key = "
	    "'sync.cursor'"), "3");
	TEST_CHECK_STR(fixture_q(&fx, "SELECT COUNT(*) FROM polls"), "0");
	TEST_CHECK_STR(fixture_q(&fx, "SELECT COUNT(*) FROM audit WHERE "
	    "phone = 'district'"), "4");
	/* The same page again, under the old cursor: nothing happens. */
	TEST_CHECK_INT(apply(&fx, "", page, &more), 0);
	TEST_CHECK_STR(fixture_q(&fx, "SELECT COUNT(*) FROM outbox WHERE "
	    "kind = 'broadcast'"), "1");
	/* An empty page, and pages that are not pages. */
	TEST_CHECK_INT(apply(&fx, "3", "{\"cursor\":\"3\",\"updates\":[]}",
	    &more), 0);
	TEST_CHECK_INT(more, 0);
	TEST_CHECK_INT(apply(&fx, "3", "{\"updates\":[]}", &more), -1);
	TEST_CHECK_INT(apply(&fx, "3", "[]", &more), -1);
	TEST_CHECK_INT(apply(&fx, "3", "{\"cursor\":{},\"updates\":[]}",
	    &more), -1);
	TEST_CHECK_INT(apply(&fx, "3", "{\"cursor\":4,\"updates\":[{\"type\":"
	    "\"survey\",\"code\":\"SEHAT\",\"title\":\"Sehat\",\"questions\":"
	    "[{\"text\":\"Umur?\",\"type\":\"number\",\"min\":0,\"max\":120}],"
	    "\"send\":true}]}", &more), 1);
	TEST_CHECK_STR(fixture_q(&fx, "SELECT value FROM meta WHERE key = "
	    "'sync.cursor'"), "4");
	TEST_CHECK_STR(fixture_q(&fx, "SELECT COUNT(*) FROM outbox WHERE "
	    "kind = 'survey'"), "2");
	fixture_close(&fx);
}

TEST_MAIN("sync", T(test_body_roundtrip), T(test_signature_matches_district),
    T(test_accepted), T(test_store_ids_and_conflicts),
    T(test_retry_after_and_backoff), T(test_loopback),
    T(test_config_sync_rules), T(test_apply_updates))
