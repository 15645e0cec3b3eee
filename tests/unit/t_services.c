/*
 * Complaints, tickets and admin commands through the pipeline: a ticket
 * is filed, checked, mistyped, changed by an admin with the right PIN
 * (the resident is told once), refused with a wrong one, and five wrong
 * PINs lock the number out.
 */
#include "fixture.h"
#include "pin.h"
#include "test.h"
#include "ticket.h"

#define COUNT(fx, sql) atoi(fixture_q(fx, sql))

static const char *
last_ticket(struct fixture *fx)
{
	return fixture_q(fx, "SELECT number FROM tickets ORDER BY rowid DESC");
}

TEST(test_damm)
{
	char t[8], bad[8];
	int i, j;

	ticket_make(12345, t);
	TEST_CHECK(ticket_valid(t));
	TEST_CHECK(!ticket_valid("12345"));
	TEST_CHECK(!ticket_valid("1234567"));
	TEST_CHECK(!ticket_valid("12a456"));
	/* Every single wrong digit and every neighbour swap is caught. */
	for (i = 0; i < 6; i++) {
		for (j = 0; j < 10; j++) {
			memcpy(bad, t, 7);
			if (bad[i] == '0' + j)
				continue;
			bad[i] = (char)('0' + j);
			TEST_CHECK(!ticket_valid(bad));
		}
		if (i < 5 && t[i] != t[i + 1]) {
			memcpy(bad, t, 7);
			bad[i] = t[i + 1];
			bad[i + 1] = t[i];
			TEST_CHECK(!ticket_valid(bad));
		}
	}
}

TEST(test_pin_hash)
{
	char h[PIN_HASH_MAX];

	TEST_CHECK_INT(pin_hash("4321", h, sizeof(h)), 0);
	TEST_CHECK(pin_hash_wellformed(h));
	TEST_CHECK(pin_verify("4321", NULL, h));
	TEST_CHECK(!pin_verify("4322", NULL, h));
	TEST_CHECK(pin_verify("4321", "4321", NULL));
	TEST_CHECK(!pin_verify("43210", "4321", ""));
	TEST_CHECK(!pin_verify("", "", ""));
	TEST_CHECK(!pin_hash_wellformed("pbkdf2-sha256$1$zz$zz"));
}

TEST(test_complaint_flow)
{
	struct fixture fx;
	char ticket[8], msg[64];

	if (fixture_open(&fx, "id", 50, NULL) != 0)
		TEST_SKIP("no temporary folder");
	fixture_sms(&fx, "08123456789", "ADUAN Lampu jalan RT02 mati");
	snprintf(ticket, sizeof(ticket), "%s", last_ticket(&fx));
	TEST_CHECK(ticket_valid(ticket));
	TEST_CHECK(strstr(fixture_last_reply(&fx), ticket) != NULL);
	TEST_CHECK_STR(fixture_q(&fx, "SELECT type FROM journal"), "complaint");
	/* Anyone may check; the reply shows status and date only. */
	snprintf(msg, sizeof(msg), "cek %s", ticket);
	fixture_sms(&fx, "08129999999", msg);
	TEST_CHECK(strstr(fixture_last_reply(&fx), "baru") != NULL);
	TEST_CHECK(strstr(fixture_last_reply(&fx), "Lampu") == NULL);
	TEST_CHECK(strstr(fixture_last_reply(&fx), "8123456789") == NULL);
	/* A mistyped number is called mistyped; a valid unknown one unknown. */
	msg[4] = msg[4] == '9' ? '0' : (char)(msg[4] + 1);
	fixture_sms(&fx, "08129999999", msg);
	TEST_CHECK(strstr(fixture_last_reply(&fx), "salah ketik") != NULL);
	{
		char other[8], m2[16];

		ticket_make(strncmp(ticket, "99999", 5) ? 99999 : 99998, other);
		snprintf(m2, sizeof(m2), "CEK %s", other);
		fixture_sms(&fx, "08129999999", m2);
	}
	TEST_CHECK(strstr(fixture_last_reply(&fx), "tidak ditemukan") != NULL);
	/* The head changes it: the resident is told, once. */
	snprintf(msg, sizeof(msg), "TIKET 4321 %s diproses Petugas datang Senin",
	    ticket);
	fixture_sms(&fx, "081200000001", msg);
	TEST_CHECK(strstr(fixture_last_reply(&fx), "Pelapor sudah") != NULL);
	TEST_CHECK_STR(fixture_q(&fx, "SELECT status FROM tickets"), "diproses");
	TEST_CHECK(strstr(fixture_q(&fx, "SELECT text FROM outbox WHERE kind = "
	    "'notice' AND recipient = '+628123456789'"), "Petugas datang") != NULL);
	TEST_CHECK_INT(COUNT(&fx, "SELECT COUNT(*) FROM journal WHERE type = "
	    "'complaint_status'"), 1);
	fixture_sms(&fx, "081200000001", msg + 0);
	snprintf(msg, sizeof(msg), "TIKET 4321 %s diproses", ticket);
	fixture_sms(&fx, "081200000001", msg);
	TEST_CHECK_INT(COUNT(&fx, "SELECT COUNT(*) FROM outbox WHERE kind = "
	    "'notice'"), 2);
	TEST_CHECK_INT(COUNT(&fx, "SELECT COUNT(*) FROM audit WHERE allowed = 1"),
	    3);
	fixture_close(&fx);
}

TEST(test_complaint_empty)
{
	struct fixture fx;

	if (fixture_open(&fx, "id", 50, NULL) != 0)
		TEST_SKIP("no temporary folder");
	fixture_sms(&fx, "08123456789", "ADUAN");
	TEST_CHECK(strstr(fixture_last_reply(&fx), "Contoh") != NULL);
	fixture_sms(&fx, "08123456789", "lapor #PU");
	TEST_CHECK(strstr(fixture_last_reply(&fx), "Contoh") != NULL);
	TEST_CHECK_INT(COUNT(&fx, "SELECT COUNT(*) FROM tickets"), 0);
	fixture_sms(&fx, "08123456789", "LAPOR #pu jembatan putus");
	TEST_CHECK_STR(fixture_q(&fx, "SELECT category || ':' || text FROM tickets"),
	    "PU:jembatan putus");
	fixture_close(&fx);
}

TEST(test_wrong_pin_lockout)
{
	struct fixture fx;
	char msg[64];
	int i;

	if (fixture_open(&fx, "id", 50, NULL) != 0)
		TEST_SKIP("no temporary folder");
	fixture_sms(&fx, "08123456789", "ADUAN Sampah menumpuk");
	snprintf(msg, sizeof(msg), "TIKET 4321 %s selesai", last_ticket(&fx));
	/* Not an admin: nothing but an audit row. */
	fixture_sms(&fx, "08123456789", msg);
	TEST_CHECK_STR(fixture_q(&fx, "SELECT status FROM tickets"), "baru");
	TEST_CHECK_INT(COUNT(&fx, "SELECT COUNT(*) FROM outbox"), 1);
	for (i = 0; i < 5; i++) {
		snprintf(msg, sizeof(msg), "TIKET 000%d %s selesai", i,
		    last_ticket(&fx));
		fixture_sms(&fx, "081200000001", msg);
	}
	TEST_CHECK_INT(COUNT(&fx, "SELECT COUNT(*) FROM outbox"), 1);
	/* Locked out: even the right PIN does nothing for an hour. */
	snprintf(msg, sizeof(msg), "TIKET 4321 %s selesai", last_ticket(&fx));
	fixture_sms(&fx, "081200000001", msg);
	TEST_CHECK_STR(fixture_q(&fx, "SELECT status FROM tickets"), "baru");
	TEST_CHECK_INT(COUNT(&fx, "SELECT COUNT(*) FROM audit WHERE allowed = 0"),
	    7);
	fx.now += 3601;
	fixture_sms(&fx, "081200000001", msg);
	TEST_CHECK_STR(fixture_q(&fx, "SELECT status FROM tickets"), "selesai");
	fixture_close(&fx);
}

TEST_MAIN("services", T(test_damm), T(test_pin_hash), T(test_complaint_flow),
    T(test_complaint_empty), T(test_wrong_pin_lockout))
