/*
 * The time on a board without a real-time clock (lib/clock.c): when the
 * system clock is believed, what an SMS time stamp, the modem's clock,
 * the district and NTP do to it, and the note that carries it from one
 * process to the next (db/db_clock.c).
 */
#include <time.h>

#include "test.h"
#include "fixture.h"
#include "clock.h"

#define NOW	1796144601	/* 2026-12-01T17:03:21Z, the true time */
#define WEEK	(7 * 86400)
#define UP	2193		/* seconds since the board started */

/* A Raspberry Pi after a power cut: fake-hwclock put it a week back. */
static void
pi_after_power_cut(struct clock_facts *f)
{
	memset(f, 0, sizeof(*f));
	strlcpy_k(f->boot, "b-1", sizeof(f->boot));
	f->sys = NOW - WEEK;
	f->up = UP;
	f->floor = CLOCK_EPOCH;
	f->restored = 1;
}

static int64_t
ours(const struct clock_facts *f, const struct clock_note *n)
{
	int64_t base;

	clock_judge(f, n, &base);
	return base == CLOCK_UNANCHORED ? f->sys : f->up + base;
}

TEST(test_when_the_system_clock_is_believed)
{
	struct clock_facts f;
	struct clock_note n = { 0 };
	int64_t base;

	pi_after_power_cut(&f);
	TEST_CHECK_INT(clock_judge(&f, &n, &base), CLOCK_NONE);
	TEST_CHECK(base == CLOCK_UNANCHORED);
	f.rtc = 1;
	TEST_CHECK_INT(clock_judge(&f, &n, &base), CLOCK_SYSTEM);
	/* A real-time clock whose battery died says 2000. */
	f.sys = 946684800;
	TEST_CHECK_INT(clock_judge(&f, &n, &base), CLOCK_NONE);
	/* Nothing restores the clock at boot (this test machine): a
	 * plausible clock is believed until something says otherwise. */
	f.rtc = f.restored = 0;
	f.sys = NOW;
	TEST_CHECK_INT(clock_judge(&f, &n, &base), CLOCK_SYSTEM);
	f.floor = NOW + 60;	/* this program is newer than the clock */
	TEST_CHECK_INT(clock_judge(&f, &n, &base), CLOCK_NONE);
	f.ntp = 1;
	TEST_CHECK_INT(clock_judge(&f, &n, &base), CLOCK_NTP);
	TEST_CHECK(base == CLOCK_UNANCHORED);
}

TEST(test_a_stamp_ahead_sets_the_clock)
{
	struct clock_facts f;
	struct clock_note n = { 0 };
	int64_t base;

	pi_after_power_cut(&f);
	TEST_CHECK_INT(clock_take(&f, &n, CLOCK_SMS, NOW - 5), CLOCK_STEPPED);
	TEST_CHECK_INT(clock_judge(&f, &n, &base), CLOCK_SMS);
	TEST_CHECK_INT(ours(&f, &n), NOW - 5);
	TEST_CHECK_STR(n.boot, "b-1");
	TEST_CHECK_INT(n.at, NOW - 5);
	/* A fresher message moves it on; an older one does not move it
	 * back, and one that waited an hour at the SMSC tells nothing. */
	TEST_CHECK_INT(clock_take(&f, &n, CLOCK_SMS, NOW + 100),
	    CLOCK_STEPPED);
	TEST_CHECK_INT(ours(&f, &n), NOW + 100);
	TEST_CHECK_INT(clock_take(&f, &n, CLOCK_SMS, NOW - 3600),
	    CLOCK_IGNORED);
	TEST_CHECK_INT(ours(&f, &n), NOW + 100);
	/* The next boot starts from nothing again. */
	strlcpy_k(f.boot, "b-2", sizeof(f.boot));
	TEST_CHECK_INT(clock_judge(&f, &n, &base), CLOCK_NONE);
}

TEST(test_a_stamp_a_little_behind_agrees)
{
	struct clock_facts f;
	struct clock_note n = { 0 };
	int64_t base;

	/* fake-hwclock saved a minute before a quick reboot. */
	pi_after_power_cut(&f);
	f.sys = NOW - 20;
	TEST_CHECK_INT(clock_take(&f, &n, CLOCK_SMS, NOW - 300),
	    CLOCK_CONFIRMED);
	TEST_CHECK_INT(clock_judge(&f, &n, &base), CLOCK_SMS);
	TEST_CHECK_INT(ours(&f, &n), NOW - 20);
	/* Agreeing again soon after is not written down again. */
	TEST_CHECK_INT(clock_take(&f, &n, CLOCK_SMS, NOW - 200),
	    CLOCK_IGNORED);
	f.up += CLOCK_NOTE_EVERY_S;
	f.sys += CLOCK_NOTE_EVERY_S;
	TEST_CHECK_INT(clock_take(&f, &n, CLOCK_SMS, NOW - 200 +
	    CLOCK_NOTE_EVERY_S), CLOCK_CONFIRMED);
}

TEST(test_before_the_floor_tells_nothing)
{
	struct clock_facts f;
	struct clock_note n = { 0 };

	pi_after_power_cut(&f);
	/* A modem counting from 2000, an SMSC with a broken clock. */
	TEST_CHECK_INT(clock_take(&f, &n, CLOCK_MODEM, 946685000),
	    CLOCK_IGNORED);
	TEST_CHECK_INT(clock_take(&f, &n, CLOCK_SMS, CLOCK_EPOCH - 1),
	    CLOCK_IGNORED);
	TEST_CHECK_INT(n.source, CLOCK_NONE);
}

TEST(test_better_sources_overrule)
{
	struct clock_facts f;
	struct clock_note n = { 0 };

	pi_after_power_cut(&f);
	/* The first message had waited an hour at the SMSC. */
	TEST_CHECK_INT(clock_take(&f, &n, CLOCK_SMS, NOW - 3600),
	    CLOCK_STEPPED);
	/* The district's clock moves it, and the modem's, either way. */
	TEST_CHECK_INT(clock_take(&f, &n, CLOCK_DISTRICT, NOW),
	    CLOCK_STEPPED);
	TEST_CHECK_INT(clock_take(&f, &n, CLOCK_MODEM, NOW - 120),
	    CLOCK_STEPPED);
	TEST_CHECK_INT(ours(&f, &n), NOW - 120);
	/* Now an SMSC running ahead, or the district, does not. */
	TEST_CHECK_INT(clock_take(&f, &n, CLOCK_SMS, NOW + 3600),
	    CLOCK_IGNORED);
	TEST_CHECK_INT(clock_take(&f, &n, CLOCK_DISTRICT, NOW),
	    CLOCK_IGNORED);
	TEST_CHECK_INT(clock_take(&f, &n, CLOCK_DISTRICT, NOW - 110),
	    CLOCK_IGNORED);
	TEST_CHECK_INT(n.source, CLOCK_MODEM);
	TEST_CHECK_INT(ours(&f, &n), NOW - 120);
}

TEST(test_ntp_wins_and_is_remembered)
{
	struct clock_facts f;
	struct clock_note n = { 0 };
	int64_t base;

	pi_after_power_cut(&f);
	f.ntp = 1;
	f.sys = NOW;
	TEST_CHECK_INT(clock_take(&f, &n, CLOCK_MODEM, NOW + 500),
	    CLOCK_IGNORED);
	TEST_CHECK_INT(clock_take(&f, &n, CLOCK_NTP, f.sys), CLOCK_CONFIRMED);
	/* Hours offline the kernel no longer says so, the clock is
	 * still what NTP made it, whatever steps the system clock. */
	f.ntp = 0;
	f.sys = NOW - WEEK;
	TEST_CHECK_INT(clock_judge(&f, &n, &base), CLOCK_NTP);
	TEST_CHECK_INT(ours(&f, &n), NOW);
	TEST_CHECK_INT(clock_take(&f, &n, CLOCK_SMS, NOW + 3600),
	    CLOCK_IGNORED);
}

TEST(test_note_text)
{
	struct clock_note n = { "f86cf488-1660", -1234567, CLOCK_DISTRICT,
	    NOW }, back;
	char s[CLOCK_NOTE_MAX];

	clock_note_format(&n, s, sizeof(s));
	TEST_CHECK_STR(s, "f86cf488-1660 -1234567 district 1796144601");
	TEST_CHECK_INT(clock_note_parse(s, &back), 0);
	TEST_CHECK_STR(back.boot, n.boot);
	TEST_CHECK_INT(back.base, n.base);
	TEST_CHECK_INT(back.source, CLOCK_DISTRICT);
	TEST_CHECK_INT(back.at, NOW);
	TEST_CHECK_INT(clock_note_parse("b 1 sundial 2", &back), -1);
	TEST_CHECK_INT(back.source, CLOCK_NONE);
	TEST_CHECK_INT(clock_note_parse("", &back), -1);
}

TEST(test_modem_zone)
{
	setenv("TZ", "Asia/Jakarta", 1);
	tzset();
	TEST_CHECK(clock_zone_is_local(NOW, 7 * 3600));
	TEST_CHECK(!clock_zone_is_local(NOW, 0));
	TEST_CHECK(!clock_zone_is_local(NOW, 8 * 3600));
}

TEST(test_now_wall_follows)
{
	struct timespec ts;
	int64_t base;

	clock_gettime(CLOCK_BOOTTIME, &ts);
	base = NOW + WEEK - (int64_t)ts.tv_sec;
	clock_use(CLOCK_MODEM, base);
	TEST_CHECK(clock_known());
	TEST_CHECK(now_wall() - (NOW + WEEK) < 3);
	TEST_CHECK_STR(clock_source_name(clock_source()), "modem");
	clock_use(CLOCK_NONE, CLOCK_UNANCHORED);
	TEST_CHECK(!clock_known());
	TEST_CHECK(now_wall() - (int64_t)time(NULL) < 2);
	TEST_CHECK(clock_correction() < 2);
}

/* Through the database, as one worker tells and another process reads;
 * the facts are this machine's. */
TEST(test_note_shared)
{
	struct clock_watch w = { 0 }, d = { 0 };
	struct clock_facts f;
	struct fixture fx;
	char v[64];
	int64_t t;

	clock_facts_read(&f);
	if (f.ntp)
		TEST_SKIP("NTP keeps this machine's clock: readings are "
		    "ignored");
	if (f.restored && !f.rtc)
		TEST_SKIP("this machine's clock was restored at boot");
	TEST_CHECK(fixture_open(&fx, "id", 10, NULL) == 0);
	t = (int64_t)time(NULL) + WEEK;
	TEST_CHECK_INT(db_clock_reading(fx.db, CLOCK_SMS, t), CLOCK_STEPPED);
	TEST_CHECK(now_wall() - t < 3);
	clock_use(CLOCK_NONE, CLOCK_UNANCHORED);
	TEST_CHECK_INT(db_clock_watch(fx.db, &w, 0), 0);
	TEST_CHECK(clock_known());
	TEST_CHECK_INT(clock_source(), CLOCK_SMS);
	TEST_CHECK(now_wall() - t < 3);
	TEST_CHECK(clock_correction() > WEEK - 3);

	/* The daemon notes where the district link stands, then a good
	 * round whose Date says we are an hour ahead. */
	TEST_CHECK_INT(db_clock_watch(fx.db, &d, 1), 0);
	db_meta_put(fx.db, "sync.clock_offset", "-3600");
	db_meta_put(fx.db, "sync.last_ok", "1796144000");
	d.due_ms = 0;
	TEST_CHECK_INT(db_clock_watch(fx.db, &d, 1), 0);
	TEST_CHECK_INT(clock_source(), CLOCK_DISTRICT);
	TEST_CHECK(now_wall() - (t - 3600) < 3);
	TEST_CHECK_INT(db_meta_get(fx.db, "sync.clock_offset", v, sizeof(v)),
	    0);
	TEST_CHECK_STR(v, "0");
	/* Unchanged, it is not read again. */
	d.due_ms = 0;
	TEST_CHECK_INT(db_clock_watch(fx.db, &d, 1), 0);
	TEST_CHECK(now_wall() - (t - 3600) < 3);
	clock_use(CLOCK_NONE, CLOCK_UNANCHORED);
	fixture_close(&fx);
}

TEST_MAIN("clock",
    T(test_when_the_system_clock_is_believed),
    T(test_a_stamp_ahead_sets_the_clock),
    T(test_a_stamp_a_little_behind_agrees),
    T(test_before_the_floor_tells_nothing),
    T(test_better_sources_overrule),
    T(test_ntp_wins_and_is_remembered),
    T(test_note_text),
    T(test_modem_zone),
    T(test_now_wall_follows),
    T(test_note_shared))
