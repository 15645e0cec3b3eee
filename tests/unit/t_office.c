/*
 * The office: letter requests through ready and done (the resident told,
 * then asked for a mark), the NIK kept out of every SMS, the counter
 * queue with next, skip and the "come now" SMS, complaint categories
 * forwarded to their office, which may only touch its own.
 */
#include "fixture.h"
#include "office.h"
#include "test.h"

#define COUNT(fx, sql) atoi(fixture_q(fx, sql))

static const char *office_conf =
    "letters = ( { code = \"DOMISILI\"; name = \"Surat domisili\";"
    " bring = \"KTP dan KK\"; days = 2; },"
    " { code = \"SKTM\"; name = \"Surat tidak mampu\"; bring = \"KK\"; } );\n"
    "categories = ( { code = \"PU\"; words = ( \"jalan\", \"jembatan\" );"
    " contacts = ( \"081277770001\" ); },"
    " { code = \"PDAM\"; words = ( \"air\" ); contacts = ( \"081277770002\" ); } );\n"
    "counters = ( { code = \"UMUM\"; name = \"Pelayanan umum\";"
    " hours = \"00:00-23:59\"; minutes = 5; },"
    " { code = \"PAGI\"; name = \"Loket pagi\"; hours = \"07:00-08:00\"; } );\n";

static const char *
q(struct fixture *fx, const char *sql)
{
	return fixture_q(fx, sql);
}

TEST(test_nik)
{
	char nik[17];
	size_t at;

	TEST_CHECK(nik_find("nik 3201234508900001 ya", nik, &at));
	TEST_CHECK_STR(nik, "3201234508900001");
	TEST_CHECK_INT(at, 4);
	TEST_CHECK(nik_find("3201234708900001", nik, &at));	/* woman: 47 */
	TEST_CHECK(!nik_find("9901234508900001", nik, &at));	/* province */
	TEST_CHECK(!nik_find("3201233208900001", nik, &at));	/* day 32 */
	TEST_CHECK(!nik_find("3201234513900001", nik, &at));	/* month 13 */
	TEST_CHECK(!nik_find("32012345089000011", nik, &at));	/* 17 digits */
	TEST_CHECK(!nik_find("", nik, &at));
}

TEST(test_letter_flow)
{
	struct fixture fx;
	char ticket[8], msg[96];

	setenv("TZ", "Asia/Jakarta", 1);
	tzset();
	if (fixture_open(&fx, "id", 100, office_conf) != 0)
		TEST_SKIP("no temporary folder");
	fixture_sms(&fx, "08123456789", "SURAT");
	TEST_CHECK(strstr(fixture_last_reply(&fx), "DOMISILI, SKTM") != NULL);
	fixture_sms(&fx, "08123456789", "SURAT NIKAH");
	TEST_CHECK(strstr(fixture_last_reply(&fx), "DOMISILI, SKTM") != NULL);
	fixture_sms(&fx, "08123456789", "surat domisili pindah ke RT02 NIK "
	    "3201234508900001");
	snprintf(ticket, sizeof(ticket), "%s", q(&fx, "SELECT number FROM "
	    "tickets WHERE kind = 'letter'"));
	TEST_CHECK(strstr(fixture_last_reply(&fx), ticket) != NULL);
	TEST_CHECK(strstr(fixture_last_reply(&fx), "KTP dan KK") != NULL);
	TEST_CHECK_STR(q(&fx, "SELECT nik FROM tickets"), "3201234508900001");
	TEST_CHECK(strstr(q(&fx, "SELECT text FROM tickets"), "3201") == NULL);
	TEST_CHECK(strstr(q(&fx, "SELECT data FROM journal WHERE type = "
	    "'letter_request'"), "3201234508900001") == NULL);
	snprintf(msg, sizeof(msg), "TIKET 4321 %s siap loket 2", ticket);
	fixture_sms(&fx, "081200000001", msg);
	TEST_CHECK(strstr(q(&fx, "SELECT text FROM outbox WHERE kind = 'notice'"),
	    "siap diambil") != NULL);
	/* The staff's note reaches the resident with every status. */
	TEST_CHECK(strstr(q(&fx, "SELECT text FROM outbox WHERE kind = 'notice'"),
	    "loket 2") != NULL);
	snprintf(msg, sizeof(msg), "CEK %s", ticket);
	fixture_sms(&fx, "08123456789", msg);
	TEST_CHECK(strstr(fixture_last_reply(&fx), "siap") != NULL);
	snprintf(msg, sizeof(msg), "TIKET 4321 %s selesai sudah diambil", ticket);
	fixture_sms(&fx, "081200000001", msg);
	TEST_CHECK(strstr(q(&fx, "SELECT text FROM outbox WHERE kind = 'notice' "
	    "ORDER BY id DESC"), "Beri nilai") != NULL);
	TEST_CHECK(strstr(q(&fx, "SELECT text FROM outbox WHERE kind = 'notice' "
	    "ORDER BY id DESC"), "sudah diambil Beri") != NULL);
	TEST_CHECK(strstr(q(&fx, "SELECT text FROM outbox WHERE kind = 'notice' "
	    "ORDER BY id DESC"), "  ") == NULL);
	/* A mark, once; a second digit is not another mark. */
	fixture_sms(&fx, "08123456789", "4");
	TEST_CHECK(strstr(fixture_last_reply(&fx), "Terima kasih atas") != NULL);
	fixture_sms(&fx, "08123456789", "5");
	TEST_CHECK_INT(COUNT(&fx, "SELECT COUNT(*) FROM feedback WHERE mark = 4"),
	    1);
	TEST_CHECK_INT(COUNT(&fx, "SELECT COUNT(*) FROM journal WHERE type = "
	    "'feedback'"), 1);
	/* No SMS ever carried the NIK. */
	TEST_CHECK_INT(COUNT(&fx, "SELECT COUNT(*) FROM outbox WHERE text LIKE "
	    "'%3201234508900001%'"), 0);
	fixture_close(&fx);
}

TEST(test_late_feedback)
{
	struct fixture fx;
	char msg[64];

	if (fixture_open(&fx, "id", 100, office_conf) != 0)
		TEST_SKIP("no temporary folder");
	fixture_sms(&fx, "08123456789", "ADUAN Sampah menumpuk");
	snprintf(msg, sizeof(msg), "TIKET 4321 %s selesai",
	    q(&fx, "SELECT number FROM tickets"));
	fixture_sms(&fx, "081200000001", msg);
	fx.now += 3 * 86400 + 1;
	fixture_sms(&fx, "08123456789", "5");
	TEST_CHECK(strstr(fixture_last_reply(&fx), "tidak dikenali") != NULL);
	TEST_CHECK_INT(COUNT(&fx, "SELECT COUNT(*) FROM feedback WHERE mark IS "
	    "NOT NULL"), 0);
	fixture_close(&fx);
}

TEST(test_queue)
{
	struct fixture fx;
	int i;

	setenv("TZ", "Asia/Jakarta", 1);
	tzset();
	if (fixture_open(&fx, "id", 100, office_conf) != 0)
		TEST_SKIP("no temporary folder");
	for (i = 1; i <= 5; i++) {
		char phone[32];

		snprintf(phone, sizeof(phone), "0813000000%02d", i);
		fixture_sms(&fx, phone, "ANTRI");
	}
	TEST_CHECK(strstr(fixture_last_reply(&fx), "Nomor antrian 5") != NULL);
	TEST_CHECK(strstr(fixture_last_reply(&fx), "4 orang") != NULL);
	TEST_CHECK(strstr(fixture_last_reply(&fx), "20 menit") != NULL);
	/* One number per phone per day. */
	fixture_sms(&fx, "081300000001", "antri umum");
	TEST_CHECK(strstr(fixture_last_reply(&fx), "Nomor antrian 1") != NULL);
	TEST_CHECK_INT(COUNT(&fx, "SELECT COUNT(*) FROM queue"), 5);
	/* Closed outside its hours (16:46 here). */
	fixture_sms(&fx, "081300000009", "ANTRI PAGI");
	TEST_CHECK(strstr(fixture_last_reply(&fx), "07:00-08:00") != NULL);
	fixture_sms(&fx, "081300000009", "ANTRI KTP");
	TEST_CHECK(strstr(fixture_last_reply(&fx), "UMUM, PAGI") != NULL);
	/* Next: 1 is called; 4's turn is now three places away: come now. */
	fixture_sms(&fx, "081200000001", "LANJUT 4321");
	TEST_CHECK(strstr(fixture_last_reply(&fx), "Panggil nomor 1") != NULL);
	TEST_CHECK_STR(q(&fx, "SELECT recipient FROM outbox WHERE kind = 'notice'"),
	    "+6281300000004");
	/* 2 is called and is not there: skip, it rejoins at the end once. */
	fixture_sms(&fx, "081200000001", "LANJUT 4321 UMUM");
	fixture_sms(&fx, "081200000001", "NEXT 4321 SKIP");
	TEST_CHECK(strstr(fixture_last_reply(&fx), "Panggil nomor 3") != NULL);
	TEST_CHECK_INT(COUNT(&fx, "SELECT COUNT(*) FROM outbox WHERE kind = "
	    "'notice'"), 3);
	/* CEK on a queue ticket tells the place. */
	{
		char msg[32];

		snprintf(msg, sizeof(msg), "CEK %s", q(&fx, "SELECT ticket FROM "
		    "queue WHERE number = 2"));
		fixture_sms(&fx, "081300000002", msg);
		TEST_CHECK(strstr(fixture_last_reply(&fx), "2 orang di depan") !=
		    NULL);
	}
	fixture_sms(&fx, "081200000001", "LANJUT 4321");
	fixture_sms(&fx, "081200000001", "LANJUT 4321");
	fixture_sms(&fx, "081200000001", "LANJUT 4321");
	TEST_CHECK(strstr(fixture_last_reply(&fx), "Panggil nomor 2") != NULL);
	/* Skipped again: gone for good. */
	fixture_sms(&fx, "081200000001", "LANJUT 4321 LEWAT");
	TEST_CHECK(strstr(fixture_last_reply(&fx), "kosong") != NULL);
	TEST_CHECK_STR(q(&fx, "SELECT status FROM queue WHERE number = 2"),
	    "skipped");
	fixture_close(&fx);
}

TEST(test_categories)
{
	struct fixture fx;
	char msg[96], ticket[8];

	if (fixture_open(&fx, "id", 100, office_conf) != 0)
		TEST_SKIP("no temporary folder");
	fixture_sms(&fx, "08123456789", "ADUAN Jembatan di RT02 retak");
	snprintf(ticket, sizeof(ticket), "%s", q(&fx, "SELECT number FROM "
	    "tickets"));
	TEST_CHECK_STR(q(&fx, "SELECT category FROM tickets"), "PU");
	TEST_CHECK(strstr(q(&fx, "SELECT text FROM outbox WHERE recipient = "
	    "'+6281277770001'"), "Jembatan di RT02") != NULL);
	TEST_CHECK(strstr(q(&fx, "SELECT data FROM journal WHERE type = "
	    "'complaint'"), "\"category\":\"PU\"") != NULL);
	fixture_sms(&fx, "08123456788", "ADUAN #pdam pipa bocor");
	TEST_CHECK_STR(q(&fx, "SELECT category FROM tickets WHERE text = "
	    "'pipa bocor'"), "PDAM");
	fixture_sms(&fx, "08123456787", "ADUAN Lampu mati di pairing");
	TEST_CHECK_STR(q(&fx, "SELECT COALESCE(category, '-') FROM tickets "
	    "WHERE text LIKE 'Lampu%'"), "-");
	/* Staff re-categorise: the new office gets it. */
	snprintf(msg, sizeof(msg), "TIKET 4321 %s #PDAM", ticket);
	fixture_sms(&fx, "081200000001", msg);
	TEST_CHECK(strstr(fixture_last_reply(&fx), "dipindah") != NULL);
	TEST_CHECK_INT(COUNT(&fx, "SELECT COUNT(*) FROM outbox WHERE recipient = "
	    "'+6281277770002'"), 2);
	fixture_close(&fx);
}

TEST(test_office_role)
{
	struct fixture fx;
	char msg[96], path[160], err[256];
	FILE *f;

	if (fixture_open(&fx, "id", 100, office_conf) != 0)
		TEST_SKIP("no temporary folder");
	/* The same database, seen by an office admin who answers for PU. */
	snprintf(path, sizeof(path), "%s/o.conf", fx.dir);
	f = fopen(path, "w");
	fprintf(f, "gateway : { id = \"t\"; database = \"%s\"; };\n"
	    "modems = ( { name = \"m1\"; device = \"x\"; } );\n"
	    "admins = ( { phone = \"081277770001\"; pin = \"5555\"; "
	    "role = \"office\"; category = \"PU\"; } );\n%s", fx.dbpath,
	    office_conf);
	fclose(f);
	config_free(fx.cfg);
	fx.cfg = config_load(path, err, sizeof(err));
	TEST_CHECK(fx.cfg != NULL);
	if (fx.cfg == NULL) {
		fprintf(stderr, "%s\n", err);
		return;
	}
	fixture_sms(&fx, "08123456789", "ADUAN jalan berlubang");
	fixture_sms(&fx, "08123456788", "ADUAN air keruh");
	snprintf(msg, sizeof(msg), "TIKET 5555 %s diproses Besok diperbaiki",
	    q(&fx, "SELECT number FROM tickets WHERE category = 'PU'"));
	fixture_sms(&fx, "081277770001", msg);
	TEST_CHECK_STR(q(&fx, "SELECT status FROM tickets WHERE category = 'PU'"),
	    "diproses");
	snprintf(msg, sizeof(msg), "TIKET 5555 %s selesai",
	    q(&fx, "SELECT number FROM tickets WHERE category = 'PDAM'"));
	fixture_sms(&fx, "081277770001", msg);
	TEST_CHECK_STR(q(&fx, "SELECT status FROM tickets WHERE category = "
	    "'PDAM'"), "baru");
	TEST_CHECK_INT(COUNT(&fx, "SELECT COUNT(*) FROM audit WHERE detail = "
	    "'another office''s ticket'"), 1);
	fixture_close(&fx);
}

TEST_MAIN("office", T(test_nik), T(test_letter_flow), T(test_late_feedback),
    T(test_queue), T(test_categories), T(test_office_role))
