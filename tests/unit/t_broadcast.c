/*
 * Broadcasts: estimate and code, confirmation from the same admin within
 * the time, opt-outs honoured also for what is queued, quiet hours held
 * by the queue, and one summary to the head when it is done.
 */
#include "broadcast.h"
#include "fixture.h"
#include "test.h"

#define COUNT(fx, sql) atoi(fixture_q(fx, sql))

static void
residents(struct fixture *fx)
{
	static const char *const who[][2] = {
		{ "+628131111001", "RT01" }, { "+628131111002", "RT01" },
		{ "+628131111003", "RT02" }, { "+628131111004", "RT02" },
		{ "+628131111005", "RT02" },
	};
	size_t i;

	for (i = 0; i < 5; i++)
		db_resident_put(fx->db, who[i][0], "Warga", who[i][1], fx->now);
	db_resident_optout(fx->db, "+628131111005", fx->now);
}

static const char *
code_of(const char *reply)
{
	static char code[8];
	const char *p = strstr(reply, "YA ");

	snprintf(code, sizeof(code), "%.4s", p ? p + 3 : "");
	return code;
}

TEST(test_broadcast_confirm_and_optout)
{
	struct fixture fx;
	char msg[32];
	struct outbox_row row = { 0 };

	if (fixture_open(&fx, "id", 100, NULL) != 0)
		TEST_SKIP("no temporary folder");
	residents(&fx);
	fixture_sms(&fx, "081200000001", "SIAR 4321 Kerja bakti hari Minggu jam 7");
	TEST_CHECK(strstr(fixture_last_reply(&fx), "4 warga") != NULL);
	TEST_CHECK(strstr(fixture_last_reply(&fx), "Rp600") != NULL);
	TEST_CHECK_INT(COUNT(&fx, "SELECT COUNT(*) FROM outbox WHERE kind = "
	    "'broadcast'"), 0);
	/* A wrong code, or the code from someone else, does nothing. */
	fixture_sms(&fx, "081200000001", "YA 99999");
	TEST_CHECK(strstr(fixture_last_reply(&fx), "tidak berlaku") != NULL);
	snprintf(msg, sizeof(msg), "YA %s",
	    code_of(fixture_q(&fx, "SELECT text FROM outbox WHERE text LIKE "
	    "'Siaran ke%'")));
	fixture_sms(&fx, "08131111001", msg);
	TEST_CHECK_INT(COUNT(&fx, "SELECT COUNT(*) FROM outbox WHERE kind = "
	    "'broadcast'"), 0);
	fixture_sms(&fx, "081200000001", msg);
	TEST_CHECK(strstr(fixture_last_reply(&fx), "4 warga") != NULL);
	TEST_CHECK_INT(COUNT(&fx, "SELECT COUNT(*) FROM outbox WHERE kind = "
	    "'broadcast'"), 4);
	TEST_CHECK_STR(fixture_q(&fx, "SELECT type FROM journal ORDER BY seq "
	    "DESC"), "broadcast");
	/* Opting out mid-broadcast cancels what is queued for that phone. */
	fixture_sms(&fx, "08131111003", "BERHENTI");
	TEST_CHECK_INT(COUNT(&fx, "SELECT COUNT(*) FROM outbox WHERE kind = "
	    "'broadcast' AND status = 'cancelled'"), 1);
	/* Quiet hours: the queue holds bulk SMS, not replies. */
	TEST_CHECK_INT(db_outbox_claim(fx.db, "m1", fx.now + 10, 0, &row), 0);
	TEST_CHECK_STR(row.kind, "reply");
	db_outbox_sent(fx.db, row.id, 1, 1, fx.now, 0);
	outbox_row_clear(&row);
	/* Send the rest; then one summary goes to the head. */
	while (db_outbox_claim(fx.db, "m1", fx.now + 10, 1, &row) == 0) {
		db_outbox_sent(fx.db, row.id, 1, row.parts, fx.now, 0);
		outbox_row_clear(&row);
	}
	TEST_CHECK_INT(broadcast_finish(fx.db, fx.cfg, fx.now), 1);
	TEST_CHECK(strstr(fixture_q(&fx, "SELECT text FROM outbox WHERE kind = "
	    "'notice'"), "3 terkirim, 0 gagal, 1 berhenti") != NULL);
	TEST_CHECK_STR(fixture_q(&fx, "SELECT recipient FROM outbox WHERE kind = "
	    "'notice'"), "+6281200000001");
	TEST_CHECK_INT(broadcast_finish(fx.db, fx.cfg, fx.now), 0);
	fixture_close(&fx);
}

TEST(test_broadcast_group_expiry_pin)
{
	struct fixture fx;
	char msg[32];

	if (fixture_open(&fx, "id", 100, NULL) != 0)
		TEST_SKIP("no temporary folder");
	residents(&fx);
	fixture_sms(&fx, "081200000001", "BC 4321 #rt01 Posyandu besok");
	TEST_CHECK(strstr(fixture_last_reply(&fx), "2 warga") != NULL);
	snprintf(msg, sizeof(msg), "YES %s", code_of(fixture_last_reply(&fx)));
	fx.now += 11 * 60;
	fixture_sms(&fx, "081200000001", msg);
	TEST_CHECK(strstr(fixture_last_reply(&fx), "tidak berlaku") != NULL);
	TEST_CHECK_INT(COUNT(&fx, "SELECT COUNT(*) FROM outbox WHERE kind = "
	    "'broadcast'"), 0);
	/* Wrong PIN: nothing but the audit row. */
	fixture_sms(&fx, "081200000001", "SIAR 1111 Halo");
	TEST_CHECK_INT(COUNT(&fx, "SELECT COUNT(*) FROM broadcasts"), 1);
	fixture_sms(&fx, "081200000001", "SIAR 4321");
	TEST_CHECK(strstr(fixture_last_reply(&fx), "Format") != NULL);
	fixture_close(&fx);
}

TEST(test_quiet_hours)
{
	struct fixture fx;

	if (fixture_open(&fx, "id", 100, NULL) != 0)
		TEST_SKIP("no temporary folder");
	setenv("TZ", "Asia/Jakarta", 1);
	tzset();
	/* 1795000000 is 2026-11-19 09:46:40 UTC, 16:46 in Jakarta. */
	TEST_CHECK_INT(config_quiet_now(fx.cfg, 1795000000), 0);
	TEST_CHECK_INT(config_quiet_now(fx.cfg, 1795000000 + 5 * 3600), 1);
	TEST_CHECK_INT(config_quiet_now(fx.cfg, 1795000000 + 14 * 3600), 0);
	fixture_close(&fx);
}

TEST_MAIN("broadcast", T(test_broadcast_confirm_and_optout),
    T(test_broadcast_group_expiry_pin), T(test_quiet_hours))
