/*
 * Polls: 30 voters with changed votes, late votes, bare digits, letters,
 * unknown polls and options, public and private results, per-group tally.
 */
#include "fixture.h"
#include "poll.h"
#include "test.h"

#define COUNT(fx, sql) atoi(fixture_q(fx, sql))

static const char *air =
    "{\"code\": \"AIR\", \"question\": \"Sumber air bersih yang dipilih?\","
    " \"options\": [\"Sumur bor\", \"PDAM\", \"Tandon\"],"
    " \"closes_at\": \"2026-12-01T00:00:00Z\", \"group\": null,"
    " \"public_results\": true, \"send\": true}";

static int
open_poll(struct fixture *fx, const char *json, char *err, size_t errsz)
{
	struct svc ctx = { 0 };
	char code[16];
	int rc;

	ctx.db = fx->db;
	ctx.cfg = fx->cfg;
	ctx.now = fx->now;
	db_begin(fx->db);
	rc = poll_create(&ctx, json, code, sizeof(code), err, errsz);
	if (rc == 0)
		db_commit(fx->db);
	else
		db_rollback(fx->db);
	return rc;
}

static void
phone_of(int i, char *out, size_t outsz)
{
	snprintf(out, outsz, "0813%08d", i);
}

TEST(test_poll_30_voters)
{
	struct fixture fx;
	char err[256], phone[20], e164[PHONE_MAX];
	int i;

	if (fixture_open(&fx, "id", 100, NULL) != 0)
		TEST_SKIP("no temporary folder");
	for (i = 0; i < 30; i++) {
		phone_of(i, phone, sizeof(phone));
		phone_normalise(phone, "62", e164, sizeof(e164));
		db_resident_put(fx.db, e164, "Warga", i % 2 ? "RT01" : "RT02",
		    fx.now);
	}
	TEST_CHECK_INT(open_poll(&fx, air, err, sizeof(err)), 0);
	TEST_CHECK_INT(COUNT(&fx, "SELECT COUNT(*) FROM outbox WHERE kind = "
	    "'poll'"), 30);
	TEST_CHECK(strstr(fixture_q(&fx, "SELECT text FROM outbox WHERE kind = "
	    "'poll'"), "PILIH AIR") != NULL);
	for (i = 0; i < 30; i++) {
		static const char *const forms[] = { "PILIH AIR 1", "air 2",
		    "3", "b", "VOTE air C", "pilih  AIR  1." };

		phone_of(i, phone, sizeof(phone));
		fixture_sms(&fx, phone, forms[i % 6]);
	}
	TEST_CHECK_INT(COUNT(&fx, "SELECT COUNT(*) FROM votes"), 30);
	TEST_CHECK_INT(COUNT(&fx, "SELECT COUNT(*) FROM votes WHERE option = 1"),
	    10);
	TEST_CHECK_INT(COUNT(&fx, "SELECT COUNT(*) FROM votes WHERE option = 2"),
	    10);
	/* Changed votes replace, they do not add. */
	phone_of(0, phone, sizeof(phone));
	fixture_sms(&fx, phone, "PILIH AIR 3");
	TEST_CHECK(strstr(fixture_last_reply(&fx), "diubah") != NULL);
	TEST_CHECK_INT(COUNT(&fx, "SELECT COUNT(*) FROM votes"), 30);
	TEST_CHECK_INT(COUNT(&fx, "SELECT COUNT(*) FROM votes WHERE option = 3"),
	    11);
	/* Voter records carry a hash, never the number. */
	TEST_CHECK_INT(COUNT(&fx, "SELECT COUNT(*) FROM journal WHERE type = "
	    "'vote' AND data LIKE '%62813%'"), 0);
	TEST_CHECK_INT(COUNT(&fx, "SELECT COUNT(*) FROM journal WHERE type = "
	    "'vote'"), 31);
	/* A wrong option lists what is valid; an unknown poll the open ones. */
	fixture_sms(&fx, phone, "PILIH AIR 7");
	TEST_CHECK(strstr(fixture_last_reply(&fx), "1,2,3") != NULL);
	fixture_sms(&fx, phone, "PILIH JALAN 1");
	TEST_CHECK(strstr(fixture_last_reply(&fx), "AIR") != NULL);
	/* Public results, for everyone, in one SMS. */
	fixture_sms(&fx, phone, "HASIL AIR");
	TEST_CHECK(strstr(fixture_last_reply(&fx), "30 suara") != NULL);
	TEST_CHECK(strlen(fixture_last_reply(&fx)) <= 160);
	/* Late: after closes_at nothing changes. */
	fx.now = 1796083200 + 10;	/* after 2026-12-01 */
	fixture_sms(&fx, phone, "PILIH AIR 1");
	TEST_CHECK(strstr(fixture_last_reply(&fx), "ditutup") != NULL);
	TEST_CHECK_INT(COUNT(&fx, "SELECT COUNT(*) FROM votes WHERE option = 3"),
	    11);
	TEST_CHECK_STR(fixture_q(&fx, "SELECT status FROM polls"), "closed");
	/* Per group tally: RT01 and RT02 add up to 30. */
	TEST_CHECK_INT(atoi(fixture_q(&fx, "SELECT SUM(n) FROM (SELECT r.grp, "
	    "COUNT(*) AS n FROM votes v JOIN residents r ON r.phone = v.phone "
	    "GROUP BY r.grp)")), 30);
	fixture_close(&fx);
}

TEST(test_poll_private_and_admin_close)
{
	struct fixture fx;
	char err[256];

	if (fixture_open(&fx, "id", 100, NULL) != 0)
		TEST_SKIP("no temporary folder");
	TEST_CHECK_INT(open_poll(&fx, "{\"code\": \"RAPAT\", \"question\": "
	    "\"Hari rapat?\", \"options\": [\"Senin\", \"Kamis\"]}", err,
	    sizeof(err)), 0);
	fixture_sms(&fx, "08125550001", "RAPAT 2");
	fixture_sms(&fx, "08125550001", "HASIL RAPAT");
	TEST_CHECK(strstr(fixture_last_reply(&fx), "tidak dibuka") != NULL);
	fixture_sms(&fx, "081200000001", "HASIL RAPAT");
	TEST_CHECK(strstr(fixture_last_reply(&fx), "1 suara") != NULL);
	/* A bare digit is not a vote when no poll was sent to the phone. */
	fixture_sms(&fx, "08125550002", "2");
	TEST_CHECK(strstr(fixture_last_reply(&fx), "tidak dikenali") != NULL);
	fixture_sms(&fx, "081200000001", "POLL 4321 TUTUP RAPAT");
	TEST_CHECK(strstr(fixture_last_reply(&fx), "ditutup") != NULL);
	fixture_sms(&fx, "08125550003", "PILIH RAPAT 1");
	TEST_CHECK(strstr(fixture_last_reply(&fx), "sudah ditutup") != NULL);
	fixture_close(&fx);
}

TEST(test_poll_bad_definitions)
{
	struct fixture fx;
	char err[256];

	if (fixture_open(&fx, "id", 100, NULL) != 0)
		TEST_SKIP("no temporary folder");
	TEST_CHECK_INT(open_poll(&fx, "{", err, sizeof(err)), -1);
	TEST_CHECK_INT(open_poll(&fx, "{\"code\": \"X\", \"question\": \"q\", "
	    "\"options\": [\"a\", \"b\"]}", err, sizeof(err)), -1);
	TEST_CHECK_INT(open_poll(&fx, "{\"code\": \"INFO\", \"question\": \"q\","
	    " \"options\": [\"a\", \"b\"]}", err, sizeof(err)), -1);
	TEST_CHECK(strstr(err, "kata kunci") != NULL);
	TEST_CHECK_INT(open_poll(&fx, "{\"code\": \"AB\", \"question\": \"q\", "
	    "\"options\": [\"a\"]}", err, sizeof(err)), -1);
	TEST_CHECK_INT(open_poll(&fx, "{\"code\": \"AB\", \"question\": \"q\", "
	    "\"options\": [\"a\", \"b\"], \"group\": \"RT09\"}", err,
	    sizeof(err)), -1);
	TEST_CHECK_INT(open_poll(&fx, "{\"code\": \"AB\", \"question\": \"q\", "
	    "\"options\": [\"a\", \"b\"], \"closes_at\": \"besok\"}", err,
	    sizeof(err)), -1);
	TEST_CHECK_INT(open_poll(&fx, "{\"code\": \"AB\", \"question\": \"q\", "
	    "\"options\": [\"a\", \"b\"]}", err, sizeof(err)), 0);
	TEST_CHECK_INT(open_poll(&fx, "{\"code\": \"AB\", \"question\": \"q\", "
	    "\"options\": [\"a\", \"b\"]}", err, sizeof(err)), -1);
	TEST_CHECK(strstr(err, "sudah ada") != NULL);
	fixture_close(&fx);
}

/* A misspelt key is refused by name, never taken as an absent one. */
TEST(test_poll_unknown_keys_and_local_close)
{
	struct fixture fx;
	char err[256];

	if (fixture_open(&fx, "id", 100, NULL) != 0)
		TEST_SKIP("no temporary folder");
	setenv("TZ", "Asia/Jakarta", 1);
	tzset();
	TEST_CHECK_INT(open_poll(&fx, "{\"code\": \"AB\", \"question\": \"q\", "
	    "\"options\": [\"a\", \"b\"], \"public_result\": true}", err,
	    sizeof(err)), -1);
	TEST_CHECK(strstr(err, "\"public_result\"") != NULL);
	TEST_CHECK(strstr(err, "maksudnya \"public_results\"") != NULL);
	TEST_CHECK_INT(open_poll(&fx, "{\"code\": \"AB\", \"question\": \"q\", "
	    "\"options\": [\"a\", \"b\"], \"colour\": \"red\"}", err,
	    sizeof(err)), -1);
	TEST_CHECK(strstr(err, "kunci \"colour\" tidak dikenal (kuncinya: "
	    "code,") != NULL);
	TEST_CHECK_INT(open_poll(&fx, "{\"code\": \"AB\", \"options\": "
	    "[\"a\", \"b\"]}", err, sizeof(err)), -1);
	TEST_CHECK_STR(err, "poll: \"question\" tidak ada");
	TEST_CHECK_INT(open_poll(&fx, "{\"code\": \"AB\", \"question\": \"q\", "
	    "\"options\": [\"a\", \"b\"], \"closes_at\": \"2026-12-08 17:00\"}",
	    err, sizeof(err)), 0);
	TEST_CHECK_STR(fixture_q(&fx, "SELECT closes_at FROM polls WHERE "
	    "code = 'AB'"), "1796724000");	/* 2026-12-08T10:00:00Z */
	fixture_close(&fx);
	/* The operator's language is the gateway's. */
	if (fixture_open(&fx, "en", 100, NULL) != 0)
		TEST_SKIP("no temporary folder");
	TEST_CHECK_INT(open_poll(&fx, "{\"code\": \"AB\", \"question\": \"q\", "
	    "\"options\": [\"a\", \"b\"], \"public_result\": true}", err,
	    sizeof(err)), -1);
	TEST_CHECK_STR(err, "poll: unknown key \"public_result\"; did you mean "
	    "\"public_results\"? (the keys are: code, question, options, "
	    "closes_at, group, public_results, send)");
	fixture_close(&fx);
}

TEST_MAIN("polls", T(test_poll_30_voters), T(test_poll_private_and_admin_close),
    T(test_poll_bad_definitions), T(test_poll_unknown_keys_and_local_close))
