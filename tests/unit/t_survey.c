/*
 * Surveys: each SMS answers the next question, invalid answers repeat it
 * with a hint, BATAL stops, a day of silence lets it lapse, and the
 * completed response is one journal record.
 */
#include "fixture.h"
#include "survey.h"
#include "test.h"

#define COUNT(fx, sql) atoi(fixture_q(fx, sql))

static const char *sehat =
    "{\"code\": \"SEHAT\", \"title\": \"Survei kesehatan\", \"questions\": ["
    "{\"text\": \"Ada balita di rumah?\", \"type\": \"choice\","
    " \"options\": [\"Ya\", \"Tidak\"]},"
    "{\"text\": \"Umur?\", \"type\": \"number\", \"min\": 0, \"max\": 120},"
    "{\"text\": \"Saran untuk puskesmas?\", \"type\": \"text\"}]}";

static int
create(struct fixture *fx, const char *json, char *err, size_t errsz)
{
	struct svc ctx = { 0 };
	char code[16];
	int rc;

	ctx.db = fx->db;
	ctx.cfg = fx->cfg;
	ctx.now = fx->now;
	db_begin(fx->db);
	rc = survey_create(&ctx, json, code, sizeof(code), err, errsz);
	if (rc == 0)
		db_commit(fx->db);
	else
		db_rollback(fx->db);
	return rc;
}

TEST(test_survey_walk)
{
	struct fixture fx;
	char err[256];

	if (fixture_open(&fx, "id", 100, NULL) != 0)
		TEST_SKIP("no temporary folder");
	TEST_CHECK_INT(create(&fx, sehat, err, sizeof(err)), 0);
	fixture_sms(&fx, "08123456789", "SURVEI sehat");
	TEST_CHECK(strstr(fixture_last_reply(&fx), "(1/3) Ada balita") != NULL);
	TEST_CHECK(strstr(fixture_last_reply(&fx), "1=Ya, 2=Tidak") != NULL);
	fixture_sms(&fx, "08123456789", "5");
	TEST_CHECK(strstr(fixture_last_reply(&fx), "Balas angka 1-2") != NULL);
	fixture_sms(&fx, "08123456789", "1");
	TEST_CHECK(strstr(fixture_last_reply(&fx), "(2/3) Umur?") != NULL);
	fixture_sms(&fx, "08123456789", "seratus");
	TEST_CHECK(strstr(fixture_last_reply(&fx), "0-120") != NULL);
	fixture_sms(&fx, "08123456789", "130");
	TEST_CHECK(strstr(fixture_last_reply(&fx), "0-120") != NULL);
	fixture_sms(&fx, "08123456789", "34");
	/* Free text, even one that looks like a keyword. */
	fixture_sms(&fx, "08123456789", "INFO jam buka lebih panjang");
	TEST_CHECK(strstr(fixture_last_reply(&fx), "sudah tercatat") != NULL);
	TEST_CHECK_STR(fixture_q(&fx, "SELECT answers FROM survey_responses"),
	    "[1,34,\"INFO jam buka lebih panjang\"]");
	TEST_CHECK_INT(COUNT(&fx, "SELECT COUNT(*) FROM journal WHERE type = "
	    "'survey_response' AND data NOT LIKE '%8123456789%'"), 1);
	TEST_CHECK_INT(COUNT(&fx, "SELECT COUNT(*) FROM survey_sessions"), 0);
	/* After the survey, keywords work again. */
	fixture_sms(&fx, "08123456789", "INFO");
	TEST_CHECK(strstr(fixture_last_reply(&fx), "Kata kunci") != NULL);
	fixture_close(&fx);
}

TEST(test_survey_cancel_and_expiry)
{
	struct fixture fx;
	char err[256];

	if (fixture_open(&fx, "id", 100, NULL) != 0)
		TEST_SKIP("no temporary folder");
	TEST_CHECK_INT(create(&fx, sehat, err, sizeof(err)), 0);
	fixture_sms(&fx, "08123456789", "SURVEY SEHAT");
	fixture_sms(&fx, "08123456789", "2");
	fixture_sms(&fx, "08123456789", "batal");
	TEST_CHECK(strstr(fixture_last_reply(&fx), "dihentikan") != NULL);
	TEST_CHECK_INT(COUNT(&fx, "SELECT COUNT(*) FROM survey_sessions"), 0);
	TEST_CHECK_INT(COUNT(&fx, "SELECT COUNT(*) FROM survey_responses"), 0);
	/* Expiry: after 24 h of silence the next SMS is a normal one. */
	fixture_sms(&fx, "08123456789", "SURVEI SEHAT");
	fx.now += 24 * 3600 + 1;
	fixture_sms(&fx, "08123456789", "1");
	TEST_CHECK(strstr(fixture_last_reply(&fx), "tidak dikenali") != NULL);
	TEST_CHECK_INT(COUNT(&fx, "SELECT COUNT(*) FROM survey_sessions"), 0);
	fixture_sms(&fx, "08123456789", "SURVEI XYZ");
	TEST_CHECK(strstr(fixture_last_reply(&fx), "SEHAT") != NULL);
	fixture_close(&fx);
}

TEST(test_survey_bad_definitions)
{
	struct fixture fx;
	char err[256];

	if (fixture_open(&fx, "id", 100, NULL) != 0)
		TEST_SKIP("no temporary folder");
	TEST_CHECK_INT(create(&fx, "[]", err, sizeof(err)), -1);
	TEST_CHECK_INT(create(&fx, "{\"code\": \"A1\", \"title\": \"t\", "
	    "\"questions\": []}", err, sizeof(err)), -1);
	TEST_CHECK_INT(create(&fx, "{\"code\": \"A1\", \"title\": \"t\", "
	    "\"questions\": [{\"text\": \"q\", \"type\": \"choice\"}]}", err,
	    sizeof(err)), -1);
	TEST_CHECK_INT(create(&fx, "{\"code\": \"A1\", \"title\": \"t\", "
	    "\"questions\": [{\"text\": \"q\", \"type\": \"number\", \"min\": 5,"
	    " \"max\": 1}]}", err, sizeof(err)), -1);
	TEST_CHECK_INT(create(&fx, "{\"code\": \"A1\", \"title\": \"t\", "
	    "\"questions\": [{\"text\": \"q\", \"type\": \"date\"}]}", err,
	    sizeof(err)), -1);
	TEST_CHECK(strstr(err, "type") != NULL);
	/* misspelt keys, at the top and in a question, are named */
	TEST_CHECK_INT(create(&fx, "{\"code\": \"A1\", \"tittle\": \"t\", "
	    "\"questions\": [{\"text\": \"q\", \"type\": \"text\"}]}", err,
	    sizeof(err)), -1);
	TEST_CHECK(strstr(err, "maksudnya \"title\"") != NULL);
	TEST_CHECK_INT(create(&fx, "{\"code\": \"A1\", \"title\": \"t\", "
	    "\"questions\": [{\"text\": \"q\", \"type\": \"number\", "
	    "\"maximum\": 9}]}", err, sizeof(err)), -1);
	TEST_CHECK(strstr(err, "pertanyaan 1: kunci \"maximum\" tidak dikenal")
	    != NULL);
	fixture_close(&fx);
}

TEST_MAIN("survey", T(test_survey_walk), T(test_survey_cancel_and_expiry),
    T(test_survey_bad_definitions))
