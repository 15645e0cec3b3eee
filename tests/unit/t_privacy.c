/*
 * Residents' data rights against a real database: what registrations and
 * opt-outs tell the district with and without sync.share_personal, an
 * erasure's edges (an admin's own number, a vote given again after an
 * erasure, the keyed hash in the erasure record, a restored identity),
 * and retention's day boundaries.
 */
#include "fixture.h"
#include "privacy.h"
#include "test.h"

#define COUNT(fx, sql) atoi(fixture_q(fx, sql))
#define DAY 86400

TEST(registration_keeps_names_in_the_village)
{
	struct fixture fx;

	if (fixture_open(&fx, "id", 10, NULL) != 0)
		TEST_SKIP("no temporary folder");
	TEST_CHECK_INT(fixture_sms(&fx, "08123456789", "DAFTAR Budi #RT01"), 0);
	TEST_CHECK_INT(fixture_sms(&fx, "08123456789", "BERHENTI"), 0);
	TEST_CHECK_INT(COUNT(&fx, "SELECT COUNT(*) FROM journal WHERE data "
	    "LIKE '%Budi%' OR data LIKE '%+62%'"), 0);
	TEST_CHECK_INT(COUNT(&fx, "SELECT COUNT(*) FROM journal WHERE "
	    "length(json_extract(data, '$.resident')) = 32"), 2);
	TEST_CHECK_STR(fixture_q(&fx, "SELECT json_extract(data, '$.group') "
	    "FROM journal WHERE type = 'registration'"), "RT01");
	/* The same hash a vote carries. */
	TEST_CHECK_STR(fixture_q(&fx, "SELECT COUNT(DISTINCT json_extract("
	    "data, '$.resident')) FROM journal"), "1");
	fixture_close(&fx);
}

TEST(registration_with_share_personal)
{
	struct fixture fx;

	if (fixture_open(&fx, "id", 10, "sync : { share_personal = true; };")
	    != 0)
		TEST_SKIP("no temporary folder");
	TEST_CHECK_INT(fixture_sms(&fx, "08123456789", "DAFTAR Budi #RT01"), 0);
	TEST_CHECK_STR(fixture_q(&fx, "SELECT json_extract(data, '$.name') || "
	    "' ' || json_extract(data, '$.phone') FROM journal"),
	    "Budi +628123456789");
	fixture_close(&fx);
}

TEST(erasing_an_admin_and_voting_again)
{
	struct fixture fx;
	int rows, tickets;

	if (fixture_open(&fx, "id", 10, NULL) != 0)
		TEST_SKIP("no temporary folder");
	TEST_CHECK_INT(fixture_sms(&fx, "08111111111", "ADUAN jalan rusak"), 0);
	/* The head changes its status: history, audit and journal name him. */
	sqlite3_exec(fx.peek, "INSERT INTO polls (code, question, options, "
	    "created_at) VALUES ('AIR', 'q', '[\"a\",\"b\"]', 1)", NULL, NULL,
	    NULL);
	TEST_CHECK_INT(fixture_sms(&fx, "081200000001", "TIKET 4321 ... x"), 0);
	TEST_CHECK_INT(fixture_sms(&fx, "081200000001", "PILIH AIR 1"), 0);
	TEST_CHECK(COUNT(&fx, "SELECT COUNT(*) FROM audit WHERE phone = "
	    "'+6281200000001'") > 0);
	TEST_CHECK_INT(privacy_erase(fx.db, fx.cfg, "+6281200000001", fx.now,
	    &rows, &tickets), 0);
	TEST_CHECK(rows > 0);
	TEST_CHECK_INT(COUNT(&fx, "SELECT COUNT(*) FROM audit WHERE phone = "
	    "'+6281200000001'"), 0);
	TEST_CHECK(COUNT(&fx, "SELECT COUNT(*) FROM audit WHERE phone LIKE "
	    "'h:%'") > 0);
	/* Voting again, then erased again: one vote stays, not two. */
	TEST_CHECK_INT(fixture_sms(&fx, "081200000001", "PILIH AIR 2"), 0);
	TEST_CHECK_INT(COUNT(&fx, "SELECT COUNT(*) FROM votes"), 2);
	TEST_CHECK_INT(privacy_erase(fx.db, fx.cfg, "+6281200000001", fx.now,
	    &rows, &tickets), 0);
	TEST_CHECK_INT(COUNT(&fx, "SELECT COUNT(*) FROM votes"), 1);
	TEST_CHECK_INT(COUNT(&fx, "SELECT COUNT(*) FROM journal WHERE type = "
	    "'erasure'"), 2);
	TEST_CHECK_INT(COUNT(&fx, "SELECT COUNT(*) FROM journal WHERE data "
	    "LIKE '%+6281200000001%'"), 0);
	/* The erasure record's hash is the vote's. */
	TEST_CHECK_INT(COUNT(&fx, "SELECT COUNT(*) FROM journal e, journal v "
	    "WHERE e.type = 'erasure' AND v.type = 'vote' AND json_extract("
	    "e.data, '$.resident') = json_extract(v.data, '$.voter')"), 4);
	/* The other resident's complaint keeps its text. */
	TEST_CHECK_STR(fixture_q(&fx, "SELECT text FROM tickets"),
	    "jalan rusak");
	fixture_close(&fx);
}

TEST(a_number_sent_in_plain_goes_in_the_erasure)
{
	struct fixture fx;
	int rows, tickets;

	if (fixture_open(&fx, "id", 10, NULL) != 0)
		TEST_SKIP("no temporary folder");
	/* A registration the district accepted before share_personal was. */
	sqlite3_exec(fx.peek, "INSERT INTO journal (type, at, data, synced_at) "
	    "VALUES ('registration', 1, '{\"name\":\"Lama\",\"phone\":"
	    "\"+628111\"}', 5)", NULL, NULL, NULL);
	TEST_CHECK_INT(privacy_erase(fx.db, fx.cfg, "+628111", fx.now, &rows,
	    &tickets), 0);
	TEST_CHECK_STR(fixture_q(&fx, "SELECT json_extract(data, '$.phone') "
	    "FROM journal WHERE type = 'erasure'"), "+628111");
	TEST_CHECK_INT(COUNT(&fx, "SELECT COUNT(*) FROM journal WHERE type = "
	    "'registration' AND data NOT LIKE '%Lama%' AND data NOT LIKE "
	    "'%+628111%'"), 1);
	fixture_close(&fx);
}

TEST(retention_boundaries_and_once_a_day)
{
	struct fixture fx;
	char sql[512];
	int64_t now;

	if (fixture_open(&fx, "id", 10, "retention : { messages_days = 10; "
	    "complaints_days = 0; audit_days = 1; };") != 0)
		TEST_SKIP("no temporary folder");
	now = fx.now;
	snprintf(sql, sizeof(sql), "INSERT INTO inbox (fingerprint, modem, "
	    "sender, text, received_at, state) VALUES ('a', 'm1', 's', 'tepat', "
	    "%lld, 'done'), ('b', 'm1', 's', 'lewat', %lld, 'done'), ('c', "
	    "'m1', 's', 'belum', %lld, 'new'); INSERT INTO tickets (number, "
	    "phone, text, status, created_at, updated_at) VALUES ('111118', "
	    "'+62811', 'lama', 'selesai', 1, 1); INSERT INTO audit (at, phone, "
	    "command, allowed) VALUES (%lld, 'p', 'x', 1)",
	    (long long)(now - 10 * DAY), (long long)(now - 10 * DAY - 1),
	    (long long)(now - 99 * DAY), (long long)(now - 2 * DAY));
	TEST_CHECK(sqlite3_exec(fx.peek, sql, NULL, NULL, NULL) == SQLITE_OK);
	TEST_CHECK(privacy_retention(fx.db, fx.cfg, now) > 0);
	/* Exactly N days old stays; a second older goes; unhandled stays. */
	TEST_CHECK_STR(fixture_q(&fx, "SELECT group_concat(text, ',') FROM "
	    "(SELECT text FROM inbox ORDER BY fingerprint)"), "tepat,,belum");
	/* complaints_days = 0 keeps for ever. */
	TEST_CHECK_STR(fixture_q(&fx, "SELECT text FROM tickets"), "lama");
	TEST_CHECK_INT(COUNT(&fx, "SELECT COUNT(*) FROM audit"), 0);
	/* Once a day: the same day again does nothing. */
	sqlite3_exec(fx.peek, "UPDATE inbox SET text = 'lagi' WHERE "
	    "fingerprint = 'b'", NULL, NULL, NULL);
	TEST_CHECK_INT(privacy_retention(fx.db, fx.cfg, now + 60), 0);
	TEST_CHECK_STR(fixture_q(&fx, "SELECT text FROM inbox WHERE "
	    "fingerprint = 'b'"), "lagi");
	TEST_CHECK(privacy_retention(fx.db, fx.cfg, now + DAY) > 0);
	TEST_CHECK_STR(fixture_q(&fx, "SELECT text FROM inbox WHERE "
	    "fingerprint = 'b'"), "");
	fixture_close(&fx);
}

TEST(a_restored_identity_is_new)
{
	struct fixture fx;
	char first[32];

	if (fixture_open(&fx, "id", 10, NULL) != 0)
		TEST_SKIP("no temporary folder");
	snprintf(first, sizeof(first), "%s", fixture_q(&fx, "SELECT id FROM "
	    "store_ids ORDER BY since DESC LIMIT 1"));
	/* No record since the identity began: it is replaced, not added. */
	TEST_CHECK_INT(db_store_id_new(fx.db), 0);
	TEST_CHECK_INT(COUNT(&fx, "SELECT COUNT(*) FROM store_ids"), 1);
	TEST_CHECK(strcmp(fixture_q(&fx, "SELECT id FROM store_ids"), first)
	    != 0);
	TEST_CHECK_INT(fixture_sms(&fx, "08123456789", "DAFTAR Budi"), 0);
	TEST_CHECK_INT(db_store_id_new(fx.db), 0);
	TEST_CHECK_INT(COUNT(&fx, "SELECT COUNT(*) FROM store_ids"), 2);
	TEST_CHECK_INT(COUNT(&fx, "SELECT MAX(since) FROM store_ids"), 2);
	fixture_close(&fx);
}

TEST_MAIN("privacy", T(registration_keeps_names_in_the_village),
    T(registration_with_share_personal), T(erasing_an_admin_and_voting_again),
    T(a_number_sent_in_plain_goes_in_the_erasure),
    T(retention_boundaries_and_once_a_day), T(a_restored_identity_is_new))
