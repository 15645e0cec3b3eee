/*
 * The foundation's keywords through the pipeline, against a real SQLite
 * database: registration, opt-out, help, the hint, and the rules every
 * reply passes (no reply to operator robots, the hourly cap, the budget).
 */
#include "fixture.h"
#include "handlers.h"
#include "keywords.h"
#include "test.h"

#define COUNT(fx, sql) atoi(fixture_q(fx, sql))

TEST(test_register)
{
	struct fixture fx;

	if (fixture_open(&fx, "id", 10, NULL) != 0)
		TEST_SKIP("no temporary folder");
	TEST_CHECK_INT(fixture_sms(&fx, "08123456789", "DAFTAR Budi #RT01"), 0);
	TEST_CHECK(strstr(fixture_last_reply(&fx), "Budi") != NULL);
	TEST_CHECK(strstr(fixture_last_reply(&fx), "RT01") != NULL);
	TEST_CHECK_STR(fixture_q(&fx, "SELECT name || '/' || grp FROM residents "
	    "WHERE phone = '+628123456789'"), "Budi/RT01");
	TEST_CHECK_STR(fixture_q(&fx, "SELECT type FROM journal"), "registration");
	TEST_CHECK_STR(fixture_q(&fx, "SELECT recipient FROM outbox"),
	    "+628123456789");
	TEST_CHECK_STR(fixture_q(&fx, "SELECT state FROM inbox"), "done");
	/* Again: an update, group kept when not given. */
	TEST_CHECK_INT(fixture_sms(&fx, "+628123456789", "daftar  Budi Santoso"), 0);
	TEST_CHECK(strstr(fixture_last_reply(&fx), "diperbarui") != NULL);
	TEST_CHECK_STR(fixture_q(&fx, "SELECT name || '/' || grp FROM residents"),
	    "Budi Santoso/RT01");
	TEST_CHECK_INT(COUNT(&fx, "SELECT COUNT(*) FROM journal"), 2);
	fixture_close(&fx);
}

TEST(test_register_errors)
{
	struct fixture fx;

	if (fixture_open(&fx, "id", 10, NULL) != 0)
		TEST_SKIP("no temporary folder");
	fixture_sms(&fx, "08123456789", "DAFTAR");
	TEST_CHECK(strstr(fixture_last_reply(&fx), "DAFTAR nama") != NULL);
	/* A name past 40 characters is cut; its group still counts, and
	 * the resident is told of the cut. */
	fixture_sms(&fx, "08123456780", "DAFTAR Raden Mas Muhammad Abdurrahman "
	    "Wahyudi Prasetyo Nugroho Sastrowardoyo #RT02");
	TEST_CHECK_STR(fixture_q(&fx, "SELECT grp FROM residents WHERE phone = "
	    "'+628123456780'"), "RT02");
	TEST_CHECK(strstr(fixture_last_reply(&fx), "RT02") != NULL);
	fixture_sms(&fx, "08123456780", "BERHENTI");
	TEST_CHECK_INT(COUNT(&fx, "DELETE FROM residents"), 0);
	TEST_CHECK_INT(COUNT(&fx, "DELETE FROM journal"), 0);
	TEST_CHECK_INT(COUNT(&fx, "DELETE FROM outbox"), 0);
	fixture_sms(&fx, "08123456789", "REG Budi #RT09");
	TEST_CHECK(strstr(fixture_last_reply(&fx), "RT09") != NULL);
	TEST_CHECK(strstr(fixture_last_reply(&fx), "RT01, RT02") != NULL);
	TEST_CHECK_INT(COUNT(&fx, "SELECT COUNT(*) FROM residents"), 0);
	TEST_CHECK_INT(COUNT(&fx, "SELECT COUNT(*) FROM journal"), 0);
	fixture_close(&fx);
}

TEST(test_stop_once)
{
	struct fixture fx;

	if (fixture_open(&fx, "id", 10, NULL) != 0)
		TEST_SKIP("no temporary folder");
	fixture_sms(&fx, "08123456789", "DAFTAR Budi");
	fixture_sms(&fx, "08123456789", "berhenti");
	TEST_CHECK(strstr(fixture_last_reply(&fx), "tidak akan menerima") != NULL);
	TEST_CHECK(atoll(fixture_q(&fx, "SELECT opted_out_at FROM residents")) > 0);
	fixture_sms(&fx, "08123456789", "STOP");
	TEST_CHECK_INT(COUNT(&fx, "SELECT COUNT(*) FROM outbox"), 2);
	TEST_CHECK_INT(COUNT(&fx, "SELECT COUNT(*) FROM journal WHERE type = 'optout'"),
	    1);
	/* Registering again ends the opt-out. */
	fixture_sms(&fx, "08123456789", "DAFTAR Budi");
	TEST_CHECK_STR(fixture_q(&fx, "SELECT COALESCE(opted_out_at, 'none') "
	    "FROM residents"), "none");
	fixture_close(&fx);
}

TEST(test_info_and_hint)
{
	struct fixture fx;

	if (fixture_open(&fx, "id", 10, NULL) != 0)
		TEST_SKIP("no temporary folder");
	fixture_sms(&fx, "08123456789", "  info!! ");
	TEST_CHECK(strstr(fixture_last_reply(&fx), "Kata kunci") != NULL);
	fixture_sms(&fx, "08123456789", "BANTUN");	/* one typo */
	TEST_CHECK(strstr(fixture_last_reply(&fx), "Kata kunci") != NULL);
	fixture_sms(&fx, "08123456789", "halo pak");
	TEST_CHECK(strstr(fixture_last_reply(&fx), "INFO") != NULL);
	TEST_CHECK(strstr(fixture_last_reply(&fx), "tidak dikenali") != NULL);
	fixture_sms(&fx, "08123456789", "");
	TEST_CHECK(strstr(fixture_last_reply(&fx), "tidak dikenali") != NULL);
	fixture_close(&fx);
}

TEST(test_english)
{
	struct fixture fx;

	if (fixture_open(&fx, "en", 10, NULL) != 0)
		TEST_SKIP("no temporary folder");
	fixture_sms(&fx, "08123456789", "help");
	TEST_CHECK(strstr(fixture_last_reply(&fx), "Keywords") != NULL);
	fixture_close(&fx);
}

TEST(test_config_alias)
{
	struct fixture fx;

	if (fixture_open(&fx, "id", 10,
	    "keywords = { DAFTAR = ( \"IKUT\" ); };\n") != 0)
		TEST_SKIP("no temporary folder");
	fixture_sms(&fx, "08123456789", "ikut Sari");
	TEST_CHECK_STR(fixture_q(&fx, "SELECT name FROM residents"), "Sari");
	fixture_close(&fx);
}

TEST(test_no_reply_to_robots)
{
	struct fixture fx;

	if (fixture_open(&fx, "id", 10, NULL) != 0)
		TEST_SKIP("no temporary folder");
	fixture_sms(&fx, "TELKOMSEL", "Sisa pulsa Anda Rp 5000. INFO hub 188");
	fixture_sms(&fx, "3636", "INFO");
	TEST_CHECK_INT(COUNT(&fx, "SELECT COUNT(*) FROM outbox"), 0);
	TEST_CHECK_INT(COUNT(&fx, "SELECT COUNT(*) FROM inbox WHERE state = 'kept'"),
	    2);
	fixture_close(&fx);
}

/* A robot answering every reply: capped three hours in a row, it gets
 * no replies for a day (its messages still count) and the admins hear
 * of it once. */
TEST(test_robot)
{
	struct fixture fx;
	int h, i;

	if (fixture_open(&fx, "id", 3, NULL) != 0)
		TEST_SKIP("no temporary folder");
	fx.now = fx.now / 3600 * 3600 + 60;
	for (h = 0; h < 3; h++) {
		for (i = 0; i < 4; i++)
			fixture_sms(&fx, "08123456789", "INFO");
		fx.now += 3601;
	}
	TEST_CHECK_INT(COUNT(&fx, "SELECT COUNT(*) FROM outbox WHERE "
	    "recipient = '+628123456789'"), 9);
	TEST_CHECK_INT(COUNT(&fx, "SELECT COUNT(*) FROM outbox WHERE "
	    "recipient = '+6281200000001' AND text LIKE '%+628123456789%'"), 1);
	/* Held: an hour later nothing goes, yet a complaint is filed. */
	fixture_sms(&fx, "08123456789", "INFO");
	fixture_sms(&fx, "08123456789", "ADUAN robot ini mengganggu");
	TEST_CHECK_INT(COUNT(&fx, "SELECT COUNT(*) FROM outbox WHERE "
	    "recipient = '+628123456789'"), 9);
	TEST_CHECK_INT(COUNT(&fx, "SELECT COUNT(*) FROM tickets"), 1);
	/* The admins were told once, not at every held message. */
	TEST_CHECK_INT(COUNT(&fx, "SELECT COUNT(*) FROM outbox WHERE "
	    "recipient = '+6281200000001'"), 1);
	/* A day later it is answered again. */
	fx.now += 24 * 3600;
	fixture_sms(&fx, "08123456789", "INFO");
	TEST_CHECK_INT(COUNT(&fx, "SELECT COUNT(*) FROM outbox WHERE "
	    "recipient = '+628123456789'"), 10);
	fixture_close(&fx);
}

TEST(test_hourly_cap)
{
	struct fixture fx;
	int i;

	if (fixture_open(&fx, "id", 3, NULL) != 0)
		TEST_SKIP("no temporary folder");
	for (i = 0; i < 5; i++)
		fixture_sms(&fx, "08123456789", "INFO");
	TEST_CHECK_INT(COUNT(&fx, "SELECT COUNT(*) FROM outbox"), 3);
	TEST_CHECK_INT(COUNT(&fx, "SELECT COUNT(*) FROM inbox WHERE state = 'capped'"),
	    2);
	/* Past the cap a message still takes effect, unanswered. */
	fixture_sms(&fx, "08123456789", "ADUAN lampu jalan mati");
	TEST_CHECK_INT(COUNT(&fx, "SELECT COUNT(*) FROM tickets"), 1);
	fixture_sms(&fx, "08123456789", "DAFTAR Budi #RT01");
	fixture_sms(&fx, "08123456789", "BERHENTI");
	TEST_CHECK_INT(COUNT(&fx, "SELECT COUNT(*) FROM residents WHERE "
	    "phone = '+628123456789' AND opted_out_at IS NOT NULL"), 1);
	TEST_CHECK_INT(COUNT(&fx, "SELECT COUNT(*) FROM outbox"), 3);
	/* Admins are not capped. */
	for (i = 0; i < 5; i++)
		fixture_sms(&fx, "081200000001", "INFO");
	TEST_CHECK_INT(COUNT(&fx, "SELECT COUNT(*) FROM outbox"), 8);
	/* An hour later the sender is answered again. */
	fx.now += 3601;
	fixture_sms(&fx, "08123456789", "INFO");
	TEST_CHECK_INT(COUNT(&fx, "SELECT COUNT(*) FROM outbox"), 9);
	fixture_close(&fx);
}

TEST(test_budget)
{
	struct fixture fx;
	int i;

	if (fixture_open(&fx, "id", 100, NULL) != 0)
		TEST_SKIP("no temporary folder");
	fx.cfg->daily_sms_budget = 2;
	for (i = 0; i < 4; i++)
		fixture_sms(&fx, "08123456789", "INFO");
	TEST_CHECK_INT(COUNT(&fx, "SELECT COUNT(*) FROM outbox"), 2);
	TEST_CHECK_INT(COUNT(&fx, "SELECT COUNT(*) FROM inbox WHERE state = 'done'"),
	    4);
	TEST_CHECK(strstr(fixture_q(&fx, "SELECT note FROM inbox ORDER BY id DESC"),
	    "budget") != NULL);
	fixture_close(&fx);
}

TEST(test_exactly_once_on_rollback)
{
	struct fixture fx;
	int64_t id;

	if (fixture_open(&fx, "id", 10, NULL) != 0)
		TEST_SKIP("no temporary folder");
	fixture_sms(&fx, "08123456789", "INFO");
	/* Nothing left: a second run handles nothing and queues nothing. */
	TEST_CHECK_INT(pipeline_handle_one(fx.db, fx.cfg, fx.now, &id), 1);
	TEST_CHECK_INT(COUNT(&fx, "SELECT COUNT(*) FROM outbox"), 1);
	fixture_close(&fx);
}

/* Stored, not handled yet. */
static void
store_only(struct fixture *fx, const char *from, const char *text)
{
	struct sms_in in = { 0 };
	char e164[PHONE_MAX];
	int fresh;

	in.modem = "m1";
	in.sender = from;
	in.phone = phone_normalise(from, "62", e164, sizeof(e164)) ==
	    PHONE_MOBILE ? e164 : NULL;
	in.text = text;
	in.sent_at = fx->now;
	in.seq = in.total = 1;
	TEST_CHECK(db_begin(fx->db) == 0 &&
	    db_inbox_receive(fx->db, &in, fx->now, &fresh) == 0 &&
	    db_commit(fx->db) == 0 && fresh);
}

/* Several rows a transaction, each still all or nothing: one that fails
 * is undone alone, and counted when it comes first. */
TEST(test_batch)
{
	struct fixture fx;
	int64_t id;

	if (fixture_open(&fx, "id", 10, NULL) != 0)
		TEST_SKIP("no temporary folder");
	store_only(&fx, "081300000001", "DAFTAR Ani #RT01");
	store_only(&fx, "081300000002", "DAFTAR Budi #RT01");
	store_only(&fx, "081300000003", "DAFTAR Citra #RT02");
	store_only(&fx, "081300000004", "INFO");
	sqlite3_exec(fx.peek, "CREATE TRIGGER no_budi BEFORE INSERT ON residents "
	    "WHEN NEW.name = 'Budi' BEGIN SELECT RAISE(ABORT, 'no'); END",
	    NULL, NULL, NULL);
	TEST_CHECK_INT(pipeline_handle_some(fx.db, fx.cfg, fx.now, 10, &id), 0);
	TEST_CHECK_INT(id, 1);
	TEST_CHECK_INT(COUNT(&fx, "SELECT COUNT(*) FROM inbox WHERE "
	    "state = 'new'"), 3);
	TEST_CHECK_INT(pipeline_handle_some(fx.db, fx.cfg, fx.now, 10, &id),
	    -1);
	TEST_CHECK_INT(id, 2);
	TEST_CHECK_INT(COUNT(&fx, "SELECT COUNT(*) FROM outbox"), 1);
	TEST_CHECK_INT(COUNT(&fx, "SELECT COUNT(*) FROM residents"), 1);
	sqlite3_exec(fx.peek, "DROP TRIGGER no_budi", NULL, NULL, NULL);
	TEST_CHECK_INT(pipeline_handle_some(fx.db, fx.cfg, fx.now, 2, &id), 0);
	TEST_CHECK_INT(COUNT(&fx, "SELECT COUNT(*) FROM inbox WHERE "
	    "state = 'new'"), 1);
	TEST_CHECK_INT(pipeline_handle_some(fx.db, fx.cfg, fx.now, 2, &id), 0);
	TEST_CHECK_INT(id, 4);
	TEST_CHECK_INT(pipeline_handle_some(fx.db, fx.cfg, fx.now, 2, &id), 1);
	TEST_CHECK_INT(COUNT(&fx, "SELECT COUNT(*) FROM outbox"), 4);
	TEST_CHECK_INT(COUNT(&fx, "SELECT COUNT(*) FROM residents"), 3);
	TEST_CHECK_INT(COUNT(&fx, "SELECT COUNT(*) FROM journal"), 3);
	fixture_close(&fx);
}

TEST(test_keyword_table)
{
	TEST_CHECK(handlers_find(NULL, "DAFTAR") != NULL);
	TEST_CHECK(handlers_find(NULL, "REG") != NULL);
	TEST_CHECK(handlers_find(NULL, "UNREG") == handlers_find(NULL, "STOP"));
	TEST_CHECK(handlers_find(NULL, "BERHENTI") == handlers_find(NULL, "STOP"));
	TEST_CHECK(handlers_find(NULL, "HELP") == handlers_find(NULL, "INFO"));
	TEST_CHECK(handlers_find(NULL, "BANTUAN") == handlers_find(NULL, "INFO"));
	TEST_CHECK(handlers_find(NULL, "DAFTRA") == handlers_find(NULL, "REG"));
	TEST_CHECK(handlers_find(NULL, "XYZZY") == NULL);
	/* Every keyword's words select a handler of that keyword. */
	{
		size_t i;

		for (i = 0; i < keywords_count; i++) {
			const struct handler *h = handlers_find(NULL,
			    keywords[i].keyword);

			TEST_CHECK(h != NULL &&
			    strcmp(h->keyword, keywords[i].keyword) == 0);
			if (h == NULL)
				fprintf(stderr, "no handler for %s\n",
				    keywords[i].keyword);
		}
	}
}

TEST_MAIN("handlers", T(test_register), T(test_register_errors),
    T(test_stop_once), T(test_info_and_hint), T(test_english),
    T(test_config_alias), T(test_no_reply_to_robots), T(test_hourly_cap),
    T(test_robot),
    T(test_budget), T(test_exactly_once_on_rollback), T(test_batch),
    T(test_keyword_table))
