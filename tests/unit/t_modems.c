/*
 * What the modem workers decide through the database: which modem takes
 * which SMS (on-net first, not back to the modem that failed it while
 * another can), the run of failures that rests a modem, the day's count
 * for daily_cap, delivery reports and the ones that never come, credit
 * warnings once on the way down, and missed calls once per number.
 */
#include "test.h"
#include "fixture.h"

static void
modem_up(struct fixture *fx, const char *name, const char *prefixes)
{
	db_modem_status(fx->db, name, "up", NULL, fx->now);
	db_modem_prefixes(fx->db, name, prefixes);
}

static int64_t
queue(struct fixture *fx, const char *to, int64_t created)
{
	struct outbox_new o = { 0 };
	int64_t id = 0;

	o.to = to;
	o.text = "Halo";
	o.kind = "notice";
	o.parts = 1;
	db_outbox_add(fx->db, &o, created, &id);
	return id;
}

/* The id the modem claims, or 0. */
static int64_t
claim(struct fixture *fx, const char *modem)
{
	struct outbox_row r = { 0 };
	int64_t id = 0;

	if (db_outbox_claim(fx->db, modem, fx->now, 1, &r) == 0)
		id = r.id;
	outbox_row_clear(&r);
	return id;
}

TEST(test_routing)
{
	struct fixture fx;
	int64_t tsel, xl, old;

	if (fixture_open(&fx, "id", 10, "") != 0) {
		TEST_CHECK(!"fixture");
		return;
	}
	modem_up(&fx, "m1", "[\"+62812\"]");
	modem_up(&fx, "m2", "[\"+62817\"]");
	tsel = queue(&fx, "+6281230000001", fx.now);
	xl = queue(&fx, "+6281730000002", fx.now);
	/* m2 passes over the Telkomsel number and takes its own. */
	TEST_CHECK_INT(claim(&fx, "m2"), xl);
	TEST_CHECK_INT(claim(&fx, "m2"), 0);
	TEST_CHECK_INT(claim(&fx, "m1"), tsel);
	/* Waited over a minute: any modem may take it. */
	old = queue(&fx, "+6281230000003", fx.now - 120);
	TEST_CHECK_INT(claim(&fx, "m2"), old);
	/* Failed on m1: m2 takes it even though it is m1's network. */
	tsel = queue(&fx, "+6281230000004", fx.now);
	TEST_CHECK_INT(claim(&fx, "m1"), tsel);
	db_outbox_failed(fx.db, tsel, "refused", 3, fx.now);
	TEST_CHECK_INT(claim(&fx, "m1"), 0);
	TEST_CHECK_INT(claim(&fx, "m2"), tsel);
	/* Alone, the modem that failed it tries again. */
	db_outbox_failed(fx.db, tsel, "refused", 3, fx.now);
	db_modem_status(fx.db, "m1", "down", "unplugged", fx.now);
	TEST_CHECK_INT(claim(&fx, "m2"), tsel);
	fixture_close(&fx);
}

/* A send's mark written with the next claim, or alone when none waits. */
TEST(test_sent_with_claim)
{
	struct fixture fx;
	struct outbox_sent done = { 0 };
	struct outbox_row r = { 0 };
	int64_t a, b;

	if (fixture_open(&fx, "id", 10, "") != 0) {
		TEST_CHECK(!"fixture");
		return;
	}
	a = queue(&fx, "+6281230000001", fx.now);
	b = queue(&fx, "+6281230000002", fx.now);
	TEST_CHECK_INT(claim(&fx, "m1"), a);
	done.id = a;
	done.reference = 41;
	done.parts = 1;
	done.report = 1;
	done.at = fx.now;
	TEST_CHECK_INT(db_outbox_claim_after(fx.db, &done, "m1", fx.now, 1,
	    &r), 0);
	TEST_CHECK_INT(r.id, b);
	TEST_CHECK_INT(done.id, 0);
	TEST_CHECK_STR(fixture_q(&fx, "SELECT status || ' ' || reference || "
	    "' ' || delivery FROM outbox WHERE id = 1"), "sent 41 pending");
	TEST_CHECK_STR(fixture_q(&fx, "SELECT status FROM outbox WHERE "
	    "id = 2"), "sending");
	TEST_CHECK_STR(fixture_q(&fx, "SELECT SUM(used) FROM budget"), "1");
	outbox_row_clear(&r);
	done.id = b;
	done.reference = 42;
	TEST_CHECK_INT(db_outbox_claim_after(fx.db, &done, "m1", fx.now, 1,
	    &r), 1);
	TEST_CHECK_INT(done.id, 0);
	TEST_CHECK_STR(fixture_q(&fx, "SELECT status || ' ' || reference "
	    "FROM outbox WHERE id = 2"), "sent 42");
	TEST_CHECK_STR(fixture_q(&fx, "SELECT SUM(used) FROM budget"), "2");
	fixture_close(&fx);
}

TEST(test_rest_and_cap)
{
	struct fixture fx;
	int64_t id;
	int i;

	if (fixture_open(&fx, "id", 10, "") != 0) {
		TEST_CHECK(!"fixture");
		return;
	}
	modem_up(&fx, "m1", "[]");
	modem_up(&fx, "m2", "[]");
	TEST_CHECK_INT(db_modem_send_result(fx.db, "m1", 0, 3, fx.now + 600), 1);
	TEST_CHECK_INT(db_modem_send_result(fx.db, "m1", 1, 3, fx.now + 600), 0);
	for (i = 1; i <= 3; i++)
		TEST_CHECK_INT(db_modem_send_result(fx.db, "m1", 0, 3,
		    fx.now + 600), i);
	TEST_CHECK_INT(db_modem_resting(fx.db, "m1", fx.now), fx.now + 600);
	TEST_CHECK_INT(db_modem_resting(fx.db, "m1", fx.now + 601), 0);
	TEST_CHECK_INT(db_modems_usable_besides(fx.db, "m2", fx.now), 0);
	TEST_CHECK_INT(db_modems_usable_besides(fx.db, "m1", fx.now), 1);
	/* The run starts again after the rest. */
	TEST_CHECK_INT(db_modem_send_result(fx.db, "m1", 0, 3, fx.now + 600), 1);
	/* The day's count for daily_cap. */
	for (i = 0; i < 3; i++) {
		id = queue(&fx, "+6281230000001", fx.now);
		TEST_CHECK_INT(claim(&fx, "m2"), id);
		db_outbox_sent(fx.db, id, i, 1, fx.now, 0);
	}
	TEST_CHECK_INT(db_modem_sent_since(fx.db, "m2", fx.now - 10), 3);
	TEST_CHECK_INT(db_modem_sent_since(fx.db, "m1", fx.now - 10), 0);
	fixture_close(&fx);
}

TEST(test_delivery)
{
	struct fixture fx;
	int64_t a, b, id;
	int again;

	if (fixture_open(&fx, "id", 10, "") != 0) {
		TEST_CHECK(!"fixture");
		return;
	}
	modem_up(&fx, "m1", "[]");
	modem_up(&fx, "m2", "[]");
	a = queue(&fx, "+6281230000001", fx.now);
	b = queue(&fx, "+6281230000002", fx.now);
	TEST_CHECK_INT(claim(&fx, "m1"), a);
	db_outbox_sent(fx.db, a, 7, 1, fx.now, 1);
	TEST_CHECK_INT(claim(&fx, "m1"), b);
	db_outbox_sent(fx.db, b, 8, 1, fx.now - 7200, 1);
	/* A report for another reference, or another modem: no match. */
	TEST_CHECK_INT(db_delivery_report(fx.db, "m2", 7, NULL, 1, 3, fx.now,
	    &id, &again), 1);
	TEST_CHECK_INT(db_delivery_report(fx.db, "m1", 7, "+6281230000001", 1,
	    3, fx.now, &id, &again), 0);
	TEST_CHECK_INT(id, a);
	TEST_CHECK_INT(again, 0);
	TEST_CHECK_STR(fixture_q(&fx, "SELECT delivery FROM outbox WHERE "
	    "id = 1"), "delivered");
	/* Twice is once. */
	TEST_CHECK_INT(db_delivery_report(fx.db, "m1", 7, NULL, 1, 3, fx.now,
	    &id, &again), 1);
	/* No report in time: queued again, away from m1 (whose network
	 * does send reports). */
	TEST_CHECK_INT(db_delivery_overdue(fx.db, fx.now - 3600, 3, fx.now), 1);
	TEST_CHECK_STR(fixture_q(&fx, "SELECT status || ' ' || avoid FROM "
	    "outbox WHERE id = 2"), "queued m1");
	TEST_CHECK_INT(claim(&fx, "m1"), 0);
	TEST_CHECK_INT(claim(&fx, "m2"), b);
	db_outbox_sent(fx.db, b, 3, 1, fx.now, 1);
	/* A modem whose network never sends reports: not sent again. */
	modem_up(&fx, "m3", "[]");
	a = queue(&fx, "+6281230000005", fx.now);
	fixture_q(&fx, "SELECT 1");
	{
		struct outbox_row r = { 0 };

		TEST_CHECK_INT(db_outbox_claim(fx.db, "m3", fx.now, 1, &r), 0);
		a = r.id;
		outbox_row_clear(&r);
	}
	db_outbox_sent(fx.db, a, 9, 1, fx.now - 7200, 1);
	TEST_CHECK_INT(db_delivery_overdue(fx.db, fx.now - 3600, 3, fx.now), 1);
	TEST_CHECK_STR(fixture_q(&fx, "SELECT status || ' ' || delivery FROM "
	    "outbox WHERE recipient = '+6281230000005'"), "sent unknown");
	/* A failed report on the last try: it stays failed. */
	fixture_q(&fx, "SELECT 1");
	TEST_CHECK_INT(db_delivery_report(fx.db, "m2", 3, NULL, 0, 2, fx.now,
	    &id, &again), 0);
	TEST_CHECK_INT(again, 0);
	TEST_CHECK_STR(fixture_q(&fx, "SELECT status || ' ' || delivery FROM "
	    "outbox WHERE id = 2"), "sent failed");
	fixture_close(&fx);
}

TEST(test_balance_and_calls)
{
	struct fixture fx;
	char who[24];
	int warn;

	if (fixture_open(&fx, "id", 10, "") != 0) {
		TEST_CHECK(!"fixture");
		return;
	}
	modem_up(&fx, "m1", "[]");
	db_balance_ask(fx.db, "m1", "+6281200000001");
	TEST_CHECK_INT(db_balance_asked(fx.db, "m1"), 1);
	TEST_CHECK_INT(db_balance_set(fx.db, "m1", 50000, fx.now, 20000, who,
	    sizeof(who), &warn), 0);
	TEST_CHECK_STR(who, "+6281200000001");
	TEST_CHECK_INT(warn, 0);
	TEST_CHECK_INT(db_balance_asked(fx.db, "m1"), 0);
	/* Below: warned once, not at every check; again after a top-up. */
	db_balance_set(fx.db, "m1", 15000, fx.now, 20000, who, sizeof(who),
	    &warn);
	TEST_CHECK_INT(warn, 1);
	TEST_CHECK_STR(who, "");
	db_balance_set(fx.db, "m1", 14000, fx.now, 20000, who, sizeof(who),
	    &warn);
	TEST_CHECK_INT(warn, 0);
	db_balance_set(fx.db, "m1", 90000, fx.now, 20000, who, sizeof(who),
	    &warn);
	db_balance_set(fx.db, "m1", 1000, fx.now, 20000, who, sizeof(who),
	    &warn);
	TEST_CHECK_INT(warn, 1);
	/* Missed calls: once per number in the window. */
	TEST_CHECK_INT(db_call_take(fx.db, "m1", "+6281230000001", fx.now,
	    fx.now - 86400), 0);
	TEST_CHECK_INT(db_call_take(fx.db, "m1", "+6281230000001", fx.now + 60,
	    fx.now - 86400), 1);
	TEST_CHECK_INT(db_call_take(fx.db, "m1", "+6281230000002", fx.now,
	    fx.now - 86400), 0);
	TEST_CHECK_INT(db_call_take(fx.db, "m1", "+6281230000001",
	    fx.now + 90000, fx.now + 90000 - 86400), 0);
	fixture_close(&fx);
}

TEST(test_saldo)
{
	struct fixture fx;

	if (fixture_open(&fx, "id", 10, "") != 0) {
		TEST_CHECK(!"fixture");
		return;
	}
	/* The fixture's modem has no balance code: the admin is told. */
	TEST_CHECK_INT(fixture_sms(&fx, "+6281200000001", "SALDO 4321"), 0);
	TEST_CHECK(strstr(fixture_last_reply(&fx), "balance_ussd") != NULL);
	TEST_CHECK_INT(fixture_sms(&fx, "+6281200000001", "balance 4321"), 0);
	TEST_CHECK_STR(fixture_q(&fx, "SELECT COUNT(*) FROM outbox"), "2");
	/* A wrong PIN or a resident: nothing but the audit row. */
	TEST_CHECK_INT(fixture_sms(&fx, "+6281200000001", "SALDO 1111"), 0);
	TEST_CHECK_INT(fixture_sms(&fx, "+6281230000009", "SALDO 4321"), 0);
	TEST_CHECK_STR(fixture_q(&fx, "SELECT COUNT(*) FROM outbox"), "2");
	TEST_CHECK_STR(fixture_q(&fx, "SELECT COUNT(*) FROM audit WHERE "
	    "command = 'SALDO' AND allowed = 0"), "2");
	fixture_close(&fx);
}

TEST_MAIN("modems", T(test_routing), T(test_sent_with_claim),
    T(test_rest_and_cap), T(test_delivery),
    T(test_balance_and_calls), T(test_saldo))
